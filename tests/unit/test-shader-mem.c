/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Unit tests of the shader interpreter's memory instructions
 * (shader_smem.c, shader_mem.c, shader_flat.c, shader_lds.c,
 * shader_vmem.c) on the standalone host, with data in VRAM through a flat
 * translation (VMID 0, MC address = VRAM offset; beyond VRAM faults).
 *
 * Scalar loads plain and through a V#; buffer loads and stores, raw and
 * structured, their range checks (out-of-range reads give 0, writes are
 * dropped, dword by dword for the x2..x4 forms), gfx7's ADDR64, atomics;
 * libdrm 2.4.114's gfx9 bufferclear/buffercopy compute shaders
 * (tests/amdgpu/shader_code_gfx9.h) and their gfx7 equivalents assembled
 * with llvm-mc -mcpu=hawaii, run over a 16 KiB buffer as the Dispatch
 * Test does; FLAT to global memory, into LDS through the shared
 * aperture and (gfx9) into scratch through the private one; swizzled
 * buffers (the scratch V#) against the ISA's formula; gfx9's GLOBAL and
 * SCRATCH; DS reads, writes, atomics and their range.
 */
#include "shader-test.h"

/* A V# in s[s:s+3] (shader-execution.md 5.1). */
static void vsharp(ShTest *t, unsigned s, uint64_t base, uint32_t stride,
                   uint32_t records, uint32_t word3)
{
    t->w.sgpr[s] = (uint32_t)base;
    t->w.sgpr[s + 1] = (uint32_t)(base >> 32) | stride << 16;
    t->w.sgpr[s + 2] = records;
    t->w.sgpr[s + 3] = word3;
}

/* libdrm's word 3: DST_SEL XYZW, NUM_FORMAT UINT, DATA_FORMAT 32_32_32_32. */
#define WORD3_XYZW_UINT32x4     0x74facu
#define CANARY                  0xcafe0000u

static uint32_t vram32(ShTest *t, uint64_t off)
{
    return aemu_test_get32(t->h->vram + off);
}

static void fill32(ShTest *t, uint64_t off, unsigned n, uint32_t base)
{
    for (unsigned i = 0; i < n; i++) {
        aemu_test_put32(t->h->vram + off + 4 * i, base + i);
    }
}

/* ---- scalar memory ---- */

static void test_smem(ShTest *t)
{
    fill32(t, ST_DATA, 16, 0x1000);
    t->w.sgpr[2] = (uint32_t)ST_DATA;
    t->w.sgpr[3] = 0;
    vsharp(t, 4, ST_DATA, 0, 24, 0);
    smem(t, SH_OP_S_LOAD_DWORDX4, 8, 2, 16);
    smem(t, SH_OP_S_BUFFER_LOAD_DWORDX4, 12, 4, 16);
    smem(t, SH_OP_S_LOAD_DWORD, 16, 2, 60);
    sopp(t, SH_OP_S_WAITCNT, 0);
    endpgm(t);
    g_assert_cmpuint(st_run(t), ==, AEMU_WAVE_ENDED);
    for (unsigned i = 0; i < 4; i++) {
        g_assert_cmphex(t->w.sgpr[8 + i], ==, 0x1004 + i);
    }
    /* NUM_RECORDS 24 bytes: dwords at 16 and 20 only. */
    g_assert_cmphex(t->w.sgpr[12], ==, 0x1004);
    g_assert_cmphex(t->w.sgpr[13], ==, 0x1005);
    g_assert_cmphex(t->w.sgpr[14], ==, 0);
    g_assert_cmphex(t->w.sgpr[15], ==, 0);
    g_assert_cmphex(t->w.sgpr[16], ==, 0x100f);
}
ST_BOTH(test_smem)

/* ---- buffers ---- */

/* Raw buffer: offen dword loads/stores, the last lanes out of range. */
static void test_buffer_raw(ShTest *t)
{
    const uint32_t records = 62 * 4;       /* lanes 62, 63 out */

    fill32(t, ST_DATA, 80, 0x100);
    fill32(t, ST_DATA2, 80, CANARY);
    vsharp(t, 4, ST_DATA, 0, records, 0);
    vsharp(t, 8, ST_DATA2, 0, records, 0);
    ST_SET_LANES(t, 0, 4 * l);
    ST_SET_LANES(t, 1, 0xbad);
    mubuf(t, SH_OP_BUFFER_LOAD_DWORD, 1, 0, 4,
          (StBuf) { .offen = true, .soffset = INT(0) });
    vop2(t, SH_OP_V_XOR_B32, 2, LIT, 1);
    st_lit(t, 0xffff0000u);
    mubuf(t, SH_OP_BUFFER_STORE_DWORD, 2, 0, 8,
          (StBuf) { .offen = true, .soffset = INT(0) });
    /* x4 at lane * 4 + 4: per dword against NUM_RECORDS */
    mubuf(t, SH_OP_BUFFER_LOAD_DWORDX4, 10, 0, 4,
          (StBuf) { .offen = true, .offset = 4, .soffset = INT(0) });
    endpgm(t);
    g_assert_cmpuint(st_run(t), ==, AEMU_WAVE_ENDED);
    for (unsigned l = 0; l < AEMU_WAVE_LANES; l++) {
        bool in = l < 62;

        g_assert_cmphex(t->w.vgpr[1][l], ==, in ? 0x100 + l : 0);
        g_assert_cmphex(vram32(t, ST_DATA2 + 4 * l), ==,
                        in ? (0x100 + l) ^ 0xffff0000u : CANARY + l);
        for (unsigned c = 0; c < 4; c++) {
            /* dword at 4 * (l + 1 + c) is in if it ends by 248 */
            bool cin = 4 * (l + 1 + c) + 4 <= records;

            g_assert_cmphex(t->w.vgpr[10 + c][l], ==,
                            cin ? 0x100 + l + 1 + c : 0);
        }
    }
}
ST_BOTH(test_buffer_raw)

/* Structured: index < NUM_RECORDS (records of STRIDE bytes). */
static void test_buffer_structured(ShTest *t)
{
    const uint32_t records = 40;

    fill32(t, ST_DATA, 64 * 4, CANARY);
    vsharp(t, 0, ST_DATA, 16, records, WORD3_XYZW_UINT32x4);
    ST_SET_LANES(t, 0, l);
    for (unsigned c = 0; c < 4; c++) {
        ST_SET_LANES(t, 2 + c, (l << 8) | c);
    }
    mubuf(t, SH_OP_BUFFER_STORE_FORMAT_XYZW, 2, 0, 0,
          (StBuf) { .idxen = true, .soffset = INT(0) });
    mubuf(t, SH_OP_BUFFER_LOAD_FORMAT_XYZW, 6, 0, 0,
          (StBuf) { .idxen = true, .soffset = INT(0) });
    /* a dword load, structured: its 4 bytes at index * 16 + 8 */
    mubuf(t, SH_OP_BUFFER_LOAD_DWORD, 10, 0, 0,
          (StBuf) { .idxen = true, .offset = 8, .soffset = INT(0) });
    endpgm(t);
    g_assert_cmpuint(st_run(t), ==, AEMU_WAVE_ENDED);
    for (unsigned l = 0; l < AEMU_WAVE_LANES; l++) {
        bool in = l < records;

        for (unsigned c = 0; c < 4; c++) {
            g_assert_cmphex(vram32(t, ST_DATA + 16 * l + 4 * c), ==,
                            in ? (l << 8) | c : CANARY + 4 * l + c);
            g_assert_cmphex(t->w.vgpr[6 + c][l], ==, in ? (l << 8) | c : 0);
        }
        g_assert_cmphex(t->w.vgpr[10][l], ==, in ? (l << 8) | 2 : 0);
    }
}
ST_BOTH(test_buffer_structured)

/* DST_SEL: 0, 1 (also out of range), and a missing W reads 1. */
static void test_buffer_dst_sel(ShTest *t)
{
    /* X from Y, Y = 0, Z = 1, W = X; DATA_FORMAT 32_32, NUM_FORMAT FLOAT */
    const uint32_t word3 = 5u | 0u << 3 | 1u << 6 | 4u << 9 | 7u << 12 |
                           11u << 15;

    fill32(t, ST_DATA, 4, 0x10);
    vsharp(t, 0, ST_DATA, 8, 1, word3);
    ST_SET_LANES(t, 0, l);
    mubuf(t, SH_OP_BUFFER_LOAD_FORMAT_XYZW, 2, 0, 0,
          (StBuf) { .idxen = true, .soffset = INT(0) });
    endpgm(t);
    g_assert_cmpuint(st_run(t), ==, AEMU_WAVE_ENDED);
    g_assert_cmphex(t->w.vgpr[2][0], ==, 0x11);
    g_assert_cmphex(t->w.vgpr[3][0], ==, 0);
    g_assert_cmphex(t->w.vgpr[4][0], ==, fbits(1.0f));
    g_assert_cmphex(t->w.vgpr[5][0], ==, 0x10);
    /* lane 1 is out of range: 0, except SEL_1 */
    g_assert_cmphex(t->w.vgpr[2][1], ==, 0);
    g_assert_cmphex(t->w.vgpr[4][1], ==, fbits(1.0f));
}
ST_BOTH(test_buffer_dst_sel)

/* Atomics run lane by lane; GLC returns the value before each. */
static void test_buffer_atomics(ShTest *t)
{
    fill32(t, ST_DATA, 4, 1000);
    vsharp(t, 0, ST_DATA, 0, 64, 0);
    ST_SET_LANES(t, 1, 1);
    ST_SET_LANES(t, 2, l == 7 ? 1002 : 0);      /* cmpswap: cmp */
    ST_SET_LANES(t, 3, 77);                     /* cmpswap: src */
    t->w.exec = 0x00000000ffffffffull;
    mubuf(t, SH_OP_BUFFER_ATOMIC_ADD, 1, 0, 0,
          (StBuf) { .glc = true, .soffset = INT(0) });
    /* cmpswap {src v3, cmp v4}: only lane 7's compare value matches */
    vop1(t, SH_OP_V_MOV_B32, 4, V(2));
    mubuf(t, SH_OP_BUFFER_ATOMIC_CMPSWAP, 3, 0, 0,
          (StBuf) { .offset = 4, .glc = true, .soffset = INT(0) });
    mubuf(t, SH_OP_BUFFER_ATOMIC_UMAX, 1, 0, 0,
          (StBuf) { .offset = 8, .soffset = INT(0) });
    endpgm(t);
    aemu_test_put32(t->h->vram + ST_DATA + 4, 1002);
    g_assert_cmpuint(st_run(t), ==, AEMU_WAVE_ENDED);
    g_assert_cmpuint(vram32(t, ST_DATA), ==, 1000 + 32);
    for (unsigned l = 0; l < 32; l++) {
        g_assert_cmpuint(t->w.vgpr[1][l], ==, 1000 + l);
    }
    g_assert_cmpuint(t->w.vgpr[1][40], ==, 1);      /* disabled lane */
    g_assert_cmpuint(vram32(t, ST_DATA + 4), ==, 77);
    g_assert_cmpuint(t->w.vgpr[3][7], ==, 1002);
    g_assert_cmpuint(t->w.vgpr[3][8], ==, 77);
    g_assert_cmpuint(vram32(t, ST_DATA + 8), ==, 1000 + 31);
}
ST_BOTH(test_buffer_atomics)

/* gfx7's ADDR64: a 64-bit VGPR address added to the V#'s base. */
static void test_buffer_addr64(ShTest *t)
{
    fill32(t, ST_DATA, 64, 0x500);
    vsharp(t, 4, 0x1000, 0, 0, 0);              /* NUM_RECORDS unused */
    ST_SET_LANES(t, 2, (uint32_t)(ST_DATA - 0x1000) + 4 * l);
    ST_SET_LANES(t, 3, 0);
    mubuf(t, SH_OP_BUFFER_LOAD_DWORD, 1, 2, 4,
          (StBuf) { .addr64 = true, .soffset = INT(0) });
    endpgm(t);
    g_assert_cmpuint(st_run(t), ==, AEMU_WAVE_ENDED);
    for (unsigned l = 0; l < AEMU_WAVE_LANES; l++) {
        g_assert_cmphex(t->w.vgpr[1][l], ==, 0x500 + l);
    }
}

static void test_buffer_addr64_gfx7(void)
{
    ShTest t;

    st_init(&t, AEMU_SH_GFX7);
    test_buffer_addr64(&t);
    st_fini(&t);
}

/* A faulting vector load reads zeros; the wave goes on. */
static void test_buffer_fault(ShTest *t)
{
    vsharp(t, 0, t->d->vram_size - 128, 0, 1024, 0);
    ST_SET_LANES(t, 0, 4 * l);
    ST_SET_LANES(t, 1, 0xbad);
    aemu_test_put32(t->h->vram + t->d->vram_size - 128, 0x77);
    mubuf(t, SH_OP_BUFFER_LOAD_DWORD, 1, 0, 0,
          (StBuf) { .offen = true, .soffset = INT(0) });
    sop1(t, SH_OP_S_MOV_B32, 0, INT(9));
    endpgm(t);
    g_assert_cmpuint(st_run(t), ==, AEMU_WAVE_ENDED);
    g_assert_cmphex(t->w.vgpr[1][0], ==, 0x77);
    g_assert_cmphex(t->w.vgpr[1][40], ==, 0);
    g_assert_cmpuint(t->w.sgpr[0], ==, 9);
}
ST_BOTH(test_buffer_fault)

/* ---- libdrm's dispatch shaders and their gfx7 equivalents ---- */

/* libdrm 2.4.114 tests/amdgpu/shader_code_gfx9.h bufferclear_cs_shader_gfx9. */
static const uint32_t clear_gfx9[] = {
    0x260000ff, 0x000003ff, 0xd1fd0000, 0x04010c08,
    0x7e020280, 0x7e040204, 0x7e060205, 0x7e080206,
    0x7e0a0207, 0xe01c2000, 0x80000200, 0xbf8c0000,
    0xbf810000,
};

/* libdrm 2.4.114 buffercopy_cs_shader_gfx9. */
static const uint32_t copy_gfx9[] = {
    0x260000ff, 0x000003ff, 0xd1fd0000, 0x04010c08,
    0x7e020280, 0xe00c2000, 0x80000200, 0xbf8c0f70,
    0xe01c2000, 0x80010200, 0xbf810000,
};

/* The gfx7 equivalents (llvm-mc 14 -arch=amdgcn -mcpu=hawaii). */
static const uint32_t clear_gfx7[] = {
    0x360000ff, 0x000003ff,     /* v_and_b32_e32 v0, 0x3ff, v0 */
    0x8f0c8608,                 /* s_lshl_b32 s12, s8, 6 */
    0x4a00000c,                 /* v_add_i32_e32 v0, vcc, s12, v0 */
    0x7e040204,                 /* v_mov_b32_e32 v2, s4 */
    0x7e060205,                 /* v_mov_b32_e32 v3, s5 */
    0x7e080206,                 /* v_mov_b32_e32 v4, s6 */
    0x7e0a0207,                 /* v_mov_b32_e32 v5, s7 */
    0xe01c2000, 0x80000200,     /* buffer_store_format_xyzw v[2:5], v0,
                                 * s[0:3], 0 idxen */
    0xbf8c0000,                 /* s_waitcnt vmcnt(0) expcnt(0) lgkmcnt(0) */
    0xbf810000,                 /* s_endpgm */
};

static const uint32_t copy_gfx7[] = {
    0x360000ff, 0x000003ff,     /* v_and_b32_e32 v0, 0x3ff, v0 */
    0x8f0c8608,                 /* s_lshl_b32 s12, s8, 6 */
    0x4a00000c,                 /* v_add_i32_e32 v0, vcc, s12, v0 */
    0xe00c2000, 0x80000200,     /* buffer_load_format_xyzw v[2:5], v0,
                                 * s[0:3], 0 idxen */
    0xbf8c0f70,                 /* s_waitcnt vmcnt(0) */
    0xe01c2000, 0x80010200,     /* buffer_store_format_xyzw v[2:5], v0,
                                 * s[4:7], 0 idxen */
    0xbf810000,                 /* s_endpgm */
};

#define DISPATCH_BYTES      0x4000u     /* libdrm's dst->size */
#define DISPATCH_GROUP      64u
#define MEMSET_VALUE        0x22222222u
#define MEMCPY_SRC_BYTE     0x55

/*
 * Run code as the Dispatch Test does: user SGPRs 0..7 as libdrm writes
 * them, s8 the group id (TGID_X_EN), v0 the thread id, one wave64 per
 * group of 64 threads.
 */
static void run_groups(ShTest *t, const uint32_t *code, size_t n,
                       const uint32_t *user)
{
    unsigned groups = (DISPATCH_BYTES / 16 + DISPATCH_GROUP - 1) /
                      DISPATCH_GROUP;

    for (size_t i = 0; i < n; i++) {
        aemu_test_put32(t->h->vram + ST_CODE + 4 * i, code[i]);
    }
    /* A new dispatch: a new decode cache (the code changed). */
    aemu_sh_decode_cache_free(t->ctx.decode_cache);
    t->ctx.decode_cache = aemu_sh_decode_cache_new();
    for (unsigned g = 0; g < groups; g++) {
        unsigned budget = ST_BUDGET;

        memset(t->w.sgpr, 0, sizeof(t->w.sgpr));
        memcpy(t->w.sgpr, user, 8 * sizeof(uint32_t));
        t->w.sgpr[8] = g;
        ST_SET_LANES(t, 0, l);
        t->w.exec = ST_ALL;
        t->w.pc = ST_CODE;
        t->w.state = AEMU_WAVE_READY;
        g_assert_cmpuint(aemu_wave_run(t->d, &t->w, &budget), ==,
                         AEMU_WAVE_ENDED);
    }
}

static void libdrm_memset(ShTest *t, const uint32_t *code, size_t n)
{
    uint32_t user[8] = {
        (uint32_t)ST_DATA, (uint32_t)(ST_DATA >> 32) | 0x100000,
        DISPATCH_BYTES / 16, WORD3_XYZW_UINT32x4,
        MEMSET_VALUE, MEMSET_VALUE, MEMSET_VALUE, MEMSET_VALUE,
    };

    memset(t->h->vram + ST_DATA, 0, DISPATCH_BYTES + 64);
    run_groups(t, code, n, user);
    for (unsigned i = 0; i < DISPATCH_BYTES; i += 4) {
        g_assert_cmphex(vram32(t, ST_DATA + i), ==, MEMSET_VALUE);
    }
    /* Nothing past the buffer. */
    g_assert_cmphex(vram32(t, ST_DATA + DISPATCH_BYTES), ==, 0);
}

static void libdrm_memcpy(ShTest *t, const uint32_t *code, size_t n)
{
    uint32_t user[8] = {
        (uint32_t)ST_DATA2, (uint32_t)(ST_DATA2 >> 32) | 0x100000,
        DISPATCH_BYTES / 16, WORD3_XYZW_UINT32x4,
        (uint32_t)ST_DATA, (uint32_t)(ST_DATA >> 32) | 0x100000,
        DISPATCH_BYTES / 16, WORD3_XYZW_UINT32x4,
    };

    memset(t->h->vram + ST_DATA2, MEMCPY_SRC_BYTE, DISPATCH_BYTES);
    memset(t->h->vram + ST_DATA, 0, DISPATCH_BYTES + 64);
    run_groups(t, code, n, user);
    g_assert_cmpint(memcmp(t->h->vram + ST_DATA, t->h->vram + ST_DATA2,
                           DISPATCH_BYTES), ==, 0);
    g_assert_cmphex(vram32(t, ST_DATA + DISPATCH_BYTES), ==, 0);
}

static void test_libdrm_gfx9(void)
{
    ShTest t;

    st_init(&t, AEMU_SH_GFX9);
    libdrm_memset(&t, clear_gfx9, G_N_ELEMENTS(clear_gfx9));
    libdrm_memcpy(&t, copy_gfx9, G_N_ELEMENTS(copy_gfx9));
    st_fini(&t);
}

static void test_libdrm_gfx7(void)
{
    ShTest t;

    st_init(&t, AEMU_SH_GFX7);
    libdrm_memset(&t, clear_gfx7, G_N_ELEMENTS(clear_gfx7));
    libdrm_memcpy(&t, copy_gfx7, G_N_ELEMENTS(copy_gfx7));
    st_fini(&t);
}

/* libdrm's "bad dispatch" shader starts with 0xffffffff: the wave halts. */
static void test_hang_shader(ShTest *t)
{
    st_emit(t, 0xffffffff);
    st_emit(t, 0xbefe0a7e);
    g_assert_cmpuint(st_run(t), ==, AEMU_WAVE_HALTED);
}
ST_BOTH(test_hang_shader)

/* ---- FLAT and GLOBAL ---- */

/*
 * v[1:2] = s[0:1] + 4 * lane; load; add 1; store back (the gfx7 form
 * assembled with llvm-mc -mcpu=hawaii; gfx9 through the encoder).
 */
static const uint32_t flat_inc_gfx7[] = {
    0x34020082,                 /* v_lshlrev_b32_e32 v1, 2, v0 */
    0x7e040201,                 /* v_mov_b32_e32 v2, s1 */
    0x4a020200,                 /* v_add_i32_e32 v1, vcc, s0, v1 */
    0xd2506a02, 0x01a90102,     /* v_addc_u32_e64 v2, vcc, v2, 0, vcc */
    0xdc300000, 0x03000001,     /* flat_load_dword v3, v[1:2] */
    0xbf8c0070,                 /* s_waitcnt vmcnt(0) lgkmcnt(0) */
    0x4a060681,                 /* v_add_i32_e32 v3, vcc, 1, v3 */
    0xdc700000, 0x00000301,     /* flat_store_dword v[1:2], v3 */
    0xbf810000,                 /* s_endpgm */
};

static void flat_inc_code(ShTest *t)
{
    if (t->gen == AEMU_SH_GFX7) {
        for (size_t i = 0; i < G_N_ELEMENTS(flat_inc_gfx7); i++) {
            st_emit(t, flat_inc_gfx7[i]);
        }
        return;
    }
    vop2(t, SH_OP_V_LSHLREV_B32, 1, INT(2), 0);
    vop1(t, SH_OP_V_MOV_B32, 2, S(1));
    vop2(t, SH_OP_V_ADD_CO_U32, 1, S(0), 1);
    vop3b(t, SH_OP_V_ADDC_CO_U32, 2, VCC, V(2), INT(0), VCC);
    flat(t, AEMU_SH_FMT_FLAT, SH_OP_FLAT_LOAD_DWORD, 3, 1, 0, 0, 0, false);
    sopp(t, SH_OP_S_WAITCNT, 0);
    vop2(t, SH_OP_V_ADD_CO_U32, 3, INT(1), 3);
    flat(t, AEMU_SH_FMT_FLAT, SH_OP_FLAT_STORE_DWORD, 0, 1, 3, 0, 0, false);
    endpgm(t);
}

static void test_flat_global(ShTest *t)
{
    fill32(t, ST_DATA, 64, 0x700);
    t->w.sgpr[0] = (uint32_t)ST_DATA;
    t->w.sgpr[1] = 0;
    t->ctx.shared_base = 0x2000;
    t->ctx.private_base = 0x2000;
    ST_SET_LANES(t, 0, l);
    flat_inc_code(t);
    g_assert_cmpuint(st_run(t), ==, AEMU_WAVE_ENDED);
    for (unsigned l = 0; l < AEMU_WAVE_LANES; l++) {
        g_assert_cmphex(vram32(t, ST_DATA + 4 * l), ==, 0x701 + l);
    }
}
ST_BOTH(test_flat_global)

/* The same code with s[0:1] in the shared aperture works on LDS. */
static void test_flat_lds(ShTest *t)
{
    const uint16_t shared = 0x2000;

    t->ctx.shared_base = shared;
    t->ctx.private_base = t->gen == AEMU_SH_GFX7 ? shared : 0x1000;
    t->w.sgpr[0] = 0x40;
    t->w.sgpr[1] = (uint32_t)shared << 16;
    t->w.lds_size = 0x40 + 4 * 60;              /* lanes 60.. out */
    for (unsigned l = 0; l < AEMU_WAVE_LANES; l++) {
        aemu_test_put32(t->lds + 0x40 + 4 * l, 0x900 + l);
    }
    ST_SET_LANES(t, 0, l);
    flat_inc_code(t);
    g_assert_cmpuint(st_run(t), ==, AEMU_WAVE_ENDED);
    for (unsigned l = 0; l < AEMU_WAVE_LANES; l++) {
        bool in = l < 60;

        /* out of range: read 0 (+1 = 1), write dropped */
        g_assert_cmphex(t->w.vgpr[3][l], ==, in ? 0x901 + l : 1);
        g_assert_cmphex(aemu_test_get32(t->lds + 0x40 + 4 * l), ==,
                        in ? 0x901 + l : 0x900 + l);
    }
}
ST_BOTH(test_flat_lds)

/*
 * FLAT to the private aperture: gfx9 reaches the wave's scratch slot at
 * FLAT_SCRATCH, dword-interleaved (lane l's private dword i at i * 256 +
 * l * 4); gfx7's offset flat scratch is not modelled: a halt.
 */
static void test_flat_scratch(ShTest *t)
{
    uint64_t base = (uint64_t)0x3000 << 48;

    t->ctx.shared_base = 0x1000;
    t->ctx.private_base = 0x3000;
    if (t->gen == AEMU_SH_GFX7) {
        base += 1ull << 32;     /* gfx7: the second 4 GiB */
    }
    t->w.sgpr[0] = (uint32_t)base;
    t->w.sgpr[1] = (uint32_t)(base >> 32);
    ST_SET_LANES(t, 0, l);
    flat_inc_code(t);
    if (t->gen == AEMU_SH_GFX7) {
        g_assert_cmpuint(st_run(t), ==, AEMU_WAVE_HALTED);
        g_assert_nonnull(strstr(t->w.halt_reason,
                                "unimplemented flat_load_dword to scratch"));
        return;
    }
    /* 256 bytes a lane; ACO's FLAT_SCRATCH_HI has ones in bits 63:48. */
    t->ctx.scratch_wave_bytes = 256 * AEMU_WAVE_LANES;
    t->w.flat_scratch = 0xffff000000000000ull | ST_DATA2;
    for (unsigned l = 0; l < AEMU_WAVE_LANES; l++) {
        aemu_test_put32(t->h->vram + ST_DATA2 + l * 256 + l * 4, 0x500 + l);
    }
    g_assert_cmpuint(st_run(t), ==, AEMU_WAVE_ENDED);
    for (unsigned l = 0; l < AEMU_WAVE_LANES; l++) {
        g_assert_cmphex(vram32(t, ST_DATA2 + l * 256 + l * 4), ==,
                        0x501 + l);
    }
}
ST_BOTH(test_flat_scratch)

/* ---- swizzled buffers and scratch ---- */

/* V# word 1's SWIZZLE_ENABLE, word 3's fields (SQ_BUF_RSRC_WORD1/3). */
#define W1_SWIZZLE              (1u << 31)
#define W3_ADD_TID              (1u << 23)
#define W3_INDEX_STRIDE(n)      ((uint32_t)(n) << 21)   /* 8 << n */
#define W3_ELEMENT_SIZE(n)      ((uint32_t)(n) << 19)   /* 2 << n, gfx7 */
/* ACO's gfx7 scratch word 3: 32-bit float format, 4-byte elements. */
#define W3_SCRATCH_GFX7         (W3_ADD_TID | W3_INDEX_STRIDE(3) | \
                                 W3_ELEMENT_SIZE(1) | 7u << 12 | 4u << 15)
