/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * amdgpu-emu core: the CP's PM4 stream processor (see cp_pm4.h).
 *
 * Fetch a header at the read pointer of the ring or of the innermost
 * indirect buffer, size the packet from it, check it against the queue's
 * instruction set, fetch the body and hand it to the packet's handler
 * (cp_pm4_ops.c). Nothing of a packet is trusted before the table has
 * vouched for it: an unknown opcode, a packet a queue does not accept, a
 * body length outside what the opcode takes, or a packet running past the
 * end of its indirect buffer stops the queue (a guest error, status bits
 * and optionally an interrupt through the owning block) instead of being
 * skipped by a guess. The stream mechanics (wrap, budget, stall versus
 * hang, IB nesting, rptr write-back, translation caches) are the shared
 * ring engine's.
 *
 * Runs of packets whose only effect is register state in plain latches
 * (SET_*_REG of such registers, NOPs and the packets the table skips) go
 * back to back straight from the fetched page, with the same checks and
 * costs (run_plain): they are most of a real stream.
 */
#include <stdarg.h>
#include "cp_pm4.h"
#include "state.h"
#include "cp_pm4_ops.h"
#include "cp_aql.h"
#include "pm4_cik.h"
#include "vega10_utcl2_cid.h"

static AemuCpQueue *queue_of(AemuRing *r)
{
    return aemu_container_of(r, AemuCpQueue, ring);
}

/* The cp_packet trace's name for an IB level's stream (the ring: "ring"). */
static const char *const ib_stream_names[AEMU_RING_IB_LEVELS_MAX] = {
    "ib1", "ib2",
};

/*
 * A memory fault of the queue's own client that was a retry fault (gfx9
 * with amdgpu.noretry=0; the UTCL2 has told the driver): the CP's UTCL1
 * stalls and replays (inferred: its UTCL1_CNTL redo fields, left at their
 * golden values). The model replays the packet: it is not consumed, the
 * queue polls and runs it again from its start a slice later, when the
 * walk sees what the driver wrote (a mapping, or its no-retry marker,
 * which faults without retry and goes to the default page). A packet's
 * reads and plain writes before the faulting access repeat harmlessly.
 */
static bool replaying(AemuDevice *d, AemuCpQueue *q, AemuCpError e,
                      const char *msg)
{
    if (e != AEMU_CP_ERR_MEMORY || !d->mem_retry ||
        d->mem_retry != &q->ring.client) {
        return false;
    }
    d->mem_retry = NULL;
    AEMU_TRACE(d, cp_retry, q->ring.name, msg);
    q->ring.waiting = true;
    q->polls++;
    return true;
}

/* unimp: the stream is valid, the model lacks what it asks for. */
static AemuStep queue_fail(AemuDevice *d, AemuCpQueue *q, AemuCpError e,
                           uint32_t header, bool unimp, const char *msg)
{
    if (unimp) {
        aemu_unimp(d, "CP %s: %s; queue stopped", q->ring.name, msg);
    } else {
        aemu_guest_error(d, "CP %s: %s; queue stopped", q->ring.name, msg);
    }
    AEMU_TRACE(d, cp_hang, q->ring.name, msg);
    q->ring.hung = true;
    q->ring.waiting = false;
    q->ops->error(d, q, e, header);
    return AEMU_STEP_STOP;
}

static AemuStep packet_fail(AemuDevice *d, AemuPm4Packet *p, AemuCpError e,
                            bool unimp, const char *fmt, va_list ap)
    G_GNUC_PRINTF(5, 0);

static AemuStep packet_fail(AemuDevice *d, AemuPm4Packet *p, AemuCpError e,
                            bool unimp, const char *fmt, va_list ap)
{
    char *what = g_strdup_vprintf(fmt, ap);
    char *msg = g_strdup_printf("%s (header 0x%08x) %s",
                                p->name ? p->name : "packet", p->header,
                                what);
    AemuStep st = AEMU_STEP_RETRY;

    if (p->no_replay || !replaying(d, p->q, e, msg)) {
        st = queue_fail(d, p->q, e, p->header, unimp, msg);
    }
    g_free(msg);
    g_free(what);
    return st;
}

