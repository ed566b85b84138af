/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * amdgpu-emu core: what work costs on Vega10 (timing.h), the RX Vega 64
 * this device presents. Each figure says where it comes from: a published
 * figure (docs/timing.md lists the sources and what the guest measures
 * against them) or "(inferred)" with the reasoning. Calibrated against
 * scripts/bench-timing.sh.
 */
#include "aemu-internal.h"
#include "shader_costs_gcn.h"
#include "pm4_soc15.h"
#include "sdma_v4_0_pkt.h"
#include "timing_gcn.h"

/*
 * Shader instruction costs: GCN's, with doubles at 1/16 of the single rate
 * (RX Vega 64), and ACO's split for the adds, which it charges at twice
 * that rate on gfx6-gfx9.
 */
static const uint8_t vega10_shader_class_cycles[AEMU_SH_CLASS_COUNT] = {
    SH_COSTS_GCN_COMMON,
    [AEMU_SH_CLASS_VALU_DOUBLE] = SH_COST_DOUBLE_RATE(16),
    [AEMU_SH_CLASS_VALU_DOUBLE_ADD] = SH_COST_DOUBLE_RATE(8),
    [AEMU_SH_CLASS_VALU_DOUBLE_TRANSCENDENTAL] = SH_COST_DOUBLE_RATE(16),
};

static const AemuOpCycles vega10_cp_ops[] = { TIMING_GCN_CP_OPS };
static const AemuOpCycles vega10_sdma_ops[] = {
    TIMING_GCN_SDMA_OPS(SDMA_OP_COPY, SDMA_OP_WRITE, SDMA_OP_POLL_REGMEM,
                        SDMA_OP_CONST_FILL, SDMA_OP_PTEPDE)
};

const AemuTiming aemu_timing_vega10 = {
    /* The RX Vega 64's boost clock (review: 1247 base, 1546 boost). */
    .engine_mhz = 1546,
    .engine = TIMING_GCN_ENGINES(vega10_cp_ops, vega10_sdma_ops),
    /*
     * 2048-bit HBM2 at 945 MHz: 484 GB/s (review: TechPowerUp). A copy
     * kernel reaches 295 GB/s of it (GPU-STREAM on a Vega FE).
     */
    .vram_mb_s = 484000,
    /*
     * ROCm's pinned host to device copies on a Vega FE: 1 MB in 118.4 us,
     * 512 kB in 65.6 us, so 52.8 us per 512 kB beyond the fixed cost:
     * 9930 MB/s. No device-to-host figure for the chip: PCIe carries both
     * directions alike (a gfx906 board on PCIe 3.0: 11.9 and 11.5 GB/s),
     * so the same (inferred).
     */
    .sys_read_mb_s = 9930,
    .sys_write_mb_s = 9930,
    .irq_ns = TIMING_GCN_IRQ_NS,
    .shader_class_cycles = vega10_shader_class_cycles,
};
