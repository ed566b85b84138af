/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * aemu-replay --mmiotrace / --decode of an mmiotrace: a capture of a real
 * board (or of the model, exported) against the standalone core. See
 * aemu-mmio-import.h and docs/mmiotrace.md.
 */
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <glib.h>
#include "aemu-decode.h"
#include "aemu-mmio-import.h"
#include "aemu-mmiotrace.h"
#include "aemu-replay-host.h"

#define AMD_VENDOR_ID 0x1002
#define REG_BYTES 4u
#define DWORD_BITS 32
/* Decoded accesses shown before a divergence, for context. */
#define CONTEXT_LINES 3
/* The percentage of a count. */
#define PERCENT(n, d) ((d) ? 100.0 * (double)(n) / (double)(d) : 100.0)

/*
 * The PCI ids amdgpu binds to each chip the model emulates (amdgpu_drv.c
 * pciidlist, Linux 6.12): any board of the family imports as that chip.
 */
typedef struct ChipIds {
    const char *asic;
    const uint16_t *ids;
    size_t count;
} ChipIds;

static const uint16_t hawaii_ids[] = {
    0x67A0, 0x67A1, 0x67A2, 0x67A8, 0x67A9, 0x67AA, 0x67B0, 0x67B1, 0x67B8,
    0x67B9, 0x67BA, 0x67BE,
};
static const uint16_t vega10_ids[] = {
    0x6860, 0x6861, 0x6862, 0x6863, 0x6864, 0x6867, 0x6868, 0x6869, 0x686A,
    0x686B, 0x686C, 0x686D, 0x686E, 0x686F, 0x687F,
};
static const uint16_t topaz_ids[] = {
    0x6900, 0x6901, 0x6902, 0x6903, 0x6907,
};
static const ChipIds chip_ids[] = {
    { "hawaii", hawaii_ids, G_N_ELEMENTS(hawaii_ids) },
    { "vega10", vega10_ids, G_N_ELEMENTS(vega10_ids) },
    { "topaz", topaz_ids, G_N_ELEMENTS(topaz_ids) },
};

/* What a register saw. */
typedef struct RegStat {
    uint32_t dw;
    unsigned long reads, agree, writes;
} RegStat;

/* Reads per IP block. */
typedef struct BlockStat {
    const char *block;
    unsigned long reads, agree;
} BlockStat;

typedef struct Import {
    ReplayHost host;
    const AemuImportOptions *o;
    const char *path;
    unsigned long line;
    bool version_seen;
    GArray *pcidevs;                /* MmtPciDev */
    MmtPciDev dev;                  /* the GPU */
    const char *asic;
    /* From an "aemu-record H" marker (an exported trace): its device. */
    uint64_t h_vram;
    AemuTimingMode h_timing;
    bool exported;

    unsigned long rw_lines, other_dev, unknown_ops, marks, maps, lost;
    unsigned long reg_reads, reg_writes, db_reads, db_writes;
    unsigned long vram_reads, vram_agree, vram_writes, rom_reads;
    unsigned long reads, agree, shown;
    GString *divergences;           /* the first ones, for the report */
    GHashTable *regs;               /* dw -> RegStat */
    char *context[CONTEXT_LINES];   /* the last decoded accesses */
    unsigned context_at;
} Import;

static const char *asic_for(const MmtPciDev *p)
{
    if (p->vendor != AMD_VENDOR_ID) {
        return NULL;
    }
    for (size_t c = 0; c < G_N_ELEMENTS(chip_ids); c++) {
        for (size_t i = 0; i < chip_ids[c].count; i++) {
            if (chip_ids[c].ids[i] == p->device) {
                return chip_ids[c].asic;
            }
        }
    }
    return NULL;
}

static bool fail(Import *im, const char *fmt, ...) G_GNUC_PRINTF(2, 3);
static bool fail(Import *im, const char *fmt, ...)
{
    va_list ap;

    if (im->line) {
        fprintf(stderr, "aemu-replay: %s:%lu: ", im->path, im->line);
    } else {
        fprintf(stderr, "aemu-replay: %s: ", im->path);
    }
    va_start(ap, fmt);
    vfprintf(stderr, fmt, ap);
    va_end(ap);
    fputc('\n', stderr);
    return false;
}

