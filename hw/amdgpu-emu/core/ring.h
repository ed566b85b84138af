/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * amdgpu-emu core: the ring engine every queue kind shares.
 *
 * A queue is a ring buffer in GPU memory between a read and a write
 * pointer, plus the indirect buffers its packets call: the CP's gfx ring
 * and compute HQDs (PM4, cp_pm4.c), the SDMA queues (sdma_*.c), and later
 * the KIQ and AQL queues. Their decoders differ; the mechanics are the
 * same and live here once:
 *  - the stream: fetch at the read pointer of the ring (wrapping at its
 *    end) or of the innermost IB, in the VMID of the stream;
 *  - stall versus hang: a packet not yet all in the ring waits for the
 *    write pointer; one running past its IB, or longer than the ring can
 *    ever hold, is malformed;
 *  - the budget: each packet (or chunk of a long one) costs a unit of the
 *    scheduler's slice, and a wait that is not satisfied gives the rest of
 *    the slice back (one vocabulary of step results, AemuStep);
 *  - reset detection: reprogramming a queue bumps its generation, so a
 *    packet that reset its own queue is not consumed afterwards;
 *  - read-pointer write-back when the pointer moved.
 * Pointers are kept in dwords; a queue whose registers count bytes (SDMA)
 * converts at its registers.
 */
#ifndef AMDGPU_EMU_RING_H
#define AMDGPU_EMU_RING_H

#include "aemu-internal.h"

/* How one step of a queue ended. */
typedef enum AemuStep {
    AEMU_STEP_DONE,     /* a packet consumed (or an IB returned) */
    AEMU_STEP_RETRY,    /* a wait unsatisfied or a long packet paused */
    AEMU_STEP_STALL,    /* the ring holds only part of the next packet */
    AEMU_STEP_STOP,     /* hung, or reset under the packet */
} AemuStep;

/* Whether a packet of n dwords is all there (aemu_ring_fit). */
typedef enum AemuRingFit {
    AEMU_RING_FITS,
    AEMU_RING_PARTIAL,      /* the rest may still come: stall */
    AEMU_RING_PAST_IB,      /* runs past the end of its IB: malformed */
    AEMU_RING_TOO_LONG,     /* longer than the ring can hold: malformed */
} AemuRingFit;

/* Indirect-buffer levels any queue kind can have. */
#define AEMU_RING_IB_LEVELS_MAX 2

typedef struct AemuRingIb {
    uint64_t base;          /* GPU address, dword aligned */
    uint32_t size;          /* dwords */
    uint32_t pos;           /* dwords consumed */
    uint8_t vmid;
    bool ce;                /* (CP) INDIRECT_BUFFER_CONST */
} AemuRingIb;

typedef struct AemuRing AemuRing;

typedef struct AemuRingOps {
    /*
     * Refresh base, size_dw, vmid and wptr from the registers before a
     * run; return whether the queue may fetch (enabled, not halted, not
     * held in reset).
     */
    bool (*prepare)(AemuDevice *d, AemuRing *r);
    /* Decode and execute (or continue) the packet at the read pointer. */
    AemuStep (*step)(AemuDevice *d, AemuRing *r, unsigned *budget);
    /*
     * Write the read pointer back where the driver reads it; false if
     * write-back is off (it is tried again at the next run).
     */
    bool (*report_rptr)(AemuDevice *d, AemuRing *r);
} AemuRingOps;

struct AemuRing {
    AemuEngine engine;
    const AemuRingOps *ops;
    char name[24];
    AemuMemClient client;
    unsigned ib_levels;

    /* Geometry, from ops->prepare. */
    uint64_t base;
    uint32_t size_dw;       /* a power of two */
    uint8_t vmid;

    uint32_t rptr, wptr;    /* dwords, < size_dw */
    uint32_t reported_rptr; /* last value written back */
    bool reported;          /* reported_rptr is valid (reset: see below) */
    AemuRingIb ib[AEMU_RING_IB_LEVELS_MAX];
    unsigned ib_depth;
    bool hung;
    bool waiting;           /* a poll or a paused packet is pending */
    uint32_t generation;    /* bumped by every reprogramming */
    /*
     * Fetch translations (xlate_cache.c): [0] the ring, [n] the IB at
     * depth n, so a stream translates a page once, not every dword.
     */
    AemuXlateCache fetch[1 + AEMU_RING_IB_LEVELS_MAX];
};

