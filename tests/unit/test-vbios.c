/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Unit tests of the synthetic ATOM VBIOS (core/vbios_atom.c), read the way
 * its consumers read it: SeaBIOS's option-ROM checks, the kernel's
 * pci_get_rom_size walk, amdgpu's check_atom_bios / amdgpu_atom_parse /
 * string helpers / FirmwareInfo / ASIC_Init, and radeon's radeon_get_bios /
 * atom_parse. Offsets below are the readers' fixed ones; everything else is
 * reached through the image's own pointers.
 */
#include <glib.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>
#include "vbios_atom.h"

/* Reader-side constants (atom.h, atombios.h, drivers/pci/rom.c). */
#define ATOM_ROM_TABLE_PTR      0x48
#define ATOM_ROM_MAGIC_PTR      4
#define ATOM_ROM_MSG_PTR        0x10
#define ATOM_ROM_CMD_PTR        0x1e
#define ATOM_ROM_DATA_PTR       0x20
#define ATOM_DATA_FWI_PTR       0x0c
#define ATOM_DATA_IIO_PTR       0x32
#define ATOM_IIO_START          1
#define ATOM_CT_SIZE_PTR        0
#define ATOM_CT_WS_PTR          4
#define ATOM_CT_PS_PTR          5
#define ATOM_CT_CODE_PTR        6
#define ATOM_OP_EOT             91
#define RADEON_ATOM_OP_CNT      123     /* the smaller of the two tables */
#define NUM_STRINGS_OFF         0x2f
#define STRINGS_START_OFF       0x6e
#define PART_NUMBER_OFF         0x80
#define DATE_OFF                0x50
#define BIOS_STRING_LENGTH      43
#define PCIR_SIGNATURE          0x52494350u
#define DATA_SLOTS              35
#define CMD_SLOTS               81
#define SLOT_FIRMWARE_INFO      4
#define SLOT_SUPPORTED_DEVICES  9
#define SLOT_GPIO_I2C           10
#define SLOT_GPIO_PIN_LUT       12
#define SLOT_POWERPLAY          15
#define SLOT_INTERNAL_SS        26
#define SLOT_VRAM_INFO          28
#define SLOT_VOLTAGE_OBJECT     32
#define CMD_ENGINE_PLL          60
#define CMD_MEMORY_CLOCK_PARAM  70
#define CMD_DYNAMIC_MEM         63
#define SLOT_OBJECT_HEADER      22
#define SLOT_IIO                23

static const AemuVbiosParams hawaii = {
    .vendor_id = 0x1002,
    .device_id = 0x67b0,
    .pci_class = 0x038000,
    .vram_mib = 256,
    .default_sclk_10khz = 100000,
    .default_mclk_10khz = 125000,
    .ref_clk_10khz = 2700,
    .part_number = "AMDGPU-EMU HAWAII",
    .date = "11/21/26 00:00",
};

static uint16_t rd16(const uint8_t *b, size_t off)
{
    return (uint16_t)(b[off] | b[off + 1] << 8);
}

static uint32_t rd32(const uint8_t *b, size_t off)
{
    return rd16(b, off) | (uint32_t)rd16(b, off + 2) << 16;
}

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
    uint8_t *b = g_malloc0(64 * 1024);

    *size = aemu_vbios_build(p, b, 64 * 1024);
    g_assert_cmpuint(*size, >, 0);
    return b;
}

/* drivers/pci/rom.c pci_get_rom_size over a ROM BAR window. */
static size_t pci_rom_size(const uint8_t *rom, size_t window)
{
    size_t image = 0;
    unsigned length;
    int last;

    do {
        size_t pds;

        if (rd16(rom, image) != 0xaa55) {
            break;
        }
        pds = image + rd16(rom, image + 24);
        g_assert_cmpuint(pds + 24, <=, window);
        if (rd32(rom, pds) != PCIR_SIGNATURE) {
            break;
        }
        last = rom[pds + 21] & 0x80;
        length = rd16(rom, pds + 16);
        image += (size_t)length * 512;
        if (image >= window) {
            break;
        }
        if (!last && rd16(rom, image) != 0xaa55) {
            break;
        }
    } while (length && !last);
    return MIN(image, window);
}

static void test_option_rom(void)
{
    size_t size, pcir;
    uint8_t *b = build(&hawaii, &size);
    uint8_t sum = 0;
    uint8_t *bar;

    g_assert_cmpuint(size, ==, AEMU_VBIOS_IMAGE_SIZE);
    g_assert_cmpuint(size % 512, ==, 0);
    g_assert_cmphex(b[0], ==, 0x55);
    g_assert_cmphex(b[1], ==, 0xaa);
    /* SeaBIOS and the ROM-port reader size the image from byte 2. */
    g_assert_cmpuint((size_t)b[2] * 512, ==, size);
    /* Far return at the init entry. */
    g_assert_cmphex(b[3], ==, 0xcb);
    /* No PnP header: SeaBIOS treats it as a legacy ROM. */
    g_assert_cmphex(rd16(b, 0x1a), ==, 0);
    for (size_t i = 0; i < size; i++) {
        sum += b[i];
    }
    g_assert_cmphex(sum, ==, 0);

    pcir = rd16(b, 0x18);
    g_assert_cmpuint(pcir % 4, ==, 0);
    g_assert_cmpuint(pcir + 0x18, <=, size);
    g_assert_cmphex(rd32(b, pcir), ==, PCIR_SIGNATURE);
    g_assert_cmphex(rd16(b, pcir + 4), ==, 0x1002);
    g_assert_cmphex(rd16(b, pcir + 6), ==, 0x67b0);
    g_assert_cmphex(rd16(b, pcir + 0x0a), ==, 0x18);
    g_assert_cmphex(b[pcir + 0x0d], ==, 0x00);
    g_assert_cmphex(b[pcir + 0x0e], ==, 0x80);
    g_assert_cmphex(b[pcir + 0x0f], ==, 0x03);
    g_assert_cmpuint(rd16(b, pcir + 0x10), ==, size / 512);
    /* radeon_get_bios: "Not an x86 BIOS ROM" otherwise. */
    g_assert_cmphex(b[pcir + 0x14], ==, 0);
    g_assert_cmphex(b[pcir + 0x15] & 0x80, ==, 0x80);

    /* The BAR QEMU exposes (power of two) and a much larger window. */
    for (size_t window = size; window <= 64 * 1024; window *= 16) {
        bar = g_malloc0(window);
        memcpy(bar, b, size);
        g_assert_cmpuint(pci_rom_size(bar, window), ==, size);
        g_free(bar);
    }
    g_free(b);
}

