/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * aemu-gpu-bench: throughput figures of the emulated GPU, seen from a guest
 * process through libdrm_amdgpu. It prints figures and never judges them.
 *
 *   copy       SDMA COPY linear, CP DMA (DMA_DATA on the gfx ring and on
 *              a compute ring) and a coalesced copy shader (16 bytes a
 *              lane, one wave a KiB, dispatched on a compute ring: the
 *              shader interpreter's throughput next to the DMA engines'),
 *              VRAM->VRAM, GTT->VRAM and VRAM->GTT, for each size: one
 *              submission per copy, timed from submit to fence
 *   fill       SDMA CONSTANT_FILL and a fill shader (16 bytes a lane) into
 *              VRAM, for each size
 *   roundtrip  submit + wait of the smallest IB (one dword written) per
 *              second, on each engine
 *   memcpy     CPU memcpy bandwidth between two buffers of this process
 *              (run the same binary on the host with --memcpy-only for the
 *              host's figure)
 *
 * Under TCG the guest waits on the host, so the figures are how fast the
 * emulator moves data, never faster than the model's timing prices it.
 * After each timed loop the destination is compared with what it must hold
 * ("n/a wrong-result" if it does not).
 *
 * Output, one figure a line:
 *   BENCH copy ENGINE SRC->DST BYTES MIB_PER_S
 *   BENCH fill ENGINE vram BYTES MIB_PER_S
 *   BENCH roundtrip ENGINE - - PER_S
 *   BENCH memcpy cpu ram->ram BYTES MIB_PER_S
 * and "BENCH copy ... n/a REASON" where a size does not fit.
 *
 * Options: -d DEVICE, --sizes LIST (default 1M,4M,16M,64M,256M),
 * --time SEC (minimum time per figure, default 0.5), --memcpy-only,
 * --engines LIST (the copy and fill engines to time, by the names above:
 * sdma, cpdma-gfx, cpdma-compute, shader; default all), --no-fill.
 */
#include <errno.h>
#include <getopt.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "gpu-compute.h"

#define MAX_SIZES 16

static struct {
    const char *device;
    uint64_t sizes[MAX_SIZES];
    unsigned nsizes;
    double min_time;
    bool memcpy_only;
    const char *engines;        /* comma-separated names; NULL: all */
    bool no_fill;
} opt = { .min_time = 0.5 };

/* Is the engine named one of --engines? */
static bool engine_wanted(const char *name)
{
    size_t n = strlen(name);

    for (const char *p = opt.engines; p && *p; p = strchr(p, ',')) {
        p += *p == ',';
        if (!strncmp(p, name, n) && (p[n] == ',' || !p[n])) {
            return true;
        }
    }
    return !opt.engines;
}

/* The shader kernels in VRAM; code.buf.size is 0 when they are not. */
static gpu_code_t code;
/* A shader moves this many bytes a workgroup: 64 lanes of 16 bytes. */
#define SHADER_GROUP_BYTES 1024u
#define SHADER_GROUP_THREADS 64u
/* A fill's pattern. */
#define FILL_PATTERN 0x5a5aa5a5u

/*
 * The copy engines: SDMA, CP DMA on the gfx ring and on a compute ring, the
 * copy shader on a compute ring.
 */
typedef struct mover {
    enum gpu_engine eng;
    const char *name;
    bool shader;
} mover_t;

static const mover_t copy_engines[] = {
    { ENG_SDMA, "sdma", false },
    { ENG_GFX, "cpdma-gfx", false },
    { ENG_COMPUTE, "cpdma-compute", false },
    { ENG_COMPUTE, "shader", true },
};

static const mover_t fill_engines[] = {
    { ENG_SDMA, "sdma", false },
    { ENG_COMPUTE, "shader", true },
};

/*
 * The IB of one copy (src != 0) or fill (src == 0) of size bytes: DMA
 * packets, or the shader's dispatch after the cache invalidation. NULL
 * reason: built; else why not.
 */
static const char *build_move(gpu_t *g, const mover_t *m, gpu_ib_t *ib,
                              const gpu_buf_t *dst, const gpu_buf_t *src,
                              uint64_t size)
{
    dispatch_t d = { .threads = SHADER_GROUP_THREADS };

    if (!m->shader) {
        if (gpu_ib_init(g, m->eng,
                        (uint32_t)gpu_move_dwords(m->eng, size) + 64, ib)) {
            return "ib-allocation-failed";
        }
        if (!(src ? gpu_emit_copy(ib, dst->va, src->va, size)
                  : gpu_emit_fill(ib, dst->va, size, FILL_PATTERN))) {
            gpu_ib_fini(ib);
            return "ib-too-small";
        }
        return NULL;
    }
    if (!code.buf.size) {
        return "no-kernels-for-this-gpu";
    }
    if (size % SHADER_GROUP_BYTES || size > UINT32_MAX) {
        return "size-not-whole-KiB-under-4GiB";
    }
    if (gpu_ib_init(g, m->eng, 256, ib)) {
        return "ib-allocation-failed";
    }
    d.groups = (uint32_t)(size / SHADER_GROUP_BYTES);
    if (src) {
        d.k = K_COPY_X4;
        gpu_vsharp(src->va, size, d.user);
        gpu_vsharp(dst->va, size, d.user + 4);
    } else {
        d.k = K_FILL_X4;
        gpu_vsharp(dst->va, size, d.user);
        d.user[4] = FILL_PATTERN;
    }
    if (!emit_invalidate(ib, code.gen) || !emit_dispatch(ib, &code, &d)) {
        gpu_ib_fini(ib);
        return "ib-too-small";
    }
    return NULL;
}

/*
 * Submit the IB once to warm up, then again until opt.min_time has passed;
 * MiB/s, or a negative errno.
 */
static double time_move(gpu_t *g, amdgpu_context_handle ctx, gpu_ib_t *ib,
                        gpu_buf_t **bufs, unsigned nbufs, uint64_t size)
{
    unsigned reps = 0;
    double t0, t = 0;
    int r;

    /* Warm up (first use of the buffers binds them). */
    r = gpu_submit(g, ctx, ib, 0, bufs, nbufs, 120000, NULL);
    t0 = now_s();
    while (!r && (t < opt.min_time || reps < 2)) {
        r = gpu_submit(g, ctx, ib, 0, bufs, nbufs, 120000, NULL);
        reps++;
        t = now_s() - t0;
    }
    return r ? r : (double)size * reps / MiB / t;
}

/* Do the first and last KiB of dst hold what they must? */
static bool moved_right(const gpu_buf_t *dst, const gpu_buf_t *src,
                        uint64_t size)
{
    uint64_t n = size < KiB ? size : KiB;

    for (int end = 0; end < 2; end++) {
        uint64_t at = end ? size - n : 0;

        if (src) {
            if (memcmp(dst->cpu + at, src->cpu + at, n)) {
                return false;
            }
            continue;
        }
        for (uint64_t i = at; i + 4 <= at + n; i += 4) {
            uint32_t v;

            memcpy(&v, dst->cpu + i, 4);
            if (v != FILL_PATTERN) {
                return false;
            }
        }
    }
    return true;
}

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
                       enum gpu_domain sdom, enum gpu_domain ddom,
                       uint64_t size)
{
    gpu_buf_t src, dst;
    uint64_t need = (sdom == DOM_VRAM) * size + (ddom == DOM_VRAM) * size;
    const char *path = sdom == DOM_GTT ? "gtt->vram"
                       : ddom == DOM_GTT ? "vram->gtt" : "vram->vram";

    if (need + 16 * MiB > vram_free(g)) {
        for (size_t e = 0; e < N_ELEMENTS(copy_engines); e++) {
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
    if (gpu_buf_alloc(g, ddom, size, &dst)) {
        printf("BENCH copy - %s %" PRIu64 " n/a allocation-failed\n", path,
               size);
        gpu_buf_free(&src);
        return;
    }
    memset(src.cpu, 0x3c, size);
    for (size_t e = 0; e < N_ELEMENTS(copy_engines); e++) {
        const mover_t *m = &copy_engines[e];
        gpu_buf_t *bufs[3] = { &src, &dst, &code.buf };
        const char *why;
        gpu_ib_t ib;
        double mib_s;

        if (!engine_wanted(m->name)) {
            continue;
        }
        memset(dst.cpu, 0, size);
        why = build_move(g, m, &ib, &dst, &src, size);
        if (why) {
            printf("BENCH copy %s %s %" PRIu64 " n/a %s\n", m->name, path,
                   size, why);
            continue;
        }
        mib_s = time_move(g, ctx, &ib, bufs, m->shader ? 3 : 2, size);
        if (mib_s < 0) {
            printf("BENCH copy %s %s %" PRIu64 " n/a submission-failed:%d\n",
                   m->name, path, size, (int)mib_s);
        } else if (!moved_right(&dst, &src, size)) {
            printf("BENCH copy %s %s %" PRIu64 " n/a wrong-result\n",
                   m->name, path, size);
        } else {
            printf("BENCH copy %s %s %" PRIu64 " %.1f\n", m->name, path,
                   size, mib_s);
        }
        fflush(stdout);
        gpu_ib_fini(&ib);
    }
    gpu_buf_free(&dst);
    gpu_buf_free(&src);
}

static void bench_fill(gpu_t *g, amdgpu_context_handle ctx, uint64_t size)
{
    gpu_buf_t dst;

    if (size + 16 * MiB > vram_free(g) || gpu_buf_alloc(g, DOM_VRAM, size,
                                                        &dst)) {
        printf("BENCH fill - vram %" PRIu64 " n/a does-not-fit-in-VRAM\n",
               size);
        return;
    }
    for (size_t e = 0; e < N_ELEMENTS(fill_engines); e++) {
        const mover_t *m = &fill_engines[e];
        gpu_buf_t *bufs[2] = { &dst, &code.buf };
        const char *why;
        gpu_ib_t ib;
        double mib_s;

        if (!engine_wanted(m->name)) {
            continue;
        }
        memset(dst.cpu, 0, size);
        why = build_move(g, m, &ib, &dst, NULL, size);
        if (why) {
            printf("BENCH fill %s vram %" PRIu64 " n/a %s\n", m->name, size,
                   why);
            continue;
        }
        mib_s = time_move(g, ctx, &ib, bufs, m->shader ? 2 : 1, size);
        if (mib_s < 0) {
            printf("BENCH fill %s vram %" PRIu64 " n/a submission-failed:%d\n",
                   m->name, size, (int)mib_s);
        } else if (!moved_right(&dst, NULL, size)) {
            printf("BENCH fill %s vram %" PRIu64 " n/a wrong-result\n",
                   m->name, size);
        } else {
            printf("BENCH fill %s vram %" PRIu64 " %.1f\n", m->name, size,
                   mib_s);
        }
        fflush(stdout);
        gpu_ib_fini(&ib);
    }
    gpu_buf_free(&dst);
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
        { "engines", required_argument, NULL, 'e' },
        { "no-fill", no_argument, NULL, 'f' },
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
        case 'e': opt.engines = optarg; break;
        case 'f': opt.no_fill = true; break;
        case 'h':
            printf("usage: aemu-gpu-bench [-d DEVICE] [--sizes LIST] "
                   "[--time SEC] [--memcpy-only] [--engines LIST] "
                   "[--no-fill]\n");
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
    {
        enum gen gen;

        if (gpu_gen_of(&g, &gen)) {
            printf("# no shader kernels for GPU family %u\n",
                   g.info.family_id);
        } else if ((r = gpu_code_load(&g, gen, &code))) {
            printf("# loading the %s kernels failed: %d\n", gen_name[gen], r);
            memset(&code, 0, sizeof(code));
        }
    }
    bench_roundtrip(&g, ctx);
    for (unsigned i = 0; i < opt.nsizes; i++) {
        bench_copy(&g, ctx, DOM_VRAM, DOM_VRAM, opt.sizes[i]);
        bench_copy(&g, ctx, DOM_GTT, DOM_VRAM, opt.sizes[i]);
        bench_copy(&g, ctx, DOM_VRAM, DOM_GTT, opt.sizes[i]);
        if (!opt.no_fill) {
            bench_fill(&g, ctx, opt.sizes[i]);
        }
    }
    if (code.buf.size) {
        gpu_buf_free(&code.buf);
    }
    amdgpu_cs_ctx_free(ctx);
    gpu_close(&g);
    return 0;
}
