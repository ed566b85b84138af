/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * bench-core on Vega10 (SOC15): GMC 9's GART on both hubs (VRAM in VMID
 * 0's FB aperture), the gfx ring of GFX 9 and SDMA0's gfx queue of SDMA
 * 4.0, both rung through their 64-bit doorbells as amdgpu rings them.
 * The register sequences are the unit tests' (test-gmc-v9.c gart_enable,
 * test-gfx-v9-cp.c gfx_start, test-sdma-v4.c sdma_resume), which follow
 * gfxhub/mmhub_v1_0_gart_enable, gfx_v9_0_cp_gfx_resume and
 * sdma_v4_0_gfx_resume.
 */
#include "bench-chip.h"
#include "amdgpu-emu/regs/vega10_regs.h"
#include "amdgpu-emu/regs/vega10_fields.h"
#include "pm4_soc15.h"
#include "sdma_v4_0_pkt.h"

/* VRAM's MC address at reset (MC_VM_FB_LOCATION_BASE 0x8000 << 24). */
#define VEGA10_FB_MC 0x8000000000ull
/*
 * The GART at MC 0, where amdgpu_gmc_gart_location's best fit puts it
 * below the FB (and test-gmc-v9.c does).
 */
#define VEGA10_GART_MC 0ull
/* VM_CONTEXT0_PAGE_TABLE_START/END_ADDR count GPU pages. */
#define GPU_PAGE_SHIFT 12

/* CP_RB0_CNTL: RB_BUFSZ log2(ring qwords), RB_BLKSZ log2(4 KiB / 8). */
#define VEGA10_GFX_RB_BUFSZ (RING_DW_ORDER - 1)
#define VEGA10_GFX_RB_BLKSZ 9u
#define VEGA10_GFX_RB_CNTL \
    (VEGA10_GFX_RB_BUFSZ << CP_RB0_CNTL__RB_BUFSZ__SHIFT | \
     VEGA10_GFX_RB_BLKSZ << CP_RB0_CNTL__RB_BLKSZ__SHIFT)
/* Ring base registers hold the address >> 8, the HI register >> 40. */
#define RB_BASE_SHIFT 8
#define RB_BASE_HI_SHIFT 40

/* Doorbell indexes, dwords of BAR2 (vega10_reg_init.c: slot << 1). */
#define DOORBELL_GFX 0x116u
#define DOORBELL_SDMA0 0x1E0u
/* WDOORBELL64: the doorbells are 64-bit writes. */
#define DOORBELL_BYTES 8u

/* Write-back slots in WB_RAM: 64-bit each. */
#define WB_GFX_RPTR (WB_RAM + 0x00)
#define WB_GFX_WPTR (WB_RAM + 0x08)
#define WB_SDMA_RPTR (WB_RAM + 0x10)
#define WB_SDMA_WPTR (WB_RAM + 0x18)
/* SDMA0_GFX_RB_RPTR_ADDR_LO keeps a dword-aligned address. */
#define SDMA_RPTR_ADDR_LO_MASK 0xFFFFFFFCu

/* sdma_v4_0_buffer_funcs.copy_max_bytes; the count is bytes - 1. */
#define VEGA10_SDMA_COPY_MAX 0x400000u

static uint64_t gart_mc(uint64_t bus)
{
    return VEGA10_GART_MC + bus;
}

static void wreg64(AemuTestHost *h, uint32_t lo, uint64_t v)
{
    aemu_test_wreg(h, lo, (uint32_t)v);
    aemu_test_wreg(h, lo + 1, (uint32_t)(v >> 32));
}

/*
 * gfxhub_v1_0_init_gart_aperture_regs + enable_system_domain (and the
 * MMHUB's, which SDMA goes through): a flat table (depth 0), its PDE in
 * PAGE_TABLE_BASE_ADDR, start and end in pages.
 */
static void gart_enable_hub(AemuTestHost *h, uint32_t ctx0_cntl,
                            uint32_t base_lo, uint32_t start_lo,
                            uint32_t end_lo)
{
    wreg64(h, base_lo, GART_TABLE_VRAM | PTE_VALID);
    wreg64(h, start_lo, VEGA10_GART_MC >> GPU_PAGE_SHIFT);
    wreg64(h, end_lo, (VEGA10_GART_MC >> GPU_PAGE_SHIFT) + GART_PAGES - 1);
    aemu_test_wreg(h, ctx0_cntl, VM_CONTEXT0_CNTL__ENABLE_CONTEXT_MASK);
}

