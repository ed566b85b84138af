/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Unit tests of the GPU memory service (gmc v7 apertures, VM context 0
 * GART, the two-level walk of contexts 1..15, faults and their reports),
 * the CIK IH ring and the engine scheduler, on the standalone host.
 */
#include <string.h>
#include "aemu-host.h"
#include "aemu-internal.h"
#include "amdgpu-emu/regs/cik_regs.h"
#include "amdgpu-emu/regs/cik_fields.h"

#define MiB (1024ull * 1024ull)
#define PAGE 4096ull
/* amdgpu's GART placement with 256 MiB VRAM at 0 (bring-up map 6.1). */
#define GART_START 0xff00000000ull
#define GART_PAGES 1024ull
#define GART_TABLE_VRAM (16 * MiB)
#define PTE_VALID (1ull << 0)
#define PTE_SYSTEM (1ull << 1)
#define PTE_SNOOPED (1ull << 2)
#define PTE_READABLE (1ull << 5)
#define PTE_WRITEABLE (1ull << 6)
#define PTE_RW (PTE_VALID | PTE_READABLE | PTE_WRITEABLE)
#define IV_SRC_PAGE_INV 146
#define IV_SRC_MEM_PROT 147
#define IH_RING_RAM (1 * MiB)
#define IH_RING_SIZE 4096u
#define IH_WB_RAM (2 * MiB)

static const AemuMemClient test_client = { .name = "TST", .id = 5 };

/* As gmc_v7_0_gart_enable programs VM context 0. */
static void gart_enable(AemuTestHost *h, uint32_t extra_cntl)
{
    aemu_test_gart_enable(h, GART_START, GART_PAGES, GART_TABLE_VRAM,
        VM_CONTEXT0_CNTL__RANGE_PROTECTION_FAULT_ENABLE_DEFAULT_MASK |
        extra_cntl);
}

static void gart_map(AemuTestHost *h, unsigned page, uint64_t bus,
                     uint64_t flags)
{
    aemu_test_put64(h->vram + GART_TABLE_VRAM + page * 8ull, bus | flags);
}

/* As cik_ih_irq_init: ring and write-back slot in system RAM via the GART. */
static void ih_enable(AemuTestHost *h, bool rearm)
{
    unsigned ring_pages = IH_RING_SIZE / PAGE;

    for (unsigned i = 0; i < ring_pages; i++) {
        gart_map(h, 100 + i, IH_RING_RAM + i * PAGE,
                 PTE_RW | PTE_SYSTEM | PTE_SNOOPED);
    }
    gart_map(h, 200, IH_WB_RAM, PTE_RW | PTE_SYSTEM | PTE_SNOOPED);
    aemu_test_wreg(h, mmIH_RB_BASE, (GART_START + 100 * PAGE) >> 8);
    aemu_test_wreg(h, mmIH_RB_WPTR_ADDR_LO, (uint32_t)(GART_START + 200 * PAGE));
    aemu_test_wreg(h, mmIH_RB_WPTR_ADDR_HI, (GART_START + 200 * PAGE) >> 32);
    aemu_test_wreg(h, mmIH_RB_CNTL,
                   IH_RB_CNTL__WPTR_OVERFLOW_ENABLE_MASK |
                   IH_RB_CNTL__WPTR_OVERFLOW_CLEAR_MASK |
                   (10u << IH_RB_CNTL__RB_SIZE__SHIFT) |   /* 1024 dwords */
                   IH_RB_CNTL__WPTR_WRITEBACK_ENABLE_MASK |
                   IH_RB_CNTL__RB_ENABLE_MASK);
    aemu_test_wreg(h, mmIH_RB_RPTR, 0);
    aemu_test_wreg(h, mmIH_RB_WPTR, 0);
    aemu_test_wreg(h, mmIH_CNTL, IH_CNTL__ENABLE_INTR_MASK |
                   (rearm ? IH_CNTL__RPTR_REARM_MASK : 0));
}

static uint32_t ih_wb(AemuTestHost *h)
{
    return aemu_test_get32(h->ram + IH_WB_RAM);
}

