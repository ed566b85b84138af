/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Unit tests of the register database (hw/amdgpu-emu/core/regdb*.c) and of
 * the generated constants in include/amdgpu-emu/regs/. Expected values were
 * read from the Linux 6.12 CIK headers (asic_reg/{gca,gmc,oss,bif,smu,dce}).
 */
#include <glib.h>
#include <string.h>

#include "amdgpu-emu/regs/cik_regs.h"
#include "amdgpu-emu/regs/cik_fields.h"
#include "regdb.h"

static const struct {
    const char *name;
    uint32_t dw;
    AemuIp ip;
} known[] = {
    { "SCRATCH_REG0", 0xC040, AEMU_IP_GCA },
    { "CP_RB0_WPTR", 0x3045, AEMU_IP_GCA },
    { "CP_ME_CNTL", 0x21B6, AEMU_IP_GCA },
    { "GRBM_GFX_INDEX", 0xC200, AEMU_IP_GCA },
    { "IH_RB_CNTL", 0xF80, AEMU_IP_OSS },
    { "SRBM_GFX_CNTL", 0x391, AEMU_IP_OSS },
    { "SDMA0_GFX_RB_CNTL", 0x3480, AEMU_IP_OSS },
    { "SDMA1_GFX_RB_CNTL", 0x3680, AEMU_IP_OSS },
    { "BIOS_SCRATCH_7", 0x5D0, AEMU_IP_BIF },
    { "CONFIG_MEMSIZE", 0x150A, AEMU_IP_BIF },
    { "GPU_HDP_FLUSH_DONE", 0x1538, AEMU_IP_BIF },
    { "MM_INDEX", 0x0, AEMU_IP_BIF },
    { "MC_VM_FB_LOCATION", 0x809, AEMU_IP_GMC },
    { "VM_CONTEXT0_PAGE_TABLE_BASE_ADDR", 0x54F, AEMU_IP_GMC },
    { "MC_SEQ_SUP_CNTL", 0xA32, AEMU_IP_GMC },
    { "SMC_IND_INDEX_0", 0x80, AEMU_IP_SMU },
    { "D1VGA_CONTROL", 0xCC, AEMU_IP_DCE },
    { "VIEWPORT_SIZE", 0x1B5D, AEMU_IP_DCE },
};

static void test_known(void)
{
    for (size_t i = 0; i < G_N_ELEMENTS(known); i++) {
        uint32_t dw = 0xFFFFFFFF;

        g_assert_cmpstr(aemu_reg_name(&aemu_regdb_cik, known[i].dw), ==, known[i].name);
        g_assert_cmpint(aemu_reg_ip(&aemu_regdb_cik, known[i].dw), ==, known[i].ip);
        g_assert_true(aemu_reg_lookup(&aemu_regdb_cik, known[i].name, &dw));
        g_assert_cmphex(dw, ==, known[i].dw);
    }
}

static void test_constants(void)
{
    g_assert_cmphex(mmSCRATCH_REG0, ==, 0xC040);
    g_assert_cmphex(mmCP_RB0_WPTR, ==, 0x3045);
    g_assert_cmphex(mmIH_RB_CNTL, ==, 0xF80);
    g_assert_cmphex(mmBIOS_SCRATCH_7, ==, 0x5D0);
    g_assert_cmphex(mmCONFIG_MEMSIZE, ==, 0x150A);
    g_assert_cmphex(mmMC_VM_FB_LOCATION, ==, 0x809);
    g_assert_cmphex(mmSDMA0_F32_CNTL, ==, 0x3412);
    g_assert_cmphex(ixSMC_SYSCON_CLOCK_CNTL_0, ==, 0x80000004);
    g_assert_cmphex(ixCG_CLKPIN_CNTL, ==, 0xC05001A0);
    g_assert_cmphex(ixPCIE_CNTL2, ==, 0x140001C);

    g_assert_cmphex(IH_RB_CNTL__RB_SIZE_MASK, ==, 0x3E);
    g_assert_cmpint(IH_RB_CNTL__RB_SIZE__SHIFT, ==, 1);
    g_assert_cmphex(CP_ME_CNTL__ME_HALT_MASK, ==, 1u << 28);
    g_assert_cmphex(SRBM_GFX_CNTL__QUEUEID_MASK, ==, 0x700);
    g_assert_cmphex(SMC_SYSCON_CLOCK_CNTL_0__ck_disable_MASK, ==, 1);
    g_assert_cmphex(MC_VM_FB_LOCATION__FB_TOP_MASK, ==, 0xFFFF0000);
    g_assert_cmpint(MC_VM_FB_LOCATION__FB_TOP__SHIFT, ==, 16);
}

