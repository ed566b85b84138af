/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * amdgpu-emu core: the CP's PM4 stream processor (see cp_pm4.h).
 *
 * Fetch a header at the read pointer of the ring or of the innermost
 * indirect buffer, size the packet from it, check it against the opcode
 * table, fetch the body and hand it to the packet's handler
 * (cp_pm4_ops.c). Nothing of a packet is trusted before the table has
 * vouched for it: an unknown opcode, a packet a queue does not accept, a
 * body length outside what the opcode takes, or a packet running past the
 * end of its indirect buffer stops the queue (a guest error, status bits
 * and optionally an interrupt through the owning block) instead of being
 * skipped by a guess. Every packet costs budget, a wait that is not yet
 * satisfied gives the rest of its slice back, and indirect buffers nest at
 * most as deep as the hardware's IB levels, so no stream can hold the
 * host.
 */
#include <stdarg.h>
#include "cp_pm4.h"
#include "cp_pm4_ops.h"
#include "pm4_cik.h"

typedef struct Pm4Op {
    const char *name;
    AemuPm4Handler *handler;    /* NULL: accepted, skipped without reading */
    uint16_t min_len, max_len;  /* body dwords (count + 1) */
    uint8_t queues;             /* AEMU_PM4_Q_* that accept it */
} Pm4Op;

