/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * aemu-replay: re-runs a session recorded with -device amdgpu-emu,record=FILE
 * against the standalone core, with no guest and no QEMU, and checks that
 * every register read returns what it returned in the recording, that the
 * interrupt line moves the same way, and that the device consumes exactly
 * the recorded inputs (bus-master reads, VRAM reads, the clock) in order.
 * See core/record.c for the format.
 *
 *   aemu-replay [-v] FILE      exit 0: identical; 1: mismatches; 2: bad file
 *
 * AEMU_TRACE=PATTERNS prints the core's trace events as the replay runs
 * them (aemu-trace-print.h), as -trace does under QEMU.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <glib.h>
#include "amdgpu-emu/aemu.h"
#include "aemu-trace-print.h"
#include "regdb.h"

typedef struct Input {
    char kind;              /* 'D', 'V', 'C', 'W' */
    uint64_t addr;
    size_t len;
    bool fail;
    uint8_t *data;
    uint64_t ns;
} Input;

typedef struct Replay {
    AemuDevice *dev;
    uint8_t *vram;
    uint64_t vram_size;
    GQueue inputs;          /* Input * */
    GQueue outputs;         /* irq levels, as GINT_TO_POINTER(level + 1) */
    unsigned long line;
    unsigned long events, reads, mismatches, guest_errors, unimps;
    uint64_t last_ns;
    bool verbose;
    AemuTracePrint print;   /* AEMU_TRACE */
    uint16_t *trace_on;     /* per core event: the flag the core reads */
} Replay;

static void mismatch(Replay *r, const char *fmt, ...) G_GNUC_PRINTF(2, 3);
static void mismatch(Replay *r, const char *fmt, ...)
{
    va_list ap;

    r->mismatches++;
    if (r->mismatches > 50) {
        return;
    }
    fprintf(stderr, "line %lu: ", r->line);
    va_start(ap, fmt);
    vfprintf(stderr, fmt, ap);
    va_end(ap);
    fputc('\n', stderr);
}

static Input *next_input(Replay *r, char kind)
{
    Input *in = g_queue_pop_head(&r->inputs);

    if (!in) {
        mismatch(r, "the device wants a '%c' input the recording lacks", kind);
        return NULL;
    }
    if (in->kind != kind) {
        mismatch(r, "the device wants a '%c' input, the recording has '%c'",
                 kind, in->kind);
        g_free(in->data);
        g_free(in);
        return NULL;
    }
    return in;
}

