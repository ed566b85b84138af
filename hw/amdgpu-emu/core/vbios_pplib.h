/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * amdgpu-emu core: the base ATOM_PPLIB_POWERPLAYTABLE every PPLib
 * PowerPlayInfo starts with (pptable.h, #pragma pack(1)), offsets from the
 * table start (after its 4-byte common header). Shared by CI's table
 * (vbios_atom.c, frev 6 with the POWERPLAYTABLE5 extensions) and the
 * RS780's (vbios_pplib_rs780.c, frev 4, the base table alone).
 */
#ifndef AEMU_VBIOS_PPLIB_H
#define AEMU_VBIOS_PPLIB_H

#define PP_DATA_REVISION        0x04
#define PP_NUM_STATES           0x05
#define PP_STATE_ENTRY_SIZE     0x06
#define PP_CLOCK_INFO_SIZE      0x07
#define PP_NONCLOCK_SIZE        0x08
#define PP_STATE_ARRAY          0x09
#define PP_CLOCK_INFO_ARRAY     0x0b
#define PP_NONCLOCK_ARRAY       0x0d
#define PP_TABLE_SIZE           0x13
#define PP_PLATFORM_CAPS        0x15
#define PP_THERMAL_CONTROLLER   0x19    /* 8 bytes, ucType 0: none */
#define PP_BOOT_CLOCK_INFO      0x21
#define PP_BOOT_NONCLOCK_INFO   0x23
#define PP_BASE_SIZE            0x25    /* sizeof(ATOM_PPLIB_POWERPLAYTABLE) */

#endif
