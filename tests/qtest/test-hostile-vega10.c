/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The hostile-guest catalogue (docs/hostile-inputs.md) on Vega10, in the
 * real QEMU: test-hostile.c's method on the SOC15 blocks, with the inputs
 * of tests/unit/test-hostile-vega10.c that the guest can make through the
 * BARs (its helpers, ported to the qtest wire: rings, MQDs and page tables
 * in VRAM written through BAR0 and reached through the FB aperture of
 * VMID 0 at FB_MC_BASE; doorbells through BAR2). Every input starts from
 * the PCI config reset (0x7C); hostile-run.c repeats it, checks QEMU's
 * monitor answers within a second and its memory does not grow.
 */
#include <string.h>
#include "hostile-run.h"
#include "amdgpu-emu/aemu.h"
#include "aemu-internal.h"
#include "pm4_soc15.h"
#include "sdma_v4_0_pkt.h"
#include "vega10_utcl2_cid.h"
#include "amdgpu-emu/regs/vega10_regs.h"
#include "amdgpu-emu/regs/vega10_fields.h"

#define BAR_VRAM 0
#define BAR_DOORBELL 2
#define BAR_MMIO 5
#define VEGA10_DEVICE_ID 0x687fu
#define VRAM_MIB 256u

typedef struct Host {
    AemuQTest *qt;
    uint16_t bdf;
    AqtBar bars[6];
} Host;

static Host host;

static uint32_t rreg(Host *h, uint32_t dw)
{
    return aqt_readl(h->qt, h->bars[BAR_MMIO].addr + dw * 4ull);
}

static void wreg(Host *h, uint32_t dw, uint32_t v)
{
    aqt_writel(h->qt, h->bars[BAR_MMIO].addr + dw * 4ull, v);
}

static void vram_w64(Host *h, uint64_t off, uint64_t v)
{
    aqt_writeq(h->qt, h->bars[BAR_VRAM].addr + off, v);
}

static uint64_t vram_r64(Host *h, uint64_t off)
{
    return aqt_readq(h->qt, h->bars[BAR_VRAM].addr + off);
}

static void vram_zero(Host *h, uint64_t off, uint64_t len)
{
    aqt_memset(h->qt, h->bars[BAR_VRAM].addr + off, 0, len);
}

/* n copies of the dword v at off, in one transfer. */
static void vram_fill(Host *h, uint64_t off, uint32_t v, unsigned n)
{
    g_autofree uint32_t *buf = g_new(uint32_t, n);

    for (unsigned i = 0; i < n; i++) {
        buf[i] = GUINT32_TO_LE(v);
    }
    aqt_memwrite(h->qt, h->bars[BAR_VRAM].addr + off, buf, 4ull * n);
}

/* A doorbell write of size bytes (the BAR's offset at), as the CPU does. */
static void doorbell_write(Host *h, uint64_t at, uint64_t v, unsigned size)
{
    uint64_t a = h->bars[BAR_DOORBELL].addr + at;

    switch (size) {
    case 1: aqt_writeb(h->qt, a, (uint8_t)v); break;
    case 2: aqt_writew(h->qt, a, (uint16_t)v); break;
    case 4: aqt_writel(h->qt, a, (uint32_t)v); break;
    default: aqt_writeq(h->qt, a, v); break;
    }
}

/* The number of times needle occurs in QEMU's guest-error log. */
static unsigned log_count(Host *h, const char *needle)
{
    g_autofree char *log = aqt_stderr(h->qt);
    unsigned n = 0;

    for (const char *p = log; (p = strstr(p, needle)); p++) {
        n++;
    }
    return n;
}

#define RUN_NS 1000000ll

/* VRAM through BAR0. */
static void vram_w32(Host *h, uint64_t off, uint32_t v)
{
    aqt_writel(h->qt, h->bars[BAR_VRAM].addr + off, v);
}

static uint32_t vram_r32(Host *h, uint64_t off)
{
    return aqt_readl(h->qt, h->bars[BAR_VRAM].addr + off);
}

static void run(Host *h)
{
    hostile_step(h->qt, RUN_NS);
}

#include "hostile-vega10-driver.h"

/* amdgpu's ASIC reset (the 0x7C magic): every input starts from it. */
static void reset(Host *h)
{
    aqt_pci_cfg_write32(h->qt, h->bdf, AEMU_PCI_CONFIG_RESET_OFFSET,
                        AEMU_PCI_CONFIG_RESET_DATA);
    next_pt = PT_VRAM;
    vram_zero(h, WB_VRAM, PAGE);
}

/* ==== The KIQ ========================================================== */

/*
 * A MAP_QUEUES (or UNMAP_QUEUES) the KIQ refuses, after a SET_RESOURCES
 * naming every queue and VMID: the KIQ stops on it with its pipe's
 * opcode-error status and header dump, the fence after it is not
 * written, no queue is mapped.
 */
