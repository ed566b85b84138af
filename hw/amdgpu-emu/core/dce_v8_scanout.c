/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * amdgpu-emu core: what DCE 8.0 scans out, for the host's console.
 *
 * aemu_display_scanout: the first pipe whose timing generator runs, not
 * blanked, with its plane on: the in-use surface (an MC address in the
 * VRAM aperture), its visible rectangle, stride and pixel format. Every
 * guest value is checked: a surface that does not lie whole inside VRAM,
 * or a size, pitch or format the hardware would not scan, is not shown
 * (logged once per refusal), so a host never reads outside VRAM. The
 * pipe's cursor comes along (dce_v8_cursor.c).
 */
#include "dce_v8.h"
#include "amdgpu-emu/regs/cik_regs.h"
#include "amdgpu-emu/regs/cik_fields.h"

/* GRPH_CONTROL.GRPH_DEPTH / GRPH_FORMAT (dce_mem_input.c). */
#define GRPH_DEPTH_16BPP        1
#define GRPH_DEPTH_32BPP        2
#define GRPH_FORMAT_ARGB1555    0       /* depth 16 */
#define GRPH_FORMAT_RGB565      1
#define GRPH_FORMAT_ARGB8888    0       /* depth 32 */
#define GRPH_FORMAT_ARGB2101010 1
/* GRPH_CONTROL.GRPH_ARRAY_MODE: ARRAY_LINEAR_GENERAL, ARRAY_LINEAR_ALIGNED. */
#define GRPH_ARRAY_LINEAR_ALIGNED 1
/* GRPH_SWAP_CNTL crossbar value that swaps red and blue (ABGR formats). */
#define GRPH_CROSSBAR_SWAP_RB   2
/* The largest surface a DCE 8 plane scans (GRPH_X_END is 14 bits). */
#define GRPH_MAX_EXTENT         16384u

/* FB_BASE/FB_TOP of MC_VM_FB_LOCATION are in 16 MiB units (gmc_v7.c). */
#define FB_LOCATION_SHIFT       24

unsigned aemu_pixel_format_bpp(AemuPixelFormat f)
{
    switch (f) {
    case AEMU_PIXEL_RGB565:
    case AEMU_PIXEL_XRGB1555:
        return 2;
    default:
        return 4;
    }
}

static bool grph_format(uint32_t control, uint32_t swap, AemuPixelFormat *f)
{
    uint32_t depth = AEMU_REG_GET(control, GRPH_CONTROL, GRPH_DEPTH);
    uint32_t format = AEMU_REG_GET(control, GRPH_CONTROL, GRPH_FORMAT);
    bool rb_swapped =
        AEMU_REG_GET(swap, GRPH_SWAP_CNTL, GRPH_RED_CROSSBAR) ==
            GRPH_CROSSBAR_SWAP_RB &&
        AEMU_REG_GET(swap, GRPH_SWAP_CNTL, GRPH_BLUE_CROSSBAR) ==
            GRPH_CROSSBAR_SWAP_RB;

    if (depth == GRPH_DEPTH_32BPP && format == GRPH_FORMAT_ARGB8888) {
        *f = rb_swapped ? AEMU_PIXEL_XBGR8888 : AEMU_PIXEL_XRGB8888;
    } else if (depth == GRPH_DEPTH_32BPP &&
               format == GRPH_FORMAT_ARGB2101010 && !rb_swapped) {
        *f = AEMU_PIXEL_XRGB2101010;
    } else if (depth == GRPH_DEPTH_16BPP && format == GRPH_FORMAT_RGB565) {
        *f = AEMU_PIXEL_RGB565;
    } else if (depth == GRPH_DEPTH_16BPP &&
               format == GRPH_FORMAT_ARGB1555) {
        *f = AEMU_PIXEL_XRGB1555;
    } else {
        return false;
    }
    return true;
}

bool dce_v8_vram_offset(AemuDevice *d, uint64_t mc, uint64_t *offset)
{
    uint32_t fb = d->regs[mmMC_VM_FB_LOCATION];
    uint64_t fb_base = (uint64_t)AEMU_REG_GET(fb, MC_VM_FB_LOCATION, FB_BASE)
                       << FB_LOCATION_SHIFT;
    uint64_t fb_end = ((uint64_t)AEMU_REG_GET(fb, MC_VM_FB_LOCATION, FB_TOP)
                       + 1) << FB_LOCATION_SHIFT;

    if (mc < fb_base || mc >= fb_end) {
        return false;
    }
    *offset = mc - fb_base;
    return true;
}

bool dce_v8_in_vram(AemuDevice *d, uint64_t offset, uint64_t bytes)
{
    return offset < d->vram_size && bytes <= d->vram_size - offset;
}

