/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * amdgpu-emu core: the command processor's and SDMA's costs that Hawaii
 * and Vega10 share (timing.h). Both chips' CP (PFP/ME, MEC) and SDMA front
 * ends are the same kind of F32 microcontroller running packet handlers
 * from firmware, and nothing published gives a per-packet cost for either:
 * the cycles are inferred (the reasoning beside each), and the latencies
 * are set so that the guest's round trips meet the published small
 * submission figures (docs/timing.md, scripts/bench-timing.sh).
 */
#ifndef AMDGPU_EMU_TIMING_GCN_H
#define AMDGPU_EMU_TIMING_GCN_H

/*
 * A packet's front end: the header decoded and a handler of a few tens of
 * microcode instructions run at about one a cycle (inferred); a budget
 * unit (a packet, or a chunk of a long one) costs this much.
 */
#define TIMING_GCN_PACKET_CYCLES 8

/*
 * A doorbell or write-pointer write reaches the engine as a posted PCIe
 * write (about half a read's round trip), and the front end then fetches
 * the ring: a read round trip to system memory, where the drivers keep
 * their rings (a PCIe read round trip: 1.58 us in pcie-lat's example).
 * Calibrated with the fence: see docs/timing.md.
 */
#define TIMING_GCN_LAUNCH_NS 2400
/* An IB's first fetch: one more read round trip (as above). */
#define TIMING_GCN_IB_NS 1600
/*
 * A fence: the work before it drains from the pipeline and the caches
 * write back (EOP with a cache action) before the memory write (inferred:
 * about a microsecond, the same order as the L2 flush below).
 */
#define TIMING_GCN_FENCE_NS 1000
/*
 * A register the engine reads itself (COPY_DATA, WAIT_REG_MEM or
 * POLL_REGMEM on a register): on-chip, through the register bus, a few
 * hundred cycles (inferred; a CPU read over PCIe is 0.4-1.6 us).
 */
#define TIMING_GCN_REG_READ_NS 200
/*
 * The interrupt handler writes the IV to its ring in system memory and
 * sends the MSI: two posted PCIe writes (inferred from the read round trip
 * above: about 1 us).
 */
#define TIMING_GCN_IRQ_NS 1000

#define TIMING_GCN_CP_FRONT_END \
    .packet_cycles = TIMING_GCN_PACKET_CYCLES, \
    .launch_ns = TIMING_GCN_LAUNCH_NS, \
    .ib_ns = TIMING_GCN_IB_NS, \
    .fence_ns = TIMING_GCN_FENCE_NS, \
    .reg_read_ns = TIMING_GCN_REG_READ_NS

#define TIMING_GCN_SDMA_FRONT_END TIMING_GCN_CP_FRONT_END

/*
 * A firmware engine (the SPI taking a dispatch from the CP, the scheduler
 * firmware) is started on chip, not over PCIe: a few hundred cycles
 * (inferred).
 */
#define TIMING_GCN_FIRMWARE_LAUNCH_NS 500

/*
 * The engine classes of a GCN chip: firmware engines (HWS, SPI; PSP
 * states its own time) pay the packet cycles only; the CP's gfx ring and
 * compute queues share the CP's front end and op table; SDMA has its own.
 */
#define TIMING_GCN_ENGINES(cp_ops, sdma_ops) { \
    [AEMU_ENGINE_CLASS_OTHER] = { \
        .packet_cycles = TIMING_GCN_PACKET_CYCLES, \
        .launch_ns = TIMING_GCN_FIRMWARE_LAUNCH_NS, \
    }, \
    [AEMU_ENGINE_CLASS_GFX] = { \
        TIMING_GCN_CP_FRONT_END, \
        .ops = cp_ops, .num_ops = G_N_ELEMENTS(cp_ops), \
    }, \
    [AEMU_ENGINE_CLASS_COMPUTE] = { \
        TIMING_GCN_CP_FRONT_END, \
        .ops = cp_ops, .num_ops = G_N_ELEMENTS(cp_ops), \
    }, \
    [AEMU_ENGINE_CLASS_SDMA] = { \
        TIMING_GCN_SDMA_FRONT_END, \
        .ops = sdma_ops, .num_ops = G_N_ELEMENTS(sdma_ops), \
    }, \
}

/*
 * PM4 packets that cost more than a unit (inferred):
 *  - SURFACE_SYNC / ACQUIRE_MEM: a cache invalidate and write-back walks
 *    the L2 (1 MiB on Hawaii, 4 MiB on Vega10): about a microsecond;
 *  - EVENT_WRITE: a pipeline event (a partial flush) waits for the shader
 *    work before it to retire: a hundred cycles when there is none;
 *  - DISPATCH_DIRECT/INDIRECT: the SPI's set-up of the first wave;
 *  - DMA_DATA: the DMA's set-up (its bytes are priced by path);
 *  - WRITE_DATA, COPY_DATA, WAIT_REG_MEM: a memory or register access
 *    issued (their latencies are the path's or reg_read_ns).
 */
#define TIMING_GCN_CP_OPS \
    { PACKET3_SURFACE_SYNC, 1000 }, \
    { PACKET3_ACQUIRE_MEM, 1000 }, \
    { PACKET3_EVENT_WRITE, 100 }, \
    { PACKET3_DISPATCH_DIRECT, 100 }, \
    { PACKET3_DISPATCH_INDIRECT, 100 }, \
    { PACKET3_DMA_DATA, 50 }, \
    { PACKET3_WRITE_DATA, 16 }, \
    { PACKET3_COPY_DATA, 16 }, \
    { PACKET3_WAIT_REG_MEM, 16 }

/*
 * SDMA packets that cost more than a unit (inferred): a copy's, a fill's
 * and a page-table update's set-up (address translation of both ends),
 * a write's or a poll's memory access issued.
 */
#define TIMING_GCN_SDMA_OPS(copy, write, poll, fill, ptepde) \
    { copy, 32 }, \
    { fill, 32 }, \
    { ptepde, 32 }, \
    { write, 16 }, \
    { poll, 16 }

#endif