static void test_bios_discovery(void)
{
    size_t size, hdr;
    uint8_t *b = build(&hawaii, &size);

    /* amdgpu check_atom_bios. */
    g_assert_cmpuint(size, >=, 0x49);
    hdr = rd16(b, ATOM_ROM_TABLE_PTR);
    g_assert_cmpuint(hdr, !=, 0);
    g_assert_cmpuint(hdr + 4 + 4, <=, size);
    g_assert_cmpmem(b + hdr + 4, 4, "ATOM", 4);

    /* amdgpu_read_bios_from_rom: the first 0x3c bytes through the port. */
    g_assert_cmpmem(b + 0x30, 10, " 761295520", 10);
    g_assert_cmpuint(((size_t)b[2] << 9), ==, size);

    /* amdgpu's IIO fallback when IndirectIOAccess is absent. */
    g_assert_cmpuint(b[4], !=, ATOM_IIO_START);

    /* "ATOMBIOS" in bytes 3..1024 (atom_get_vbios_pn's fallback). */
    g_assert_true(contains(b + 3, 1024 - 3 + 8, "ATOMBIOS"));
    g_free(b);
}

/* Both drivers' atom_parse up to the IIO index. */
static void test_atom_parse(void)
{
    size_t size, base, cmd, data, iio;
    uint8_t *b = build(&hawaii, &size);

    g_assert_cmphex(rd16(b, 0), ==, 0xaa55);
    g_assert_cmpmem(b + 0x30, 10, " 761295520", 10);
    base = rd16(b, ATOM_ROM_TABLE_PTR);
    g_assert_cmpmem(b + base + ATOM_ROM_MAGIC_PTR, 4, "ATOM", 4);
    cmd = rd16(b, base + ATOM_ROM_CMD_PTR);
    data = rd16(b, base + ATOM_ROM_DATA_PTR);
    g_assert_cmpuint(cmd, !=, 0);
    g_assert_cmpuint(data, !=, 0);
    g_assert_cmpuint(cmd + 4 + 2 * CMD_SLOTS, <=, size);
    g_assert_cmpuint(data + 4 + 2 * DATA_SLOTS, <=, size);
    /* Master table headers describe what follows. */
    g_assert_cmpuint(rd16(b, cmd), ==, 4 + 2 * CMD_SLOTS);
    g_assert_cmpuint(rd16(b, data), ==, 4 + 2 * DATA_SLOTS);

    /* atom_index_iio(ctx, CU16(data + ATOM_DATA_IIO_PTR) + 4) */
    iio = rd16(b, data + ATOM_DATA_IIO_PTR) + 4;
    g_assert_cmpuint(b[iio], !=, ATOM_IIO_START);
    g_free(b);
}

static size_t data_slot(const uint8_t *b, unsigned slot)
{
    size_t data = rd16(b, rd16(b, ATOM_ROM_TABLE_PTR) + ATOM_ROM_DATA_PTR);

    return rd16(b, data + 4 + 2 * slot);
}

static size_t cmd_slot(const uint8_t *b, unsigned slot)
{
    size_t cmd = rd16(b, rd16(b, ATOM_ROM_TABLE_PTR) + ATOM_ROM_CMD_PTR);

    return rd16(b, cmd + 4 + 2 * slot);
}

static void test_firmware_info(void)
{
    size_t size, fwi, data;
    uint8_t *b = build(&hawaii, &size);

    fwi = data_slot(b, SLOT_FIRMWARE_INFO);
    g_assert_cmpuint(fwi, !=, 0);
    /* amdgpu_atom_asic_init uses the fixed slot pointer directly. */
    data = rd16(b, rd16(b, ATOM_ROM_TABLE_PTR) + ATOM_ROM_DATA_PTR);
    g_assert_cmpuint(rd16(b, data + ATOM_DATA_FWI_PTR), ==, fwi);
    g_assert_cmpuint(fwi + 108, <=, size);
    /* Common header: v2.2, 108 bytes. */
    g_assert_cmpuint(rd16(b, fwi), ==, 108);
    g_assert_cmpuint(b[fwi + 2], ==, 2);
    g_assert_cmpuint(b[fwi + 3], ==, 2);
    g_assert_cmpuint(rd32(b, fwi + 4), !=, 0);
    /* ulDefaultEngineClock / ulDefaultMemoryClock (ATOM_FWI_DEF*CLK_PTR). */
    g_assert_cmpuint(rd32(b, fwi + 0x08), ==, 100000);
    g_assert_cmpuint(rd32(b, fwi + 0x0c), ==, 125000);
    /* usReferenceClock == usCoreReferenceClock, usMemoryReferenceClock. */
    g_assert_cmpuint(rd16(b, fwi + 0x52), ==, 2700);
    g_assert_cmpuint(rd16(b, fwi + 0x54), ==, 2700);
    /* Boot VDDC, VDDCI, MVDDC (ci_get_vbios_boot_values). */
    g_assert_cmpuint(rd16(b, fwi + 0x2e), ==, 1100);
    g_assert_cmpuint(rd16(b, fwi + 0x4e), ==, 1000);
    g_assert_cmpuint(rd16(b, fwi + 0x5c), ==, 1500);
    /* Display fields stay 0: the drivers substitute their defaults. */
    g_assert_cmpuint(rd32(b, fwi + 0x20), ==, 0);
    g_assert_cmpuint(rd32(b, fwi + 0x28), ==, 0);
    g_assert_cmpuint(rd16(b, fwi + 0x48), ==, 0);
    g_assert_cmpuint(rd16(b, fwi + 0x50), ==, 0);
    g_free(b);
}

