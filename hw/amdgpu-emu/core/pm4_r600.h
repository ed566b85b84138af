/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * amdgpu-emu core: the R600 family's PM4 type-3 opcodes (radeon r600d.h).
 *
 * Spelled R600_PACKET3_<radeon's name>: the shared PM4 code includes the
 * CIK opcodes (pm4_cik.h) under the plain names, and several R600 numbers
 * differ (INDIRECT_BUFFER is 0x32 here, 0x3f on CIK) or name other packets
 * there (0x3d is R600's MEM_WRITE). SET_CONFIG_REG and SET_CONTEXT_REG
 * keep CIK's numbers (0x68, 0x69), so the shared SET_*_REG handler picks
 * the right window from the opcode.
 */
#ifndef AMDGPU_EMU_PM4_R600_H
#define AMDGPU_EMU_PM4_R600_H

#define R600_PACKET3_NOP                    0x10
#define R600_PACKET3_INDIRECT_BUFFER_END    0x17
#define R600_PACKET3_SET_PREDICATION        0x20
#define R600_PACKET3_REG_RMW                0x21
#define R600_PACKET3_COND_EXEC              0x22
#define R600_PACKET3_PRED_EXEC              0x23
#define R600_PACKET3_START_3D_CMDBUF        0x24
#define R600_PACKET3_DRAW_INDEX_2           0x27
#define R600_PACKET3_CONTEXT_CONTROL        0x28
#define R600_PACKET3_DRAW_INDEX_IMMD_BE     0x29
#define R600_PACKET3_INDEX_TYPE             0x2a
#define R600_PACKET3_DRAW_INDEX             0x2b
#define R600_PACKET3_DRAW_INDEX_AUTO        0x2d
#define R600_PACKET3_DRAW_INDEX_IMMD        0x2e
#define R600_PACKET3_NUM_INSTANCES          0x2f
#define R600_PACKET3_INDIRECT_BUFFER        0x32
#define R600_PACKET3_STRMOUT_BUFFER_UPDATE  0x34
#define R600_PACKET3_INDIRECT_BUFFER_MP     0x38
#define R600_PACKET3_MEM_SEMAPHORE          0x39
#define R600_PACKET3_MPEG_INDEX             0x3a
#define R600_PACKET3_COPY_DW                0x3b
#define R600_PACKET3_WAIT_REG_MEM           0x3c
#define R600_PACKET3_MEM_WRITE              0x3d
#define R600_PACKET3_CP_DMA                 0x41
#define R600_PACKET3_PFP_SYNC_ME            0x42
#define R600_PACKET3_SURFACE_SYNC           0x43
#define R600_PACKET3_ME_INITIALIZE          0x44
#define R600_PACKET3_COND_WRITE             0x45
#define R600_PACKET3_EVENT_WRITE            0x46
#define R600_PACKET3_EVENT_WRITE_EOP        0x47
#define R600_PACKET3_ONE_REG_WRITE          0x57
#define R600_PACKET3_SET_CONFIG_REG         0x68
#define R600_PACKET3_SET_CONTEXT_REG        0x69
#define R600_PACKET3_SET_ALU_CONST          0x6a
#define R600_PACKET3_SET_BOOL_CONST         0x6b
#define R600_PACKET3_SET_LOOP_CONST         0x6c
#define R600_PACKET3_SET_RESOURCE           0x6d
#define R600_PACKET3_SET_SAMPLER            0x6e
#define R600_PACKET3_SET_CTL_CONST          0x6f
#define R600_PACKET3_SURFACE_BASE_UPDATE    0x73

/* SET_CONFIG_REG / SET_CONTEXT_REG windows, bytes (r600d.h). */
#define R600_PACKET3_SET_CONFIG_REG_OFFSET  0x00008000u
#define R600_PACKET3_SET_CONFIG_REG_END     0x0000ac00u
#define R600_PACKET3_SET_CONTEXT_REG_OFFSET 0x00028000u
#define R600_PACKET3_SET_CONTEXT_REG_END    0x00029000u

/* CP_DMA: src hi [7:0] | CP_SYNC [31], dst hi [7:0], command | count. */
#define R600_CP_DMA_ADDR_HI_MASK            0xffu
/* MEM_WRITE's second dword: address [39:32], DATA32 (r600_cs.c, r600.c). */
#define R600_MEM_WRITE_ADDR_HI_MASK         0xffu
#define R600_MEM_WRITE_DATA32               (1u << 18)

#endif