static bool replay_dma_read(void *opaque, uint64_t addr, void *buf,
                            size_t len)
{
    Replay *r = opaque;
    Input *in = next_input(r, 'D');
    bool ok = false;

    memset(buf, 0, len);
    if (in) {
        if (in->addr != addr || in->len != len) {
            mismatch(r, "bus read 0x%" G_GINT64_MODIFIER "x+%zu, recorded 0x%"
                     G_GINT64_MODIFIER "x+%zu", addr, len, in->addr, in->len);
        } else if (!in->fail) {
            memcpy(buf, in->data, len);
            ok = true;
        }
        g_free(in->data);
        g_free(in);
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
    Replay *r = opaque;
    Input *in = g_queue_peek_head(&r->inputs);

    if (!in || in->kind != 'W' || in->addr != addr || in->len != len) {
        return true;
    }
    g_queue_pop_head(&r->inputs);
    g_free(in);
    return false;
}

static void replay_irq(void *opaque, bool asserted)
{
    Replay *r = opaque;
    gpointer out = g_queue_pop_head(&r->outputs);

    if (!out) {
        mismatch(r, "interrupt %d not in the recording", asserted);
    } else if (GPOINTER_TO_INT(out) - 1 != asserted) {
        mismatch(r, "interrupt %d, recorded %d", asserted,
                 GPOINTER_TO_INT(out) - 1);
    }
}

static uint64_t replay_clock_ns(void *opaque)
{
    Replay *r = opaque;
    Input *in = next_input(r, 'C');

    if (in) {
        r->last_ns = in->ns;
        g_free(in);
    }
    return r->last_ns;
}

static void replay_timer_arm(void *opaque, uint64_t deadline)
{
    /* The recorded T events say when the timer fired. */
}

static void replay_guest_error(void *opaque, const char *msg)
{
    Replay *r = opaque;

    r->guest_errors++;
    if (r->verbose) {
        fprintf(stderr, "line %lu: guest error: %s\n", r->line, msg);
    }
}

static void replay_unimp(void *opaque, const char *msg)
{
    Replay *r = opaque;

    r->unimps++;
    if (r->verbose) {
        fprintf(stderr, "line %lu: unimplemented: %s\n", r->line, msg);
    }
    if (aemu_trace_print_selects(&r->print, "amdgpu_emu_unimp")) {
        aemu_trace_print_msg(r->last_ns, "amdgpu_emu_unimp", msg);
    }
}

/* Only the events AEMU_TRACE selected have their flag set. */
static void replay_event(void *opaque, unsigned id, const uint64_t *args)
{
    Replay *r = opaque;

    aemu_trace_print_event(r->last_ns, id, args);
}

static void replay_trace_init(Replay *r)
{
    unsigned n = aemu_trace_num_events();
    const uint16_t **state = g_new(const uint16_t *, n);

    r->trace_on = g_new0(uint16_t, n);
    for (unsigned i = 0; i < n; i++) {
        r->trace_on[i] = aemu_trace_print_selects_event(&r->print, i);
        state[i] = &r->trace_on[i];
    }
    aemu_trace_set_state(r->dev, state);
    g_free(state);
}

static bool replay_vram_read(void *opaque, uint64_t offset, void *buf,
                             size_t len)
{
    Replay *r = opaque;
    Input *in = next_input(r, 'V');

    memset(buf, 0, len);
    if (in) {
        if (in->addr != offset || in->len != len) {
            mismatch(r, "VRAM read 0x%" G_GINT64_MODIFIER "x+%zu, recorded 0x%"
                     G_GINT64_MODIFIER "x+%zu", offset, len, in->addr,
                     in->len);
        } else {
            memcpy(buf, in->data, len);
            /* What the CPU had written through BAR0 is now known. */
            memcpy(r->vram + offset, in->data, len);
        }
        g_free(in->data);
        g_free(in);
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

static bool parse_input(Replay *r, char *line)
{
    Input *in = g_new0(Input, 1);
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
            n > 64u * 1024 * 1024) {
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
    g_free(in->data);
    g_free(in);
    return false;
}

static bool run_access(Replay *r, char *line)
{
    char rw, space[16];
    unsigned long long off, val;
    unsigned size;
    uint64_t got;

    if (sscanf(line, "%c %15s %llx %u %llx", &rw, space, &off, &size,
               &val) != 5 || size == 0 || size > 8) {
        return false;
    }
    r->events++;
    if (rw == 'W') {
        if (!strcmp(space, "mmio")) {
            aemu_mmio_write(r->dev, off, val, size);
        } else if (!strcmp(space, "io")) {
            aemu_io_write(r->dev, off, val, size);
        } else if (!strcmp(space, "doorbell")) {
            aemu_doorbell_write(r->dev, off, val, size);
        } else if (strcmp(space, "config")) {
            return false;
        }
        /* Config writes act through the Z (reset) records that follow. */
        return true;
    }
    if (!strcmp(space, "mmio")) {
        got = aemu_mmio_read(r->dev, off, size);
    } else if (!strcmp(space, "io")) {
        got = aemu_io_read(r->dev, off, size);
    } else if (!strcmp(space, "doorbell")) {
        got = aemu_doorbell_read(r->dev, off, size);
    } else {
        return !strcmp(space, "config");
    }
    r->reads++;
    if (got != val) {
        const char *name = aemu_device_reg_name(r->dev, (uint32_t)(off >> 2));

        mismatch(r, "%s read at 0x%llx (%s) returned 0x%" G_GINT64_MODIFIER
                 "x, recorded 0x%llx", space, off, name ? name : "?", got,
                 val);
    }
    return true;
}

/* After an event the device must have used exactly what it used then. */
static void check_drained(Replay *r)
{
    if (!g_queue_is_empty(&r->inputs)) {
        Input *in = g_queue_peek_head(&r->inputs);

        mismatch(r, "%u recorded input(s) not consumed (first: '%c')",
                 g_queue_get_length(&r->inputs), in->kind);
        while ((in = g_queue_pop_head(&r->inputs))) {
            g_free(in->data);
            g_free(in);
        }
    }
    if (!g_queue_is_empty(&r->outputs)) {
        mismatch(r, "%u recorded interrupt edge(s) not reproduced",
                 g_queue_get_length(&r->outputs));
        g_queue_clear(&r->outputs);
    }
}

static void replay_free(Replay *r)
{
    Input *in;

    while ((in = g_queue_pop_head(&r->inputs))) {
        g_free(in->data);
        g_free(in);
    }
    g_queue_clear(&r->outputs);
    aemu_device_free(r->dev);
    g_free(r->vram);
    g_free(r->trace_on);
    aemu_trace_print_fini(&r->print);
}

int main(int argc, char **argv)
{
    Replay r = { .verbose = false };
    const char *path = NULL;
    char *line = NULL, *err = NULL, asic[32];
    size_t cap = 0;
    ssize_t n;
    unsigned long long vram;
    FILE *f;

    for (int i = 1; i < argc; i++) {
        if (!strcmp(argv[i], "-v")) {
            r.verbose = true;
        } else {
            path = argv[i];
        }
    }
    if (!path) {
        fprintf(stderr, "usage: aemu-replay [-v] FILE\n");
        return 2;
    }
    f = fopen(path, "r");
    if (!f) {
        fprintf(stderr, "aemu-replay: %s: %s\n", path, g_strerror(errno));
        return 2;
    }
    g_queue_init(&r.inputs);
    g_queue_init(&r.outputs);
    aemu_trace_print_init(&r.print, NULL);
    while ((n = getline(&line, &cap, f)) > 0) {
        bool ok = true;

        r.line++;
        if (line[n - 1] == '\n') {
            line[n - 1] = '\0';
        }
        switch (line[0]) {
        case '#':
        case '\0':
            break;
        case 'H': {
            AemuConfig cfg;

            if (r.dev || sscanf(line, "H asic=%31s vram=%llu", asic,
                                &vram) != 2) {
                ok = false;
                break;
            }
            /* Traces from before the timing model ran with it off. */
            cfg = (AemuConfig) {
                .asic = asic, .vram_size = vram,
                .timing = strstr(line, " timing=on") ? AEMU_TIMING_ON
                                                     : AEMU_TIMING_OFF,
            };
            if (!aemu_config_check(&cfg, &err)) {
                fprintf(stderr, "aemu-replay: %s: %s\n", path, err);
                aemu_free_string(err);
                ok = false;
                break;
            }
            r.vram_size = vram;
            r.vram = g_malloc0(vram);
            r.dev = aemu_device_new(&cfg, &replay_ops, &r, r.vram, &err);
            aemu_set_vram_read_source(r.dev, replay_vram_read, &r);
            replay_trace_init(&r);
            break;
        }
        case 'i':
            ok = r.dev && parse_input(&r, line);
            break;
        case 'o': {
            int level;

            ok = sscanf(line, "o I %d", &level) == 1;
            g_queue_push_tail(&r.outputs, GINT_TO_POINTER(!!level + 1));
            break;
        }
        case 'W':
        case 'R':
            ok = r.dev && run_access(&r, line);
            check_drained(&r);
            break;
        case 'T':
            ok = r.dev != NULL;
            if (ok) {
                r.events++;
                aemu_timer_expired(r.dev);
                check_drained(&r);
            }
            break;
        case 'Z':
            ok = r.dev != NULL;
            if (ok) {
                r.events++;
                aemu_device_reset(r.dev, strstr(line, "cold") ?
                                  AEMU_RESET_COLD : AEMU_RESET_PCI_CONFIG);
                check_drained(&r);
            }
            break;
        default:
            ok = false;
        }
        if (!ok) {
            fprintf(stderr, "aemu-replay: %s:%lu: not a trace record\n", path,
                    r.line);
            free(line);
            fclose(f);
            replay_free(&r);
            return 2;
        }
    }
    free(line);
    fclose(f);
    if (!r.dev) {
        fprintf(stderr, "aemu-replay: %s: no header\n", path);
        return 2;
    }
    printf("aemu-replay: %s: %lu events, %lu reads checked, %lu guest "
           "errors, %lu mismatches\n", path, r.events, r.reads,
           r.guest_errors, r.mismatches);
    replay_free(&r);
    return r.mismatches ? 1 : 0;
}
