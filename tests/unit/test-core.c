/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Unit tests of the core model on the standalone host: the register values
 * and indexed spaces the drivers' probe paths depend on (bring-up map
 * section 5), banking, reset kinds, configuration checks and the access
 * hook.
 */
#include <string.h>
#include "aemu-host.h"
#include "regdb.h"
#include "aemu-util.h"
#include "amdgpu-emu/regs/cik_regs.h"
#include "amdgpu-emu/regs/cik_fields.h"
#include "smc-test.h"

#define MiB (1024ull * 1024ull)
/* atombios.h ATOM_S7_ASIC_INIT_COMPLETE_MASK */
#define ASIC_INIT_COMPLETE 0x200u

static AemuTestHost *host_new(void)
{
    return aemu_test_host_new(NULL, 0, 16 * MiB);
}

/* ci_is_smc_running. */
static bool smc_running(AemuTestHost *h)
{
    return !(smc_rreg(h, ixSMC_SYSCON_CLOCK_CNTL_0) &
             SMC_SYSCON_CLOCK_CNTL_0__ck_disable_MASK) &&
           smc_rreg(h, ixSMC_PC_C) >= 0x20100;
}

/* ci_send_msg_to_smc(_with_parameter): the answer, 0 if none. */
static uint32_t smc_msg(AemuTestHost *h, uint32_t msg, uint32_t arg)
{
    aemu_test_wreg(h, mmSMC_MSG_ARG_0, arg);
    aemu_test_wreg(h, mmSMC_MESSAGE_0, msg);
    return aemu_test_rreg(h, mmSMC_RESP_0);
}

static void test_probe_values(void)
{
    AemuTestHost *h = host_new();
    uint32_t fb, d1vga;

    /* Posted at power-on: amdgpu_device_need_post() returns false. */
    g_assert_cmphex(aemu_test_rreg(h, mmBIOS_SCRATCH_7) & ASIC_INIT_COMPLETE,
                    ==, ASIC_INIT_COMPLETE);
    /* amdgpu_read_bios_from_vram's early "posted" check reads dword 7. */
    g_assert_cmphex(aemu_test_rreg(h, mmBASE_ADDR_4), ==, 0);
    g_assert_cmpuint(aemu_test_rreg(h, mmCONFIG_MEMSIZE), ==, 256);
    fb = aemu_test_rreg(h, mmMC_VM_FB_LOCATION);
    g_assert_cmphex(fb & MC_VM_FB_LOCATION__FB_BASE_MASK, ==, 0);
    g_assert_cmphex(fb >> MC_VM_FB_LOCATION__FB_TOP__SHIFT, ==,
                    (256 * MiB - 1) >> 24);
    g_assert_true(aemu_test_rreg(h, mmMC_SEQ_SUP_CNTL) &
                  MC_SEQ_SUP_CNTL__RUN_MASK);
    g_assert_cmphex(aemu_test_rreg(h, mmSRBM_STATUS), ==, 0);
    g_assert_cmphex(aemu_test_rreg(h, mmSRBM_STATUS2), ==, 0);
    g_assert_cmphex(aemu_test_rreg(h, mmGRBM_STATUS) &
                    GRBM_STATUS__GUI_ACTIVE_MASK, ==, 0);
    g_assert_cmphex(aemu_test_rreg(h, mmRLC_GPM_STAT), ==,
                    RLC_GPM_STAT__GFX_POWER_STATUS_MASK |
                    RLC_GPM_STAT__GFX_CLOCK_STATUS_MASK);
    g_assert_cmphex(aemu_test_rreg(h, mmRLC_SERDES_NONCU_MASTER_BUSY), ==, 0);
    g_assert_cmphex(aemu_test_rreg(h, mmRLC_SERDES_CU_MASTER_BUSY), ==, 0);
    /* Status registers ignore writes. */
    aemu_test_wreg(h, mmSRBM_STATUS, 0xffffffff);
    g_assert_cmphex(aemu_test_rreg(h, mmSRBM_STATUS), ==, 0);
    /* D1VGA off: no VRAM stolen for a pre-OS framebuffer (a DCE register,
     * so only in the name table). */
    g_assert_true(aemu_reg_lookup(&aemu_regdb_cik, "D1VGA_CONTROL", &d1vga));
    g_assert_cmphex(aemu_test_rreg(h, d1vga), ==, 0);
    g_assert_cmpuint(aemu_test_rreg(h, mmGDS_VMID0_SIZE), >, 0);
    g_assert_cmpuint(h->guest_errors->len, ==, 0);
    aemu_test_host_free(h);
}

static void test_vram_size_follows_config(void)
{
    AemuTestHost *h = aemu_test_host_new("hawaii", 1024 * MiB, MiB);

    g_assert_cmpuint(aemu_test_rreg(h, mmCONFIG_MEMSIZE), ==, 1024);
    g_assert_cmphex(aemu_test_rreg(h, mmMC_VM_FB_LOCATION) >>
                    MC_VM_FB_LOCATION__FB_TOP__SHIFT, ==, 0x3f);
    g_assert_cmpuint(aemu_device_pci_info(h->dev)->vram_size, ==,
                     1024 * MiB);
    aemu_test_host_free(h);
}

