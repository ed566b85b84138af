/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Unit tests of the synthetic atomfirmware VBIOS for Vega10
 * (core/vbios_atomfirmware.c), read the way Linux 6.12 reads it: SeaBIOS's
 * option-ROM checks, pci_get_rom_size, amdgpu's check_atom_bios,
 * amdgpu_atom_parse and its string helpers, amdgpu_atom_parse_data_header
 * and the amdgpu_atomfirmware.c readers, amdgpu_device_need_post and
 * amdgpu_atom_asic_init. Each expectation names the driver function that
 * needs it. Offsets are the readers' fixed ones or the atomfirmware.h
 * structure offsets; table positions are found through the image's own
 * pointers.
 */
#include <glib.h>
#include <stdbool.h>
#include <string.h>
#include "vbios_atomfirmware.h"

/* Reader-side constants (atom.h, atombios.h, drivers/pci/rom.c). */
#define ROM_SIG                 0xaa55
#define ROM_BLOCK               512
#define X86_RETF                0xcb
#define PCIR_PTR                0x18
#define PCIR_SIGNATURE          0x52494350u
#define PCIR_VENDOR             0x04
#define PCIR_DEVICE             0x06
#define PCIR_LENGTH             0x0a
#define PCIR_CLASS              0x0d
#define PCIR_IMAGE_LENGTH       0x10
#define PCIR_CODE_TYPE          0x14
#define PCIR_INDICATOR          0x15
#define PCIR_LAST_IMAGE         0x80
#define PCIR_SIZE               0x18
#define ATOM_ROM_TABLE_PTR      0x48
#define ATOM_ATI_MAGIC_PTR      0x30
#define ATOM_ATI_MAGIC          " 761295520"
#define ATOM_ROM_MAGIC_PTR      4
#define ATOM_ROM_CMD_PTR        0x1e
#define ATOM_ROM_DATA_PTR       0x20
#define ATOM_DATA_IIO_PTR       0x32
#define ATOM_IIO_START          1
#define ATOM_CT_WS_PTR          4
#define ATOM_CT_PS_PTR          5
#define ATOM_CT_CODE_PTR        6
#define ATOM_OP_EOT             0x5b
#define ATOM_FWI_DEFSCLK_PTR    8
#define ATOM_FWI_DEFMCLK_PTR    12
#define NUM_STRINGS_OFF         0x2f
#define STRINGS_START_OFF       0x6e
#define PART_NUMBER_OFF         0x80
#define DATE_OFF                0x50
#define BIOS_STRING_LENGTH      43
#define ATOM_HDR_SIZE           4
#define ATOM_S7_ASIC_INIT_COMPLETE_MASK 0x200u

/* atom_rom_header_v2_2 and the v2.1 master lists (atomfirmware.h). */
#define ROM_HEADER_V2_2_SIZE    0x28
#define CMD_SLOTS               81
#define DATA_SLOTS              35
#define CMD_ASIC_INIT           0
#define DATA_FIRMWAREINFO       4
#define DATA_SMU_INFO           8
#define DATA_VRAM_USAGEBYFW     11
#define DATA_GFX_INFO           14
#define DATA_POWERPLAYINFO      15
#define DATA_DISPLAYOBJECTINFO  22
#define DATA_INDIRECTIOACCESS   23
#define DATA_UMC_INFO           24
#define DATA_VRAM_INFO          28

/* atom_firmware_info_v3_1 */
#define FWI_V3_1_SIZE           0x48
#define FWI_BOOTUP_SCLK         0x08
#define FWI_BOOTUP_MCLK         0x0c
#define FWI_CAPABILITY          0x10
#define FWI_SCRATCH_START       0x18
#define FW_CAP_GPU_VIRT         0x00000002u
#define FW_CAP_SRAM_ECC         0x00000200u
#define FW_CAP_DYNAMIC_BOOT_CFG 0x00020000u
/* atom_smu_info_v3_1 */
#define SMU_CORE_REFCLK         0x10
/* atom_umc_info_v3_1 */
#define UMC_VRAM_TYPE           0x1a
#define UMC_CONFIG              0x1b
#define UMC_MEM_REFCLK          0x1c
#define UMC_CONFIG_DEFAULT_MEM_ECC_ENABLE 0x02
/* atom_vram_info_header_v2_3, atom_vram_module_v9 */
#define VRI_MODULE_NUM          0x14
#define VRI_MODULES             0x18
#define VRM_MEMORY_SIZE         0x00
#define VRM_MODULE_SIZE         0x14
#define VRM_MEMORY_TYPE         0x17
#define VRM_CHANNEL_NUM         0x18
#define VRM_CHANNEL_WIDTH       0x19
#define ATOM_DGPU_VRAM_TYPE_HBM2 0x60
#define VEGA10_HBM2_WIDTH_BITS  2048

