/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * amdgpu-emu core: engine timelines as a Chrome JSON trace (timeline.h).
 *
 * Why Chrome JSON and not Perfetto's protobuf: both Perfetto's UI and
 * chrome://tracing open it, it needs no schema or library here, a person can
 * read and grep it, Python's json module parses it for the tests and the
 * summary script, and its array form stays loadable when the emulator dies
 * before writing the closing bracket.
 *
 * Timing: the scheduler runs an engine in steps and knows each step's start
 * and end on the engine's timeline, but not where inside a step one packet
 * ended and the next began. The packets (and fences and IVs) a step reports
 * are queued and placed when the step ends: each gap between two of them
 * weighs what the timing model charges for it (a unit for a new packet,
 * bytes at the bandwidth of their path) and the step's time is shared out
 * in proportion, so slices tile the step exactly and never overlap.
 *
 * A slice stays open until the next packet on its queue begins or the engine
 * goes idle, so a long SDMA copy spanning steps is one slice. A packet that
 * is fetched again at the same place is polling (WAIT_REG_MEM, POLL_REGMEM):
 * its slice becomes a "wait" slice that covers the whole wait.
 * Engines that report no packets (the PSP) get a "run" slice on their own
 * track. With timing off the timeline keeps a clock per engine that advances
 * by what the model would have charged, so it still shows relative cost;
 * it never reads the host's clock, which would be an input of a recording.
 */
#include <errno.h>
#include <stdio.h>
#include "aemu-internal.h"
#include "timeline.h"

/* The one process in the trace: the device. */
#define TL_PID 1
/* stdio buffer: whole steps between writes, and few system calls. */
#define TL_BUF_BYTES (1u << 20)

typedef enum TlItemKind {
    TL_PACKET,
    TL_INSTANT,
} TlItemKind;

typedef struct TlTrack {
    unsigned tid;
    const char *name;           /* interned */
    /* The open slice (a packet still running, or waiting). */
    bool open;
    bool waiting;
    const char *slice;          /* packet name (static) */
    /* The packet's event and arguments, formatted only when it closes. */
    AemuTraceEventId id;
    uint64_t raw[AEMU_TRACE_MAX_ARGS];
    uint64_t start_ns, end_ns;
    const char *stream;         /* static, with pos: where it was fetched */
    uint32_t pos;
    unsigned polls;
} TlTrack;

/* Something a step reported, placed in time when the step ends. */
typedef struct TlItem {
    TlItemKind kind;
    TlTrack *track;
    const char *name;           /* static */
    char *args;                 /* instants: formatted; packets: NULL */
    AemuTraceEventId id;
    uint64_t raw[AEMU_TRACE_MAX_ARGS];
    const char *stream;
    uint32_t pos;
    bool resumed;               /* SDMA: a long packet resumed (progress) */
    AemuBytes bytes;            /* the scheduler's byte counts at the item */
    uint64_t lat;               /* the step's stated latency at the item */
} TlItem;

typedef struct TlEngine {
    uint64_t clock_ns;          /* timing off: the timeline's own clock */
    uint64_t start_ns;          /* of the step running */
    AemuBytes bytes;            /* byte counts at the step's start */
    uint64_t moved[2];          /* this engine's bytes so far: system, VRAM */
    TlTrack *cur;               /* the track whose slice is running */
    TlTrack *own;               /* the engine's own track */
} TlEngine;

struct AemuTimeline {
    FILE *f;
    char *buf;
    bool first;                 /* no event written yet (commas) */
    GHashTable *tracks;         /* name -> TlTrack (owns neither) */
    /* The last track looked up: packets come in runs from one queue. */
    const char *last_name;
    TlTrack *last_track;
    GHashTable *engines;        /* AemuEngine * -> TlEngine */
    TlEngine *cur;              /* engine in a step, or NULL */
    GArray *items;              /* TlItem, of the step running */
    unsigned next_tid;
    uint64_t last_ns;           /* latest time placed, for loose events */
};

