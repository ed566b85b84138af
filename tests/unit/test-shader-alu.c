/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Unit tests of the shader interpreter's ALU semantics (shader_salu.c,
 * shader_flow.c, shader_valu.c, shader_vfloat.c, shader_vcmp.c) and of the
 * wave loop (shader_wave.c), on both generations, each test assembling
 * its instructions from the generated tables by semantic op.
 *
 * Integer edge cases the ISA defines (carry and borrow, shifts by 32 or
 * more, 24-bit multiplies with sign, signed against unsigned min/max,
 * bit-field extracts and their SCC), float rules (NaN through min/max per
 * MODE.IEEE, denormals per MODE.FP_DENORM, conversions that round and
 * clamp, the clamp and omod modifiers, fma against mad), EXEC masking,
 * VCC and SCC results, branches, the loop's budget and halts.
 */
#include <fenv.h>
#include "shader-test.h"

/* A VOP2 op as VOP2 when the generation has that form, else as VOP3. */
static void valu2(ShTest *t, AemuShOp op, unsigned vdst, unsigned s0,
                  unsigned s1)
{
    if (st_has(t->gen, AEMU_SH_FMT_VOP2, op) && s1 >= SH_SRC_VGPR0) {
        vop2(t, op, vdst, s0, s1 - SH_SRC_VGPR0);
    } else {
        vop3(t, op, vdst, s0, s1, 0);
    }
}

/* sN = SCC, to look at it after the run. */
static void save_scc(ShTest *t, unsigned s)
{
    sop2(t, SH_OP_S_CSELECT_B32, s, INT(1), INT(0));
}

/* ---- scalar ALU ---- */

static void test_salu_arith(ShTest *t)
{
    sop1(t, SH_OP_S_MOV_B32, 0, NEG(1));                /* s0 = -1 */
    sop2(t, SH_OP_S_ADD_U32, 1, 0, INT(2));             /* 1, carry */
    save_scc(t, 20);
    sop2(t, SH_OP_S_SUB_U32, 2, INT(1), INT(2));        /* -1, borrow */
    save_scc(t, 21);
    sop1(t, SH_OP_S_MOV_B32, 3, LIT);
    st_lit(t, 0x7fffffff);
    sop2(t, SH_OP_S_ADD_I32, 4, 3, INT(1));             /* overflow */
    save_scc(t, 22);
    sop2(t, SH_OP_S_ADD_I32, 5, 0, INT(1));             /* -1 + 1: none */
    save_scc(t, 23);
    sopc(t, SH_OP_S_CMP_EQ_U32, INT(0), INT(0));        /* SCC = 1 */
    sop2(t, SH_OP_S_ADDC_U32, 6, INT(5), INT(6));       /* 5 + 6 + 1 */
    save_scc(t, 24);
    sop2(t, SH_OP_S_LSHL_B32, 7, INT(1), INT(33));      /* by 33 & 31 */
    sop2(t, SH_OP_S_LSHR_B32, 8, 0, INT(63));           /* by 31 */
    sop2(t, SH_OP_S_ASHR_I32, 9, LIT, INT(4));
    st_lit(t, 0x80000000);
    sop2(t, SH_OP_S_LSHL_B64, 10, INT(1), INT(33));     /* s[10:11] */
    sop2(t, SH_OP_S_BFE_U32, 12, LIT, LIT);
    /* one literal per instruction: both sources read it */
    st_lit(t, 0x00080004);
    sop2(t, SH_OP_S_BFE_I32, 13, LIT, INT(0));
    st_lit(t, 0x00000080);
    save_scc(t, 25);                                    /* width 0: 0 */
    sop2(t, SH_OP_S_MIN_I32, 14, NEG(1), INT(1));
    sop2(t, SH_OP_S_MIN_U32, 15, NEG(1), INT(1));
    sop1(t, SH_OP_S_FF1_I32_B32, 16, INT(0));
    sop1(t, SH_OP_S_FLBIT_I32_B32, 17, INT(1));
    sop1(t, SH_OP_S_BCNT1_I32_B32, 18, LIT);
    st_lit(t, 0x0000ff00);
    sopk(t, SH_OP_S_MOVK_I32, 19, (uint16_t)-5);
    sopk(t, SH_OP_S_ADDK_I32, 19, 7);                   /* 2 */
    sopk(t, SH_OP_S_CMPK_LT_I32, 19, (uint16_t)-1);     /* 2 < -1: no */
    save_scc(t, 26);
    sopk(t, SH_OP_S_CMPK_LT_U32, 19, 0xffff);           /* 2 < 65535 */
    save_scc(t, 27);
    sop1(t, SH_OP_S_BREV_B32, 28, INT(1));
    sop1(t, SH_OP_S_SEXT_I32_I16, 29, LIT);
    st_lit(t, 0x00018000);
    sop2(t, SH_OP_S_MUL_I32, 30, NEG(3), INT(7));
    endpgm(t);
    g_assert_cmpuint(st_run(t), ==, AEMU_WAVE_ENDED);

    g_assert_cmphex(t->w.sgpr[1], ==, 1);
    g_assert_cmpuint(t->w.sgpr[20], ==, 1);
    g_assert_cmphex(t->w.sgpr[2], ==, 0xffffffff);
    g_assert_cmpuint(t->w.sgpr[21], ==, 1);
    g_assert_cmphex(t->w.sgpr[4], ==, 0x80000000);
    g_assert_cmpuint(t->w.sgpr[22], ==, 1);
    g_assert_cmpuint(t->w.sgpr[23], ==, 0);
    g_assert_cmpuint(t->w.sgpr[6], ==, 12);
    g_assert_cmpuint(t->w.sgpr[24], ==, 0);
    g_assert_cmphex(t->w.sgpr[7], ==, 2);
    g_assert_cmphex(t->w.sgpr[8], ==, 1);
    g_assert_cmphex(t->w.sgpr[9], ==, 0xf8000000);
    g_assert_cmphex(t->w.sgpr[10], ==, 0);
    g_assert_cmphex(t->w.sgpr[11], ==, 2);
    /* s_bfe_u32 of 0x00080004 with offset 4, width 8: 0x00 */
    g_assert_cmphex(t->w.sgpr[12], ==, 0);
    g_assert_cmphex(t->w.sgpr[13], ==, 0);
    g_assert_cmpuint(t->w.sgpr[25], ==, 0);
    g_assert_cmphex(t->w.sgpr[14], ==, 0xffffffff);
    g_assert_cmphex(t->w.sgpr[15], ==, 1);
    g_assert_cmphex(t->w.sgpr[16], ==, 0xffffffff);
    g_assert_cmphex(t->w.sgpr[17], ==, 31);
    g_assert_cmphex(t->w.sgpr[18], ==, 8);
    g_assert_cmphex(t->w.sgpr[19], ==, 2);
    g_assert_cmpuint(t->w.sgpr[26], ==, 0);
    g_assert_cmpuint(t->w.sgpr[27], ==, 1);
    g_assert_cmphex(t->w.sgpr[28], ==, 0x80000000);
    g_assert_cmphex(t->w.sgpr[29], ==, 0xffff8000);
    g_assert_cmphex(t->w.sgpr[30], ==, (uint32_t)-21);
}
ST_BOTH(test_salu_arith)

