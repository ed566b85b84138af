/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * bench-core: how fast the core model runs on the host, with no QEMU and no
 * guest, on both chips (Hawaii and Vega10) in the same run, their figures
 * side by side. Prints figures, never fails (timings on shared machines
 * are noisy: compare the ratios within one run).
 *
 *   - gfx ring: type-3 packets per second (SET_UCONFIG_REG, 3 dwords),
 *     and with --ir-per-packet CHIP=N (scripts/bench-core.sh measures it
 *     under callgrind) the host instructions each packet costs
 *   - SDMA COPY linear, VRAM -> VRAM and system (GART) -> VRAM, in GB/s,
 *     each next to host memcpy of the same size as a ratio
 *   - a shader copy of the same 64 MiB VRAM -> VRAM: the guest
 *     benchmark's copy-x4 kernel (one wave of 64 lanes copies 1 KiB with
 *     buffer_load/store_dwordx4, groups of 64 threads, 65536 groups) run
 *     by a DISPATCH_DIRECT on the gfx ring, as a driver's IB runs it, in
 *     waves/s and GB/s next to the SDMA copy as a ratio (issue 10: the
 *     per-wave and per-group costs of the dispatch front end)
 *   - the same copies as the timing model prices them (timing=on): the
 *     modelled GPU's throughput, from the engine's busy time, next to the
 *     chip's VRAM and PCIe bandwidth in its cost table
 *
 * What each chip programs (GART, rings, packets, how a ring is rung) is in
 * bench-hawaii.c and bench-vega10.c; the loops and timings here are the
 * same for both. The emulation-speed figures run with timing off (costs
 * zero), so they are the speed of the emulation itself, not of a modelled
 * GPU, in the process's CPU time. Each copy runs COPY_RUNS times and the
 * best run counts, as for memcpy: a shared machine only ever makes a run
 * slower.
 *
 * --shader-copy CHIP [RUNS [timing-on]] runs only that chip's shader copy,
 * RUNS times (SHADER_PROFILE_RUNS), timing off unless asked, for perf or
 * callgrind.
 * --chips lists the chips' names (one a line). --callgrind CHIP runs only
 * that chip's gfx packet rounds (fewer of them) and prints "packets N":
 * run it under valgrind --tool=callgrind --collect-atstart=no
 * --toggle-collect='gfx_packet_rounds*' and divide the collected Ir by N
 * (scripts/bench-core.sh does, per chip).
 *
 * AEMU_BENCH_TIMELINE=FILE opens an engine timeline (docs/timeline.md) on
 * every device the bench makes, each overwriting FILE (/dev/null measures
 * the formatting without the disk): the figures with it against those
 * without are the timeline's overhead.
 */
#include <stddef.h>
#include <stdio.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include "bench-chip.h"
#include "aemu-internal.h"
#include "pm4_cik.h"
#include "shader_regs.h"

/* Runs of each copy and of memcpy; the best one counts. */
#define COPY_RUNS 5
/* Runs of the shader copy alone (--shader-copy). */
#define SHADER_PROFILE_RUNS 20
/* Rounds of the gfx ring: timed, and under callgrind (~50x slower). */
#define GFX_ROUNDS 200
#define GFX_ROUNDS_CALLGRIND 20
/* Whole packets a round executes: the ring minus one packet's slot. */
#define GFX_PACKETS_PER_ROUND (RING_DW / GFX_PACKET_DW - 1)
/* Virtual time the scheduler advances per step while draining. */
#define DRAIN_STEP_NS 1000000u
/* The tail of a copy compared with its source afterwards. */
#define COPY_CHECK_BYTES 64
/* What VRAM and the system source hold (any bytes that differ). */
#define VRAM_FILL 3
#define SYS_FILL 4
/* The most dwords a chip's COPY packet takes. */
#define SDMA_PACKET_MAX_DW 16
#define GB 1e9
#define MEGA 1e6
#define NS_PER_S 1e9
/* The cost table's bandwidths are MB/s. */
#define MB_PER_GB 1000.0
#define PERCENT 100.0

