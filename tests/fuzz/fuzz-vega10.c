/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The fuzz target's Vega10 (SOC15) half: the registers a hostile guest
 * aims at first, and the state the driver leaves before the fuzzed
 * program runs: the GART over RAM in both hubs' context 0
 * (gfxhub_v1_0_gart_enable, mmhub_v1_0_gart_enable), the IH ring at a bus
 * address (vega10_ih_enable_ring), the gfx ring and both SDMA 4.0 rings
 * enabled, and the PSP's KM ring created. Named with the SOC15 register
 * headers (fuzz.h).
 */
#include "fuzz.h"
#include "amdgpu-emu/regs/vega10_regs.h"
#include "amdgpu-emu/regs/vega10_fields.h"

/* GART PTE of a system page: valid, system, snooped, readable, writeable. */
#define PTE_SYS_RW ((1ull << 0) | (1ull << 1) | (1ull << 2) | (1ull << 5) | \
                    (1ull << 6))
/* The GART at MC 0, as gmc_v9_0 places it below VRAM. */
#define GART_MC_BASE 0ull
/* IH_RB_CNTL.MC_SPACE for a ring at a bus address (use_bus_addr). */
#define IH_MC_SPACE_BUS 1u
/* The IH ring's bus address: the last 64 KiB of RAM. */
#define IH_RING_BUS (RAM_SIZE - 0x10000)

static const uint32_t targets[] = {
    mmCP_RB0_BASE, mmCP_RB0_BASE_HI, mmCP_RB0_CNTL, mmCP_RB0_WPTR,
    mmCP_RB0_RPTR_ADDR, mmCP_ME_CNTL, mmCP_MEC_CNTL, mmCP_INT_CNTL_RING0,
    mmCP_RB_DOORBELL_CONTROL, mmCP_MEC_DOORBELL_RANGE_LOWER,
    mmGRBM_GFX_CNTL, mmGRBM_GFX_INDEX, mmGRBM_SOFT_RESET,
    mmCP_HQD_ACTIVE, mmCP_HQD_PQ_BASE, mmCP_HQD_PQ_CONTROL,
    mmCP_HQD_PQ_WPTR_LO, mmCP_HQD_PQ_DOORBELL_CONTROL, mmCP_HQD_VMID,
    mmCP_MQD_BASE_ADDR,
    mmSDMA0_GFX_RB_CNTL, mmSDMA0_GFX_RB_BASE, mmSDMA0_GFX_RB_BASE_HI,
    mmSDMA0_GFX_RB_WPTR, mmSDMA0_GFX_RB_RPTR, mmSDMA0_F32_CNTL, mmSDMA0_CNTL,
    mmSDMA0_GFX_IB_CNTL, mmSDMA0_GFX_DOORBELL, mmSDMA0_GFX_DOORBELL_OFFSET,
    mmSDMA1_GFX_RB_CNTL, mmSDMA1_GFX_RB_WPTR, mmSDMA1_F32_CNTL,
    GC_mmVM_CONTEXT0_CNTL, GC_mmVM_CONTEXT0_PAGE_TABLE_BASE_ADDR_LO32,
    GC_mmVM_CONTEXT0_PAGE_TABLE_START_ADDR_LO32,
    GC_mmVM_CONTEXT0_PAGE_TABLE_END_ADDR_LO32, GC_mmVM_CONTEXT1_CNTL,
    GC_mmVM_INVALIDATE_ENG17_REQ, GC_mmMC_VM_FB_LOCATION_BASE,
    GC_mmMC_VM_SYSTEM_APERTURE_LOW_ADDR,
    MMHUB_mmVM_CONTEXT0_CNTL, MMHUB_mmVM_CONTEXT0_PAGE_TABLE_BASE_ADDR_LO32,
    MMHUB_mmVM_INVALIDATE_ENG17_REQ,
    mmIH_RB_CNTL, mmIH_RB_BASE, mmIH_RB_BASE_HI, mmIH_RB_RPTR, mmIH_RB_WPTR,
    mmIH_RB_WPTR_ADDR_LO, mmIH_DOORBELL_RPTR,
    mmMM_INDEX, mmMM_DATA, mmPCIE_INDEX2, mmPCIE_DATA2,
    mmBIF_BX_PF0_GPU_HDP_FLUSH_REQ, mmSCRATCH_REG0,
    mmMP0_SMN_C2PMSG_35, mmMP0_SMN_C2PMSG_36, mmMP0_SMN_C2PMSG_64,
    mmMP0_SMN_C2PMSG_67, mmMP0_SMN_C2PMSG_69, mmMP0_SMN_C2PMSG_70,
    mmMP0_SMN_C2PMSG_71, mmMP0_SMN_C2PMSG_81,
    mmMP1_SMN_C2PMSG_66, mmMP1_SMN_C2PMSG_82, mmMP1_SMN_C2PMSG_90,
};

