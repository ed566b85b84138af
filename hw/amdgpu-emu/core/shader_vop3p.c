/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * amdgpu-emu core: gfx9's VOP3P ops of the shader interpreter, the packed
 * 16-bit math (v_pk_*: two 16-bit lanes in each 32-bit VGPR lane) and
 * the mixed-precision fma (v_mad_mix on Vega10, which ACO's table names
 * v_fma_mix) (Vega ISA "VOP3P"; aco_assembler.cpp for the fields).
 *
 * Each half of the result reads, from each source, the half OP_SEL
 * (for the low result) or OP_SEL_HI (for the high one) picks; NEG_LO and
 * NEG_HI negate f16 inputs of the low and high computation. Integer ops
 * take no input modifiers (the decoder's table says which ops do: ops
 * without them halt if a NEG bit is set). CLAMP saturates the integer
 * adds, subtracts and mads to their type, and clamps f16 results to
 * [0, 1] (NaN to 0 under MODE.DX10_CLAMP).
 *
 * f16 arithmetic is done in double, where the sum or product of two f16
 * values is exact, and rounded once to f16 (round to nearest even, the
 * only mode modelled); fma rounds twice (double, then f16), which can
 * differ from the hardware in the last bit of rare halfway cases. f16
 * denormals are kept or flushed as MODE's f64/f16 field says.
 */
#include "shader_f16.h"

#define SH_HALF_BITS        16u
#define SH_HALF_MASK        0xffffu
#define SH_HALF_SHIFT_MASK  15u
#define SH_U16_MAX          0xffffu

#define SH_VOP(fn) \
    static void fn(AemuDevice *d, AemuWave *w, const AemuShInst *in)

/* How one half of the result reads its sources, and what it does. */
typedef struct ShPkHalf {
    unsigned shift[3];      /* 0 or 16: the source half */
    uint32_t flip[3];       /* f16 sign flips (NEG_LO / NEG_HI) */
} ShPkHalf;

typedef ShF16Mode ShPkMode;

static void pk_halves(const AemuShInst *in, ShPkHalf *lo, ShPkHalf *hi)
{
    for (unsigned i = 0; i < 3; i++) {
        lo->shift[i] = (in->opsel >> i & 1) ? SH_HALF_BITS : 0;
        hi->shift[i] = (in->opsel_hi >> i & 1) ? SH_HALF_BITS : 0;
        lo->flip[i] = (in->neg >> i & 1) ? SH_F16_SIGN : 0;
        hi->flip[i] = (in->neg_hi >> i & 1) ? SH_F16_SIGN : 0;
    }
}

static ShPkMode pk_mode(const AemuWave *w, const AemuShInst *in)
{
    return sh_f16_mode(w, in->clamp);
}

static inline uint32_t half_of(uint32_t v, unsigned shift)
{
    return (v >> shift) & SH_HALF_MASK;
}

/*
 * A packed op: expr computes one 16-bit half from a, b, c (the halves
 * the sources give it, as uint32_t; fa, fb, fc: f16 ops' inputs with
 * NEG applied and denormals flushed) and m (ShPkMode).
 */
#define VOP_PK(fn, expr) \
    static inline SH_ALWAYS_INLINE uint32_t \
    fn##_half(uint32_t a, uint32_t b, uint32_t c, const ShPkHalf *h, \
              const ShPkMode *m) \
    { \
        uint32_t fa = sh_f16_in(a, h->flip[0], m); \
        uint32_t fb = sh_f16_in(b, h->flip[1], m); \
        uint32_t fc = sh_f16_in(c, h->flip[2], m); \
        (void)a; (void)b; (void)c; (void)fa; (void)fb; (void)fc; (void)m; \
        return (expr) & SH_HALF_MASK; \
    } \
    SH_VOP(fn) \
    { \
        AemuShRow b0, b1, b2, r; \
        const uint32_t *s0 = sh_vsrc32(w, in, 0, b0); \
        const uint32_t *s1 = sh_vsrc32(w, in, 1, b1); \
        const uint32_t *s2 = sh_vsrc32(w, in, 2, b2); \
        ShPkHalf lo, hi; \
        ShPkMode m = pk_mode(w, in); \
        if (!pk_ok(d, w, in)) { \
            return; \
        } \
        pk_halves(in, &lo, &hi); \
        for (unsigned l = 0; l < AEMU_WAVE_LANES; l++) { \
            uint32_t rl = fn##_half(half_of(s0[l], lo.shift[0]), \
                                    half_of(s1[l], lo.shift[1]), \
                                    half_of(s2[l], lo.shift[2]), &lo, &m); \
            uint32_t rh = fn##_half(half_of(s0[l], hi.shift[0]), \
                                    half_of(s1[l], hi.shift[1]), \
                                    half_of(s2[l], hi.shift[2]), &hi, &m); \
            r[l] = rl | rh << SH_HALF_BITS; \
        } \
        sh_vwrite32(w, in->dst, r); \
    }