/*
 * The shader copy: groups of one wave of 64 lanes, 16 bytes a lane (the
 * guest's SHADER_GROUP_BYTES); copy-x4's user SGPRs are the source's and
 * the destination's V#s.
 */
#define SHADER_GROUP_THREADS 64u
#define SHADER_LANE_BYTES 16u
#define SHADER_GROUP_BYTES (SHADER_GROUP_THREADS * SHADER_LANE_BYTES)
#define SHADER_GROUPS (COPY_SIZE / SHADER_GROUP_BYTES)
#define COPY_X4_USER_SGPRS 8u
/*
 * The shader copy's source: the system copy's destination, another 64 MiB
 * of VRAM (not COPY_SRC_VRAM: on Hawaii the gfx ring's read pointer is
 * written back to MC 0, VRAM offset 0, and would change the source under
 * the check).
 */
#define SHADER_SRC_VRAM COPY_DST_VRAM_FROM_SYS
/*
 * A raw buffer's V# word 3 (guest-tests/gpu-compute.h VSHARP_WORD3):
 * DST_SEL X/Y/Z/W, NUM_FORMAT float, DATA_FORMAT 32; word 1 holds base
 * address bits 47:32 (STRIDE 0), word 2 NUM_RECORDS in bytes.
 */
#define VSHARP_WORD3 0x00027facu
#define VSHARP_BASE_HI_MASK 0xffffu
#define VSHARP_DW 4u
/* What SCRATCH_REG0 holds once the packet after the dispatch has run. */
#define DISPATCH_DONE_MARK 0x600df00du
/* Room for the dispatch's packets at the start of the gfx ring. */
#define DISPATCH_PACKETS_MAX_DW 64u

static const BenchChip *const chips[] = { &bench_hawaii, &bench_vega10 };
#define NUM_CHIPS G_N_ELEMENTS(chips)

/* Output: a label column, then one column per chip. */
#define LABEL_W 46
#define COLUMN_W 12

/* A chip's host, and where its SDMA0 ring's write pointer has got to. */
typedef struct Bench {
    const BenchChip *chip;
    AemuTestHost *h;
    uint64_t sdma_wptr;     /* dwords; grows, the ring wraps it */
} Bench;

/* A copy's end: a VRAM offset or a bus address (reached by the GART). */
typedef struct Loc {
    bool vram;
    uint64_t off;
} Loc;

/* One chip's figures, printed side by side with the others'. */
typedef struct ChipResult {
    double packets_s;
    const char *ir_per_packet;      /* from the command line, or NULL */
    double vram_gbs, sys_gbs;       /* emulated copies */
    double model_vram_gbs, model_sys_gbs;
    double shader_waves_s, shader_gbs;      /* the copy-x4 dispatch */
    double shader_sdma_ratio;               /* SDMA's time over its */
    double model_shader_gbs, model_shader_ratio;
    /* Host speed with timing on (the guest's default), CPU time. */
    double timed_vram_gbs, timed_shader_gbs, timed_shader_ratio;
    AemuTiming timing;              /* the chip's cost table */
} ChipResult;

/*
 * The process's CPU time: on a shared machine the time the bench waits
 * for a CPU is not the emulation's (all figures are single-threaded).
 */
static double now_s(void)
{
    struct timespec ts;

    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
    return ts.tv_sec + ts.tv_nsec / NS_PER_S;
}

/* Run the scheduler until the engines are idle. */
static void drain(AemuTestHost *h)
{
    while (h->timer_deadline != UINT64_MAX) {
        aemu_test_host_advance(h, DRAIN_STEP_NS);
    }
}

