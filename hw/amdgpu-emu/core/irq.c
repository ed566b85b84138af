/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * amdgpu-emu core: interrupt sources meet the interrupt handler.
 *
 * Every source (CP fences and faults, SDMA traps, VM faults) posts an
 * AemuIvEntry here; the chip's IH block (ih_cik.c, ...) installed
 * d->ih_submit at init and encodes the entry in its ring's format. A chip
 * without an IH drops interrupts.
 */
#include "aemu-internal.h"

void aemu_irq_post(AemuDevice *d, const AemuIvEntry *iv)
{
    if (d->ih_submit) {
        d->ih_submit(d, iv);
    }
}
