/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * amdgpu-emu core: the AQL packet processor of an HQD (see cp_aql.h).
 *
 * It runs on the queue's ring engine in place of the PM4 decoder
 * (cp_pm4.c hands it the step while no IB is running), one packet at a
 * time: a kernel dispatch waits at its packet until the dispatch's last
 * wave has ended (as DISPATCH_DIRECT does), so the barrier bit and the
 * acquire and release fences are always satisfied; a barrier waits by
 * polling its signals, a slice at a time, as WAIT_REG_MEM does.
 */
#include "cp_aql.h"
#include "cp_pm4_ops.h"
#include "pm4_cik.h"
#include "shader_regs.h"

/* hsa.h: hsa_packet_type_t, hsa_packet_header_t. */
#define AQL_TYPE_VENDOR_SPECIFIC    0
#define AQL_TYPE_INVALID            1
#define AQL_TYPE_KERNEL_DISPATCH    2
#define AQL_TYPE_BARRIER_AND        3
#define AQL_TYPE_AGENT_DISPATCH     4
#define AQL_TYPE_BARRIER_OR         5
#define AQL_HEADER_TYPE_MASK        0xffu

#define AQL_PACKET_BYTES            (AEMU_AQL_PACKET_DW * 4u)

/* Byte offsets in a packet (hsa_kernel_dispatch_packet_t, barriers). */
#define AQL_DISPATCH_SETUP          2   /* u16, dimensions in [1:0] */
#define AQL_DISPATCH_WG_SIZE        4   /* u16 x 3 */
#define AQL_DISPATCH_GRID_SIZE      12  /* u32 x 3 */
#define AQL_DISPATCH_PRIVATE_SIZE   24  /* u32, bytes per work-item */
#define AQL_DISPATCH_GROUP_SIZE     28  /* u32, bytes per work-group */
#define AQL_DISPATCH_KERNEL_OBJECT  32  /* u64 */
#define AQL_DISPATCH_KERNARG        40  /* u64 */
#define AQL_COMPLETION_SIGNAL       56  /* u64, every packet type */
#define AQL_BARRIER_DEP_SIGNAL      8   /* u64 x 5 */
#define AQL_BARRIER_DEPS            5
#define AQL_SETUP_DIMS_MASK         0x3u

/*
 * AMD's vendor packets: the format byte after the header
 * (hsa_amd_vendor_packet_header_t.AmdFormat); ROCr's PM4-IB packet
 * (AMD_AQL_FORMAT_PM4_IB) carries an INDIRECT_BUFFER and the barrier-value
 * one (HSA_AMD_PACKET_TYPE_BARRIER_VALUE) a signal condition.
 */
#define AQL_VENDOR_FORMAT           2   /* u8 */
#define AQL_AMD_FORMAT_PM4_IB       1
#define AQL_AMD_FORMAT_BARRIER_VALUE 2
#define AQL_PM4_IB_COMMAND          4   /* 4 dwords: an INDIRECT_BUFFER */
#define AQL_PM4_IB_DWORDS           4
#define AQL_BV_SIGNAL               8   /* u64 */
#define AQL_BV_VALUE                16  /* i64 */
#define AQL_BV_MASK                 24  /* i64 */
#define AQL_BV_COND                 32  /* u32: hsa_signal_condition_t */
#define HSA_SIGNAL_CONDITION_EQ     0
#define HSA_SIGNAL_CONDITION_NE     1
#define HSA_SIGNAL_CONDITION_LT     2
#define HSA_SIGNAL_CONDITION_GTE    3

/* amd_signal_t (a signal handle is its address). */
#define SIGNAL_VALUE                8   /* i64 */
#define SIGNAL_EVENT_MAILBOX        16  /* u64 */
#define SIGNAL_EVENT_ID             24  /* u32 */
#define SIGNAL_START_TS             32  /* u64 */
#define SIGNAL_END_TS               40  /* u64 */

/*
 * amd_queue_t, from read_dispatch_id (the HQD's read-pointer report
 * address) on: the CP finds the queue's base through the field after it.
 */