/*
 * A host of the chip with its GART over all of host RAM. All of VRAM is
 * touched first, as memcpy's buffers are: VRAM comes zeroed from the
 * allocator, untouched pages fault on their first write, and a copy into
 * them measured the kernel's page faults (a 64 MiB copy into fresh pages
 * ran at 2% of memcpy).
 */
static Bench bench_new(const BenchChip *c, AemuTimingMode timing)
{
    AemuConfig cfg = { .asic = c->asic, .vram_size = BENCH_VRAM,
                       .timing = timing };
    Bench b = { .chip = c, .h = aemu_test_host_new_config(&cfg, BENCH_RAM) };

    memset(b.h->vram, VRAM_FILL, b.h->vram_size);
    memset(b.h->ram + COPY_SRC_RAM, SYS_FILL, COPY_SIZE);
    c->gart_setup(b.h);
    if (g_getenv("AEMU_BENCH_TIMELINE")) {
        char *err = NULL;

        if (!aemu_timeline_open(b.h->dev, g_getenv("AEMU_BENCH_TIMELINE"),
                                &err)) {
            g_error("AEMU_BENCH_TIMELINE: %s", err);
        }
    }
    return b;
}

/*
 * The model complained of nothing the bench programmed (a guest error or a
 * missing feature would make its figures those of another path).
 */
static void bench_free(Bench *b)
{
    GPtrArray *lists[] = { b->h->guest_errors, b->h->unimps };

    for (size_t i = 0; i < G_N_ELEMENTS(lists); i++) {
        if (lists[i]->len) {
            printf("(%s: %u %s, the first: %s)\n", b->chip->name,
                   lists[i]->len, i ? "unimplemented" : "guest errors",
                   (const char *)g_ptr_array_index(lists[i], 0));
        }
    }
    aemu_test_host_free(b->h);
}

/*
 * The ring loop alone (what callgrind's toggle measures): each round
 * commits a ring of packets, drains it and rewinds both pointers.
 * Returns the packets executed.
 */
G_GNUC_NO_INLINE static uint64_t gfx_packet_rounds(Bench *b, unsigned rounds)
{
    const BenchChip *c = b->chip;
    uint64_t packets = 0;

    for (unsigned r = 0; r < rounds; r++) {
        aemu_test_wreg(b->h, c->scratch_reg, 0);
        c->gfx_submit(b->h, GFX_PACKETS_PER_ROUND * GFX_PACKET_DW);
        drain(b->h);
        /* The last packet ran (a stalled ring would look fast). */
        if (aemu_test_rreg(b->h, c->scratch_reg) !=
            (GFX_PACKETS_PER_ROUND - 1) * GFX_PACKET_DW) {
            printf("(%s: gfx ring round %u did not complete)\n", c->name, r);
        }
        packets += GFX_PACKETS_PER_ROUND;
        /* Rewind so the next round starts on a packet boundary. */
        c->gfx_rewind(b->h);
    }
    return packets;
}

static double bench_gfx_packets(Bench *b)
{
    uint64_t packets;
    double t;

    b->chip->gfx_setup(b->h);
    t = now_s();
    packets = gfx_packet_rounds(b, GFX_ROUNDS);
    t = now_s() - t;
    return packets / t;
}

static uint8_t *loc_host(const Bench *b, Loc l)
{
    return (l.vram ? b->h->vram : b->h->ram) + l.off;
}

/* The GPU's address of a copy's end, in VMID 0. */
static uint64_t loc_mc(const Bench *b, Loc l)
{
    return (l.vram ? b->chip->vram_mc : b->chip->gart_mc) + l.off;
}

