/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * amdgpu-emu core: SDMA 4.0 (Vega10 system DMA), the engines, their
 * queues and their registers.
 *
 * Two instances (SDMA1's registers are SDMA0's plus 0x200 dwords,
 * sdma_v4_0_get_reg_offset), each with three queues that run:
 *  - the gfx queue amdgpu runs, as sdma_v4_0_gfx_resume programs it;
 *  - the RLC queues RLC0 and RLC1 (the register map has no more on
 *    Vega10), KFD's user queues (num_sdma_queues_per_engine 2): loaded
 *    from a v9_sdma_mqd either through MMIO (kgd_hqd_sdma_load, the
 *    NO_HWS policy) or by the hardware scheduler's MAP_QUEUES
 *    (aemu_sdma_v4_rlc_map, called from gfx_v9_hws.c).
 * Every queue has the same register block at its own offset (GFX_RB_CNTL,
 * RLC0_RB_CNTL, RLC1_RB_CNTL, ...): a ring at RB_BASE << 8 in the VMID
 * RB_CNTL.RB_VMID names (0 for amdgpu's, the process's for KFD's), 64-bit
 * read and write pointers counted in bytes (RB_RPTR/_HI, RB_WPTR/_HI),
 * the 64-bit read pointer written back to RB_RPTR_ADDR (in the queue's
 * VMID), and the write pointer submitted either through RB_WPTR/_HI or,
 * with DOORBELL.ENABLE, as a 64-bit doorbell write at the index
 * DOORBELL_OFFSET names (sdma_v4_0_ring_set_wptr: WDOORBELL64 of
 * wptr << 2; ROCr rings its SDMA queues the same way). The engine's own
 * registers (F32_CNTL, CNTL, STATUS_REG, UTCL1, ...) are shared by its
 * queues. The page queue (firmware >= 430 only) is registers only.
 *
 * The queue mechanics are shared with CIK (sdma_common.c: fetch, decode,
 * hangs, traps, IBs) on the ring engine (ring.c); this file has the
 * registers and the SOC15 facts: IVs carry client SDMA0/SDMA1 and the
 * queue's ring_id (sdma_v4_0_process_trap_irq), memory goes through the
 * MMHUB. A hung queue reads not idle in SDMAx_STATUS_REG
 * (sdma_v4_0_is_idle) until the F32 is halted, the queue is given a new
 * read pointer, or the device is reset: sdma_v4_0_soft_reset is a no-op
 * ("todo") and SOC15 has no SRBM soft reset for SDMA, so the block has no
 * soft_reset hook.
 */
#include "sdma_v4_0.h"
#include "state.h"
#include "amdgpu-emu/regs/vega10_regs.h"
#include "amdgpu-emu/regs/vega10_fields.h"
#include "vega10_utcl2_cid.h"

#define SDMA_V4_0_MAX_INSTANCES 2
/* SDMA1's registers are SDMA0's shifted by one instance stride. */
#define SDMA_INSTANCE_STRIDE (mmSDMA1_UCODE_ADDR - mmSDMA0_UCODE_ADDR)
G_STATIC_ASSERT(mmSDMA1_GFX_RB_CNTL - mmSDMA0_GFX_RB_CNTL ==
                SDMA_INSTANCE_STRIDE);
G_STATIC_ASSERT(mmSDMA1_F32_CNTL - mmSDMA0_F32_CNTL == SDMA_INSTANCE_STRIDE);
G_STATIC_ASSERT(mmSDMA1_GFX_DOORBELL_OFFSET - mmSDMA0_GFX_DOORBELL_OFFSET ==
                SDMA_INSTANCE_STRIDE);
G_STATIC_ASSERT(mmSDMA1_RLC1_DOORBELL_OFFSET - mmSDMA0_RLC1_DOORBELL_OFFSET ==
                SDMA_INSTANCE_STRIDE);

/*
 * The queues of an instance the model runs: the gfx queue, then RLC0 and
 * RLC1. Each queue's registers are the gfx queue's layout at the offset
 * of its RB_CNTL; the model names them by the gfx queue's SDMA0 names.
 */
#define SDMA_QUEUE_GFX 0
#define SDMA_QUEUE_RLC0 1
#define SDMA_QUEUES (SDMA_QUEUE_RLC0 + AEMU_SDMA_V4_RLC_QUEUES)
/* One queue's register block: RLCn's are this far apart, as GFX..PAGE. */
#define SDMA_QUEUE_BLOCK_DW (mmSDMA0_RLC1_RB_CNTL - mmSDMA0_RLC0_RB_CNTL)
G_STATIC_ASSERT(mmSDMA0_PAGE_RB_CNTL - mmSDMA0_GFX_RB_CNTL ==
                SDMA_QUEUE_BLOCK_DW);

static const uint32_t queue_block[SDMA_QUEUES] = {
    [SDMA_QUEUE_GFX] = 0,
    [SDMA_QUEUE_RLC0] = mmSDMA0_RLC0_RB_CNTL - mmSDMA0_GFX_RB_CNTL,
    [SDMA_QUEUE_RLC0 + 1] = mmSDMA0_RLC1_RB_CNTL - mmSDMA0_GFX_RB_CNTL,
};

/* Each register the model gives a meaning is where the gfx queue has it. */
#define SAME_PLACE(reg) \
    G_STATIC_ASSERT(mmSDMA0_RLC0_##reg - mmSDMA0_RLC0_RB_CNTL == \
                    mmSDMA0_GFX_##reg - mmSDMA0_GFX_RB_CNTL && \
                    mmSDMA0_RLC1_##reg - mmSDMA0_RLC1_RB_CNTL == \
                    mmSDMA0_GFX_##reg - mmSDMA0_GFX_RB_CNTL)
SAME_PLACE(RB_BASE);
SAME_PLACE(RB_BASE_HI);
SAME_PLACE(RB_RPTR);
SAME_PLACE(RB_RPTR_HI);
SAME_PLACE(RB_WPTR);
SAME_PLACE(RB_WPTR_HI);
SAME_PLACE(RB_RPTR_ADDR_HI);
SAME_PLACE(RB_RPTR_ADDR_LO);
SAME_PLACE(IB_CNTL);
SAME_PLACE(IB_RPTR);
SAME_PLACE(IB_BASE_LO);
SAME_PLACE(IB_BASE_HI);
SAME_PLACE(IB_SIZE);
SAME_PLACE(CONTEXT_STATUS);
SAME_PLACE(DOORBELL);
SAME_PLACE(DOORBELL_OFFSET);
SAME_PLACE(STATUS);
SAME_PLACE(IB_SUB_REMAIN);
SAME_PLACE(MINOR_PTR_UPDATE);
SAME_PLACE(MIDCMD_DATA0);
SAME_PLACE(MIDCMD_CNTL);
/* ... and its fields are the gfx queue's too. */
#define SAME_FIELD(reg, field) \
    G_STATIC_ASSERT(SDMA0_RLC0_##reg##__##field##_MASK == \
                    SDMA0_GFX_##reg##__##field##_MASK && \
                    SDMA0_RLC0_##reg##__##field##__SHIFT == \
                    SDMA0_GFX_##reg##__##field##__SHIFT)
SAME_FIELD(RB_CNTL, RB_ENABLE);
SAME_FIELD(RB_CNTL, RB_SIZE);
SAME_FIELD(RB_CNTL, RPTR_WRITEBACK_ENABLE);
SAME_FIELD(RB_CNTL, RB_VMID);
SAME_FIELD(RB_BASE_HI, ADDR);
SAME_FIELD(RB_RPTR_ADDR_LO, ADDR);
SAME_FIELD(IB_CNTL, IB_ENABLE);
SAME_FIELD(IB_RPTR, OFFSET);
SAME_FIELD(IB_BASE_LO, ADDR);
SAME_FIELD(IB_SIZE, SIZE);
SAME_FIELD(CONTEXT_STATUS, IDLE);
SAME_FIELD(DOORBELL, ENABLE);
SAME_FIELD(DOORBELL_OFFSET, OFFSET);

/*
 * IV ring_id of each queue. sdma_v4_0_process_trap_irq knows 0 (the gfx
 * queue), 2 ("compute") and 3 (the page queue); SDMA 5.0 says 1 and 2 are
 * compute (RLC) and 3 the page queue, and CIK/VI number gfx 0, RLC0 1,
 * RLC1 2: RLCn is 1 + n (inferred). KFD does not look at it.
 */
static const uint8_t queue_ring_id[SDMA_QUEUES] = {
    [SDMA_QUEUE_GFX] = 0,
    [SDMA_QUEUE_RLC0] = 1,
    [SDMA_QUEUE_RLC0 + 1] = 2,
};

/* GFX_RB_BASE holds the ring address >> 8, GFX_RB_BASE_HI bits 63:40. */
#define SDMA_RB_BASE_SHIFT 8
/* RB_SIZE is log2 of the ring size in dwords; the ring engine's are 32-bit. */
#define SDMA_RB_SIZE_MAX_ORDER 29
/* A doorbell is a 64-bit write (WDOORBELL64): 8 bytes from its index. */
#define SDMA_DOORBELL_BYTES 8u

/*
 * struct v9_sdma_mqd (v9_structs.h): an RLC queue's registers from
 * RB_CNTL on in register order, without the holes of the register map
 * (the four runs kgd_hqd_sdma_dump reads too), then reserved dwords, then
 * the engine and the queue it is for.
 */
static const struct {
    uint32_t first, last;       /* mmSDMA0_RLC0_* */
} mqd_runs[] = {
    { mmSDMA0_RLC0_RB_CNTL, mmSDMA0_RLC0_DOORBELL },
    { mmSDMA0_RLC0_STATUS, mmSDMA0_RLC0_CSA_ADDR_HI },
    { mmSDMA0_RLC0_IB_SUB_REMAIN, mmSDMA0_RLC0_MINOR_PTR_UPDATE },
    { mmSDMA0_RLC0_MIDCMD_DATA0, mmSDMA0_RLC0_MIDCMD_CNTL },
};
G_STATIC_ASSERT((mmSDMA0_RLC0_DOORBELL - mmSDMA0_RLC0_RB_CNTL + 1) +
                (mmSDMA0_RLC0_CSA_ADDR_HI - mmSDMA0_RLC0_STATUS + 1) +
                (mmSDMA0_RLC0_MINOR_PTR_UPDATE -
                 mmSDMA0_RLC0_IB_SUB_REMAIN + 1) +
                (mmSDMA0_RLC0_MIDCMD_CNTL - mmSDMA0_RLC0_MIDCMD_DATA0 + 1) ==
                AEMU_SDMA_V4_MQD_REGS);
G_STATIC_ASSERT(AEMU_SDMA_V4_MQD_REGS <= AEMU_SDMA_V4_MQD_ENGINE_ID &&
                AEMU_SDMA_V4_MQD_QUEUE_ID < AEMU_SDMA_V4_MQD_DW);

static const char *const client_names[SDMA_V4_0_MAX_INSTANCES] = {
    "SDM0", "SDM1",
};
/* Each engine's MMHUB client ids for [reads, writes] (swapped on SDMA1). */
static const unsigned utcl2_cids[SDMA_V4_0_MAX_INSTANCES][2] = {
    { VEGA10_MMHUB_RD_CID_SDMA0, VEGA10_MMHUB_WR_CID_SDMA0 },
    { VEGA10_MMHUB_RD_CID_SDMA1, VEGA10_MMHUB_WR_CID_SDMA1 },
};

/* What SDMA0_STATUS_REG reads while the engine has nothing to do. */
#define SDMA_STATUS_IDLE \
    (SDMA0_STATUS_REG__IDLE_MASK | SDMA0_STATUS_REG__REG_IDLE_MASK | \
     SDMA0_STATUS_REG__RB_EMPTY_MASK | SDMA0_STATUS_REG__RB_CMD_IDLE_MASK | \
     SDMA0_STATUS_REG__IB_CMD_IDLE_MASK | \
     SDMA0_STATUS_REG__BLOCK_IDLE_MASK | SDMA0_STATUS_REG__EX_IDLE_MASK | \
     SDMA0_STATUS_REG__MC_WR_IDLE_MASK | SDMA0_STATUS_REG__SRBM_IDLE_MASK | \
     SDMA0_STATUS_REG__CONTEXT_EMPTY_MASK | \
     SDMA0_STATUS_REG__RB_MC_RREQ_IDLE_MASK | \
     SDMA0_STATUS_REG__IB_MC_RREQ_IDLE_MASK | \
     SDMA0_STATUS_REG__MC_RD_IDLE_MASK | \
     SDMA0_STATUS_REG__MC_RD_NO_POLL_IDLE_MASK | \
     SDMA0_STATUS_REG__PREV_CMD_IDLE_MASK | SDMA0_STATUS_REG__SEM_IDLE_MASK | \
     SDMA0_STATUS_REG__INT_IDLE_MASK)
/* The bits a queue with work (or stuck on a packet) clears. */
#define SDMA_STATUS_BUSY_CLEARS \
    (SDMA0_STATUS_REG__IDLE_MASK | SDMA0_STATUS_REG__RB_CMD_IDLE_MASK | \
     SDMA0_STATUS_REG__BLOCK_IDLE_MASK | SDMA0_STATUS_REG__EX_IDLE_MASK | \
     SDMA0_STATUS_REG__CONTEXT_EMPTY_MASK | \
     SDMA0_STATUS_REG__PREV_CMD_IDLE_MASK)

/* A queue of an instance: the shared queue, where its registers are. */
typedef struct SdmaV4Queue {
    SdmaQueue sq;
    unsigned index;             /* SDMA_QUEUE_GFX, SDMA_QUEUE_RLC0 + n */
    uint32_t block;             /* queue_block[index] */
    bool doorbell_claimed;
} SdmaV4Queue;

typedef struct SdmaV4 {
    unsigned num;
    SdmaV4Queue q[SDMA_V4_0_MAX_INSTANCES][SDMA_QUEUES];
} SdmaV4;

static const SdmaV4Queue *v4_queue(const SdmaQueue *q)
{
    return aemu_container_of(q, SdmaV4Queue, sq);
}

/* A register of the queue's own block, by the gfx queue's SDMA0 name. */
static uint32_t *qreg(AemuDevice *d, const SdmaQueue *q, uint32_t sdma0_gfx_dw)
{
    return &d->regs[q->reg_base + v4_queue(q)->block + sdma0_gfx_dw];
}

/* A register of the queue's engine, by its SDMA0 name. */
static uint32_t *ereg(AemuDevice *d, const SdmaQueue *q, uint32_t sdma0_dw)
{
    return &d->regs[q->reg_base + sdma0_dw];
}

static SdmaV4 *sdma_state(AemuDevice *d)
{
    return aemu_block_priv(d, AEMU_BLOCK_SDMA);
}

static unsigned inst_of(AemuDevice *d, uint32_t dw)
{
    unsigned inst = (dw - mmSDMA0_UCODE_ADDR) / SDMA_INSTANCE_STRIDE;

    g_assert(inst < sdma_state(d)->num);
    return inst;
}

/* The queue a per-queue register belongs to. */
static SdmaQueue *queue_of(AemuDevice *d, uint32_t dw)
{
    unsigned inst = inst_of(d, dw);
    uint32_t rel = dw - inst * SDMA_INSTANCE_STRIDE - mmSDMA0_GFX_RB_CNTL;

    for (unsigned k = 0; k < SDMA_QUEUES; k++) {
        if (rel - queue_block[k] < SDMA_QUEUE_BLOCK_DW) {
            return &sdma_state(d)->q[inst][k].sq;
        }
    }
    g_assert_not_reached();
}

static uint32_t ring_bytes(AemuDevice *d, const SdmaQueue *q)
{
    unsigned order = AEMU_REG_GET(*qreg(d, q, mmSDMA0_GFX_RB_CNTL),
                                  SDMA0_GFX_RB_CNTL, RB_SIZE);

    return 4u << MIN(order, SDMA_RB_SIZE_MAX_ORDER);
}

static uint64_t ring_base(AemuDevice *d, const SdmaQueue *q)
{
    uint64_t hi = *qreg(d, q, mmSDMA0_GFX_RB_BASE_HI) &
                  SDMA0_GFX_RB_BASE_HI__ADDR_MASK;

    return (hi << 32 | *qreg(d, q, mmSDMA0_GFX_RB_BASE)) << SDMA_RB_BASE_SHIFT;
}

/* The 64-bit write pointer in bytes, as the driver last submitted it. */
static uint64_t wptr64(AemuDevice *d, const SdmaQueue *q)
{
    return (uint64_t)*qreg(d, q, mmSDMA0_GFX_RB_WPTR_HI) << 32 |
           *qreg(d, q, mmSDMA0_GFX_RB_WPTR);
}

/*
 * The 64-bit read pointer in bytes. The ring engine keeps it modulo the
 * ring; the driver's pointers grow without wrapping (support_64bit_ptrs),
 * and the engine's read pointer trails the write pointer by less than a
 * ring, so its 64-bit value follows from the write pointer's.
 */
static uint64_t rptr64(AemuDevice *d, const SdmaQueue *q)
{
    const AemuRing *r = &q->ring;
    uint32_t pending = (r->wptr - r->rptr) & (r->size_dw - 1);

    return wptr64(d, q) - 4ull * pending;
}

static bool rb_enabled(AemuDevice *d, const SdmaQueue *q)
{
    return *qreg(d, q, mmSDMA0_GFX_RB_CNTL) & SDMA0_GFX_RB_CNTL__RB_ENABLE_MASK;
}

/*
 * The ring's geometry from the registers; fetching is allowed while the
 * F32 runs and the ring is enabled. amdgpu leaves RB_VMID at 0; KFD's
 * queues run in their process's VMID.
 */
static bool sdma_prepare(AemuDevice *d, AemuRing *r)
{
    SdmaQueue *q = sdma_queue(r);

    r->base = ring_base(d, q);
    r->size_dw = ring_bytes(d, q) / 4;
    r->vmid = AEMU_REG_GET(*qreg(d, q, mmSDMA0_GFX_RB_CNTL), SDMA0_GFX_RB_CNTL,
                           RB_VMID);
    r->rptr &= r->size_dw - 1;
    r->wptr = (uint32_t)(wptr64(d, q) / 4) & (r->size_dw - 1);
    return !(*ereg(d, q, mmSDMA0_F32_CNTL) & SDMA0_F32_CNTL__HALT_MASK) &&
           rb_enabled(d, q);
}

static bool busy(AemuDevice *d, SdmaQueue *q)
{
    sdma_prepare(d, &q->ring);
    return sdma_queue_busy(q, rb_enabled(d, q));
}

static void kick(AemuDevice *d, SdmaQueue *q)
{
    if (sdma_prepare(d, &q->ring) && !q->ring.hung) {
        aemu_ring_kick(d, &q->ring);
    }
}

/* The 64-bit read pointer, written back where sdma_v4_0_ring_get_rptr reads. */
static bool sdma_report_rptr(AemuDevice *d, AemuRing *r)
{
    SdmaQueue *q = sdma_queue(r);
    uint64_t addr, le;

    /*
     * A disabled ring consumes nothing and writes nothing back: radeon's
     * GPU reset soft-resets SDMA while the GART is off, and a write then
     * would fault through a disabled VM context.
     */
    if (!(*qreg(d, q, mmSDMA0_GFX_RB_CNTL) &
          SDMA0_GFX_RB_CNTL__RPTR_WRITEBACK_ENABLE_MASK) ||
        !rb_enabled(d, q)) {
        return false;
    }
    addr = (uint64_t)*qreg(d, q, mmSDMA0_GFX_RB_RPTR_ADDR_HI) << 32 |
           (*qreg(d, q, mmSDMA0_GFX_RB_RPTR_ADDR_LO) &
            SDMA0_GFX_RB_RPTR_ADDR_LO__ADDR_MASK);
    le = GUINT64_TO_LE(rptr64(d, q));
    /* A bad address faults in the GMC, which reports it. */
    aemu_gpu_write(d, r->vmid, addr, &le, sizeof(le), &r->client);
    return true;
}

static const AemuRingOps sdma_ring_ops = {
    .prepare = sdma_prepare,
    .step = sdma_step,
    .report_rptr = sdma_report_rptr,
};

/* SDMA 4.0's answers to the shared queue code (sdma_common.h). */
static bool v4_trap_enabled(AemuDevice *d, SdmaQueue *q)
{
    /*
     * sdma_v4_0_set_trap_irq_state toggles it; it is the engine's, so it
     * gates KFD's queues' traps too (amdgpu keeps it on while it runs).
     */
    return *ereg(d, q, mmSDMA0_CNTL) & SDMA0_CNTL__TRAP_ENABLE_MASK;
}

static bool v4_ib_enabled(AemuDevice *d, SdmaQueue *q)
{
    return *qreg(d, q, mmSDMA0_GFX_IB_CNTL) & SDMA0_GFX_IB_CNTL__IB_ENABLE_MASK;
}

static void v4_show_ib(AemuDevice *d, SdmaQueue *q, uint64_t base,
                       uint32_t ndw)
{
    *qreg(d, q, mmSDMA0_GFX_IB_BASE_LO) = (uint32_t)base &
                                          SDMA0_GFX_IB_BASE_LO__ADDR_MASK;
    *qreg(d, q, mmSDMA0_GFX_IB_BASE_HI) = (uint32_t)(base >> 32);
    *qreg(d, q, mmSDMA0_GFX_IB_SIZE) = ndw & SDMA0_GFX_IB_SIZE__SIZE_MASK;
}

static const SdmaGen sdma_v4_0_gen = {
    .lookup = sdma_v4_0_packet_lookup,
    .unmodelled = sdma_v4_0_packet_unmodelled,
    .illegal_src = SDMA4_IV_SRCID_ILLEGAL_INST,
    .srbm_write_src = SDMA0_4_0__SRCID__SDMA_SRBMWRITE,
    .trap_src = SDMA0_4_0__SRCID__SDMA_TRAP,
    .mmhub_vmid = true,
    /* Register byte addresses span the whole 32-bit field. */
    .poll_reg_addr_mask = 0xFFFFFFFCu,
    .srbm_write_addr_mask = SDMA_PKT_SRBM_WRITE_ADDR_addr_mask,
    .trap_enabled = v4_trap_enabled,
    .ib_enabled = v4_ib_enabled,
    .show_ib = v4_show_ib,
};

/* Doorbells. */

/*
 * The 64-bit wptr << 2 (sdma_v4_0_ring_set_wptr); a 32-bit write updates
 * the half it covers (inferred). The value lands in RB_WPTR/_HI, where
 * the MMIO path puts it too.
 */
static void doorbell_write(AemuDevice *d, void *opaque, uint64_t offset,
                           uint64_t value, unsigned size)
{
    SdmaQueue *q = opaque;

    if (offset == 0 && size == 8) {
        *qreg(d, q, mmSDMA0_GFX_RB_WPTR) = (uint32_t)value;
        *qreg(d, q, mmSDMA0_GFX_RB_WPTR_HI) = (uint32_t)(value >> 32);
    } else if (offset == 0 && size == 4) {
        *qreg(d, q, mmSDMA0_GFX_RB_WPTR) = (uint32_t)value;
    } else if (offset == 4 && size == 4) {
        *qreg(d, q, mmSDMA0_GFX_RB_WPTR_HI) = (uint32_t)value;
    } else {
        aemu_guest_error(d, "%s: doorbell write of %u bytes at +%" PRIu64
                         " ignored", q->ring.name, size, offset);
        return;
    }
    kick(d, q);
}

/*
 * DOORBELL.ENABLE with DOORBELL_OFFSET.OFFSET (a dword index into the
 * doorbell BAR: the driver's doorbell_index, KFD's queue doorbell) claim
 * 8 bytes there from the router; clearing ENABLE gives them back. NBIO's
 * BIF_SDMA0/1_DOORBELL_RANGE (soc15_sdma_doorbell_range_init) program the
 * same index and only select which engine the BIF forwards to, so the
 * queue's own registers are enough to place the claim (inferred).
 */
static void doorbell_update(AemuDevice *d, SdmaQueue *q)
{
    SdmaV4Queue *vq = aemu_container_of(q, SdmaV4Queue, sq);
    uint32_t index = AEMU_REG_GET(*qreg(d, q, mmSDMA0_GFX_DOORBELL_OFFSET),
                                  SDMA0_GFX_DOORBELL_OFFSET, OFFSET);

    if (*qreg(d, q, mmSDMA0_GFX_DOORBELL) & SDMA0_GFX_DOORBELL__ENABLE_MASK) {
        aemu_doorbell_claim(d, 4ull * index, SDMA_DOORBELL_BYTES,
                            doorbell_write, q, q->ring.name);
        vq->doorbell_claimed = true;
    } else if (vq->doorbell_claimed) {
        aemu_doorbell_release(d, doorbell_write, q);
        vq->doorbell_claimed = false;
    }
}

static void doorbell_reg_write(AemuDevice *d, uint32_t dw, uint32_t value)
{
    d->regs[dw] = value;
    doorbell_update(d, queue_of(d, dw));
}

static const AemuRegHandler doorbell_reg = {
    .block = "sdma", .write = doorbell_reg_write,
};

/* Registers. */

static SdmaQueue *engine_queue(AemuDevice *d, unsigned inst, unsigned k)
{
    return &sdma_state(d)->q[inst][k].sq;
}

/* The engine is busy while any of its queues is. */
static uint32_t status_reg_read(AemuDevice *d, uint32_t dw)
{
    unsigned inst = inst_of(d, dw);
    uint32_t v = SDMA_STATUS_IDLE;

    for (unsigned k = 0; k < SDMA_QUEUES; k++) {
        SdmaQueue *q = engine_queue(d, inst, k);

        if (busy(d, q)) {
            v &= ~SDMA_STATUS_BUSY_CLEARS;
        }
        if (aemu_ring_avail(&q->ring) && !q->ring.ib_depth) {
            v &= ~SDMA0_STATUS_REG__RB_EMPTY_MASK;
        }
        if (q->ring.ib_depth) {
            v |= SDMA0_STATUS_REG__INSIDE_IB_MASK;
            v &= ~SDMA0_STATUS_REG__IB_CMD_IDLE_MASK;
        }
    }
    return v;
}

static const AemuRegHandler status_reg = {
    .block = "sdma", .read = status_reg_read, .write = aemu_reg_ignore_write,
};

/*
 * Microcode upload (sdma_v4_0_load_microcode, direct load only; with the
 * PSP the driver never touches these): accepted and discarded. DATA
 * advances ADDR, as the hardware's auto-increment does; the driver ends
 * by writing the firmware version to ADDR.
 */
static void ucode_data_write(AemuDevice *d, uint32_t dw, uint32_t value)
{
    uint32_t addr_dw = dw - mmSDMA0_UCODE_DATA + mmSDMA0_UCODE_ADDR;

    d->regs[addr_dw] = (d->regs[addr_dw] + 1) & SDMA0_UCODE_ADDR__VALUE_MASK;
}

static const AemuRegHandler ucode_data = {
    .block = "sdma", .write = ucode_data_write,
};

/* Forget the packet a queue was at, and its hang. */
static void drop_current(SdmaQueue *q)
{
    if (q->ring.hung || q->ring.ib_depth || q->progress) {
        sdma_drop_current(q);
        q->ring.hung = false;
    }
}

/*
 * The F32 microengine (sdma_v4_0_enable) runs all the engine's queues.
 * Halting it stops fetching; a halted engine forgets the packets its
 * queues were stuck in (it restarts from its reset vector when released,
 * inferred as on CIK), so halting is also how a hang is cleared.
 */
static void f32_cntl_write(AemuDevice *d, uint32_t dw, uint32_t value)
{
    unsigned inst = inst_of(d, dw);

    d->regs[dw] = value;
    for (unsigned k = 0; k < SDMA_QUEUES; k++) {
        SdmaQueue *q = engine_queue(d, inst, k);

        if (value & SDMA0_F32_CNTL__HALT_MASK) {
            drop_current(q);
        } else {
            kick(d, q);
        }
    }
}

static const AemuRegHandler f32_cntl = {
    .block = "sdma", .write = f32_cntl_write,
};

static void kick_write(AemuDevice *d, uint32_t dw, uint32_t value)
{
    d->regs[dw] = value;
    kick(d, queue_of(d, dw));
}

/* RB_CNTL, RB_WPTR and RB_WPTR_HI (the MMIO submission path). */
static const AemuRegHandler kick_reg = {
    .block = "sdma", .write = kick_write,
};

/* The gfx queue's SDMA0 name of a register of q's block. */
static uint32_t gfx_name(const SdmaQueue *q, uint32_t dw)
{
    return dw - q->reg_base - v4_queue(q)->block;
}

static uint32_t rb_rptr_read(AemuDevice *d, uint32_t dw)
{
    SdmaQueue *q = queue_of(d, dw);
    uint64_t v;

    sdma_prepare(d, &q->ring);
    v = rptr64(d, q);
    return gfx_name(q, dw) == mmSDMA0_GFX_RB_RPTR_HI ? (uint32_t)(v >> 32)
                                                     : (uint32_t)v;
}

/*
 * Place the engine's read pointer at byte offset rptr of the ring: a
 * queue (re)programmed from there has no packet in flight and no hang.
 */
static void set_rptr(AemuDevice *d, SdmaQueue *q, uint64_t rptr)
{
    sdma_prepare(d, &q->ring);
    aemu_ring_set_rptr(&q->ring, (uint32_t)(rptr / 4));
    q->progress = 0;
    q->ring.hung = false;
    q->ring.reported = false;
}

/*
 * sdma_v4_0_gfx_resume zeroes RB_RPTR/_HI (and RB_WPTR/_HI) before it
 * enables the ring, kgd_hqd_sdma_load writes the MQD's: the low half
 * places the engine's read pointer (the high half follows from the write
 * pointer, rptr64).
 */
static void rb_rptr_write(AemuDevice *d, uint32_t dw, uint32_t value)
{
    SdmaQueue *q = queue_of(d, dw);

    d->regs[dw] = value;
    if (gfx_name(q, dw) == mmSDMA0_GFX_RB_RPTR) {
        set_rptr(d, q, value);
    }
}

static const AemuRegHandler rb_rptr = {
    .block = "sdma", .read = rb_rptr_read, .write = rb_rptr_write,
};

static uint32_t ib_rptr_read(AemuDevice *d, uint32_t dw)
{
    SdmaQueue *q = queue_of(d, dw);
    AemuRingIb *ib = aemu_ring_ib(&q->ring);

    return ib ? (ib->pos * 4) & SDMA0_GFX_IB_RPTR__OFFSET_MASK : 0;
}

static const AemuRegHandler ib_rptr = {
    .block = "sdma", .read = ib_rptr_read, .write = aemu_reg_ignore_write,
};

/*
 * CONTEXT_STATUS.IDLE: the queue is not running a packet. A disabled
 * queue is switched out, so it is idle whatever it was doing: that is
 * what kgd_hqd_sdma_load and _destroy wait for after they clear
 * RB_ENABLE. The model gives the other bits no meaning: they read 0.
 */
static uint32_t context_status(AemuDevice *d, SdmaQueue *q)
{
    return rb_enabled(d, q) && busy(d, q) ? 0
           : SDMA0_GFX_CONTEXT_STATUS__IDLE_MASK;
}

static uint32_t context_status_read(AemuDevice *d, uint32_t dw)
{
    return context_status(d, queue_of(d, dw));
}

static const AemuRegHandler context_status_reg = {
    .block = "sdma", .read = context_status_read,
    .write = aemu_reg_ignore_write,
};

/* SDMAx_STATUS_REG is the driver's view; status.c's units for completeness. */
static uint32_t sdma_busy(AemuDevice *d, void *priv)
{
    SdmaV4 *s = priv;
    uint32_t units = 0;

    for (unsigned i = 0; i < s->num; i++) {
        for (unsigned k = 0; k < SDMA_QUEUES; k++) {
            if (busy(d, &s->q[i][k].sq)) {
                units |= AEMU_UNIT_MASK(AEMU_UNIT_SDMA0 + i);
            }
        }
    }
    return units;
}

/* The registers of queue k of instance i (its block at base). */
static void queue_init(AemuDevice *d, SdmaV4 *s, unsigned i, unsigned k)
{
    SdmaV4Queue *vq = &s->q[i][k];
    SdmaQueue *q = &vq->sq;
    uint32_t base = i * SDMA_INSTANCE_STRIDE + queue_block[k];
    AemuMemClient client = {
        .name = client_names[i], .hub = AEMU_HUB_MM,
        .utcl2_cid = { utcl2_cids[i][0], utcl2_cids[i][1] },
        .retry = true,          /* sdma_mem_fault replays */
    };
    char name[sizeof(q->ring.name)];

    vq->index = k;
    vq->block = queue_block[k];
    q->gen = &sdma_v4_0_gen;
    q->inst = i;
    q->reg_base = i * SDMA_INSTANCE_STRIDE;
    q->iv_client = SOC15_IH_CLIENTID_SDMA0 + i;
    q->iv_ring_id = queue_ring_id[k];
    if (k == SDMA_QUEUE_GFX) {
        g_snprintf(name, sizeof(name), "sdma%u", i);
    } else {
        g_snprintf(name, sizeof(name), "sdma%u_rlc%u", i, k - SDMA_QUEUE_RLC0);
    }
    /* One IB level: INDIRECT inside an IB is refused. */
    aemu_ring_init(d, &q->ring, &sdma_ring_ops, name, &client, 1);
    q->ring.engine.cls = AEMU_ENGINE_CLASS_SDMA;

    aemu_reg_claim(d, base + mmSDMA0_GFX_RB_CNTL, &kick_reg);
    aemu_reg_claim(d, base + mmSDMA0_GFX_RB_WPTR, &kick_reg);
    aemu_reg_claim(d, base + mmSDMA0_GFX_RB_WPTR_HI, &kick_reg);
    aemu_reg_claim(d, base + mmSDMA0_GFX_RB_RPTR, &rb_rptr);
    aemu_reg_claim(d, base + mmSDMA0_GFX_RB_RPTR_HI, &rb_rptr);
    aemu_reg_claim(d, base + mmSDMA0_GFX_IB_RPTR, &ib_rptr);
    aemu_reg_claim(d, base + mmSDMA0_GFX_CONTEXT_STATUS, &context_status_reg);
    aemu_reg_claim(d, base + mmSDMA0_GFX_DOORBELL, &doorbell_reg);
    aemu_reg_claim(d, base + mmSDMA0_GFX_DOORBELL_OFFSET, &doorbell_reg);
}

static void sdma_init(AemuDevice *d, void *priv)
{
    SdmaV4 *s = priv;

    g_assert(d->asic->num_sdma <= SDMA_V4_0_MAX_INSTANCES);
    s->num = d->asic->num_sdma;
    for (unsigned i = 0; i < s->num; i++) {
        uint32_t base = i * SDMA_INSTANCE_STRIDE;

        for (unsigned k = 0; k < SDMA_QUEUES; k++) {
            queue_init(d, s, i, k);
        }
        aemu_reg_claim(d, base + mmSDMA0_UCODE_DATA, &ucode_data);
        aemu_reg_claim(d, base + mmSDMA0_STATUS_REG, &status_reg);
        aemu_reg_claim(d, base + mmSDMA0_F32_CNTL, &f32_cntl);
    }
}

static void sdma_reset(AemuDevice *d, void *priv, AemuResetKind kind)
{
    SdmaV4 *s = priv;

    for (unsigned i = 0; i < s->num; i++) {
        for (unsigned k = 0; k < SDMA_QUEUES; k++) {
            SdmaQueue *q = &s->q[i][k].sq;

            aemu_ring_reset(&q->ring);
            q->progress = 0;
            /* The driver reads the write-back slot once the ring runs. */
            q->ring.reported = false;
            *qreg(d, q, mmSDMA0_GFX_RB_WPTR) = 0;
            *qreg(d, q, mmSDMA0_GFX_RB_WPTR_HI) = 0;
            *qreg(d, q, mmSDMA0_GFX_DOORBELL) = 0;
            doorbell_update(d, q);
        }
        /* No microcode yet: the F32 is halted. */
        d->regs[i * SDMA_INSTANCE_STRIDE + mmSDMA0_F32_CNTL] =
            SDMA0_F32_CNTL__HALT_MASK;
    }
}

/*
 * Snapshots (state.h): every queue; a doorbell claim is made again from
 * the queue's (loaded) doorbell registers.
 */
static void sdma_state_io(AemuDevice *d, void *priv, AemuStateIo *s)
{
    SdmaV4 *sd = priv;

    for (unsigned i = 0; i < sd->num; i++) {
        for (unsigned k = 0; k < SDMA_QUEUES; k++) {
            SdmaV4Queue *vq = &sd->q[i][k];
            bool claimed = vq->doorbell_claimed;

            sdma_queue_state(s, &vq->sq);
            AEMU_STATE_BOOL(s, claimed);
            if (aemu_state_loading(s)) {
                if (vq->doorbell_claimed) {
                    aemu_doorbell_release(d, doorbell_write, &vq->sq);
                    vq->doorbell_claimed = false;
                }
                if (claimed) {
                    doorbell_update(d, &vq->sq);
                }
            }
        }
    }
}

const AemuIpBlockFuncs aemu_sdma_v4_0_funcs = {
    .name = "sdma_v4_0",
    .type = AEMU_BLOCK_SDMA,
    .major = 4, .minor = 0,
    .priv_size = sizeof(SdmaV4),
    .init = sdma_init,
    .reset = sdma_reset,
    .busy = sdma_busy,
    .state = sdma_state_io,
    .state_version = 1,
};

/* RLC queues for the hardware scheduler (sdma_v4_0.h). */

/* The SDMA 4.0 block of the device, or NULL (not a Vega10). */
static SdmaV4 *v4_block(AemuDevice *d)
{
    const AemuBlock *b = d->block_of[AEMU_BLOCK_SDMA];

    return b && b->funcs == &aemu_sdma_v4_0_funcs ? b->priv : NULL;
}

/* The register of MQD dword i (i < AEMU_SDMA_V4_MQD_REGS), by its gfx name. */
static uint32_t mqd_reg(unsigned i)
{
    for (size_t r = 0; r < G_N_ELEMENTS(mqd_runs); r++) {
        uint32_t n = mqd_runs[r].last - mqd_runs[r].first + 1;

        if (i < n) {
            return mqd_runs[r].first + i - mmSDMA0_RLC0_RB_CNTL +
                   mmSDMA0_GFX_RB_CNTL;
        }
        i -= n;
    }
    g_assert_not_reached();
}

/* RB_CNTL opens the MQD's register image. */
#define MQD_DW_RB_CNTL 0

int aemu_sdma_v4_rlc_map(AemuDevice *d, unsigned engine, const uint32_t *mqd,
                         unsigned vmid, uint32_t doorbell,
                         const uint64_t *wptr)
{
    SdmaV4 *s = v4_block(d);
    uint32_t queue = mqd[AEMU_SDMA_V4_MQD_QUEUE_ID];
    uint32_t rb_cntl = mqd[MQD_DW_RB_CNTL];
    unsigned order = AEMU_REG_GET(rb_cntl, SDMA0_GFX_RB_CNTL, RB_SIZE);
    SdmaQueue *q;
    uint64_t rptr, w;

    if (!s) {
        aemu_unimp(d, "SDMA RLC queues: the device's SDMA is not 4.0");
        return -1;
    }
    if (engine >= s->num) {
        aemu_guest_error(d, "SDMA RLC queue on engine %u of %u: not mapped",
                         engine, s->num);
        return -1;
    }
    if (mqd[AEMU_SDMA_V4_MQD_ENGINE_ID] != engine) {
        aemu_guest_error(d, "SDMA%u RLC queue: the MQD is for engine %u: "
                         "not mapped", engine,
                         mqd[AEMU_SDMA_V4_MQD_ENGINE_ID]);
        return -1;
    }
    if (queue >= AEMU_SDMA_V4_RLC_QUEUES) {
        aemu_guest_error(d, "SDMA%u RLC queue: the MQD names queue %u, the "
                         "engine has %u: not mapped", engine, queue,
                         AEMU_SDMA_V4_RLC_QUEUES);
        return -1;
    }
    q = &s->q[engine][SDMA_QUEUE_RLC0 + queue].sq;
    if (order > SDMA_RB_SIZE_MAX_ORDER) {
        aemu_guest_error(d, "%s: the MQD's ring of 2^%u dwords is larger "
                         "than the engine takes: not mapped", q->ring.name,
                         order);
        return -1;
    }
    if (rb_enabled(d, q)) {
        aemu_guest_error(d, "%s: mapped while it runs another queue: not "
                         "mapped", q->ring.name);
        return -1;
    }
    /*
     * The image as the registers, then what the scheduler owns: RB_VMID
     * (KFD leaves it 0 under HWS), the doorbell, the write pointer, and
     * RB_ENABLE last, as kgd_hqd_sdma_load orders it.
     */
    for (unsigned i = 0; i < AEMU_SDMA_V4_MQD_REGS; i++) {
        *qreg(d, q, mqd_reg(i)) = mqd[i];
    }
    rb_cntl = AEMU_REG_SET(rb_cntl, SDMA0_GFX_RB_CNTL, RB_VMID, vmid) &
              ~SDMA0_GFX_RB_CNTL__RB_ENABLE_MASK;
    *qreg(d, q, mmSDMA0_GFX_RB_CNTL) = rb_cntl;
    rptr = (uint64_t)*qreg(d, q, mmSDMA0_GFX_RB_RPTR_HI) << 32 |
           *qreg(d, q, mmSDMA0_GFX_RB_RPTR);
    set_rptr(d, q, rptr);
    w = wptr ? *wptr : wptr64(d, q);
    *qreg(d, q, mmSDMA0_GFX_RB_WPTR) = (uint32_t)w;
    *qreg(d, q, mmSDMA0_GFX_RB_WPTR_HI) = (uint32_t)(w >> 32);
    *qreg(d, q, mmSDMA0_GFX_DOORBELL_OFFSET) =
        doorbell & SDMA0_GFX_DOORBELL_OFFSET__OFFSET_MASK;
    *qreg(d, q, mmSDMA0_GFX_DOORBELL) |= SDMA0_GFX_DOORBELL__ENABLE_MASK;
    doorbell_update(d, q);
    *qreg(d, q, mmSDMA0_GFX_RB_CNTL) =
        rb_cntl | SDMA0_GFX_RB_CNTL__RB_ENABLE_MASK;
    kick(d, q);
    return (int)queue;
}

bool aemu_sdma_v4_rlc_unmap(AemuDevice *d, unsigned engine, unsigned queue,
                            uint32_t *mqd)
{
    SdmaV4 *s = v4_block(d);
    SdmaQueue *q;
    uint64_t rptr;

    if (!s || engine >= s->num || queue >= AEMU_SDMA_V4_RLC_QUEUES) {
        return false;
    }
    q = &s->q[engine][SDMA_QUEUE_RLC0 + queue].sq;
    sdma_prepare(d, &q->ring);
    rptr = rptr64(d, q);
    /*
     * Preemption is at a packet of the ring: work cut short runs again
     * from its start when the queue is mapped again (a long packet partly
     * done restarts; an IB partly run restarts at the INDIRECT that
     * called it, whose packet the ring has consumed). The model keeps no
     * mid-command state (MIDCMD_*) of its own.
     */
    if (q->ring.ib_depth) {
        rptr -= 4ull * SDMA4_INDIRECT_DW;
    }
    *qreg(d, q, mmSDMA0_GFX_RB_CNTL) &= ~SDMA0_GFX_RB_CNTL__RB_ENABLE_MASK;
    *qreg(d, q, mmSDMA0_GFX_DOORBELL) &= ~SDMA0_GFX_DOORBELL__ENABLE_MASK;
    doorbell_update(d, q);
    set_rptr(d, q, rptr);
    *qreg(d, q, mmSDMA0_GFX_RB_RPTR) = (uint32_t)rptr;
    *qreg(d, q, mmSDMA0_GFX_RB_RPTR_HI) = (uint32_t)(rptr >> 32);
    /* The computed registers as a read gives them. */
    for (unsigned i = 0; i < AEMU_SDMA_V4_MQD_REGS; i++) {
        uint32_t reg = mqd_reg(i);

        switch (reg) {
        case mmSDMA0_GFX_CONTEXT_STATUS:
            mqd[i] = context_status(d, q);
            break;
        case mmSDMA0_GFX_IB_RPTR:
            mqd[i] = 0;
            break;
        default:
            mqd[i] = *qreg(d, q, reg);
            break;
        }
    }
    return true;
}
