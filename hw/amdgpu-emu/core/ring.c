/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * amdgpu-emu core: the ring engine every queue kind shares (see ring.h).
 */
#include "ring.h"
#include "inject.h"
#include "state.h"

static uint32_t ring_mask(const AemuRing *r)
{
    return r->size_dw - 1;
}

/*
 * Run from the scheduler: refresh the geometry, then step packets while
 * the queue may fetch, has work and the slice has budget. A retry (a poll
 * not yet satisfied, a long packet paused) ends the turn but keeps the
 * engine runnable, so it polls again next slice instead of spinning here.
 */
static bool ring_run(AemuDevice *d, AemuEngine *e, unsigned *budget)
{
    AemuRing *r = e->opaque;
    bool can_fetch = r->ops->prepare(d, r);
    bool more = false;

    r->rptr &= ring_mask(r);
    r->wptr &= ring_mask(r);
    while (can_fetch && !r->hung && aemu_ring_pending(r)) {
        AemuStep st;

        if (!*budget) {
            more = true;
            break;
        }
        /* An injected hang stops the queue before its next packet. */
        if (aemu_inject_hang(d, r)) {
            break;
        }
        st = r->ops->step(d, r, budget);
        if (st == AEMU_STEP_RETRY) {
            more = true;
            break;
        }
        if (st != AEMU_STEP_DONE) {
            break;
        }
    }
    if ((!r->reported || r->rptr != r->reported_rptr) &&
        r->ops->report_rptr(d, r)) {
        r->reported_rptr = r->rptr;
        r->reported = true;
    }
    return more;
}

void aemu_ring_init(AemuDevice *d, AemuRing *r, const AemuRingOps *ops,
                    const char *name, const AemuMemClient *client,
                    unsigned ib_levels)
{
    g_assert(ib_levels <= AEMU_RING_IB_LEVELS_MAX);
    r->ops = ops;
    g_strlcpy(r->name, name, sizeof(r->name));
    r->client = *client;
    r->ib_levels = ib_levels;
    r->size_dw = 2;
    r->engine.name = r->name;
    r->engine.run = ring_run;
    r->engine.opaque = r;
    aemu_engine_register(d, &r->engine);
    aemu_ring_reset(r);
}

AemuRing *aemu_ring_of_engine(AemuEngine *e)
{
    return e->run == ring_run ? e->opaque : NULL;
}

void aemu_ring_reset(AemuRing *r)
{
    r->rptr = r->wptr = 0;
    r->reported_rptr = 0;
    r->reported = true;
    r->ib_depth = 0;
    r->hung = r->waiting = false;
    r->generation++;
    /* A fence held for its time went with the stream. */
    r->engine.held = false;
    r->engine.hold_ns = 0;
}

void aemu_ring_set_rptr(AemuRing *r, uint32_t rptr_dw)
{
    r->rptr = rptr_dw & ring_mask(r);
    r->ib_depth = 0;
    r->waiting = false;
    r->generation++;
    r->engine.held = false;
    r->engine.hold_ns = 0;
}

bool aemu_ring_pending(const AemuRing *r)
{
    return r->rptr != r->wptr || r->ib_depth || r->waiting;
}

void aemu_ring_kick(AemuDevice *d, AemuRing *r)
{
    if (aemu_ring_pending(r)) {
        aemu_engine_kick(d, &r->engine);
    }
}

uint64_t aemu_ring_addr(AemuRing *r, uint32_t off_dw)
{
    AemuRingIb *ib = aemu_ring_ib(r);

    if (ib) {
        return ib->base + 4ull * ((uint64_t)ib->pos + off_dw);
    }
    return r->base + 4ull * ((r->rptr + off_dw) & ring_mask(r));
}

bool aemu_ring_read_raw(AemuDevice *d, AemuRing *r, uint32_t off_dw,
                        void *buf, uint32_t ndw)
{
    AemuRingIb *ib = aemu_ring_ib(r);
    AemuMemStatus st;

    AemuXlateCache *xc = &r->fetch[r->ib_depth];

    if (ib) {
        st = aemu_gpu_read_cached(d, xc, ib->vmid, aemu_ring_addr(r, off_dw),
                                  buf, 4ull * ndw, &r->client);
    } else {
        /* The ring wraps: at most two pieces. */
        uint32_t start = (r->rptr + off_dw) & ring_mask(r);
        uint32_t first = MIN(ndw, r->size_dw - start);

        st = aemu_gpu_read_cached(d, xc, r->vmid, r->base + 4ull * start,
                                  buf, 4ull * first, &r->client);
        if (st == AEMU_MEM_OK && ndw > first) {
            st = aemu_gpu_read_cached(d, xc, r->vmid, r->base,
                                      (uint8_t *)buf + 4ull * first,
                                      4ull * (ndw - first), &r->client);
        }
    }
    return st == AEMU_MEM_OK;
}