static void test_smc_reports_stopped(void)
{
    AemuTestHost *h = host_new();

    /* cik_need_reset_on_init: SMC clock disabled => no reset on init. */
    g_assert_true(smc_rreg(h, ixSMC_SYSCON_CLOCK_CNTL_0) &
                  SMC_SYSCON_CLOCK_CNTL_0__ck_disable_MASK);
    g_assert_cmphex(smc_rreg(h, ixSMC_PC_C), <, 0x20100);
    /* Clocking it while it is held in reset does not start it. */
    smc_wreg(h, ixSMC_SYSCON_CLOCK_CNTL_0, 0);
    g_assert_cmphex(smc_rreg(h, ixSMC_PC_C), <, 0x20100);
    /* Nor does releasing the reset with nothing to jump to at SRAM 0. */
    smc_wreg(h, ixSMC_SYSCON_RESET_CNTL, 0);
    g_assert_cmphex(smc_rreg(h, ixSMC_PC_C), <, 0x20100);
    g_assert_cmphex(smc_rreg(h, ixFIRMWARE_FLAGS), ==, 0);
    /* A message to a stopped SMC gets no answer. */
    aemu_test_wreg(h, mmSMC_MESSAGE_0, 0x5d);
    g_assert_cmphex(aemu_test_rreg(h, mmSMC_RESP_0), ==, 0);
    /* Other SMC registers are storage. */
    aemu_test_wreg(h, mmSMC_IND_INDEX_0, 0xc0500090);
    aemu_test_wreg(h, mmSMC_IND_DATA_0, 0x1234);
    g_assert_cmphex(smc_rreg(h, 0xc0500090), ==, 0x1234);
    aemu_test_host_free(h);
}

/*
 * radeon's ci_dpm_enable, in order: wait for the boot sequence, stop and
 * reset the SMC, stream the firmware to 0x20000 (ci_load_smc_ucode), read
 * the header back, write a table, jump at 0, clock on, reset off
 * (ci_dpm_start_smc), wait for FIRMWARE_FLAGS, then talk to it.
 */
static void test_smc_dpm_boot(void)
{
    AemuTestHost *h = host_new();
    static const uint32_t image[] = { 0x11223344, 0x00020100, 0xdeadbeef };

    g_assert_true(smc_rreg(h, ixRCU_UC_EVENTS) &
                  RCU_UC_EVENTS__boot_seq_done_MASK);
    g_assert_false(smc_running(h));
    smc_wreg(h, ixSMC_SYSCON_MISC_CNTL, 1);
    smc_wreg(h, ixSMC_SYSCON_CLOCK_CNTL_0,
             SMC_SYSCON_CLOCK_CNTL_0__ck_disable_MASK);
    smc_wreg(h, ixSMC_SYSCON_RESET_CNTL, SMC_SYSCON_RESET_CNTL__rst_reg_MASK);
    aemu_test_wreg(h, mmSMC_IND_INDEX_0, 0x20000);
    aemu_test_wreg(h, mmSMC_IND_ACCESS_CNTL,
                   SMC_IND_ACCESS_CNTL__AUTO_INCREMENT_IND_0_MASK);
    for (unsigned i = 0; i < G_N_ELEMENTS(image); i++) {
        aemu_test_wreg(h, mmSMC_IND_DATA_0, image[i]);
    }
    aemu_test_wreg(h, mmSMC_IND_ACCESS_CNTL, 0);
    /* SRAM keeps what was written, up to its last dword. */
    for (unsigned i = 0; i < G_N_ELEMENTS(image); i++) {
        g_assert_cmphex(smc_rreg(h, 0x20000 + 4 * i), ==, image[i]);
    }
    smc_wreg(h, 0x3fffc, 0xcafe);
    g_assert_cmphex(smc_rreg(h, 0x3fffc), ==, 0xcafe);
    g_assert_cmphex(smc_rreg(h, 0x0), ==, 0);
    g_assert_false(smc_running(h));

    /* ci_program_jump_on_start, ci_start_smc_clock, ci_start_smc. */
    smc_wreg(h, 0x0, 0xe0008040);
    smc_wreg(h, ixSMC_SYSCON_CLOCK_CNTL_0, 0);
    g_assert_false(smc_running(h));
    smc_wreg(h, ixSMC_SYSCON_RESET_CNTL, 0);
    g_assert_true(smc_running(h));
    g_assert_true(smc_rreg(h, ixFIRMWARE_FLAGS) &
                  FIRMWARE_FLAGS__INTERRUPTS_ENABLED_MASK);

    /* Every message is acknowledged; the clock queries answer. */
    g_assert_cmphex(smc_msg(h, 0x5d, 0), ==, 1);        /* NoDisplay */
    g_assert_cmphex(smc_msg(h, 0x14e, 0), ==, 1);       /* DPM_Enable */
    g_assert_cmphex(smc_msg(h, 0x200, 0), ==, 1);       /* GetSclkFrequency */
    g_assert_cmpuint(aemu_test_rreg(h, mmSMC_MSG_ARG_0), ==, 100000);
    g_assert_cmphex(smc_msg(h, 0x201, 0), ==, 1);       /* GetMclkFrequency */
    g_assert_cmpuint(aemu_test_rreg(h, mmSMC_MSG_ARG_0), ==, 125000);
    /* Forced levels show up where ci_dpm_force_performance_level polls. */
    g_assert_cmphex(smc_msg(h, 0x145, 1u << 2), ==, 1);
    g_assert_cmphex(smc_msg(h, 0x146, 1u << 1), ==, 1);
    g_assert_cmphex(smc_rreg(h, ixTARGET_AND_CURRENT_PROFILE_INDEX),
                    ==, 2u << 16 | 1u << 8);
    g_assert_cmphex(smc_msg(h, 0x147, 3), ==, 1);
    g_assert_cmphex(smc_rreg(h, ixTARGET_AND_CURRENT_PROFILE_INDEX_1) >> 24,
                    ==, 3);

    /* A stopped clock: not running, no answers (ci_dpm_stop_smc). */
    smc_wreg(h, ixSMC_SYSCON_RESET_CNTL, SMC_SYSCON_RESET_CNTL__rst_reg_MASK);
    smc_wreg(h, ixSMC_SYSCON_CLOCK_CNTL_0,
             SMC_SYSCON_CLOCK_CNTL_0__ck_disable_MASK);
    g_assert_false(smc_running(h));
    g_assert_cmphex(smc_rreg(h, ixFIRMWARE_FLAGS), ==, 0);
    g_assert_cmphex(smc_msg(h, 0x5e, 0), ==, 0);
    /* The SRAM survives the SMC's reset; an ASIC reset clears it. */
    g_assert_cmphex(smc_rreg(h, 0x20000), ==, image[0]);
    aemu_device_reset(h->dev, AEMU_RESET_COLD);
    g_assert_cmphex(smc_rreg(h, 0x20000), ==, 0);
    g_assert_false(smc_running(h));
    aemu_test_host_free(h);
}

