/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * amdgpu-emu core: IEEE-754 bit-level helpers of the shader interpreter:
 * the binary16/32/64 layouts, NaN and denormal tests, flushing to zero
 * (sign respecting, as MODE.FP_DENORM asks: shader-execution.md 4.9) and
 * the f32 <-> f16 conversions, which the host has no portable C type for.
 * Pure functions on bit patterns, so lane loops can vectorise them.
 */
#ifndef AMDGPU_EMU_SHADER_FP_H
#define AMDGPU_EMU_SHADER_FP_H

#include <stdbool.h>
#include <stdint.h>
#include <string.h>

/* binary32 */
#define SH_F32_SIGN         0x80000000u
#define SH_F32_EXP          0x7f800000u
#define SH_F32_MANT         0x007fffffu
#define SH_F32_QUIET        0x00400000u
#define SH_F32_MANT_BITS    23
#define SH_F32_BIAS         127
#define SH_F32_EXP_MAX      0xffu
/* binary64 */
#define SH_F64_SIGN         0x8000000000000000ull
#define SH_F64_EXP          0x7ff0000000000000ull
#define SH_F64_MANT         0x000fffffffffffffull
#define SH_F64_QUIET        0x0008000000000000ull
/* binary16 */
#define SH_F16_SIGN         0x8000u
#define SH_F16_EXP          0x7c00u
#define SH_F16_MANT         0x03ffu
#define SH_F16_QUIET        0x0200u
#define SH_F16_MANT_BITS    10
#define SH_F16_BIAS         15
#define SH_F16_EXP_MAX      0x1fu
#define SH_F16_MAX_FINITE   0x7bffu

static inline float sh_f32(uint32_t bits)
{
    float f;

    memcpy(&f, &bits, sizeof(f));
    return f;
}

static inline uint32_t sh_bits32(float f)
{
    uint32_t bits;

    memcpy(&bits, &f, sizeof(bits));
    return bits;
}

static inline double sh_f64(uint64_t bits)
{
    double f;

    memcpy(&f, &bits, sizeof(f));
    return f;
}

static inline uint64_t sh_bits64(double f)
{
    uint64_t bits;

    memcpy(&bits, &f, sizeof(bits));
    return bits;
}

static inline bool sh_isnan32(uint32_t x)
{
    return (x & ~SH_F32_SIGN) > SH_F32_EXP;
}

static inline bool sh_issnan32(uint32_t x)
{
    return sh_isnan32(x) && !(x & SH_F32_QUIET);
}

static inline bool sh_isnan64(uint64_t x)
{
    return (x & ~SH_F64_SIGN) > SH_F64_EXP;
}

static inline bool sh_issnan64(uint64_t x)
{
    return sh_isnan64(x) && !(x & SH_F64_QUIET);
}

/* A denormal (or zero) becomes a zero of the same sign. */
static inline uint32_t sh_ftz32(uint32_t x)
{
    return (x & SH_F32_EXP) ? x : x & SH_F32_SIGN;
}

static inline uint64_t sh_ftz64(uint64_t x)
{
    return (x & SH_F64_EXP) ? x : x & SH_F64_SIGN;
}

static inline bool sh_isdenorm32(uint32_t x)
{
    return !(x & SH_F32_EXP) && (x & SH_F32_MANT);
}

/*
 * binary32 -> binary16, round to nearest even or toward zero (the
 * _rtz conversions). A NaN stays a quiet NaN with the payload's top bits.
 */
