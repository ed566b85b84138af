/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * amdgpu-emu core: the GFX 7 command processor's queues, as registers.
 *
 * The gfx ring (ring 0: CP_RB0_*, halted by CP_ME_CNTL, its write pointer
 * written over MMIO) and the compute queues of the MECs (an HQD per
 * ME/pipe/queue, programmed through the SRBM_GFX_CNTL-banked CP_HQD_*
 * registers, activated by CP_HQD_ACTIVE, halted by CP_MEC_CNTL, its write
 * pointer rung through the doorbell BAR), exactly as gfx_v7_0.c and
 * radeon's cik.c program them. The packets themselves run in cp_pm4.c;
 * this block tells it where each ring is, writes read pointers back,
 * raises the CP's interrupts (end of pipe, bad opcode, privileged register
 * and instruction faults) when the driver enabled them, and shows busy and
 * hung queues in GRBM_STATUS, GRBM_STATUS2 and the CP status registers.
 * Microcode uploads are accepted and dropped: the model is the firmware.
 */
#include "cp_pm4.h"
#include "cp_pm4_ops.h"
#include "amdgpu-emu/regs/cik_regs.h"
#include "amdgpu-emu/regs/cik_fields.h"

/* IH source ids of the CP (ivsrcid_vislands30.h; the same on CIK). */
#define IV_SRCID_CP_END_OF_PIPE         181
#define IV_SRCID_CP_BAD_OPCODE          183
#define IV_SRCID_CP_PRIV_REG_FAULT      184
#define IV_SRCID_CP_PRIV_INSTR_FAULT    185

/*
 * IV ring_id of a CP source. The two drivers decode it differently:
 *  - amdgpu (gfx_v7_0_eop_irq, gfx_v7_0_fault): pipe [1:0], ME [3:2];
 *    gfx7 never reads the queue (other generations find it in [6:4]);
 *  - radeon (cik_irq_process, "XXX check the bitfield order!"): queue [2:0],
 *    pipe [4:3], ME [6:5], and it matches its compute rings on ME and pipe.
 * The model serves both: bits [3:0] are amdgpu's fields, bits [6:5] repeat
 * the ME and bit 4 holds the pipe's high bit for radeon. radeon's pipe low
 * bit is then amdgpu's ME high bit, 0 for MEC1, so MEC1 pipes 0 and 2 decode
 * right in both drivers: radeon's two compute rings are MEC1 pipe 0
 * (cik_init), and gfx is ME 0 = ring_id 0 for both.
 */
#define IV_RING_ID_PIPE_SHIFT           0
#define IV_RING_ID_ME_SHIFT             2
#define IV_RING_ID_RADEON_PIPE_HI_SHIFT 4
#define IV_RING_ID_RADEON_ME_SHIFT      5

/*
 * Ring sizes are 2^(field + 1) dwords; the model caps the field at 22
 * (32 MiB rings; radeon's 1 MiB gfx ring uses 17, amdgpu's 8 KiB rings 10).
 */
#define CP_RING_ORDER_MAX       22

/* MECs, pipes per MEC and queues per pipe the model has room for. */
#define CP_MAX_MEC              2
#define CP_MAX_PIPES            4
#define CP_MAX_QUEUES           8

/* Ring and HQD base registers hold the address >> 8. */
#define CP_RING_BASE_SHIFT      8

typedef struct AemuCp {
    AemuCpShared shared;
    AemuCpQueue gfx;
    AemuCpQueue mec[CP_MAX_MEC][CP_MAX_PIPES][CP_MAX_QUEUES];
    unsigned num_mec, num_pipes, num_queues;
} AemuCp;

static AemuCp *cp_state(AemuDevice *d)
{
    return aemu_block_priv(d, AEMU_BLOCK_CP);
}

#define for_each_hqd(cp, q) \
    for (unsigned m_ = 0; m_ < (cp)->num_mec; m_++) \
        for (unsigned p_ = 0; p_ < (cp)->num_pipes; p_++) \
            for (unsigned q_ = 0; q_ < (cp)->num_queues; q_++) \
                for (AemuCpQueue *q = &(cp)->mec[m_][p_][q_]; q; q = NULL)

static uint32_t ring_dwords(uint32_t order)
{
    return 2u << MIN(order, (uint32_t)CP_RING_ORDER_MAX);
}

