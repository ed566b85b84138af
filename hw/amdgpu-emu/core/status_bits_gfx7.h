/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * amdgpu-emu core: which bits of the shared reset and status registers
 * (status.c) stand for which units, on the chips whose GRBM/SRBM reset and
 * status fields have CIK's names and meaning: CIK (gfx7, OSS 2.0) and
 * Iceland/Topaz (gfx8, OSS 2.4). The CP parts gfx_v7_0_soft_reset /
 * gfx_v8_0_soft_reset reset and the is_idle paths read, the SDMA instances
 * of SRBM_SOFT_RESET and SRBM_STATUS2.
 *
 * The offsets and masks come from the chip's generated headers, included
 * before this file by the ASIC description that expands
 * AEMU_GFX7_STATUS_BITS into its AemuStatusBit table.
 */
#ifndef AMDGPU_EMU_STATUS_BITS_GFX7_H
#define AMDGPU_EMU_STATUS_BITS_GFX7_H

#define AEMU_GFX7_GRBM_RESET_CP_GFX \
    (GRBM_SOFT_RESET__SOFT_RESET_CP_MASK | \
     GRBM_SOFT_RESET__SOFT_RESET_GFX_MASK | \
     GRBM_SOFT_RESET__SOFT_RESET_CPF_MASK | \
     GRBM_SOFT_RESET__SOFT_RESET_CPG_MASK)
#define AEMU_GFX7_GRBM_RESET_CP_COMPUTE \
    (GRBM_SOFT_RESET__SOFT_RESET_CP_MASK | \
     GRBM_SOFT_RESET__SOFT_RESET_CPF_MASK | \
     GRBM_SOFT_RESET__SOFT_RESET_CPC_MASK)

#define AEMU_GFX7_STATUS_BITS \
    { mmGRBM_SOFT_RESET, AEMU_STATUS_SOFT_RESET, AEMU_GFX7_GRBM_RESET_CP_GFX, \
      AEMU_UNIT_MASK(AEMU_UNIT_CP_GFX) }, \
    { mmGRBM_SOFT_RESET, AEMU_STATUS_SOFT_RESET, \
      AEMU_GFX7_GRBM_RESET_CP_COMPUTE, AEMU_UNITS_CP_COMPUTE }, \
    { mmSRBM_SOFT_RESET, AEMU_STATUS_SOFT_RESET, \
      SRBM_SOFT_RESET__SOFT_RESET_SDMA_MASK, \
      AEMU_UNIT_MASK(AEMU_UNIT_SDMA0) }, \
    { mmSRBM_SOFT_RESET, AEMU_STATUS_SOFT_RESET, \
      SRBM_SOFT_RESET__SOFT_RESET_SDMA1_MASK, \
      AEMU_UNIT_MASK(AEMU_UNIT_SDMA0 + 1) }, \
    { mmGRBM_STATUS, AEMU_STATUS_BUSY, \
      GRBM_STATUS__GUI_ACTIVE_MASK | GRBM_STATUS__CP_BUSY_MASK, \
      AEMU_UNITS_CP }, \
    { mmGRBM_STATUS2, AEMU_STATUS_BUSY, \
      GRBM_STATUS2__CPF_BUSY_MASK | GRBM_STATUS2__CPG_BUSY_MASK, \
      AEMU_UNIT_MASK(AEMU_UNIT_CP_GFX) }, \
    { mmGRBM_STATUS2, AEMU_STATUS_BUSY, \
      GRBM_STATUS2__CPF_BUSY_MASK | GRBM_STATUS2__CPC_BUSY_MASK, \
      AEMU_UNITS_CP_COMPUTE }, \
    { mmSRBM_STATUS2, AEMU_STATUS_BUSY, SRBM_STATUS2__SDMA_BUSY_MASK, \
      AEMU_UNIT_MASK(AEMU_UNIT_SDMA0) }, \
    { mmSRBM_STATUS2, AEMU_STATUS_BUSY, SRBM_STATUS2__SDMA1_BUSY_MASK, \
      AEMU_UNIT_MASK(AEMU_UNIT_SDMA0 + 1) }

/* The GRBM_GFX_INDEX / SRBM_GFX_CNTL bank selectors (AemuBankSelect). */
#define AEMU_GFX7_BANKS { \
        .se_sh_reg = mmGRBM_GFX_INDEX, \
        .se_index = AEMU_FIELD(GRBM_GFX_INDEX, SE_INDEX), \
        .sh_index = AEMU_FIELD(GRBM_GFX_INDEX, SH_INDEX), \
        .se_broadcast_mask = GRBM_GFX_INDEX__SE_BROADCAST_WRITES_MASK, \
        .sh_broadcast_mask = GRBM_GFX_INDEX__SH_BROADCAST_WRITES_MASK, \
        .queue_reg = mmSRBM_GFX_CNTL, \
        .me = AEMU_FIELD(SRBM_GFX_CNTL, MEID), \
        .pipe = AEMU_FIELD(SRBM_GFX_CNTL, PIPEID), \
        .queue = AEMU_FIELD(SRBM_GFX_CNTL, QUEUEID), \
        .vmid_reg = mmSRBM_GFX_CNTL, \
        .vmid = AEMU_FIELD(SRBM_GFX_CNTL, VMID), \
    }

#endif