/* ---- JSON writing ---------------------------------------------------- */

static void put_str(GString *s, const char *str)
{
    g_string_append_c(s, '"');
    for (const char *c = str; *c; c++) {
        if (*c == '"' || *c == '\\') {
            g_string_append_printf(s, "\\%c", *c);
        } else if ((unsigned char)*c < 0x20) {
            g_string_append_printf(s, "\\u%04x", (unsigned char)*c);
        } else {
            g_string_append_c(s, *c);
        }
    }
    g_string_append_c(s, '"');
}

/* Chrome traces count microseconds; keep the nanoseconds as decimals. */
static void put_us(GString *s, uint64_t ns)
{
    g_string_append_printf(s, "%" PRIu64 ".%03u", ns / 1000,
                           (unsigned)(ns % 1000));
}

static void emit(AemuTimeline *t, GString *s)
{
    fputs(t->first ? "[\n" : ",\n", t->f);
    t->first = false;
    fputs(s->str, t->f);
    g_string_free(s, TRUE);
}

static GString *event_head(const char *ph, const char *name, unsigned tid,
                           uint64_t ns)
{
    GString *s = g_string_new("{\"ph\":\"");

    g_string_append_printf(s, "%s\",\"name\":", ph);
    put_str(s, name);
    g_string_append_printf(s, ",\"pid\":%d,\"tid\":%u,\"ts\":", TL_PID, tid);
    put_us(s, ns);
    return s;
}

static void emit_meta(AemuTimeline *t, const char *what, unsigned tid,
                      const char *name)
{
    GString *s = g_string_new("{\"ph\":\"M\",\"name\":");

    put_str(s, what);
    g_string_append_printf(s, ",\"pid\":%d,\"tid\":%u,\"args\":{\"name\":",
                           TL_PID, tid);
    put_str(s, name);
    g_string_append(s, "}}");
    emit(t, s);
}

/* Queue names live as long as the device (rings' names) or are literals. */
static TlTrack *track(AemuTimeline *t, const char *name)
{
    TlTrack *k;

    /* The content too: a queue's name buffer could be reused. */
    if (name == t->last_name && g_str_equal(name, t->last_track->name)) {
        return t->last_track;
    }
    k = g_hash_table_lookup(t->tracks, name);
    if (!k) {
        k = g_new0(TlTrack, 1);
        k->name = g_strdup(name);
        k->tid = ++t->next_tid;
        g_hash_table_insert(t->tracks, (gpointer)k->name, k);
        emit_meta(t, "thread_name", k->tid, k->name);
    }
    t->last_name = name;
    t->last_track = k;
    return k;
}

/* A packet's arguments as JSON members, from its trace event's. */
static void put_packet_args(GString *s, AemuTraceEventId id,
                            const uint64_t *a)
{
    if (id == AEMU_TRACE_EV_cp_packet) {
        g_string_append_printf(s, "\"header\":\"0x%08x\",\"stream\":\"%s\","
                               "\"dw\":%u,\"addr\":\"0x%" PRIx64 "\","
                               "\"vmid\":%u", (uint32_t)a[2],
                               (const char *)(uintptr_t)a[3], (uint32_t)a[4],
                               a[5], (unsigned)a[6]);
    } else if (id == AEMU_TRACE_EV_sdma_packet) {
        g_string_append_printf(s, "\"header\":\"0x%08x\",\"stream\":\"%s\","
                               "\"offset\":%u,\"vmid\":%u", (uint32_t)a[2],
                               (const char *)(uintptr_t)a[3], (uint32_t)a[4],
                               (unsigned)a[5]);
    }
}

