/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * aemu-radeon-cs: command streams through DRM_RADEON_CS on the emulated
 * Hawaii under the unmodified radeon driver, checked byte by byte, in TAP.
 *
 *   aemu-radeon-cs [DEVICE]        (default /dev/dri/card0)
 *   aemu-radeon-cs DEVICE --reset-wait
 *       after a GPU reset was requested through debugfs (radeon_gpu_reset
 *       only sets rdev->needs_reset: the reset runs at the next fence
 *       wait), submit a gfx stream that waits on memory, and once the CP
 *       waits there, wait for its fence: the wait runs the reset, which
 *       drops the job in flight (stuck_job).
 *   aemu-radeon-cs DEVICE --hang RING     (RING: gfx, cp1, cp2, dma0, dma1)
 *       an induced hang: a stream on RING that waits on memory nobody
 *       releases; radeon's own lockup check (radeon_fence_check_lockup,
 *       radeon.lockup_timeout) must find it, and the next fence wait runs
 *       the reset, which drops the job (stuck_job).
 *   aemu-radeon-cs DEVICE --bad-reg RING  (RING: gfx, cp1, cp2)
 *       a stream that writes a privileged register (GRBM_SOFT_RESET): CIK
 *       leaves the check to the hardware (radeon's cik_ib_parse accepts
 *       every VM IB), so the CP stops the queue with a privileged-register
 *       fault; radeon asks for a reset (its interrupt handler on gfx, its
 *       lockup check on compute) and the next fence wait runs it, dropping
 *       the job (stuck_job).
 *   aemu-radeon-cs [--first N] --keep-vram SEED COMMAND [ARGS]
 *       a 4 MiB VRAM buffer across COMMAND (a suspend and resume, in the
 *       suspend plans): filled by DMA0 before, read by the CPU and copied
 *       out by DMA0 and the gfx ring after, every dword checked (keep_vram);
 *       --first N numbers the tests from N and prints no plan line
 *
 * Buffers come from libdrm_radeon (GEM create, mmap, wait, busy). radeon
 * runs userspace work on CIK only in a VM (cs_parse is NULL on every CIK
 * ring, so the CS needs RADEON_CS_USE_VM), which libdrm_radeon's CS helper
 * cannot ask for: the program maps its buffers with DRM_RADEON_GEM_VA and
 * builds the IB, relocation and flags chunks itself.
 *
 * For each ring (gfx, the two compute rings, both DMA rings):
 *  - write: a pattern written by the engine into a GTT buffer;
 *  - copy: that buffer copied to VRAM and back to another GTT buffer by the
 *    engine (CP DMA_DATA on the CP, SDMA COPY on DMA);
 *  - fence: a stream that first waits for a word in memory (WAIT_REG_MEM,
 *    SDMA POLL_REG_MEM) and then writes a marker. The buffers stay busy
 *    (DRM_RADEON_GEM_BUSY) while the CPU has not released the word; a
 *    thread releases it while the main thread blocks in
 *    DRM_RADEON_GEM_WAIT_IDLE, so the fence can only arrive by interrupt
 *    (radeon enables its fence interrupts only while someone waits); the
 *    waiter must wake before radeon's 500 ms fallback check would have, and
 *    the device's interrupt count must have grown.
 * The packet encodings are written out here from radeon's cikd.h rather
 * than taken from the device model, so the test does not share the model's
 * reading of them.
 */
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
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

/* PM4 (radeon/cikd.h). */
#define PACKET3(op, n)          (3u << 30 | ((n) & 0x3fffu) << 16 | ((op) & 0xffu) << 8)
#define PACKET3_NOP             0x10
#define PACKET3_WRITE_DATA      0x37
#define PACKET3_WAIT_REG_MEM    0x3c
#define PACKET3_DMA_DATA        0x50
#define WRITE_DATA_DST_SEL(x)   ((x) << 8)      /* 0: register, 5: memory */
#define DST_SEL_REGISTER        0
/* GRBM_SOFT_RESET's dword offset (cikd.h: 0x8020): no user IB may write it. */
#define GRBM_SOFT_RESET_DW      (0x8020u / 4)
#define SOFT_RESET_CP           (1u << 0)
#define WR_CONFIRM              (1u << 20)
#define WAIT_REG_MEM_FUNCTION(x) ((x) << 0)     /* 3: == */
#define WAIT_REG_MEM_MEM_SPACE(x) ((x) << 4)    /* 1: memory */
#define DMA_DATA_CP_SYNC        (1u << 31)