AemuStep aemu_pm4_fail(AemuDevice *d, AemuPm4Packet *p, AemuCpError e,
                       const char *fmt, ...)
{
    va_list ap;

    AemuStep st;

    va_start(ap, fmt);
    st = packet_fail(d, p, e, false, fmt, ap);
    va_end(ap);
    return st;
}

AemuStep aemu_pm4_unimp(AemuDevice *d, AemuPm4Packet *p, AemuCpError e,
                        const char *fmt, ...)
{
    va_list ap;

    va_start(ap, fmt);
    packet_fail(d, p, e, true, fmt, ap);
    va_end(ap);
    return AEMU_STEP_STOP;
}

static AemuStep fail_step(AemuDevice *d, AemuCpQueue *q, AemuCpError e,
                          uint32_t header, const char *fmt, ...)
    G_GNUC_PRINTF(5, 6);

static AemuStep fail_step(AemuDevice *d, AemuCpQueue *q, AemuCpError e,
                          uint32_t header, const char *fmt, ...)
{
    va_list ap;
    char *msg;

    AemuStep st = AEMU_STEP_RETRY;

    va_start(ap, fmt);
    msg = g_strdup_vprintf(fmt, ap);
    va_end(ap);
    if (!replaying(d, q, e, msg)) {
        st = queue_fail(d, q, e, header, false, msg);
    }
    g_free(msg);
    return st;
}

/* Type-0: consecutive register writes, for kernel streams only. */
static AemuStep run_type0(AemuDevice *d, AemuPm4Packet *p)
{
    uint32_t reg = CP_PACKET0_GET_REG(p->header);
    AemuStep r = AEMU_STEP_DONE;

    if (p->user) {
        return aemu_pm4_fail(d, p, AEMU_CP_ERR_PRIV_INSTR, "%s (vmid %u)",
                             p->in_ib ? "in a user IB" : "on a user ring",
                             p->vmid);
    }
    /*
     * Up to 16K register writes: charged a unit per 256, as SET_*_REG, or
     * a slice of these would run 4096 x 16K writes.
     */
    p->cost = p->len / 256;
    for (uint32_t i = 0; i < p->len; i++) {
        if (!aemu_pm4_reg_write(d, p, reg + i, p->body[i], &r)) {
            break;
        }
    }
    return r;
}

/*
 * Size the packet behind header: its whole length in dwords, and its
 * table row for type 3 (*op). False for a type-1 header, which no CP
 * generation since CIK knows.
 */
static bool size_packet(AemuCpQueue *q, AemuPm4Packet *p, const AemuPm4Op **op,
                        uint32_t *len)
{
    switch (CP_PACKET_GET_TYPE(p->header)) {
    case PACKET_TYPE2:
        p->name = "type-2";
        *len = 1;           /* a one-dword filler */
        return true;
    case PACKET_TYPE0:
        p->name = "type-0";
        *len = CP_PACKET_GET_COUNT(p->header) + 2;
        return true;
    case PACKET_TYPE3:
        p->opcode = CP_PACKET3_GET_OPCODE(p->header);
        *op = &q->isa->ops[p->opcode];
        p->name = (*op)->name;
        /* PACKET3(NOP, 0x3FFF) is the drivers' one-dword padding. */
        if (p->opcode == PACKET3_NOP &&
            CP_PACKET_GET_COUNT(p->header) == PM4_COUNT_MAX) {
            *len = 1;
        } else {
            *len = CP_PACKET_GET_COUNT(p->header) + 2;
        }
        return true;
    default:
        return false;
    }
}

/* The table's verdict on a type-3 packet of len dwords. */
static AemuStep check_op(AemuDevice *d, AemuCpQueue *q, const AemuPm4Op *op,
                         AemuPm4Packet *p, uint32_t len)
{
    if (op->unimp) {
        /*
         * The hardware has it, the model does not: the queue stops as on
         * an unknown opcode, reported as the model's gap.
         */
        return aemu_pm4_unimp(d, p, AEMU_CP_ERR_OPCODE, "is not modelled");
    }
    if (!op->name) {
        return fail_step(d, q, AEMU_CP_ERR_OPCODE, p->header,
                         "unknown opcode 0x%02x (header 0x%08x)",
                         p->opcode, p->header);
    }
    if (!(op->queues & q->kind)) {
        return fail_step(d, q, AEMU_CP_ERR_OPCODE, p->header,
                         "%s is not accepted on this queue", op->name);
    }
    if (len > 1 && (p->len < op->min_len || p->len > op->max_len)) {
        return fail_step(d, q, AEMU_CP_ERR_OPCODE, p->header,
                         "%s with %u body dwords (takes %u..%u)",
                         op->name, p->len, op->min_len, op->max_len);
    }
    return AEMU_STEP_DONE;
}

