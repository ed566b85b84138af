/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Regressions for what hostile guests (and the fuzzer, tests/fuzz) found:
 * each test is a guest action that once crashed, hung or corrupted the
 * host, and must now be harmless.
 */
#include <string.h>
#include "aemu-host.h"
#include "aemu-internal.h"
#include "pm4_cik.h"
#include "sdma_cik_pkt.h"
#include "amdgpu-emu/regs/cik_regs.h"
#include "amdgpu-emu/regs/cik_fields.h"

#define MiB (1024ull * 1024ull)

/*
 * Rings below live in VRAM and are fetched through VM context 0's
 * framebuffer aperture (VRAM at MC address 0), so no GART is needed.
 */
#define GFX_RING_VRAM   0x10000ull
#define GFX_RING_ORDER  10u             /* 2^(10 + 1) = 2048 dwords */
#define GFX_RING_DW     2048u
#define NOP_PAD         PACKET3(PACKET3_NOP, PM4_COUNT_MAX)

static void vram_w32(AemuTestHost *h, uint64_t off, uint32_t v)
{
    v = GUINT32_TO_LE(v);
    memcpy(h->vram + off, &v, 4);
}

static void vram_w64(AemuTestHost *h, uint64_t off, uint64_t v)
{
    v = GUINT64_TO_LE(v);
    memcpy(h->vram + off, &v, 8);
}

static uint64_t engine_packets(AemuTestHost *h, const char *name)
{
    AemuEngine *e = aemu_engine_find(h->dev, name);

    g_assert_nonnull(e);
    return e->packets;
}

/* The gfx ring in VRAM, filled with one-dword NOPs, ME running. */
static void gfx_ring_start(AemuTestHost *h)
{
    for (uint32_t i = 0; i < GFX_RING_DW; i++) {
        vram_w32(h, GFX_RING_VRAM + 4ull * i, NOP_PAD);
    }
    aemu_test_wreg(h, mmCP_RB_VMID, 0);
    aemu_test_wreg(h, mmCP_RB0_CNTL, GFX_RING_ORDER |
                   CP_RB0_CNTL__RB_NO_UPDATE_MASK);
    aemu_test_wreg(h, mmCP_RB0_BASE, (uint32_t)(GFX_RING_VRAM >> 8));
    aemu_test_wreg(h, mmCP_RB0_BASE_HI, 0);
    aemu_test_wreg(h, mmCP_ME_CNTL, 0);
}

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

/*
 * PCIE_INDEX/PCIE_DATA and the SMC space above its SRAM are sparse maps:
 * every distinct index the guest wrote took a host allocation, so a guest
 * walking the 32-bit index space grew QEMU by gigabytes. The maps are now
 * capped: past the cap a write to a new index is dropped (reported) and
 * the index reads 0, while indices already held keep working.
 */
static void test_sparse_spaces_bounded(void)
{
    AemuTestHost *h = aemu_test_host_new(NULL, 0, MiB);
    const uint32_t n = 20000, base = 0x01000000;

    for (uint32_t i = 0; i < n; i++) {
        aemu_test_wreg(h, mmPCIE_INDEX, base + i);
        aemu_test_wreg(h, mmPCIE_DATA, i + 1);
        aemu_test_wreg(h, mmSMC_IND_INDEX_0, base + i);
        aemu_test_wreg(h, mmSMC_IND_DATA_0, i + 1);
    }
    /* The first indices were kept... */
    aemu_test_wreg(h, mmPCIE_INDEX, base);
    g_assert_cmphex(aemu_test_rreg(h, mmPCIE_DATA), ==, 1);
    aemu_test_wreg(h, mmSMC_IND_INDEX_0, base);
    g_assert_cmphex(aemu_test_rreg(h, mmSMC_IND_DATA_0), ==, 1);
    /* ...the last ones were not: the maps stopped growing. */
    aemu_test_wreg(h, mmPCIE_INDEX, base + n - 1);
    g_assert_cmphex(aemu_test_rreg(h, mmPCIE_DATA), ==, 0);
    aemu_test_wreg(h, mmSMC_IND_INDEX_0, base + n - 1);
    g_assert_cmphex(aemu_test_rreg(h, mmSMC_IND_DATA_0), ==, 0);
    g_assert_cmpuint(h->guest_errors->len, >, 0);
    /* Writing 0 frees an entry: a new index fits again. */
    aemu_test_wreg(h, mmPCIE_INDEX, base);
    aemu_test_wreg(h, mmPCIE_DATA, 0);
    aemu_test_wreg(h, mmPCIE_INDEX, base + n - 1);
    aemu_test_wreg(h, mmPCIE_DATA, 0x55);
    g_assert_cmphex(aemu_test_rreg(h, mmPCIE_DATA), ==, 0x55);
    aemu_test_host_free(h);
}

