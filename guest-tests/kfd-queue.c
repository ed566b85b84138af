/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * aemu-kfd-queue: a PM4 compute user queue through KFD's thunk (Debian's
 * libhsakmt 5.2.3), below the HSA runtime (issue 11).
 *
 * One sequence, one TAP line per step:
 *
 *   open        hsaKmtOpenKFD, the thunk's version of the KFD interface,
 *               the GPU's topology node
 *   memory      a 4 KiB ring and a data buffer in system memory, mapped
 *               for the GPU
 *   event       a signal event (hsaKmtCreateEvent): its id and the
 *               address of its slot in KFD's event page
 *   queue       hsaKmtCreateQueue(HSA_QUEUE_COMPUTE): a PM4 queue, which
 *               KFD gives to the hardware scheduler in a runlist (gfx9)
 *               or loads into an HQD itself (gfx7)
 *   event-wait  16 WRITE_DATA packets, then a RELEASE_MEM that writes the
 *               event id to the event's slot and interrupts after the
 *               write (gfx9: with the event id as context; gfx7's packet
 *               has none, and KFD then looks at every signalled slot);
 *               write pointer and doorbell (64-bit on gfx9, 32-bit on
 *               gfx7) = the write pointer in dwords; hsaKmtWaitOnEvent
 *               returns before the timeout
 *   data        the 64 dwords the packets wrote, and the guard after
 *   read-ptr    the read pointer the CP writes back equals the write
 *               pointer
 *   destroy     hsaKmtDestroyQueue, hsaKmtDestroyEvent, memory freed,
 *               hsaKmtCloseKFD
 *
 * The packets come from the device model's own PM4 headers
 * (hw/amdgpu-emu/core/pm4_soc15.h, pm4_cik.h), so this program and the
 * model read the format from one place; the GPU's major version in its
 * topology node picks gfx7's or gfx9's.
 *
 * With --fault one more WRITE_DATA, after the 16, goes to a page of the
 * process that was never mapped on the GPU (an anonymous mmap): with
 * amdgpu.noretry=0 the CP's write gets a retry fault, the CP replays the
 * packet until amdgpu_vm_handle_fault has answered (without SVM, with its
 * no-retry marker), the replay faults without retry and writes the
 * context's default page, and the queue goes on to the RELEASE_MEM. The
 * page's address is printed ("fault page 0x...") for the plan to find in
 * the kernel log.
 *
 * The sequence runs in a child process: if it has not finished within
 * --timeout seconds (a call that never returns), the parent kills it and
 * reports the step it was in "not ok" and the rest not run.
 *
 * Usage: aemu-kfd-queue [--timeout SEC] [--first N] [--label TEXT] [--fault]
 * Exit status: 0 if every step passed, 1 if one failed, 2 usage error.
 */
#include <errno.h>
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
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include <hsakmt.h>

#include "guest-clock.h"
#include "pm4_soc15.h"

#define N_ELEMENTS(a) (sizeof(a) / sizeof((a)[0]))

#define RING_BYTES      4096u
#define DATA_BYTES      4096u
#define WRITES          16u     /* WRITE_DATA packets */
#define WRITE_DWORDS    4u      /* data dwords in each */
#define CANARY          0xC5A5E5D5u
#define TIMEOUT_MAX     20.0
/* The first GFX major version with gfx9's packets and 64-bit doorbells. */
#define GFX9            9u

static struct {
    double timeout;
    int first;
    const char *label;
    bool fault;
} opt = { .timeout = 15.0, .label = "kfd" };

static const char *const steps[] = {
    "open", "memory", "event", "queue", "event-wait", "data", "read-ptr", "destroy",
};

static int tap_n, tap_failed;
static int report_fd = -1;


/* Tell the parent which step comes next ("S index"). */
static void begin(int i)
{
    char line[32];
    int n = snprintf(line, sizeof(line), "S %d\n", i);

    (void)!write(report_fd, line, (size_t)n);
}

/* The TAP line of step i, and "D index" to the parent after it. */
static bool result(int i, bool ok, const char *fmt, ...) __attribute__((format(printf, 3, 4)));

