/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Unit tests of the shader decoder (shader_decode.c) and the generated
 * instruction tables (shader_isa_tables.c) on the standalone host.
 *
 * Goldens: instructions assembled by LLVM's assembler (llvm-mc 14,
 * -arch=amdgcn, -mcpu=hawaii for gfx7 and -mcpu=gfx900 for gfx9; the
 * assembly is in each row), decoded to format, op, size and operands. The
 * same assembly on both generations must give the same semantic op: that
 * is the point of one interpreter for both. Then what must not decode:
 * unknown prefixes, opcodes a format lacks, literals VOP3 cannot take; and
 * the decode cache, which lives for one dispatch.
 */
#include "shader-test.h"

typedef struct Golden {
    const char *as;
    uint32_t dw[3];
    unsigned size;
    AemuShFmt fmt;
    AemuShOp op;
} Golden;

/* The same assembly on gfx7 (hawaii) and gfx9 (gfx900). */
static const Golden common7[] = {
    { "s_add_u32 s1, s2, 0x12345678", { 0x8001ff02, 0x12345678 }, 2,
      AEMU_SH_FMT_SOP2, SH_OP_S_ADD_U32 },
    { "s_movk_i32 s3, 0xfffb", { 0xb003fffb }, 1,
      AEMU_SH_FMT_SOPK, SH_OP_S_MOVK_I32 },
    { "s_mov_b64 s[4:5], exec", { 0xbe84047e }, 1,
      AEMU_SH_FMT_SOP1, SH_OP_S_MOV_B64 },
    { "s_cmp_lg_u32 s1, 7", { 0xbf078701 }, 1,
      AEMU_SH_FMT_SOPC, SH_OP_S_CMP_LG_U32 },
    { "s_cbranch_scc1 65533", { 0xbf85fffd }, 1,
      AEMU_SH_FMT_SOPP, SH_OP_S_CBRANCH_SCC1 },
    { "s_endpgm", { 0xbf810000 }, 1, AEMU_SH_FMT_SOPP, SH_OP_S_ENDPGM },
    { "s_load_dwordx4 s[8:11], s[2:3], 0x10", { 0xc0840310 }, 1,
      AEMU_SH_FMT_SMRD, SH_OP_S_LOAD_DWORDX4 },
    { "s_buffer_load_dwordx2 s[12:13], s[4:7], 0x4", { 0xc2460504 }, 1,
      AEMU_SH_FMT_SMRD, SH_OP_S_BUFFER_LOAD_DWORDX2 },
    { "v_add_f32_e32 v1, v2, v3", { 0x06020702 }, 1,
      AEMU_SH_FMT_VOP2, SH_OP_V_ADD_F32 },
    { "v_mov_b32_e32 v1, 1.0", { 0x7e0202f2 }, 1,
      AEMU_SH_FMT_VOP1, SH_OP_V_MOV_B32 },
    { "v_mov_b32_e32 v1, -16", { 0x7e0202d0 }, 1,
      AEMU_SH_FMT_VOP1, SH_OP_V_MOV_B32 },
    { "v_cmp_gt_u32_e32 vcc, v1, v2", { 0x7d880501 }, 1,
      AEMU_SH_FMT_VOPC, SH_OP_V_CMP_GT_U32 },
    { "v_cmp_gt_u32_e64 s[2:3], v1, 5", { 0xd1880002, 0x00010b01 }, 2,
      AEMU_SH_FMT_VOP3, SH_OP_V_CMP_GT_U32 },
    { "v_cmpx_eq_f32_e32 vcc, v1, v2", { 0x7c240501 }, 1,
      AEMU_SH_FMT_VOPC, SH_OP_V_CMPX_EQ_F32 },
    { "v_mad_u32_u24 v1, v2, v3, v4", { 0xd2860001, 0x04120702 }, 2,
      AEMU_SH_FMT_VOP3, SH_OP_V_MAD_U32_U24 },
    { "v_fma_f32 v1, -v2, |v3|, v4 clamp", { 0xd2960a01, 0x24120702 }, 2,
      AEMU_SH_FMT_VOP3, SH_OP_V_FMA_F32 },
    { "v_cndmask_b32_e32 v1, v2, v3, vcc", { 0x00020702 }, 1,
      AEMU_SH_FMT_VOP2, SH_OP_V_CNDMASK_B32 },
    { "ds_add_u32 v1, v2 offset:16", { 0xd8000010, 0x00000201 }, 2,
      AEMU_SH_FMT_DS, SH_OP_DS_ADD_U32 },
    { "ds_read2_b32 v[1:2], v3 offset0:1 offset1:2",
      { 0xd8dc0201, 0x01000003 }, 2, AEMU_SH_FMT_DS, SH_OP_DS_READ2_B32 },
    { "buffer_load_dword v1, v2, s[4:7], s8 offen offset:16",
      { 0xe0301010, 0x08010102 }, 2, AEMU_SH_FMT_MUBUF,
      SH_OP_BUFFER_LOAD_DWORD },
    { "buffer_store_dwordx4 v[1:4], v5, s[8:11], 0 idxen",
      { 0xe0782000, 0x80020105 }, 2, AEMU_SH_FMT_MUBUF,
      SH_OP_BUFFER_STORE_DWORDX4 },
    { "buffer_atomic_add v1, v2, s[4:7], 0 offen glc",
      { 0xe0c85000, 0x80010102 }, 2, AEMU_SH_FMT_MUBUF,
      SH_OP_BUFFER_ATOMIC_ADD },
    { "flat_load_dword v1, v[2:3]", { 0xdc300000, 0x01000002 }, 2,
      AEMU_SH_FMT_FLAT, SH_OP_FLAT_LOAD_DWORD },
    { "flat_atomic_add v1, v[2:3], v4 glc", { 0xdcc90000, 0x01000402 }, 2,
      AEMU_SH_FMT_FLAT, SH_OP_FLAT_ATOMIC_ADD },
    { "v_readfirstlane_b32 s1, v2", { 0x7e020502 }, 1,
      AEMU_SH_FMT_VOP1, SH_OP_V_READFIRSTLANE_B32 },
    { "v_mul_lo_u32 v1, v2, v3", { 0xd2d20001, 0x00020702 }, 2,
      AEMU_SH_FMT_VOP3, SH_OP_V_MUL_LO_U32 },
    { "v_cvt_f32_u32_e32 v1, v2", { 0x7e020d02 }, 1,
      AEMU_SH_FMT_VOP1, SH_OP_V_CVT_F32_U32 },
    { "v_lshlrev_b32_e32 v1, 4, v2", { 0x34020484 }, 1,
      AEMU_SH_FMT_VOP2, SH_OP_V_LSHLREV_B32 },
    { "v_mac_f32_e32 v1, v2, v3", { 0x3e020702 }, 1,
      AEMU_SH_FMT_VOP2, SH_OP_V_MAC_F32 },
    { "v_madmk_f32 v1, v2, 0x40400000, v3", { 0x40020702, 0x40400000 }, 2,
      AEMU_SH_FMT_VOP2, SH_OP_V_MADMK_F32 },
    { "s_waitcnt vmcnt(0) lgkmcnt(0)", { 0xbf8c0070 }, 1,
      AEMU_SH_FMT_SOPP, SH_OP_S_WAITCNT },
    { "v_readlane_b32 s1, v2, s3", { 0x02020702 }, 1,
      AEMU_SH_FMT_VOP2, SH_OP_V_READLANE_B32 },
    { "v_writelane_b32 v1, s2, 3", { 0x04030602 }, 1,
      AEMU_SH_FMT_VOP2, SH_OP_V_WRITELANE_B32 },
    { "v_cvt_pkrtz_f16_f32_e32 v1, v2, v3", { 0x5e020702 }, 1,
      AEMU_SH_FMT_VOP2, SH_OP_V_CVT_PKRTZ_F16_F32 },
    /* gfx7 spellings; gfx9 names the same semantics v_add_co_u32 etc. */
    { "v_add_i32_e32 v1, vcc, v2, v3", { 0x4a020702 }, 1,
      AEMU_SH_FMT_VOP2, SH_OP_V_ADD_CO_U32 },
    { "v_add_i32_e64 v1, s[4:5], v2, v3", { 0xd24a0401, 0x00020702 }, 2,
      AEMU_SH_FMT_VOP3, SH_OP_V_ADD_CO_U32 },
    { "v_addc_u32_e32 v1, vcc, v2, v3, vcc", { 0x50020702 }, 1,
      AEMU_SH_FMT_VOP2, SH_OP_V_ADDC_CO_U32 },
    { "v_bfm_b32_e32 v1, v2, v3", { 0x3c020702 }, 1,
      AEMU_SH_FMT_VOP2, SH_OP_V_BFM_B32 },
    { "v_mbcnt_lo_u32_b32_e64 v1, -1, 0", { 0xd2460001, 0x000100c1 }, 2,
      AEMU_SH_FMT_VOP3, SH_OP_V_MBCNT_LO_U32_B32 },
};