static void kiq_refuses(Host *h, bool map, uint32_t control, unsigned num,
                        const char *what)
{
    CpRing kiq;
    HqdInit q = kcq0();
    unsigned before = log_count(h, what);
    uint32_t header;

    reset(h);
    kiq = kiq_start(h);
    mqd_init(h, &q);
    emit_set_resources(&kiq, UINT16_MAX, UINT64_MAX);
    if (map) {
        header = PACKET3(PACKET3_MAP_QUEUES, 5);
        emit_map_queues(&kiq, map_control(control & 0xf, control >> 4, 0, num),
                        q.doorbell, fb(q.mqd), fb(q.wptr_wb));
    } else {
        header = PACKET3(PACKET3_UNMAP_QUEUES, 4);
        emit_unmap_queues(&kiq, num, q.doorbell);
    }
    emit_fence_kiq(&kiq, WB_SLOT(4), MAGIC0);
    cp_commit(&kiq);
    run(h);
    g_assert_cmpuint(log_count(h, what), ==, before + 1);
    g_assert_cmphex(vram_r32(h, WB_SLOT(4)), ==, 0);
    g_assert_true(rreg(h, mmCP_ME2_PIPE1_INT_STATUS) &
                  CP_ME1_PIPE0_INT_STATUS__OPCODE_ERROR_INT_STATUS_MASK);
    g_assert_cmphex(rreg(h, mmCP_MEC_ME2_HEADER_DUMP), ==, header);
    g_assert_true(rreg(h, mmCP_CPC_STATUS) & CP_CPC_STATUS__MEC2_BUSY_MASK);
    g_assert_cmpuint(mec1_active_queues(h), ==, 0);
}

/* MAP_QUEUES of MEC3, which Vega10 does not have. */
static void kiq_map_missing_me(void *opaque)
{
    kiq_refuses(opaque, true, 2, 1, "does not exist");
}

/* MAP_QUEUES of the KIQ's own slot (ME 1 pipe 1 queue 0 in the packet). */
static void kiq_map_itself(void *opaque)
{
    kiq_refuses(opaque, true, 1 | 1u << 4, 1, "is the KIQ");
}

/* UNMAP_QUEUES with NUM_QUEUES 7 (a packet has room for 4 doorbells). */
static void kiq_unmap_too_many(void *opaque)
{
    kiq_refuses(opaque, false, 0, 7, "with NUM_QUEUES 7");
}

/*
 * MAP_QUEUES of an MQD nothing maps: the CPC's read faults on the GFXHUB
 * (latched, VMID 0, a read), the KIQ stops, the queue is not mapped.
 */
static void kiq_mqd_at_faulting_address(void *opaque)
{
    Host *h = opaque;
    CpRing kiq;
    HqdInit q = kcq0();
    uint32_t status;

    reset(h);
    kiq = kiq_start(h);
    emit_set_resources(&kiq, 0, 1);
    emit_map_queues(&kiq, map_control(0, 0, 0, 1), q.doorbell, UNMAPPED_MC,
                    fb(q.wptr_wb));
    emit_fence_kiq(&kiq, WB_SLOT(4), MAGIC0);
    cp_commit(&kiq);
    run(h);
    g_assert_cmphex(vram_r32(h, WB_SLOT(4)), ==, 0);
    g_assert_false(hqd_active(h, 1, 0, 0));
    g_assert_true(rreg(h, mmCP_CPC_STATUS) & CP_CPC_STATUS__MEC2_BUSY_MASK);
    status = fault_status(h, &gfxhub);
    g_assert_cmpuint(AEMU_REG_GET(status, VM_L2_PROTECTION_FAULT_STATUS,
                                  MAPPING_ERROR), ==, 1);
    g_assert_cmpuint(AEMU_REG_GET(status, VM_L2_PROTECTION_FAULT_STATUS,
                                  CID), ==, VEGA10_GFXHUB_CID_CPC);
    g_assert_cmphex(rreg(h, gfxhub.addr_lo), ==, UNMAPPED_MC >> 12);
}

/*
 * MAP_QUEUES with the doorbell offset at the field's maximum (256 MiB, far
 * past the 2 MiB BAR): the queue maps, no doorbell in the BAR reaches it
 * (its last qword included), its write pointer register still runs it.
 */
static void kiq_doorbell_beyond_bar(void *opaque)
{
    Host *h = opaque;
    CpRing kiq;
    HqdInit q = kcq0();
    const uint32_t db_dw = PM4_DOORBELL_OFFSET_MASK >> 2;
    const uint64_t size = h->bars[BAR_DOORBELL].size;
    Stream s = { h, KCQ_RING_VRAM, 0 };

    reset(h);
    kiq = kiq_start(h);
    wreg(h, mmCP_MEC_DOORBELL_RANGE_UPPER,
         CP_MEC_DOORBELL_RANGE_UPPER__DOORBELL_RANGE_UPPER_MASK);
    mqd_init(h, &q);
    emit_set_resources(&kiq, 0, 1);
    emit_map_queues(&kiq, map_control(0, 0, 0, 1), db_dw, fb(q.mqd),
                    fb(q.wptr_wb));
    emit_fence_kiq(&kiq, WB_SLOT(4), MAGIC0);
    cp_commit(&kiq);
    run(h);
    g_assert_cmphex(vram_r32(h, WB_SLOT(4)), ==, MAGIC0);
    g_assert_true(hqd_active(h, 1, 0, 0));
    vram_fill(h, KCQ_RING_VRAM, NOP_PAD, CP_RING_DW);
    wreg(h, mmSCRATCH_REG0, 0);
    put_set_uconfig(&s, mmSCRATCH_REG0, MAGIC1);
    doorbell_write(h, size - 8, s.at, 8);
    doorbell_write(h, size - 4, s.at, 4);
    run(h);
    g_assert_cmphex(rreg(h, mmSCRATCH_REG0), ==, 0);
    grbm_select(h, 1, 0, 0);
    wreg(h, mmCP_HQD_PQ_WPTR_LO, s.at);
    grbm_select(h, 0, 0, 0);
    run(h);
    g_assert_cmphex(rreg(h, mmSCRATCH_REG0), ==, MAGIC1);
}

