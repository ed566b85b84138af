/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * aemu-replay --export-mmiotrace: a recording (core/record.c) as the Linux
 * mmiotrace tracer would have printed the same session on a board (see
 * aemu-mmio-import.h), so the import can be tested end to end on traces
 * whose every value the model itself produced.
 */
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <glib.h>
#include "aemu-mmio-import.h"
#include "aemu-mmiotrace.h"
#include "aemu-replay-host.h"

/* Config space: the BAR registers and the expansion ROM's. */
#define PCI_BAR0_OFFSET 0x10
#define PCI_BAR_COUNT 6
#define PCI_ROM_OFFSET 0x30
#define PCI_BAR_BYTES 4
/* A BAR write with all address bits set is the sizing probe, not a place. */
#define PCI_BAR_SIZING_BITS 0xfffff000u
#define PCI_MEM_ADDR_MASK (~0xfull)
#define PCI_IO_ADDR_MASK (~0x3ull)
#define PCI_ROM_ADDR_MASK (~0x7ffull)
/* PCIDEV flags: the BAR's low bits (64-bit prefetchable memory, I/O). */
#define PCI_FLAGS_MEM64_PREFETCH 0xcu
#define PCI_FLAGS_IO 0x1u
/*
 * Where the BARs are when the recording never saw the guest place them:
 * what SeaBIOS assigned in the golden traces.
 */
#define DEFAULT_VRAM_BASE 0xe0000000ull
#define DEFAULT_DOORBELL_BASE 0xf0000000ull
#define DEFAULT_IO_BASE 0xc000ull
#define DEFAULT_MMIO_BASE 0xfeb80000ull
#define DEFAULT_ROM_BASE 0xfebc0000ull
/* The device sits at 01:00.0, as a GPU in a PCIe slot does. */
#define EXPORT_BUS 1
/* mmiotrace map ids, and the kernel virtual addresses of the maps. */
#define MAP_ID_MMIO 1
#define MAP_ID_DOORBELL 2
#define VIRT_MMIO 0xffffc90000000000ull
#define VIRT_DOORBELL 0xffffc90001000000ull

typedef struct ExportBars {
    uint32_t cfg[PCI_BAR_COUNT + 1];    /* last placement, BAR0..5, ROM */
    bool seen[PCI_BAR_COUNT + 1];
} ExportBars;

static uint64_t bar_or(const ExportBars *b, unsigned i, uint64_t mask,
                       bool wide, uint64_t dflt)
{
    uint64_t v;

    if (!b->seen[i]) {
        return dflt;
    }
    v = b->cfg[i] & mask;
    if (wide && b->seen[i + 1]) {
        v |= (uint64_t)b->cfg[i + 1] << 32;
    }
    return v;
}

/* The guest's last placement of each BAR, from the recorded config writes. */
static void scan_bars(FILE *in, ExportBars *b, char *header, size_t hlen)
{
    char *line = NULL;
    size_t cap = 0;
    unsigned long long off, val;
    unsigned size;

    while (getline(&line, &cap, in) > 0) {
        if (line[0] == 'H' && !header[0]) {
            g_strlcpy(header, line, hlen);
            g_strchomp(header);
        }
        if (sscanf(line, "W config %llx %u %llx", &off, &size, &val) != 3 ||
            size != PCI_BAR_BYTES ||
            (val & PCI_BAR_SIZING_BITS) == PCI_BAR_SIZING_BITS) {
            continue;
        }
        if (off >= PCI_BAR0_OFFSET &&
            off < PCI_BAR0_OFFSET + PCI_BAR_COUNT * PCI_BAR_BYTES) {
            unsigned i = (unsigned)(off - PCI_BAR0_OFFSET) / PCI_BAR_BYTES;

            b->cfg[i] = (uint32_t)val;
            b->seen[i] = true;
        } else if (off == PCI_ROM_OFFSET) {
            b->cfg[PCI_BAR_COUNT] = (uint32_t)val;
            b->seen[PCI_BAR_COUNT] = true;
        }
    }
    free(line);
    rewind(in);
}

static void fill_pcidev(MmtPciDev *p, const AemuPciInfo *info,
                        const ExportBars *b)
{
    memset(p, 0, sizeof(*p));
    p->bus = EXPORT_BUS;
    p->vendor = info->vendor_id;
    p->device = info->device_id;
    p->start[AEMU_BAR_VRAM] = bar_or(b, AEMU_BAR_VRAM, PCI_MEM_ADDR_MASK,
                                     true, DEFAULT_VRAM_BASE);
    p->flags[AEMU_BAR_VRAM] = PCI_FLAGS_MEM64_PREFETCH;
    p->size[AEMU_BAR_VRAM] = info->vram_size;
    p->start[AEMU_BAR_DOORBELL] = bar_or(b, AEMU_BAR_DOORBELL,
                                         PCI_MEM_ADDR_MASK, true,
                                         DEFAULT_DOORBELL_BASE);
    p->flags[AEMU_BAR_DOORBELL] = PCI_FLAGS_MEM64_PREFETCH;
    p->size[AEMU_BAR_DOORBELL] = info->doorbell_size;
    p->start[AEMU_BAR_IO] = bar_or(b, AEMU_BAR_IO, PCI_IO_ADDR_MASK, false,
                                   DEFAULT_IO_BASE);
    p->flags[AEMU_BAR_IO] = PCI_FLAGS_IO;
    p->size[AEMU_BAR_IO] = info->io_size;
    p->start[AEMU_BAR_MMIO] = bar_or(b, AEMU_BAR_MMIO, PCI_MEM_ADDR_MASK,
                                     false, DEFAULT_MMIO_BASE);
    p->size[AEMU_BAR_MMIO] = info->mmio_size;
    p->start[MMT_ROM_RESOURCE] = bar_or(b, PCI_BAR_COUNT, PCI_ROM_ADDR_MASK,
                                        false, DEFAULT_ROM_BASE);
    /* The ROM BAR decodes a power of two. */
    p->size[MMT_ROM_RESOURCE] = info->rom_size ?
        (uint64_t)1 << g_bit_storage(info->rom_size - 1) : 0;
    g_strlcpy(p->driver, "amdgpu", sizeof(p->driver));
}

