/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Unit tests of gfx9's VOP modifiers and packed math in the shader
 * interpreter (shader_vext.c, shader_vop3p.c): DPP (every DPP_CTRL family,
 * BOUND_CTRL, ROW_MASK/BANK_MASK, sources disabled in EXEC) on VOP1, VOP2
 * and VOPC; SDWA (source selects with and without sign extension, the
 * destination's PAD/SEXT/PRESERVE, neg/abs, clamp, omod, scalar sources,
 * VOPC's SDST form); VOP3P (op_sel, op_sel_hi, neg_lo/neg_hi, clamp,
 * inline constants). The instruction dwords come from
 * `llvm-mc -arch=amdgcn -mcpu=gfx900 -show-encoding` (the assembly is in
 * the comment above each), except where LLVM 14 has no syntax (VOPC DPP,
 * reserved values), whose bits are set by hand on an llvm-mc encoding.
 * What the model does not execute must halt the wave, naming it.
 */
#include "shader-test.h"
#include "shader_fp.h"

#define OLD(l)          (0xdead0000u | (l))
#define SRC2(l)         (0x100u + (l))
#define ROW             16u
#define ROW_OF(l)       ((l) & ~(ROW - 1))
#define IN_ROW(l)       ((l) % ROW)

/* One instruction of two dwords, then s_endpgm; the wave must end. */
static void run2(ShTest *t, uint32_t a, uint32_t b)
{
    st_emit(t, a);
    st_emit(t, b);
    endpgm(t);
    g_assert_cmpuint(st_run(t), ==, AEMU_WAVE_ENDED);
}

/* The same, expecting a halt whose reason contains `what`. */
static void run2_halts(ShTest *t, uint32_t a, uint32_t b, const char *what)
{
    st_emit(t, a);
    st_emit(t, b);
    endpgm(t);
    g_assert_cmpuint(st_run(t), ==, AEMU_WAVE_HALTED);
    if (!strstr(t->w.halt_reason, what)) {
        g_error("halt reason \"%s\" lacks \"%s\"", t->w.halt_reason, what);
    }
    g_assert_cmphex(t->w.pc, ==, ST_CODE);
}

static void dpp_setup(ShTest *t)
{
    ST_SET_LANES(t, 1, OLD(l));
    ST_SET_LANES(t, 2, SRC2(l));
    ST_SET_LANES(t, 3, 0x1000u * l);
}

/* v1 must be, lane by lane, v2 of lane src(l), or old where src < 0. */
#define CHECK_MOV(t, expr_src) \
    do { \
        for (unsigned l = 0; l < AEMU_WAVE_LANES; l++) { \
            int s_ = (expr_src); \
            uint32_t want_ = s_ == -1 ? OLD(l) : s_ == -2 ? 0 \
                                                          : SRC2((unsigned)s_); \
            if ((t)->w.vgpr[1][l] != want_) { \
                g_error("lane %u: 0x%x, want 0x%x", l, (t)->w.vgpr[1][l], \
                        want_); \
            } \
        } \
    } while (0)

/* Sources: -1: lane not written (old value); -2: written with 0. */
#define NOT_WRITTEN     (-1)
#define ZERO            (-2)

static void run_mov(ShTest *t, uint32_t word)
{
    /* v_mov_b32_dpp v1, v2 ... */
    dpp_setup(t);
    run2(t, 0x7e0202fa, word);
}

