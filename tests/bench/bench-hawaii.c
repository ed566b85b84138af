/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * bench-core on Hawaii (CIK): GMC 7's GART (VRAM at MC 0), the gfx ring of
 * GFX 7 and SDMA0's gfx queue of CIK SDMA, both submitted through their
 * write-pointer registers.
 */
#include "bench-chip.h"
#include "amdgpu-emu/regs/cik_regs.h"
#include "amdgpu-emu/regs/cik_fields.h"
#include "pm4_cik.h"
#include "sdma_cik_pkt.h"

/* Where the GART puts host RAM (VRAM sits at MC 0 on CIK). */
#define HAWAII_GART_MC 0xff00000000ull
/* An empty AGP aperture: its bottom above its top (gmc_v7_0_mc_program). */
#define HAWAII_AGP_BOT_EMPTY 0x3ffffffu
/* CP_RB0_CNTL.RB_BUFSZ: the ring holds 2^(RB_BUFSZ + 1) dwords. */
#define HAWAII_GFX_RB_BUFSZ (RING_DW_ORDER - 1)
#define HAWAII_GFX_RB_CNTL (HAWAII_GFX_RB_BUFSZ << CP_RB0_CNTL__RB_BUFSZ__SHIFT)
/* Ring base registers hold the address >> 8, the HI register >> 40. */
#define RB_BASE_SHIFT 8
#define RB_BASE_HI_SHIFT 40
/* cik_sdma_buffer_funcs.copy_max_bytes; the CIK count is in bytes. */
#define HAWAII_SDMA_COPY_MAX 0x1fffffu

static void hawaii_gart_setup(AemuTestHost *h)
{
    for (uint64_t i = 0; i < GART_PAGES; i++) {
        aemu_test_put64(h->vram + GART_TABLE_VRAM + i * 8,
                        i * GPU_PAGE | PTE_SYS_RW);
    }
    aemu_test_wreg(h, mmMC_VM_AGP_BOT, HAWAII_AGP_BOT_EMPTY);
    aemu_test_gart_enable(h, HAWAII_GART_MC, GART_PAGES, GART_TABLE_VRAM, 0);
}

/* Point the gfx ring at GFX_RING_RAM and fill it with 3-dword writes. */
static void hawaii_gfx_setup(AemuTestHost *h)
{
    uint32_t *ring = (uint32_t *)(h->ram + GFX_RING_RAM);
    uint64_t base = HAWAII_GART_MC + GFX_RING_RAM;

    aemu_test_wreg(h, mmCP_ME_CNTL, 0);
    aemu_test_wreg(h, mmCP_RB0_CNTL, HAWAII_GFX_RB_CNTL);
    aemu_test_wreg(h, mmCP_RB0_BASE, (uint32_t)(base >> RB_BASE_SHIFT));
    aemu_test_wreg(h, mmCP_RB0_BASE_HI, (uint32_t)(base >> RB_BASE_HI_SHIFT));
    for (unsigned i = 0; i + GFX_PACKET_DW <= RING_DW; i += GFX_PACKET_DW) {
        ring[i] = PACKET3(PACKET3_SET_UCONFIG_REG, 1);
        ring[i + 1] = mmSCRATCH_REG0 - PACKET3_SET_UCONFIG_REG_START;
        ring[i + 2] = i;
    }
}

static void hawaii_gfx_submit(AemuTestHost *h, uint64_t wptr_dw)
{
    aemu_test_wreg(h, mmCP_RB0_WPTR, (uint32_t)wptr_dw);
}

/* RB_RPTR_WR_ENA: the write pointer moves the read pointer with it. */
static void hawaii_gfx_rewind(AemuTestHost *h)
{
    aemu_test_wreg(h, mmCP_RB0_CNTL, HAWAII_GFX_RB_CNTL |
                   CP_RB0_CNTL__RB_RPTR_WR_ENA_MASK);
    aemu_test_wreg(h, mmCP_RB0_WPTR, 0);
    aemu_test_wreg(h, mmCP_RB0_CNTL, HAWAII_GFX_RB_CNTL);
}

