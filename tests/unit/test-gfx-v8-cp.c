/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Unit tests of Topaz's GFX 8.0 blocks (gfx_v8.c, gfx_v8_cp.c,
 * pm4_gfx8.c) on the standalone host, fed as gfx_v8_0.c feeds them: the
 * RLC and CP microcode ports at VI's offsets, the gfx ring started by
 * gfx_v8_0_cp_gfx_resume and rung through CP_RB0_WPTR (Topaz has no gfx
 * doorbell) with the ring test, the KIQ named to the RLC and programmed by
 * registers (gfx_v8_0_kiq_setting, gfx_v8_0_mqd_commit), kernel compute
 * queues mapped from vi_mqd images (SET_RESOURCES + MAP_QUEUES, as
 * gfx_v8_0_kiq_kcq_enable), a compute ring's fence and end-of-pipe IV
 * with the queue in its ring_id, UNMAP_QUEUES, and the KIQ refusing a
 * queue SET_RESOURCES did not give it.
 *
 * Each test replaces the GMC and IH with a flat translation (VRAM at MC 0,
 * host RAM at GART_MC) and an IV capture: the GMC and the Iceland IH have
 * their own tests (test-topaz.c).
 */
#include <string.h>
#include "aemu-host.h"
#include "aemu-internal.h"
#include "pm4_vi.h"
#include "amdgpu-emu/regs/topaz_regs.h"
#include "amdgpu-emu/regs/topaz_fields.h"

#define MiB (1024ull * 1024ull)
#define RAM_SIZE (16 * MiB)
#define GART_MC         0x100000000ull

/* Host RAM (bus address) layout. */
#define GFX_RING        0x10000ull
#define RING_DW         2048u           /* 8 KiB, as amdgpu's rings */
#define RING_ORDER      10u             /* log2(8 KiB / 8) */
#define GPU_PAGE_ORDER  9u              /* log2(4 KiB / 8) */
#define WB              0x20000ull
#define WB_GFX_RPTR     (WB + 0x00)
#define WB_FENCE        (WB + 0x10)
#define WB_KIQ_RPTR     (WB + 0x20)
#define WB_KCQ_RPTR     (WB + 0x40)
#define KIQ_RING        0x30000ull
#define KCQ_RING        0x40000ull
#define KIQ_MQD         0x60000ull
#define KCQ_MQD         0x61000ull

/* amdgpu_doorbell_index_init's VI layout: KIQ 0, MEC rings from 0x10. */
#define DOORBELL_KIQ        0x000u
#define DOORBELL_MEC_RING0  0x010u

/* Topaz's KIQ (amdgpu_gfx_kiq_acquire with one MEC): ME 1, pipe 3, queue 0. */
#define KIQ_ME      1u
#define KIQ_PIPE    3u
#define KIQ_QUEUE   0u
/* gfx_v8_0_kiq_setting: scheduler0 = ME, pipe, queue, then bit 7. */
#define KIQ_SCHED   (KIQ_ME << 5 | KIQ_PIPE << 3 | KIQ_QUEUE)
#define KIQ_VALID   0x80u
/* The compute queue the tests map: ME 1, pipe 1, queue 2. */
#define KCQ_PIPE    1u
#define KCQ_QUEUE   2u
#define KCQ_BIT     (KCQ_PIPE * 8u + KCQ_QUEUE)

/* ivsrcid_vislands30.h. */
#define VISLANDS30_IV_SRCID_CP_END_OF_PIPE  181
/* gfx_v8_0_eop_irq: pipe [1:0], ME [3:2], queue [6:4]. */
#define RING_ID(me, pipe, queue)    ((queue) << 4 | (me) << 2 | (pipe))

#define MQD_HQD_DW      128
#define MQD_DW(reg)     (MQD_HQD_DW + (reg) - mmCP_MQD_BASE_ADDR)

#define NOP_PAD PACKET3(PACKET3_NOP, PM4_COUNT_MAX)
#define RUN_NS 1000000u
#define SCRATCH_MAGIC 0xDEADBEEFu