/*
 * The fast path: a run of packets whose only effect is register state in
 * plain latches -- SET_*_REG whose registers are all plain latches, NOPs
 * and the other packets the table skips -- executed back to back from w,
 * the lim dwords of the stream at the read pointer, with no packet built
 * for a handler. Such packets cannot change the queue, its stream or a
 * translation, so nothing needs looking at again between them; each one is
 * checked against the table as pm4_exec checks it, costs what it costs
 * there (left bounds the total as the run loop's budget does) and counts
 * the bytes pm4_exec would fetch. Stops before the first packet that is
 * not one, or not whole in w, and returns the budget used (0: none run).
 */
static unsigned run_plain(AemuDevice *d, AemuCpQueue *q, const uint8_t *w,
                          uint32_t lim, unsigned left)
{
    AemuRing *r = &q->ring;
    bool user = aemu_ring_vmid(r) != 0;
    uint32_t done = 0;
    uint64_t bytes = 0;
    unsigned used = 0;

    while (used < left && done < lim) {
        uint32_t header, len;
        unsigned opcode, extra = 0;
        const AemuPm4Op *op;

        memcpy(&header, w + 4ull * done, 4);
        header = GUINT32_FROM_LE(header);
        if (CP_PACKET_GET_TYPE(header) == PACKET_TYPE2) {
            /* A one-dword filler. */
            done++;
            used++;
            bytes += 4;
            continue;
        }
        if (CP_PACKET_GET_TYPE(header) != PACKET_TYPE3) {
            break;
        }
        opcode = CP_PACKET3_GET_OPCODE(header);
        op = &q->isa->ops[opcode];
        len = CP_PACKET_GET_COUNT(header) + 2;
        if (opcode == PACKET3_NOP &&
            CP_PACKET_GET_COUNT(header) == PM4_COUNT_MAX) {
            len = 1;
        }
        /* An unknown opcode accepts no queue: it takes the full path. */
        if (len > lim - done || !(op->queues & q->kind) ||
            (len > 1 && (len - 1 < op->min_len || len - 1 > op->max_len))) {
            break;
        }
        if (op->handler == aemu_pm4_set_reg) {
            if (!aemu_pm4_set_reg_plain(d, q->isa, opcode, user,
                                        w + 4ull * done + 4, len - 1,
                                        &extra)) {
                break;
            }
            bytes += 4ull * len;
        } else if (!op->handler) {
            bytes += 4;         /* the body is skipped unread */
        } else {
            break;
        }
        done += len;
        used += 1 + extra;
    }
    if (done) {
        aemu_ring_count(d, r, bytes);
        r->waiting = false;
        q->wrm_written = false;
        aemu_ring_advance(r, done);
    }
    return used;
}

/* What a packet asked of the stream once it ran: IB calls and skips. */
static AemuStep apply_results(AemuDevice *d, AemuCpQueue *q,
                              AemuPm4Packet *p, uint32_t len,
                              uint32_t avail)
{
    if (p->push_ib && p->ib.size && q->ring.ib_depth >= q->ring.ib_levels) {
        aemu_pm4_fail(d, p, AEMU_CP_ERR_OPCODE,
                      "nests IBs deeper than the %u levels this queue has",
                      q->ring.ib_levels);
        return AEMU_STEP_STOP;
    }
    if (p->skip > avail - len) {
        aemu_pm4_fail(d, p, AEMU_CP_ERR_OPCODE,
                      "skips %u dwords, only %u follow", p->skip,
                      avail - len);
        return AEMU_STEP_STOP;
    }
    q->ring.waiting = false;
    q->wrm_written = false;
    aemu_ring_advance(&q->ring, len + p->skip);
    if (p->push_ib) {
        aemu_ring_push_ib(&q->ring, &p->ib);
    }
    return AEMU_STEP_DONE;
}

