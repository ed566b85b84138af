/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * amdgpu-emu core: the Topaz ASIC (Iceland, VI, gfx8), as a Radeon R7 M260.
 *
 * vi_set_ip_blocks gives CHIP_TOPAZ vi_common, gmc_v7_4, iceland_ih,
 * gfx_v8_0, sdma_v2_4 and powerplay (smu7 with iceland_smumgr); it has
 * no display engine and no UVD or VCE. Most of its register space is where
 * CIK has it, so the CIK blocks whose registers did not move are reused as
 * they are (bif_v4: BIF 5.0 moved none the model uses; gmc_v7: the same
 * gmc_7_1 header on both); the rest are Topaz's own block files over shared
 * bodies (ih_iceland.c, smc_iceland.c, gfx_v8.c, gfx_v8_cp.c, sdma_v2_4.c).
 * docs/topaz.md lists which offsets moved and what is not modelled yet.
 */
#include "aemu-internal.h"
#include "amdgpu-emu/regs/topaz_regs.h"
#include "amdgpu-emu/regs/topaz_fields.h"
#include "status_bits_gfx7.h"

#define PCI_VENDOR_ID_ATI           0x1002
/* amdgpu_drv.c's first CHIP_TOPAZ id; revision 0 selects topaz_smc.bin. */
#define TOPAZ_DEVICE_ID_R7_M260     0x6900
/* Display controller, "other" (0x0380): Topaz has no display at all. */
#define PCI_CLASS_DISPLAY_OTHER_IF  0x038000

#define MiB (1024ull * 1024ull)
#define GiB (1024ull * MiB)

/* gfx_v8_0_gpu_early_init, CHIP_TOPAZ: 1 SE x 1 SH, 2 RBs, 6 CUs. */
#define TOPAZ_NUM_SE            1
#define TOPAZ_NUM_SH_PER_SE     1
#define TOPAZ_NUM_RB_PER_SE     2
#define TOPAZ_NUM_CU_PER_SH     6

/*
 * 64-bit DDR3 (the R7 M260): 2 channels of 32 bits (gmc_v7_0_mc_init:
 * NOOFCHAN 1 => 2 channels, CHANSIZE 0 => 32-bit); 4 KiB DRAM rows as on
 * Hawaii.
 */
#define TOPAZ_MC_ARB_RAMCFG \
    ((1u << MC_ARB_RAMCFG__NOOFBANK__SHIFT) | \
     (2u << MC_ARB_RAMCFG__NOOFCOLS__SHIFT))
#define TOPAZ_MC_SHARED_CHMAP   (1u << MC_SHARED_CHMAP__NOOFCHAN__SHIFT)

/*
 * An idle gfx pipe's command FIFO has its 8 entries free: gfx_v8_0_is_idle
 * and gfx_v8_0_rlc_is_idle call the GPU idle only when GRBM_STATUS2 reads
 * exactly 0x8 (hw_fini halts the CP and RLC only then).
 */
#define TOPAZ_CMDFIFO_ENTRIES   8u

/* 64 KiB of GDS (gfx_v8_0_set_gds_init reads it); wave ids as Hawaii's. */
#define TOPAZ_GDS_SIZE          0x10000u
#define TOPAZ_GDS_MAX_WAVE_ID   0x7ffu

static const AemuRegInit topaz_reset_values[] = {
    { mmMC_ARB_RAMCFG, TOPAZ_MC_ARB_RAMCFG },
    { mmMC_SHARED_CHMAP, TOPAZ_MC_SHARED_CHMAP },
    /* The RLC is idle with the GFX block powered and clocked. */
    { mmRLC_GPM_STAT, RLC_GPM_STAT__GFX_POWER_STATUS_MASK |
                      RLC_GPM_STAT__GFX_CLOCK_STATUS_MASK },
    { mmGRBM_STATUS2, TOPAZ_CMDFIFO_ENTRIES <<
                      GRBM_STATUS2__ME0PIPE1_CMDFIFO_AVAIL__SHIFT },
    { mmGDS_VMID0_SIZE, TOPAZ_GDS_SIZE },
    { mmGDS_COMPUTE_MAX_WAVE_ID, TOPAZ_GDS_MAX_WAVE_ID },
};

/* status.c's reset and status bits, as every gfx7-era chip has them. */
static const AemuStatusBit topaz_status_bits[] = {
    AEMU_GFX7_STATUS_BITS,
};

/* vi_set_ip_blocks' order. */
static const AemuIpBlockFuncs *const topaz_blocks[] = {
    &aemu_bif_v4_funcs,
    &aemu_smc_iceland_funcs,
    &aemu_gmc_v7_funcs,
    &aemu_ih_iceland_funcs,
    &aemu_gfx_v8_funcs,
    &aemu_gfx_v8_cp_funcs,
    &aemu_sdma_v2_4_funcs,
    NULL,
};

const AemuAsic aemu_asic_topaz = {
    .name = "topaz",
    .vendor_id = PCI_VENDOR_ID_ATI,
    .device_id = TOPAZ_DEVICE_ID_R7_M260,
    .subsystem_vendor_id = PCI_VENDOR_ID_ATI,
    .subsystem_id = TOPAZ_DEVICE_ID_R7_M260,
    .revision = 0x00,
    .class_code = PCI_CLASS_DISPLAY_OTHER_IF,
    /* 256 MiB as on Hawaii; the R7 M260 carries 2 GiB. */
    .vram_default = 256 * MiB,
    .vram_min = 64 * MiB,
    /* gmc_v7's 40-bit MC space; real Topaz boards stop at 2 GiB. */
    .vram_max = 4 * GiB,
    .doorbell_size = 8 * MiB,
    .io_size = 256,
    /* The highest register the drivers touch, CP_MEC_ME2_UCODE_DATA, is 0xF81D. */
    .mmio_size = 256 * 1024,
    .num_se = TOPAZ_NUM_SE,
    .num_sh_per_se = TOPAZ_NUM_SH_PER_SE,
    .num_rb_per_se = TOPAZ_NUM_RB_PER_SE,
    .num_cu_per_sh = TOPAZ_NUM_CU_PER_SH,
    .num_sdma = 2,
    /* gfx_v8_0_mec_init: one MEC of 4 pipes x 8 queues on Topaz. */
    .num_mec = 1,
    .num_pipes_per_mec = 4,
    .num_queues_per_pipe = 8,
    .reset_values = topaz_reset_values,
    .num_reset_values = G_N_ELEMENTS(topaz_reset_values),
    .blocks = topaz_blocks,
    /* gfx_v8_0_select_se_sh, vi_srbm_select. */
    .banks = AEMU_GFX7_BANKS,
    .status_bits = topaz_status_bits,
    .num_status_bits = G_N_ELEMENTS(topaz_status_bits),
    .regdb = &aemu_regdb_topaz,
    .build_rom = aemu_vbios_build,
    .timing = &aemu_timing_topaz,
    .vbios = {
        .vendor_id = PCI_VENDOR_ID_ATI,
        .device_id = TOPAZ_DEVICE_ID_R7_M260,
        .pci_class = PCI_CLASS_DISPLAY_OTHER_IF,
        /* 980 MHz engine, 900 MHz memory (R7 M260), 27 MHz reference. */
        .default_sclk_10khz = 98000,
        .default_mclk_10khz = 90000,
        .ref_clk_10khz = 2700,
        .part_number = "AMDGPU-EMU TOPAZ",
        .date = "12/06/26 00:00",
        /* smu7_hwmgr + iceland_smumgr: VDDC on SVI2, EVV leakage table. */
        .vi_svi2_evv = 1,
    },
};
