/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * amdgpu-emu core: the SDMA queue every generation shares (see
 * sdma_common.h): packet fetch and decode through the generation's table,
 * the hang report with its illegal-instruction IV, the trap IV and IB
 * entry. Moved here from sdma_cik.c when SDMA 4.0 (Vega10) arrived; the
 * behaviour is CIK's, parameterised by SdmaGen where the generations
 * differ (IV client and sources, register enables).
 */
#include <stdarg.h>
#include "sdma_common.h"
#include "state.h"
/* The header layout op[7:0] | sub_op[15:8] | extra[31:16] both keep. */
#include "sdma_cik_pkt.h"

G_STATIC_ASSERT(SDMA_MAX_FIXED_DW >= SDMA_GENERATE_PTE_PDE_DW);

const SdmaPacketDesc *sdma_table_lookup(const SdmaPacketDesc *t, size_t n,
                                        uint32_t header)
{
    for (size_t i = 0; i < n; i++) {
        if (t[i].op == SDMA_PKT_OP(header) &&
            t[i].sub_op == SDMA_PKT_SUB_OP(header)) {
            g_assert(t[i].fixed_dw <= SDMA_MAX_FIXED_DW);
            return &t[i];
        }
    }
    return NULL;
}

const char *sdma_unmodelled_lookup(const SdmaUnmodelled *t, size_t n,
                                   uint32_t header)
{
    for (size_t i = 0; i < n; i++) {
        if (t[i].op == SDMA_PKT_OP(header) &&
            t[i].sub_op == SDMA_PKT_SUB_OP(header)) {
            return t[i].name;
        }
    }
    return NULL;
}

void sdma_drop_current(SdmaQueue *q)
{
    aemu_ring_set_rptr(&q->ring, q->ring.rptr);
    q->progress = 0;
    q->after_fence = false;
}

bool sdma_queue_busy(SdmaQueue *q, bool rb_enabled)
{
    return q->ring.hung || q->ring.ib_depth ||
           (rb_enabled && aemu_ring_avail(&q->ring));
}

/* unimp: the packet is valid, the model lacks it (reported as such). */
static SdmaStatus hang(AemuDevice *d, SdmaQueue *q, unsigned illegal_src,
                       bool unimp, const char *fmt, va_list ap)
    G_GNUC_PRINTF(5, 0);

static SdmaStatus hang(AemuDevice *d, SdmaQueue *q, unsigned illegal_src,
                       bool unimp, const char *fmt, va_list ap)
{
    AemuRingIb *ib = aemu_ring_ib(&q->ring);
    char *msg = g_strdup_vprintf(fmt, ap);
    char *where;

    if (ib) {
        where = g_strdup_printf("IB 0x%" G_GINT64_MODIFIER "x vmid %u, dword "
                                "%u of %u", ib->base, ib->vmid, ib->pos,
                                ib->size);
    } else {
        where = g_strdup_printf("ring offset 0x%x", q->ring.rptr * 4);
    }
    if (unimp) {
        aemu_unimp(d, "%s: %s (%s): queue hung", q->ring.name, msg, where);
    } else {
        aemu_guest_error(d, "%s: %s (%s): queue hung", q->ring.name, msg,
                         where);
    }
    AEMU_TRACE(d, sdma_hang, q->ring.name, msg);
    g_free(where);
    g_free(msg);
    q->ring.hung = true;
    if (illegal_src) {
        AemuIvEntry iv = {
            .client_id = q->iv_client,
            .src_id = (uint8_t)illegal_src,
            .ring_id = q->iv_ring_id,
            /* The stream's: the IB's, or the ring's (a user queue's). */
            .vmid = aemu_ring_vmid(&q->ring),
            .vmid_src = q->gen->mmhub_vmid,
        };
        aemu_irq_post(d, &iv);
    }
    return AEMU_STEP_STOP;
}

SdmaStatus sdma_hang(AemuDevice *d, SdmaQueue *q, unsigned illegal_src,
                     const char *fmt, ...)
{
    va_list ap;

    va_start(ap, fmt);
    hang(d, q, illegal_src, false, fmt, ap);
    va_end(ap);
    return AEMU_STEP_STOP;
}

SdmaStatus sdma_hang_unimp(AemuDevice *d, SdmaQueue *q, unsigned illegal_src,
                           const char *fmt, ...)
{
    va_list ap;

    va_start(ap, fmt);
    hang(d, q, illegal_src, true, fmt, ap);
    va_end(ap);
    return AEMU_STEP_STOP;
}

