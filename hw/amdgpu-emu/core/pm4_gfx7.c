/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * amdgpu-emu core: the gfx7 (CIK) PM4 instruction set: pm4_gfx7_ops.h's
 * opcodes and the register windows SET_*_REG reach.
 */
#include "pm4_gfx7_ops.h"
#include "amdgpu-emu/regs/cik_regs.h"

#define GFX AEMU_PM4_Q_GFX
#define ALL AEMU_PM4_Q_ALL
#define ANY_LEN AEMU_PM4_MAX_BODY
#define OP(op, h, lo, hi, qs) \
    [PACKET3_##op] = { #op, h, lo, hi, qs }
#define UNIMP(op) \
    [PACKET3_##op] = { .name = #op, .unimp = true }

const AemuPm4Isa aemu_pm4_gfx7 = {
    .name = "gfx7",
    AEMU_PM4_GFX7_REG_WINDOWS,
    .sh_mem_bases = mmSH_MEM_BASES,
    .ops = {
        AEMU_PM4_GFX7_OPS,
    },
};

#undef UNIMP
#undef OP
#undef ANY_LEN
#undef ALL
#undef GFX