/* The map's choice (section 1.1) and the project's boot values. */
static const AemuVbiosParams vega10 = {
    .vendor_id = 0x1002,
    .device_id = 0x687f,
    .pci_class = 0x030000,
    .vram_mib = 8192,
    .default_sclk_10khz = 85200,
    .default_mclk_10khz = 94500,
    .ref_clk_10khz = 2700,
    .part_number = "AMDGPU-EMU VEGA10",
    .date = "12/05/26 00:00",
};

static uint16_t rd16(const uint8_t *b, size_t off)
{
    return (uint16_t)(b[off] | b[off + 1] << 8);
}

static uint32_t rd32(const uint8_t *b, size_t off)
{
    return rd16(b, off) | (uint32_t)rd16(b, off + 2) << 16;
}

/* A search that, unlike strstr, looks past NUL bytes. */
static bool contains(const uint8_t *hay, size_t len, const char *needle)
{
    size_t n = strlen(needle);

    for (size_t i = 0; i + n <= len; i++) {
        if (!memcmp(hay + i, needle, n)) {
            return true;
        }
    }
    return false;
}

static uint8_t *build(const AemuVbiosParams *p, size_t *size)
{
    uint8_t *b = g_malloc0(AEMU_VBIOS_ATOMFW_IMAGE_SIZE);

    *size = aemu_vbios_atomfirmware_build(p, b, AEMU_VBIOS_ATOMFW_IMAGE_SIZE);
    g_assert_cmpuint(*size, ==, AEMU_VBIOS_ATOMFW_IMAGE_SIZE);
    return b;
}

static size_t data_master(const uint8_t *b)
{
    return rd16(b, rd16(b, ATOM_ROM_TABLE_PTR) + ATOM_ROM_DATA_PTR);
}

static size_t cmd_master(const uint8_t *b)
{
    return rd16(b, rd16(b, ATOM_ROM_TABLE_PTR) + ATOM_ROM_CMD_PTR);
}

/*
 * amdgpu_atom_parse_data_header: the u16 at data_table + 4 + 2 * index;
 * 0 means absent. Returns the table offset and its header fields, and
 * checks the whole table lies in the image (the driver trusts it).
 */
static size_t data_table(const uint8_t *b, size_t size, unsigned index,
                         uint16_t *tsize, uint8_t *frev, uint8_t *crev)
{
    size_t off = rd16(b, data_master(b) + ATOM_HDR_SIZE + 2 * index);

    if (!off) {
        return 0;
    }
    *tsize = rd16(b, off);
    *frev = b[off + 2];
    *crev = b[off + 3];
    g_assert_cmpuint(off + *tsize, <, size);
    return off;
}

/* drivers/pci/rom.c pci_get_rom_size over a ROM BAR window. */
static size_t pci_rom_size(const uint8_t *rom, size_t window)
{
    size_t image = 0;
    unsigned length;
    int last;

    do {
        size_t pds;

        if (rd16(rom, image) != ROM_SIG) {
            break;
        }
        pds = image + rd16(rom, image + PCIR_PTR);
        g_assert_cmpuint(pds + PCIR_SIZE, <=, window);
        if (rd32(rom, pds) != PCIR_SIGNATURE) {
            break;
        }
        last = rom[pds + PCIR_INDICATOR] & PCIR_LAST_IMAGE;
        length = rd16(rom, pds + PCIR_IMAGE_LENGTH);
        image += (size_t)length * ROM_BLOCK;
        if (image >= window) {
            break;
        }
    } while (length && !last);
    return MIN(image, window);
}

