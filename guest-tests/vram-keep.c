/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * aemu-vram-keep: does a VRAM buffer keep its contents across a command
 * (a system suspend and resume), under amdgpu, through libdrm_amdgpu?
 *
 *   aemu-vram-keep [-d DEVICE] [--size SIZE] [--seed N] -- COMMAND [ARGS]
 *
 * Before COMMAND: a GTT buffer filled with a pseudo-random byte stream by
 * the CPU is copied into a VRAM buffer by SDMA (so the VRAM buffer has been
 * validated into VRAM and written by the GPU), and the VRAM buffer is
 * checked through its CPU mapping. Then COMMAND runs (the plans suspend
 * the system in it), and the process keeps its device file, its VM and
 * its buffers open all along. After it:
 *  - the VRAM buffer, read through the same CPU mapping, is byte-exact
 *    (wherever the driver has put it: evicted to GTT at the suspend, or
 *    back in VRAM);
 *  - SDMA and then the gfx ring copy the VRAM buffer into a zeroed GTT
 *    buffer, and each copy is byte-exact: the submission validates the
 *    buffer back into VRAM, so this checks the driver's restore and the
 *    engines after the resume.
 * One TAP line per check, numbered from --first (no plan line), as
 * aemu-gpu-data prints them; exit status 0 if all passed, 1 if one failed,
 * 2 on a usage error.
 */
#include <errno.h>
#include <getopt.h>
#include <inttypes.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "gpu-util.h"
#include "vram-keep-pattern.h"

#define DEFAULT_SIZE (16 * MiB)
/* Per copy submission: a 16 MiB SDMA or CP DMA copy under TCG. */
#define COPY_TIMEOUT_MS 60000u

static unsigned tap_n;
static unsigned tap_failed;

static void tap(bool ok, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));
static void tap(bool ok, const char *fmt, ...)
{
    va_list ap;

    printf("%s %u - ", ok ? "ok" : "not ok", ++tap_n);
    va_start(ap, fmt);
    vprintf(fmt, ap);
    va_end(ap);
    printf("\n");
    fflush(stdout);
    tap_failed += !ok;
}

/* Copy src to dst on engine eng (ring 0) and wait for its fence. */
static int copy(gpu_t *g, amdgpu_context_handle ctx, enum gpu_engine eng,
                gpu_buf_t *dst, gpu_buf_t *src, uint64_t size)
{
    gpu_ib_t ib;
    gpu_buf_t *bufs[] = { dst, src };
    int r = gpu_ib_init(g, eng, (uint32_t)gpu_move_dwords(eng, size) + 64,
                        &ib);

    if (r) {
        return r;
    }
    r = gpu_emit_copy(&ib, dst->va, src->va, size) ? 0 : -ENOSPC;
    if (!r) {
        r = gpu_submit(g, ctx, &ib, 0, bufs, 2, COPY_TIMEOUT_MS, NULL);
    }
    gpu_ib_fini(&ib);
    return r;
}

/* Check buffer b against the stream of seed; describe a mismatch. */
static bool check(const gpu_buf_t *b, uint64_t size, uint64_t seed,
                  char *why, size_t len)
{
    uint64_t bad = pattern_check(b->cpu, 0, size, seed);

    if (bad == size) {
        snprintf(why, len, "all %" PRIu64 " bytes match", size);
        return true;
    }
    snprintf(why, len, "first wrong byte at +0x%" PRIx64 ": 0x%02x", bad,
             b->cpu[bad]);
    return false;
}

/* Run argv, return its exit status (or -1), and its wall time in *secs. */
static int run(char **argv, double *secs)
{
    double t0 = now_s();
    int status = keep_run(argv);

    *secs = now_s() - t0;
    return status;
}

static void usage(int status)
{
    fprintf(status ? stderr : stdout,
            "usage: aemu-vram-keep [-d DEVICE] [--size SIZE] [--seed N] "
            "[--first N] -- COMMAND [ARGS]\n");
    exit(status);
}