/* SDMA (radeon/cikd.h). */
#define SDMA_PACKET(op, sub, e) (((uint32_t)(e) & 0xffffu) << 16 | ((sub) & 0xffu) << 8 | ((op) & 0xffu))
#define SDMA_OPCODE_NOP         0
#define SDMA_OPCODE_COPY        1
#define SDMA_OPCODE_WRITE       2
#define SDMA_OPCODE_POLL_REG_MEM 8
#define SDMA_POLL_FUNC(x)       ((x) << 12)     /* 3: == */
#define SDMA_POLL_MEM           (1u << 15)

#define PATTERN_DW      64
#define BUF_SIZE        4096u
#define VA_STRIDE       0x100000u
#define GATE_DELAY_MS   100
#define WAIT_TIMEOUT_S  20
/*
 * radeon's fallback, radeon_fence_check_lockup, runs RADEON_FENCE_JIFFIES_
 * TIMEOUT (500 ms) after the driver last looked at the ring, at the latest
 * the GEM_BUSY check 50 ms before the wait: a fallback wake-up comes 450 ms
 * or more into the wait.
 */
#define FALLBACK_S      0.42

static int fd;
static struct radeon_bo_manager *bom;
static unsigned tap_n, tap_failed;
static uint64_t va_next;

static void ok(bool cond, const char *fmt, ...)
{
    va_list ap;

    tap_n++;
    if (!cond) {
        tap_failed++;
    }
    printf("%s %u - ", cond ? "ok" : "not ok", tap_n);
    va_start(ap, fmt);
    vprintf(fmt, ap);
    va_end(ap);
    printf("\n");
    fflush(stdout);
}

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

static double now_s(void)
{
    struct timespec ts;

    clock_gettime(CLOCK_MONOTONIC, &ts);
    return ts.tv_sec + ts.tv_nsec / 1e9;
}

static int info(uint32_t request, uint32_t *value)
{
    struct drm_radeon_info in = {
        .request = request, .value = (uintptr_t)value,
    };

    return drmCommandWriteRead(fd, DRM_RADEON_INFO, &in, sizeof(in));
}

typedef struct Buf {
    struct radeon_bo *bo;
    uint32_t domain;
    uint64_t va;
    uint32_t *cpu;          /* GTT buffers only */
} Buf;

/* A buffer of size bytes, mapped into the VM. */
static bool buf_new_size(Buf *b, uint32_t domain, uint32_t size)
{
    struct drm_radeon_gem_va va = { 0 };

    memset(b, 0, sizeof(*b));
    b->domain = domain;
    b->bo = radeon_bo_open(bom, 0, size, 4096, domain, 0);
    if (!b->bo) {
        return false;
    }
    va.handle = b->bo->handle;
    va.operation = RADEON_VA_MAP;
    /* VALID and SYSTEM are the kernel's to set (radeon_gem_va_ioctl). */
    va.flags = RADEON_VM_PAGE_READABLE | RADEON_VM_PAGE_WRITEABLE |
               (domain == RADEON_GEM_DOMAIN_GTT ? RADEON_VM_PAGE_SNOOPED : 0);
    va.offset = va_next;
    if (drmCommandWriteRead(fd, DRM_RADEON_GEM_VA, &va, sizeof(va)) ||
        va.operation != RADEON_VA_RESULT_OK) {
        diag("GEM_VA map at 0x%" PRIx64 " failed (result %u)", va_next,
             va.operation);
        return false;
    }
    b->va = va_next;
    va_next += (size + VA_STRIDE - 1) & ~(uint64_t)(VA_STRIDE - 1);
    if (domain == RADEON_GEM_DOMAIN_GTT) {
        if (radeon_bo_map(b->bo, 1)) {
            return false;
        }
        b->cpu = b->bo->ptr;
        memset(b->cpu, 0, size);
    }
    return true;
}