#define W3_SCRATCH_GFX9         (W3_ADD_TID | W3_INDEX_STRIDE(3))

/* The ISA's swizzled buffer offset, written out independently. */
static uint64_t swz(uint32_t index, uint32_t off, uint32_t stride,
                    uint32_t esize, uint32_t istride)
{
    return ((uint64_t)(index / istride) * stride + off / esize * esize) *
           istride + (uint64_t)(index % istride) * esize + off % esize;
}

/*
 * The scratch V# as ACO and LLVM build it (swizzled, ADD_TID, 64 lanes,
 * 4-byte elements): each lane's private bytes interleave dword by dword,
 * SOFFSET (the wave offset) moves the whole slot; a dwordx2 splits into
 * two dwords 256 bytes apart.
 */
static void test_mubuf_scratch(ShTest *t)
{
    const uint32_t wave_off = 0x400, inst_off = 4;
    uint32_t w3 = t->gen == AEMU_SH_GFX7 ? W3_SCRATCH_GFX7 : W3_SCRATCH_GFX9;
    StBuf b = { .offset = inst_off, .offen = true, .soffset = S(8) };

    vsharp(t, 4, ST_DATA2, 0, UINT32_MAX, w3);
    t->w.sgpr[5] |= W1_SWIZZLE;
    t->w.sgpr[8] = wave_off;
    ST_SET_LANES(t, 1, 8 * l);                  /* private offsets */
    ST_SET_LANES(t, 2, 0x1000 + l);
    ST_SET_LANES(t, 3, 0x2000 + l);
    mubuf(t, SH_OP_BUFFER_STORE_DWORDX2, 2, 1, 4, b);
    b.offset = inst_off + 4;
    mubuf(t, SH_OP_BUFFER_LOAD_DWORD, 6, 1, 4, b);
    b.offset = inst_off;
    mubuf(t, SH_OP_BUFFER_LOAD_DWORDX2, 7, 1, 4, b);
    endpgm(t);
    g_assert_cmpuint(st_run(t), ==, AEMU_WAVE_ENDED);
    for (unsigned l = 0; l < AEMU_WAVE_LANES; l++) {
        uint32_t off = 8 * l + inst_off;
        uint64_t lo = ST_DATA2 + wave_off + swz(l, off, 0, 4, 64);
        uint64_t hi = ST_DATA2 + wave_off + swz(l, off + 4, 0, 4, 64);

        g_assert_cmphex(lo, ==, ST_DATA2 + wave_off + (off / 4) * 256 + 4 * l);
        g_assert_cmphex(vram32(t, lo), ==, 0x1000 + l);
        g_assert_cmphex(vram32(t, hi), ==, 0x2000 + l);
        g_assert_cmphex(t->w.vgpr[6][l], ==, 0x2000 + l);
        g_assert_cmphex(t->w.vgpr[7][l], ==, 0x1000 + l);
        g_assert_cmphex(t->w.vgpr[8][l], ==, 0x2000 + l);
    }
}
ST_BOTH(test_mubuf_scratch)

