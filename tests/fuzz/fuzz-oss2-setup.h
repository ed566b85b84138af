/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The driver's set-up the fuzz target starts from on the OSS 2.x chips
 * (CIK's Hawaii and VI's Topaz): the GART over RAM, the IH ring and both
 * SDMA gfx rings enabled. The register names are the same on both chips
 * and some offsets are not (OSS 2.4 moved the IH), so each chip's file
 * includes this one after its own register headers.
 */
#ifndef AMDGPU_EMU_FUZZ_OSS2_SETUP_H
#define AMDGPU_EMU_FUZZ_OSS2_SETUP_H

#include "fuzz.h"

/* GART PTE of a system page: valid, system, snooped, readable, writeable. */
#define PTE_SYS_RW ((1ull << 0) | (1ull << 1) | (1ull << 2) | (1ull << 5) | \
                    (1ull << 6))
/* SDMA1's registers are SDMA0's plus one instance stride. */
#define SDMA1 (mmSDMA1_GFX_RB_CNTL - mmSDMA0_GFX_RB_CNTL)

static void oss2_setup(AemuTestHost *h)
{
    for (unsigned i = 0; i < GART_PAGES; i++) {
        aemu_test_put64(h->vram + GART_TABLE + i * 8ull, i * 4096ull | PTE_SYS_RW);
    }
    aemu_test_wreg(h, mmMC_VM_AGP_BOT, 0x3ffffff);
    aemu_test_gart_enable(h, GART_START, GART_PAGES, GART_TABLE, 0);
    aemu_test_wreg(h, mmIH_RB_BASE, (uint32_t)((GART_START + 0xf0000) >> 8));
    aemu_test_wreg(h, mmIH_RB_CNTL, (10u << IH_RB_CNTL__RB_SIZE__SHIFT) |
                   IH_RB_CNTL__RB_ENABLE_MASK);
    aemu_test_wreg(h, mmIH_CNTL, IH_CNTL__ENABLE_INTR_MASK);
    for (unsigned e = 0; e < 2; e++) {
        aemu_test_wreg(h, mmSDMA0_GFX_RB_BASE + e * SDMA1,
                       (uint32_t)((GART_START + 0x10000 * (e + 1)) >> 8));
        aemu_test_wreg(h, mmSDMA0_GFX_RB_BASE_HI + e * SDMA1,
                       (uint32_t)(GART_START >> 40));
        aemu_test_wreg(h, mmSDMA0_GFX_RB_CNTL + e * SDMA1,
                       (11u << SDMA0_GFX_RB_CNTL__RB_SIZE__SHIFT) |
                       SDMA0_GFX_RB_CNTL__RB_ENABLE_MASK);
        aemu_test_wreg(h, mmSDMA0_GFX_IB_CNTL + e * SDMA1,
                       SDMA0_GFX_IB_CNTL__IB_ENABLE_MASK);
        aemu_test_wreg(h, mmSDMA0_F32_CNTL + e * SDMA1, 0);
    }
}

#endif
