/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * amdgpu-emu core: the MECs' HQDs on the ring engine (see cp_hqd.h).
 *
 * What gfx_v7_0_mqd_commit and gfx_v9_0_kiq_init_register /
 * MAP_QUEUES leave in an HQD's registers is what the queue runs from:
 * CP_HQD_ACTIVE loads it, the pointers stay the queue's own while it runs
 * (PQ_RPTR reads the live one), and a dequeue or deactivation parks the
 * read pointer back in PQ_RPTR. The pipes' interrupt controls have no
 * privileged-instruction bit: such a fault shows as an opcode error.
 */
#include "cp_hqd.h"
#include "state.h"
#include "cp_aql.h"

/*
 * IH source ids of the CP, the same from CIK (ivsrcid_vislands30.h) to
 * gfx9 (irqsrcs_gfx_9_0.h: GFX_9_0__SRCID__CP_*).
 */
#define IV_SRCID_CP_END_OF_PIPE         181
#define IV_SRCID_CP_BAD_OPCODE          183
#define IV_SRCID_CP_PRIV_REG_FAULT      184

/* Ring sizes are 2^(field + 1) dwords; the model caps the field at 22. */
#define HQD_RING_ORDER_MAX      22
/* HQD base registers hold the address >> 8. */
#define HQD_BASE_SHIFT          8

static const AemuHqdRegs *regs_of(const AemuCpQueue *q)
{
    return q->hqds->regs;
}

static uint32_t ring_dwords(uint32_t order)
{
    return 2u << MIN(order, (uint32_t)HQD_RING_ORDER_MAX);
}

uint32_t aemu_hqd_get(AemuDevice *d, const AemuCpQueue *q, uint32_t dw)
{
    return aemu_reg_get_bank(d, dw,
                             aemu_reg_queue_bank(q->me, q->pipe, q->queue));
}

void aemu_hqd_set(AemuDevice *d, const AemuCpQueue *q, uint32_t dw,
                  uint32_t value)
{
    aemu_reg_set_bank(d, dw, aemu_reg_queue_bank(q->me, q->pipe, q->queue),
                      value);
}

bool aemu_hqd_active(AemuDevice *d, const AemuCpQueue *q)
{
    const AemuHqdRegs *r = regs_of(q);

    return aemu_field_get(aemu_hqd_get(d, q, r->active), r->active_field);
}

static bool mec_halted(AemuDevice *d, const AemuHqdRegs *r, unsigned me)
{
    return d->regs[r->mec_cntl] & (me == 1 ? r->mec_me1_halt_mask
                                           : r->mec_me2_halt_mask);
}

static uint64_t hqd_rptr_report_addr(AemuDevice *d, const AemuCpQueue *q)
{
    const AemuHqdRegs *r = regs_of(q);

    return (uint64_t)(aemu_hqd_get(d, q, r->rptr_report_addr_hi) &
                      r->rptr_report_addr_hi_mask) << 32 |
           (aemu_hqd_get(d, q, r->rptr_report_addr) &
            r->rptr_report_addr_mask);
}

static bool hqd_prepare(AemuDevice *d, AemuCpQueue *q)
{
    const AemuHqdRegs *r = regs_of(q);
    uint64_t hi = aemu_field_get(aemu_hqd_get(d, q, r->pq_base_hi),
                                 r->pq_base_hi_field);

    q->ring.base = (hi << 32 | aemu_hqd_get(d, q, r->pq_base)) <<
                   HQD_BASE_SHIFT;
    q->ring.size_dw = ring_dwords(aemu_field_get(aemu_hqd_get(d, q,
                                                              r->pq_control),
                                                 r->queue_size));
    q->ring.vmid = aemu_field_get(aemu_hqd_get(d, q, r->vmid), r->vmid_field);
    q->aql = r->aql_control &&
             (aemu_hqd_get(d, q, r->aql_control) & r->aql_enable_mask);
    q->aql_wptr_in_ring = r->aql_wptr_in_ring;
    q->aql_rptr_addr = hqd_rptr_report_addr(d, q);
    return aemu_hqd_active(d, q) && !mec_halted(d, r, q->me) &&
           !aemu_units_held(d, AEMU_UNIT_MASK(AEMU_UNIT_CP_MEC1 + q->me - 1));
}

