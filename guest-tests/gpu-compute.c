/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The kernels of the guest programs that dispatch compute work, for gfx7
 * (Hawaii) and gfx9 (Vega10), and the packets that run them: see
 * gpu-compute.h.
 */
#include <errno.h>
#include <string.h>

#include "gpu-compute.h"

/*
 * Each kernel exists for gfx7 and for gfx9, the same instructions in each
 * generation's encoding. The comments are the assembly; the dwords are what
 *   llvm-mc -arch=amdgcn -mcpu=hawaii -show-encoding   (gfx7)
 *   llvm-mc -arch=amdgcn -mcpu=gfx900 -show-encoding   (gfx9)
 * makes of them (LLVM 14; the encoding's bytes are little-endian dwords). To
 * change a kernel, assemble its comments that way and paste the dwords
 * back. `aemu-gpu-dispatch --print-kernels gfx9 | llvm-mc --disassemble
 * -arch=amdgcn -mcpu=gfx900` disassembles the gfx9 arrays; LLVM cannot
 * disassemble gfx7, so check those by assembling the comments again.
 *
 * On entry (shader-execution.md 4.4): s0.. hold COMPUTE_USER_DATA_0..
 * (RSRC2.USER_SGPR of them), the next SGPR the group id (RSRC2.TGID_X_EN),
 * v0 the thread id in the group. Names that differ between generations:
 * gfx7 v_add_i32 / v_addc_u32 are gfx9 v_add_co_u32 / v_addc_co_u32 (both
 * write the carry to VCC); SMRD offsets count dwords (gfx7), SMEM offsets
 * bytes (gfx9); on gfx7 LDS addresses are checked against M0, so kernels
 * that use LDS set it to -1 first (AMDGPUUsage: "GFX6-GFX8: The M0
 * register must be initialized"); gfx9 does not use M0 for LDS.
 */

/*
 * fill: dst[id] = pattern ^ id, id = group id * threads per group + thread.
 * s[0:3] V# of dst, s4 pattern, s5 threads per group, s6 group id.
 */
static const uint32_t fill_gfx7[] = {
    0x7e020205,             /* v_mov_b32_e32 v1, s5 */
    0xd2860001, 0x04020206, /* v_mad_u32_u24 v1, s6, v1, v0 */
    0x3a040204,             /* v_xor_b32_e32 v2, s4, v1 */
    0x34020282,             /* v_lshlrev_b32_e32 v1, 2, v1 */
    0xe0701000, 0x80000201, /* buffer_store_dword v2, v1, s[0:3], 0 offen */
    0xbf8c0000,             /* s_waitcnt vmcnt(0) expcnt(0) lgkmcnt(0) */
    0xbf810000,             /* s_endpgm */
};
static const uint32_t fill_gfx9[] = {
    0x7e020205,             /* v_mov_b32_e32 v1, s5 */
    0xd1c30001, 0x04020206, /* v_mad_u32_u24 v1, s6, v1, v0 */
    0x2a040204,             /* v_xor_b32_e32 v2, s4, v1 */
    0x24020282,             /* v_lshlrev_b32_e32 v1, 2, v1 */
    0xe0701000, 0x80000201, /* buffer_store_dword v2, v1, s[0:3], 0 offen */
    0xbf8c0000,             /* s_waitcnt vmcnt(0) expcnt(0) lgkmcnt(0) */
    0xbf810000,             /* s_endpgm */
};

/*
 * copy: dst[id] = src[id], id = group id * 64 + thread.
 * s[0:1] address of a table of two V#s (source, destination), s2 group id.
 */
static const uint32_t copy_gfx7[] = {
    0xc0820100,             /* s_load_dwordx4 s[4:7], s[0:1], 0x0 */
    0xc0840104,             /* s_load_dwordx4 s[8:11], s[0:1], 0x4 */
    0xd2860001, 0x04018002, /* v_mad_u32_u24 v1, s2, 64, v0 */
    0x34020282,             /* v_lshlrev_b32_e32 v1, 2, v1 */
    0xbf8c007f,             /* s_waitcnt lgkmcnt(0) */
    0xe0301000, 0x80010201, /* buffer_load_dword v2, v1, s[4:7], 0 offen */
    0xbf8c0f70,             /* s_waitcnt vmcnt(0) */
    0xe0701000, 0x80020201, /* buffer_store_dword v2, v1, s[8:11], 0 offen */
    0xbf8c0000,             /* s_waitcnt vmcnt(0) expcnt(0) lgkmcnt(0) */
    0xbf810000,             /* s_endpgm */
};
static const uint32_t copy_gfx9[] = {
    0xc00a0100, 0x00000000, /* s_load_dwordx4 s[4:7], s[0:1], 0x0 */
    0xc00a0200, 0x00000010, /* s_load_dwordx4 s[8:11], s[0:1], 0x10 */
    0xd1c30001, 0x04018002, /* v_mad_u32_u24 v1, s2, 64, v0 */
    0x24020282,             /* v_lshlrev_b32_e32 v1, 2, v1 */
    0xbf8cc07f,             /* s_waitcnt lgkmcnt(0) */
    0xe0501000, 0x80010201, /* buffer_load_dword v2, v1, s[4:7], 0 offen */
    0xbf8c0f70,             /* s_waitcnt vmcnt(0) */
    0xe0701000, 0x80020201, /* buffer_store_dword v2, v1, s[8:11], 0 offen */
    0xbf8c0000,             /* s_waitcnt vmcnt(0) expcnt(0) lgkmcnt(0) */
    0xbf810000,             /* s_endpgm */
};