static AemuTestHost *host_new(void)
{
    return aemu_test_host_new(NULL, 0, 64 * MiB);
}

static void test_vram_aperture(void)
{
    AemuTestHost *h = host_new();
    uint8_t buf[8] = { 1, 2, 3, 4, 5, 6, 7, 8 };

    g_assert_cmpint(aemu_gpu_write(h->dev, 0, 0x1000, buf, 8, &test_client),
                    ==, AEMU_MEM_OK);
    g_assert_cmpmem(h->vram + 0x1000, 8, buf, 8);
    /* The last byte of VRAM is in the aperture; the GART is off, so the
     * first byte past it faults. */
    g_assert_cmpint(aemu_gpu_write(h->dev, 0, 256 * MiB - 1, buf, 1,
                                   &test_client), ==, AEMU_MEM_OK);
    g_assert_cmpint(aemu_gpu_write(h->dev, 0, 256 * MiB, buf, 1,
                                   &test_client), ==, AEMU_MEM_FAULT);
    aemu_test_host_free(h);
}

static void test_gart_translation(void)
{
    AemuTestHost *h = host_new();
    uint8_t buf[16], out[16];

    gart_enable(h, 0);
    gart_map(h, 0, 0x10000, PTE_RW | PTE_SYSTEM);
    gart_map(h, 1, 0x30000, PTE_RW | PTE_SYSTEM);   /* not contiguous */
    gart_map(h, 2, 0x200000, PTE_RW);               /* a VRAM page */
    g_assert_cmpint(aemu_gpu_write32(h->dev, 0, GART_START + 0x10, 0xabcd,
                                     &test_client), ==, AEMU_MEM_OK);
    g_assert_cmphex(aemu_test_get32(h->ram + 0x10010), ==, 0xabcd);
    /* An access across the page boundary lands on both system pages. */
    for (unsigned i = 0; i < 16; i++) {
        buf[i] = 0xa0 + i;
    }
    g_assert_cmpint(aemu_gpu_write(h->dev, 0, GART_START + PAGE - 8, buf, 16,
                                   &test_client), ==, AEMU_MEM_OK);
    g_assert_cmpmem(h->ram + 0x10000 + PAGE - 8, 8, buf, 8);
    g_assert_cmpmem(h->ram + 0x30000, 8, buf + 8, 8);
    g_assert_cmpint(aemu_gpu_read(h->dev, 0, GART_START + PAGE - 8, out, 16,
                                  &test_client), ==, AEMU_MEM_OK);
    g_assert_cmpmem(out, 16, buf, 16);
    /* A GART page backed by VRAM. */
    g_assert_cmpint(aemu_gpu_write32(h->dev, 0, GART_START + 2 * PAGE + 4, 7,
                                     &test_client), ==, AEMU_MEM_OK);
    g_assert_cmphex(aemu_test_get32(h->vram + 0x200004), ==, 7);
    g_assert_cmpuint(h->guest_errors->len, ==, 0);
    aemu_test_host_free(h);
}