/* PSP mailbox commands (psp_gfx_if.h, amdgpu_psp.h). */
#define PSP_BL_LOAD_SYSDRV      0x10000u
#define PSP_BL_LOAD_SOSDRV      0x20000u
#define PSP_CTRL_INIT_GPCOM     0x20000u
/* Longer than the sOS takes to boot (psp_v3_1.c). */
#define PSP_SOS_BOOT_WAIT_NS    (50ull * 1000 * 1000)
/* The PSP's KM ring and bootloader image in the GART, as the driver's. */
#define PSP_RING_MC             (GART_MC_BASE + 0x30000)
#define PSP_RING_BYTES          0x1000u
#define PSP_IMAGE_MC            (GART_MC_BASE + 0x40000)

static void wreg64(AemuTestHost *h, uint32_t lo_dw, uint64_t v)
{
    aemu_test_wreg(h, lo_dw, (uint32_t)v);
    aemu_test_wreg(h, lo_dw + 1, (uint32_t)(v >> 32));
}

static void gart_enable(AemuTestHost *h, uint32_t cntl, uint32_t base_lo,
                        uint32_t start_lo, uint32_t end_lo)
{
    /* PAGE_TABLE_BASE holds a PDE: the table's address, valid. */
    wreg64(h, base_lo, GART_TABLE | 1ull);
    wreg64(h, start_lo, GART_MC_BASE >> 12);
    wreg64(h, end_lo, (GART_MC_BASE + RAM_SIZE - 1) >> 12);
    aemu_test_wreg(h, cntl, VM_CONTEXT0_CNTL__ENABLE_CONTEXT_MASK);
}

/*
 * The PSP as psp_hw_start leaves it: sOS booted from an image in the GART
 * (the driver's sample of C2PMSG_81, then its wait), the KM ring created,
 * so the fuzzed program reaches the ring's frames and commands.
 */
static void psp_setup(AemuTestHost *h)
{
    aemu_test_wreg(h, mmMP0_SMN_C2PMSG_36,
                   (uint32_t)(PSP_IMAGE_MC >> 20));
    aemu_test_wreg(h, mmMP0_SMN_C2PMSG_35, PSP_BL_LOAD_SYSDRV);
    aemu_test_wreg(h, mmMP0_SMN_C2PMSG_35, PSP_BL_LOAD_SOSDRV);
    aemu_test_rreg(h, mmMP0_SMN_C2PMSG_81);
    aemu_test_host_advance(h, PSP_SOS_BOOT_WAIT_NS);
    aemu_test_rreg(h, mmMP0_SMN_C2PMSG_81);
    wreg64(h, mmMP0_SMN_C2PMSG_69, PSP_RING_MC);
    aemu_test_wreg(h, mmMP0_SMN_C2PMSG_71, PSP_RING_BYTES);
    aemu_test_wreg(h, mmMP0_SMN_C2PMSG_64, PSP_CTRL_INIT_GPCOM);
}

