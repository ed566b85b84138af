/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * amdgpu-emu core: a synthetic atomfirmware (ATOM v2) VBIOS for Vega10.
 *
 * Who reads the image, in probe order (Linux 6.12):
 *  - guest firmware (SeaBIOS): option-ROM signature, checksum, PCIR, and a
 *    far call to offset 3;
 *  - the kernel's pci_map_rom (PCIR image walk);
 *  - amdgpu: check_atom_bios (amdgpu_bios.c), amdgpu_atom_parse and the
 *    string helpers (atom.c), then, because Vega10 is is_atom_fw,
 *    amdgpu_atomfirmware_scratch_regs_init,
 *    amdgpu_atomfirmware_allocate_fb_scratch,
 *    amdgpu_atomfirmware_query_firmware_capability (amdgpu_atombios_init),
 *    amdgpu_device_need_post, amdgpu_atomfirmware_get_clock_info,
 *    amdgpu_atomfirmware_get_vram_info (gmc_v9_0_mc_init) and, with RAS
 *    enabled, amdgpu_atomfirmware_mem_ecc_supported /
 *    amdgpu_atomfirmware_sram_ecc_supported. If the ASIC looks unposted,
 *    amdgpu_device_asic_init runs the legacy amdgpu_atom_asic_init for
 *    GC 9.0.1 (the atomfirmware variant is for GC 9.4.3+ and 11+).
 *
 * Layout (offsets marked "fixed" are where the readers look):
 *
 *   0x000 fixed   0x55 0xaa, size / 512, far return, byte 4 = 0
 *   0x018 fixed   u16 -> PCIR
 *   0x02f fixed   number of BIOS strings = 0
 *   0x030 fixed   " 761295520"
 *   0x048 fixed   u16 -> ATOM ROM header
 *   0x050 fixed   build date "MM/DD/YY HH:MM"
 *   0x06e fixed   u16 string table pointer = 0
 *   0x080 fixed   part number
 *   0x0b0         "ATOMBIOSBK-AMD VER" + version
 *   0x100         boot message
 *   0x1c0         PCIR
 *   0x200         atom_rom_header_v2_2
 *   0x240         master command table v2.1 (asic_init only)
 *   0x300         master data table v2.1
 *   0x360         atom_firmware_info_v3_1
 *   0x3c0         atom_smu_info_v3_1
 *   0x3e0         atom_umc_info_v3_1
 *   0x400         ASIC_Init (one END_OF_TABLE)
 *   0x420         atom_vram_info_header_v2_3 + one atom_vram_module_v9
 *   last byte     option-ROM checksum
 *
 * Deliberately absent, with the reason each absence is safe:
 *  - vram_usagebyfirmware: amdgpu_atomfirmware_allocate_fb_scratch falls
 *    back to its 20 KiB default.
 *  - gfx_info: on GC 9.0.1 gfx_v9_0_gpu_early_init takes the shader-engine
 *    topology from vega10_gpu_info.bin (amdgpu_device_parse_gpu_info_fw);
 *    gfx_v9_0_gpu_early_init calls amdgpu_atomfirmware_get_gfx_info only
 *    for GC 9.4.0 and 9.4.2, and get_clock_info reads gfx_info only for
 *    Navi and later.
 *  - powerplayinfo, asic_profiling_info, voltageobject_info, gpio_pin_lut:
 *    read by powerplay's vega10_hwmgr only when DPM runs; the bring-up map
 *    keeps amdgpu.dpm=0 (or powerplay masked). Not cheap enough to add here:
 *    the Vega10 PPTable is a large nested structure.
 *  - displayobjectinfo, dce_info and the display command tables: only DC
 *    reads them; the map replaces DC with amdgpu.virtual_display.
 *  - indirectioaccess: amdgpu_atom_parse then indexes IIO programs from ROM
 *    byte 4, which is 0 (not ATOM_IIO_START), so nothing is indexed.
 *  - every command table but asic_init: the interpreter returns -EINVAL
 *    for an empty slot before reading a body, and nothing on the
 *    recommended probe path executes another.
 */
#include <string.h>
#include "vbios_atomfirmware.h"