/*
 * Execute the packet at the current position of the queue, or a run of
 * plain ones within the budget left (run_plain); *cost is the budget it
 * used: none to return from an IB, a unit plus what a long packet adds
 * once it is consumed, a unit for anything else.
 */
static AemuStep pm4_exec(AemuDevice *d, AemuRing *r, unsigned left,
                         unsigned *cost)
{
    AemuCpQueue *q = queue_of(r);
    AemuPm4Packet p = { .q = q, .generation = r->generation };
    const AemuPm4Op *op = NULL;
    uint32_t avail, len, run = 0;
    AemuMemStatus mst;
    const uint8_t *w;
    AemuStep res;
    AemuStep st;

    if (aemu_ring_pop_ib(r)) {
        /* The IB is done: back to the stream that called it, for free. */
        *cost = 0;
        return AEMU_STEP_DONE;
    }
    p.vmid = aemu_ring_vmid(r);
    /*
     * Privilege follows the VMID the packet runs in: a user IB, and a ring
     * or HQD a process owns (CP_RB_VMID / CP_HQD_VMID != 0, e.g. a KFD user
     * queue), may not write privileged registers; kernel rings run in 0.
     */
    p.user = p.vmid != 0;
    p.in_ib = r->ib_depth != 0;
    avail = aemu_ring_avail(r);
    /*
     * In place when the stream's page is directly addressable (w, run
     * dwords of it), through the translated read otherwise; the ring's
     * translation cache serves both.
     */
    w = aemu_ring_peek(d, r, &run, &mst);
    if (w) {
        /* Traced packets take the full path, which reports each. */
        unsigned used = AEMU_TRACE_ON(d, cp_packet) ? 0
                        : run_plain(d, q, w, run, left);

        if (used) {
            *cost = used;
            return AEMU_STEP_DONE;
        }
        memcpy(&p.header, w, 4);
        p.header = GUINT32_FROM_LE(p.header);
        aemu_ring_count(d, r, 4);
    } else if (mst != AEMU_MEM_OK || !aemu_ring_read(d, r, 0, &p.header, 1)) {
        return fail_step(d, q, AEMU_CP_ERR_MEMORY, 0,
                         "fetch from %s 0x%" G_GINT64_MODIFIER "x faulted",
                         p.in_ib ? "IB" : "ring", aemu_ring_addr(r, 0));
    }
    if (!size_packet(q, &p, &op, &len)) {
        return fail_step(d, q, AEMU_CP_ERR_OPCODE, p.header,
                         "type-1 packet 0x%08x", p.header);
    }
    switch (aemu_ring_fit(r, len)) {
    case AEMU_RING_FITS:
        break;
    case AEMU_RING_PARTIAL:
        /* The rest has not been committed yet: wait for the wptr. */
        return AEMU_STEP_STALL;
    case AEMU_RING_PAST_IB:
        return fail_step(d, q, AEMU_CP_ERR_OPCODE, p.header,
                         "packet 0x%08x of %u dwords runs past the end "
                         "of its IB (%u dwords left)", p.header, len, avail);
    case AEMU_RING_TOO_LONG:
        return fail_step(d, q, AEMU_CP_ERR_OPCODE, p.header,
                         "packet 0x%08x of %u dwords cannot fit the "
                         "%u-dword ring", p.header, len, r->size_dw);
    }
    p.len = len - 1;
    if (op && check_op(d, q, op, &p, len) != AEMU_STEP_DONE) {
        return AEMU_STEP_STOP;
    }
    if (CP_PACKET_GET_TYPE(p.header) == PACKET_TYPE3) {
        aemu_engine_packet(d, p.opcode);
    }
    if (!aemu_engine_refetch(d)) {
        AEMU_TRACE(d, cp_packet, r->name, p.name, p.header,
                   p.in_ib ? ib_stream_names[r->ib_depth - 1] : "ring",
                   p.in_ib ? aemu_ring_ib(r)->pos : r->rptr,
                   aemu_ring_addr(r, 0), p.vmid);
    }

    res = AEMU_STEP_DONE;
    if (CP_PACKET_GET_TYPE(p.header) == PACKET_TYPE0 || (op && op->handler)) {
        uint32_t *body = q->shared->body;

        /* The body in the header's run: one copy from it. */
        if (len <= run) {
            memcpy(body, w + 4, 4ull * p.len);
            for (uint32_t i = 0; i < p.len; i++) {
                body[i] = GUINT32_FROM_LE(body[i]);
            }
            aemu_ring_count(d, r, 4ull * p.len);
        } else if (!aemu_ring_read(d, r, 1, body, p.len)) {
            return fail_step(d, q, AEMU_CP_ERR_MEMORY, p.header,
                             "fetch of the %s body faulted", p.name);
        }
        p.body = body;
        res = op ? op->handler(d, &p) : run_type0(d, &p);
    }
    if (r->generation != p.generation) {
        /* A register the packet wrote reset or reprogrammed the queue. */
        return AEMU_STEP_STOP;
    }
    if (res == AEMU_STEP_RETRY) {
        r->waiting = true;
        q->polls++;
        return AEMU_STEP_RETRY;
    }
    if (res != AEMU_STEP_DONE) {
        return AEMU_STEP_STOP;
    }
    st = apply_results(d, q, &p, len, avail);
    if (st == AEMU_STEP_DONE) {
        *cost = 1 + p.cost;
    }
    return st;
}