/* quad_perm, row_shl/shr/ror with and without bound_ctrl, wave_*. */
static void test_dpp_moves(void)
{
    ShTest t;

#define CASE(word, src_expr) \
    do { \
        st_init(&t, AEMU_SH_GFX9); \
        run_mov(&t, (word)); \
        CHECK_MOV(&t, src_expr); \
        st_fini(&t); \
    } while (0)

    /* quad_perm:[3,2,1,0] row_mask:0xf bank_mask:0xf */
    CASE(0xff001b02, (int)((l & ~3u) + 3 - (l & 3)));
    /* row_shl:1 */
    CASE(0xff010102, IN_ROW(l) < 15 ? (int)(l + 1) : NOT_WRITTEN);
    /* row_shl:15 bound_ctrl:0 (the bit set: invalid lanes read 0) */
    CASE(0xff090f02, IN_ROW(l) == 0 ? (int)(l + 15) : ZERO);
    /* row_shr:3 bound_ctrl:0 */
    CASE(0xff091302, IN_ROW(l) >= 3 ? (int)(l - 3) : ZERO);
    /* row_shr:3 */
    CASE(0xff011302, IN_ROW(l) >= 3 ? (int)(l - 3) : NOT_WRITTEN);
    /* row_ror:5 */
    CASE(0xff012502, (int)(ROW_OF(l) + (IN_ROW(l) + ROW - 5) % ROW));
    /* wave_shl:1 */
    CASE(0xff013002, l < 63 ? (int)(l + 1) : NOT_WRITTEN);
    /* wave_rol:1 */
    CASE(0xff013402, (int)((l + 1) % 64));
    /* wave_shr:1 bound_ctrl:0 */
    CASE(0xff093802, l > 0 ? (int)(l - 1) : ZERO);
    /* wave_ror:1 */
    CASE(0xff013c02, (int)((l + 63) % 64));
    /* row_mirror */
    CASE(0xff014002, (int)(ROW_OF(l) + 15 - IN_ROW(l)));
    /* row_half_mirror */
    CASE(0xff014102, (int)((l & ~7u) + 7 - (l & 7)));
    /* row_bcast:15 row_mask:0xa: lane 15 to row 1, lane 47 to row 3 */
    CASE(0xaf014202, (l / ROW) % 2 ? (int)(ROW_OF(l) - 1) : NOT_WRITTEN);
    /* row_bcast:31 row_mask:0xc: lane 31 to rows 2 and 3 */
    CASE(0xcf014302, l >= 32 ? 31 : NOT_WRITTEN);
    /* quad_perm:[0,1,2,3] row_mask:0x5 bank_mask:0x6: rows 0, 2; banks 1, 2 */
    CASE(0x5600e402, ((l / ROW) % 2 == 0 && ((l / 4) % 4 == 1 ||
                                             (l / 4) % 4 == 2))
                     ? (int)l : NOT_WRITTEN);
#undef CASE
}

/*
 * A source lane EXEC disables is invalid: with bound_ctrl it reads 0,
 * without it the lane is not written; the disabled lane itself keeps its
 * value either way.
 */
static void test_dpp_disabled_source(void)
{
    ShTest t;
    const uint64_t exec = ~(1ull << 5);

    st_init(&t, AEMU_SH_GFX9);
    dpp_setup(&t);
    t.w.exec = exec;
    /* v_mov_b32_dpp v1, v2 row_shr:1 bound_ctrl:0 */
    run2(&t, 0x7e0202fa, 0xff091102);
    CHECK_MOV(&t, l == 5 ? NOT_WRITTEN : l == 6 || IN_ROW(l) == 0 ? ZERO
                                                                   : (int)(l - 1));
    st_fini(&t);

    st_init(&t, AEMU_SH_GFX9);
    dpp_setup(&t);
    t.w.exec = exec;
    /* v_mov_b32_dpp v1, v2 row_shr:1 */
    run2(&t, 0x7e0202fa, 0xff011102);
    CHECK_MOV(&t, l == 5 || l == 6 || IN_ROW(l) == 0 ? NOT_WRITTEN
                                                      : (int)(l - 1));
    g_assert_cmphex(t.w.exec, ==, exec);
    st_fini(&t);
}

/* VOP2 and VOPC with DPP: the permuted SRC0 meets SRC1 of the lane. */
static void test_dpp_vop2_vopc(ShTest *t)
{
    uint64_t want = 0;

    dpp_setup(t);
    /* v_add_u32_dpp v1, v2, v3 row_shr:1 bound_ctrl:0 */
    st_emit(t, 0x680206fa);
    st_emit(t, 0xff091102);
    /* v_max_u32_dpp v4, v2, v3 row_bcast:15 row_mask:0xa (v4 = v1 above) */
    st_emit(t, 0x1e0806fa);
    st_emit(t, 0xaf014202);
    /*
     * v_cmp_lt_u32 vcc, v2, v3 with quad_perm:[1,1,1,1] (LLVM 14 has no
     * VOPC DPP syntax: v_cmp_lt_u32_e32 vcc, v2, v3 is 0x7d920702, its
     * SRC0 becomes 250 and the DPP word names v2).
     */
    st_emit(t, 0x7d9206fa);
    st_emit(t, 0xff005502);
    endpgm(t);
    ST_SET_LANES(t, 4, OLD(l));
    ST_SET_LANES(t, 3, l % 4 == 2 ? SRC2(l & ~3u) : 0x1000u * l);
    g_assert_cmpuint(st_run(t), ==, AEMU_WAVE_ENDED);
    for (unsigned l = 0; l < AEMU_WAVE_LANES; l++) {
        uint32_t v3 = l % 4 == 2 ? SRC2(l & ~3u) : 0x1000u * l;
        uint32_t add = (IN_ROW(l) ? SRC2(l - 1) : 0) + v3;
        uint32_t src = SRC2(ROW_OF(l) - 1);
        uint32_t max = (l / ROW) % 2 ? (src > v3 ? src : v3) : OLD(l);

        g_assert_cmphex(t->w.vgpr[1][l], ==, add);
        g_assert_cmphex(t->w.vgpr[4][l], ==, max);
        if (SRC2((l & ~3u) + 1) < v3) {
            want |= 1ull << l;
        }
    }
    g_assert_cmphex(t->w.vcc, ==, want);
}

