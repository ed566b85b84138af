/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * amdgpu-emu core: fault injection, the hooks the engines call.
 *
 * aemu_inject (include/amdgpu-emu/aemu.h) arms a fault; the places where
 * hardware would misbehave ask here whether one is armed for them: the
 * ring engine before a queue's next packet (hang), the interrupt path
 * before an IV reaches the IH (drop), the CP's end-of-pipe and SDMA's
 * FENCE before their memory write (corrupt), the device reset (VRAM lost).
 * Each check is a load and a compare while nothing is armed.
 */
#ifndef AMDGPU_EMU_INJECT_H
#define AMDGPU_EMU_INJECT_H

#include "ring.h"

/*
 * A corrupted fence is written this far behind the value the packet
 * carries: the value a fence write that never completed leaves in memory
 * (the previous sequence number), so the job never signals and the
 * driver's job timeout fires.
 */
#define AEMU_INJECT_FENCE_BEHIND 1u

/* Fill byte of VRAM lost at a reset: no driver's reset magic matches it. */
#define AEMU_INJECT_VRAM_LOST_FILL 0xa5u

bool aemu_inject_fire_hang(AemuDevice *d, AemuRing *r);
uint64_t aemu_inject_fire_fence(AemuDevice *d, AemuRing *r, uint64_t value);
bool aemu_inject_fire_drop_irq(AemuDevice *d, const AemuIvEntry *iv);
bool aemu_inject_fire_delay_irq(AemuDevice *d, const AemuIvEntry *iv);
/* Register the engine that posts a delayed IV (device.c, at creation). */
void aemu_inject_init(AemuDevice *d);
/* A reset of this kind is starting (device.c). */
void aemu_inject_reset(AemuDevice *d, AemuResetKind kind);

/* Whether r hangs now, before its next packet (it is then hung). */
static inline bool aemu_inject_hang(AemuDevice *d, AemuRing *r)
{
    return G_UNLIKELY(d->inject.hang == r) && aemu_inject_fire_hang(d, r);
}

/* The value r's fence writes: value, or a corrupted one. */
static inline uint64_t aemu_inject_fence(AemuDevice *d, AemuRing *r,
                                         uint64_t value)
{
    return G_UNLIKELY(d->inject.corrupt_fence == r)
           ? aemu_inject_fire_fence(d, r, value) : value;
}

/*
 * Whether a failed reset left the device not answering: reads of its
 * registers return all-ones, writes are lost (device.c).
 */
static inline bool aemu_inject_dead(const AemuDevice *d)
{
    return G_UNLIKELY(d->inject.dead);
}

/* Whether this IV is held back (posted later by the delay engine). */
static inline bool aemu_inject_delay_irq(AemuDevice *d, const AemuIvEntry *iv)
{
    return G_UNLIKELY(d->inject.delay_irq_us) &&
           aemu_inject_fire_delay_irq(d, iv);
}

/* Whether this IV is dropped instead of reaching the IH. */
static inline bool aemu_inject_drop_irq(AemuDevice *d, const AemuIvEntry *iv)
{
    return G_UNLIKELY(d->inject.drop_irqs) && aemu_inject_fire_drop_irq(d, iv);
}

#endif