/* One copy of bytes on SDMA0, chunked as the driver chunks; GB/s. */
static double sdma_copy(Bench *b, Loc src, Loc dst, uint64_t bytes)
{
    const BenchChip *c = b->chip;
    uint32_t *ring = (uint32_t *)(b->h->ram + SDMA_RING_RAM);
    uint8_t *src_tail = loc_host(b, src) + bytes - COPY_CHECK_BYTES;
    uint8_t *dst_tail = loc_host(b, dst) + bytes - COPY_CHECK_BYTES;
    uint64_t left = bytes, off = 0;
    double t;

    while (left) {
        uint32_t n = left > c->sdma_copy_max ? c->sdma_copy_max
                                             : (uint32_t)left;
        uint32_t pkt[SDMA_PACKET_MAX_DW];
        unsigned ndw = c->sdma_copy_packet(pkt, loc_mc(b, src) + off,
                                           loc_mc(b, dst) + off, n);

        for (unsigned i = 0; i < ndw; i++) {
            ring[b->sdma_wptr++ % RING_DW] = pkt[i];
        }
        off += n;
        left -= n;
    }
    /* Unlike its source until the copy lands (a stalled engine looks fast). */
    for (unsigned i = 0; i < COPY_CHECK_BYTES; i++) {
        dst_tail[i] = (uint8_t)~src_tail[i];
    }
    t = now_s();
    c->sdma_submit(b->h, b->sdma_wptr);
    drain(b->h);
    t = now_s() - t;
    if (memcmp(dst_tail, src_tail, COPY_CHECK_BYTES)) {
        printf("(%s: copy %#" G_GINT64_MODIFIER "x -> %#" G_GINT64_MODIFIER
               "x did not complete)\n", c->name, loc_mc(b, src),
               loc_mc(b, dst));
    }
    return bytes / t / GB;
}

static const Loc vram_src = { .vram = true, .off = COPY_SRC_VRAM };
static const Loc vram_dst = { .vram = true, .off = COPY_DST_VRAM };
static const Loc sys_src = { .vram = false, .off = COPY_SRC_RAM };
static const Loc vram_dst_from_sys = { .vram = true,
                                       .off = COPY_DST_VRAM_FROM_SYS };

/* Best of COPY_RUNS SDMA copies of COPY_SIZE, in GB/s. */
static double bench_copy(Bench *b, Loc src, Loc dst)
{
    double best = 0;

    /* Not in MAX(): the macro would run the copy twice. */
    for (int i = 0; i < COPY_RUNS; i++) {
        double gbs = sdma_copy(b, src, dst, COPY_SIZE);

        best = MAX(best, gbs);
    }
    return best;
}

/* The busy time the timing model charged the engine named so far. */
static uint64_t busy_ns(AemuTestHost *h, const char *engine)
{
    AemuEngine *e = aemu_engine_find(h->dev, engine);

    return e ? e->busy_ns : 0;
}

/*
 * A copy of COPY_SIZE with timing on: the modelled GB/s; the host's, in
 * CPU time, in *host_gbs if given.
 */
static double modelled_copy(Bench *b, Loc src, Loc dst, double *host_gbs)
{
    uint64_t t0 = busy_ns(b->h, "sdma0");
    double gbs = sdma_copy(b, src, dst, COPY_SIZE);

    if (host_gbs) {
        *host_gbs = gbs;
    }
    return COPY_SIZE / ((busy_ns(b->h, "sdma0") - t0) / NS_PER_S) / GB;
}

/* Host memcpy of COPY_SIZE, best of COPY_RUNS, in GB/s. */
static double bench_memcpy(void)
{
    uint8_t *a = g_malloc(COPY_SIZE), *b = g_malloc(COPY_SIZE);
    double best = 0;

    /* Both buffers touched first: no page faults inside the timing. */
    memset(a, 1, COPY_SIZE);
    memset(b, 2, COPY_SIZE);
    for (int i = 0; i < COPY_RUNS; i++) {
        double t = now_s();

        memcpy(b, a, COPY_SIZE);
        t = now_s() - t;
        a[i] ^= b[COPY_SIZE - 1 - i];
        best = MAX(best, COPY_SIZE / t / GB);
    }
    g_free(a);
    g_free(b);
    return best;
}

