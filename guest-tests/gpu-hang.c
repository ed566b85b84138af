/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * aemu-gpu-hang: hang one engine from a user IB the way a broken program
 * would, and check what a process sees of amdgpu's recovery (issue 12).
 *
 *   aemu-gpu-hang [OPTIONS] ENGINE KIND
 *
 * ENGINE is sdma, gfx or compute; KIND is
 *   wait      a wait that is never satisfied: CP WAIT_REG_MEM / SDMA
 *             POLL_REG_MEM on a dword that stays 0, until it is not 0;
 *   priv-reg  a user IB writes a privileged register (WRITE_DATA to
 *             VM_CONTEXT0_PAGE_TABLE_BASE_ADDR on the CP; SRBM_WRITE on
 *             the SDMA): the engine stops with a privileged-register fault;
 *   bad-op    a packet header no engine knows (SDMA: libdrm's corrupted
 *             header; CP: an undefined type-3 opcode);
 *   vm-fault  a write to an address the process's VM does not map; with
 *             amdgpu.vm_fault_stop=2 the engine stalls at the fault.
 * Before the hang the program fills a VRAM buffer with a known pattern (it
 * must survive a reset that does not lose VRAM) and creates an innocent
 * context; then it submits the hanging job in a context of its own and
 * waits for amdgpu's job timeout and reset to end it. One TAP line per check:
 *   - the hung job's fence ends with an error (-ETIME, the guilty job's,
 *     or -ECANCELED), not success;
 *   - the hanging context reports the reset and, after a full GPU reset,
 *     its guilt (AMDGPU_CTX_QUERY2_FLAGS_RESET | _GUILTY; a soft recovery
 *     or a reset of the ring alone blames nobody: which one amdgpu chose
 *     comes from the kernel log), and refuses new work (the job's error);
 *   - the innocent context reports the reset, not guilty;
 *   - the VRAM buffer is byte-exact (or, if the reset lost VRAM, the
 *     contexts say so with AMDGPU_CTX_QUERY2_FLAGS_VRAMLOST);
 *   - a context created after the reset reports nothing and its writes on
 *     every engine land byte-exact.
 *
 * Options:
 *   -d, --device PATH    render node (default /dev/dri/renderD128)
 *   --wait-ms N          how long to wait for the reset to end the hung
 *                        job (default 60000)
 *   --first N            number the first test N and print no plan line
 *                        (else the plan line comes last)
 * Exit status: 0 if every check passed, 1 if one failed, 2 usage error.
 */
#include <errno.h>
#include <getopt.h>
#include <inttypes.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/klog.h>
#include <unistd.h>

#include "gpu-util.h"
#include "amdgpu-emu/regs/cik_regs.h"

/* Bytes of VRAM that must outlive the reset. */
#define KEEPER_SIZE (4 * MiB)
#define KEEPER_SEED 0x5eedf00dull
/* Bytes each engine writes after the reset, and their seed. */
#define AFTER_SIZE (4 * KiB)
#define AFTER_SEED 0xa17e5ull
/* Dword of the wait buffer the hung engine polls (it stays 0). */
#define WAIT_DW 64
/* A GPU address no process's VM maps: the top of the 48-bit space minus
 * a page is beyond every BO amdgpu's VA manager hands out here. */
#define UNMAPPED_VA 0x7fff00000000ull
/* An undefined type-3 opcode (cikd.h/soc15d.h leave 0xff unused). */
#define PM4_UNDEFINED_OPCODE 0xFF
/* libdrm deadlock_tests.c's corrupted SDMA header. */
#define SDMA_CORRUPT_HEADER 0x23decd3du
/* SRBM_WRITE byte enables: all four bytes. */
#define SRBM_WRITE_ALL_BYTES 0xFu
/* The retry count of an SDMA poll that never gives up. */
#define SDMA_POLL_RETRY_FOREVER 0xFFFu
/* The wait's poll interval (clocks, as libdrm's deadlock tests use). */
#define POLL_INTERVAL 4u
#define DEFAULT_WAIT_MS 60000u
/* Linux 6.12's amdgpu_drm.h; libdrm 2.4.114's copy predates it. */
#ifndef AMDGPU_CTX_QUERY2_FLAGS_RESET_IN_PROGRESS
#define AMDGPU_CTX_QUERY2_FLAGS_RESET_IN_PROGRESS (1u << 5)
#endif
/* How often to ask whether the reset is over (us). */
#define RESET_POLL_US 20000u
/* How long a write after the reset may take. */
#define AFTER_TIMEOUT_MS 20000u

/* klogctl actions (syslog(2)). */
#define SYSLOG_ACTION_READ_ALL 3
#define SYSLOG_ACTION_SIZE_BUFFER 10
#define KLOG_DEFAULT_SIZE (1 << 20)

/*
 * How amdgpu ended the hang (amdgpu_job_timedout): a soft recovery (the
 * ring's waves killed), a reset of the ring alone (gfx9's queue resets), or
 * a full GPU reset, which alone marks the context guilty.
 */
enum recovery { REC_UNKNOWN, REC_SOFT, REC_RING, REC_FULL };
static const char *const recovery_name[] = {
    "not found in the kernel log", "a soft recovery", "a reset of the ring",
    "a full GPU reset",
};

enum kind { KIND_WAIT, KIND_PRIV_REG, KIND_BAD_OP, KIND_VM_FAULT, KIND_COUNT };
static const char *const kind_name[KIND_COUNT] = {
    "wait", "priv-reg", "bad-op", "vm-fault",
};

static unsigned test_n;
static unsigned failed;

static void report(bool ok, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

static void report(bool ok, const char *fmt, ...)
{
    va_list ap;

    test_n++;
    printf("%sok %u - ", ok ? "" : "not ", test_n);
    va_start(ap, fmt);
    vprintf(fmt, ap);
    va_end(ap);
    printf("\n");
    fflush(stdout);
    failed += !ok;
}

static void diag(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

static void diag(const char *fmt, ...)
{
    va_list ap;

    printf("# ");
    va_start(ap, fmt);
    vprintf(fmt, ap);
    va_end(ap);
    printf("\n");
    fflush(stdout);
}

/* The hanging packets of one kind on one engine. */
static bool emit_hang(gpu_ib_t *ib, enum kind kind, uint64_t wait_va)
{
    bool sdma = ib->eng == ENG_SDMA;
    uint32_t *p;

    switch (kind) {
    case KIND_WAIT:
        if (sdma) {
            p = gpu_ib_reserve(ib, 6);
            if (!p) {
                return false;
            }
            p[0] = SDMA_PACKET(SDMA_OPCODE_POLL_REG_MEM, 0,
                               SDMA_POLL_REG_MEM_EXTRA_OP(
                                   SDMA_POLL_REG_MEM_OP_WAIT) |
                               SDMA_POLL_REG_MEM_EXTRA_FUNC(
                                   SDMA_POLL_FUNC_NOT_EQUAL) |
                               SDMA_POLL_REG_MEM_EXTRA_M);
            p[1] = (uint32_t)wait_va;
            p[2] = (uint32_t)(wait_va >> 32);
            p[3] = 0;                       /* reference */
            p[4] = 0xFFFFFFFFu;             /* mask */
            p[5] = POLL_INTERVAL | (SDMA_POLL_RETRY_FOREVER << 16);
            return true;
        }
        p = gpu_ib_reserve(ib, 7);
        if (!p) {
            return false;
        }
        p[0] = PACKET3(PACKET3_WAIT_REG_MEM, 5);
        p[1] = WAIT_REG_MEM_FUNCTION(PM4_FUNC_NOT_EQUAL) |
               WAIT_REG_MEM_MEM_SPACE(1) | WAIT_REG_MEM_ENGINE(0);
        p[2] = (uint32_t)wait_va;
        p[3] = (uint32_t)(wait_va >> 32);
        p[4] = 0;                           /* reference */
        p[5] = 0xFFFFFFFFu;                 /* mask */
        p[6] = POLL_INTERVAL;
        return true;
    case KIND_PRIV_REG:
        if (sdma) {
            p = gpu_ib_reserve(ib, 3);
            if (!p) {
                return false;
            }
            p[0] = SDMA_PACKET(SDMA_OPCODE_SRBM_WRITE, 0,
                               SDMA_SRBM_WRITE_EXTRA_BYTE_ENABLE(
                                   SRBM_WRITE_ALL_BYTES));
            p[1] = mmVM_CONTEXT0_PAGE_TABLE_BASE_ADDR;
            p[2] = 0xdeadbeefu;
            return true;
        }
        p = gpu_ib_reserve(ib, 5);
        if (!p) {
            return false;
        }
        p[0] = PACKET3(PACKET3_WRITE_DATA, 3);
        p[1] = WRITE_DATA_DST_SEL(PM4_DST_SEL_REGISTER) | WR_CONFIRM;
        p[2] = mmVM_CONTEXT0_PAGE_TABLE_BASE_ADDR;
        p[3] = 0;
        p[4] = 0xdeadbeefu;
        return true;
    case KIND_BAD_OP:
        p = gpu_ib_reserve(ib, 1);
        if (!p) {
            return false;
        }
        p[0] = sdma ? SDMA_CORRUPT_HEADER
                    : PACKET3(PM4_UNDEFINED_OPCODE, 0);
        if (!sdma) {
            p = gpu_ib_reserve(ib, 1);
            if (!p) {
                return false;
            }
            p[0] = 0;
        }
        return true;
    case KIND_VM_FAULT:
        return gpu_emit_write32(ib, UNMAPPED_VA, 0xdeadbeefu);
    default:
        return false;
    }
}

/*
 * The last job timeout in the kernel log, and what followed it: this
 * program's hang is the newest one (the plans run one at a time).
 */
static enum recovery last_recovery(void)
{
    int len = klogctl(SYSLOG_ACTION_SIZE_BUFFER, NULL, 0);
    enum recovery rec = REC_UNKNOWN;
    char *buf, *line = NULL, *p;

    if (len <= 0) {
        len = KLOG_DEFAULT_SIZE;
    }
    buf = malloc((size_t)len + 1);
    if (!buf) {
        return REC_UNKNOWN;
    }
    len = klogctl(SYSLOG_ACTION_READ_ALL, buf, len);
    if (len < 0) {
        free(buf);
        return REC_UNKNOWN;
    }
    buf[len] = 0;
    /* "amdgpu: ring %s timeout, signaled seq=..." or "..., but soft
     * recovered". */
    for (p = buf; (p = strstr(p, "amdgpu: ring ")); p++) {
        char *eol = strchr(p, '\n');
        char *t = strstr(p, " timeout");

        if (t && (!eol || t < eol)) {
            line = p;
        }
    }
    if (line) {
        char *eol = strchr(line, '\n');
        char *soft = strstr(line, "but soft recovered");

        if (soft && (!eol || soft < eol)) {
            rec = REC_SOFT;
        } else if (strstr(line, "GPU reset begin!")) {
            rec = REC_FULL;
        } else {
            rec = REC_RING;
        }
    }
    free(buf);
    return rec;
}

static int parse_engine(const char *s)
{
    for (int e = 0; e < ENG_COUNT; e++) {
        if (!strcmp(s, gpu_engine_name[e])) {
            return e;
        }
    }
    return -1;
}

static int parse_kind(const char *s)
{
    for (int k = 0; k < KIND_COUNT; k++) {
        if (!strcmp(s, kind_name[k])) {
            return k;
        }
    }
    return -1;
}

static uint32_t ctx_flags(amdgpu_context_handle ctx, int *err)
{
    uint64_t flags = 0;

    *err = amdgpu_cs_query_reset_state2(ctx, &flags);
    return (uint32_t)flags;
}

/* After the reset: a fresh context writes a pattern on every engine. */
static void check_new_context(gpu_t *g, const char *what)
{
    amdgpu_context_handle ctx;
    gpu_buf_t dst[DOM_COUNT];
    int r, err;
    uint32_t flags;

    r = amdgpu_cs_ctx_create(g->dev, &ctx);
    report(r == 0, "%s: a new context after the reset (%d)", what, r);
    if (r) {
        return;
    }
    flags = ctx_flags(ctx, &err);
    report(err == 0 && flags == 0,
           "%s: the new context reports no reset (flags 0x%x, %d)", what,
           flags, err);
    for (int dom = DOM_VRAM; dom <= DOM_GTT; dom++) {
        r = gpu_buf_alloc(g, (enum gpu_domain)dom, AFTER_SIZE, &dst[dom]);
        if (r) {
            report(false, "%s: %s buffer for the writes (%d)", what,
                   gpu_domain_name[dom], r);
            dst[dom].bo = NULL;
        }
    }
    for (int e = 0; e < ENG_COUNT; e++) {
        for (int dom = DOM_VRAM; dom <= DOM_GTT; dom++) {
            uint8_t data[AFTER_SIZE];
            gpu_ib_t ib;
            gpu_buf_t *bufs[1] = { &dst[dom] };
            uint64_t bad;
            uint64_t seed = AFTER_SEED + (uint64_t)e * DOM_COUNT + dom;

            if (!dst[dom].bo) {
                continue;
            }
            memset(dst[dom].cpu, 0, AFTER_SIZE);
            pattern_fill(data, 0, AFTER_SIZE, seed);
            r = gpu_ib_init(g, (enum gpu_engine)e, (uint32_t)gpu_write_dwords((enum gpu_engine)e, AFTER_SIZE)
                            + 64, &ib);
            if (r) {
                report(false, "%s: %s IB (%d)", what, gpu_engine_name[e], r);
                continue;
            }
            r = gpu_emit_write(&ib, dst[dom].va, data, AFTER_SIZE) ? 0
                : -ENOSPC;
            if (!r) {
                r = gpu_submit(g, ctx, &ib, 0, bufs, 1, AFTER_TIMEOUT_MS,
                               NULL);
            }
            bad = r ? 0 : pattern_check(dst[dom].cpu, 0, AFTER_SIZE, seed);
            report(r == 0 && bad == AFTER_SIZE,
                   "%s: new context, %s writes 4 KiB to %s byte-exact "
                   "(submit %d, first bad byte %" PRIu64 ")", what,
                   gpu_engine_name[e], gpu_domain_name[dom], r,
                   r ? 0 : bad);
            gpu_ib_fini(&ib);
        }
    }
    for (int dom = DOM_VRAM; dom <= DOM_GTT; dom++) {
        if (dst[dom].bo) {
            gpu_buf_free(&dst[dom]);
        }
    }
    amdgpu_cs_ctx_free(ctx);
}

int main(int argc, char **argv)
{
    static const struct option opts[] = {
        { "device", required_argument, NULL, 'd' },
        { "wait-ms", required_argument, NULL, 'w' },
        { "first", required_argument, NULL, 'f' },
        { NULL, 0, NULL, 0 },
    };
    const char *path = NULL;
    unsigned wait_ms = DEFAULT_WAIT_MS;
    bool plan = true;
    int c, eng, kind, r, err;
    gpu_t g;
    gpu_buf_t keeper, waitbuf;
    gpu_ib_t ib;
    amdgpu_context_handle guilty, innocent;
    char what[64];
    uint32_t flags, gflags;
    enum recovery rec;
    uint64_t bad;
    double t0;

    while ((c = getopt_long(argc, argv, "d:", opts, NULL)) != -1) {
        switch (c) {
        case 'd':
            path = optarg;
            break;
        case 'w':
            wait_ms = (unsigned)strtoul(optarg, NULL, 0);
            break;
        case 'f':
            test_n = (unsigned)strtoul(optarg, NULL, 0) - 1;
            plan = false;
            break;
        default:
            return 2;
        }
    }
    if (argc - optind != 2 || (eng = parse_engine(argv[optind])) < 0 ||
        (kind = parse_kind(argv[optind + 1])) < 0) {
        fprintf(stderr, "usage: %s [-d PATH] [--wait-ms N] [--first N] "
                "sdma|gfx|compute wait|priv-reg|bad-op|vm-fault\n", argv[0]);
        return 2;
    }
    snprintf(what, sizeof(what), "%s %s", gpu_engine_name[eng],
             kind_name[kind]);
    r = gpu_open(&g, path);
    if (r) {
        report(false, "%s: open the device (%d)", what, r);
        return 1;
    }

    /* What must outlive the reset, and a context that did nothing. */
    r = gpu_buf_alloc(&g, DOM_VRAM, KEEPER_SIZE, &keeper);
    if (r) {
        report(false, "%s: %s VRAM buffer (%d)", what, "4 MiB", r);
        return 1;
    }
    pattern_fill(keeper.cpu, 0, KEEPER_SIZE, KEEPER_SEED);
    r = amdgpu_cs_ctx_create(g.dev, &innocent);
    r = r ? r : amdgpu_cs_ctx_create(g.dev, &guilty);
    r = r ? r : gpu_buf_alloc(&g, DOM_GTT, GPU_PAGE, &waitbuf);
    r = r ? r : gpu_ib_init(&g, (enum gpu_engine)eng, 256, &ib);
    if (r) {
        report(false, "%s: contexts and buffers for the hang (%d)", what, r);
        return 1;
    }
    memset(waitbuf.cpu, 0, GPU_PAGE);

    /* The hang: the job must end by amdgpu's timeout and reset. */
    if (!emit_hang(&ib, kind, waitbuf.va + WAIT_DW * 4)) {
        report(false, "%s: build the hanging IB", what);
        return 1;
    }
    gpu_buf_t *bufs[1] = { &waitbuf };
    t0 = now_s();
    r = gpu_submit(&g, guilty, &ib, 0, bufs, 1, wait_ms, NULL);
    /* -ETIME: timed out; -ECANCELED: cancelled by the reset; -ENODATA:
     * the soft recovery's error (amdgpu_ring_soft_recovery). */
    report(r == -ETIME || r == -ECANCELED || r == -ENODATA,
           "%s: the hung job ended with an error after %.1f s (%d: %s)",
           what, now_s() - t0, r, r == 0 ? "it completed" :
           strerror(-r));
    diag("%s: the hung job's fence: %d", what, r);

    /*
     * A fault interrupt (an illegal packet, a privileged register) ends
     * the job at once, before the reset: the context says
     * RESET_IN_PROGRESS until the reset is over.
     */
    t0 = now_s();
    do {
        gflags = ctx_flags(guilty, &err);
        if (err || ((gflags & AMDGPU_CTX_QUERY2_FLAGS_RESET) &&
                    !(gflags & AMDGPU_CTX_QUERY2_FLAGS_RESET_IN_PROGRESS))) {
            break;
        }
        usleep(RESET_POLL_US);
    } while (now_s() - t0 < wait_ms / 1000.0);
    diag("%s: the reset was over %.2f s after the job ended", what,
         now_s() - t0);
    rec = last_recovery();
    diag("%s: amdgpu's recovery: %s", what, recovery_name[rec]);
    /* Only a full reset's amdgpu_device_gpu_recover blames the job. */
    report(err == 0 && (gflags & AMDGPU_CTX_QUERY2_FLAGS_RESET) &&
           ((gflags & AMDGPU_CTX_QUERY2_FLAGS_GUILTY) ||
            rec == REC_SOFT || rec == REC_RING),
           "%s: the hanging context reports the reset%s (%s, flags 0x%x)",
           what, rec == REC_FULL ? " and its guilt" : "", recovery_name[rec],
           gflags);
    if (rec == REC_SOFT || rec == REC_RING) {
        diag("%s: (after %s amdgpu marks no context guilty)", what,
             recovery_name[rec]);
    }
    gpu_ib_reset(&ib, (enum gpu_engine)eng);
    gpu_emit_write32(&ib, waitbuf.va, 1);
    r = gpu_submit(&g, guilty, &ib, 0, bufs, 1, AFTER_TIMEOUT_MS, NULL);
    report(r == -ECANCELED || r == -ENODATA,
           "%s: the hanging context refuses new work (%d)", what, r);

    flags = ctx_flags(innocent, &err);
    report(err == 0 && (flags & AMDGPU_CTX_QUERY2_FLAGS_RESET) &&
           !(flags & AMDGPU_CTX_QUERY2_FLAGS_GUILTY),
           "%s: an innocent context reports the reset, not guilty "
           "(flags 0x%x)", what, flags);

    if (gflags & AMDGPU_CTX_QUERY2_FLAGS_VRAMLOST) {
        report(true, "%s: the reset lost VRAM and the contexts say so "
               "(flags 0x%x): the buffer's contents are gone", what, gflags);
    } else {
        bad = pattern_check(keeper.cpu, 0, KEEPER_SIZE, KEEPER_SEED);
        report(bad == KEEPER_SIZE,
               "%s: 4 MiB of VRAM filled before the hang is byte-exact "
               "after the reset (first bad byte %" PRIu64 ")", what, bad);
    }

    gpu_ib_fini(&ib);
    gpu_buf_free(&waitbuf);
    amdgpu_cs_ctx_free(guilty);
    amdgpu_cs_ctx_free(innocent);
    check_new_context(&g, what);
    gpu_buf_free(&keeper);
    gpu_close(&g);
    if (plan) {
        printf("1..%u\n", test_n);
    }
    return failed ? 1 : 0;
}