/* v_add_f32_dpp v1, -v2, |v3| quad_perm:[1,0,3,2]; carry-out with DPP. */
static void test_dpp_float_carry(ShTest *t)
{
    uint64_t carry = 0;

    ST_SET_LANES(t, 2, fbits(1.0f + (float)l));
    ST_SET_LANES(t, 3, fbits(l % 2 ? -0.5f : 2.0f));
    ST_SET_LANES(t, 5, UINT32_MAX - 3 + l);
    ST_SET_LANES(t, 6, l);
    st_emit(t, 0x020206fa);
    st_emit(t, 0xff90b102);
    /* v_add_co_u32_dpp v4, vcc, v5, v6 row_shr:1 (v4: 0x320806fa) */
    st_emit(t, 0x32080cfa);
    st_emit(t, 0xff011105);
    endpgm(t);
    ST_SET_LANES(t, 4, OLD(l));
    g_assert_cmpuint(st_run(t), ==, AEMU_WAVE_ENDED);
    for (unsigned l = 0; l < AEMU_WAVE_LANES; l++) {
        float want = -(1.0f + (float)(l ^ 1)) + (l % 2 ? 0.5f : 2.0f);

        g_assert_cmpfloat(bitsf(t->w.vgpr[1][l]), ==, want);
        if (IN_ROW(l)) {
            uint32_t a = UINT32_MAX - 3 + (l - 1);

            g_assert_cmphex(t->w.vgpr[4][l], ==, a + l);
            if (a + l < a) {
                carry |= 1ull << l;
            }
        } else {
            g_assert_cmphex(t->w.vgpr[4][l], ==, OLD(l));
        }
    }
    g_assert_cmphex(t->w.vcc, ==, carry);
}

/* What the model does not execute halts, naming the modifier. */
static void test_dpp_halts(void)
{
    ShTest t;

    /* v_add_u32_dpp v1, v2, v3 row_shr:1 with SRC0_NEG set by hand */
    st_init(&t, AEMU_SH_GFX9);
    run2_halts(&t, 0x680206fa, 0xff111102,
               "unimplemented DPP form of v_add_u32 (neg/abs of an integer "
               "op)");
    st_fini(&t);
    /* v_mov_b32_dpp with DPP_CTRL 0x100 (row_shl:0, reserved) */
    st_init(&t, AEMU_SH_GFX9);
    run2_halts(&t, 0x7e0202fa, 0xff010002, "reserved DPP_CTRL");
    st_fini(&t);
    /* v_cmpx_lt_u32 with DPP (VOPC 0xd9 on gfx9: v_cmpx_lt_u32_e32) */
    st_init(&t, AEMU_SH_GFX9);
    run2_halts(&t, 0x7db206fa, 0xff005502, "v_cmpx");
    st_fini(&t);
}

/* ---- SDWA ---- */

static uint32_t sext8(uint32_t v)
{
    return (uint32_t)(int32_t)(int8_t)v;
}

static uint32_t sext16(uint32_t v)
{
    return (uint32_t)(int32_t)(int16_t)v;
}

static void sdwa_setup(ShTest *t)
{
    ST_SET_LANES(t, 1, OLD(l) ^ 0x12345600u);
    ST_SET_LANES(t, 2, 0x80c0a0f0u ^ (l * 0x01020304u));
    ST_SET_LANES(t, 3, 0x7f818283u + l * 0x00ff1ffbu);
}

