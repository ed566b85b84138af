/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * amdgpu-emu core: the SMU7 SMC of CI (Sea Islands) and Iceland/Topaz
 * parts, the body smc_ci.c and smc_iceland.c compile, each after its
 * chip's register headers (the SMU 7.1.1 space moved FIRMWARE_FLAGS and
 * SMC_IND_ACCESS_CNTL; the rest of what the model touches is where CIK
 * has it). What differs beyond the offsets is in the block files.
 *
 * SMC_IND_INDEX_n/SMC_IND_DATA_n reach the SMC's address space:
 *  - its SRAM, [0, 0x40000): ci_load_smc_ucode streams the firmware image
 *    to 0x20000 (big-endian dwords, as the SMC sees them), and ci_dpm reads
 *    the SMU7 firmware header there and writes its tables where the header
 *    points (ci_process_firmware_header, ci_init_smc_table...);
 *  - the ROM port (ixROM_INDEX/ixROM_DATA): cik_read_bios_from_rom reads the
 *    VBIOS through it without a ROM BAR;
 *  - registers: the SMC's reset, clock and PC (cik_need_reset_on_init and
 *    ci_is_smc_running decide from them whether it runs), the boot sequence
 *    flag ci_upload_firmware polls, the clock-pin strap cik_get_xclk reads,
 *    and the DPM level indices; the rest is storage.
 *
 * At power-on the SMC is held in reset with its clock off, so the drivers
 * neither reset the ASIC on init nor talk to it. radeon's DPM (its default
 * on CI) then boots it as ci_dpm_start_smc does: a jump at SRAM 0, clock
 * on, reset off. The model has no SMC processor: "booting" means that the
 * firmware reports its interrupts enabled (FIRMWARE_FLAGS) and a PC inside
 * the image, and from then on answers every message on SMC_MESSAGE_0 with
 * PPSMC_Result_OK in SMC_RESP_0. Nothing is refused. The firmware starts
 * at the boot levels of the DPM table the driver uploaded; the enabled-
 * level masks move the current-level indices (an idle GPU runs at its
 * lowest enabled level), and the two clock queries answer with the clock
 * of the current level, read from that table (smc_ci_pm.c). The sensors
 * the drivers read (activity soft registers, PM status power sample,
 * CG_MULT_THERMAL_STATUS) answer from smc_ci_pm.c's model. There is no fan
 * controller: the VBIOS says so (NOFAN), and the FDO registers are storage.
 */
#ifndef AMDGPU_EMU_SMC_SMU7_BODY_H
#define AMDGPU_EMU_SMC_SMU7_BODY_H

#include <string.h>
#include "aemu-internal.h"
#include "state.h"
#include "smc_ci_pm.h"

/*
 * The block file says where its firmware's DPM table keeps the levels
 * (smc_ci_pm.h): SMU7's on CI, SMU71's on Iceland.
 */
#ifndef SMC_DPM_LAYOUT
#error "define SMC_DPM_LAYOUT before including smc_smu7_body.h"
#endif

/* ppsmc.h: results and the messages the model gives an effect. */
#define PPSMC_RESULT_OK                     0x01
#define PPSMC_MSG_SCLKDPM_SET_ENABLED_MASK  0x145
#define PPSMC_MSG_MCLKDPM_SET_ENABLED_MASK  0x146
#define PPSMC_MSG_PCIEDPM_FORCE_LEVEL       0x147
#define PPSMC_MSG_PCIEDPM_UNFORCE_LEVEL     0x148
#define PPSMC_MSG_API_GET_SCLK_FREQUENCY    0x200
#define PPSMC_MSG_API_GET_MCLK_FREQUENCY    0x201
#define PPSMC_MSG_PM_STATUS_LOG_START       0x170
#define PPSMC_MSG_PM_STATUS_LOG_SAMPLE      0x171

/* smu7.h SMU7_Firmware_Header.SoftRegisters, and in SMU7_SoftRegisters
 * the two activity averages smu7_read_sensor reads (8.8 percent). */
