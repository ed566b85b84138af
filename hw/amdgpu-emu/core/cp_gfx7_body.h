/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * amdgpu-emu core: the command processor's queues of CIK (GFX 7) and of
 * VI's Topaz (GFX 8.0), as registers: the body gfx_v7_cp.c and
 * gfx_v8_cp.c compile.
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
 *
 * KFD (amdkfd, Hawaii with exp_hw_support) drives the HQDs the same way:
 * it has no hardware scheduler on CIK, so its software scheduler loads
 * each user queue's registers from the queue's MQD (kgd_hqd_load) and
 * stops it with CP_HQD_DEQUEUE_REQUEST, which writes the queue's position
 * back into its MQD. An AQL queue (CP_HQD_IQ_RPTR's AQL bit) runs on the
 * AQL packet processor (cp_aql.c) with CIK's write pointer, a dword
 * offset in the ring; CPC_INT_CNTL is the selected pipe's interrupt
 * control.
 *
 * gfx8 kept these registers and fields but moved the microcode ports
 * (CP_PFP_UCODE_* 0x3058 -> 0xF814, ...), and the IV's ring_id differs
 * (gfx_v8_0_eop_irq reads the queue in it). So each chip's file includes
 * this body right after its generated register headers, having defined:
 *  - ring_id(q): the IV ring_id of a CP source of queue q;
 *  - CP_PM4_ISA: the generation's PM4 instruction set;
 *  - CP_SH_GEN: the shader generation its waves decode as;
 *  - MQD_HQD_DW, MQD_HQD_REGS: where its MQD's HQD image starts (the
 *    dword of cp_mqd_base_addr_lo) and how many registers it holds;
 *  - CP_CHIP_FIELDS (may be empty): what its CP state adds.
 * and then names its block with the functions here (cp_init, ...).
 */
#ifndef AMDGPU_EMU_CP_GFX7_BODY_H
#define AMDGPU_EMU_CP_GFX7_BODY_H

#include "cp_pm4.h"
#include "state.h"
#include "cp_pm4_ops.h"
#include "cp_hqd.h"
#include "shader_regs.h"

/* IH source ids of the CP (ivsrcid_vislands30.h; the same on CIK). */
#define IV_SRCID_CP_END_OF_PIPE         181
#define IV_SRCID_CP_BAD_OPCODE          183
#define IV_SRCID_CP_PRIV_REG_FAULT      184
#define IV_SRCID_CP_PRIV_INSTR_FAULT    185
/* SQ_INTERRUPT_ID (gfx_7_2_enum.h): s_sendmsg(MSG_INTERRUPT), errors. */
#define IV_SRCID_SQ_INTERRUPT           0xef
/* SQ_INTERRUPT_WORD_ENCODING_INST: a wave's message (gfx_7_2_enum.h). */
#define SQ_INTERRUPT_ENCODING_INST      1u

/*
 * Ring sizes are 2^(field + 1) dwords; the model caps the field at 22
 * (32 MiB rings; radeon's 1 MiB gfx ring uses 17, amdgpu's 8 KiB rings 10).
 */
#define CP_RING_ORDER_MAX       22

/* Ring and HQD base registers hold the address >> 8. */
#define CP_RING_BASE_SHIFT      8

typedef struct AemuCp {
    AemuCpShared shared;
    AemuCpQueue gfx;
    AemuHqds hqds;          /* the MECs' queues (cp_hqd.c) */
    CP_CHIP_FIELDS
} AemuCp;

static AemuCp *cp_state(AemuDevice *d)
{
    return aemu_block_priv(d, AEMU_BLOCK_CP);
}

static uint32_t ring_dwords(uint32_t order)
{
    return 2u << MIN(order, (uint32_t)CP_RING_ORDER_MAX);
}

static void post_iv(AemuDevice *d, const AemuCpQueue *q, uint8_t src_id,
                    uint32_t ctxid)
{
    AemuIvEntry iv = {
        .src_id = src_id, .ring_id = ring_id(q), .vmid = q->ring.vmid,
        .src_data[0] = ctxid,
    };

    aemu_irq_post(d, &iv);
}

/*
 * A wave's s_sendmsg(MSG_INTERRUPT): the IV's data is the word KFD's
 * cik_event_interrupt reads (SQ_INTERRUPT_WORD_WAVE): M0's low bits, the
 * wave's ids, its VMID and the INST encoding.
 */
