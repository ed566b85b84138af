/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * amdgpu-emu core: SDMA 4.0 (Vega10), what the engine (sdma_v4_0.c) and
 * its packet table (sdma_v4_0_packets.c) share beyond sdma_common.h.
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

/* sdma_v4_0_packets.c */
const SdmaPacketDesc *sdma_v4_0_packet_lookup(uint32_t header);
const char *sdma_v4_0_packet_unmodelled(uint32_t header);

#endif
