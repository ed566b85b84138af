/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * What the UVD and VCE unit tests share: a Hawaii on the standalone host
 * with everything (rings, IBs, messages, fences, the IH ring) in VRAM,
 * which the memory controller maps at MC address 0 from reset, so no GART
 * is needed; the IH enabled as cik_ih_irq_init does; and an IV counter.
 */
#ifndef CIK_VIDEO_ENV_H
#define CIK_VIDEO_ENV_H

#include <string.h>
#include "aemu-host.h"
#include "aemu-internal.h"
#include "amdgpu-emu/regs/cik_regs.h"
#include "amdgpu-emu/regs/cik_fields.h"

#define VIDEO_MiB (1024ull * 1024ull)
#define VIDEO_IH_RING 0x100000ull          /* VRAM */
#define VIDEO_IH_ORDER 10u                 /* 4 KiB */
#define VIDEO_IH_WB 0x110000ull
#define VIDEO_IV_BYTES 16u
/* Enough virtual time for many scheduler slices. */
#define VIDEO_RUN_NS 1000000ull

static inline AemuTestHost *video_host(void)
{
    AemuTestHost *h = aemu_test_host_new(NULL, 0, 16 * VIDEO_MiB);

    aemu_test_wreg(h, mmIH_RB_BASE, (uint32_t)(VIDEO_IH_RING >> 8));
    aemu_test_wreg(h, mmIH_RB_WPTR_ADDR_LO, (uint32_t)VIDEO_IH_WB);
    aemu_test_wreg(h, mmIH_RB_WPTR_ADDR_HI, 0);
    aemu_test_wreg(h, mmIH_RB_CNTL,
                   (VIDEO_IH_ORDER << IH_RB_CNTL__RB_SIZE__SHIFT) |
                   IH_RB_CNTL__WPTR_WRITEBACK_ENABLE_MASK |
                   IH_RB_CNTL__RB_ENABLE_MASK);
    aemu_test_wreg(h, mmIH_RB_RPTR, 0);
    aemu_test_wreg(h, mmIH_RB_WPTR, 0);
    aemu_test_wreg(h, mmIH_CNTL, IH_CNTL__ENABLE_INTR_MASK);
    return h;
}

/* IV entries with this source and src_data[0] (any, if negative). */
static inline unsigned video_iv_count(AemuTestHost *h, unsigned src,
                                      int data)
{
    uint32_t wptr = aemu_test_get32(h->vram + VIDEO_IH_WB) &
                    IH_RB_WPTR__OFFSET_MASK;
    unsigned n = 0;

    for (uint32_t off = 0; off < wptr; off += VIDEO_IV_BYTES) {
        const uint8_t *e = h->vram + VIDEO_IH_RING + off;

        if ((aemu_test_get32(e) & 0xff) == src &&
            (data < 0 || (aemu_test_get32(e + 4) & 0xfffffff) ==
                         (uint32_t)data)) {
            n++;
        }
    }
    return n;
}

static inline void video_run(AemuTestHost *h)
{
    aemu_test_host_advance(h, VIDEO_RUN_NS);
}

#endif
