/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * amdgpu-emu core: recording a session for replay without a guest.
 *
 * The trace is text, one record per line, written as things happen:
 *
 *   H asic=<name> vram=<bytes> timing=on|off
 *                                       header (a trace without timing= was
 *                                       recorded with timing off)
 *   W|R <space> <offset> <size> <value> [<register>]
 *                                       a guest access (reads: the value
 *                                       returned); the register name decodes
 *                                       the line for a reader
 *   T                                   the device timer fired
 *   Z cold|pci|wake                     a reset
 *   i D <addr> <len> <hex>|!            input: bus-master read data (! = bus
 *                                       error)
 *   i W <addr> <len> !                  input: a bus-master write the bus
 *                                       refused (one that landed leaves no
 *                                       record: its data is an output)
 *   i V <offset> <len> <hex>            input: VRAM read data
 *   i C <ns>                            input: the clock
 *   o I 0|1                             output: the interrupt line
 *   M 0|1 <len> <hex>                   the monitor on the display connector:
 *                                       unplugged, or plugged with this EDID
 *                                       (aemu_display_set_monitor; one at the
 *                                       start with what the device has, one
 *                                       per change)
 *   S <len> <hex>                       the device state was loaded from
 *                                       this blob (state.c): the replay
 *                                       loads it too and goes on from there
 *
 * An event's line is written once it has completed, so the inputs and
 * outputs it caused stand before it: the replayer queues them, runs the
 * event and checks that it consumed and produced exactly those. The CPU's
 * own VRAM writes through BAR0 never reach the device; the V records carry
 * what the device read instead.
 */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include "aemu-internal.h"

typedef struct AemuRecorder {
    FILE *f;
    AemuHostOps real;       /* the host's ops, which the recorder wraps */
    void *real_opaque;
} AemuRecorder;

static const char *const space_names[] = {
    [AEMU_SPACE_MMIO] = "mmio",
    [AEMU_SPACE_IO] = "io",
    [AEMU_SPACE_DOORBELL] = "doorbell",
    [AEMU_SPACE_CONFIG] = "config",
};

static void put_hex(FILE *f, const void *buf, size_t len)
{
    const uint8_t *p = buf;

    for (size_t i = 0; i < len; i++) {
        fprintf(f, "%02x", p[i]);
    }
}

/* Wrapped host ops: the recorder is the host's opaque while recording. */
static bool rec_dma_read(void *opaque, uint64_t addr, void *buf, size_t len)
{
    AemuDevice *d = opaque;
    AemuRecorder *r = d->rec;
    bool ok = r->real.dma_read(r->real_opaque, addr, buf, len);

    fprintf(r->f, "i D 0x%" G_GINT64_MODIFIER "x %zu ", addr, len);
    if (ok) {
        put_hex(r->f, buf, len);
    } else {
        fputc('!', r->f);
    }
    fputc('\n', r->f);
    return ok;
}

/*
 * A refused write changes what the engine does next (it hangs), so the
 * refusal is an input the replay must be given.
 */
static bool rec_dma_write(void *opaque, uint64_t addr, const void *buf,
                          size_t len)
{
    AemuDevice *d = opaque;
    AemuRecorder *r = d->rec;
    bool ok = r->real.dma_write(r->real_opaque, addr, buf, len);

    if (!ok) {
        fprintf(r->f, "i W 0x%" G_GINT64_MODIFIER "x %zu !\n", addr, len);
    }
    return ok;
}

static void rec_irq(void *opaque, bool asserted)
{
    AemuDevice *d = opaque;

    fprintf(d->rec->f, "o I %d\n", asserted);
    d->rec->real.irq(d->rec->real_opaque, asserted);
}

static uint64_t rec_clock_ns(void *opaque)
{
    AemuDevice *d = opaque;
    uint64_t ns = d->rec->real.clock_ns(d->rec->real_opaque);

    fprintf(d->rec->f, "i C %" G_GUINT64_FORMAT "\n", ns);
    return ns;
}

static void rec_timer_arm(void *opaque, uint64_t deadline)
{
    AemuDevice *d = opaque;

    d->rec->real.timer_arm(d->rec->real_opaque, deadline);
}

static void rec_guest_error(void *opaque, const char *msg)
{
    AemuDevice *d = opaque;

    fprintf(d->rec->f, "# guest error: %s\n", msg);
    if (d->rec->real.guest_error) {
        d->rec->real.guest_error(d->rec->real_opaque, msg);
    }
}

static void rec_unimp(void *opaque, const char *msg)
{
    AemuDevice *d = opaque;

    fprintf(d->rec->f, "# unimplemented: %s\n", msg);
    if (d->rec->real.unimp) {
        d->rec->real.unimp(d->rec->real_opaque, msg);
    }
}