#define QUEUE_RDI_BASE_OFFSET       8   /* read_dispatch_id_field_base_byte_offset */
#define QUEUE_RDI_TMPRING_SIZE      12  /* compute_tmpring_size */
#define QUEUE_RDI_SCRATCH_SRD       16  /* scratch_resource_descriptor[4] */
#define QUEUE_RDI_SCRATCH_BASE      32  /* scratch_backing_memory_location */
#define QUEUE_RDI_PROPERTIES        52  /* queue_properties */
#define QUEUE_RDI_BYTES             56
#define QUEUE_PROPERTIES_PROFILING  (1u << 3)

/* LLVM's kernel_descriptor_t (code object v3+; amd_kernel_code_t agrees). */
#define KD_BYTES                    64
#define KD_ENTRY_OFFSET             16  /* i64, from the descriptor */
#define KD_PGM_RSRC1                48
#define KD_PGM_RSRC2                52
#define KD_PROPERTIES               56  /* u16 */
/* kernel_code_properties: the user SGPRs to set up, in this order. */
#define KD_SGPR_PRIVATE_SEGMENT_BUFFER  (1u << 0)   /* 4 SGPRs */
#define KD_SGPR_DISPATCH_PTR            (1u << 1)   /* 2 */
#define KD_SGPR_QUEUE_PTR               (1u << 2)   /* 2 */
#define KD_SGPR_KERNARG_SEGMENT_PTR     (1u << 3)   /* 2 */
#define KD_SGPR_DISPATCH_ID             (1u << 4)   /* 2 */
#define KD_SGPR_FLAT_SCRATCH_INIT       (1u << 5)   /* 2 */
#define KD_SGPR_PRIVATE_SEGMENT_SIZE    (1u << 6)   /* 1 */
/* amd_kernel_code_t (v2) only: the grid's work-group counts, 1 each. */
#define KD_SGPR_GRID_WORKGROUP_COUNT_X  (1u << 7)
#define KD_WAVEFRONT_SIZE32             (1u << 10)
/* Entry points are 256-byte aligned (COMPUTE_PGM_LO holds bits 39:8). */
#define KD_ENTRY_ALIGN                  256u

/* Work-group threads the SPI takes (COMPUTE_NUM_THREAD_*, 1024 on gfx9). */
#define AQL_MAX_GROUP_THREADS       1024u
#define AQL_MAX_GROUP_BYTES         (64u * 1024u)

static uint16_t le16_at(const uint8_t *b, unsigned off)
{
    uint16_t v;

    memcpy(&v, b + off, sizeof(v));
    return GUINT16_FROM_LE(v);
}

static uint32_t le32_at(const uint8_t *b, unsigned off)
{
    uint32_t v;

    memcpy(&v, b + off, sizeof(v));
    return GUINT32_FROM_LE(v);
}

static uint64_t le64_at(const uint8_t *b, unsigned off)
{
    uint64_t v;

    memcpy(&v, b + off, sizeof(v));
    return GUINT64_FROM_LE(v);
}

static uint64_t ring_packets(const AemuCpQueue *q)
{
    return MAX(q->ring.size_dw / AEMU_AQL_PACKET_DW, 1u);
}

/* The ring pointers follow the indices; work is pending while they differ. */
static void sync_ring(AemuCpQueue *q)
{
    uint32_t mask = q->ring.size_dw - 1;

    q->ring.rptr = (uint32_t)(q->aql_read * AEMU_AQL_PACKET_DW) & mask;
    q->ring.wptr = (uint32_t)(q->aql_write * AEMU_AQL_PACKET_DW) & mask;
    /* A full ring has equal pointers: the indices tell. */
    q->ring.waiting = q->aql_read != q->aql_write || q->aql_ib;
}

/*
 * A write pointer that is a dword offset in the ring (CIK): the write
 * index it means, the first one at or after the read index with that
 * offset. ROCr's ring is twice the HSA queue and never holds more than
 * the queue, so the offset names one index of the read index's ring turn.
 */
static uint64_t ring_wptr_index(const AemuCpQueue *q, uint64_t wptr_dw)
{
    uint64_t n = ring_packets(q);
    uint64_t at = wptr_dw / AEMU_AQL_PACKET_DW % n;

    return q->aql_read + (at + n - q->aql_read % n) % n;
}