static void sq_interrupt(AemuDevice *d, const AemuWave *w, uint32_t data)
{
    AemuIvEntry iv = {
        .src_id = IV_SRCID_SQ_INTERRUPT,
        .vmid = w->ctx->vmid,
        .src_data[0] =
            AEMU_REG_SET(0, SQ_INTERRUPT_WORD_WAVE, DATA, data) |
            AEMU_REG_SET(0, SQ_INTERRUPT_WORD_WAVE, VM_ID, w->ctx->vmid) |
            AEMU_REG_SET(0, SQ_INTERRUPT_WORD_WAVE, WAVE_ID,
                         aemu_field_get(w->hw_id, AEMU_SH_HW_ID_WAVE_ID)) |
            AEMU_REG_SET(0, SQ_INTERRUPT_WORD_WAVE, SIMD_ID,
                         aemu_field_get(w->hw_id, AEMU_SH_HW_ID_SIMD_ID)) |
            AEMU_REG_SET(0, SQ_INTERRUPT_WORD_WAVE, ENCODING,
                         SQ_INTERRUPT_ENCODING_INST),
    };

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

static void gfx_eop_irq(AemuDevice *d, AemuCpQueue *q, uint32_t ctxid)
{
    if (d->regs[mmCP_INT_CNTL_RING0] &
        CP_INT_CNTL_RING0__TIME_STAMP_INT_ENABLE_MASK) {
        post_iv(d, q, IV_SRCID_CP_END_OF_PIPE, ctxid);
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
        post_iv(d, q, src, 0);
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

/*
 * CP_HQD_IQ_RPTR bit 0 makes a queue an AQL queue on CIK: KFD sets it in
 * the MQD of every AQL queue (kfd_mqd_manager_cik.c init_mqd, AQL_ENABLE
 * in KFD's cik_regs.h); the register headers name only the field's
 * OFFSET there.
 */
#define CP_HQD_IQ_RPTR_AQL_ENABLE       0x1u

/*
 * The MQD's HQD image: from MQD_HQD_DW (cp_mqd_base_addr_lo) on, one
 * dword per register from CP_MQD_BASE_ADDR, in register order.
 */
#define MQD_DW(reg)             (MQD_HQD_DW + (reg) - mmCP_MQD_BASE_ADDR)

/* The HQD mechanics are cp_hqd.c's; these are the chip's registers for them. */
static AemuMemStatus mqd_save(AemuDevice *d, AemuCpQueue *q, uint64_t *mqd);

static const AemuHqdRegs gfx7_hqd_regs = {
    .active = mmCP_HQD_ACTIVE,
    .active_field = AEMU_FIELD(CP_HQD_ACTIVE, ACTIVE),
    .vmid = mmCP_HQD_VMID,
    .vmid_field = AEMU_FIELD(CP_HQD_VMID, VMID),
    .pq_base = mmCP_HQD_PQ_BASE,
    .pq_base_hi = mmCP_HQD_PQ_BASE_HI,
    .pq_base_hi_field = AEMU_FIELD(CP_HQD_PQ_BASE_HI, ADDR_HI),
    .pq_control = mmCP_HQD_PQ_CONTROL,
    .queue_size = AEMU_FIELD(CP_HQD_PQ_CONTROL, QUEUE_SIZE),
    .no_update_rptr = AEMU_FIELD(CP_HQD_PQ_CONTROL, NO_UPDATE_RPTR),
    .pq_rptr = mmCP_HQD_PQ_RPTR,
    .pq_wptr = mmCP_HQD_PQ_WPTR,
    .rptr_report_addr = mmCP_HQD_PQ_RPTR_REPORT_ADDR,
    .rptr_report_addr_mask =
        CP_HQD_PQ_RPTR_REPORT_ADDR__RPTR_REPORT_ADDR_MASK,
    .rptr_report_addr_hi = mmCP_HQD_PQ_RPTR_REPORT_ADDR_HI,
    .rptr_report_addr_hi_mask =
        CP_HQD_PQ_RPTR_REPORT_ADDR_HI__RPTR_REPORT_ADDR_HI_MASK,
    .doorbell_control = mmCP_HQD_PQ_DOORBELL_CONTROL,
    .doorbell_offset_mask = CP_HQD_PQ_DOORBELL_CONTROL__DOORBELL_OFFSET_MASK,
    .doorbell_en_mask = CP_HQD_PQ_DOORBELL_CONTROL__DOORBELL_EN_MASK,
    .dequeue_request = mmCP_HQD_DEQUEUE_REQUEST,
    .dequeue_req = AEMU_FIELD(CP_HQD_DEQUEUE_REQUEST, DEQUEUE_REQ),
    .aql_control = mmCP_HQD_IQ_RPTR,
    .aql_enable_mask = CP_HQD_IQ_RPTR_AQL_ENABLE,
    .aql_wptr_in_ring = true,
    .mec_cntl = mmCP_MEC_CNTL,
    .mec_me1_halt_mask = CP_MEC_CNTL__MEC_ME1_HALT_MASK,
    .mec_me2_halt_mask = CP_MEC_CNTL__MEC_ME2_HALT_MASK,
    .mec_me1_header_dump = mmCP_MEC_ME1_HEADER_DUMP,
    .mec_me2_header_dump = mmCP_MEC_ME2_HEADER_DUMP,
    .me1_pipe0_int_cntl = mmCP_ME1_PIPE0_INT_CNTL,
    .me2_pipe0_int_cntl = mmCP_ME2_PIPE0_INT_CNTL,
    .me1_pipe0_int_status = mmCP_ME1_PIPE0_INT_STATUS,
    .me2_pipe0_int_status = mmCP_ME2_PIPE0_INT_STATUS,
    .time_stamp_int_enable =
        CP_ME1_PIPE0_INT_CNTL__TIME_STAMP_INT_ENABLE_MASK,
    .opcode_error_int_enable =
        CP_ME1_PIPE0_INT_CNTL__OPCODE_ERROR_INT_ENABLE_MASK,
    .opcode_error_int_status =
        CP_ME1_PIPE0_INT_STATUS__OPCODE_ERROR_INT_STATUS_MASK,
    .priv_reg_int_enable = CP_ME1_PIPE0_INT_CNTL__PRIV_REG_INT_ENABLE_MASK,
    .priv_reg_int_status = CP_ME1_PIPE0_INT_STATUS__PRIV_REG_INT_STATUS_MASK,
    .mqd_base_addr = mmCP_MQD_BASE_ADDR,
    .mqd_image_dw = MQD_HQD_DW,
    .mqd_image_regs = MQD_HQD_REGS,
    .save_mqd = mqd_save,
    .post_iv = post_iv,
};

static void hqd_active_write(AemuDevice *d, uint32_t dw, uint32_t value)
{
    aemu_hqd_active_write(d, &cp_state(d)->hqds, dw, value);
}

/*
 * What a dequeue writes back into the MQD: where the queue stands (the
 * active bit, now clear, and its pointers), not its configuration.
 * kgd_hqd_destroy clears CP_HQD_PQ_DOORBELL_CONTROL before it dequeues,
 * and KFD restores an evicted queue with kgd_hqd_load from the MQD
 * untouched (restore_process_queues_nocpsch): a saved doorbell control
 * would lose the doorbell, a read pointer left behind would replay the
 * ring. Which registers the firmware saves is inferred from that.
 */
static const uint32_t mqd_saved_regs[] = {
    mmCP_HQD_ACTIVE, mmCP_HQD_PQ_RPTR, mmCP_HQD_PQ_WPTR,
};

/* Save a stopped HQD into its MQD (CP_MQD_BASE_ADDR, through VMID 0). */
static AemuMemStatus mqd_save(AemuDevice *d, AemuCpQueue *q, uint64_t *mqd)
{
    AemuMemStatus st = AEMU_MEM_OK;

    *mqd = aemu_addr64(aemu_hqd_get(d, q, mmCP_MQD_BASE_ADDR),
                       aemu_hqd_get(d, q, mmCP_MQD_BASE_ADDR_HI)) & ~3ull;
    for (size_t i = 0; i < G_N_ELEMENTS(mqd_saved_regs) && st == AEMU_MEM_OK;
         i++) {
        st = aemu_gpu_write32(d, 0, *mqd + 4ull * MQD_DW(mqd_saved_regs[i]),
                              aemu_hqd_get(d, q, mqd_saved_regs[i]),
                              &q->ring.client);
    }
    return st;
}

static void hqd_dequeue_write(AemuDevice *d, uint32_t dw, uint32_t value)
{
    aemu_hqd_dequeue_write(d, &cp_state(d)->hqds, dw, value);
}

/* CPC_INT_CNTL: the selected MEC pipe's interrupt control (cp_hqd.h). */
static uint32_t cpc_int_cntl_read(AemuDevice *d, uint32_t dw)
{
    return aemu_hqd_cpc_int_cntl_read(d, &cp_state(d)->hqds, dw);
}

static void cpc_int_cntl_write(AemuDevice *d, uint32_t dw, uint32_t value)
{
    aemu_hqd_cpc_int_cntl_write(d, &cp_state(d)->hqds, dw, value);
}

static uint32_t hqd_rptr_read(AemuDevice *d, uint32_t dw)
{
    return aemu_hqd_rptr_read(d, &cp_state(d)->hqds, dw);
}

static void hqd_rptr_write(AemuDevice *d, uint32_t dw, uint32_t value)
{
    aemu_hqd_rptr_write(d, &cp_state(d)->hqds, dw, value);
}

static void hqd_wptr_write(AemuDevice *d, uint32_t dw, uint32_t value)
{
    aemu_hqd_wptr_write(d, &cp_state(d)->hqds, dw, value);
}

static void mec_cntl_write(AemuDevice *d, uint32_t dw, uint32_t value)
{
    d->regs[dw] = value;
    aemu_hqds_kick(d, &cp_state(d)->hqds);
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
    if (!aemu_hqd_doorbell(d, &cp->hqds, offset, (uint32_t)value)) {
        AEMU_TRACE(d, doorbell, offset, value, "none");
    }
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
    aemu_hqds_reset(d, &cp->hqds, units);
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

/* Which MECs have a busy queue: bit me - 1. */
static unsigned mecs_busy(AemuDevice *d)
{
    return aemu_hqds_busy(d, &cp_state(d)->hqds);
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
HANDLER(cpc_int_cntl, cpc_int_cntl_read, cpc_int_cntl_write);
HANDLER(cp_stat, cp_stat_read, aemu_reg_ignore_write);
HANDLER(cp_cpc_status, cp_cpc_status_read, aemu_reg_ignore_write);
HANDLER(cp_cpf_status, cp_cpf_status_read, aemu_reg_ignore_write);

static void cp_init(AemuDevice *d, void *priv)
{
    AemuCp *cp = priv;

    aemu_sh_processor_init(d, CP_SH_GEN, sq_interrupt);
    aemu_cp_queue_init(d, &cp->gfx, &cp->shared, CP_PM4_ISA, &gfx_ops,
                       AEMU_PM4_Q_GFX, 0, 0, 0);
    aemu_hqds_init(d, &cp->hqds, &gfx7_hqd_regs, &cp->shared, CP_PM4_ISA);
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
    aemu_reg_claim(d, mmCPC_INT_CNTL, &cpc_int_cntl);
    aemu_reg_claim(d, mmCP_STAT, &cp_stat);
    aemu_reg_claim(d, mmCP_CPC_STATUS, &cp_cpc_status);
    aemu_reg_claim(d, mmCP_CPF_STATUS, &cp_cpf_status);
}

/* Out of reset the micro engines are halted until the driver starts them. */
static void cp_reset(AemuDevice *d, void *priv, AemuResetKind kind)
{
    AemuCp *cp = priv;

    aemu_sh_processor_reset(d);
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
    /* The queues drop the dispatches they wait for. */
    reset_units(d, priv, AEMU_UNITS_CP);
    aemu_sh_processor_fini(d);
    aemu_doorbell_release(d, cp_doorbell, priv);
}

/*
 * Snapshots (state.h): the CE RAM (the constant engine's memory, which
 * outlives packets), the gfx ring and every HQD. The packet body is
 * scratch, refetched by every step.
 */
static void cp_state_io(AemuDevice *d, void *priv, AemuStateIo *s)
{
    AemuCp *cp = priv;

    AEMU_STATE(s, cp->shared.ce_ram);
    aemu_cp_queue_state(s, &cp->gfx);
    aemu_hqds_state(s, &cp->hqds);
}

#endif
