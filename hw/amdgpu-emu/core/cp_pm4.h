/*
 * amdgpu-emu core: the PM4 stream processor shared by the CP's queues.
 *
 * A CP queue (the gfx ring, a compute HQD) is a ring on the shared ring
 * engine (ring.h) whose packets are PM4. cp_pm4.c sizes each packet from
 * its header, checks it against the queue's instruction set (per
 * generation: opcode -> name, body length, queues that accept it, handler;
 * pm4_gfx7.c) and executes it; the block that owns the queue
 * (gfx_v7_cp.c) maps its registers onto the queue, and receives what the
 * stream produces for the outside world: read-pointer reports, end-of-pipe
 * interrupts, and errors. A queue that meets a packet it cannot trust
 * stops, as the hardware does, and stays stopped until a reset: it never
 * guesses its way past.
 */
#ifndef AMDGPU_EMU_CP_PM4_H
#define AMDGPU_EMU_CP_PM4_H

#include "ring.h"
#include "shader.h"

/* Which queues accept a packet (a bit per kind of queue). */
#define AEMU_PM4_Q_GFX      (1u << 0)
#define AEMU_PM4_Q_COMPUTE  (1u << 1)
/*
 * The gfx9 kernel interface queue: a compute HQD (kind COMPUTE | KIQ) that
 * also takes the queue-management packets (MAP_QUEUES, ...).
 */
#define AEMU_PM4_Q_KIQ      (1u << 2)
/*
 * The gfx9 HSA interface queue: the compute HQD the KIQ mapped with
 * ENGINE_SEL HIQ, which takes the hardware scheduler's packets
 * (gfx_v9_hws.c) until it is unmapped.
 */
#define AEMU_PM4_Q_HIQ      (1u << 3)
#define AEMU_PM4_Q_ALL      (AEMU_PM4_Q_GFX | AEMU_PM4_Q_COMPUTE)

/*
 * Indirect-buffer levels: the gfx CP has IB1 and IB2 (CP_IB1_*, CP_IB2_*
 * registers), an HQD one (CP_HQD_IB_*). Deeper calls are refused, which is
 * also what bounds an IB that calls itself.
 */
#define AEMU_CP_IB_LEVELS_GFX       2
#define AEMU_CP_IB_LEVELS_COMPUTE   1

/* Constant-engine RAM (gfx_v7_0.c: ce_ram_size 0x8000). */
#define AEMU_CP_CE_RAM_SIZE         0x8000u
/* A type-3 body holds at most count + 1 = 0x4000 dwords. */
#define AEMU_PM4_MAX_BODY           0x4000u
/* SET_BASE's BASE_INDEX is four bits. */
#define AEMU_CP_SET_BASES           16

/* Why a queue stopped; the owning block turns it into status and IVs. */
typedef enum AemuCpError {
    AEMU_CP_ERR_OPCODE,     /* unknown/misplaced opcode, bad length */
    AEMU_CP_ERR_PRIV_REG,   /* register outside what the stream may touch */
    AEMU_CP_ERR_PRIV_INSTR, /* privileged packet in a user IB */
    AEMU_CP_ERR_MEMORY,     /* fetch or access faulted (VM fault reported) */
} AemuCpError;

typedef struct AemuCpQueue AemuCpQueue;

typedef struct AemuCpQueueOps {
    /*
     * Refresh the ring's base, size_dw and vmid from the registers before
     * a run (the pointers stay the queue's own); return whether the queue
     * may fetch (enabled, not halted).
     */
    bool (*prepare)(AemuDevice *d, AemuCpQueue *q);
    /* Write the read pointer back where the driver reads it. */
    void (*report_rptr)(AemuDevice *d, AemuCpQueue *q);
    /*
     * An end-of-pipe event asked for an interrupt; ctxid is the IV's
     * context id (gfx9 RELEASE_MEM's INT_CTXID, an AQL completion
     * signal's event id; 0 where the packet has none).
     */
    void (*eop_irq)(AemuDevice *d, AemuCpQueue *q, uint32_t ctxid);
    /* The queue stopped on header (status registers, fault IVs). */
    void (*error)(AemuDevice *d, AemuCpQueue *q, AemuCpError e,
                  uint32_t header);
} AemuCpQueueOps;