/* The interpreters' loop, up to the first opcode that ends it. */
static void test_asic_init(void)
{
    size_t size, t, ptr;
    uint8_t *b = build(&hawaii, &size);
    unsigned ops = 0;

    t = cmd_slot(b, 0);
    g_assert_cmpuint(t, !=, 0);
    g_assert_cmpuint(t + ATOM_CT_CODE_PTR + 1, <=, size);
    g_assert_cmpuint(rd16(b, t + ATOM_CT_SIZE_PTR), ==, ATOM_CT_CODE_PTR + 1);
    /* No workspace to allocate, no parameter shift. */
    g_assert_cmpuint(b[t + ATOM_CT_WS_PTR], ==, 0);
    g_assert_cmpuint(b[t + ATOM_CT_PS_PTR] & 0x7f, ==, 0);
    for (ptr = t + ATOM_CT_CODE_PTR; ptr < t + rd16(b, t); ptr++) {
        uint8_t op = b[ptr];

        ops++;
        /* A 0 or out-of-table opcode would also stop, but silently. */
        g_assert_cmpuint(op, >, 0);
        g_assert_cmpuint(op, <, RADEON_ATOM_OP_CNT);
        if (op == ATOM_OP_EOT) {
            break;
        }
    }
    g_assert_cmpuint(ops, ==, 1);
    g_assert_cmpuint(b[ptr], ==, ATOM_OP_EOT);
    g_free(b);
}

/* The PLL calculators and DPM tables the drivers run: versions, no-op. */
static void test_pll_tables(void)
{
    static const struct { unsigned slot, frev, crev; } t[] = {
        /* radeon_atom_get_clock_dividers: crev 6 is CI's layout. */
        { CMD_ENGINE_PLL, 1, 6 },
        /* radeon_atom_get_memory_pll_dividers: only frev 2 crev 1. */
        { CMD_MEMORY_CLOCK_PARAM, 2, 1 },
        /* amdgpu's ci_program_memory_timing_parameters: must exist. */
        { CMD_DYNAMIC_MEM, 1, 1 },
    };
    size_t size;
    uint8_t *b = build(&hawaii, &size);

    for (unsigned i = 0; i < G_N_ELEMENTS(t); i++) {
        size_t c = cmd_slot(b, t[i].slot);

        g_assert_cmpuint(c, !=, 0);
        g_assert_cmpuint(c + ATOM_CT_CODE_PTR + 1, <=, size);
        g_assert_cmpuint(b[c + 2], ==, t[i].frev);
        g_assert_cmpuint(b[c + 3], ==, t[i].crev);
        g_assert_cmpuint(b[c + ATOM_CT_WS_PTR], ==, 0);
        g_assert_cmpuint(b[c + ATOM_CT_PS_PTR] & 0x7f, ==, 0);
        g_assert_cmpuint(b[c + ATOM_CT_CODE_PTR], ==, ATOM_OP_EOT);
    }
    g_free(b);
}

static uint32_t clk24(const uint8_t *b, size_t off)
{
    return rd16(b, off) | (uint32_t)b[off + 2] << 16;
}

/* r600_parse_clk_voltage_dep_table: count, then {clk24, u16 mV}. */
static unsigned dep_table(const uint8_t *pp, size_t pp_size, size_t off,
                          uint32_t *clk, unsigned *mv)
{
    g_assert_cmpuint(off, !=, 0);
    g_assert_cmpuint(pp[off], >=, 1);
    g_assert_cmpuint(off + 1 + 5 * pp[off], <=, pp_size);
    /* Levels in ascending clock order; the top one is reported. */
    for (unsigned i = 1; i < pp[off]; i++) {
        g_assert_cmpuint(clk24(pp, off + 1 + 5 * i), >,
                         clk24(pp, off + 1 + 5 * (i - 1)));
        g_assert_cmpuint(rd16(pp, off + 4 + 5 * i), >=,
                         rd16(pp, off + 4 + 5 * (i - 1)));
    }
    *clk = clk24(pp, off + 1 + 5 * (pp[off] - 1));
    *mv = rd16(pp, off + 4 + 5 * (pp[off] - 1));
    return pp[off];
}

/*
 * PowerPlayInfo walked the way radeon reads it on CI, asserting what
 * radeon_atombios_parse_power_table_6, r600_get_platform_caps,
 * r600_parse_extended_power_table, ci_parse_power_table and ci_dpm_enable
 * need of it (pptable.h offsets).
 */