/* The ROM port, exactly as cik_read_bios_from_rom drives it. */
static void test_smc_rom_port(void)
{
    AemuTestHost *h = host_new();
    const AemuPciInfo *pci = aemu_device_pci_info(h->dev);
    g_autofree uint8_t *buf = g_malloc0(pci->rom_size);

    g_assert_cmpuint(pci->rom_size, >=, 512);
    aemu_test_wreg(h, mmSMC_IND_INDEX_0, ixROM_INDEX);
    aemu_test_wreg(h, mmSMC_IND_DATA_0, 0);
    aemu_test_wreg(h, mmSMC_IND_INDEX_0, ixROM_DATA);
    for (size_t i = 0; i < pci->rom_size / 4; i++) {
        uint32_t v = GUINT32_TO_LE(aemu_test_rreg(h, mmSMC_IND_DATA_0));
        memcpy(buf + 4 * i, &v, 4);
    }
    g_assert_cmpmem(buf, pci->rom_size, pci->rom, pci->rom_size);
    g_assert_cmphex(buf[0], ==, 0x55);
    g_assert_cmphex(buf[1], ==, 0xaa);
    g_assert_cmpmem(buf + 0x30, 10, " 761295520", 10);
    /* Past the image the ROM reads as erased. */
    g_assert_cmphex(aemu_test_rreg(h, mmSMC_IND_DATA_0), ==, 0xffffffff);
    aemu_test_host_free(h);
}

static void test_smc_auto_increment(void)
{
    AemuTestHost *h = host_new();

    aemu_test_wreg(h, mmSMC_IND_ACCESS_CNTL,
                   SMC_IND_ACCESS_CNTL__AUTO_INCREMENT_IND_0_MASK);
    aemu_test_wreg(h, mmSMC_IND_INDEX_0, 0x1000);
    aemu_test_wreg(h, mmSMC_IND_DATA_0, 0xa);
    aemu_test_wreg(h, mmSMC_IND_DATA_0, 0xb);
    g_assert_cmphex(aemu_test_rreg(h, mmSMC_IND_INDEX_0), ==, 0x1008);
    aemu_test_wreg(h, mmSMC_IND_ACCESS_CNTL, 0);
    g_assert_cmphex(smc_rreg(h, 0x1000), ==, 0xa);
    g_assert_cmphex(smc_rreg(h, 0x1004), ==, 0xb);
    aemu_test_host_free(h);
}

/* amdgpu_device_mm_access: MM_INDEX bit 31 reaches VRAM. */
static void test_mm_index_vram_and_regs(void)
{
    AemuTestHost *h = host_new();
    uint64_t off = 0x123450;

    aemu_test_wreg(h, mmMM_INDEX, (uint32_t)off | 0x80000000u);
    aemu_test_wreg(h, mmMM_INDEX_HI, 0);
    aemu_test_wreg(h, mmMM_DATA, 0xcafef00d);
    g_assert_cmphex(h->vram[off], ==, 0x0d);
    g_assert_cmphex(h->vram[off + 3], ==, 0xca);
    g_assert_cmphex(aemu_test_rreg(h, mmMM_DATA), ==, 0xcafef00d);
    /* Without bit 31 MM_INDEX names a register by byte offset. */
    aemu_test_wreg(h, mmMM_INDEX, mmCONFIG_MEMSIZE * 4);
    g_assert_cmpuint(aemu_test_rreg(h, mmMM_DATA), ==, 256);
    aemu_test_wreg(h, mmMM_INDEX, mmSCRATCH_REG0 * 4);
    aemu_test_wreg(h, mmMM_DATA, 0x5a5a);
    g_assert_cmphex(aemu_test_rreg(h, mmSCRATCH_REG0), ==, 0x5a5a);
    g_assert_cmpuint(h->guest_errors->len, ==, 0);
    aemu_test_host_free(h);
}

/* A hostile index: past VRAM, and MM_DATA naming itself. */
static void test_mm_index_hostile(void)
{
    AemuTestHost *h = host_new();

    aemu_test_wreg(h, mmMM_INDEX, 0xfffffffc);
    aemu_test_wreg(h, mmMM_INDEX_HI, 0xffffffff);
    aemu_test_wreg(h, mmMM_DATA, 1);
    g_assert_cmphex(aemu_test_rreg(h, mmMM_DATA), ==, 0);
    aemu_test_wreg(h, mmMM_INDEX, mmMM_DATA * 4);
    aemu_test_wreg(h, mmMM_DATA, 1);
    g_assert_cmphex(aemu_test_rreg(h, mmMM_DATA), ==, 0);
    g_assert_cmpuint(h->guest_errors->len, ==, 4);
    /* Beyond the register aperture. */
    aemu_test_wreg(h, mmMM_INDEX, 0x7ffffff0);
    g_assert_cmphex(aemu_test_rreg(h, mmMM_DATA), ==, 0);
    g_assert_cmpuint(h->guest_errors->len, ==, 5);
    aemu_test_host_free(h);
}