static void close_slice(AemuTimeline *t, TlTrack *k)
{
    GString *s;
    char *name;

    if (!k->open) {
        return;
    }
    name = k->waiting ? g_strdup_printf("wait: %s", k->slice)
                      : g_strdup(k->slice);
    s = event_head("X", name, k->tid, k->start_ns);
    g_free(name);
    g_string_append(s, ",\"dur\":");
    put_us(s, k->end_ns - k->start_ns);
    g_string_append_printf(s, ",\"cat\":\"%s\",\"args\":{",
                           k->waiting ? "wait" : "packet");
    put_packet_args(s, k->id, k->raw);
    if (k->waiting) {
        g_string_append_printf(s, ",\"polls\":%u", k->polls);
    }
    g_string_append(s, "}}");
    emit(t, s);
    k->open = false;
}

static void emit_instant(AemuTimeline *t, TlTrack *k, const char *name,
                         const char *args, uint64_t ns)
{
    GString *s = event_head("i", name, k->tid, ns);

    g_string_append_printf(s, ",\"s\":\"t\",\"cat\":\"event\",\"args\":{%s}}",
                           args);
    emit(t, s);
}

/* ---- Open and close -------------------------------------------------- */

bool aemu_timeline_open(AemuDevice *d, const char *path, char **errmsg)
{
    AemuTimeline *t;
    FILE *f;
    char *name;

    if (d->timeline) {
        *errmsg = g_strdup("timeline already open");
        return false;
    }
    f = fopen(path, "w");
    if (!f) {
        *errmsg = g_strdup_printf("cannot create %s: %s", path,
                                  g_strerror(errno));
        return false;
    }
    t = g_new0(AemuTimeline, 1);
    t->f = f;
    t->buf = g_malloc(TL_BUF_BYTES);
    setvbuf(f, t->buf, _IOFBF, TL_BUF_BYTES);
    t->first = true;
    t->tracks = g_hash_table_new(g_str_hash, g_str_equal);
    t->engines = g_hash_table_new_full(g_direct_hash, g_direct_equal, NULL,
                                       g_free);
    t->items = g_array_new(FALSE, TRUE, sizeof(TlItem));
    name = g_strdup_printf("amdgpu-emu %s", d->asic->name);
    emit_meta(t, "process_name", 0, name);
    g_free(name);
    d->timeline = t;
    aemu_trace_update_state(d);
    return true;
}

void aemu_timeline_close(AemuDevice *d)
{
    AemuTimeline *t = d->timeline;
    GHashTableIter it;
    gpointer key, val;

    if (!t) {
        return;
    }
    g_hash_table_iter_init(&it, t->tracks);
    while (g_hash_table_iter_next(&it, &key, &val)) {
        TlTrack *k = val;

        close_slice(t, k);
        g_free((char *)k->name);
        g_free(k);
    }
    fputs(t->first ? "[]\n" : "\n]\n", t->f);
    fclose(t->f);
    g_free(t->buf);
    g_hash_table_destroy(t->tracks);
    g_hash_table_destroy(t->engines);
    g_array_free(t->items, TRUE);
    g_free(t);
    d->timeline = NULL;
    aemu_trace_update_state(d);
}

/* ---- Trace events ---------------------------------------------------- */

bool aemu_timeline_wants(AemuTraceEventId id)
{
    switch (id) {
    case AEMU_TRACE_EV_cp_packet:
    case AEMU_TRACE_EV_sdma_packet:
    case AEMU_TRACE_EV_cp_fence:
    case AEMU_TRACE_EV_sdma_fence:
    case AEMU_TRACE_EV_sdma_trap:
    case AEMU_TRACE_EV_ih_iv:
    case AEMU_TRACE_EV_cp_hang:
    case AEMU_TRACE_EV_sdma_hang:
    case AEMU_TRACE_EV_sh_dispatch:
    case AEMU_TRACE_EV_sh_dispatch_done:
    case AEMU_TRACE_EV_sh_dispatch_halt:
        return true;
    default:
        return false;
    }
}

#define ARG_STR(i) ((const char *)(uintptr_t)a[i])

/* Where a loose event (outside any step) goes: after all placed so far. */
static void loose(AemuDevice *d, TlItem *it)
{
    AemuTimeline *t = d->timeline;

    /*
     * Not the host's clock: reading it is an input of a recording, and a
     * timeline must not change what the device does.
     */
    if (it->kind == TL_INSTANT) {
        emit_instant(t, it->track, it->name, it->args, t->last_ns);
    }
    /* A packet outside a step (none today) has no time of its own. */
    g_free(it->args);
}

