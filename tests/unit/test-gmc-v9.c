/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Unit tests of GMC 9.0 (gmc_v9.c) on the Vega10 chip, on the standalone
 * host: the reset values the driver reads, the FB aperture, the GART of
 * VMID 0, the 4-level walk of VMIDs 1..15 on each hub with its own
 * contexts, PDE-as-PTE huge pages, protection faults (status, address,
 * IV) and the default page, retry faults (XNACK: the IV, one per page
 * until the VM changes, what the replay finds), the invalidation engines
 * and their semaphores, and that an invalidation makes a changed PTE seen
 * by a cached stream. Tables are built in VRAM as amdgpu_vm_pt.c lays them
 * out.
 */
#include "aemu-host.h"
#include "aemu-internal.h"
#include "vega10_utcl2_cid.h"
#include "amdgpu-emu/regs/vega10_regs.h"
#include "amdgpu-emu/regs/vega10_fields.h"

#define MiB (1024ull * 1024ull)
#define RAM_SIZE (4 * MiB)
#define PAGE 4096ull

/* VRAM's MC address at reset (MC_VM_FB_LOCATION_BASE 0x8000 << 24). */
#define FB_MC_BASE 0x8000000000ull
/* The chip's default VRAM (asic_vega10.c) in 16 MiB units. */
#define VRAM_16M_UNITS 16u

/* amdgpu_vm.h */
#define AMDGPU_PTE_VALID        (1ull << 0)
#define AMDGPU_PTE_SYSTEM       (1ull << 1)
#define AMDGPU_PTE_SNOOPED      (1ull << 2)
#define AMDGPU_PTE_READABLE     (1ull << 5)
#define AMDGPU_PTE_WRITEABLE    (1ull << 6)
#define AMDGPU_PTE_FRAG(x)      (((uint64_t)(x) & 0x1full) << 7)
#define AMDGPU_PDE_PTE          (1ull << 54)
#define AMDGPU_PTE_TF           (1ull << 56)
#define AMDGPU_PDE_BFS(a)       ((uint64_t)(a) << 59)
#define PTE_RW (AMDGPU_PTE_VALID | AMDGPU_PTE_READABLE | AMDGPU_PTE_WRITEABLE)

/* soc15_ih_clientid.h */
#define SOC15_IH_CLIENTID_VMC   0x12
#define SOC15_IH_CLIENTID_UTCL2 0x1b

/* A VA above 2^44, so the fault address needs its HI32 register. */
#define TEST_VA 0x123456789000ull

/* One hub's registers, as the tests program them. */
typedef struct TestHub {
    AemuMemClient client;
    uint32_t l2_cntl, fault_cntl, status, addr_lo, addr_hi;
    uint32_t default_lo, default_hi;
    uint32_t ctx0_cntl, ctx0_base_lo, ctx0_start_lo, ctx0_end_lo;
    uint32_t eng0_sem, eng0_req, eng0_ack;
    uint32_t fb_base, fb_top, fb_offset;
} TestHub;

#define TEST_HUB(P) \
    .l2_cntl = P##mmVM_L2_CNTL, \
    .fault_cntl = P##mmVM_L2_PROTECTION_FAULT_CNTL, \
    .status = P##mmVM_L2_PROTECTION_FAULT_STATUS, \
    .addr_lo = P##mmVM_L2_PROTECTION_FAULT_ADDR_LO32, \
    .addr_hi = P##mmVM_L2_PROTECTION_FAULT_ADDR_HI32, \
    .default_lo = P##mmVM_L2_PROTECTION_FAULT_DEFAULT_ADDR_LO32, \
    .default_hi = P##mmVM_L2_PROTECTION_FAULT_DEFAULT_ADDR_HI32, \
    .ctx0_cntl = P##mmVM_CONTEXT0_CNTL, \
    .ctx0_base_lo = P##mmVM_CONTEXT0_PAGE_TABLE_BASE_ADDR_LO32, \
    .ctx0_start_lo = P##mmVM_CONTEXT0_PAGE_TABLE_START_ADDR_LO32, \
    .ctx0_end_lo = P##mmVM_CONTEXT0_PAGE_TABLE_END_ADDR_LO32, \
    .eng0_sem = P##mmVM_INVALIDATE_ENG0_SEM, \
    .eng0_req = P##mmVM_INVALIDATE_ENG0_REQ, \
    .eng0_ack = P##mmVM_INVALIDATE_ENG0_ACK, \
    .fb_base = P##mmMC_VM_FB_LOCATION_BASE, \
    .fb_top = P##mmMC_VM_FB_LOCATION_TOP, \
    .fb_offset = P##mmMC_VM_FB_OFFSET

static const TestHub gfxhub = {
    .client = { .name = "CPF", .id = 4, .hub = AEMU_HUB_GFX,
                .utcl2_cid = { VEGA10_GFXHUB_CID_CPF, VEGA10_GFXHUB_CID_CPF } },
    TEST_HUB(GC_),
};

static const TestHub mmhub = {
    .client = { .name = "SDM0", .id = 3, .hub = AEMU_HUB_MM,
                .utcl2_cid = { VEGA10_MMHUB_RD_CID_SDMA0,
                               VEGA10_MMHUB_WR_CID_SDMA0 } },
    TEST_HUB(MMHUB_),
};

/* A host, IVs captured, and a bump allocator of zeroed VRAM pages. */
typedef struct Fixture {
    AemuTestHost *h;
    uint64_t next_vram;
} Fixture;

static GArray *ivs;

static void capture_iv(AemuDevice *d, const AemuIvEntry *iv)
{
    g_array_append_val(ivs, *iv);
}

static void setup(Fixture *f)
{
    f->h = aemu_test_host_new_asic(&aemu_asic_vega10, 0, RAM_SIZE);
    /* Vega10 has no IH block yet: the test is the interrupt handler. */
    f->h->dev->ih_submit = capture_iv;
    ivs = g_array_new(false, true, sizeof(AemuIvEntry));
    f->next_vram = 16 * MiB;
}

static void teardown(Fixture *f)
{
    aemu_test_host_free(f->h);
    g_array_free(ivs, true);
}

static uint64_t alloc_vram_page(Fixture *f)
{
    uint64_t off = f->next_vram;

    f->next_vram += PAGE;
    memset(f->h->vram + off, 0, PAGE);
    return off;
}

static void wreg64(AemuTestHost *h, uint32_t lo, uint64_t v)
{
    aemu_test_wreg(h, lo, (uint32_t)v);
    aemu_test_wreg(h, lo + 1, (uint32_t)(v >> 32));
}

/* gfxhub_v1_0_setup_vmid_config for one context: 4 levels, 2^36 pages. */
static void vm_context_enable(AemuTestHost *h, const TestHub *hub,
                              unsigned vmid, uint64_t root_vram,
                              uint32_t cntl_extra)
{
    uint32_t cntl = AEMU_REG_SET(0, VM_CONTEXT1_CNTL, ENABLE_CONTEXT, 1);

    cntl = AEMU_REG_SET(cntl, VM_CONTEXT1_CNTL, PAGE_TABLE_DEPTH, 3);
    cntl = AEMU_REG_SET(cntl, VM_CONTEXT1_CNTL, PAGE_TABLE_BLOCK_SIZE, 0);
    aemu_test_wreg(h, hub->ctx0_cntl + vmid, cntl | cntl_extra);
    wreg64(h, hub->ctx0_start_lo + 2 * vmid, 0);
    wreg64(h, hub->ctx0_end_lo + 2 * vmid, (1ull << 36) - 1);
    /* amdgpu_gmc_pd_addr: the root's physical address | VALID. */
    wreg64(h, hub->ctx0_base_lo + 2 * vmid, root_vram | AMDGPU_PTE_VALID);
}

