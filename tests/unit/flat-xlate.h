/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * A flat GPU address space for tests of an engine on the standalone host,
 * installed as d->translate in place of the chip's GMC: VRAM at MC 0 and
 * the host's RAM at GART_MC, both of which the including test defines
 * (with RAM_SIZE). The engine under test only needs its addresses to land;
 * the GMCs have their own tests.
 */
#ifndef AEMU_TEST_FLAT_XLATE_H
#define AEMU_TEST_FLAT_XLATE_H

#include "aemu-internal.h"

static AemuMemStatus flat_translate(AemuDevice *d, unsigned vmid,
                                    uint64_t addr, bool write,
                                    const AemuMemClient *client,
                                    AemuXlate *out)
{
    if (addr >= GART_MC && addr - GART_MC < RAM_SIZE) {
        *out = (AemuXlate) { .vram = false, .addr = addr - GART_MC,
                             .len = RAM_SIZE - (addr - GART_MC) };
        return AEMU_MEM_OK;
    }
    if (addr < d->vram_size) {
        *out = (AemuXlate) { .vram = true, .addr = addr,
                             .len = d->vram_size - addr };
        return AEMU_MEM_OK;
    }
    return AEMU_MEM_FAULT;
}

#endif
