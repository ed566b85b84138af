/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The fuzz target's Topaz (Iceland, VI) part, while the chip is being
 * built (docs/topaz.md): its blocks without gfx8, so the registers a
 * hostile guest aims at are the IH at OSS 2.4's offsets, both SMC ports and
 * the mailbox (LoadUcodes writes where the uploaded image's header
 * points), SDMA 2.4 and the GART; the driver's state before the program
 * runs is the GART over RAM, the IH and both SDMA rings enabled. The gfx
 * ring's registers are plain storage until gfx8 exists: packets the
 * program appends there are written and never run.
 */
#include "fuzz.h"
#include "amdgpu-emu/regs/topaz_regs.h"
#include "amdgpu-emu/regs/topaz_fields.h"
#include "fuzz-oss2-setup.h"

static const uint32_t targets[] = {
    mmSRBM_SOFT_RESET, mmSRBM_GFX_CNTL, mmGRBM_GFX_INDEX,
    mmSDMA0_GFX_RB_CNTL, mmSDMA0_GFX_RB_BASE, mmSDMA0_GFX_RB_BASE_HI,
    mmSDMA0_GFX_RB_WPTR, mmSDMA0_GFX_RB_RPTR, mmSDMA0_F32_CNTL, mmSDMA0_CNTL,
    mmSDMA0_GFX_IB_CNTL, mmSDMA0_GFX_RB_CNTL + SDMA1,
    mmSDMA0_GFX_RB_WPTR + SDMA1, mmSDMA0_F32_CNTL + SDMA1,
    mmSDMA0_RLC0_RB_CNTL, mmSDMA0_RLC0_DOORBELL,
    mmVM_CONTEXT0_CNTL, mmVM_CONTEXT0_PAGE_TABLE_START_ADDR,
    mmVM_CONTEXT0_PAGE_TABLE_END_ADDR, mmVM_CONTEXT0_PAGE_TABLE_BASE_ADDR,
    mmVM_CONTEXT1_CNTL, mmVM_CONTEXT1_PAGE_TABLE_BASE_ADDR,
    mmVM_INVALIDATE_REQUEST, mmMC_VM_FB_LOCATION, mmMC_VM_AGP_BOT,
    mmMC_VM_AGP_TOP, mmIH_RB_CNTL, mmIH_RB_BASE, mmIH_RB_RPTR, mmIH_RB_WPTR,
    mmIH_CNTL, mmIH_RB_WPTR_ADDR_LO, mmIH_RB_WPTR_ADDR_HI, mmIH_VMID_0_LUT,
    mmMM_INDEX, mmMM_INDEX_HI, mmMM_DATA, mmPCIE_INDEX, mmPCIE_DATA,
    mmSMC_IND_INDEX_0, mmSMC_IND_DATA_0, mmSMC_IND_INDEX_11,
    mmSMC_IND_DATA_11, mmSMC_IND_ACCESS_CNTL, mmSMC_MESSAGE_0,
    mmSMC_MSG_ARG_0, mmGPU_HDP_FLUSH_REQ,
};

static void kick(AemuTestHost *h)
{
    aemu_test_wreg(h, mmSDMA0_GFX_RB_WPTR, 0x400);
    aemu_test_wreg(h, mmSDMA0_GFX_RB_WPTR + SDMA1, 0x400);
}

const FuzzChip fuzz_topaz = {
    .asic = &aemu_asic_topaz,
    .targets = targets,
    .num_targets = G_N_ELEMENTS(targets),
    .setup = oss2_setup,
    .kick = kick,
    .gfx_wptr_reg = mmCP_RB0_WPTR,
    .gart_mc = GART_START,
};
