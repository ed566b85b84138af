/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * amdgpu-emu core: CIK SDMA (OSS 2.0 system DMA), the engines and their
 * registers.
 *
 * Two instances (SDMA1's registers are SDMA0's plus one instance stride),
 * each with the gfx queue the drivers use (cik_sdma_gfx_resume): a ring at
 * GFX_RB_BASE << 8 in GPU memory, read and write pointers in bytes, the read
 * pointer written back to GFX_RB_RPTR_ADDR, INDIRECT_BUFFERs, the F32
 * microengine's halt bit and the trap enable. The two RLC (compute) queues
 * per instance are registers only: neither driver runs them. SDMA has no
 * doorbell on CIK: a write to GFX_RB_WPTR is the submission.
 *
 * The queue runs from the scheduler, never inside the register write: it
 * fetches the packets between rptr and wptr and hands each to the decoder
 * table (sdma_cik_packets.c). A packet that is not yet all in the ring waits
 * for more; a malformed or faulting one stops the queue, which then reads
 * busy in SDMA0_STATUS_REG and SRBM_STATUS2 until a soft reset, a halt of
 * the microengine or a device reset, as a hung engine would.
 */
#include <stdarg.h>
#include "sdma_cik.h"
#include "amdgpu-emu/regs/cik_regs.h"
#include "amdgpu-emu/regs/cik_fields.h"

/* SDMA1's registers are SDMA0's shifted by one instance stride. */
#define SDMA_INSTANCE_STRIDE (mmSDMA1_UCODE_ADDR - mmSDMA0_UCODE_ADDR)
G_STATIC_ASSERT(mmSDMA1_GFX_RB_CNTL - mmSDMA0_GFX_RB_CNTL ==
                SDMA_INSTANCE_STRIDE);
G_STATIC_ASSERT(mmSDMA1_F32_CNTL - mmSDMA0_F32_CNTL == SDMA_INSTANCE_STRIDE);

/* IV source of the trap (VISLANDS30_IV_SRCID_SDMA_TRAP). */
#define SDMA_IV_SRCID_TRAP 224
/* IV ring_id: instance [1:0], queue [3:2] (cik_sdma_process_trap_irq). */
#define SDMA_RING_ID(inst, queue) ((uint8_t)((inst) | (queue) << 2))
#define SDMA_QUEUE_GFX 0

/* GFX_RB_BASE holds the ring address >> 8, GFX_RB_BASE_HI bits 63:40. */
#define SDMA_RB_BASE_SHIFT 8
/* RB_SIZE is log2 of the ring size in dwords; the pointers are 32-bit. */
#define SDMA_RB_SIZE_MAX_ORDER 29

/* SRBM_STATUS2 busy bit and SRBM_SOFT_RESET bit of each instance. */
static const uint32_t srbm_busy_mask[SDMA_CIK_MAX_INSTANCES] = {
    SRBM_STATUS2__SDMA_BUSY_MASK, SRBM_STATUS2__SDMA1_BUSY_MASK,
};
static const uint32_t srbm_reset_mask[SDMA_CIK_MAX_INSTANCES] = {
    SRBM_SOFT_RESET__SOFT_RESET_SDMA_MASK,
    SRBM_SOFT_RESET__SOFT_RESET_SDMA1_MASK,
};
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

static uint32_t field(uint32_t v, uint32_t mask, unsigned shift)
{
    return (v & mask) >> shift;
}

/* This queue's copy of an SDMA0 register. */
static uint32_t *qreg(AemuDevice *d, const SdmaQueue *q, uint32_t sdma0_dw)
{
    return &d->regs[q->reg_base + sdma0_dw];
}

static SdmaQueue *queue_of(AemuDevice *d, uint32_t dw)
{
    unsigned inst = (dw - mmSDMA0_UCODE_ADDR) / SDMA_INSTANCE_STRIDE;

    g_assert(inst < d->sdma->num);
    return &d->sdma->q[inst];
}

static uint32_t ring_bytes(AemuDevice *d, const SdmaQueue *q)
{
    unsigned order = field(*qreg(d, q, mmSDMA0_GFX_RB_CNTL),
                           SDMA0_GFX_RB_CNTL__RB_SIZE_MASK,
                           SDMA0_GFX_RB_CNTL__RB_SIZE__SHIFT);

    return 4u << MIN(order, SDMA_RB_SIZE_MAX_ORDER);
}