/*
 * A structured swizzled buffer: STRIDE 16, INDEX_STRIDE 16, elements of 8
 * bytes on gfx7 (4 on gfx9, which has no ELEMENT_SIZE), the index from a
 * VGPR: lanes at or past NUM_RECORDS (40) are out of range (stores
 * dropped, loads 0), as is an offset at or past STRIDE.
 */
static void test_mubuf_swizzle_structured(ShTest *t)
{
    const uint32_t stride = 16, records = 40, off = 4;
    uint32_t esize = t->gen == AEMU_SH_GFX7 ? 8 : 4;
    StBuf b = { .idxen = true, .offen = true, .soffset = INT(0) };

    fill32(t, ST_DATA2, 0x1000 / 4, CANARY);
    vsharp(t, 4, ST_DATA2, stride, records,
           W3_INDEX_STRIDE(1) | W3_ELEMENT_SIZE(2));
    t->w.sgpr[5] |= W1_SWIZZLE;
    ST_SET_LANES(t, 0, l);                      /* index */
    ST_SET_LANES(t, 1, off);                    /* offset */
    ST_SET_LANES(t, 2, 0x3000 + l);
    ST_SET_LANES(t, 5, stride);                 /* offset == STRIDE */
    mubuf(t, SH_OP_BUFFER_STORE_DWORD, 2, 0, 4, b);
    mubuf(t, SH_OP_BUFFER_LOAD_DWORD, 3, 0, 4, b);
    mubuf(t, SH_OP_BUFFER_STORE_DWORD, 2, 4, 4, b);  /* v[4:5]: idx, 16 */
    endpgm(t);
    ST_SET_LANES(t, 4, l);
    g_assert_cmpuint(st_run(t), ==, AEMU_WAVE_ENDED);
    for (unsigned l = 0; l < AEMU_WAVE_LANES; l++) {
        uint64_t a = ST_DATA2 + swz(l, off, stride, esize, 16);
        bool in = l < records;

        g_assert_cmphex(vram32(t, a), ==,
                        in ? 0x3000 + l
                           : CANARY + (uint32_t)(a - ST_DATA2) / 4);
        g_assert_cmphex(t->w.vgpr[3][l], ==, in ? 0x3000 + l : 0);
    }
    /* Nothing else was written: 40 stores, none at offset 16. */
    {
        unsigned written = 0;

        for (unsigned i = 0; i < 0x1000 / 4; i++) {
            written += vram32(t, ST_DATA2 + 4 * i) != CANARY + i;
        }
        g_assert_cmpuint(written, ==, records);
    }
}
ST_BOTH(test_mubuf_swizzle_structured)