/* s_bfe writes SCC (Mesa README-ISA.md), with the field from S1. */
static void test_salu_bfe(ShTest *t)
{
    sop1(t, SH_OP_S_MOV_B32, 0, LIT);
    st_lit(t, 0x0000f0f0);
    sop1(t, SH_OP_S_MOV_B32, 1, LIT);
    st_lit(t, (8u << 16) | 4u);                 /* width 8, offset 4 */
    sop2(t, SH_OP_S_BFE_U32, 2, 0, 1);          /* 0x0f */
    save_scc(t, 10);
    sop1(t, SH_OP_S_MOV_B32, 3, LIT);
    st_lit(t, (8u << 16) | 0u);
    sop2(t, SH_OP_S_BFE_I32, 4, LIT, 3);        /* sign-extended 0x80 */
    st_lit(t, 0x00000080);
    sop1(t, SH_OP_S_MOV_B32, 5, LIT);
    st_lit(t, (40u << 16) | 28u);               /* past the top */
    sop2(t, SH_OP_S_BFE_U32, 6, LIT, 5);
    st_lit(t, 0xa0000000);
    sop2(t, SH_OP_S_BFE_U32, 7, INT(0), 1);     /* 0: SCC 0 */
    save_scc(t, 11);
    endpgm(t);
    g_assert_cmpuint(st_run(t), ==, AEMU_WAVE_ENDED);
    g_assert_cmphex(t->w.sgpr[2], ==, 0x0f);
    g_assert_cmpuint(t->w.sgpr[10], ==, 1);
    g_assert_cmphex(t->w.sgpr[4], ==, 0xffffff80);
    g_assert_cmphex(t->w.sgpr[6], ==, 0xa);
    g_assert_cmpuint(t->w.sgpr[11], ==, 0);
}
ST_BOTH(test_salu_bfe)

/* The saveexec family, EXEC and VCC through scalar ops, s_getpc/s_setpc. */
static void test_salu_exec(ShTest *t)
{
    sop1(t, SH_OP_S_MOV_B32, 2, LIT);
    st_lit(t, 0x0000ffff);
    sop1(t, SH_OP_S_MOV_B32, 3, INT(0));
    sop1(t, SH_OP_S_AND_SAVEEXEC_B64, 4, 2);   /* s[4:5] = old EXEC */
    save_scc(t, 20);
    sop1(t, SH_OP_S_MOV_B64, 6, EXEC);         /* s[6:7] = new EXEC */
    sop1(t, SH_OP_S_MOV_B64, VCC, 6);          /* VCC = 0xffff */
    sop1(t, SH_OP_S_NOT_B64, 8, VCC);
    sop1(t, SH_OP_S_GETPC_B64, 10, 0);         /* address of the next */
    sop1(t, SH_OP_S_MOV_B64, EXEC, 4);         /* EXEC = all again */
    sop1(t, SH_OP_S_XOR_SAVEEXEC_B64, 12, 4);  /* EXEC = ~0 ^ ~0 = 0 */
    save_scc(t, 21);
    endpgm(t);
    g_assert_cmpuint(st_run(t), ==, AEMU_WAVE_ENDED);
    g_assert_cmphex(t->w.sgpr[4], ==, 0xffffffff);
    g_assert_cmphex(t->w.sgpr[5], ==, 0xffffffff);
    g_assert_cmphex(t->w.sgpr[6], ==, 0xffff);
    g_assert_cmphex(t->w.sgpr[7], ==, 0);
    g_assert_cmpuint(t->w.sgpr[20], ==, 1);
    g_assert_cmphex(t->w.vcc, ==, 0xffff);
    g_assert_cmphex(t->w.sgpr[8], ==, 0xffff0000);
    g_assert_cmphex(t->w.sgpr[9], ==, 0xffffffff);
    /* s_getpc is dword 8 (the first s_mov has a literal) */
    g_assert_cmphex(t->w.sgpr[10], ==, (uint32_t)(ST_CODE + 4 * 9));
    g_assert_cmphex(t->w.exec, ==, 0);
    g_assert_cmpuint(t->w.sgpr[21], ==, 0);
}
ST_BOTH(test_salu_exec)

/* A counted loop with a backward conditional branch. */
static void test_branch_loop(ShTest *t)
{
    sop1(t, SH_OP_S_MOV_B32, 0, INT(0));
    sop1(t, SH_OP_S_MOV_B32, 1, INT(0));
    /* loop: */
    sop2(t, SH_OP_S_ADD_U32, 0, 0, INT(1));
    sop2(t, SH_OP_S_ADD_U32, 1, 1, 0);
    sopc(t, SH_OP_S_CMP_LT_U32, 0, INT(10));
    sopp(t, SH_OP_S_CBRANCH_SCC1, (uint16_t)-4);
    /* s_cbranch_execz over an s_mov that must not run: EXEC is all */
    sopp(t, SH_OP_S_CBRANCH_EXECNZ, 1);
    sop1(t, SH_OP_S_MOV_B32, 2, INT(1));
    sopp(t, SH_OP_S_BRANCH, 1);
    sop1(t, SH_OP_S_MOV_B32, 3, INT(1));
    endpgm(t);
    g_assert_cmpuint(st_run(t), ==, AEMU_WAVE_ENDED);
    g_assert_cmpuint(t->w.sgpr[0], ==, 10);
    g_assert_cmpuint(t->w.sgpr[1], ==, 55);
    g_assert_cmpuint(t->w.sgpr[2], ==, 0);
    g_assert_cmpuint(t->w.sgpr[3], ==, 0);
}
ST_BOTH(test_branch_loop)

/* s_getreg/s_setreg: MODE, STATUS's SCC, HW_ID. */
static void test_hwreg(ShTest *t)
{
    const uint16_t mode = AEMU_SH_HW_REG_MODE | (31u << 11);
    const uint16_t status_scc = AEMU_SH_HW_REG_STATUS;     /* 1 bit at 0 */
    /* MODE bits 4..7 (FP_DENORM): offset 4, size 4. */
    const uint16_t denorm = AEMU_SH_HW_REG_MODE | 4u << 6 | 3u << 11;

    t->w.hw_id = 0x12345;
    sopk(t, SH_OP_S_GETREG_B32, 0, mode);
    sopc(t, SH_OP_S_CMP_EQ_U32, INT(1), INT(1));
    sopk(t, SH_OP_S_GETREG_B32, 1, status_scc);
    sopk(t, SH_OP_S_SETREG_IMM32_B32, 0, denorm);
    st_lit(t, 0xf);
    sopk(t, SH_OP_S_GETREG_B32, 2, mode);
    sopk(t, SH_OP_S_GETREG_B32, 3, AEMU_SH_HW_REG_HW_ID | (31u << 11));
    endpgm(t);
    g_assert_cmpuint(st_run(t), ==, AEMU_WAVE_ENDED);
    g_assert_cmphex(t->w.sgpr[0], ==, 0xc0);
    g_assert_cmphex(t->w.sgpr[1], ==, 1);
    g_assert_cmphex(t->w.sgpr[2], ==, 0xf0);
    g_assert_cmphex(t->w.mode, ==, 0xf0);
    g_assert_cmphex(t->w.sgpr[3], ==, 0x12345);
}
ST_BOTH(test_hwreg)

/* ---- vector integer ---- */

/* A 64-bit add per lane: add with carry out to VCC, then carry in. */
static void test_carry_chain(ShTest *t)
{
    ST_SET_LANES(t, 0, 0xffffffffu - l);        /* lo a */
    ST_SET_LANES(t, 1, l);                      /* hi a */
    ST_SET_LANES(t, 2, 2 * l);                  /* lo b */
    ST_SET_LANES(t, 3, 7);                      /* hi b */
    t->w.exec = 0x00000000ffffffffull;          /* lanes 32..63 off */
    ST_SET_LANES(t, 4, 0xdead);
    ST_SET_LANES(t, 5, 0xdead);
    vop2(t, SH_OP_V_ADD_CO_U32, 4, V(0), 2);
    vop2(t, SH_OP_V_ADDC_CO_U32, 5, V(1), 3);
    /* The VOP3b form: carry to s[10:11], and a subtract's borrow. */
    vop3b(t, SH_OP_V_ADD_CO_U32, 6, 10, V(0), V(2), 0);
    vop3b(t, SH_OP_V_SUB_CO_U32, 7, 12, V(2), V(0), 0);
    vop3b(t, SH_OP_V_SUBB_CO_U32, 8, 14, INT(0), INT(0), 12);
    endpgm(t);
    g_assert_cmpuint(st_run(t), ==, AEMU_WAVE_ENDED);
    for (unsigned l = 0; l < AEMU_WAVE_LANES; l++) {
        uint64_t a = (uint64_t)l << 32 | (0xffffffffu - l);
        uint64_t b = (uint64_t)7 << 32 | (2 * l);
        uint64_t s = a + b;

        if (l >= 32) {
            g_assert_cmphex(t->w.vgpr[4][l], ==, 0xdead);
            g_assert_cmphex(t->w.vgpr[5][l], ==, 0xdead);
            continue;
        }
        g_assert_cmphex(t->w.vgpr[4][l], ==, (uint32_t)s);
        g_assert_cmphex(t->w.vgpr[5][l], ==, (uint32_t)(s >> 32));
        /* 0 - 0 - borrow(2l < 0xffffffff - l) = -1 for every lane */
        g_assert_cmphex(t->w.vgpr[8][l], ==, 0xffffffffu);
    }
    /* The high add carries nowhere; VOP3b's carry of the low add: lanes
     * 1.. ((0xffffffff - l) + 2l overflows), disabled lanes' bits 0. */
    g_assert_cmphex(t->w.vcc, ==, 0);
    g_assert_cmphex(t->w.sgpr[10], ==, 0xfffffffeu);
    g_assert_cmphex(t->w.sgpr[11], ==, 0);
    g_assert_cmphex(t->w.sgpr[12], ==, 0xffffffffu);
    g_assert_cmphex(t->w.sgpr[14], ==, 0xffffffffu);
}
ST_BOTH(test_carry_chain)

