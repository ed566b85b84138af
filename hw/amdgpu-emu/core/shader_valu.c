/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * amdgpu-emu core: the vector ALU's integer and data-movement ops of the
 * shader interpreter (VOP1, VOP2, VOP3 and VOP3b; ISA "Vector ALU
 * Operations" and the opcode descriptions; shader-execution.md 4.10).
 *
 * Every op computes all 64 lanes into a row and then writes the lanes EXEC
 * enables (sh_vwrite32), so the loops are plain fixed-count loops the
 * compiler vectorises, and disabled lanes keep their values. Scalar
 * results of vector ops (carry-out, v_readlane) carry zeros for disabled
 * lanes, as compares do. The carry ops are one semantic for both
 * generations: gfx7's v_add_i32 is gfx9's v_add_co_u32 (VOP2 writes VCC,
 * VOP3b an SGPR pair; the decoder makes both the same shape).
 *
 * The clamp bit saturates the ops the ISA gives a clamped form (gfx9's
 * adds and subtracts); on any other integer op it halts as unimplemented
 * rather than be ignored.
 */
#include "shader_interp.h"

#define SH_SHIFT32_MASK     31u
#define SH_SHIFT64_MASK     63u
#define SH_LANE_MASK        (AEMU_WAVE_LANES - 1)
#define SH_HALF_LANES       32u
/* 24-bit multiplies take the low 24 bits of each operand. */
#define SH_U24_MASK         0x00ffffffu
#define SH_I24_SHIFT        8
#define SH_U16_MAX          0xffffu
#define SH_BYTE_BITS        8u
#define SH_BYTE_MASK        0xffu
/* v_alignbyte_b32 uses 2 bits of S2 (Mesa README-ISA.md). */
#define SH_ALIGNBYTE_MASK   3u
/* v_perm_b32 selectors (Vega ISA V_PERM_B32). */
#define SH_PERM_SIGN_FIRST  8u
#define SH_PERM_ZERO        12u

#define SH_VOP(fn) \
    static void fn(AemuDevice *d, AemuWave *w, const AemuShInst *in)

static void clamp_halt(AemuDevice *d, AemuWave *w, const AemuShInst *in)
{
    aemu_sh_halt(d, w, in, "unimplemented clamp of %s at pc 0x%" PRIx64,
                 sh_info(in)->name, in->pc);
}

/* The test inline, the halt out of line. */
static inline bool no_clamp(AemuDevice *d, AemuWave *w, const AemuShInst *in)
{
    if (G_UNLIKELY(in->clamp)) {
        clamp_halt(d, w, in);
        return false;
    }
    return true;
}

/*
 * An op of up to three 32-bit sources (a, b, c) per lane, computed
 * straight into the destination row (SH_LANES_WRITE).
 */
#define VOP_U32(fn, expr) \
    static inline SH_ALWAYS_INLINE uint32_t \
    fn##_lane(uint32_t a, uint32_t b, uint32_t c) \
    { \
        (void)a; (void)b; (void)c; \
        return (expr); \
    } \
    SH_VOP_CLONED(fn) \
    { \
        AemuShRow b1, b2; \
        const uint32_t *s0, *s1, *s2; \
        if (!no_clamp(d, w, in)) { \
            return; \
        } \
        s1 = sh_vsrc32(w, in, 1, b1); \
        s2 = sh_vsrc32(w, in, 2, b2); \
        if (in->src[0].kind != SH_KIND_VGPR) { \
            /* A uniform S0 (VOP2's constants and SGPRs) stays scalar. */ \
            uint32_t a = sh_ssrc32(w, &in->src[0]); \
            SH_LANES_WRITE(w, w->vgpr[in->dst], fn##_lane(a, s1[l], s2[l])); \
            return; \
        } \
        s0 = w->vgpr[in->src[0].reg]; \
        SH_LANES_WRITE(w, w->vgpr[in->dst], fn##_lane(s0[l], s1[l], s2[l])); \
    }

static inline uint32_t sext24(uint32_t v)
{
    return (uint32_t)((int32_t)(v << SH_I24_SHIFT) >> SH_I24_SHIFT);
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

static inline int32_t min3i(int32_t a, int32_t b, int32_t c)
{
    int32_t m = a < b ? a : b;

    return m < c ? m : c;
}

static inline int32_t max3i(int32_t a, int32_t b, int32_t c)
{
    int32_t m = a > b ? a : b;

    return m > c ? m : c;
}

static inline int32_t med3i(int32_t a, int32_t b, int32_t c)
{
    return a > b ? (b > c ? b : (a > c ? c : a))
                 : (a > c ? a : (b > c ? c : b));
}

/* Bit-field extract of v_bfe_*: offset S1[4:0], width S2[4:0]. */
static inline uint32_t vbfe(uint32_t v, uint32_t off, uint32_t width,
                            bool sign)
{
    uint32_t r;

    off &= SH_SHIFT32_MASK;
    width &= SH_SHIFT32_MASK;
    if (!width) {
        return 0;
    }
    if (width > 32 - off) {
        width = 32 - off;
    }
    r = v >> off;
    if (width < 32) {
        r &= (1u << width) - 1;
        if (sign && (r >> (width - 1)) & 1) {
            r |= ~0u << width;
        }
    }
    return r;
}

static inline uint32_t ffbh_i32(uint32_t a)
{
    uint32_t x = (int32_t)a < 0 ? ~a : a;

    return x ? (uint32_t)__builtin_clz(x) : UINT32_MAX;
}

static inline uint32_t bitrev32(uint32_t a)
{
    a = ((a >> 1) & 0x55555555u) | ((a & 0x55555555u) << 1);
    a = ((a >> 2) & 0x33333333u) | ((a & 0x33333333u) << 2);
    a = ((a >> 4) & 0x0f0f0f0fu) | ((a & 0x0f0f0f0fu) << 4);
    a = ((a >> 8) & 0x00ff00ffu) | ((a & 0x00ff00ffu) << 8);
    return (a >> 16) | (a << 16);
}

/* Sum of absolute differences of the n-bit pieces of a and b. */
static inline uint32_t sad(uint32_t a, uint32_t b, unsigned bits)
{
    uint32_t mask = (1u << bits) - 1, sum = 0;

    for (unsigned i = 0; i < 32; i += bits) {
        uint32_t x = (a >> i) & mask, y = (b >> i) & mask;

        sum += x > y ? x - y : y - x;
    }
    return sum;
}

static inline uint32_t perm_byte(uint64_t v, uint32_t a, uint32_t b,
                                 uint32_t sel)
{
    if (sel < SH_PERM_SIGN_FIRST) {
        return (v >> (sel * SH_BYTE_BITS)) & SH_BYTE_MASK;
    }
    if (sel < SH_PERM_ZERO) {
        /* The sign bit of byte 1 or 3 of S1 or S0, replicated. */
        static const unsigned bit[] = { 15, 31, 15, 31 };
        uint32_t src = sel - SH_PERM_SIGN_FIRST < 2 ? b : a;

        return (src >> bit[sel - SH_PERM_SIGN_FIRST]) & 1 ? SH_BYTE_MASK : 0;
    }
    return sel == SH_PERM_ZERO ? 0 : SH_BYTE_MASK;
}

static inline uint32_t perm(uint32_t a, uint32_t b, uint32_t c)
{
    uint64_t v = (uint64_t)a << 32 | b;
    uint32_t r = 0;

    for (unsigned i = 0; i < 4; i++) {
        r |= perm_byte(v, a, b, (c >> (i * SH_BYTE_BITS)) & SH_BYTE_MASK)
             << (i * SH_BYTE_BITS);
    }
    return r;
}

static inline uint32_t sat_u16(uint32_t v)
{
    return v > SH_U16_MAX ? SH_U16_MAX : v;
}

static inline uint32_t sat_i16(uint32_t v)
{
    int32_t x = (int32_t)v;

    return (uint16_t)(x > INT16_MAX ? INT16_MAX : x < INT16_MIN ? INT16_MIN
                                                                : x);
}

VOP_U32(v_mov_b32, a)
VOP_U32(v_not_b32, ~a)
VOP_U32(v_bfrev_b32, bitrev32(a))
VOP_U32(v_ffbh_u32, a ? (uint32_t)__builtin_clz(a) : UINT32_MAX)
VOP_U32(v_ffbl_b32, a ? (uint32_t)__builtin_ctz(a) : UINT32_MAX)
VOP_U32(v_ffbh_i32, ffbh_i32(a))
VOP_U32(v_mul_i32_i24, sext24(a) * sext24(b))
VOP_U32(v_mul_hi_i32_i24,
        (uint32_t)((uint64_t)((int64_t)(int32_t)sext24(a) *
                              (int32_t)sext24(b)) >> 32))
VOP_U32(v_mul_u32_u24, (a & SH_U24_MASK) * (b & SH_U24_MASK))
VOP_U32(v_mul_hi_u32_u24,
        (uint32_t)(((uint64_t)(a & SH_U24_MASK) * (b & SH_U24_MASK)) >> 32))
VOP_U32(v_mad_i32_i24, sext24(a) * sext24(b) + c)
VOP_U32(v_mad_u32_u24, (a & SH_U24_MASK) * (b & SH_U24_MASK) + c)
VOP_U32(v_min_i32, (int32_t)a < (int32_t)b ? a : b)
VOP_U32(v_max_i32, (int32_t)a > (int32_t)b ? a : b)
VOP_U32(v_min_u32, a < b ? a : b)
VOP_U32(v_max_u32, a > b ? a : b)
VOP_U32(v_min3_i32, (uint32_t)min3i(a, b, c))
VOP_U32(v_max3_i32, (uint32_t)max3i(a, b, c))
VOP_U32(v_med3_i32, (uint32_t)med3i(a, b, c))
VOP_U32(v_min3_u32, min3u(a, b, c))
VOP_U32(v_max3_u32, max3u(a, b, c))
VOP_U32(v_med3_u32, (uint32_t)(a > b ? (b > c ? b : (a > c ? c : a))
                                     : (a > c ? a : (b > c ? c : b))))
/* gfx6/gfx7 shifts take the count in S1, the "rev" forms in S0. */
VOP_U32(v_lshr_b32, a >> (b & SH_SHIFT32_MASK))
VOP_U32(v_lshrrev_b32, b >> (a & SH_SHIFT32_MASK))
VOP_U32(v_ashr_i32, (uint32_t)((int32_t)a >> (b & SH_SHIFT32_MASK)))
VOP_U32(v_ashrrev_i32, (uint32_t)((int32_t)b >> (a & SH_SHIFT32_MASK)))
VOP_U32(v_lshl_b32, a << (b & SH_SHIFT32_MASK))
VOP_U32(v_lshlrev_b32, b << (a & SH_SHIFT32_MASK))
VOP_U32(v_and_b32, a & b)
VOP_U32(v_or_b32, a | b)
VOP_U32(v_xor_b32, a ^ b)
VOP_U32(v_bfm_b32, ((1u << (a & SH_SHIFT32_MASK)) - 1) << (b & SH_SHIFT32_MASK))
/* v_bcnt_u32_b32 adds S1 (Mesa README-ISA.md). */
VOP_U32(v_bcnt_u32_b32, (uint32_t)__builtin_popcount(a) + b)
VOP_U32(v_bfe_u32, vbfe(a, b, c, false))
VOP_U32(v_bfe_i32, vbfe(a, b, c, true))
VOP_U32(v_bfi_b32, (a & b) | (~a & c))
VOP_U32(v_alignbit_b32,
        (uint32_t)(((uint64_t)a << 32 | b) >> (c & SH_SHIFT32_MASK)))
VOP_U32(v_alignbyte_b32,
        (uint32_t)(((uint64_t)a << 32 | b) >>
                   ((c & SH_ALIGNBYTE_MASK) * SH_BYTE_BITS)))
VOP_U32(v_sad_u8, sad(a, b, 8) + c)
VOP_U32(v_sad_hi_u8, (sad(a, b, 8) << 16) + c)
VOP_U32(v_sad_u16, sad(a, b, 16) + c)
/* The unsigned distance (GCN3's description; Mesa README-ISA.md). */
VOP_U32(v_sad_u32, (a > b ? a - b : b - a) + c)
VOP_U32(v_mul_lo_u32, a * b)
VOP_U32(v_mul_hi_u32, (uint32_t)(((uint64_t)a * b) >> 32))
VOP_U32(v_mul_hi_i32,
        (uint32_t)((uint64_t)((int64_t)(int32_t)a * (int32_t)b) >> 32))
VOP_U32(v_lshl_add_u32, (a << (b & SH_SHIFT32_MASK)) + c)
VOP_U32(v_add_lshl_u32, (a + b) << (c & SH_SHIFT32_MASK))
VOP_U32(v_add3_u32, a + b + c)
VOP_U32(v_lshl_or_b32, (a << (b & SH_SHIFT32_MASK)) | c)
VOP_U32(v_and_or_b32, (a & b) | c)
VOP_U32(v_or3_b32, a | b | c)
VOP_U32(v_xad_u32, (a ^ b) + c)
VOP_U32(v_perm_b32, perm(a, b, c))
VOP_U32(v_cvt_pk_u16_u32, sat_u16(a) | sat_u16(b) << 16)
VOP_U32(v_cvt_pk_i16_i32, sat_i16(a) | sat_i16(b) << 16)

/* v_mbcnt_{lo,hi}: the set bits of S0 below the lane, plus S1. */
static inline uint32_t mbcnt_lo_mask(unsigned l)
{
    return l < SH_HALF_LANES ? (1u << l) - 1 : UINT32_MAX;
}

static inline uint32_t mbcnt_hi_mask(unsigned l)
{
    return l < SH_HALF_LANES ? 0 : (1u << (l - SH_HALF_LANES)) - 1;
}

SH_VOP_CLONED(v_mbcnt_lo_u32_b32)
{
    AemuShRow b0, b1;
    const uint32_t *s0 = sh_vsrc32(w, in, 0, b0), *s1 = sh_vsrc32(w, in, 1, b1);

    SH_LANES_WRITE(w, w->vgpr[in->dst],
                   (uint32_t)__builtin_popcount(s0[l] & mbcnt_lo_mask(l)) +
                   s1[l]);
}

SH_VOP_CLONED(v_mbcnt_hi_u32_b32)
{
    AemuShRow b0, b1;
    const uint32_t *s0 = sh_vsrc32(w, in, 0, b0), *s1 = sh_vsrc32(w, in, 1, b1);

    SH_LANES_WRITE(w, w->vgpr[in->dst],
                   (uint32_t)__builtin_popcount(s0[l] & mbcnt_hi_mask(l)) +
                   s1[l]);
}

/* ---- adds and subtracts, with and without carry ---- */

typedef enum ShAddKind {
    SH_ADD,             /* S0 + S1 (+ carry in) */
    SH_SUB,             /* S0 - S1 (- borrow in) */
    SH_SUBREV,          /* S1 - S0 (- borrow in) */
} ShAddKind;

/*
 * The unsigned add/subtract family: carry in from bit l of src[2] when
 * with_cin, carry (or borrow) out to sdst when with_cout; clamp
 * saturates to 0 or UINT32_MAX (gfx9). In 32-bit arithmetic, so that the
 * lanes vectorise: a + b + ci carries when a + b wraps or adding ci
 * does; a - b - ci borrows when b > a or a - b < ci.
 */
static inline SH_ALWAYS_INLINE void addsub(AemuWave *w, const AemuShInst *in,
                                           ShAddKind kind, bool with_cin,
                                           bool with_cout)
{
    AemuShRow b0, b1, r, co, ci;
    const uint32_t *s0 = sh_vsrc32(w, in, 0, b0), *s1 = sh_vsrc32(w, in, 1, b1);
    uint32_t sat = in->clamp ? UINT32_MAX : 0;

    if (with_cin) {
        sh_bits_to_lanes(sh_ssrc64(w, &in->src[2]), ci);
    } else {
        memset(ci, 0, sizeof(ci));
    }
    SH_IVDEP
    for (unsigned l = 0; l < AEMU_WAVE_LANES; l++) {
        uint32_t a = kind == SH_SUBREV ? s1[l] : s0[l];
        uint32_t b = kind == SH_SUBREV ? s0[l] : s1[l];
        uint32_t c = ci[l] & 1, t, v, out;

        if (kind == SH_ADD) {
            t = a + b;
            v = t + c;
            out = (uint32_t)(t < a) | (uint32_t)(v < t);
            /* Saturate: all ones where it carried. */
            r[l] = v | ((0u - out) & sat);
        } else {
            t = a - b;
            v = t - c;
            out = (uint32_t)(a < b) | (uint32_t)(t < c);
            r[l] = v & ~((0u - out) & sat);
        }
        co[l] = out;
    }
    sh_vwrite32(w, in->dst, r);
    if (with_cout) {
        sh_swrite64(w, in->sdst, sh_lane_bits(w, co));
    }
}

SH_VOP_CLONED(v_add_co_u32) { addsub(w, in, SH_ADD, false, true); }
SH_VOP_CLONED(v_sub_co_u32) { addsub(w, in, SH_SUB, false, true); }
SH_VOP_CLONED(v_subrev_co_u32) { addsub(w, in, SH_SUBREV, false, true); }
SH_VOP_CLONED(v_addc_co_u32) { addsub(w, in, SH_ADD, true, true); }
SH_VOP_CLONED(v_subb_co_u32) { addsub(w, in, SH_SUB, true, true); }
SH_VOP_CLONED(v_subbrev_co_u32) { addsub(w, in, SH_SUBREV, true, true); }
/* gfx9's carry-less forms. */
SH_VOP_CLONED(v_add_u32) { addsub(w, in, SH_ADD, false, false); }
SH_VOP_CLONED(v_sub_u32) { addsub(w, in, SH_SUB, false, false); }
SH_VOP_CLONED(v_subrev_u32) { addsub(w, in, SH_SUBREV, false, false); }

/* gfx9's VOP3 v_add_i32/v_sub_i32: signed, clamp saturates signed. */
static void addsub_i32(AemuWave *w, const AemuShInst *in, bool sub)
{
    AemuShRow b0, b1, r;
    const uint32_t *s0 = sh_vsrc32(w, in, 0, b0), *s1 = sh_vsrc32(w, in, 1, b1);

    for (unsigned l = 0; l < AEMU_WAVE_LANES; l++) {
        int64_t v = sub ? (int64_t)(int32_t)s0[l] - (int32_t)s1[l]
                        : (int64_t)(int32_t)s0[l] + (int32_t)s1[l];

        if (in->clamp) {
            v = v > INT32_MAX ? INT32_MAX : v < INT32_MIN ? INT32_MIN : v;
        }
        r[l] = (uint32_t)v;
    }
    sh_vwrite32(w, in->dst, r);
}

SH_VOP(v_add_i32) { addsub_i32(w, in, false); }
SH_VOP(v_sub_i32) { addsub_i32(w, in, true); }

/* ---- 64-bit ---- */

/* gfx6/7: S0 is the 64-bit value; gfx8+ "rev": S1 is, S0 the count. */
static void shift64(AemuDevice *d, AemuWave *w, const AemuShInst *in,
                    bool rev, int dir)
{
    uint64_t v[AEMU_WAVE_LANES], r[AEMU_WAVE_LANES];
    AemuShRow bc;
    const uint32_t *cnt;

    if (!no_clamp(d, w, in)) {
        return;
    }
    sh_vsrc64(w, in, rev ? 1 : 0, v);
    cnt = sh_vsrc32(w, in, rev ? 0 : 1, bc);
    for (unsigned l = 0; l < AEMU_WAVE_LANES; l++) {
        unsigned n = cnt[l] & SH_SHIFT64_MASK;

        r[l] = dir < 0 ? v[l] << n : dir > 0 ? v[l] >> n
                                              : (uint64_t)((int64_t)v[l] >> n);
    }
    sh_vwrite64(w, in->dst, r);
}

SH_VOP(v_lshl_b64) { shift64(d, w, in, false, -1); }
SH_VOP(v_lshr_b64) { shift64(d, w, in, false, 1); }
SH_VOP(v_ashr_i64) { shift64(d, w, in, false, 0); }
SH_VOP(v_lshlrev_b64) { shift64(d, w, in, true, -1); }
SH_VOP(v_lshrrev_b64) { shift64(d, w, in, true, 1); }
SH_VOP(v_ashrrev_i64) { shift64(d, w, in, true, 0); }

/* v_mad_{u64_u32,i64_i32}: S0 * S1 + S2 (64-bit), carry out to sdst. */
static inline SH_ALWAYS_INLINE void
mad64(AemuDevice *d, AemuWave *w, const AemuShInst *in, bool sign)
{
    AemuShRow b0, b1, co;
    const uint32_t *s0 = sh_vsrc32(w, in, 0, b0), *s1 = sh_vsrc32(w, in, 1, b1);
    uint64_t c[AEMU_WAVE_LANES], r[AEMU_WAVE_LANES];

    if (!no_clamp(d, w, in)) {
        return;
    }
    sh_vsrc64(w, in, 2, c);
    /*
     * In 64-bit arithmetic, so that the lanes vectorise: the product fits,
     * and the add carries (unsigned) when the sum wraps below S2, or
     * overflows (signed) when S2 and the product have one sign and the
     * sum the other.
     */
    SH_IVDEP
    for (unsigned l = 0; l < AEMU_WAVE_LANES; l++) {
        if (sign) {
            uint64_t p = (uint64_t)((int64_t)(int32_t)s0[l] *
                                    (int32_t)s1[l]);

            r[l] = p + c[l];
            co[l] = (uint32_t)(((p ^ r[l]) & (c[l] ^ r[l])) >> 63);
        } else {
            r[l] = (uint64_t)s0[l] * s1[l] + c[l];
            co[l] = r[l] < c[l];
        }
    }
    sh_vwrite64(w, in->dst, r);
    sh_swrite64(w, in->sdst, sh_lane_bits(w, co));
}

SH_VOP_CLONED(v_mad_u64_u32) { mad64(d, w, in, false); }
SH_VOP_CLONED(v_mad_i64_i32) { mad64(d, w, in, true); }

/* ---- selects and cross-lane moves ---- */

/* Modifiers on raw bits (v_cndmask takes abs/neg in VOP3). */
static uint32_t bits_mod(const AemuShInst *in, unsigned i, uint32_t v)
{
    if (in->abs & (1u << i)) {
        v &= ~(1u << 31);
    }
    if (in->neg & (1u << i)) {
        v ^= 1u << 31;
    }
    return v;
}

SH_VOP_CLONED(v_cndmask_b32)
{
    AemuShRow b0, b1, r, m;
    const uint32_t *s0 = sh_vsrc32(w, in, 0, b0), *s1 = sh_vsrc32(w, in, 1, b1);
    uint64_t sel = sh_ssrc64(w, &in->src[2]);

    if (G_UNLIKELY(in->abs | in->neg)) {
        for (unsigned l = 0; l < AEMU_WAVE_LANES; l++) {
            r[l] = (sel >> l) & 1 ? bits_mod(in, 1, s1[l])
                                  : bits_mod(in, 0, s0[l]);
        }
        sh_vwrite32(w, in->dst, r);
        return;
    }
    sh_bits_to_lanes(sel, m);
    SH_LANES_WRITE(w, w->vgpr[in->dst], (s1[l] & m[l]) | (s0[l] & ~m[l]));
}

SH_VOP(v_nop) { }

/* The first enabled lane (lane 0 when none is). */
SH_VOP(v_readfirstlane_b32)
{
    AemuShRow b0;
    const uint32_t *s0 = sh_vsrc32(w, in, 0, b0);
    unsigned lane = w->exec ? (unsigned)__builtin_ctzll(w->exec) : 0;

    aemu_sh_swrite(w, in->dst, s0[lane]);
}

/* v_readlane/v_writelane name their lane in S1 and ignore EXEC. */
SH_VOP(v_readlane_b32)
{
    AemuShRow b0;
    const uint32_t *s0 = sh_vsrc32(w, in, 0, b0);

    aemu_sh_swrite(w, in->dst, s0[sh_ssrc32(w, &in->src[1]) & SH_LANE_MASK]);
}

SH_VOP(v_writelane_b32)
{
    w->vgpr[in->dst][sh_ssrc32(w, &in->src[1]) & SH_LANE_MASK] =
        sh_ssrc32(w, &in->src[0]);
}

/* M0-relative VGPRs (gfx7 and gfx9 v_movrel*). */
static bool movrel(AemuDevice *d, AemuWave *w, const AemuShInst *in,
                   unsigned base, unsigned *reg)
{
    uint64_t r = (uint64_t)base + w->m0;

    if (r >= AEMU_WAVE_MAX_VGPRS) {
        aemu_sh_halt(d, w, in, "%s: v%u + m0 (%u) is outside the VGPRs at "
                     "pc 0x%" PRIx64, sh_info(in)->name, base, w->m0, in->pc);
        return false;
    }
    *reg = (unsigned)r;
    return true;
}

SH_VOP(v_movrels_b32)
{
    unsigned src;

    if (in->src[0].kind != SH_KIND_VGPR) {
        aemu_sh_unimplemented(d, w, in);
    } else if (movrel(d, w, in, in->src[0].reg, &src)) {
        AemuShRow r;

        memcpy(r, w->vgpr[src], sizeof(r));
        sh_vwrite32(w, in->dst, r);
    }
}

SH_VOP(v_movreld_b32)
{
    AemuShRow b0, r;
    unsigned dst;

    memcpy(r, sh_vsrc32(w, in, 0, b0), sizeof(r));
    if (movrel(d, w, in, in->dst, &dst)) {
        sh_vwrite32(w, dst, r);
    }
}

SH_VOP(v_movrelsd_b32)
{
    unsigned src, dst;

    if (in->src[0].kind != SH_KIND_VGPR) {
        aemu_sh_unimplemented(d, w, in);
    } else if (movrel(d, w, in, in->src[0].reg, &src) &&
               movrel(d, w, in, in->dst, &dst)) {
        AemuShRow r;

        memcpy(r, w->vgpr[src], sizeof(r));
        sh_vwrite32(w, dst, r);
    }
}

/* gfx9 v_swap_b32: exchange two VGPRs in the enabled lanes. */
SH_VOP(v_swap_b32)
{
    AemuShRow a, b;

    if (in->src[0].kind != SH_KIND_VGPR) {
        aemu_sh_unimplemented(d, w, in);
        return;
    }
    memcpy(a, w->vgpr[in->dst], sizeof(a));
    memcpy(b, w->vgpr[in->src[0].reg], sizeof(b));
    sh_vwrite32(w, in->dst, b);
    sh_vwrite32(w, in->src[0].reg, a);
}

AemuShExecFn *aemu_sh_valu_handler(AemuShOp op)
{
    switch (op) {
#define HU(name, fn) case SH_OP_##name: return fn
#define HC(name, fn) case SH_OP_##name: return SH_PICK(fn)
    HU(V_NOP, v_nop);
    HC(V_MOV_B32, v_mov_b32); HC(V_MOV_FED_B32, v_mov_b32);
    HU(V_READFIRSTLANE_B32, v_readfirstlane_b32);
    HU(V_READLANE_B32, v_readlane_b32); HU(V_WRITELANE_B32, v_writelane_b32);
    HC(V_CNDMASK_B32, v_cndmask_b32);
    HU(V_MOVRELS_B32, v_movrels_b32); HU(V_MOVRELD_B32, v_movreld_b32);
    HU(V_MOVRELSD_B32, v_movrelsd_b32); HU(V_SWAP_B32, v_swap_b32);
    HC(V_NOT_B32, v_not_b32); HC(V_BFREV_B32, v_bfrev_b32);
    HC(V_FFBH_U32, v_ffbh_u32); HC(V_FFBL_B32, v_ffbl_b32);
    HC(V_FFBH_I32, v_ffbh_i32);
    HC(V_MUL_I32_I24, v_mul_i32_i24); HC(V_MUL_HI_I32_I24, v_mul_hi_i32_i24);
    HC(V_MUL_U32_U24, v_mul_u32_u24); HC(V_MUL_HI_U32_U24, v_mul_hi_u32_u24);
    HC(V_MAD_I32_I24, v_mad_i32_i24); HC(V_MAD_U32_U24, v_mad_u32_u24);
    HC(V_MIN_I32, v_min_i32); HC(V_MAX_I32, v_max_i32);
    HC(V_MIN_U32, v_min_u32); HC(V_MAX_U32, v_max_u32);
    HC(V_MIN3_I32, v_min3_i32); HC(V_MAX3_I32, v_max3_i32);
    HC(V_MED3_I32, v_med3_i32); HC(V_MIN3_U32, v_min3_u32);
    HC(V_MAX3_U32, v_max3_u32); HC(V_MED3_U32, v_med3_u32);
    HC(V_LSHR_B32, v_lshr_b32); HC(V_LSHRREV_B32, v_lshrrev_b32);
    HC(V_ASHR_I32, v_ashr_i32); HC(V_ASHRREV_I32, v_ashrrev_i32);
    HC(V_LSHL_B32, v_lshl_b32); HC(V_LSHLREV_B32, v_lshlrev_b32);
    HC(V_AND_B32, v_and_b32); HC(V_OR_B32, v_or_b32); HC(V_XOR_B32, v_xor_b32);
    HC(V_BFM_B32, v_bfm_b32); HC(V_BCNT_U32_B32, v_bcnt_u32_b32);
    HC(V_MBCNT_LO_U32_B32, v_mbcnt_lo_u32_b32);
    HC(V_MBCNT_HI_U32_B32, v_mbcnt_hi_u32_b32);
    HC(V_BFE_U32, v_bfe_u32); HC(V_BFE_I32, v_bfe_i32);
    HC(V_BFI_B32, v_bfi_b32);
    HC(V_ALIGNBIT_B32, v_alignbit_b32); HC(V_ALIGNBYTE_B32, v_alignbyte_b32);
    HC(V_SAD_U8, v_sad_u8); HC(V_SAD_HI_U8, v_sad_hi_u8);
    HC(V_SAD_U16, v_sad_u16); HC(V_SAD_U32, v_sad_u32);
    HC(V_MUL_LO_U32, v_mul_lo_u32); HC(V_MUL_LO_I32, v_mul_lo_u32);
    HC(V_MUL_HI_U32, v_mul_hi_u32); HC(V_MUL_HI_I32, v_mul_hi_i32);
    HC(V_LSHL_ADD_U32, v_lshl_add_u32); HC(V_ADD_LSHL_U32, v_add_lshl_u32);
    HC(V_ADD3_U32, v_add3_u32); HC(V_LSHL_OR_B32, v_lshl_or_b32);
    HC(V_AND_OR_B32, v_and_or_b32); HC(V_OR3_B32, v_or3_b32);
    HC(V_XAD_U32, v_xad_u32); HC(V_PERM_B32, v_perm_b32);
    HC(V_CVT_PK_U16_U32, v_cvt_pk_u16_u32);
    HC(V_CVT_PK_I16_I32, v_cvt_pk_i16_i32);
    HC(V_ADD_CO_U32, v_add_co_u32); HC(V_SUB_CO_U32, v_sub_co_u32);
    HC(V_SUBREV_CO_U32, v_subrev_co_u32); HC(V_ADDC_CO_U32, v_addc_co_u32);
    HC(V_SUBB_CO_U32, v_subb_co_u32); HC(V_SUBBREV_CO_U32, v_subbrev_co_u32);
    HC(V_ADD_U32, v_add_u32); HC(V_SUB_U32, v_sub_u32);
    HC(V_SUBREV_U32, v_subrev_u32);
    HU(V_ADD_I32, v_add_i32); HU(V_SUB_I32, v_sub_i32);
    HU(V_LSHL_B64, v_lshl_b64); HU(V_LSHR_B64, v_lshr_b64);
    HU(V_ASHR_I64, v_ashr_i64); HU(V_LSHLREV_B64, v_lshlrev_b64);
    HU(V_LSHRREV_B64, v_lshrrev_b64); HU(V_ASHRREV_I64, v_ashrrev_i64);
    HC(V_MAD_U64_U32, v_mad_u64_u32); HC(V_MAD_I64_I32, v_mad_i64_i32);
#undef HU
#undef HC
    default:
        return NULL;
    }
}