/* A V# over bytes of VRAM from offset off (gpu_vsharp's layout). */
static void vsharp(const Bench *b, uint64_t off, uint64_t bytes,
                   uint32_t v[VSHARP_DW])
{
    uint64_t va = b->chip->vram_mc + off;

    v[0] = (uint32_t)va;
    v[1] = (uint32_t)(va >> 32) & VSHARP_BASE_HI_MASK;
    v[2] = (uint32_t)bytes;
    v[3] = VSHARP_WORD3;
}

/* SET_SH_REG of n registers from SH window offset reg; returns dwords. */
static unsigned emit_sh(uint32_t *p, uint32_t reg, const uint32_t *v,
                        unsigned n)
{
    p[0] = PACKET3(PACKET3_SET_SH_REG, n);
    p[1] = reg;
    memcpy(p + 2, v, 4ull * n);
    return 2 + n;
}

/* The copy-x4 kernel at KERNEL_VRAM and a source unlike its destination. */
static void shader_copy_setup(Bench *b)
{
    const BenchChip *c = b->chip;
    uint32_t *src = (uint32_t *)(b->h->vram + SHADER_SRC_VRAM);

    b->chip->gfx_setup(b->h);
    memcpy(b->h->vram + KERNEL_VRAM, c->copy_x4, 4ull * c->copy_x4_dw);
    /* Every dword its own value: a group copied to the wrong place shows. */
    for (uint64_t i = 0; i < COPY_SIZE / 4; i++) {
        src[i] = (uint32_t)i;
    }
}

/*
 * One copy of COPY_SIZE VRAM -> VRAM by the copy-x4 kernel, dispatched on
 * the gfx ring: the kernel's state by SET_SH_REG, DISPATCH_DIRECT of
 * SHADER_GROUPS groups, then a SET_UCONFIG_REG of SCRATCH_REG0, which the
 * queue reaches only once the dispatch is done. Returns the CPU seconds.
 */
static double shader_copy(Bench *b)
{
    const BenchChip *c = b->chip;
    uint32_t *ring = (uint32_t *)(b->h->ram + GFX_RING_RAM);
    uint64_t pgm = c->vram_mc + KERNEL_VRAM;
    uint32_t pkt[DISPATCH_PACKETS_MAX_DW], user[COPY_X4_USER_SGPRS];
    const uint32_t pgm_regs[] = {
        (uint32_t)(pgm >> AEMU_SH_PGM_LO_SHIFT),
        (uint32_t)(pgm >> AEMU_SH_PGM_HI_SHIFT),
    };
    const uint32_t rsrc[] = {
        c->copy_x4_rsrc1,
        aemu_field_set(0, AEMU_SH_RSRC2_USER_SGPR, COPY_X4_USER_SGPRS) |
            AEMU_SH_RSRC2_TGID_X_EN.mask,
    };
    const uint32_t threads[AEMU_SH_DIMS] = { SHADER_GROUP_THREADS, 1, 1 };
    unsigned n = 0;
    double t;

    vsharp(b, SHADER_SRC_VRAM, COPY_SIZE, user);
    vsharp(b, COPY_DST_VRAM, COPY_SIZE, user + VSHARP_DW);
    n += emit_sh(pkt + n, AEMU_SH_COMPUTE_PGM_LO, pgm_regs, 2);
    n += emit_sh(pkt + n, AEMU_SH_COMPUTE_PGM_RSRC1, rsrc, 2);
    n += emit_sh(pkt + n, AEMU_SH_COMPUTE_NUM_THREAD_X, threads,
                 AEMU_SH_DIMS);
    n += emit_sh(pkt + n, AEMU_SH_COMPUTE_USER_DATA_0, user,
                 COPY_X4_USER_SGPRS);
    pkt[n++] = PACKET3(PACKET3_DISPATCH_DIRECT, 3);
    pkt[n++] = (uint32_t)SHADER_GROUPS;
    pkt[n++] = 1;
    pkt[n++] = 1;
    pkt[n++] = AEMU_SH_INIT_COMPUTE_SHADER_EN.mask |
               AEMU_SH_INIT_FORCE_START_AT_000.mask;
    pkt[n++] = PACKET3(PACKET3_SET_UCONFIG_REG, 1);
    pkt[n++] = c->scratch_reg - PACKET3_SET_UCONFIG_REG_START;
    pkt[n++] = DISPATCH_DONE_MARK;
    g_assert(n <= DISPATCH_PACKETS_MAX_DW);

    /* The ring's pointers back to 0, the destination unlike the source. */
    c->gfx_rewind(b->h);
    memcpy(ring, pkt, 4ull * n);
    memset(b->h->vram + COPY_DST_VRAM, 0, COPY_SIZE);
    aemu_test_wreg(b->h, c->scratch_reg, 0);
    t = now_s();
    c->gfx_submit(b->h, n);
    drain(b->h);
    t = now_s() - t;
    if (aemu_test_rreg(b->h, c->scratch_reg) != DISPATCH_DONE_MARK ||
        memcmp(b->h->vram + COPY_DST_VRAM, b->h->vram + SHADER_SRC_VRAM,
               COPY_SIZE)) {
        printf("(%s: the shader copy did not complete)\n", c->name);
    }
    return t;
}

