/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * bench-core: how fast the core model runs on the host, with no QEMU and no
 * guest. Prints figures, never fails (timings on shared machines are noisy:
 * compare the ratios within one run).
 *
 *   - gfx ring: type-3 packets per second (SET_UCONFIG_REG, 3 dwords),
 *     and with --ir-per-packet N (scripts/bench-core.sh measures it under
 *     callgrind) the host instructions each packet costs
 *   - SDMA COPY linear, VRAM -> VRAM and system (GART) -> VRAM, in GB/s,
 *     each next to host memcpy of the same size as a ratio
 *   - the same copies as the timing model prices them (timing=on): the
 *     modelled GPU's throughput, from the engine's busy time
 *
 * The emulation-speed figures run with timing off (costs zero), so they are
 * the speed of the emulation itself, not of a modelled GPU, in the
 * process's CPU time. Each copy runs COPY_RUNS times and the best run
 * counts, as for memcpy: a shared machine only ever makes a run slower.
 *
 * --callgrind runs only the gfx packet rounds (fewer of them) and prints
 * "packets N": run it under valgrind --tool=callgrind
 * --collect-atstart=no --toggle-collect='gfx_packet_rounds*' and divide
 * the collected Ir by N (scripts/bench-core.sh does).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include "aemu-host.h"
#include "aemu-internal.h"
#include "amdgpu-emu/regs/cik_regs.h"
#include "amdgpu-emu/regs/cik_fields.h"
#include "pm4_cik.h"
#include "sdma_cik_pkt.h"

#define MiB (1024ull * 1024ull)
#define GART_START 0xff00000000ull
#define GART_TABLE (200 * MiB)
#define PTE_SYS_RW ((1ull << 0) | (1ull << 1) | (1ull << 2) | (1ull << 5) | \
                    (1ull << 6))
#define RAM (80 * MiB)
#define RING_RAM 0
#define RING_BYTES (64 * 1024)
#define COPY_SRC_RAM (8 * MiB)
#define COPY_SIZE (64 * MiB)
/* Runs of each copy and of memcpy; the best one counts. */
#define COPY_RUNS 5
/* Rounds of the gfx ring: timed, and under callgrind (~50x slower). */
#define GFX_ROUNDS 200
#define GFX_ROUNDS_CALLGRIND 20

/*
 * The process's CPU time: on a shared machine the time the bench waits
 * for a CPU is not the emulation's (all figures are single-threaded).
 */
static double now_s(void)
{
    struct timespec ts;

    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
    return ts.tv_sec + ts.tv_nsec / 1e9;
}

static void gart_setup(AemuTestHost *h)
{
    for (uint64_t i = 0; i < RAM / 4096; i++) {
        uint64_t pte = GUINT64_TO_LE(i * 4096 | PTE_SYS_RW);

        memcpy(h->vram + GART_TABLE + i * 8, &pte, 8);
    }
    aemu_test_wreg(h, mmMC_VM_AGP_BOT, 0x3ffffff);
    aemu_test_gart_enable(h, GART_START, RAM / 4096, GART_TABLE, 0);
}

/* Run the scheduler until the engines are idle. */
static void drain(AemuTestHost *h)
{
    while (h->timer_deadline != UINT64_MAX) {
        aemu_test_host_advance(h, 1000000);
    }
}

#define GFX_RING_DW (RING_BYTES / 4)
/* Whole packets a round executes: the ring minus one packet's slot. */
#define GFX_PACKETS_PER_ROUND (GFX_RING_DW / 3 - 1)

/* Point the gfx ring at RING_RAM and fill it with 3-dword register writes. */
static void gfx_setup(AemuTestHost *h)
{
    uint32_t *ring = (uint32_t *)(h->ram + RING_RAM);

    aemu_test_wreg(h, mmCP_ME_CNTL, 0);
    aemu_test_wreg(h, mmCP_RB0_CNTL, 13u << CP_RB0_CNTL__RB_BUFSZ__SHIFT);
    aemu_test_wreg(h, mmCP_RB0_BASE, (uint32_t)(GART_START >> 8));
    aemu_test_wreg(h, mmCP_RB0_BASE_HI, (uint32_t)(GART_START >> 40));
    for (unsigned i = 0; i + 3 <= GFX_RING_DW; i += 3) {
        ring[i] = PACKET3(PACKET3_SET_UCONFIG_REG, 1);
        ring[i + 1] = mmSCRATCH_REG0 - PACKET3_SET_UCONFIG_REG_START;
        ring[i + 2] = i;
    }
}

/*
 * The ring loop alone (what callgrind's toggle measures): each round
 * commits a ring of packets, drains it and rewinds both pointers.
 * Returns the packets executed.
 */
