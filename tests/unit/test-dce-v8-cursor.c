/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Unit tests of the DCE 8 hardware cursor (core/dce_v8_cursor.c) on the
 * standalone host: what the scanout reports of it, how it is blended over
 * a host copy of the surface (alpha, hot spot, the edges, 2x magnify),
 * CUR_UPDATE's lock, bad addresses and modes, and a snapshot.
 */
#include <string.h>
#include "aemu-host.h"
#include "aemu-internal.h"
#include "amdgpu-emu/regs/cik_regs.h"
#include "amdgpu-emu/regs/cik_fields.h"

#define MiB (1024ull * 1024ull)
#define VRAM_SIZE (64 * MiB)
#define FRAME_NS (1000000000ull / 60)

#define SCREEN_W 320u
#define SCREEN_H 200u
#define SURFACE 0x100000ull
#define CURSOR_IMAGE 0x400000ull
#define CURSOR_SIZE 64u
/* CUR_CONTROL.CURSOR_MODE values (dce_ipp.c). */
#define MODE_MONO 0u
#define MODE_PREMULTIPLIED 2u
#define MODE_STRAIGHT 3u

#define BACKGROUND 0x00336699u
#define OPAQUE_MAGENTA 0xffff00ffu

static AemuTestHost *setup(void)
{
    AemuTestHost *h = aemu_test_host_new("hawaii", VRAM_SIZE, 16 * MiB);

    /* Pipe 0 scans a SCREEN_W x SCREEN_H XRGB8888 surface. */
    aemu_test_wreg(h, mmCRTC_H_TOTAL, 400 - 1);
    aemu_test_wreg(h, mmCRTC_V_TOTAL, 250 - 1);
    aemu_test_wreg(h, mmCRTC_V_BLANK_START_END, SCREEN_H | 10u << 16);
    aemu_test_wreg(h, mmCRTC_CONTROL, CRTC_CONTROL__CRTC_MASTER_EN_MASK);
    aemu_test_wreg(h, mmGRPH_CONTROL, 2u << GRPH_CONTROL__GRPH_DEPTH__SHIFT);
    aemu_test_wreg(h, mmGRPH_PITCH, SCREEN_W);
    aemu_test_wreg(h, mmGRPH_X_END, SCREEN_W);
    aemu_test_wreg(h, mmGRPH_Y_END, SCREEN_H);
    aemu_test_wreg(h, mmGRPH_PRIMARY_SURFACE_ADDRESS, (uint32_t)SURFACE);
    aemu_test_wreg(h, mmGRPH_ENABLE, GRPH_ENABLE__GRPH_ENABLE_MASK);
    aemu_test_host_advance(h, FRAME_NS);
    return h;
}

static void cursor_pixel(AemuTestHost *h, uint32_t x, uint32_t y,
                         uint32_t width, uint32_t argb)
{
    uint32_t le = GUINT32_TO_LE(argb);

    memcpy(h->dev->vram + CURSOR_IMAGE + ((uint64_t)y * width + x) * 4, &le,
           sizeof(le));
}

/* A width x height image: left half opaque magenta, right half clear. */
static void cursor_image(AemuTestHost *h, uint32_t width, uint32_t height)
{
    for (uint32_t y = 0; y < height; y++) {
        for (uint32_t x = 0; x < width; x++) {
            cursor_pixel(h, x, y, width, x < width / 2 ? OPAQUE_MAGENTA : 0);
        }
    }
}

/* What DC's dce_ipp_cursor_set_attributes and _set_position write. */
static void cursor_program(AemuTestHost *h, uint32_t mode, uint32_t size,
                           uint64_t addr, uint32_t x, uint32_t y,
                           uint32_t hot_x, uint32_t hot_y)
{
    aemu_test_wreg(h, mmCUR_UPDATE, CUR_UPDATE__CURSOR_UPDATE_LOCK_MASK);
    aemu_test_wreg(h, mmCUR_CONTROL, CUR_CONTROL__CURSOR_EN_MASK |
                   mode << CUR_CONTROL__CURSOR_MODE__SHIFT);
    aemu_test_wreg(h, mmCUR_SIZE,
                   (size - 1) << CUR_SIZE__CURSOR_WIDTH__SHIFT |
                   (size - 1) << CUR_SIZE__CURSOR_HEIGHT__SHIFT);
    aemu_test_wreg(h, mmCUR_SURFACE_ADDRESS_HIGH, (uint32_t)(addr >> 32));
    aemu_test_wreg(h, mmCUR_SURFACE_ADDRESS, (uint32_t)addr);
    aemu_test_wreg(h, mmCUR_POSITION,
                   x << CUR_POSITION__CURSOR_X_POSITION__SHIFT |
                   y << CUR_POSITION__CURSOR_Y_POSITION__SHIFT);
    aemu_test_wreg(h, mmCUR_HOT_SPOT,
                   hot_x << CUR_HOT_SPOT__CURSOR_HOT_SPOT_X__SHIFT |
                   hot_y << CUR_HOT_SPOT__CURSOR_HOT_SPOT_Y__SHIFT);
    aemu_test_wreg(h, mmCUR_UPDATE, 0);
}