/*
 * The option-ROM frame (the legacy header, the boot message, the PCIR) is
 * vbios_atom.c's, shared with the ATOM image (aemu_vbios_build_frame);
 * the atomfirmware tables go after its ATOM ROM header.
 */
#define ROM_BOOT_MESSAGE        AEMU_VBIOS_FRAME_BOOT_MESSAGE
#define ROM_PCIR                0x1c0
#define ROM_ATOM_HEADER         AEMU_VBIOS_FRAME_ATOM_HEADER
#define ROM_CMD_MASTER          0x240
#define ROM_DATA_MASTER         0x300
#define ROM_FIRMWARE_INFO       0x360
#define ROM_SMU_INFO            0x3c0
#define ROM_UMC_INFO            0x3e0
#define ROM_ASIC_INIT           0x400
#define ROM_VRAM_INFO           0x420

#define ROM_BLOCK               512u

/* PCI data structure ("PCIR"), PCI 2.2 layout. */
#define PCIR_SIZE               AEMU_VBIOS_FRAME_PCIR_SIZE
#define PCIR_ALIGN              4

/* atom_common_table_header: u16 size, u8 format rev, u8 content rev. */
#define ATOM_HDR_SIZE           4

/* atom_rom_header_v2_2 (atomfirmware.h), offsets from its start. */
#define ROM_HDR_SIZE            0x28
#define ROM_HDR_FREV            2
#define ROM_HDR_CREV            2
#define ROM_HDR_MAGIC           0x04    /* atom_bios_string "ATOM" */
#define ROM_HDR_BOOT_MSG        0x10    /* vbios_bootupmessageoffset */
#define ROM_HDR_PCI_INFO        0x1c    /* pci_info_offset */
#define ROM_HDR_CMD_MASTER      0x1e    /* masterhwfunction_offset */
#define ROM_HDR_DATA_MASTER     0x20    /* masterdatatable_offset */

/* Master lists v2.1: header + one u16 per entry. */
#define MASTER_FREV             2
#define MASTER_CREV             1
#define CMD_TABLE_SLOTS         81      /* atom_master_list_of_command_functions_v2_1 */
#define DATA_TABLE_SLOTS        35      /* atom_master_list_of_data_tables_v2_1 */
#define CMD_SLOT_ASIC_INIT      0
#define DATA_SLOT_FIRMWARE_INFO 4
#define DATA_SLOT_SMU_INFO      8
#define DATA_SLOT_UMC_INFO      24
#define DATA_SLOT_VRAM_INFO     28
#define CMD_MASTER_SIZE         (ATOM_HDR_SIZE + 2 * CMD_TABLE_SLOTS)
#define DATA_MASTER_SIZE        (ATOM_HDR_SIZE + 2 * DATA_TABLE_SLOTS)

/* atom_firmware_info_v3_1, offsets from the table start. */
#define FWI_SIZE                0x48
#define FWI_FREV                3
#define FWI_CREV                1
#define FWI_FIRMWARE_REVISION   0x04
#define FWI_BOOTUP_SCLK         0x08
#define FWI_BOOTUP_MCLK         0x0c
#define FWI_CAPABILITY          0x10
#define FWI_SCRATCH_START       0x18
#define FWI_BOOTUP_VDDC         0x1c
#define FWI_BOOTUP_VDDCI        0x1e
#define FWI_BOOTUP_MVDDC        0x20
#define FWI_BOOTUP_VDDGFX       0x22
#define FWI_MEM_MODULE_ID       0x24

/* Bumped when the layout changes, so a guest log tells images apart. */
#define FWI_REVISION_AEMU       0x00010001u

/*
 * firmware_capability: none. No SRAM ECC (0x200, RAS), no GPU
 * virtualization (0x2, amdgpu_device_detect_sriov_bios), no dynamic boot
 * config (0x20000, PSP), no two-stage BIST (0x400).
 */
#define FWI_CAPS_NONE           0u

/*
 * Boot voltages (mV): only powerplay reads them, with DPM. Plausible for a
 * Vega10 board with HBM2 (1.35 V MVDDC); nothing regulates anything.
 */
#define VDDC_MV                 900
#define VDDCI_MV                850
#define MVDDC_MV                1350