/* ==== GMC 9.0 ========================================================== */

/*
 * Page tables pointing at themselves: VMID 1's root PDE (PDB2) is the root
 * itself, or two tables point at each other. An SDMA IB in that VMID (on
 * the MMHUB) walks four levels and faults, latched with its VMID; the
 * walk ends, nothing is written through it, the fence after never lands.
 */
static unsigned pde_loop_kind;

static void pde_loops(void *opaque)
{
    Host *h = opaque;
    const unsigned vmid = 1;
    uint64_t root, other;
    SdmaRing r;
    uint32_t status;

    reset(h);
    root = pt_alloc(h);
    other = pt_alloc(h);
    vm_context_enable(h, &mmhub, vmid, root, 0);
    if (pde_loop_kind++ & 1) {
        vram_w64(h, root, other | AMDGPU_PTE_VALID);
        vram_w64(h, other, root | AMDGPU_PTE_VALID);
    } else {
        vram_w64(h, root, root | AMDGPU_PTE_VALID);
    }
    r = sdma_ring(h, 0);
    sdma_ib(&r, 0, 8, vmid);
    sdma_fence(&r, fb(WB_SLOT(4)), MAGIC0);
    sdma_commit(&r);
    run(h);
    status = fault_status(h, &mmhub);
    g_assert_cmpuint(status, !=, 0);
    g_assert_cmpuint(AEMU_REG_GET(status, VM_L2_PROTECTION_FAULT_STATUS,
                                  VMID), ==, vmid);
    g_assert_cmphex(vram_r32(h, WB_SLOT(4)), ==, 0);
    g_assert_false(sdma_idle(h, 0));
    g_assert_cmphex(vram_r64(h, root) & TABLE_ADDR_MASK, !=, 0);
}

/*
 * An invalidation semaphore a ring takes and never releases: the ring
 * polling for it stays busy at bounded cost, the other SDMA engine is not
 * held up, and the release lets the first go on.
 */
static void invalidate_semaphore_never_released(void *opaque)
{
    Host *h = opaque;
    const unsigned eng = 5, vmid = 3;
    const uint32_t sem = mmhub.eng0_sem + eng, req = mmhub.eng0_req + eng;
    const uint32_t ack = mmhub.eng0_ack + eng;
    SdmaRing r, r1;

    reset(h);
    r = sdma_ring(h, 0);
    r1 = sdma_ring(h, 1);
    /* The CPU takes it (a read that returns 1 acquires it) and keeps it. */
    g_assert_cmphex(rreg(h, sem), ==, VM_INVALIDATE_ENG0_SEM__SEMAPHORE_MASK);
    sdma_wait(&r, false, sem, 0, VM_INVALIDATE_ENG0_SEM__SEMAPHORE_MASK,
              VM_INVALIDATE_ENG0_SEM__SEMAPHORE_MASK, SDMA_FUNC_EQUAL);
    sdma_wreg(&r, req, AEMU_REG_SET(0, VM_INVALIDATE_ENG0_REQ,
                                    PER_VMID_INVALIDATE_REQ, 1u << vmid));
    sdma_wait(&r, false, ack, 0, 1u << vmid, 1u << vmid, SDMA_FUNC_EQUAL);
    sdma_wreg(&r, sem, 0);
    sdma_fence(&r, fb(WB_SLOT(4)), MAGIC0);
    sdma_commit(&r);
    run(h);
    run(h);
    g_assert_cmphex(vram_r32(h, WB_SLOT(4)), ==, 0);
    g_assert_false(sdma_idle(h, 0));
    sdma_fence(&r1, fb(WB_SLOT(5)), MAGIC1);
    sdma_commit(&r1);
    run(h);
    g_assert_cmphex(vram_r32(h, WB_SLOT(5)), ==, MAGIC1);
    wreg(h, sem, 0);
    run(h);
    g_assert_cmphex(vram_r32(h, WB_SLOT(4)), ==, MAGIC0);
    g_assert_true(sdma_idle(h, 0));
}

/* ==== The IH =========================================================== */

/*
 * The IH ring and its write-back where nothing is mapped (MMHUB, VMID 0),
 * range faults interrupting in both hubs' context 0, and a gfx ring
 * fetched from an unmapped address: the GFXHUB fault's IV write faults on
 * the MMHUB; that IV would recurse and is dropped. Both latched, no entry.
 */
