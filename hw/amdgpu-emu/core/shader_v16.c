/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * amdgpu-emu core: the 16-bit vector ALU ops of the shader interpreter
 * (gfx8/gfx9: f16 arithmetic and conversions, u16/i16 integer ops, in
 * their VOP1, VOP2 and VOP3 forms; Vega ISA "VOP2", "VOP1", "VOP3"), and
 * the packing conversions of f32/f16 values to 8- and 16-bit integers that
 * gfx7 has as well (v_cvt_pknorm_*, v_cvt_pkaccum_u8_f32, v_cvt_pk_u8_f32).
 *
 * Operands: each source is the low 16 bits of its 32-bit value, or the
 * high 16 bits where the VOP3 form's OP_SEL bit for it is set (gfx9 has
 * OP_SEL for the ops ACO's can_use_opsel lists; the decoder refuses it on
 * the others: aemu_sh_vop3_opsel_ok). VOP3's abs and neg act on the f16
 * sign bit; SDWA stages the selected word for the op as the low half.
 *
 * Results: on gfx9 most 16-bit ops write zeros to bits 31:16 of VDST;
 * the ones gfx9 gave OP_SEL to for the destination, and v_mac/madmk/madak
 * (ACO's instr_is_16bit; LLVM's zeroesHigh16BitsOfDest), keep them, and
 * OP_SEL[3] puts their result in the high half instead. f16 arithmetic is
 * done as shader_f16.h says; v_mad_f16 and its VOP2 forms round the
 * product to f16 before the add and flush f16 denormals (they have no
 * denormal support: ACO and LLVM only use them when MODE flushes).
 */
#include "shader_f16.h"

#define SH_HALF_BITS        16u
#define SH_HALF_SHIFT_MASK  15u
#define SH_U16_MAX          0xffffu
#define SH_U8_MAX           0xffu
#define SH_I16_NORM         32767.0
#define SH_U16_NORM         65535.0
/* OP_SEL[3]: the destination half. */
#define SH_OPSEL_DST        3u
#define SH_HIGH_HALF        0xffff0000u
/* v_cvt_pkaccum_u8_f32/v_cvt_pk_u8_f32: the byte S1 (S1[1:0]) names. */
#define SH_BYTE_SEL_MASK    3u
#define SH_BYTE_BITS        8u
/* The largest f16 below 1.0 (v_fract_f16's upper bound). */
#define SH_F16_BELOW_ONE    0x3bffu
/* An f16 quiet NaN, what v_fract_f16 of an infinity gives. */
#define SH_F16_QNAN         0x7e00u
/* A binary16's exponents span less than this: ldexp's count is clamped. */
#define SH_F16_LDEXP_LIMIT  64

#define SH_VOP(fn) \
    static void fn(AemuDevice *d, AemuWave *w, const AemuShInst *in)

/* How the instruction reads its sources and writes its result. */
typedef struct ShV16 {
    unsigned shift[3];      /* 0 or 16: the source half (OP_SEL) */
    uint32_t keep[3];       /* f16 abs: all bits, or all but the sign */
    uint32_t flip[3];       /* f16 neg */
    ShF16Mode m;
    bool ieee;
    unsigned omod;
    uint32_t dkeep;         /* what of VDST the op leaves */
    unsigned dshift;        /* where in VDST its 16 bits go */
} ShV16;

/* The result's placement: bits 31:16 zeroed, or kept (OP_SEL ops). */
typedef enum ShV16Dst { SH_V16_ZERO_HI, SH_V16_KEEP_HI } ShV16Dst;