/* Choose the GPU among the PCIDEV lines and create its model. */
static bool open_device(Import *im)
{
    const MmtPciDev *found = NULL, *amd = NULL;
    GString *seen = g_string_new(NULL);
    AemuConfig probe = { 0 };
    uint64_t vram;
    char *err = NULL;

    for (guint i = 0; i < im->pcidevs->len; i++) {
        const MmtPciDev *p = &g_array_index(im->pcidevs, MmtPciDev, i);

        g_string_append_printf(seen, " %04x:%04x", p->vendor, p->device);
        if (!found && asic_for(p)) {
            found = p;
        }
        if (!amd && p->vendor == AMD_VENDOR_ID) {
            amd = p;
        }
    }
    if (!found && im->o->asic && amd) {
        found = amd;
    }
    if (!found) {
        fail(im, "%s (PCIDEV lines:%s); the model emulates hawaii "
             "(1002:67a0-67be), vega10 (1002:6860-687f) and topaz "
             "(1002:6900-6907), and --asic NAME takes another AMD device id",
             im->pcidevs->len ? "no GPU the model emulates"
                              : "no PCIDEV lines before the first access: "
                                "capture trace_pipe from the start",
             seen->len ? seen->str : " none");
        g_string_free(seen, TRUE);
        return false;
    }
    g_string_free(seen, TRUE);
    im->dev = *found;
    im->asic = im->o->asic ? im->o->asic : asic_for(found);
    /* VRAM as large as BAR0 shows, when the model takes that size. */
    vram = im->h_vram;
    probe = (AemuConfig) { .asic = im->asic,
                           .vram_size = found->size[AEMU_BAR_VRAM] };
    if (!vram && aemu_config_check(&probe, &err)) {
        vram = probe.vram_size;
    }
    aemu_free_string(err);
    err = NULL;
    im->host.lenient = true;
    im->host.verbose = im->o->verbose;
    if (!replay_host_open(&im->host, im->asic, vram, im->h_timing,
                          im->o->decode ? AEMU_DECODE_EVENTS : NULL, &err)) {
        fail(im, "%s", err);
        aemu_free_string(err);
        return false;
    }
    if (im->o->decode) {
        printf("# %s: %04x:%04x at %02x:%02x.%x as %s; an mmiotrace holds no "
               "system memory, so ring and IB contents (and the packets in "
               "them) are not in it\n", im->path, found->vendor,
               found->device, found->bus, found->devfn >> 3,
               found->devfn & 7, im->asic);
    }
    return true;
}

static RegStat *reg_stat(Import *im, uint32_t dw)
{
    RegStat *s = g_hash_table_lookup(im->regs, GUINT_TO_POINTER(dw));

    if (!s) {
        s = g_new0(RegStat, 1);
        s->dw = dw;
        g_hash_table_insert(im->regs, GUINT_TO_POINTER(dw), s);
    }
    return s;
}

static void remember(Import *im, const char *text)
{
    g_free(im->context[im->context_at]);
    im->context[im->context_at] = g_strdup(text);
    im->context_at = (im->context_at + 1) % CONTEXT_LINES;
}

static void show_divergence(Import *im, const char *decoded, uint32_t dw,
                            uint64_t trace, uint64_t model)
{
    const char *name = aemu_device_reg_name(im->host.dev, dw);
    GString *diff = g_string_new(NULL);

    if (im->shown++ >= im->o->divergences) {
        g_string_free(diff, TRUE);
        return;
    }
    for (unsigned i = 0; i < CONTEXT_LINES; i++) {
        const char *c = im->context[(im->context_at + i) % CONTEXT_LINES];

        if (c) {
            g_string_append_printf(im->divergences, "        %s\n", c);
        }
    }
    if (name && aemu_decode_fields_diff(diff, aemu_device_regdb_name(
                                            im->host.dev), name,
                                        (uint32_t)trace, (uint32_t)model)) {
        g_string_prepend(diff, ", fields:");
    }
    g_string_append_printf(im->divergences, "  line %lu: %s; model 0x%"
                           PRIx64 "%s\n", im->line, decoded, model,
                           diff->str);
    g_string_free(diff, TRUE);
}