SdmaStatus sdma_mem_fault(AemuDevice *d, SdmaQueue *q, const char *what,
                          uint64_t addr)
{
    /*
     * A retry fault of the queue's own client (SOC15, amdgpu.noretry=0):
     * its UTCL1 replays (inferred, SDMA0_UTCL1_CNTL.REDO_*). The packet is
     * not consumed and runs again, from the chunk it was in, a slice later.
     */
    if (d->mem_retry && d->mem_retry == &q->ring.client) {
        d->mem_retry = NULL;
        AEMU_TRACE(d, sdma_retry, q->ring.name, what, addr);
        q->ring.waiting = true;
        return AEMU_STEP_RETRY;
    }
    return sdma_hang(d, q, 0, "%s: memory access at 0x%" G_GINT64_MODIFIER
                     "x failed", what, addr);
}

SdmaStatus sdma_trap(AemuDevice *d, SdmaQueue *q, unsigned vmid,
                     uint32_t context)
{
    AemuIvEntry iv = {
        .client_id = q->iv_client,
        .src_id = q->gen->trap_src,
        .src_data = { context },
        .ring_id = q->iv_ring_id,
        .vmid = (uint8_t)vmid,
        .vmid_src = q->gen->mmhub_vmid,
    };
    bool enabled = q->gen->trap_enabled(d, q);

    /*
     * The drivers' fence is a FENCE then this TRAP, nanoseconds apart on
     * the chip. Held for its own latency, the TRAP landed a scheduler
     * wake-up after the fence's write: under a loaded host, milliseconds
     * in which amdgpu's 500 ms fallback timer could find the fence
     * written and no interrupt ("Fence fallback timer expired"). Behind a
     * FENCE it goes out with it; the FENCE waited for the modelled time.
     */
    if (!q->after_fence && aemu_engine_fence(d, enabled)) {
        return AEMU_STEP_RETRY;
    }
    AEMU_TRACE(d, sdma_trap, q->ring.name, vmid, enabled);
    if (enabled) {
        aemu_irq_post(d, &iv);
    }
    return AEMU_STEP_DONE;
}

SdmaStatus sdma_start_ib(AemuDevice *d, SdmaQueue *q, uint64_t base,
                         uint32_t ndw, unsigned vmid)
{
    AemuRingIb ib = { .base = base, .size = ndw, .vmid = (uint8_t)vmid };

    aemu_engine_ib(d);

    /*
     * The packet's VMID is the kernel's to choose for the IBs of its own
     * queues (VMID 0); a queue in a user VMID (KFD's) must not reach
     * another process's or the kernel's memory through it, so its IBs
     * run in the queue's VMID (inferred).
     */
    if (q->ring.vmid) {
        ib.vmid = q->ring.vmid;
    }

    /* The SDMA has one IB level: no chaining. */
    if (q->ring.ib_depth) {
        return sdma_hang(d, q, q->gen->illegal_src,
                         "INDIRECT_BUFFER inside an IB");
    }
    if (!q->gen->ib_enabled(d, q)) {
        return sdma_hang(d, q, q->gen->illegal_src,
                         "INDIRECT_BUFFER while GFX_IB_CNTL.IB_ENABLE is 0");
    }
    if (ndw == 0) {
        return AEMU_STEP_DONE;
    }
    /*
     * The packet calling the IB is consumed first, then the IB runs: the
     * caller returns DONE and sdma_step advances the ring before this IB
     * becomes the current stream (pending_ib).
     */
    q->pending_ib = ib;
    q->has_pending_ib = true;
    /* The IB registers show the IB being run, as on hardware. */
    q->gen->show_ib(d, q, base, ndw);
    return AEMU_STEP_DONE;
}

/*
 * A packet is not all there. In an IB that is the end of it; in the ring
 * the rest may still come (the engine waits for wptr), unless the packet
 * is longer than the ring can ever hold.
 */
static SdmaStatus incomplete(AemuDevice *d, SdmaQueue *q,
                             const SdmaPacketDesc *desc, uint32_t need)
{
    switch (aemu_ring_fit(&q->ring, need)) {
    case AEMU_RING_PAST_IB:
        return sdma_hang(d, q, q->gen->illegal_src, "%s of %u dwords "
                         "runs past the end of the IB (%u left)",
                         desc->name, need, aemu_ring_avail(&q->ring));
    case AEMU_RING_TOO_LONG:
        return sdma_hang(d, q, q->gen->illegal_src, "%s of %u dwords "
                         "is longer than the %u-byte ring", desc->name, need,
                         q->ring.size_dw * 4);
    default:
        return AEMU_STEP_STALL;
    }
}