static GArray *ivs;

static void capture_iv(AemuDevice *d, const AemuIvEntry *iv)
{
    g_array_append_val(ivs, *iv);
}

#include "flat-xlate.h"

static uint64_t mc(uint64_t bus)
{
    return GART_MC + bus;
}

static AemuTestHost *setup(void)
{
    AemuTestHost *h = aemu_test_host_new_asic(&aemu_asic_topaz, 0, RAM_SIZE);

    h->dev->translate = flat_translate;
    h->dev->ih_submit = capture_iv;
    ivs = g_array_new(false, true, sizeof(AemuIvEntry));
    return h;
}

static void teardown(AemuTestHost *h)
{
    aemu_test_host_free(h);
    g_array_free(ivs, true);
    ivs = NULL;
}

static void run(AemuTestHost *h)
{
    aemu_test_host_advance(h, RUN_NS);
}

static uint32_t ram_r32(AemuTestHost *h, uint64_t bus)
{
    return aemu_test_get32(h->ram + bus);
}

/* A ring in host RAM; how its write pointer reaches the CP. */
typedef struct Ring {
    AemuTestHost *h;
    uint64_t bus;
    uint32_t wptr;
    int doorbell;       /* -1: CP_RB0_WPTR (Topaz's gfx ring) */
} Ring;

static void emit(Ring *r, uint32_t v)
{
    aemu_test_put32(r->h->ram + r->bus + 4ull * (r->wptr % RING_DW), v);
    r->wptr++;
}

/* amdgpu_ring_commit (align_mask 0xff) + gfx_v8_0_ring_set_wptr_*. */
static void commit(Ring *r)
{
    while (r->wptr & 0xff) {
        emit(r, NOP_PAD);
    }
    if (r->doorbell < 0) {
        aemu_test_wreg(r->h, mmCP_RB0_WPTR, r->wptr % RING_DW);
    } else {
        aemu_doorbell_write(r->h->dev, 4ull * r->doorbell, r->wptr % RING_DW,
                            4);
    }
}

/* gfx_v8_0_ring_test_ring: SCRATCH_REG0 through SET_UCONFIG_REG. */
static void ring_test(Ring *r)
{
    aemu_test_wreg(r->h, mmSCRATCH_REG0, 0xCAFEDEAD);
    emit(r, PACKET3(PACKET3_SET_UCONFIG_REG, 1));
    emit(r, mmSCRATCH_REG0 - PACKET3_SET_UCONFIG_REG_START);
    emit(r, SCRATCH_MAGIC);
    commit(r);
    run(r->h);
    g_assert_cmphex(aemu_test_rreg(r->h, mmSCRATCH_REG0), ==, SCRATCH_MAGIC);
}

/* gfx_v8_0_cp_gfx_resume, then the un-halt of gfx_v8_0_cp_gfx_start. */
static Ring gfx_start(AemuTestHost *h)
{
    uint32_t cntl = RING_ORDER | GPU_PAGE_ORDER << CP_RB0_CNTL__RB_BLKSZ__SHIFT;

    aemu_test_wreg(h, mmCP_RB_WPTR_DELAY, 0);
    aemu_test_wreg(h, mmCP_RB_VMID, 0);
    aemu_test_wreg(h, mmCP_RB0_CNTL, cntl);
    aemu_test_wreg(h, mmCP_RB0_CNTL, cntl | CP_RB0_CNTL__RB_RPTR_WR_ENA_MASK);
    aemu_test_wreg(h, mmCP_RB0_WPTR, 0);
    aemu_test_wreg(h, mmCP_RB0_RPTR_ADDR, (uint32_t)mc(WB_GFX_RPTR));
    aemu_test_wreg(h, mmCP_RB0_RPTR_ADDR_HI, mc(WB_GFX_RPTR) >> 32);
    aemu_test_wreg(h, mmCP_RB0_CNTL, cntl);
    aemu_test_wreg(h, mmCP_RB0_BASE, mc(GFX_RING) >> 8);
    aemu_test_wreg(h, mmCP_RB0_BASE_HI, mc(GFX_RING) >> 40);
    aemu_test_wreg(h, mmCP_ME_CNTL, 0);
    return (Ring) { .h = h, .bus = GFX_RING, .doorbell = -1 };
}