void aemu_aql_activate(AemuDevice *d, AemuCpQueue *q, uint64_t wptr_dw)
{
    uint64_t rdi = 0;

    if (q->aql_rptr_addr &&
        aemu_gpu_read(d, q->ring.vmid, q->aql_rptr_addr, &rdi, sizeof(rdi),
                      &q->ring.client) == AEMU_MEM_OK) {
        rdi = GUINT64_FROM_LE(rdi);
    }
    if (q->aql_wptr_in_ring) {
        /* Only the read index says which turn of the ring this is. */
        q->aql_read = rdi;
        q->aql_write = ring_wptr_index(q, wptr_dw);
    } else {
        q->aql_write = wptr_dw / AEMU_AQL_PACKET_DW;
        /* A read index past the write index is not the processor's. */
        q->aql_read = rdi <= q->aql_write &&
                      q->aql_write - rdi <= ring_packets(q) ? rdi
                                                             : q->aql_write;
    }
    q->aql_ib = false;
    q->aql_done = false;
    sync_ring(q);
}

void aemu_aql_set_wptr(AemuCpQueue *q, uint64_t wptr_dw)
{
    uint64_t w;

    if (q->aql_wptr_in_ring) {
        /* A stale or repeated doorbell never takes packets back. */
        q->aql_write = MAX(ring_wptr_index(q, wptr_dw), q->aql_write);
    } else {
        w = wptr_dw / AEMU_AQL_PACKET_DW;
        /* More than a ring ahead of the reader is not a valid write index. */
        q->aql_write = w - q->aql_read <= ring_packets(q) ? w : q->aql_read;
    }
    sync_ring(q);
}

uint64_t aemu_aql_doorbell_wptr(const AemuCpQueue *q, uint64_t value)
{
    uint64_t next = value + 1;

    return MAX(next, q->aql_write) * AEMU_AQL_PACKET_DW;
}

/* A packet in flight: what the failure paths name. */
typedef struct AqlPacket {
    uint8_t b[AQL_PACKET_BYTES];
    uint64_t addr;
    unsigned type;
    AemuPm4Packet p;        /* for aemu_pm4_fail/unimp: queue, header, name */
} AqlPacket;

static bool read64(AemuDevice *d, AemuCpQueue *q, uint64_t addr,
                   uint64_t *v)
{
    if (aemu_gpu_read(d, q->ring.vmid, addr, v, sizeof(*v),
                      &q->ring.client) != AEMU_MEM_OK) {
        return false;
    }
    *v = GUINT64_FROM_LE(*v);
    return true;
}

static bool write64(AemuDevice *d, AemuCpQueue *q, uint64_t addr,
                    uint64_t v)
{
    v = GUINT64_TO_LE(v);
    return aemu_gpu_write(d, q->ring.vmid, addr, &v, sizeof(v),
                          &q->ring.client) == AEMU_MEM_OK;
}

/*
 * Complete a packet's signal: decrement its value; with an event mailbox,
 * write the event id there and interrupt with it (ROCr's interrupt
 * signals: KFD's event page slot and id, kfd_signal_event_interrupt).
 */
static AemuStep complete_signal(AemuDevice *d, AqlPacket *k, uint64_t sig)
{
    AemuCpQueue *q = k->p.q;
    uint64_t value, mailbox;
    uint32_t event_id;

    if (!sig) {
        return AEMU_STEP_DONE;
    }
    if (!read64(d, q, sig + SIGNAL_VALUE, &value) ||
        !write64(d, q, sig + SIGNAL_VALUE, value - 1) ||
        !read64(d, q, sig + SIGNAL_EVENT_MAILBOX, &mailbox)) {
        return aemu_pm4_fail(d, &k->p, AEMU_CP_ERR_MEMORY,
                             "completion signal at 0x%" PRIx64 " faulted",
                             sig);
    }
    AEMU_TRACE(d, cp_fence, q->ring.name, k->p.name, sig + SIGNAL_VALUE,
               value - 1, 0, mailbox != 0);
    if (mailbox) {
        event_id = aemu_gpu_read32(d, q->ring.vmid, sig + SIGNAL_EVENT_ID,
                                   &q->ring.client, NULL);
        aemu_gpu_write32(d, q->ring.vmid, mailbox, event_id, &q->ring.client);
        q->ops->eop_irq(d, q, event_id);
    }
    return AEMU_STEP_DONE;
}

