/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * amdgpu-emu core: the GFX 8.0 command processor's queues of Topaz,
 * gfx_v8_0.c's. The queues are cp_gfx7_body.h's on VI's offsets: the gfx
 * ring (no doorbell on Topaz, "no gfx doorbells on iceland": its write
 * pointer is CP_RB0_WPTR, as on CIK) and one MEC of 4 pipes x 8 HQDs.
 * What gfx8 adds is the kernel interface queue, the KIQ:
 *  - which HQD it is, the driver tells the RLC (gfx_v8_0_kiq_setting:
 *    RLC_CP_SCHEDULERS scheduler0 = ME, pipe and queue, then its valid
 *    bit), and then programs that HQD by registers from the KIQ's MQD
 *    (gfx_v8_0_mqd_commit, CP_HQD_ACTIVE last): cp_hqd.c's path;
 *  - the kernel compute queues it maps from their MQDs
 *    (gfx_v8_0_kiq_kcq_enable): SET_RESOURCES names the queues it manages,
 *    one MAP_QUEUES per queue loads struct vi_mqd's HQD image
 *    (cp_mqd_base_addr_lo at dword 128, CP_MQD_BASE_ADDR .. CP_HQD_ERROR)
 *    with cp_hqd.c's loader, the one gfx9's KIQ uses; UNMAP_QUEUES
 *    (gfx_v8_0_kcq_disable) stops them and writes their position back.
 * The IVs carry the queue in ring_id [6:4] (gfx_v8_0_eop_irq).
 *
 * The waves run as gfx9's (AEMU_SH_GFX9): the interpreter has no gfx8
 * table, and GCN3's encodings are the ones gfx9 extended (SMEM, VOP3,
 * FLAT without its segments). The probe and the ring and IB tests run no
 * shader; a gfx8 opcode gfx9 renumbered would stop its wave visibly.
 */
#include "amdgpu-emu/regs/topaz_regs.h"
#include "amdgpu-emu/regs/topaz_fields.h"
#include "cp_pm4.h"
#include "pm4_vi.h"
#include "cp_kiq.h"

/* IV ring_id of a CP source: pipe [1:0], ME [3:2], queue [6:4]. */
#define IV_RING_ID_PIPE_SHIFT   0
#define IV_RING_ID_ME_SHIFT     2
#define IV_RING_ID_QUEUE_SHIFT  4

static uint8_t ring_id(const AemuCpQueue *q)
{
    return (q->queue & 7) << IV_RING_ID_QUEUE_SHIFT |
           (q->me & 3) << IV_RING_ID_ME_SHIFT |
           (q->pipe & 3) << IV_RING_ID_PIPE_SHIFT;
}

#define CP_PM4_ISA      (&aemu_pm4_gfx8)
#define CP_SH_GEN       AEMU_SH_GFX9
/* struct vi_mqd: the HQD image from dword 128 on, up to CP_HQD_ERROR. */
#define MQD_HQD_DW      128
#define MQD_HQD_REGS    (mmCP_HQD_ERROR - mmCP_MQD_BASE_ADDR + 1)
/* What SET_RESOURCES gave the KIQ: the queues it may map, the VMIDs. */
#define CP_CHIP_FIELDS \
    uint64_t kiq_queue_mask; \
    uint32_t kiq_vmid_mask; \
    bool kiq_resources_set;

#include "cp_gfx7_body.h"

/*
 * RLC_CP_SCHEDULERS.scheduler0 as gfx_v8_0_kiq_setting writes it: queue
 * [2:0], pipe [4:3], ME [6:5], and bit 7 once it is the KIQ.
 */
#define KIQ_SCHED_QUEUE(v)      ((v) & 0x7u)
#define KIQ_SCHED_PIPE(v)       (((v) >> 3) & 0x3u)
#define KIQ_SCHED_ME(v)         (((v) >> 5) & 0x3u)
#define KIQ_SCHED_VALID         0x80u

#define KIQ_NAME_FMT            "kiq_%u.%u.%u"
#define HQD_NAME_FMT            "comp_%u.%u.%u"

static bool is_kiq(const AemuCpQueue *q)
{
    return q->kind & AEMU_PM4_Q_KIQ;
}

/*
 * Make the HQD scheduler0 names the KIQ (and no other), or none while its
 * valid bit is clear: the KIQ takes the queue-management packets.
 */