static inline void v16_setup(const AemuWave *w, const AemuShInst *in,
                             ShV16Dst dst, bool force_ftz, ShV16 *v)
{
    bool hi = in->opsel >> SH_OPSEL_DST & 1;

    for (unsigned i = 0; i < 3; i++) {
        v->shift[i] = (in->opsel >> i & 1) ? SH_HALF_BITS : 0;
        v->keep[i] = (in->abs >> i & 1) ? SH_F16_MASK & ~SH_F16_SIGN
                                        : SH_F16_MASK;
        v->flip[i] = (in->neg >> i & 1) ? SH_F16_SIGN : 0;
    }
    v->m = sh_f16_mode(w, in->clamp);
    if (force_ftz) {
        v->m.ftz_in = v->m.ftz_out = SH_F16_MANT;
    }
    v->ieee = w->mode & SH_MODE_IEEE;
    v->omod = in->omod;
    v->dshift = hi ? SH_HALF_BITS : 0;
    v->dkeep = hi ? SH_F16_MASK : dst == SH_V16_KEEP_HI ? SH_HIGH_HALF : 0;
}

/*
 * What the model does not execute halts: neg/abs of an integer op. One
 * test of the usual case (no modifier bits) first; MODE's rounding applies
 * in sh_f16_res.
 */
static bool v16_ok(AemuDevice *d, AemuWave *w, const AemuShInst *in)
{
    const AemuShOpInfo *info = sh_info(in);

    if (G_LIKELY(!(in->neg | in->abs))) {
        return true;
    }
    if ((in->neg | in->abs) && !(info->flags & AEMU_SH_F_IN_MOD)) {
        aemu_sh_halt(d, w, in, "unimplemented neg/abs of %s at pc 0x%" PRIx64,
                     info->name, in->pc);
        return false;
    }
    return true;
}

/* Source i of an f16 op: abs, neg, denormal flush. */
static inline uint32_t v16_fin(uint32_t h, const ShV16 *v, unsigned i)
{
    return sh_f16_in(h & v->keep[i], v->flip[i], &v->m);
}

static inline double v16_val(uint32_t h)
{
    return sh_f16_val(h);
}

/* An f16 result: omod, clamp, rounding, flush. */
static inline uint32_t v16_res(double r, const ShV16 *v)
{
    static const double omod_mul[] = { 1.0, 2.0, 4.0, 0.5 };

    return sh_f16_res(r * omod_mul[v->omod], &v->m);
}

/* ---- integer helpers (CLAMP saturates the adds, subtracts and mads) ---- */

static inline uint32_t sat_u16(int64_t x, const ShV16 *v)
{
    if (v->m.clamp) {
        x = x < 0 ? 0 : x > SH_U16_MAX ? SH_U16_MAX : x;
    }
    return (uint32_t)x;
}

static inline uint32_t sat_i16(int64_t x, const ShV16 *v)
{
    if (v->m.clamp) {
        x = x < INT16_MIN ? INT16_MIN : x > INT16_MAX ? INT16_MAX : x;
    }
    return (uint32_t)x;
}

static inline int64_t s16(uint32_t x)
{
    return (int16_t)x;
}

static inline uint32_t min3u(uint32_t a, uint32_t b, uint32_t c)
{
    uint32_t m = a < b ? a : b;

    return m < c ? m : c;
}

static inline uint32_t max3u(uint32_t a, uint32_t b, uint32_t c)
{
    uint32_t m = a > b ? a : b;

    return m > c ? m : c;
}

static inline uint32_t med3u(uint32_t a, uint32_t b, uint32_t c)
{
    return a > b ? (b > c ? b : (a > c ? c : a))
                 : (a > c ? a : (b > c ? c : b));
}

/* Signed 16-bit values biased to unsigned order, and back. */
#define SH_I16_BIAS         0x8000u
#define BIAS(x)             (((x) ^ SH_I16_BIAS) & SH_U16_MAX)

/* ---- f16 helpers ---- */

/* min/max/med3 of f16 bits with MODE.IEEE's NaN rules (shader_f16.h). */
static inline uint32_t fmin16(uint32_t x, uint32_t y, const ShV16 *v)
{
    return sh_f16_minmax(x, y, v->ieee, false, &v->m);
}

static inline uint32_t fmax16(uint32_t x, uint32_t y, const ShV16 *v)
{
    return sh_f16_minmax(x, y, v->ieee, true, &v->m);
}