static void ih_ring_at_faulting_address(void *opaque)
{
    Host *h = opaque;
    const uint32_t range_irq =
        VM_CONTEXT1_CNTL__RANGE_PROTECTION_FAULT_ENABLE_INTERRUPT_MASK;
    unsigned before = log_count(h, "the IH's own ring access faulted");

    reset(h);
    wreg(h, gfxhub.ctx0_cntl, range_irq);
    wreg(h, mmhub.ctx0_cntl, range_irq);
    ih_enable(h, IH_MC_SPACE_MC, UNMAPPED_MC, UNMAPPED_MC + PAGE, IH_ORDER_4K);
    gfx_ring_start(h, 0, UNMAPPED_MC, GFX_RING_ORDER);
    wreg(h, mmCP_RB0_WPTR, 16);
    run(h);
    g_assert_cmphex(fault_status(h, &gfxhub), !=, 0);
    g_assert_cmphex(fault_status(h, &mmhub), !=, 0);
    g_assert_cmpuint(AEMU_REG_GET(fault_status(h, &mmhub),
                                  VM_L2_PROTECTION_FAULT_STATUS, CID), ==,
                     VEGA10_MMHUB_WR_CID_OSS);
    g_assert_cmpuint(rreg(h, mmIH_RB_WPTR), ==, 0);
    g_assert_cmpuint(log_count(h, "the IH's own ring access faulted"), >,
                     before);
    g_assert_true(gfx_busy(h));
}

/*
 * An interrupt storm into a ring smaller than one 32-byte entry (RB_SIZE
 * 0..3): every IV overflows, nothing is written around the ring.
 */
static unsigned ih_tiny_order;

static void ih_ring_smaller_than_an_entry(void *opaque)
{
    Host *h = opaque;
    SdmaRing r;
    const uint64_t ring = 0x7000ull;

    reset(h);
    aqt_memset(h->qt, h->bars[BAR_VRAM].addr + ring, CANARY_BYTE, PAGE);
    ih_enable(h, IH_MC_SPACE_MC, fb(ring), fb(WB_SLOT(6)), ih_tiny_order++ & 3);
    r = sdma_ring(h, 0);
    for (unsigned i = 0; i < 64; i++) {
        sdma_emit(&r, SDMA_PKT_HEADER_OP(SDMA_OP_TRAP));
        sdma_emit(&r, 0);
    }
    sdma_fence(&r, fb(WB_SLOT(4)), MAGIC0);
    sdma_commit(&r);
    run(h);
    g_assert_cmphex(vram_r32(h, WB_SLOT(4)), ==, MAGIC0);
    g_assert_true(rreg(h, mmIH_RB_WPTR) & IH_RB_WPTR__RB_OVERFLOW_MASK);
    g_assert_cmpuint(rreg(h, mmIH_RB_WPTR) & IH_RB_WPTR__OFFSET_MASK, ==, 0);
    for (unsigned i = 0; i < PAGE; i += 4) {
        g_assert_cmphex(vram_r32(h, ring + i), ==, CANARY32);
    }
}

/*
 * An interrupt storm the driver never acknowledges: 300 SDMA traps into a
 * 4 KiB ring of 32-byte entries. The IH stops one entry short of the rptr
 * and sets IH_RB_WPTR.RB_OVERFLOW (vega10_ih_get_wptr reads and clears
 * it); the rest are dropped, the engine is not held up.
 */
static void interrupt_storm_overflows_ih(void *opaque)
{
    Host *h = opaque;
    SdmaRing r;

    reset(h);
    vram_zero(h, IB2_VRAM, PAGE);
    ih_enable(h, IH_MC_SPACE_MC, fb(IB2_VRAM), fb(WB_SLOT(6)), IH_ORDER_4K);
    r = sdma_ring(h, 0);
    for (unsigned i = 0; i < 300; i++) {
        sdma_emit(&r, SDMA_PKT_HEADER_OP(SDMA_OP_TRAP));
        sdma_emit(&r, 0);
    }
    sdma_fence(&r, fb(WB_SLOT(4)), MAGIC0);
    sdma_commit(&r);
    for (unsigned n = 0; n < 20 && vram_r32(h, WB_SLOT(4)) != MAGIC0; n++) {
        run(h);
    }
    g_assert_cmphex(vram_r32(h, WB_SLOT(4)), ==, MAGIC0);
    g_assert_true(rreg(h, mmIH_RB_WPTR) & IH_RB_WPTR__RB_OVERFLOW_MASK);
    g_assert_cmpuint(rreg(h, mmIH_RB_WPTR) & IH_RB_WPTR__OFFSET_MASK, ==,
                     PAGE - IV_SIZE);
    g_assert_cmpuint(vram_r32(h, IB2_VRAM) & 0xff, ==, CLIENT_SDMA0);
}

/* ==== NBIO 6.1, MMIO and doorbells ===================================== */

/*
 * The SMN space behind PCIE_INDEX2/PCIE_DATA2 walked over a thousand new
 * addresses per input (the first input fills it to its cap first): capped,
 * so QEMU does not grow; the first address keeps its value, new ones
 * read 0.
 */
static uint32_t smn_next;