/* A register BAR access, a qword as two dwords, low first (as the bus). */
static uint64_t reg_access(Import *im, bool write, uint64_t off,
                           unsigned width, uint64_t value)
{
    AemuDevice *d = im->host.dev;

    if (width == 8) {
        if (write) {
            aemu_mmio_write(d, off, (uint32_t)value, REG_BYTES);
            aemu_mmio_write(d, off + REG_BYTES, value >> DWORD_BITS,
                            REG_BYTES);
            return 0;
        }
        return aemu_mmio_read(d, off, REG_BYTES) |
               aemu_mmio_read(d, off + REG_BYTES, REG_BYTES) << DWORD_BITS;
    }
    if (write) {
        aemu_mmio_write(d, off, value, width);
        return 0;
    }
    return aemu_mmio_read(d, off, width);
}

static bool in_bar(const MmtPciDev *p, unsigned bar, uint64_t phys,
                   uint64_t *off)
{
    if (!p->size[bar] || phys < p->start[bar] ||
        phys - p->start[bar] >= p->size[bar]) {
        return false;
    }
    *off = phys - p->start[bar];
    return true;
}

static void rw_access(Import *im, const MmtRecord *rec)
{
    bool write = rec->kind == MMT_WRITE;
    ReplayHost *h = &im->host;
    GString *text = g_string_new(NULL);
    uint64_t off, got = 0;
    const char *space;
    bool compared = false;

    im->rw_lines++;
    h->line = im->line;
    if (im->exported) {
        /* The recording's T markers say when the timer fired. */
        h->now_ns = rec->ns;
    } else {
        replay_host_advance(h, rec->ns);
    }
    if (in_bar(&im->dev, AEMU_BAR_MMIO, rec->phys, &off)) {
        space = "mmio";
        got = reg_access(im, write, off, rec->width, rec->value);
        compared = !write;
        *(write ? &im->reg_writes : &im->reg_reads) += 1;
    } else if (in_bar(&im->dev, AEMU_BAR_DOORBELL, rec->phys, &off)) {
        space = "doorbell";
        if (write) {
            im->db_writes++;
            aemu_doorbell_write(h->dev, off, rec->value, rec->width);
        } else {
            im->db_reads++;
            got = aemu_doorbell_read(h->dev, off, rec->width);
            compared = true;
        }
    } else if (in_bar(&im->dev, AEMU_BAR_VRAM, rec->phys, &off) &&
               off + rec->width <= h->vram_size) {
        /* The CPU's VRAM accesses: writes land, reads see the device's. */
        space = "vram";
        if (write) {
            im->vram_writes++;
            memcpy(h->vram + off, &rec->value, rec->width);
        } else {
            im->vram_reads++;
            memcpy(&got, h->vram + off, rec->width);
            im->vram_agree += got == rec->value;
        }
    } else if (in_bar(&im->dev, MMT_ROM_RESOURCE, rec->phys, &off)) {
        im->rom_reads++;
        g_string_free(text, TRUE);
        return;
    } else {
        im->other_dev++;
        g_string_free(text, TRUE);
        return;
    }
    replay_host_drain(h);
    aemu_decode_access(text, h->dev, write, space, off, rec->width,
                       rec->value);
    if (compared) {
        /* Doorbells count as a block of their own. */
        uint32_t dw = !strcmp(space, "mmio") ? (uint32_t)(off / REG_BYTES)
                                             : UINT32_MAX;
        RegStat *s = reg_stat(im, dw);

        im->reads++;
        s->reads++;
        if (got == rec->value) {
            im->agree++;
            s->agree++;
        } else {
            show_divergence(im, text->str, dw, rec->value, got);
        }
    } else if (!strcmp(space, "mmio")) {
        reg_stat(im, (uint32_t)(off / REG_BYTES))->writes++;
    }
    if (im->o->decode) {
        printf("[%" PRIu64 ".%06" PRIu64 "] %s", rec->ns / 1000000000u,
               rec->ns / 1000u % 1000000u, text->str);
        if (!write && got != rec->value) {
            printf("  (model: 0x%" PRIx64 ")", got);
        }
        putchar('\n');
        fputs(h->pending->str, stdout);
        g_string_truncate(h->pending, 0);
    }
    remember(im, text->str);
    g_string_free(text, TRUE);
}

