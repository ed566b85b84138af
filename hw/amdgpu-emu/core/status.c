/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * amdgpu-emu core: the shared soft-reset and status registers.
 *
 * GRBM_SOFT_RESET / SRBM_SOFT_RESET and GRBM_STATUS* / SRBM_STATUS* speak
 * for several blocks at once (the CP, the RLC, the SDMA engines, the IH),
 * so no block owns them: this file does, from the chip's table of which
 * bit means which units (AemuAsic.status_bits), as
 * amdgpu_device_ip_soft_reset and the blocks' is_idle hooks divide them in
 * the driver. A soft-reset write resets the units whose bits it sets (every
 * block's soft_reset hook, with its units) and holds them while the bits
 * stay set; a status read shows the bits of the units the blocks' busy
 * hooks report, over the register's latched value for the bits no unit
 * backs.
 */
#include "aemu-internal.h"

uint32_t aemu_units_busy(AemuDevice *d)
{
    uint32_t units = 0;

    for (size_t i = 0; i < d->num_blocks; i++) {
        const AemuBlock *b = &d->blocks[i];

        if (b->funcs->busy) {
            units |= b->funcs->busy(d, b->priv);
        }
    }
    return units;
}

/* The units a soft-reset value names in any soft-reset register. */
static uint32_t held_units(AemuDevice *d)
{
    const AemuAsic *a = d->asic;
    uint32_t units = 0;

    for (size_t i = 0; i < a->num_status_bits; i++) {
        const AemuStatusBit *b = &a->status_bits[i];

        if (b->kind == AEMU_STATUS_SOFT_RESET && (d->regs[b->reg] & b->bits)) {
            units |= b->units;
        }
    }
    return units;
}

static void soft_reset_write(AemuDevice *d, uint32_t dw, uint32_t value)
{
    const AemuAsic *a = d->asic;
    uint32_t units = 0;

    d->regs[dw] = value;
    for (size_t i = 0; i < a->num_status_bits; i++) {
        const AemuStatusBit *b = &a->status_bits[i];

        if (b->reg == dw && b->kind == AEMU_STATUS_SOFT_RESET &&
            (value & b->bits)) {
            units |= b->units;
        }
    }
    d->units_held = held_units(d);
    if (!units) {
        return;
    }
    for (size_t i = 0; i < d->num_blocks; i++) {
        const AemuBlock *b = &d->blocks[i];

        if (b->funcs->soft_reset) {
            b->funcs->soft_reset(d, b->priv, units);
        }
    }
}

static uint32_t status_read(AemuDevice *d, uint32_t dw)
{
    const AemuAsic *a = d->asic;
    uint32_t busy = aemu_units_busy(d), backed = 0, v = 0;

    for (size_t i = 0; i < a->num_status_bits; i++) {
        const AemuStatusBit *b = &a->status_bits[i];

        if (b->reg != dw || b->kind == AEMU_STATUS_SOFT_RESET) {
            continue;
        }
        backed |= b->bits;
        if ((b->kind == AEMU_STATUS_BUSY) == !!(busy & b->units)) {
            v |= b->bits;
        }
    }
    return (d->regs[dw] & ~backed) | v;
}

static const AemuRegHandler soft_reset_reg = {
    .block = "status", .write = soft_reset_write,
};
static const AemuRegHandler status_reg = {
    .block = "status", .read = status_read, .write = aemu_reg_ignore_write,
};

void aemu_status_init(AemuDevice *d)
{
    const AemuAsic *a = d->asic;

    for (size_t i = 0; i < a->num_status_bits; i++) {
        const AemuStatusBit *b = &a->status_bits[i];

        aemu_reg_claim(d, b->reg, b->kind == AEMU_STATUS_SOFT_RESET ?
                       &soft_reset_reg : &status_reg);
    }
}
