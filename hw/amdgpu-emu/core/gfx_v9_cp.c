/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * amdgpu-emu core: the GFX 9.0 command processor's queues (Vega10).
 *
 * The gfx ring (CP_RB0_*, 64-bit write pointer in dwords through
 * CP_RB0_WPTR/_HI or its doorbell at CP_RB_DOORBELL_CONTROL's offset,
 * halted by CP_ME_CNTL) and the compute HQDs of two MECs (4 pipes x 8
 * queues each, registers banked by GRBM_GFX_CNTL in gfx_v9.c), among them
 * the kernel interface queue, the KIQ (ME 2 pipe 1 queue 0), exactly as
 * gfx_v9_0.c brings them up:
 *  - the KIQ from registers: gfx_v9_0_kiq_init_register writes the
 *    CP_HQD_* registers and CP_HQD_ACTIVE last, as on CIK;
 *  - the kernel compute queues from their MQDs: the KIQ runs
 *    SET_RESOURCES and MAP_QUEUES (gfx_v9_0_kiq_map_queues), which load
 *    the MQD's HQD image (struct v9_mqd from cp_mqd_base_addr_lo, dword
 *    128, in register order from CP_MQD_BASE_ADDR) into the queue's banked
 *    registers and activate it; UNMAP_QUEUES saves it back and stops it.
 * The KIQ may also map the HSA interface queue (HIQ, MAP_QUEUES with
 * ENGINE_SEL 1), KFD's channel to the MEC firmware's hardware scheduler:
 * an HQD like the others whose SET_RESOURCES, RUN_LIST, UNMAP_QUEUES and
 * QUERY_STATUS go to the scheduler (gfx_v9_hws.c).
 * Doorbells reach the CP through the router: the gfx ring's slot, and
 * every doorbell no other engine claims (SOC15's BIF routes those to the
 * CP; CP_MEC_DOORBELL_RANGE_LOWER/UPPER only say which ones wake a
 * power-gated GC), matched against the active HQDs'
 * CP_HQD_PQ_DOORBELL_CONTROL offsets: KFD's doorbells lie above amdgpu's
 * range. Fences post IVs from client SOC15_IH_CLIENTID_GRBM_CP when the
 * driver enabled them; the KIQ's fences are WRITE_DATAs the driver polls.
 * The packets run in cp_pm4.c.
 *
 * The HQD mechanics (activate, deactivate, doorbell match, interrupts,
 * busy) are cp_hqd.c's, shared with CIK; this file gives them the SOC15
 * registers and adds the KIQ, the MQD path and SOC15 doorbell routing.
 */
#include "cp_pm4.h"
#include "state.h"
#include "cp_pm4_ops.h"
#include "cp_hqd.h"
#include "cp_kiq.h"
#include "gfx_v9_hws.h"
#include "cp_aql.h"
#include "pm4_soc15.h"
#include "amdgpu-emu/regs/vega10_regs.h"
#include "amdgpu-emu/regs/vega10_fields.h"
#include "shader_regs.h"

/* soc15_ih_clientid.h. */
#define SOC15_IH_CLIENTID_GRBM_CP       0x14
/* ivsrcid/gfx/irqsrcs_gfx_9_0.h. */
#define GFX_9_0__SRCID__CP_EOP_INTERRUPT        181
#define GFX_9_0__SRCID__CP_BAD_OPCODE_ERROR     183
#define GFX_9_0__SRCID__CP_PRIV_REG_FAULT       184
#define GFX_9_0__SRCID__CP_PRIV_INSTR_FAULT     185
#define GFX_9_0__SRCID__CP_COMPUTE_QUERY_STATUS 199
#define GFX_9_0__SRCID__SQ_INTERRUPT_ID         239
/* SQ_INTERRUPT_WORD_ENCODING_INST: a wave's message. */
#define SQ_INTERRUPT_ENCODING_INST              1u
/*
 * The SQ interrupt's 24 data bits (M0) across the two context ids, as
 * KFD's KFD_CONTEXT_ID_GET_SQ_INT_DATA takes them apart: bits 11:0 in
 * the CTXID word's DATA, 15:12 in context_id0[31:28], 23:16 in
 * context_id1[7:0].
 */
#define SQ_INT_DATA_MID_MASK                    0xf000u
#define SQ_INT_DATA_MID_SHIFT                   16
#define SQ_INT_DATA_HIGH_MASK                   0xff0000u
#define SQ_INT_DATA_HIGH_SHIFT                  16
/* The HQDs' are cp_hqd.c's, the same numbers. */

/*
 * IV ring_id of a CP source: pipe [1:0], ME [3:2], queue [6:4]
 * (gfx_v9_0_eop_irq, gfx_v9_0_fault).
 */
#define IV_RING_ID_PIPE_SHIFT   0
#define IV_RING_ID_ME_SHIFT     2
#define IV_RING_ID_QUEUE_SHIFT  4

/* Ring sizes are 2^(field + 1) dwords; the model caps the field at 22. */
#define CP_RING_ORDER_MAX       22
/* Ring and HQD base registers hold the address >> 8. */
#define CP_RING_BASE_SHIFT      8
/* A CP doorbell is a 64-bit write (WDOORBELL64). */
#define CP_DOORBELL_BYTES       8

/* The KIQ: "kiq_0.2.1.0" (gfx_v9_0_kiq_init_ring via amdgpu_gfx.c). */
#define KIQ_ME                  2
#define KIQ_PIPE                1
#define KIQ_QUEUE               0

/*
 * The HQD image of struct v9_mqd: dword 128 (cp_mqd_base_addr_lo) on,
 * one dword per register from CP_MQD_BASE_ADDR to CP_HQD_PQ_WPTR_HI.
 */
#define MQD_HQD_DW              128
#define MQD_HQD_REGS            (mmCP_HQD_PQ_WPTR_HI - mmCP_MQD_BASE_ADDR + 1)