/*
 * A ring whose own packet writes CP_RB0_WPTR (kernel streams may) kicks
 * its engine from inside a scheduler slice. The kick armed the device
 * timer for "now", so the next slice ran at the same virtual time, and the
 * next...: virtual time never moved (under -icount QEMU's timer loop never
 * returned; the standalone host's advance() never did either). Work found
 * during a slice now waits for the slice gap like any leftover work.
 */
static void test_self_kicking_ring_keeps_slice_gap(void)
{
    AemuTestHost *h = aemu_test_host_new(NULL, 0, MiB);
    uint64_t t0;

    gfx_ring_start(h);
    /*
     * Two WRITE_DATAs to CP_RB0_WPTR, at dwords 0 and 1024, each moving
     * the write pointer past the other: the ring never drains.
     */
    for (unsigned k = 0; k < 2; k++) {
        uint64_t at = GFX_RING_VRAM + 4ull * 1024 * k;

        vram_w32(h, at + 0, PACKET3(PACKET3_WRITE_DATA, 3));
        vram_w32(h, at + 4, WRITE_DATA_DST_SEL(PM4_DST_SEL_REGISTER));
        vram_w32(h, at + 8, mmCP_RB0_WPTR);
        vram_w32(h, at + 12, 0);
        vram_w32(h, at + 16, k ? 6 : 1024 + 6);
    }
    aemu_test_wreg(h, mmCP_RB0_WPTR, 6);
    g_assert_cmpuint(h->timer_deadline, ==, h->now_ns);

    /* One slice, by hand: it must not ask for another one at once. */
    t0 = h->now_ns;
    h->timer_deadline = UINT64_MAX;
    aemu_timer_expired(h->dev);
    /* The slice's budget, or its time (the packets' modelled cost). */
    g_assert_cmpuint(engine_packets(h, "gfx"), <=, AEMU_SLICE_BUDGET);
    g_assert_cmpuint(engine_packets(h, "gfx"), >, 0);
    g_assert_cmpuint(h->timer_deadline, !=, UINT64_MAX);
    g_assert_cmpuint(h->timer_deadline, >, t0);

    /* And time passing runs a bounded number of slices, still busy. */
    aemu_test_host_advance(h, 1000000);
    g_assert_cmpuint(engine_packets(h, "gfx"), <=,
                     (1000000 / AEMU_SLICE_NS + 2) *
                     (uint64_t)AEMU_SLICE_BUDGET);
    g_assert_true(aemu_test_rreg(h, mmGRBM_STATUS) &
                  GRBM_STATUS__GUI_ACTIVE_MASK);
    aemu_test_host_free(h);
}

/*
 * A type-0 packet writes up to 16K registers but cost one unit of budget:
 * 4096 of them (an IB called over and over) made one slice do 64M
 * register writes. It is now charged by size, as SET_*_REG is.
 */
