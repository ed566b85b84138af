/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The pattern the suspend plans' "--keep-vram" modes write into a VRAM
 * buffer before a suspend and look for after it (aemu-radeon-cs on CIK,
 * aemu-radeon-cs-r600 on the RS780): a hash of the seed and the dword's
 * index, so a page moved, lost or left stale shows as a wrong word.
 */
#ifndef VRAM_KEEP_PATTERN_H
#define VRAM_KEEP_PATTERN_H

#include <stdint.h>

static inline uint32_t keep_word(uint32_t seed, uint32_t i)
{
    uint32_t x = seed * 0x9e3779b9u ^ (i + 1) * 0x85ebca6bu;

    x ^= x >> 16;
    x *= 0x7feb352du;
    x ^= x >> 15;
    return x;
}

/* The first dword of p[0..dwords) that is not the pattern, or dwords. */
static inline uint32_t keep_mismatch(const uint32_t *p, uint32_t dwords,
                                     uint32_t seed)
{
    for (uint32_t i = 0; i < dwords; i++) {
        if (p[i] != keep_word(seed, i)) {
            return i;
        }
    }
    return dwords;
}

#endif