/* A scratch V# of no size (NUM_RECORDS 0): loads read 0, stores drop. */
static void test_mubuf_scratch_empty(ShTest *t)
{
    uint32_t w3 = t->gen == AEMU_SH_GFX7 ? W3_SCRATCH_GFX7 : W3_SCRATCH_GFX9;
    StBuf b = { .offen = true, .soffset = INT(0) };

    fill32(t, ST_DATA2, 0x4000 / 4, CANARY);
    vsharp(t, 4, ST_DATA2, 0, 0, w3);
    t->w.sgpr[5] |= W1_SWIZZLE;
    ST_SET_LANES(t, 1, 4 * l);
    ST_SET_LANES(t, 2, 0x77);
    ST_SET_LANES(t, 3, 0x99);
    mubuf(t, SH_OP_BUFFER_STORE_DWORD, 2, 1, 4, b);
    mubuf(t, SH_OP_BUFFER_LOAD_DWORD, 3, 1, 4, b);
    endpgm(t);
    g_assert_cmpuint(st_run(t), ==, AEMU_WAVE_ENDED);
    for (unsigned l = 0; l < AEMU_WAVE_LANES; l++) {
        g_assert_cmphex(t->w.vgpr[3][l], ==, 0);
    }
    for (unsigned i = 0; i < 0x4000 / 4; i++) {
        g_assert_cmphex(vram32(t, ST_DATA2 + 4 * i), ==, CANARY + i);
    }
}
ST_BOTH(test_mubuf_scratch_empty)

