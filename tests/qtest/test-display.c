/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The display engine on QEMU's console, through the real QEMU (no guest):
 * the test programs a timing generator and a plane the way a driver does,
 * fills VRAM through BAR0 with a pattern, and reads the picture back with
 * QMP's screendump (a PPM file). Then a flip shows its new surface only
 * once the virtual clock passes vblank, the hardware cursor is blended
 * into the picture, and a surface past the end of VRAM makes the screen
 * dark instead of reading outside VRAM.
 */
#include <stdio.h>
#include <string.h>
#include <unistd.h>
#include "aemu-qtest.h"
#include "amdgpu-emu/regs/cik_regs.h"
#include "amdgpu-emu/regs/cik_fields.h"

#define MiB (1024ull * 1024ull)
#define VRAM_SIZE (256 * MiB)
#define ATI_VENDOR 0x1002
#define HAWAII_XT 0x67b0

/* A small mode: 64 x 48 visible, 1080p-like totals. */
#define WIDTH 64
#define HEIGHT 48
#define PITCH_PX 128            /* wider than the picture, as drivers pad */
#define H_TOTAL 2200u
#define V_TOTAL 1125u
#define V_BLANK_START 1084u
#define V_BLANK_END 41u
/* The model's nominal 60 Hz frame (no pixel clock yet). */
#define FRAME_NS (1000000000ll / 60)

#define SURFACE_A 0x100000ull
#define SURFACE_B 0x200000ull
#define GRPH_DEPTH_32BPP 2u

/* A 16 x 16 cursor at (CURSOR_X, CURSOR_Y): left half opaque, right clear. */
#define CURSOR_IMAGE 0x300000ull
#define CURSOR_SIZE 16u
#define CURSOR_X 8u
#define CURSOR_Y 4u
#define CURSOR_COLOUR 0x00ff00u
#define CURSOR_MODE_PREMULTIPLIED 2u

typedef struct Dev {
    AemuQTest *qt;
    uint16_t bdf;
    AqtBar bars[6];
} Dev;

static void wreg(Dev *d, uint32_t dw, uint32_t v)
{
    aqt_writel(d->qt, d->bars[5].addr + dw * 4ull, v);
}

static uint32_t rreg(Dev *d, uint32_t dw)
{
    return aqt_readl(d->qt, d->bars[5].addr + dw * 4ull);
}

/* The pattern of surface `tag` at (x, y), as XRGB8888. */
static uint32_t pattern(unsigned tag, unsigned x, unsigned y)
{
    return (x * 4u) << 16 | (y * 5u) << 8 | (tag ? 0xc0u : 0x40u);
}

static void fill(Dev *d, uint64_t offset, unsigned tag)
{
    g_autofree uint32_t *line = g_new0(uint32_t, PITCH_PX);

    for (unsigned y = 0; y < HEIGHT; y++) {
        for (unsigned x = 0; x < WIDTH; x++) {
            line[x] = GUINT32_TO_LE(pattern(tag, x, y));
        }
        aqt_memwrite(d->qt, d->bars[0].addr + offset + y * PITCH_PX * 4ull,
                     line, PITCH_PX * 4);
    }
}

/* A screendump, as width, height and RGB bytes; false if it failed. */
static bool screendump(Dev *d, unsigned *w, unsigned *h, uint8_t **rgb)
{
    g_autofree char *dir = g_dir_make_tmp("aemu-display-XXXXXX", NULL);
    g_autofree char *path = g_build_filename(dir, "shot.ppm", NULL);
    g_autofree char *cmd = g_strdup_printf(
        "{\"execute\": \"screendump\", \"arguments\": {\"filename\": \"%s\"}}",
        path);
    g_autofree char *ans = aqt_qmp(d->qt, cmd, 0);
    g_autofree char *data = NULL;
    gsize len;
    unsigned maxval;
    int off = 0;

    g_assert_nonnull(ans);
    g_assert_nonnull(strstr(ans, "\"return\""));
    g_assert_true(g_file_get_contents(path, &data, &len, NULL));
    unlink(path);
    rmdir(dir);
    g_assert_cmpint(sscanf(data, "P6 %u %u %u%n", w, h, &maxval, &off), ==,
                    3);
    g_assert_cmpuint(maxval, ==, 255);
    off++;          /* the one whitespace byte after maxval */
    g_assert_cmpuint(len, ==, off + (gsize)*w * *h * 3);
    *rgb = g_memdup2(data + off, (gsize)*w * *h * 3);
    return true;
}