bool aemu_export_mmiotrace(const char *out_path, const char *in_path,
                           bool pure)
{
    FILE *in = fopen(in_path, "r"), *out;
    ExportBars bars = { .seen = { false } };
    char header[256] = "", asic[32], space[16], rw;
    char *line = NULL, *err = NULL;
    unsigned long long vram, off, val, ns;
    unsigned long accesses = 0, dropped = 0;
    unsigned size;
    size_t cap = 0;
    ssize_t n;
    uint64_t now = 0;
    ReplayHost dev = { .lenient = true };
    MmtPciDev p;

    if (!in) {
        fprintf(stderr, "aemu-replay: %s: %s\n", in_path, g_strerror(errno));
        return false;
    }
    scan_bars(in, &bars, header, sizeof(header));
    if (sscanf(header, "H asic=%31s vram=%llu", asic, &vram) != 2) {
        fprintf(stderr, "aemu-replay: %s: no recording header\n", in_path);
        fclose(in);
        return false;
    }
    /* The device itself says what it presents: ids, BAR sizes, ROM. */
    if (!replay_host_open(&dev, asic, vram, AEMU_TIMING_OFF, NULL, &err)) {
        fprintf(stderr, "aemu-replay: %s: %s\n", in_path, err);
        aemu_free_string(err);
        replay_host_free(&dev);
        fclose(in);
        return false;
    }
    fill_pcidev(&p, aemu_device_pci_info(dev.dev), &bars);
    replay_host_free(&dev);
    out = fopen(out_path, "w");
    if (!out) {
        fprintf(stderr, "aemu-replay: %s: %s\n", out_path, g_strerror(errno));
        fclose(in);
        return false;
    }
    mmt_write_version(out);
    mmt_write_pcidev(out, &p);
    if (!pure) {
        GString *m = g_string_new(AEMU_MMT_RECORD_MARK);

        g_string_append(m, header);
        mmt_write_mark(out, now, m->str);
        g_string_free(m, TRUE);
    }
    mmt_write_map(out, now, MAP_ID_MMIO, p.start[AEMU_BAR_MMIO], VIRT_MMIO,
                  p.size[AEMU_BAR_MMIO]);
    mmt_write_map(out, now, MAP_ID_DOORBELL, p.start[AEMU_BAR_DOORBELL],
                  VIRT_DOORBELL, p.size[AEMU_BAR_DOORBELL]);
    while ((n = getline(&line, &cap, in)) > 0) {
        if (line[n - 1] == '\n') {
            line[n - 1] = '\0';
        }
        if (sscanf(line, "i C %llu", &ns) == 1) {
            /* The device's clock is the trace's time. */
            now = ns;
        }
        if (sscanf(line, "%c %15s %llx %u %llx", &rw, space, &off, &size,
                   &val) == 5 && (rw == 'R' || rw == 'W')) {
            if (!strcmp(space, "mmio") || !strcmp(space, "doorbell")) {
                bool regs = space[0] == 'm';

                mmt_write_rw(out, rw == 'W', size, now,
                             regs ? MAP_ID_MMIO : MAP_ID_DOORBELL,
                             p.start[regs ? AEMU_BAR_MMIO : AEMU_BAR_DOORBELL]
                             + off, val);
                accesses++;
            } else if (strcmp(space, "config")) {
                /* mmiotrace sees no port I/O; config acts through Z. */
                dropped++;
            }
        } else if (!pure && strchr("ioTZ", line[0]) && line[0]) {
            GString *m = g_string_new(AEMU_MMT_RECORD_MARK);

            g_string_append(m, line);
            mmt_write_mark(out, now, m->str);
            g_string_free(m, TRUE);
        }
    }
    mmt_write_unmap(out, now, MAP_ID_DOORBELL);
    mmt_write_unmap(out, now, MAP_ID_MMIO);
    free(line);
    fclose(in);
    if (fclose(out)) {
        fprintf(stderr, "aemu-replay: %s: %s\n", out_path, g_strerror(errno));
        return false;
    }
    printf("aemu-replay: %s: %lu accesses exported to %s%s", in_path,
           accesses, out_path, pure ? " (pure: no device inputs)" : "");
    if (dropped) {
        printf("; %lu I/O-port accesses left out (mmiotrace sees none)",
               dropped);
    }
    putchar('\n');
    return true;
}