static bool buf_new(Buf *b, uint32_t domain)
{
    return buf_new_size(b, domain, BUF_SIZE);
}

/* An IB under construction. */
typedef struct Ib {
    uint32_t dw[1024];
    unsigned n;
    bool sdma;
} Ib;

static void emit(Ib *ib, uint32_t v)
{
    if (ib->n < sizeof(ib->dw) / sizeof(ib->dw[0])) {
        ib->dw[ib->n++] = v;
    }
}

static void emit_addr(Ib *ib, uint64_t va)
{
    emit(ib, (uint32_t)va);
    emit(ib, (uint32_t)(va >> 32));
}

/* Write count dwords of data at va. */
static void emit_write(Ib *ib, uint64_t va, const uint32_t *data, unsigned count)
{
    if (ib->sdma) {
        emit(ib, SDMA_PACKET(SDMA_OPCODE_WRITE, 0, 0));
        emit_addr(ib, va);
        emit(ib, count);
    } else {
        emit(ib, PACKET3(PACKET3_WRITE_DATA, count + 2));
        emit(ib, WRITE_DATA_DST_SEL(5) | WR_CONFIRM);
        emit_addr(ib, va);
    }
    for (unsigned i = 0; i < count; i++) {
        emit(ib, data[i]);
    }
}

/* Copy bytes from src to dst (CP DMA_DATA, SDMA COPY LINEAR). */
static void emit_copy(Ib *ib, uint64_t dst, uint64_t src, uint32_t bytes)
{
    if (ib->sdma) {
        emit(ib, SDMA_PACKET(SDMA_OPCODE_COPY, 0, 0));
        emit(ib, bytes);
        emit(ib, 0);                            /* no endian swap */
        emit_addr(ib, src);
        emit_addr(ib, dst);
    } else {
        /* cik_copy_cpdma: src and dst are addresses; wait for the data. */
        emit(ib, PACKET3(PACKET3_DMA_DATA, 5));
        emit(ib, DMA_DATA_CP_SYNC);
        emit_addr(ib, src);
        emit_addr(ib, dst);
        emit(ib, bytes);
    }
}

/* Block the engine until the dword at va equals ref. */
static void emit_wait_eq(Ib *ib, uint64_t va, uint32_t ref)
{
    if (ib->sdma) {
        emit(ib, SDMA_PACKET(SDMA_OPCODE_POLL_REG_MEM, 0,
                             SDMA_POLL_FUNC(3) | SDMA_POLL_MEM));
        emit_addr(ib, va);
        emit(ib, ref);
        emit(ib, 0xffffffffu);                  /* mask */
        emit(ib, 0xfffu << 16 | 10);            /* retries, interval */
    } else {
        emit(ib, PACKET3(PACKET3_WAIT_REG_MEM, 5));
        emit(ib, WAIT_REG_MEM_FUNCTION(3) | WAIT_REG_MEM_MEM_SPACE(1));
        emit_addr(ib, va);
        emit(ib, ref);
        emit(ib, 0xffffffffu);
        emit(ib, 10);                           /* poll interval */
    }
}

/* Pad to a multiple of 8 dwords (the SDMA IB rule; harmless on the CP). */
static void emit_pad(Ib *ib)
{
    while (ib->n % 8) {
        emit(ib, ib->sdma ? SDMA_PACKET(SDMA_OPCODE_NOP, 0, 0)
                          : PACKET3(PACKET3_NOP, 0x3fff));
    }
}

typedef struct Ring {
    const char *name;
    uint32_t cs_ring;       /* RADEON_CS_RING_* */
    int32_t priority;       /* picks CP1/CP2 and DMA0/DMA1 */
    bool sdma;
} Ring;

