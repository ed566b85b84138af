/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * amdgpu-emu core: what the gfx9 (SOC15) PM4 format adds to the CIK one.
 *
 * The packet header and the packets both generations share are
 * pm4_cik.h's (soc15d.h repeats cikd.h for them). Here: the opcodes cikd.h
 * lacks -- FRAME_CONTROL and the KIQ's queue-management packets -- and
 * the fields of the KIQ packets, spelled as soc15d.h spells its
 * constructor macros, with a PM4_ decode mask where soc15d.h only builds;
 * and the hardware scheduler's packets KFD sends on the HIQ (RUN_LIST,
 * MAP_PROCESS and the HWS reading of the KIQ packets), from Linux 6.12's
 * amdkfd/kfd_pm4_headers_ai.h and kfd_pm4_opcodes.h.
 */
#ifndef AMDGPU_EMU_PM4_SOC15_H
#define AMDGPU_EMU_PM4_SOC15_H

#include "pm4_cik.h"

#define PACKET3_FRAME_CONTROL               0x90
#define PACKET3_INVALIDATE_TLBS             0x98
#define PACKET3_SET_RESOURCES               0xA0
#define PACKET3_MAP_QUEUES                  0xA2
#define PACKET3_UNMAP_QUEUES                0xA3
#define PACKET3_QUERY_STATUS                0xA4
/*
 * The hardware scheduler's own packets, which KFD sends on the HIQ and in
 * its runlist IBs (amdkfd/kfd_pm4_opcodes.h: IT_MAP_PROCESS, IT_RUN_LIST).
 */
#define PACKET3_MAP_PROCESS                 0xA1
#define PACKET3_RUN_LIST                    0xA5

/* SET_UCONFIG_REG dword 1: INDEX [31:28] (gfx_v9_0_cp_gfx_start). */
#define PACKET3_SET_UCONFIG_REG_INDEX_TYPE  (2u << 28)

/* RELEASE_MEM dword 1 (soc15d.h): the L2 write-back action. */
#define EOP_TC_WB_ACTION_EN                 (1u << 15)

/* RELEASE_MEM on gfx9: a 7-dword body, the last one INT_CTXID. */
#define PM4_RELEASE_MEM_GFX9_BODY           7

/* SET_RESOURCES dword 1 (PACKET3_SET_RESOURCES_VMID_MASK/_QUEUE_TYPE). */
#define PACKET3_SET_RESOURCES_VMID_MASK(x)  ((uint32_t)(x) << 0)
#define PACKET3_SET_RESOURCES_QUEUE_TYPE(x) ((uint32_t)(x) << 29)
#define PM4_SET_RESOURCES_VMID_MASK_MASK    0x0000FFFFu
/*
 * The rest of SET_RESOURCES as the HWS reads it (amdkfd/kfd_pm4_headers_ai.h,
 * struct pm4_mes_set_resources): dword 1 UNMAP_LATENCY [23:16] (100 ms
 * units) and QUEUE_TYPE [31:29]; dwords 2-3 queue mask, 4-5 GWS mask;
 * dword 6 OAC_MASK [15:0]; dword 7 GDS_HEAP_BASE [9:0], GDS_HEAP_SIZE
 * [20:11].
 */
#define PM4_SET_RESOURCES_UNMAP_LATENCY(c)  (((c) >> 16) & 0xFF)
#define PM4_SET_RESOURCES_QUEUE_TYPE(c)     (((c) >> 29) & 0x7)
#define PM4_SET_RESOURCES_OAC_MASK(c)       ((c) & 0xFFFF)
#define PM4_SET_RESOURCES_GDS_HEAP_BASE(c)  ((c) & 0x3FF)
#define PM4_SET_RESOURCES_GDS_HEAP_SIZE(c)  (((c) >> 11) & 0x3FF)
/* QUEUE_TYPE (mes_set_resources_queue_type_enum). */
#define PM4_SET_RESOURCES_QUEUE_TYPE_KIQ    0
#define PM4_SET_RESOURCES_QUEUE_TYPE_HIQ    1
#define PM4_SET_RESOURCES_QUEUE_TYPE_DIQ    4

