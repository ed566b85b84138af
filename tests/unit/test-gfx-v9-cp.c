/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Unit tests of the GFX 9.0 command processor (gfx_v9_cp.c, pm4_gfx9.c)
 * on the standalone host, fed as gfx_v9_0.c feeds it: the gfx ring
 * started by gfx_v9_0_cp_gfx_resume and rung through its doorbell, the
 * ring test, RELEASE_MEM fences with their IVs, the KIQ brought up from
 * registers (gfx_v9_0_kiq_init_register), kernel compute queues mapped
 * from MQDs built as gfx_v9_0_mqd_init builds them (SET_RESOURCES +
 * MAP_QUEUES), compute ring and IB tests on them, UNMAP_QUEUES and
 * QUERY_STATUS, and malformed streams, which stop their queue visibly.
 * Then KFD's HIQ as kgd_gfx_v9_hiq_mqd_load maps it and
 * kfd_packet_manager_v9.c feeds it: SET_RESOURCES, QUERY_STATUS with its
 * fence and interrupt, RUN_LIST of an empty and of a one-process runlist,
 * UNMAP_QUEUES, and malformed HWS packets.
 *
 * Each test replaces the chip's GMC and IH with a flat translation (VRAM
 * at MC 0, host RAM at GART_MC) as d->translate and its own d->ih_submit
 * that captures IVs: the CP under test only needs addresses to land and
 * IVs to arrive, and the GMC and IH have their own tests (test-gmc-v9.c,
 * test-ih-vega10.c).
 */
#include <string.h>
#include "aemu-host.h"
#include "aemu-internal.h"
#include "pm4_soc15.h"
#include "gfx_v9_hws.h"
#include "shader_regs.h"
#include "amdgpu-emu/regs/vega10_regs.h"
#include "amdgpu-emu/regs/vega10_fields.h"

#define MiB (1024ull * 1024ull)
#define RAM_SIZE (16 * MiB)
/* Where the flat translation puts host RAM in the MC space. */
#define GART_MC         0x100000000ull

/* Host RAM (bus address) layout. */
#define GFX_RING        0x10000ull
#define RING_DW         2048u           /* 8 KiB, as amdgpu's rings */
#define RING_ORDER      10u             /* log2(8 KiB / 8) */
#define GPU_PAGE_ORDER  9u              /* log2(4 KiB / 8) */
#define WB              0x20000ull
#define WB_GFX_RPTR     (WB + 0x00)
#define WB_GFX_WPTR     (WB + 0x08)
#define WB_FENCE        (WB + 0x10)
#define WB_KIQ_RPTR     (WB + 0x20)
#define WB_KIQ_WPTR     (WB + 0x28)
#define WB_KIQ_FENCE    (WB + 0x30)
#define WB_QUERY        (WB + 0x38)
#define WB_IB_TEST      (WB + 0x40)
#define WB_KCQ          (WB + 0x100)    /* + 0x40 per KCQ: rptr, wptr, fence */
#define KIQ_RING        0x30000ull
#define KCQ_RING        0x40000ull      /* + 0x4000 per KCQ */
#define MQD             0x60000ull      /* + 0x1000 per queue, KIQ last */
#define EOP             0x70000ull
#define IB_A            0x80000ull
/* KFD's HIQ: ring, MQD, EOP, rptr/wptr slots, the DQM fence, runlist IB. */
#define HIQ_RING        0x90000ull
#define HIQ_MQD         0x98000ull
#define HIQ_EOP         0x99000ull
#define WB_HIQ_RPTR     (WB + 0x50)
#define WB_HIQ_WPTR     (WB + 0x58)
#define WB_DQM_FENCE    (WB + 0x60)
#define RUNLIST_IB      0xA0000ull

/* Doorbell indexes (vega10_reg_init.c: slot << 1), dwords of BAR2. */
#define DOORBELL_KIQ        0x000u
#define DOORBELL_MEC_RING0  0x006u
#define DOORBELL_GFX        0x116u
#define DOORBELL_USER_END   0x114u      /* userqueue_end << 1 */
/*
 * KFD's kernel-queue doorbell: the first of KFD's page, after amdgpu's two
 * (Vega10 adds one for the SDMA paging queue): above the MEC range.
 */
#define DOORBELL_HIQ        0x800u

/* soc15_ih_clientid.h; ivsrcid/gfx/irqsrcs_gfx_9_0.h. */
#define SOC15_IH_CLIENTID_GRBM_CP           0x14
#define GFX_9_0__SRCID__CP_EOP_INTERRUPT    181
#define GFX_9_0__SRCID__CP_BAD_OPCODE_ERROR 183
#define GFX_9_0__SRCID__CP_COMPUTE_QUERY_STATUS 199

#define NOP_PAD PACKET3(PACKET3_NOP, PM4_COUNT_MAX)
#define RUN_NS 1000000u

/* struct v9_mqd: the HQD image from dword 128 in register order. */
#define MQD_HQD_DW      128
#define MQD_DW(reg)     (MQD_HQD_DW + (reg) - mmCP_MQD_BASE_ADDR)

static GArray *ivs;     /* AemuIvEntry: what the CP posted */

static void capture_iv(AemuDevice *d, const AemuIvEntry *iv)
{
    g_array_append_val(ivs, *iv);
}

/*
 * A page the "driver" has not mapped yet, as a context that retries sees
 * it (gmc_v9.c's retry_fault, without its IV): a replaying client of a
 * user VMID gets AEMU_MEM_RETRY, counted; 0: none.
 */
static uint64_t retry_page;
static unsigned retry_answers;

static AemuMemStatus flat_translate(AemuDevice *d, unsigned vmid,
                                    uint64_t addr, bool write,
                                    const AemuMemClient *client,
                                    AemuXlate *out)
{
    if (retry_page && vmid && client->retry &&
        (addr & ~0xfffull) == retry_page) {
        retry_answers++;
        d->mem_retry = client;
        return AEMU_MEM_RETRY;
    }
    if (addr >= GART_MC && addr - GART_MC < RAM_SIZE) {
        *out = (AemuXlate) { .vram = false, .addr = addr - GART_MC,
                             .len = RAM_SIZE - (addr - GART_MC) };
        /* A translation ends at the page that retries. */
        if (retry_page > addr && retry_page - addr < out->len) {
            out->len = retry_page - addr;
        }
        return AEMU_MEM_OK;
    }
    if (addr < d->vram_size) {
        *out = (AemuXlate) { .vram = true, .addr = addr,
                             .len = d->vram_size - addr };
        return AEMU_MEM_OK;
    }
    return AEMU_MEM_FAULT;
}

static uint64_t mc(uint64_t bus)
{
    return GART_MC + bus;
}

static void ram_w32(AemuTestHost *h, uint64_t bus, uint32_t v)
{
    aemu_test_put32(h->ram + bus, v);
}

static uint32_t ram_r32(AemuTestHost *h, uint64_t bus)
{
    return aemu_test_get32(h->ram + bus);
}

static void run(AemuTestHost *h)
{
    aemu_test_host_advance(h, RUN_NS);
}

static bool has_error(AemuTestHost *h, const char *what)
{
    for (guint i = 0; i < h->guest_errors->len; i++) {
        if (strstr(g_ptr_array_index(h->guest_errors, i), what)) {
            return true;
        }
    }
    return false;
}

static AemuTestHost *setup(void)
{
    AemuTestHost *h = aemu_test_host_new_asic(&aemu_asic_vega10, 0,
                                              RAM_SIZE);

    h->dev->translate = flat_translate;
    h->dev->ih_submit = capture_iv;
    retry_page = 0;
    retry_answers = 0;
    if (ivs) {
        g_array_free(ivs, true);
    }
    ivs = g_array_new(false, true, sizeof(AemuIvEntry));
    return h;
}

static void teardown(AemuTestHost *h)
{
    aemu_test_host_free(h);
    g_array_free(ivs, true);
    ivs = NULL;
}

static const AemuIvEntry *iv_at(unsigned i)
{
    g_assert_cmpuint(i, <, ivs->len);
    return &g_array_index(ivs, AemuIvEntry, i);
}

/* A ring or IB being written in host RAM; wptr counts up (64-bit). */
typedef struct Ring {
    AemuTestHost *h;
    uint64_t bus;
    uint32_t size_dw;
    uint64_t wptr;
    unsigned doorbell;
    uint64_t wptr_wb;
} Ring;

static void emit(Ring *r, uint32_t v)
{
    ram_w32(r->h, r->bus + 4ull * (r->wptr & (r->size_dw - 1)), v);
    r->wptr++;
}

/*
 * amdgpu_ring_commit + gfx_v9_0_ring_set_wptr_gfx/_compute: pad to
 * align_mask 0xff, the wptr to its write-back slot, then WDOORBELL64.
 */
static void commit(Ring *r)
{
    while (r->wptr & 0xff) {
        emit(r, NOP_PAD);
    }
    aemu_test_put64(r->h->ram + r->wptr_wb, r->wptr);
    aemu_doorbell_write(r->h->dev, 4ull * r->doorbell, r->wptr, 8);
}

static void emit_set_uconfig(Ring *r, uint32_t reg, uint32_t v)
{
    emit(r, PACKET3(PACKET3_SET_UCONFIG_REG, 1));
    emit(r, reg - PACKET3_SET_UCONFIG_REG_START);
    emit(r, v);
}

/* gfx_v9_0_ring_emit_fence: 8 dwords. */
static void emit_fence(Ring *r, uint64_t addr, uint64_t seq, bool wr64,
                       bool irq)
{
    emit(r, PACKET3(PACKET3_RELEASE_MEM, 6));
    emit(r, EOP_TCL1_ACTION_EN | EOP_TC_ACTION_EN | EOP_TC_WB_ACTION_EN |
            EVENT_TYPE(CACHE_FLUSH_AND_INV_TS_EVENT) | EVENT_INDEX(5));
    emit(r, DATA_SEL(wr64 ? 2 : 1) | INT_SEL(irq ? 2 : 0));
    emit(r, (uint32_t)addr);
    emit(r, (uint32_t)(addr >> 32));
    emit(r, (uint32_t)seq);
    emit(r, (uint32_t)(seq >> 32));
    emit(r, 0);
}

/* gfx_v9_0_ring_emit_fence_kiq: a polled 32-bit WRITE_DATA. */
static void emit_fence_kiq(Ring *r, uint64_t addr, uint32_t seq)
{
    emit(r, PACKET3(PACKET3_WRITE_DATA, 3));
    emit(r, WRITE_DATA_DST_SEL(5) | WR_CONFIRM);
    emit(r, (uint32_t)addr);
    emit(r, (uint32_t)(addr >> 32));
    emit(r, seq);
}

/* gfx_v9_0_cp_gfx_resume, then the un-halt of gfx_v9_0_cp_gfx_start. */
static Ring gfx_start(AemuTestHost *h)
{
    uint32_t cntl = RING_ORDER | GPU_PAGE_ORDER << CP_RB0_CNTL__RB_BLKSZ__SHIFT;

    aemu_test_wreg(h, mmCP_RB_WPTR_DELAY, 0);
    aemu_test_wreg(h, mmCP_RB_VMID, 0);
    aemu_test_wreg(h, mmCP_RB0_CNTL, cntl);
    aemu_test_wreg(h, mmCP_RB0_CNTL, cntl | CP_RB0_CNTL__RB_RPTR_WR_ENA_MASK);
    aemu_test_wreg(h, mmCP_RB0_WPTR, 0);
    aemu_test_wreg(h, mmCP_RB0_WPTR_HI, 0);
    aemu_test_wreg(h, mmCP_RB0_RPTR_ADDR, (uint32_t)mc(WB_GFX_RPTR));
    aemu_test_wreg(h, mmCP_RB0_RPTR_ADDR_HI, mc(WB_GFX_RPTR) >> 32);
    aemu_test_wreg(h, mmCP_RB_WPTR_POLL_ADDR_LO, (uint32_t)mc(WB_GFX_WPTR));
    aemu_test_wreg(h, mmCP_RB_WPTR_POLL_ADDR_HI, mc(WB_GFX_WPTR) >> 32);
    aemu_test_wreg(h, mmCP_RB0_CNTL, cntl);
    aemu_test_wreg(h, mmCP_RB0_BASE, mc(GFX_RING) >> 8);
    aemu_test_wreg(h, mmCP_RB0_BASE_HI, mc(GFX_RING) >> 40);
    aemu_test_wreg(h, mmCP_RB_DOORBELL_CONTROL,
                   DOORBELL_GFX << CP_RB_DOORBELL_CONTROL__DOORBELL_OFFSET__SHIFT |
                   CP_RB_DOORBELL_CONTROL__DOORBELL_EN_MASK);
    aemu_test_wreg(h, mmCP_RB_DOORBELL_RANGE_LOWER,
                   DOORBELL_GFX << CP_RB_DOORBELL_RANGE_LOWER__DOORBELL_RANGE_LOWER__SHIFT);
    aemu_test_wreg(h, mmCP_RB_DOORBELL_RANGE_UPPER,
                   CP_RB_DOORBELL_RANGE_UPPER__DOORBELL_RANGE_UPPER_MASK);
    aemu_test_wreg(h, mmCP_ME_CNTL, 0);
    return (Ring) { .h = h, .bus = GFX_RING, .size_dw = RING_DW,
                    .doorbell = DOORBELL_GFX, .wptr_wb = WB_GFX_WPTR };
}

