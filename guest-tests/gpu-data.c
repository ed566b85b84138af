/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * aemu-gpu-data: userspace work on the GPU through libdrm_amdgpu, with every
 * byte checked. Indirect buffers live in the process's own GPU VM and go
 * through the kernel's command submission like any other userspace work.
 *
 *   aemu-gpu-data [OPTIONS] [matrix]   fill, write and copy through each
 *       engine between VRAM, GTT and userptr buffers, for size classes from
 *       4 bytes to 256 MiB at unaligned offsets. SDMA: CONSTANT_FILL, WRITE
 *       linear, COPY linear; the gfx ring and a compute ring: DMA_DATA from
 *       data (CP DMA fill), WRITE_DATA, DMA_DATA (CP DMA copy). Every
 *       destination byte is checked, with guard bytes on both sides. One
 *       TAP line per engine x source x destination x size class.
 *   aemu-gpu-data [OPTIONS] procs      N processes at once, each with its
 *       own device file (so its own VM) and two contexts, submitting random
 *       fills, writes and copies to all engines and checking their data.
 *   aemu-gpu-data [OPTIONS] fault      one process writes to an unmapped
 *       GPU address on each engine while N others work. With the driver's
 *       defaults (vm_fault_stop=0) the fault is redirected to the dummy page
 *       and the job completes; the driver logs the fault ("GPU fault
 *       detected", VM_CONTEXT1_PROTECTION_FAULT_ADDR, vmid and pasid) and
 *       reports it to that process only (AMDGPU_INFO_GPUVM_FAULT). The
 *       others must finish with correct data and see no fault.
 *
 * Options:
 *   -d, --device PATH    render node (default /dev/dri/renderD128)
 *   --engines LIST       sdma,gfx,compute (default all)
 *   --ops LIST           fill,write,copy (default all)
 *   --src LIST, --dst LIST   vram,gtt,userptr (default all)
 *   --classes LIST       size classes SIZE@OFFSET, SIZE with K/M suffix and
 *                        +N/-N (default DEFAULT_CLASSES below)
 *   --max-size SIZE      skip classes larger than SIZE
 *   --max-write SIZE     skip writes larger than SIZE (their data is in the
 *                        IB; default 1M+16)
 *   --procs N            processes for procs, workers for fault (default 4/3)
 *   --rounds N           submissions per process (default 60/20)
 *   --seed N             data seed (default 1)
 *   --first N            number the first test N and print no plan line
 *                        (for plans that run several programs)
 * Exit status: 0 if every test passed, 1 if one failed, 2 usage error.
 */
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <inttypes.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/klog.h>
#include <sys/mman.h>
#include <sys/wait.h>
#include <unistd.h>

#include "gpu-util.h"

#define DEFAULT_CLASSES \
    "4@1,4@4,333@3,4100@8,4101@2,1M+13@5,1M@4096,16M+3@1,64M@4,256M@1"
/* Guard bytes around every destination (and source) range. */
#define GUARD (4 * KiB)
/* Data bytes per submission for the largest moves (job time under TCG). */
#define MAX_SUBMIT (64 * MiB)
/* Write data per submission: the IB holds it. */
#define MAX_WRITE_SUBMIT (2 * MiB)
#define MAX_PROCS 16
#define N_ELEMENTS(a) (sizeof(a) / sizeof((a)[0]))
/* Entities per context the kernel offers (amdgpu_ctx_num_entities). */
#define CTX_RINGS_SDMA 2
#define CTX_RINGS_COMPUTE 4

enum op { OP_FILL, OP_WRITE, OP_COPY, OP_COUNT };
static const char *const op_name[OP_COUNT] = { "fill", "write", "copy" };

/* What each engine's op is, for the TAP lines. */
static const char *const op_packet[ENG_COUNT][OP_COUNT] = {
    [ENG_SDMA] = { "CONSTANT_FILL", "WRITE linear", "COPY linear" },
    [ENG_GFX] = { "DMA_DATA fill", "WRITE_DATA", "DMA_DATA copy" },
    [ENG_COMPUTE] = { "DMA_DATA fill", "WRITE_DATA", "DMA_DATA copy" },
};

typedef struct size_class {
    uint64_t size, off;
} size_class_t;

static struct opts {
    const char *device;
    unsigned engines, ops, src, dst;        /* bit masks */
    size_class_t classes[32];
    unsigned nclasses;
    uint64_t max_size, max_write;
    unsigned procs, rounds;
    uint64_t seed;
    int first;
} opt = {
    .engines = 7, .ops = 7, .src = 7, .dst = 7,
    .max_size = UINT64_MAX, .max_write = MiB + 16,
    .seed = 1, .first = 0,
};

/* Shared by the processes of one run (MAP_SHARED before fork). */
typedef struct worker_result {
    unsigned rounds, failures;
    double t_first, t_last;
    int fault_addr_clear;       /* 1: AMDGPU_INFO_GPUVM_FAULT is clear */
    int setup_error;
} worker_result_t;

static struct shared {
    int tap_n, tap_failed;
    worker_result_t w[MAX_PROCS];
    double fault_start, fault_end;
} *sh;

/* ---- TAP ---- */

static void vtap(bool ok, const char *fmt, va_list ap)
{
    sh->tap_n++;
    if (!ok) {
        sh->tap_failed++;
    }
    printf("%sok %d - ", ok ? "" : "not ", sh->tap_n);
    vprintf(fmt, ap);
    putchar('\n');
    fflush(stdout);
}

static void tap(bool ok, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));
static void tap_skip(const char *reason, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));
static void diag(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

static void tap(bool ok, const char *fmt, ...)
{
    va_list ap;

    va_start(ap, fmt);
    vtap(ok, fmt, ap);
    va_end(ap);
}

static void tap_skip(const char *reason, const char *fmt, ...)
{
    va_list ap;

    sh->tap_n++;
    printf("ok %d - ", sh->tap_n);
    va_start(ap, fmt);
    vprintf(fmt, ap);
    va_end(ap);
    printf(" # SKIP %s\n", reason);
    fflush(stdout);
}

static void diag(const char *fmt, ...)
{
    va_list ap;

    printf("# ");
    va_start(ap, fmt);
    vprintf(fmt, ap);
    va_end(ap);
    putchar('\n');
    fflush(stdout);
}

/* ---- One operation, checked ---- */

typedef struct op_case {
    enum op op;
    amdgpu_context_handle ctx;
    unsigned ring;
    gpu_buf_t *src, *dst;
    uint64_t soff, doff, size;
    uint64_t src_seed;          /* the stream the whole source holds */
    uint64_t seed;              /* this operation's guard / data stream */
} op_case_t;

static uint64_t mix(uint64_t x)
{
    x ^= x >> 33;
    x *= 0xff51afd7ed558ccdull;
    x ^= x >> 33;
    x *= 0xc4ceb9fe1a85ec53ull;
    return x ^ (x >> 33);
}

/* The fill pattern: a dword where the fill is dword aligned, else a byte. */
static uint32_t fill_pattern(const op_case_t *c)
{
    uint32_t v = (uint32_t)mix(c->seed ^ 0xf111);

    if ((c->dst->va + c->doff) % 4 || c->size % 4) {
        return ((v & 0xff) | 1) * 0x01010101u;
    }
    return v;
}

static unsigned timeout_ms(uint64_t bytes)
{
    return 30000 + (unsigned)(bytes / MiB) * 200;
}

/* Submit the operation in as many IBs as it needs. */
static int submit_op(gpu_t *g, gpu_ib_t *ib, const op_case_t *c, char *err,
                     size_t errlen)
{
    uint64_t per = c->op == OP_WRITE ? MAX_WRITE_SUBMIT : MAX_SUBMIT;
    uint8_t *data = NULL;
    int r = 0;

    if (c->op == OP_WRITE) {
        data = malloc(c->size < per ? c->size : per);
        if (!data) {
            snprintf(err, errlen, "out of memory");
            return -ENOMEM;
        }
    }
    for (uint64_t done = 0; done < c->size && !r; done += per) {
        uint64_t n = c->size - done < per ? c->size - done : per;
        uint64_t dst = c->dst->va + c->doff + done;
        gpu_buf_t *bufs[2] = { c->dst, c->src };
        bool ok;

        gpu_ib_reset(ib, ib->eng);
        switch (c->op) {
        case OP_FILL:
            ok = gpu_emit_fill(ib, dst, n, fill_pattern(c));
            break;
        case OP_WRITE:
            pattern_fill(data, done, n, c->seed);
            ok = gpu_emit_write(ib, dst, data, n);
            break;
        default:
            ok = gpu_emit_copy(ib, dst, c->src->va + c->soff + done, n);
            break;
        }
        if (!ok) {
            snprintf(err, errlen, "IB of %u dwords too small", ib->cap);
            r = -ENOSPC;
            break;
        }
        r = gpu_submit(g, c->ctx, ib, c->ring, bufs, c->src ? 2 : 1,
                       timeout_ms(n), NULL);
        if (r) {
            snprintf(err, errlen, "submission at +%" PRIu64 " failed: %s",
                     done, r == -ETIME ? "fence timeout" : strerror(-r));
        }
    }
    free(data);
    return r;
}

/* Byte i of what the destination's payload must hold. */
static uint8_t want_byte(const op_case_t *c, uint64_t i)
{
    uint8_t b;

    switch (c->op) {
    case OP_FILL:
        return (uint8_t)(fill_pattern(c) >> (8 * (i % 4)));
    case OP_WRITE:
        pattern_fill(&b, i, 1, c->seed);
        return b;
    default:
        pattern_fill(&b, c->soff + i, 1, c->src_seed);
        return b;
    }
}

static uint64_t guard_seed(const op_case_t *c)
{
    return c->seed ^ 0x6a09e667f3bcc908ull;
}

/* Check the destination: guard bytes before, payload, guard bytes after. */
static int verify_op(const op_case_t *c, char *err, size_t errlen)
{
    const uint8_t *d = c->dst->cpu;
    uint64_t end = c->doff + c->size, bad;

    bad = pattern_check(d, 0, c->doff, guard_seed(c));
    if (bad != c->doff) {
        snprintf(err, errlen, "guard byte before the destination changed at "
                 "-%" PRIu64 ": 0x%02x", c->doff - bad, d[bad]);
        return -EIO;
    }
    switch (c->op) {
    case OP_FILL:
        bad = dword_check(d + c->doff, c->size, fill_pattern(c));
        break;
    case OP_WRITE:
        bad = pattern_check(d + c->doff, 0, c->size, c->seed);
        break;
    default:
        bad = pattern_check(d + c->doff, c->soff, c->size, c->src_seed);
        break;
    }
    if (bad != c->size) {
        uint64_t nbad = 0;

        for (uint64_t i = bad; i < c->size && nbad < 1000000; i++) {
            nbad += d[c->doff + i] != want_byte(c, i);
        }
        snprintf(err, errlen, "payload byte +%" PRIu64 " is 0x%02x, want "
                 "0x%02x (%s%" PRIu64 " bad bytes from there)", bad,
                 d[c->doff + bad], want_byte(c, bad),
                 nbad >= 1000000 ? ">= " : "", nbad);
        return -EIO;
    }
    bad = pattern_check(d + end, end, c->dst->size - end, guard_seed(c));
    if (bad != c->dst->size - end) {
        snprintf(err, errlen, "guard byte after the destination changed at "
                 "+%" PRIu64 ": 0x%02x", bad, d[end + bad]);
        return -EIO;
    }
    return 0;
}

static int run_op(gpu_t *g, gpu_ib_t *ib, const op_case_t *c, char *err,
                  size_t errlen)
{
    int r;

    /* The whole destination holds a stream the operation must not keep. */
    pattern_fill(c->dst->cpu, 0, c->dst->size, guard_seed(c));
    r = submit_op(g, ib, c, err, errlen);
    return r ? r : verify_op(c, err, errlen);
}

/*
 * The checker itself, on CPU memory: what a correct engine leaves passes;
 * one changed byte in the payload or in either guard fails.
 */
static bool checker_selftest(void)
{
    static uint8_t src[3 * GUARD], dst[3 * GUARD];
    gpu_buf_t sb = { .cpu = src, .size = sizeof(src), .va = 0 };
    gpu_buf_t db = { .cpu = dst, .size = sizeof(dst), .va = 0 };
    char err[256];
    bool ok = true;

    pattern_fill(src, 0, sizeof(src), 77);
    for (int op = 0; op < OP_COUNT; op++) {
        op_case_t c = {
            .op = op, .src = &sb, .dst = &db, .soff = GUARD + 3,
            .doff = GUARD + (op == OP_WRITE ? 4 : 1),
            .size = op == OP_WRITE ? 1000 : 1001,
            .src_seed = 77, .seed = 1234 + (uint64_t)op,
        };
        /* A payload byte, the last guard byte before, the first after. */
        const uint64_t pos[3] = { c.doff + 500, c.doff - 1, c.doff + c.size };

        pattern_fill(dst, 0, sizeof(dst), guard_seed(&c));
        for (uint64_t i = 0; i < c.size; i++) {
            dst[c.doff + i] = want_byte(&c, i);
        }
        ok &= verify_op(&c, err, sizeof(err)) == 0;
        for (int k = 0; k < 3; k++) {
            uint64_t at = pos[k];

            dst[at] ^= 0x10;
            ok &= verify_op(&c, err, sizeof(err)) == -EIO;
            dst[at] ^= 0x10;
        }
        ok &= verify_op(&c, err, sizeof(err)) == 0;
    }
    return ok;
}

/* ---- matrix ---- */

/* A buffer kept while the next test wants the same domain and size. */
typedef struct slot {
    gpu_buf_t buf;
    bool used;
    uint64_t seed;              /* stream the buffer holds (sources) */
} slot_t;

static int slot_get(gpu_t *g, slot_t *s, enum gpu_domain dom, uint64_t size)
{
    size = (size + GPU_PAGE - 1) & ~(GPU_PAGE - 1);
    if (s->used && s->buf.dom == dom && s->buf.size == size) {
        return 0;
    }
    if (s->used) {
        gpu_buf_free(&s->buf);
        s->used = false;
    }
    if (gpu_buf_alloc(g, dom, size, &s->buf)) {
        return -ENOMEM;
    }
    s->used = true;
    s->seed = 0;
    return 0;
}

static void slot_put(slot_t *s)
{
    if (s->used) {
        gpu_buf_free(&s->buf);
        s->used = false;
    }
}

/* Free VRAM and GTT as the kernel counts them. */
static void heap_free(gpu_t *g, uint64_t *vram, uint64_t *gtt)
{
    struct drm_amdgpu_memory_info m;

    *vram = *gtt = UINT64_MAX;
    if (!amdgpu_query_info(g->dev, AMDGPU_INFO_MEMORY, sizeof(m), &m)) {
        *vram = m.vram.usable_heap_size - m.vram.heap_usage;
        *gtt = m.gtt.usable_heap_size - m.gtt.heap_usage;
    }
}

/* Does a test with these buffers fit next to what the slots hold? */
static bool fits(gpu_t *g, slot_t *slots, enum op op, enum gpu_domain sdom,
                 enum gpu_domain ddom, uint64_t bytes, const char **why)
{
    uint64_t vram, gtt, need_v = 0, need_g = 0, held_v = 0, held_g = 0;
    const uint64_t margin = 16 * MiB;

    heap_free(g, &vram, &gtt);
    for (int i = 0; i < 2; i++) {
        if (slots[i].used) {
            *(slots[i].buf.dom == DOM_VRAM ? &held_v : &held_g) +=
                slots[i].buf.size;
        }
    }
    *(ddom == DOM_VRAM ? &need_v : &need_g) += bytes;
    if (op == OP_COPY) {
        *(sdom == DOM_VRAM ? &need_v : &need_g) += bytes;
    }
    if (need_v && vram != UINT64_MAX && need_v + margin > vram + held_v) {
        *why = "does not fit in VRAM";
        return false;
    }
    if (need_g && gtt != UINT64_MAX && need_g + margin > gtt + held_g) {
        *why = "does not fit in GTT";
        return false;
    }
    return true;
}

static void run_matrix(gpu_t *g)
{
    amdgpu_context_handle ctx;
    gpu_ib_t ib[ENG_COUNT];
    slot_t slots[2] = { 0 };    /* source, destination */
    unsigned test = 0;

    tap(checker_selftest(), "matrix: the data checker passes what a correct "
        "engine leaves and catches one changed byte in the payload or a guard");
    if (amdgpu_cs_ctx_create(g->dev, &ctx)) {
        tap(false, "matrix: create a context");
        return;
    }
    for (int e = 0; e < ENG_COUNT; e++) {
        if ((opt.engines & (1u << e)) &&
            gpu_ib_init(g, e, GPU_IB_MAX_DW, &ib[e])) {
            tap(false, "matrix: allocate a %s IB", gpu_engine_name[e]);
            opt.engines &= ~(1u << e);
        }
    }
    for (unsigned ci = 0; ci < opt.nclasses; ci++) {
        const size_class_t *cl = &opt.classes[ci];

        if (cl->size > opt.max_size) {
            continue;
        }
        for (int op = 0; op < OP_COUNT; op++) {
            uint64_t size = cl->size, off = cl->off;

            if (!(opt.ops & (1u << op))) {
                continue;
            }
            if (op == OP_WRITE) {
                /* The engines write whole dwords at dword addresses. */
                size = size < 4 ? 4 : size & ~3ull;
                off = (off + 3) & ~3ull;
                if (size > opt.max_write) {
                    continue;
                }
            }
            for (int sd = 0; sd < DOM_COUNT; sd++) {
                if (op == OP_COPY ? !(opt.src & (1u << sd)) : sd > 0) {
                    continue;
                }
                for (int dd = 0; dd < DOM_COUNT; dd++) {
                    uint64_t bytes = GUARD + off + size + GUARD;
                    char what[160], sz[32];
                    const char *why = NULL;
                    bool fit;

                    if (!(opt.dst & (1u << dd))) {
                        continue;
                    }
                    size_str(size, sz, sizeof(sz));
                    fit = fits(g, slots, op, sd, dd, bytes, &why);
                    if (fit && op == OP_COPY &&
                        (slot_get(g, &slots[0], sd, bytes) ||
                         slot_get(g, &slots[1], dd, bytes))) {
                        fit = false;
                        why = "buffer allocation failed";
                    } else if (fit && op != OP_COPY &&
                               slot_get(g, &slots[1], dd, bytes)) {
                        fit = false;
                        why = "buffer allocation failed";
                    }
                    if (fit && op == OP_COPY && slots[0].seed == 0) {
                        slots[0].seed = mix(opt.seed * 977 + ci * 31 + sd) | 1;
                        pattern_fill(slots[0].buf.cpu, 0, slots[0].buf.size,
                                     slots[0].seed);
                    }
                    for (int e = 0; e < ENG_COUNT; e++) {
                        op_case_t c = {
                            .op = op, .ctx = ctx,
                            .src = op == OP_COPY ? &slots[0].buf : NULL,
                            .dst = &slots[1].buf,
                            .soff = GUARD + off, .doff = GUARD + off,
                            .size = size, .src_seed = slots[0].seed,
                            .seed = mix(opt.seed ^ (++test << 8)),
                        };
                        char err[256] = "";
                        double t0;
                        int r;

                        if (!(opt.engines & (1u << e))) {
                            continue;
                        }
                        if (op == OP_COPY) {
                            snprintf(what, sizeof(what),
                                     "%s %s (%s) %s->%s, %s at +%" PRIu64,
                                     gpu_engine_name[e], op_name[op],
                                     op_packet[e][op], gpu_domain_name[sd],
                                     gpu_domain_name[dd], sz, off);
                        } else {
                            snprintf(what, sizeof(what),
                                     "%s %s (%s) ->%s, %s at +%" PRIu64,
                                     gpu_engine_name[e], op_name[op],
                                     op_packet[e][op], gpu_domain_name[dd],
                                     sz, off);
                        }
                        if (!fit) {
                            tap_skip(why, "%s", what);
                            continue;
                        }
                        gpu_ib_reset(&ib[e], e);
                        t0 = now_s();
                        r = run_op(g, &ib[e], &c, err, sizeof(err));
                        tap(r == 0, "%s", what);
                        if (r) {
                            diag("  %s", err);
                        } else if (size >= 16 * MiB) {
                            diag("  %.2f s", now_s() - t0);
                        }
                    }
                }
            }
        }
        /* Keep big buffers from piling up across classes. */
        slot_put(&slots[0]);
        slot_put(&slots[1]);
    }
    for (int e = 0; e < ENG_COUNT; e++) {
        if (opt.engines & (1u << e)) {
            gpu_ib_fini(&ib[e]);
        }
    }
    amdgpu_cs_ctx_free(ctx);
}

/* ---- procs and fault: workers ---- */

#define WORK_MAX (256 * KiB)
static const uint64_t work_sizes[] = { 4, 60, 4099, 64 * KiB + 1,
                                       WORK_MAX - 5 };

static uint64_t rng_next(uint64_t *s)
{
    *s = *s * 6364136223846793005ull + 1442695040888963407ull;
    return *s >> 33;
}

static unsigned ring_for(const gpu_t *g, enum gpu_engine e, uint64_t r)
{
    unsigned n = e == ENG_SDMA ? CTX_RINGS_SDMA
                 : e == ENG_COMPUTE ? CTX_RINGS_COMPUTE : 1;

    if (g->rings[e] && g->rings[e] < n) {
        n = g->rings[e];
    }
    return (unsigned)(r % n);
}

static bool gpuvm_fault(gpu_t *g, struct drm_amdgpu_info_gpuvm_fault *f)
{
    memset(f, 0, sizeof(*f));
    return amdgpu_query_info(g->dev, AMDGPU_INFO_GPUVM_FAULT, sizeof(*f),
                             f) == 0;
}

/*
 * One worker process: its own device file and two contexts; random fills,
 * writes and copies on every engine between all domains, each checked.
 * Runs `rounds` submissions, then more until stop_fd reaches EOF (if >= 0).
 */
static int worker(int k, int start_fd, int stop_fd)
{
    worker_result_t *res = &sh->w[k];
    amdgpu_context_handle ctx[2];
    gpu_ib_t ib[ENG_COUNT];
    gpu_buf_t src[DOM_COUNT], dst[DOM_COUNT];
    uint64_t s = mix(opt.seed * 1000003 + (uint64_t)k);
    uint64_t src_seed[DOM_COUNT];
    gpu_t g;
    char c;

    if (gpu_open(&g, opt.device) ||
        amdgpu_cs_ctx_create(g.dev, &ctx[0]) ||
        amdgpu_cs_ctx_create(g.dev, &ctx[1])) {
        res->setup_error = 1;
        return 1;
    }
    for (int e = 0; e < ENG_COUNT; e++) {
        if (gpu_ib_init(&g, e, WORK_MAX / 4 + 1024, &ib[e])) {
            res->setup_error = 1;
            return 1;
        }
    }
    for (int d = 0; d < DOM_COUNT; d++) {
        if (gpu_buf_alloc(&g, d, WORK_MAX + 2 * GUARD, &src[d]) ||
            gpu_buf_alloc(&g, d, WORK_MAX + 2 * GUARD, &dst[d])) {
            res->setup_error = 1;
            return 1;
        }
        src_seed[d] = mix(s ^ (uint64_t)d) | 1;
        pattern_fill(src[d].cpu, 0, src[d].size, src_seed[d]);
    }
    /* Wait for the parent's go (EOF on the start pipe). */
    while (read(start_fd, &c, 1) > 0) {
    }
    res->t_first = now_s();
    for (unsigned r = 0; r < 100000; r++) {
        enum gpu_engine e = rng_next(&s) % ENG_COUNT;
        enum op op = rng_next(&s) % OP_COUNT;
        int sd = rng_next(&s) % DOM_COUNT, dd = rng_next(&s) % DOM_COUNT;
        uint64_t size = work_sizes[rng_next(&s) % N_ELEMENTS(work_sizes)];
        uint64_t off = rng_next(&s) % 64;
        op_case_t cs;
        char err[256];

        if (r >= opt.rounds) {
            if (stop_fd < 0 || read(stop_fd, &c, 1) == 0) {
                break;
            }
        }
        if (op == OP_WRITE) {
            off &= ~3ull;
            size = size < 4 ? 4 : size & ~3ull;
        }
        if (off + size > WORK_MAX) {
            off = 0;
        }
        cs = (op_case_t) {
            .op = op, .ctx = ctx[r % 2], .ring = ring_for(&g, e, rng_next(&s)),
            .src = op == OP_COPY ? &src[sd] : NULL, .dst = &dst[dd],
            .soff = GUARD + off,
            .doff = GUARD + (op == OP_WRITE ? off : (off * 7) % 61),
            .size = size, .src_seed = src_seed[sd], .seed = rng_next(&s),
        };
        gpu_ib_reset(&ib[e], e);
        if (run_op(&g, &ib[e], &cs, err, sizeof(err))) {
            res->failures++;
            diag("process %d round %u: %s %s %s->%s %" PRIu64 " B: %s", k, r,
                 gpu_engine_name[e], op_name[op],
                 op == OP_COPY ? gpu_domain_name[sd] : "",
                 gpu_domain_name[dd], size, err);
        }
        res->rounds = r + 1;
        res->t_last = now_s();
    }
    {
        struct drm_amdgpu_info_gpuvm_fault f;

        res->fault_addr_clear = gpuvm_fault(&g, &f) && !f.addr && !f.status;
        if (!res->fault_addr_clear) {
            diag("process %d: AMDGPU_INFO_GPUVM_FAULT addr 0x%" PRIx64
                 " status 0x%x", k, (uint64_t)f.addr, f.status);
        }
    }
    for (int d = 0; d < DOM_COUNT; d++) {
        gpu_buf_free(&src[d]);
        gpu_buf_free(&dst[d]);
    }
    for (int e = 0; e < ENG_COUNT; e++) {
        gpu_ib_fini(&ib[e]);
    }
    amdgpu_cs_ctx_free(ctx[0]);
    amdgpu_cs_ctx_free(ctx[1]);
    gpu_close(&g);
    return res->failures ? 1 : 0;
}

static pid_t spawn_worker(int k, int start_fd, int stop_fd, int *close_fds,
                          int nclose)
{
    pid_t pid;

    fflush(stdout);
    pid = fork();
    if (pid == 0) {
        for (int i = 0; i < nclose; i++) {
            close(close_fds[i]);
        }
        _exit(worker(k, start_fd, stop_fd));
    }
    return pid;
}

static void report_workers(unsigned n, const char *mode, bool need_overlap)
{
    for (unsigned k = 0; k < n; k++) {
        worker_result_t *w = &sh->w[k];
        bool overlap = w->t_first < sh->fault_end &&
                       w->t_last > sh->fault_start;

        if (w->setup_error) {
            tap(false, "%s: process %u set up its device, contexts and "
                "buffers", mode, k);
            continue;
        }
        tap(w->failures == 0 && w->rounds >= opt.rounds &&
            (!need_overlap || overlap),
            "%s: process %u: %u submissions on sdma/gfx/compute with two "
            "contexts, data correct%s", mode, k, w->rounds,
            need_overlap ? ", while the faulting process ran" : "");
        if (w->failures) {
            diag("  %u of them failed", w->failures);
        }
        if (need_overlap && !overlap) {
            diag("  ran %.2f..%.2f s, the faulting process %.2f..%.2f s",
                 w->t_first, w->t_last, sh->fault_start, sh->fault_end);
        }
        tap(w->fault_addr_clear, "%s: process %u: no GPU VM fault reported "
            "to it (AMDGPU_INFO_GPUVM_FAULT clear)", mode, k);
    }
}

static void run_procs(void)
{
    int start[2];
    pid_t pids[MAX_PROCS];
    unsigned n = opt.procs ? opt.procs : 4;
    double t0;

    if (n > MAX_PROCS) {
        n = MAX_PROCS;
    }
    if (!opt.rounds) {
        opt.rounds = 60;
    }
    if (pipe(start)) {
        tap(false, "procs: pipe");
        return;
    }
    for (unsigned k = 0; k < n; k++) {
        pids[k] = spawn_worker((int)k, start[0], -1, &start[1], 1);
    }
    sleep(1);                   /* let them set up */
    close(start[1]);
    t0 = now_s();
    for (unsigned k = 0; k < n; k++) {
        waitpid(pids[k], NULL, 0);
    }
    close(start[0]);
    diag("procs: %u processes x %u submissions in %.2f s", n, opt.rounds,
         now_s() - t0);
    sh->fault_start = sh->fault_end = 0;
    report_workers(n, "procs", false);
    {
        double last_start = 0, first_end = 1e300;

        for (unsigned k = 0; k < n; k++) {
            last_start = sh->w[k].t_first > last_start ? sh->w[k].t_first
                                                       : last_start;
            first_end = sh->w[k].t_last < first_end ? sh->w[k].t_last
                                                    : first_end;
        }
        tap(last_start < first_end, "procs: the %u processes were all "
            "submitting at the same time (for %.2f s)", n,
            first_end > last_start ? first_end - last_start : 0.0);
    }
}

/* ---- fault ---- */

/* The kernel log, NUL-terminated (malloc'ed). */
static char *kernel_log(void)
{
    int len = klogctl(10, NULL, 0);     /* SYSLOG_ACTION_SIZE_BUFFER */
    char *buf;

    if (len <= 0) {
        len = 1 << 20;
    }
    buf = malloc((size_t)len + 1);
    if (!buf) {
        return NULL;
    }
    len = klogctl(3, buf, len);         /* SYSLOG_ACTION_READ_ALL */
    if (len < 0) {
        free(buf);
        return NULL;
    }
    buf[len] = 0;
    return buf;
}

/*
 * Find the kernel's report of a fault at this page, with its vmid and pasid:
 * gmc_v7_0_process_interrupt's "VM_CONTEXT1_PROTECTION_FAULT_ADDR   0x%08X"
 * and gmc_v7_0_vm_decode_fault's "VM fault (0x%02x, vmid %d, pasid %d) at
 * page %u, ..."; or, from gfx9 on, gmc_v9_0_process_interrupt's "[hub]
 * no-retry page fault (src_id:%u ring:%u vmid:%u pasid:%u)" followed
 * (after the task line) by "in page starting at address 0x%016llx".
 */
static bool log_has_fault_gfx7(const char *log, uint32_t page, unsigned *vmid,
                               unsigned *pasid, const char **where)
{
    char want[64];
    bool found = false;

    snprintf(want, sizeof(want), "VM_CONTEXT1_PROTECTION_FAULT_ADDR   0x%08X",
             page);
    if (!strstr(log, want)) {
        return false;
    }
    for (const char *p = log; (p = strstr(p, "VM fault (0x")); p++) {
        unsigned prot, v, pa, pg;

        if (sscanf(p, "VM fault (0x%x, vmid %u, pasid %u) at page %u", &prot,
                   &v, &pa, &pg) == 4 && pg == page) {
            *vmid = v;
            *pasid = pa;
            *where = p;
            found = true;
        }
    }
    return found;
}

static bool log_has_fault_gfx9(const char *log, uint32_t page, unsigned *vmid,
                               unsigned *pasid, const char **where)
{
    static const char header[] = "page fault (src_id:";
    char want[64];
    bool found = false;

    snprintf(want, sizeof(want), "in page starting at address 0x%016" PRIx64,
             (uint64_t)page * GPU_PAGE);
    for (const char *p = strstr(log, header); p;) {
        const char *next = strstr(p + 1, header);
        const char *addr = strstr(p, want);
        unsigned src, ring, v, pa;

        /* The address line belongs to this header if it comes before the next. */
        if (addr && (!next || addr < next) &&
            sscanf(p, "page fault (src_id:%u ring:%u vmid:%u pasid:%u)", &src,
                   &ring, &v, &pa) == 4) {
            *vmid = v;
            *pasid = pa;
            *where = p;
            found = true;
        }
        p = next;
    }
    return found;
}

static bool log_has_fault(bool gfx9, uint32_t page, unsigned *vmid,
                          unsigned *pasid, char *line, size_t linelen)
{
    char *log = kernel_log();
    const char *where = NULL;
    bool found;

    if (!log) {
        return false;
    }
    found = gfx9 ? log_has_fault_gfx9(log, page, vmid, pasid, &where)
                 : log_has_fault_gfx7(log, page, vmid, pasid, &where);
    if (found) {
        const char *eol = strchr(where, '\n');
        size_t n = eol ? (size_t)(eol - where) : strlen(where);

        snprintf(line, linelen, "%.*s", (int)(n < linelen ? n : linelen - 1),
                 where);
    }
    free(log);
    return found;
}

static unsigned fault_vmid(bool gfx9, uint32_t status)
{
    return gfx9 ? GPUVM_FAULT_STATUS_VMID_GFX9(status)
                : GPUVM_FAULT_STATUS_VMID_GFX7(status);
}

static int faulter(void)
{
    gpu_t g;
    amdgpu_context_handle ctx;
    amdgpu_va_handle hole_handle;
    uint64_t hole;
    gpu_buf_t marker;
    gpu_ib_t ib;
    bool gfx9;
    int rc = 0;

    if (gpu_open(&g, opt.device) || amdgpu_cs_ctx_create(g.dev, &ctx) ||
        gpu_buf_alloc(&g, DOM_GTT, GPU_PAGE, &marker) ||
        gpu_ib_init(&g, ENG_SDMA, 1024, &ib) ||
        amdgpu_va_range_alloc(g.dev, amdgpu_gpu_va_range_general, 2 * MiB,
                              2 * MiB, 0, &hole, &hole_handle, 0)) {
        tap(false, "fault: set up the faulting process");
        return 1;
    }
    gfx9 = g.info.family_id >= AMDGPU_FAMILY_AI;
    memset(marker.cpu, 0, GPU_PAGE);
    diag("fault: unmapped GPU VA range 0x%" PRIx64 "..0x%" PRIx64, hole,
         (uint64_t)(hole + 2 * MiB - 1));
    for (int e = 0; e < ENG_COUNT; e++) {
        /* A page of its own per engine, so each report is told apart. */
        uint64_t bad = hole + (uint64_t)(e + 1) * GPU_PAGE + 0x40 + 4 * e;
        uint32_t page = (uint32_t)(bad >> 12);
        uint32_t *mark = (uint32_t *)marker.cpu + e;
        gpu_buf_t *bufs[1] = { &marker };
        struct drm_amdgpu_info_gpuvm_fault f = { 0 };
        unsigned vmid = 0, pasid = 0;
        char line[200] = "";
        bool cached = false, logged = false;
        double t;
        int r;

        if (!(opt.engines & (1u << e))) {
            continue;
        }
        gpu_ib_reset(&ib, e);
        gpu_emit_write32(&ib, bad, 0xbad00000u | (uint32_t)e);
        gpu_emit_write32(&ib, marker.va + 4 * (uint64_t)e,
                         0xc0de0000u | (uint32_t)e);
        r = gpu_submit(&g, ctx, &ib, 0, bufs, 1, 30000, NULL);
        tap(r == 0 && *mark == (0xc0de0000u | (uint32_t)e),
            "fault %s: an IB writing unmapped GPU VA 0x%" PRIx64 " completes "
            "(the write goes to the dummy page) and runs its later packets",
            gpu_engine_name[e], bad);
        if (r) {
            diag("  submission: %s", r == -ETIME ? "fence timeout"
                                                 : strerror(-r));
            rc = 1;
        }
        /* The interrupt handler may still be on its way. */
        for (t = now_s(); now_s() - t < 5;) {
            cached = gpuvm_fault(&g, &f) && f.addr == (bad & ~(GPU_PAGE - 1)) &&
                     f.status;
            logged = log_has_fault(gfx9, page, &vmid, &pasid, line,
                                   sizeof(line));
            if (cached && logged) {
                break;
            }
            usleep(100000);
        }
        tap(cached && fault_vmid(gfx9, f.status) != 0,
            "fault %s: AMDGPU_INFO_GPUVM_FAULT of the faulting process "
            "reports page 0x%" PRIx64 " (status 0x%08x, vmid %u)",
            gpu_engine_name[e], (uint64_t)(bad & ~(GPU_PAGE - 1)), f.status,
            fault_vmid(gfx9, f.status));
        if (!cached) {
            diag("  the query answered addr 0x%" PRIx64 " status 0x%x",
                 (uint64_t)f.addr, f.status);
        }
        tap(logged && vmid == fault_vmid(gfx9, f.status) && pasid,
            "fault %s: the kernel logs the fault at page 0x%08X, "
            "vmid %u, pasid %u",
            gpu_engine_name[e], page, vmid, pasid);
        if (line[0]) {
            diag("  %s", line);
        }
        rc |= !(cached && logged);
    }
    {
        uint64_t flags = 0;
        uint32_t *mark = (uint32_t *)marker.cpu + ENG_COUNT;
        gpu_buf_t *bufs[1] = { &marker };
        int r = amdgpu_cs_query_reset_state2(ctx, &flags);

        diag("fault: amdgpu_cs_query_reset_state2: %d, flags 0x%" PRIx64
             " (gpu_recovery=0: no reset, the context is not marked guilty)",
             r, flags);
        gpu_ib_reset(&ib, ENG_SDMA);
        gpu_emit_write32(&ib, marker.va + 4 * ENG_COUNT, 0x600d);
        r = gpu_submit(&g, ctx, &ib, 0, bufs, 1, 30000, NULL);
        tap(r == 0 && *mark == 0x600d &&
            !(flags & (AMDGPU_CTX_QUERY2_FLAGS_GUILTY |
                       AMDGPU_CTX_QUERY2_FLAGS_RESET)),
            "fault: the faulting process's context is not reset and keeps "
            "working");
    }
    amdgpu_va_range_free(hole_handle);
    gpu_ib_fini(&ib);
    gpu_buf_free(&marker);
    amdgpu_cs_ctx_free(ctx);
    gpu_close(&g);
    return rc;
}

static void run_fault(void)
{
    int start[2], stop[2];
    pid_t pids[MAX_PROCS], fpid;
    unsigned n = opt.procs ? opt.procs : 3;

    if (n > MAX_PROCS) {
        n = MAX_PROCS;
    }
    if (!opt.rounds) {
        opt.rounds = 20;
    }
    if (pipe(start) || pipe(stop)) {
        tap(false, "fault: pipe");
        return;
    }
    fcntl(stop[0], F_SETFL, O_NONBLOCK);
    for (unsigned k = 0; k < n; k++) {
        int close_fds[2] = { start[1], stop[1] };

        pids[k] = spawn_worker((int)k, start[0], stop[0], close_fds, 2);
    }
    sleep(1);
    close(start[1]);
    usleep(300000);             /* the workers are submitting */
    sh->fault_start = now_s();
    fflush(stdout);
    fpid = fork();
    if (fpid == 0) {
        close(stop[1]);
        _exit(faulter());
    }
    waitpid(fpid, NULL, 0);
    sh->fault_end = now_s();
    close(stop[1]);             /* the workers may stop now */
    for (unsigned k = 0; k < n; k++) {
        waitpid(pids[k], NULL, 0);
    }
    close(start[0]);
    close(stop[0]);
    report_workers(n, "fault", true);
}

/* ---- options ---- */

static unsigned parse_list(const char *arg, const char *const *names,
                           int n, const char *what)
{
    char *copy = strdup(arg), *tok, *save = NULL;
    unsigned mask = 0;

    for (tok = strtok_r(copy, ",", &save); tok;
         tok = strtok_r(NULL, ",", &save)) {
        int i;

        for (i = 0; i < n && strcmp(tok, names[i]); i++) {
        }
        if (i == n) {
            fprintf(stderr, "unknown %s '%s'\n", what, tok);
            exit(2);
        }
        mask |= 1u << i;
    }
    free(copy);
    return mask;
}

/* "1M+13", "4K", "333", "256M-4". */
static uint64_t parse_size(const char *s, const char **end)
{
    char *e;
    uint64_t v = strtoull(s, &e, 0);

    switch (*e) {
    case 'K': case 'k': v *= KiB; e++; break;
    case 'M': case 'm': v *= MiB; e++; break;
    case 'G': case 'g': v *= 1024 * MiB; e++; break;
    }
    if (*e == '+' || *e == '-') {
        char sign = *e;
        uint64_t d = strtoull(e + 1, &e, 0);

        v = sign == '+' ? v + d : v - d;
    }
    if (end) {
        *end = e;
    } else if (*e) {
        fprintf(stderr, "bad size '%s'\n", s);
        exit(2);
    }
    return v;
}

static void parse_classes(const char *arg)
{
    char *copy = strdup(arg), *tok, *save = NULL;

    opt.nclasses = 0;
    for (tok = strtok_r(copy, ",", &save); tok;
         tok = strtok_r(NULL, ",", &save)) {
        const char *e;
        size_class_t c;

        c.size = parse_size(tok, &e);
        c.off = 0;
        if (*e == '@') {
            c.off = parse_size(e + 1, &e);
        }
        if (*e || c.size == 0 || c.off >= MiB ||
            opt.nclasses == N_ELEMENTS(opt.classes)) {
            fprintf(stderr, "bad size class '%s' (SIZE@OFFSET, offset below "
                    "%llu)\n", tok, (unsigned long long)MiB);
            exit(2);
        }
        opt.classes[opt.nclasses++] = c;
    }
    free(copy);
}

static void usage(int status)
{
    fprintf(status ? stderr : stdout,
            "usage: aemu-gpu-data [-d DEVICE] [--engines LIST] [--ops LIST] "
            "[--src LIST] [--dst LIST]\n"
            "                     [--classes SIZE@OFF,...] [--max-size SIZE] "
            "[--max-write SIZE]\n"
            "                     [--procs N] [--rounds N] [--seed N] "
            "[--first N] [matrix|procs|fault]...\n");
    exit(status);
}

int main(int argc, char **argv)
{
    static const struct option longopts[] = {
        { "device", required_argument, NULL, 'd' },
        { "engines", required_argument, NULL, 'e' },
        { "ops", required_argument, NULL, 'o' },
        { "src", required_argument, NULL, 's' },
        { "dst", required_argument, NULL, 't' },
        { "classes", required_argument, NULL, 'c' },
        { "max-size", required_argument, NULL, 'm' },
        { "max-write", required_argument, NULL, 'w' },
        { "procs", required_argument, NULL, 'p' },
        { "rounds", required_argument, NULL, 'r' },
        { "seed", required_argument, NULL, 'S' },
        { "first", required_argument, NULL, 'f' },
        { "help", no_argument, NULL, 'h' },
        { NULL, 0, NULL, 0 },
    };
    int ch;

    setvbuf(stdout, NULL, _IOLBF, 0);
    parse_classes(DEFAULT_CLASSES);
    while ((ch = getopt_long(argc, argv, "d:h", longopts, NULL)) != -1) {
        switch (ch) {
        case 'd': opt.device = optarg; break;
        case 'e':
            opt.engines = parse_list(optarg, gpu_engine_name, ENG_COUNT,
                                     "engine");
            break;
        case 'o': opt.ops = parse_list(optarg, op_name, OP_COUNT, "op"); break;
        case 's':
            opt.src = parse_list(optarg, gpu_domain_name, DOM_COUNT, "domain");
            break;
        case 't':
            opt.dst = parse_list(optarg, gpu_domain_name, DOM_COUNT, "domain");
            break;
        case 'c': parse_classes(optarg); break;
        case 'm': opt.max_size = parse_size(optarg, NULL); break;
        case 'w': opt.max_write = parse_size(optarg, NULL); break;
        case 'p': opt.procs = (unsigned)strtoul(optarg, NULL, 0); break;
        case 'r': opt.rounds = (unsigned)strtoul(optarg, NULL, 0); break;
        case 'S': opt.seed = strtoull(optarg, NULL, 0); break;
        case 'f': opt.first = atoi(optarg); break;
        case 'h': usage(0); break;
        default: usage(2);
        }
    }

    sh = mmap(NULL, sizeof(*sh), PROT_READ | PROT_WRITE,
              MAP_SHARED | MAP_ANONYMOUS, -1, 0);
    if (sh == MAP_FAILED) {
        perror("mmap");
        return 2;
    }
    memset(sh, 0, sizeof(*sh));
    sh->tap_n = opt.first > 0 ? opt.first - 1 : 0;

    for (int i = optind; i < argc || i == optind; i++) {
        const char *mode = i < argc ? argv[i] : "matrix";

        if (strcmp(mode, "matrix") == 0) {
            gpu_t g;
            int r = gpu_open(&g, opt.device);

            if (r) {
                tap(false, "open %s: %s", opt.device ? opt.device
                                                     : "/dev/dri/renderD128",
                    strerror(-r));
                continue;
            }
            diag("amdgpu %u.%u, family %u, rings: sdma %u, gfx %u, compute %u",
                 g.major, g.minor, g.info.family_id, g.rings[ENG_SDMA],
                 g.rings[ENG_GFX], g.rings[ENG_COMPUTE]);
            run_matrix(&g);
            gpu_close(&g);
        } else if (strcmp(mode, "procs") == 0) {
            run_procs();
        } else if (strcmp(mode, "fault") == 0) {
            run_fault();
        } else {
            fprintf(stderr, "unknown mode '%s'\n", mode);
            usage(2);
        }
    }
    if (opt.first <= 0) {
        printf("1..%d\n", sh->tap_n);
    }
    return sh->tap_failed ? 1 : 0;
}