/* MAP_QUEUES dword 1 (CONTROL); the widths follow from the shifts. */
#define PACKET3_MAP_QUEUES_QUEUE_SEL(x)     ((uint32_t)(x) << 4)
#define PACKET3_MAP_QUEUES_VMID(x)          ((uint32_t)(x) << 8)
#define PACKET3_MAP_QUEUES_QUEUE(x)         ((uint32_t)(x) << 13)
#define PACKET3_MAP_QUEUES_PIPE(x)          ((uint32_t)(x) << 16)
#define PACKET3_MAP_QUEUES_ME(x)            ((uint32_t)(x) << 18)
#define PACKET3_MAP_QUEUES_QUEUE_TYPE(x)    ((uint32_t)(x) << 21)
#define PACKET3_MAP_QUEUES_ALLOC_FORMAT(x)  ((uint32_t)(x) << 24)
#define PACKET3_MAP_QUEUES_ENGINE_SEL(x)    ((uint32_t)(x) << 26)
#define PACKET3_MAP_QUEUES_NUM_QUEUES(x)    ((uint32_t)(x) << 29)
#define PM4_MAP_QUEUES_QUEUE_SEL(c)         (((c) >> 4) & 0x3)
#define PM4_MAP_QUEUES_VMID(c)              (((c) >> 8) & 0xF)
#define PM4_MAP_QUEUES_QUEUE(c)             (((c) >> 13) & 0x7)
#define PM4_MAP_QUEUES_PIPE(c)              (((c) >> 16) & 0x3)
#define PM4_MAP_QUEUES_ME(c)                (((c) >> 18) & 0x3)
#define PM4_MAP_QUEUES_QUEUE_TYPE(c)        (((c) >> 21) & 0x7)
#define PM4_MAP_QUEUES_ENGINE_SEL(c)        (((c) >> 26) & 0x7)
#define PM4_MAP_QUEUES_NUM_QUEUES(c)        (((c) >> 29) & 0x7)
/* MAP_QUEUES QUEUE_SEL (mes_map_queues_queue_sel_enum). */
#define PM4_MAP_QUEUES_SEL_SPECIFIED        0
#define PM4_MAP_QUEUES_SEL_HWS_DETERMINED   1
/* ENGINE_SEL: compute, the HIQ (both an MEC HQD), SDMA0/1, gfx. */
#define PM4_MAP_QUEUES_ENGINE_COMPUTE       0
#define PM4_MAP_QUEUES_ENGINE_HIQ           1
#define PM4_MAP_QUEUES_ENGINE_SDMA0         2
#define PM4_MAP_QUEUES_ENGINE_SDMA1         3
/* MAP_QUEUES dword 1 bit 12: the queue that controls GWS (KFD's is_gws). */
#define PM4_MAP_QUEUES_GWS_CONTROL_QUEUE(c) (((c) >> 12) & 0x1)
/* MAP_QUEUES dword 2 (CONTROL2). */
#define PACKET3_MAP_QUEUES_CHECK_DISABLE(x)   ((uint32_t)(x) << 1)
#define PACKET3_MAP_QUEUES_DOORBELL_OFFSET(x) ((uint32_t)(x) << 2)
/* The doorbell fields hold the dword index << 2: the byte offset. */
#define PM4_DOORBELL_OFFSET_MASK            0x0FFFFFFCu