/* The screen as a host shows it: BACKGROUND everywhere, cursor on top. */
static uint32_t *draw(AemuTestHost *h, AemuScanout *so)
{
    uint32_t *px = g_new(uint32_t, SCREEN_W * SCREEN_H);

    for (uint32_t i = 0; i < SCREEN_W * SCREEN_H; i++) {
        px[i] = BACKGROUND;
    }
    g_assert_true(aemu_display_scanout(h->dev, so));
    aemu_display_draw_cursor(h->dev, so, px, SCREEN_W * sizeof(uint32_t));
    return px;
}

/* Count the screen's magenta pixels and their bounding box. */
static unsigned magenta(const uint32_t *px, uint32_t *x0, uint32_t *y0,
                        uint32_t *x1, uint32_t *y1)
{
    unsigned n = 0;

    *x0 = *y0 = UINT32_MAX;
    *x1 = *y1 = 0;
    for (uint32_t y = 0; y < SCREEN_H; y++) {
        for (uint32_t x = 0; x < SCREEN_W; x++) {
            if (px[y * SCREEN_W + x] == (OPAQUE_MAGENTA & 0xffffff)) {
                n++;
                *x0 = MIN(*x0, x);
                *y0 = MIN(*y0, y);
                *x1 = MAX(*x1, x);
                *y1 = MAX(*y1, y);
            } else {
                g_assert_cmphex(px[y * SCREEN_W + x], ==, BACKGROUND);
            }
        }
    }
    return n;
}

static void test_report(void)
{
    AemuTestHost *h = setup();
    AemuScanout so;

    g_assert_true(aemu_display_scanout(h->dev, &so));
    g_assert_false(so.cursor.enabled);
    cursor_program(h, MODE_PREMULTIPLIED, CURSOR_SIZE, CURSOR_IMAGE, 100, 50,
                   3, 4);
    g_assert_true(aemu_display_scanout(h->dev, &so));
    g_assert_true(so.cursor.enabled);
    g_assert_true(so.cursor.premultiplied);
    g_assert_cmpuint(so.cursor.width, ==, CURSOR_SIZE);
    g_assert_cmpuint(so.cursor.height, ==, CURSOR_SIZE);
    g_assert_cmpuint(so.cursor.scale, ==, 1);
    g_assert_cmpint(so.cursor.x, ==, 97);
    g_assert_cmpint(so.cursor.y, ==, 46);
    g_assert_cmpuint(so.cursor.vram_offset, ==, CURSOR_IMAGE);
    /* Off again with CURSOR_EN clear. */
    aemu_test_wreg(h, mmCUR_CONTROL, 0);
    g_assert_true(aemu_display_scanout(h->dev, &so));
    g_assert_false(so.cursor.enabled);
    g_assert_cmpuint(h->guest_errors->len, ==, 0);
    g_assert_cmpuint(h->unimps->len, ==, 0);
    aemu_test_host_free(h);
}

