/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Unit tests of the Vega10 chip as far as it is built (asic_vega10.c and
 * its blocks), on the standalone host: its PCI identity and BARs, the
 * SOC15 bank selectors, the shared status registers, register names from
 * the SOC15 database, the atomfirmware ROM, NBIO 6.1 (the MM window,
 * the SMN path, the memory size, posting, the HDP flush handshake) and
 * GFX 9.0's banking and RLC.
 */
#include "aemu-host.h"
#include "aemu-internal.h"
#include "vbios_atomfirmware.h"
#include "amdgpu-emu/regs/vega10_regs.h"
#include "amdgpu-emu/regs/vega10_fields.h"

#define MiB (1024ull * 1024ull)
#define RAM_SIZE MiB
/* The option-ROM signature and the offset of the ATOM ROM header. */
#define ROM_SIGNATURE 0xaa55u
#define ROM_ATOM_HEADER_PTR 0x48u
/* An SMN address amdgpu reaches through PCIE_INDEX2 (PCIE_CONFIG_CNTL). */
#define SMN_PCIE_CONFIG_CNTL 0x11180044u

static AemuTestHost *vega10(void)
{
    return aemu_test_host_new_asic(&aemu_asic_vega10, 0, RAM_SIZE);
}

/* Offered to users (device.c's asics[]): amdgpu probes it. */
static void test_listed(void)
{
    AemuConfig cfg = { .asic = "vega10" };
    char *err = NULL;

    g_assert_true(aemu_config_check(&cfg, &err));
    g_assert_cmpuint(aemu_config_vram_size(&cfg), ==, 256 * MiB);
}

static void test_identity(void)
{
    AemuTestHost *h = vega10();
    const AemuPciInfo *pci = aemu_device_pci_info(h->dev);

    g_assert_cmphex(pci->vendor_id, ==, 0x1002);
    g_assert_cmphex(pci->device_id, ==, 0x687f);
    g_assert_cmpuint(pci->mmio_size, ==, 512 * 1024);
    g_assert_cmpuint(pci->doorbell_size, ==, 2 * MiB);
    g_assert_cmpuint(pci->vram_size, ==, 256 * MiB);
    /* The atomfirmware image: option-ROM signature and an ATOM header. */
    g_assert_cmpuint(pci->rom_size, >, ROM_ATOM_HEADER_PTR);
    g_assert_cmphex(pci->rom[0] | pci->rom[1] << 8, ==, ROM_SIGNATURE);
    /* Names from the SOC15 database, with their IP. */
    g_assert_cmpstr(aemu_device_reg_name(h->dev, mmGRBM_GFX_CNTL), ==,
                    "GRBM_GFX_CNTL");
    g_assert_cmpstr(aemu_device_reg_name(h->dev,
                                         mmRCC_PF_0_0_RCC_CONFIG_MEMSIZE),
                    ==, "RCC_PF_0_0_RCC_CONFIG_MEMSIZE");
    g_assert_nonnull(aemu_device_reg_ip(h->dev, mmSCRATCH_REG0));
    aemu_test_host_free(h);
}

/* soc15_grbm_select: GRBM_GFX_CNTL picks the ME/pipe/queue and VMID. */
static void test_grbm_select(void)
{
    AemuTestHost *h = vega10();
    unsigned me, pipe, queue;

    aemu_test_wreg(h, mmGRBM_GFX_CNTL,
                   AEMU_REG_SET(AEMU_REG_SET(AEMU_REG_SET(0, GRBM_GFX_CNTL,
                                                          MEID, 2),
                                             GRBM_GFX_CNTL, PIPEID, 3),
                                GRBM_GFX_CNTL, QUEUEID, 5));
    aemu_reg_selected_queue(h->dev, &me, &pipe, &queue);
    g_assert_cmpuint(me, ==, 2);
    g_assert_cmpuint(pipe, ==, 3);
    g_assert_cmpuint(queue, ==, 5);
    aemu_test_host_free(h);
}

