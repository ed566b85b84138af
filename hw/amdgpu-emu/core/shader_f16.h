/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * amdgpu-emu core: binary16 arithmetic as the shader interpreter's f16
 * ops do it (the packed VOP3P ops, shader_vop3p.c, and the 16-bit
 * VOP1/VOP2/VOP3 ops, shader_v16.c): inputs flushed or kept as MODE's
 * f64/f16 denormal field says, the value computed in double (where a sum
 * or product of two f16 values is exact) and rounded once to f16 in the
 * direction MODE's f64/f16 FP_ROUND gives, then clamped and flushed as the
 * result.
 */
#ifndef AMDGPU_EMU_SHADER_F16_H
#define AMDGPU_EMU_SHADER_F16_H

#include <math.h>
#include "shader_interp.h"
#include "shader_fp.h"

#define SH_F16_MASK         0xffffu

/* The f16 rounding field of MODE (bits 3:2, shared with f64). */
#define SH_MODE_ROUND_F16_MASK  SH_MODE_ROUND_F64_MASK

/* What MODE and the instruction ask of one f16 computation. */
typedef struct ShF16Mode {
    bool clamp, dx10;
    uint32_t ftz_in, ftz_out;   /* f16 denormal flush: SH_F16_MANT or 0 */
    unsigned round;             /* SH_ROUND_* */
} ShF16Mode;

static inline ShF16Mode sh_f16_mode(const AemuWave *w, bool clamp)
{
    unsigned denorm = w->mode >> SH_MODE_DENORM_F64_SHIFT;
    ShF16Mode m = {
        .clamp = clamp,
        .dx10 = w->mode & SH_MODE_DX10_CLAMP,
        .ftz_in = denorm & SH_DENORM_KEEP_IN ? 0 : SH_F16_MANT,
        .ftz_out = denorm & SH_DENORM_KEEP_OUT ? 0 : SH_F16_MANT,
        .round = (w->mode & SH_MODE_ROUND_F64_MASK) >> SH_MODE_ROUND_F64_SHIFT,
    };

    return m;
}

/* An input: its sign flipped (neg), a denormal flushed if MODE says. */
static inline uint32_t sh_f16_in(uint32_t h, uint32_t flip,
                                 const ShF16Mode *m)
{
    h ^= flip;
    if (!(h & SH_F16_EXP)) {
        h &= ~m->ftz_in;
    }
    return h;
}

static inline double sh_f16_val(uint32_t h)
{
    return (double)sh_f32(sh_f16_to_f32((uint16_t)h));
}

/*
 * h, v rounded to nearest even, rounded in a directed mode instead: when h
 * is not v, one step of the f16 encoding's magnitude (which crosses
 * exponents, reaches the largest finite value from infinity and the
 * smallest denormal from zero) toward the side the mode asks for.
 */
static inline uint32_t sh_f16_directed(uint32_t h, double v, unsigned round)
{
    double back = sh_f16_val(h);
    bool neg = h & SH_F16_SIGN;

    if (isnan(v) || back == v) {
        return h;
    }
    switch (round) {
    case SH_ROUND_PLUS_INF:
        /* h lies below v: one step up (less magnitude if negative). */
        return back < v ? (neg ? h - 1 : h + 1) : h;
    case SH_ROUND_MINUS_INF:
        return back > v ? (neg ? h + 1 : h - 1) : h;
    default:
        /* Toward zero: h lies farther out than v, one step in. */
        return fabs(back) > fabs(v) ? h - 1 : h;
    }
}

/* A result: clamp, one rounding to f16, denormal flush. */
static inline uint32_t sh_f16_res(double v, const ShF16Mode *m)
{
    uint32_t h;

    if (m->clamp) {
        v = isnan(v) ? (m->dx10 ? 0.0 : v) : v < 0.0 ? 0.0 : v > 1.0 ? 1.0
                                                                      : v;
    }
    h = sh_f64_to_f16(sh_bits64(v));
    if (G_UNLIKELY(m->round != SH_ROUND_NEAREST_EVEN)) {
        h = sh_f16_directed(h, v, m->round);
    }
    if (!(h & SH_F16_EXP)) {
        h &= ~m->ftz_out;
    }
    return h;
}

static inline bool sh_f16_isnan(uint32_t h)
{
    return (h & ~SH_F16_SIGN & SH_F16_MASK) > SH_F16_EXP;
}

static inline bool sh_f16_issnan(uint32_t h)
{
    return sh_f16_isnan(h) && !(h & SH_F16_QUIET);
}

/*
 * min/max: as the f32 ops (shader_vfloat.c), a NaN operand gives the
 * other one, except a signalling NaN in IEEE mode gives it quietened;
 * -0 orders below +0.
 */
static inline uint32_t sh_f16_minmax(uint32_t x, uint32_t y, bool ieee,
                                     bool max, const ShF16Mode *m)
{
    double a, b;
    uint32_t r;

    if (ieee && (sh_f16_issnan(x) || sh_f16_issnan(y))) {
        return (sh_f16_issnan(x) ? x : y) | SH_F16_QUIET;
    }
    if (sh_f16_isnan(x)) {
        return sh_f16_isnan(y) ? y | SH_F16_QUIET
                               : sh_f16_res(sh_f16_val(y), m);
    }
    if (sh_f16_isnan(y)) {
        return sh_f16_res(sh_f16_val(x), m);
    }
    a = sh_f16_val(x);
    b = sh_f16_val(y);
    if (a == b) {
        r = ((x & SH_F16_SIGN) != 0) != max ? x : y;
    } else {
        r = (a < b) != max ? x : y;
    }
    return sh_f16_res(sh_f16_val(r), m);
}

#endif