static inline uint32_t fmed3_16(uint32_t x, uint32_t y, uint32_t z,
                                const ShV16 *v)
{
    double a, b, c, mx;

    if (sh_f16_isnan(x) || sh_f16_isnan(y) || sh_f16_isnan(z)) {
        return fmin16(fmin16(x, y, v), z, v);
    }
    a = v16_val(x);
    b = v16_val(y);
    c = v16_val(z);
    mx = fmax(fmax(a, b), c);
    if (mx == a) {
        return v16_res(fmax(b, c), v);
    }
    if (mx == b) {
        return v16_res(fmax(a, c), v);
    }
    return v16_res(fmax(a, b), v);
}

/* v_mad_f16 and its VOP2 forms: the product rounded to f16 first. */
static inline uint32_t mad16(uint32_t a, uint32_t b, uint32_t c,
                             const ShV16 *v)
{
    ShF16Mode plain = v->m;
    uint32_t p;

    plain.clamp = false;
    p = sh_f16_res(v16_val(a) * v16_val(b), &plain);
    return v16_res(v16_val(p) + v16_val(c), v);
}

/* f16 to a 16-bit integer: toward zero, saturating, NaN to 0. */
static inline uint32_t f16_to_int(uint32_t h, double lo, double hi)
{
    double x = v16_val(h);

    if (isnan(x)) {
        return 0;
    }
    x = trunc(x);
    return (uint32_t)(int32_t)(x < lo ? lo : x > hi ? hi : x);
}

/* A float to a normalised integer (snorm16/unorm16): clamped, rounded. */
static inline uint32_t norm16(double x, bool sign)
{
    double lo = sign ? -1.0 : 0.0;

    if (isnan(x)) {
        return 0;
    }
    x = x < lo ? lo : x > 1.0 ? 1.0 : x;
    return (uint32_t)(int32_t)rint(x * (sign ? SH_I16_NORM : SH_U16_NORM)) &
           SH_U16_MAX;
}

/* A float to u8: clamped to [0, 255], rounded to nearest even. */
static inline uint32_t to_u8(double x)
{
    if (isnan(x)) {
        return 0;
    }
    x = x < 0.0 ? 0.0 : x > SH_U8_MAX ? SH_U8_MAX : x;
    return (uint32_t)rint(x);
}

static inline double frexp_mant16(double x)
{
    int e;

    return isnan(x) || isinf(x) ? x : frexp(x, &e);
}

static inline uint32_t frexp_exp16(double x)
{
    int e = 0;

    if (isnan(x) || isinf(x)) {
        return 0;
    }
    frexp(x, &e);
    return (uint32_t)e & SH_U16_MAX;
}

static inline uint32_t fract16(uint32_t h, const ShV16 *v)
{
    double x = v16_val(h);
    uint32_t r;

    if (isinf(x)) {
        return SH_F16_QNAN;
    }
    if (isnan(x)) {
        return h | SH_F16_QUIET;
    }
    /* Just below an integer, x - floor(x) rounds up to 1. */
    r = v16_res(x - floor(x), v);
    return r > SH_F16_BELOW_ONE ? SH_F16_BELOW_ONE : r;
}

static inline double ldexp16(double x, uint32_t n)
{
    int e = (int)(int16_t)n;

    e = e < -SH_F16_LDEXP_LIMIT ? -SH_F16_LDEXP_LIMIT
      : e > SH_F16_LDEXP_LIMIT ? SH_F16_LDEXP_LIMIT : e;
    return ldexp(x, e);
}

/* v_sin/v_cos take revolutions (the compiler pre-multiplies by 1/2pi). */
static inline double sin_rev(double x)
{
    return sin(2.0 * M_PI * (x - rint(x)));
}

static inline double cos_rev(double x)
{
    return cos(2.0 * M_PI * (x - rint(x)));
}

/* v_sat_pk_u8_i16: two i16s to two u8s, saturated. */
static inline uint32_t sat_u8(int32_t x)
{
    return x < 0 ? 0 : x > (int32_t)SH_U8_MAX ? SH_U8_MAX : (uint32_t)x;
}

/*
 * A 16-bit op: expr computes the 16-bit result from a, b, c (the source
 * halves, as uint32_t), fa, fb, fc (the same as f16 inputs, modifiers
 * applied) and v (ShV16); place says what happens to VDST's other half.
 */