static inline uint16_t sh_f32_to_f16(uint32_t f, bool rtz)
{
    uint32_t sign = (f & SH_F32_SIGN) >> 16;
    uint32_t exp = (f & SH_F32_EXP) >> SH_F32_MANT_BITS;
    uint32_t man = f & SH_F32_MANT;
    const unsigned drop = SH_F32_MANT_BITS - SH_F16_MANT_BITS;
    int e = (int)exp - SH_F32_BIAS + SH_F16_BIAS;
    uint32_t h, rem, half;

    if (exp == SH_F32_EXP_MAX) {
        return sign | SH_F16_EXP |
               (man ? SH_F16_QUIET | (man >> drop) : 0);
    }
    if (e >= (int)SH_F16_EXP_MAX) {
        return sign | (rtz ? SH_F16_MAX_FINITE : SH_F16_EXP);
    }
    if (e <= 0) {
        /* A binary16 denormal: the implicit bit joins the mantissa. */
        unsigned shift = drop + 1 - e;

        if (shift > SH_F32_MANT_BITS + 1) {
            return sign;
        }
        man |= 1u << SH_F32_MANT_BITS;
        h = man >> shift;
        rem = man & ((1u << shift) - 1);
        half = 1u << (shift - 1);
    } else {
        h = (uint32_t)e << SH_F16_MANT_BITS | man >> drop;
        rem = man & ((1u << drop) - 1);
        half = 1u << (drop - 1);
    }
    if (!rtz && (rem > half || (rem == half && (h & 1)))) {
        h++;            /* may carry into the exponent: still right */
    }
    return sign | h;
}

/*
 * binary64 -> binary16, round to nearest even: one rounding, so f16
 * arithmetic done exactly in double (sums and products of two f16s)
 * rounds as the hardware's does.
 */
#define SH_F64_MANT_BITS    52
#define SH_F64_BIAS         1023
#define SH_F64_EXP_MAX      0x7ffu

static inline uint16_t sh_f64_to_f16(uint64_t f)
{
    uint32_t sign = (uint32_t)(f >> 48) & SH_F16_SIGN;
    uint32_t exp = (uint32_t)(f >> SH_F64_MANT_BITS) & SH_F64_EXP_MAX;
    uint64_t man = f & SH_F64_MANT;
    const unsigned drop = SH_F64_MANT_BITS - SH_F16_MANT_BITS;
    int e = (int)exp - SH_F64_BIAS + SH_F16_BIAS;
    uint64_t h, rem, half;

    if (exp == SH_F64_EXP_MAX) {
        return sign | SH_F16_EXP |
               (man ? SH_F16_QUIET | (uint32_t)(man >> drop) : 0);
    }
    if (e >= (int)SH_F16_EXP_MAX) {
        return sign | SH_F16_EXP;
    }
    if (e <= 0) {
        /* A binary16 denormal: the implicit bit joins the mantissa. */
        unsigned shift = drop + 1 - e;

        if (shift > SH_F64_MANT_BITS + 1) {
            return sign;
        }
        man |= 1ull << SH_F64_MANT_BITS;
        h = man >> shift;
        rem = man & ((1ull << shift) - 1);
        half = 1ull << (shift - 1);
    } else {
        h = (uint64_t)e << SH_F16_MANT_BITS | man >> drop;
        rem = man & ((1ull << drop) - 1);
        half = 1ull << (drop - 1);
    }
    if (rem > half || (rem == half && (h & 1))) {
        h++;            /* may carry into the exponent: still right */
    }
    return sign | (uint32_t)h;
}

/* binary16 -> binary32 (exact). */
static inline uint32_t sh_f16_to_f32(uint16_t h)
{
    uint32_t sign = (uint32_t)(h & SH_F16_SIGN) << 16;
    uint32_t exp = (h & SH_F16_EXP) >> SH_F16_MANT_BITS;
    uint32_t man = h & SH_F16_MANT;
    const unsigned drop = SH_F32_MANT_BITS - SH_F16_MANT_BITS;

    if (exp == SH_F16_EXP_MAX) {
        return sign | SH_F32_EXP | man << drop;
    }
    if (exp == 0) {
        int e = SH_F32_BIAS - SH_F16_BIAS + 1;

        if (!man) {
            return sign;
        }
        while (!(man & (1u << SH_F16_MANT_BITS))) {
            man <<= 1;
            e--;
        }
        man &= SH_F16_MANT;
        return sign | (uint32_t)e << SH_F32_MANT_BITS | man << drop;
    }
    return sign | (exp - SH_F16_BIAS + SH_F32_BIAS) << SH_F32_MANT_BITS |
           man << drop;
}

#endif