static void grbm_select(AemuTestHost *h, unsigned me, unsigned pipe,
                        unsigned queue)
{
    aemu_test_wreg(h, mmGRBM_GFX_CNTL,
                   me << GRBM_GFX_CNTL__MEID__SHIFT |
                   pipe << GRBM_GFX_CNTL__PIPEID__SHIFT |
                   queue << GRBM_GFX_CNTL__QUEUEID__SHIFT);
}

/* The HQD fields gfx_v9_0_mqd_init computes for a ring. */
typedef struct HqdInit {
    uint64_t mqd, eop, ring, rptr_wb, wptr_wb;
    unsigned doorbell;
    bool kiq;
} HqdInit;

static uint32_t pq_control(void)
{
    return RING_ORDER << CP_HQD_PQ_CONTROL__QUEUE_SIZE__SHIFT |
           GPU_PAGE_ORDER << CP_HQD_PQ_CONTROL__RPTR_BLOCK_SIZE__SHIFT |
           CP_HQD_PQ_CONTROL__PRIV_STATE_MASK |
           CP_HQD_PQ_CONTROL__KMD_QUEUE_MASK;
}

static uint32_t doorbell_control(unsigned index)
{
    return index << CP_HQD_PQ_DOORBELL_CONTROL__DOORBELL_OFFSET__SHIFT |
           CP_HQD_PQ_DOORBELL_CONTROL__DOORBELL_EN_MASK;
}

/* gfx_v9_0_mqd_init into host RAM (the HQD image and the header). */
static void mqd_init(AemuTestHost *h, const HqdInit *q)
{
    uint8_t *m = h->ram + q->mqd;

    memset(m, 0, 4096);
    aemu_test_put32(m, 0xC0310800);
    aemu_test_put32(m + 4 * MQD_DW(mmCP_HQD_EOP_BASE_ADDR),
                    (uint32_t)(mc(q->eop) >> 8));
    aemu_test_put32(m + 4 * MQD_DW(mmCP_HQD_EOP_BASE_ADDR_HI),
                    (uint32_t)(mc(q->eop) >> 40));
    aemu_test_put32(m + 4 * MQD_DW(mmCP_HQD_EOP_CONTROL),
                    9 << CP_HQD_EOP_CONTROL__EOP_SIZE__SHIFT);
    aemu_test_put32(m + 4 * MQD_DW(mmCP_HQD_PQ_DOORBELL_CONTROL),
                    doorbell_control(q->doorbell));
    aemu_test_put32(m + 4 * MQD_DW(mmCP_MQD_BASE_ADDR),
                    (uint32_t)mc(q->mqd) & 0xfffffffc);
    aemu_test_put32(m + 4 * MQD_DW(mmCP_MQD_BASE_ADDR_HI),
                    (uint32_t)(mc(q->mqd) >> 32));
    aemu_test_put32(m + 4 * MQD_DW(mmCP_HQD_PQ_BASE),
                    (uint32_t)(mc(q->ring) >> 8));
    aemu_test_put32(m + 4 * MQD_DW(mmCP_HQD_PQ_BASE_HI),
                    (uint32_t)(mc(q->ring) >> 40));
    aemu_test_put32(m + 4 * MQD_DW(mmCP_HQD_PQ_CONTROL), pq_control());
    aemu_test_put32(m + 4 * MQD_DW(mmCP_HQD_PQ_RPTR_REPORT_ADDR),
                    (uint32_t)mc(q->rptr_wb) & 0xfffffffc);
    aemu_test_put32(m + 4 * MQD_DW(mmCP_HQD_PQ_RPTR_REPORT_ADDR_HI),
                    (uint32_t)(mc(q->rptr_wb) >> 32) & 0xffff);
    aemu_test_put32(m + 4 * MQD_DW(mmCP_HQD_PQ_WPTR_POLL_ADDR),
                    (uint32_t)mc(q->wptr_wb) & 0xfffffffc);
    aemu_test_put32(m + 4 * MQD_DW(mmCP_HQD_PQ_WPTR_POLL_ADDR_HI),
                    (uint32_t)(mc(q->wptr_wb) >> 32) & 0xffff);
    aemu_test_put32(m + 4 * MQD_DW(mmCP_HQD_PERSISTENT_STATE),
                    0x53 << CP_HQD_PERSISTENT_STATE__PRELOAD_SIZE__SHIFT);
    aemu_test_put32(m + 4 * MQD_DW(mmCP_HQD_IB_CONTROL),
                    3 << CP_HQD_IB_CONTROL__MIN_IB_AVAIL_SIZE__SHIFT);
    aemu_test_put32(m + 4 * MQD_DW(mmCP_HQD_ACTIVE), q->kiq ? 1 : 0);
}

/*
 * gfx_v9_0_kiq_init_queue: gfx_v9_0_kiq_setting, the MQD, then
 * gfx_v9_0_kiq_init_register with CP_HQD_ACTIVE last; the MEC un-halted
 * as gfx_v9_0_kcq_resume starts.
 */
static Ring kiq_start(AemuTestHost *h)
{
    HqdInit q = { .mqd = MQD + 0x8000, .eop = EOP + 0x8000, .ring = KIQ_RING,
                  .rptr_wb = WB_KIQ_RPTR, .wptr_wb = WB_KIQ_WPTR,
                  .doorbell = DOORBELL_KIQ, .kiq = true };

    aemu_test_wreg(h, mmRLC_CP_SCHEDULERS, 0x48);
    aemu_test_wreg(h, mmRLC_CP_SCHEDULERS, 0x48 | 0x80);
    grbm_select(h, 2, 1, 0);
    mqd_init(h, &q);
    aemu_test_wreg(h, mmCP_PQ_WPTR_POLL_CNTL, 0);
    aemu_test_wreg(h, mmCP_HQD_EOP_BASE_ADDR, (uint32_t)(mc(q.eop) >> 8));
    aemu_test_wreg(h, mmCP_HQD_EOP_BASE_ADDR_HI, (uint32_t)(mc(q.eop) >> 40));
    aemu_test_wreg(h, mmCP_HQD_EOP_CONTROL,
                   9 << CP_HQD_EOP_CONTROL__EOP_SIZE__SHIFT);
    aemu_test_wreg(h, mmCP_HQD_PQ_DOORBELL_CONTROL,
                   doorbell_control(q.doorbell));
    g_assert_cmphex(aemu_test_rreg(h, mmCP_HQD_ACTIVE), ==, 0);
    aemu_test_wreg(h, mmCP_MQD_BASE_ADDR, (uint32_t)mc(q.mqd));
    aemu_test_wreg(h, mmCP_MQD_BASE_ADDR_HI, (uint32_t)(mc(q.mqd) >> 32));
    aemu_test_wreg(h, mmCP_MQD_CONTROL, 0);
    aemu_test_wreg(h, mmCP_HQD_PQ_BASE, (uint32_t)(mc(q.ring) >> 8));
    aemu_test_wreg(h, mmCP_HQD_PQ_BASE_HI, (uint32_t)(mc(q.ring) >> 40));
    aemu_test_wreg(h, mmCP_HQD_PQ_CONTROL, pq_control());
    aemu_test_wreg(h, mmCP_HQD_PQ_RPTR_REPORT_ADDR, (uint32_t)mc(q.rptr_wb));
    aemu_test_wreg(h, mmCP_HQD_PQ_RPTR_REPORT_ADDR_HI,
                   (uint32_t)(mc(q.rptr_wb) >> 32));
    aemu_test_wreg(h, mmCP_HQD_PQ_WPTR_POLL_ADDR, (uint32_t)mc(q.wptr_wb));
    aemu_test_wreg(h, mmCP_HQD_PQ_WPTR_POLL_ADDR_HI,
                   (uint32_t)(mc(q.wptr_wb) >> 32));
    aemu_test_wreg(h, mmCP_MEC_DOORBELL_RANGE_LOWER, DOORBELL_KIQ << 2);
    aemu_test_wreg(h, mmCP_MEC_DOORBELL_RANGE_UPPER, DOORBELL_USER_END << 2);
    aemu_test_wreg(h, mmCP_HQD_PQ_DOORBELL_CONTROL,
                   doorbell_control(q.doorbell));
    aemu_test_wreg(h, mmCP_HQD_PQ_WPTR_LO, 0);
    aemu_test_wreg(h, mmCP_HQD_PQ_WPTR_HI, 0);
    aemu_test_wreg(h, mmCP_HQD_VMID, 0);
    aemu_test_wreg(h, mmCP_HQD_PERSISTENT_STATE,
                   0x53 << CP_HQD_PERSISTENT_STATE__PRELOAD_SIZE__SHIFT);
    aemu_test_wreg(h, mmCP_HQD_ACTIVE, 1);
    aemu_test_wreg(h, mmCP_PQ_STATUS, CP_PQ_STATUS__DOORBELL_ENABLE_MASK);
    grbm_select(h, 0, 0, 0);
    aemu_test_wreg(h, mmCP_MEC_CNTL, 0);
    return (Ring) { .h = h, .bus = KIQ_RING, .size_dw = RING_DW,
                    .doorbell = DOORBELL_KIQ, .wptr_wb = WB_KIQ_WPTR };
}

/* KCQ i as amdgpu_gfx_compute_queue_acquire places it on Vega10. */
static HqdInit kcq(unsigned i)
{
    return (HqdInit) { .mqd = MQD + 0x1000 * i, .eop = EOP + 0x1000 * i,
                       .ring = KCQ_RING + 0x4000 * i,
                       .rptr_wb = WB_KCQ + 0x40 * i,
                       .wptr_wb = WB_KCQ + 0x40 * i + 8,
                       .doorbell = DOORBELL_MEC_RING0 + 2 * i };
}

static unsigned kcq_pipe(unsigned i)
{
    return i % 4;
}

static unsigned kcq_queue(unsigned i)
{
    return i / 4;
}

/* gfx_v9_0_kiq_map_queues. */
static void emit_map_queues(Ring *kiq, unsigned i)
{
    HqdInit q = kcq(i);

    emit(kiq, PACKET3(PACKET3_MAP_QUEUES, 5));
    emit(kiq, PACKET3_MAP_QUEUES_QUEUE_SEL(0) | PACKET3_MAP_QUEUES_VMID(0) |
              PACKET3_MAP_QUEUES_QUEUE(kcq_queue(i)) |
              PACKET3_MAP_QUEUES_PIPE(kcq_pipe(i)) |
              PACKET3_MAP_QUEUES_ME(0) | PACKET3_MAP_QUEUES_QUEUE_TYPE(0) |
              PACKET3_MAP_QUEUES_ALLOC_FORMAT(0) |
              PACKET3_MAP_QUEUES_ENGINE_SEL(0) |
              PACKET3_MAP_QUEUES_NUM_QUEUES(1));
    emit(kiq, PACKET3_MAP_QUEUES_DOORBELL_OFFSET(q.doorbell));
    emit(kiq, (uint32_t)mc(q.mqd));
    emit(kiq, (uint32_t)(mc(q.mqd) >> 32));
    emit(kiq, (uint32_t)mc(q.wptr_wb));
    emit(kiq, (uint32_t)(mc(q.wptr_wb) >> 32));
}

/* gfx_v9_0_kiq_unmap_queues, RESET_QUEUES as amdgpu_gfx_disable_kcq. */
static void emit_unmap_queues(Ring *kiq, unsigned i, unsigned action)
{
    emit(kiq, PACKET3(PACKET3_UNMAP_QUEUES, 4));
    emit(kiq, PACKET3_UNMAP_QUEUES_ACTION(action) |
              PACKET3_UNMAP_QUEUES_QUEUE_SEL(0) |
              PACKET3_UNMAP_QUEUES_ENGINE_SEL(0) |
              PACKET3_UNMAP_QUEUES_NUM_QUEUES(1));
    emit(kiq, PACKET3_UNMAP_QUEUES_DOORBELL_OFFSET0(kcq(i).doorbell));
    emit(kiq, 0);
    emit(kiq, 0);
    emit(kiq, 0);
}

/*
 * amdgpu_gfx_enable_kcq for KCQs 0 and 5 (comp_1.0.0 and comp_1.1.1):
 * the MQDs, SET_RESOURCES with their queue bits, a MAP_QUEUES each, and
 * the KIQ fence the driver polls.
 */
static Ring kcq_map(AemuTestHost *h, Ring *kiq, unsigned i)
{
    HqdInit q = kcq(i);

    mqd_init(h, &q);
    emit_map_queues(kiq, i);
    return (Ring) { .h = h, .bus = q.ring, .size_dw = RING_DW,
                    .doorbell = q.doorbell, .wptr_wb = q.wptr_wb };
}

static void emit_set_resources(Ring *kiq, uint64_t queue_mask)
{
    emit(kiq, PACKET3(PACKET3_SET_RESOURCES, 6));
    emit(kiq, PACKET3_SET_RESOURCES_VMID_MASK(0) |
              PACKET3_SET_RESOURCES_QUEUE_TYPE(0));
    emit(kiq, (uint32_t)queue_mask);
    emit(kiq, (uint32_t)(queue_mask >> 32));
    emit(kiq, 0);
    emit(kiq, 0);
    emit(kiq, 0);
    emit(kiq, 0);
}