static int submit(const Ring *r, Ib *ib, Buf **bufs, unsigned nbufs)
{
    struct drm_radeon_cs_reloc relocs[8];
    struct drm_radeon_cs_chunk chunks[3];
    uint64_t chunk_ptrs[3];
    uint32_t flags[3] = { RADEON_CS_USE_VM, r->cs_ring, (uint32_t)r->priority };
    struct drm_radeon_cs cs = { 0 };

    emit_pad(ib);
    for (unsigned i = 0; i < nbufs; i++) {
        relocs[i].handle = bufs[i]->bo->handle;
        relocs[i].read_domains = bufs[i]->domain;
        relocs[i].write_domain = bufs[i]->domain;
        relocs[i].flags = 0;
    }
    chunks[0].chunk_id = RADEON_CHUNK_ID_IB;
    chunks[0].length_dw = ib->n;
    chunks[0].chunk_data = (uintptr_t)ib->dw;
    chunks[1].chunk_id = RADEON_CHUNK_ID_RELOCS;
    chunks[1].length_dw = nbufs * sizeof(relocs[0]) / 4;
    chunks[1].chunk_data = (uintptr_t)relocs;
    chunks[2].chunk_id = RADEON_CHUNK_ID_FLAGS;
    chunks[2].length_dw = 3;
    chunks[2].chunk_data = (uintptr_t)flags;
    for (unsigned i = 0; i < 3; i++) {
        chunk_ptrs[i] = (uintptr_t)&chunks[i];
    }
    cs.num_chunks = 3;
    cs.chunks = (uintptr_t)chunk_ptrs;
    return drmCommandWriteRead(fd, DRM_RADEON_CS, &cs, sizeof(cs));
}

static bool busy(Buf *b)
{
    uint32_t domain;

    return radeon_bo_is_busy(b->bo, &domain) == -EBUSY;
}

typedef struct Gate {
    volatile uint32_t *word;
    unsigned delay_ms;
} Gate;

static void *open_gate(void *arg)
{
    Gate *g = arg;

    usleep(g->delay_ms * 1000);
    __atomic_store_n(g->word, 1, __ATOMIC_SEQ_CST);
    return NULL;
}

/* The device's interrupts so far, summed over CPUs (/proc/interrupts). */
static long irq_count(void)
{
    FILE *f = fopen("/proc/interrupts", "r");
    char line[512];
    long total = -1;

    while (f && fgets(line, sizeof(line), f)) {
        char *p = strchr(line, ':');

        if (!p || !strstr(line, "radeon")) {
            continue;
        }
        total = 0;
        for (p++;;) {
            char *end;
            long v = strtol(p, &end, 10);

            if (end == p) {
                break;
            }
            total += v;
            p = end;
        }
        break;
    }
    if (f) {
        fclose(f);
    }
    return total;
}

static unsigned first_mismatch(const uint32_t *got, const uint32_t *want,
                               unsigned n)
{
    for (unsigned i = 0; i < n; i++) {
        if (got[i] != want[i]) {
            return i;
        }
    }
    return n;
}