/* Trace events are the host's business: passed through, not recorded. */
static void rec_event(void *opaque, unsigned id, const uint64_t *args)
{
    AemuDevice *d = opaque;

    if (d->rec->real.event) {
        d->rec->real.event(d->rec->real_opaque, id, args);
    }
}

bool aemu_record_open(AemuDevice *d, const char *path, char **errmsg)
{
    AemuRecorder *r;
    FILE *f;

    if (d->rec) {
        *errmsg = g_strdup("already recording");
        return false;
    }
    f = fopen(path, "w");
    if (!f) {
        *errmsg = g_strdup_printf("cannot create %s: %s", path,
                                  g_strerror(errno));
        return false;
    }
    /*
     * From here every access takes the exact path (aemu_mem_exact): drop
     * what the caches hold, which the trace would not see being read.
     */
    aemu_xlate_release(d);
    aemu_xlate_invalidate(d);
    r = g_new0(AemuRecorder, 1);
    r->f = f;
    r->real = d->host;
    r->real_opaque = d->host_opaque;
    /*
     * No dma_map: the trace must see every byte the device reads from the
     * bus, so engines go through dma_read.
     */
    d->host = (AemuHostOps) {
        .dma_read = rec_dma_read,
        .dma_write = rec_dma_write,
        .irq = rec_irq,
        .clock_ns = rec_clock_ns,
        .timer_arm = rec_timer_arm,
        .guest_error = rec_guest_error,
        .unimp = rec_unimp,
        .event = rec_event,
    };
    d->host_opaque = d;
    d->rec = r;
    fprintf(f, "# amdgpu-emu trace v1 (replay: aemu-replay FILE)\n");
    fprintf(f, "H asic=%s vram=%" G_GUINT64_FORMAT " timing=%s\n",
            d->asic->name, d->vram_size, d->sched.timing ? "on" : "off");
    /* The monitor the EDID reads will find: an input of the session. */
    aemu_display_record_monitor(d);
    return true;
}

void aemu_record_close(AemuDevice *d)
{
    AemuRecorder *r = d->rec;

    if (!r) {
        return;
    }
    aemu_xlate_release(d);
    aemu_xlate_invalidate(d);
    d->host = r->real;
    d->host_opaque = r->real_opaque;
    d->rec = NULL;
    fclose(r->f);
    g_free(r);
}

void aemu_rec_access(AemuDevice *d, const AemuAccess *a)
{
    const char *name = NULL;

    if (!d->rec) {
        return;
    }
    if (a->space == AEMU_SPACE_MMIO || a->space == AEMU_SPACE_IO) {
        name = aemu_device_reg_name(d, (uint32_t)(a->offset >> 2));
    }
    fprintf(d->rec->f, "%c %s 0x%" G_GINT64_MODIFIER "x %u 0x%"
            G_GINT64_MODIFIER "x%s%s\n", a->write ? 'W' : 'R',
            space_names[a->space], a->offset, a->size, a->value,
            name ? " " : "", name ? name : "");
}

void aemu_rec_event(AemuDevice *d, const char *fmt, ...)
{
    va_list ap;

    if (!d->rec) {
        return;
    }
    va_start(ap, fmt);
    vfprintf(d->rec->f, fmt, ap);
    va_end(ap);
    fputc('\n', d->rec->f);
}

void aemu_rec_vram_read(AemuDevice *d, uint64_t offset, const void *buf,
                        size_t len)
{
    if (!d->rec) {
        return;
    }
    fprintf(d->rec->f, "i V 0x%" G_GINT64_MODIFIER "x %zu ", offset, len);
    put_hex(d->rec->f, buf, len);
    fputc('\n', d->rec->f);
}

void aemu_rec_monitor(AemuDevice *d, bool connected, const uint8_t *edid,
                      size_t len)
{
    if (!d->rec) {
        return;
    }
    fprintf(d->rec->f, "M %d %zu ", connected, connected ? len : 0);
    put_hex(d->rec->f, edid, connected ? len : 0);
    fputc('\n', d->rec->f);
}

void aemu_rec_state_loaded(AemuDevice *d, const void *buf, size_t len)
{
    if (!d->rec) {
        return;
    }
    fprintf(d->rec->f, "S %zu ", len);
    put_hex(d->rec->f, buf, len);
    fputc('\n', d->rec->f);
}

void aemu_set_vram_read_source(AemuDevice *d, AemuVramReadFn fn,
                               void *opaque)
{
    d->vram_read_source = fn;
    d->vram_read_opaque = opaque;
    /* Exact mode changes (aemu_mem_exact): start from empty caches. */
    aemu_xlate_release(d);
    aemu_xlate_invalidate(d);
}

void aemu_vram_read(AemuDevice *d, uint64_t offset, void *buf, size_t len)
{
    if (d->vram_read_source &&
        d->vram_read_source(d->vram_read_opaque, offset, buf, len)) {
        return;
    }
    memcpy(buf, d->vram + offset, len);
    aemu_rec_vram_read(d, offset, buf, len);
}
