/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * aemu-radeon-cs-r600: command streams through DRM_RADEON_CS on the
 * emulated RS780 (R600 family) under the unmodified radeon driver, checked
 * byte by byte, in TAP.
 *   aemu-radeon-cs-r600 [DEVICE] [ROUNDS]   (default /dev/dri/card0, 8)
 *   aemu-radeon-cs-r600 [--first N] --keep-vram SEED COMMAND [ARGS]
 *       a 1 MiB VRAM buffer across COMMAND (a suspend and resume, in plan
 *       radeon-rs780): filled by CP_DMA before, read by the CPU and copied
 *       out by CP_DMA after, every dword checked; --first N numbers the
 *       tests from N and prints no plan line (tap_run)
 *   aemu-radeon-cs-r600 DEVICE --reset-wait | --hang
 *       a job stuck at a wait on memory while radeon resets the GPU: one
 *       requested through debugfs beforehand (--reset-wait: the next fence
 *       wait runs it), or one radeon's lockup check asks for (--hang:
 *       nobody releases the wait); the job must be dropped (see stuck_job)
 *
 * R600 has no VM: a user IB names its buffers through relocations, a
 * PACKET3_NOP after each packet that carries an address, whose data is the
 * relocation's dword offset in the RELOCS chunk; radeon's CS checker
 * (r600_cs.c) patches the buffer's GPU address in. The packets are
 * written out here from radeon's r600d.h rather than taken from the
 * device model, so the test does not share the model's reading of them.
 * Each round, on the gfx ring (the one R600 ring radeon exposes):
 *  - copy: a pattern the CPU wrote in a GTT buffer, copied to VRAM and
 *    back to another GTT buffer by CP_DMA, then an EVENT_WRITE_EOP writing
 *    a marker; every dword compared;
 *  - fence: a stream that waits for a word in memory (WAIT_REG_MEM) and
 *    then writes a marker (EVENT_WRITE_EOP): the buffer stays busy until a
 *    thread releases the word while the main thread waits in
 *    DRM_RADEON_GEM_WAIT_IDLE; the wait must end before radeon's 500 ms
 *    fallback check and the device's interrupt count must grow.
 */
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <sys/wait.h>
#include <unistd.h>
#include <xf86drm.h>
#include <radeon_drm.h>
#include <radeon_bo.h>
#include <radeon_bo_gem.h>
#include "klog-read.h"
#include "vram-keep-pattern.h"

/* PM4 (radeon/r600d.h). */
#define PACKET3(op, n)          (3u << 30 | ((n) & 0x3fffu) << 16 | ((op) & 0xffu) << 8)
#define PACKET3_NOP             0x10
#define PACKET3_WAIT_REG_MEM    0x3c
#define PACKET3_CP_DMA          0x41
#define PACKET3_EVENT_WRITE_EOP 0x47
#define PACKET3_CP_DMA_CP_SYNC  (1u << 31)
#define WAIT_REG_MEM_FUNCTION_EQ 3u
#define WAIT_REG_MEM_MEM_SPACE  (1u << 4)
#define CACHE_FLUSH_AND_INV_EVENT_TS 0x14u
#define EVENT_INDEX(x)          ((x) << 8)
#define DATA_SEL_32             (1u << 29)
/* A relocation entry is 4 dwords (struct drm_radeon_cs_reloc). */
#define RELOC_DW                4u

#define BUF_SIZE                (64u * 1024u)
#define GATE_DELAY_MS           100u    /* well before the 500 ms fallback */
#define FALLBACK_S              0.5     /* radeon's fence fallback check */
#define DEFAULT_ROUNDS          8u
/* --keep-vram's buffers: one CP_DMA each way (its byte count has 21 bits). */
#define KEEP_SIZE               (1024u * 1024u)

enum { SRC, VRAM, DST, MARK, NBUFS };

static int fd;
static struct radeon_bo_manager *bom;
static unsigned tap_n, tap_failed;
static struct radeon_bo *bo[NBUFS];
static uint32_t domain[NBUFS];
static uint32_t ib[256];
static unsigned ib_n;

