/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Unit tests of the shader interpreter's 16-bit vector ALU ops
 * (shader_v16.c): gfx9's f16 and u16/i16 ops in their VOP1, VOP2 and
 * VOP3 forms, VOP3 OP_SEL (source halves, the destination half, the ops
 * that keep VDST's other half and the ones that zero it), clamp, neg,
 * SDWA around an f16 op, f16 denormals under MODE, the packing
 * conversions gfx7 has too, and gfx9's VGPR index mode
 * (shader_gpridx.c). The instruction dwords come from
 * `llvm-mc -arch=amdgcn -mcpu=gfx900 -show-encoding` (or hawaii), the
 * assembly in the comment above each. Expected f16 values were computed
 * with the host's binary16 conversion (Python struct 'e').
 */
#include "shader-test.h"

#define H_ONE       0x3c00u
#define H_1P5       0x3e00u
#define H_TWO       0x4000u
#define H_FOUR      0x4400u
#define H_MHALF     0xb800u
#define H_DENORM    0x0001u     /* 2^-24 */

static inline uint32_t pk(uint32_t lo, uint32_t hi)
{
    return lo | hi << 16;
}

static void test_v16_ops(ShTest *t)
{
    t->w.vgpr[2][0] = pk(H_1P5, H_TWO);
    t->w.vgpr[3][0] = pk(H_MHALF, H_ONE);
    t->w.vgpr[4][0] = pk(H_ONE, H_FOUR);
    t->w.vgpr[5][0] = pk(H_TWO, 0xabcd);
    t->w.vgpr[6][0] = pk(0, 0x1111);
    t->w.vgpr[22][0] = 0x12345678;
    t->w.vgpr[23][0] = pk(0, 0x7777);
    t->w.vgpr[24][0] = pk(0, 0xdead);
    t->w.vgpr[29][0] = 0x5555aaaa;
    t->w.vgpr[1][0] = t->w.vgpr[8][0] = UINT32_MAX;  /* high halves zeroed */
    /* lane 1: v_add_u16 clamp saturates */
    t->w.vgpr[2][1] = 0xf000;
    t->w.vgpr[3][1] = 0x2000;
    /* v_add_f16_e32 v1, v2, v3 */
    st_emit(t, 0x3e020702);
    /* v_mul_f16_e32 v31, v2, v3 */
    st_emit(t, 0x443e0702);
    /* v_mac_f16_e32 v5, v2, v3 */
    st_emit(t, 0x460a0702);
    /* v_madmk_f16 v6, v2, 0x4000, v3 */
    st_emit(t, 0x480c0702); st_emit(t, 0x00004000);
    /* v_madak_f16 v7, v2, v3, 0x3c00 */
    st_emit(t, 0x4a0e0702); st_emit(t, 0x00003c00);
    /* v_sub_u16_e32 v8, v2, v3 */
    st_emit(t, 0x4e100702);
    /* v_mul_lo_u16_e32 v9, v2, v3 */
    st_emit(t, 0x52120702);
    /* v_lshlrev_b16_e32 v10, 4, v2 */
    st_emit(t, 0x54140484);
    /* v_ashrrev_i16_e32 v11, 1, v3 */
    st_emit(t, 0x58160681);
    /* v_max_f16_e32 v12, v2, v3 */
    st_emit(t, 0x5a180702);
    /* v_min_i16_e32 v13, v2, v3 */
    st_emit(t, 0x641a0702);
    /* v_ldexp_f16_e64 v14, v2, 3 */
    st_emit(t, 0xd133000e); st_emit(t, 0x00010702);
    /* v_cvt_f16_u16_e32 v15, v2 */
    st_emit(t, 0x7e1e7302);
    /* v_cvt_i16_f16_e32 v16, v3 */
    st_emit(t, 0x7e207903);
    /* v_rcp_f16_e32 v17, v2 */
    st_emit(t, 0x7e227b02);
    /* v_sqrt_f16_e32 v18, v2 */
    st_emit(t, 0x7e247d02);
    /* v_fract_f16_e32 v19, v3 */
    st_emit(t, 0x7e269103);
    /* v_floor_f16_e32 v20, v3 */
    st_emit(t, 0x7e288903);
    /* v_frexp_exp_i16_f16_e32 v21, v4 */
    st_emit(t, 0x7e2a8704);
    /* v_mad_f16 v22, v2, v3, v4 op_sel:[1,0,0,1] */
    st_emit(t, 0xd2034816); st_emit(t, 0x04120702);
    /* v_fma_f16 v23, -v2, v3, v4 */
    st_emit(t, 0xd2060017); st_emit(t, 0x24120702);
    /* v_mad_u16 v24, v2, v3, v4 op_sel:[0,1,0,0] */
    st_emit(t, 0xd2041018); st_emit(t, 0x04120702);
    /* v_add_u16_e64 v25, v2, v3 clamp */
    st_emit(t, 0xd1268019); st_emit(t, 0x00020702);
    /* v_pack_b32_f16 v26, v2, v3 op_sel:[0,1,0] */
    st_emit(t, 0xd2a0101a); st_emit(t, 0x00020702);
    /* v_med3_i16 v27, v2, v3, v4 */
    st_emit(t, 0xd1fb001b); st_emit(t, 0x04120702);
    /* v_cvt_pknorm_i16_f32 v28, v2, v3 */
    st_emit(t, 0xd294001c); st_emit(t, 0x00020702);
    /* v_add_f16_sdwa v29, v2, v3 dst_sel:WORD_1
     *   dst_unused:UNUSED_PRESERVE src0_sel:WORD_1 src1_sel:WORD_0 */
    st_emit(t, 0x3e3a06f9); st_emit(t, 0x04051502);
    endpgm(t);
    t->w.exec = 0x3;
    g_assert_cmpuint(st_run(t), ==, AEMU_WAVE_ENDED);
    /* 1.5 + -0.5; the high half zeroed */
    g_assert_cmphex(t->w.vgpr[1][0], ==, H_ONE);
    g_assert_cmphex(t->w.vgpr[31][0], ==, 0xba00);          /* -0.75 */
    /* mac, madmk, madak keep the high half */
    g_assert_cmphex(t->w.vgpr[5][0], ==, pk(0x3d00, 0xabcd));   /* 1.25 */
    g_assert_cmphex(t->w.vgpr[6][0], ==, pk(0x4100, 0x1111));   /* 2.5 */
    g_assert_cmphex(t->w.vgpr[7][0], ==, 0x3400);               /* 0.25 */
    g_assert_cmphex(t->w.vgpr[8][0], ==, 0x8600);       /* wraps */
    g_assert_cmphex(t->w.vgpr[9][0], ==, 0);
    g_assert_cmphex(t->w.vgpr[10][0], ==, 0xe000);
    g_assert_cmphex(t->w.vgpr[11][0], ==, 0xdc00);
    g_assert_cmphex(t->w.vgpr[12][0], ==, H_1P5);
    g_assert_cmphex(t->w.vgpr[13][0], ==, H_MHALF);
    g_assert_cmphex(t->w.vgpr[14][0], ==, 0x4a00);      /* 12 */
    g_assert_cmphex(t->w.vgpr[15][0], ==, 0x73c0);      /* 15872 */
    g_assert_cmphex(t->w.vgpr[16][0], ==, 0);           /* trunc(-0.5) */
    g_assert_cmphex(t->w.vgpr[17][0], ==, 0x3955);      /* 1/1.5 */
    g_assert_cmphex(t->w.vgpr[18][0], ==, 0x3ce6);      /* sqrt(1.5) */
    g_assert_cmphex(t->w.vgpr[19][0], ==, 0x3800);      /* fract(-0.5) */
    g_assert_cmphex(t->w.vgpr[20][0], ==, 0xbc00);      /* floor(-0.5) */
    g_assert_cmphex(t->w.vgpr[21][0], ==, 1);           /* 1.0 = 0.5 * 2^1 */
    /* 2 * -0.5 + 1 = 0 into the high half; the low half kept */
    g_assert_cmphex(t->w.vgpr[22][0], ==, pk(0x5678, 0));
    /* -1.5 * -0.5 + 1 = 1.75 */
    g_assert_cmphex(t->w.vgpr[23][0], ==, pk(0x3f00, 0x7777));
    /* 0x3e00 * 0x3c00 (v3's high half) wraps to 0, + 0x3c00 */
    g_assert_cmphex(t->w.vgpr[24][0], ==, pk(0x3c00, 0xdead));
    g_assert_cmphex(t->w.vgpr[25][0], ==, 0xf600);
    g_assert_cmphex(t->w.vgpr[25][1], ==, 0xffff);
    g_assert_cmphex(t->w.vgpr[26][0], ==, pk(H_1P5, H_ONE));
    g_assert_cmphex(t->w.vgpr[27][0], ==, H_ONE);
    /* snorm16(2.0039) = 32767; snorm16(0.00786) = 257 */
    g_assert_cmphex(t->w.vgpr[28][0], ==, pk(0x7fff, 257));
    /* 2 + -0.5 into WORD_1, WORD_0 kept */
    g_assert_cmphex(t->w.vgpr[29][0], ==, pk(0xaaaa, H_1P5));
}

/* f16 denormals: flushed when MODE's f64/f16 field is 0, else kept. */
static void test_v16_denormals(ShTest *t)
{
    t->w.vgpr[2][0] = H_DENORM;
    t->w.vgpr[3][0] = H_DENORM;
    /* v_add_f16_e32 v1, v2, v3 */
    st_emit(t, 0x3e020702);
    endpgm(t);
    t->w.exec = 0x1;
    t->w.mode = 0x00;
    g_assert_cmpuint(st_run(t), ==, AEMU_WAVE_ENDED);
    g_assert_cmphex(t->w.vgpr[1][0], ==, 0);
    t->w.pc = ST_CODE;
    t->w.state = AEMU_WAVE_READY;
    t->w.mode = 0xc0;
    g_assert_cmpuint(st_run(t), ==, AEMU_WAVE_ENDED);
    g_assert_cmphex(t->w.vgpr[1][0], ==, 2 * H_DENORM);
}

/*
 * f16 results round as MODE's f64/f16 FP_ROUND (bits 3:2) says: 1 + 2^-12
 * and -(1 + 2^-12), between two f16 values, in each direction; the f32
 * field (bits 1:0) does not apply.
 */
#define H_2M12      0x0c00u     /* 2^-12 */
#define H_SIGN      0x8000u

static void test_v16_rounding(ShTest *t)
{
    static const struct {
        uint32_t mode, pos, neg;
    } cases[] = {
        { 0x0, H_ONE, H_SIGN | H_ONE },
        { 0x4, H_ONE + 1, H_SIGN | H_ONE },         /* toward +inf */
        { 0x8, H_ONE, H_SIGN | (H_ONE + 1) },       /* toward -inf */
        { 0xc, H_ONE, H_SIGN | H_ONE },             /* toward zero */
        { 0x1, H_ONE, H_SIGN | H_ONE },             /* f32's field */
    };

    t->w.vgpr[2][0] = H_ONE;
    t->w.vgpr[3][0] = H_2M12;
    t->w.vgpr[2][1] = H_SIGN | H_ONE;
    t->w.vgpr[3][1] = H_SIGN | H_2M12;
    /* v_add_f16_e32 v1, v2, v3 */
    st_emit(t, 0x3e020702);
    endpgm(t);
    t->w.exec = 0x3;
    for (unsigned c = 0; c < G_N_ELEMENTS(cases); c++) {
        t->w.pc = ST_CODE;
        t->w.state = AEMU_WAVE_READY;
        t->w.mode = cases[c].mode;
        g_assert_cmpuint(st_run(t), ==, AEMU_WAVE_ENDED);
        g_assert_cmphex(t->w.vgpr[1][0], ==, cases[c].pos);
        g_assert_cmphex(t->w.vgpr[1][1], ==, cases[c].neg);
    }
}

/* gfx9 gives OP_SEL to a few ops: on any other the decoder refuses it. */
static void test_v16_opsel_refused(ShTest *t)
{
    /* v_add_u32_e64 v1, v2, v3 with OP_SEL[0] set by hand */
    st_emit(t, 0xd1340801);
    st_emit(t, 0x00020702);
    endpgm(t);
    g_assert_cmpuint(st_run(t), ==, AEMU_WAVE_HALTED);
    g_assert_nonnull(strstr(t->w.halt_reason, "reserved operand"));
}

/* gfx7's packing conversions (VOP2 and VOP3). */
static void test_pk_gfx7(ShTest *t)
{
    t->w.vgpr[2][0] = fbits(0.5f);
    t->w.vgpr[3][0] = fbits(-2.0f);
    t->w.vgpr[4][0] = 2;
    t->w.vgpr[5][0] = 0x11223344;
    t->w.vgpr[6][0] = fbits(200.7f);
    /* v_cvt_pknorm_u16_f32 v1, v2, v3 */
    st_emit(t, 0x5c020702);
    /* v_cvt_pkaccum_u8_f32 v5, v6, v4 */
    st_emit(t, 0x580a0906);
    /* v_cvt_pk_u8_f32 v7, v6, 1, v5 */
    st_emit(t, 0xd2bc0007); st_emit(t, 0x04150306);
    endpgm(t);
    t->w.exec = 0x1;
    g_assert_cmpuint(st_run(t), ==, AEMU_WAVE_ENDED);
    /* unorm16(0.5) = 32768 (32767.5 to even); unorm16(-2) = 0 */
    g_assert_cmphex(t->w.vgpr[1][0], ==, pk(0x8000, 0));
    /* byte 2 of v5 becomes 201 */
    g_assert_cmphex(t->w.vgpr[5][0], ==, 0x11c93344);
    g_assert_cmphex(t->w.vgpr[7][0], ==, 0x11c9c944);
}


/*
 * gfx9 VGPR index mode: s_set_gpr_idx_on offsets the enabled operands of
 * the region's VALU instructions by M0[7:0]; s_set_gpr_idx_idx changes the
 * index inside a region; an index past the VGPRs halts.
 */
static void test_gpr_idx(ShTest *t)
{
    ST_SET_LANES(t, 13, 0x1300 + l);
    ST_SET_LANES(t, 1, 0);
    t->w.sgpr[2] = 3;
    t->w.sgpr[3] = 2;
    t->w.sgpr[4] = 5;
    t->w.sgpr[5] = 250;
    /* s_set_gpr_idx_on s2, gpr_idx(SRC0) */
    st_emit(t, 0xbf110102);
    /* v_mov_b32_e32 v1, v10: reads v13 */
    st_emit(t, 0x7e02030a);
    /* s_set_gpr_idx_off */
    st_emit(t, 0xbf9c0000);
    /* s_set_gpr_idx_on s3, gpr_idx(DST) */
    st_emit(t, 0xbf110803);
    /* v_mov_b32_e32 v20, v1: writes v22 */
    st_emit(t, 0x7e280301);
    /* s_set_gpr_idx_idx s4 */
    st_emit(t, 0xbe803204);
    /* v_add_u32_e32 v20, v1, v1: writes v25 */
    st_emit(t, 0x68280301);
    /* s_set_gpr_idx_off */
    st_emit(t, 0xbf9c0000);
    /* v_mov_b32_e32 v1, v10: no index any more */
    st_emit(t, 0x7e02030a);
    /* s_set_gpr_idx_on s5, gpr_idx(SRC0) */
    st_emit(t, 0xbf110105);
    /* v_mov_b32_e32 v1, v10: v260 is no VGPR */
    st_emit(t, 0x7e02030a);
    /* s_set_gpr_idx_off */
    st_emit(t, 0xbf9c0000);
    endpgm(t);
    ST_SET_LANES(t, 10, 0x1000 + l);
    g_assert_cmpuint(st_run_to_stop(t), ==, AEMU_WAVE_HALTED);
    g_assert_nonnull(strstr(t->w.halt_reason, "outside the VGPRs"));
    for (unsigned l = 0; l < AEMU_WAVE_LANES; l++) {
        g_assert_cmphex(t->w.vgpr[22][l], ==, 0x1300 + l);
        g_assert_cmphex(t->w.vgpr[25][l], ==, 2 * (0x1300 + l));
        g_assert_cmphex(t->w.vgpr[1][l], ==, 0x1000 + l);
    }
    g_assert_cmphex(t->w.vgpr[20][0], ==, 0);
}

#define ST_GFX(fn, gen, sfx) \
    static void fn##_##sfx(void) \
    { \
        ShTest t; \
        st_init(&t, gen); \
        fn(&t); \
        st_fini(&t); \
    }

ST_GFX(test_v16_ops, AEMU_SH_GFX9, gfx9)
ST_GFX(test_v16_denormals, AEMU_SH_GFX9, gfx9)
ST_GFX(test_v16_opsel_refused, AEMU_SH_GFX9, gfx9)
ST_GFX(test_v16_rounding, AEMU_SH_GFX9, gfx9)
ST_GFX(test_pk_gfx7, AEMU_SH_GFX7, gfx7)
ST_GFX(test_gpr_idx, AEMU_SH_GFX9, gfx9)

int main(int argc, char **argv)
{
    g_test_init(&argc, &argv, NULL);
    g_test_add_func("/shader-v16/ops", test_v16_ops_gfx9);
    g_test_add_func("/shader-v16/denormals", test_v16_denormals_gfx9);
    g_test_add_func("/shader-v16/opsel-refused", test_v16_opsel_refused_gfx9);
    g_test_add_func("/shader-v16/rounding", test_v16_rounding_gfx9);
    g_test_add_func("/shader-v16/pk-gfx7", test_pk_gfx7_gfx7);
    g_test_add_func("/shader-v16/gpr-idx", test_gpr_idx_gfx9);
    return g_test_run();
}