#define VOP16_FTZ(fn, place, force_ftz, expr) \
    static inline SH_ALWAYS_INLINE uint32_t \
    fn##_half(uint32_t a, uint32_t b, uint32_t c, const ShV16 *v) \
    { \
        uint32_t fa = v16_fin(a, v, 0), fb = v16_fin(b, v, 1); \
        uint32_t fc = v16_fin(c, v, 2); \
        (void)a; (void)b; (void)c; (void)fa; (void)fb; (void)fc; (void)v; \
        return (expr) & SH_F16_MASK; \
    } \
    SH_VOP(fn) \
    { \
        AemuShRow b0, b1, b2; \
        const uint32_t *s0 = sh_vsrc32(w, in, 0, b0); \
        const uint32_t *s1 = sh_vsrc32(w, in, 1, b1); \
        const uint32_t *s2 = sh_vsrc32(w, in, 2, b2); \
        uint32_t *row = w->vgpr[in->dst]; \
        ShV16 v; \
        if (!v16_ok(d, w, in)) { \
            return; \
        } \
        v16_setup(w, in, place, force_ftz, &v); \
        SH_LANES_WRITE(w, row, \
            (row[l] & v.dkeep) | \
            fn##_half(s0[l] >> v.shift[0] & SH_F16_MASK, \
                      s1[l] >> v.shift[1] & SH_F16_MASK, \
                      s2[l] >> v.shift[2] & SH_F16_MASK, &v) << v.dshift); \
    }
#define VOP16(fn, place, expr) VOP16_FTZ(fn, place, false, expr)

#define Z SH_V16_ZERO_HI
#define K SH_V16_KEEP_HI

/* f16 arithmetic */
VOP16(v_add_f16, Z, v16_res(v16_val(fa) + v16_val(fb), v))
VOP16(v_sub_f16, Z, v16_res(v16_val(fa) - v16_val(fb), v))
VOP16(v_subrev_f16, Z, v16_res(v16_val(fb) - v16_val(fa), v))
VOP16(v_mul_f16, Z, v16_res(v16_val(fa) * v16_val(fb), v))
VOP16_FTZ(v_mad_f16, K, true, mad16(fa, fb, fc, v))
VOP16_FTZ(v_mad_legacy_f16, Z, true, mad16(fa, fb, fc, v))
VOP16(v_fma_f16, K,
      v16_res(fma(v16_val(fa), v16_val(fb), v16_val(fc)), v))
VOP16(v_fma_legacy_f16, Z,
      v16_res(fma(v16_val(fa), v16_val(fb), v16_val(fc)), v))