int main(int argc, char **argv)
{
    static const struct option longopts[] = {
        { "device", required_argument, NULL, 'd' },
        { "size", required_argument, NULL, 's' },
        { "seed", required_argument, NULL, 'S' },
        { "first", required_argument, NULL, 'f' },
        { "help", no_argument, NULL, 'h' },
        { NULL, 0, NULL, 0 },
    };
    static const enum gpu_engine after_engines[] = { ENG_SDMA, ENG_GFX };
    const char *dev = NULL;
    uint64_t size = DEFAULT_SIZE, seed = 1;
    gpu_t g;
    gpu_buf_t vram, src, dst;
    amdgpu_context_handle ctx;
    char why[128], sz[32];
    double secs = 0;
    char *end;
    int c, r;

    while ((c = getopt_long(argc, argv, "d:h", longopts, NULL)) != -1) {
        switch (c) {
        case 'd':
            dev = optarg;
            break;
        case 's':
            size = strtoull(optarg, &end, 0);
            if (*end == 'K' || *end == 'k') {
                size *= KiB;
            } else if (*end == 'M' || *end == 'm') {
                size *= MiB;
            } else if (*end) {
                usage(2);
            }
            break;
        case 'S':
            seed = strtoull(optarg, NULL, 0);
            break;
        case 'f':
            tap_n = (unsigned)strtoul(optarg, NULL, 0) - 1;
            break;
        case 'h':
            usage(0);
            break;
        default:
            usage(2);
        }
    }
    if (optind >= argc || size == 0 || size % GPU_PAGE) {
        usage(2);
    }
    size_str(size, sz, sizeof(sz));

    r = gpu_open(&g, dev);
    if (r) {
        tap(false, "open the device: %s", strerror(-r));
        return 1;
    }
    r = amdgpu_cs_ctx_create(g.dev, &ctx);
    if (!r) {
        r = gpu_buf_alloc(&g, DOM_VRAM, size, &vram);
    }
    if (!r) {
        r = gpu_buf_alloc(&g, DOM_GTT, size, &src);
    }
    if (!r) {
        r = gpu_buf_alloc(&g, DOM_GTT, size, &dst);
    }
    if (r) {
        tap(false, "a context, a %s VRAM and two GTT buffers: %s", sz,
            strerror(-r));
        return 1;
    }

    /* Before: the GPU writes the VRAM buffer. */
    pattern_fill(src.cpu, 0, size, seed);
    r = copy(&g, ctx, ENG_SDMA, &vram, &src, size);
    tap(r == 0 && check(&vram, size, seed, why, sizeof(why)),
        "before: SDMA filled the %s VRAM buffer (seed %" PRIu64 "): %s",
        sz, seed, r ? strerror(-r) : why);

    r = run(&argv[optind], &secs);
    tap(r == 0, "'%s' exited with status %d after %.2f s", argv[optind], r,
        secs);

    /* After: the CPU's view, then every engine's copy out of VRAM. */
    tap(check(&vram, size, seed, why, sizeof(why)),
        "after: the VRAM buffer through its CPU mapping: %s", why);
    for (size_t i = 0; i < sizeof(after_engines) / sizeof(after_engines[0]);
         i++) {
        enum gpu_engine e = after_engines[i];

        memset(dst.cpu, 0, size);
        r = copy(&g, ctx, e, &dst, &vram, size);
        tap(r == 0 && check(&dst, size, seed, why, sizeof(why)),
            "after: %s copies the VRAM buffer to GTT: %s", gpu_engine_name[e],
            r ? strerror(-r) : why);
    }

    gpu_buf_free(&dst);
    gpu_buf_free(&src);
    gpu_buf_free(&vram);
    amdgpu_cs_ctx_free(ctx);
    gpu_close(&g);
    return tap_failed ? 1 : 0;
}