static void ok(bool cond, const char *fmt, ...)
{
    va_list ap;

    printf("%s %u - ", cond ? "ok" : "not ok", ++tap_n);
    va_start(ap, fmt);
    vprintf(fmt, ap);
    va_end(ap);
    printf("\n");
    tap_failed += !cond;
}

static double now_s(void)
{
    struct timespec ts;

    clock_gettime(CLOCK_MONOTONIC, &ts);
    return ts.tv_sec + ts.tv_nsec / 1e9;
}

/* The device's interrupts so far (the "radeon" line of /proc/interrupts). */
static long irq_count(void)
{
    FILE *f = fopen("/proc/interrupts", "r");
    char line[512];
    long total = -1;

    while (f && fgets(line, sizeof(line), f)) {
        char *p = strchr(line, ':'), *end;

        if (!p || !strstr(line, "radeon")) {
            continue;
        }
        for (total = 0, p++;; p = end) {
            long v = strtol(p, &end, 10);

            if (end == p) {
                break;
            }
            total += v;
        }
        break;
    }
    if (f) {
        fclose(f);
    }
    return total;
}

static void emit(uint32_t v)
{
    if (ib_n < sizeof(ib) / sizeof(ib[0])) {
        ib[ib_n++] = v;
    }
}

/* The relocation of the packet's next address: buffer b. */
static void emit_reloc(unsigned b)
{
    emit(PACKET3(PACKET3_NOP, 0));
    emit(b * RELOC_DW);
}

static void emit_cp_dma(unsigned dst, unsigned src, uint32_t bytes)
{
    emit(PACKET3(PACKET3_CP_DMA, 4));
    emit(0);                                    /* offsets in the buffers */
    emit(PACKET3_CP_DMA_CP_SYNC);
    emit(0);
    emit(0);
    emit(bytes);
    emit_reloc(src);
    emit_reloc(dst);
}

static void emit_eop(unsigned b, uint32_t offset, uint32_t value)
{
    emit(PACKET3(PACKET3_EVENT_WRITE_EOP, 4));
    emit(CACHE_FLUSH_AND_INV_EVENT_TS | EVENT_INDEX(5));
    emit(offset);
    emit(DATA_SEL_32);                          /* no interrupt: a user one */
    emit(value);
    emit(0);
    emit_reloc(b);
}

static void emit_wait_eq(unsigned b, uint32_t offset, uint32_t ref)
{
    emit(PACKET3(PACKET3_WAIT_REG_MEM, 5));
    emit(WAIT_REG_MEM_FUNCTION_EQ | WAIT_REG_MEM_MEM_SPACE);
    emit(offset);
    emit(0);
    emit(ref);
    emit(0xffffffffu);                          /* mask */
    emit(10);                                   /* poll interval */
    emit_reloc(b);
}

static int submit(void)
{
    struct drm_radeon_cs_reloc relocs[NBUFS];
    struct drm_radeon_cs_chunk chunks[2];
    uint64_t chunk_ptrs[2];
    struct drm_radeon_cs cs = { 0 };

    for (unsigned i = 0; i < NBUFS; i++) {
        relocs[i] = (struct drm_radeon_cs_reloc) {
            .handle = bo[i]->handle, .read_domains = domain[i],
            .write_domain = domain[i],
        };
    }
    chunks[0] = (struct drm_radeon_cs_chunk) {
        .chunk_id = RADEON_CHUNK_ID_IB, .length_dw = ib_n,
        .chunk_data = (uintptr_t)ib,
    };
    chunks[1] = (struct drm_radeon_cs_chunk) {
        .chunk_id = RADEON_CHUNK_ID_RELOCS,
        .length_dw = NBUFS * RELOC_DW, .chunk_data = (uintptr_t)relocs,
    };
    chunk_ptrs[0] = (uintptr_t)&chunks[0];
    chunk_ptrs[1] = (uintptr_t)&chunks[1];
    cs.num_chunks = 2;
    cs.chunks = (uintptr_t)chunk_ptrs;
    return drmCommandWriteRead(fd, DRM_RADEON_CS, &cs, sizeof(cs));
}

