/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Unit tests of the engines' translation caches and direct memory access
 * (xlate_cache.c) on the standalone host.
 *
 * The caches keep translations between TLB flushes, as the hardware's TLBs
 * do, so what must hold is that everything the drivers do to change a
 * translation reaches the engines: a PTE rewritten and flushed (from the
 * CPU, or from the ring itself as emit_vm_flush does), a page-table base
 * rewritten, a device reset. Each test first runs packets so the CP has a
 * translation cached, then changes it and checks where the next packet
 * comes from: two pages hold different packets at the same offset.
 *
 * Then the memory paths: a fault redirected to the default page is not
 * cached (it reports every time), copies give the same bytes and faults
 * pointer to pointer as through the bounce buffer, and bus memory a slice
 * maps is unmapped when the slice ends.
 */
#include <string.h>
#include "aemu-host.h"
#include "aemu-internal.h"
#include "pm4_cik.h"
#include "amdgpu-emu/regs/cik_regs.h"
#include "amdgpu-emu/regs/cik_fields.h"

#define MiB (1024ull * 1024ull)
#define RAM_SIZE (4 * MiB)
#define GPU_PAGE 4096ull

/* GART above VRAM mapping host RAM page i to GART page i (table 1). */
#define GART_MC         0x100000000ull
#define GART_PAGES      (RAM_SIZE / GPU_PAGE)
#define GART_TABLE      (1 * MiB)
/* A second table: the same, but the ring's page maps to PAGE_B. */
#define GART_TABLE2     (2 * MiB)
#define PTE_VALID       (1ull << 0)
#define PTE_SYSTEM      (1ull << 1)
#define PTE_READABLE    (1ull << 5)
#define PTE_WRITEABLE   (1ull << 6)
#define PTE_SYS_RW      (PTE_VALID | PTE_SYSTEM | PTE_READABLE | PTE_WRITEABLE)

/* Host RAM: the ring's page, its stand-in, the default page, data. */
#define PAGE_A          0x10000ull
#define PAGE_B          0x20000ull
#define DUMMY_PAGE      0x30000ull
#define DATA            0x100000ull
/* VRAM the copies use, clear of the two tables. */
#define VRAM_DATA       (8 * MiB)
/* What the copies may touch: 16 pages of each from DATA / VRAM_DATA. */
#define COPY_AREA       (16 * GPU_PAGE)

/* A one-page gfx ring: RB_BUFSZ is log2(bytes / 8). */
#define RING_DW         1024u
#define RING_ORDER      9u

/* VRAM for the FB-aperture test, and a moved framebuffer. */
#define VRAM_RING       (16 * MiB)
#define FB_MOVED_BASE   1u          /* MC_VM_FB_LOCATION units: 16 MiB */
#define MC_RING         (32 * MiB)  /* VRAM_RING with the FB moved */

/* One ms of virtual time: many scheduler slices. */
#define RUN_NS 1000000u

static const AemuMemClient test_client = { .name = "TEST" };

static uint64_t gart(uint64_t bus)
{
    return GART_MC + bus;
}

static void run(AemuTestHost *h)
{
    aemu_test_host_advance(h, RUN_NS);
}

static void put_pte(AemuTestHost *h, uint64_t table, uint64_t page,
                    uint64_t bus)
{
    aemu_test_put64(h->vram + table + 8 * page, bus | PTE_SYS_RW);
}

static AemuTestHost *setup(void)
{
    AemuTestHost *h = aemu_test_host_new(NULL, 0, RAM_SIZE);

    for (uint64_t i = 0; i < GART_PAGES; i++) {
        put_pte(h, GART_TABLE, i, i * GPU_PAGE);
        put_pte(h, GART_TABLE2, i, i * GPU_PAGE);
    }
    put_pte(h, GART_TABLE2, PAGE_A / GPU_PAGE, PAGE_B);
    aemu_test_gart_enable(h, GART_MC, GART_PAGES, GART_TABLE, 0);
    return h;
}