/* The packet is done: the read index moves past it, then its signal. */
static AemuStep finish(AemuDevice *d, AqlPacket *k, uint64_t sig)
{
    AemuCpQueue *q = k->p.q;

    /*
     * The signal lands at the engine's modelled time (timing.h); until
     * then the packet is retried from here (aql_done: not run again).
     */
    if (aemu_engine_fence(d, sig != 0)) {
        return AEMU_STEP_RETRY;
    }
    q->aql_done = false;
    /* The packet has run: a fault from here on cannot replay it. */
    k->p.no_replay = true;
    q->aql_read++;
    q->aql_ib = false;
    if (q->aql_rptr_addr && !write64(d, q, q->aql_rptr_addr, q->aql_read)) {
        return aemu_pm4_fail(d, &k->p, AEMU_CP_ERR_MEMORY,
                             "read_dispatch_id at 0x%" PRIx64 " faulted",
                             q->aql_rptr_addr);
    }
    sync_ring(q);
    return complete_signal(d, k, sig);
}

/* ---- Kernel dispatch ------------------------------------------------- */

/*
 * The amd_queue_t fields a dispatch reads, from read_dispatch_id on
 * (QUEUE_RDI_*); the queue's base address in *queue.
 */
static bool read_queue(AemuDevice *d, AqlPacket *k, uint8_t *rdi,
                       uint64_t *queue, AemuStep *r)
{
    AemuCpQueue *q = k->p.q;

    if (aemu_gpu_read(d, q->ring.vmid, q->aql_rptr_addr, rdi, QUEUE_RDI_BYTES,
                      &q->ring.client) != AEMU_MEM_OK) {
        *r = aemu_pm4_fail(d, &k->p, AEMU_CP_ERR_MEMORY,
                           "amd_queue_t at 0x%" PRIx64 " faulted",
                           q->aql_rptr_addr);
        return false;
    }
    *queue = q->aql_rptr_addr - le32_at(rdi, QUEUE_RDI_BASE_OFFSET);
    return true;
}

/*
 * The user SGPRs the descriptor's properties enable, in LLVM's order
 * (AMDGPUUsage, "Initial Kernel Execution State"); false if they do not
 * fit COMPUTE_USER_DATA.
 */
static bool user_sgprs(AqlPacket *k, uint32_t props, const uint8_t *rdi,
                       uint64_t queue, uint32_t *ud, unsigned *n)
{
    const uint64_t pairs[] = {
        [1] = k->addr,                                  /* dispatch ptr */
        [2] = queue,                                    /* queue ptr */
        [3] = le64_at(k->b, AQL_DISPATCH_KERNARG),      /* kernarg ptr */
        [4] = k->p.q->aql_read,                         /* dispatch id */
        [5] = le64_at(rdi, QUEUE_RDI_SCRATCH_BASE),     /* flat scratch */
    };
    unsigned i = 0;

    if (props & KD_SGPR_PRIVATE_SEGMENT_BUFFER) {
        for (unsigned w = 0; w < 4; w++) {
            ud[i++] = le32_at(rdi, QUEUE_RDI_SCRATCH_SRD + 4 * w);
        }
    }
    for (unsigned b = 1; b <= 5; b++) {
        if (props & 1u << b) {
            ud[i++] = (uint32_t)pairs[b];
            ud[i++] = (uint32_t)(pairs[b] >> 32);
        }
    }
    if (props & KD_SGPR_PRIVATE_SEGMENT_SIZE) {
        ud[i++] = le32_at(k->b, AQL_DISPATCH_PRIVATE_SIZE);
    }
    for (unsigned dim = 0; dim < AEMU_SH_DIMS; dim++) {
        if (props & KD_SGPR_GRID_WORKGROUP_COUNT_X << dim) {
            uint32_t grid = le32_at(k->b, AQL_DISPATCH_GRID_SIZE + 4 * dim);
            uint32_t wg = le16_at(k->b, AQL_DISPATCH_WG_SIZE + 2 * dim);

            ud[i++] = grid / wg + (grid % wg != 0);
        }
    }
    *n = i;
    return i <= AEMU_SH_COMPUTE_USER_DATA_COUNT;
}

/*
 * Set the queue's COMPUTE_* state for the packet as the CP firmware does
 * from the kernel descriptor and the queue, and start the dispatch.
 */