static void test_pcie_index_data(void)
{
    AemuTestHost *h = host_new();

    aemu_test_wreg(h, mmPCIE_INDEX, ixPCIE_CNTL2);
    g_assert_cmphex(aemu_test_rreg(h, mmPCIE_INDEX), ==, ixPCIE_CNTL2);
    aemu_test_wreg(h, mmPCIE_DATA, 0x11);
    aemu_test_wreg(h, mmPCIE_INDEX, 0x1400020);
    aemu_test_wreg(h, mmPCIE_DATA, 0x22);
    aemu_test_wreg(h, mmPCIE_INDEX, ixPCIE_CNTL2);
    g_assert_cmphex(aemu_test_rreg(h, mmPCIE_DATA), ==, 0x11);
    aemu_test_host_free(h);
}

/* x16 as the link controller encodes it (smu7_hwmgr's, ci_dpm's tables). */
#define LC_WIDTH_X16 6u

static uint32_t pcie_rreg(AemuTestHost *h, uint32_t ix)
{
    aemu_test_wreg(h, mmPCIE_INDEX, ix);
    return aemu_test_rreg(h, mmPCIE_DATA);
}

static void pcie_wreg(AemuTestHost *h, uint32_t ix, uint32_t v)
{
    aemu_test_wreg(h, mmPCIE_INDEX, ix);
    aemu_test_wreg(h, mmPCIE_DATA, v);
}

/*
 * The link-control registers report the link the PCIe capability
 * advertises (Hawaii: 8 GT/s x16), and cik_pcie_gen3_enable's speed change
 * completes (its poll ends) without changing the rate; status fields
 * cannot be written.
 */
static void test_pcie_link_state(void)
{
    AemuTestHost *h = host_new();
    const AemuPciInfo *pci = aemu_device_pci_info(h->dev);
    uint32_t speed, st;

    g_assert_cmpuint(pci->pcie_gen, ==, 3);
    g_assert_cmpuint(pci->pcie_lanes, ==, 16);
    speed = pcie_rreg(h, ixPCIE_LC_SPEED_CNTL);
    g_assert_cmpuint(AEMU_REG_GET(speed, PCIE_LC_SPEED_CNTL,
                                  LC_CURRENT_DATA_RATE), ==, 2);
    st = pcie_rreg(h, ixPCIE_LC_STATUS1);
    g_assert_cmpuint(AEMU_REG_GET(st, PCIE_LC_STATUS1,
                                  LC_OPERATING_LINK_WIDTH), ==, LC_WIDTH_X16);
    g_assert_cmpuint(AEMU_REG_GET(st, PCIE_LC_STATUS1,
                                  LC_DETECTED_LINK_WIDTH), ==, LC_WIDTH_X16);
    g_assert_cmpuint(AEMU_REG_GET(pcie_rreg(h, ixPCIE_LC_LINK_WIDTH_CNTL),
                                  PCIE_LC_LINK_WIDTH_CNTL, LC_LINK_WIDTH_RD),
                     ==, LC_WIDTH_X16);

    /* The driver's speed change: forced software change, then initiate. */
    pcie_wreg(h, ixPCIE_LC_SPEED_CNTL,
              (speed & ~PCIE_LC_SPEED_CNTL__LC_CURRENT_DATA_RATE_MASK) |
              PCIE_LC_SPEED_CNTL__LC_FORCE_EN_SW_SPEED_CHANGE_MASK |
              PCIE_LC_SPEED_CNTL__LC_INITIATE_LINK_SPEED_CHANGE_MASK);
    speed = pcie_rreg(h, ixPCIE_LC_SPEED_CNTL);
    g_assert_false(speed &
                   PCIE_LC_SPEED_CNTL__LC_INITIATE_LINK_SPEED_CHANGE_MASK);
    g_assert_true(speed & PCIE_LC_SPEED_CNTL__LC_FORCE_EN_SW_SPEED_CHANGE_MASK);
    g_assert_cmpuint(AEMU_REG_GET(speed, PCIE_LC_SPEED_CNTL,
                                  LC_CURRENT_DATA_RATE), ==, 2);
    pcie_wreg(h, ixPCIE_LC_STATUS1, 0);
    g_assert_cmphex(pcie_rreg(h, ixPCIE_LC_STATUS1), ==, st);
    pcie_wreg(h, ixPCIE_LC_LINK_WIDTH_CNTL,
              PCIE_LC_LINK_WIDTH_CNTL__LC_RECONFIG_NOW_MASK);
    g_assert_cmphex(pcie_rreg(h, ixPCIE_LC_LINK_WIDTH_CNTL), ==,
                    LC_WIDTH_X16 << PCIE_LC_LINK_WIDTH_CNTL__LC_LINK_WIDTH_RD__SHIFT);

    /* A config-space reset retrains the link to its power-on state. */
    aemu_device_reset(h->dev, AEMU_RESET_PCI_CONFIG);
    g_assert_false(pcie_rreg(h, ixPCIE_LC_SPEED_CNTL) &
                   PCIE_LC_SPEED_CNTL__LC_FORCE_EN_SW_SPEED_CHANGE_MASK);
    aemu_test_host_free(h);
}