static void kiq_select(AemuDevice *d, AemuCp *cp, uint32_t sched)
{
    uint32_t s0 = AEMU_REG_GET(sched, RLC_CP_SCHEDULERS, scheduler0);
    AemuCpQueue *kiq = NULL;

    if (s0 & KIQ_SCHED_VALID) {
        kiq = aemu_hqd_at(&cp->hqds, KIQ_SCHED_ME(s0), KIQ_SCHED_PIPE(s0),
                          KIQ_SCHED_QUEUE(s0));
        if (!kiq) {
            aemu_guest_error(d, "RLC_CP_SCHEDULERS names no HQD (0x%02x)",
                             s0);
        }
    }
    aemu_for_each_hqd(&cp->hqds, q) {
        bool on = q == kiq;

        if (on == is_kiq(q)) {
            continue;
        }
        q->kind = on ? q->kind | AEMU_PM4_Q_KIQ : q->kind & ~AEMU_PM4_Q_KIQ;
        g_snprintf(q->ring.name, sizeof(q->ring.name),
                   on ? KIQ_NAME_FMT : HQD_NAME_FMT, q->me, q->pipe,
                   q->queue);
    }
}

static void rlc_cp_schedulers_write(AemuDevice *d, uint32_t dw,
                                    uint32_t value)
{
    d->regs[dw] = value;
    kiq_select(d, cp_state(d), value);
}

HANDLER(rlc_cp_schedulers, NULL, rlc_cp_schedulers_write);

/* ---- The KIQ's packets ----------------------------------------------- */

/* SET_RESOURCES (gfx_v8_0_kiq_kcq_enable): the queues and VMIDs it manages. */
AemuStep aemu_gfx_v8_kiq_set_resources(AemuDevice *d, AemuPm4Packet *p)
{
    AemuCp *cp = cp_state(d);

    if (PM4_SET_RESOURCES_QUEUE_TYPE(p->body[0]) !=
        PM4_SET_RESOURCES_QUEUE_TYPE_KIQ) {
        return aemu_pm4_unimp(d, p, AEMU_CP_ERR_OPCODE,
                              "QUEUE_TYPE %u (only the KIQ's own resources "
                              "are modelled)",
                              PM4_SET_RESOURCES_QUEUE_TYPE(p->body[0]));
    }
    cp->kiq_vmid_mask = p->body[0] & PM4_SET_RESOURCES_VMID_MASK_MASK;
    cp->kiq_queue_mask = aemu_addr64(p->body[1], p->body[2]);
    cp->kiq_resources_set = true;
    return AEMU_STEP_DONE;
}

/*
 * The queue-mask bit of an HQD as SET_RESOURCES numbers them: MEC, pipe,
 * queue (amdgpu_gfx_mec_queue_to_bit with 4 pipes of 8 queues).
 */
static unsigned queue_bit(const AemuCpQueue *q)
{
    return ((q->me - 1) * AEMU_HQD_MAX_PIPES + q->pipe) *
           AEMU_HQD_MAX_QUEUES + q->queue;
}

/*
 * MAP_QUEUES (gfx_v8_0_kiq_kcq_enable): one compute queue, named in dword
 * 2 with its doorbell, loaded from its MQD and started. The KIQ maps only
 * the queues SET_RESOURCES gave it (inferred: the firmware manages those;
 * the driver always sends SET_RESOURCES first).
 */