/* A SET_UCONFIG_REG of SCRATCH_REG0 at dword dw of a ring page. */
static void put_scratch(uint8_t *page, unsigned dw, uint32_t v)
{
    aemu_test_put32(page + 4 * dw, PACKET3(PACKET3_SET_UCONFIG_REG, 1));
    aemu_test_put32(page + 4 * dw + 4,
                    mmSCRATCH_REG0 - PACKET3_SET_UCONFIG_REG_START);
    aemu_test_put32(page + 4 * dw + 8, v);
}

/* WRITE_DATA of one register, 5 dwords (gfx_v7_0_ring_emit_wreg). */
static void put_wreg(uint8_t *page, unsigned dw, uint32_t reg, uint32_t v)
{
    aemu_test_put32(page + 4 * dw, PACKET3(PACKET3_WRITE_DATA, 3));
    aemu_test_put32(page + 4 * dw + 4, WRITE_DATA_DST_SEL(0));
    aemu_test_put32(page + 4 * dw + 8, reg);
    aemu_test_put32(page + 4 * dw + 12, 0);
    aemu_test_put32(page + 4 * dw + 16, v);
}

/*
 * The gfx ring at MC address base, read pointer at rptr (written through
 * RB_RPTR_WR_ENA, as gfx_v7_0_cp_gfx_resume does), no read-pointer
 * write-back, the ME running.
 */
static void gfx_start(AemuTestHost *h, uint64_t base, uint32_t rptr)
{
    uint32_t cntl = RING_ORDER | CP_RB0_CNTL__RB_NO_UPDATE_MASK;

    aemu_test_wreg(h, mmCP_RB_VMID, 0);
    aemu_test_wreg(h, mmCP_RB0_BASE, (uint32_t)(base >> 8));
    aemu_test_wreg(h, mmCP_RB0_BASE_HI, (uint32_t)(base >> 40));
    aemu_test_wreg(h, mmCP_RB0_CNTL, cntl | CP_RB0_CNTL__RB_RPTR_WR_ENA_MASK);
    aemu_test_wreg(h, mmCP_RB0_WPTR, rptr);
    aemu_test_wreg(h, mmCP_RB0_CNTL, cntl);
    aemu_test_wreg(h, mmCP_ME_CNTL, 0);
}

static void commit(AemuTestHost *h, uint32_t wptr)
{
    aemu_test_wreg(h, mmCP_RB0_WPTR, wptr);
    run(h);
}

static uint32_t scratch(AemuTestHost *h)
{
    return aemu_test_rreg(h, mmSCRATCH_REG0);
}

/*
 * The ring's first packet runs from PAGE_A (the translation is now
 * cached); the next one is 0xa in PAGE_A and 0xb in PAGE_B.
 */
static AemuTestHost *ring_on_page_a(void)
{
    AemuTestHost *h = setup();

    put_scratch(h->ram + PAGE_A, 0, 1);
    put_scratch(h->ram + PAGE_A, 3, 0xa);
    put_scratch(h->ram + PAGE_B, 3, 0xb);
    gfx_start(h, gart(PAGE_A), 0);
    commit(h, 3);
    g_assert_cmphex(scratch(h), ==, 1);
    return h;
}

/* amdgpu_gart_bind: the CPU rewrites the PTE, then flushes the TLB. */
static void test_pte_rewrite_flush(void)
{
    AemuTestHost *h = ring_on_page_a();

    put_pte(h, GART_TABLE, PAGE_A / GPU_PAGE, PAGE_B);
    aemu_test_wreg(h, mmVM_INVALIDATE_REQUEST, 1);
    commit(h, 6);
    g_assert_cmphex(scratch(h), ==, 0xb);
    g_assert_cmpuint(h->guest_errors->len, ==, 0);
    aemu_test_host_free(h);
}