static uint8_t ring_id(const AemuCpQueue *q)
{
    return (q->me & 3) << IV_RING_ID_RADEON_ME_SHIFT |
           (q->pipe >> 1 & 1) << IV_RING_ID_RADEON_PIPE_HI_SHIFT |
           (q->me & 3) << IV_RING_ID_ME_SHIFT |
           (q->pipe & 3) << IV_RING_ID_PIPE_SHIFT;
}

static void post_iv(AemuDevice *d, const AemuCpQueue *q, uint8_t src_id)
{
    AemuIvEntry iv = { .src_id = src_id, .ring_id = ring_id(q) };

    aemu_irq_post(d, &iv);
}

static void kick(AemuDevice *d, AemuCpQueue *q)
{
    aemu_ring_kick(d, &q->ring);
}

/* ---- The gfx ring ---------------------------------------------------- */

static bool gfx_running(AemuDevice *d)
{
    return !(d->regs[mmCP_ME_CNTL] &
             (CP_ME_CNTL__ME_HALT_MASK | CP_ME_CNTL__PFP_HALT_MASK));
}

static bool gfx_prepare(AemuDevice *d, AemuCpQueue *q)
{
    uint64_t hi = d->regs[mmCP_RB0_BASE_HI] & CP_RB0_BASE_HI__RB_BASE_HI_MASK;

    q->ring.base = (hi << 32 | d->regs[mmCP_RB0_BASE]) << CP_RING_BASE_SHIFT;
    q->ring.size_dw = ring_dwords((d->regs[mmCP_RB0_CNTL] &
                              CP_RB0_CNTL__RB_BUFSZ_MASK) >>
                             CP_RB0_CNTL__RB_BUFSZ__SHIFT);
    q->ring.vmid = AEMU_REG_GET(d->regs[mmCP_RB_VMID], CP_RB_VMID, RB0_VMID);
    return gfx_running(d) && !aemu_units_held(d, AEMU_UNIT_MASK(AEMU_UNIT_CP_GFX));
}

/* The rptr write-back slot is a GART address: translated through VMID 0. */
static void gfx_report_rptr(AemuDevice *d, AemuCpQueue *q)
{
    uint64_t addr;

    if (d->regs[mmCP_RB0_CNTL] & CP_RB0_CNTL__RB_NO_UPDATE_MASK) {
        return;
    }
    addr = (uint64_t)(d->regs[mmCP_RB0_RPTR_ADDR_HI] &
                      CP_RB0_RPTR_ADDR_HI__RB_RPTR_ADDR_HI_MASK) << 32 |
           (d->regs[mmCP_RB0_RPTR_ADDR] & CP_RB0_RPTR_ADDR__RB_RPTR_ADDR_MASK);
    aemu_gpu_write32(d, 0, addr, q->ring.rptr, &q->ring.client);
}

static void gfx_eop_irq(AemuDevice *d, AemuCpQueue *q)
{
    if (d->regs[mmCP_INT_CNTL_RING0] &
        CP_INT_CNTL_RING0__TIME_STAMP_INT_ENABLE_MASK) {
        post_iv(d, q, IV_SRCID_CP_END_OF_PIPE);
    }
}

static void gfx_error(AemuDevice *d, AemuCpQueue *q, AemuCpError e,
                      uint32_t header)
{
    uint32_t stat, enable;
    uint8_t src;

    d->regs[mmCP_ME_HEADER_DUMP] = header;
    switch (e) {
    case AEMU_CP_ERR_OPCODE:
        stat = CP_INT_STATUS_RING0__OPCODE_ERROR_INT_STAT_MASK;
        enable = CP_INT_CNTL_RING0__OPCODE_ERROR_INT_ENABLE_MASK;
        src = IV_SRCID_CP_BAD_OPCODE;
        break;
    case AEMU_CP_ERR_PRIV_REG:
        stat = CP_INT_STATUS_RING0__PRIV_REG_INT_STAT_MASK;
        enable = CP_INT_CNTL_RING0__PRIV_REG_INT_ENABLE_MASK;
        src = IV_SRCID_CP_PRIV_REG_FAULT;
        break;
    case AEMU_CP_ERR_PRIV_INSTR:
        stat = CP_INT_STATUS_RING0__PRIV_INSTR_INT_STAT_MASK;
        enable = CP_INT_CNTL_RING0__PRIV_INSTR_INT_ENABLE_MASK;
        src = IV_SRCID_CP_PRIV_INSTR_FAULT;
        break;
    default:
        return;     /* memory faults are reported by the VM */
    }
    d->regs[mmCP_INT_STATUS_RING0] |= stat;
    if (d->regs[mmCP_INT_CNTL_RING0] & enable) {
        post_iv(d, q, src);
    }
}