static void test_unknown(void)
{
    uint32_t dw = 0x1234;

    g_assert_null(aemu_reg_name(&aemu_regdb_cik, 0x5));          /* PCI config name only */
    g_assert_cmpint(aemu_reg_ip(&aemu_regdb_cik, 0x5), ==, -1);
    g_assert_null(aemu_reg_name(&aemu_regdb_cik, 0xFFFFFF));
    g_assert_null(aemu_reg_name(&aemu_regdb_cik, 0xFFFFFFFF));
    g_assert_false(aemu_reg_lookup(&aemu_regdb_cik, "NO_SUCH_REGISTER", &dw));
    g_assert_false(aemu_reg_lookup(&aemu_regdb_cik, "", &dw));
    g_assert_false(aemu_reg_lookup(&aemu_regdb_cik, NULL, &dw));
    g_assert_cmphex(dw, ==, 0x1234);
    g_assert_null(aemu_smc_reg_name(&aemu_regdb_cik, 0x7FFFFFFF));
    g_assert_null(aemu_pcie_reg_name(&aemu_regdb_cik, 0xFFFFFFFF));
}

static void test_prefix(void)
{
    uint32_t v = 0;

    g_assert_true(aemu_reg_lookup(&aemu_regdb_cik, "mmSCRATCH_REG0", &v));
    g_assert_cmphex(v, ==, mmSCRATCH_REG0);
    g_assert_true(aemu_smc_reg_lookup(&aemu_regdb_cik, "ixSMC_PC_C", &v));
    g_assert_cmphex(v, ==, ixSMC_PC_C);
    g_assert_true(aemu_pcie_reg_lookup(&aemu_regdb_cik, "PCIE_CNTL2", &v));
    g_assert_cmphex(v, ==, ixPCIE_CNTL2);
}

/* Names of other address spaces are kept but never decode MMIO. */
static void test_spaces(void)
{
    const AemuRegName *r, *all;
    uint32_t dw;
    size_t n;
    bool seen = false;

    /* dw 0x80: SMC_IND_INDEX_0 in MMIO, PCIE_BAR_ENH_CAP_LIST in config. */
    g_assert_cmpstr(aemu_reg_name(&aemu_regdb_cik, 0x80), ==, "SMC_IND_INDEX_0");
    g_assert_cmpstr(aemu_reg_name_in(&aemu_regdb_cik, AEMU_REG_SPACE_PCI_CONFIG, 0x80), ==,
                    "PCIE_BAR_ENH_CAP_LIST");
    r = aemu_reg_by_name(&aemu_regdb_cik, "VENDOR_ID");
    g_assert_nonnull(r);
    g_assert_cmpint(r->space, ==, AEMU_REG_SPACE_PCI_CONFIG);
    g_assert_false(aemu_reg_lookup(&aemu_regdb_cik, "VENDOR_ID", &dw));

    /* dw 0x80C: MC_VM_AGP_BASE, also the HD-audio wall-clock alias. */
    g_assert_cmpstr(aemu_reg_name(&aemu_regdb_cik, 0x80C), ==, "MC_VM_AGP_BASE");
    n = aemu_reg_all_at(&aemu_regdb_cik, 0x80C, &all);
    g_assert_cmpuint(n, >=, 2);
    for (size_t i = 0; i < n; i++) {
        seen |= strcmp(all[i].name, "WALL_CLOCK_COUNTER_ALIAS") == 0;
    }
    g_assert_true(seen);
    g_assert_cmpuint(aemu_reg_all_at(&aemu_regdb_cik, 0xFFFFFF, &all), ==, 0);
    g_assert_null(all);

    /* Several MMIO names at one offset: the header's first one wins. */
    g_assert_cmpstr(aemu_reg_name(&aemu_regdb_cik, mmCP_RB_WPTR), ==, "CP_RB0_WPTR");
    g_assert_cmpstr(aemu_ip_name(AEMU_IP_OSS), ==, "OSS");
    g_assert_cmpstr(aemu_reg_space_name(AEMU_REG_SPACE_SMC), ==, "smc");
}

