/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * amdgpu-emu core: the engine scheduler.
 *
 * Engines never run inside the guest's register write that kicks them: the
 * kick arms the device timer for "now", and the timer runs every runnable
 * engine round-robin from one shared packet budget. Work left over re-arms
 * the timer a slice later, so the guest's CPUs and the host's main loop
 * always make progress, whatever the rings hold.
 *
 * The timing model: each engine has a timeline in virtual time. Its work
 * costs what the chip's tables say (timing.h: front-end cycles per packet,
 * latencies of launches, IBs and fences, bytes at the bandwidth of their
 * path, counted by gpumem.c), and the engine runs, in steps of
 * AEMU_TIMING_STEP budget units, only while its timeline is within one
 * slice (AEMU_SLICE_NS) of "now"; an engine further ahead sleeps until its
 * timeline. Letting engines run a slice ahead keeps a whole budget per
 * wake-up, so the model costs the emulation no throughput; what the CPU
 * can see of the work, its fences and interrupts, still lands at its
 * modelled time: a fence packet ahead of the clock waits for it
 * (aemu_engine_fence). An engine cannot bank time it spent idle or behind
 * (its timeline is pulled up to "now"), so on a host slower than the
 * modelled chip nothing waits, and under -icount the guest sees the
 * modelled times. With timing off every cost is zero and engines run as
 * fast as the host.
 */
#include "aemu-internal.h"
#include "timeline.h"

void aemu_sched_init(AemuDevice *d)
{
    const AemuTiming *t = d->asic->timing;

    d->sched.engines = g_ptr_array_new();
    d->sched.deadline = UINT64_MAX;
    /* The tables list exceptions; a packet looks its opcode up directly. */
    for (unsigned c = 0; c < AEMU_ENGINE_CLASS_COUNT; c++) {
        for (unsigned i = 0; i < t->engine[c].num_ops; i++) {
            const AemuOpCycles *op = &t->engine[c].ops[i];

            d->sched.op_cycles[c][op->opcode] = op->cycles;
        }
    }
}

void aemu_sched_fini(AemuDevice *d)
{
    g_ptr_array_free(d->sched.engines, TRUE);
}

/* Engines come and go with the blocks: as many as the chip's queues. */
void aemu_engine_register(AemuDevice *d, AemuEngine *e)
{
    /* Its first work launches it. */
    e->idle = true;
    g_ptr_array_add(d->sched.engines, e);
}

unsigned aemu_engine_count(const AemuDevice *d)
{
    return d->sched.engines->len;
}

AemuEngine *aemu_engine_at(const AemuDevice *d, unsigned i)
{
    return g_ptr_array_index(d->sched.engines, i);
}

AemuEngine *aemu_engine_find(const AemuDevice *d, const char *name)
{
    for (unsigned i = 0; i < aemu_engine_count(d); i++) {
        if (g_str_equal(aemu_engine_at(d, i)->name, name)) {
            return aemu_engine_at(d, i);
        }
    }
    return NULL;
}

static void arm(AemuDevice *d, uint64_t when)
{
    if (d->sched.deadline <= when) {
        return;
    }
    d->sched.deadline = when;
    d->host.timer_arm(d->host_opaque, when);
}

void aemu_engine_kick(AemuDevice *d, AemuEngine *e)
{
    e->runnable = true;
    /*
     * A kick from inside a slice (a packet wrote a wptr register) must not
     * arm the timer for "now": a ring that kicks itself would then get
     * slice after slice at the same virtual time, and under -icount QEMU's
     * timer loop would never return. The slice's end sees the engine
     * runnable and arms the next slice a gap later.
     */
    if (d->sched.running) {
        return;
    }
    arm(d, d->host.clock_ns(d->host_opaque));
}

void aemu_engine_wake_at(AemuDevice *d, AemuEngine *e, uint64_t ns)
{
    ns = MAX(ns, 1);
    if (!e->wake_ns || ns < e->wake_ns) {
        e->wake_ns = ns;
    }
    if (!d->sched.wake_ns || e->wake_ns < d->sched.wake_ns) {
        d->sched.wake_ns = e->wake_ns;
    }
    /* Inside a slice, its end arms the timer for the earliest wake-up. */
    if (!d->sched.running) {
        arm(d, e->wake_ns);
    }
}

uint64_t aemu_clock_ns(AemuDevice *d)
{
    return d->host.clock_ns(d->host_opaque);
}

/* The bytes moved since a count. */
static AemuBytes bytes_since(const AemuSched *s, const AemuBytes *from)
{
    AemuBytes b;

    for (unsigned i = 0; i < AEMU_PATH_COUNT; i++) {
        b.n[i] = s->bytes.n[i] - from->n[i];
    }
    return b;
}

/* Modelled time of the work just done: units of budget and bytes moved. */
static uint64_t work_ns(const AemuDevice *d, const AemuEngine *e,
                        unsigned units, const AemuBytes *from)
{
    AemuBytes b = bytes_since(&d->sched, from);

    return (uint64_t)aemu_timing_work_ns(d->asic->timing, e->cls,
                                         e->self_timed ? 0 : units, &b);
}

