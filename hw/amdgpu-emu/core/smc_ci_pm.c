/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * amdgpu-emu core: the measurements of a CI or Iceland SMC's firmware
 * (SMU7, SMU71).
 *
 * The SMC runs its DPM levels from the SMU7_Discrete_DpmTable (CI) or
 * SMU71_Discrete_DpmTable (Iceland) the driver built and uploaded
 * (ci_init_smc_table, radeon's and powerplay's; iceland_init_smc_table): the
 * clock it reports for GetSclkFrequency / GetMclkFrequency is the one of
 * the level it runs at, read from that table, so forcing a level or
 * narrowing the enabled mask shows in what the driver reads back.
 *
 * Activity (the soft registers AverageGraphicsActivity and
 * AverageMemoryActivity, smu7_read_sensor) is the share of virtual time the
 * engines spent on modelled work over the last window: gfx and compute
 * engines for graphics, SDMA for memory (the model has no memory-controller
 * counters; SDMA copies are the work that loads it most).
 *
 * Power and temperature are not simulated physics: package power is a
 * static part plus a dynamic part that scales with the running SCLK and the
 * graphics activity, up to the VBIOS PowerTune TDP at the top level under
 * full load; the die sits at ambient plus power times a thermal resistance
 * (steady state, no time constant). Both are plausible figures that move
 * with what the driver asks for, not measurements of a board.
 */
#include "aemu-internal.h"
#include "smc_ci_pm.h"

/*
 * smu7.h / smu7_discrete.h (CI) and smu71.h / smu71_discrete.h (Iceland):
 * byte offsets of the fields the firmware reads its levels from.
 */
const AemuSmcDpmLayout aemu_smc_dpm_layout_smu7 = {
    .hdr_dpm_table = 0x34,
    .graphics_level_count = 0x10c,
    .memory_level_count = 0x10d,
    .graphics_level = 0x128,
    .graphics_level_size = 0x38,
    .sclk_frequency = 0x0c,
    .memory_level = 0x330,
    .memory_level_size = 0x48,
    .mclk_frequency = 0x10,
    .graphics_boot_level = 0x770,
    .memory_boot_level = 0x77a,
    .table_size = 0x7e8,
    .max_sclk_levels = 8,           /* SMU__NUM_SCLK_DPM_STATE */
    .max_mclk_levels = 6,           /* SMU__NUM_MCLK_DPM_LEVELS */
};

/* SMU71: smaller graphics levels, four memory levels (SMU71 with DGPU). */
const AemuSmcDpmLayout aemu_smc_dpm_layout_smu71 = {
    .hdr_dpm_table = 0x34,
    .graphics_level_count = 0x10c,
    .memory_level_count = 0x10d,
    .graphics_level = 0x124,
    .graphics_level_size = 0x30,
    .sclk_frequency = 0x08,
    .memory_level = 0x2ec,
    .memory_level_size = 0x48,
    .mclk_frequency = 0x10,
    .graphics_boot_level = 0x544,
    .memory_boot_level = 0x54e,
    .table_size = 0x5c8,
    .max_sclk_levels = 8,           /* SMU71_MAX_LEVELS_GRAPHICS */
    .max_mclk_levels = 4,           /* SMU71_MAX_LEVELS_MEMORY */
};

/* Power model (see the header comment): mW. */
#define PM_STATIC_MW                    15000u
#define PM_DYNAMIC_MW                   235000u /* + static = the 250 W TDP */
/* Share of the dynamic power an idle GPU still burns (clock tree), in %. */
#define PM_IDLE_DYNAMIC_PCT             10u
/* Thermal model: ambient (degrees C) and resistance (milli-degrees per W). */
#define PM_AMBIENT_C                    25u
#define PM_THERMAL_MC_PER_W             200u
#define PERCENT_8_8                     (100u << 8)

/*
 * A big-endian byte or dword of SMC SRAM at SMC address addr: the driver
 * streams the image and its tables as big-endian dwords, so the SRAM word
 * holds the value and byte 0 of a word is its top byte.
 */
static uint32_t sram_dword(const uint32_t *sram, uint32_t addr)
{
    return sram[(addr % AEMU_SMC_SRAM_SIZE) / 4];
}

static uint8_t sram_byte(const uint32_t *sram, uint32_t addr)
{
    return sram_dword(sram, addr & ~3u) >> (8 * (3 - (addr & 3)));
}

/* Where the DPM table starts, or 0 if the header points nowhere sensible. */
static uint32_t dpm_table(const AemuSmcDpmLayout *l, const uint32_t *sram)
{
    uint32_t t = sram_dword(sram, SMU7_FIRMWARE_HEADER_LOCATION +
                                  l->hdr_dpm_table);

    if (t == 0 || t % 4 || t >= AEMU_SMC_SRAM_SIZE ||
        AEMU_SMC_SRAM_SIZE - t < l->table_size) {
        return 0;
    }
    return t;
}

static unsigned level_count(const AemuSmcDpmLayout *l, const uint32_t *sram,
                            uint32_t t, AemuSmcDomain dom)
{
    unsigned n, max;

    if (dom == AEMU_SMC_SCLK) {
        n = sram_byte(sram, t + l->graphics_level_count);
        max = l->max_sclk_levels;
    } else {
        n = sram_byte(sram, t + l->memory_level_count);
        max = l->max_mclk_levels;
    }
    return n < max ? n : max;
}

