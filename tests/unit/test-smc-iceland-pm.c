/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Unit tests of the Iceland/Topaz SMC's DPM behaviour (smc_iceland.c over
 * smc_smu7_body.h, smc_ci_pm.c with the SMU71 layout) as amdgpu's
 * powerplay (iceland_smumgr, smu7_hwmgr) drives it: an
 * SMU71_Discrete_DpmTable uploaded where the firmware header points,
 * through port 11 as smu7_copy_bytes_to_smc does on VI, the SMC started,
 * then message -> level -> what the clock queries and the power sample
 * report; and the flag iceland_is_dpm_running reads.
 */
#include "aemu-host.h"
#include "aemu-internal.h"
#include "amdgpu-emu/regs/topaz_regs.h"
#include "amdgpu-emu/regs/topaz_fields.h"
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
#define MSG_VOLTAGE_CNTL_ENABLE         0x109
#define MSG_VOLTAGE_CNTL_DISABLE        0x135
#define MSG_GET_CURR_PKG_PWR            0x282
#define RESULT_OK                       SMC_TEST_RESULT_OK
/* smu_7_1_1_sh_mask.h */
#define FEATURE_STATUS_VOLTAGE_CONTROLLER_ON 0x2000u
/* smu7_common.h's smu_7_1_3_d.h: where smu7_hwmgr reads the power sample. */
#define SMU7_PM_STATUS_95               0x3ff7cu

/* Where the test's firmware image puts things (the stub image's layout). */
#define HDR                     0x20000u
#define HDR_DPM_TABLE           0x34u
#define DPM_TABLE               0x20200u
/*
 * smu71_discrete.h offsets (SMU__NUM_MCLK_DPM_LEVELS 4), from a build of
 * the kernel header; each differs from smu7_discrete.h's except the counts.
 */
#define DPM_LEVEL_COUNTS        0x10cu
#define DPM_GRAPHICS_LEVEL      0x124u
#define DPM_GL_SIZE             0x30u
#define DPM_GL_SCLK             0x08u
#define DPM_MEMORY_LEVEL        0x2ecu
#define DPM_ML_SIZE             0x48u
#define DPM_ML_MCLK             0x10u
#define DPM_GRAPHICS_BOOT_LEVEL 0x544u
#define DPM_MEMORY_BOOT_LEVEL   0x54cu  /* word holding byte 0x54e */
#define SMU71_MAX_MCLK_LEVELS   4u

/* The VBIOS default clocks of the Topaz model (asic_topaz.c), 10 kHz. */
#define DEFAULT_SCLK            98000u
#define DEFAULT_MCLK            90000u

static const uint32_t sclk_levels[] = { 29400, 58800, 98000 };
static const uint32_t mclk_levels[] = { 10800, 45000, 90000 };

/* vi_smc_rreg / smu7_copy_bytes_to_smc: VI's port 11. */
static uint32_t smc_rreg(AemuTestHost *h, uint32_t ix)
{
    aemu_test_wreg(h, mmSMC_IND_INDEX_11, ix);
    return aemu_test_rreg(h, mmSMC_IND_DATA_11);
}

static void smc_wreg(AemuTestHost *h, uint32_t ix, uint32_t v)
{
    aemu_test_wreg(h, mmSMC_IND_INDEX_11, ix);
    aemu_test_wreg(h, mmSMC_IND_DATA_11, v);
}

static void set_mask(AemuTestHost *h, uint32_t msg, uint32_t mask)
{
    g_assert_cmphex(smc_msg(h, msg, &mask), ==, RESULT_OK);
}

/*
 * The firmware header and a DPM table as iceland_init_smc_table leaves
 * them (big-endian: the level counts and boot levels are bytes of their
 * words), then iceland_smu_start_smc. Boot levels: SCLK 1, MCLK 2.
 */
static AemuTestHost *smc_with_table(uint32_t dpm_table_ptr)
{
    AemuTestHost *h = aemu_test_host_new_asic(&aemu_asic_topaz, 0, 16 * MiB);

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
    smc_wreg(h, DPM_TABLE + DPM_GRAPHICS_BOOT_LEVEL, 1u << 24);
    smc_wreg(h, DPM_TABLE + DPM_MEMORY_BOOT_LEVEL, 2u << 8);
    /* The jump into the image, the clock on, out of reset. */
    smc_wreg(h, 0x0, 0xe0000000u | HDR);
    smc_wreg(h, ixSMC_SYSCON_CLOCK_CNTL_0, 0);
    smc_wreg(h, ixSMC_SYSCON_RESET_CNTL, 0);
    g_assert_true(smc_rreg(h, ixFIRMWARE_FLAGS) &
                  FIRMWARE_FLAGS__INTERRUPTS_ENABLED_MASK);
    g_assert_cmphex(smc_msg(h, MSG_DPM_ENABLE, NULL), ==, RESULT_OK);
    return h;
}

