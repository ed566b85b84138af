/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * amdgpu-emu core: the Vega10 ASIC (SOC15, gfx9), as an RX Vega 64.
 *
 * PCI identity, BAR sizes, topology, bank selectors, the shared status
 * bits, the SOC15 register database, the atomfirmware VBIOS and the blocks
 * built so far (NBIO 6.1, GMC 9.0, the OSS 4.0 IH, the PSP 3.1, the SMU 9,
 * GFX 9.0 with its CP and KIQ, SDMA 4.0). amdgpu probes it with its
 * default firmware loading (through the PSP) or direct loading, with
 * powerplay but without DPM, and without UVD and VCE
 * (docs/module-parameters.md). Facts from ../shared/docs/vega10-bringup.md sections
 * 1, 6-10, checked against Linux 6.12's amdgpu where noted.
 */
#include "aemu-internal.h"
#include "vbios_atomfirmware.h"
#include "amdgpu-emu/regs/vega10_regs.h"
#include "amdgpu-emu/regs/vega10_fields.h"

#define PCI_VENDOR_ID_ATI           0x1002
/*
 * 0x687F revision 0: the generic firmware names (vega10_smc.bin, not the
 * ACG image of revisions 0xC0/0xC1/0xC3) and no 0x6860 ULV quirk
 * (amdgpu_cgs.c, sdma_v4_0_setup_ulv).
 */
#define VEGA10_DEVICE_ID_RX_VEGA_64 0x687f
/* As Hawaii: display controller, "other" (no VGA routing). */
#define PCI_CLASS_DISPLAY_OTHER_IF  0x038000

#define MiB (1024ull * 1024ull)
#define GiB (1024ull * MiB)

/* Vega10: 4 shader engines x 1 array, 4 render backends, 16 CUs each. */
#define VEGA10_NUM_SE           4
#define VEGA10_NUM_SH_PER_SE    1
#define VEGA10_NUM_RB_PER_SE    4
#define VEGA10_NUM_CU_PER_SH    16

/*
 * Which bits of the GRBM reset and status registers stand for which units
 * (status.c): the CP parts gfx_v9_0_soft_reset resets and gfx_v9_0_is_idle
 * reads. SOC15 has no SRBM: the SDMA engines report through their own
 * registers (sdma_v4_0_is_idle).
 */
#define VEGA10_GRBM_RESET_CP_GFX \
    (GRBM_SOFT_RESET__SOFT_RESET_CP_MASK | \
     GRBM_SOFT_RESET__SOFT_RESET_GFX_MASK | \
     GRBM_SOFT_RESET__SOFT_RESET_CPF_MASK | \
     GRBM_SOFT_RESET__SOFT_RESET_CPG_MASK)
#define VEGA10_GRBM_RESET_CP_COMPUTE \
    (GRBM_SOFT_RESET__SOFT_RESET_CP_MASK | \
     GRBM_SOFT_RESET__SOFT_RESET_CPF_MASK | \
     GRBM_SOFT_RESET__SOFT_RESET_CPC_MASK)

static const AemuStatusBit vega10_status_bits[] = {
    { mmGRBM_SOFT_RESET, AEMU_STATUS_SOFT_RESET, VEGA10_GRBM_RESET_CP_GFX,
      AEMU_UNIT_MASK(AEMU_UNIT_CP_GFX) },
    { mmGRBM_SOFT_RESET, AEMU_STATUS_SOFT_RESET,
      VEGA10_GRBM_RESET_CP_COMPUTE, AEMU_UNITS_CP_COMPUTE },
    { mmGRBM_SOFT_RESET, AEMU_STATUS_SOFT_RESET,
      GRBM_SOFT_RESET__SOFT_RESET_RLC_MASK, AEMU_UNIT_MASK(AEMU_UNIT_RLC) },
    { mmGRBM_STATUS, AEMU_STATUS_BUSY,
      GRBM_STATUS__GUI_ACTIVE_MASK | GRBM_STATUS__CP_BUSY_MASK,
      AEMU_UNITS_CP },
    { mmGRBM_STATUS2, AEMU_STATUS_BUSY,
      GRBM_STATUS2__CPF_BUSY_MASK | GRBM_STATUS2__CPG_BUSY_MASK,
      AEMU_UNIT_MASK(AEMU_UNIT_CP_GFX) },
    { mmGRBM_STATUS2, AEMU_STATUS_BUSY,
      GRBM_STATUS2__CPF_BUSY_MASK | GRBM_STATUS2__CPC_BUSY_MASK,
      AEMU_UNITS_CP_COMPUTE },
};