/*
 * The RLC acknowledges a safe-mode request at once (GFX is always powered
 * and clocked here): the request bit clears, the enter/leave bit stays.
 */
static void test_rlc_safe_mode(void)
{
    AemuTestHost *h = host_new();
    const uint32_t req = 1u << 0, enter = 1u << 1;

    aemu_test_wreg(h, mmRLC_GPR_REG2, req | enter);
    g_assert_cmphex(aemu_test_rreg(h, mmRLC_GPR_REG2), ==, enter);
    aemu_test_wreg(h, mmRLC_GPR_REG2, req);
    g_assert_cmphex(aemu_test_rreg(h, mmRLC_GPR_REG2), ==, 0);
    aemu_test_host_free(h);
}

/* Every engine frame waits for GPU_HDP_FLUSH_DONE to mirror the request. */
static void test_hdp_flush_handshake(void)
{
    AemuTestHost *h = host_new();

    aemu_test_wreg(h, mmGPU_HDP_FLUSH_REQ, GPU_HDP_FLUSH_DONE__CP0_MASK);
    g_assert_true(aemu_test_rreg(h, mmGPU_HDP_FLUSH_DONE) &
                  GPU_HDP_FLUSH_DONE__CP0_MASK);
    aemu_test_wreg(h, mmGPU_HDP_FLUSH_REQ, GPU_HDP_FLUSH_DONE__SDMA1_MASK);
    g_assert_true(aemu_test_rreg(h, mmGPU_HDP_FLUSH_DONE) &
                  GPU_HDP_FLUSH_DONE__SDMA1_MASK);
    aemu_test_host_free(h);
}

static void test_vm_invalidate_ack(void)
{
    AemuTestHost *h = host_new();

    aemu_test_wreg(h, mmVM_INVALIDATE_REQUEST, 1u << 3);
    g_assert_cmphex(aemu_test_rreg(h, mmVM_INVALIDATE_RESPONSE), ==, 1u << 3);
    aemu_test_host_free(h);
}

static void select_se(AemuTestHost *h, unsigned se)
{
    aemu_test_wreg(h, mmGRBM_GFX_INDEX,
                   (se << GRBM_GFX_INDEX__SE_INDEX__SHIFT) |
                   GRBM_GFX_INDEX__INSTANCE_BROADCAST_WRITES_MASK);
}

/* gfx_v7_0_setup_rb writes PA_SC_RASTER_CONFIG per SE and reads it back. */
static void test_grbm_banking(void)
{
    AemuTestHost *h = host_new();

    for (unsigned se = 0; se < 4; se++) {
        select_se(h, se);
        aemu_test_wreg(h, mmPA_SC_RASTER_CONFIG, 0x100 + se);
    }
    for (unsigned se = 0; se < 4; se++) {
        select_se(h, se);
        g_assert_cmphex(aemu_test_rreg(h, mmPA_SC_RASTER_CONFIG), ==,
                        0x100 + se);
    }
    /* A broadcast write reaches every SE. */
    aemu_test_wreg(h, mmGRBM_GFX_INDEX,
                   GRBM_GFX_INDEX__SE_BROADCAST_WRITES_MASK |
                   GRBM_GFX_INDEX__SH_BROADCAST_WRITES_MASK |
                   GRBM_GFX_INDEX__INSTANCE_BROADCAST_WRITES_MASK);
    aemu_test_wreg(h, mmPA_SC_RASTER_CONFIG, 0x77);
    for (unsigned se = 0; se < 4; se++) {
        select_se(h, se);
        g_assert_cmphex(aemu_test_rreg(h, mmPA_SC_RASTER_CONFIG), ==, 0x77);
        /* All render backends and CUs present. */
        g_assert_cmphex(aemu_test_rreg(h, mmCC_RB_BACKEND_DISABLE), ==, 0);
        g_assert_cmphex(aemu_test_rreg(h, mmCC_GC_SHADER_ARRAY_CONFIG), ==,
                        0);
    }
    aemu_test_host_free(h);
}

static void srbm_select(AemuTestHost *h, unsigned me, unsigned pipe,
                        unsigned queue, unsigned vmid)
{
    aemu_test_wreg(h, mmSRBM_GFX_CNTL,
                   (pipe << SRBM_GFX_CNTL__PIPEID__SHIFT) |
                   (me << SRBM_GFX_CNTL__MEID__SHIFT) |
                   (vmid << SRBM_GFX_CNTL__VMID__SHIFT) |
                   (queue << SRBM_GFX_CNTL__QUEUEID__SHIFT));
}

/* HQD registers are per ME/pipe/queue; SH_MEM_* per VMID. */
static void test_srbm_banking(void)
{
    AemuTestHost *h = host_new();

    srbm_select(h, 1, 0, 0, 0);
    aemu_test_wreg(h, mmCP_HQD_PQ_BASE, 0x1000);
    srbm_select(h, 1, 2, 5, 0);
    aemu_test_wreg(h, mmCP_HQD_PQ_BASE, 0x2000);
    g_assert_cmphex(aemu_test_rreg(h, mmCP_HQD_ACTIVE), ==, 0);
    srbm_select(h, 1, 0, 0, 0);
    g_assert_cmphex(aemu_test_rreg(h, mmCP_HQD_PQ_BASE), ==, 0x1000);
    srbm_select(h, 1, 2, 5, 0);
    g_assert_cmphex(aemu_test_rreg(h, mmCP_HQD_PQ_BASE), ==, 0x2000);

    for (unsigned vmid = 0; vmid < 16; vmid++) {
        srbm_select(h, 0, 0, 0, vmid);
        aemu_test_wreg(h, mmSH_MEM_CONFIG, vmid * 3);
    }
    for (unsigned vmid = 0; vmid < 16; vmid++) {
        srbm_select(h, 0, 0, 0, vmid);
        g_assert_cmpuint(aemu_test_rreg(h, mmSH_MEM_CONFIG), ==, vmid * 3);
    }
    aemu_test_host_free(h);
}

