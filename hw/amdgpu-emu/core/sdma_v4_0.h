/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * amdgpu-emu core: SDMA 4.0 (Vega10), what the engine (sdma_v4_0.c) and
 * its packet table (sdma_v4_0_packets.c) share beyond sdma_common.h, and
 * the RLC (user) queue interface the hardware scheduler (gfx_v9_hws.c)
 * maps KFD's SDMA queues through.
 */
#ifndef AMDGPU_EMU_SDMA_V4_0_H
#define AMDGPU_EMU_SDMA_V4_0_H

#include "sdma_common.h"
#include "sdma_v4_0_pkt.h"

/* IV sources (ivsrcid/sdma0/irqsrcs_sdma0_4_0.h). */
#define SDMA0_4_0__SRCID__SDMA_TRAP         224
#define SDMA0_4_0__SRCID__SDMA_SRBMWRITE    247
/*
 * The 4.0 source list has no illegal-instruction entry and
 * sdma_v4_0_sw_init registers none for its illegal_inst_irq; the model
 * posts CIK's 241 (the number 4.0 leaves unnamed between PREEMPT 240 and
 * VM_HOLE 242), which the v4 driver logs as unhandled (inferred). The
 * queue's hang is what the driver's job timeout sees either way.
 */
#define SDMA4_IV_SRCID_ILLEGAL_INST         241

/* IV clients (soc15_ih_clientid.h). */
#define SOC15_IH_CLIENTID_SDMA0 0x08
#define SOC15_IH_CLIENTID_SDMA1 0x09

/*
 * KFD's SDMA user queues: the RLC queues of each engine (RLC0..RLC1 on
 * Vega10; KFD's num_sdma_queues_per_engine is 2) and their MQD, struct
 * v9_sdma_mqd (v9_structs.h): 128 dwords, the queue's registers from
 * SDMA0_RLC0_RB_CNTL on in register order without the map's holes (42
 * dwords), reserved dwords, then the engine and queue KFD allocated.
 */
#define AEMU_SDMA_V4_RLC_QUEUES     2
#define AEMU_SDMA_V4_MQD_DW         128
#define AEMU_SDMA_V4_MQD_REGS       42
#define AEMU_SDMA_V4_MQD_ENGINE_ID  126     /* sdma_engine_id */
#define AEMU_SDMA_V4_MQD_QUEUE_ID   127     /* sdma_queue_id */

/*
 * Map a user queue, as the scheduler's MAP_QUEUES with ENGINE_SEL SDMA0/1
 * does: load the MQD image mqd (AEMU_SDMA_V4_MQD_DW dwords, host order)
 * into the RLC queue of engine its sdma_queue_id names, running in vmid
 * (RB_VMID), its doorbell at byte offset doorbell of the doorbell BAR
 * enabled, its write pointer *wptr (bytes, read by the scheduler from the
 * user's address; NULL: the image's), and start it. Returns the RLC queue
 * (0..AEMU_SDMA_V4_RLC_QUEUES - 1), or -1 after a guest error when the MQD
 * cannot run (another engine's, a queue the engine lacks, a ring larger
 * than the engine takes, the RLC queue already running).
 */
int aemu_sdma_v4_rlc_map(AemuDevice *d, unsigned engine, const uint32_t *mqd,
                         unsigned vmid, uint32_t doorbell,
                         const uint64_t *wptr);
/*
 * Preempt RLC queue `queue` of engine: stop it (RB_ENABLE and the doorbell
 * off) and save its registers, the read pointer at the packet to resume
 * from, into mqd[0 .. AEMU_SDMA_V4_MQD_REGS - 1] (host order; the rest of
 * the image is not touched). False if there is no such queue.
 */
bool aemu_sdma_v4_rlc_unmap(AemuDevice *d, unsigned engine, unsigned queue,
                            uint32_t *mqd);

/* sdma_v4_0_packets.c */
const SdmaPacketDesc *sdma_v4_0_packet_lookup(uint32_t header);
const char *sdma_v4_0_packet_unmodelled(uint32_t header);

#endif
