/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Unit tests of Topaz's (Iceland, VI) register database: the generated
 * constants in include/amdgpu-emu/regs/topaz_regs.h and the name tables of
 * regdb_topaz.c. Expected values were read from the Linux 6.12 headers
 * (asic_reg/gca/gfx_8_0, gmc/gmc_7_1, oss/oss_2_4, bif/bif_5_0,
 * smu/smu_7_1_1). The registers picked are the ones that moved from CIK,
 * which is why Topaz has its own database.
 */
#include <glib.h>

#include "amdgpu-emu/regs/topaz_regs.h"
#include "amdgpu-emu/regs/topaz_fields.h"
#include "regdb.h"

static const struct {
    const char *name;
    uint32_t dw;
    AemuIp ip;
} known[] = {
    /* Moved from CIK (0xF80, 0x3100, 0x3054). */
    { "IH_RB_CNTL", 0xE30, AEMU_IP_OSS },
    { "RLC_GPM_STAT", 0xEC40, AEMU_IP_GCA },
    { "CP_PFP_UCODE_ADDR", 0xF814, AEMU_IP_GCA },
    /* Where CIK has them. */
    { "SDMA0_GFX_RB_CNTL", 0x3480, AEMU_IP_OSS },
    { "MC_VM_FB_LOCATION", 0x809, AEMU_IP_GMC },
    { "GPU_HDP_FLUSH_DONE", 0x1538, AEMU_IP_BIF },
    { "SMC_IND_INDEX_0", 0x80, AEMU_IP_SMU },
    /* New on VI. */
    { "CP_HQD_EOP_CONTROL", 0x326C, AEMU_IP_GCA },
    { "PCIE_EFUSE4", 0xFC3, AEMU_IP_BIF },
};

static void test_known(void)
{
    for (size_t i = 0; i < G_N_ELEMENTS(known); i++) {
        uint32_t dw = 0xFFFFFFFF;

        g_assert_cmpstr(aemu_reg_name(&aemu_regdb_topaz, known[i].dw), ==,
                        known[i].name);
        g_assert_cmpint(aemu_reg_ip(&aemu_regdb_topaz, known[i].dw), ==,
                        known[i].ip);
        g_assert_true(aemu_reg_lookup(&aemu_regdb_topaz, known[i].name, &dw));
        g_assert_cmphex(dw, ==, known[i].dw);
    }
}

static void test_constants(void)
{
    uint32_t ix = 0;

    g_assert_cmphex(mmIH_RB_CNTL, ==, 0xE30);
    g_assert_cmphex(mmSMC_IND_ACCESS_CNTL, ==, 0x92);
    g_assert_cmphex(ixFIRMWARE_FLAGS, ==, 0x33000);
    g_assert_cmphex(IH_RB_CNTL__RB_SIZE_MASK, ==, 0x3E);
    g_assert_true(aemu_smc_reg_lookup(&aemu_regdb_topaz, "ixFIRMWARE_FLAGS",
                                      &ix));
    g_assert_cmphex(ix, ==, 0x33000);
    g_assert_cmpstr(aemu_smc_reg_name(&aemu_regdb_topaz,
                                      ixSMC_SYSCON_CLOCK_CNTL_0), ==,
                    "SMC_SYSCON_CLOCK_CNTL_0");
    /* No display engine: no DCE name decodes on Topaz. */
    g_assert_false(aemu_reg_lookup(&aemu_regdb_topaz, "D1VGA_CONTROL", &ix));
    g_assert_cmpstr(aemu_regdb_topaz.name, ==, "topaz");
}

int main(int argc, char **argv)
{
    g_test_init(&argc, &argv, NULL);
    g_test_add_func("/regdb-topaz/known", test_known);
    g_test_add_func("/regdb-topaz/constants", test_constants);
    return g_test_run();
}