static void vega10_gart_setup(AemuTestHost *h)
{
    for (uint64_t i = 0; i < GART_PAGES; i++) {
        aemu_test_put64(h->vram + GART_TABLE_VRAM + i * 8,
                        i * GPU_PAGE | PTE_SYS_RW);
    }
    gart_enable_hub(h, GC_mmVM_CONTEXT0_CNTL,
                    GC_mmVM_CONTEXT0_PAGE_TABLE_BASE_ADDR_LO32,
                    GC_mmVM_CONTEXT0_PAGE_TABLE_START_ADDR_LO32,
                    GC_mmVM_CONTEXT0_PAGE_TABLE_END_ADDR_LO32);
    gart_enable_hub(h, MMHUB_mmVM_CONTEXT0_CNTL,
                    MMHUB_mmVM_CONTEXT0_PAGE_TABLE_BASE_ADDR_LO32,
                    MMHUB_mmVM_CONTEXT0_PAGE_TABLE_START_ADDR_LO32,
                    MMHUB_mmVM_CONTEXT0_PAGE_TABLE_END_ADDR_LO32);
}

/*
 * gfx_v9_0_cp_gfx_resume, then the un-halt of gfx_v9_0_cp_gfx_start; the
 * ring filled with 3-dword writes.
 */
static void vega10_gfx_setup(AemuTestHost *h)
{
    uint32_t *ring = (uint32_t *)(h->ram + GFX_RING_RAM);
    uint64_t base = gart_mc(GFX_RING_RAM);

    aemu_test_wreg(h, mmCP_RB_WPTR_DELAY, 0);
    aemu_test_wreg(h, mmCP_RB_VMID, 0);
    aemu_test_wreg(h, mmCP_RB0_CNTL, VEGA10_GFX_RB_CNTL);
    aemu_test_wreg(h, mmCP_RB0_CNTL, VEGA10_GFX_RB_CNTL |
                   CP_RB0_CNTL__RB_RPTR_WR_ENA_MASK);
    aemu_test_wreg(h, mmCP_RB0_WPTR, 0);
    aemu_test_wreg(h, mmCP_RB0_WPTR_HI, 0);
    aemu_test_wreg(h, mmCP_RB0_RPTR_ADDR, (uint32_t)gart_mc(WB_GFX_RPTR));
    aemu_test_wreg(h, mmCP_RB0_RPTR_ADDR_HI,
                   (uint32_t)(gart_mc(WB_GFX_RPTR) >> 32));
    aemu_test_wreg(h, mmCP_RB_WPTR_POLL_ADDR_LO,
                   (uint32_t)gart_mc(WB_GFX_WPTR));
    aemu_test_wreg(h, mmCP_RB_WPTR_POLL_ADDR_HI,
                   (uint32_t)(gart_mc(WB_GFX_WPTR) >> 32));
    aemu_test_wreg(h, mmCP_RB0_CNTL, VEGA10_GFX_RB_CNTL);
    aemu_test_wreg(h, mmCP_RB0_BASE, (uint32_t)(base >> RB_BASE_SHIFT));
    aemu_test_wreg(h, mmCP_RB0_BASE_HI, (uint32_t)(base >> RB_BASE_HI_SHIFT));
    aemu_test_wreg(h, mmCP_RB_DOORBELL_CONTROL,
                   DOORBELL_GFX <<
                   CP_RB_DOORBELL_CONTROL__DOORBELL_OFFSET__SHIFT |
                   CP_RB_DOORBELL_CONTROL__DOORBELL_EN_MASK);
    aemu_test_wreg(h, mmCP_RB_DOORBELL_RANGE_LOWER,
                   DOORBELL_GFX <<
                   CP_RB_DOORBELL_RANGE_LOWER__DOORBELL_RANGE_LOWER__SHIFT);
    aemu_test_wreg(h, mmCP_RB_DOORBELL_RANGE_UPPER,
                   CP_RB_DOORBELL_RANGE_UPPER__DOORBELL_RANGE_UPPER_MASK);
    aemu_test_wreg(h, mmCP_ME_CNTL, 0);
    for (unsigned i = 0; i + GFX_PACKET_DW <= RING_DW; i += GFX_PACKET_DW) {
        ring[i] = PACKET3(PACKET3_SET_UCONFIG_REG, 1);
        ring[i + 1] = mmSCRATCH_REG0 - PACKET3_SET_UCONFIG_REG_START;
        ring[i + 2] = i;
    }
}

