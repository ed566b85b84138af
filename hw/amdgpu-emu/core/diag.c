/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * amdgpu-emu core: reports and trace events to the host (see diag.h).
 *
 * Guest errors and unimplemented features are formatted here and handed to
 * the host's op of that name. Trace events are generated from
 * aemu-events.def: an emitter per event that widens its arguments to
 * uint64_t (strings as pointers) and calls AemuHostOps.event, and a
 * formatter per event for hosts that print events themselves (the
 * standalone host, aemu-replay), so that the printf format in the table is
 * checked by the compiler against the argument types here too.
 */
#include <stdarg.h>
#include "aemu-internal.h"
#include "timeline.h"

void aemu_guest_error(AemuDevice *d, const char *fmt, ...)
{
    va_list ap;
    char *msg;

    if (!d->host.guest_error) {
        return;
    }
    va_start(ap, fmt);
    msg = g_strdup_vprintf(fmt, ap);
    va_end(ap);
    d->host.guest_error(d->host_opaque, msg);
    g_free(msg);
}

void aemu_unimp(AemuDevice *d, const char *fmt, ...)
{
    va_list ap;
    char *msg;

    if (!d->host.unimp) {
        return;
    }
    va_start(ap, fmt);
    msg = g_strdup_vprintf(fmt, ap);
    va_end(ap);
    d->host.unimp(d->host_opaque, msg);
    g_free(msg);
}

/* ---- Trace events ---------------------------------------------------- */

G_STATIC_ASSERT(AEMU_TRACE_NUM_EVENTS > 0);

/* What every event's flag points to until the host says otherwise. */
static const uint16_t trace_off;

/*
 * Widening an argument: a string travels as its pointer, everything else
 * (bool, signed and unsigned integers) as its value converted to uint64_t,
 * which the conversion back to the argument's type undoes.
 */
static uint64_t pack_str(const char *s)
{
    return (uint64_t)(uintptr_t)s;
}

static uint64_t pack_int(uint64_t v)
{
    return v;
}

#define PACK(x) _Generic((x), const char *: pack_str, default: pack_int)(x)
#define UNPACK(type, v) \
    _Generic((type)0, const char *: (type)(uintptr_t)(v), default: (type)(v))
#define IS_STR(type) _Generic((type)0, const char *: true, default: false)

#define PACK_(i, pair) a[i] = PACK(AEMU_PP_NAME(pair));
#define UNPACK_(i, pair) , UNPACK(AEMU_PP_TYPE(pair), a[i])
#define IS_STR_(i, pair) [i] = IS_STR(AEMU_PP_TYPE(pair)),

/* What an event's flag points to while only the timeline wants it. */
static const uint16_t trace_on = 1;

static void deliver(AemuDevice *d, AemuTraceEventId id, const uint64_t *a)
{
    if (G_UNLIKELY(d->timeline)) {
        aemu_timeline_event(d, id, a);
        /* The timeline may have switched it on, not the host. */
        if (!*d->trace_host[id]) {
            return;
        }
    }
    if (d->host.event) {
        d->host.event(d->host_opaque, id, a);
    }
}

#define AEMU_EVENT(ev, fmt, ...) \
    G_STATIC_ASSERT(AEMU_PP_NARGS(__VA_ARGS__) <= AEMU_TRACE_MAX_ARGS); \
    void aemu_trace_emit_##ev(AemuDevice *d \
                                AEMU_PP_EACH(AEMU_TRACE_PARAM_, __VA_ARGS__)) \
    { \
        uint64_t a[AEMU_TRACE_MAX_ARGS] = { 0 }; \
        AEMU_PP_EACH(PACK_, __VA_ARGS__) \
        deliver(d, AEMU_TRACE_EV_##ev, a); \
    } \
    static char *format_##ev(const uint64_t *a) \
    { \
        return g_strdup_printf(fmt AEMU_PP_EACH(UNPACK_, __VA_ARGS__)); \
    }
#include "aemu-events.def"
#undef AEMU_EVENT

typedef struct EventInfo {
    const char *name;
    unsigned nargs;
    bool is_str[AEMU_TRACE_MAX_ARGS];
    char *(*format)(const uint64_t *a);
} EventInfo;

static const EventInfo events[AEMU_TRACE_NUM_EVENTS] = {
#define AEMU_EVENT(ev, fmt, ...) \
    [AEMU_TRACE_EV_##ev] = { \
        .name = #ev, \
        .nargs = AEMU_PP_NARGS(__VA_ARGS__), \
        .is_str = { AEMU_PP_EACH(IS_STR_, __VA_ARGS__) }, \
        .format = format_##ev, \
    },
#include "aemu-events.def"
#undef AEMU_EVENT
};

unsigned aemu_trace_num_events(void)
{
    return AEMU_TRACE_NUM_EVENTS;
}

const char *aemu_trace_event_name(unsigned id)
{
    return id < AEMU_TRACE_NUM_EVENTS ? events[id].name : NULL;
}

unsigned aemu_trace_event_nargs(unsigned id)
{
    return id < AEMU_TRACE_NUM_EVENTS ? events[id].nargs : 0;
}

bool aemu_trace_event_arg_is_string(unsigned id, unsigned arg)
{
    return id < AEMU_TRACE_NUM_EVENTS && arg < events[id].nargs &&
           events[id].is_str[arg];
}

char *aemu_trace_event_format(unsigned id, const uint64_t *args)
{
    return id < AEMU_TRACE_NUM_EVENTS ? events[id].format(args) : NULL;
}

void aemu_trace_set_state(AemuDevice *d, const uint16_t *const *state)
{
    for (unsigned i = 0; i < AEMU_TRACE_NUM_EVENTS; i++) {
        d->trace_host[i] = state && state[i] ? state[i] : &trace_off;
    }
    aemu_trace_update_state(d);
}

void aemu_trace_update_state(AemuDevice *d)
{
    for (unsigned i = 0; i < AEMU_TRACE_NUM_EVENTS; i++) {
        d->trace_state[i] = d->timeline && aemu_timeline_wants(i) ?
                            &trace_on : d->trace_host[i];
    }
}
