/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Device tests of the engines through the real QEMU binary, with no guest:
 * the test plays the driver. It writes a GART table into VRAM through BAR0,
 * builds rings in guest RAM, programs the registers as gfx_v7_0 / cik_sdma /
 * cik_ih do, steps virtual time, and sees the scratch register, the fence,
 * the IV entry, the write-back pointers and the MSI message (aimed at guest
 * RAM) land; and DMA aimed at the device's own MMIO BARs is refused.
 */
#include <string.h>
#include "aemu-qtest.h"
#include "amdgpu-emu/regs/cik_regs.h"
#include "amdgpu-emu/regs/cik_fields.h"
#include "pm4_cik.h"
#include "sdma_cik_pkt.h"
#include "timing.h"

#define MiB (1024ull * 1024ull)
#define PAGE 4096ull
#define GART_START 0xff00000000ull
#define GART_TABLE_VRAM (16 * MiB)
#define GART_PAGES 64u
#define PTE_SYS_RW ((1ull << 0) | (1ull << 1) | (1ull << 2) | (1ull << 5) | \
                    (1ull << 6))
#define RING_BYTES 8192u
#define IH_BYTES 4096u
#define MSI_DATA 0x4321
#define IV_SRC_CP_EOP 181
#define IV_SRC_SDMA_TRAP 224
#define SDMA1_OFFSET 0x200      /* SDMA1 registers = SDMA0 + 0x200 dwords */
#define BAR_VRAM 0
#define BAR_DOORBELL 2
#define BAR_MMIO 5

typedef struct Rig {
    AemuQTest *qt;
    uint16_t bdf;
    AqtBar bars[6];
    uint64_t ram;               /* guest RAM behind the GART pages */
    unsigned next_page;
    uint64_t msi;               /* MSI messages land here */
} Rig;

static uint32_t rreg(Rig *r, uint32_t dw)
{
    return aqt_readl(r->qt, r->bars[5].addr + dw * 4ull);
}

static void wreg(Rig *r, uint32_t dw, uint32_t v)
{
    aqt_writel(r->qt, r->bars[5].addr + dw * 4ull, v);
}

/* Map n guest RAM pages into the GART; returns their GPU address. */
static uint64_t gart_alloc(Rig *r, unsigned pages, uint64_t *ram)
{
    uint64_t gpu = GART_START + r->next_page * PAGE;
    uint64_t base = aqt_alloc(r->qt, pages * PAGE, PAGE);

    g_assert_cmpuint(r->next_page + pages, <=, GART_PAGES);
    aqt_memset(r->qt, base, 0, pages * PAGE);
    for (unsigned i = 0; i < pages; i++) {
        aqt_writeq(r->qt, r->bars[0].addr + GART_TABLE_VRAM +
                   (r->next_page + i) * 8ull, (base + i * PAGE) | PTE_SYS_RW);
    }
    r->next_page += pages;
    *ram = base;
    return gpu;
}

/* Map one GART page onto any bus address (page aligned); its GPU address. */
static uint64_t gart_map_bus(Rig *r, uint64_t bus)
{
    uint64_t gpu = GART_START + r->next_page * PAGE;

    g_assert_cmpuint(bus & (PAGE - 1), ==, 0);
    g_assert_cmpuint(r->next_page + 1, <=, GART_PAGES);
    aqt_writeq(r->qt, r->bars[0].addr + GART_TABLE_VRAM +
               r->next_page * 8ull, bus | PTE_SYS_RW);
    r->next_page++;
    return gpu;
}

static uint64_t ih_ram, ih_wb_ram;

/* Everything but starting QEMU: r->qt is running. */
static void rig_setup(Rig *r, bool msi)
{
    uint64_t ih_gpu, wb_gpu;

    if (!msi) {
        /* PCI INTx arrives at the IO-APIC as GSI 16..23 on q35. */
        aqt_irq_intercept_in(r->qt, "ioapic");
    }
    g_assert_true(aqt_pci_find(r->qt, 0x1002, 0x67b0, &r->bdf));
    aqt_pci_map_bars(r->qt, r->bdf, r->bars);
    r->msi = aqt_alloc(r->qt, 64, 64);
    aqt_writel(r->qt, r->msi, 0);
    if (msi) {
        g_assert_true(aqt_pci_msi_enable(r->qt, r->bdf, r->msi, MSI_DATA));
    }

    /* gmc_v7_0_gart_enable; the AGP aperture empty as amdgpu leaves it. */
    wreg(r, mmMC_VM_AGP_BOT, 0x3ffffff);
    wreg(r, mmMC_VM_AGP_TOP, 0);
    wreg(r, mmVM_CONTEXT0_PAGE_TABLE_START_ADDR, GART_START >> 12);
    wreg(r, mmVM_CONTEXT0_PAGE_TABLE_END_ADDR,
         (GART_START >> 12) + GART_PAGES - 1);
    wreg(r, mmVM_CONTEXT0_PAGE_TABLE_BASE_ADDR, GART_TABLE_VRAM >> 12);
    wreg(r, mmVM_CONTEXT0_CNTL, VM_CONTEXT0_CNTL__ENABLE_CONTEXT_MASK |
         VM_CONTEXT0_CNTL__RANGE_PROTECTION_FAULT_ENABLE_DEFAULT_MASK);

    /* cik_ih_irq_init: ring and write-back slot in GTT, RPTR_REARM (MSI). */
    ih_gpu = gart_alloc(r, IH_BYTES / PAGE, &ih_ram);
    wb_gpu = gart_alloc(r, 1, &ih_wb_ram);
    wreg(r, mmIH_RB_BASE, (uint32_t)(ih_gpu >> 8));
    wreg(r, mmIH_RB_WPTR_ADDR_LO, (uint32_t)wb_gpu);
    wreg(r, mmIH_RB_WPTR_ADDR_HI, (uint32_t)(wb_gpu >> 32) & 0xff);
    wreg(r, mmIH_RB_CNTL, IH_RB_CNTL__WPTR_OVERFLOW_ENABLE_MASK |
         IH_RB_CNTL__WPTR_OVERFLOW_CLEAR_MASK |
         (10u << IH_RB_CNTL__RB_SIZE__SHIFT) |
         IH_RB_CNTL__WPTR_WRITEBACK_ENABLE_MASK);
    wreg(r, mmIH_RB_RPTR, 0);
    wreg(r, mmIH_RB_WPTR, 0);
    wreg(r, mmIH_CNTL, IH_CNTL__RPTR_REARM_MASK);
    wreg(r, mmIH_CNTL, rreg(r, mmIH_CNTL) | IH_CNTL__ENABLE_INTR_MASK);
    wreg(r, mmIH_RB_CNTL, rreg(r, mmIH_RB_CNTL) | IH_RB_CNTL__RB_ENABLE_MASK);
}

