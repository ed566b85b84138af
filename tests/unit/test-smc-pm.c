/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Unit tests of the CI SMC's DPM behaviour (smc_ci.c, smc_ci_pm.c) as
 * amdgpu's powerplay (ci_smumgr, smu7_hwmgr) and radeon's ci_dpm drive it:
 * a DPM table uploaded where the firmware header points, the SMC started,
 * then message -> level -> what the clock queries and sensors report.
 */
#include "aemu-host.h"
#include "aemu-internal.h"
#include "amdgpu-emu/regs/cik_regs.h"
#include "amdgpu-emu/regs/cik_fields.h"
#include "smc-test.h"
#include "smc-msg-test.h"

#define MiB (1024ull * 1024ull)

/* smu7_ppsmc.h */
#define MSG_SCLKDPM_SET_ENABLED_MASK    0x145
#define MSG_MCLKDPM_SET_ENABLED_MASK    0x146
#define MSG_DPM_ENABLE                  0x14e
#define MSG_PM_STATUS_LOG_START         0x170
#define MSG_PM_STATUS_LOG_SAMPLE        0x171
#define MSG_GET_SCLK_FREQUENCY          0x200
#define MSG_GET_MCLK_FREQUENCY          0x201

/* Where the test's firmware image puts things (the stub image's layout). */
#define HDR                     0x20000u
#define HDR_SOFT_REGISTERS      0x30u
#define HDR_DPM_TABLE           0x34u
#define SOFT_REGS               0x20100u
#define DPM_TABLE               0x20200u
/* smu7_discrete.h offsets, from a build of the kernel header. */
#define DPM_LEVEL_COUNTS        0x10cu
#define DPM_GRAPHICS_LEVEL      0x128u
#define DPM_GL_SIZE             0x38u
#define DPM_GL_SCLK             0x0cu
#define DPM_MEMORY_LEVEL        0x330u
#define DPM_ML_SIZE             0x48u
#define DPM_ML_MCLK             0x10u
#define DPM_GRAPHICS_BOOT_LEVEL 0x770u
#define DPM_MEMORY_BOOT_LEVEL   0x778u  /* word holding byte 0x77a */
#define SOFT_AVERAGE_GRAPHICS_A 0x3cu
#define SOFT_AVERAGE_MEMORY_A   0x40u

/* The VBIOS default clocks of the Hawaii model (asic_hawaii.c), 10 kHz. */
#define DEFAULT_SCLK            100000u
#define DEFAULT_MCLK            125000u

static const uint32_t sclk_levels[] = { 30000, 60000, 100000 };
static const uint32_t mclk_levels[] = { 15000, 125000 };

/*
 * The firmware header and a DPM table as ci_init_smc_table leaves them
 * (big-endian: the level counts and boot levels are the top bytes of their
 * words), then ci_start_smc.
 */
static AemuTestHost *smc_with_table(uint32_t dpm_table_ptr)
{
    AemuTestHost *h = aemu_test_host_new(NULL, 0, 16 * MiB);

    smc_wreg(h, HDR + HDR_SOFT_REGISTERS, SOFT_REGS);
    smc_wreg(h, HDR + HDR_DPM_TABLE, dpm_table_ptr);
    smc_wreg(h, DPM_TABLE + DPM_LEVEL_COUNTS,
             G_N_ELEMENTS(sclk_levels) << 24 | G_N_ELEMENTS(mclk_levels) << 16);
    for (unsigned i = 0; i < G_N_ELEMENTS(sclk_levels); i++) {
        smc_wreg(h, DPM_TABLE + DPM_GRAPHICS_LEVEL + i * DPM_GL_SIZE +
                    DPM_GL_SCLK, sclk_levels[i]);
    }
    for (unsigned i = 0; i < G_N_ELEMENTS(mclk_levels); i++) {
        smc_wreg(h, DPM_TABLE + DPM_MEMORY_LEVEL + i * DPM_ML_SIZE +
                    DPM_ML_MCLK, mclk_levels[i]);
    }
    /* Boot at the top levels, where the VBIOS default clocks are. */
    smc_wreg(h, DPM_TABLE + DPM_GRAPHICS_BOOT_LEVEL, 2u << 24);
    smc_wreg(h, DPM_TABLE + DPM_MEMORY_BOOT_LEVEL, 1u << 8);
    /* ci_program_jump_on_start, ci_start_smc_clock, ci_start_smc. */
    smc_wreg(h, 0x0, 0xe0008040);
    smc_wreg(h, ixSMC_SYSCON_CLOCK_CNTL_0, 0);
    smc_wreg(h, ixSMC_SYSCON_RESET_CNTL, 0);
    g_assert_true(smc_rreg(h, ixFIRMWARE_FLAGS) &
                  FIRMWARE_FLAGS__INTERRUPTS_ENABLED_MASK);
    g_assert_cmphex(smc_msg(h, MSG_DPM_ENABLE, NULL), ==, 1);
    return h;
}

