/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * amdgpu-emu core: GFX 8.0 of Topaz (Iceland), gfx_v8_0.c's block. The
 * model is gfx_gfx7_body.h's on VI's offsets (the RLC registers moved);
 * the per-queue registers are the HQD block, CP_MQD_BASE_ADDR on, with
 * VI's CP_HQD_EOP_* after it up to CP_HQD_EOP_DONES (vi_mqd's last HQD
 * field).
 */
#include "amdgpu-emu/regs/topaz_regs.h"
#include "amdgpu-emu/regs/topaz_fields.h"

#define GFX_QUEUE_REGS_FIRST    mmCP_MQD_BASE_ADDR
#define GFX_QUEUE_REGS_LAST     mmCP_HQD_EOP_DONES

#include "gfx_gfx7_body.h"

const AemuIpBlockFuncs aemu_gfx_v8_funcs = {
    .name = "gfx_v8_0",
    .type = AEMU_BLOCK_GFX,
    .major = 8, .minor = 0,
    .init = gfx_init,
};