static void test_ring(const Ring *r, unsigned seed)
{
    Buf src, vram, dst, gate;
    Buf *bufs[] = { &src, &vram, &dst, &gate };
    uint32_t pattern[PATTERN_DW];
    uint32_t working = r->cs_ring;
    Ib ib = { .sdma = r->sdma };
    const uint32_t marker = 0xc0de0000u | seed;
    pthread_t thread;
    Gate g;
    double t0, t1;
    long irqs;
    unsigned bad;
    int ret;

    if (info(RADEON_INFO_RING_WORKING, &working) || !working) {
        ok(false, "%s: RADEON_INFO_RING_WORKING", r->name);
        return;
    }
    if (!buf_new(&src, RADEON_GEM_DOMAIN_GTT) ||
        !buf_new(&vram, RADEON_GEM_DOMAIN_VRAM) ||
        !buf_new(&dst, RADEON_GEM_DOMAIN_GTT) ||
        !buf_new(&gate, RADEON_GEM_DOMAIN_GTT)) {
        ok(false, "%s: buffers created and mapped into the VM", r->name);
        return;
    }
    for (unsigned i = 0; i < PATTERN_DW; i++) {
        pattern[i] = seed * 0x01000193u ^ (0x9e3779b9u * (i + 1));
    }

    /* Write, then copy GTT -> VRAM -> GTT, in one stream. */
    emit_write(&ib, src.va, pattern, PATTERN_DW);
    emit_copy(&ib, vram.va, src.va, sizeof(pattern));
    emit_copy(&ib, dst.va, vram.va, sizeof(pattern));
    ret = submit(r, &ib, bufs, 4);
    ok(ret == 0, "%s: DRM_RADEON_CS accepted the write/copy stream (%d)",
       r->name, ret);
    if (ret) {
        return;
    }
    ret = radeon_bo_wait(dst.bo);
    ok(ret == 0 && !busy(&dst) && !busy(&src),
       "%s: fence signalled, buffers idle", r->name);
    bad = first_mismatch(src.cpu, pattern, PATTERN_DW);
    ok(bad == PATTERN_DW, "%s: %u dwords written by the engine%s", r->name,
       PATTERN_DW, bad < PATTERN_DW ? " (mismatch)" : "");
    if (bad < PATTERN_DW) {
        diag("dword %u: 0x%08x, want 0x%08x", bad, src.cpu[bad], pattern[bad]);
    }
    bad = first_mismatch(dst.cpu, pattern, PATTERN_DW);
    ok(bad == PATTERN_DW, "%s: copied GTT -> VRAM -> GTT intact%s", r->name,
       bad < PATTERN_DW ? " (mismatch)" : "");
    if (bad < PATTERN_DW) {
        diag("dword %u: 0x%08x, want 0x%08x", bad, dst.cpu[bad], pattern[bad]);
    }

    /* Fence behind a wait on memory the CPU releases later. */
    ib.n = 0;
    gate.cpu[0] = 0;
    emit_wait_eq(&ib, gate.va, 1);
    emit_write(&ib, dst.va + BUF_SIZE - 4, &marker, 1);
    ret = submit(r, &ib, bufs, 4);
    ok(ret == 0, "%s: DRM_RADEON_CS accepted the gated stream (%d)",
       r->name, ret);
    if (ret) {
        return;
    }
    usleep(50 * 1000);
    ok(busy(&dst) && dst.cpu[BUF_SIZE / 4 - 1] != marker,
       "%s: fence pending while the engine waits on memory", r->name);
    g.word = &gate.cpu[0];
    g.delay_ms = GATE_DELAY_MS;
    irqs = irq_count();
    t0 = now_s();
    pthread_create(&thread, NULL, open_gate, &g);
    ret = radeon_bo_wait(dst.bo);
    t1 = now_s();
    pthread_join(thread, NULL);
    ok(ret == 0 && !busy(&dst) && dst.cpu[BUF_SIZE / 4 - 1] == marker,
       "%s: released, marker written and fence signalled", r->name);
    irqs = irq_count() - irqs;
    diag("%s: GEM_WAIT_IDLE returned after %.0f ms (gate opened at %u ms), "
         "%ld interrupts meanwhile", r->name, (t1 - t0) * 1000, GATE_DELAY_MS,
         irqs);
    ok(t1 - t0 < WAIT_TIMEOUT_S, "%s: the wait ended on the fence, not a timeout",
       r->name);
    /*
     * A fence interrupt wakes the waiter as soon as the engine is released
     * (FALLBACK_S). On a compute ring this needs the IV's ring_id to decode
     * to the ring's ME and pipe in radeon's reading.
     */
    ok(irqs > 0 && t1 - t0 < FALLBACK_S,
       "%s: woken by the fence interrupt, before radeon's fallback check",
       r->name);
}

/*
 * A job that never ends by itself: the stream writes a "started" word,
 * waits on a gate, then writes a marker; the program waits until the
 * engine is inside the IB (the started word).
 *
 * --reset-wait: a reset was requested through debugfs, so the fence wait
 * that follows runs it at once (radeon_fence_default_wait sees
 * needs_reset). A thread opens the gate RESET_GATE_MS into the wait, so
 * nothing could hang for good.
 *
 * --hang: nobody opens the gate. radeon's lockup check finds the ring
 * busy with no progress for radeon.lockup_timeout and sets needs_reset
 * ("GPU lockup" in the kernel log); it wakes no fence waiter, so the
 * program watches the log and then waits: that wait runs the reset.
 *
 * --bad-reg: instead of the gate, a write of GRBM_SOFT_RESET. The CP
 * stops the queue with a privileged-register fault. On the gfx ring the
 * fault interrupts: radeon's handler says so and sets needs_reset; a
 * compute queue's is not enabled, so the lockup check finds the stopped
 * queue. Once the program has seen either in the log, its wait resets.
 *
 * Every way radeon restores the ring from the packet after the IB in
 * flight, so the job is dropped: the marker never comes, not even once the
 * gate is open.
 */