static void rig_start_dev(Rig *r, bool msi, const char *props)
{
    memset(r, 0, sizeof(*r));
    r->qt = aqt_start("-m 512M -device amdgpu-emu%s", props);
    rig_setup(r, msi);
}

/* With QEMU's guest-error log captured, for aqt_stderr(). */
static void rig_start_logged(Rig *r)
{
    memset(r, 0, sizeof(*r));
    r->qt = aqt_try_start(NULL, "-m 512M -device amdgpu-emu -d guest_errors");
    g_assert_nonnull(r->qt);
    rig_setup(r, true);
}

static void rig_start_irq(Rig *r, bool msi)
{
    rig_start_dev(r, msi, "");
}

static void rig_start(Rig *r)
{
    rig_start_irq(r, true);
}

/* The device's INTx line: whichever IO-APIC input 16..23 it is routed to. */
static int intx_level(Rig *r)
{
    int high = 0;

    for (unsigned gsi = 16; gsi < 24; gsi++) {
        high += aqt_irq_level(r->qt, gsi);
    }
    return high;
}

/* Step virtual time until cond holds (the engines run from a timer). */
#define WAIT_FOR(r, cond) do {                                      \
        for (int i_ = 0; i_ < 100 && !(cond); i_++) {               \
            aqt_clock_step((r)->qt, 100000);                        \
        }                                                           \
        g_assert_true(cond);                                        \
    } while (0)

static void check_iv(Rig *r, unsigned slot, unsigned src, unsigned ring_id)
{
    uint32_t e[4];

    aqt_memread(r->qt, ih_ram + slot * 16, e, sizeof(e));
    g_assert_cmpuint(GUINT32_FROM_LE(e[0]) & 0xff, ==, src);
    g_assert_cmpuint(GUINT32_FROM_LE(e[2]) & 0xff, ==, ring_id);
    g_assert_cmpuint(aqt_readl(r->qt, ih_wb_ram), ==, (slot + 1) * 16);
}

static void put_ring(Rig *r, uint64_t ring_ram, unsigned *wptr,
                     const uint32_t *dw, unsigned n)
{
    for (unsigned i = 0; i < n; i++) {
        aqt_writel(r->qt, ring_ram + (*wptr % (RING_BYTES / 4)) * 4, dw[i]);
        (*wptr)++;
    }
}