static void srbm_select(AemuTestHost *h, unsigned me, unsigned pipe,
                        unsigned queue)
{
    aemu_test_wreg(h, mmSRBM_GFX_CNTL,
                   me << SRBM_GFX_CNTL__MEID__SHIFT |
                   pipe << SRBM_GFX_CNTL__PIPEID__SHIFT |
                   queue << SRBM_GFX_CNTL__QUEUEID__SHIFT);
}

/* The registers of a vi_mqd's HQD image, as gfx_v8_0_mqd_init sets them. */
typedef struct Hqd {
    uint64_t mqd, ring, rptr_wb;
    unsigned doorbell;
    bool active;
} Hqd;

static uint32_t hqd_reg(const Hqd *q, uint32_t reg)
{
    switch (reg) {
    case mmCP_MQD_BASE_ADDR:
        return (uint32_t)mc(q->mqd);
    case mmCP_MQD_BASE_ADDR_HI:
        return mc(q->mqd) >> 32;
    case mmCP_HQD_ACTIVE:
        return q->active;
    case mmCP_HQD_PQ_BASE:
        return (uint32_t)(mc(q->ring) >> 8);
    case mmCP_HQD_PQ_BASE_HI:
        return mc(q->ring) >> 40;
    case mmCP_HQD_PQ_CONTROL:
        return RING_ORDER << CP_HQD_PQ_CONTROL__QUEUE_SIZE__SHIFT |
               CP_HQD_PQ_CONTROL__PRIV_STATE_MASK |
               CP_HQD_PQ_CONTROL__KMD_QUEUE_MASK;
    case mmCP_HQD_PQ_RPTR_REPORT_ADDR:
        return (uint32_t)mc(q->rptr_wb);
    case mmCP_HQD_PQ_RPTR_REPORT_ADDR_HI:
        return mc(q->rptr_wb) >> 32;
    case mmCP_HQD_PQ_DOORBELL_CONTROL:
        return q->doorbell << CP_HQD_PQ_DOORBELL_CONTROL__DOORBELL_OFFSET__SHIFT |
               CP_HQD_PQ_DOORBELL_CONTROL__DOORBELL_EN_MASK;
    default:
        return 0;
    }
}

/* gfx_v8_0_mqd_init's image in memory, from cp_mqd_base_addr_lo on. */
static void mqd_write(AemuTestHost *h, const Hqd *q)
{
    for (uint32_t reg = mmCP_MQD_BASE_ADDR; reg <= mmCP_HQD_ERROR; reg++) {
        aemu_test_put32(h->ram + q->mqd + 4ull * MQD_DW(reg), hqd_reg(q, reg));
    }
}

/*
 * gfx_v8_0_kiq_resume: name the KIQ to the RLC, then gfx_v8_0_mqd_commit
 * under its selection (the HQD registers, CP_HQD_ACTIVE last), and start
 * the MEC as gfx_v8_0_kcq_resume does.
 */