#define RESET_GATE_MS 300u
#define RESET_START_TIMEOUT_S 10.0
/* radeon.lockup_timeout is 10 s by default; the check runs every 500 ms. */
#define LOCKUP_DETECT_TIMEOUT_S 40.0
#define LOCKUP_POLL_US 100000u
typedef enum Stuck { STUCK_RESET_WAIT, STUCK_HANG, STUCK_PRIV_REG } Stuck;
static const char *const stuck_name[] = { "reset", "hang", "bad-reg" };
/* What the kernel log says when the driver has found each (none for a
 * debugfs reset, which was asked for before). */
static const char *const stuck_log[] = {
    NULL, "GPU lockup", "Illegal register access in command stream",
};

static void stuck_job(const Ring *r, Stuck kind)
{
    Buf gate, out;
    Buf *bufs[] = { &gate, &out };
    Ib ib = { .sdma = r->sdma };
    const uint32_t started = 0x57a27ed0u, marker = 0x7e5e7000u;
    const char *what = stuck_name[kind];
    pthread_t thread;
    bool opener = false;
    Gate g;
    double t0;
    /*
     * radeon enables the privileged-register interrupt on the gfx ring
     * only (cik_irq_set: CP_INT_CNTL_RING0); a compute queue stopped by
     * the fault stays silent until the lockup check finds it.
     */
    const char *found = kind == STUCK_PRIV_REG &&
                        r->cs_ring != RADEON_CS_RING_GFX ?
                        stuck_log[STUCK_HANG] : stuck_log[kind];
    int ret, seen = found ? klog_count(found) : 0;

    if (!buf_new(&gate, RADEON_GEM_DOMAIN_GTT) ||
        !buf_new(&out, RADEON_GEM_DOMAIN_GTT)) {
        ok(false, "%s %s: buffers created and mapped into the VM", what,
           r->name);
        return;
    }
    gate.cpu[0] = 0;
    out.cpu[0] = 0;
    out.cpu[1] = 0;
    emit_write(&ib, out.va + 4, &started, 1);
    if (kind == STUCK_PRIV_REG) {
        emit(&ib, PACKET3(PACKET3_WRITE_DATA, 3));
        emit(&ib, WRITE_DATA_DST_SEL(DST_SEL_REGISTER) | WR_CONFIRM);
        emit(&ib, GRBM_SOFT_RESET_DW);
        emit(&ib, 0);
        emit(&ib, SOFT_RESET_CP);
    } else {
        emit_wait_eq(&ib, gate.va, 1);
    }
    emit_write(&ib, out.va, &marker, 1);
    ret = submit(r, &ib, bufs, 2);
    ok(ret == 0, "%s %s: DRM_RADEON_CS accepted the stream (%d)", what,
       r->name, ret);
    if (ret) {
        return;
    }
    t0 = now_s();
    while (__atomic_load_n(&out.cpu[1], __ATOMIC_SEQ_CST) != started &&
           now_s() - t0 < RESET_START_TIMEOUT_S) {
        usleep(1000);
    }
    ok(out.cpu[1] == started, "%s %s: the engine is inside the IB, at the "
       "gate, after %.3f s", what, r->name, now_s() - t0);
    if (found) {
        int now = seen;

        t0 = now_s();
        while (seen >= 0 && now <= seen &&
               now_s() - t0 < LOCKUP_DETECT_TIMEOUT_S) {
            usleep(LOCKUP_POLL_US);
            now = klog_count(found);
        }
        ok(seen >= 0 && now > seen, "%s %s: radeon found it after %.1f s "
           "(\"%s\" lines %d -> %d)", what, r->name, now_s() - t0,
           found, seen, now);
    } else {
        g.word = gate.cpu;
        g.delay_ms = RESET_GATE_MS;
        opener = pthread_create(&thread, NULL, open_gate, &g) == 0;
    }
    t0 = now_s();
    ret = radeon_bo_wait(out.bo);
    ok(ret == 0, "%s %s: the wait returned after %.2f s: the pending reset "
       "ran (%d)", what, r->name, now_s() - t0, ret);
    if (opener) {
        pthread_join(thread, NULL);
    }
    __atomic_store_n(gate.cpu, 1, __ATOMIC_SEQ_CST);
    usleep(RESET_GATE_MS * 1000);
    ok(!busy(&out), "%s %s: the job is over, nothing left hanging", what,
       r->name);
    ok(out.cpu[0] == 0, "%s %s: the job in flight was dropped: no marker "
       "(0x%08x)", what, r->name, out.cpu[0]);
}

