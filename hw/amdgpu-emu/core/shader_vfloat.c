/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * amdgpu-emu core: the vector ALU's floating-point ops of the shader
 * interpreter: f32 and f64 arithmetic, min/max, rounding, conversions and
 * the transcendentals (ISA "Vector ALU Operations"; shader-execution.md
 * 4.9, 4.11).
 *
 * What MODE asks is honoured per op and type: denormal inputs and outputs
 * are flushed to a zero of the same sign unless FP_DENORM keeps them; IEEE
 * decides how min/max treat signalling NaNs; DX10_CLAMP makes the clamp
 * modifier turn NaN into 0. FP_ROUND (round to nearest even, toward +inf,
 * toward -inf, toward zero; for f32, and for f64 and f16 apart) rounds the
 * IEEE arithmetic and the conversions that can be inexact: the op runs
 * with the host's rounding mode set to the same direction (only when it
 * is not the default, so the common case costs one test) and put back
 * after. Ops whose rounding is fixed by their definition (floor, ceil,
 * trunc, rndne, fract, the float-to-integer conversions) and the
 * transcendental approximations ignore it. VOP3's abs/neg apply to the
 * sources, omod and clamp to the result, in that order.
 *
 * The transcendentals use the host's correctly rounded functions: at
 * least as precise as the hardware's ~1 ULP, not bit-identical to it.
 * v_mad_f32/v_mac_f32 round the product before the add and always flush
 * f32 denormals (they have no denormal support: shader-execution.md 4.9).
 */
#include <fenv.h>
#include <math.h>
#include "shader_interp.h"
#include "shader_fp.h"

/* VOP3 OMOD: multiply the result by 2, by 4, or by 0.5. */
#define SH_OMOD_MUL2        1u
#define SH_OMOD_MUL4        2u
#define SH_OMOD_DIV2        3u
/* The largest f32 below 1.0 (v_fract_f32's upper bound). */
#define SH_F32_BELOW_ONE    0x3f7fffffu
#define SH_F64_BELOW_ONE    0x3fefffffffffffffull
#define SH_BYTE_BITS        8u
#define SH_BYTE_MASK        0xffu

#define SH_VOP(fn) \
    static void fn(AemuDevice *d, AemuWave *w, const AemuShInst *in)

typedef enum ShFType { SH_T_F32, SH_T_F64 } ShFType;

static unsigned denorm_mode(const AemuWave *w, ShFType t)
{
    return (w->mode >> (t == SH_T_F32 ? SH_MODE_DENORM_F32_SHIFT
                                      : SH_MODE_DENORM_F64_SHIFT)) &
           (SH_DENORM_KEEP_IN | SH_DENORM_KEEP_OUT);
}

/* The host's rounding mode for each of MODE.FP_ROUND's; round_enter's answer when the host's mode was left alone. */
#define SH_ROUND_KEEP               (-1)

static const int sh_host_round[] = {
    [SH_ROUND_NEAREST_EVEN] = FE_TONEAREST,
    [SH_ROUND_PLUS_INF] = FE_UPWARD,
    [SH_ROUND_MINUS_INF] = FE_DOWNWARD,
    [SH_ROUND_ZERO] = FE_TOWARDZERO,
};

/* The FP_ROUND of results of type t (f64's field also rounds f16). */
static unsigned round_mode(const AemuWave *w, ShFType t)
{
    return t == SH_T_F32
        ? w->mode & SH_MODE_ROUND_F32_MASK
        : (w->mode & SH_MODE_ROUND_F64_MASK) >> SH_MODE_ROUND_F64_SHIFT;
}

static G_GNUC_NO_INLINE int round_switch(unsigned r)
{
    int saved = fegetround();

    fesetround(sh_host_round[r]);
    return saved;
}

/*
 * Round the op's results of type t as MODE says, until round_leave. The
 * host's mode is per thread and only the model's own float code runs in
 * between (QEMU's vCPUs use softfloat or their own threads).
 */
static inline int round_enter(const AemuWave *w, ShFType t)
{
    unsigned r = round_mode(w, t);

    return G_LIKELY(r == SH_ROUND_NEAREST_EVEN) ? SH_ROUND_KEEP
                                                : round_switch(r);
}

static inline void round_leave(int saved)
{
    if (G_UNLIKELY(saved != SH_ROUND_KEEP)) {
        fesetround(saved);
    }
}

/* ---- f32 sources and results ---- */

/*
 * Source i as f32 lanes: abs and neg applied, denormals flushed unless
 * MODE keeps them (force_ftz: the op never keeps them).
 */
static void src_f32(const AemuWave *w, const AemuShInst *in, unsigned i,
                    bool force_ftz, float *out)
{
    AemuShRow buf, t;
    const uint32_t *s = sh_vsrc32(w, in, i, buf);
    uint32_t keep = in->abs & (1u << i) ? ~SH_F32_SIGN : UINT32_MAX;
    uint32_t flip = in->neg & (1u << i) ? SH_F32_SIGN : 0;

    if (force_ftz || !(denorm_mode(w, SH_T_F32) & SH_DENORM_KEEP_IN)) {
        for (unsigned l = 0; l < AEMU_WAVE_LANES; l++) {
            t[l] = sh_ftz32((s[l] & keep) ^ flip);
        }
    } else {
        for (unsigned l = 0; l < AEMU_WAVE_LANES; l++) {
            t[l] = (s[l] & keep) ^ flip;
        }
    }
    memcpy(out, t, sizeof(t));
}

