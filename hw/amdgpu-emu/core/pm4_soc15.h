/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * amdgpu-emu core: what the gfx9 (SOC15) PM4 format adds to the CIK one.
 *
 * The packet header and the packets both generations share are
 * pm4_cik.h's (soc15d.h repeats cikd.h for them). Here: the opcodes cikd.h
 * lacks -- FRAME_CONTROL and the KIQ's queue-management packets -- and
 * the fields of the KIQ packets, spelled as soc15d.h spells its
 * constructor macros, with a PM4_ decode mask where soc15d.h only builds.
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

/* QUERY_STATUS dwords 1 and 2 (CONTROL, CONTROL2). */
#define PACKET3_QUERY_STATUS_CONTEXT_ID(x)      ((uint32_t)(x) << 0)
#define PACKET3_QUERY_STATUS_INTERRUPT_SEL(x)   ((uint32_t)(x) << 28)
#define PACKET3_QUERY_STATUS_COMMAND(x)         ((uint32_t)(x) << 30)
#define PACKET3_QUERY_STATUS_DOORBELL_OFFSET(x) ((uint32_t)(x) << 2)
#define PACKET3_QUERY_STATUS_ENG_SEL(x)         ((uint32_t)(x) << 25)
#define PM4_QUERY_STATUS_INTERRUPT_SEL(c)   (((c) >> 28) & 0x3)

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