/* The ring called name: "gfx", or the end of a longer name ("cp1"). */
static const Ring *ring_named(const Ring *rings, unsigned n, const char *name)
{
    for (unsigned i = 0; i < n; i++) {
        size_t len = strlen(rings[i].name), want = strlen(name);

        if (!strcmp(rings[i].name, name) ||
            (len > want && rings[i].name[len - want - 1] == ' ' &&
             !strcmp(rings[i].name + len - want, name))) {
            return &rings[i];
        }
    }
    return NULL;
}

/*
 * --keep-vram: a VRAM buffer across a command (a system suspend and
 * resume). DMA0 copies a pattern from GTT into it before; after, the CPU
 * reads it through a mapping and DMA0 and the gfx ring copy it out to GTT,
 * every dword checked.
 */
#define KEEP_SIZE       (4u * 1024 * 1024)
/* Bytes per copy packet: below the 21-bit byte counts of both packets. */
#define KEEP_CHUNK      (1024u * 1024)

/* Copy KEEP_SIZE bytes on ring r and wait; 0 or the CS/wait error. */
static int keep_copy(const Ring *r, Buf *dst, Buf *src)
{
    Buf *bufs[] = { dst, src };
    Ib ib = { .sdma = r->sdma };
    int ret;

    for (uint32_t off = 0; off < KEEP_SIZE; off += KEEP_CHUNK) {
        emit_copy(&ib, dst->va + off, src->va + off, KEEP_CHUNK);
    }
    ret = submit(r, &ib, bufs, 2);
    return ret ? ret : radeon_bo_wait(dst->bo);
}

static void keep_report(const char *what, int ret, const uint32_t *p,
                        uint32_t seed)
{
    unsigned bad = ret ? 0 : keep_mismatch(p, KEEP_SIZE / 4, seed);

    if (ret) {
        ok(false, "%s: submission or wait failed (%d)", what, ret);
    } else if (bad < KEEP_SIZE / 4) {
        ok(false, "%s: dword %u is 0x%08x, want 0x%08x", what, bad, p[bad],
           keep_word(seed, bad));
    } else {
        ok(true, "%s: all %u bytes match", what, KEEP_SIZE);
    }
}

static int keep_vram(uint32_t seed, char **cmd)
{
    static const Ring dma0 = { "dma0", RADEON_CS_RING_DMA, 1, true };
    static const Ring gfx = { "gfx", RADEON_CS_RING_GFX, 0, false };
    const Ring *after[] = { &dma0, &gfx };
    Buf src, vram, dst;
    double t0;
    int ret;

    if (!buf_new_size(&src, RADEON_GEM_DOMAIN_GTT, KEEP_SIZE) ||
        !buf_new_size(&vram, RADEON_GEM_DOMAIN_VRAM, KEEP_SIZE) ||
        !buf_new_size(&dst, RADEON_GEM_DOMAIN_GTT, KEEP_SIZE)) {
        ok(false, "a VRAM and two GTT buffers of %u bytes", KEEP_SIZE);
        return 1;
    }
    for (uint32_t i = 0; i < KEEP_SIZE / 4; i++) {
        src.cpu[i] = keep_word(seed, i);
    }
    ret = keep_copy(&dma0, &vram, &src);
    if (!ret) {
        ret = radeon_bo_map(vram.bo, 0);
        vram.cpu = vram.bo->ptr;
    }
    keep_report("before: dma0 filled the VRAM buffer, read by the CPU", ret,
                vram.cpu, seed);

    t0 = now_s();
    ret = keep_run(cmd);
    ok(ret == 0, "'%s' exited with status %d after %.2f s", cmd[0], ret,
       now_s() - t0);

    keep_report("after: the VRAM buffer through its CPU mapping",
                vram.cpu ? 0 : -1, vram.cpu, seed);
    for (unsigned i = 0; i < sizeof(after) / sizeof(after[0]); i++) {
        char what[64];

        memset(dst.cpu, 0, KEEP_SIZE);
        ret = keep_copy(after[i], &dst, &vram);
        snprintf(what, sizeof(what), "after: %s copies the VRAM buffer to GTT",
                 after[i]->name);
        keep_report(what, ret, dst.cpu, seed);
    }
    return tap_failed ? 1 : 0;
}

