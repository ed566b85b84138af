/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * amdgpu-emu core: the PM4 packet format of the CIK command processor.
 *
 * Packet types, type-3 opcodes and the bit fields of the packets the CP
 * model decodes. Names follow the drivers' spelling (amdgpu/cikd.h, which
 * radeon/cikd.h repeats) so that the model reads like the code that emits
 * the packets; values are read from cikd.h. Fields cikd.h only builds with
 * a constructor macro get a decode mask here under a PM4_ name; fields
 * cikd.h does not define at all are marked with their source.
 */
#ifndef AMDGPU_EMU_PM4_CIK_H
#define AMDGPU_EMU_PM4_CIK_H

#include <stdint.h>

/* Header: type [31:30]; type 0/3: count [29:16] = body dwords - 1. */
#define PACKET_TYPE0    0
#define PACKET_TYPE1    1
#define PACKET_TYPE2    2
#define PACKET_TYPE3    3

#define CP_PACKET_GET_TYPE(h)       (((h) >> 30) & 3)
#define CP_PACKET_GET_COUNT(h)      (((h) >> 16) & 0x3FFF)
#define CP_PACKET0_GET_REG(h)       ((h) & 0xFFFF)
#define CP_PACKET3_GET_OPCODE(h)    (((h) >> 8) & 0xFF)
#define CP_PACKET2                  0x80000000u
/* The largest count field: PACKET3(NOP, 0x3FFF) is a one-dword NOP. */
#define PM4_COUNT_MAX               0x3FFFu
/* Type-3 header bit 1: shader type (compute); bit 0: predicate. */
#define PM4_SHADER_TYPE_COMPUTE     (1u << 1)

#define PACKET3(op, n) \
    ((uint32_t)PACKET_TYPE3 << 30 | ((uint32_t)(op) & 0xFF) << 8 | \
     ((uint32_t)(n) & 0x3FFF) << 16)
#define PACKET0(reg, n) \
    ((uint32_t)PACKET_TYPE0 << 30 | ((uint32_t)(reg) & 0xFFFF) | \
     ((uint32_t)(n) & 0x3FFF) << 16)