static const AemuCpQueueOps gfx_ops = {
    .prepare = gfx_prepare,
    .report_rptr = gfx_report_rptr,
    .eop_irq = gfx_eop_irq,
    .error = gfx_error,
};

static void rb_cntl_write(AemuDevice *d, uint32_t dw, uint32_t value)
{
    uint32_t order = (value & CP_RB0_CNTL__RB_BUFSZ_MASK) >>
                     CP_RB0_CNTL__RB_BUFSZ__SHIFT;

    /* The field allows it; the model's cap is the model's limit. */
    if (order > CP_RING_ORDER_MAX) {
        aemu_unimp(d, "CP_RB0_CNTL: ring of 2^%u dwords capped at 2^%u",
                   order + 1, CP_RING_ORDER_MAX + 1);
    }
    d->regs[dw] = value;
}

/*
 * The gfx ring's doorbell. While CP_RB0_CNTL.RB_RPTR_WR_ENA is set the
 * write also moves the read pointer there: gfx_v7_0_cp_gfx_resume resets
 * both pointers that way without writing CP_RB_RPTR_WR (inferred).
 */
static void rb_wptr_write(AemuDevice *d, uint32_t dw, uint32_t value)
{
    AemuCpQueue *q = &cp_state(d)->gfx;

    d->regs[dw] = value;
    gfx_prepare(d, q);
    q->ring.wptr = value & CP_RB0_WPTR__RB_WPTR_MASK & (q->ring.size_dw - 1);
    if (d->regs[mmCP_RB0_CNTL] & CP_RB0_CNTL__RB_RPTR_WR_ENA_MASK) {
        aemu_cp_queue_set_rptr(q, q->ring.wptr);
    }
    kick(d, q);
}

static void rb_rptr_wr_write(AemuDevice *d, uint32_t dw, uint32_t value)
{
    AemuCpQueue *q = &cp_state(d)->gfx;

    d->regs[dw] = value;
    if (d->regs[mmCP_RB0_CNTL] & CP_RB0_CNTL__RB_RPTR_WR_ENA_MASK) {
        gfx_prepare(d, q);
        aemu_cp_queue_set_rptr(q, value & CP_RB_RPTR_WR__RB_RPTR_WR_MASK);
        kick(d, q);
    }
}

static uint32_t rb_rptr_read(AemuDevice *d, uint32_t dw)
{
    return cp_state(d)->gfx.ring.rptr;
}

static void me_cntl_write(AemuDevice *d, uint32_t dw, uint32_t value)
{
    d->regs[dw] = value;
    kick(d, &cp_state(d)->gfx);
}

/*
 * Microcode upload: each DATA write advances its ADDR (or WADDR) register
 * and the data is dropped; the driver's final ADDR write (the firmware
 * version for PFP/CE/ME, 0 for the MECs) reads back as written.
 */
static void ucode_data_write(AemuDevice *d, uint32_t dw, uint32_t value)
{
    uint32_t addr;

    switch (dw) {
    case mmCP_PFP_UCODE_DATA:
        addr = mmCP_PFP_UCODE_ADDR;
        break;
    case mmCP_CE_UCODE_DATA:
        addr = mmCP_CE_UCODE_ADDR;
        break;
    case mmCP_ME_RAM_DATA:
        addr = mmCP_ME_RAM_WADDR;
        break;
    case mmCP_MEC_ME1_UCODE_DATA:
        addr = mmCP_MEC_ME1_UCODE_ADDR;
        break;
    default:
        addr = mmCP_MEC_ME2_UCODE_ADDR;
        break;
    }
    d->regs[addr]++;
}

/* ---- The compute queues (HQDs) --------------------------------------- */

static uint32_t hqd_bank(const AemuCpQueue *q)
{
    return aemu_reg_queue_bank(q->me, q->pipe, q->queue);
}

static uint32_t hqd_get(AemuDevice *d, const AemuCpQueue *q, uint32_t dw)
{
    return aemu_reg_get_bank(d, dw, hqd_bank(q));
}