#define V2(l)   (0x80c0a0f0u ^ ((l) * 0x01020304u))
#define V3(l)   (0x7f818283u + (l) * 0x00ff1ffbu)
#define OLD1(l) (OLD(l) ^ 0x12345600u)

static void test_sdwa_moves(void)
{
    ShTest t;

#define CASE(word, want) \
    do { \
        st_init(&t, AEMU_SH_GFX9); \
        sdwa_setup(&t); \
        run2(&t, 0x7e0202f9, (word)); \
        for (unsigned l = 0; l < AEMU_WAVE_LANES; l++) { \
            g_assert_cmphex(t.w.vgpr[1][l], ==, (want)); \
        } \
        st_fini(&t); \
    } while (0)

    /* v_mov_b32_sdwa v1, v2 dst_sel:DWORD src0_sel:BYTE_1 */
    CASE(0x00010602, (V2(l) >> 8) & 0xff);
    /* v_mov_b32_sdwa v1, sext(v2) dst_sel:DWORD src0_sel:WORD_1 */
    CASE(0x000d0602, sext16(V2(l) >> 16));
    /* dst_sel:WORD_1 dst_unused:UNUSED_PAD src0_sel:BYTE_0 */
    CASE(0x00000502, (V2(l) & 0xff) << 16);
    /* dst_sel:BYTE_1 dst_unused:UNUSED_SEXT src0_sel:DWORD */
    CASE(0x00060902, ((V2(l) & 0xff) << 8) |
                     (V2(l) & 0x80 ? 0xffff0000u : 0));
    /* dst_sel:WORD_1 dst_unused:UNUSED_PRESERVE src0_sel:WORD_0 */
    CASE(0x00041502, (V2(l) << 16) | (OLD1(l) & 0xffff));
    /* v_mov_b32_sdwa v1, s2 src0_sel:BYTE_1 (s2 = 0x1234abcd) */
#undef CASE
    st_init(&t, AEMU_SH_GFX9);
    t.w.sgpr[2] = 0x1234abcd;
    run2(&t, 0x7e0202f9, 0x00810602);
    for (unsigned l = 0; l < AEMU_WAVE_LANES; l++) {
        g_assert_cmphex(t.w.vgpr[1][l], ==, 0xab);
    }
    st_fini(&t);
}

static void test_sdwa_vop2(ShTest *t)
{
    sdwa_setup(t);
    t->w.sgpr[3] = 0xbeef0007;
    /* v_add_u32_sdwa v1, v2, v3 src0_sel:BYTE_2 src1_sel:WORD_1 */
    st_emit(t, 0x680206f9);
    st_emit(t, 0x05020602);
    /* v_sub_u32_sdwa v4, sext(v2), v3 dst_sel:WORD_0 UNUSED_PRESERVE
     * src0_sel:BYTE_0 src1_sel:BYTE_3 (v4: 0x6a0806f9) */
    st_emit(t, 0x6a0806f9);
    st_emit(t, 0x03081402);
    /* v_add_u32_sdwa v5, v2, s3 src1_sel:WORD_1 (v5: 0x680a06f9) */
    st_emit(t, 0x680a06f9);
    st_emit(t, 0x85060602);
    endpgm(t);
    ST_SET_LANES(t, 4, OLD(l));
    /* Half the lanes: the disabled ones keep v4's old value whole. */
    t->w.exec = 0x00000000ffffffffull;
    g_assert_cmpuint(st_run(t), ==, AEMU_WAVE_ENDED);
    for (unsigned l = 0; l < AEMU_WAVE_LANES; l++) {
        uint32_t sub = sext8(V2(l)) - (V3(l) >> 24);

        if (l >= 32) {
            g_assert_cmphex(t->w.vgpr[1][l], ==, OLD1(l));
            g_assert_cmphex(t->w.vgpr[4][l], ==, OLD(l));
            continue;
        }
        g_assert_cmphex(t->w.vgpr[1][l], ==,
                        ((V2(l) >> 16) & 0xff) + (V3(l) >> 16));
        g_assert_cmphex(t->w.vgpr[4][l], ==,
                        (sub & 0xffff) | (OLD(l) & 0xffff0000u));
        g_assert_cmphex(t->w.vgpr[5][l], ==, V2(l) + 0xbeef);
    }
}