/*
 * lds-tree: a group of 256 threads sums its 256 input dwords in LDS.
 * s[0:3] V# of in, s[4:7] V# of views, s[8:11] V# of sums, s12 group id.
 * LDS holds two arrays of 512 dwords, A at byte 0 and B at byte 2048; their
 * upper halves are zeroed so that every read sees defined data. Step s (128,
 * 64, ... 1) reads one array and writes the other, X'[tid] = X[tid] +
 * X[tid + s], then waits for its LDS writes and meets the group at
 * s_barrier; after eight steps A[0] holds the sum. Every thread reads A[0]
 * and stores it to views[id]; thread 0 (EXEC narrowed by
 * s_and_saveexec_b64) stores it to sums[group id].
 */
static const uint32_t lds_tree_gfx7[] = {
    0xbefc03c1,             /* s_mov_b32 m0, -1 */
    0x7e02020c,             /* v_mov_b32_e32 v1, s12 */
    0x34020288,             /* v_lshlrev_b32_e32 v1, 8, v1 */
    0x4a020101,             /* v_add_i32_e32 v1, vcc, v1, v0 */
    0x34020282,             /* v_lshlrev_b32_e32 v1, 2, v1 */
    0x34040082,             /* v_lshlrev_b32_e32 v2, 2, v0 */
    0xe0301000, 0x80000301, /* buffer_load_dword v3, v1, s[0:3], 0 offen */
    0x7e080280,             /* v_mov_b32_e32 v4, 0 */
    0xd8340400, 0x00000402, /* ds_write_b32 v2, v4 offset:1024 */
    0xd8340c00, 0x00000402, /* ds_write_b32 v2, v4 offset:3072 */
    0xbf8c0f70,             /* s_waitcnt vmcnt(0) */
    0xd8340000, 0x00000302, /* ds_write_b32 v2, v3 */
    0xbf8c007f,             /* s_waitcnt lgkmcnt(0) */
    0xbf8a0000,             /* s_barrier */
    0xd8d80000, 0x03000002, /* ds_read_b32 v3, v2 */
    0xd8d80200, 0x04000002, /* ds_read_b32 v4, v2 offset:512 */
    0xbf8c007f,             /* s_waitcnt lgkmcnt(0) */
    0x4a060903,             /* v_add_i32_e32 v3, vcc, v3, v4 */
    0xd8340800, 0x00000302, /* ds_write_b32 v2, v3 offset:2048 */
    0xbf8c007f,             /* s_waitcnt lgkmcnt(0) */
    0xbf8a0000,             /* s_barrier */
    0xd8d80800, 0x03000002, /* ds_read_b32 v3, v2 offset:2048 */
    0xd8d80900, 0x04000002, /* ds_read_b32 v4, v2 offset:2304 */
    0xbf8c007f,             /* s_waitcnt lgkmcnt(0) */
    0x4a060903,             /* v_add_i32_e32 v3, vcc, v3, v4 */
    0xd8340000, 0x00000302, /* ds_write_b32 v2, v3 */
    0xbf8c007f,             /* s_waitcnt lgkmcnt(0) */
    0xbf8a0000,             /* s_barrier */
    0xd8d80000, 0x03000002, /* ds_read_b32 v3, v2 */
    0xd8d80080, 0x04000002, /* ds_read_b32 v4, v2 offset:128 */
    0xbf8c007f,             /* s_waitcnt lgkmcnt(0) */
    0x4a060903,             /* v_add_i32_e32 v3, vcc, v3, v4 */
    0xd8340800, 0x00000302, /* ds_write_b32 v2, v3 offset:2048 */
    0xbf8c007f,             /* s_waitcnt lgkmcnt(0) */
    0xbf8a0000,             /* s_barrier */
    0xd8d80800, 0x03000002, /* ds_read_b32 v3, v2 offset:2048 */
    0xd8d80840, 0x04000002, /* ds_read_b32 v4, v2 offset:2112 */
    0xbf8c007f,             /* s_waitcnt lgkmcnt(0) */
    0x4a060903,             /* v_add_i32_e32 v3, vcc, v3, v4 */
    0xd8340000, 0x00000302, /* ds_write_b32 v2, v3 */
    0xbf8c007f,             /* s_waitcnt lgkmcnt(0) */
    0xbf8a0000,             /* s_barrier */
    0xd8d80000, 0x03000002, /* ds_read_b32 v3, v2 */
    0xd8d80020, 0x04000002, /* ds_read_b32 v4, v2 offset:32 */
    0xbf8c007f,             /* s_waitcnt lgkmcnt(0) */
    0x4a060903,             /* v_add_i32_e32 v3, vcc, v3, v4 */
    0xd8340800, 0x00000302, /* ds_write_b32 v2, v3 offset:2048 */
    0xbf8c007f,             /* s_waitcnt lgkmcnt(0) */
    0xbf8a0000,             /* s_barrier */
    0xd8d80800, 0x03000002, /* ds_read_b32 v3, v2 offset:2048 */
    0xd8d80810, 0x04000002, /* ds_read_b32 v4, v2 offset:2064 */
    0xbf8c007f,             /* s_waitcnt lgkmcnt(0) */
    0x4a060903,             /* v_add_i32_e32 v3, vcc, v3, v4 */
    0xd8340000, 0x00000302, /* ds_write_b32 v2, v3 */
    0xbf8c007f,             /* s_waitcnt lgkmcnt(0) */
    0xbf8a0000,             /* s_barrier */
    0xd8d80000, 0x03000002, /* ds_read_b32 v3, v2 */
    0xd8d80008, 0x04000002, /* ds_read_b32 v4, v2 offset:8 */
    0xbf8c007f,             /* s_waitcnt lgkmcnt(0) */
    0x4a060903,             /* v_add_i32_e32 v3, vcc, v3, v4 */
    0xd8340800, 0x00000302, /* ds_write_b32 v2, v3 offset:2048 */
    0xbf8c007f,             /* s_waitcnt lgkmcnt(0) */
    0xbf8a0000,             /* s_barrier */
    0xd8d80800, 0x03000002, /* ds_read_b32 v3, v2 offset:2048 */
    0xd8d80804, 0x04000002, /* ds_read_b32 v4, v2 offset:2052 */
    0xbf8c007f,             /* s_waitcnt lgkmcnt(0) */
    0x4a060903,             /* v_add_i32_e32 v3, vcc, v3, v4 */
    0xd8340000, 0x00000302, /* ds_write_b32 v2, v3 */
    0xbf8c007f,             /* s_waitcnt lgkmcnt(0) */
    0xbf8a0000,             /* s_barrier */
    0x7e080280,             /* v_mov_b32_e32 v4, 0 */
    0xd8d80000, 0x03000004, /* ds_read_b32 v3, v4 */
    0xbf8c007f,             /* s_waitcnt lgkmcnt(0) */
    0xe0701000, 0x80010301, /* buffer_store_dword v3, v1, s[4:7], 0 offen */
    0x7d840080,             /* v_cmp_eq_u32_e32 vcc, 0, v0 */
    0xbe8e246a,             /* s_and_saveexec_b64 s[14:15], vcc */
    0x7e0a020c,             /* v_mov_b32_e32 v5, s12 */
    0x340a0a82,             /* v_lshlrev_b32_e32 v5, 2, v5 */
    0xe0701000, 0x80020305, /* buffer_store_dword v3, v5, s[8:11], 0 offen */
    0xbf8c0000,             /* s_waitcnt vmcnt(0) expcnt(0) lgkmcnt(0) */
    0xbf810000,             /* s_endpgm */
};
static const uint32_t lds_tree_gfx9[] = {
    0x7e02020c,             /* v_mov_b32_e32 v1, s12 */
    0x24020288,             /* v_lshlrev_b32_e32 v1, 8, v1 */
    0x32020101,             /* v_add_co_u32_e32 v1, vcc, v1, v0 */
    0x24020282,             /* v_lshlrev_b32_e32 v1, 2, v1 */
    0x24040082,             /* v_lshlrev_b32_e32 v2, 2, v0 */
    0xe0501000, 0x80000301, /* buffer_load_dword v3, v1, s[0:3], 0 offen */
    0x7e080280,             /* v_mov_b32_e32 v4, 0 */
    0xd81a0400, 0x00000402, /* ds_write_b32 v2, v4 offset:1024 */
    0xd81a0c00, 0x00000402, /* ds_write_b32 v2, v4 offset:3072 */
    0xbf8c0f70,             /* s_waitcnt vmcnt(0) */
    0xd81a0000, 0x00000302, /* ds_write_b32 v2, v3 */
    0xbf8cc07f,             /* s_waitcnt lgkmcnt(0) */
    0xbf8a0000,             /* s_barrier */
    0xd86c0000, 0x03000002, /* ds_read_b32 v3, v2 */
    0xd86c0200, 0x04000002, /* ds_read_b32 v4, v2 offset:512 */
    0xbf8cc07f,             /* s_waitcnt lgkmcnt(0) */
    0x32060903,             /* v_add_co_u32_e32 v3, vcc, v3, v4 */
    0xd81a0800, 0x00000302, /* ds_write_b32 v2, v3 offset:2048 */
    0xbf8cc07f,             /* s_waitcnt lgkmcnt(0) */
    0xbf8a0000,             /* s_barrier */
    0xd86c0800, 0x03000002, /* ds_read_b32 v3, v2 offset:2048 */
    0xd86c0900, 0x04000002, /* ds_read_b32 v4, v2 offset:2304 */
    0xbf8cc07f,             /* s_waitcnt lgkmcnt(0) */
    0x32060903,             /* v_add_co_u32_e32 v3, vcc, v3, v4 */
    0xd81a0000, 0x00000302, /* ds_write_b32 v2, v3 */
    0xbf8cc07f,             /* s_waitcnt lgkmcnt(0) */
    0xbf8a0000,             /* s_barrier */
    0xd86c0000, 0x03000002, /* ds_read_b32 v3, v2 */
    0xd86c0080, 0x04000002, /* ds_read_b32 v4, v2 offset:128 */
    0xbf8cc07f,             /* s_waitcnt lgkmcnt(0) */
    0x32060903,             /* v_add_co_u32_e32 v3, vcc, v3, v4 */
    0xd81a0800, 0x00000302, /* ds_write_b32 v2, v3 offset:2048 */
    0xbf8cc07f,             /* s_waitcnt lgkmcnt(0) */
    0xbf8a0000,             /* s_barrier */
    0xd86c0800, 0x03000002, /* ds_read_b32 v3, v2 offset:2048 */
    0xd86c0840, 0x04000002, /* ds_read_b32 v4, v2 offset:2112 */
    0xbf8cc07f,             /* s_waitcnt lgkmcnt(0) */
    0x32060903,             /* v_add_co_u32_e32 v3, vcc, v3, v4 */
    0xd81a0000, 0x00000302, /* ds_write_b32 v2, v3 */
    0xbf8cc07f,             /* s_waitcnt lgkmcnt(0) */
    0xbf8a0000,             /* s_barrier */
    0xd86c0000, 0x03000002, /* ds_read_b32 v3, v2 */
    0xd86c0020, 0x04000002, /* ds_read_b32 v4, v2 offset:32 */
    0xbf8cc07f,             /* s_waitcnt lgkmcnt(0) */
    0x32060903,             /* v_add_co_u32_e32 v3, vcc, v3, v4 */
    0xd81a0800, 0x00000302, /* ds_write_b32 v2, v3 offset:2048 */
    0xbf8cc07f,             /* s_waitcnt lgkmcnt(0) */
    0xbf8a0000,             /* s_barrier */
    0xd86c0800, 0x03000002, /* ds_read_b32 v3, v2 offset:2048 */
    0xd86c0810, 0x04000002, /* ds_read_b32 v4, v2 offset:2064 */
    0xbf8cc07f,             /* s_waitcnt lgkmcnt(0) */
    0x32060903,             /* v_add_co_u32_e32 v3, vcc, v3, v4 */
    0xd81a0000, 0x00000302, /* ds_write_b32 v2, v3 */
    0xbf8cc07f,             /* s_waitcnt lgkmcnt(0) */
    0xbf8a0000,             /* s_barrier */
    0xd86c0000, 0x03000002, /* ds_read_b32 v3, v2 */
    0xd86c0008, 0x04000002, /* ds_read_b32 v4, v2 offset:8 */
    0xbf8cc07f,             /* s_waitcnt lgkmcnt(0) */
    0x32060903,             /* v_add_co_u32_e32 v3, vcc, v3, v4 */
    0xd81a0800, 0x00000302, /* ds_write_b32 v2, v3 offset:2048 */
    0xbf8cc07f,             /* s_waitcnt lgkmcnt(0) */
    0xbf8a0000,             /* s_barrier */
    0xd86c0800, 0x03000002, /* ds_read_b32 v3, v2 offset:2048 */
    0xd86c0804, 0x04000002, /* ds_read_b32 v4, v2 offset:2052 */
    0xbf8cc07f,             /* s_waitcnt lgkmcnt(0) */
    0x32060903,             /* v_add_co_u32_e32 v3, vcc, v3, v4 */
    0xd81a0000, 0x00000302, /* ds_write_b32 v2, v3 */
    0xbf8cc07f,             /* s_waitcnt lgkmcnt(0) */
    0xbf8a0000,             /* s_barrier */
    0x7e080280,             /* v_mov_b32_e32 v4, 0 */
    0xd86c0000, 0x03000004, /* ds_read_b32 v3, v4 */
    0xbf8cc07f,             /* s_waitcnt lgkmcnt(0) */
    0xe0701000, 0x80010301, /* buffer_store_dword v3, v1, s[4:7], 0 offen */
    0x7d940080,             /* v_cmp_eq_u32_e32 vcc, 0, v0 */
    0xbe8e206a,             /* s_and_saveexec_b64 s[14:15], vcc */
    0x7e0a020c,             /* v_mov_b32_e32 v5, s12 */
    0x240a0a82,             /* v_lshlrev_b32_e32 v5, 2, v5 */
    0xe0701000, 0x80020305, /* buffer_store_dword v3, v5, s[8:11], 0 offen */
    0xbf8c0000,             /* s_waitcnt vmcnt(0) expcnt(0) lgkmcnt(0) */
    0xbf810000,             /* s_endpgm */
};

