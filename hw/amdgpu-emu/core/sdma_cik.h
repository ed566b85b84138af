/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * amdgpu-emu core: CIK SDMA, what the queue engine (sdma_cik.c) and the
 * packet decoder (sdma_cik_packets.c) share beyond sdma_common.h.
 *
 * Each of the ASIC's SDMA instances has one gfx queue that runs: a ring in
 * GPU memory (fetched through VMID 0) and, while an INDIRECT_BUFFER runs,
 * the IB. The queue itself (SdmaQueue) and the handlers of the packets
 * SDMA 4.0 kept unchanged are shared (sdma_common.c,
 * sdma_packets_common.c).
 */
#ifndef AMDGPU_EMU_SDMA_CIK_H
#define AMDGPU_EMU_SDMA_CIK_H

#include "sdma_common.h"
#include "sdma_cik_pkt.h"

/* Instances this model can hold (amdgpu's SDMA_MAX_INSTANCE on CIK). */
#define SDMA_CIK_MAX_INSTANCES 2

typedef struct AemuSdma {
    unsigned num;
    SdmaQueue q[SDMA_CIK_MAX_INSTANCES];
} AemuSdma;

/* sdma_cik_packets.c */
const SdmaPacketDesc *sdma_cik_packet_lookup(uint32_t header);
/* The name of a CIK packet the hardware has and the table lacks, or NULL. */
const char *sdma_cik_packet_unmodelled(uint32_t header);

/* Illegal-instruction sources cik_sdma registers (both -> one handler). */
#define SDMA_IV_SRCID_PRIV_INST 241     /* "SDMA Privileged inst" (radeon) */
#define SDMA_IV_SRCID_SRBM_WRITE 247    /* VISLANDS30_IV_SRCID_SDMA_SRBM_WRITE */

#endif