static Ring kiq_start(AemuTestHost *h)
{
    Hqd kiq = { .mqd = KIQ_MQD, .ring = KIQ_RING, .rptr_wb = WB_KIQ_RPTR,
                .doorbell = DOORBELL_KIQ, .active = true };

    aemu_test_wreg(h, mmRLC_CP_SCHEDULERS, KIQ_SCHED);
    aemu_test_wreg(h, mmRLC_CP_SCHEDULERS, KIQ_SCHED | KIQ_VALID);
    mqd_write(h, &kiq);
    srbm_select(h, KIQ_ME, KIQ_PIPE, KIQ_QUEUE);
    for (uint32_t reg = mmCP_HQD_VMID; reg <= mmCP_HQD_ERROR; reg++) {
        if (reg != mmCP_HQD_ACTIVE) {
            aemu_test_wreg(h, reg, hqd_reg(&kiq, reg));
        }
    }
    aemu_test_wreg(h, mmCP_MQD_BASE_ADDR, hqd_reg(&kiq, mmCP_MQD_BASE_ADDR));
    aemu_test_wreg(h, mmCP_MQD_BASE_ADDR_HI,
                   hqd_reg(&kiq, mmCP_MQD_BASE_ADDR_HI));
    aemu_test_wreg(h, mmCP_HQD_ACTIVE, 1);
    srbm_select(h, 0, 0, 0);
    aemu_test_wreg(h, mmCP_MEC_CNTL, 0);
    return (Ring) { .h = h, .bus = KIQ_RING, .doorbell = DOORBELL_KIQ };
}

static void emit_set_resources(Ring *kiq, uint64_t queue_mask)
{
    emit(kiq, PACKET3(PACKET3_SET_RESOURCES, 6));
    emit(kiq, 0);
    emit(kiq, (uint32_t)queue_mask);
    emit(kiq, (uint32_t)(queue_mask >> 32));
    emit(kiq, 0);
    emit(kiq, 0);
    emit(kiq, 0);
    emit(kiq, 0);
}

/* gfx_v8_0_kiq_kcq_enable's MAP_QUEUES for ME 1 (0 in the packet). */
static void emit_map_queues(Ring *kiq, const Hqd *q, unsigned pipe,
                            unsigned queue)
{
    emit(kiq, PACKET3(PACKET3_MAP_QUEUES, 5));
    emit(kiq, PACKET3_MAP_QUEUES_NUM_QUEUES(1));
    emit(kiq, PACKET3_MAP_QUEUES_DOORBELL_OFFSET(q->doorbell) |
              PACKET3_VI_MAP_QUEUES_QUEUE(queue) |
              PACKET3_VI_MAP_QUEUES_PIPE(pipe) | PACKET3_VI_MAP_QUEUES_ME(0));
    emit(kiq, (uint32_t)mc(q->mqd));
    emit(kiq, mc(q->mqd) >> 32);
    emit(kiq, 0);
    emit(kiq, 0);
}

static const Hqd kcq = {
    .mqd = KCQ_MQD, .ring = KCQ_RING, .rptr_wb = WB_KCQ_RPTR,
    .doorbell = DOORBELL_MEC_RING0,
};

/* SET_RESOURCES with mask, then MAP_QUEUES of kcq at KCQ_PIPE/KCQ_QUEUE. */
static Ring kcq_map(AemuTestHost *h, Ring *kiq, uint64_t mask)
{
    mqd_write(h, &kcq);
    emit_set_resources(kiq, mask);
    emit_map_queues(kiq, &kcq, KCQ_PIPE, KCQ_QUEUE);
    commit(kiq);
    run(h);
    return (Ring) { .h = h, .bus = KCQ_RING, .doorbell = DOORBELL_MEC_RING0 };
}

static uint32_t hqd_get(AemuTestHost *h, unsigned pipe, unsigned queue,
                        uint32_t reg)
{
    uint32_t v;

    srbm_select(h, 1, pipe, queue);
    v = aemu_test_rreg(h, reg);
    srbm_select(h, 0, 0, 0);
    return v;
}

/* ---- Tests ----------------------------------------------------------- */

static void test_blocks(void)
{
    AemuTestHost *h = setup();
    const AemuBlock *gfx = h->dev->block_of[AEMU_BLOCK_GFX];
    const AemuBlock *cp = h->dev->block_of[AEMU_BLOCK_CP];

    g_assert_nonnull(gfx);
    g_assert_cmpstr(gfx->funcs->name, ==, "gfx_v8_0");
    g_assert_nonnull(cp);
    g_assert_cmpstr(cp->funcs->name, ==, "gfx_v8_0_cp");
    /* Out of reset the micro engines are halted. */
    g_assert_cmphex(aemu_test_rreg(h, mmCP_ME_CNTL) & CP_ME_CNTL__ME_HALT_MASK,
                    !=, 0);
    g_assert_cmphex(aemu_test_rreg(h, mmCP_MEC_CNTL) &
                    CP_MEC_CNTL__MEC_ME1_HALT_MASK, !=, 0);
    teardown(h);
}

