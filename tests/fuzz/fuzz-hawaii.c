/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The fuzz target's Hawaii (CIK) half: the registers a hostile guest aims
 * at first, and the state the driver leaves before the fuzzed program runs
 * (GART over RAM, the IH, the gfx ring and both SDMA rings enabled), named
 * with the CIK register headers (fuzz.h).
 */
#include "fuzz.h"
#include "amdgpu-emu/regs/cik_regs.h"
#include "amdgpu-emu/regs/cik_fields.h"
#include "fuzz-oss2-setup.h"

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

/* The OSS 2.x set-up, and the gfx ring. */
static void driver_setup(AemuTestHost *h)
{
    oss2_setup(h);
    aemu_test_wreg(h, mmCP_ME_CNTL, 0);
    aemu_test_wreg(h, mmCP_RB0_CNTL, 10u << CP_RB0_CNTL__RB_BUFSZ__SHIFT);
    aemu_test_wreg(h, mmCP_RB0_BASE, (uint32_t)(GART_START >> 8));
    aemu_test_wreg(h, mmCP_RB0_BASE_HI, (uint32_t)(GART_START >> 40));
}

static void kick(AemuTestHost *h)
{
    aemu_test_wreg(h, mmCP_RB0_WPTR, FUZZ_GFX_KICK_WPTR);
    aemu_test_wreg(h, mmSDMA0_GFX_RB_WPTR, 0x400);
}

const FuzzChip fuzz_hawaii = {
    .asic = &aemu_asic_hawaii,
    .targets = targets,
    .num_targets = G_N_ELEMENTS(targets),
    .setup = driver_setup,
    .kick = kick,
    .gfx_wptr_reg = mmCP_RB0_WPTR,
    .gart_mc = GART_START,
};
