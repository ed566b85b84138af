/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Compute dispatch on the gfx7 gfx ring (Hawaii): the tests of
 * shader-dispatch-tests.h with this generation's ring start and kernels.
 * The kernels were assembled with llvm-mc -arch=amdgcn -mcpu=hawaii
 * -show-encoding (fill, initial state, counted loop, endless loop, s_trap,
 * s_sendmsg, the wave offset SGPR, a scratch spill and reload),
 * branch offsets resolved by hand; the assembly is next to each dword.
 */
#include "pm4_cik.h"
#include "amdgpu-emu/regs/cik_regs.h"
#include "amdgpu-emu/regs/cik_fields.h"
#include "shader-dispatch-tests.h"

static const uint32_t k_fill[] = {
    0x8f038602u,                 /* s_lshl_b32 s3, s2, 6 */
    0x4a020003u,                 /* v_add_i32_e32 v1, vcc, s3, v0 */
    0x34040282u,                 /* v_lshlrev_b32_e32 v2, 2, v1 */
    0x7e060201u,                 /* v_mov_b32_e32 v3, s1 */
    0x4a040400u,                 /* v_add_i32_e32 v2, vcc, s0, v2 */
    0xd2506a03u, 0x01a90103u,    /* v_addc_u32_e64 v3, vcc, v3, 0, vcc */
    0x3a0802ffu, 0xa5a50000u,    /* v_xor_b32_e32 v4, 0xa5a50000, v1 */
    0xdc700000u, 0x00000402u,    /* flat_store_dword v[2:3], v4 */
    0xbf8c0070u,                 /* s_waitcnt vmcnt(0) lgkmcnt(0) */
    0xbf810000u,                 /* s_endpgm */
};

/*
 * fresh: OUT[id] = v5 ^ id, then v5 = -1: a wave that starts on the VGPR
 * file an earlier wave left must still find v5 (in its allocation) zero.
 */
static const uint32_t k_fresh[] = {
    0x8f038602u,                 /* s_lshl_b32 s3, s2, 6 */
    0x4a020003u,                 /* v_add_i32_e32 v1, vcc, s3, v0 */
    0x34040282u,                 /* v_lshlrev_b32_e32 v2, 2, v1 */
    0x7e060201u,                 /* v_mov_b32_e32 v3, s1 */
    0x4a040400u,                 /* v_add_i32_e32 v2, vcc, s0, v2 */
    0xd2506a03u, 0x01a90103u,    /* v_addc_u32_e64 v3, vcc, v3, 0, vcc */
    0x3a080305u,                 /* v_xor_b32_e32 v4, v5, v1 */
    0x7e0a02c1u,                 /* v_mov_b32_e32 v5, -1 */
    0xdc700000u, 0x00000402u,    /* flat_store_dword v[2:3], v4 */
    0xbf8c0070u,                 /* s_waitcnt vmcnt(0) lgkmcnt(0) */
    0xbf810000u,                 /* s_endpgm */
};

static const uint32_t k_state[] = {
    0x7e140200u,                 /* v_mov_b32_e32 v10, s0 */
    0x7e160201u,                 /* v_mov_b32_e32 v11, s1 */
    0x7e180202u,                 /* v_mov_b32_e32 v12, s2 */
    0xdc700000u, 0x00000c0au,    /* flat_store_dword v[10:11], v12 */
    0x4a141484u,                 /* v_add_i32_e32 v10, vcc, 4, v10 */
    0x7e180203u,                 /* v_mov_b32_e32 v12, s3 */
    0xdc700000u, 0x00000c0au,    /* flat_store_dword v[10:11], v12 */
    0x4a141484u,                 /* v_add_i32_e32 v10, vcc, 4, v10 */
    0x7e180204u,                 /* v_mov_b32_e32 v12, s4 */
    0xdc700000u, 0x00000c0au,    /* flat_store_dword v[10:11], v12 */
    0x4a141484u,                 /* v_add_i32_e32 v10, vcc, 4, v10 */
    0x7e180205u,                 /* v_mov_b32_e32 v12, s5 */
    0xdc700000u, 0x00000c0au,    /* flat_store_dword v[10:11], v12 */
    0x4a141484u,                 /* v_add_i32_e32 v10, vcc, 4, v10 */
    0x7e180206u,                 /* v_mov_b32_e32 v12, s6 */
    0xdc700000u, 0x00000c0au,    /* flat_store_dword v[10:11], v12 */
    0x4a141484u,                 /* v_add_i32_e32 v10, vcc, 4, v10 */
    0x7e180207u,                 /* v_mov_b32_e32 v12, s7 */
    0xdc700000u, 0x00000c0au,    /* flat_store_dword v[10:11], v12 */
    0xbf810000u,                 /* s_endpgm */
};