/*
 * Map the 4 KiB page at va through PDB2 -> PDB1 -> PDB0 -> PTB (shifts
 * 39/30/21/12, amdgpu_vm_pt_level_shift with block_size 9), allocating
 * tables as needed; stop_level 1 writes leaf into the PDB0 entry instead
 * (a 2 MiB PDE-as-PTE). Returns the VRAM offset of the entry written.
 */
static uint64_t map_page(Fixture *f, uint64_t root, uint64_t va,
                         uint64_t leaf, int stop_level)
{
    uint64_t table = root;

    for (int level = 3; level >= 0; level--) {
        uint64_t entry = table + ((va >> (12 + 9 * level)) & 0x1ff) * 8;
        uint64_t e;

        if (level == stop_level) {
            aemu_test_put64(f->h->vram + entry, leaf);
            return entry;
        }
        e = aemu_test_get64(f->h->vram + entry);
        if (!(e & AMDGPU_PTE_VALID)) {
            e = alloc_vram_page(f) | AMDGPU_PTE_VALID;
            aemu_test_put64(f->h->vram + entry, e);
        }
        table = e & 0x0000fffffffff000ull;
    }
    g_assert_not_reached();
}

static uint32_t gpu_read32(AemuTestHost *h, const TestHub *hub, unsigned vmid,
                           uint64_t addr, AemuMemStatus *st)
{
    return aemu_gpu_read32(h->dev, vmid, addr, &hub->client, st);
}

/* mmhub_v1_0_get_fb_location, gfxhub_v1_0_get_mc_fb_offset. */
static void test_reset_values(Fixture *f, gconstpointer data)
{
    const TestHub *hubs[] = { &gfxhub, &mmhub };

    for (unsigned i = 0; i < G_N_ELEMENTS(hubs); i++) {
        const TestHub *hub = hubs[i];

        g_assert_cmphex(aemu_test_rreg(f->h, hub->fb_base), ==, 0x8000);
        g_assert_cmphex(aemu_test_rreg(f->h, hub->fb_top), ==,
                        0x8000 + VRAM_16M_UNITS - 1);
        g_assert_cmphex(aemu_test_rreg(f->h, hub->fb_offset), ==, 0);
        g_assert_cmphex(aemu_test_rreg(f->h, hub->status), ==, 0);
    }
    g_assert_cmpstr(f->h->dev->handlers[GC_mmVM_INVALIDATE_ENG17_REQ]->block,
                    ==, "gmc");
}

/* VMID 0 MC addresses in [fb_start, fb_end] are VRAM, on either hub. */
static void test_fb_aperture(Fixture *f, gconstpointer data)
{
    AemuMemStatus st;

    aemu_test_put32(f->h->vram + 0x1230, 0xfeedf00d);
    aemu_test_put32(f->h->vram + 255 * MiB + 4, 0x0ddba11);
    g_assert_cmphex(gpu_read32(f->h, &gfxhub, 0, FB_MC_BASE + 0x1230, &st),
                    ==, 0xfeedf00d);
    g_assert_cmpint(st, ==, AEMU_MEM_OK);
    g_assert_cmphex(gpu_read32(f->h, &mmhub, 0, FB_MC_BASE + 0x1230, &st),
                    ==, 0xfeedf00d);
    g_assert_cmphex(gpu_read32(f->h, &mmhub, 0,
                               FB_MC_BASE + 255 * MiB + 4, &st), ==,
                    0x0ddba11);
    g_assert_cmpint(aemu_gpu_write32(f->h->dev, 0, FB_MC_BASE + 0x2000,
                                     0x600d, &gfxhub.client), ==,
                    AEMU_MEM_OK);
    g_assert_cmphex(aemu_test_get32(f->h->vram + 0x2000), ==, 0x600d);
    g_assert_cmpuint(f->h->guest_errors->len, ==, 0);
}

/*
 * gfxhub_v1_0_init_system_aperture_regs with amdgpu.agp=1: the AGP
 * aperture reaches bus addresses; the rest of the system aperture goes
 * to its default page (the VRAM scratch page); outside it, the GART.
 */
static void test_agp_and_system_aperture(Fixture *f, gconstpointer data)
{
    AemuTestHost *h = f->h;
    uint64_t agp_mc = 0x7f00000000ull;  /* 16 MiB units, below VRAM */
    uint64_t scratch = 0x800000;
    AemuMemStatus st;

    aemu_test_wreg(h, GC_mmMC_VM_AGP_BOT, agp_mc >> 24);
    aemu_test_wreg(h, GC_mmMC_VM_AGP_TOP, agp_mc >> 24);
    aemu_test_wreg(h, GC_mmMC_VM_AGP_BASE, 0);
    aemu_test_wreg(h, GC_mmMC_VM_SYSTEM_APERTURE_LOW_ADDR, agp_mc >> 18);
    aemu_test_wreg(h, GC_mmMC_VM_SYSTEM_APERTURE_HIGH_ADDR,
                   (FB_MC_BASE + 2 * VRAM_16M_UNITS * 16 * MiB - 1) >> 18);
    aemu_test_wreg(h, GC_mmMC_VM_SYSTEM_APERTURE_DEFAULT_ADDR_LSB,
                   scratch >> 12);
    aemu_test_wreg(h, GC_mmMC_VM_SYSTEM_APERTURE_DEFAULT_ADDR_MSB, 0);
    aemu_test_put32(h->ram + 0x3008, 0xa6a6);
    aemu_test_put32(h->vram + scratch + 0x44, 0x5c5c);
    g_assert_cmphex(gpu_read32(h, &gfxhub, 0, agp_mc + 0x3008, &st), ==,
                    0xa6a6);
    g_assert_cmpint(st, ==, AEMU_MEM_OK);
    /* Past VRAM's end, inside the system aperture: the default page. */
    g_assert_cmphex(gpu_read32(h, &gfxhub, 0,
                               FB_MC_BASE + 300 * MiB + 0x44, &st), ==,
                    0x5c5c);
    g_assert_cmpint(st, ==, AEMU_MEM_OK);
    /* The MMHUB has its own apertures, still empty. */
    gpu_read32(h, &mmhub, 0, agp_mc + 0x3008, &st);
    g_assert_cmpint(st, ==, AEMU_MEM_FAULT);
}

/*
 * gfxhub_v1_0_init_gart_aperture_regs + enable_system_domain: a flat
 * table (depth 0) below the PDE in PAGE_TABLE_BASE_ADDR, covering the
 * 512 MiB GART at MC 0.
 */
static void gart_enable(AemuTestHost *h, const TestHub *hub, uint64_t table)
{
    uint32_t cntl = AEMU_REG_SET(0, VM_CONTEXT0_CNTL, ENABLE_CONTEXT, 1);

    wreg64(h, hub->ctx0_base_lo, table | AMDGPU_PTE_VALID);
    wreg64(h, hub->ctx0_start_lo, 0);
    wreg64(h, hub->ctx0_end_lo, (512 * MiB - 1) >> 12);
    aemu_test_wreg(h, hub->ctx0_cntl, cntl);
}