static uint64_t queue_bit(unsigned i)
{
    return 1ull << (kcq_pipe(i) * 8 + kcq_queue(i));
}

/* ---- The gfx ring ----------------------------------------------------- */

/* gfx_v9_0_ring_test_ring on the gfx ring, rung through its doorbell. */
static void test_gfx_ring_test(void)
{
    AemuTestHost *h = setup();
    Ring r = gfx_start(h);

    g_assert_cmpstr(h->dev->handlers[mmCP_RB0_WPTR]->block, ==, "cp");
    aemu_test_wreg(h, mmSCRATCH_REG0, 0xCAFEDEAD);
    emit_set_uconfig(&r, mmSCRATCH_REG0, 0xDEADBEEF);
    commit(&r);
    run(h);
    g_assert_cmphex(aemu_test_rreg(h, mmSCRATCH_REG0), ==, 0xDEADBEEF);
    g_assert_cmpuint(ram_r32(h, WB_GFX_RPTR), ==, 0x100);
    g_assert_cmpuint(aemu_test_rreg(h, mmCP_RB0_RPTR), ==, 0x100);
    g_assert_cmpuint(aemu_test_rreg(h, mmCP_RB0_WPTR), ==, 0x100);
    g_assert_cmpuint(h->guest_errors->len, ==, 0);
    teardown(h);
}

/*
 * gfx_v9_0_cp_gfx_start's stream: PREAMBLE_CNTL, CONTEXT_CONTROL, a
 * SET_CONTEXT_REG run, CLEAR_STATE, SET_BASE, and SET_UCONFIG_REG in its
 * INDEX_TYPE form, whose index bits must not move the register; then a
 * libdrm-style job bracketed by FRAME_CONTROL with the CE metadata write.
 */
static void test_gfx_start_stream(void)
{
    AemuTestHost *h = setup();
    Ring r = gfx_start(h);

    emit(&r, PACKET3(PACKET3_PREAMBLE_CNTL, 0));
    emit(&r, 2u << 28);
    emit(&r, PACKET3(PACKET3_CONTEXT_CONTROL, 1));
    emit(&r, 0x80000000);
    emit(&r, 0x80000000);
    emit(&r, PACKET3(PACKET3_SET_CONTEXT_REG, 2));
    emit(&r, mmPA_SC_SCREEN_SCISSOR_TL - PACKET3_SET_CONTEXT_REG_START);
    emit(&r, 0x11);
    emit(&r, 0x22);
    emit(&r, PACKET3(PACKET3_PREAMBLE_CNTL, 0));
    emit(&r, 3u << 28);
    emit(&r, PACKET3(PACKET3_CLEAR_STATE, 0));
    emit(&r, 0);
    emit(&r, PACKET3(PACKET3_SET_BASE, 2));
    emit(&r, PACKET3_BASE_INDEX(CE_PARTITION_BASE));
    emit(&r, 0x8000);
    emit(&r, 0x8000);
    emit(&r, PACKET3(PACKET3_SET_UCONFIG_REG, 1));
    emit(&r, PACKET3_SET_UCONFIG_REG_INDEX_TYPE |
             (mmVGT_INDEX_TYPE - PACKET3_SET_UCONFIG_REG_START));
    emit(&r, 1);
    /* gfx_v9_0_ring_emit_ce_meta: DST_SEL 8 to an unmapped CSA. */
    emit(&r, PACKET3(PACKET3_WRITE_DATA, 4));
    emit(&r, WRITE_DATA_ENGINE_SEL(2) | WRITE_DATA_DST_SEL(8) | WR_CONFIRM);
    emit(&r, 0xdead0000);
    emit(&r, 0x7fff);
    emit(&r, 0);
    emit(&r, 0);
    emit(&r, PACKET3(PACKET3_FRAME_CONTROL, 0));
    emit(&r, 0);
    emit(&r, PACKET3(PACKET3_ACQUIRE_MEM, 5));
    for (unsigned i = 0; i < 6; i++) {
        emit(&r, 0);
    }
    emit(&r, PACKET3(PACKET3_FRAME_CONTROL, 0));
    emit(&r, 1u << 28);
    emit_set_uconfig(&r, mmSCRATCH_REG0, 7);
    commit(&r);
    run(h);
    g_assert_cmpuint(h->guest_errors->len, ==, 0);
    g_assert_cmphex(aemu_test_rreg(h, mmVGT_INDEX_TYPE), ==, 1);
    g_assert_cmphex(aemu_test_rreg(h, mmPA_SC_SCREEN_SCISSOR_TL), ==, 0x11);
    g_assert_cmphex(aemu_test_rreg(h, mmSCRATCH_REG0), ==, 7);
    teardown(h);
}

/* RELEASE_MEM: the 64-bit fence, then the IV when the driver enabled it. */
static void test_gfx_fence_iv(void)
{
    AemuTestHost *h = setup();
    Ring r = gfx_start(h);
    const AemuIvEntry *iv;

    emit_fence(&r, mc(WB_FENCE), 0x100000001ull, true, true);
    commit(&r);
    run(h);
    g_assert_cmphex(aemu_test_get64(h->ram + WB_FENCE), ==, 0x100000001ull);
    g_assert_cmpuint(ivs->len, ==, 0);      /* TIME_STAMP_INT_ENABLE off */

    aemu_test_wreg(h, mmCP_INT_CNTL_RING0,
                   CP_INT_CNTL_RING0__TIME_STAMP_INT_ENABLE_MASK);
    emit_fence(&r, mc(WB_FENCE), 5, false, true);
    emit_fence(&r, mc(WB_FENCE + 8), 6, false, false);
    commit(&r);
    run(h);
    g_assert_cmpuint(ram_r32(h, WB_FENCE), ==, 5);
    g_assert_cmpuint(ram_r32(h, WB_FENCE + 4), ==, 1);  /* 32-bit only */
    g_assert_cmpuint(ram_r32(h, WB_FENCE + 8), ==, 6);
    g_assert_cmpuint(ivs->len, ==, 1);
    iv = iv_at(0);
    g_assert_cmphex(iv->client_id, ==, SOC15_IH_CLIENTID_GRBM_CP);
    g_assert_cmpuint(iv->src_id, ==, GFX_9_0__SRCID__CP_EOP_INTERRUPT);
    g_assert_cmphex(iv->ring_id, ==, 0);
    teardown(h);
}

/* A KIQ packet is refused on the gfx ring; an unknown opcode hangs it. */
static void test_gfx_malformed(void)
{
    AemuTestHost *h = setup();
    Ring r = gfx_start(h);
    const AemuIvEntry *iv;

    aemu_test_wreg(h, mmCP_INT_CNTL_RING0,
                   CP_INT_CNTL_RING0__OPCODE_ERROR_INT_ENABLE_MASK);
    emit_set_resources(&r, 1);
    emit_set_uconfig(&r, mmSCRATCH_REG0, 1);
    commit(&r);
    run(h);
    g_assert_true(has_error(h, "SET_RESOURCES is not accepted"));
    g_assert_cmphex(aemu_test_rreg(h, mmSCRATCH_REG0), ==, 0);
    g_assert_true(aemu_test_rreg(h, mmCP_INT_STATUS_RING0) &
                  CP_INT_STATUS_RING0__OPCODE_ERROR_INT_STAT_MASK);
    g_assert_true(aemu_test_rreg(h, mmGRBM_STATUS) &
                  GRBM_STATUS__GUI_ACTIVE_MASK);
    g_assert_cmphex(aemu_test_rreg(h, mmCP_ME_HEADER_DUMP), ==,
                    PACKET3(PACKET3_SET_RESOURCES, 6));
    g_assert_cmpuint(ivs->len, ==, 1);
    iv = iv_at(0);
    g_assert_cmpuint(iv->src_id, ==, GFX_9_0__SRCID__CP_BAD_OPCODE_ERROR);
    g_assert_cmphex(iv->client_id, ==, SOC15_IH_CLIENTID_GRBM_CP);

    /* gfx_v9_0_soft_reset clears the hang. */
    aemu_test_wreg(h, mmGRBM_SOFT_RESET, GRBM_SOFT_RESET__SOFT_RESET_CP_MASK |
                   GRBM_SOFT_RESET__SOFT_RESET_GFX_MASK);
    aemu_test_wreg(h, mmGRBM_SOFT_RESET, 0);
    g_assert_false(aemu_test_rreg(h, mmGRBM_STATUS) &
                   GRBM_STATUS__GUI_ACTIVE_MASK);

    /* EVENT_WRITE_EOP is gone on gfx9 (soc15d.h): unknown. */
    r = gfx_start(h);
    emit(&r, PACKET3(0x47, 4));
    for (unsigned i = 0; i < 5; i++) {
        emit(&r, 0);
    }
    commit(&r);
    run(h);
    g_assert_true(has_error(h, "unknown opcode 0x47"));
    teardown(h);
}

/* CP_ME_CNTL halts the ring until the driver starts the ME. */
static void test_gfx_halted(void)
{
    AemuTestHost *h = setup();
    Ring r = gfx_start(h);

    aemu_test_wreg(h, mmCP_ME_CNTL, CP_ME_CNTL__ME_HALT_MASK |
                   CP_ME_CNTL__PFP_HALT_MASK);
    emit_set_uconfig(&r, mmSCRATCH_REG0, 3);
    commit(&r);
    run(h);
    g_assert_cmphex(aemu_test_rreg(h, mmSCRATCH_REG0), ==, 0);
    aemu_test_wreg(h, mmCP_ME_CNTL, 0);
    run(h);
    g_assert_cmphex(aemu_test_rreg(h, mmSCRATCH_REG0), ==, 3);
    teardown(h);
}

/* ---- The KIQ and the kernel compute queues ---------------------------- */

/* The KIQ from registers, and its ring test through doorbell 0. */
static void test_kiq_bringup(void)
{
    AemuTestHost *h = setup();
    Ring kiq = kiq_start(h);

    aemu_test_wreg(h, mmSCRATCH_REG0, 0xCAFEDEAD);
    emit_set_uconfig(&kiq, mmSCRATCH_REG0, 0xDEADBEEF);
    emit_fence_kiq(&kiq, mc(WB_KIQ_FENCE), 1);
    commit(&kiq);
    run(h);
    g_assert_cmphex(aemu_test_rreg(h, mmSCRATCH_REG0), ==, 0xDEADBEEF);
    g_assert_cmpuint(ram_r32(h, WB_KIQ_FENCE), ==, 1);
    g_assert_cmpuint(ram_r32(h, WB_KIQ_RPTR), ==, 0x100);
    /* The KIQ's fences are polled: no IV. */
    g_assert_cmpuint(ivs->len, ==, 0);
    grbm_select(h, 2, 1, 0);
    g_assert_cmpuint(aemu_test_rreg(h, mmCP_HQD_PQ_RPTR), ==, 0x100);
    g_assert_cmpuint(aemu_test_rreg(h, mmCP_HQD_ACTIVE), ==, 1);
    grbm_select(h, 0, 0, 0);
    g_assert_cmpuint(h->guest_errors->len, ==, 0);
    teardown(h);
}

/*
 * amdgpu_gfx_enable_kcq: SET_RESOURCES and two MAP_QUEUES on the KIQ;
 * the queues' registers come from their MQDs.
 */
static void test_kiq_map_queues(void)
{
    AemuTestHost *h = setup();
    Ring kiq = kiq_start(h);

    emit_set_resources(&kiq, queue_bit(0) | queue_bit(5));
    kcq_map(h, &kiq, 0);
    kcq_map(h, &kiq, 5);
    emit_fence_kiq(&kiq, mc(WB_KIQ_FENCE), 2);
    commit(&kiq);
    run(h);
    g_assert_cmpuint(h->guest_errors->len, ==, 0);
    g_assert_cmpuint(ram_r32(h, WB_KIQ_FENCE), ==, 2);
    grbm_select(h, 1, kcq_pipe(5), kcq_queue(5));
    g_assert_cmpuint(aemu_test_rreg(h, mmCP_HQD_ACTIVE), ==, 1);
    g_assert_cmphex(aemu_test_rreg(h, mmCP_HQD_PQ_BASE), ==,
                    (uint32_t)(mc(kcq(5).ring) >> 8));
    g_assert_cmphex(aemu_test_rreg(h, mmCP_HQD_PQ_DOORBELL_CONTROL), ==,
                    doorbell_control(kcq(5).doorbell));
    g_assert_cmphex(aemu_test_rreg(h, mmCP_MQD_BASE_ADDR), ==,
                    (uint32_t)mc(kcq(5).mqd));
    g_assert_cmphex(aemu_test_rreg(h, mmCP_HQD_PQ_CONTROL), ==,
                    pq_control());
    /* A queue not mapped stays inactive. */
    grbm_select(h, 1, kcq_pipe(1), kcq_queue(1));
    g_assert_cmpuint(aemu_test_rreg(h, mmCP_HQD_ACTIVE), ==, 0);
    grbm_select(h, 0, 0, 0);
    teardown(h);
}