static bool mark(Import *im, const MmtRecord *rec)
{
    const char *payload;
    unsigned long long n, vram;
    char asic[32];

    im->marks++;
    if (sscanf(rec->text, "Lost %llu events", &n) == 1) {
        im->lost += n;
        return true;
    }
    if (!g_str_has_prefix(rec->text, AEMU_MMT_RECORD_MARK)) {
        if (im->o->decode) {
            printf("MARK %s\n", rec->text);
        }
        return true;
    }
    payload = rec->text + strlen(AEMU_MMT_RECORD_MARK);
    im->exported = true;
    if (payload[0] == 'H') {
        if (im->host.dev ||
            sscanf(payload, "H asic=%31s vram=%llu", asic, &vram) != 2) {
            return fail(im, "a recording header marker must precede the "
                        "first access");
        }
        im->h_vram = vram;
        im->h_timing = strstr(payload, " timing=on") ? AEMU_TIMING_ON
                                                     : AEMU_TIMING_OFF;
        return true;
    }
    if (!im->host.dev && !open_device(im)) {
        return false;
    }
    im->host.now_ns = rec->ns;
    im->host.line = im->line;
    if (!replay_host_record(&im->host, payload)) {
        return fail(im, "not a recording line: '%.60s'", payload);
    }
    if (im->o->decode && payload[0] != 'i' && payload[0] != 'o') {
        printf("%s (recorded)\n", payload);
        fputs(im->host.pending->str, stdout);
        g_string_truncate(im->host.pending, 0);
    }
    return true;
}

static bool record(Import *im, const MmtRecord *rec)
{
    switch (rec->kind) {
    case MMT_VERSION:
        if (strcmp(rec->version, MMT_VERSION_STRING)) {
            return fail(im, "mmiotrace format version %s; this reads "
                        MMT_VERSION_STRING, rec->version);
        }
        im->version_seen = true;
        return true;
    case MMT_PCIDEV:
        if (!im->host.dev) {
            g_array_append_val(im->pcidevs, rec->pci);
        }
        return true;
    case MMT_LSPCI:
        return true;
    case MMT_MARK:
        return mark(im, rec);
    default:
        break;
    }
    if (!im->version_seen) {
        return fail(im, "no 'VERSION " MMT_VERSION_STRING "' line before the "
                    "first record: is this an mmiotrace?");
    }
    if (!im->host.dev && !open_device(im)) {
        return false;
    }
    switch (rec->kind) {
    case MMT_MAP:
        im->maps += rec->phys >= im->dev.start[AEMU_BAR_MMIO] &&
                    rec->phys < im->dev.start[AEMU_BAR_MMIO] +
                                im->dev.size[AEMU_BAR_MMIO];
        return true;
    case MMT_READ:
    case MMT_WRITE:
        rw_access(im, rec);
        return true;
    case MMT_UNKNOWN_OP:
        im->unknown_ops++;
        return true;
    default:
        return true;
    }
}

static gint by_block_then_dw(gconstpointer a, gconstpointer b, gpointer d)
{
    const RegStat *x = *(RegStat *const *)a, *y = *(RegStat *const *)b;
    const char *bx = aemu_device_reg_ip(d, x->dw), *by = aemu_device_reg_ip(d,
                                                                   y->dw);
    int c = g_strcmp0(bx, by);

    return c ? c : (x->dw > y->dw) - (x->dw < y->dw);
}

static const char *block_of(Import *im, uint32_t dw)
{
    const char *ip;

    if (dw == UINT32_MAX) {
        return "doorbell";
    }
    ip = aemu_device_reg_ip(im->host.dev, dw);
    return ip ? ip : "unnamed";
}