/* Shifts use the low 5 bits of the count; 24-bit multiplies; min/max. */
static void test_int_edges(ShTest *t)
{
    ST_SET_LANES(t, 0, 0x80000001u + l);
    ST_SET_LANES(t, 1, 33 + 32 * (l & 1));      /* 33 or 65 */
    ST_SET_LANES(t, 2, 0xff800000u | l);        /* i24: -8388608 + l */
    ST_SET_LANES(t, 3, 0x00000003u + (l << 24)); /* high byte ignored */
    valu2(t, SH_OP_V_LSHLREV_B32, 4, V(1), V(0));
    valu2(t, SH_OP_V_LSHRREV_B32, 5, V(1), V(0));
    valu2(t, SH_OP_V_ASHRREV_I32, 6, V(1), V(0));
    valu2(t, SH_OP_V_MUL_I32_I24, 7, V(2), V(3));
    valu2(t, SH_OP_V_MUL_HI_I32_I24, 8, V(2), V(3));
    valu2(t, SH_OP_V_MUL_U32_U24, 9, V(2), V(3));
    valu2(t, SH_OP_V_MUL_HI_U32_U24, 10, V(2), V(3));
    valu2(t, SH_OP_V_MIN_I32, 11, NEG(1), V(3));
    valu2(t, SH_OP_V_MIN_U32, 12, NEG(1), V(3));
    valu2(t, SH_OP_V_MAX_I32, 13, NEG(1), V(3));
    valu2(t, SH_OP_V_MAX_U32, 14, NEG(1), V(3));
    vop3(t, SH_OP_V_BFE_U32, 15, V(0), INT(28), INT(8));  /* 4 bits left */
    vop3(t, SH_OP_V_BFE_I32, 16, V(0), INT(31), INT(1));
    vop3(t, SH_OP_V_BFE_U32, 17, V(0), INT(0), INT(0));   /* width 0 */
    vop3(t, SH_OP_V_MAD_I32_I24, 18, V(2), INT(2), INT(5));
    vop3(t, SH_OP_V_MUL_LO_U32, 19, V(0), V(0), 0);
    vop3(t, SH_OP_V_MUL_HI_I32, 20, V(0), V(0), 0);
    endpgm(t);
    g_assert_cmpuint(st_run(t), ==, AEMU_WAVE_ENDED);
    for (unsigned l = 0; l < AEMU_WAVE_LANES; l++) {
        uint32_t a = 0x80000001u + l, n = (33 + 32 * (l & 1)) & 31;
        int32_t x = (int32_t)(0xff800000u | l), y = 3;
        uint32_t ux = 0x800000u | l, uy = 3;

        g_assert_cmphex(t->w.vgpr[4][l], ==, a << n);
        g_assert_cmphex(t->w.vgpr[5][l], ==, a >> n);
        g_assert_cmphex(t->w.vgpr[6][l], ==, (uint32_t)((int32_t)a >> n));
        g_assert_cmphex(t->w.vgpr[7][l], ==, (uint32_t)(x * y));
        g_assert_cmphex(t->w.vgpr[8][l], ==,
                        (uint32_t)((uint64_t)((int64_t)x * y) >> 32));
        g_assert_cmphex(t->w.vgpr[9][l], ==, ux * uy);
        g_assert_cmphex(t->w.vgpr[10][l], ==,
                        (uint32_t)(((uint64_t)ux * uy) >> 32));
        g_assert_cmphex(t->w.vgpr[11][l], ==, 0xffffffffu);
        g_assert_cmphex(t->w.vgpr[12][l], ==, 0x00000003u + (l << 24));
        g_assert_cmphex(t->w.vgpr[13][l], ==, 0x00000003u + (l << 24));
        g_assert_cmphex(t->w.vgpr[14][l], ==, 0xffffffffu);
        g_assert_cmphex(t->w.vgpr[15][l], ==, a >> 28);
        g_assert_cmphex(t->w.vgpr[16][l], ==, 0xffffffffu);
        g_assert_cmphex(t->w.vgpr[17][l], ==, 0);
        g_assert_cmphex(t->w.vgpr[18][l], ==, (uint32_t)(x * 2 + 5));
        g_assert_cmphex(t->w.vgpr[19][l], ==, a * a);
        g_assert_cmphex(t->w.vgpr[20][l], ==,
                        (uint32_t)((uint64_t)((int64_t)(int32_t)a *
                                              (int32_t)a) >> 32));
    }
}
ST_BOTH(test_int_edges)

/* gfx9's 16-bit add wraps at 16 bits and clears bits 31:16. */
static void test_add_u16(ShTest *t)
{
    ST_SET_LANES(t, 0, 0xabcd0000u | (0xfff0u + l));
    ST_SET_LANES(t, 1, 0x12340000u | (l * 3));
    vop2(t, SH_OP_V_ADD_U16, 2, V(0), 1);
    vop2(t, SH_OP_V_ADD_U16, 3, INT(1), 0);
    endpgm(t);
    g_assert_cmpuint(st_run(t), ==, AEMU_WAVE_ENDED);
    for (unsigned l = 0; l < AEMU_WAVE_LANES; l++) {
        g_assert_cmphex(t->w.vgpr[2][l], ==, (0xfff0u + l + l * 3) & 0xffffu);
        g_assert_cmphex(t->w.vgpr[3][l], ==, (0xfff0u + l + 1) & 0xffffu);
    }
}

static void test_add_u16_gfx9(void)
{
    ShTest t;

    st_init(&t, AEMU_SH_GFX9);
    test_add_u16(&t);
    st_fini(&t);
}

/* Disabled lanes keep their values; v_cmpx writes EXEC and VCC. */
static void test_exec_masking(ShTest *t)
{
    ST_SET_LANES(t, 0, l);
    ST_SET_LANES(t, 1, 0xbad);
    t->w.exec = 0x5555555555555555ull;
    vop1(t, SH_OP_V_MOV_B32, 1, INT(7));
    /* v_cmpx_gt_u32 vcc, 31 < v0: of the even lanes, 32..62 stay */
    vopc(t, SH_OP_V_CMPX_LT_U32, INT(31), 0);
    vop1(t, SH_OP_V_MOV_B32, 2, INT(9));
    /* VOP3 compare into s[4:5] with EXEC back to all */
    sop1(t, SH_OP_S_MOV_B64, EXEC, NEG(1));
    vop3m(t, SH_OP_V_CMP_EQ_U32, 4, 0, V(0), INT(3), 0, (St3) { 0 });
    /* v_cndmask_b32 by VCC */
    vop2(t, SH_OP_V_CNDMASK_B32, 3, INT(1), 0);
    endpgm(t);
    g_assert_cmpuint(st_run(t), ==, AEMU_WAVE_ENDED);
    for (unsigned l = 0; l < AEMU_WAVE_LANES; l++) {
        bool even = !(l & 1), high = l > 31;

        g_assert_cmphex(t->w.vgpr[1][l], ==, even ? 7 : 0xbad);
        g_assert_cmphex(t->w.vgpr[2][l], ==, even && high ? 9 : 0);
        /* VCC lanes: the cmpx result; cndmask picks v0 where VCC set */
        g_assert_cmphex(t->w.vgpr[3][l], ==, even && high ? l : 1);
    }
    g_assert_cmphex(t->w.vcc, ==, 0x5555555500000000ull);
    g_assert_cmphex(t->w.sgpr[4], ==, 1u << 3);
    g_assert_cmphex(t->w.sgpr[5], ==, 0);
    g_assert_cmphex(t->w.exec, ==, ~0ull);
}
ST_BOTH(test_exec_masking)

