/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Fuzz target: a hostile guest against the core model. The input is a
 * program for the guest: register writes and reads (biased to the
 * registers that steer engines: rings, IBs, GART, IH, HQDs, indexed
 * spaces), writes into the rings and page tables, doorbells, time passing,
 * resets. Before running it the device is set up the way the driver leaves
 * it (GART mapping a RAM window, the IH, gfx and SDMA rings enabled), so
 * fuzzed bytes in RAM are fetched as packets from the first step.
 *
 * Properties checked: no crash, no sanitizer report, no out-of-bounds host
 * access (the standalone host refuses DMA outside RAM), and every step
 * returns (the scheduler's budget bounds engine work).
 */
#include <string.h>
#include "aemu-host.h"
#include "amdgpu-emu/regs/cik_regs.h"
#include "amdgpu-emu/regs/cik_fields.h"

#define MiB (1024ull * 1024ull)
#define RAM_SIZE (1 * MiB)
#define VRAM_SIZE (64 * MiB)
#define GART_START 0xff00000000ull
#define GART_TABLE (1 * MiB)
#define GART_PAGES (RAM_SIZE / 4096)
#define PTE_SYS_RW ((1ull << 0) | (1ull << 1) | (1ull << 2) | (1ull << 5) | \
                    (1ull << 6))
#define SDMA1 0x200u

/* Registers a hostile guest would aim at first. */
static const uint32_t targets[] = {
    mmCP_RB0_BASE, mmCP_RB0_BASE_HI, mmCP_RB0_CNTL, mmCP_RB0_WPTR,
    mmCP_RB0_RPTR_ADDR, mmCP_RB0_RPTR_ADDR_HI, mmCP_ME_CNTL, mmCP_MEC_CNTL,
    mmCP_INT_CNTL_RING0, mmSRBM_GFX_CNTL, mmGRBM_GFX_INDEX, mmGRBM_SOFT_RESET,
    mmCP_HQD_ACTIVE, mmCP_HQD_PQ_BASE, mmCP_HQD_PQ_BASE_HI, mmCP_HQD_PQ_CONTROL,
    mmCP_HQD_PQ_WPTR, mmCP_HQD_PQ_RPTR_REPORT_ADDR, mmCP_HQD_PQ_DOORBELL_CONTROL,
    mmCP_HQD_DEQUEUE_REQUEST, mmCP_HQD_VMID, mmCP_MQD_BASE_ADDR,
    mmSDMA0_GFX_RB_CNTL, mmSDMA0_GFX_RB_BASE, mmSDMA0_GFX_RB_BASE_HI,
    mmSDMA0_GFX_RB_WPTR, mmSDMA0_GFX_RB_RPTR, mmSDMA0_F32_CNTL, mmSDMA0_CNTL,
    mmSDMA0_GFX_IB_CNTL, mmSDMA0_GFX_RB_CNTL + SDMA1, mmSDMA0_GFX_RB_WPTR + SDMA1,
    mmSDMA0_F32_CNTL + SDMA1, mmSRBM_SOFT_RESET,
    mmVM_CONTEXT0_CNTL, mmVM_CONTEXT0_PAGE_TABLE_START_ADDR,
    mmVM_CONTEXT0_PAGE_TABLE_END_ADDR, mmVM_CONTEXT0_PAGE_TABLE_BASE_ADDR,
    mmVM_CONTEXT1_CNTL, mmVM_CONTEXT1_PAGE_TABLE_START_ADDR,
    mmVM_CONTEXT1_PAGE_TABLE_END_ADDR, mmVM_CONTEXT1_PAGE_TABLE_BASE_ADDR,
    mmVM_CONTEXT8_PAGE_TABLE_BASE_ADDR, mmVM_INVALIDATE_REQUEST,
    mmMC_VM_FB_LOCATION, mmMC_VM_AGP_BOT, mmMC_VM_AGP_TOP, mmMC_VM_AGP_BASE,
    mmIH_RB_CNTL, mmIH_RB_BASE, mmIH_RB_RPTR, mmIH_RB_WPTR, mmIH_CNTL,
    mmIH_RB_WPTR_ADDR_LO, mmIH_RB_WPTR_ADDR_HI,
    mmMM_INDEX, mmMM_INDEX_HI, mmMM_DATA, mmPCIE_INDEX, mmPCIE_DATA,
    mmSMC_IND_INDEX_0, mmSMC_IND_DATA_0, mmSMC_IND_ACCESS_CNTL,
    mmGPU_HDP_FLUSH_REQ, mmSCRATCH_REG0,
};

typedef struct Cursor {
    const uint8_t *p;
    size_t left;
} Cursor;

static uint32_t take(Cursor *c, unsigned bytes)
{
    uint32_t v = 0;

    for (unsigned i = 0; i < bytes && c->left; i++, c->left--) {
        v |= (uint32_t)*c->p++ << (8 * i);
    }
    return v;
}