/* gfx_v7_0_cp_gfx_resume, ring test, then a fence with an interrupt. */
static void test_gfx_ring_fence_irq(void)
{
    Rig r;
    uint64_t ring_ram, ring_gpu, wb_ram, wb_gpu, fence_gpu;
    unsigned wptr = 0;
    uint32_t cntl = 10u << CP_RB0_CNTL__RB_BUFSZ__SHIFT |
                    9u << CP_RB0_CNTL__RB_BLKSZ__SHIFT;

    rig_start(&r);
    ring_gpu = gart_alloc(&r, RING_BYTES / PAGE, &ring_ram);
    wb_gpu = gart_alloc(&r, 1, &wb_ram);
    fence_gpu = wb_gpu + 64;

    wreg(&r, mmCP_ME_CNTL, 0);
    wreg(&r, mmCP_RB0_CNTL, cntl | CP_RB0_CNTL__RB_RPTR_WR_ENA_MASK);
    wreg(&r, mmCP_RB0_WPTR, 0);
    wreg(&r, mmCP_RB0_RPTR_ADDR, (uint32_t)wb_gpu);
    wreg(&r, mmCP_RB0_RPTR_ADDR_HI, (uint32_t)(wb_gpu >> 32) & 0xff);
    wreg(&r, mmCP_RB0_CNTL, cntl);
    wreg(&r, mmCP_RB0_BASE, (uint32_t)(ring_gpu >> 8));
    wreg(&r, mmCP_RB0_BASE_HI, (uint32_t)(ring_gpu >> 40));
    wreg(&r, mmCP_INT_CNTL_RING0, CP_INT_CNTL_RING0__TIME_STAMP_INT_ENABLE_MASK);

    /* gfx_v7_0_ring_test_ring. */
    wreg(&r, mmSCRATCH_REG0, 0xcafedead);
    {
        uint32_t p[] = {
            PACKET3(PACKET3_SET_UCONFIG_REG, 1),
            mmSCRATCH_REG0 - PACKET3_SET_UCONFIG_REG_START, 0xdeadbeef,
        };
        put_ring(&r, ring_ram, &wptr, p, G_N_ELEMENTS(p));
    }
    wreg(&r, mmCP_RB0_WPTR, wptr);
    WAIT_FOR(&r, rreg(&r, mmSCRATCH_REG0) == 0xdeadbeef);
    WAIT_FOR(&r, aqt_readl(r.qt, wb_ram) == wptr);

    /* gfx_v7_0_ring_emit_fence_gfx with an interrupt. */
    {
        uint32_t p[] = {
            PACKET3(PACKET3_EVENT_WRITE_EOP, 4),
            EOP_TCL1_ACTION_EN | EOP_TC_ACTION_EN |
            EVENT_TYPE(CACHE_FLUSH_AND_INV_TS_EVENT) | EVENT_INDEX(5),
            (uint32_t)fence_gpu,
            ((uint32_t)(fence_gpu >> 32) & 0xffff) | DATA_SEL(1) | INT_SEL(2),
            42, 0,
        };
        put_ring(&r, ring_ram, &wptr, p, G_N_ELEMENTS(p));
    }
    wreg(&r, mmCP_RB0_WPTR, wptr);
    WAIT_FOR(&r, aqt_readl(r.qt, wb_ram + 64) == 42);
    WAIT_FOR(&r, aqt_readl(r.qt, ih_wb_ram) == 16);
    check_iv(&r, 0, IV_SRC_CP_EOP, 0);
    /* The MSI message is a write of its data to its address. */
    g_assert_cmphex(aqt_readl(r.qt, r.msi), ==, MSI_DATA);
    aqt_quit(r.qt);
}

/* cik_sdma_gfx_resume on both engines; ring test; FENCE + TRAP. */
static void test_sdma_rings_fence_trap(void)
{
    Rig r;

    rig_start(&r);
    for (unsigned i = 0; i < 2; i++) {
        uint32_t o = i * SDMA1_OFFSET;
        uint64_t ring_ram, ring_gpu, wb_ram, wb_gpu;
        unsigned wptr = 0;
        uint32_t rb = 11u << SDMA0_GFX_RB_CNTL__RB_SIZE__SHIFT;    /* dwords */

        ring_gpu = gart_alloc(&r, RING_BYTES / PAGE, &ring_ram);
        wb_gpu = gart_alloc(&r, 1, &wb_ram);
        wreg(&r, mmSDMA0_F32_CNTL + o, SDMA0_F32_CNTL__HALT_MASK);
        wreg(&r, mmSDMA0_GFX_RB_CNTL + o, rb);
        wreg(&r, mmSDMA0_GFX_RB_RPTR + o, 0);
        wreg(&r, mmSDMA0_GFX_RB_WPTR + o, 0);
        wreg(&r, mmSDMA0_GFX_RB_RPTR_ADDR_HI + o, (uint32_t)(wb_gpu >> 32));
        wreg(&r, mmSDMA0_GFX_RB_RPTR_ADDR_LO + o, (uint32_t)wb_gpu);
        wreg(&r, mmSDMA0_GFX_RB_BASE + o, (uint32_t)(ring_gpu >> 8));
        wreg(&r, mmSDMA0_GFX_RB_BASE_HI + o, (uint32_t)(ring_gpu >> 40));
        wreg(&r, mmSDMA0_GFX_RB_CNTL + o, rb |
             SDMA0_GFX_RB_CNTL__RPTR_WRITEBACK_ENABLE_MASK |
             SDMA0_GFX_RB_CNTL__RB_ENABLE_MASK);
        wreg(&r, mmSDMA0_GFX_IB_CNTL + o, SDMA0_GFX_IB_CNTL__IB_ENABLE_MASK);
        wreg(&r, mmSDMA0_F32_CNTL + o, 0);
        wreg(&r, mmSDMA0_CNTL + o, SDMA0_CNTL__TRAP_ENABLE_MASK);

        /* cik_sdma_ring_test_ring, then cik_sdma_ring_emit_fence. */
        {
            uint32_t p[] = {
                SDMA_PACKET(SDMA_OPCODE_WRITE, SDMA_WRITE_SUB_OPCODE_LINEAR, 0),
                (uint32_t)(wb_gpu + 32), (uint32_t)((wb_gpu + 32) >> 32), 1,
                0xdeadbeef,
                SDMA_PACKET(SDMA_OPCODE_FENCE, 0, 0),
                (uint32_t)(wb_gpu + 64), (uint32_t)((wb_gpu + 64) >> 32), 7 + i,
                SDMA_PACKET(SDMA_OPCODE_TRAP, 0, 0), 0,
            };
            put_ring(&r, ring_ram, &wptr, p, G_N_ELEMENTS(p));
        }
        /* The SDMA write pointer counts bytes. */
        wreg(&r, mmSDMA0_GFX_RB_WPTR + o, wptr * 4);
        WAIT_FOR(&r, aqt_readl(r.qt, wb_ram + 32) == 0xdeadbeef);
        WAIT_FOR(&r, aqt_readl(r.qt, wb_ram + 64) == 7 + i);
        WAIT_FOR(&r, aqt_readl(r.qt, ih_wb_ram) == (i + 1) * 16);
        check_iv(&r, i, IV_SRC_SDMA_TRAP, i);
        WAIT_FOR(&r, aqt_readl(r.qt, wb_ram) == wptr * 4);
    }
    g_assert_cmphex(aqt_readl(r.qt, r.msi), ==, MSI_DATA);
    aqt_quit(r.qt);
}

