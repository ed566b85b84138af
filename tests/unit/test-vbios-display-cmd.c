/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Unit tests of the VBIOS's display command tables (core/vbios_display_cmd.c)
 * executed against the display engine model: the tests' ATOM interpreter
 * (atom-interp.h, written from the drivers' atom.c) runs SetCRTC_Timing
 * and EnableCRTC with the parameters DC's command_table.c builds, and the
 * test checks the CRTC registers and that the raster runs; SetPixelClock
 * with the dividers DC computes programs a PLL and the raster's refresh
 * follows it. Any opcode the interpreter does not know fails the test.
 */
#include "atom-interp.h"
#include "aemu-internal.h"
#include "vbios_atom.h"
#include "dce_v8.h"
#include "amdgpu-emu/regs/cik_regs.h"
#include "amdgpu-emu/regs/cik_fields.h"

#define MiB (1024ull * 1024ull)

/* Master command table slots (atombios.h). */
#define SLOT_SET_PIXEL_CLOCK    12
#define SLOT_ADJUST_DISPLAY_PLL 17
#define SLOT_ENABLE_CRTC        35
#define SLOT_SET_CRTC_TIMING    39
#define SLOT_SET_CRTC_DTD       49
#define SLOT_TRANSMITTER        76
#define SLOT_ENABLE_SCALER      33
#define SLOT_BLANK_CRTC         34
#define SLOT_SET_CRTC_OVERSCAN  40
#define SLOT_SELECT_CRTC_SOURCE 42
#define SLOT_UPDATE_DOUBLE_BUFFER 44
#define SLOT_DIG_ENCODER        4
#define PS_DWORDS               8

/* Runs the command table in slot with params; false if the slot is empty. */
static bool execute(AtomInterp *in, unsigned slot, uint32_t *params)
{
    return atom_interp_run(in, slot, params, PS_DWORDS);
}

static uint8_t *hawaii_rom(AemuTestHost *h)
{
    g_assert_nonnull(h->dev->rom);
    return h->dev->rom;
}

/* DC's set_crtc_timing_v1 for 1080p60 CEA (h 1920/2200 sync 2008+44). */
static void timing_params(uint32_t *ps, uint8_t crtc)
{
    uint8_t b[24] = { 0 };

    b[0] = 2200 & 0xff; b[1] = 2200 >> 8;       /* usH_Total */
    b[2] = 1920 & 0xff; b[3] = 1920 >> 8;       /* usH_Disp */
    b[4] = 2008 & 0xff; b[5] = 2008 >> 8;       /* usH_SyncStart */
    b[6] = 44;                                  /* usH_SyncWidth */
    b[8] = 1125 & 0xff; b[9] = 1125 >> 8;       /* usV_Total */
    b[10] = 1080 & 0xff; b[11] = 1080 >> 8;     /* usV_Disp */
    b[12] = 1084 & 0xff; b[13] = 1084 >> 8;     /* usV_SyncStart */
    b[14] = 5;                                  /* usV_SyncWidth */
    b[18] = crtc;
    memcpy(ps, b, sizeof(b));
}

/* 1080p60 CEA's registers on the pipe at offset c, and none on pipe 0. */
static void assert_1080p(AemuTestHost *h, uint32_t c)
{
    g_assert_cmpuint(aemu_test_rreg(h, mmCRTC_H_TOTAL + c), ==, 2199);
    g_assert_cmpuint(aemu_test_rreg(h, mmCRTC_V_TOTAL + c), ==, 1124);
    /* Blank: end = 2200 - 2008 = 192, start = 192 + 1920 = 2112. */
    g_assert_cmphex(aemu_test_rreg(h, mmCRTC_H_BLANK_START_END + c), ==,
                    2112 | 192u << 16);
    /* Vertical: end = 1125 - 1084 = 41, start = 41 + 1080 = 1121. */
    g_assert_cmphex(aemu_test_rreg(h, mmCRTC_V_BLANK_START_END + c), ==,
                    1121 | 41u << 16);
    g_assert_cmphex(aemu_test_rreg(h, mmCRTC_H_SYNC_A + c), ==, 44u << 16);
    g_assert_cmphex(aemu_test_rreg(h, mmCRTC_V_SYNC_A + c), ==, 5u << 16);
    g_assert_cmpuint(aemu_test_rreg(h, mmCRTC_H_TOTAL), ==, 0);
}

/*
 * SetCRTC_Timing on CRTC 2 (block 0x2600) writes that pipe's timing as
 * DC's direct path would; EnableCRTC starts and stops it.
 */
static void test_mode_set(void)
{
    AemuTestHost *h = aemu_test_host_new("hawaii", 64 * MiB, 16 * MiB);
    AtomInterp in = { .h = h, .rom = hawaii_rom(h) };
    const uint32_t c = mmCRTC2_CRTC_CONTROL - mmCRTC_CONTROL;
    uint32_t ps[8] = { 0 };

    timing_params(ps, 2);
    g_assert_true(execute(&in, SLOT_SET_CRTC_TIMING, ps));
    assert_1080p(h, c);

    /* EnableCRTC(CRTC 2, enable): the raster runs and moves. */
    ps[0] = 2 | 1 << 8;
    g_assert_true(execute(&in, SLOT_ENABLE_CRTC, ps));
    g_assert_cmphex(aemu_test_rreg(h, mmCRTC_CONTROL + c) &
                    CRTC_CONTROL__CRTC_CURRENT_MASTER_EN_STATE_MASK, !=, 0);
    aemu_test_host_advance(h, 1000000000ull / 60 / 2);
    g_assert_cmpuint(AEMU_REG_GET(aemu_test_rreg(h, mmCRTC_STATUS_POSITION + c),
                                  CRTC_STATUS_POSITION, CRTC_VERT_COUNT),
                     >, 500);
    g_assert_cmphex(aemu_test_rreg(h, mmCRTC_CONTROL) &
                    CRTC_CONTROL__CRTC_MASTER_EN_MASK, ==, 0);
    /* EnableCRTC(CRTC 2, disable) stops it; other bits stay. */
    ps[0] = 2;
    g_assert_true(execute(&in, SLOT_ENABLE_CRTC, ps));
    g_assert_cmphex(aemu_test_rreg(h, mmCRTC_CONTROL + c) &
                    (CRTC_CONTROL__CRTC_MASTER_EN_MASK |
                     CRTC_CONTROL__CRTC_CURRENT_MASTER_EN_STATE_MASK), ==, 0);
    aemu_test_host_free(h);
}

/* Borders move the blank window; an unknown CRTC writes nothing. */
static void test_borders_and_bad_crtc(void)
{
    AemuTestHost *h = aemu_test_host_new("hawaii", 64 * MiB, 16 * MiB);
    AtomInterp in = { .h = h, .rom = hawaii_rom(h) };
    uint32_t ps[8] = { 0 };

    timing_params(ps, 0);
    ((uint8_t *)ps)[19] = 8;    /* right */
    ((uint8_t *)ps)[20] = 16;   /* left */
    ((uint8_t *)ps)[21] = 2;    /* bottom */
    ((uint8_t *)ps)[22] = 4;    /* top */
    g_assert_true(execute(&in, SLOT_SET_CRTC_TIMING, ps));
    /* end = 2200 - 2008 - 16 = 176; start = 176 + 1920 + 16 + 8. */
    g_assert_cmphex(aemu_test_rreg(h, mmCRTC_H_BLANK_START_END), ==,
                    2120 | 176u << 16);
    g_assert_cmphex(aemu_test_rreg(h, mmCRTC_V_BLANK_START_END), ==,
                    (41 - 4 + 1080 + 4 + 2) | (41u - 4) << 16);

    in.reg_writes = 0;
    timing_params(ps, 6);
    g_assert_true(execute(&in, SLOT_SET_CRTC_TIMING, ps));
    ps[0] = 0xff | 1 << 8;
    g_assert_true(execute(&in, SLOT_ENABLE_CRTC, ps));
    g_assert_cmpuint(in.reg_writes, ==, 0);
    aemu_test_host_free(h);
}

/* The tables that only return run, and change nothing. */
static void test_end_only_tables(void)
{
    AemuTestHost *h = aemu_test_host_new("hawaii", 64 * MiB, 16 * MiB);
    AtomInterp in = { .h = h, .rom = hawaii_rom(h) };
    uint32_t ps[8] = { 0x1234, 0x5678 };
    static const unsigned slots[] = {
        SLOT_ADJUST_DISPLAY_PLL, SLOT_TRANSMITTER,
        SLOT_DIG_ENCODER, SLOT_ENABLE_SCALER, SLOT_SET_CRTC_OVERSCAN,
        SLOT_SELECT_CRTC_SOURCE, SLOT_UPDATE_DOUBLE_BUFFER,
    };

    for (size_t i = 0; i < G_N_ELEMENTS(slots); i++) {
        g_assert_true(execute(&in, slots[i], ps));
        g_assert_cmphex(ps[0], ==, 0x1234);     /* in-out left as passed */
    }
    g_assert_cmpuint(in.reg_writes, ==, 0);
    aemu_test_host_free(h);
}

/* A table's content revision, from the command master table. */
static uint8_t table_crev(const uint8_t *rom, unsigned slot)
{
    size_t atom = ai_rd16(rom, AI_ROM_ATOM_HEADER_PTR);
    size_t master = ai_rd16(rom, atom + AI_ROM_CMD_MASTER_PTR);
    size_t t = ai_rd16(rom, master + 4 + 2 * slot);

    g_assert_cmpuint(t, !=, 0);
    return rom[t + 3];
}

/*
 * radeon's atombios_set_crtc_dtd_timing for 1080p60 on CRTC 2 (the EDID
 * detailed timing: blanking 280/45, sync offset 88/4): the same registers
 * as SetCRTC_Timing's; with borders, the blank window moves as in
 * SetCRTC_Timing with the same borders on both sides. Its revision is
 * 1.1: DC takes DTD only from 3 and keeps SetCRTC_Timing.
 */
static void dtd_params(uint32_t *ps, uint8_t crtc, uint8_t hb, uint8_t vb)
{
    uint8_t b[24] = { 0 };
    const uint16_t w[8] = {
        1920 - 2 * hb, 280 + 2 * hb, 1080 - 2 * vb, 45 + 2 * vb,
        88 + hb, 44, 4 + vb, 5,
    };

    for (int i = 0; i < 8; i++) {
        b[2 * i] = w[i] & 0xff;
        b[2 * i + 1] = w[i] >> 8;
    }
    b[18] = hb;
    b[19] = vb;
    b[20] = crtc;
    memcpy(ps, b, sizeof(b));
}

static void test_dtd_timing(void)
{
    AemuTestHost *h = aemu_test_host_new("hawaii", 64 * MiB, 16 * MiB);
    AtomInterp in = { .h = h, .rom = hawaii_rom(h) };
    const uint32_t c = mmCRTC2_CRTC_CONTROL - mmCRTC_CONTROL;
    uint32_t ps[8] = { 0 };

    g_assert_cmpuint(table_crev(in.rom, SLOT_SET_CRTC_DTD), ==, 1);
    dtd_params(ps, 2, 0, 0);
    g_assert_true(execute(&in, SLOT_SET_CRTC_DTD, ps));
    assert_1080p(h, c);

    /* Borders 8 and 2: end = 2200 - 2008 - 8, start = end + 1904 + 16. */
    dtd_params(ps, 0, 8, 2);
    g_assert_true(execute(&in, SLOT_SET_CRTC_DTD, ps));
    g_assert_cmpuint(aemu_test_rreg(h, mmCRTC_H_TOTAL), ==, 2199);
    g_assert_cmphex(aemu_test_rreg(h, mmCRTC_H_BLANK_START_END), ==,
                    (184 + 1904 + 16) | 184u << 16);
    g_assert_cmphex(aemu_test_rreg(h, mmCRTC_V_BLANK_START_END), ==,
                    (39 + 1076 + 4) | 39u << 16);

    /* An unknown CRTC writes nothing. */
    in.reg_writes = 0;
    dtd_params(ps, 6, 0, 0);
    g_assert_true(execute(&in, SLOT_SET_CRTC_DTD, ps));
    g_assert_cmpuint(in.reg_writes, ==, 0);
    aemu_test_host_free(h);
}

/* BlankCRTC sets and clears CRTC_BLANK_DATA_EN of its CRTC only. */
static void test_blank_crtc(void)
{
    AemuTestHost *h = aemu_test_host_new("hawaii", 64 * MiB, 16 * MiB);
    AtomInterp in = { .h = h, .rom = hawaii_rom(h) };
    const uint32_t c = mmCRTC1_CRTC_CONTROL - mmCRTC_CONTROL;
    const uint32_t blank = CRTC_BLANK_CONTROL__CRTC_BLANK_DATA_EN_MASK |
                           CRTC_BLANK_CONTROL__CRTC_CURRENT_BLANK_STATE_MASK;
    uint32_t ps[2] = { 0 };

    ps[0] = 1 | 1 << 8;         /* ucCRTC 1, ucBlanking */
    g_assert_true(execute(&in, SLOT_BLANK_CRTC, ps));
    g_assert_cmphex(aemu_test_rreg(h, mmCRTC_BLANK_CONTROL + c) & blank, ==,
                    blank);
    g_assert_cmphex(aemu_test_rreg(h, mmCRTC_BLANK_CONTROL) & blank, ==, 0);
    ps[0] = 1;
    g_assert_true(execute(&in, SLOT_BLANK_CRTC, ps));
    g_assert_cmphex(aemu_test_rreg(h, mmCRTC_BLANK_CONTROL + c) & blank, ==,
                    0);
    aemu_test_host_free(h);
}

/*
 * PIXEL_CLOCK_PARAMETERS_V6 as DC's set_pixel_clock_v6 (and radeon's
 * atombios_crtc_program_pll) fill it: clock in 10 kHz units with the CRTC
 * in the top byte, the dividers, the PLL, the fraction in millionths.
 */
static void pixel_clock_params(uint32_t *ps, uint32_t clock_10khz,
                               uint8_t crtc, uint8_t ppll, uint8_t ref,
                               uint16_t fb, uint32_t frac, uint8_t post)
{
    uint8_t b[16] = { 0 };

    b[0] = clock_10khz & 0xff;
    b[1] = clock_10khz >> 8 & 0xff;
    b[2] = clock_10khz >> 16 & 0xff;
    b[3] = crtc;
    b[4] = fb & 0xff; b[5] = fb >> 8;           /* usFbDiv */
    b[6] = post;                                /* ucPostDiv */
    b[7] = ref;                                 /* ucRefDiv */
    b[8] = ppll;                                /* ucPpll */
    b[12] = frac & 0xff; b[13] = frac >> 8 & 0xff;
    b[14] = frac >> 16 & 0xff;                  /* ulFbDivDecFrac */
    memcpy(ps, b, sizeof(b));
}

/* The frames a running CRTC 2 counts in one second of virtual time. */
static uint32_t frames_in_a_second(AemuTestHost *h)
{
    const uint32_t c = mmCRTC2_CRTC_CONTROL - mmCRTC_CONTROL;
    uint32_t f0 = aemu_test_rreg(h, mmCRTC_STATUS_FRAME_COUNT + c);

    aemu_test_host_advance(h, 1000000000ull);
    return aemu_test_rreg(h, mmCRTC_STATUS_FRAME_COUNT + c) - f0;
}

static void test_pixel_clock(void)
{
    AemuTestHost *h = aemu_test_host_new("hawaii", 64 * MiB, 16 * MiB);
    AtomInterp in = { .h = h, .rom = hawaii_rom(h) };
    const uint32_t pll1 = mmDCCG_PLL1_PLL_REF_DIV - mmPLL_REF_DIV;
    uint32_t ps[8] = { 0 };

    /* 1080p (2200 x 1125) on CRTC 2, running before any clock: 60 Hz. */
    timing_params(ps, 2);
    g_assert_true(execute(&in, SLOT_SET_CRTC_TIMING, ps));
    memset(ps, 0, sizeof(ps));
    ps[0] = 2 | 1 << 8;
    g_assert_true(execute(&in, SLOT_ENABLE_CRTC, ps));
    g_assert_cmpuint(frames_in_a_second(h), ==, 60);

    /*
     * PPLL2 (id 1, block DCCG_PLL1) at 27 MHz x 55.5 / (1 x 10) = 149.85
     * MHz: the fraction 0.5 in millionths becomes 5 tenths.
     */
    pixel_clock_params(ps, 14985, 2, 1, 1, 55, 500000, 10);
    g_assert_true(execute(&in, SLOT_SET_PIXEL_CLOCK, ps));
    g_assert_cmphex(aemu_test_rreg(h, mmPLL_REF_DIV + pll1), ==, 1);
    g_assert_cmphex(aemu_test_rreg(h, mmPLL_FB_DIV + pll1), ==, 55u << 16 | 5);
    g_assert_cmphex(aemu_test_rreg(h, mmPLL_POST_DIV + pll1), ==, 10);
    g_assert_cmpuint(AEMU_REG_GET(aemu_test_rreg(h, mmCRTC2_PIXEL_RATE_CNTL),
                                  CRTC0_PIXEL_RATE_CNTL,
                                  CRTC0_PIXEL_RATE_SOURCE), ==, 1);
    g_assert_cmpuint(dce_v8_pixel_clock_hz(h->dev, 2), ==, 149850000);
    /* 149.85 MHz / (2200 x 1125) = 60.5 Hz: 60 frames, the 61st soon. */
    g_assert_cmpuint(frames_in_a_second(h) + frames_in_a_second(h), ==, 121);
    g_assert_cmpuint(dce_v8_pixel_clock_hz(h->dev, 0), ==, 0);

    /* 800x600 at 75 Hz's 49.5 MHz: 27 x 11 / 6, on the same totals. */
    pixel_clock_params(ps, 4950, 2, 1, 1, 11, 0, 6);
    g_assert_true(execute(&in, SLOT_SET_PIXEL_CLOCK, ps));
    g_assert_cmpuint(dce_v8_pixel_clock_hz(h->dev, 2), ==, 49500000);
    g_assert_cmpuint(frames_in_a_second(h), ==, 20);

    /* Clock 0 powers the PLL down: back to the nominal 60 Hz. */
    pixel_clock_params(ps, 0, 2, 1, 1, 11, 0, 6);
    g_assert_true(execute(&in, SLOT_SET_PIXEL_CLOCK, ps));
    g_assert_cmpuint(aemu_test_rreg(h, mmPLL_POST_DIV + pll1), ==, 0);
    g_assert_cmpuint(dce_v8_pixel_clock_hz(h->dev, 2), ==, 0);
    g_assert_cmpuint(frames_in_a_second(h), ==, 60);

    /* An unknown PLL or CRTC writes nothing. */
    in.reg_writes = 0;
    pixel_clock_params(ps, 14985, 2, 7, 1, 55, 0, 10);
    g_assert_true(execute(&in, SLOT_SET_PIXEL_CLOCK, ps));
    g_assert_cmpuint(in.reg_writes, ==, 0);
    pixel_clock_params(ps, 14985, 9, 1, 1, 55, 0, 10);
    g_assert_true(execute(&in, SLOT_SET_PIXEL_CLOCK, ps));
    g_assert_cmpuint(AEMU_REG_GET(aemu_test_rreg(h, mmCRTC2_PIXEL_RATE_CNTL),
                                  CRTC0_PIXEL_RATE_CNTL,
                                  CRTC0_PIXEL_RATE_SOURCE), ==, 1);
    aemu_test_host_free(h);
}

/* A hostile guest's dividers: the clock is bounded, the raster too. */
static void test_pixel_clock_hostile(void)
{
    AemuTestHost *h = aemu_test_host_new("hawaii", 64 * MiB, 16 * MiB);
    const uint32_t c = mmCRTC2_CRTC_CONTROL - mmCRTC_CONTROL;
    uint32_t f0;

    /* The fastest PLL (feedback 4095.9, dividers 1) on a 1 x 1 raster. */
    aemu_test_wreg(h, mmPLL_REF_DIV, 1);
    aemu_test_wreg(h, mmPLL_FB_DIV, 0xfff0000 | 0xf);
    aemu_test_wreg(h, mmPLL_POST_DIV, 1);
    aemu_test_wreg(h, mmCRTC2_PIXEL_RATE_CNTL, 0);
    aemu_test_wreg(h, mmCRTC_H_TOTAL + c, 0);
    aemu_test_wreg(h, mmCRTC_V_TOTAL + c, 0);
    aemu_test_wreg(h, mmCRTC_CONTROL + c, CRTC_CONTROL__CRTC_MASTER_EN_MASK);
    g_assert_cmpuint(dce_v8_pixel_clock_hz(h->dev, 2), >, 100000000000ull);
    f0 = aemu_test_rreg(h, mmCRTC_STATUS_FRAME_COUNT + c);
    aemu_test_host_advance(h, 1000000000ull);
    /* At most the model's fastest refresh (1 kHz). */
    g_assert_cmpuint(aemu_test_rreg(h, mmCRTC_STATUS_FRAME_COUNT + c) - f0,
                     <=, 1000);
    /* The slowest: frames of 16384 x 16384 pixels at 27 MHz / 127. */
    aemu_test_wreg(h, mmPLL_FB_DIV, 1u << 16);
    aemu_test_wreg(h, mmPLL_REF_DIV, 1);
    aemu_test_wreg(h, mmPLL_POST_DIV, 127);
    aemu_test_wreg(h, mmCRTC_H_TOTAL + c, 0x3fff);
    aemu_test_wreg(h, mmCRTC_V_TOTAL + c, 0x3fff);
    f0 = aemu_test_rreg(h, mmCRTC_STATUS_FRAME_COUNT + c);
    aemu_test_host_advance(h, 1000000000ull);
    g_assert_cmpuint(aemu_test_rreg(h, mmCRTC_STATUS_FRAME_COUNT + c) - f0,
                     ==, 0);
    aemu_test_host_free(h);
}

int main(int argc, char **argv)
{
    g_test_init(&argc, &argv, NULL);
    g_test_add_func("/vbios-display-cmd/mode-set", test_mode_set);
    g_test_add_func("/vbios-display-cmd/borders-bad-crtc",
                    test_borders_and_bad_crtc);
    g_test_add_func("/vbios-display-cmd/end-only", test_end_only_tables);
    g_test_add_func("/vbios-display-cmd/dtd-timing", test_dtd_timing);
    g_test_add_func("/vbios-display-cmd/blank-crtc", test_blank_crtc);
    g_test_add_func("/vbios-display-cmd/pixel-clock", test_pixel_clock);
    g_test_add_func("/vbios-display-cmd/pixel-clock-hostile",
                    test_pixel_clock_hostile);
    return g_test_run();
}