AemuStep aemu_gfx_v8_kiq_map_queues(AemuDevice *d, AemuPm4Packet *p)
{
    AemuCp *cp = cp_state(d);
    uint32_t ctl = p->body[0], ctl2 = p->body[1];
    uint64_t mqd = aemu_addr64(p->body[2], p->body[3]) & ~3ull;
    uint32_t img[AEMU_HQD_MQD_MAX_REGS];
    AemuCpQueue *q;

    if (PM4_MAP_QUEUES_QUEUE_SEL(ctl) != PM4_MAP_QUEUES_SEL_SPECIFIED ||
        PM4_MAP_QUEUES_NUM_QUEUES(ctl) != 1 ||
        PM4_MAP_QUEUES_QUEUE_TYPE(ctl) != 0 ||
        PM4_MAP_QUEUES_ENGINE_SEL(ctl) != PM4_MAP_QUEUES_ENGINE_COMPUTE) {
        return aemu_pm4_unimp(d, p, AEMU_CP_ERR_OPCODE,
                              "control 0x%08x: only one compute queue at a "
                              "given ME/pipe/queue is modelled", ctl);
    }
    /* ME 0 is MEC1 in the packet. */
    q = aemu_hqd_at(&cp->hqds, PM4_VI_MAP_QUEUES_ME(ctl2) + 1,
                    PM4_VI_MAP_QUEUES_PIPE(ctl2),
                    PM4_VI_MAP_QUEUES_QUEUE(ctl2));
    if (!q || is_kiq(q)) {
        return aemu_pm4_fail(d, p, AEMU_CP_ERR_OPCODE,
                             "maps a queue that does not exist or is the "
                             "KIQ (0x%08x)", ctl2);
    }
    if (!cp->kiq_resources_set ||
        !(cp->kiq_queue_mask >> queue_bit(q) & 1)) {
        return aemu_pm4_fail(d, p, AEMU_CP_ERR_OPCODE,
                             "maps %s, not among the queues SET_RESOURCES "
                             "gave the KIQ", q->ring.name);
    }
    if (aemu_hqd_mqd_read(d, &cp->hqds, p->vmid, mqd, img,
                          &p->q->ring.client) != AEMU_MEM_OK) {
        return aemu_pm4_fail(d, p, AEMU_CP_ERR_MEMORY,
                             "read of the MQD at 0x%" G_GINT64_MODIFIER
                             "x faulted", mqd);
    }
    aemu_hqd_mqd_load(d, q, img, ctl2 & PM4_VI_MAP_QUEUES_DOORBELL_MASK);
    return AEMU_STEP_DONE;
}

/* Stop a mapped queue and write where it stood into its MQD. */
static bool unmap_one(AemuDevice *d, AemuPm4Packet *p, AemuCpQueue *q,
                      AemuStep *r)
{
    uint64_t mqd;

    aemu_hqd_deactivate(d, q);
    if (mqd_save(d, q, &mqd) != AEMU_MEM_OK) {
        *r = aemu_pm4_fail(d, p, AEMU_CP_ERR_MEMORY,
                           "write of the MQD at 0x%" G_GINT64_MODIFIER
                           "x faulted", mqd);
        return false;
    }
    return true;
}

/* UNMAP_QUEUES (gfx_v8_0_kcq_disable): cp_kiq.c's selection. */
AemuStep aemu_gfx_v8_kiq_unmap_queues(AemuDevice *d, AemuPm4Packet *p)
{
    return aemu_kiq_unmap_queues(d, &cp_state(d)->hqds, p,
                                 PM4_VI_MAP_QUEUES_DOORBELL_MASK, unmap_one);
}

/* ---- The block ------------------------------------------------------- */

static void cp_v8_init(AemuDevice *d, void *priv)
{
    cp_init(d, priv);
    aemu_reg_claim(d, mmRLC_CP_SCHEDULERS, &rlc_cp_schedulers);
}

/* A reset forgets the KIQ: RLC_CP_SCHEDULERS reads its reset value. */
static void cp_v8_forget_kiq(AemuDevice *d, AemuCp *cp)
{
    cp->kiq_queue_mask = 0;
    cp->kiq_vmid_mask = 0;
    cp->kiq_resources_set = false;
    kiq_select(d, cp, d->regs[mmRLC_CP_SCHEDULERS]);
}

static void cp_v8_reset(AemuDevice *d, void *priv, AemuResetKind kind)
{
    cp_reset(d, priv, kind);
    cp_v8_forget_kiq(d, priv);
}

/*
 * The KIQ's resources; which HQD is the KIQ follows from the register
 * (restored with the register file), re-derived after a load.
 */
static void cp_v8_state_io(AemuDevice *d, void *priv, AemuStateIo *s)
{
    AemuCp *cp = priv;

    cp_state_io(d, priv, s);
    AEMU_STATE(s, cp->kiq_queue_mask);
    AEMU_STATE(s, cp->kiq_vmid_mask);
    AEMU_STATE_BOOL(s, cp->kiq_resources_set);
    kiq_select(d, cp, d->regs[mmRLC_CP_SCHEDULERS]);
}

const AemuIpBlockFuncs aemu_gfx_v8_cp_funcs = {
    .name = "gfx_v8_0_cp",
    .type = AEMU_BLOCK_CP,
    .major = 8, .minor = 0,
    .priv_size = sizeof(AemuCp),
    .init = cp_v8_init,
    .reset = cp_v8_reset,
    .soft_reset = cp_soft_reset,
    .busy = cp_busy,
    .fini = cp_fini,
    .state = cp_v8_state_io,
    .state_version = 1,
};