/* UNMAP_QUEUES dword 1 (CONTROL). */
#define PACKET3_UNMAP_QUEUES_ACTION(x)      ((uint32_t)(x) << 0)
#define PACKET3_UNMAP_QUEUES_QUEUE_SEL(x)   ((uint32_t)(x) << 4)
#define PACKET3_UNMAP_QUEUES_ENGINE_SEL(x)  ((uint32_t)(x) << 26)
#define PACKET3_UNMAP_QUEUES_NUM_QUEUES(x)  ((uint32_t)(x) << 29)
#define PACKET3_UNMAP_QUEUES_DOORBELL_OFFSET0(x) ((uint32_t)(x) << 2)
#define PM4_UNMAP_QUEUES_ACTION(c)          ((c) & 0x3)
#define PM4_UNMAP_QUEUES_QUEUE_SEL(c)       (((c) >> 4) & 0x3)
#define PM4_UNMAP_QUEUES_ENGINE_SEL(c)      (((c) >> 26) & 0x7)
#define PM4_UNMAP_QUEUES_NUM_QUEUES(c)      (((c) >> 29) & 0x7)
/* ACTION (amdgpu_unmap_queues_action, soc15d.h's comment). */
#define PM4_UNMAP_PREEMPT_QUEUES            0
#define PM4_UNMAP_RESET_QUEUES              1
#define PM4_UNMAP_DISABLE_PROCESS_QUEUES    2
#define PM4_UNMAP_PREEMPT_QUEUES_NO_UNMAP   3
/* QUEUE_SEL: 0 the doorbell offsets given, 1 a PASID, 2/3 all queues. */
#define PM4_UNMAP_QUEUE_SEL_DOORBELLS       0
#define PM4_UNMAP_QUEUE_SEL_PASID           1
#define PM4_UNMAP_QUEUE_SEL_ALL             2
#define PM4_UNMAP_QUEUE_SEL_ALL_NON_STATIC  3
/* UNMAP_QUEUES dword 2 with QUEUE_SEL 1: PASID [15:0]. */
#define PM4_UNMAP_QUEUES_PASID(c)           ((c) & 0xFFFF)

/* QUERY_STATUS dwords 1 and 2 (CONTROL, CONTROL2). */
#define PACKET3_QUERY_STATUS_CONTEXT_ID(x)      ((uint32_t)(x) << 0)
#define PACKET3_QUERY_STATUS_INTERRUPT_SEL(x)   ((uint32_t)(x) << 28)
#define PACKET3_QUERY_STATUS_COMMAND(x)         ((uint32_t)(x) << 30)
#define PACKET3_QUERY_STATUS_DOORBELL_OFFSET(x) ((uint32_t)(x) << 2)
#define PACKET3_QUERY_STATUS_ENG_SEL(x)         ((uint32_t)(x) << 25)
#define PM4_QUERY_STATUS_INTERRUPT_SEL(c)   (((c) >> 28) & 0x3)
#define PM4_QUERY_STATUS_CONTEXT_ID(c)      ((c) & 0x0FFFFFFF)
#define PM4_QUERY_STATUS_COMMAND(c)         (((c) >> 30) & 0x3)
/*
 * INTERRUPT_SEL says what is queried (mes_query_status_interrupt_sel_enum):
 * only 0, the completion of the earlier packets, is modelled. COMMAND says
 * what to do then (mes_query_status_command_enum): interrupt, fence at
 * once, fence after the writes are acknowledged, or both.
 */
#define PM4_QUERY_STATUS_SEL_COMPLETION     0
#define PM4_QUERY_STATUS_CMD_INTERRUPT_ONLY 0
#define PM4_QUERY_STATUS_CMD_FENCE_NOW      1
#define PM4_QUERY_STATUS_CMD_FENCE_AFTER_ACK 2
#define PM4_QUERY_STATUS_CMD_FENCE_AND_INT  3

/*
 * RUN_LIST (struct pm4_mes_runlist): dword 1 IB_BASE_LO [31:2], dword 2
 * IB_BASE_HI, dword 3 IB_SIZE [19:0] in dwords, CHAIN [20],
 * OFFLOAD_POLLING [21], CHAINED_RUNLIST_IDLE_DISABLE [22], VALID [23],
 * PROCESS_CNT [27:24].
 */
#define PM4_RUN_LIST_IB_BASE_LO_MASK        0xFFFFFFFCu
#define PM4_RUN_LIST_IB_SIZE(c)             ((c) & 0xFFFFF)
#define PM4_RUN_LIST_CHAIN(c)               (((c) >> 20) & 0x1)
#define PM4_RUN_LIST_OFFLOAD_POLLING(c)     (((c) >> 21) & 0x1)
#define PM4_RUN_LIST_VALID(c)               (((c) >> 23) & 0x1)
#define PM4_RUN_LIST_PROCESS_CNT(c)         (((c) >> 24) & 0xF)
#define PM4_RUN_LIST_BODY                   3