/*
 * gfx_v9_0_ring_test_ring and gfx_v9_0_ring_test_ib on a mapped KCQ via
 * its doorbell; its fence's IV carries ring_id (queue << 4 | me << 2 |
 * pipe). Then UNMAP_QUEUES stops it and saves it into its MQD, and
 * QUERY_STATUS writes its fence.
 */
static void test_kcq_ring_ib_unmap(void)
{
    AemuTestHost *h = setup();
    Ring kiq = kiq_start(h), a, b, ib = { .h = h, .bus = IB_A,
                                          .size_dw = 1024 };
    const AemuIvEntry *iv;

    emit_set_resources(&kiq, queue_bit(0) | queue_bit(5));
    a = kcq_map(h, &kiq, 0);
    b = kcq_map(h, &kiq, 5);
    commit(&kiq);
    run(h);

    /* The ring test on comp_1.1.1. */
    aemu_test_wreg(h, mmSCRATCH_REG0, 0xCAFEDEAD);
    emit_set_uconfig(&b, mmSCRATCH_REG0, 0xDEADBEEF);
    commit(&b);
    run(h);
    g_assert_cmphex(aemu_test_rreg(h, mmSCRATCH_REG0), ==, 0xDEADBEEF);
    g_assert_cmpuint(ram_r32(h, kcq(5).rptr_wb), ==, 0x100);

    /* The IB test: WRITE_DATA in an IB, then the fence with its IV. */
    aemu_test_wreg(h, mmCP_ME1_PIPE1_INT_CNTL,
                   CP_ME1_PIPE0_INT_CNTL__TIME_STAMP_INT_ENABLE_MASK);
    emit(&ib, PACKET3(PACKET3_WRITE_DATA, 3));
    emit(&ib, WRITE_DATA_DST_SEL(5) | WR_CONFIRM);
    emit(&ib, (uint32_t)mc(WB_IB_TEST) & 0xfffffffc);
    emit(&ib, (uint32_t)(mc(WB_IB_TEST) >> 32));
    emit(&ib, 0xDEADBEEF);
    /* gfx_v9_0_ring_emit_ib_compute: INDIRECT_BUFFER_VALID (bit 23). */
    emit(&b, PACKET3(PACKET3_INDIRECT_BUFFER, 2));
    emit(&b, (uint32_t)mc(IB_A));
    emit(&b, (uint32_t)(mc(IB_A) >> 32));
    emit(&b, 5 | 1u << 23);
    emit_fence(&b, mc(kcq(5).rptr_wb + 16), 9, false, true);
    commit(&b);
    run(h);
    g_assert_cmphex(ram_r32(h, WB_IB_TEST), ==, 0xDEADBEEF);
    g_assert_cmpuint(ram_r32(h, kcq(5).rptr_wb + 16), ==, 9);
    g_assert_cmpuint(ivs->len, ==, 1);
    iv = iv_at(0);
    g_assert_cmphex(iv->client_id, ==, SOC15_IH_CLIENTID_GRBM_CP);
    g_assert_cmpuint(iv->src_id, ==, GFX_9_0__SRCID__CP_EOP_INTERRUPT);
    g_assert_cmphex(iv->ring_id, ==, 1 << 4 | 1 << 2 | 1);

    /* UNMAP_QUEUES (RESET_QUEUES) of comp_1.1.1 only. */
    emit_unmap_queues(&kiq, 5, PM4_UNMAP_RESET_QUEUES);
    emit(&kiq, PACKET3(PACKET3_QUERY_STATUS, 5));
    emit(&kiq, PACKET3_QUERY_STATUS_CONTEXT_ID(0) |
               PACKET3_QUERY_STATUS_INTERRUPT_SEL(0) |
               PACKET3_QUERY_STATUS_COMMAND(2));
    emit(&kiq, PACKET3_QUERY_STATUS_DOORBELL_OFFSET(kcq(5).doorbell));
    emit(&kiq, (uint32_t)mc(WB_QUERY));
    emit(&kiq, (uint32_t)(mc(WB_QUERY) >> 32));
    emit(&kiq, 0x11);
    emit(&kiq, 0x22);
    commit(&kiq);
    run(h);
    g_assert_cmpuint(h->guest_errors->len, ==, 0);
    g_assert_cmphex(aemu_test_get64(h->ram + WB_QUERY), ==, 0x2200000011ull);
    grbm_select(h, 1, kcq_pipe(5), kcq_queue(5));
    g_assert_cmpuint(aemu_test_rreg(h, mmCP_HQD_ACTIVE), ==, 0);
    grbm_select(h, 1, kcq_pipe(0), kcq_queue(0));
    g_assert_cmpuint(aemu_test_rreg(h, mmCP_HQD_ACTIVE), ==, 1);
    grbm_select(h, 0, 0, 0);
    /* Saved: inactive, with the read pointer it stopped at. */
    g_assert_cmpuint(ram_r32(h, kcq(5).mqd + 4 * MQD_DW(mmCP_HQD_ACTIVE)),
                     ==, 0);
    g_assert_cmpuint(ram_r32(h, kcq(5).mqd + 4 * MQD_DW(mmCP_HQD_PQ_RPTR)),
                     ==, 0x200);
    /* Its doorbell now reaches nobody; the other queue still runs. */
    emit_set_uconfig(&b, mmSCRATCH_REG0, 5);
    commit(&b);
    run(h);
    g_assert_cmphex(aemu_test_rreg(h, mmSCRATCH_REG0), ==, 0xDEADBEEF);
    emit_set_uconfig(&a, mmSCRATCH_REG0, 6);
    commit(&a);
    run(h);
    g_assert_cmphex(aemu_test_rreg(h, mmSCRATCH_REG0), ==, 6);
    teardown(h);
}

/* A malformed packet on a KCQ hangs that queue, visibly, and only it. */
static void test_kcq_malformed(void)
{
    AemuTestHost *h = setup();
    Ring kiq = kiq_start(h), a, b;
    const AemuIvEntry *iv;

    emit_set_resources(&kiq, queue_bit(0) | queue_bit(5));
    a = kcq_map(h, &kiq, 0);
    b = kcq_map(h, &kiq, 5);
    commit(&kiq);
    run(h);
    aemu_test_wreg(h, mmCP_ME1_PIPE0_INT_CNTL,
                   CP_ME1_PIPE0_INT_CNTL__OPCODE_ERROR_INT_ENABLE_MASK);
    /* MAP_QUEUES is the KIQ's alone. */
    emit_map_queues(&a, 1);
    emit_set_uconfig(&a, mmSCRATCH_REG0, 1);
    commit(&a);
    run(h);
    g_assert_true(has_error(h, "MAP_QUEUES is not accepted"));
    g_assert_cmphex(aemu_test_rreg(h, mmSCRATCH_REG0), ==, 0);
    g_assert_true(aemu_test_rreg(h, mmCP_ME1_PIPE0_INT_STATUS) &
                  CP_ME1_PIPE0_INT_STATUS__OPCODE_ERROR_INT_STATUS_MASK);
    g_assert_true(aemu_test_rreg(h, mmCP_CPC_STATUS) &
                  CP_CPC_STATUS__MEC1_BUSY_MASK);
    g_assert_cmpuint(ivs->len, ==, 1);
    iv = iv_at(0);
    g_assert_cmpuint(iv->src_id, ==, GFX_9_0__SRCID__CP_BAD_OPCODE_ERROR);
    g_assert_cmphex(iv->ring_id, ==, 1 << 2);
    /* A RELEASE_MEM of gfx7's length is malformed on gfx9. */
    emit(&b, PACKET3(PACKET3_RELEASE_MEM, 5));
    for (unsigned i = 0; i < 6; i++) {
        emit(&b, 0);
    }
    commit(&b);
    run(h);
    g_assert_true(has_error(h, "RELEASE_MEM with 6 body dwords"));
    /* The KIQ still works. */
    emit_set_uconfig(&kiq, mmSCRATCH_REG0, 9);
    commit(&kiq);
    run(h);
    g_assert_cmphex(aemu_test_rreg(h, mmSCRATCH_REG0), ==, 9);
    /* MAP_QUEUES of the KIQ's own slot is refused. */
    emit(&kiq, PACKET3(PACKET3_MAP_QUEUES, 5));
    emit(&kiq, PACKET3_MAP_QUEUES_PIPE(1) | PACKET3_MAP_QUEUES_ME(1) |
               PACKET3_MAP_QUEUES_NUM_QUEUES(1));
    for (unsigned i = 0; i < 5; i++) {
        emit(&kiq, 0);
    }
    commit(&kiq);
    run(h);
    g_assert_true(has_error(h, "is the KIQ"));
    teardown(h);
}

/* ---- KFD's HIQ and the hardware scheduler ---------------------------- */

/* KFD's values (kfd_packet_manager_v9.c, kfd_device_queue_manager.c). */
#define KFD_VMID_MASK           0xFF00u
#define KFD_UNMAP_LATENCY       40u     /* KFD_UNMAP_LATENCY_MS / 100 */
#define KFD_FENCE_COMPLETED     100u
#define KFD_PASID               0x8001u
#define KFD_QUANTUM             10u     /* process_quantum, ms */
#define KFD_PT_BASE             0x00000800F0000001ull
#define KFD_SH_MEM_BASES        0x00020001u
#define KFD_SH_MEM_CONFIG       0x00000008u
#define USER_DOORBELL(i)        (0xC00u + 2 * (i))
#define USER_MQD(i)             (0x200000ull + 0x1000 * (i))
/* A user queue's amd_queue_t; its write_dispatch_id is the write pointer. */
#define USER_QUEUE(i)           (0x280000ull + 0x1000 * (i))
#define USER_WPTR(i)            mc(USER_QUEUE(i) + 56)

/* KFD's MEC1 queues on Vega10: queues 2-7 of each pipe. */
static uint64_t kfd_queue_mask(void)
{
    uint64_t m = 0;

    for (unsigned pipe = 0; pipe < 4; pipe++) {
        m |= 0xFCull << (pipe * 8);
    }
    return m;
}

/*
 * kq_submit_packet: the 64-bit wptr (dwords) to its slot, then the 64-bit
 * doorbell; no padding, the HIQ's ring is not aligned like amdgpu's.
 */
static void hiq_submit(Ring *r)
{
    aemu_test_put64(r->h->ram + r->wptr_wb, r->wptr);
    aemu_doorbell_write(r->h->dev, 4ull * r->doorbell, r->wptr, 8);
}

/* pm_set_resources_v9, with the scheduler's VMIDs and HQDs. */
static void emit_hws_set_resources_masks(Ring *r, uint32_t vmid_mask,
                                         uint64_t qm)
{
    emit(r, PACKET3(PACKET3_SET_RESOURCES, 6));
    emit(r, PACKET3_SET_RESOURCES_VMID_MASK(vmid_mask) |
            KFD_UNMAP_LATENCY << 16 |
            PACKET3_SET_RESOURCES_QUEUE_TYPE(PM4_SET_RESOURCES_QUEUE_TYPE_HIQ));
    emit(r, (uint32_t)qm);
    emit(r, (uint32_t)(qm >> 32));
    emit(r, 0xFFFFFFFF);            /* gws_mask ~0 */
    emit(r, 0xFFFFFFFF);
    emit(r, 0);                     /* oac */
    emit(r, 0);                     /* gds heap */
}

/* KFD's: VMIDs 8-15, its 24 MEC1 queues. */
static void emit_hws_set_resources(Ring *r)
{
    emit_hws_set_resources_masks(r, KFD_VMID_MASK, kfd_queue_mask());
}

/* pm_query_status_v9 (command 2), or with an interrupt (command 3). */
static void emit_hws_query_status(Ring *r, unsigned command, uint32_t ctx,
                                  uint64_t addr, uint64_t value)
{
    emit(r, PACKET3(PACKET3_QUERY_STATUS, 5));
    emit(r, PACKET3_QUERY_STATUS_CONTEXT_ID(ctx) |
            PACKET3_QUERY_STATUS_INTERRUPT_SEL(PM4_QUERY_STATUS_SEL_COMPLETION) |
            PACKET3_QUERY_STATUS_COMMAND(command));
    emit(r, 0);
    emit(r, (uint32_t)addr);
    emit(r, (uint32_t)(addr >> 32));
    emit(r, (uint32_t)value);
    emit(r, (uint32_t)(value >> 32));
}

/* pm_runlist_v9. */
static void emit_hws_run_list(Ring *r, uint64_t ib, uint32_t dw,
                              unsigned processes)
{
    emit(r, PACKET3(PACKET3_RUN_LIST, 2));
    emit(r, (uint32_t)ib & PM4_RUN_LIST_IB_BASE_LO_MASK);
    emit(r, (uint32_t)(ib >> 32));
    emit(r, dw | 1u << 23 /* VALID */ | processes << 24);
}