static void test_gart(Fixture *f, gconstpointer data)
{
    uint64_t table = alloc_vram_page(f);
    AemuMemStatus st;

    gart_enable(f->h, &gfxhub, table);
    gart_enable(f->h, &mmhub, table);
    /* amdgpu_gart_bind: a system page; a VRAM page (SYSTEM clear). */
    aemu_test_put64(f->h->vram + table, 0x2000 | PTE_RW | AMDGPU_PTE_SYSTEM |
                    AMDGPU_PTE_SNOOPED);
    aemu_test_put64(f->h->vram + table + 8, 0x300000 | PTE_RW);
    aemu_test_put32(f->h->ram + 0x2010, 0x5157e3);
    aemu_test_put32(f->h->vram + 0x300008, 0x76a3);
    g_assert_cmphex(gpu_read32(f->h, &gfxhub, 0, 0x10, &st), ==, 0x5157e3);
    g_assert_cmphex(gpu_read32(f->h, &mmhub, 0, 0x10, &st), ==, 0x5157e3);
    g_assert_cmphex(gpu_read32(f->h, &gfxhub, 0, PAGE + 8, &st), ==,
                    0x76a3);
    g_assert_cmpint(aemu_gpu_write32(f->h->dev, 0, PAGE + 12, 0xabc,
                                     &mmhub.client), ==, AEMU_MEM_OK);
    g_assert_cmphex(aemu_test_get32(f->h->vram + 0x30000c), ==, 0xabc);
    g_assert_cmpuint(f->h->guest_errors->len, ==, 0);
    /* Past the GART's end: a range fault, no default page in context 0. */
    gpu_read32(f->h, &gfxhub, 0, 512 * MiB, &st);
    g_assert_cmpint(st, ==, AEMU_MEM_FAULT);
    g_assert_true(AEMU_REG_GET(aemu_test_rreg(f->h, gfxhub.status),
                               VM_L2_PROTECTION_FAULT_STATUS, MAPPING_ERROR));
}

/* Each hub walks its own context 1: same VA, different tables. */
static void test_walk_per_hub(Fixture *f, gconstpointer data)
{
    uint64_t root_gfx = alloc_vram_page(f), root_mm = alloc_vram_page(f);
    AemuMemStatus st;

    vm_context_enable(f->h, &gfxhub, 1, root_gfx, 0);
    vm_context_enable(f->h, &mmhub, 1, root_mm, 0);
    map_page(f, root_gfx, TEST_VA, 0x4000 | PTE_RW | AMDGPU_PTE_SYSTEM, 0);
    map_page(f, root_mm, TEST_VA, 0x500000 | PTE_RW, 0);
    aemu_test_put32(f->h->ram + 0x4abc, 0x9f8);
    aemu_test_put32(f->h->vram + 0x500abc, 0x33);
    g_assert_cmphex(gpu_read32(f->h, &gfxhub, 1, TEST_VA + 0xabc, &st), ==,
                    0x9f8);
    g_assert_cmpint(st, ==, AEMU_MEM_OK);
    g_assert_cmphex(gpu_read32(f->h, &mmhub, 1, TEST_VA + 0xabc, &st), ==,
                    0x33);
    g_assert_cmpint(st, ==, AEMU_MEM_OK);
    /* VMID 2 is not enabled on either hub. */
    gpu_read32(f->h, &gfxhub, 2, TEST_VA, &st);
    g_assert_cmpint(st, ==, AEMU_MEM_FAULT);
    /* Nothing leaked into the other hub's fault registers. */
    g_assert_cmphex(aemu_test_rreg(f->h, mmhub.status), ==, 0);
    g_assert_cmpuint(AEMU_REG_GET(aemu_test_rreg(f->h, gfxhub.status),
                                  VM_L2_PROTECTION_FAULT_STATUS, VMID), ==,
                     2);
}

/*
 * A VA of the high range comes sign-extended (radeonsi's 32-bit-address
 * buffers on gfx9, 0xffff8000_xxxxxxxx) and is mapped by its bits 47:0.
 */
#define HIGH_VA_MAPPED   0x800100002000ull
#define HIGH_VA_EXTENDED 0xffff800100002000ull

static void test_high_va(Fixture *f, gconstpointer data)
{
    uint64_t root = alloc_vram_page(f);
    AemuMemStatus st;

    vm_context_enable(f->h, &gfxhub, 1, root, 0);
    map_page(f, root, HIGH_VA_MAPPED, 0x600000 | PTE_RW, 0);
    aemu_test_put32(f->h->vram + 0x6000c0, 0x5eed);
    g_assert_cmphex(gpu_read32(f->h, &gfxhub, 1, HIGH_VA_EXTENDED + 0xc0, &st), ==,
                    0x5eed);
    g_assert_cmpint(st, ==, AEMU_MEM_OK);
    g_assert_cmphex(gpu_read32(f->h, &gfxhub, 1, HIGH_VA_MAPPED + 0xc0, &st), ==,
                    0x5eed);
    g_assert_cmpint(st, ==, AEMU_MEM_OK);
    g_assert_cmphex(aemu_test_rreg(f->h, gfxhub.status), ==, 0);
}

/* A PDB0 entry with AMDGPU_PDE_PTE maps 2 MiB (amdgpu_vm_pte_update_flags). */
static void test_huge_page(Fixture *f, gconstpointer data)
{
    uint64_t root = alloc_vram_page(f);
    uint64_t va = 0x40000000ull + 2 * MiB;
    AemuXlate x = { 0 };

    vm_context_enable(f->h, &gfxhub, 3, root, 0);
    map_page(f, root, va, 4 * MiB | PTE_RW | AMDGPU_PDE_PTE, 1);
    aemu_test_put32(f->h->vram + 4 * MiB + 0x12344, 0x41ce);
    g_assert_cmpint(aemu_gpu_read32(f->h->dev, 3, va + 0x12344,
                                    &gfxhub.client, NULL), ==, 0x41ce);
    /* The whole 2 MiB is one contiguous piece. */
    g_assert_cmpint(f->h->dev->translate(f->h->dev, 3, va + PAGE, false,
                                         &gfxhub.client, &x), ==,
                    AEMU_MEM_OK);
    g_assert_true(x.vram);
    g_assert_cmphex(x.addr, ==, 4 * MiB + PAGE);
    g_assert_cmphex(x.len, ==, 2 * MiB - PAGE);
    /*
     * The leaf's address need not be 2 MiB aligned: amdgpu maps a
     * contiguous VRAM buffer whose VA is aligned but its physical address
     * not with PDE-as-PTE entries too (a buffer at VA 2 MiB - 12 KiB).
     */
    map_page(f, root, va + 2 * MiB, (6 * MiB + 0x3000) | PTE_RW |
             AMDGPU_PDE_PTE, 1);
    aemu_test_put32(f->h->vram + 6 * MiB + 0x3000 + 0x1004, 0x5eed);
    g_assert_cmpint(aemu_gpu_read32(f->h->dev, 3, va + 2 * MiB + 0x1004,
                                    &gfxhub.client, NULL), ==, 0x5eed);
    /* A fragment of 64 KiB in a PTE is a contiguity hint. */
    map_page(f, root, 0x80000000ull, 6 * MiB | PTE_RW | AMDGPU_PTE_FRAG(4),
             0);
    g_assert_cmpint(f->h->dev->translate(f->h->dev, 3, 0x80000000ull + 0x10,
                                         false, &gfxhub.client, &x), ==,
                    AEMU_MEM_OK);
    g_assert_cmphex(x.addr, ==, 6 * MiB + 0x10);
    g_assert_cmphex(x.len, ==, 64 * 1024 - 0x10);
    g_assert_cmpuint(f->h->guest_errors->len, ==, 0);
}