static uint64_t ring_base(AemuDevice *d, const SdmaQueue *q)
{
    uint64_t hi = *qreg(d, q, mmSDMA0_GFX_RB_BASE_HI) &
                  SDMA0_GFX_RB_BASE_HI__ADDR_MASK;

    return (hi << 32 | *qreg(d, q, mmSDMA0_GFX_RB_BASE)) << SDMA_RB_BASE_SHIFT;
}

static uint32_t ring_wptr(AemuDevice *d, const SdmaQueue *q)
{
    return *qreg(d, q, mmSDMA0_GFX_RB_WPTR) &
           SDMA0_GFX_RB_WPTR__OFFSET_MASK & (ring_bytes(d, q) - 1);
}

/* Dwords of the current stream (ring or IB) not yet consumed. */
static uint32_t stream_avail(AemuDevice *d, const SdmaQueue *q)
{
    if (q->in_ib) {
        return q->ib_size - q->ib_pos;
    }
    return ((ring_wptr(d, q) - q->rptr) & (ring_bytes(d, q) - 1)) / 4;
}

static bool in_soft_reset(AemuDevice *d, const SdmaQueue *q)
{
    return d->regs[mmSRBM_SOFT_RESET] & srbm_reset_mask[q->inst];
}

/* Fetching is allowed: microengine running, ring enabled, not stuck. */
static bool can_run(AemuDevice *d, const SdmaQueue *q)
{
    return !q->hung && !in_soft_reset(d, q) &&
           !(*qreg(d, q, mmSDMA0_F32_CNTL) & SDMA0_F32_CNTL__HALT_MASK) &&
           (*qreg(d, q, mmSDMA0_GFX_RB_CNTL) &
            SDMA0_GFX_RB_CNTL__RB_ENABLE_MASK);
}

static bool has_work(AemuDevice *d, const SdmaQueue *q)
{
    return q->in_ib || stream_avail(d, q) != 0;
}

static bool busy(AemuDevice *d, const SdmaQueue *q)
{
    return q->hung || q->in_ib ||
           ((*qreg(d, q, mmSDMA0_GFX_RB_CNTL) &
             SDMA0_GFX_RB_CNTL__RB_ENABLE_MASK) && stream_avail(d, q));
}

/* SRBM_STATUS2 (cik_sdma_is_idle / wait_for_idle read its SDMA bits). */
static void update_status(AemuDevice *d)
{
    for (unsigned i = 0; i < d->sdma->num; i++) {
        SdmaQueue *q = &d->sdma->q[i];

        if (busy(d, q)) {
            d->regs[mmSRBM_STATUS2] |= srbm_busy_mask[i];
        } else {
            d->regs[mmSRBM_STATUS2] &= ~srbm_busy_mask[i];
        }
    }
}

static void kick(AemuDevice *d, SdmaQueue *q)
{
    if (can_run(d, q) && has_work(d, q)) {
        aemu_engine_kick(d, &q->engine);
    }
    update_status(d);
}

/* Forget the packet being executed and the IB (reset, halt, new rptr). */
static void drop_current(SdmaQueue *q)
{
    q->in_ib = false;
    q->progress = 0;
    q->epoch++;
}

static void reset_queue(AemuDevice *d, SdmaQueue *q)
{
    drop_current(q);
    q->rptr = 0;
    q->wb_valid = false;
    q->hung = false;
    *qreg(d, q, mmSDMA0_GFX_RB_WPTR) = 0;
}

bool sdma_stream_read(AemuDevice *d, SdmaQueue *q, uint32_t off_dw,
                      void *buf, uint32_t ndw)
{
    uint32_t size, pos, first;

    if (q->in_ib) {
        return aemu_gpu_read(d, q->ib_vmid,
                             q->ib_base + 4ull * (q->ib_pos + (uint64_t)off_dw),
                             buf, 4ull * ndw, &q->client) == AEMU_MEM_OK;
    }
    /* The ring wraps: at most two pieces. */
    size = ring_bytes(d, q);
    pos = (q->rptr + 4 * off_dw) & (size - 1);
    first = MIN(4 * ndw, size - pos);
    if (aemu_gpu_read(d, 0, ring_base(d, q) + pos, buf, first,
                      &q->client) != AEMU_MEM_OK) {
        return false;
    }
    if (first < 4 * ndw &&
        aemu_gpu_read(d, 0, ring_base(d, q), (uint8_t *)buf + first,
                      4 * ndw - first, &q->client) != AEMU_MEM_OK) {
        return false;
    }
    return true;
}

