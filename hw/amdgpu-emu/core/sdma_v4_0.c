/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * amdgpu-emu core: SDMA 4.0 (Vega10 system DMA), the engines and their
 * registers.
 *
 * Two instances (SDMA1's registers are SDMA0's plus 0x200 dwords,
 * sdma_v4_0_get_reg_offset), each with the gfx queue amdgpu runs, as
 * sdma_v4_0_gfx_resume programs it: a ring at GFX_RB_BASE << 8, 64-bit
 * read and write pointers counted in bytes (RB_RPTR/_HI, RB_WPTR/_HI),
 * the 64-bit read pointer written back to GFX_RB_RPTR_ADDR, and the write
 * pointer submitted either through RB_WPTR/_HI or, with GFX_DOORBELL.ENABLE,
 * as a 64-bit doorbell write at the index GFX_DOORBELL_OFFSET names
 * (sdma_v4_0_ring_set_wptr: WDOORBELL64 of wptr << 2). The page queue
 * (firmware >= 430 only) and the RLC queues are registers only.
 *
 * The queue mechanics are shared with CIK (sdma_common.c: fetch, decode,
 * hangs, traps, IBs) on the ring engine (ring.c); this file has the
 * registers and the SOC15 facts: IVs carry client SDMA0/SDMA1 and ring_id
 * 0 for the gfx queue (sdma_v4_0_process_trap_irq), memory goes through
 * the MMHUB. A hung queue reads not idle in SDMAx_STATUS_REG
 * (sdma_v4_0_is_idle) until the F32 is halted or the device reset:
 * sdma_v4_0_soft_reset is a no-op ("todo") and SOC15 has no SRBM soft
 * reset for SDMA, so the block has no soft_reset hook.
 */
#include "sdma_v4_0.h"
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

/* IV ring_id of the gfx queue (sdma_v4_0_process_trap_irq: case 0). */
#define SDMA4_RING_ID_GFX 0

/* GFX_RB_BASE holds the ring address >> 8, GFX_RB_BASE_HI bits 63:40. */
#define SDMA_RB_BASE_SHIFT 8
/* RB_SIZE is log2 of the ring size in dwords; the ring engine's are 32-bit. */
#define SDMA_RB_SIZE_MAX_ORDER 29
/* A doorbell is a 64-bit write (WDOORBELL64): 8 bytes from its index. */
#define SDMA_DOORBELL_BYTES 8u

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

typedef struct SdmaV4 {
    unsigned num;
    SdmaQueue q[SDMA_V4_0_MAX_INSTANCES];
    bool doorbell_claimed[SDMA_V4_0_MAX_INSTANCES];
} SdmaV4;

static uint32_t *qreg(AemuDevice *d, const SdmaQueue *q, uint32_t sdma0_dw)
{
    return &d->regs[q->reg_base + sdma0_dw];
}

static SdmaV4 *sdma_state(AemuDevice *d)
{
    return aemu_block_priv(d, AEMU_BLOCK_SDMA);
}