static void driver_setup(AemuTestHost *h)
{
    for (unsigned i = 0; i < GART_PAGES; i++) {
        aemu_test_put64(h->vram + GART_TABLE + i * 8ull,
                        i * 4096ull | PTE_SYS_RW);
    }
    gart_enable(h, GC_mmVM_CONTEXT0_CNTL,
                GC_mmVM_CONTEXT0_PAGE_TABLE_BASE_ADDR_LO32,
                GC_mmVM_CONTEXT0_PAGE_TABLE_START_ADDR_LO32,
                GC_mmVM_CONTEXT0_PAGE_TABLE_END_ADDR_LO32);
    gart_enable(h, MMHUB_mmVM_CONTEXT0_CNTL,
                MMHUB_mmVM_CONTEXT0_PAGE_TABLE_BASE_ADDR_LO32,
                MMHUB_mmVM_CONTEXT0_PAGE_TABLE_START_ADDR_LO32,
                MMHUB_mmVM_CONTEXT0_PAGE_TABLE_END_ADDR_LO32);
    aemu_test_wreg(h, mmIH_RB_BASE, (uint32_t)(IH_RING_BUS >> 8));
    aemu_test_wreg(h, mmIH_RB_BASE_HI, 0);
    aemu_test_wreg(h, mmIH_RB_CNTL,
                   (10u << IH_RB_CNTL__RB_SIZE__SHIFT) |
                   (IH_MC_SPACE_BUS << IH_RB_CNTL__MC_SPACE__SHIFT) |
                   IH_RB_CNTL__ENABLE_INTR_MASK | IH_RB_CNTL__RB_ENABLE_MASK);
    aemu_test_wreg(h, mmCP_ME_CNTL, 0);
    aemu_test_wreg(h, mmCP_RB0_CNTL, 10u << CP_RB0_CNTL__RB_BUFSZ__SHIFT);
    aemu_test_wreg(h, mmCP_RB0_BASE, (uint32_t)(GART_MC_BASE >> 8));
    aemu_test_wreg(h, mmCP_RB0_BASE_HI, (uint32_t)(GART_MC_BASE >> 40));
    for (unsigned e = 0; e < 2; e++) {
        uint64_t ring = GART_MC_BASE + 0x10000 * (e + 1);

        aemu_test_wreg(h, e ? mmSDMA1_GFX_RB_BASE : mmSDMA0_GFX_RB_BASE,
                       (uint32_t)(ring >> 8));
        aemu_test_wreg(h, e ? mmSDMA1_GFX_RB_BASE_HI : mmSDMA0_GFX_RB_BASE_HI,
                       (uint32_t)(ring >> 40));
        aemu_test_wreg(h, e ? mmSDMA1_GFX_RB_CNTL : mmSDMA0_GFX_RB_CNTL,
                       (11u << SDMA0_GFX_RB_CNTL__RB_SIZE__SHIFT) |
                       SDMA0_GFX_RB_CNTL__RB_ENABLE_MASK);
        aemu_test_wreg(h, e ? mmSDMA1_GFX_IB_CNTL : mmSDMA0_GFX_IB_CNTL,
                       SDMA0_GFX_IB_CNTL__IB_ENABLE_MASK);
        aemu_test_wreg(h, e ? mmSDMA1_F32_CNTL : mmSDMA0_F32_CNTL, 0);
    }
    psp_setup(h);
}

/*
 * PSP frames the program leaves zero point at MC 0, the fuzzed bytes: the
 * sOS runs them as command buffers.
 */
#define PSP_KICK_FRAMES         4u
#define PSP_FRAME_DWORDS        16u

static void kick(AemuTestHost *h)
{
    aemu_test_wreg(h, mmCP_RB0_WPTR, FUZZ_GFX_KICK_WPTR);
    aemu_test_wreg(h, mmSDMA0_GFX_RB_WPTR, 0x400);
    aemu_test_wreg(h, mmMP0_SMN_C2PMSG_67, PSP_KICK_FRAMES * PSP_FRAME_DWORDS);
}

const FuzzChip fuzz_vega10 = {
    .asic = &aemu_asic_vega10,
    .targets = targets,
    .num_targets = G_N_ELEMENTS(targets),
    .setup = driver_setup,
    .kick = kick,
    .gfx_wptr_reg = mmCP_RB0_WPTR,
    .gart_mc = GART_MC_BASE,
};