/*
 * gfx9 SCRATCH_*: the private offset from a VGPR or an SGPR plus the
 * signed offset, dword-interleaved at FLAT_SCRATCH; a dwordx2 splits per
 * dword; accesses beyond the slot's bytes a lane, or with no scratch ring
 * at all, read 0 and write nothing, reported once.
 */
static void test_scratch_gfx9(void)
{
    const uint32_t lane_bytes = 64;
    uint32_t reported = 0;
    ShTest t;

    st_init(&t, AEMU_SH_GFX9);
    t.ctx.reported = &reported;
    t.ctx.scratch_wave_bytes = lane_bytes * AEMU_WAVE_LANES;
    t.w.flat_scratch = ST_DATA2;
    fill32(&t, ST_DATA2, 0x4000 / 4, CANARY);
    ST_SET_LANES(&t, 1, 8 * (l % 4) + 16);     /* private offsets */
    ST_SET_LANES(&t, 2, 0x100 + l);
    ST_SET_LANES(&t, 3, 0x200 + l);
    t.w.sgpr[4] = 40;
    /* scratch_store_dwordx2 v1, v[2:3], off offset:-8 */
    flat(&t, AEMU_SH_FMT_SCRATCH, SH_OP_SCRATCH_STORE_DWORDX2, 0, 1, 2,
         SH_SADDR_OFF_GFX9, -8, false);
    /* scratch_load_dword v5, off, s4 offset:4: dword 11 of every lane */
    flat(&t, AEMU_SH_FMT_SCRATCH, SH_OP_SCRATCH_STORE_DWORD, 0, 0, 2, 4, 4,
         false);
    flat(&t, AEMU_SH_FMT_SCRATCH, SH_OP_SCRATCH_LOAD_DWORD, 5, 0, 0, 4, 4,
         false);
    flat(&t, AEMU_SH_FMT_SCRATCH, SH_OP_SCRATCH_LOAD_DWORDX2, 6, 1, 0,
         SH_SADDR_OFF_GFX9, -8, false);
    /* Beyond the slot: offset 64 of a 64-byte lane. */
    flat(&t, AEMU_SH_FMT_SCRATCH, SH_OP_SCRATCH_STORE_DWORD, 0, 0, 2, 4, 24,
         false);
    flat(&t, AEMU_SH_FMT_SCRATCH, SH_OP_SCRATCH_LOAD_DWORD, 8, 0, 0, 4, 24,
         false);
    endpgm(&t);
    ST_SET_LANES(&t, 8, 0xdead);
    g_assert_cmpuint(st_run(&t), ==, AEMU_WAVE_ENDED);
    for (unsigned l = 0; l < AEMU_WAVE_LANES; l++) {
        uint32_t off = 8 * (l % 4) + 8;

        g_assert_cmphex(vram32(&t, ST_DATA2 + off / 4 * 256 + 4 * l), ==,
                        0x100 + l);
        g_assert_cmphex(t.w.vgpr[5][l], ==, 0x100 + l);
        g_assert_cmphex(vram32(&t, ST_DATA2 + 11 * 256 + 4 * l), ==,
                        0x100 + l);
        g_assert_cmphex(t.w.vgpr[8][l], ==, 0);
        if (off + 4 != 44) {
            g_assert_cmphex(t.w.vgpr[6][l], ==, 0x100 + l);
            g_assert_cmphex(t.w.vgpr[7][l], ==, 0x200 + l);
        }
    }
    /* Nothing past the slot (64 lanes * 64 bytes) was written. */
    for (unsigned i = lane_bytes * AEMU_WAVE_LANES / 4; i < 0x4000 / 4; i++) {
        g_assert_cmphex(vram32(&t, ST_DATA2 + 4 * i), ==, CANARY + i);
    }
    g_assert_cmphex(reported, ==, AEMU_SH_ONCE_SCRATCH_RANGE);
    g_assert_cmpuint(t.h->guest_errors->len, ==, 1);

    /* No scratch ring: the same code reads 0, writes nothing. */
    t.ctx.scratch_wave_bytes = 0;
    t.w.pc = ST_CODE;
    t.w.state = AEMU_WAVE_READY;
    fill32(&t, ST_DATA2, 0x4000 / 4, CANARY);
    g_assert_cmpuint(st_run(&t), ==, AEMU_WAVE_ENDED);
    for (unsigned l = 0; l < AEMU_WAVE_LANES; l++) {
        g_assert_cmphex(t.w.vgpr[5][l], ==, 0);
        g_assert_cmphex(t.w.vgpr[6][l], ==, 0);
    }
    for (unsigned i = 0; i < 0x4000 / 4; i++) {
        g_assert_cmphex(vram32(&t, ST_DATA2 + 4 * i), ==, CANARY + i);
    }
    g_assert_cmphex(reported, ==,
                    AEMU_SH_ONCE_SCRATCH_RANGE | AEMU_SH_ONCE_NO_SCRATCH);
    g_assert_cmpuint(t.h->guest_errors->len, ==, 2);
    st_fini(&t);
}

