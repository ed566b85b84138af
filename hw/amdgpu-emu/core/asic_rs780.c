/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * amdgpu-emu core: the RS780 ASIC (R600 family IGP), as the Radeon HD 3200
 * of the AMD 780G northbridge, for the radeon driver (amdgpu has no R600
 * support).
 *
 * Its PCI identity (radeon's pciidlist: 1002:9610, CHIP_RS780 |
 * RADEON_IS_IGP), the BAR layout radeon expects before CIK (registers in
 * BAR2, no doorbells), the register database generated from radeon's own
 * headers, and its blocks: the IGP memory controller with the PCIE GART
 * (mc_rs780.c), the IH (ih_cik.c: R600's IH is the same register block at
 * the same offsets with the same 16-byte IV entries, r600_irq_process
 * reads them as cik_irq_process does), the R600 CP (cp_r600.c,
 * pm4_r600.c) and the engine PLL at its boot clock (clk_rs780.c; radeon's
 * default power management on RS780, the profile method, changes it
 * through the VBIOS's clock tables). No DMA engine: radeon leaves R6xx's
 * DMA ring off. No UVD, no DPM (rs780_dpm's registers), no display
 * engine: the registers radeon programs there are storage. docs/radeon.md,
 * "RS780", lists what is modelled and what is not.
 */
#include "aemu-internal.h"
#include "amdgpu-emu/regs/r600_regs.h"

#define PCI_VENDOR_ID_ATI               0x1002
#define RS780_DEVICE_ID_HD3200          0x9610
/* Display controller, "other" (0x0380): no VGA routing, as on Hawaii. */
#define PCI_CLASS_DISPLAY_OTHER_IF      0x038000

#define MiB (1024ull * 1024ull)
#define KiB 1024u

/* GRBM_SOFT_RESET.SOFT_RESET_CP, GRBM_STATUS.GUI_ACTIVE / CP_BUSY (r600d.h). */
#define R600_GRBM_SOFT_RESET_CP         (1u << 0)
#define R600_GRBM_STATUS_CP_BUSY        (1u << 29)
#define R600_GRBM_STATUS_GUI_ACTIVE     (1u << 31)
/* DMA_STATUS_REG.DMA_IDLE (r600d.h). */
#define R600_DMA_STATUS_DMA_IDLE        (1u << 0)

static const AemuStatusBit r600_status_bits[] = {
    { mmGRBM_SOFT_RESET, AEMU_STATUS_SOFT_RESET, R600_GRBM_SOFT_RESET_CP,
      AEMU_UNIT_MASK(AEMU_UNIT_CP_GFX) },
    { mmGRBM_STATUS, AEMU_STATUS_BUSY,
      R600_GRBM_STATUS_GUI_ACTIVE | R600_GRBM_STATUS_CP_BUSY,
      AEMU_UNIT_MASK(AEMU_UNIT_CP_GFX) },
    /*
     * The R6xx DMA engine, which radeon never starts in 6.12 and the model
     * does not have, is idle: r600_gpu_check_soft_reset would otherwise
     * find it busy before and after every reset and leave the VBIOS
     * scratch's "engine hung" flag set.
     */
    { mmDMA_STATUS_REG, AEMU_STATUS_IDLE, R600_DMA_STATUS_DMA_IDLE, 0 },
};

static const AemuIpBlockFuncs *const rs780_blocks[] = {
    &aemu_mc_rs780_funcs,
    &aemu_clk_rs780_funcs,
    &aemu_ih_cik_funcs,
    &aemu_cp_r600_funcs,
    NULL,
};

const AemuAsic aemu_asic_rs780 = {
    .name = "rs780",
    .vendor_id = PCI_VENDOR_ID_ATI,
    .device_id = RS780_DEVICE_ID_HD3200,
    .subsystem_vendor_id = PCI_VENDOR_ID_ATI,
    .subsystem_id = RS780_DEVICE_ID_HD3200,
    .revision = 0x00,
    .class_code = PCI_CLASS_DISPLAY_OTHER_IF,
    /* The UMA carve-outs BIOSes offered for the 780G: 64 MiB to 512 MiB. */
    .vram_default = 256 * MiB,
    .vram_min = 64 * MiB,
    .vram_max = 512 * MiB,
    /* Before CIK: no doorbell BAR, registers in BAR2 (radeon_device_init). */
    .doorbell_size = 0,
    .io_size = 256,
    /*
     * 256 KiB, not the real BAR2's 64 KiB: the register file is as large
     * as the BAR, and SET_CONTEXT_REG reaches up to 0x29000; radeon then
     * reaches every register directly instead of through MM_INDEX.
     */
    .mmio_size = 256 * KiB,
    .mmio_bar = 2,
    /* The HD 3200: one SIMD array, 4 SIMDs, one render backend. */
    .num_se = 1,
    .num_sh_per_se = 1,
    .num_rb_per_se = 1,
    .num_cu_per_sh = 4,
    .num_sdma = 0,
    .num_mec = 0,
    .blocks = rs780_blocks,
    .status_bits = r600_status_bits,
    .num_status_bits = G_N_ELEMENTS(r600_status_bits),
    .regdb = &aemu_regdb_r600,
    .build_rom = aemu_vbios_build,
    .timing = &aemu_timing_rs780,
    .vbios = {
        .vendor_id = PCI_VENDOR_ID_ATI,
        .device_id = RS780_DEVICE_ID_HD3200,
        .pci_class = PCI_CLASS_DISPLAY_OTHER_IF,
        /*
         * 500 MHz engine, 400 MHz memory (DDR2-800), and a 27 MHz
         * reference as on discrete R600 boards (inferred for the IGP):
         * r600_get_xclk returns it as the GPU counter's rate (10 kHz units).
         */
        .default_sclk_10khz = 50000,
        .default_mclk_10khz = 40000,
        .ref_clk_10khz = 2700,
        .part_number = "AMDGPU-EMU RS780",
        .date = "12/06/26 00:00",
        /* PowerPlayInfo and the engine-clock tables for radeon's profile PM. */
        .rs780_powerplay = 1,
        .igp_uma_clk_10khz = 40000,
        /* HyperTransport 3 at 2.6 GHz, 16 bits wide (the 780G's link). */
        .igp_ht_link_freq_10khz = 260000,
        .igp_ht_link_width = 16,
    },
};