/*
 * An AQL queue's ring holds HSA packets (cp_aql.c); only the IB of its
 * PM4-IB packet is PM4, and while it runs the packet stays open.
 */
static AemuStep pm4_step(AemuDevice *d, AemuRing *r, unsigned *budget)
{
    AemuCpQueue *q = queue_of(r);
    unsigned cost = 1;
    AemuStep st;

    if (q->preempting && aemu_cp_queue_quiet(q)) {
        return AEMU_STEP_STALL;
    }
    if (q->aql && !r->ib_depth) {
        return aemu_aql_step(d, q, budget);
    }
    st = pm4_exec(d, r, *budget, &cost);
    aemu_ring_charge(d, budget, cost);
    if (q->aql && st == AEMU_STEP_DONE) {
        r->waiting = true;
    }
    return st;
}

static bool pm4_prepare(AemuDevice *d, AemuRing *r)
{
    AemuCpQueue *q = queue_of(r);

    return q->ops->prepare(d, q);
}

static bool pm4_report_rptr(AemuDevice *d, AemuRing *r)
{
    AemuCpQueue *q = queue_of(r);

    q->ops->report_rptr(d, q);
    return true;
}

static const AemuRingOps pm4_ring_ops = {
    .prepare = pm4_prepare,
    .step = pm4_step,
    .report_rptr = pm4_report_rptr,
};

void aemu_cp_queue_init(AemuDevice *d, AemuCpQueue *q, AemuCpShared *shared,
                        const AemuPm4Isa *isa, const AemuCpQueueOps *ops,
                        unsigned kind, unsigned me, unsigned pipe,
                        unsigned queue)
{
    char name[sizeof(q->ring.name)];
    AemuMemClient client;
    unsigned levels;

    q->ops = ops;
    q->isa = isa;
    q->shared = shared;
    q->kind = kind;
    q->me = me;
    q->pipe = pipe;
    q->queue = queue;
    if (kind == AEMU_PM4_Q_GFX) {
        g_strlcpy(name, "gfx", sizeof(name));
        levels = AEMU_CP_IB_LEVELS_GFX;
        client = (AemuMemClient) {
            .name = "CPG", .hub = AEMU_HUB_GFX,
            .utcl2_cid = { VEGA10_GFXHUB_CID_CPG, VEGA10_GFXHUB_CID_CPG },
            .retry = true,      /* replaying() */
        };
    } else {
        g_snprintf(name, sizeof(name), "comp_%u.%u.%u", me, pipe, queue);
        levels = AEMU_CP_IB_LEVELS_COMPUTE;
        client = (AemuMemClient) {
            .name = "CPC", .hub = AEMU_HUB_GFX,
            .utcl2_cid = { VEGA10_GFXHUB_CID_CPC, VEGA10_GFXHUB_CID_CPC },
            .retry = true,      /* replaying() */
        };
    }
    aemu_ring_init(d, &q->ring, &pm4_ring_ops, name, &client, levels);
    q->ring.engine.cls = kind == AEMU_PM4_Q_GFX ? AEMU_ENGINE_CLASS_GFX
                                                : AEMU_ENGINE_CLASS_COMPUTE;
    aemu_cp_queue_reset(q);
}