/* Scratch the queues share: one packet executes at a time. */
typedef struct AemuCpShared {
    uint32_t body[AEMU_PM4_MAX_BODY];
    uint8_t ce_ram[AEMU_CP_CE_RAM_SIZE];
} AemuCpShared;

typedef struct AemuPm4Isa AemuPm4Isa;
typedef struct AemuHqds AemuHqds;

struct AemuCpQueue {
    AemuRing ring;          /* stream, pointers, IBs, hang and wait state */
    const AemuCpQueueOps *ops;
    const AemuPm4Isa *isa;  /* the generation's PM4 instruction set */
    AemuCpShared *shared;
    unsigned kind;          /* AEMU_PM4_Q_GFX, _COMPUTE, _COMPUTE | _KIQ/_HIQ */
    unsigned me, pipe, queue;
    AemuHqds *hqds;         /* an HQD: the set it is in (cp_hqd.h) */

    bool wrm_written;       /* write-wait-write: first write done */
    uint64_t set_base[AEMU_CP_SET_BASES];
    uint32_t ce_counter, de_counter;
    uint64_t polls;         /* unsatisfied waits, for statistics */
    /*
     * The queue's own COMPUTE_* state (each HQD's MQD and the gfx pipe
     * keep one, shader-execution.md 6.4), and the dispatch it waits for.
     */
    AemuShComputeState compute;
    AemuShDispatch *dispatch;
    /*
     * An AQL queue (cp_aql.c): an HQD whose CP_HQD_AQL_CONTROL is set
     * (gfx9; CIK: CP_HQD_IQ_RPTR's AQL bit), its ring 64-byte HSA packets.
     * The indices count packets and never wrap (the HSA queue's read and
     * write dispatch ids); aql_rptr_addr is the read index's home
     * (CP_HQD_PQ_RPTR_REPORT_ADDR, amd_queue_t's read_dispatch_id).
     * aql_wptr_in_ring: the write pointer the doorbell and CP_HQD_PQ_WPTR
     * carry is the end of the written packets as a dword offset in the
     * ring (CIK) rather than an unwrapped index (gfx9).
     */
    bool aql;
    bool aql_wptr_in_ring;
    uint64_t aql_read, aql_write;
    uint64_t aql_rptr_addr;
    bool aql_ib;            /* a vendor PM4-IB packet's IB is running */
    /* A dispatch packet's kernel is done: its signal waits for its time. */
    bool aql_done;
    uint64_t aql_start_ts;  /* profiling: the dispatch's start (GPU clock) */
    /*
     * The scheduler is preempting the queue: it finishes the packet it is
     * in (a dispatch drains: the model saves no wave state) and starts no
     * other (aemu_cp_queue_quiet says when it may be saved).
     */
    bool preempting;
};

/* Set up a queue and register its engine with the scheduler. */
void aemu_cp_queue_init(AemuDevice *d, AemuCpQueue *q, AemuCpShared *shared,
                        const AemuPm4Isa *isa, const AemuCpQueueOps *ops,
                        unsigned kind, unsigned me, unsigned pipe,
                        unsigned queue);
/* Drop all stream state: pointers to 0, no IB, not hung, not waiting. */
void aemu_cp_queue_reset(AemuCpQueue *q);
/* Move the read pointer (a reprogrammed or restarted ring). */
void aemu_cp_queue_set_rptr(AemuCpQueue *q, uint32_t rptr);

/*
 * The queue is between packets (no dispatch, IB or AQL PM4-IB packet in
 * flight): a preempted queue can be saved into its MQD without losing work.
 */
static inline bool aemu_cp_queue_quiet(const AemuCpQueue *q)
{
    return !q->dispatch && !q->ring.ib_depth && !q->aql_ib && !q->aql_done;
}

/* Drop the work in flight (a dispatch, an IB): the queue was reset. */
void aemu_cp_queue_abandon(AemuCpQueue *q);


#endif