static bool busy(unsigned b)
{
    uint32_t d;

    return radeon_bo_is_busy(bo[b], &d) == -EBUSY;
}

static void *open_gate(void *arg)
{
    usleep(GATE_DELAY_MS * 1000);
    __atomic_store_n((uint32_t *)arg, 1, __ATOMIC_SEQ_CST);
    return NULL;
}

static void round_copy(unsigned r)
{
    uint32_t *src = bo[SRC]->ptr, *dst = bo[DST]->ptr, *mark = bo[MARK]->ptr;
    unsigned n = BUF_SIZE / 4, bad = 0;
    int ret;

    for (unsigned i = 0; i < n; i++) {
        src[i] = (r + 1) * 0x01000193u ^ (0x9e3779b9u * (i + 1));
        dst[i] = 0;
    }
    mark[0] = 0;
    ib_n = 0;
    emit_cp_dma(VRAM, SRC, BUF_SIZE);
    emit_cp_dma(DST, VRAM, BUF_SIZE);
    emit_eop(MARK, 0, 0xc0de0000u | r);
    ret = submit();
    ok(ret == 0, "round %u: DRM_RADEON_CS accepted CP_DMA x2 + EOP (%d)", r,
       ret);
    if (ret) {
        return;
    }
    ret = radeon_bo_wait(bo[DST]);
    for (unsigned i = 0; i < n; i++) {
        bad += dst[i] != src[i];
    }
    ok(ret == 0 && !busy(DST) && bad == 0,
       "round %u: %u dwords copied GTT -> VRAM -> GTT intact (%u wrong)", r,
       n, bad);
    ok(mark[0] == (0xc0de0000u | r), "round %u: EOP marker 0x%08x", r,
       mark[0]);
}

static void round_fence(unsigned r)
{
    uint32_t *mark = bo[MARK]->ptr;
    const uint32_t want = 0xfe0c0000u | r;
    pthread_t thread;
    double t0, t1;
    long irqs;
    int ret;

    /* The gate at byte 16 (WAIT_REG_MEM takes 16-byte aligned addresses). */
    mark[2] = 0;
    mark[4] = 0;
    ib_n = 0;
    emit_wait_eq(MARK, 16, 1);
    emit_eop(MARK, 8, want);
    ret = submit();
    ok(ret == 0, "round %u: DRM_RADEON_CS accepted the gated stream (%d)", r,
       ret);
    if (ret) {
        return;
    }
    usleep(50 * 1000);
    ok(busy(MARK) && mark[2] != want,
       "round %u: fence pending while the CP waits on memory", r);
    irqs = irq_count();
    t0 = now_s();
    pthread_create(&thread, NULL, open_gate, &mark[4]);
    ret = radeon_bo_wait(bo[MARK]);
    t1 = now_s();
    pthread_join(thread, NULL);
    irqs = irq_count() - irqs;
    ok(ret == 0 && !busy(MARK) && mark[2] == want,
       "round %u: released, marker written, fence signalled", r);
    ok(irqs > 0 && t1 - t0 < FALLBACK_S,
       "round %u: woken by the fence interrupt after %.0f ms (gate at %u ms, "
       "%ld interrupts)", r, (t1 - t0) * 1000, GATE_DELAY_MS, irqs);
}

/*
 * A job that never ends by itself: an EOP writes a "started" word, a
 * WAIT_REG_MEM waits on a gate word, a second EOP writes the marker. The
 * program waits until the CP is at the gate.
 *
 * --reset-wait: a reset was requested through debugfs (radeon_gpu_reset
 * sets needs_reset), so the fence wait that follows runs it at once. A
 * thread opens the gate RESET_GATE_MS into the wait, so nothing could
 * hang for good.
 *
 * --hang: nobody opens the gate. radeon's lockup check
 * (r600_gfx_is_lockup: GRBM_STATUS busy, no progress for
 * radeon.lockup_timeout) asks for the reset ("GPU lockup" in the kernel
 * log) without waking the fence's waiter, so the program watches the log
 * and then waits: that wait runs the reset.
 *
 * Either way radeon restores the ring after the IB in flight: the job is
 * dropped, and the marker never comes, not even once the gate is open.
 */
