/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * amdgpu-emu core: the MM_INDEX / MM_INDEX_HI / MM_DATA window.
 *
 * Every bus interface generation has it (BIF 4.1 on CIK, NBIO 6.1 on
 * Vega10): the data register reaches the register named by the index
 * (bit 31 clear: a byte offset into the register aperture) or VRAM (bit 31
 * set: bits 30:0 plus MM_INDEX_HI << 31), as amdgpu_device_mm_access and
 * the drivers' indirect register paths use it. The chip's block says which
 * registers the window is made of (AemuMmWindow).
 */
#include "aemu-internal.h"

/* MM_INDEX bit 31 selects the VRAM aperture instead of registers. */
#define MM_INDEX_APERTURE_VRAM 0x80000000u
/* The VRAM offset's low part is MM_INDEX bits 30:0. */
#define MM_INDEX_HI_SHIFT 31

static bool vram_offset(AemuDevice *d, const AemuMmWindow *w, uint64_t *off)
{
    uint32_t index = d->regs[w->index_dw];

    if (!(index & MM_INDEX_APERTURE_VRAM)) {
        return false;
    }
    *off = (uint64_t)d->regs[w->index_hi_dw] << MM_INDEX_HI_SHIFT |
           (index & ~MM_INDEX_APERTURE_VRAM);
    return true;
}

/* The register the index names; false if it names the data port itself. */
static bool target_reg(AemuDevice *d, const AemuMmWindow *w, uint32_t *dw)
{
    *dw = d->regs[w->index_dw] >> 2;
    /* MM_DATA naming itself would recurse; hardware returns garbage. */
    return *dw != w->data_dw;
}

uint32_t aemu_mm_window_read(AemuDevice *d, const AemuMmWindow *w)
{
    uint64_t off;
    uint32_t target, v = 0;

    if (vram_offset(d, w, &off)) {
        if (off + 4 > d->vram_size) {
            aemu_guest_error(d, "MM_DATA read past VRAM at 0x%"
                             G_GINT64_MODIFIER "x", off);
            return 0;
        }
        aemu_vram_read(d, off, &v, 4);
        return GUINT32_FROM_LE(v);
    }
    if (!target_reg(d, w, &target)) {
        aemu_guest_error(d, "MM_INDEX points at MM_DATA");
        return 0;
    }
    return aemu_reg_read(d, target);
}

void aemu_mm_window_write(AemuDevice *d, const AemuMmWindow *w,
                          uint32_t value)
{
    uint64_t off;
    uint32_t target, le = GUINT32_TO_LE(value);

    if (vram_offset(d, w, &off)) {
        if (off + 4 > d->vram_size) {
            aemu_guest_error(d, "MM_DATA write past VRAM at 0x%"
                             G_GINT64_MODIFIER "x", off);
            return;
        }
        memcpy(d->vram + off, &le, 4);
        aemu_vram_dirty(d, off, 4);
        return;
    }
    if (!target_reg(d, w, &target)) {
        aemu_guest_error(d, "MM_INDEX points at MM_DATA");
        return;
    }
    aemu_reg_write(d, target, value);
}

/*
 * What a byte or word write through MM_DATA keeps of the dword it points
 * at: the target register's latch, or the VRAM dword (taken as a VRAM read,
 * so a replay is given it too). MM_DATA's own latch holds nothing.
 */
uint32_t aemu_mm_window_latch(AemuDevice *d, const AemuMmWindow *w)
{
    uint64_t off;
    uint32_t target, v = 0;

    if (vram_offset(d, w, &off)) {
        /* Past VRAM the write is refused anyway (aemu_mm_window_write). */
        if (off + 4 > d->vram_size) {
            return 0;
        }
        aemu_vram_read(d, off, &v, 4);
        return GUINT32_FROM_LE(v);
    }
    if (!target_reg(d, w, &target)) {
        return 0;
    }
    return aemu_reg_latch(d, target);
}
