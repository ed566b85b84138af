/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * aemu-hsa-bench: the figures issue 11 asks of KFD on the emulated Vega10,
 * measured from a guest process through Debian's ROCr 5.2.3
 * (libhsa-runtime64). It prints figures and never judges them; it fails
 * (status 1, a line saying why) only when an HSA call fails, data comes
 * back wrong, or a wait makes no progress for --timeout seconds.
 *
 *   queue-create-destroy
 *                hsa_queue_create (an AQL queue of 64 packets, ROCr's
 *                least) + hsa_queue_destroy pairs per second. Each pair is
 *                a CREATE_QUEUE and a DESTROY_QUEUE ioctl: under the
 *                hardware scheduler (HWS) KFD sends a new runlist to the
 *                HIQ for each (UNMAP_QUEUES, QUERY_STATUS, RUN_LIST);
 *                without it (sched_policy=2) KFD loads and dequeues the
 *                HQD by registers. An untimed pair first: ROCr's first
 *                queue also creates its utility queue. ROCr 5.2.3's
 *                queue destructor can lose a wakeup and sleep for good
 *                (destroy_queue): the watchdog rescues it, and a rescued
 *                pair is counted (rescued=N), not timed.
 *   signal-roundtrip
 *                host -> GPU -> host round trips per second on one queue:
 *                the host writes an AQL packet whose completion signal is
 *                an interrupt signal (a KFD event), rings the doorbell,
 *                waits for the signal and resets it; one packet in flight.
 *                packet=barrier-and: a barrier-AND packet without
 *                dependencies (the packet processor alone);
 *                packet=dispatch: aemu_mark over one work-item (the
 *                cheapest kernel of the project's code object: one store;
 *                the dispatch path, a wave launched and ended).
 *                wait=blocked: hsa_signal_wait_scacquire with
 *                HSA_WAIT_STATE_BLOCKED (ROCr spins 200 us, then sleeps in
 *                KFD until the event's interrupt: round trips shorter
 *                than the spin never take the interrupt path);
 *                wait=active: HSA_WAIT_STATE_ACTIVE (ROCr polls the
 *                signal's value: no interrupt on the host's side);
 *                wait=kfd-event: hsaKmtWaitOnEvent on the signal's event
 *                (asleep in KFD from the doorbell on: every round trip
 *                takes the interrupt path, IH -> KFD -> the waiter).
 *   copy-sdma    hsa_amd_memory_async_copy host -> VRAM and VRAM -> host
 *                through ROCr's SDMA user queues (HSA_ENABLE_SDMA=1, and
 *                KFD must list an SDMA queue of this process), MiB/s for
 *                each size; after the timed copies of a size the host
 *                buffer that came back is compared with the one that went.
 *   peer-copy    (with two GPU agents) the two-GPU path of
 *                aemu-hsa-compute's peer test: a fine-grained system
 *                buffer opened to both GPUs; GPU A's SDMA writes it from
 *                A's VRAM (path=vram-a->shared), GPU B's SDMA reads it
 *                into B's VRAM (path=shared->vram-b); MiB/s for each
 *                size, both checked once after the timed copies.
 *
 * Every figure comes from the monotonic clock (guest-clock.h) around a
 * loop that runs for at least --time seconds (copies: --copy-time) and a
 * few iterations, or exactly --iterations times: the figure is the
 * iterations over the time, and median-us the median iteration (a pair,
 * a round trip, a copy) in microseconds, which a host that deschedules
 * the guest now and then moves less. Under TCG the guest waits on the
 * host: the figures are the emulator's speed, which the timing model only
 * ever slows down.
 *
 * Output, one figure a line (the "# BENCH" lines scripts/bench-kfd.sh
 * reads; the rest are "# " notes):
 *   # BENCH queue-create-destroy VALUE pairs/s iterations=N seconds=S
 *           median-us=M rescued=R slowest-ms=T queue=64-packets
 *   # BENCH signal-roundtrip VALUE round-trips/s packet=P wait=W
 *           iterations=N seconds=S median-us=M
 *   # BENCH copy-sdma VALUE MiB/s path=host->vram|vram->host bytes=B
 *           copies=N seconds=S median-us=M
 *   # BENCH peer-copy VALUE MiB/s path=vram-a->shared|shared->vram-b
 *           bytes=B copies=N seconds=S median-us=M
 * each on one line, and VALUE n/a with reason=WHY where a size does not
 * fit the GPU's pool.
 *
 * Usage: aemu-hsa-bench [--figures LIST] [--time SEC] [--copy-time SEC]
 *                       [--iterations N] [--sizes LIST] [--peer-sizes LIST]
 *                       [--timeout SEC] [--code-object FILE]
 *   --figures LIST     a comma-separated subset of queue-create-destroy,
 *                      signal-roundtrip, copy-sdma, peer-copy (default all;
 *                      peer-copy only with two GPU agents)
 *   --time SEC         least time of a rate figure (default 2)
 *   --copy-time SEC    least time of a copy figure (default 0.5)
 *   --iterations N     run each rate figure exactly N times instead
 *                      (queue-create-destroy: N pairs without a rescue)
 *   --sizes LIST       copy-sdma sizes (default 1M,16M,64M)
 *   --peer-sizes LIST  peer-copy sizes (default 16M,64M)
 *   --timeout SEC      a step making no progress this long fails the
 *                      program (default 60)
 *   --code-object FILE the kernels (default aemu-kernels-gfx900.hsaco next
 *                      to this program, else in /usr/lib/aemu)
 * Exit status: 0 figures printed, 1 failure, 2 usage error.
 */
#include <dirent.h>
#include <errno.h>
#include <getopt.h>
#include <inttypes.h>
#include <limits.h>
#include <pthread.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <unistd.h>

#include <hsa/amd_hsa_queue.h>
#include <hsa/amd_hsa_signal.h>
#include <hsa/hsa.h>
#include <hsa/hsa_ext_amd.h>
#include <hsakmt.h>
#include <linux/ioctl.h>

#include "guest-clock.h"
#include "hsa-pools.h"
#include "rocr-destroy.h"

#define N_ELEMENTS(a) (sizeof(a) / sizeof((a)[0]))
#define MiB (1024.0 * 1024.0)