/*
 * The firmware reads the SMU71 layout: the boot levels, then the levels
 * the enabled masks leave (smu7_force_dpm_highest/lowest, pp_dpm_sclk).
 */
static void test_levels_follow_masks(void)
{
    AemuTestHost *h = smc_with_table(DPM_TABLE);

    g_assert_cmpuint(clock_query(h, MSG_GET_SCLK_FREQUENCY), ==, 58800);
    g_assert_cmpuint(clock_query(h, MSG_GET_MCLK_FREQUENCY), ==, 90000);
    g_assert_cmpuint(AEMU_REG_GET(smc_rreg(h, ixTARGET_AND_CURRENT_PROFILE_INDEX),
                                  TARGET_AND_CURRENT_PROFILE_INDEX,
                                  CURR_MCLK_INDEX), ==, 2);

    /* auto: every level enabled, an idle GPU runs at the lowest. */
    set_mask(h, MSG_SCLKDPM_SET_ENABLED_MASK, 0x7);
    set_mask(h, MSG_MCLKDPM_SET_ENABLED_MASK, 0x7);
    g_assert_cmpuint(clock_query(h, MSG_GET_SCLK_FREQUENCY), ==, 29400);
    g_assert_cmpuint(clock_query(h, MSG_GET_MCLK_FREQUENCY), ==, 10800);

    /* high: the top level of each. */
    set_mask(h, MSG_SCLKDPM_SET_ENABLED_MASK, 1u << 2);
    set_mask(h, MSG_MCLKDPM_SET_ENABLED_MASK, 1u << 2);
    g_assert_cmpuint(clock_query(h, MSG_GET_SCLK_FREQUENCY), ==, 98000);
    g_assert_cmpuint(clock_query(h, MSG_GET_MCLK_FREQUENCY), ==, 90000);

    /* One middle level, as "echo 1 > pp_dpm_mclk" asks. */
    set_mask(h, MSG_MCLKDPM_SET_ENABLED_MASK, 1u << 1);
    g_assert_cmpuint(clock_query(h, MSG_GET_MCLK_FREQUENCY), ==, 45000);
    aemu_test_host_free(h);
}

/*
 * SMU71 has four memory levels, not SMU7's six: a count past four is
 * clamped, so a fifth level is never read (it would be past MemoryLevel[]
 * in the table, inside ACPILevel); the firmware names the VBIOS default.
 */
static void test_memory_levels_clamped(void)
{
    AemuTestHost *h = smc_with_table(DPM_TABLE);

    smc_wreg(h, DPM_TABLE + DPM_LEVEL_COUNTS, 3u << 24 | 6u << 16);
    smc_wreg(h, DPM_TABLE + DPM_MEMORY_LEVEL +
                SMU71_MAX_MCLK_LEVELS * DPM_ML_SIZE + DPM_ML_MCLK, 12345);
    set_mask(h, MSG_MCLKDPM_SET_ENABLED_MASK, 1u << SMU71_MAX_MCLK_LEVELS);
    g_assert_cmpuint(clock_query(h, MSG_GET_MCLK_FREQUENCY), ==, DEFAULT_MCLK);
    set_mask(h, MSG_MCLKDPM_SET_ENABLED_MASK, 1u << 0);
    g_assert_cmpuint(clock_query(h, MSG_GET_MCLK_FREQUENCY), ==, 10800);
    aemu_test_host_free(h);
}

/* A header that points outside SRAM, or a table that would not fit. */
static void test_hostile_table_pointer(void)
{
    /* 0x3fa3c: 4 bytes short of room for the SMU71 table (0x5c8 bytes). */
    static const uint32_t bad[] = { 0, 0x3fa3c, 0x40000, 0xfffffffc, 0x20201 };

    for (unsigned i = 0; i < G_N_ELEMENTS(bad); i++) {
        AemuTestHost *h = smc_with_table(bad[i]);

        set_mask(h, MSG_SCLKDPM_SET_ENABLED_MASK, 1u << 0);
        g_assert_cmpuint(clock_query(h, MSG_GET_SCLK_FREQUENCY), ==,
                         DEFAULT_SCLK);
        g_assert_cmpuint(clock_query(h, MSG_GET_MCLK_FREQUENCY), ==,
                         DEFAULT_MCLK);
        aemu_test_host_free(h);
    }
}

/*
 * smu7_get_gpu_power on Topaz: PPSMC_MSG_GetCurrPkgPwr first (24.8 W in
 * the argument), the PM status log only if that answers 0.
 */
static uint32_t pkg_power(AemuTestHost *h)
{
    uint32_t arg = 0;

    g_assert_cmphex(smc_msg(h, MSG_GET_CURR_PKG_PWR, &arg), ==, RESULT_OK);
    return arg;
}

/* The log's sample, at the SRAM word smu7_hwmgr reads on every SMU7 part. */
static uint32_t logged_power(AemuTestHost *h)
{
    smc_msg(h, MSG_PM_STATUS_LOG_START, NULL);
    smc_wreg(h, SMU7_PM_STATUS_95, 0);
    aemu_test_host_advance(h, 500 * 1000 * 1000ull);
    smc_msg(h, MSG_PM_STATUS_LOG_SAMPLE, NULL);
    return smc_rreg(h, SMU7_PM_STATUS_95);
}