static void test_option_rom(void)
{
    size_t size, pcir;
    uint8_t *b = build(&vega10, &size);
    uint8_t sum = 0;

    /* SeaBIOS: signature, length byte, checksum, init entry. */
    g_assert_cmphex(rd16(b, 0), ==, ROM_SIG);
    g_assert_cmpuint((size_t)b[2] * ROM_BLOCK, ==, size);
    g_assert_cmphex(b[3], ==, X86_RETF);
    for (size_t i = 0; i < size; i++) {
        sum += b[i];
    }
    g_assert_cmphex(sum, ==, 0);

    /* SeaBIOS matches the PCIR ids against the function it runs for. */
    pcir = rd16(b, PCIR_PTR);
    g_assert_cmpuint(pcir % 4, ==, 0);
    g_assert_cmphex(rd32(b, pcir), ==, PCIR_SIGNATURE);
    g_assert_cmphex(rd16(b, pcir + PCIR_VENDOR), ==, 0x1002);
    g_assert_cmphex(rd16(b, pcir + PCIR_DEVICE), ==, 0x687f);
    g_assert_cmpuint(rd16(b, pcir + PCIR_LENGTH), ==, PCIR_SIZE);
    /* Class 03 00 00 (VGA), bytes programming interface first. */
    g_assert_cmphex(b[pcir + PCIR_CLASS], ==, 0x00);
    g_assert_cmphex(b[pcir + PCIR_CLASS + 1], ==, 0x00);
    g_assert_cmphex(b[pcir + PCIR_CLASS + 2], ==, 0x03);
    g_assert_cmphex(b[pcir + PCIR_CODE_TYPE], ==, 0);
    /* pci_map_rom: the image walk ends at this image, whatever the BAR. */
    g_assert_cmpuint(pci_rom_size(b, size), ==, size);
    g_free(b);
}

/* amdgpu check_atom_bios and amdgpu_atom_parse, up to the IIO index. */
static void test_atom_parse(void)
{
    size_t size, hdr, cmd, data;
    uint8_t *b = build(&vega10, &size);

    /* check_atom_bios / amdgpu_atom_parse: ATI magic, "ATOM" at hdr + 4. */
    g_assert_cmpmem(b + ATOM_ATI_MAGIC_PTR, strlen(ATOM_ATI_MAGIC),
                    ATOM_ATI_MAGIC, strlen(ATOM_ATI_MAGIC));
    hdr = rd16(b, ATOM_ROM_TABLE_PTR);
    g_assert_cmpuint(hdr, !=, 0);
    g_assert_cmpuint(hdr + ROM_HEADER_V2_2_SIZE, <=, size);
    g_assert_cmpmem(b + hdr + ATOM_ROM_MAGIC_PTR, 4, "ATOM", 4);
    /* atom_rom_header_v2_2 as atomfirmware images carry it. */
    g_assert_cmpuint(rd16(b, hdr), ==, ROM_HEADER_V2_2_SIZE);
    g_assert_cmpuint(b[hdr + 2], ==, 2);
    g_assert_cmpuint(b[hdr + 3], ==, 2);

    /* amdgpu_atom_parse: ctx->cmd_table and ctx->data_table. */
    cmd = cmd_master(b);
    data = data_master(b);
    g_assert_cmpuint(cmd, !=, 0);
    g_assert_cmpuint(data, !=, 0);
    g_assert_cmpuint(rd16(b, cmd), ==, ATOM_HDR_SIZE + 2 * CMD_SLOTS);
    g_assert_cmpuint(rd16(b, data), ==, ATOM_HDR_SIZE + 2 * DATA_SLOTS);
    g_assert_cmpuint(cmd + rd16(b, cmd), <=, size);
    g_assert_cmpuint(data + rd16(b, data), <=, size);
    /* v2.1 master lists (atom_master_data_table_v2_1). */
    g_assert_cmpuint(b[data + 2], ==, 2);
    g_assert_cmpuint(b[data + 3], ==, 1);
    g_assert_cmpuint(b[cmd + 2], ==, 2);
    g_assert_cmpuint(b[cmd + 3], ==, 1);

    /*
     * atom_index_iio: with no indirectioaccess entry it scans from ROM
     * byte 0 + 4, which must not start an IIO program.
     */
    g_assert_cmpuint(rd16(b, data + ATOM_DATA_IIO_PTR), ==, 0);
    g_assert_cmpuint(b[4], !=, ATOM_IIO_START);
    g_free(b);
}

