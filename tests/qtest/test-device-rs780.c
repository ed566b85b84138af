/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Device tests of -device amdgpu-emu,asic=rs780 over QEMU's qtest
 * protocol (no guest): the PCI identity radeon matches (1002:9610), the
 * BAR layout it maps before CIK (VRAM in BAR0, registers in BAR2, I/O in
 * BAR4, no doorbell BAR), and registers reached through BAR2: the IGP's
 * CONFIG_MEMSIZE and FB location, the MC's indirect space, a scratch
 * register latch.
 */
#include "aemu-qtest.h"
#include "amdgpu-emu/regs/r600_regs.h"

#define MiB (1024ull * 1024ull)
#define ATI_VENDOR 0x1002
#define RS780_HD3200 0x9610
#define MMIO_BAR 2
#define MC_IND_WR_EN (1u << 9)

typedef struct Dev {
    AemuQTest *qt;
    uint16_t bdf;
    AqtBar bars[6];
} Dev;

static uint32_t rreg(Dev *d, uint32_t dw)
{
    return aqt_readl(d->qt, d->bars[MMIO_BAR].addr + dw * 4ull);
}

static void wreg(Dev *d, uint32_t dw, uint32_t v)
{
    aqt_writel(d->qt, d->bars[MMIO_BAR].addr + dw * 4ull, v);
}

static void test_rs780(void)
{
    Dev d;

    d.qt = aqt_start("-m 512M -device amdgpu-emu,asic=rs780");
    g_assert_true(aqt_pci_find(d.qt, ATI_VENDOR, RS780_HD3200, &d.bdf));
    aqt_pci_map_bars(d.qt, d.bdf, d.bars);
    /* BAR0: the carve-out, 64-bit prefetchable (BAR1 is its upper half). */
    g_assert_cmpuint(d.bars[0].size, ==, 256 * MiB);
    g_assert_true(d.bars[0].is_64 && d.bars[0].prefetch);
    /* BAR2: registers, 32-bit non-prefetchable, not doorbells. */
    g_assert_cmpuint(d.bars[MMIO_BAR].size, ==, 256 * 1024);
    g_assert_false(d.bars[MMIO_BAR].is_64 || d.bars[MMIO_BAR].prefetch ||
                   d.bars[MMIO_BAR].is_io);
    g_assert_true(d.bars[4].is_io);
    g_assert_cmpuint(d.bars[5].size, ==, 0);
    /* The IGP's memory as radeon's r600_mc_init reads it. */
    g_assert_cmphex(rreg(&d, mmCONFIG_MEMSIZE), ==, 256 * MiB);
    g_assert_cmphex(rreg(&d, mmMC_VM_FB_LOCATION) & 0xffff, ==, 0xc0);
    wreg(&d, mmR_0028F8_MC_INDEX, 0x20 | MC_IND_WR_EN);
    wreg(&d, mmR_0028FC_MC_DATA, 0x1234abcd);
    wreg(&d, mmR_0028F8_MC_INDEX, 0x20);
    g_assert_cmphex(rreg(&d, mmR_0028FC_MC_DATA), ==, 0x1234abcd);
    wreg(&d, mmSCRATCH_REG0, 0xcafedead);
    g_assert_cmphex(rreg(&d, mmSCRATCH_REG0), ==, 0xcafedead);
    aqt_quit(d.qt);
}

int main(int argc, char **argv)
{
    g_test_init(&argc, &argv, NULL);
    g_test_add_func("/amdgpu-emu/rs780/bars-and-registers", test_rs780);
    return g_test_run();
}
