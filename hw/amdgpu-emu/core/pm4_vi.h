/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * amdgpu-emu core: what the gfx8 (VI) PM4 format adds to the CIK one: the
 * KIQ's queue-management packets (vid.h). SET_RESOURCES and UNMAP_QUEUES
 * have the layout gfx9 kept (pm4_soc15.h spells them); MAP_QUEUES differs:
 * VI names the queue, pipe and ME in dword 2, beside the doorbell, where
 * gfx9 moved them into dword 1.
 */
#ifndef AMDGPU_EMU_PM4_VI_H
#define AMDGPU_EMU_PM4_VI_H

#include "pm4_soc15.h"

/*
 * MAP_QUEUES dword 2 on VI (PACKET3_MAP_QUEUES_QUEUE/_PIPE/_ME in vid.h):
 * DOORBELL_OFFSET [25:2] (the doorbell's byte offset, index << 2), QUEUE
 * [28:26], PIPE [30:29], ME [31] (0: MEC1, gfx_v8_0_kiq_kcq_enable).
 */
#define PACKET3_VI_MAP_QUEUES_QUEUE(x)      ((uint32_t)(x) << 26)
#define PACKET3_VI_MAP_QUEUES_PIPE(x)       ((uint32_t)(x) << 29)
#define PACKET3_VI_MAP_QUEUES_ME(x)         ((uint32_t)(x) << 31)
#define PM4_VI_MAP_QUEUES_DOORBELL_MASK     0x03FFFFFCu
#define PM4_VI_MAP_QUEUES_QUEUE(c)          (((c) >> 26) & 0x7)
#define PM4_VI_MAP_QUEUES_PIPE(c)           (((c) >> 29) & 0x3)
#define PM4_VI_MAP_QUEUES_ME(c)             (((c) >> 31) & 0x1)
/*
 * UNMAP_QUEUES dwords 2-5 on VI: DOORBELL_OFFSET0..3 [25:2] (vid.h's
 * PACKET3_UNMAP_QUEUES_DOORBELL_OFFSETn), the same field as MAP_QUEUES'.
 */
/* SET_RESOURCES' body: VMID mask, queue mask lo/hi, GWS lo/hi, OAC, GDS. */
#define PM4_VI_SET_RESOURCES_BODY           7

#endif