static void test_powerplay(void)
{
    size_t size, pp, len, ext, vce, uvd, samu, acp, pt, st, ci, nci;
    uint8_t *b = build(&hawaii, &size);
    const uint8_t *t;
    unsigned sclk_n, mclk_n, vddci_n, mv;
    uint32_t clk;

    pp = data_slot(b, SLOT_POWERPLAY);
    g_assert_cmpuint(pp, !=, 0);
    t = b + pp;
    len = rd16(t, 0);
    g_assert_cmpuint(pp + len, <, size);
    /* frev 6: radeon_atombios_get_power_modes -> parse_power_table_6. */
    g_assert_cmpuint(t[2], ==, 6);
    /* usTableSize covers POWERPLAYTABLE5 (fan, dependency, CAC fields). */
    g_assert_cmpuint(rd16(t, 0x13), ==, 88);
    g_assert_cmpuint(rd32(t, 0x15), ==, 0);     /* platform caps */
    g_assert_cmpuint(t[0x19], ==, 0);           /* no thermal controller */
    g_assert_cmphex(t[0x1c], ==, 0x80);         /* ATOM_PP_FANPARAMETERS_NOFAN */
    g_assert_cmpuint(rd16(t, 0x2a), ==, 0);     /* no fan table */
    g_assert_cmpuint(rd16(t, 0x54), ==, 0);     /* usTDPODLimit */

    /*
     * Two states (ATOM_PPLIB_STATE_V2): boot, one level at the default
     * clocks; performance, two levels from the lowest DPM clocks to the
     * default ones.
     */
    st = rd16(t, 0x09);
    ci = rd16(t, 0x0b);
    nci = rd16(t, 0x0d);
    g_assert_cmpuint(st + 1 + 3 + 4, <=, len);
    g_assert_cmpuint(t[st], ==, 2);
    g_assert_cmpuint(t[ci + 1], ==, 9);         /* ATOM_PPLIB_CI_CLOCK_INFO */
    g_assert_cmpuint(ci + 2 + 9 * t[ci], <=, len);
    g_assert_cmpuint(t[nci + 1], ==, 24);       /* NONCLOCK_INFO v2 */
    g_assert_cmpuint(nci + 2 + 24 * t[nci], <=, len);
    {
        const uint8_t *boot = t + st + 1, *perf = boot + 2 + boot[0];
        size_t top = ci + 2 + 9 * boot[2];
        size_t low = ci + 2 + 9 * perf[2], high = ci + 2 + 9 * perf[3];

        g_assert_cmpuint(boot[0], ==, 1);       /* ucNumDPMLevels */
        g_assert_cmpuint(perf[0], ==, 2);
        g_assert_cmpuint(boot[1], <, t[nci]);
        g_assert_cmpuint(perf[1], <, t[nci]);
        g_assert_cmpuint(boot[2], <, t[ci]);
        g_assert_cmpuint(perf[2], <, t[ci]);
        g_assert_cmpuint(perf[3], <, t[ci]);
        g_assert_cmphex(rd16(t, nci + 2 + 24 * boot[1]), ==, 0x0008);
        g_assert_cmphex(rd16(t, nci + 2 + 24 * perf[1]), ==, 0x0005);
        g_assert_cmpuint(clk24(t, top), ==, hawaii.default_sclk_10khz);
        g_assert_cmpuint(clk24(t, top + 3), ==, hawaii.default_mclk_10khz);
        g_assert_cmpuint(clk24(t, high), ==, hawaii.default_sclk_10khz);
        g_assert_cmpuint(clk24(t, high + 3), ==, hawaii.default_mclk_10khz);
        /* The performance state spans the lowest dependency levels. */
        g_assert_cmpuint(clk24(t, low), ==, clk24(t, rd16(t, 0x36) + 1));
        g_assert_cmpuint(clk24(t, low + 3), ==, clk24(t, rd16(t, 0x3a) + 1));
        g_assert_cmpuint(rd16(t, top + 7), ==, 16);  /* usPCIELane */
    }
    for (unsigned i = 0; i < t[nci]; i++) {
        g_assert_cmpuint(rd16(t, nci + 2 + 24 * i + 9), ==, 0);  /* no ULV */
        g_assert_cmpuint(((rd32(t, nci + 2 + 24 * i + 4) & 0xf8) >> 3) + 1,
                         ==, 16);
    }

    /* Dependency tables; the MCLK one indexed with the SCLK count. */
    sclk_n = dep_table(t, len, rd16(t, 0x36), &clk, &mv);
    g_assert_cmpuint(sclk_n, >=, 1);
    g_assert_cmpuint(clk, ==, hawaii.default_sclk_10khz);
    g_assert_cmpuint(mv, ==, 1100);
    vddci_n = dep_table(t, len, rd16(t, 0x38), &clk, &mv);
    g_assert_cmpuint(vddci_n, >=, 1);
    mclk_n = dep_table(t, len, rd16(t, 0x3a), &clk, &mv);
    g_assert_cmpuint(mclk_n, >=, sclk_n);
    g_assert_cmpuint(clk, ==, hawaii.default_mclk_10khz);
    g_assert_cmpuint(rd16(t, 0x40), ==, 0);     /* no MVDD table */
    /* Phase shedding: powerplay dereferences it on CI. */
    g_assert_cmpuint(rd16(t, 0x3e), !=, 0);
    g_assert_cmpuint(t[rd16(t, 0x3e)], >=, 1);
    g_assert_cmpuint(rd16(t, 0x3e) + 1 + 8 * t[rd16(t, 0x3e)], <=, len);
    g_assert_cmpuint(clk24(t, rd16(t, 0x3e) + 3), ==, hawaii.default_sclk_10khz);
    /* CAC leakage: as many entries as SCLK levels, VIDs non-zero. */
    g_assert_cmpuint(rd16(t, 0x4e), !=, 0);
    g_assert_cmpuint(t[rd16(t, 0x4e)], ==, sclk_n);
    g_assert_cmpuint(rd16(t, 0x4e) + 1 + 6 * sclk_n, <=, len);
    for (unsigned i = 0; i < sclk_n; i++) {
        g_assert_cmpuint(rd16(t, rd16(t, 0x4e) + 1 + 6 * i), !=, 0);
        g_assert_cmpuint(rd16(t, rd16(t, 0x4e) + 1 + 6 * i), <, 1550);
    }
    /* Several DPM levels, so that forcing one changes the clocks. */
    g_assert_cmpuint(sclk_n, >=, 2);
    g_assert_cmpuint(mclk_n, >=, 2);
    g_assert_cmpuint(len, <=, 0x200);           /* its slot in the image */

    /* Extended header V7 and its tables, one level each. */
    ext = rd16(t, 0x2c);
    g_assert_cmpuint(ext, !=, 0);
    g_assert_cmpuint(rd16(t, ext), >=, 22);
    vce = rd16(t, ext + 10);
    uvd = rd16(t, ext + 12);
    samu = rd16(t, ext + 14);
    acp = rd16(t, ext + 18);
    pt = rd16(t, ext + 20);
    g_assert_cmpuint(rd16(t, ext + 16), ==, 0); /* no PPM table */
    /* VCE: revid, {n, clocks}, {n, limits}, {n, states}. */
    g_assert_cmpuint(t[vce + 1], ==, 1);
    g_assert_cmpuint(t[vce + 1 + 7], ==, 1);
    g_assert_cmpuint(t[vce + 1 + 7 + 4], ==, 1);
    g_assert_cmpuint(vce + 1 + 7 + 4 + 3, <=, len);
    g_assert_cmpuint(clk24(t, vce + 2), !=, 0);
    /* UVD: revid, {n, clocks}, {n, limits}. */
    g_assert_cmpuint(t[uvd + 1], ==, 1);
    g_assert_cmpuint(t[uvd + 1 + 7], ==, 1);
    g_assert_cmpuint(uvd + 1 + 7 + 4, <=, len);
    /* SAMU and ACP: revid, {n, {mV, clk24}}. */
    g_assert_cmpuint(t[samu + 1], ==, 1);
    g_assert_cmpuint(clk24(t, samu + 4), !=, 0);
    g_assert_cmpuint(t[acp + 1], ==, 1);
    g_assert_cmpuint(acp + 2 + 5, <=, len);
    /* PowerTune v1: TDP, configurable TDP, TDC, ..., max power. */
    g_assert_cmpuint(t[pt], ==, 1);
    g_assert_cmpuint(pt + 31, <=, len);
    g_assert_cmpuint(rd16(t, pt + 1), !=, 0);
    g_assert_cmpuint(rd16(t, pt + 3), !=, 0);
    g_assert_cmpuint(rd16(t, pt + 5), !=, 0);
    g_assert_cmpuint(rd16(t, pt + 15), !=, 0);
    g_free(b);
}

