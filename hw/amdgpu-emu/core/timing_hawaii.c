/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * amdgpu-emu core: what work costs on Hawaii (timing.h), the R9 290X this
 * device presents. Each figure says where it comes from: a published
 * figure (docs/timing.md lists the sources and what the guest measures
 * against them) or "(inferred)" with the reasoning. Calibrated against
 * scripts/bench-timing.sh.
 */
#include "aemu-internal.h"
#include "shader_costs_gcn.h"
#include "pm4_cik.h"
#include "sdma_cik_pkt.h"
#include "timing_gcn.h"

/*
 * Shader instruction costs: GCN's, with doubles at 1/8 of the single rate
 * (the R9 290X this device presents: 5.6 TFLOPS single, 704 GFLOPS double;
 * the FirePro Hawaii parts run 1/2). Every double op, add included, runs
 * at that rate.
 */
static const uint8_t hawaii_shader_class_cycles[AEMU_SH_CLASS_COUNT] = {
    SH_COSTS_GCN_COMMON,
    [AEMU_SH_CLASS_VALU_DOUBLE] = SH_COST_DOUBLE_RATE(8),
    [AEMU_SH_CLASS_VALU_DOUBLE_ADD] = SH_COST_DOUBLE_RATE(8),
    [AEMU_SH_CLASS_VALU_DOUBLE_TRANSCENDENTAL] = SH_COST_DOUBLE_RATE(8),
};

static const AemuOpCycles hawaii_cp_ops[] = { TIMING_GCN_CP_OPS };
static const AemuOpCycles hawaii_sdma_ops[] = {
    TIMING_GCN_SDMA_OPS(SDMA_OPCODE_COPY, SDMA_OPCODE_WRITE,
                        SDMA_OPCODE_POLL_REG_MEM, SDMA_OPCODE_CONSTANT_FILL,
                        SDMA_OPCODE_GENERATE_PTE_PDE)
};

const AemuTiming aemu_timing_hawaii = {
    /* The R9 290X's "up to" engine clock (AMD; review: Tom's Hardware). */
    .engine_mhz = 1000,
    .engine = TIMING_GCN_ENGINES(hawaii_cp_ops, hawaii_sdma_ops),
    /* 512-bit GDDR5 at 5 Gbps (AMD's R9 290X figure). */
    .vram_mb_s = 320000,
    /*
     * What a Hawaii-core board moves over PCIe 3.0 x16 with AMD's own
     * runtime: clpeak on an R9 390 (Grenada, the same gfx701 core),
     * 8.66 GB/s host to device, 5.75 GB/s device to host.
     */
    .sys_read_mb_s = 8660,
    .sys_write_mb_s = 5750,
    .irq_ns = TIMING_GCN_IRQ_NS,
    .shader_class_cycles = hawaii_shader_class_cycles,
};