static const Golden common9[] = {
    { "s_add_u32 s1, s2, 0x12345678", { 0x8001ff02, 0x12345678 }, 2,
      AEMU_SH_FMT_SOP2, SH_OP_S_ADD_U32 },
    { "s_movk_i32 s3, 0xfffb", { 0xb003fffb }, 1,
      AEMU_SH_FMT_SOPK, SH_OP_S_MOVK_I32 },
    { "s_mov_b64 s[4:5], exec", { 0xbe84017e }, 1,
      AEMU_SH_FMT_SOP1, SH_OP_S_MOV_B64 },
    { "s_cmp_lg_u32 s1, 7", { 0xbf078701 }, 1,
      AEMU_SH_FMT_SOPC, SH_OP_S_CMP_LG_U32 },
    { "s_cbranch_scc1 65533", { 0xbf85fffd }, 1,
      AEMU_SH_FMT_SOPP, SH_OP_S_CBRANCH_SCC1 },
    { "s_endpgm", { 0xbf810000 }, 1, AEMU_SH_FMT_SOPP, SH_OP_S_ENDPGM },
    { "s_load_dwordx4 s[8:11], s[2:3], 0x10", { 0xc00a0201, 0x00000010 }, 2,
      AEMU_SH_FMT_SMEM, SH_OP_S_LOAD_DWORDX4 },
    { "s_buffer_load_dwordx2 s[12:13], s[4:7], 0x4",
      { 0xc0260302, 0x00000004 }, 2, AEMU_SH_FMT_SMEM,
      SH_OP_S_BUFFER_LOAD_DWORDX2 },
    { "v_add_f32_e32 v1, v2, v3", { 0x02020702 }, 1,
      AEMU_SH_FMT_VOP2, SH_OP_V_ADD_F32 },
    { "v_mov_b32_e32 v1, 1.0", { 0x7e0202f2 }, 1,
      AEMU_SH_FMT_VOP1, SH_OP_V_MOV_B32 },
    { "v_mov_b32_e32 v1, -16", { 0x7e0202d0 }, 1,
      AEMU_SH_FMT_VOP1, SH_OP_V_MOV_B32 },
    { "v_cmp_gt_u32_e32 vcc, v1, v2", { 0x7d980501 }, 1,
      AEMU_SH_FMT_VOPC, SH_OP_V_CMP_GT_U32 },
    { "v_cmp_gt_u32_e64 s[2:3], v1, 5", { 0xd0cc0002, 0x00010b01 }, 2,
      AEMU_SH_FMT_VOP3, SH_OP_V_CMP_GT_U32 },
    { "v_cmpx_eq_f32_e32 vcc, v1, v2", { 0x7ca40501 }, 1,
      AEMU_SH_FMT_VOPC, SH_OP_V_CMPX_EQ_F32 },
    { "v_mad_u32_u24 v1, v2, v3, v4", { 0xd1c30001, 0x04120702 }, 2,
      AEMU_SH_FMT_VOP3, SH_OP_V_MAD_U32_U24 },
    { "v_fma_f32 v1, -v2, |v3|, v4 clamp", { 0xd1cb8201, 0x24120702 }, 2,
      AEMU_SH_FMT_VOP3, SH_OP_V_FMA_F32 },
    { "v_cndmask_b32_e32 v1, v2, v3, vcc", { 0x00020702 }, 1,
      AEMU_SH_FMT_VOP2, SH_OP_V_CNDMASK_B32 },
    { "ds_add_u32 v1, v2 offset:16", { 0xd8000010, 0x00000201 }, 2,
      AEMU_SH_FMT_DS, SH_OP_DS_ADD_U32 },
    { "ds_read2_b32 v[1:2], v3 offset0:1 offset1:2",
      { 0xd86e0201, 0x01000003 }, 2, AEMU_SH_FMT_DS, SH_OP_DS_READ2_B32 },
    { "buffer_load_dword v1, v2, s[4:7], s8 offen offset:16",
      { 0xe0501010, 0x08010102 }, 2, AEMU_SH_FMT_MUBUF,
      SH_OP_BUFFER_LOAD_DWORD },
    { "buffer_store_dwordx4 v[1:4], v5, s[8:11], 0 idxen",
      { 0xe07c2000, 0x80020105 }, 2, AEMU_SH_FMT_MUBUF,
      SH_OP_BUFFER_STORE_DWORDX4 },
    { "buffer_atomic_add v1, v2, s[4:7], 0 offen glc",
      { 0xe1085000, 0x80010102 }, 2, AEMU_SH_FMT_MUBUF,
      SH_OP_BUFFER_ATOMIC_ADD },
    { "flat_load_dword v1, v[2:3]", { 0xdc500000, 0x01000002 }, 2,
      AEMU_SH_FMT_FLAT, SH_OP_FLAT_LOAD_DWORD },
    { "flat_atomic_add v1, v[2:3], v4 glc", { 0xdd090000, 0x01000402 }, 2,
      AEMU_SH_FMT_FLAT, SH_OP_FLAT_ATOMIC_ADD },
    { "v_readfirstlane_b32 s1, v2", { 0x7e020502 }, 1,
      AEMU_SH_FMT_VOP1, SH_OP_V_READFIRSTLANE_B32 },
    { "v_mul_lo_u32 v1, v2, v3", { 0xd2850001, 0x00020702 }, 2,
      AEMU_SH_FMT_VOP3, SH_OP_V_MUL_LO_U32 },
    { "v_cvt_f32_u32_e32 v1, v2", { 0x7e020d02 }, 1,
      AEMU_SH_FMT_VOP1, SH_OP_V_CVT_F32_U32 },
    { "v_lshlrev_b32_e32 v1, 4, v2", { 0x24020484 }, 1,
      AEMU_SH_FMT_VOP2, SH_OP_V_LSHLREV_B32 },
    { "v_mac_f32_e32 v1, v2, v3", { 0x2c020702 }, 1,
      AEMU_SH_FMT_VOP2, SH_OP_V_MAC_F32 },
    { "v_madmk_f32 v1, v2, 0x40400000, v3", { 0x2e020702, 0x40400000 }, 2,
      AEMU_SH_FMT_VOP2, SH_OP_V_MADMK_F32 },
    { "s_waitcnt vmcnt(0) lgkmcnt(0)", { 0xbf8c0070 }, 1,
      AEMU_SH_FMT_SOPP, SH_OP_S_WAITCNT },
    { "v_readlane_b32 s1, v2, s3", { 0xd2890001, 0x00000702 }, 2,
      AEMU_SH_FMT_VOP3, SH_OP_V_READLANE_B32 },
    { "v_writelane_b32 v1, s2, 3", { 0xd28a0001, 0x00010602 }, 2,
      AEMU_SH_FMT_VOP3, SH_OP_V_WRITELANE_B32 },
    { "v_cvt_pkrtz_f16_f32 v1, v2, v3", { 0xd2960001, 0x00020702 }, 2,
      AEMU_SH_FMT_VOP3, SH_OP_V_CVT_PKRTZ_F16_F32 },
    { "v_add_co_u32_e32 v1, vcc, v2, v3", { 0x32020702 }, 1,
      AEMU_SH_FMT_VOP2, SH_OP_V_ADD_CO_U32 },
    { "v_add_co_u32_e64 v1, s[4:5], v2, v3", { 0xd1190401, 0x00020702 }, 2,
      AEMU_SH_FMT_VOP3, SH_OP_V_ADD_CO_U32 },
    { "v_addc_co_u32_e32 v1, vcc, v2, v3, vcc", { 0x38020702 }, 1,
      AEMU_SH_FMT_VOP2, SH_OP_V_ADDC_CO_U32 },
    { "v_bfm_b32 v1, v2, v3", { 0xd2930001, 0x00020702 }, 2,
      AEMU_SH_FMT_VOP3, SH_OP_V_BFM_B32 },
    { "v_mbcnt_lo_u32_b32 v1, -1, 0", { 0xd28c0001, 0x000100c1 }, 2,
      AEMU_SH_FMT_VOP3, SH_OP_V_MBCNT_LO_U32_B32 },
};

