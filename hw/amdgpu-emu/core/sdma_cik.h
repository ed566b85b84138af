/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * amdgpu-emu core: CIK SDMA, what the queue engine (sdma_cik.c) and the
 * packet decoder (sdma_cik_packets.c) share.
 *
 * Each of the ASIC's SDMA instances has one gfx queue that runs: a ring in
 * GPU memory (fetched through VMID 0) and, while an INDIRECT_BUFFER runs,
 * the IB (fetched through the VMID its packet names). Packets that move
 * much data run in bounded chunks and can stop between chunks when the
 * scheduler's budget is spent; the queue remembers how far the current
 * packet got and resumes it on the next slice.
 */
#ifndef AMDGPU_EMU_SDMA_CIK_H
#define AMDGPU_EMU_SDMA_CIK_H

#include "ring.h"
#include "sdma_cik_pkt.h"

/* Instances this model can hold (amdgpu's SDMA_MAX_INSTANCE on CIK). */
#define SDMA_CIK_MAX_INSTANCES 2
/* Bytes moved per chunk; each chunk costs one unit of scheduler budget. */
#define SDMA_CHUNK_BYTES (16u * 1024u)

/*
 * What executing (part of) a packet came to, in the ring engine's words:
 * AEMU_STEP_DONE complete (consume it), AEMU_STEP_RETRY budget spent or a
 * wait not yet satisfied (continue later from progress), AEMU_STEP_STOP
 * malformed or faulting (the queue hung, reported), AEMU_STEP_STALL (fetch
 * only) the packet is not all in the ring yet.
 */
typedef AemuStep SdmaStatus;

typedef struct SdmaQueue {
    AemuRing ring;              /* ring (VMID 0), its IB, pointers in dwords */
    unsigned inst;
    uint32_t reg_base;          /* dword offset of this instance's registers */

    uint64_t progress;          /* of the packet being executed */
    /* An INDIRECT_BUFFER packet's IB, run once the packet is consumed. */
    AemuRingIb pending_ib;
    bool has_pending_ib;


    uint8_t bounce[SDMA_CHUNK_BYTES];
} SdmaQueue;

typedef struct AemuSdma {
    unsigned num;
    SdmaQueue q[SDMA_CIK_MAX_INSTANCES];
} AemuSdma;

/* A decoded packet as its handler sees it. */
typedef struct SdmaPacket {
    uint32_t dw[SDMA_MAX_FIXED_DW];     /* fixed part, host order */
    uint32_t ndw;                       /* whole length, header included */
    unsigned vmid;                      /* memory accesses go through it */
} SdmaPacket;

typedef struct SdmaPacketDesc {
    uint8_t op, sub_op;
    const char *name;
    uint8_t fixed_dw;                   /* read before the length is known */
    /* Whole length from the fixed part; NULL: fixed_dw. */
    uint32_t (*length)(const uint32_t *dw);
    SdmaStatus (*exec)(AemuDevice *d, SdmaQueue *q, const SdmaPacket *p,
                       unsigned *budget);
} SdmaPacketDesc;

/* sdma_cik_packets.c */
const SdmaPacketDesc *sdma_cik_packet_lookup(uint32_t header);
/* The name of a CIK packet the hardware has and the table lacks, or NULL. */
const char *sdma_cik_packet_unmodelled(uint32_t header);

/* sdma_cik.c: services for the packet handlers. */
/* Raw bytes of the current command stream at a dword offset from the packet. */
static inline bool sdma_stream_read(AemuDevice *d, SdmaQueue *q,
                                    uint32_t off_dw, void *buf, uint32_t ndw)
{
    return aemu_ring_read_raw(d, &q->ring, off_dw, buf, ndw);
}
/* Report, stop the queue; with illegal_src post that illegal-instr IV. */
SdmaStatus sdma_hang(AemuDevice *d, SdmaQueue *q, unsigned illegal_src,
                     const char *fmt, ...) G_GNUC_PRINTF(4, 5);
/*
 * The same for a valid packet the model cannot run: the engine answers as
 * to an illegal one, the host hears of the model's gap, not a guest error.
 */
SdmaStatus sdma_hang_unimp(AemuDevice *d, SdmaQueue *q, unsigned illegal_src,
                           const char *fmt, ...) G_GNUC_PRINTF(4, 5);
/* A memory access of a packet failed (the GMC has reported the fault). */
SdmaStatus sdma_mem_fault(AemuDevice *d, SdmaQueue *q, const char *what,
                          uint64_t addr);
void sdma_trap(AemuDevice *d, SdmaQueue *q, unsigned vmid);
/* Switch the queue to an IB (hangs if IBs are disabled or nested). */
SdmaStatus sdma_start_ib(AemuDevice *d, SdmaQueue *q, uint64_t base,
                         uint32_t ndw, unsigned vmid);

/* Illegal-instruction sources cik_sdma registers (both -> one handler). */
#define SDMA_IV_SRCID_PRIV_INST 241     /* "SDMA Privileged inst" (radeon) */
#define SDMA_IV_SRCID_SRBM_WRITE 247    /* VISLANDS30_IV_SRCID_SDMA_SRBM_WRITE */

#endif