/* ROCr's least AQL queue (GpuAgent::minAqlSize_): 64 packets, 4 KiB. */
#define QUEUE_PACKETS       64u
/* An AQL packet is 64 bytes. */
#define AQL_PACKET_BYTES    64u
/* The kernels, as aemu-hsa-compute finds them (guest-tests/hsa/). */
#define CODE_OBJECT_NAME    "aemu-kernels-gfx900.hsaco"
#define CODE_OBJECT_DIR     "/usr/lib/aemu"
#define MARK_KERNEL         "aemu_mark.kd"
/* A rate figure runs at least this many times whatever --time says. */
#define MIN_ITERATIONS      5u
/* A copy figure: at least this many timed copies. */
#define MIN_COPIES          2u
/* A size list's length. */
#define MAX_SIZES           8
/* Two GPUs for peer-copy; more are ignored. */
#define MAX_GPUS            8
/* KFD's enum kfd_queue_type in /sys/class/kfd/kfd/proc/PID/queues/ID/type. */
#define KFD_QUEUE_TYPE_SDMA         1
#define KFD_QUEUE_TYPE_SDMA_XGMI    4
/* amdgpu's sched_policy parameter: KFD_SCHED_POLICY_NO_HWS. */
#define SCHED_POLICY_NO_HWS         2
/* Host buffers are poisoned with this before a copy lands in them. */
#define POISON_BYTE         0xA5
/*
 * The watchdog fires this long after --timeout, so that a wait that timed
 * out says so itself (with the signal's value) first.
 */
#define WATCHDOG_SLACK      10.0
/* The watchdog looks this often (seconds): also the rescue's granularity. */
#define WATCHDOG_TICK       0.05
/* More rescues than this in one figure: something else is wrong. */
#define MAX_RESCUES         100u

static struct {
    const char *figures;
    double time, copy_time, timeout;
    unsigned iterations;
    uint64_t sizes[MAX_SIZES], peer_sizes[MAX_SIZES];
    unsigned nsizes, npeer_sizes;
    const char *code_object;
} opt = { .time = 2.0, .copy_time = 0.5, .timeout = 60.0 };

static const char *const figure_names[] = {
    "queue-create-destroy", "signal-roundtrip", "copy-sdma", "peer-copy",
};

/* ---- failing, and the watchdog ---- */

/*
 * The step the program is in, for the failure messages and the watchdog.
 * The watchdog is a thread that ends the program when no loop has made
 * progress for --timeout + WATCHDOG_SLACK seconds: a call that never
 * returns (an ioctl KFD does not answer, a wait in ROCr) still ends it,
 * with the step's name and every other thread's kernel stack.
 */
static char step_name[256] = "starting";
static pthread_mutex_t step_lock = PTHREAD_MUTEX_INITIALIZER;
/* gt_now() of the last progress, as the bits of a double (atomic). */
static uint64_t progress_bits;

static void progress(void)
{
    double now = gt_now();
    uint64_t bits;

    memcpy(&bits, &now, sizeof(bits));
    __atomic_store_n(&progress_bits, bits, __ATOMIC_RELAXED);
}

/* A file's text to stderr, prefixed, a line at a time (/proc files). */
static void dump_file(const char *path, const char *prefix)
{
    char line[512];
    FILE *f = fopen(path, "r");

    if (!f) {
        return;
    }
    while (fgets(line, sizeof(line), f)) {
        fprintf(stderr, "%s%s", prefix, line);
    }
    fclose(f);
}

/*
 * Every other thread's name, system call (/proc/self/task/TID/syscall:
 * its number and arguments, "running" in user space) and kernel stack
 * (root only): where in KFD, or in which of ROCr's threads, the program
 * waits.
 */
static void dump_threads(void)
{
    pid_t self = (pid_t)syscall(SYS_gettid);
    struct dirent *ent;
    DIR *d = opendir("/proc/self/task");
    char path[96];

    if (!d) {
        return;
    }
    while ((ent = readdir(d))) {
        if (ent->d_name[0] == '.' || atoi(ent->d_name) == self) {
            continue;
        }
        fprintf(stderr, "aemu-hsa-bench: thread %s:\n", ent->d_name);
        snprintf(path, sizeof(path), "/proc/self/task/%.16s/comm", ent->d_name);
        dump_file(path, "  comm ");
        snprintf(path, sizeof(path), "/proc/self/task/%.16s/syscall", ent->d_name);
        dump_file(path, "  syscall ");
        snprintf(path, sizeof(path), "/proc/self/task/%.16s/stack", ent->d_name);
        dump_file(path, "  ");
    }
    closedir(d);
}

/*
 * The hsa_queue_destroy under way, for the watchdog's rescue: the KFD
 * event of the queue's inactive signal, since when, how often kicked,
 * and the thread that destroys.
 */
static struct {
    bool armed;
    HsaEvent event;
    double since, last_kick;
    unsigned kicks;
    pid_t tid;
} rescue;

static void *watchdog(void *arg)
{
    (void)arg;
    for (;;) {
        uint64_t bits = __atomic_load_n(&progress_bits, __ATOMIC_RELAXED);
        double last, now = gt_now();

        memcpy(&last, &bits, sizeof(last));
        pthread_mutex_lock(&step_lock);
        if (now - last > opt.timeout + WATCHDOG_SLACK) {
            fflush(stdout);
            fprintf(stderr, "aemu-hsa-bench: FAILED: no progress in %.0f s; it was in: %s\n",
                    opt.timeout + WATCHDOG_SLACK, step_name);
            dump_threads();
            fflush(stderr);
            _exit(1);
        }
        if (rescue.armed && now - rescue.since > ROCR_RESCUE_AFTER &&
            now - rescue.last_kick > ROCR_RESCUE_AFTER && rocr_in_kfd_wait(rescue.tid)) {
            /* Wakes every thread asleep on the event: ROCr's, and the destroying one. */
            hsaKmtSetEvent(&rescue.event);
            rescue.kicks++;
            rescue.last_kick = now;
        }
        pthread_mutex_unlock(&step_lock);
        gt_sleep(WATCHDOG_TICK);
    }
    return NULL;
}

static void step(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

static void step(const char *fmt, ...)
{
    va_list ap;

    pthread_mutex_lock(&step_lock);
    va_start(ap, fmt);
    vsnprintf(step_name, sizeof(step_name), fmt, ap);
    va_end(ap);
    pthread_mutex_unlock(&step_lock);
    progress();
}

static void die(const char *fmt, ...) __attribute__((format(printf, 1, 2), noreturn));

static void die(const char *fmt, ...)
{
    va_list ap;

    fflush(stdout);
    fputs("aemu-hsa-bench: FAILED: ", stderr);
    va_start(ap, fmt);
    vfprintf(stderr, fmt, ap);
    va_end(ap);
    fprintf(stderr, " (in: %s)\n", step_name);
    /*
     * Not exit(): ROCr's teardown could wait on the queue that failed.
     * KFD frees the process's queues and memory when it goes.
     */
    _exit(1);
}

#define HSA_CHECK(call) do { \
        hsa_status_t s_ = (call); \
        if (s_ != HSA_STATUS_SUCCESS) { \
            die("%s: 0x%x %s", #call, s_, hsa_status_name(s_)); \
        } \
    } while (0)

/* ---- output ---- */

static void bench(const char *name, double value, const char *unit, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));