/* Where the driver would leave things: GART over RAM, rings enabled. */
static void driver_setup(AemuTestHost *h)
{
    for (unsigned i = 0; i < GART_PAGES; i++) {
        aemu_test_put64(h->vram + GART_TABLE + i * 8ull, i * 4096ull | PTE_SYS_RW);
    }
    aemu_test_wreg(h, mmMC_VM_AGP_BOT, 0x3ffffff);
    aemu_test_gart_enable(h, GART_START, GART_PAGES, GART_TABLE, 0);
    aemu_test_wreg(h, mmIH_RB_BASE, (uint32_t)((GART_START + 0xf0000) >> 8));
    aemu_test_wreg(h, mmIH_RB_CNTL, (10u << IH_RB_CNTL__RB_SIZE__SHIFT) |
                   IH_RB_CNTL__RB_ENABLE_MASK);
    aemu_test_wreg(h, mmIH_CNTL, IH_CNTL__ENABLE_INTR_MASK);
    aemu_test_wreg(h, mmCP_ME_CNTL, 0);
    aemu_test_wreg(h, mmCP_RB0_CNTL, 10u << CP_RB0_CNTL__RB_BUFSZ__SHIFT);
    aemu_test_wreg(h, mmCP_RB0_BASE, (uint32_t)(GART_START >> 8));
    aemu_test_wreg(h, mmCP_RB0_BASE_HI, (uint32_t)(GART_START >> 40));
    for (unsigned e = 0; e < 2; e++) {
        aemu_test_wreg(h, mmSDMA0_GFX_RB_BASE + e * SDMA1,
                       (uint32_t)((GART_START + 0x10000 * (e + 1)) >> 8));
        aemu_test_wreg(h, mmSDMA0_GFX_RB_BASE_HI + e * SDMA1,
                       (uint32_t)(GART_START >> 40));
        aemu_test_wreg(h, mmSDMA0_GFX_RB_CNTL + e * SDMA1,
                       (11u << SDMA0_GFX_RB_CNTL__RB_SIZE__SHIFT) |
                       SDMA0_GFX_RB_CNTL__RB_ENABLE_MASK);
        aemu_test_wreg(h, mmSDMA0_GFX_IB_CNTL + e * SDMA1,
                       SDMA0_GFX_IB_CNTL__IB_ENABLE_MASK);
        aemu_test_wreg(h, mmSDMA0_F32_CNTL + e * SDMA1, 0);
    }
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    AemuTestHost *h = aemu_test_host_new(NULL, VRAM_SIZE, RAM_SIZE);
    Cursor c = { data, size };
    unsigned steps = 0;

    driver_setup(h);
    /* The first bytes become ring contents: gfx ring, then both SDMA. */
    for (unsigned off = 0; off < 0x30000 && c.left; off += 4) {
        uint32_t v = take(&c, 4);

        memcpy(h->ram + off, &v, 4);
        if (off == 0x400) {
            break;
        }
    }
    aemu_test_wreg(h, mmCP_RB0_WPTR, 0x100);
    aemu_test_wreg(h, mmSDMA0_GFX_RB_WPTR, 0x400);
    while (c.left && steps++ < 4096) {
        uint8_t op = take(&c, 1);
        uint32_t a, v;

        switch (op % 8) {
        case 0:         /* write a steering register */
            a = targets[take(&c, 1) % G_N_ELEMENTS(targets)];
            aemu_test_wreg(h, a, take(&c, 4));
            break;
        case 1:         /* write any register */
            a = take(&c, 2);
            aemu_test_wreg(h, a, take(&c, 4));
            break;
        case 2:         /* read any register, any size, any alignment */
            a = take(&c, 3);
            aemu_mmio_read(h->dev, a, 1u << (take(&c, 1) % 4));
            break;
        case 3:         /* ring / IB / fence memory */
            a = take(&c, 3) % (RAM_SIZE - 4);
            v = take(&c, 4);
            memcpy(h->ram + a, &v, 4);
            break;
        case 4:         /* page tables and anything else in VRAM */
            a = take(&c, 3) % (2 * MiB - 8);
            v = take(&c, 4);
            memcpy(h->vram + GART_TABLE + a, &v, 4);
            break;
        case 5:         /* doorbells */
            a = take(&c, 3);
            aemu_doorbell_write(h->dev, a & ~3u, take(&c, 4), 4);
            break;
        case 6:         /* time passes: engines run */
            aemu_test_host_advance(h, take(&c, 2) * 1000ull);
            break;
        case 7:         /* the I/O window, or a reset */
            if (take(&c, 1) == 0xff) {
                aemu_device_reset(h->dev, AEMU_RESET_PCI_CONFIG);
                driver_setup(h);
            } else {
                aemu_io_write(h->dev, take(&c, 1), take(&c, 4), 4);
            }
            break;
        }
    }
    aemu_test_host_advance(h, 10 * 1000 * 1000);
    aemu_test_host_free(h);
    return 0;
}