/* GRBM status is status.c's, idle with nothing running; no SRBM. */
static void test_status(void)
{
    AemuTestHost *h = vega10();

    g_assert_cmpstr(h->dev->handlers[mmGRBM_STATUS]->block, ==, "status");
    g_assert_cmpstr(h->dev->handlers[mmGRBM_SOFT_RESET]->block, ==,
                    "status");
    g_assert_cmphex(aemu_test_rreg(h, mmGRBM_STATUS), ==, 0);
    aemu_test_wreg(h, mmGRBM_SOFT_RESET, GRBM_SOFT_RESET__SOFT_RESET_CPC_MASK);
    g_assert_true(aemu_units_held(h->dev, AEMU_UNITS_CP_COMPUTE));
    g_assert_false(aemu_units_held(h->dev,
                                   AEMU_UNIT_MASK(AEMU_UNIT_CP_GFX)));
    aemu_test_wreg(h, mmGRBM_SOFT_RESET, 0);
    g_assert_false(aemu_units_held(h->dev, AEMU_UNITS_CP));
    aemu_test_host_free(h);
}

/* nbio_v6_1_get_memsize, get_rev_id, amdgpu_device_need_post. */
static void test_nbio_probe_values(void)
{
    AemuTestHost *h = aemu_test_host_new_asic(&aemu_asic_vega10, 512 * MiB,
                                              RAM_SIZE);

    g_assert_cmpuint(aemu_test_rreg(h, mmRCC_PF_0_0_RCC_CONFIG_MEMSIZE), ==,
                     512);
    aemu_test_wreg(h, mmRCC_PF_0_0_RCC_CONFIG_MEMSIZE, 1);
    g_assert_cmpuint(aemu_test_rreg(h, mmRCC_PF_0_0_RCC_CONFIG_MEMSIZE), ==,
                     512);
    g_assert_cmphex(AEMU_REG_GET(aemu_test_rreg(h, mmRCC_DEV0_EPF0_STRAP0),
                                 RCC_DEV0_EPF0_STRAP0,
                                 STRAP_ATI_REV_ID_DEV0_F0), ==, 0);
    g_assert_cmphex(aemu_test_rreg(h, mmRCC_PF_0_0_RCC_IOV_FUNC_IDENTIFIER),
                    ==, 0);
    g_assert_true(aemu_test_rreg(h, mmBIOS_SCRATCH_7) &
                  AEMU_VBIOS_AF_POSTED_SCRATCH_7);
    aemu_device_reset(h->dev, AEMU_RESET_PCI_CONFIG);
    g_assert_false(aemu_test_rreg(h, mmBIOS_SCRATCH_7) &
                   AEMU_VBIOS_AF_POSTED_SCRATCH_7);
    aemu_device_reset(h->dev, AEMU_RESET_COLD);
    g_assert_true(aemu_test_rreg(h, mmBIOS_SCRATCH_7) &
                  AEMU_VBIOS_AF_POSTED_SCRATCH_7);
    /* No VBIOS runs on an S3 wake-up. */
    aemu_device_reset(h->dev, AEMU_RESET_WAKE);
    g_assert_false(aemu_test_rreg(h, mmBIOS_SCRATCH_7) &
                   AEMU_VBIOS_AF_POSTED_SCRATCH_7);
    aemu_test_host_free(h);
}

/* amdgpu_device_mm_access: VRAM and registers through MM_INDEX/DATA. */
static void test_nbio_mm_window(void)
{
    AemuTestHost *h = vega10();

    aemu_test_wreg(h, mmMM_INDEX, 0x80000000u | 0x1000);
    aemu_test_wreg(h, mmMM_INDEX_HI, 0);
    aemu_test_wreg(h, mmMM_DATA, 0x12345678);
    g_assert_cmphex(aemu_test_get32(h->vram + 0x1000), ==, 0x12345678);
    aemu_test_wreg(h, mmMM_INDEX, mmSCRATCH_REG0 * 4);
    aemu_test_wreg(h, mmMM_DATA, 0xcafedead);
    g_assert_cmphex(aemu_test_rreg(h, mmSCRATCH_REG0), ==, 0xcafedead);
    g_assert_cmphex(aemu_test_rreg(h, mmMM_DATA), ==, 0xcafedead);
    g_assert_cmpuint(h->guest_errors->len, ==, 0);
    aemu_test_host_free(h);
}

