// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * aemu-hip-compute: HIP programs, compiled on the host by Debian's hipcc for
 * gfx900, run in the guest through libamdhip64, ROCr and KFD on the
 * emulated Vega10; every result is checked on the CPU.
 *
 *   device   the HIP device is gfx900 with the device's compute units
 *   vadd     c[i] = a[i] + b[i] over a size that leaves a partial last block
 *   reduce   a sum per block in shared memory with __syncthreads between
 *            the steps, then the blocks' sums checked against the CPU's
 *   memcpy   hipMemcpy host -> device -> device -> host of 4 MiB + 12 bytes
 *   long     a kernel whose threads each iterate an LCG many times: long
 *            enough to span many of the model's scheduling slices (and a
 *            preemption, when KFD asks for one while it runs)
 *   stream   200 small kernels in a row on one stream, each checked (the
 *            AQL ring wraps several times), synchronised by an event
 *
 * Each test runs in a child process with a timeout: a kernel that never
 * completes is "not ok" and the child is killed (KFD tears its queues
 * down with the process). One TAP line per test.
 *
 * Usage: aemu-hip-compute [--timeout SEC] [--tests LIST] [--label TEXT]
 *                         [--first N]
 *   --label TEXT   prefix of every test name (default "hip")
 *   --first N      number the first test N and print no plan line
 * Exit status: 0 if every test passed, 1 otherwise, 2 usage error.
 */
#include <hip/hip_runtime.h>

#include <signal.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#define VADD_N          (256 * 1024 + 37)
#define BLOCK           256
#define REDUCE_BLOCKS   128
#define COPY_BYTES      (4u * 1024 * 1024 + 12)
#define LONG_THREADS    4096
#define LONG_ITERS      2000
#define STREAM_KERNELS  200
#define STREAM_N        1024
#define DEFAULT_TIMEOUT 60

/* A failed check: print why on the TAP line's diagnostic and fail. */
static char why[256];

static bool fail(const char *fmt, ...)
{
    va_list ap;

    va_start(ap, fmt);
    vsnprintf(why, sizeof(why), fmt, ap);
    va_end(ap);
    return false;
}

#define HIP_OK(call) do { \
        hipError_t e_ = (call); \
        if (e_ != hipSuccess) { \
            return fail("%s: %s", #call, hipGetErrorString(e_)); \
        } \
    } while (0)

__global__ void vadd(const uint32_t *a, const uint32_t *b, uint32_t *c,
                     unsigned n)
{
    unsigned i = blockIdx.x * blockDim.x + threadIdx.x;

    if (i < n) {
        c[i] = a[i] + b[i];
    }
}

__global__ void reduce(const uint32_t *in, uint32_t *out)
{
    __shared__ uint32_t s[BLOCK];
    unsigned t = threadIdx.x;

    s[t] = in[blockIdx.x * BLOCK + t];
    __syncthreads();
    for (unsigned step = BLOCK / 2; step; step /= 2) {
        if (t < step) {
            s[t] += s[t + step];
        }
        __syncthreads();
    }
    if (t == 0) {
        out[blockIdx.x] = s[0];
    }
}

__host__ __device__ static uint32_t lcg(uint32_t x, unsigned iters)
{
    for (unsigned i = 0; i < iters; i++) {
        x = x * 1664525u + 1013904223u;
    }
    return x;
}

__global__ void long_kernel(uint32_t *out, unsigned iters)
{
    unsigned i = blockIdx.x * blockDim.x + threadIdx.x;

    out[i] = lcg(i, iters);
}

__global__ void stamp(uint32_t *out, uint32_t k)
{
    unsigned i = blockIdx.x * blockDim.x + threadIdx.x;

    out[i] = k * 0x10001u ^ i;
}

static unsigned blocks(unsigned n)
{
    return (n + BLOCK - 1) / BLOCK;
}

static bool test_device(void)
{
    hipDeviceProp_t p;
    int n = 0;

    HIP_OK(hipGetDeviceCount(&n));
    if (n < 1) {
        return fail("no HIP device");
    }
    HIP_OK(hipGetDeviceProperties(&p, 0));
    printf("# %s (%s), %d CUs, %zu MiB\n", p.name, p.gcnArchName,
           p.multiProcessorCount, p.totalGlobalMem >> 20);
    if (strncmp(p.gcnArchName, "gfx900", 6) != 0) {
        return fail("the device is %s, not gfx900", p.gcnArchName);
    }
    if (p.multiProcessorCount < 1) {
        return fail("%d compute units", p.multiProcessorCount);
    }
    return true;
}