/*
 * Without MSI the IH asserts INTx while entries are pending; the driver's
 * ack (IH_RB_RPTR = wptr) drops it. Driven by an SDMA trap.
 */
static void test_ih_intx(void)
{
    Rig r;
    uint64_t ring_ram, ring_gpu, wb_ram, wb_gpu;
    unsigned wptr = 0;
    uint32_t rb = 11u << SDMA0_GFX_RB_CNTL__RB_SIZE__SHIFT;
    uint32_t p[] = { SDMA_PACKET(SDMA_OPCODE_TRAP, 0, 0), 0 };

    rig_start_irq(&r, false);
    ring_gpu = gart_alloc(&r, RING_BYTES / PAGE, &ring_ram);
    wb_gpu = gart_alloc(&r, 1, &wb_ram);
    wreg(&r, mmSDMA0_GFX_RB_RPTR_ADDR_HI, (uint32_t)(wb_gpu >> 32));
    wreg(&r, mmSDMA0_GFX_RB_RPTR_ADDR_LO, (uint32_t)wb_gpu);
    wreg(&r, mmSDMA0_GFX_RB_BASE, (uint32_t)(ring_gpu >> 8));
    wreg(&r, mmSDMA0_GFX_RB_BASE_HI, (uint32_t)(ring_gpu >> 40));
    wreg(&r, mmSDMA0_GFX_RB_CNTL, rb | SDMA0_GFX_RB_CNTL__RB_ENABLE_MASK);
    wreg(&r, mmSDMA0_F32_CNTL, 0);
    wreg(&r, mmSDMA0_CNTL, SDMA0_CNTL__TRAP_ENABLE_MASK);
    g_assert_cmpint(intx_level(&r), ==, 0);
    put_ring(&r, ring_ram, &wptr, p, G_N_ELEMENTS(p));
    wreg(&r, mmSDMA0_GFX_RB_WPTR, wptr * 4);
    WAIT_FOR(&r, aqt_readl(r.qt, ih_wb_ram) == 16);
    g_assert_cmpint(intx_level(&r), ==, 1);
    /* No MSI message was sent. */
    g_assert_cmphex(aqt_readl(r.qt, r.msi), ==, 0);
    wreg(&r, mmIH_RB_RPTR, 16);
    g_assert_cmpint(intx_level(&r), ==, 0);
    aqt_quit(r.qt);
}

/* An SDMA0 ring with its trap interrupt enabled (cik_sdma_gfx_resume). */
static void sdma_trap_ring(Rig *r, uint64_t *ring_ram)
{
    uint64_t ring_gpu, wb_ram, wb_gpu;
    uint32_t rb = 11u << SDMA0_GFX_RB_CNTL__RB_SIZE__SHIFT;

    ring_gpu = gart_alloc(r, RING_BYTES / PAGE, ring_ram);
    wb_gpu = gart_alloc(r, 1, &wb_ram);
    wreg(r, mmSDMA0_GFX_RB_RPTR_ADDR_HI, (uint32_t)(wb_gpu >> 32));
    wreg(r, mmSDMA0_GFX_RB_RPTR_ADDR_LO, (uint32_t)wb_gpu);
    wreg(r, mmSDMA0_GFX_RB_BASE, (uint32_t)(ring_gpu >> 8));
    wreg(r, mmSDMA0_GFX_RB_BASE_HI, (uint32_t)(ring_gpu >> 40));
    wreg(r, mmSDMA0_GFX_RB_CNTL, rb | SDMA0_GFX_RB_CNTL__RB_ENABLE_MASK);
    wreg(r, mmSDMA0_F32_CNTL, 0);
    wreg(r, mmSDMA0_CNTL, SDMA0_CNTL__TRAP_ENABLE_MASK);
}

/* One SDMA trap; waits for its IV (the n-th) and acknowledges it. */
static void sdma_trap(Rig *r, uint64_t ring_ram, unsigned *wptr, unsigned n)
{
    uint32_t p[] = { SDMA_PACKET(SDMA_OPCODE_TRAP, 0, 0), 0 };

    put_ring(r, ring_ram, wptr, p, G_N_ELEMENTS(p));
    wreg(r, mmSDMA0_GFX_RB_WPTR, *wptr * 4);
    WAIT_FOR(r, aqt_readl(r->qt, ih_wb_ram) == n * 16);
    wreg(r, mmIH_RB_RPTR, n * 16);
}