/* An AQL queue reports its read index itself, per packet (cp_aql.c). */
static void hqd_report_rptr(AemuDevice *d, AemuCpQueue *q)
{
    const AemuHqdRegs *r = regs_of(q);

    if (q->aql || aemu_field_get(aemu_hqd_get(d, q, r->pq_control),
                                 r->no_update_rptr)) {
        return;
    }
    aemu_gpu_write32(d, q->ring.vmid, hqd_rptr_report_addr(d, q),
                     q->ring.rptr, &q->ring.client);
}

/* CP_ME{1,2}_PIPEn_INT_CNTL / _INT_STATUS of the queue's pipe. */
static uint32_t pipe_int_cntl(const AemuHqdRegs *r, const AemuCpQueue *q)
{
    return (q->me == 1 ? r->me1_pipe0_int_cntl : r->me2_pipe0_int_cntl) +
           q->pipe;
}

static uint32_t pipe_int_status(const AemuHqdRegs *r, const AemuCpQueue *q)
{
    return (q->me == 1 ? r->me1_pipe0_int_status : r->me2_pipe0_int_status) +
           q->pipe;
}

static void hqd_eop_irq(AemuDevice *d, AemuCpQueue *q, uint32_t ctxid)
{
    const AemuHqdRegs *r = regs_of(q);

    if (d->regs[pipe_int_cntl(r, q)] & r->time_stamp_int_enable) {
        r->post_iv(d, q, IV_SRCID_CP_END_OF_PIPE, ctxid);
    }
}

static void hqd_error(AemuDevice *d, AemuCpQueue *q, AemuCpError e,
                      uint32_t header)
{
    const AemuHqdRegs *r = regs_of(q);
    uint32_t stat, enable;
    uint8_t src;

    d->regs[q->me == 1 ? r->mec_me1_header_dump
                       : r->mec_me2_header_dump] = header;
    switch (e) {
    case AEMU_CP_ERR_OPCODE:
    case AEMU_CP_ERR_PRIV_INSTR:
        stat = r->opcode_error_int_status;
        enable = r->opcode_error_int_enable;
        src = IV_SRCID_CP_BAD_OPCODE;
        break;
    case AEMU_CP_ERR_PRIV_REG:
        stat = r->priv_reg_int_status;
        enable = r->priv_reg_int_enable;
        src = IV_SRCID_CP_PRIV_REG_FAULT;
        break;
    default:
        return;     /* memory faults are reported by the VM */
    }
    d->regs[pipe_int_status(r, q)] |= stat;
    if (d->regs[pipe_int_cntl(r, q)] & enable) {
        r->post_iv(d, q, src, 0);
    }
}

static const AemuCpQueueOps hqd_ops = {
    .prepare = hqd_prepare,
    .report_rptr = hqd_report_rptr,
    .eop_irq = hqd_eop_irq,
    .error = hqd_error,
};

void aemu_hqds_init(AemuDevice *d, AemuHqds *hqds, const AemuHqdRegs *regs,
                    AemuCpShared *shared, const AemuPm4Isa *isa)
{
    const AemuAsic *a = d->asic;

    hqds->regs = regs;
    hqds->num_mec = MIN(a->num_mec, (unsigned)AEMU_HQD_MAX_MEC);
    hqds->num_pipes = MIN(a->num_pipes_per_mec, (unsigned)AEMU_HQD_MAX_PIPES);
    hqds->num_queues = MIN(a->num_queues_per_pipe,
                           (unsigned)AEMU_HQD_MAX_QUEUES);
    aemu_for_each_hqd(hqds, q) {
        q->hqds = hqds;
        aemu_cp_queue_init(d, q, shared, isa, &hqd_ops, AEMU_PM4_Q_COMPUTE,
                           m_ + 1, p_, q_);
    }
}

AemuCpQueue *aemu_hqd_at(AemuHqds *hqds, unsigned me, unsigned pipe,
                         unsigned queue)
{
    if (me < 1 || me > hqds->num_mec || pipe >= hqds->num_pipes ||
        queue >= hqds->num_queues) {
        return NULL;
    }
    return &hqds->q[me - 1][pipe][queue];
}