/* pm_unmap_queues_v9: preempt by PASID, or all queues. */
static void emit_hws_unmap(Ring *r, unsigned sel, uint32_t pasid)
{
    emit(r, PACKET3(PACKET3_UNMAP_QUEUES, 4));
    emit(r, PACKET3_UNMAP_QUEUES_ACTION(PM4_UNMAP_PREEMPT_QUEUES) |
            PACKET3_UNMAP_QUEUES_QUEUE_SEL(sel) |
            PACKET3_UNMAP_QUEUES_ENGINE_SEL(0));
    emit(r, pasid);
    emit(r, 0);
    emit(r, 0);
    emit(r, 0);
}

/*
 * kernel_queue_init(HIQ) + kgd_gfx_v9_hiq_mqd_load: the MQD (KFD's leaves
 * DOORBELL_EN clear), the HIQ's first packets rung before the KIQ ran the
 * MAP_QUEUES (KFD does not wait for it), then the MAP_QUEUES itself with
 * ENGINE_SEL HIQ for MEC2 pipe 0 queue 0.
 */
static Ring hiq_start(AemuTestHost *h, Ring *kiq, void (*first)(Ring *))
{
    HqdInit q = { .mqd = HIQ_MQD, .eop = HIQ_EOP, .ring = HIQ_RING,
                  .rptr_wb = WB_HIQ_RPTR, .wptr_wb = WB_HIQ_WPTR,
                  .doorbell = DOORBELL_HIQ };
    Ring hiq = { .h = h, .bus = HIQ_RING, .size_dw = RING_DW,
                 .doorbell = DOORBELL_HIQ, .wptr_wb = WB_HIQ_WPTR };

    mqd_init(h, &q);
    ram_w32(h, q.mqd + 4 * MQD_DW(mmCP_HQD_PQ_DOORBELL_CONTROL),
            DOORBELL_HIQ << CP_HQD_PQ_DOORBELL_CONTROL__DOORBELL_OFFSET__SHIFT);
    if (first) {
        first(&hiq);
        hiq_submit(&hiq);
        run(h);
    }
    emit(kiq, PACKET3(PACKET3_MAP_QUEUES, 5));
    emit(kiq, PACKET3_MAP_QUEUES_QUEUE_SEL(0) | PACKET3_MAP_QUEUES_VMID(0) |
              PACKET3_MAP_QUEUES_QUEUE(0) | PACKET3_MAP_QUEUES_PIPE(0) |
              PACKET3_MAP_QUEUES_ME(1) | PACKET3_MAP_QUEUES_QUEUE_TYPE(0) |
              PACKET3_MAP_QUEUES_ALLOC_FORMAT(0) |
              PACKET3_MAP_QUEUES_ENGINE_SEL(PM4_MAP_QUEUES_ENGINE_HIQ) |
              PACKET3_MAP_QUEUES_NUM_QUEUES(1));
    emit(kiq, PACKET3_MAP_QUEUES_DOORBELL_OFFSET(DOORBELL_HIQ));
    emit(kiq, (uint32_t)mc(q.mqd));
    emit(kiq, (uint32_t)(mc(q.mqd) >> 32));
    emit(kiq, (uint32_t)mc(q.wptr_wb));
    emit(kiq, (uint32_t)(mc(q.wptr_wb) >> 32));
    commit(kiq);
    run(h);
    return hiq;
}

/*
 * start_cpsch: SET_RESOURCES rung before the HIQ is mapped still runs once
 * it is (the write pointer comes from WPTR_ADDR); the scheduler records
 * it, the HIQ reports its read pointer. QUERY_STATUS writes KFD's fence,
 * without an interrupt (command 2), and with one (command 3) carrying
 * the context id from the HIQ's ME 2 pipe 0 queue 0.
 */
static void test_hiq_set_resources_query_status(void)
{
    AemuTestHost *h = setup();
    Ring kiq = kiq_start(h), hiq = hiq_start(h, &kiq, emit_hws_set_resources);
    const AemuHws *hws = aemu_gfx_v9_hws(h->dev);
    const AemuIvEntry *iv;

    g_assert_cmpuint(h->guest_errors->len, ==, 0);
    grbm_select(h, 2, 0, 0);
    g_assert_cmpuint(aemu_test_rreg(h, mmCP_HQD_ACTIVE), ==, 1);
    g_assert_true(aemu_test_rreg(h, mmCP_HQD_PQ_DOORBELL_CONTROL) &
                  CP_HQD_PQ_DOORBELL_CONTROL__DOORBELL_EN_MASK);
    grbm_select(h, 0, 0, 0);
    g_assert_true(hws->resources_set);
    g_assert_cmphex(hws->vmid_mask, ==, KFD_VMID_MASK);
    g_assert_cmphex(hws->queue_mask, ==, kfd_queue_mask());
    g_assert_cmphex(hws->gws_mask, ==, ~0ull);
    g_assert_cmpuint(hws->unmap_latency_ms, ==, KFD_UNMAP_LATENCY * 100);
    g_assert_cmpuint(ram_r32(h, WB_HIQ_RPTR), ==, hiq.wptr);

    /* KFD writes 10 first and polls for 100. */
    aemu_test_put64(h->ram + WB_DQM_FENCE, 10);
    emit_hws_query_status(&hiq, PM4_QUERY_STATUS_CMD_FENCE_AFTER_ACK, 0,
                          mc(WB_DQM_FENCE), KFD_FENCE_COMPLETED);
    hiq_submit(&hiq);
    run(h);
    g_assert_cmpuint(aemu_test_get64(h->ram + WB_DQM_FENCE), ==,
                     KFD_FENCE_COMPLETED);
    g_assert_cmpuint(ivs->len, ==, 0);

    emit_hws_query_status(&hiq, PM4_QUERY_STATUS_CMD_FENCE_AND_INT, 0x1234,
                          mc(WB_DQM_FENCE), 0x100000000ull | 7);
    hiq_submit(&hiq);
    run(h);
    g_assert_cmphex(aemu_test_get64(h->ram + WB_DQM_FENCE), ==,
                    0x100000000ull | 7);
    g_assert_cmpuint(ivs->len, ==, 1);
    iv = iv_at(0);
    g_assert_cmpuint(iv->client_id, ==, SOC15_IH_CLIENTID_GRBM_CP);
    g_assert_cmpuint(iv->src_id, ==, GFX_9_0__SRCID__CP_COMPUTE_QUERY_STATUS);
    g_assert_cmphex(iv->ring_id, ==, 2 << 2);
    g_assert_cmphex(iv->src_data[0], ==, 0x1234);
    g_assert_cmpuint(ram_r32(h, WB_HIQ_RPTR), ==, hiq.wptr);
    g_assert_cmpuint(h->guest_errors->len, ==, 0);
    g_assert_cmpuint(h->unimps->len, ==, 0);
    teardown(h);
}

/* pm_map_process_v9 + pm_map_queues_v9 entries at *ib. */
static void put_runlist_process_pasid(AemuTestHost *h, uint64_t *ib,
                                      unsigned queues, unsigned first,
                                      uint32_t pasid)
{
#define IB_PUT(v) (aemu_test_put32(h->ram + *ib, (v)), *ib += 4)
    IB_PUT(PACKET3(PACKET3_MAP_PROCESS, PM4_MAP_PROCESS_BODY - 1));
    IB_PUT(pasid | KFD_QUANTUM << 25);
    IB_PUT((uint32_t)KFD_PT_BASE);
    IB_PUT((uint32_t)(KFD_PT_BASE >> 32));
    IB_PUT(KFD_SH_MEM_BASES);
    IB_PUT(KFD_SH_MEM_CONFIG);
    for (unsigned i = 0; i < 7; i++) {
        IB_PUT(0);                  /* TBA, TMA, reserved, GDS */
    }
    IB_PUT(queues << 22 | 1u << 7); /* num_queues, sdma_enable */
    IB_PUT(0);
    IB_PUT(0);
    for (unsigned i = first; i < first + queues; i++) {
        IB_PUT(PACKET3(PACKET3_MAP_QUEUES, PM4_MAP_QUEUES_BODY - 1));
        IB_PUT(PACKET3_MAP_QUEUES_QUEUE_SEL(PM4_MAP_QUEUES_SEL_HWS_DETERMINED) |
               PACKET3_MAP_QUEUES_ENGINE_SEL(PM4_MAP_QUEUES_ENGINE_COMPUTE) |
               PACKET3_MAP_QUEUES_NUM_QUEUES(1));
        IB_PUT(PACKET3_MAP_QUEUES_DOORBELL_OFFSET(USER_DOORBELL(i)));
        IB_PUT((uint32_t)mc(USER_MQD(i)));
        IB_PUT((uint32_t)(mc(USER_MQD(i)) >> 32));
        IB_PUT((uint32_t)USER_WPTR(i));
        IB_PUT((uint32_t)(USER_WPTR(i) >> 32));
    }
#undef IB_PUT
}

static void put_runlist_process(AemuTestHost *h, uint64_t *ib,
                                unsigned queues, unsigned first)
{
    put_runlist_process_pasid(h, ib, queues, first, KFD_PASID);
}

/*
 * execute_queues_cpsch on the HIQ: an empty runlist is taken; a runlist
 * of one process with two queues is parsed into the scheduler's state and
 * run (a VMID, two HQDs); UNMAP_QUEUES by PASID empties it and frees the
 * HQDs, then QUERY_STATUS writes the fence KFD waits for.
 */
static void test_hiq_run_list(void)
{
    AemuTestHost *h = setup();
    Ring kiq = kiq_start(h), hiq = hiq_start(h, &kiq, emit_hws_set_resources);
    const AemuHws *hws = aemu_gfx_v9_hws(h->dev);
    uint64_t ib = RUNLIST_IB;

    /* An empty runlist. */
    emit_hws_run_list(&hiq, mc(RUNLIST_IB), 0, 0);
    emit_hws_query_status(&hiq, PM4_QUERY_STATUS_CMD_FENCE_AFTER_ACK, 0,
                          mc(WB_DQM_FENCE), KFD_FENCE_COMPLETED);
    hiq_submit(&hiq);
    run(h);
    g_assert_cmpuint(aemu_test_get64(h->ram + WB_DQM_FENCE), ==,
                     KFD_FENCE_COMPLETED);
    g_assert_true(hws->runlist_active);
    g_assert_cmpuint(hws->num_processes, ==, 0);
    g_assert_cmpuint(hws->num_queues, ==, 0);
    g_assert_cmpuint(h->unimps->len, ==, 0);
    /* UNMAP_QUEUES of all queues ends it. */
    emit_hws_unmap(&hiq, PM4_UNMAP_QUEUE_SEL_ALL, 0);
    hiq_submit(&hiq);
    run(h);
    g_assert_false(hws->runlist_active);

    /* One process, two queues. */
    put_runlist_process(h, &ib, 2, 0);
    aemu_test_put64(h->ram + WB_DQM_FENCE, 10);
    emit_hws_run_list(&hiq, mc(RUNLIST_IB), (ib - RUNLIST_IB) / 4, 1);
    emit_hws_query_status(&hiq, PM4_QUERY_STATUS_CMD_FENCE_AFTER_ACK, 0,
                          mc(WB_DQM_FENCE), KFD_FENCE_COMPLETED);
    hiq_submit(&hiq);
    run(h);
    g_assert_cmpuint(h->guest_errors->len, ==, 0);
    g_assert_cmpuint(aemu_test_get64(h->ram + WB_DQM_FENCE), ==,
                     KFD_FENCE_COMPLETED);
    g_assert_true(hws->runlist_active);
    g_assert_cmpuint(hws->process_cnt, ==, 1);
    g_assert_cmpuint(hws->num_processes, ==, 1);
    g_assert_cmphex(hws->processes[0].pasid, ==, KFD_PASID);
    g_assert_cmphex(hws->processes[0].page_table_base, ==, KFD_PT_BASE);
    g_assert_cmphex(hws->processes[0].sh_mem_bases, ==, KFD_SH_MEM_BASES);
    g_assert_cmphex(hws->processes[0].sh_mem_config, ==, KFD_SH_MEM_CONFIG);
    g_assert_cmpuint(hws->processes[0].quantum, ==, KFD_QUANTUM);
    g_assert_cmpuint(hws->processes[0].num_queues, ==, 2);
    g_assert_cmpuint(hws->num_queues, ==, 2);
    g_assert_cmphex(hws->queues[1].doorbell, ==, USER_DOORBELL(1) << 2);
    g_assert_cmphex(hws->queues[1].mqd, ==, mc(USER_MQD(1)));
    g_assert_cmphex(hws->queues[1].wptr_addr, ==, USER_WPTR(1));
    g_assert_cmpuint(hws->queues[1].engine, ==, PM4_MAP_QUEUES_ENGINE_COMPUTE);
    g_assert_cmpuint(h->unimps->len, ==, 0);
    /*
     * Run: the process got the scheduler's first VMID, set up as the
     * firmware does (page table on both hubs, apertures, PASID for ATHUB
     * and the IH); its queues the first two of KFD's HQDs, in that VMID,
     * their doorbells enabled.
     */
    g_assert_cmpuint(hws->processes[0].vmid, ==, 8);
    g_assert_cmphex(aemu_test_rreg(h, GC_mmVM_CONTEXT0_PAGE_TABLE_BASE_ADDR_LO32 +
                                   2 * 8), ==, (uint32_t)KFD_PT_BASE);
    g_assert_cmphex(aemu_test_rreg(h, MMHUB_mmVM_CONTEXT0_PAGE_TABLE_BASE_ADDR_HI32 +
                                   2 * 8), ==, (uint32_t)(KFD_PT_BASE >> 32));
    g_assert_cmphex(aemu_reg_get_bank(h->dev, mmSH_MEM_BASES, 8), ==,
                    KFD_SH_MEM_BASES);
    g_assert_cmphex(aemu_reg_get_bank(h->dev, mmSH_MEM_CONFIG, 8), ==,
                    KFD_SH_MEM_CONFIG);
    g_assert_cmphex(aemu_test_rreg(h, mmIH_VMID_0_LUT + 8), ==, KFD_PASID);
    g_assert_cmphex(aemu_test_rreg(h, mmATC_VMID0_PASID_MAPPING + 8), ==,
                    KFD_PASID | ATC_VMID0_PASID_MAPPING__VALID_MASK);
    for (unsigned i = 0; i < 2; i++) {
        grbm_select(h, 1, 0, 2 + i);
        g_assert_cmpuint(aemu_test_rreg(h, mmCP_HQD_ACTIVE), ==, 1);
        g_assert_cmpuint(aemu_test_rreg(h, mmCP_HQD_VMID), ==, 8);
        g_assert_cmphex(aemu_test_rreg(h, mmCP_HQD_PQ_DOORBELL_CONTROL), ==,
                        USER_DOORBELL(i) << 2 |
                        CP_HQD_PQ_DOORBELL_CONTROL__DOORBELL_EN_MASK);
    }
    grbm_select(h, 0, 0, 0);

    /* destroy_queues_cpsch: UNMAP_QUEUES by PASID, then the fence. */
    aemu_test_put64(h->ram + WB_DQM_FENCE, 10);
    emit_hws_unmap(&hiq, PM4_UNMAP_QUEUE_SEL_PASID, KFD_PASID);
    emit_hws_query_status(&hiq, PM4_QUERY_STATUS_CMD_FENCE_AFTER_ACK, 0,
                          mc(WB_DQM_FENCE), KFD_FENCE_COMPLETED);
    hiq_submit(&hiq);
    run(h);
    g_assert_cmpuint(aemu_test_get64(h->ram + WB_DQM_FENCE), ==,
                     KFD_FENCE_COMPLETED);
    g_assert_false(hws->runlist_active);
    g_assert_cmpuint(hws->num_queues, ==, 0);
    /* Preempted: the HQDs are free again. */
    grbm_select(h, 1, 0, 2);
    g_assert_cmpuint(aemu_test_rreg(h, mmCP_HQD_ACTIVE), ==, 0);
    grbm_select(h, 0, 0, 0);
    /* The preemption-failure report in the HIQ's MQD stays 0. */
    g_assert_cmpuint(ram_r32(h, HIQ_MQD + 4 * 240), ==, 0);
    g_assert_cmpuint(h->guest_errors->len, ==, 0);
    teardown(h);
}

