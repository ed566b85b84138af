/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * aemu-gpu-dispatch: compute shaders dispatched from userspace through
 * libdrm_amdgpu, on the gfx ring and on a compute ring, with every byte of
 * their results checked on the CPU.
 *
 * Each test writes its buffers (VRAM and GTT, mapped into the process's
 * own GPU VM), puts the compute state into an IB with SET_SH_REG
 * (COMPUTE_PGM_LO/HI, RSRC1/2, NUM_THREAD_X/Y/Z, START_X/Y/Z,
 * TMPRING_SIZE, RESOURCE_LIMITS, the CU masks and USER_DATA), dispatches
 * with DISPATCH_DIRECT, waits for the IB's fence and compares every byte of
 * every buffer it gave the GPU with what it expects: the results, the
 * canary bytes around them, and the inputs, which must not change. The
 * kernels are hand-assembled for gfx7 (Hawaii) and gfx9 (Vega10); the
 * device's family picks them.
 *
 *   fill-1x64    dst[id] = pattern ^ id, one group of 64 threads (one wave)
 *   fill-37x64   the same over 37 groups (the group id in an SGPR)
 *   fill-1x256   one group of 256 threads (four waves)
 *   fill-twice   two dispatches in one IB, the second with other state
 *   copy-64k     dst[i] = src[i] over 64 KiB, the V#s read from memory
 *                with s_load_dwordx4
 *   lds-tree     each group of 256 sums its inputs through LDS, a tree of
 *                eight steps with s_barrier after each; every thread
 *                stores the sum it sees, thread 0 also the group's total
 *   lds-atomic   the same sum with ds_add_u32 between two barriers
 *   partial-100  100 threads: a full wave and one with 36 live lanes; the
 *                V# reaches past the results, so lanes that should be off
 *                would overwrite the canaries after them
 *   flat         flat_load / flat_store with 64-bit addresses: the
 *                destination in user SGPRs, the source read with
 *                s_load_dwordx2 from a parameter block
 *
 * Usage: aemu-gpu-dispatch [-d DEVICE] [--engines gfx,compute]
 *                          [--tests LIST] [--seed N] [--first N]
 *        aemu-gpu-dispatch --print-kernels gfx7|gfx9
 *   --first N            number the first test N and print no plan line
 *                        (for plans that run several programs)
 *   --print-kernels GEN  print the kernels' bytes for
 *                        llvm-mc --disassemble -arch=amdgcn -mcpu=gfx900
 *                        (LLVM has no gfx6/gfx7 disassembler)
 * One TAP line per engine and test; a test that cannot run is "not ok"
 * with the reason. Exit status: 0 if every test passed, 1 if one failed,
 * 2 usage error.
 */
#include <errno.h>
#include <getopt.h>
#include <inttypes.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "gpu-compute.h"

/* Canary bytes before each buffer's payload, and at least this many after. */
#define GUARD_BEFORE 1024u
#define GUARD_AFTER 4096u
/* How long a dispatch may take from submission to fence. */
#define FENCE_TIMEOUT_MS 30000u

/* ---- Options and TAP ---- */

enum test_id {
    T_FILL_1X64, T_FILL_37X64, T_FILL_1X256, T_FILL_TWICE, T_COPY,
    T_LDS_TREE, T_LDS_ATOMIC, T_PARTIAL, T_FLAT, T_COUNT
};

static const char *const test_name[T_COUNT] = {
    "fill-1x64", "fill-37x64", "fill-1x256", "fill-twice", "copy-64k",
    "lds-tree", "lds-atomic", "partial-100", "flat",
};

static struct opts {
    const char *device;
    unsigned engines, tests;    /* bit masks */
    uint64_t seed;
    int first;
} opt = {
    .engines = 1u << ENG_GFX | 1u << ENG_COMPUTE,
    .tests = (1u << T_COUNT) - 1,
    .seed = 1,
};

static int tap_n, tap_failed;