static void test_type0_costs_by_size(void)
{
    AemuTestHost *h = aemu_test_host_new(NULL, 0, MiB);
    const uint32_t n = 1024;        /* the SET_CONTEXT_REG window */

    gfx_ring_start(h);
    vram_w32(h, GFX_RING_VRAM, PACKET0(PACKET3_SET_CONTEXT_REG_START, n - 1));
    for (uint32_t i = 0; i < n; i++) {
        vram_w32(h, GFX_RING_VRAM + 4ull * (1 + i), i);
    }
    aemu_test_wreg(h, mmCP_RB0_WPTR, 1 + n);
    aemu_test_host_advance(h, 1000000);
    g_assert_cmpuint(aemu_test_rreg(h, mmCP_RB0_RPTR), ==, 1 + n);
    g_assert_cmphex(aemu_test_rreg(h, PACKET3_SET_CONTEXT_REG_START + n - 1),
                    ==, n - 1);
    /* The packet, plus a unit per 256 registers written. */
    g_assert_cmpuint(engine_packets(h, "gfx"), ==, 1 + n / 256);
    aemu_test_host_free(h);
}

/*
 * DMA_DATA to a register (DAS) moves a register access per dword but was
 * charged a unit per 4096 bytes, as a memory copy: register traffic got
 * 4x the budget's worth. It is now charged per dword, as SET_*_REG is.
 */
static void test_dma_data_registers_cost_by_dword(void)
{
    AemuTestHost *h = aemu_test_host_new(NULL, 0, MiB);
    const uint32_t bytes = 64 * 1024;

    gfx_ring_start(h);
    vram_w32(h, GFX_RING_VRAM + 0, PACKET3(PACKET3_DMA_DATA, 5));
    vram_w32(h, GFX_RING_VRAM + 4,
             PM4_DMA_DATA_SRC_SEL_DATA << PM4_DMA_DATA_SRC_SEL_SHIFT);
    vram_w32(h, GFX_RING_VRAM + 8, 0xfeed);             /* fill data */
    vram_w32(h, GFX_RING_VRAM + 12, 0);
    vram_w32(h, GFX_RING_VRAM + 16, mmSCRATCH_REG0 * 4); /* byte address */
    vram_w32(h, GFX_RING_VRAM + 20, 0);
    vram_w32(h, GFX_RING_VRAM + 24, PACKET3_DMA_DATA_CMD_DAS |
             PACKET3_DMA_DATA_CMD_DAIC | bytes);
    aemu_test_wreg(h, mmCP_RB0_WPTR, 7);
    aemu_test_host_advance(h, 1000000);
    g_assert_cmpuint(aemu_test_rreg(h, mmCP_RB0_RPTR), ==, 7);
    g_assert_cmphex(aemu_test_rreg(h, mmSCRATCH_REG0), ==, 0xfeed);
    g_assert_cmpuint(engine_packets(h, "gfx"), ==, 1 + bytes / 4 / 256);
    aemu_test_host_free(h);
}

/*
 * SDMA POLL_REG_MEM's write-wait-write form writes a register (the HDP
 * flush). From a user IB (VMID != 0) it wrote any register, around the
 * rule SRBM_WRITE enforces; it now hangs the queue the same way.
 */