/* unimp: the packet is valid, the model lacks it (reported as such). */
static SdmaStatus hang(AemuDevice *d, SdmaQueue *q, unsigned illegal_src,
                       bool unimp, const char *fmt, va_list ap)
    G_GNUC_PRINTF(5, 0);

static SdmaStatus hang(AemuDevice *d, SdmaQueue *q, unsigned illegal_src,
                       bool unimp, const char *fmt, va_list ap)
{
    char *msg = g_strdup_vprintf(fmt, ap);
    char *where;

    if (q->in_ib) {
        where = g_strdup_printf("IB 0x%" G_GINT64_MODIFIER "x vmid %u, dword "
                                "%u of %u", q->ib_base, q->ib_vmid,
                                q->ib_pos, q->ib_size);
    } else {
        where = g_strdup_printf("ring offset 0x%x", q->rptr);
    }
    if (unimp) {
        aemu_unimp(d, "%s: %s (%s): queue hung", q->name, msg, where);
    } else {
        aemu_guest_error(d, "%s: %s (%s): queue hung", q->name, msg, where);
    }
    g_free(where);
    AEMU_TRACE(d, sdma_hang, q->name, msg);
    g_free(msg);
    q->hung = true;
    if (illegal_src) {
        AemuIvEntry iv = {
            .src_id = (uint8_t)illegal_src,
            .ring_id = SDMA_RING_ID(q->inst, SDMA_QUEUE_GFX),
            .vmid = (uint8_t)(q->in_ib ? q->ib_vmid : 0),
        };
        aemu_irq_post(d, &iv);
    }
    return SDMA_HANG;
}

SdmaStatus sdma_hang(AemuDevice *d, SdmaQueue *q, unsigned illegal_src,
                     const char *fmt, ...)
{
    va_list ap;

    va_start(ap, fmt);
    hang(d, q, illegal_src, false, fmt, ap);
    va_end(ap);
    return SDMA_HANG;
}

SdmaStatus sdma_hang_unimp(AemuDevice *d, SdmaQueue *q, unsigned illegal_src,
                           const char *fmt, ...)
{
    va_list ap;

    va_start(ap, fmt);
    hang(d, q, illegal_src, true, fmt, ap);
    va_end(ap);
    return SDMA_HANG;
}

SdmaStatus sdma_mem_fault(AemuDevice *d, SdmaQueue *q, const char *what,
                          uint64_t addr)
{
    return sdma_hang(d, q, 0, "%s: memory access at 0x%" G_GINT64_MODIFIER
                     "x failed", what, addr);
}

void sdma_trap(AemuDevice *d, SdmaQueue *q, unsigned vmid)
{
    AemuIvEntry iv = {
        .src_id = SDMA_IV_SRCID_TRAP,
        .ring_id = SDMA_RING_ID(q->inst, SDMA_QUEUE_GFX),
        .vmid = (uint8_t)vmid,
    };

    AEMU_TRACE(d, sdma_trap, q->name, vmid,
               *qreg(d, q, mmSDMA0_CNTL) & SDMA0_CNTL__TRAP_ENABLE_MASK);
    /* SDMA0_CNTL.TRAP_ENABLE is the driver's fence interrupt enable. */
    if (*qreg(d, q, mmSDMA0_CNTL) & SDMA0_CNTL__TRAP_ENABLE_MASK) {
        aemu_irq_post(d, &iv);
    }
}

SdmaStatus sdma_start_ib(AemuDevice *d, SdmaQueue *q, uint64_t base,
                         uint32_t ndw, unsigned vmid)
{
    /* The SDMA has one IB level: no chaining. */
    if (q->in_ib) {
        return sdma_hang(d, q, SDMA_IV_SRCID_PRIV_INST,
                         "INDIRECT_BUFFER inside an IB");
    }
    if (!(*qreg(d, q, mmSDMA0_GFX_IB_CNTL) &
          SDMA0_GFX_IB_CNTL__IB_ENABLE_MASK)) {
        return sdma_hang(d, q, SDMA_IV_SRCID_PRIV_INST,
                         "INDIRECT_BUFFER while GFX_IB_CNTL.IB_ENABLE is 0");
    }
    if (ndw == 0) {
        return SDMA_DONE;
    }
    q->in_ib = true;
    q->ib_base = base;
    q->ib_size = ndw;
    q->ib_pos = 0;
    q->ib_vmid = vmid;
    /* The IB registers show the IB being run, as on hardware. */
    *qreg(d, q, mmSDMA0_GFX_IB_BASE_LO) = (uint32_t)base;
    *qreg(d, q, mmSDMA0_GFX_IB_BASE_HI) = (uint32_t)(base >> 32);
    *qreg(d, q, mmSDMA0_GFX_IB_SIZE) = ndw & SDMA0_GFX_IB_SIZE__SIZE_MASK;
    return SDMA_DONE;
}

