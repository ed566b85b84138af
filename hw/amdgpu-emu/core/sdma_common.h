/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * amdgpu-emu core: what the SDMA generations share (CIK's OSS 2.0 in
 * sdma_cik.c, SDMA 4.0 of Vega10 in sdma_v4_0.c).
 *
 * Each SDMA instance has queues that run (the gfx queue; on 4.0 also the
 * RLC queues KFD gives user processes): a ring in GPU memory and, while an
 * INDIRECT_BUFFER runs, the IB (fetched through the VMID its packet
 * names, or the queue's own when that is a user VMID). The queue
 * mechanics (fetch, decode through a per generation table, hang reports
 * and the illegal-instruction IV, traps, IB entry) and the handlers of
 * the packets whose format both generations share
 * (sdma_packets_common.c) live here once; a generation supplies its
 * registers, its table and the few facts below (SdmaGen). Packets that
 * move much data run in bounded chunks and can stop between chunks when
 * the scheduler's budget is spent; the queue remembers how far the
 * current packet got and resumes it on the next slice.
 */
#ifndef AMDGPU_EMU_SDMA_COMMON_H
#define AMDGPU_EMU_SDMA_COMMON_H

#include "ring.h"

/* Bytes moved per chunk; each chunk costs one unit of scheduler budget. */
#define SDMA_CHUNK_BYTES (16u * 1024u)
/* The longest fixed part a packet of any generation has (GEN_PTEPDE). */
#define SDMA_MAX_FIXED_DW 10

/*
 * What executing (part of) a packet came to, in the ring engine's words:
 * AEMU_STEP_DONE complete (consume it), AEMU_STEP_RETRY budget spent or a
 * wait not yet satisfied (continue later from progress), AEMU_STEP_STOP
 * malformed or faulting (the queue hung, reported), AEMU_STEP_STALL (fetch
 * only) the packet is not all in the ring yet.
 */
typedef AemuStep SdmaStatus;

typedef struct SdmaQueue SdmaQueue;
typedef struct SdmaPacketDesc SdmaPacketDesc;

/* What a generation tells the shared queue code. */
typedef struct SdmaGen {
    /* The decoder table: the row of a header, or NULL. */
    const SdmaPacketDesc *(*lookup)(uint32_t header);
    /* The name of a packet the hardware has and the table lacks, or NULL. */
    const char *(*unmodelled)(uint32_t header);
    /* IV sources: an illegal instruction, a refused SRBM write, a trap. */
    uint8_t illegal_src, srbm_write_src, trap_src;
    /* The IV's VMID is the MMHUB's (SOC15), not the GFXHUB's. */
    bool mmhub_vmid;
    /* Register address fields: POLL_REG_MEM (bytes), SRBM_WRITE (dwords). */
    uint32_t poll_reg_addr_mask;
    uint32_t srbm_write_addr_mask;
    /* SDMAx_CNTL.TRAP_ENABLE: the driver's fence interrupt enable. */
    bool (*trap_enabled)(AemuDevice *d, SdmaQueue *q);
    /* SDMAx_GFX_IB_CNTL.IB_ENABLE. */
    bool (*ib_enabled)(AemuDevice *d, SdmaQueue *q);
    /* Show the IB being run in the GFX_IB_BASE/SIZE registers. */
    void (*show_ib)(AemuDevice *d, SdmaQueue *q, uint64_t base, uint32_t ndw);
} SdmaGen;

struct SdmaQueue {
    AemuRing ring;              /* ring, its IB, pointers in dwords */
    const SdmaGen *gen;
    unsigned inst;
    uint32_t reg_base;          /* dword offset of this instance's registers */
    /* IV fields naming this queue (client: SOC15 only; ring_id). */
    uint8_t iv_client, iv_ring_id;

    uint64_t progress;          /* of the packet being executed */
    /* An INDIRECT_BUFFER packet's IB, run once the packet is consumed. */
    AemuRingIb pending_ib;
    bool has_pending_ib;
    /*
     * The packet consumed last was a FENCE: a TRAP right behind it raises
     * its interrupt at once (sdma_trap). Not in the snapshot: a snapshot
     * between the two only delays that TRAP by its own latency.
     */
    bool after_fence;

    uint8_t bounce[SDMA_CHUNK_BYTES];
};

/* A decoded packet as its handler sees it. */
typedef struct SdmaPacket {
    uint32_t dw[SDMA_MAX_FIXED_DW];     /* fixed part, host order */
    uint32_t ndw;                       /* whole length, header included */
    unsigned vmid;                      /* memory accesses go through it */
} SdmaPacket;

typedef SdmaStatus SdmaExecFn(AemuDevice *d, SdmaQueue *q,
                              const SdmaPacket *p, unsigned *budget);

struct SdmaPacketDesc {
    uint8_t op, sub_op;
    const char *name;
    uint8_t fixed_dw;                   /* read before the length is known */
    /* Whole length from the fixed part; NULL: fixed_dw. */
    uint32_t (*length)(const uint32_t *dw);
    SdmaExecFn *exec;
};

/* A table row for the unmodelled list. */
typedef struct SdmaUnmodelled {
    uint8_t op, sub_op;
    const char *name;
} SdmaUnmodelled;

/* sdma_common.c: the queue. */
static inline SdmaQueue *sdma_queue(AemuRing *r)
{
    return aemu_container_of(r, SdmaQueue, ring);
}
/* The AemuRingOps.step of every generation: fetch, decode, run a packet. */
AemuStep sdma_step(AemuDevice *d, AemuRing *r, unsigned *budget);
/* Forget the packet being executed and the IB (halt, new rptr). */
void sdma_drop_current(SdmaQueue *q);
/* Save or load the queue's state (snapshots, state.h). */
void sdma_queue_state(AemuStateIo *s, SdmaQueue *q);
/* Whether the queue has work or is stuck (ring enabled: rb_enabled). */
bool sdma_queue_busy(SdmaQueue *q, bool rb_enabled);
/* Table lookups over (op, sub_op). */
const SdmaPacketDesc *sdma_table_lookup(const SdmaPacketDesc *t, size_t n,
                                        uint32_t header);
const char *sdma_unmodelled_lookup(const SdmaUnmodelled *t, size_t n,
                                   uint32_t header);

/* Services for the packet handlers. */
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
/*
 * TRAP: the trap IV (if enabled) with its context in src_data[0], at the
 * engine's modelled time (AEMU_STEP_RETRY until then).
 */
SdmaStatus sdma_trap(AemuDevice *d, SdmaQueue *q, unsigned vmid,
                     uint32_t context);
/*
 * Switch the queue to an IB in vmid (a queue in a user VMID: in its own);
 * hangs if IBs are disabled or nested.
 */
SdmaStatus sdma_start_ib(AemuDevice *d, SdmaQueue *q, uint64_t base,
                         uint32_t ndw, unsigned vmid);

/*
 * sdma_packets_common.c: the bodies of the data-moving packets, whose
 * fields differ between generations only in where the count is and
 * whether it is "minus one", and the handlers of the packets whose format
 * is the same in both (NOP, FENCE, SEMAPHORE, POLL_REG_MEM, SRBM_WRITE).
 */
/* TIMESTAMP_GET(_GLOBAL): header, address lo, hi. */
#define SDMA_TIMESTAMP_GET_DW 3
SdmaStatus sdma_exec_timestamp_get(AemuDevice *d, SdmaQueue *q,
                                   const SdmaPacket *p, unsigned *budget);
SdmaStatus sdma_copy_linear(AemuDevice *d, SdmaQueue *q, const SdmaPacket *p,
                            uint64_t src, uint64_t dst, uint32_t count,
                            unsigned *budget);
/* count dwords of data from the stream at data_dw of the packet to dst. */
SdmaStatus sdma_write_linear(AemuDevice *d, SdmaQueue *q, const SdmaPacket *p,
                             uint64_t dst, uint32_t data_dw, uint32_t count,
                             unsigned *budget);
/* count bytes of the little-endian dword pattern data from dst on. */
SdmaStatus sdma_constant_fill(AemuDevice *d, SdmaQueue *q,
                              const SdmaPacket *p, uint64_t dst,
                              uint32_t data, uint32_t count, bool dword,
                              unsigned *budget);
/* count 64-bit entries (value + i * incr) | flags at dst + 8 * i. */
SdmaStatus sdma_generate_pte_pde(AemuDevice *d, SdmaQueue *q,
                                 const SdmaPacket *p, uint64_t dst,
                                 uint64_t flags, uint64_t value, uint64_t incr,
                                 uint32_t count, unsigned *budget);
uint32_t sdma_nop_length(const uint32_t *dw);
SdmaExecFn sdma_exec_nop, sdma_exec_fence, sdma_exec_semaphore,
           sdma_exec_poll_reg_mem, sdma_exec_srbm_write;

#endif
