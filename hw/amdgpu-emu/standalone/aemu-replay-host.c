/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * aemu-replay: the host the replayed device runs on (see
 * aemu-replay-host.h).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "aemu-replay-host.h"

/* The longest input a recording may hold (a VRAM or bus read). */
#define MAX_INPUT_BYTES (64u * 1024 * 1024)

typedef struct ReplayInput {
    char kind;              /* 'D', 'V', 'C', 'W' */
    uint64_t addr;
    size_t len;
    bool fail;
    uint8_t *data;
    uint64_t ns;
} ReplayInput;

static void input_free(ReplayInput *in)
{
    if (in) {
        g_free(in->data);
        g_free(in);
    }
}

void replay_mismatch(ReplayHost *r, const char *fmt, ...)
{
    va_list ap;

    r->mismatches++;
    if (r->mismatches > REPLAY_MISMATCHES_SHOWN) {
        return;
    }
    fprintf(stderr, "line %lu: ", r->line);
    va_start(ap, fmt);
    vfprintf(stderr, fmt, ap);
    va_end(ap);
    fputc('\n', stderr);
}

/*
 * The next queued input, which must be of @kind. Lenient: NULL, without
 * a mismatch, when the queue does not start with one (the caller answers
 * from the trace instead).
 */
static ReplayInput *next_input(ReplayHost *r, char kind)
{
    ReplayInput *in = g_queue_peek_head(&r->inputs);

    if (r->lenient && (!in || in->kind != kind)) {
        return NULL;
    }
    in = g_queue_pop_head(&r->inputs);
    if (!in) {
        replay_mismatch(r, "the device wants a '%c' input the recording "
                        "lacks", kind);
        return NULL;
    }
    if (in->kind != kind) {
        replay_mismatch(r, "the device wants a '%c' input, the recording "
                        "has '%c'", kind, in->kind);
        input_free(in);
        return NULL;
    }
    return in;
}

static bool replay_dma_read(void *opaque, uint64_t addr, void *buf,
                            size_t len)
{
    ReplayHost *r = opaque;
    ReplayInput *in = next_input(r, 'D');
    bool ok = false;

    memset(buf, 0, len);
    if (!in && r->lenient) {
        /* System memory is not in an mmiotrace: the bus read fails. */
        r->dma_unanswered++;
        return false;
    }
    if (in) {
        if (in->addr != addr || in->len != len) {
            replay_mismatch(r, "bus read 0x%" G_GINT64_MODIFIER "x+%zu, "
                            "recorded 0x%" G_GINT64_MODIFIER "x+%zu", addr,
                            len, in->addr, in->len);
        } else if (!in->fail) {
            memcpy(buf, in->data, len);
            ok = true;
        }
        input_free(in);
    }
    return ok;
}

/*
 * Only a refused write was recorded ('i W ... !'): the write fails if the
 * next recorded input is that refusal, for this address and length, and
 * lands otherwise.
 */
static bool replay_dma_write(void *opaque, uint64_t addr, const void *buf,
                             size_t len)
{
    ReplayHost *r = opaque;
    ReplayInput *in = g_queue_peek_head(&r->inputs);

    if (!in || in->kind != 'W' || in->addr != addr || in->len != len) {
        return true;
    }
    input_free(g_queue_pop_head(&r->inputs));
    return false;
}

static void replay_irq(void *opaque, bool asserted)
{
    ReplayHost *r = opaque;
    gpointer out;

    if (r->lenient) {
        /* An mmiotrace does not see interrupts. */
        return;
    }
    out = g_queue_pop_head(&r->outputs);
    if (!out) {
        replay_mismatch(r, "interrupt %d not in the recording", asserted);
    } else if (GPOINTER_TO_INT(out) - 1 != asserted) {
        replay_mismatch(r, "interrupt %d, recorded %d", asserted,
                        GPOINTER_TO_INT(out) - 1);
    }
}