/* atom.c: atom_get_vbios_name / _pn / _date / _version. */
static void test_strings(void)
{
    size_t size, n = 0;
    uint8_t *b = build(&vega10, &size);
    char pn[BIOS_STRING_LENGTH + 1] = { 0 };

    /* No string table: the helpers take the fixed-offset fallbacks. */
    g_assert_cmpuint(b[NUM_STRINGS_OFF], ==, 0);
    g_assert_cmpuint(rd16(b, STRINGS_START_OFF), ==, 0);
    /* atom_get_vbios_pn: copies ' '..'z' up to 43 characters. */
    while (n < BIOS_STRING_LENGTH && b[PART_NUMBER_OFF + n] >= ' ' &&
           b[PART_NUMBER_OFF + n] <= 'z') {
        pn[n] = (char)b[PART_NUMBER_OFF + n];
        n++;
    }
    g_assert_cmpstr(pn, ==, "AMDGPU-EMU VEGA10");
    /* atom_get_vbios_date: digits by position. */
    g_assert_cmpmem(b + DATE_OFF, strlen(vega10.date), vega10.date,
                    strlen(vega10.date));
    /* atom_get_vbios_version searches the bytes before the ROM header. */
    g_assert_true(contains(b, rd16(b, ATOM_ROM_TABLE_PTR),
                           "ATOMBIOSBK-AMD VER"));
    /* atom_get_vbios_pn's fallback wants "ATOMBIOS" in bytes 3..1024. */
    g_assert_true(contains(b + 3, 1024 - 3, "ATOMBIOS"));
    /* The boot message the ROM header points at carries the name. */
    g_assert_true(contains(b, size, "AMDGPU_EMU_VEGA10"));
    g_free(b);
}

/*
 * amdgpu_atomfirmware_scratch_regs_init, _query_firmware_capability,
 * _get_clock_info and amdgpu_device_need_post.
 */
static void test_firmware_info(void)
{
    size_t size, fwi;
    uint8_t *b = build(&vega10, &size);
    uint16_t tsize;
    uint8_t frev, crev;
    uint32_t caps;

    fwi = data_table(b, size, DATA_FIRMWAREINFO, &tsize, &frev, &crev);
    g_assert_cmpuint(fwi, !=, 0);
    /* query_firmware_capability reads v3.1 fields only for frev 3, crev >= 1. */
    g_assert_cmpuint(frev, ==, 3);
    g_assert_cmpuint(crev, ==, 1);
    g_assert_cmpuint(tsize, ==, FWI_V3_1_SIZE);
    /* get_clock_info: default_sclk / default_mclk. */
    g_assert_cmpuint(rd32(b, fwi + FWI_BOOTUP_SCLK), ==, vega10.default_sclk_10khz);
    g_assert_cmpuint(rd32(b, fwi + FWI_BOOTUP_MCLK), ==, vega10.default_mclk_10khz);
    /*
     * firmware_flags: no SR-IOV (amdgpu_device_detect_sriov_bios), no SRAM
     * ECC (amdgpu_ras_query_ras_capablity_from_vbios), no dynamic boot
     * config (psp).
     */
    caps = rd32(b, fwi + FWI_CAPABILITY);
    g_assert_cmphex(caps & (FW_CAP_GPU_VIRT | FW_CAP_SRAM_ECC |
                            FW_CAP_DYNAMIC_BOOT_CFG), ==, 0);
    /*
     * scratch_regs_init: bios_scratch_reg_offset = NBIO BIOS_SCRATCH_0;
     * amdgpu_atombios_scratch_need_asic_init then reads +7, where the model
     * presents ATOM_S7_ASIC_INIT_COMPLETE_MASK.
     */
    g_assert_cmphex(rd32(b, fwi + FWI_SCRATCH_START), ==,
                    AEMU_VBIOS_AF_SCRATCH_0_DW);
    g_assert_cmphex(rd32(b, fwi + FWI_SCRATCH_START) + 7, ==,
                    AEMU_VBIOS_AF_SCRATCH_7_DW);
    g_assert_cmphex(AEMU_VBIOS_AF_POSTED_SCRATCH_7 &
                    ATOM_S7_ASIC_INIT_COMPLETE_MASK, !=, 0);
    g_free(b);
}