static bool test_vadd(void)
{
    size_t bytes = sizeof(uint32_t) * VADD_N;
    uint32_t *a = (uint32_t *)malloc(bytes), *b = (uint32_t *)malloc(bytes);
    uint32_t *c = (uint32_t *)malloc(bytes), *da, *db, *dc;

    for (unsigned i = 0; i < VADD_N; i++) {
        a[i] = i * 7u;
        b[i] = 0x9e3779b9u ^ i;
        c[i] = 0xc5a5e5d5u;
    }
    HIP_OK(hipMalloc(&da, bytes));
    HIP_OK(hipMalloc(&db, bytes));
    HIP_OK(hipMalloc(&dc, bytes));
    HIP_OK(hipMemcpy(da, a, bytes, hipMemcpyHostToDevice));
    HIP_OK(hipMemcpy(db, b, bytes, hipMemcpyHostToDevice));
    HIP_OK(hipMemcpy(dc, c, bytes, hipMemcpyHostToDevice));
    hipLaunchKernelGGL(vadd, dim3(blocks(VADD_N)), dim3(BLOCK), 0, 0,
                       da, db, dc, VADD_N);
    HIP_OK(hipGetLastError());
    HIP_OK(hipDeviceSynchronize());
    HIP_OK(hipMemcpy(c, dc, bytes, hipMemcpyDeviceToHost));
    for (unsigned i = 0; i < VADD_N; i++) {
        if (c[i] != a[i] + b[i]) {
            return fail("c[%u] = 0x%08x, expected 0x%08x", i, c[i],
                        a[i] + b[i]);
        }
    }
    return true;
}

static bool test_reduce(void)
{
    unsigned n = REDUCE_BLOCKS * BLOCK;
    uint32_t *in = (uint32_t *)malloc(n * sizeof(uint32_t));
    uint32_t out[REDUCE_BLOCKS], *din, *dout;

    for (unsigned i = 0; i < n; i++) {
        in[i] = (i * 2654435761u) >> 12;
    }
    HIP_OK(hipMalloc(&din, n * sizeof(uint32_t)));
    HIP_OK(hipMalloc(&dout, sizeof(out)));
    HIP_OK(hipMemcpy(din, in, n * sizeof(uint32_t), hipMemcpyHostToDevice));
    hipLaunchKernelGGL(reduce, dim3(REDUCE_BLOCKS), dim3(BLOCK), 0, 0,
                       din, dout);
    HIP_OK(hipGetLastError());
    HIP_OK(hipMemcpy(out, dout, sizeof(out), hipMemcpyDeviceToHost));
    for (unsigned blk = 0; blk < REDUCE_BLOCKS; blk++) {
        uint32_t sum = 0;

        for (unsigned t = 0; t < BLOCK; t++) {
            sum += in[blk * BLOCK + t];
        }
        if (out[blk] != sum) {
            return fail("block %u summed 0x%08x, expected 0x%08x", blk,
                        out[blk], sum);
        }
    }
    return true;
}

static bool test_memcpy(void)
{
    uint8_t *src = (uint8_t *)malloc(COPY_BYTES);
    uint8_t *dst = (uint8_t *)malloc(COPY_BYTES);
    void *d1, *d2;

    for (size_t i = 0; i < COPY_BYTES; i++) {
        src[i] = (uint8_t)(i * 131 + (i >> 9));
    }
    memset(dst, 0x5a, COPY_BYTES);
    HIP_OK(hipMalloc(&d1, COPY_BYTES));
    HIP_OK(hipMalloc(&d2, COPY_BYTES));
    HIP_OK(hipMemcpy(d1, src, COPY_BYTES, hipMemcpyHostToDevice));
    HIP_OK(hipMemcpy(d2, d1, COPY_BYTES, hipMemcpyDeviceToDevice));
    HIP_OK(hipMemcpy(dst, d2, COPY_BYTES, hipMemcpyDeviceToHost));
    for (size_t i = 0; i < COPY_BYTES; i++) {
        if (dst[i] != src[i]) {
            return fail("byte %zu is 0x%02x, expected 0x%02x", i, dst[i],
                        src[i]);
        }
    }
    return true;
}

static bool test_long(void)
{
    uint32_t *out = (uint32_t *)malloc(LONG_THREADS * sizeof(uint32_t));
    uint32_t *dout;

    HIP_OK(hipMalloc(&dout, LONG_THREADS * sizeof(uint32_t)));
    hipLaunchKernelGGL(long_kernel, dim3(LONG_THREADS / BLOCK), dim3(BLOCK),
                       0, 0, dout, LONG_ITERS);
    HIP_OK(hipGetLastError());
    HIP_OK(hipMemcpy(out, dout, LONG_THREADS * sizeof(uint32_t),
                     hipMemcpyDeviceToHost));
    for (unsigned i = 0; i < LONG_THREADS; i++) {
        if (out[i] != lcg(i, LONG_ITERS)) {
            return fail("thread %u: 0x%08x, expected 0x%08x", i, out[i],
                        lcg(i, LONG_ITERS));
        }
    }
    return true;
}