static uint64_t replay_clock_ns(void *opaque)
{
    ReplayHost *r = opaque;
    ReplayInput *in = next_input(r, 'C');

    if (in) {
        r->last_ns = in->ns;
        input_free(in);
    } else if (r->lenient && r->now_ns > r->last_ns) {
        /* Virtual time never runs backwards, whatever the trace says. */
        r->last_ns = r->now_ns;
    }
    return r->last_ns;
}

static void replay_timer_arm(void *opaque, uint64_t deadline)
{
    ReplayHost *r = opaque;

    /* A recording's T events say when the timer fired; a trace's time. */
    r->deadline_ns = deadline;
}

static void replay_guest_error(void *opaque, const char *msg)
{
    ReplayHost *r = opaque;

    r->guest_errors++;
    if (r->verbose) {
        fprintf(stderr, "line %lu: guest error: %s\n", r->line, msg);
    }
}

static void replay_unimp(void *opaque, const char *msg)
{
    ReplayHost *r = opaque;

    r->unimps++;
    if (r->verbose) {
        fprintf(stderr, "line %lu: unimplemented: %s\n", r->line, msg);
    }
    if (aemu_trace_print_selects(&r->print, "amdgpu_emu_unimp")) {
        aemu_trace_print_msg(r->last_ns, "amdgpu_emu_unimp", msg);
    }
}

/* Only the events AEMU_TRACE or the collect patterns selected get here. */
static void replay_event(void *opaque, unsigned id, const uint64_t *args)
{
    ReplayHost *r = opaque;

    if (aemu_trace_print_selects_event(&r->print, id)) {
        aemu_trace_print_event(r->last_ns, id, args);
    }
    if (r->pending && aemu_trace_print_selects_event(&r->collect, id)) {
        char *text = aemu_trace_event_format(id, args);

        g_string_append_printf(r->pending, "    %s %s\n",
                               aemu_trace_event_name(id), text);
        aemu_free_string(text);
    }
}

static void replay_trace_init(ReplayHost *r)
{
    unsigned n = aemu_trace_num_events();
    const uint16_t **state = g_new(const uint16_t *, n);

    r->trace_on = g_new0(uint16_t, n);
    for (unsigned i = 0; i < n; i++) {
        r->trace_on[i] = aemu_trace_print_selects_event(&r->print, i) ||
                         aemu_trace_print_selects_event(&r->collect, i);
        state[i] = &r->trace_on[i];
    }
    aemu_trace_set_state(r->dev, state);
    g_free(state);
}

static bool replay_vram_read(void *opaque, uint64_t offset, void *buf,
                             size_t len)
{
    ReplayHost *r = opaque;
    ReplayInput *in = next_input(r, 'V');

    if (!in && r->lenient) {
        /* The device reads its VRAM: what the trace wrote through BAR0. */
        return false;
    }
    memset(buf, 0, len);
    if (in) {
        if (in->addr != offset || in->len != len) {
            replay_mismatch(r, "VRAM read 0x%" G_GINT64_MODIFIER "x+%zu, "
                            "recorded 0x%" G_GINT64_MODIFIER "x+%zu", offset,
                            len, in->addr, in->len);
        } else {
            memcpy(buf, in->data, len);
            /* What the CPU had written through BAR0 is now known. */
            memcpy(r->vram + offset, in->data, len);
        }
        input_free(in);
    }
    return true;
}

static const AemuHostOps replay_ops = {
    .dma_read = replay_dma_read,
    .dma_write = replay_dma_write,
    .irq = replay_irq,
    .clock_ns = replay_clock_ns,
    .timer_arm = replay_timer_arm,
    .guest_error = replay_guest_error,
    .unimp = replay_unimp,
    .event = replay_event,
};

bool replay_host_open(ReplayHost *r, const char *asic, uint64_t vram,
                      AemuTimingMode timing, const char *collect,
                      char **err)
{
    AemuConfig cfg = { .asic = asic, .vram_size = vram, .timing = timing };

    g_queue_init(&r->inputs);
    g_queue_init(&r->outputs);
    r->deadline_ns = UINT64_MAX;
    aemu_trace_print_init(&r->print, NULL);
    /* An empty pattern list selects nothing (not the environment's). */
    aemu_trace_print_init(&r->collect, collect ? collect : ",");
    if (collect) {
        r->pending = g_string_new(NULL);
    }
    if (!aemu_config_check(&cfg, err)) {
        return false;
    }
    r->vram_size = aemu_config_vram_size(&cfg);
    r->vram = g_malloc0(r->vram_size);
    r->dev = aemu_device_new(&cfg, &replay_ops, r, r->vram, err);
    if (!r->dev) {
        return false;
    }
    aemu_set_vram_read_source(r->dev, replay_vram_read, r);
    replay_trace_init(r);
    return true;
}