/*
 * Topaz's image (vi_svi2_evv): what smu7_hwmgr + iceland_smumgr need on
 * top of CI's tables, and nothing else changed. VoltageObjectInfo v3.1
 * with VDDC on SVI2 (atomctrl_is_voltage_controlled_by_gpio_v3 walks the
 * objects by usSize), the EVV platform cap and the CAC leakage table in
 * the EVV layout (usVddc1..3, the level voltages). Every other byte is the
 * CI image's but for the data master's slot and the checksum.
 */
static void test_vi_powerplay(void)
{
    AemuVbiosParams topaz = hawaii;
    size_t size, voi, pp, cac, obj, slot;
    uint8_t *ci = build(&hawaii, &size), *vi;
    const uint8_t *t;
    unsigned sclk_n, mv, differ = 0;
    uint32_t clk;

    topaz.vi_svi2_evv = 1;
    vi = build(&topaz, &size);
    voi = data_slot(vi, SLOT_VOLTAGE_OBJECT);
    g_assert_cmpuint(voi, !=, 0);
    g_assert_cmpuint(vi[voi + 2], ==, 3);       /* format revision */
    g_assert_cmpuint(vi[voi + 3], ==, 1);       /* content revision */
    /* The driver's walk: objects from byte 4 while inside usStructureSize. */
    obj = 4;
    while (obj < rd16(vi, voi) &&
           !(vi[voi + obj] == 1 && vi[voi + obj + 1] == 7)) {
        g_assert_cmpuint(rd16(vi, voi + obj + 2), !=, 0);
        obj += rd16(vi, voi + obj + 2);
    }
    g_assert_cmpuint(obj, <, rd16(vi, voi));    /* VDDC (1) on SVID2 (7) */
    g_assert_cmpuint(rd16(vi, voi + obj + 2), ==, 12);
    g_assert_cmpuint(voi + rd16(vi, voi), <, size);

    /* EVV leakage: three VDDC values per SCLK level, the level's own. */
    pp = data_slot(vi, SLOT_POWERPLAY);
    t = vi + pp;
    /* ulPlatformCaps: ATOM_PP_PLATFORM_CAP_EVV alone (CI's are 0). */
    g_assert_cmphex(rd32(t, 0x15), ==, 0x00800000);
    g_assert_cmphex(rd32(ci + pp, 0x15), ==, 0);
    cac = rd16(t, 0x4e);
    g_assert_cmpuint(cac, ==, rd16(ci + pp, 0x4e));
    sclk_n = dep_table(t, rd16(t, 0), rd16(t, 0x36), &clk, &mv);
    g_assert_cmpuint(t[cac], ==, sclk_n);
    for (unsigned i = 0; i < sclk_n; i++) {
        unsigned level_mv = rd16(t, rd16(t, 0x36) + 1 + 5 * i + 3);

        for (unsigned v = 0; v < 3; v++) {
            g_assert_cmpuint(rd16(t, cac + 1 + 6 * i + 2 * v), ==, level_mv);
        }
    }

    /* CI's image is untouched: no VoltageObjectInfo, the rest the same. */
    g_assert_cmpuint(data_slot(ci, SLOT_VOLTAGE_OBJECT), ==, 0);
    slot = rd16(vi, rd16(vi, ATOM_ROM_TABLE_PTR) + ATOM_ROM_DATA_PTR) + 4 +
           2 * SLOT_VOLTAGE_OBJECT;
    for (size_t i = 0; i < size - 1; i++) {
        bool in_voi = i >= voi && i < voi + rd16(vi, voi);
        bool in_cac = i >= pp + cac && i < pp + cac + 1 + 6 * sclk_n;
        bool in_slot = i >= slot && i < slot + 2;
        bool in_caps = i >= pp + 0x15 && i < pp + 0x19;

        if (ci[i] != vi[i]) {
            g_assert_true(in_voi || in_cac || in_slot || in_caps);
            differ++;
        }
    }
    g_assert_cmpuint(differ, >, 0);
    g_free(ci);
    g_free(vi);
}

static void test_strings(void)
{
    size_t size, msg, start, end;
    uint8_t *b = build(&hawaii, &size);
    char pn[BIOS_STRING_LENGTH + 1], date[17], name[512];
    const uint8_t *ver = NULL, *s;
    unsigned n = 0;

    /* atom_get_vbios_pn: no string table, part number at 0x80. */
    g_assert_cmpuint(b[NUM_STRINGS_OFF], ==, 0);
    s = b + PART_NUMBER_OFF;
    g_assert_cmpuint(*s, !=, 0);
    while (n < BIOS_STRING_LENGTH && s[n] >= ' ' && s[n] <= 'z') {
        pn[n] = (char)s[n];
        n++;
    }
    pn[n] = 0;
    g_assert_cmpstr(pn, ==, hawaii.part_number);
    g_assert_cmpuint(s[n], ==, 0);

    /* atom_get_vbios_date: "MM/DD/YY HH:MM" becomes "20YY/MM/DD HH:MM". */
    s = b + DATE_OFF;
    snprintf(date, sizeof(date), "20%c%c/%c%c/%c%c %.5s",
             s[6], s[7], s[0], s[1], s[3], s[4], (const char *)s + 9);
    g_assert_cmpstr(date, ==, "2026/11/21 00:00");

    /* atom_get_vbios_version: search [u16@0x6e, u16@0x48]. */
    start = rd16(b, STRINGS_START_OFF);
    end = rd16(b, ATOM_ROM_TABLE_PTR);
    if (end <= start) {
        start = 3;
        end = 1024;
    }
    for (size_t i = start; i <= end; i++) {
        if (!memcmp(b + i, "ATOMBIOSBK-AMD", 14)) {
            ver = b + i + 18;
            break;
        }
    }
    g_assert_nonnull(ver);
    /* vbios_ver_str is 32 bytes, copied without a terminator. */
    g_assert_nonnull(memchr(ver, 0, 32));
    g_assert_cmpstr((const char *)ver, ==, "000.001.000.000.000000");

    /* radeon atom_parse: the boot message after CR/LF, '.'..'z' only. */
    msg = rd16(b, rd16(b, ATOM_ROM_TABLE_PTR) + ATOM_ROM_MSG_PTR);
    g_assert_cmpuint(msg, !=, 0);
    s = b + msg;
    while (*s && (*s == '\n' || *s == '\r')) {
        s++;
    }
    for (n = 0; n < 511; n++) {
        name[n] = (char)s[n];
        if (s[n] < '.' || s[n] > 'z') {
            name[n] = 0;
            break;
        }
    }
    g_assert_cmpstr(name, ==, "AMDGPU_EMU_HAWAII");
    g_free(b);
}