/* gfx9 GLOBAL: SGPR base + VGPR offset + signed offset, or a VGPR pair. */
static void test_global_gfx9(void)
{
    ShTest t;

    st_init(&t, AEMU_SH_GFX9);
    fill32(&t, ST_DATA, 64, 0x300);
    t.w.sgpr[4] = (uint32_t)ST_DATA + 8;
    t.w.sgpr[5] = 0;
    ST_SET_LANES(&t, 0, 4 * l);
    ST_SET_LANES(&t, 2, (uint32_t)ST_DATA2 + 8 * l);
    ST_SET_LANES(&t, 3, 0);
    flat(&t, AEMU_SH_FMT_GLOBAL, SH_OP_GLOBAL_LOAD_DWORD, 1, 0, 0, 4, -8,
         false);
    flat(&t, AEMU_SH_FMT_GLOBAL, SH_OP_GLOBAL_STORE_DWORD, 0, 2, 1,
         SH_SADDR_OFF_GFX9, 16, false);
    flat(&t, AEMU_SH_FMT_GLOBAL, SH_OP_GLOBAL_ATOMIC_ADD, 5, 2, 0,
         SH_SADDR_OFF_GFX9, 16, true);
    endpgm(&t);
    g_assert_cmpuint(st_run(&t), ==, AEMU_WAVE_ENDED);
    for (unsigned l = 0; l < AEMU_WAVE_LANES; l++) {
        g_assert_cmphex(t.w.vgpr[1][l], ==, 0x300 + l);
        /* the store, then v0 (4l) added by the atomic */
        g_assert_cmphex(vram32(&t, ST_DATA2 + 8 * l + 16), ==,
                        0x300 + l + 4 * l);
        g_assert_cmphex(t.w.vgpr[5][l], ==, 0x300 + l);
    }
    st_fini(&t);
}

/* ---- LDS ---- */

static void test_lds(ShTest *t)
{
    ST_SET_LANES(t, 0, 4 * l);
    ST_SET_LANES(t, 1, 0x40 + l);
    ST_SET_LANES(t, 2, 1);
    ST_SET_LANES(t, 3, 0x80 + l);
    ds(t, SH_OP_DS_WRITE_B32, 0, 0, 1, 0, 0, 0);
    ds(t, SH_OP_DS_READ_B32, 4, 0, 0, 0, 0, 0);
    /* every lane adds 1 at byte 1024; the old values come back */
    vop1(t, SH_OP_V_MOV_B32, 8, LIT);
    st_lit(t, 1024);
    ds(t, SH_OP_DS_ADD_RTN_U32, 5, 8, 2, 0, 0, 0);
    /* write2: at 2048 + 4l + 4 * 1 and + 4 * 64 * 2 (st64: x64) */
    ds(t, SH_OP_DS_WRITE2ST64_B32, 0, 0, 1, 3, 1, 2);
    ds(t, SH_OP_DS_READ2ST64_B32, 6, 0, 0, 0, 1, 2);
    /* a 16-bit offset on the one-address form: 0x1000 + 4l */
    ds(t, SH_OP_DS_WRITE_B32, 0, 0, 3, 0, 0x00, 0x10);
    endpgm(t);
    g_assert_cmpuint(st_run(t), ==, AEMU_WAVE_ENDED);
    for (unsigned l = 0; l < AEMU_WAVE_LANES; l++) {
        g_assert_cmphex(t->w.vgpr[4][l], ==, 0x40 + l);
        g_assert_cmphex(t->w.vgpr[5][l], ==, l);
        g_assert_cmphex(t->w.vgpr[6][l], ==, 0x40 + l);
        g_assert_cmphex(t->w.vgpr[7][l], ==, 0x80 + l);
        g_assert_cmphex(aemu_test_get32(t->lds + 0x1000 + 4 * l), ==,
                        0x80 + l);
    }
    g_assert_cmphex(aemu_test_get32(t->lds + 1024), ==, 64);
}
ST_BOTH(test_lds)

/*
 * ds_swizzle_b32 (the LDS untouched): a quad permute (1,0,3,2), a 32-lane
 * bit-mask swap of 16 (and 0x1f, xor 0x10), and a broadcast of each 8-lane
 * group's lane 0 (and 0x18); a lane whose source is off reads 0.
 */
#define SWZ_QUAD_1032       0x80b1u
#define SWZ_SWAP16          0x401fu
#define SWZ_BCAST8          0x0018u

static void test_lds_swizzle(ShTest *t)
{
    ST_SET_LANES(t, 0, 0x100 + l);
    ds(t, SH_OP_DS_SWIZZLE_B32, 1, 0, 0, 0, SWZ_QUAD_1032 & 0xff,
       SWZ_QUAD_1032 >> 8);
    ds(t, SH_OP_DS_SWIZZLE_B32, 2, 0, 0, 0, SWZ_SWAP16 & 0xff,
       SWZ_SWAP16 >> 8);
    ds(t, SH_OP_DS_SWIZZLE_B32, 3, 0, 0, 0, SWZ_BCAST8 & 0xff,
       SWZ_BCAST8 >> 8);
    /* lane 1 off: lane 0 of the quad permute then reads 0 */
    sop1(t, SH_OP_S_MOV_B32, 106, LIT);         /* vcc_lo */
    st_lit(t, ~2u);
    sop1(t, SH_OP_S_MOV_B64, 126, 106);         /* exec = vcc */
    ds(t, SH_OP_DS_SWIZZLE_B32, 4, 0, 0, 0, SWZ_QUAD_1032 & 0xff,
       SWZ_QUAD_1032 >> 8);
    endpgm(t);
    t->w.vcc = ~0ull;
    g_assert_cmpuint(st_run(t), ==, AEMU_WAVE_ENDED);
    for (unsigned l = 0; l < AEMU_WAVE_LANES; l++) {
        g_assert_cmphex(t->w.vgpr[1][l], ==, 0x100 + (l ^ 1));
        g_assert_cmphex(t->w.vgpr[2][l], ==, 0x100 + (l ^ 16));
        g_assert_cmphex(t->w.vgpr[3][l], ==, 0x100 + (l & ~7u));
        if (l == 1) {
            continue;
        }
        g_assert_cmphex(t->w.vgpr[4][l], ==, l == 0 ? 0 : 0x100 + (l ^ 1));
    }
    for (unsigned i = 0; i < 64; i++) {
        g_assert_cmphex(aemu_test_get32(t->lds + 4 * i), ==, 0);
    }
}
ST_BOTH(test_lds_swizzle)

/* Out of range: past the allocation; on gfx7 also at or past M0. */
static void test_lds_range(ShTest *t)
{
    bool gfx7 = t->gen == AEMU_SH_GFX7;

    t->w.m0 = 128;                              /* gfx7: 32 dwords */
    t->w.lds_size = 192;                        /* 48 dwords */
    for (unsigned i = 0; i < 64; i++) {
        aemu_test_put32(t->lds + 4 * i, 0x5000 + i);
    }
    ST_SET_LANES(t, 0, 4 * l);
    ST_SET_LANES(t, 1, 0x7000 + l);
    ds(t, SH_OP_DS_READ_B32, 2, 0, 0, 0, 0, 0);
    ds(t, SH_OP_DS_WRITE_B32, 0, 0, 1, 0, 0, 0);
    endpgm(t);
    g_assert_cmpuint(st_run(t), ==, AEMU_WAVE_ENDED);
    for (unsigned l = 0; l < AEMU_WAVE_LANES; l++) {
        bool in = l < (gfx7 ? 32u : 48u);

        g_assert_cmphex(t->w.vgpr[2][l], ==, in ? 0x5000 + l : 0);
        g_assert_cmphex(aemu_test_get32(t->lds + 4 * l), ==,
                        in ? 0x7000 + l : 0x5000 + l);
    }
}
ST_BOTH(test_lds_range)