static void hqd_set(AemuDevice *d, const AemuCpQueue *q, uint32_t dw,
                    uint32_t value)
{
    aemu_reg_set_bank(d, dw, hqd_bank(q), value);
}

static bool hqd_active(AemuDevice *d, const AemuCpQueue *q)
{
    return hqd_get(d, q, mmCP_HQD_ACTIVE) & CP_HQD_ACTIVE__ACTIVE_MASK;
}

static bool mec_halted(AemuDevice *d, unsigned me)
{
    return d->regs[mmCP_MEC_CNTL] & (me == 1 ? CP_MEC_CNTL__MEC_ME1_HALT_MASK
                                             : CP_MEC_CNTL__MEC_ME2_HALT_MASK);
}

static bool hqd_prepare(AemuDevice *d, AemuCpQueue *q)
{
    uint64_t hi = hqd_get(d, q, mmCP_HQD_PQ_BASE_HI) &
                  CP_HQD_PQ_BASE_HI__ADDR_HI_MASK;

    q->ring.base = (hi << 32 | hqd_get(d, q, mmCP_HQD_PQ_BASE)) <<
              CP_RING_BASE_SHIFT;
    q->ring.size_dw = ring_dwords((hqd_get(d, q, mmCP_HQD_PQ_CONTROL) &
                              CP_HQD_PQ_CONTROL__QUEUE_SIZE_MASK) >>
                             CP_HQD_PQ_CONTROL__QUEUE_SIZE__SHIFT);
    q->ring.vmid = (hqd_get(d, q, mmCP_HQD_VMID) & CP_HQD_VMID__VMID_MASK) >>
              CP_HQD_VMID__VMID__SHIFT;
    return hqd_active(d, q) && !mec_halted(d, q->me) &&
           !aemu_units_held(d, AEMU_UNIT_MASK(AEMU_UNIT_CP_MEC1 + q->me - 1));
}

static void hqd_report_rptr(AemuDevice *d, AemuCpQueue *q)
{
    uint64_t addr;

    if (hqd_get(d, q, mmCP_HQD_PQ_CONTROL) &
        CP_HQD_PQ_CONTROL__NO_UPDATE_RPTR_MASK) {
        return;
    }
    addr = (uint64_t)(hqd_get(d, q, mmCP_HQD_PQ_RPTR_REPORT_ADDR_HI) &
                      CP_HQD_PQ_RPTR_REPORT_ADDR_HI__RPTR_REPORT_ADDR_HI_MASK)
           << 32 |
           (hqd_get(d, q, mmCP_HQD_PQ_RPTR_REPORT_ADDR) &
            CP_HQD_PQ_RPTR_REPORT_ADDR__RPTR_REPORT_ADDR_MASK);
    aemu_gpu_write32(d, q->ring.vmid, addr, q->ring.rptr, &q->ring.client);
}

/* CP_ME{1,2}_PIPEn_INT_CNTL / _INT_STATUS of the queue's pipe. */
static uint32_t pipe_int_cntl(const AemuCpQueue *q)
{
    return (q->me == 1 ? mmCP_ME1_PIPE0_INT_CNTL : mmCP_ME2_PIPE0_INT_CNTL) +
           q->pipe;
}

static uint32_t pipe_int_status(const AemuCpQueue *q)
{
    return (q->me == 1 ? mmCP_ME1_PIPE0_INT_STATUS
                       : mmCP_ME2_PIPE0_INT_STATUS) + q->pipe;
}

static void hqd_eop_irq(AemuDevice *d, AemuCpQueue *q)
{
    if (d->regs[pipe_int_cntl(q)] &
        CP_ME1_PIPE0_INT_CNTL__TIME_STAMP_INT_ENABLE_MASK) {
        post_iv(d, q, IV_SRCID_CP_END_OF_PIPE);
    }
}

/*
 * The pipes' interrupt controls have no privileged-instruction bit: such
 * a fault shows as an opcode error there.
 */
