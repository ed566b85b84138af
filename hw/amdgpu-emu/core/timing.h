/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * amdgpu-emu core: the timing model's cost tables (what work costs on a
 * chip) and the cost function the scheduler and the timeline share.
 *
 * An engine's step costs:
 *   - its packets' front-end cycles at the engine clock: every budget unit
 *     (a packet, or a chunk of a long one) costs the class's packet_cycles,
 *     and a packet the class's op table names costs its entry instead;
 *   - latencies the packets state (aemu_engine_latency): an idle engine's
 *     launch, an IB's fetch, a fence's write and interrupt, a register
 *     read, a firmware's own time;
 *   - the bytes it moved: the memory paths work in parallel (VRAM's one
 *     bus for reads and writes, PCIe's two directions), so the step takes
 *     as long as its busiest path, or as the engine's own copy rate allows
 *     if that is slower.
 * Every figure in the per-chip tables (timing_*.c) carries its source;
 * docs/timing.md holds them side by side with the published figures they
 * were calibrated against.
 */
#ifndef AMDGPU_EMU_TIMING_H
#define AMDGPU_EMU_TIMING_H

#include <stdint.h>
#include <stdbool.h>

/* What kind of engine pays: each has its own front end and copy rate. */
typedef enum AemuEngineClass {
    AEMU_ENGINE_CLASS_OTHER = 0,    /* firmware engines: PSP, HWS, SPI */
    AEMU_ENGINE_CLASS_GFX,          /* the CP's gfx ring (PFP/ME) */
    AEMU_ENGINE_CLASS_COMPUTE,      /* an MEC queue, PM4 or AQL */
    AEMU_ENGINE_CLASS_SDMA,         /* an SDMA queue */
    AEMU_ENGINE_CLASS_COUNT
} AemuEngineClass;

/* The paths bytes take, as gpumem.c counts them. */
typedef enum AemuPath {
    AEMU_PATH_SYS_READ = 0,         /* the GPU reads system memory (PCIe) */
    AEMU_PATH_SYS_WRITE,            /* the GPU writes system memory */
    AEMU_PATH_VRAM_READ,
    AEMU_PATH_VRAM_WRITE,
    AEMU_PATH_COUNT
} AemuPath;

static inline AemuPath aemu_path(bool vram, bool write)
{
    return (AemuPath)((vram ? AEMU_PATH_VRAM_READ : AEMU_PATH_SYS_READ) +
                      (write ? 1 : 0));
}

typedef struct AemuBytes {
    uint64_t n[AEMU_PATH_COUNT];
} AemuBytes;

/* A packet whose front-end cost differs from the class's packet_cycles. */
typedef struct AemuOpCycles {
    uint8_t opcode;                 /* PM4 IT opcode, or SDMA op */
    uint16_t cycles;
} AemuOpCycles;

/* Packet opcodes are eight bits on both the CP and SDMA. */
#define AEMU_TIMING_OPCODES 256u

typedef struct AemuEngineCosts {
    uint16_t packet_cycles;         /* a budget unit: fetch and decode */
    const AemuOpCycles *ops;        /* per-opcode exceptions, or NULL */
    unsigned num_ops;
    uint32_t launch_ns;             /* idle until a wptr/doorbell write */
    uint32_t ib_ns;                 /* an IB's fetch starting */
    uint32_t fence_ns;              /* a fence write after the work before */
    uint32_t reg_read_ns;           /* a register read by the engine */
    uint32_t copy_mb_s;             /* its own copy rate (0: none) */
} AemuEngineCosts;

typedef struct AemuTiming {
    uint32_t engine_mhz;
    AemuEngineCosts engine[AEMU_ENGINE_CLASS_COUNT];
    uint32_t vram_mb_s;             /* reads and writes share the bus */
    uint32_t sys_read_mb_s;         /* GPU reads of system memory */
    uint32_t sys_write_mb_s;        /* GPU writes to system memory */
    uint32_t irq_ns;                /* an IV written until the MSI */
    const uint8_t *shader_class_cycles;     /* AEMU_SH_CLASS_COUNT entries */
} AemuTiming;

/* The chips' tables (timing_hawaii.c, timing_vega10.c). */
extern const AemuTiming aemu_timing_hawaii;
extern const AemuTiming aemu_timing_vega10;
extern const AemuTiming aemu_timing_rs780;
extern const AemuTiming aemu_timing_topaz;

/* ns of cycles at the engine clock. */
static inline uint64_t aemu_cycles_ns(const AemuTiming *t, uint64_t cycles)
{
    return cycles * 1000 / t->engine_mhz;
}

/*
 * Modelled ns of a step of class cls: units of budget at packet_cycles and
 * the bytes moved per path (what the packets' own latencies add is not in
 * here: the scheduler sums those).
 */
double aemu_timing_work_ns(const AemuTiming *t, AemuEngineClass cls,
                           uint64_t units, const AemuBytes *bytes);

/* Is every figure a table needs there (a unit test checks every chip)? */
bool aemu_timing_valid(const AemuTiming *t, const char **why);

#endif