/*
 * The microcode ports at VI's offsets: each DATA write advances its ADDR,
 * the driver's closing ADDR write (the firmware version) reads back.
 */
static void test_ucode_ports(void)
{
    AemuTestHost *h = setup();
    static const struct { uint32_t addr, data; } ports[] = {
        { mmRLC_GPM_UCODE_ADDR, mmRLC_GPM_UCODE_DATA },
        { mmCP_PFP_UCODE_ADDR, mmCP_PFP_UCODE_DATA },
        { mmCP_CE_UCODE_ADDR, mmCP_CE_UCODE_DATA },
        { mmCP_ME_RAM_WADDR, mmCP_ME_RAM_DATA },
        { mmCP_MEC_ME1_UCODE_ADDR, mmCP_MEC_ME1_UCODE_DATA },
        { mmCP_MEC_ME2_UCODE_ADDR, mmCP_MEC_ME2_UCODE_DATA },
    };

    /* Where VI moved them (CIK: RLC 0x30E2, PFP 0x3054). */
    g_assert_cmphex(mmRLC_GPM_UCODE_ADDR, ==, 0xF83C);
    g_assert_cmphex(mmCP_PFP_UCODE_ADDR, ==, 0xF814);
    for (size_t i = 0; i < G_N_ELEMENTS(ports); i++) {
        aemu_test_wreg(h, ports[i].addr, 0);
        for (unsigned n = 0; n < 5; n++) {
            aemu_test_wreg(h, ports[i].data, 0x1000 + n);
        }
        g_assert_cmpuint(aemu_test_rreg(h, ports[i].addr), ==, 5);
        aemu_test_wreg(h, ports[i].addr, 0x41);
        g_assert_cmpuint(aemu_test_rreg(h, ports[i].addr), ==, 0x41);
    }
    teardown(h);
}

/* The gfx ring through CP_RB0_WPTR: the ring test and the rptr slot. */
static void test_gfx_ring(void)
{
    AemuTestHost *h = setup();
    Ring gfx = gfx_start(h);

    ring_test(&gfx);
    g_assert_cmpuint(ram_r32(h, WB_GFX_RPTR), ==, gfx.wptr % RING_DW);
    g_assert_cmpuint(aemu_test_rreg(h, mmCP_RB0_RPTR), ==, gfx.wptr % RING_DW);
    /* A doorbell is not how Topaz's gfx ring moves. */
    emit(&gfx, PACKET3(PACKET3_SET_UCONFIG_REG, 1));
    emit(&gfx, mmSCRATCH_REG0 - PACKET3_SET_UCONFIG_REG_START);
    emit(&gfx, 1);
    aemu_doorbell_write(h->dev, 0, gfx.wptr, 4);
    run(h);
    g_assert_cmphex(aemu_test_rreg(h, mmSCRATCH_REG0), ==, SCRATCH_MAGIC);
    teardown(h);
}

/* The KIQ programmed by registers runs its ring (its ring test). */
static void test_kiq_bringup(void)
{
    AemuTestHost *h = setup();
    Ring kiq = kiq_start(h);

    g_assert_cmpuint(hqd_get(h, KIQ_PIPE, KIQ_QUEUE, mmCP_HQD_ACTIVE), ==, 1);
    ring_test(&kiq);
    g_assert_cmpuint(ram_r32(h, WB_KIQ_RPTR), ==, kiq.wptr % RING_DW);
    teardown(h);
}

/*
 * The KIQ's packets before the RLC named it (or on another HQD) are an
 * opcode error: an HQD programmed the same way without the RLC's word is
 * not the KIQ.
 */