AemuCpQueue *aemu_hqd_selected(AemuDevice *d, AemuHqds *hqds)
{
    unsigned me, pipe, queue;

    aemu_reg_selected_queue(d, &me, &pipe, &queue);
    return aemu_hqd_at(hqds, me, pipe, queue);
}

static uint64_t hqd_wptr(AemuDevice *d, const AemuCpQueue *q)
{
    const AemuHqdRegs *r = regs_of(q);
    uint64_t hi = r->pq_wptr_hi ? aemu_hqd_get(d, q, r->pq_wptr_hi) : 0;

    return hi << 32 | aemu_hqd_get(d, q, r->pq_wptr);
}

void aemu_hqd_activate(AemuDevice *d, AemuCpQueue *q)
{
    aemu_cp_queue_reset(q);
    hqd_prepare(d, q);
    q->ring.rptr = aemu_hqd_get(d, q, regs_of(q)->pq_rptr) &
                   (q->ring.size_dw - 1);
    q->ring.reported_rptr = q->ring.rptr;
    q->ring.wptr = (uint32_t)hqd_wptr(d, q) & (q->ring.size_dw - 1);
    if (q->aql) {
        aemu_aql_activate(d, q, hqd_wptr(d, q));
    }
    aemu_ring_kick(d, &q->ring);
}

void aemu_hqd_deactivate(AemuDevice *d, AemuCpQueue *q)
{
    const AemuHqdRegs *r = regs_of(q);
    uint32_t rptr = q->ring.rptr;

    aemu_hqd_set(d, q, r->active, 0);
    aemu_hqd_set(d, q, r->pq_rptr, rptr);
    aemu_cp_queue_set_rptr(q, rptr);
    q->ring.hung = false;
}

AemuMemStatus aemu_hqd_mqd_read(AemuDevice *d, const AemuHqds *hqds,
                                unsigned vmid, uint64_t mqd, uint32_t *img,
                                const AemuMemClient *client)
{
    const AemuHqdRegs *r = hqds->regs;
    AemuMemStatus st;

    g_assert(r->mqd_image_regs <= AEMU_HQD_MQD_MAX_REGS);
    st = aemu_gpu_read(d, vmid, mqd + 4ull * r->mqd_image_dw, img,
                       4ull * r->mqd_image_regs, client);
    for (unsigned i = 0; st == AEMU_MEM_OK && i < r->mqd_image_regs; i++) {
        img[i] = GUINT32_FROM_LE(img[i]);
    }
    return st;
}

void aemu_hqd_mqd_load(AemuDevice *d, AemuCpQueue *q, uint32_t *img,
                       uint32_t db)
{
    const AemuHqdRegs *r = regs_of(q);
    uint32_t *dbc = &img[r->doorbell_control - r->mqd_base_addr];

    if (aemu_hqd_active(d, q)) {
        aemu_hqd_deactivate(d, q);
    }
    *dbc = (*dbc & ~r->doorbell_offset_mask) |
           (db & r->doorbell_offset_mask) | r->doorbell_en_mask;
    img[r->active - r->mqd_base_addr] =
        aemu_field_set(img[r->active - r->mqd_base_addr], r->active_field, 1);
    for (unsigned i = 0; i < r->mqd_image_regs; i++) {
        aemu_hqd_set(d, q, r->mqd_base_addr + i, img[i]);
    }
    aemu_hqd_activate(d, q);
}

void aemu_hqd_set_wptr(AemuDevice *d, AemuCpQueue *q, uint64_t wptr)
{
    const AemuHqdRegs *r = regs_of(q);

    aemu_hqd_set(d, q, r->pq_wptr, (uint32_t)wptr);
    if (r->pq_wptr_hi) {
        aemu_hqd_set(d, q, r->pq_wptr_hi, (uint32_t)(wptr >> 32));
    }
    if (aemu_hqd_active(d, q)) {
        hqd_prepare(d, q);
        q->ring.wptr = (uint32_t)wptr & (q->ring.size_dw - 1);
        if (q->aql) {
            aemu_aql_set_wptr(q, wptr);
        }
        aemu_ring_kick(d, &q->ring);
    }
}