static void tap(bool ok, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));
static void diag(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

static void tap(bool ok, const char *fmt, ...)
{
    va_list ap;

    tap_n++;
    tap_failed += !ok;
    printf("%sok %d - ", ok ? "" : "not ", tap_n);
    va_start(ap, fmt);
    vprintf(fmt, ap);
    va_end(ap);
    putchar('\n');
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

static uint64_t mix(uint64_t x)
{
    x ^= x >> 33;
    x *= 0xff51afd7ed558ccdull;
    x ^= x >> 33;
    x *= 0xc4ceb9fe1a85ec53ull;
    return x ^ (x >> 33);
}

/* ---- A run: the device, the kernels in GPU memory, an IB per engine ---- */

#define MAX_TEST_BUFS 6

typedef struct run {
    gpu_t g;
    enum gen gen;
    gpu_code_t code;                /* every kernel, 256-byte aligned */
    gpu_ib_t ib[ENG_COUNT];
    /* The test being run. */
    enum gpu_engine eng;
    amdgpu_context_handle ctx;
    gpu_buf_t *bufs[MAX_TEST_BUFS + 1];
    unsigned nbufs;
    unsigned dispatches, threads;   /* in the test's IB */
    double t_fence;                 /* submission to fence, seconds */
    int hung_in[ENG_COUNT];         /* TAP number of a test that hung */
} run_t;

/* A buffer of a test: payload between canaries, and its expected bytes. */
typedef struct tbuf {
    const char *name;
    gpu_buf_t buf;
    uint8_t *want;                  /* what every byte must hold after */
    uint64_t len;                   /* payload bytes, from GUARD_BEFORE */
    uint64_t stream;                /* the pattern_fill stream it started as */
} tbuf_t;

/*
 * Allocate a buffer with room for len payload bytes and fill all of it
 * (payload and canaries) with the stream of seed. Until the test says
 * otherwise with tb_expect, every byte must stay as it is: inputs keep
 * their data, outputs their canaries.
 */
static int tb_new(run_t *r, tbuf_t *tb, const char *name, enum gpu_domain dom,
                  uint64_t len, uint64_t seed, char *err, size_t errlen)
{
    int ret;

    memset(tb, 0, sizeof(*tb));
    tb->name = name;
    tb->len = len;
    ret = gpu_buf_alloc(&r->g, dom, GUARD_BEFORE + len + GUARD_AFTER,
                        &tb->buf);
    if (ret) {
        snprintf(err, errlen, "allocating %s (%s, %" PRIu64 " bytes): %s",
                 name, gpu_domain_name[dom], len, strerror(-ret));
        return ret;
    }
    tb->want = malloc(tb->buf.size);
    if (!tb->want) {
        gpu_buf_free(&tb->buf);
        snprintf(err, errlen, "out of memory");
        return -ENOMEM;
    }
    tb->stream = mix(seed) | 1;
    pattern_fill(tb->want, 0, tb->buf.size, tb->stream);
    memcpy(tb->buf.cpu, tb->want, tb->buf.size);
    r->bufs[r->nbufs++] = &tb->buf;
    return 0;
}

static void tb_free(tbuf_t *tb, bool gpu_done)
{
    free(tb->want);
    tb->want = NULL;
    /* A buffer of a job that never finished stays mapped for the GPU. */
    if (gpu_done) {
        gpu_buf_free(&tb->buf);
    }
}

/* The GPU address of the payload. */
static uint64_t tb_va(const tbuf_t *tb)
{
    return tb->buf.va + GUARD_BEFORE;
}

/* Dword i of the payload as it was written (an input's data). */
static uint32_t tb_in32(const tbuf_t *tb, uint64_t i)
{
    uint32_t v;

    memcpy(&v, tb->want + GUARD_BEFORE + 4 * i, 4);
    return v;
}

/* Dword i of the payload must hold v after the test. */
static void tb_expect(tbuf_t *tb, uint64_t i, uint32_t v)
{
    memcpy(tb->want + GUARD_BEFORE + 4 * i, &v, 4);
}

/* Write dword i of the payload now (data the GPU reads). */
static void tb_put(tbuf_t *tb, uint64_t i, uint32_t v)
{
    tb_expect(tb, i, v);
    memcpy(tb->buf.cpu + GUARD_BEFORE + 4 * i, &v, 4);
}

/*
 * A V# for the payload (gpu_vsharp). The range reaches to the buffer's end, past the payload, so that a store the
 * kernel should not make lands on a canary instead of being dropped.
 */
static void tb_vsharp(const tbuf_t *tb, uint32_t *v)
{
    gpu_vsharp(tb_va(tb), tb->buf.size - GUARD_BEFORE, v);
}

/*
 * Compare every byte of the buffer with what it must hold. The message
 * names the first difference, counts the differing bytes in the canaries
 * before, the payload and the canaries after, and the payload dwords that
 * still hold what the CPU wrote (all of them: nothing ran).
 */
static int tb_check(const tbuf_t *tb, char *err, size_t errlen)
{
    uint64_t size = tb->buf.size, end = GUARD_BEFORE + tb->len;
    uint64_t first = UINT64_MAX, before = 0, inside = 0, after = 0;
    uint64_t untouched = 0;
    uint8_t *got = malloc(size), *orig = malloc(tb->len + 4);
    uint32_t g, w;
    char where[96];

    if (!got || !orig) {
        free(got);
        free(orig);
        snprintf(err, errlen, "out of memory");
        return -ENOMEM;
    }
    /* One read of the mapping (VRAM goes through the BAR). */
    memcpy(got, tb->buf.cpu, size);
    for (uint64_t i = 0; i < size; i++) {
        if (got[i] != tb->want[i]) {
            first = first == UINT64_MAX ? i : first;
            before += i < GUARD_BEFORE;
            inside += i >= GUARD_BEFORE && i < end;
            after += i >= end;
        }
    }
    if (first == UINT64_MAX) {
        free(got);
        free(orig);
        return 0;
    }
    pattern_fill(orig, GUARD_BEFORE, tb->len, tb->stream);
    for (uint64_t i = 0; i + 4 <= tb->len; i += 4) {
        untouched += !memcmp(got + GUARD_BEFORE + i, orig + i, 4);
    }
    memcpy(&g, got + (first & ~3ull), 4);
    memcpy(&w, tb->want + (first & ~3ull), 4);
    if (first < GUARD_BEFORE) {
        snprintf(where, sizeof(where), "canary byte -%" PRIu64
                 " before the payload", GUARD_BEFORE - first);
    } else if (first < end) {
        snprintf(where, sizeof(where), "payload dword %" PRIu64,
                 (first - GUARD_BEFORE) / 4);
    } else {
        snprintf(where, sizeof(where), "canary byte +%" PRIu64
                 " after the payload", first - end);
    }
    snprintf(err, errlen, "%s: %s is 0x%08x, want 0x%08x; bytes that "
             "differ: %" PRIu64 " of %" PRIu64 " in the payload, %" PRIu64
             " in the canaries before, %" PRIu64 " after; %" PRIu64 " of %"
             PRIu64 " payload dwords as the CPU left them", tb->name, where,
             g, w, inside, tb->len, before, after, untouched, tb->len / 4);
    free(got);
    free(orig);
    return -EIO;
}

/* ---- Packets ---- */

/* A dispatch into the test's IB, counted for the diagnostics. */
static bool run_emit_dispatch(run_t *r, gpu_ib_t *ib, const dispatch_t *d)
{
    if (!emit_dispatch(ib, &r->code, d)) {
        return false;
    }
    r->dispatches++;
    r->threads += d->groups * d->threads;
    return true;
}

/* Submit the test's IB with its buffers and the code, wait for the fence. */
static int submit(run_t *r, char *err, size_t errlen)
{
    gpu_ib_t *ib = &r->ib[r->eng];
    double t0 = now_s();
    int ret;

    r->bufs[r->nbufs] = &r->code.buf;
    ret = gpu_submit(&r->g, r->ctx, ib, 0, r->bufs, r->nbufs + 1,
                     FENCE_TIMEOUT_MS, NULL);
    r->t_fence = now_s() - t0;
    if (ret == -ETIME) {
        r->hung_in[r->eng] = tap_n + 1;
        snprintf(err, errlen, "the fence did not signal within %u s: the "
                 "%s ring is stuck, its later tests do not run",
                 FENCE_TIMEOUT_MS / 1000, gpu_engine_name[r->eng]);
    } else if (ret) {
        snprintf(err, errlen, "submission failed: %s", strerror(-ret));
    }
    return ret;
}

/* Build the IB from dispatches, submit, then check the buffers. */
static int run_dispatches(run_t *r, const dispatch_t *d, unsigned nd,
                          tbuf_t *const *check, unsigned ncheck, char *err,
                          size_t errlen)
{
    gpu_ib_t *ib = &r->ib[r->eng];
    int ret;

    gpu_ib_reset(ib, r->eng);
    for (unsigned i = 0; i < nd; i++) {
        if ((i == 0 && !emit_invalidate(ib, r->gen)) ||
            !run_emit_dispatch(r, ib, &d[i])) {
            snprintf(err, errlen, "the IB of %u dwords is too small", ib->cap);
            return -ENOSPC;
        }
    }
    ret = submit(r, err, errlen);
    for (unsigned i = 0; !ret && i < ncheck; i++) {
        ret = tb_check(check[i], err, errlen);
    }
    return ret;
}

/* ---- The tests ---- */

/* A seed for each buffer of each test on each engine. */
static uint64_t seed_of(const run_t *r, enum test_id t, unsigned buf)
{
    return mix(opt.seed * 1000003u + (uint64_t)r->eng * 101u + t * 7u + buf);
}

typedef struct fill_arg {
    enum gpu_domain dom;
    uint32_t groups, threads;
} fill_arg_t;

/* fill-*, partial-100: dispatches of the fill kernel, one buffer each. */
static int test_fill(run_t *r, enum test_id t, const fill_arg_t *a,
                     unsigned n, tbuf_t *tb, char *err, size_t errlen)
{
    static const char *const names[2] = { "dst", "dst2" };
    dispatch_t d[2];
    tbuf_t *check[2];
    int ret = 0;

    for (unsigned i = 0; i < n && !ret; i++) {
        uint64_t ids = (uint64_t)a[i].groups * a[i].threads;
        uint32_t pattern = (uint32_t)mix(seed_of(r, t, 10 + i));

        ret = tb_new(r, &tb[i], names[i], a[i].dom, 4 * ids,
                     seed_of(r, t, i), err, errlen);
        if (ret) {
            break;
        }
        for (uint64_t id = 0; id < ids; id++) {
            tb_expect(&tb[i], id, pattern ^ (uint32_t)id);
        }
        d[i] = (dispatch_t){ .k = K_FILL, .groups = a[i].groups,
                             .threads = a[i].threads };
        tb_vsharp(&tb[i], d[i].user);
        d[i].user[4] = pattern;
        d[i].user[5] = a[i].threads;
        check[i] = &tb[i];
    }
    return ret ? ret : run_dispatches(r, d, n, check, n, err, errlen);
}

/* copy-64k: 16384 dwords from VRAM to GTT, the V#s in a table in GTT. */
static int test_copy(run_t *r, tbuf_t *tb, char *err, size_t errlen)
{
    const uint32_t n = 64 * 1024 / 4;
    tbuf_t *src = &tb[0], *dst = &tb[1], *table = &tb[2];
    tbuf_t *check[3] = { dst, src, table };
    dispatch_t d = { .k = K_COPY, .groups = n / 64, .threads = 64 };
    uint32_t v[8];
    int ret;

    if ((ret = tb_new(r, src, "src", DOM_VRAM, 4 * n, seed_of(r, T_COPY, 0),
                      err, errlen)) ||
        (ret = tb_new(r, dst, "dst", DOM_GTT, 4 * n, seed_of(r, T_COPY, 1),
                      err, errlen)) ||
        (ret = tb_new(r, table, "V# table", DOM_GTT, 32,
                      seed_of(r, T_COPY, 2), err, errlen))) {
        return ret;
    }
    for (uint32_t i = 0; i < n; i++) {
        tb_expect(dst, i, tb_in32(src, i));
    }
    tb_vsharp(src, v);
    tb_vsharp(dst, v + 4);
    for (unsigned i = 0; i < 8; i++) {
        tb_put(table, i, v[i]);
    }
    d.user[0] = (uint32_t)tb_va(table);
    d.user[1] = (uint32_t)(tb_va(table) >> 32);
    return run_dispatches(r, &d, 1, check, 3, err, errlen);
}

#define LDS_GROUPS 8u
#define LDS_THREADS 256u

/* lds-tree and lds-atomic: per-group sums of 256 dwords. */
static int test_lds(run_t *r, enum test_id t, tbuf_t *tb, char *err,
                    size_t errlen)
{
    const uint32_t n = LDS_GROUPS * LDS_THREADS;
    bool tree = t == T_LDS_TREE;
    tbuf_t *in = &tb[0], *views = &tb[1], *sums = &tb[2];
    tbuf_t *check[3] = { views, in, sums };
    dispatch_t d = { .k = tree ? K_LDS_TREE : K_LDS_ATOMIC,
                     .groups = LDS_GROUPS, .threads = LDS_THREADS };
    int ret;

    if ((ret = tb_new(r, in, "in", tree ? DOM_GTT : DOM_VRAM, 4 * n,
                      seed_of(r, t, 0), err, errlen)) ||
        (ret = tb_new(r, views, "views", tree ? DOM_VRAM : DOM_GTT, 4 * n,
                      seed_of(r, t, 1), err, errlen)) ||
        (tree && (ret = tb_new(r, sums, "sums", DOM_GTT, 4 * LDS_GROUPS,
                               seed_of(r, t, 2), err, errlen)))) {
        return ret;
    }
    for (uint32_t g = 0; g < LDS_GROUPS; g++) {
        uint32_t sum = 0;

        for (uint32_t i = 0; i < LDS_THREADS; i++) {
            sum += tb_in32(in, g * LDS_THREADS + i);
        }
        for (uint32_t i = 0; i < LDS_THREADS; i++) {
            tb_expect(views, g * LDS_THREADS + i, sum);
        }
        if (tree) {
            tb_expect(sums, g, sum);
        }
    }
    tb_vsharp(in, d.user);
    tb_vsharp(views, d.user + 4);
    if (tree) {
        tb_vsharp(sums, d.user + 8);
    }
    return run_dispatches(r, &d, 1, check, tree ? 3 : 2, err, errlen);
}

/* flat: 4 groups of 64, GTT to VRAM through FLAT addresses. */
static int test_flat(run_t *r, tbuf_t *tb, char *err, size_t errlen)
{
    const uint32_t n = 4 * 64;
    tbuf_t *src = &tb[0], *dst = &tb[1], *params = &tb[2];
    tbuf_t *check[3] = { dst, src, params };
    dispatch_t d = { .k = K_FLAT, .groups = n / 64, .threads = 64 };
    int ret;

    if ((ret = tb_new(r, src, "src", DOM_GTT, 4 * n, seed_of(r, T_FLAT, 0),
                      err, errlen)) ||
        (ret = tb_new(r, dst, "dst", DOM_VRAM, 4 * n, seed_of(r, T_FLAT, 1),
                      err, errlen)) ||
        (ret = tb_new(r, params, "parameter block", DOM_GTT, 8,
                      seed_of(r, T_FLAT, 2), err, errlen))) {
        return ret;
    }
    for (uint32_t i = 0; i < n; i++) {
        tb_expect(dst, i, tb_in32(src, i) ^ i);
    }
    tb_put(params, 0, (uint32_t)tb_va(src));
    tb_put(params, 1, (uint32_t)(tb_va(src) >> 32));
    d.user[0] = (uint32_t)tb_va(dst);
    d.user[1] = (uint32_t)(tb_va(dst) >> 32);
    d.user[2] = (uint32_t)tb_va(params);
    d.user[3] = (uint32_t)(tb_va(params) >> 32);
    return run_dispatches(r, &d, 1, check, 3, err, errlen);
}

static const char *const test_what[T_COUNT] = {
    [T_FILL_1X64] = "dst[id] = pattern ^ id, 1 group of 64 threads "
                    "(1 wave), VRAM",
    [T_FILL_37X64] = "dst[id] = pattern ^ id, 37 groups of 64 threads "
                     "(group id in s6), GTT",
    [T_FILL_1X256] = "dst[id] = pattern ^ id, 1 group of 256 threads "
                     "(4 waves), VRAM",
    [T_FILL_TWICE] = "two dispatches in one IB: 2 groups of 64 to VRAM, "
                     "then 3 groups of 128 to GTT",
    [T_COPY] = "dst[i] = src[i], 64 KiB VRAM to GTT in 256 groups of 64, "
               "V#s by s_load_dwordx4",
    [T_LDS_TREE] = "8 groups of 256 sum through LDS in 8 steps with "
                   "s_barrier; every thread's view and thread 0's total",
    [T_LDS_ATOMIC] = "8 groups of 256 sum with ds_add_u32 between "
                     "barriers; every thread's view",
    [T_PARTIAL] = "100 threads: a full wave and one with 36 live lanes, "
                  "the canaries after the 100 dwords intact",
    [T_FLAT] = "flat_load from GTT, flat_store to VRAM at the address in "
               "s[0:1], 4 groups of 64",
};

static void run_test(run_t *r, enum test_id t)
{
    tbuf_t tb[MAX_TEST_BUFS];
    char err[512] = "";
    int ret;

    memset(tb, 0, sizeof(tb));
    r->nbufs = 0;
    r->dispatches = r->threads = 0;
    r->t_fence = 0;
    if (r->hung_in[r->eng]) {
        tap(false, "%s %s: %s (not run: the %s ring got stuck in test %d)",
            gpu_engine_name[r->eng], test_name[t], test_what[t],
            gpu_engine_name[r->eng], r->hung_in[r->eng]);
        return;
    }
    ret = amdgpu_cs_ctx_create(r->g.dev, &r->ctx);
    if (ret) {
        tap(false, "%s %s: %s (creating a context: %s)",
            gpu_engine_name[r->eng], test_name[t], test_what[t],
            strerror(-ret));
        return;
    }
    switch (t) {
    case T_FILL_1X64:
        ret = test_fill(r, t, &(fill_arg_t){ DOM_VRAM, 1, 64 }, 1, tb, err,
                        sizeof(err));
        break;
    case T_FILL_37X64:
        ret = test_fill(r, t, &(fill_arg_t){ DOM_GTT, 37, 64 }, 1, tb, err,
                        sizeof(err));
        break;
    case T_FILL_1X256:
        ret = test_fill(r, t, &(fill_arg_t){ DOM_VRAM, 1, 256 }, 1, tb, err,
                        sizeof(err));
        break;
    case T_FILL_TWICE: {
        const fill_arg_t a[2] = { { DOM_VRAM, 2, 64 }, { DOM_GTT, 3, 128 } };

        ret = test_fill(r, t, a, 2, tb, err, sizeof(err));
        break;
    }
    case T_COPY:
        ret = test_copy(r, tb, err, sizeof(err));
        break;
    case T_LDS_TREE:
    case T_LDS_ATOMIC:
        ret = test_lds(r, t, tb, err, sizeof(err));
        break;
    case T_PARTIAL:
        ret = test_fill(r, t, &(fill_arg_t){ DOM_VRAM, 1, 100 }, 1, tb, err,
                        sizeof(err));
        break;
    default:
        ret = test_flat(r, tb, err, sizeof(err));
        break;
    }
    tap(ret == 0, "%s %s: %s%s%s%s", gpu_engine_name[r->eng], test_name[t],
        test_what[t], ret ? " (" : "", ret ? err : "", ret ? ")" : "");
    if (r->dispatches) {
        diag("%s %s: %u dispatch%s, %u threads, submission to fence "
             "%.3f ms", gpu_engine_name[r->eng], test_name[t],
             r->dispatches, r->dispatches > 1 ? "es" : "", r->threads,
             r->t_fence * 1e3);
    }
    /* Nothing of a stuck job is freed: the GPU may still use it. */
    for (unsigned i = 0; i < MAX_TEST_BUFS; i++) {
        tb_free(&tb[i], r->hung_in[r->eng] == 0);
    }
    if (r->hung_in[r->eng] == 0) {
        amdgpu_cs_ctx_free(r->ctx);
    }
    r->ctx = NULL;
}

/* Every test of every engine fails with the same reason. */
static void fail_all(const char *why)
{
    for (int e = 0; e < ENG_COUNT; e++) {
        for (int t = 0; t < T_COUNT; t++) {
            if ((opt.engines & (1u << e)) && (opt.tests & (1u << t))) {
                tap(false, "%s %s: %s (not run: %s)", gpu_engine_name[e],
                    test_name[t], test_what[t], why);
            }
        }
    }
}


static void run_all(void)
{
    static run_t run;
    run_t *r = &run;
    double t0 = now_s();
    int n0 = tap_n;
    char err[256];
    int ret;

    ret = gpu_open(&r->g, opt.device);
    if (ret) {
        snprintf(err, sizeof(err), "opening %s: %s",
                 opt.device ? opt.device : "/dev/dri/renderD128",
                 strerror(-ret));
        fail_all(err);
        return;
    }
    if (gpu_gen_of(&r->g, &r->gen)) {
        diag("amdgpu %u.%u, family %u", r->g.major, r->g.minor,
             r->g.info.family_id);
        snprintf(err, sizeof(err), "no kernels for GPU family %u (gfx7 is "
                 "family %u, gfx9 %u)", r->g.info.family_id,
                 AMDGPU_FAMILY_CI, AMDGPU_FAMILY_AI);
        fail_all(err);
        gpu_close(&r->g);
        return;
    }
    diag("amdgpu %u.%u, family %u, chip external rev %u: %s kernels; "
         "rings: gfx %u, compute %u", r->g.major, r->g.minor,
         r->g.info.family_id, r->g.info.chip_external_rev, gen_name[r->gen],
         r->g.rings[ENG_GFX], r->g.rings[ENG_COMPUTE]);
    if ((ret = gpu_code_load(&r->g, r->gen, &r->code))) {
        snprintf(err, sizeof(err), "allocating the code buffer: %s",
                 strerror(-ret));
        fail_all(err);
        gpu_close(&r->g);
        return;
    }
    for (int e = ENG_GFX; e <= ENG_COMPUTE; e++) {
        if (!(opt.engines & (1u << e))) {
            continue;
        }
        r->eng = e;
        err[0] = 0;
        if (r->g.rings[e] == 0) {
            snprintf(err, sizeof(err), "amdgpu offers no %s ring",
                     gpu_engine_name[e]);
        } else if ((ret = gpu_ib_init(&r->g, e, 4096, &r->ib[e]))) {
            snprintf(err, sizeof(err), "allocating the %s IB: %s",
                     gpu_engine_name[e], strerror(-ret));
        }
        for (int t = 0; t < T_COUNT; t++) {
            if (!(opt.tests & (1u << t))) {
                continue;
            }
            if (err[0]) {
                tap(false, "%s %s: %s (not run: %s)", gpu_engine_name[e],
                    test_name[t], test_what[t], err);
            } else {
                run_test(r, t);
            }
        }
        if (!err[0] && !r->hung_in[e]) {
            gpu_ib_fini(&r->ib[e]);
        }
    }
    diag("%d tests with %s kernels in %.2f s", tap_n - n0, gen_name[r->gen],
         now_s() - t0);
    if (!r->hung_in[ENG_GFX] && !r->hung_in[ENG_COMPUTE]) {
        gpu_buf_free(&r->code.buf);
        gpu_close(&r->g);
    }
}

/* ---- Command line ---- */

static void print_kernels(const char *gen_arg)
{
    int gen = -1;

    for (int g = 0; g < GEN_COUNT; g++) {
        if (strcmp(gen_arg, gen_name[g]) == 0) {
            gen = g;
        }
    }
    if (gen < 0) {
        fprintf(stderr, "--print-kernels takes gfx7 or gfx9\n");
        exit(2);
    }
    for (int k = 0; k < K_COUNT; k++) {
        const kernel_t *kd = &kernels[k];

        printf("# %s (%s): %u dwords, RSRC1 0x%08x, RSRC2 0x%08x\n",
               kd->name, gen_name[gen], kd->ndw[gen],
               kernel_rsrc1(kd, gen), kernel_rsrc2(kd));
        for (unsigned i = 0; i < kd->ndw[gen]; i++) {
            uint32_t w = kd->code[gen][i];

            printf("0x%02x,0x%02x,0x%02x,0x%02x\n", w & 0xFF,
                   (w >> 8) & 0xFF, (w >> 16) & 0xFF, w >> 24);
        }
    }
}

static unsigned parse_list(const char *arg, const char *const *names,
                           unsigned n, unsigned first, const char *what)
{
    char *copy = strdup(arg), *save = NULL;
    unsigned mask = 0;

    for (char *tok = strtok_r(copy, ",", &save); tok;
         tok = strtok_r(NULL, ",", &save)) {
        unsigned i;

        for (i = first; i < n && strcmp(tok, names[i]); i++) {
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

static void usage(int status)
{
    fprintf(status ? stderr : stdout,
            "usage: aemu-gpu-dispatch [-d DEVICE] [--engines gfx,compute] "
            "[--tests LIST] [--seed N] [--first N]\n"
            "       aemu-gpu-dispatch --print-kernels gfx7|gfx9\n"
            "tests:");
    for (int t = 0; t < T_COUNT; t++) {
        fprintf(status ? stderr : stdout, " %s", test_name[t]);
    }
    fprintf(status ? stderr : stdout, "\n");
    exit(status);
}

int main(int argc, char **argv)
{
    static const struct option longopts[] = {
        { "device", required_argument, NULL, 'd' },
        { "engines", required_argument, NULL, 'e' },
        { "tests", required_argument, NULL, 't' },
        { "seed", required_argument, NULL, 'S' },
        { "first", required_argument, NULL, 'f' },
        { "print-kernels", required_argument, NULL, 'p' },
        { "help", no_argument, NULL, 'h' },
        { NULL, 0, NULL, 0 },
    };
    int ch;

    setvbuf(stdout, NULL, _IOLBF, 0);
    while ((ch = getopt_long(argc, argv, "d:h", longopts, NULL)) != -1) {
        switch (ch) {
        case 'd': opt.device = optarg; break;
        case 'e':
            /* The SDMA engine runs no shaders. */
            opt.engines = parse_list(optarg, gpu_engine_name, ENG_COUNT,
                                     ENG_GFX, "engine");
            break;
        case 't':
            opt.tests = parse_list(optarg, test_name, T_COUNT, 0, "test");
            break;
        case 'S': opt.seed = strtoull(optarg, NULL, 0); break;
        case 'f': opt.first = atoi(optarg); break;
        case 'p': print_kernels(optarg); return 0;
        case 'h': usage(0); break;
        default: usage(2);
        }
    }
    if (optind != argc) {
        usage(2);
    }
    tap_n = opt.first > 0 ? opt.first - 1 : 0;
    run_all();
    if (opt.first <= 0) {
        printf("1..%d\n", tap_n);
    }
    return tap_failed ? 1 : 0;
}
