/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * aemu-replay: re-runs a session recorded with -device amdgpu-emu,record=FILE
 * against the standalone core, with no guest and no QEMU, and checks that
 * every register read returns what it returned in the recording, that the
 * interrupt line moves the same way, and that the device consumes exactly
 * the recorded inputs (bus-master reads, VRAM reads, the clock) in order.
 * See core/record.c for the format. It also reads Linux mmiotrace captures
 * of real boards and writes the model's recordings as mmiotrace
 * (aemu-mmio-import.c, docs/mmiotrace.md), and decodes either for reading.
 *
 *   aemu-replay [-v] FILE      exit 0: identical; 1: mismatches; 2: bad file
 *   aemu-replay --decode FILE  each access by name and field, and the PM4 /
 *                              SDMA packets the device ran (recordings)
 *   aemu-replay --mmiotrace [--asic NAME] [--timing on|off]
 *               [--divergences N] FILE
 *                              compare the model with a trace of a board;
 *                              exit 0: read (whatever the agreement), 2: bad
 *   aemu-replay --export-mmiotrace OUT [--pure] FILE
 *                              a recording as mmiotrace text
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
#include "aemu-decode.h"
#include "aemu-mmio-import.h"
#include "aemu-replay-host.h"

#define EXIT_SAME 0
#define EXIT_MISMATCH 1
#define EXIT_BAD_FILE 2

static bool run_access(ReplayHost *r, const char *line, GString *decoded)
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
    if (decoded && strcmp(space, "config")) {
        aemu_decode_access(decoded, r->dev, rw == 'W', space, off, size, val);
        g_string_append_c(decoded, '\n');
    }
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

        replay_mismatch(r, "%s read at 0x%llx (%s) returned 0x%"
                        G_GINT64_MODIFIER "x, recorded 0x%llx", space, off,
                        name ? name : "?", got, val);
    }
    return true;
}

/* --decode: the access line first, then the packets it made the device run. */
static void flush_decoded(ReplayHost *r, GString *decoded)
{
    if (!decoded) {
        return;
    }
    fputs(decoded->str, stdout);
    g_string_truncate(decoded, 0);
    if (r->pending) {
        fputs(r->pending->str, stdout);
        g_string_truncate(r->pending, 0);
    }
}

static int replay_recording(const char *path, bool verbose, bool decode,
                            const char *timeline)
{
    ReplayHost r = { .verbose = verbose };
    char *line = NULL, *err = NULL, asic[32];
    size_t cap = 0;
    ssize_t n;
    unsigned long long vram;
    GString *decoded = decode ? g_string_new(NULL) : NULL;
    FILE *f = fopen(path, "r");
    int status;

    if (!f) {
        fprintf(stderr, "aemu-replay: %s: %s\n", path, g_strerror(errno));
        return EXIT_BAD_FILE;
    }
    while ((n = getline(&line, &cap, f)) > 0) {
        bool ok = true;

        r.line++;
        if (line[n - 1] == '\n') {
            line[n - 1] = '\0';
        }
        switch (line[0]) {
        case '#':
            if (decode && r.line > 1) {
                printf("%s\n", line);
            }
            break;
        case '\0':
            break;
        case 'H':
            /* Traces from before the timing model ran with it off. */
            if (r.dev || sscanf(line, "H asic=%31s vram=%llu", asic,
                                &vram) != 2) {
                ok = false;
            } else if (!replay_host_open(&r, asic, vram,
                                         strstr(line, " timing=on") ?
                                         AEMU_TIMING_ON : AEMU_TIMING_OFF,
                                         decode ? AEMU_DECODE_EVENTS : NULL,
                                         &err)) {
                fprintf(stderr, "aemu-replay: %s: %s\n", path, err);
                aemu_free_string(err);
                ok = false;
            } else if (timeline &&
                       !aemu_timeline_open(r.dev, timeline, &err)) {
                /* A bad path is the user's error, not the trace's. */
                fprintf(stderr, "aemu-replay: timeline: %s\n", err);
                aemu_free_string(err);
                status = EXIT_BAD_FILE;
                goto out;
            } else if (decode) {
                printf("# %s: %s, %llu bytes of VRAM\n", path, asic, vram);
            }
            break;
        case 'W':
        case 'R':
            ok = r.dev && run_access(&r, line, decoded);
            replay_host_drain(&r);
            break;
        case 'T':
        case 'Z':
        case 'J':
            if (decode) {
                g_string_append_printf(decoded, "%s\n", line[0] == 'T' ?
                                       "T (the device's timer fired)" : line);
            }
            /* fall through */
        default:
            ok = r.dev && replay_host_record(&r, line);
        }
        flush_decoded(&r, decoded);
        if (!ok) {
            fprintf(stderr, "aemu-replay: %s:%lu: not a trace record\n", path,
                    r.line);
            status = EXIT_BAD_FILE;
            goto out;
        }
    }
    if (!r.dev) {
        fprintf(stderr, "aemu-replay: %s: no header\n", path);
        status = EXIT_BAD_FILE;
        goto out;
    }
    printf("%saemu-replay: %s: %lu events, %lu reads checked, %lu guest "
           "errors, %lu mismatches\n", decode ? "# " : "", path, r.events,
           r.reads, r.guest_errors, r.mismatches);
    status = r.mismatches ? EXIT_MISMATCH : EXIT_SAME;
out:
    free(line);
    fclose(f);
    replay_host_free(&r);
    if (decoded) {
        g_string_free(decoded, TRUE);
    }
    return status;
}