static SdmaQueue *queue_of(AemuDevice *d, uint32_t dw)
{
    SdmaV4 *s = sdma_state(d);
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
 * F32 runs and the ring is enabled. The driver leaves RB_VMID at 0.
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
    return !(*qreg(d, q, mmSDMA0_F32_CNTL) & SDMA0_F32_CNTL__HALT_MASK) &&
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

    if (!(*qreg(d, q, mmSDMA0_GFX_RB_CNTL) &
          SDMA0_GFX_RB_CNTL__RPTR_WRITEBACK_ENABLE_MASK)) {
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
    /* sdma_v4_0_set_trap_irq_state toggles it. */
    return *qreg(d, q, mmSDMA0_CNTL) & SDMA0_CNTL__TRAP_ENABLE_MASK;
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
 * GFX_DOORBELL.ENABLE with GFX_DOORBELL_OFFSET.OFFSET (a dword index into
 * the doorbell BAR, the driver's doorbell_index) claim 8 bytes there from
 * the router; clearing ENABLE gives them back. NBIO's
 * BIF_SDMA0/1_DOORBELL_RANGE (soc15_sdma_doorbell_range_init) program the
 * same index and only select which engine the BIF forwards to, so the
 * queue's own registers are enough to place the claim (inferred).
 */
static void doorbell_update(AemuDevice *d, SdmaQueue *q)
{
    SdmaV4 *s = sdma_state(d);
    uint32_t index = AEMU_REG_GET(*qreg(d, q, mmSDMA0_GFX_DOORBELL_OFFSET),
                                  SDMA0_GFX_DOORBELL_OFFSET, OFFSET);

    if (*qreg(d, q, mmSDMA0_GFX_DOORBELL) & SDMA0_GFX_DOORBELL__ENABLE_MASK) {
        aemu_doorbell_claim(d, 4ull * index, SDMA_DOORBELL_BYTES,
                            doorbell_write, q, q->ring.name);
        s->doorbell_claimed[q->inst] = true;
    } else if (s->doorbell_claimed[q->inst]) {
        aemu_doorbell_release(d, doorbell_write, q);
        s->doorbell_claimed[q->inst] = false;
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

/*
 * The F32 microengine (sdma_v4_0_enable). Halting it stops fetching; a
 * halted engine forgets the packet it was stuck in (it restarts from its
 * reset vector when released, inferred as on CIK), so halting is also how
 * a hang is cleared.
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

static void kick_write(AemuDevice *d, uint32_t dw, uint32_t value)
{
    d->regs[dw] = value;
    kick(d, queue_of(d, dw));
}

/* RB_CNTL, RB_WPTR and RB_WPTR_HI (the MMIO submission path). */
static const AemuRegHandler kick_reg = {
    .block = "sdma", .write = kick_write,
};

static uint32_t rb_rptr_read(AemuDevice *d, uint32_t dw)
{
    SdmaQueue *q = queue_of(d, dw);
    uint64_t v;

    sdma_prepare(d, &q->ring);
    v = rptr64(d, q);
    return dw - q->reg_base == mmSDMA0_GFX_RB_RPTR_HI ? (uint32_t)(v >> 32)
                                                      : (uint32_t)v;
}

/*
 * sdma_v4_0_gfx_resume zeroes RB_RPTR/_HI (and RB_WPTR/_HI) before it
 * enables the ring: the low half places the engine's read pointer.
 */
static void rb_rptr_write(AemuDevice *d, uint32_t dw, uint32_t value)
{
    SdmaQueue *q = queue_of(d, dw);

    d->regs[dw] = value;
    if (dw - q->reg_base != mmSDMA0_GFX_RB_RPTR) {
        return;
    }
    sdma_prepare(d, &q->ring);
    aemu_ring_set_rptr(&q->ring, value / 4);
    q->progress = 0;
    q->ring.reported = false;
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

/* SDMAx_STATUS_REG is the driver's view; status.c's units for completeness. */
static uint32_t sdma_busy(AemuDevice *d, void *priv)
{
    SdmaV4 *s = priv;
    uint32_t units = 0;

    for (unsigned i = 0; i < s->num; i++) {
        if (busy(d, &s->q[i])) {
            units |= AEMU_UNIT_MASK(AEMU_UNIT_SDMA0 + i);
        }
    }
    return units;
}

static void sdma_init(AemuDevice *d, void *priv)
{
    SdmaV4 *s = priv;

    g_assert(d->asic->num_sdma <= SDMA_V4_0_MAX_INSTANCES);
    s->num = d->asic->num_sdma;
    for (unsigned i = 0; i < s->num; i++) {
        SdmaQueue *q = &s->q[i];
        uint32_t base = i * SDMA_INSTANCE_STRIDE;
        AemuMemClient client = {
            .name = client_names[i], .hub = AEMU_HUB_MM,
            .utcl2_cid = { utcl2_cids[i][0], utcl2_cids[i][1] },
        };
        char name[sizeof(q->ring.name)];

        q->gen = &sdma_v4_0_gen;
        q->inst = i;
        q->reg_base = base;
        q->iv_client = SOC15_IH_CLIENTID_SDMA0 + i;
        q->iv_ring_id = SDMA4_RING_ID_GFX;
        g_snprintf(name, sizeof(name), "sdma%u", i);
        /* One IB level: INDIRECT inside an IB is refused. */
        aemu_ring_init(d, &q->ring, &sdma_ring_ops, name, &client, 1);

        aemu_reg_claim(d, base + mmSDMA0_UCODE_DATA, &ucode_data);
        aemu_reg_claim(d, base + mmSDMA0_STATUS_REG, &status_reg);
        aemu_reg_claim(d, base + mmSDMA0_F32_CNTL, &f32_cntl);
        aemu_reg_claim(d, base + mmSDMA0_GFX_RB_CNTL, &kick_reg);
        aemu_reg_claim(d, base + mmSDMA0_GFX_RB_WPTR, &kick_reg);
        aemu_reg_claim(d, base + mmSDMA0_GFX_RB_WPTR_HI, &kick_reg);
        aemu_reg_claim(d, base + mmSDMA0_GFX_RB_RPTR, &rb_rptr);
        aemu_reg_claim(d, base + mmSDMA0_GFX_RB_RPTR_HI, &rb_rptr);
        aemu_reg_claim(d, base + mmSDMA0_GFX_IB_RPTR, &ib_rptr);
        aemu_reg_claim(d, base + mmSDMA0_GFX_DOORBELL, &doorbell_reg);
        aemu_reg_claim(d, base + mmSDMA0_GFX_DOORBELL_OFFSET, &doorbell_reg);
    }
}

static void sdma_reset(AemuDevice *d, void *priv, AemuResetKind kind)
{
    SdmaV4 *s = priv;

    for (unsigned i = 0; i < s->num; i++) {
        SdmaQueue *q = &s->q[i];

        aemu_ring_reset(&q->ring);
        q->progress = 0;
        /* The driver reads the write-back slot once the ring runs again. */
        q->ring.reported = false;
        *qreg(d, q, mmSDMA0_GFX_RB_WPTR) = 0;
        *qreg(d, q, mmSDMA0_GFX_RB_WPTR_HI) = 0;
        *qreg(d, q, mmSDMA0_GFX_DOORBELL) = 0;
        doorbell_update(d, q);
        /* No microcode yet: the F32 is halted. */
        *qreg(d, q, mmSDMA0_F32_CNTL) = SDMA0_F32_CNTL__HALT_MASK;
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
};