static void hawaii_sdma_setup(AemuTestHost *h)
{
    uint64_t base = HAWAII_GART_MC + SDMA_RING_RAM;

    aemu_test_wreg(h, mmSDMA0_GFX_RB_BASE, (uint32_t)(base >> RB_BASE_SHIFT));
    aemu_test_wreg(h, mmSDMA0_GFX_RB_BASE_HI,
                   (uint32_t)(base >> RB_BASE_HI_SHIFT));
    aemu_test_wreg(h, mmSDMA0_GFX_RB_CNTL,
                   (RING_DW_ORDER << SDMA0_GFX_RB_CNTL__RB_SIZE__SHIFT) |
                   SDMA0_GFX_RB_CNTL__RB_ENABLE_MASK);
    aemu_test_wreg(h, mmSDMA0_F32_CNTL, 0);
}

static unsigned hawaii_sdma_copy_packet(uint32_t *dw, uint64_t src,
                                        uint64_t dst, uint32_t bytes)
{
    dw[0] = SDMA_PACKET(SDMA_OPCODE_COPY, SDMA_COPY_SUB_OPCODE_LINEAR, 0);
    dw[1] = bytes;
    dw[2] = 0;
    dw[3] = (uint32_t)src;
    dw[4] = (uint32_t)(src >> 32);
    dw[5] = (uint32_t)dst;
    dw[6] = (uint32_t)(dst >> 32);
    return 7;
}

/* The CIK write pointer is in bytes, 32 bits. */
static void hawaii_sdma_submit(AemuTestHost *h, uint64_t wptr_dw)
{
    aemu_test_wreg(h, mmSDMA0_GFX_RB_WPTR, (uint32_t)(wptr_dw * 4));
}

/*
 * copy-x4, gfx7 (llvm-mc -arch=amdgcn -mcpu=hawaii, as in
 * guest-tests/gpu-compute.c): dst[id] = src[id] in dwordx4 elements, id =
 * group id * 64 + thread. s[0:3] V# of src, s[4:7] V# of dst, s8 group id.
 */
static const uint32_t hawaii_copy_x4[] = {
    0xd2860001, 0x04018008, /* v_mad_u32_u24 v1, s8, 64, v0 */
    0x34020284,             /* v_lshlrev_b32_e32 v1, 4, v1 */
    0xe0381000, 0x80000201, /* buffer_load_dwordx4 v[2:5], v1, s[0:3], 0 offen */
    0xbf8c0f70,             /* s_waitcnt vmcnt(0) */
    0xe0781000, 0x80010201, /* buffer_store_dwordx4 v[2:5], v1, s[4:7], 0 offen */
    0xbf8c0000,             /* s_waitcnt vmcnt(0) expcnt(0) lgkmcnt(0) */
    0xbf810000,             /* s_endpgm */
};
/* 6 VGPRs: one granule of 4 over; 9 SGPRs + VCC, FLAT_SCR: 2 granules of 8. */
#define HAWAII_COPY_X4_RSRC1 BENCH_RSRC1(1, 1)

const BenchChip bench_hawaii = {
    .name = "Hawaii",
    .asic = "hawaii",
    .vram_mc = 0,
    .gart_mc = HAWAII_GART_MC,
    .scratch_reg = mmSCRATCH_REG0,
    .sdma_copy_max = HAWAII_SDMA_COPY_MAX,
    .gart_setup = hawaii_gart_setup,
    .gfx_setup = hawaii_gfx_setup,
    .gfx_submit = hawaii_gfx_submit,
    .gfx_rewind = hawaii_gfx_rewind,
    .sdma_setup = hawaii_sdma_setup,
    .sdma_copy_packet = hawaii_sdma_copy_packet,
    .sdma_submit = hawaii_sdma_submit,
    .copy_x4 = hawaii_copy_x4,
    .copy_x4_dw = G_N_ELEMENTS(hawaii_copy_x4),
    .copy_x4_rsrc1 = HAWAII_COPY_X4_RSRC1,
};