/*
 * Translate further, as amdgpu lays out Vega10's tables (gmc_v9_0_get_vm_pde
 * with translate_further): the PDB1 entry carries BFS(9); under it a PDB0
 * entry with TF points to a PTB, and one without TF (and without the P bit,
 * which the driver clears there) is a 2 MiB leaf.
 */
static void test_translate_further(Fixture *f, gconstpointer data)
{
    uint64_t root = alloc_vram_page(f);
    uint64_t va = 0x100000000ull, pdb1_entry, pdb0, ptb;
    AemuXlate x = { 0 };

    vm_context_enable(f->h, &mmhub, 5, root, 0);
    /* A 4 KiB page under a TF PDB0 entry, then the 2 MiB after it. */
    map_page(f, root, va, 8 * MiB | PTE_RW, 0);
    /* The PDB2 entry names the PDB1 table; its entry for va gets BFS. */
    pdb1_entry = (aemu_test_get64(f->h->vram + root +
                                  ((va >> 39) & 0x1ff) * 8) &
                  0x0000fffffffff000ull) + ((va >> 30) & 0x1ff) * 8;
    aemu_test_put64(f->h->vram + pdb1_entry,
                    aemu_test_get64(f->h->vram + pdb1_entry) |
                    AMDGPU_PDE_BFS(9));
    pdb0 = aemu_test_get64(f->h->vram + pdb1_entry) & 0x0000fffffffff000ull;
    ptb = pdb0 + ((va >> 21) & 0x1ff) * 8;
    aemu_test_put64(f->h->vram + ptb,
                    aemu_test_get64(f->h->vram + ptb) | AMDGPU_PTE_TF);
    aemu_test_put64(f->h->vram + pdb0 + (((va + 2 * MiB) >> 21) & 0x1ff) * 8,
                    10 * MiB | PTE_RW);
    aemu_test_put32(f->h->vram + 8 * MiB + 0x10, 0x7f01);
    aemu_test_put32(f->h->vram + 10 * MiB + PAGE + 0x10, 0x7f02);
    g_assert_cmphex(gpu_read32(f->h, &mmhub, 5, va + 0x10, NULL), ==,
                    0x7f01);
    g_assert_cmphex(gpu_read32(f->h, &mmhub, 5, va + 2 * MiB + PAGE + 0x10,
                               NULL), ==, 0x7f02);
    g_assert_cmpint(f->h->dev->translate(f->h->dev, 5, va + 2 * MiB + PAGE,
                                         false, &mmhub.client, &x), ==,
                    AEMU_MEM_OK);
    g_assert_cmphex(x.addr, ==, 10 * MiB + PAGE);
    g_assert_cmphex(x.len, ==, 2 * MiB - PAGE);
    g_assert_cmpuint(ivs->len, ==, 0);
}

static uint32_t valid_fault_interrupt(void)
{
    return VM_CONTEXT1_CNTL__VALID_PROTECTION_FAULT_ENABLE_INTERRUPT_MASK |
           VM_CONTEXT1_CNTL__WRITE_PROTECTION_FAULT_ENABLE_INTERRUPT_MASK;
}

/*
 * An invalid PTE: the access fails, the hub latches status and address
 * as gmc_v9_0_process_interrupt reads them, and an IV goes out with the
 * hub's client and the address in src_data.
 */
static void test_fault(Fixture *f, gconstpointer data)
{
    uint64_t root = alloc_vram_page(f);
    const AemuIvEntry *iv;
    AemuMemStatus st;
    uint32_t status;

    vm_context_enable(f->h, &gfxhub, 1, root, valid_fault_interrupt());
    /* amdgpu_vm_pt_clear_bo leaves PTEs EXECUTABLE only: not valid. */
    map_page(f, root, TEST_VA, 1ull << 4, 0);
    gpu_read32(f->h, &gfxhub, 1, TEST_VA + 0x40, &st);
    g_assert_cmpint(st, ==, AEMU_MEM_FAULT);
    status = aemu_test_rreg(f->h, gfxhub.status);
    g_assert_cmpuint(AEMU_REG_GET(status, VM_L2_PROTECTION_FAULT_STATUS,
                                  PERMISSION_FAULTS), !=, 0);
    g_assert_cmpuint(AEMU_REG_GET(status, VM_L2_PROTECTION_FAULT_STATUS,
                                  VMID), ==, 1);
    g_assert_cmpuint(AEMU_REG_GET(status, VM_L2_PROTECTION_FAULT_STATUS,
                                  CID), ==, VEGA10_GFXHUB_CID_CPF);
    g_assert_cmpuint(AEMU_REG_GET(status, VM_L2_PROTECTION_FAULT_STATUS,
                                  RW), ==, 0);
    g_assert_cmphex(aemu_test_rreg(f->h, gfxhub.addr_lo), ==,
                    (uint32_t)(TEST_VA >> 12));
    g_assert_cmphex(aemu_test_rreg(f->h, gfxhub.addr_hi), ==, TEST_VA >> 44);
    g_assert_cmpuint(ivs->len, ==, 1);
    iv = &g_array_index(ivs, AemuIvEntry, 0);
    g_assert_cmpuint(iv->client_id, ==, SOC15_IH_CLIENTID_UTCL2);
    g_assert_cmpuint(iv->src_id, ==, 0);
    g_assert_cmpuint(iv->vmid, ==, 1);
    g_assert_false(iv->vmid_src);
    /* The handler's decode: src_data[0] << 12 | (src_data[1] & 0xf) << 44. */
    g_assert_cmphex((uint64_t)iv->src_data[0] << 12 |
                    (uint64_t)(iv->src_data[1] & 0xf) << 44, ==, TEST_VA);
    g_assert_cmphex(iv->src_data[1] & 0xa0, ==, 0);

    /* A second fault keeps the first latched and says there were more. */
    gpu_read32(f->h, &gfxhub, 1, TEST_VA + 2 * PAGE, &st);
    g_assert_cmpint(st, ==, AEMU_MEM_FAULT);
    g_assert_cmphex(aemu_test_rreg(f->h, gfxhub.addr_lo), ==,
                    (uint32_t)(TEST_VA >> 12));
    g_assert_true(AEMU_REG_GET(aemu_test_rreg(f->h, gfxhub.status),
                               VM_L2_PROTECTION_FAULT_STATUS, MORE_FAULTS));
    /* The handler clears it: WREG32_P(vm_l2_pro_fault_cntl, 1, ~1). */
    aemu_test_wreg(f->h, gfxhub.fault_cntl,
                   aemu_test_rreg(f->h, gfxhub.fault_cntl) |
                   VM_L2_PROTECTION_FAULT_CNTL__CLEAR_PROTECTION_FAULT_STATUS_ADDR_MASK);
    g_assert_cmphex(aemu_test_rreg(f->h, gfxhub.status), ==, 0);
    g_assert_cmphex(aemu_test_rreg(f->h, gfxhub.addr_lo), ==, 0);

    /* The MMHUB: a write, client VMC, vmid_src set, its own registers. */
    vm_context_enable(f->h, &mmhub, 7, root, valid_fault_interrupt());
    g_assert_cmpint(aemu_gpu_write32(f->h->dev, 7, TEST_VA, 1,
                                     &mmhub.client), ==, AEMU_MEM_FAULT);
    g_assert_cmphex(aemu_test_rreg(f->h, gfxhub.status), ==, 0);
    status = aemu_test_rreg(f->h, mmhub.status);
    g_assert_cmpuint(AEMU_REG_GET(status, VM_L2_PROTECTION_FAULT_STATUS,
                                  VMID), ==, 7);
    g_assert_cmpuint(AEMU_REG_GET(status, VM_L2_PROTECTION_FAULT_STATUS,
                                  RW), ==, 1);
    /* Vega10's MMHUB names a client by direction: SDMA0's write id. */
    g_assert_cmpuint(AEMU_REG_GET(status, VM_L2_PROTECTION_FAULT_STATUS,
                                  CID), ==, VEGA10_MMHUB_WR_CID_SDMA0);
    g_assert_cmpuint(ivs->len, ==, 3);
    iv = &g_array_index(ivs, AemuIvEntry, 2);
    g_assert_cmpuint(iv->client_id, ==, SOC15_IH_CLIENTID_VMC);
    g_assert_cmpuint(iv->vmid, ==, 7);
    g_assert_true(iv->vmid_src);
    g_assert_cmphex(iv->src_data[1] & 0x20, ==, 0x20);

    /* Without the interrupt enable: latched, no IV. */
    vm_context_enable(f->h, &gfxhub, 1, root, 0);
    gpu_read32(f->h, &gfxhub, 1, TEST_VA, &st);
    g_assert_cmpint(st, ==, AEMU_MEM_FAULT);
    g_assert_cmpuint(ivs->len, ==, 3);
    g_assert_cmphex(aemu_test_rreg(f->h, gfxhub.status), !=, 0);

    /*
     * A context that retries (amdgpu.noretry=0), a client that cannot
     * replay (the CP): reported as no-retry, and the model says so.
     */
    g_assert_cmpuint(f->h->unimps->len, ==, 0);
    vm_context_enable(f->h, &gfxhub, 1, root,
                      VM_CONTEXT1_CNTL__RETRY_PERMISSION_OR_INVALID_PAGE_FAULT_MASK);
    gpu_read32(f->h, &gfxhub, 1, TEST_VA, &st);
    g_assert_cmpint(st, ==, AEMU_MEM_FAULT);
    g_assert_cmpuint(f->h->unimps->len, ==, 1);
}