static void report(Import *im)
{
    AemuDevice *d = im->host.dev;
    GPtrArray *regs = g_ptr_array_new();
    GArray *blocks = g_array_new(FALSE, TRUE, sizeof(BlockStat));
    unsigned long unnamed = 0, latches = 0;

    GHashTableIter it;
    gpointer value;

    g_hash_table_iter_init(&it, im->regs);
    while (g_hash_table_iter_next(&it, NULL, &value)) {
        g_ptr_array_add(regs, value);
    }
    g_ptr_array_sort_with_data(regs, by_block_then_dw, d);
    printf("mmiotrace %s: %04x:%04x at %02x:%02x.%x as %s (%s registers)\n",
           im->path, im->dev.vendor, im->dev.device, im->dev.bus,
           im->dev.devfn >> 3, im->dev.devfn & 7, im->asic,
           aemu_device_regdb_name(d));
    printf("  BAR%d registers 0x%" PRIx64 "+0x%" PRIx64 ", BAR%d doorbells "
           "0x%" PRIx64 "+0x%" PRIx64 ", BAR%d VRAM 0x%" PRIx64 "+0x%" PRIx64
           "\n", AEMU_BAR_MMIO, im->dev.start[AEMU_BAR_MMIO],
           im->dev.size[AEMU_BAR_MMIO], AEMU_BAR_DOORBELL,
           im->dev.start[AEMU_BAR_DOORBELL], im->dev.size[AEMU_BAR_DOORBELL],
           AEMU_BAR_VRAM, im->dev.start[AEMU_BAR_VRAM],
           im->dev.size[AEMU_BAR_VRAM]);
    printf("accesses: %lu R/W lines; registers %lu reads, %lu writes; "
           "doorbells %lu reads, %lu writes; VRAM %lu reads (%lu agree), "
           "%lu writes; ROM %lu; other devices %lu; undecoded (UNKNOWN) %lu; "
           "register maps %lu; markers %lu%s\n", im->rw_lines, im->reg_reads,
           im->reg_writes, im->db_reads, im->db_writes, im->vram_reads,
           im->vram_agree, im->vram_writes, im->rom_reads, im->other_dev,
           im->unknown_ops, im->maps, im->marks,
           im->exported ? " (a recording exported: its inputs are fed)" : "");
    if (im->lost) {
        printf("WARNING: the trace lost %lu events (buffer overflow): the "
               "model saw an incomplete session\n", im->lost);
    }
    printf("reads agreeing with the model: %lu of %lu (%.1f%%)\n", im->agree,
           im->reads, PERCENT(im->agree, im->reads));

    for (guint i = 0; i < regs->len; i++) {
        const RegStat *s = g_ptr_array_index(regs, i);
        const char *b = block_of(im, s->dw);
        BlockStat *bs = NULL;

        for (guint j = 0; j < blocks->len; j++) {
            if (!strcmp(g_array_index(blocks, BlockStat, j).block, b)) {
                bs = &g_array_index(blocks, BlockStat, j);
            }
        }
        if (!bs) {
            g_array_append_val(blocks, ((BlockStat) { .block = b }));
            bs = &g_array_index(blocks, BlockStat, blocks->len - 1);
        }
        bs->reads += s->reads;
        bs->agree += s->agree;
    }
    printf("by IP block:     reads    agree       %%\n");
    for (guint j = 0; j < blocks->len; j++) {
        const BlockStat *bs = &g_array_index(blocks, BlockStat, j);

        printf("  %-10s %9lu %8lu  %5.1f%%\n", bs->block, bs->reads,
               bs->agree, PERCENT(bs->agree, bs->reads));
    }
    printf("by register:                                     dword   reads  "
           "agree       %%  writes\n");
    for (guint i = 0; i < regs->len; i++) {
        const RegStat *s = g_ptr_array_index(regs, i);
        const char *name = s->dw == UINT32_MAX ? "(doorbells)"
                           : aemu_device_reg_name(d, s->dw);

        if (!s->reads && !im->o->verbose) {
            continue;       /* written only: -v lists these too */
        }
        printf("  %-8s %-38s 0x%05x %7lu %6lu  %5.1f%% %7lu\n",
               block_of(im, s->dw), name ? name : "?",
               s->dw == UINT32_MAX ? 0 : s->dw, s->reads, s->agree,
               PERCENT(s->agree, s->reads), s->writes);
    }
    if (im->shown) {
        printf("first divergences (trace -> model), after the accesses "
               "before them:\n%s", im->divergences->str);
    }
    if (im->shown > im->o->divergences) {
        printf("  (%lu divergences in all; --divergences N shows more)\n",
               im->shown);
    }

    printf("registers the trace touches that the model does not implement:\n");
    for (guint i = 0; i < regs->len; i++) {
        const RegStat *s = g_ptr_array_index(regs, i);
        const char *name;

        if (s->dw == UINT32_MAX) {
            continue;
        }
        name = aemu_device_reg_name(d, s->dw);
        if (!name) {
            printf("  unnamed  dword 0x%05x (no %s register there): "
                   "%lu reads, %lu writes\n", s->dw,
                   aemu_device_regdb_name(d), s->reads, s->writes);
            unnamed++;
        } else if (!aemu_device_reg_claimed(d, s->dw)) {
            printf("  latch    %-8s %s (no block claims it: reads return "
                   "the last write or the reset value): %lu reads, %lu "
                   "writes\n", block_of(im, s->dw), name, s->reads,
                   s->writes);
            latches++;
        }
    }
    printf("  %lu unnamed, %lu plain latches, of %u registers touched\n",
           unnamed, latches, regs->len);
    printf("the model: %lu guest errors, %lu unimplemented features; %lu bus "
           "reads failed (system memory is not in an mmiotrace)%s\n",
           im->host.guest_errors, im->host.unimps, im->host.dma_unanswered,
           im->host.mismatches ? "; exported inputs out of step" : "");
    g_ptr_array_free(regs, TRUE);
    g_array_free(blocks, TRUE);
}