/* Best of COPY_RUNS shader copies: waves/s and GB/s. */
static void bench_shader_copy(Bench *b, ChipResult *r)
{
    double best = INFINITY;

    shader_copy_setup(b);
    for (int i = 0; i < COPY_RUNS; i++) {
        double t = shader_copy(b);

        best = MIN(best, t);
    }
    r->shader_waves_s = SHADER_GROUPS / best;
    r->shader_gbs = COPY_SIZE / best / GB;
    r->shader_sdma_ratio = r->vram_gbs / r->shader_gbs;
}

/* The shader copy with timing on: the modelled GB/s, and the host's. */
static void modelled_shader_copy(Bench *b, ChipResult *r)
{
    uint64_t t0;
    double t;

    shader_copy_setup(b);
    t0 = busy_ns(b->h, "spi");
    t = shader_copy(b);
    r->timed_shader_gbs = COPY_SIZE / t / GB;
    r->timed_shader_ratio = r->timed_vram_gbs / r->timed_shader_gbs;
    r->model_shader_gbs = COPY_SIZE /
        ((busy_ns(b->h, "spi") - t0) / NS_PER_S) / GB;
    r->model_shader_ratio = r->model_vram_gbs / r->model_shader_gbs;
}

/* Everything measured on one chip: emulation speed, then the model's. */
static void bench_chip(const BenchChip *c, ChipResult *r)
{
    Bench b = bench_new(c, AEMU_TIMING_OFF);

    c->sdma_setup(b.h);
    r->packets_s = bench_gfx_packets(&b);
    r->vram_gbs = bench_copy(&b, vram_src, vram_dst);
    r->sys_gbs = bench_copy(&b, sys_src, vram_dst_from_sys);
    bench_shader_copy(&b, r);
    r->timing = *b.h->dev->asic->timing;
    bench_free(&b);

    b = bench_new(c, AEMU_TIMING_ON);
    c->sdma_setup(b.h);
    r->model_vram_gbs = modelled_copy(&b, vram_src, vram_dst,
                                      &r->timed_vram_gbs);
    r->model_sys_gbs = modelled_copy(&b, sys_src, vram_dst_from_sys, NULL);
    modelled_shader_copy(&b, r);
    bench_free(&b);
}

static void print_chip_names(void)
{
    printf("%-*s", LABEL_W, "");
    for (size_t i = 0; i < NUM_CHIPS; i++) {
        printf("%*s", COLUMN_W, chips[i]->name);
    }
    printf("\n");
}

