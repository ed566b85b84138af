/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * aemu-gpu-bench: throughput figures of the emulated GPU, seen from a guest
 * process through libdrm_amdgpu. It prints figures and never judges them.
 *
 *   copy       SDMA COPY linear and CP DMA (DMA_DATA on the gfx ring and on
 *              a compute ring), VRAM->VRAM and GTT->VRAM, for each size:
 *              one submission per copy, timed from submit to fence
 *   roundtrip  submit + wait of the smallest IB (one dword written) per
 *              second, on each engine
 *   memcpy     CPU memcpy bandwidth between two buffers of this process
 *              (run the same binary on the host with --memcpy-only for the
 *              host's figure)
 *
 * The device model's timing costs are zero today: a packet takes no virtual
 * time, so the copy figures measure how fast the emulator moves data, not
 * how fast a Hawaii would.
 *
 * Output, one figure a line:
 *   BENCH copy ENGINE SRC->DST BYTES MIB_PER_S
 *   BENCH roundtrip ENGINE - - PER_S
 *   BENCH memcpy cpu ram->ram BYTES MIB_PER_S
 * and "BENCH copy ... n/a REASON" where a size does not fit.
 *
 * Options: -d DEVICE, --sizes LIST (default 1M,4M,16M,64M,256M),
 * --time SEC (minimum time per figure, default 0.5), --memcpy-only.
 */
#include <errno.h>
#include <getopt.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "gpu-util.h"

#define MAX_SIZES 16

static struct {
    const char *device;
    uint64_t sizes[MAX_SIZES];
    unsigned nsizes;
    double min_time;
    bool memcpy_only;
} opt = { .min_time = 0.5 };

/* The three copy engines: SDMA, CP DMA on the gfx ring, on a compute ring. */
static const struct {
    enum gpu_engine eng;
    const char *name;
} copy_engines[] = {
    { ENG_SDMA, "sdma" },
    { ENG_GFX, "cpdma-gfx" },
    { ENG_COMPUTE, "cpdma-compute" },
};

static void bench_memcpy(uint64_t size)
{
    uint8_t *a = malloc(size), *b = malloc(size);
    unsigned reps = 0;
    double t0, t;

    if (!a || !b) {
        printf("BENCH memcpy cpu ram->ram %" PRIu64 " n/a out-of-memory\n",
               size);
        free(a);
        free(b);
        return;
    }
    memset(a, 0x5a, size);
    memset(b, 0xa5, size);          /* fault the pages in */
    memcpy(b, a, size);             /* warm up */
    t0 = now_s();
    do {
        memcpy(reps % 2 ? a : b, reps % 2 ? b : a, size);
        reps++;
        t = now_s() - t0;
    } while (t < opt.min_time || reps < 2);
    printf("BENCH memcpy cpu ram->ram %" PRIu64 " %.1f\n", size,
           (double)size * reps / MiB / t);
    fflush(stdout);
    free(a);
    free(b);
}

/* Free VRAM as the kernel counts it. */
static uint64_t vram_free(gpu_t *g)
{
    struct drm_amdgpu_memory_info m;

    if (amdgpu_query_info(g->dev, AMDGPU_INFO_MEMORY, sizeof(m), &m)) {
        return UINT64_MAX;
    }
    return m.vram.usable_heap_size - m.vram.heap_usage;
}

static void bench_copy(gpu_t *g, amdgpu_context_handle ctx,
                       enum gpu_domain sdom, uint64_t size)
{
    gpu_buf_t src, dst;
    uint64_t need = sdom == DOM_VRAM ? 2 * size : size;
    const char *path = sdom == DOM_VRAM ? "vram->vram" : "gtt->vram";

    if (need + 16 * MiB > vram_free(g)) {
        for (size_t e = 0; e < sizeof(copy_engines) / sizeof(copy_engines[0]);
             e++) {
            printf("BENCH copy %s %s %" PRIu64 " n/a does-not-fit-in-VRAM\n",
                   copy_engines[e].name, path, size);
        }
        return;
    }
    if (gpu_buf_alloc(g, sdom, size, &src)) {
        printf("BENCH copy - %s %" PRIu64 " n/a allocation-failed\n", path,
               size);
        return;
    }
    if (gpu_buf_alloc(g, DOM_VRAM, size, &dst)) {
        printf("BENCH copy - %s %" PRIu64 " n/a allocation-failed\n", path,
               size);
        gpu_buf_free(&src);
        return;
    }
    memset(src.cpu, 0x3c, size);
    for (size_t e = 0; e < sizeof(copy_engines) / sizeof(copy_engines[0]);
         e++) {
        gpu_buf_t *bufs[2] = { &src, &dst };
        gpu_ib_t ib;
        unsigned reps = 0;
        double t0, t = 0;
        int r;

        if (gpu_ib_init(g, copy_engines[e].eng,
                        (uint32_t)gpu_move_dwords(copy_engines[e].eng, size) +
                        64, &ib)) {
            printf("BENCH copy %s %s %" PRIu64 " n/a ib-allocation-failed\n",
                   copy_engines[e].name, path, size);
            continue;
        }
        gpu_emit_copy(&ib, dst.va, src.va, size);
        /* Warm up (first use of the buffers binds them). */
        r = gpu_submit(g, ctx, &ib, 0, bufs, 2, 120000, NULL);
        t0 = now_s();
        while (!r && (t < opt.min_time || reps < 2)) {
            r = gpu_submit(g, ctx, &ib, 0, bufs, 2, 120000, NULL);
            reps++;
            t = now_s() - t0;
        }
        if (r) {
            printf("BENCH copy %s %s %" PRIu64 " n/a submission-failed:%d\n",
                   copy_engines[e].name, path, size, r);
        } else {
            printf("BENCH copy %s %s %" PRIu64 " %.1f\n", copy_engines[e].name,
                   path, size, (double)size * reps / MiB / t);
        }
        fflush(stdout);
        gpu_ib_fini(&ib);
    }
    gpu_buf_free(&dst);
    gpu_buf_free(&src);
}

static void bench_roundtrip(gpu_t *g, amdgpu_context_handle ctx)
{
    gpu_buf_t buf;

    if (gpu_buf_alloc(g, DOM_GTT, GPU_PAGE, &buf)) {
        printf("BENCH roundtrip - - - n/a allocation-failed\n");
        return;
    }
    for (int e = 0; e < ENG_COUNT; e++) {
        gpu_buf_t *bufs[1] = { &buf };
        gpu_ib_t ib;
        unsigned reps = 0;
        double t0, t = 0;
        int r;

        if (gpu_ib_init(g, e, 64, &ib)) {
            printf("BENCH roundtrip %s - - n/a ib-allocation-failed\n",
                   gpu_engine_name[e]);
            continue;
        }
        gpu_emit_write32(&ib, buf.va, 0x1234);
        r = gpu_submit(g, ctx, &ib, 0, bufs, 1, 30000, NULL);
        t0 = now_s();
        while (!r && (t < 2 * opt.min_time || reps < 10)) {
            r = gpu_submit(g, ctx, &ib, 0, bufs, 1, 30000, NULL);
            reps++;
            t = now_s() - t0;
        }
        if (r) {
            printf("BENCH roundtrip %s - - n/a submission-failed:%d\n",
                   gpu_engine_name[e], r);
        } else {
            printf("BENCH roundtrip %s - - %.1f\n", gpu_engine_name[e],
                   reps / t);
        }
        fflush(stdout);
        gpu_ib_fini(&ib);
    }
    gpu_buf_free(&buf);
}

static uint64_t parse_size(const char *s)
{
    char *e;
    uint64_t v = strtoull(s, &e, 0);

    switch (*e) {
    case 'K': case 'k': v *= KiB; e++; break;
    case 'M': case 'm': v *= MiB; e++; break;
    case 'G': case 'g': v *= 1024 * MiB; e++; break;
    }
    if (*e || !v) {
        fprintf(stderr, "bad size '%s'\n", s);
        exit(2);
    }
    return v;
}

int main(int argc, char **argv)
{
    static const struct option longopts[] = {
        { "device", required_argument, NULL, 'd' },
        { "sizes", required_argument, NULL, 's' },
        { "time", required_argument, NULL, 't' },
        { "memcpy-only", no_argument, NULL, 'm' },
        { "help", no_argument, NULL, 'h' },
        { NULL, 0, NULL, 0 },
    };
    const char *sizes = "1M,4M,16M,64M,256M";
    amdgpu_context_handle ctx;
    gpu_t g;
    int ch, r;

    while ((ch = getopt_long(argc, argv, "d:h", longopts, NULL)) != -1) {
        switch (ch) {
        case 'd': opt.device = optarg; break;
        case 's': sizes = optarg; break;
        case 't': opt.min_time = atof(optarg); break;
        case 'm': opt.memcpy_only = true; break;
        case 'h':
            printf("usage: aemu-gpu-bench [-d DEVICE] [--sizes LIST] "
                   "[--time SEC] [--memcpy-only]\n");
            return 0;
        default:
            return 2;
        }
    }
    {
        char *copy = strdup(sizes), *tok, *save = NULL;

        for (tok = strtok_r(copy, ",", &save); tok && opt.nsizes < MAX_SIZES;
             tok = strtok_r(NULL, ",", &save)) {
            opt.sizes[opt.nsizes++] = parse_size(tok);
        }
        free(copy);
    }
    setvbuf(stdout, NULL, _IOLBF, 0);

    bench_memcpy(64 * MiB);
    if (opt.memcpy_only) {
        return 0;
    }
    printf("# the model's timing costs are zero today: copy figures are the "
           "emulator's speed, not a Hawaii's\n");
    r = gpu_open(&g, opt.device);
    if (r) {
        printf("BENCH error open-failed:%d\n", r);
        return 1;
    }
    if (amdgpu_cs_ctx_create(g.dev, &ctx)) {
        printf("BENCH error context-failed\n");
        return 1;
    }
    {
        struct drm_amdgpu_memory_info m;

        if (!amdgpu_query_info(g.dev, AMDGPU_INFO_MEMORY, sizeof(m), &m)) {
            printf("# VRAM %" PRIu64 " MiB (%" PRIu64 " MiB free), GTT %"
                   PRIu64 " MiB\n", (uint64_t)m.vram.total_heap_size / MiB,
                   vram_free(&g) / MiB, (uint64_t)m.gtt.total_heap_size / MiB);
        }
    }
    bench_roundtrip(&g, ctx);
    for (unsigned i = 0; i < opt.nsizes; i++) {
        bench_copy(&g, ctx, DOM_VRAM, opt.sizes[i]);
        bench_copy(&g, ctx, DOM_GTT, opt.sizes[i]);
    }
    amdgpu_cs_ctx_free(ctx);
    gpu_close(&g);
    return 0;
}
