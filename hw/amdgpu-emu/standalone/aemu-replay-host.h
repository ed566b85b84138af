/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * aemu-replay: the host the replayed device runs on.
 *
 * A recording (core/record.c) holds the device's inputs (bus-master read
 * data, VRAM read data, the clock, refused bus writes) and outputs
 * (interrupt edges) before the event that caused them. This host queues
 * them and hands them to the device in order, strict for a recording
 * (every input must be the one the device asks for, every edge must
 * match) or lenient for an mmiotrace of real hardware, which has none of
 * them: the device's bus reads fail (a bus error, counted), its clock is
 * the trace's timestamps, its VRAM reads see what the trace wrote through
 * BAR0, and its timer fires when the trace's time passes the deadline.
 * The lenient host still takes inputs an exported trace carries as
 * "aemu-record" markers (aemu-replay --export-mmiotrace), so a trace of
 * the model round-trips exactly.
 */
#ifndef AMDGPU_EMU_STANDALONE_REPLAY_HOST_H
#define AMDGPU_EMU_STANDALONE_REPLAY_HOST_H

#include <stdbool.h>
#include <stdint.h>
#include <glib.h>
#include "amdgpu-emu/aemu.h"
#include "aemu-trace-print.h"

/* Mismatches printed in full; the rest are only counted. */
#define REPLAY_MISMATCHES_SHOWN 50

typedef struct ReplayHost {
    AemuDevice *dev;
    uint8_t *vram;
    uint64_t vram_size;
    GQueue inputs;          /* ReplayInput * */
    GQueue outputs;         /* irq levels, as GINT_TO_POINTER(level + 1) */
    unsigned long line;
    unsigned long events, reads, mismatches, guest_errors, unimps;
    uint64_t last_ns;
    bool verbose;
    /* mmiotrace: missing inputs are answered (see above), not mismatches. */
    bool lenient;
    uint64_t now_ns;        /* lenient: the trace's time */
    uint64_t deadline_ns;   /* lenient: the armed timer, UINT64_MAX: none */
    unsigned long dma_unanswered, inputs_unused;
    AemuTracePrint print;   /* AEMU_TRACE, printed on stderr */
    AemuTracePrint collect; /* events collected into pending (--decode) */
    GString *pending;       /* collected event lines, until flushed */
    uint16_t *trace_on;     /* per core event: the flag the core reads */
} ReplayHost;

/*
 * Create the device (with its VRAM) for a chip; collect: glob patterns of
 * events to gather into r->pending, or NULL. False and *err on a bad
 * configuration.
 */
bool replay_host_open(ReplayHost *r, const char *asic, uint64_t vram,
                      AemuTimingMode timing, const char *collect,
                      char **err);
void replay_host_free(ReplayHost *r);

void replay_mismatch(ReplayHost *r, const char *fmt, ...) G_GNUC_PRINTF(2, 3);

/*
 * A recording's line that is not a guest access: an input or output to
 * queue ("i ...", "o ..."), a timer expiry ("T"), a reset ("Z ...").
 * False if it is none of these or malformed.
 */
bool replay_host_record(ReplayHost *r, const char *line);
/* After an event: the device must have used exactly its inputs. */
void replay_host_drain(ReplayHost *r);
/* Lenient: the trace's time is now @ns; fire the timer if it is due. */
void replay_host_advance(ReplayHost *r, uint64_t ns);

#endif
