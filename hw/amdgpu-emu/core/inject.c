/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * amdgpu-emu core: fault injection (docs/fault-injection.md).
 *
 * Faults real hardware produces and a guest cannot cause on purpose: an
 * engine that hangs on a valid packet, interrupts that never arrive, a
 * fence write that lands wrong, VRAM lost across a reset. A host (QEMU's
 * qom-set, a unit test, the fuzzer, aemu-replay) arms one with aemu_inject;
 * it fires on the next device event of its kind (inject.h) and disarms.
 * Arming is an input of a recording ("J <kind> <arg>"), so the replay arms
 * it at the same point of the session and the fault fires on the same
 * event.
 */
#include <string.h>
#include "inject.h"

static const char *const kind_names[AEMU_INJECT_KIND_COUNT] = {
    [AEMU_INJECT_HANG] = "hang",
    [AEMU_INJECT_DROP_IRQS] = "drop-irqs",
    [AEMU_INJECT_CORRUPT_FENCE] = "corrupt-fence",
    [AEMU_INJECT_VRAM_LOST] = "vram-lost",
    [AEMU_INJECT_RESET_FAIL] = "reset-fail",
    [AEMU_INJECT_DELAY_IRQ] = "delay-irq",
};

const char *aemu_inject_kind_name(AemuInjectKind kind)
{
    return kind < AEMU_INJECT_KIND_COUNT ? kind_names[kind] : "?";
}

bool aemu_inject_kind_parse(const char *name, AemuInjectKind *kind)
{
    for (unsigned k = 0; k < AEMU_INJECT_KIND_COUNT; k++) {
        if (g_str_equal(name, kind_names[k])) {
            *kind = k;
            return true;
        }
    }
    return false;
}

/* The queue an engine name stands for; NULL if none (or not a queue). */
static AemuRing *find_queue(AemuDevice *d, const char *name)
{
    AemuEngine *e = aemu_engine_find(d, name);

    return e ? aemu_ring_of_engine(e) : NULL;
}

/* The queue names, for the message refusing an unknown one. */
static char *queue_names(AemuDevice *d)
{
    GString *s = g_string_new(NULL);

    for (unsigned i = 0; i < aemu_engine_count(d); i++) {
        AemuEngine *e = aemu_engine_at(d, i);

        if (aemu_ring_of_engine(e)) {
            g_string_append_printf(s, "%s%s", s->len ? ", " : "", e->name);
        }
    }
    return g_string_free(s, false);
}

static bool arm_queue(AemuDevice *d, AemuRing **slot, const char *name,
                      char **errmsg)
{
    AemuRing *r;
    char *names;

    if (!name || !name[0]) {
        *slot = NULL;
        return true;
    }
    r = find_queue(d, name);
    if (!r) {
        names = queue_names(d);
        *errmsg = g_strdup_printf("no queue named '%s' (queues: %s)", name,
                                  names);
        g_free(names);
        return false;
    }
    *slot = r;
    return true;
}

bool aemu_inject(AemuDevice *d, const AemuInjection *inj, char **errmsg)
{
    const char *target = inj->engine && inj->engine[0] ? inj->engine : "-";
    bool ok = true;

    switch (inj->kind) {
    case AEMU_INJECT_HANG:
        ok = arm_queue(d, &d->inject.hang, inj->engine, errmsg);
        break;
    case AEMU_INJECT_CORRUPT_FENCE:
        ok = arm_queue(d, &d->inject.corrupt_fence, inj->engine, errmsg);
        d->inject.corrupt_fences = MAX(inj->count, 1u);
        break;
    case AEMU_INJECT_DROP_IRQS:
        d->inject.drop_irqs = inj->count;
        break;
    case AEMU_INJECT_VRAM_LOST:
        d->inject.vram_lost = inj->count != 0;
        break;
    case AEMU_INJECT_RESET_FAIL:
        d->inject.reset_fail = inj->count != 0;
        break;
    case AEMU_INJECT_DELAY_IRQ:
        d->inject.delay_irq_us = inj->count;
        break;
    default:
        *errmsg = g_strdup_printf("unknown injection kind %u", inj->kind);
        return false;
    }
    if (!ok) {
        return false;
    }
    AEMU_TRACE(d, inject_arm, aemu_inject_kind_name(inj->kind), target,
               inj->count);
    /* An input of the session: the replay arms it at the same point. */
    aemu_rec_event(d, "J %s %s %" G_GUINT32_FORMAT,
                   aemu_inject_kind_name(inj->kind), target, inj->count);
    /* A hang waits for the queue's next packet: let it run into it. */
    if (inj->kind == AEMU_INJECT_HANG && d->inject.hang) {
        aemu_ring_kick(d, d->inject.hang);
    }
    return true;
}