/* atom_smu_info_v3_1. */
#define SMU_SIZE                0x1c
#define SMU_FREV                3
#define SMU_CREV                1
#define SMU_IP_MIN_VER          0x04
#define SMU_IP_MAX_VER          0x05
#define SMU_CORE_REFCLK         0x10
#define SMU_FIRST_GPIO          0x14    /* ac_dc_gpio_bit ... fw_ctf_polarity */
#define SMU_GPIO_BYTES          8
#define SMU_GPIO_INVALID        0xff
#define SMU_IP_VERSION          9       /* SMU9 */

/* atom_umc_info_v3_1. */
#define UMC_SIZE                0x20
#define UMC_FREV                3
#define UMC_CREV                1
#define UMC_IP_MIN_VER          0x18
#define UMC_IP_MAX_VER          0x19
#define UMC_VRAM_TYPE           0x1a
#define UMC_CONFIG              0x1b
#define UMC_MEM_REFCLK          0x1c
#define UMC_IP_VERSION          6       /* UMC 6.0 on Vega10 */
#define UMC_CONFIG_NONE         0       /* no DEFAULT_MEM_ECC_ENABLE (0x2) */

/* atom_dgpu_vram_type */
#define ATOM_DGPU_VRAM_TYPE_HBM2 0x60

/* atom_vram_info_header_v2_3 and atom_vram_module_v9. */
#define VRI_FREV                2
#define VRI_CREV                3
#define VRI_MODULE_NUM          0x14
#define VRI_UMCIP_MIN_VER       0x15
#define VRI_UMCIP_MAX_VER       0x16
#define VRI_MODULES             0x18
#define VRM_MEMORY_SIZE         0x00
#define VRM_CHANNEL_ENABLE      0x04
#define VRM_MAX_MEM_CLK         0x08
#define VRM_MEM_VOLTAGE         0x12
#define VRM_MODULE_SIZE         0x14
#define VRM_MEMORY_TYPE         0x17
#define VRM_CHANNEL_NUM         0x18
#define VRM_CHANNEL_WIDTH       0x19
#define VRM_VENDER_REV_ID       0x1c
#define VRM_PN_STRING           0x20
#define VRM_PN_STRING_LEN       20
#define VRM_SIZE                0x34
#define VRI_SIZE                (VRI_MODULES + VRM_SIZE)
#define VRI_NUM_MODULES         1

/*
 * HBM2 as on Vega 10 boards: two stacks of eight 128-bit channels, 2048
 * bits in all. amdgpu_atomfirmware_get_vram_info (v2.3) computes
 * vram_width = channel_num << channel_width.
 */
#define HBM2_CHANNELS           16
#define HBM2_CHANNEL_WIDTH_LOG2 7
#define HBM2_CHANNEL_MASK       ((1u << HBM2_CHANNELS) - 1)
#define HBM2_VENDOR_UNKNOWN     0
#define HBM2_PART_NUMBER        "AEMU-HBM2"

/* Command table: header, u8 workspace dwords, u8 parameter bytes, code. */
#define CT_FREV                 2
#define CT_CREV                 1
#define CT_WS_OFF               4
#define CT_PS_OFF               5
#define CT_CODE_OFF             6
#define ATOM_OP_EOT             0x5b
#define CT_EOT_ONLY_SIZE        (CT_CODE_OFF + 1)

/* Placement checks: every table fits before the next one. */
_Static_assert(ROM_BOOT_MESSAGE + AEMU_VBIOS_PART_NUMBER_MAX + 5 <= ROM_PCIR,
               "boot message overlaps the PCIR");
_Static_assert(ROM_PCIR % PCIR_ALIGN == 0, "SeaBIOS warns about an unaligned PCIR");
_Static_assert(ROM_PCIR + PCIR_SIZE <= ROM_ATOM_HEADER, "PCIR overlap");
_Static_assert(ROM_ATOM_HEADER + ROM_HDR_SIZE <= ROM_CMD_MASTER,
               "ROM header overlap");
_Static_assert(ROM_CMD_MASTER + CMD_MASTER_SIZE <= ROM_DATA_MASTER,
               "command master overlap");