void aemu_timeline_event(AemuDevice *d, AemuTraceEventId id,
                         const uint64_t *a)
{
    AemuTimeline *t = d->timeline;
    TlItem it = { .kind = TL_INSTANT };
    char *args = NULL;

    switch (id) {
    case AEMU_TRACE_EV_cp_packet:
        it.kind = TL_PACKET;
        it.track = track(t, ARG_STR(0));
        it.name = ARG_STR(1);
        it.stream = ARG_STR(3);
        it.pos = a[4];
        break;
    case AEMU_TRACE_EV_sdma_packet:
        it.kind = TL_PACKET;
        it.track = track(t, ARG_STR(0));
        it.name = ARG_STR(1);
        it.stream = ARG_STR(3);
        it.pos = a[4];
        it.resumed = a[6] != 0;
        break;
    case AEMU_TRACE_EV_cp_fence:
        it.track = track(t, ARG_STR(0));
        it.name = "fence";
        args = g_strdup_printf("\"packet\":\"%s\",\"addr\":\"0x%" PRIx64
                               "\",\"value\":\"0x%" PRIx64 "\",\"int_sel\":%u",
                               ARG_STR(1), a[2], a[3], (unsigned)a[5]);
        break;
    case AEMU_TRACE_EV_sdma_fence:
        it.track = track(t, ARG_STR(0));
        it.name = "fence";
        args = g_strdup_printf("\"addr\":\"0x%" PRIx64 "\",\"value\":\"0x%x\","
                               "\"vmid\":%u", a[1], (uint32_t)a[2],
                               (unsigned)a[3]);
        break;
    case AEMU_TRACE_EV_sdma_trap:
        it.track = track(t, ARG_STR(0));
        it.name = "trap";
        args = g_strdup_printf("\"vmid\":%u,\"trap_enable\":%s",
                               (unsigned)a[1], a[2] ? "true" : "false");
        break;
    case AEMU_TRACE_EV_ih_iv:
        it.track = track(t, "ih");
        it.name = "iv";
        args = g_strdup_printf("\"src_id\":%u,\"src_data\":\"0x%x\","
                               "\"ring_id\":\"0x%x\",\"vmid\":%u",
                               (unsigned)a[0], (uint32_t)a[1],
                               (unsigned)a[2], (unsigned)a[3]);
        break;
    /*
     * A shader dispatch: its start and end as instants on the queue that
     * issued it; the waves' time is the "spi" engine's work in between.
     */
    case AEMU_TRACE_EV_sh_dispatch:
        it.track = track(t, ARG_STR(0));
        it.name = "dispatch";
        args = g_strdup_printf("\"dim\":\"%ux%ux%u\",\"pgm\":\"0x%" PRIx64
                               "\",\"threads_per_group\":%u,\"vmid\":%u",
                               (uint32_t)a[1], (uint32_t)a[2], (uint32_t)a[3],
                               a[4], (uint32_t)a[5], (unsigned)a[6]);
        break;
    case AEMU_TRACE_EV_sh_dispatch_done:
        it.track = track(t, ARG_STR(0));
        it.name = "dispatch done";
        args = g_strdup_printf("\"groups\":%" PRIu64 ",\"waves\":%" PRIu64
                               ",\"instructions\":%" PRIu64, a[1], a[2],
                               a[3]);
        break;
    case AEMU_TRACE_EV_sh_dispatch_halt: {
        GString *r = g_string_new(NULL);

        it.track = track(t, ARG_STR(0));
        it.name = "shader halt";
        g_string_printf(r, "\"pc\":\"0x%" PRIx64 "\",\"reason\":", a[1]);
        put_str(r, ARG_STR(2));
        args = g_string_free(r, FALSE);
        break;
    }
    case AEMU_TRACE_EV_cp_hang:
    case AEMU_TRACE_EV_sdma_hang: {
        GString *r = g_string_new("\"reason\":");

        it.track = track(t, ARG_STR(0));
        it.name = "hang";
        /* The reason is formatted for this call only: copy it now. */
        put_str(r, ARG_STR(1));
        args = g_string_free(r, FALSE);
        break;
    }
    default:
        return;
    }
    it.args = args;
    it.id = id;
    memcpy(it.raw, a, sizeof(it.raw));
    if (!t->cur) {
        loose(d, &it);
        return;
    }
    it.bytes = d->sched.bytes;
    it.lat = d->sched.latency_ns;
    g_array_append_val(t->items, it);
}