static void test_gart_faults(void)
{
    AemuTestHost *h = host_new();
    uint32_t status;

    gart_enable(h, VM_CONTEXT1_CNTL__VALID_PROTECTION_FAULT_ENABLE_INTERRUPT_MASK |
                   VM_CONTEXT1_CNTL__WRITE_PROTECTION_FAULT_ENABLE_INTERRUPT_MASK);
    ih_enable(h, false);
    gart_map(h, 5, 0x50000, PTE_VALID | PTE_READABLE | PTE_SYSTEM);

    /* Invalid PTE: nothing written, fault latched, IV 146 posted. */
    memset(h->ram + 0x60000, 0x5a, 4);
    g_assert_cmpint(aemu_gpu_write32(h->dev, 0, GART_START + 6 * PAGE, 1,
                                     &test_client), ==, AEMU_MEM_FAULT);
    g_assert_cmphex(aemu_test_rreg(h, mmVM_CONTEXT1_PROTECTION_FAULT_ADDR), ==,
                    (GART_START >> 12) + 6);
    status = aemu_test_rreg(h, mmVM_CONTEXT1_PROTECTION_FAULT_STATUS);
    g_assert_cmphex((status & VM_CONTEXT1_PROTECTION_FAULT_STATUS__MEMORY_CLIENT_ID_MASK) >>
                    VM_CONTEXT1_PROTECTION_FAULT_STATUS__MEMORY_CLIENT_ID__SHIFT,
                    ==, 5);
    g_assert_true(status & VM_CONTEXT1_PROTECTION_FAULT_STATUS__MEMORY_CLIENT_RW_MASK);
    g_assert_cmphex(aemu_test_rreg(h, mmVM_CONTEXT1_PROTECTION_FAULT_MCCLIENT),
                    ==, 0x54535420);    /* "TST " */
    g_assert_cmphex(aemu_test_get32(h->ram + IH_RING_RAM), ==, IV_SRC_PAGE_INV);
    g_assert_cmphex(aemu_test_get32(h->ram + IH_RING_RAM + 4), ==,
                    ((GART_START >> 12) + 6) & 0x0fffffff);
    g_assert_cmpuint(ih_wb(h), ==, 16);
    g_assert_cmpuint(h->irq_edges, ==, 1);

    /* The driver clears the latch (WREG32_P(VM_CONTEXT1_CNTL2, 1, ~1)). */
    aemu_test_wreg(h, mmVM_CONTEXT1_CNTL2, 1);
    g_assert_cmphex(aemu_test_rreg(h, mmVM_CONTEXT1_PROTECTION_FAULT_STATUS),
                    ==, 0);

    /* Write to a read-only page: protection fault, IV 147. */
    g_assert_cmpint(aemu_gpu_write32(h->dev, 0, GART_START + 5 * PAGE, 1,
                                     &test_client), ==, AEMU_MEM_FAULT);
    g_assert_cmphex(aemu_test_get32(h->ram + IH_RING_RAM + 16), ==, IV_SRC_MEM_PROT);
    g_assert_cmphex(aemu_test_get32(h->ram + 0x50000), ==, 0);
    /* Reading it is fine. */
    g_assert_cmpint(aemu_gpu_read32(h->dev, 0, GART_START + 5 * PAGE,
                                    &test_client, NULL), ==, 0);

    /* Past the GART's end: a range fault (no interrupt enabled for it). */
    g_assert_cmpint(aemu_gpu_write32(h->dev, 0, GART_START + GART_PAGES * PAGE,
                                     1, &test_client), ==, AEMU_MEM_FAULT);
    g_assert_cmpuint(ih_wb(h), ==, 32);
    g_assert_cmphex(aemu_test_get32(h->ram + 0x60000), ==, 0x5a5a5a5a);
    aemu_test_host_free(h);
}

/* VMID 3 with a page directory and 1024-entry tables (block size 10). */
static void test_vmid_two_level(void)
{
    AemuTestHost *h = host_new();
    uint64_t pd = 32 * MiB, pt = 33 * MiB;
    uint64_t va = (5ull << 22) | (7ull << 12) | 0x24;  /* PDE 5, PTE 7 */
    AemuMemStatus st;

    aemu_test_wreg(h, mmVM_CONTEXT1_PAGE_TABLE_START_ADDR, 0);
    aemu_test_wreg(h, mmVM_CONTEXT1_PAGE_TABLE_END_ADDR, (1u << 20) - 1);
    aemu_test_wreg(h, mmVM_CONTEXT1_CNTL,
                   VM_CONTEXT1_CNTL__ENABLE_CONTEXT_MASK |
                   (1u << VM_CONTEXT1_CNTL__PAGE_TABLE_DEPTH__SHIFT) |
                   (1u << VM_CONTEXT1_CNTL__PAGE_TABLE_BLOCK_SIZE__SHIFT) |
                   VM_CONTEXT1_CNTL__PDE0_PROTECTION_FAULT_ENABLE_INTERRUPT_MASK);
    aemu_test_wreg(h, mmVM_CONTEXT0_PAGE_TABLE_BASE_ADDR + 3, pd >> 12);
    aemu_test_put64(h->vram + pd + 5 * 8, pt | PTE_VALID);
    aemu_test_put64(h->vram + pt + 7 * 8, 0x70000 | PTE_RW | PTE_SYSTEM);
    g_assert_cmpint(aemu_gpu_write32(h->dev, 3, va, 0x77, &test_client), ==,
                    AEMU_MEM_OK);
    g_assert_cmphex(aemu_test_get32(h->ram + 0x70024), ==, 0x77);
    g_assert_cmphex(aemu_gpu_read32(h->dev, 3, va, &test_client, &st), ==,
                    0x77);
    g_assert_cmpint(st, ==, AEMU_MEM_OK);
    /* Another VMID with no directory of its own faults. */
    g_assert_cmpint(aemu_gpu_read32(h->dev, 4, va, &test_client, &st), ==, 0);
    g_assert_cmpint(st, ==, AEMU_MEM_FAULT);
    g_assert_cmphex((aemu_test_rreg(h, mmVM_CONTEXT1_PROTECTION_FAULT_STATUS) &
                     VM_CONTEXT1_PROTECTION_FAULT_STATUS__VMID_MASK) >>
                    VM_CONTEXT1_PROTECTION_FAULT_STATUS__VMID__SHIFT, ==, 4);
    /* A VMID beyond 15 is refused. */
    g_assert_cmpint(aemu_gpu_read32(h->dev, 16, va, &test_client, &st), ==, 0);
    g_assert_cmpint(st, ==, AEMU_MEM_FAULT);
    aemu_test_host_free(h);
}

