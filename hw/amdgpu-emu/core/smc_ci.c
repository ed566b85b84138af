/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * amdgpu-emu core: SMC indirect space of a CI (Sea Islands) part.
 *
 * SMC_IND_INDEX_0/SMC_IND_DATA_0 reach the SMC's address space: the ROM port
 * (ixROM_INDEX/ixROM_DATA, cik_read_bios_from_rom reads the VBIOS through it
 * without a ROM BAR), the SMC clock/PC registers cik_need_reset_on_init
 * reads to decide whether the SMC is running, and the clock-pin strap
 * cik_get_xclk reads. There is no SMC firmware: the model answers "SMC
 * stopped", so the drivers neither reset the ASIC on init nor talk to it.
 */
#include "aemu-internal.h"
#include "amdgpu-emu/regs/cik_regs.h"
#include "amdgpu-emu/regs/cik_fields.h"

static uint32_t rom_data_read(AemuDevice *d)
{
    uint32_t v = 0;
    uint32_t off = d->smc.rom_index;

    /* Past the image the ROM reads as erased. */
    for (unsigned i = 0; i < 4; i++) {
        uint8_t b = off + i < d->rom_size ? d->rom[off + i] : 0xff;
        v |= (uint32_t)b << (8 * i);
    }
    d->smc.rom_index += 4;
    return v;
}

static uint32_t smc_ind_read(AemuDevice *d, uint32_t ix)
{
    switch (ix) {
    case ixROM_DATA:
        return rom_data_read(d);
    case ixROM_INDEX:
        return d->smc.rom_index;
    default:
        return aemu_sparse_get(d->smc.regs, ix);
    }
}

static void smc_ind_write(AemuDevice *d, uint32_t ix, uint32_t value)
{
    switch (ix) {
    case ixROM_INDEX:
        d->smc.rom_index = value;
        return;
    case ixROM_DATA:
        return;
    case ixSMC_SYSCON_CLOCK_CNTL_0:
    case ixSMC_PC_C:
        /* No SMC firmware runs: it stays stopped whatever is written. */
        return;
    default:
        aemu_sparse_set(d->smc.regs, ix, value);
        return;
    }
}

/* SMC_IND_ACCESS_CNTL asks for the index to advance after each access. */
static void smc_ind_advance(AemuDevice *d)
{
    if (d->regs[mmSMC_IND_ACCESS_CNTL] &
        SMC_IND_ACCESS_CNTL__AUTO_INCREMENT_IND_0_MASK) {
        d->regs[mmSMC_IND_INDEX_0] += 4;
    }
}

static uint32_t smc_ind_data_read(AemuDevice *d, uint32_t dw)
{
    uint32_t v = smc_ind_read(d, d->regs[mmSMC_IND_INDEX_0]);

    smc_ind_advance(d);
    return v;
}

static void smc_ind_data_write(AemuDevice *d, uint32_t dw, uint32_t value)
{
    smc_ind_write(d, d->regs[mmSMC_IND_INDEX_0], value);
    smc_ind_advance(d);
}

static const AemuRegHandler smc_ind_data = {
    .block = "smc", .read = smc_ind_data_read, .write = smc_ind_data_write,
};

static void smc_init(AemuDevice *d)
{
    d->smc.regs = g_hash_table_new(g_direct_hash, g_direct_equal);
    aemu_reg_claim(d, mmSMC_IND_DATA_0, &smc_ind_data);
}

static void smc_reset(AemuDevice *d, AemuResetKind kind)
{
    g_hash_table_remove_all(d->smc.regs);
    d->smc.rom_index = 0;
    aemu_sparse_set(d->smc.regs, ixSMC_SYSCON_CLOCK_CNTL_0,
                    SMC_SYSCON_CLOCK_CNTL_0__ck_disable_MASK);
    aemu_sparse_set(d->smc.regs, ixSMC_PC_C, 0);
    /* XTALIN_DIVIDE clear: the GPU timestamp runs at the reference clock. */
    aemu_sparse_set(d->smc.regs, ixCG_CLKPIN_CNTL, 0);
}

static void smc_fini(AemuDevice *d)
{
    g_hash_table_destroy(d->smc.regs);
}

const AemuIpBlockFuncs aemu_smc_ci_funcs = {
    .name = "smc_ci",
    .init = smc_init,
    .reset = smc_reset,
    .fini = smc_fini,
};