/* A row of one figure per chip, from the results at byte offset field. */
static void print_row(const char *label, const ChipResult *res,
                      size_t field, double scale)
{
    printf("%-*s", LABEL_W, label);
    for (size_t i = 0; i < NUM_CHIPS; i++) {
        printf("%*.2f", COLUMN_W,
               *(const double *)((const char *)&res[i] + field) * scale);
    }
    printf("\n");
}

#define ROW(label, res, member, scale) \
    print_row(label, res, offsetof(ChipResult, member), scale)

static void print_results(const ChipResult *res, double memcpy_gbs)
{
    bool any_ir = false;

    printf("amdgpu-emu core benchmark (standalone host; timing off: the "
           "emulation's own speed)\n");
    printf("%-*s%*.2f GB/s\n\n", LABEL_W, "host memcpy, 64 MiB", COLUMN_W,
           memcpy_gbs);
    print_chip_names();
    ROW("gfx ring SET_UCONFIG_REG, M packets/s", res, packets_s, 1 / MEGA);
    for (size_t i = 0; i < NUM_CHIPS; i++) {
        any_ir |= res[i].ir_per_packet != NULL;
    }
    if (any_ir) {
        printf("%-*s", LABEL_W, "  host instructions (Ir) per packet");
        for (size_t i = 0; i < NUM_CHIPS; i++) {
            printf("%*s", COLUMN_W,
                   res[i].ir_per_packet ? res[i].ir_per_packet : "-");
        }
        printf("\n");
    }
    ROW("SDMA COPY VRAM -> VRAM, 64 MiB, GB/s", res, vram_gbs, 1);
    ROW("  % of host memcpy", res, vram_gbs, PERCENT / memcpy_gbs);
    ROW("SDMA COPY system (GART) -> VRAM, 64 MiB, GB/s", res, sys_gbs, 1);
    ROW("  % of host memcpy", res, sys_gbs, PERCENT / memcpy_gbs);
    ROW("shader copy-x4 VRAM -> VRAM, 64 MiB, M waves/s", res,
        shader_waves_s, 1 / MEGA);
    ROW("  GB/s", res, shader_gbs, 1);
    ROW("  SDMA VRAM -> VRAM over shader (x slower)", res,
        shader_sdma_ratio, 1);

    printf("\nthe same copies as the timing model prices them (timing on), "
           "modelled:\n");
    print_chip_names();
    printf("%-*s", LABEL_W, "cost table: VRAM / PCIe read, GB/s");
    for (size_t i = 0; i < NUM_CHIPS; i++) {
        char bw[COLUMN_W * 2];

        g_snprintf(bw, sizeof(bw), "%.0f / %.0f",
                   res[i].timing.vram_mb_s / MB_PER_GB,
                   res[i].timing.sys_read_mb_s / MB_PER_GB);
        printf("%*s", COLUMN_W, bw);
    }
    printf("\n");
    ROW("SDMA COPY VRAM -> VRAM, 64 MiB, GB/s", res, model_vram_gbs, 1);
    ROW("SDMA COPY system (GART) -> VRAM, 64 MiB, GB/s", res, model_sys_gbs,
        1);
    ROW("shader copy-x4 VRAM -> VRAM, 64 MiB, GB/s", res, model_shader_gbs,
        1);
    ROW("  SDMA VRAM -> VRAM over shader (x slower)", res,
        model_shader_ratio, 1);
    printf("\nhost speed with timing on (one run each, CPU time):\n");
    print_chip_names();
    ROW("SDMA COPY VRAM -> VRAM, 64 MiB, GB/s", res, timed_vram_gbs, 1);
    ROW("shader copy-x4 VRAM -> VRAM, 64 MiB, GB/s", res, timed_shader_gbs,
        1);
    ROW("  SDMA VRAM -> VRAM over shader (x slower)", res,
        timed_shader_ratio, 1);
}

