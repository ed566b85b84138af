/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * amdgpu-emu core: engine timelines for a person to look at (timeline.c).
 *
 * A Chrome JSON trace (Perfetto and chrome://tracing open it) of what the
 * engines did in virtual time: a track per queue with a slice per packet,
 * fences, traps, interrupts and hangs as instants, polls as wait slices and
 * bytes moved per path as counters. It is fed from two places only: the
 * scheduler's steps (when and how long an engine ran) and the core's trace
 * events (what it ran), which the timeline switches on for itself; with no
 * timeline open, neither costs more than the branch both already had.
 */
#ifndef AMDGPU_EMU_TIMELINE_H
#define AMDGPU_EMU_TIMELINE_H

#include <stdbool.h>
#include <stdint.h>
#include "aemu-trace.h"

typedef struct AemuDevice AemuDevice;
typedef struct AemuEngine AemuEngine;

/* A step's bound the timeline works out itself (timing off). */
#define AEMU_TIMELINE_UNTIMED UINT64_MAX

/* Does the timeline consume this trace event (diag.c switches it on)? */
bool aemu_timeline_wants(AemuTraceEventId id);
/* A trace event, with its arguments packed as diag.c packs them. */
void aemu_timeline_event(AemuDevice *d, AemuTraceEventId id,
                         const uint64_t *args);
/*
 * An engine's step from the scheduler: it runs from start_ns, and ended at
 * end_ns having used units of budget; idle: it has no more work.
 */
void aemu_timeline_step_begin(AemuDevice *d, AemuEngine *e,
                              uint64_t start_ns);
void aemu_timeline_step_end(AemuDevice *d, AemuEngine *e, uint64_t end_ns,
                            unsigned units, bool idle);

#endif