#define GFX AEMU_PM4_Q_GFX
#define ALL AEMU_PM4_Q_ALL
#define ANY_LEN AEMU_PM4_MAX_BODY
#define OP(op, h, lo, hi, qs) \
    [PACKET3_##op] = { #op, h, lo, hi, qs }

/*
 * Every type-3 opcode the CP accepts. Body lengths are the ones the
 * drivers emit (gfx_v7_0.c, radeon cik.c; kernel-only packets have exactly
 * that length) and, for packets only userspace emits, the CI packet layouts
 * of AMD's PAL pm4 definitions. Draws, dispatches and the rest of the 3D
 * state are accepted and skipped: the model runs no shaders.
 */
static const Pm4Op pm4_ops[256] = {
    OP(NOP, NULL, 1, ANY_LEN, ALL),
    OP(SET_BASE, aemu_pm4_set_base, 3, 3, ALL),
    OP(CLEAR_STATE, NULL, 1, 1, GFX),
    OP(INDEX_BUFFER_SIZE, NULL, 1, 1, GFX),
    OP(DISPATCH_DIRECT, NULL, 4, 4, ALL),
    /* The ME's form takes an offset, the MEC's a full address. */
    OP(DISPATCH_INDIRECT, NULL, 2, 3, ALL),
    OP(SET_PREDICATION, NULL, 2, 2, GFX),
    OP(REG_RMW, aemu_pm4_reg_rmw, 3, 3, ALL),
    OP(COND_EXEC, aemu_pm4_cond_exec, 4, 4, ALL),
    /* One GPU: every device-select matches. */
    OP(PRED_EXEC, NULL, 1, 1, ALL),
    OP(DRAW_INDIRECT, NULL, 4, 4, GFX),
    OP(DRAW_INDEX_INDIRECT, NULL, 4, 4, GFX),
    OP(INDEX_BASE, NULL, 2, 2, GFX),
    OP(DRAW_INDEX_2, NULL, 5, 5, GFX),
    OP(CONTEXT_CONTROL, NULL, 2, 2, GFX),
    OP(INDEX_TYPE, NULL, 1, 1, GFX),
    OP(DRAW_INDIRECT_MULTI, NULL, 9, 9, GFX),
    OP(DRAW_INDEX_AUTO, NULL, 2, 2, GFX),
    OP(NUM_INSTANCES, NULL, 1, 1, GFX),
    OP(DRAW_INDEX_MULTI_AUTO, NULL, 3, 3, GFX),
    OP(INDIRECT_BUFFER_CONST, aemu_pm4_indirect_buffer, 3, 3, GFX),
    OP(STRMOUT_BUFFER_UPDATE, NULL, 5, 5, GFX),
    OP(DRAW_INDEX_OFFSET_2, NULL, 4, 4, GFX),
    OP(DRAW_PREAMBLE, NULL, 3, 3, GFX),
    OP(WRITE_DATA, aemu_pm4_write_data, 4, ANY_LEN, ALL),
    OP(DRAW_INDEX_INDIRECT_MULTI, NULL, 9, 9, GFX),
    OP(MEM_SEMAPHORE, aemu_pm4_mem_semaphore, 2, 2, ALL),
    OP(WAIT_REG_MEM, aemu_pm4_wait_reg_mem, 6, 6, ALL),
    OP(INDIRECT_BUFFER, aemu_pm4_indirect_buffer, 3, 3, ALL),
    OP(COPY_DATA, aemu_pm4_copy_data, 5, 5, ALL),
    /* "compute doesn't have PFP" (gfx_v7_0_ring_emit_vm_flush). */
    OP(PFP_SYNC_ME, NULL, 1, 1, GFX),
    /* No caches to flush or invalidate. */
    OP(SURFACE_SYNC, NULL, 4, 4, GFX),
    /* Events: flushes and counter samples, none of which is modelled. */
    OP(EVENT_WRITE, NULL, 1, 3, ALL),
    OP(EVENT_WRITE_EOP, aemu_pm4_event_write_eop, 5, 5, GFX),
    OP(EVENT_WRITE_EOS, aemu_pm4_event_write_eos, 4, 4, ALL),
    OP(RELEASE_MEM, aemu_pm4_release_mem, 6, 6, ALL),
    OP(PREAMBLE_CNTL, NULL, 1, 1, GFX),
    OP(DMA_DATA, aemu_pm4_dma_data, 6, 6, ALL),
    OP(ACQUIRE_MEM, NULL, 6, 6, ALL),
    OP(SET_CONFIG_REG, aemu_pm4_set_reg, 1, ANY_LEN, ALL),
    OP(SET_CONTEXT_REG, aemu_pm4_set_reg, 1, ANY_LEN, GFX),
    OP(SET_SH_REG, aemu_pm4_set_reg, 1, ANY_LEN, ALL),
    OP(SET_UCONFIG_REG, aemu_pm4_set_reg, 1, ANY_LEN, ALL),
    OP(LOAD_CONST_RAM, aemu_pm4_load_const_ram, 4, 4, GFX),
    OP(WRITE_CONST_RAM, aemu_pm4_write_const_ram, 2, ANY_LEN, GFX),
    OP(DUMP_CONST_RAM, aemu_pm4_dump_const_ram, 4, 4, GFX),
    OP(INCREMENT_CE_COUNTER, aemu_pm4_ce_de_counter, 1, 1, GFX),
    OP(INCREMENT_DE_COUNTER, aemu_pm4_ce_de_counter, 1, 1, GFX),
    OP(WAIT_ON_CE_COUNTER, aemu_pm4_ce_de_counter, 1, 1, GFX),
    OP(WAIT_ON_DE_COUNTER_DIFF, aemu_pm4_ce_de_counter, 1, 1, GFX),
    /* libdrm's 1-dword form sets the counters to 0 (the low half). */
    OP(SET_CE_DE_COUNTERS, aemu_pm4_ce_de_counter, 1, 2, GFX),
    OP(SWITCH_BUFFER, NULL, 1, 1, GFX),
};

#undef OP
#undef ANY_LEN
#undef ALL
#undef GFX

/*
 * CIK opcodes the hardware has and the table above lacks (pm4_cik.h names
 * them). One stops the queue as an unknown opcode does, the hardware's
 * answer to what it cannot run, but is reported as the model's gap
 * (aemu_unimp), not as the guest's error.
 */
#define UNMODELLED(op) [PACKET3_##op] = #op
static const char *const pm4_unmodelled[256] = {
    UNMODELLED(ATOMIC_GDS),
    UNMODELLED(ATOMIC_MEM),
    UNMODELLED(OCCLUSION_QUERY),
    UNMODELLED(COPY_DW),
    UNMODELLED(COND_WRITE),
    UNMODELLED(REWIND),
    UNMODELLED(LOAD_UCONFIG_REG),
    UNMODELLED(LOAD_SH_REG),
    UNMODELLED(LOAD_CONFIG_REG),
    UNMODELLED(LOAD_CONTEXT_REG),
    UNMODELLED(SET_CONTEXT_REG_INDIRECT),
    UNMODELLED(SET_SH_REG_OFFSET),
    UNMODELLED(SET_QUEUE_REG),
    UNMODELLED(SCRATCH_RAM_WRITE),
    UNMODELLED(SCRATCH_RAM_READ),
};
#undef UNMODELLED

/* The cp_packet trace's name for an IB level's stream (the ring: "ring"). */
static const char *const ib_stream_names[AEMU_CP_IB_LEVELS_MAX] = {
    "ib1", "ib2",
};

/* How a fetch step ended. */
typedef enum StepResult {
    STEP_DONE,      /* a packet consumed (or an IB returned) */
    STEP_RETRY,     /* a wait polled unsatisfied: try again next slice */
    STEP_STALL,     /* the ring holds only part of the next packet */
    STEP_STOP,      /* hung, or reset under the packet */
} StepResult;

/* unimp: the stream is valid, the model lacks what it asks for. */
static AemuPm4Result queue_fail(AemuDevice *d, AemuCpQueue *q,
                                AemuCpError e, uint32_t header, bool unimp,
                                const char *msg)
{
    if (unimp) {
        aemu_unimp(d, "CP %s: %s; queue stopped", q->name, msg);
    } else {
        aemu_guest_error(d, "CP %s: %s; queue stopped", q->name, msg);
    }
    AEMU_TRACE(d, cp_hang, q->name, msg);
    q->hung = true;
    q->waiting = false;
    q->ops->error(d, q, e, header);
    return AEMU_PM4_STOP;
}

static AemuPm4Result packet_fail(AemuDevice *d, AemuPm4Packet *p,
                                 AemuCpError e, bool unimp, const char *fmt,
                                 va_list ap) G_GNUC_PRINTF(5, 0);

static AemuPm4Result packet_fail(AemuDevice *d, AemuPm4Packet *p,
                                 AemuCpError e, bool unimp, const char *fmt,
                                 va_list ap)
{
    char *what = g_strdup_vprintf(fmt, ap);
    char *msg = g_strdup_printf("%s (header 0x%08x) %s",
                                p->name ? p->name : "packet", p->header,
                                what);

    queue_fail(d, p->q, e, p->header, unimp, msg);
    g_free(msg);
    g_free(what);
    return AEMU_PM4_STOP;
}

AemuPm4Result aemu_pm4_fail(AemuDevice *d, AemuPm4Packet *p, AemuCpError e,
                            const char *fmt, ...)
{
    va_list ap;

    va_start(ap, fmt);
    packet_fail(d, p, e, false, fmt, ap);
    va_end(ap);
    return AEMU_PM4_STOP;
}

AemuPm4Result aemu_pm4_unimp(AemuDevice *d, AemuPm4Packet *p, AemuCpError e,
                             const char *fmt, ...)
{
    va_list ap;

    va_start(ap, fmt);
    packet_fail(d, p, e, true, fmt, ap);
    va_end(ap);
    return AEMU_PM4_STOP;
}

static StepResult fail_step(AemuDevice *d, AemuCpQueue *q, AemuCpError e,
                            uint32_t header, const char *fmt, ...)
    G_GNUC_PRINTF(5, 6);

static StepResult fail_step(AemuDevice *d, AemuCpQueue *q, AemuCpError e,
                            uint32_t header, const char *fmt, ...)
{
    va_list ap;
    char *msg;

    va_start(ap, fmt);
    msg = g_strdup_vprintf(fmt, ap);
    va_end(ap);
    queue_fail(d, q, e, header, false, msg);
    g_free(msg);
    return STEP_STOP;
}

static uint32_t ring_mask(const AemuCpQueue *q)
{
    return q->size_dw - 1;
}

/* Read n body dwords after the header at the current position. */
static bool fetch_body(AemuDevice *d, AemuCpQueue *q, AemuCpIb *ib,
                       uint32_t n, uint32_t *buf)
{
    AemuMemStatus st;

    if (ib) {
        st = aemu_gpu_read(d, ib->vmid, ib->base + 4ull * (ib->pos + 1),
                           buf, 4ull * n, &q->client);
    } else {
        /* The body may wrap around the end of the ring. */
        uint32_t start = (q->rptr + 1) & ring_mask(q);
        uint32_t first = MIN(n, q->size_dw - start);

        st = aemu_gpu_read(d, q->vmid, q->base + 4ull * start, buf,
                           4ull * first, &q->client);
        if (st == AEMU_MEM_OK && n > first) {
            st = aemu_gpu_read(d, q->vmid, q->base, buf + first,
                               4ull * (n - first), &q->client);
        }
    }
    for (uint32_t i = 0; i < n; i++) {
        buf[i] = GUINT32_FROM_LE(buf[i]);
    }
    return st == AEMU_MEM_OK;
}

static void advance(AemuCpQueue *q, AemuCpIb *ib, uint32_t dwords)
{
    if (ib) {
        ib->pos += dwords;
    } else {
        q->rptr = (q->rptr + dwords) & ring_mask(q);
    }
}

/* Type-0: consecutive register writes, for kernel streams only. */
static AemuPm4Result run_type0(AemuDevice *d, AemuPm4Packet *p)
{
    uint32_t reg = CP_PACKET0_GET_REG(p->header);
    AemuPm4Result r = AEMU_PM4_DONE;

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

/* Execute the packet at the current position of q. */
static StepResult step(AemuDevice *d, AemuCpQueue *q, unsigned *cost)
{
    AemuCpIb *ib = q->ib_depth ? &q->ib[q->ib_depth - 1] : NULL;
    AemuPm4Packet p = { .q = q, .generation = q->generation };
    const Pm4Op *op = NULL;
    uint32_t avail, len, header;
    uint64_t at;
    AemuMemStatus st;
    AemuPm4Result r;

    if (ib && ib->pos >= ib->size) {
        /* The IB is done: return to the stream that called it. */
        q->ib_depth--;
        *cost = 0;
        return STEP_DONE;
    }
    p.vmid = ib ? ib->vmid : q->vmid;
    /*
     * Privilege follows the VMID the packet runs in: a user IB, and a ring
     * or HQD a process owns (CP_RB_VMID / CP_HQD_VMID != 0, e.g. a KFD user
     * queue), may not write privileged registers; kernel rings run in 0.
     */
    p.user = p.vmid != 0;
    p.in_ib = ib != NULL;
    avail = ib ? ib->size - ib->pos : (q->wptr - q->rptr) & ring_mask(q);
    at = ib ? ib->base + 4ull * ib->pos : q->base + 4ull * q->rptr;
    header = aemu_gpu_read32(d, p.vmid, at, &q->client, &st);
    if (st != AEMU_MEM_OK) {
        return fail_step(d, q, AEMU_CP_ERR_MEMORY, 0,
                         "fetch from %s 0x%" G_GINT64_MODIFIER "x faulted",
                         ib ? "IB" : "ring", at);
    }
    p.header = header;

    switch (CP_PACKET_GET_TYPE(header)) {
    case PACKET_TYPE2:
        p.name = "type-2";
        len = 1;            /* a one-dword filler */
        break;
    case PACKET_TYPE0:
        p.name = "type-0";
        len = CP_PACKET_GET_COUNT(header) + 2;
        break;
    case PACKET_TYPE3:
        p.opcode = CP_PACKET3_GET_OPCODE(header);
        op = &pm4_ops[p.opcode];
        p.name = op->name;
        /* PACKET3(NOP, 0x3FFF) is the drivers' one-dword padding. */
        if (p.opcode == PACKET3_NOP &&
            CP_PACKET_GET_COUNT(header) == PM4_COUNT_MAX) {
            len = 1;
        } else {
            len = CP_PACKET_GET_COUNT(header) + 2;
        }
        break;
    default:
        return fail_step(d, q, AEMU_CP_ERR_OPCODE, header,
                         "type-1 packet 0x%08x", header);
    }

    if (len > avail) {
        if (ib) {
            return fail_step(d, q, AEMU_CP_ERR_OPCODE, header,
                             "packet 0x%08x of %u dwords runs past the end "
                             "of its IB (%u dwords left)", header, len,
                             avail);
        }
        if (len > q->size_dw - 1) {
            return fail_step(d, q, AEMU_CP_ERR_OPCODE, header,
                             "packet 0x%08x of %u dwords cannot fit the "
                             "%u-dword ring", header, len, q->size_dw);
        }
        /* The rest has not been committed yet: wait for the wptr. */
        return STEP_STALL;
    }
    p.len = len - 1;

    if (op) {
        if (!op->name && pm4_unmodelled[p.opcode]) {
            p.name = pm4_unmodelled[p.opcode];
            aemu_pm4_unimp(d, &p, AEMU_CP_ERR_OPCODE, "is not modelled");
            return STEP_STOP;
        }
        if (!op->name) {
            return fail_step(d, q, AEMU_CP_ERR_OPCODE, header,
                             "unknown opcode 0x%02x (header 0x%08x)",
                             p.opcode, header);
        }
        if (!(op->queues & q->kind)) {
            return fail_step(d, q, AEMU_CP_ERR_OPCODE, header,
                             "%s is not accepted on this queue", op->name);
        }
        if (len > 1 && (p.len < op->min_len || p.len > op->max_len)) {
            return fail_step(d, q, AEMU_CP_ERR_OPCODE, header,
                             "%s with %u body dwords (takes %u..%u)",
                             op->name, p.len, op->min_len, op->max_len);
        }
    }

    AEMU_TRACE(d, cp_packet, q->name, p.name, header,
               ib ? ib_stream_names[q->ib_depth - 1] : "ring",
               ib ? ib->pos : q->rptr, at, p.vmid);
    r = AEMU_PM4_DONE;
    if (CP_PACKET_GET_TYPE(header) == PACKET_TYPE0 || (op && op->handler)) {
        if (!fetch_body(d, q, ib, p.len, q->shared->body)) {
            return fail_step(d, q, AEMU_CP_ERR_MEMORY, header,
                             "fetch of the %s body faulted", p.name);
        }
        p.body = q->shared->body;
        r = op ? op->handler(d, &p) : run_type0(d, &p);
    }
    if (q->generation != p.generation) {
        /* A register the packet wrote reset or reprogrammed the queue. */
        return STEP_STOP;
    }
    if (r == AEMU_PM4_RETRY) {
        q->waiting = true;
        q->polls++;
        return STEP_RETRY;
    }
    if (r != AEMU_PM4_DONE) {
        return STEP_STOP;
    }
    if (p.push_ib && p.ib.size && q->ib_depth >= q->ib_levels) {
        aemu_pm4_fail(d, &p, AEMU_CP_ERR_OPCODE,
                      "nests IBs deeper than the %u levels this queue has",
                      q->ib_levels);
        return STEP_STOP;
    }
    if (p.skip > avail - len) {
        aemu_pm4_fail(d, &p, AEMU_CP_ERR_OPCODE,
                      "skips %u dwords, only %u follow", p.skip,
                      avail - len);
        return STEP_STOP;
    }
    q->waiting = false;
    q->wrm_written = false;
    advance(q, ib, len + p.skip);
    if (p.push_ib && p.ib.size) {
        q->ib[q->ib_depth++] = p.ib;
    }
    *cost = 1 + p.cost;
    return STEP_DONE;
}

static bool queue_run(AemuDevice *d, AemuEngine *e, unsigned *budget)
{
    AemuCpQueue *q = e->opaque;
    bool more = false;

    q->ops->prepare(d, q);
    q->rptr &= ring_mask(q);
    q->wptr &= ring_mask(q);
    while (q->can_fetch && !q->hung && aemu_cp_queue_pending(q)) {
        unsigned cost = 1;
        StepResult r;

        if (!*budget) {
            more = true;
            break;
        }
        r = step(d, q, &cost);
        /*
         * A long packet's cost is known once it ran: what exceeds the
         * budget is owed to the slice (and to the timeline), not lost.
         */
        if (cost > *budget) {
            d->sched.overspend += cost - *budget;
        }
        *budget -= MIN(*budget, cost);
        if (r == STEP_RETRY) {
            /* Poll again in the next slice, not in a spin here. */
            more = true;
            break;
        }
        if (r != STEP_DONE) {
            break;
        }
    }
    if (q->rptr != q->reported_rptr) {
        q->reported_rptr = q->rptr;
        q->ops->report_rptr(d, q);
    }
    return more;
}

void aemu_cp_queue_init(AemuDevice *d, AemuCpQueue *q, AemuCpShared *shared,
                        const AemuCpQueueOps *ops, unsigned kind,
                        unsigned me, unsigned pipe, unsigned queue)
{
    q->ops = ops;
    q->shared = shared;
    q->kind = kind;
    q->me = me;
    q->pipe = pipe;
    q->queue = queue;
    if (kind == AEMU_PM4_Q_GFX) {
        g_strlcpy(q->name, "gfx", sizeof(q->name));
        q->ib_levels = AEMU_CP_IB_LEVELS_GFX;
        q->client = (AemuMemClient) { .name = "CPG" };
    } else {
        g_snprintf(q->name, sizeof(q->name), "comp_%u.%u.%u", me, pipe,
                   queue);
        q->ib_levels = AEMU_CP_IB_LEVELS_COMPUTE;
        q->client = (AemuMemClient) { .name = "CPC" };
    }
    q->size_dw = 2;
    q->engine.name = q->name;
    q->engine.run = queue_run;
    q->engine.opaque = q;
    aemu_engine_register(d, &q->engine);
    aemu_cp_queue_reset(q);
}

void aemu_cp_queue_reset(AemuCpQueue *q)
{
    q->rptr = q->wptr = q->reported_rptr = 0;
    q->ib_depth = 0;
    q->hung = q->waiting = q->wrm_written = false;
    q->generation++;
    memset(q->set_base, 0, sizeof(q->set_base));
    q->ce_counter = q->de_counter = 0;
    q->polls = 0;
}

void aemu_cp_queue_set_rptr(AemuCpQueue *q, uint32_t rptr)
{
    q->rptr = rptr & (q->size_dw - 1);
    q->ib_depth = 0;
    q->waiting = q->wrm_written = false;
    q->generation++;
}

bool aemu_cp_queue_pending(const AemuCpQueue *q)
{
    return q->rptr != q->wptr || q->ib_depth || q->waiting;
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