#define SMU7_HDR_SOFT_REGISTERS             0x30u
#define SOFT_REG_AVERAGE_GRAPHICS_A         0x3cu
#define SOFT_REG_AVERAGE_MEMORY_A           0x40u
/*
 * SMU_PM_STATUS_95, the SRAM word of the power sample: where smu7_hwmgr
 * reads it on every SMU7 part (smu7_common.h's smu_7_1_3 offsets; CIK's
 * header agrees), not at smu_7_1_1's 0x33F7C for Iceland.
 */
#define SMU7_PM_STATUS_95                   0x3ff7cu
/* The PC a running firmware reports: past the 256-byte header. */
#define SMC_RUNNING_PC                      (SMU7_FIRMWARE_HEADER_LOCATION + 0x100u)

/* cikd.h CURR_PCIE_INDEX in TARGET_AND_CURRENT_PROFILE_INDEX_1 [27:24]. */
#define CURR_PCIE_INDEX_SHIFT               24
#define CURR_PCIE_INDEX_MASK                (0xfu << CURR_PCIE_INDEX_SHIFT)

typedef struct SmcState {
    GHashTable *regs;           /* SMC indirect space: ix -> value */
    uint32_t rom_index;         /* byte offset of the next ROM_DATA read */
    uint32_t *sram;             /* SMC SRAM, [0, AEMU_SMC_SRAM_SIZE) */
    bool running;               /* out of reset, clocked, firmware booted */
    AemuSmcPm pm;               /* activity the firmware averages */
} SmcState;

static SmcState *smc(AemuDevice *d)
{
    return aemu_block_priv(d, AEMU_BLOCK_SMC);
}

static uint32_t rom_data_read(AemuDevice *d)
{
    uint32_t v = 0;
    uint32_t off = smc(d)->rom_index;

    /* Past the image the ROM reads as erased. */
    for (unsigned i = 0; i < 4; i++) {
        uint8_t b = off + i < d->rom_size ? d->rom[off + i] : 0xff;
        v |= (uint32_t)b << (8 * i);
    }
    smc(d)->rom_index += 4;
    return v;
}

static uint32_t *sram_word(AemuDevice *d, uint32_t ix)
{
    return &smc(d)->sram[(ix & (AEMU_SMC_SRAM_SIZE - 1)) / 4];
}

static void set_field(AemuDevice *d, uint32_t ix, uint32_t mask,
                      unsigned shift, uint32_t value)
{
    uint32_t v = aemu_sparse_get(smc(d)->regs, ix);

    aemu_sparse_set(smc(d)->regs, ix, (v & ~mask) | ((value << shift) & mask));
}

/* The DPM level index the firmware runs a domain at. */
static unsigned current_level(AemuDevice *d, AemuSmcDomain dom)
{
    uint32_t v = aemu_sparse_get(smc(d)->regs,
                                 ixTARGET_AND_CURRENT_PROFILE_INDEX);

    return dom == AEMU_SMC_SCLK ?
        AEMU_REG_GET(v, TARGET_AND_CURRENT_PROFILE_INDEX, CURR_SCLK_INDEX) :
        AEMU_REG_GET(v, TARGET_AND_CURRENT_PROFILE_INDEX, CURR_MCLK_INDEX);
}

static void set_current_level(AemuDevice *d, AemuSmcDomain dom, unsigned level)
{
    uint32_t v = aemu_sparse_get(smc(d)->regs,
                                 ixTARGET_AND_CURRENT_PROFILE_INDEX);

    v = dom == AEMU_SMC_SCLK ?
        AEMU_REG_SET(v, TARGET_AND_CURRENT_PROFILE_INDEX, CURR_SCLK_INDEX, level) :
        AEMU_REG_SET(v, TARGET_AND_CURRENT_PROFILE_INDEX, CURR_MCLK_INDEX, level);
    aemu_sparse_set(smc(d)->regs, ixTARGET_AND_CURRENT_PROFILE_INDEX, v);
}

/* The clock (10 kHz) the domain runs at: its current level's, in the table. */
static uint32_t current_clock(AemuDevice *d, AemuSmcDomain dom)
{
    const AemuVbiosParams *v = &d->asic->vbios;

    return aemu_smc_ci_level_clock(SMC_DPM_LAYOUT, smc(d)->sram, dom,
                                   current_level(d, dom),
                                   dom == AEMU_SMC_SCLK ? v->default_sclk_10khz
                                                        : v->default_mclk_10khz);
}