static void hqd_error(AemuDevice *d, AemuCpQueue *q, AemuCpError e,
                      uint32_t header)
{
    uint32_t stat, enable;
    uint8_t src;

    d->regs[q->me == 1 ? mmCP_MEC_ME1_HEADER_DUMP
                       : mmCP_MEC_ME2_HEADER_DUMP] = header;
    switch (e) {
    case AEMU_CP_ERR_OPCODE:
    case AEMU_CP_ERR_PRIV_INSTR:
        stat = CP_ME1_PIPE0_INT_STATUS__OPCODE_ERROR_INT_STATUS_MASK;
        enable = CP_ME1_PIPE0_INT_CNTL__OPCODE_ERROR_INT_ENABLE_MASK;
        src = IV_SRCID_CP_BAD_OPCODE;
        break;
    case AEMU_CP_ERR_PRIV_REG:
        stat = CP_ME1_PIPE0_INT_STATUS__PRIV_REG_INT_STATUS_MASK;
        enable = CP_ME1_PIPE0_INT_CNTL__PRIV_REG_INT_ENABLE_MASK;
        src = IV_SRCID_CP_PRIV_REG_FAULT;
        break;
    default:
        return;
    }
    d->regs[pipe_int_status(q)] |= stat;
    if (d->regs[pipe_int_cntl(q)] & enable) {
        post_iv(d, q, src);
    }
}

static const AemuCpQueueOps hqd_ops = {
    .prepare = hqd_prepare,
    .report_rptr = hqd_report_rptr,
    .eop_irq = hqd_eop_irq,
    .error = hqd_error,
};

/* The HQD SRBM_GFX_CNTL selects, or NULL for a non-compute selection. */
static AemuCpQueue *selected_hqd(AemuDevice *d)
{
    AemuCp *cp = cp_state(d);
    unsigned me, pipe, queue;

    aemu_reg_selected_queue(d, &me, &pipe, &queue);
    if (me < 1 || me > cp->num_mec || pipe >= cp->num_pipes ||
        queue >= cp->num_queues) {
        return NULL;
    }
    return &cp->mec[me - 1][pipe][queue];
}

/*
 * Activation loads the queue from its registers (gfx_v7_0_mqd_commit
 * writes them all, CP_HQD_ACTIVE last); the read and write pointers come
 * from CP_HQD_PQ_RPTR/_WPTR, which the driver programmed before.
 */
static void hqd_activate(AemuDevice *d, AemuCpQueue *q)
{
    aemu_cp_queue_reset(q);
    hqd_prepare(d, q);
    q->ring.rptr = hqd_get(d, q, mmCP_HQD_PQ_RPTR) & (q->ring.size_dw - 1);
    q->ring.reported_rptr = q->ring.rptr;
    q->ring.wptr = hqd_get(d, q, mmCP_HQD_PQ_WPTR) & (q->ring.size_dw - 1);
    kick(d, q);
}

/* A dequeue stops the queue at once; its read pointer stays readable. */
static void hqd_deactivate(AemuDevice *d, AemuCpQueue *q)
{
    uint32_t rptr = q->ring.rptr;

    hqd_set(d, q, mmCP_HQD_ACTIVE, 0);
    hqd_set(d, q, mmCP_HQD_PQ_RPTR, rptr);
    aemu_cp_queue_set_rptr(q, rptr);
    q->ring.hung = false;
}

static void hqd_active_write(AemuDevice *d, uint32_t dw, uint32_t value)
{
    AemuCpQueue *q = selected_hqd(d);
    bool was_active = q && hqd_active(d, q);

    aemu_reg_set(d, dw, value);
    if (!q) {
        return;
    }
    if (value & CP_HQD_ACTIVE__ACTIVE_MASK) {
        hqd_activate(d, q);
    } else if (was_active) {
        hqd_deactivate(d, q);
    }
}

static void hqd_dequeue_write(AemuDevice *d, uint32_t dw, uint32_t value)
{
    AemuCpQueue *q = selected_hqd(d);

    aemu_reg_set(d, dw, value);
    if (q && (value & CP_HQD_DEQUEUE_REQUEST__DEQUEUE_REQ_MASK) &&
        hqd_active(d, q)) {
        hqd_deactivate(d, q);
    }
}

static uint32_t hqd_rptr_read(AemuDevice *d, uint32_t dw)
{
    AemuCpQueue *q = selected_hqd(d);

    return q && hqd_active(d, q) ? q->ring.rptr : aemu_reg_get(d, dw);
}

static void hqd_rptr_write(AemuDevice *d, uint32_t dw, uint32_t value)
{
    AemuCpQueue *q = selected_hqd(d);

    aemu_reg_set(d, dw, value);
    if (q && hqd_active(d, q)) {
        hqd_prepare(d, q);
        aemu_cp_queue_set_rptr(q, value);
        kick(d, q);
    }
}