static void test_kiq_needs_rlc(void)
{
    AemuTestHost *h = setup();
    Ring kiq = kiq_start(h);

    aemu_test_wreg(h, mmRLC_CP_SCHEDULERS, KIQ_SCHED);
    emit_set_resources(&kiq, 1ull << KCQ_BIT);
    commit(&kiq);
    run(h);
    g_assert_cmpuint(aemu_test_rreg(h, mmCP_ME1_PIPE0_INT_STATUS + KIQ_PIPE) &
                     CP_ME1_PIPE0_INT_STATUS__OPCODE_ERROR_INT_STATUS_MASK,
                     !=, 0);
    teardown(h);
}

/* MAP_QUEUES loads the vi_mqd image into the named HQD and starts it. */
static void test_map_queues(void)
{
    AemuTestHost *h = setup();
    Ring kiq = kiq_start(h);
    Ring c;

    c = kcq_map(h, &kiq, 1ull << KCQ_BIT);
    g_assert_cmpuint(hqd_get(h, KCQ_PIPE, KCQ_QUEUE, mmCP_HQD_ACTIVE), ==, 1);
    g_assert_cmphex(hqd_get(h, KCQ_PIPE, KCQ_QUEUE, mmCP_HQD_PQ_BASE), ==,
                    (uint32_t)(mc(KCQ_RING) >> 8));
    g_assert_cmphex(hqd_get(h, KCQ_PIPE, KCQ_QUEUE, mmCP_MQD_BASE_ADDR), ==,
                    (uint32_t)mc(KCQ_MQD));
    g_assert_cmphex(hqd_get(h, KCQ_PIPE, KCQ_QUEUE,
                            mmCP_HQD_PQ_DOORBELL_CONTROL) &
                    CP_HQD_PQ_DOORBELL_CONTROL__DOORBELL_OFFSET_MASK, ==,
                    DOORBELL_MEC_RING0 <<
                    CP_HQD_PQ_DOORBELL_CONTROL__DOORBELL_OFFSET__SHIFT);
    /* Its doorbell now runs it: the compute ring test. */
    ring_test(&c);
    g_assert_cmpuint(ram_r32(h, WB_KCQ_RPTR), ==, c.wptr % RING_DW);
    teardown(h);
}

/* A queue SET_RESOURCES did not give the KIQ is refused: the KIQ stops. */
static void test_map_outside_resources(void)
{
    AemuTestHost *h = setup();
    Ring kiq = kiq_start(h);

    kcq_map(h, &kiq, 1ull << (KCQ_BIT + 1));
    g_assert_cmpuint(hqd_get(h, KCQ_PIPE, KCQ_QUEUE, mmCP_HQD_ACTIVE), ==, 0);
    g_assert_cmpuint(aemu_test_rreg(h, mmCP_ME1_PIPE0_INT_STATUS + KIQ_PIPE) &
                     CP_ME1_PIPE0_INT_STATUS__OPCODE_ERROR_INT_STATUS_MASK,
                     !=, 0);
    teardown(h);
}

/*
 * gfx_v8_0_ring_emit_fence_compute on a mapped queue: the fence lands and,
 * with the pipe's TIME_STAMP_INT_ENABLE, the end-of-pipe IV names ME,
 * pipe and queue as gfx_v8_0_eop_irq decodes them.
 */