/* A starting firmware runs at the levels the table names for boot. */
static void smc_start_at_boot_levels(AemuDevice *d)
{
    const uint32_t *sram = smc(d)->sram;

    set_current_level(d, AEMU_SMC_SCLK,
                      aemu_smc_ci_boot_level(SMC_DPM_LAYOUT, sram, AEMU_SMC_SCLK));
    set_current_level(d, AEMU_SMC_MCLK,
                      aemu_smc_ci_boot_level(SMC_DPM_LAYOUT, sram, AEMU_SMC_MCLK));
}

/* Package power (24.8 W) at the current SCLK and activity. */
static uint32_t smc_power(AemuDevice *d)
{
    uint32_t top = aemu_smc_ci_top_clock(SMC_DPM_LAYOUT, smc(d)->sram,
                                         AEMU_SMC_SCLK,
                                         d->asic->vbios.default_sclk_10khz);

    aemu_smc_ci_pm_sample(d, &smc(d)->pm);
    return aemu_smc_ci_power(&smc(d)->pm, current_clock(d, AEMU_SMC_SCLK), top);
}

/* What one chip's firmware does when it starts (its block file defines it). */
static void smc_chip_started(AemuDevice *d);

/*
 * Re-evaluates the run state after a reset or clock write. Out of reset
 * with its clock on, the SMC starts at SRAM 0, where ci_program_jump_on_start
 * put the jump into the firmware; without one it runs nothing.
 */
static void smc_update_run_state(AemuDevice *d)
{
    bool reset = aemu_sparse_get(smc(d)->regs, ixSMC_SYSCON_RESET_CNTL) &
                 SMC_SYSCON_RESET_CNTL__rst_reg_MASK;
    bool clock_off = aemu_sparse_get(smc(d)->regs, ixSMC_SYSCON_CLOCK_CNTL_0) &
                     SMC_SYSCON_CLOCK_CNTL_0__ck_disable_MASK;
    uint32_t *flags = sram_word(d, ixFIRMWARE_FLAGS);

    if (reset) {
        smc(d)->running = false;
        aemu_sparse_set(smc(d)->regs, ixSMC_PC_C, 0);
        *flags &= ~FIRMWARE_FLAGS__INTERRUPTS_ENABLED_MASK;
        return;
    }
    if (clock_off || smc(d)->running || *sram_word(d, 0) == 0) {
        /* A stopped clock freezes the SMC where it is. */
        return;
    }
    smc(d)->running = true;
    aemu_sparse_set(smc(d)->regs, ixSMC_PC_C, SMC_RUNNING_PC);
    *flags |= FIRMWARE_FLAGS__INTERRUPTS_ENABLED_MASK;
    smc_start_at_boot_levels(d);
    aemu_smc_ci_pm_reset(d, &smc(d)->pm);
    smc_chip_started(d);
}

static bool smc_clocked_and_running(AemuDevice *d)
{
    return smc(d)->running &&
           !(aemu_sparse_get(smc(d)->regs, ixSMC_SYSCON_CLOCK_CNTL_0) &
             SMC_SYSCON_CLOCK_CNTL_0__ck_disable_MASK);
}

/*
 * The firmware keeps the activity averages in its soft registers, where
 * the header says they are; the model fills them when they are read.
 */
static void smc_refresh_activity(AemuDevice *d, uint32_t ix)
{
    uint32_t soft = *sram_word(d, SMU7_FIRMWARE_HEADER_LOCATION +
                                  SMU7_HDR_SOFT_REGISTERS);
    uint32_t word = ix & ~3u;

    if (!smc(d)->running || soft == 0 ||
        (word != soft + SOFT_REG_AVERAGE_GRAPHICS_A &&
         word != soft + SOFT_REG_AVERAGE_MEMORY_A)) {
        return;
    }
    aemu_smc_ci_pm_sample(d, &smc(d)->pm);
    *sram_word(d, soft + SOFT_REG_AVERAGE_GRAPHICS_A) = smc(d)->pm.gfx_activity;
    *sram_word(d, soft + SOFT_REG_AVERAGE_MEMORY_A) = smc(d)->pm.mem_activity;
}