/*
 * A packet is not all there. In an IB that is the end of it; in the ring
 * the rest may still come (the engine waits for wptr), unless the packet
 * is longer than the ring can ever hold.
 */
static SdmaStatus incomplete(AemuDevice *d, SdmaQueue *q,
                             const SdmaPacketDesc *desc, uint64_t need,
                             uint32_t avail)
{
    if (q->in_ib) {
        return sdma_hang(d, q, SDMA_IV_SRCID_PRIV_INST, "%s of %" G_GUINT64_FORMAT
                         " dwords runs past the end of the IB (%u left)",
                         desc->name, need, avail);
    }
    if (need > ring_bytes(d, q) / 4 - 1) {
        return sdma_hang(d, q, SDMA_IV_SRCID_PRIV_INST, "%s of %" G_GUINT64_FORMAT
                         " dwords is longer than the %u-byte ring",
                         desc->name, need, ring_bytes(d, q));
    }
    return SDMA_STALL;
}

/* Fetch, decode and run (or continue) one packet. */
static SdmaStatus step(AemuDevice *d, SdmaQueue *q, unsigned *budget)
{
    SdmaPacket p = { 0 };
    const SdmaPacketDesc *desc;
    uint32_t avail = stream_avail(d, q);
    unsigned epoch = q->epoch;
    bool from_ib = q->in_ib;
    SdmaStatus st;

    if (q->in_ib && avail == 0) {
        /* The IB is done: back to the ring. */
        q->in_ib = false;
        return SDMA_DONE;
    }
    if (!sdma_stream_read(d, q, 0, p.dw, 1)) {
        return sdma_mem_fault(d, q, "packet fetch", q->in_ib ?
                              q->ib_base + 4ull * q->ib_pos :
                              ring_base(d, q) + q->rptr);
    }
    p.dw[0] = GUINT32_FROM_LE(p.dw[0]);
    desc = sdma_cik_packet_lookup(p.dw[0]);
    if (!desc && sdma_cik_packet_unmodelled(p.dw[0])) {
        return sdma_hang_unimp(d, q, SDMA_IV_SRCID_PRIV_INST,
                               "%s (header 0x%08x) is not modelled",
                               sdma_cik_packet_unmodelled(p.dw[0]), p.dw[0]);
    }
    if (!desc) {
        return sdma_hang(d, q, SDMA_IV_SRCID_PRIV_INST,
                         "unknown opcode %u sub-op %u (header 0x%08x)",
                         SDMA_PKT_OP(p.dw[0]), SDMA_PKT_SUB_OP(p.dw[0]),
                         p.dw[0]);
    }
    if (desc->fixed_dw > avail) {
        return incomplete(d, q, desc, desc->fixed_dw, avail);
    }
    if (desc->fixed_dw > 1) {
        if (!sdma_stream_read(d, q, 1, &p.dw[1], desc->fixed_dw - 1u)) {
            return sdma_mem_fault(d, q, desc->name, q->in_ib ?
                                  q->ib_base + 4ull * q->ib_pos :
                                  ring_base(d, q) + q->rptr);
        }
        for (unsigned i = 1; i < desc->fixed_dw; i++) {
            p.dw[i] = GUINT32_FROM_LE(p.dw[i]);
        }
    }
    p.ndw = desc->length ? desc->length(p.dw) : desc->fixed_dw;
    if (p.ndw > avail) {
        return incomplete(d, q, desc, p.ndw, avail);
    }
    p.vmid = q->in_ib ? q->ib_vmid : 0;
    AEMU_TRACE(d, sdma_packet, q->name, desc->name, p.dw[0],
               q->in_ib ? "ib" : "ring", q->in_ib ? 4 * q->ib_pos : q->rptr,
               p.vmid, q->progress);
    st = desc->exec(d, q, &p, budget);
    if (q->epoch != epoch) {
        /*
         * The packet reset, halted or repointed its own queue (an
         * SRBM_WRITE): nothing to consume; look again next slice.
         */
        return SDMA_YIELD;
    }
    if (st == SDMA_DONE) {
        if (from_ib) {
            q->ib_pos += p.ndw;
        } else {
            q->rptr = (q->rptr + 4 * p.ndw) & (ring_bytes(d, q) - 1);
        }
        q->progress = 0;
    }
    return st;
}