/* In amdgpu's order (vega10_reg_base_init, soc15_set_ip_blocks). */
static const AemuIpBlockFuncs *const vega10_blocks[] = {
    &aemu_nbio_v6_1_funcs,
    &aemu_gmc_v9_funcs,
    &aemu_ih_vega10_funcs,
    &aemu_psp_v3_1_funcs,
    &aemu_smu_v9_0_funcs,
    &aemu_gfx_v9_funcs,
    &aemu_gfx_v9_cp_funcs,
    &aemu_sdma_v4_0_funcs,
    NULL,
};

const AemuAsic aemu_asic_vega10 = {
    .name = "vega10",
    .vendor_id = PCI_VENDOR_ID_ATI,
    .device_id = VEGA10_DEVICE_ID_RX_VEGA_64,
    .subsystem_vendor_id = PCI_VENDOR_ID_ATI,
    .subsystem_id = VEGA10_DEVICE_ID_RX_VEGA_64,
    .revision = 0x00,
    .class_code = PCI_CLASS_DISPLAY_OTHER_IF,
    /* As Hawaii: enough for CI; real boards carry 8 GiB of HBM2. */
    .vram_default = 256 * MiB,
    .vram_min = 64 * MiB,
    .vram_max = 16 * GiB,
    /*
     * 2 MiB: amdgpu needs 12 KiB, KFD 4 KiB more and 8 KiB per process
     * (amdgpu_doorbell_mgr.c, kfd_doorbell.c); the doorbells are 64-bit.
     */
    .doorbell_size = 2 * MiB,
    .io_size = 256,
    /* 512 KiB: the HDP flush remap hole sits at byte 0x7F000. */
    .mmio_size = 512 * 1024,
    /* PCIe 3.0 x16, as the Vega 64's edge connector. */
    .pcie_gen = 3, .pcie_lanes = 16,
    .num_se = VEGA10_NUM_SE,
    .num_sh_per_se = VEGA10_NUM_SH_PER_SE,
    .num_rb_per_se = VEGA10_NUM_RB_PER_SE,
    .num_cu_per_sh = VEGA10_NUM_CU_PER_SH,
    .num_sdma = 2,
    .num_mec = 2,
    .num_pipes_per_mec = 4,
    .num_queues_per_pipe = 8,
    .blocks = vega10_blocks,
    /* gfx_v9_0_select_se_sh; soc15_grbm_select replaces SRBM_GFX_CNTL. */
    .banks = {
        .se_sh_reg = mmGRBM_GFX_INDEX,
        .se_index = AEMU_FIELD(GRBM_GFX_INDEX, SE_INDEX),
        .sh_index = AEMU_FIELD(GRBM_GFX_INDEX, SH_INDEX),
        .se_broadcast_mask = GRBM_GFX_INDEX__SE_BROADCAST_WRITES_MASK,
        .sh_broadcast_mask = GRBM_GFX_INDEX__SH_BROADCAST_WRITES_MASK,
        .queue_reg = mmGRBM_GFX_CNTL,
        .me = AEMU_FIELD(GRBM_GFX_CNTL, MEID),
        .pipe = AEMU_FIELD(GRBM_GFX_CNTL, PIPEID),
        .queue = AEMU_FIELD(GRBM_GFX_CNTL, QUEUEID),
        .vmid_reg = mmGRBM_GFX_CNTL,
        .vmid = AEMU_FIELD(GRBM_GFX_CNTL, VMID),
    },
    .status_bits = vega10_status_bits,
    .num_status_bits = G_N_ELEMENTS(vega10_status_bits),
    .regdb = &aemu_regdb_vega10,
    .build_rom = aemu_vbios_atomfirmware_build,
    .timing = &aemu_timing_vega10,
    .vbios = {
        .vendor_id = PCI_VENDOR_ID_ATI,
        .device_id = VEGA10_DEVICE_ID_RX_VEGA_64,
        .pci_class = PCI_CLASS_DISPLAY_OTHER_IF,
        /* 852 MHz boot engine, 945 MHz HBM2, 27 MHz reference (10 kHz). */
        .default_sclk_10khz = 85200,
        .default_mclk_10khz = 94500,
        .ref_clk_10khz = 2700,
        .part_number = "AMDGPU-EMU VEGA10",
        .date = "12/05/26 00:00",
    },
};