static float omod_f32(float v, unsigned omod)
{
    switch (omod) {
    case SH_OMOD_MUL2: return v * 2.0f;
    case SH_OMOD_MUL4: return v * 4.0f;
    case SH_OMOD_DIV2: return v * 0.5f;
    default: return v;
    }
}

/* The result lanes: omod, clamp, denormal flush, EXEC. */
static void dst_f32(AemuWave *w, const AemuShInst *in, bool force_ftz,
                    float *r)
{
    AemuShRow t;
    bool flush = force_ftz ||
                 !(denorm_mode(w, SH_T_F32) & SH_DENORM_KEEP_OUT);

    if (G_UNLIKELY(in->omod || in->clamp)) {
        bool dx10 = w->mode & SH_MODE_DX10_CLAMP;

        for (unsigned l = 0; l < AEMU_WAVE_LANES; l++) {
            float v = omod_f32(r[l], in->omod);

            if (in->clamp) {
                v = isnan(v) ? (dx10 ? 0.0f : v)
                             : v < 0.0f ? 0.0f : v > 1.0f ? 1.0f : v;
            }
            r[l] = v;
        }
    }
    memcpy(t, r, sizeof(t));
    if (flush) {
        for (unsigned l = 0; l < AEMU_WAVE_LANES; l++) {
            t[l] = sh_ftz32(t[l]);
        }
    }
    sh_vwrite32(w, in->dst, t);
}

/*
 * What reading an f32 source does to its bits, as masks so that the lane
 * loops stay branch-free: abs keeps all but the sign, neg flips it, and a
 * flushed denormal loses its mantissa.
 */
typedef struct ShFin {
    uint32_t keep, flip, ftz;
} ShFin;

static inline ShFin fin(const AemuWave *w, const AemuShInst *in, unsigned i,
                        bool force_ftz)
{
    ShFin f = {
        .keep = in->abs & (1u << i) ? ~SH_F32_SIGN : UINT32_MAX,
        .flip = in->neg & (1u << i) ? SH_F32_SIGN : 0,
        .ftz = force_ftz ||
               !(denorm_mode(w, SH_T_F32) & SH_DENORM_KEEP_IN) ? SH_F32_MANT
                                                               : 0,
    };

    return f;
}

/*
 * v with the bits of ftz cleared if it is a denormal (or zero). The mask
 * comes from the sign of (exponent bits - 1), all ones for a zero
 * exponent only: an arithmetic that vectorises to fewer ops than the
 * select a compare becomes.
 */
static inline uint32_t ftz_bits(uint32_t v, uint32_t ftz)
{
    uint32_t tiny = (uint32_t)((int32_t)((v & SH_F32_EXP) - 1) >> 31);

    return v & ~(tiny & ftz);
}

static inline float lane_in(uint32_t v, ShFin f)
{
    return sh_f32(ftz_bits((v & f.keep) ^ f.flip, f.ftz));
}

/* A result's bits, flushed (mask SH_F32_MANT) or not (0). */
static inline uint32_t lane_out(float r, uint32_t ftz)
{
    return ftz_bits(sh_bits32(r), ftz);
}

/* omod and clamp of VOP3 results (rare: a second pass). */
static void post_f32(const AemuWave *w, const AemuShInst *in, uint32_t ftz,
                     uint32_t *r)
{
    bool dx10 = w->mode & SH_MODE_DX10_CLAMP;

    for (unsigned l = 0; l < AEMU_WAVE_LANES; l++) {
        float v = omod_f32(sh_f32(r[l]), in->omod);

        if (in->clamp) {
            v = isnan(v) ? (dx10 ? 0.0f : v)
                         : v < 0.0f ? 0.0f : v > 1.0f ? 1.0f : v;
        }
        r[l] = lane_out(v, ftz);
    }
}

/* Reading an f32 source as it is (no abs/neg, denormals kept). */
#define SH_FIN_PLAIN    ((ShFin) { .keep = UINT32_MAX, .flip = 0, .ftz = 0 })
/* ... with denormals flushed. */
#define SH_FIN_FTZ      ((ShFin) { .keep = UINT32_MAX, .flip = 0, \
                                   .ftz = SH_F32_MANT })

/*
 * An f32 op of up to three sources x, y, z, in one pass over the lanes:
 * fn_lane computes a lane (ieee_: MODE.IEEE, for min/max); the handler
 * writes the result straight into the destination row when there is no
 * omod or clamp, with the two common readings of the sources (no
 * modifiers, denormals all kept or all flushed) as loops of their own so
 * that those do not pay for the general masks.
 */
#define VOP_F32(fn, n, force_ftz, expr) \
    VOP_F32_CLONED(fn, n, force_ftz, expr, SH_VOP_CLONED, true)
/* A transcendental approximation: MODE's rounding does not apply. */
#define VOP_F32_APPROX(fn, n, force_ftz, expr) \
    VOP_F32_CLONED(fn, n, force_ftz, expr, SH_VOP_CLONED, false)