static int usage(void)
{
    fprintf(stderr,
            "usage: aemu-replay [-v] [--timeline OUT.json] FILE\n"
            "       aemu-replay --decode [-v] FILE (recording or mmiotrace)\n"
            "       aemu-replay --mmiotrace [-v] [--asic NAME] "
            "[--timing on|off]\n"
            "                   [--divergences N] FILE\n"
            "       aemu-replay --export-mmiotrace OUT [--pure] FILE\n");
    return EXIT_BAD_FILE;
}

int main(int argc, char **argv)
{
    AemuImportOptions o = { .divergences = AEMU_IMPORT_DIVERGENCES };
    const char *path = NULL, *export_to = NULL, *timeline = NULL;
    bool verbose = false, decode = false, mmiotrace = false, pure = false;

    for (int i = 1; i < argc; i++) {
        if (!strcmp(argv[i], "-v")) {
            verbose = true;
        } else if (!strcmp(argv[i], "--decode")) {
            decode = true;
        } else if (!strcmp(argv[i], "--mmiotrace")) {
            mmiotrace = true;
        } else if (!strcmp(argv[i], "--pure")) {
            pure = true;
        } else if (!strcmp(argv[i], "--timeline") && i + 1 < argc) {
            timeline = argv[++i];
        } else if (!strcmp(argv[i], "--export-mmiotrace") && i + 1 < argc) {
            export_to = argv[++i];
        } else if (!strcmp(argv[i], "--asic") && i + 1 < argc) {
            o.asic = argv[++i];
        } else if (!strcmp(argv[i], "--timing") && i + 1 < argc) {
            i++;
            o.timing = !strcmp(argv[i], "off") ? AEMU_TIMING_OFF
                                                : AEMU_TIMING_ON;
        } else if (!strcmp(argv[i], "--divergences") && i + 1 < argc) {
            o.divergences = strtoul(argv[++i], NULL, 0);
        } else if (argv[i][0] == '-' || path) {
            return usage();
        } else {
            path = argv[i];
        }
    }
    if (!path || (export_to && (decode || mmiotrace))) {
        return usage();
    }
    if (export_to) {
        return aemu_export_mmiotrace(export_to, path, pure) ? EXIT_SAME
                                                            : EXIT_BAD_FILE;
    }
    o.verbose = verbose;
    o.decode = decode;
    if (mmiotrace || (decode && aemu_is_mmiotrace(path))) {
        return aemu_import_mmiotrace(path, &o) ? EXIT_SAME : EXIT_BAD_FILE;
    }
    return replay_recording(path, verbose, decode, timeline);
}
