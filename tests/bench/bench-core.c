/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * bench-core: how fast the core model runs on the host, with no QEMU and no
 * guest. Prints figures, never fails (timings on shared machines are noisy:
 * compare the ratios within one run).
 *
 *   - gfx ring: type-3 packets per second (SET_UCONFIG_REG + NOPs)
 *   - SDMA COPY linear, VRAM -> VRAM and system (GART) -> VRAM, in GB/s
 *   - host memcpy of the same size, for scale
 *   - the same copies as the timing model prices them (timing=on): the
 *     modelled GPU's throughput, from the engine's busy time
 *
 * The emulation-speed figures run with timing off (costs zero), so they are
 * the speed of the emulation itself, not of a modelled GPU.
 */
#include <stdio.h>
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

static double now_s(void)
{
    struct timespec ts;

    clock_gettime(CLOCK_MONOTONIC, &ts);
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

static void bench_gfx_packets(AemuTestHost *h)
{
    uint32_t *ring = (uint32_t *)(h->ram + RING_RAM);
    unsigned dw = RING_BYTES / 4, rounds = 200, wptr = 0;
    uint64_t packets = 0;
    double t;

    aemu_test_wreg(h, mmCP_ME_CNTL, 0);
    aemu_test_wreg(h, mmCP_RB0_CNTL, 13u << CP_RB0_CNTL__RB_BUFSZ__SHIFT);
    aemu_test_wreg(h, mmCP_RB0_BASE, (uint32_t)(GART_START >> 8));
    aemu_test_wreg(h, mmCP_RB0_BASE_HI, (uint32_t)(GART_START >> 40));
    /* Fill the ring with 3-dword register writes. */
    for (unsigned i = 0; i + 3 <= dw; i += 3) {
        ring[i] = PACKET3(PACKET3_SET_UCONFIG_REG, 1);
        ring[i + 1] = mmSCRATCH_REG0 - PACKET3_SET_UCONFIG_REG_START;
        ring[i + 2] = i;
    }
    t = now_s();
    for (unsigned r = 0; r < rounds; r++) {
        wptr += (dw / 3) * 3 - 3;
        aemu_test_wreg(h, mmCP_RB0_WPTR, wptr % dw);
        drain(h);
        packets += dw / 3 - 1;
        /* Realign so the next round starts on a packet boundary. */
        aemu_test_wreg(h, mmCP_RB0_CNTL, (13u << CP_RB0_CNTL__RB_BUFSZ__SHIFT) |
                       CP_RB0_CNTL__RB_RPTR_WR_ENA_MASK);
        aemu_test_wreg(h, mmCP_RB0_WPTR, 0);
        aemu_test_wreg(h, mmCP_RB0_CNTL, 13u << CP_RB0_CNTL__RB_BUFSZ__SHIFT);
        wptr = 0;
    }
    t = now_s() - t;
    printf("%-40s %10.2f M packets/s\n", "gfx ring SET_UCONFIG_REG", packets / t / 1e6);
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

int main(void)
{
    AemuConfig cfg = { .vram_size = 256 * MiB, .timing = AEMU_TIMING_OFF };
    AemuTestHost *h = aemu_test_host_new_config(&cfg, RAM);
    uint8_t *a = g_malloc(COPY_SIZE), *b = g_malloc(COPY_SIZE);
    double t, vv, sv;

    memset(a, 1, COPY_SIZE);
    memset(b, 2, COPY_SIZE);
    memset(h->vram, 3, 128 * MiB);
    memset(h->ram + COPY_SRC_RAM, 4, 64 * MiB);
    gart_setup(h);
    sdma_setup(h);
    printf("amdgpu-emu core benchmark (standalone host; timing off: the "
           "emulation's own speed)\n");
    bench_gfx_packets(h);
    vv = sdma_copy(h, 0, 64 * MiB, COPY_SIZE);
    printf("%-40s %10.2f GB/s\n", "SDMA COPY VRAM -> VRAM, 64 MiB", vv);
    sv = sdma_copy(h, GART_START + COPY_SRC_RAM, 128 * MiB, 64 * MiB);
    printf("%-40s %10.2f GB/s\n", "SDMA COPY system (GART) -> VRAM, 64 MiB", sv);
    t = now_s();
    for (int i = 0; i < 4; i++) {
        memcpy(b, a, COPY_SIZE);
        a[i] ^= b[COPY_SIZE - 1 - i];
    }
    t = (now_s() - t) / 4;
    printf("%-40s %10.2f GB/s\n", "host memcpy, 64 MiB", COPY_SIZE / t / 1e9);
    printf("%-40s %10.2f / %.2f\n", "ratio SDMA VRAM copy / memcpy", vv,
           COPY_SIZE / t / 1e9);
    g_free(a);
    g_free(b);
    aemu_test_host_free(h);
    printf("\nthe same copies as the timing model prices them (Hawaii: "
           "320 GB/s VRAM, 12 GB/s PCIe):\n");
    bench_modelled();
    return 0;
}