/* ---- A user AQL queue through the scheduler -------------------------- */

/* Host RAM of the AQL test: ring, kernel, kernargs, signals, output. */
#define AQL_RING        0x300000ull
#define AQL_RING_DW     1024u           /* 64 packets */
#define AQL_RING_ORDER  9u              /* 2 << 9 dwords */
#define AQL_KD          0x310000ull     /* kernel descriptor, code at +256 */
#define AQL_KARG        0x311000ull     /* + 0x100 per dispatch */
#define AQL_SIG         0x312000ull     /* amd_signal_t, 0x100 apart */
#define AQL_MAILBOX     0x313000ull
#define AQL_OUT         0x320000ull     /* + 0x10000 per dispatch */
#define AQL_GRID        200u            /* 3 full groups of 64 and 8 */
#define AQL_GROUP       64u
#define AQL_EVENT_ID    0x42u
#define AQL_XOR         0xa5a50000u

/*
 * The fill kernel of the dispatch tests behind an AQL kernel descriptor:
 * its output address comes from the kernarg segment (s[0:1], the only
 * user SGPRs the descriptor enables), the group id in s2.
 */
static const uint32_t k_aql_fill[] = {
    0xc0060100u, 0x00000000u,    /* s_load_dwordx2 s[4:5], s[0:1], 0x0 */
    0xbf8cc07fu,                 /* s_waitcnt lgkmcnt(0) */
    0x8e038602u,                 /* s_lshl_b32 s3, s2, 6 */
    0x32020003u,                 /* v_add_co_u32_e32 v1, vcc, s3, v0 */
    0x24040282u,                 /* v_lshlrev_b32_e32 v2, 2, v1 */
    0x7e060205u,                 /* v_mov_b32_e32 v3, s5 */
    0x32040404u,                 /* v_add_co_u32_e32 v2, vcc, s4, v2 */
    0xd11c6a03u, 0x01a90103u,    /* v_addc_co_u32_e64 v3, vcc, v3, 0, vcc */
    0x2a0802ffu, 0xa5a50000u,    /* v_xor_b32_e32 v4, 0xa5a50000, v1 */
    0xdc700000u, 0x00000402u,    /* flat_store_dword v[2:3], v4 */
    0xbf8c0070u,                 /* s_waitcnt vmcnt(0) lgkmcnt(0) */
    0xbf810000u,                 /* s_endpgm */
};

/* kernel_descriptor_t: entry 256 bytes on, 2 user SGPRs (kernarg ptr). */
static void put_kernel(AemuTestHost *h)
{
    uint8_t *kd = h->ram + AQL_KD;

    memset(kd, 0, 64);
    aemu_test_put64(kd + 16, 256);                      /* entry offset */
    aemu_test_put32(kd + 48, 1u << AEMU_SH_RSRC1_VGPRS.shift |
                             1u << AEMU_SH_RSRC1_SGPRS.shift);
    aemu_test_put32(kd + 52, 2u << AEMU_SH_RSRC2_USER_SGPR.shift |
                             AEMU_SH_RSRC2_TGID_X_EN.mask);
    aemu_test_put32(kd + 56, 1u << 3);                  /* kernarg ptr */
    for (unsigned i = 0; i < G_N_ELEMENTS(k_aql_fill); i++) {
        ram_w32(h, AQL_KD + 256 + 4 * i, k_aql_fill[i]);
    }
}

/* amd_signal_t: a user signal of value 1, with an event mailbox or not. */
static void put_signal(AemuTestHost *h, unsigned i, bool event)
{
    uint8_t *s = h->ram + AQL_SIG + 0x100 * i;

    memset(s, 0, 64);
    aemu_test_put64(s, 1);                              /* kind: user */
    aemu_test_put64(s + 8, 1);
    if (event) {
        aemu_test_put64(s + 16, mc(AQL_MAILBOX));
        aemu_test_put32(s + 24, AQL_EVENT_ID);
    }
}

static uint64_t sig_at(unsigned i)
{
    return mc(AQL_SIG + 0x100 * i);
}

/* hsa_kernel_dispatch_packet_t in slot `slot`, dispatch `n`'s kernarg. */
static void put_dispatch_on(AemuTestHost *h, uint64_t ring, unsigned slot,
                            unsigned n, uint64_t signal)
{
    uint8_t *p = h->ram + ring + 64 * slot;

    memset(p, 0, 64);
    aemu_test_put64(h->ram + AQL_KARG + 0x100 * n, mc(AQL_OUT + 0x10000 * n));
    aemu_test_put32(p + 4, AQL_GROUP | 1u << 16);       /* wg x, y */
    aemu_test_put32(p + 8, 1);                          /* wg z */
    aemu_test_put32(p + 12, AQL_GRID);
    aemu_test_put32(p + 16, 1);
    aemu_test_put32(p + 20, 1);
    aemu_test_put64(p + 32, mc(AQL_KD));
    aemu_test_put64(p + 40, mc(AQL_KARG + 0x100 * n));
    aemu_test_put64(p + 56, signal);
    /* The header last: type KERNEL_DISPATCH, barrier, 1 dimension. */
    aemu_test_put32(p, 2u | 1u << 8 | 1u << 16);
}

static void put_dispatch(AemuTestHost *h, unsigned slot, unsigned n,
                         uint64_t signal)
{
    put_dispatch_on(h, AQL_RING, slot, n, signal);
}

static void put_barrier_and_on(AemuTestHost *h, uint64_t ring, unsigned slot,
                               uint64_t dep, uint64_t signal)
{
    uint8_t *p = h->ram + ring + 64 * slot;

    memset(p, 0, 64);
    aemu_test_put64(p + 8, dep);
    aemu_test_put64(p + 56, signal);
    aemu_test_put32(p, 3u | 1u << 8);
}

static void put_barrier_and(AemuTestHost *h, unsigned slot, uint64_t dep,
                            uint64_t signal)
{
    put_barrier_and_on(h, AQL_RING, slot, dep, signal);
}

/*
 * kfd_mqd_manager_v9.c init_mqd/update_mqd for an AQL queue of 64 packets:
 * the read pointer reported to amd_queue_t's read_dispatch_id, whose
 * read_dispatch_id_field_base_byte_offset leads back to the queue.
 */
static void put_aql_queue_on(AemuTestHost *h, unsigned i, uint64_t ring)
{
    uint8_t *m = h->ram + USER_MQD(i), *q = h->ram + USER_QUEUE(i);

    memset(m, 0, 4096);
    memset(q, 0, 256);
    aemu_test_put32(q + 136, 128);
    aemu_test_put32(m + 4 * MQD_DW(mmCP_MQD_BASE_ADDR),
                    (uint32_t)mc(USER_MQD(i)));
    aemu_test_put32(m + 4 * MQD_DW(mmCP_MQD_BASE_ADDR_HI),
                    (uint32_t)(mc(USER_MQD(i)) >> 32));
    aemu_test_put32(m + 4 * MQD_DW(mmCP_HQD_PQ_BASE),
                    (uint32_t)(mc(ring) >> 8));
    aemu_test_put32(m + 4 * MQD_DW(mmCP_HQD_PQ_BASE_HI),
                    (uint32_t)(mc(ring) >> 40));
    aemu_test_put32(m + 4 * MQD_DW(mmCP_HQD_PQ_CONTROL),
                    AQL_RING_ORDER | CP_HQD_PQ_CONTROL__NO_UPDATE_RPTR_MASK);
    aemu_test_put32(m + 4 * MQD_DW(mmCP_HQD_PQ_RPTR_REPORT_ADDR),
                    (uint32_t)mc(USER_QUEUE(i) + 128));
    aemu_test_put32(m + 4 * MQD_DW(mmCP_HQD_PQ_RPTR_REPORT_ADDR_HI),
                    (uint32_t)(mc(USER_QUEUE(i) + 128) >> 32));
    aemu_test_put32(m + 4 * MQD_DW(mmCP_HQD_AQL_CONTROL),
                    1u << CP_HQD_AQL_CONTROL__CONTROL0__SHIFT);
}

static void put_aql_queue(AemuTestHost *h, unsigned i)
{
    put_aql_queue_on(h, i, AQL_RING);
}

static void aql_ring(AemuTestHost *h, unsigned i, uint64_t last)
{
    aemu_test_put64(h->ram + USER_QUEUE(i) + 56, last + 1);
    aemu_doorbell_write(h->dev, 4ull * USER_DOORBELL(i), last, 8);
}

static void check_fill(AemuTestHost *h, unsigned n, bool done)
{
    for (unsigned i = 0; i <= AQL_GRID; i++) {
        uint32_t want = done && i < AQL_GRID ? i ^ AQL_XOR : 0;

        g_assert_cmphex(ram_r32(h, AQL_OUT + 0x10000 * n + 4 * i), ==, want);
    }
}

/*
 * ROCr's hsa_queue_create + dispatches under the hardware scheduler: the
 * runlist maps the AQL queue; a kernel dispatch from its descriptor (a
 * partial last group) fills its output, moves read_dispatch_id,
 * decrements its completion signal, writes the event id to the mailbox
 * and sends the end-of-pipe IV with it, in the process's VMID; a
 * barrier-AND holds the next dispatch until its dependency reaches 0;
 * preemption saves the queue's read pointer into its MQD.
 */