const uint8_t *aemu_ring_peek(AemuDevice *d, AemuRing *r, uint32_t *ndw,
                              AemuMemStatus *st)
{
    AemuRingIb *ib = aemu_ring_ib(r);
    uint64_t direct = 0;
    uint32_t avail = aemu_ring_avail(r);
    const uint8_t *w;

    *st = AEMU_MEM_OK;
    w = aemu_gpu_read_direct(d, &r->fetch[r->ib_depth], aemu_ring_vmid(r),
                             aemu_ring_addr(r, 0), &direct, &r->client, st);
    if (!w) {
        return NULL;
    }
    /* The ring wraps at its end: what follows there is not contiguous. */
    *ndw = (uint32_t)MIN(direct / 4, ib ? (uint64_t)avail
                                        : (uint64_t)(r->size_dw - r->rptr));
    *ndw = MIN(*ndw, avail);
    return *ndw ? w : NULL;
}

bool aemu_ring_read(AemuDevice *d, AemuRing *r, uint32_t off_dw,
                    uint32_t *buf, uint32_t ndw)
{
    if (!aemu_ring_read_raw(d, r, off_dw, buf, ndw)) {
        return false;
    }
    for (uint32_t i = 0; i < ndw; i++) {
        buf[i] = GUINT32_FROM_LE(buf[i]);
    }
    return true;
}

AemuRingFit aemu_ring_fit(const AemuRing *r, uint32_t ndw)
{
    if (ndw <= aemu_ring_avail(r)) {
        return AEMU_RING_FITS;
    }
    if (r->ib_depth) {
        return AEMU_RING_PAST_IB;
    }
    /* One slot stays empty: a full ring would read as an empty one. */
    if (ndw > r->size_dw - 1) {
        return AEMU_RING_TOO_LONG;
    }
    return AEMU_RING_PARTIAL;
}

void aemu_ring_advance(AemuRing *r, uint32_t ndw)
{
    AemuRingIb *ib = aemu_ring_ib(r);

    if (ib) {
        ib->pos += ndw;
    } else {
        r->rptr = (r->rptr + ndw) & ring_mask(r);
    }
}

bool aemu_ring_pop_ib(AemuRing *r)
{
    AemuRingIb *ib = aemu_ring_ib(r);

    if (ib && ib->pos >= ib->size) {
        r->ib_depth--;
        return true;
    }
    return false;
}

bool aemu_ring_push_ib(AemuRing *r, const AemuRingIb *ib)
{
    if (!ib->size) {
        return true;
    }
    if (r->ib_depth >= r->ib_levels) {
        return false;
    }
    r->ib[r->ib_depth++] = *ib;
    return true;
}

void aemu_ring_charge(AemuDevice *d, unsigned *budget, unsigned units)
{
    if (units > *budget) {
        d->sched.overspend += units - *budget;
    }
    *budget -= MIN(*budget, units);
}

/*
 * The stream's state for snapshots (state.h): its name, pointers,
 * geometry, the IB stack, hang and wait. The fetch caches are not saved (loading drops
 * them); nor is the engine, whose timeline the scheduler's section holds.
 */
void aemu_ring_state(AemuStateIo *s, AemuRing *r)
{
    /* A queue's name follows its role (an HQD becomes gfx9's HIQ). */
    AEMU_STATE(s, r->name);
    if (aemu_state_loading(s)) {
        r->name[sizeof(r->name) - 1] = '\0';
    }
    AEMU_STATE(s, r->base);
    AEMU_STATE(s, r->size_dw);
    AEMU_STATE(s, r->vmid);
    AEMU_STATE(s, r->rptr);
    AEMU_STATE(s, r->wptr);
    AEMU_STATE(s, r->reported_rptr);
    AEMU_STATE_BOOL(s, r->reported);
    for (unsigned i = 0; i < AEMU_RING_IB_LEVELS_MAX; i++) {
        AEMU_STATE(s, r->ib[i].base);
        AEMU_STATE(s, r->ib[i].size);
        AEMU_STATE(s, r->ib[i].pos);
        AEMU_STATE(s, r->ib[i].vmid);
        AEMU_STATE_BOOL(s, r->ib[i].ce);
    }
    aemu_state_index(s, &r->ib_depth, r->ib_levels + 1, "IB depth");
    AEMU_STATE_BOOL(s, r->hung);
    AEMU_STATE_BOOL(s, r->waiting);
    AEMU_STATE(s, r->generation);
    if (!aemu_state_loading(s)) {
        return;
    }
    memset(r->fetch, 0, sizeof(r->fetch));
    /* What the ring's masks and IB arithmetic rely on. */
    if (!r->size_dw || (r->size_dw & (r->size_dw - 1)) ||
        r->rptr >= r->size_dw || r->wptr >= r->size_dw) {
        aemu_state_fail(s, "corrupt state: %s's ring of %u dwords, rptr %u "
                        "wptr %u", r->name, r->size_dw, r->rptr, r->wptr);
    }
    for (unsigned i = 0; i < r->ib_depth; i++) {
        if (r->ib[i].pos > r->ib[i].size) {
            aemu_state_fail(s, "corrupt state: %s's IB %u at %u of %u",
                            r->name, i, r->ib[i].pos, r->ib[i].size);
        }
    }
}
