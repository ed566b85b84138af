/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * amdgpu-emu core: a synthetic atomfirmware (ATOM v2) VBIOS for Vega10.
 *
 * Vega10 is the first part amdgpu reads as "atomfirmware"
 * (amdgpu_get_bios sets is_atom_fw for CHIP_VEGA10 and later): the same
 * option-ROM frame and ATOM interpreter as CIK, but a v2.2 ROM header, v2.1
 * master tables and the atomfirmware.h data-table layouts, read by
 * amdgpu_atomfirmware.c. The image carries FirmwareInfo v3.1, SMU_Info
 * v3.1, UMC_Info v3.1, VRAM_Info v2.3 (one HBM2 module) and a no-op
 * ASIC_Init. docs/firmware.md and the Vega10 bring-up map (section 4)
 * explain each field.
 *
 * Not wired into a device yet: asic_vega10.c will call the builder and must
 * answer the scratch registers below as documented.
 *
 * Plain C11: no GLib, no QEMU headers.
 */
#ifndef AMDGPU_EMU_VBIOS_ATOMFIRMWARE_H
#define AMDGPU_EMU_VBIOS_ATOMFIRMWARE_H

#include <stddef.h>
#include <stdint.h>
#include "vbios_atom.h"

/*
 * Absolute dword index (RREG32 argument) of BIOS_SCRATCH_0 on Vega10:
 * NBIO 6.1 mmBIOS_SCRATCH_0 (0x38, base index 1) plus NBIO_BASE segment 1
 * (0x14). FirmwareInfo's bios_scratch_reg_startaddr carries it, and
 * amdgpu_atomfirmware_scratch_regs_init makes it bios_scratch_reg_offset.
 */
#define AEMU_VBIOS_AF_SCRATCH_0_DW      0x4cu

/*
 * "Posted" detection: amdgpu_device_need_post ends in
 * amdgpu_atombios_scratch_need_asic_init, which reads
 * bios_scratch_reg_offset + 7 (BIOS_SCRATCH_7) and skips ASIC_Init when
 * ATOM_S7_ASIC_INIT_COMPLETE_MASK is set. The device model must reset
 * BIOS_SCRATCH_7 to this value for a cold boot to look posted.
 */
#define AEMU_VBIOS_AF_SCRATCH_7_DW      (AEMU_VBIOS_AF_SCRATCH_0_DW + 7u)
#define AEMU_VBIOS_AF_POSTED_SCRATCH_7  0x00000200u

/*
 * amdgpu_atomfirmware_get_vram_info picks the VRAM module by
 * BIOS_SCRATCH_4 bits 23:16 and walks that many modules; the image has
 * one, so the model must answer BIOS_SCRATCH_4 with those bits 0.
 */
#define AEMU_VBIOS_AF_SCRATCH_4_DW      (AEMU_VBIOS_AF_SCRATCH_0_DW + 4u)
#define AEMU_VBIOS_AF_MODULE_ID_MASK    0x00ff0000u

/* Size of every image aemu_vbios_atomfirmware_build produces. */
#define AEMU_VBIOS_ATOMFW_IMAGE_SIZE 4096u

/*
 * Builds the Vega10 option-ROM image into buf (cap bytes). Returns the
 * image size (AEMU_VBIOS_ATOMFW_IMAGE_SIZE, with a valid option-ROM checksum), or
 * 0 if cap is too small or a parameter breaks the rules of
 * aemu_vbios_build (vbios_atom.h). Field use: vendor_id, device_id and
 * pci_class go to the PCIR; the default clocks to FirmwareInfo's boot
 * clocks; ref_clk_10khz to SMU_Info's core and UMC_Info's memory reference
 * clock; vram_mib to the VRAM module's size; part_number and date to the
 * strings amdgpu's atom.c helpers read.
 */
size_t aemu_vbios_atomfirmware_build(const AemuVbiosParams *p, uint8_t *buf,
                                     size_t cap);

#endif