/* What the screen shows at (x, y): the surface, or the cursor over it. */
static uint32_t shown(unsigned tag, bool cursor, unsigned x, unsigned y)
{
    if (cursor && x >= CURSOR_X && x < CURSOR_X + CURSOR_SIZE / 2 &&
        y >= CURSOR_Y && y < CURSOR_Y + CURSOR_SIZE) {
        return CURSOR_COLOUR;
    }
    return pattern(tag, x, y);
}

static void cursor_setup(Dev *d)
{
    uint32_t img[CURSOR_SIZE * CURSOR_SIZE];

    for (unsigned i = 0; i < CURSOR_SIZE * CURSOR_SIZE; i++) {
        img[i] = GUINT32_TO_LE(i % CURSOR_SIZE < CURSOR_SIZE / 2
                               ? 0xff000000u | CURSOR_COLOUR : 0);
    }
    aqt_memwrite(d->qt, d->bars[0].addr + CURSOR_IMAGE, img, sizeof(img));
    /* DC's order: lock, attributes and position, unlock. */
    wreg(d, mmCUR_UPDATE, CUR_UPDATE__CURSOR_UPDATE_LOCK_MASK);
    wreg(d, mmCUR_CONTROL, CUR_CONTROL__CURSOR_EN_MASK |
         CURSOR_MODE_PREMULTIPLIED << CUR_CONTROL__CURSOR_MODE__SHIFT);
    wreg(d, mmCUR_SIZE, (CURSOR_SIZE - 1) << CUR_SIZE__CURSOR_WIDTH__SHIFT |
         (CURSOR_SIZE - 1) << CUR_SIZE__CURSOR_HEIGHT__SHIFT);
    wreg(d, mmCUR_SURFACE_ADDRESS_HIGH, 0);
    wreg(d, mmCUR_SURFACE_ADDRESS, (uint32_t)CURSOR_IMAGE);
    wreg(d, mmCUR_POSITION, CURSOR_X << CUR_POSITION__CURSOR_X_POSITION__SHIFT |
         CURSOR_Y << CUR_POSITION__CURSOR_Y_POSITION__SHIFT);
    wreg(d, mmCUR_HOT_SPOT, 0);
    wreg(d, mmCUR_UPDATE, 0);
}

static void expect_screen(Dev *d, unsigned tag, bool cursor)
{
    unsigned w, h;
    g_autofree uint8_t *rgb = NULL;

    screendump(d, &w, &h, &rgb);
    g_assert_cmpuint(w, ==, WIDTH);
    g_assert_cmpuint(h, ==, HEIGHT);
    for (unsigned y = 0; y < HEIGHT; y++) {
        for (unsigned x = 0; x < WIDTH; x++) {
            uint32_t p = shown(tag, cursor, x, y);
            const uint8_t *px = rgb + (y * WIDTH + x) * 3;

            g_assert_cmpuint(px[0], ==, (p >> 16) & 0xff);
            g_assert_cmpuint(px[1], ==, (p >> 8) & 0xff);
            g_assert_cmpuint(px[2], ==, p & 0xff);
        }
    }
}

static void expect_picture(Dev *d, unsigned tag)
{
    expect_screen(d, tag, false);
}

static void expect_dark(Dev *d)
{
    unsigned w, h;
    g_autofree uint8_t *rgb = NULL;

    screendump(d, &w, &h, &rgb);
    for (size_t i = 0; i < (size_t)w * h * 3; i++) {
        g_assert_cmpuint(rgb[i], ==, 0);
    }
}

static void expect_not_shown(Dev *d)
{
    unsigned w, h;
    g_autofree uint8_t *rgb = NULL;

    screendump(d, &w, &h, &rgb);
    g_assert_false(w == WIDTH && h == HEIGHT);
}