/* amdgpu_atomfirmware_get_clock_info and _mem_ecc_supported. */
static void test_smu_umc_info(void)
{
    size_t size, smu, umc;
    uint8_t *b = build(&vega10, &size);
    uint16_t tsize;
    uint8_t frev, crev;

    smu = data_table(b, size, DATA_SMU_INFO, &tsize, &frev, &crev);
    g_assert_cmpuint(smu, !=, 0);
    /* get_clock_info takes core_refclk_10khz from v3.x (frev 3). */
    g_assert_cmpuint(frev, ==, 3);
    g_assert_cmpuint(crev, ==, 1);
    /* spll.reference_freq: soc15_get_xclk, the timestamp frequency. */
    g_assert_cmpuint(rd32(b, smu + SMU_CORE_REFCLK), ==, vega10.ref_clk_10khz);

    umc = data_table(b, size, DATA_UMC_INFO, &tsize, &frev, &crev);
    g_assert_cmpuint(umc, !=, 0);
    /* mem_ecc_supported reads umc_config for frev 3, crev 1..3. */
    g_assert_cmpuint(frev, ==, 3);
    g_assert_cmpuint(crev, ==, 1);
    g_assert_cmpuint(b[umc + UMC_CONFIG] & UMC_CONFIG_DEFAULT_MEM_ECC_ENABLE,
                     ==, 0);
    g_assert_cmphex(b[umc + UMC_VRAM_TYPE], ==, ATOM_DGPU_VRAM_TYPE_HBM2);
    /* get_clock_info: mpll.reference_freq. */
    g_assert_cmpuint(rd32(b, umc + UMC_MEM_REFCLK), ==, vega10.ref_clk_10khz);
    g_free(b);
}

/* amdgpu_atomfirmware_get_vram_info as gmc_v9_0_mc_init calls it. */
static void test_vram_info(void)
{
    size_t size, vri, mod;
    uint8_t *b = build(&vega10, &size);
    uint16_t tsize;
    uint8_t frev, crev;
    unsigned module_id = 0;     /* BIOS_SCRATCH_4[23:16] as the model answers */

    vri = data_table(b, size, DATA_VRAM_INFO, &tsize, &frev, &crev);
    g_assert_cmpuint(vri, !=, 0);
    /* Format 2 content 3: the v2.3 header with atom_vram_module_v9. */
    g_assert_cmpuint(frev, ==, 2);
    g_assert_cmpuint(crev, ==, 3);
    g_assert_cmpuint(b[vri + VRI_MODULE_NUM], >=, 1);
    if (module_id > b[vri + VRI_MODULE_NUM]) {
        module_id = 0;
    }
    mod = vri + VRI_MODULES;
    for (unsigned i = 0; i < module_id; i++) {
        mod += rd16(b, mod + VRM_MODULE_SIZE);
    }
    g_assert_cmpuint(mod + rd16(b, mod + VRM_MODULE_SIZE), <=, vri + tsize);
    /* convert_atom_mem_type_to_vram_type: HBM2 -> AMDGPU_VRAM_TYPE_HBM. */
    g_assert_cmphex(b[mod + VRM_MEMORY_TYPE], ==, ATOM_DGPU_VRAM_TYPE_HBM2);
    /* vram_width = channel_num * (1 << channel_width). */
    g_assert_cmpuint((unsigned)b[mod + VRM_CHANNEL_NUM] <<
                     b[mod + VRM_CHANNEL_WIDTH], ==, VEGA10_HBM2_WIDTH_BITS);
    g_assert_cmpuint(rd32(b, mod + VRM_MEMORY_SIZE), ==, vega10.vram_mib);
    /* The module-id mask the model must answer 0 in BIOS_SCRATCH_4. */
    g_assert_cmphex(AEMU_VBIOS_AF_MODULE_ID_MASK, ==, 0x00ff0000u);
    g_free(b);
}