static void smn_space_walk(void *opaque)
{
    Host *h = opaque;
    const uint32_t base = 0x01000000;
    uint32_t n = smn_next ? 1000 : AEMU_SPARSE_MAX_ENTRIES + 1000;
    uint32_t first = smn_next;

    smn_next += n;
    for (uint32_t i = 0; i < n; i++) {
        wreg(h, mmPCIE_INDEX2, base + 4 * (first + i));
        wreg(h, mmPCIE_DATA2, first + i + 1);
    }
    wreg(h, mmPCIE_INDEX2, base);
    g_assert_cmphex(rreg(h, mmPCIE_DATA2), ==, 1);
    wreg(h, mmPCIE_INDEX2, base + 4 * (first + n - 1));
    g_assert_cmphex(rreg(h, mmPCIE_DATA2), ==, 0);
}

/*
 * The last register of the 512 KiB BAR at every width, and MM_INDEX past
 * the register file: the last dword is an ordinary register, the window
 * past the file reads 0 and writes nowhere.
 */
static void mmio_bar_end(void *opaque)
{
    Host *h = opaque;
    const uint64_t size = h->bars[BAR_MMIO].size;
    const uint64_t end = h->bars[BAR_MMIO].addr + size;

    reset(h);
    g_assert_cmpuint(size, ==, 512 * KiB);
    wreg(h, mmSCRATCH_REG0, MAGIC0);
    aqt_writel(h->qt, end - 4, CANARY32);
    g_assert_cmphex(aqt_readl(h->qt, end - 4), ==, CANARY32);
    g_assert_cmphex(aqt_readb(h->qt, end - 1), ==, CANARY_BYTE);
    g_assert_cmphex(aqt_readw(h->qt, end - 2), ==, CANARY32 & 0xffff);
    wreg(h, mmMM_INDEX, (uint32_t)size);
    wreg(h, mmMM_DATA, BAD_VALUE);
    g_assert_cmphex(rreg(h, mmMM_DATA), ==, 0);
    wreg(h, mmMM_INDEX, 0x7ffffffc);
    wreg(h, mmMM_DATA, BAD_VALUE);
    g_assert_cmphex(rreg(h, mmMM_DATA), ==, 0);
    g_assert_cmphex(aqt_readl(h->qt, end - 4), ==, CANARY32);
    g_assert_cmphex(rreg(h, mmSCRATCH_REG0), ==, MAGIC0);
}

/*
 * Doorbells nothing claims, sub-dword doorbells on claimed slots, the
 * BAR's last bytes: no ring moves, no engine wakes, no interrupt.
 */
static void bad_doorbells(void *opaque)
{
    Host *h = opaque;
    const uint64_t size = h->bars[BAR_DOORBELL].size;
    const struct {
        uint64_t at;
        unsigned size;
    } writes[] = {
        { 4ull * DOORBELL_KIQ, 8 }, { 0x1000, 8 }, { 1 * MiB, 4 },
        { size - 8, 8 }, { size - 4, 4 }, { size - 1, 1 },
        { 4ull * DOORBELL_GFX, 2 }, { 4ull * DOORBELL_GFX + 1, 1 },
        { 4ull * DOORBELL_SDMA(0) + 2, 2 }, { 4ull * DOORBELL_IH + 3, 1 },
    };

    reset(h);
    g_assert_cmpuint(size, ==, 2 * MiB);
    gfx_ring_fill_nops(h, GFX_RING_VRAM);
    gfx_ring_start(h, 0, fb(GFX_RING_VRAM), GFX_RING_ORDER);
    wreg(h, mmCP_RB_DOORBELL_CONTROL,
         DOORBELL_GFX << 2 | CP_RB_DOORBELL_CONTROL__DOORBELL_EN_MASK);
    sdma_start(h, 0, SDMA_RING_ORDER, fb(SDMA_RING_VRAM(0)), true);
    ih_enable(h, IH_MC_SPACE_MC, fb(IB2_VRAM), fb(WB_SLOT(6)), IH_ORDER_4K);
    wreg(h, mmIH_DOORBELL_RPTR,
         AEMU_REG_SET(AEMU_REG_SET(0, IH_DOORBELL_RPTR, OFFSET, DOORBELL_IH),
                      IH_DOORBELL_RPTR, ENABLE, 1));
    run(h);
    for (size_t i = 0; i < G_N_ELEMENTS(writes); i++) {
        doorbell_write(h, writes[i].at, UINT64_MAX, writes[i].size);
    }
    run(h);
    g_assert_cmpuint(rreg(h, mmCP_RB0_WPTR), ==, 0);
    g_assert_cmpuint(rreg(h, mmCP_RB0_WPTR_HI), ==, 0);
    g_assert_cmpuint(rreg(h, mmSDMA0_GFX_RB_WPTR), ==, 0);
    g_assert_cmpuint(rreg(h, mmSDMA0_GFX_RB_WPTR_HI), ==, 0);
    g_assert_cmpuint(rreg(h, mmIH_RB_RPTR), ==, 0);
    g_assert_cmpuint(rreg(h, mmIH_RB_WPTR), ==, 0);
    g_assert_false(gfx_busy(h));
    g_assert_true(sdma_idle(h, 0));
}

/*
 * The SMU's mailbox fed messages it does not know, with any arguments,
 * without waiting for answers: every message is answered (C2PMSG_90
 * non-zero), the unknown ones with PPSMC_Result_UnknownCmd, as
 * smu9_send_msg_to_smc reads it.
 */