_Static_assert(ROM_DATA_MASTER + DATA_MASTER_SIZE <= ROM_FIRMWARE_INFO,
               "data master overlap");
_Static_assert(ROM_FIRMWARE_INFO + FWI_SIZE <= ROM_SMU_INFO, "FWI overlap");
_Static_assert(ROM_SMU_INFO + SMU_SIZE <= ROM_UMC_INFO, "SMU_Info overlap");
_Static_assert(ROM_UMC_INFO + UMC_SIZE <= ROM_ASIC_INIT, "UMC_Info overlap");
_Static_assert(ROM_ASIC_INIT + CT_EOT_ONLY_SIZE <= ROM_VRAM_INFO,
               "ASIC_Init overlap");
_Static_assert(ROM_VRAM_INFO + VRI_SIZE < AEMU_VBIOS_ATOMFW_IMAGE_SIZE,
               "VRAM_Info overlaps the checksum byte");
_Static_assert(AEMU_VBIOS_ATOMFW_IMAGE_SIZE % ROM_BLOCK == 0 &&
               AEMU_VBIOS_ATOMFW_IMAGE_SIZE / ROM_BLOCK <= 0xff, "image length byte");
_Static_assert(sizeof(HBM2_PART_NUMBER) <= VRM_PN_STRING_LEN,
               "memory part number too long");

static void put16(uint8_t *b, size_t off, uint16_t v)
{
    b[off] = v & 0xff;
    b[off + 1] = v >> 8;
}

static void put32(uint8_t *b, size_t off, uint32_t v)
{
    put16(b, off, v & 0xffff);
    put16(b, off + 2, v >> 16);
}

static void put_table_header(uint8_t *b, size_t off, uint16_t size,
                             uint8_t frev, uint8_t crev)
{
    put16(b, off, size);
    b[off + 2] = frev;
    b[off + 3] = crev;
}

static void set_data_slot(uint8_t *b, unsigned slot, uint16_t table)
{
    put16(b, ROM_DATA_MASTER + ATOM_HDR_SIZE + 2 * slot, table);
}

/*
 * atom_rom_header_v2_2. amdgpu_atom_parse reads "ATOM" at +4 and the two
 * master offsets at +0x1e/+0x20 through the legacy ATOM_ROM_HEADER layout,
 * whose offsets coincide; nothing else is read by amdgpu.
 */
static void build_rom_header(uint8_t *b)
{
    uint8_t *h = b + ROM_ATOM_HEADER;

    put_table_header(h, 0, ROM_HDR_SIZE, ROM_HDR_FREV, ROM_HDR_CREV);
    memcpy(h + ROM_HDR_MAGIC, "ATOM", 4);
    put16(h, ROM_HDR_BOOT_MSG, ROM_BOOT_MESSAGE);
    put16(h, ROM_HDR_PCI_INFO, ROM_PCIR);
    put16(h, ROM_HDR_CMD_MASTER, ROM_CMD_MASTER);
    put16(h, ROM_HDR_DATA_MASTER, ROM_DATA_MASTER);
}

/*
 * atom_firmware_info_v3_1. amdgpu_atomfirmware_query_firmware_capability
 * reads firmware_capability only for format 3 content >= 1.
 */
static void build_firmware_info(const AemuVbiosParams *p, uint8_t *b)
{
    uint8_t *t = b + ROM_FIRMWARE_INFO;

    put_table_header(t, 0, FWI_SIZE, FWI_FREV, FWI_CREV);
    /* amdgpu_atom_parse: ctx->version (sysfs vbios_version, devcoredump). */
    put32(t, FWI_FIRMWARE_REVISION, FWI_REVISION_AEMU);
    /*
     * amdgpu_atomfirmware_get_clock_info: default_sclk/mclk; and
     * amdgpu_atom_asic_init passes them as ASIC_Init's parameters, refusing
     * to run it when either is 0.
     */
    put32(t, FWI_BOOTUP_SCLK, p->default_sclk_10khz);
    put32(t, FWI_BOOTUP_MCLK, p->default_mclk_10khz);
    /* amdgpu_atombios_init caches it as mode_info.firmware_flags. */
    put32(t, FWI_CAPABILITY, FWI_CAPS_NONE);
    /*
     * amdgpu_atomfirmware_scratch_regs_init: bios_scratch_reg_offset.
     * Every scratch access (need_post, get_vram_info's module id, the
     * lock/engine-hung bits) is relative to it.
     */
    put32(t, FWI_SCRATCH_START, AEMU_VBIOS_AF_SCRATCH_0_DW);
    /* Powerplay's vega10 boot values (DPM only). */
    put16(t, FWI_BOOTUP_VDDC, VDDC_MV);
    put16(t, FWI_BOOTUP_VDDCI, VDDCI_MV);
    put16(t, FWI_BOOTUP_MVDDC, MVDDC_MV);
    put16(t, FWI_BOOTUP_VDDGFX, 0);
    t[FWI_MEM_MODULE_ID] = 0;
}