/*
 * lds-atomic: the same sum with ds_add_u32 on one LDS dword L.
 * s[0:3] V# of in, s[4:7] V# of views, s8 group id. Every thread writes
 * L = 0, barrier, adds its input, barrier, reads L and stores it to
 * views[id].
 */
static const uint32_t lds_atomic_gfx7[] = {
    0xbefc03c1,             /* s_mov_b32 m0, -1 */
    0x7e020208,             /* v_mov_b32_e32 v1, s8 */
    0x34020288,             /* v_lshlrev_b32_e32 v1, 8, v1 */
    0x4a020101,             /* v_add_i32_e32 v1, vcc, v1, v0 */
    0x34020282,             /* v_lshlrev_b32_e32 v1, 2, v1 */
    0xe0301000, 0x80000301, /* buffer_load_dword v3, v1, s[0:3], 0 offen */
    0x7e040280,             /* v_mov_b32_e32 v2, 0 */
    0xd8340000, 0x00000202, /* ds_write_b32 v2, v2 */
    0xbf8c0070,             /* s_waitcnt vmcnt(0) lgkmcnt(0) */
    0xbf8a0000,             /* s_barrier */
    0xd8000000, 0x00000302, /* ds_add_u32 v2, v3 */
    0xbf8c007f,             /* s_waitcnt lgkmcnt(0) */
    0xbf8a0000,             /* s_barrier */
    0xd8d80000, 0x03000002, /* ds_read_b32 v3, v2 */
    0xbf8c007f,             /* s_waitcnt lgkmcnt(0) */
    0xe0701000, 0x80010301, /* buffer_store_dword v3, v1, s[4:7], 0 offen */
    0xbf8c0000,             /* s_waitcnt vmcnt(0) expcnt(0) lgkmcnt(0) */
    0xbf810000,             /* s_endpgm */
};
static const uint32_t lds_atomic_gfx9[] = {
    0x7e020208,             /* v_mov_b32_e32 v1, s8 */
    0x24020288,             /* v_lshlrev_b32_e32 v1, 8, v1 */
    0x32020101,             /* v_add_co_u32_e32 v1, vcc, v1, v0 */
    0x24020282,             /* v_lshlrev_b32_e32 v1, 2, v1 */
    0xe0501000, 0x80000301, /* buffer_load_dword v3, v1, s[0:3], 0 offen */
    0x7e040280,             /* v_mov_b32_e32 v2, 0 */
    0xd81a0000, 0x00000202, /* ds_write_b32 v2, v2 */
    0xbf8c0070,             /* s_waitcnt vmcnt(0) lgkmcnt(0) */
    0xbf8a0000,             /* s_barrier */
    0xd8000000, 0x00000302, /* ds_add_u32 v2, v3 */
    0xbf8cc07f,             /* s_waitcnt lgkmcnt(0) */
    0xbf8a0000,             /* s_barrier */
    0xd86c0000, 0x03000002, /* ds_read_b32 v3, v2 */
    0xbf8cc07f,             /* s_waitcnt lgkmcnt(0) */
    0xe0701000, 0x80010301, /* buffer_store_dword v3, v1, s[4:7], 0 offen */
    0xbf8c0000,             /* s_waitcnt vmcnt(0) expcnt(0) lgkmcnt(0) */
    0xbf810000,             /* s_endpgm */
};