uint64_t aemu_engine_now(const AemuDevice *d)
{
    const AemuSched *s = &d->sched;
    AemuEngine *e = s->current;
    unsigned used;

    if (!s->timing || !e) {
        return 0;
    }
    used = s->step_size - *s->step_left + s->overspend;
    return e->timeline_ns + work_ns(d, e, used, &s->step_bytes) +
           s->latency_ns;
}

void aemu_engine_wait_until(AemuDevice *d, uint64_t ns)
{
    uint64_t now = aemu_engine_now(d);

    if (d->sched.timing && d->sched.current && ns > now) {
        d->sched.latency_ns += ns - now;
    }
}

static const AemuEngineCosts *costs(AemuDevice *d)
{
    return &d->asic->timing->engine[d->sched.current->cls];
}

void aemu_engine_packet(AemuDevice *d, uint8_t opcode)
{
    const AemuEngineCosts *c;
    uint16_t cycles;

    /* A held fence fetched again was charged the first time. */
    if (!d->sched.timing || !d->sched.current || d->sched.current->held) {
        return;
    }
    c = costs(d);
    cycles = d->sched.op_cycles[d->sched.current->cls][opcode];
    /* The unit the packet is charged pays packet_cycles of it. */
    if (cycles > c->packet_cycles) {
        d->sched.latency_ns += aemu_cycles_ns(d->asic->timing,
                                              cycles - c->packet_cycles);
    }
}

void aemu_engine_ib(AemuDevice *d)
{
    if (d->sched.timing && d->sched.current) {
        d->sched.latency_ns += costs(d)->ib_ns;
    }
}

void aemu_engine_reg_read(AemuDevice *d)
{
    if (d->sched.timing && d->sched.current) {
        d->sched.latency_ns += costs(d)->reg_read_ns;
    }
}

bool aemu_engine_fence(AemuDevice *d, bool irq)
{
    AemuSched *s = &d->sched;
    AemuEngine *e = s->current;
    uint64_t due;

    if (!s->timing || !e) {
        return false;
    }
    if (e->held) {
        /* Run again at the time it waited for: the fence lands now. */
        e->held = false;
        return false;
    }
    s->latency_ns += costs(d)->fence_ns +
                     (irq ? d->asic->timing->irq_ns : 0);
    due = aemu_engine_now(d);
    if (due <= s->now) {
        return false;
    }
    /*
     * Ahead of the clock: wait for it. The latency just stated stays in
     * the step (the engine's timeline reaches due), so the packet asks
     * once more, at due, and goes through.
     */
    e->held = true;
    e->hold_ns = due;
    return true;
}

/*
 * Run one engine up to horizon; returns true while it has work. With
 * timing, it goes in steps and stops once its timeline passes the horizon
 * (a slice from now); a step that leaves budget and still has work means
 * the engine is waiting (a poll, or a fence held for its time), which ends
 * its turn too.
 */
static bool run_engine(AemuDevice *d, AemuEngine *e, unsigned *budget,
                       uint64_t now, uint64_t horizon)
{
    AemuSched *s = &d->sched;
    bool more = true;

    if (!s->timing) {
        unsigned before = *budget;

        s->overspend = 0;
        if (G_UNLIKELY(d->timeline)) {
            aemu_timeline_step_begin(d, e, AEMU_TIMELINE_UNTIMED);
        }
        s->current = e;
        d->mem_retry = NULL;
        more = e->run(d, e, budget);
        s->current = NULL;
        e->packets += before - *budget + s->overspend;
        if (G_UNLIKELY(d->timeline)) {
            aemu_timeline_step_end(d, e, AEMU_TIMELINE_UNTIMED,
                                   before - *budget + s->overspend, !more);
        }
        return more;
    }
    /*
     * Woken from idle by a doorbell or a write pointer: the front end
     * starts fetching a launch latency later (unless its modelled work
     * had not ended yet: then it never went idle).
     */
    if (e->idle) {
        e->idle = false;
        if (e->timeline_ns <= now) {
            e->timeline_ns = now + d->asic->timing->engine[e->cls].launch_ns;
        }
    }
    e->timeline_ns = MAX(e->timeline_ns, now);
    while (*budget && e->timeline_ns <= horizon) {
        unsigned step = MIN(*budget, AEMU_TIMING_STEP), left = step, used;
        uint64_t ns;

        s->overspend = 0;
        s->latency_ns = 0;
        s->step_left = &left;
        s->step_size = step;
        s->step_bytes = s->bytes;
        if (G_UNLIKELY(d->timeline)) {
            aemu_timeline_step_begin(d, e, e->timeline_ns);
        }
        s->current = e;
        d->mem_retry = NULL;
        more = e->run(d, e, &left);
        s->current = NULL;
        used = step - left + s->overspend;
        ns = work_ns(d, e, used, &s->step_bytes) + s->latency_ns;
        e->timeline_ns += ns;
        e->busy_ns += ns;
        e->packets += used;
        if (G_UNLIKELY(d->timeline)) {
            aemu_timeline_step_end(d, e, e->timeline_ns, used, !more);
        }
        *budget -= MIN(*budget, used);
        if (!more || left || e->held) {
            break;
        }
    }
    e->idle = !more;
    return more;
}