/*
 * A process's stray access (VMID 3, no page table behind the address): with
 * the default page enabled, as gmc_v7_0_set_fault_enable_default leaves
 * contexts 1..15, the fault is latched and posted with the VMID and the
 * process's PASID, and the access lands on the default page instead of
 * stopping the engine. Without the bit it still fails.
 */
static void test_vm_fault_default_page(void)
{
    AemuTestHost *h = host_new();
    uint64_t pd = 32 * MiB, pt = 33 * MiB, dummy = 0x90000;
    uint64_t va = (5ull << 22) | (9ull << 12) | 0x44;  /* PDE 5, PTE 9 */
    uint64_t far = (6ull << 22) | 0x10;                /* no PDE 6 */
    uint32_t cntl = VM_CONTEXT1_CNTL__ENABLE_CONTEXT_MASK |
                    (1u << VM_CONTEXT1_CNTL__PAGE_TABLE_DEPTH__SHIFT) |
                    (1u << VM_CONTEXT1_CNTL__PAGE_TABLE_BLOCK_SIZE__SHIFT) |
                    VM_CONTEXT1_CNTL__PDE0_PROTECTION_FAULT_ENABLE_INTERRUPT_MASK |
                    VM_CONTEXT1_CNTL__VALID_PROTECTION_FAULT_ENABLE_INTERRUPT_MASK;
    uint32_t defaults = VM_CONTEXT1_CNTL__PDE0_PROTECTION_FAULT_ENABLE_DEFAULT_MASK |
                        VM_CONTEXT1_CNTL__VALID_PROTECTION_FAULT_ENABLE_DEFAULT_MASK;
    uint32_t status;
    AemuMemStatus st;

    gart_enable(h, 0);
    ih_enable(h, false);
    aemu_test_wreg(h, mmVM_CONTEXT1_PAGE_TABLE_START_ADDR, 0);
    aemu_test_wreg(h, mmVM_CONTEXT1_PAGE_TABLE_END_ADDR, (1u << 20) - 1);
    aemu_test_wreg(h, mmVM_CONTEXT1_PROTECTION_FAULT_DEFAULT_ADDR,
                   dummy >> 12);
    aemu_test_wreg(h, mmVM_CONTEXT0_PAGE_TABLE_BASE_ADDR + 3, pd >> 12);
    aemu_test_wreg(h, mmIH_VMID_0_LUT + 3, 0x8001);    /* the PASID */
    aemu_test_put64(h->vram + pd + 5 * 8, pt | PTE_VALID);       /* PTE 9 invalid */

    /* Without the default page: the write fails, nothing lands. */
    aemu_test_wreg(h, mmVM_CONTEXT1_CNTL, cntl);
    g_assert_cmpint(aemu_gpu_write32(h->dev, 3, va, 0x11, &test_client), ==,
                    AEMU_MEM_FAULT);
    g_assert_cmphex(aemu_test_get32(h->ram + dummy + 0x44), ==, 0);
    aemu_test_wreg(h, mmVM_CONTEXT1_CNTL2, 1);

    /* With it: the write lands on the default page, at the same offset. */
    aemu_test_wreg(h, mmVM_CONTEXT1_CNTL, cntl | defaults);
    g_assert_cmpint(aemu_gpu_write32(h->dev, 3, va, 0xfeed, &test_client), ==,
                    AEMU_MEM_OK);
    g_assert_cmphex(aemu_test_get32(h->ram + dummy + 0x44), ==, 0xfeed);
    g_assert_cmphex(aemu_test_rreg(h, mmVM_CONTEXT1_PROTECTION_FAULT_ADDR), ==,
                    va >> 12);
    status = aemu_test_rreg(h, mmVM_CONTEXT1_PROTECTION_FAULT_STATUS);
    g_assert_cmphex((status & VM_CONTEXT1_PROTECTION_FAULT_STATUS__VMID_MASK) >>
                    VM_CONTEXT1_PROTECTION_FAULT_STATUS__VMID__SHIFT, ==, 3);
    g_assert_true(status & VM_CONTEXT1_PROTECTION_FAULT_STATUS__MEMORY_CLIENT_RW_MASK);
    /* IV 146 (invalid PTE) with the page, the VMID and the PASID. */
    g_assert_cmphex(aemu_test_get32(h->ram + IH_RING_RAM + 16), ==, IV_SRC_PAGE_INV);
    g_assert_cmphex(aemu_test_get32(h->ram + IH_RING_RAM + 16 + 4), ==, va >> 12);
    g_assert_cmphex(aemu_test_get32(h->ram + IH_RING_RAM + 16 + 8), ==,
                    0x8001u << 16 | 3u << 8);
    aemu_test_wreg(h, mmVM_CONTEXT1_CNTL2, 1);

    /* A read through a missing PDE reads the default page. */
    g_assert_cmphex(aemu_gpu_read32(h->dev, 3, far + 0x34, &test_client, &st),
                    ==, 0xfeed);
    g_assert_cmpint(st, ==, AEMU_MEM_OK);
    g_assert_cmphex(aemu_test_rreg(h, mmVM_CONTEXT1_PROTECTION_FAULT_ADDR), ==,
                    far >> 12);
    aemu_test_host_free(h);
}

