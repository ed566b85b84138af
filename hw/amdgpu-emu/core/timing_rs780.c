/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * amdgpu-emu core: what work costs on the RS780 (timing.h), the Radeon HD
 * 3200 IGP of the AMD 780G northbridge. Each figure says where it comes
 * from (docs/radeon.md, "RS780").
 */
#include "aemu-internal.h"
#include "shader_costs_gcn.h"
#include "pm4_r600.h"
#include "timing_gcn.h"

/*
 * The contract wants shader costs; no shader runs on this chip (the R600
 * VLIW ISA is not modelled and pm4_r600.c has no dispatch), so GCN's
 * table stands in and is never read.
 */
static const uint8_t rs780_shader_class_cycles[AEMU_SH_CLASS_COUNT] = {
    SH_COSTS_GCN_COMMON,
};

/*
 * The R600 CP is the PFP/ME pair GCN's gfx CP grew from: the same kind of
 * microcode front end, so GCN's per-packet costs (inferred there) apply,
 * with R600's opcode numbers. The model has no DMA engine on this chip
 * (radeon leaves R6xx's DMA ring off): the SDMA class keeps the front-end
 * costs the table contract requires and no per-opcode exceptions.
 */
static const AemuOpCycles rs780_cp_ops[] = {
    { R600_PACKET3_SURFACE_SYNC, 1000 },
    { R600_PACKET3_EVENT_WRITE, 100 },
    { R600_PACKET3_CP_DMA, 50 },
    { R600_PACKET3_WAIT_REG_MEM, 16 },
};

const AemuTiming aemu_timing_rs780 = {
    /* The HD 3200's engine clock: 500 MHz (AMD 780G product brief). */
    .engine_mhz = 500,
    .engine = {
        [AEMU_ENGINE_CLASS_OTHER] = {
            .packet_cycles = TIMING_GCN_PACKET_CYCLES,
            .launch_ns = TIMING_GCN_FIRMWARE_LAUNCH_NS,
        },
        [AEMU_ENGINE_CLASS_GFX] = {
            TIMING_GCN_CP_FRONT_END,
            .ops = rs780_cp_ops, .num_ops = G_N_ELEMENTS(rs780_cp_ops),
        },
        [AEMU_ENGINE_CLASS_COMPUTE] = { TIMING_GCN_CP_FRONT_END },
        [AEMU_ENGINE_CLASS_SDMA] = { TIMING_GCN_SDMA_FRONT_END },
    },
    /*
     * UMA: the carve-out is system memory behind the CPU's controller,
     * dual-channel DDR2-800 (12.8 GB/s peak), shared with the CPU; the
     * GPU reaches it through the HyperTransport 3 link of the 780G
     * (10.4 GB/s each way at 2.6 GHz x16), which bounds both paths
     * (inferred: the link is the narrower of the two).
     */
    .vram_mb_s = 10400,
    .sys_read_mb_s = 10400,
    .sys_write_mb_s = 10400,
    .irq_ns = TIMING_GCN_IRQ_NS,
    .shader_class_cycles = rs780_shader_class_cycles,
};
