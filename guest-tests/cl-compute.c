/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * aemu-cl-compute: OpenCL 1.2 compute through the guest's real Mesa
 * (clover on radeonsi), every result checked on the CPU.
 *
 * The kernels are OpenCL C source in this file; clover compiles them at run
 * time (clang and libclc's bitcode, then LLVM's AMDGPU back end), so the
 * shader interpreter meets the code a real OpenCL stack emits.
 *
 *   fill     dst[i] = base + i * step over 1 MiB + 37 dwords, the global
 *            size rounded up to the work-group size (a partial last group)
 *   copy     1 MiB + 13 dwords: a uint4 per work item and a tail of uints
 *   scan     an inclusive prefix sum of 256 inputs per work-group in local
 *            memory, a barrier around every step, and the group's total;
 *            64 groups
 *   int64    64-bit multiply, add, shifts, unsigned and signed division and
 *            remainder, and mul_hi
 *   float    fma, exp, sin, cos, sqrt, division, floor, fract and
 *            conversions, each within a stated tolerance
 *   atomic   global atomics returning the old value: a ticket counter (the
 *            tickets must be a permutation), a 64-bin histogram, atomic_max
 *   ndrange  a 3D NDRange with a global offset and a different local size in
 *            each dimension, every work item recording get_global_id,
 *            get_local_id, get_group_id, get_local_size, get_num_groups and
 *            get_global_offset in all three; then a 2D one
 *   args     a kernel with 13 arguments: scalars of every integer width,
 *            float and double, a struct by value, a __constant buffer, a
 *            __local buffer and the output
 *
 * Every output buffer starts as a canary pattern and is checked whole: the
 * results, and the canaries after them, which must not change.
 *
 * Each test runs in a process of its own, with its own context: a test
 * whose kernel or read-back does not complete within --timeout seconds is
 * "not ok" (on the emulated GPU: a shader halted on an instruction the
 * model lacks, which the host logs with -d guest_errors). Waits poll the
 * event's status instead of blocking in clFinish, which would wait for
 * ever. After a hang the process does not exit (closing its DRM file
 * would wait for the halted work) but sleeps, holding its compute ring;
 * the next test runs in a new process, whose work the kernel puts on a
 * ring still free, as aemu-vk-compute does (vk-compute.c says more).
 *
 * Usage: aemu-cl-compute [--tests LIST] [--timeout SEC] [--label TEXT]
 *                        [--first N] [--any-device]
 *   --label TEXT   prefix of every test name (default "cl")
 *   --first N      number the first test N and print no plan line
 *   --any-device   take the first device of any type, not only a GPU (to
 *                  try the tests on a host with a CPU implementation such
 *                  as PoCL; "device" then fails, not being AMD's)
 * One TAP line per test, and one for the platform and device; a test that
 * cannot run is "not ok" with the reason. Exit status: 0 if every test
 * passed, 1 if one failed, 2 usage error.
 */
#define CL_TARGET_OPENCL_VERSION 120
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <inttypes.h>
#include <math.h>
#include <poll.h>
#include <signal.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include <CL/cl.h>

#define N_ELEMENTS(a) (sizeof(a) / sizeof((a)[0]))

#define CANARY          0xC5A5E5D5u
#define GUARD_DWORDS    64u     /* canaries after each output */
#define MAX_BUFS        6u
#define POLL_US         2000    /* between event status queries */

static struct {
    const char *tests;
    double timeout;
    const char *label;
    int first;
    bool any_device;
} opt = { .timeout = 15.0, .label = "cl" };

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
}

static void diag(const char *fmt, ...)
{
    va_list ap;

    fputs("# ", stdout);
    va_start(ap, fmt);
    vprintf(fmt, ap);
    va_end(ap);
    putchar('\n');
}

static double now(void)
{
    struct timespec ts;

    clock_gettime(CLOCK_MONOTONIC, &ts);
    return ts.tv_sec + ts.tv_nsec / 1e9;
}

static const char *cl_error_name(cl_int r)
{
    switch (r) {
#define R(x) case x: return #x
    R(CL_SUCCESS); R(CL_DEVICE_NOT_FOUND); R(CL_DEVICE_NOT_AVAILABLE);
    R(CL_COMPILER_NOT_AVAILABLE); R(CL_MEM_OBJECT_ALLOCATION_FAILURE);
    R(CL_OUT_OF_RESOURCES); R(CL_OUT_OF_HOST_MEMORY);
    R(CL_BUILD_PROGRAM_FAILURE); R(CL_INVALID_VALUE); R(CL_INVALID_PLATFORM);
    R(CL_INVALID_DEVICE); R(CL_INVALID_CONTEXT); R(CL_INVALID_COMMAND_QUEUE);
    R(CL_INVALID_MEM_OBJECT); R(CL_INVALID_BINARY); R(CL_INVALID_BUILD_OPTIONS);
    R(CL_INVALID_PROGRAM); R(CL_INVALID_PROGRAM_EXECUTABLE);
    R(CL_INVALID_KERNEL_NAME); R(CL_INVALID_KERNEL); R(CL_INVALID_ARG_INDEX);
    R(CL_INVALID_ARG_VALUE); R(CL_INVALID_ARG_SIZE); R(CL_INVALID_KERNEL_ARGS);
    R(CL_INVALID_WORK_DIMENSION); R(CL_INVALID_WORK_GROUP_SIZE);
    R(CL_INVALID_WORK_ITEM_SIZE); R(CL_INVALID_GLOBAL_OFFSET);
    R(CL_INVALID_EVENT); R(CL_INVALID_OPERATION); R(CL_INVALID_BUFFER_SIZE);
    R(CL_INVALID_GLOBAL_WORK_SIZE);
    case -1001: return "CL_PLATFORM_NOT_FOUND_KHR (no ICD)";
#undef R
    default: return "CL_(other error)";
    }
}

/* ---- the device ---- */

typedef struct Gpu {
    cl_platform_id platform;
    cl_device_id dev;
    cl_context ctx;
    cl_command_queue queue;
    char platform_name[128];
    char dev_name[256];
    char dev_version[128];
    char driver_version[128];
} Gpu;

/* A failed step of a test: the reason, for its TAP line. */
typedef struct Err {
    char msg[768];
    bool hung;                  /* GPU work did not complete */
} Err;