void replay_host_free(ReplayHost *r)
{
    ReplayInput *in;

    while ((in = g_queue_pop_head(&r->inputs))) {
        input_free(in);
    }
    g_queue_clear(&r->outputs);
    if (r->dev) {
        aemu_device_free(r->dev);
    }
    g_free(r->vram);
    g_free(r->trace_on);
    if (r->pending) {
        g_string_free(r->pending, TRUE);
    }
    aemu_trace_print_fini(&r->print);
    aemu_trace_print_fini(&r->collect);
}

static bool parse_hex(const char *hex, uint8_t *out, size_t len)
{
    if (strlen(hex) < 2 * len) {
        return false;
    }
    for (size_t i = 0; i < len; i++) {
        unsigned v;

        if (sscanf(hex + 2 * i, "%2x", &v) != 1) {
            return false;
        }
        out[i] = v;
    }
    return true;
}

static bool parse_input(ReplayHost *r, const char *line)
{
    ReplayInput *in = g_new0(ReplayInput, 1);
    char kind, rest[16];
    int pos = 0;
    unsigned long long a, n;

    if (sscanf(line, "i %c%n", &kind, &pos) != 1) {
        goto bad;
    }
    in->kind = kind;
    if (kind == 'C') {
        if (sscanf(line + pos, "%llu", &a) != 1) {
            goto bad;
        }
        in->ns = a;
    } else if (kind == 'W') {
        if (sscanf(line + pos, " %llx %llu %15s", &a, &n, rest) != 3 ||
            strcmp(rest, "!")) {
            goto bad;
        }
        in->addr = a;
        in->len = n;
        in->fail = true;
    } else if (kind == 'D' || kind == 'V') {
        int p2 = 0;

        if (sscanf(line + pos, " %llx %llu %n", &a, &n, &p2) != 2 ||
            n > MAX_INPUT_BYTES) {
            goto bad;
        }
        in->addr = a;
        in->len = n;
        if (kind == 'D' && sscanf(line + pos + p2, "%15s", rest) == 1 &&
            rest[0] == '!') {
            in->fail = true;
        } else {
            in->data = g_malloc(n ? n : 1);
            if (!parse_hex(line + pos + p2, in->data, n)) {
                goto bad;
            }
        }
        if (kind == 'V' && (a > r->vram_size || n > r->vram_size - a)) {
            goto bad;
        }
    } else {
        goto bad;
    }
    g_queue_push_tail(&r->inputs, in);
    return true;
bad:
    input_free(in);
    return false;
}

/* "J <kind> <target> <count>": a fault a host injected (core/inject.c). */
static bool replay_inject(ReplayHost *r, const char *line)
{
    char kind[32], target[64];
    unsigned count;
    AemuInjection inj;
    char *err = NULL;

    if (sscanf(line, "J %31s %63s %u", kind, target, &count) != 3 ||
        !aemu_inject_kind_parse(kind, &inj.kind)) {
        return false;
    }
    inj.engine = g_str_equal(target, "-") ? NULL : target;
    inj.count = count;
    if (!aemu_inject(r->dev, &inj, &err)) {
        replay_mismatch(r, "injection refused: %s", err);
        aemu_free_string(err);
    }
    return true;
}

/* The longest device state an "S" record may carry. */
#define MAX_STATE_BYTES (64u * 1024u * 1024u)

/*
 * "M 0|1 <len> <hex>": the monitor on the display connector, as the
 * recorded device had it (at the start, and at each change).
 */