/* The shaders' client (TCP), which replays retry faults (XNACK). */
static const AemuMemClient tcp = {
    .name = "TCP", .hub = AEMU_HUB_GFX,
    .utcl2_cid = { VEGA10_GFXHUB_CID_TCP, VEGA10_GFXHUB_CID_TCP },
    .retry = true,
};

/* amdgpu_vm.h: the no-retry marker amdgpu_vm_handle_fault leaves in a PTB. */
#define AMDGPU_PTE_EXECUTABLE   (1ull << 4)
#define AMDGPU_PTE_PRT          (1ull << 51)
#define NORETRY_PTE (AMDGPU_PTE_VALID | AMDGPU_PTE_SYSTEM | AMDGPU_PTE_PRT)
/* gmc_v9_0_process_interrupt's decode of src_data[1]. */
#define IV_RETRY                0x80u
#define IV_WRITE                0x20u
/* KFD's decode of ring_id: prot_valid, prot_read, prot_write. */
#define RING_PROT_VALID         0x08u
#define RING_PROT_READ          0x10u

/* gfxhub_v1_0_setup_vmid_config with noretry=0, interrupts on. */
static uint32_t retry_cntl(void)
{
    return VM_CONTEXT1_CNTL__RETRY_PERMISSION_OR_INVALID_PAGE_FAULT_MASK |
           VM_CONTEXT1_CNTL__VALID_PROTECTION_FAULT_ENABLE_INTERRUPT_MASK |
           VM_CONTEXT1_CNTL__READ_PROTECTION_FAULT_ENABLE_INTERRUPT_MASK |
           VM_CONTEXT1_CNTL__WRITE_PROTECTION_FAULT_ENABLE_INTERRUPT_MASK;
}

static AemuMemStatus xlate(Fixture *f, const AemuMemClient *c, unsigned vmid,
                           uint64_t va, bool write, AemuXlate *x)
{
    *x = (AemuXlate) { 0 };
    return f->h->dev->translate(f->h->dev, vmid, va, write, c, x);
}

/*
 * A retry fault: the shaders' client gets AEMU_MEM_RETRY, the driver an IV
 * with the retry bit (gmc_v9_0_process_interrupt's src_data[1] bit 7), the
 * address, the VMID, the UTCL2 client and the permission bits in ring_id,
 * and the status latched, all without the context's default page.
 */
static void test_retry_fault(Fixture *f, gconstpointer data)
{
    uint64_t root = alloc_vram_page(f);
    const AemuIvEntry *iv;
    AemuXlate x;
    uint32_t status;

    vm_context_enable(f->h, &gfxhub, 8, root, retry_cntl() |
                      VM_CONTEXT1_CNTL__VALID_PROTECTION_FAULT_ENABLE_DEFAULT_MASK);
    aemu_test_wreg(f->h, gfxhub.fault_cntl,
                   VM_L2_PROTECTION_FAULT_CNTL__VALID_PROTECTION_FAULT_ENABLE_DEFAULT_MASK);
    /* amdgpu_vm_pt_clear: an invalid PTE, EXECUTABLE for GMC9's sake. */
    map_page(f, root, TEST_VA, AMDGPU_PTE_EXECUTABLE, 0);
    g_assert_cmpint(xlate(f, &tcp, 8, TEST_VA + 0x40, false, &x), ==,
                    AEMU_MEM_RETRY);
    g_assert_cmpuint(ivs->len, ==, 1);
    iv = &g_array_index(ivs, AemuIvEntry, 0);
    g_assert_cmpuint(iv->client_id, ==, SOC15_IH_CLIENTID_UTCL2);
    g_assert_cmpuint(iv->src_id, ==, 0);
    g_assert_cmpuint(iv->vmid, ==, 8);
    g_assert_false(iv->vmid_src);
    g_assert_cmphex((uint64_t)iv->src_data[0] << 12 |
                    (uint64_t)(iv->src_data[1] & 0xf) << 44, ==, TEST_VA);
    g_assert_cmphex(iv->src_data[1] & (IV_RETRY | IV_WRITE), ==, IV_RETRY);
    g_assert_cmphex(iv->ring_id, ==, RING_PROT_VALID);
    status = aemu_test_rreg(f->h, gfxhub.status);
    g_assert_cmpuint(AEMU_REG_GET(status, VM_L2_PROTECTION_FAULT_STATUS,
                                  VMID), ==, 8);
    g_assert_cmpuint(AEMU_REG_GET(status, VM_L2_PROTECTION_FAULT_STATUS,
                                  CID), ==, VEGA10_GFXHUB_CID_TCP);
    g_assert_cmphex(aemu_test_rreg(f->h, gfxhub.addr_lo), ==,
                    (uint32_t)(TEST_VA >> 12));
    /* Not a guest error: with SVM it is how pages get mapped. */
    g_assert_cmpuint(f->h->guest_errors->len, ==, 0);

    /* A write to another page: its own IV, the write bit set. */
    map_page(f, root, TEST_VA + PAGE, AMDGPU_PTE_EXECUTABLE, 0);
    g_assert_cmpint(xlate(f, &tcp, 8, TEST_VA + PAGE, true, &x), ==,
                    AEMU_MEM_RETRY);
    g_assert_cmpuint(ivs->len, ==, 2);
    iv = &g_array_index(ivs, AemuIvEntry, 1);
    g_assert_cmphex(iv->src_data[1] & (IV_RETRY | IV_WRITE), ==,
                    IV_RETRY | IV_WRITE);
}