static void bench(const char *name, double value, const char *unit, const char *fmt, ...)
{
    va_list ap;

    printf("# BENCH %s %.1f %s ", name, value, unit);
    va_start(ap, fmt);
    vprintf(fmt, ap);
    va_end(ap);
    putchar('\n');
    fflush(stdout);
}

/* ---- the runtime: agents, pools ---- */

typedef struct Gpu {
    hsa_agent_t agent;
    hsa_amd_memory_pool_t vram;
    size_t vram_size;
    bool have_vram;
    char name[64];
    char bdf[16];
} Gpu;

typedef struct Bench {
    hsa_agent_t cpu;
    bool have_cpu;
    Gpu gpu[MAX_GPUS];
    unsigned ngpus;
    hsa_amd_memory_pool_t kernarg_pool, system_pool;
    bool have_kernarg, have_system;
    uint64_t timestamp_hz;
} Bench;

static hsa_status_t agent_cb(hsa_agent_t agent, void *data)
{
    Bench *b = data;
    hsa_device_type_t type;

    if (hsa_agent_get_info(agent, HSA_AGENT_INFO_DEVICE, &type) != HSA_STATUS_SUCCESS) {
        return HSA_STATUS_SUCCESS;
    }
    if (type == HSA_DEVICE_TYPE_GPU && b->ngpus < MAX_GPUS) {
        Gpu *g = &b->gpu[b->ngpus++];
        uint32_t id = 0;

        g->agent = agent;
        hsa_agent_get_info(agent, HSA_AGENT_INFO_NAME, g->name);
        /* PCI bus, device and function in one number: bus << 8 | dev << 3 | fn. */
        hsa_agent_get_info(agent, (hsa_agent_info_t)HSA_AMD_AGENT_INFO_BDFID, &id);
        snprintf(g->bdf, sizeof(g->bdf), "%02x:%02x.%x", id >> 8, id >> 3 & 0x1f, id & 7);
    } else if (type == HSA_DEVICE_TYPE_CPU && !b->have_cpu) {
        b->cpu = agent;
        b->have_cpu = true;
    }
    return HSA_STATUS_SUCCESS;
}

static void setup(Bench *b)
{
    HsaHostPools host = { 0 };

    step("hsa_init");
    HSA_CHECK(hsa_init());
    step("hsa_iterate_agents");
    HSA_CHECK(hsa_iterate_agents(agent_cb, b));
    if (!b->ngpus) {
        die("no GPU agent (does KFD list the GPU in its topology?)");
    }
    if (!b->have_cpu) {
        die("no CPU agent");
    }
    HSA_CHECK(hsa_system_get_info(HSA_SYSTEM_INFO_TIMESTAMP_FREQUENCY, &b->timestamp_hz));
    step("hsa_amd_agent_iterate_memory_pools");
    HSA_CHECK(hsa_amd_agent_iterate_memory_pools(b->cpu, hsa_host_pools_cb, &host));
    b->kernarg_pool = host.kernarg.pool;
    b->have_kernarg = host.kernarg.have;
    b->system_pool = host.system.pool;
    b->have_system = host.system.have;
    if (!b->have_kernarg || !b->have_system) {
        die("the CPU agent lacks a kernarg pool or a fine-grained pool");
    }
    for (unsigned i = 0; i < b->ngpus; i++) {
        HsaPool vram = { 0 };

        HSA_CHECK(hsa_amd_agent_iterate_memory_pools(b->gpu[i].agent, hsa_vram_pool_cb,
                                                     &vram));
        b->gpu[i].vram = vram.pool;
        b->gpu[i].vram_size = vram.size;
        b->gpu[i].have_vram = vram.have;
        if (!b->gpu[i].have_vram) {
            die("GPU agent %s (%s) has no coarse-grained pool", b->gpu[i].name,
                b->gpu[i].bdf);
        }
        printf("# GPU %u: %s at %s, VRAM pool %zu MiB\n", i, b->gpu[i].name, b->gpu[i].bdf,
               b->gpu[i].vram_size >> 20);
    }
}

/* System memory the given GPUs may use. */
static void *system_alloc(Bench *b, size_t size, const hsa_agent_t *agents, unsigned n)
{
    void *p = NULL;

    step("hsa_amd_memory_pool_allocate (%zu bytes of system memory)", size);
    HSA_CHECK(hsa_amd_memory_pool_allocate(b->system_pool, size, 0, &p));
    HSA_CHECK(hsa_amd_agents_allow_access(n, agents, NULL, p));
    return p;
}

static void *vram_alloc(Gpu *g, size_t size)
{
    void *p = NULL;

    step("hsa_amd_memory_pool_allocate (%zu bytes of %s's VRAM)", size, g->bdf);
    HSA_CHECK(hsa_amd_memory_pool_allocate(g->vram, size, 0, &p));
    return p;
}

static hsa_signal_t signal_new(hsa_signal_value_t v)
{
    hsa_signal_t s;

    /* No consumers listed: ROCr makes it an interrupt signal (a KFD event). */
    HSA_CHECK(hsa_signal_create(v, 0, NULL, &s));
    return s;
}

/* Set by ROCr's queue error callback (its own thread). */
static volatile hsa_status_t queue_error;

static void queue_error_cb(hsa_status_t status, hsa_queue_t *q, void *data)
{
    (void)q;
    (void)data;
    queue_error = status;
}

static hsa_queue_t *queue_new(Gpu *g)
{
    hsa_queue_t *q = NULL;

    HSA_CHECK(hsa_queue_create(g->agent, QUEUE_PACKETS, HSA_QUEUE_TYPE_SINGLE,
                               queue_error_cb, NULL, UINT32_MAX, UINT32_MAX, &q));
    return q;
}

/*
 * hsa_queue_destroy, rescued from ROCr 5.2.3's lost wakeup (see
 * rocr-destroy.h) by this program's watchdog, which also times the run:
 * a rescued pair is counted, not timed. Returns whether the destroy
 * needed it.
 */
static bool destroy_queue(hsa_queue_t *q)
{
    unsigned kicks;

    pthread_mutex_lock(&step_lock);
    rescue.event = rocr_inactive_event(q);
    /* A signal without an event (interrupts off) cannot lose a wakeup. */
    rescue.armed = rescue.event.EventId != 0;
    rescue.since = gt_now();
    rescue.tid = (pid_t)syscall(SYS_gettid);
    rescue.last_kick = 0;
    rescue.kicks = 0;
    pthread_mutex_unlock(&step_lock);
    HSA_CHECK(hsa_queue_destroy(q));
    pthread_mutex_lock(&step_lock);
    rescue.armed = false;
    kicks = rescue.kicks;
    pthread_mutex_unlock(&step_lock);
    return kicks > 0;
}

