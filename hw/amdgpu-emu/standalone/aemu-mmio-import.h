/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * aemu-replay: Linux mmiotrace captures, in and out (docs/mmiotrace.md).
 *
 * Import (--mmiotrace) finds the GPU the model emulates among the trace's
 * PCIDEV lines, maps each access to its BAR (registers, doorbells, VRAM),
 * drives the standalone core with the writes and compares each read with
 * the core's answer, then reports agreement per register and per IP block,
 * the first divergences, and the registers the model does not implement.
 * Real hardware differs (timestamps, status bits, fuses): the report is
 * the result, and the exit status only says whether the trace was read.
 *
 * Export (--export-mmiotrace) writes a recording as the kernel would have
 * traced the same session on a board: the device's PCIDEV line with the
 * BAR addresses the guest assigned, a MAP of the register and doorbell
 * BARs, and R/W lines. The recording's other records (device inputs,
 * timer expiries, resets) ride along as markers, "MARK <t> aemu-record
 * <line>", which the import feeds to the device, so the model's own
 * session re-imports with every read agreeing; --pure leaves them out, as
 * a capture of a board would.
 */
#ifndef AMDGPU_EMU_STANDALONE_MMIO_IMPORT_H
#define AMDGPU_EMU_STANDALONE_MMIO_IMPORT_H

#include <stdbool.h>

/* First divergences printed by default. */
#define AEMU_IMPORT_DIVERGENCES 20
/* The marker text that carries a recording's line in an exported trace. */
#define AEMU_MMT_RECORD_MARK "aemu-record "

/* The device's BARs as PCIDEV numbers its resources (README "The device"). */
#define AEMU_BAR_VRAM 0
#define AEMU_BAR_DOORBELL 2
#define AEMU_BAR_IO 4
#define AEMU_BAR_MMIO 5

typedef struct AemuImportOptions {
    /* The chip, when the trace's device id is not one the model knows. */
    const char *asic;
    unsigned long divergences;
    /* The model's timing (AemuTimingMode; an exported trace says its own). */
    int timing;
    bool verbose;
    /* Print each access by name and field instead of the report. */
    bool decode;
} AemuImportOptions;

/* Whether the file starts like an mmiotrace (VERSION or PCIDEV). */
bool aemu_is_mmiotrace(const char *path);
/* False (a message on stderr) if the trace cannot be read. */
bool aemu_import_mmiotrace(const char *path, const AemuImportOptions *o);
bool aemu_export_mmiotrace(const char *out_path, const char *in_path,
                           bool pure);

#endif
