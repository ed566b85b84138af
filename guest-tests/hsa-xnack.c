/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * aemu-hsa-xnack: a kernel that reads memory the GPU has no mapping for,
 * through ROCm's HSA runtime (Debian's ROCr 5.2.3), for the retry-fault
 * (XNACK) plan xnack-vega10 (issue 11, item 6).
 *
 * The kernel is aemu_vadd of the project's gfx900 code object
 * (guest-tests/hsa/kernels-gfx900.s), c[i] = a[i] + b[i], with a pointing
 * at a page of this process that was never registered with ROCr (an
 * anonymous mmap): no GPU mapping exists for it. With amdgpu.noretry=0
 * the GPU's access is a retry fault; what follows depends on the kernel:
 *
 *   --expect fault  (no CONFIG_HSA_AMD_SVM, Debian's kernel) amdgpu cannot
 *                   map the page: it marks it no-retry, the access faults
 *                   again without retry, KFD evicts the process's queues
 *                   and signals its memory event. The test passes when
 *                   ROCr hands that event to the handler registered with
 *                   hsa_amd_register_system_event_handler, naming the
 *                   page of a ("page not present", the retry fault's
 *                   reason, or none, the no-retry fault's: KFD signals
 *                   both, and ROCr reports the one it reads).
 *   --expect data   (a kernel with SVM and XNACK on) KFD maps the page
 *                   on the fault (svm_range_restore_pages), the retry
 *                   succeeds and c holds a[i] + b[i]: the test passes when
 *                   the dispatch completes with that.
 *
 * The test runs in a child process with --timeout seconds (the parent
 * kills it after; a wave waiting on a page nobody maps never ends). On the
 * fault event it writes "aemu-hsa-xnack: fault event received" to the
 * kernel log, so that the plan can tell KFD's eviction on the fault from
 * one at exit. The child leaves with _exit: its queues are evicted after a
 * fault, and the kernel tears the process down as it would a crashed one.
 *
 * Usage: aemu-hsa-xnack [--expect fault|data] [--timeout SEC] [--label TEXT]
 *                       [--first N] [--code-object FILE]
 * One TAP line: "ok N - LABEL: ..." or "not ok N - LABEL: reason", and
 * diagnostics. Exit status: 0 passed, 1 failed, 2 usage error.
 */
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <inttypes.h>
#include <poll.h>
#include <signal.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include <hsa/hsa.h>
#include <hsa/hsa_ext_amd.h>

#include "guest-clock.h"

#define CODE_OBJECT_DEFAULT "/usr/lib/aemu/aemu-kernels-gfx900.hsaco"
#define KERNEL              "aemu_vadd.kd"
/* One wave: 64 work-items, a[i] in the first 256 bytes of the page. */
#define ITEMS               64u
#define QUEUE_PACKETS       64u
#define A_BASE              0x1000u
#define B_BASE              0x20000u
#define CANARY              0xC5A5E5D5u
#define TIMEOUT_MAX         60.0
/* What a report line of the child may hold. */
#define REPORT_MAX          512

static struct {
    bool expect_data;
    double timeout;
    const char *label;
    int first;
    const char *code_object;
} opt = { .timeout = 20.0, .label = "xnack", .first = 1,
          .code_object = CODE_OBJECT_DEFAULT };

static int report_fd = -1;

/* The child's report: "ok TEXT", "fail TEXT" or "diag TEXT", a line each. */
static void say(const char *kind, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

static void say(const char *kind, const char *fmt, ...)
{
    char line[REPORT_MAX];
    va_list ap;
    int n = snprintf(line, sizeof(line), "%s ", kind);

    va_start(ap, fmt);
    vsnprintf(line + n, sizeof(line) - (size_t)n - 1, fmt, ap);
    va_end(ap);
    line[sizeof(line) - 2] = 0;
    for (char *p = line; *p; p++) {
        if (*p == '\n') {
            *p = ' ';
        }
    }
    strcat(line, "\n");
    if (write(report_fd, line, strlen(line)) < 0) {
        _exit(3);
    }
}

static void __attribute__((noreturn)) child_fail(const char *fmt, ...)
    __attribute__((format(printf, 1, 2)));

static void child_fail(const char *fmt, ...)
{
    char text[REPORT_MAX];
    va_list ap;

    va_start(ap, fmt);
    vsnprintf(text, sizeof(text), fmt, ap);
    va_end(ap);
    say("fail", "%s", text);
    _exit(1);
}

#define HSA_CHECK(call) do { \
        hsa_status_t s_ = (call); \
        if (s_ != HSA_STATUS_SUCCESS) { \
            const char *str_ = NULL; \
            hsa_status_string(s_, &str_); \
            child_fail("%s: 0x%x %s", #call, s_, str_ ? str_ : ""); \
        } \
    } while (0)

typedef struct Ctx {
    hsa_agent_t gpu, cpu;
    bool have_gpu, have_cpu;
    hsa_amd_memory_pool_t kernarg_pool, system_pool;
    bool have_kernarg, have_system;
} Ctx;

static hsa_status_t agent_cb(hsa_agent_t agent, void *data)
{
    Ctx *c = data;
    hsa_device_type_t type;

    if (hsa_agent_get_info(agent, HSA_AGENT_INFO_DEVICE, &type) == HSA_STATUS_SUCCESS) {
        if (type == HSA_DEVICE_TYPE_GPU && !c->have_gpu) {
            c->gpu = agent;
            c->have_gpu = true;
        } else if (type == HSA_DEVICE_TYPE_CPU && !c->have_cpu) {
            c->cpu = agent;
            c->have_cpu = true;
        }
    }
    return HSA_STATUS_SUCCESS;
}

/* The CPU's kernarg pool and a fine-grained pool for the buffers. */
static hsa_status_t pool_cb(hsa_amd_memory_pool_t pool, void *data)
{
    Ctx *c = data;
    hsa_amd_segment_t seg;
    uint32_t flags = 0;
    bool alloc = false;

    if (hsa_amd_memory_pool_get_info(pool, HSA_AMD_MEMORY_POOL_INFO_SEGMENT, &seg) !=
            HSA_STATUS_SUCCESS || seg != HSA_AMD_SEGMENT_GLOBAL ||
        hsa_amd_memory_pool_get_info(pool, HSA_AMD_MEMORY_POOL_INFO_RUNTIME_ALLOC_ALLOWED,
                                     &alloc) != HSA_STATUS_SUCCESS || !alloc) {
        return HSA_STATUS_SUCCESS;
    }
    hsa_amd_memory_pool_get_info(pool, HSA_AMD_MEMORY_POOL_INFO_GLOBAL_FLAGS, &flags);
    if ((flags & HSA_AMD_MEMORY_POOL_GLOBAL_FLAG_KERNARG_INIT) && !c->have_kernarg) {
        c->kernarg_pool = pool;
        c->have_kernarg = true;
    }
    if ((flags & HSA_AMD_MEMORY_POOL_GLOBAL_FLAG_FINE_GRAINED) &&
        (!c->have_system || !(flags & HSA_AMD_MEMORY_POOL_GLOBAL_FLAG_KERNARG_INIT))) {
        c->system_pool = pool;
        c->have_system = true;
    }
    return HSA_STATUS_SUCCESS;
}

/*
 * A line in the kernel log while this process still lives (it has had its
 * fault event): the plan checks that KFD evicted its queues before, on the
 * fault, and not at its exit.
 */
static void kmsg_mark(void)
{
    static const char mark[] = "aemu-hsa-xnack: fault event received\n";
    int fd = open("/dev/kmsg", O_WRONLY);

    if (fd >= 0) {
        if (write(fd, mark, sizeof(mark) - 1) < 0) {
            say("diag", "/dev/kmsg: %s", strerror(errno));
        }
        close(fd);
    }
}

static void *alloc_system(Ctx *c, hsa_amd_memory_pool_t pool, size_t size)
{
    void *p = NULL;

    HSA_CHECK(hsa_amd_memory_pool_allocate(pool, size, 0, &p));
    HSA_CHECK(hsa_amd_agents_allow_access(1, &c->gpu, NULL, p));
    return p;
}

/* Set by ROCr's event thread when KFD signals the process's memory event. */
static volatile bool faulted;
static volatile uint64_t fault_addr;
static volatile uint32_t fault_reason;

static hsa_status_t event_cb(const hsa_amd_event_t *ev, void *data)
{
    (void)data;
    if (ev->event_type != HSA_AMD_GPU_MEMORY_FAULT_EVENT) {
        return HSA_STATUS_ERROR;
    }
    fault_addr = ev->memory_fault.virtual_address;
    fault_reason = ev->memory_fault.fault_reason_mask;
    __atomic_store_n(&faulted, true, __ATOMIC_RELEASE);
    /* Handled: ROCr does not abort the process. */
    return HSA_STATUS_SUCCESS;
}

static void load_code(Ctx *c, uint64_t *kernel_object)
{
    hsa_code_object_reader_t reader;
    hsa_executable_symbol_t sym;
    hsa_executable_t exec;
    hsa_profile_t profile;
    struct stat st;
    void *data;
    FILE *f = fopen(opt.code_object, "rb");

    if (!f || fstat(fileno(f), &st) < 0 || st.st_size <= 0) {
        child_fail("%s: %s", opt.code_object, f ? "empty" : strerror(errno));
    }
    data = malloc((size_t)st.st_size);
    if (!data || fread(data, 1, (size_t)st.st_size, f) != (size_t)st.st_size) {
        child_fail("%s: read failed", opt.code_object);
    }
    fclose(f);
    HSA_CHECK(hsa_code_object_reader_create_from_memory(data, (size_t)st.st_size, &reader));
    HSA_CHECK(hsa_agent_get_info(c->gpu, HSA_AGENT_INFO_PROFILE, &profile));
    HSA_CHECK(hsa_executable_create_alt(profile, HSA_DEFAULT_FLOAT_ROUNDING_MODE_DEFAULT,
                                        NULL, &exec));
    HSA_CHECK(hsa_executable_load_agent_code_object(exec, c->gpu, reader, NULL, NULL));
    HSA_CHECK(hsa_executable_freeze(exec, NULL));
    HSA_CHECK(hsa_executable_get_symbol_by_name(exec, KERNEL, &c->gpu, &sym));
    HSA_CHECK(hsa_executable_symbol_get_info(sym, HSA_EXECUTABLE_SYMBOL_INFO_KERNEL_OBJECT,
                                             kernel_object));
}

static void __attribute__((noreturn)) child(void)
{
    long page = sysconf(_SC_PAGESIZE);
    hsa_kernel_dispatch_packet_t p;
    hsa_signal_t done;
    hsa_queue_t *q;
    uint64_t kernel_object, idx;
    uint32_t *a, *b, *out, *slot;
    void **args;
    double deadline = gt_now() + opt.timeout - 1.0;
    Ctx c = { 0 };

    HSA_CHECK(hsa_init());
    HSA_CHECK(hsa_iterate_agents(agent_cb, &c));
    if (!c.have_gpu || !c.have_cpu) {
        child_fail("no %s agent", c.have_gpu ? "CPU" : "GPU");
    }
    HSA_CHECK(hsa_amd_agent_iterate_memory_pools(c.cpu, pool_cb, &c));
    if (!c.have_kernarg || !c.have_system) {
        child_fail("no kernarg or fine-grained system pool");
    }
    HSA_CHECK(hsa_amd_register_system_event_handler(event_cb, NULL));
    load_code(&c, &kernel_object);
    HSA_CHECK(hsa_queue_create(c.gpu, QUEUE_PACKETS, HSA_QUEUE_TYPE_SINGLE, NULL, NULL,
                               UINT32_MAX, UINT32_MAX, &q));

    /* a: this process's memory, which ROCr and KFD never heard of. */
    a = mmap(NULL, (size_t)page, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    if (a == MAP_FAILED) {
        child_fail("mmap: %s", strerror(errno));
    }
    b = alloc_system(&c, c.system_pool, ITEMS * sizeof(uint32_t));
    out = alloc_system(&c, c.system_pool, ITEMS * sizeof(uint32_t));
    args = alloc_system(&c, c.kernarg_pool, 3 * sizeof(void *));
    for (uint32_t i = 0; i < ITEMS; i++) {
        a[i] = A_BASE + i;
        b[i] = B_BASE + i;
        out[i] = CANARY;
    }
    args[0] = a;
    args[1] = b;
    args[2] = out;
    say("diag", "a = %p (an anonymous mmap, not registered), b = %p, c = %p",
        (void *)a, (void *)b, (void *)out);
    HSA_CHECK(hsa_signal_create(1, 0, NULL, &done));

    memset(&p, 0, sizeof(p));
    p.workgroup_size_x = ITEMS;
    p.workgroup_size_y = 1;
    p.workgroup_size_z = 1;
    p.grid_size_x = ITEMS;
    p.grid_size_y = 1;
    p.grid_size_z = 1;
    p.kernel_object = kernel_object;
    p.kernarg_address = args;
    p.completion_signal = done;
    idx = hsa_queue_add_write_index_scacq_screl(q, 1);
    slot = (uint32_t *)((char *)q->base_address + (idx & (q->size - 1)) * sizeof(p));
    memcpy(slot + 1, (const uint32_t *)&p + 1, sizeof(p) - sizeof(uint32_t));
    __atomic_store_n(slot,
                     (uint32_t)(HSA_PACKET_TYPE_KERNEL_DISPATCH << HSA_PACKET_HEADER_TYPE |
                                HSA_FENCE_SCOPE_SYSTEM << HSA_PACKET_HEADER_SCACQUIRE_FENCE_SCOPE |
                                HSA_FENCE_SCOPE_SYSTEM << HSA_PACKET_HEADER_SCRELEASE_FENCE_SCOPE) |
                     (uint32_t)(1u << HSA_KERNEL_DISPATCH_PACKET_SETUP_DIMENSIONS) << 16,
                     __ATOMIC_RELEASE);
    hsa_signal_store_screlease(q->doorbell_signal, (hsa_signal_value_t)idx);

    /*
     * The fault event, or the dispatch's end. ROCr's event thread hands
     * the event over asynchronously: the dispatch may end first (after
     * the no-retry fault the wave goes on), so its end alone decides
     * nothing until the deadline when a fault is expected.
     */
    for (bool ended = false;;) {
        if (!ended) {
            ended = hsa_signal_wait_scacquire(done, HSA_SIGNAL_CONDITION_LT, 1,
                                              UINT64_C(10000000),
                                              HSA_WAIT_STATE_BLOCKED) < 1;
        } else {
            usleep(10000);
        }
        if (__atomic_load_n(&faulted, __ATOMIC_ACQUIRE)) {
            uint64_t want = (uint64_t)(uintptr_t)a & ~(uint64_t)(page - 1);

            say("diag", "the fault event came %s the dispatch had completed (c[0] = 0x%x)",
                ended ? "after" : "before", out[0]);
            if (opt.expect_data) {
                child_fail("a GPU memory fault at 0x%" PRIx64 " (reason 0x%x): the page was"
                           " not mapped on the retry fault (no SVM?)", fault_addr,
                           fault_reason);
            }
            /*
             * KFD signals the event for both faults, the retry one (an
             * invalid page: "page not present") and the replay's no-retry
             * one (amdgpu's marker is a valid PTE without read permission:
             * neither not-present nor read-only), and ROCr reads the data
             * of whichever it finds: either reason is right.
             */
            if ((fault_addr & ~(uint64_t)(page - 1)) != want ||
                (fault_reason & ~(uint32_t)HSA_AMD_MEMORY_FAULT_PAGE_NOT_PRESENT)) {
                child_fail("a GPU memory fault at 0x%" PRIx64 " (reason 0x%x); want the page"
                           " of a, 0x%" PRIx64 ", not present (or no reason)", fault_addr,
                           fault_reason, want);
            }
            say("ok", "the unmapped read became a GPU memory fault event at 0x%" PRIx64
                " (reason 0x%x: %s)", fault_addr, fault_reason,
                fault_reason ? "page not present, the retry fault's"
                             : "none, the no-retry marker's");
            kmsg_mark();
            _exit(0);
        }
        if (ended && opt.expect_data) {
            uint32_t bad = 0;

            for (uint32_t i = 0; i < ITEMS; i++) {
                bad += out[i] != A_BASE + B_BASE + 2 * i;
            }
            if (bad) {
                child_fail("the dispatch completed, %u of %u results wrong (c[0] = 0x%x)",
                           bad, ITEMS, out[0]);
            }
            say("ok", "the retry fault was resolved: c = a + b over %u items", ITEMS);
            _exit(0);
        }
        if (gt_now() > deadline) {
            if (ended) {
                child_fail("the dispatch completed (c[0] = 0x%x) and no fault event came"
                           " within %.0f s: was the page mapped after all?", out[0],
                           opt.timeout - 1.0);
            }
            child_fail("neither a fault event nor the dispatch's end within %.0f s (read"
                       " index %" PRIu64 ")", opt.timeout - 1.0,
                       hsa_queue_load_read_index_scacquire(q));
        }
    }
}

static void usage(int status)
{
    fprintf(status ? stderr : stdout,
            "usage: aemu-hsa-xnack [--expect fault|data] [--timeout SEC] [--label TEXT]\n"
            "                      [--first N] [--code-object FILE]\n");
    exit(status);
}

int main(int argc, char **argv)
{
    static const struct option longopts[] = {
        { "expect", required_argument, NULL, 'e' },
        { "timeout", required_argument, NULL, 't' },
        { "label", required_argument, NULL, 'l' },
        { "first", required_argument, NULL, 'f' },
        { "code-object", required_argument, NULL, 'c' },
        { "help", no_argument, NULL, 'h' },
        { 0 },
    };
    char buf[4 * REPORT_MAX], verdict[REPORT_MAX] = "";
    size_t len = 0;
    bool ok = false, killed = false;
    int ch, fds[2], status = 0;
    double deadline;
    pid_t pid;

    while ((ch = getopt_long(argc, argv, "h", longopts, NULL)) != -1) {
        switch (ch) {
        case 'e':
            if (strcmp(optarg, "fault") && strcmp(optarg, "data")) {
                usage(2);
            }
            opt.expect_data = !strcmp(optarg, "data");
            break;
        case 't':
            opt.timeout = atof(optarg);
            if (opt.timeout < 2.0 || opt.timeout > TIMEOUT_MAX) {
                usage(2);
            }
            break;
        case 'l':
            opt.label = optarg;
            break;
        case 'f':
            opt.first = atoi(optarg);
            break;
        case 'c':
            opt.code_object = optarg;
            break;
        case 'h':
            usage(0);
            break;
        default:
            usage(2);
        }
    }
    if (optind != argc || pipe(fds) < 0) {
        usage(2);
    }
    fflush(stdout);
    pid = fork();
    if (pid < 0) {
        perror("fork");
        return 1;
    }
    if (pid == 0) {
        close(fds[0]);
        report_fd = fds[1];
        child();
    }
    close(fds[1]);
    deadline = gt_now() + opt.timeout;
    for (;;) {
        struct pollfd pfd = { .fd = fds[0], .events = POLLIN };
        int left = (int)((deadline - gt_now()) * 1000);
        ssize_t n;

        if (left <= 0) {
            kill(pid, SIGKILL);
            killed = true;
            break;
        }
        if (poll(&pfd, 1, left) <= 0) {
            continue;
        }
        n = read(fds[0], buf + len, sizeof(buf) - 1 - len);
        if (n <= 0) {
            break;
        }
        len += (size_t)n;
        buf[len] = 0;
        /* Whole lines: diagnostics now, the verdict kept. */
        for (char *nl; (nl = strchr(buf, '\n'));) {
            *nl = 0;
            if (!strncmp(buf, "diag ", 5)) {
                printf("# %s\n", buf + 5);
            } else if (!strncmp(buf, "ok ", 3) || !strncmp(buf, "fail ", 5)) {
                ok = buf[0] == 'o';
                snprintf(verdict, sizeof(verdict), "%s", strchr(buf, ' ') + 1);
            }
            len -= (size_t)(nl + 1 - buf);
            memmove(buf, nl + 1, len + 1);
        }
        fflush(stdout);
    }
    waitpid(pid, &status, 0);
    if (!verdict[0]) {
        ok = false;
        snprintf(verdict, sizeof(verdict), "%s",
                 killed ? "no verdict within the timeout (killed)"
                        : "the test process ended without a verdict");
        if (WIFSIGNALED(status)) {
            printf("# the test process died of signal %d\n", WTERMSIG(status));
        }
    }
    printf("%sok %d - %s: %s\n", ok ? "" : "not ", opt.first, opt.label, verdict);
    return ok ? 0 : 1;
}
