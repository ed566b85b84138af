/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * amdgpu-emu standalone tools: register accesses as a person reads them.
 *
 * One line per access, "R|W BLOCK REGNAME = 0x... (FIELD=x FIELD=y ...)":
 * the name and owning IP block from the chip's register database, the
 * fields from the tables scripts/gen-regfields.py builds out of the field
 * headers (include/amdgpu-emu/regs/<db>_fields.h). Only the registers
 * listed in scripts/regdb-fields*.txt have fields; the others print as a
 * bare value. Used by aemu-replay --decode for recordings and mmiotraces.
 */
#ifndef AMDGPU_EMU_STANDALONE_DECODE_H
#define AMDGPU_EMU_STANDALONE_DECODE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <glib.h>
#include "amdgpu-emu/aemu.h"

/*
 * The core's events --decode prints under each access: the packets the
 * CP and SDMA ran (by the core's own names), fences, hangs and IVs.
 */
#define AEMU_DECODE_EVENTS \
    "amdgpu_emu_cp_packet,amdgpu_emu_cp_fence,amdgpu_emu_cp_hang," \
    "amdgpu_emu_sdma_packet,amdgpu_emu_sdma_fence,amdgpu_emu_sdma_hang," \
    "amdgpu_emu_ih_iv"

typedef struct AemuRegField {
    uint8_t indirect;           /* 0: mm (MMIO) name, 1: ix name */
    const char *reg, *field;
    uint32_t mask;
    uint8_t shift;
} AemuRegField;

/* One register database's fields, sorted by (indirect, reg) (strcmp). */
typedef struct AemuRegFieldTable {
    const char *db;             /* AemuRegDb.name: "cik", "vega10" */
    const AemuRegField *fields;
    size_t count;
} AemuRegFieldTable;

/* Generated (aemu-regfields.c): one table per database, { 0 }-terminated. */
extern const AemuRegFieldTable aemu_reg_field_tables[];

/* The fields of MMIO register @reg ("GC.NAME" is looked up as NAME). */
const AemuRegField *aemu_decode_fields(const char *db, const char *reg,
                                       size_t *count);

/*
 * Append "FIELD=0x.. ..." for the fields of @reg that the bytes
 * [byte, byte + size) of the register cover, @value holding those bytes.
 * Returns false (nothing appended) when the register has no field table.
 */
bool aemu_decode_fields_append(GString *out, const char *db, const char *reg,
                               unsigned byte, unsigned size, uint64_t value);

/*
 * Append " FIELD a->b" for each field of @reg where @a and @b differ;
 * false (nothing appended) when the register has no field table.
 */
bool aemu_decode_fields_diff(GString *out, const char *db, const char *reg,
                             uint32_t a, uint32_t b);

/*
 * A register access of device @d as one line (no newline):
 * "R GCA GRBM_STATUS = 0x00003028 (FIELD=...)"; @space is "mmio" or "io"
 * (named registers), "doorbell", "vram" (an offset, no name).
 */
void aemu_decode_access(GString *out, AemuDevice *d, bool write,
                        const char *space, uint64_t offset, unsigned size,
                        uint64_t value);

#endif