/*
 * Wait until the signal drops below 1; a queue error or --timeout without
 * a completion fails. The wait's own timeout (a second of the runtime's
 * clock) only lets the loop look at those; the figure's clock is the
 * caller's.
 */
static void wait_signal(Bench *b, hsa_signal_t s, hsa_wait_state_t state, const char *what)
{
    double deadline = 0;

    for (;;) {
        hsa_signal_value_t v = hsa_signal_wait_scacquire(s, HSA_SIGNAL_CONDITION_LT, 1,
                                                         b->timestamp_hz, state);
        if (v < 1) {
            return;
        }
        if (queue_error != HSA_STATUS_SUCCESS) {
            die("%s: ROCr reported a queue error 0x%x %s", what, queue_error,
                hsa_status_name(queue_error));
        }
        if (!deadline) {
            deadline = gt_now() + opt.timeout;
        } else if (gt_now() > deadline) {
            die("%s did not complete in %.0f s (signal %" PRId64 ")", what, opt.timeout,
                (int64_t)v);
        }
    }
}

/*
 * Does the loop go on: exactly `fixed` times if that is not 0 (the rate
 * figures' --iterations), else until both the least time and the least
 * count have passed.
 */
static bool more(unsigned done, double elapsed, double least_time, unsigned least_count,
                 unsigned fixed)
{
    progress();
    if (fixed) {
        return done < fixed;
    }
    return elapsed < least_time || done < least_count;
}

/*
 * Interrupts the GPUs have raised so far (/proc/interrupts: the lines of
 * amdgpu's handlers, every CPU's column), for the notes next to a figure:
 * what the guest kernel handled while it was measured.
 */
static unsigned long long gpu_interrupts(void)
{
    char line[1024];
    unsigned long long total = 0;
    FILE *f = fopen("/proc/interrupts", "r");

    if (!f) {
        return 0;
    }
    while (fgets(line, sizeof(line), f)) {
        char *p = strchr(line, ':');

        if (!p || !strstr(line, "amdgpu")) {
            continue;
        }
        /* "IRQ:  count count ...  chip  hwirq  name": the counts first. */
        for (p++;;) {
            char *end;
            unsigned long long v = strtoull(p, &end, 10);

            if (end == p) {
                break;
            }
            total += v;
            p = end;
        }
    }
    fclose(f);
    return total;
}

/*
 * The time of each iteration of a figure, for its median: on a shared
 * host a descheduled vCPU stretches a few iterations by milliseconds, and
 * the mean (the figure itself) takes them in; the median does not.
 */
typedef struct Samples {
    double *t;
    size_t n, cap;
} Samples;

static void sample(Samples *s, double t)
{
    if (s->n == s->cap) {
        s->cap = s->cap ? 2 * s->cap : 1024;
        if (!(s->t = realloc(s->t, s->cap * sizeof(*s->t)))) {
            die("out of memory for %zu samples", s->cap);
        }
    }
    s->t[s->n++] = t;
}

static int cmp_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;

    return (x > y) - (x < y);
}

/* The median in microseconds, and the samples freed. */
static double median_us(Samples *s)
{
    double m = 0;

    if (s->n) {
        qsort(s->t, s->n, sizeof(*s->t), cmp_double);
        m = s->n % 2 ? s->t[s->n / 2] : (s->t[s->n / 2 - 1] + s->t[s->n / 2]) / 2;
    }
    free(s->t);
    memset(s, 0, sizeof(*s));
    return m * 1e6;
}

/* ---- queue-create-destroy ---- */

static void fig_queue(Bench *b)
{
    Gpu *g = &b->gpu[0];
    unsigned n = 0, rescued = 0;
    double busy = 0, slowest = 0;
    unsigned long long irqs;
    Samples times = { 0 };

    /* ROCr creates its utility queue with the first queue of the process. */
    step("the untimed first hsa_queue_create (ROCr adds its utility queue)");
    destroy_queue(queue_new(g));
    irqs = gpu_interrupts();
    /* The figure counts the pairs that needed no rescue, and their time. */
    while (more(n, busy, opt.time, MIN_ITERATIONS, opt.iterations)) {
        double p0 = gt_now(), dt;
        hsa_queue_t *q;

        /* Named per call: either may wait in KFD on the scheduler. */
        step("hsa_queue_create %u", n + rescued + 1);
        q = queue_new(g);
        step("hsa_queue_destroy %u", n + rescued + 1);
        if (destroy_queue(q)) {
            /* Its time is the rescue's, not the queue's. */
            rescued++;
            if (rescued > MAX_RESCUES) {
                die("%u hsa_queue_destroy calls lost their wakeup, %u did not", rescued, n);
            }
            continue;
        }
        dt = gt_now() - p0;
        busy += dt;
        slowest = dt > slowest ? dt : slowest;
        sample(&times, dt);
        n++;
    }
    bench("queue-create-destroy", n / busy, "pairs/s",
          "iterations=%u seconds=%.3f median-us=%.0f rescued=%u slowest-ms=%.1f"
          " queue=%u-packets", n, busy, median_us(&times), rescued, slowest * 1e3,
          QUEUE_PACKETS);
    printf("# GPU interrupts during the %u pairs: %llu\n", n + rescued,
           gpu_interrupts() - irqs);
}

/* ---- signal-roundtrip ---- */

static uint16_t packet_header(hsa_packet_type_t type)
{
    /* Barrier bit and system-scope fences: what ROCr's own packets carry. */
    return (uint16_t)(type << HSA_PACKET_HEADER_TYPE | 1u << HSA_PACKET_HEADER_BARRIER |
                      HSA_FENCE_SCOPE_SYSTEM << HSA_PACKET_HEADER_SCACQUIRE_FENCE_SCOPE |
                      HSA_FENCE_SCOPE_SYSTEM << HSA_PACKET_HEADER_SCRELEASE_FENCE_SCOPE);
}

/*
 * Put a packet on the queue and ring the doorbell with its index. One
 * packet is in flight at a time here, so its slot was freed by the
 * previous round trip: the read index the packet processor wrote back is
 * past it.
 */
