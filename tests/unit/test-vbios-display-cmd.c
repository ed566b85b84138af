/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Unit tests of the VBIOS's display command tables (core/vbios_display_cmd.c)
 * executed against the display engine model: the tests' ATOM interpreter
 * (atom-interp.h, written from the drivers' atom.c) runs SetCRTC_Timing
 * and EnableCRTC with the parameters DC's command_table.c builds, and the
 * test checks the CRTC registers and that the raster runs. Any opcode the
 * interpreter does not know fails the test.
 */
#include "atom-interp.h"
#include "aemu-internal.h"
#include "vbios_atom.h"
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
    /* Nothing landed on pipe 0. */
    g_assert_cmpuint(aemu_test_rreg(h, mmCRTC_H_TOTAL), ==, 0);

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

/* The tables that only return run, and change nothing; DTD is absent. */
static void test_end_only_tables(void)
{
    AemuTestHost *h = aemu_test_host_new("hawaii", 64 * MiB, 16 * MiB);
    AtomInterp in = { .h = h, .rom = hawaii_rom(h) };
    uint32_t ps[8] = { 0x1234, 0x5678 };
    static const unsigned slots[] = {
        SLOT_SET_PIXEL_CLOCK, SLOT_ADJUST_DISPLAY_PLL, SLOT_TRANSMITTER,
    };

    for (size_t i = 0; i < G_N_ELEMENTS(slots); i++) {
        g_assert_true(execute(&in, slots[i], ps));
        g_assert_cmphex(ps[0], ==, 0x1234);     /* in-out left as passed */
    }
    g_assert_cmpuint(in.reg_writes, ==, 0);
    /* DC falls back to SetCRTC_Timing v1 only when DTD's is absent. */
    g_assert_false(execute(&in, SLOT_SET_CRTC_DTD, ps));
    aemu_test_host_free(h);
}

int main(int argc, char **argv)
{
    g_test_init(&argc, &argv, NULL);
    g_test_add_func("/vbios-display-cmd/mode-set", test_mode_set);
    g_test_add_func("/vbios-display-cmd/borders-bad-crtc",
                    test_borders_and_bad_crtc);
    g_test_add_func("/vbios-display-cmd/end-only", test_end_only_tables);
    return g_test_run();
}
