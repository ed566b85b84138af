/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * amdgpu-emu core: the Hawaii ASIC (CIK / Sea Islands, gfx7), as an R9 290X.
 *
 * Which IP blocks make up the chip, its PCI identity and BAR sizes, its
 * shader topology, and the reset values of the registers whose value the
 * drivers' probe paths read (bring-up map section 5). Values derived from
 * the configured VRAM size (CONFIG_MEMSIZE, MC_VM_FB_LOCATION) are set by
 * the owning blocks at reset.
 */
#include "aemu-internal.h"
#include "amdgpu-emu/regs/cik_regs.h"
#include "amdgpu-emu/regs/cik_fields.h"
#include "status_bits_gfx7.h"

#define PCI_VENDOR_ID_ATI           0x1002
#define HAWAII_DEVICE_ID_R9_290X    0x67b0
/* Display controller, "other" (0x0380): no VGA routing or arbitration. */
#define PCI_CLASS_DISPLAY_OTHER_IF  0x038000

#define MiB (1024ull * 1024ull)
#define GiB (1024ull * MiB)

/* Hawaii: 4 shader engines x 1 array, 4 render backends and 11 CUs each. */
#define HAWAII_NUM_SE           4
#define HAWAII_NUM_SH_PER_SE    1
#define HAWAII_NUM_RB_PER_SE    4
#define HAWAII_NUM_CU_PER_SH    11

/*
 * 512-bit GDDR5 as 16 channels of 32 bits (gmc_v7_0_mc_init: NOOFCHAN 8 =>
 * 16 channels, CHANSIZE 0 => 32-bit); 4 KiB DRAM rows (NOOFCOLS 2, which
 * gfx_v7_0_gpu_early_init turns into GB_ADDR_CONFIG.ROW_SIZE).
 */
#define HAWAII_MC_ARB_RAMCFG \
    ((1u << MC_ARB_RAMCFG__NOOFBANK__SHIFT) | \
     (2u << MC_ARB_RAMCFG__NOOFCOLS__SHIFT))
#define HAWAII_MC_SHARED_CHMAP  (8u << MC_SHARED_CHMAP__NOOFCHAN__SHIFT)

/* 64 KiB of GDS; wave ids for compute GDS ordering (inferred). */
#define HAWAII_GDS_SIZE         0x10000u
#define HAWAII_GDS_MAX_WAVE_ID  0x7ffu

static const AemuRegInit hawaii_reset_values[] = {
    { mmMC_ARB_RAMCFG, HAWAII_MC_ARB_RAMCFG },
    { mmMC_SHARED_CHMAP, HAWAII_MC_SHARED_CHMAP },
    /* The RLC is idle with the GFX block powered and clocked. */
    { mmRLC_GPM_STAT, RLC_GPM_STAT__GFX_POWER_STATUS_MASK |
                      RLC_GPM_STAT__GFX_CLOCK_STATUS_MASK },
    { mmGDS_VMID0_SIZE, HAWAII_GDS_SIZE },
    { mmGDS_COMPUTE_MAX_WAVE_ID, HAWAII_GDS_MAX_WAVE_ID },
};

/* status.c's reset and status bits, as every gfx7-era chip has them. */
static const AemuStatusBit cik_status_bits[] = {
    AEMU_GFX7_STATUS_BITS,
};

static const AemuIpBlockFuncs *const hawaii_blocks[] = {
    &aemu_bif_v4_funcs,
    &aemu_smc_ci_funcs,
    &aemu_gmc_v7_funcs,
    &aemu_ih_cik_funcs,
    &aemu_gfx_v7_funcs,
    &aemu_gfx_v7_cp_funcs,
    &aemu_sdma_cik_funcs,
    &aemu_uvd_v4_2_funcs,
    &aemu_vce_v2_0_funcs,
    &aemu_dce_v8_funcs,
    NULL,
};

const AemuAsic aemu_asic_hawaii = {
    .name = "hawaii",
    .vendor_id = PCI_VENDOR_ID_ATI,
    .device_id = HAWAII_DEVICE_ID_R9_290X,
    .subsystem_vendor_id = PCI_VENDOR_ID_ATI,
    .subsystem_id = HAWAII_DEVICE_ID_R9_290X,
    /* Revision 0x80 would select the hawaii_k_smc.bin SMC image. */
    .revision = 0x00,
    .class_code = PCI_CLASS_DISPLAY_OTHER_IF,
    /* 256 MiB fits a CI VM; real boards carry 4 GiB. */
    .vram_default = 256 * MiB,
    /* Below 64 MiB the GART table, IH ring and fbdev crowd VRAM out. */
    .vram_min = 64 * MiB,
    .vram_max = 16 * GiB,
    /* 8 MiB like real boards; amdgpu needs >= 8 KiB (1024 doorbells). */
    .doorbell_size = 8 * MiB,
    .io_size = 256,
    /* Every CIK register the drivers touch is below dword 0x10000. */
    .mmio_size = 256 * 1024,
    /* PCIe 3.0 x16, as the R9 290X's edge connector. */
    .pcie_gen = 3, .pcie_lanes = 16,
    .num_se = HAWAII_NUM_SE,
    .num_sh_per_se = HAWAII_NUM_SH_PER_SE,
    .num_rb_per_se = HAWAII_NUM_RB_PER_SE,
    .num_cu_per_sh = HAWAII_NUM_CU_PER_SH,
    .num_sdma = 2,
    .num_mec = 1,
    .num_pipes_per_mec = 4,
    .num_queues_per_pipe = 8,
    .reset_values = hawaii_reset_values,
    .num_reset_values = G_N_ELEMENTS(hawaii_reset_values),
    .blocks = hawaii_blocks,
    /* gfx_v7_0_select_se_sh, cik_srbm_select. */
    .banks = AEMU_GFX7_BANKS,
    .status_bits = cik_status_bits,
    .num_status_bits = G_N_ELEMENTS(cik_status_bits),
    .regdb = &aemu_regdb_cik,
    .build_rom = aemu_vbios_build,
    .timing = &aemu_timing_hawaii,
    .vbios = {
        .vendor_id = PCI_VENDOR_ID_ATI,
        .device_id = HAWAII_DEVICE_ID_R9_290X,
        .pci_class = PCI_CLASS_DISPLAY_OTHER_IF,
        /* 1000 MHz engine, 1250 MHz memory, 27 MHz reference (10 kHz units). */
        .default_sclk_10khz = 100000,
        .default_mclk_10khz = 125000,
        .ref_clk_10khz = 2700,
        .part_number = "AMDGPU-EMU HAWAII",
        .date = "11/21/26 00:00",
        /* The display connector dce_v8_i2c.c serves (docs/display.md). */
        .dvi_connector = 1,
    },
};