static uint64_t submit(hsa_queue_t *q, const void *pkt, uint16_t header, uint16_t setup)
{
    uint64_t idx = hsa_queue_add_write_index_scacq_screl(q, 1);
    uint32_t *slot = (uint32_t *)((char *)q->base_address +
                                  (idx & (q->size - 1)) * AQL_PACKET_BYTES);

    if (idx - hsa_queue_load_read_index_scacquire(q) >= q->size) {
        die("packet %" PRIu64 " has no free slot: the read index is %" PRIu64, idx,
            hsa_queue_load_read_index_scacquire(q));
    }
    /* The body, then header and setup in one release store: never half a packet. */
    memcpy(slot + 1, (const uint32_t *)pkt + 1, AQL_PACKET_BYTES - sizeof(uint32_t));
    __atomic_store_n(slot, header | (uint32_t)setup << 16, __ATOMIC_RELEASE);
    hsa_signal_store_screlease(q->doorbell_signal, (hsa_signal_value_t)idx);
    return idx;
}

typedef struct Kernel {
    uint64_t object;
    uint32_t kernarg_size, group_size, private_size;
} Kernel;

/*
 * The default code object: next to this program (a build tree), else
 * where build-guest.sh installs it.
 */
static const char *code_object_path(void)
{
    static char path[PATH_MAX];
    ssize_t n = readlink("/proc/self/exe", path, sizeof(path) - sizeof(CODE_OBJECT_NAME) - 1);

    if (n > 0) {
        char *slash;

        path[n] = 0;
        slash = strrchr(path, '/');
        if (slash) {
            strcpy(slash + 1, CODE_OBJECT_NAME);
            if (access(path, R_OK) == 0) {
                return path;
            }
        }
    }
    return CODE_OBJECT_DIR "/" CODE_OBJECT_NAME;
}

/*
 * aemu_mark from the project's code object, loaded and frozen for GPU g
 * (ROCr copies the code into VRAM with its blit kernel at the freeze).
 */
static Kernel load_mark(Gpu *g)
{
    const char *path = opt.code_object ? opt.code_object : code_object_path();
    hsa_code_object_reader_t reader;
    hsa_executable_t exec;
    hsa_executable_symbol_t sym;
    hsa_profile_t profile;
    Kernel k = { 0 };
    struct stat st;
    void *data;
    FILE *f;

    step("reading %s", path);
    if (!(f = fopen(path, "rb")) || fstat(fileno(f), &st) < 0 || st.st_size <= 0) {
        die("%s: %s", path, f ? "empty or unreadable" : strerror(errno));
    }
    if (!(data = malloc((size_t)st.st_size)) ||
        fread(data, 1, (size_t)st.st_size, f) != (size_t)st.st_size) {
        die("%s: read failed", path);
    }
    fclose(f);
    step("loading %s for %s", path, g->name);
    HSA_CHECK(hsa_code_object_reader_create_from_memory(data, (size_t)st.st_size, &reader));
    HSA_CHECK(hsa_agent_get_info(g->agent, HSA_AGENT_INFO_PROFILE, &profile));
    HSA_CHECK(hsa_executable_create_alt(profile, HSA_DEFAULT_FLOAT_ROUNDING_MODE_DEFAULT, NULL,
                                        &exec));
    HSA_CHECK(hsa_executable_load_agent_code_object(exec, g->agent, reader, NULL, NULL));
    step("hsa_executable_freeze");
    HSA_CHECK(hsa_executable_freeze(exec, NULL));
    HSA_CHECK(hsa_executable_get_symbol_by_name(exec, MARK_KERNEL, &g->agent, &sym));
    HSA_CHECK(hsa_executable_symbol_get_info(sym, HSA_EXECUTABLE_SYMBOL_INFO_KERNEL_OBJECT,
                                             &k.object));
    HSA_CHECK(hsa_executable_symbol_get_info(
                  sym, HSA_EXECUTABLE_SYMBOL_INFO_KERNEL_KERNARG_SEGMENT_SIZE,
                  &k.kernarg_size));
    HSA_CHECK(hsa_executable_symbol_get_info(
                  sym, HSA_EXECUTABLE_SYMBOL_INFO_KERNEL_GROUP_SEGMENT_SIZE, &k.group_size));
    HSA_CHECK(hsa_executable_symbol_get_info(
                  sym, HSA_EXECUTABLE_SYMBOL_INFO_KERNEL_PRIVATE_SEGMENT_SIZE,
                  &k.private_size));
    return k;
}

/* aemu_mark's kernel arguments (kernels-gfx900.s): out[i] = value + i. */
typedef struct MarkArgs {
    uint32_t *out;
    uint32_t value, pad;
} MarkArgs;

enum { PKT_BARRIER_AND, PKT_DISPATCH };

/* How the host waits for a round trip's completion signal. */
typedef enum WaitKind { WAIT_BLOCKED, WAIT_ACTIVE, WAIT_KFD_EVENT } WaitKind;
static const char *const wait_names[] = {
    [WAIT_BLOCKED] = "blocked", [WAIT_ACTIVE] = "active", [WAIT_KFD_EVENT] = "kfd-event",
};

/* hsaKmtWaitOnEvent's timeout (ms): the loop looks at --timeout between waits. */
#define KFD_WAIT_MS     1000u

/*
 * Wait for signal s below 1 asleep in KFD on the signal's event: the
 * packet processor writes the event id to the signal's mailbox and sends
 * the end-of-pipe interrupt with it, KFD sets the event. Unlike ROCr's
 * blocked wait, which spins 200 us before it sleeps
 * (InterruptSignal::WaitRelaxed), every round trip goes through the
 * interrupt. A completion before the wait leaves the event set (KFD's
 * auto-reset events stay set without a waiter): the wait then returns at
 * once.
 */
static void wait_kfd_event(hsa_signal_t s, const char *what)
{
    const amd_signal_t *as = (const amd_signal_t *)s.handle;
    double deadline = 0;
    HsaEvent ev;

    if (!as->event_id) {
        die("%s: the completion signal has no KFD event (HSA_ENABLE_INTERRUPT=0?)", what);
    }
    memset(&ev, 0, sizeof(ev));
    ev.EventId = as->event_id;
    ev.EventData.EventType = HSA_EVENTTYPE_SIGNAL;
    while (hsa_signal_load_scacquire(s) >= 1) {
        HSAKMT_STATUS st = hsaKmtWaitOnEvent(&ev, KFD_WAIT_MS);

        if (st != HSAKMT_STATUS_SUCCESS && st != HSAKMT_STATUS_WAIT_TIMEOUT) {
            die("%s: hsaKmtWaitOnEvent(event %u): status %d", what, ev.EventId, (int)st);
        }
        if (queue_error != HSA_STATUS_SUCCESS) {
            die("%s: ROCr reported a queue error 0x%x %s", what, queue_error,
                hsa_status_name(queue_error));
        }
        if (st == HSAKMT_STATUS_WAIT_TIMEOUT) {
            if (!deadline) {
                deadline = gt_now() + opt.timeout;
            } else if (gt_now() > deadline) {
                die("%s did not complete in %.0f s (signal %" PRId64 ")", what, opt.timeout,
                    (int64_t)hsa_signal_load_scacquire(s));
            }
        }
    }
}