G_GNUC_NO_INLINE static uint64_t gfx_packet_rounds(AemuTestHost *h,
                                                   unsigned rounds)
{
    uint64_t packets = 0;

    for (unsigned r = 0; r < rounds; r++) {
        aemu_test_wreg(h, mmSCRATCH_REG0, 0);
        aemu_test_wreg(h, mmCP_RB0_WPTR, GFX_PACKETS_PER_ROUND * 3);
        drain(h);
        /* The last packet ran (a stalled ring would look fast). */
        if (aemu_test_rreg(h, mmSCRATCH_REG0) !=
            (GFX_PACKETS_PER_ROUND - 1) * 3) {
            printf("(gfx ring round %u did not complete)\n", r);
        }
        packets += GFX_PACKETS_PER_ROUND;
        /* Rewind so the next round starts on a packet boundary. */
        aemu_test_wreg(h, mmCP_RB0_CNTL, (13u << CP_RB0_CNTL__RB_BUFSZ__SHIFT) |
                       CP_RB0_CNTL__RB_RPTR_WR_ENA_MASK);
        aemu_test_wreg(h, mmCP_RB0_WPTR, 0);
        aemu_test_wreg(h, mmCP_RB0_CNTL, 13u << CP_RB0_CNTL__RB_BUFSZ__SHIFT);
    }
    return packets;
}

static void bench_gfx_packets(AemuTestHost *h, const char *ir_per_packet)
{
    uint64_t packets;
    double t;

    gfx_setup(h);
    t = now_s();
    packets = gfx_packet_rounds(h, GFX_ROUNDS);
    t = now_s() - t;
    printf("%-40s %10.2f M packets/s", "gfx ring SET_UCONFIG_REG",
           packets / t / 1e6);
    if (ir_per_packet) {
        printf("   %s Ir per packet", ir_per_packet);
    }
    printf("\n");
}

/* The SDMA ring sits right after the gfx ring; w carries on per copy. */
#define SDMA_RING_RAM (RING_RAM + RING_BYTES)
static unsigned sdma_w;

static void sdma_setup(AemuTestHost *h)
{
    uint64_t base = GART_START + SDMA_RING_RAM;

    aemu_test_wreg(h, mmSDMA0_GFX_RB_BASE, (uint32_t)(base >> 8));
    aemu_test_wreg(h, mmSDMA0_GFX_RB_BASE_HI, (uint32_t)(base >> 40));
    aemu_test_wreg(h, mmSDMA0_GFX_RB_CNTL,
                   (14u << SDMA0_GFX_RB_CNTL__RB_SIZE__SHIFT) |
                   SDMA0_GFX_RB_CNTL__RB_ENABLE_MASK);
    aemu_test_wreg(h, mmSDMA0_F32_CNTL, 0);
}

static double sdma_copy(AemuTestHost *h, uint64_t src, uint64_t dst,
                        uint64_t bytes)
{
    uint32_t *ring = (uint32_t *)(h->ram + SDMA_RING_RAM);
    unsigned w = sdma_w;
    uint64_t left = bytes, off = 0;
    double t;

    while (left) {
        /* The driver's chunking: at most 0x1fffff bytes per packet. */
        uint32_t n = left > 0x1fffff ? 0x1fffff : (uint32_t)left;

        ring[w++] = SDMA_PACKET(SDMA_OPCODE_COPY, SDMA_COPY_SUB_OPCODE_LINEAR, 0);
        ring[w++] = n;
        ring[w++] = 0;
        ring[w++] = (uint32_t)(src + off);
        ring[w++] = (uint32_t)((src + off) >> 32);
        ring[w++] = (uint32_t)(dst + off);
        ring[w++] = (uint32_t)((dst + off) >> 32);
        off += n;
        left -= n;
    }
    t = now_s();
    aemu_test_wreg(h, mmSDMA0_GFX_RB_WPTR, w * 4);
    drain(h);
    t = now_s() - t;
    sdma_w = w;
    /* The copy really happened (a stalled engine would look fast). */
    if (memcmp(h->vram + (dst & (256 * MiB - 1)) + bytes - 64,
               dst == 128 * MiB && src >= GART_START ?
               h->ram + (src - GART_START) + bytes - 64 :
               h->vram + src + bytes - 64, 64)) {
        printf("(copy %#" G_GINT64_MODIFIER "x -> %#" G_GINT64_MODIFIER
               "x did not complete)\n", src, dst);
    }
    return bytes / t / 1e9;
}

/* The busy time the timing model charged the SDMA0 engine so far. */
static uint64_t sdma0_busy_ns(AemuTestHost *h)
{
    AemuEngine *e = aemu_engine_find(h->dev, "sdma0");

    return e ? e->busy_ns : 0;
}

