/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * amdgpu-emu core: what the KIQs of gfx8 and gfx9 share beyond cp_hqd.c:
 * UNMAP_QUEUES, whose layout both keep (vid.h, soc15d.h: ACTION,
 * QUEUE_SEL and NUM_QUEUES in dword 1, the doorbell offsets in dwords
 * 2-5). Each KIQ gives how a queue is unmapped (what it writes back into
 * its MQD, what else goes with the queue) and the width of its doorbell
 * fields.
 */
#ifndef AMDGPU_EMU_CP_KIQ_H
#define AMDGPU_EMU_CP_KIQ_H

#include "cp_hqd.h"
#include "cp_pm4_ops.h"

/* Stop q and save it; false with *r set when that faulted. */
typedef bool AemuKiqUnmapFn(AemuDevice *d, AemuPm4Packet *p, AemuCpQueue *q,
                            AemuStep *r);

/*
 * UNMAP_QUEUES on the KIQ: preempt, reset or disable the queues named by
 * their doorbell offsets (QUEUE_SEL 0; up to four, each masked with
 * db_mask) or all of them (QUEUE_SEL 2, 3), with unmap; the KIQ itself
 * stays. PREEMPT_QUEUES_NO_UNMAP leaves them mapped: the model's queues
 * are always at a packet boundary here.
 */
AemuStep aemu_kiq_unmap_queues(AemuDevice *d, AemuHqds *hqds,
                               AemuPm4Packet *p, uint32_t db_mask,
                               AemuKiqUnmapFn *unmap);

#endif
