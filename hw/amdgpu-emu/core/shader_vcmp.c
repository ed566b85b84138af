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

/* The 16 float conditions on two value rows. */
#define FCMP_LOOP(A, B, C, cond) \
    do { \
        for (unsigned l = 0; l < AEMU_WAVE_LANES; l++) { \
            double p = A[l], q = B[l]; \
            bool o = !isnan(p) && !isnan(q); \
            switch (cond) { \
            case AEMU_SH_CMPF_F: C[l] = 0; break; \
            case AEMU_SH_CMPF_LT: C[l] = p < q; break; \
            case AEMU_SH_CMPF_EQ: C[l] = p == q; break; \
            case AEMU_SH_CMPF_LE: C[l] = p <= q; break; \
            case AEMU_SH_CMPF_GT: C[l] = p > q; break; \
            case AEMU_SH_CMPF_LG: C[l] = p < q || p > q; break; \
            case AEMU_SH_CMPF_GE: C[l] = p >= q; break; \
            case AEMU_SH_CMPF_O: C[l] = o; break; \
            case AEMU_SH_CMPF_U: C[l] = !o; break; \
            case AEMU_SH_CMPF_NGE: C[l] = !(p >= q); break; \
            case AEMU_SH_CMPF_NLG: C[l] = !(p < q || p > q); break; \
            case AEMU_SH_CMPF_NGT: C[l] = !(p > q); break; \
            case AEMU_SH_CMPF_NLE: C[l] = !(p <= q); break; \
            case AEMU_SH_CMPF_NEQ: C[l] = !(p == q); break; \
            case AEMU_SH_CMPF_NLT: C[l] = !(p < q); break; \
            default: C[l] = 1; break; \
            } \
        } \
    } while (0)

static unsigned denorm_keep_in(const AemuWave *w, bool f32)
{
    unsigned mode = (w->mode >> (f32 ? SH_MODE_DENORM_F32_SHIFT
                                     : SH_MODE_DENORM_F64_SHIFT));

    return mode & SH_DENORM_KEEP_IN;
}

SH_VOP(v_cmp_f32)
{
    uint64_t a[AEMU_WAVE_LANES], b[AEMU_WAVE_LANES];
    float x[AEMU_WAVE_LANES], y[AEMU_WAVE_LANES];
    AemuShRow c;
    bool flush = !denorm_keep_in(w, true);

    src_bits(w, in, 0, 32, a);
    src_bits(w, in, 1, 32, b);
    for (unsigned l = 0; l < AEMU_WAVE_LANES; l++) {
        uint32_t p = (uint32_t)a[l], q = (uint32_t)b[l];

        x[l] = sh_f32(flush ? sh_ftz32(p) : p);
        y[l] = sh_f32(flush ? sh_ftz32(q) : q);
    }
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

/* The 8 integer conditions, signed or unsigned, on 16/32/64-bit values. */
static void icmp(AemuWave *w, const AemuShInst *in, unsigned bits,
                 bool sign)
{
    uint64_t a[AEMU_WAVE_LANES], b[AEMU_WAVE_LANES];
    AemuShRow c;
    unsigned cond = sh_info(in)->cond;

    if (bits == 64) {
        sh_vsrc64(w, in, 0, a);
        sh_vsrc64(w, in, 1, b);
    } else {
        /* Narrow sources: the low bits, extended by signedness. */
        AemuShRow b0, b1;
        const uint32_t *s0 = sh_vsrc32(w, in, 0, b0);
        const uint32_t *s1 = sh_vsrc32(w, in, 1, b1);
        unsigned sh = 64 - bits;

        for (unsigned l = 0; l < AEMU_WAVE_LANES; l++) {
            a[l] = (uint64_t)s0[l] << sh;
            b[l] = (uint64_t)s1[l] << sh;
            a[l] = sign ? (uint64_t)((int64_t)a[l] >> sh) : a[l] >> sh;
            b[l] = sign ? (uint64_t)((int64_t)b[l] >> sh) : b[l] >> sh;
        }
    }
    for (unsigned l = 0; l < AEMU_WAVE_LANES; l++) {
        bool lt = sign ? (int64_t)a[l] < (int64_t)b[l] : a[l] < b[l];
        bool eq = a[l] == b[l];

        switch (cond) {
        case AEMU_SH_CMPI_F: c[l] = 0; break;
        case AEMU_SH_CMPI_LT: c[l] = lt; break;
        case AEMU_SH_CMPI_EQ: c[l] = eq; break;
        case AEMU_SH_CMPI_LE: c[l] = lt || eq; break;
        case AEMU_SH_CMPI_GT: c[l] = !lt && !eq; break;
        case AEMU_SH_CMPI_LG: c[l] = !eq; break;
        case AEMU_SH_CMPI_GE: c[l] = !lt; break;
        default: c[l] = 1; break;
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
