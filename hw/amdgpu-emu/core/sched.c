/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * amdgpu-emu core: the engine scheduler.
 *
 * Engines never run inside the guest's register write that kicks them: the
 * kick arms the device timer for "now", and the timer runs every runnable
 * engine round-robin from one shared packet budget. Work left over re-arms
 * the timer a slice later, so the guest's CPUs and the host's main loop
 * always make progress, whatever the rings hold. Packet costs are zero for
 * now; the engines' timelines plug in here.
 */
#include "aemu-internal.h"

void aemu_engine_register(AemuDevice *d, AemuEngine *e)
{
    g_assert(d->sched.num_engines < AEMU_MAX_ENGINES);
    d->sched.engines[d->sched.num_engines++] = e;
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

void aemu_sched_run(AemuDevice *d)
{
    AemuSched *s = &d->sched;
    unsigned budget = AEMU_SLICE_BUDGET;
    unsigned n = s->num_engines;
    unsigned start = s->next;
    bool more = false;

    s->deadline = UINT64_MAX;
    s->running = true;
    for (unsigned i = 0; i < n && budget; i++) {
        unsigned idx = (start + i) % n;
        AemuEngine *e = s->engines[idx];
        unsigned before = budget;

        if (!e->runnable) {
            continue;
        }
        e->runnable = e->run(d, e, &budget);
        e->packets += before - budget;
        /*
         * The next slice starts after the last engine that ran, so an
         * engine that used up the budget cannot starve the ones behind it.
         */
        s->next = (idx + 1) % n;
    }
    s->running = false;
    for (unsigned i = 0; i < n; i++) {
        more |= s->engines[i]->runnable;
    }
    if (more) {
        arm(d, d->host.clock_ns(d->host_opaque) + AEMU_SLICE_NS);
    }
}

void aemu_sched_reset(AemuDevice *d)
{
    for (unsigned i = 0; i < d->sched.num_engines; i++) {
        d->sched.engines[i]->runnable = false;
        d->sched.engines[i]->packets = 0;
    }
    d->sched.next = 0;
    if (d->sched.deadline != UINT64_MAX) {
        d->sched.deadline = UINT64_MAX;
        d->host.timer_arm(d->host_opaque, UINT64_MAX);
    }
}