/* Decode one instruction placed in VRAM at ST_CODE. */
static AemuShInst decode_at(ShTest *t, const uint32_t *dw, unsigned n)
{
    AemuShInst in;

    for (unsigned i = 0; i < n; i++) {
        aemu_test_put32(t->h->vram + ST_CODE + 4 * i, dw[i]);
    }
    g_assert_true(aemu_sh_decode(t->d, &t->ctx, ST_CODE, &in));
    return in;
}

static void check_goldens(AemuShGen gen, const Golden *g, size_t n)
{
    ShTest t;

    st_init(&t, gen);
    for (size_t i = 0; i < n; i++) {
        AemuShInst in = decode_at(&t, g[i].dw, g[i].size);

        if (g_test_verbose()) {
            g_printerr("# gfx%d %-45s -> %s %s\n", gen == AEMU_SH_GFX7 ? 7 : 9,
                       g[i].as, aemu_sh_fmt_name(in.fmt),
                       aemu_sh_op_info[in.op].name);
        }
        g_assert_cmpstr(aemu_sh_op_info[in.op].name, ==,
                        aemu_sh_op_info[g[i].op].name);
        g_assert_cmpuint(in.fmt, ==, g[i].fmt);
        g_assert_cmpuint(in.size, ==, g[i].size);
        g_assert_cmpuint(in.bad, ==, SH_BAD_NONE);
        g_assert_true(in.exec != NULL);
    }
    st_fini(&t);
}