/* neg/abs, clamp and omod on f32 ops. */
static void test_sdwa_float(ShTest *t)
{
    ST_SET_LANES(t, 2, fbits((float)l / 16.0f - 1.0f));
    ST_SET_LANES(t, 3, fbits(l % 2 ? -0.25f : 0.75f));
    /* v_add_f32_sdwa v1, -v2, |v3| clamp (all DWORD) */
    st_emit(t, 0x020206f9);
    st_emit(t, 0x26162602);
    /* v_mul_f32_sdwa v4, v2, v3 mul:2 (v4: 0x0a0806f9) */
    st_emit(t, 0x0a0806f9);
    st_emit(t, 0x06064602);
    endpgm(t);
    g_assert_cmpuint(st_run(t), ==, AEMU_WAVE_ENDED);
    for (unsigned l = 0; l < AEMU_WAVE_LANES; l++) {
        float a = (float)l / 16.0f - 1.0f, b = l % 2 ? -0.25f : 0.75f;
        float sum = -a + fabsf(b);

        sum = sum < 0.0f ? 0.0f : sum > 1.0f ? 1.0f : sum;
        g_assert_cmpfloat(bitsf(t->w.vgpr[1][l]), ==, sum);
        g_assert_cmpfloat(bitsf(t->w.vgpr[4][l]), ==, a * b * 2.0f);
    }
}

/* VOPC SDWA: an SGPR pair with SD, VCC without. */
static void test_sdwa_vopc(ShTest *t)
{
    uint64_t w45 = 0, wvcc = 0;

    ST_SET_LANES(t, 2, (l % 3 ? 0x1234u : 0x5555u) << 16 | (l & 7) | 0x30);
    ST_SET_LANES(t, 3, 0xabcd0000u | 0x1234u | (l % 5 ? 0 : 0x100u));
    /* v_cmp_eq_u32_sdwa s[4:5], v2, v3 src0_sel:WORD_1 src1_sel:WORD_0 */
    st_emit(t, 0x7d9406f9);
    st_emit(t, 0x04058402);
    /* v_cmp_eq_u32_sdwa vcc, v2, v3 src0_sel:BYTE_0 src1_sel:BYTE_0 */
    st_emit(t, 0x7d9406f9);
    st_emit(t, 0x00000002);
    endpgm(t);
    g_assert_cmpuint(st_run(t), ==, AEMU_WAVE_ENDED);
    for (unsigned l = 0; l < AEMU_WAVE_LANES; l++) {
        if (l % 3 && l % 5) {
            w45 |= 1ull << l;
        }
        if (((l & 7) | 0x30) == 0x34) {
            wvcc |= 1ull << l;
        }
    }
    g_assert_cmphex(sh_sread64(&t->w, 4), ==, w45);
    g_assert_cmphex(t->w.vcc, ==, wvcc);
}

static void test_sdwa_halts(void)
{
    ShTest t;

    /* v_mov_b32_sdwa v1, v2 with SRC0_SEL 7 (reserved), set by hand */
    st_init(&t, AEMU_SH_GFX9);
    run2_halts(&t, 0x7e0202f9, 0x00070602, "reserved select");
    st_fini(&t);
    /* DST_UNUSED 3 (reserved) */
    st_init(&t, AEMU_SH_GFX9);
    run2_halts(&t, 0x7e0202f9, 0x00061d02, "reserved DST_UNUSED");
    st_fini(&t);
    /* v_add_u32_sdwa with SRC0_NEG */
    st_init(&t, AEMU_SH_GFX9);
    run2_halts(&t, 0x680206f9, 0x06160602, "neg/abs of an integer op");
    st_fini(&t);
}

/* ---- VOP3P ---- */

static uint32_t pk(uint32_t lo, uint32_t hi)
{
    return (lo & 0xffff) | hi << 16;
}

static uint32_t lo16(uint32_t v)
{
    return v & 0xffff;
}

static uint32_t hi16(uint32_t v)
{
    return v >> 16;
}

static uint32_t sat_u(int64_t v)
{
    return v < 0 ? 0 : v > 0xffff ? 0xffff : (uint32_t)v;
}

static uint32_t sat_i(int64_t v)
{
    return (uint16_t)(v < INT16_MIN ? INT16_MIN : v > INT16_MAX ? INT16_MAX
                                                                : v);
}