static void hqd_set_wptr(AemuDevice *d, AemuCpQueue *q, uint32_t value)
{
    hqd_set(d, q, mmCP_HQD_PQ_WPTR, value);
    if (hqd_active(d, q)) {
        hqd_prepare(d, q);
        q->ring.wptr = value & (q->ring.size_dw - 1);
        kick(d, q);
    }
}

static void hqd_wptr_write(AemuDevice *d, uint32_t dw, uint32_t value)
{
    AemuCpQueue *q = selected_hqd(d);

    if (q) {
        hqd_set_wptr(d, q, value);
    } else {
        aemu_reg_set(d, dw, value);
    }
}

static void mec_cntl_write(AemuDevice *d, uint32_t dw, uint32_t value)
{
    d->regs[dw] = value;
    for_each_hqd(cp_state(d), q) {
        kick(d, q);
    }
}

/*
 * BAR2: a dword written at the byte offset an active HQD's
 * CP_HQD_PQ_DOORBELL_CONTROL.DOORBELL_OFFSET names (the field holds the
 * doorbell index << 2) becomes that queue's write pointer. On CIK the CP
 * claims the whole BAR from the router: the offsets are the driver's to
 * choose. Doorbells no queue listens to are dropped, as on hardware.
 */
static void cp_doorbell(AemuDevice *d, void *opaque, uint64_t offset,
                        uint64_t value, unsigned size)
{
    AemuCp *cp = opaque;

    if ((size != 4 && size != 8) || (offset & 3)) {
        aemu_guest_error(d, "doorbell write of %u bytes at 0x%"
                         G_GINT64_MODIFIER "x ignored", size, offset);
        return;
    }
    for_each_hqd(cp, q) {
        uint32_t ctl = hqd_get(d, q, mmCP_HQD_PQ_DOORBELL_CONTROL);

        if (hqd_active(d, q) &&
            (ctl & CP_HQD_PQ_DOORBELL_CONTROL__DOORBELL_EN_MASK) &&
            (ctl & CP_HQD_PQ_DOORBELL_CONTROL__DOORBELL_OFFSET_MASK) ==
            offset) {
            AEMU_TRACE(d, doorbell, offset, value, q->ring.name);
            hqd_set_wptr(d, q, (uint32_t)value);
            return;
        }
    }
    AEMU_TRACE(d, doorbell, offset, value, "none");
}

/* ---- Resets and status ----------------------------------------------- */

/*
 * The CP parts of a reset: the queues drop their state, hung or not, and
 * come back idle with empty rings. A GRBM soft reset (gfx_v7_0_soft_reset)
 * and a device reset take this one path; the RLC bit is the RLC's.
 */
static void reset_units(AemuDevice *d, AemuCp *cp, uint32_t units)
{
    if (units & AEMU_UNIT_MASK(AEMU_UNIT_CP_GFX)) {
        aemu_cp_queue_reset(&cp->gfx);
        d->regs[mmCP_RB0_WPTR] = 0;
        d->regs[mmCP_INT_STATUS_RING0] = 0;
    }
    for_each_hqd(cp, q) {
        if (units & AEMU_UNIT_MASK(AEMU_UNIT_CP_MEC1 + q->me - 1)) {
            aemu_cp_queue_reset(q);
            hqd_set(d, q, mmCP_HQD_ACTIVE, 0);
            hqd_set(d, q, mmCP_HQD_PQ_RPTR, 0);
            hqd_set(d, q, mmCP_HQD_PQ_WPTR, 0);
        }
    }
}

static void cp_soft_reset(AemuDevice *d, void *priv, uint32_t units)
{
    reset_units(d, priv, units);
}

/* Busy: work the queue may fetch, or stopped on a bad packet (hung). */
static bool gfx_busy(AemuDevice *d)
{
    AemuCpQueue *q = &cp_state(d)->gfx;

    return q->ring.hung || (gfx_running(d) && aemu_ring_pending(&q->ring));
}

static bool hqd_busy(AemuDevice *d, AemuCpQueue *q)
{
    return q->ring.hung || (aemu_ring_pending(&q->ring) &&
                            hqd_active(d, q) && !mec_halted(d, q->me));
}

/* Which MECs have a busy queue: bit me - 1. */
static unsigned mecs_busy(AemuDevice *d)
{
    unsigned busy = 0;

    for_each_hqd(cp_state(d), q) {
        if (!(busy & 1u << (q->me - 1)) && hqd_busy(d, q)) {
            busy |= 1u << (q->me - 1);
        }
    }
    return busy;
}