#define RESET_GATE_MS 300u
#define STUCK_START_TIMEOUT_S 10.0
/* radeon.lockup_timeout is 10 s by default; the check runs every 500 ms. */
#define LOCKUP_DETECT_TIMEOUT_S 40.0
#define LOCKUP_POLL_US 100000u
#define STUCK_STARTED 0x57a27ed0u
#define STUCK_MARKER 0x7e5e7000u

static void *open_gate_later(void *arg)
{
    usleep(RESET_GATE_MS * 1000);
    __atomic_store_n((uint32_t *)arg, 1, __ATOMIC_SEQ_CST);
    return NULL;
}

static int stuck_job(bool hang)
{
    uint32_t *mark = bo[MARK]->ptr;
    const char *what = hang ? "hang on gfx" : "reset while gfx waits";
    int seen = hang ? klog_count("GPU lockup") : 0, ret;
    pthread_t thread;
    bool opener = false;
    double t0;

    /* Words: 0 started, 2 marker, 4 the gate (16-byte aligned). */
    mark[0] = 0;
    mark[2] = 0;
    mark[4] = 0;
    ib_n = 0;
    emit_eop(MARK, 0, STUCK_STARTED);
    emit_wait_eq(MARK, 16, 1);
    emit_eop(MARK, 8, STUCK_MARKER);
    ret = submit();
    ok(ret == 0, "%s: DRM_RADEON_CS accepted the stream (%d)", what, ret);
    if (ret) {
        return 1;
    }
    t0 = now_s();
    while (__atomic_load_n(&mark[0], __ATOMIC_SEQ_CST) != STUCK_STARTED &&
           now_s() - t0 < STUCK_START_TIMEOUT_S) {
        usleep(1000);
    }
    ok(mark[0] == STUCK_STARTED, "%s: the CP is inside the IB, at the gate, "
       "after %.3f s", what, now_s() - t0);
    if (hang) {
        int now = seen;

        t0 = now_s();
        while (seen >= 0 && now <= seen &&
               now_s() - t0 < LOCKUP_DETECT_TIMEOUT_S) {
            usleep(LOCKUP_POLL_US);
            now = klog_count("GPU lockup");
        }
        ok(seen >= 0 && now > seen, "%s: radeon's lockup check found it after "
           "%.1f s (\"GPU lockup\" lines %d -> %d)", what, now_s() - t0,
           seen, now);
    } else {
        opener = pthread_create(&thread, NULL, open_gate_later, &mark[4]) == 0;
    }
    t0 = now_s();
    ret = radeon_bo_wait(bo[MARK]);
    ok(ret == 0, "%s: the wait returned after %.2f s: the pending reset ran "
       "(%d)", what, now_s() - t0, ret);
    if (opener) {
        pthread_join(thread, NULL);
    }
    __atomic_store_n(&mark[4], 1, __ATOMIC_SEQ_CST);
    usleep(RESET_GATE_MS * 1000);
    ok(!busy(MARK), "%s: the job is over, nothing left hanging", what);
    ok(mark[2] == 0, "%s: the job in flight was dropped: no marker (0x%08x)",
       what, mark[2]);
    return tap_failed ? 1 : 0;
}

/*
 * --keep-vram: a VRAM buffer across a command (a system suspend and
 * resume). CP_DMA copies a pattern from GTT into it before; after, the CPU
 * reads it through a mapping and CP_DMA copies it out to GTT, every dword
 * checked.
 */
static int keep_copy(unsigned dst, unsigned src)
{
    int ret;

    ib_n = 0;
    emit_cp_dma(dst, src, KEEP_SIZE);
    ret = submit();
    return ret ? ret : radeon_bo_wait(bo[dst]);
}