/* The index in chips[] of the chip of that name, or -1. */
static int chip_index(const char *name)
{
    for (size_t i = 0; i < NUM_CHIPS; i++) {
        if (g_str_equal(chips[i]->asic, name)) {
            return (int)i;
        }
    }
    return -1;
}

/*
 * The shader copy alone, SHADER_PROFILE_RUNS times with timing off, for a
 * profiler (perf record -g bench-core --shader-copy CHIP): enough runs that
 * the setup (VRAM touched, the source written) is a small part.
 */
static int shader_copy_main(const BenchChip *c, int runs,
                            AemuTimingMode timing)
{
    Bench b = bench_new(c, timing);
    double best = INFINITY;

    shader_copy_setup(&b);
    for (int i = 0; i < runs; i++) {
        double t = shader_copy(&b);

        best = MIN(best, t);
    }
    printf("%s shader copy-x4 VRAM -> VRAM, 64 MiB: %.2f M waves/s, "
           "%.2f GB/s\n", c->name, SHADER_GROUPS / best / MEGA,
           COPY_SIZE / best / GB);
    bench_free(&b);
    return 0;
}

/* The packet rounds alone, for callgrind (see the header comment). */
static int callgrind_main(const BenchChip *c)
{
    Bench b = bench_new(c, AEMU_TIMING_OFF);

    c->gfx_setup(b.h);
    printf("packets %" G_GUINT64_FORMAT "\n",
           gfx_packet_rounds(&b, GFX_ROUNDS_CALLGRIND));
    bench_free(&b);
    return 0;
}

static int usage(const char *argv0)
{
    fprintf(stderr, "usage: %s [--chips | --callgrind CHIP | "
            "--shader-copy CHIP [RUNS [timing-on]] | "
            "[--ir-per-packet CHIP=N]...]\n"
            "chips:",
            argv0);
    for (size_t i = 0; i < NUM_CHIPS; i++) {
        fprintf(stderr, " %s", chips[i]->asic);
    }
    fprintf(stderr, "\n");
    return 2;
}

int main(int argc, char **argv)
{
    ChipResult res[NUM_CHIPS] = { 0 };
    double mc;

    for (int i = 1; i < argc; i++) {
        if (g_str_equal(argv[i], "--chips")) {
            for (size_t j = 0; j < NUM_CHIPS; j++) {
                printf("%s\n", chips[j]->asic);
            }
            return 0;
        } else if (g_str_equal(argv[i], "--callgrind") && i + 1 < argc) {
            int c = chip_index(argv[++i]);

            return c >= 0 ? callgrind_main(chips[c]) : usage(argv[0]);
        } else if (g_str_equal(argv[i], "--shader-copy") && i + 1 < argc) {
            int c = chip_index(argv[++i]);
            int runs = i + 1 < argc ? atoi(argv[i + 1]) : SHADER_PROFILE_RUNS;
            bool on = i + 2 < argc && g_str_equal(argv[i + 2], "timing-on");

            return c >= 0 && runs > 0
                ? shader_copy_main(chips[c], runs,
                                   on ? AEMU_TIMING_ON : AEMU_TIMING_OFF)
                : usage(argv[0]);
        } else if (g_str_equal(argv[i], "--ir-per-packet") && i + 1 < argc) {
            /* CHIP=N */
            char *eq = strchr(argv[++i], '=');
            int c;

            if (!eq) {
                return usage(argv[0]);
            }
            *eq = '\0';
            c = chip_index(argv[i]);
            if (c < 0) {
                return usage(argv[0]);
            }
            res[c].ir_per_packet = eq + 1;
        } else {
            return usage(argv[0]);
        }
    }
    mc = bench_memcpy();
    for (size_t i = 0; i < NUM_CHIPS; i++) {
        bench_chip(chips[i], &res[i]);
    }
    print_results(res, mc);
    return 0;
}