static const uint32_t k_loop[] = {
    0x80828102u,                 /* s_sub_u32 s2, s2, 1 */
    0xbf078002u,                 /* s_cmp_lg_u32 s2, 0 */
    0xbf85fffdu,                 /* s_cbranch_scc1 -3: to s_sub_u32 */
    0xbf810000u,                 /* s_endpgm */
};

static const uint32_t k_forever[] = {
    0xbf82ffffu,                 /* s_branch -1: to itself */
};

static const uint32_t k_msg[] = {
    0xbefc03ffu, 0x00abcdefu,    /* s_mov_b32 m0, 0xabcdef */
    0xbf900001u,                 /* s_sendmsg sendmsg(MSG_INTERRUPT) */
    0xbf810000u,                 /* s_endpgm */
};

static const uint32_t k_trap[] = {
    0xbf920002u,                 /* s_trap 2 */
    0xbf810000u,                 /* s_endpgm */
};

static const uint32_t k_wave_offset[] = {
    0x9384ff02u, 0x00060006u,    /* s_bfe_u32 s4, s2, 0x60006 */
    0x8f048204u,                 /* s_lshl_b32 s4, s4, 2 */
    0x80000400u,                 /* s_add_u32 s0, s0, s4 */
    0x82018001u,                 /* s_addc_u32 s1, s1, 0 */
    0x7e000200u,                 /* v_mov_b32_e32 v0, s0 */
    0x7e020201u,                 /* v_mov_b32_e32 v1, s1 */
    0x7e040203u,                 /* v_mov_b32_e32 v2, s3 */
    0xdc700000u, 0x00000200u,    /* flat_store_dword v[0:1], v2 */
    0xbf8c0070u,                 /* s_waitcnt vmcnt(0) lgkmcnt(0) */
    0xbf810000u,                 /* s_endpgm */
};

static const uint32_t k_scratch[] = {
    0xbe880302u,                 /* s_mov_b32 s8, s2 */
    0xbe890303u,                 /* s_mov_b32 s9, s3 */
    0xbe8a03c1u,                 /* s_mov_b32 s10, -1 */
    0xbe8b03ffu, 0x00ea7000u,    /* s_mov_b32 s11, 0xea7000 */
    0x36020083u,                 /* v_and_b32_e32 v1, 3, v0 */
    0x34020282u,                 /* v_lshlrev_b32_e32 v1, 2, v1 */
    0x4a0400ffu, 0x00001000u,    /* v_add_i32_e32 v2, vcc, 0x1000, v0 */
    0xe0701010u, 0x04020201u,    /* buffer_store_dword v2, v1, s[8:11], s4 offen offset:16 */
    0xbf8c0f70u,                 /* s_waitcnt vmcnt(0) */
    0xe0301010u, 0x04020301u,    /* buffer_load_dword v3, v1, s[8:11], s4 offen offset:16 */
    0xbf8c0f70u,                 /* s_waitcnt vmcnt(0) */
    0x340c0082u,                 /* v_lshlrev_b32_e32 v6, 2, v0 */
    0x4a080c00u,                 /* v_add_i32_e32 v4, vcc, s0, v6 */
    0x7e0a0201u,                 /* v_mov_b32_e32 v5, s1 */
    0xd2506a05u, 0x01a90105u,    /* v_addc_u32_e64 v5, vcc, v5, 0, vcc */
    0xdc700000u, 0x00000304u,    /* flat_store_dword v[4:5], v3 */
    0xbf8c0070u,                 /* s_waitcnt vmcnt(0) lgkmcnt(0) */
    0xbf810000u,                 /* s_endpgm */
};

static const DispatchChip gfx7 = {
    .asic = &aemu_asic_hawaii,
#define K(n) .n = k_##n, .n##_dw = G_N_ELEMENTS(k_##n)
    K(fill), K(state), K(loop), K(forever), K(trap), K(fresh), K(msg),
    K(wave_offset), K(scratch),
#undef K
    .sq_int_data = { 0x040000efu, 0 },
};

int main(int argc, char **argv)
{
    g_test_init(&argc, &argv, NULL);
    chip = &gfx7;
    add_tests("gfx7");
    return g_test_run();
}