static void test_ih_ring(void)
{
    AemuTestHost *h = host_new();
    AemuIvEntry iv = { .src_id = 181, .src_data = { 0x12345678 }, .ring_id = 0x5,
                       .vmid = 2 };
    uint8_t *e = h->ram + IH_RING_RAM;

    gart_enable(h, 0);
    ih_enable(h, true);
    aemu_test_wreg(h, mmIH_VMID_0_LUT + 2, 0x8001);     /* pasid of vmid 2 */
    aemu_irq_post(h->dev, &iv);
    /* cik_ih_decode_iv's view of the entry. */
    g_assert_cmphex(aemu_test_get32(e) & 0xff, ==, 181);
    g_assert_cmphex(aemu_test_get32(e + 4), ==, 0x2345678);       /* 28 bits */
    g_assert_cmphex(aemu_test_get32(e + 8) & 0xff, ==, 0x5);
    g_assert_cmphex((aemu_test_get32(e + 8) >> 8) & 0xff, ==, 2);
    g_assert_cmphex(aemu_test_get32(e + 8) >> 16, ==, 0x8001);
    g_assert_cmpuint(ih_wb(h), ==, 16);
    g_assert_cmpuint(aemu_test_rreg(h, mmIH_RB_WPTR), ==, 16);
    g_assert_cmpuint(h->irq_edges, ==, 1);
    g_assert_true(h->irq_level);
    aemu_irq_post(h->dev, &iv);
    g_assert_cmpuint(h->irq_edges, ==, 2);
    /* A partial ack re-signals with RPTR_REARM; a full ack drops the line. */
    aemu_test_wreg(h, mmIH_RB_RPTR, 16);
    g_assert_cmpuint(h->irq_edges, ==, 3);
    aemu_test_wreg(h, mmIH_RB_RPTR, 32);
    g_assert_false(h->irq_level);
    g_assert_cmpuint(h->guest_errors->len, ==, 0);
    aemu_test_host_free(h);
}