static bool fail(Err *e, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

static bool fail(Err *e, const char *fmt, ...)
{
    va_list ap;

    va_start(ap, fmt);
    vsnprintf(e->msg, sizeof(e->msg), fmt, ap);
    va_end(ap);
    return false;
}

#define CL_TRY(e, call) do { \
        cl_int r_ = (call); \
        if (r_ != CL_SUCCESS) { \
            return fail(e, "%s: %s", #call, cl_error_name(r_)); \
        } \
    } while (0)

/* The first GPU of the first platform that has one (any device with
 * --any-device). */
static bool gpu_open(Gpu *g, Err *e)
{
    cl_platform_id plats[8];
    cl_uint nplat = 0;
    cl_int r;

    CL_TRY(e, clGetPlatformIDs(N_ELEMENTS(plats), plats, &nplat));
    for (cl_uint i = 0; i < nplat && !g->dev; i++) {
        cl_device_type type = opt.any_device ? CL_DEVICE_TYPE_ALL : CL_DEVICE_TYPE_GPU;
        if (clGetDeviceIDs(plats[i], type, 1, &g->dev, NULL) == CL_SUCCESS) {
            g->platform = plats[i];
        } else {
            g->dev = NULL;
        }
    }
    if (!g->dev) {
        return fail(e, "no OpenCL GPU among %u platforms", nplat);
    }
    clGetPlatformInfo(g->platform, CL_PLATFORM_NAME, sizeof(g->platform_name),
                      g->platform_name, NULL);
    clGetDeviceInfo(g->dev, CL_DEVICE_NAME, sizeof(g->dev_name), g->dev_name, NULL);
    clGetDeviceInfo(g->dev, CL_DEVICE_VERSION, sizeof(g->dev_version),
                    g->dev_version, NULL);
    clGetDeviceInfo(g->dev, CL_DRIVER_VERSION, sizeof(g->driver_version),
                    g->driver_version, NULL);
    g->ctx = clCreateContext(NULL, 1, &g->dev, NULL, NULL, &r);
    if (!g->ctx) {
        return fail(e, "clCreateContext: %s", cl_error_name(r));
    }
    g->queue = clCreateCommandQueue(g->ctx, g->dev, 0, &r);
    if (!g->queue) {
        return fail(e, "clCreateCommandQueue: %s", cl_error_name(r));
    }
    return true;
}

static void gpu_close(Gpu *g)
{
    if (g->queue) {
        clReleaseCommandQueue(g->queue);
    }
    if (g->ctx) {
        clReleaseContext(g->ctx);
    }
}

/*
 * Wait for ev without blocking in the driver: poll its status until it is
 * complete, failed, or --timeout seconds went by (then e->hung: the work
 * stays queued on the GPU). Releases ev unless it hung.
 */
static bool wait_event(Gpu *g, cl_event ev, const char *what, double *secs, Err *e)
{
    double t0 = now(), deadline = t0 + opt.timeout;
    cl_int st = CL_QUEUED, r;

    r = clFlush(g->queue);
    if (r != CL_SUCCESS) {
        return fail(e, "clFlush before %s: %s", what, cl_error_name(r));
    }
    for (;;) {
        r = clGetEventInfo(ev, CL_EVENT_COMMAND_EXECUTION_STATUS, sizeof(st), &st, NULL);
        if (r != CL_SUCCESS) {
            return fail(e, "clGetEventInfo (%s): %s", what, cl_error_name(r));
        }
        if (st <= CL_COMPLETE) {
            break;
        }
        if (now() > deadline) {
            e->hung = true;
            return fail(e, "%s did not complete in %.0f s: a shader halted or the"
                        " CP stopped the queue; the host says which with"
                        " -d guest_errors", what, opt.timeout);
        }
        usleep(POLL_US);
    }
    if (secs) {
        *secs = now() - t0;
    }
    clReleaseEvent(ev);
    if (st < 0) {
        return fail(e, "%s failed: %s", what, cl_error_name(st));
    }
    return true;
}

/* ---- buffers ---- */

typedef struct Buf {
    cl_mem mem;
    size_t size;
    void *host;                 /* initial contents, then the read-back */
} Buf;

/* Buffers of a test, freed together unless the device hung. */
typedef struct Bufs {
    Buf b[MAX_BUFS];
    unsigned n;
} Bufs;

/*
 * A buffer of size bytes: init's contents if given, else canaries; the
 * device copy starts as the host copy.
 */
static Buf *buf_new(Gpu *g, Bufs *bs, size_t size, const void *init, Err *e)
{
    Buf *b = &bs->b[bs->n];
    cl_int r;

    b->size = size;
    b->host = malloc(size);
    if (!b->host) {
        fail(e, "out of memory for a %zu-byte buffer", size);
        return NULL;
    }
    if (init) {
        memcpy(b->host, init, size);
    } else {
        for (size_t i = 0; i < size / 4; i++) {
            ((uint32_t *)b->host)[i] = CANARY;
        }
    }
    b->mem = clCreateBuffer(g->ctx, CL_MEM_READ_WRITE | CL_MEM_COPY_HOST_PTR, size,
                            b->host, &r);
    if (!b->mem) {
        free(b->host);
        fail(e, "clCreateBuffer(%zu bytes): %s", size, cl_error_name(r));
        return NULL;
    }
    bs->n++;
    return b;
}

static void bufs_free(Bufs *bs)
{
    for (unsigned i = 0; i < bs->n; i++) {
        clReleaseMemObject(bs->b[i].mem);
        free(bs->b[i].host);
    }
    bs->n = 0;
}

/* Read b back into b->host, waiting as for a kernel. */
static bool buf_read(Gpu *g, Buf *b, Err *e)
{
    cl_event ev;

    CL_TRY(e, clEnqueueReadBuffer(g->queue, b->mem, CL_FALSE, 0, b->size, b->host,
                                  0, NULL, &ev));
    return wait_event(g, ev, "the read-back", NULL, e);
}

/* The canaries of dwords [from, to) of b's read-back. */
static bool check_canary(const Buf *b, size_t from, size_t to, const char *where,
                         Err *e)
{
    const uint32_t *p = b->host;

    for (size_t i = from; i < to; i++) {
        if (p[i] != CANARY) {
            return fail(e, "canary %s overwritten: dword %zu = 0x%08x", where, i, p[i]);
        }
    }
    return true;
}

/* ---- kernels ---- */

typedef struct Kernel {
    cl_program prog;
    cl_kernel k;
    double build_s, run_s;
} Kernel;

/* Compile src with clover and get its kernel "name". */
static bool kernel_build(Gpu *g, Kernel *k, const char *src, const char *name, Err *e)
{
    double t0 = now();
    cl_int r;

    k->prog = clCreateProgramWithSource(g->ctx, 1, &src, NULL, &r);
    if (!k->prog) {
        return fail(e, "clCreateProgramWithSource: %s", cl_error_name(r));
    }
    r = clBuildProgram(k->prog, 1, &g->dev, "", NULL, NULL);
    k->build_s = now() - t0;
    if (r != CL_SUCCESS) {
        char log[4096] = "";
        clGetProgramBuildInfo(k->prog, g->dev, CL_PROGRAM_BUILD_LOG, sizeof(log) - 1,
                              log, NULL);
        diag("build log of %s:\n%s", name, log);
        return fail(e, "clBuildProgram(%s): %s", name, cl_error_name(r));
    }
    k->k = clCreateKernel(k->prog, name, &r);
    if (!k->k) {
        return fail(e, "clCreateKernel(%s): %s", name, cl_error_name(r));
    }
    return true;
}

static void kernel_free(Kernel *k)
{
    if (k->k) {
        clReleaseKernel(k->k);
    }
    if (k->prog) {
        clReleaseProgram(k->prog);
    }
}

/* Set the arguments: pairs of (size, pointer), then 0. */
static bool kernel_args(Kernel *k, Err *e, ...)
{
    va_list ap;
    size_t size;
    cl_uint i = 0;
    cl_int r = CL_SUCCESS;

    va_start(ap, e);
    while ((size = va_arg(ap, size_t)) != 0) {
        const void *p = va_arg(ap, const void *);
        if ((r = clSetKernelArg(k->k, i, size, p)) != CL_SUCCESS) {
            break;
        }
        i++;
    }
    va_end(ap);
    if (r != CL_SUCCESS) {
        return fail(e, "clSetKernelArg(%u): %s", i, cl_error_name(r));
    }
    return true;
}
#define ARG(x) sizeof(x), (const void *)&(x)
#define ARG_MEM(b) sizeof(cl_mem), (const void *)&(b)->mem

/* Run k over an NDRange (local NULL: the driver picks) and wait. */
static bool kernel_run(Gpu *g, Kernel *k, cl_uint dims, const size_t *offset,
                       const size_t *global, const size_t *local, Err *e)
{
    cl_event ev;

    CL_TRY(e, clEnqueueNDRangeKernel(g->queue, k->k, dims, offset, global, local, 0,
                                     NULL, &ev));
    return wait_event(g, ev, "the kernel", &k->run_s, e);
}

static void timing(const char *what, const Kernel *k)
{
    diag("%s: build %.2f s, GPU %.3f s", what, k->build_s, k->run_s);
}

/* ---- deterministic inputs ---- */

static uint64_t rng_state;

static uint64_t rng(void)
{
    /* splitmix64 */
    uint64_t z = (rng_state += 0x9E3779B97F4A7C15ull);

    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
    return z ^ (z >> 31);
}

static float frand(float lo, float hi)
{
    return lo + (hi - lo) * (float)((rng() >> 40) / (double)(1ull << 24));
}

static size_t round_up(size_t n, size_t m)
{
    return (n + m - 1) / m * m;
}

/* ---- the tests ---- */

typedef struct Test {
    const char *name;
    bool (*run)(Gpu *g, Err *e, char *what, size_t what_size);
} Test;

/* A test's kernel and buffers, freed together unless the device hung. */
typedef struct Ctx {
    Gpu *g;
    Err *e;
    Kernel k;
    Bufs bs;
} Ctx;

static void ctx_free(Ctx *c)
{
    if (!c->e->hung) {
        kernel_free(&c->k);
        bufs_free(&c->bs);
    }
}

static const char fill_cl[] =
    "__kernel void fill(__global uint *dst, uint n, uint base, uint step)\n"
    "{\n"
    "    uint i = get_global_id(0);\n"
    "    if (i < n)\n"
    "        dst[i] = base + i * step;\n"
    "}\n";

#define FILL_LOCAL 64u

static bool t_fill(Gpu *g, Err *e, char *what, size_t ws)
{
    const cl_uint n = (1u << 18) + 37, base = 0x12345678, step = 0x9E3779B1;
    Ctx c = { .g = g, .e = e };
    size_t global = round_up(n, FILL_LOCAL), local = FILL_LOCAL;
    Buf *dst;
    bool ok = false;

    snprintf(what, ws, "fill %u dwords, %u per group", n, FILL_LOCAL);
    if ((dst = buf_new(g, &c.bs, (n + GUARD_DWORDS) * 4ull, NULL, e)) &&
        kernel_build(g, &c.k, fill_cl, "fill", e) &&
        kernel_args(&c.k, e, ARG_MEM(dst), ARG(n), ARG(base), ARG(step), (size_t)0) &&
        kernel_run(g, &c.k, 1, NULL, &global, &local, e) && buf_read(g, dst, e)) {
        const uint32_t *p = dst->host;
        ok = true;
        for (uint32_t i = 0; i < n && ok; i++) {
            if (p[i] != base + i * step) {
                ok = fail(e, "dst[%u] = 0x%08x, want 0x%08x", i, p[i], base + i * step);
            }
        }
        ok = ok && check_canary(dst, n, n + GUARD_DWORDS, "after dst", e);
        timing(what, &c.k);
    }
    ctx_free(&c);
    return ok;
}

static const char copy_cl[] =
    "__kernel void copy(__global const uint *src, __global uint *dst, uint n)\n"
    "{\n"
    "    uint i = get_global_id(0), n4 = n / 4;\n"
    "    if (i < n4) {\n"
    "        vstore4(vload4(i, src), i, dst);\n"
    "    } else if (i - n4 < n % 4) {\n"
    "        uint j = n4 * 4 + (i - n4);\n"
    "        dst[j] = src[j];\n"
    "    }\n"
    "}\n";

static bool t_copy(Gpu *g, Err *e, char *what, size_t ws)
{
    const cl_uint n = (1u << 18) + 13;
    Ctx c = { .g = g, .e = e };
    size_t global = round_up(n / 4 + n % 4, FILL_LOCAL), local = FILL_LOCAL;
    uint32_t *init = malloc((n + GUARD_DWORDS) * 4ull);
    Buf *src = NULL, *dst;
    bool ok = false;

    snprintf(what, ws, "copy %u dwords, a uint4 per work item", n);
    if (!init) {
        return fail(e, "out of memory");
    }
    for (uint32_t i = 0; i < n + GUARD_DWORDS; i++) {
        init[i] = i < n ? (uint32_t)rng() : CANARY;
    }
    if ((src = buf_new(g, &c.bs, (n + GUARD_DWORDS) * 4ull, init, e)) &&
        (dst = buf_new(g, &c.bs, (n + GUARD_DWORDS) * 4ull, NULL, e)) &&
        kernel_build(g, &c.k, copy_cl, "copy", e) &&
        kernel_args(&c.k, e, ARG_MEM(src), ARG_MEM(dst), ARG(n), (size_t)0) &&
        kernel_run(g, &c.k, 1, NULL, &global, &local, e) && buf_read(g, dst, e)) {
        const uint32_t *d = dst->host;
        ok = true;
        for (uint32_t i = 0; i < n && ok; i++) {
            if (d[i] != init[i]) {
                ok = fail(e, "dst[%u] = 0x%08x, want 0x%08x", i, d[i], init[i]);
            }
        }
        ok = ok && check_canary(dst, n, n + GUARD_DWORDS, "after dst", e);
        timing(what, &c.k);
    }
    free(init);
    ctx_free(&c);
    return ok;
}

/* Hillis-Steele inclusive scan in local memory, the total by the last item. */
static const char scan_cl[] =
    "#define N 256\n"
    "__kernel __attribute__((reqd_work_group_size(N, 1, 1)))\n"
    "void scan(__global const uint *src, __global uint *dst, __global uint *tot)\n"
    "{\n"
    "    __local uint s[N];\n"
    "    uint l = get_local_id(0), i = get_global_id(0);\n"
    "    s[l] = src[i];\n"
    "    barrier(CLK_LOCAL_MEM_FENCE);\n"
    "    for (uint d = 1; d < N; d *= 2) {\n"
    "        uint x = l >= d ? s[l - d] : 0;\n"
    "        barrier(CLK_LOCAL_MEM_FENCE);\n"
    "        s[l] += x;\n"
    "        barrier(CLK_LOCAL_MEM_FENCE);\n"
    "    }\n"
    "    dst[i] = s[l];\n"
    "    if (l == N - 1)\n"
    "        tot[get_group_id(0)] = s[l];\n"
    "}\n";

#define SCAN_LOCAL  256u
#define SCAN_GROUPS 64u

static bool t_scan(Gpu *g, Err *e, char *what, size_t ws)
{
    const uint32_t n = SCAN_GROUPS * SCAN_LOCAL;
    Ctx c = { .g = g, .e = e };
    size_t global = n, local = SCAN_LOCAL;
    uint32_t *s = malloc(n * 4ull);
    Buf *src, *dst, *tot;
    bool ok = false;

    snprintf(what, ws, "prefix sum in local memory with barriers, %u groups of %u",
             SCAN_GROUPS, SCAN_LOCAL);
    if (!s) {
        return fail(e, "out of memory");
    }
    for (uint32_t i = 0; i < n; i++) {
        s[i] = (uint32_t)rng() & 0xffffff;
    }
    if ((src = buf_new(g, &c.bs, n * 4ull, s, e)) &&
        (dst = buf_new(g, &c.bs, (n + GUARD_DWORDS) * 4ull, NULL, e)) &&
        (tot = buf_new(g, &c.bs, (SCAN_GROUPS + GUARD_DWORDS) * 4ull, NULL, e)) &&
        kernel_build(g, &c.k, scan_cl, "scan", e) &&
        kernel_args(&c.k, e, ARG_MEM(src), ARG_MEM(dst), ARG_MEM(tot), (size_t)0) &&
        kernel_run(g, &c.k, 1, NULL, &global, &local, e) &&
        buf_read(g, dst, e) && buf_read(g, tot, e)) {
        const uint32_t *d = dst->host, *t = tot->host;
        ok = true;
        for (uint32_t grp = 0; grp < SCAN_GROUPS && ok; grp++) {
            uint32_t sum = 0;
            for (uint32_t l = 0; l < SCAN_LOCAL && ok; l++) {
                uint32_t i = grp * SCAN_LOCAL + l;
                sum += s[i];
                if (d[i] != sum) {
                    ok = fail(e, "group %u item %u: prefix 0x%08x, want 0x%08x",
                              grp, l, d[i], sum);
                }
            }
            if (ok && t[grp] != sum) {
                ok = fail(e, "group %u: total 0x%08x, want 0x%08x", grp, t[grp], sum);
            }
        }
        ok = ok && check_canary(dst, n, n + GUARD_DWORDS, "after dst", e) &&
             check_canary(tot, SCAN_GROUPS, SCAN_GROUPS + GUARD_DWORDS, "after totals", e);
        timing(what, &c.k);
    }
    free(s);
    ctx_free(&c);
    return ok;
}

/* Results per input pair (a, b), b never 0. */
#define INT64_OUT 8u
static const char int64_cl[] =
    "__kernel void int64(__global const ulong *src, __global ulong *dst, uint n)\n"
    "{\n"
    "    uint i = get_global_id(0);\n"
    "    if (i >= n)\n"
    "        return;\n"
    "    ulong a = src[2 * i], b = src[2 * i + 1];\n"
    "    long sa = (long)a, sb = (long)b;\n"
    "    __global ulong *o = dst + 8 * i;\n"
    "    o[0] = a * b + (a >> 3);\n"
    "    o[1] = a / b;\n"
    "    o[2] = a % b;\n"
    "    o[3] = (ulong)(sa / sb);\n"
    "    o[4] = (ulong)(sa % sb);\n"
    "    o[5] = (a << (b & 63)) ^ (ulong)(sa >> (a & 63));\n"
    "    o[6] = mul_hi(a, b);\n"
    "    o[7] = (ulong)(sa < sb) | ((ulong)(a < b) << 1) | ((a / (b >> 33 | 1)) << 2);\n"
    "}\n";

#define INT64_N 4096u

static void int64_ref(uint64_t a, uint64_t b, uint64_t *o)
{
    int64_t sa = (int64_t)a, sb = (int64_t)b;

    o[0] = a * b + (a >> 3);
    o[1] = a / b;
    o[2] = a % b;
    /* OpenCL leaves INT64_MIN / -1 undefined: the inputs avoid it. */
    o[3] = (uint64_t)(sa / sb);
    o[4] = (uint64_t)(sa % sb);
    o[5] = (a << (b & 63)) ^ (uint64_t)(sa >> (a & 63));
    o[6] = (uint64_t)(((unsigned __int128)a * b) >> 64);
    o[7] = (uint64_t)(sa < sb) | ((uint64_t)(a < b) << 1) | ((a / (b >> 33 | 1)) << 2);
}

static bool t_int64(Gpu *g, Err *e, char *what, size_t ws)
{
    const cl_uint n = INT64_N;
    Ctx c = { .g = g, .e = e };
    size_t global = n, local = FILL_LOCAL;
    uint64_t *s = malloc(2 * n * 8ull);
    Buf *src, *dst;
    bool ok = false;

    snprintf(what, ws, "64-bit mul, div, rem (unsigned and signed), shifts, mul_hi,"
             " %u pairs", n);
    if (!s) {
        return fail(e, "out of memory");
    }
    for (uint32_t i = 0; i < n; i++) {
        uint64_t a = rng(), b = rng();
        /* Divisors of every width: 64-bit, 32-bit, small, and negative. */
        switch (i & 3) {
        case 1: b >>= 32; break;
        case 2: b >>= 56; break;
        case 3: a >>= 20; break;
        }
        if (b == 0) {
            b = 7;
        }
        if ((int64_t)b == -1) {
            b = 3;
        }
        s[2 * i] = a;
        s[2 * i + 1] = b;
    }
    if ((src = buf_new(g, &c.bs, 2 * n * 8ull, s, e)) &&
        (dst = buf_new(g, &c.bs, n * INT64_OUT * 8ull + GUARD_DWORDS * 4, NULL, e)) &&
        kernel_build(g, &c.k, int64_cl, "int64", e) &&
        kernel_args(&c.k, e, ARG_MEM(src), ARG_MEM(dst), ARG(n), (size_t)0) &&
        kernel_run(g, &c.k, 1, NULL, &global, &local, e) && buf_read(g, dst, e)) {
        const uint64_t *d = dst->host;
        static const char *const names[INT64_OUT] = {
            "a*b+(a>>3)", "a/b", "a%b", "signed a/b", "signed a%b", "shifts",
            "mul_hi", "compares",
        };
        ok = true;
        for (uint32_t i = 0; i < n && ok; i++) {
            uint64_t want[INT64_OUT];
            int64_ref(s[2 * i], s[2 * i + 1], want);
            for (unsigned k = 0; k < INT64_OUT && ok; k++) {
                if (d[i * INT64_OUT + k] != want[k]) {
                    ok = fail(e, "pair %u (0x%016" PRIx64 ", 0x%016" PRIx64 "): %s ="
                              " 0x%016" PRIx64 ", want 0x%016" PRIx64, i, s[2 * i],
                              s[2 * i + 1], names[k], d[i * INT64_OUT + k], want[k]);
                }
            }
        }
        ok = ok && check_canary(dst, n * INT64_OUT * 2, n * INT64_OUT * 2 + GUARD_DWORDS,
                                "after dst", e);
        timing(what, &c.k);
    }
    free(s);
    ctx_free(&c);
    return ok;
}

#define FLOAT_OUT 9u
static const char float_cl[] =
    "__kernel void fmath(__global const float *src, __global float *dst, uint n)\n"
    "{\n"
    "    uint i = get_global_id(0);\n"
    "    if (i >= n)\n"
    "        return;\n"
    "    float a = src[3 * i], b = src[3 * i + 1], x = src[3 * i + 2];\n"
    "    __global float *o = dst + 9 * i;\n"
    "    o[0] = fma(a, b, x);\n"
    "    o[1] = exp(x);\n"
    "    o[2] = sin(a);\n"
    "    o[3] = cos(a);\n"
    "    o[4] = sqrt(fabs(b));\n"
    "    o[5] = a / b;\n"
    "    o[6] = floor(a * 7.5f);\n"
    "    float fl;\n"
    "    o[7] = fract(a * 3.25f, &fl) + fl;\n"
    "    o[8] = (float)((int)(b * 100.0f)) + convert_float(convert_uint(fabs(a) * 1000.0f));\n"
    "}\n";

#define FLOAT_N 4096u

/*
 * Tolerances: OpenCL 1.2's (section 7.4) are in ulps of single precision;
 * these allow a few ulps relative, and an absolute floor where the result
 * is near 0 (sin and cos near their zeros, a fused add that cancels).
 */
static const struct {
    const char *name;
    double rel, abs;
} float_tol[FLOAT_OUT] = {
    { "fma", 2e-7, 1e-6 },
    { "exp", 1e-6, 0 },
    { "sin", 1e-6, 1e-6 },
    { "cos", 1e-6, 1e-6 },
    { "sqrt", 1e-6, 0 },
    { "division", 6e-7, 0 },
    { "floor", 0, 0 },
    { "fract+floor", 2e-7, 1e-6 },
    { "conversions", 0, 0 },
};

static void float_ref(float a, float b, float x, double *o)
{
    o[0] = fma((double)a, b, x);
    o[1] = exp((double)x);
    o[2] = sin((double)a);
    o[3] = cos((double)a);
    o[4] = sqrt(fabs((double)b));
    o[5] = (double)a / b;
    o[6] = floorf(a * 7.5f);
    o[7] = (double)(a * 3.25f);
    o[8] = (float)(int)(b * 100.0f) + (float)(uint32_t)(fabsf(a) * 1000.0f);
}

static bool t_float(Gpu *g, Err *e, char *what, size_t ws)
{
    const cl_uint n = FLOAT_N;
    Ctx c = { .g = g, .e = e };
    size_t global = n, local = FILL_LOCAL;
    float *s = malloc(3 * n * 4ull);
    Buf *src, *dst;
    bool ok = false;

    snprintf(what, ws, "fma, exp, sin, cos, sqrt, division, floor, fract, conversions,"
             " %u inputs", n);
    if (!s) {
        return fail(e, "out of memory");
    }
    for (uint32_t i = 0; i < n; i++) {
        s[3 * i] = frand(-10.0f, 10.0f);
        s[3 * i + 1] = frand(0.25f, 8.0f) * ((i & 1) ? -1.0f : 1.0f);
        s[3 * i + 2] = frand(-20.0f, 20.0f);
    }
    if ((src = buf_new(g, &c.bs, 3 * n * 4ull, s, e)) &&
        (dst = buf_new(g, &c.bs, (n * FLOAT_OUT + GUARD_DWORDS) * 4ull, NULL, e)) &&
        kernel_build(g, &c.k, float_cl, "fmath", e) &&
        kernel_args(&c.k, e, ARG_MEM(src), ARG_MEM(dst), ARG(n), (size_t)0) &&
        kernel_run(g, &c.k, 1, NULL, &global, &local, e) && buf_read(g, dst, e)) {
        const float *d = dst->host;
        double worst[FLOAT_OUT] = { 0 };
        ok = true;
        for (uint32_t i = 0; i < n && ok; i++) {
            double want[FLOAT_OUT];
            float_ref(s[3 * i], s[3 * i + 1], s[3 * i + 2], want);
            for (unsigned k = 0; k < FLOAT_OUT && ok; k++) {
                double got = d[i * FLOAT_OUT + k], err = fabs(got - want[k]);
                double tol = float_tol[k].rel * fabs(want[k]) + float_tol[k].abs;
                if (!(err <= tol)) {
                    ok = fail(e, "input %u (a %.9g, b %.9g, x %.9g): %s = %.9g, want"
                              " %.9g (error %.3g > %.3g)", i, s[3 * i], s[3 * i + 1],
                              s[3 * i + 2], float_tol[k].name, got, want[k], err, tol);
                }
                if (want[k] != 0 && err / fabs(want[k]) > worst[k]) {
                    worst[k] = err / fabs(want[k]);
                }
            }
        }
        ok = ok && check_canary(dst, n * FLOAT_OUT, n * FLOAT_OUT + GUARD_DWORDS,
                                "after dst", e);
        if (ok) {
            diag("float: largest relative errors: fma %.2g, exp %.2g, sin %.2g,"
                 " cos %.2g, sqrt %.2g, div %.2g", worst[0], worst[1], worst[2],
                 worst[3], worst[4], worst[5]);
        }
        timing(what, &c.k);
    }
    free(s);
    ctx_free(&c);
    return ok;
}

/* acc: counter, max, then 64 histogram bins. */
#define HIST_BINS 64u
static const char atomic_cl[] =
    "__kernel void atom(__global const uint *src, __global uint *dst,\n"
    "                   volatile __global uint *acc, uint n)\n"
    "{\n"
    "    uint i = get_global_id(0);\n"
    "    if (i >= n)\n"
    "        return;\n"
    "    uint x = src[i];\n"
    "    dst[i] = atomic_inc(&acc[0]);\n"
    "    atomic_add(&acc[2 + (x & 63)], 1u);\n"
    "    atomic_max(&acc[1], x);\n"
    "}\n";

static bool t_atomic(Gpu *g, Err *e, char *what, size_t ws)
{
    const cl_uint n = 16384 + 29;
    const size_t acc_dwords = 2 + HIST_BINS;
    Ctx c = { .g = g, .e = e };
    size_t global = round_up(n, FILL_LOCAL), local = FILL_LOCAL;
    uint32_t *s = malloc(n * 4ull), acc0[2 + HIST_BINS + GUARD_DWORDS];
    Buf *src, *dst, *acc;
    bool ok = false;

    snprintf(what, ws, "global atomics: ticket counter, %u-bin histogram, atomic_max,"
             " %u items", HIST_BINS, n);
    if (!s) {
        return fail(e, "out of memory");
    }
    for (uint32_t i = 0; i < n; i++) {
        s[i] = (uint32_t)rng() >> 1;
    }
    memset(acc0, 0, acc_dwords * 4);
    for (size_t i = acc_dwords; i < N_ELEMENTS(acc0); i++) {
        acc0[i] = CANARY;
    }
    if ((src = buf_new(g, &c.bs, n * 4ull, s, e)) &&
        (dst = buf_new(g, &c.bs, (n + GUARD_DWORDS) * 4ull, NULL, e)) &&
        (acc = buf_new(g, &c.bs, sizeof(acc0), acc0, e)) &&
        kernel_build(g, &c.k, atomic_cl, "atom", e) &&
        kernel_args(&c.k, e, ARG_MEM(src), ARG_MEM(dst), ARG_MEM(acc), ARG(n),
                    (size_t)0) &&
        kernel_run(g, &c.k, 1, NULL, &global, &local, e) &&
        buf_read(g, dst, e) && buf_read(g, acc, e)) {
        const uint32_t *d = dst->host, *a = acc->host;
        uint8_t *seen = calloc(n, 1);
        uint32_t hist[HIST_BINS] = { 0 }, max = 0;
        ok = seen != NULL || fail(e, "out of memory");
        for (uint32_t i = 0; i < n && ok; i++) {
            if (d[i] >= n || seen[d[i]]) {
                ok = fail(e, "item %u got ticket %u: %s", i, d[i],
                          d[i] >= n ? "out of range" : "a duplicate");
            } else {
                seen[d[i]] = 1;
            }
            hist[s[i] & 63]++;
            max = s[i] > max ? s[i] : max;
        }
        if (ok && a[0] != n) {
            ok = fail(e, "counter %u, want %u", a[0], n);
        }
        if (ok && a[1] != max) {
            ok = fail(e, "atomic_max 0x%08x, want 0x%08x", a[1], max);
        }
        for (uint32_t b = 0; b < HIST_BINS && ok; b++) {
            if (a[2 + b] != hist[b]) {
                ok = fail(e, "histogram bin %u = %u, want %u", b, a[2 + b], hist[b]);
            }
        }
        free(seen);
        ok = ok && check_canary(dst, n, n + GUARD_DWORDS, "after dst", e) &&
             check_canary(acc, acc_dwords, N_ELEMENTS(acc0), "after the counters", e);
        timing(what, &c.k);
    }
    free(s);
    ctx_free(&c);
    return ok;
}

/*
 * Every work item writes 16 uints at its linear global index (the
 * offset taken off): global id, local id, group id in x, y, z, the local
 * sizes, the group counts and the offsets of the three dimensions, and
 * get_work_dim.
 */
#define ND_OUT 16u
static const char ndrange_cl[] =
    "__kernel void nd(__global uint *dst)\n"
    "{\n"
    "    size_t x = get_global_id(0) - get_global_offset(0);\n"
    "    size_t y = get_global_id(1) - get_global_offset(1);\n"
    "    size_t z = get_global_id(2) - get_global_offset(2);\n"
    "    size_t lin = (z * get_global_size(1) + y) * get_global_size(0) + x;\n"
    "    __global uint *o = dst + 16 * lin;\n"
    "    for (uint d = 0; d < 3; d++) {\n"
    "        o[d] = get_global_id(d);\n"
    "        o[3 + d] = get_local_id(d);\n"
    "        o[6 + d] = get_group_id(d);\n"
    "        o[9 + d] = get_local_size(d) | (get_num_groups(d) << 8) |"
    " (get_global_size(d) << 16);\n"
    "        o[12 + d] = get_global_offset(d);\n"
    "    }\n"
    "    o[15] = get_work_dim();\n"
    "}\n";

/* One NDRange of the ndrange test, checked. */
static bool nd_case(Gpu *g, Ctx *c, cl_uint dims, const size_t *off, const size_t *glob,
                    const size_t *loc, Err *e)
{
    size_t gs[3] = { 1, 1, 1 }, ls[3] = { 1, 1, 1 }, os[3] = { 0, 0, 0 }, items;
    Buf *dst;

    for (cl_uint d = 0; d < dims; d++) {
        gs[d] = glob[d];
        ls[d] = loc[d];
        os[d] = off[d];
    }
    items = gs[0] * gs[1] * gs[2];
    if (!(dst = buf_new(g, &c->bs, (items * ND_OUT + GUARD_DWORDS) * 4, NULL, e)) ||
        !kernel_args(&c->k, e, ARG_MEM(dst), (size_t)0) ||
        !kernel_run(g, &c->k, dims, off, glob, loc, e) || !buf_read(g, dst, e)) {
        return false;
    }
    const uint32_t *p = dst->host;
    for (size_t z = 0; z < gs[2]; z++) {
        for (size_t y = 0; y < gs[1]; y++) {
            for (size_t x = 0; x < gs[0]; x++) {
                size_t id[3] = { x, y, z };
                const uint32_t *o = p + ND_OUT * ((z * gs[1] + y) * gs[0] + x);
                uint32_t want[ND_OUT];
                for (int d = 0; d < 3; d++) {
                    want[d] = (uint32_t)(os[d] + id[d]);
                    want[3 + d] = (uint32_t)(id[d] % ls[d]);
                    want[6 + d] = (uint32_t)(id[d] / ls[d]);
                    want[9 + d] = (uint32_t)(ls[d] | (gs[d] / ls[d]) << 8 | gs[d] << 16);
                    want[12 + d] = (uint32_t)os[d];
                }
                want[15] = dims;
                for (unsigned k = 0; k < ND_OUT; k++) {
                    if (o[k] != want[k]) {
                        static const char *const names[ND_OUT] = {
                            "global_id(0)", "global_id(1)", "global_id(2)",
                            "local_id(0)", "local_id(1)", "local_id(2)",
                            "group_id(0)", "group_id(1)", "group_id(2)",
                            "sizes(0)", "sizes(1)", "sizes(2)",
                            "offset(0)", "offset(1)", "offset(2)", "work_dim",
                        };
                        return fail(e, "%uD item (%zu, %zu, %zu): %s = 0x%x, want 0x%x",
                                    dims, x, y, z, names[k], o[k], want[k]);
                    }
                }
            }
        }
    }
    return check_canary(dst, items * ND_OUT, items * ND_OUT + GUARD_DWORDS, "after dst", e);
}

static bool t_ndrange(Gpu *g, Err *e, char *what, size_t ws)
{
    static const size_t off3[3] = { 5, 3, 2 }, glob3[3] = { 24, 10, 6 },
                        loc3[3] = { 8, 5, 3 };
    static const size_t off2[2] = { 0, 7 }, glob2[2] = { 48, 12 }, loc2[2] = { 16, 4 };
    Ctx c = { .g = g, .e = e };
    bool ok = false;

    snprintf(what, ws, "3D NDRange 24x10x6 in groups of 8x5x3 at offset (5,3,2),"
             " 2D 48x12 in groups of 16x4 at (0,7)");
    if (kernel_build(g, &c.k, ndrange_cl, "nd", e) &&
        nd_case(g, &c, 3, off3, glob3, loc3, e) && nd_case(g, &c, 2, off2, glob2, loc2, e)) {
        ok = true;
        timing(what, &c.k);
    }
    ctx_free(&c);
    return ok;
}

/*
 * Thirteen arguments: every scalar width, a struct by value (its layout is
 * OpenCL C's: the host mirror below has the same alignment), a
 * __constant table, a __local scratch area (size only) and the output.
 */
static const char args_cl[] =
    "typedef struct { int i; float f; long l; char c; short s; uint4 v; } S;\n"
    "__kernel void args(__global long *out, char c, uchar uc, short s, ushort us,\n"
    "                   int i, uint ui, long l, ulong ul, float f, S st,\n"
    "                   __constant int *tab, __local int *tmp)\n"
    "{\n"
    "    uint t = get_local_id(0);\n"
    "    tmp[t] = tab[t] * 3;\n"
    "    barrier(CLK_LOCAL_MEM_FENCE);\n"
    "    __global long *o = out + 20 * get_global_id(0);\n"
    "    o[0] = c; o[1] = uc; o[2] = s; o[3] = us; o[4] = i; o[5] = ui;\n"
    "    o[6] = l; o[7] = (long)ul; o[8] = (long)(f * 1024.0f);\n"
    "    o[9] = st.i; o[10] = (long)(st.f * 1024.0f); o[11] = st.l; o[12] = st.c;\n"
    "    o[13] = st.s; o[14] = st.v.x; o[15] = st.v.y; o[16] = st.v.z;\n"
    "    o[17] = st.v.w;\n"
    "    o[18] = tmp[(t + 1) % get_local_size(0)];\n"
    "    o[19] = get_global_id(0);\n"
    "}\n";

typedef struct ArgStruct {
    cl_int i;
    cl_float f;
    cl_long l;
    cl_char c;
    cl_short s;
    cl_uint4 v;                 /* 16-byte aligned, as in OpenCL C */
} ArgStruct;

#define ARGS_OUT    20u
#define ARGS_LOCAL  32u
#define ARGS_GROUPS 2u

static bool t_args(Gpu *g, Err *e, char *what, size_t ws)
{
    const size_t items = ARGS_LOCAL * ARGS_GROUPS;
    Ctx c = { .g = g, .e = e };
    size_t global = items, local = ARGS_LOCAL;
    cl_char ch = -100;
    cl_uchar uc = 200;
    cl_short sh = -30000;
    cl_ushort us = 60000;
    cl_int in = -2000000000;
    cl_uint ui = 4000000000u;
    cl_long lo = -0x123456789abcdefLL;
    cl_ulong ul = 0xfedcba9876543210ull;
    cl_float fl = 2.5f;
    ArgStruct st = { .i = -7, .f = -0.75f, .l = 0x1122334455667788LL, .c = 99,
                     .s = -1234, .v = { .s = { 1, 0xffffffffu, 3, 0x80000000u } } };
    cl_int tab[ARGS_LOCAL];
    Buf *out, *ctab;
    bool ok = false;

    snprintf(what, ws, "13 arguments: char to ulong, float, a %zu-byte struct by value,"
             " __constant and __local buffers", sizeof(st));
    for (unsigned t = 0; t < ARGS_LOCAL; t++) {
        tab[t] = (cl_int)(rng() & 0xffff) - 0x8000;
    }
    if ((out = buf_new(g, &c.bs, items * ARGS_OUT * 8 + GUARD_DWORDS * 4, NULL, e)) &&
        (ctab = buf_new(g, &c.bs, sizeof(tab), tab, e)) &&
        kernel_build(g, &c.k, args_cl, "args", e) &&
        kernel_args(&c.k, e, ARG_MEM(out), ARG(ch), ARG(uc), ARG(sh), ARG(us), ARG(in),
                    ARG(ui), ARG(lo), ARG(ul), ARG(fl), ARG(st), ARG_MEM(ctab),
                    ARGS_LOCAL * sizeof(cl_int), (const void *)NULL, (size_t)0) &&
        kernel_run(g, &c.k, 1, NULL, &global, &local, e) && buf_read(g, out, e)) {
        const int64_t *o = out->host;
        ok = true;
        for (size_t it = 0; it < items && ok; it++) {
            size_t t = it % ARGS_LOCAL;
            int64_t want[ARGS_OUT] = {
                ch, uc, sh, us, in, ui, lo, (int64_t)ul, (int64_t)(fl * 1024.0f),
                st.i, (int64_t)(st.f * 1024.0f), st.l, st.c, st.s,
                st.v.s[0], st.v.s[1], st.v.s[2], st.v.s[3],
                (int64_t)tab[(t + 1) % ARGS_LOCAL] * 3, (int64_t)it,
            };
            for (unsigned k = 0; k < ARGS_OUT && ok; k++) {
                if (o[it * ARGS_OUT + k] != want[k]) {
                    ok = fail(e, "item %zu: output %u = %" PRId64 ", want %" PRId64,
                              it, k, o[it * ARGS_OUT + k], want[k]);
                }
            }
        }
        ok = ok && check_canary(out, items * ARGS_OUT * 2,
                                items * ARGS_OUT * 2 + GUARD_DWORDS, "after out", e);
        timing(what, &c.k);
    }
    ctx_free(&c);
    return ok;
}

/* Not a test of the GPU: "device" runs this. */
static bool t_device(Gpu *g, Err *e, char *what, size_t ws);

static const Test tests[] = {
    { "device", t_device },
    { "fill", t_fill },
    { "copy", t_copy },
    { "scan", t_scan },
    { "int64", t_int64 },
    { "float", t_float },
    { "atomic", t_atomic },
    { "ndrange", t_ndrange },
    { "args", t_args },
};

/* The platform and device line. */
static bool t_device(Gpu *g, Err *e, char *what, size_t ws)
{
    cl_uint cus = 0, vendor = 0;
    cl_ulong mem = 0, lmem = 0;
    size_t wg = 0;

    (void)e;
    clGetDeviceInfo(g->dev, CL_DEVICE_VENDOR_ID, sizeof(vendor), &vendor, NULL);
    clGetDeviceInfo(g->dev, CL_DEVICE_MAX_COMPUTE_UNITS, sizeof(cus), &cus, NULL);
    clGetDeviceInfo(g->dev, CL_DEVICE_GLOBAL_MEM_SIZE, sizeof(mem), &mem, NULL);
    clGetDeviceInfo(g->dev, CL_DEVICE_LOCAL_MEM_SIZE, sizeof(lmem), &lmem, NULL);
    clGetDeviceInfo(g->dev, CL_DEVICE_MAX_WORK_GROUP_SIZE, sizeof(wg), &wg, NULL);
    diag("%s, driver %s; %u compute units, %" PRIu64 " MiB global, %" PRIu64
         " KiB local memory, work-groups up to %zu", g->dev_version, g->driver_version,
         cus, mem >> 20, lmem >> 10, wg);
    snprintf(what, ws, "platform %s, device %s (vendor 0x%x)", g->platform_name,
             g->dev_name, vendor);
    if (vendor != 0x1002) {
        return fail(e, "not an AMD device");
    }
    return true;
}

static const char *label;

/*
 * The test process: its own context, one test, its TAP line, then one
 * status byte on fd: '0' passed, '1' failed, 'h' failed with its GPU work
 * still pending. After a hang it does not exit (see the header comment):
 * it lets go of stdout and stderr and sleeps until the guest powers off.
 */
static void __attribute__((noreturn)) child(const Test *t, int fd)
{
    Gpu g = { 0 };
    Err e = { .hung = false };
    char what[200] = "";
    char status;
    bool ok;

    if (!gpu_open(&g, &e)) {
        tap(false, "%s: %s (not run: no OpenCL device: %s)", label, t->name, e.msg);
        (void)!write(fd, "1", 1);
        _exit(1);
    }
    ok = t->run(&g, &e, what, sizeof(what));
    if (!e.hung) {
        gpu_close(&g);
    }
    tap(ok, "%s: %s: %s%s%s", label, t->name, what, ok ? "" : ": ", ok ? "" : e.msg);
    fflush(stdout);
    status = e.hung ? 'h' : ok ? '0' : '1';
    (void)!write(fd, &status, 1);
    if (e.hung) {
        int null = open("/dev/null", O_RDWR);
        dup2(null, STDIN_FILENO);
        dup2(null, STDOUT_FILENO);
        dup2(null, STDERR_FILENO);
        close(fd);
        for (;;) {
            pause();
        }
    }
    _exit(ok ? 0 : 1);
}

/*
 * How many compute rings hold work that does not finish, from amdgpu's
 * fence debugfs file (as in vk-compute.c); -1 if it cannot be read.
 */
static int stuck_rings(unsigned *rings_out)
{
    char path[64], line[256], ring[64] = "";
    unsigned rings = 0, stuck = 0, signaled = 0, emitted;
    FILE *f = NULL;

    for (int minor = 0; minor < 16 && !f; minor++) {
        snprintf(path, sizeof(path), "/sys/kernel/debug/dri/%d/amdgpu_fence_info", minor);
        f = fopen(path, "r");
    }
    if (!f) {
        return -1;
    }
    while (fgets(line, sizeof(line), f)) {
        if (sscanf(line, "--- ring %*u (%63[^)])", ring) == 1) {
            continue;
        }
        if (strncmp(ring, "comp_", 5)) {
            continue;
        }
        if (sscanf(line, "Last signaled fence %x", &signaled) == 1) {
            continue;
        }
        if (sscanf(line, "Last emitted %x", &emitted) == 1) {
            rings++;
            stuck += emitted != signaled;
        }
    }
    fclose(f);
    *rings_out = rings;
    return rings ? (int)stuck : -1;
}

/* Set when a test hung without a new stuck ring (no free ring is left). */
static bool no_free_ring;

/*
 * Run test t in a child process and account for its TAP line. The child
 * gets --timeout for each wait plus COMPILE_BUDGET seconds for the rest
 * (clang, libclc and LLVM under TCG are slow); then it is killed.
 */
#define COMPILE_BUDGET  240.0
#define EXIT_WAIT       30.0

static void run_test(const Test *t)
{
    double deadline = now() + 3 * opt.timeout + COMPILE_BUDGET;
    int status = 0, fds[2], stuck_before, stuck_after;
    unsigned rings = 0;
    char st = 0;
    pid_t pid;
    ssize_t n = -1;

    if (no_free_ring) {
        tap(false, "%s: %s (not run: every compute ring the kernel gives us holds"
            " a dispatch that does not finish)", label, t->name);
        return;
    }
    stuck_before = stuck_rings(&rings);
    fflush(stdout);
    if (pipe(fds) < 0 || (pid = fork()) < 0) {
        tap(false, "%s: %s (not run: pipe/fork: %s)", label, t->name, strerror(errno));
        return;
    }
    if (pid == 0) {
        close(fds[0]);
        child(t, fds[1]);
    }
    close(fds[1]);
    while (now() < deadline) {
        struct pollfd pfd = { .fd = fds[0], .events = POLLIN };
        if (poll(&pfd, 1, 100) > 0) {
            n = read(fds[0], &st, 1);
            break;
        }
    }
    close(fds[0]);
    if (n == 1) {
        /* The child printed the line. */
        tap_n++;
        tap_failed += st != '0';
        if (st == 'h') {
            stuck_after = stuck_rings(&rings);
            if (stuck_after >= 0) {
                diag("%s: the test process stays, holding its GPU work; %d of %u"
                     " compute rings now hold a dispatch that does not finish",
                     t->name, stuck_after, rings);
            }
            if (stuck_after >= 0 && stuck_after == stuck_before) {
                diag("%s: no new ring got stuck: its work queued behind an earlier"
                     " test's stuck dispatch, so this is no verdict on %s; the"
                     " tests after it cannot run", t->name, t->name);
                no_free_ring = true;
            }
            return;
        }
        /* Let it exit before the next test starts. */
        deadline = now() + EXIT_WAIT;
        while (waitpid(pid, &status, WNOHANG) == 0) {
            if (now() > deadline) {
                diag("%s: the test process did not exit in %.0f s", t->name, EXIT_WAIT);
                break;
            }
            usleep(20 * 1000);
        }
        return;
    }
    if (n < 0) {
        kill(pid, SIGKILL);
        tap(false, "%s: %s (its process did not finish in %.0f s and was killed)",
            label, t->name, 3 * opt.timeout + COMPILE_BUDGET);
        return;
    }
    /* No status: the child died before its line. */
    deadline = now() + EXIT_WAIT;
    while (waitpid(pid, &status, WNOHANG) == 0 && now() < deadline) {
        usleep(20 * 1000);
    }
    if (WIFSIGNALED(status)) {
        tap(false, "%s: %s (its process died with signal %d: %s)", label, t->name,
            WTERMSIG(status), strsignal(WTERMSIG(status)));
    } else {
        tap(false, "%s: %s (its process ended without a result, status %d)", label,
            t->name, WIFEXITED(status) ? WEXITSTATUS(status) : -1);
    }
}

static bool selected(const char *name)
{
    const char *p = opt.tests;
    size_t len = strlen(name);

    if (!p || !strcmp(name, "device")) {
        return true;
    }
    while (*p) {
        const char *end = strchr(p, ',');
        size_t n = end ? (size_t)(end - p) : strlen(p);
        if (n == len && !strncmp(p, name, n)) {
            return true;
        }
        p += n + (end != NULL);
    }
    return false;
}

static void usage(int status)
{
    FILE *f = status ? stderr : stdout;

    fprintf(f, "usage: aemu-cl-compute [--tests LIST] [--timeout SEC] [--label TEXT]\n"
               "                       [--first N] [--any-device]\n"
               "tests (device always runs):");
    for (size_t i = 1; i < N_ELEMENTS(tests); i++) {
        fprintf(f, " %s", tests[i].name);
    }
    fputc('\n', f);
    exit(status);
}

int main(int argc, char **argv)
{
    static const struct option longopts[] = {
        { "tests", required_argument, NULL, 't' },
        { "timeout", required_argument, NULL, 'T' },
        { "label", required_argument, NULL, 'l' },
        { "first", required_argument, NULL, 'f' },
        { "any-device", no_argument, NULL, 'a' },
        { "help", no_argument, NULL, 'h' },
        { NULL, 0, NULL, 0 },
    };
    int ch;

    setvbuf(stdout, NULL, _IOLBF, 0);
    while ((ch = getopt_long(argc, argv, "h", longopts, NULL)) != -1) {
        switch (ch) {
        case 't': opt.tests = optarg; break;
        case 'T': opt.timeout = atof(optarg); break;
        case 'l': opt.label = optarg; break;
        case 'f': opt.first = atoi(optarg); break;
        case 'a': opt.any_device = true; break;
        case 'h': usage(0); break;
        default: usage(2);
        }
    }
    if (optind != argc || opt.timeout <= 0) {
        usage(2);
    }
    if (opt.tests) {
        /* Every name in the list must be a test. */
        char *list = strdup(opt.tests), *save = NULL;
        for (char *t = strtok_r(list, ",", &save); t; t = strtok_r(NULL, ",", &save)) {
            size_t i = 0;
            while (i < N_ELEMENTS(tests) && strcmp(t, tests[i].name)) {
                i++;
            }
            if (i == N_ELEMENTS(tests)) {
                fprintf(stderr, "aemu-cl-compute: no test %s\n", t);
                usage(2);
            }
        }
        free(list);
    }
    label = opt.label;
    tap_n = opt.first > 0 ? opt.first - 1 : 0;
    /* Compile every kernel afresh: no shader cache. */
    setenv("MESA_SHADER_CACHE_DISABLE", "true", 0);
    setenv("XDG_CACHE_HOME", "/nonexistent", 0);

    for (size_t i = 0; i < N_ELEMENTS(tests); i++) {
        if (selected(tests[i].name)) {
            /* The same inputs whichever tests run. */
            rng_state = 0x5eed + i;
            run_test(&tests[i]);
        }
    }
    if (opt.first <= 0) {
        printf("1..%d\n", tap_n);
    }
    return tap_failed ? 1 : 0;
}