bool aemu_hqd_doorbell(AemuDevice *d, AemuHqds *hqds, uint64_t at,
                       uint64_t wptr)
{
    const AemuHqdRegs *r = hqds->regs;

    aemu_for_each_hqd(hqds, q) {
        uint32_t ctl = aemu_hqd_get(d, q, r->doorbell_control);

        if (aemu_hqd_active(d, q) && (ctl & r->doorbell_en_mask) &&
            (ctl & r->doorbell_offset_mask) == at) {
            AEMU_TRACE(d, doorbell, at, wptr, q->ring.name);
            aemu_hqd_set_wptr(d, q, q->aql && !q->aql_wptr_in_ring
                                    ? aemu_aql_doorbell_wptr(q, wptr) : wptr);
            return true;
        }
    }
    return false;
}

/* Busy: work the queue may fetch, or stopped on a bad packet (hung). */
static bool hqd_busy(AemuDevice *d, AemuCpQueue *q)
{
    return q->ring.hung ||
           (aemu_ring_pending(&q->ring) && aemu_hqd_active(d, q) &&
            !mec_halted(d, regs_of(q), q->me));
}

unsigned aemu_hqds_busy(AemuDevice *d, AemuHqds *hqds)
{
    unsigned busy = 0;

    aemu_for_each_hqd(hqds, q) {
        if (!(busy & 1u << (q->me - 1)) && hqd_busy(d, q)) {
            busy |= 1u << (q->me - 1);
        }
    }
    return busy;
}

void aemu_hqds_reset(AemuDevice *d, AemuHqds *hqds, uint32_t units)
{
    const AemuHqdRegs *r = hqds->regs;

    aemu_for_each_hqd(hqds, q) {
        if (units & AEMU_UNIT_MASK(AEMU_UNIT_CP_MEC1 + q->me - 1)) {
            aemu_cp_queue_reset(q);
            aemu_hqd_set(d, q, r->active, 0);
            aemu_hqd_set(d, q, r->pq_rptr, 0);
            aemu_hqd_set(d, q, r->pq_wptr, 0);
            if (r->pq_wptr_hi) {
                aemu_hqd_set(d, q, r->pq_wptr_hi, 0);
            }
        }
    }
}

/*
 * Dequeue an active HQD: stop it and, as the MEC firmware does for KFD's
 * queues, write where it stands back into its MQD (the chip's save_mqd).
 */
static void hqd_dequeue(AemuDevice *d, AemuHqds *hqds, AemuCpQueue *q)
{
    uint64_t mqd;

    aemu_hqd_deactivate(d, q);
    /* KFD reloads the queue from its MQD (kgd_*_hqd_load). */
    if (hqds->regs->save_mqd(d, q, &mqd) != AEMU_MEM_OK) {
        aemu_guest_error(d, "CP %s: dequeue: write of the MQD at 0x%"
                         G_GINT64_MODIFIER "x faulted", q->ring.name, mqd);
    }
}

static bool hqd_dequeue_requested(AemuDevice *d, AemuHqds *hqds,
                                  const AemuCpQueue *q)
{
    return aemu_field_get(aemu_hqd_get(d, q, hqds->regs->dequeue_request),
                          hqds->regs->dequeue_req);
}

void aemu_hqds_kick(AemuDevice *d, AemuHqds *hqds)
{
    aemu_for_each_hqd(hqds, q) {
        /* A request the halted MEC left pending (aemu_hqd_dequeue_write). */
        if (aemu_hqd_active(d, q) && !mec_halted(d, hqds->regs, q->me) &&
            hqd_dequeue_requested(d, hqds, q)) {
            hqd_dequeue(d, hqds, q);
        }
        aemu_ring_kick(d, &q->ring);
    }
}

