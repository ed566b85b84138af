/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Regressions for what hostile guests (and the fuzzer, tests/fuzz) found:
 * each test is a guest action that once crashed, hung or corrupted the
 * host, and must now be harmless.
 */
#include <string.h>
#include "aemu-host.h"
#include "amdgpu-emu/regs/cik_regs.h"
#include "amdgpu-emu/regs/cik_fields.h"

#define MiB (1024ull * 1024ull)

/*
 * The IH ring placed where the IH's own write faults (VM context 0 off):
 * the fault posts an interrupt, whose write faults again... This recursed
 * until the host's stack overflowed. Now the nested report is dropped.
 */
static void test_ih_ring_at_faulting_address(void)
{
    AemuTestHost *h = aemu_test_host_new(NULL, 0, MiB);

    aemu_test_wreg(h, mmVM_CONTEXT0_CNTL,
                   VM_CONTEXT1_CNTL__RANGE_PROTECTION_FAULT_ENABLE_INTERRUPT_MASK);
    aemu_test_wreg(h, mmIH_RB_BASE, (uint32_t)(0xff00000000ull >> 8));
    aemu_test_wreg(h, mmIH_RB_CNTL, (10u << IH_RB_CNTL__RB_SIZE__SHIFT) |
                   IH_RB_CNTL__WPTR_WRITEBACK_ENABLE_MASK |
                   IH_RB_CNTL__RB_ENABLE_MASK);
    aemu_test_wreg(h, mmIH_RB_WPTR_ADDR_LO, 0);
    aemu_test_wreg(h, mmIH_RB_WPTR_ADDR_HI, 0xff);
    aemu_test_wreg(h, mmIH_CNTL, IH_CNTL__ENABLE_INTR_MASK);
    /* Any engine fault now: a gfx ring fetched from the same place. */
    aemu_test_wreg(h, mmCP_ME_CNTL, 0);
    aemu_test_wreg(h, mmCP_RB0_CNTL, 10u << CP_RB0_CNTL__RB_BUFSZ__SHIFT);
    aemu_test_wreg(h, mmCP_RB0_BASE, (uint32_t)(0xff00000000ull >> 8));
    aemu_test_wreg(h, mmCP_RB0_BASE_HI, 0);
    aemu_test_wreg(h, mmCP_RB0_WPTR, 16);
    aemu_test_host_advance(h, 1000000);
    /* The fault is latched for the driver; nothing was delivered. */
    g_assert_cmpuint(aemu_test_rreg(h, mmVM_CONTEXT1_PROTECTION_FAULT_STATUS),
                     !=, 0);
    g_assert_cmpuint(h->irq_edges, ==, 0);
    g_assert_cmpuint(h->guest_errors->len, >, 0);
    aemu_test_host_free(h);
}

int main(int argc, char **argv)
{
    g_test_init(&argc, &argv, NULL);
    g_test_add_func("/hostile/ih-ring-at-faulting-address",
                    test_ih_ring_at_faulting_address);
    return g_test_run();
}