static void test_goldens_gfx7(void)
{
    check_goldens(AEMU_SH_GFX7, common7, G_N_ELEMENTS(common7));
}

static void test_goldens_gfx9(void)
{
    check_goldens(AEMU_SH_GFX9, common9, G_N_ELEMENTS(common9));
}

/* The same assembly gives the same op on both generations. */
static void test_same_op_both(void)
{
    g_assert_cmpuint(G_N_ELEMENTS(common7), ==, G_N_ELEMENTS(common9));
    for (size_t i = 0; i < G_N_ELEMENTS(common7); i++) {
        /* The gfx7 spelling rows carry the gfx9 op by construction. */
        g_assert_cmpuint(common7[i].op, ==, common9[i].op);
        /* The encodings differ where gfx8 renumbered (most VOP ops). */
    }
}

/* Operands, per format, as the handlers see them. */
static void test_operands_gfx7(void)
{
    ShTest t;
    AemuShInst in;

    st_init(&t, AEMU_SH_GFX7);
    /* s_add_u32 s1, s2, 0x12345678 */
    in = decode_at(&t, common7[0].dw, 2);
    g_assert_cmpuint(in.dst, ==, 1);
    g_assert_cmpuint(in.src[0].kind, ==, SH_KIND_SGPR);
    g_assert_cmpuint(in.src[0].reg, ==, 2);
    g_assert_cmpuint(in.src[1].kind, ==, SH_KIND_CONST);
    g_assert_cmphex(in.src[1].imm, ==, 0x12345678);
    /* s_movk_i32 s3, -5 */
    in = decode_at(&t, common7[1].dw, 1);
    g_assert_cmpint(in.simm, ==, -5);
    /* s_load_dwordx4 s[8:11], s[2:3], 0x10: 16 dwords = 64 bytes */
    in = decode_at(&t, common7[6].dw, 1);
    g_assert_cmpuint(in.sdst, ==, 8);
    g_assert_cmpuint(in.sbase, ==, 2);
    g_assert_cmphex(in.src[0].imm, ==, 0x40);
    /* v_mov_b32 v1, 1.0 and -16 */
    in = decode_at(&t, common7[9].dw, 1);
    g_assert_cmphex(in.src[0].imm, ==, 0x3f800000);
    in = decode_at(&t, common7[10].dw, 1);
    g_assert_cmphex((uint32_t)in.src[0].imm, ==, (uint32_t)-16);
    /* v_cmp_gt_u32_e64 s[2:3], v1, 5: the VOP3 compare writes s[2:3] */
    in = decode_at(&t, common7[12].dw, 2);
    g_assert_cmpuint(in.sdst, ==, 2);
    g_assert_cmpuint(in.src[0].kind, ==, SH_KIND_VGPR);
    g_assert_cmpuint(in.src[0].reg, ==, 1);
    g_assert_cmphex(in.src[1].imm, ==, 5);
    /* VOPC writes VCC */
    in = decode_at(&t, common7[11].dw, 1);
    g_assert_cmpuint(in.sdst, ==, SH_VCC_LO);
    /* v_fma_f32 v1, -v2, |v3|, v4 clamp */
    in = decode_at(&t, common7[15].dw, 2);
    g_assert_cmpuint(in.neg, ==, 1);
    g_assert_cmpuint(in.abs, ==, 2);
    g_assert_true(in.clamp);
    /* v_cndmask_b32_e32: the select is VCC, as src[2] */
    in = decode_at(&t, common7[16].dw, 1);
    g_assert_cmpuint(in.src[2].kind, ==, SH_KIND_SGPR);
    g_assert_cmpuint(in.src[2].reg, ==, SH_VCC_LO);
    /* ds_read2_b32 v[1:2], v3 offset0:1 offset1:2 */
    in = decode_at(&t, common7[18].dw, 2);
    g_assert_cmpuint(in.dst, ==, 1);
    g_assert_cmpuint(in.vaddr, ==, 3);
    g_assert_cmpuint(in.offset, ==, 1);
    g_assert_cmpuint(in.offset1, ==, 2);
    /* buffer_load_dword v1, v2, s[4:7], s8 offen offset:16 */
    in = decode_at(&t, common7[19].dw, 2);
    g_assert_true(in.offen);
    g_assert_false(in.idxen);
    g_assert_cmpuint(in.offset, ==, 16);
    g_assert_cmpuint(in.vdata, ==, 1);
    g_assert_cmpuint(in.vaddr, ==, 2);
    g_assert_cmpuint(in.srsrc, ==, 4);
    g_assert_cmpuint(in.soffset.reg, ==, 8);
    /* v_madmk_f32 v1, v2, K, v3: as v_mad v2 * K + v3 */
    in = decode_at(&t, common7[29].dw, 2);
    g_assert_cmpuint(in.src[0].reg, ==, 2);
    g_assert_cmphex(in.src[1].imm, ==, 0x40400000);
    g_assert_cmpuint(in.src[2].reg, ==, 3);
    /* v_mac_f32: the accumulator is the destination */
    in = decode_at(&t, common7[28].dw, 1);
    g_assert_cmpuint(in.src[2].kind, ==, SH_KIND_VGPR);
    g_assert_cmpuint(in.src[2].reg, ==, 1);
    /* gfx7 VOP2 v_readlane_b32 s1, v2, s3: VSRC1 is a scalar code */
    in = decode_at(&t, common7[31].dw, 1);
    g_assert_cmpuint(in.dst, ==, 1);
    g_assert_cmpuint(in.src[1].kind, ==, SH_KIND_SGPR);
    g_assert_cmpuint(in.src[1].reg, ==, 3);
    /* v_add_i32_e64 v1, s[4:5], v2, v3: VOP3b, the carry to s[4:5] */
    in = decode_at(&t, common7[35].dw, 2);
    g_assert_cmpuint(in.sdst, ==, 4);
    g_assert_cmpuint(in.dst, ==, 1);
    /* s_load_dword s1, s[2:3], 0x1000 (a literal, in dwords) */
    {
        const uint32_t lit[] = { 0xc00082ff, 0x00001000 };

        in = decode_at(&t, lit, 2);
        g_assert_cmpuint(in.op, ==, SH_OP_S_LOAD_DWORD);
        g_assert_cmpuint(in.size, ==, 2);
        g_assert_cmphex(in.src[0].imm, ==, 0x4000);
    }
    /* buffer_load_dword v1, v[2:3], s[4:7], 0 addr64 */
    {
        const uint32_t a64[] = { 0xe0308000, 0x80010102 };

        in = decode_at(&t, a64, 2);
        g_assert_true(in.addr64);
    }
    /* v_lshl_b64 v[1:2], v[3:4], 5 */
    {
        const uint32_t sh[] = { 0xd2c20001, 0x00010b03 };

        in = decode_at(&t, sh, 2);
        g_assert_cmpuint(in.op, ==, SH_OP_V_LSHL_B64);
    }
    st_fini(&t);
}