static AemuStep start_dispatch(AemuDevice *d, AqlPacket *k)
{
    AemuCpQueue *q = k->p.q;
    uint64_t kobj = le64_at(k->b, AQL_DISPATCH_KERNEL_OBJECT), queue, pgm;
    uint32_t group_bytes = le32_at(k->b, AQL_DISPATCH_GROUP_SIZE);
    uint32_t private_bytes = le32_at(k->b, AQL_DISPATCH_PRIVATE_SIZE);
    unsigned dims = le16_at(k->b, AQL_DISPATCH_SETUP) & AQL_SETUP_DIMS_MASK;
    uint32_t dim[AEMU_SH_DIMS], ud[AEMU_SH_COMPUTE_USER_DATA_COUNT + 8];
    uint32_t *reg = q->compute.reg, props, rsrc2, tmpring, threads = 1;
    uint8_t kd[KD_BYTES], rdi[QUEUE_RDI_BYTES];
    AemuStep r = AEMU_STEP_DONE;
    unsigned n;

    if (dims < 1) {
        return aemu_pm4_fail(d, &k->p, AEMU_CP_ERR_OPCODE,
                             "with 0 dimensions");
    }
    for (unsigned i = 0; i < AEMU_SH_DIMS; i++) {
        uint32_t wg = le16_at(k->b, AQL_DISPATCH_WG_SIZE + 2 * i);
        uint32_t grid = le32_at(k->b, AQL_DISPATCH_GRID_SIZE + 4 * i);

        /* Dimensions past setup's count are 1 (HSA). */
        if (i >= dims) {
            wg = grid = 1;
        }
        if (!wg || !grid) {
            return aemu_pm4_fail(d, &k->p, AEMU_CP_ERR_OPCODE,
                                 "work-group %u x grid %u in dimension %u",
                                 wg, grid, i);
        }
        threads *= wg;
        dim[i] = grid;
        reg[AEMU_SH_COMPUTE_NUM_THREAD_X + i - AEMU_SH_COMPUTE_FIRST] = wg;
        reg[AEMU_SH_COMPUTE_START_X + i - AEMU_SH_COMPUTE_FIRST] = 0;
    }
    if (threads > AQL_MAX_GROUP_THREADS || group_bytes > AQL_MAX_GROUP_BYTES) {
        return aemu_pm4_fail(d, &k->p, AEMU_CP_ERR_OPCODE,
                             "work-group of %u threads and %u bytes of LDS "
                             "(at most %u and %u)", threads, group_bytes,
                             AQL_MAX_GROUP_THREADS, AQL_MAX_GROUP_BYTES);
    }
    if (aemu_gpu_read(d, q->ring.vmid, kobj, kd, sizeof(kd),
                      &q->ring.client) != AEMU_MEM_OK) {
        return aemu_pm4_fail(d, &k->p, AEMU_CP_ERR_MEMORY,
                             "kernel descriptor at 0x%" PRIx64 " faulted",
                             kobj);
    }
    if (!read_queue(d, k, rdi, &queue, &r)) {
        return r;
    }
    props = le16_at(kd, KD_PROPERTIES);
    pgm = kobj + le64_at(kd, KD_ENTRY_OFFSET);
    if (props & KD_WAVEFRONT_SIZE32) {
        return aemu_pm4_fail(d, &k->p, AEMU_CP_ERR_OPCODE,
                             "kernel at 0x%" PRIx64 " is wave32, which "
                             "this chip does not run", kobj);
    }
    if (pgm % KD_ENTRY_ALIGN) {
        return aemu_pm4_fail(d, &k->p, AEMU_CP_ERR_OPCODE,
                             "kernel entry 0x%" PRIx64 " is not 256-byte "
                             "aligned", pgm);
    }
    if (!user_sgprs(k, props, rdi, queue, ud, &n)) {
        return aemu_pm4_fail(d, &k->p, AEMU_CP_ERR_OPCODE,
                             "kernel at 0x%" PRIx64 " enables %u user "
                             "SGPRs (at most %u)", kobj, n,
                             AEMU_SH_COMPUTE_USER_DATA_COUNT);
    }
    tmpring = le32_at(rdi, QUEUE_RDI_TMPRING_SIZE);
    if (private_bytes &&
        (uint64_t)private_bytes * AEMU_WAVE_LANES >
        (uint64_t)aemu_field_get(tmpring, AEMU_SH_TMPRING_WAVESIZE) *
        AEMU_SH_TMPRING_WAVESIZE_BYTES) {
        /*
         * The firmware would stop the queue and report it to ROCr, which
         * grows the queue's scratch and resumes it.
         */
        return aemu_pm4_unimp(d, &k->p, AEMU_CP_ERR_OPCODE,
                              "needs %u bytes of scratch per work-item, more "
                              "than the queue has (compute_tmpring_size "
                              "0x%x): growing it is not modelled",
                              private_bytes, tmpring);
    }
    /* LDS is the packet's group segment (fixed and dynamic), in granules. */
    rsrc2 = aemu_field_set(le32_at(kd, KD_PGM_RSRC2), AEMU_SH_RSRC2_LDS_SIZE,
                           (group_bytes + AEMU_SH_LDS_GRANULE_BYTES - 1) /
                           AEMU_SH_LDS_GRANULE_BYTES);
    reg[AEMU_SH_COMPUTE_PGM_LO - AEMU_SH_COMPUTE_FIRST] =
        (uint32_t)(pgm >> AEMU_SH_PGM_LO_SHIFT);
    reg[AEMU_SH_COMPUTE_PGM_HI - AEMU_SH_COMPUTE_FIRST] =
        (uint32_t)(pgm >> AEMU_SH_PGM_HI_SHIFT) & AEMU_SH_PGM_HI_MASK;
    reg[AEMU_SH_COMPUTE_PGM_RSRC1 - AEMU_SH_COMPUTE_FIRST] =
        le32_at(kd, KD_PGM_RSRC1);
    reg[AEMU_SH_COMPUTE_PGM_RSRC2 - AEMU_SH_COMPUTE_FIRST] = rsrc2;
    reg[AEMU_SH_COMPUTE_TMPRING_SIZE - AEMU_SH_COMPUTE_FIRST] = tmpring;
    for (unsigned i = 0; i < AEMU_SH_COMPUTE_USER_DATA_COUNT; i++) {
        reg[AEMU_SH_COMPUTE_USER_DATA_0 + i - AEMU_SH_COMPUTE_FIRST] =
            i < n ? ud[i] : 0;
    }
    if (le32_at(rdi, QUEUE_RDI_PROPERTIES) & QUEUE_PROPERTIES_PROFILING) {
        q->aql_start_ts = aemu_cp_gpu_clock(d);
    }
    /* Grid sizes count work-items; the last group may be partial. */
    return aemu_cp_dispatch(d, &k->p, dim,
                            AEMU_SH_INIT_COMPUTE_SHADER_EN.mask |
                            AEMU_SH_INIT_PARTIAL_TG_EN.mask |
                            AEMU_SH_INIT_FORCE_START_AT_000.mask |
                            AEMU_SH_INIT_USE_THREAD_DIMENSIONS.mask);
}