/*
 * One IV per page until the VM changes: the replays of a stalled client
 * (and the driver clearing the status in its handler) post nothing more;
 * a TLB flush or a VM register write and the next replay posts again.
 */
static void test_retry_dedup(Fixture *f, gconstpointer data)
{
    uint64_t root = alloc_vram_page(f);
    AemuXlate x;

    vm_context_enable(f->h, &gfxhub, 8, root, retry_cntl());
    map_page(f, root, TEST_VA, AMDGPU_PTE_EXECUTABLE, 0);
    for (unsigned i = 0; i < 100; i++) {
        g_assert_cmpint(xlate(f, &tcp, 8, TEST_VA + 4 * i, i & 1, &x), ==,
                        AEMU_MEM_RETRY);
    }
    g_assert_cmpuint(ivs->len, ==, 1);
    /* gmc_v9_0_process_interrupt: WREG32_P(vm_l2_pro_fault_cntl, 1, ~1). */
    aemu_test_wreg(f->h, gfxhub.fault_cntl,
                   VM_L2_PROTECTION_FAULT_CNTL__CLEAR_PROTECTION_FAULT_STATUS_ADDR_MASK);
    g_assert_cmpint(xlate(f, &tcp, 8, TEST_VA, false, &x), ==,
                    AEMU_MEM_RETRY);
    g_assert_cmpuint(ivs->len, ==, 1);
    /* The same page in another VMID, or on the other hub, is another. */
    vm_context_enable(f->h, &gfxhub, 9, root, retry_cntl());
    g_assert_cmpint(xlate(f, &tcp, 9, TEST_VA, false, &x), ==,
                    AEMU_MEM_RETRY);
    g_assert_cmpuint(ivs->len, ==, 2);
    /* A TLB flush: the page is posted again. */
    aemu_test_wreg(f->h, GC_mmVM_INVALIDATE_ENG17_REQ,
                   AEMU_REG_SET(0, VM_INVALIDATE_ENG0_REQ,
                                PER_VMID_INVALIDATE_REQ, 1u << 8));
    g_assert_cmpint(xlate(f, &tcp, 8, TEST_VA, false, &x), ==,
                    AEMU_MEM_RETRY);
    g_assert_cmpuint(ivs->len, ==, 3);
    /* As after a VM register write. */
    vm_context_enable(f->h, &gfxhub, 8, root, retry_cntl());
    g_assert_cmpint(xlate(f, &tcp, 8, TEST_VA, false, &x), ==,
                    AEMU_MEM_RETRY);
    g_assert_cmpuint(ivs->len, ==, 4);
    /* A bounded table: many pages, each posted once, nothing else. */
    for (unsigned i = 1; i <= 64; i++) {
        map_page(f, root, TEST_VA + i * PAGE, AMDGPU_PTE_EXECUTABLE, 0);
        xlate(f, &tcp, 8, TEST_VA + i * PAGE, false, &x);
        xlate(f, &tcp, 8, TEST_VA + i * PAGE, false, &x);
    }
    g_assert_cmpuint(ivs->len, ==, 4 + 64);
}

/*
 * What the retry finds: without SVM amdgpu_vm_handle_fault writes the
 * no-retry marker (VALID | SYSTEM | PRT, no flush) for a compute VM, and
 * the access faults as without XNACK (IV without the retry bit, the
 * default page); a PTE the driver maps (SVM's svm_range_restore_pages)
 * makes it succeed. Range faults and the others need RETRY_OTHER_FAULT.
 */
static void test_retry_outcomes(Fixture *f, gconstpointer data)
{
    uint64_t root = alloc_vram_page(f), pte;
    const AemuIvEntry *iv;
    AemuXlate x;

    vm_context_enable(f->h, &gfxhub, 8, root, retry_cntl() |
                      VM_CONTEXT1_CNTL__READ_PROTECTION_FAULT_ENABLE_DEFAULT_MASK);
    aemu_test_wreg(f->h, gfxhub.fault_cntl,
                   VM_L2_PROTECTION_FAULT_CNTL__READ_PROTECTION_FAULT_ENABLE_DEFAULT_MASK);
    aemu_test_wreg(f->h, gfxhub.default_lo, 0x6000 >> 12);
    aemu_test_wreg(f->h, gfxhub.default_hi, 0);
    /* The default page in VRAM (out of reset it is in system memory). */
    aemu_test_wreg(f->h, gfxhub.l2_cntl, 0);
    pte = map_page(f, root, TEST_VA, AMDGPU_PTE_EXECUTABLE, 0);
    g_assert_cmpint(xlate(f, &tcp, 8, TEST_VA, false, &x), ==,
                    AEMU_MEM_RETRY);
    g_assert_cmpuint(ivs->len, ==, 1);

    /* The no-retry marker: a read fault, reported without retry. */
    aemu_test_put64(f->h->vram + pte, NORETRY_PTE);
    g_assert_cmpint(xlate(f, &tcp, 8, TEST_VA + 0x24, false, &x), ==,
                    AEMU_MEM_OK);
    g_assert_true(x.vram);
    g_assert_true(x.uncacheable);
    g_assert_cmphex(x.addr, ==, 0x6000 + 0x24);
    g_assert_cmpuint(ivs->len, ==, 2);
    iv = &g_array_index(ivs, AemuIvEntry, 1);
    g_assert_cmphex(iv->src_data[1] & IV_RETRY, ==, 0);
    g_assert_cmphex(iv->ring_id, ==, RING_PROT_READ);
    g_assert_cmpuint(f->h->guest_errors->len, ==, 1);

    /* Mapped after all: the access goes through. */
    aemu_test_put64(f->h->vram + pte, 0x720000 | PTE_RW);
    aemu_test_put32(f->h->vram + 0x720010, 0x5a5a);
    g_assert_cmphex(aemu_gpu_read32(f->h->dev, 8, TEST_VA + 0x10, &tcp, NULL),
                    ==, 0x5a5a);
    g_assert_cmpuint(ivs->len, ==, 2);

    /* Past the context's end: not retried without RETRY_OTHER_FAULT. */
    aemu_test_wreg(f->h, gfxhub.ctx0_end_lo + 2 * 8, 0xff);
    aemu_test_wreg(f->h, gfxhub.ctx0_end_lo + 2 * 8 + 1, 0);
    g_assert_cmpint(xlate(f, &tcp, 8, TEST_VA, false, &x), ==,
                    AEMU_MEM_FAULT);
    aemu_test_wreg(f->h, gfxhub.ctx0_cntl + 8,
                   aemu_test_rreg(f->h, gfxhub.ctx0_cntl + 8) |
                   VM_CONTEXT1_CNTL__RETRY_OTHER_FAULT_MASK);
    g_assert_cmpint(xlate(f, &tcp, 8, TEST_VA, false, &x), ==,
                    AEMU_MEM_RETRY);

    /* The MMHUB's contexts retry too: client VMC, its VMID. */
    vm_context_enable(f->h, &mmhub, 3, root, retry_cntl());
    {
        AemuMemClient c = mmhub.client;
        unsigned n = ivs->len;

        c.retry = true;
        map_page(f, root, TEST_VA + 5 * PAGE, 0, 0);
        g_assert_cmpint(xlate(f, &c, 3, TEST_VA + 5 * PAGE, false, &x), ==,
                        AEMU_MEM_RETRY);
        g_assert_cmpuint(ivs->len, ==, n + 1);
        iv = &g_array_index(ivs, AemuIvEntry, n);
        g_assert_cmpuint(iv->client_id, ==, SOC15_IH_CLIENTID_VMC);
        g_assert_true(iv->vmid_src);
        g_assert_cmphex(iv->src_data[1] & IV_RETRY, ==, IV_RETRY);
    }
}