bool aemu_is_mmiotrace(const char *path)
{
    FILE *f = fopen(path, "r");
    char buf[16] = "";

    if (!f) {
        return false;
    }
    if (!fgets(buf, sizeof(buf), f)) {
        buf[0] = '\0';
    }
    fclose(f);
    return g_str_has_prefix(buf, "VERSION ") ||
           g_str_has_prefix(buf, "PCIDEV ");
}

bool aemu_import_mmiotrace(const char *path, const AemuImportOptions *o)
{
    Import im = { .o = o, .path = path, .h_timing = o->timing };
    FILE *f = fopen(path, "r");
    char *line = NULL, *err = NULL;
    size_t cap = 0;
    ssize_t n;
    bool ok = true;
    MmtRecord rec;

    if (!f) {
        fprintf(stderr, "aemu-replay: %s: %s\n", path, g_strerror(errno));
        return false;
    }
    im.pcidevs = g_array_new(FALSE, FALSE, sizeof(MmtPciDev));
    im.regs = g_hash_table_new_full(NULL, NULL, NULL, g_free);
    im.divergences = g_string_new(NULL);
    while (ok && (n = getline(&line, &cap, f)) > 0) {
        bool cut = line[n - 1] != '\n';

        im.line++;
        if (cut) {
            /* The capture stopped mid-line (cat killed): not a record. */
            fprintf(stderr, "aemu-replay: %s:%lu: last line cut short, "
                    "ignored\n", path, im.line);
            break;
        }
        line[n - 1] = '\0';
        if (mmt_parse_line(line, &rec, &err)) {
            ok = record(&im, &rec);
        } else if (err) {
            ok = fail(&im, "%s", err);
            g_free(err);
        }
    }
    if (ok && !im.host.dev) {
        ok = fail(&im, "no accesses of the GPU in the trace");
    }
    if (ok && !o->decode) {
        report(&im);
    }
    free(line);
    fclose(f);
    replay_host_free(&im.host);
    g_array_free(im.pcidevs, TRUE);
    g_hash_table_destroy(im.regs);
    g_string_free(im.divergences, TRUE);
    for (unsigned i = 0; i < CONTEXT_LINES; i++) {
        g_free(im.context[i]);
    }
    return ok;
}