/* Set up a ring and register its engine with the scheduler. */
void aemu_ring_init(AemuDevice *d, AemuRing *r, const AemuRingOps *ops,
                    const char *name, const AemuMemClient *client,
                    unsigned ib_levels);
/*
 * Drop all stream state: pointers to 0, no IB, not hung, not waiting; a
 * read pointer of 0 counts as reported (a queue whose driver expects a
 * write-back after a reset clears r->reported).
 */
void aemu_ring_reset(AemuRing *r);
/* The queue an engine runs, or NULL if the engine is not a ring's. */
AemuRing *aemu_ring_of_engine(AemuEngine *e);
/* Move the read pointer (a reprogrammed or restarted ring). */
void aemu_ring_set_rptr(AemuRing *r, uint32_t rptr_dw);
/* Work is pending: ring not empty, inside an IB, or waiting. */
bool aemu_ring_pending(const AemuRing *r);
/* Make the ring's engine runnable if it has work. */
void aemu_ring_kick(AemuDevice *d, AemuRing *r);

/* The innermost IB being run, or NULL on the ring itself. */
static inline AemuRingIb *aemu_ring_ib(AemuRing *r)
{
    return r->ib_depth ? &r->ib[r->ib_depth - 1] : NULL;
}

/* The VMID the current stream is fetched in. */
static inline uint8_t aemu_ring_vmid(AemuRing *r)
{
    return r->ib_depth ? r->ib[r->ib_depth - 1].vmid : r->vmid;
}

/* Dwords of the current stream not yet consumed. */
static inline uint32_t aemu_ring_avail(const AemuRing *r)
{
    if (r->ib_depth) {
        const AemuRingIb *ib = &r->ib[r->ib_depth - 1];

        return ib->size - ib->pos;
    }
    return (r->wptr - r->rptr) & (r->size_dw - 1);
}

/* GPU address of the current stream's dword at off_dw from its pointer. */
uint64_t aemu_ring_addr(AemuRing *r, uint32_t off_dw);
/*
 * Read ndw dwords of the current stream from off_dw on, in host order;
 * false if the access faulted (the memory service has reported it).
 */
bool aemu_ring_read(AemuDevice *d, AemuRing *r, uint32_t off_dw,
                    uint32_t *buf, uint32_t ndw);
/* The same, the bytes as they are in memory (data a packet carries). */
bool aemu_ring_read_raw(AemuDevice *d, AemuRing *r, uint32_t off_dw,
                        void *buf, uint32_t ndw);
/*
 * A host pointer to the current stream's dwords at the read pointer, and
 * in *ndw how many follow contiguously (within what the stream has, not
 * past the ring's end), for decoders that read packets in place. NULL with
 * *st AEMU_MEM_OK: not directly readable (recording, a bus page the host
 * does not map): use aemu_ring_read. NULL otherwise: the fetch faulted and
 * has been reported. What is consumed through the pointer is counted with
 * aemu_ring_count, for the timing model.
 */
const uint8_t *aemu_ring_peek(AemuDevice *d, AemuRing *r, uint32_t *ndw,
                              AemuMemStatus *st);

static inline void aemu_ring_count(AemuDevice *d, AemuRing *r,
                                   uint64_t bytes)
{
    aemu_xlate_count(d, &r->fetch[r->ib_depth], bytes);
}

/* Whether ndw dwords from the pointer are all in the current stream. */
AemuRingFit aemu_ring_fit(const AemuRing *r, uint32_t ndw);
/* Consume ndw dwords of the current stream. */
void aemu_ring_advance(AemuRing *r, uint32_t ndw);
/* The innermost IB is done: return to its caller. True if one was. */
bool aemu_ring_pop_ib(AemuRing *r);
/* Call an IB (a zero-size IB is a no-op); false if too deeply nested. */
bool aemu_ring_push_ib(AemuRing *r, const AemuRingIb *ib);

/*
 * Charge units of budget; what a long packet used beyond what was left
 * is owed to the slice and to the engine's timeline, not lost.
 */
void aemu_ring_charge(AemuDevice *d, unsigned *budget, unsigned units);

/*
 * One more chunk of a long packet may run in this slice (and is charged);
 * false: the slice is spent, and the packet pauses (AEMU_STEP_RETRY).
 */
static inline bool aemu_ring_take(unsigned *budget)
{
    if (*budget == 0) {
        return false;
    }
    (*budget)--;
    return true;
}

#endif