static void test_screendump(void)
{
    Dev d;

    d.qt = aqt_start("-m 512M -device amdgpu-emu");
    g_assert_true(aqt_pci_find(d.qt, ATI_VENDOR, HAWAII_XT, &d.bdf));
    aqt_pci_map_bars(d.qt, d.bdf, d.bars);
    g_assert_cmpuint(d.bars[0].size, ==, VRAM_SIZE);
    fill(&d, SURFACE_A, 0);
    fill(&d, SURFACE_B, 1);

    /* The plane: XRGB8888, linear, pitch in pixels, then its address. */
    wreg(&d, mmGRPH_CONTROL, GRPH_DEPTH_32BPP << GRPH_CONTROL__GRPH_DEPTH__SHIFT);
    wreg(&d, mmGRPH_PITCH, PITCH_PX);
    wreg(&d, mmGRPH_X_START, 0);
    wreg(&d, mmGRPH_Y_START, 0);
    wreg(&d, mmGRPH_X_END, WIDTH);
    wreg(&d, mmGRPH_Y_END, HEIGHT);
    wreg(&d, mmGRPH_PRIMARY_SURFACE_ADDRESS_HIGH, 0);
    wreg(&d, mmGRPH_PRIMARY_SURFACE_ADDRESS, (uint32_t)SURFACE_A);
    wreg(&d, mmGRPH_ENABLE, GRPH_ENABLE__GRPH_ENABLE_MASK);
    /*
     * Nothing scans out before the timing generator runs: QEMU's own
     * placeholder ("not initialized") is on the console.
     */
    expect_not_shown(&d);

    /* What the VBIOS's SetCRTC_Timing and EnableCRTC would write. */
    wreg(&d, mmCRTC_H_TOTAL, H_TOTAL - 1);
    wreg(&d, mmCRTC_V_TOTAL, V_TOTAL - 1);
    wreg(&d, mmCRTC_V_BLANK_START_END, V_BLANK_START | V_BLANK_END << 16);
    wreg(&d, mmCRTC_BLANK_CONTROL, 0);
    wreg(&d, mmCRTC_CONTROL, CRTC_CONTROL__CRTC_MASTER_EN_MASK);
    expect_picture(&d, 0);

    /* A flip waits for vblank: the old picture until the clock gets there. */
    wreg(&d, mmGRPH_PRIMARY_SURFACE_ADDRESS, (uint32_t)SURFACE_B);
    g_assert_cmphex(rreg(&d, mmGRPH_UPDATE) &
                    GRPH_UPDATE__GRPH_SURFACE_UPDATE_PENDING_MASK, !=, 0);
    expect_picture(&d, 0);
    aqt_clock_step(d.qt, FRAME_NS);
    g_assert_cmphex(rreg(&d, mmGRPH_UPDATE) &
                    GRPH_UPDATE__GRPH_SURFACE_UPDATE_PENDING_MASK, ==, 0);
    expect_picture(&d, 1);

    /* The hardware cursor, blended in; off again, the plain picture. */
    cursor_setup(&d);
    expect_screen(&d, 1, true);
    wreg(&d, mmCUR_CONTROL, 0);
    expect_picture(&d, 1);

    /* Blanked: dark at the same size. */
    wreg(&d, mmCRTC_BLANK_CONTROL, CRTC_BLANK_CONTROL__CRTC_BLANK_DATA_EN_MASK);
    expect_dark(&d);
    wreg(&d, mmCRTC_BLANK_CONTROL, 0);
    expect_picture(&d, 1);

    /* A surface whose last line runs past VRAM is not read: dark. */
    wreg(&d, mmGRPH_PRIMARY_SURFACE_ADDRESS,
         (uint32_t)(VRAM_SIZE - PITCH_PX * 4ull * (HEIGHT - 2)));
    aqt_clock_step(d.qt, FRAME_NS);
    expect_dark(&d);
    /* Every field at its maximum: a surface too large to show, dark. */
    wreg(&d, mmGRPH_PITCH, 0xffffffffu);
    wreg(&d, mmGRPH_X_END, 0xffffffffu);
    wreg(&d, mmGRPH_Y_END, 0xffffffffu);
    expect_dark(&d);
    aqt_quit(d.qt);
}

int main(int argc, char **argv)
{
    g_test_init(&argc, &argv, NULL);
    g_test_add_func("/amdgpu-emu/display/screendump", test_screendump);
    return g_test_run();
}
