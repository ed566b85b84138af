/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * amdgpu-emu core: the issue cycles of a wave64 shader instruction on a
 * GCN SIMD (gfx6-gfx9), by instruction class, for the chips' timing tables
 * (asic_*.c). A SIMD is 16 lanes wide, so a full-rate VALU instruction
 * takes 4 cycles for 64 lanes, a quarter-rate one 16.
 *
 * The figures are Mesa ACO's estimates for gfx6-gfx9 (aco_statistics.cpp,
 * get_perf_info; shader-execution.md 8.4), which are estimates, not
 * measurements. What differs between chips is the double-precision rate,
 * a product decision rather than an ISA one: each chip's table overrides
 * the SH_COST_DOUBLE_* entries with its own.
 */
#ifndef AEMU_SHADER_COSTS_GCN_H
#define AEMU_SHADER_COSTS_GCN_H

#include "shader_isa.h"

/* Cycles of a full-rate wave64 VALU instruction: 64 lanes on 16. */
#define SH_COST_FULL_RATE               4u
#define SH_COST_HALF_RATE               (SH_COST_FULL_RATE * 2u)
#define SH_COST_QUARTER_RATE            (SH_COST_FULL_RATE * 4u)
/* A double-precision instruction at 1/N of the single-precision rate. */
#define SH_COST_DOUBLE_RATE(n)          (SH_COST_FULL_RATE * (n))

/*
 * The classes every GCN chip charges alike. Hawaii and gfx9 have full-rate
 * 32-bit FMA (ACO's has_fast_fma32). Barrier, waitcnt and the rest cost
 * ACO's default issue slot.
 */
#define SH_COSTS_GCN_COMMON \
    [AEMU_SH_CLASS_VALU32] = SH_COST_FULL_RATE, \
    [AEMU_SH_CLASS_VALU_CONVERT32] = SH_COST_QUARTER_RATE, \
    [AEMU_SH_CLASS_VALU64] = SH_COST_HALF_RATE, \
    [AEMU_SH_CLASS_VALU_QUARTER_RATE32] = SH_COST_QUARTER_RATE, \
    [AEMU_SH_CLASS_VALU_FMA] = SH_COST_FULL_RATE, \
    [AEMU_SH_CLASS_VALU_TRANSCENDENTAL32] = SH_COST_QUARTER_RATE, \
    [AEMU_SH_CLASS_VALU_DOUBLE_CONVERT] = SH_COST_QUARTER_RATE, \
    [AEMU_SH_CLASS_SALU] = SH_COST_FULL_RATE, \
    [AEMU_SH_CLASS_SMEM] = SH_COST_FULL_RATE, \
    [AEMU_SH_CLASS_BARRIER] = SH_COST_FULL_RATE, \
    [AEMU_SH_CLASS_BRANCH] = SH_COST_HALF_RATE, \
    [AEMU_SH_CLASS_SENDMSG] = SH_COST_HALF_RATE, \
    [AEMU_SH_CLASS_DS] = SH_COST_FULL_RATE, \
    [AEMU_SH_CLASS_EXPORT] = SH_COST_QUARTER_RATE, \
    [AEMU_SH_CLASS_VMEM] = SH_COST_FULL_RATE, \
    [AEMU_SH_CLASS_WAITCNT] = SH_COST_FULL_RATE, \
    [AEMU_SH_CLASS_OTHER] = SH_COST_FULL_RATE

#endif