#define SMU_RESULT_UNKNOWN_CMD 0xfeu
#define SMU_UNKNOWN_MSG 0xffffu

static void smu_mailbox_garbage(void *opaque)
{
    Host *h = opaque;

    reset(h);
    for (uint32_t i = 0; i < 200; i++) {
        wreg(h, mmMP1_SMN_C2PMSG_90, 0);
        wreg(h, mmMP1_SMN_C2PMSG_82, i * 0x9e3779b9u);
        wreg(h, mmMP1_SMN_C2PMSG_66, (i * 0x61c9u) | 0x8000u);
        g_assert_cmphex(rreg(h, mmMP1_SMN_C2PMSG_90), !=, 0);
    }
    wreg(h, mmMP1_SMN_C2PMSG_90, 0);
    wreg(h, mmMP1_SMN_C2PMSG_66, SMU_UNKNOWN_MSG);
    g_assert_cmphex(rreg(h, mmMP1_SMN_C2PMSG_90), ==, SMU_RESULT_UNKNOWN_CMD);
}

/*
 * MSI aimed at the device's own doorbells: the SDMA trap's message written
 * to SDMA0's doorbell would move SDMA0's write pointer from inside its own
 * interrupt. Refused like any DMA into BAR2: the pointer stays where the
 * guest put it, the ring's fence lands.
 */
#define MSI_DATA 0x4321u

static void msi_aimed_at_own_doorbells(void *opaque)
{
    Host *h = opaque;
    unsigned before = log_count(h, "own BAR2");
    SdmaRing r;

    reset(h);
    ih_enable(h, IH_MC_SPACE_MC, fb(IB2_VRAM), fb(WB_SLOT(6)), IH_ORDER_4K);
    g_assert_true(aqt_pci_msi_enable(h->qt, h->bdf,
                                     h->bars[BAR_DOORBELL].addr +
                                     4ull * DOORBELL_SDMA(0), MSI_DATA));
    sdma_start(h, 0, SDMA_RING_ORDER, fb(SDMA_RING_VRAM(0)), true);
    r = (SdmaRing) { .h = h, .inst = 0, .vram = SDMA_RING_VRAM(0),
                     .size_dw = SDMA_RING_DW };
    for (unsigned i = 0; i < 8; i++) {
        sdma_emit(&r, SDMA_PKT_HEADER_OP(SDMA_OP_TRAP));
        sdma_emit(&r, 0);
    }
    sdma_fence(&r, fb(WB_SLOT(4)), MAGIC0);
    sdma_commit(&r);
    run(h);
    aqt_pci_msi_disable(h->qt, h->bdf);
    g_assert_cmphex(vram_r32(h, WB_SLOT(4)), ==, MAGIC0);
    g_assert_cmpuint(rreg(h, mmSDMA0_GFX_RB_WPTR), ==, 4 * r.wptr);
    g_assert_true(sdma_idle(h, 0));
    g_assert_cmpuint(log_count(h, "own BAR2"), >, before);
}

/*
 * GRBM_SOFT_RESET (every bit) toggled while the gfx ring waits forever and
 * SDMA copies 4 MiB: the CP is held in reset while its bits are set
 * (gfx_v9_0_soft_reset); released, it is idle and holds no work. SDMA is
 * not a GRBM unit on SOC15: its copy goes on and its fence lands.
 */
static void soft_reset_storm(void *opaque)
{
    Host *h = opaque;
    Stream s = { h, GFX_RING_VRAM, 0 };
    SdmaRing r;

    reset(h);
    gfx_ring_fill_nops(h, GFX_RING_VRAM);
    put(&s, PACKET3(PACKET3_WAIT_REG_MEM, 5));
    put(&s, WAIT_REG_MEM_FUNCTION(PM4_FUNC_EQUAL) | WAIT_REG_MEM_MEM_SPACE(1));
    put(&s, (uint32_t)fb(WB_SLOT(7)));
    put(&s, (uint32_t)(fb(WB_SLOT(7)) >> 32));
    put(&s, MAGIC2);
    put(&s, ~0u);
    put(&s, 4);
    gfx_ring_start(h, 0, fb(GFX_RING_VRAM), GFX_RING_ORDER);
    wreg(h, mmCP_RB0_WPTR, s.at);
    r = sdma_ring(h, 0);
    sdma_emit(&r, SDMA_PKT_HEADER_OP(SDMA_OP_COPY) |
                  SDMA_PKT_HEADER_SUB_OP(SDMA_SUBOP_COPY_LINEAR));
    sdma_emit(&r, (4u << 20) - 1);
    sdma_emit(&r, 0);
    sdma_emit(&r, (uint32_t)fb(DATA_VRAM));
    sdma_emit(&r, (uint32_t)(fb(DATA_VRAM) >> 32));
    sdma_emit(&r, (uint32_t)fb(DATA_VRAM + 4 * MiB));
    sdma_emit(&r, (uint32_t)(fb(DATA_VRAM + 4 * MiB) >> 32));
    sdma_fence(&r, fb(WB_SLOT(4)), MAGIC0);
    sdma_commit(&r);
    for (unsigned i = 0; i < 100; i++) {
        wreg(h, mmGRBM_SOFT_RESET, i & 1 ? 0 : ~0u);
        hostile_step(h->qt, RUN_NS / 100);
    }
    wreg(h, mmGRBM_SOFT_RESET, 0);
    for (unsigned n = 0; n < 20 && !sdma_idle(h, 0); n++) {
        run(h);
    }
    g_assert_false(gfx_busy(h));
    g_assert_cmphex(vram_r32(h, WB_SLOT(4)), ==, MAGIC0);
    g_assert_true(sdma_idle(h, 0));
}