/*
 * gfx_v7_0_ring_emit_vm_flush: the flush is a packet of the ring itself,
 * and the packet after it must come through the new translation. The
 * flush sits at the same place in both pages, so the test does not
 * depend on whether it was fetched through the old one.
 */
static void test_pte_rewrite_flush_in_stream(void)
{
    AemuTestHost *h = ring_on_page_a();

    put_wreg(h->ram + PAGE_A, 3, mmVM_INVALIDATE_REQUEST, 1);
    put_wreg(h->ram + PAGE_B, 3, mmVM_INVALIDATE_REQUEST, 1);
    put_scratch(h->ram + PAGE_A, 8, 0xa);
    put_scratch(h->ram + PAGE_B, 8, 0xb);
    put_pte(h, GART_TABLE, PAGE_A / GPU_PAGE, PAGE_B);
    commit(h, 11);
    g_assert_cmphex(scratch(h), ==, 0xb);
    g_assert_cmpuint(h->guest_errors->len, ==, 0);
    aemu_test_host_free(h);
}

/* A new page-table base takes effect with no flush written. */
static void test_gart_base_rewrite(void)
{
    AemuTestHost *h = ring_on_page_a();

    aemu_test_wreg(h, mmVM_CONTEXT0_PAGE_TABLE_BASE_ADDR,
                   (uint32_t)(GART_TABLE2 / GPU_PAGE));
    commit(h, 6);
    g_assert_cmphex(scratch(h), ==, 0xb);
    g_assert_cmpuint(h->guest_errors->len, ==, 0);
    aemu_test_host_free(h);
}

/*
 * A ring in VRAM through the framebuffer aperture, moved up 16 MiB: MC
 * address MC_RING is VRAM offset VRAM_RING. After a device reset the
 * aperture is back at 0, so the same MC address is VRAM offset MC_RING;
 * nothing but the reset tells the CP (the ring registers written again
 * are not VM registers).
 */
static void test_device_reset(void)
{
    AemuTestHost *h = aemu_test_host_new(NULL, 0, RAM_SIZE);
    uint32_t fb = aemu_test_rreg(h, mmMC_VM_FB_LOCATION);
    uint32_t top = fb >> MC_VM_FB_LOCATION__FB_TOP__SHIFT;

    aemu_test_wreg(h, mmMC_VM_FB_LOCATION,
                   (top + FB_MOVED_BASE) << MC_VM_FB_LOCATION__FB_TOP__SHIFT |
                   FB_MOVED_BASE);
    put_scratch(h->vram + VRAM_RING, 0, 1);
    put_scratch(h->vram + VRAM_RING, 3, 0xa);
    put_scratch(h->vram + MC_RING, 3, 0xb);
    gfx_start(h, MC_RING, 0);
    commit(h, 3);
    g_assert_cmphex(scratch(h), ==, 1);

    aemu_device_reset(h->dev, AEMU_RESET_COLD);
    g_assert_cmphex(aemu_test_rreg(h, mmMC_VM_FB_LOCATION), ==, fb);
    gfx_start(h, MC_RING, 3);
    commit(h, 6);
    g_assert_cmphex(scratch(h), ==, 0xb);
    g_assert_cmpuint(h->guest_errors->len, ==, 0);
    aemu_test_host_free(h);
}

static unsigned count_errors(AemuTestHost *h, const char *what)
{
    unsigned n = 0;

    for (guint i = 0; i < h->guest_errors->len; i++) {
        n += strstr(g_ptr_array_index(h->guest_errors, i), what) != NULL;
    }
    return n;
}

/*
 * A user VM whose page 0 is invalid, with faults of that kind sent to the
 * default page (gmc_v7_0_set_fault_enable_default): each read of it is
 * served from the default page and reported, the second one too.
 */