#define A(l)    pk(0x7ff0u + (l) * 977u, 0x8000u + (l) * 1031u)
#define B(l)    pk(0xffffu - (l) * 3001u, 0x0010u + (l) * 1723u)
#define C(l)    pk(0x1234u * (l), 0x0f0fu ^ (l))

static void pk_setup(ShTest *t)
{
    ST_SET_LANES(t, 2, A(l));
    ST_SET_LANES(t, 3, B(l));
    ST_SET_LANES(t, 4, C(l));
}

static void test_vop3p_int(void)
{
    ShTest t;

#define CASE(w0, w1, lo, hi) \
    do { \
        st_init(&t, AEMU_SH_GFX9); \
        pk_setup(&t); \
        run2(&t, (w0), (w1)); \
        for (unsigned l = 0; l < AEMU_WAVE_LANES; l++) { \
            uint32_t a = A(l), b = B(l), c = C(l); \
            uint32_t want = pk((lo), (hi)); \
            (void)a; (void)b; (void)c; \
            if (t.w.vgpr[1][l] != want) { \
                g_error("0x%08x lane %u: 0x%08x, want 0x%08x", (w0), l, \
                        t.w.vgpr[1][l], want); \
            } \
        } \
        st_fini(&t); \
    } while (0)
#define SA(x) ((int64_t)(int16_t)(x))

    /* v_pk_add_u16 v1, v2, v3 */
    CASE(0xd38a4001, 0x18020702, lo16(a) + lo16(b), hi16(a) + hi16(b));
    /* v_pk_add_u16 v1, v2, v3 op_sel:[1,0] op_sel_hi:[0,1] */
    CASE(0xd38a4801, 0x10020702, hi16(a) + lo16(b), lo16(a) + hi16(b));
    /* v_pk_add_u16 v1, v2, v3 clamp */
    CASE(0xd38ac001, 0x18020702, sat_u((int64_t)lo16(a) + lo16(b)),
         sat_u((int64_t)hi16(a) + hi16(b)));
    /* v_pk_add_i16 v1, v2, v3 clamp */
    CASE(0xd382c001, 0x18020702, sat_i(SA(a) + SA(b)),
         sat_i(SA(hi16(a)) + SA(hi16(b))));
    /* v_pk_sub_u16 v1, v2, v3 */
    CASE(0xd38b4001, 0x18020702, lo16(a) - lo16(b), hi16(a) - hi16(b));
    /* v_pk_sub_i16 v1, v2, v3 clamp */
    CASE(0xd383c001, 0x18020702, sat_i(SA(a) - SA(b)),
         sat_i(SA(hi16(a)) - SA(hi16(b))));
    /* v_pk_mul_lo_u16 v1, v2, v3 */
    CASE(0xd3814001, 0x18020702, lo16(a) * lo16(b), hi16(a) * hi16(b));
    /* v_pk_mad_u16 v1, v2, v3, v4 op_sel_hi:[1,1,0] */
    CASE(0xd3890001, 0x1c120702, lo16(a) * lo16(b) + lo16(c),
         hi16(a) * hi16(b) + lo16(c));
    /* v_pk_mad_i16 v1, v2, v3, v4 clamp */
    CASE(0xd380c001, 0x1c120702, sat_i(SA(a) * SA(b) + SA(c)),
         sat_i(SA(hi16(a)) * SA(hi16(b)) + SA(hi16(c))));
    /* v_pk_max_i16 v1, v2, v3 */
    CASE(0xd3874001, 0x18020702, SA(a) > SA(b) ? lo16(a) : lo16(b),
         SA(hi16(a)) > SA(hi16(b)) ? hi16(a) : hi16(b));
    /* v_pk_min_u16 v1, v2, v3 */
    CASE(0xd38d4001, 0x18020702, lo16(a) < lo16(b) ? lo16(a) : lo16(b),
         hi16(a) < hi16(b) ? hi16(a) : hi16(b));
    /* v_pk_lshlrev_b16 v1, v2, v3 */
    CASE(0xd3844001, 0x18020702, lo16(b) << (a & 15),
         hi16(b) << (hi16(a) & 15));
    /* v_pk_lshrrev_b16 v1, v2, v3 */
    CASE(0xd3854001, 0x18020702, lo16(b) >> (a & 15),
         hi16(b) >> (hi16(a) & 15));
    /* v_pk_ashrrev_i16 v1, v2, v3 */
    CASE(0xd3864001, 0x18020702, (uint32_t)(SA(b) >> (a & 15)),
         (uint32_t)(SA(hi16(b)) >> (hi16(a) & 15)));
    /* v_pk_add_u16 v1, v2, -1: an integer constant is 32-bit, so -1 in
     * both halves */
    CASE(0xd38a4001, 0x18018302, lo16(a) - 1, hi16(a) - 1);
#undef CASE
#undef SA
}