static void write_back_rptr(AemuDevice *d, SdmaQueue *q)
{
    uint64_t addr;

    if (!(*qreg(d, q, mmSDMA0_GFX_RB_CNTL) &
          SDMA0_GFX_RB_CNTL__RPTR_WRITEBACK_ENABLE_MASK) ||
        (q->wb_valid && q->wb_rptr == q->rptr)) {
        return;
    }
    addr = (uint64_t)*qreg(d, q, mmSDMA0_GFX_RB_RPTR_ADDR_HI) << 32 |
           (*qreg(d, q, mmSDMA0_GFX_RB_RPTR_ADDR_LO) &
            SDMA0_GFX_RB_RPTR_ADDR_LO__ADDR_MASK);
    /* A bad address faults in the GMC, which reports it. */
    aemu_gpu_write32(d, 0, addr, q->rptr, &q->client);
    q->wb_rptr = q->rptr;
    q->wb_valid = true;
}

static bool sdma_run(AemuDevice *d, AemuEngine *e, unsigned *budget)
{
    SdmaQueue *q = e->opaque;
    bool more = false;

    q->rptr &= ring_bytes(d, q) - 1;
    while (*budget && can_run(d, q) && has_work(d, q)) {
        SdmaStatus st;

        (*budget)--;
        st = step(d, q, budget);
        if (st == SDMA_YIELD) {
            more = true;
            break;
        }
        if (st != SDMA_DONE) {
            break;
        }
    }
    if (!*budget && can_run(d, q) && has_work(d, q)) {
        more = true;
    }
    write_back_rptr(d, q);
    update_status(d);
    return more;
}

/* Registers. */

static uint32_t status_reg_read(AemuDevice *d, uint32_t dw)
{
    SdmaQueue *q = queue_of(d, dw);
    uint32_t v = SDMA_STATUS_IDLE;

    if (busy(d, q)) {
        v &= ~SDMA_STATUS_BUSY_CLEARS;
    }
    if (stream_avail(d, q) && !q->in_ib) {
        v &= ~SDMA0_STATUS_REG__RB_EMPTY_MASK;
    }
    if (q->in_ib) {
        v |= SDMA0_STATUS_REG__INSIDE_IB_MASK;
        v &= ~SDMA0_STATUS_REG__IB_CMD_IDLE_MASK;
    }
    return v;
}

static void read_only_write(AemuDevice *d, uint32_t dw, uint32_t value)
{
}

static const AemuRegHandler status_reg = {
    .block = "sdma", .read = status_reg_read, .write = read_only_write,
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
 * The F32 microengine. Halting it stops fetching; a halted engine forgets
 * the packet it was stuck in (it restarts from its reset vector when
 * released, inferred), so halting is also how a hang is cleared.
 */
static void f32_cntl_write(AemuDevice *d, uint32_t dw, uint32_t value)
{
    SdmaQueue *q = queue_of(d, dw);

    d->regs[dw] = value;
    if (value & SDMA0_F32_CNTL__HALT_MASK) {
        if (q->hung || q->in_ib || q->progress) {
            drop_current(q);
            q->hung = false;
        }
        update_status(d);
        return;
    }
    kick(d, q);
}

static const AemuRegHandler f32_cntl = {
    .block = "sdma", .write = f32_cntl_write,
};

static void rb_cntl_write(AemuDevice *d, uint32_t dw, uint32_t value)
{
    SdmaQueue *q = queue_of(d, dw);

    d->regs[dw] = value;
    q->rptr &= ring_bytes(d, q) - 1;
    kick(d, q);
}

static const AemuRegHandler rb_cntl = {
    .block = "sdma", .write = rb_cntl_write,
};

static uint32_t rb_rptr_read(AemuDevice *d, uint32_t dw)
{
    return queue_of(d, dw)->rptr;
}

/* The driver zeroes rptr before enabling the ring. */
static void rb_rptr_write(AemuDevice *d, uint32_t dw, uint32_t value)
{
    SdmaQueue *q = queue_of(d, dw);

    drop_current(q);
    q->rptr = value & SDMA0_GFX_RB_RPTR__OFFSET_MASK & (ring_bytes(d, q) - 1);
    q->wb_valid = false;
    update_status(d);
}

static const AemuRegHandler rb_rptr = {
    .block = "sdma", .read = rb_rptr_read, .write = rb_rptr_write,
};

/* The submission: cik_sdma_ring_set_wptr writes wptr in bytes. */
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

    return q->in_ib ? (q->ib_pos * 4) & SDMA0_GFX_IB_RPTR__OFFSET_MASK : 0;
}