/* With profiling on, the signal gets the dispatch's start and end. */
static void profile(AemuDevice *d, AqlPacket *k, uint64_t sig)
{
    AemuCpQueue *q = k->p.q;
    uint32_t props;

    if (!sig || !q->aql_rptr_addr) {
        return;
    }
    props = aemu_gpu_read32(d, q->ring.vmid,
                            q->aql_rptr_addr + QUEUE_RDI_PROPERTIES,
                            &q->ring.client, NULL);
    if (props & QUEUE_PROPERTIES_PROFILING) {
        write64(d, q, sig + SIGNAL_START_TS, q->aql_start_ts);
        write64(d, q, sig + SIGNAL_END_TS, aemu_cp_gpu_clock(d));
    }
}

static AemuStep kernel_dispatch(AemuDevice *d, AqlPacket *k)
{
    AemuCpQueue *q = k->p.q;
    uint64_t sig = le64_at(k->b, AQL_COMPLETION_SIGNAL);
    AemuStep r;

    if (!q->aql_done) {
        /* Started: wait for it (aemu_cp_dispatch polls and drops it). */
        r = q->dispatch ? aemu_cp_dispatch(d, &k->p, NULL, 0)
                        : start_dispatch(d, k);
        if (r != AEMU_STEP_DONE) {
            return r;
        }
        profile(d, k, sig);
        q->aql_done = true;
    }
    return finish(d, k, sig);
}

/* ---- Barriers -------------------------------------------------------- */

/*
 * Barrier-AND: every non-null dependency has reached 0; barrier-OR: one
 * has (or there is none). False with *r set if a signal faulted.
 */