static void keep_report(const char *what, int ret, const uint32_t *p,
                        uint32_t seed)
{
    uint32_t n = KEEP_SIZE / 4, bad = ret || !p ? 0 : keep_mismatch(p, n, seed);

    if (ret || !p) {
        ok(false, "%s: submission, wait or mapping failed (%d)", what, ret);
    } else if (bad < n) {
        ok(false, "%s: dword %u is 0x%08x, want 0x%08x", what, bad, p[bad],
           keep_word(seed, bad));
    } else {
        ok(true, "%s: all %u bytes match", what, KEEP_SIZE);
    }
}

static int keep_vram(uint32_t seed, char **cmd)
{
    uint32_t *src = bo[SRC]->ptr, *dst = bo[DST]->ptr;
    double t0;
    int ret;

    for (uint32_t i = 0; i < KEEP_SIZE / 4; i++) {
        src[i] = keep_word(seed, i);
    }
    ret = keep_copy(VRAM, SRC);
    if (!ret) {
        ret = radeon_bo_map(bo[VRAM], 0);
    }
    keep_report("before: CP_DMA filled the VRAM buffer, read by the CPU", ret,
                bo[VRAM]->ptr, seed);

    t0 = now_s();
    ret = keep_run(cmd);
    ok(ret == 0, "'%s' exited with status %d after %.2f s", cmd[0], ret,
       now_s() - t0);

    keep_report("after: the VRAM buffer through its CPU mapping", 0,
                bo[VRAM]->ptr, seed);
    memset(dst, 0, KEEP_SIZE);
    keep_report("after: CP_DMA copies the VRAM buffer to GTT",
                keep_copy(DST, VRAM), dst, seed);
    return tap_failed ? 1 : 0;
}

int main(int argc, char **argv)
{
    bool numbered = argc > 2 && !strcmp(argv[1], "--first");
    bool keep, stuck;
    const char *dev;
    unsigned rounds;
    uint32_t size;

    /* --first N: number from N and print no plan line (tap_run). */
    if (numbered) {
        tap_n = (unsigned)strtoul(argv[2], NULL, 0) - 1;
        argv += 2;
        argc -= 2;
    }
    keep = argc > 3 && !strcmp(argv[1], "--keep-vram");
    stuck = argc > 2 && (!strcmp(argv[2], "--reset-wait") ||
                         !strcmp(argv[2], "--hang"));
    dev = !keep && argc > 1 ? argv[1] : "/dev/dri/card0";
    rounds = !keep && !stuck && argc > 2 ? (unsigned)atoi(argv[2])
                                         : DEFAULT_ROUNDS;
    size = keep ? KEEP_SIZE : BUF_SIZE;

    setvbuf(stdout, NULL, _IOLBF, 0);
    fd = open(dev, O_RDWR);
    if (fd < 0 || !(bom = radeon_bo_manager_gem_ctor(fd))) {
        printf("Bail out! cannot open %s\n", dev);
        return 1;
    }
    for (unsigned i = 0; i < NBUFS; i++) {
        domain[i] = i == VRAM ? RADEON_GEM_DOMAIN_VRAM : RADEON_GEM_DOMAIN_GTT;
        bo[i] = radeon_bo_open(bom, 0, size, 4096, domain[i], 0);
        if (!bo[i] || (domain[i] == RADEON_GEM_DOMAIN_GTT &&
                       radeon_bo_map(bo[i], 1))) {
            printf("Bail out! buffer %u\n", i);
            return 1;
        }
    }
    if (stuck) {
        int ret = stuck_job(!strcmp(argv[2], "--hang"));

        printf("1..%u\n", tap_n);
        return ret;
    }
    if (keep) {
        int ret = keep_vram((uint32_t)strtoul(argv[2], NULL, 0), &argv[3]);

        if (!numbered) {
            printf("1..%u\n", tap_n);
        }
        return ret;
    }
    for (unsigned r = 0; r < rounds; r++) {
        round_copy(r);
        round_fence(r);
    }
    printf("1..%u\n", tap_n);
    return tap_failed ? 1 : 0;
}
