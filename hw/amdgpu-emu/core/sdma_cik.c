/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * amdgpu-emu core: CIK SDMA (OSS 2.0 system DMA), the engines, their
 * queues and their registers.
 *
 * Two instances (SDMA1's registers are SDMA0's plus one instance stride),
 * each with three queues that run:
 *  - the gfx queue the drivers use (cik_sdma_gfx_resume). It has no
 *    doorbell on CIK: a write to GFX_RB_WPTR is the submission;
 *  - the RLC queues RLC0 and RLC1, KFD's user queues. Linux 6.12 has no
 *    hardware scheduler on Hawaii, so KFD loads them by registers
 *    (kgd_hqd_sdma_load, amdgpu_amdkfd_gfx_v7.c) and ROCr submits through
 *    RB_WPTR's doorbell: with RLCn_DOORBELL.ENABLE a 32-bit write of the
 *    write pointer at the dword index RLCn_DOORBELL.OFFSET names.
 * Every queue has the same register block at its own offset (GFX_RB_CNTL,
 * RLC0_RB_CNTL, RLC1_RB_CNTL): a ring at RB_BASE << 8 in the VMID
 * RB_CNTL.RB_VMID names (0 for the drivers' queue, the process's for
 * KFD's: update_mqd_sdma puts qpd->vmid there), 32-bit read and write
 * pointers counted in bytes, the read pointer written back to RB_RPTR_ADDR
 * in the queue's VMID, INDIRECT_BUFFERs, CONTEXT_STATUS.IDLE. The
 * engine's own registers (F32_CNTL, CNTL, STATUS_REG) are shared by its
 * queues. RLCn_VIRTUAL_ADDR is not a VMID: it holds the shared aperture's
 * base for the GPUVM64 addressing mode (init_sdma_vm); the model's SDMA
 * addresses are GPUVM addresses whatever it says, and keeps it as storage.
 *
 * The queues differ in one packet: TRAP is one dword on the gfx queue and
 * two (INT_CONTEXT, the KFD event id) on the RLC queues; why is in
 * sdma_cik_packets.c. Each queue's trap and illegal-instruction IVs name
 * it in their ring_id and carry the VMID of the stream it ran.
 *
 * The queues run from the scheduler, never inside the register write:
 * each fetches the packets between rptr and wptr and hands each to its
 * decoder table (sdma_cik_packets.c); the fetch loop, hang reports, traps
 * and IB entry are shared with SDMA 4.0 (sdma_common.c). A packet that is
 * not yet all in the ring waits for more; a malformed or faulting one
 * stops its queue, which then reads busy in SDMA0_STATUS_REG,
 * SRBM_STATUS2 and its CONTEXT_STATUS until a soft reset, a halt of the
 * microengine or a device reset, as a hung engine would; an RLC queue is
 * also cleared by KFD's next load of it (a new read pointer). The ring
 * mechanics are the shared ring engine's (ring.c); the registers count
 * bytes, the ring dwords.
 */
#include "sdma_cik.h"
#include "state.h"
#include "amdgpu-emu/regs/cik_regs.h"
#include "amdgpu-emu/regs/cik_fields.h"

/* SDMA1's registers are SDMA0's shifted by one instance stride. */
#define SDMA_INSTANCE_STRIDE (mmSDMA1_UCODE_ADDR - mmSDMA0_UCODE_ADDR)
G_STATIC_ASSERT(mmSDMA1_GFX_RB_CNTL - mmSDMA0_GFX_RB_CNTL ==
                SDMA_INSTANCE_STRIDE);
G_STATIC_ASSERT(mmSDMA1_F32_CNTL - mmSDMA0_F32_CNTL == SDMA_INSTANCE_STRIDE);
G_STATIC_ASSERT(mmSDMA1_RLC1_DOORBELL - mmSDMA0_RLC1_DOORBELL ==
                SDMA_INSTANCE_STRIDE);

/*
 * The queues of an instance: the gfx queue, then RLC0 and RLC1. Each
 * queue's registers are the gfx queue's layout at the offset of its
 * RB_CNTL (KFD's get_sdma_rlc_reg_offset adds the same stride); the model
 * names them by the gfx queue's SDMA0 names.
 */
#define SDMA_QUEUE_GFX 0
#define SDMA_QUEUE_RLC0 1
G_STATIC_ASSERT(SDMA_CIK_QUEUES == SDMA_QUEUE_RLC0 + SDMA_CIK_RLC_QUEUES);
/*
 * One queue's register block: RLC1's is this far from RLC0's, as RLC0's
 * from the gfx queue's.
 */
#define SDMA_QUEUE_BLOCK_DW (mmSDMA0_RLC1_RB_CNTL - mmSDMA0_RLC0_RB_CNTL)
G_STATIC_ASSERT(mmSDMA0_RLC0_RB_CNTL - mmSDMA0_GFX_RB_CNTL ==
                SDMA_QUEUE_BLOCK_DW);

static const uint32_t queue_block[SDMA_CIK_QUEUES] = {
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
SAME_PLACE(RB_WPTR);
SAME_PLACE(RB_RPTR_ADDR_HI);
SAME_PLACE(RB_RPTR_ADDR_LO);
SAME_PLACE(IB_CNTL);
SAME_PLACE(IB_RPTR);
SAME_PLACE(IB_BASE_LO);
SAME_PLACE(IB_BASE_HI);
SAME_PLACE(IB_SIZE);
SAME_PLACE(CONTEXT_STATUS);
SAME_PLACE(VIRTUAL_ADDR);
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
SAME_FIELD(RB_RPTR, OFFSET);
SAME_FIELD(RB_WPTR, OFFSET);
SAME_FIELD(RB_RPTR_ADDR_LO, ADDR);
SAME_FIELD(IB_CNTL, IB_ENABLE);
SAME_FIELD(IB_RPTR, OFFSET);
SAME_FIELD(IB_SIZE, SIZE);
SAME_FIELD(CONTEXT_STATUS, IDLE);

/* IV source of the trap (VISLANDS30_IV_SRCID_SDMA_TRAP). */
#define SDMA_IV_SRCID_TRAP 224
/*
 * IV ring_id: instance [1:0], queue [3:2] (cik_sdma_process_trap_irq:
 * queue 0 is the gfx ring, 1 and 2 its "compute" cases, the RLC queues).
 */
#define SDMA_RING_ID(inst, queue) ((uint8_t)((inst) | (queue) << 2))

/* GFX_RB_BASE holds the ring address >> 8, GFX_RB_BASE_HI bits 63:40. */
#define SDMA_RB_BASE_SHIFT 8
/* RB_SIZE is log2 of the ring size in dwords; the pointers are 32-bit. */
#define SDMA_RB_SIZE_MAX_ORDER 29
/*
 * An RLC queue's doorbell is a dword: CIK's doorbells are 32-bit (KFD's
 * doorbell_size 4 before SOC15), and ROCr writes the write pointer in
 * bytes there.
 */
#define SDMA_DOORBELL_BYTES 4u

/* Memory client names in VM fault reports (the ids are not public). */
static const char *const client_names[SDMA_CIK_MAX_INSTANCES] = {
    "SDM0", "SDM1",
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

static SdmaCikQueue *cik_queue(SdmaQueue *q)
{
    return aemu_container_of(q, SdmaCikQueue, sq);
}

static bool is_rlc(SdmaQueue *q)
{
    return cik_queue(q)->index != SDMA_QUEUE_GFX;
}

/* A register of the queue's own block, by the gfx queue's SDMA0 name. */
static uint32_t *qreg(AemuDevice *d, SdmaQueue *q, uint32_t sdma0_gfx_dw)
{
    return &d->regs[q->reg_base + cik_queue(q)->block + sdma0_gfx_dw];
}

/* A register only the RLC queues have, by RLC0's SDMA0 name. */
static uint32_t *rlc_reg(AemuDevice *d, SdmaQueue *q, uint32_t sdma0_rlc0_dw)
{
    g_assert(is_rlc(q));
    return &d->regs[q->reg_base + cik_queue(q)->block -
                    queue_block[SDMA_QUEUE_RLC0] + sdma0_rlc0_dw];
}

/* A register of the queue's engine, by its SDMA0 name. */
static uint32_t *ereg(AemuDevice *d, SdmaQueue *q, uint32_t sdma0_dw)
{
    return &d->regs[q->reg_base + sdma0_dw];
}

static AemuSdma *sdma_state(AemuDevice *d)
{
    return aemu_block_priv(d, AEMU_BLOCK_SDMA);
}

static unsigned inst_of(AemuDevice *d, uint32_t dw)
{
    unsigned inst = (dw - mmSDMA0_UCODE_ADDR) / SDMA_INSTANCE_STRIDE;

    g_assert(inst < sdma_state(d)->num);
    return inst;
}

static SdmaQueue *engine_queue(AemuDevice *d, unsigned inst, unsigned k)
{
    return &sdma_state(d)->q[inst][k].sq;
}

/* The queue a per-queue register belongs to. */
static SdmaQueue *queue_of(AemuDevice *d, uint32_t dw)
{
    unsigned inst = inst_of(d, dw);
    uint32_t rel = dw - inst * SDMA_INSTANCE_STRIDE - mmSDMA0_GFX_RB_CNTL;

    for (unsigned k = 0; k < SDMA_CIK_QUEUES; k++) {
        if (rel - queue_block[k] < SDMA_QUEUE_BLOCK_DW) {
            return engine_queue(d, inst, k);
        }
    }
    g_assert_not_reached();
}

static unsigned ring_order(AemuDevice *d, SdmaQueue *q)
{
    return AEMU_REG_GET(*qreg(d, q, mmSDMA0_GFX_RB_CNTL), SDMA0_GFX_RB_CNTL,
                        RB_SIZE);
}

static uint32_t ring_bytes(AemuDevice *d, SdmaQueue *q)
{
    return 4u << MIN(ring_order(d, q), SDMA_RB_SIZE_MAX_ORDER);
}

static uint64_t ring_base(AemuDevice *d, SdmaQueue *q)
{
    uint64_t hi = *qreg(d, q, mmSDMA0_GFX_RB_BASE_HI) &
                  SDMA0_GFX_RB_BASE_HI__ADDR_MASK;

    return (hi << 32 | *qreg(d, q, mmSDMA0_GFX_RB_BASE)) << SDMA_RB_BASE_SHIFT;
}

static uint32_t ring_wptr(AemuDevice *d, SdmaQueue *q)
{
    return *qreg(d, q, mmSDMA0_GFX_RB_WPTR) &
           SDMA0_GFX_RB_WPTR__OFFSET_MASK & (ring_bytes(d, q) - 1);
}

static bool rb_enabled(AemuDevice *d, SdmaQueue *q)
{
    return *qreg(d, q, mmSDMA0_GFX_RB_CNTL) & SDMA0_GFX_RB_CNTL__RB_ENABLE_MASK;
}

static bool in_soft_reset(AemuDevice *d, SdmaQueue *q)
{
    return aemu_units_held(d, AEMU_UNIT_MASK(AEMU_UNIT_SDMA0 + q->inst));
}

/*
 * The ring's geometry from the registers; fetching is allowed while the
 * microengine runs, the ring is enabled and the instance is not held in
 * soft reset. The drivers leave RB_VMID at 0; KFD's queues run in their
 * process's VMID.
 */
static bool sdma_prepare(AemuDevice *d, AemuRing *r)
{
    SdmaQueue *q = sdma_queue(r);

    r->base = ring_base(d, q);
    r->size_dw = ring_bytes(d, q) / 4;
    r->vmid = AEMU_REG_GET(*qreg(d, q, mmSDMA0_GFX_RB_CNTL), SDMA0_GFX_RB_CNTL,
                           RB_VMID);
    r->rptr &= r->size_dw - 1;
    r->wptr = ring_wptr(d, q) / 4;
    return !in_soft_reset(d, q) &&
           !(*ereg(d, q, mmSDMA0_F32_CNTL) & SDMA0_F32_CNTL__HALT_MASK) &&
           rb_enabled(d, q);
}

static bool busy(AemuDevice *d, SdmaQueue *q)
{
    sdma_prepare(d, &q->ring);
    return sdma_queue_busy(q, rb_enabled(d, q));
}

/* SRBM_STATUS2's SDMA bits (cik_sdma_is_idle / wait_for_idle read them). */
uint32_t sdma_cik_busy(AemuDevice *d, void *priv)
{
    AemuSdma *s = priv;
    uint32_t units = 0;

    for (unsigned i = 0; i < s->num; i++) {
        for (unsigned k = 0; k < SDMA_CIK_QUEUES; k++) {
            if (busy(d, &s->q[i][k].sq)) {
                units |= AEMU_UNIT_MASK(AEMU_UNIT_SDMA0 + i);
            }
        }
    }
    return units;
}

static void kick(AemuDevice *d, SdmaQueue *q)
{
    if (sdma_prepare(d, &q->ring) && !q->ring.hung) {
        aemu_ring_kick(d, &q->ring);
    }
}

static void reset_queue(AemuDevice *d, SdmaQueue *q)
{
    aemu_ring_reset(&q->ring);
    q->progress = 0;
    q->after_fence = false;
    /* The driver reads the write-back slot once the ring runs again. */
    q->ring.reported = false;
    *qreg(d, q, mmSDMA0_GFX_RB_WPTR) = 0;
}

/* CIK's answers to the shared queue code (sdma_common.h). */
static bool cik_trap_enabled(AemuDevice *d, SdmaQueue *q)
{
    /*
     * The engine's: cik_sdma_set_trap_irq_state toggles it, and amdgpu
     * keeps it on while its fences run, so it gates KFD's traps too.
     */
    return *ereg(d, q, mmSDMA0_CNTL) & SDMA0_CNTL__TRAP_ENABLE_MASK;
}

static bool cik_ib_enabled(AemuDevice *d, SdmaQueue *q)
{
    return *qreg(d, q, mmSDMA0_GFX_IB_CNTL) & SDMA0_GFX_IB_CNTL__IB_ENABLE_MASK;
}

static void cik_show_ib(AemuDevice *d, SdmaQueue *q, uint64_t base,
                        uint32_t ndw)
{
    *qreg(d, q, mmSDMA0_GFX_IB_BASE_LO) = (uint32_t)base;
    *qreg(d, q, mmSDMA0_GFX_IB_BASE_HI) = (uint32_t)(base >> 32);
    *qreg(d, q, mmSDMA0_GFX_IB_SIZE) = ndw & SDMA0_GFX_IB_SIZE__SIZE_MASK;
}

/*
 * The gfx queue's decoder, and the RLC queues' (TRAP with its context):
 * the rest is the engine's, the same for every queue.
 */
#define SDMA_CIK_GEN(packet_lookup) {                       \
        .lookup = (packet_lookup),                          \
        .unmodelled = sdma_cik_packet_unmodelled,           \
        .illegal_src = SDMA_IV_SRCID_PRIV_INST,             \
        .srbm_write_src = SDMA_IV_SRCID_SRBM_WRITE,         \
        .trap_src = SDMA_IV_SRCID_TRAP,                     \
        .poll_reg_addr_mask = SDMA_POLL_REG_MEM_ADDR_MASK,  \
        .srbm_write_addr_mask = SDMA_SRBM_WRITE_ADDR_MASK,  \
        .trap_enabled = cik_trap_enabled,                   \
        .ib_enabled = cik_ib_enabled,                       \
        .show_ib = cik_show_ib,                             \
    }

static const SdmaGen sdma_cik_gen = SDMA_CIK_GEN(sdma_cik_packet_lookup);
static const SdmaGen sdma_cik_rlc_gen = SDMA_CIK_GEN(sdma_cik_rlc_packet_lookup);

/*
 * The 32-bit read pointer in bytes, where cik_sdma_ring_get_rptr and
 * ROCr read it, in the queue's VMID.
 */
static bool sdma_report_rptr(AemuDevice *d, AemuRing *r)
{
    SdmaQueue *q = sdma_queue(r);
    uint64_t addr;

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
    /* A bad address faults in the GMC, which reports it. */
    aemu_gpu_write32(d, r->vmid, addr, r->rptr * 4, &r->client);
    return true;
}

static const AemuRingOps sdma_ring_ops = {
    .prepare = sdma_prepare,
    .step = sdma_step,
    .report_rptr = sdma_report_rptr,
};

/* Doorbells (the RLC queues). */

/* ROCr's write pointer in bytes: what RB_WPTR takes through MMIO. */
static void doorbell_write(AemuDevice *d, void *opaque, uint64_t offset,
                           uint64_t value, unsigned size)
{
    SdmaQueue *q = opaque;
    uint32_t index = AEMU_REG_GET(*rlc_reg(d, q, mmSDMA0_RLC0_DOORBELL),
                                  SDMA0_RLC0_DOORBELL, OFFSET);

    if (offset != 0 || size != SDMA_DOORBELL_BYTES) {
        aemu_guest_error(d, "%s: doorbell write of %u bytes at +%" PRIu64
                         " ignored (the doorbell is a dword)", q->ring.name,
                         size, offset);
        return;
    }
    AEMU_TRACE(d, doorbell, 4ull * index, value, q->ring.name);
    *qreg(d, q, mmSDMA0_GFX_RB_WPTR) =
        (uint32_t)value & SDMA0_GFX_RB_WPTR__OFFSET_MASK;
    kick(d, q);
}

/*
 * RLCn_DOORBELL: ENABLE claims the dword at index OFFSET (KFD's
 * doorbell_off, a dword index into the doorbell BAR) from the router,
 * over the CP's catch-all claim of the BAR; clearing it gives the dword
 * back. A claim past the BAR's end is refused.
 */
static void doorbell_update(AemuDevice *d, SdmaQueue *q)
{
    SdmaCikQueue *cq = cik_queue(q);
    uint32_t v = *rlc_reg(d, q, mmSDMA0_RLC0_DOORBELL);
    uint64_t at = 4ull * AEMU_REG_GET(v, SDMA0_RLC0_DOORBELL, OFFSET);

    if ((v & SDMA0_RLC0_DOORBELL__ENABLE_MASK) &&
        at + SDMA_DOORBELL_BYTES <= d->pci.doorbell_size) {
        aemu_doorbell_claim(d, at, SDMA_DOORBELL_BYTES, doorbell_write, q,
                            q->ring.name);
        cq->doorbell_claimed = true;
        return;
    }
    if (v & SDMA0_RLC0_DOORBELL__ENABLE_MASK) {
        aemu_guest_error(d, "%s: doorbell at byte 0x%" PRIx64 " is past the "
                         "%" PRIu64 "-byte doorbell BAR: not enabled",
                         q->ring.name, at, d->pci.doorbell_size);
    }
    if (cq->doorbell_claimed) {
        aemu_doorbell_release(d, doorbell_write, q);
        cq->doorbell_claimed = false;
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

/* The engine is busy while any of its queues is. */
static uint32_t status_reg_read(AemuDevice *d, uint32_t dw)
{
    unsigned inst = inst_of(d, dw);
    uint32_t v = SDMA_STATUS_IDLE;

    for (unsigned k = 0; k < SDMA_CIK_QUEUES; k++) {
        SdmaQueue *q = engine_queue(d, inst, k);

        if (busy(d, q)) {
            v &= ~SDMA_STATUS_BUSY_CLEARS;
        }
        if (rb_enabled(d, q) && aemu_ring_avail(&q->ring) &&
            !q->ring.ib_depth) {
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
 * Microcode upload (cik_sdma_load_microcode): accepted and discarded. DATA
 * advances ADDR, as the hardware's auto-increment does; radeon finishes by
 * writing ADDR = 0, amdgpu by writing the firmware version.
 */
static void ucode_addr_write(AemuDevice *d, uint32_t dw, uint32_t value)
{
    d->regs[dw] = value & SDMA0_UCODE_ADDR__VALUE_MASK;
}

static void ucode_data_write(AemuDevice *d, uint32_t dw, uint32_t value)
{
    uint32_t addr_dw = dw - mmSDMA0_UCODE_DATA + mmSDMA0_UCODE_ADDR;

    d->regs[addr_dw] = (d->regs[addr_dw] + 1) & SDMA0_UCODE_ADDR__VALUE_MASK;
}

static const AemuRegHandler ucode_addr = {
    .block = "sdma", .write = ucode_addr_write,
};
static const AemuRegHandler ucode_data = {
    .block = "sdma", .write = ucode_data_write,
};

/*
 * The F32 microengine runs all the instance's queues. Halting it stops
 * fetching; a halted engine forgets the packets its queues were stuck in
 * (it restarts from its reset vector when released, inferred), so halting
 * is also how a hang is cleared.
 */
static void f32_cntl_write(AemuDevice *d, uint32_t dw, uint32_t value)
{
    unsigned inst = inst_of(d, dw);

    d->regs[dw] = value;
    for (unsigned k = 0; k < SDMA_CIK_QUEUES; k++) {
        SdmaQueue *q = engine_queue(d, inst, k);

        if (!(value & SDMA0_F32_CNTL__HALT_MASK)) {
            kick(d, q);
        } else if (q->ring.hung || q->ring.ib_depth || q->progress) {
            sdma_drop_current(q);
            q->ring.hung = false;
        }
    }
}

static const AemuRegHandler f32_cntl = {
    .block = "sdma", .write = f32_cntl_write,
};

/*
 * RB_CNTL. A ring larger than the 32-bit byte pointers can address is
 * taken at the largest size they can (a guest error when it is enabled).
 */
static void rb_cntl_write(AemuDevice *d, uint32_t dw, uint32_t value)
{
    SdmaQueue *q = queue_of(d, dw);

    d->regs[dw] = value;
    if ((value & SDMA0_GFX_RB_CNTL__RB_ENABLE_MASK) &&
        ring_order(d, q) > SDMA_RB_SIZE_MAX_ORDER) {
        aemu_guest_error(d, "%s: a ring of 2^%u dwords is larger than the "
                         "32-bit pointers reach: run as 2^%u", q->ring.name,
                         ring_order(d, q), SDMA_RB_SIZE_MAX_ORDER);
    }
    kick(d, q);
}

static const AemuRegHandler rb_cntl = {
    .block = "sdma", .write = rb_cntl_write,
};

static uint32_t rb_rptr_read(AemuDevice *d, uint32_t dw)
{
    return queue_of(d, dw)->ring.rptr * 4;
}

/*
 * The drivers zero rptr before they enable the ring; kgd_hqd_sdma_load
 * writes the MQD's (what kgd_hqd_sdma_destroy read back), and a queue
 * loaded again has no packet in flight and no hang.
 */
static void rb_rptr_write(AemuDevice *d, uint32_t dw, uint32_t value)
{
    SdmaQueue *q = queue_of(d, dw);

    sdma_prepare(d, &q->ring);
    aemu_ring_set_rptr(&q->ring, (value & SDMA0_GFX_RB_RPTR__OFFSET_MASK) / 4);
    q->progress = 0;
    q->ring.reported = false;
    if (is_rlc(q)) {
        q->ring.hung = false;
    }
}

static const AemuRegHandler rb_rptr = {
    .block = "sdma", .read = rb_rptr_read, .write = rb_rptr_write,
};

/*
 * The submission through MMIO: cik_sdma_ring_set_wptr writes wptr in
 * bytes, kgd_hqd_sdma_load the user's.
 */
static void rb_wptr_write(AemuDevice *d, uint32_t dw, uint32_t value)
{
    d->regs[dw] = value & SDMA0_GFX_RB_WPTR__OFFSET_MASK;
    kick(d, queue_of(d, dw));
}

static const AemuRegHandler rb_wptr = {
    .block = "sdma", .write = rb_wptr_write,
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
 * RB_ENABLE (2 s, then "SDMA RLC not idle"). The model gives the other
 * bits no meaning: they read 0.
 */
static uint32_t context_status_read(AemuDevice *d, uint32_t dw)
{
    SdmaQueue *q = queue_of(d, dw);

    return rb_enabled(d, q) && busy(d, q) ? 0
           : SDMA0_GFX_CONTEXT_STATUS__IDLE_MASK;
}

static const AemuRegHandler context_status_reg = {
    .block = "sdma", .read = context_status_read,
    .write = aemu_reg_ignore_write,
};

/*
 * SRBM_SOFT_RESET (status.c): the instances named are reset, all their
 * queues, and held while their bits stay set (cik_sdma_soft_reset pulses
 * the bits; radeon's gfx_stop too).
 */
void sdma_cik_soft_reset(AemuDevice *d, void *priv, uint32_t units)
{
    AemuSdma *s = priv;

    for (unsigned i = 0; i < s->num; i++) {
        if (units & AEMU_UNIT_MASK(AEMU_UNIT_SDMA0 + i)) {
            for (unsigned k = 0; k < SDMA_CIK_QUEUES; k++) {
                reset_queue(d, &s->q[i][k].sq);
            }
        }
    }
}

/* Queue k of instance i: its ring and the registers of its block. */
static void queue_init(AemuDevice *d, AemuSdma *s, unsigned i, unsigned k,
                       const SdmaGen *gfx_gen)
{
    SdmaCikQueue *cq = &s->q[i][k];
    SdmaQueue *q = &cq->sq;
    uint32_t base = i * SDMA_INSTANCE_STRIDE + queue_block[k];
    AemuMemClient client = {
        .name = client_names[i], .hub = AEMU_HUB_MM,
    };
    char name[sizeof(q->ring.name)];

    cq->index = k;
    cq->block = queue_block[k];
    q->gen = k == SDMA_QUEUE_GFX ? gfx_gen : &sdma_cik_rlc_gen;
    q->inst = i;
    q->reg_base = i * SDMA_INSTANCE_STRIDE;
    q->iv_ring_id = SDMA_RING_ID(i, k);
    if (k == SDMA_QUEUE_GFX) {
        g_snprintf(name, sizeof(name), "sdma%u", i);
    } else {
        g_snprintf(name, sizeof(name), "sdma%u_rlc%u", i, k - SDMA_QUEUE_RLC0);
    }
    /* One IB level: INDIRECT_BUFFER inside an IB is refused. */
    aemu_ring_init(d, &q->ring, &sdma_ring_ops, name, &client, 1);
    q->ring.engine.cls = AEMU_ENGINE_CLASS_SDMA;

    aemu_reg_claim(d, base + mmSDMA0_GFX_RB_CNTL, &rb_cntl);
    aemu_reg_claim(d, base + mmSDMA0_GFX_RB_RPTR, &rb_rptr);
    aemu_reg_claim(d, base + mmSDMA0_GFX_RB_WPTR, &rb_wptr);
    aemu_reg_claim(d, base + mmSDMA0_GFX_IB_RPTR, &ib_rptr);
    aemu_reg_claim(d, base + mmSDMA0_GFX_CONTEXT_STATUS, &context_status_reg);
    if (k == SDMA_QUEUE_GFX) {
        /* Per VMID (cik_sdma_gfx_resume writes them for all 16). */
        aemu_reg_bank(d, base + mmSDMA0_GFX_VIRTUAL_ADDR,
                      base + mmSDMA0_GFX_APE1_CNTL, AEMU_BANK_VMID);
    } else {
        /*
         * RLCn_VIRTUAL_ADDR is the queue's own, plain storage:
         * kgd_hqd_sdma_load writes it with no VMID selected.
         */
        aemu_reg_claim(d, base - queue_block[SDMA_QUEUE_RLC0] +
                          mmSDMA0_RLC0_DOORBELL, &doorbell_reg);
    }
}

/*
 * The engines and their registers. gfx_trap_context: the gfx queue decodes
 * TRAP as the RLC queues do, with its INT_CONTEXT dword (SDMA 2.4,
 * sdma_v2_4.c); CIK's gfx queue takes the lone header (exec_trap in
 * sdma_cik_packets.c says why).
 */
void sdma_cik_init_engines(AemuDevice *d, void *priv, bool gfx_trap_context)
{
    AemuSdma *s = priv;
    const SdmaGen *gfx_gen = gfx_trap_context ? &sdma_cik_rlc_gen
                                              : &sdma_cik_gen;

    g_assert(d->asic->num_sdma <= SDMA_CIK_MAX_INSTANCES);
    s->num = d->asic->num_sdma;
    /* The gfx queues first: their engines keep the order they had alone. */
    for (unsigned k = 0; k < SDMA_CIK_QUEUES; k++) {
        for (unsigned i = 0; i < s->num; i++) {
            queue_init(d, s, i, k, gfx_gen);
        }
    }
    for (unsigned i = 0; i < s->num; i++) {
        uint32_t base = i * SDMA_INSTANCE_STRIDE;

        aemu_reg_claim(d, base + mmSDMA0_UCODE_ADDR, &ucode_addr);
        aemu_reg_claim(d, base + mmSDMA0_UCODE_DATA, &ucode_data);
        aemu_reg_claim(d, base + mmSDMA0_STATUS_REG, &status_reg);
        aemu_reg_claim(d, base + mmSDMA0_F32_CNTL, &f32_cntl);
    }
}

void sdma_cik_reset(AemuDevice *d, void *priv, AemuResetKind kind)
{
    AemuSdma *s = priv;

    for (unsigned i = 0; i < s->num; i++) {
        for (unsigned k = 0; k < SDMA_CIK_QUEUES; k++) {
            SdmaQueue *q = &s->q[i][k].sq;

            reset_queue(d, q);
            if (k != SDMA_QUEUE_GFX) {
                /* The register file is cleared: the doorbell is let go. */
                doorbell_update(d, q);
            }
        }
        /* No microcode yet: the microengine is halted. */
        d->regs[i * SDMA_INSTANCE_STRIDE + mmSDMA0_F32_CNTL] =
            SDMA0_F32_CNTL__HALT_MASK;
    }
}

/*
 * Snapshots (state.h): every queue; an RLC queue's doorbell claim is made
 * again from its (loaded) DOORBELL register.
 */
void sdma_cik_state_io(AemuDevice *d, void *priv, AemuStateIo *s)
{
    AemuSdma *sd = priv;

    for (unsigned i = 0; i < sd->num; i++) {
        for (unsigned k = 0; k < SDMA_CIK_QUEUES; k++) {
            SdmaCikQueue *cq = &sd->q[i][k];
            bool claimed = cq->doorbell_claimed;

            sdma_queue_state(s, &cq->sq);
            AEMU_STATE_BOOL(s, claimed);
            if (aemu_state_loading(s) && k != SDMA_QUEUE_GFX) {
                if (cq->doorbell_claimed) {
                    aemu_doorbell_release(d, doorbell_write, &cq->sq);
                    cq->doorbell_claimed = false;
                }
                if (claimed) {
                    doorbell_update(d, &cq->sq);
                }
            }
        }
    }
}

static void sdma_init(AemuDevice *d, void *priv)
{
    sdma_cik_init_engines(d, priv, false);
}

const AemuIpBlockFuncs aemu_sdma_cik_funcs = {
    .name = "cik_sdma",
    .type = AEMU_BLOCK_SDMA,
    .major = 2, .minor = 0,
    .priv_size = sizeof(AemuSdma),
    .init = sdma_init,
    .reset = sdma_cik_reset,
    .soft_reset = sdma_cik_soft_reset,
    .busy = sdma_cik_busy,
    .state = sdma_cik_state_io,
    .state_version = 1,
};
