/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * amdgpu-emu core: CIK SDMA, what the queue engine (sdma_cik.c) and the
 * packet decoder (sdma_cik_packets.c) share beyond sdma_common.h.
 *
 * Each of the ASIC's SDMA instances has three queues that run: the gfx
 * queue the drivers use and the two RLC queues KFD gives user processes.
 * Each is a ring in GPU memory (fetched in the queue's VMID) and, while an
 * INDIRECT_BUFFER runs, the IB. The queue itself (SdmaQueue) and the
 * handlers of the packets SDMA 4.0 kept unchanged are shared
 * (sdma_common.c, sdma_packets_common.c).
 */
#ifndef AMDGPU_EMU_SDMA_CIK_H
#define AMDGPU_EMU_SDMA_CIK_H

#include "sdma_common.h"
#include "sdma_cik_pkt.h"

/* Instances this model can hold (amdgpu's SDMA_MAX_INSTANCE on CIK). */
#define SDMA_CIK_MAX_INSTANCES 2
/*
 * RLC queues per instance: the register map has RLC0 and RLC1, and KFD
 * uses both (kfd_device_info_init: num_sdma_queues_per_engine 2 on CIK).
 */
#define SDMA_CIK_RLC_QUEUES 2
/* The gfx queue, then RLC0 and RLC1. */
#define SDMA_CIK_QUEUES (1 + SDMA_CIK_RLC_QUEUES)

/* A queue of an instance: the shared queue, where its registers are. */
typedef struct SdmaCikQueue {
    SdmaQueue sq;
    unsigned index;             /* 0 the gfx queue, 1 + n RLCn */
    uint32_t block;             /* its register block, from the gfx queue's */
    bool doorbell_claimed;      /* RLC only: its doorbell is claimed */
} SdmaCikQueue;

typedef struct AemuSdma {
    unsigned num;
    SdmaCikQueue q[SDMA_CIK_MAX_INSTANCES][SDMA_CIK_QUEUES];
} AemuSdma;

/*
 * sdma_cik.c's engine, shared by the SDMA 2.4 block (sdma_v2_4.c): its
 * init (gfx_trap_context: the gfx queue's TRAP carries INT_CONTEXT) and
 * the block hooks.
 */
void sdma_cik_init_engines(AemuDevice *d, void *priv, bool gfx_trap_context);
void sdma_cik_reset(AemuDevice *d, void *priv, AemuResetKind kind);
void sdma_cik_soft_reset(AemuDevice *d, void *priv, uint32_t units);
uint32_t sdma_cik_busy(AemuDevice *d, void *priv);
void sdma_cik_state_io(AemuDevice *d, void *priv, AemuStateIo *s);

/* sdma_cik_packets.c: the decoder tables of the gfx and the RLC queues. */
const SdmaPacketDesc *sdma_cik_packet_lookup(uint32_t header);
const SdmaPacketDesc *sdma_cik_rlc_packet_lookup(uint32_t header);
/* The name of a CIK packet the hardware has and the table lacks, or NULL. */
const char *sdma_cik_packet_unmodelled(uint32_t header);

/* Illegal-instruction sources cik_sdma registers (both -> one handler). */
#define SDMA_IV_SRCID_PRIV_INST 241     /* "SDMA Privileged inst" (radeon) */
#define SDMA_IV_SRCID_SRBM_WRITE 247    /* VISLANDS30_IV_SRCID_SDMA_SRBM_WRITE */

#endif
