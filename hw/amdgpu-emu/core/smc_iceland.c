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
 *    the firmware reports every requested image loaded.
 */
#include "amdgpu-emu/regs/topaz_regs.h"
#include "amdgpu-emu/regs/topaz_fields.h"
#include "smc_smu7_body.h"

/* smu7_ppsmc.h. */
#define PPSMC_MSG_LOAD_UCODES               0x254
/*
 * smu71.h: SMU71_Firmware_Header.SoftRegisters (the SRAM address of the
 * SMU71_SoftRegisters block, read by iceland_start_smu) and
 * offsetof(SMU71_SoftRegisters, UcodeLoadStatus) with SMU__DGPU_ONLY.
 */
#define SMU71_HDR_SOFT_REGISTERS            0x30u
#define SMU71_SOFT_REG_UCODE_LOAD_STATUS    0x68u

static void smc_chip_message(AemuDevice *d, uint32_t msg, uint32_t arg)
{
    uint32_t soft_regs;

    if (msg != PPSMC_MSG_LOAD_UCODES) {
        return;
    }
    /* Where the uploaded image says its soft registers are (masked to SRAM). */
    soft_regs = *sram_word(d, SMU7_FIRMWARE_HEADER_LOCATION +
                              SMU71_HDR_SOFT_REGISTERS);
    *sram_word(d, soft_regs + SMU71_SOFT_REG_UCODE_LOAD_STATUS) |= arg;
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