/* The same for an op that is fmaf: its clone has FMA too. */
#define VOP_F32_FMA(fn, n, force_ftz, expr) \
    VOP_F32_CLONED(fn, n, force_ftz, expr, SH_VOP_CLONED_FMA, true)
/*
 * ... and without a clone, for the roundings: the baseline compiles
 * floorf, ceilf, truncf and rintf to SSE2 sequences that pass a
 * signalling NaN through, SSE4.1's roundps (AVX2) quiets it.
 */
#define VOP_F32_BASE(fn, n, force_ftz, expr) \
    VOP_F32_CLONED(fn, n, force_ftz, expr, SH_VOP_UNCLONED, false)
#define VOP_F32_CLONED(fn, n, force_ftz, expr, CLONED, rounds) \
    static inline SH_ALWAYS_INLINE uint32_t \
    fn##_lane(uint32_t a, uint32_t b, uint32_t c, ShFin f0, ShFin f1, \
              ShFin f2, uint32_t ftz_out, bool ieee_) \
    { \
        float x = lane_in(a, f0); \
        float y = (n) > 1 ? lane_in(b, f1) : 0.0f; \
        float z = (n) > 2 ? lane_in(c, f2) : 0.0f; \
        (void)x; (void)y; (void)z; (void)ieee_; \
        return lane_out((expr), ftz_out); \
    } \
    CLONED(fn) \
    { \
        AemuShRow b0, b1, b2; \
        const uint32_t *s0, *s1, *s2; \
        ShFin f0, f1, f2; \
        uint32_t ftz_out; \
        bool ieee = w->mode & SH_MODE_IEEE; \
        int rnd = (rounds) ? round_enter(w, SH_T_F32) : SH_ROUND_KEEP; \
        s0 = sh_vsrc32(w, in, 0, b0); \
        s1 = sh_vsrc32(w, in, 1, b1); \
        s2 = sh_vsrc32(w, in, 2, b2); \
        f0 = fin(w, in, 0, force_ftz); \
        f1 = fin(w, in, 1, force_ftz); \
        f2 = fin(w, in, 2, force_ftz); \
        ftz_out = (force_ftz) || \
                  !(denorm_mode(w, SH_T_F32) & SH_DENORM_KEEP_OUT) \
                  ? SH_F32_MANT : 0; \
        if (G_UNLIKELY(in->omod || in->clamp)) { \
            AemuShRow r; \
            for (unsigned l = 0; l < AEMU_WAVE_LANES; l++) { \
                r[l] = fn##_lane(s0[l], s1[l], s2[l], f0, f1, f2, ftz_out, \
                                 ieee); \
            } \
            post_f32(w, in, ftz_out, r); \
            sh_vwrite32(w, in->dst, r); \
        } else if (!(in->abs | in->neg) && !f0.ftz && !ftz_out) { \
            SH_LANES_WRITE(w, w->vgpr[in->dst], \
                           fn##_lane(s0[l], s1[l], s2[l], SH_FIN_PLAIN, \
                                     SH_FIN_PLAIN, SH_FIN_PLAIN, 0, ieee)); \
        } else if (!(in->abs | in->neg) && f0.ftz && ftz_out) { \
            SH_LANES_WRITE(w, w->vgpr[in->dst], \
                           fn##_lane(s0[l], s1[l], s2[l], SH_FIN_FTZ, \
                                     SH_FIN_FTZ, SH_FIN_FTZ, SH_F32_MANT, \
                                     ieee)); \
        } else { \
            SH_LANES_WRITE(w, w->vgpr[in->dst], \
                           fn##_lane(s0[l], s1[l], s2[l], f0, f1, f2, \
                                     ftz_out, ieee)); \
        } \
        round_leave(rnd); \
    }

/*
 * min/max: a NaN operand gives the other one; in IEEE mode a signalling
 * NaN gives a quiet NaN instead (IEEE-754 minNum). -0 orders below +0.
 */
static inline float fminmax(float x, float y, bool ieee, bool max)
{
    uint32_t bx = sh_bits32(x), by = sh_bits32(y);

    if (ieee && (sh_issnan32(bx) || sh_issnan32(by))) {
        return sh_f32((sh_issnan32(bx) ? bx : by) | SH_F32_QUIET);
    }
    if (sh_isnan32(bx)) {
        return y;
    }
    if (sh_isnan32(by)) {
        return x;
    }
    if (x == y) {
        /* Equal, or -0 and +0: pick by sign. */
        return ((bx & SH_F32_SIGN) != 0) != max ? x : y;
    }
    return (x < y) != max ? x : y;
}

/*
 * The larger of two ordered values, the second on a tie (-0 and +0): what
 * the model's med3 has given since it was written with fmaxf, whose tie
 * the C library leaves open; spelt out so that every compiled copy of the
 * lane loop gives the same one.
 */
static inline float fmax_ordered(float a, float b)
{
    return a > b ? a : b;
}

static inline float fmed3(float x, float y, float z, bool ieee)
{
    float mx;

    if (isnan(x) || isnan(y) || isnan(z)) {
        return fminmax(fminmax(x, y, ieee, false), z, ieee, false);
    }
    mx = fmax_ordered(fmax_ordered(x, y), z);
    if (mx == x) {
        return fmax_ordered(y, z);
    }
    if (mx == y) {
        return fmax_ordered(x, z);
    }
    return fmax_ordered(x, y);
}