static void test_operands_gfx9(void)
{
    ShTest t;
    AemuShInst in;

    st_init(&t, AEMU_SH_GFX9);
    /* s_load_dwordx4 s[8:11], s[2:3], 0x10: SMEM offsets are bytes */
    in = decode_at(&t, common9[6].dw, 2);
    g_assert_cmpuint(in.sdst, ==, 8);
    g_assert_cmpuint(in.sbase, ==, 2);
    g_assert_cmphex(in.src[0].imm, ==, 0x10);
    /* s_load_dword s1, s[2:3], s4 */
    {
        const uint32_t d[] = { 0xc0000041, 0x00000004 };

        in = decode_at(&t, d, 2);
        g_assert_cmpuint(in.src[0].kind, ==, SH_KIND_SGPR);
        g_assert_cmpuint(in.src[0].reg, ==, 4);
    }
    /* gfx9's VOP3 readlane: the lane in the 9-bit SRC1 */
    in = decode_at(&t, common9[31].dw, 2);
    g_assert_cmpuint(in.dst, ==, 1);
    g_assert_cmpuint(in.src[1].reg, ==, 3);
    /* v_fma_f32 ... clamp: bit 15 on gfx9 */
    in = decode_at(&t, common9[15].dw, 2);
    g_assert_true(in.clamp);
    g_assert_cmpuint(in.abs, ==, 2);
    /* global_load_dword v1, v2, s[4:5] offset:-8 */
    {
        const uint32_t d[] = { 0xdc509ff8, 0x01040002 };

        in = decode_at(&t, d, 2);
        g_assert_cmpuint(in.fmt, ==, AEMU_SH_FMT_GLOBAL);
        g_assert_cmpuint(in.op, ==, SH_OP_GLOBAL_LOAD_DWORD);
        g_assert_cmpint(in.soffset_imm, ==, -8);
        g_assert_cmpuint(in.saddr, ==, 4);
    }
    /* global_store_dword v[2:3], v1, off offset:16 */
    {
        const uint32_t d[] = { 0xdc708010, 0x007f0102 };

        in = decode_at(&t, d, 2);
        g_assert_cmpuint(in.op, ==, SH_OP_GLOBAL_STORE_DWORD);
        g_assert_cmpint(in.soffset_imm, ==, 16);
        g_assert_cmpuint(in.saddr, ==, SH_SADDR_OFF_GFX9);
        g_assert_cmpuint(in.vdata, ==, 1);
    }
    /* scratch_load_dword v1, v2, off: the SCRATCH segment of FLAT */
    {
        const uint32_t d[] = { 0xdc504000, 0x017f0002 };

        in = decode_at(&t, d, 2);
        g_assert_cmpuint(in.fmt, ==, AEMU_SH_FMT_SCRATCH);
        g_assert_cmpuint(in.op, ==, SH_OP_SCRATCH_LOAD_DWORD);
    }
    /* v_lshl_add_u32 v0, s8, 6, v0 (libdrm's bufferclear) */
    {
        const uint32_t d[] = { 0xd1fd0000, 0x04010c08 };

        in = decode_at(&t, d, 2);
        g_assert_cmpuint(in.op, ==, SH_OP_V_LSHL_ADD_U32);
        g_assert_cmpuint(in.src[0].kind, ==, SH_KIND_SGPR);
        g_assert_cmphex(in.src[1].imm, ==, 6);
        g_assert_cmpuint(in.src[2].reg, ==, 0);
    }
    /* v_add_u32_e32: gfx9's carry-less add is another op */
    {
        const uint32_t d[] = { 0x68020702 };

        in = decode_at(&t, d, 1);
        g_assert_cmpuint(in.op, ==, SH_OP_V_ADD_U32);
    }
    /* v_add_u16_e32 v0, 1, v0 (clover's code on gfx9; llvm-mc -mcpu=gfx900) */
    {
        const uint32_t d[] = { 0x4c000081 };

        in = decode_at(&t, d, 1);
        g_assert_cmpuint(in.op, ==, SH_OP_V_ADD_U16);
        g_assert_cmphex(in.src[0].imm, ==, 1);
        g_assert_cmpuint(in.src[1].reg, ==, 0);
    }
    /*
     * v_mov_b32_sdwa: an SDWA word follows; the op reads v2's byte 0
     * from a staging row and writes its word 1 through another.
     */
    {
        const uint32_t d[] = { 0x7e0202f9, 0x00001502 };

        in = decode_at(&t, d, 2);
        g_assert_cmpuint(in.size, ==, 2);
        g_assert_cmpuint(in.ext, ==, SH_EXT_SDWA);
        g_assert_cmpuint(in.ext_src[0].reg, ==, 2);
        g_assert_cmpuint(in.src[0].reg, ==, SH_VGPR_STAGE_SRC0);
        g_assert_cmpuint(in.ext_dst, ==, 1);
        g_assert_cmpuint(in.dst, ==, SH_VGPR_STAGE_DST);
        g_assert_cmpuint(in.sdwa.dst_sel, ==, SH_SDWA_WORD_1);
        g_assert_cmpuint(in.sdwa.dst_unused, ==, SH_SDWA_UNUSED_PRESERVE);
        g_assert_cmpuint(in.sdwa.sel[0], ==, SH_SDWA_BYTE_0);
    }
    st_fini(&t);
}