static void test_blend(void)
{
    AemuTestHost *h = setup();
    AemuScanout so;
    uint32_t *px, x0, y0, x1, y1;

    cursor_image(h, CURSOR_SIZE, CURSOR_SIZE);
    /*
     * A half-transparent pixel at (0, 0): premultiplied red 0x40 at alpha
     * 0x80 over 0x33/0x66/0x99 gives red 0x40 + 0x33 * 127 / 255 = 0x59
     * and the background's green and blue at 127/255: 0x33, 0x4c.
     */
    cursor_pixel(h, 0, 0, CURSOR_SIZE, 0x80400000);
    cursor_program(h, MODE_PREMULTIPLIED, CURSOR_SIZE, CURSOR_IMAGE, 10, 20,
                   0, 0);
    px = draw(h, &so);
    g_assert_cmphex(px[20 * SCREEN_W + 10], ==, 0x0059334c);
    px[20 * SCREEN_W + 10] = OPAQUE_MAGENTA & 0xffffff;
    /* The opaque half covers, the clear half shows the background. */
    g_assert_cmpuint(magenta(px, &x0, &y0, &x1, &y1), ==,
                     CURSOR_SIZE / 2 * CURSOR_SIZE);
    g_assert_cmpuint(x0, ==, 10);
    g_assert_cmpuint(y0, ==, 20);
    g_assert_cmpuint(x1, ==, 10 + CURSOR_SIZE / 2 - 1);
    g_assert_cmpuint(y1, ==, 20 + CURSOR_SIZE - 1);
    g_free(px);

    /* Straight alpha: the colour is weighted too: red (0x40 * 128 +
     * 0x33 * 127) / 255 = 0x3a. */
    cursor_program(h, MODE_STRAIGHT, CURSOR_SIZE, CURSOR_IMAGE, 10, 20, 0, 0);
    px = draw(h, &so);
    g_assert_false(so.cursor.premultiplied);
    g_assert_cmphex(px[20 * SCREEN_W + 10], ==, 0x003a334c);
    g_free(px);
    aemu_test_host_free(h);
}

static void test_edges(void)
{
    AemuTestHost *h = setup();
    AemuScanout so;
    uint32_t *px, x0, y0, x1, y1;

    cursor_image(h, CURSOR_SIZE, CURSOR_SIZE);
    /* Off the left edge the way DC puts it: position 0, hot spot 16. */
    cursor_program(h, MODE_PREMULTIPLIED, CURSOR_SIZE, CURSOR_IMAGE, 0, 30,
                   16, 0);
    px = draw(h, &so);
    g_assert_cmpint(so.cursor.x, ==, -16);
    g_assert_cmpuint(magenta(px, &x0, &y0, &x1, &y1), ==,
                     (CURSOR_SIZE / 2 - 16) * CURSOR_SIZE);
    g_assert_cmpuint(x0, ==, 0);
    g_assert_cmpuint(x1, ==, CURSOR_SIZE / 2 - 16 - 1);
    g_free(px);
    /* Past the bottom-right corner: clipped, nothing written outside. */
    cursor_program(h, MODE_PREMULTIPLIED, CURSOR_SIZE, CURSOR_IMAGE,
                   SCREEN_W - 8, SCREEN_H - 5, 0, 0);
    px = draw(h, &so);
    g_assert_cmpuint(magenta(px, &x0, &y0, &x1, &y1), ==, 8 * 5);
    g_free(px);
    /* Wholly off the screen (the 14-bit position's far end). */
    cursor_program(h, MODE_PREMULTIPLIED, CURSOR_SIZE, CURSOR_IMAGE,
                   0x3fff, 0x3fff, 0, 0);
    px = draw(h, &so);
    g_assert_cmpuint(magenta(px, &x0, &y0, &x1, &y1), ==, 0);
    g_free(px);
    /* 2x magnify: every image pixel covers 2 x 2 screen pixels. */
    cursor_image(h, 16, 16);
    cursor_program(h, MODE_PREMULTIPLIED, 16, CURSOR_IMAGE, 40, 40, 0, 0);
    aemu_test_wreg(h, mmCUR_CONTROL, aemu_test_rreg(h, mmCUR_CONTROL) |
                   CUR_CONTROL__CURSOR_2X_MAGNIFY_MASK);
    px = draw(h, &so);
    g_assert_cmpuint(so.cursor.scale, ==, 2);
    g_assert_cmpuint(magenta(px, &x0, &y0, &x1, &y1), ==, 16 * 32);
    g_assert_cmpuint(x1, ==, 40 + 15);
    g_assert_cmpuint(y1, ==, 40 + 31);
    g_free(px);
    aemu_test_host_free(h);
}

