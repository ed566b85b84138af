/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * amdgpu-emu core: the ids of the core's trace events.
 *
 * One id per row of aemu-events.def, in its order: the core passes these to
 * AemuHostOps.event, and a host indexes its state table
 * (aemu_trace_set_state) with them. Kept free of GLib and of the core's
 * internals so that the QEMU glue's generated dispatch can include it.
 */
#ifndef AMDGPU_EMU_AEMU_TRACE_H
#define AMDGPU_EMU_AEMU_TRACE_H

typedef enum AemuTraceEventId {
#define AEMU_EVENT(ev, fmt, ...) AEMU_TRACE_EV_##ev,
#include "aemu-events.def"
#undef AEMU_EVENT
    AEMU_TRACE_NUM_EVENTS
} AemuTraceEventId;

#endif
