/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * amdgpu-emu core: the RS780 VBIOS's PowerPlayInfo, a PPLib table as
 * R6xx-era IGP boards carry it (layouts: pptable.h, #pragma pack(1)):
 * format revision 4 (radeon_atombios_get_power_modes reads frev 4 and 5
 * with radeon_atombios_parse_power_table_4_5, rs780_dpm's
 * rs780_parse_power_table reads the same arrays), the base
 * ATOM_PPLIB_POWERPLAYTABLE with no extensions, ATOM_PPLIB_STATE entries
 * of one clock index each, ATOM_PPLIB_RS780_CLOCK_INFO clock entries and
 * version-1 ATOM_PPLIB_NONCLOCK_INFO entries (12 bytes, no UVD clocks).
 *
 * Three states, the boot one first and then low to high, the order
 * rs780_pm_init_profile's three-state profiles index:
 *  0 boot: the FirmwareInfo clock (radeon patches the boot state with it
 *    anyway), high VDDC;
 *  1 battery: 200 to 300 MHz, low VDDC (the profiles "low" and "mid", and
 *    every profile while no CRTC is on: radeon then takes dpms_off_ps_idx);
 *  2 performance: 300 MHz to the FirmwareInfo clock, variable VDDC (the
 *    "high" profile with a display on).
 * radeon's profile method takes an IGP state's clock from the clock
 * info's low engine clock (radeon_atombios_parse_pplib_clock_info; rs780
 * DPM uses both ends). VDDC is one of the ATOM_PPLIB_RS780_VOLTAGE_*
 * levels, which only rs780 DPM reads. No sideport memory: the memory
 * clock is ATOM_PPLIB_RS780_SPMCLK_NONE. The HT link in every state is
 * the one IntegratedSystemInfo reports (its frequency in MHz, the form
 * usHTLinkFreq takes from 200 up, and its width as both ends: no dynamic
 * link width), and the table sets no platform caps (no HT link, voltage
 * or sideport control) and no thermal controller.
 */
#include "vbios_atom.h"
#include "vbios_put.h"
#include "vbios_pplib.h"

/* The table's revision (its common header). */
#define PP_FREV                 4
#define PP_CREV                 1

/* ATOM_PPLIB_STATE with one clock index: non-clock index, clock index. */
#define PP_STATE_SIZE           2

/* ATOM_PPLIB_RS780_CLOCK_INFO. */
#define RS780_CI_LOW_SCLK       0       /* u16 low, u8 high */
#define RS780_CI_HIGH_SCLK      3
#define RS780_CI_MEMORY_CLOCK   6
#define RS780_CI_VDDC           10
#define RS780_CI_MAX_HT_WIDTH   12
#define RS780_CI_MIN_HT_WIDTH   13
#define RS780_CI_HT_FREQ        14
#define RS780_CI_FLAGS          16
#define RS780_CI_SIZE           20
#define RS780_VOLTAGE_LOW       1       /* ATOM_PPLIB_RS780_VOLTAGE_* */
#define RS780_VOLTAGE_HIGH      2
#define RS780_VOLTAGE_VARIABLE  3
#define RS780_SPMCLK_NONE       0

/* ATOM_PPLIB_NONCLOCK_INFO, version 1 (ATOM_PPLIB_NONCLOCKINFO_VER1). */
#define NCI_CLASSIFICATION      0
#define NCI_CAPS_AND_SETTINGS   4
#define NCI_V1_SIZE             12
#define CLASS_UI_BATTERY        0x0001  /* ATOM_PPLIB_CLASSIFICATION_* */
#define CLASS_UI_PERFORMANCE    0x0005
#define CLASS_BOOT              0x0008
#define PCIE_LINK_WIDTH_SHIFT   3       /* ATOM_PPLIB_PCIE_LINK_WIDTH_SHIFT */
#define PCIE_LANES              16

/* 10 kHz units; MHz in the HT field. */
#define BATTERY_SCLK_LOW        20000
#define BATTERY_SCLK_HIGH       30000
#define PERFORMANCE_SCLK_LOW    30000
#define HT_FREQ_10KHZ_PER_MHZ   100

enum { STATE_BOOT, STATE_BATTERY, STATE_PERFORMANCE, NUM_STATES };

typedef struct Rs780State {
    uint32_t sclk_low, sclk_high;       /* 0: the FirmwareInfo clock */
    uint16_t vddc;
    uint16_t classification;
} Rs780State;

