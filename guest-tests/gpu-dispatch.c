/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * aemu-gpu-dispatch: compute shaders dispatched from userspace through
 * libdrm_amdgpu, on the gfx ring and on a compute ring, with every byte of
 * their results checked on the CPU.
 *
 * Each test writes its buffers (VRAM and GTT, mapped into the process's
 * own GPU VM), puts the compute state into an IB with SET_SH_REG
 * (COMPUTE_PGM_LO/HI, RSRC1/2, NUM_THREAD_X/Y/Z, START_X/Y/Z,
 * TMPRING_SIZE, RESOURCE_LIMITS, the CU masks and USER_DATA), dispatches
 * with DISPATCH_DIRECT, waits for the IB's fence and compares every byte of
 * every buffer it gave the GPU with what it expects: the results, the
 * canary bytes around them, and the inputs, which must not change. The
 * kernels are hand-assembled for gfx7 (Hawaii) and gfx9 (Vega10); the
 * device's family picks them.
 *
 *   fill-1x64    dst[id] = pattern ^ id, one group of 64 threads (one wave)
 *   fill-37x64   the same over 37 groups (the group id in an SGPR)
 *   fill-1x256   one group of 256 threads (four waves)
 *   fill-twice   two dispatches in one IB, the second with other state
 *   copy-64k     dst[i] = src[i] over 64 KiB, the V#s read from memory
 *                with s_load_dwordx4
 *   lds-tree     each group of 256 sums its inputs through LDS, a tree of
 *                eight steps with s_barrier after each; every thread
 *                stores the sum it sees, thread 0 also the group's total
 *   lds-atomic   the same sum with ds_add_u32 between two barriers
 *   partial-100  100 threads: a full wave and one with 36 live lanes; the
 *                V# reaches past the results, so lanes that should be off
 *                would overwrite the canaries after them
 *   flat         flat_load / flat_store with 64-bit addresses: the
 *                destination in user SGPRs, the source read with
 *                s_load_dwordx2 from a parameter block
 *
 * Usage: aemu-gpu-dispatch [-d DEVICE] [--engines gfx,compute]
 *                          [--tests LIST] [--seed N] [--first N]
 *        aemu-gpu-dispatch --print-kernels gfx7|gfx9
 *   --first N            number the first test N and print no plan line
 *                        (for plans that run several programs)
 *   --print-kernels GEN  print the kernels' bytes for
 *                        llvm-mc --disassemble -arch=amdgcn -mcpu=gfx900
 *                        (LLVM has no gfx6/gfx7 disassembler)
 * One TAP line per engine and test; a test that cannot run is "not ok"
 * with the reason. Exit status: 0 if every test passed, 1 if one failed,
 * 2 usage error.
 */
#include <errno.h>
#include <getopt.h>
#include <inttypes.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "gpu-util.h"

#define N_ELEMENTS(a) (sizeof(a) / sizeof((a)[0]))

/*
 * The compute registers, as offsets in the SET_SH_REG window (register -
 * 0x2C00): the same on gfx7 (gfx_7_2_d.h mmCOMPUTE_* 0x2E00..) and gfx9
 * (gc_9_0_offset.h 0x0E00.. with the SH base 0x2C00; libdrm's gfx9
 * dispatch test writes 0x20c for COMPUTE_PGM_LO).
 */
#define SH_COMPUTE_START_X                  0x204
#define SH_COMPUTE_NUM_THREAD_X             0x207
#define SH_COMPUTE_PGM_LO                   0x20c   /* address 39:8 */
#define SH_COMPUTE_PGM_HI                   0x20d   /* address 47:40 */
#define SH_COMPUTE_PGM_RSRC1                0x212
#define SH_COMPUTE_PGM_RSRC2                0x213
#define SH_COMPUTE_RESOURCE_LIMITS          0x215
#define SH_COMPUTE_STATIC_THREAD_MGMT_SE0   0x216   /* and SE1 at 0x217 */
#define SH_COMPUTE_TMPRING_SIZE             0x218
#define SH_COMPUTE_STATIC_THREAD_MGMT_SE2   0x219   /* and SE3 at 0x21a */
#define SH_COMPUTE_USER_DATA_0              0x240
#define SH_USER_DATA_COUNT                  16

/* COMPUTE_PGM_RSRC1 (gfx_7_2_sh_mask.h, gc_9_0_sh_mask.h). */
#define RSRC1_VGPRS(x)              ((uint32_t)(x) << 0)    /* 5:0 */
#define RSRC1_SGPRS(x)              ((uint32_t)(x) << 6)    /* 9:6 */
#define RSRC1_FLOAT_MODE(x)         ((uint32_t)(x) << 12)   /* 19:12 */
/* FP64/FP16 denormals kept, round to nearest: libdrm's and Mesa's 0xC0. */
#define FLOAT_MODE_DEFAULT          0xC0
/* COMPUTE_PGM_RSRC2 */
#define RSRC2_USER_SGPR(x)          ((uint32_t)(x) << 1)    /* 5:1 */
#define RSRC2_TGID_X_EN             (1u << 7)
#define RSRC2_TIDIG_COMP_CNT(x)     ((uint32_t)(x) << 11)   /* 12:11 */
#define RSRC2_LDS_SIZE(x)           ((uint32_t)(x) << 15)   /* 23:15 */
/* LDS_SIZE counts 128 dwords from gfx7 on (AMDGPUUsage, Mesa). */
#define LDS_GRANULE                 512u
/* COMPUTE_DISPATCH_INITIATOR, the DISPATCH packets' last dword. */
#define INITIATOR_COMPUTE_SHADER_EN     (1u << 0)
#define INITIATOR_FORCE_START_AT_000    (1u << 2)