/* Enabled-level masks (smu7_force_clock_level, pp_dpm_sclk) -> clocks. */
/*
 * The MC arbiter set in SMC_SCRATCH9[15:8] follows MC_ARB_CG.CG_ARB_REQ:
 * F0 at power-on, then the set the driver switched to, which is what
 * smu7_force_switch_to_arbf0 reads before it stops DPM (suspend, unload).
 */
static void test_arb_set_in_scratch9(void)
{
    /* ppsmc.h MC_CG_ARB_FREQ_F0 and _F1. */
    const uint32_t f0 = 0x0a, f1 = 0x0b;
    AemuTestHost *h = aemu_test_host_new(NULL, 0, 16 * MiB);

    g_assert_cmphex((smc_rreg(h, ixSMC_SCRATCH9) >> 8) & 0xff, ==, f0);
    aemu_test_wreg(h, mmMC_ARB_CG,
                   AEMU_REG_SET(0, MC_ARB_CG, CG_ARB_REQ, f1));
    g_assert_cmphex((smc_rreg(h, ixSMC_SCRATCH9) >> 8) & 0xff, ==, f1);
    /* The other bytes stay the firmware's scratch storage. */
    smc_wreg(h, ixSMC_SCRATCH9, 0x12345678);
    g_assert_cmphex(smc_rreg(h, ixSMC_SCRATCH9), ==, 0x12340b78);
    aemu_device_reset(h->dev, AEMU_RESET_PCI_CONFIG);
    g_assert_cmphex((smc_rreg(h, ixSMC_SCRATCH9) >> 8) & 0xff, ==, f0);
    aemu_test_host_free(h);
}

