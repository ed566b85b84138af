/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * amdgpu-emu core: little-endian stores into a VBIOS image being built,
 * and the ATOM common table header (u16 size, u8 format and content
 * revisions), shared by the ATOM VBIOS's builders (vbios_atom.c,
 * vbios_display.c, vbios_display_cmd.c).
 */
#ifndef AEMU_VBIOS_PUT_H
#define AEMU_VBIOS_PUT_H

#include <stddef.h>
#include <stdint.h>

#define ATOM_HDR_SIZE           4

static inline void put16(uint8_t *b, size_t off, uint16_t v)
{
    b[off] = v & 0xff;
    b[off + 1] = v >> 8;
}

static inline void put32(uint8_t *b, size_t off, uint32_t v)
{
    put16(b, off, v & 0xffff);
    put16(b, off + 2, v >> 16);
}

static inline void put_table_header(uint8_t *b, size_t off, uint16_t size,
                                    uint8_t frev, uint8_t crev)
{
    put16(b, off, size);
    b[off + 2] = frev;
    b[off + 3] = crev;
}

#endif