#define AFTER_TEARDOWN "raised after the guest turned MSI off for its teardown"

/*
 * The teardown check of the glue (docs/lifecycle.md): an interrupt raised
 * while the PCI core turns MSI off and on again (pci_restore_state) is no
 * error; one raised after the guest turned MSI off and then bus mastering
 * (a driver's teardown: the source was left enabled) is logged as a guest
 * error.
 */
static void test_irq_after_teardown(void)
{
    Rig r;
    uint64_t ring_ram;
    unsigned wptr = 0;
    uint16_t cmd, off;
    char *log;

    rig_start_logged(&r);
    sdma_trap_ring(&r, &ring_ram);
    sdma_trap(&r, ring_ram, &wptr, 1);
    g_assert_cmphex(aqt_readl(r.qt, r.msi), ==, MSI_DATA);

    /* A restore: MSI off, an interrupt, MSI on again. */
    aqt_pci_msi_disable(r.qt, r.bdf);
    sdma_trap(&r, ring_ram, &wptr, 2);
    g_assert_true(aqt_pci_msi_enable(r.qt, r.bdf, r.msi, MSI_DATA));
    cmd = aqt_pci_cfg_read16(r.qt, r.bdf, AQT_PCI_COMMAND);
    off = cmd & ~AQT_PCI_COMMAND_MASTER;
    aqt_pci_cfg_write16(r.qt, r.bdf, AQT_PCI_COMMAND, off);
    aqt_pci_cfg_write16(r.qt, r.bdf, AQT_PCI_COMMAND, cmd);
    log = aqt_stderr(r.qt);
    g_assert_null(strstr(log, AFTER_TEARDOWN));
    g_free(log);

    /* A teardown that left the trap enabled. */
    aqt_pci_msi_disable(r.qt, r.bdf);
    sdma_trap(&r, ring_ram, &wptr, 3);
    aqt_pci_cfg_write16(r.qt, r.bdf, AQT_PCI_COMMAND, off);
    log = aqt_stderr(r.qt);
    g_assert_nonnull(strstr(log, "1 interrupt(s) " AFTER_TEARDOWN
                            " (1 in all)"));
    g_free(log);
    aqt_quit(r.qt);
}

/*
 * The timing model through QEMU's virtual clock, which qtest moves only when
 * told: SDMA copies of 3.75 MiB from system memory (GTT) into VRAM cost about
 * 328 us at Hawaii's 12 GB/s PCIe; the fence after them must not land before
 * ~280 us of virtual time (the model lets an engine run at most a slice and
 * a step ahead), and must land in the first step with timing=off.
 */
static uint64_t sdma_copy_fence_time(const char *props)
{
    Rig r;
    uint64_t ring_ram, ring_gpu, wb_ram, wb_gpu, src_ram, src_gpu;
    unsigned wptr = 0;
    uint32_t rb = 11u << SDMA0_GFX_RB_CNTL__RB_SIZE__SHIFT;
    /* 20 copies of a 192 KiB GTT buffer: 3.75 MiB over PCIe. */
    const uint32_t chunk = 48 * PAGE, copies = 20;
    int64_t t0, t;

    rig_start_dev(&r, true, props);
    ring_gpu = gart_alloc(&r, RING_BYTES / PAGE, &ring_ram);
    wb_gpu = gart_alloc(&r, 1, &wb_ram);
    src_gpu = gart_alloc(&r, chunk / PAGE, &src_ram);
    wreg(&r, mmSDMA0_GFX_RB_BASE, (uint32_t)(ring_gpu >> 8));
    wreg(&r, mmSDMA0_GFX_RB_BASE_HI, (uint32_t)(ring_gpu >> 40));
    wreg(&r, mmSDMA0_GFX_RB_CNTL, rb | SDMA0_GFX_RB_CNTL__RB_ENABLE_MASK);
    wreg(&r, mmSDMA0_F32_CNTL, 0);
    for (uint32_t i = 0; i < copies; i++) {
        uint32_t p[] = {
            SDMA_PACKET(SDMA_OPCODE_COPY, SDMA_COPY_SUB_OPCODE_LINEAR, 0),
            chunk, 0, (uint32_t)src_gpu, (uint32_t)(src_gpu >> 32),
            0x100000 + i * chunk, 0,
        };
        put_ring(&r, ring_ram, &wptr, p, G_N_ELEMENTS(p));
    }
    {
        uint32_t p[] = {
            SDMA_PACKET(SDMA_OPCODE_FENCE, 0, 0),
            (uint32_t)(wb_gpu + 64), (uint32_t)((wb_gpu + 64) >> 32), 0x5eed,
        };
        put_ring(&r, ring_ram, &wptr, p, G_N_ELEMENTS(p));
    }
    (void)src_ram;
    t0 = aqt_clock_get(r.qt);
    wreg(&r, mmSDMA0_GFX_RB_WPTR, wptr * 4);
    for (t = 0; t < 5000000 && aqt_readl(r.qt, wb_ram + 64) != 0x5eed;
         t += 10000) {
        aqt_clock_step(r.qt, 10000);
    }
    g_assert_cmphex(aqt_readl(r.qt, wb_ram + 64), ==, 0x5eed);
    t = aqt_clock_get(r.qt) - t0;
    aqt_quit(r.qt);
    return t;
}

