/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The fuzz target's chip halves (fuzz-hawaii.c, fuzz-vega10.c): each names
 * its own registers, from its own generated headers (the two chips'
 * headers cannot share a file: the same names have other offsets), and the
 * chip-neutral driver loop (fuzz-device.c) runs the hostile program.
 */
#ifndef AMDGPU_EMU_FUZZ_H
#define AMDGPU_EMU_FUZZ_H

#include <string.h>
#include "aemu-host.h"
#include "aemu-internal.h"

#define MiB (1024ull * 1024ull)
#define RAM_SIZE (1 * MiB)
#define VRAM_SIZE (64 * MiB)
/* The GART's GPU base and its table in VRAM, as the driver places them. */
#define GART_START 0xff00000000ull
#define GART_TABLE (1 * MiB)
#define GART_PAGES (RAM_SIZE / 4096)

typedef struct FuzzChip {
    const AemuAsic *asic;
    /* Registers a hostile guest would aim at first. */
    const uint32_t *targets;
    size_t num_targets;
    /* Where the driver would leave things: GART over RAM, rings enabled. */
    void (*setup)(AemuTestHost *h);
    /* Submit the ring contents the program starts with. */
    void (*kick)(AemuTestHost *h);
    /*
     * The gfx ring (at RAM 0, FUZZ_GFX_RING_DW dwords): its wptr register
     * and the GART's MC address of RAM 0, for appended packets.
     */
    uint32_t gfx_wptr_reg;
    uint64_t gart_mc;
} FuzzChip;

/* The gfx ring both chips place at RAM 0 (RB_BUFSZ 10: 2048 dwords). */
#define FUZZ_GFX_RING_DW    2048u
/* Where the kick leaves the gfx ring's wptr (dwords). */
#define FUZZ_GFX_KICK_WPTR  0x100u

extern const FuzzChip fuzz_hawaii;
extern const FuzzChip fuzz_vega10;
extern const FuzzChip fuzz_topaz;

#endif