/* soc15_pcie_rreg/wreg: the SMN space behind PCIE_INDEX2/DATA2. */
static void test_nbio_smn(void)
{
    AemuTestHost *h = vega10();

    aemu_test_wreg(h, mmPCIE_INDEX2, SMN_PCIE_CONFIG_CNTL);
    g_assert_cmphex(aemu_test_rreg(h, mmPCIE_DATA2), ==, 0);
    aemu_test_wreg(h, mmPCIE_DATA2, 0xabcd);
    aemu_test_wreg(h, mmPCIE_INDEX2, SMN_PCIE_CONFIG_CNTL + 4);
    g_assert_cmphex(aemu_test_rreg(h, mmPCIE_DATA2), ==, 0);
    aemu_test_wreg(h, mmPCIE_INDEX2, SMN_PCIE_CONFIG_CNTL);
    g_assert_cmphex(aemu_test_rreg(h, mmPCIE_DATA2), ==, 0xabcd);
    /* A byte write keeps the other bytes (the latch hook). */
    aemu_mmio_write(h->dev, mmPCIE_DATA2 * 4 + 1, 0x99, 1);
    g_assert_cmphex(aemu_test_rreg(h, mmPCIE_DATA2), ==, 0x99cd);
    aemu_test_host_free(h);
}

/*
 * The HDP flush: DONE shows what REQ asked for (every ring waits on its
 * ref_and_mask bit); the CPU's write to the remap hole is accepted.
 */
static void test_nbio_hdp_flush(void)
{
    AemuTestHost *h = vega10();
    uint32_t sdma0 = BIF_BX_PF0_GPU_HDP_FLUSH_REQ__SDMA0_MASK;
    uint32_t cp2 = BIF_BX_PF0_GPU_HDP_FLUSH_REQ__CP2_MASK;

    aemu_test_wreg(h, mmBIF_BX_PF0_GPU_HDP_FLUSH_REQ, sdma0);
    g_assert_cmphex(aemu_test_rreg(h, mmBIF_BX_PF0_GPU_HDP_FLUSH_DONE) &
                    sdma0, ==, sdma0);
    aemu_test_wreg(h, mmBIF_BX_PF0_GPU_HDP_FLUSH_REQ, cp2);
    g_assert_cmphex(aemu_test_rreg(h, mmBIF_BX_PF0_GPU_HDP_FLUSH_DONE) &
                    (sdma0 | cp2), ==, sdma0 | cp2);
    aemu_mmio_write(h->dev, h->dev->pci.mmio_size - 0x1000, 0, 4);
    g_assert_cmpuint(h->guest_errors->len, ==, 0);
    aemu_test_host_free(h);
}

/*
 * gfx_v9.c: registers banked per SE/SH by GRBM_GFX_INDEX and per queue by
 * GRBM_GFX_CNTL keep one copy per bank.
 */