/*
 * flat: dst[id] = src[id] ^ id through FLAT (global) addresses, id = group
 * id * 64 + thread. s[0:1] dst address, s[2:3] address of a parameter block
 * whose first two dwords are the source address, s4 group id. The 64-bit
 * addresses are added in VGPR pairs with the carry through VCC.
 */
static const uint32_t flat_gfx7[] = {
    0xc0430300,             /* s_load_dwordx2 s[6:7], s[2:3], 0x0 */
    0xd2860001, 0x04018004, /* v_mad_u32_u24 v1, s4, 64, v0 */
    0x34040282,             /* v_lshlrev_b32_e32 v2, 2, v1 */
    0xbf8c007f,             /* s_waitcnt lgkmcnt(0) */
    0x4a060406,             /* v_add_i32_e32 v3, vcc, s6, v2 */
    0x7e080207,             /* v_mov_b32_e32 v4, s7 */
    0x50080880,             /* v_addc_u32_e32 v4, vcc, 0, v4, vcc */
    0xdc300000, 0x05000003, /* flat_load_dword v5, v[3:4] */
    0x4a0c0400,             /* v_add_i32_e32 v6, vcc, s0, v2 */
    0x7e0e0201,             /* v_mov_b32_e32 v7, s1 */
    0x500e0e80,             /* v_addc_u32_e32 v7, vcc, 0, v7, vcc */
    0xbf8c0070,             /* s_waitcnt vmcnt(0) lgkmcnt(0) */
    0x3a0a0305,             /* v_xor_b32_e32 v5, v5, v1 */
    0xdc700000, 0x00000506, /* flat_store_dword v[6:7], v5 */
    0xbf8c0000,             /* s_waitcnt vmcnt(0) expcnt(0) lgkmcnt(0) */
    0xbf810000,             /* s_endpgm */
};
static const uint32_t flat_gfx9[] = {
    0xc0060181, 0x00000000, /* s_load_dwordx2 s[6:7], s[2:3], 0x0 */
    0xd1c30001, 0x04018004, /* v_mad_u32_u24 v1, s4, 64, v0 */
    0x24040282,             /* v_lshlrev_b32_e32 v2, 2, v1 */
    0xbf8cc07f,             /* s_waitcnt lgkmcnt(0) */
    0x32060406,             /* v_add_co_u32_e32 v3, vcc, s6, v2 */
    0x7e080207,             /* v_mov_b32_e32 v4, s7 */
    0x38080880,             /* v_addc_co_u32_e32 v4, vcc, 0, v4, vcc */
    0xdc500000, 0x05000003, /* flat_load_dword v5, v[3:4] */
    0x320c0400,             /* v_add_co_u32_e32 v6, vcc, s0, v2 */
    0x7e0e0201,             /* v_mov_b32_e32 v7, s1 */
    0x380e0e80,             /* v_addc_co_u32_e32 v7, vcc, 0, v7, vcc */
    0xbf8c0070,             /* s_waitcnt vmcnt(0) lgkmcnt(0) */
    0x2a0a0305,             /* v_xor_b32_e32 v5, v5, v1 */
    0xdc700000, 0x00000506, /* flat_store_dword v[6:7], v5 */
    0xbf8c0000,             /* s_waitcnt vmcnt(0) expcnt(0) lgkmcnt(0) */
    0xbf810000,             /* s_endpgm */
};