static void test_latch(void)
{
    AemuTestHost *h = host_new();

    aemu_test_wreg(h, mmSCRATCH_REG0, 0xcafedead);
    g_assert_cmphex(aemu_test_rreg(h, mmSCRATCH_REG0), ==, 0xcafedead);
    aemu_test_wreg(h, mmCP_RB0_WPTR, 0x40);
    g_assert_cmphex(aemu_test_rreg(h, mmCP_RB0_WPTR), ==, 0x40);
    aemu_test_host_free(h);
}

/* The drivers' config-space reset leaves the ASIC unposted; cold posts. */
static void test_reset_kinds(void)
{
    AemuTestHost *h = host_new();

    aemu_test_wreg(h, mmSCRATCH_REG0, 0x1234);
    aemu_device_reset(h->dev, AEMU_RESET_PCI_CONFIG);
    g_assert_cmphex(aemu_test_rreg(h, mmSCRATCH_REG0), ==, 0);
    g_assert_cmphex(aemu_test_rreg(h, mmBIOS_SCRATCH_7) & ASIC_INIT_COMPLETE,
                    ==, 0);
    /* cik_asic_pci_config_reset polls CONFIG_MEMSIZE != 0xffffffff. */
    g_assert_cmpuint(aemu_test_rreg(h, mmCONFIG_MEMSIZE), ==, 256);
    aemu_device_reset(h->dev, AEMU_RESET_COLD);
    g_assert_cmphex(aemu_test_rreg(h, mmBIOS_SCRATCH_7) & ASIC_INIT_COMPLETE,
                    ==, ASIC_INIT_COMPLETE);
    aemu_test_host_free(h);
}

/*
 * An S3 wake-up (RESET_TYPE_WAKEUP in the glue): what a power cycle drops
 * is dropped (registers, the running SMC, the rings' programming) and the
 * ASIC is not posted, since no VBIOS runs on the way back; VRAM keeps its
 * contents.
 */
static void test_reset_wake(void)
{
    AemuTestHost *h = host_new();
    static const uint8_t vram_bytes[] = { 0x5a, 0xa5, 0x3c, 0xc3 };
    const uint64_t vram_off = 200 * MiB + 3;

    memcpy(h->vram + vram_off, vram_bytes, sizeof(vram_bytes));
    aemu_test_wreg(h, mmSCRATCH_REG0, 0x1234);
    aemu_test_wreg(h, mmCP_RB0_BASE, 0x4000);
    aemu_test_wreg(h, mmIH_RB_BASE, 0x8000);
    /* The SMC out of reset and clocked (ci_start_smc_clock, ci_start_smc). */
    smc_wreg(h, 0x0, 0xe0008040);
    smc_wreg(h, ixSMC_SYSCON_CLOCK_CNTL_0, 0);
    smc_wreg(h, ixSMC_SYSCON_RESET_CNTL, 0);
    g_assert_true(smc_running(h));

    aemu_device_reset(h->dev, AEMU_RESET_WAKE);
    g_assert_cmphex(aemu_test_rreg(h, mmBIOS_SCRATCH_7) & ASIC_INIT_COMPLETE,
                    ==, 0);
    g_assert_cmphex(aemu_test_rreg(h, mmSCRATCH_REG0), ==, 0);
    g_assert_cmphex(aemu_test_rreg(h, mmCP_RB0_BASE), ==, 0);
    g_assert_cmphex(aemu_test_rreg(h, mmIH_RB_BASE), ==, 0);
    g_assert_false(smc_running(h));
    g_assert_cmpuint(aemu_test_rreg(h, mmCONFIG_MEMSIZE), ==, 256);
    g_assert_cmpmem(h->vram + vram_off, sizeof(vram_bytes), vram_bytes,
                    sizeof(vram_bytes));
    g_assert_cmpstr(aemu_reset_kind_name(AEMU_RESET_WAKE), ==, "wake");
    aemu_test_host_free(h);
}

static void test_config_check(void)
{
    char *err = NULL;
    AemuConfig bad_asic = { .asic = "bogus" };
    AemuConfig not_pow2 = { .vram_size = 300 * MiB };
    AemuConfig too_small = { .vram_size = 16 * MiB };
    AemuConfig ok = { .asic = "hawaii", .vram_size = 512 * MiB };

    g_assert_false(aemu_config_check(&bad_asic, &err));
    g_assert_nonnull(strstr(err, "bogus"));
    g_assert_nonnull(strstr(err, "hawaii"));
    aemu_free_string(err);
    g_assert_false(aemu_config_check(&not_pow2, &err));
    g_assert_nonnull(strstr(err, "power of two"));
    aemu_free_string(err);
    g_assert_false(aemu_config_check(&too_small, &err));
    aemu_free_string(err);
    g_assert_true(aemu_config_check(&ok, &err));
    g_assert_cmpstr(aemu_asic_names()[0], ==, "hawaii");
    g_assert_cmpstr(aemu_asic_names()[1], ==, "vega10");
    g_assert_cmpstr(aemu_asic_names()[2], ==, "rs780");
    g_assert_cmpstr(aemu_asic_names()[3], ==, "topaz");
    g_assert_null(aemu_asic_names()[4]);
}

