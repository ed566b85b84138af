/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Unit tests of the command processor on the standalone host: rings and
 * IBs built by hand in host RAM behind a GART, fed packet by packet the
 * way gfx_v7_0.c (and radeon's cik.c) emit them: the ring and IB tests,
 * fences with their interrupts, the HDP-flush handshake, compute queues
 * programmed through the HQD registers and rung through doorbells; and
 * hostile streams (unknown opcodes, lengths past the ring or IB, faulting
 * and self-calling IBs, waits that never end, privileged accesses from
 * user IBs), which must stop the queue visibly and never the host; and
 * KFD's user queues on Hawaii, PM4 and AQL, as amdgpu_amdkfd_gfx_v7.c
 * loads and destroys them.
 */
#include <string.h>
#include <unistd.h>
#include <glib/gstdio.h>
#include "aemu-host.h"
#include "aemu-internal.h"
#include "pm4_cik.h"
#include "shader_regs.h"
#include "amdgpu-emu/regs/cik_regs.h"
#include "amdgpu-emu/regs/cik_fields.h"

#define MiB (1024ull * 1024ull)
#define RAM_SIZE (16 * MiB)

/* GART: the MC range above VRAM mapping host RAM 1:1, table in VRAM. */
#define GART_MC         0x100000000ull
#define GART_PAGES      (RAM_SIZE / GPU_PAGE)
#define GART_TABLE      0x100000ull     /* VRAM offset = MC address */
#define GPU_PAGE        4096ull
/* amdgpu_vm.h AMDGPU_PTE_VALID, _SYSTEM, _READABLE, _WRITEABLE. */
#define PTE_VALID       (1ull << 0)
#define PTE_SYSTEM      (1ull << 1)
#define PTE_READABLE    (1ull << 5)
#define PTE_WRITEABLE   (1ull << 6)

/* Host RAM (bus address) layout. */
#define GFX_RING        0x10000ull
#define RING_DW         2048u           /* 8 KiB, as amdgpu's rings */
#define RING_ORDER      10u             /* log2(8 KiB / 8) */
#define GPU_PAGE_ORDER  9u              /* log2(4 KiB / 8): RB_BLKSZ */
#define WB              0x20000ull
#define WB_GFX_RPTR     (WB + 0x00)
#define WB_FENCE        (WB + 0x10)
#define WB_USER_FENCE   (WB + 0x18)
#define WB_CLOCK        (WB + 0x20)
#define WB_IH_WPTR      (WB + 0x40)
#define WB_COMP_RPTR    (WB + 0x50)
#define WB_COMP_WPTR    (WB + 0x58)
#define WB_COMP_FENCE   (WB + 0x60)
#define WB_SEM          (WB + 0x70)
#define WB_WAIT         (WB + 0x80)
#define WB_COND         (WB + 0x88)
#define IH_RING         0x30000ull      /* 64 KiB, as cik_ih's */
#define IH_RING_ORDER   14u             /* log2(64 KiB / 4) */
#define IB_A            0x40000ull
#define IB_B            0x41000ull
#define COMP_RING       0x50000ull
#define DATA            0x60000ull
#define DATA2           0x70000ull

/* amdgpu's doorbell for compute ring i (AMDGPU_DOORBELL_MEC_RING0 + i). */
#define DOORBELL_MEC_RING0  0x10u

/* IH source ids (ivsrcid_vislands30.h). */
#define SRC_CP_EOP          181
#define SRC_CP_BAD_OPCODE   183
#define SRC_CP_PRIV_REG     184
#define SRC_CP_PRIV_INSTR   185
#define SRC_VM_PAGE_INVALID 146

/* One ms of virtual time: 50 scheduler slices. */
#define RUN_NS 1000000u

#define NOP_PAD PACKET3(PACKET3_NOP, PM4_COUNT_MAX)

static uint64_t gart(uint64_t bus)
{
    return GART_MC + bus;
}

static void ram_w32(AemuTestHost *h, uint64_t bus, uint32_t v)
{
    v = GUINT32_TO_LE(v);
    memcpy(h->ram + bus, &v, 4);
}

static uint32_t ram_r32(AemuTestHost *h, uint64_t bus)
{
    uint32_t v;

    memcpy(&v, h->ram + bus, 4);
    return GUINT32_FROM_LE(v);
}

static uint64_t ram_r64(AemuTestHost *h, uint64_t bus)
{
    uint64_t v;

    memcpy(&v, h->ram + bus, 8);
    return GUINT64_FROM_LE(v);
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

static uint64_t engine_packets(AemuTestHost *h, const char *name)
{
    AemuEngine *e = aemu_engine_find(h->dev, name);

    g_assert_nonnull(e);
    return e->packets;
}

/* VM context 0 as gmc_v7_0_gart_enable leaves it: one flat table. */
static void gart_init(AemuTestHost *h)
{
    for (uint64_t i = 0; i < GART_PAGES; i++) {
        uint64_t pte = GUINT64_TO_LE(i * GPU_PAGE | PTE_VALID | PTE_SYSTEM |
                                     PTE_READABLE | PTE_WRITEABLE);

        memcpy(h->vram + GART_TABLE + 8 * i, &pte, 8);
    }
    aemu_test_gart_enable(h, GART_MC, GART_PAGES, GART_TABLE,
        VM_CONTEXT0_CNTL__RANGE_PROTECTION_FAULT_ENABLE_INTERRUPT_MASK);
}

/* A user VM (vmid 1..15) over the same flat table: user IBs need one. */
static void user_vm_init(AemuTestHost *h, unsigned vmid)
{
    aemu_test_wreg(h, mmVM_CONTEXT1_PAGE_TABLE_START_ADDR,
                   GART_MC / GPU_PAGE);
    aemu_test_wreg(h, mmVM_CONTEXT1_PAGE_TABLE_END_ADDR,
                   GART_MC / GPU_PAGE + GART_PAGES - 1);
    aemu_test_wreg(h, mmVM_CONTEXT0_PAGE_TABLE_BASE_ADDR + vmid,
                   GART_TABLE / GPU_PAGE);
    aemu_test_wreg(h, mmVM_CONTEXT1_CNTL,
                   VM_CONTEXT1_CNTL__ENABLE_CONTEXT_MASK);
}

/* cik_ih_irq_init: the ring and its wptr write-back in the GART. */
static void ih_init(AemuTestHost *h)
{
    aemu_test_wreg(h, mmIH_RB_BASE, gart(IH_RING) >> 8);
    aemu_test_wreg(h, mmIH_RB_WPTR_ADDR_LO, (uint32_t)gart(WB_IH_WPTR));
    aemu_test_wreg(h, mmIH_RB_WPTR_ADDR_HI, gart(WB_IH_WPTR) >> 32);
    aemu_test_wreg(h, mmIH_RB_CNTL,
                   IH_RB_CNTL__RB_ENABLE_MASK |
                   IH_RING_ORDER << IH_RB_CNTL__RB_SIZE__SHIFT |
                   IH_RB_CNTL__WPTR_WRITEBACK_ENABLE_MASK);
    aemu_test_wreg(h, mmIH_CNTL, IH_CNTL__ENABLE_INTR_MASK);
}

static AemuTestHost *setup(void)
{
    AemuTestHost *h = aemu_test_host_new(NULL, 0, RAM_SIZE);

    gart_init(h);
    ih_init(h);
    return h;
}

/* The i-th IV entry's source id and ring id. */
static unsigned iv_count(AemuTestHost *h)
{
    return ram_r32(h, WB_IH_WPTR) / 16;
}

static void iv_get(AemuTestHost *h, unsigned i, unsigned *src,
                   unsigned *ring_id)
{
    g_assert_cmpuint(i, <, iv_count(h));
    *src = ram_r32(h, IH_RING + 16 * i) & 0xff;
    *ring_id = ram_r32(h, IH_RING + 16 * i + 8) & 0xff;
}

static bool iv_seen(AemuTestHost *h, unsigned want_src, unsigned want_ring)
{
    for (unsigned i = 0; i < iv_count(h); i++) {
        unsigned src, ring_id;

        iv_get(h, i, &src, &ring_id);
        if (src == want_src && ring_id == want_ring) {
            return true;
        }
    }
    return false;
}

/* A ring or IB being written in host RAM. */
typedef struct Ring {
    AemuTestHost *h;
    uint64_t bus;
    uint32_t size_dw;
    uint32_t wptr;
} Ring;

static void emit(Ring *r, uint32_t v)
{
    ram_w32(r->h, r->bus + 4ull * r->wptr, v);
    r->wptr = (r->wptr + 1) & (r->size_dw - 1);
}

/* amdgpu_ring_commit: pad to align_mask 0xff, then the write pointer. */
static void gfx_commit(Ring *r)
{
    while (r->wptr & 0xff) {
        emit(r, NOP_PAD);
    }
    aemu_test_wreg(r->h, mmCP_RB0_WPTR, r->wptr);
}

static void emit_set_uconfig(Ring *r, uint32_t reg, uint32_t v)
{
    emit(r, PACKET3(PACKET3_SET_UCONFIG_REG, 1));
    emit(r, reg - PACKET3_SET_UCONFIG_REG_START);
    emit(r, v);
}

/* gfx_v7_0_ring_emit_hdp_flush. */
static void emit_hdp_flush(Ring *r, uint32_t ref_and_mask, unsigned engine)
{
    emit(r, PACKET3(PACKET3_WAIT_REG_MEM, 5));
    emit(r, WAIT_REG_MEM_OPERATION(1) | WAIT_REG_MEM_FUNCTION(3) |
            WAIT_REG_MEM_ENGINE(engine));
    emit(r, mmGPU_HDP_FLUSH_REQ);
    emit(r, mmGPU_HDP_FLUSH_DONE);
    emit(r, ref_and_mask);
    emit(r, ref_and_mask);
    emit(r, 0x20);
}

/* gfx_v7_0_ring_emit_ib_gfx / _compute. */
static void emit_ib(Ring *r, unsigned op, uint64_t addr, uint32_t len,
                    unsigned vmid)
{
    emit(r, PACKET3(op, 2));
    emit(r, (uint32_t)addr & 0xfffffffc);
    emit(r, (addr >> 32) & 0xffff);
    emit(r, len | vmid << 24);
}

static void emit_eop(Ring *r, uint64_t addr, unsigned data_sel,
                     unsigned int_sel, uint64_t seq)
{
    emit(r, PACKET3(PACKET3_EVENT_WRITE_EOP, 4));
    emit(r, EOP_TCL1_ACTION_EN | EOP_TC_ACTION_EN |
            EVENT_TYPE(CACHE_FLUSH_AND_INV_TS_EVENT) | EVENT_INDEX(5));
    emit(r, (uint32_t)addr & 0xfffffffc);
    emit(r, ((addr >> 32) & 0xffff) | DATA_SEL(data_sel) | INT_SEL(int_sel));
    emit(r, (uint32_t)seq);
    emit(r, (uint32_t)(seq >> 32));
}

/* gfx_v7_0_ring_emit_fence_gfx: the dummy seq - 1, then the real one. */
static void emit_fence_gfx(Ring *r, uint64_t addr, uint32_t seq, bool irq)
{
    emit_eop(r, addr, 1, 0, seq - 1);
    emit_eop(r, addr, 1, irq ? 2 : 0, seq);
}

/* gfx_v7_0_ring_emit_fence_compute. */
static void emit_release_mem(Ring *r, uint64_t addr, uint32_t seq, bool irq)
{
    emit(r, PACKET3(PACKET3_RELEASE_MEM, 5));
    emit(r, EOP_TCL1_ACTION_EN | EOP_TC_ACTION_EN |
            EVENT_TYPE(CACHE_FLUSH_AND_INV_TS_EVENT) | EVENT_INDEX(5));
    emit(r, DATA_SEL(1) | INT_SEL(irq ? 2 : 0));
    emit(r, (uint32_t)addr & 0xfffffffc);
    emit(r, addr >> 32);
    emit(r, seq);
    emit(r, 0);
}

/* gfx_v7_0_cp_gfx_resume + the un-halt of gfx_v7_0_cp_gfx_start. */
static Ring gfx_start(AemuTestHost *h)
{
    uint32_t cntl = RING_ORDER | GPU_PAGE_ORDER << CP_RB0_CNTL__RB_BLKSZ__SHIFT;

    aemu_test_wreg(h, mmCP_RB_VMID, 0);
    aemu_test_wreg(h, mmCP_RB0_CNTL, cntl | CP_RB0_CNTL__RB_RPTR_WR_ENA_MASK);
    aemu_test_wreg(h, mmCP_RB0_WPTR, 0);
    aemu_test_wreg(h, mmCP_RB0_RPTR_ADDR, (uint32_t)gart(WB_GFX_RPTR));
    aemu_test_wreg(h, mmCP_RB0_RPTR_ADDR_HI, (gart(WB_GFX_RPTR) >> 32) & 0xff);
    aemu_test_wreg(h, mmCP_RB0_CNTL, cntl);
    aemu_test_wreg(h, mmCP_RB0_BASE, gart(GFX_RING) >> 8);
    aemu_test_wreg(h, mmCP_RB0_BASE_HI, gart(GFX_RING) >> 40);
    aemu_test_wreg(h, mmCP_ME_CNTL, 0);
    return (Ring) { .h = h, .bus = GFX_RING, .size_dw = RING_DW };
}

static Ring ib_writer(AemuTestHost *h, uint64_t bus)
{
    return (Ring) { .h = h, .bus = bus, .size_dw = 1024 };
}

static void srbm_select(AemuTestHost *h, unsigned me, unsigned pipe,
                        unsigned queue)
{
    aemu_test_wreg(h, mmSRBM_GFX_CNTL,
                   me << SRBM_GFX_CNTL__MEID__SHIFT |
                   pipe << SRBM_GFX_CNTL__PIPEID__SHIFT |
                   queue << SRBM_GFX_CNTL__QUEUEID__SHIFT);
}

/*
 * gfx_v7_0_compute_pipe_init + mqd_init + mqd_commit for ME1, the given
 * pipe/queue: the HQD registers from CP_HQD_VMID to CP_MQD_CONTROL, then
 * CP_MQD_BASE_ADDR(_HI) and CP_HQD_ACTIVE last.
 */
static Ring hqd_start(AemuTestHost *h, unsigned pipe, unsigned queue,
                      uint64_t ring, unsigned doorbell)
{
    srbm_select(h, 1, pipe, queue);
    g_assert_cmphex(aemu_test_rreg(h, mmCP_HQD_ACTIVE), ==, 0);
    aemu_test_wreg(h, mmCP_PQ_WPTR_POLL_CNTL, 0);
    aemu_test_wreg(h, mmCP_HQD_VMID, 0);
    aemu_test_wreg(h, mmCP_HQD_PQ_BASE, gart(ring) >> 8);
    aemu_test_wreg(h, mmCP_HQD_PQ_BASE_HI, gart(ring) >> 40);
    aemu_test_wreg(h, mmCP_HQD_PQ_RPTR, 0);
    aemu_test_wreg(h, mmCP_HQD_PQ_RPTR_REPORT_ADDR,
                   (uint32_t)gart(WB_COMP_RPTR));
    aemu_test_wreg(h, mmCP_HQD_PQ_RPTR_REPORT_ADDR_HI,
                   (gart(WB_COMP_RPTR) >> 32) & 0xffff);
    aemu_test_wreg(h, mmCP_HQD_PQ_WPTR_POLL_ADDR, (uint32_t)gart(WB_COMP_WPTR));
    aemu_test_wreg(h, mmCP_HQD_PQ_WPTR_POLL_ADDR_HI,
                   (gart(WB_COMP_WPTR) >> 32) & 0xffff);
    aemu_test_wreg(
        h, mmCP_HQD_PQ_DOORBELL_CONTROL,
        doorbell << CP_HQD_PQ_DOORBELL_CONTROL__DOORBELL_OFFSET__SHIFT |
        CP_HQD_PQ_DOORBELL_CONTROL__DOORBELL_EN_MASK);
    aemu_test_wreg(h, mmCP_HQD_PQ_WPTR, 0);
    aemu_test_wreg(h, mmCP_HQD_PQ_CONTROL,
                   RING_ORDER |
                   GPU_PAGE_ORDER << CP_HQD_PQ_CONTROL__RPTR_BLOCK_SIZE__SHIFT |
                   CP_HQD_PQ_CONTROL__PRIV_STATE_MASK |
                   CP_HQD_PQ_CONTROL__KMD_QUEUE_MASK);
    aemu_test_wreg(h, mmCP_HQD_DEQUEUE_REQUEST, 0);
    aemu_test_wreg(h, mmCP_MQD_CONTROL, 0);
    aemu_test_wreg(h, mmCP_MQD_BASE_ADDR, 0x1000);
    aemu_test_wreg(h, mmCP_MQD_BASE_ADDR_HI, 0);
    aemu_test_wreg(h, mmCP_HQD_ACTIVE, 1);
    srbm_select(h, 0, 0, 0);
    return (Ring) { .h = h, .bus = ring, .size_dw = RING_DW };
}

/* gfx_v7_0_ring_set_wptr_compute. */
static void compute_commit(Ring *r, unsigned doorbell)
{
    while (r->wptr & 0xff) {
        emit(r, NOP_PAD);
    }
    ram_w32(r->h, WB_COMP_WPTR, r->wptr);
    aemu_doorbell_write(r->h->dev, 4ull * doorbell, r->wptr, 4);
}

static bool gui_active(AemuTestHost *h)
{
    return aemu_test_rreg(h, mmGRBM_STATUS) & GRBM_STATUS__GUI_ACTIVE_MASK;
}

/* ---- The driver's paths ----------------------------------------------- */

/* gfx_v7_0_ring_test_ring on the gfx ring, with the rptr write-back. */
static void test_ring_test(void)
{
    AemuTestHost *h = setup();
    Ring r = gfx_start(h);

    aemu_test_wreg(h, mmSCRATCH_REG0, 0xcafedead);
    emit_set_uconfig(&r, mmSCRATCH_REG0, 0xdeadbeef);
    gfx_commit(&r);
    /* Kicked, not yet run: the CP shows busy until the slice runs. */
    g_assert_true(gui_active(h));
    g_assert_true(aemu_test_rreg(h, mmCP_STAT) & CP_STAT__CP_BUSY_MASK);
    g_assert_cmphex(aemu_test_rreg(h, mmSCRATCH_REG0), ==, 0xcafedead);
    run(h);
    g_assert_cmphex(aemu_test_rreg(h, mmSCRATCH_REG0), ==, 0xdeadbeef);
    g_assert_cmpuint(aemu_test_rreg(h, mmCP_RB0_RPTR), ==, r.wptr);
    g_assert_cmpuint(ram_r32(h, WB_GFX_RPTR), ==, r.wptr);
    g_assert_cmpuint(aemu_test_rreg(h, mmCP_RB0_WPTR), ==, r.wptr);
    g_assert_false(gui_active(h));
    g_assert_cmphex(aemu_test_rreg(h, mmCP_STAT), ==, 0);
    g_assert_cmphex(aemu_test_rreg(h, mmGRBM_STATUS2), ==, 0);
    g_assert_cmpuint(h->guest_errors->len, ==, 0);
    aemu_test_host_free(h);
}

/* gfx_v7_0_cp_gfx_start's stream, then the ring test, across the wrap. */
static void test_gfx_start_stream(void)
{
    AemuTestHost *h = setup();
    Ring r = gfx_start(h);

    emit(&r, PACKET3(PACKET3_SET_BASE, 2));
    emit(&r, PACKET3_BASE_INDEX(CE_PARTITION_BASE));
    emit(&r, 0x8000);
    emit(&r, 0x8000);
    emit(&r, PACKET3(PACKET3_PREAMBLE_CNTL, 0));
    emit(&r, PACKET3_PREAMBLE_BEGIN_CLEAR_STATE);
    emit(&r, PACKET3(PACKET3_CONTEXT_CONTROL, 1));
    emit(&r, 0x80000000);
    emit(&r, 0x80000000);
    emit(&r, PACKET3(PACKET3_SET_CONTEXT_REG, 3));
    emit(&r, 0x000);
    emit(&r, 1);
    emit(&r, 2);
    emit(&r, 3);
    emit(&r, PACKET3(PACKET3_SET_CONTEXT_REG, 2));
    emit(&r, mmPA_SC_RASTER_CONFIG - PACKET3_SET_CONTEXT_REG_START);
    emit(&r, 0x16000012);
    emit(&r, 0x2a);
    emit(&r, PACKET3(PACKET3_PREAMBLE_CNTL, 0));
    emit(&r, PACKET3_PREAMBLE_END_CLEAR_STATE);
    emit(&r, PACKET3(PACKET3_CLEAR_STATE, 0));
    emit(&r, 0);
    emit(&r, PACKET3(PACKET3_SET_CONTEXT_REG, 2));
    emit(&r, 0x00000316);
    emit(&r, 0x0000000e);
    emit(&r, 0x00000010);
    gfx_commit(&r);
    run(h);
    g_assert_cmphex(aemu_test_rreg(h, mmPA_SC_RASTER_CONFIG), ==, 0x16000012);
    g_assert_cmphex(aemu_test_rreg(h, PACKET3_SET_CONTEXT_REG_START + 0x316),
                    ==, 0xe);
    g_assert_cmphex(aemu_test_rreg(h, PACKET3_SET_CONTEXT_REG_START + 2), ==,
                    3);

    /* Enough ring tests to wrap the 2048-dword ring, a packet across it. */
    for (unsigned i = 0; i < 9; i++) {
        emit_set_uconfig(&r, mmSCRATCH_REG0, i);
        gfx_commit(&r);
        run(h);
        g_assert_cmpuint(aemu_test_rreg(h, mmSCRATCH_REG0), ==, i);
    }
    r.wptr = RING_DW - 1;
    aemu_test_wreg(h, mmCP_RB0_CNTL, RING_ORDER |
                   CP_RB0_CNTL__RB_RPTR_WR_ENA_MASK);
    aemu_test_wreg(h, mmCP_RB0_WPTR, r.wptr);
    aemu_test_wreg(h, mmCP_RB0_CNTL, RING_ORDER);
    emit_set_uconfig(&r, mmSCRATCH_REG1, 0x5a5a);
    aemu_test_wreg(h, mmCP_RB0_WPTR, r.wptr);
    run(h);
    g_assert_cmphex(aemu_test_rreg(h, mmSCRATCH_REG1), ==, 0x5a5a);
    g_assert_cmpuint(ram_r32(h, WB_GFX_RPTR), ==, 2);
    g_assert_cmpuint(h->guest_errors->len, ==, 0);
    aemu_test_host_free(h);
}

/*
 * gfx_v7_0_ring_test_ib as amdgpu_ib_schedule frames it: HDP flush,
 * INDIRECT_BUFFER, HDP invalidate, the fence pair with an interrupt.
 */
static void test_ib_fence_interrupt(void)
{
    AemuTestHost *h = setup();
    Ring r = gfx_start(h), ib = ib_writer(h, IB_A);
    unsigned src, ring_id, edges;

    aemu_test_wreg(h, mmCP_INT_CNTL_RING0,
                   CP_INT_CNTL_RING0__TIME_STAMP_INT_ENABLE_MASK);
    aemu_test_wreg(h, mmSCRATCH_REG0, 0xcafedead);
    emit_set_uconfig(&ib, mmSCRATCH_REG0, 0xdeadbeef);
    emit(&ib, PACKET3(PACKET3_WRITE_DATA, 3));
    emit(&ib, WRITE_DATA_DST_SEL(5) | WR_CONFIRM);
    emit(&ib, (uint32_t)gart(DATA));
    emit(&ib, gart(DATA) >> 32);
    emit(&ib, 0x12345678);
    emit(&ib, NOP_PAD);             /* amdgpu_ring_generic_pad_ib */

    emit_hdp_flush(&r, GPU_HDP_FLUSH_DONE__CP0_MASK, 1);
    emit_ib(&r, PACKET3_INDIRECT_BUFFER, gart(IB_A), ib.wptr, 0);
    emit(&r, PACKET3(PACKET3_WRITE_DATA, 3));
    emit(&r, WRITE_DATA_ENGINE_SEL(1) | WRITE_DATA_DST_SEL(0));
    emit(&r, mmHDP_DEBUG0);
    emit(&r, 0);
    emit(&r, 1);
    emit_fence_gfx(&r, gart(WB_FENCE), 7, true);
    /* A 64-bit user fence and a GPU-clock timestamp. */
    emit_eop(&r, gart(WB_USER_FENCE), 2, 0, 0x100000002ull);
    emit_eop(&r, gart(WB_CLOCK), 3, 0, 0);
    edges = h->irq_edges;
    aemu_test_host_advance(h, 1000);    /* a clock that has started */
    gfx_commit(&r);
    aemu_test_host_advance(h, 2 * RUN_NS);

    g_assert_cmphex(aemu_test_rreg(h, mmSCRATCH_REG0), ==, 0xdeadbeef);
    g_assert_cmphex(ram_r32(h, DATA), ==, 0x12345678);
    g_assert_cmpuint(ram_r32(h, WB_FENCE), ==, 7);
    g_assert_cmphex(ram_r64(h, WB_USER_FENCE), ==, 0x100000002ull);
    /* 27 MHz reference clock: at least 27 ticks per microsecond run. */
    g_assert_cmpuint(ram_r64(h, WB_CLOCK), >, 0);
    g_assert_cmpuint(ram_r64(h, WB_CLOCK), <=, h->now_ns * 27 / 1000);
    g_assert_true(aemu_test_rreg(h, mmGPU_HDP_FLUSH_DONE) &
                  GPU_HDP_FLUSH_DONE__CP0_MASK);
    g_assert_cmpuint(aemu_test_rreg(h, mmHDP_DEBUG0), ==, 1);
    /* Exactly one IV: the interrupting fence, gfx ring = ME 0 pipe 0. */
    g_assert_cmpuint(iv_count(h), ==, 1);
    iv_get(h, 0, &src, &ring_id);
    g_assert_cmpuint(src, ==, SRC_CP_EOP);
    g_assert_cmpuint(ring_id, ==, 0);
    g_assert_cmpuint(h->irq_edges, ==, edges + 1);
    g_assert_cmpuint(ram_r32(h, WB_GFX_RPTR), ==, r.wptr);
    g_assert_false(gui_active(h));
    g_assert_cmpuint(h->guest_errors->len, ==, 0);

    /* With TIME_STAMP_INT_ENABLE clear the fence lands, silently. */
    aemu_test_wreg(h, mmCP_INT_CNTL_RING0, 0);
    emit_fence_gfx(&r, gart(WB_FENCE), 8, true);
    gfx_commit(&r);
    run(h);
    g_assert_cmpuint(ram_r32(h, WB_FENCE), ==, 8);
    g_assert_cmpuint(iv_count(h), ==, 1);
    aemu_test_host_free(h);
}

/* WRITE_DATA to registers (incrementing, one address) and memory. */
static void test_write_data(void)
{
    AemuTestHost *h = setup();
    Ring r = gfx_start(h);

    emit(&r, PACKET3(PACKET3_WRITE_DATA, 4));
    emit(&r, WRITE_DATA_DST_SEL(0));
    emit(&r, mmSCRATCH_REG2);
    emit(&r, 0);
    emit(&r, 0x22);
    emit(&r, 0x33);
    emit(&r, PACKET3(PACKET3_WRITE_DATA, 4));
    emit(&r, WRITE_DATA_DST_SEL(0) | WR_ONE_ADDR);
    emit(&r, mmSCRATCH_REG5);
    emit(&r, 0);
    emit(&r, 0x55);
    emit(&r, 0x56);
    emit(&r, PACKET3(PACKET3_WRITE_DATA, 5));
    emit(&r, WRITE_DATA_DST_SEL(1) | WR_CONFIRM);
    emit(&r, (uint32_t)gart(DATA + 0x100));
    emit(&r, gart(DATA + 0x100) >> 32);
    emit(&r, 0xa);
    emit(&r, 0xb);
    emit(&r, 0xc);
    emit(&r, PACKET3(PACKET3_WRITE_DATA, 4));
    emit(&r, WRITE_DATA_DST_SEL(5) | WR_ONE_ADDR);
    emit(&r, (uint32_t)gart(DATA + 0x200));
    emit(&r, gart(DATA + 0x200) >> 32);
    emit(&r, 0xe);
    emit(&r, 0xf);
    gfx_commit(&r);
    run(h);
    g_assert_cmphex(aemu_test_rreg(h, mmSCRATCH_REG2), ==, 0x22);
    g_assert_cmphex(aemu_test_rreg(h, mmSCRATCH_REG3), ==, 0x33);
    g_assert_cmphex(aemu_test_rreg(h, mmSCRATCH_REG5), ==, 0x56);
    g_assert_cmphex(aemu_test_rreg(h, mmSCRATCH_REG6), ==, 0);
    g_assert_cmphex(ram_r32(h, DATA + 0x100), ==, 0xa);
    g_assert_cmphex(ram_r32(h, DATA + 0x108), ==, 0xc);
    g_assert_cmphex(ram_r32(h, DATA + 0x200), ==, 0xf);
    g_assert_cmphex(ram_r32(h, DATA + 0x204), ==, 0);
    g_assert_cmpuint(h->guest_errors->len, ==, 0);
    aemu_test_host_free(h);
}

/*
 * Write-wait-write with a reference wider than its mask, as gfx9's TLB
 * flush emits it (gmc_v9_0_flush_gpu_tlb: the whole request written, only
 * the VMID's bit waited for): the poll compares under the mask, so it
 * completes once the polled register has the masked bits
 * (amdgpu_ring_emit_reg_write_reg_wait_helper's two-packet form).
 */
static void test_write_wait_write_masked_ref(void)
{
    AemuTestHost *h = setup();
    Ring r = gfx_start(h);
    uint32_t mask = GPU_HDP_FLUSH_DONE__CP0_MASK;
    uint32_t ref = mask | GPU_HDP_FLUSH_DONE__CP1_MASK;

    aemu_test_wreg(h, mmSCRATCH_REG0, 0);
    emit(&r, PACKET3(PACKET3_WAIT_REG_MEM, 5));
    emit(&r, WAIT_REG_MEM_OPERATION(1) | WAIT_REG_MEM_FUNCTION(3));
    emit(&r, mmGPU_HDP_FLUSH_REQ);
    emit(&r, mmGPU_HDP_FLUSH_DONE);
    emit(&r, ref);
    emit(&r, mask);
    emit(&r, 0x20);
    emit_set_uconfig(&r, mmSCRATCH_REG0, 0xdeadbeef);
    gfx_commit(&r);
    run(h);
    g_assert_cmphex(aemu_test_rreg(h, mmGPU_HDP_FLUSH_REQ), ==, ref);
    g_assert_cmphex(aemu_test_rreg(h, mmSCRATCH_REG0), ==, 0xdeadbeef);
    g_assert_cmpuint(h->guest_errors->len, ==, 0);
    aemu_test_host_free(h);
}

/*
 * A pipeline sync (WAIT_REG_MEM on memory) not yet satisfied yields: the
 * queue polls once per slice and moves on once the CPU writes the value.
 */
static void test_wait_reg_mem_yields(void)
{
    AemuTestHost *h = setup();
    Ring r = gfx_start(h);
    uint64_t before;

    emit(&r, PACKET3(PACKET3_WAIT_REG_MEM, 5));
    emit(&r, WAIT_REG_MEM_MEM_SPACE(1) | WAIT_REG_MEM_FUNCTION(3) |
             WAIT_REG_MEM_ENGINE(1));
    emit(&r, (uint32_t)gart(WB_WAIT));
    emit(&r, gart(WB_WAIT) >> 32);
    emit(&r, 5);
    emit(&r, 0xffffffff);
    emit(&r, 4);
    emit_set_uconfig(&r, mmSCRATCH_REG1, 1);
    gfx_commit(&r);
    before = engine_packets(h, "gfx");
    run(h);
    g_assert_cmphex(aemu_test_rreg(h, mmSCRATCH_REG1), ==, 0);
    g_assert_true(gui_active(h));
    g_assert_cmpuint(ram_r32(h, WB_GFX_RPTR), ==, 0);
    /* A poll or two per 20 us slice: bounded by time, not a spin. */
    g_assert_cmpuint(engine_packets(h, "gfx") - before, <=,
                     2 * (RUN_NS / AEMU_SLICE_NS + 1));
    ram_w32(h, WB_WAIT, 4);
    run(h);
    g_assert_cmphex(aemu_test_rreg(h, mmSCRATCH_REG1), ==, 0);
    ram_w32(h, WB_WAIT, 5);
    run(h);
    g_assert_cmphex(aemu_test_rreg(h, mmSCRATCH_REG1), ==, 1);
    g_assert_false(gui_active(h));
    g_assert_cmpuint(h->guest_errors->len, ==, 0);
    aemu_test_host_free(h);
}

/*
 * The engine timeline (docs/timeline.md) of an IB, a poll and a fence with
 * its interrupt: slices by packet name, the poll as one wait slice, the
 * fence and the IV as instants, and a byte counter; the JSON is completed
 * on close. tests/timeline/check-timeline.py checks whole sessions' shape.
 */
static void test_timeline(void)
{
    AemuTestHost *h = setup();
    Ring r = gfx_start(h), ib = ib_writer(h, IB_A);
    char *path, *json, *err = NULL, *wait;
    GError *gerr = NULL;
    int fd = g_file_open_tmp("aemu-timeline-XXXXXX.json", &path, &gerr);

    g_assert_no_error(gerr);
    close(fd);
    g_assert_true(aemu_timeline_open(h->dev, path, &err));
    aemu_test_wreg(h, mmCP_INT_CNTL_RING0,
                   CP_INT_CNTL_RING0__TIME_STAMP_INT_ENABLE_MASK);
    emit_set_uconfig(&ib, mmSCRATCH_REG0, 0xdeadbeef);
    emit(&ib, NOP_PAD);
    emit_ib(&r, PACKET3_INDIRECT_BUFFER, gart(IB_A), ib.wptr, 0);
    emit(&r, PACKET3(PACKET3_WAIT_REG_MEM, 5));
    emit(&r, WAIT_REG_MEM_MEM_SPACE(1) | WAIT_REG_MEM_FUNCTION(3) |
             WAIT_REG_MEM_ENGINE(1));
    emit(&r, (uint32_t)gart(WB_WAIT));
    emit(&r, gart(WB_WAIT) >> 32);
    emit(&r, 5);
    emit(&r, 0xffffffff);
    emit(&r, 4);
    emit_fence_gfx(&r, gart(WB_FENCE), 7, true);
    gfx_commit(&r);
    run(h);
    ram_w32(h, WB_WAIT, 5);
    run(h);
    g_assert_cmpuint(ram_r32(h, WB_FENCE), ==, 7);
    aemu_timeline_close(h->dev);

    g_assert_true(g_file_get_contents(path, &json, NULL, NULL));
    g_assert_true(g_str_has_prefix(json, "[\n"));
    g_assert_true(g_str_has_suffix(json, "\n]\n"));
    g_assert_nonnull(strstr(json, "\"thread_name\",\"pid\":1,\"tid\":1,"
                                  "\"args\":{\"name\":\"gfx\"}"));
    g_assert_nonnull(strstr(json, "\"ph\":\"X\",\"name\":\"INDIRECT_BUFFER\""));
    g_assert_nonnull(strstr(json, "\"ph\":\"X\",\"name\":\"SET_UCONFIG_REG\""));
    /* One wait slice for all the polls, not a slice per poll. */
    wait = strstr(json, "\"name\":\"wait: WAIT_REG_MEM\"");
    g_assert_nonnull(wait);
    g_assert_null(strstr(wait + 1, "\"name\":\"wait: WAIT_REG_MEM\""));
    g_assert_null(strstr(json, "\"ph\":\"X\",\"name\":\"WAIT_REG_MEM\""));
    g_assert_nonnull(strstr(json, "\"ph\":\"i\",\"name\":\"fence\""));
    g_assert_nonnull(strstr(json, "\"ph\":\"i\",\"name\":\"iv\""));
    g_assert_nonnull(strstr(json, "\"ph\":\"C\",\"name\":\"gfx bytes\""));
    g_free(json);
    g_unlink(path);
    g_free(path);

    /* A path that cannot be created is an error, and nothing is open. */
    g_assert_false(aemu_timeline_open(h->dev, "/nonexistent/dir/t.json",
                                      &err));
    g_assert_nonnull(strstr(err, "cannot create"));
    g_free(err);
    g_assert_null(h->dev->timeline);
    aemu_test_host_free(h);
}

/* CP_ME_CNTL halts fetching; un-halting runs what was committed. */
static void test_halted_me(void)
{
    AemuTestHost *h = setup();
    Ring r = gfx_start(h);

    aemu_test_wreg(h, mmCP_ME_CNTL, CP_ME_CNTL__ME_HALT_MASK |
                   CP_ME_CNTL__PFP_HALT_MASK | CP_ME_CNTL__CE_HALT_MASK);
    emit_set_uconfig(&r, mmSCRATCH_REG0, 0xdeadbeef);
    gfx_commit(&r);
    run(h);
    g_assert_cmphex(aemu_test_rreg(h, mmSCRATCH_REG0), ==, 0);
    g_assert_cmpuint(aemu_test_rreg(h, mmCP_RB0_RPTR), ==, 0);
    g_assert_false(gui_active(h));
    aemu_test_wreg(h, mmCP_ME_CNTL, 0);
    run(h);
    g_assert_cmphex(aemu_test_rreg(h, mmSCRATCH_REG0), ==, 0xdeadbeef);
    aemu_test_host_free(h);
}

/* The ring resets halted: nothing runs before the driver starts the ME. */
static void test_reset_state(void)
{
    AemuTestHost *h = setup();

    g_assert_true(aemu_test_rreg(h, mmCP_ME_CNTL) & CP_ME_CNTL__ME_HALT_MASK);
    g_assert_true(aemu_test_rreg(h, mmCP_MEC_CNTL) &
                  CP_MEC_CNTL__MEC_ME1_HALT_MASK);
    /* Microcode upload: accepted, ADDR reads back the final write. */
    aemu_test_wreg(h, mmCP_PFP_UCODE_ADDR, 0);
    for (unsigned i = 0; i < 16; i++) {
        aemu_test_wreg(h, mmCP_PFP_UCODE_DATA, i);
    }
    g_assert_cmpuint(aemu_test_rreg(h, mmCP_PFP_UCODE_ADDR), ==, 16);
    aemu_test_wreg(h, mmCP_PFP_UCODE_ADDR, 0x1234);
    g_assert_cmphex(aemu_test_rreg(h, mmCP_PFP_UCODE_ADDR), ==, 0x1234);
    aemu_test_wreg(h, mmCP_ME_RAM_WADDR, 0);
    aemu_test_wreg(h, mmCP_ME_RAM_DATA, 1);
    g_assert_cmpuint(aemu_test_rreg(h, mmCP_ME_RAM_WADDR), ==, 1);
    aemu_test_host_free(h);
}

/*
 * A compute ring as gfx_v7_0_cp_compute_resume sets it up (ME1 pipe 1
 * queue 3, doorbell 0x13): the ring test and a RELEASE_MEM fence, whose IV
 * carries me/pipe/queue; a halted MEC or a dequeued HQD does not fetch.
 */
static void test_compute_queue(void)
{
    AemuTestHost *h = setup();
    unsigned doorbell = DOORBELL_MEC_RING0 + 3, src, ring_id;
    Ring r = hqd_start(h, 1, 3, COMP_RING, doorbell);

    aemu_test_wreg(h, mmCP_ME1_PIPE1_INT_CNTL,
                   CP_ME1_PIPE0_INT_CNTL__TIME_STAMP_INT_ENABLE_MASK);
    emit_hdp_flush(&r, GPU_HDP_FLUSH_DONE__CP2_MASK << 1, 0);
    emit_set_uconfig(&r, mmSCRATCH_REG0, 0xdeadbeef);
    emit_release_mem(&r, gart(WB_COMP_FENCE), 42, true);
    compute_commit(&r, doorbell);
    run(h);
    /* The MEC is still halted from reset. */
    g_assert_cmphex(aemu_test_rreg(h, mmSCRATCH_REG0), ==, 0);
    aemu_test_wreg(h, mmCP_MEC_CNTL, 0);
    g_assert_true(aemu_test_rreg(h, mmGRBM_STATUS2) &
                  GRBM_STATUS2__CPC_BUSY_MASK);
    run(h);
    g_assert_cmphex(aemu_test_rreg(h, mmSCRATCH_REG0), ==, 0xdeadbeef);
    g_assert_cmpuint(ram_r32(h, WB_COMP_FENCE), ==, 42);
    g_assert_cmpuint(ram_r32(h, WB_COMP_RPTR), ==, r.wptr);
    g_assert_cmpuint(iv_count(h), ==, 1);
    iv_get(h, 0, &src, &ring_id);
    g_assert_cmpuint(src, ==, SRC_CP_EOP);
    /* amdgpu's fields: ME [3:2], pipe [1:0]; radeon's ME again at [6:5]. */
    g_assert_cmphex(ring_id, ==, 1 << 5 | 1 << 2 | 1);
    srbm_select(h, 1, 1, 3);
    g_assert_cmpuint(aemu_test_rreg(h, mmCP_HQD_PQ_RPTR), ==, r.wptr);
    g_assert_cmpuint(aemu_test_rreg(h, mmCP_HQD_PQ_WPTR), ==, r.wptr);
    srbm_select(h, 0, 0, 0);
    g_assert_false(gui_active(h));
    g_assert_cmphex(aemu_test_rreg(h, mmCP_CPC_STATUS), ==, 0);

    /* A doorbell nobody listens to is dropped. */
    aemu_doorbell_write(h->dev, 4ull * (DOORBELL_MEC_RING0 + 7), 5, 4);
    run(h);
    g_assert_false(gui_active(h));

    /* gfx_v7_0_mqd_deactivate: the dequeue completes at once. */
    srbm_select(h, 1, 1, 3);
    aemu_test_wreg(h, mmCP_HQD_DEQUEUE_REQUEST, 1);
    g_assert_cmphex(aemu_test_rreg(h, mmCP_HQD_ACTIVE), ==, 0);
    aemu_test_wreg(h, mmCP_HQD_DEQUEUE_REQUEST, 0);
    srbm_select(h, 0, 0, 0);
    emit_set_uconfig(&r, mmSCRATCH_REG0, 0x1);
    compute_commit(&r, doorbell);
    run(h);
    g_assert_cmphex(aemu_test_rreg(h, mmSCRATCH_REG0), ==, 0xdeadbeef);
    g_assert_cmpuint(h->guest_errors->len, ==, 0);
    aemu_test_host_free(h);
}

/* gfx_v7_0_eop_irq: ME [3:2], pipe [1:0]. */
static void amdgpu_decode(unsigned ring_id, unsigned *me, unsigned *pipe)
{
    *me = (ring_id & 0x0c) >> 2;
    *pipe = ring_id & 0x03;
}

/* cik_irq_process, src 181: ME [6:5], pipe [4:3]. */
static void radeon_decode(unsigned ring_id, unsigned *me, unsigned *pipe)
{
    *me = (ring_id & 0x60) >> 5;
    *pipe = (ring_id & 0x18) >> 3;
}

/*
 * An end-of-pipe fence on each compute queue the drivers use names its ME
 * and pipe for both drivers' decoders: radeon's two rings (MEC1 pipe 0,
 * queues 0 and 1) and amdgpu's on pipes 0 and 2; the gfx ring's is 0.
 */
static void test_compute_ring_id_both_drivers(void)
{
    static const struct { unsigned pipe, queue; bool radeon; } qs[] = {
        { 0, 0, true }, { 0, 1, true }, { 2, 0, false }, { 1, 3, false },
    };

    for (unsigned i = 0; i < G_N_ELEMENTS(qs); i++) {
        AemuTestHost *h = setup();
        Ring r = hqd_start(h, qs[i].pipe, qs[i].queue, COMP_RING,
                           DOORBELL_MEC_RING0);
        unsigned src, ring_id, me, pipe;

        aemu_test_wreg(h, mmCP_ME1_PIPE0_INT_CNTL + qs[i].pipe,
                       CP_ME1_PIPE0_INT_CNTL__TIME_STAMP_INT_ENABLE_MASK);
        aemu_test_wreg(h, mmCP_MEC_CNTL, 0);
        emit_release_mem(&r, gart(WB_COMP_FENCE), 7 + i, true);
        compute_commit(&r, DOORBELL_MEC_RING0);
        run(h);
        g_assert_cmpuint(ram_r32(h, WB_COMP_FENCE), ==, 7 + i);
        g_assert_cmpuint(iv_count(h), ==, 1);
        iv_get(h, 0, &src, &ring_id);
        g_assert_cmpuint(src, ==, SRC_CP_EOP);
        amdgpu_decode(ring_id, &me, &pipe);
        g_assert_cmpuint(me, ==, 1);
        g_assert_cmpuint(pipe, ==, qs[i].pipe);
        if (qs[i].radeon || qs[i].pipe == 2) {
            radeon_decode(ring_id, &me, &pipe);
            g_assert_cmpuint(me, ==, 1);
            g_assert_cmpuint(pipe, ==, qs[i].pipe);
        }
        aemu_test_host_free(h);
    }
}

/* ---- radeon's packets and the constant engine ------------------------- */

/* MEM_SEMAPHORE wait yields until a signal; DMA_DATA; COPY_DATA; COND_EXEC */
static void test_radeon_packets(void)
{
    AemuTestHost *h = setup();
    Ring r = gfx_start(h);

    for (unsigned i = 0; i < 1024; i++) {
        ram_w32(h, DATA + 4 * i, 0x1000 + i);
    }
    /* Wait on a semaphore nobody signalled yet. */
    emit(&r, PACKET3(PACKET3_MEM_SEMAPHORE, 1));
    emit(&r, (uint32_t)gart(WB_SEM));
    emit(&r, ((gart(WB_SEM) >> 32) & 0xffff) | PACKET3_SEM_SEL_WAIT);
    emit(&r, PACKET3(PACKET3_PFP_SYNC_ME, 0));
    emit(&r, 0);
    /* cik_copy_cpdma: 4 KiB memory to memory, CP_SYNC on the last. */
    emit(&r, PACKET3(PACKET3_DMA_DATA, 5));
    emit(&r, PACKET3_DMA_DATA_CP_SYNC);
    emit(&r, (uint32_t)gart(DATA));
    emit(&r, gart(DATA) >> 32);
    emit(&r, (uint32_t)gart(DATA2));
    emit(&r, gart(DATA2) >> 32);
    emit(&r, 4096);
    /* A fill from immediate data (SRC_SEL 2). */
    emit(&r, PACKET3(PACKET3_DMA_DATA, 5));
    emit(&r, PM4_DMA_DATA_SRC_SEL_DATA << PM4_DMA_DATA_SRC_SEL_SHIFT);
    emit(&r, 0xf111f111);
    emit(&r, 0);
    emit(&r, (uint32_t)gart(DATA2 + 0x2000));
    emit(&r, gart(DATA2 + 0x2000) >> 32);
    emit(&r, 64);
    /* COPY_DATA: immediate to a register, a register to memory. */
    emit(&r, PACKET3(PACKET3_COPY_DATA, 4));
    emit(&r, PM4_COPY_DATA_SEL_IMMEDIATE |
             PM4_COPY_DATA_SEL_REG << PM4_COPY_DATA_DST_SEL_SHIFT);
    emit(&r, 0x77);
    emit(&r, 0);
    emit(&r, mmSCRATCH_REG4);
    emit(&r, 0);
    emit(&r, PACKET3(PACKET3_COPY_DATA, 4));
    emit(&r, PM4_COPY_DATA_SEL_REG |
             PM4_COPY_DATA_SEL_MEMORY << PM4_COPY_DATA_DST_SEL_SHIFT);
    emit(&r, mmSCRATCH_REG4);
    emit(&r, 0);
    emit(&r, (uint32_t)gart(DATA2 + 0x3000));
    emit(&r, gart(DATA2 + 0x3000) >> 32);
    /* COND_EXEC on a zero dword skips the SET_UCONFIG_REG after it. */
    emit(&r, PACKET3(PACKET3_COND_EXEC, 3));
    emit(&r, (uint32_t)gart(WB_COND));
    emit(&r, gart(WB_COND) >> 32);
    emit(&r, 0);
    emit(&r, 3);
    emit_set_uconfig(&r, mmSCRATCH_REG6, 0x66);
    emit_set_uconfig(&r, mmSCRATCH_REG7, 0x67);
    /* A signal for the next user of the semaphore. */
    emit(&r, PACKET3(PACKET3_MEM_SEMAPHORE, 1));
    emit(&r, (uint32_t)gart(WB_SEM));
    emit(&r, ((gart(WB_SEM) >> 32) & 0xffff) | PACKET3_SEM_SEL_SIGNAL);
    gfx_commit(&r);
    run(h);
    g_assert_cmphex(ram_r32(h, DATA2), ==, 0);
    g_assert_true(gui_active(h));
    ram_w32(h, WB_SEM, 1);          /* another ring's signal */
    run(h);
    g_assert_cmphex(ram_r32(h, DATA2), ==, 0x1000);
    g_assert_cmphex(ram_r32(h, DATA2 + 4092), ==, 0x1000 + 1023);
    g_assert_cmphex(ram_r32(h, DATA2 + 4096), ==, 0);
    g_assert_cmphex(ram_r32(h, DATA2 + 0x2000), ==, 0xf111f111);
    g_assert_cmphex(ram_r32(h, DATA2 + 0x203c), ==, 0xf111f111);
    g_assert_cmphex(ram_r32(h, DATA2 + 0x2040), ==, 0);
    g_assert_cmphex(aemu_test_rreg(h, mmSCRATCH_REG4), ==, 0x77);
    g_assert_cmphex(ram_r32(h, DATA2 + 0x3000), ==, 0x77);
    g_assert_cmphex(aemu_test_rreg(h, mmSCRATCH_REG6), ==, 0);
    g_assert_cmphex(aemu_test_rreg(h, mmSCRATCH_REG7), ==, 0x67);
    /* The wait took the semaphore, the signal gave it back. */
    g_assert_cmpuint(ram_r64(h, WB_SEM), ==, 1);
    g_assert_false(gui_active(h));
    g_assert_cmpuint(h->guest_errors->len, ==, 0);
    aemu_test_host_free(h);
}

/* A CE IB (INDIRECT_BUFFER_CONST) filling CE RAM and dumping it. */
static void test_constant_engine(void)
{
    AemuTestHost *h = setup();
    Ring r = gfx_start(h), ce = ib_writer(h, IB_A), de = ib_writer(h, IB_B);

    emit(&ce, PACKET3(PACKET3_WRITE_CONST_RAM, 2));
    emit(&ce, 0x100);
    emit(&ce, 0xc0);
    emit(&ce, 0xc1);
    emit(&ce, PACKET3(PACKET3_DUMP_CONST_RAM, 3));
    emit(&ce, 0x100);
    emit(&ce, 2);
    emit(&ce, (uint32_t)gart(DATA));
    emit(&ce, gart(DATA) >> 32);
    emit(&ce, PACKET3(PACKET3_INCREMENT_CE_COUNTER, 0));
    emit(&ce, 1);
    emit(&de, PACKET3(PACKET3_WAIT_ON_CE_COUNTER, 0));
    emit(&de, 0);
    emit_set_uconfig(&de, mmSCRATCH_REG0, 0xde);
    emit(&de, PACKET3(PACKET3_INCREMENT_DE_COUNTER, 0));
    emit(&de, 0);

    emit(&r, PACKET3(PACKET3_SWITCH_BUFFER, 0));
    emit(&r, 0);
    emit_ib(&r, PACKET3_INDIRECT_BUFFER_CONST, gart(IB_A), ce.wptr, 0);
    emit_ib(&r, PACKET3_INDIRECT_BUFFER, gart(IB_B), de.wptr, 0);
    gfx_commit(&r);
    run(h);
    g_assert_cmphex(ram_r32(h, DATA), ==, 0xc0);
    g_assert_cmphex(ram_r32(h, DATA + 4), ==, 0xc1);
    g_assert_cmphex(aemu_test_rreg(h, mmSCRATCH_REG0), ==, 0xde);
    g_assert_cmpuint(h->guest_errors->len, ==, 0);
    aemu_test_host_free(h);
}

/*
 * libdrm's amdgpu_test "Command submission Test (GFX)", separate and shared
 * IBs: a user CE IB (SET_CE_DE_COUNTERS, INCREMENT_CE_COUNTER) and a user
 * DE IB (WAIT_ON_CE_COUNTER) in one submission, in a process's VMID.
 */
static void test_user_ce_de_counters(void)
{
    AemuTestHost *h = setup();
    Ring r = gfx_start(h), ce = ib_writer(h, IB_A), de = ib_writer(h, IB_B);
    unsigned vmid = 5;

    user_vm_init(h, vmid);
    emit(&ce, PACKET3(PACKET3_SET_CE_DE_COUNTERS, 0));
    emit(&ce, 0);
    emit(&ce, PACKET3(PACKET3_INCREMENT_CE_COUNTER, 0));
    emit(&ce, 1);
    emit(&de, PACKET3(PACKET3_WAIT_ON_CE_COUNTER, 0));
    emit(&de, 1);
    emit_set_uconfig(&de, mmSCRATCH_REG0, 0xde);

    emit(&r, PACKET3(PACKET3_SWITCH_BUFFER, 0));
    emit(&r, 0);
    emit_ib(&r, PACKET3_INDIRECT_BUFFER_CONST, gart(IB_A), ce.wptr, vmid);
    emit_ib(&r, PACKET3_INDIRECT_BUFFER, gart(IB_B), de.wptr, vmid);
    emit_fence_gfx(&r, gart(WB_FENCE), 7, false);
    gfx_commit(&r);
    run(h);
    g_assert_cmpuint(h->guest_errors->len, ==, 0);
    g_assert_cmphex(aemu_test_rreg(h, mmSCRATCH_REG0), ==, 0xde);
    g_assert_cmpuint(ram_r32(h, WB_FENCE), ==, 7);
    g_assert_false(gui_active(h));
    aemu_test_host_free(h);
}

/* ---- Hostile streams --------------------------------------------------- */

/* A stopped gfx queue: busy, guest error, no more fetching. */
static void assert_gfx_hung(AemuTestHost *h, const char *why)
{
    g_assert_true(has_error(h, why));
    g_assert_true(gui_active(h));
    g_assert_true(aemu_test_rreg(h, mmGRBM_STATUS) & GRBM_STATUS__CP_BUSY_MASK);
    g_assert_true(aemu_test_rreg(h, mmCP_STAT) & CP_STAT__CP_BUSY_MASK);
    g_assert_true(aemu_test_rreg(h, mmGRBM_STATUS2) &
                  GRBM_STATUS2__CPG_BUSY_MASK);
}

/*
 * An unknown opcode stops the gfx queue (bad-opcode status, header dump,
 * IV 183 when enabled) and nothing after it runs, however often the
 * driver rings; GRBM_SOFT_RESET brings the CP back.
 */
static void test_unknown_opcode(void)
{
    AemuTestHost *h = setup();
    Ring r = gfx_start(h);
    uint32_t bad = PACKET3(0x9a, 0);

    aemu_test_wreg(h, mmCP_INT_CNTL_RING0,
                   CP_INT_CNTL_RING0__OPCODE_ERROR_INT_ENABLE_MASK);
    emit(&r, bad);
    emit(&r, 0);
    emit_set_uconfig(&r, mmSCRATCH_REG0, 0xdeadbeef);
    gfx_commit(&r);
    run(h);
    assert_gfx_hung(h, "unknown opcode 0x9a");
    g_assert_cmphex(aemu_test_rreg(h, mmSCRATCH_REG0), ==, 0);
    g_assert_cmphex(aemu_test_rreg(h, mmCP_ME_HEADER_DUMP), ==, bad);
    g_assert_true(aemu_test_rreg(h, mmCP_INT_STATUS_RING0) &
                  CP_INT_STATUS_RING0__OPCODE_ERROR_INT_STAT_MASK);
    g_assert_true(iv_seen(h, SRC_CP_BAD_OPCODE, 0));
    g_assert_cmpuint(aemu_test_rreg(h, mmCP_RB0_RPTR), ==, 0);

    emit_set_uconfig(&r, mmSCRATCH_REG0, 0x1);
    gfx_commit(&r);
    run(h);
    g_assert_cmphex(aemu_test_rreg(h, mmSCRATCH_REG0), ==, 0);
    g_assert_cmpuint(h->guest_errors->len, ==, 1);

    /* gfx_v7_0_soft_reset, then the ring set up again. */
    aemu_test_wreg(h, mmGRBM_SOFT_RESET, GRBM_SOFT_RESET__SOFT_RESET_CP_MASK |
                   GRBM_SOFT_RESET__SOFT_RESET_GFX_MASK);
    aemu_test_wreg(h, mmGRBM_SOFT_RESET, 0);
    g_assert_false(gui_active(h));
    r = gfx_start(h);
    emit_set_uconfig(&r, mmSCRATCH_REG0, 0x2);
    gfx_commit(&r);
    run(h);
    g_assert_cmphex(aemu_test_rreg(h, mmSCRATCH_REG0), ==, 0x2);
    aemu_test_host_free(h);
}

/* A packet longer than the ring can ever hold; a wrong body length. */
static void test_bad_lengths(void)
{
    AemuTestHost *h = setup();
    Ring r = gfx_start(h);

    emit(&r, PACKET3(PACKET3_NOP, 0x3000));
    gfx_commit(&r);
    run(h);
    assert_gfx_hung(h, "cannot fit the 2048-dword ring");
    aemu_test_host_free(h);

    h = setup();
    r = gfx_start(h);
    emit(&r, PACKET3(PACKET3_WAIT_REG_MEM, 3));
    emit(&r, 0);
    emit(&r, 0);
    emit(&r, 0);
    emit(&r, 0);
    gfx_commit(&r);
    run(h);
    assert_gfx_hung(h, "WAIT_REG_MEM with 4 body dwords (takes 6..6)");
    aemu_test_host_free(h);

    /* EVENT_WRITE_EOP is the ME's: a compute queue refuses it. */
    h = setup();
    aemu_test_wreg(h, mmCP_MEC_CNTL, 0);
    r = hqd_start(h, 0, 0, COMP_RING, DOORBELL_MEC_RING0);
    emit_eop(&r, gart(WB_FENCE), 1, 0, 1);
    compute_commit(&r, DOORBELL_MEC_RING0);
    run(h);
    g_assert_true(has_error(h, "EVENT_WRITE_EOP is not accepted"));
    g_assert_true(aemu_test_rreg(h, mmCP_CPC_STATUS) &
                  CP_CPC_STATUS__MEC1_BUSY_MASK);
    g_assert_cmpuint(ram_r32(h, WB_FENCE), ==, 0);
    aemu_test_host_free(h);
}

/* Part of a packet committed: the CP waits for the rest, no error. */
static void test_partial_packet(void)
{
    AemuTestHost *h = setup();
    Ring r = gfx_start(h);

    emit(&r, PACKET3(PACKET3_SET_UCONFIG_REG, 1));
    emit(&r, mmSCRATCH_REG3 - PACKET3_SET_UCONFIG_REG_START);
    aemu_test_wreg(h, mmCP_RB0_WPTR, r.wptr);
    run(h);
    g_assert_cmphex(aemu_test_rreg(h, mmSCRATCH_REG3), ==, 0);
    g_assert_cmpuint(aemu_test_rreg(h, mmCP_RB0_RPTR), ==, 0);
    emit(&r, 0x33);
    gfx_commit(&r);
    run(h);
    g_assert_cmphex(aemu_test_rreg(h, mmSCRATCH_REG3), ==, 0x33);
    g_assert_cmpuint(h->guest_errors->len, ==, 0);
    aemu_test_host_free(h);
}

/* An IB outside every aperture: a VM fault, the queue stops. */
static void test_ib_fault(void)
{
    AemuTestHost *h = setup();
    Ring r = gfx_start(h);
    uint64_t nowhere = 0x40000000000ull;     /* 4 TiB: past the GART */

    emit_ib(&r, PACKET3_INDIRECT_BUFFER, nowhere, 16, 0);
    emit_set_uconfig(&r, mmSCRATCH_REG0, 0xdeadbeef);
    gfx_commit(&r);
    run(h);
    assert_gfx_hung(h, "fetch from IB 0x40000000000 faulted");
    g_assert_true(has_error(h, "VM fault"));
    g_assert_cmphex(aemu_test_rreg(h, mmVM_CONTEXT1_PROTECTION_FAULT_ADDR), ==,
                    nowhere / GPU_PAGE);
    g_assert_true(iv_seen(h, SRC_VM_PAGE_INVALID, 0));
    g_assert_cmphex(aemu_test_rreg(h, mmSCRATCH_REG0), ==, 0);
    g_assert_true(aemu_test_rreg(h, mmCP_STAT) &
                  CP_STAT__ROQ_INDIRECT1_BUSY_MASK);
    aemu_test_host_free(h);
}

/* IBs that call themselves stop at the IB levels; one overrunning its end. */
static void test_ib_bounds(void)
{
    AemuTestHost *h = setup();
    Ring r = gfx_start(h), ib = ib_writer(h, IB_A);

    emit_set_uconfig(&ib, mmSCRATCH_REG1, 0x11);
    emit_ib(&ib, PACKET3_INDIRECT_BUFFER, gart(IB_A), 7, 0);
    emit_ib(&r, PACKET3_INDIRECT_BUFFER, gart(IB_A), ib.wptr, 0);
    gfx_commit(&r);
    run(h);
    assert_gfx_hung(h, "nests IBs deeper than the 2 levels");
    g_assert_cmphex(aemu_test_rreg(h, mmSCRATCH_REG1), ==, 0x11);
    g_assert_cmpuint(h->guest_errors->len, ==, 1);
    aemu_test_host_free(h);

    h = setup();
    r = gfx_start(h);
    ib = ib_writer(h, IB_A);
    emit_set_uconfig(&ib, mmSCRATCH_REG1, 0x11);
    emit_ib(&r, PACKET3_INDIRECT_BUFFER, gart(IB_A), 2, 0);
    gfx_commit(&r);
    run(h);
    assert_gfx_hung(h, "runs past the end of its IB");
    g_assert_cmphex(aemu_test_rreg(h, mmSCRATCH_REG1), ==, 0);
    aemu_test_host_free(h);
}

/*
 * A WAIT_REG_MEM that never succeeds: the gfx queue polls once a slice,
 * a compute queue still runs to completion beside it, the host's time
 * advances and every advance returns.
 */
static void test_wait_forever(void)
{
    AemuTestHost *h = setup();
    Ring r = gfx_start(h), c;
    uint64_t before;

    emit(&r, PACKET3(PACKET3_WAIT_REG_MEM, 5));
    emit(&r, WAIT_REG_MEM_FUNCTION(3));
    emit(&r, mmSCRATCH_REG7);
    emit(&r, 0);
    emit(&r, 0xabcd);
    emit(&r, 0xffff);
    emit(&r, 0x20);
    gfx_commit(&r);
    aemu_test_wreg(h, mmCP_MEC_CNTL, 0);
    c = hqd_start(h, 0, 0, COMP_RING, DOORBELL_MEC_RING0);
    before = engine_packets(h, "gfx");
    for (unsigned i = 0; i < 20; i++) {
        if (i == 5) {
            emit_set_uconfig(&c, mmSCRATCH_REG0, 0xc0c0);
            emit_release_mem(&c, gart(WB_COMP_FENCE), 3, false);
            compute_commit(&c, DOORBELL_MEC_RING0);
        }
        run(h);
    }
    g_assert_cmpuint(h->now_ns, ==, 20ull * RUN_NS);
    g_assert_cmphex(aemu_test_rreg(h, mmSCRATCH_REG0), ==, 0xc0c0);
    g_assert_cmpuint(ram_r32(h, WB_COMP_FENCE), ==, 3);
    g_assert_true(gui_active(h));
    g_assert_cmpuint(engine_packets(h, "gfx") - before, <=,
                     2 * (20ull * RUN_NS / AEMU_SLICE_NS + 1));
    /* A register write satisfies it (masked compare). */
    aemu_test_wreg(h, mmSCRATCH_REG7, 0x1abcd);
    run(h);
    g_assert_false(gui_active(h));
    g_assert_cmpuint(h->guest_errors->len, ==, 0);
    aemu_test_host_free(h);
}

/*
 * User IBs (vmid != 0): SET_UCONFIG_REG is theirs, a config register is
 * not (privileged-register fault, IV 184), and type-0 packets are the
 * kernel's only (privileged-instruction fault, IV 185).
 */
static void test_user_ib_privileges(void)
{
    AemuTestHost *h = setup();
    Ring r = gfx_start(h), ib = ib_writer(h, IB_A);
    unsigned vmid = 3;

    user_vm_init(h, vmid);
    aemu_test_wreg(h, mmCP_INT_CNTL_RING0,
                   CP_INT_CNTL_RING0__PRIV_REG_INT_ENABLE_MASK |
                   CP_INT_CNTL_RING0__PRIV_INSTR_INT_ENABLE_MASK);
    /* From the kernel ring a type-0 packet writes registers. */
    emit(&r, PACKET0(mmSCRATCH_REG2, 1));
    emit(&r, 0x2);
    emit(&r, 0x3);
    emit_set_uconfig(&ib, mmSCRATCH_REG1, 0x11);
    emit(&ib, PACKET3(PACKET3_WRITE_DATA, 3));
    emit(&ib, WRITE_DATA_DST_SEL(0));
    emit(&ib, mmVM_INVALIDATE_REQUEST);
    emit(&ib, 0);
    emit(&ib, 0xffff);
    emit_ib(&r, PACKET3_INDIRECT_BUFFER, gart(IB_A), ib.wptr, vmid);
    gfx_commit(&r);
    run(h);
    g_assert_cmphex(aemu_test_rreg(h, mmSCRATCH_REG2), ==, 0x2);
    g_assert_cmphex(aemu_test_rreg(h, mmSCRATCH_REG3), ==, 0x3);
    g_assert_cmphex(aemu_test_rreg(h, mmSCRATCH_REG1), ==, 0x11);
    g_assert_cmphex(aemu_test_rreg(h, mmVM_INVALIDATE_REQUEST), ==, 0);
    assert_gfx_hung(h, "privileged register");
    g_assert_true(iv_seen(h, SRC_CP_PRIV_REG, 0));
    g_assert_true(aemu_test_rreg(h, mmCP_INT_STATUS_RING0) &
                  CP_INT_STATUS_RING0__PRIV_REG_INT_STAT_MASK);
    aemu_test_host_free(h);

    h = setup();
    r = gfx_start(h);
    ib = ib_writer(h, IB_A);
    user_vm_init(h, vmid);
    aemu_test_wreg(h, mmCP_INT_CNTL_RING0,
                   CP_INT_CNTL_RING0__PRIV_INSTR_INT_ENABLE_MASK);
    emit(&ib, PACKET0(mmSCRATCH_REG2, 0));
    emit(&ib, 0x2);
    emit_ib(&r, PACKET3_INDIRECT_BUFFER, gart(IB_A), ib.wptr, vmid);
    gfx_commit(&r);
    run(h);
    assert_gfx_hung(h, "in a user IB");
    g_assert_true(iv_seen(h, SRC_CP_PRIV_INSTR, 0));
    g_assert_cmphex(aemu_test_rreg(h, mmSCRATCH_REG2), ==, 0);
    aemu_test_host_free(h);
}

/* A device reset brings a hung CP back idle, halted. */
static void test_device_reset_clears_hang(void)
{
    AemuTestHost *h = setup();
    Ring r = gfx_start(h);

    emit(&r, PACKET3(0x9a, 0));
    emit(&r, 0);
    gfx_commit(&r);
    run(h);
    g_assert_true(gui_active(h));
    aemu_device_reset(h->dev, AEMU_RESET_PCI_CONFIG);
    g_assert_false(gui_active(h));
    g_assert_cmphex(aemu_test_rreg(h, mmCP_STAT), ==, 0);
    aemu_test_host_free(h);
}

/* ---- Fault injection (inject.c; test-inject.c has the SDMA side) ---- */

static void inject(AemuTestHost *h, AemuInjectKind kind, const char *queue)
{
    AemuInjection inj = { .kind = kind, .engine = queue };
    char *err = NULL;

    g_assert_true(aemu_inject(h->dev, &inj, &err));
}

#define INJECT_SEQ 0x40u

/*
 * The gfx ring's next interrupting EVENT_WRITE_EOP writes one behind: in
 * gfx_v7_0_ring_emit_fence_gfx's pair, the driver's fence, not the dummy
 * before it; the interrupt still comes; the fence after it is right again.
 */
static void test_inject_corrupt_eop(void)
{
    AemuTestHost *h = setup();
    Ring r = gfx_start(h);

    aemu_test_wreg(h, mmCP_INT_CNTL_RING0,
                   CP_INT_CNTL_RING0__TIME_STAMP_INT_ENABLE_MASK);
    inject(h, AEMU_INJECT_CORRUPT_FENCE, "gfx");
    emit_fence_gfx(&r, gart(WB_FENCE), INJECT_SEQ, true);
    gfx_commit(&r);
    run(h);
    g_assert_cmphex(ram_r32(h, WB_FENCE), ==, INJECT_SEQ - 1);
    g_assert_cmpuint(iv_count(h), ==, 1);
    emit_eop(&r, gart(WB_FENCE), 2, 0, INJECT_SEQ + 1);
    gfx_commit(&r);
    run(h);
    g_assert_cmphex(ram_r64(h, WB_FENCE), ==, INJECT_SEQ + 1);
    aemu_test_host_free(h);
}

/* A compute queue's RELEASE_MEM is corrupted the same way. */
static void test_inject_corrupt_release_mem(void)
{
    AemuTestHost *h = setup();
    Ring r = hqd_start(h, 0, 0, COMP_RING, DOORBELL_MEC_RING0);

    aemu_test_wreg(h, mmCP_MEC_CNTL, 0);     /* the MEC out of halt */
    inject(h, AEMU_INJECT_CORRUPT_FENCE, "comp_1.0.0");
    emit_release_mem(&r, gart(WB_COMP_FENCE), INJECT_SEQ, true);
    compute_commit(&r, DOORBELL_MEC_RING0);
    run(h);
    g_assert_cmphex(ram_r32(h, WB_COMP_FENCE), ==, INJECT_SEQ - 1);
    aemu_test_host_free(h);
}

/*
 * The gfx ring hangs before its next packet: the CP reads busy in
 * GRBM_STATUS, GRBM_STATUS2 and CP_STAT, no fence, no IV, no guest error
 * (the packet was valid); GRBM_SOFT_RESET brings the CP back.
 */
static void test_inject_hang_gfx(void)
{
    AemuTestHost *h = setup();
    Ring r = gfx_start(h);

    aemu_test_wreg(h, mmCP_INT_CNTL_RING0,
                   CP_INT_CNTL_RING0__TIME_STAMP_INT_ENABLE_MASK);
    inject(h, AEMU_INJECT_HANG, "gfx");
    emit_fence_gfx(&r, gart(WB_FENCE), INJECT_SEQ, true);
    gfx_commit(&r);
    run(h);
    run(h);
    g_assert_cmphex(ram_r32(h, WB_FENCE), ==, 0);
    g_assert_cmpuint(iv_count(h), ==, 0);
    g_assert_true(gui_active(h));
    g_assert_true(aemu_test_rreg(h, mmCP_STAT) & CP_STAT__CP_BUSY_MASK);
    g_assert_true(aemu_test_rreg(h, mmGRBM_STATUS2) &
                  GRBM_STATUS2__CPG_BUSY_MASK);
    g_assert_cmpuint(h->guest_errors->len, ==, 0);
    aemu_test_wreg(h, mmGRBM_SOFT_RESET, GRBM_SOFT_RESET__SOFT_RESET_CP_MASK);
    aemu_test_wreg(h, mmGRBM_SOFT_RESET, 0);
    g_assert_false(gui_active(h));
    r = gfx_start(h);
    emit_fence_gfx(&r, gart(WB_FENCE), INJECT_SEQ, true);
    gfx_commit(&r);
    run(h);
    g_assert_cmphex(ram_r32(h, WB_FENCE), ==, INJECT_SEQ);
    g_assert_cmpuint(iv_count(h), ==, 1);
    g_assert_false(gui_active(h));
    aemu_test_host_free(h);
}

/* ---- KFD on Hawaii (amdgpu_amdkfd_gfx_v7.c, kfd_mqd_manager_cik.c) ---- */

/* Host RAM of the KFD tests: MQD, queue memory, kernel, signals, output. */
#define KFD_MQD         0x80000ull
#define KFD_RING        0x81000ull      /* PM4 ring, or the AQL ring */
#define KFD_QUEUE       0x82000ull      /* amd_queue_t */
#define KFD_RDI         (KFD_QUEUE + 128) /* its read_dispatch_id */
#define KFD_KD          0x83000ull      /* kernel descriptor, code at +256 */
#define KFD_KARG        0x84000ull
#define KFD_SIG         0x85000ull      /* amd_signal_t, 0x100 apart */
#define KFD_MAILBOX     0x86000ull
#define KFD_OUT         0x88000ull
#define KFD_VMID        8u              /* KFD's first VMID */
#define KFD_PASID       0x42u
#define KFD_PIPE        1u              /* MEC1 pipe 1, KFD's */
#define KFD_DOORBELL    0x400u          /* a doorbell index above amdgpu's */
#define KFD_EVENT_ID    0x17u
/* KFD's cik_regs.h AQL_ENABLE: CP_HQD_IQ_RPTR bit 0. */
#define KFD_AQL_ENABLE  0x1u
/* The HQD image of struct cik_mqd: dword 51 on, from CP_MQD_BASE_ADDR. */
#define KFD_MQD_DW(reg) (51u + (reg) - mmCP_MQD_BASE_ADDR)
/*
 * An AQL ring as ROCr makes it for gfx7: twice the HSA queue, here of 4
 * packets, so 8 packets, 128 dwords (QUEUE_SIZE 6: 2 << 6).
 */
#define KFD_AQL_PACKETS 8u
#define KFD_AQL_ORDER   6u
#define KFD_GRID        200u            /* 3 full groups of 64 and 8 */
#define KFD_GROUP       64u
#define KFD_XOR         0xa5a50000u

/* The user VM of a KFD process (VMID 8) over the GART's flat table. */
static void kfd_vm_init(AemuTestHost *h)
{
    aemu_test_wreg(h, mmVM_CONTEXT1_PAGE_TABLE_START_ADDR,
                   GART_MC / GPU_PAGE);
    aemu_test_wreg(h, mmVM_CONTEXT1_PAGE_TABLE_END_ADDR,
                   GART_MC / GPU_PAGE + GART_PAGES - 1);
    /* set_vm_context_page_table_base: VM_CONTEXT8 on. */
    aemu_test_wreg(h, mmVM_CONTEXT8_PAGE_TABLE_BASE_ADDR + KFD_VMID - 8,
                   GART_TABLE / GPU_PAGE);
    aemu_test_wreg(h, mmVM_CONTEXT1_CNTL,
                   VM_CONTEXT1_CNTL__ENABLE_CONTEXT_MASK);
}

/*
 * kgd_set_pasid_vmid_mapping: the ATC's map, whose update-finished bit
 * KFD spins on (without a timeout) and clears, then the IH's.
 */
static void kfd_map_pasid(AemuTestHost *h, unsigned vmid, unsigned pasid)
{
    uint32_t m = pasid ? pasid | ATC_VMID0_PASID_MAPPING__VALID_MASK : 0;

    aemu_test_wreg(h, mmATC_VMID0_PASID_MAPPING + vmid, m);
    g_assert_true(aemu_test_rreg(h, mmATC_VMID_PASID_MAPPING_UPDATE_STATUS) &
                  1u << vmid);
    aemu_test_wreg(h, mmATC_VMID_PASID_MAPPING_UPDATE_STATUS, 1u << vmid);
    g_assert_false(aemu_test_rreg(h, mmATC_VMID_PASID_MAPPING_UPDATE_STATUS) &
                   1u << vmid);
    aemu_test_wreg(h, mmIH_VMID_0_LUT + vmid, m);
}

/* KFD's process setup on Hawaii, and kgd_init_interrupts on its pipe. */
static void kfd_setup(AemuTestHost *h)
{
    kfd_vm_init(h);
    kfd_map_pasid(h, KFD_VMID, KFD_PASID);
    srbm_select(h, 1, KFD_PIPE, 0);
    aemu_test_wreg(h, mmCPC_INT_CNTL,
                   CP_INT_CNTL_RING0__TIME_STAMP_INT_ENABLE_MASK |
                   CP_INT_CNTL_RING0__OPCODE_ERROR_INT_ENABLE_MASK);
    srbm_select(h, 0, 0, 0);
    aemu_test_wreg(h, mmCP_MEC_CNTL, 0);
}

static uint32_t mqd_r32(AemuTestHost *h, uint32_t reg)
{
    return ram_r32(h, KFD_MQD + 4 * KFD_MQD_DW(reg));
}

static void mqd_w32(AemuTestHost *h, uint32_t reg, uint32_t v)
{
    ram_w32(h, KFD_MQD + 4 * KFD_MQD_DW(reg), v);
}

/*
 * init_mqd/update_mqd of kfd_mqd_manager_cik.c for a queue of 2 << order
 * dwords in VMID 8 at doorbell KFD_DOORBELL (its offset, not enabled).
 */
static void kfd_put_mqd(AemuTestHost *h, unsigned order, bool aql,
                        uint64_t rptr_va)
{
    memset(h->ram + KFD_MQD, 0, 4096);
    mqd_w32(h, mmCP_MQD_BASE_ADDR, (uint32_t)gart(KFD_MQD));
    mqd_w32(h, mmCP_MQD_BASE_ADDR_HI, gart(KFD_MQD) >> 32);
    mqd_w32(h, mmCP_HQD_VMID, KFD_VMID);
    mqd_w32(h, mmCP_HQD_PQ_BASE, gart(KFD_RING) >> 8);
    mqd_w32(h, mmCP_HQD_PQ_BASE_HI, gart(KFD_RING) >> 40);
    mqd_w32(h, mmCP_HQD_PQ_RPTR_REPORT_ADDR, (uint32_t)rptr_va);
    mqd_w32(h, mmCP_HQD_PQ_RPTR_REPORT_ADDR_HI, rptr_va >> 32);
    mqd_w32(h, mmCP_HQD_PQ_DOORBELL_CONTROL,
            KFD_DOORBELL << CP_HQD_PQ_DOORBELL_CONTROL__DOORBELL_OFFSET__SHIFT);
    mqd_w32(h, mmCP_HQD_PQ_CONTROL,
            order | 5u << CP_HQD_PQ_CONTROL__RPTR_BLOCK_SIZE__SHIFT |
            (aql ? CP_HQD_PQ_CONTROL__NO_UPDATE_RPTR_MASK : 0));
    mqd_w32(h, mmCP_HQD_IQ_RPTR, aql ? KFD_AQL_ENABLE : 0);
}

/*
 * kgd_hqd_load: the MQD's HQD image into the queue's registers, the
 * doorbell enabled, the user's write pointer (dwords, wrapped in the
 * ring), CP_HQD_ACTIVE last.
 */
static void kfd_hqd_load(AemuTestHost *h, uint32_t wptr)
{
    srbm_select(h, 1, KFD_PIPE, 0);
    for (uint32_t reg = mmCP_MQD_BASE_ADDR; reg <= mmCP_MQD_CONTROL; reg++) {
        aemu_test_wreg(h, reg, mqd_r32(h, reg));
    }
    aemu_test_wreg(h, mmCP_HQD_PQ_DOORBELL_CONTROL,
                   mqd_r32(h, mmCP_HQD_PQ_DOORBELL_CONTROL) |
                   CP_HQD_PQ_DOORBELL_CONTROL__DOORBELL_EN_MASK);
    aemu_test_wreg(h, mmCP_HQD_PQ_WPTR, wptr);
    aemu_test_wreg(h, mmCP_HQD_ACTIVE, mqd_r32(h, mmCP_HQD_ACTIVE) |
                                       CP_HQD_ACTIVE__ACTIVE_MASK);
    srbm_select(h, 0, 0, 0);
}

/*
 * kgd_hqd_destroy: doorbell off, the IQ timer and a pending dequeue
 * polled, DEQUEUE_REQUEST (drain), CP_HQD_ACTIVE polled to 0.
 */
static void kfd_hqd_destroy(AemuTestHost *h)
{
    srbm_select(h, 1, KFD_PIPE, 0);
    aemu_test_wreg(h, mmCP_HQD_PQ_DOORBELL_CONTROL, 0);
    /* No IQ timer running: KFD does not wait for it. */
    g_assert_cmphex(aemu_test_rreg(h, mmCP_HQD_IQ_TIMER), ==, 0);
    g_assert_false(aemu_test_rreg(h, mmCP_HQD_DEQUEUE_REQUEST) &
                   CP_HQD_DEQUEUE_REQUEST__IQ_REQ_PEND_MASK);
    aemu_test_wreg(h, mmCP_HQD_DEQUEUE_REQUEST, 1);
    g_assert_cmphex(aemu_test_rreg(h, mmCP_HQD_ACTIVE) &
                    CP_HQD_ACTIVE__ACTIVE_MASK, ==, 0);
    srbm_select(h, 0, 0, 0);
}

/* IV i as cik_event_interrupt reads it: source, data, vmid, PASID. */
static void kfd_iv(AemuTestHost *h, unsigned i, unsigned *src, uint32_t *data,
                   unsigned *vmid, unsigned *pasid)
{
    uint32_t ring_id;

    g_assert_cmpuint(i, <, iv_count(h));
    *src = ram_r32(h, IH_RING + 16 * i) & 0xff;
    *data = ram_r32(h, IH_RING + 16 * i + 4) & 0xfffffff;
    ring_id = ram_r32(h, IH_RING + 16 * i + 8);
    *vmid = (ring_id >> 8) & 0xff;
    *pasid = ring_id >> 16;
}

/*
 * The ATC's VMID-to-PASID map (KFD spins on its update status) and
 * CPC_INT_CNTL, the selected MEC pipe's interrupt control.
 */
static void test_kfd_registers(void)
{
    AemuTestHost *h = setup();

    kfd_map_pasid(h, 9, 0x1234);
    g_assert_cmphex(aemu_test_rreg(h, mmATC_VMID0_PASID_MAPPING + 9) &
                    ATC_VMID0_PASID_MAPPING__PASID_MASK, ==, 0x1234);
    g_assert_true(aemu_test_rreg(h, mmATC_VMID0_PASID_MAPPING + 9) &
                  ATC_VMID0_PASID_MAPPING__VALID_MASK);
    /* Another VMID's bit is its own. */
    aemu_test_wreg(h, mmATC_VMID0_PASID_MAPPING + 10, 0);
    g_assert_cmphex(aemu_test_rreg(h, mmATC_VMID_PASID_MAPPING_UPDATE_STATUS),
                    ==, 1u << 10);

    srbm_select(h, 1, 3, 5);
    aemu_test_wreg(h, mmCPC_INT_CNTL,
                   CP_INT_CNTL_RING0__TIME_STAMP_INT_ENABLE_MASK);
    g_assert_cmphex(aemu_test_rreg(h, mmCPC_INT_CNTL), ==,
                    CP_INT_CNTL_RING0__TIME_STAMP_INT_ENABLE_MASK);
    srbm_select(h, 1, 2, 0);
    g_assert_cmphex(aemu_test_rreg(h, mmCPC_INT_CNTL), ==, 0);
    srbm_select(h, 0, 0, 0);
    g_assert_cmphex(aemu_test_rreg(h, mmCP_ME1_PIPE3_INT_CNTL), ==,
                    CP_INT_CNTL_RING0__TIME_STAMP_INT_ENABLE_MASK);
    g_assert_cmphex(aemu_test_rreg(h, mmCP_ME1_PIPE2_INT_CNTL), ==, 0);
    /* Outside an MEC's selection it is a latch. */
    aemu_test_wreg(h, mmCPC_INT_CNTL, 1);
    g_assert_cmphex(aemu_test_rreg(h, mmCPC_INT_CNTL), ==, 1);
    g_assert_cmphex(aemu_test_rreg(h, mmCP_ME1_PIPE0_INT_CNTL), ==, 0);
    g_assert_cmpuint(h->guest_errors->len, ==, 0);
    aemu_test_host_free(h);
}

/*
 * A PM4 user queue under KFD's software scheduler (aemu-kfd-queue): loaded
 * by registers in the process's VMID, its doorbell 32-bit; its RELEASE_MEM
 * interrupt carries the VMID and the PASID KFD looks the process up by;
 * kgd_hqd_destroy saves the queue into its MQD and a reload resumes from
 * the saved read pointer.
 */
static void test_kfd_pm4_queue(void)
{
    AemuTestHost *h = setup();
    Ring r = { .h = h, .bus = KFD_RING, .size_dw = RING_DW };
    unsigned src, vmid, pasid;
    uint32_t data, rptr;

    kfd_setup(h);
    memset(h->ram + KFD_RING, 0, 4 * RING_DW);
    kfd_put_mqd(h, RING_ORDER, false, gart(WB_COMP_RPTR));
    kfd_hqd_load(h, 0);
    emit_release_mem(&r, gart(WB_COMP_FENCE), 5, true);
    aemu_doorbell_write(h->dev, 4ull * KFD_DOORBELL, r.wptr, 4);
    run(h);
    g_assert_cmpuint(ram_r32(h, WB_COMP_FENCE), ==, 5);
    g_assert_cmpuint(ram_r32(h, WB_COMP_RPTR), ==, r.wptr);
    g_assert_cmpuint(iv_count(h), ==, 1);
    kfd_iv(h, 0, &src, &data, &vmid, &pasid);
    g_assert_cmpuint(src, ==, SRC_CP_EOP);
    g_assert_cmpuint(vmid, ==, KFD_VMID);
    g_assert_cmphex(pasid, ==, KFD_PASID);
    g_assert_cmphex(data, ==, 0);

    kfd_hqd_destroy(h);
    rptr = mqd_r32(h, mmCP_HQD_PQ_RPTR);
    g_assert_cmpuint(rptr, ==, r.wptr);
    g_assert_cmpuint(mqd_r32(h, mmCP_HQD_PQ_WPTR), ==, r.wptr);
    g_assert_cmphex(mqd_r32(h, mmCP_HQD_VMID), ==, KFD_VMID);

    /* Reloaded: only the new packet runs. */
    kfd_hqd_load(h, r.wptr);
    emit_release_mem(&r, gart(WB_COMP_FENCE), 6, true);
    aemu_doorbell_write(h->dev, 4ull * KFD_DOORBELL, r.wptr, 4);
    run(h);
    g_assert_cmpuint(ram_r32(h, WB_COMP_FENCE), ==, 6);
    g_assert_cmpuint(iv_count(h), ==, 2);
    g_assert_cmpuint(h->guest_errors->len, ==, 0);
    aemu_test_host_free(h);
}

/*
 * A gfx7 fill kernel behind an AQL kernel descriptor: its output address
 * from the kernarg segment (s[0:1]), the group id in s2; FLAT, v_add_i32
 * with its carry in VCC (llvm-mc -mcpu=gfx701).
 */
static const uint32_t k_kfd_fill[] = {
    0xc0420100u,                /* s_load_dwordx2 s[4:5], s[0:1], 0x0 */
    0xbf8c007fu,                /* s_waitcnt lgkmcnt(0) */
    0x8f038602u,                /* s_lshl_b32 s3, s2, 6 */
    0x4a020003u,                /* v_add_i32_e32 v1, vcc, s3, v0 */
    0x34040282u,                /* v_lshlrev_b32_e32 v2, 2, v1 */
    0x7e060205u,                /* v_mov_b32_e32 v3, s5 */
    0x4a040404u,                /* v_add_i32_e32 v2, vcc, s4, v2 */
    0x50060680u,                /* v_addc_u32_e32 v3, vcc, 0, v3, vcc */
    0x3a0802ffu, 0xa5a50000u,   /* v_xor_b32_e32 v4, 0xa5a50000, v1 */
    0xdc700000u, 0x00000402u,   /* flat_store_dword v[2:3], v4 */
    0xbf8c0070u,                /* s_waitcnt vmcnt(0) lgkmcnt(0) */
    0xbf810000u,                /* s_endpgm */
};

/* kernel_descriptor_t: entry 256 bytes on, 2 user SGPRs (kernarg ptr). */
static void kfd_put_kernel(AemuTestHost *h)
{
    uint8_t *kd = h->ram + KFD_KD;

    memset(kd, 0, 64);
    aemu_test_put64(kd + 16, 256);                      /* entry offset */
    aemu_test_put32(kd + 48, 1u << AEMU_SH_RSRC1_VGPRS.shift |
                             1u << AEMU_SH_RSRC1_SGPRS.shift);
    aemu_test_put32(kd + 52, 2u << AEMU_SH_RSRC2_USER_SGPR.shift |
                             AEMU_SH_RSRC2_TGID_X_EN.mask);
    aemu_test_put32(kd + 56, 1u << 3);                  /* kernarg ptr */
    for (unsigned i = 0; i < G_N_ELEMENTS(k_kfd_fill); i++) {
        ram_w32(h, KFD_KD + 256 + 4 * i, k_kfd_fill[i]);
    }
}

/* The AQL packet of HSA index idx, in its ring slot; the header last. */
static uint8_t *kfd_slot(AemuTestHost *h, uint64_t idx)
{
    return h->ram + KFD_RING + 64 * (idx % KFD_AQL_PACKETS);
}

static void kfd_put_dispatch(AemuTestHost *h, uint64_t idx, uint64_t signal)
{
    uint8_t *p = kfd_slot(h, idx);

    memset(p, 0, 64);
    aemu_test_put64(h->ram + KFD_KARG, gart(KFD_OUT));
    aemu_test_put32(p + 4, KFD_GROUP | 1u << 16);       /* wg x, y */
    aemu_test_put32(p + 8, 1);                          /* wg z */
    aemu_test_put32(p + 12, KFD_GRID);
    aemu_test_put32(p + 16, 1);
    aemu_test_put32(p + 20, 1);
    aemu_test_put64(p + 32, gart(KFD_KD));
    aemu_test_put64(p + 40, gart(KFD_KARG));
    aemu_test_put64(p + 56, signal);
    aemu_test_put32(p, 2u | 1u << 8 | 1u << 16);        /* dispatch, 1 dim */
}

/* A barrier-AND without dependencies: it completes at once. */
static void kfd_put_barrier(AemuTestHost *h, uint64_t idx)
{
    uint8_t *p = kfd_slot(h, idx);

    memset(p, 0, 64);
    aemu_test_put32(p, 3u | 1u << 8);
}

/*
 * ROCr's legacy doorbell (doorbell type pre-1.0): the end of the written
 * packets as a dword offset in the doubled ring, 32-bit.
 */
static void kfd_aql_ring(AemuTestHost *h, uint64_t end)
{
    aemu_doorbell_write(h->dev, 4ull * KFD_DOORBELL,
                        (end % KFD_AQL_PACKETS) * 16, 4);
}

/*
 * ROCr's AQL queue on Hawaii (hsa_queue_create under KFD's software
 * scheduler): CP_HQD_IQ_RPTR's AQL bit makes the HQD an AQL queue; a
 * dispatch of a gfx7 kernel fills its output, moves read_dispatch_id,
 * completes its signal and sends the end-of-pipe IV with the event id,
 * the VMID and the PASID; doorbells with the write pointer wrapped in the
 * ring carry the queue round it several times; kgd_hqd_destroy saves the
 * read pointer into the MQD and a reload with KFD's wrapped write pointer
 * resumes at read_dispatch_id.
 */
static void test_kfd_aql_queue(void)
{
    AemuTestHost *h = setup();
    uint8_t *sig = h->ram + KFD_SIG;
    unsigned src, vmid, pasid;
    uint32_t data;
    uint64_t idx;

    kfd_setup(h);
    memset(h->ram + KFD_RING, 0, 64 * KFD_AQL_PACKETS);
    memset(h->ram + KFD_QUEUE, 0, 256);
    for (unsigned i = 0; i <= KFD_GRID; i++) {
        ram_w32(h, KFD_OUT + 4 * i, 0);
    }
    /* read_dispatch_id_field_base_byte_offset: back to amd_queue_t. */
    aemu_test_put32(h->ram + KFD_RDI + 8, KFD_RDI - KFD_QUEUE);
    kfd_put_kernel(h);
    memset(sig, 0, 64);
    aemu_test_put64(sig, 1);                            /* kind: user */
    aemu_test_put64(sig + 8, 1);
    aemu_test_put64(sig + 16, gart(KFD_MAILBOX));
    aemu_test_put32(sig + 24, KFD_EVENT_ID);
    kfd_put_mqd(h, KFD_AQL_ORDER, true, gart(KFD_RDI));
    kfd_hqd_load(h, 0);

    kfd_put_dispatch(h, 0, gart(KFD_SIG));
    kfd_aql_ring(h, 1);
    run(h);
    g_assert_cmpuint(h->guest_errors->len, ==, 0);
    g_assert_cmpuint(h->unimps->len, ==, 0);
    for (unsigned i = 0; i <= KFD_GRID; i++) {
        g_assert_cmphex(ram_r32(h, KFD_OUT + 4 * i), ==,
                        i < KFD_GRID ? i ^ KFD_XOR : 0);
    }
    g_assert_cmpuint(aemu_test_get64(sig + 8), ==, 0);
    g_assert_cmpuint(ram_r32(h, KFD_MAILBOX), ==, KFD_EVENT_ID);
    g_assert_cmpuint(aemu_test_get64(h->ram + KFD_RDI), ==, 1);
    g_assert_cmpuint(iv_count(h), ==, 1);
    kfd_iv(h, 0, &src, &data, &vmid, &pasid);
    g_assert_cmpuint(src, ==, SRC_CP_EOP);
    g_assert_cmphex(data, ==, KFD_EVENT_ID);
    g_assert_cmpuint(vmid, ==, KFD_VMID);
    g_assert_cmphex(pasid, ==, KFD_PASID);

    /*
     * Round the ring: two packets per doorbell, never more than the HSA
     * queue's 4 outstanding, the doorbell's offset wrapping every 8.
     */
    for (idx = 1; idx < 21; idx += 2) {
        kfd_put_barrier(h, idx);
        kfd_put_barrier(h, idx + 1);
        kfd_aql_ring(h, idx + 2);
        run(h);
        g_assert_cmpuint(aemu_test_get64(h->ram + KFD_RDI), ==, idx + 2);
    }
    /* A repeated doorbell takes nothing back and runs nothing again. */
    kfd_aql_ring(h, idx);
    run(h);
    g_assert_cmpuint(aemu_test_get64(h->ram + KFD_RDI), ==, idx);

    /* Destroyed: the read pointer, in the ring, goes back to the MQD. */
    kfd_hqd_destroy(h);
    g_assert_cmpuint(mqd_r32(h, mmCP_HQD_PQ_RPTR), ==,
                     (idx % KFD_AQL_PACKETS) * 16);
    /*
     * Reloaded with KFD's write pointer (ROCr's write index << 4, masked
     * to the ring): it resumes at read_dispatch_id.
     */
    kfd_hqd_load(h, (uint32_t)(idx << 4) & (KFD_AQL_PACKETS * 16 - 1));
    aemu_test_put64(sig + 8, 1);
    for (unsigned i = 0; i < KFD_GRID; i++) {
        ram_w32(h, KFD_OUT + 4 * i, 0);
    }
    kfd_put_dispatch(h, idx, gart(KFD_SIG));
    kfd_aql_ring(h, idx + 1);
    run(h);
    g_assert_cmpuint(aemu_test_get64(h->ram + KFD_RDI), ==, idx + 1);
    g_assert_cmpuint(aemu_test_get64(sig + 8), ==, 0);
    g_assert_cmphex(ram_r32(h, KFD_OUT + 4 * (KFD_GRID - 1)), ==,
                    (KFD_GRID - 1) ^ KFD_XOR);
    g_assert_cmpuint(iv_count(h), ==, 2);
    g_assert_cmpuint(h->guest_errors->len, ==, 0);
    aemu_test_host_free(h);
}

/* ---- Unload and reload ------------------------------------------------ */

/* The next driver instance's MQD of the compute queue. */
#define RELOAD_MQD      0x90000ull

static uint32_t reload_mqd_r32(AemuTestHost *h, uint32_t reg)
{
    return ram_r32(h, RELOAD_MQD + 4 * KFD_MQD_DW(reg));
}

/*
 * amdgpu unloaded and loaded again on CIK. gfx_v7_0_hw_fini halts the
 * MECs and leaves the kernel queue active; the next instance clears its
 * ring with NOPs (amdgpu_ring_clear_ring), fills its MQD (gfx_v7_0_mqd_init:
 * the read pointer read from the still active queue), allocated where the
 * old one was, asks for a dequeue (gfx_v7_0_mqd_deactivate) with the MEC
 * still halted, gives up on it, and commits the MQD's registers
 * (gfx_v7_0_mqd_commit) before it starts the MEC and tests the ring. The
 * halted MEC must leave the request pending and the new MQD alone; the
 * queue then runs from the old read pointer through the NOPs into the
 * ring test. A request still pending when the MEC starts is serviced then.
 */
static void test_compute_reload(void)
{
    AemuTestHost *h = setup();
    unsigned doorbell = DOORBELL_MEC_RING0;
    Ring r = hqd_start(h, 0, 0, COMP_RING, doorbell);
    uint32_t halt = CP_MEC_CNTL__MEC_ME1_HALT_MASK |
                    CP_MEC_CNTL__MEC_ME2_HALT_MASK;
    uint32_t reg;

    /* The first instance: the MQD where the next one's will be. */
    srbm_select(h, 1, 0, 0);
    aemu_test_wreg(h, mmCP_MQD_BASE_ADDR, (uint32_t)gart(RELOAD_MQD));
    aemu_test_wreg(h, mmCP_MQD_BASE_ADDR_HI, gart(RELOAD_MQD) >> 32);
    srbm_select(h, 0, 0, 0);
    aemu_test_wreg(h, mmCP_MEC_CNTL, 0);
    emit_set_uconfig(&r, mmSCRATCH_REG0, 1);
    compute_commit(&r, doorbell);
    run(h);
    g_assert_cmphex(aemu_test_rreg(h, mmSCRATCH_REG0), ==, 1);
    aemu_test_wreg(h, mmCP_MEC_CNTL, halt);

    /* The next instance: a ring of NOPs and the MQD of the queue. */
    r = (Ring) { .h = h, .bus = COMP_RING, .size_dw = RING_DW };
    for (unsigned i = 0; i < RING_DW; i++) {
        ram_w32(h, COMP_RING + 4ull * i, NOP_PAD);
    }
    srbm_select(h, 1, 0, 0);
    g_assert_true(aemu_test_rreg(h, mmCP_HQD_ACTIVE) &
                  CP_HQD_ACTIVE__ACTIVE_MASK);
    memset(h->ram + RELOAD_MQD, 0, GPU_PAGE);
    for (reg = mmCP_MQD_BASE_ADDR; reg <= mmCP_MQD_CONTROL; reg++) {
        ram_w32(h, RELOAD_MQD + 4 * KFD_MQD_DW(reg), aemu_test_rreg(h, reg));
    }
    ram_w32(h, RELOAD_MQD + 4 * KFD_MQD_DW(mmCP_HQD_PQ_WPTR), 0);
    ram_w32(h, RELOAD_MQD + 4 * KFD_MQD_DW(mmCP_HQD_ACTIVE), 1);
    g_assert_cmpuint(reload_mqd_r32(h, mmCP_HQD_PQ_RPTR), ==, r.size_dw / 8);

    /* gfx_v7_0_mqd_deactivate: nothing happens, the driver times out. */
    aemu_test_wreg(h, mmCP_HQD_DEQUEUE_REQUEST, 1);
    g_assert_true(aemu_test_rreg(h, mmCP_HQD_ACTIVE) &
                  CP_HQD_ACTIVE__ACTIVE_MASK);
    g_assert_cmpuint(reload_mqd_r32(h, mmCP_HQD_ACTIVE), ==, 1);
    g_assert_cmpuint(reload_mqd_r32(h, mmCP_HQD_PQ_WPTR), ==, 0);

    /* gfx_v7_0_mqd_commit, then gfx_v7_0_cp_compute_enable. */
    aemu_test_wreg(h, mmCP_PQ_WPTR_POLL_CNTL, 0);
    for (reg = mmCP_HQD_VMID; reg <= mmCP_MQD_CONTROL; reg++) {
        aemu_test_wreg(h, reg, reload_mqd_r32(h, reg));
    }
    for (reg = mmCP_MQD_BASE_ADDR; reg <= mmCP_HQD_ACTIVE; reg++) {
        aemu_test_wreg(h, reg, reload_mqd_r32(h, reg));
    }
    srbm_select(h, 0, 0, 0);
    aemu_test_wreg(h, mmCP_MEC_CNTL, 0);
    /* Its udelay(50): the queue runs through the NOPs to the ring's end. */
    run(h);

    /* The ring test. */
    emit_set_uconfig(&r, mmSCRATCH_REG0, 0xcafe);
    compute_commit(&r, doorbell);
    run(h);
    g_assert_cmphex(aemu_test_rreg(h, mmSCRATCH_REG0), ==, 0xcafe);
    g_assert_cmpuint(ram_r32(h, WB_COMP_RPTR), ==, r.wptr);

    /* A request left pending under a halted MEC runs when it starts. */
    aemu_test_wreg(h, mmCP_MEC_CNTL, halt);
    srbm_select(h, 1, 0, 0);
    aemu_test_wreg(h, mmCP_HQD_DEQUEUE_REQUEST, 1);
    g_assert_true(aemu_test_rreg(h, mmCP_HQD_ACTIVE) &
                  CP_HQD_ACTIVE__ACTIVE_MASK);
    aemu_test_wreg(h, mmCP_MEC_CNTL, 0);
    g_assert_false(aemu_test_rreg(h, mmCP_HQD_ACTIVE) &
                   CP_HQD_ACTIVE__ACTIVE_MASK);
    g_assert_cmpuint(reload_mqd_r32(h, mmCP_HQD_ACTIVE), ==, 0);
    g_assert_cmpuint(reload_mqd_r32(h, mmCP_HQD_PQ_RPTR), ==, r.wptr);
    srbm_select(h, 0, 0, 0);
    g_assert_cmpuint(h->guest_errors->len, ==, 0);
    aemu_test_host_free(h);
}

int main(int argc, char **argv)
{
    g_test_init(&argc, &argv, NULL);
    g_test_add_func("/cp/gfx/ring-test", test_ring_test);
    g_test_add_func("/cp/gfx/start-stream", test_gfx_start_stream);
    g_test_add_func("/cp/gfx/ib-fence-interrupt", test_ib_fence_interrupt);
    g_test_add_func("/cp/gfx/write-data", test_write_data);
    g_test_add_func("/cp/gfx/write-wait-write-masked-ref",
                    test_write_wait_write_masked_ref);
    g_test_add_func("/cp/gfx/wait-reg-mem-yields", test_wait_reg_mem_yields);
    g_test_add_func("/cp/gfx/halted-me", test_halted_me);
    g_test_add_func("/cp/reset-state", test_reset_state);
    g_test_add_func("/cp/compute/queue", test_compute_queue);
    g_test_add_func("/cp/compute/reload", test_compute_reload);
    g_test_add_func("/cp/compute/ring-id-both-drivers",
                    test_compute_ring_id_both_drivers);
    g_test_add_func("/cp/gfx/radeon-packets", test_radeon_packets);
    g_test_add_func("/cp/gfx/constant-engine", test_constant_engine);
    g_test_add_func("/cp/gfx/user-ce-de-counters", test_user_ce_de_counters);
    g_test_add_func("/cp/hostile/unknown-opcode", test_unknown_opcode);
    g_test_add_func("/cp/hostile/bad-lengths", test_bad_lengths);
    g_test_add_func("/cp/hostile/partial-packet", test_partial_packet);
    g_test_add_func("/cp/hostile/ib-fault", test_ib_fault);
    g_test_add_func("/cp/hostile/ib-bounds", test_ib_bounds);
    g_test_add_func("/cp/hostile/wait-forever", test_wait_forever);
    g_test_add_func("/cp/hostile/user-ib-privileges",
                    test_user_ib_privileges);
    g_test_add_func("/cp/hostile/device-reset", test_device_reset_clears_hang);
    g_test_add_func("/cp/inject/corrupt-eop", test_inject_corrupt_eop);
    g_test_add_func("/cp/inject/corrupt-release-mem",
                    test_inject_corrupt_release_mem);
    g_test_add_func("/cp/inject/hang-gfx", test_inject_hang_gfx);
    g_test_add_func("/cp/timeline", test_timeline);
    g_test_add_func("/cp/kfd/registers", test_kfd_registers);
    g_test_add_func("/cp/kfd/pm4-queue", test_kfd_pm4_queue);
    g_test_add_func("/cp/kfd/aql-queue", test_kfd_aql_queue);
    return g_test_run();
}