/* gfx_v9_0_ring_set_wptr_gfx: the poll slot, then WDOORBELL64. */
static void vega10_gfx_submit(AemuTestHost *h, uint64_t wptr_dw)
{
    aemu_test_put64(h->ram + WB_GFX_WPTR, wptr_dw);
    aemu_doorbell_write(h->dev, 4ull * DOORBELL_GFX, wptr_dw, DOORBELL_BYTES);
}

/* As gfx_v9_0_cp_gfx_resume resets them: RB_RPTR_WR_ENA, WPTR 0. */
static void vega10_gfx_rewind(AemuTestHost *h)
{
    aemu_test_wreg(h, mmCP_RB0_CNTL, VEGA10_GFX_RB_CNTL |
                   CP_RB0_CNTL__RB_RPTR_WR_ENA_MASK);
    aemu_test_wreg(h, mmCP_RB0_WPTR, 0);
    aemu_test_wreg(h, mmCP_RB0_WPTR_HI, 0);
    aemu_test_wreg(h, mmCP_RB0_CNTL, VEGA10_GFX_RB_CNTL);
}

static void vega10_sdma_submit(AemuTestHost *h, uint64_t wptr_dw);

/*
 * sdma_v4_0_gfx_resume for SDMA0 with its doorbell (the microcode upload
 * of sdma_v4_0_load_microcode left out: the model discards it), then
 * sdma_v4_0_start's SDMA0_CNTL.
 */
static void vega10_sdma_setup(AemuTestHost *h)
{
    uint32_t rb_cntl = RING_DW_ORDER << SDMA0_GFX_RB_CNTL__RB_SIZE__SHIFT;
    uint64_t base = gart_mc(SDMA_RING_RAM);

    aemu_test_wreg(h, mmSDMA0_F32_CNTL, SDMA0_F32_CNTL__HALT_MASK);
    aemu_test_wreg(h, mmSDMA0_F32_CNTL, 0);
    aemu_test_wreg(h, mmSDMA0_GFX_RB_CNTL, rb_cntl);
    aemu_test_wreg(h, mmSDMA0_GFX_RB_RPTR, 0);
    aemu_test_wreg(h, mmSDMA0_GFX_RB_RPTR_HI, 0);
    aemu_test_wreg(h, mmSDMA0_GFX_RB_WPTR, 0);
    aemu_test_wreg(h, mmSDMA0_GFX_RB_WPTR_HI, 0);
    aemu_test_wreg(h, mmSDMA0_GFX_RB_RPTR_ADDR_HI,
                   (uint32_t)(gart_mc(WB_SDMA_RPTR) >> 32));
    aemu_test_wreg(h, mmSDMA0_GFX_RB_RPTR_ADDR_LO,
                   (uint32_t)gart_mc(WB_SDMA_RPTR) & SDMA_RPTR_ADDR_LO_MASK);
    rb_cntl |= SDMA0_GFX_RB_CNTL__RPTR_WRITEBACK_ENABLE_MASK;
    aemu_test_wreg(h, mmSDMA0_GFX_RB_BASE, (uint32_t)(base >> RB_BASE_SHIFT));
    aemu_test_wreg(h, mmSDMA0_GFX_RB_BASE_HI,
                   (uint32_t)(base >> RB_BASE_HI_SHIFT));
    aemu_test_wreg(h, mmSDMA0_GFX_MINOR_PTR_UPDATE, 1);
    aemu_test_wreg(h, mmSDMA0_GFX_DOORBELL, SDMA0_GFX_DOORBELL__ENABLE_MASK);
    aemu_test_wreg(h, mmSDMA0_GFX_DOORBELL_OFFSET,
                   (DOORBELL_SDMA0 <<
                    SDMA0_GFX_DOORBELL_OFFSET__OFFSET__SHIFT) &
                   SDMA0_GFX_DOORBELL_OFFSET__OFFSET_MASK);
    vega10_sdma_submit(h, 0);
    aemu_test_wreg(h, mmSDMA0_GFX_MINOR_PTR_UPDATE, 0);
    aemu_test_wreg(h, mmSDMA0_GFX_RB_WPTR_POLL_ADDR_LO,
                   (uint32_t)gart_mc(WB_SDMA_WPTR));
    aemu_test_wreg(h, mmSDMA0_GFX_RB_WPTR_POLL_ADDR_HI,
                   (uint32_t)(gart_mc(WB_SDMA_WPTR) >> 32));
    aemu_test_wreg(h, mmSDMA0_GFX_RB_CNTL,
                   rb_cntl | SDMA0_GFX_RB_CNTL__RB_ENABLE_MASK);
    aemu_test_wreg(h, mmSDMA0_GFX_IB_CNTL, SDMA0_GFX_IB_CNTL__IB_ENABLE_MASK);
    aemu_test_wreg(h, mmSDMA0_CNTL, SDMA0_CNTL__UTC_L1_ENABLE_MASK);
}