/*
 * copy-x4: the coalesced copy, 16 bytes a lane (1 KiB a wave): dst[id] =
 * src[id] in dwordx4 elements, id = group id * 64 + thread.
 * s[0:3] V# of src, s[4:7] V# of dst, s8 group id.
 */
static const uint32_t copy_x4_gfx7[] = {
    0xd2860001, 0x04018008, /* v_mad_u32_u24 v1, s8, 64, v0 */
    0x34020284,             /* v_lshlrev_b32_e32 v1, 4, v1 */
    0xe0381000, 0x80000201, /* buffer_load_dwordx4 v[2:5], v1, s[0:3], 0 offen */
    0xbf8c0f70,             /* s_waitcnt vmcnt(0) */
    0xe0781000, 0x80010201, /* buffer_store_dwordx4 v[2:5], v1, s[4:7], 0 offen */
    0xbf8c0000,             /* s_waitcnt vmcnt(0) expcnt(0) lgkmcnt(0) */
    0xbf810000,             /* s_endpgm */
};
static const uint32_t copy_x4_gfx9[] = {
    0xd1c30001, 0x04018008, /* v_mad_u32_u24 v1, s8, 64, v0 */
    0x24020284,             /* v_lshlrev_b32_e32 v1, 4, v1 */
    0xe05c1000, 0x80000201, /* buffer_load_dwordx4 v[2:5], v1, s[0:3], 0 offen */
    0xbf8c0f70,             /* s_waitcnt vmcnt(0) */
    0xe07c1000, 0x80010201, /* buffer_store_dwordx4 v[2:5], v1, s[4:7], 0 offen */
    0xbf8c0000,             /* s_waitcnt vmcnt(0) expcnt(0) lgkmcnt(0) */
    0xbf810000,             /* s_endpgm */
};