/* What GRBM_STATUS / GRBM_STATUS2 show of the CP (status.c). */
static uint32_t cp_busy(AemuDevice *d, void *priv)
{
    unsigned mecs = mecs_busy(d);
    uint32_t units = 0;

    if (gfx_busy(d)) {
        units |= AEMU_UNIT_MASK(AEMU_UNIT_CP_GFX);
    }
    if (mecs & 1) {
        units |= AEMU_UNIT_MASK(AEMU_UNIT_CP_MEC1);
    }
    if (mecs & 2) {
        units |= AEMU_UNIT_MASK(AEMU_UNIT_CP_MEC2);
    }
    return units;
}

/* CP_STAT: the gfx CP (PFP, ME, CE) and its fetchers. */
static uint32_t cp_stat_read(AemuDevice *d, uint32_t dw)
{
    AemuCpQueue *q = &cp_state(d)->gfx;
    uint32_t v;

    if (!gfx_busy(d)) {
        return 0;
    }
    v = CP_STAT__CP_BUSY_MASK | CP_STAT__ME_BUSY_MASK | CP_STAT__PFP_BUSY_MASK;
    if (q->ring.rptr != q->ring.wptr) {
        v |= CP_STAT__ROQ_RING_BUSY_MASK;
    }
    for (unsigned i = 0; i < q->ring.ib_depth; i++) {
        if (q->ring.ib[i].ce) {
            v |= CP_STAT__CE_BUSY_MASK |
                 (i ? CP_STAT__ROQ_CE_INDIRECT2_BUSY_MASK
                    : CP_STAT__ROQ_CE_INDIRECT1_BUSY_MASK);
        } else {
            v |= i ? CP_STAT__ROQ_INDIRECT2_BUSY_MASK
                   : CP_STAT__ROQ_INDIRECT1_BUSY_MASK;
        }
    }
    return v;
}

static uint32_t cp_cpc_status_read(AemuDevice *d, uint32_t dw)
{
    unsigned busy = mecs_busy(d);
    uint32_t v = 0;

    if (busy) {
        v |= CP_CPC_STATUS__CPC_BUSY_MASK;
    }
    if (busy & 1) {
        v |= CP_CPC_STATUS__MEC1_BUSY_MASK;
    }
    if (busy & 2) {
        v |= CP_CPC_STATUS__MEC2_BUSY_MASK;
    }
    return v;
}

/* CP_CPF_STATUS: the fetcher both the gfx ring and the HQDs go through. */
static uint32_t cp_cpf_status_read(AemuDevice *d, uint32_t dw)
{
    AemuCpQueue *q = &cp_state(d)->gfx;
    uint32_t v = 0;

    if (gfx_busy(d)) {
        v |= CP_CPF_STATUS__CPF_BUSY_MASK;
        if (q->ring.rptr != q->ring.wptr) {
            v |= CP_CPF_STATUS__ROQ_RING_BUSY_MASK;
        }
        if (q->ring.ib_depth) {
            v |= CP_CPF_STATUS__ROQ_INDIRECT1_BUSY_MASK;
        }
    }
    if (mecs_busy(d)) {
        v |= CP_CPF_STATUS__CPF_BUSY_MASK | CP_CPF_STATUS__HQD_BUSY_MASK;
    }
    return v;
}

#define HANDLER(n, r, w) \
    static const AemuRegHandler n = { .block = "cp", .read = r, .write = w }

HANDLER(rb_cntl, NULL, rb_cntl_write);
HANDLER(rb_wptr, NULL, rb_wptr_write);
HANDLER(rb_rptr_wr, NULL, rb_rptr_wr_write);
HANDLER(rb_rptr, rb_rptr_read, aemu_reg_ignore_write);
HANDLER(me_cntl, NULL, me_cntl_write);
HANDLER(ucode_data, NULL, ucode_data_write);
HANDLER(hqd_active_reg, NULL, hqd_active_write);
HANDLER(hqd_dequeue, NULL, hqd_dequeue_write);
HANDLER(hqd_rptr, hqd_rptr_read, hqd_rptr_write);
HANDLER(hqd_wptr, NULL, hqd_wptr_write);
HANDLER(mec_cntl, NULL, mec_cntl_write);
HANDLER(cp_stat, cp_stat_read, aemu_reg_ignore_write);
HANDLER(cp_cpc_status, cp_cpc_status_read, aemu_reg_ignore_write);
HANDLER(cp_cpf_status, cp_cpf_status_read, aemu_reg_ignore_write);