/* 64-bit data: LDS b64 forms, buffer atomics on 64 bits. */
static void test_wide(ShTest *t)
{
    ST_SET_LANES(t, 0, 8 * l);
    ST_SET_LANES(t, 1, 0x10000000u + l);
    ST_SET_LANES(t, 2, 0x20000000u + l);
    ds(t, SH_OP_DS_WRITE_B64, 0, 0, 1, 0, 0, 0);
    ds(t, SH_OP_DS_READ_B64, 4, 0, 0, 0, 0, 0);
    /* read2_b64 of elements 0 and 1 from 8 * lane: this lane, next lane */
    ds(t, SH_OP_DS_READ2_B64, 6, 0, 0, 0, 0, 1);
    /* 64-bit atomic add of (1 << 32) + 1 at ST_DATA, lanes in order */
    vop1(t, SH_OP_V_MOV_B32, 10, INT(1));
    vop1(t, SH_OP_V_MOV_B32, 11, INT(1));
    mubuf(t, SH_OP_BUFFER_ATOMIC_ADD_X2, 10, 0, 12,
          (StBuf) { .glc = true, .soffset = INT(0) });
    endpgm(t);
    vsharp(t, 12, ST_DATA, 0, 8, 0);
    aemu_test_put64(t->h->vram + ST_DATA, 0xffffffffull);
    g_assert_cmpuint(st_run(t), ==, AEMU_WAVE_ENDED);
    for (unsigned l = 0; l < AEMU_WAVE_LANES; l++) {
        uint64_t old = 0xffffffffull + l * 0x100000001ull;

        g_assert_cmphex(t->w.vgpr[4][l], ==, 0x10000000u + l);
        g_assert_cmphex(t->w.vgpr[5][l], ==, 0x20000000u + l);
        g_assert_cmphex(t->w.vgpr[6][l], ==, 0x10000000u + l);
        if (l < 63) {
            g_assert_cmphex(t->w.vgpr[8][l], ==, 0x10000000u + l + 1);
            g_assert_cmphex(t->w.vgpr[9][l], ==, 0x20000000u + l + 1);
        }
        g_assert_cmphex(t->w.vgpr[10][l], ==, (uint32_t)old);
        g_assert_cmphex(t->w.vgpr[11][l], ==, (uint32_t)(old >> 32));
    }
    g_assert_cmphex(aemu_test_get64(t->h->vram + ST_DATA), ==,
                    0xffffffffull + 64 * 0x100000001ull);
}
ST_BOTH(test_wide)

/*
 * The LDS float atomics (both chips: min/max/cmpst; gfx9 also add):
 * -0 below +0, a NaN operand gives the other one,
 * cmpst compares as floats (+0 == -0).
 */
static void test_lds_float(ShTest *t)
{
    bool gfx9 = t->gen == AEMU_SH_GFX9;

    ST_SET_LANES(t, 0, 0);                              /* address */
    ST_SET_LANES(t, 1, fbits((float)l - 10.0f));        /* data */
    ST_SET_LANES(t, 2, fbits(-0.0f));                   /* cmpst compare */
    ST_SET_LANES(t, 3, fbits(5.5f));                    /* cmpst new */
    aemu_test_put32(t->lds + 0, fbits(0.0f));
    aemu_test_put32(t->lds + 8, fbits(NAN));
    aemu_test_put32(t->lds + 12, fbits(0.0f));
    aemu_test_put32(t->lds + 16, fbits(1.0f));
    ds(t, SH_OP_DS_MIN_RTN_F32, 4, 0, 1, 0, 0, 0);      /* at 0 */
    ds(t, SH_OP_DS_MAX_F32, 0, 0, 1, 0, 4, 0);          /* at 4 */
    ds(t, SH_OP_DS_MAX_RTN_F32, 5, 0, 1, 0, 8, 0);      /* at 8: NaN */
    /* cmpst at 12: +0 equals the compare value -0 for lane 0 only */
    ds(t, SH_OP_DS_CMPST_RTN_F32, 6, 0, 2, 3, 12, 0);
    if (gfx9) {
        ds(t, SH_OP_DS_ADD_RTN_F32, 7, 0, 1, 0, 16, 0);
    }
    endpgm(t);
    g_assert_cmpuint(st_run(t), ==, AEMU_WAVE_ENDED);
    g_assert_cmphex(aemu_test_get32(t->lds + 0), ==, fbits(-10.0f));
    g_assert_cmphex(t->w.vgpr[4][0], ==, fbits(0.0f));
    g_assert_cmphex(t->w.vgpr[4][1], ==, fbits(-10.0f));
    /* max from 0 (memory zeroed) over -10..53 */
    g_assert_cmphex(aemu_test_get32(t->lds + 4), ==, fbits(53.0f));
    /* the NaN in memory gives way to lane 0's -10 */
    g_assert_cmphex(t->w.vgpr[5][1], ==, fbits(-10.0f));
    g_assert_cmphex(aemu_test_get32(t->lds + 8), ==, fbits(53.0f));
    g_assert_cmphex(t->w.vgpr[6][0], ==, fbits(0.0f));
    g_assert_cmphex(t->w.vgpr[6][1], ==, fbits(5.5f));
    g_assert_cmphex(aemu_test_get32(t->lds + 12), ==, fbits(5.5f));
    if (gfx9) {
        /* 1 + sum(l - 10 for l < 64) = 1 + 2016 - 640 */
        g_assert_cmphex(aemu_test_get32(t->lds + 16), ==, fbits(1377.0f));
        g_assert_cmphex(t->w.vgpr[7][1], ==, fbits(-9.0f));
    }
}
ST_BOTH(test_lds_float)

/* ds_wrxchg2_rtn_b32: two exchanges, the old values back in order. */
static void test_lds_xchg2(ShTest *t)
{
    ST_SET_LANES(t, 0, 8 * l);
    ST_SET_LANES(t, 1, 0x100 + l);
    ST_SET_LANES(t, 2, 0x200 + l);
    for (unsigned i = 0; i < 2 * AEMU_WAVE_LANES; i++) {
        aemu_test_put32(t->lds + 4 * i, 0x900 + i);
    }
    /* offsets 0 and 1 (in dwords): each lane's two dwords */
    ds(t, SH_OP_DS_WRXCHG2_RTN_B32, 4, 0, 1, 2, 0, 1);
    endpgm(t);
    g_assert_cmpuint(st_run(t), ==, AEMU_WAVE_ENDED);
    for (unsigned l = 0; l < AEMU_WAVE_LANES; l++) {
        g_assert_cmphex(t->w.vgpr[4][l], ==, 0x900 + 2 * l);
        g_assert_cmphex(t->w.vgpr[5][l], ==, 0x901 + 2 * l);
        g_assert_cmphex(aemu_test_get32(t->lds + 8 * l), ==, 0x100 + l);
        g_assert_cmphex(aemu_test_get32(t->lds + 8 * l + 4), ==, 0x200 + l);
    }
}
ST_BOTH(test_lds_xchg2)

/*
 * gfx9's lane exchanges, counters and d16 forms: ds_bpermute pulls lane
 * 63 - l (a disabled source reads 0), ds_permute pushes to lane l ^ 1,
 * ds_append counts the enabled lanes at M0, ds_read_u16_d16_hi and
 * ds_write_b16_d16_hi move the high halves, ds_read_addtid_b32 reads
 * M0 + 4l.
 */