/* DX9 multiply: 0 times anything (inf, NaN) is 0. */
static inline float mul_legacy(float x, float y)
{
    return x == 0.0f || y == 0.0f ? 0.0f : x * y;
}

static inline float fract_f32(float x)
{
    if (isinf(x)) {
        return NAN;
    }
    return fminf(x - floorf(x), sh_f32(SH_F32_BELOW_ONE));
}

/* v_sin/v_cos take revolutions (the compiler pre-multiplies by 1/2pi). */
static inline float sin_rev(float x)
{
    return (float)sin(2.0 * M_PI * ((double)x - rint(x)));
}

static inline float cos_rev(float x)
{
    return (float)cos(2.0 * M_PI * ((double)x - rint(x)));
}

static inline float frexp_mant(float x)
{
    int e;

    return isnan(x) || isinf(x) ? x : frexpf(x, &e);
}

#define IEEE ieee_

VOP_F32(v_add_f32, 2, false, x + y)
VOP_F32(v_sub_f32, 2, false, x - y)
VOP_F32(v_subrev_f32, 2, false, y - x)
VOP_F32(v_mul_f32, 2, false, x * y)
VOP_F32(v_mul_legacy_f32, 2, false, mul_legacy(x, y))
VOP_F32(v_min_f32, 2, false, fminmax(x, y, IEEE, false))
VOP_F32(v_max_f32, 2, false, fminmax(x, y, IEEE, true))
/* gfx6/7 DX9 min/max: the comparison decides, so a NaN gives S1. */
VOP_F32(v_min_legacy_f32, 2, false, x < y ? x : y)
VOP_F32(v_max_legacy_f32, 2, false, x >= y ? x : y)
VOP_F32(v_min3_f32, 3, false,
        fminmax(fminmax(x, y, IEEE, false), z, IEEE, false))
VOP_F32(v_max3_f32, 3, false,
        fminmax(fminmax(x, y, IEEE, true), z, IEEE, true))
VOP_F32(v_med3_f32, 3, false, fmed3(x, y, z, IEEE))
/* Not fused: the product is rounded; no f32 denormals. */
VOP_F32(v_mad_f32, 3, true, x * y + z)
VOP_F32(v_mad_legacy_f32, 3, true, mul_legacy(x, y) + z)
VOP_F32_FMA(v_fma_f32, 3, false, fmaf(x, y, z))
VOP_F32_BASE(v_fract_f32, 1, false, fract_f32(x))
VOP_F32_BASE(v_trunc_f32, 1, false, truncf(x))
VOP_F32_BASE(v_ceil_f32, 1, false, ceilf(x))
VOP_F32_BASE(v_rndne_f32, 1, false, rintf(x))
VOP_F32_BASE(v_floor_f32, 1, false, floorf(x))
VOP_F32_APPROX(v_exp_f32, 1, false, exp2f(x))
VOP_F32_APPROX(v_log_f32, 1, false, log2f(x))
VOP_F32_APPROX(v_rcp_f32, 1, false, 1.0f / x)
VOP_F32_APPROX(v_rsq_f32, 1, false, 1.0f / sqrtf(x))
VOP_F32_APPROX(v_sqrt_f32, 1, false, sqrtf(x))
VOP_F32_APPROX(v_sin_f32, 1, false, sin_rev(x))
VOP_F32_APPROX(v_cos_f32, 1, false, cos_rev(x))
VOP_F32(v_frexp_mant_f32, 1, false, frexp_mant(x))

#undef IEEE

/* v_ldexp_f32: S0 * 2^S1, S1 a signed integer. */
SH_VOP(v_ldexp_f32)
{
    float a[AEMU_WAVE_LANES], r[AEMU_WAVE_LANES];
    AemuShRow b1;
    const uint32_t *s1;

    int rnd = round_enter(w, SH_T_F32);

    src_f32(w, in, 0, false, a);
    s1 = sh_vsrc32(w, in, 1, b1);
    for (unsigned l = 0; l < AEMU_WAVE_LANES; l++) {
        r[l] = ldexpf(a[l], (int32_t)s1[l]);
    }
    dst_f32(w, in, false, r);
    round_leave(rnd);
}

/* ---- conversions from f32 and to f32 ---- */

static inline uint32_t cvt_i32(double x)
{
    if (isnan(x)) {
        return 0;
    }
    x = trunc(x);
    return (uint32_t)(x <= INT32_MIN ? INT32_MIN : x >= INT32_MAX ? INT32_MAX
                                                                  : (int32_t)x);
}

static inline uint32_t cvt_u32(double x)
{
    if (isnan(x) || x <= 0.0) {
        return 0;
    }
    x = trunc(x);
    return x >= UINT32_MAX ? UINT32_MAX : (uint32_t)x;
}