/* CG_MULT_THERMAL_STATUS: the die temperature, while the SMC runs DPM. */
static uint32_t smc_thermal_status(AemuDevice *d)
{
    uint32_t v = aemu_sparse_get(smc(d)->regs, ixCG_MULT_THERMAL_STATUS);
    uint32_t t = aemu_smc_ci_temperature(smc_power(d));

    return AEMU_REG_SET(v, CG_MULT_THERMAL_STATUS, CTF_TEMP, t);
}

/*
 * SMC_SCRATCH9[15:8]: the MC arbiter set the firmware runs the memory
 * timings from (ppsmc.h's MC_CG_ARB_FREQ_F0..F3). The drivers switch sets
 * through MC_ARB_CG.CG_ARB_REQ (smu7_copy_and_switch_arb_sets, radeon's
 * ni_copy_and_switch_arb_sets) and read here which set runs, to switch
 * back to F0 before they stop DPM (suspend, unload): a value that is no
 * set fails that with -EINVAL. At power-on the boot set F0 runs.
 */
#define MC_CG_ARB_FREQ_F0                   0x0au
#define SMC_SCRATCH9_ARB_SET_SHIFT          8
#define SMC_SCRATCH9_ARB_SET_MASK           0x0000ff00u

static uint32_t smc_scratch9(AemuDevice *d)
{
    uint32_t set = AEMU_REG_GET(d->regs[mmMC_ARB_CG], MC_ARB_CG, CG_ARB_REQ);
    uint32_t v = aemu_sparse_get(smc(d)->regs, ixSMC_SCRATCH9);

    if (set == 0) {
        set = MC_CG_ARB_FREQ_F0;
    }
    return (v & ~SMC_SCRATCH9_ARB_SET_MASK) |
           (set << SMC_SCRATCH9_ARB_SET_SHIFT);
}

static uint32_t smc_ind_read(AemuDevice *d, uint32_t ix)
{
    if (ix < AEMU_SMC_SRAM_SIZE) {
        smc_refresh_activity(d, ix);
        return *sram_word(d, ix);
    }
    switch (ix) {
    case ixCG_MULT_THERMAL_STATUS:
        return smc_thermal_status(d);
    case ixSMC_SCRATCH9:
        return smc_scratch9(d);
    case ixROM_DATA:
        return rom_data_read(d);
    case ixROM_INDEX:
        return smc(d)->rom_index;
    default:
        return aemu_sparse_get(smc(d)->regs, ix);
    }
}

static void smc_ind_write(AemuDevice *d, uint32_t ix, uint32_t value)
{
    if (ix < AEMU_SMC_SRAM_SIZE) {
        *sram_word(d, ix) = value;
        return;
    }
    switch (ix) {
    case ixROM_INDEX:
        smc(d)->rom_index = value;
        return;
    case ixROM_DATA:
    case ixSMC_PC_C:
    case ixRCU_UC_EVENTS:
    case ixCG_VCLK_STATUS:
    case ixCG_DCLK_STATUS:
    case ixCG_ECLK_STATUS:
        /* Read-only status. */
        return;
    case ixSMC_SYSCON_RESET_CNTL:
    case ixSMC_SYSCON_CLOCK_CNTL_0:
        aemu_sparse_set(smc(d)->regs, ix, value);
        smc_update_run_state(d);
        return;
    default:
        if (!aemu_sparse_set(smc(d)->regs, ix, value)) {
            aemu_guest_error(d, "SMC write to index 0x%x dropped: more than "
                             "%u SMC registers in use", ix,
                             AEMU_SPARSE_MAX_ENTRIES);
        }
        return;
    }
}

/*
 * The index/data ports (SMC_IND_INDEX_n, SMC_IND_DATA_n): each data
 * register follows its index register. CIK's drivers use port 0; VI's
 * vi_smc_rreg uses port 11, and iceland_smumgr streams the firmware
 * through port 0.
 */
G_STATIC_ASSERT(mmSMC_IND_DATA_0 - mmSMC_IND_INDEX_0 == 1);

static uint32_t *smc_port_index(AemuDevice *d, uint32_t data_dw)
{
    return &d->regs[data_dw - 1];
}

/*
 * SMC_IND_ACCESS_CNTL asks for port 0's index to advance after each
 * access (the other ports have their own AUTO_INCREMENT bits, which no
 * driver sets).
 */