/*
 * cikd.h and soc15d.h: PACKET3_COMPUTE(op, n) is PACKET3(op, n) with the
 * shader-type bit (1) set. On the compute ring every packet carries it, as
 * in libdrm's dispatch tests (shader_test_util.c). On the gfx ring the
 * SET_SH_REGs go without it and the DISPATCH with it, as Mesa emits compute
 * work on a gfx queue (radv_emit_dispatch_packets: PKT3_SHADER_TYPE_S(1)).
 */
#define PACKET3_COMPUTE(op, n)  (PACKET3(op, n) | PM4_SHADER_TYPE_COMPUTE)

/*
 * Buffer resource (V#) word 3 for a raw buffer of dwords, as Mesa builds it
 * for storage buffers on gfx6-gfx10 (radv write_buffer_descriptor,
 * radeonsi si_set_shader_buffer; SQ_BUF_RSRC_WORD3 in gfx_7_2_sh_mask.h and
 * gc_9_0_sh_mask.h): DST_SEL_X/Y/Z/W = SQ_SEL_X/Y/Z/W (4, 5, 6, 7 in 3-bit
 * fields from bit 0), NUM_FORMAT = BUF_NUM_FORMAT_FLOAT (7, bits 14:12),
 * DATA_FORMAT = BUF_DATA_FORMAT_32 (4, bits 18:15); ELEMENT_SIZE,
 * INDEX_STRIDE, ADD_TID_ENABLE and TYPE (buffer) 0. buffer_load_dword and
 * buffer_store_dword ignore the format; it only has to be valid.
 */
#define VSHARP_DST_SEL_XYZW     (4u << 0 | 5u << 3 | 6u << 6 | 7u << 9)
#define VSHARP_NUM_FORMAT_FLOAT (7u << 12)
#define VSHARP_DATA_FORMAT_32   (4u << 15)
#define VSHARP_WORD3 \
    (VSHARP_DST_SEL_XYZW | VSHARP_NUM_FORMAT_FLOAT | VSHARP_DATA_FORMAT_32)

/*
 * CP_COHER_CNTL of SURFACE_SYNC and ACQUIRE_MEM (cikd.h PACKET3_*_ACTION_ENA,
 * soc15d.h PACKET3_ACQUIRE_MEM_CP_COHER_CNTL_*): invalidate the shader
 * instruction and scalar caches, the vector L1 and L2 (gfx9: L2 written
 * back first).
 */
#define COHER_TC_WB_ACTION_ENA      (1u << 18)
#define COHER_TCL1_ACTION_ENA       (1u << 22)
#define COHER_TC_ACTION_ENA         (1u << 23)
#define COHER_SH_KCACHE_ACTION_ENA  (1u << 27)
#define COHER_SH_ICACHE_ACTION_ENA  (1u << 29)
#define COHER_INVALIDATE \
    (COHER_TCL1_ACTION_ENA | COHER_TC_ACTION_ENA | \
     COHER_SH_KCACHE_ACTION_ENA | COHER_SH_ICACHE_ACTION_ENA)

/* Canary bytes before each buffer's payload, and at least this many after. */
#define GUARD_BEFORE 1024u
#define GUARD_AFTER 4096u
/* How long a dispatch may take from submission to fence. */
#define FENCE_TIMEOUT_MS 30000u

/* ---- The kernels ---- */

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

enum gen { GFX7, GFX9, GEN_COUNT };
static const char *const gen_name[GEN_COUNT] = { "gfx7", "gfx9" };

enum kernel_id { K_FILL, K_COPY, K_LDS_TREE, K_LDS_ATOMIC, K_FLAT, K_COUNT };

typedef struct kernel {
    const char *name;
    const uint32_t *code[GEN_COUNT];
    unsigned ndw[GEN_COUNT];
    unsigned vgprs;         /* VGPRs it names: the highest + 1 */
    unsigned sgprs;         /* SGPRs it names: the highest + 1 */
    unsigned user_sgprs;    /* COMPUTE_USER_DATA_* it reads */
    unsigned lds_bytes;
} kernel_t;

