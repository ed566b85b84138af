/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * amdgpu-emu core: the COMPUTE_* registers a dispatch reads, as offsets in
 * the SET_SH_REG window and as fields, for both generations at once.
 *
 * The layout is the same on gfx7 and gfx9 (gfx_7_2_d.h 0x2E00.. and
 * gc_9_0_offset.h 0x0E00.. are both SH window offset 0x200..; the fields
 * in gfx_7_2_sh_mask.h and gc_9_0_sh_mask.h agree for every field used
 * here), so the generation-neutral dispatch front end reads them through
 * these names; tests/unit/test-shader-regs-gfx7.c and -gfx9.c check each
 * one against that generation's generated headers. Sources:
 * shader-execution.md 4.3.
 */
#ifndef AMDGPU_EMU_SHADER_REGS_H
#define AMDGPU_EMU_SHADER_REGS_H

#include "aemu-util.h"

/* SH window offsets (SET_SH_REG offset = register - window start). */
#define AEMU_SH_COMPUTE_DISPATCH_INITIATOR  0x200u
#define AEMU_SH_COMPUTE_DIM_X               0x201u
#define AEMU_SH_COMPUTE_START_X             0x204u
#define AEMU_SH_COMPUTE_NUM_THREAD_X        0x207u
#define AEMU_SH_COMPUTE_PGM_LO              0x20cu
#define AEMU_SH_COMPUTE_PGM_HI              0x20du
#define AEMU_SH_COMPUTE_PGM_RSRC1           0x212u
#define AEMU_SH_COMPUTE_PGM_RSRC2           0x213u
#define AEMU_SH_COMPUTE_TMPRING_SIZE        0x218u
#define AEMU_SH_COMPUTE_USER_DATA_0         0x240u
#define AEMU_SH_COMPUTE_USER_DATA_COUNT     16u
/* Y and Z follow X for DIM, START and NUM_THREAD. */
#define AEMU_SH_DIMS                        3u

/* COMPUTE_PGM_LO holds address bits 39:8, _HI bits 47:40. */
#define AEMU_SH_PGM_LO_SHIFT                8
#define AEMU_SH_PGM_HI_SHIFT                40
#define AEMU_SH_PGM_HI_MASK                 0xffu

#define AEMU_SH_FIELD(m, s) ((AemuField) { .mask = (m), .shift = (s) })

/* COMPUTE_DISPATCH_INITIATOR */
#define AEMU_SH_INIT_COMPUTE_SHADER_EN      AEMU_SH_FIELD(0x00000001u, 0)
#define AEMU_SH_INIT_PARTIAL_TG_EN          AEMU_SH_FIELD(0x00000002u, 1)
#define AEMU_SH_INIT_FORCE_START_AT_000     AEMU_SH_FIELD(0x00000004u, 2)
#define AEMU_SH_INIT_USE_THREAD_DIMENSIONS  AEMU_SH_FIELD(0x00000020u, 5)

/* COMPUTE_NUM_THREAD_X/Y/Z */
#define AEMU_SH_NUM_THREAD_FULL             AEMU_SH_FIELD(0x0000ffffu, 0)
#define AEMU_SH_NUM_THREAD_PARTIAL          AEMU_SH_FIELD(0xffff0000u, 16)

/* COMPUTE_PGM_RSRC1 */
#define AEMU_SH_RSRC1_VGPRS                 AEMU_SH_FIELD(0x0000003fu, 0)
#define AEMU_SH_RSRC1_SGPRS                 AEMU_SH_FIELD(0x000003c0u, 6)
#define AEMU_SH_RSRC1_FLOAT_MODE            AEMU_SH_FIELD(0x000ff000u, 12)
#define AEMU_SH_RSRC1_PRIV                  AEMU_SH_FIELD(0x00100000u, 20)
#define AEMU_SH_RSRC1_DX10_CLAMP            AEMU_SH_FIELD(0x00200000u, 21)
#define AEMU_SH_RSRC1_IEEE_MODE             AEMU_SH_FIELD(0x00800000u, 23)