static bool replay_monitor(ReplayHost *r, const char *line)
{
    uint8_t edid[AEMU_EDID_MAX];
    int connected, pos = 0;
    size_t len;

    if (sscanf(line, "M %d %zu %n", &connected, &len, &pos) != 2 ||
        len > sizeof(edid) || (connected && !len) ||
        !parse_hex(line + pos, edid, len)) {
        return false;
    }
    if (!aemu_display_set_monitor(r->dev, connected, edid, len)) {
        replay_mismatch(r, "monitor refused (a chip without a display?)");
    }
    return true;
}

/*
 * "S <len> <hex>": the recorded session loaded this device state
 * (core/state.c); the replay loads it too and goes on from there.
 */
static bool replay_state(ReplayHost *r, const char *line)
{
    size_t len;
    int pos = 0;
    g_autofree uint8_t *buf = NULL;
    char *err = NULL;

    if (sscanf(line, "S %zu %n", &len, &pos) != 1 || !pos ||
        len > MAX_STATE_BYTES) {
        return false;
    }
    buf = g_malloc(len ? len : 1);
    if (!parse_hex(line + pos, buf, len)) {
        return false;
    }
    if (!aemu_state_load(r->dev, buf, len, &err)) {
        replay_mismatch(r, "device state refused: %s", err);
        aemu_free_string(err);
    }
    return true;
}

bool replay_host_record(ReplayHost *r, const char *line)
{
    int level;

    switch (line[0]) {
    case 'i':
        return parse_input(r, line);
    case 'o':
        if (sscanf(line, "o I %d", &level) != 1) {
            return false;
        }
        if (!r->lenient) {
            g_queue_push_tail(&r->outputs, GINT_TO_POINTER(!!level + 1));
        }
        return true;
    case 'T':
        r->events++;
        aemu_timer_expired(r->dev);
        replay_host_drain(r);
        return true;
    case 'Z': {
        /* The resets a host asks for (MODE1 is the device's own). */
        static const AemuResetKind host_kinds[] = {
            AEMU_RESET_COLD, AEMU_RESET_PCI_CONFIG, AEMU_RESET_WAKE,
        };

        r->events++;
        for (size_t i = 0; line[1] == ' ' && i < G_N_ELEMENTS(host_kinds);
             i++) {
            if (g_str_has_prefix(line + 2,
                                 aemu_reset_kind_name(host_kinds[i]))) {
                aemu_device_reset(r->dev, host_kinds[i]);
                replay_host_drain(r);
                return true;
            }
        }
        return false;
    }
    case 'J':
        r->events++;
        return replay_inject(r, line);
    case 'M':
        r->events++;
        if (!replay_monitor(r, line)) {
            return false;
        }
        replay_host_drain(r);
        return true;
    case 'S':
        r->events++;
        if (!replay_state(r, line)) {
            return false;
        }
        replay_host_drain(r);
        return true;
    default:
        return false;
    }
}

void replay_host_drain(ReplayHost *r)
{
    ReplayInput *in;

    if (!g_queue_is_empty(&r->inputs)) {
        in = g_queue_peek_head(&r->inputs);
        r->inputs_unused += g_queue_get_length(&r->inputs);
        replay_mismatch(r, "%u recorded input(s) not consumed (first: '%c')",
                        g_queue_get_length(&r->inputs), in->kind);
        while ((in = g_queue_pop_head(&r->inputs))) {
            input_free(in);
        }
    }
    if (!g_queue_is_empty(&r->outputs)) {
        replay_mismatch(r, "%u recorded interrupt edge(s) not reproduced",
                        g_queue_get_length(&r->outputs));
        g_queue_clear(&r->outputs);
    }
}

void replay_host_advance(ReplayHost *r, uint64_t ns)
{
    r->now_ns = ns;
    if (r->deadline_ns != UINT64_MAX && ns >= r->deadline_ns) {
        r->deadline_ns = UINT64_MAX;
        r->events++;
        /* The device reads the clock: it is the deadline, not later. */
        if (r->last_ns < r->now_ns) {
            r->last_ns = r->now_ns;
        }
        aemu_timer_expired(r->dev);
    }
}