static void test_hws_aql_queue(void)
{
    AemuTestHost *h = setup();
    Ring kiq = kiq_start(h), hiq = hiq_start(h, &kiq, emit_hws_set_resources);
    uint64_t ib = RUNLIST_IB;
    const AemuIvEntry *iv;

    put_aql_queue(h, 0);
    put_kernel(h);
    /* KFD's init_interrupts on its pipes. */
    aemu_test_wreg(h, mmCP_ME1_PIPE0_INT_CNTL,
                   CP_ME1_PIPE0_INT_CNTL__TIME_STAMP_INT_ENABLE_MASK);
    put_runlist_process(h, &ib, 1, 0);
    emit_hws_run_list(&hiq, mc(RUNLIST_IB), (ib - RUNLIST_IB) / 4, 1);
    hiq_submit(&hiq);
    run(h);
    g_assert_cmpuint(h->guest_errors->len, ==, 0);
    g_assert_cmpuint(h->unimps->len, ==, 0);

    put_signal(h, 0, true);     /* dispatch 0's completion */
    put_signal(h, 1, false);    /* the barrier's dependency */
    put_signal(h, 2, false);    /* the barrier's completion */
    put_dispatch(h, 0, 0, sig_at(0));
    put_barrier_and(h, 1, sig_at(1), sig_at(2));
    put_dispatch(h, 2, 1, 0);
    aql_ring(h, 0, 2);
    run(h);
    g_assert_cmpuint(h->guest_errors->len, ==, 0);
    g_assert_cmpuint(h->unimps->len, ==, 0);
    check_fill(h, 0, true);
    check_fill(h, 1, false);
    g_assert_cmpuint(aemu_test_get64(h->ram + AQL_SIG + 8), ==, 0);
    g_assert_cmpuint(ram_r32(h, AQL_MAILBOX), ==, AQL_EVENT_ID);
    g_assert_cmpuint(aemu_test_get64(h->ram + USER_QUEUE(0) + 128), ==, 1);
    g_assert_cmpuint(ivs->len, ==, 1);
    iv = iv_at(0);
    g_assert_cmpuint(iv->src_id, ==, GFX_9_0__SRCID__CP_EOP_INTERRUPT);
    g_assert_cmpuint(iv->vmid, ==, 8);
    g_assert_cmphex(iv->src_data[0], ==, AQL_EVENT_ID);
    g_assert_cmphex(iv->ring_id, ==, 2 << 4 | 1 << 2);     /* ME1 queue 2 */

    /* The dependency is met: the barrier completes, the dispatch runs. */
    aemu_test_put64(h->ram + AQL_SIG + 0x100 + 8, 0);
    run(h);
    check_fill(h, 1, true);
    g_assert_cmpuint(aemu_test_get64(h->ram + AQL_SIG + 0x200 + 8), ==, 0);
    g_assert_cmpuint(aemu_test_get64(h->ram + USER_QUEUE(0) + 128), ==, 3);
    g_assert_cmpuint(ivs->len, ==, 1);

    /* Preempted: the HQD's read pointer (dwords) goes back to the MQD. */
    emit_hws_unmap(&hiq, PM4_UNMAP_QUEUE_SEL_PASID, KFD_PASID);
    hiq_submit(&hiq);
    run(h);
    g_assert_cmpuint(ram_r32(h, USER_MQD(0) + 4 * MQD_DW(mmCP_HQD_PQ_RPTR)),
                     ==, 3 * 16);

    /*
     * Restored (a new runlist), then preempted while dispatches are in
     * flight: the queue stops between packets, so the saved read pointer
     * and read_dispatch_id agree and every packet before them is complete.
     */
    ib = RUNLIST_IB;
    put_runlist_process(h, &ib, 1, 0);
    emit_hws_run_list(&hiq, mc(RUNLIST_IB), (ib - RUNLIST_IB) / 4, 1);
    hiq_submit(&hiq);
    run(h);
    for (unsigned i = 0; i < 3; i++) {
        put_dispatch(h, 3 + i, 2 + i, 0);
    }
    aql_ring(h, 0, 5);
    emit_hws_unmap(&hiq, PM4_UNMAP_QUEUE_SEL_PASID, KFD_PASID);
    hiq_submit(&hiq);
    run(h);
    {
        uint64_t rdi = aemu_test_get64(h->ram + USER_QUEUE(0) + 128);

        g_assert_cmpuint(rdi, >=, 3);
        g_assert_cmpuint(ram_r32(h, USER_MQD(0) +
                                 4 * MQD_DW(mmCP_HQD_PQ_RPTR)), ==, rdi * 16);
        for (unsigned n = 2; n < 5; n++) {
            check_fill(h, n, n + 1 < rdi);
        }
    }
    g_assert_cmpuint(h->guest_errors->len, ==, 0);
    teardown(h);
}

/* ---- Over-subscription: more queues than HQDs, processes than VMIDs -- */

/* Queue i's ring in the over-subscription tests (64 packets each). */
#define OS_RING(i)      (0x400000ull + 0x1000ull * (i))
/* The first of KFD's HQDs (pipe 0 queue 2), and the first two. */
#define OS_ONE_HQD      0x04ull
#define OS_TWO_HQDS     0x0Cull
/* VMIDs 8 and 9 only. */
#define OS_TWO_VMIDS    0x0300u

static void emit_hws_set_resources_one_hqd(Ring *r)
{
    emit_hws_set_resources_masks(r, KFD_VMID_MASK, OS_ONE_HQD);
}

static void emit_hws_set_resources_two_hqds(Ring *r)
{
    emit_hws_set_resources_masks(r, KFD_VMID_MASK, OS_TWO_HQDS);
}

static void emit_hws_set_resources_two_vmids(Ring *r)
{
    emit_hws_set_resources_masks(r, OS_TWO_VMIDS, kfd_queue_mask());
}

/*
 * pm_create_runlist_ib when over-subscribed: a RUN_LIST after the last
 * entry, chained to the IB's own start; emit the RUN_LIST for that IB.
 */
static void run_chained_runlist(AemuTestHost *h, Ring *hiq, uint64_t *ib,
                                unsigned processes)
{
    uint32_t dw = (uint32_t)(*ib - RUNLIST_IB) / 4 + 1 + PM4_RUN_LIST_BODY;
    uint32_t ctl = dw | 1u << 20 /* CHAIN */ | 1u << 23 /* VALID */ |
                   processes << 24;

    aemu_test_put32(h->ram + *ib, PACKET3(PACKET3_RUN_LIST, 2));
    aemu_test_put32(h->ram + *ib + 4, (uint32_t)mc(RUNLIST_IB));
    aemu_test_put32(h->ram + *ib + 8, (uint32_t)(mc(RUNLIST_IB) >> 32));
    aemu_test_put32(h->ram + *ib + 12, ctl);
    *ib += 16;
    emit_hws_run_list(hiq, mc(RUNLIST_IB), dw, processes);
    hiq_submit(hiq);
}

static uint64_t read_dispatch_id(AemuTestHost *h, unsigned i)
{
    return aemu_test_get64(h->ram + USER_QUEUE(i) + 128);
}

/* SET_RESOURCES naming VMID 0, the kernel's: refused, the rest kept. */
static void test_hws_vmid0_refused(void)
{
    AemuTestHost *h = setup();
    Ring kiq = kiq_start(h), hiq = hiq_start(h, &kiq, emit_hws_set_resources);
    const AemuHws *hws = aemu_gfx_v9_hws(h->dev);

    emit_hws_set_resources_masks(&hiq, KFD_VMID_MASK | 1u, kfd_queue_mask());
    hiq_submit(&hiq);
    run(h);
    g_assert_true(has_error(h, "VMID 0"));
    g_assert_cmphex(hws->vmid_mask, ==, KFD_VMID_MASK);
    teardown(h);
}

/*
 * Four AQL queues of one process on two HQDs (KFD: more compute queues
 * than get_cp_queues_num, a runlist chained to itself): two run, two
 * wait; as the running ones run dry they give their HQDs up and the
 * waiting ones are loaded from their MQDs. Every dispatch of every queue
 * runs once.
 */
static void test_hws_oversubscribed_queues(void)
{
    AemuTestHost *h = setup();
    Ring kiq = kiq_start(h),
         hiq = hiq_start(h, &kiq, emit_hws_set_resources_two_hqds);
    const AemuHws *hws = aemu_gfx_v9_hws(h->dev);
    uint64_t ib = RUNLIST_IB;

    put_kernel(h);
    for (unsigned i = 0; i < 4; i++) {
        put_aql_queue_on(h, i, OS_RING(i));
        put_signal(h, i, false);
        put_dispatch_on(h, OS_RING(i), 0, i, sig_at(i));
        put_dispatch_on(h, OS_RING(i), 1, 4 + i, 0);
        aql_ring(h, i, 1);
    }
    put_runlist_process(h, &ib, 4, 0);
    run_chained_runlist(h, &hiq, &ib, 1);
    run(h);
    g_assert_true(hws->chained);
    g_assert_cmpuint(hws->num_queues, ==, 4);
    g_assert_cmpuint(!!hws->queues[0].hqd + !!hws->queues[1].hqd +
                     !!hws->queues[2].hqd + !!hws->queues[3].hqd, <=, 2);

    aemu_test_host_advance(h, 20 * RUN_NS);
    for (unsigned i = 0; i < 4; i++) {
        check_fill(h, i, true);
        check_fill(h, 4 + i, true);
        g_assert_cmpuint(aemu_test_get64(h->ram + AQL_SIG + 0x100 * i + 8),
                         ==, 0);
        g_assert_cmpuint(read_dispatch_id(h, i), ==, 2);
    }
    g_assert_cmpuint(hws->switches, >=, 2);
    g_assert_cmpuint(h->guest_errors->len, ==, 0);
    g_assert_cmpuint(h->unimps->len, ==, 0);

    /* KFD's preemption still takes every queue, mapped or waiting. */
    emit_hws_unmap(&hiq, PM4_UNMAP_QUEUE_SEL_ALL, 0);
    hiq_submit(&hiq);
    run(h);
    g_assert_false(hws->runlist_active);
    g_assert_cmpuint(h->guest_errors->len, ==, 0);
    teardown(h);
}

/*
 * Two queues on one HQD, the first held by a barrier-AND whose
 * dependency is not met: it keeps the HQD until its quantum
 * (process_quantum, ms) ends, then is preempted at the barrier and the
 * second runs; once the dependency is met the first gets the HQD back
 * (the second has run dry) and resumes at the barrier it was saved at.
 */
static void test_hws_quantum(void)
{
    AemuTestHost *h = setup();
    Ring kiq = kiq_start(h),
         hiq = hiq_start(h, &kiq, emit_hws_set_resources_one_hqd);
    const AemuHws *hws = aemu_gfx_v9_hws(h->dev);
    uint64_t ib = RUNLIST_IB, dep = sig_at(2);

    put_kernel(h);
    put_signal(h, 2, false);
    for (unsigned i = 0; i < 2; i++) {
        put_aql_queue_on(h, i, OS_RING(i));
    }
    put_barrier_and_on(h, OS_RING(0), 0, dep, 0);
    put_dispatch_on(h, OS_RING(0), 1, 0, 0);
    put_dispatch_on(h, OS_RING(1), 0, 1, 0);
    aql_ring(h, 0, 1);
    aql_ring(h, 1, 0);
    put_runlist_process(h, &ib, 2, 0);
    run_chained_runlist(h, &hiq, &ib, 1);
    run(h);
    g_assert_nonnull(hws->queues[0].hqd);
    g_assert_null(hws->queues[1].hqd);

    /* Within the quantum the blocked queue keeps the HQD. */
    aemu_test_host_advance(h, (KFD_QUANTUM - 3) * RUN_NS);
    check_fill(h, 1, false);
    g_assert_nonnull(hws->queues[0].hqd);
    /*
     * After it, the waiting queue runs; the first was saved at packet 0
     * (and, the second run dry, has its HQD back, still at the barrier).
     */
    aemu_test_host_advance(h, 5 * RUN_NS);
    check_fill(h, 1, true);
    check_fill(h, 0, false);
    g_assert_cmpuint(ram_r32(h, USER_MQD(0) + 4 * MQD_DW(mmCP_HQD_PQ_RPTR)),
                     ==, 0);
    g_assert_cmpuint(read_dispatch_id(h, 0), ==, 0);
    g_assert_cmpuint(read_dispatch_id(h, 1), ==, 1);

    /* The dependency is met: the first queue comes back and finishes. */
    aemu_test_put64(h->ram + AQL_SIG + 0x200 + 8, 0);
    aemu_test_host_advance(h, 3 * RUN_NS);
    check_fill(h, 0, true);
    g_assert_cmpuint(read_dispatch_id(h, 0), ==, 2);
    g_assert_cmpuint(hws->switches, >=, 2);
    g_assert_cmpuint(h->guest_errors->len, ==, 0);
    g_assert_cmpuint(h->unimps->len, ==, 0);
    teardown(h);
}

/*
 * Three processes on two VMIDs (KFD: more processes than
 * max_proc_per_quantum; RUN_LIST's process count 2): two are resident,
 * the third waits; when a resident one runs dry it gives its VMID up,
 * and the third's page table, apertures and PASID go into that VMID
 * before its queue runs.
 */
static void test_hws_oversubscribed_processes(void)
{
    AemuTestHost *h = setup();
    Ring kiq = kiq_start(h),
         hiq = hiq_start(h, &kiq, emit_hws_set_resources_two_vmids);
    const AemuHws *hws = aemu_gfx_v9_hws(h->dev);
    uint64_t ib = RUNLIST_IB;
    bool third_seen = false;

    put_kernel(h);
    for (unsigned i = 0; i < 3; i++) {
        put_aql_queue_on(h, i, OS_RING(i));
        put_signal(h, i, false);
        put_dispatch_on(h, OS_RING(i), 0, i, sig_at(i));
        aql_ring(h, i, 0);
        put_runlist_process_pasid(h, &ib, 1, i, KFD_PASID + i);
    }
    run_chained_runlist(h, &hiq, &ib, 2);
    run(h);
    g_assert_cmpuint(hws->num_processes, ==, 3);
    g_assert_cmpuint(!!hws->processes[0].vmid + !!hws->processes[1].vmid +
                     !!hws->processes[2].vmid, ==, 2);

    for (unsigned t = 0; t < 20; t++) {
        aemu_test_host_advance(h, RUN_NS / 2);
        for (unsigned v = 8; v < 10; v++) {
            third_seen |= aemu_test_rreg(h, mmIH_VMID_0_LUT + v) ==
                          KFD_PASID + 2;
        }
    }
    g_assert_true(third_seen);
    for (unsigned i = 0; i < 3; i++) {
        check_fill(h, i, true);
        g_assert_cmpuint(aemu_test_get64(h->ram + AQL_SIG + 0x100 * i + 8),
                         ==, 0);
        g_assert_cmpuint(hws->processes[i].vmid & ~0x9u, ==, 0);
    }
    g_assert_cmpuint(h->guest_errors->len, ==, 0);
    g_assert_cmpuint(h->unimps->len, ==, 0);
    teardown(h);
}