void aemu_hqd_active_write(AemuDevice *d, AemuHqds *hqds, uint32_t dw,
                           uint32_t value)
{
    AemuCpQueue *q = aemu_hqd_selected(d, hqds);
    bool was_active = q && aemu_hqd_active(d, q);

    aemu_reg_set(d, dw, value);
    if (!q) {
        return;
    }
    if (aemu_field_get(value, hqds->regs->active_field)) {
        aemu_hqd_activate(d, q);
    } else if (was_active) {
        aemu_hqd_deactivate(d, q);
    }
}

/*
 * The MEC firmware services a dequeue request; a halted MEC does not: the
 * request stays pending (and the queue active) until CP_MEC_CNTL lets the
 * MEC run (aemu_hqds_kick), unless the driver withdraws it first. This is
 * what amdgpu's reload on CIK meets: gfx_v7_0_hw_fini halts the MECs and
 * leaves the kernel queues active, and the next instance's
 * gfx_v7_0_compute_queue_init fills the new MQD (allocated where the old
 * one was), asks for a dequeue with the MEC still halted, gives up after
 * its timeout and rewrites every HQD register from the new MQD. A dequeue
 * serviced there would write the old queue's state over the new MQD
 * (CP_MQD_BASE_ADDR still names the old one) and leave the new queue
 * inactive: no compute ring would pass its test.
 */
void aemu_hqd_dequeue_write(AemuDevice *d, AemuHqds *hqds, uint32_t dw,
                            uint32_t value)
{
    AemuCpQueue *q = aemu_hqd_selected(d, hqds);

    aemu_reg_set(d, dw, value);
    if (q && aemu_field_get(value, hqds->regs->dequeue_req) &&
        aemu_hqd_active(d, q) && !mec_halted(d, hqds->regs, q->me)) {
        hqd_dequeue(d, hqds, q);
    }
}

uint32_t aemu_hqd_rptr_read(AemuDevice *d, AemuHqds *hqds, uint32_t dw)
{
    AemuCpQueue *q = aemu_hqd_selected(d, hqds);

    return q && aemu_hqd_active(d, q) ? q->ring.rptr : aemu_reg_get(d, dw);
}

void aemu_hqd_rptr_write(AemuDevice *d, AemuHqds *hqds, uint32_t dw,
                         uint32_t value)
{
    AemuCpQueue *q = aemu_hqd_selected(d, hqds);

    aemu_reg_set(d, dw, value);
    if (q && aemu_hqd_active(d, q)) {
        hqd_prepare(d, q);
        aemu_cp_queue_set_rptr(q, value);
        aemu_ring_kick(d, &q->ring);
    }
}

void aemu_hqd_wptr_write(AemuDevice *d, AemuHqds *hqds, uint32_t dw,
                         uint32_t value)
{
    AemuCpQueue *q = aemu_hqd_selected(d, hqds);
    uint64_t wptr;

    if (!q) {
        aemu_reg_set(d, dw, value);
        return;
    }
    wptr = hqd_wptr(d, q);
    wptr = dw == hqds->regs->pq_wptr
           ? (wptr & ~0xffffffffull) | value
           : (wptr & 0xffffffffull) | (uint64_t)value << 32;
    aemu_hqd_set_wptr(d, q, wptr);
}

static uint32_t cpc_int_cntl_reg(AemuDevice *d, AemuHqds *hqds, uint32_t dw)
{
    AemuCpQueue *q = aemu_hqd_selected(d, hqds);

    return q ? pipe_int_cntl(hqds->regs, q) : dw;
}

uint32_t aemu_hqd_cpc_int_cntl_read(AemuDevice *d, AemuHqds *hqds,
                                    uint32_t dw)
{
    return d->regs[cpc_int_cntl_reg(d, hqds, dw)];
}

void aemu_hqd_cpc_int_cntl_write(AemuDevice *d, AemuHqds *hqds, uint32_t dw,
                                 uint32_t value)
{
    d->regs[cpc_int_cntl_reg(d, hqds, dw)] = value;
}

/* Snapshots (state.h): every HQD's queue, in MEC, pipe, queue order. */
void aemu_hqds_state(AemuStateIo *s, AemuHqds *hqds)
{
    aemu_for_each_hqd(hqds, q) {
        aemu_cp_queue_state(s, q);
    }
}