/* ==== SDMA 4.0 and write pointers ====================================== */

/*
 * SDMA packets of the largest counts: 4 MiB CONST_FILLs, a 4 MiB
 * COPY_LINEAR, a 512K-entry PTEPDE. They finish over many slices, every
 * virtual-time step returning within a second, exactly within their
 * buffers (canaries around them intact).
 */
static void sdma_huge_counts(void *opaque)
{
    Host *h = opaque;
    const unsigned fills = 6;
    SdmaRing r;

    reset(h);
    r = sdma_ring(h, 0);
    vram_w32(h, DATA_VRAM - 4, CANARY32);
    vram_w32(h, SDMA_HUGE_END, CANARY32);
    sdma_emit_huge_counts(&r, fills);
    sdma_commit(&r);
    for (unsigned n = 0; n < 200 && !sdma_idle(h, 0); n++) {
        run(h);
    }
    g_assert_true(sdma_idle(h, 0));
    g_assert_cmphex(vram_r32(h, WB_SLOT(4)), ==, MAGIC0);
    g_assert_cmphex(vram_r32(h, DATA_VRAM - 4), ==, CANARY32);
    g_assert_cmphex(vram_r32(h, SDMA_HUGE_END), ==, CANARY32);
    g_assert_cmphex(vram_r32(h, SDMA_HUGE_COPY_DST + SDMA_HUGE_BYTES - 4), ==,
                    FILL_PATTERN);
    g_assert_cmphex(vram_r64(h, SDMA_HUGE_END - 8), ==,
                    (uint64_t)(SDMA_HUGE_PTES - 1) * PAGE | PTE_RW);
}

/*
 * A burst NOP of 16K dwords in an 8 KiB ring: the queue hangs with the
 * illegal-instruction report instead of reading past its ring; halting
 * and resuming the engine (sdma_v4_0_enable) runs it again.
 */
static void sdma_nop_longer_than_ring(void *opaque)
{
    Host *h = opaque;
    SdmaRing r;
    unsigned before = log_count(h, "longer than the 8192-byte ring");

    reset(h);
    r = sdma_ring(h, 0);
    sdma_emit(&r, SDMA_NOP | SDMA_PKT_NOP_HEADER_COUNT(
                      SDMA_PKT_NOP_HEADER_count_mask));
    sdma_fence(&r, fb(WB_SLOT(4)), MAGIC0);
    sdma_commit(&r);
    run(h);
    g_assert_false(sdma_idle(h, 0));
    g_assert_cmpuint(log_count(h, "longer than the 8192-byte ring"), ==,
                     before + 1);
    g_assert_cmphex(vram_r32(h, WB_SLOT(4)), ==, 0);
    wreg(h, mmSDMA0_F32_CNTL, SDMA0_F32_CNTL__HALT_MASK);
    r = sdma_ring(h, 0);
    sdma_fence(&r, fb(WB_SLOT(5)), MAGIC2);
    sdma_commit(&r);
    run(h);
    g_assert_cmphex(vram_r32(h, WB_SLOT(5)), ==, MAGIC2);
    g_assert_true(sdma_idle(h, 0));
}

/*
 * 64-bit write pointers near 2^64 (by register and by doorbell, on the
 * gfx ring and SDMA): used modulo the ring, the rptr follows with the
 * same high bits, the dword past the ring (an illegal packet) never read.
 */
static void wptr_64bit_beyond_ring(void *opaque)
{
    Host *h = opaque;
    Stream s = { h, GFX_RING_VRAM, 0 };
    const uint32_t chunk = 16;
    const uint64_t huge = 0xFFFFFFFFFFFFF800ull;
    SdmaRing r;
    uint64_t sdma_wptr;

    reset(h);
    gfx_ring_fill_nops(h, GFX_RING_VRAM);
    vram_w32(h, GFX_RING_VRAM + 4ull * GFX_RING_DW, GFX9_UNKNOWN_HEADER);
    wreg(h, mmSCRATCH_REG0, 0);
    wreg(h, mmSCRATCH_REG1, 0);
    put_set_uconfig(&s, mmSCRATCH_REG0, MAGIC0);
    s.at = chunk;
    put_set_uconfig(&s, mmSCRATCH_REG1, MAGIC1);
    gfx_ring_start(h, 0, fb(GFX_RING_VRAM), GFX_RING_ORDER);
    wreg(h, mmCP_RB0_WPTR_HI, (uint32_t)(huge >> 32));
    wreg(h, mmCP_RB0_WPTR, (uint32_t)huge + chunk);
    run(h);
    g_assert_cmphex(rreg(h, mmSCRATCH_REG0), ==, MAGIC0);
    g_assert_cmpuint(rreg(h, mmCP_RB0_RPTR), ==, chunk);
    wreg(h, mmCP_RB_DOORBELL_CONTROL,
         DOORBELL_GFX << 2 | CP_RB_DOORBELL_CONTROL__DOORBELL_EN_MASK);
    doorbell_write(h, 4ull * DOORBELL_GFX, huge + 2 * chunk, 8);
    run(h);
    g_assert_cmphex(rreg(h, mmSCRATCH_REG1), ==, MAGIC1);
    g_assert_cmpuint(rreg(h, mmCP_RB0_RPTR), ==, 2 * chunk);
    g_assert_false(gfx_busy(h));

    r = sdma_ring(h, 0);
    vram_w32(h, SDMA_RING_VRAM(0) + 4ull * SDMA_RING_DW, SDMA_ILLEGAL_HEADER);
    sdma_fence(&r, fb(WB_SLOT(4)), MAGIC0);
    sdma_wptr = 4 * huge + 4 * r.wptr;
    wreg(h, mmSDMA0_GFX_RB_WPTR_HI, (uint32_t)(sdma_wptr >> 32));
    wreg(h, mmSDMA0_GFX_RB_WPTR, (uint32_t)sdma_wptr);
    run(h);
    g_assert_cmphex(vram_r32(h, WB_SLOT(4)), ==, MAGIC0);
    g_assert_true(sdma_idle(h, 0));
    g_assert_cmphex(rreg(h, mmSDMA0_GFX_RB_RPTR_HI), ==,
                    (uint32_t)(sdma_wptr >> 32));
}