AemuInjection aemu_inject_armed(const AemuDevice *d, AemuInjectKind kind)
{
    AemuInjection inj = { .kind = kind, .engine = "" };

    switch (kind) {
    case AEMU_INJECT_HANG:
        inj.engine = d->inject.hang ? d->inject.hang->name : "";
        break;
    case AEMU_INJECT_CORRUPT_FENCE:
        inj.engine = d->inject.corrupt_fence
                     ? d->inject.corrupt_fence->name : "";
        inj.count = d->inject.corrupt_fence ? d->inject.corrupt_fences : 0;
        break;
    case AEMU_INJECT_DROP_IRQS:
        inj.count = d->inject.drop_irqs;
        break;
    case AEMU_INJECT_VRAM_LOST:
        inj.count = d->inject.vram_lost;
        break;
    case AEMU_INJECT_RESET_FAIL:
        inj.count = d->inject.reset_fail;
        break;
    case AEMU_INJECT_DELAY_IRQ:
        inj.count = d->inject.delay_irq_us;
        break;
    default:
        break;
    }
    return inj;
}

/*
 * The queue stops where it is, with its work pending: status registers
 * read busy (the blocks report a hung ring busy) and no IV is posted, as
 * when real hardware wedges on a packet. A soft reset, a halt or a device
 * reset clears it as it clears any hang.
 */
bool aemu_inject_fire_hang(AemuDevice *d, AemuRing *r)
{
    d->inject.hang = NULL;
    r->hung = true;
    AEMU_TRACE(d, inject_fire, "hang", r->name, aemu_ring_addr(r, 0));
    return true;
}

uint64_t aemu_inject_fire_fence(AemuDevice *d, AemuRing *r, uint64_t value)
{
    uint64_t bad = value - AEMU_INJECT_FENCE_BEHIND;

    if (--d->inject.corrupt_fences == 0) {
        d->inject.corrupt_fence = NULL;
    }
    AEMU_TRACE(d, inject_fire, "corrupt-fence", r->name, bad);
    return bad;
}

bool aemu_inject_fire_drop_irq(AemuDevice *d, const AemuIvEntry *iv)
{
    d->inject.drop_irqs--;
    AEMU_TRACE(d, inject_fire, "drop-irqs", "ih", iv->src_id);
    return true;
}

/*
 * The next IV arrives late: held here, posted by the delay engine when the
 * virtual clock reaches its time (the source's fence has landed already,
 * so the driver sees the fence without its interrupt for that long: a
 * late MSI). One IV at a time: those after it are not held back.
 */
bool aemu_inject_fire_delay_irq(AemuDevice *d, const AemuIvEntry *iv)
{
    struct AemuInjectDelay *dl = &d->inject_delay;
    uint64_t due;

    if (dl->pending) {
        return false;
    }
    due = aemu_clock_ns(d) + (uint64_t)d->inject.delay_irq_us * 1000;
    d->inject.delay_irq_us = 0;
    dl->iv = *iv;
    dl->pending = true;
    AEMU_TRACE(d, inject_fire, "delay-irq", "ih", iv->src_id);
    aemu_engine_wake_at(d, &dl->engine, due);
    return true;
}

static bool delay_run(AemuDevice *d, AemuEngine *e, unsigned *budget)
{
    struct AemuInjectDelay *dl = &d->inject_delay;

    if (dl->pending && *budget) {
        dl->pending = false;
        (*budget)--;
        aemu_irq_post(d, &dl->iv);
    }
    /* Without budget it stays runnable: the IV is never lost. */
    return dl->pending;
}

void aemu_inject_init(AemuDevice *d)
{
    AemuEngine *e = &d->inject_delay.engine;

    e->name = "inject-delay";
    e->run = delay_run;
    /* It states no work of its own: no modelled time. */
    e->self_timed = true;
    aemu_engine_register(d, e);
}

void aemu_inject_reset(AemuDevice *d, AemuResetKind kind)
{
    /* Another reset brings back a device a failed one left dead. */
    d->inject.dead = false;
    /* An IV still held back is lost with the IH it was going to. */
    d->inject_delay.pending = false;
    if (d->inject.vram_lost) {
        d->inject.vram_lost = false;
        /*
         * What VRAM holds after its contents were lost; the driver finds
         * out by its reset magic kept in the GART table, in VRAM
         * (amdgpu_device_check_vram_lost).
         */
        memset(d->vram, AEMU_INJECT_VRAM_LOST_FILL, d->vram_size);
        aemu_vram_dirty(d, 0, d->vram_size);
        AEMU_TRACE(d, inject_fire, "vram-lost", "vram", d->vram_size);
    }
    /* A power cycle (power-on, S3) ends the test that armed the rest. */
    if (kind == AEMU_RESET_COLD || kind == AEMU_RESET_WAKE) {
        memset(&d->inject, 0, sizeof(d->inject));
    } else if (d->inject.reset_fail) {
        /*
         * The reset never completes: the driver's poll of CONFIG_MEMSIZE
         * for a value other than all-ones (amdgpu_asic_reset's PCI config
         * reset) times out.
         */
        d->inject.reset_fail = false;
        d->inject.dead = true;
        AEMU_TRACE(d, inject_fire, "reset-fail", "device", 0);
    }
}