static void record_hook(void *opaque, const AemuAccess *a)
{
    g_array_append_val((GArray *)opaque, *a);
}

static void test_access_hook(void)
{
    AemuTestHost *h = host_new();
    GArray *log = g_array_new(FALSE, FALSE, sizeof(AemuAccess));
    AemuAccess *a;

    aemu_set_access_hook(h->dev, record_hook, log);
    aemu_test_wreg(h, mmSCRATCH_REG0, 7);
    aemu_test_rreg(h, mmCONFIG_MEMSIZE);
    aemu_doorbell_write(h->dev, 0x40, 9, 4);
    g_assert_cmpuint(log->len, ==, 3);
    a = &g_array_index(log, AemuAccess, 0);
    g_assert_true(a->write);
    g_assert_cmphex(a->offset, ==, mmSCRATCH_REG0 * 4);
    g_assert_cmphex(a->value, ==, 7);
    a = &g_array_index(log, AemuAccess, 1);
    g_assert_false(a->write);
    g_assert_cmpuint(a->value, ==, 256);
    a = &g_array_index(log, AemuAccess, 2);
    g_assert_cmpint(a->space, ==, AEMU_SPACE_DOORBELL);
    aemu_set_access_hook(h->dev, NULL, NULL);
    g_array_free(log, TRUE);
    aemu_test_host_free(h);
}

/* MM_INDEX bit 31 selects the VRAM aperture (amdgpu_device_mm_access). */
#define MM_INDEX_VRAM 0x80000000u
#define SCRATCH0_OFFSET (mmSCRATCH_REG0 * 4ull)

static uint32_t byte_of(uint32_t v, unsigned i)
{
    return (v >> (8 * i)) & 0xff;
}

/* The access tests need little VRAM: the smallest keeps them quick. */
#define ACCESS_TEST_VRAM (64 * MiB)

static AemuTestHost *access_host_new(void)
{
    return aemu_test_host_new(NULL, ACCESS_TEST_VRAM, 16 * MiB);
}

/*
 * Byte and word accesses, naturally aligned, reach only the bytes they
 * address: a write changes those bytes of the register and keeps the
 * others, a read returns them.
 */
static void test_sub_dword_mmio(void)
{
    AemuTestHost *h = access_host_new();

    aemu_test_wreg(h, mmSCRATCH_REG0, 0x11223344);
    for (unsigned i = 0; i < 4; i++) {
        g_assert_cmphex(aemu_mmio_read(h->dev, SCRATCH0_OFFSET + i, 1), ==,
                        byte_of(0x11223344, i));
    }
    g_assert_cmphex(aemu_mmio_read(h->dev, SCRATCH0_OFFSET, 2), ==, 0x3344);
    g_assert_cmphex(aemu_mmio_read(h->dev, SCRATCH0_OFFSET + 2, 2), ==,
                    0x1122);
    aemu_mmio_write(h->dev, SCRATCH0_OFFSET, 0xaa, 1);
    g_assert_cmphex(aemu_test_rreg(h, mmSCRATCH_REG0), ==, 0x112233aa);
    aemu_mmio_write(h->dev, SCRATCH0_OFFSET + 3, 0xbb, 1);
    g_assert_cmphex(aemu_test_rreg(h, mmSCRATCH_REG0), ==, 0xbb2233aa);
    aemu_mmio_write(h->dev, SCRATCH0_OFFSET + 2, 0xccdd, 2);
    g_assert_cmphex(aemu_test_rreg(h, mmSCRATCH_REG0), ==, 0xccdd33aa);
    aemu_mmio_write(h->dev, SCRATCH0_OFFSET, 0x1234, 2);
    g_assert_cmphex(aemu_test_rreg(h, mmSCRATCH_REG0), ==, 0xccdd1234);
    /* Bits of the value beyond the access's width do not count. */
    aemu_mmio_write(h->dev, SCRATCH0_OFFSET + 1, 0xffffff56, 1);
    g_assert_cmphex(aemu_test_rreg(h, mmSCRATCH_REG0), ==, 0xccdd5634);

    /* The merged dword goes through the register's write handler. */
    aemu_mmio_write(h->dev, mmCONFIG_MEMSIZE * 4 + 1, 0xff, 1);
    g_assert_cmpuint(aemu_test_rreg(h, mmCONFIG_MEMSIZE), ==,
                     ACCESS_TEST_VRAM / MiB);
    aemu_mmio_write(h->dev, mmGPU_HDP_FLUSH_REQ * 4 + 1, 0x02, 1);
    g_assert_cmphex(aemu_test_rreg(h, mmGPU_HDP_FLUSH_DONE), ==, 0x200);
    g_assert_cmpuint(h->guest_errors->len, ==, 0);
    aemu_test_host_free(h);
}

/*
 * The indirect data ports (MM_DATA, PCIE_DATA, SMC_IND_DATA) keep the bytes
 * a narrow write does not address of what they point at, not of their own
 * latch. MM_INDEX/MM_DATA are also reached through the I/O window.
 */