static void test_power_follows_level(void)
{
    AemuTestHost *h = smc_with_table(DPM_TABLE);
    uint32_t low, high;

    set_mask(h, MSG_SCLKDPM_SET_ENABLED_MASK, 1u << 0);
    low = pkg_power(h);
    g_assert_cmpuint(logged_power(h), ==, low);
    set_mask(h, MSG_SCLKDPM_SET_ENABLED_MASK, 1u << 2);
    high = pkg_power(h);
    g_assert_cmpuint(logged_power(h), ==, high);
    g_assert_cmpuint(low >> 8, >=, 1);
    g_assert_cmpuint(high, >, low);
    aemu_test_host_free(h);
}

/*
 * iceland_is_dpm_running: FEATURE_STATUS.VOLTAGE_CONTROLLER_ON, set by
 * the voltage-controller enable smu7_enable_dpm_tasks sends, cleared by
 * the disable of smu7_disable_dpm_tasks and by a reset of the device.
 */
static void test_dpm_running_flag(void)
{
    AemuTestHost *h = smc_with_table(DPM_TABLE);

    g_assert_cmphex(smc_rreg(h, ixFEATURE_STATUS) &
                    FEATURE_STATUS_VOLTAGE_CONTROLLER_ON, ==, 0);
    g_assert_cmphex(smc_msg(h, MSG_VOLTAGE_CNTL_ENABLE, NULL), ==, RESULT_OK);
    g_assert_cmphex(smc_rreg(h, ixFEATURE_STATUS) &
                    FEATURE_STATUS_VOLTAGE_CONTROLLER_ON, !=, 0);
    g_assert_cmphex(smc_msg(h, MSG_VOLTAGE_CNTL_DISABLE, NULL), ==, RESULT_OK);
    g_assert_cmphex(smc_rreg(h, ixFEATURE_STATUS) &
                    FEATURE_STATUS_VOLTAGE_CONTROLLER_ON, ==, 0);
    smc_msg(h, MSG_VOLTAGE_CNTL_ENABLE, NULL);
    aemu_device_reset(h->dev, AEMU_RESET_PCI_CONFIG);
    g_assert_cmphex(smc_rreg(h, ixFEATURE_STATUS) &
                    FEATURE_STATUS_VOLTAGE_CONTROLLER_ON, ==, 0);
    aemu_test_host_free(h);
}

/*
 * smu7_send_msg_to_smc waits for a non-zero SMC_RESP_0 before its first
 * message: a started firmware has it, an SMC held in reset does not.
 */
static void test_ready_after_start(void)
{
    AemuTestHost *h = aemu_test_host_new_asic(&aemu_asic_topaz, 0, 16 * MiB);

    g_assert_cmphex(aemu_test_rreg(h, mmSMC_RESP_0), ==, 0);
    aemu_test_host_free(h);
    h = smc_with_table(DPM_TABLE);
    aemu_test_wreg(h, mmSMC_RESP_0, 0);
    smc_wreg(h, ixSMC_SYSCON_RESET_CNTL, SMC_SYSCON_RESET_CNTL__rst_reg_MASK);
    smc_wreg(h, ixSMC_SYSCON_RESET_CNTL, 0);
    g_assert_cmphex(aemu_test_rreg(h, mmSMC_RESP_0), ==, RESULT_OK);
    aemu_test_host_free(h);
}

/* A stopped SMC answers nothing and changes nothing. */
static void test_stopped_smc_ignores_messages(void)
{
    AemuTestHost *h = aemu_test_host_new_asic(&aemu_asic_topaz, 0, 16 * MiB);

    g_assert_cmphex(smc_msg(h, MSG_VOLTAGE_CNTL_ENABLE, NULL), ==, 0);
    g_assert_cmphex(smc_rreg(h, ixFEATURE_STATUS), ==, 0);
    aemu_test_host_free(h);
}

int main(int argc, char **argv)
{
    g_test_init(&argc, &argv, NULL);
    g_test_add_func("/smc-iceland-pm/levels-follow-masks",
                    test_levels_follow_masks);
    g_test_add_func("/smc-iceland-pm/memory-levels-clamped",
                    test_memory_levels_clamped);
    g_test_add_func("/smc-iceland-pm/hostile-table-pointer",
                    test_hostile_table_pointer);
    g_test_add_func("/smc-iceland-pm/power-follows-level",
                    test_power_follows_level);
    g_test_add_func("/smc-iceland-pm/dpm-running-flag",
                    test_dpm_running_flag);
    g_test_add_func("/smc-iceland-pm/ready-after-start",
                    test_ready_after_start);
    g_test_add_func("/smc-iceland-pm/stopped-smc-ignores-messages",
                    test_stopped_smc_ignores_messages);
    return g_test_run();
}