/*
 * fill-x4: dst[id] = pattern in every dword, 16 bytes a lane.
 * s[0:3] V# of dst, s4 pattern, s5 group id.
 */
static const uint32_t fill_x4_gfx7[] = {
    0xd2860001, 0x04018005, /* v_mad_u32_u24 v1, s5, 64, v0 */
    0x34020284,             /* v_lshlrev_b32_e32 v1, 4, v1 */
    0x7e040204,             /* v_mov_b32_e32 v2, s4 */
    0x7e060204,             /* v_mov_b32_e32 v3, s4 */
    0x7e080204,             /* v_mov_b32_e32 v4, s4 */
    0x7e0a0204,             /* v_mov_b32_e32 v5, s4 */
    0xe0781000, 0x80000201, /* buffer_store_dwordx4 v[2:5], v1, s[0:3], 0 offen */
    0xbf8c0000,             /* s_waitcnt vmcnt(0) expcnt(0) lgkmcnt(0) */
    0xbf810000,             /* s_endpgm */
};
static const uint32_t fill_x4_gfx9[] = {
    0xd1c30001, 0x04018005, /* v_mad_u32_u24 v1, s5, 64, v0 */
    0x24020284,             /* v_lshlrev_b32_e32 v1, 4, v1 */
    0x7e040204,             /* v_mov_b32_e32 v2, s4 */
    0x7e060204,             /* v_mov_b32_e32 v3, s4 */
    0x7e080204,             /* v_mov_b32_e32 v4, s4 */
    0x7e0a0204,             /* v_mov_b32_e32 v5, s4 */
    0xe07c1000, 0x80000201, /* buffer_store_dwordx4 v[2:5], v1, s[0:3], 0 offen */
    0xbf8c0000,             /* s_waitcnt vmcnt(0) expcnt(0) lgkmcnt(0) */
    0xbf810000,             /* s_endpgm */
};