/* What does not decode halts with a reason naming it. */
static void test_illegal(ShTest *t)
{
    AemuShInst in;
    const uint32_t ones[] = { 0xffffffff };
    /* VOP3 with a literal source (255): not before gfx10. */
    uint32_t vop3lit[2];

    in = decode_at(t, ones, 1);
    g_assert_cmpuint(in.bad, ==, SH_BAD_ENCODING);
    st_emit(t, 0xffffffff);
    g_assert_cmpuint(st_run(t), ==, AEMU_WAVE_HALTED);
    g_assert_nonnull(strstr(t->w.halt_reason,
                            "illegal instruction 0xffffffff"));
    g_assert_cmphex(t->w.pc, ==, ST_CODE);

    /* SOP2 opcode 0x50 exists on neither generation. */
    t->n = 0;
    t->w.pc = ST_CODE;
    t->w.state = AEMU_WAVE_READY;
    aemu_sh_decode_cache_free(t->ctx.decode_cache);
    t->ctx.decode_cache = aemu_sh_decode_cache_new();
    st_emit(t, st_enc(t->gen, AEMU_SH_FMT_SOP2) |
               st_f(0x50, L(t)->sop2_op));
    g_assert_cmpuint(st_run(t), ==, AEMU_WAVE_HALTED);
    g_assert_nonnull(strstr(t->w.halt_reason, "illegal SOP2 opcode 0x50"));

    t->n = 0;
    vop3(t, SH_OP_V_MAD_U32_U24, 1, V(2), LIT, V(3));
    memcpy(vop3lit, t->code, sizeof(vop3lit));
    in = decode_at(t, vop3lit, 2);
    g_assert_cmpuint(in.bad, ==, SH_BAD_OPERAND);
}
ST_BOTH(test_illegal)

