/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * amdgpu-emu core: the KIQ's UNMAP_QUEUES selection, shared by gfx8 and
 * gfx9 (cp_kiq.h).
 */
#include "cp_kiq.h"
#include "pm4_soc15.h"

/* DOORBELL_OFFSET0..3 are body dwords 1..4 (CONTROL2..CONTROL5). */
#define UNMAP_DOORBELL_DW0      1
#define UNMAP_DOORBELLS_MAX     4

AemuStep aemu_kiq_unmap_queues(AemuDevice *d, AemuHqds *hqds,
                               AemuPm4Packet *p, uint32_t db_mask,
                               AemuKiqUnmapFn *unmap)
{
    const AemuHqdRegs *regs = hqds->regs;
    uint32_t ctl = p->body[0];
    unsigned sel = PM4_UNMAP_QUEUES_QUEUE_SEL(ctl);
    unsigned n = PM4_UNMAP_QUEUES_NUM_QUEUES(ctl);
    AemuStep r = AEMU_STEP_DONE;

    if (PM4_UNMAP_QUEUES_ACTION(ctl) == PM4_UNMAP_PREEMPT_QUEUES_NO_UNMAP) {
        return AEMU_STEP_DONE;
    }
    if (sel == PM4_UNMAP_QUEUE_SEL_PASID) {
        return aemu_pm4_unimp(d, p, AEMU_CP_ERR_OPCODE,
                              "by PASID is not modelled");
    }
    if (sel == PM4_UNMAP_QUEUE_SEL_DOORBELLS &&
        (n < 1 || n > UNMAP_DOORBELLS_MAX)) {
        return aemu_pm4_fail(d, p, AEMU_CP_ERR_OPCODE,
                             "with NUM_QUEUES %u", n);
    }
    aemu_for_each_hqd(hqds, q) {
        uint32_t db = aemu_hqd_get(d, q, regs->doorbell_control) &
                      regs->doorbell_offset_mask;
        bool hit = sel != PM4_UNMAP_QUEUE_SEL_DOORBELLS;

        if ((q->kind & AEMU_PM4_Q_KIQ) || !aemu_hqd_active(d, q)) {
            continue;
        }
        for (unsigned i = 0; !hit && i < n; i++) {
            hit = (p->body[UNMAP_DOORBELL_DW0 + i] & db_mask) == db;
        }
        if (hit && !unmap(d, p, q, &r)) {
            return r;
        }
    }
    return r;
}