static const AemuRegHandler ib_rptr = {
    .block = "sdma", .read = ib_rptr_read, .write = read_only_write,
};

/*
 * SRBM_SOFT_RESET: while an instance's bit is set its queue is held in
 * reset (cik_sdma_soft_reset pulses the bits; radeon's gfx_stop too).
 */
static void srbm_soft_reset_write(AemuDevice *d, uint32_t dw, uint32_t value)
{
    d->regs[dw] = value;
    for (unsigned i = 0; i < d->sdma->num; i++) {
        if (value & srbm_reset_mask[i]) {
            reset_queue(d, &d->sdma->q[i]);
        }
    }
    update_status(d);
}

static const AemuRegHandler srbm_soft_reset = {
    .block = "sdma", .write = srbm_soft_reset_write,
};

static void sdma_init(AemuDevice *d)
{
    AemuSdma *s = g_new0(AemuSdma, 1);

    g_assert(d->asic->num_sdma <= SDMA_CIK_MAX_INSTANCES);
    d->sdma = s;
    s->num = d->asic->num_sdma;
    for (unsigned i = 0; i < s->num; i++) {
        SdmaQueue *q = &s->q[i];
        uint32_t base = i * SDMA_INSTANCE_STRIDE;

        q->inst = i;
        q->reg_base = base;
        g_snprintf(q->name, sizeof(q->name), "sdma%u", i);
        q->client = (AemuMemClient) { .name = client_names[i] };
        q->engine = (AemuEngine) {
            .name = q->name, .run = sdma_run, .opaque = q,
        };
        aemu_engine_register(d, &q->engine);

        aemu_reg_claim(d, base + mmSDMA0_UCODE_ADDR, &ucode_addr);
        aemu_reg_claim(d, base + mmSDMA0_UCODE_DATA, &ucode_data);
        aemu_reg_claim(d, base + mmSDMA0_STATUS_REG, &status_reg);
        aemu_reg_claim(d, base + mmSDMA0_F32_CNTL, &f32_cntl);
        aemu_reg_claim(d, base + mmSDMA0_GFX_RB_CNTL, &rb_cntl);
        aemu_reg_claim(d, base + mmSDMA0_GFX_RB_RPTR, &rb_rptr);
        aemu_reg_claim(d, base + mmSDMA0_GFX_RB_WPTR, &rb_wptr);
        aemu_reg_claim(d, base + mmSDMA0_GFX_IB_RPTR, &ib_rptr);
        /* Per VMID (cik_sdma_gfx_resume writes them for all 16). */
        aemu_reg_bank(d, base + mmSDMA0_GFX_VIRTUAL_ADDR,
                      base + mmSDMA0_GFX_APE1_CNTL, AEMU_BANK_VMID);
    }
    aemu_reg_claim(d, mmSRBM_SOFT_RESET, &srbm_soft_reset);
}

static void sdma_reset(AemuDevice *d, AemuResetKind kind)
{
    for (unsigned i = 0; i < d->sdma->num; i++) {
        SdmaQueue *q = &d->sdma->q[i];

        reset_queue(d, q);
        /* No microcode yet: the microengine is halted. */
        *qreg(d, q, mmSDMA0_F32_CNTL) = SDMA0_F32_CNTL__HALT_MASK;
    }
    update_status(d);
}

static void sdma_fini(AemuDevice *d)
{
    g_free(d->sdma);
    d->sdma = NULL;
}

const AemuIpBlockFuncs aemu_sdma_cik_funcs = {
    .name = "cik_sdma",
    .init = sdma_init,
    .reset = sdma_reset,
    .fini = sdma_fini,
};
