/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * amdgpu-emu core: the SMC of Iceland/Topaz (SMU 7.1.1), iceland_smumgr's.
 *
 * The SMU7 model of smc_smu7_body.h on Topaz's register offsets, plus what
 * VI adds:
 *  - a second index/data port, SMC_IND_INDEX_11/SMC_IND_DATA_11: VI's
 *    RREG32_SMC/WREG32_SMC (vi_smc_rreg) and the driver's waits on SMC
 *    registers go through it; iceland_smumgr streams the firmware image
 *    through port 0 with auto-increment, as CI does;
 *  - the firmware-loading handshake of smu7_request_smu_load_fw: on VI the
 *    SMU, not the driver, loads the RLC, CP and SDMA microcode, from a
 *    table of contents in GPU memory (PPSMC_MSG_DRV_DRAM_ADDR_HI/LO), when
 *    it gets PPSMC_MSG_LoadUcodes with the mask of images to load; the
 *    driver then polls the firmware's soft register UcodeLoadStatus until
 *    every bit of the mask is set (smu7_check_fw_load_finish). The model's
 *    engines run without microcode, so the table of contents is not read:
 *    the firmware reports every requested image loaded;
 *  - DPM (smu7_hwmgr's enable tasks with iceland_init_smc_table): the same
 *    messages and level model as CI's, but the firmware reads its levels
 *    from an SMU71_Discrete_DpmTable, whose graphics and memory levels,
 *    boot levels and size are elsewhere than SMU7's (smc_ci_pm.c's
 *    SMU71 layout; four memory levels at most). Two things CI's firmware
 *    is not asked: the package power (PPSMC_MSG_GetCurrPkgPwr, from the
 *    same power model), and whether DPM runs: iceland_is_dpm_running reads
 *    FEATURE_STATUS.VOLTAGE_CONTROLLER_ON, which the voltage-controller
 *    messages set and clear.
 */
#include "amdgpu-emu/regs/topaz_regs.h"
#include "amdgpu-emu/regs/topaz_fields.h"
#include "smc_ci_pm.h"

#define SMC_DPM_LAYOUT (&aemu_smc_dpm_layout_smu71)
#include "smc_smu7_body.h"

/* smu7_ppsmc.h. */
#define PPSMC_MSG_LOAD_UCODES               0x254
#define PPSMC_MSG_VOLTAGE_CNTL_ENABLE       0x109
#define PPSMC_MSG_VOLTAGE_CNTL_DISABLE      0x135
#define PPSMC_MSG_GET_CURR_PKG_PWR          0x282
/*
 * smu71.h: SMU71_Firmware_Header.SoftRegisters (the SRAM address of the
 * SMU71_SoftRegisters block, read by iceland_start_smu) and
 * offsetof(SMU71_SoftRegisters, UcodeLoadStatus) with SMU__DGPU_ONLY.
 */
#define SMU71_HDR_SOFT_REGISTERS            0x30u
#define SMU71_SOFT_REG_UCODE_LOAD_STATUS    0x68u
/*
 * smu_7_1_1_sh_mask.h FEATURE_STATUS.VOLTAGE_CONTROLLER_ON: what
 * iceland_is_dpm_running reads (ixFEATURE_STATUS from topaz_regs.h).
 */
#define FEATURE_STATUS_VOLTAGE_CONTROLLER_ON_MASK 0x00002000u
G_STATIC_ASSERT(ixFEATURE_STATUS < AEMU_SMC_SRAM_SIZE);

/* smu7_request_smu_load_fw: report the requested images loaded. */
static void smc_load_ucodes(AemuDevice *d, uint32_t mask)
{
    /* Where the uploaded image says its soft registers are (masked to SRAM). */
    uint32_t soft_regs = *sram_word(d, SMU7_FIRMWARE_HEADER_LOCATION +
                                       SMU71_HDR_SOFT_REGISTERS);

    *sram_word(d, soft_regs + SMU71_SOFT_REG_UCODE_LOAD_STATUS) |= mask;
}

static void smc_chip_message(AemuDevice *d, uint32_t msg, uint32_t arg)
{
    /* SMU 7.1.1 keeps it in SRAM, next to FIRMWARE_FLAGS. */
    uint32_t *status = sram_word(d, ixFEATURE_STATUS);

    switch (msg) {
    case PPSMC_MSG_LOAD_UCODES:
        smc_load_ucodes(d, arg);
        break;
    case PPSMC_MSG_VOLTAGE_CNTL_ENABLE:
        /*
         * smu7_enable_smc_voltage_controller, the last step before DPM
         * starts: from here iceland_is_dpm_running reports DPM running,
         * which smu7_unforce_dpm_levels ("auto") and the disable tasks
         * require, and a reloaded driver finds.
         */
        *status |= FEATURE_STATUS_VOLTAGE_CONTROLLER_ON_MASK;
        break;
    case PPSMC_MSG_VOLTAGE_CNTL_DISABLE:
        *status &= ~FEATURE_STATUS_VOLTAGE_CONTROLLER_ON_MASK;
        break;
    case PPSMC_MSG_GET_CURR_PKG_PWR:
        /*
         * smu7_get_gpu_power asks Topaz's firmware first (Hawaii's has no
         * such message): package power, 24.8 W, in the argument register.
         */
        d->regs[mmSMC_MSG_ARG_0] = smc_power(d);
        break;
    default:
        break;
    }
}

/*
 * A started firmware is ready for a message: smu7_send_msg_to_smc waits
 * for SMC_RESP_0 to be non-zero (the previous answer) before it sends, and
 * the first message after iceland_smu_start_smc has no previous one. With
 * the reset value 0 the driver waited out its whole timeout (4.7 s of
 * probe) and logged "last message was failed ret is 0".
 */
static void smc_chip_started(AemuDevice *d)
{
    d->regs[mmSMC_RESP_0] = PPSMC_RESULT_OK;
}

static void smc_iceland_init(AemuDevice *d, void *priv)
{
    smc_init(d, priv);
    aemu_reg_claim(d, mmSMC_IND_DATA_11, &smc_ind_data);
}

const AemuIpBlockFuncs aemu_smc_iceland_funcs = {
    .name = "smc_iceland",
    .type = AEMU_BLOCK_SMC,
    .major = 7, .minor = 1,
    .priv_size = sizeof(SmcState),
    .init = smc_iceland_init,
    .reset = smc_reset,
    .fini = smc_fini,
    .state = smc_state,
    .state_version = 2,
};
