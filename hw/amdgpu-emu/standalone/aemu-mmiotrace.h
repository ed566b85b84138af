/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * amdgpu-emu standalone tools: Linux mmiotrace text, read and written.
 *
 * The kernel's mmiotrace tracer (Documentation/trace/mmiotrace.rst,
 * kernel/trace/trace_mmiotrace.c) prints one record per line, format
 * version 20070824:
 *
 *   VERSION 20070824
 *   PCIDEV <bus><devfn> <vendor><device> <irq> <start|flags> x7 <size> x7
 *          [driver]                  one per PCI device, all hex; the 7
 *                                    resources are BAR0..5 and the ROM,
 *                                    the low 4 bits of a start its flags
 *   MAP <sec.usec> <id> <phys> <virt> <len> <pc> <pid>     an ioremap
 *   UNMAP <sec.usec> <id> <pc> <pid>
 *   R|W <width> <sec.usec> <id> <phys> <value> <pc> <pid>  an access
 *   UNKNOWN <sec.usec> <id> <phys> <b2>,<b1>,<b0> <pc> <pid>
 *                                    an instruction it could not decode
 *   MARK <sec.usec> <text>           trace_marker text ("Lost N events."
 *                                    when the buffer overflowed)
 *   LSPCI <text>                     a line of lspci output (old tools)
 *
 * Addresses are PCI bus addresses. This parser is strict: a line that is
 * none of these, or one of them with missing or malformed fields, is an
 * error naming the line and what was expected, so a truncated or mixed-up
 * capture is noticed rather than half-read.
 */
#ifndef AMDGPU_EMU_STANDALONE_MMIOTRACE_H
#define AMDGPU_EMU_STANDALONE_MMIOTRACE_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

#define MMT_VERSION_STRING "20070824"
/* PCIDEV lists BAR0..5 and the expansion ROM. */
#define MMT_PCI_RESOURCES 7
#define MMT_ROM_RESOURCE 6
/* The low bits of a PCIDEV start are the resource's flags. */
#define MMT_PCI_FLAG_MASK 0xfu
/* Longest driver name / version string kept. */
#define MMT_TEXT_MAX 256

typedef enum MmtKind {
    MMT_VERSION,
    MMT_PCIDEV,
    MMT_MAP,
    MMT_UNMAP,
    MMT_READ,
    MMT_WRITE,
    MMT_UNKNOWN_OP,
    MMT_MARK,
    MMT_LSPCI,
} MmtKind;

typedef struct MmtPciDev {
    unsigned bus, devfn;
    uint16_t vendor, device;
    unsigned irq;
    uint64_t start[MMT_PCI_RESOURCES];    /* flags masked off */
    unsigned flags[MMT_PCI_RESOURCES];
    uint64_t size[MMT_PCI_RESOURCES];     /* 0: no such resource */
    char driver[MMT_TEXT_MAX];
} MmtPciDev;

typedef struct MmtRecord {
    MmtKind kind;
    uint64_t ns;                /* timestamp, from sec.usec */
    int map_id;
    uint64_t phys;              /* MAP: base; R/W/UNKNOWN: the address */
    uint64_t virt, len;         /* MAP */
    uint64_t value;             /* R/W */
    unsigned width;             /* R/W: 1, 2, 4 or 8 bytes */
    char version[MMT_TEXT_MAX]; /* VERSION */
    /* MARK, LSPCI: the text, pointing into the parsed line (whole). */
    const char *text;
    MmtPciDev pci;              /* PCIDEV */
} MmtRecord;

/*
 * Parse one line (without its newline). Blank lines are not records:
 * returns false with *err NULL. A bad line: false, *err a message (free
 * with g_free) saying what was expected.
 */
bool mmt_parse_line(const char *line, MmtRecord *rec, char **err);

/* Writing, in the kernel's exact spelling. */
void mmt_write_version(FILE *f);
void mmt_write_pcidev(FILE *f, const MmtPciDev *p);
void mmt_write_map(FILE *f, uint64_t ns, int id, uint64_t phys,
                   uint64_t virt, uint64_t len);
void mmt_write_unmap(FILE *f, uint64_t ns, int id);
void mmt_write_rw(FILE *f, bool write, unsigned width, uint64_t ns, int id,
                  uint64_t phys, uint64_t value);
void mmt_write_mark(FILE *f, uint64_t ns, const char *text);

#endif