static const Rs780State states[NUM_STATES] = {
    [STATE_BOOT] = { 0, 0, RS780_VOLTAGE_HIGH, CLASS_BOOT },
    [STATE_BATTERY] = { BATTERY_SCLK_LOW, BATTERY_SCLK_HIGH,
                        RS780_VOLTAGE_LOW, CLASS_UI_BATTERY },
    [STATE_PERFORMANCE] = { PERFORMANCE_SCLK_LOW, 0, RS780_VOLTAGE_VARIABLE,
                            CLASS_UI_PERFORMANCE },
};

/* A PPLib 24-bit clock: u16 low, u8 high. */
static void put_clock24(uint8_t *t, size_t off, uint32_t clk)
{
    put16(t, off, clk & 0xffff);
    t[off + 2] = (uint8_t)(clk >> 16);
}

size_t aemu_vbios_build_rs780_powerplay(const AemuVbiosParams *p, uint8_t *t,
                                        size_t cap)
{
    size_t states_off = PP_BASE_SIZE;
    size_t clocks_off = states_off + NUM_STATES * PP_STATE_SIZE;
    size_t nonclock_off = clocks_off + NUM_STATES * RS780_CI_SIZE;
    size_t size = nonclock_off + NUM_STATES * NCI_V1_SIZE;
    uint32_t dflt = p->default_sclk_10khz;
    uint16_t ht_mhz = (uint16_t)(p->igp_ht_link_freq_10khz /
                                 HT_FREQ_10KHZ_PER_MHZ);

    if (size > cap) {
        return 0;
    }
    t[PP_DATA_REVISION] = 0;
    t[PP_NUM_STATES] = NUM_STATES;
    t[PP_STATE_ENTRY_SIZE] = PP_STATE_SIZE;
    t[PP_CLOCK_INFO_SIZE] = RS780_CI_SIZE;
    t[PP_NONCLOCK_SIZE] = NCI_V1_SIZE;
    put16(t, PP_STATE_ARRAY, states_off);
    put16(t, PP_CLOCK_INFO_ARRAY, clocks_off);
    put16(t, PP_NONCLOCK_ARRAY, nonclock_off);
    put16(t, PP_TABLE_SIZE, PP_BASE_SIZE);
    put32(t, PP_PLATFORM_CAPS, 0);
    t[PP_THERMAL_CONTROLLER] = 0;
    put16(t, PP_BOOT_CLOCK_INFO, clocks_off + STATE_BOOT * RS780_CI_SIZE);
    put16(t, PP_BOOT_NONCLOCK_INFO, nonclock_off + STATE_BOOT * NCI_V1_SIZE);

    for (unsigned i = 0; i < NUM_STATES; i++) {
        const Rs780State *s = &states[i];
        uint8_t *ci = t + clocks_off + i * RS780_CI_SIZE;
        uint8_t *nci = t + nonclock_off + i * NCI_V1_SIZE;

        /* State i uses clock info i and non-clock info i. */
        t[states_off + i * PP_STATE_SIZE] = (uint8_t)i;
        t[states_off + i * PP_STATE_SIZE + 1] = (uint8_t)i;

        put_clock24(ci, RS780_CI_LOW_SCLK, s->sclk_low ? s->sclk_low : dflt);
        put_clock24(ci, RS780_CI_HIGH_SCLK,
                    s->sclk_high ? s->sclk_high : dflt);
        put_clock24(ci, RS780_CI_MEMORY_CLOCK, RS780_SPMCLK_NONE);
        put16(ci, RS780_CI_VDDC, s->vddc);
        ci[RS780_CI_MAX_HT_WIDTH] = (uint8_t)p->igp_ht_link_width;
        ci[RS780_CI_MIN_HT_WIDTH] = (uint8_t)p->igp_ht_link_width;
        put16(ci, RS780_CI_HT_FREQ, ht_mhz);
        put32(ci, RS780_CI_FLAGS, 0);

        put16(nci, NCI_CLASSIFICATION, s->classification);
        put32(nci, NCI_CAPS_AND_SETTINGS,
              (PCIE_LANES - 1) << PCIE_LINK_WIDTH_SHIFT);
    }
    put_table_header(t, 0, size, PP_FREV, PP_CREV);
    return size;
}
