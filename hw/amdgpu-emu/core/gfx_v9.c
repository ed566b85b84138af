/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * amdgpu-emu core: GFX 9.0 (gc 9.0, Vega10) as the probe path sees it.
 *
 * The shader-array topology the driver reads per shader engine
 * (gfx_v9_0_get_rb_active_bitmap, gfx_v9_0_get_cu_active_bitmap through
 * GRBM_GFX_INDEX banking), the per-queue HQD and MQD registers and the
 * per-VMID SH_MEM registers banked by GRBM_GFX_CNTL (soc15_grbm_select),
 * and the RLC as the driver polls and reads it: idle serdes, safe-mode
 * requests that complete at once, and the GPU clock counter latched by
 * RLC_CAPTURE_GPU_CLOCK_COUNT (gfx_v9_0_get_gpu_clock_counter). The command
 * processor's queues are a block of their own; the GRBM status that shows
 * them busy is status.c's.
 */
#include "aemu-internal.h"
#include "shader.h"
#include "cp_pm4.h"
#include "amdgpu-emu/regs/vega10_regs.h"
#include "amdgpu-emu/regs/vega10_fields.h"

/* Status registers the driver polls read idle and ignore writes. */
static const AemuRegHandler status = {
    .block = "gfx", .write = aemu_reg_ignore_write,
};

/*
 * RLC_SAFE_MODE: the driver sets CMD with a message and polls CMD back to
 * 0 (gfx_v9_0_set_safe_mode); there is no RLC firmware to defer it, so
 * the request is acknowledged as it is written.
 */
static void rlc_safe_mode_write(AemuDevice *d, uint32_t dw, uint32_t value)
{
    d->regs[dw] = AEMU_REG_SET(value, RLC_SAFE_MODE, CMD, 0);
}

static const AemuRegHandler rlc_safe_mode = {
    .block = "rlc", .write = rlc_safe_mode_write,
};

/*
 * Writing CAPTURE latches the free-running GPU clock (the reference clock
 * the VBIOS names) into LSB/MSB, which the driver then reads.
 */
static void rlc_capture_write(AemuDevice *d, uint32_t dw, uint32_t value)
{
    if (AEMU_REG_GET(value, RLC_CAPTURE_GPU_CLOCK_COUNT, CAPTURE)) {
        uint64_t clock = aemu_cp_gpu_clock(d);

        d->regs[mmRLC_GPU_CLOCK_COUNT_LSB] = (uint32_t)clock;
        d->regs[mmRLC_GPU_CLOCK_COUNT_MSB] = (uint32_t)(clock >> 32);
    }
}

static const AemuRegHandler rlc_capture = {
    .block = "rlc", .write = rlc_capture_write,
};

static void gfx_init(AemuDevice *d, void *priv)
{
    /* Per shader engine / array (gfx_v9_0_select_se_sh). */
    aemu_reg_bank(d, mmCC_RB_BACKEND_DISABLE, mmCC_RB_BACKEND_DISABLE,
                  AEMU_BANK_SE_SH);
    aemu_reg_bank(d, mmGC_USER_RB_BACKEND_DISABLE,
                  mmGC_USER_RB_BACKEND_DISABLE, AEMU_BANK_SE_SH);
    aemu_reg_bank(d, mmCC_GC_SHADER_ARRAY_CONFIG,
                  mmGC_USER_SHADER_ARRAY_CONFIG, AEMU_BANK_SE_SH);
    /* Per compute queue (soc15_grbm_select me/pipe/queue). */
    aemu_reg_bank(d, mmCP_MQD_BASE_ADDR, mmCP_HQD_PQ_WPTR_HI,
                  AEMU_BANK_QUEUE);
    /* Per VMID (soc15_grbm_select vmid, gfx_v9_0_init_compute_vmid). */
    aemu_reg_bank(d, mmSH_MEM_BASES, mmSH_MEM_CONFIG, AEMU_BANK_VMID);

    /* amdgpu's soft recovery kills waves through it. */
    aemu_reg_claim(d, mmSQ_CMD, &aemu_sh_sq_cmd_handler);
    aemu_reg_claim(d, mmRLC_GPM_STAT, &status);
    aemu_reg_claim(d, mmRLC_SERDES_CU_MASTER_BUSY, &status);
    aemu_reg_claim(d, mmRLC_SERDES_NONCU_MASTER_BUSY, &status);
    aemu_reg_claim(d, mmRLC_SAFE_MODE, &rlc_safe_mode);
    aemu_reg_claim(d, mmRLC_CAPTURE_GPU_CLOCK_COUNT, &rlc_capture);
}

/* The RLC is idle with the GFX block powered and clocked. */
static void gfx_reset(AemuDevice *d, void *priv, AemuResetKind kind)
{
    d->regs[mmRLC_GPM_STAT] = RLC_GPM_STAT__GFX_POWER_STATUS_MASK |
                              RLC_GPM_STAT__GFX_CLOCK_STATUS_MASK;
}

const AemuIpBlockFuncs aemu_gfx_v9_funcs = {
    .name = "gfx_v9_0",
    .type = AEMU_BLOCK_GFX,
    .major = 9, .minor = 0,
    .init = gfx_init,
    .reset = gfx_reset,
};