/* v_readfirstlane, v_readlane, v_writelane, v_mbcnt. */
static void test_lanes(ShTest *t)
{
    bool gfx7 = t->gen == AEMU_SH_GFX7;

    ST_SET_LANES(t, 0, 100 + l);
    ST_SET_LANES(t, 2, 0);
    t->w.exec = 0xffffffffffffffe0ull;          /* first lane: 5 */
    vop1(t, SH_OP_V_READFIRSTLANE_B32, 1, V(0));
    if (gfx7) {
        vop2(t, SH_OP_V_READLANE_B32, 2, V(0), INT(3));
        vop2(t, SH_OP_V_WRITELANE_B32, 2, INT(42), INT(2));
    } else {
        vop3(t, SH_OP_V_READLANE_B32, 2, V(0), INT(3), 0);
        vop3(t, SH_OP_V_WRITELANE_B32, 2, INT(42), INT(2), 0);
    }
    sop1(t, SH_OP_S_MOV_B64, EXEC, NEG(1));
    valu2(t, SH_OP_V_MBCNT_LO_U32_B32, 3, NEG(1), INT(0));
    vop3(t, SH_OP_V_MBCNT_HI_U32_B32, 3, NEG(1), V(3), 0);
    endpgm(t);
    g_assert_cmpuint(st_run(t), ==, AEMU_WAVE_ENDED);
    g_assert_cmpuint(t->w.sgpr[1], ==, 105);
    /* readlane ignores EXEC: lane 3 */
    g_assert_cmpuint(t->w.sgpr[2], ==, 103);
    /* writelane writes lane 2, disabled or not */
    g_assert_cmpuint(t->w.vgpr[2][2], ==, 42);
    g_assert_cmpuint(t->w.vgpr[2][3], ==, 0);
    for (unsigned l = 0; l < AEMU_WAVE_LANES; l++) {
        g_assert_cmpuint(t->w.vgpr[3][l], ==, l);
    }
}
ST_BOTH(test_lanes)

/* M0-relative registers: s_movrels/s_movreld, v_movrels/v_movreld. */
static void test_movrel(ShTest *t)
{
    ST_SET_LANES(t, 7, 0x700 + l);
    sop1(t, SH_OP_S_MOV_B32, 13, INT(42));
    sop1(t, SH_OP_S_MOV_B32, M0, INT(3));
    sop1(t, SH_OP_S_MOVRELS_B32, 0, 10);        /* s0 = s13 */
    sop1(t, SH_OP_S_MOVRELD_B32, 20, INT(9));   /* s23 = 9 */
    /* gfx9 has no v_movrel* (ACO: none; it indexes with s_set_gpr_idx) */
    if (t->gen == AEMU_SH_GFX7) {
        vop1(t, SH_OP_V_MOVRELS_B32, 1, V(4));  /* v1 = v7 */
        vop1(t, SH_OP_V_MOVRELD_B32, 2, V(7));  /* v5 = v7 */
    }
    endpgm(t);
    g_assert_cmpuint(st_run(t), ==, AEMU_WAVE_ENDED);
    g_assert_cmpuint(t->w.sgpr[0], ==, 42);
    g_assert_cmpuint(t->w.sgpr[23], ==, 9);
    for (unsigned l = 0; t->gen == AEMU_SH_GFX7 && l < AEMU_WAVE_LANES; l++) {
        g_assert_cmphex(t->w.vgpr[1][l], ==, 0x700 + l);
        g_assert_cmphex(t->w.vgpr[5][l], ==, 0x700 + l);
    }
}
ST_BOTH(test_movrel)

/* ---- floats ---- */

#define SNAN    0x7f800001u
#define QNAN    0x7fc00000u
#define DENORM  0x00000001u
#define SH_IEEE (1u << 9)
#define SH_DX10 (1u << 8)

/* NaN through v_min/v_max: IEEE mode quiets sNaN, else NaN is "missing". */
static void test_minmax_nan(ShTest *t)
{
    ST_SET_LANES(t, 0, l == 0 ? SNAN : l == 1 ? QNAN : fbits(-0.0f));
    ST_SET_LANES(t, 1, fbits(l == 2 ? 0.0f : 1.0f));
    valu2(t, SH_OP_V_MIN_F32, 2, V(0), V(1));
    valu2(t, SH_OP_V_MAX_F32, 3, V(0), V(1));
    endpgm(t);
    st_load(t);
    for (unsigned ieee = 0; ieee < 2; ieee++) {
        unsigned budget = ST_BUDGET;

        t->w.pc = ST_CODE;
        t->w.state = AEMU_WAVE_READY;
        t->w.mode = 0xc0 | (ieee ? SH_IEEE : 0);
        g_assert_cmpuint(aemu_wave_run(t->d, &t->w, &budget), ==,
                         AEMU_WAVE_ENDED);
        g_assert_cmphex(t->w.vgpr[2][0], ==, ieee ? (SNAN | 0x400000u)
                                                  : fbits(1.0f));
        g_assert_cmphex(t->w.vgpr[3][0], ==, ieee ? (SNAN | 0x400000u)
                                                  : fbits(1.0f));
        g_assert_cmphex(t->w.vgpr[2][1], ==, fbits(1.0f));
        /* -0 orders below +0 */
        g_assert_cmphex(t->w.vgpr[2][2], ==, fbits(-0.0f));
        g_assert_cmphex(t->w.vgpr[3][2], ==, fbits(0.0f));
        g_assert_cmphex(t->w.vgpr[2][3], ==, fbits(-0.0f));
    }
}
ST_BOTH(test_minmax_nan)

/* MODE.FP_DENORM: flushed in and out unless kept (sign respecting). */
static void test_denormals(ShTest *t)
{
    ST_SET_LANES(t, 0, l & 1 ? (DENORM | 0x80000000u) : DENORM);
    ST_SET_LANES(t, 1, fbits(1e-38f));
    valu2(t, SH_OP_V_MUL_F32, 2, F_ONE, V(0));          /* in */
    valu2(t, SH_OP_V_MUL_F32, 3, F_HALF, V(1));         /* out */
    endpgm(t);
    st_load(t);
    for (unsigned keep = 0; keep < 2; keep++) {
        unsigned budget = ST_BUDGET;

        t->w.pc = ST_CODE;
        t->w.state = AEMU_WAVE_READY;
        t->w.mode = keep ? 0xf0 : 0xc0;
        g_assert_cmpuint(aemu_wave_run(t->d, &t->w, &budget), ==,
                         AEMU_WAVE_ENDED);
        for (unsigned l = 0; l < 2; l++) {
            uint32_t sign = l & 1 ? 0x80000000u : 0;

            g_assert_cmphex(t->w.vgpr[2][l], ==, keep ? (DENORM | sign)
                                                      : sign);
        }
        g_assert_cmphex(t->w.vgpr[3][0], ==, keep ? fbits(0.5e-38f) : 0);
    }
}
ST_BOTH(test_denormals)

