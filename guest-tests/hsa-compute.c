/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * aemu-hsa-compute: KFD user queues through ROCm's HSA runtime (Debian's
 * ROCr 5.2.3, libhsa-runtime64), every result checked on the CPU (issue
 * 11).
 *
 * The kernels are assembly for each ISA the model runs ROCm on
 * (guest-tests/hsa/kernels-gfx900.s, kernels-gfx701.s), assembled on the
 * build host into code objects v4 that scripts/build-guest.sh installs as
 * /usr/lib/aemu/aemu-kernels-ISA.hsaco; the program takes the one of the
 * GPU agent's ISA. The tests:
 *
 *   init         hsa_init; the GPU agent, named gfx900 or gfx701 (an ISA
 *                with kernels here); a kernarg pool
 *                (KERNARG_INIT), a coarse-grained pool of the GPU and a
 *                fine-grained system pool
 *   queue        hsa_queue_create (single producer, 64 packets, the least
 *                ROCr takes), its fields, hsa_queue_destroy
 *   code-object  the code object through a reader into an executable,
 *                loaded for the agent; the four kernels' descriptors,
 *                kernarg and segment sizes (host work only)
 *   code-object-freeze
 *                the executable frozen: ROCr copies the code into VRAM
 *                with its blit kernel and invalidates the instruction cache
 *                through an AMD vendor AQL packet (see code_freeze)
 *   vadd         c[i] = a[i] + b[i] over 65636 dwords in workgroups of 192
 *                (the last group partial, its last wave too): every
 *                element, and guard words past the end that a device
 *                running whole groups would overwrite; the completion
 *                signal waited on with a blocked wait and no timeout
 *                (hsa_signal_wait_scacquire, HSA_WAIT_STATE_BLOCKED: ROCr
 *                sleeps in KFD until the signal's event interrupt)
 *   reduce       per-workgroup sums of 64 x 256 dwords through LDS and
 *                s_barrier
 *   barrier-and  a dispatch behind a barrier-AND packet on a signal the
 *                host sets later: it must not run before, and must after
 *   barrier-or   the same behind a barrier-OR on two signals, of which
 *                the host sets one
 *   ring-wrap    200 dispatches in a row on the 64-packet queue (the ring
 *                wraps three times: the producer waits on the read index
 *                the packet processor writes back), every result checked,
 *                read index = write index at the end
 *   spin         a kernel looping 200000 times (a long kernel for
 *                preemption work later): its count, and its s_memtime delta
 *   copy-blit    hsa_amd_memory_async_copy of 4 MiB + 100 bytes host ->
 *                device -> host, byte by byte, with HSA_ENABLE_SDMA=0 (ROCr
 *                copies with its blit kernels on its own AQL queues)
 *   copy-sdma    the same with HSA_ENABLE_SDMA=1 (ROCr's SDMA user queues)
 *   evict-restore
 *                a host buffer locked for the GPU (hsa_amd_memory_lock: a
 *                KFD userptr) that a kernel writes; then, while a long
 *                kernel runs on the queue, the buffer's pages are dropped
 *                (madvise MADV_DONTNEED): the MMU notifier makes KFD evict
 *                the process's queues (UNMAP_QUEUES, which waits for the
 *                running kernel) and restore them (a new runlist) once it
 *                has the pages again; KFD's evicted_ms for the process must
 *                have grown, the long kernel's result be right, and a
 *                dispatch after the restore write the buffer again
 *   exit-live    a process with a queue and a long kernel running on it is
 *                killed; KFD tears its queues down (preemption, runlist
 *                without it); then a new process's dispatch runs
 *   peer         (only when named in --tests: it needs two GPU agents) a
 *                fine-grained system buffer (GTT) opened to both GPUs
 *                (KFD maps it on the second through a DMA-buf attachment);
 *                GPU A's SDMA fills it from its VRAM, GPU B's SDMA copies
 *                it into B's VRAM and back into another system buffer,
 *                every byte checked
 *
 * Each test runs in a process of its own, which does its own hsa_init
 * (the parent never initializes ROCr: a forked ROCr is unusable). A test
 * whose process has not reported within --timeout seconds is "not ok"
 * with the step it was in (the child names each step over a pipe before
 * taking it) and its process is killed; a child that crashes is "not ok"
 * too. The tests after a failed init, queue or code-object(-freeze) test
 * that need what it does are "not ok" without running (--keep-going runs
 * them anyway): they would only repeat the step that failed, each for a
 * whole timeout.
 *
 * Usage: aemu-hsa-compute [--tests LIST] [--timeout SEC] [--label TEXT]
 *                         [--first N] [--code-object FILE] [--keep-going]
 *   --tests LIST        a comma-separated subset, run in the order above
 *   --timeout SEC       each test's budget, 2 to 20 s (default 15): the
 *                       child reports a wait it gives up a second before
 *   --code-object FILE  the kernels (default: aemu-kernels-ISA.hsaco for
 *                       the agent's ISA next to this program, else
 *                       /usr/lib/aemu/aemu-kernels-ISA.hsaco)
 *   --first N           number the first test N and print no plan line
 * One TAP line per test: "ok N - LABEL: TEST: what" or "not ok N - ...:
 * reason". Exit status: 0 if every test passed, 1 if one failed, 2 usage
 * error.
 */
#include <dirent.h>
#include <errno.h>
#include <limits.h>
#include <fcntl.h>
#include <getopt.h>
#include <inttypes.h>
#include <poll.h>
#include <sched.h>
#include <signal.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include <hsa/hsa.h>
#include <hsa/hsa_ext_amd.h>
/* amdgpu's GEM interface (libdrm's copy of the kernel header). */
#include <amdgpu_drm.h>

#include "guest-clock.h"
#include "hsa-pools.h"
#include "rocr-destroy.h"

#define N_ELEMENTS(a) (sizeof(a) / sizeof((a)[0]))

/* aemu-kernels-ISA.hsaco, for the ISAs with kernels (guest-tests/hsa/). */
#define CODE_OBJECT_PREFIX  "aemu-kernels-"
#define CODE_OBJECT_SUFFIX  ".hsaco"
#define CODE_OBJECT_DIR     "/usr/lib/aemu"
static const char *const kernel_isas[] = { "gfx900", "gfx701" };
#define CANARY              0xC5A5E5D5u
#define GUARD_DWORDS        256u
/* ROCr's least AQL queue (GpuAgent::minAqlSize_): 64 packets, 4 KiB. */
#define QUEUE_PACKETS       64u
/* A timeout above this is refused: a plan must finish in bounded time. */
#define TIMEOUT_MAX         20.0

static struct {
    const char *tests;
    double timeout;
    const char *label;
    int first;
    const char *code_object;
    bool keep_going;
} opt = { .timeout = 15.0, .label = "hsa" };

static int tap_n, tap_failed;

static void tap(bool ok, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

static void tap(bool ok, const char *fmt, ...)
{
    va_list ap;

    tap_n++;
    tap_failed += !ok;
    printf("%sok %d - %s: ", ok ? "" : "not ", tap_n, opt.label);
    va_start(ap, fmt);
    vprintf(fmt, ap);
    va_end(ap);
    putchar('\n');
    fflush(stdout);
}

/* The same inputs on every run. */
static uint32_t rng_state;

static uint32_t rng(void)
{
    uint32_t x = rng_state;

    x ^= x << 13;
    x ^= x >> 17;
    x ^= x << 5;
    return rng_state = x;
}

/* ---- the child's side: steps, failures ---- */

/*
 * The pipe to the parent. The child writes "S step\n" before each step
 * that may block, so a timeout names it, and "R 0|1 text\n" at the end.
 */
static int report_fd = -1;
static char step_name[200];

static void step(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

static void step(const char *fmt, ...)
{
    char line[256];
    va_list ap;
    int n;

    va_start(ap, fmt);
    vsnprintf(step_name, sizeof(step_name), fmt, ap);
    va_end(ap);
    n = snprintf(line, sizeof(line), "S %s\n", step_name);
    if (report_fd >= 0) {
        (void)!write(report_fd, line, (size_t)n < sizeof(line) ? (size_t)n : sizeof(line) - 1);
    }
}

typedef struct Err {
    char msg[512];
} Err;

static bool fail(Err *e, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

static bool fail(Err *e, const char *fmt, ...)
{
    va_list ap;

    va_start(ap, fmt);
    vsnprintf(e->msg, sizeof(e->msg), fmt, ap);
    va_end(ap);
    return false;
}

#define HSA_TRY(e, call) do { \
        hsa_status_t s_ = (call); \
        if (s_ != HSA_STATUS_SUCCESS) { \
            return fail(e, "%s: 0x%x %s", #call, s_, hsa_status_name(s_)); \
        } \
    } while (0)

/* ---- the runtime: agents, pools, queue, kernels ---- */

typedef struct Kernel {
    const char *name;           /* the descriptor's symbol, NAME.kd */
    uint64_t object;            /* the kernel descriptor's address */
    uint32_t kernarg_size, kernarg_align, group_size, private_size;
    /* What the code object's metadata says (kernels-ISA.s). */
    uint32_t want_kernarg, want_group;
} Kernel;

enum { K_VADD, K_REDUCE, K_MARK, K_SPIN, K_COUNT };

typedef struct Hsa {
    hsa_agent_t gpu, cpu;
    bool have_gpu, have_cpu;
    char gpu_name[64];
    hsa_amd_memory_pool_t kernarg_pool, device_pool, system_pool;
    bool have_kernarg, have_device, have_system;
    uint64_t kernarg_pool_size, device_pool_size, system_pool_size;
    uint64_t timestamp_hz;
    hsa_queue_t *queue;
    void *co_data;
    size_t co_size;
    hsa_code_object_reader_t reader;
    hsa_executable_t exec;
    Kernel k[K_COUNT];
} Hsa;

static const Kernel kernel_init[K_COUNT] = {
    [K_VADD] = { .name = "aemu_vadd.kd", .want_kernarg = 24 },
    [K_REDUCE] = { .name = "aemu_reduce.kd", .want_kernarg = 16, .want_group = 1024 },
    [K_MARK] = { .name = "aemu_mark.kd", .want_kernarg = 16 },
    [K_SPIN] = { .name = "aemu_spin.kd", .want_kernarg = 16 },
};

static hsa_status_t agent_cb(hsa_agent_t agent, void *data)
{
    Hsa *h = data;
    hsa_device_type_t type;

    if (hsa_agent_get_info(agent, HSA_AGENT_INFO_DEVICE, &type) != HSA_STATUS_SUCCESS) {
        return HSA_STATUS_SUCCESS;
    }
    if (type == HSA_DEVICE_TYPE_GPU && !h->have_gpu) {
        h->gpu = agent;
        h->have_gpu = true;
        hsa_agent_get_info(agent, HSA_AGENT_INFO_NAME, h->gpu_name);
    } else if (type == HSA_DEVICE_TYPE_CPU && !h->have_cpu) {
        h->cpu = agent;
        h->have_cpu = true;
    }
    return HSA_STATUS_SUCCESS;
}


/* hsa_init, the agents and the pools every test starts from. */
static bool hsa_setup(Hsa *h, Err *e)
{
    HsaHostPools host = { 0 };
    HsaPool vram = { 0 };

    step("hsa_init");
    HSA_TRY(e, hsa_init());
    step("hsa_iterate_agents");
    HSA_TRY(e, hsa_iterate_agents(agent_cb, h));
    if (!h->have_gpu) {
        return fail(e, "no GPU agent (does KFD list the GPU in its topology?)");
    }
    if (!h->have_cpu) {
        return fail(e, "no CPU agent");
    }
    HSA_TRY(e, hsa_system_get_info(HSA_SYSTEM_INFO_TIMESTAMP_FREQUENCY, &h->timestamp_hz));
    step("hsa_amd_agent_iterate_memory_pools");
    HSA_TRY(e, hsa_amd_agent_iterate_memory_pools(h->cpu, hsa_host_pools_cb, &host));
    HSA_TRY(e, hsa_amd_agent_iterate_memory_pools(h->gpu, hsa_vram_pool_cb, &vram));
    h->kernarg_pool = host.kernarg.pool;
    h->kernarg_pool_size = host.kernarg.size;
    h->have_kernarg = host.kernarg.have;
    h->system_pool = host.system.pool;
    h->system_pool_size = host.system.size;
    h->have_system = host.system.have;
    h->device_pool = vram.pool;
    h->device_pool_size = vram.size;
    h->have_device = vram.have;
    if (!h->have_kernarg) {
        return fail(e, "no kernarg pool (KERNARG_INIT) on the CPU agent");
    }
    if (!h->have_system) {
        return fail(e, "no fine-grained system pool on the CPU agent");
    }
    if (!h->have_device) {
        return fail(e, "no coarse-grained pool on the GPU agent");
    }
    return true;
}

/* Set by ROCr's queue error callback (its own thread). */
static volatile hsa_status_t queue_error;

static void queue_error_cb(hsa_status_t status, hsa_queue_t *q, void *data)
{
    (void)q;
    (void)data;
    queue_error = status;
    gt_diag("ROCr reports a queue error: 0x%x %s", status, hsa_status_name(status));
}

static bool queue_setup(Hsa *h, Err *e)
{
    step("hsa_queue_create (%u packets; ROCr creates its utility queue first)", QUEUE_PACKETS);
    HSA_TRY(e, hsa_queue_create(h->gpu, QUEUE_PACKETS, HSA_QUEUE_TYPE_SINGLE, queue_error_cb,
                                NULL, UINT32_MAX, UINT32_MAX, &h->queue));
    return true;
}

static bool read_file(const char *path, void **data, size_t *size, Err *e)
{
    FILE *f = fopen(path, "rb");
    struct stat st;

    if (!f) {
        return fail(e, "%s: %s", path, strerror(errno));
    }
    if (fstat(fileno(f), &st) < 0 || st.st_size <= 0) {
        fclose(f);
        return fail(e, "%s: empty or unreadable", path);
    }
    *size = (size_t)st.st_size;
    *data = malloc(*size);
    if (!*data || fread(*data, 1, *size, f) != *size) {
        fclose(f);
        return fail(e, "%s: read failed", path);
    }
    fclose(f);
    return true;
}

/*
 * The kernels' symbols and what ROCr says of them, checked against the
 * code object's metadata. The kernel object is the descriptor's address
 * in the code segment, known once the executable is loaded.
 */
static bool kernel_symbols(Hsa *h, Err *e)
{
    step("the kernels' symbols");
    for (int i = 0; i < K_COUNT; i++) {
        Kernel *k = &h->k[i];
        hsa_executable_symbol_t sym;

        *k = kernel_init[i];
        HSA_TRY(e, hsa_executable_get_symbol_by_name(h->exec, k->name, &h->gpu, &sym));
        HSA_TRY(e, hsa_executable_symbol_get_info(sym, HSA_EXECUTABLE_SYMBOL_INFO_KERNEL_OBJECT,
                                                  &k->object));
        HSA_TRY(e, hsa_executable_symbol_get_info(
                       sym, HSA_EXECUTABLE_SYMBOL_INFO_KERNEL_KERNARG_SEGMENT_SIZE,
                       &k->kernarg_size));
        HSA_TRY(e, hsa_executable_symbol_get_info(
                       sym, HSA_EXECUTABLE_SYMBOL_INFO_KERNEL_KERNARG_SEGMENT_ALIGNMENT,
                       &k->kernarg_align));
        HSA_TRY(e, hsa_executable_symbol_get_info(
                       sym, HSA_EXECUTABLE_SYMBOL_INFO_KERNEL_GROUP_SEGMENT_SIZE,
                       &k->group_size));
        HSA_TRY(e, hsa_executable_symbol_get_info(
                       sym, HSA_EXECUTABLE_SYMBOL_INFO_KERNEL_PRIVATE_SEGMENT_SIZE,
                       &k->private_size));
        if (!k->object || k->object % 64) {
            return fail(e, "%s: kernel object 0x%" PRIx64 " (a descriptor is 64-byte aligned)",
                        k->name, k->object);
        }
        if (k->kernarg_size != k->want_kernarg || k->group_size != k->want_group ||
            k->private_size != 0) {
            return fail(e, "%s: kernarg %u, group %u, private %u bytes; the code object says"
                        " %u, %u, 0", k->name, k->kernarg_size, k->group_size,
                        k->private_size, k->want_kernarg, k->want_group);
        }
    }
    return true;
}

/*
 * The code object into an executable for the GPU agent, loaded, and the
 * kernels' symbols: host work only. ROCr allocates the code segment of a
 * dGPU (base profile) in VRAM and keeps a host copy until the freeze.
 */
static const char *code_object_for(const char *isa);

static bool code_load(Hsa *h, Err *e)
{
    hsa_profile_t profile;

    if (!opt.code_object) {
        opt.code_object = code_object_for(h->gpu_name);
    }
    step("reading %s", opt.code_object);
    if (!read_file(opt.code_object, &h->co_data, &h->co_size, e)) {
        return false;
    }
    step("hsa_code_object_reader_create_from_memory");
    HSA_TRY(e, hsa_code_object_reader_create_from_memory(h->co_data, h->co_size, &h->reader));
    HSA_TRY(e, hsa_agent_get_info(h->gpu, HSA_AGENT_INFO_PROFILE, &profile));
    step("hsa_executable_create_alt");
    HSA_TRY(e, hsa_executable_create_alt(profile, HSA_DEFAULT_FLOAT_ROUNDING_MODE_DEFAULT, NULL,
                                         &h->exec));
    step("hsa_executable_load_agent_code_object");
    HSA_TRY(e, hsa_executable_load_agent_code_object(h->exec, h->gpu, h->reader, NULL, NULL));
    return kernel_symbols(h, e);
}

/*
 * Freeze the loaded executable: the GPU's part. At freeze ROCr 5.2.3
 * copies the code segment into VRAM with its blit kernel on its utility
 * queue, then invalidates the instruction cache with a PM4 ACQUIRE_MEM in
 * an AMD vendor AQL packet (RegionMemory::Freeze,
 * GpuAgent::InvalidateCodeCaches): running a kernel of one's own needs
 * the AQL packet processor twice over before the first dispatch.
 */
static bool code_freeze(Hsa *h, Err *e)
{
    uint64_t before[K_COUNT];
    uint32_t result = 0;

    for (int i = 0; i < K_COUNT; i++) {
        before[i] = h->k[i].object;
    }
    step("hsa_executable_freeze (ROCr copies the code into VRAM with its blit kernel"
         " on its utility queue, then invalidates the I-cache through a vendor"
         " PM4-IB AQL packet)");
    HSA_TRY(e, hsa_executable_freeze(h->exec, NULL));
    step("hsa_executable_validate");
    HSA_TRY(e, hsa_executable_validate(h->exec, &result));
    if (result) {
        return fail(e, "hsa_executable_validate: result %u", result);
    }
    if (!kernel_symbols(h, e)) {
        return false;
    }
    for (int i = 0; i < K_COUNT; i++) {
        if (h->k[i].object != before[i]) {
            return fail(e, "%s moved at freeze: 0x%" PRIx64 ", loaded at 0x%" PRIx64,
                        h->k[i].name, h->k[i].object, before[i]);
        }
    }
    return true;
}

static bool code_setup(Hsa *h, Err *e)
{
    return code_load(h, e) && code_freeze(h, e);
}

/* ---- memory, signals, packets ---- */

static void *pool_alloc(Hsa *h, hsa_amd_memory_pool_t pool, size_t size, Err *e)
{
    void *p = NULL;
    hsa_status_t s = hsa_amd_memory_pool_allocate(pool, size, 0, &p);

    if (s != HSA_STATUS_SUCCESS) {
        fail(e, "hsa_amd_memory_pool_allocate(%zu bytes): 0x%x %s", size, s, hsa_status_name(s));
        return NULL;
    }
    /* System memory: let the GPU at it (a no-op for pools open to all). */
    if (pool.handle != h->device_pool.handle) {
        s = hsa_amd_agents_allow_access(1, &h->gpu, NULL, p);
        if (s != HSA_STATUS_SUCCESS) {
            fail(e, "hsa_amd_agents_allow_access: 0x%x %s", s, hsa_status_name(s));
            return NULL;
        }
    }
    return p;
}

static bool signal_new(hsa_signal_value_t v, hsa_signal_t *s, Err *e)
{
    /* No consumers listed: ROCr makes it an interrupt signal (a KFD event). */
    HSA_TRY(e, hsa_signal_create(v, 0, NULL, s));
    return true;
}

/* When the test must have reported (the parent kills it a second later). */
static double child_deadline;

static uint16_t packet_header(hsa_packet_type_t type, bool barrier)
{
    return (uint16_t)(type << HSA_PACKET_HEADER_TYPE |
                      (barrier ? 1u << HSA_PACKET_HEADER_BARRIER : 0) |
                      HSA_FENCE_SCOPE_SYSTEM << HSA_PACKET_HEADER_SCACQUIRE_FENCE_SCOPE |
                      HSA_FENCE_SCOPE_SYSTEM << HSA_PACKET_HEADER_SCRELEASE_FENCE_SCOPE);
}

/*
 * Put a 64-byte packet on the queue: claim a slot, wait for it to be free
 * (the packet processor frees slots as its read index, written back to
 * the queue, passes them), write the body, then the header and setup
 * dword with release order so the processor never sees half a packet,
 * and ring the doorbell with the packet's index if asked. Returns the
 * packet's index, or UINT64_MAX (with e set) if the slot stayed taken.
 */
static uint64_t submit(hsa_queue_t *q, const void *pkt, uint16_t header, uint16_t setup,
                       bool ring, Err *e)
{
    uint64_t idx = hsa_queue_add_write_index_scacq_screl(q, 1);
    uint32_t *slot = (uint32_t *)((char *)q->base_address + (idx & (q->size - 1)) * 64);

    if (idx - hsa_queue_load_read_index_scacquire(q) >= q->size) {
        step("waiting for a free slot for packet %" PRIu64 " (the read index the packet"
             " processor writes back is %" PRIu64 ")", idx, hsa_queue_load_read_index_scacquire(q));
        while (idx - hsa_queue_load_read_index_scacquire(q) >= q->size) {
            if (gt_now() > child_deadline) {
                fail(e, "packet %" PRIu64 " found no free slot: the read index stayed at %"
                     PRIu64 " (queue of %u)", idx, hsa_queue_load_read_index_scacquire(q),
                     q->size);
                return UINT64_MAX;
            }
            sched_yield();
        }
    }
    memcpy(slot + 1, (const uint32_t *)pkt + 1, 60);
    __atomic_store_n(slot, header | (uint32_t)setup << 16, __ATOMIC_RELEASE);
    if (ring) {
        hsa_signal_store_screlease(q->doorbell_signal, (hsa_signal_value_t)idx);
    }
    return idx;
}

static uint64_t dispatch(Hsa *h, const Kernel *k, uint32_t grid, uint32_t group,
                         void *kernarg, hsa_signal_t done, bool barrier, bool ring, Err *e)
{
    hsa_kernel_dispatch_packet_t p;

    memset(&p, 0, sizeof(p));
    p.workgroup_size_x = (uint16_t)group;
    p.workgroup_size_y = 1;
    p.workgroup_size_z = 1;
    p.grid_size_x = grid;
    p.grid_size_y = 1;
    p.grid_size_z = 1;
    p.private_segment_size = k->private_size;
    p.group_segment_size = k->group_size;
    p.kernel_object = k->object;
    p.kernarg_address = kernarg;
    p.completion_signal = done;
    return submit(h->queue, &p, packet_header(HSA_PACKET_TYPE_KERNEL_DISPATCH, barrier),
                  1 << HSA_KERNEL_DISPATCH_PACKET_SETUP_DIMENSIONS, ring, e);
}

/*
 * Wait until the signal drops below 1 with blocked waits (ROCr sleeps in
 * KFD on the signal's event), a quarter second at a time so that a queue
 * error or the test's deadline ends it with a reason.
 */
static bool wait_done(Hsa *h, hsa_signal_t sig, const char *what, Err *e)
{
    uint64_t slice = h->timestamp_hz / 4;
    hsa_signal_value_t v;

    step("waiting for %s", what);
    for (;;) {
        v = hsa_signal_wait_scacquire(sig, HSA_SIGNAL_CONDITION_LT, 1, slice,
                                      HSA_WAIT_STATE_BLOCKED);
        if (v < 1) {
            return true;
        }
        if (queue_error != HSA_STATUS_SUCCESS) {
            return fail(e, "%s: ROCr reported a queue error 0x%x %s", what, queue_error,
                        hsa_status_name(queue_error));
        }
        if (gt_now() > child_deadline) {
            if (h->queue) {
                return fail(e, "%s did not complete (signal %" PRId64 "; queue read index %"
                            PRIu64 ", write index %" PRIu64 ")", what, (int64_t)v,
                            hsa_queue_load_read_index_scacquire(h->queue),
                            hsa_queue_load_write_index_scacquire(h->queue));
            }
            return fail(e, "%s did not complete (signal %" PRId64 ")", what, (int64_t)v);
        }
    }
}

/* Count and describe the differences of out[0..n) from want(i). */
typedef uint32_t (*WantFn)(uint32_t i, const void *ctx);

static bool check_dwords(const uint32_t *out, uint32_t n, WantFn want, const void *ctx,
                         const char *what, Err *e)
{
    uint32_t bad = 0, first = 0;

    for (uint32_t i = 0; i < n; i++) {
        if (out[i] != want(i, ctx)) {
            if (!bad++) {
                first = i;
            }
        }
    }
    if (bad) {
        return fail(e, "%s: %u of %u dwords wrong, the first [%u] = 0x%08x, want 0x%08x",
                    what, bad, n, first, out[first], want(first, ctx));
    }
    return true;
}

static uint32_t want_canary(uint32_t i, const void *ctx)
{
    (void)i;
    (void)ctx;
    return CANARY;
}

static void fill_canary(uint32_t *p, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        p[i] = CANARY;
    }
}

/* ---- the tests ---- */

enum {
    NEED_INIT = 1,              /* hsa_setup */
    NEED_QUEUE = 2,             /* queue_setup */
    NEED_CODE = 4,              /* code_setup */
};

typedef bool (*TestFn)(Hsa *h, Err *e, char *what, size_t what_len);

typedef struct Test {
    const char *name;
    TestFn run;
    unsigned needs;
    const char *env;            /* NAME=VALUE set before hsa_init */
    bool named_only;            /* runs only when --tests names it */
} Test;

static bool t_init(Hsa *h, Err *e, char *what, size_t what_len)
{
    char isa[64] = "", product[64] = "";
    uint32_t cus = 0, qmin = 0, qmax = 0, qcount = 0;
    uint16_t version[2] = { 0, 0 };

    hsa_system_get_info(HSA_SYSTEM_INFO_VERSION_MAJOR, &version[0]);
    hsa_system_get_info(HSA_SYSTEM_INFO_VERSION_MINOR, &version[1]);
    hsa_agent_get_info(h->gpu, (hsa_agent_info_t)HSA_AMD_AGENT_INFO_PRODUCT_NAME, product);
    hsa_agent_get_info(h->gpu, (hsa_agent_info_t)HSA_AMD_AGENT_INFO_COMPUTE_UNIT_COUNT, &cus);
    hsa_agent_get_info(h->gpu, HSA_AGENT_INFO_QUEUE_MIN_SIZE, &qmin);
    hsa_agent_get_info(h->gpu, HSA_AGENT_INFO_QUEUE_MAX_SIZE, &qmax);
    hsa_agent_get_info(h->gpu, HSA_AGENT_INFO_QUEUES_MAX, &qcount);
    {
        hsa_isa_t i;
        if (hsa_agent_get_info(h->gpu, HSA_AGENT_INFO_ISA, &i) == HSA_STATUS_SUCCESS) {
            hsa_isa_get_info_alt(i, HSA_ISA_INFO_NAME, isa);
        }
    }
    gt_diag("HSA %u.%u; GPU agent %s (%s), ISA %s, %u CUs; queues of %u to %u packets,"
         " up to %u", version[0], version[1], h->gpu_name, product, isa, cus, qmin, qmax,
         qcount);
    gt_diag("pools: kernarg %" PRIu64 " MiB, system %" PRIu64 " MiB, device %" PRIu64 " MiB;"
         " timestamps at %" PRIu64 " Hz", h->kernarg_pool_size >> 20,
         h->system_pool_size >> 20, h->device_pool_size >> 20, h->timestamp_hz);
    {
        size_t i = 0;

        while (i < N_ELEMENTS(kernel_isas) && strcmp(h->gpu_name, kernel_isas[i])) {
            i++;
        }
        if (i == N_ELEMENTS(kernel_isas)) {
            return fail(e, "the GPU agent is '%s', an ISA this program has no kernels for",
                        h->gpu_name);
        }
    }
    snprintf(what, what_len, "hsa_init, GPU agent %s, a kernarg pool, a coarse-grained"
             " device pool (%" PRIu64 " MiB), a fine-grained system pool", h->gpu_name,
             h->device_pool_size >> 20);
    return true;
}

static bool t_queue(Hsa *h, Err *e, char *what, size_t what_len)
{
    hsa_queue_t *q = h->queue;
    uint64_t r = hsa_queue_load_read_index_scacquire(q);
    uint64_t w = hsa_queue_load_write_index_scacquire(q);
    unsigned kicks;

    gt_diag("queue id %" PRIu64 ": ring at %p, %u packets, %s producer, doorbell signal 0x%"
         PRIx64, q->id, q->base_address, q->size,
         q->type == HSA_QUEUE_TYPE_MULTI ? "multi" : "single", q->doorbell_signal.handle);
    /*
     * A multi-producer queue serves a single producer too, and ROCr makes
     * every AQL queue one (AqlQueue's constructor), so either type will do.
     */
    if (q->size != QUEUE_PACKETS ||
        (q->type != HSA_QUEUE_TYPE_SINGLE && q->type != HSA_QUEUE_TYPE_MULTI)) {
        return fail(e, "the queue has %u packets and type %d, asked %u and single", q->size,
                    (int)q->type, QUEUE_PACKETS);
    }
    if (!(q->features & HSA_QUEUE_FEATURE_KERNEL_DISPATCH)) {
        return fail(e, "the queue lacks the kernel-dispatch feature (0x%x)", q->features);
    }
    if (!q->base_address || (uintptr_t)q->base_address % 64 || !q->doorbell_signal.handle) {
        return fail(e, "ring %p, doorbell signal 0x%" PRIx64, q->base_address,
                    q->doorbell_signal.handle);
    }
    if (r || w) {
        return fail(e, "a new queue's read index is %" PRIu64 " and write index %" PRIu64,
                    r, w);
    }
    step("hsa_queue_destroy");
    HSA_TRY(e, rocr_queue_destroy(q, &kicks));
    h->queue = NULL;
    snprintf(what, what_len, "hsa_queue_create of %u packets, indices 0, hsa_queue_destroy%s",
             QUEUE_PACKETS, kicks ? " (ROCr's lost wakeup: its event set again)" : "");
    return true;
}

static bool t_code_object(Hsa *h, Err *e, char *what, size_t what_len)
{
    if (!code_load(h, e)) {
        return false;
    }
    for (int i = 0; i < K_COUNT; i++) {
        const Kernel *k = &h->k[i];
        gt_diag("%s at 0x%" PRIx64 ": kernarg %u bytes (align %u), group %u, private %u",
             k->name, k->object, k->kernarg_size, k->kernarg_align, k->group_size,
             k->private_size);
    }
    snprintf(what, what_len, "%s (%zu bytes) through a reader into an executable, loaded"
             " for the agent; %d kernels with the metadata's sizes", opt.code_object,
             h->co_size, K_COUNT);
    return true;
}

static bool t_code_freeze(Hsa *h, Err *e, char *what, size_t what_len)
{
    if (!code_setup(h, e)) {
        return false;
    }
    snprintf(what, what_len, "hsa_executable_freeze (the code copied into VRAM, the"
             " I-cache invalidated), validated, the kernels where they were loaded");
    return true;
}

typedef struct VaddCtx {
    const uint32_t *a, *b;
} VaddCtx;

static uint32_t want_vadd(uint32_t i, const void *ctx)
{
    const VaddCtx *c = ctx;
    return c->a[i] + c->b[i];
}

static bool t_vadd(Hsa *h, Err *e, char *what, size_t what_len)
{
    /* 65636 = 341 x 192 + 164: the last group has two waves and 36 lanes. */
    const uint32_t n = 65636, group = 192, groups = (n + group - 1) / group;
    size_t bytes = (n + GUARD_DWORDS) * sizeof(uint32_t);
    uint32_t *a, *b, *c;
    struct { void *a, *b, *c; } *args;
    hsa_signal_t done;
    hsa_signal_value_t v;
    VaddCtx ctx;
    uint64_t idx, r;

    if (!(a = pool_alloc(h, h->system_pool, bytes, e)) ||
        !(b = pool_alloc(h, h->system_pool, bytes, e)) ||
        !(c = pool_alloc(h, h->system_pool, bytes, e)) ||
        !(args = pool_alloc(h, h->kernarg_pool, h->k[K_VADD].kernarg_size, e)) ||
        !signal_new(1, &done, e)) {
        return false;
    }
    for (uint32_t i = 0; i < n + GUARD_DWORDS; i++) {
        a[i] = rng();
        b[i] = rng();
    }
    fill_canary(c, n + GUARD_DWORDS);
    args->a = a;
    args->b = b;
    args->c = c;
    step("submitting the dispatch");
    idx = dispatch(h, &h->k[K_VADD], n, group, args, done, true, true, e);
    if (idx == UINT64_MAX) {
        return false;
    }
    /* No timeout: ROCr sleeps in KFD until the completion's event fires. */
    step("hsa_signal_wait_scacquire(completion < 1, UINT64_MAX, HSA_WAIT_STATE_BLOCKED)");
    v = hsa_signal_wait_scacquire(done, HSA_SIGNAL_CONDITION_LT, 1, UINT64_MAX,
                                  HSA_WAIT_STATE_BLOCKED);
    if (v >= 1) {
        return fail(e, "the blocked wait returned with the signal at %" PRId64, (int64_t)v);
    }
    ctx.a = a;
    ctx.b = b;
    if (!check_dwords(c, n, want_vadd, &ctx, "c", e) ||
        !check_dwords(c + n, GUARD_DWORDS, want_canary, NULL,
                      "the guard past c (work-items beyond the grid ran)", e)) {
        return false;
    }
    /* The packet processor wrote its read index back past the packet. */
    r = hsa_queue_load_read_index_scacquire(h->queue);
    if (r <= idx) {
        return fail(e, "the packet completed but the queue's read index is %" PRIu64, r);
    }
    snprintf(what, what_len, "%u dwords in %u groups of %u (the last of %u), every element"
             " and %u guard dwords; a blocked wait; read index %" PRIu64, n, groups, group,
             n - (groups - 1) * group, GUARD_DWORDS, r);
    return true;
}

static uint32_t want_sum(uint32_t g, const void *ctx)
{
    const uint32_t *in = ctx;
    uint32_t s = 0;

    for (uint32_t i = 0; i < 256; i++) {
        s += in[g * 256 + i];
    }
    return s;
}

static bool t_reduce(Hsa *h, Err *e, char *what, size_t what_len)
{
    const uint32_t groups = 64, group = 256, n = groups * group;
    uint32_t *in, *sums;
    struct { void *in, *sums; } *args;
    hsa_signal_t done;

    if (!(in = pool_alloc(h, h->system_pool, n * sizeof(uint32_t), e)) ||
        !(sums = pool_alloc(h, h->system_pool, (groups + GUARD_DWORDS) * sizeof(uint32_t), e)) ||
        !(args = pool_alloc(h, h->kernarg_pool, h->k[K_REDUCE].kernarg_size, e)) ||
        !signal_new(1, &done, e)) {
        return false;
    }
    for (uint32_t i = 0; i < n; i++) {
        in[i] = rng();
    }
    fill_canary(sums, groups + GUARD_DWORDS);
    args->in = in;
    args->sums = sums;
    step("submitting the dispatch");
    if (dispatch(h, &h->k[K_REDUCE], n, group, args, done, true, true, e) == UINT64_MAX ||
        !wait_done(h, done, "the reduction", e)) {
        return false;
    }
    if (!check_dwords(sums, groups, want_sum, in, "sums", e) ||
        !check_dwords(sums + groups, GUARD_DWORDS, want_canary, NULL, "the guard past sums",
                      e)) {
        return false;
    }
    snprintf(what, what_len, "%u workgroup sums of %u dwords through LDS and s_barrier",
             groups, group);
    return true;
}

typedef struct MarkCtx {
    uint32_t value;
} MarkCtx;

static uint32_t want_mark(uint32_t i, const void *ctx)
{
    return ((const MarkCtx *)ctx)->value + i;
}

/*
 * A dispatch of aemu_mark (64 work-items: out[i] = value + i) behind a
 * barrier packet on signals the host sets later. The dispatch has the
 * barrier bit, so it starts only when the barrier packet has completed.
 */
static bool barrier_test(Hsa *h, Err *e, char *what, size_t what_len, bool is_or)
{
    const uint32_t items = 64;
    const double hold = 0.5;    /* seconds the barrier must hold the dispatch */
    const char *kind = is_or ? "barrier-OR" : "barrier-AND";
    uint32_t *out;
    struct { void *out; uint32_t value, pad; } *args;
    hsa_signal_t dep[2], bar_done, done;
    hsa_barrier_and_packet_t bp;    /* the OR packet has the same layout */
    MarkCtx ctx = { .value = is_or ? 0x0B0000 : 0x0A0000 };
    uint64_t r;

    if (!(out = pool_alloc(h, h->system_pool, (items + GUARD_DWORDS) * 4, e)) ||
        !(args = pool_alloc(h, h->kernarg_pool, h->k[K_MARK].kernarg_size, e)) ||
        !signal_new(1, &dep[0], e) || !signal_new(1, &dep[1], e) ||
        !signal_new(1, &bar_done, e) || !signal_new(1, &done, e)) {
        return false;
    }
    fill_canary(out, items + GUARD_DWORDS);
    args->out = out;
    args->value = ctx.value;
    args->pad = 0;
    memset(&bp, 0, sizeof(bp));
    bp.dep_signal[0] = dep[0];
    if (is_or) {
        /* OR: a zero handle is a dependency never met, so only these two count. */
        bp.dep_signal[1] = dep[1];
    }
    bp.completion_signal = bar_done;
    step("submitting the %s packet and the dispatch", kind);
    if (submit(h->queue, &bp, packet_header(is_or ? HSA_PACKET_TYPE_BARRIER_OR :
                                            HSA_PACKET_TYPE_BARRIER_AND, true),
               0, false, e) == UINT64_MAX ||
        dispatch(h, &h->k[K_MARK], items, items, args, done, true, true, e) == UINT64_MAX) {
        return false;
    }
    step("holding the %s's signals for %.1f s", kind, hold);
    gt_sleep(hold);
    r = hsa_queue_load_read_index_scacquire(h->queue);
    if (hsa_signal_load_scacquire(done) != 1 || hsa_signal_load_scacquire(bar_done) != 1 ||
        !check_dwords(out, items, want_canary, NULL,
                      "the output before the host set the barrier's signal", e)) {
        if (!e->msg[0]) {
            fail(e, "a signal completed before the host set the barrier's signal"
                 " (barrier %" PRId64 ", dispatch %" PRId64 ")",
                 (int64_t)hsa_signal_load_scacquire(bar_done),
                 (int64_t)hsa_signal_load_scacquire(done));
        }
        return false;
    }
    gt_diag("%s: after %.1f s the dispatch has not run; read index %" PRIu64, kind, hold, r);
    /* AND: its only signal; OR: the second of two, the first stays 1. */
    hsa_signal_store_screlease(is_or ? dep[1] : dep[0], 0);
    if (!wait_done(h, done, "the dispatch after the host set the barrier's signal", e)) {
        return false;
    }
    if (hsa_signal_load_scacquire(bar_done) != 0) {
        return fail(e, "the dispatch completed but the %s packet's completion signal is %"
                    PRId64, kind, (int64_t)hsa_signal_load_scacquire(bar_done));
    }
    if (!check_dwords(out, items, want_mark, &ctx, "out", e) ||
        !check_dwords(out + items, GUARD_DWORDS, want_canary, NULL, "the guard past out", e)) {
        return false;
    }
    snprintf(what, what_len, "a dispatch held %.1f s by a %s packet%s, run once the host"
             " set it; both completion signals", hold, kind,
             is_or ? " on two signals (one set)" : "");
    return true;
}

static bool t_barrier_and(Hsa *h, Err *e, char *what, size_t what_len)
{
    return barrier_test(h, e, what, what_len, false);
}

static bool t_barrier_or(Hsa *h, Err *e, char *what, size_t what_len)
{
    return barrier_test(h, e, what, what_len, true);
}

#define RING_DISPATCHES     200u
#define RING_ITEMS          64u

static uint32_t want_ring(uint32_t i, const void *ctx)
{
    (void)ctx;
    /* Dispatch k wrote (k + 1) << 16 plus the work-item. */
    return ((i / RING_ITEMS + 1) << 16) + i % RING_ITEMS;
}

static bool t_ring_wrap(Hsa *h, Err *e, char *what, size_t what_len)
{
    const uint32_t n = RING_DISPATCHES * RING_ITEMS;
    uint32_t *out;
    struct Args { void *out; uint32_t value, pad; } *args;
    hsa_signal_t done;
    uint64_t r, w;

    if (!(out = pool_alloc(h, h->system_pool, (n + GUARD_DWORDS) * 4, e)) ||
        !(args = pool_alloc(h, h->kernarg_pool, RING_DISPATCHES * sizeof(*args), e)) ||
        !signal_new(RING_DISPATCHES, &done, e)) {
        return false;
    }
    fill_canary(out, n + GUARD_DWORDS);
    step("submitting %u dispatches", RING_DISPATCHES);
    for (uint32_t k = 0; k < RING_DISPATCHES; k++) {
        args[k].out = out + k * RING_ITEMS;
        args[k].value = (k + 1) << 16;
        args[k].pad = 0;
        /* Each decrements the one signal. */
        if (dispatch(h, &h->k[K_MARK], RING_ITEMS, RING_ITEMS, &args[k], done, false, true,
                     e) == UINT64_MAX) {
            return false;
        }
    }
    if (!wait_done(h, done, "the last of the dispatches", e)) {
        return false;
    }
    if (!check_dwords(out, n, want_ring, NULL, "out", e) ||
        !check_dwords(out + n, GUARD_DWORDS, want_canary, NULL, "the guard past out", e)) {
        return false;
    }
    r = hsa_queue_load_read_index_scacquire(h->queue);
    w = hsa_queue_load_write_index_scacquire(h->queue);
    if (r != w || w != RING_DISPATCHES) {
        return fail(e, "after the last dispatch the read index is %" PRIu64 " and the write"
                    " index %" PRIu64 " (want %u)", r, w, RING_DISPATCHES);
    }
    snprintf(what, what_len, "%u dispatches through a %u-packet ring, every result; read"
             " index = write index = %" PRIu64, RING_DISPATCHES, h->queue->size, r);
    return true;
}

#define SPIN_ITERATIONS     200000u

static bool t_spin(Hsa *h, Err *e, char *what, size_t what_len)
{
    const uint32_t items = 64;
    uint32_t *out;
    struct { void *out; uint32_t iterations, pad; } *args;
    hsa_signal_t done;
    double t0;

    if (!(out = pool_alloc(h, h->system_pool, (2 * items + GUARD_DWORDS) * 4, e)) ||
        !(args = pool_alloc(h, h->kernarg_pool, h->k[K_SPIN].kernarg_size, e)) ||
        !signal_new(1, &done, e)) {
        return false;
    }
    fill_canary(out, 2 * items + GUARD_DWORDS);
    args->out = out;
    args->iterations = SPIN_ITERATIONS;
    args->pad = 0;
    t0 = gt_now();
    if (dispatch(h, &h->k[K_SPIN], items, items, args, done, true, true, e) == UINT64_MAX ||
        !wait_done(h, done, "the spinning kernel", e)) {
        return false;
    }
    for (uint32_t i = 0; i < items; i++) {
        if (out[2 * i] != SPIN_ITERATIONS) {
            return fail(e, "work-item %u counted %u iterations, want %u", i, out[2 * i],
                        SPIN_ITERATIONS);
        }
    }
    if (!check_dwords(out + 2 * items, GUARD_DWORDS, want_canary, NULL, "the guard past out",
                      e)) {
        return false;
    }
    snprintf(what, what_len, "%u iterations per work-item in %.2f s; s_memtime advanced %u",
             SPIN_ITERATIONS, gt_now() - t0, out[1]);
    return true;
}

/*
 * This process's queues as KFD lists them in sysfs
 * (/sys/class/kfd/kfd/proc/PID/queues/ID/type: KFD's enum kfd_queue_type),
 * to tell which engine ROCr copies with. False without that directory.
 * Not debugfs' kfd/mqds: on Hawaii 6.12 reading it with a compute queue
 * calls a NULL mqd_stride (kfd_mqd_manager_cik.c) and oopses.
 */
#define KFD_QUEUE_TYPE_COMPUTE      0
#define KFD_QUEUE_TYPE_SDMA         1
#define KFD_QUEUE_TYPE_SDMA_XGMI    4

static bool kfd_queue_summary(int *compute, int *sdma)
{
    char dir[64], path[PATH_MAX];
    struct dirent *ent;
    DIR *d;

    *compute = *sdma = 0;
    snprintf(dir, sizeof(dir), "/sys/class/kfd/kfd/proc/%d/queues", (int)getpid());
    if (!(d = opendir(dir))) {
        return false;
    }
    while ((ent = readdir(d))) {
        FILE *f;
        int type;

        if (ent->d_name[0] == '.') {
            continue;
        }
        snprintf(path, sizeof(path), "%s/%s/type", dir, ent->d_name);
        if (!(f = fopen(path, "r"))) {
            continue;
        }
        if (fscanf(f, "%d", &type) == 1) {
            *compute += type == KFD_QUEUE_TYPE_COMPUTE;
            *sdma += type == KFD_QUEUE_TYPE_SDMA || type == KFD_QUEUE_TYPE_SDMA_XGMI;
        }
        fclose(f);
    }
    closedir(d);
    gt_diag("KFD lists %d compute and %d SDMA queues of this process", *compute, *sdma);
    return true;
}

static bool t_copy(Hsa *h, Err *e, char *what, size_t what_len)
{
    const size_t size = (4u << 20) + 100;
    const char *sdma = getenv("HSA_ENABLE_SDMA");
    uint8_t *src, *dst, *dev;
    hsa_signal_t done;
    size_t bad = 0, first = 0;
    int compute, sdma_queues;

    if (!(src = pool_alloc(h, h->system_pool, size, e)) ||
        !(dst = pool_alloc(h, h->system_pool, size, e)) ||
        !(dev = pool_alloc(h, h->device_pool, size, e)) || !signal_new(1, &done, e)) {
        return false;
    }
    for (size_t i = 0; i < size; i++) {
        src[i] = (uint8_t)rng();
    }
    memset(dst, 0xA5, size);
    step("hsa_amd_memory_async_copy host -> device (HSA_ENABLE_SDMA=%s)", sdma ? sdma : "");
    HSA_TRY(e, hsa_amd_memory_async_copy(dev, h->gpu, src, h->cpu, size, 0, NULL, done));
    /*
     * ROCr made its copy queue inside that call. Without an SDMA queue it
     * falls back to blit kernels, and says nothing: tell from KFD's list.
     */
    if (kfd_queue_summary(&compute, &sdma_queues) && sdma && !strcmp(sdma, "1") &&
        !sdma_queues) {
        return fail(e, "ROCr made no SDMA queue (it fell back to blit kernels)");
    }
    if (sdma && !strcmp(sdma, "0") && sdma_queues) {
        return fail(e, "ROCr made an SDMA queue with HSA_ENABLE_SDMA=0");
    }
    if (!wait_done(h, done, "the host-to-device copy", e)) {
        return false;
    }
    hsa_signal_store_screlease(done, 1);
    step("hsa_amd_memory_async_copy device -> host");
    HSA_TRY(e, hsa_amd_memory_async_copy(dst, h->cpu, dev, h->gpu, size, 0, NULL, done));
    if (!wait_done(h, done, "the device-to-host copy", e)) {
        return false;
    }
    for (size_t i = 0; i < size; i++) {
        if (dst[i] != src[i] && !bad++) {
            first = i;
        }
    }
    if (bad) {
        return fail(e, "%zu of %zu bytes differ, the first at %zu: 0x%02x, want 0x%02x", bad,
                    size, first, dst[first], src[first]);
    }
    snprintf(what, what_len, "%zu bytes host -> VRAM -> host, byte by byte"
             " (HSA_ENABLE_SDMA=%s)", size, sdma ? sdma : "");
    return true;
}

/* ---- eviction and process exit ---- */

/* Long enough to outlast an eviction's start (seconds of guest time). */
#define LONG_SPIN_ITERATIONS    20000000u
#define EVICT_BYTES             (64u * 1024u)

/*
 * KFD's eviction time of this process on the GPU, in ms
 * (/sys/class/kfd/kfd/proc/PID/stats_GPUID/evicted_ms: the time its queues
 * spent evicted), or -1.
 */
static long kfd_evicted_ms(void)
{
    char path[128], line[64];
    long total = -1;
    FILE *f;

    for (unsigned node = 0; node < 16; node++) {
        unsigned gpu_id = 0;

        snprintf(path, sizeof(path), "/sys/class/kfd/kfd/topology/nodes/%u/gpu_id", node);
        if (!(f = fopen(path, "r"))) {
            break;
        }
        if (fscanf(f, "%u", &gpu_id) != 1) {
            gpu_id = 0;
        }
        fclose(f);
        if (!gpu_id) {
            continue;
        }
        snprintf(path, sizeof(path), "/sys/class/kfd/kfd/proc/%d/stats_%u/evicted_ms",
                 getpid(), gpu_id);
        if ((f = fopen(path, "r"))) {
            if (fgets(line, sizeof(line), f)) {
                total = (total < 0 ? 0 : total) + strtol(line, NULL, 10);
            }
            fclose(f);
        }
    }
    return total;
}

/* Start the spinning kernel: 64 work-items, iterations each. */
static bool spin_start(Hsa *h, uint32_t iterations, uint32_t **out, hsa_signal_t *done,
                       Err *e)
{
    const uint32_t items = 64;
    struct { void *out; uint32_t iterations, pad; } *args;

    if (!(*out = pool_alloc(h, h->system_pool, 2 * items * 4, e)) ||
        !(args = pool_alloc(h, h->kernarg_pool, h->k[K_SPIN].kernarg_size, e)) ||
        !signal_new(1, done, e)) {
        return false;
    }
    fill_canary(*out, 2 * items);
    args->out = *out;
    args->iterations = iterations;
    args->pad = 0;
    step("starting a kernel of %u iterations", iterations);
    return dispatch(h, &h->k[K_SPIN], items, items, args, *done, true, true, e) != UINT64_MAX;
}

/*
 * Run the vadd kernel into c (n dwords, the GPU's address), waited for and
 * checked through host (the CPU's view of the same memory).
 */
static bool vadd_into(Hsa *h, uint32_t *c, const uint32_t *host, uint32_t n,
                      const char *what, Err *e)
{
    uint32_t *a, *b;
    struct { void *a, *b, *c; } *args;
    hsa_signal_t done;
    VaddCtx ctx;

    if (!(a = pool_alloc(h, h->system_pool, n * 4, e)) ||
        !(b = pool_alloc(h, h->system_pool, n * 4, e)) ||
        !(args = pool_alloc(h, h->kernarg_pool, h->k[K_VADD].kernarg_size, e)) ||
        !signal_new(1, &done, e)) {
        return false;
    }
    for (uint32_t i = 0; i < n; i++) {
        a[i] = rng();
        b[i] = rng();
    }
    args->a = a;
    args->b = b;
    args->c = c;
    if (dispatch(h, &h->k[K_VADD], n, 64, args, done, true, true, e) == UINT64_MAX ||
        !wait_done(h, done, what, e)) {
        return false;
    }
    ctx.a = a;
    ctx.b = b;
    return check_dwords(host, n, want_vadd, &ctx, what, e);
}

static bool t_evict_restore(Hsa *h, Err *e, char *what, size_t what_len)
{
    const uint32_t n = EVICT_BYTES / 4;
    uint32_t *host, *gpu_view, *spin_out;
    hsa_signal_t spin_done;
    long before, after;
    double t0;

    if (posix_memalign((void **)&host, 4096, EVICT_BYTES)) {
        return fail(e, "posix_memalign failed");
    }
    memset(host, 0, EVICT_BYTES);
    step("hsa_amd_memory_lock (a userptr BO)");
    HSA_TRY(e, hsa_amd_memory_lock(host, EVICT_BYTES, &h->gpu, 1, (void **)&gpu_view));
    if (!vadd_into(h, gpu_view, host, n, "vadd into the locked buffer", e)) {
        return false;
    }
    before = kfd_evicted_ms();
    if (before < 0) {
        return fail(e, "no evicted_ms for this process under /sys/class/kfd/kfd/proc");
    }
    if (!spin_start(h, LONG_SPIN_ITERATIONS, &spin_out, &spin_done, e)) {
        return false;
    }
    /* The kernel is on the GPU; drop the buffer's pages under it. */
    gt_sleep(0.1);
    t0 = gt_now();
    step("madvise(MADV_DONTNEED) on the locked buffer (KFD evicts the queues)");
    if (madvise(host, EVICT_BYTES, MADV_DONTNEED)) {
        return fail(e, "madvise: %s", strerror(errno));
    }
    if (!wait_done(h, spin_done, "the long kernel across the eviction", e)) {
        return false;
    }
    for (uint32_t i = 0; i < 64; i++) {
        if (spin_out[2 * i] != LONG_SPIN_ITERATIONS) {
            return fail(e, "the long kernel's work-item %u counted %u, want %u", i,
                        spin_out[2 * i], LONG_SPIN_ITERATIONS);
        }
    }
    /* The restored queue and the restored userptr mapping. */
    if (!vadd_into(h, gpu_view, host, n, "vadd into the buffer after the restore", e)) {
        return false;
    }
    after = kfd_evicted_ms();
    if (after <= before) {
        return fail(e, "KFD's evicted_ms did not grow (%ld -> %ld): no eviction", before,
                    after);
    }
    hsa_amd_memory_unlock(host);
    snprintf(what, what_len, "queues evicted %ld ms while a kernel ran (it finished right),"
             " restored, the locked buffer written again; %.2f s", after - before,
             gt_now() - t0);
    return true;
}

static bool t_exit_live(Hsa *h, Err *e, char *what, size_t what_len)
{
    int fds[2];
    pid_t pid;
    char c;
    double t0;
    int status;

    if (pipe(fds) < 0) {
        return fail(e, "pipe: %s", strerror(errno));
    }
    step("forking the process whose queue will be live when it is killed");
    pid = fork();
    if (pid == 0) {
        Hsa v;
        Err ve = { .msg = "" };
        uint32_t *out;
        hsa_signal_t done;

        memset(&v, 0, sizeof(v));
        close(fds[0]);
        report_fd = -1;
        if (hsa_setup(&v, &ve) && queue_setup(&v, &ve) && code_setup(&v, &ve) &&
            spin_start(&v, LONG_SPIN_ITERATIONS, &out, &done, &ve)) {
            (void)!write(fds[1], "s", 1);
        }
        pause();
        _exit(0);
    }
    close(fds[1]);
    if (pid < 0 || read(fds[0], &c, 1) != 1) {
        close(fds[0]);
        if (pid > 0) {
            kill(pid, SIGKILL);
            waitpid(pid, &status, 0);
        }
        return fail(e, "the victim process did not start its kernel");
    }
    close(fds[0]);
    gt_sleep(0.1);
    t0 = gt_now();
    step("killing the process while its kernel runs (KFD tears its queues down)");
    kill(pid, SIGKILL);
    waitpid(pid, &status, 0);
    /* This process's own work goes on the GPU the killed one used. */
    if (!hsa_setup(h, e) || !queue_setup(h, e) || !code_setup(h, e)) {
        return false;
    }
    {
        uint32_t *c;

        if (!(c = pool_alloc(h, h->system_pool, 4096 * 4, e)) ||
            !vadd_into(h, c, c, 4096, "a dispatch after the killed process", e)) {
            return false;
        }
    }
    snprintf(what, what_len, "a process killed with its kernel running; %.2f s later a new"
             " process's dispatch ran right", gt_now() - t0);
    return true;
}

static void reap(pid_t pid, const char *name, bool kill_now, int *status);
static bool copy_wait(Hsa *h, void *dst, hsa_agent_t dst_agent, const void *src,
                      hsa_agent_t src_agent, size_t size, hsa_signal_t done,
                      const char *what, Err *e);

/*
 * Eviction by memory pressure. A VRAM buffer of this process's, written
 * through its SDMA queue; then another process, a DRM client (KFD's own
 * VRAM limit keeps KFD processes from over-committing), creates VRAM
 * buffers of amdgpu's whole VRAM size, cleared by the GPU: TTM evicts
 * this process's buffer to system memory, and KFD first evicts its queues
 * (the scheduler's UNMAP_QUEUES) and copies the buffer out with the
 * kernel's SDMA ring. The other process exits; KFD's restore worker moves
 * the buffer back and maps the queues again. A kernel then reads the
 * buffer and an SDMA copy brings it back: every dword as written, and
 * KFD's evicted_ms has grown.
 */
#define PRESSURE_BYTES      (32u << 20)
#define PRESSURE_CHUNK      (16u << 20)
#define RENDER_NODE         "/dev/dri/renderD128"
#define VRAM_TOTAL_PATH     "/sys/class/drm/renderD128/device/mem_info_vram_total"

/* In a child: fill VRAM with GEM buffers; their count, or -errno. */
static int vram_hog(void)
{
    unsigned long long total = 0;
    int fd, n = 0;
    FILE *f;

    if ((f = fopen(VRAM_TOTAL_PATH, "r"))) {
        if (fscanf(f, "%llu", &total) != 1) {
            total = 0;
        }
        fclose(f);
    }
    if (!total || (fd = open(RENDER_NODE, O_RDWR | O_CLOEXEC)) < 0) {
        return -ENODEV;
    }
    for (unsigned long long made = 0; made < total; made += PRESSURE_CHUNK) {
        union drm_amdgpu_gem_create gem;

        memset(&gem, 0, sizeof(gem));
        gem.in.bo_size = PRESSURE_CHUNK;
        gem.in.alignment = 4096;
        gem.in.domains = AMDGPU_GEM_DOMAIN_VRAM;
        gem.in.domain_flags = AMDGPU_GEM_CREATE_NO_CPU_ACCESS |
                              AMDGPU_GEM_CREATE_VRAM_CLEARED;
        if (ioctl(fd, DRM_IOCTL_AMDGPU_GEM_CREATE, &gem) < 0) {
            return n ? n : -errno;
        }
        n++;
    }
    return n;
}

static uint32_t want_pattern(uint32_t i, const void *ctx)
{
    (void)ctx;
    return 0x5a000000u ^ (i * 2654435761u);
}

static bool t_vram_pressure(Hsa *h, Err *e, char *what, size_t what_len)
{
    const uint32_t n = PRESSURE_BYTES / 4;
    uint32_t *host, *zero, *out, *back, *vram;
    struct { void *a, *b, *c; } *args;
    hsa_signal_t done;
    long before, after;
    int fds[2], status, chunks = 0;
    pid_t pid;

    if (!(host = pool_alloc(h, h->system_pool, PRESSURE_BYTES, e)) ||
        !(zero = pool_alloc(h, h->system_pool, PRESSURE_BYTES, e)) ||
        !(out = pool_alloc(h, h->system_pool, PRESSURE_BYTES, e)) ||
        !(back = pool_alloc(h, h->system_pool, PRESSURE_BYTES, e)) ||
        !(vram = pool_alloc(h, h->device_pool, PRESSURE_BYTES, e)) ||
        !(args = pool_alloc(h, h->kernarg_pool, h->k[K_VADD].kernarg_size, e)) ||
        !signal_new(1, &done, e)) {
        return false;
    }
    for (uint32_t i = 0; i < n; i++) {
        host[i] = want_pattern(i, NULL);
    }
    memset(zero, 0, PRESSURE_BYTES);
    fill_canary(out, n);
    fill_canary(back, n);
    if (!copy_wait(h, vram, h->gpu, host, h->cpu, PRESSURE_BYTES, done,
                   "host -> the VRAM buffer", e)) {
        return false;
    }
    before = kfd_evicted_ms();
    step("a DRM client fills VRAM with cleared buffers");
    if (pipe(fds) < 0) {
        return fail(e, "pipe: %s", strerror(errno));
    }
    pid = fork();
    if (pid == 0) {
        int r = vram_hog();

        (void)!write(fds[1], &r, sizeof(r));
        _exit(0);
    }
    close(fds[1]);
    if (pid < 0 || read(fds[0], &chunks, sizeof(chunks)) != sizeof(chunks)) {
        chunks = -EPIPE;
    }
    close(fds[0]);
    if (pid > 0) {
        reap(pid, "the DRM client", false, &status);
    }
    if (chunks <= 0) {
        return fail(e, "the DRM client made no VRAM buffer: %s", strerror(-chunks));
    }
    /* Our queues come back with the buffer: both run on it. */
    args->a = vram;
    args->b = zero;
    args->c = out;
    hsa_signal_store_screlease(done, 1);
    if (dispatch(h, &h->k[K_VADD], n, 256, args, done, true, true, e) == UINT64_MAX ||
        !wait_done(h, done, "a kernel reading the VRAM buffer after the pressure", e) ||
        !check_dwords(out, n, want_pattern, NULL, "the kernel's copy of the VRAM buffer", e) ||
        !copy_wait(h, back, h->cpu, vram, h->gpu, PRESSURE_BYTES, done,
                   "the VRAM buffer -> host", e) ||
        !check_dwords(back, n, want_pattern, NULL, "the SDMA copy of the VRAM buffer", e)) {
        return false;
    }
    after = kfd_evicted_ms();
    if (before < 0 || after <= before) {
        return fail(e, "KFD's evicted_ms did not grow (%ld, then %ld): the buffer was not "
                    "evicted", before, after);
    }
    snprintf(what, what_len, "a %u MiB VRAM buffer evicted by a DRM client's %d x %u MiB "
             "of VRAM and restored: a kernel and an SDMA copy read every dword back; KFD's "
             "evicted_ms %ld -> %ld", PRESSURE_BYTES >> 20, chunks, PRESSURE_CHUNK >> 20,
             before, after);
    return true;
}

/* ---- over-subscription: more queues than HQDs, processes than VMIDs ---- */

/*
 * More compute queues than KFD's HQDs on Vega10 (24: MEC1 queues 2-7 of 4
 * pipes, get_cp_queues_num): with ROCr's utility queue KFD sends a
 * runlist chained to itself and the hardware scheduler switches the
 * queues. Every queue gets a dispatch before any is waited for.
 */
#define OVERSUB_QUEUES      30
#define OVERSUB_DWORDS      4096u
/* More processes than KFD's VMIDs (8: max_proc_per_quantum). */
#define OVERSUB_PROCESSES   10

static bool t_many_queues(Hsa *h, Err *e, char *what, size_t what_len)
{
    hsa_queue_t *qs[OVERSUB_QUEUES];
    hsa_signal_t done[OVERSUB_QUEUES];
    uint32_t *a[OVERSUB_QUEUES], *b[OVERSUB_QUEUES], *c[OVERSUB_QUEUES];
    hsa_queue_t *own = h->queue;
    int compute = 0, sdma = 0;
    unsigned kicks = 0;
    double t0;

    step("creating %u more queues", OVERSUB_QUEUES);
    for (unsigned q = 0; q < OVERSUB_QUEUES; q++) {
        HSA_TRY(e, hsa_queue_create(h->gpu, QUEUE_PACKETS, HSA_QUEUE_TYPE_SINGLE,
                                    queue_error_cb, NULL, UINT32_MAX, UINT32_MAX, &qs[q]));
    }
    kfd_queue_summary(&compute, &sdma);
    for (unsigned q = 0; q < OVERSUB_QUEUES; q++) {
        struct { void *a, *b, *c; } *args;

        if (!(a[q] = pool_alloc(h, h->system_pool, OVERSUB_DWORDS * 4, e)) ||
            !(b[q] = pool_alloc(h, h->system_pool, OVERSUB_DWORDS * 4, e)) ||
            !(c[q] = pool_alloc(h, h->system_pool, (OVERSUB_DWORDS + GUARD_DWORDS) * 4, e)) ||
            !(args = pool_alloc(h, h->kernarg_pool, h->k[K_VADD].kernarg_size, e)) ||
            !signal_new(1, &done[q], e)) {
            return false;
        }
        for (uint32_t i = 0; i < OVERSUB_DWORDS; i++) {
            a[q][i] = rng();
            b[q][i] = rng();
        }
        fill_canary(c[q], OVERSUB_DWORDS + GUARD_DWORDS);
        args->a = a[q];
        args->b = b[q];
        args->c = c[q];
        h->queue = qs[q];
        step("dispatching on queue %u", q);
        if (dispatch(h, &h->k[K_VADD], OVERSUB_DWORDS, 64, args, done[q], true, true, e) ==
            UINT64_MAX) {
            return false;
        }
    }
    t0 = gt_now();
    for (unsigned q = 0; q < OVERSUB_QUEUES; q++) {
        char name[64];
        VaddCtx ctx = { .a = a[q], .b = b[q] };

        h->queue = qs[q];
        snprintf(name, sizeof(name), "the dispatch on queue %u", q);
        if (!wait_done(h, done[q], name, e) ||
            !check_dwords(c[q], OVERSUB_DWORDS, want_vadd, &ctx, name, e) ||
            !check_dwords(c[q] + OVERSUB_DWORDS, GUARD_DWORDS, want_canary, NULL,
                          "the guard past c", e)) {
            return false;
        }
    }
    h->queue = own;
    for (unsigned q = 0; q < OVERSUB_QUEUES; q++) {
        unsigned k;

        HSA_TRY(e, rocr_queue_destroy(qs[q], &k));
        kicks += k;
    }
    snprintf(what, what_len, "%u queues (KFD listed %d compute queues of this process), a "
             "vector add of %u dwords on each, all submitted before the first wait, every "
             "element right, %.2f s for all; %u of ROCr's lost wakeups at destroy",
             OVERSUB_QUEUES, compute, OVERSUB_DWORDS, gt_now() - t0, kicks);
    return true;
}

/*
 * OVERSUB_PROCESSES processes, each with its queues and code object, wait
 * for one another before each runs a vector add: KFD has more processes
 * than VMIDs, sends RUN_LIST with process count 8 chained to itself, and
 * the scheduler gives the VMIDs in turn.
 */
static bool t_many_processes(Hsa *h, Err *e, char *what, size_t what_len)
{
    int ready[2], go[2], results[2];
    pid_t pids[OVERSUB_PROCESSES];
    unsigned started = 0, passed = 0;
    char c, msg[200] = "";
    double t0;

    (void)h;
    if (pipe(ready) < 0 || pipe(go) < 0 || pipe(results) < 0) {
        return fail(e, "pipe: %s", strerror(errno));
    }
    step("forking %u processes that each set up HSA, a queue and the code object",
         OVERSUB_PROCESSES);
    for (unsigned i = 0; i < OVERSUB_PROCESSES; i++) {
        pids[i] = fork();
        if (pids[i] == 0) {
            Hsa v;
            Err ve = { .msg = "" };
            uint32_t *out;
            bool ok;

            memset(&v, 0, sizeof(v));
            report_fd = -1;
            close(ready[0]);
            close(go[1]);
            close(results[0]);
            rng_state = 0x9e3779b9u * (i + 1);
            ok = hsa_setup(&v, &ve) && queue_setup(&v, &ve) && code_setup(&v, &ve);
            (void)!write(ready[1], ok ? "r" : "f", 1);
            if (ok && read(go[0], &c, 1) == 1) {
                ok = (out = pool_alloc(&v, v.system_pool, OVERSUB_DWORDS * 4, &ve)) &&
                     vadd_into(&v, out, out, OVERSUB_DWORDS, "this process's vector add", &ve);
            }
            if (!ok) {
                char line[200];

                snprintf(line, sizeof(line), "process %u: %s\n", i, ve.msg);
                (void)!write(results[1], line, strlen(line));
            }
            _exit(ok ? 0 : 1);
        }
        if (pids[i] < 0) {
            break;
        }
        started++;
    }
    close(ready[1]);
    close(go[0]);
    close(results[1]);
    for (unsigned i = 0; i < started; i++) {
        if (read(ready[0], &c, 1) != 1 || c != 'r') {
            break;
        }
    }
    t0 = gt_now();
    step("letting the %u processes dispatch together", started);
    for (unsigned i = 0; i < started; i++) {
        (void)!write(go[1], "g", 1);
    }
    close(go[1]);
    for (unsigned i = 0; i < started; i++) {
        int status;

        reap(pids[i], "an over-subscribing process", false, &status);
        passed += WIFEXITED(status) && WEXITSTATUS(status) == 0;
    }
    if (read(results[0], msg, sizeof(msg) - 1) > 0) {
        msg[strcspn(msg, "\n")] = 0;
    }
    close(ready[0]);
    close(results[0]);
    if (started < OVERSUB_PROCESSES || passed < started) {
        return fail(e, "%u of %u processes started, %u passed%s%s", started,
                    OVERSUB_PROCESSES, passed, *msg ? "; " : "", msg);
    }
    snprintf(what, what_len, "%u processes with live queues, a vector add of %u dwords "
             "each, all right, %.2f s from the go", OVERSUB_PROCESSES, OVERSUB_DWORDS,
             gt_now() - t0);
    return true;
}

/* ---- several GPUs ---- */

#define PEER_MAX_GPUS   8

typedef struct Gpus {
    hsa_agent_t agent[PEER_MAX_GPUS];
    hsa_amd_memory_pool_t vram[PEER_MAX_GPUS];
    unsigned n;
} Gpus;

static hsa_status_t gpus_cb(hsa_agent_t agent, void *data)
{
    Gpus *g = data;
    hsa_device_type_t type;

    if (hsa_agent_get_info(agent, HSA_AGENT_INFO_DEVICE, &type) == HSA_STATUS_SUCCESS &&
        type == HSA_DEVICE_TYPE_GPU && g->n < PEER_MAX_GPUS) {
        g->agent[g->n++] = agent;
    }
    return HSA_STATUS_SUCCESS;
}

/* A GPU's coarse-grained pool, as hsa_setup finds it for the first. */
static bool gpu_vram_pool(hsa_agent_t agent, hsa_amd_memory_pool_t *pool, Err *e)
{
    HsaPool vram = { 0 };

    HSA_TRY(e, hsa_amd_agent_iterate_memory_pools(agent, hsa_vram_pool_cb, &vram));
    if (!vram.have) {
        return fail(e, "a GPU agent without a coarse-grained pool");
    }
    *pool = vram.pool;
    return true;
}

/* One async copy, waited for. */
static bool copy_wait(Hsa *h, void *dst, hsa_agent_t dst_agent, const void *src,
                      hsa_agent_t src_agent, size_t size, hsa_signal_t done,
                      const char *what, Err *e)
{
    hsa_signal_store_screlease(done, 1);
    step("hsa_amd_memory_async_copy: %s", what);
    HSA_TRY(e, hsa_amd_memory_async_copy(dst, dst_agent, src, src_agent, size, 0, NULL,
                                         done));
    return wait_done(h, done, what, e);
}

static bool t_peer(Hsa *h, Err *e, char *what, size_t what_len)
{
    const size_t size = (2u << 20) + 36;
    uint8_t *src, *gtt, *back, *vram_a, *vram_b;
    hsa_signal_t done;
    Gpus g = { .n = 0 };
    size_t bad = 0, first = 0;
    char bdf[2][16];

    step("hsa_iterate_agents (GPUs)");
    HSA_TRY(e, hsa_iterate_agents(gpus_cb, &g));
    if (g.n < 2) {
        return fail(e, "%u GPU agent(s): this test needs two (run-guest.sh --gpus 2)", g.n);
    }
    for (unsigned i = 0; i < 2; i++) {
        uint32_t id = 0;

        if (!gpu_vram_pool(g.agent[i], &g.vram[i], e)) {
            return false;
        }
        hsa_agent_get_info(g.agent[i], (hsa_agent_info_t)HSA_AMD_AGENT_INFO_BDFID, &id);
        snprintf(bdf[i], sizeof(bdf[i]), "%02x:%02x.%x", id >> 8, id >> 3 & 0x1f, id & 7);
    }
    if (!(src = pool_alloc(h, h->system_pool, size, e)) ||
        !(back = pool_alloc(h, h->system_pool, size, e)) || !signal_new(1, &done, e)) {
        return false;
    }
    step("hsa_amd_memory_pool_allocate of the shared system buffer");
    HSA_TRY(e, hsa_amd_memory_pool_allocate(h->system_pool, size, 0, (void **)&gtt));
    step("hsa_amd_agents_allow_access: the system buffer on both GPUs");
    HSA_TRY(e, hsa_amd_agents_allow_access(2, g.agent, NULL, gtt));
    HSA_TRY(e, hsa_amd_memory_pool_allocate(g.vram[0], size, 0, (void **)&vram_a));
    HSA_TRY(e, hsa_amd_memory_pool_allocate(g.vram[1], size, 0, (void **)&vram_b));
    HSA_TRY(e, hsa_amd_agents_allow_access(1, &g.agent[1], NULL, back));
    for (size_t i = 0; i < size; i++) {
        src[i] = (uint8_t)rng();
    }
    memset(gtt, 0x5A, size);
    memset(back, 0xA5, size);
    if (!copy_wait(h, vram_a, g.agent[0], src, h->cpu, size, done, "host -> VRAM of GPU A",
                   e) ||
        !copy_wait(h, gtt, h->cpu, vram_a, g.agent[0], size, done,
                   "VRAM of GPU A -> the shared buffer (GPU A writes it)", e) ||
        !copy_wait(h, vram_b, g.agent[1], gtt, h->cpu, size, done,
                   "the shared buffer -> VRAM of GPU B (GPU B reads it)", e) ||
        !copy_wait(h, back, h->cpu, vram_b, g.agent[1], size, done, "VRAM of GPU B -> host",
                   e)) {
        return false;
    }
    for (size_t i = 0; i < size; i++) {
        if (back[i] != src[i] && !bad++) {
            first = i;
        }
    }
    if (bad) {
        return fail(e, "%zu of %zu bytes differ, the first at %zu: 0x%02x, want 0x%02x", bad,
                    size, first, back[first], src[first]);
    }
    snprintf(what, what_len, "%zu bytes through a system buffer shared by GPU A (%s, writes"
             " it) and GPU B (%s, reads it), byte by byte", size, bdf[0], bdf[1]);
    return true;
}

static const Test tests[] = {
    { "init", t_init, NEED_INIT, NULL, false },
    { "queue", t_queue, NEED_INIT | NEED_QUEUE, NULL, false },
    { "code-object", t_code_object, NEED_INIT, NULL, false },
    { "code-object-freeze", t_code_freeze, NEED_INIT, NULL, false },
    { "vadd", t_vadd, NEED_INIT | NEED_QUEUE | NEED_CODE, NULL, false },
    { "reduce", t_reduce, NEED_INIT | NEED_QUEUE | NEED_CODE, NULL, false },
    { "barrier-and", t_barrier_and, NEED_INIT | NEED_QUEUE | NEED_CODE, NULL, false },
    { "barrier-or", t_barrier_or, NEED_INIT | NEED_QUEUE | NEED_CODE, NULL, false },
    { "ring-wrap", t_ring_wrap, NEED_INIT | NEED_QUEUE | NEED_CODE, NULL, false },
    { "spin", t_spin, NEED_INIT | NEED_QUEUE | NEED_CODE, NULL, false },
    { "copy-blit", t_copy, NEED_INIT, "HSA_ENABLE_SDMA=0", false },
    { "copy-sdma", t_copy, NEED_INIT, "HSA_ENABLE_SDMA=1", false },
    { "evict-restore", t_evict_restore, NEED_INIT | NEED_QUEUE | NEED_CODE, NULL, false },
    { "exit-live", t_exit_live, 0, NULL, false },
    { "vram-pressure", t_vram_pressure, NEED_INIT | NEED_QUEUE | NEED_CODE, NULL, true },
    /* Over-subscription needs the hardware scheduler (not Hawaii, not sched_policy=2). */
    { "many-queues", t_many_queues, NEED_INIT | NEED_QUEUE | NEED_CODE, NULL, true },
    { "many-processes", t_many_processes, 0, NULL, true },
    { "peer", t_peer, NEED_INIT, NULL, true },
};

/* ---- the parent: one process per test ---- */

static void report(bool ok, const char *text)
{
    char line[700];
    int n = snprintf(line, sizeof(line), "R %d %s\n", ok ? 0 : 1, text);

    (void)!write(report_fd, line, (size_t)n < sizeof(line) ? (size_t)n : sizeof(line) - 1);
}

/*
 * The test process: set the test's environment, the runtime and what the
 * test needs, the test; its result to the parent. Then hsa_shut_down,
 * which tears the queues down through KFD, only after a pass (a failed
 * test may have left work on a queue that never ends; the kernel cleans
 * up after the process either way).
 */
static void __attribute__((noreturn)) child(const Test *t, int fd, double timeout)
{
    Hsa h;
    Err e = { .msg = "" };
    char what[400] = "";
    bool ok;

    memset(&h, 0, sizeof(h));
    report_fd = fd;
    /* Report a second before the parent's deadline. */
    child_deadline = gt_now() + timeout - 1.0;
    if (t->env) {
        putenv((char *)t->env);
    }
    ok = (!(t->needs & NEED_INIT) || hsa_setup(&h, &e)) &&
         (!(t->needs & NEED_QUEUE) || queue_setup(&h, &e)) &&
         (!(t->needs & NEED_CODE) || code_setup(&h, &e)) &&
         t->run(&h, &e, what, sizeof(what));
    fflush(stdout);
    report(ok, ok ? what : e.msg);
    if (ok) {
        step("hsa_shut_down");
        hsa_shut_down();
    }
    _exit(ok ? 0 : 1);
}

#define EXIT_WAIT   10.0

/* Reap the test process, killing it if it lingers. */
static void reap(pid_t pid, const char *name, bool kill_now, int *status)
{
    double deadline = gt_now() + EXIT_WAIT;

    if (kill_now) {
        kill(pid, SIGKILL);
    }
    while (waitpid(pid, status, WNOHANG) == 0) {
        if (gt_now() > deadline) {
            if (kill_now) {
                gt_diag("%s: its killed process has not gone in %.0f s (stuck in the"
                     " kernel?); going on", name, EXIT_WAIT);
                return;
            }
            gt_diag("%s: the test process did not exit in %.0f s (after its result:"
                 " in %s); killed", name, EXIT_WAIT, "hsa_shut_down or process exit");
            kill_now = true;
            kill(pid, SIGKILL);
            deadline = gt_now() + EXIT_WAIT;
        }
        usleep(20 * 1000);
    }
}

/* Set when a test every later one depends on failed. */
static unsigned failed_needs;
static const char *failed_need_name[8];

static void run_test(const Test *t)
{
    double deadline = gt_now() + opt.timeout;
    char buf[4096], last_step[300] = "starting", result[700] = "";
    size_t len = 0;
    int fds[2], status = 0, res = -1;
    pid_t pid;
    bool eof = false;

    for (unsigned bit = 1; bit <= NEED_CODE; bit <<= 1) {
        if ((t->needs & bit) && (failed_needs & bit) && !opt.keep_going) {
            tap(false, "%s (not run: it needs what test %s failed to do)", t->name,
                failed_need_name[bit]);
            return;
        }
    }
    fflush(stdout);
    if (pipe(fds) < 0 || (pid = fork()) < 0) {
        tap(false, "%s (not run: pipe/fork: %s)", t->name, strerror(errno));
        return;
    }
    if (pid == 0) {
        close(fds[0]);
        child(t, fds[1], opt.timeout);
    }
    close(fds[1]);
    /* Read its steps and result until it reports, closes the pipe, or times out. */
    while (res < 0 && !eof && gt_now() < deadline) {
        struct pollfd pfd = { .fd = fds[0], .events = POLLIN };
        int ms = (int)((deadline - gt_now()) * 1000) + 1;
        ssize_t n;
        char *nl;

        if (poll(&pfd, 1, ms > 100 ? 100 : ms) <= 0) {
            continue;
        }
        n = read(fds[0], buf + len, sizeof(buf) - 1 - len);
        if (n <= 0) {
            eof = true;
            break;
        }
        len += (size_t)n;
        buf[len] = 0;
        while ((nl = strchr(buf, '\n'))) {
            *nl = 0;
            if (buf[0] == 'S' && buf[1] == ' ') {
                snprintf(last_step, sizeof(last_step), "%.*s", (int)sizeof(last_step) - 1, buf + 2);
            } else if (buf[0] == 'R' && buf[1] == ' ' && buf[2]) {
                res = buf[2] == '0';
                snprintf(result, sizeof(result), "%.*s", (int)sizeof(result) - 1, buf[3] ? buf + 4 : "");
            }
            len -= (size_t)(nl + 1 - buf);
            memmove(buf, nl + 1, len + 1);
        }
        if (len == sizeof(buf) - 1) {
            len = 0;            /* an overlong line: drop it */
        }
    }
    if (res >= 0) {
        tap(res == 1, "%s: %s", t->name, result);
        close(fds[0]);
        reap(pid, t->name, false, &status);
    } else if (!eof) {
        tap(false, "%s (no result in %.0f s; it was in: %s)", t->name, opt.timeout, last_step);
        close(fds[0]);
        reap(pid, t->name, true, &status);
    } else {
        close(fds[0]);
        reap(pid, t->name, false, &status);
        if (WIFSIGNALED(status)) {
            tap(false, "%s (its process died with signal %d, %s, in: %s)", t->name,
                WTERMSIG(status), strsignal(WTERMSIG(status)), last_step);
        } else {
            tap(false, "%s (its process ended without a result, status %d, in: %s)",
                t->name, WIFEXITED(status) ? WEXITSTATUS(status) : -1, last_step);
        }
    }
    if (res != 1) {
        unsigned bit = !strcmp(t->name, "init") ? NEED_INIT :
                       !strcmp(t->name, "queue") ? NEED_QUEUE :
                       !strcmp(t->name, "code-object") ||
                       !strcmp(t->name, "code-object-freeze") ? NEED_CODE : 0;
        if (bit) {
            failed_needs |= bit;
            failed_need_name[bit] = t->name;
        }
    }
}

static bool selected(const char *name)
{
    const char *p = opt.tests;
    size_t len = strlen(name);

    if (!p) {
        for (size_t i = 0; i < N_ELEMENTS(tests); i++) {
            if (!strcmp(tests[i].name, name)) {
                return !tests[i].named_only;
            }
        }
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

    fprintf(f, "usage: aemu-hsa-compute [--tests LIST] [--timeout SEC] [--label TEXT]\n"
               "                        [--first N] [--code-object FILE] [--keep-going]\n"
               "tests:");
    for (size_t i = 0; i < N_ELEMENTS(tests); i++) {
        fprintf(f, " %s", tests[i].name);
    }
    fputc('\n', f);
    exit(status);
}

/*
 * The default code object for ISA isa (the agent's name): next to this
 * program, else the guest's install path.
 */
static const char *code_object_for(const char *isa)
{
    static char path[4096];
    char name[128];
    ssize_t n;

    snprintf(name, sizeof(name), CODE_OBJECT_PREFIX "%s" CODE_OBJECT_SUFFIX, isa);
    n = readlink("/proc/self/exe", path, sizeof(path) - sizeof(name) - 1);
    if (n > 0) {
        char *slash;

        path[n] = 0;
        slash = strrchr(path, '/');
        if (slash) {
            strcpy(slash + 1, name);
            if (access(path, R_OK) == 0) {
                return path;
            }
        }
    }
    snprintf(path, sizeof(path), CODE_OBJECT_DIR "/%s", name);
    return path;
}

int main(int argc, char **argv)
{
    static const struct option longopts[] = {
        { "tests", required_argument, NULL, 't' },
        { "timeout", required_argument, NULL, 'T' },
        { "label", required_argument, NULL, 'l' },
        { "first", required_argument, NULL, 'f' },
        { "code-object", required_argument, NULL, 'c' },
        { "keep-going", no_argument, NULL, 'k' },
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
        case 'c': opt.code_object = optarg; break;
        case 'k': opt.keep_going = true; break;
        case 'h': usage(0); break;
        default: usage(2);
        }
    }
    if (optind != argc || opt.timeout < 2.0 || opt.timeout > TIMEOUT_MAX) {
        if (opt.timeout > TIMEOUT_MAX) {
            fprintf(stderr, "aemu-hsa-compute: --timeout is at most %.0f s\n", TIMEOUT_MAX);
        }
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
                fprintf(stderr, "aemu-hsa-compute: no test %s\n", t);
                usage(2);
            }
        }
        free(list);
    }
    tap_n = opt.first > 0 ? opt.first - 1 : 0;
    for (size_t i = 0; i < N_ELEMENTS(tests); i++) {
        if (selected(tests[i].name)) {
            /* The same inputs whichever tests run. */
            rng_state = 0x5eed + (uint32_t)i;
            run_test(&tests[i]);
        }
    }
    if (opt.first <= 0) {
        printf("1..%d\n", tap_n);
    }
    return tap_failed ? 1 : 0;
}