static void test_lds_lanes_gfx9(void)
{
    ShTest tt, *t = &tt;

    st_init(t, AEMU_SH_GFX9);
    ST_SET_LANES(t, 0, 4 * (63 - l));
    ST_SET_LANES(t, 1, 0x1000 + l);
    ST_SET_LANES(t, 2, 4 * (l ^ 1));
    ST_SET_LANES(t, 3, 0xabcd0000u + l);
    ST_SET_LANES(t, 6, 0x11112222u);
    ST_SET_LANES(t, 8, 0x2000 + 2 * l);
    for (unsigned l = 0; l < AEMU_WAVE_LANES; l++) {
        aemu_test_put32(t->lds + 0x3000 + 4 * l, 0x7000 + l);
    }
    aemu_test_put32(t->lds + 0x100, 10);
    t->w.exec = ~1ull;                  /* lane 0 off */
    ds(t, SH_OP_DS_BPERMUTE_B32, 4, 0, 1, 0, 0, 0);
    ds(t, SH_OP_DS_PERMUTE_B32, 5, 2, 1, 0, 0, 0);
    sop1(t, SH_OP_S_MOV_B32, M0, LIT);
    st_lit(t, 0x100);
    ds(t, SH_OP_DS_APPEND, 7, 0, 0, 0, 0, 0);
    /* the high half of v3 written as a short at 0x2000 + 2l, read back */
    ds(t, SH_OP_DS_WRITE_B16_D16_HI, 0, 8, 3, 0, 0, 0);
    ds(t, SH_OP_DS_READ_U16_D16_HI, 6, 8, 0, 0, 0, 0);
    sop1(t, SH_OP_S_MOV_B32, M0, LIT);
    st_lit(t, 0x3000);
    ds(t, SH_OP_DS_READ_ADDTID_B32, 9, 0, 0, 0, 0, 0);
    endpgm(t);
    g_assert_cmpuint(st_run(t), ==, AEMU_WAVE_ENDED);
    for (unsigned l = 1; l < AEMU_WAVE_LANES; l++) {
        g_assert_cmphex(t->w.vgpr[4][l], ==, l == 63 ? 0 : 0x1000 + 63 - l);
        /* lane 1 would get lane 0's value, which is off: 0 */
        g_assert_cmphex(t->w.vgpr[5][l], ==, l == 1 ? 0 : 0x1000 + (l ^ 1));
        g_assert_cmphex(t->w.vgpr[7][l], ==, 10);
        g_assert_cmphex(t->w.vgpr[6][l], ==, 0xabcd2222u);
        g_assert_cmphex(t->w.vgpr[9][l], ==, 0x7000 + l);
    }
    g_assert_cmphex(aemu_test_get32(t->lds + 0x100), ==, 10 + 63);
    st_fini(t);
}

/*
 * gfx7's float atomics on buffers and FLAT: fmin/fmax (a NaN in memory
 * gives way), fcmpswap (+0 == -0) and the _x2 (f64) forms.
 */
static void test_float_atomics_gfx7(void)
{
    ShTest tt, *t = &tt;
    double d = -2.5;
    uint64_t db;

    memcpy(&db, &d, sizeof(db));
    st_init(t, AEMU_SH_GFX7);
    vsharp(t, 0, ST_DATA, 0, 64, 0);
    aemu_test_put32(t->h->vram + ST_DATA, fbits(NAN));
    aemu_test_put32(t->h->vram + ST_DATA + 4, fbits(0.0f));
    aemu_test_put32(t->h->vram + ST_DATA + 8, fbits(3.0f));
    aemu_test_put32(t->h->vram + ST_DATA + 16, 0);
    aemu_test_put32(t->h->vram + ST_DATA + 20, 0);
    ST_SET_LANES(t, 1, fbits((float)l));
    ST_SET_LANES(t, 2, fbits(7.0f));             /* fcmpswap: new */
    ST_SET_LANES(t, 3, fbits(-0.0f));            /* fcmpswap: compare */
    ST_SET_LANES(t, 4, (uint32_t)db);
    ST_SET_LANES(t, 5, (uint32_t)(db >> 32));
    ST_SET_LANES(t, 6, (uint32_t)(ST_DATA + 8));
    ST_SET_LANES(t, 7, 0);
    t->w.exec = 0xf;
    mubuf(t, SH_OP_BUFFER_ATOMIC_FMAX, 1, 0, 0,
          (StBuf) { .glc = true, .soffset = INT(0) });
    mubuf(t, SH_OP_BUFFER_ATOMIC_FCMPSWAP, 2, 0, 0,
          (StBuf) { .offset = 4, .glc = true, .soffset = INT(0) });
    mubuf(t, SH_OP_BUFFER_ATOMIC_FMIN_X2, 4, 0, 0,
          (StBuf) { .offset = 16, .soffset = INT(0) });
    /* v1 now holds fmax's returns: lane 0's NaN leaves memory alone */
    flat(t, AEMU_SH_FMT_FLAT, SH_OP_FLAT_ATOMIC_FMIN, 8, 6, 1, 0, 0, true);
    endpgm(t);
    g_assert_cmpuint(st_run(t), ==, AEMU_WAVE_ENDED);
    g_assert_cmphex(vram32(t, ST_DATA), ==, fbits(3.0f));
    g_assert_cmphex(t->w.vgpr[1][1], ==, fbits(0.0f));
    g_assert_cmphex(vram32(t, ST_DATA + 4), ==, fbits(7.0f));
    g_assert_cmphex(t->w.vgpr[2][0], ==, fbits(0.0f));
    g_assert_cmphex(t->w.vgpr[2][1], ==, fbits(7.0f));
    g_assert_cmphex(vram32(t, ST_DATA + 16), ==, (uint32_t)db);
    g_assert_cmphex(vram32(t, ST_DATA + 20), ==, (uint32_t)(db >> 32));
    g_assert_cmphex(vram32(t, ST_DATA + 8), ==, fbits(0.0f));
    g_assert_cmphex(t->w.vgpr[8][0], ==, fbits(3.0f));
    g_assert_cmphex(t->w.vgpr[8][1], ==, fbits(3.0f));
    g_assert_cmphex(t->w.vgpr[8][2], ==, fbits(0.0f));
    st_fini(t);
}

int main(int argc, char **argv)
{
    g_test_init(&argc, &argv, NULL);
    ST_ADD_BOTH("/shader-mem/smem", test_smem);
    ST_ADD_BOTH("/shader-mem/buffer/raw", test_buffer_raw);
    ST_ADD_BOTH("/shader-mem/buffer/structured", test_buffer_structured);
    ST_ADD_BOTH("/shader-mem/buffer/dst-sel", test_buffer_dst_sel);
    ST_ADD_BOTH("/shader-mem/buffer/atomics", test_buffer_atomics);
    g_test_add_func("/shader-mem/buffer/addr64/gfx7", test_buffer_addr64_gfx7);
    ST_ADD_BOTH("/shader-mem/buffer/fault", test_buffer_fault);
    g_test_add_func("/shader-mem/libdrm/gfx9", test_libdrm_gfx9);
    g_test_add_func("/shader-mem/libdrm/gfx7", test_libdrm_gfx7);
    ST_ADD_BOTH("/shader-mem/libdrm/hang", test_hang_shader);
    ST_ADD_BOTH("/shader-mem/flat/global", test_flat_global);
    ST_ADD_BOTH("/shader-mem/flat/lds", test_flat_lds);
    ST_ADD_BOTH("/shader-mem/flat/scratch", test_flat_scratch);
    ST_ADD_BOTH("/shader-mem/buffer/scratch", test_mubuf_scratch);
    ST_ADD_BOTH("/shader-mem/buffer/swizzle-structured",
                test_mubuf_swizzle_structured);
    ST_ADD_BOTH("/shader-mem/buffer/scratch-empty", test_mubuf_scratch_empty);
    g_test_add_func("/shader-mem/scratch/gfx9", test_scratch_gfx9);
    g_test_add_func("/shader-mem/global/gfx9", test_global_gfx9);
    ST_ADD_BOTH("/shader-mem/lds", test_lds);
    ST_ADD_BOTH("/shader-mem/lds/range", test_lds_range);
    ST_ADD_BOTH("/shader-mem/lds/float", test_lds_float);
    ST_ADD_BOTH("/shader-mem/lds/xchg2", test_lds_xchg2);
    g_test_add_func("/shader-mem/lds/lanes-gfx9", test_lds_lanes_gfx9);
    g_test_add_func("/shader-mem/float-atomics/gfx7",
                    test_float_atomics_gfx7);
    ST_ADD_BOTH("/shader-mem/lds/swizzle", test_lds_swizzle);
    ST_ADD_BOTH("/shader-mem/wide", test_wide);
    return g_test_run();
}