/* Conversions round to nearest even and clamp; NaN converts to 0. */
static void test_conversions(ShTest *t)
{
    static const float in[] = { 1e10f, -1e10f, NAN, -1.5f, 2.5f, -0.0f,
                                4294967296.0f, 65520.0f };

    for (unsigned l = 0; l < AEMU_WAVE_LANES; l++) {
        t->w.vgpr[0][l] = fbits(in[l % G_N_ELEMENTS(in)]);
        t->w.vgpr[1][l] = l == 0 ? 16777217u : l == 1 ? 0x80000000u : l;
    }
    vop1(t, SH_OP_V_CVT_I32_F32, 2, V(0));
    vop1(t, SH_OP_V_CVT_U32_F32, 3, V(0));
    vop1(t, SH_OP_V_CVT_F32_I32, 4, V(1));
    vop1(t, SH_OP_V_CVT_F32_U32, 5, V(1));
    vop1(t, SH_OP_V_CVT_F16_F32, 6, V(0));
    if (st_has(t->gen, AEMU_SH_FMT_VOP2, SH_OP_V_CVT_PKRTZ_F16_F32)) {
        vop2(t, SH_OP_V_CVT_PKRTZ_F16_F32, 7, V(0), 0);
    } else {
        vop3(t, SH_OP_V_CVT_PKRTZ_F16_F32, 7, V(0), V(0), 0);
    }
    vop1(t, SH_OP_V_CVT_RPI_I32_F32, 8, V(0));
    vop1(t, SH_OP_V_CVT_FLR_I32_F32, 9, V(0));
    vop1(t, SH_OP_V_RNDNE_F32, 10, V(0));
    vop1(t, SH_OP_V_FRACT_F32, 11, V(0));
    endpgm(t);
    g_assert_cmpuint(st_run(t), ==, AEMU_WAVE_ENDED);
    g_assert_cmphex(t->w.vgpr[2][0], ==, 0x7fffffffu);
    g_assert_cmphex(t->w.vgpr[2][1], ==, 0x80000000u);
    g_assert_cmphex(t->w.vgpr[2][2], ==, 0);
    g_assert_cmphex(t->w.vgpr[2][3], ==, (uint32_t)-1);
    g_assert_cmphex(t->w.vgpr[2][4], ==, 2);
    g_assert_cmphex(t->w.vgpr[3][1], ==, 0);
    g_assert_cmphex(t->w.vgpr[3][6], ==, 0xffffffffu);
    g_assert_cmphex(t->w.vgpr[3][3], ==, 0);
    /* 2^24 + 1 rounds to even: 2^24 */
    g_assert_cmphex(t->w.vgpr[4][0], ==, fbits(16777216.0f));
    g_assert_cmphex(t->w.vgpr[4][1], ==, fbits(-2147483648.0f));
    g_assert_cmphex(t->w.vgpr[5][1], ==, fbits(2147483648.0f));
    /* f16: 65520 rounds to inf (RNE), and to the largest finite (RTZ) */
    g_assert_cmphex(t->w.vgpr[6][7], ==, 0x7c00);
    g_assert_cmphex(t->w.vgpr[7][7], ==, 0x7bff7bff);
    g_assert_cmphex(t->w.vgpr[6][3], ==, 0xbe00);           /* -1.5 */
    g_assert_cmphex(t->w.vgpr[6][5], ==, 0x8000);           /* -0 */
    g_assert_cmphex(t->w.vgpr[8][3], ==, (uint32_t)-1);     /* -1.5+.5 */
    g_assert_cmphex(t->w.vgpr[9][3], ==, (uint32_t)-2);
    g_assert_cmphex(t->w.vgpr[10][4], ==, fbits(2.0f));     /* to even */
    g_assert_cmphex(t->w.vgpr[11][3], ==, fbits(0.5f));
}
ST_BOTH(test_conversions)

/* clamp (DX10_CLAMP turns NaN into 0) and omod; fma is fused, mad not. */
static void test_modifiers(ShTest *t)
{
    float a = 1.0f + 1.0f / 4096.0f;

    ST_SET_LANES(t, 0, l == 0 ? QNAN : fbits(l == 1 ? 2.0f : -3.0f));
    ST_SET_LANES(t, 1, fbits(a));
    ST_SET_LANES(t, 2, fbits(-1.0f));
    vop3m(t, SH_OP_V_ADD_F32, 3, 0, V(0), INT(0), 0,
          (St3) { .clamp = true });
    vop3m(t, SH_OP_V_MUL_F32, 4, 0, V(0), F_ONE, 0,
          (St3) { .omod = 1 });                         /* times 2 */
    vop3m(t, SH_OP_V_MUL_F32, 5, 0, V(0), F_ONE, 0,
          (St3) { .neg = 1, .abs = 1 });                /* -|x| */
    vop3(t, SH_OP_V_FMA_F32, 6, V(1), V(1), V(2));
    vop3(t, SH_OP_V_MAD_F32, 7, V(1), V(1), V(2));
    endpgm(t);
    st_load(t);
    for (unsigned dx10 = 0; dx10 < 2; dx10++) {
        unsigned budget = ST_BUDGET;

        t->w.pc = ST_CODE;
        t->w.state = AEMU_WAVE_READY;
        t->w.mode = 0xc0 | (dx10 ? SH_DX10 : 0);
        g_assert_cmpuint(aemu_wave_run(t->d, &t->w, &budget), ==,
                         AEMU_WAVE_ENDED);
        g_assert_cmphex(t->w.vgpr[3][0], ==, dx10 ? 0 : QNAN);
    }
    g_assert_cmphex(t->w.vgpr[3][1], ==, fbits(1.0f));
    g_assert_cmphex(t->w.vgpr[3][2], ==, fbits(0.0f));
    g_assert_cmphex(t->w.vgpr[4][1], ==, fbits(4.0f));
    g_assert_cmphex(t->w.vgpr[5][2], ==, fbits(-3.0f));
    g_assert_cmphex(t->w.vgpr[5][1], ==, fbits(-2.0f));
    /* a*a - 1 = 2^-11 + 2^-24 exactly (fma); the rounded product loses
     * the 2^-24 (mad). */
    g_assert_true(bitsf(t->w.vgpr[6][0]) ==
                  1.0f / 2048.0f + 1.0f / 16777216.0f);
    g_assert_true(bitsf(t->w.vgpr[7][0]) == 1.0f / 2048.0f);
}
ST_BOTH(test_modifiers)

/* Float compares with NaN, v_cmp_class, and f64 arithmetic. */
static void test_fcmp_f64(ShTest *t)
{
    ST_SET_LANES(t, 0, l == 0 ? QNAN : fbits((float)l));
    /* class mask: quiet NaN (bit 1) or +normal (bit 8) */
    vop3m(t, SH_OP_V_CMP_LT_F32, 10, 0, V(0), F_TWO, 0,
          (St3) { 0 });
    vop3m(t, SH_OP_V_CMP_NGE_F32, 12, 0, V(0), F_TWO, 0, (St3) { 0 });
    vop3m(t, SH_OP_V_CMP_U_F32, 14, 0, V(0), V(0), 0, (St3) { 0 });
    sop1(t, SH_OP_S_MOV_B32, 20, LIT);
    st_lit(t, (1u << 1) | (1u << 8));
    vop3m(t, SH_OP_V_CMP_CLASS_F32, 16, 0, V(0), 20, 0, (St3) { 0 });
    /* f64: v[2:3] = (double)lane, then v[4:5] = v[2:3] + 0.5 */
    vop1(t, SH_OP_V_CVT_F64_U32, 2, V(0));
    vop3(t, SH_OP_V_ADD_F64, 4, V(2), F_HALF, 0);
    vop3(t, SH_OP_V_MUL_F64, 6, V(4), F_TWO, 0);
    vop1(t, SH_OP_V_CVT_F32_F64, 8, V(6));
    endpgm(t);
    g_assert_cmpuint(st_run(t), ==, AEMU_WAVE_ENDED);
    /* lanes 1 (1.0 < 2.0); lane 0 NaN: false for lt, true for nge/u */
    g_assert_cmphex(t->w.sgpr[10], ==, 0x2);
    g_assert_cmphex(t->w.sgpr[12], ==, 0x3);
    g_assert_cmphex(t->w.sgpr[14], ==, 0x1);
    g_assert_cmphex(t->w.sgpr[16], ==, 0xffffffff);
    g_assert_cmphex(t->w.sgpr[17], ==, 0xffffffff);
    for (unsigned l = 1; l < AEMU_WAVE_LANES; l++) {
        /* v_cvt_f64_u32 of the bits of (float)l, not of l */
        double x = (double)fbits((float)l);

        g_assert_true(bitsf(t->w.vgpr[8][l]) == (float)((x + 0.5) * 2.0));
    }
}
ST_BOTH(test_fcmp_f64)