static void test_ih_overflow(void)
{
    AemuTestHost *h = host_new();
    AemuIvEntry iv = { .src_id = 224 };
    unsigned slots = IH_RING_SIZE / 16;

    gart_enable(h, 0);
    ih_enable(h, false);
    /* The driver never acks: one slot stays free, then overflow. */
    for (unsigned i = 0; i < slots + 3; i++) {
        aemu_irq_post(h->dev, &iv);
    }
    g_assert_cmpuint(ih_wb(h) & ~1u, ==, (slots - 1) * 16);
    g_assert_true(ih_wb(h) & IH_RB_WPTR__RB_OVERFLOW_MASK);
    g_assert_true(aemu_test_rreg(h, mmIH_RB_WPTR) &
                  IH_RB_WPTR__RB_OVERFLOW_MASK);
    /* cik_ih_get_wptr's recovery: set then clear WPTR_OVERFLOW_CLEAR. */
    aemu_test_wreg(h, mmIH_RB_CNTL, aemu_test_rreg(h, mmIH_RB_CNTL) |
                   IH_RB_CNTL__WPTR_OVERFLOW_CLEAR_MASK);
    g_assert_false(aemu_test_rreg(h, mmIH_RB_WPTR) &
                   IH_RB_WPTR__RB_OVERFLOW_MASK);
    g_assert_false(aemu_test_rreg(h, mmIH_RB_CNTL) &
                   IH_RB_CNTL__WPTR_OVERFLOW_CLEAR_MASK);
    aemu_test_host_free(h);
}

static void test_ih_disabled_drops(void)
{
    AemuTestHost *h = host_new();
    AemuIvEntry iv = { .src_id = 224 };

    aemu_irq_post(h->dev, &iv);
    g_assert_cmpuint(h->irq_edges, ==, 0);
    aemu_test_host_free(h);
}

/* An engine with endless work: the scheduler bounds each slice. */
typedef struct Spinner {
    AemuEngine e;
    uint64_t left;
} Spinner;

static bool spin_run(AemuDevice *d, AemuEngine *e, unsigned *budget)
{
    Spinner *s = e->opaque;

    while (*budget && s->left) {
        (*budget)--;
        s->left--;
    }
    return s->left != 0;
}

static void test_sched_budget(void)
{
    AemuTestHost *h = host_new();
    Spinner a = { .e = { .name = "a", .run = spin_run }, .left = UINT64_MAX };
    Spinner b = { .e = { .name = "b", .run = spin_run }, .left = 10 };

    a.e.opaque = &a;
    b.e.opaque = &b;
    aemu_engine_register(h->dev, &a.e);
    aemu_engine_register(h->dev, &b.e);
    aemu_engine_kick(h->dev, &a.e);
    aemu_engine_kick(h->dev, &b.e);
    g_assert_cmpuint(h->timer_deadline, ==, h->now_ns);
    /* One slice: bounded work, and the endless engine is re-armed later. */
    aemu_test_host_advance(h, 0);
    g_assert_cmpuint(a.e.packets + b.e.packets, <=, AEMU_SLICE_BUDGET);
    g_assert_cmpuint(h->timer_deadline, >, h->now_ns);
    /* Round robin: the short engine completes despite the endless one. */
    aemu_test_host_advance(h, 10 * AEMU_SLICE_NS);
    g_assert_cmpuint(b.left, ==, 0);
    g_assert_false(b.e.runnable);
    g_assert_true(a.e.runnable);
    /* A device reset stops every engine. */
    aemu_device_reset(h->dev, AEMU_RESET_PCI_CONFIG);
    g_assert_false(a.e.runnable);
    g_assert_cmpuint(h->timer_deadline, ==, UINT64_MAX);
    aemu_test_host_free(h);
}