/* Type-3 opcodes (cikd.h). */
#define PACKET3_NOP                         0x10
#define PACKET3_SET_BASE                    0x11
#define     PACKET3_BASE_INDEX(x)           ((x) << 0)
#define         CE_PARTITION_BASE           3
#define PACKET3_CLEAR_STATE                 0x12
#define PACKET3_INDEX_BUFFER_SIZE           0x13
#define PACKET3_DISPATCH_DIRECT             0x15
#define PACKET3_DISPATCH_INDIRECT           0x16
#define PACKET3_ATOMIC_GDS                  0x1D
#define PACKET3_ATOMIC_MEM                  0x1E
#define PACKET3_OCCLUSION_QUERY             0x1F
#define PACKET3_SET_PREDICATION             0x20
#define PACKET3_REG_RMW                     0x21
#define PACKET3_COND_EXEC                   0x22
#define PACKET3_PRED_EXEC                   0x23
#define PACKET3_DRAW_INDIRECT               0x24
#define PACKET3_DRAW_INDEX_INDIRECT         0x25
#define PACKET3_INDEX_BASE                  0x26
#define PACKET3_DRAW_INDEX_2                0x27
#define PACKET3_CONTEXT_CONTROL             0x28
#define PACKET3_INDEX_TYPE                  0x2A
#define PACKET3_DRAW_INDIRECT_MULTI         0x2C
#define PACKET3_DRAW_INDEX_AUTO             0x2D
#define PACKET3_NUM_INSTANCES               0x2F
#define PACKET3_DRAW_INDEX_MULTI_AUTO       0x30
#define PACKET3_INDIRECT_BUFFER_CONST       0x33
#define PACKET3_STRMOUT_BUFFER_UPDATE       0x34
#define PACKET3_DRAW_INDEX_OFFSET_2         0x35
#define PACKET3_DRAW_PREAMBLE               0x36
#define PACKET3_WRITE_DATA                  0x37
#define PACKET3_DRAW_INDEX_INDIRECT_MULTI   0x38
#define PACKET3_MEM_SEMAPHORE               0x39
#define PACKET3_COPY_DW                     0x3B
#define PACKET3_WAIT_REG_MEM                0x3C
#define PACKET3_INDIRECT_BUFFER             0x3F
#define PACKET3_COPY_DATA                   0x40
#define PACKET3_PFP_SYNC_ME                 0x42
#define PACKET3_SURFACE_SYNC                0x43
#define PACKET3_COND_WRITE                  0x45
#define PACKET3_EVENT_WRITE                 0x46
#define PACKET3_EVENT_WRITE_EOP             0x47
#define PACKET3_EVENT_WRITE_EOS             0x48
#define PACKET3_RELEASE_MEM                 0x49
#define PACKET3_PREAMBLE_CNTL               0x4A
#define     PACKET3_PREAMBLE_BEGIN_CLEAR_STATE  (2u << 28)
#define     PACKET3_PREAMBLE_END_CLEAR_STATE    (3u << 28)
#define PACKET3_DMA_DATA                    0x50
#define PACKET3_ACQUIRE_MEM                 0x58
#define PACKET3_REWIND                      0x59
#define PACKET3_LOAD_UCONFIG_REG            0x5E
#define PACKET3_LOAD_SH_REG                 0x5F
#define PACKET3_LOAD_CONFIG_REG             0x60
#define PACKET3_LOAD_CONTEXT_REG            0x61
#define PACKET3_SET_CONFIG_REG              0x68
#define     PACKET3_SET_CONFIG_REG_START        0x00002000u
#define     PACKET3_SET_CONFIG_REG_END          0x00002c00u
#define PACKET3_SET_CONTEXT_REG             0x69
#define     PACKET3_SET_CONTEXT_REG_START       0x0000a000u
#define     PACKET3_SET_CONTEXT_REG_END         0x0000a400u
#define PACKET3_SET_CONTEXT_REG_INDIRECT    0x73
#define PACKET3_SET_SH_REG                  0x76
#define     PACKET3_SET_SH_REG_START            0x00002c00u
#define     PACKET3_SET_SH_REG_END              0x00003000u
#define PACKET3_SET_SH_REG_OFFSET           0x77
#define PACKET3_SET_QUEUE_REG               0x78
#define PACKET3_SET_UCONFIG_REG             0x79
#define     PACKET3_SET_UCONFIG_REG_START       0x0000c000u
#define     PACKET3_SET_UCONFIG_REG_END         0x0000c400u
#define PACKET3_SCRATCH_RAM_WRITE           0x7D
#define PACKET3_SCRATCH_RAM_READ            0x7E
#define PACKET3_LOAD_CONST_RAM              0x80
#define PACKET3_WRITE_CONST_RAM             0x81
#define PACKET3_DUMP_CONST_RAM              0x83
#define PACKET3_INCREMENT_CE_COUNTER        0x84
#define PACKET3_INCREMENT_DE_COUNTER        0x85
#define PACKET3_WAIT_ON_CE_COUNTER          0x86
#define PACKET3_WAIT_ON_DE_COUNTER_DIFF     0x88
#define PACKET3_SET_CE_DE_COUNTERS          0x89
#define PACKET3_SWITCH_BUFFER               0x8B

/* Address bits [47:32] in the dword that also carries a packet's fields. */
#define PM4_ADDR_HI16_MASK                  0x0000FFFFu

/* SET_*_REG dword 1: register offset [15:0]; CI index [31:28]. */
#define PM4_SET_REG_OFFSET_MASK             0x0000FFFFu

/* WRITE_DATA dword 1 (cikd.h WRITE_DATA_DST_SEL, WR_ONE_ADDR, ...). */
#define WRITE_DATA_DST_SEL(x)               ((x) << 8)
#define WR_ONE_ADDR                         (1u << 16)
#define WR_CONFIRM                          (1u << 20)
#define WRITE_DATA_ENGINE_SEL(x)            ((uint32_t)(x) << 30)
#define PM4_WRITE_DATA_DST_SEL_MASK         (0xFu << 8)
#define PM4_WRITE_DATA_DST_SEL_SHIFT        8
/* DST_SEL values: cikd.h's comment on WRITE_DATA_DST_SEL. */
#define PM4_DST_SEL_REGISTER                0
#define PM4_DST_SEL_MEMORY_SYNC             1
#define PM4_DST_SEL_TC_L2                   2
#define PM4_DST_SEL_GDS                     3
#define PM4_DST_SEL_MEMORY_ASYNC            5