/*
 * Round trips of one packet kind with one wait state on queue q. A
 * dispatch writes its iteration's number into *out, which is checked
 * after the loop (the last one ran, and last).
 */
static void roundtrip(Bench *b, hsa_queue_t *q, int kind, WaitKind wait, const Kernel *k,
                      MarkArgs *args)
{
    const char *pname = kind == PKT_DISPATCH ? "dispatch" : "barrier-and";
    const char *wname = wait_names[wait];
    hsa_signal_t done = signal_new(1);
    hsa_kernel_dispatch_packet_t dp;
    hsa_barrier_and_packet_t bp;
    uint64_t first = hsa_queue_load_write_index_scacquire(q), r, w;
    unsigned long long irqs;
    unsigned n = 0;
    double t0, t = 0, prev;
    Samples times = { 0 };

    memset(&bp, 0, sizeof(bp));
    bp.completion_signal = done;
    memset(&dp, 0, sizeof(dp));
    /* One work-item: the least a dispatch can launch. */
    dp.workgroup_size_x = dp.workgroup_size_y = dp.workgroup_size_z = 1;
    dp.grid_size_x = dp.grid_size_y = dp.grid_size_z = 1;
    dp.completion_signal = done;
    if (kind == PKT_DISPATCH) {
        dp.kernel_object = k->object;
        dp.kernarg_address = args;
        dp.group_segment_size = k->group_size;
        dp.private_segment_size = k->private_size;
        *args->out = UINT32_MAX;
    }
    step("signal round trips: %s packets, %s waits", pname, wname);
    irqs = gpu_interrupts();
    t0 = gt_now();
    while (more(n, t, opt.time, MIN_ITERATIONS, opt.iterations)) {
        if (kind == PKT_DISPATCH) {
            /* Written before the packet's release store publishes it. */
            args->value = n;
            submit(q, &dp, packet_header(HSA_PACKET_TYPE_KERNEL_DISPATCH),
                   1 << HSA_KERNEL_DISPATCH_PACKET_SETUP_DIMENSIONS);
        } else {
            submit(q, &bp, packet_header(HSA_PACKET_TYPE_BARRIER_AND), 0);
        }
        if (wait == WAIT_KFD_EVENT) {
            wait_kfd_event(done, step_name);
        } else {
            wait_signal(b, done, wait == WAIT_ACTIVE ? HSA_WAIT_STATE_ACTIVE :
                                                       HSA_WAIT_STATE_BLOCKED, step_name);
        }
        hsa_signal_store_relaxed(done, 1);
        n++;
        prev = t;
        t = gt_now() - t0;
        sample(&times, t - prev);
    }
    r = hsa_queue_load_read_index_scacquire(q);
    w = hsa_queue_load_write_index_scacquire(q);
    if (w - first != n || r != w) {
        die("after %u round trips the queue's write index moved %" PRIu64 " and the read"
            " index is %" PRIu64 " (write %" PRIu64 ")", n, w - first, r, w);
    }
    if (kind == PKT_DISPATCH && *args->out != n - 1) {
        die("the last dispatch wrote %u, want %u", *args->out, n - 1);
    }
    hsa_signal_destroy(done);
    bench("signal-roundtrip", n / t, "round-trips/s", "packet=%s wait=%s iterations=%u"
          " seconds=%.3f median-us=%.1f", pname, wname, n, t, median_us(&times));
    printf("# GPU interrupts during those round trips: %llu\n", gpu_interrupts() - irqs);
}

static void fig_signal(Bench *b)
{
    Gpu *g = &b->gpu[0];
    hsa_queue_t *q;
    MarkArgs *args;
    uint32_t *out;
    Kernel k;

    step("hsa_queue_create for the round trips");
    q = queue_new(g);
    for (WaitKind w = WAIT_BLOCKED; w <= WAIT_KFD_EVENT; w++) {
        roundtrip(b, q, PKT_BARRIER_AND, w, NULL, NULL);
    }
    k = load_mark(g);
    out = system_alloc(b, sizeof(*out), &g->agent, 1);
    step("hsa_amd_memory_pool_allocate (kernarg)");
    HSA_CHECK(hsa_amd_memory_pool_allocate(b->kernarg_pool, sizeof(*args), 0, (void **)&args));
    HSA_CHECK(hsa_amd_agents_allow_access(1, &g->agent, NULL, args));
    if (k.kernarg_size != sizeof(*args)) {
        die("%s takes %u bytes of arguments, this program passes %zu", MARK_KERNEL,
            k.kernarg_size, sizeof(*args));
    }
    args->out = out;
    args->pad = 0;
    for (WaitKind w = WAIT_BLOCKED; w <= WAIT_KFD_EVENT; w++) {
        roundtrip(b, q, PKT_DISPATCH, w, &k, args);
    }
    destroy_queue(q);
}

/* ---- copies ---- */

/*
 * Multiplying by 2^64 / the golden ratio (Fibonacci hashing) spreads the
 * small seeds (the sizes) over all 64 bits of the first state.
 */
#define SEED_SPREAD     0x9E3779B97F4A7C15ull

/*
 * Bytes that differ from one size to the next, 8 at a time: Marsaglia's
 * xorshift64 (shifts 13, 7, 17), whose state must not be 0.
 */
static void fill_pattern(uint8_t *p, size_t size, uint64_t seed)
{
    uint64_t x = seed * SEED_SPREAD | 1;
    size_t i = 0;

    for (; i + sizeof(x) <= size; i += sizeof(x)) {
        x ^= x << 13;
        x ^= x >> 7;
        x ^= x << 17;
        memcpy(p + i, &x, sizeof(x));
    }
    for (; i < size; i++) {
        p[i] = (uint8_t)(x >> (8 * (i % sizeof(x))));
    }
}

static void check_bytes(const uint8_t *got, const uint8_t *want, size_t size, const char *what)
{
    size_t bad = 0, first = 0;

    if (!memcmp(got, want, size)) {
        return;
    }
    for (size_t i = 0; i < size; i++) {
        if (got[i] != want[i] && !bad++) {
            first = i;
        }
    }
    die("%s: %zu of %zu bytes differ, the first at %zu: 0x%02x, want 0x%02x", what, bad, size,
        first, got[first], want[first]);
}