static void check_table(const AemuRegTable *t, bool mm)
{
    g_assert_cmpuint(t->count, >, 0);
    for (size_t i = 0; i < t->count; i++) {
        const AemuRegName *r = &t->regs[i];
        const AemuRegName *f;
        size_t n;

        g_assert_nonnull(r->name);
        g_assert_cmpint(r->ip, <, AEMU_IP_COUNT);
        g_assert_cmpint(r->space, <, AEMU_REG_SPACE_COUNT);
        if (i > 0) {
            const AemuRegName *p = &t->regs[i - 1];
            /* Sorted by offset; at one offset MMIO before other spaces. */
            g_assert_cmphex(p->offset, <=, r->offset);
            if (p->offset == r->offset) {
                g_assert_cmpint(p->space, <=, r->space);
            }
        }
        /* Name -> offset round trip, and offset -> entry contains it. */
        f = aemu_regtab_by_name(t, r->name);
        g_assert_true(f == r);
        f = aemu_regtab_first_at(t, r->offset, &n);
        g_assert_nonnull(f);
        g_assert_true(r >= f && r < f + n);
        if (mm && r->space == AEMU_REG_SPACE_MMIO) {
            uint32_t dw;

            g_assert_true(aemu_reg_lookup(&aemu_regdb_cik, r->name, &dw));
            g_assert_cmphex(dw, ==, r->offset);
            g_assert_nonnull(aemu_reg_name(&aemu_regdb_cik, r->offset));
            g_assert_cmpint(aemu_reg_ip(&aemu_regdb_cik, r->offset), ==,
                            t->regs[f - t->regs].ip);
        }
    }
    /* by_name is a permutation in strictly increasing strcmp() order. */
    for (size_t i = 1; i < t->count; i++) {
        g_assert_cmpint(strcmp(t->regs[t->by_name[i - 1]].name,
                               t->regs[t->by_name[i]].name), <, 0);
    }
}

static void test_table_mm(void)
{
    check_table(&aemu_cik_mm_regs, true);
}

static void test_table_smc(void)
{
    uint32_t ix;

    check_table(&aemu_cik_smc_regs, false);
    for (size_t i = 0; i < aemu_cik_smc_regs.count; i++) {
        const AemuRegName *r = &aemu_cik_smc_regs.regs[i];

        g_assert_cmpint(r->space, ==, AEMU_REG_SPACE_SMC);
        g_assert_true(aemu_smc_reg_lookup(&aemu_regdb_cik, r->name, &ix));
        g_assert_cmphex(ix, ==, r->offset);
    }
    g_assert_cmpstr(aemu_smc_reg_name(&aemu_regdb_cik, 0x80000004), ==,
                    "SMC_SYSCON_CLOCK_CNTL_0");
    g_assert_cmpstr(aemu_smc_reg_name(&aemu_regdb_cik, 0x80000370), ==, "SMC_PC_C");
    g_assert_cmpstr(aemu_smc_reg_name(&aemu_regdb_cik, 0xC05001A0), ==, "CG_CLKPIN_CNTL");
}

static void test_table_pcie(void)
{
    check_table(&aemu_cik_pcie_regs, false);
    g_assert_cmpstr(aemu_pcie_reg_name(&aemu_regdb_cik, 0x140001C), ==, "PCIE_CNTL2");
}

int main(int argc, char **argv)
{
    g_test_init(&argc, &argv, NULL);
    g_test_add_func("/regdb/known", test_known);
    g_test_add_func("/regdb/constants", test_constants);
    g_test_add_func("/regdb/unknown", test_unknown);
    g_test_add_func("/regdb/prefix", test_prefix);
    g_test_add_func("/regdb/spaces", test_spaces);
    g_test_add_func("/regdb/table/mm", test_table_mm);
    g_test_add_func("/regdb/table/smc", test_table_smc);
    g_test_add_func("/regdb/table/pcie", test_table_pcie);
    return g_test_run();
}