/* While CUR_UPDATE_LOCK is set the screen keeps the values of the lock. */
static void test_lock(void)
{
    AemuTestHost *h = setup();
    AemuScanout so;

    cursor_program(h, MODE_PREMULTIPLIED, CURSOR_SIZE, CURSOR_IMAGE, 10, 20,
                   0, 0);
    aemu_test_wreg(h, mmCUR_UPDATE, CUR_UPDATE__CURSOR_UPDATE_LOCK_MASK);
    g_assert_cmphex(aemu_test_rreg(h, mmCUR_UPDATE) &
                    CUR_UPDATE__CURSOR_UPDATE_PENDING_MASK, ==, 0);
    aemu_test_wreg(h, mmCUR_POSITION,
                   200u << CUR_POSITION__CURSOR_X_POSITION__SHIFT |
                   100u << CUR_POSITION__CURSOR_Y_POSITION__SHIFT);
    aemu_test_wreg(h, mmCUR_CONTROL, 0);
    g_assert_cmphex(aemu_test_rreg(h, mmCUR_UPDATE) &
                    CUR_UPDATE__CURSOR_UPDATE_PENDING_MASK, !=, 0);
    g_assert_true(aemu_display_scanout(h->dev, &so));
    g_assert_true(so.cursor.enabled);
    g_assert_cmpint(so.cursor.x, ==, 10);
    /* Released: the new values at once (here: off). */
    aemu_test_wreg(h, mmCUR_UPDATE, 0);
    g_assert_true(aemu_display_scanout(h->dev, &so));
    g_assert_false(so.cursor.enabled);
    aemu_test_host_free(h);
}

/* Hostile or unmodelled values: not drawn, said once, never read. */
static void test_refused(void)
{
    AemuTestHost *h = setup();
    AemuScanout so;

    cursor_program(h, MODE_PREMULTIPLIED, CURSOR_SIZE, 0xff00000000ull, 0, 0,
                   0, 0);
    g_assert_true(aemu_display_scanout(h->dev, &so));
    g_assert_false(so.cursor.enabled);
    g_assert_true(aemu_display_scanout(h->dev, &so));
    g_assert_cmpuint(h->guest_errors->len, ==, 1);
    /* The image's last line would run past VRAM. */
    cursor_program(h, MODE_PREMULTIPLIED, 128, VRAM_SIZE - 128 * 4 * 127,
                   0, 0, 0, 0);
    g_assert_true(aemu_display_scanout(h->dev, &so));
    g_assert_false(so.cursor.enabled);
    g_assert_cmpuint(h->guest_errors->len, ==, 1);   /* still that pipe */
    /* ... and exactly at the end it is drawn. */
    cursor_program(h, MODE_PREMULTIPLIED, 128, VRAM_SIZE - 128 * 4 * 128,
                   0, 0, 0, 0);
    g_assert_true(aemu_display_scanout(h->dev, &so));
    g_assert_true(so.cursor.enabled);
    /* The monochrome mode is not modelled: said once, as unimplemented. */
    cursor_program(h, MODE_MONO, CURSOR_SIZE, CURSOR_IMAGE, 0, 0, 0, 0);
    g_assert_true(aemu_display_scanout(h->dev, &so));
    g_assert_true(aemu_display_scanout(h->dev, &so));
    g_assert_false(so.cursor.enabled);
    g_assert_cmpuint(h->unimps->len, ==, 1);
    aemu_test_host_free(h);
}

/* A snapshot keeps a lock and the values it holds back. */
static void test_state(void)
{
    AemuTestHost *h = setup();
    AemuScanout so;
    uint8_t *blob;
    size_t len;
    char *err = NULL;

    cursor_program(h, MODE_PREMULTIPLIED, CURSOR_SIZE, CURSOR_IMAGE, 10, 20,
                   0, 0);
    aemu_test_wreg(h, mmCUR_UPDATE, CUR_UPDATE__CURSOR_UPDATE_LOCK_MASK);
    aemu_test_wreg(h, mmCUR_POSITION, 0);
    g_assert_true(aemu_state_save(h->dev, &blob, &len, &err));
    aemu_device_reset(h->dev, AEMU_RESET_COLD);
    g_assert_true(aemu_state_load(h->dev, blob, len, &err));
    aemu_state_free(blob);
    g_assert_true(aemu_display_scanout(h->dev, &so));
    g_assert_cmpint(so.cursor.x, ==, 10);
    aemu_test_wreg(h, mmCUR_UPDATE, 0);
    g_assert_true(aemu_display_scanout(h->dev, &so));
    g_assert_cmpint(so.cursor.x, ==, 0);
    aemu_test_host_free(h);
}

int main(int argc, char **argv)
{
    g_test_init(&argc, &argv, NULL);
    g_test_add_func("/dce-v8-cursor/report", test_report);
    g_test_add_func("/dce-v8-cursor/blend", test_blend);
    g_test_add_func("/dce-v8-cursor/edges", test_edges);
    g_test_add_func("/dce-v8-cursor/lock", test_lock);
    g_test_add_func("/dce-v8-cursor/refused", test_refused);
    g_test_add_func("/dce-v8-cursor/state", test_state);
    return g_test_run();
}