/* KFD's HIQ: MEC2 pipe 0 queue 0 (KFD_CIK_HIQ_PIPE 4 -> ME 2, pipe 0). */
#define HIQ_NAME_FMT            "hiq_%u.%u.%u"
#define HQD_NAME_FMT            "comp_%u.%u.%u"

typedef struct AemuCp9 {
    AemuCpShared shared;
    AemuCpQueue gfx;
    AemuHqds hqds;          /* the MECs' queues, the KIQ among them */
    /* SET_RESOURCES: the queues the KIQ may map, and the VMIDs. */
    uint64_t queue_mask;
    uint32_t vmid_mask;
    bool resources_set;
    /* What the gfx ring's doorbell claim covers (~0: none). */
    uint64_t gfx_doorbell;
    /* The hardware scheduler behind the HIQ, and its switching engine. */
    AemuHws hws;
    AemuEngine hws_engine;
} AemuCp9;

static AemuCp9 *cp_state(AemuDevice *d)
{
    return aemu_block_priv(d, AEMU_BLOCK_CP);
}

static uint32_t ring_dwords(uint32_t order)
{
    return 2u << MIN(order, (uint32_t)CP_RING_ORDER_MAX);
}

static bool is_kiq(const AemuCpQueue *q)
{
    return q->kind & AEMU_PM4_Q_KIQ;
}

static bool is_hiq(const AemuCpQueue *q)
{
    return q->kind & AEMU_PM4_Q_HIQ;
}

/* The HQD becomes the HIQ, or stops being it (named so in the traces). */
static void set_hiq(AemuCpQueue *q, bool hiq)
{
    if (hiq) {
        q->kind |= AEMU_PM4_Q_HIQ;
    } else {
        q->kind &= ~AEMU_PM4_Q_HIQ;
    }
    g_snprintf(q->ring.name, sizeof(q->ring.name),
               hiq ? HIQ_NAME_FMT : HQD_NAME_FMT, q->me, q->pipe, q->queue);
}

static void post_iv(AemuDevice *d, const AemuCpQueue *q, uint8_t src_id,
                    uint32_t ctxid)
{
    AemuIvEntry iv = {
        .client_id = SOC15_IH_CLIENTID_GRBM_CP,
        .src_id = src_id,
        .ring_id = (q->queue & 7) << IV_RING_ID_QUEUE_SHIFT |
                   (q->me & 3) << IV_RING_ID_ME_SHIFT |
                   (q->pipe & 3) << IV_RING_ID_PIPE_SHIFT,
        /*
         * A user queue's IVs carry its VMID (the IH adds the PASID mapped
         * to it): KFD takes only IVs of its VMIDs.
         */
        .vmid = q->ring.vmid,
        .src_data[0] = ctxid,
    };

    aemu_irq_post(d, &iv);
}

/*
 * A wave's s_sendmsg(MSG_INTERRUPT): the SQ's IV (client GRBM_CP) with
 * SQ_INTERRUPT_WORD_WAVE_CTXID and M0 spread over the context ids.
 */