const char *const gen_name[GEN_COUNT] = { "gfx7", "gfx9" };

#define KCODE(n) { n##_gfx7, n##_gfx9 }, \
    { N_ELEMENTS(n##_gfx7), N_ELEMENTS(n##_gfx9) }

const kernel_t kernels[K_COUNT] = {
    [K_FILL] = { "fill", KCODE(fill), 3, 7, 6, 0 },
    [K_COPY] = { "copy", KCODE(copy), 3, 12, 2, 0 },
    [K_LDS_TREE] = { "lds-tree", KCODE(lds_tree), 6, 16, 12, 4096 },
    [K_LDS_ATOMIC] = { "lds-atomic", KCODE(lds_atomic), 4, 9, 8, 4 },
    [K_FLAT] = { "flat", KCODE(flat), 8, 8, 4, 0 },
    [K_COPY_X4] = { "copy-x4", KCODE(copy_x4), 6, 9, 8, 0 },
    [K_FILL_X4] = { "fill-x4", KCODE(fill_x4), 6, 6, 5, 0 },
};

/*
 * COMPUTE_PGM_RSRC1 (AMDGPUUsage, compute_pgm_rsrc1): VGPRs in granules of
 * 4, field = granules - 1; SGPRs counted with the ones the hardware adds
 * (VCC and FLAT_SCRATCH; on gfx9 also XNACK_MASK), field = granules of 8 - 1
 * on gfx7, 2 * (granules of 16 - 1) on gfx9.
 */
uint32_t kernel_rsrc1(const kernel_t *k, enum gen gen)
{
    unsigned vgpr_field = (k->vgprs + 3) / 4 - 1;
    unsigned sgprs = k->sgprs + (gen == GFX7 ? 4 : 6);
    unsigned sgpr_field = gen == GFX7 ? (sgprs + 7) / 8 - 1
                                      : 2 * ((sgprs + 15) / 16 - 1);

    return RSRC1_VGPRS(vgpr_field) | RSRC1_SGPRS(sgpr_field) |
           RSRC1_FLOAT_MODE(FLOAT_MODE_DEFAULT);
}

/* COMPUTE_PGM_RSRC2: user SGPRs, the group id, thread id X only, LDS. */
uint32_t kernel_rsrc2(const kernel_t *k)
{
    return RSRC2_USER_SGPR(k->user_sgprs) | RSRC2_TGID_X_EN |
           RSRC2_TIDIG_COMP_CNT(0) |
           RSRC2_LDS_SIZE((k->lds_bytes + LDS_GRANULE - 1) / LDS_GRANULE);
}

int gpu_gen_of(const gpu_t *g, enum gen *gen)
{
    switch (g->info.family_id) {
    case AMDGPU_FAMILY_CI:
    case AMDGPU_FAMILY_KV:
        *gen = GFX7;
        return 0;
    case AMDGPU_FAMILY_AI:
    case AMDGPU_FAMILY_RV:
        *gen = GFX9;
        return 0;
    default:
        return -ENODEV;
    }
}

int gpu_code_load(gpu_t *g, enum gen gen, gpu_code_t *c)
{
    uint64_t off = 0;
    int ret;

    c->gen = gen;
    for (int k = 0; k < K_COUNT; k++) {
        off += (4ull * kernels[k].ndw[gen] + 255) & ~255ull;
    }
    /* Room after the last kernel for the instruction prefetch. */
    ret = gpu_buf_alloc(g, DOM_VRAM, off + 256, &c->buf);
    if (ret) {
        return ret;
    }
    memset(c->buf.cpu, 0, c->buf.size);
    off = 0;
    for (int k = 0; k < K_COUNT; k++) {
        const kernel_t *kd = &kernels[k];

        /* COMPUTE_PGM_LO takes the address in units of 256 bytes. */
        c->kva[k] = c->buf.va + off;
        memcpy(c->buf.cpu + off, kd->code[gen], 4ull * kd->ndw[gen]);
        off += (4ull * kd->ndw[gen] + 255) & ~255ull;
    }
    return 0;
}

/*
 * BASE_ADDRESS (word 0, word 1 bits 15:0), STRIDE 0 (word 1 bits 29:16),
 * NUM_RECORDS (word 2) in bytes since STRIDE is 0.
 */
void gpu_vsharp(uint64_t va, uint64_t bytes, uint32_t v[4])
{
    v[0] = (uint32_t)va;
    v[1] = (uint32_t)(va >> 32) & 0xFFFF;
    v[2] = (uint32_t)bytes;
    v[3] = VSHARP_WORD3;
}

/* SET_SH_REG of n consecutive registers from reg (an SH window offset). */
static bool emit_sh(gpu_ib_t *ib, uint32_t reg, const uint32_t *v, unsigned n)
{
    uint32_t *p = gpu_ib_reserve(ib, 2 + n);

    if (!p) {
        return false;
    }
    p[0] = ib->eng == ENG_COMPUTE ? PACKET3_COMPUTE(PACKET3_SET_SH_REG, n)
                                  : PACKET3(PACKET3_SET_SH_REG, n);
    p[1] = reg;
    memcpy(p + 2, v, 4ull * n);
    return true;
}

/*
 * What amdgpu's emit_mem_sync does only for IBs flagged
 * AMDGPU_IB_FLAG_EMIT_MEM_SYNC: make the caches drop what they hold, so
 * that the kernels see the code, descriptors and data the CPU has just
 * written (gfx_v7_0_emit_mem_sync: SURFACE_SYNC on the gfx ring;
 * gfx_v7_0_emit_mem_sync_compute: ACQUIRE_MEM; gfx_v9_0_emit_mem_sync:
 * ACQUIRE_MEM on both). After the dispatches, amdgpu's fence (EVENT_WRITE_EOP
 * or RELEASE_MEM with the TC actions) waits for them and writes L2 back.
 */
bool emit_invalidate(gpu_ib_t *ib, enum gen gen)
{
    bool compute = ib->eng == ENG_COMPUTE;
    uint32_t *p;

    if (gen == GFX7 && !compute) {
        p = gpu_ib_reserve(ib, 5);
        if (!p) {
            return false;
        }
        p[0] = PACKET3(PACKET3_SURFACE_SYNC, 3);
        p[1] = COHER_INVALIDATE;        /* CP_COHER_CNTL */
        p[2] = 0xFFFFFFFFu;             /* CP_COHER_SIZE: everything */
        p[3] = 0;                       /* CP_COHER_BASE */
        p[4] = 0xA;                     /* poll interval */
        return true;
    }
    p = gpu_ib_reserve(ib, 7);
    if (!p) {
        return false;
    }
    p[0] = compute ? PACKET3_COMPUTE(PACKET3_ACQUIRE_MEM, 5)
                   : PACKET3(PACKET3_ACQUIRE_MEM, 5);
    p[1] = COHER_INVALIDATE | (gen == GFX9 ? COHER_TC_WB_ACTION_ENA : 0);
    p[2] = 0xFFFFFFFFu;                         /* CP_COHER_SIZE */
    p[3] = gen == GFX9 ? 0xFFFFFFu : 0xFFu;  /* CP_COHER_SIZE_HI */
    p[4] = 0;                                   /* CP_COHER_BASE */
    p[5] = 0;                                   /* CP_COHER_BASE_HI */
    p[6] = 0xA;                                 /* poll interval */
    return true;
}

/* The whole compute state, then DISPATCH_DIRECT. */
bool emit_dispatch(gpu_ib_t *ib, const gpu_code_t *c, const dispatch_t *d)
{
    const kernel_t *k = &kernels[d->k];
    uint64_t va = c->kva[d->k];
    const uint32_t start[3] = { 0, 0, 0 };
    /* NUM_THREAD_FULL in 15:0; NUM_THREAD_PARTIAL (31:16) unused. */
    const uint32_t num_thread[3] = { d->threads, 1, 1 };
    const uint32_t pgm[2] = { (uint32_t)(va >> 8),
                              (uint32_t)(va >> 40) & 0xFF };
    const uint32_t rsrc[2] = { kernel_rsrc1(k, c->gen), kernel_rsrc2(k) };
    /* Placement hints: no limits, every CU of every SE (as Mesa). */
    const uint32_t zero = 0, cu_mask[2] = { 0xFFFFFFFFu, 0xFFFFFFFFu };
    uint32_t *p;

    if (!emit_sh(ib, SH_COMPUTE_START_X, start, 3) ||
        !emit_sh(ib, SH_COMPUTE_NUM_THREAD_X, num_thread, 3) ||
        !emit_sh(ib, SH_COMPUTE_PGM_LO, pgm, 2) ||
        !emit_sh(ib, SH_COMPUTE_PGM_RSRC1, rsrc, 2) ||
        !emit_sh(ib, SH_COMPUTE_RESOURCE_LIMITS, &zero, 1) ||
        !emit_sh(ib, SH_COMPUTE_STATIC_THREAD_MGMT_SE0, cu_mask, 2) ||
        !emit_sh(ib, SH_COMPUTE_STATIC_THREAD_MGMT_SE2, cu_mask, 2) ||
        /* No scratch: WAVES = WAVESIZE = 0. */
        !emit_sh(ib, SH_COMPUTE_TMPRING_SIZE, &zero, 1) ||
        !emit_sh(ib, SH_COMPUTE_USER_DATA_0, d->user, k->user_sgprs)) {
        return false;
    }
    p = gpu_ib_reserve(ib, 5);
    if (!p) {
        return false;
    }
    p[0] = PACKET3_COMPUTE(PACKET3_DISPATCH_DIRECT, 3);
    p[1] = d->groups;       /* DIM_X */
    p[2] = 1;               /* DIM_Y */
    p[3] = 1;               /* DIM_Z */
    p[4] = INITIATOR_COMPUTE_SHADER_EN | INITIATOR_FORCE_START_AT_000;
    return true;
}