void aemu_cp_queue_reset(AemuCpQueue *q)
{
    /* A dispatch in flight is abandoned with the stream. */
    aemu_sh_dispatch_unref(q->dispatch, true);
    q->dispatch = NULL;
    memset(&q->compute, 0, sizeof(q->compute));
    aemu_ring_reset(&q->ring);
    q->wrm_written = false;
    memset(q->set_base, 0, sizeof(q->set_base));
    q->ce_counter = q->de_counter = 0;
    q->polls = 0;
    q->aql_read = q->aql_write = 0;
    q->aql_ib = false;
    q->aql_done = false;
    q->preempting = false;
}

void aemu_cp_queue_abandon(AemuCpQueue *q)
{
    aemu_sh_dispatch_unref(q->dispatch, true);
    q->dispatch = NULL;
    q->ring.ib_depth = 0;
    q->aql_ib = false;
    q->aql_done = false;
}

void aemu_cp_queue_set_rptr(AemuCpQueue *q, uint32_t rptr)
{
    aemu_ring_set_rptr(&q->ring, rptr);
    q->wrm_written = false;
}

/*
 * The GPU clock counts the reference clock (amdgpu's xclk, from the
 * VBIOS FirmwareInfo), split to keep ns * Hz inside 64 bits.
 */
uint64_t aemu_cp_gpu_clock(AemuDevice *d)
{
    uint64_t ns = d->host.clock_ns(d->host_opaque);
    uint64_t hz = (uint64_t)d->asic->vbios.ref_clk_10khz * 10000;
    const uint64_t ns_per_s = 1000000000ull;

    return ns / ns_per_s * hz + ns % ns_per_s * hz / ns_per_s;
}

/*
 * A queue's state for snapshots (state.h): its stream, the half-done
 * WRITE_DATA-wait-write, the CE/DE counters, its COMPUTE_* state and its
 * AQL indices. A dispatch in flight is refused earlier (state.c): its
 * waves are not saved; a finished one the queue has not yet collected is
 * refused here for the same reason.
 */
void aemu_cp_queue_state(AemuStateIo *s, AemuCpQueue *q)
{
    bool hiq = q->kind & AEMU_PM4_Q_HIQ;

    if (!aemu_state_loading(s) && q->dispatch) {
        aemu_state_fail(s, "%s waits for a dispatch", q->ring.name);
        return;
    }
    aemu_ring_state(s, &q->ring);
    /* An HQD the scheduler made gfx9's HIQ (its other kind bits are fixed). */
    AEMU_STATE_BOOL(s, hiq);
    if (aemu_state_loading(s)) {
        if (hiq && !(q->kind & AEMU_PM4_Q_COMPUTE)) {
            aemu_state_fail(s, "corrupt state: %s cannot be the HIQ",
                            q->ring.name);
        } else if (hiq) {
            q->kind |= AEMU_PM4_Q_HIQ;
        } else {
            q->kind &= ~AEMU_PM4_Q_HIQ;
        }
    }
    AEMU_STATE_BOOL(s, q->wrm_written);
    AEMU_STATE(s, q->set_base);
    AEMU_STATE(s, q->ce_counter);
    AEMU_STATE(s, q->de_counter);
    AEMU_STATE(s, q->polls);
    AEMU_STATE(s, q->compute.reg);
    AEMU_STATE_BOOL(s, q->aql);
    AEMU_STATE_BOOL(s, q->aql_wptr_in_ring);
    AEMU_STATE(s, q->aql_read);
    AEMU_STATE(s, q->aql_write);
    AEMU_STATE(s, q->aql_rptr_addr);
    AEMU_STATE_BOOL(s, q->aql_ib);
    AEMU_STATE_BOOL(s, q->aql_done);
    AEMU_STATE(s, q->aql_start_ts);
    AEMU_STATE_BOOL(s, q->preempting);
}