/*
 * Object_Header, read as DC's bios parser and radeon's object-table reader
 * read it: revision 1.1 (DC takes 1.1 or >= 1.3, radeon ignores < 2), and
 * every object table reachable inside the image with zero objects.
 */
#define OBJ_DEVICE_SUPPORT      4
#define OBJ_FIRST_OFFSET        6       /* connector, router, encoder, */
#define OBJ_OFFSETS             5       /* protection, display path */
#define OBJ_PROTECTION_INDEX    3

static void test_object_header(void)
{
    size_t size;
    uint8_t *b = build(&hawaii, &size);
    size_t oh = data_slot(b, SLOT_OBJECT_HEADER);

    g_assert_cmpuint(oh, !=, 0);
    g_assert_cmpuint(b[oh + 2], ==, 1);
    g_assert_cmpuint(b[oh + 3], ==, 1);
    g_assert_cmpuint(rd16(b, oh + OBJ_DEVICE_SUPPORT), ==, 0);
    for (unsigned i = 0; i < OBJ_OFFSETS; i++) {
        size_t t = rd16(b, oh + OBJ_FIRST_OFFSET + 2 * i);

        if (i == OBJ_PROTECTION_INDEX) {
            g_assert_cmpuint(t, ==, 0);
            continue;
        }
        g_assert_cmpuint(t, >=, 16);
        g_assert_cmpuint(oh + t + 4, <=, size - 1);
        g_assert_cmpuint(b[oh + t], ==, 0);     /* no objects, no paths */
        g_assert_cmpuint(t + 4, <=, rd16(b, oh));
    }
    g_free(b);
}

/* Reader-side constants of the display objects (atombios.h, ObjectID.h). */
#define OBJ_CONNECTOR_OFF       6
#define OBJ_ENCODER_OFF         10
#define OBJ_PATH_OFF            14
#define OBJECT_SIZE             8
#define DVI_D_CONNECTOR_ID      0x3103  /* connector, enum 1, DVI-D single */
#define UNIPHY_ENCODER_ID       0x211e  /* encoder, enum 1, UNIPHY */
#define GPU_ID                  0x1100
#define DEVICE_DFP1             0x0008
#define RECORD_I2C              1
#define RECORD_HPD              2
#define RECORD_DEVICE_TAG       4
#define RECORD_LAST             0xff
#define GPIO_I2C_ENTRY          27
#define MM_DC_GPIO_DDC1_MASK    0x194c
#define MM_DC_GPIO_DDC1_A       0x194d
#define MM_DC_GPIO_DDC1_EN      0x194e
#define MM_DC_GPIO_DDC1_Y       0x194f
#define MM_DC_GPIO_HPD_A        0x196d

/*
 * A record of type in the record list at rec (relative to oh), walked as
 * bios_parser.c and radeon_atombios.c walk it; 0 if absent.
 */
static size_t find_record(const uint8_t *b, size_t oh, size_t rec,
                          uint8_t type)
{
    for (int i = 0; i < 20; i++) {
        const uint8_t *r = b + oh + rec;

        if (r[0] == RECORD_LAST || r[1] == 0) {
            return 0;
        }
        if (r[0] == type) {
            return oh + rec;
        }
        rec += r[1];
    }
    return 0;
}

/*
 * Hawaii's one DVI-D connector, read the way DC's construct_phy reaches
 * it: the connector object, its source encoder, its I2C record resolved
 * through GPIO_I2C_Info to the DDC1 pins, its HPD record resolved through
 * GPIO_Pin_LUT to HPD1, its device tag; and radeon's display path.
 */
