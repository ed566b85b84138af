/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * amdgpu-emu core: the PSP's driver interface (the "GFX" interface of the
 * PSP's trusted OS), as the amdgpu driver spells it in psp_gfx_if.h and
 * uses it from amdgpu_psp.c and psp_v3_1.c (Linux 6.12).
 *
 * Three layers:
 *  - the bootloader mailbox (C2PMSG_35 command, C2PMSG_36 address);
 *  - the control mailbox (C2PMSG_64 command/response, C2PMSG_67/68 the
 *    GPCOM ring's write/read pointers in dwords, C2PMSG_69..71 the ring's
 *    address and size), the registers of struct psp_gfx_ctrl;
 *  - the GPCOM ("KM") ring: 64-byte frames, each naming a 1 KiB command
 *    buffer (struct psp_gfx_cmd_resp, the response at byte 864) and a
 *    fence the PSP writes when it is done.
 * Addresses in frames and commands are MC addresses of VMID 0.
 */
#ifndef AMDGPU_EMU_PSP_GFX_IF_H
#define AMDGPU_EMU_PSP_GFX_IF_H

/* Bootloader commands, C2PMSG_35 (psp_v3_1.c, amdgpu_psp.h). */
#define PSP_BL__LOAD_SYSDRV         0x10000u
#define PSP_BL__LOAD_SOSDRV         0x20000u
/* C2PMSG_35 bit 31: the bootloader is ready for a command. */
#define PSP_BL_READY                0x80000000u
/* C2PMSG_36 holds the image's MC address in 1 MiB units. */
#define PSP_BL_ADDR_SHIFT           20

/* The control mailbox (C2PMSG_64): command in bits 16-19, status 0-15. */
#define GFX_CMD_STATUS_MASK         0x0000ffffu
#define GFX_CMD_ID_MASK             0x000f0000u
#define GFX_CMD_RESERVED_MASK       0x7ff00000u
#define GFX_FLAG_RESPONSE           0x80000000u

enum psp_gfx_crtl_cmd_id {
    GFX_CTRL_CMD_ID_INIT_RBI_RING = 0x00010000,
    GFX_CTRL_CMD_ID_INIT_GPCOM_RING = 0x00020000,
    GFX_CTRL_CMD_ID_DESTROY_RINGS = 0x00030000,
    GFX_CTRL_CMD_ID_CAN_INIT_RINGS = 0x00040000,
    GFX_CTRL_CMD_ID_ENABLE_INT = 0x00050000,
    GFX_CTRL_CMD_ID_DISABLE_INT = 0x00060000,
    GFX_CTRL_CMD_ID_MODE1_RST = 0x00070000,
    GFX_CTRL_CMD_ID_GBR_IH_SET = 0x00080000,
    GFX_CTRL_CMD_ID_CONSUME_CMD = 0x00090000,
    GFX_CTRL_CMD_ID_DESTROY_GPCOM_RING = 0x000c0000,
};

/* Commands of the GPCOM ring's buffers (psp_gfx_cmd_resp.cmd_id). */
enum psp_gfx_cmd_id {
    GFX_CMD_ID_LOAD_TA = 0x01,
    GFX_CMD_ID_UNLOAD_TA = 0x02,
    GFX_CMD_ID_INVOKE_CMD = 0x03,
    GFX_CMD_ID_LOAD_ASD = 0x04,
    GFX_CMD_ID_SETUP_TMR = 0x05,
    GFX_CMD_ID_LOAD_IP_FW = 0x06,
    GFX_CMD_ID_DESTROY_TMR = 0x07,
    GFX_CMD_ID_SAVE_RESTORE = 0x08,
    GFX_CMD_ID_SETUP_VMR = 0x09,
    GFX_CMD_ID_DESTROY_VMR = 0x0a,
    GFX_CMD_ID_PROG_REG = 0x0b,
    GFX_CMD_ID_GET_FW_ATTESTATION = 0x0f,
    GFX_CMD_ID_LOAD_TOC = 0x20,
    GFX_CMD_ID_AUTOLOAD_RLC = 0x21,
    GFX_CMD_ID_BOOT_CFG = 0x22,
};

/*
 * Firmware types of LOAD_IP_FW (psp_gfx_fw_type), the ones a Vega10
 * driver sends (psp_get_fw_type); others are refused.
 */
