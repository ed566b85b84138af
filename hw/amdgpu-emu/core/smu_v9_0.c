/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * amdgpu-emu core: the SMU of Vega10 (MP1 9.0), as powerplay's SMU9
 * backend drives it (smu9_smumgr.c, vega10_smumgr.c).
 *
 * What the driver needs of it when its DPM is off (amdgpu.dpm=0, so
 * powerplay's pm_en is false): that the SMU firmware runs, and that its
 * message mailbox answers.
 *  - Running: MP1_FIRMWARE_FLAGS.INTERRUPTS_ENABLED, read through the SMN
 *    (PCIE_INDEX2/DATA2) by smu9_is_smc_ram_running before powerplay
 *    starts the SMU, and by psp_v3_1_smu_reload_quirk, which then leaves
 *    the SMC image out of the PSP's LOAD_IP_FW list. On Vega10 the boot
 *    firmware starts the SMU before any driver (inferred: direct loading
 *    has nobody else to load it, and both paths test the flag), so it is
 *    set at power-on and after every reset, MODE1 included.
 *  - The mailbox: the driver clears C2PMSG_90 (the response), writes the
 *    argument to C2PMSG_82 and the message to C2PMSG_66, and polls
 *    C2PMSG_90 until it is non-zero (smu9_send_msg_to_smc_with_parameter);
 *    a message's answer comes back in C2PMSG_82 (smu9_get_argument).
 *
 * Messages the model answers, from vega10_ppsmc.h: TestMessage,
 * GetSmuVersion, GetDriverIfVersion (SMU9_DRIVER_IF_VERSION, which
 * vega10_verify_smc_interface compares with its own), the feature mask
 * (Enable/Disable/GetEnabledSmuFeatures, kept as state), the DRAM
 * addresses of the driver's and tools' tables (kept), and
 * PrepareMp1ForUnload. Every other message is one the model does not
 * implement (the DPM tables, clocks, BACO): it answers UnknownCmd, which
 * the driver reports ("Failed to send message"), and logs it as
 * unimplemented; nothing is acknowledged that did not happen.
 */
#include "aemu-internal.h"
#include "state.h"
#include "amdgpu-emu/regs/vega10_regs.h"

/*
 * MP1_FIRMWARE_FLAGS is reached only through the SMN: smnMP1_FIRMWARE_FLAGS
 * (0x3010028) in the MP1 public aperture (0x03b00000), smu9_smumgr.c and
 * psp_v3_1.c; the field is mp_9_0_sh_mask.h's (the register has no MMIO
 * offset, so the generated field tables cannot carry it).
 */
#define SMN_MP1_PUBLIC                              0x03b00000u
#define SMN_MP1_FIRMWARE_FLAGS_OFFSET               0x03010028u
#define SMN_MP1_FIRMWARE_FLAGS \
    (SMN_MP1_PUBLIC | SMN_MP1_FIRMWARE_FLAGS_OFFSET)
#define MP1_FIRMWARE_FLAGS__INTERRUPTS_ENABLED_MASK 0x00000001u

/* Mailbox answers (vega10_ppsmc.h). */
#define PPSMC_Result_OK                 0x01u
#define PPSMC_Result_UnknownCmd         0xfeu

/* Messages (vega10_ppsmc.h). */
#define PPSMC_MSG_TestMessage           0x01u
#define PPSMC_MSG_GetSmuVersion         0x02u
#define PPSMC_MSG_GetDriverIfVersion    0x03u
#define PPSMC_MSG_EnableSmuFeatures     0x04u
#define PPSMC_MSG_DisableSmuFeatures    0x05u
#define PPSMC_MSG_GetEnabledSmuFeatures 0x06u
#define PPSMC_MSG_SetDriverDramAddrHigh 0x09u
#define PPSMC_MSG_SetDriverDramAddrLow  0x0au
#define PPSMC_MSG_SetToolsDramAddrHigh  0x0bu
#define PPSMC_MSG_SetToolsDramAddrLow   0x0cu
#define PPSMC_MSG_PrepareMp1ForUnload   0x4bu

/* The driver interface the SMU firmware speaks (smu9_driver_if.h). */
#define SMU9_DRIVER_IF_VERSION          0x0eu
/*
 * What GetSmuVersion answers: a firmware version of the Vega10 SMU
 * generation (28.x; inferred). Not major version 5, which
 * vega10_init_smc_feature_set takes for the ACG firmware.
 */
#define SMU_V9_0_FW_VERSION             0x001c2c00u

typedef struct SmuState {
    uint32_t features;          /* the enabled-feature mask */
    uint64_t driver_dram, tools_dram;
    bool unloading;             /* PrepareMp1ForUnload seen */
    uint64_t messages;          /* answered since reset */
} SmuState;

static SmuState *smu(AemuDevice *d)
{
    return aemu_block_priv(d, AEMU_BLOCK_SMC);
}

static const char *msg_name(uint32_t msg)
{
    switch (msg) {
    case PPSMC_MSG_TestMessage: return "TestMessage";
    case PPSMC_MSG_GetSmuVersion: return "GetSmuVersion";
    case PPSMC_MSG_GetDriverIfVersion: return "GetDriverIfVersion";
    case PPSMC_MSG_EnableSmuFeatures: return "EnableSmuFeatures";
    case PPSMC_MSG_DisableSmuFeatures: return "DisableSmuFeatures";
    case PPSMC_MSG_GetEnabledSmuFeatures: return "GetEnabledSmuFeatures";
    case PPSMC_MSG_SetDriverDramAddrHigh: return "SetDriverDramAddrHigh";
    case PPSMC_MSG_SetDriverDramAddrLow: return "SetDriverDramAddrLow";
    case PPSMC_MSG_SetToolsDramAddrHigh: return "SetToolsDramAddrHigh";
    case PPSMC_MSG_SetToolsDramAddrLow: return "SetToolsDramAddrLow";
    case PPSMC_MSG_PrepareMp1ForUnload: return "PrepareMp1ForUnload";
    default: return "unimplemented";
    }
}

static void set_hi(uint64_t *addr, uint32_t v)
{
    *addr = (*addr & UINT32_MAX) | (uint64_t)v << 32;
}

static void set_lo(uint64_t *addr, uint32_t v)
{
    *addr = (*addr & ~(uint64_t)UINT32_MAX) | v;
}

/* One message: its answer code, and its result in *arg. */
static uint32_t handle(AemuDevice *d, SmuState *s, uint32_t msg,
                       uint32_t *arg)
{
    switch (msg) {
    case PPSMC_MSG_TestMessage:
        return PPSMC_Result_OK;
    case PPSMC_MSG_GetSmuVersion:
        *arg = SMU_V9_0_FW_VERSION;
        return PPSMC_Result_OK;
    case PPSMC_MSG_GetDriverIfVersion:
        *arg = SMU9_DRIVER_IF_VERSION;
        return PPSMC_Result_OK;
    case PPSMC_MSG_EnableSmuFeatures:
        s->features |= *arg;
        return PPSMC_Result_OK;
    case PPSMC_MSG_DisableSmuFeatures:
        s->features &= ~*arg;
        return PPSMC_Result_OK;
    case PPSMC_MSG_GetEnabledSmuFeatures:
        *arg = s->features;
        return PPSMC_Result_OK;
    case PPSMC_MSG_SetDriverDramAddrHigh:
        set_hi(&s->driver_dram, *arg);
        return PPSMC_Result_OK;
    case PPSMC_MSG_SetDriverDramAddrLow:
        set_lo(&s->driver_dram, *arg);
        return PPSMC_Result_OK;
    case PPSMC_MSG_SetToolsDramAddrHigh:
        set_hi(&s->tools_dram, *arg);
        return PPSMC_Result_OK;
    case PPSMC_MSG_SetToolsDramAddrLow:
        set_lo(&s->tools_dram, *arg);
        return PPSMC_Result_OK;
    case PPSMC_MSG_PrepareMp1ForUnload:
        s->unloading = true;
        return PPSMC_Result_OK;
    default:
        aemu_unimp(d, "SMU message 0x%x (argument 0x%x)", msg, *arg);
        return PPSMC_Result_UnknownCmd;
    }
}

/* C2PMSG_66: a message; the answer lands before the driver's next read. */
static void msg_write(AemuDevice *d, uint32_t dw, uint32_t value)
{
    SmuState *s = smu(d);
    uint32_t arg = d->regs[mmMP1_SMN_C2PMSG_82];
    uint32_t in = arg, resp;

    d->regs[dw] = value;
    resp = handle(d, s, value, &arg);
    s->messages++;
    d->regs[mmMP1_SMN_C2PMSG_82] = arg;
    d->regs[mmMP1_SMN_C2PMSG_90] = resp;
    AEMU_TRACE(d, smu_msg, msg_name(value), value, in, resp, arg);
}

static const AemuRegHandler msg_reg = {
    .block = "smu", .write = msg_write,
};

static void smu_init(AemuDevice *d, void *priv)
{
    aemu_reg_claim(d, mmMP1_SMN_C2PMSG_66, &msg_reg);
}

/* The boot firmware has started the SMU (see the header comment). */
static void smu_reset(AemuDevice *d, void *priv, AemuResetKind kind)
{
    SmuState *s = priv;

    *s = (SmuState) { 0 };
    aemu_smn_write(d, SMN_MP1_FIRMWARE_FLAGS,
                   MP1_FIRMWARE_FLAGS__INTERRUPTS_ENABLED_MASK);
    /*
     * A running SMU is idle, its mailbox ready: smu9_send_msg_to_smc
     * first waits for a non-zero response before it sends (without one,
     * the driver's first message waits out its timeout: "No response from
     * smu").
     */
    d->regs[mmMP1_SMN_C2PMSG_90] = PPSMC_Result_OK;
}

/* Snapshots (state.h): the features, the DRAM tables, the counters. */
static void smu_state(AemuDevice *d, void *priv, AemuStateIo *s)
{
    SmuState *smu = priv;

    AEMU_STATE(s, smu->features);
    AEMU_STATE(s, smu->driver_dram);
    AEMU_STATE(s, smu->tools_dram);
    AEMU_STATE_BOOL(s, smu->unloading);
    AEMU_STATE(s, smu->messages);
}

const AemuIpBlockFuncs aemu_smu_v9_0_funcs = {
    .name = "smu",
    .type = AEMU_BLOCK_SMC,
    .major = 9, .minor = 0,
    .priv_size = sizeof(SmuState),
    .init = smu_init,
    .reset = smu_reset,
    .state = smu_state,
    .state_version = 1,
};