/* The quotient's special cases are already in the division. */
VOP16(v_div_fixup_f16, K, v16_res(v16_val(fc) / v16_val(fb), v))
VOP16(v_div_fixup_legacy_f16, Z, v16_res(v16_val(fc) / v16_val(fb), v))
VOP16(v_max_f16, Z, fmax16(fa, fb, v))
VOP16(v_min_f16, Z, fmin16(fa, fb, v))
VOP16(v_max3_f16, K, fmax16(fmax16(fa, fb, v), fc, v))
VOP16(v_min3_f16, K, fmin16(fmin16(fa, fb, v), fc, v))
VOP16(v_med3_f16, K, fmed3_16(fa, fb, fc, v))
VOP16(v_ldexp_f16, Z, v16_res(ldexp16(v16_val(fa), b), v))
/* f16 unary ops */
VOP16(v_rcp_f16, Z, v16_res(1.0 / v16_val(fa), v))
VOP16(v_sqrt_f16, Z, v16_res(sqrt(v16_val(fa)), v))
VOP16(v_rsq_f16, Z, v16_res(1.0 / sqrt(v16_val(fa)), v))
VOP16(v_log_f16, Z, v16_res(log2(v16_val(fa)), v))
VOP16(v_exp_f16, Z, v16_res(exp2(v16_val(fa)), v))
VOP16(v_sin_f16, Z, v16_res(sin_rev(v16_val(fa)), v))
VOP16(v_cos_f16, Z, v16_res(cos_rev(v16_val(fa)), v))
VOP16(v_floor_f16, Z, v16_res(floor(v16_val(fa)), v))
VOP16(v_ceil_f16, Z, v16_res(ceil(v16_val(fa)), v))
VOP16(v_trunc_f16, Z, v16_res(trunc(v16_val(fa)), v))
VOP16(v_rndne_f16, Z, v16_res(rint(v16_val(fa)), v))
VOP16(v_fract_f16, Z, fract16(fa, v))
VOP16(v_frexp_mant_f16, Z, v16_res(frexp_mant16(v16_val(fa)), v))
VOP16(v_frexp_exp_i16_f16, Z, frexp_exp16(v16_val(fa)))
/* conversions */
VOP16(v_cvt_f16_u16, Z, v16_res((double)a, v))
VOP16(v_cvt_f16_i16, Z, v16_res((double)s16(a), v))
VOP16(v_cvt_u16_f16, Z, f16_to_int(fa, 0.0, SH_U16_MAX))
VOP16(v_cvt_i16_f16, Z, f16_to_int(fa, INT16_MIN, INT16_MAX))
VOP16(v_cvt_norm_i16_f16, Z, norm16(v16_val(fa), true))
VOP16(v_cvt_norm_u16_f16, Z, norm16(v16_val(fa), false))
VOP16(v_sat_pk_u8_i16, Z,
      sat_u8((int16_t)a) | sat_u8((int16_t)(a >> SH_HALF_BITS)) << 8)
/* u16/i16 */
VOP16(v_add_u16, Z, sat_u16((int64_t)a + b, v))
VOP16(v_sub_u16, Z, sat_u16((int64_t)a - b, v))
VOP16(v_subrev_u16, Z, sat_u16((int64_t)b - a, v))
VOP16(v_add_i16, Z, sat_i16(s16(a) + s16(b), v))
VOP16(v_sub_i16, Z, sat_i16(s16(a) - s16(b), v))
VOP16(v_mul_lo_u16, Z, a * b)
VOP16(v_mad_u16, K, sat_u16((int64_t)a * b + c, v))
VOP16(v_mad_i16, K, sat_i16(s16(a) * s16(b) + s16(c), v))
VOP16(v_mad_legacy_u16, Z, sat_u16((int64_t)a * b + c, v))
VOP16(v_mad_legacy_i16, Z, sat_i16(s16(a) * s16(b) + s16(c), v))
/* The "rev" shifts take the count in S0, 4 bits of it. */
VOP16(v_lshlrev_b16, Z, b << (a & SH_HALF_SHIFT_MASK))
VOP16(v_lshrrev_b16, Z, b >> (a & SH_HALF_SHIFT_MASK))
VOP16(v_ashrrev_i16, Z, (uint32_t)(s16(b) >> (a & SH_HALF_SHIFT_MASK)))
VOP16(v_max_u16, Z, a > b ? a : b)
VOP16(v_min_u16, Z, a < b ? a : b)
VOP16(v_max_i16, Z, s16(a) > s16(b) ? a : b)
VOP16(v_min_i16, Z, s16(a) < s16(b) ? a : b)
VOP16(v_max3_u16, K, max3u(a, b, c))
VOP16(v_min3_u16, K, min3u(a, b, c))
VOP16(v_med3_u16, K, med3u(a, b, c))
VOP16(v_max3_i16, K, BIAS(max3u(BIAS(a), BIAS(b), BIAS(c))))
VOP16(v_min3_i16, K, BIAS(min3u(BIAS(a), BIAS(b), BIAS(c))))
VOP16(v_med3_i16, K, BIAS(med3u(BIAS(a), BIAS(b), BIAS(c))))

#undef Z
#undef K

/*
 * Ops with a 32-bit result from 16-bit sources (OP_SEL picks the source
 * halves; the result fills VDST).
 */
