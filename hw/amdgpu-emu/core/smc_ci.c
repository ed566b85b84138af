/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * amdgpu-emu core: the SMC of a CI (Sea Islands) part, ci_smumgr's and
 * radeon's ci_dpm's. The model is smc_smu7_body.h's, on CIK's register
 * offsets, through index/data port 0; no CI-only message.
 */
#include "amdgpu-emu/regs/cik_regs.h"
#include "amdgpu-emu/regs/cik_fields.h"
#include "smc_ci_pm.h"

#define SMC_DPM_LAYOUT (&aemu_smc_dpm_layout_smu7)
#include "smc_smu7_body.h"

static void smc_chip_message(AemuDevice *d, uint32_t msg, uint32_t arg)
{
}

/*
 * Nothing beyond the shared start: ci_send_msg_to_smc (both drivers)
 * writes its message before it polls SMC_RESP_0, so the answer register
 * is left as the reset put it.
 */
static void smc_chip_started(AemuDevice *d)
{
}

const AemuIpBlockFuncs aemu_smc_ci_funcs = {
    .name = "smc_ci",
    .type = AEMU_BLOCK_SMC,
    .major = 7, .minor = 0,
    .priv_size = sizeof(SmcState),
    .init = smc_init,
    .reset = smc_reset,
    .fini = smc_fini,
    .state = smc_state,
    .state_version = 2,
};
