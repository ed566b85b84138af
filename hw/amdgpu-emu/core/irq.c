/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * amdgpu-emu core: interrupt sources meet the interrupt handler.
 *
 * Every source (CP fences and faults, SDMA traps, VM faults) posts an
 * AemuIvEntry here; the chip's IH block (ih_cik.c, ...) installed
 * d->ih_submit at init and encodes the entry in its ring's format. A chip
 * without an IH drops interrupts; so does an injected fault (inject.c).
 */
#include "inject.h"

void aemu_irq_post(AemuDevice *d, const AemuIvEntry *iv)
{
    /* An injected loss: the source did its work, the IV never arrives. */
    if (aemu_inject_drop_irq(d, iv)) {
        return;
    }
    /* An injected delay: it arrives, later (the delay engine posts it). */
    if (aemu_inject_delay_irq(d, iv)) {
        return;
    }
    if (d->ih_submit) {
        d->ih_submit(d, iv);
    }
}