/* WAIT_REG_MEM dword 1 (cikd.h WAIT_REG_MEM_FUNCTION, _MEM_SPACE, ...). */
#define WAIT_REG_MEM_FUNCTION(x)            ((x) << 0)
#define WAIT_REG_MEM_MEM_SPACE(x)           ((x) << 4)
#define WAIT_REG_MEM_OPERATION(x)           ((x) << 6)
#define WAIT_REG_MEM_ENGINE(x)              ((x) << 8)
#define PM4_WAIT_REG_MEM_FUNCTION_MASK      0x7u
/* MEM_SPACE is two bits on CI (2 = TC/L2; AMD PAL si_ci_vi pm4defs). */
#define PM4_WAIT_REG_MEM_MEM_SPACE_MASK     (0x3u << 4)
#define PM4_WAIT_REG_MEM_MEM_SPACE_SHIFT    4
#define PM4_WAIT_REG_MEM_OPERATION_MASK     (0x3u << 6)
#define PM4_WAIT_REG_MEM_OPERATION_SHIFT    6
/* Functions, as cikd.h's comment lists them. */
#define PM4_FUNC_ALWAYS                     0
#define PM4_FUNC_LESS                       1
#define PM4_FUNC_LESS_EQUAL                 2
#define PM4_FUNC_EQUAL                      3
#define PM4_FUNC_NOT_EQUAL                  4
#define PM4_FUNC_GREATER_EQUAL              5
#define PM4_FUNC_GREATER                    6
#define PM4_WAIT_OP_WAIT                    0
#define PM4_WAIT_OP_WRITE_WAIT_WRITE        1

/* INDIRECT_BUFFER(_CONST) dwords 1-3. */
#define INDIRECT_BUFFER_VALID               (1u << 23)
#define PM4_IB_ADDR_LO_MASK                 0xFFFFFFFCu   /* [1:0] swap */
#define PM4_IB_SIZE_MASK                    0x000FFFFFu
#define PM4_IB_VMID_MASK                    (0xFu << 24)
#define PM4_IB_VMID_SHIFT                   24

/* EVENT_WRITE(_EOP), RELEASE_MEM event control (cikd.h). */
#define EVENT_TYPE(x)                       ((x) << 0)
#define EVENT_INDEX(x)                      ((x) << 8)
#define EOP_TCL1_ACTION_EN                  (1u << 16)
#define EOP_TC_ACTION_EN                    (1u << 17)
#define EOP_EXEC                            (1u << 28)
#define DATA_SEL(x)                         ((uint32_t)(x) << 29)
#define INT_SEL(x)                          ((uint32_t)(x) << 24)
#define PM4_EVENT_INDEX_MASK                (0xFu << 8)
#define PM4_EVENT_INDEX_SHIFT               8
#define PM4_DATA_SEL_MASK                   (0x7u << 29)
#define PM4_DATA_SEL_SHIFT                  29
/* INT_SEL is two bits on EVENT_WRITE_EOP, three on RELEASE_MEM (PAL). */
#define PM4_INT_SEL_MASK                    (0x7u << 24)
#define PM4_INT_SEL_SHIFT                   24
/* DATA_SEL values: cikd.h's comment on DATA_SEL. */
#define PM4_DATA_SEL_DISCARD                0
#define PM4_DATA_SEL_DATA32                 1
#define PM4_DATA_SEL_DATA64                 2
#define PM4_DATA_SEL_GPU_CLOCK              3
#define PM4_DATA_SEL_SYS_COUNTER            4
/* INT_SEL values: cikd.h's comment on INT_SEL (3: data, no interrupt). */
#define PM4_INT_SEL_NONE                    0
#define PM4_INT_SEL_SEND_INT                1
#define PM4_INT_SEL_SEND_INT_ON_CONFIRM     2
/*
 * RELEASE_MEM on CIK: a 6-dword body (gfx_v7_0_ring_emit_fence_compute):
 * event control, data and interrupt selects, address lo/hi, data lo/hi.
 */
#define PM4_RELEASE_MEM_GFX7_BODY           6
/* cikd.h event types the kernel emits. */
#define CACHE_FLUSH_AND_INV_TS_EVENT        0x14
#define VS_PARTIAL_FLUSH                    0x0F
#define VGT_FLUSH                           0x24