static bool barrier_ready(AemuDevice *d, AqlPacket *k, bool all, AemuStep *r)
{
    bool any = false, none = true;

    for (unsigned i = 0; i < AQL_BARRIER_DEPS; i++) {
        uint64_t sig = le64_at(k->b, AQL_BARRIER_DEP_SIGNAL + 8 * i), v;

        if (!sig) {
            continue;
        }
        none = false;
        if (!read64(d, k->p.q, sig + SIGNAL_VALUE, &v)) {
            *r = aemu_pm4_fail(d, &k->p, AEMU_CP_ERR_MEMORY,
                               "dependency signal at 0x%" PRIx64
                               " faulted", sig);
            return false;
        }
        if (v == 0) {
            any = true;
        } else if (all) {
            return false;
        }
    }
    return all || none || any;
}

static bool condition_met(unsigned cond, int64_t v, int64_t ref)
{
    switch (cond) {
    case HSA_SIGNAL_CONDITION_EQ:
        return v == ref;
    case HSA_SIGNAL_CONDITION_NE:
        return v != ref;
    case HSA_SIGNAL_CONDITION_LT:
        return v < ref;
    default:
        return v >= ref;
    }
}

static AemuStep wait_then_finish(AemuDevice *d, AqlPacket *k, bool ready,
                                 AemuStep r)
{
    if (r != AEMU_STEP_DONE) {
        return r;
    }
    if (!ready) {
        k->p.q->polls++;
        return AEMU_STEP_RETRY;
    }
    return finish(d, k, le64_at(k->b, AQL_COMPLETION_SIGNAL));
}

static AemuStep barrier(AemuDevice *d, AqlPacket *k, bool all)
{
    AemuStep r = AEMU_STEP_DONE;
    bool ready = barrier_ready(d, k, all, &r);

    return wait_then_finish(d, k, ready, r);
}

/* ---- AMD's vendor packets -------------------------------------------- */

static AemuStep barrier_value(AemuDevice *d, AqlPacket *k)
{
    uint64_t sig = le64_at(k->b, AQL_BV_SIGNAL), v = 0;
    unsigned cond = le32_at(k->b, AQL_BV_COND);
    int64_t mask = (int64_t)le64_at(k->b, AQL_BV_MASK);

    if (cond > HSA_SIGNAL_CONDITION_GTE) {
        return aemu_pm4_fail(d, &k->p, AEMU_CP_ERR_OPCODE,
                             "barrier-value condition %u", cond);
    }
    if (sig && !read64(d, k->p.q, sig + SIGNAL_VALUE, &v)) {
        return aemu_pm4_fail(d, &k->p, AEMU_CP_ERR_MEMORY,
                             "signal at 0x%" PRIx64 " faulted", sig);
    }
    return wait_then_finish(d, k, !sig ||
                            condition_met(cond, (int64_t)v & mask,
                                          (int64_t)le64_at(k->b,
                                                           AQL_BV_VALUE)),
                            AEMU_STEP_DONE);
}

/*
 * The PM4-IB packet (ROCr's ExecutePM4): its four command dwords are an
 * INDIRECT_BUFFER, which runs on this queue in its VMID as a PM4 IB; the
 * packet completes when the IB returns (the step comes back here).
 */
static AemuStep pm4_ib(AemuDevice *d, AqlPacket *k)
{
    AemuCpQueue *q = k->p.q;
    uint32_t c[AQL_PM4_IB_DWORDS];
    AemuRingIb ib;

    if (q->aql_ib) {
        return finish(d, k, le64_at(k->b, AQL_COMPLETION_SIGNAL));
    }
    for (unsigned i = 0; i < AQL_PM4_IB_DWORDS; i++) {
        c[i] = le32_at(k->b, AQL_PM4_IB_COMMAND + 4 * i);
    }
    if (CP_PACKET_GET_TYPE(c[0]) != PACKET_TYPE3 ||
        CP_PACKET3_GET_OPCODE(c[0]) != PACKET3_INDIRECT_BUFFER ||
        CP_PACKET_GET_COUNT(c[0]) != AQL_PM4_IB_DWORDS - 2) {
        return aemu_pm4_fail(d, &k->p, AEMU_CP_ERR_OPCODE,
                             "PM4-IB packet's command 0x%08x is not an "
                             "INDIRECT_BUFFER", c[0]);
    }
    ib = (AemuRingIb) {
        .base = aemu_addr64(c[1] & PM4_IB_ADDR_LO_MASK,
                            c[2] & PM4_ADDR_HI16_MASK),
        .size = c[3] & PM4_IB_SIZE_MASK,
        .vmid = q->ring.vmid,
    };
    if (!aemu_ring_push_ib(&q->ring, &ib)) {
        return aemu_pm4_fail(d, &k->p, AEMU_CP_ERR_OPCODE,
                             "PM4-IB packet inside an IB");
    }
    q->aql_ib = true;
    sync_ring(q);
    return AEMU_STEP_DONE;
}