/* The pipe's plane as a host surface; why not in *why. */
static bool pipe_scanout(AemuDevice *d, int pipe, AemuScanout *o,
                         const char **why, bool *guest_fault)
{
    uint32_t control = grph_reg(d, pipe, mmGRPH_CONTROL);
    uint32_t x0 = AEMU_REG_GET(grph_reg(d, pipe, mmGRPH_X_START),
                               GRPH_X_START, GRPH_X_START);
    uint32_t y0 = AEMU_REG_GET(grph_reg(d, pipe, mmGRPH_Y_START),
                               GRPH_Y_START, GRPH_Y_START);
    uint32_t x1 = AEMU_REG_GET(grph_reg(d, pipe, mmGRPH_X_END),
                               GRPH_X_END, GRPH_X_END);
    uint32_t y1 = AEMU_REG_GET(grph_reg(d, pipe, mmGRPH_Y_END),
                               GRPH_Y_END, GRPH_Y_END);
    uint32_t pitch_px = AEMU_REG_GET(grph_reg(d, pipe, mmGRPH_PITCH),
                                     GRPH_PITCH, GRPH_PITCH);
    uint64_t mc = (uint64_t)grph_reg(d, pipe,
                                     mmGRPH_SURFACE_ADDRESS_HIGH_INUSE) << 32 |
                  grph_reg(d, pipe, mmGRPH_SURFACE_ADDRESS_INUSE);
    unsigned bpp;
    uint64_t base, first, span;

    *guest_fault = false;
    if (AEMU_REG_GET(control, GRPH_CONTROL, GRPH_ARRAY_MODE) >
        GRPH_ARRAY_LINEAR_ALIGNED) {
        *why = "tiled surface (only linear scanout is modelled)";
        return false;
    }
    if (!grph_format(control, grph_reg(d, pipe, mmGRPH_SWAP_CNTL),
                     &o->format)) {
        *why = "pixel format not modelled";
        return false;
    }
    *guest_fault = true;
    bpp = aemu_pixel_format_bpp(o->format);
    if (x1 <= x0 || y1 <= y0 || x1 > GRPH_MAX_EXTENT ||
        y1 > GRPH_MAX_EXTENT) {
        *why = "empty or oversized GRPH_X/Y_START..END";
        return false;
    }
    o->width = x1 - x0;
    o->height = y1 - y0;
    o->pitch = pitch_px * bpp;
    if (pitch_px < x1) {
        *why = "GRPH_PITCH narrower than the surface";
        return false;
    }
    if (o->pitch % sizeof(uint32_t)) {
        /* A host wraps the lines as dword rows (pixman's rule). */
        *why = "GRPH_PITCH not a whole number of dwords";
        return false;
    }
    if (!dce_v8_vram_offset(d, mc, &base)) {
        *why = "surface address outside the VRAM aperture";
        return false;
    }
    first = base + (uint64_t)y0 * o->pitch + (uint64_t)x0 * bpp;
    span = (uint64_t)o->pitch * (o->height - 1) + (uint64_t)o->width * bpp;
    if (!dce_v8_in_vram(d, first, span)) {
        *why = "surface runs past the end of VRAM";
        return false;
    }
    o->vram_offset = first;
    return true;
}

static bool same_scanout(const AemuScanout *a, const AemuScanout *b)
{
    return a->vram_offset == b->vram_offset && a->width == b->width &&
           a->height == b->height && a->pitch == b->pitch &&
           a->format == b->format;
}

bool aemu_display_scanout(AemuDevice *d, AemuScanout *out)
{
    DceState *s = dce_v8_state(d);
    AemuScanout o = { 0 };
    bool found = false;
    int pipe = -1;

    if (!s) {
        return false;
    }
    for (int i = 0; i < DCE_NUM_PIPES && !found; i++) {
        const char *why = NULL;
        bool fault;

        if (!s->crtc[i].running ||
            (crtc_reg(d, i, mmCRTC_BLANK_CONTROL) &
             CRTC_BLANK_CONTROL__CRTC_CURRENT_BLANK_STATE_MASK) ||
            !(grph_reg(d, i, mmGRPH_ENABLE) & GRPH_ENABLE__GRPH_ENABLE_MASK)) {
            continue;
        }
        found = pipe_scanout(d, i, &o, &why, &fault);
        if (!found && s->refused_pipe != i) {
            /* Once per refusal, not once per screen refresh. */
            s->refused_pipe = i;
            if (fault) {
                aemu_guest_error(d, "dce: pipe %d not shown: %s", i, why);
            } else {
                aemu_unimp(d, "dce: pipe %d not shown: %s", i, why);
            }
        }
        if (found) {
            s->refused_pipe = -1;
            pipe = i;
        }
    }
    if (!found) {
        s->shown_valid = false;
        return false;
    }
    if (!s->shown_valid || !same_scanout(&o, &s->shown)) {
        s->generation++;
        s->shown = o;
        s->shown_valid = true;
    }
    o.generation = s->generation;
    dce_v8_cursor_scanout(d, pipe, &o.cursor);
    *out = o;
    return true;
}