/* Every table entry names an op of its format (or a VOP3 form of one). */
static void test_tables(void)
{
    for (unsigned g = 0; g < AEMU_SH_NUM_GENS; g++) {
        unsigned entries = 0;

        for (unsigned f = 0; f < AEMU_SH_FMT_COUNT; f++) {
            const AemuShOpTable *tab = &aemu_sh_optab[g][f];

            for (uint32_t i = 0; i < tab->size; i++) {
                unsigned of;

                if (!tab->op[i]) {
                    continue;
                }
                entries++;
                g_assert_cmpuint(tab->op[i], <, SH_OP_COUNT);
                of = aemu_sh_op_info[tab->op[i]].fmt;
                if (f == AEMU_SH_FMT_VOP3) {
                    g_assert_true(of == AEMU_SH_FMT_VOP3 ||
                                  of == AEMU_SH_FMT_VOP1 ||
                                  of == AEMU_SH_FMT_VOP2 ||
                                  of == AEMU_SH_FMT_VOPC);
                } else if (f == AEMU_SH_FMT_SMRD || f == AEMU_SH_FMT_SMEM) {
                    g_assert_true(of == AEMU_SH_FMT_SMRD ||
                                  of == AEMU_SH_FMT_SMEM);
                } else {
                    g_assert_cmpuint(of, ==, f);
                }
            }
        }
        g_assert_cmpuint(entries, >, 1000);
    }
    /* gfx7 SMRD and gfx9 SMEM share their load ops. */
    g_assert_true(st_has(AEMU_SH_GFX7, AEMU_SH_FMT_SMRD, SH_OP_S_LOAD_DWORD));
    g_assert_true(st_has(AEMU_SH_GFX9, AEMU_SH_FMT_SMEM, SH_OP_S_LOAD_DWORD));
    /* VOP2 ops have VOP3 forms at +0x100 on both generations. */
    g_assert_cmpuint(st_opcode(AEMU_SH_GFX7, AEMU_SH_FMT_VOP3,
                               SH_OP_V_ADD_F32), ==,
                     0x100 + st_opcode(AEMU_SH_GFX7, AEMU_SH_FMT_VOP2,
                                       SH_OP_V_ADD_F32));
    g_assert_cmpuint(st_opcode(AEMU_SH_GFX9, AEMU_SH_FMT_VOP3,
                               SH_OP_V_MOV_B32), ==,
                     0x140 + st_opcode(AEMU_SH_GFX9, AEMU_SH_FMT_VOP1,
                                       SH_OP_V_MOV_B32));
}

/* The cache decodes once per dispatch; a new dispatch sees new code. */
static void test_cache(ShTest *t)
{
    const AemuShInst *a, *b;

    sop1(t, SH_OP_S_MOV_B32, 1, INT(5));
    st_load(t);
    a = aemu_sh_cache_lookup(t->d, &t->ctx, ST_CODE);
    g_assert_nonnull(a);
    g_assert_cmpuint(a->op, ==, SH_OP_S_MOV_B32);
    /* The guest rewrites the code: the same dispatch keeps its decode. */
    t->n = 0;
    sop1(t, SH_OP_S_NOT_B32, 1, INT(5));
    st_load(t);
    b = aemu_sh_cache_lookup(t->d, &t->ctx, ST_CODE);
    g_assert_true(a == b);
    g_assert_cmpuint(b->op, ==, SH_OP_S_MOV_B32);
    /* A new dispatch, a new cache: the new code. */
    aemu_sh_decode_cache_free(t->ctx.decode_cache);
    t->ctx.decode_cache = aemu_sh_decode_cache_new();
    b = aemu_sh_cache_lookup(t->d, &t->ctx, ST_CODE);
    g_assert_cmpuint(b->op, ==, SH_OP_S_NOT_B32);
    /* A fault is not cached. */
    g_assert_null(aemu_sh_cache_lookup(t->d, &t->ctx, t->d->vram_size));
}
ST_BOTH(test_cache)

/* A shader spread over many pages keeps working (the cache refills). */
static void test_cache_bound(ShTest *t)
{
    const unsigned pages = 100, page = 4096;

    /* On every page: s_add_u32 s0, s0, 1; s_branch to the next page. */
    for (unsigned p = 0; p < pages; p++) {
        uint64_t at = ST_CODE + (uint64_t)p * page;

        t->n = 0;
        sop2(t, SH_OP_S_ADD_U32, 0, 0, INT(1));
        sopp(t, SH_OP_S_BRANCH, (uint16_t)((page - 8) / 4));
        for (unsigned i = 0; i < t->n; i++) {
            aemu_test_put32(t->h->vram + at + 4 * i, t->code[i]);
        }
    }
    t->n = 0;
    endpgm(t);
    for (unsigned i = 0; i < t->n; i++) {
        aemu_test_put32(t->h->vram + ST_CODE + (uint64_t)pages * page + 4 * i,
                        t->code[i]);
    }
    {
        unsigned budget = ST_BUDGET;

        g_assert_cmpuint(aemu_wave_run(t->d, &t->w, &budget), ==,
                         AEMU_WAVE_ENDED);
    }
    g_assert_cmpuint(t->w.sgpr[0], ==, pages);
}
ST_BOTH(test_cache_bound)

/*
 * Hostile code: random dwords (with the prefixes of real formats mixed
 * in) and random registers must never take the host down; every wave
 * ends, halts or runs out of budget. Deterministic: a fixed LCG.
 */
#define RANDOM_PROGRAMS     2000u
#define RANDOM_DWORDS       64u
#define RANDOM_BUDGET       256u

static uint32_t lcg(uint64_t *s)
{
    *s = *s * 6364136223846793005ull + 1442695040888963407ull;
    return (uint32_t)(*s >> 32);
}