static AemuStep vendor(AemuDevice *d, AqlPacket *k)
{
    switch (k->b[AQL_VENDOR_FORMAT]) {
    case AQL_AMD_FORMAT_PM4_IB:
        k->p.name = "AQL PM4_IB";
        return pm4_ib(d, k);
    case AQL_AMD_FORMAT_BARRIER_VALUE:
        k->p.name = "AQL BARRIER_VALUE";
        return barrier_value(d, k);
    default:
        return aemu_pm4_fail(d, &k->p, AEMU_CP_ERR_OPCODE,
                             "vendor packet of AMD format %u",
                             k->b[AQL_VENDOR_FORMAT]);
    }
}

/* ---- The step -------------------------------------------------------- */

static const char *const type_names[] = {
    [AQL_TYPE_VENDOR_SPECIFIC] = "AQL VENDOR_SPECIFIC",
    [AQL_TYPE_INVALID] = "AQL INVALID",
    [AQL_TYPE_KERNEL_DISPATCH] = "AQL KERNEL_DISPATCH",
    [AQL_TYPE_BARRIER_AND] = "AQL BARRIER_AND",
    [AQL_TYPE_AGENT_DISPATCH] = "AQL AGENT_DISPATCH",
    [AQL_TYPE_BARRIER_OR] = "AQL BARRIER_OR",
};

AemuStep aemu_aql_step(AemuDevice *d, AemuCpQueue *q, unsigned *budget)
{
    AemuRing *r = &q->ring;
    AqlPacket k = { .p = { .q = q, .vmid = r->vmid, .user = r->vmid != 0,
                           .generation = r->generation } };
    AemuStep st;

    if (q->aql_read == q->aql_write) {
        sync_ring(q);
        return AEMU_STEP_STALL;
    }
    k.addr = r->base + (q->aql_read % ring_packets(q)) * AQL_PACKET_BYTES;
    if (aemu_gpu_read(d, r->vmid, k.addr, k.b, sizeof(k.b),
                      &r->client) != AEMU_MEM_OK) {
        k.p.name = "AQL packet";
        return aemu_pm4_fail(d, &k.p, AEMU_CP_ERR_MEMORY,
                             "fetch at 0x%" PRIx64 " faulted", k.addr);
    }
    k.p.header = le32_at(k.b, 0);
    k.type = k.p.header & AQL_HEADER_TYPE_MASK;
    if (k.type == AQL_TYPE_INVALID) {
        /* Rung before the header was written: wait for the next doorbell. */
        r->waiting = false;
        return AEMU_STEP_STALL;
    }
    k.p.name = k.type < G_N_ELEMENTS(type_names) ? type_names[k.type]
                                                 : "AQL packet";
    if (!aemu_engine_refetch(d)) {
        AEMU_TRACE(d, cp_packet, r->name, k.p.name, k.p.header, "aql",
                   (uint32_t)q->aql_read, k.addr, r->vmid);
    }
    switch (k.type) {
    case AQL_TYPE_KERNEL_DISPATCH:
        st = kernel_dispatch(d, &k);
        break;
    case AQL_TYPE_BARRIER_AND:
        st = barrier(d, &k, true);
        break;
    case AQL_TYPE_BARRIER_OR:
        st = barrier(d, &k, false);
        break;
    case AQL_TYPE_VENDOR_SPECIFIC:
        st = vendor(d, &k);
        break;
    case AQL_TYPE_AGENT_DISPATCH:
        st = aemu_pm4_unimp(d, &k.p, AEMU_CP_ERR_OPCODE,
                            "agent dispatch is not modelled");
        break;
    default:
        st = aemu_pm4_fail(d, &k.p, AEMU_CP_ERR_OPCODE,
                           "packet type %u", k.type);
        break;
    }
    if (st == AEMU_STEP_RETRY) {
        r->waiting = true;
    } else if (st == AEMU_STEP_DONE) {
        aemu_ring_charge(d, budget, 1);
    }
    return st;
}
