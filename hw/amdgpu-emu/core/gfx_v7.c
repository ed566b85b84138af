/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * amdgpu-emu core: GFX 7 (gca 7.2), gfx_v7_0.c's block. The model is
 * gfx_gfx7_body.h's on CIK's offsets; the per-queue registers run from
 * the EOP buffer's (CP_HPD_EOP_*, before the HQD) to CP_MQD_CONTROL.
 */
#include "amdgpu-emu/regs/cik_regs.h"
#include "amdgpu-emu/regs/cik_fields.h"

#define GFX_QUEUE_REGS_FIRST    mmCP_HPD_EOP_BASE_ADDR
#define GFX_QUEUE_REGS_LAST     mmCP_MQD_CONTROL

#include "gfx_gfx7_body.h"

const AemuIpBlockFuncs aemu_gfx_v7_funcs = {
    .name = "gfx_v7_0",
    .type = AEMU_BLOCK_GFX,
    .major = 7, .minor = 2,
    .init = gfx_init,
};