static void test_timing_model(void)
{
    const AemuTiming *t = &aemu_timing_hawaii;
    const AemuEngineCosts *c = &t->engine[AEMU_ENGINE_CLASS_SDMA];
    /* 20 copies of 192 KiB read over PCIe, bounded by its read bandwidth. */
    uint64_t bytes = 20ull * 48 * PAGE;
    uint64_t expect = bytes * 1000 / t->sys_read_mb_s + c->launch_ns +
                      c->fence_ns;
    uint64_t on = sdma_copy_fence_time("");
    uint64_t off = sdma_copy_fence_time(",timing=off");

    g_test_message("3.75 MiB GTT->VRAM copy: fence after %" G_GUINT64_FORMAT
                   " ns (timing on, %" G_GUINT64_FORMAT " ns modelled), %"
                   G_GUINT64_FORMAT " ns (off)", on, expect, off);
    /*
     * The fence lands at its modelled time (the packets' front-end cycles,
     * a few microseconds, on top), seen in the test's 10 us clock steps.
     */
    g_assert_cmpuint(on, >=, expect);
    g_assert_cmpuint(on, <=, expect + 20000);
    g_assert_cmpuint(off, <=, 20000);
}

/*
 * A hostile ring: an unknown opcode hangs the gfx queue where the status
 * registers show it; QEMU keeps running and SDMA still works.
 */
static void test_gfx_garbage_hangs_visibly(void)
{
    Rig r;
    uint64_t ring_ram, ring_gpu;
    unsigned wptr = 0;
    uint32_t junk[64];

    rig_start(&r);
    ring_gpu = gart_alloc(&r, RING_BYTES / PAGE, &ring_ram);
    wreg(&r, mmCP_ME_CNTL, 0);
    wreg(&r, mmCP_RB0_CNTL, 10u << CP_RB0_CNTL__RB_BUFSZ__SHIFT);
    wreg(&r, mmCP_RB0_BASE, (uint32_t)(ring_gpu >> 8));
    wreg(&r, mmCP_RB0_BASE_HI, (uint32_t)(ring_gpu >> 40));
    for (unsigned i = 0; i < G_N_ELEMENTS(junk); i++) {
        junk[i] = PACKET3(0xfe, 0) ^ (i * 0x9e3779b9u & 0x3fff00ffu);
    }
    put_ring(&r, ring_ram, &wptr, junk, G_N_ELEMENTS(junk));
    wreg(&r, mmCP_RB0_WPTR, wptr);
    WAIT_FOR(&r, rreg(&r, mmGRBM_STATUS) & GRBM_STATUS__GUI_ACTIVE_MASK);
    aqt_clock_step(r.qt, 10 * 1000 * 1000);
    g_assert_true(rreg(&r, mmGRBM_STATUS) & GRBM_STATUS__GUI_ACTIVE_MASK);
    /* The device still answers. */
    g_assert_cmpuint(rreg(&r, mmCONFIG_MEMSIZE), ==, 256);
    aqt_quit(r.qt);
}

/* SDMA0's gfx ring in GTT, enabled, with its rptr written back. */
static void sdma0_start(Rig *r, uint64_t *ring_ram, uint64_t *wb_ram,
                        uint64_t *wb_gpu)
{
    uint64_t ring_gpu = gart_alloc(r, RING_BYTES / PAGE, ring_ram);
    uint32_t rb = 11u << SDMA0_GFX_RB_CNTL__RB_SIZE__SHIFT;

    *wb_gpu = gart_alloc(r, 1, wb_ram);
    wreg(r, mmSDMA0_GFX_RB_RPTR_ADDR_HI, (uint32_t)(*wb_gpu >> 32));
    wreg(r, mmSDMA0_GFX_RB_RPTR_ADDR_LO, (uint32_t)*wb_gpu);
    wreg(r, mmSDMA0_GFX_RB_BASE, (uint32_t)(ring_gpu >> 8));
    wreg(r, mmSDMA0_GFX_RB_BASE_HI, (uint32_t)(ring_gpu >> 40));
    wreg(r, mmSDMA0_GFX_RB_CNTL, rb |
         SDMA0_GFX_RB_CNTL__RPTR_WRITEBACK_ENABLE_MASK |
         SDMA0_GFX_RB_CNTL__RB_ENABLE_MASK);
    wreg(r, mmSDMA0_F32_CNTL, 0);
}

/*
 * An SDMA WRITE to bus address bus (through a GART page), then a fence.
 * bus lies in the device's own MMIO BAR bar: the write would re-enter the
 * device's MMIO handlers from inside a scheduler slice. The glue refuses
 * it as a guest error, and the bus error hangs the queue at that packet,
 * where SDMA0_STATUS_REG and SRBM_STATUS2 show it; the fence never lands.
 */