/* ---- integer halves ---- */

static inline uint32_t sat_u16(int64_t v, const ShPkMode *m)
{
    if (m->clamp) {
        v = v < 0 ? 0 : v > SH_U16_MAX ? SH_U16_MAX : v;
    }
    return (uint32_t)v;
}

static inline uint32_t sat_i16(int64_t v, const ShPkMode *m)
{
    if (m->clamp) {
        v = v < INT16_MIN ? INT16_MIN : v > INT16_MAX ? INT16_MAX : v;
    }
    return (uint32_t)v;
}

static inline int64_t s16(uint32_t v)
{
    return (int16_t)v;
}

/* The ops whose CLAMP has a meaning here; the others halt on it. */
static bool clamp_ok(AemuShOp op)
{
    switch (op) {
    case SH_OP_V_PK_ADD_U16: case SH_OP_V_PK_SUB_U16:
    case SH_OP_V_PK_ADD_I16: case SH_OP_V_PK_SUB_I16:
    case SH_OP_V_PK_MAD_U16: case SH_OP_V_PK_MAD_I16:
    case SH_OP_V_PK_ADD_F16: case SH_OP_V_PK_MUL_F16:
    case SH_OP_V_PK_FMA_F16: case SH_OP_V_PK_MAX_F16:
    case SH_OP_V_PK_MIN_F16:
        return true;
    default:
        return false;
    }
}

/*
 * What the model does not execute halts: an integer op with NEG bits, a
 * clamp the op has no meaning for. One test of the usual case (no
 * modifier bits) first; MODE's rounding applies in sh_f16_res.
 */
static bool pk_ok(AemuDevice *d, AemuWave *w, const AemuShInst *in)
{
    const AemuShOpInfo *info = sh_info(in);

    if (G_LIKELY(!(in->neg | in->neg_hi | in->clamp))) {
        return true;
    }
    if (G_UNLIKELY((in->neg | in->neg_hi) &&
                   !(info->flags & AEMU_SH_F_IN_MOD))) {
        aemu_sh_halt(d, w, in, "unimplemented NEG of %s at pc 0x%" PRIx64,
                     info->name, in->pc);
        return false;
    }
    if (G_UNLIKELY(in->clamp && !clamp_ok(in->op))) {
        aemu_sh_halt(d, w, in, "unimplemented clamp of %s at pc 0x%" PRIx64,
                     info->name, in->pc);
        return false;
    }
    return true;
}

VOP_PK(v_pk_add_u16, sat_u16((int64_t)a + b, m))
VOP_PK(v_pk_sub_u16, sat_u16((int64_t)a - b, m))
VOP_PK(v_pk_add_i16, sat_i16(s16(a) + s16(b), m))
VOP_PK(v_pk_sub_i16, sat_i16(s16(a) - s16(b), m))
VOP_PK(v_pk_mul_lo_u16, a * b)
VOP_PK(v_pk_mad_u16, sat_u16((int64_t)a * b + c, m))
VOP_PK(v_pk_mad_i16, sat_i16(s16(a) * s16(b) + s16(c), m))
VOP_PK(v_pk_max_u16, a > b ? a : b)
VOP_PK(v_pk_min_u16, a < b ? a : b)
VOP_PK(v_pk_max_i16, s16(a) > s16(b) ? a : b)
VOP_PK(v_pk_min_i16, s16(a) < s16(b) ? a : b)
/* The "rev" shifts take the count in S0, 4 bits of it. */
VOP_PK(v_pk_lshlrev_b16, b << (a & SH_HALF_SHIFT_MASK))
VOP_PK(v_pk_lshrrev_b16, b >> (a & SH_HALF_SHIFT_MASK))
VOP_PK(v_pk_ashrrev_i16, (uint32_t)(s16(b) >> (a & SH_HALF_SHIFT_MASK)))
VOP_PK(v_pk_add_f16, sh_f16_res(sh_f16_val(fa) + sh_f16_val(fb), m))
VOP_PK(v_pk_mul_f16, sh_f16_res(sh_f16_val(fa) * sh_f16_val(fb), m))
VOP_PK(v_pk_fma_f16,
       sh_f16_res(fma(sh_f16_val(fa), sh_f16_val(fb), sh_f16_val(fc)), m))