static bool result(int i, bool ok, const char *fmt, ...)
{
    char line[32];
    va_list ap;
    int n;

    tap_n++;
    tap_failed += !ok;
    printf("%sok %d - %s: %s: ", ok ? "" : "not ", tap_n, opt.label, steps[i]);
    va_start(ap, fmt);
    vprintf(fmt, ap);
    va_end(ap);
    putchar('\n');
    fflush(stdout);
    n = snprintf(line, sizeof(line), "D %d\n", i);
    (void)!write(report_fd, line, (size_t)n);
    return ok;
}

/* A step failed that the rest need: they are "not ok", not run. */
static void __attribute__((noreturn)) give_up(int failed)
{
    for (int i = failed + 1; i < (int)N_ELEMENTS(steps); i++) {
        result(i, false, "not run: step %s failed", steps[failed]);
    }
    _exit(1);
}

/* System memory the GPU node may use, as libhsakmt's own tests ask for it. */
static void *alloc_mapped(uint32_t node, uint64_t size, HSAKMT_STATUS *st)
{
    HsaMemFlags flags = { 0 };
    HsaMemMapFlags map = { 0 };
    void *p = NULL;

    flags.ui32.PageSize = HSA_PAGE_SIZE_4KB;
    flags.ui32.HostAccess = 1;
    flags.ui32.NoNUMABind = 1;
    /* The CPU writes packets the CP reads: no CPU caching in the way. */
    flags.ui32.Uncached = 1;
    flags.ui32.ExecuteAccess = 1;
    *st = hsaKmtAllocMemory(node, size, flags, &p);
    if (*st != HSAKMT_STATUS_SUCCESS) {
        return NULL;
    }
    *st = hsaKmtMapMemoryToGPUNodes(p, size, NULL, map, 1, &node);
    if (*st != HSAKMT_STATUS_SUCCESS) {
        hsaKmtFreeMemory(p, size);
        return NULL;
    }
    return p;
}

/*
 * The packets: WRITES x WRITE_DATA (and one more to fault_va unless 0),
 * then RELEASE_MEM with the event, in the format of GFX major version
 * gfx. Returns dwords.
 */
static uint32_t build_packets(uint32_t *ring, uint64_t data_va, uint64_t fault_va,
                              const HsaEvent *ev, uint32_t gfx)
{
    uint32_t n = 0;

    for (uint32_t w = 0; w < WRITES + (fault_va != 0); w++) {
        uint64_t va = w < WRITES ? data_va + (uint64_t)w * WRITE_DWORDS * 4 : fault_va;

        /* Body: control, address lo/hi, the data dwords. */
        ring[n++] = PACKET3(PACKET3_WRITE_DATA, 2 + WRITE_DWORDS);
        ring[n++] = WRITE_DATA_DST_SEL(PM4_DST_SEL_MEMORY_ASYNC) | WR_CONFIRM;
        ring[n++] = (uint32_t)va;
        ring[n++] = (uint32_t)(va >> 32);
        for (uint32_t d = 0; d < WRITE_DWORDS; d++) {
            ring[n++] = 0xD0000000u | w << 8 | d;
        }
    }
    /*
     * End of pipe: flush and write the caches back, write the event id to
     * the event's slot (KFD checks the slot of the id the interrupt names)
     * and interrupt once the write is confirmed, the context id = the
     * event id.
     */
    if (gfx < GFX9) {
        /* CIK: no write-back action, no context id (pm4_cik.h). */
        ring[n++] = PACKET3(PACKET3_RELEASE_MEM, PM4_RELEASE_MEM_GFX7_BODY - 1);
        ring[n++] = EVENT_TYPE(CACHE_FLUSH_AND_INV_TS_EVENT) | EVENT_INDEX(5) |
                    EOP_TCL1_ACTION_EN | EOP_TC_ACTION_EN;
    } else {
        ring[n++] = PACKET3(PACKET3_RELEASE_MEM, PM4_RELEASE_MEM_GFX9_BODY - 1);
        ring[n++] = EVENT_TYPE(CACHE_FLUSH_AND_INV_TS_EVENT) | EVENT_INDEX(5) |
                    EOP_TC_ACTION_EN | EOP_TC_WB_ACTION_EN;
    }
    ring[n++] = DATA_SEL(PM4_DATA_SEL_DATA32) | INT_SEL(PM4_INT_SEL_SEND_INT_ON_CONFIRM);
    ring[n++] = (uint32_t)ev->EventData.HWData2;
    ring[n++] = (uint32_t)(ev->EventData.HWData2 >> 32);
    ring[n++] = ev->EventId;
    ring[n++] = 0;
    if (gfx >= GFX9) {
        ring[n++] = ev->EventId;
    }
    return n;
}