int main(int argc, char **argv)
{
    static const Ring rings[] = {
        { "gfx", RADEON_CS_RING_GFX, 0, false },
        { "compute cp1", RADEON_CS_RING_COMPUTE, 1, false },
        { "compute cp2", RADEON_CS_RING_COMPUTE, 0, false },
        { "dma0", RADEON_CS_RING_DMA, 1, true },
        { "dma1", RADEON_CS_RING_DMA, 0, true },
    };
    bool numbered = argc > 2 && !strcmp(argv[1], "--first");
    bool keep;

    /* --first N: number from N and print no plan line (tap_run). */
    if (numbered) {
        tap_n = (unsigned)strtoul(argv[2], NULL, 0) - 1;
        argv += 2;
        argc -= 2;
    }
    keep = argc > 3 && !strcmp(argv[1], "--keep-vram");
    const char *path = !keep && argc > 1 ? argv[1] : "/dev/dri/card0";
    drmVersionPtr ver;
    uint32_t dev_id = 0, va_start = 0;
    int ret;

    setvbuf(stdout, NULL, _IOLBF, 0);
    fd = open(path, O_RDWR | O_CLOEXEC);
    if (fd < 0) {
        printf("Bail out! cannot open %s: %s\n", path, strerror(errno));
        return 1;
    }
    ver = drmGetVersion(fd);
    ok(ver && !strcmp(ver->name, "radeon"), "%s is driven by radeon (%s %d.%d.%d)",
       path, ver ? ver->name : "?", ver ? ver->version_major : 0,
       ver ? ver->version_minor : 0, ver ? ver->version_patchlevel : 0);
    drmFreeVersion(ver);
    ret = info(RADEON_INFO_DEVICE_ID, &dev_id);
    ok(ret == 0 && dev_id == 0x67b0, "RADEON_INFO_DEVICE_ID is 0x67b0 (0x%x)",
       dev_id);
    ret = info(RADEON_INFO_VA_START, &va_start);
    ok(ret == 0 && va_start != 0, "RADEON_INFO_VA_START 0x%x", va_start);
    bom = radeon_bo_manager_gem_ctor(fd);
    if (!bom) {
        printf("Bail out! radeon_bo_manager_gem_ctor failed\n");
        return 1;
    }
    va_next = ((uint64_t)va_start + VA_STRIDE - 1) & ~(uint64_t)(VA_STRIDE - 1);
    if (keep) {
        ret = keep_vram((uint32_t)strtoul(argv[2], NULL, 0), &argv[3]);
        if (!numbered) {
            printf("1..%u\n", tap_n);
        }
        return ret;
    }

    if (argc > 2 && !strcmp(argv[2], "--reset-wait")) {
        stuck_job(&rings[0], STUCK_RESET_WAIT);
    } else if (argc > 3 && (!strcmp(argv[2], "--hang") ||
                            !strcmp(argv[2], "--bad-reg"))) {
        const Ring *r = ring_named(rings, sizeof(rings) / sizeof(rings[0]),
                                   argv[3]);

        if (!r || (r->sdma && !strcmp(argv[2], "--bad-reg"))) {
            printf("Bail out! no ring '%s' for %s\n", argv[3], argv[2]);
            return 1;
        }
        stuck_job(r, strcmp(argv[2], "--hang") ? STUCK_PRIV_REG : STUCK_HANG);
    } else {
        for (unsigned i = 0; i < sizeof(rings) / sizeof(rings[0]); i++) {
            test_ring(&rings[i], i + 1);
        }
    }
    printf("1..%u\n", tap_n);
    if (tap_failed) {
        diag("failed %u of %u", tap_failed, tap_n);
    }
    return tap_failed ? 1 : 0;
}