static void sdma_write_to_own_bar_hangs(Rig *r, uint64_t bus, int bar)
{
    uint64_t ring_ram, wb_ram, wb_gpu, gpu;
    unsigned wptr = 0;
    g_autofree char *log = NULL, *refusal = NULL;

    sdma0_start(r, &ring_ram, &wb_ram, &wb_gpu);
    gpu = gart_map_bus(r, bus & ~(PAGE - 1)) + (bus & (PAGE - 1));
    {
        uint32_t p[] = {
            SDMA_PACKET(SDMA_OPCODE_WRITE, SDMA_WRITE_SUB_OPCODE_LINEAR, 0),
            (uint32_t)gpu, (uint32_t)(gpu >> 32), 1, 0xdeadbeef,
            SDMA_PACKET(SDMA_OPCODE_FENCE, 0, 0),
            (uint32_t)(wb_gpu + 64), (uint32_t)((wb_gpu + 64) >> 32), 0x5eed,
        };
        put_ring(r, ring_ram, &wptr, p, G_N_ELEMENTS(p));
    }
    wreg(r, mmSDMA0_GFX_RB_WPTR, wptr * 4);
    aqt_clock_step(r->qt, 10 * 1000 * 1000);
    g_assert_cmphex(aqt_readl(r->qt, wb_ram + 64), ==, 0);
    g_assert_cmphex(rreg(r, mmSDMA0_STATUS_REG) &
                    SDMA0_STATUS_REG__IDLE_MASK, ==, 0);
    g_assert_true(rreg(r, mmSRBM_STATUS2) & SRBM_STATUS2__SDMA_BUSY_MASK);
    g_assert_cmphex(rreg(r, mmSDMA0_GFX_RB_RPTR), ==, 0);
    /* The device still answers. */
    g_assert_cmpuint(rreg(r, mmCONFIG_MEMSIZE), ==, 256);
    log = aqt_stderr(r->qt);
    refusal = g_strdup_printf("refused: it overlaps the device's own BAR%d",
                              bar);
    g_assert_nonnull(strstr(log, refusal));
}

/* Aimed at SCRATCH_REG0 in BAR5, which keeps its value. */
static void test_dma_to_own_registers_refused(void)
{
    Rig r;

    rig_start_logged(&r);
    wreg(&r, mmSCRATCH_REG0, 0xcafedead);
    sdma_write_to_own_bar_hangs(&r, r.bars[BAR_MMIO].addr +
                                mmSCRATCH_REG0 * 4ull, BAR_MMIO);
    g_assert_cmphex(rreg(&r, mmSCRATCH_REG0), ==, 0xcafedead);
    aqt_quit(r.qt);
}

/* Aimed at the first doorbell in BAR2. */
static void test_dma_to_own_doorbells_refused(void)
{
    Rig r;

    rig_start_logged(&r);
    sdma_write_to_own_bar_hangs(&r, r.bars[BAR_DOORBELL].addr, BAR_DOORBELL);
    aqt_quit(r.qt);
}

/*
 * QEMU's Intel IOMMU (intel-iommu, DMA remapping): its registers (Intel
 * VT-d specification, "Register Descriptions") at q35's DMAR unit.
 */
#define VTD_BASE            0xfed90000ull
#define VTD_CAP_REG         0x08        /* 64-bit: FRO [33:24] x 16 bytes */
#define VTD_GCMD_REG        0x18
#define VTD_GSTS_REG        0x1c
#define VTD_RTADDR_REG      0x20        /* 64-bit */
#define VTD_FSTS_REG        0x34
#define VTD_GCMD_TE         (1u << 31)
#define VTD_GCMD_SRTP       (1u << 30)
#define VTD_GSTS_TES        (1u << 31)
#define VTD_GSTS_RTPS       (1u << 30)
#define VTD_FSTS_PPF        (1u << 1)   /* a primary fault is recorded */
#define VTD_CAP_FRO(cap)    (((cap) >> 24) & 0x3ff)
#define VTD_FRCD_F          (1ull << 63) /* in the record's high qword */

/*
 * A DMA the IOMMU refuses: with DMA remapping on and an empty root table
 * (no device may reach memory), an SDMA write and fence to RAM are never
 * performed; the IOMMU records the fault (as the VT-d hardware does, for
 * the guest's DMAR driver), the device logs a bus error and its queue
 * stops at the packet it could not fetch; the device still answers.
 */