static void __attribute__((noreturn)) child(void)
{
    HSAKMT_STATUS st;
    HsaVersionInfo ver;
    HsaSystemProperties sys;
    HsaNodeProperties props;
    HsaEventDescriptor desc;
    HsaQueueResource q;
    HsaEvent *ev = NULL;
    uint32_t node = 0, *ring = NULL, *data = NULL, dwords = 0;
    uint64_t fault_va = 0;
    bool found = false, have_queue = false, fired = false, ok;
    double deadline = gt_now() + opt.timeout - 1.0;

    /* open */
    begin(0);
    st = hsaKmtOpenKFD();
    if (st != HSAKMT_STATUS_SUCCESS) {
        result(0, false, "hsaKmtOpenKFD: status %d", st);
        give_up(0);
    }
    hsaKmtGetVersion(&ver);
    st = hsaKmtAcquireSystemProperties(&sys);
    for (uint32_t i = 0; st == HSAKMT_STATUS_SUCCESS && i < sys.NumNodes && !found; i++) {
        if (hsaKmtGetNodeProperties(i, &props) == HSAKMT_STATUS_SUCCESS &&
            props.NumFComputeCores > 0) {
            node = i;
            found = true;
        }
    }
    if (!result(0, found, "KFD interface %u.%u, GPU node %u, device 0x%04x, gfx%u%u%u, "
                "microcode %u", ver.KernelInterfaceMajorVersion,
                ver.KernelInterfaceMinorVersion, node, found ? props.DeviceId : 0,
                found ? props.EngineId.ui32.Major : 0, found ? props.EngineId.ui32.Minor : 0,
                found ? props.EngineId.ui32.Stepping : 0,
                found ? props.EngineId.ui32.uCode : 0)) {
        give_up(0);
    }

    /* memory */
    begin(1);
    ring = alloc_mapped(node, RING_BYTES, &st);
    if (ring) {
        data = alloc_mapped(node, DATA_BYTES, &st);
    }
    if (!result(1, data != NULL, "ring at %p, data at %p (status %d)", (void *)ring,
                (void *)data, st)) {
        give_up(1);
    }
    memset(ring, 0, RING_BYTES);
    for (uint32_t i = 0; i < DATA_BYTES / 4; i++) {
        data[i] = CANARY;
    }

    /* event */
    begin(2);
    memset(&desc, 0, sizeof(desc));
    desc.EventType = HSA_EVENTTYPE_SIGNAL;
    desc.NodeId = node;
    st = hsaKmtCreateEvent(&desc, false, false, &ev);
    if (!result(2, st == HSAKMT_STATUS_SUCCESS && ev && ev->EventData.HWData2,
                "signal event %u, slot at 0x%" PRIx64 " (status %d)", ev ? ev->EventId : 0,
                ev ? (uint64_t)ev->EventData.HWData2 : 0, st)) {
        give_up(2);
    }

    /* queue */
    begin(3);
    memset(&q, 0, sizeof(q));
    st = hsaKmtCreateQueue(node, HSA_QUEUE_COMPUTE, 100, HSA_QUEUE_PRIORITY_NORMAL, ring,
                           RING_BYTES, NULL, &q);
    have_queue = st == HSAKMT_STATUS_SUCCESS;
    if (!result(3, have_queue && q.Queue_read_ptr && q.Queue_write_ptr && q.Queue_DoorBell,
                "queue %" PRIu64 ": read pointer at %p, write pointer at %p, doorbell at %p"
                " (status %d)", (uint64_t)q.QueueId, (void *)q.Queue_read_ptr,
                (void *)q.Queue_write_ptr, (void *)q.Queue_DoorBell, st)) {
        give_up(3);
    }

    /* event-wait: the write pointer, then the doorbell, both in dwords. */
    begin(4);
    if (opt.fault) {
        /* Touched by the CPU, never mapped on the GPU. */
        void *page = mmap(NULL, DATA_BYTES, PROT_READ | PROT_WRITE,
                          MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);

        if (page != MAP_FAILED) {
            memset(page, 0, DATA_BYTES);
            fault_va = (uint64_t)(uintptr_t)page;
        }
        gt_diag("fault page 0x%016" PRIx64 " (a WRITE_DATA there after the %u)", fault_va,
                WRITES);
    }
    dwords = build_packets(ring, (uint64_t)(uintptr_t)data, fault_va, ev,
                           props.EngineId.ui32.Major);
    __atomic_store_n(q.Queue_write_ptr_aql, (uint64_t)dwords, __ATOMIC_RELEASE);
    /* KFD's doorbells are 64-bit from gfx9 on, 32-bit before (kfd_device.c). */
    if (props.EngineId.ui32.Major >= GFX9) {
        __atomic_store_n(q.Queue_DoorBell_aql, (uint64_t)dwords, __ATOMIC_RELEASE);
    } else {
        __atomic_store_n(q.Queue_DoorBell, dwords, __ATOMIC_RELEASE);
    }
    {
        double left = deadline - gt_now();
        uint32_t ms = left > 0.5 ? (uint32_t)(left * 1000) : 500;
        double t0 = gt_now();

        st = hsaKmtWaitOnEvent(ev, ms);
        fired = st == HSAKMT_STATUS_SUCCESS;
        result(4, fired, "%u packets (%u dwords); hsaKmtWaitOnEvent: %s after %.2f s",
               WRITES + 1 + (fault_va != 0), dwords,
               fired ? "signalled" : st == HSAKMT_STATUS_WAIT_TIMEOUT ? "timed out" : "failed",
               gt_now() - t0);
        if (!fired) {
            gt_diag("the event's slot holds 0x%08x, the read pointer %u",
                 *(volatile uint32_t *)(uintptr_t)ev->EventData.HWData2,
                 __atomic_load_n(q.Queue_read_ptr, __ATOMIC_ACQUIRE));
        }
    }

    /* data */
    begin(5);
    {
        uint32_t bad = 0, first = 0, want = 0, n = WRITES * WRITE_DWORDS;

        for (uint32_t i = 0; i < DATA_BYTES / 4; i++) {
            uint32_t w = i < n ? 0xD0000000u | (i / WRITE_DWORDS) << 8 | i % WRITE_DWORDS
                               : CANARY;
            if (data[i] != w && !bad++) {
                first = i;
                want = w;
            }
        }
        if (bad) {
            result(5, false, "%u of %u dwords wrong, the first [%u] = 0x%08x, want 0x%08x",
                   bad, DATA_BYTES / 4, first, data[first], want);
        } else {
            result(5, true, "%u dwords written, the rest of the page untouched", n);
        }
    }

    /* read-ptr: the CP's 32-bit read pointer in dwords, wrapping at the ring. */
    begin(6);
    {
        uint32_t r = __atomic_load_n(q.Queue_read_ptr, __ATOMIC_ACQUIRE);
        result(6, r == dwords % (RING_BYTES / 4), "read pointer %u, write pointer %u", r,
               dwords);
    }

    /* destroy */
    begin(7);
    ok = true;
    st = hsaKmtDestroyQueue(q.QueueId);
    ok &= st == HSAKMT_STATUS_SUCCESS;
    if (ok) {
        st = hsaKmtDestroyEvent(ev);
        ok &= st == HSAKMT_STATUS_SUCCESS;
    }
    if (ok) {
        hsaKmtUnmapMemoryToGPU(ring);
        hsaKmtUnmapMemoryToGPU(data);
        hsaKmtFreeMemory(ring, RING_BYTES);
        hsaKmtFreeMemory(data, DATA_BYTES);
        hsaKmtReleaseSystemProperties();
        st = hsaKmtCloseKFD();
        ok &= st == HSAKMT_STATUS_SUCCESS;
    }
    result(7, ok, "queue, event, memory and KFD released (status %d)", st);
    _exit(tap_failed ? 1 : 0);
}