AemuStep sdma_step(AemuDevice *d, AemuRing *r, unsigned *budget)
{
    SdmaQueue *q = sdma_queue(r);
    const SdmaGen *gen = q->gen;
    SdmaPacket p = { 0 };
    const SdmaPacketDesc *desc;
    uint32_t avail = aemu_ring_avail(r);
    uint32_t generation = r->generation;
    const char *unmodelled;
    SdmaStatus st;

    /* Every step costs a unit, chunks of long packets one more each. */
    aemu_ring_charge(d, budget, 1);
    if (aemu_ring_pop_ib(r)) {
        /* The IB is done: back to the ring. */
        return AEMU_STEP_DONE;
    }
    if (!aemu_ring_read(d, r, 0, p.dw, 1)) {
        return sdma_mem_fault(d, q, "packet fetch", aemu_ring_addr(r, 0));
    }
    desc = gen->lookup(p.dw[0]);
    unmodelled = desc ? NULL : gen->unmodelled(p.dw[0]);
    if (unmodelled) {
        return sdma_hang_unimp(d, q, gen->illegal_src,
                               "%s (header 0x%08x) is not modelled",
                               unmodelled, p.dw[0]);
    }
    if (!desc) {
        return sdma_hang(d, q, gen->illegal_src,
                         "unknown opcode %u sub-op %u (header 0x%08x)",
                         SDMA_PKT_OP(p.dw[0]), SDMA_PKT_SUB_OP(p.dw[0]),
                         p.dw[0]);
    }
    if (desc->fixed_dw > avail) {
        return incomplete(d, q, desc, desc->fixed_dw);
    }
    if (desc->fixed_dw > 1 &&
        !aemu_ring_read(d, r, 1, &p.dw[1], desc->fixed_dw - 1u)) {
        return sdma_mem_fault(d, q, desc->name, aemu_ring_addr(r, 0));
    }
    p.ndw = desc->length ? desc->length(p.dw) : desc->fixed_dw;
    if (p.ndw > avail) {
        return incomplete(d, q, desc, p.ndw);
    }
    p.vmid = aemu_ring_vmid(r);
    if (!q->progress) {
        aemu_engine_packet(d, SDMA_PKT_OP(p.dw[0]));
    }
    if (!aemu_engine_refetch(d)) {
        AEMU_TRACE(d, sdma_packet, r->name, desc->name, p.dw[0],
                   r->ib_depth ? "ib" : "ring",
                   r->ib_depth ? 4 * aemu_ring_ib(r)->pos : 4 * r->rptr,
                   p.vmid, q->progress);
    }
    st = desc->exec(d, q, &p, budget);
    if (r->generation != generation) {
        /*
         * The packet reset, halted or repointed its own queue (an
         * SRBM_WRITE): nothing to consume; look again next slice.
         */
        q->has_pending_ib = false;
        return AEMU_STEP_RETRY;
    }
    if (st == AEMU_STEP_DONE) {
        aemu_ring_advance(r, p.ndw);
        q->progress = 0;
        q->after_fence = desc->exec == sdma_exec_fence;
        if (q->has_pending_ib) {
            q->has_pending_ib = false;
            aemu_ring_push_ib(r, &q->pending_ib);
        }
    }
    return st;
}

/*
 * Snapshots (state.h): the stream, how far the packet being executed has
 * got (a copy half done resumes from progress) and an IB its packet has
 * asked for. The bounce buffer is scratch within one chunk.
 */
void sdma_queue_state(AemuStateIo *s, SdmaQueue *q)
{
    aemu_ring_state(s, &q->ring);
    AEMU_STATE(s, q->progress);
    AEMU_STATE(s, q->pending_ib.base);
    AEMU_STATE(s, q->pending_ib.size);
    AEMU_STATE(s, q->pending_ib.pos);
    AEMU_STATE(s, q->pending_ib.vmid);
    AEMU_STATE_BOOL(s, q->pending_ib.ce);
    AEMU_STATE_BOOL(s, q->has_pending_ib);
    if (aemu_state_loading(s) && q->pending_ib.pos > q->pending_ib.size) {
        aemu_state_fail(s, "corrupt state: %s's pending IB", q->ring.name);
    }
}