/*
 * gfxhub_v1_0_setup_vmid_config sets the context's *_ENABLE_DEFAULT and
 * set_fault_enable_default(true) the L2's: the access lands on the dummy
 * page. With amdgpu.vm_fault_stop the L2 bits are clear: it faults.
 */
static void test_default_page(Fixture *f, gconstpointer data)
{
    /*
     * Out of reset both hubs put the default page in system memory, where
     * amdgpu's dummy page is: it never sets the bit on Vega.
     */
    g_assert_true(aemu_test_rreg(f->h, GC_mmVM_L2_CNTL) &
                  VM_L2_CNTL__ENABLE_DEFAULT_PAGE_OUT_TO_SYSTEM_MEMORY_MASK);
    g_assert_true(aemu_test_rreg(f->h, MMHUB_mmVM_L2_CNTL) &
                  VM_L2_CNTL__ENABLE_DEFAULT_PAGE_OUT_TO_SYSTEM_MEMORY_MASK);
    uint64_t root = alloc_vram_page(f);
    AemuMemStatus st;

    vm_context_enable(f->h, &gfxhub, 2, root,
                      VM_CONTEXT1_CNTL__VALID_PROTECTION_FAULT_ENABLE_DEFAULT_MASK |
                      VM_CONTEXT1_CNTL__VALID_PROTECTION_FAULT_ENABLE_INTERRUPT_MASK);
    map_page(f, root, TEST_VA, 0, 0);
    aemu_test_wreg(f->h, gfxhub.default_lo, 0x6000 >> 12);
    aemu_test_wreg(f->h, gfxhub.default_hi, 0);
    aemu_test_wreg(f->h, gfxhub.l2_cntl,
                   AEMU_REG_SET(0, VM_L2_CNTL,
                                ENABLE_DEFAULT_PAGE_OUT_TO_SYSTEM_MEMORY, 1));
    aemu_test_put32(f->h->ram + 0x6000 + 0x24, 0xd0d0);

    gpu_read32(f->h, &gfxhub, 2, TEST_VA + 0x24, &st);
    g_assert_cmpint(st, ==, AEMU_MEM_FAULT);
    aemu_test_wreg(f->h, gfxhub.fault_cntl,
                   VM_L2_PROTECTION_FAULT_CNTL__VALID_PROTECTION_FAULT_ENABLE_DEFAULT_MASK);
    g_assert_cmphex(gpu_read32(f->h, &gfxhub, 2, TEST_VA + 0x24, &st), ==,
                    0xd0d0);
    g_assert_cmpint(st, ==, AEMU_MEM_OK);
    /* Reported all the same, each time. */
    g_assert_cmpuint(ivs->len, ==, 2);
    g_assert_cmphex(aemu_test_rreg(f->h, gfxhub.status), !=, 0);
}

/*
 * gmc_v9_0_flush_gpu_tlb on engine 17 and the rings' engines: ACK shows
 * the VMIDs of the last REQ per engine and hub; SEM is a semaphore.
 */
static void test_invalidate_engines(Fixture *f, gconstpointer data)
{
    AemuTestHost *h = f->h;
    uint32_t req = AEMU_REG_SET(0, VM_INVALIDATE_ENG0_REQ,
                                PER_VMID_INVALIDATE_REQ, 1u << 3);
    uint32_t ack;
    uint64_t gen;

    req = AEMU_REG_SET(req, VM_INVALIDATE_ENG0_REQ, INVALIDATE_L2_PTES, 1);
    req = AEMU_REG_SET(req, VM_INVALIDATE_ENG0_REQ, INVALIDATE_L1_PTES, 1);
    g_assert_cmphex(aemu_test_rreg(h, MMHUB_mmVM_INVALIDATE_ENG17_SEM), ==,
                    VM_INVALIDATE_ENG0_SEM__SEMAPHORE_MASK);
    gen = h->dev->xlate_gen;
    aemu_test_wreg(h, MMHUB_mmVM_INVALIDATE_ENG17_REQ, req);
    g_assert_cmpuint(h->dev->xlate_gen, >, gen);
    ack = aemu_test_rreg(h, MMHUB_mmVM_INVALIDATE_ENG17_ACK);
    g_assert_cmphex(AEMU_REG_GET(ack, VM_INVALIDATE_ENG0_ACK,
                                 PER_VMID_INVALIDATE_ACK), ==, 1u << 3);
    /* Engines and hubs are separate. */
    g_assert_cmphex(aemu_test_rreg(h, GC_mmVM_INVALIDATE_ENG17_ACK), ==, 0);
    g_assert_cmphex(aemu_test_rreg(h, MMHUB_mmVM_INVALIDATE_ENG16_ACK), ==,
                    0);
    aemu_test_wreg(h, GC_mmVM_INVALIDATE_ENG0_REQ,
                   AEMU_REG_SET(0, VM_INVALIDATE_ENG0_REQ,
                                PER_VMID_INVALIDATE_REQ, 0x8001));
    g_assert_cmphex(aemu_test_rreg(h, GC_mmVM_INVALIDATE_ENG0_ACK), ==,
                    0x8001);
    g_assert_cmphex(aemu_test_rreg(h, GC_mmVM_INVALIDATE_ENG0_REQ), ==,
                    0x8001);
    /* The guest cannot write ACK. */
    aemu_test_wreg(h, GC_mmVM_INVALIDATE_ENG0_ACK, 0);
    g_assert_cmphex(aemu_test_rreg(h, GC_mmVM_INVALIDATE_ENG0_ACK), ==,
                    0x8001);

    /* The semaphore: taken by the first read, free again after a 0. */
    g_assert_cmphex(aemu_test_rreg(h, MMHUB_mmVM_INVALIDATE_ENG17_SEM), ==,
                    0);
    g_assert_cmphex(aemu_test_rreg(h, GC_mmVM_INVALIDATE_ENG17_SEM), ==, 1);
    aemu_test_wreg(h, MMHUB_mmVM_INVALIDATE_ENG17_SEM, 0);
    g_assert_cmphex(aemu_test_rreg(h, MMHUB_mmVM_INVALIDATE_ENG17_SEM), ==,
                    1);
    g_assert_cmphex(aemu_test_rreg(h, MMHUB_mmVM_INVALIDATE_ENG5_SEM), ==, 1);
    /* A reset frees every semaphore. */
    aemu_device_reset(h->dev, AEMU_RESET_PCI_CONFIG);
    g_assert_cmphex(aemu_test_rreg(h, MMHUB_mmVM_INVALIDATE_ENG17_SEM), ==,
                    1);
    g_assert_cmpuint(h->guest_errors->len, ==, 0);
}