/* One async copy, waited for (blocked: the copy engines' interrupt path). */
static void copy_wait(Bench *b, void *dst, hsa_agent_t dst_agent, const void *src,
                      hsa_agent_t src_agent, size_t size, hsa_signal_t done)
{
    hsa_signal_store_relaxed(done, 1);
    HSA_CHECK(hsa_amd_memory_async_copy(dst, dst_agent, src, src_agent, size, 0, NULL, done));
    wait_signal(b, done, HSA_WAIT_STATE_BLOCKED, step_name);
}

/* An untimed copy, then timed ones; prints the figure. */
static void time_copy(Bench *b, const char *name, const char *path, void *dst,
                      hsa_agent_t dst_agent, const void *src, hsa_agent_t src_agent,
                      size_t size, hsa_signal_t done)
{
    unsigned n = 0;
    double t0, t = 0, prev;
    Samples times = { 0 };

    step("%s %s, %zu bytes", name, path, size);
    /* The first use of a buffer by an engine may map it: not the copy's cost. */
    copy_wait(b, dst, dst_agent, src, src_agent, size, done);
    t0 = gt_now();
    while (more(n, t, opt.copy_time, MIN_COPIES, 0)) {
        copy_wait(b, dst, dst_agent, src, src_agent, size, done);
        n++;
        prev = t;
        t = gt_now() - t0;
        sample(&times, t - prev);
    }
    bench(name, (double)size * n / MiB / t, "MiB/s", "path=%s bytes=%zu copies=%u seconds=%.3f"
          " median-us=%.0f", path, size, n, t, median_us(&times));
}

/* This process's SDMA queues as KFD lists them (/sys/class/kfd/kfd/proc/PID/queues). */
static int kfd_sdma_queues(void)
{
    char dir[64], path[PATH_MAX];
    struct dirent *ent;
    int sdma = 0;
    DIR *d;

    snprintf(dir, sizeof(dir), "/sys/class/kfd/kfd/proc/%d/queues", (int)getpid());
    if (!(d = opendir(dir))) {
        return -1;
    }
    while ((ent = readdir(d))) {
        FILE *f;
        int type;

        if (ent->d_name[0] == '.') {
            continue;
        }
        snprintf(path, sizeof(path), "%s/%s/type", dir, ent->d_name);
        if ((f = fopen(path, "r"))) {
            if (fscanf(f, "%d", &type) == 1) {
                sdma += type == KFD_QUEUE_TYPE_SDMA || type == KFD_QUEUE_TYPE_SDMA_XGMI;
            }
            fclose(f);
        }
    }
    closedir(d);
    return sdma;
}

static uint64_t max_size(const uint64_t *sizes, unsigned n)
{
    uint64_t m = 0;

    for (unsigned i = 0; i < n; i++) {
        m = sizes[i] > m ? sizes[i] : m;
    }
    return m;
}

static void fig_copy(Bench *b)
{
    Gpu *g = &b->gpu[0];
    size_t cap = max_size(opt.sizes, opt.nsizes);
    uint8_t *src, *dst, *dev;
    hsa_signal_t done = signal_new(1);
    int sdma;

    /* Half the VRAM pool at most: the code object and ROCr's own buffers live there too. */
    while (cap > g->vram_size / 2) {
        cap /= 2;
    }
    src = system_alloc(b, cap, &g->agent, 1);
    dst = system_alloc(b, cap, &g->agent, 1);
    dev = vram_alloc(g, cap);
    for (unsigned i = 0; i < opt.nsizes; i++) {
        size_t size = opt.sizes[i];

        if (size > cap) {
            printf("# BENCH copy-sdma n/a MiB/s path=host->vram bytes=%zu"
                   " reason=more-than-half-the-VRAM-pool\n", size);
            continue;
        }
        step("a pattern of %zu bytes", size);
        fill_pattern(src, size, size);
        memset(dst, POISON_BYTE, size);
        time_copy(b, "copy-sdma", "host->vram", dev, g->agent, src, b->cpu, size, done);
        if (i == 0) {
            /* ROCr made its copy queue at the first copy; without SDMA it uses blit kernels. */
            sdma = kfd_sdma_queues();
            if (sdma == 0) {
                die("ROCr made no SDMA queue (it fell back to blit kernels): not copy-sdma");
            }
            if (sdma < 0) {
                printf("# no KFD queue list for this process: the engine is not checked\n");
            } else {
                printf("# KFD lists %d SDMA queue(s) of this process\n", sdma);
            }
        }
        time_copy(b, "copy-sdma", "vram->host", dst, b->cpu, dev, g->agent, size, done);
        check_bytes(dst, src, size, "host -> VRAM -> host");
    }
    hsa_amd_memory_pool_free(dev);
    hsa_amd_memory_pool_free(dst);
    hsa_amd_memory_pool_free(src);
    hsa_signal_destroy(done);
}

static void fig_peer(Bench *b)
{
    Gpu *a = &b->gpu[0], *gb = &b->gpu[1];
    hsa_agent_t both[2] = { a->agent, gb->agent };
    size_t cap = max_size(opt.peer_sizes, opt.npeer_sizes);
    uint8_t *src, *shared, *back, *vram_a, *vram_b;
    hsa_signal_t done = signal_new(1);

    while (cap > a->vram_size / 2 || cap > gb->vram_size / 2) {
        cap /= 2;
    }
    printf("# peer-copy: GPU A %s, GPU B %s, a system buffer open to both\n", a->bdf, gb->bdf);
    src = system_alloc(b, cap, &a->agent, 1);
    back = system_alloc(b, cap, &gb->agent, 1);
    /* KFD maps it on the second GPU through a DMA-buf attachment (behind an IOMMU). */
    shared = system_alloc(b, cap, both, 2);
    vram_a = vram_alloc(a, cap);
    vram_b = vram_alloc(gb, cap);
    for (unsigned i = 0; i < opt.npeer_sizes; i++) {
        size_t size = opt.peer_sizes[i];

        if (size > cap) {
            printf("# BENCH peer-copy n/a MiB/s path=vram-a->shared bytes=%zu"
                   " reason=more-than-half-the-VRAM-pool\n", size);
            continue;
        }
        step("a pattern of %zu bytes into GPU A's VRAM", size);
        fill_pattern(src, size, size + 1);
        copy_wait(b, vram_a, a->agent, src, b->cpu, size, done);
        memset(shared, POISON_BYTE, size);
        memset(back, POISON_BYTE, size);
        time_copy(b, "peer-copy", "vram-a->shared", shared, b->cpu, vram_a, a->agent, size,
                  done);
        check_bytes(shared, src, size, "GPU A's VRAM -> the shared buffer");
        time_copy(b, "peer-copy", "shared->vram-b", vram_b, gb->agent, shared, b->cpu, size,
                  done);
        step("GPU B's VRAM -> host, %zu bytes, to check it", size);
        copy_wait(b, back, b->cpu, vram_b, gb->agent, size, done);
        check_bytes(back, src, size, "the shared buffer -> GPU B's VRAM -> host");
    }
    hsa_amd_memory_pool_free(vram_b);
    hsa_amd_memory_pool_free(vram_a);
    hsa_amd_memory_pool_free(shared);
    hsa_amd_memory_pool_free(back);
    hsa_amd_memory_pool_free(src);
    hsa_signal_destroy(done);
}