/*
 * The timing model: an SDMA-class engine moving 1 MiB to system memory in
 * 64 packets of 16 KiB costs, from Hawaii's tables, a launch, 64 packets'
 * front-end cycles and 1 MiB at the PCIe write bandwidth; its fence
 * (after the last packet) costs the fence latency and lands exactly then
 * (aemu_engine_fence holds it for its time), not up to a slice early as
 * the engine's other work may. With timing off it lands in the first
 * slice.
 */
typedef struct Mover {
    AemuEngine e;
    unsigned left;          /* packets to go */
    bool fenced;
    uint64_t fenced_at;
    AemuTestHost *h;
} Mover;

static bool mover_run(AemuDevice *d, AemuEngine *e, unsigned *budget)
{
    Mover *m = e->opaque;
    static uint8_t chunk[16384];
    AemuXlate to_ram = { .vram = false, .addr = 0x100000, .len = 16384 };

    while (*budget && m->left) {
        (*budget)--;
        aemu_phys_access(d, &to_ram, chunk, sizeof(chunk), true);
        m->left--;
    }
    if (!m->left && !m->fenced) {
        if (aemu_engine_fence(d, false)) {
            return true;
        }
        m->fenced = true;
        m->fenced_at = m->h->now_ns;
    }
    return !m->fenced;
}

static uint64_t mover_fence_time(AemuTimingMode timing, uint64_t *busy)
{
    AemuConfig cfg = { .timing = timing };
    AemuTestHost *h = aemu_test_host_new_config(&cfg, 8 * MiB);
    Mover m = { .e = { .name = "mover", .run = mover_run,
                       .cls = AEMU_ENGINE_CLASS_SDMA }, .left = 64,
                .h = h };
    uint64_t t;

    m.e.opaque = &m;
    aemu_engine_register(h->dev, &m.e);
    aemu_engine_kick(h->dev, &m.e);
    for (unsigned i = 0; i < 1000 && !m.fenced; i++) {
        aemu_test_host_advance(h, 1000);
    }
    g_assert_true(m.fenced);
    t = m.fenced_at;
    *busy = m.e.busy_ns;
    aemu_test_host_free(h);
    return t;
}

static void test_sched_timing(void)
{
    const AemuTiming *tm = &aemu_timing_hawaii;
    const AemuEngineCosts *c = &tm->engine[AEMU_ENGINE_CLASS_SDMA];
    uint64_t busy, t_on = mover_fence_time(AEMU_TIMING_DEFAULT, &busy);
    uint64_t work = 64ull * c->packet_cycles * 1000 / tm->engine_mhz +
                    (1024 * 1024) * 1000ull / tm->sys_write_mb_s +
                    c->fence_ns;

    /* Each of the 8 steps of 8 packets rounds its cost down to a ns. */
    g_assert_cmpuint(busy, <=, work);
    g_assert_cmpuint(busy, >=, work - 8);
    /*
     * The fence lands at its modelled time: the launch and the work, late
     * by no more than the test's 1 us clock steps.
     */
    g_assert_cmpuint(t_on, >=, c->launch_ns + work - 8);
    g_assert_cmpuint(t_on, <=, c->launch_ns + work + 1000);
    g_assert_cmpuint(mover_fence_time(AEMU_TIMING_OFF, &busy), <, 20000);
    g_assert_cmpuint(busy, ==, 0);
}

int main(int argc, char **argv)
{
    g_test_init(&argc, &argv, NULL);
    g_test_add_func("/mem/vram-aperture", test_vram_aperture);
    g_test_add_func("/mem/gart", test_gart_translation);
    g_test_add_func("/mem/gart-faults", test_gart_faults);
    g_test_add_func("/mem/vmid-two-level", test_vmid_two_level);
    g_test_add_func("/mem/vm-fault-default-page", test_vm_fault_default_page);
    g_test_add_func("/ih/ring", test_ih_ring);
    g_test_add_func("/ih/overflow", test_ih_overflow);
    g_test_add_func("/ih/disabled-drops", test_ih_disabled_drops);
    g_test_add_func("/sched/budget", test_sched_budget);
    g_test_add_func("/sched/timing", test_sched_timing);
    return g_test_run();
}
