/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * amdgpu-emu: QEMU console glue for the display engine.
 *
 * One graphic console per device. On every refresh the UI asks for
 * (gfx_update: the UI's timer, or a QMP screendump), it asks the core
 * which surface the display engine scans out (aemu_display_scanout, which
 * bounds-checked it against VRAM), wraps that part of VRAM without a copy
 * (qemu_create_displaysurface_from) when the surface changed (a mode set
 * or a flip: the core's generation), and redraws it whole: the engines
 * write VRAM through its host pointer, which QEMU's dirty log does not see,
 * so a partial update could miss what the GPU drew. When nothing is
 * scanned out (blank, off), the console shows black at the last size.
 *
 * The hardware cursor: a monitor sees it blended into the picture, and so
 * do the console and a screendump. While one is on, the console shows a
 * copy of the surface (pixman converts the format) with the core's
 * cursor drawn over it (aemu_display_draw_cursor), made anew each refresh;
 * without one, VRAM itself, as above.
 *
 * The monitor: its EDID is QEMU's (qemu_edid_generate, the same generator
 * as the standard VGA and virtio-gpu devices, sized by the device's
 * xres/yres/... properties), handed to the core, which serves it on the
 * connector's DDC line; attached or not is the device's
 * display-connected property.
 *
 * No QEMU header reaches the core: this file and amdgpu-emu.c are the only
 * ones that include them.
 */
#include "qemu/osdep.h"
#include "ui/console.h"
#include "ui/qemu-pixman.h"
#include "amdgpu-emu-display.h"

struct AmdgpuEmuDisplay {
    QemuConsole *con;
    AemuDevice *core;
    uint8_t *vram;
    bool showing;               /* the surface wraps VRAM or is a copy */
    bool copy;                  /* a copy with the cursor drawn in */
    uint64_t generation;        /* of the surface shown */
};

static pixman_format_code_t pixman_format(AemuPixelFormat f)
{
    /* The surface is little-endian VRAM; the host's byte order applies. */
    switch (f) {
    case AEMU_PIXEL_XBGR8888:
        return PIXMAN_LE_x8b8g8r8;
    case AEMU_PIXEL_XRGB2101010:
        return PIXMAN_x2r10g10b10;
    case AEMU_PIXEL_RGB565:
        return PIXMAN_r5g6b5;
    case AEMU_PIXEL_XRGB1555:
        return PIXMAN_x1r5g5b5;
    case AEMU_PIXEL_XRGB8888:
    default:
        return PIXMAN_LE_x8r8g8b8;
    }
}

/* The surface copied into the console's own, the cursor drawn over it. */
static void amdgpu_emu_display_compose(AmdgpuEmuDisplay *dpy,
                                       const AemuScanout *so)
{
    DisplaySurface *cur = qemu_console_surface(dpy->con);
    pixman_image_t *src;

    if (!dpy->showing || !dpy->copy || so->generation != dpy->generation ||
        surface_width(cur) != (int)so->width ||
        surface_height(cur) != (int)so->height) {
        dpy_gfx_replace_surface(dpy->con,
            qemu_create_displaysurface(so->width, so->height));
        cur = qemu_console_surface(dpy->con);
        dpy->showing = true;
        dpy->copy = true;
        dpy->generation = so->generation;
    }
    src = pixman_image_create_bits(pixman_format(so->format), so->width,
                                   so->height,
                                   (uint32_t *)(dpy->vram + so->vram_offset),
                                   so->pitch);
    pixman_image_composite(PIXMAN_OP_SRC, src, NULL, cur->image, 0, 0, 0, 0,
                           0, 0, so->width, so->height);
    pixman_image_unref(src);
    aemu_display_draw_cursor(dpy->core, so, surface_data(cur),
                             surface_stride(cur));
}

static void amdgpu_emu_display_update(void *opaque)
{
    AmdgpuEmuDisplay *dpy = opaque;
    DisplaySurface *cur = qemu_console_surface(dpy->con);
    AemuScanout so;

    if (!aemu_display_scanout(dpy->core, &so)) {
        if (dpy->showing) {
            /* Dark: a fresh surface is zeroed, i.e. black. */
            dpy_gfx_replace_surface(dpy->con,
                qemu_create_displaysurface(surface_width(cur),
                                           surface_height(cur)));
            dpy->showing = false;
        }
        return;
    }
    if (so.cursor.enabled) {
        amdgpu_emu_display_compose(dpy, &so);
    } else if (!dpy->showing || dpy->copy ||
               so.generation != dpy->generation) {
        dpy_gfx_replace_surface(dpy->con,
            qemu_create_displaysurface_from(so.width, so.height,
                                            pixman_format(so.format),
                                            so.pitch,
                                            dpy->vram + so.vram_offset));
        dpy->showing = true;
        dpy->copy = false;
        dpy->generation = so.generation;
    }
    dpy_gfx_update_full(dpy->con);
}

static const GraphicHwOps amdgpu_emu_display_ops = {
    .gfx_update = amdgpu_emu_display_update,
};

AmdgpuEmuDisplay *amdgpu_emu_display_new(DeviceState *dev, AemuDevice *core,
                                         uint8_t *vram, bool connected,
                                         qemu_edid_info *edid)
{
    AmdgpuEmuDisplay *dpy = g_new0(AmdgpuEmuDisplay, 1);
    uint8_t blob[AEMU_EDID_MAX];

    /* Two blocks: the base EDID and QEMU's DisplayID extension. */
    qemu_edid_generate(blob, sizeof(blob), edid);
    /* False on a part without a display engine: nothing to attach to. */
    aemu_display_set_monitor(core, connected, blob, sizeof(blob));

    dpy->core = core;
    dpy->vram = vram;
    dpy->con = graphic_console_init(dev, 0, &amdgpu_emu_display_ops, dpy);
    return dpy;
}

void amdgpu_emu_display_free(AmdgpuEmuDisplay *dpy)
{
    if (!dpy) {
        return;
    }
    /* The console outlives the device: it must not point into VRAM. */
    graphic_console_close(dpy->con);
    g_free(dpy);
}