/* ---- options ---- */

static bool selected(const char *name)
{
    const char *p = opt.figures;
    size_t len = strlen(name);

    if (!p) {
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
    fprintf(status ? stderr : stdout,
            "usage: aemu-hsa-bench [--figures LIST] [--time SEC] [--copy-time SEC]\n"
            "                      [--iterations N] [--sizes LIST] [--peer-sizes LIST]\n"
            "                      [--timeout SEC] [--code-object FILE]\n"
            "figures: queue-create-destroy signal-roundtrip copy-sdma peer-copy\n");
    exit(status);
}

/* "1M,16M,64M" (suffixes K, M, G) into sizes; false if malformed. */
static bool parse_sizes(const char *list, uint64_t *sizes, unsigned *n)
{
    const char *p = list;

    *n = 0;
    while (*p) {
        char *end;
        unsigned long long v = strtoull(p, &end, 10);

        switch (*end) {
        case 'G': v <<= 10; /* fall through */
        case 'M': v <<= 10; /* fall through */
        case 'K': v <<= 10; end++; break;
        default: break;
        }
        if (end == p || !v || (*end && *end != ',') || *n == MAX_SIZES || v > SIZE_MAX) {
            return false;
        }
        sizes[(*n)++] = v;
        p = *end ? end + 1 : end;
    }
    return *n > 0;
}

static void parse_options(int argc, char **argv)
{
    static const struct option longopts[] = {
        { "figures", required_argument, NULL, 'f' },
        { "time", required_argument, NULL, 't' },
        { "copy-time", required_argument, NULL, 'c' },
        { "iterations", required_argument, NULL, 'n' },
        { "sizes", required_argument, NULL, 's' },
        { "peer-sizes", required_argument, NULL, 'p' },
        { "timeout", required_argument, NULL, 'T' },
        { "code-object", required_argument, NULL, 'o' },
        { "help", no_argument, NULL, 'h' },
        { NULL, 0, NULL, 0 },
    };
    int ch;

    parse_sizes("1M,16M,64M", opt.sizes, &opt.nsizes);
    parse_sizes("16M,64M", opt.peer_sizes, &opt.npeer_sizes);
    while ((ch = getopt_long(argc, argv, "h", longopts, NULL)) != -1) {
        switch (ch) {
        case 'f': opt.figures = optarg; break;
        case 't': opt.time = atof(optarg); break;
        case 'c': opt.copy_time = atof(optarg); break;
        case 'n': opt.iterations = (unsigned)strtoul(optarg, NULL, 10); break;
        case 's':
            if (!parse_sizes(optarg, opt.sizes, &opt.nsizes)) {
                fprintf(stderr, "aemu-hsa-bench: bad --sizes %s\n", optarg);
                usage(2);
            }
            break;
        case 'p':
            if (!parse_sizes(optarg, opt.peer_sizes, &opt.npeer_sizes)) {
                fprintf(stderr, "aemu-hsa-bench: bad --peer-sizes %s\n", optarg);
                usage(2);
            }
            break;
        case 'T': opt.timeout = atof(optarg); break;
        case 'o': opt.code_object = optarg; break;
        case 'h': usage(0); break;
        default: usage(2);
        }
    }
    if (optind != argc || opt.time <= 0 || opt.copy_time <= 0 || opt.timeout < 1) {
        usage(2);
    }
    if (opt.figures) {
        char *list = strdup(opt.figures), *save = NULL;

        for (char *f = strtok_r(list, ",", &save); f; f = strtok_r(NULL, ",", &save)) {
            size_t i = 0;

            while (i < N_ELEMENTS(figure_names) && strcmp(f, figure_names[i])) {
                i++;
            }
            if (i == N_ELEMENTS(figure_names)) {
                fprintf(stderr, "aemu-hsa-bench: no figure %s\n", f);
                usage(2);
            }
        }
        free(list);
    }
}

/* amdgpu's sched_policy as KFD took it, for the notes; -1 if unknown. */
static int sched_policy(void)
{
    FILE *f = fopen("/sys/module/amdgpu/parameters/sched_policy", "r");
    int v = -1;

    if (f) {
        if (fscanf(f, "%d", &v) != 1) {
            v = -1;
        }
        fclose(f);
    }
    return v;
}

int main(int argc, char **argv)
{
    Bench b;
    int policy;

    pthread_t dog;

    setvbuf(stdout, NULL, _IOLBF, 0);
    parse_options(argc, argv);
    progress();
    if (pthread_create(&dog, NULL, watchdog, NULL)) {
        die("pthread_create failed: no watchdog");
    }
    /* copy-sdma is SDMA's figure whatever the environment says (ROCr reads it at init). */
    setenv("HSA_ENABLE_SDMA", "1", 1);
    memset(&b, 0, sizeof(b));
    setup(&b);
    policy = sched_policy();
    printf("# KFD scheduling: amdgpu.sched_policy=%d (%s)\n", policy,
           policy < 0 ? "unknown" : policy == SCHED_POLICY_NO_HWS ? "no HWS: HQDs by registers"
                                                                  : "HWS: runlists on the HIQ");
    if (selected("queue-create-destroy")) {
        fig_queue(&b);
    }
    if (selected("signal-roundtrip")) {
        fig_signal(&b);
    }
    if (selected("copy-sdma")) {
        fig_copy(&b);
    }
    if (selected("peer-copy")) {
        if (b.ngpus >= 2) {
            fig_peer(&b);
        } else if (opt.figures) {
            die("peer-copy needs two GPU agents, there is %u", b.ngpus);
        } else {
            printf("# peer-copy: one GPU agent, not measured\n");
        }
    }
    /*
     * No hsa_shut_down: it destroys ROCr's own queues (the utility queue,
     * the blit queues), whose destructors have destroy_queue's lost
     * wakeup and nobody here to rescue them. KFD frees the queues and the
     * memory when the process goes, as for any process that exits.
     */
    fflush(stdout);
    _exit(0);
}
