/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * amdgpu-emu core: the CIK interrupt handler (IH, OSS 2.0), cik_ih.c's
 * block. The model is ih_oss2_body.h's, here on CIK's register offsets.
 */
#include "amdgpu-emu/regs/cik_regs.h"
#include "amdgpu-emu/regs/cik_fields.h"
#include "ih_oss2_body.h"

const AemuIpBlockFuncs aemu_ih_cik_funcs = {
    .name = "cik_ih",
    .type = AEMU_BLOCK_IH,
    .major = 2, .minor = 0,
    .priv_size = sizeof(IhState),
    .init = ih_init,
    .reset = ih_reset,
    .state = ih_state,
    .state_version = 1,
};
