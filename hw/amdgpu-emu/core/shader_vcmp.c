/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * amdgpu-emu core: the vector compares of the shader interpreter (VOPC and
 * their VOP3 forms): v_cmp_*, v_cmpx_* (which also write EXEC on gfx7 and
 * gfx9: aco_assembler.cpp), gfx7's signalling v_cmps(x)_* (the same
 * results: the model raises no FP exceptions) and v_cmp_class_*.
 *
 * One handler per operand type; the condition comes from the generated op
 * table (AemuShOpInfo.cond, in the ISA's opcode order). The result has a
 * bit per lane, zero for the lanes EXEC disables, written to VCC (VOPC) or
 * the SGPR pair VOP3 names. Float compares see denormal inputs as MODE
 * says (flushed ones compare as zero); v_cmp_class sees the bits as they
 * are (inferred: it exists to tell denormals apart).
 */
#include <math.h>
#include "shader_interp.h"
#include "shader_fp.h"

/* v_cmp_class_*: the classes, bit by bit of S1 (ISA V_CMP_CLASS_F32). */
enum {
    SH_CLASS_SNAN, SH_CLASS_QNAN, SH_CLASS_NEG_INF, SH_CLASS_NEG_NORMAL,
    SH_CLASS_NEG_DENORM, SH_CLASS_NEG_ZERO, SH_CLASS_POS_ZERO,
    SH_CLASS_POS_DENORM, SH_CLASS_POS_NORMAL, SH_CLASS_POS_INF,
};

#define SH_VOP(fn) \
    static void fn(AemuDevice *d, AemuWave *w, const AemuShInst *in)

/* Write the lane bits to sdst, and to EXEC for v_cmpx. */
static void cmp_result(AemuWave *w, const AemuShInst *in, const uint32_t *c)
{
    uint64_t bits = sh_lane_bits(w, c);

    sh_swrite64(w, in->sdst, bits);
    if (sh_info(in)->flags & AEMU_SH_F_CMPX) {
        w->exec = bits;
    }
}

/* Source i as raw 64-bit lanes with abs/neg on the sign bit of `bits`. */
static void src_bits(const AemuWave *w, const AemuShInst *in, unsigned i,
                     unsigned bits, uint64_t *out)
{
    uint64_t sign = 1ull << (bits - 1);
    uint64_t keep = in->abs & (1u << i) ? ~sign : UINT64_MAX;
    uint64_t flip = in->neg & (1u << i) ? sign : 0;

    if (bits == 64) {
        sh_vsrc64(w, in, i, out);
    } else {
        AemuShRow buf;
        const uint32_t *s = sh_vsrc32(w, in, i, buf);

        for (unsigned l = 0; l < AEMU_WAVE_LANES; l++) {
            out[l] = s[l];
        }
    }
    for (unsigned l = 0; l < AEMU_WAVE_LANES; l++) {
        out[l] = (out[l] & keep) ^ flip;
    }
}

/*
 * The 16 float conditions on two value rows, one loop per condition (the
 * condition outside the lanes, so that each loop vectorises). The values
 * are compared in their own type: f32 compares as the double it widens
 * to does.
 */
#define FCMP_LOOP(A, B, C, cond) \
    do { \
        switch (cond) { \
        case AEMU_SH_CMPF_F: FCMP_LANES(A, B, C, 0); break; \
        case AEMU_SH_CMPF_LT: FCMP_LANES(A, B, C, p < q); break; \
        case AEMU_SH_CMPF_EQ: FCMP_LANES(A, B, C, p == q); break; \
        case AEMU_SH_CMPF_LE: FCMP_LANES(A, B, C, p <= q); break; \
        case AEMU_SH_CMPF_GT: FCMP_LANES(A, B, C, p > q); break; \
        case AEMU_SH_CMPF_LG: FCMP_LANES(A, B, C, p < q || p > q); break; \
        case AEMU_SH_CMPF_GE: FCMP_LANES(A, B, C, p >= q); break; \
        case AEMU_SH_CMPF_O: \
            FCMP_LANES(A, B, C, !isnan(p) && !isnan(q)); \
            break; \
        case AEMU_SH_CMPF_U: \
            FCMP_LANES(A, B, C, !(!isnan(p) && !isnan(q))); \
            break; \
        case AEMU_SH_CMPF_NGE: FCMP_LANES(A, B, C, !(p >= q)); break; \
        case AEMU_SH_CMPF_NLG: \
            FCMP_LANES(A, B, C, !(p < q || p > q)); \
            break; \
        case AEMU_SH_CMPF_NGT: FCMP_LANES(A, B, C, !(p > q)); break; \
        case AEMU_SH_CMPF_NLE: FCMP_LANES(A, B, C, !(p <= q)); break; \
        case AEMU_SH_CMPF_NEQ: FCMP_LANES(A, B, C, !(p == q)); break; \
        case AEMU_SH_CMPF_NLT: FCMP_LANES(A, B, C, !(p < q)); break; \
        default: FCMP_LANES(A, B, C, 1); break; \
        } \
    } while (0)

#define FCMP_LANES(A, B, C, expr) \
    do { \
        for (unsigned l = 0; l < AEMU_WAVE_LANES; l++) { \
            __typeof__(A[0]) p = A[l], q = B[l]; \
            (void)p; (void)q; \
            C[l] = (expr); \
        } \
    } while (0)

static unsigned denorm_keep_in(const AemuWave *w, bool f32)
{
    unsigned mode = (w->mode >> (f32 ? SH_MODE_DENORM_F32_SHIFT
                                     : SH_MODE_DENORM_F64_SHIFT));

    return mode & SH_DENORM_KEEP_IN;
}

/* An f32 source as floats: abs/neg on the sign, denormals as MODE says. */
static void f32_src(const AemuWave *w, const AemuShInst *in, unsigned i,
                    bool flush, float *x)
{
    AemuShRow buf;
    const uint32_t *s = sh_vsrc32(w, in, i, buf);
    uint32_t keep = in->abs & (1u << i) ? ~SH_F32_SIGN : UINT32_MAX;
    uint32_t flip = in->neg & (1u << i) ? SH_F32_SIGN : 0;
    uint32_t ftz = flush ? ~SH_F32_SIGN : 0;

    for (unsigned l = 0; l < AEMU_WAVE_LANES; l++) {
        uint32_t p = (s[l] & keep) ^ flip;
        /* A zero exponent: keep the sign only (sh_ftz32). */
        uint32_t tiny = (uint32_t)((int32_t)((p & SH_F32_EXP) - 1) >> 31);

        x[l] = sh_f32(p & ~(tiny & ftz));
    }
}

SH_VOP(v_cmp_f32)
{
    float x[AEMU_WAVE_LANES], y[AEMU_WAVE_LANES];
    AemuShRow c;
    bool flush = !denorm_keep_in(w, true);

    f32_src(w, in, 0, flush, x);
    f32_src(w, in, 1, flush, y);
    FCMP_LOOP(x, y, c, sh_info(in)->cond);
    cmp_result(w, in, c);
}

SH_VOP(v_cmp_f64)
{
    uint64_t a[AEMU_WAVE_LANES], b[AEMU_WAVE_LANES];
    double x[AEMU_WAVE_LANES], y[AEMU_WAVE_LANES];
    AemuShRow c;
    bool flush = !denorm_keep_in(w, false);

    src_bits(w, in, 0, 64, a);
    src_bits(w, in, 1, 64, b);
    for (unsigned l = 0; l < AEMU_WAVE_LANES; l++) {
        x[l] = sh_f64(flush ? sh_ftz64(a[l]) : a[l]);
        y[l] = sh_f64(flush ? sh_ftz64(b[l]) : b[l]);
    }
    FCMP_LOOP(x, y, c, sh_info(in)->cond);
    cmp_result(w, in, c);
}

SH_VOP(v_cmp_f16)
{
    uint64_t a[AEMU_WAVE_LANES], b[AEMU_WAVE_LANES];
    float x[AEMU_WAVE_LANES], y[AEMU_WAVE_LANES];
    AemuShRow c;

    src_bits(w, in, 0, 16, a);
    src_bits(w, in, 1, 16, b);
    for (unsigned l = 0; l < AEMU_WAVE_LANES; l++) {
        /* binary16 converts exactly; its denormals are kept (f64 mode). */
        x[l] = sh_f32(sh_f16_to_f32((uint16_t)a[l]));
        y[l] = sh_f32(sh_f16_to_f32((uint16_t)b[l]));
    }
    FCMP_LOOP(x, y, c, sh_info(in)->cond);
    cmp_result(w, in, c);
}

/* The 8 integer conditions on rows of one type, one loop per condition. */
#define ICMP_LOOP(A, B, C, cond) \
    do { \
        switch (cond) { \
        case AEMU_SH_CMPI_F: ICMP_LANES(A, B, C, 0); break; \
        case AEMU_SH_CMPI_LT: ICMP_LANES(A, B, C, p < q); break; \
        case AEMU_SH_CMPI_EQ: ICMP_LANES(A, B, C, p == q); break; \
        case AEMU_SH_CMPI_LE: ICMP_LANES(A, B, C, p <= q); break; \
        case AEMU_SH_CMPI_GT: ICMP_LANES(A, B, C, p > q); break; \
        case AEMU_SH_CMPI_LG: ICMP_LANES(A, B, C, p != q); break; \
        case AEMU_SH_CMPI_GE: ICMP_LANES(A, B, C, p >= q); break; \
        default: ICMP_LANES(A, B, C, 1); break; \
        } \
    } while (0)

#define ICMP_LANES(A, B, C, expr) FCMP_LANES(A, B, C, expr)

/*
 * The integer compares, signed or unsigned, on 16/32/64-bit values: the
 * narrow ones extended to 32 bits by signedness (as to 64 bits: the
 * order is the same).
 */
static void icmp(AemuWave *w, const AemuShInst *in, unsigned bits,
                 bool sign)
{
    AemuShRow c;
    unsigned cond = sh_info(in)->cond;

    if (bits == 64) {
        uint64_t a[AEMU_WAVE_LANES], b[AEMU_WAVE_LANES];

        sh_vsrc64(w, in, 0, a);
        sh_vsrc64(w, in, 1, b);
        if (sign) {
            int64_t *sa = (int64_t *)a, *sb = (int64_t *)b;

            ICMP_LOOP(sa, sb, c, cond);
        } else {
            ICMP_LOOP(a, b, c, cond);
        }
    } else {
        AemuShRow b0, b1, a, b;
        const uint32_t *s0 = sh_vsrc32(w, in, 0, b0);
        const uint32_t *s1 = sh_vsrc32(w, in, 1, b1);
        unsigned sh = 32 - bits;

        if (sign) {
            int32_t sa[AEMU_WAVE_LANES], sb[AEMU_WAVE_LANES];

            for (unsigned l = 0; l < AEMU_WAVE_LANES; l++) {
                sa[l] = (int32_t)(s0[l] << sh) >> sh;
                sb[l] = (int32_t)(s1[l] << sh) >> sh;
            }
            ICMP_LOOP(sa, sb, c, cond);
        } else {
            for (unsigned l = 0; l < AEMU_WAVE_LANES; l++) {
                a[l] = (s0[l] << sh) >> sh;
                b[l] = (s1[l] << sh) >> sh;
            }
            ICMP_LOOP(a, b, c, cond);
        }
    }
    cmp_result(w, in, c);
}

SH_VOP(v_cmp_i32) { icmp(w, in, 32, true); }
SH_VOP(v_cmp_u32) { icmp(w, in, 32, false); }
SH_VOP(v_cmp_i16) { icmp(w, in, 16, true); }
SH_VOP(v_cmp_u16) { icmp(w, in, 16, false); }
SH_VOP(v_cmp_i64) { icmp(w, in, 64, true); }
SH_VOP(v_cmp_u64) { icmp(w, in, 64, false); }

/* The class of an IEEE value of `bits` bits (exp: its exponent mask). */
static unsigned fclass(uint64_t v, unsigned bits, uint64_t exp_mask)
{
    uint64_t sign = 1ull << (bits - 1), mag = v & ~sign;
    uint64_t quiet = (exp_mask & ~(exp_mask << 1)) >> 1;
    bool neg = v & sign;

    /* quiet: the mantissa's top bit, just below the exponent's lowest. */
    if (mag > exp_mask) {
        return (mag & quiet) ? SH_CLASS_QNAN : SH_CLASS_SNAN;
    }
    if (mag == exp_mask) {
        return neg ? SH_CLASS_NEG_INF : SH_CLASS_POS_INF;
    }
    if (mag == 0) {
        return neg ? SH_CLASS_NEG_ZERO : SH_CLASS_POS_ZERO;
    }
    if (!(mag & exp_mask)) {
        return neg ? SH_CLASS_NEG_DENORM : SH_CLASS_POS_DENORM;
    }
    return neg ? SH_CLASS_NEG_NORMAL : SH_CLASS_POS_NORMAL;
}

static void cmp_class(AemuWave *w, const AemuShInst *in, unsigned bits,
                      uint64_t exp_mask)
{
    uint64_t a[AEMU_WAVE_LANES];
    AemuShRow c, b1;
    const uint32_t *mask = sh_vsrc32(w, in, 1, b1);

    src_bits(w, in, 0, bits, a);
    for (unsigned l = 0; l < AEMU_WAVE_LANES; l++) {
        c[l] = (mask[l] >> fclass(a[l], bits, exp_mask)) & 1;
    }
    cmp_result(w, in, c);
}

SH_VOP(v_cmp_class_f32) { cmp_class(w, in, 32, SH_F32_EXP); }
SH_VOP(v_cmp_class_f64) { cmp_class(w, in, 64, SH_F64_EXP); }
SH_VOP(v_cmp_class_f16) { cmp_class(w, in, 16, SH_F16_EXP); }

AemuShExecFn *aemu_sh_vcmp_handler(AemuShOp op)
{
    const AemuShOpInfo *info = &aemu_sh_op_info[op];
    const char *type;

    if (!(info->flags & AEMU_SH_F_CMP)) {
        return NULL;
    }
    type = strrchr(info->name, '_');
    if (info->cond == AEMU_SH_CMP_CLASS) {
        return !strcmp(type, "_f32") ? v_cmp_class_f32 :
               !strcmp(type, "_f64") ? v_cmp_class_f64 : v_cmp_class_f16;
    }
    if (!strcmp(type, "_f32")) {
        return v_cmp_f32;
    } else if (!strcmp(type, "_f64")) {
        return v_cmp_f64;
    } else if (!strcmp(type, "_f16")) {
        return v_cmp_f16;
    } else if (!strcmp(type, "_i32")) {
        return v_cmp_i32;
    } else if (!strcmp(type, "_u32")) {
        return v_cmp_u32;
    } else if (!strcmp(type, "_i64")) {
        return v_cmp_i64;
    } else if (!strcmp(type, "_u64")) {
        return v_cmp_u64;
    } else if (!strcmp(type, "_i16")) {
        return v_cmp_i16;
    } else if (!strcmp(type, "_u16")) {
        return v_cmp_u16;
    }
    return NULL;
}