/*
 * Retry faults (amdgpu.noretry=0) on a user queue's own accesses: the CP
 * replays the packet instead of stopping. A dispatch whose kernel
 * descriptor is on a page that retries waits, the queue neither hung nor
 * past it, for as long as the page stays unmapped; once the driver maps
 * it the replay runs the dispatch, once. A barrier-AND whose dependency
 * signal retries waits the same way. A fault after an AQL packet has run
 * (its completion signal) cannot replay it: the queue stops there.
 */
static void test_hws_retry_replay(void)
{
    AemuTestHost *h = setup();
    Ring kiq = kiq_start(h), hiq = hiq_start(h, &kiq, emit_hws_set_resources);
    const AemuHws *hws = aemu_gfx_v9_hws(h->dev);
    uint64_t ib = RUNLIST_IB;
    unsigned answers;

    put_aql_queue(h, 0);
    put_kernel(h);
    put_runlist_process(h, &ib, 1, 0);
    emit_hws_run_list(&hiq, mc(RUNLIST_IB), (ib - RUNLIST_IB) / 4, 1);
    hiq_submit(&hiq);
    run(h);

    retry_page = mc(AQL_KD);
    put_dispatch(h, 0, 0, 0);
    aql_ring(h, 0, 0);
    run(h);
    answers = retry_answers;
    g_assert_cmpuint(answers, >, 0);
    run(h);
    /* Replayed every slice, still waiting. */
    g_assert_cmpuint(retry_answers, >, answers);
    check_fill(h, 0, false);
    g_assert_cmpuint(read_dispatch_id(h, 0), ==, 0);
    g_assert_false(hws->queues[0].hqd->ring.hung);
    g_assert_cmpuint(h->guest_errors->len, ==, 0);
    /* Mapped: the dispatch runs, once. */
    retry_page = 0;
    run(h);
    check_fill(h, 0, true);
    g_assert_cmpuint(read_dispatch_id(h, 0), ==, 1);

    /* A barrier's dependency on a page that retries, then mapped. */
    put_signal(h, 1, false);
    aemu_test_put64(h->ram + AQL_SIG + 0x100 + 8, 0);
    put_barrier_and(h, 1, sig_at(1), 0);
    retry_page = mc(AQL_SIG);
    aql_ring(h, 0, 1);
    run(h);
    g_assert_cmpuint(read_dispatch_id(h, 0), ==, 1);
    retry_page = 0;
    run(h);
    g_assert_cmpuint(read_dispatch_id(h, 0), ==, 2);
    g_assert_cmpuint(h->guest_errors->len, ==, 0);

    /* The completion signal retries after the dispatch ran: a stop. */
    put_signal(h, 2, false);
    put_dispatch(h, 2, 1, sig_at(2));
    retry_page = mc(AQL_SIG + 0x200) & ~0xfffull;
    aql_ring(h, 0, 2);
    run(h);
    check_fill(h, 1, true);
    g_assert_true(hws->queues[0].hqd->ring.hung);
    g_assert_true(has_error(h, "completion signal"));
    teardown(h);
}
/*
 * sched_policy 2 (no HWS): KFD loads the HQD by registers
 * (kgd_gfx_v9_hqd_load: the MQD image, DOORBELL_EN, the write pointer
 * guessed from the MQD's read pointer, CP_HQD_ACTIVE last) and an AQL
 * queue runs from them; CP_HQD_DEQUEUE_REQUEST stops it and writes its
 * state back into the MQD, whose read pointer the next load starts from.
 */
static void test_nohws_aql_queue(void)
{
    AemuTestHost *h = setup();
    Ring kiq = kiq_start(h);
    const uint8_t *m = h->ram + USER_MQD(0);

    put_aql_queue(h, 0);
    put_kernel(h);
    put_signal(h, 0, false);
    put_dispatch(h, 0, 0, 0);
    put_dispatch(h, 1, 1, sig_at(0));
    grbm_select(h, 1, 1, 3);
    for (uint32_t reg = mmCP_MQD_BASE_ADDR; reg <= mmCP_HQD_PQ_WPTR_HI;
         reg++) {
        aemu_test_wreg(h, reg, aemu_test_get32(m + 4 * MQD_DW(reg)));
    }
    aemu_test_wreg(h, mmCP_HQD_VMID, 9);
    aemu_test_wreg(h, mmCP_HQD_PQ_DOORBELL_CONTROL,
                   doorbell_control(USER_DOORBELL(0)));
    aemu_test_wreg(h, mmCP_HQD_PQ_WPTR_LO, 2 * 16);
    aemu_test_wreg(h, mmCP_HQD_PQ_WPTR_HI, 0);
    aemu_test_wreg(h, mmCP_HQD_ACTIVE, 1);
    grbm_select(h, 0, 0, 0);
    run(h);
    g_assert_cmpuint(h->guest_errors->len, ==, 0);
    check_fill(h, 0, true);
    check_fill(h, 1, true);
    g_assert_cmpuint(aemu_test_get64(h->ram + AQL_SIG + 8), ==, 0);
    g_assert_cmpuint(aemu_test_get64(h->ram + USER_QUEUE(0) + 128), ==, 2);

    /* Dequeue: the read pointer (dwords) lands in the MQD. */
    grbm_select(h, 1, 1, 3);
    aemu_test_wreg(h, mmCP_HQD_DEQUEUE_REQUEST, 1);
    g_assert_cmpuint(aemu_test_rreg(h, mmCP_HQD_ACTIVE), ==, 0);
    grbm_select(h, 0, 0, 0);
    g_assert_cmpuint(ram_r32(h, USER_MQD(0) + 4 * MQD_DW(mmCP_HQD_PQ_RPTR)),
                     ==, 2 * 16);
    g_assert_cmpuint(h->guest_errors->len, ==, 0);
    (void)kiq;
    teardown(h);
}

/*
 * Malformed scheduler packets stop the HIQ visibly and nothing else: a
 * RUN_LIST before SET_RESOURCES, and (on a fresh HIQ) a runlist IB holding
 * a packet that is not a runlist entry. RUN_LIST is refused on a KCQ; the
 * KIQ still works after all of it.
 */
static void test_hiq_malformed(void)
{
    AemuTestHost *h = setup();
    Ring kiq = kiq_start(h), hiq, a;
    const AemuHws *hws;

    hiq = hiq_start(h, &kiq, NULL);
    hws = aemu_gfx_v9_hws(h->dev);
    emit_hws_run_list(&hiq, mc(RUNLIST_IB), 0, 0);
    hiq_submit(&hiq);
    run(h);
    g_assert_true(has_error(h, "before SET_RESOURCES"));
    g_assert_false(hws->runlist_active);

    /* A new HIQ (KFD reloaded); its runlist IB has a WRITE_DATA. */
    g_ptr_array_set_size(h->guest_errors, 0);
    hiq = hiq_start(h, &kiq, emit_hws_set_resources);
    g_assert_true(hws->resources_set);
    aemu_test_put32(h->ram + RUNLIST_IB, PACKET3(PACKET3_WRITE_DATA, 3));
    for (unsigned i = 1; i < 5; i++) {
        aemu_test_put32(h->ram + RUNLIST_IB + 4 * i, 0);
    }
    emit_hws_run_list(&hiq, mc(RUNLIST_IB), 5, 1);
    aemu_test_put64(h->ram + WB_DQM_FENCE, 10);
    emit_hws_query_status(&hiq, PM4_QUERY_STATUS_CMD_FENCE_AFTER_ACK, 0,
                          mc(WB_DQM_FENCE), KFD_FENCE_COMPLETED);
    hiq_submit(&hiq);
    run(h);
    g_assert_true(has_error(h, "is not a runlist entry"));
    g_assert_false(hws->runlist_active);
    /* The HIQ stopped at the RUN_LIST: KFD's fence is never written. */
    g_assert_cmpuint(aemu_test_get64(h->ram + WB_DQM_FENCE), ==, 10);
    g_assert_true(aemu_test_rreg(h, mmCP_CPC_STATUS) &
                  CP_CPC_STATUS__MEC2_BUSY_MASK);

    /* The scheduler's packets belong to the HIQ. */
    emit_set_resources(&kiq, queue_bit(0));
    a = kcq_map(h, &kiq, 0);
    commit(&kiq);
    run(h);
    emit_hws_run_list(&a, mc(RUNLIST_IB), 0, 0);
    commit(&a);
    run(h);
    g_assert_true(has_error(h, "RUN_LIST is not accepted"));

    emit_set_uconfig(&kiq, mmSCRATCH_REG0, 0x5A);
    commit(&kiq);
    run(h);
    g_assert_cmphex(aemu_test_rreg(h, mmSCRATCH_REG0), ==, 0x5A);
    teardown(h);
}

/*
 * kgd_gfx_v9_init_interrupts per KFD pipe: CPC_INT_CNTL under an MEC
 * selection is that pipe's CP_MEn_PIPEm_INT_CNTL, so KFD's queues on
 * pipes 1-3 get their end-of-pipe interrupts too.
 */
static void test_cpc_int_cntl(void)
{
    AemuTestHost *h = setup();
    const uint32_t v = CP_ME1_PIPE0_INT_CNTL__TIME_STAMP_INT_ENABLE_MASK |
                       CP_ME1_PIPE0_INT_CNTL__OPCODE_ERROR_INT_ENABLE_MASK;

    for (unsigned pipe = 0; pipe < 4; pipe++) {
        grbm_select(h, 1, pipe, 0);
        aemu_test_wreg(h, mmCPC_INT_CNTL, v);
        g_assert_cmphex(aemu_test_rreg(h, mmCPC_INT_CNTL), ==, v);
    }
    grbm_select(h, 0, 0, 0);
    for (unsigned pipe = 0; pipe < 4; pipe++) {
        g_assert_cmphex(aemu_test_rreg(h, mmCP_ME1_PIPE0_INT_CNTL + pipe), ==,
                        v);
    }
    g_assert_cmphex(aemu_test_rreg(h, mmCP_ME2_PIPE0_INT_CNTL), ==, 0);
    teardown(h);
}

int main(int argc, char **argv)
{
    g_test_init(&argc, &argv, NULL);
    g_test_add_func("/gfx-v9-cp/gfx/ring-test", test_gfx_ring_test);
    g_test_add_func("/gfx-v9-cp/gfx/start-stream", test_gfx_start_stream);
    g_test_add_func("/gfx-v9-cp/gfx/fence-iv", test_gfx_fence_iv);
    g_test_add_func("/gfx-v9-cp/gfx/malformed", test_gfx_malformed);
    g_test_add_func("/gfx-v9-cp/gfx/halted", test_gfx_halted);
    g_test_add_func("/gfx-v9-cp/kiq/bringup", test_kiq_bringup);
    g_test_add_func("/gfx-v9-cp/kiq/map-queues", test_kiq_map_queues);
    g_test_add_func("/gfx-v9-cp/kcq/ring-ib-unmap", test_kcq_ring_ib_unmap);
    g_test_add_func("/gfx-v9-cp/kcq/malformed", test_kcq_malformed);
    g_test_add_func("/gfx-v9-cp/hiq/set-resources-query-status",
                    test_hiq_set_resources_query_status);
    g_test_add_func("/gfx-v9-cp/hiq/run-list", test_hiq_run_list);
    g_test_add_func("/gfx-v9-cp/hiq/malformed", test_hiq_malformed);
    g_test_add_func("/gfx-v9-cp/hws/aql-queue", test_hws_aql_queue);
    g_test_add_func("/gfx-v9-cp/hws/oversubscribed-queues",
                    test_hws_oversubscribed_queues);
    g_test_add_func("/gfx-v9-cp/hws/quantum", test_hws_quantum);
    g_test_add_func("/gfx-v9-cp/hws/vmid0-refused", test_hws_vmid0_refused);
    g_test_add_func("/gfx-v9-cp/hws/retry-replay", test_hws_retry_replay);
    g_test_add_func("/gfx-v9-cp/hws/oversubscribed-processes",
                    test_hws_oversubscribed_processes);
    g_test_add_func("/gfx-v9-cp/nohws/aql-queue", test_nohws_aql_queue);
    g_test_add_func("/gfx-v9-cp/cpc-int-cntl", test_cpc_int_cntl);
    return g_test_run();
}
