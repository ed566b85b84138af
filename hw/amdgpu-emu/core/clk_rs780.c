/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * amdgpu-emu core: the RS780's engine clock, as the board's firmware left
 * it. On a real board the system BIOS runs the VBIOS's POST, whose
 * ASIC_Init programs the engine PLL (CG_SPLL_FUNC_CNTL) for the
 * FirmwareInfo default clock; radeon finds the IGP posted (CONFIG_MEMSIZE
 * set) and does not run ASIC_Init at probe. The model has no POST, so a
 * device reset puts the dividers that ASIC_Init would have programmed
 * (clk_rs780.h: the same divider choice as the VBIOS's SetEngineClock).
 * From then on the register is the guest's: the VBIOS's SetEngineClock
 * and GetEngineClock (vbios_clock_rs780.c), run by radeon's profile
 * power management, program and read it; any value decodes to a clock.
 */
#include "aemu-internal.h"
#include "clk_rs780.h"
#include "amdgpu-emu/regs/r600_regs.h"

static void clk_reset(AemuDevice *d, void *priv, AemuResetKind kind)
{
    (void)priv;
    (void)kind;
    d->regs[mmCG_SPLL_FUNC_CNTL] =
        aemu_rs780_spll_encode(0, d->asic->vbios.default_sclk_10khz,
                               d->asic->vbios.ref_clk_10khz);
}

const AemuIpBlockFuncs aemu_clk_rs780_funcs = {
    .name = "rs780_clk",
    /* The RS780 has no SMC: this is its power-management block's slot. */
    .type = AEMU_BLOCK_SMC,
    .major = 6, .minor = 0,
    .reset = clk_reset,
};