static void test_sub_dword_indirect(void)
{
    AemuTestHost *h = access_host_new();
    const uint64_t vram_off = 0x2000;

    aemu_test_wreg(h, mmSCRATCH_REG0, 0x11223344);
    aemu_io_write(h->dev, mmMM_INDEX * 4, SCRATCH0_OFFSET, 4);
    aemu_io_write(h->dev, mmMM_DATA * 4 + 1, 0xaa, 1);
    g_assert_cmphex(aemu_test_rreg(h, mmSCRATCH_REG0), ==, 0x1122aa44);
    aemu_io_write(h->dev, mmMM_DATA * 4 + 2, 0xbbcc, 2);
    g_assert_cmphex(aemu_test_rreg(h, mmSCRATCH_REG0), ==, 0xbbccaa44);
    g_assert_cmphex(aemu_io_read(h->dev, mmMM_DATA * 4 + 3, 1), ==, 0xbb);
    g_assert_cmphex(aemu_io_read(h->dev, mmMM_DATA * 4, 2), ==, 0xaa44);

    aemu_test_put32(h->vram + vram_off, 0x55667788);
    aemu_test_wreg(h, mmMM_INDEX_HI, 0);
    aemu_test_wreg(h, mmMM_INDEX, (uint32_t)vram_off | MM_INDEX_VRAM);
    aemu_io_write(h->dev, mmMM_DATA * 4, 0x99, 1);
    g_assert_cmphex(aemu_test_get32(h->vram + vram_off), ==, 0x55667799);

    aemu_test_wreg(h, mmPCIE_INDEX, ixPCIE_CNTL2);
    aemu_test_wreg(h, mmPCIE_DATA, 0x11223344);
    aemu_mmio_write(h->dev, mmPCIE_DATA * 4 + 1, 0xaa, 1);
    g_assert_cmphex(aemu_test_rreg(h, mmPCIE_DATA), ==, 0x1122aa44);

    smc_wreg(h, 0x1000, 0x11223344);
    aemu_mmio_write(h->dev, mmSMC_IND_DATA_0 * 4 + 3, 0xee, 1);
    g_assert_cmphex(smc_rreg(h, 0x1000), ==, 0xee223344);
    g_assert_cmpuint(h->guest_errors->len, ==, 0);
    aemu_test_host_free(h);
}

/*
 * Misaligned accesses, odd sizes and qwords (QEMU splits a guest's qword
 * into two dwords before the core) never reach a register.
 */
static void test_bad_access_sizes(void)
{
    AemuTestHost *h = access_host_new();

    aemu_test_wreg(h, mmSCRATCH_REG0, 0x11223344);
    aemu_mmio_write(h->dev, SCRATCH0_OFFSET + 1, 0xffff, 2);
    aemu_mmio_write(h->dev, SCRATCH0_OFFSET + 2, 0xffffffff, 4);
    aemu_mmio_write(h->dev, SCRATCH0_OFFSET, 0xffffff, 3);
    aemu_mmio_write(h->dev, SCRATCH0_OFFSET, UINT64_MAX, 8);
    aemu_io_write(h->dev, mmMM_DATA * 4 + 1, 0xffff, 2);
    g_assert_cmphex(aemu_test_rreg(h, mmSCRATCH_REG0), ==, 0x11223344);
    g_assert_cmpuint(h->guest_errors->len, ==, 5);
    g_assert_cmphex(aemu_mmio_read(h->dev, SCRATCH0_OFFSET + 1, 2), ==, 0);
    g_assert_cmphex(aemu_mmio_read(h->dev, SCRATCH0_OFFSET, 8), ==, 0);
    g_assert_cmpuint(h->guest_errors->len, ==, 7);
    /* Past the aperture reads 0. */
    g_assert_cmphex(aemu_mmio_read(h->dev, 256 * 1024, 4), ==, 0);
    aemu_test_host_free(h);
}

int main(int argc, char **argv)
{
    g_test_init(&argc, &argv, NULL);
    g_test_add_func("/core/probe-values", test_probe_values);
    g_test_add_func("/core/vram-size-follows-config",
                    test_vram_size_follows_config);
    g_test_add_func("/core/smc/reports-stopped", test_smc_reports_stopped);
    g_test_add_func("/core/smc/rom-port", test_smc_rom_port);
    g_test_add_func("/core/smc/auto-increment", test_smc_auto_increment);
    g_test_add_func("/core/smc/dpm-boot", test_smc_dpm_boot);
    g_test_add_func("/core/bif/mm-index", test_mm_index_vram_and_regs);
    g_test_add_func("/core/bif/mm-index-hostile", test_mm_index_hostile);
    g_test_add_func("/core/bif/pcie-index", test_pcie_index_data);
    g_test_add_func("/core/bif/pcie-link", test_pcie_link_state);
    g_test_add_func("/core/bif/hdp-flush", test_hdp_flush_handshake);
    g_test_add_func("/core/gfx/rlc-safe-mode", test_rlc_safe_mode);
    g_test_add_func("/core/gmc/vm-invalidate-ack", test_vm_invalidate_ack);
    g_test_add_func("/core/banking/grbm", test_grbm_banking);
    g_test_add_func("/core/banking/srbm", test_srbm_banking);
    g_test_add_func("/core/latch", test_latch);
    g_test_add_func("/core/reset-kinds", test_reset_kinds);
    g_test_add_func("/core/reset-wake", test_reset_wake);
    g_test_add_func("/core/config-check", test_config_check);
    g_test_add_func("/core/access-hook", test_access_hook);
    g_test_add_func("/core/sub-dword/mmio", test_sub_dword_mmio);
    g_test_add_func("/core/sub-dword/indirect", test_sub_dword_indirect);
    g_test_add_func("/core/bad-access-sizes", test_bad_access_sizes);
    return g_test_run();
}