/* ---- Steps ----------------------------------------------------------- */

static TlEngine *engine(AemuTimeline *t, AemuEngine *e)
{
    TlEngine *te = g_hash_table_lookup(t->engines, e);

    if (!te) {
        te = g_new0(TlEngine, 1);
        te->own = track(t, e->name);
        g_hash_table_insert(t->engines, e, te);
    }
    return te;
}

void aemu_timeline_step_begin(AemuDevice *d, AemuEngine *e,
                              uint64_t start_ns)
{
    AemuTimeline *t = d->timeline;
    TlEngine *te = engine(t, e);

    /*
     * Timing off: the engine's own clock, which an engine that was idle
     * brings up to the latest time placed (not the host's clock: reading it
     * would be an input the device did not take without the timeline).
     */
    if (start_ns == AEMU_TIMELINE_UNTIMED) {
        start_ns = te->cur ? te->clock_ns : MAX(te->clock_ns, t->last_ns);
    }
    te->start_ns = start_ns;
    te->bytes = d->sched.bytes;
    t->cur = te;
    g_array_set_size(t->items, 0);
}

/* Bytes moved between two counts. */
static AemuBytes bytes_between(const AemuBytes *from, const AemuBytes *to)
{
    AemuBytes b;

    for (unsigned i = 0; i < AEMU_PATH_COUNT; i++) {
        b.n[i] = to->n[i] - from->n[i];
    }
    return b;
}

/* Modelled cost of a gap between items, as the scheduler charges it. */
static double gap_cost(AemuDevice *d, AemuEngine *e, unsigned units,
                       const AemuBytes *from, const AemuBytes *to)
{
    AemuBytes b = bytes_between(from, to);

    return aemu_timing_work_ns(d->asic->timing, e->cls, units, &b);
}

/* Is it the open slice's packet again (resumed or polled)? */
static bool same_packet(const TlTrack *k, const TlItem *it)
{
    return k->open && k->slice == it->name &&
           (it->resumed || (k->stream == it->stream && k->pos == it->pos));
}

static void start_packet(AemuTimeline *t, TlEngine *te, TlItem *it,
                         uint64_t ns)
{
    TlTrack *k = it->track;

    if (te->cur && te->cur != k) {
        close_slice(t, te->cur);
    }
    te->cur = k;
    if (same_packet(k, it)) {
        /*
         * Fetched again at the same place: only a retry does that, so the
         * packet is polling (with timing off there is no gap to see).
         */
        if (!it->resumed) {
            k->waiting = true;
        }
        k->polls += !it->resumed;
        k->end_ns = MAX(k->end_ns, ns);
        return;
    }
    close_slice(t, k);
    k->open = true;
    k->waiting = false;
    k->polls = 0;
    k->slice = it->name;
    k->id = it->id;
    memcpy(k->raw, it->raw, sizeof(k->raw));
    k->stream = it->stream;
    k->pos = it->pos;
    k->start_ns = k->end_ns = ns;
}

static void emit_counter(AemuTimeline *t, AemuEngine *e, TlEngine *te,
                         uint64_t ns)
{
    GString *s;
    char *name = g_strdup_printf("%s bytes", e->name);

    s = event_head("C", name, 0, ns);
    g_free(name);
    g_string_append_printf(s, ",\"args\":{\"system\":%" PRIu64
                           ",\"vram\":%" PRIu64 "}}", te->moved[0],
                           te->moved[1]);
    emit(t, s);
}

