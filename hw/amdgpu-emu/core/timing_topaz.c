/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * amdgpu-emu core: what work costs on Topaz (timing.h), as the Radeon
 * R7 M260 (Topaz XT, 6 CUs) this device presents. Each figure says where
 * it comes from; the packet costs are GCN's (timing_gcn.h), as on Hawaii:
 * the CP and SDMA front ends of gfx8 are the same generation's.
 */
#include "aemu-internal.h"
#include "shader_costs_gcn.h"
#include "pm4_cik.h"
#include "sdma_cik_pkt.h"
#include "timing_gcn.h"

/* Doubles at 1/16 of the single rate (R7 M260: 752.6 GFLOPS single, 47.04 double). */
static const uint8_t topaz_shader_class_cycles[AEMU_SH_CLASS_COUNT] = {
    SH_COSTS_GCN_COMMON,
    [AEMU_SH_CLASS_VALU_DOUBLE] = SH_COST_DOUBLE_RATE(16),
    [AEMU_SH_CLASS_VALU_DOUBLE_ADD] = SH_COST_DOUBLE_RATE(16),
    [AEMU_SH_CLASS_VALU_DOUBLE_TRANSCENDENTAL] = SH_COST_DOUBLE_RATE(16),
};

static const AemuOpCycles topaz_cp_ops[] = { TIMING_GCN_CP_OPS };
static const AemuOpCycles topaz_sdma_ops[] = {
    TIMING_GCN_SDMA_OPS(SDMA_OPCODE_COPY, SDMA_OPCODE_WRITE,
                        SDMA_OPCODE_POLL_REG_MEM, SDMA_OPCODE_CONSTANT_FILL,
                        SDMA_OPCODE_GENERATE_PTE_PDE)
};

const AemuTiming aemu_timing_topaz = {
    /* The R7 M260's boost clock (TechPowerUp's GPU database: 940/980 MHz). */
    .engine_mhz = 980,
    .engine = TIMING_GCN_ENGINES(topaz_cp_ops, topaz_sdma_ops),
    /* 64-bit DDR3 at 1800 Mbps: 14.4 GB/s (same database). */
    .vram_mb_s = 14400,
    /*
     * PCIe 3.0 x8 (same database): half the lanes of Hawaii's x16, so half
     * its measured rates (timing_hawaii.c) (inferred).
     */
    .sys_read_mb_s = 4330,
    .sys_write_mb_s = 2875,
    .irq_ns = TIMING_GCN_IRQ_NS,
    .shader_class_cycles = topaz_shader_class_cycles,
};