/*
 * IEEE division as LLVM expands it (SIISelLowering LowerFDIV32): scale,
 * reciprocal, a Newton-Raphson chain of fma, fmas, fixup. The result is
 * the correctly rounded quotient, special cases included.
 */
static void test_fdiv(ShTest *t)
{
    static const float num[] = { 1.0f, 10.0f, 0.0f, 1.0f, -7.5f, 1e30f,
                                 3.0f, INFINITY };
    static const float den[] = { 3.0f, 4.0f, 0.0f, 0.0f, 0.1f, 1e-8f,
                                 -INFINITY, INFINITY };

    for (unsigned l = 0; l < AEMU_WAVE_LANES; l++) {
        t->w.vgpr[0][l] = fbits(num[l % G_N_ELEMENTS(num)] * (1 + l / 8));
        t->w.vgpr[1][l] = fbits(den[l % G_N_ELEMENTS(den)]);
    }
    vop3b(t, SH_OP_V_DIV_SCALE_F32, 2, VCC, V(1), V(1), V(0));  /* den */
    vop3b(t, SH_OP_V_DIV_SCALE_F32, 3, 20, V(0), V(1), V(0));   /* num */
    vop1(t, SH_OP_V_RCP_F32, 4, V(2));
    vop3m(t, SH_OP_V_FMA_F32, 5, 0, V(2), V(4), F_ONE,
          (St3) { .neg = 1 });                                  /* e */
    vop3(t, SH_OP_V_FMA_F32, 4, V(5), V(4), V(4));
    valu2(t, SH_OP_V_MUL_F32, 6, V(3), V(4));
    vop3m(t, SH_OP_V_FMA_F32, 7, 0, V(2), V(6), V(3), (St3) { .neg = 1 });
    vop3(t, SH_OP_V_FMA_F32, 6, V(7), V(4), V(6));
    vop3m(t, SH_OP_V_FMA_F32, 7, 0, V(2), V(6), V(3), (St3) { .neg = 1 });
    sop1(t, SH_OP_S_MOV_B64, VCC, 20);
    vop3(t, SH_OP_V_DIV_FMAS_F32, 7, V(7), V(4), V(6));
    vop3(t, SH_OP_V_DIV_FIXUP_F32, 8, V(7), V(1), V(0));
    endpgm(t);
    g_assert_cmpuint(st_run(t), ==, AEMU_WAVE_ENDED);
    for (unsigned l = 0; l < AEMU_WAVE_LANES; l++) {
        float q = bitsf(t->w.vgpr[0][l]) / bitsf(t->w.vgpr[1][l]);

        if (isnan(q)) {
            g_assert_true(isnan(bitsf(t->w.vgpr[8][l])));
        } else {
            g_assert_cmphex(t->w.vgpr[8][l], ==, fbits(q));
        }
    }
}
ST_BOTH(test_fdiv)

/* ---- the wave loop ---- */

/* An op the model lacks halts the wave, naming it, with a trace event. */
static void test_unimplemented(ShTest *t)
{
    AemuTestEvent *e;

    aemu_test_host_trace(t->h, "amdgpu_emu_sh_wave_halt");
    vop1(t, SH_OP_V_MOV_B32, 1, INT(1));
    vop3(t, SH_OP_V_CUBEID_F32, 2, V(1), V(1), V(1));
    endpgm(t);
    g_assert_cmpuint(st_run(t), ==, AEMU_WAVE_HALTED);
    g_assert_nonnull(strstr(t->w.halt_reason,
                            "unimplemented v_cubeid_f32 at pc 0x"));
    g_assert_cmphex(t->w.pc, ==, ST_CODE + 4);
    g_assert_cmpuint(t->h->events->len, ==, 1);
    e = g_ptr_array_index(t->h->events, 0);
    g_assert_cmpstr(e->name, ==, "sh_wave_halt");
    g_assert_cmphex(e->args[1], ==, ST_CODE + 4);
    g_assert_cmphex(e->args[2], ==, t->code[1]);
}
ST_BOTH(test_unimplemented)

/* An endless loop stays within the budget and the wave stays READY. */
static void test_budget(ShTest *t)
{
    unsigned budget = 1000;

    sopp(t, SH_OP_S_BRANCH, 0xffff);    /* to itself */
    st_load(t);
    g_assert_cmpuint(aemu_wave_run(t->d, &t->w, &budget), ==,
                     AEMU_WAVE_READY);
    g_assert_cmpuint(budget, ==, 0);
    g_assert_cmpuint(t->w.insts, ==, 1000);
    g_assert_cmphex(t->w.pc, ==, ST_CODE);
}
ST_BOTH(test_budget)

/* A branch out of the code fetches from a faulting address: halt. */
static void test_fetch_fault(ShTest *t)
{
    uint64_t far = t->d->vram_size + 0x1000;

    sop1(t, SH_OP_S_MOV_B32, 0, LIT);
    st_lit(t, (uint32_t)far);
    sop1(t, SH_OP_S_MOV_B32, 1, LIT);
    st_lit(t, (uint32_t)(far >> 32));
    sop1(t, SH_OP_S_SETPC_B64, 0, 0);
    endpgm(t);
    g_assert_cmpuint(st_run(t), ==, AEMU_WAVE_HALTED);
    g_assert_nonnull(strstr(t->w.halt_reason, "instruction fetch fault"));
    g_assert_cmphex(t->w.pc, ==, far);
}
ST_BOTH(test_fetch_fault)

/* s_barrier parks a wave of a multi-wave group; s_endpgm ends it. */
static void test_barrier(ShTest *t)
{
    unsigned budget = ST_BUDGET;

    t->w.waves_in_group = 2;
    sopp(t, SH_OP_S_BARRIER, 0);
    sop1(t, SH_OP_S_MOV_B32, 0, INT(3));
    endpgm(t);
    g_assert_cmpuint(st_run(t), ==, AEMU_WAVE_BARRIER);
    g_assert_cmphex(t->w.pc, ==, ST_CODE + 4);
    /* The dispatch releases the group. */
    t->w.state = AEMU_WAVE_READY;
    g_assert_cmpuint(aemu_wave_run(t->d, &t->w, &budget), ==,
                     AEMU_WAVE_ENDED);
    g_assert_cmpuint(t->w.sgpr[0], ==, 3);
}
ST_BOTH(test_barrier)

/* Restart the wave at ST_CODE with fresh code (t->n = 0). */
static void restart(ShTest *t)
{
    t->n = 0;
    t->w.pc = ST_CODE;
    t->w.state = AEMU_WAVE_READY;
    aemu_sh_decode_cache_free(t->ctx.decode_cache);
    t->ctx.decode_cache = aemu_sh_decode_cache_new();
}

/* The guest errors that contain text. */
static unsigned errors_with(ShTest *t, const char *text)
{
    unsigned n = 0;

    for (unsigned i = 0; i < t->h->guest_errors->len; i++) {
        n += strstr(g_ptr_array_index(t->h->guest_errors, i), text) != NULL;
    }
    return n;
}

/*
 * Messages: MSG_INTERRUPT (no processor here: nothing posted), GS and
 * the gfx9 trap-handler ones go on; an id the generation lacks halts, as
 * does s_sendmsghalt. s_trap without a trap handler is not taken (reported
 * once per dispatch); with one (STATUS.TRAP_EN) it halts: handlers are not
 * modelled.
 */