/* EVENT_WRITE_EOS dword 3: command [31:29] (PAL); 2 stores 32-bit data. */
#define PM4_EOS_COMMAND_SHIFT               29
#define PM4_EOS_STORE_DATA32                2

/* MEM_SEMAPHORE dword 2 (cikd.h PACKET3_SEM_*). */
#define PACKET3_SEM_SEL_SIGNAL_TYPE         (1u << 20)
#define PACKET3_SEM_SEL_SIGNAL              (0x6u << 29)
#define PACKET3_SEM_SEL_WAIT                (0x7u << 29)
#define PM4_SEM_SEL_MASK                    (0x7u << 29)

/* DMA_DATA dword 1 control and dword 6 command (cikd.h). */
#define PM4_DMA_DATA_DST_SEL_MASK           (0x3u << 20)
#define PM4_DMA_DATA_DST_SEL_SHIFT          20
#define PM4_DMA_DATA_SRC_SEL_MASK           (0x3u << 29)
#define PM4_DMA_DATA_SRC_SEL_SHIFT          29
#define PM4_DMA_DATA_DST_SEL_DST_ADDR       0
#define PM4_DMA_DATA_DST_SEL_GDS            1
#define PM4_DMA_DATA_DST_SEL_RESERVED       2
#define PM4_DMA_DATA_DST_SEL_DST_ADDR_L2    3
#define PM4_DMA_DATA_SRC_SEL_SRC_ADDR       0
#define PM4_DMA_DATA_SRC_SEL_GDS            1
#define PM4_DMA_DATA_SRC_SEL_DATA           2
#define PM4_DMA_DATA_SRC_SEL_SRC_ADDR_L2    3
#define PACKET3_DMA_DATA_CP_SYNC            (1u << 31)
#define PM4_DMA_DATA_BYTE_COUNT_MASK        0x001FFFFFu
#define PACKET3_DMA_DATA_CMD_SAS            (1u << 26)
#define PACKET3_DMA_DATA_CMD_DAS            (1u << 27)
#define PACKET3_DMA_DATA_CMD_SAIC           (1u << 28)
#define PACKET3_DMA_DATA_CMD_DAIC           (1u << 29)

/* COPY_DATA dword 1 (not in cikd.h: AMD PAL si_ci_vi pm4defs). */
#define PM4_COPY_DATA_SRC_SEL_MASK          0xFu
#define PM4_COPY_DATA_DST_SEL_MASK          (0xFu << 8)
#define PM4_COPY_DATA_DST_SEL_SHIFT         8
#define PM4_COPY_DATA_COUNT_SEL             (1u << 16)
#define PM4_COPY_DATA_SEL_REG               0
#define PM4_COPY_DATA_SEL_MEMORY            1
#define PM4_COPY_DATA_SEL_TC_L2             2
#define PM4_COPY_DATA_SEL_GDS               3
#define PM4_COPY_DATA_SEL_PERF_COUNTER      4
#define PM4_COPY_DATA_SEL_IMMEDIATE         5   /* source only */
#define PM4_COPY_DATA_SEL_ATOMIC_RETURN     6   /* source only */
#define PM4_COPY_DATA_SEL_GDS_ATOMIC0       7   /* source only */
#define PM4_COPY_DATA_SEL_GDS_ATOMIC1       8   /* source only */
#define PM4_COPY_DATA_SEL_MEMORY_ASYNC      5   /* destination only */
#define PM4_COPY_DATA_SEL_REG_DC            6   /* destination only */
#define PM4_COPY_DATA_SEL_GPU_CLOCK         9   /* source only */

/* COND_EXEC (CI layout, PAL): dword 4 EXEC_COUNT [13:0]. */
#define PM4_COND_EXEC_COUNT_MASK            0x3FFFu

/* REG_RMW dword 1 (PAL): register [13:0], OR/AND mask from register. */
#define PM4_REG_RMW_ADDR_MASK               0x3FFFu
#define PM4_REG_RMW_OR_MASK_SRC             (1u << 30)
#define PM4_REG_RMW_AND_MASK_SRC            (1u << 31)

/* Constant-engine RAM packets (PAL): byte offsets, dword counts. */
#define PM4_CE_RAM_OFFSET_MASK              0xFFFCu
#define PM4_CE_RAM_NUM_DWORDS_MASK          0x7FFFu

/* SET_BASE dword 1: base index [3:0]. */
#define PM4_BASE_INDEX_MASK                 0xFu

#endif
