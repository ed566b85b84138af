/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * bench-core's view of a chip: the memory layout every chip shares and the
 * few steps that differ (GART, gfx ring, SDMA ring, their packets), each
 * programmed as the chip's unit tests and amdgpu program it. The loops,
 * timings and output are bench-core.c's, the same for every chip.
 */
#ifndef AMDGPU_EMU_BENCH_CHIP_H
#define AMDGPU_EMU_BENCH_CHIP_H

#include <stdint.h>
#include "aemu-host.h"

#define MiB (1024ull * 1024ull)
#define GPU_PAGE 4096ull

/* Host RAM (bus addresses), all of it mapped by the GART. */
#define BENCH_RAM (80 * MiB)
#define BENCH_VRAM (256 * MiB)
#define GFX_RING_RAM 0ull
#define RING_BYTES (64 * 1024)
#define SDMA_RING_RAM (GFX_RING_RAM + RING_BYTES)
/* A page of write-back slots (read pointers, polled write pointers). */
#define WB_RAM (SDMA_RING_RAM + RING_BYTES)
#define COPY_SRC_RAM (8 * MiB)
/* VRAM offsets: the copies' source and destinations, the GART table. */
#define COPY_SIZE (64 * MiB)
#define COPY_SRC_VRAM 0ull
#define COPY_DST_VRAM (64 * MiB)
#define COPY_DST_VRAM_FROM_SYS (128 * MiB)
#define GART_TABLE_VRAM (200 * MiB)
/* The copy shader's code (VRAM past the GART table's 160 KiB). */
#define KERNEL_VRAM (216 * MiB)
#define GART_PAGES (BENCH_RAM / GPU_PAGE)

/* Both rings hold RING_BYTES: 2^14 dwords. */
#define RING_DW (RING_BYTES / 4)
#define RING_DW_ORDER 14u

/*
 * The gfx ring is filled once with SET_UCONFIG_REG writes of SCRATCH_REG0
 * (3 dwords), each writing its own dword offset in the ring.
 */
#define GFX_PACKET_DW 3u

/*
 * The GART's PTE bits (amdgpu_vm.h, the same on CIK and GMC 9): VALID,
 * SYSTEM, SNOOPED, READABLE, WRITEABLE.
 */
#define PTE_VALID (1ull << 0)
#define PTE_SYSTEM (1ull << 1)
#define PTE_SNOOPED (1ull << 2)
#define PTE_READABLE (1ull << 5)
#define PTE_WRITEABLE (1ull << 6)
#define PTE_SYS_RW (PTE_VALID | PTE_SYSTEM | PTE_SNOOPED | PTE_READABLE | \
                    PTE_WRITEABLE)

typedef struct BenchChip {
    const char *name;           /* printed: "Hawaii" */
    const char *asic;           /* AemuConfig.asic, and on the command line */
    uint64_t vram_mc;           /* MC address of VRAM offset 0 (VMID 0) */
    uint64_t gart_mc;           /* MC address of bus address 0 (the GART) */
    uint32_t scratch_reg;       /* SCRATCH_REG0, dword index */
    uint32_t sdma_copy_max;     /* bytes per COPY linear: the driver's chunk */
    /* The GART over all of BENCH_RAM, its table at GART_TABLE_VRAM. */
    void (*gart_setup)(AemuTestHost *h);
    /* The gfx ring at GFX_RING_RAM, started and filled with packets. */
    void (*gfx_setup)(AemuTestHost *h);
    /* Submit the gfx ring up to wptr_dw. */
    void (*gfx_submit)(AemuTestHost *h, uint64_t wptr_dw);
    /* Both gfx ring pointers back to 0. */
    void (*gfx_rewind)(AemuTestHost *h);
    /* SDMA0's gfx queue at SDMA_RING_RAM, started, empty. */
    void (*sdma_setup)(AemuTestHost *h);
    /* One COPY linear of at most sdma_copy_max bytes; returns its dwords. */
    unsigned (*sdma_copy_packet)(uint32_t *dw, uint64_t src, uint64_t dst,
                                 uint32_t bytes);
    /* Submit SDMA0's ring up to wptr_dw (the pointer grows, ring wraps). */
    void (*sdma_submit)(AemuTestHost *h, uint64_t wptr_dw);
    /*
     * The guest benchmark's copy-x4 kernel (guest-tests/gpu-compute.c) in
     * the chip's encoding, and its COMPUTE_PGM_RSRC1 (the SGPR granule
     * differs between generations).
     */
    const uint32_t *copy_x4;
    unsigned copy_x4_dw;
    uint32_t copy_x4_rsrc1;
} BenchChip;

/*
 * COMPUTE_PGM_RSRC1 as the guest's kernel_rsrc1 builds it: VGPRS [5:0]
 * (granules of 4, minus one), SGPRS [9:6], FLOAT_MODE [19:12] 0xC0 (f64
 * and f16 denormals kept, the drivers' default).
 */
#define BENCH_RSRC1(vgpr_field, sgpr_field) \
    ((uint32_t)(vgpr_field) << 0 | (uint32_t)(sgpr_field) << 6 | 0xC0u << 12)

extern const BenchChip bench_hawaii;
extern const BenchChip bench_vega10;

#endif
