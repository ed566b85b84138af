/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * amdgpu-emu core: the Iceland/Topaz interrupt handler (IH, OSS 2.4),
 * iceland_ih.c's block. The model is ih_oss2_body.h's: the same 16-byte IV
 * entries and ring mechanics as CIK (iceland_ih_decode_iv reads the entry
 * as cik_ih_decode_iv does), on OSS 2.4's register offsets.
 */
#include "amdgpu-emu/regs/topaz_regs.h"
#include "amdgpu-emu/regs/topaz_fields.h"
#include "ih_oss2_body.h"

const AemuIpBlockFuncs aemu_ih_iceland_funcs = {
    .name = "iceland_ih",
    .type = AEMU_BLOCK_IH,
    .major = 2, .minor = 4,
    .priv_size = sizeof(IhState),
    .init = ih_init,
    .reset = ih_reset,
    .state = ih_state,
    .state_version = 1,
};