static void smc_ind_advance(AemuDevice *d, uint32_t data_dw)
{
    if (data_dw == mmSMC_IND_DATA_0 &&
        (d->regs[mmSMC_IND_ACCESS_CNTL] &
         SMC_IND_ACCESS_CNTL__AUTO_INCREMENT_IND_0_MASK)) {
        *smc_port_index(d, data_dw) += 4;
    }
}

static uint32_t smc_ind_data_read(AemuDevice *d, uint32_t dw)
{
    uint32_t v = smc_ind_read(d, *smc_port_index(d, dw));

    smc_ind_advance(d, dw);
    return v;
}

static void smc_ind_data_write(AemuDevice *d, uint32_t dw, uint32_t value)
{
    smc_ind_write(d, *smc_port_index(d, dw), value);
    smc_ind_advance(d, dw);
}

/* The messages only one chip's firmware has (its block file defines it). */
static void smc_chip_message(AemuDevice *d, uint32_t msg, uint32_t arg);

/* The lowest level set in a non-empty DPM enable mask: an idle GPU's level. */
static uint32_t lowest_level(uint32_t mask)
{
    return (uint32_t)__builtin_ctz(mask);
}

/* What the firmware does for a message, before it answers OK. */
static void smc_message(AemuDevice *d, uint32_t msg)
{
    uint32_t arg = d->regs[mmSMC_MSG_ARG_0];

    switch (msg) {
    case PPSMC_MSG_API_GET_SCLK_FREQUENCY:
        /* ci_get_average_sclk_freq, smu7_read_sensor: 10 kHz, in the argument. */
        d->regs[mmSMC_MSG_ARG_0] = current_clock(d, AEMU_SMC_SCLK);
        break;
    case PPSMC_MSG_API_GET_MCLK_FREQUENCY:
        d->regs[mmSMC_MSG_ARG_0] = current_clock(d, AEMU_SMC_MCLK);
        break;
    case PPSMC_MSG_SCLKDPM_SET_ENABLED_MASK:
        /*
         * ci_dpm_force_performance_level polls for the level it forced.
         * An empty mask (smu7_force_clock_level ANDs the request with the
         * enabled levels) leaves the firmware where it runs.
         */
        if (arg) {
            set_current_level(d, AEMU_SMC_SCLK, lowest_level(arg));
        }
        break;
    case PPSMC_MSG_MCLKDPM_SET_ENABLED_MASK:
        if (arg) {
            set_current_level(d, AEMU_SMC_MCLK, lowest_level(arg));
        }
        break;
    case PPSMC_MSG_PM_STATUS_LOG_START:
        /* A new log: the next sample averages from now. */
        aemu_smc_ci_pm_reset(d, &smc(d)->pm);
        break;
    case PPSMC_MSG_PM_STATUS_LOG_SAMPLE:
        /* smu7_get_gpu_power polls SMU_PM_STATUS_95 for a non-zero power. */
        *sram_word(d, SMU7_PM_STATUS_95) = smc_power(d);
        break;
    case PPSMC_MSG_PCIEDPM_FORCE_LEVEL:
        set_field(d, ixTARGET_AND_CURRENT_PROFILE_INDEX_1,
                  CURR_PCIE_INDEX_MASK, CURR_PCIE_INDEX_SHIFT, arg);
        break;
    case PPSMC_MSG_PCIEDPM_UNFORCE_LEVEL:
        set_field(d, ixTARGET_AND_CURRENT_PROFILE_INDEX_1,
                  CURR_PCIE_INDEX_MASK, CURR_PCIE_INDEX_SHIFT, 0);
        break;
    default:
        smc_chip_message(d, msg, arg);
        break;
    }
}

/*
 * ci_send_msg_to_smc writes the message and polls SMC_RESP_0 until it is
 * non-zero. A running firmware answers at once; a stopped SMC never does.
 */
static void smc_message_write(AemuDevice *d, uint32_t dw, uint32_t value)
{
    d->regs[dw] = value;
    if (!smc_clocked_and_running(d)) {
        d->regs[mmSMC_RESP_0] = 0;
        return;
    }
    smc_message(d, value & 0xffff);
    d->regs[mmSMC_RESP_0] = PPSMC_RESULT_OK;
}