/* Writes to registers the walk depends on drop cached translations. */
static void test_vm_reg_writes_invalidate(Fixture *f, gconstpointer data)
{
    static const uint32_t regs[] = {
        GC_mmVM_CONTEXT1_CNTL, MMHUB_mmVM_CONTEXT15_CNTL,
        GC_mmVM_CONTEXT4_PAGE_TABLE_BASE_ADDR_HI32,
        MMHUB_mmVM_CONTEXT0_PAGE_TABLE_END_ADDR_LO32,
        GC_mmVM_L2_CNTL, MMHUB_mmVM_L2_PROTECTION_FAULT_CNTL,
        GC_mmMC_VM_FB_LOCATION_BASE, MMHUB_mmMC_VM_AGP_BOT,
        GC_mmMC_VM_SYSTEM_APERTURE_HIGH_ADDR,
    };

    for (unsigned i = 0; i < G_N_ELEMENTS(regs); i++) {
        uint64_t gen = f->h->dev->xlate_gen;

        aemu_test_wreg(f->h, regs[i], aemu_test_rreg(f->h, regs[i]));
        g_assert_cmpuint(f->h->dev->xlate_gen, >, gen);
    }
}

/*
 * A stream's cached translation holds until the driver invalidates, as a
 * TLB does; after the PTE change and VM_INVALIDATE_ENG*_REQ the new page
 * is read, cached or not.
 */
static void test_pte_change_then_invalidate(Fixture *f, gconstpointer data)
{
    uint64_t root = alloc_vram_page(f);
    AemuXlateCache cache = { 0 };
    uint32_t v = 0;
    uint64_t pte;

    vm_context_enable(f->h, &mmhub, 1, root, 0);
    pte = map_page(f, root, TEST_VA, 0x700000 | PTE_RW, 0);
    aemu_test_put32(f->h->vram + 0x700010, 0xaaaa);
    aemu_test_put32(f->h->vram + 0x710010, 0xbbbb);
    g_assert_cmphex(aemu_gpu_read32(f->h->dev, 1, TEST_VA + 0x10,
                                    &mmhub.client, NULL), ==, 0xaaaa);
    g_assert_cmpint(aemu_gpu_read_cached(f->h->dev, &cache, 1,
                                         TEST_VA + 0x10, &v, 4,
                                         &mmhub.client), ==, AEMU_MEM_OK);
    g_assert_cmphex(v, ==, 0xaaaa);

    aemu_test_put64(f->h->vram + pte, 0x710000 | PTE_RW);
    /* Not yet flushed: the stream still has the old page. */
    g_assert_cmpint(aemu_gpu_read_cached(f->h->dev, &cache, 1,
                                         TEST_VA + 0x10, &v, 4,
                                         &mmhub.client), ==, AEMU_MEM_OK);
    g_assert_cmphex(v, ==, 0xaaaa);

    aemu_test_wreg(f->h, MMHUB_mmVM_INVALIDATE_ENG0_REQ,
                   AEMU_REG_SET(0, VM_INVALIDATE_ENG0_REQ,
                                PER_VMID_INVALIDATE_REQ, 1u << 1));
    g_assert_cmphex(aemu_gpu_read32(f->h->dev, 1, TEST_VA + 0x10,
                                    &mmhub.client, NULL), ==, 0xbbbb);
    g_assert_cmpint(aemu_gpu_read_cached(f->h->dev, &cache, 1,
                                         TEST_VA + 0x10, &v, 4,
                                         &mmhub.client), ==, AEMU_MEM_OK);
    g_assert_cmphex(v, ==, 0xbbbb);
    g_assert_cmpuint(f->h->guest_errors->len, ==, 0);
}

/*
 * kgd_gfx_v9_set_pasid_vmid_mapping for VMID 8: the gfx hub's mapping,
 * wait for its update bit, clear it; then the MM hub's (bit 16 + 8).
 */
static void test_atc_pasid_mapping(Fixture *f, gconstpointer data)
{
    AemuTestHost *h = f->h;
    const uint32_t map = 0x8001 | ATC_VMID0_PASID_MAPPING__VALID_MASK;
    const unsigned vmid = 8;

    g_assert_cmphex(aemu_test_rreg(h, mmATC_VMID_PASID_MAPPING_UPDATE_STATUS),
                    ==, 0);
    aemu_test_wreg(h, mmATC_VMID0_PASID_MAPPING + vmid, map);
    g_assert_cmphex(aemu_test_rreg(h, mmATC_VMID_PASID_MAPPING_UPDATE_STATUS),
                    ==, 1u << vmid);
    aemu_test_wreg(h, mmATC_VMID_PASID_MAPPING_UPDATE_STATUS, 1u << vmid);
    g_assert_cmphex(aemu_test_rreg(h, mmATC_VMID_PASID_MAPPING_UPDATE_STATUS),
                    ==, 0);
    aemu_test_wreg(h, mmATC_VMID16_PASID_MAPPING + vmid, map);
    g_assert_cmphex(aemu_test_rreg(h, mmATC_VMID_PASID_MAPPING_UPDATE_STATUS),
                    ==, 1u << (16 + vmid));
    aemu_test_wreg(h, mmATC_VMID_PASID_MAPPING_UPDATE_STATUS,
                   1u << (16 + vmid));
    g_assert_cmphex(aemu_test_rreg(h, mmATC_VMID_PASID_MAPPING_UPDATE_STATUS),
                    ==, 0);
    g_assert_cmphex(aemu_test_rreg(h, mmATC_VMID0_PASID_MAPPING + vmid), ==,
                    map);
    g_assert_cmpuint(h->guest_errors->len, ==, 0);
}

#define ADD(path, fn) \
    g_test_add("/gmc-v9/" path, Fixture, NULL, setup_fn, fn, teardown_fn)

static void setup_fn(Fixture *f, gconstpointer data)
{
    setup(f);
}

static void teardown_fn(Fixture *f, gconstpointer data)
{
    teardown(f);
}

int main(int argc, char **argv)
{
    g_test_init(&argc, &argv, NULL);
    ADD("reset-values", test_reset_values);
    ADD("fb-aperture", test_fb_aperture);
    ADD("agp-and-system-aperture", test_agp_and_system_aperture);
    ADD("gart", test_gart);
    ADD("walk-per-hub", test_walk_per_hub);
    ADD("high-va", test_high_va);
    ADD("huge-page", test_huge_page);
    ADD("translate-further", test_translate_further);
    ADD("fault", test_fault);
    ADD("default-page", test_default_page);
    ADD("retry-fault", test_retry_fault);
    ADD("retry-dedup", test_retry_dedup);
    ADD("retry-outcomes", test_retry_outcomes);
    ADD("invalidate-engines", test_invalidate_engines);
    ADD("vm-reg-writes-invalidate", test_vm_reg_writes_invalidate);
    ADD("pte-change-then-invalidate", test_pte_change_then_invalidate);
    ADD("atc-pasid-mapping", test_atc_pasid_mapping);
    return g_test_run();
}
