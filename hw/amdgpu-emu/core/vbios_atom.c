/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * amdgpu-emu core: a synthetic ATOM VBIOS for CIK parts.
 *
 * Who reads the image, in probe order:
 *  - guest firmware (SeaBIOS) maps the ROM BAR, matches the PCIR against the
 *    device, checks the option-ROM checksum and far-calls offset 3;
 *  - the kernel's pci_map_rom walks the images to find the true size;
 *  - amdgpu (amdgpu_get_bios, check_atom_bios, amdgpu_atom_parse,
 *    amdgpu_atombios_get_clock_info, amdgpu_atom_asic_init) or
 *    radeon (radeon_get_bios, atom_parse, radeon_atom_get_clock_info,
 *    atom_asic_init, radeon_atombios_get_power_modes, and with DPM, its
 *    default for CI, ci_dpm_init and the PLL calculators ci_dpm_enable
 *    runs).
 *
 * Layout (offsets marked "fixed" are where the readers look; the rest only
 * has to be consistent with the pointers):
 *
 *   0x000 fixed   0x55 0xaa, size / 512, far return, byte 4 = 0
 *   0x018 fixed   u16 -> PCIR
 *   0x02f fixed   number of BIOS strings = 0
 *   0x030 fixed   " 761295520"
 *   0x048 fixed   u16 -> ATOM_ROM_HEADER
 *   0x050 fixed   build date "MM/DD/YY HH:MM"
 *   0x06e fixed   u16 string table pointer = 0
 *   0x080 fixed   part number
 *   0x0b0         "ATOMBIOSBK-AMD VER" + version
 *   0x100         boot message (radeon)
 *   0x180         PCIR
 *   0x200         ATOM_ROM_HEADER
 *   0x240         master command table (ASIC_Init only)
 *   0x300         master data table (FirmwareInfo, PowerPlayInfo)
 *   0x360         FirmwareInfo v2.2
 *   0x400         ASIC_Init
 *   0x410         ComputeMemoryEnginePLL v1.6
 *   0x420         ComputeMemoryClockParam v2.1
 *   0x430         DynamicMemorySettings v1.1
 *   0x500         PowerPlayInfo (PPLib v6, boot and performance states;
 *                 on the RS780 its PPLib v4 table, vbios_pplib_rs780.c)
 *   0x700         IntegratedSystemInfo v1.2 (IGPs only: RS780)
 *   0x900         VoltageObjectInfo (Topaz)
 *   0xa00         RS780: SetEngineClock, GetEngineClock
 *                 (vbios_clock_rs780.c; its ASIC_Init at 0x400 calls the
 *                 first)
 *   0xc00         display: Object_Header and, with a connector,
 *                 GPIO_I2C_Info and GPIO_Pin_LUT (vbios_display.c)
 *   0xd80         with a connector: the mode-set command tables
 *                 (vbios_display_cmd.c)
 *   last byte     option-ROM checksum
 *
 * Object_Header is there for amdgpu's Display Core, which refuses to
 * construct its bios parser without one (vbios_display.c); it lists one
 * DVI-D connector on parts with dvi_connector (Hawaii), none elsewhere.
 *
 * Deliberately absent, with the reason each absence is safe:
 *  - SupportedDevicesInfo (and GPIO_I2C_Info, GPIO_Pin_LUT without a
 *    connector): radeon reads connectors only from SupportedDevicesInfo or
 *    an Object_Header of content revision 2 or later (the model's is 1.1),
 *    so with neither radeon_setup_enc_conn returns false, which radeon_modeset_init passes on as success: radeon
 *    binds headless. amdgpu's virtual display (when asked for) skips
 *    dce_v8_0_disable_dce's DCE accesses (amdgpu_atombios_has_dce_engine_info
 *    is false).
 *  - IndirectIOAccess: amdgpu_atom_parse/atom_parse then walk IIO programs
 *    from ROM byte 4, which is 0 (not ATOM_IIO_START), so nothing is indexed.
 *  - VRAM_UsageByFirmware: both drivers fall back to 20 KiB of scratch.
 *  - IntegratedSystemInfo: amdgpu_atombios_get_vram_width returns 0 and
 *    gmc_v7_0_mc_init reads the width from MC_ARB_RAMCFG/MC_SHARED_CHMAP.
 *  - VRAM_Info, ASIC_InternalSS_Info, VoltageObjectInfo,
 *    ASIC_ProfilingInfo, and GPIO_Pin_LUT's power-management pins: read
 *    only by DPM, which then runs without MC register sets
 *    (caps_dynamic_ac_timing off), spread spectrum, voltage control,
 *    VR-hot/AC-DC GPIOs or leakage tables. (With a connector GPIO_Pin_LUT
 *    exists and holds the HPD pin only, so DPM's look-ups still miss.)
 *  - every command table but ASIC_Init, the two PLL calculators,
 *    DynamicMemorySettings and (with a connector) the display ones: the executor returns -EINVAL for an empty slot
 *    before reading any table body, and nothing on the probe path needs
 *    another (radeon's debugfs engine-clock read then reports an undefined
 *    value: cosmetic).
 *
 * PowerPlayInfo is there for radeon, which picks DPM for Hawaii by default
 * once its RLC and SMC firmware load (radeon_pm_init) and cannot survive a
 * failing ci_dpm_init, and for amdgpu's powerplay (dpm on). The table has
 * three SCLK and three MCLK DPM levels, the top ones at the FirmwareInfo
 * clocks, so that forcing levels changes the clocks the SMC model reports.
 */
#include <string.h>
#include "vbios_atom.h"
#include "vbios_put.h"
#include "vbios_pplib.h"

/* Option-ROM frame (PCI firmware spec) and ATOM anchors (atom.h). */
#define ROM_SIGNATURE           0x00
#define ROM_LENGTH_512          0x02
#define ROM_INIT_ENTRY          0x03
#define ROM_IIO_FALLBACK        0x04
#define ROM_PCIR_PTR            0x18
#define ROM_NUM_STRINGS         0x2f
#define ROM_ATI_MAGIC           0x30
#define ROM_ATOM_HEADER_PTR     0x48
#define ROM_DATE                0x50
#define ROM_STRINGS_PTR         0x6e
#define ROM_PART_NUMBER         0x80

/* Free placement. */
#define ROM_BIOS_ID             0x0b0
#define ROM_BOOT_MESSAGE        AEMU_VBIOS_FRAME_BOOT_MESSAGE
#define ROM_PCIR                0x180
#define ROM_ATOM_HEADER         AEMU_VBIOS_FRAME_ATOM_HEADER
#define ROM_CMD_MASTER          0x240
#define ROM_DATA_MASTER         0x300
#define ROM_FIRMWARE_INFO       0x360
#define ROM_ASIC_INIT           0x400
#define ROM_ENGINE_PLL          0x410
#define ROM_MEMORY_CLOCK_PARAM  0x420
#define ROM_DYNAMIC_MEM_SETTINGS 0x430
#define ROM_POWERPLAY           0x500
#define ROM_IGP_INFO            0x700
#define ROM_VOLTAGE_OBJECT_INFO 0x900
#define ROM_DISPLAY_OBJECTS     AEMU_VBIOS_DISPLAY_OFF

#define X86_RETF                0xcb
#define ATI_MAGIC               " 761295520"
#define DATE_LEN                14

/*
 * Version anchor. atom_get_vbios_version copies the 32 bytes after
 * "ATOMBIOSBK-AMD VER" into vbios_ver_str (devcoredump prints it), so the
 * version plus its NUL must fit in 32 bytes, with zeros behind it.
 */
#define BIOS_ID_PREFIX          "ATOMBIOSBK-AMD VER"
#define BIOS_ID_VERSION         "000.001.000.000.000000"

/* PCI data structure ("PCIR"), PCI 2.2 layout. */
#define PCIR_SIZE               AEMU_VBIOS_FRAME_PCIR_SIZE
#define PCIR_VENDOR             0x04
#define PCIR_DEVICE             0x06
#define PCIR_LENGTH             0x0a
#define PCIR_CLASS              0x0d
#define PCIR_IMAGE_LENGTH       0x10
#define PCIR_CODE_TYPE          0x14
#define PCIR_INDICATOR          0x15
#define PCIR_CODE_TYPE_X86      0x00
#define PCIR_LAST_IMAGE         0x80


/* ATOM_ROM_HEADER (atombios.h). */
#define ATOM_ROM_HEADER_SIZE    36
#define ATOM_ROM_MAGIC_OFF      0x04
#define ATOM_ROM_MSG_OFF        0x10
#define ATOM_ROM_CMD_OFF        0x1e
#define ATOM_ROM_DATA_OFF       0x20

/* Master tables: header + one u16 per slot. */
#define CMD_TABLE_SLOTS         81
#define DATA_TABLE_SLOTS        35
#define CMD_SLOT_ASIC_INIT      0
#define CMD_SLOT_ENGINE_PLL     60      /* ComputeMemoryEnginePLL */
#define CMD_SLOT_DYNAMIC_MEM    63      /* DynamicMemorySettings */
#define CMD_SLOT_MEMORY_CLOCK   70      /* ComputeMemoryClockParam */
#define DATA_SLOT_FIRMWARE_INFO 4
#define DATA_SLOT_POWERPLAY     15
#define DATA_SLOT_IGP_INFO      30      /* IntegratedSystemInfo */
#define DATA_SLOT_VOLTAGE_OBJECT 32     /* VoltageObjectInfo */

/*
 * ATOM_VOLTAGE_OBJECT_INFO_V3_1 with one ATOM_SVID2_VOLTAGE_OBJECT_V3:
 * the common header, then per object ucVoltageType, ucVoltageMode, usSize
 * (which the drivers' walk advances by), usLoadLine_PSI, the two GPIO ids
 * and a reserved dword.
 */
#define VOI_FREV                3
#define VOI_CREV                1
#define VOI_SVID2_OBJECT_SIZE   12
#define VOI_SIZE                (ATOM_HDR_SIZE + VOI_SVID2_OBJECT_SIZE)
#define VOI_OBJ_TYPE            0x00
#define VOI_OBJ_MODE            0x01
#define VOI_OBJ_SIZE            0x02
#define VOLTAGE_TYPE_VDDC       1
#define VOLTAGE_OBJ_SVID2       7

/* ATOM_INTEGRATED_SYSTEM_INFO_V2 (atombios.h), offsets from the start. */
#define IGP_SIZE                512
#define IGP_BOOT_SCLK           0x04
#define IGP_BOOT_UMA_CLK        0x10
#define IGP_BOOT_SIDEPORT_CLK   0x14
#define IGP_MEMORY_TYPE         0x48
#define IGP_UMA_CHANNELS        0x49
#define IGP_HT_LINK_FREQ        0x5c
#define IGP_MIN_HT_LINK_WIDTH   0x60
#define IGP_MAX_HT_LINK_WIDTH   0x62
#define IGP_MEMORY_TYPE_DDR2    2
#define IGP_UMA_CHANNEL_COUNT   2       /* dual-channel DDR2 */

/* ATOM_FIRMWARE_INFO_V2_2 (atombios.h), offsets from the table start. */
#define FWI_SIZE                108
#define FWI_FRMW_REVISION       0x04
#define FWI_DEFAULT_SCLK        0x08
#define FWI_DEFAULT_MCLK        0x0c
#define FWI_BOOT_VDDC           0x2e
#define FWI_BOOT_VDDCI          0x4e
#define FWI_CORE_REF_CLK        0x52
#define FWI_MEMORY_REF_CLK      0x54
#define FWI_BOOT_MVDDC          0x5c
#define FWI_MAX_PIXEL_PLL_OUTPUT 0x20
#define FWI_MIN_PIXEL_PLL_OUTPUT 0x38
#define FWI_MIN_PIXEL_PLL_INPUT 0x4a
#define FWI_MAX_PIXEL_PLL_INPUT 0x4c

/*
 * The display PLLs' limits (10 kHz units): VCO 600 MHz to 1.2 GHz, its
 * input (reference / reference divider) 1 to 13.5 MHz. DC's divider
 * search (calculate_pixel_clock_pll_dividers) takes them from
 * FirmwareInfo and finds no post divider with zeros.
 */
#define PIXEL_PLL_OUT_MIN_10KHZ 60000
#define PIXEL_PLL_OUT_MAX_10KHZ 120000
#define PIXEL_PLL_IN_MIN_10KHZ  100
#define PIXEL_PLL_IN_MAX_10KHZ  1350

/*
 * Voltages in mV: the boot values (FirmwareInfo) and the one level of every
 * PowerPlay dependency table. Plausible for a GDDR5 CI board; nothing
 * regulates anything.
 */
#define VDDC_MV                 1100
#define VDDCI_MV                1000
#define MVDDC_MV                1500

/* Bumped when the layout changes, so a guest log tells images apart. */
#define FWI_REVISION_AEMU       0x00000001u

/* Command table: header, u8 workspace dwords, u8 parameter bytes, code. */
#define CT_WS_OFF               4
#define CT_PS_OFF               5
#define CT_CODE_OFF             6
#define ATOM_OP_EOT             0x5b
#define CT_EOT_ONLY_SIZE        (CT_CODE_OFF + 1)

/*
 * PowerPlayInfo (pptable.h, #pragma pack(1)), offsets from the table start
 * (the base table's in vbios_pplib.h). ATOM_PPLIB_POWERPLAYTABLE5 is the
 * base table with the extensions 2 to 5.
 */
#define PP_TABLE_FREV           6       /* radeon_atombios_parse_power_table_6 */
#define PP_TABLE_CREV           1
#define PP_PLATFORM_CAP_EVV     0x00800000u     /* ATOM_PP_PLATFORM_CAP_EVV */
#define PP_FAN_PARAMETERS       0x1c    /* ucFanParameters in it */
#define PP_FAN_PARAMETERS_NOFAN 0x80    /* ATOM_PP_FANPARAMETERS_NOFAN */
#define PP_EXT_HEADER           0x2c
#define PP_VDDC_ON_SCLK         0x36
#define PP_VDDCI_ON_MCLK        0x38
#define PP_VDDC_ON_MCLK         0x3a
#define PP_PHASE_SHED_LIMITS    0x3e    /* usVddcPhaseShedLimitsTableOffset */
#define PP_TDP_LIMIT            0x42
#define PP_NEAR_TDP_LIMIT       0x46
#define PP_CAC_LEAKAGE          0x4e
#define PP5_SIZE                88      /* sizeof(ATOM_PPLIB_POWERPLAYTABLE5) */
#define PP_CI_CLOCK_INFO_SIZE   9       /* ATOM_PPLIB_CI_CLOCK_INFO */
#define PP_CAC_LEAKAGE_RECORD_SIZE 6    /* ATOM_PPLIB_CAC_Leakage_Record */
#define PP_NONCLOCK_INFO_SIZE   24      /* ATOM_PPLIB_NONCLOCK_INFO, v2 */
#define PP_EXT_HEADER_SIZE      22      /* ..._EXTENDEDHEADER_V7: PowerTune */
#define PP_EXT_VCE              0x0a
#define PP_EXT_UVD              0x0c
#define PP_EXT_SAMU             0x0e
#define PP_EXT_ACP              0x12
#define PP_EXT_POWERTUNE        0x14
#define PP_CLASS_UI_PERFORMANCE 0x0005
#define PP_CLASS_BOOT           0x0008
#define PP_PCIE_LINK_WIDTH_SHIFT 3      /* ulCapsAndSettings: lanes - 1 */
#define PP_POWERTUNE_REV        1       /* ATOM_PPLIB_POWERTUNE_Table_V1 */
#define PP_POWERTUNE_V1_SIZE    31
#define PP_MAX_SIZE             0x200

/* PowerTune limits (W, A) and the CAC leakage bounds. */
#define PP_TDP_W                250
#define PP_TDC_A                200
#define PP_LOW_CAC_LEAKAGE      100
#define PP_HIGH_CAC_LEAKAGE     200
/* UVD, VCE, SAMU and ACP clocks of their one DPM level (10 kHz). */
#define PP_MM_CLK_10KHZ         30000

/*
 * The SCLK and MCLK DPM levels (the dependency tables both drivers build
 * their level tables from), as per-mille of the FirmwareInfo default
 * clocks, which are the top levels and the boot levels; with their VDDC.
 * Three of each: radeon's ci_set_private_data_variables_based_on_pptable
 * indexes the MCLK table with the SCLK count, and the CAC leakage table
 * must be as long as the SCLK one.
 */
#define PP_NUM_LEVELS           3
static const uint16_t pp_sclk_permille[PP_NUM_LEVELS] = { 300, 600, 1000 };
static const uint16_t pp_mclk_permille[PP_NUM_LEVELS] = { 120, 500, 1000 };
static const uint16_t pp_level_vddc_mv[PP_NUM_LEVELS] = { 900, 1000, 1100 };

/* The variable-length strings and tables stay clear of their neighbours. */
_Static_assert(ROM_PART_NUMBER + AEMU_VBIOS_PART_NUMBER_MAX + 1 <= ROM_BIOS_ID,
               "part number overlaps the version anchor");
_Static_assert(ROM_BIOS_ID + sizeof(BIOS_ID_PREFIX BIOS_ID_VERSION) <=
               ROM_BOOT_MESSAGE, "version anchor overlaps the boot message");
_Static_assert(sizeof(BIOS_ID_VERSION) <= 32, "version longer than 31");
_Static_assert(ROM_BOOT_MESSAGE + AEMU_VBIOS_PART_NUMBER_MAX + 5 <= ROM_PCIR,
               "boot message overlaps the PCIR");
_Static_assert(ROM_PCIR % 4 == 0, "SeaBIOS warns about an unaligned PCIR");
_Static_assert(ROM_PCIR + PCIR_SIZE <= ROM_ATOM_HEADER, "PCIR overlap");
_Static_assert(ROM_ATOM_HEADER + ATOM_ROM_HEADER_SIZE <= ROM_CMD_MASTER,
               "ATOM header overlap");
_Static_assert(ROM_CMD_MASTER + ATOM_HDR_SIZE + 2 * CMD_TABLE_SLOTS <=
               ROM_DATA_MASTER, "command master overlap");
_Static_assert(ROM_DATA_MASTER + ATOM_HDR_SIZE + 2 * DATA_TABLE_SLOTS <=
               ROM_FIRMWARE_INFO, "data master overlap");
_Static_assert(ROM_FIRMWARE_INFO + FWI_SIZE <= ROM_ASIC_INIT,
               "FirmwareInfo overlap");
_Static_assert(ROM_ASIC_INIT + CT_EOT_ONLY_SIZE <= ROM_ENGINE_PLL &&
               ROM_ENGINE_PLL + CT_EOT_ONLY_SIZE <= ROM_MEMORY_CLOCK_PARAM &&
               ROM_MEMORY_CLOCK_PARAM + CT_EOT_ONLY_SIZE <=
               ROM_DYNAMIC_MEM_SETTINGS &&
               ROM_DYNAMIC_MEM_SETTINGS + CT_EOT_ONLY_SIZE <= ROM_POWERPLAY,
               "command table overlap");
_Static_assert(ROM_POWERPLAY + PP_MAX_SIZE <= ROM_IGP_INFO,
               "PowerPlayInfo overlaps IntegratedSystemInfo");
_Static_assert(ROM_IGP_INFO + IGP_SIZE < AEMU_VBIOS_IMAGE_SIZE,
               "IntegratedSystemInfo overlaps the checksum byte");
_Static_assert(ROM_IGP_INFO + IGP_SIZE <= ROM_VOLTAGE_OBJECT_INFO,
               "IntegratedSystemInfo overlaps VoltageObjectInfo");
_Static_assert(ROM_VOLTAGE_OBJECT_INFO + VOI_SIZE <= AEMU_VBIOS_CLOCK_CMD_OFF,
               "VoltageObjectInfo overlaps the RS780's clock tables");
_Static_assert(AEMU_VBIOS_CLOCK_CMD_OFF + AEMU_VBIOS_CLOCK_CMD_SIZE <=
               ROM_DISPLAY_OBJECTS,
               "the RS780's clock tables overlap the display objects");
_Static_assert(AEMU_VBIOS_IMAGE_SIZE % 512 == 0 &&
               AEMU_VBIOS_IMAGE_SIZE / 512 <= 0xff, "image length byte");
_Static_assert(AEMU_VBIOS_IMAGE_SIZE >= 1024 + 8, "string scans overrun");

/* 24-bit clock (10 kHz units) as PPLib stores it: u16 low, u8 high. */
static size_t put_clock24(uint8_t *b, size_t off, uint32_t clk)
{
    put16(b, off, clk & 0xffff);
    b[off + 2] = (clk >> 16) & 0xff;
    return off + 3;
}

/* A command table whose body is one END_OF_TABLE: outputs stay as passed. */
static void put_eot_table(uint8_t *b, size_t off, uint8_t frev, uint8_t crev)
{
    put_table_header(b, off, CT_EOT_ONLY_SIZE, frev, crev);
    b[off + CT_WS_OFF] = 0;
    b[off + CT_PS_OFF] = 0;
    b[off + CT_CODE_OFF] = ATOM_OP_EOT;
}

static int is_digit(char c)
{
    return c >= '0' && c <= '9';
}

/* "MM/DD/YY HH:MM": atom_get_vbios_date picks the digits by position. */
static int date_valid(const char *d)
{
    static const char shape[] = "00/00/00 00:00";

    if (!d || strlen(d) != DATE_LEN) {
        return 0;
    }
    for (size_t i = 0; i < DATE_LEN; i++) {
        if (shape[i] == '0' ? !is_digit(d[i]) : d[i] != shape[i]) {
            return 0;
        }
    }
    return 1;
}

/*
 * atom_get_vbios_pn copies characters while they lie in ' '..'z'; anything
 * else would silently cut the name the drivers report.
 */
static int part_number_valid(const char *pn)
{
    size_t n;

    if (!pn) {
        return 0;
    }
    n = strlen(pn);
    if (n == 0 || n > AEMU_VBIOS_PART_NUMBER_MAX) {
        return 0;
    }
    for (size_t i = 0; i < n; i++) {
        if (pn[i] < ' ' || pn[i] > 'z') {
            return 0;
        }
    }
    return 1;
}

int aemu_vbios_params_valid(const AemuVbiosParams *p)
{
    return p->vendor_id != 0 && p->vendor_id != 0xffff &&
           p->pci_class <= 0xffffff &&
           p->vram_mib != 0 &&
           p->default_sclk_10khz != 0 && p->default_mclk_10khz != 0 &&
           p->ref_clk_10khz != 0 &&
           part_number_valid(p->part_number) &&
           date_valid(p->date);
}

static void build_rom_frame(const AemuVbiosParams *p, uint8_t *b,
                            size_t pcir_off, size_t image_size)
{
    b[ROM_SIGNATURE] = 0x55;
    b[ROM_SIGNATURE + 1] = 0xaa;
    /*
     * Length in 512-byte units: SeaBIOS sizes and checksums the image with
     * it; cik_read_bios_from_rom's caller (amdgpu_read_bios_from_rom) reads
     * this many bytes through the SMC ROM port.
     */
    b[ROM_LENGTH_512] = image_size / 512;
    /*
     * SeaBIOS far-calls the entry point (as a boot-connection vector for a
     * non-VGA class, as the video BIOS for class 0x0300): return at once.
     */
    b[ROM_INIT_ENTRY] = X86_RETF;
    /*
     * Without an IndirectIOAccess table the ATOM parsers scan for IIO
     * programs from this byte; it must not be ATOM_IIO_START (1).
     */
    b[ROM_IIO_FALLBACK] = 0x00;
    put16(b, ROM_PCIR_PTR, (uint16_t)pcir_off);

    /* check_atom_bios (ROM-port path) and both ATOM parsers. */
    memcpy(b + ROM_ATI_MAGIC, ATI_MAGIC, strlen(ATI_MAGIC));
    /* check_atom_bios, radeon_get_bios, amdgpu_atom_parse, atom_parse. */
    put16(b, ROM_ATOM_HEADER_PTR, ROM_ATOM_HEADER);
    /* amdgpu's atom_get_vbios_date. */
    memcpy(b + ROM_DATE, p->date, DATE_LEN);
    /*
     * No string table (count 0 at 0x2f, pointer 0 at 0x6e): amdgpu's
     * atom_get_vbios_pn then reads the part number at 0x80, its
     * atom_get_vbios_name reports "--N/A--", and atom_get_vbios_version
     * searches from 0 up to the ATOM header.
     */
    b[ROM_NUM_STRINGS] = 0;
    put16(b, ROM_STRINGS_PTR, 0);
    /*
     * NUL-terminated and non-empty: an empty part number sends
     * atom_get_vbios_pn into a fallback that dereferences a bad pointer when
     * "ATOMBIOS" is missing from the first KiB.
     */
    memcpy(b + ROM_PART_NUMBER, p->part_number, strlen(p->part_number) + 1);
    /*
     * Starts with "ATOMBIOS", so that fallback would find it, and gives
     * atom_get_vbios_version a version string.
     */
    memcpy(b + ROM_BIOS_ID, BIOS_ID_PREFIX BIOS_ID_VERSION,
           strlen(BIOS_ID_PREFIX BIOS_ID_VERSION) + 1);
}

/*
 * radeon's atom_parse prints "ATOM BIOS: " and this message, after leading
 * CR/LF, up to the first character outside '.'..'z': spaces and dashes
 * would end it, so they become underscores.
 */
static void build_boot_message(const AemuVbiosParams *p, uint8_t *b)
{
    size_t off = ROM_BOOT_MESSAGE;
    const char *s = p->part_number;

    b[off++] = '\r';
    b[off++] = '\n';
    for (; *s; s++) {
        b[off++] = (*s >= '.' && *s <= 'z') ? (uint8_t)*s : '_';
    }
    b[off++] = '\r';
    b[off++] = '\n';
    b[off] = 0;
}

/*
 * pci_get_rom_size, radeon_get_bios and SeaBIOS read this. SeaBIOS only
 * runs an image whose vendor/device match the function; radeon refuses any
 * code type but x86.
 */
static void build_pcir(const AemuVbiosParams *p, uint8_t *b, size_t pcir_off,
                       size_t image_size)
{
    uint8_t *pcir = b + pcir_off;

    memcpy(pcir, "PCIR", 4);
    put16(pcir, PCIR_VENDOR, p->vendor_id);
    put16(pcir, PCIR_DEVICE, p->device_id);
    put16(pcir, PCIR_LENGTH, PCIR_SIZE);
    /* Class code bytes: programming interface, subclass, base class. */
    pcir[PCIR_CLASS] = p->pci_class & 0xff;
    pcir[PCIR_CLASS + 1] = (p->pci_class >> 8) & 0xff;
    pcir[PCIR_CLASS + 2] = (p->pci_class >> 16) & 0xff;
    put16(pcir, PCIR_IMAGE_LENGTH, image_size / 512);
    pcir[PCIR_CODE_TYPE] = PCIR_CODE_TYPE_X86;
    /* One image: pci_get_rom_size stops here. */
    pcir[PCIR_INDICATOR] = PCIR_LAST_IMAGE;
}

void aemu_vbios_build_frame(const AemuVbiosParams *p, uint8_t *b,
                            size_t pcir_off, size_t image_size)
{
    build_rom_frame(p, b, pcir_off, image_size);
    build_boot_message(p, b);
    build_pcir(p, b, pcir_off, image_size);
}

static uint32_t level_clock(uint32_t top, const uint16_t *permille, unsigned i)
{
    return (uint32_t)((uint64_t)top * permille[i] / 1000);
}

/*
 * Clock/voltage dependency table (r600_parse_clk_voltage_dep_table): the
 * PP_NUM_LEVELS levels of `top` scaled by permille, at the level voltages,
 * or at one voltage when mv is non-zero (VDDCI).
 */
static size_t put_dep_table(uint8_t *t, size_t off, uint32_t top,
                            const uint16_t *permille, uint16_t mv)
{
    t[off++] = PP_NUM_LEVELS;
    for (unsigned i = 0; i < PP_NUM_LEVELS; i++) {
        off = put_clock24(t, off, level_clock(top, permille, i));
        put16(t, off, mv ? mv : pp_level_vddc_mv[i]);
        off += 2;
    }
    return off;
}

/*
 * CAC leakage, one record per SCLK level. Non-EVV layout (CI): usVddc,
 * ulLeakageValue (mV). EVV layout (get_cac_leakage_table with the EVV cap,
 * Topaz): usVddc1, usVddc2, usVddc3 (mV), of which
 * iceland_populate_bapm_vddc_vid_sidd turns Vddc1 and Vddc2 into the low
 * and high SIDD VIDs: the level's own voltage for all three, as a part with
 * no leakage spread would have.
 */
static size_t put_cac_leakage(uint8_t *t, size_t off, int evv)
{
    t[off++] = PP_NUM_LEVELS;
    for (unsigned i = 0; i < PP_NUM_LEVELS; i++) {
        put16(t, off, pp_level_vddc_mv[i]);
        if (evv) {
            put16(t, off + 2, pp_level_vddc_mv[i]);
            put16(t, off + 4, pp_level_vddc_mv[i]);
        } else {
            put32(t, off + 2, pp_level_vddc_mv[i]);
        }
        off += PP_CAC_LEAKAGE_RECORD_SIZE;
    }
    return off;
}

/*
 * VoltageObjectInfo v3.1 for a VDDC on an SVI2 regulator: smu7_hwmgr sets
 * SMU7_VOLTAGE_CONTROL_BY_SVID2 from it, builds the VDDC table from the
 * PowerPlay dependency table (no GPIO lookup table needed), and
 * iceland_populate_smc_svi2_config requires it. Load line, PSI and the
 * VR-hot GPIOs are 0: nothing regulates in the model.
 */
static void build_voltage_object_info(uint8_t *t)
{
    uint8_t *obj = t + ATOM_HDR_SIZE;

    put_table_header(t, 0, VOI_SIZE, VOI_FREV, VOI_CREV);
    obj[VOI_OBJ_TYPE] = VOLTAGE_TYPE_VDDC;
    obj[VOI_OBJ_MODE] = VOLTAGE_OBJ_SVID2;
    put16(obj, VOI_OBJ_SIZE, VOI_SVID2_OBJECT_SIZE);
}

/* ATOM_PPLIB_CI_CLOCK_INFO: the clocks, PCIe gen 1 x16. */
static size_t put_ci_clock_info(uint8_t *t, size_t off, uint32_t sclk,
                                uint32_t mclk)
{
    off = put_clock24(t, off, sclk);
    off = put_clock24(t, off, mclk);
    t[off++] = 0;                               /* ucPCIEGen */
    put16(t, off, 16);                          /* usPCIELane */
    return off + 2;
}

/* ATOM_PPLIB_NONCLOCK_INFO v2: classification, x16, no UVD clocks. */
static size_t put_nonclock_info(uint8_t *t, size_t off, uint16_t class)
{
    put16(t, off, class);
    put32(t, off + 4, (16 - 1) << PP_PCIE_LINK_WIDTH_SHIFT);
    return off + PP_NONCLOCK_INFO_SIZE;
}

/*
 * PowerPlayInfo as radeon's ci_dpm and amdgpu's powerplay (PPLib v0,
 * processpptables.c) read it for CI (PPLib table v6 with the
 * POWERPLAYTABLE5 extensions):
 *  - two states: boot, one level at the FirmwareInfo clocks (both drivers
 *    find their boot level there), and performance (ci_setup_default_pcie_tables
 *    and smu7_setup_default_pcie_table want one), two levels from the
 *    lowest to the top DPM level, so that trimming the level tables to the
 *    state (ci_trim_dpm_states, smu7_trim_dpm_states) keeps them all;
 *  - r600_parse_extended_power_table: the VDDC-on-SCLK, VDDCI-on-MCLK and
 *    VDDC-on-MCLK tables with PP_NUM_LEVELS levels each (the SCLK and MCLK
 *    DPM levels), a CAC leakage table as long as the SCLK one
 *    (ci_populate_bapm_vddc_vid_sidd), and in the extended header one
 *    level each for VCE, UVD, SAMU and ACP (ci_populate_smc_*_level fail on
 *    an empty table) and the PowerTune limits (ci_populate_tdc_limit and
 *    ci_enable_power_containment dereference them unchecked);
 *  - no thermal controller and no fan (the NOFAN bit: amdgpu's powerplay
 *    otherwise offers fan control and hwmon fan files, radeon ignores it);
 *  - a one-record VDDC phase-shedding table (powerplay needs it on CI);
 *  - no fan table, ULV state, VDDCI or MVDD control, platform caps or PPM
 *    table: each only turns a feature off.
 * Returns the table size.
 */
static size_t build_powerplay(const AemuVbiosParams *p, uint8_t *t)
{
    size_t off = PP5_SIZE;
    size_t ext, vce, uvd, samu, acp, pt;
    uint32_t top_sclk = p->default_sclk_10khz, top_mclk = p->default_mclk_10khz;

    t[PP_DATA_REVISION] = 0;
    t[PP_NUM_STATES] = 2;
    t[PP_STATE_ENTRY_SIZE] = 4;                 /* ATOM_PPLIB_STATE_V2, 2 levels */
    t[PP_CLOCK_INFO_SIZE] = PP_CI_CLOCK_INFO_SIZE;
    t[PP_NONCLOCK_SIZE] = PP_NONCLOCK_INFO_SIZE;
    put16(t, PP_TABLE_SIZE, PP5_SIZE);
    /*
     * No platform caps on CI. Topaz's: EVV, which set_platform_caps would
     * otherwise clear from what topaz_set_asic_special_caps set, and
     * without which iceland_populate_bapm_vddc_vid_sidd fails the SMC
     * table ("Iceland should always support EVV"); it also selects the
     * EVV layout of the CAC leakage table.
     */
    put32(t, PP_PLATFORM_CAPS, p->vi_svi2_evv ? PP_PLATFORM_CAP_EVV : 0);
    t[PP_FAN_PARAMETERS] = PP_FAN_PARAMETERS_NOFAN;
    put32(t, PP_TDP_LIMIT, PP_TDP_W);
    put32(t, PP_NEAR_TDP_LIMIT, PP_TDP_W);

    /*
     * StateArray (ATOM_PPLIB_STATE_V2: levels, non-clock index, clock
     * indices): boot = {top}, performance = {lowest, top}.
     */
    put16(t, PP_STATE_ARRAY, off);
    t[off++] = 2;
    t[off++] = 1;
    t[off++] = 0;
    t[off++] = 1;
    t[off++] = 2;
    t[off++] = 1;
    t[off++] = 0;
    t[off++] = 1;

    /* ClockInfoArray: 0 = the lowest DPM levels, 1 = the top ones. */
    put16(t, PP_CLOCK_INFO_ARRAY, off);
    t[off++] = 2;
    t[off++] = PP_CI_CLOCK_INFO_SIZE;
    off = put_ci_clock_info(t, off, level_clock(top_sclk, pp_sclk_permille, 0),
                            level_clock(top_mclk, pp_mclk_permille, 0));
    off = put_ci_clock_info(t, off, top_sclk, top_mclk);

    /* NonClockInfoArray: 0 = boot, 1 = performance. */
    put16(t, PP_NONCLOCK_ARRAY, off);
    t[off++] = 2;
    t[off++] = PP_NONCLOCK_INFO_SIZE;
    off = put_nonclock_info(t, off, PP_CLASS_BOOT);
    off = put_nonclock_info(t, off, PP_CLASS_UI_PERFORMANCE);

    put16(t, PP_VDDC_ON_SCLK, off);
    off = put_dep_table(t, off, top_sclk, pp_sclk_permille, 0);
    put16(t, PP_VDDCI_ON_MCLK, off);
    off = put_dep_table(t, off, top_mclk, pp_mclk_permille, VDDCI_MV);
    put16(t, PP_VDDC_ON_MCLK, off);
    off = put_dep_table(t, off, top_mclk, pp_mclk_permille, 0);

    /*
     * VDDC phase-shedding limits: powerplay sets vddc_phase_shed_control on
     * every CI part (smu7_init_dpm_defaults) and ci_populate_single_graphic_level
     * reads this table without a NULL check. One record, up to the top
     * clocks at the top voltage: every level runs on all phases. radeon
     * only copies it into the SMC table too.
     */
    put16(t, PP_PHASE_SHED_LIMITS, off);
    t[off++] = 1;
    put16(t, off, pp_level_vddc_mv[PP_NUM_LEVELS - 1]);
    off = put_clock24(t, off + 2, top_sclk);
    off = put_clock24(t, off, top_mclk);

    put16(t, PP_CAC_LEAKAGE, off);
    off = put_cac_leakage(t, off, p->vi_svi2_evv);

    /* Extended header, V7 size: VCE, UVD, SAMU, ACP, PowerTune. */
    ext = off;
    put16(t, PP_EXT_HEADER, ext);
    put16(t, ext, PP_EXT_HEADER_SIZE);
    put32(t, ext + 2, top_sclk);                /* ulMaxEngineClock */
    put32(t, ext + 6, top_mclk);                /* ulMaxMemoryClock */
    off = ext + PP_EXT_HEADER_SIZE;

    /* VCE: revid, clock array, voltage limits, states. */
    vce = off;
    t[off++] = 0;
    t[off++] = 1;
    off = put_clock24(t, off, PP_MM_CLK_10KHZ);  /* evclk */
    off = put_clock24(t, off, PP_MM_CLK_10KHZ);  /* ecclk */
    t[off++] = 1;
    put16(t, off, VDDC_MV);
    t[off + 2] = 0;                             /* clock array index */
    off += 3;
    t[off++] = 1;
    t[off++] = 0;                               /* VCE clock index */
    t[off++] = 0;                               /* state clock index */

    /* UVD: revid, clock array, voltage limits. */
    uvd = off;
    t[off++] = 0;
    t[off++] = 1;
    off = put_clock24(t, off, PP_MM_CLK_10KHZ);  /* vclk */
    off = put_clock24(t, off, PP_MM_CLK_10KHZ);  /* dclk */
    t[off++] = 1;
    put16(t, off, VDDC_MV);
    t[off + 2] = 0;
    off += 3;

    /* SAMU and ACP: revid, voltage limits {usVoltage, clock}. */
    samu = off;
    t[off++] = 0;
    t[off++] = 1;
    put16(t, off, VDDC_MV);
    off = put_clock24(t, off + 2, PP_MM_CLK_10KHZ);
    acp = off;
    t[off++] = 0;
    t[off++] = 1;
    put16(t, off, VDDC_MV);
    off = put_clock24(t, off + 2, PP_MM_CLK_10KHZ);

    /* PowerTune v1: TDP, configurable TDP, TDC, limits, CAC, max power. */
    pt = off;
    t[off++] = PP_POWERTUNE_REV;
    put16(t, off, PP_TDP_W);
    put16(t, off + 2, PP_TDP_W);
    put16(t, off + 4, PP_TDC_A);
    put16(t, off + 6, PP_TDP_W);                /* battery power limit */
    put16(t, off + 8, PP_TDP_W);                /* small power limit */
    put16(t, off + 10, PP_LOW_CAC_LEAKAGE);
    put16(t, off + 12, PP_HIGH_CAC_LEAKAGE);
    put16(t, off + 14, PP_TDP_W);               /* max power delivery */
    off = pt + PP_POWERTUNE_V1_SIZE;

    put16(t, ext + PP_EXT_VCE, vce);
    put16(t, ext + PP_EXT_UVD, uvd);
    put16(t, ext + PP_EXT_SAMU, samu);
    put16(t, ext + PP_EXT_ACP, acp);
    put16(t, ext + PP_EXT_POWERTUNE, pt);

    put_table_header(t, 0, off, PP_TABLE_FREV, PP_TABLE_CREV);
    return off;
}

/*
 * IntegratedSystemInfo v1.2 for an R600-era IGP. rs690_pm_info reads the
 * UMA clock and the HT link (its bandwidth figures for the display
 * watermarks); radeon_atombios_sideport_present reads the sideport clock,
 * 0: no sideport memory, the "VRAM" is all UMA (and r600_mc_init may then
 * use the K8 direct mapping, which radeon leaves off by default).
 */
static void build_igp_info(const AemuVbiosParams *p, uint8_t *t)
{
    put_table_header(t, 0, IGP_SIZE, 1, 2);
    put32(t, IGP_BOOT_SCLK, p->default_sclk_10khz);
    put32(t, IGP_BOOT_UMA_CLK, p->igp_uma_clk_10khz);
    put32(t, IGP_BOOT_SIDEPORT_CLK, 0);
    t[IGP_MEMORY_TYPE] = IGP_MEMORY_TYPE_DDR2;
    t[IGP_UMA_CHANNELS] = IGP_UMA_CHANNEL_COUNT;
    put32(t, IGP_HT_LINK_FREQ, p->igp_ht_link_freq_10khz);
    put16(t, IGP_MIN_HT_LINK_WIDTH, p->igp_ht_link_width);
    put16(t, IGP_MAX_HT_LINK_WIDTH, p->igp_ht_link_width);
}

static bool build_atom_tables(const AemuVbiosParams *p, uint8_t *b)
{
    uint8_t *hdr = b + ROM_ATOM_HEADER;
    uint8_t *fwi = b + ROM_FIRMWARE_INFO;
    uint8_t *asic_init = b + ROM_ASIC_INIT;

    /* ATOM_ROM_HEADER: the parsers use only the magic and three pointers. */
    put_table_header(hdr, 0, ATOM_ROM_HEADER_SIZE, 1, 1);
    memcpy(hdr + ATOM_ROM_MAGIC_OFF, "ATOM", 4);
    put16(hdr, ATOM_ROM_MSG_OFF, ROM_BOOT_MESSAGE);
    put16(hdr, ATOM_ROM_CMD_OFF, ROM_CMD_MASTER);
    put16(hdr, ATOM_ROM_DATA_OFF, ROM_DATA_MASTER);

    /*
     * Master command table. ASIC_Init is the one table executed: by
     * amdgpu_atom_asic_init when BIOS_SCRATCH_7 says "not posted" (after a
     * config-space reset), and by radeon's atom_asic_init on every CI probe
     * under a hypervisor and on every resume.
     */
    put_table_header(b, ROM_CMD_MASTER,
                     ATOM_HDR_SIZE + 2 * CMD_TABLE_SLOTS, 1, 1);
    put16(b, ROM_CMD_MASTER + ATOM_HDR_SIZE + 2 * CMD_SLOT_ASIC_INIT,
          ROM_ASIC_INIT);
    /*
     * The PLL calculators radeon's DPM calls while it fills the SMC's
     * tables (radeon_atom_get_clock_dividers, v1.6 for CI, and
     * radeon_atom_get_memory_pll_dividers, v2.1): they must exist, or
     * ci_init_smc_table fails. Their bodies are one END_OF_TABLE, so every
     * divider comes back 0; the SMC model does not program PLLs.
     */
    put16(b, ROM_CMD_MASTER + ATOM_HDR_SIZE + 2 * CMD_SLOT_ENGINE_PLL,
          ROM_ENGINE_PLL);
    put16(b, ROM_CMD_MASTER + ATOM_HDR_SIZE + 2 * CMD_SLOT_MEMORY_CLOCK,
          ROM_MEMORY_CLOCK_PARAM);
    /*
     * amdgpu's powerplay (ci_program_memory_timing_parameters, through
     * atomctrl_set_engine_dram_timings_rv770) runs DynamicMemorySettings
     * for every SCLK x MCLK level and abandons ci_init_smc_table, before
     * the SMC is started, when it fails; radeon ignores its result. On a
     * board it programs the MC arbiter's DRAM timings, which the driver
     * then reads back from MC_ARB_DRAM_TIMING*: the model's arbiter is
     * storage with no timing, so the body is one END_OF_TABLE too.
     */
    put16(b, ROM_CMD_MASTER + ATOM_HDR_SIZE + 2 * CMD_SLOT_DYNAMIC_MEM,
          ROM_DYNAMIC_MEM_SETTINGS);

    /*
     * Master data table. FirmwareInfo is the one table whose absence is
     * fatal: amdgpu_device_init fails when amdgpu_atombios_get_clock_info
     * finds no FirmwareInfo, and both asic_init paths read its clocks.
     */
    put_table_header(b, ROM_DATA_MASTER,
                     ATOM_HDR_SIZE + 2 * DATA_TABLE_SLOTS, 1, 1);
    put16(b, ROM_DATA_MASTER + ATOM_HDR_SIZE + 2 * DATA_SLOT_FIRMWARE_INFO,
          ROM_FIRMWARE_INFO);
    /*
     * radeon's DPM (radeon_pm_init_dpm, ci_dpm_init), see build_powerplay;
     * on the RS780 its profile method (vbios_pplib_rs780.c).
     */
    if (p->rs780_powerplay || !p->no_powerplay) {
        put16(b, ROM_DATA_MASTER + ATOM_HDR_SIZE + 2 * DATA_SLOT_POWERPLAY,
              ROM_POWERPLAY);
    }
    if (p->igp_uma_clk_10khz) {
        put16(b, ROM_DATA_MASTER + ATOM_HDR_SIZE + 2 * DATA_SLOT_IGP_INFO,
              ROM_IGP_INFO);
        build_igp_info(p, b + ROM_IGP_INFO);
    }
    if (p->vi_svi2_evv) {
        put16(b, ROM_DATA_MASTER + ATOM_HDR_SIZE + 2 * DATA_SLOT_VOLTAGE_OBJECT,
              ROM_VOLTAGE_OBJECT_INFO);
        build_voltage_object_info(b + ROM_VOLTAGE_OBJECT_INFO);
    }

    /*
     * FirmwareInfo v2.2, the revision CIK boards carry (radeon's
     * ci_get_vbios_boot_values casts it to the v2.2 layout). The drivers
     * read it through the older union members, whose offsets coincide for
     * every field set here. Zero fields make the drivers apply their own
     * defaults (PLL limits, display clock, max pixel clock, VCO).
     */
    put_table_header(fwi, 0, FWI_SIZE, 2, 2);
    /* amdgpu_atom_parse: ctx->version, shown in devcoredumps. */
    put32(fwi, FWI_FRMW_REVISION, FWI_REVISION_AEMU);
    /*
     * amdgpu_atom_asic_init and atom_asic_init pass these as ASIC_Init's
     * parameters and refuse to run it if either is 0 (amdgpu then fails
     * "gpu post error!"); both drivers also take them as the default and
     * current clocks (radeon's profile power state uses them as its only
     * state).
     */
    put32(fwi, FWI_DEFAULT_SCLK, p->default_sclk_10khz);
    put32(fwi, FWI_DEFAULT_MCLK, p->default_mclk_10khz);
    /*
     * The pixel-PLL reference (usReferenceClock, same offset) and the
     * system-PLL reference: cik_get_xclk in both drivers returns it as the
     * GPU timestamp frequency userspace divides by.
     */
    put16(fwi, FWI_CORE_REF_CLK, p->ref_clk_10khz);
    /* Memory-PLL reference (amdgpu mpll, radeon mpll on DCE4+). */
    put16(fwi, FWI_MEMORY_REF_CLK, p->ref_clk_10khz);
    /*
     * Boot voltages (mV): ci_get_vbios_boot_values puts them into the SMC
     * table's boot level; radeon_atombios_get_default_voltages patches the
     * boot power state with VDDC.
     */
    put16(fwi, FWI_BOOT_VDDC, VDDC_MV);
    put16(fwi, FWI_BOOT_VDDCI, VDDCI_MV);
    put16(fwi, FWI_BOOT_MVDDC, MVDDC_MV);
    /* A part with a display connector: what DC's mode set computes with. */
    if (p->dvi_connector) {
        put32(fwi, FWI_MIN_PIXEL_PLL_OUTPUT, PIXEL_PLL_OUT_MIN_10KHZ);
        put32(fwi, FWI_MAX_PIXEL_PLL_OUTPUT, PIXEL_PLL_OUT_MAX_10KHZ);
        put16(fwi, FWI_MIN_PIXEL_PLL_INPUT, PIXEL_PLL_IN_MIN_10KHZ);
        put16(fwi, FWI_MAX_PIXEL_PLL_INPUT, PIXEL_PLL_IN_MAX_10KHZ);
    }

    /*
     * ASIC_Init: no workspace, no parameter space, and a body that is one
     * END_OF_TABLE. Both interpreters run the opcode (a no-op) and return 0.
     */
    put_eot_table(asic_init, 0, 1, 1);
    put_eot_table(b, ROM_ENGINE_PLL, 1, 6);
    put_eot_table(b, ROM_MEMORY_CLOCK_PARAM, 2, 1);
    put_eot_table(b, ROM_DYNAMIC_MEM_SETTINGS, 1, 1);

    if (p->rs780_powerplay) {
        /*
         * Its ASIC_Init (replacing the one above) sets the default engine
         * clock through SetEngineClock.
         */
        if (!aemu_vbios_build_rs780_powerplay(p, b + ROM_POWERPLAY,
                                              PP_MAX_SIZE) ||
            !aemu_vbios_build_rs780_clock_cmds(b, ROM_CMD_MASTER,
                                               ROM_ASIC_INIT,
                                               ROM_ENGINE_PLL - ROM_ASIC_INIT,
                                               p->ref_clk_10khz)) {
            return false;
        }
    } else if (!p->no_powerplay) {
        build_powerplay(p, b + ROM_POWERPLAY);
    }
    aemu_vbios_build_display(b, ROM_DATA_MASTER, p->dvi_connector);
    /* A connector's mode set: DC runs these (vbios_display_cmd.c). */
    if (p->dvi_connector &&
        !aemu_vbios_build_display_cmds(b, ROM_CMD_MASTER)) {
        return false;
    }
    return true;
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

size_t aemu_vbios_build(const AemuVbiosParams *p, uint8_t *buf, size_t cap)
{
    if (!p || !buf || cap < AEMU_VBIOS_IMAGE_SIZE ||
        !aemu_vbios_params_valid(p)) {
        return 0;
    }
    memset(buf, 0, AEMU_VBIOS_IMAGE_SIZE);
    aemu_vbios_build_frame(p, buf, ROM_PCIR, AEMU_VBIOS_IMAGE_SIZE);
    if (!build_atom_tables(p, buf)) {
        return 0;
    }
    set_checksum(buf, AEMU_VBIOS_IMAGE_SIZE);
    return AEMU_VBIOS_IMAGE_SIZE;
}
