/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * amdgpu-emu core: the GFX block of CIK (gca 7.2) and of VI's Topaz
 * (gfx 8.0) as the probe path sees it, the body gfx_v7.c and gfx_v8.c
 * compile.
 *
 * The shader-array topology the driver reads per shader engine
 * (gfx_v7_0_setup_rb, gfx_v7_0_get_cu_info) through GRBM_GFX_INDEX banking,
 * the per-queue HQD registers and per-VMID SH_MEM registers banked by
 * SRBM_GFX_CNTL, the RLC status the driver polls (idle, powered,
 * clocked), the RLC's safe-mode handshake and its microcode port. The
 * command processor itself is cp_gfx7_body.h's; the GRBM and SRBM status
 * that show it busy are status.c's.
 *
 * gfx8 kept gfx7's registers and fields for all of this, but moved the
 * RLC's (RLC_GPM_STAT 0x3100 -> 0xEC40, the ucode port 0x30E2 -> 0xF83C)
 * and renamed the per-queue CP_HPD_EOP_* registers CP_HQD_EOP_*, now after
 * the HQD block instead of before it. So each chip's file includes this
 * body right after its generated register headers and says where its
 * per-queue registers lie: GFX_QUEUE_REGS_FIRST .. GFX_QUEUE_REGS_LAST.
 */
#ifndef AMDGPU_EMU_GFX_GFX7_BODY_H
#define AMDGPU_EMU_GFX_GFX7_BODY_H

#include "aemu-internal.h"
#include "shader.h"

/* Status registers the driver polls read idle and ignore writes. */
static const AemuRegHandler status = {
    .block = "gfx", .write = aemu_reg_ignore_write,
};

/*
 * RLC_GPR_REG2 carries the RLC safe-mode request (gfx_v7_0_set_safe_mode,
 * radeon's cik_enter_rlc_safe_mode): bit 0 asks, bit 1 says enter (1) or
 * leave (0). The RLC firmware clears the request bit once GFX is powered
 * and clocked, which it always is here (RLC_GPM_STAT), so the
 * acknowledgement is immediate. Without it every entry, which powertune
 * and clock gating make with the default cg_mask, waits out the driver's
 * 100 ms timeout.
 */
#define RLC_SAFE_MODE_REQ       (1u << 0)

static void rlc_gpr_reg2_write(AemuDevice *d, uint32_t dw, uint32_t value)
{
    d->regs[dw] = value & ~RLC_SAFE_MODE_REQ;
}

static const AemuRegHandler rlc_safe_mode = {
    .block = "gfx", .write = rlc_gpr_reg2_write,
};

/*
 * The RLC's microcode port: each RLC_GPM_UCODE_DATA write advances
 * RLC_GPM_UCODE_ADDR and the data is dropped (the model is the firmware);
 * the driver's final ADDR write (the firmware version) reads back as
 * written.
 */
static void rlc_ucode_data_write(AemuDevice *d, uint32_t dw, uint32_t value)
{
    d->regs[mmRLC_GPM_UCODE_ADDR]++;
}

static const AemuRegHandler rlc_ucode_data = {
    .block = "gfx", .write = rlc_ucode_data_write,
};

static void gfx_init(AemuDevice *d, void *priv)
{
    /* Per shader engine / array (gfx_v7_0_select_se_sh). */
    aemu_reg_bank(d, mmCC_RB_BACKEND_DISABLE, mmCC_RB_BACKEND_DISABLE,
                  AEMU_BANK_SE_SH);
    aemu_reg_bank(d, mmGC_USER_RB_BACKEND_DISABLE,
                  mmGC_USER_RB_BACKEND_DISABLE, AEMU_BANK_SE_SH);
    aemu_reg_bank(d, mmCC_GC_SHADER_ARRAY_CONFIG,
                  mmGC_USER_SHADER_ARRAY_CONFIG, AEMU_BANK_SE_SH);
    aemu_reg_bank(d, mmPA_SC_RASTER_CONFIG, mmPA_SC_RASTER_CONFIG_1,
                  AEMU_BANK_SE_SH);
    /* Per compute queue (cik_srbm_select me/pipe/queue). */
    aemu_reg_bank(d, GFX_QUEUE_REGS_FIRST, GFX_QUEUE_REGS_LAST,
                  AEMU_BANK_QUEUE);
    /* Per VMID (cik_srbm_select vmid). */
    aemu_reg_bank(d, mmSH_MEM_BASES, mmSH_MEM_CONFIG, AEMU_BANK_VMID);

    /* amdgpu's soft recovery kills waves through it. */
    aemu_reg_claim(d, mmSQ_CMD, &aemu_sh_sq_cmd_handler);
    aemu_reg_claim(d, mmRLC_GPM_STAT, &status);
    aemu_reg_claim(d, mmRLC_GPR_REG2, &rlc_safe_mode);
    aemu_reg_claim(d, mmRLC_GPM_UCODE_DATA, &rlc_ucode_data);
    aemu_reg_claim(d, mmRLC_SERDES_CU_MASTER_BUSY, &status);
    aemu_reg_claim(d, mmRLC_SERDES_NONCU_MASTER_BUSY, &status);
    /* SRBM_STATUS2, with the SDMA busy bits, is status.c's. */
    aemu_reg_claim(d, mmSRBM_STATUS, &status);
}

#endif