/*
 * atom_smu_info_v3_1. amdgpu_atomfirmware_get_clock_info: for format 3,
 * core_refclk_10khz becomes spll.reference_freq, which soc15_get_xclk
 * returns as the GPU timestamp frequency (AMDGPU_INFO, KFD).
 */
static void build_smu_info(const AemuVbiosParams *p, uint8_t *b)
{
    uint8_t *t = b + ROM_SMU_INFO;

    put_table_header(t, 0, SMU_SIZE, SMU_FREV, SMU_CREV);
    t[SMU_IP_MIN_VER] = SMU_IP_VERSION;
    t[SMU_IP_MAX_VER] = SMU_IP_VERSION;
    put32(t, SMU_CORE_REFCLK, p->ref_clk_10khz);
    /* No AC/DC, VR-hot or CTF GPIOs: 0xff means "invalid" to powerplay. */
    memset(t + SMU_FIRST_GPIO, SMU_GPIO_INVALID, SMU_GPIO_BYTES);
}

/*
 * atom_umc_info_v3_1. amdgpu_atomfirmware_get_clock_info reads
 * mem_refclk_10khz into mpll.reference_freq;
 * amdgpu_atomfirmware_mem_ecc_supported (RAS) reads umc_config, and the
 * ECC bit stays clear so RAS sees no memory ECC.
 */
static void build_umc_info(const AemuVbiosParams *p, uint8_t *b)
{
    uint8_t *t = b + ROM_UMC_INFO;

    put_table_header(t, 0, UMC_SIZE, UMC_FREV, UMC_CREV);
    t[UMC_IP_MIN_VER] = UMC_IP_VERSION;
    t[UMC_IP_MAX_VER] = UMC_IP_VERSION;
    t[UMC_VRAM_TYPE] = ATOM_DGPU_VRAM_TYPE_HBM2;
    t[UMC_CONFIG] = UMC_CONFIG_NONE;
    put32(t, UMC_MEM_REFCLK, p->ref_clk_10khz);
}

/*
 * atom_vram_info_header_v2_3 with one atom_vram_module_v9, the layout
 * amdgpu_atomfirmware_get_vram_info reads for a dGPU below GC 12 (format
 * 2, content 3): memory_type, channel_num, channel_width and
 * vender_rev_id of module BIOS_SCRATCH_4[23:16] (0 here). gmc_v9_0_mc_init
 * takes vram_width from it and only falls back to the DF channel count
 * when it is 0.
 */
static void build_vram_info(const AemuVbiosParams *p, uint8_t *b)
{
    uint8_t *t = b + ROM_VRAM_INFO;
    uint8_t *m = t + VRI_MODULES;

    put_table_header(t, 0, VRI_SIZE, VRI_FREV, VRI_CREV);
    /* The register-block offsets stay 0: no driver on this path reads them. */
    t[VRI_MODULE_NUM] = VRI_NUM_MODULES;
    t[VRI_UMCIP_MIN_VER] = UMC_IP_VERSION;
    t[VRI_UMCIP_MAX_VER] = UMC_IP_VERSION;

    put32(m, VRM_MEMORY_SIZE, p->vram_mib);
    put32(m, VRM_CHANNEL_ENABLE, HBM2_CHANNEL_MASK);
    put32(m, VRM_MAX_MEM_CLK, p->default_mclk_10khz);
    put16(m, VRM_MEM_VOLTAGE, MVDDC_MV);
    /* The driver steps from module to module by this size. */
    put16(m, VRM_MODULE_SIZE, VRM_SIZE);
    m[VRM_MEMORY_TYPE] = ATOM_DGPU_VRAM_TYPE_HBM2;
    m[VRM_CHANNEL_NUM] = HBM2_CHANNELS;
    m[VRM_CHANNEL_WIDTH] = HBM2_CHANNEL_WIDTH_LOG2;
    m[VRM_VENDER_REV_ID] = HBM2_VENDOR_UNKNOWN;
    memcpy(m + VRM_PN_STRING, HBM2_PART_NUMBER, sizeof(HBM2_PART_NUMBER));
}