#define VOP16_32(fn, expr) \
    static inline SH_ALWAYS_INLINE uint32_t \
    fn##_lane(uint32_t a, uint32_t b, uint32_t c, const ShV16 *v) \
    { \
        uint32_t fa = v16_fin(a, v, 0), fb = v16_fin(b, v, 1); \
        (void)a; (void)b; (void)c; (void)fa; (void)fb; (void)v; \
        return (expr); \
    } \
    SH_VOP(fn) \
    { \
        AemuShRow b0, b1, b2; \
        const uint32_t *s0 = sh_vsrc32(w, in, 0, b0); \
        const uint32_t *s1 = sh_vsrc32(w, in, 1, b1); \
        const uint32_t *s2 = sh_vsrc32(w, in, 2, b2); \
        ShV16 v; \
        if (!v16_ok(d, w, in)) { \
            return; \
        } \
        v16_setup(w, in, SH_V16_ZERO_HI, false, &v); \
        SH_LANES_WRITE(w, w->vgpr[in->dst], \
            fn##_lane(s0[l] >> v.shift[0] & SH_F16_MASK, \
                      s1[l] >> v.shift[1] & SH_F16_MASK, s2[l], &v)); \
    }

/* The sign bits of f16 modifiers act on the bits packed as they are. */
VOP16_32(v_pack_b32_f16, fa | fb << SH_HALF_BITS)
VOP16_32(v_cvt_pknorm_i16_f16, norm16(v16_val(fa), true) |
                               norm16(v16_val(fb), true) << SH_HALF_BITS)
VOP16_32(v_cvt_pknorm_u16_f16, norm16(v16_val(fa), false) |
                               norm16(v16_val(fb), false) << SH_HALF_BITS)
/* OP_SEL of S0 and S1 (ACO: idx 0 and 1) picks their halves; S2 is 32-bit. */
VOP16_32(v_mad_u32_u16, a * b + c)
VOP16_32(v_mad_i32_i16, (uint32_t)((int32_t)s16(a) * (int32_t)s16(b)) + c)

/* ---- f32 sources packed to 8 and 16 bits (gfx7 and gfx9) ---- */

/* f32 source i's lanes with VOP3's abs and neg, as doubles. */
static void f32_src(const AemuWave *w, const AemuShInst *in, unsigned i,
                    double *out)
{
    AemuShRow buf;
    const uint32_t *s = sh_vsrc32(w, in, i, buf);
    uint32_t keep = in->abs >> i & 1 ? ~SH_F32_SIGN : UINT32_MAX;
    uint32_t flip = in->neg >> i & 1 ? SH_F32_SIGN : 0;

    for (unsigned l = 0; l < AEMU_WAVE_LANES; l++) {
        out[l] = sh_f32((s[l] & keep) ^ flip);
    }
}

#define VOP_PK32(fn, expr) \
    SH_VOP(fn) \
    { \
        double x[AEMU_WAVE_LANES], y[AEMU_WAVE_LANES]; \
        AemuShRow b1, b2; \
        const uint32_t *s1 = sh_vsrc32(w, in, 1, b1); \
        const uint32_t *s2 = sh_vsrc32(w, in, 2, b2); \
        uint32_t *row = w->vgpr[in->dst]; \
        (void)d; (void)s1; (void)s2; \
        f32_src(w, in, 0, x); \
        f32_src(w, in, 1, y); \
        SH_LANES_WRITE(w, row, (expr)); \
    }

/* D = { snorm16(S1), snorm16(S0) } and the unorm16 form. */
VOP_PK32(v_cvt_pknorm_i16_f32,
         norm16(x[l], true) | norm16(y[l], true) << SH_HALF_BITS)
VOP_PK32(v_cvt_pknorm_u16_f32,
         norm16(x[l], false) | norm16(y[l], false) << SH_HALF_BITS)

/* Byte S1[1:0] of a word replaced by u8(S0). */
static inline uint32_t put_byte(uint32_t word, uint32_t sel, double x)
{
    unsigned shift = (sel & SH_BYTE_SEL_MASK) * SH_BYTE_BITS;

    return (word & ~(SH_U8_MAX << shift)) | to_u8(x) << shift;
}