/* The opcode field of a format (the formats the decoder reads op from). */
static bool op_field(const AemuShLayout *L, unsigned fmt, AemuShField *f)
{
    switch (fmt) {
    case AEMU_SH_FMT_SOP2: *f = L->sop2_op; return true;
    case AEMU_SH_FMT_SOPK: *f = L->sopk_op; return true;
    case AEMU_SH_FMT_SOP1: *f = L->sop1_op; return true;
    case AEMU_SH_FMT_SOPC: *f = L->sopc_op; return true;
    case AEMU_SH_FMT_SOPP: *f = L->sopp_op; return true;
    case AEMU_SH_FMT_SMRD: *f = L->smrd_op; return true;
    case AEMU_SH_FMT_SMEM: *f = L->smem_op; return true;
    case AEMU_SH_FMT_VOP2: *f = L->vop2_op; return true;
    case AEMU_SH_FMT_VOP1: *f = L->vop1_op; return true;
    case AEMU_SH_FMT_VOPC: *f = L->vopc_op; return true;
    case AEMU_SH_FMT_VOP3: *f = L->vop3_op; return true;
    case AEMU_SH_FMT_DS: *f = L->ds_op; return true;
    case AEMU_SH_FMT_MUBUF: *f = L->mubuf_op; return true;
    case AEMU_SH_FMT_MTBUF: *f = L->mtbuf_op; return true;
    case AEMU_SH_FMT_FLAT: *f = L->flat_op; return true;
    default: return false;
    }
}

/* v with a random format's prefix and one of its implemented opcodes. */
static uint32_t random_op(ShTest *t, uint64_t *seed, uint32_t v)
{
    const AemuShLayout *L = &aemu_sh_layout[t->gen];
    unsigned nenc = 0;

    while (aemu_sh_encodings[t->gen][nenc].fmt != AEMU_SH_FMT_INVALID) {
        nenc++;
    }
    for (unsigned tries = 0; tries < 16; tries++) {
        const AemuShEncoding *e = &aemu_sh_encodings[t->gen][lcg(seed) % nenc];
        const AemuShOpTable *tab = &aemu_sh_optab[t->gen][e->fmt];
        AemuShField f;
        uint32_t op;

        if (!op_field(L, e->fmt, &f) || !tab->size) {
            continue;
        }
        op = lcg(seed) % tab->size;
        if (!tab->op[op] ||
            aemu_sh_handler(tab->op[op]) == aemu_sh_exec_unimplemented ||
            tab->op[op] == SH_OP_S_ENDPGM) {
            continue;
        }
        v = (v & ~e->mask) | e->bits;
        /* GLOBAL/SCRATCH ride on FLAT's SEG: keep it FLAT (0). */
        v &= ~L->flat_seg.mask;
        return (v & ~f.mask) | ((op << f.shift) & f.mask);
    }
    return v;
}

static void test_random(ShTest *t)
{
    uint64_t seed = 0x5eed0000u + t->gen;

    for (unsigned p = 0; p < RANDOM_PROGRAMS; p++) {
        unsigned budget = RANDOM_BUDGET;
        AemuWaveState st;

        for (unsigned i = 0; i < RANDOM_DWORDS; i++) {
            uint32_t v = lcg(&seed);

            if (i % 4 != 3) {
                /* an implemented op of a real format, random fields */
                v = random_op(t, &seed, v);
            }
            aemu_test_put32(t->h->vram + ST_CODE + 4 * i, v);
        }
        for (unsigned i = 0; i < AEMU_WAVE_MAX_SGPRS; i++) {
            t->w.sgpr[i] = lcg(&seed) % 8 ? lcg(&seed) % 0x400000 : lcg(&seed);
        }
        for (unsigned r = 0; r < 8; r++) {
            ST_SET_LANES(t, r, lcg(&seed));
        }
        t->w.exec = (uint64_t)lcg(&seed) << 32 | lcg(&seed);
        t->w.m0 = lcg(&seed);
        t->w.mode = lcg(&seed) & 0x3f0;     /* round-to-nearest modes */
        t->w.pc = ST_CODE;
        t->w.state = AEMU_WAVE_READY;
        t->ctx.shared_base = lcg(&seed) & 1 ? 0x2000 : 0;
        aemu_sh_decode_cache_free(t->ctx.decode_cache);
        t->ctx.decode_cache = aemu_sh_decode_cache_new();
        t->w.insts = 0;
        st = aemu_wave_run(t->d, &t->w, &budget);
        if (g_test_verbose()) {
            g_printerr("# %u insts, %s\n", (unsigned)t->w.insts,
                       st == AEMU_WAVE_HALTED ? t->w.halt_reason : "-");
        }
        g_assert_true(st == AEMU_WAVE_ENDED || st == AEMU_WAVE_HALTED ||
                      st == AEMU_WAVE_READY || st == AEMU_WAVE_BARRIER);
        if (st == AEMU_WAVE_HALTED) {
            g_assert_nonnull(t->w.halt_reason);
        }
    }
}
ST_BOTH(test_random)

int main(int argc, char **argv)
{
    g_test_init(&argc, &argv, NULL);
    g_test_add_func("/shader-decode/goldens/gfx7", test_goldens_gfx7);
    g_test_add_func("/shader-decode/goldens/gfx9", test_goldens_gfx9);
    g_test_add_func("/shader-decode/same-op-both", test_same_op_both);
    g_test_add_func("/shader-decode/operands/gfx7", test_operands_gfx7);
    g_test_add_func("/shader-decode/operands/gfx9", test_operands_gfx9);
    g_test_add_func("/shader-decode/tables", test_tables);
    ST_ADD_BOTH("/shader-decode/illegal", test_illegal);
    ST_ADD_BOTH("/shader-decode/cache", test_cache);
    ST_ADD_BOTH("/shader-decode/cache-bound", test_cache_bound);
    ST_ADD_BOTH("/shader-decode/random", test_random);
    return g_test_run();
}
