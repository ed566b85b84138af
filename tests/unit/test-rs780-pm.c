/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Unit tests of the RS780's power tables and engine clock
 * (vbios_pplib_rs780.c, vbios_clock_rs780.c, clk_rs780.c), read and run
 * the way radeon's profile power management does:
 *  - PowerPlayInfo parsed as radeon_atombios_get_power_modes parses frev
 *    4 (radeon_atombios_parse_power_table_4_5 with the IGP branch of
 *    radeon_atombios_parse_pplib_clock_info and the non-clock classes),
 *    every offset and size checked against the table, and the RS780
 *    clock info's HT link against IntegratedSystemInfo;
 *  - SetEngineClock, GetEngineClock and ASIC_Init executed by the ATOM
 *    interpreter of atom-interp.h against the device's CG_SPLL_FUNC_CNTL:
 *    a clock set is the clock read back (within the PLL's step), the
 *    dividers are clk_rs780.h's, the register's other bits survive, a 0
 *    target changes nothing, any register value decodes;
 *  - the boot clock a device reset leaves in the PLL.
 */
#include "atom-interp.h"
#include "aemu-internal.h"
#include "clk_rs780.h"
#include "amdgpu-emu/regs/r600_regs.h"

#define MiB (1024ull * 1024ull)

/* atombios.h / pptable.h, reader side. */
#define ATOM_ROM_DATA_PTR       0x20
#define DATA_SLOT_FIRMWARE_INFO 4
#define DATA_SLOT_POWERPLAY     15
#define DATA_SLOT_IGP_INFO      30
#define SLOT_ASIC_INIT          0
#define SLOT_SET_ENGINE_CLOCK   10
#define SLOT_GET_ENGINE_CLOCK   48
#define FWI_DEFAULT_SCLK        0x08
#define FWI_REFERENCE_CLOCK     0x52
#define IGP_HT_LINK_FREQ        0x5c
#define IGP_MIN_HT_LINK_WIDTH   0x60
#define IGP_MAX_HT_LINK_WIDTH   0x62
#define PPLIB_BASE_SIZE         37      /* sizeof(ATOM_PPLIB_POWERPLAYTABLE) */
#define PPLIB_RS780_CLOCK_SIZE  20      /* ATOM_PPLIB_RS780_CLOCK_INFO */
#define PPLIB_NONCLOCK_V1       12      /* ATOM_PPLIB_NONCLOCKINFO_VER1 */
#define CLASS_UI_MASK           0x0007
#define CLASS_UI_BATTERY        1
#define CLASS_UI_PERFORMANCE    5
#define CLASS_BOOT              0x0008
#define PCIE_LINK_WIDTH_MASK    0xf8
#define PCIE_LINK_WIDTH_SHIFT   3
#define RS780_VOLTAGE_VARIABLE  3
#define SPLL_SLEEP              (1u << 1)       /* rs780d.h */
#define SPLL_BYPASS_EN          (1u << 25)

typedef struct Rom {
    AemuTestHost *h;
    const uint8_t *b;
    size_t pp, fwi, igp;
} Rom;

static size_t data_table(const uint8_t *b, unsigned slot)
{
    size_t data = ai_rd16(b, ai_rd16(b, AI_ROM_ATOM_HEADER_PTR) +
                          ATOM_ROM_DATA_PTR);

    return ai_rd16(b, data + 4 + 2 * slot);
}

static Rom rs780_rom(void)
{
    Rom r;

    r.h = aemu_test_host_new("rs780", 64 * MiB, 4 * MiB);
    r.b = aemu_device_pci_info(r.h->dev)->rom;
    r.pp = data_table(r.b, DATA_SLOT_POWERPLAY);
    r.fwi = data_table(r.b, DATA_SLOT_FIRMWARE_INFO);
    r.igp = data_table(r.b, DATA_SLOT_IGP_INFO);
    g_assert_cmpuint(r.pp, !=, 0);
    g_assert_cmpuint(r.fwi, !=, 0);
    g_assert_cmpuint(r.igp, !=, 0);
    return r;
}

static uint32_t clk24(const uint8_t *b, size_t off)
{
    return ai_rd16(b, off) | (uint32_t)b[off + 2] << 16;
}

/* What radeon makes of one state (the IGP, pre-PALM branches). */
typedef struct ParsedState {
    uint32_t sclk, sclk_high;
    uint16_t classification;
    unsigned pcie_lanes;
    size_t clock;               /* the clock info's offset in the image */
} ParsedState;

static void test_powerplay(void)
{
    Rom r = rs780_rom();
    const uint8_t *b = r.b, *t = r.b + r.pp;
    size_t size = ai_rd16(t, 0), states, clocks, nonclocks;
    unsigned n, entry, ci_size, nci_size;
    ParsedState ps[8];
    int boot = -1, battery = -1, performance = -1;
    uint32_t dflt = ai_rd32(b, r.fwi + FWI_DEFAULT_SCLK);

    /* The header radeon_atombios_get_power_modes switches on. */
    g_assert_cmpuint(t[2], ==, 4);
    g_assert_cmpuint(t[3], ==, 1);
    g_assert_cmpuint(ai_rd16(t, 0x13), ==, PPLIB_BASE_SIZE);
    g_assert_cmpuint(size, >=, PPLIB_BASE_SIZE);
    g_assert_cmpuint(r.pp + size, <=, AEMU_VBIOS_IMAGE_SIZE);
    n = t[5];
    entry = t[6];
    ci_size = t[7];
    nci_size = t[8];
    g_assert_cmpuint(n, ==, 3);
    g_assert_cmpuint(entry, ==, 2);     /* one clock index per state */
    g_assert_cmpuint(ci_size, ==, PPLIB_RS780_CLOCK_SIZE);
    g_assert_cmpuint(nci_size, ==, PPLIB_NONCLOCK_V1);
    states = ai_rd16(t, 0x09);
    clocks = ai_rd16(t, 0x0b);
    nonclocks = ai_rd16(t, 0x0d);
    g_assert_cmpuint(states, >=, PPLIB_BASE_SIZE);
    g_assert_cmpuint(states + n * entry, <=, size);
    /* No thermal controller: radeon registers no hwmon sensor. */
    g_assert_cmpuint(t[0x19], ==, 0);

    for (unsigned i = 0; i < n; i++) {
        const uint8_t *s = t + states + i * entry;
        size_t ci = clocks + s[1] * ci_size;
        size_t nci = nonclocks + s[0] * nci_size;
        uint32_t caps = ai_rd32(t, nci + 4);

        g_assert_cmpuint(ci + ci_size, <=, size);
        g_assert_cmpuint(nci + nci_size, <=, size);
        ps[i].clock = r.pp + ci;
        ps[i].sclk = clk24(t, ci);              /* usLowEngineClockLow */
        ps[i].sclk_high = clk24(t, ci + 3);
        ps[i].classification = ai_rd16(t, nci);
        ps[i].pcie_lanes = ((caps & PCIE_LINK_WIDTH_MASK) >>
                            PCIE_LINK_WIDTH_SHIFT) + 1;
        /* radeon skips an IGP clock mode whose sclk is 0. */
        g_assert_cmpuint(ps[i].sclk, !=, 0);
        g_assert_cmpuint(ps[i].sclk, <=, ps[i].sclk_high);
        g_assert_cmpuint(ps[i].sclk_high, <=, dflt);
        g_assert_cmpuint(ps[i].pcie_lanes, ==, 16);
        /* The HT link as IntegratedSystemInfo reports it. */
        g_assert_cmpuint(t[ci + 12], ==,
                         ai_rd16(b, r.igp + IGP_MAX_HT_LINK_WIDTH));
        g_assert_cmpuint(t[ci + 13], ==,
                         ai_rd16(b, r.igp + IGP_MIN_HT_LINK_WIDTH));
        g_assert_cmpuint(ai_rd16(t, ci + 14) * 100u, ==,
                         ai_rd32(b, r.igp + IGP_HT_LINK_FREQ));
        /* No sideport memory clock to change. */
        g_assert_cmpuint(clk24(t, ci + 6), ==, 0);
        if (ps[i].classification & CLASS_BOOT) {
            g_assert_cmpint(boot, ==, -1);
            boot = (int)i;
        } else if ((ps[i].classification & CLASS_UI_MASK) ==
                   CLASS_UI_BATTERY) {
            battery = (int)i;
        } else if ((ps[i].classification & CLASS_UI_MASK) ==
                   CLASS_UI_PERFORMANCE) {
            performance = (int)i;
        }
    }
    /* rs780_pm_init_profile's three-state order: boot, low, high. */
    g_assert_cmpint(boot, ==, 0);
    g_assert_cmpint(battery, ==, 1);
    g_assert_cmpint(performance, ==, 2);
    g_assert_cmpuint(ps[boot].sclk, ==, dflt);
    g_assert_cmpuint(ps[battery].sclk, <, ps[performance].sclk);
    g_assert_cmpuint(ps[performance].sclk, <, dflt);
    g_assert_cmpuint(ps[performance].sclk_high, ==, dflt);
    g_assert_cmpuint(ai_rd16(b, ps[performance].clock + 10), ==,
                     RS780_VOLTAGE_VARIABLE);
    /* The boot offsets point at the boot entries. */
    g_assert_cmpuint(ai_rd16(t, 0x21), ==, clocks);
    g_assert_cmpuint(ai_rd16(t, 0x23), ==, nonclocks);
    aemu_test_host_free(r.h);
}

static uint32_t ref_clk(const Rom *r)
{
    return ai_rd16(r->b, r->fwi + FWI_REFERENCE_CLOCK);
}

static uint32_t get_engine_clock(AtomInterp *in)
{
    uint32_t ps[1] = { 0xdeadbeef };

    g_assert_true(atom_interp_run(in, SLOT_GET_ENGINE_CLOCK, ps, 1));
    return ps[0];
}

static void set_engine_clock(AtomInterp *in, uint32_t sclk)
{
    /* SET_ENGINE_CLOCK_PS_ALLOCATION: the target and 8 reserved bytes. */
    uint32_t ps[3] = { sclk, 0, 0 };

    g_assert_true(atom_interp_run(in, SLOT_SET_ENGINE_CLOCK, ps, 3));
}

/* Half the PLL's step at the post divider cntl holds, rounded up. */
static uint32_t half_step(uint32_t cntl, uint32_t ref)
{
    uint32_t post = ((cntl & RS780_SPLL_SW_HILEN_MASK) >>
                     RS780_SPLL_SW_HILEN_SHIFT) +
                    ((cntl & RS780_SPLL_SW_LOLEN_MASK) >>
                     RS780_SPLL_SW_LOLEN_SHIFT) + 2;

    return (ref + 2 * post - 1) / (2 * post) + 1;
}

/*
 * The profile method's sequence: the default clock, the battery state's,
 * back; every clock read back is the one set, within the PLL's step.
 */
static void test_set_get_engine_clock(void)
{
    Rom r = rs780_rom();
    AtomInterp in = { .h = r.h, .rom = r.b };
    uint32_t ref = ref_clk(&r);
    uint32_t dflt = ai_rd32(r.b, r.fwi + FWI_DEFAULT_SCLK);
    uint32_t targets[] = { dflt, clk24(r.b, r.pp + ai_rd16(r.b + r.pp, 0x0b) +
                                       PPLIB_RS780_CLOCK_SIZE), 30000, dflt };

    /* The figures docs/radeon.md quotes: 500 -> 500.54, 200 -> 199.97. */
    set_engine_clock(&in, 50000);
    g_assert_cmpuint(get_engine_clock(&in), ==, 50054);
    set_engine_clock(&in, 20000);
    g_assert_cmpuint(get_engine_clock(&in), ==, 19997);

    for (size_t i = 0; i < G_N_ELEMENTS(targets); i++) {
        uint32_t cntl, got;

        set_engine_clock(&in, targets[i]);
        cntl = aemu_test_rreg(r.h, mmCG_SPLL_FUNC_CNTL);
        got = get_engine_clock(&in);
        g_assert_cmphex(cntl, ==, aemu_rs780_spll_encode(0, targets[i], ref));
        g_assert_cmpuint(got, ==, aemu_rs780_spll_decode(cntl, ref));
        g_assert_cmpuint(got, <=, targets[i] + half_step(cntl, ref));
        g_assert_cmpuint(got + half_step(cntl, ref), >=, targets[i]);
    }
    aemu_test_host_free(r.h);
}

/* Every target in the range: the bytecode's dividers are clk_rs780.h's. */
static void test_divider_sweep(void)
{
    Rom r = rs780_rom();
    AtomInterp in = { .h = r.h, .rom = r.b };
    uint32_t ref = ref_clk(&r);

    for (uint32_t sclk = RS780_SCLK_MIN_10KHZ; sclk <= RS780_SCLK_MAX_10KHZ;
         sclk += 997) {
        uint32_t cntl, fb;

        set_engine_clock(&in, sclk);
        cntl = aemu_test_rreg(r.h, mmCG_SPLL_FUNC_CNTL);
        fb = (cntl & RS780_SPLL_FB_DIV_MASK) >> RS780_SPLL_FB_DIV_SHIFT;
        g_assert_cmphex(cntl, ==, aemu_rs780_spll_encode(0, sclk, ref));
        g_assert_cmpuint(fb, >, 0);
        g_assert_cmpuint(get_engine_clock(&in), ==,
                         aemu_rs780_spll_decode(cntl, ref));
        g_assert_cmpuint(get_engine_clock(&in), <=,
                         sclk + half_step(cntl, ref));
        g_assert_cmpuint(get_engine_clock(&in) + half_step(cntl, ref), >=,
                         sclk);
    }
    aemu_test_host_free(r.h);
}

/*
 * Guest-controlled values: a 0 target changes nothing, targets outside
 * the range are clamped, the register's other bits are kept, and any
 * value the guest writes to the register decodes without a fault.
 */
static void test_bounds(void)
{
    Rom r = rs780_rom();
    AtomInterp in = { .h = r.h, .rom = r.b };
    uint32_t ref = ref_clk(&r);
    uint32_t before;

    aemu_test_wreg(r.h, mmCG_SPLL_FUNC_CNTL,
                   aemu_rs780_spll_encode(SPLL_SLEEP | SPLL_BYPASS_EN,
                                          30000, ref));
    before = aemu_test_rreg(r.h, mmCG_SPLL_FUNC_CNTL);
    set_engine_clock(&in, 0);
    g_assert_cmphex(aemu_test_rreg(r.h, mmCG_SPLL_FUNC_CNTL), ==, before);

    set_engine_clock(&in, 0xffffffffu);
    g_assert_cmpuint(get_engine_clock(&in), ==,
                     aemu_rs780_spll_decode(aemu_rs780_spll_encode(
                         0, RS780_SCLK_MAX_10KHZ, ref), ref));
    g_assert_cmphex(aemu_test_rreg(r.h, mmCG_SPLL_FUNC_CNTL) &
                    ~RS780_SPLL_DIVIDER_MASK, ==, SPLL_SLEEP | SPLL_BYPASS_EN);
    set_engine_clock(&in, 1);
    g_assert_cmpuint(get_engine_clock(&in), ==,
                     aemu_rs780_spll_decode(aemu_rs780_spll_encode(
                         0, RS780_SCLK_MIN_10KHZ, ref), ref));

    for (uint32_t v = 0; v < 0x01000000u; v += 0x0003f1u) {
        aemu_test_wreg(r.h, mmCG_SPLL_FUNC_CNTL, v * 0x9du);
        g_assert_cmpuint(get_engine_clock(&in), ==,
                         aemu_rs780_spll_decode(v * 0x9du, ref));
    }
    aemu_test_wreg(r.h, mmCG_SPLL_FUNC_CNTL, 0);
    g_assert_cmpuint(get_engine_clock(&in), ==, 0);
    aemu_test_host_free(r.h);
}

/*
 * A device reset leaves the PLL at the FirmwareInfo clock (what the POST
 * programmed); ASIC_Init, which radeon runs on resume with the
 * FirmwareInfo clocks, puts it back there after a change.
 */
static void test_boot_clock_and_asic_init(void)
{
    Rom r = rs780_rom();
    AtomInterp in = { .h = r.h, .rom = r.b };
    uint32_t ref = ref_clk(&r);
    uint32_t dflt = ai_rd32(r.b, r.fwi + FWI_DEFAULT_SCLK);
    uint32_t boot = aemu_test_rreg(r.h, mmCG_SPLL_FUNC_CNTL);
    /* atom_asic_init's 16 dwords: both clocks, then zeros. */
    uint32_t ps[16] = { dflt, 40000 };

    g_assert_cmphex(boot, ==, aemu_rs780_spll_encode(0, dflt, ref));
    g_assert_cmpuint(get_engine_clock(&in), ==,
                     aemu_rs780_spll_decode(boot, ref));
    set_engine_clock(&in, 20000);
    g_assert_cmphex(aemu_test_rreg(r.h, mmCG_SPLL_FUNC_CNTL), !=, boot);
    g_assert_true(atom_interp_run(&in, SLOT_ASIC_INIT, ps, 16));
    g_assert_cmphex(aemu_test_rreg(r.h, mmCG_SPLL_FUNC_CNTL), ==, boot);
    /* The clocks are left as passed; SetEngineClock's own copy follows. */
    g_assert_cmpuint(ps[0], ==, dflt);
    g_assert_cmpuint(ps[1], ==, 40000);
    g_assert_cmpuint(ps[2], ==, dflt);

    set_engine_clock(&in, 20000);
    aemu_device_reset_internal(r.h->dev, AEMU_RESET_COLD);
    g_assert_cmphex(aemu_test_rreg(r.h, mmCG_SPLL_FUNC_CNTL), ==, boot);
    aemu_test_host_free(r.h);
}

int main(int argc, char **argv)
{
    g_test_init(&argc, &argv, NULL);
    g_test_add_func("/rs780-pm/powerplay", test_powerplay);
    g_test_add_func("/rs780-pm/set-get-engine-clock",
                    test_set_get_engine_clock);
    g_test_add_func("/rs780-pm/divider-sweep", test_divider_sweep);
    g_test_add_func("/rs780-pm/bounds", test_bounds);
    g_test_add_func("/rs780-pm/boot-clock-asic-init",
                    test_boot_clock_and_asic_init);
    return g_test_run();
}