/* min/max need MODE.IEEE: a handler of their own around the same loop. */
#define VOP_PK_MINMAX(fn, max) \
    static inline SH_ALWAYS_INLINE uint32_t \
    fn##_half(uint32_t a, uint32_t b, const ShPkHalf *h, const ShPkMode *m, \
              bool ieee) \
    { \
        return sh_f16_minmax(sh_f16_in(a, h->flip[0], m), \
                             sh_f16_in(b, h->flip[1], m), ieee, max, m); \
    } \
    SH_VOP(fn) \
    { \
        AemuShRow b0, b1, r; \
        const uint32_t *s0 = sh_vsrc32(w, in, 0, b0); \
        const uint32_t *s1 = sh_vsrc32(w, in, 1, b1); \
        ShPkHalf lo, hi; \
        ShPkMode m = pk_mode(w, in); \
        bool ieee = w->mode & SH_MODE_IEEE; \
        if (!pk_ok(d, w, in)) { \
            return; \
        } \
        pk_halves(in, &lo, &hi); \
        for (unsigned l = 0; l < AEMU_WAVE_LANES; l++) { \
            uint32_t rl = fn##_half(half_of(s0[l], lo.shift[0]), \
                                    half_of(s1[l], lo.shift[1]), &lo, &m, \
                                    ieee); \
            uint32_t rh = fn##_half(half_of(s0[l], hi.shift[0]), \
                                    half_of(s1[l], hi.shift[1]), &hi, &m, \
                                    ieee); \
            r[l] = rl | rh << SH_HALF_BITS; \
        } \
        sh_vwrite32(w, in->dst, r); \
    }

VOP_PK_MINMAX(v_pk_max_f16, true)
VOP_PK_MINMAX(v_pk_min_f16, false)

typedef struct ShPkOp {
    AemuShOp op;
    AemuShExecFn *fn;
} ShPkOp;

static const ShPkOp sh_pk_ops[] = {
    { SH_OP_V_PK_ADD_U16, v_pk_add_u16 }, { SH_OP_V_PK_SUB_U16, v_pk_sub_u16 },
    { SH_OP_V_PK_ADD_I16, v_pk_add_i16 }, { SH_OP_V_PK_SUB_I16, v_pk_sub_i16 },
    { SH_OP_V_PK_MUL_LO_U16, v_pk_mul_lo_u16 },
    { SH_OP_V_PK_MAD_U16, v_pk_mad_u16 }, { SH_OP_V_PK_MAD_I16, v_pk_mad_i16 },
    { SH_OP_V_PK_MAX_U16, v_pk_max_u16 }, { SH_OP_V_PK_MIN_U16, v_pk_min_u16 },
    { SH_OP_V_PK_MAX_I16, v_pk_max_i16 }, { SH_OP_V_PK_MIN_I16, v_pk_min_i16 },
    { SH_OP_V_PK_LSHLREV_B16, v_pk_lshlrev_b16 },
    { SH_OP_V_PK_LSHRREV_B16, v_pk_lshrrev_b16 },
    { SH_OP_V_PK_ASHRREV_I16, v_pk_ashrrev_i16 },
    { SH_OP_V_PK_ADD_F16, v_pk_add_f16 }, { SH_OP_V_PK_MUL_F16, v_pk_mul_f16 },
    { SH_OP_V_PK_FMA_F16, v_pk_fma_f16 },
    { SH_OP_V_PK_MAX_F16, v_pk_max_f16 }, { SH_OP_V_PK_MIN_F16, v_pk_min_f16 },
};

AemuShExecFn *aemu_sh_vop3p_handler(AemuShOp op)
{
    for (unsigned i = 0; i < G_N_ELEMENTS(sh_pk_ops); i++) {
        if (sh_pk_ops[i].op == op) {
            return sh_pk_ops[i].fn;
        }
    }
    return NULL;
}