static void cp_init(AemuDevice *d, void *priv)
{
    AemuCp *cp = priv;
    const AemuAsic *a = d->asic;

    cp->num_mec = MIN(a->num_mec, (unsigned)CP_MAX_MEC);
    cp->num_pipes = MIN(a->num_pipes_per_mec, (unsigned)CP_MAX_PIPES);
    cp->num_queues = MIN(a->num_queues_per_pipe, (unsigned)CP_MAX_QUEUES);
    aemu_cp_queue_init(d, &cp->gfx, &cp->shared, &aemu_pm4_gfx7, &gfx_ops,
                       AEMU_PM4_Q_GFX, 0, 0, 0);
    for_each_hqd(cp, q) {
        aemu_cp_queue_init(d, q, &cp->shared, &aemu_pm4_gfx7, &hqd_ops,
                           AEMU_PM4_Q_COMPUTE, m_ + 1, p_, q_);
    }
    aemu_doorbell_claim(d, 0, d->pci.doorbell_size, cp_doorbell, cp, "cp");

    aemu_reg_claim(d, mmCP_RB0_CNTL, &rb_cntl);
    aemu_reg_claim(d, mmCP_RB0_WPTR, &rb_wptr);
    aemu_reg_claim(d, mmCP_RB_RPTR_WR, &rb_rptr_wr);
    aemu_reg_claim(d, mmCP_RB0_RPTR, &rb_rptr);
    aemu_reg_claim(d, mmCP_ME_CNTL, &me_cntl);
    aemu_reg_claim(d, mmCP_PFP_UCODE_DATA, &ucode_data);
    aemu_reg_claim(d, mmCP_CE_UCODE_DATA, &ucode_data);
    aemu_reg_claim(d, mmCP_ME_RAM_DATA, &ucode_data);
    aemu_reg_claim(d, mmCP_MEC_ME1_UCODE_DATA, &ucode_data);
    aemu_reg_claim(d, mmCP_MEC_ME2_UCODE_DATA, &ucode_data);
    aemu_reg_claim(d, mmCP_HQD_ACTIVE, &hqd_active_reg);
    aemu_reg_claim(d, mmCP_HQD_DEQUEUE_REQUEST, &hqd_dequeue);
    aemu_reg_claim(d, mmCP_HQD_PQ_RPTR, &hqd_rptr);
    aemu_reg_claim(d, mmCP_HQD_PQ_WPTR, &hqd_wptr);
    aemu_reg_claim(d, mmCP_MEC_CNTL, &mec_cntl);
    aemu_reg_claim(d, mmCP_STAT, &cp_stat);
    aemu_reg_claim(d, mmCP_CPC_STATUS, &cp_cpc_status);
    aemu_reg_claim(d, mmCP_CPF_STATUS, &cp_cpf_status);
}

/* Out of reset the micro engines are halted until the driver starts them. */
static void cp_reset(AemuDevice *d, void *priv, AemuResetKind kind)
{
    AemuCp *cp = priv;

    reset_units(d, cp, AEMU_UNITS_CP);
    memset(cp->shared.ce_ram, 0, sizeof(cp->shared.ce_ram));
    d->regs[mmCP_ME_CNTL] = CP_ME_CNTL__ME_HALT_MASK |
                            CP_ME_CNTL__PFP_HALT_MASK |
                            CP_ME_CNTL__CE_HALT_MASK;
    d->regs[mmCP_MEC_CNTL] = CP_MEC_CNTL__MEC_ME1_HALT_MASK |
                             CP_MEC_CNTL__MEC_ME2_HALT_MASK;
}

static void cp_fini(AemuDevice *d, void *priv)
{
    aemu_doorbell_release(d, cp_doorbell, priv);
}

const AemuIpBlockFuncs aemu_gfx_v7_cp_funcs = {
    .name = "gfx_v7_0_cp",
    .type = AEMU_BLOCK_CP,
    .major = 7, .minor = 2,
    .priv_size = sizeof(AemuCp),
    .init = cp_init,
    .reset = cp_reset,
    .soft_reset = cp_soft_reset,
    .busy = cp_busy,
    .fini = cp_fini,
};