static void sq_interrupt(AemuDevice *d, const AemuWave *w, uint32_t data)
{
    AemuIvEntry iv = {
        .client_id = SOC15_IH_CLIENTID_GRBM_CP,
        .src_id = GFX_9_0__SRCID__SQ_INTERRUPT_ID,
        .vmid = w->ctx->vmid,
        .src_data[0] =
            AEMU_REG_SET(0, SQ_INTERRUPT_WORD_WAVE_CTXID, DATA, data) |
            AEMU_REG_SET(0, SQ_INTERRUPT_WORD_WAVE_CTXID, WAVE_ID,
                         aemu_field_get(w->hw_id, AEMU_SH_HW_ID_WAVE_ID)) |
            AEMU_REG_SET(0, SQ_INTERRUPT_WORD_WAVE_CTXID, SIMD_ID,
                         aemu_field_get(w->hw_id, AEMU_SH_HW_ID_SIMD_ID)) |
            AEMU_REG_SET(0, SQ_INTERRUPT_WORD_WAVE_CTXID, ENCODING,
                         SQ_INTERRUPT_ENCODING_INST) |
            (data & SQ_INT_DATA_MID_MASK) << SQ_INT_DATA_MID_SHIFT,
        .src_data[1] = (data & SQ_INT_DATA_HIGH_MASK) >> SQ_INT_DATA_HIGH_SHIFT,
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
    uint64_t hi = AEMU_REG_GET(d->regs[mmCP_RB0_BASE_HI], CP_RB0_BASE_HI,
                               RB_BASE_HI);

    q->ring.base = (hi << 32 | d->regs[mmCP_RB0_BASE]) << CP_RING_BASE_SHIFT;
    q->ring.size_dw = ring_dwords(AEMU_REG_GET(d->regs[mmCP_RB0_CNTL],
                                               CP_RB0_CNTL, RB_BUFSZ));
    q->ring.vmid = AEMU_REG_GET(d->regs[mmCP_RB_VMID], CP_RB_VMID, RB0_VMID);
    return gfx_running(d) &&
           !aemu_units_held(d, AEMU_UNIT_MASK(AEMU_UNIT_CP_GFX));
}

/* The rptr write-back slot (gfx_v9_0_ring_get_rptr_gfx reads it). */
static void gfx_report_rptr(AemuDevice *d, AemuCpQueue *q)
{
    uint64_t addr;

    if (AEMU_REG_GET(d->regs[mmCP_RB0_CNTL], CP_RB0_CNTL, RB_NO_UPDATE)) {
        return;
    }
    addr = (uint64_t)AEMU_REG_GET(d->regs[mmCP_RB0_RPTR_ADDR_HI],
                                  CP_RB0_RPTR_ADDR_HI, RB_RPTR_ADDR_HI) << 32 |
           (d->regs[mmCP_RB0_RPTR_ADDR] & CP_RB0_RPTR_ADDR__RB_RPTR_ADDR_MASK);
    aemu_gpu_write32(d, 0, addr, q->ring.rptr, &q->ring.client);
}

/* gfx_v9_0_set_gfx_eop_interrupt_state: TIME_STAMP_INT_ENABLE. */
static void gfx_eop_irq(AemuDevice *d, AemuCpQueue *q, uint32_t ctxid)
{
    if (AEMU_REG_GET(d->regs[mmCP_INT_CNTL_RING0], CP_INT_CNTL_RING0,
                     TIME_STAMP_INT_ENABLE)) {
        post_iv(d, q, GFX_9_0__SRCID__CP_EOP_INTERRUPT, ctxid);
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
        src = GFX_9_0__SRCID__CP_BAD_OPCODE_ERROR;
        break;
    case AEMU_CP_ERR_PRIV_REG:
        stat = CP_INT_STATUS_RING0__PRIV_REG_INT_STAT_MASK;
        enable = CP_INT_CNTL_RING0__PRIV_REG_INT_ENABLE_MASK;
        src = GFX_9_0__SRCID__CP_PRIV_REG_FAULT;
        break;
    case AEMU_CP_ERR_PRIV_INSTR:
        stat = CP_INT_STATUS_RING0__PRIV_INSTR_INT_STAT_MASK;
        enable = CP_INT_CNTL_RING0__PRIV_INSTR_INT_ENABLE_MASK;
        src = GFX_9_0__SRCID__CP_PRIV_INSTR_FAULT;
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

/*
 * A new write pointer for the gfx ring, in dwords (64 bits: the ring
 * wraps it). While CP_RB0_CNTL.RB_RPTR_WR_ENA is set it also moves the
 * read pointer: gfx_v9_0_cp_gfx_resume resets both that way (inferred, as
 * on CIK).
 */
static void gfx_set_wptr(AemuDevice *d, uint64_t wptr)
{
    AemuCpQueue *q = &cp_state(d)->gfx;

    d->regs[mmCP_RB0_WPTR] = (uint32_t)wptr;
    d->regs[mmCP_RB0_WPTR_HI] = (uint32_t)(wptr >> 32);
    gfx_prepare(d, q);
    q->ring.wptr = (uint32_t)wptr & (q->ring.size_dw - 1);
    if (AEMU_REG_GET(d->regs[mmCP_RB0_CNTL], CP_RB0_CNTL, RB_RPTR_WR_ENA)) {
        aemu_cp_queue_set_rptr(q, q->ring.wptr);
    }
    kick(d, q);
}

static void rb_wptr_write(AemuDevice *d, uint32_t dw, uint32_t value)
{
    uint64_t wptr = (uint64_t)d->regs[mmCP_RB0_WPTR_HI] << 32 | value;

    gfx_set_wptr(d, dw == mmCP_RB0_WPTR ? wptr
                 : (uint64_t)value << 32 | d->regs[mmCP_RB0_WPTR]);
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

static void gfx_doorbell(AemuDevice *d, void *opaque, uint64_t offset,
                         uint64_t value, unsigned size)
{
    if (offset != 0 || (size != 4 && size != 8)) {
        aemu_guest_error(d, "gfx doorbell write of %u bytes at +0x%"
                         G_GINT64_MODIFIER "x ignored", size, offset);
        return;
    }
    AEMU_TRACE(d, doorbell, cp_state(d)->gfx_doorbell, value, "gfx");
    gfx_set_wptr(d, size == 8 ? value : (uint32_t)value);
}

/*
 * CP_RB_DOORBELL_CONTROL: DOORBELL_OFFSET holds the doorbell index << 2,
 * the byte offset in BAR2 (0x116 << 2, gfx_v9_0_cp_gfx_set_doorbell).
 */
static void rb_doorbell_control_write(AemuDevice *d, uint32_t dw,
                                      uint32_t value)
{
    AemuCp9 *cp = cp_state(d);

    d->regs[dw] = value;
    if (AEMU_REG_GET(value, CP_RB_DOORBELL_CONTROL, DOORBELL_EN)) {
        cp->gfx_doorbell = value & CP_RB_DOORBELL_CONTROL__DOORBELL_OFFSET_MASK;
        aemu_doorbell_claim(d, cp->gfx_doorbell, CP_DOORBELL_BYTES,
                            gfx_doorbell, &cp->gfx, "cp-gfx");
    } else {
        cp->gfx_doorbell = ~0ull;
        aemu_doorbell_release(d, gfx_doorbell, &cp->gfx);
    }
}

/* ---- The compute queues (HQDs) --------------------------------------- */

/* The HQD mechanics are cp_hqd.c's; these are GC 9.0's registers for them. */
static AemuMemStatus mqd_save(AemuDevice *d, AemuCpQueue *q, uint64_t *mqd);

static const AemuHqdRegs gfx9_hqd_regs = {
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
    .pq_wptr = mmCP_HQD_PQ_WPTR_LO,
    .pq_wptr_hi = mmCP_HQD_PQ_WPTR_HI,
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
    .aql_control = mmCP_HQD_AQL_CONTROL,
    .aql_enable_mask = CP_HQD_AQL_CONTROL__CONTROL0_MASK,
    .mec_cntl = mmCP_MEC_CNTL,
    .mec_me1_halt_mask = CP_MEC_CNTL__MEC_ME1_HALT_MASK,
    .mec_me2_halt_mask = CP_MEC_CNTL__MEC_ME2_HALT_MASK,
    .mec_me1_header_dump = mmCP_MEC_ME1_HEADER_DUMP,
    .mec_me2_header_dump = mmCP_MEC_ME2_HEADER_DUMP,
    /*
     * gfx_v9_0_set_compute_eop_interrupt_state enables MEC1 pipes only
     * ("invalid me" for MEC2), so the KIQ's fences are polled
     * (gfx_v9_0_ring_emit_fence_kiq writes memory, no interrupt).
     */
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

static void hqd_dequeue_write(AemuDevice *d, uint32_t dw, uint32_t value)
{
    aemu_hqd_dequeue_write(d, &cp_state(d)->hqds, dw, value);
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
 * The MEC's doorbell range: a write at the byte offset an active HQD's
 * CP_HQD_PQ_DOORBELL_CONTROL.DOORBELL_OFFSET names (index << 2) is that
 * queue's 64-bit write pointer. Doorbells no queue listens to are
 * dropped, as on hardware.
 */
static void mec_doorbell(AemuDevice *d, void *opaque, uint64_t offset,
                         uint64_t value, unsigned size)
{
    AemuCp9 *cp = opaque;
    uint64_t at = offset;   /* the claim is the whole BAR */

    if ((size != 4 && size != 8) || (offset & 3)) {
        aemu_guest_error(d, "doorbell write of %u bytes at 0x%"
                         G_GINT64_MODIFIER "x ignored", size, at);
        return;
    }
    if (!aemu_hqd_doorbell(d, &cp->hqds, at,
                           size == 8 ? value : (uint32_t)value)) {
        AEMU_TRACE(d, doorbell, at, value, "none");
        /* A queue of the runlist waiting for an HQD asks for a turn. */
        aemu_hws_doorbell(d, &cp->hws, (uint32_t)at);
    }
}

/*
 * CP_MEC_DOORBELL_RANGE_LOWER/UPPER (gfx_v9_0_kiq_init_register: 0 and
 * userqueue_end << 3): which doorbells wake GC out of coarse-grain power
 * gating ("ringing doorbell > first page doesn't wakeup GC", the comment
 * there). Without power gating they do not limit what reaches the MEC:
 * KFD's HIQ and user-queue doorbells are above that range and work. Once
 * the driver set the range the MEC is up: it takes every doorbell no
 * other engine claims.
 */
static void mec_doorbell_range_write(AemuDevice *d, uint32_t dw,
                                     uint32_t value)
{
    AemuCp9 *cp = cp_state(d);

    d->regs[dw] = value;
    aemu_doorbell_claim_fallback(d, mec_doorbell, cp, "cp-mec");
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

/* ---- The KIQ's packets ----------------------------------------------- */

/*
 * SET_RESOURCES: the queues and VMIDs the KIQ manages, or on the HIQ the
 * hardware scheduler's.
 */
AemuStep aemu_gfx_v9_kiq_set_resources(AemuDevice *d, AemuPm4Packet *p)
{
    AemuCp9 *cp = cp_state(d);

    if (is_hiq(p->q)) {
        return aemu_hws_set_resources(d, &cp->hws, p);
    }
    cp->vmid_mask = p->body[0] & PM4_SET_RESOURCES_VMID_MASK_MASK;
    cp->queue_mask = (uint64_t)p->body[2] << 32 | p->body[1];
    cp->resources_set = true;
    return AEMU_STEP_DONE;
}

/* Read the MQD's HQD image (host order); false with *r set on a fault. */
static bool mqd_read(AemuDevice *d, AemuPm4Packet *p, uint64_t mqd,
                     uint32_t *img, AemuStep *r)
{
    if (aemu_hqd_mqd_read(d, &cp_state(d)->hqds, p->vmid, mqd, img,
                          &p->q->ring.client) != AEMU_MEM_OK) {
        *r = aemu_pm4_fail(d, p, AEMU_CP_ERR_MEMORY,
                           "read of the MQD at 0x%" G_GINT64_MODIFIER
                           "x faulted", mqd);
        return false;
    }
    return true;
}

/*
 * Load the MQD's HQD image into q with doorbell db (enabled: KFD's MQDs
 * leave DOORBELL_EN to whoever loads them) and start it, in vmid
 * (CP_HQD_VMID: KFD leaves it 0 under HWS; the scheduler sets the
 * process's). A write pointer at wptr_addr (read in wptr_vmid; 0: none)
 * replaces the image's: an AQL queue's is its write_dispatch_id, in
 * packets, the HQD's in dwords.
 */
static bool load_hqd(AemuDevice *d, AemuPm4Packet *p, AemuCpQueue *q,
                     uint64_t mqd, uint32_t db, uint64_t wptr_addr,
                     unsigned wptr_vmid, unsigned vmid, AemuStep *r)
{
    uint32_t img[AEMU_HQD_MQD_MAX_REGS];
    uint64_t wptr;

    if (!mqd_read(d, p, mqd, img, r)) {
        return false;
    }
    if (vmid) {
        img[mmCP_HQD_VMID - mmCP_MQD_BASE_ADDR] =
            AEMU_REG_SET(img[mmCP_HQD_VMID - mmCP_MQD_BASE_ADDR], CP_HQD_VMID,
                         VMID, vmid);
    }
    if (wptr_addr) {
        if (aemu_gpu_read(d, wptr_vmid, wptr_addr & ~3ull, &wptr, 8,
                          &p->q->ring.client) != AEMU_MEM_OK) {
            *r = aemu_pm4_fail(d, p, AEMU_CP_ERR_MEMORY,
                               "read of the write pointer at 0x%"
                               G_GINT64_MODIFIER "x faulted", wptr_addr);
            return false;
        }
        wptr = GUINT64_FROM_LE(wptr);
        if (img[mmCP_HQD_AQL_CONTROL - mmCP_MQD_BASE_ADDR] &
            CP_HQD_AQL_CONTROL__CONTROL0_MASK) {
            wptr *= AEMU_AQL_PACKET_DW;
        }
        img[mmCP_HQD_PQ_WPTR_LO - mmCP_MQD_BASE_ADDR] = (uint32_t)wptr;
        img[mmCP_HQD_PQ_WPTR_HI - mmCP_MQD_BASE_ADDR] = (uint32_t)(wptr >> 32);
    }
    aemu_hqd_mqd_load(d, q, img, db);
    return true;
}

/*
 * MAP_QUEUES (gfx_v9_0_kiq_map_queues, kgd_gfx_v9_hiq_mqd_load): load the
 * MQD's HQD image into the queue's registers, with the packet's doorbell
 * (enabled: KFD's MQDs leave DOORBELL_EN to whoever loads them), and start
 * the queue. The image's CP_HQD_ACTIVE is 0 for a KCQ ("map_queues packet
 * doesn't need activate the queue", gfx_v9_0_mqd_init): mapping activates
 * it. The write pointer is read from WPTR_ADDR, where the driver stores it
 * before it rings: KFD rings the HIQ right after it queued the MAP_QUEUES
 * on the KIQ, without waiting, so that doorbell can come first and find no
 * queue (inferred: the firmware polls that address for the queue; the MQD
 * image's CP_HQD_PQ_WPTR is the value at MQD creation). ENGINE_SEL HIQ
 * makes the queue the hardware scheduler's.
 */
AemuStep aemu_gfx_v9_kiq_map_queues(AemuDevice *d, AemuPm4Packet *p)
{
    AemuCp9 *cp = cp_state(d);
    uint32_t ctl = p->body[0];
    uint64_t mqd = aemu_addr64(p->body[2], p->body[3]) & ~3ull;
    uint64_t wptr_addr = aemu_addr64(p->body[4], p->body[5]) & ~3ull;
    unsigned engine = PM4_MAP_QUEUES_ENGINE_SEL(ctl);
    bool hiq = engine == PM4_MAP_QUEUES_ENGINE_HIQ;
    AemuStep r = AEMU_STEP_DONE;
    AemuCpQueue *q;

    if (is_hiq(p->q)) {
        return aemu_pm4_unimp(d, p, AEMU_CP_ERR_OPCODE,
                              "on the HIQ outside a runlist is not "
                              "modelled (KFD maps user queues in RUN_LIST "
                              "IBs)");
    }
    if (PM4_MAP_QUEUES_QUEUE_SEL(ctl) != PM4_MAP_QUEUES_SEL_SPECIFIED ||
        PM4_MAP_QUEUES_NUM_QUEUES(ctl) != 1 ||
        PM4_MAP_QUEUES_QUEUE_TYPE(ctl) != 0 ||
        (engine != PM4_MAP_QUEUES_ENGINE_COMPUTE && !hiq)) {
        return aemu_pm4_unimp(d, p, AEMU_CP_ERR_OPCODE,
                              "control 0x%08x: only one compute queue at a "
                              "given ME/pipe/queue is modelled", ctl);
    }
    /* ME 0 is MEC1 in the packet (gfx_v9_0_kiq_map_queues). */
    q = aemu_hqd_at(&cp->hqds, PM4_MAP_QUEUES_ME(ctl) + 1, PM4_MAP_QUEUES_PIPE(ctl),
               PM4_MAP_QUEUES_QUEUE(ctl));
    if (!q || is_kiq(q)) {
        return aemu_pm4_fail(d, p, AEMU_CP_ERR_OPCODE,
                             "maps a queue that does not exist or is the "
                             "KIQ (control 0x%08x)", ctl);
    }
    if (hiq || is_hiq(q)) {
        /* A new HIQ starts a new scheduler; a compute queue ends it. */
        set_hiq(q, hiq);
        aemu_hws_reset(&cp->hws);
    }
    load_hqd(d, p, q, mqd, p->body[1] & PM4_DOORBELL_OFFSET_MASK,
             hiq ? wptr_addr : 0, p->vmid, 0, &r);
    return r;
}

static bool unmap_one(AemuDevice *d, AemuPm4Packet *p, AemuCpQueue *q,
                      AemuStep *r);

/*
 * The scheduler's queue-mask bit of an HQD, as SET_RESOURCES numbers them
 * (amdgpu_queue_mask_bit_to_set_resource_bit): MEC, pipe, queue.
 */
static AemuCpQueue *hws_queue_at(AemuHqds *hqds, unsigned bit)
{
    unsigned per_mec = AEMU_HQD_MAX_PIPES * AEMU_HQD_MAX_QUEUES;

    return aemu_hqd_at(hqds, bit / per_mec + 1,
                       bit / AEMU_HQD_MAX_QUEUES % AEMU_HQD_MAX_PIPES,
                       bit % AEMU_HQD_MAX_QUEUES);
}

AemuCpQueue *aemu_gfx_v9_hws_load_hqd(AemuDevice *d, AemuPm4Packet *p,
                                      const AemuHws *hws,
                                      const AemuHwsQueue *hq, unsigned vmid,
                                      AemuStep *r)
{
    AemuCp9 *cp = cp_state(d);

    *r = AEMU_STEP_DONE;
    for (uint64_t m = hws->queue_mask; m; m &= m - 1) {
        AemuCpQueue *q = hws_queue_at(&cp->hqds, (unsigned)__builtin_ctzll(m));

        if (!q || is_kiq(q) || is_hiq(q) || aemu_hqd_active(d, q)) {
            continue;
        }
        return load_hqd(d, p, q, hq->mqd, hq->doorbell, hq->wptr_addr,
                        vmid, vmid, r) ? q : NULL;
    }
    return NULL;
}

/*
 * Whether a mapped user queue has nothing to run: its read index has
 * reached the write pointer the user last stored (at wptr_addr in vmid:
 * an AQL queue's write_dispatch_id in packets, a PM4 queue's in dwords),
 * which a doorbell may not have announced yet. An unreadable pointer
 * counts as work, so the queue keeps its turn.
 */
bool aemu_gfx_v9_hws_hqd_idle(AemuDevice *d, AemuPm4Packet *p,
                              AemuCpQueue *q, uint64_t wptr_addr,
                              unsigned vmid)
{
    uint64_t wptr;

    if (!aemu_cp_queue_quiet(q)) {
        return false;
    }
    if (!wptr_addr) {
        return q->aql ? q->aql_read == q->aql_write
                      : q->ring.rptr == q->ring.wptr;
    }
    if (aemu_gpu_read(d, vmid, wptr_addr & ~3ull, &wptr, sizeof(wptr),
                      &p->q->ring.client) != AEMU_MEM_OK) {
        return false;
    }
    wptr = GUINT64_FROM_LE(wptr);
    if (q->aql) {
        return q->aql_read >= wptr;
    }
    return q->ring.rptr == (uint32_t)(wptr & (q->ring.size_dw - 1));
}

bool aemu_gfx_v9_hws_save_hqd(AemuDevice *d, AemuPm4Packet *p,
                              AemuCpQueue *hqd, AemuStep *r)
{
    return unmap_one(d, p, hqd, r);
}

/*
 * Write a stopped HQD's registers back into its MQD (CP_MQD_BASE_ADDR, a
 * kernel address), where a later MAP_QUEUES or KFD's hqd_load finds them.
 */
static AemuMemStatus mqd_save(AemuDevice *d, AemuCpQueue *q, uint64_t *mqd)
{
    uint32_t img[MQD_HQD_REGS];

    for (unsigned i = 0; i < MQD_HQD_REGS; i++) {
        img[i] = GUINT32_TO_LE(aemu_hqd_get(d, q, mmCP_MQD_BASE_ADDR + i));
    }
    *mqd = aemu_addr64(aemu_hqd_get(d, q, mmCP_MQD_BASE_ADDR),
                       aemu_hqd_get(d, q, mmCP_MQD_BASE_ADDR_HI)) & ~3ull;
    return aemu_gpu_write(d, 0, *mqd + 4ull * MQD_HQD_DW, img, sizeof(img),
                          &q->ring.client);
}

/* Save an HQD into its MQD (CP_MQD_BASE_ADDR) and stop it. */
static bool unmap_one(AemuDevice *d, AemuPm4Packet *p, AemuCpQueue *q,
                      AemuStep *r)
{
    uint64_t mqd;

    aemu_hqd_deactivate(d, q);
    if (is_hiq(q)) {
        /* The scheduler goes with its queue (amdgpu_amdkfd_unmap_hiq). */
        set_hiq(q, false);
        aemu_hws_reset(&cp_state(d)->hws);
    }
    if (mqd_save(d, q, &mqd) != AEMU_MEM_OK) {
        *r = aemu_pm4_fail(d, p, AEMU_CP_ERR_MEMORY,
                           "write of the MQD at 0x%" G_GINT64_MODIFIER
                           "x faulted", mqd);
        return false;
    }
    return true;
}

/*
 * UNMAP_QUEUES (gfx_v9_0_kiq_unmap_queues): cp_kiq.c's selection; on the
 * HIQ it is the hardware scheduler's.
 */
AemuStep aemu_gfx_v9_kiq_unmap_queues(AemuDevice *d, AemuPm4Packet *p)
{
    AemuCp9 *cp = cp_state(d);

    if (is_hiq(p->q)) {
        return aemu_hws_unmap_queues(d, &cp->hws, p);
    }
    return aemu_kiq_unmap_queues(d, &cp->hqds, p, PM4_DOORBELL_OFFSET_MASK,
                                 unmap_one);
}

/*
 * QUERY_STATUS on the KIQ (gfx_v9_0_kiq_query_status) or the HIQ
 * (pm_query_status_v9): once the queue's earlier packets are done -- at
 * once here, as every packet completes when it runs -- do what COMMAND
 * says: write the 64-bit DATA to ADDR (KFD polls it for
 * KFD_FENCE_COMPLETED), send the interrupt CP_COMPUTE_QUERY_STATUS with
 * CONTEXT_ID (not gated by the pipe's interrupt enables: inferred, no
 * driver enables it), or both. INTERRUPT_SEL picks what is reported:
 * only the completion of the earlier packets (what both drivers ask) is
 * modelled, not a process's or a queue's status.
 */
AemuStep aemu_gfx_v9_kiq_query_status(AemuDevice *d, AemuPm4Packet *p)
{
    uint32_t ctl = p->body[0];
    unsigned cmd = PM4_QUERY_STATUS_COMMAND(ctl);
    uint64_t addr = aemu_addr64(p->body[2], p->body[3]) & ~3ull;
    uint64_t data = GUINT64_TO_LE(aemu_addr64(p->body[4], p->body[5]));

    if (PM4_QUERY_STATUS_INTERRUPT_SEL(ctl) !=
        PM4_QUERY_STATUS_SEL_COMPLETION) {
        return aemu_pm4_unimp(d, p, AEMU_CP_ERR_OPCODE,
                              "INTERRUPT_SEL %u (process or queue status) "
                              "is not modelled",
                              PM4_QUERY_STATUS_INTERRUPT_SEL(ctl));
    }
    if (cmd != PM4_QUERY_STATUS_CMD_INTERRUPT_ONLY &&
        aemu_gpu_write(d, p->vmid, addr, &data, 8, &p->q->ring.client) !=
        AEMU_MEM_OK) {
        return aemu_pm4_fail(d, p, AEMU_CP_ERR_MEMORY,
                             "write at 0x%" G_GINT64_MODIFIER "x faulted",
                             addr);
    }
    if (cmd == PM4_QUERY_STATUS_CMD_INTERRUPT_ONLY ||
        cmd == PM4_QUERY_STATUS_CMD_FENCE_AND_INT) {
        AemuIvEntry iv = {
            .client_id = SOC15_IH_CLIENTID_GRBM_CP,
            .src_id = GFX_9_0__SRCID__CP_COMPUTE_QUERY_STATUS,
            .ring_id = (p->q->queue & 7) << IV_RING_ID_QUEUE_SHIFT |
                       (p->q->me & 3) << IV_RING_ID_ME_SHIFT |
                       (p->q->pipe & 3) << IV_RING_ID_PIPE_SHIFT,
            .src_data[0] = PM4_QUERY_STATUS_CONTEXT_ID(ctl),
        };

        aemu_irq_post(d, &iv);
    }
    return AEMU_STEP_DONE;
}

const AemuHws *aemu_gfx_v9_hws(AemuDevice *d)
{
    return &cp_state(d)->hws;
}

/* RUN_LIST: the HIQ only (the table says so). */
AemuStep aemu_gfx_v9_hws_run_list(AemuDevice *d, AemuPm4Packet *p)
{
    return aemu_hws_run_list(d, &cp_state(d)->hws, p);
}

/*
 * MAP_PROCESS is a runlist entry (gfx_v9_hws.c parses it there); KFD never
 * sends it on the HIQ's ring itself.
 */
AemuStep aemu_gfx_v9_hws_map_process(AemuDevice *d, AemuPm4Packet *p)
{
    return aemu_pm4_unimp(d, p, AEMU_CP_ERR_OPCODE,
                          "on the HIQ's ring (not in a runlist) is not "
                          "modelled");
}

/*
 * INVALIDATE_TLBS (gfx_v9_0_kiq_invalidate_tlbs, a PASID flush): the
 * model's TLBs are the translation caches, dropped whole.
 */
AemuStep aemu_gfx_v9_kiq_invalidate_tlbs(AemuDevice *d, AemuPm4Packet *p)
{
    aemu_xlate_invalidate(d);
    return AEMU_STEP_DONE;
}

/*
 * The scheduler's switching between more queues than HQDs (gfx_v9_hws.c),
 * as an engine of its own: woken at the end of a quantum, by a waiting
 * queue's doorbell, or each slice while a preempted queue drains. Its
 * reports go to the HIQ, where the firmware's would.
 */
static bool hws_engine_run(AemuDevice *d, AemuEngine *e, unsigned *budget)
{
    AemuCp9 *cp = e->opaque;
    AemuPm4Packet p = {
        .name = "the scheduler's queue switch",
        .header = PACKET3(PACKET3_RUN_LIST, PM4_RUN_LIST_BODY - 1),
        .opcode = PACKET3_RUN_LIST,
    };

    *budget -= MIN(*budget, 1u);
    aemu_for_each_hqd(&cp->hqds, q) {
        if (is_hiq(q) && aemu_hqd_active(d, q) && !q->ring.hung) {
            p.q = q;
        }
    }
    return p.q && aemu_hws_schedule(d, &cp->hws, &p);
}

/* ---- Resets and status ----------------------------------------------- */

static void reset_units(AemuDevice *d, AemuCp9 *cp, uint32_t units)
{
    if (units & AEMU_UNIT_MASK(AEMU_UNIT_CP_MEC2)) {
        aemu_for_each_hqd(&cp->hqds, q) {
            if (is_hiq(q)) {
                set_hiq(q, false);
            }
        }
        aemu_hws_reset(&cp->hws);
    }
    if (units & AEMU_UNIT_MASK(AEMU_UNIT_CP_GFX)) {
        aemu_cp_queue_reset(&cp->gfx);
        d->regs[mmCP_RB0_WPTR] = 0;
        d->regs[mmCP_RB0_WPTR_HI] = 0;
        d->regs[mmCP_INT_STATUS_RING0] = 0;
    }
    aemu_hqds_reset(d, &cp->hqds, units);
}

/* gfx_v9_0_soft_reset: GRBM_SOFT_RESET's CP bits (status.c). */
static void cp_soft_reset(AemuDevice *d, void *priv, uint32_t units)
{
    reset_units(d, priv, units);
}

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

static uint32_t cp_stat_read(AemuDevice *d, uint32_t dw)
{
    return gfx_busy(d) ? CP_STAT__CP_BUSY_MASK | CP_STAT__ME_BUSY_MASK |
                         CP_STAT__PFP_BUSY_MASK : 0;
}

static uint32_t cp_cpc_status_read(AemuDevice *d, uint32_t dw)
{
    unsigned busy = mecs_busy(d);

    return (busy ? CP_CPC_STATUS__CPC_BUSY_MASK : 0) |
           (busy & 1 ? CP_CPC_STATUS__MEC1_BUSY_MASK : 0) |
           (busy & 2 ? CP_CPC_STATUS__MEC2_BUSY_MASK : 0);
}

#define HANDLER(n, r, w) \
    static const AemuRegHandler n = { .block = "cp", .read = r, .write = w }

HANDLER(rb_wptr, NULL, rb_wptr_write);
HANDLER(rb_rptr, rb_rptr_read, aemu_reg_ignore_write);
HANDLER(rb_doorbell_control, NULL, rb_doorbell_control_write);
HANDLER(me_cntl, NULL, me_cntl_write);
HANDLER(hqd_active_reg, NULL, hqd_active_write);
HANDLER(hqd_dequeue, NULL, hqd_dequeue_write);
HANDLER(hqd_rptr, hqd_rptr_read, hqd_rptr_write);
HANDLER(hqd_wptr_reg, NULL, hqd_wptr_write);
HANDLER(mec_cntl, NULL, mec_cntl_write);
HANDLER(mec_doorbell_range, NULL, mec_doorbell_range_write);
HANDLER(cp_stat, cp_stat_read, aemu_reg_ignore_write);
HANDLER(cp_cpc_status, cp_cpc_status_read, aemu_reg_ignore_write);
HANDLER(cpc_int_cntl, cpc_int_cntl_read, cpc_int_cntl_write);

static void cp_init(AemuDevice *d, void *priv)
{
    AemuCp9 *cp = priv;
    AemuCpQueue *kiq;

    aemu_sh_processor_init(d, AEMU_SH_GFX9, sq_interrupt);
    cp->hws_engine = (AemuEngine) {
        .name = "hws", .run = hws_engine_run, .opaque = cp,
        .self_timed = true,
    };
    aemu_engine_register(d, &cp->hws_engine);
    cp->hws.engine = &cp->hws_engine;
    cp->gfx_doorbell = ~0ull;
    aemu_cp_queue_init(d, &cp->gfx, &cp->shared, &aemu_pm4_gfx9, &gfx_ops,
                       AEMU_PM4_Q_GFX, 0, 0, 0);
    aemu_hqds_init(d, &cp->hqds, &gfx9_hqd_regs, &cp->shared,
                   &aemu_pm4_gfx9);
    kiq = aemu_hqd_at(&cp->hqds, KIQ_ME, KIQ_PIPE, KIQ_QUEUE);
    if (kiq) {
        kiq->kind |= AEMU_PM4_Q_KIQ;
        g_snprintf(kiq->ring.name, sizeof(kiq->ring.name), "kiq_%u.%u.%u",
                   KIQ_ME, KIQ_PIPE, KIQ_QUEUE);
    }

    aemu_reg_claim(d, mmCP_RB0_WPTR, &rb_wptr);
    aemu_reg_claim(d, mmCP_RB0_WPTR_HI, &rb_wptr);
    aemu_reg_claim(d, mmCP_RB0_RPTR, &rb_rptr);
    aemu_reg_claim(d, mmCP_RB_DOORBELL_CONTROL, &rb_doorbell_control);
    aemu_reg_claim(d, mmCP_ME_CNTL, &me_cntl);
    aemu_reg_claim(d, mmCP_HQD_ACTIVE, &hqd_active_reg);
    aemu_reg_claim(d, mmCP_HQD_DEQUEUE_REQUEST, &hqd_dequeue);
    aemu_reg_claim(d, mmCP_HQD_PQ_RPTR, &hqd_rptr);
    aemu_reg_claim(d, mmCP_HQD_PQ_WPTR_LO, &hqd_wptr_reg);
    aemu_reg_claim(d, mmCP_HQD_PQ_WPTR_HI, &hqd_wptr_reg);
    aemu_reg_claim(d, mmCP_MEC_CNTL, &mec_cntl);
    aemu_reg_claim(d, mmCP_MEC_DOORBELL_RANGE_LOWER, &mec_doorbell_range);
    aemu_reg_claim(d, mmCP_MEC_DOORBELL_RANGE_UPPER, &mec_doorbell_range);
    aemu_reg_claim(d, mmCP_STAT, &cp_stat);
    aemu_reg_claim(d, mmCP_CPC_STATUS, &cp_cpc_status);
    aemu_reg_claim(d, mmCPC_INT_CNTL, &cpc_int_cntl);
}

/* Out of reset the micro engines are halted until the driver starts them. */
static void cp_reset(AemuDevice *d, void *priv, AemuResetKind kind)
{
    AemuCp9 *cp = priv;

    aemu_sh_processor_reset(d);
    reset_units(d, cp, AEMU_UNITS_CP);
    memset(cp->shared.ce_ram, 0, sizeof(cp->shared.ce_ram));
    cp->queue_mask = 0;
    cp->vmid_mask = 0;
    cp->resources_set = false;
    cp->gfx_doorbell = ~0ull;
    aemu_doorbell_release(d, gfx_doorbell, &cp->gfx);
    aemu_doorbell_release(d, mec_doorbell, cp);
    d->regs[mmCP_ME_CNTL] = CP_ME_CNTL__ME_HALT_MASK |
                            CP_ME_CNTL__PFP_HALT_MASK |
                            CP_ME_CNTL__CE_HALT_MASK;
    d->regs[mmCP_MEC_CNTL] = CP_MEC_CNTL__MEC_ME1_HALT_MASK |
                             CP_MEC_CNTL__MEC_ME2_HALT_MASK;
}

static void cp_fini(AemuDevice *d, void *priv)
{
    AemuCp9 *cp = priv;

    /* The queues drop the dispatches they wait for. */
    reset_units(d, cp, AEMU_UNITS_CP);
    aemu_sh_processor_fini(d);
    aemu_doorbell_release(d, gfx_doorbell, &cp->gfx);
    aemu_doorbell_release(d, mec_doorbell, cp);
}

/* The MEC's catch-all doorbell claim is in the router. */
static bool mec_doorbell_claimed(AemuDevice *d, AemuCp9 *cp)
{
    for (unsigned i = 0; i < d->num_doorbells; i++) {
        if (d->doorbells[i].fn == mec_doorbell &&
            d->doorbells[i].opaque == cp) {
            return true;
        }
    }
    return false;
}

/*
 * Snapshots (state.h): the CE RAM, the gfx ring, every HQD (the KIQ and
 * the HIQ among them), SET_RESOURCES, the hardware scheduler; the gfx
 * ring's and the MEC's doorbell claims are made again.
 */
static void cp_state_io(AemuDevice *d, void *priv, AemuStateIo *s)
{
    AemuCp9 *cp = priv;
    bool mec_claimed = mec_doorbell_claimed(d, cp);

    AEMU_STATE(s, cp->shared.ce_ram);
    aemu_cp_queue_state(s, &cp->gfx);
    aemu_hqds_state(s, &cp->hqds);
    AEMU_STATE(s, cp->queue_mask);
    AEMU_STATE(s, cp->vmid_mask);
    AEMU_STATE_BOOL(s, cp->resources_set);
    AEMU_STATE(s, cp->gfx_doorbell);
    aemu_hws_state(s, &cp->hws, &cp->hqds);
    AEMU_STATE_BOOL(s, mec_claimed);
    if (!aemu_state_loading(s) || aemu_state_failed(s)) {
        return;
    }
    if (cp->gfx_doorbell != ~0ull) {
        if (cp->gfx_doorbell >= d->pci.doorbell_size) {
            aemu_state_fail(s, "corrupt state: gfx doorbell 0x%" PRIx64,
                            cp->gfx_doorbell);
            return;
        }
        aemu_doorbell_claim(d, cp->gfx_doorbell, CP_DOORBELL_BYTES,
                            gfx_doorbell, &cp->gfx, "cp-gfx");
    }
    if (mec_claimed) {
        aemu_doorbell_claim_fallback(d, mec_doorbell, cp, "cp-mec");
    }
}

const AemuIpBlockFuncs aemu_gfx_v9_cp_funcs = {
    .name = "gfx_v9_0_cp",
    .type = AEMU_BLOCK_CP,
    .major = 9, .minor = 0,
    .priv_size = sizeof(AemuCp9),
    .init = cp_init,
    .reset = cp_reset,
    .soft_reset = cp_soft_reset,
    .busy = cp_busy,
    .fini = cp_fini,
    .state = cp_state_io,
    .state_version = 1,
};