/* A gfx IB that calls itself: nested past the CP's levels, it hangs. */
static void gfx_ib_chains_to_itself(void *opaque)
{
    Host *h = opaque;
    Stream ib = { h, IB_VRAM, 0 }, s = { h, GFX_RING_VRAM, 0 };

    reset(h);
    gfx_ring_fill_nops(h, GFX_RING_VRAM);
    put_ib(&ib, fb(IB_VRAM), 4, 0);
    put_ib(&s, fb(IB_VRAM), 4, 0);
    wreg(h, mmSCRATCH_REG0, 0);
    put_set_uconfig(&s, mmSCRATCH_REG0, MAGIC0);
    gfx_ring_start(h, 0, fb(GFX_RING_VRAM), GFX_RING_ORDER);
    wreg(h, mmCP_RB0_WPTR, s.at);
    run(h);
    g_assert_true(gfx_busy(h));
    g_assert_cmphex(rreg(h, mmSCRATCH_REG0), ==, 0);
}

/* ---- Driver --------------------------------------------------------------- */

typedef struct Entry {
    const char *name;
    void (*input)(void *opaque);
} Entry;

static const Entry entries[] = {
    { "kiq-map-missing-me", kiq_map_missing_me },
    { "kiq-map-itself", kiq_map_itself },
    { "kiq-unmap-too-many", kiq_unmap_too_many },
    { "kiq-mqd-at-faulting-address", kiq_mqd_at_faulting_address },
    { "kiq-doorbell-beyond-bar", kiq_doorbell_beyond_bar },
    { "pde-loops", pde_loops },
    { "invalidate-semaphore-never-released",
      invalidate_semaphore_never_released },
    { "ih-ring-at-faulting-address", ih_ring_at_faulting_address },
    { "ih-ring-smaller-than-an-entry", ih_ring_smaller_than_an_entry },
    { "interrupt-storm-overflows-ih", interrupt_storm_overflows_ih },
    { "smn-space-walk", smn_space_walk },
    { "mmio-bar-end", mmio_bar_end },
    { "bad-doorbells", bad_doorbells },
    { "smu-mailbox-garbage", smu_mailbox_garbage },
    { "msi-aimed-at-own-doorbells", msi_aimed_at_own_doorbells },
    { "soft-reset-storm", soft_reset_storm },
    { "sdma-huge-counts", sdma_huge_counts },
    { "sdma-nop-longer-than-ring", sdma_nop_longer_than_ring },
    { "wptr-64bit-beyond-ring", wptr_64bit_beyond_ring },
    { "gfx-ib-chains-to-itself", gfx_ib_chains_to_itself },
};

static void run_entry(const void *data)
{
    const Entry *e = data;

    hostile_repeat(host.qt, e->name, e->input, &host);
}

int main(int argc, char **argv)
{
    int ret;

    g_test_init(&argc, &argv, NULL);
    for (unsigned i = 0; i < G_N_ELEMENTS(entries); i++) {
        g_autofree char *path = g_strdup_printf("/hostile/vega10/%s",
                                                entries[i].name);

        g_test_add_data_func(path, &entries[i], run_entry);
    }
    host.qt = aqt_try_start(NULL, "-m 512M -device amdgpu-emu,asic=vega10 "
                                  "-d guest_errors");
    g_assert_nonnull(host.qt);
    g_assert_true(aqt_pci_find(host.qt, 0x1002, VEGA10_DEVICE_ID, &host.bdf));
    aqt_pci_map_bars(host.qt, host.bdf, host.bars);
    ret = g_test_run();
    g_test_message("worst virtual-time step %" G_GINT64_FORMAT
                   " us, worst monitor answer %" G_GINT64_FORMAT " us",
                   hostile_worst_step_us(), hostile_worst_answer_us());
    aqt_quit(host.qt);
    return ret;
}