#define KCODE(n) { n##_gfx7, n##_gfx9 }, \
    { N_ELEMENTS(n##_gfx7), N_ELEMENTS(n##_gfx9) }

/* Every kernel has TGID_X_EN: its group id follows the user SGPRs. */
static const kernel_t kernels[K_COUNT] = {
    [K_FILL] = { "fill", KCODE(fill), 3, 7, 6, 0 },
    [K_COPY] = { "copy", KCODE(copy), 3, 12, 2, 0 },
    [K_LDS_TREE] = { "lds-tree", KCODE(lds_tree), 6, 16, 12, 4096 },
    [K_LDS_ATOMIC] = { "lds-atomic", KCODE(lds_atomic), 4, 9, 8, 4 },
    [K_FLAT] = { "flat", KCODE(flat), 8, 8, 4, 0 },
};

/*
 * COMPUTE_PGM_RSRC1 (AMDGPUUsage, compute_pgm_rsrc1): VGPRs in granules of
 * 4, field = granules - 1; SGPRs counted with the ones the hardware adds
 * (VCC and FLAT_SCRATCH; on gfx9 also XNACK_MASK), field = granules of 8 - 1
 * on gfx7, 2 * (granules of 16 - 1) on gfx9.
 */
static uint32_t kernel_rsrc1(const kernel_t *k, enum gen gen)
{
    unsigned vgpr_field = (k->vgprs + 3) / 4 - 1;
    unsigned sgprs = k->sgprs + (gen == GFX7 ? 4 : 6);
    unsigned sgpr_field = gen == GFX7 ? (sgprs + 7) / 8 - 1
                                      : 2 * ((sgprs + 15) / 16 - 1);

    return RSRC1_VGPRS(vgpr_field) | RSRC1_SGPRS(sgpr_field) |
           RSRC1_FLOAT_MODE(FLOAT_MODE_DEFAULT);
}

/* COMPUTE_PGM_RSRC2: user SGPRs, the group id, thread id X only, LDS. */
static uint32_t kernel_rsrc2(const kernel_t *k)
{
    return RSRC2_USER_SGPR(k->user_sgprs) | RSRC2_TGID_X_EN |
           RSRC2_TIDIG_COMP_CNT(0) |
           RSRC2_LDS_SIZE((k->lds_bytes + LDS_GRANULE - 1) / LDS_GRANULE);
}

/* ---- Options and TAP ---- */

enum test_id {
    T_FILL_1X64, T_FILL_37X64, T_FILL_1X256, T_FILL_TWICE, T_COPY,
    T_LDS_TREE, T_LDS_ATOMIC, T_PARTIAL, T_FLAT, T_COUNT
};

static const char *const test_name[T_COUNT] = {
    "fill-1x64", "fill-37x64", "fill-1x256", "fill-twice", "copy-64k",
    "lds-tree", "lds-atomic", "partial-100", "flat",
};

static struct opts {
    const char *device;
    unsigned engines, tests;    /* bit masks */
    uint64_t seed;
    int first;
} opt = {
    .engines = 1u << ENG_GFX | 1u << ENG_COMPUTE,
    .tests = (1u << T_COUNT) - 1,
    .seed = 1,
};

static int tap_n, tap_failed;

static void tap(bool ok, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));
static void diag(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

static void tap(bool ok, const char *fmt, ...)
{
    va_list ap;

    tap_n++;
    tap_failed += !ok;
    printf("%sok %d - ", ok ? "" : "not ", tap_n);
    va_start(ap, fmt);
    vprintf(fmt, ap);
    va_end(ap);
    putchar('\n');
    fflush(stdout);
}

static void diag(const char *fmt, ...)
{
    va_list ap;

    printf("# ");
    va_start(ap, fmt);
    vprintf(fmt, ap);
    va_end(ap);
    putchar('\n');
    fflush(stdout);
}

static uint64_t mix(uint64_t x)
{
    x ^= x >> 33;
    x *= 0xff51afd7ed558ccdull;
    x ^= x >> 33;
    x *= 0xc4ceb9fe1a85ec53ull;
    return x ^ (x >> 33);
}

/* ---- A run: the device, the kernels in GPU memory, an IB per engine ---- */

#define MAX_TEST_BUFS 6

typedef struct run {
    gpu_t g;
    enum gen gen;
    gpu_buf_t code;                 /* every kernel, 256-byte aligned */
    uint64_t kva[K_COUNT];
    gpu_ib_t ib[ENG_COUNT];
    /* The test being run. */
    enum gpu_engine eng;
    amdgpu_context_handle ctx;
    gpu_buf_t *bufs[MAX_TEST_BUFS + 1];
    unsigned nbufs;
    unsigned dispatches, threads;   /* in the test's IB */
    double t_fence;                 /* submission to fence, seconds */
    int hung_in[ENG_COUNT];         /* TAP number of a test that hung */
} run_t;

/* A buffer of a test: payload between canaries, and its expected bytes. */
typedef struct tbuf {
    const char *name;
    gpu_buf_t buf;
    uint8_t *want;                  /* what every byte must hold after */
    uint64_t len;                   /* payload bytes, from GUARD_BEFORE */
    uint64_t stream;                /* the pattern_fill stream it started as */
} tbuf_t;

/*
 * Allocate a buffer with room for len payload bytes and fill all of it
 * (payload and canaries) with the stream of seed. Until the test says
 * otherwise with tb_expect, every byte must stay as it is: inputs keep
 * their data, outputs their canaries.
 */
static int tb_new(run_t *r, tbuf_t *tb, const char *name, enum gpu_domain dom,
                  uint64_t len, uint64_t seed, char *err, size_t errlen)
{
    int ret;

    memset(tb, 0, sizeof(*tb));
    tb->name = name;
    tb->len = len;
    ret = gpu_buf_alloc(&r->g, dom, GUARD_BEFORE + len + GUARD_AFTER,
                        &tb->buf);
    if (ret) {
        snprintf(err, errlen, "allocating %s (%s, %" PRIu64 " bytes): %s",
                 name, gpu_domain_name[dom], len, strerror(-ret));
        return ret;
    }
    tb->want = malloc(tb->buf.size);
    if (!tb->want) {
        gpu_buf_free(&tb->buf);
        snprintf(err, errlen, "out of memory");
        return -ENOMEM;
    }
    tb->stream = mix(seed) | 1;
    pattern_fill(tb->want, 0, tb->buf.size, tb->stream);
    memcpy(tb->buf.cpu, tb->want, tb->buf.size);
    r->bufs[r->nbufs++] = &tb->buf;
    return 0;
}

static void tb_free(tbuf_t *tb, bool gpu_done)
{
    free(tb->want);
    tb->want = NULL;
    /* A buffer of a job that never finished stays mapped for the GPU. */
    if (gpu_done) {
        gpu_buf_free(&tb->buf);
    }
}

/* The GPU address of the payload. */
static uint64_t tb_va(const tbuf_t *tb)
{
    return tb->buf.va + GUARD_BEFORE;
}

/* Dword i of the payload as it was written (an input's data). */
static uint32_t tb_in32(const tbuf_t *tb, uint64_t i)
{
    uint32_t v;

    memcpy(&v, tb->want + GUARD_BEFORE + 4 * i, 4);
    return v;
}

/* Dword i of the payload must hold v after the test. */
static void tb_expect(tbuf_t *tb, uint64_t i, uint32_t v)
{
    memcpy(tb->want + GUARD_BEFORE + 4 * i, &v, 4);
}

/* Write dword i of the payload now (data the GPU reads). */
static void tb_put(tbuf_t *tb, uint64_t i, uint32_t v)
{
    tb_expect(tb, i, v);
    memcpy(tb->buf.cpu + GUARD_BEFORE + 4 * i, &v, 4);
}

/*
 * A V# for the payload: BASE_ADDRESS (word 0, word 1 bits 15:0), STRIDE 0
 * (word 1 bits 29:16), NUM_RECORDS (word 2) in bytes since STRIDE is 0. The
 * range reaches to the buffer's end, past the payload, so that a store the
 * kernel should not make lands on a canary instead of being dropped.
 */
static void tb_vsharp(const tbuf_t *tb, uint32_t *v)
{
    uint64_t va = tb_va(tb);

    v[0] = (uint32_t)va;
    v[1] = (uint32_t)(va >> 32) & 0xFFFF;
    v[2] = (uint32_t)(tb->buf.size - GUARD_BEFORE);
    v[3] = VSHARP_WORD3;
}

/*
 * Compare every byte of the buffer with what it must hold. The message
 * names the first difference, counts the differing bytes in the canaries
 * before, the payload and the canaries after, and the payload dwords that
 * still hold what the CPU wrote (all of them: nothing ran).
 */
static int tb_check(const tbuf_t *tb, char *err, size_t errlen)
{
    uint64_t size = tb->buf.size, end = GUARD_BEFORE + tb->len;
    uint64_t first = UINT64_MAX, before = 0, inside = 0, after = 0;
    uint64_t untouched = 0;
    uint8_t *got = malloc(size), *orig = malloc(tb->len + 4);
    uint32_t g, w;
    char where[96];

    if (!got || !orig) {
        free(got);
        free(orig);
        snprintf(err, errlen, "out of memory");
        return -ENOMEM;
    }
    /* One read of the mapping (VRAM goes through the BAR). */
    memcpy(got, tb->buf.cpu, size);
    for (uint64_t i = 0; i < size; i++) {
        if (got[i] != tb->want[i]) {
            first = first == UINT64_MAX ? i : first;
            before += i < GUARD_BEFORE;
            inside += i >= GUARD_BEFORE && i < end;
            after += i >= end;
        }
    }
    if (first == UINT64_MAX) {
        free(got);
        free(orig);
        return 0;
    }
    pattern_fill(orig, GUARD_BEFORE, tb->len, tb->stream);
    for (uint64_t i = 0; i + 4 <= tb->len; i += 4) {
        untouched += !memcmp(got + GUARD_BEFORE + i, orig + i, 4);
    }
    memcpy(&g, got + (first & ~3ull), 4);
    memcpy(&w, tb->want + (first & ~3ull), 4);
    if (first < GUARD_BEFORE) {
        snprintf(where, sizeof(where), "canary byte -%" PRIu64
                 " before the payload", GUARD_BEFORE - first);
    } else if (first < end) {
        snprintf(where, sizeof(where), "payload dword %" PRIu64,
                 (first - GUARD_BEFORE) / 4);
    } else {
        snprintf(where, sizeof(where), "canary byte +%" PRIu64
                 " after the payload", first - end);
    }
    snprintf(err, errlen, "%s: %s is 0x%08x, want 0x%08x; bytes that "
             "differ: %" PRIu64 " of %" PRIu64 " in the payload, %" PRIu64
             " in the canaries before, %" PRIu64 " after; %" PRIu64 " of %"
             PRIu64 " payload dwords as the CPU left them", tb->name, where,
             g, w, inside, tb->len, before, after, untouched, tb->len / 4);
    free(got);
    free(orig);
    return -EIO;
}

/* ---- Packets ---- */

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
static bool emit_invalidate(run_t *r, gpu_ib_t *ib)
{
    bool compute = ib->eng == ENG_COMPUTE;
    uint32_t *p;

    if (r->gen == GFX7 && !compute) {
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
    p[1] = COHER_INVALIDATE | (r->gen == GFX9 ? COHER_TC_WB_ACTION_ENA : 0);
    p[2] = 0xFFFFFFFFu;                         /* CP_COHER_SIZE */
    p[3] = r->gen == GFX9 ? 0xFFFFFFu : 0xFFu;  /* CP_COHER_SIZE_HI */
    p[4] = 0;                                   /* CP_COHER_BASE */
    p[5] = 0;                                   /* CP_COHER_BASE_HI */
    p[6] = 0xA;                                 /* poll interval */
    return true;
}

typedef struct dispatch {
    enum kernel_id k;
    uint32_t user[SH_USER_DATA_COUNT];  /* the kernel's user_sgprs of them */
    uint32_t groups;                    /* along X */
    uint32_t threads;                   /* per group, along X */
} dispatch_t;

/* The whole compute state, then DISPATCH_DIRECT. */
static bool emit_dispatch(run_t *r, gpu_ib_t *ib, const dispatch_t *d)
{
    const kernel_t *k = &kernels[d->k];
    uint64_t va = r->kva[d->k];
    const uint32_t start[3] = { 0, 0, 0 };
    /* NUM_THREAD_FULL in 15:0; NUM_THREAD_PARTIAL (31:16) unused. */
    const uint32_t num_thread[3] = { d->threads, 1, 1 };
    const uint32_t pgm[2] = { (uint32_t)(va >> 8),
                              (uint32_t)(va >> 40) & 0xFF };
    const uint32_t rsrc[2] = { kernel_rsrc1(k, r->gen), kernel_rsrc2(k) };
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
    r->dispatches++;
    r->threads += d->groups * d->threads;
    return true;
}

/* Submit the test's IB with its buffers and the code, wait for the fence. */
static int submit(run_t *r, char *err, size_t errlen)
{
    gpu_ib_t *ib = &r->ib[r->eng];
    double t0 = now_s();
    int ret;

    r->bufs[r->nbufs] = &r->code;
    ret = gpu_submit(&r->g, r->ctx, ib, 0, r->bufs, r->nbufs + 1,
                     FENCE_TIMEOUT_MS, NULL);
    r->t_fence = now_s() - t0;
    if (ret == -ETIME) {
        r->hung_in[r->eng] = tap_n + 1;
        snprintf(err, errlen, "the fence did not signal within %u s: the "
                 "%s ring is stuck, its later tests do not run",
                 FENCE_TIMEOUT_MS / 1000, gpu_engine_name[r->eng]);
    } else if (ret) {
        snprintf(err, errlen, "submission failed: %s", strerror(-ret));
    }
    return ret;
}

/* Build the IB from dispatches, submit, then check the buffers. */
static int run_dispatches(run_t *r, const dispatch_t *d, unsigned nd,
                          tbuf_t *const *check, unsigned ncheck, char *err,
                          size_t errlen)
{
    gpu_ib_t *ib = &r->ib[r->eng];
    int ret;

    gpu_ib_reset(ib, r->eng);
    for (unsigned i = 0; i < nd; i++) {
        if ((i == 0 && !emit_invalidate(r, ib)) ||
            !emit_dispatch(r, ib, &d[i])) {
            snprintf(err, errlen, "the IB of %u dwords is too small", ib->cap);
            return -ENOSPC;
        }
    }
    ret = submit(r, err, errlen);
    for (unsigned i = 0; !ret && i < ncheck; i++) {
        ret = tb_check(check[i], err, errlen);
    }
    return ret;
}

/* ---- The tests ---- */

/* A seed for each buffer of each test on each engine. */
static uint64_t seed_of(const run_t *r, enum test_id t, unsigned buf)
{
    return mix(opt.seed * 1000003u + (uint64_t)r->eng * 101u + t * 7u + buf);
}

typedef struct fill_arg {
    enum gpu_domain dom;
    uint32_t groups, threads;
} fill_arg_t;

/* fill-*, partial-100: dispatches of the fill kernel, one buffer each. */
static int test_fill(run_t *r, enum test_id t, const fill_arg_t *a,
                     unsigned n, tbuf_t *tb, char *err, size_t errlen)
{
    static const char *const names[2] = { "dst", "dst2" };
    dispatch_t d[2];
    tbuf_t *check[2];
    int ret = 0;

    for (unsigned i = 0; i < n && !ret; i++) {
        uint64_t ids = (uint64_t)a[i].groups * a[i].threads;
        uint32_t pattern = (uint32_t)mix(seed_of(r, t, 10 + i));

        ret = tb_new(r, &tb[i], names[i], a[i].dom, 4 * ids,
                     seed_of(r, t, i), err, errlen);
        if (ret) {
            break;
        }
        for (uint64_t id = 0; id < ids; id++) {
            tb_expect(&tb[i], id, pattern ^ (uint32_t)id);
        }
        d[i] = (dispatch_t){ .k = K_FILL, .groups = a[i].groups,
                             .threads = a[i].threads };
        tb_vsharp(&tb[i], d[i].user);
        d[i].user[4] = pattern;
        d[i].user[5] = a[i].threads;
        check[i] = &tb[i];
    }
    return ret ? ret : run_dispatches(r, d, n, check, n, err, errlen);
}

/* copy-64k: 16384 dwords from VRAM to GTT, the V#s in a table in GTT. */
static int test_copy(run_t *r, tbuf_t *tb, char *err, size_t errlen)
{
    const uint32_t n = 64 * 1024 / 4;
    tbuf_t *src = &tb[0], *dst = &tb[1], *table = &tb[2];
    tbuf_t *check[3] = { dst, src, table };
    dispatch_t d = { .k = K_COPY, .groups = n / 64, .threads = 64 };
    uint32_t v[8];
    int ret;

    if ((ret = tb_new(r, src, "src", DOM_VRAM, 4 * n, seed_of(r, T_COPY, 0),
                      err, errlen)) ||
        (ret = tb_new(r, dst, "dst", DOM_GTT, 4 * n, seed_of(r, T_COPY, 1),
                      err, errlen)) ||
        (ret = tb_new(r, table, "V# table", DOM_GTT, 32,
                      seed_of(r, T_COPY, 2), err, errlen))) {
        return ret;
    }
    for (uint32_t i = 0; i < n; i++) {
        tb_expect(dst, i, tb_in32(src, i));
    }
    tb_vsharp(src, v);
    tb_vsharp(dst, v + 4);
    for (unsigned i = 0; i < 8; i++) {
        tb_put(table, i, v[i]);
    }
    d.user[0] = (uint32_t)tb_va(table);
    d.user[1] = (uint32_t)(tb_va(table) >> 32);
    return run_dispatches(r, &d, 1, check, 3, err, errlen);
}

#define LDS_GROUPS 8u
#define LDS_THREADS 256u

/* lds-tree and lds-atomic: per-group sums of 256 dwords. */
static int test_lds(run_t *r, enum test_id t, tbuf_t *tb, char *err,
                    size_t errlen)
{
    const uint32_t n = LDS_GROUPS * LDS_THREADS;
    bool tree = t == T_LDS_TREE;
    tbuf_t *in = &tb[0], *views = &tb[1], *sums = &tb[2];
    tbuf_t *check[3] = { views, in, sums };
    dispatch_t d = { .k = tree ? K_LDS_TREE : K_LDS_ATOMIC,
                     .groups = LDS_GROUPS, .threads = LDS_THREADS };
    int ret;

    if ((ret = tb_new(r, in, "in", tree ? DOM_GTT : DOM_VRAM, 4 * n,
                      seed_of(r, t, 0), err, errlen)) ||
        (ret = tb_new(r, views, "views", tree ? DOM_VRAM : DOM_GTT, 4 * n,
                      seed_of(r, t, 1), err, errlen)) ||
        (tree && (ret = tb_new(r, sums, "sums", DOM_GTT, 4 * LDS_GROUPS,
                               seed_of(r, t, 2), err, errlen)))) {
        return ret;
    }
    for (uint32_t g = 0; g < LDS_GROUPS; g++) {
        uint32_t sum = 0;

        for (uint32_t i = 0; i < LDS_THREADS; i++) {
            sum += tb_in32(in, g * LDS_THREADS + i);
        }
        for (uint32_t i = 0; i < LDS_THREADS; i++) {
            tb_expect(views, g * LDS_THREADS + i, sum);
        }
        if (tree) {
            tb_expect(sums, g, sum);
        }
    }
    tb_vsharp(in, d.user);
    tb_vsharp(views, d.user + 4);
    if (tree) {
        tb_vsharp(sums, d.user + 8);
    }
    return run_dispatches(r, &d, 1, check, tree ? 3 : 2, err, errlen);
}

/* flat: 4 groups of 64, GTT to VRAM through FLAT addresses. */
static int test_flat(run_t *r, tbuf_t *tb, char *err, size_t errlen)
{
    const uint32_t n = 4 * 64;
    tbuf_t *src = &tb[0], *dst = &tb[1], *params = &tb[2];
    tbuf_t *check[3] = { dst, src, params };
    dispatch_t d = { .k = K_FLAT, .groups = n / 64, .threads = 64 };
    int ret;

    if ((ret = tb_new(r, src, "src", DOM_GTT, 4 * n, seed_of(r, T_FLAT, 0),
                      err, errlen)) ||
        (ret = tb_new(r, dst, "dst", DOM_VRAM, 4 * n, seed_of(r, T_FLAT, 1),
                      err, errlen)) ||
        (ret = tb_new(r, params, "parameter block", DOM_GTT, 8,
                      seed_of(r, T_FLAT, 2), err, errlen))) {
        return ret;
    }
    for (uint32_t i = 0; i < n; i++) {
        tb_expect(dst, i, tb_in32(src, i) ^ i);
    }
    tb_put(params, 0, (uint32_t)tb_va(src));
    tb_put(params, 1, (uint32_t)(tb_va(src) >> 32));
    d.user[0] = (uint32_t)tb_va(dst);
    d.user[1] = (uint32_t)(tb_va(dst) >> 32);
    d.user[2] = (uint32_t)tb_va(params);
    d.user[3] = (uint32_t)(tb_va(params) >> 32);
    return run_dispatches(r, &d, 1, check, 3, err, errlen);
}

static const char *const test_what[T_COUNT] = {
    [T_FILL_1X64] = "dst[id] = pattern ^ id, 1 group of 64 threads "
                    "(1 wave), VRAM",
    [T_FILL_37X64] = "dst[id] = pattern ^ id, 37 groups of 64 threads "
                     "(group id in s6), GTT",
    [T_FILL_1X256] = "dst[id] = pattern ^ id, 1 group of 256 threads "
                     "(4 waves), VRAM",
    [T_FILL_TWICE] = "two dispatches in one IB: 2 groups of 64 to VRAM, "
                     "then 3 groups of 128 to GTT",
    [T_COPY] = "dst[i] = src[i], 64 KiB VRAM to GTT in 256 groups of 64, "
               "V#s by s_load_dwordx4",
    [T_LDS_TREE] = "8 groups of 256 sum through LDS in 8 steps with "
                   "s_barrier; every thread's view and thread 0's total",
    [T_LDS_ATOMIC] = "8 groups of 256 sum with ds_add_u32 between "
                     "barriers; every thread's view",
    [T_PARTIAL] = "100 threads: a full wave and one with 36 live lanes, "
                  "the canaries after the 100 dwords intact",
    [T_FLAT] = "flat_load from GTT, flat_store to VRAM at the address in "
               "s[0:1], 4 groups of 64",
};

static void run_test(run_t *r, enum test_id t)
{
    tbuf_t tb[MAX_TEST_BUFS];
    char err[512] = "";
    int ret;

    memset(tb, 0, sizeof(tb));
    r->nbufs = 0;
    r->dispatches = r->threads = 0;
    r->t_fence = 0;
    if (r->hung_in[r->eng]) {
        tap(false, "%s %s: %s (not run: the %s ring got stuck in test %d)",
            gpu_engine_name[r->eng], test_name[t], test_what[t],
            gpu_engine_name[r->eng], r->hung_in[r->eng]);
        return;
    }
    ret = amdgpu_cs_ctx_create(r->g.dev, &r->ctx);
    if (ret) {
        tap(false, "%s %s: %s (creating a context: %s)",
            gpu_engine_name[r->eng], test_name[t], test_what[t],
            strerror(-ret));
        return;
    }
    switch (t) {
    case T_FILL_1X64:
        ret = test_fill(r, t, &(fill_arg_t){ DOM_VRAM, 1, 64 }, 1, tb, err,
                        sizeof(err));
        break;
    case T_FILL_37X64:
        ret = test_fill(r, t, &(fill_arg_t){ DOM_GTT, 37, 64 }, 1, tb, err,
                        sizeof(err));
        break;
    case T_FILL_1X256:
        ret = test_fill(r, t, &(fill_arg_t){ DOM_VRAM, 1, 256 }, 1, tb, err,
                        sizeof(err));
        break;
    case T_FILL_TWICE: {
        const fill_arg_t a[2] = { { DOM_VRAM, 2, 64 }, { DOM_GTT, 3, 128 } };

        ret = test_fill(r, t, a, 2, tb, err, sizeof(err));
        break;
    }
    case T_COPY:
        ret = test_copy(r, tb, err, sizeof(err));
        break;
    case T_LDS_TREE:
    case T_LDS_ATOMIC:
        ret = test_lds(r, t, tb, err, sizeof(err));
        break;
    case T_PARTIAL:
        ret = test_fill(r, t, &(fill_arg_t){ DOM_VRAM, 1, 100 }, 1, tb, err,
                        sizeof(err));
        break;
    default:
        ret = test_flat(r, tb, err, sizeof(err));
        break;
    }
    tap(ret == 0, "%s %s: %s%s%s%s", gpu_engine_name[r->eng], test_name[t],
        test_what[t], ret ? " (" : "", ret ? err : "", ret ? ")" : "");
    if (r->dispatches) {
        diag("%s %s: %u dispatch%s, %u threads, submission to fence "
             "%.3f ms", gpu_engine_name[r->eng], test_name[t],
             r->dispatches, r->dispatches > 1 ? "es" : "", r->threads,
             r->t_fence * 1e3);
    }
    /* Nothing of a stuck job is freed: the GPU may still use it. */
    for (unsigned i = 0; i < MAX_TEST_BUFS; i++) {
        tb_free(&tb[i], r->hung_in[r->eng] == 0);
    }
    if (r->hung_in[r->eng] == 0) {
        amdgpu_cs_ctx_free(r->ctx);
    }
    r->ctx = NULL;
}

/* Every test of every engine fails with the same reason. */
static void fail_all(const char *why)
{
    for (int e = 0; e < ENG_COUNT; e++) {
        for (int t = 0; t < T_COUNT; t++) {
            if ((opt.engines & (1u << e)) && (opt.tests & (1u << t))) {
                tap(false, "%s %s: %s (not run: %s)", gpu_engine_name[e],
                    test_name[t], test_what[t], why);
            }
        }
    }
}

/* The kernels of the device's generation into one VRAM buffer. */
static int load_kernels(run_t *r, char *err, size_t errlen)
{
    uint64_t off = 0;
    int ret;

    for (int k = 0; k < K_COUNT; k++) {
        off += (4ull * kernels[k].ndw[r->gen] + 255) & ~255ull;
    }
    /* Room after the last kernel for the instruction prefetch. */
    ret = gpu_buf_alloc(&r->g, DOM_VRAM, off + 256, &r->code);
    if (ret) {
        snprintf(err, errlen, "allocating the code buffer: %s",
                 strerror(-ret));
        return ret;
    }
    memset(r->code.cpu, 0, r->code.size);
    off = 0;
    for (int k = 0; k < K_COUNT; k++) {
        const kernel_t *kd = &kernels[k];

        /* COMPUTE_PGM_LO takes the address in units of 256 bytes. */
        r->kva[k] = r->code.va + off;
        memcpy(r->code.cpu + off, kd->code[r->gen], 4ull * kd->ndw[r->gen]);
        off += (4ull * kd->ndw[r->gen] + 255) & ~255ull;
    }
    return 0;
}

static void run_all(void)
{
    static run_t run;
    run_t *r = &run;
    double t0 = now_s();
    int n0 = tap_n;
    char err[256];
    int ret;

    ret = gpu_open(&r->g, opt.device);
    if (ret) {
        snprintf(err, sizeof(err), "opening %s: %s",
                 opt.device ? opt.device : "/dev/dri/renderD128",
                 strerror(-ret));
        fail_all(err);
        return;
    }
    switch (r->g.info.family_id) {
    case AMDGPU_FAMILY_CI:
    case AMDGPU_FAMILY_KV:
        r->gen = GFX7;
        break;
    case AMDGPU_FAMILY_AI:
    case AMDGPU_FAMILY_RV:
        r->gen = GFX9;
        break;
    default:
        diag("amdgpu %u.%u, family %u", r->g.major, r->g.minor,
             r->g.info.family_id);
        snprintf(err, sizeof(err), "no kernels for GPU family %u (gfx7 is "
                 "family %u, gfx9 %u)", r->g.info.family_id,
                 AMDGPU_FAMILY_CI, AMDGPU_FAMILY_AI);
        fail_all(err);
        gpu_close(&r->g);
        return;
    }
    diag("amdgpu %u.%u, family %u, chip external rev %u: %s kernels; "
         "rings: gfx %u, compute %u", r->g.major, r->g.minor,
         r->g.info.family_id, r->g.info.chip_external_rev, gen_name[r->gen],
         r->g.rings[ENG_GFX], r->g.rings[ENG_COMPUTE]);
    if (load_kernels(r, err, sizeof(err))) {
        fail_all(err);
        gpu_close(&r->g);
        return;
    }
    for (int e = ENG_GFX; e <= ENG_COMPUTE; e++) {
        if (!(opt.engines & (1u << e))) {
            continue;
        }
        r->eng = e;
        err[0] = 0;
        if (r->g.rings[e] == 0) {
            snprintf(err, sizeof(err), "amdgpu offers no %s ring",
                     gpu_engine_name[e]);
        } else if ((ret = gpu_ib_init(&r->g, e, 4096, &r->ib[e]))) {
            snprintf(err, sizeof(err), "allocating the %s IB: %s",
                     gpu_engine_name[e], strerror(-ret));
        }
        for (int t = 0; t < T_COUNT; t++) {
            if (!(opt.tests & (1u << t))) {
                continue;
            }
            if (err[0]) {
                tap(false, "%s %s: %s (not run: %s)", gpu_engine_name[e],
                    test_name[t], test_what[t], err);
            } else {
                run_test(r, t);
            }
        }
        if (!err[0] && !r->hung_in[e]) {
            gpu_ib_fini(&r->ib[e]);
        }
    }
    diag("%d tests with %s kernels in %.2f s", tap_n - n0, gen_name[r->gen],
         now_s() - t0);
    if (!r->hung_in[ENG_GFX] && !r->hung_in[ENG_COMPUTE]) {
        gpu_buf_free(&r->code);
        gpu_close(&r->g);
    }
}

/* ---- Command line ---- */

static void print_kernels(const char *gen_arg)
{
    int gen = -1;

    for (int g = 0; g < GEN_COUNT; g++) {
        if (strcmp(gen_arg, gen_name[g]) == 0) {
            gen = g;
        }
    }
    if (gen < 0) {
        fprintf(stderr, "--print-kernels takes gfx7 or gfx9\n");
        exit(2);
    }
    for (int k = 0; k < K_COUNT; k++) {
        const kernel_t *kd = &kernels[k];

        printf("# %s (%s): %u dwords, RSRC1 0x%08x, RSRC2 0x%08x\n",
               kd->name, gen_name[gen], kd->ndw[gen],
               kernel_rsrc1(kd, gen), kernel_rsrc2(kd));
        for (unsigned i = 0; i < kd->ndw[gen]; i++) {
            uint32_t w = kd->code[gen][i];

            printf("0x%02x,0x%02x,0x%02x,0x%02x\n", w & 0xFF,
                   (w >> 8) & 0xFF, (w >> 16) & 0xFF, w >> 24);
        }
    }
}

static unsigned parse_list(const char *arg, const char *const *names,
                           unsigned n, unsigned first, const char *what)
{
    char *copy = strdup(arg), *save = NULL;
    unsigned mask = 0;

    for (char *tok = strtok_r(copy, ",", &save); tok;
         tok = strtok_r(NULL, ",", &save)) {
        unsigned i;

        for (i = first; i < n && strcmp(tok, names[i]); i++) {
        }
        if (i == n) {
            fprintf(stderr, "unknown %s '%s'\n", what, tok);
            exit(2);
        }
        mask |= 1u << i;
    }
    free(copy);
    return mask;
}

static void usage(int status)
{
    fprintf(status ? stderr : stdout,
            "usage: aemu-gpu-dispatch [-d DEVICE] [--engines gfx,compute] "
            "[--tests LIST] [--seed N] [--first N]\n"
            "       aemu-gpu-dispatch --print-kernels gfx7|gfx9\n"
            "tests:");
    for (int t = 0; t < T_COUNT; t++) {
        fprintf(status ? stderr : stdout, " %s", test_name[t]);
    }
    fprintf(status ? stderr : stdout, "\n");
    exit(status);
}

int main(int argc, char **argv)
{
    static const struct option longopts[] = {
        { "device", required_argument, NULL, 'd' },
        { "engines", required_argument, NULL, 'e' },
        { "tests", required_argument, NULL, 't' },
        { "seed", required_argument, NULL, 'S' },
        { "first", required_argument, NULL, 'f' },
        { "print-kernels", required_argument, NULL, 'p' },
        { "help", no_argument, NULL, 'h' },
        { NULL, 0, NULL, 0 },
    };
    int ch;

    setvbuf(stdout, NULL, _IOLBF, 0);
    while ((ch = getopt_long(argc, argv, "d:h", longopts, NULL)) != -1) {
        switch (ch) {
        case 'd': opt.device = optarg; break;
        case 'e':
            /* The SDMA engine runs no shaders. */
            opt.engines = parse_list(optarg, gpu_engine_name, ENG_COUNT,
                                     ENG_GFX, "engine");
            break;
        case 't':
            opt.tests = parse_list(optarg, test_name, T_COUNT, 0, "test");
            break;
        case 'S': opt.seed = strtoull(optarg, NULL, 0); break;
        case 'f': opt.first = atoi(optarg); break;
        case 'p': print_kernels(optarg); return 0;
        case 'h': usage(0); break;
        default: usage(2);
        }
    }
    if (optind != argc) {
        usage(2);
    }
    tap_n = opt.first > 0 ? opt.first - 1 : 0;
    run_all();
    if (opt.first <= 0) {
        printf("1..%d\n", tap_n);
    }
    return tap_failed ? 1 : 0;
}