static void build_masters(uint8_t *b)
{
    /*
     * Master command table: asic_init only. amdgpu_atom_asic_init (GC
     * 9.0.1 takes the legacy path in amdgpu_device_asic_init) executes it
     * when amdgpu_device_need_post says "not posted", e.g. after a reset
     * the model does not keep BIOS_SCRATCH_7 across.
     */
    put_table_header(b, ROM_CMD_MASTER, CMD_MASTER_SIZE, MASTER_FREV,
                     MASTER_CREV);
    put16(b, ROM_CMD_MASTER + ATOM_HDR_SIZE + 2 * CMD_SLOT_ASIC_INIT,
          ROM_ASIC_INIT);

    /*
     * Master data table. FirmwareInfo alone would satisfy
     * amdgpu_atomfirmware_get_clock_info (any one of firmwareinfo,
     * smu_info, umc_info), but it is also the table amdgpu_atom_parse,
     * scratch_regs_init and asic_init read, so it is the essential one.
     */
    put_table_header(b, ROM_DATA_MASTER, DATA_MASTER_SIZE, MASTER_FREV,
                     MASTER_CREV);
    set_data_slot(b, DATA_SLOT_FIRMWARE_INFO, ROM_FIRMWARE_INFO);
    set_data_slot(b, DATA_SLOT_SMU_INFO, ROM_SMU_INFO);
    set_data_slot(b, DATA_SLOT_UMC_INFO, ROM_UMC_INFO);
    set_data_slot(b, DATA_SLOT_VRAM_INFO, ROM_VRAM_INFO);
}

/*
 * ASIC_Init: no workspace, no parameter space, one END_OF_TABLE. The
 * interpreter runs the opcode (a no-op) and returns 0.
 */
static void build_asic_init(uint8_t *b)
{
    put_table_header(b, ROM_ASIC_INIT, CT_EOT_ONLY_SIZE, CT_FREV, CT_CREV);
    b[ROM_ASIC_INIT + CT_WS_OFF] = 0;
    b[ROM_ASIC_INIT + CT_PS_OFF] = 0;
    b[ROM_ASIC_INIT + CT_CODE_OFF] = ATOM_OP_EOT;
}

/* SeaBIOS skips an option ROM whose bytes do not sum to 0 mod 256. */
static void set_checksum(uint8_t *b, size_t size)
{
    uint8_t sum = 0;

    for (size_t i = 0; i < size - 1; i++) {
        sum += b[i];
    }
    b[size - 1] = (uint8_t)(0x100 - sum);
}

size_t aemu_vbios_atomfirmware_build(const AemuVbiosParams *p, uint8_t *buf,
                                     size_t cap)
{
    if (!p || !buf || cap < AEMU_VBIOS_ATOMFW_IMAGE_SIZE ||
        !aemu_vbios_params_valid(p)) {
        return 0;
    }
    memset(buf, 0, AEMU_VBIOS_ATOMFW_IMAGE_SIZE);
    aemu_vbios_build_frame(p, buf, ROM_PCIR, AEMU_VBIOS_ATOMFW_IMAGE_SIZE);
    build_rom_header(buf);
    build_masters(buf);
    build_firmware_info(p, buf);
    build_smu_info(p, buf);
    build_umc_info(p, buf);
    build_asic_init(buf);
    build_vram_info(p, buf);
    set_checksum(buf, AEMU_VBIOS_ATOMFW_IMAGE_SIZE);
    return AEMU_VBIOS_ATOMFW_IMAGE_SIZE;
}
