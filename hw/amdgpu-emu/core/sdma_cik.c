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
 * table (sdma_cik_packets.c); the fetch loop, hang reports, traps and IB
 * entry are shared with SDMA 4.0 (sdma_common.c). A packet that is not
 * yet all in the ring waits for more; a malformed or faulting one stops
 * the queue, which then reads busy in SDMA0_STATUS_REG and SRBM_STATUS2
 * until a soft reset, a halt of the microengine or a device reset, as a
 * hung engine would. The ring mechanics are the shared ring engine's
 * (ring.c); the registers count bytes, the ring dwords.
 */
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

/* This queue's copy of an SDMA0 register. */
static uint32_t *qreg(AemuDevice *d, const SdmaQueue *q, uint32_t sdma0_dw)
{
    return &d->regs[q->reg_base + sdma0_dw];
}

static AemuSdma *sdma_state(AemuDevice *d)
{
    return aemu_block_priv(d, AEMU_BLOCK_SDMA);
}

static SdmaQueue *queue_of(AemuDevice *d, uint32_t dw)
{
    AemuSdma *s = sdma_state(d);
    unsigned inst = (dw - mmSDMA0_UCODE_ADDR) / SDMA_INSTANCE_STRIDE;

    g_assert(inst < s->num);
    return &s->q[inst];
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

static uint32_t ring_wptr(AemuDevice *d, const SdmaQueue *q)
{
    return *qreg(d, q, mmSDMA0_GFX_RB_WPTR) &
           SDMA0_GFX_RB_WPTR__OFFSET_MASK & (ring_bytes(d, q) - 1);
}

static bool in_soft_reset(AemuDevice *d, const SdmaQueue *q)
{
    return aemu_units_held(d, AEMU_UNIT_MASK(AEMU_UNIT_SDMA0 + q->inst));
}

/*
 * The ring's geometry from the registers (the ring is fetched through
 * VMID 0); fetching is allowed while the microengine runs, the ring is
 * enabled and the instance is not held in soft reset.
 */
static bool sdma_prepare(AemuDevice *d, AemuRing *r)
{
    SdmaQueue *q = sdma_queue(r);

    r->base = ring_base(d, q);
    r->size_dw = ring_bytes(d, q) / 4;
    r->vmid = 0;
    r->rptr &= r->size_dw - 1;
    r->wptr = ring_wptr(d, q) / 4;
    return !in_soft_reset(d, q) &&
           !(*qreg(d, q, mmSDMA0_F32_CNTL) & SDMA0_F32_CNTL__HALT_MASK) &&
           (*qreg(d, q, mmSDMA0_GFX_RB_CNTL) &
            SDMA0_GFX_RB_CNTL__RB_ENABLE_MASK);
}

static bool busy(AemuDevice *d, SdmaQueue *q)
{
    sdma_prepare(d, &q->ring);
    return sdma_queue_busy(q, *qreg(d, q, mmSDMA0_GFX_RB_CNTL) &
                              SDMA0_GFX_RB_CNTL__RB_ENABLE_MASK);
}

/* SRBM_STATUS2's SDMA bits (cik_sdma_is_idle / wait_for_idle read them). */
static uint32_t sdma_busy(AemuDevice *d, void *priv)
{
    AemuSdma *s = priv;
    uint32_t units = 0;

    for (unsigned i = 0; i < s->num; i++) {
        if (busy(d, &s->q[i])) {
            units |= AEMU_UNIT_MASK(AEMU_UNIT_SDMA0 + i);
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
    /* The driver reads the write-back slot once the ring runs again. */
    q->ring.reported = false;
    *qreg(d, q, mmSDMA0_GFX_RB_WPTR) = 0;
}

/* CIK's answers to the shared queue code (sdma_common.h). */
static bool cik_trap_enabled(AemuDevice *d, SdmaQueue *q)
{
    return *qreg(d, q, mmSDMA0_CNTL) & SDMA0_CNTL__TRAP_ENABLE_MASK;
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

static const SdmaGen sdma_cik_gen = {
    .lookup = sdma_cik_packet_lookup,
    .unmodelled = sdma_cik_packet_unmodelled,
    .illegal_src = SDMA_IV_SRCID_PRIV_INST,
    .srbm_write_src = SDMA_IV_SRCID_SRBM_WRITE,
    .trap_src = SDMA_IV_SRCID_TRAP,
    .poll_reg_addr_mask = SDMA_POLL_REG_MEM_ADDR_MASK,
    .srbm_write_addr_mask = SDMA_SRBM_WRITE_ADDR_MASK,
    .trap_enabled = cik_trap_enabled,
    .ib_enabled = cik_ib_enabled,
    .show_ib = cik_show_ib,
};

static bool sdma_report_rptr(AemuDevice *d, AemuRing *r)
{
    SdmaQueue *q = sdma_queue(r);
    uint64_t addr;

    if (!(*qreg(d, q, mmSDMA0_GFX_RB_CNTL) &
          SDMA0_GFX_RB_CNTL__RPTR_WRITEBACK_ENABLE_MASK)) {
        return false;
    }
    addr = (uint64_t)*qreg(d, q, mmSDMA0_GFX_RB_RPTR_ADDR_HI) << 32 |
           (*qreg(d, q, mmSDMA0_GFX_RB_RPTR_ADDR_LO) &
            SDMA0_GFX_RB_RPTR_ADDR_LO__ADDR_MASK);
    /* A bad address faults in the GMC, which reports it. */
    aemu_gpu_write32(d, 0, addr, r->rptr * 4, &r->client);
    return true;
}

static const AemuRingOps sdma_ring_ops = {
    .prepare = sdma_prepare,
    .step = sdma_step,
    .report_rptr = sdma_report_rptr,
};

/* Registers. */

static uint32_t status_reg_read(AemuDevice *d, uint32_t dw)
{
    SdmaQueue *q = queue_of(d, dw);
    uint32_t v = SDMA_STATUS_IDLE;

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
 * The F32 microengine. Halting it stops fetching; a halted engine forgets
 * the packet it was stuck in (it restarts from its reset vector when
 * released, inferred), so halting is also how a hang is cleared.
 */
static void f32_cntl_write(AemuDevice *d, uint32_t dw, uint32_t value)
{
    SdmaQueue *q = queue_of(d, dw);

    d->regs[dw] = value;
    if (value & SDMA0_F32_CNTL__HALT_MASK) {
        if (q->ring.hung || q->ring.ib_depth || q->progress) {
            sdma_drop_current(q);
            q->ring.hung = false;
        }
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
    kick(d, q);
}

static const AemuRegHandler rb_cntl = {
    .block = "sdma", .write = rb_cntl_write,
};

static uint32_t rb_rptr_read(AemuDevice *d, uint32_t dw)
{
    return queue_of(d, dw)->ring.rptr * 4;
}

/* The driver zeroes rptr before enabling the ring. */
static void rb_rptr_write(AemuDevice *d, uint32_t dw, uint32_t value)
{
    SdmaQueue *q = queue_of(d, dw);

    sdma_prepare(d, &q->ring);
    aemu_ring_set_rptr(&q->ring, (value & SDMA0_GFX_RB_RPTR__OFFSET_MASK) / 4);
    q->progress = 0;
    q->ring.reported = false;
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

    AemuRingIb *ib = aemu_ring_ib(&q->ring);

    return ib ? (ib->pos * 4) & SDMA0_GFX_IB_RPTR__OFFSET_MASK : 0;
}

static const AemuRegHandler ib_rptr = {
    .block = "sdma", .read = ib_rptr_read, .write = aemu_reg_ignore_write,
};

/*
 * SRBM_SOFT_RESET (status.c): the instances named are reset, and held
 * while their bits stay set (cik_sdma_soft_reset pulses the bits; radeon's
 * gfx_stop too).
 */
static void sdma_soft_reset(AemuDevice *d, void *priv, uint32_t units)
{
    AemuSdma *s = priv;

    for (unsigned i = 0; i < s->num; i++) {
        if (units & AEMU_UNIT_MASK(AEMU_UNIT_SDMA0 + i)) {
            reset_queue(d, &s->q[i]);
        }
    }
}

static void sdma_init(AemuDevice *d, void *priv)
{
    AemuSdma *s = priv;

    g_assert(d->asic->num_sdma <= SDMA_CIK_MAX_INSTANCES);
    s->num = d->asic->num_sdma;
    for (unsigned i = 0; i < s->num; i++) {
        SdmaQueue *q = &s->q[i];
        uint32_t base = i * SDMA_INSTANCE_STRIDE;

        AemuMemClient client = {
            .name = client_names[i], .hub = AEMU_HUB_MM,
        };
        char name[sizeof(q->ring.name)];

        q->gen = &sdma_cik_gen;
        q->inst = i;
        q->reg_base = base;
        q->iv_ring_id = SDMA_RING_ID(i, SDMA_QUEUE_GFX);
        g_snprintf(name, sizeof(name), "sdma%u", i);
        /* One IB level: INDIRECT_BUFFER inside an IB is refused. */
        aemu_ring_init(d, &q->ring, &sdma_ring_ops, name, &client, 1);

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
}

static void sdma_reset(AemuDevice *d, void *priv, AemuResetKind kind)
{
    AemuSdma *s = priv;

    for (unsigned i = 0; i < s->num; i++) {
        SdmaQueue *q = &s->q[i];

        reset_queue(d, q);
        /* No microcode yet: the microengine is halted. */
        *qreg(d, q, mmSDMA0_F32_CNTL) = SDMA0_F32_CNTL__HALT_MASK;
    }
}

const AemuIpBlockFuncs aemu_sdma_cik_funcs = {
    .name = "cik_sdma",
    .type = AEMU_BLOCK_SDMA,
    .major = 2, .minor = 0,
    .priv_size = sizeof(AemuSdma),
    .init = sdma_init,
    .reset = sdma_reset,
    .soft_reset = sdma_soft_reset,
    .busy = sdma_busy,
};