int main(int argc, char **argv)
{
    static const struct option longopts[] = {
        { "timeout", required_argument, NULL, 'T' },
        { "first", required_argument, NULL, 'f' },
        { "label", required_argument, NULL, 'l' },
        { "fault", no_argument, NULL, 'F' },
        { "help", no_argument, NULL, 'h' },
        { NULL, 0, NULL, 0 },
    };
    int ch, fds[2], status = 0, in_step = 0, done_steps = 0;
    double deadline;
    bool finished = false;
    char buf[256];
    size_t len = 0;
    pid_t pid;

    setvbuf(stdout, NULL, _IOLBF, 0);
    while ((ch = getopt_long(argc, argv, "h", longopts, NULL)) != -1) {
        switch (ch) {
        case 'T': opt.timeout = atof(optarg); break;
        case 'f': opt.first = atoi(optarg); break;
        case 'l': opt.label = optarg; break;
        case 'F': opt.fault = true; break;
        case 'h':
            printf("usage: aemu-kfd-queue [--timeout SEC] [--first N] [--label TEXT]"
                   " [--fault]\n");
            return 0;
        default:
            return 2;
        }
    }
    if (optind != argc || opt.timeout < 2.0 || opt.timeout > TIMEOUT_MAX) {
        fprintf(stderr, "usage: aemu-kfd-queue [--timeout SEC (2-%.0f)] [--first N]"
                " [--label TEXT] [--fault]\n", TIMEOUT_MAX);
        return 2;
    }
    tap_n = opt.first > 0 ? opt.first - 1 : 0;
    if (pipe(fds) < 0 || (pid = fork()) < 0) {
        printf("not ok %d - %s: open (not run: pipe/fork: %s)\n", tap_n + 1, opt.label,
               strerror(errno));
        return 1;
    }
    if (pid == 0) {
        close(fds[0]);
        report_fd = fds[1];
        child();
    }
    close(fds[1]);
    /* Follow the child's steps until it closes the pipe or the time is up. */
    deadline = gt_now() + opt.timeout;
    while (!finished && gt_now() < deadline) {
        struct pollfd pfd = { .fd = fds[0], .events = POLLIN };
        ssize_t n;
        char *nl;

        if (poll(&pfd, 1, 100) <= 0) {
            continue;
        }
        n = read(fds[0], buf + len, sizeof(buf) - 1 - len);
        if (n <= 0) {
            finished = true;
            break;
        }
        len += (size_t)n;
        buf[len] = 0;
        while ((nl = strchr(buf, '\n'))) {
            int i;

            *nl = 0;
            if (sscanf(buf, "S %d", &i) == 1) {
                in_step = i;
            } else if (sscanf(buf, "D %d", &i) == 1) {
                done_steps = i + 1;
            }
            len -= (size_t)(nl + 1 - buf);
            memmove(buf, nl + 1, len + 1);
        }
    }
    close(fds[0]);
    /* The child's TAP lines are on stdout; count them for the numbering. */
    tap_n += done_steps;
    if (!finished) {
        kill(pid, SIGKILL);
        tap_n++;
        tap_failed++;
        printf("not ok %d - %s: %s (no result in %.0f s: the call did not return)\n", tap_n,
               opt.label, steps[in_step], opt.timeout);
        for (int i = in_step + 1; i < (int)N_ELEMENTS(steps); i++) {
            tap_n++;
            tap_failed++;
            printf("not ok %d - %s: %s (not run)\n", tap_n, opt.label, steps[i]);
        }
    }
    {
        double end = gt_now() + 10.0;
        while (waitpid(pid, &status, WNOHANG) == 0 && gt_now() < end) {
            usleep(20 * 1000);
        }
    }
    if (finished && WIFEXITED(status) && WEXITSTATUS(status) == 0 &&
        done_steps == (int)N_ELEMENTS(steps)) {
        if (opt.first <= 0) {
            printf("1..%d\n", tap_n);
        }
        return 0;
    }
    if (finished && done_steps < (int)N_ELEMENTS(steps) &&
        !(WIFEXITED(status) && WEXITSTATUS(status) == 1)) {
        /* It died without saying so: the step it was in fails. */
        tap_n++;
        printf("not ok %d - %s: %s (the process died: status 0x%x)\n", tap_n, opt.label,
               steps[in_step], status);
    }
    if (opt.first <= 0) {
        printf("1..%d\n", tap_n);
    }
    return 1;
}