enum psp_gfx_fw_type {
    GFX_FW_TYPE_NONE = 0,
    GFX_FW_TYPE_CP_ME = 1,
    GFX_FW_TYPE_CP_PFP = 2,
    GFX_FW_TYPE_CP_CE = 3,
    GFX_FW_TYPE_CP_MEC = 4,
    GFX_FW_TYPE_CP_MEC_ME1 = 5,
    GFX_FW_TYPE_CP_MEC_ME2 = 6,
    GFX_FW_TYPE_RLC_V = 7,
    GFX_FW_TYPE_RLC_G = 8,
    GFX_FW_TYPE_SDMA0 = 9,
    GFX_FW_TYPE_SDMA1 = 10,
    GFX_FW_TYPE_DMCU_ERAM = 11,
    GFX_FW_TYPE_DMCU_ISR = 12,
    GFX_FW_TYPE_VCN = 13,
    GFX_FW_TYPE_UVD = 14,
    GFX_FW_TYPE_VCE = 15,
    GFX_FW_TYPE_ISP = 16,
    GFX_FW_TYPE_ACP = 17,
    GFX_FW_TYPE_SMU = 18,
    GFX_FW_TYPE_MMSCH = 19,
    GFX_FW_TYPE_RLC_RESTORE_LIST_GPM_MEM = 20,
    GFX_FW_TYPE_RLC_RESTORE_LIST_SRM_MEM = 21,
    GFX_FW_TYPE_RLC_RESTORE_LIST_SRM_CNTL = 22,
    GFX_FW_TYPE_UVD1 = 23,
    GFX_FW_TYPE_COUNT_V3 = 24,          /* the types before Navi */
};

/* struct psp_gfx_rb_frame: 64 bytes, offsets in bytes. */
#define PSP_FRAME_BYTES             64u
#define PSP_FRAME_DWORDS            (PSP_FRAME_BYTES / 4u)
#define PSP_FRAME_CMD_BUF_ADDR_LO   0u
#define PSP_FRAME_CMD_BUF_ADDR_HI   4u
#define PSP_FRAME_CMD_BUF_SIZE      8u
#define PSP_FRAME_FENCE_ADDR_LO     12u
#define PSP_FRAME_FENCE_ADDR_HI     16u
#define PSP_FRAME_FENCE_VALUE       20u

/* struct psp_gfx_cmd_resp: 1 KiB, offsets in bytes. */
#define PSP_CMD_BUF_BYTES           1024u
#define PSP_CMD_ID                  8u
#define PSP_CMD_PAYLOAD             28u     /* union psp_gfx_commands */
#define PSP_CMD_RESP                864u    /* struct psp_gfx_resp */
#define PSP_RESP_BYTES              96u
#define PSP_RESP_STATUS             (PSP_CMD_RESP + 0u)
#define PSP_RESP_SESSION_ID         (PSP_CMD_RESP + 4u)
#define PSP_RESP_FW_ADDR_LO         (PSP_CMD_RESP + 8u)
#define PSP_RESP_FW_ADDR_HI         (PSP_CMD_RESP + 12u)
#define PSP_RESP_TMR_SIZE           (PSP_CMD_RESP + 16u)

/* Payloads, as byte offsets from PSP_CMD_PAYLOAD. */
/* psp_gfx_cmd_load_ta (LOAD_TA, LOAD_ASD) */
#define PSP_LOAD_TA_APP_ADDR_LO     0u
#define PSP_LOAD_TA_APP_ADDR_HI     4u
#define PSP_LOAD_TA_APP_LEN         8u
/* psp_gfx_cmd_unload_ta, psp_gfx_cmd_invoke_cmd */
#define PSP_TA_SESSION_ID           0u
/* psp_gfx_cmd_setup_tmr */
#define PSP_TMR_ADDR_LO             0u
#define PSP_TMR_ADDR_HI             4u
#define PSP_TMR_SIZE                8u
/* psp_gfx_cmd_load_ip_fw */
#define PSP_IP_FW_ADDR_LO           0u
#define PSP_IP_FW_ADDR_HI           4u
#define PSP_IP_FW_SIZE              8u
#define PSP_IP_FW_TYPE              12u

/*
 * Response status. 0 is success; the driver knows two more codes
 * (TEE_ERROR_NOT_SUPPORTED, PSP_ERR_UNKNOWN_COMMAND) and only warns on
 * any non-zero status. The others are the GlobalPlatform TEE codes the
 * trusted OS uses (its TEE_ERROR_* namespace, 0xFFFF00xx).
 */
#define TEE_SUCCESS                 0x00000000u
#define TEE_ERROR_BAD_PARAMETERS    0xffff0006u
#define TEE_ERROR_ITEM_NOT_FOUND    0xffff0008u
#define TEE_ERROR_NOT_SUPPORTED     0xffff000au
#define TEE_ERROR_OUT_OF_MEMORY     0xffff000cu
#define TEE_ERROR_BAD_STATE         0xffff0007u
#define PSP_ERR_UNKNOWN_COMMAND     0x00000100u

#endif