/* COMPUTE_PGM_RSRC2 */
#define AEMU_SH_RSRC2_SCRATCH_EN            AEMU_SH_FIELD(0x00000001u, 0)
#define AEMU_SH_RSRC2_USER_SGPR             AEMU_SH_FIELD(0x0000003eu, 1)
#define AEMU_SH_RSRC2_TRAP_PRESENT          AEMU_SH_FIELD(0x00000040u, 6)
#define AEMU_SH_RSRC2_TGID_X_EN             AEMU_SH_FIELD(0x00000080u, 7)
#define AEMU_SH_RSRC2_TGID_Y_EN             AEMU_SH_FIELD(0x00000100u, 8)
#define AEMU_SH_RSRC2_TGID_Z_EN             AEMU_SH_FIELD(0x00000200u, 9)
#define AEMU_SH_RSRC2_TG_SIZE_EN            AEMU_SH_FIELD(0x00000400u, 10)
#define AEMU_SH_RSRC2_TIDIG_COMP_CNT        AEMU_SH_FIELD(0x00001800u, 11)
#define AEMU_SH_RSRC2_LDS_SIZE              AEMU_SH_FIELD(0x00ff8000u, 15)

/* COMPUTE_TMPRING_SIZE */
#define AEMU_SH_TMPRING_WAVES               AEMU_SH_FIELD(0x00000fffu, 0)
#define AEMU_SH_TMPRING_WAVESIZE            AEMU_SH_FIELD(0x01fff000u, 12)

/*
 * SQ_WAVE_HW_ID: the fields the dispatch fills for s_getreg and the SQ
 * interrupt (shader-execution.md 4.1; the other ids stay 0: one CU).
 */
#define AEMU_SH_HW_ID_WAVE_ID               AEMU_SH_FIELD(0x0000000fu, 0)
#define AEMU_SH_HW_ID_SIMD_ID               AEMU_SH_FIELD(0x00000030u, 4)
#define AEMU_SH_HW_ID_VM_ID                 AEMU_SH_FIELD(0x00f00000u, 20)

/* SQ_CMD: the command the driver broadcasts to the SQs (aemu_sh_sq_cmd). */
#define AEMU_SQ_CMD_CMD                     AEMU_SH_FIELD(0x00000007u, 0)
#define AEMU_SQ_CMD_MODE                    AEMU_SH_FIELD(0x00000070u, 4)
#define AEMU_SQ_CMD_CHECK_VMID              AEMU_SH_FIELD(0x00000080u, 7)
#define AEMU_SQ_CMD_VM_ID                   AEMU_SH_FIELD(0xf0000000u, 28)

/* SH_MEM_BASES (per VMID): the FLAT apertures' address bits 63:48. */
#define AEMU_SH_MEM_BASES_PRIVATE_BASE      AEMU_SH_FIELD(0x0000ffffu, 0)
#define AEMU_SH_MEM_BASES_SHARED_BASE       AEMU_SH_FIELD(0xffff0000u, 16)

/*
 * Units: VGPRs are allocated in granules of 4 and SGPRs of 8 (RSRC1,
 * AMDGPUUsage "compute_pgm_rsrc1"); RSRC2.LDS_SIZE counts 128 dwords on
 * gfx7+; TMPRING_SIZE.WAVESIZE counts 1 KiB (shader-execution.md 4.3).
 */
#define AEMU_SH_VGPR_GRANULE                4u
#define AEMU_SH_SGPR_GRANULE                8u
#define AEMU_SH_LDS_GRANULE_BYTES           512u
#define AEMU_SH_TMPRING_WAVESIZE_BYTES      1024u

/* MODE at wave start: FLOAT_MODE is MODE[7:0], then DX10_CLAMP, IEEE. */
#define AEMU_SH_MODE_DX10_CLAMP_SHIFT       8
#define AEMU_SH_MODE_IEEE_SHIFT             9

#endif
