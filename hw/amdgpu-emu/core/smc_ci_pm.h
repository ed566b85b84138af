/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * amdgpu-emu core: what a CI SMC's firmware measures and reports while DPM
 * runs (smc_ci_pm.c): the clock of the level it runs at, read from the DPM
 * table the driver uploaded, the engines' activity, package power and die
 * temperature. smc_ci.c owns the SMC's SRAM and registers and calls these.
 */
#ifndef AEMU_SMC_CI_PM_H
#define AEMU_SMC_CI_PM_H

#include <stdbool.h>
#include <stdint.h>

typedef struct AemuDevice AemuDevice;

/* The SMC's SRAM: the bottom of its address space (ci_dpm's SMC_RAM_END). */
#define AEMU_SMC_SRAM_SIZE  0x40000u

/* SMU7_FIRMWARE_HEADER_LOCATION (smu7.h): where the image starts. */
#define SMU7_FIRMWARE_HEADER_LOCATION       0x20000u

/* Activity the firmware last averaged, and where its window started. */
typedef struct AemuSmcPm {
    uint64_t window_ns;         /* virtual time of the last sample */
    uint64_t gfx_busy_ns;       /* gfx + compute engines' busy time then */
    uint64_t mem_busy_ns;       /* SDMA engines' busy time then */
    uint32_t gfx_activity;      /* percent, 8.8 fixed point (SMU7 format) */
    uint32_t mem_activity;
} AemuSmcPm;

/*
 * Where the firmware finds its DPM levels: the byte offsets, inside the
 * SMU's firmware header and discrete DPM table (both #pragma pack(1)), of
 * what the model reads. SMU7 (CI: smu7_discrete.h) and SMU71 (Iceland:
 * smu71_discrete.h) put the same fields at different places.
 */
typedef struct AemuSmcDpmLayout {
    uint32_t hdr_dpm_table;         /* Firmware_Header.DpmTable */
    uint32_t graphics_level_count;  /* u8 GraphicsDpmLevelCount */
    uint32_t memory_level_count;    /* u8 MemoryDpmLevelCount */
    uint32_t graphics_level;        /* GraphicsLevel[] */
    uint32_t graphics_level_size;   /* sizeof(..._GraphicsLevel) */
    uint32_t sclk_frequency;        /* GraphicsLevel.SclkFrequency (u32) */
    uint32_t memory_level;          /* MemoryLevel[] */
    uint32_t memory_level_size;     /* sizeof(..._MemoryLevel) */
    uint32_t mclk_frequency;        /* MemoryLevel.MclkFrequency (u32) */
    uint32_t graphics_boot_level;   /* u8 GraphicsBootLevel */
    uint32_t memory_boot_level;     /* u8 MemoryBootLevel */
    uint32_t table_size;            /* sizeof(..._DpmTable) */
    unsigned max_sclk_levels;       /* GraphicsLevel[]'s length */
    unsigned max_mclk_levels;       /* MemoryLevel[]'s length */
} AemuSmcDpmLayout;

/* CI's SMU7_Discrete_DpmTable and Iceland's SMU71_Discrete_DpmTable. */
extern const AemuSmcDpmLayout aemu_smc_dpm_layout_smu7;
extern const AemuSmcDpmLayout aemu_smc_dpm_layout_smu71;

/* Which DPM domain a level index or clock query is about. */
typedef enum AemuSmcDomain {
    AEMU_SMC_SCLK,
    AEMU_SMC_MCLK,
} AemuSmcDomain;

/*
 * The clock (10 kHz) of level `index` of the DPM table (laid out as `l`
 * says) the header in `sram` points to, or `fallback` when there is no
 * such level (no table uploaded yet, a pointer or index out of range).
 */
uint32_t aemu_smc_ci_level_clock(const AemuSmcDpmLayout *l,
                                 const uint32_t *sram, AemuSmcDomain dom,
                                 unsigned index, uint32_t fallback);

/* The table's boot level for the domain (0 without a table). */
unsigned aemu_smc_ci_boot_level(const AemuSmcDpmLayout *l,
                                const uint32_t *sram, AemuSmcDomain dom);

/* The highest clock of the table's levels, or fallback without a table. */
uint32_t aemu_smc_ci_top_clock(const AemuSmcDpmLayout *l,
                               const uint32_t *sram, AemuSmcDomain dom,
                               uint32_t fallback);

/*
 * Averages the engines' busy time since the last sample into the activity
 * figures, once at least AEMU_SMC_PM_WINDOW_NS of virtual time has passed.
 */
void aemu_smc_ci_pm_sample(AemuDevice *d, AemuSmcPm *pm);
void aemu_smc_ci_pm_reset(AemuDevice *d, AemuSmcPm *pm);

/* Package power, W in 24.8 fixed point (what SMU_PM_STATUS_95 holds). */
uint32_t aemu_smc_ci_power(const AemuSmcPm *pm, uint32_t sclk,
                           uint32_t sclk_top);

/* Die temperature in degrees C for a package power from aemu_smc_ci_power. */
uint32_t aemu_smc_ci_temperature(uint32_t power_24_8);

/* The activity sampling window (virtual ns). */
#define AEMU_SMC_PM_WINDOW_NS   10000000ull

#endif