static void test_fault_not_cached(void)
{
    AemuTestHost *h = setup();
    AemuXlateCache c = { 0 };
    uint32_t v = 0;

    memset(h->ram + DUMMY_PAGE, 0x5a, GPU_PAGE);
    aemu_test_put64(h->vram + GART_TABLE2, 0);
    aemu_test_wreg(h, mmVM_CONTEXT1_PAGE_TABLE_START_ADDR, 0);
    aemu_test_wreg(h, mmVM_CONTEXT1_PAGE_TABLE_END_ADDR, GART_PAGES - 1);
    aemu_test_wreg(h, mmVM_CONTEXT0_PAGE_TABLE_BASE_ADDR + 1,
                   (uint32_t)(GART_TABLE2 / GPU_PAGE));
    aemu_test_wreg(h, mmVM_CONTEXT1_PROTECTION_FAULT_DEFAULT_ADDR,
                   (uint32_t)(DUMMY_PAGE / GPU_PAGE));
    aemu_test_wreg(h, mmVM_CONTEXT1_CNTL,
        VM_CONTEXT1_CNTL__ENABLE_CONTEXT_MASK |
        VM_CONTEXT1_CNTL__VALID_PROTECTION_FAULT_ENABLE_DEFAULT_MASK);

    for (unsigned i = 0; i < 2; i++) {
        g_assert_cmpint(aemu_gpu_read_cached(h->dev, &c, 1, 0x40, &v, 4,
                                             &test_client), ==, AEMU_MEM_OK);
        g_assert_cmphex(v, ==, 0x5a5a5a5a);
        g_assert_cmpuint(count_errors(h, "VM fault"), ==, i + 1);
    }
    aemu_test_host_free(h);
}

/* A copy case: GPU addresses, length; each run on fresh, seeded memory. */
typedef struct CopyCase {
    const char *what;
    uint64_t dst, src;
    size_t len;
    AemuCopyResult result;
} CopyCase;

static void fill_random(uint8_t *p, size_t len, uint32_t seed)
{
    GRand *r = g_rand_new_with_seed(seed);

    for (size_t i = 0; i < len; i += 4) {
        uint32_t v = g_rand_int(r);

        memcpy(p + i, &v, MIN(4, len - i));
    }
    g_rand_free(r);
}

/* Run c on a fresh host; direct: whether the host offers dma_map. */
static AemuTestHost *run_copy(const CopyCase *c, bool direct,
                              uint64_t *bytes)
{
    AemuTestHost *h = setup();
    g_autofree uint8_t *bounce = g_malloc(AEMU_COPY_MAX_BYTES);

    if (!direct) {
        h->dev->host.dma_map = NULL;
    }
    fill_random(h->ram + DATA, COPY_AREA, 1);
    fill_random(h->vram + VRAM_DATA, COPY_AREA, 2);
    g_assert_cmpint(aemu_gpu_copy(h->dev, 0, c->dst, c->src, c->len, bounce,
                                  &test_client), ==, c->result);
    *bytes = 0;
    for (unsigned i = 0; i < AEMU_PATH_COUNT; i++) {
        *bytes += h->dev->sched.bytes.n[i];
    }
    return h;
}

/*
 * aemu_gpu_copy pointer to pointer (the standalone host maps its RAM)
 * against the same copy through the bounce buffer (no dma_map): the same
 * result, memory, bytes counted and errors, overlaps and faults included.
 */