static void test_dvi_connector(void)
{
    AemuVbiosParams p = hawaii;
    size_t size, oh, conn, enc, path, src, rec, r, i2c, lut, e;
    uint8_t *b;

    p.dvi_connector = 1;
    b = build(&p, &size);
    oh = data_slot(b, SLOT_OBJECT_HEADER);
    g_assert_cmpuint(oh + rd16(b, oh), <, size - 1);
    /* Revision 1.2: radeon reads from 2 on, DC takes it as 1.1. */
    g_assert_cmpuint(b[oh + 2], ==, 1);
    g_assert_cmpuint(b[oh + 3], ==, 2);
    g_assert_cmpuint(rd16(b, oh + OBJ_DEVICE_SUPPORT), ==, DEVICE_DFP1);

    conn = oh + rd16(b, oh + OBJ_CONNECTOR_OFF);
    g_assert_cmpuint(b[conn], ==, 1);
    g_assert_cmphex(rd16(b, conn + 4), ==, DVI_D_CONNECTOR_ID);
    src = oh + rd16(b, conn + 4 + 2);
    g_assert_cmpuint(b[src], ==, 1);
    g_assert_cmphex(rd16(b, src + 1), ==, UNIPHY_ENCODER_ID);
    rec = rd16(b, conn + 4 + 4);

    enc = oh + rd16(b, oh + OBJ_ENCODER_OFF);
    g_assert_cmpuint(b[enc], ==, 1);
    g_assert_cmphex(rd16(b, enc + 4), ==, UNIPHY_ENCODER_ID);
    /* Its record list exists and is empty (radeon walks it). */
    g_assert_cmphex(b[oh + rd16(b, enc + 4 + 4)], ==, RECORD_LAST);

    path = oh + rd16(b, oh + OBJ_PATH_OFF);
    g_assert_cmpuint(b[path], ==, 1);
    g_assert_cmphex(rd16(b, path + 4), ==, DEVICE_DFP1);
    g_assert_cmpuint(rd16(b, path + 4 + 2), ==, 10);
    g_assert_cmphex(rd16(b, path + 4 + 4), ==, DVI_D_CONNECTOR_ID);
    g_assert_cmphex(rd16(b, path + 4 + 6), ==, GPU_ID);
    g_assert_cmphex(rd16(b, path + 4 + 8), ==, UNIPHY_ENCODER_ID);

    /* I2C: hardware capable, engine 1, line 0 -> GPIO_I2C_Info entry 0. */
    r = find_record(b, oh, rec, RECORD_I2C);
    g_assert_cmpuint(r, !=, 0);
    g_assert_cmphex(b[r + 2], ==, 0x90);
    i2c = data_slot(b, SLOT_GPIO_I2C);
    g_assert_cmpuint(i2c, !=, 0);
    g_assert_cmpuint(b[i2c + 3], ==, 1);
    g_assert_cmpuint((rd16(b, i2c) - 4) / GPIO_I2C_ENTRY, >, b[r + 2] & 0xf);
    e = i2c + 4 + (b[r + 2] & 0xf) * GPIO_I2C_ENTRY;
    g_assert_cmphex(rd16(b, e + 0), ==, MM_DC_GPIO_DDC1_MASK);
    g_assert_cmphex(rd16(b, e + 2), ==, MM_DC_GPIO_DDC1_EN);
    g_assert_cmphex(rd16(b, e + 4), ==, MM_DC_GPIO_DDC1_Y);
    g_assert_cmphex(rd16(b, e + 6), ==, MM_DC_GPIO_DDC1_A);
    g_assert_cmphex(b[e + 16], ==, b[r + 2]);  /* radeon matches the id */
    g_assert_cmpuint(b[e + 20], ==, 0);        /* clock A: DDC1CLK bit 0 */
    g_assert_cmpuint(b[e + 24], ==, 8);        /* data A: DDC1DATA bit 8 */

    /* HPD: the GPIO id -> GPIO_Pin_LUT -> DC_GPIO_HPD_A bit 0 (HPD1). */
    r = find_record(b, oh, rec, RECORD_HPD);
    g_assert_cmpuint(r, !=, 0);
    g_assert_cmpuint(b[r + 3], ==, 1);         /* plugged = sense high */
    lut = data_slot(b, SLOT_GPIO_PIN_LUT);
    g_assert_cmpuint(lut, !=, 0);
    /* DC's reader wants room for its header twice plus one entry. */
    g_assert_cmpuint(rd16(b, lut), >=, 4 + 4 + 4);
    g_assert_cmphex(rd16(b, lut + 4), ==, MM_DC_GPIO_HPD_A);
    g_assert_cmpuint(b[lut + 6], ==, 0);
    g_assert_cmpuint(b[lut + 7], ==, b[r + 2]);
    /* The GPIO ids are unique: the HPD record's names one pin. */
    for (size_t i = 1; i < (size_t)(rd16(b, lut) - 4) / 4; i++) {
        g_assert_cmpuint(b[lut + 4 + 4 * i + 3], !=, b[r + 2]);
    }

    /* FirmwareInfo's display PLL limits DC's divider search needs. */
    e = data_slot(b, SLOT_FIRMWARE_INFO);
    g_assert_cmpuint(rd32(b, e + 0x38), >, 0);                 /* VCO min */
    g_assert_cmpuint(rd32(b, e + 0x20), >, rd32(b, e + 0x38)); /* VCO max */
    g_assert_cmpuint(rd16(b, e + 0x4a), >, 0);                 /* in min */
    g_assert_cmpuint(rd16(b, e + 0x4c), >, rd16(b, e + 0x4a)); /* in max */

    /* Device tag: DFP1 (DC: "Failed to find device tag!" otherwise). */
    r = find_record(b, oh, rec, RECORD_DEVICE_TAG);
    g_assert_cmpuint(r, !=, 0);
    g_assert_cmpuint(b[r + 2], ==, 1);
    g_assert_cmphex(rd16(b, r + 8), ==, DEVICE_DFP1);
    g_free(b);
}

/*
 * Only FirmwareInfo, ASIC_Init, the PLL calculators, PowerPlayInfo and the
 * empty Object_Header: no connectors, no IIO tables.
 */
static void test_absent_tables(void)
{
    size_t size;
    uint8_t *b = build(&hawaii, &size);

    for (unsigned i = 0; i < DATA_SLOTS; i++) {
        if (i != SLOT_FIRMWARE_INFO && i != SLOT_POWERPLAY &&
            i != SLOT_OBJECT_HEADER) {
            g_assert_cmpuint(data_slot(b, i), ==, 0);
        }
    }
    for (unsigned i = 1; i < CMD_SLOTS; i++) {
        if (i != CMD_ENGINE_PLL && i != CMD_MEMORY_CLOCK_PARAM &&
            i != CMD_DYNAMIC_MEM) {
            g_assert_cmpuint(cmd_slot(b, i), ==, 0);
        }
    }
    /* Named for the record: the ones a regression would most likely add. */
    g_assert_cmpuint(data_slot(b, SLOT_SUPPORTED_DEVICES), ==, 0);
    g_assert_cmpuint(data_slot(b, SLOT_GPIO_I2C), ==, 0);
    g_assert_cmpuint(data_slot(b, SLOT_IIO), ==, 0);
    /* DPM runs without these: each only turns a feature off. */
    g_assert_cmpuint(data_slot(b, SLOT_GPIO_PIN_LUT), ==, 0);
    g_assert_cmpuint(data_slot(b, SLOT_INTERNAL_SS), ==, 0);
    g_assert_cmpuint(data_slot(b, SLOT_VRAM_INFO), ==, 0);
    g_assert_cmpuint(data_slot(b, SLOT_VOLTAGE_OBJECT), ==, 0);
    g_free(b);
}