void aemu_timeline_step_end(AemuDevice *d, AemuEngine *e, uint64_t end_ns,
                            unsigned units, bool idle)
{
    AemuTimeline *t = d->timeline;
    TlEngine *te = t->cur;
    unsigned n = t->items->len;
    const AemuBytes *now = &d->sched.bytes;
    double *w = g_newa(double, n + 1), total = 0, acc = 0;
    uint64_t span;

    t->cur = NULL;
    if (end_ns == AEMU_TIMELINE_UNTIMED) {
        end_ns = te->start_ns + (uint64_t)gap_cost(d, e, units, &te->bytes,
                                                   now);
        te->clock_ns = end_ns;
    }
    span = end_ns - te->start_ns;
    /* Gap k runs from item k-1 (the step's start for k = 0) to item k. */
    for (unsigned k = 0; k <= n; k++) {
        const AemuBytes *b0 = k ? &g_array_index(t->items, TlItem, k - 1).bytes
                                : &te->bytes;
        const AemuBytes *b1 = k < n ? &g_array_index(t->items, TlItem, k).bytes
                                    : now;
        /* Latency a packet stated (a wait on another engine) is its own. */
        uint64_t l0 = k ? g_array_index(t->items, TlItem, k - 1).lat : 0;
        uint64_t l1 = k < n ? g_array_index(t->items, TlItem, k).lat
                            : d->sched.latency_ns;
        bool pkt = k && g_array_index(t->items, TlItem, k - 1).kind ==
                        TL_PACKET;

        w[k] = gap_cost(d, e, pkt, b0, b1) + (double)(l1 - l0);
        total += w[k];
    }
    /* Nothing the model charges for: share the step out evenly. */
    if (total <= 0) {
        for (unsigned k = 0; k <= n; k++) {
            w[k] = 1;
        }
        total = n + 1;
    }
    /* A step's first gap belongs to the slice running, if any. */
    if (!te->cur && n && g_array_index(t->items, TlItem, 0).kind ==
                         TL_PACKET) {
        w[1] += w[0];
        w[0] = 0;
    }
    if (!te->cur && !n && span) {
        /* Work with no packets reported: the engine's own "run" slice. */
        if (!te->own->open) {
            te->own->open = true;
            te->own->waiting = false;
            te->own->slice = "run";
            /* No packet event: no arguments. */
            te->own->id = AEMU_TRACE_NUM_EVENTS;
            te->own->start_ns = te->start_ns;
        }
        te->cur = te->own;
    }
    for (unsigned k = 0; k < n; k++) {
        TlItem *it = &g_array_index(t->items, TlItem, k);
        uint64_t ns;

        acc += w[k];
        ns = te->start_ns + (uint64_t)(span * (acc / total));
        if (te->cur) {
            te->cur->end_ns = MAX(te->cur->end_ns, ns);
        }
        if (it->kind == TL_PACKET) {
            start_packet(t, te, it, ns);
        } else {
            emit_instant(t, it->track, it->name, it->args, ns);
            g_free(it->args);
        }
    }
    g_array_set_size(t->items, 0);
    if (te->cur) {
        te->cur->end_ns = MAX(te->cur->end_ns, end_ns);
        if (idle) {
            close_slice(t, te->cur);
            te->cur = NULL;
        }
    }
    {
        AemuBytes b = bytes_between(&te->bytes, now);
        uint64_t sys = b.n[AEMU_PATH_SYS_READ] + b.n[AEMU_PATH_SYS_WRITE];
        uint64_t vram = b.n[AEMU_PATH_VRAM_READ] + b.n[AEMU_PATH_VRAM_WRITE];

        if (sys || vram) {
            te->moved[0] += sys;
            te->moved[1] += vram;
            emit_counter(t, e, te, end_ns);
        }
    }
    t->last_ns = MAX(t->last_ns, end_ns);
}