static bool test_stream(void)
{
    uint32_t *dout, *out = (uint32_t *)malloc(STREAM_N * sizeof(uint32_t));
    hipEvent_t ev;

    HIP_OK(hipMalloc(&dout, STREAM_KERNELS * STREAM_N * sizeof(uint32_t)));
    HIP_OK(hipEventCreate(&ev));
    for (unsigned k = 0; k < STREAM_KERNELS; k++) {
        hipLaunchKernelGGL(stamp, dim3(blocks(STREAM_N)), dim3(BLOCK), 0, 0,
                           dout + k * STREAM_N, k);
    }
    HIP_OK(hipGetLastError());
    HIP_OK(hipEventRecord(ev, 0));
    HIP_OK(hipEventSynchronize(ev));
    for (unsigned k = 0; k < STREAM_KERNELS; k++) {
        HIP_OK(hipMemcpy(out, dout + k * STREAM_N,
                         STREAM_N * sizeof(uint32_t), hipMemcpyDeviceToHost));
        for (unsigned i = 0; i < STREAM_N; i++) {
            if (out[i] != (k * 0x10001u ^ i)) {
                return fail("kernel %u element %u: 0x%08x", k, i, out[i]);
            }
        }
    }
    return true;
}

static const struct {
    const char *name;
    bool (*fn)(void);
} tests[] = {
    { "device", test_device },
    { "vadd", test_vadd },
    { "reduce", test_reduce },
    { "memcpy", test_memcpy },
    { "long", test_long },
    { "stream", test_stream },
};

/* Run one test in a child; its verdict comes back through a pipe. */
static bool run_one(unsigned i, unsigned timeout, char *msg, size_t len)
{
    int fds[2];
    pid_t pid;
    time_t end = time(NULL) + timeout;
    int status;
    ssize_t n;

    if (pipe(fds)) {
        snprintf(msg, len, "pipe failed");
        return false;
    }
    fflush(stdout);
    pid = fork();
    if (pid == 0) {
        bool ok;

        close(fds[0]);
        ok = tests[i].fn();
        if (write(fds[1], ok ? "" : why, ok ? 1 : strlen(why) + 1) < 0) {
            _exit(3);
        }
        fflush(stdout);
        _exit(ok ? 0 : 1);
    }
    close(fds[1]);
    while (waitpid(pid, &status, WNOHANG) == 0) {
        if (time(NULL) >= end) {
            kill(pid, SIGKILL);
            waitpid(pid, &status, 0);
            close(fds[0]);
            snprintf(msg, len, "no result within %u s", timeout);
            return false;
        }
        usleep(50000);
    }
    n = read(fds[0], msg, len - 1);
    close(fds[0]);
    msg[n > 0 ? n : 0] = 0;
    if (WIFEXITED(status) && WEXITSTATUS(status) == 0) {
        return true;
    }
    if (!msg[0]) {
        snprintf(msg, len, "the test process ended with status 0x%x",
                 status);
    }
    return false;
}

int main(int argc, char **argv)
{
    unsigned timeout = DEFAULT_TIMEOUT, failed = 0, n = 0, first = 1;
    const char *only = NULL, *label = "hip";
    bool plan = true;
    char msg[256];

    for (int a = 1; a < argc; a++) {
        if (!strcmp(argv[a], "--timeout") && a + 1 < argc) {
            timeout = (unsigned)strtoul(argv[++a], NULL, 10);
        } else if (!strcmp(argv[a], "--tests") && a + 1 < argc) {
            only = argv[++a];
        } else if (!strcmp(argv[a], "--label") && a + 1 < argc) {
            label = argv[++a];
        } else if (!strcmp(argv[a], "--first") && a + 1 < argc) {
            first = (unsigned)strtoul(argv[++a], NULL, 10);
            plan = false;
        } else {
            fprintf(stderr, "usage: %s [--timeout SEC] [--tests a,b] "
                    "[--label TEXT] [--first N]\n", argv[0]);
            return 2;
        }
    }
    for (unsigned i = 0; i < sizeof(tests) / sizeof(tests[0]); i++) {
        if (only && !strstr(only, tests[i].name)) {
            continue;
        }
        n++;
        if (run_one(i, timeout, msg, sizeof(msg))) {
            printf("ok %u - %s: %s\n", first + n - 1, label, tests[i].name);
        } else {
            printf("not ok %u - %s: %s # %s\n", first + n - 1, label,
                   tests[i].name, msg);
            failed++;
        }
        fflush(stdout);
    }
    if (plan) {
        printf("1..%u\n", n);
    }
    return failed ? 1 : 0;
}