/* v_cvt_pkaccum_u8_f32: into VDST itself; v_cvt_pk_u8_f32: into S2. */
VOP_PK32(v_cvt_pkaccum_u8_f32, put_byte(row[l], s1[l], x[l]))
VOP_PK32(v_cvt_pk_u8_f32, put_byte(s2[l], s1[l], x[l]))

/* ---- the decoder's and the handler lookup's questions ---- */

bool aemu_sh_vop3_opsel_ok(AemuShOp op)
{
    switch (op) {
    case SH_OP_V_DIV_FIXUP_F16: case SH_OP_V_FMA_F16: case SH_OP_V_MAD_F16:
    case SH_OP_V_MAD_U16: case SH_OP_V_MAD_I16:
    case SH_OP_V_MED3_F16: case SH_OP_V_MED3_I16: case SH_OP_V_MED3_U16:
    case SH_OP_V_MIN3_F16: case SH_OP_V_MIN3_I16: case SH_OP_V_MIN3_U16:
    case SH_OP_V_MAX3_F16: case SH_OP_V_MAX3_I16: case SH_OP_V_MAX3_U16:
    case SH_OP_V_MAX_U16: case SH_OP_V_MAX_I16:
    case SH_OP_V_MIN_U16: case SH_OP_V_MIN_I16:
    case SH_OP_V_ADD_I16: case SH_OP_V_SUB_I16:
    case SH_OP_V_ADD_U16: case SH_OP_V_SUB_U16:
    case SH_OP_V_LSHLREV_B16: case SH_OP_V_LSHRREV_B16:
    case SH_OP_V_ASHRREV_I16: case SH_OP_V_MUL_LO_U16:
    case SH_OP_V_PACK_B32_F16:
    case SH_OP_V_CVT_PKNORM_I16_F16: case SH_OP_V_CVT_PKNORM_U16_F16:
    case SH_OP_V_MAD_U32_U16: case SH_OP_V_MAD_I32_I16:
        return true;
    default:
        return false;
    }
}

typedef struct ShV16Op {
    AemuShOp op;
    AemuShExecFn *fn;
} ShV16Op;