static void test_sdma_poll_reg_write_from_user_ib(void)
{
    AemuTestHost *h = aemu_test_host_new(NULL, 0, MiB);
    const uint64_t ring = 0x20000, ib = 0x200000, table = 0x100000;
    const uint32_t pkt[] = {
        SDMA_PACKET(SDMA_OPCODE_POLL_REG_MEM, 0,
                    SDMA_POLL_REG_MEM_EXTRA_OP(
                        SDMA_POLL_REG_MEM_OP_WRITE_WAIT) |
                    SDMA_POLL_REG_MEM_EXTRA_FUNC(SDMA_POLL_FUNC_ALWAYS)),
        mmSCRATCH_REG0 << 2, mmSCRATCH_REG0 << 2, 0x1234, ~0u, 0,
        SDMA_PACKET(SDMA_OPCODE_NOP, 0, 0),
        SDMA_PACKET(SDMA_OPCODE_NOP, 0, 0),
    };

    /* VMID 1: one flat table mapping VA page i to VRAM page i. */
    for (uint64_t i = 0; i < 1024; i++) {
        vram_w64(h, table + 8 * i, i << 12 | 1u | 1u << 5 | 1u << 6);
    }
    aemu_test_wreg(h, mmVM_CONTEXT1_PAGE_TABLE_START_ADDR, 0);
    aemu_test_wreg(h, mmVM_CONTEXT1_PAGE_TABLE_END_ADDR, 1023);
    aemu_test_wreg(h, mmVM_CONTEXT0_PAGE_TABLE_BASE_ADDR + 1, table >> 12);
    aemu_test_wreg(h, mmVM_CONTEXT1_CNTL,
                   VM_CONTEXT1_CNTL__ENABLE_CONTEXT_MASK);
    for (unsigned i = 0; i < G_N_ELEMENTS(pkt); i++) {
        vram_w32(h, ib + 4 * i, pkt[i]);
    }
    /* SDMA0's ring in VRAM (context 0's aperture): the IB, in VMID 1. */
    vram_w32(h, ring + 0, SDMA_PACKET(SDMA_OPCODE_INDIRECT_BUFFER, 0, 1));
    vram_w32(h, ring + 4, (uint32_t)ib);
    vram_w32(h, ring + 8, 0);
    vram_w32(h, ring + 12, G_N_ELEMENTS(pkt));
    aemu_test_wreg(h, mmSDMA0_GFX_RB_BASE, (uint32_t)(ring >> 8));
    aemu_test_wreg(h, mmSDMA0_GFX_RB_BASE_HI, 0);
    aemu_test_wreg(h, mmSDMA0_GFX_RB_CNTL,
                   (10u << SDMA0_GFX_RB_CNTL__RB_SIZE__SHIFT) |
                   SDMA0_GFX_RB_CNTL__RB_ENABLE_MASK);
    aemu_test_wreg(h, mmSDMA0_GFX_IB_CNTL, SDMA0_GFX_IB_CNTL__IB_ENABLE_MASK);
    aemu_test_wreg(h, mmSDMA0_F32_CNTL, 0);
    aemu_test_wreg(h, mmSDMA0_GFX_RB_WPTR, 16);
    aemu_test_host_advance(h, 1000000);
    g_assert_cmphex(aemu_test_rreg(h, mmSCRATCH_REG0), ==, 0);
    /* The queue stopped on it, inside the IB. */
    g_assert_true(aemu_test_rreg(h, mmSDMA0_STATUS_REG) &
                  SDMA0_STATUS_REG__INSIDE_IB_MASK);
    g_assert_cmpuint(aemu_test_rreg(h, mmSDMA0_GFX_IB_RPTR), ==, 0);
    g_assert_cmpuint(h->guest_errors->len, ==, 1);
    aemu_test_host_free(h);
}

/*
 * Shrinking IH_RB_CNTL.RB_SIZE while the write pointer is past the new end
 * must not write entries beyond the ring the driver now has.
 */
static void test_ih_ring_shrunk_under_wptr(void)
{
    AemuTestHost *h = aemu_test_host_new(NULL, 0, MiB);
    AemuIvEntry iv = { .src_id = 224 };
    uint32_t cntl = IH_RB_CNTL__RB_ENABLE_MASK;

    /* IH ring in VRAM at 1 MiB (the FB aperture), 4 KiB then 64 bytes. */
    aemu_test_wreg(h, mmIH_RB_BASE, (uint32_t)((1 * MiB) >> 8));
    aemu_test_wreg(h, mmIH_RB_CNTL, cntl | (10u << IH_RB_CNTL__RB_SIZE__SHIFT));
    aemu_test_wreg(h, mmIH_CNTL, IH_CNTL__ENABLE_INTR_MASK);
    for (unsigned i = 0; i < 100; i++) {
        aemu_irq_post(h->dev, &iv);
        aemu_test_wreg(h, mmIH_RB_RPTR, (i + 1) * 16);
    }
    memset(h->vram + MiB, 0, 8192);
    aemu_test_wreg(h, mmIH_RB_CNTL, cntl | (4u << IH_RB_CNTL__RB_SIZE__SHIFT));
    aemu_test_wreg(h, mmIH_RB_RPTR, 0);
    aemu_irq_post(h->dev, &iv);
    /* Nothing beyond the 64-byte ring was written. */
    for (unsigned i = 64; i < 8192; i++) {
        g_assert_cmphex(h->vram[MiB + i], ==, 0);
    }
    aemu_test_host_free(h);
}