static void test_identity(void)
{
    AemuVbiosParams p = hawaii;
    size_t size, size2, pcir;
    uint8_t *b, *b2;
    uint8_t sum = 0;

    p.device_id = 0x67b1;
    p.pci_class = 0x030000;
    p.default_sclk_10khz = 94700;
    p.ref_clk_10khz = 10000;
    b = build(&p, &size);
    pcir = rd16(b, 0x18);
    g_assert_cmphex(rd16(b, pcir + 6), ==, 0x67b1);
    g_assert_cmphex(b[pcir + 0x0e], ==, 0x00);
    g_assert_cmphex(b[pcir + 0x0f], ==, 0x03);
    g_assert_cmpuint(rd32(b, data_slot(b, SLOT_FIRMWARE_INFO) + 8), ==,
                     94700);
    g_assert_cmpuint(rd16(b, data_slot(b, SLOT_FIRMWARE_INFO) + 0x52), ==,
                     10000);
    for (size_t i = 0; i < size; i++) {
        sum += b[i];
    }
    g_assert_cmphex(sum, ==, 0);

    /* Deterministic: the same parameters give the same bytes. */
    b2 = build(&p, &size2);
    g_assert_cmpmem(b, size, b2, size2);
    g_free(b);
    g_free(b2);
}

static void test_capacity(void)
{
    uint8_t *b = g_malloc(AEMU_VBIOS_IMAGE_SIZE + 16);

    memset(b, 0xee, AEMU_VBIOS_IMAGE_SIZE + 16);
    g_assert_cmpuint(aemu_vbios_build(&hawaii, b, AEMU_VBIOS_IMAGE_SIZE - 1),
                     ==, 0);
    g_assert_cmpuint(aemu_vbios_build(&hawaii, b, 0), ==, 0);
    g_assert_cmpuint(aemu_vbios_build(&hawaii, NULL, 65536), ==, 0);
    g_assert_cmpuint(aemu_vbios_build(NULL, b, 65536), ==, 0);
    /* A failed build leaves the buffer alone. */
    g_assert_cmphex(b[0], ==, 0xee);

    g_assert_cmpuint(aemu_vbios_build(&hawaii, b, AEMU_VBIOS_IMAGE_SIZE), ==,
                     AEMU_VBIOS_IMAGE_SIZE);
    /* Nothing written past the image. */
    for (size_t i = AEMU_VBIOS_IMAGE_SIZE; i < AEMU_VBIOS_IMAGE_SIZE + 16;
         i++) {
        g_assert_cmphex(b[i], ==, 0xee);
    }
    g_free(b);
}

static void expect_rejected(const AemuVbiosParams *p)
{
    uint8_t b[AEMU_VBIOS_IMAGE_SIZE];

    g_assert_cmpuint(aemu_vbios_build(p, b, sizeof(b)), ==, 0);
}

static void test_invalid_params(void)
{
    static const char *const bad_dates[] = {
        "", "11/21/26", "11/21/26 00:00 ", "11-21-26 00:00",
        "1a/21/26 00:00", "11/21/26T00:00", "11/21/26 00.00",
    };
    static const char *const bad_part_numbers[] = {
        "", "tab\there", "curly{brace}", "dollar~tilde",
        "0123456789012345678901234567890123456789012",   /* 43 */
    };
    AemuVbiosParams p;

    p = hawaii;
    p.default_sclk_10khz = 0;
    expect_rejected(&p);
    p = hawaii;
    p.default_mclk_10khz = 0;
    expect_rejected(&p);
    p = hawaii;
    p.ref_clk_10khz = 0;
    expect_rejected(&p);
    p = hawaii;
    p.vram_mib = 0;
    expect_rejected(&p);
    p = hawaii;
    p.vendor_id = 0xffff;
    expect_rejected(&p);
    p = hawaii;
    p.vendor_id = 0;
    expect_rejected(&p);
    p = hawaii;
    p.pci_class = 0x1038000;
    expect_rejected(&p);
    p = hawaii;
    p.part_number = NULL;
    expect_rejected(&p);
    p = hawaii;
    p.date = NULL;
    expect_rejected(&p);
    for (size_t i = 0; i < G_N_ELEMENTS(bad_dates); i++) {
        p = hawaii;
        p.date = bad_dates[i];
        expect_rejected(&p);
    }
    for (size_t i = 0; i < G_N_ELEMENTS(bad_part_numbers); i++) {
        p = hawaii;
        p.part_number = bad_part_numbers[i];
        expect_rejected(&p);
    }

    /* The longest accepted part number still ends in a NUL in the image. */
    {
        uint8_t b[AEMU_VBIOS_IMAGE_SIZE];

        p = hawaii;
        p.part_number = "012345678901234567890123456789012345678901";
        g_assert_cmpuint(strlen(p.part_number), ==,
                         AEMU_VBIOS_PART_NUMBER_MAX);
        g_assert_cmpuint(aemu_vbios_build(&p, b, sizeof(b)), ==,
                         AEMU_VBIOS_IMAGE_SIZE);
        g_assert_cmpstr((const char *)b + PART_NUMBER_OFF, ==,
                        p.part_number);
        g_assert_true(contains(b + 3, 1024, "ATOMBIOS"));
    }
}

int main(int argc, char **argv)
{
    g_test_init(&argc, &argv, NULL);
    g_test_add_func("/vbios/option-rom", test_option_rom);
    g_test_add_func("/vbios/discovery", test_bios_discovery);
    g_test_add_func("/vbios/atom-parse", test_atom_parse);
    g_test_add_func("/vbios/firmware-info", test_firmware_info);
    g_test_add_func("/vbios/asic-init", test_asic_init);
    g_test_add_func("/vbios/pll-tables", test_pll_tables);
    g_test_add_func("/vbios/powerplay", test_powerplay);
    g_test_add_func("/vbios/vi-powerplay", test_vi_powerplay);
    g_test_add_func("/vbios/strings", test_strings);
    g_test_add_func("/vbios/object-header", test_object_header);
    g_test_add_func("/vbios/dvi-connector", test_dvi_connector);
    g_test_add_func("/vbios/absent-tables", test_absent_tables);
    g_test_add_func("/vbios/identity", test_identity);
    g_test_add_func("/vbios/capacity", test_capacity);
    g_test_add_func("/vbios/invalid-params", test_invalid_params);
    return g_test_run();
}