static void test_compute_fence_eop(void)
{
    AemuTestHost *h = setup();
    Ring kiq = kiq_start(h);
    Ring c = kcq_map(h, &kiq, 1ull << KCQ_BIT);
    const AemuIvEntry *iv;

    aemu_test_wreg(h, mmCP_ME1_PIPE0_INT_CNTL + KCQ_PIPE,
                   CP_ME1_PIPE0_INT_CNTL__TIME_STAMP_INT_ENABLE_MASK);
    emit(&c, PACKET3(PACKET3_RELEASE_MEM, 5));
    emit(&c, EOP_TCL1_ACTION_EN | EOP_TC_ACTION_EN | EOP_TC_WB_ACTION_EN |
             EVENT_TYPE(CACHE_FLUSH_AND_INV_TS_EVENT) | EVENT_INDEX(5));
    emit(&c, DATA_SEL(1) | INT_SEL(2));
    emit(&c, (uint32_t)mc(WB_FENCE));
    emit(&c, mc(WB_FENCE) >> 32);
    emit(&c, 42);
    emit(&c, 0);
    commit(&c);
    run(h);
    g_assert_cmpuint(ram_r32(h, WB_FENCE), ==, 42);
    g_assert_cmpuint(ivs->len, ==, 1);
    iv = &g_array_index(ivs, AemuIvEntry, 0);
    g_assert_cmpuint(iv->src_id, ==, VISLANDS30_IV_SRCID_CP_END_OF_PIPE);
    g_assert_cmphex(iv->ring_id, ==, RING_ID(1, KCQ_PIPE, KCQ_QUEUE));
    teardown(h);
}

/* UNMAP_QUEUES by doorbell stops the queue and saves its read pointer. */
static void test_unmap_queues(void)
{
    AemuTestHost *h = setup();
    Ring kiq = kiq_start(h);
    Ring c = kcq_map(h, &kiq, 1ull << KCQ_BIT);

    ring_test(&c);
    emit(&kiq, PACKET3(PACKET3_UNMAP_QUEUES, 4));
    emit(&kiq, PACKET3_UNMAP_QUEUES_ACTION(PM4_UNMAP_RESET_QUEUES) |
               PACKET3_UNMAP_QUEUES_NUM_QUEUES(1));
    emit(&kiq, PACKET3_UNMAP_QUEUES_DOORBELL_OFFSET0(DOORBELL_MEC_RING0));
    emit(&kiq, 0);
    emit(&kiq, 0);
    emit(&kiq, 0);
    commit(&kiq);
    run(h);
    g_assert_cmpuint(hqd_get(h, KCQ_PIPE, KCQ_QUEUE, mmCP_HQD_ACTIVE), ==, 0);
    g_assert_cmpuint(ram_r32(h, KCQ_MQD + 4ull * MQD_DW(mmCP_HQD_PQ_RPTR)), ==,
                     c.wptr % RING_DW);
    /* The KIQ itself stays. */
    g_assert_cmpuint(hqd_get(h, KIQ_PIPE, KIQ_QUEUE, mmCP_HQD_ACTIVE), ==, 1);
    teardown(h);
}

/* A device reset forgets the KIQ: its packets need the RLC's word again. */
static void test_reset_forgets_kiq(void)
{
    AemuTestHost *h = setup();
    Ring kiq;

    kiq_start(h);
    aemu_device_reset(h->dev, AEMU_RESET_COLD);
    g_assert_cmphex(aemu_test_rreg(h, mmRLC_CP_SCHEDULERS), ==, 0);
    kiq = kiq_start(h);
    ring_test(&kiq);
    teardown(h);
}

int main(int argc, char **argv)
{
    g_test_init(&argc, &argv, NULL);
    g_test_add_func("/gfx-v8/blocks", test_blocks);
    g_test_add_func("/gfx-v8/ucode-ports", test_ucode_ports);
    g_test_add_func("/gfx-v8/gfx-ring", test_gfx_ring);
    g_test_add_func("/gfx-v8/kiq-bringup", test_kiq_bringup);
    g_test_add_func("/gfx-v8/kiq-needs-rlc", test_kiq_needs_rlc);
    g_test_add_func("/gfx-v8/map-queues", test_map_queues);
    g_test_add_func("/gfx-v8/map-outside-resources",
                    test_map_outside_resources);
    g_test_add_func("/gfx-v8/compute-fence-eop", test_compute_fence_eop);
    g_test_add_func("/gfx-v8/unmap-queues", test_unmap_queues);
    g_test_add_func("/gfx-v8/reset-forgets-kiq", test_reset_forgets_kiq);
    return g_test_run();
}