uint32_t aemu_smc_ci_level_clock(const AemuSmcDpmLayout *l,
                                 const uint32_t *sram, AemuSmcDomain dom,
                                 unsigned index, uint32_t fallback)
{
    uint32_t t = dpm_table(l, sram);
    uint32_t clk;

    if (!t || index >= level_count(l, sram, t, dom)) {
        return fallback;
    }
    if (dom == AEMU_SMC_SCLK) {
        clk = sram_dword(sram, t + l->graphics_level +
                               index * l->graphics_level_size +
                               l->sclk_frequency);
    } else {
        clk = sram_dword(sram, t + l->memory_level +
                               index * l->memory_level_size +
                               l->mclk_frequency);
    }
    /* A level the driver left empty runs at no clock it could name. */
    return clk ? clk : fallback;
}

unsigned aemu_smc_ci_boot_level(const AemuSmcDpmLayout *l,
                                const uint32_t *sram, AemuSmcDomain dom)
{
    uint32_t t = dpm_table(l, sram);
    unsigned level;

    if (!t) {
        return 0;
    }
    level = sram_byte(sram, t + (dom == AEMU_SMC_SCLK ? l->graphics_boot_level
                                                      : l->memory_boot_level));
    return level < level_count(l, sram, t, dom) ? level : 0;
}

uint32_t aemu_smc_ci_top_clock(const AemuSmcDpmLayout *l,
                               const uint32_t *sram, AemuSmcDomain dom,
                               uint32_t fallback)
{
    uint32_t t = dpm_table(l, sram);
    uint32_t top = 0;

    if (!t) {
        return fallback;
    }
    for (unsigned i = 0; i < level_count(l, sram, t, dom); i++) {
        uint32_t c = aemu_smc_ci_level_clock(l, sram, dom, i, 0);

        top = c > top ? c : top;
    }
    return top ? top : fallback;
}

/* Busy time of the engines of one kind, since the scheduler's reset. */
static void engines_busy(AemuDevice *d, uint64_t *gfx, uint64_t *mem)
{
    *gfx = *mem = 0;
    for (unsigned i = 0; i < aemu_engine_count(d); i++) {
        AemuEngine *e = aemu_engine_at(d, i);

        if (e->cls == AEMU_ENGINE_CLASS_GFX ||
            e->cls == AEMU_ENGINE_CLASS_COMPUTE) {
            *gfx += e->busy_ns;
        } else if (e->cls == AEMU_ENGINE_CLASS_SDMA) {
            *mem += e->busy_ns;
        }
    }
}

/* busy of window, as an 8.8 percentage capped at 100 %. */
static uint32_t share(uint64_t busy, uint64_t window)
{
    uint64_t pct = busy * PERCENT_8_8 / window;

    return pct > PERCENT_8_8 ? PERCENT_8_8 : (uint32_t)pct;
}

void aemu_smc_ci_pm_reset(AemuDevice *d, AemuSmcPm *pm)
{
    pm->window_ns = aemu_clock_ns(d);
    engines_busy(d, &pm->gfx_busy_ns, &pm->mem_busy_ns);
    pm->gfx_activity = 0;
    pm->mem_activity = 0;
}

void aemu_smc_ci_pm_sample(AemuDevice *d, AemuSmcPm *pm)
{
    uint64_t now = aemu_clock_ns(d);
    uint64_t gfx, mem;

    engines_busy(d, &gfx, &mem);
    /* A scheduler reset (GPU reset) restarts the busy counters. */
    if (now < pm->window_ns || gfx < pm->gfx_busy_ns || mem < pm->mem_busy_ns) {
        aemu_smc_ci_pm_reset(d, pm);
        return;
    }
    if (now - pm->window_ns < AEMU_SMC_PM_WINDOW_NS) {
        return;
    }
    pm->gfx_activity = share(gfx - pm->gfx_busy_ns, now - pm->window_ns);
    pm->mem_activity = share(mem - pm->mem_busy_ns, now - pm->window_ns);
    pm->window_ns = now;
    pm->gfx_busy_ns = gfx;
    pm->mem_busy_ns = mem;
}

uint32_t aemu_smc_ci_power(const AemuSmcPm *pm, uint32_t sclk,
                           uint32_t sclk_top)
{
    uint64_t load = PM_IDLE_DYNAMIC_PCT * PERCENT_8_8 / 100 +
                    (uint64_t)(100 - PM_IDLE_DYNAMIC_PCT) * pm->gfx_activity / 100;
    uint64_t mw = PM_STATIC_MW;

    if (sclk_top) {
        uint64_t s = sclk < sclk_top ? sclk : sclk_top;

        mw += (uint64_t)PM_DYNAMIC_MW * s / sclk_top * load / PERCENT_8_8;
    }
    /* 24.8 fixed point watts: amdgpu_hwmon_get_power's format. */
    return (uint32_t)((mw / 1000) << 8 | (mw % 1000) * 256 / 1000);
}

uint32_t aemu_smc_ci_temperature(uint32_t power_24_8)
{
    uint64_t mc = (uint64_t)PM_THERMAL_MC_PER_W * power_24_8 / 256;

    return PM_AMBIENT_C + (uint32_t)(mc / 1000);
}