/* Modelled throughput of the two copies, timing on. */
static void bench_modelled(void)
{
    AemuConfig cfg = { .vram_size = 256 * MiB, .timing = AEMU_TIMING_ON };
    AemuTestHost *h = aemu_test_host_new_config(&cfg, RAM);
    uint64_t t0;

    sdma_w = 0;
    memset(h->ram + COPY_SRC_RAM, 4, 64 * MiB);
    gart_setup(h);
    sdma_setup(h);
    t0 = sdma0_busy_ns(h);
    sdma_copy(h, 0, 64 * MiB, COPY_SIZE);
    printf("%-40s %10.2f GB/s (modelled)\n", "SDMA COPY VRAM -> VRAM, 64 MiB",
           COPY_SIZE / ((sdma0_busy_ns(h) - t0) / 1e9) / 1e9);
    t0 = sdma0_busy_ns(h);
    sdma_copy(h, GART_START + COPY_SRC_RAM, 128 * MiB, 64 * MiB);
    printf("%-40s %10.2f GB/s (modelled)\n",
           "SDMA COPY system (GART) -> VRAM, 64 MiB",
           64 * MiB / ((sdma0_busy_ns(h) - t0) / 1e9) / 1e9);
    aemu_test_host_free(h);
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
        best = MAX(best, COPY_SIZE / t / 1e9);
    }
    g_free(a);
    g_free(b);
    return best;
}

/* Best of COPY_RUNS SDMA copies of COPY_SIZE, printed next to memcpy. */
static void bench_copy(AemuTestHost *h, const char *what, uint64_t src,
                       uint64_t dst, double memcpy_gbs)
{
    double best = 0;

    for (int i = 0; i < COPY_RUNS; i++) {
        best = MAX(best, sdma_copy(h, src, dst, COPY_SIZE));
    }
    printf("%-40s %10.2f GB/s   %5.1f%% of host memcpy\n", what, best,
           100 * best / memcpy_gbs);
}

/* The packet rounds alone, for callgrind (see the header comment). */
static int callgrind_main(void)
{
    AemuConfig cfg = { .vram_size = 256 * MiB, .timing = AEMU_TIMING_OFF };
    AemuTestHost *h = aemu_test_host_new_config(&cfg, RAM);

    gart_setup(h);
    gfx_setup(h);
    printf("packets %" G_GUINT64_FORMAT "\n",
           gfx_packet_rounds(h, GFX_ROUNDS_CALLGRIND));
    aemu_test_host_free(h);
    return 0;
}

int main(int argc, char **argv)
{
    AemuConfig cfg = { .vram_size = 256 * MiB, .timing = AEMU_TIMING_OFF };
    AemuTestHost *h;
    const char *ir_per_packet = NULL;
    double mc;

    for (int i = 1; i < argc; i++) {
        if (g_str_equal(argv[i], "--callgrind")) {
            return callgrind_main();
        } else if (g_str_equal(argv[i], "--ir-per-packet") && i + 1 < argc) {
            ir_per_packet = argv[++i];
        } else {
            fprintf(stderr, "usage: %s [--callgrind | --ir-per-packet N]\n",
                    argv[0]);
            return 2;
        }
    }
    h = aemu_test_host_new_config(&cfg, RAM);
    /*
     * Touch all of VRAM first, as memcpy's buffers are: VRAM comes zeroed
     * from the allocator, untouched pages fault on their first write, and
     * a copy into them measured the kernel's page faults (a 64 MiB copy
     * into fresh pages ran at 2% of memcpy).
     */
    memset(h->vram, 3, h->vram_size);
    memset(h->ram + COPY_SRC_RAM, 4, 64 * MiB);
    gart_setup(h);
    sdma_setup(h);
    printf("amdgpu-emu core benchmark (standalone host; timing off: the "
           "emulation's own speed)\n");
    bench_gfx_packets(h, ir_per_packet);
    mc = bench_memcpy();
    printf("%-40s %10.2f GB/s\n", "host memcpy, 64 MiB", mc);
    bench_copy(h, "SDMA COPY VRAM -> VRAM, 64 MiB", 0, 64 * MiB, mc);
    bench_copy(h, "SDMA COPY system (GART) -> VRAM, 64 MiB",
               GART_START + COPY_SRC_RAM, 128 * MiB, mc);
    aemu_test_host_free(h);
    printf("\nthe same copies as the timing model prices them (Hawaii: "
           "320 GB/s VRAM, 12 GB/s PCIe):\n");
    bench_modelled();
    return 0;
}