/*
 * What a byte or word write through SMC_IND_DATA keeps: the indexed SMC
 * register, without the data read's auto-increment. ROM_DATA's read would
 * advance the ROM index, and it ignores writes anyway.
 */
static uint32_t smc_ind_data_latch(AemuDevice *d, uint32_t dw)
{
    uint32_t ix = *smc_port_index(d, dw);

    return ix == ixROM_DATA ? 0 : smc_ind_read(d, ix);
}

static const AemuRegHandler smc_ind_data = {
    .block = "smc", .read = smc_ind_data_read, .write = smc_ind_data_write,
    .latch = smc_ind_data_latch,
};

static const AemuRegHandler smc_msg = {
    .block = "smc", .write = smc_message_write,
};

static void smc_init(AemuDevice *d, void *priv)
{
    smc(d)->regs = g_hash_table_new(g_direct_hash, g_direct_equal);
    smc(d)->sram = g_malloc0(AEMU_SMC_SRAM_SIZE);
    aemu_reg_claim(d, mmSMC_IND_DATA_0, &smc_ind_data);
    aemu_reg_claim(d, mmSMC_MESSAGE_0, &smc_msg);
}

static void smc_reset(AemuDevice *d, void *priv, AemuResetKind kind)
{
    g_hash_table_remove_all(smc(d)->regs);
    memset(smc(d)->sram, 0, AEMU_SMC_SRAM_SIZE);
    smc(d)->rom_index = 0;
    smc(d)->running = false;
    /* Held in reset with its clock off: cik_need_reset_on_init sees it idle. */
    aemu_sparse_set(smc(d)->regs, ixSMC_SYSCON_RESET_CNTL,
                    SMC_SYSCON_RESET_CNTL__rst_reg_MASK);
    aemu_sparse_set(smc(d)->regs, ixSMC_SYSCON_CLOCK_CNTL_0,
                    SMC_SYSCON_CLOCK_CNTL_0__ck_disable_MASK);
    aemu_sparse_set(smc(d)->regs, ixSMC_PC_C, 0);
    /* The boot ROM's sequence has run (ci_upload_firmware polls for it). */
    aemu_sparse_set(smc(d)->regs, ixRCU_UC_EVENTS,
                    RCU_UC_EVENTS__boot_seq_done_MASK);
    /* XTALIN_DIVIDE clear: the GPU timestamp runs at the reference clock. */
    aemu_sparse_set(smc(d)->regs, ixCG_CLKPIN_CNTL, 0);
    /*
     * The UVD and VCE clocks are locked whatever their dividers say
     * (cik_set_uvd_clocks / cik_set_vce_clocks poll these bits 100 x 10 ms
     * after each divider change; the model has no PLL to wait for).
     */
    aemu_sparse_set(smc(d)->regs, ixCG_VCLK_STATUS,
                    CG_VCLK_STATUS__VCLK_STATUS_MASK);
    aemu_sparse_set(smc(d)->regs, ixCG_DCLK_STATUS,
                    CG_DCLK_STATUS__DCLK_STATUS_MASK);
    aemu_sparse_set(smc(d)->regs, ixCG_ECLK_STATUS,
                    CG_ECLK_STATUS__ECLK_STATUS_MASK);
}

static void smc_fini(AemuDevice *d, void *priv)
{
    g_hash_table_destroy(smc(d)->regs);
    g_free(smc(d)->sram);
}

/* Snapshots (state.h): the indirect space, the SRAM, the ROM reader. */
static void smc_state(AemuDevice *d, void *priv, AemuStateIo *s)
{
    SmcState *smc = priv;

    aemu_state_sparse(s, smc->regs, "SMC space");
    aemu_state_bytes(s, smc->sram, AEMU_SMC_SRAM_SIZE);
    AEMU_STATE(s, smc->rom_index);
    AEMU_STATE_BOOL(s, smc->running);
    AEMU_STATE(s, smc->pm.window_ns);
    AEMU_STATE(s, smc->pm.gfx_busy_ns);
    AEMU_STATE(s, smc->pm.mem_busy_ns);
    AEMU_STATE(s, smc->pm.gfx_activity);
    AEMU_STATE(s, smc->pm.mem_activity);
}

#endif