/*
 * A gfx ring running in a process's VMID (CP_RB_VMID != 0) is a user
 * stream: a type-0 register write on it is a privileged instruction, not
 * a kernel register write.
 */
static void test_user_vmid_ring_unprivileged(void)
{
    AemuTestHost *h = aemu_test_host_new(NULL, 0, 4 * MiB);
    uint64_t pd = 8 * MiB, pt = 9 * MiB;
    uint32_t *ring = (uint32_t *)(h->ram + 0x10000);

    /* VMID 3 maps VA 0 (PDE 0, PTE 0x10) onto RAM 0x10000. */
    aemu_test_wreg(h, mmVM_CONTEXT1_PAGE_TABLE_START_ADDR, 0);
    aemu_test_wreg(h, mmVM_CONTEXT1_PAGE_TABLE_END_ADDR, (1u << 20) - 1);
    aemu_test_wreg(h, mmVM_CONTEXT1_CNTL,
                   VM_CONTEXT1_CNTL__ENABLE_CONTEXT_MASK |
                   (1u << VM_CONTEXT1_CNTL__PAGE_TABLE_DEPTH__SHIFT) |
                   (1u << VM_CONTEXT1_CNTL__PAGE_TABLE_BLOCK_SIZE__SHIFT));
    aemu_test_wreg(h, mmVM_CONTEXT0_PAGE_TABLE_BASE_ADDR + 3, pd >> 12);
    aemu_test_put64(h->vram + pd, pt | 1);
    aemu_test_put64(h->vram + pt + 0x10 * 8, 0x10000 | 0x63);
    /* Type-0 write of SCRATCH_REG0 at the ring's start. */
    ring[0] = (uint32_t)mmSCRATCH_REG0;     /* PACKET0(reg, 0) */
    ring[1] = 0x1234;
    aemu_test_wreg(h, mmCP_RB_VMID, 3);
    aemu_test_wreg(h, mmCP_ME_CNTL, 0);
    aemu_test_wreg(h, mmCP_RB0_CNTL, 10u << CP_RB0_CNTL__RB_BUFSZ__SHIFT);
    aemu_test_wreg(h, mmCP_RB0_BASE, (uint32_t)(0x10000 >> 8));
    aemu_test_wreg(h, mmCP_RB0_BASE_HI, 0);
    aemu_test_wreg(h, mmCP_RB0_WPTR, 2);
    aemu_test_host_advance(h, 1000000);
    g_assert_cmphex(aemu_test_rreg(h, mmSCRATCH_REG0), ==, 0);
    g_assert_cmpuint(h->guest_errors->len, >, 0);
    aemu_test_host_free(h);
}

int main(int argc, char **argv)
{
    g_test_init(&argc, &argv, NULL);
    g_test_add_func("/hostile/user-vmid-ring-unprivileged",
                    test_user_vmid_ring_unprivileged);
    g_test_add_func("/hostile/ih-ring-shrunk-under-wptr",
                    test_ih_ring_shrunk_under_wptr);
    g_test_add_func("/hostile/ih-ring-at-faulting-address",
                    test_ih_ring_at_faulting_address);
    g_test_add_func("/hostile/sparse-spaces-bounded",
                    test_sparse_spaces_bounded);
    g_test_add_func("/hostile/self-kicking-ring-keeps-slice-gap",
                    test_self_kicking_ring_keeps_slice_gap);
    g_test_add_func("/hostile/type0-costs-by-size", test_type0_costs_by_size);
    g_test_add_func("/hostile/dma-data-registers-cost-by-dword",
                    test_dma_data_registers_cost_by_dword);
    g_test_add_func("/hostile/sdma-poll-reg-write-from-user-ib",
                    test_sdma_poll_reg_write_from_user_ib);
    return g_test_run();
}