/*
 * MAP_PROCESS on gfx9 (struct pm4_mes_map_process, 16 dwords): body
 * dword 0 PASID [15:0], DEBUG_VMID [21:18], DIQ_ENABLE [24],
 * PROCESS_QUANTUM [31:25]; 1-2 the page-table base as
 * VM_CONTEXTn_PAGE_TABLE_BASE_ADDR_LO32/HI32 take it; 3 SH_MEM_BASES;
 * 4 SH_MEM_CONFIG; 5-6 SQ_SHADER_TBA lo/hi; 7-8 TMA lo/hi; 10-11 GDS
 * address; 12 NUM_GWS [6:0], SDMA_ENABLE [7], NUM_OAC [11:8], GDS size
 * [15:12] high and [21:16] low, NUM_QUEUES [31:22]; 13-14 completion
 * signal.
 */
#define PM4_MAP_PROCESS_BODY                15
#define PM4_MAP_PROCESS_PASID(c)            ((c) & 0xFFFF)
#define PM4_MAP_PROCESS_DEBUG_VMID(c)       (((c) >> 18) & 0xF)
#define PM4_MAP_PROCESS_DIQ_ENABLE(c)       (((c) >> 24) & 0x1)
#define PM4_MAP_PROCESS_QUANTUM(c)          (((c) >> 25) & 0x7F)
#define PM4_MAP_PROCESS_PT_BASE_LO          1
#define PM4_MAP_PROCESS_PT_BASE_HI          2
#define PM4_MAP_PROCESS_SH_MEM_BASES        3
#define PM4_MAP_PROCESS_SH_MEM_CONFIG       4
#define PM4_MAP_PROCESS_TBA_LO              5
#define PM4_MAP_PROCESS_TBA_HI              6
#define PM4_MAP_PROCESS_TMA_LO              7
#define PM4_MAP_PROCESS_TMA_HI              8
#define PM4_MAP_PROCESS_GDS_LO              10
#define PM4_MAP_PROCESS_GDS_HI              11
#define PM4_MAP_PROCESS_RESOURCES           12
#define PM4_MAP_PROCESS_NUM_GWS(c)          ((c) & 0x7F)
#define PM4_MAP_PROCESS_NUM_OAC(c)          (((c) >> 8) & 0xF)
#define PM4_MAP_PROCESS_NUM_QUEUES(c)       (((c) >> 22) & 0x3FF)
#define PM4_MAP_PROCESS_COMPLETION_LO       13
#define PM4_MAP_PROCESS_COMPLETION_HI       14
/* MAP_QUEUES' and UNMAP_QUEUES' body lengths (7 and 6 dwords). */
#define PM4_MAP_QUEUES_BODY                 6
#define PM4_UNMAP_QUEUES_BODY               5

/* INVALIDATE_TLBS dword 1. */
#define PACKET3_INVALIDATE_TLBS_DST_SEL(x)    ((uint32_t)(x) << 0)
#define PACKET3_INVALIDATE_TLBS_ALL_HUB(x)    ((uint32_t)(x) << 4)
#define PACKET3_INVALIDATE_TLBS_PASID(x)      ((uint32_t)(x) << 5)
#define PACKET3_INVALIDATE_TLBS_FLUSH_TYPE(x) ((uint32_t)(x) << 29)

/*
 * WRITE_DATA DST_SEL 8: the preemption metadata the CE writes to the CSA
 * (gfx_v9_0_ring_emit_ce_meta, on every gfx submission since
 * gfx_v9_ring_emit_cntxcntl calls it unconditionally).
 */
#define PM4_DST_SEL_PREEMPTION_META         8

/* DMA_DATA DST_SEL 2 on gfx9: read the source, write nothing (sid.h). */
#define PM4_DMA_DATA_DST_SEL_NOWHERE        2

#endif