static void test_gfx_banking(void)
{
    AemuTestHost *h = vega10();
    uint32_t se1 = AEMU_REG_SET(0, GRBM_GFX_INDEX, SE_INDEX, 1);
    uint32_t q5 = AEMU_REG_SET(AEMU_REG_SET(0, GRBM_GFX_CNTL, MEID, 1),
                               GRBM_GFX_CNTL, QUEUEID, 5);

    aemu_test_wreg(h, mmGRBM_GFX_INDEX, se1);
    aemu_test_wreg(h, mmGC_USER_RB_BACKEND_DISABLE, 0x00ff0000);
    aemu_test_wreg(h, mmGRBM_GFX_INDEX, 0);
    g_assert_cmphex(aemu_test_rreg(h, mmGC_USER_RB_BACKEND_DISABLE), ==, 0);
    aemu_test_wreg(h, mmGRBM_GFX_INDEX, se1);
    g_assert_cmphex(aemu_test_rreg(h, mmGC_USER_RB_BACKEND_DISABLE), ==,
                    0x00ff0000);

    aemu_test_wreg(h, mmGRBM_GFX_CNTL, q5);
    aemu_test_wreg(h, mmCP_MQD_BASE_ADDR, 0x1234);
    aemu_test_wreg(h, mmGRBM_GFX_CNTL, 0);
    g_assert_cmphex(aemu_test_rreg(h, mmCP_MQD_BASE_ADDR), ==, 0);
    aemu_test_wreg(h, mmGRBM_GFX_CNTL, q5);
    g_assert_cmphex(aemu_test_rreg(h, mmCP_MQD_BASE_ADDR), ==, 0x1234);
    aemu_test_host_free(h);
}

/*
 * The RLC: idle serdes, safe mode acknowledged at once, and the GPU clock
 * latched by a capture write, counting the reference clock.
 */
static void test_rlc(void)
{
    AemuTestHost *h = vega10();
    uint64_t t0, t1;

    g_assert_cmphex(aemu_test_rreg(h, mmRLC_SERDES_CU_MASTER_BUSY), ==, 0);
    g_assert_true(aemu_test_rreg(h, mmRLC_GPM_STAT) &
                  RLC_GPM_STAT__GFX_POWER_STATUS_MASK);
    aemu_test_wreg(h, mmRLC_SAFE_MODE, RLC_SAFE_MODE__CMD_MASK | 0x2);
    g_assert_false(aemu_test_rreg(h, mmRLC_SAFE_MODE) &
                   RLC_SAFE_MODE__CMD_MASK);

    aemu_test_host_advance(h, 1000000);
    aemu_test_wreg(h, mmRLC_CAPTURE_GPU_CLOCK_COUNT,
                   RLC_CAPTURE_GPU_CLOCK_COUNT__CAPTURE_MASK);
    t0 = aemu_test_rreg(h, mmRLC_GPU_CLOCK_COUNT_LSB) |
         (uint64_t)aemu_test_rreg(h, mmRLC_GPU_CLOCK_COUNT_MSB) << 32;
    aemu_test_host_advance(h, 1000000);
    /* Not a live counter: it holds until the next capture. */
    g_assert_cmpuint(aemu_test_rreg(h, mmRLC_GPU_CLOCK_COUNT_LSB), ==,
                     (uint32_t)t0);
    aemu_test_wreg(h, mmRLC_CAPTURE_GPU_CLOCK_COUNT,
                   RLC_CAPTURE_GPU_CLOCK_COUNT__CAPTURE_MASK);
    t1 = aemu_test_rreg(h, mmRLC_GPU_CLOCK_COUNT_LSB) |
         (uint64_t)aemu_test_rreg(h, mmRLC_GPU_CLOCK_COUNT_MSB) << 32;
    /* 1 ms at the 27 MHz reference clock of the VBIOS. */
    g_assert_cmpuint(t1 - t0, ==, 27000);
    aemu_test_host_free(h);
}

int main(int argc, char **argv)
{
    g_test_init(&argc, &argv, NULL);
    g_test_add_func("/vega10/listed", test_listed);
    g_test_add_func("/vega10/identity", test_identity);
    g_test_add_func("/vega10/grbm-select", test_grbm_select);
    g_test_add_func("/vega10/status", test_status);
    g_test_add_func("/vega10/nbio/probe-values", test_nbio_probe_values);
    g_test_add_func("/vega10/nbio/mm-window", test_nbio_mm_window);
    g_test_add_func("/vega10/nbio/smn", test_nbio_smn);
    g_test_add_func("/vega10/nbio/hdp-flush", test_nbio_hdp_flush);
    g_test_add_func("/vega10/gfx/banking", test_gfx_banking);
    g_test_add_func("/vega10/gfx/rlc", test_rlc);
    return g_test_run();
}
