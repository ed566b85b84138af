/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * amdgpu-emu core: a synthetic ATOM VBIOS for CIK parts.
 *
 * The image is what the device exposes behind its expansion-ROM BAR and
 * through the SMC ROM port. It carries only what the amdgpu and radeon probe
 * paths need: a legacy option-ROM frame that guest firmware can run (and
 * that returns at once), the ATOM ROM header, FirmwareInfo, a no-op
 * ASIC_Init, and for radeon's DPM (its default on CI) a one-state
 * PowerPlayInfo and two no-op PLL calculators. It has no display tables, so
 * both drivers come up headless.
 * docs/firmware.md explains each field; the bring-up map, section 3, is the
 * background.
 *
 * Plain C11: no GLib, no QEMU headers (firmware-stubs links it too).
 */
#ifndef AMDGPU_EMU_VBIOS_ATOM_H
#define AMDGPU_EMU_VBIOS_ATOM_H

#include <stddef.h>
#include <stdbool.h>
#include <stdint.h>

/*
 * Size of every image aemu_vbios_build produces. Above 1 KiB + 8 because
 * amdgpu's string scans (atom_get_vbios_pn, atom_get_vbios_version) may read
 * up to byte 1031; below 127.5 KiB because the ROM-port path takes the size
 * from the one-byte length at offset 2.
 */
#define AEMU_VBIOS_IMAGE_SIZE 4096u

/*
 * Longest part number: atom_get_vbios_pn copies at most 43 characters
 * (BIOS_STRING_LENGTH) and stops early at a NUL, which must fit.
 */
#define AEMU_VBIOS_PART_NUMBER_MAX 42u

typedef struct AemuVbiosParams {
    uint16_t vendor_id, device_id;   /* PCIR */
    uint32_t pci_class;              /* 24-bit class code, e.g. 0x038000 */
    uint32_t vram_mib;
    uint32_t default_sclk_10khz, default_mclk_10khz;   /* must be non-zero */
    uint16_t ref_clk_10khz;          /* usCoreReferenceClock */
    const char *part_number;         /* printable, e.g. "AMDGPU-EMU HAWAII" */
    const char *date;                /* "MM/DD/YY HH:MM" */
    /*
     * R600-era parts (ATOM layout, radeon's r600 path): leave PowerPlayInfo
     * out (its PPLib v6 table is CI's; radeon's profile method then takes
     * one default state from FirmwareInfo) ...
     */
    int no_powerplay;
    /*
     * ... and for an IGP, IntegratedSystemInfo v1.2 (rs690_pm_info,
     * radeon_atombios_sideport_present): the UMA clock and the HT link the
     * northbridge reaches system memory through, no sideport memory.
     * 0: a discrete part, no table.
     */
    uint32_t igp_uma_clk_10khz;
    uint32_t igp_ht_link_freq_10khz;
    uint16_t igp_ht_link_width;
    /*
     * VI parts whose powerplay is smu7_hwmgr with iceland_smumgr (Topaz):
     * VDDC on an SVI2 regulator, as VoltageObjectInfo v3.1 says (the
     * firmware table iceland_init_smc_table builds must have VDDC on SVI2),
     * and the PowerPlay table's EVV platform cap with the CAC leakage table
     * in its EVV layout (three VDDC values per level, as powerplay reads it
     * with that cap). 0: CI's tables (no VoltageObjectInfo, leakage as
     * VDDC + leakage value), as radeon's ci_dpm and Hawaii's powerplay read
     * them.
     */
    int vi_svi2_evv;
    /*
     * One DVI-D connector (vbios_display.c): its objects, DDC line and HPD
     * pin. 0: an empty Object_Header (no display, or a part without DCE).
     */
    int dvi_connector;
} AemuVbiosParams;

/*
 * Builds the option-ROM image into buf (cap bytes). Returns the image size
 * (a multiple of 512, with a valid option-ROM checksum), or 0 if cap is too
 * small or a parameter is invalid.
 *
 * Parameter rules: vendor_id neither 0 nor 0xffff; pci_class within 24 bits;
 * vram_mib, both clocks and ref_clk_10khz non-zero; part_number 1 to
 * AEMU_VBIOS_PART_NUMBER_MAX characters from ' ' to 'z' (the range the
 * drivers' string readers accept); date exactly "MM/DD/YY HH:MM" with
 * digits. vram_mib is only checked: no table the drivers read on CIK carries
 * the VRAM size (they read CONFIG_MEMSIZE). Only the first
 * AEMU_VBIOS_IMAGE_SIZE bytes of buf are written.
 */
size_t aemu_vbios_build(const AemuVbiosParams *p, uint8_t *buf, size_t cap);

/*
 * Where the shared frame puts what a format's ROM header points at: the
 * boot message, the PCIR (the caller's pcir_off lies between them) and the
 * ATOM ROM header, whose pointer the frame writes at 0x48.
 */
#define AEMU_VBIOS_FRAME_BOOT_MESSAGE   0x100u
#define AEMU_VBIOS_FRAME_ATOM_HEADER    0x200u
#define AEMU_VBIOS_FRAME_PCIR_SIZE      0x18u

/*
 * The display tables (vbios_display.c) live from here up to the checksum
 * byte; rom is the whole image, data_master the master data table whose
 * Object_Header, GPIO_I2C_Info and GPIO_Pin_LUT slots it fills.
 */
#define AEMU_VBIOS_DISPLAY_OFF          0xc00u
void aemu_vbios_build_display(uint8_t *rom, size_t data_master,
                              bool connector);
/*
 * The display command tables a mode set runs (vbios_display_cmd.c), from
 * AEMU_VBIOS_DISPLAY_CMD_OFF, into cmd_master's slots. False: a table
 * failed to assemble (a build error, caught by the unit tests).
 */
#define AEMU_VBIOS_DISPLAY_CMD_OFF      0xca0u
bool aemu_vbios_build_display_cmds(uint8_t *rom, size_t cmd_master);

/*
 * The option-ROM frame every VBIOS format shares (ATOM on CIK,
 * atomfirmware on SOC15): the legacy header (signature, length, x86 entry,
 * the PCIR and ATOM ROM header pointers, the date, the part number and the
 * BIOS id string), the boot message, and the PCI data structure at
 * pcir_off. The format's own ROM header and tables are the caller's.
 */
void aemu_vbios_build_frame(const AemuVbiosParams *p, uint8_t *buf,
                            size_t pcir_off);

/*
 * The parameter rules above, shared with the atomfirmware builder
 * (vbios_atomfirmware.c), which reads the same strings the same way.
 * Returns 1 if p is acceptable.
 */
int aemu_vbios_params_valid(const AemuVbiosParams *p);

#endif