/* binary16 constants */
#define H_ONE       0x3c00u
#define H_1P5       0x3e00u
#define H_TWO       0x4000u
#define H_MHALF     0xb800u
#define H_MAX       0x7bffu
#define H_INF       0x7c00u
#define H_1ULP      0x3c01u     /* 1 + 2^-10 */
#define H_DENORM    0x0001u     /* 2^-24 */

static void test_vop3p_f16(ShTest *t)
{
    /* lane 0: simple values; lane 1: overflow, rounding, denormals */
    t->w.vgpr[2][0] = pk(H_1P5, H_TWO);
    t->w.vgpr[3][0] = pk(H_MHALF, H_ONE);
    t->w.vgpr[4][0] = pk(H_ONE, H_MHALF);
    t->w.vgpr[2][1] = pk(H_MAX, H_1ULP);
    t->w.vgpr[3][1] = pk(H_MAX, H_1ULP);
    t->w.vgpr[4][1] = pk(H_DENORM, H_DENORM);
    /* v_pk_add_f16 v1, v2, v3 neg_lo:[1,0] neg_hi:[0,1] */
    st_emit(t, 0xd38f4201);
    st_emit(t, 0x38020702);
    /* v_pk_mul_f16 v5, v2, v3 */
    st_emit(t, 0xd3904005);
    st_emit(t, 0x18020702);
    /* v_pk_fma_f16 v6, v2, v3, v4 */
    st_emit(t, 0xd38e4006);
    st_emit(t, 0x1c120702);
    /* v_pk_max_f16 v7, v2, v3 */
    st_emit(t, 0xd3924007);
    st_emit(t, 0x18020702);
    /* v_pk_add_f16 v8, v2, 1.0: the constant's high half is 0 */
    st_emit(t, 0xd38f4008);
    st_emit(t, 0x1801e502);
    /* v_pk_add_f16 v9, v2, 1.0 op_sel_hi:[1,0]: 1.0 in both halves */
    st_emit(t, 0xd38f4009);
    st_emit(t, 0x0801e502);
    /* v_pk_min_f16 v10, v2, v3 */
    st_emit(t, 0xd391400a);
    st_emit(t, 0x18020702);
    endpgm(t);
    t->w.exec = 0x3;
    g_assert_cmpuint(st_run(t), ==, AEMU_WAVE_ENDED);
    /* -1.5 + -0.5 = -2; 2 + -1 = 1 */
    g_assert_cmphex(t->w.vgpr[1][0], ==, pk(0xc000, H_ONE));
    /* 1.5 * -0.5 = -0.75; 2 * 1 = 2 */
    g_assert_cmphex(t->w.vgpr[5][0], ==, pk(0xba00, H_TWO));
    /* 1.5 * -0.5 + 1 = 0.25; 2 * 1 - 0.5 = 1.5 */
    g_assert_cmphex(t->w.vgpr[6][0], ==, pk(0x3400, H_1P5));
    g_assert_cmphex(t->w.vgpr[7][0], ==, pk(H_1P5, H_TWO));
    g_assert_cmphex(t->w.vgpr[10][0], ==, pk(H_MHALF, H_ONE));
    g_assert_cmphex(t->w.vgpr[8][0], ==, pk(0x4100, H_TWO));
    g_assert_cmphex(t->w.vgpr[9][0], ==, pk(0x4100, 0x4200));
    /* -max + max = 0; (1+2^-10) - (1+2^-10) = 0 (the hi half negated) */
    g_assert_cmphex(t->w.vgpr[1][1], ==, pk(0, 0));
    /* max * max overflows; (1+2^-10)^2 = 1 + 2^-9 + 2^-20 rounds to 1+2^-9 */
    g_assert_cmphex(t->w.vgpr[5][1], ==, pk(H_INF, 0x3c02));
    /* the denormal addend is kept (MODE's f16 denormals on) */
    g_assert_cmphex(t->w.vgpr[6][1], ==, pk(H_INF, 0x3c02));
}