static void test_copy_paths(void)
{
    const uint64_t vram = VRAM_DATA, sys = gart(DATA);
    const CopyCase cases[] = {
        { "VRAM -> VRAM", vram + 0x8000, vram + 3, 0x4000, AEMU_COPY_OK },
        { "GART -> VRAM across pages", vram + 0x10, sys + 0x123, 0x6000,
          AEMU_COPY_OK },
        { "VRAM -> GART across pages", sys + 0xff0, vram + 0x20, 0x5000,
          AEMU_COPY_OK },
        { "GART -> GART", sys + 0x9001, sys + 0x7, 0x3000, AEMU_COPY_OK },
        { "VRAM overlap, dst ahead", vram + 0x100, vram, 0x4000,
          AEMU_COPY_OK },
        { "VRAM overlap, dst behind", vram, vram + 0x100, 0x4000,
          AEMU_COPY_OK },
        { "GART overlap, dst ahead", sys + 0x1800, sys + 0x800, 0x4000,
          AEMU_COPY_OK },
        { "source past the GART", vram, gart(RAM_SIZE - 0x1000), 0x2000,
          AEMU_COPY_SRC_FAILED },
        { "destination past the GART", gart(RAM_SIZE - 0x1000), vram,
          0x2000, AEMU_COPY_DST_FAILED },
    };

    for (size_t i = 0; i < G_N_ELEMENTS(cases); i++) {
        uint64_t direct_bytes, bounce_bytes;
        AemuTestHost *a = run_copy(&cases[i], true, &direct_bytes);
        AemuTestHost *b = run_copy(&cases[i], false, &bounce_bytes);

        g_test_message("%s", cases[i].what);
        g_assert_cmpmem(a->ram, RAM_SIZE, b->ram, RAM_SIZE);
        g_assert_cmpmem(a->vram + VRAM_DATA, COPY_AREA, b->vram + VRAM_DATA,
                        COPY_AREA);
        g_assert_cmpuint(direct_bytes, ==, bounce_bytes);
        g_assert_cmpuint(a->guest_errors->len, ==, b->guest_errors->len);
        if (cases[i].result == AEMU_COPY_OK) {
            g_assert_cmpuint(a->guest_errors->len, ==, 0);
        }
        aemu_test_host_free(a);
        aemu_test_host_free(b);
    }
}

/* A host that must unmap (as QEMU's): maps and unmaps counted. */
static unsigned maps, unmaps;

static void *counting_map(void *opaque, uint64_t addr, uint64_t *len,
                          bool write)
{
    AemuTestHost *h = opaque;

    if (addr >= h->ram_size) {
        return NULL;
    }
    *len = MIN(*len, h->ram_size - addr);
    maps++;
    return h->ram + addr;
}

static void counting_unmap(void *opaque, void *ptr, uint64_t len, bool write,
                           uint64_t written)
{
    unmaps++;
}

/*
 * The ring in bus memory through the GART, on a host whose mappings must
 * be released: the CP fetches through held mappings, and none survives
 * the slice that made it.
 */
static void test_bus_maps_released(void)
{
    AemuTestHost *h = setup();

    maps = unmaps = 0;
    h->dev->host.dma_map = counting_map;
    h->dev->host.dma_unmap = counting_unmap;
    for (unsigned i = 0; i < RING_DW / 3; i++) {
        put_scratch(h->ram + PAGE_A, 3 * i, i);
    }
    gfx_start(h, gart(PAGE_A), 0);
    commit(h, 3 * (RING_DW / 3 - 1));
    g_assert_cmphex(scratch(h), ==, RING_DW / 3 - 2);
    g_assert_cmpuint(maps, >, 0);
    g_assert_cmpuint(unmaps, ==, maps);
    g_assert_cmpuint(h->dev->num_bus_maps, ==, 0);
    aemu_test_host_free(h);
}

int main(int argc, char **argv)
{
    g_test_init(&argc, &argv, NULL);
    g_test_add_func("/xlate/cp/pte-rewrite-flush", test_pte_rewrite_flush);
    g_test_add_func("/xlate/cp/pte-rewrite-flush-in-stream",
                    test_pte_rewrite_flush_in_stream);
    g_test_add_func("/xlate/cp/gart-base-rewrite", test_gart_base_rewrite);
    g_test_add_func("/xlate/cp/device-reset", test_device_reset);
    g_test_add_func("/xlate/fault-not-cached", test_fault_not_cached);
    g_test_add_func("/xlate/copy-paths", test_copy_paths);
    g_test_add_func("/xlate/bus-maps-released", test_bus_maps_released);
    return g_test_run();
}