static void test_sendmsg_trap(ShTest *t)
{
    uint32_t reported = 0;

    t->ctx.reported = &reported;
    sop1(t, SH_OP_S_MOV_B32, M0, LIT);
    st_lit(t, 0x123456);
    sopp(t, SH_OP_S_SENDMSG, 1);                /* MSG_INTERRUPT */
    sopp(t, SH_OP_S_SENDMSG, 2 | 1u << 4);      /* MSG_GS, GS_OP cut */
    sopp(t, SH_OP_S_SENDMSG, 3);                /* MSG_GS_DONE */
    sopp(t, SH_OP_S_TRAP, 2);
    sopp(t, SH_OP_S_TRAP, 3);
    sop1(t, SH_OP_S_MOV_B32, 0, INT(7));
    endpgm(t);
    g_assert_cmpuint(st_run(t), ==, AEMU_WAVE_ENDED);
    g_assert_cmpuint(t->w.sgpr[0], ==, 7);
    g_assert_cmpuint(errors_with(t, "not taken"), ==, 1);
    g_assert_cmphex(reported, ==, AEMU_SH_ONCE_TRAP);

    /* MSG_STALL_WAVE_GEN (5): gfx9 has it, gfx7 does not. */
    restart(t);
    sopp(t, SH_OP_S_SENDMSG, 5);
    endpgm(t);
    if (t->gen == AEMU_SH_GFX9) {
        g_assert_cmpuint(st_run(t), ==, AEMU_WAVE_ENDED);
    } else {
        g_assert_cmpuint(st_run(t), ==, AEMU_WAVE_HALTED);
        g_assert_nonnull(strstr(t->w.halt_reason, "unknown message 5"));
    }
    restart(t);
    sopp(t, SH_OP_S_SENDMSG, 12);
    g_assert_cmpuint(st_run(t), ==, AEMU_WAVE_HALTED);
    g_assert_nonnull(strstr(t->w.halt_reason, "unknown message 12"));
    g_assert_cmphex(t->w.pc, ==, ST_CODE);

    restart(t);
    sopp(t, SH_OP_S_SENDMSGHALT, 1);
    g_assert_cmpuint(st_run(t), ==, AEMU_WAVE_HALTED);
    g_assert_nonnull(strstr(t->w.halt_reason, "s_sendmsghalt"));

    /* A trap handler is present: the trap would enter it. */
    restart(t);
    t->w.status |= AEMU_SH_WAVE_STATUS_TRAP_EN_MASK;
    sopp(t, SH_OP_S_TRAP, 2);
    g_assert_cmpuint(st_run(t), ==, AEMU_WAVE_HALTED);
    g_assert_nonnull(strstr(t->w.halt_reason, "s_trap 2 into a trap handler"));
}
ST_BOTH(test_sendmsg_trap)

/*
 * MODE round trips through s_setreg_b32 (an SGPR), s_setreg_imm32_b32 and
 * s_getreg: rounding (FP_ROUND) and denormals (FP_DENORM) fields alone,
 * all of MODE; STATUS.TRAP_EN reads back; TRAPSTS takes writes; STATUS and
 * HW_ID do not.
 */
static void test_mode_roundtrip(ShTest *t)
{
    const uint16_t mode = AEMU_SH_HW_REG_MODE | (31u << 11);
    const uint16_t round = AEMU_SH_HW_REG_MODE |
        AEMU_SH_WAVE_MODE_FP_ROUND_SHIFT << 6 | 3u << 11;
    const uint16_t denorm = AEMU_SH_HW_REG_MODE |
        AEMU_SH_WAVE_MODE_FP_DENORM_SHIFT << 6 | 3u << 11;
    const uint16_t trap_en = AEMU_SH_HW_REG_STATUS |
        AEMU_SH_WAVE_STATUS_TRAP_EN_SHIFT << 6;
    const uint16_t trapsts = AEMU_SH_HW_REG_TRAPSTS | (31u << 11);
    const uint16_t hw_id = AEMU_SH_HW_REG_HW_ID | (31u << 11);

    t->w.hw_id = 0x321;
    t->w.status = AEMU_SH_WAVE_STATUS_TRAP_EN_MASK;
    /* Round toward zero for f32 and f64 (3, 3 << 2), then read back. */
    sop1(t, SH_OP_S_MOV_B32, 2, INT(15));
    sopk(t, SH_OP_S_SETREG_B32, 2, round);
    sopk(t, SH_OP_S_GETREG_B32, 3, round);
    sopk(t, SH_OP_S_GETREG_B32, 4, mode);
    /* Denormals off (0), then all of MODE at once. */
    sopk(t, SH_OP_S_SETREG_IMM32_B32, 0, denorm);
    st_lit(t, 0);
    sopk(t, SH_OP_S_GETREG_B32, 5, denorm);
    sopk(t, SH_OP_S_SETREG_IMM32_B32, 0, mode);
    st_lit(t, 0x2f0);
    sopk(t, SH_OP_S_GETREG_B32, 6, mode);
    sopk(t, SH_OP_S_GETREG_B32, 7, trap_en);
    sopk(t, SH_OP_S_SETREG_IMM32_B32, 0, trapsts);
    st_lit(t, 0x5a);
    sopk(t, SH_OP_S_GETREG_B32, 8, trapsts);
    sopk(t, SH_OP_S_SETREG_IMM32_B32, 0, hw_id);
    st_lit(t, 0xffffffff);
    sopk(t, SH_OP_S_GETREG_B32, 9, hw_id);
    endpgm(t);
    g_assert_cmpuint(st_run(t), ==, AEMU_WAVE_ENDED);
    g_assert_cmphex(t->w.sgpr[3], ==, 15);
    g_assert_cmphex(t->w.sgpr[4], ==, 0xcf);
    g_assert_cmphex(t->w.sgpr[5], ==, 0);
    g_assert_cmphex(t->w.sgpr[6], ==, 0x2f0);
    g_assert_cmphex(t->w.mode, ==, 0x2f0);
    g_assert_cmphex(t->w.sgpr[7], ==, 1);
    g_assert_cmphex(t->w.sgpr[8], ==, 0x5a);
    g_assert_cmphex(t->w.sgpr[9], ==, 0x321);
}

/*
 * MODE.FP_ROUND: 0 nearest even, 1 toward +inf, 2 toward -inf, 3 toward
 * zero, in bits 1:0 for f32 and 3:2 for f64 and f16. 1 + 2^-30 and
 * -1 - 2^-30 in f32; 1 + 2^-12 and its negation to f16; v_rndne ignores
 * MODE; the host's own rounding is back to nearest afterwards.
 */
#define F32_ONE             0x3f800000u
#define F32_MINUS_ONE       0xbf800000u
#define F32_TINY            0x30800000u     /* 2^-30 */
#define F32_ONE_PLUS_F16ULP4 0x3f800800u    /* 1 + 2^-12 */
#define F32_TWO_AND_HALF    0x40200000u
#define F16_ONE             0x3c00u
#define F16_SIGN            0x8000u
#define F32_TWO             0x40000000u