/* An f32-to-integer (or to-bits) op: integer lanes out, no modifiers. */
#define VOP_F32_TO_U32(fn, expr) \
    static inline SH_ALWAYS_INLINE uint32_t \
    fn##_lane(const AemuWave *w, float x, float y) \
    { \
        (void)w; (void)y; \
        return (expr); \
    } \
    SH_VOP_CLONED(fn) \
    { \
        float a[AEMU_WAVE_LANES], b[AEMU_WAVE_LANES]; \
        src_f32(w, in, 0, false, a); \
        src_f32(w, in, 1, false, b); \
        SH_LANES_WRITE(w, w->vgpr[in->dst], fn##_lane(w, a[l], b[l])); \
    }

static inline uint32_t frexp_exp(float x)
{
    int e = 0;

    if (isnan(x) || isinf(x)) {
        return 0;
    }
    frexpf(x, &e);
    return (uint32_t)e;
}

static inline uint32_t f16_out(const AemuWave *w, uint16_t h)
{
    /* binary16 denormals follow the f64/f16 MODE field. */
    if (!(denorm_mode(w, SH_T_F64) & SH_DENORM_KEEP_OUT) &&
        !(h & SH_F16_EXP)) {
        h &= SH_F16_SIGN;
    }
    return h;
}

VOP_F32_TO_U32(v_cvt_i32_f32, cvt_i32(x))
VOP_F32_TO_U32(v_cvt_u32_f32, cvt_u32(x))
VOP_F32_TO_U32(v_cvt_rpi_i32_f32, cvt_i32(floor((double)x + 0.5)))
VOP_F32_TO_U32(v_cvt_flr_i32_f32, cvt_i32(floor((double)x)))
VOP_F32_TO_U32(v_frexp_exp_i32_f32, frexp_exp(x))
/*
 * f32 -> f16 as MODE's f64/f16 FP_ROUND says: nearest even and toward
 * zero directly; toward +inf or -inf from the truncated result, one ULP
 * further from zero when it was inexact and the direction is away from
 * zero for its sign (past the largest finite value that is infinity).
 */
static inline uint16_t cvt_f16(const AemuWave *w, float x)
{
    unsigned r = round_mode(w, SH_T_F64);
    uint32_t f = sh_bits32(x);
    uint16_t h = sh_f32_to_f16(f, r != SH_ROUND_NEAREST_EVEN);
    bool neg = f & SH_F32_SIGN;

    if (r == SH_ROUND_PLUS_INF || r == SH_ROUND_MINUS_INF) {
        bool away = neg == (r == SH_ROUND_MINUS_INF);

        if (away && !sh_isnan32(f) && sh_f16_to_f32(h) != f) {
            h++;
        }
    }
    return h;
}

VOP_F32_TO_U32(v_cvt_f16_f32, f16_out(w, cvt_f16(w, x)))
VOP_F32_TO_U32(v_cvt_pkrtz_f16_f32,
               f16_out(w, sh_f32_to_f16(sh_bits32(x), true)) |
               f16_out(w, sh_f32_to_f16(sh_bits32(y), true)) << 16)

/* An integer-to-f32 op (bits in, f32 out with omod and clamp). */
#define VOP_U32_TO_F32(fn, expr) \
    static inline SH_ALWAYS_INLINE float fn##_lane(uint32_t a) \
    { \
        return (expr); \
    } \
    SH_VOP_CLONED(fn) \
    { \
        AemuShRow b0; \
        const uint32_t *s0 = sh_vsrc32(w, in, 0, b0); \
        float r[AEMU_WAVE_LANES]; \
        uint32_t ftz_out; \
        int rnd = round_enter(w, SH_T_F32); \
        if (!in->omod && !in->clamp) { \
            /* dst_f32 without omod and clamp, in one pass. */ \
            ftz_out = denorm_mode(w, SH_T_F32) & SH_DENORM_KEEP_OUT \
                      ? 0 : SH_F32_MANT; \
            SH_LANES_WRITE(w, w->vgpr[in->dst], \
                           lane_out(fn##_lane(s0[l]), ftz_out)); \
        } else { \
            for (unsigned l = 0; l < AEMU_WAVE_LANES; l++) { \
                r[l] = fn##_lane(s0[l]); \
            } \
            dst_f32(w, in, false, r); \
        } \
        round_leave(rnd); \
    }

VOP_U32_TO_F32(v_cvt_f32_i32, (float)(int32_t)a)
VOP_U32_TO_F32(v_cvt_f32_u32, (float)a)
VOP_U32_TO_F32(v_cvt_f32_ubyte0, (float)(a & SH_BYTE_MASK))
VOP_U32_TO_F32(v_cvt_f32_ubyte1, (float)((a >> SH_BYTE_BITS) & SH_BYTE_MASK))
VOP_U32_TO_F32(v_cvt_f32_ubyte2,
               (float)((a >> (2 * SH_BYTE_BITS)) & SH_BYTE_MASK))
VOP_U32_TO_F32(v_cvt_f32_ubyte3, (float)(a >> (3 * SH_BYTE_BITS)))
VOP_U32_TO_F32(v_cvt_f32_f16, sh_f32(sh_f16_to_f32((uint16_t)a)))

/* ---- f64 ---- */

static void src_f64(const AemuWave *w, const AemuShInst *in, unsigned i,
                    double *out)
{
    uint64_t t[AEMU_WAVE_LANES];
    uint64_t keep = in->abs & (1u << i) ? ~SH_F64_SIGN : UINT64_MAX;
    uint64_t flip = in->neg & (1u << i) ? SH_F64_SIGN : 0;
    bool flush = !(denorm_mode(w, SH_T_F64) & SH_DENORM_KEEP_IN);

    sh_vsrc64(w, in, i, t);
    for (unsigned l = 0; l < AEMU_WAVE_LANES; l++) {
        uint64_t v = (t[l] & keep) ^ flip;

        t[l] = flush ? sh_ftz64(v) : v;
    }
    memcpy(out, t, sizeof(t));
}

static void dst_f64(AemuWave *w, const AemuShInst *in, double *r)
{
    uint64_t t[AEMU_WAVE_LANES];
    bool flush = !(denorm_mode(w, SH_T_F64) & SH_DENORM_KEEP_OUT);
    bool dx10 = w->mode & SH_MODE_DX10_CLAMP;

    for (unsigned l = 0; l < AEMU_WAVE_LANES; l++) {
        double v = r[l];

        switch (in->omod) {
        case SH_OMOD_MUL2: v *= 2.0; break;
        case SH_OMOD_MUL4: v *= 4.0; break;
        case SH_OMOD_DIV2: v *= 0.5; break;
        default: break;
        }
        if (in->clamp) {
            v = isnan(v) ? (dx10 ? 0.0 : v) : v < 0.0 ? 0.0 : v > 1.0 ? 1.0 : v;
        }
        t[l] = flush ? sh_ftz64(sh_bits64(v)) : sh_bits64(v);
    }
    sh_vwrite64(w, in->dst, t);
}

static inline double fminmax64(double x, double y, bool ieee, bool max)
{
    uint64_t bx = sh_bits64(x), by = sh_bits64(y);

    if (ieee && (sh_issnan64(bx) || sh_issnan64(by))) {
        return sh_f64((sh_issnan64(bx) ? bx : by) | SH_F64_QUIET);
    }
    if (sh_isnan64(bx)) {
        return y;
    }
    if (sh_isnan64(by)) {
        return x;
    }
    if (x == y) {
        return ((bx & SH_F64_SIGN) != 0) != max ? x : y;
    }
    return (x < y) != max ? x : y;
}

static inline double fract_f64(double x)
{
    if (isinf(x)) {
        return NAN;
    }
    return fmin(x - floor(x), sh_f64(SH_F64_BELOW_ONE));
}

#define VOP_F64(fn, n, expr) VOP_F64_ROUNDS(fn, n, expr, true)
/* Rounding fixed by the op, or an approximation: MODE does not apply. */
#define VOP_F64_FIXED(fn, n, expr) VOP_F64_ROUNDS(fn, n, expr, false)
#define VOP_F64_ROUNDS(fn, n, expr, rounds) \
    SH_VOP(fn) \
    { \
        double a[AEMU_WAVE_LANES], b[AEMU_WAVE_LANES], c[AEMU_WAVE_LANES]; \
        double r[AEMU_WAVE_LANES]; \
        int rnd = (rounds) ? round_enter(w, SH_T_F64) : SH_ROUND_KEEP; \
        src_f64(w, in, 0, a); \
        if ((n) > 1) { \
            src_f64(w, in, 1, b); \
        } else { \
            memcpy(b, a, sizeof(b)); \
        } \
        if ((n) > 2) { \
            src_f64(w, in, 2, c); \
        } else { \
            memcpy(c, a, sizeof(c)); \
        } \
        for (unsigned l = 0; l < AEMU_WAVE_LANES; l++) { \
            double x = a[l], y = b[l], z = c[l]; \
            (void)x; (void)y; (void)z; \
            r[l] = (expr); \
        } \
        dst_f64(w, in, r); \
        round_leave(rnd); \
    }

#define IEEE (w->mode & SH_MODE_IEEE)

VOP_F64(v_add_f64, 2, x + y)
VOP_F64(v_mul_f64, 2, x * y)
VOP_F64(v_fma_f64, 3, fma(x, y, z))
VOP_F64(v_min_f64, 2, fminmax64(x, y, IEEE, false))
VOP_F64(v_max_f64, 2, fminmax64(x, y, IEEE, true))
VOP_F64_FIXED(v_rcp_f64, 1, 1.0 / x)
VOP_F64_FIXED(v_rsq_f64, 1, 1.0 / sqrt(x))
VOP_F64_FIXED(v_sqrt_f64, 1, sqrt(x))
VOP_F64_FIXED(v_trunc_f64, 1, trunc(x))
VOP_F64_FIXED(v_ceil_f64, 1, ceil(x))
VOP_F64_FIXED(v_rndne_f64, 1, rint(x))
VOP_F64_FIXED(v_floor_f64, 1, floor(x))
VOP_F64_FIXED(v_fract_f64, 1, fract_f64(x))

#undef IEEE

SH_VOP(v_ldexp_f64)
{
    double a[AEMU_WAVE_LANES], r[AEMU_WAVE_LANES];
    AemuShRow b1;
    const uint32_t *s1;

    int rnd = round_enter(w, SH_T_F64);

    src_f64(w, in, 0, a);
    s1 = sh_vsrc32(w, in, 1, b1);
    for (unsigned l = 0; l < AEMU_WAVE_LANES; l++) {
        r[l] = ldexp(a[l], (int32_t)s1[l]);
    }
    dst_f64(w, in, r);
    round_leave(rnd);
}

/* f64 -> 32-bit results. */
#define VOP_F64_TO_U32(fn, expr) \
    SH_VOP(fn) \
    { \
        double a[AEMU_WAVE_LANES]; \
        AemuShRow r; \
        src_f64(w, in, 0, a); \
        for (unsigned l = 0; l < AEMU_WAVE_LANES; l++) { \
            double x = a[l]; \
            r[l] = (expr); \
        } \
        sh_vwrite32(w, in->dst, r); \
    }

static inline uint32_t frexp_exp64(double x)
{
    int e = 0;

    if (isnan(x) || isinf(x)) {
        return 0;
    }
    frexp(x, &e);
    return (uint32_t)e;
}

VOP_F64_TO_U32(v_cvt_i32_f64, cvt_i32(x))
VOP_F64_TO_U32(v_cvt_u32_f64, cvt_u32(x))
VOP_F64_TO_U32(v_frexp_exp_i32_f64, frexp_exp64(x))

SH_VOP(v_cvt_f32_f64)
{
    double a[AEMU_WAVE_LANES];
    float r[AEMU_WAVE_LANES];

    int rnd = round_enter(w, SH_T_F32);

    src_f64(w, in, 0, a);
    for (unsigned l = 0; l < AEMU_WAVE_LANES; l++) {
        r[l] = (float)a[l];
    }
    dst_f32(w, in, false, r);
    round_leave(rnd);
}

/* 32-bit sources -> f64 results. */
#define VOP_TO_F64(fn, expr) \
    SH_VOP(fn) \
    { \
        AemuShRow b0; \
        const uint32_t *s0 = sh_vsrc32(w, in, 0, b0); \
        double r[AEMU_WAVE_LANES]; \
        /* Exact: every 32-bit integer is a double. */ \
        for (unsigned l = 0; l < AEMU_WAVE_LANES; l++) { \
            uint32_t a = s0[l]; \
            r[l] = (expr); \
        } \
        dst_f64(w, in, r); \
    }

static inline double frexp_mant64(double x)
{
    int e;

    return isnan(x) || isinf(x) ? x : frexp(x, &e);
}

VOP_TO_F64(v_cvt_f64_i32, (double)(int32_t)a)
VOP_TO_F64(v_cvt_f64_u32, (double)a)

SH_VOP(v_cvt_f64_f32)
{
    float a[AEMU_WAVE_LANES];
    double r[AEMU_WAVE_LANES];

    /* Exact: every f32 is a double. */
    src_f32(w, in, 0, false, a);
    for (unsigned l = 0; l < AEMU_WAVE_LANES; l++) {
        r[l] = a[l];
    }
    dst_f64(w, in, r);
}

VOP_F64_FIXED(v_frexp_mant_f64, 1, frexp_mant64(x))

/* ---- division helpers (v_div_scale, v_div_fmas, v_div_fixup) ---- */

/*
 * The compilers' IEEE division is v_div_scale (numerator and denominator),
 * v_rcp and a Newton-Raphson chain of fma, v_div_fmas, then v_div_fixup
 * (quotient, denominator, numerator), whose result is the only one the
 * program keeps. The hardware scales to keep the chain away from
 * denormals; the model need not (its fma has no such limit), so, as
 * gem5's Vega model does: v_div_scale passes S0 through and clears its
 * VCC bit, v_div_fmas is a plain fma, and v_div_fixup gives the
 * correctly rounded quotient S2 / S1 with IEEE's special cases (0/0, x/0,
 * inf/inf, NaN), which is what the hardware's sequence computes.
 */
static void div_scale(AemuWave *w, const AemuShInst *in, bool f64)
{
    AemuShRow zero = { 0 };

    if (f64) {
        uint64_t a[AEMU_WAVE_LANES];
        uint64_t flip = in->neg & 1 ? SH_F64_SIGN : 0;

        sh_vsrc64(w, in, 0, a);
        for (unsigned l = 0; l < AEMU_WAVE_LANES; l++) {
            a[l] ^= flip;
        }
        sh_vwrite64(w, in->dst, a);
    } else {
        AemuShRow b0, r;
        const uint32_t *s0 = sh_vsrc32(w, in, 0, b0);
        uint32_t flip = in->neg & 1 ? SH_F32_SIGN : 0;

        for (unsigned l = 0; l < AEMU_WAVE_LANES; l++) {
            r[l] = s0[l] ^ flip;
        }
        sh_vwrite32(w, in->dst, r);
    }
    sh_swrite64(w, in->sdst, sh_lane_bits(w, zero));
}

SH_VOP(v_div_scale_f32) { div_scale(w, in, false); }
SH_VOP(v_div_scale_f64) { div_scale(w, in, true); }

VOP_F32_FMA(v_div_fmas_f32, 3, false, fmaf(x, y, z))
VOP_F32(v_div_fixup_f32, 3, false, z / y)

VOP_F64(v_div_fmas_f64, 3, fma(x, y, z))
VOP_F64(v_div_fixup_f64, 3, z / y)

AemuShExecFn *aemu_sh_vfloat_handler(AemuShOp op)
{
    switch (op) {
#define HU(name, fn) case SH_OP_##name: return fn
#define HC(name, fn) case SH_OP_##name: return SH_PICK(fn)
#define HF(name, fn) case SH_OP_##name: return SH_PICK_FMA(fn)
    HC(V_ADD_F32, v_add_f32); HC(V_SUB_F32, v_sub_f32);
    HC(V_SUBREV_F32, v_subrev_f32); HC(V_MUL_F32, v_mul_f32);
    HC(V_MUL_LEGACY_F32, v_mul_legacy_f32);
    HC(V_MIN_F32, v_min_f32); HC(V_MAX_F32, v_max_f32);
    HC(V_MIN_LEGACY_F32, v_min_legacy_f32);
    HC(V_MAX_LEGACY_F32, v_max_legacy_f32);
    HC(V_MIN3_F32, v_min3_f32); HC(V_MAX3_F32, v_max3_f32);
    HC(V_MED3_F32, v_med3_f32);
    HC(V_MAD_F32, v_mad_f32); HC(V_MAC_F32, v_mad_f32);
    HC(V_MADMK_F32, v_mad_f32); HC(V_MADAK_F32, v_mad_f32);
    HC(V_MAD_LEGACY_F32, v_mad_legacy_f32);
    HC(V_MAC_LEGACY_F32, v_mad_legacy_f32);
    HF(V_FMA_F32, v_fma_f32);
    HU(V_FRACT_F32, v_fract_f32); HU(V_TRUNC_F32, v_trunc_f32);
    HU(V_CEIL_F32, v_ceil_f32); HU(V_RNDNE_F32, v_rndne_f32);
    HU(V_FLOOR_F32, v_floor_f32);
    HC(V_EXP_F32, v_exp_f32); HC(V_LOG_F32, v_log_f32);
    HC(V_RCP_F32, v_rcp_f32); HC(V_RCP_IFLAG_F32, v_rcp_f32);
    HC(V_RSQ_F32, v_rsq_f32); HC(V_SQRT_F32, v_sqrt_f32);
    HC(V_SIN_F32, v_sin_f32); HC(V_COS_F32, v_cos_f32);
    HC(V_FREXP_MANT_F32, v_frexp_mant_f32);
    HC(V_FREXP_EXP_I32_F32, v_frexp_exp_i32_f32);
    HU(V_LDEXP_F32, v_ldexp_f32);
    HC(V_CVT_I32_F32, v_cvt_i32_f32); HC(V_CVT_U32_F32, v_cvt_u32_f32);
    HC(V_CVT_RPI_I32_F32, v_cvt_rpi_i32_f32);
    HC(V_CVT_FLR_I32_F32, v_cvt_flr_i32_f32);
    HC(V_CVT_F16_F32, v_cvt_f16_f32);
    HC(V_CVT_PKRTZ_F16_F32, v_cvt_pkrtz_f16_f32);
    HC(V_CVT_F32_I32, v_cvt_f32_i32); HC(V_CVT_F32_U32, v_cvt_f32_u32);
    HC(V_CVT_F32_UBYTE0, v_cvt_f32_ubyte0);
    HC(V_CVT_F32_UBYTE1, v_cvt_f32_ubyte1);
    HC(V_CVT_F32_UBYTE2, v_cvt_f32_ubyte2);
    HC(V_CVT_F32_UBYTE3, v_cvt_f32_ubyte3);
    HC(V_CVT_F32_F16, v_cvt_f32_f16);
    HU(V_ADD_F64, v_add_f64); HU(V_MUL_F64, v_mul_f64);
    HU(V_FMA_F64, v_fma_f64);
    HU(V_MIN_F64, v_min_f64); HU(V_MAX_F64, v_max_f64);
    HU(V_RCP_F64, v_rcp_f64); HU(V_RSQ_F64, v_rsq_f64);
    HU(V_SQRT_F64, v_sqrt_f64);
    HU(V_TRUNC_F64, v_trunc_f64); HU(V_CEIL_F64, v_ceil_f64);
    HU(V_RNDNE_F64, v_rndne_f64); HU(V_FLOOR_F64, v_floor_f64);
    HU(V_FRACT_F64, v_fract_f64);
    HU(V_LDEXP_F64, v_ldexp_f64);
    HU(V_FREXP_MANT_F64, v_frexp_mant_f64);
    HU(V_FREXP_EXP_I32_F64, v_frexp_exp_i32_f64);
    HU(V_CVT_I32_F64, v_cvt_i32_f64); HU(V_CVT_U32_F64, v_cvt_u32_f64);
    HU(V_CVT_F32_F64, v_cvt_f32_f64); HU(V_CVT_F64_F32, v_cvt_f64_f32);
    HU(V_CVT_F64_I32, v_cvt_f64_i32); HU(V_CVT_F64_U32, v_cvt_f64_u32);
    HU(V_DIV_SCALE_F32, v_div_scale_f32); HU(V_DIV_SCALE_F64, v_div_scale_f64);
    HF(V_DIV_FMAS_F32, v_div_fmas_f32); HU(V_DIV_FMAS_F64, v_div_fmas_f64);
    HC(V_DIV_FIXUP_F32, v_div_fixup_f32);
    HU(V_DIV_FIXUP_F64, v_div_fixup_f64);
#undef HU
#undef HC
#undef HF
    default:
        return NULL;
    }
}