/*
 * When a runnable engine runs next (timing on): a held fence at its time;
 * an idle engine another engine kicked during the slice (a queue starting
 * its dispatch's waves) once its launch is over, which is later than now,
 * so virtual time moves on; an engine with work left (out of budget, or
 * polling) a slice gap from now, or at its timeline if that is later.
 */
static uint64_t next_run(AemuDevice *d, AemuEngine *e, uint64_t now,
                         uint64_t horizon)
{
    uint32_t launch = d->asic->timing->engine[e->cls].launch_ns;

    if (e->hold_ns) {
        return e->hold_ns;
    }
    if (e->idle && launch) {
        return MAX(e->timeline_ns, now + launch);
    }
    return MAX(e->timeline_ns, horizon);
}

void aemu_sched_run(AemuDevice *d)
{
    AemuSched *s = &d->sched;
    unsigned budget = AEMU_SLICE_BUDGET;
    unsigned n = aemu_engine_count(d);
    unsigned start = s->next;
    /* Without timing the clock only matters for the next wake-up. */
    uint64_t now = s->timing ? d->host.clock_ns(d->host_opaque) : 0;
    uint64_t horizon = now + AEMU_SLICE_NS, wake = UINT64_MAX;

    s->deadline = UINT64_MAX;
    s->running = true;
    s->now = now;
    /*
     * Engines whose wake-up time has come are runnable now. The clock is
     * read only when one waits for it (a recording, record.c, holds every
     * read, and a replay must ask for the same ones), and the engines are
     * looked at only then: this runs every slice.
     */
    if (s->wake_ns) {
        uint64_t clock = aemu_clock_ns(d);

        if (s->wake_ns <= clock) {
            s->wake_ns = 0;
            for (unsigned i = 0; i < n; i++) {
                AemuEngine *e = aemu_engine_at(d, i);

                if (e->wake_ns && e->wake_ns <= clock) {
                    e->wake_ns = 0;
                    e->runnable = true;
                } else if (e->wake_ns &&
                           (!s->wake_ns || e->wake_ns < s->wake_ns)) {
                    s->wake_ns = e->wake_ns;
                }
            }
        }
    }
    for (unsigned i = 0; i < n && budget; i++) {
        unsigned idx = (start + i) % n;
        AemuEngine *e = aemu_engine_at(d, idx);

        if (!e->runnable || (s->timing && e->timeline_ns > horizon)) {
            continue;
        }
        /* A fence held for its time runs at that time. */
        if (e->hold_ns) {
            if (e->hold_ns > now) {
                continue;
            }
            e->hold_ns = 0;
        }
        e->runnable = run_engine(d, e, &budget, now, horizon);
        /*
         * The next slice starts after the last engine that ran, so an
         * engine that used up the budget cannot starve the ones behind it.
         */
        s->next = (idx + 1) % n;
    }
    s->running = false;
    /* Bus memory stays mapped within a slice only (xlate_cache.c). */
    aemu_xlate_release(d);
    /* A packet asked for a device reset: it stops every engine. */
    if (d->reset_pending) {
        aemu_device_reset_pending(d);
        return;
    }
    /*
     * Wake when the earliest runnable engine can go on: a slice gap from
     * now (out of budget, or polling), or at its timeline if that is later.
     */
    for (unsigned i = 0; i < n; i++) {
        AemuEngine *e = aemu_engine_at(d, i);

        if (e->runnable) {
            wake = MIN(wake, !s->timing ? 0 : next_run(d, e, now, horizon));
        }
    }
    if (wake == 0) {
        arm(d, d->host.clock_ns(d->host_opaque) + AEMU_SLICE_NS);
    } else if (wake != UINT64_MAX) {
        arm(d, wake);
    }
    /* And when an idle engine's own timer says so. */
    if (s->wake_ns) {
        arm(d, s->wake_ns);
    }
}

void aemu_sched_reset(AemuDevice *d)
{
    for (unsigned i = 0; i < aemu_engine_count(d); i++) {
        AemuEngine *e = aemu_engine_at(d, i);

        e->runnable = false;
        e->packets = 0;
        e->timeline_ns = 0;
        e->busy_ns = 0;
        e->wake_ns = 0;
        e->hold_ns = 0;
        e->held = false;
        e->idle = true;
    }
    d->sched.wake_ns = 0;
    d->sched.next = 0;
    if (d->sched.deadline != UINT64_MAX) {
        d->sched.deadline = UINT64_MAX;
        d->host.timer_arm(d->host_opaque, UINT64_MAX);
    }
}
