/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * amdgpu-emu core: what the model tells its host about itself.
 *
 * Three channels, each with its own host op:
 *  - aemu_guest_error: the guest did something the hardware would not
 *    accept (QEMU: -d guest_errors);
 *  - aemu_unimp: the guest did something the hardware does, but the model
 *    lacks (QEMU: -d unimp). Not the guest's fault: the two must not mix,
 *    or a driver developer chases bugs the driver does not have;
 *  - AEMU_TRACE: the trace events of aemu-events.def (QEMU:
 *    -trace amdgpu_emu_*), for what the model did, packet by packet.
 *
 * Tracing costs nothing measurable when off. AEMU_TRACE reads the event's
 * state flag, which the host owns (QEMU's per-event dstate, so -trace and
 * the monitor's trace-event switch it at run time), through a pointer held
 * in the device: a load of the pointer, a load of the flag and a branch.
 * The arguments are evaluated, and the host called, only when the flag is
 * set. Call sites pass exactly the event's arguments, type-checked against
 * the row in aemu-events.def.
 */
#ifndef AMDGPU_EMU_DIAG_H
#define AMDGPU_EMU_DIAG_H

#include <glib.h>
#include <inttypes.h>
#include "amdgpu-emu/aemu.h"
#include "aemu-trace.h"

/* Report a guest error through the host (printf-style). */
void aemu_guest_error(AemuDevice *d, const char *fmt, ...)
    G_GNUC_PRINTF(2, 3);
/* Report something the model does not implement (printf-style). */
void aemu_unimp(AemuDevice *d, const char *fmt, ...) G_GNUC_PRINTF(2, 3);

/*
 * AEMU_TRACE(d, name, args...): emit event `name` of aemu-events.def if the
 * host enabled it. AEMU_TRACE_ON(d, name) is the test alone, for a call
 * site that must prepare an argument (format a reason) first.
 */
#define AEMU_TRACE_ON(d, name) \
    G_UNLIKELY(*(d)->trace_state[AEMU_TRACE_EV_##name])
#define AEMU_TRACE(d, name, ...) \
    do { \
        if (AEMU_TRACE_ON(d, name)) { \
            aemu_trace_emit_##name((d), __VA_ARGS__); \
        } \
    } while (0)

/*
 * Preprocessor iteration over an event's (type, name) pairs: m(index,
 * pair) for each, up to AEMU_TRACE_MAX_ARGS.
 */
#define AEMU_PP_NARGS(...) \
    AEMU_PP_NARGS_(__VA_ARGS__, 8, 7, 6, 5, 4, 3, 2, 1, 0)
#define AEMU_PP_NARGS_(_1, _2, _3, _4, _5, _6, _7, _8, n, ...) n
#define AEMU_PP_CAT(a, b) AEMU_PP_CAT_(a, b)
#define AEMU_PP_CAT_(a, b) a##b
#define AEMU_PP_EACH(m, ...) \
    AEMU_PP_CAT(AEMU_PP_EACH_, AEMU_PP_NARGS(__VA_ARGS__))(m, __VA_ARGS__)
#define AEMU_PP_EACH_1(m, a) m(0, a)
#define AEMU_PP_EACH_2(m, a, b) m(0, a) m(1, b)
#define AEMU_PP_EACH_3(m, a, b, c) m(0, a) m(1, b) m(2, c)
#define AEMU_PP_EACH_4(m, a, b, c, e) m(0, a) m(1, b) m(2, c) m(3, e)
#define AEMU_PP_EACH_5(m, a, b, c, e, f) \
    AEMU_PP_EACH_4(m, a, b, c, e) m(4, f)
#define AEMU_PP_EACH_6(m, a, b, c, e, f, g) \
    AEMU_PP_EACH_5(m, a, b, c, e, f) m(5, g)
#define AEMU_PP_EACH_7(m, a, b, c, e, f, g, h) \
    AEMU_PP_EACH_6(m, a, b, c, e, f, g) m(6, h)
#define AEMU_PP_EACH_8(m, a, b, c, e, f, g, h, i) \
    AEMU_PP_EACH_7(m, a, b, c, e, f, g, h) m(7, i)
/* The parts of a (type, name) pair. */
#define AEMU_PP_TYPE(pair) AEMU_PP_TYPE_ pair
#define AEMU_PP_TYPE_(type, name) type
#define AEMU_PP_NAME(pair) AEMU_PP_NAME_ pair
#define AEMU_PP_NAME_(type, name) name

/* ", type name" for a parameter list. */
#define AEMU_TRACE_PARAM_(i, pair) , AEMU_PP_TYPE(pair) AEMU_PP_NAME(pair)

/*
 * Recompute trace_state from the host's flags and the timeline's needs
 * (after either changes).
 */
void aemu_trace_update_state(AemuDevice *d);

/* One emitter per event (diag.c): packs the arguments, calls the host. */
#define AEMU_EVENT(ev, fmt, ...) \
    void aemu_trace_emit_##ev(AemuDevice *d \
                                AEMU_PP_EACH(AEMU_TRACE_PARAM_, __VA_ARGS__));
#include "aemu-events.def"
#undef AEMU_EVENT

#endif