/* A NaN operand of min/max: the other one (IEEE off); f16 denormals. */
static void test_vop3p_f16_edges(ShTest *t)
{
    t->w.vgpr[2][0] = pk(0x7e00, H_DENORM);     /* qNaN, 2^-24 */
    t->w.vgpr[3][0] = pk(H_ONE, H_DENORM);
    /* v_pk_max_f16 v7, v2, v3 */
    st_emit(t, 0xd3924007);
    st_emit(t, 0x18020702);
    /* v_pk_add_f16 v1, v2, v3 */
    st_emit(t, 0xd38f4001);
    st_emit(t, 0x18020702);
    endpgm(t);
    t->w.exec = 0x1;
    /* f16 denormals flushed in and out (MODE f64/f16 field 0) */
    t->w.mode = 0x00;
    g_assert_cmpuint(st_run(t), ==, AEMU_WAVE_ENDED);
    g_assert_cmphex(lo16(t->w.vgpr[7][0]), ==, H_ONE);
    g_assert_cmphex(hi16(t->w.vgpr[7][0]), ==, 0);
    g_assert_cmphex(hi16(t->w.vgpr[1][0]), ==, 0);
    g_assert_cmphex(lo16(t->w.vgpr[1][0]) & 0x7e00, ==, 0x7e00);
}

static void test_vop3p_halts(void)
{
    ShTest t;

    /* v_pk_lshlrev_b16 v1, v2, v3 clamp */
    st_init(&t, AEMU_SH_GFX9);
    run2_halts(&t, 0xd384c001, 0x18020702,
               "unimplemented clamp of v_pk_lshlrev_b16");
    st_fini(&t);
    /* v_pk_add_u16 v1, v2, v3 neg_lo:[1,0] (bit set by hand) */
    st_init(&t, AEMU_SH_GFX9);
    run2_halts(&t, 0xd38a4001, 0x38020702, "unimplemented NEG of v_pk_add_u16");
    st_fini(&t);
    /* v_mad_mix_f32 v1, v2, v3, v4 (ACO's v_fma_mix_f32): not modelled */
    st_init(&t, AEMU_SH_GFX9);
    run2_halts(&t, 0xd3a00001, 0x04120702, "unimplemented v_fma_mix_f32");
    st_fini(&t);
}

#define ST_GFX9(fn) \
    static void fn##_gfx9(void) \
    { \
        ShTest t; \
        st_init(&t, AEMU_SH_GFX9); \
        fn(&t); \
        st_fini(&t); \
    }

ST_GFX9(test_dpp_vop2_vopc)
ST_GFX9(test_dpp_float_carry)
ST_GFX9(test_sdwa_vop2)
ST_GFX9(test_sdwa_float)
ST_GFX9(test_sdwa_vopc)
ST_GFX9(test_vop3p_f16)
ST_GFX9(test_vop3p_f16_edges)

int main(int argc, char **argv)
{
    g_test_init(&argc, &argv, NULL);
    g_test_add_func("/shader-vext/dpp/moves", test_dpp_moves);
    g_test_add_func("/shader-vext/dpp/disabled-source",
                    test_dpp_disabled_source);
    g_test_add_func("/shader-vext/dpp/vop2-vopc", test_dpp_vop2_vopc_gfx9);
    g_test_add_func("/shader-vext/dpp/float-carry",
                    test_dpp_float_carry_gfx9);
    g_test_add_func("/shader-vext/dpp/halts", test_dpp_halts);
    g_test_add_func("/shader-vext/sdwa/moves", test_sdwa_moves);
    g_test_add_func("/shader-vext/sdwa/vop2", test_sdwa_vop2_gfx9);
    g_test_add_func("/shader-vext/sdwa/float", test_sdwa_float_gfx9);
    g_test_add_func("/shader-vext/sdwa/vopc", test_sdwa_vopc_gfx9);
    g_test_add_func("/shader-vext/sdwa/halts", test_sdwa_halts);
    g_test_add_func("/shader-vext/vop3p/int", test_vop3p_int);
    g_test_add_func("/shader-vext/vop3p/f16", test_vop3p_f16_gfx9);
    g_test_add_func("/shader-vext/vop3p/f16-edges",
                    test_vop3p_f16_edges_gfx9);
    g_test_add_func("/shader-vext/vop3p/halts", test_vop3p_halts);
    return g_test_run();
}