static const ShV16Op sh_v16_ops[] = {
    { SH_OP_V_ADD_F16, v_add_f16 }, { SH_OP_V_SUB_F16, v_sub_f16 },
    { SH_OP_V_SUBREV_F16, v_subrev_f16 }, { SH_OP_V_MUL_F16, v_mul_f16 },
    { SH_OP_V_MAC_F16, v_mad_f16 }, { SH_OP_V_MADMK_F16, v_mad_f16 },
    { SH_OP_V_MADAK_F16, v_mad_f16 }, { SH_OP_V_MAD_F16, v_mad_f16 },
    { SH_OP_V_MAD_LEGACY_F16, v_mad_legacy_f16 },
    { SH_OP_V_FMA_F16, v_fma_f16 },
    { SH_OP_V_FMA_LEGACY_F16, v_fma_legacy_f16 },
    { SH_OP_V_DIV_FIXUP_F16, v_div_fixup_f16 },
    { SH_OP_V_DIV_FIXUP_LEGACY_F16, v_div_fixup_legacy_f16 },
    { SH_OP_V_MAX_F16, v_max_f16 }, { SH_OP_V_MIN_F16, v_min_f16 },
    { SH_OP_V_MAX3_F16, v_max3_f16 }, { SH_OP_V_MIN3_F16, v_min3_f16 },
    { SH_OP_V_MED3_F16, v_med3_f16 }, { SH_OP_V_LDEXP_F16, v_ldexp_f16 },
    { SH_OP_V_RCP_F16, v_rcp_f16 }, { SH_OP_V_SQRT_F16, v_sqrt_f16 },
    { SH_OP_V_RSQ_F16, v_rsq_f16 }, { SH_OP_V_LOG_F16, v_log_f16 },
    { SH_OP_V_EXP_F16, v_exp_f16 }, { SH_OP_V_SIN_F16, v_sin_f16 },
    { SH_OP_V_COS_F16, v_cos_f16 }, { SH_OP_V_FLOOR_F16, v_floor_f16 },
    { SH_OP_V_CEIL_F16, v_ceil_f16 }, { SH_OP_V_TRUNC_F16, v_trunc_f16 },
    { SH_OP_V_RNDNE_F16, v_rndne_f16 }, { SH_OP_V_FRACT_F16, v_fract_f16 },
    { SH_OP_V_FREXP_MANT_F16, v_frexp_mant_f16 },
    { SH_OP_V_FREXP_EXP_I16_F16, v_frexp_exp_i16_f16 },
    { SH_OP_V_CVT_F16_U16, v_cvt_f16_u16 },
    { SH_OP_V_CVT_F16_I16, v_cvt_f16_i16 },
    { SH_OP_V_CVT_U16_F16, v_cvt_u16_f16 },
    { SH_OP_V_CVT_I16_F16, v_cvt_i16_f16 },
    { SH_OP_V_CVT_NORM_I16_F16, v_cvt_norm_i16_f16 },
    { SH_OP_V_CVT_NORM_U16_F16, v_cvt_norm_u16_f16 },
    { SH_OP_V_SAT_PK_U8_I16, v_sat_pk_u8_i16 },
    { SH_OP_V_ADD_U16, v_add_u16 }, { SH_OP_V_SUB_U16, v_sub_u16 },
    { SH_OP_V_SUBREV_U16, v_subrev_u16 },
    { SH_OP_V_ADD_I16, v_add_i16 }, { SH_OP_V_SUB_I16, v_sub_i16 },
    { SH_OP_V_MUL_LO_U16, v_mul_lo_u16 },
    { SH_OP_V_MAD_U16, v_mad_u16 }, { SH_OP_V_MAD_I16, v_mad_i16 },
    { SH_OP_V_MAD_LEGACY_U16, v_mad_legacy_u16 },
    { SH_OP_V_MAD_LEGACY_I16, v_mad_legacy_i16 },
    { SH_OP_V_LSHLREV_B16, v_lshlrev_b16 },
    { SH_OP_V_LSHRREV_B16, v_lshrrev_b16 },
    { SH_OP_V_ASHRREV_I16, v_ashrrev_i16 },
    { SH_OP_V_MAX_U16, v_max_u16 }, { SH_OP_V_MIN_U16, v_min_u16 },
    { SH_OP_V_MAX_I16, v_max_i16 }, { SH_OP_V_MIN_I16, v_min_i16 },
    { SH_OP_V_MAX3_U16, v_max3_u16 }, { SH_OP_V_MIN3_U16, v_min3_u16 },
    { SH_OP_V_MED3_U16, v_med3_u16 }, { SH_OP_V_MAX3_I16, v_max3_i16 },
    { SH_OP_V_MIN3_I16, v_min3_i16 }, { SH_OP_V_MED3_I16, v_med3_i16 },
    { SH_OP_V_PACK_B32_F16, v_pack_b32_f16 },
    { SH_OP_V_CVT_PKNORM_I16_F16, v_cvt_pknorm_i16_f16 },
    { SH_OP_V_CVT_PKNORM_U16_F16, v_cvt_pknorm_u16_f16 },
    { SH_OP_V_MAD_U32_U16, v_mad_u32_u16 },
    { SH_OP_V_MAD_I32_I16, v_mad_i32_i16 },
    { SH_OP_V_CVT_PKNORM_I16_F32, v_cvt_pknorm_i16_f32 },
    { SH_OP_V_CVT_PKNORM_U16_F32, v_cvt_pknorm_u16_f32 },
    { SH_OP_V_CVT_PKACCUM_U8_F32, v_cvt_pkaccum_u8_f32 },
    { SH_OP_V_CVT_PK_U8_F32, v_cvt_pk_u8_f32 },
};

AemuShExecFn *aemu_sh_v16_handler(AemuShOp op)
{
    for (unsigned i = 0; i < G_N_ELEMENTS(sh_v16_ops); i++) {
        if (sh_v16_ops[i].op == op) {
            return sh_v16_ops[i].fn;
        }
    }
    return NULL;
}