/* sdma_v4_0_emit_copy_buffer. */
static unsigned vega10_sdma_copy_packet(uint32_t *dw, uint64_t src,
                                        uint64_t dst, uint32_t bytes)
{
    dw[0] = SDMA_PKT_HEADER_OP(SDMA_OP_COPY) |
            SDMA_PKT_HEADER_SUB_OP(SDMA_SUBOP_COPY_LINEAR);
    dw[1] = bytes - 1;
    dw[2] = 0;
    dw[3] = (uint32_t)src;
    dw[4] = (uint32_t)(src >> 32);
    dw[5] = (uint32_t)dst;
    dw[6] = (uint32_t)(dst >> 32);
    return SDMA4_COPY_LINEAR_DW;
}

/* sdma_v4_0_ring_set_wptr: the poll slot, then WDOORBELL64 of wptr << 2. */
static void vega10_sdma_submit(AemuTestHost *h, uint64_t wptr_dw)
{
    uint64_t wptr = wptr_dw * 4;

    aemu_test_put64(h->ram + WB_SDMA_WPTR, wptr);
    aemu_doorbell_write(h->dev, 4ull * DOORBELL_SDMA0, wptr, DOORBELL_BYTES);
}

/*
 * copy-x4, gfx9 (llvm-mc -arch=amdgcn -mcpu=gfx900, as in
 * guest-tests/gpu-compute.c): dst[id] = src[id] in dwordx4 elements, id =
 * group id * 64 + thread. s[0:3] V# of src, s[4:7] V# of dst, s8 group id.
 */
static const uint32_t vega10_copy_x4[] = {
    0xd1c30001, 0x04018008, /* v_mad_u32_u24 v1, s8, 64, v0 */
    0x24020284,             /* v_lshlrev_b32_e32 v1, 4, v1 */
    0xe05c1000, 0x80000201, /* buffer_load_dwordx4 v[2:5], v1, s[0:3], 0 offen */
    0xbf8c0f70,             /* s_waitcnt vmcnt(0) */
    0xe07c1000, 0x80010201, /* buffer_store_dwordx4 v[2:5], v1, s[4:7], 0 offen */
    0xbf8c0000,             /* s_waitcnt vmcnt(0) expcnt(0) lgkmcnt(0) */
    0xbf810000,             /* s_endpgm */
};
/*
 * 6 VGPRs: one granule of 4 over; 9 SGPRs + VCC, FLAT_SCR, XNACK_MASK: one
 * granule of 16 (the gfx9 field counts them twice: 2 * (granules - 1)).
 */
#define VEGA10_COPY_X4_RSRC1 BENCH_RSRC1(1, 0)

const BenchChip bench_vega10 = {
    .name = "Vega10",
    .asic = "vega10",
    .vram_mc = VEGA10_FB_MC,
    .gart_mc = VEGA10_GART_MC,
    .scratch_reg = mmSCRATCH_REG0,
    .sdma_copy_max = VEGA10_SDMA_COPY_MAX,
    .gart_setup = vega10_gart_setup,
    .gfx_setup = vega10_gfx_setup,
    .gfx_submit = vega10_gfx_submit,
    .gfx_rewind = vega10_gfx_rewind,
    .sdma_setup = vega10_sdma_setup,
    .sdma_copy_packet = vega10_sdma_copy_packet,
    .sdma_submit = vega10_sdma_submit,
    .copy_x4 = vega10_copy_x4,
    .copy_x4_dw = G_N_ELEMENTS(vega10_copy_x4),
    .copy_x4_rsrc1 = VEGA10_COPY_X4_RSRC1,
};