/* Tables amdgpu reads only in configurations the map avoids stay absent. */
static void test_absent_tables(void)
{
    size_t size;
    uint8_t *b = build(&vega10, &size);
    static const unsigned absent[] = {
        DATA_VRAM_USAGEBYFW,    /* allocate_fb_scratch: 20 KiB default */
        DATA_GFX_INFO,          /* GC 9.0.1 uses vega10_gpu_info.bin */
        DATA_POWERPLAYINFO,     /* vega10_hwmgr, DPM only */
        DATA_DISPLAYOBJECTINFO, /* DC only */
        DATA_INDIRECTIOACCESS,  /* atom_index_iio fallback */
    };

    for (unsigned i = 0; i < G_N_ELEMENTS(absent); i++) {
        g_assert_cmpuint(rd16(b, data_master(b) + ATOM_HDR_SIZE +
                              2 * absent[i]), ==, 0);
    }
    g_free(b);
}

/* amdgpu_atom_asic_init, reached if the ASIC does not look posted. */
static void test_asic_init(void)
{
    size_t size, fwi, ct;
    uint8_t *b = build(&vega10, &size);

    /* ps[0], ps[1] from FirmwareInfo +8/+12; 0 refuses to run. */
    fwi = rd16(b, data_master(b) + ATOM_HDR_SIZE + 2 * DATA_FIRMWAREINFO);
    g_assert_cmpuint(rd32(b, fwi + ATOM_FWI_DEFSCLK_PTR), !=, 0);
    g_assert_cmpuint(rd32(b, fwi + ATOM_FWI_DEFMCLK_PTR), !=, 0);
    /* amdgpu_atom_execute_table: entry 0 set, a body that only ends. */
    ct = rd16(b, cmd_master(b) + ATOM_HDR_SIZE + 2 * CMD_ASIC_INIT);
    g_assert_cmpuint(ct, !=, 0);
    g_assert_cmpuint(rd16(b, ct), >, ATOM_CT_CODE_PTR);
    g_assert_cmpuint(ct + rd16(b, ct), <=, size);
    g_assert_cmpuint(b[ct + ATOM_CT_WS_PTR], ==, 0);
    g_assert_cmpuint(b[ct + ATOM_CT_PS_PTR], ==, 0);
    g_assert_cmphex(b[ct + ATOM_CT_CODE_PTR], ==, ATOM_OP_EOT);
    g_free(b);
}

static void test_rejects(void)
{
    uint8_t *b = g_malloc0(AEMU_VBIOS_ATOMFW_IMAGE_SIZE);
    AemuVbiosParams p = vega10;

    g_assert_cmpuint(aemu_vbios_atomfirmware_build(&vega10, b,
                     AEMU_VBIOS_ATOMFW_IMAGE_SIZE - 1), ==, 0);
    g_assert_cmpuint(aemu_vbios_atomfirmware_build(NULL, b,
                     AEMU_VBIOS_ATOMFW_IMAGE_SIZE), ==, 0);
    p.default_sclk_10khz = 0;
    g_assert_cmpuint(aemu_vbios_atomfirmware_build(&p, b,
                     AEMU_VBIOS_ATOMFW_IMAGE_SIZE), ==, 0);
    p = vega10;
    p.part_number = "";
    g_assert_cmpuint(aemu_vbios_atomfirmware_build(&p, b,
                     AEMU_VBIOS_ATOMFW_IMAGE_SIZE), ==, 0);
    p = vega10;
    p.date = "2026-12-05";
    g_assert_cmpuint(aemu_vbios_atomfirmware_build(&p, b,
                     AEMU_VBIOS_ATOMFW_IMAGE_SIZE), ==, 0);
    g_free(b);
}

int main(int argc, char **argv)
{
    g_test_init(&argc, &argv, NULL);
    g_test_add_func("/vbios-atomfirmware/option-rom", test_option_rom);
    g_test_add_func("/vbios-atomfirmware/atom-parse", test_atom_parse);
    g_test_add_func("/vbios-atomfirmware/strings", test_strings);
    g_test_add_func("/vbios-atomfirmware/firmware-info", test_firmware_info);
    g_test_add_func("/vbios-atomfirmware/smu-umc-info", test_smu_umc_info);
    g_test_add_func("/vbios-atomfirmware/vram-info", test_vram_info);
    g_test_add_func("/vbios-atomfirmware/absent-tables", test_absent_tables);
    g_test_add_func("/vbios-atomfirmware/asic-init", test_asic_init);
    g_test_add_func("/vbios-atomfirmware/rejects", test_rejects);
    return g_test_run();
}