static void test_levels_follow_masks(void)
{
    AemuTestHost *h = smc_with_table(DPM_TABLE);
    uint32_t mask;

    /* The firmware starts at the table's boot levels. */
    g_assert_cmpuint(clock_query(h, MSG_GET_SCLK_FREQUENCY), ==, 100000);
    g_assert_cmpuint(clock_query(h, MSG_GET_MCLK_FREQUENCY), ==, 125000);

    /* auto: every level enabled, an idle GPU runs at the lowest. */
    mask = 0x7;
    smc_msg(h, MSG_SCLKDPM_SET_ENABLED_MASK, &mask);
    mask = 0x3;
    smc_msg(h, MSG_MCLKDPM_SET_ENABLED_MASK, &mask);
    g_assert_cmpuint(clock_query(h, MSG_GET_SCLK_FREQUENCY), ==, 30000);
    g_assert_cmpuint(clock_query(h, MSG_GET_MCLK_FREQUENCY), ==, 15000);
    g_assert_cmphex(AEMU_REG_GET(smc_rreg(h, ixTARGET_AND_CURRENT_PROFILE_INDEX),
                                 TARGET_AND_CURRENT_PROFILE_INDEX,
                                 CURR_SCLK_INDEX), ==, 0);

    /* One level forced (high, or "echo 1 > pp_dpm_sclk"). */
    mask = 1u << 1;
    smc_msg(h, MSG_SCLKDPM_SET_ENABLED_MASK, &mask);
    g_assert_cmpuint(clock_query(h, MSG_GET_SCLK_FREQUENCY), ==, 60000);
    mask = 1u << 2;
    smc_msg(h, MSG_SCLKDPM_SET_ENABLED_MASK, &mask);
    g_assert_cmpuint(clock_query(h, MSG_GET_SCLK_FREQUENCY), ==, 100000);
    mask = 1u << 1;
    smc_msg(h, MSG_MCLKDPM_SET_ENABLED_MASK, &mask);
    g_assert_cmpuint(clock_query(h, MSG_GET_MCLK_FREQUENCY), ==, 125000);

    /* An empty mask leaves the level where it is. */
    mask = 0;
    smc_msg(h, MSG_SCLKDPM_SET_ENABLED_MASK, &mask);
    g_assert_cmpuint(clock_query(h, MSG_GET_SCLK_FREQUENCY), ==, 100000);

    /* A level the table does not have: the firmware names no table clock. */
    mask = 1u << 7;
    smc_msg(h, MSG_SCLKDPM_SET_ENABLED_MASK, &mask);
    g_assert_cmpuint(clock_query(h, MSG_GET_SCLK_FREQUENCY), ==, DEFAULT_SCLK);
    aemu_test_host_free(h);
}

/* A header that points outside SRAM, or no table: the VBIOS defaults. */
static void test_hostile_table_pointer(void)
{
    static const uint32_t bad[] = { 0, 0x3fff0, 0x40000, 0xfffffffc, 0x20201 };

    for (unsigned i = 0; i < G_N_ELEMENTS(bad); i++) {
        AemuTestHost *h = smc_with_table(bad[i]);
        uint32_t mask = 1u << 1;

        smc_msg(h, MSG_SCLKDPM_SET_ENABLED_MASK, &mask);
        g_assert_cmpuint(clock_query(h, MSG_GET_SCLK_FREQUENCY), ==,
                         DEFAULT_SCLK);
        g_assert_cmpuint(clock_query(h, MSG_GET_MCLK_FREQUENCY), ==,
                         DEFAULT_MCLK);
        aemu_test_host_free(h);
    }
    /* Level counts past the SMU7 maximum are clamped, never read beyond. */
    {
        AemuTestHost *h = smc_with_table(DPM_TABLE);
        uint32_t mask = 1u << 20;

        smc_wreg(h, DPM_TABLE + DPM_LEVEL_COUNTS, 0xffff0000);
        smc_msg(h, MSG_SCLKDPM_SET_ENABLED_MASK, &mask);
        g_assert_cmpuint(clock_query(h, MSG_GET_SCLK_FREQUENCY), ==,
                         DEFAULT_SCLK);
        aemu_test_host_free(h);
    }
}

/* smu7_get_gpu_power: start a log, clear the status word, sample. */
static uint32_t power_sample(AemuTestHost *h)
{
    smc_msg(h, MSG_PM_STATUS_LOG_START, NULL);
    smc_wreg(h, ixSMU_PM_STATUS_95, 0);
    aemu_test_host_advance(h, 500 * 1000 * 1000ull);
    smc_msg(h, MSG_PM_STATUS_LOG_SAMPLE, NULL);
    return smc_rreg(h, ixSMU_PM_STATUS_95);
}

static uint32_t temperature(AemuTestHost *h)
{
    return AEMU_REG_GET(smc_rreg(h, ixCG_MULT_THERMAL_STATUS),
                        CG_MULT_THERMAL_STATUS, CTF_TEMP);
}