static void test_mode_rounding(ShTest *t)
{
    static const struct {
        uint32_t mode;
        uint32_t sum, neg_sum;      /* f32 */
        uint32_t half, neg_half;    /* f16 */
    } cases[] = {
        { 0x0, F32_ONE, F32_MINUS_ONE, F16_ONE, F16_SIGN | F16_ONE },
        { 0x5, F32_ONE + 1, F32_MINUS_ONE, F16_ONE + 1, F16_SIGN | F16_ONE },
        { 0xa, F32_ONE, F32_MINUS_ONE + 1, F16_ONE, F16_SIGN | (F16_ONE + 1) },
        { 0xf, F32_ONE, F32_MINUS_ONE, F16_ONE, F16_SIGN | F16_ONE },
        /* f64/f16 rounding alone leaves f32 at nearest even. */
        { 0x4, F32_ONE, F32_MINUS_ONE, F16_ONE + 1, F16_SIGN | F16_ONE },
    };

    for (unsigned c = 0; c < G_N_ELEMENTS(cases); c++) {
        restart(t);
        t->w.mode = cases[c].mode;
        for (unsigned l = 0; l < AEMU_WAVE_LANES; l++) {
            t->w.vgpr[1][l] = F32_TINY;
            t->w.vgpr[2][l] = F32_ONE_PLUS_F16ULP4;
            t->w.vgpr[3][l] = F32_TWO_AND_HALF;
            t->w.vgpr[4][l] = F32_ONE_PLUS_F16ULP4 | F32_MINUS_ONE;
        }
        vop2(t, SH_OP_V_ADD_F32, 5, F_ONE, 1);
        /* -1.0 (the inline constant after 1.0) - 2^-30 */
        vop2(t, SH_OP_V_SUB_F32, 6, F_ONE + 1, 1);
        vop1(t, SH_OP_V_CVT_F16_F32, 7, V(2));
        vop1(t, SH_OP_V_CVT_F16_F32, 8, V(4));
        vop1(t, SH_OP_V_RNDNE_F32, 9, V(3));
        endpgm(t);
        g_assert_cmpuint(st_run(t), ==, AEMU_WAVE_ENDED);
        g_assert_cmphex(t->w.vgpr[5][0], ==, cases[c].sum);
        g_assert_cmphex(t->w.vgpr[6][0], ==, cases[c].neg_sum);
        g_assert_cmphex(t->w.vgpr[7][0], ==, cases[c].half);
        g_assert_cmphex(t->w.vgpr[8][0], ==, cases[c].neg_half);
        g_assert_cmphex(t->w.vgpr[9][0], ==, F32_TWO);
        g_assert_cmpint(fegetround(), ==, FE_TONEAREST);
    }
}
ST_BOTH(test_mode_rounding)
ST_BOTH(test_mode_roundtrip)

/*
 * The clock: s_memtime and s_memrealtime read the GPU clock counter of
 * the device's virtual time, monotonic. The hints (s_setprio, s_sleep,
 * s_icache_inv, s_dcache_*) change nothing but s_sleep's yield.
 */
static void test_clock_and_hints(ShTest *t)
{
    uint64_t t0, t1;

    smem(t, SH_OP_S_MEMTIME, 4, 0, 0);
    sopp(t, SH_OP_S_SETPRIO, 3);
    sopp(t, SH_OP_S_ICACHE_INV, 0);
    smem(t, SH_OP_S_DCACHE_INV, 0, 0, 0);
    if (t->gen == AEMU_SH_GFX9) {
        smem(t, SH_OP_S_DCACHE_WB, 0, 0, 0);
        smem(t, SH_OP_S_MEMREALTIME, 6, 0, 0);
    } else {
        smem(t, SH_OP_S_MEMTIME, 6, 0, 0);
    }
    sopp(t, SH_OP_S_SLEEP, 1);
    smem(t, SH_OP_S_MEMTIME, 8, 0, 0);
    endpgm(t);
    /* s_sleep ends the run early: the other waves get their turn. */
    g_assert_cmpuint(st_run(t), ==, AEMU_WAVE_READY);
    t0 = t->w.sgpr[4] | (uint64_t)t->w.sgpr[5] << 32;
    t1 = t->w.sgpr[6] | (uint64_t)t->w.sgpr[7] << 32;
    g_assert_cmpuint(t1, >=, t0);
    aemu_test_host_advance(t->h, 1000000);
    g_assert_cmpuint(st_run(t), ==, AEMU_WAVE_ENDED);
    g_assert_cmpuint(t->w.sgpr[8] | (uint64_t)t->w.sgpr[9] << 32, >, t1);
}
ST_BOTH(test_clock_and_hints)

/* Cycles per class (ACO's estimates): VALU 4, quarter rate 16, SALU 4. */
static void test_cycles(ShTest *t)
{
    vop1(t, SH_OP_V_MOV_B32, 1, INT(1));
    vop3(t, SH_OP_V_MUL_LO_U32, 2, V(1), V(1), 0);
    sop1(t, SH_OP_S_MOV_B32, 0, INT(1));
    endpgm(t);
    g_assert_cmpuint(st_run(t), ==, AEMU_WAVE_ENDED);
    g_assert_cmpuint(t->w.insts, ==, 4);
    g_assert_cmpuint(t->w.cycles, ==, 4 + 16 + 4 + 4);
}
ST_BOTH(test_cycles)

/*
 * Doubles cost what the chip's table says: the R9 290X (Hawaii) runs them
 * at 1/8 of the single rate, every op alike; the RX Vega 64 at 1/16, with
 * adds at 1/8 (ACO's split).
 */
static void test_cycles_double(ShTest *t)
{
    bool hawaii = t->gen == AEMU_SH_GFX7;

    vop3(t, SH_OP_V_FMA_F64, 2, V(0), V(0), V(0));
    vop3(t, SH_OP_V_ADD_F64, 4, V(0), V(0), 0);
    endpgm(t);
    g_assert_cmpuint(st_run(t), ==, AEMU_WAVE_ENDED);
    g_assert_cmpuint(t->w.cycles, ==,
                     (hawaii ? 4 * 8 + 4 * 8 : 4 * 16 + 4 * 8) + 4);
}
ST_BOTH(test_cycles_double)

int main(int argc, char **argv)
{
    g_test_init(&argc, &argv, NULL);
    ST_ADD_BOTH("/shader-alu/salu/arith", test_salu_arith);
    ST_ADD_BOTH("/shader-alu/salu/bfe", test_salu_bfe);
    ST_ADD_BOTH("/shader-alu/salu/exec", test_salu_exec);
    ST_ADD_BOTH("/shader-alu/salu/hwreg", test_hwreg);
    ST_ADD_BOTH("/shader-alu/branch-loop", test_branch_loop);
    ST_ADD_BOTH("/shader-alu/valu/carry-chain", test_carry_chain);
    ST_ADD_BOTH("/shader-alu/valu/int-edges", test_int_edges);
    g_test_add_func("/shader-alu/valu/add-u16/gfx9", test_add_u16_gfx9);
    ST_ADD_BOTH("/shader-alu/valu/exec-masking", test_exec_masking);
    ST_ADD_BOTH("/shader-alu/valu/lanes", test_lanes);
    ST_ADD_BOTH("/shader-alu/movrel", test_movrel);
    ST_ADD_BOTH("/shader-alu/float/minmax-nan", test_minmax_nan);
    ST_ADD_BOTH("/shader-alu/float/denormals", test_denormals);
    ST_ADD_BOTH("/shader-alu/float/conversions", test_conversions);
    ST_ADD_BOTH("/shader-alu/float/modifiers", test_modifiers);
    ST_ADD_BOTH("/shader-alu/float/compare-f64", test_fcmp_f64);
    ST_ADD_BOTH("/shader-alu/float/fdiv", test_fdiv);
    ST_ADD_BOTH("/shader-alu/wave/unimplemented", test_unimplemented);
    ST_ADD_BOTH("/shader-alu/wave/budget", test_budget);
    ST_ADD_BOTH("/shader-alu/wave/fetch-fault", test_fetch_fault);
    ST_ADD_BOTH("/shader-alu/wave/barrier", test_barrier);
    ST_ADD_BOTH("/shader-alu/wave/sendmsg-trap", test_sendmsg_trap);
    ST_ADD_BOTH("/shader-alu/wave/mode-roundtrip", test_mode_roundtrip);
    ST_ADD_BOTH("/shader-alu/wave/clock-and-hints", test_clock_and_hints);
    ST_ADD_BOTH("/shader-alu/wave/cycles", test_cycles);
    ST_ADD_BOTH("/shader-alu/mode/rounding", test_mode_rounding);
    ST_ADD_BOTH("/shader-alu/wave/cycles-double", test_cycles_double);
    return g_test_run();
}