static void test_dma_refused_by_iommu(void)
{
    Rig r;
    uint64_t ring_ram, wb_ram, wb_gpu, root_ram, cap, frcd_hi;
    uint32_t gsts;
    unsigned wptr = 0;
    g_autofree char *log = NULL;

    memset(&r, 0, sizeof(r));
    r.qt = aqt_try_start(NULL, "-m 512M -device intel-iommu,intremap=off "
                               "-device amdgpu-emu -d guest_errors");
    g_assert_nonnull(r.qt);
    rig_setup(&r, true);
    sdma0_start(&r, &ring_ram, &wb_ram, &wb_gpu);
    gart_alloc(&r, 1, &root_ram);
    aqt_memset(r.qt, root_ram, 0, PAGE);
    aqt_writeq(r.qt, VTD_BASE + VTD_RTADDR_REG, root_ram);
    aqt_writel(r.qt, VTD_BASE + VTD_GCMD_REG, VTD_GCMD_SRTP);
    gsts = aqt_readl(r.qt, VTD_BASE + VTD_GSTS_REG);
    g_assert_true(gsts & VTD_GSTS_RTPS);
    aqt_writel(r.qt, VTD_BASE + VTD_GCMD_REG,
               (gsts & ~VTD_GSTS_RTPS) | VTD_GCMD_TE);
    g_assert_true(aqt_readl(r.qt, VTD_BASE + VTD_GSTS_REG) & VTD_GSTS_TES);
    {
        uint32_t p[] = {
            SDMA_PACKET(SDMA_OPCODE_WRITE, SDMA_WRITE_SUB_OPCODE_LINEAR, 0),
            (uint32_t)(wb_gpu + 32), (uint32_t)((wb_gpu + 32) >> 32), 1,
            0xdeadbeef,
            SDMA_PACKET(SDMA_OPCODE_FENCE, 0, 0),
            (uint32_t)(wb_gpu + 64), (uint32_t)((wb_gpu + 64) >> 32), 0x5eed,
        };
        put_ring(&r, ring_ram, &wptr, p, G_N_ELEMENTS(p));
    }
    wreg(&r, mmSDMA0_GFX_RB_WPTR, wptr * 4);
    aqt_clock_step(r.qt, 10 * 1000 * 1000);
    /* Never performed. */
    g_assert_cmphex(aqt_readl(r.qt, wb_ram + 32), ==, 0);
    g_assert_cmphex(aqt_readl(r.qt, wb_ram + 64), ==, 0);
    /* Reported: the IOMMU's fault record, the device's bus error. */
    g_assert_true(aqt_readl(r.qt, VTD_BASE + VTD_FSTS_REG) & VTD_FSTS_PPF);
    cap = aqt_readq(r.qt, VTD_BASE + VTD_CAP_REG);
    frcd_hi = aqt_readq(r.qt, VTD_BASE + VTD_CAP_FRO(cap) * 16 + 8);
    g_assert_true(frcd_hi & VTD_FRCD_F);
    log = aqt_stderr(r.qt);
    g_assert_nonnull(strstr(log, "bus error"));
    g_assert_cmphex(rreg(&r, mmSDMA0_STATUS_REG) &
                    SDMA0_STATUS_REG__IDLE_MASK, ==, 0);
    /* The device still answers. */
    g_assert_cmpuint(rreg(&r, mmCONFIG_MEMSIZE), ==, 256);
    aqt_quit(r.qt);
}

/*
 * BAR0 is RAM: DMA into the device's own VRAM BAR never re-enters it, and
 * is allowed. The write lands where the CPU reads it through BAR0.
 */
static void test_dma_to_own_vram_bar_lands(void)
{
    Rig r;
    uint64_t ring_ram, wb_ram, wb_gpu, vram_bus, vram_gpu;
    unsigned wptr = 0;
    const uint64_t vram_off = 32 * MiB;

    rig_start(&r);
    sdma0_start(&r, &ring_ram, &wb_ram, &wb_gpu);
    vram_bus = r.bars[BAR_VRAM].addr + vram_off;
    vram_gpu = gart_map_bus(&r, vram_bus);
    {
        uint32_t p[] = {
            SDMA_PACKET(SDMA_OPCODE_WRITE, SDMA_WRITE_SUB_OPCODE_LINEAR, 0),
            (uint32_t)vram_gpu, (uint32_t)(vram_gpu >> 32), 1, 0xdeadbeef,
            SDMA_PACKET(SDMA_OPCODE_FENCE, 0, 0),
            (uint32_t)(wb_gpu + 64), (uint32_t)((wb_gpu + 64) >> 32), 0x5eed,
        };
        put_ring(&r, ring_ram, &wptr, p, G_N_ELEMENTS(p));
    }
    wreg(&r, mmSDMA0_GFX_RB_WPTR, wptr * 4);
    WAIT_FOR(&r, aqt_readl(r.qt, wb_ram + 64) == 0x5eed);
    g_assert_cmphex(aqt_readl(r.qt, r.bars[BAR_VRAM].addr + vram_off), ==,
                    0xdeadbeef);
    aqt_quit(r.qt);
}

int main(int argc, char **argv)
{
    g_test_init(&argc, &argv, NULL);
    g_test_add_func("/amdgpu-emu/rings/gfx-fence-irq", test_gfx_ring_fence_irq);
    g_test_add_func("/amdgpu-emu/rings/sdma-fence-trap",
                    test_sdma_rings_fence_trap);
    g_test_add_func("/amdgpu-emu/rings/ih-intx", test_ih_intx);
    g_test_add_func("/amdgpu-emu/rings/irq-after-teardown",
                    test_irq_after_teardown);
    g_test_add_func("/amdgpu-emu/rings/timing-model", test_timing_model);
    g_test_add_func("/amdgpu-emu/rings/gfx-garbage",
                    test_gfx_garbage_hangs_visibly);
    g_test_add_func("/amdgpu-emu/rings/dma-to-own-registers",
                    test_dma_to_own_registers_refused);
    g_test_add_func("/amdgpu-emu/rings/dma-to-own-doorbells",
                    test_dma_to_own_doorbells_refused);
    g_test_add_func("/amdgpu-emu/rings/dma-refused-by-iommu",
                    test_dma_refused_by_iommu);
    g_test_add_func("/amdgpu-emu/rings/dma-to-own-vram-bar",
                    test_dma_to_own_vram_bar_lands);
    return g_test_run();
}