/* Power and temperature follow the level the driver forces. */
static void test_power_and_temperature(void)
{
    AemuTestHost *h = smc_with_table(DPM_TABLE);
    uint32_t mask = 1u << 0, low_w, high_w, low_t, high_t;

    smc_msg(h, MSG_SCLKDPM_SET_ENABLED_MASK, &mask);
    low_w = power_sample(h);
    low_t = temperature(h);
    mask = 1u << 2;
    smc_msg(h, MSG_SCLKDPM_SET_ENABLED_MASK, &mask);
    high_w = power_sample(h);
    high_t = temperature(h);

    /* 24.8 fixed-point watts, non-zero (the driver polls until it is). */
    g_assert_cmpuint(low_w >> 8, >=, 1);
    g_assert_cmpuint(high_w, >, low_w);
    /* An idle board is below its 250 W TDP even at the top level. */
    g_assert_cmpuint(high_w >> 8, <, 250);
    /* Degrees C in CTF_TEMP (bit 9 would mean "below range"). */
    g_assert_cmpuint(low_t, >=, 25);
    g_assert_cmpuint(high_t, >=, low_t);
    g_assert_cmpuint(high_t, <, 0x200);
    aemu_test_host_free(h);
}

/* The gfx engines' busy time over a window is the graphics activity. */
static void test_activity(void)
{
    AemuTestHost *h = smc_with_table(DPM_TABLE);
    AemuEngine *gfx = NULL;
    uint32_t mask = 1u << 2, idle_w, busy_w;

    for (unsigned i = 0; i < aemu_engine_count(h->dev); i++) {
        AemuEngine *e = aemu_engine_at(h->dev, i);

        if (e->cls == AEMU_ENGINE_CLASS_GFX) {
            gfx = e;
            break;
        }
    }
    g_assert_nonnull(gfx);
    smc_msg(h, MSG_SCLKDPM_SET_ENABLED_MASK, &mask);

    /* Idle: 0 %, read as smu7_read_sensor does ((v + 0x80) >> 8). */
    aemu_test_host_advance(h, 20 * 1000 * 1000ull);
    g_assert_cmpuint((smc_rreg(h, SOFT_REGS + SOFT_AVERAGE_GRAPHICS_A) + 0x80)
                     >> 8, ==, 0);
    idle_w = power_sample(h);

    /* Busy for half of the next window: 50 %. */
    aemu_test_host_advance(h, 20 * 1000 * 1000ull);
    smc_rreg(h, SOFT_REGS + SOFT_AVERAGE_GRAPHICS_A);
    gfx->busy_ns += 10 * 1000 * 1000ull;
    aemu_test_host_advance(h, 20 * 1000 * 1000ull);
    g_assert_cmpuint((smc_rreg(h, SOFT_REGS + SOFT_AVERAGE_GRAPHICS_A) + 0x80)
                     >> 8, ==, 50);
    /* Memory activity counts SDMA, which did nothing. */
    g_assert_cmpuint(smc_rreg(h, SOFT_REGS + SOFT_AVERAGE_MEMORY_A), ==, 0);

    /* Fully busy at the top level draws more than idle there. */
    smc_msg(h, MSG_PM_STATUS_LOG_START, NULL);
    gfx->busy_ns += 500 * 1000 * 1000ull;
    aemu_test_host_advance(h, 500 * 1000 * 1000ull);
    smc_msg(h, MSG_PM_STATUS_LOG_SAMPLE, NULL);
    busy_w = smc_rreg(h, ixSMU_PM_STATUS_95);
    g_assert_cmpuint(busy_w, >, idle_w);
    g_assert_cmpuint(busy_w >> 8, <=, 250);
    aemu_test_host_free(h);
}

int main(int argc, char **argv)
{
    g_test_init(&argc, &argv, NULL);
    g_test_add_func("/smc-pm/levels-follow-masks", test_levels_follow_masks);
    g_test_add_func("/smc-pm/hostile-table-pointer", test_hostile_table_pointer);
    g_test_add_func("/smc-pm/power-and-temperature", test_power_and_temperature);
    g_test_add_func("/smc-pm/activity", test_activity);
    g_test_add_func("/smc-pm/arb-set-in-scratch9", test_arb_set_in_scratch9);
    return g_test_run();
}
