/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Hostile guests on the Vega10 chip: the counterparts of test-hostile.c's
 * Hawaii checks on the SOC15 blocks (GFX 9.0's CP and KIQ, SDMA 4.0, GMC
 * 9.0, the OSS 4.0 IH, NBIO 6.1 and the doorbell router), plus attacks
 * only SOC15 offers: 4-level page tables, the invalidation semaphores, the
 * KIQ's queue-management packets, 64-bit write pointers and doorbells.
 * Each test is a guest action that must be harmless to the host (no
 * crash, hang, unbounded allocation or memory access outside what the
 * GMC translates), and asserts the concrete harmless outcome: the engine
 * stopped (and says so), the fault latched, the buffer around the target
 * untouched, the per-slice work bounded.
 *
 * Unlike the block tests (test-gfx-v9-cp.c, test-sdma-v4.c), these run on
 * the chip's own GMC: kernel rings, MQDs and write-back slots live in VRAM
 * and are reached through the FB aperture of VMID 0 (VRAM at MC
 * FB_MC_BASE), user streams through 4-level tables built as
 * amdgpu_vm_pt.c lays them out. Where a test looks at IVs it stands in for
 * the IH (d->ih_submit), as the block tests do; the IH tests run the IH.
 */
#include <string.h>
#include "aemu-host.h"
#include "aemu-internal.h"
#include "pm4_soc15.h"
#include "sdma_common.h"
#include "sdma_v4_0_pkt.h"
#include "vega10_utcl2_cid.h"
#include "amdgpu-emu/regs/vega10_regs.h"
#include "amdgpu-emu/regs/vega10_fields.h"

#define RUN_NS 1000000ull

/*
 * The accessors hostile-vega10-driver.h's driver steps go through: here the
 * core itself, its VRAM a host buffer.
 */
typedef AemuTestHost Host;

static uint32_t rreg(Host *h, uint32_t dw)
{
    return aemu_test_rreg(h, dw);
}

static void wreg(Host *h, uint32_t dw, uint32_t v)
{
    aemu_test_wreg(h, dw, v);
}

static void vram_w32(Host *h, uint64_t off, uint32_t v)
{
    aemu_test_put32(h->vram + off, v);
}

static uint32_t vram_r32(Host *h, uint64_t off)
{
    return aemu_test_get32(h->vram + off);
}

static void vram_w64(Host *h, uint64_t off, uint64_t v)
{
    aemu_test_put64(h->vram + off, v);
}

static void vram_zero(Host *h, uint64_t off, uint64_t len)
{
    memset(h->vram + off, 0, len);
}

/* n copies of the dword v at off. */
static void vram_fill(Host *h, uint64_t off, uint32_t v, unsigned n)
{
    for (unsigned i = 0; i < n; i++) {
        aemu_test_put32(h->vram + off + 4ull * i, v);
    }
}

/* A doorbell write of size bytes at the doorbell BAR's offset at. */
static void doorbell_write(Host *h, uint64_t at, uint64_t v, unsigned size)
{
    aemu_doorbell_write(h->dev, at, v, size);
}

#include "hostile-vega10-driver.h"

/* ---- The host, IVs, memory ------------------------------------------- */

static GArray *ivs;             /* AemuIvEntry, when a test captures them */

static void capture_iv(AemuDevice *d, const AemuIvEntry *iv)
{
    g_array_append_val(ivs, *iv);
}

static unsigned iv_count(unsigned client, unsigned src)
{
    unsigned n = 0;

    for (guint i = 0; i < ivs->len; i++) {
        const AemuIvEntry *iv = &g_array_index(ivs, AemuIvEntry, i);

        n += iv->client_id == client && iv->src_id == src;
    }
    return n;
}

static AemuTestHost *vega10(void)
{
    AemuTestHost *h = aemu_test_host_new_asic(&aemu_asic_vega10, 0,
                                              RAM_SIZE);

    if (ivs) {
        g_array_free(ivs, true);
    }
    ivs = g_array_new(false, true, sizeof(AemuIvEntry));
    next_pt = PT_VRAM;
    return h;
}

/* The test takes the IVs instead of the IH. */
static AemuTestHost *vega10_capturing(void)
{
    AemuTestHost *h = vega10();

    h->dev->ih_submit = capture_iv;
    return h;
}

static void done(AemuTestHost *h)
{
    aemu_test_host_free(h);
    g_array_free(ivs, true);
    ivs = NULL;
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

static bool has_unimp(AemuTestHost *h, const char *what)
{
    for (guint i = 0; i < h->unimps->len; i++) {
        if (strstr(g_ptr_array_index(h->unimps, i), what)) {
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

/*
 * ---- Beyond hostile-vega10-driver.h: what only these tests use --------
 * ---- GMC 9.0: hubs and 4-level tables (test-gmc-v9.c) -----------------
 */

/* The CP's fetch client on the GFXHUB, as test-gmc-v9.c reads with it. */
static const AemuMemClient cpf = {
    .name = "CPF", .id = 4, .hub = AEMU_HUB_GFX,
    .utcl2_cid = { VEGA10_GFXHUB_CID_CPF, VEGA10_GFXHUB_CID_CPF },
};

/* The entry of va's in the table of a level (3: PDB2 ... 0: PTB). */
static uint64_t entry_of(uint64_t table, uint64_t va, int level)
{
    return table + ((va >> (12 + 9 * level)) & (PD_ENTRIES - 1)) * PDE_BYTES;
}

/*
 * Map the page at va through PDB2 -> PDB1 -> PDB0 -> PTB, allocating the
 * tables; stop_level 1 writes leaf into the PDB0 entry (2 MiB PDE-as-PTE).
 */
static uint64_t map_page(AemuTestHost *h, uint64_t root, uint64_t va,
                         uint64_t leaf, int stop_level)
{
    uint64_t table = root;

    for (int level = VM_LEVELS - 1; level >= 0; level--) {
        uint64_t entry = entry_of(table, va, level);
        uint64_t e;

        if (level == stop_level) {
            aemu_test_put64(h->vram + entry, leaf);
            return entry;
        }
        e = aemu_test_get64(h->vram + entry);
        if (!(e & AMDGPU_PTE_VALID)) {
            e = pt_alloc(h) | AMDGPU_PTE_VALID;
            aemu_test_put64(h->vram + entry, e);
        }
        table = e & TABLE_ADDR_MASK;
    }
    g_assert_not_reached();
}

/* A user VMID on a hub with the page at va onto VRAM at vram. */
static void user_map(AemuTestHost *h, const Hub *hub, unsigned vmid,
                     uint64_t va, uint64_t vram)
{
    uint64_t root = pt_alloc(h);

    vm_context_enable(h, hub, vmid, root, 0);
    map_page(h, root, va, vram | PTE_RW, 0);
}

/* ---- The gfx ring (gfx_v9_0_cp_gfx_resume, in VRAM) -------------------- */

static void put_write_data_reg(Stream *s, uint32_t reg, uint32_t v)
{
    put(s, PACKET3(PACKET3_WRITE_DATA, 3));
    put(s, WRITE_DATA_DST_SEL(PM4_DST_SEL_REGISTER));
    put(s, reg);
    put(s, 0);
    put(s, v);
}

/* ---- SDMA 4.0 (sdma_v4_0_gfx_resume, ring in VRAM) --------------------- */

/* An IB's packets at vram, written as a ring's. */
static SdmaRing sdma_ib_image(AemuTestHost *h, uint64_t vram)
{
    return (SdmaRing) { .h = h, .vram = vram, .size_dw = PAGE / 4 };
}

static bool sdma_inside_ib(AemuTestHost *h, unsigned inst)
{
    return aemu_test_rreg(h, SREG(inst, mmSDMA0_STATUS_REG)) &
           SDMA0_STATUS_REG__INSIDE_IB_MASK;
}

/* ==== The scheduler ==================================================== */

/*
 * test-hostile's self-kicking ring on gfx9: a kernel ring whose own
 * WRITE_DATAs move CP_RB0_WPTR past each other never drains. One slice
 * must not ask for the next at the same virtual time, and time passing
 * runs a bounded number of slices.
 */
static void test_self_kicking_gfx_ring_keeps_slice_gap(void)
{
    AemuTestHost *h = vega10();
    const uint32_t half = GFX_RING_DW / 2, pkt_dw = 5, start = pkt_dw + 1;
    uint64_t t0;

    gfx_ring_fill_nops(h, GFX_RING_VRAM);
    for (unsigned k = 0; k < 2; k++) {
        Stream s = { h, GFX_RING_VRAM, k * half };

        put_write_data_reg(&s, mmCP_RB0_WPTR, k ? start : half + start);
    }
    gfx_ring_start(h, 0, fb(GFX_RING_VRAM), GFX_RING_ORDER);
    aemu_test_wreg(h, mmCP_RB0_WPTR, start);
    g_assert_cmpuint(h->timer_deadline, ==, h->now_ns);

    t0 = h->now_ns;
    h->timer_deadline = UINT64_MAX;
    aemu_timer_expired(h->dev);
    /* The slice's budget, or its time (the packets' modelled cost). */
    g_assert_cmpuint(engine_packets(h, "gfx"), <=, AEMU_SLICE_BUDGET);
    g_assert_cmpuint(engine_packets(h, "gfx"), >, 0);
    g_assert_cmpuint(h->timer_deadline, !=, UINT64_MAX);
    g_assert_cmpuint(h->timer_deadline, >, t0);

    run(h);
    g_assert_cmpuint(engine_packets(h, "gfx"), <=,
                     (RUN_NS / AEMU_SLICE_NS + 2) *
                     (uint64_t)AEMU_SLICE_BUDGET);
    g_assert_true(gfx_busy(h));
    g_assert_cmpuint(h->guest_errors->len, ==, 0);
    done(h);
}

/*
 * The same on SDMA 4.0: two SRBM_WRITEs of the queue's own RB_WPTR (the
 * kernel's streams may write registers) chase each other round the ring.
 */
static void test_self_kicking_sdma_ring_keeps_slice_gap(void)
{
    AemuTestHost *h = vega10();
    const uint32_t half = SDMA_RING_DW / 2, start = 3;
    SdmaRing r = sdma_ring(h, 0);
    uint64_t t0;

    for (uint32_t i = 0; i < SDMA_RING_DW; i++) {
        vram_w32(h, SDMA_RING_VRAM(0) + 4ull * i, SDMA_NOP);
    }
    for (unsigned k = 0; k < 2; k++) {
        r.wptr = k * half;
        sdma_wreg(&r, mmSDMA0_GFX_RB_WPTR, 4 * (k ? start : half + start));
    }
    aemu_test_wreg(h, mmSDMA0_GFX_RB_WPTR, 4 * start);
    g_assert_cmpuint(h->timer_deadline, ==, h->now_ns);

    t0 = h->now_ns;
    h->timer_deadline = UINT64_MAX;
    aemu_timer_expired(h->dev);
    g_assert_cmpuint(engine_packets(h, "sdma0"), >, 0);
    g_assert_cmpuint(engine_packets(h, "sdma0"), <=, AEMU_SLICE_BUDGET);
    g_assert_cmpuint(h->timer_deadline, !=, UINT64_MAX);
    g_assert_cmpuint(h->timer_deadline, >, t0);

    run(h);
    g_assert_cmpuint(engine_packets(h, "sdma0"), <=,
                     (RUN_NS / AEMU_SLICE_NS + 2) *
                     (uint64_t)AEMU_SLICE_BUDGET);
    g_assert_false(sdma_idle(h, 0));
    g_assert_cmpuint(h->guest_errors->len, ==, 0);
    done(h);
}

/* test-hostile's type-0 cost on the gfx9 ring: charged by size. */
static void test_type0_costs_by_size(void)
{
    AemuTestHost *h = vega10();
    const uint32_t n = 1024;        /* the SET_CONTEXT_REG window */
    Stream s = { h, GFX_RING_VRAM, 0 };

    gfx_ring_fill_nops(h, GFX_RING_VRAM);
    put(&s, PACKET0(PACKET3_SET_CONTEXT_REG_START, n - 1));
    for (uint32_t i = 0; i < n; i++) {
        put(&s, i);
    }
    gfx_ring_start(h, 0, fb(GFX_RING_VRAM), GFX_RING_ORDER);
    aemu_test_wreg(h, mmCP_RB0_WPTR, 1 + n);
    run(h);
    g_assert_cmpuint(aemu_test_rreg(h, mmCP_RB0_RPTR), ==, 1 + n);
    g_assert_cmphex(aemu_test_rreg(h, PACKET3_SET_CONTEXT_REG_START + n - 1),
                    ==, n - 1);
    g_assert_cmpuint(engine_packets(h, "gfx"), ==, 1 + n / 256);
    done(h);
}

/* test-hostile's DMA_DATA-to-a-register cost on gfx9: per dword. */
static void test_dma_data_registers_cost_by_dword(void)
{
    AemuTestHost *h = vega10();
    const uint32_t bytes = 64 * 1024;
    Stream s = { h, GFX_RING_VRAM, 0 };

    gfx_ring_fill_nops(h, GFX_RING_VRAM);
    put(&s, PACKET3(PACKET3_DMA_DATA, 5));
    put(&s, PM4_DMA_DATA_SRC_SEL_DATA << PM4_DMA_DATA_SRC_SEL_SHIFT);
    put(&s, MAGIC0);
    put(&s, 0);
    put(&s, mmSCRATCH_REG0 * 4);
    put(&s, 0);
    put(&s, PACKET3_DMA_DATA_CMD_DAS | PACKET3_DMA_DATA_CMD_DAIC | bytes);
    gfx_ring_start(h, 0, fb(GFX_RING_VRAM), GFX_RING_ORDER);
    aemu_test_wreg(h, mmCP_RB0_WPTR, s.at);
    run(h);
    g_assert_cmpuint(aemu_test_rreg(h, mmCP_RB0_RPTR), ==, s.at);
    g_assert_cmphex(aemu_test_rreg(h, mmSCRATCH_REG0), ==, MAGIC0);
    g_assert_cmpuint(engine_packets(h, "gfx"), ==, 1 + bytes / 4 / 256);
    done(h);
}

/* ==== Privilege ======================================================== */

/*
 * test-hostile's user ring on gfx9: a gfx ring in a process's VMID
 * (CP_RB_VMID 3, its pages through the GFXHUB's 4-level tables) is a user
 * stream; a type-0 register write there is a privileged instruction. The
 * ring stops with PRIV_INSTR status and IV 185.
 */
static void test_user_vmid_ring_unprivileged(void)
{
    AemuTestHost *h = vega10_capturing();
    Stream s = { h, IB_VRAM, 0 };
    const AemuIvEntry *iv;

    user_map(h, &gfxhub, USER_GFX_VMID, USER_VA, IB_VRAM);
    put(&s, PACKET0(mmSCRATCH_REG0, 0));
    put(&s, BAD_VALUE);
    aemu_test_wreg(h, mmCP_INT_CNTL_RING0,
                   CP_INT_CNTL_RING0__PRIV_INSTR_INT_ENABLE_MASK);
    gfx_ring_start(h, USER_GFX_VMID, USER_VA, GFX_RING_ORDER);
    aemu_test_wreg(h, mmCP_RB0_WPTR, s.at);
    run(h);
    g_assert_cmphex(aemu_test_rreg(h, mmSCRATCH_REG0), ==, 0);
    g_assert_true(aemu_test_rreg(h, mmCP_INT_STATUS_RING0) &
                  CP_INT_STATUS_RING0__PRIV_INSTR_INT_STAT_MASK);
    g_assert_cmphex(aemu_test_rreg(h, mmCP_ME_HEADER_DUMP), ==,
                    PACKET0(mmSCRATCH_REG0, 0));
    g_assert_cmpuint(iv_count(CLIENT_GRBM_CP, SRC_CP_PRIV_INSTR), ==, 1);
    iv = &g_array_index(ivs, AemuIvEntry, 0);
    g_assert_cmphex(iv->ring_id, ==, 0);
    g_assert_true(gfx_busy(h));
    g_assert_true(has_error(h, "on a user ring"));
    g_assert_cmpuint(aemu_test_rreg(h, mmCP_RB0_RPTR), ==, 0);
    done(h);
}

/*
 * A user IB (VMID 3, called from the kernel ring) may reach only the
 * SH, context and uconfig windows: WRITE_DATA to the page-table base of
 * VM context 0 (libdrm's "illegal reg access test") and COPY_DATA from an
 * invalidation semaphore (whose read would take it) stop the ring with a
 * privileged-register fault; neither register is touched.
 */
static void test_user_ib_privileged_registers(void)
{
    static const uint32_t priv_reg = GC_mmVM_CONTEXT0_PAGE_TABLE_BASE_ADDR_LO32;
    static const uint32_t sem = GC_mmVM_INVALIDATE_ENG0_SEM;

    for (unsigned k = 0; k < 2; k++) {
        AemuTestHost *h = vega10_capturing();
        Stream ib = { h, IB_VRAM, 0 }, ring = { h, GFX_RING_VRAM, 0 };

        user_map(h, &gfxhub, USER_GFX_VMID, USER_VA, IB_VRAM);
        if (k == 0) {
            put_write_data_reg(&ib, priv_reg, BAD_VALUE);
        } else {
            put(&ib, PACKET3(PACKET3_COPY_DATA, 4));
            put(&ib, PM4_COPY_DATA_SEL_REG |
                     PM4_COPY_DATA_SEL_MEMORY << PM4_COPY_DATA_DST_SEL_SHIFT);
            put(&ib, sem);
            put(&ib, 0);
            put(&ib, (uint32_t)USER_VA + 0x800);
            put(&ib, 0);
        }
        gfx_ring_fill_nops(h, GFX_RING_VRAM);
        put_ib(&ring, USER_VA, ib.at, USER_GFX_VMID);
        put_set_uconfig(&ring, mmSCRATCH_REG0, MAGIC0);
        aemu_test_wreg(h, mmCP_INT_CNTL_RING0,
                       CP_INT_CNTL_RING0__PRIV_REG_INT_ENABLE_MASK);
        gfx_ring_start(h, 0, fb(GFX_RING_VRAM), GFX_RING_ORDER);
        aemu_test_wreg(h, mmCP_RB0_WPTR, ring.at);
        run(h);
        g_assert_cmphex(aemu_test_rreg(h, priv_reg), ==, 0);
        /* The semaphore is still free: this read takes it. */
        g_assert_cmphex(aemu_test_rreg(h, sem), ==,
                        VM_INVALIDATE_ENG0_SEM__SEMAPHORE_MASK);
        g_assert_true(aemu_test_rreg(h, mmCP_INT_STATUS_RING0) &
                      CP_INT_STATUS_RING0__PRIV_REG_INT_STAT_MASK);
        g_assert_cmpuint(iv_count(CLIENT_GRBM_CP, SRC_CP_PRIV_REG), ==, 1);
        g_assert_true(has_error(h, "privileged register"));
        /* Stopped inside the IB: the ring's next packet did not run. */
        g_assert_cmphex(aemu_test_rreg(h, mmSCRATCH_REG0), ==, 0);
        g_assert_true(gfx_busy(h));
        done(h);
    }
}

/*
 * A nested IB called from a user IB stays in the caller's VMID whatever
 * VMID its packet names: a user IB cannot reach kernel memory (an MC
 * address only VMID 0 maps) or run a privileged write from there. The
 * fetch of IB2 faults in VMID 3 on the GFXHUB.
 */
static void test_nested_ib_keeps_user_vmid(void)
{
    AemuTestHost *h = vega10_capturing();
    Stream ib1 = { h, IB_VRAM, 0 }, ib2 = { h, IB2_VRAM, 0 };
    Stream ring = { h, GFX_RING_VRAM, 0 };
    uint32_t status;

    user_map(h, &gfxhub, USER_GFX_VMID, USER_VA, IB_VRAM);
    put_write_data_reg(&ib2, GC_mmVM_CONTEXT0_PAGE_TABLE_BASE_ADDR_LO32,
                       BAD_VALUE);
    /* IB2 by its kernel (VMID 0) address, its packet naming VMID 0. */
    put_ib(&ib1, fb(IB2_VRAM), ib2.at, 0);
    gfx_ring_fill_nops(h, GFX_RING_VRAM);
    put_ib(&ring, USER_VA, ib1.at, USER_GFX_VMID);
    gfx_ring_start(h, 0, fb(GFX_RING_VRAM), GFX_RING_ORDER);
    aemu_test_wreg(h, mmCP_RB0_WPTR, ring.at);
    run(h);
    g_assert_cmphex(aemu_test_rreg(h,
                                   GC_mmVM_CONTEXT0_PAGE_TABLE_BASE_ADDR_LO32),
                    ==, 0);
    status = fault_status(h, &gfxhub);
    g_assert_cmpuint(AEMU_REG_GET(status, VM_L2_PROTECTION_FAULT_STATUS,
                                  VMID), ==, USER_GFX_VMID);
    g_assert_cmphex(aemu_test_rreg(h, gfxhub.addr_lo), ==,
                    (uint32_t)(fb(IB2_VRAM) >> 12));
    g_assert_true(has_error(h, "fetch from IB"));
    g_assert_true(gfx_busy(h));
    done(h);
}

/* The SDMA user IB cases: what the IB at USER_VA (VMID 5) does. */
enum {
    SDMA_USER_SRBM_WRITE,       /* SRBM_WRITE of a VM context's base */
    SDMA_USER_POLL_WRITE,       /* POLL_REGMEM write-wait-write */
    SDMA_USER_POLL_SEM,         /* POLL_REGMEM reading a semaphore */
};

#define SDMA_USER_PRIV_REG  MMHUB_mmVM_CONTEXT0_PAGE_TABLE_BASE_ADDR_LO32
#define SDMA_USER_SEM_ENG   5u
#define SDMA_USER_SEM       (MMHUB_mmVM_INVALIDATE_ENG0_SEM + SDMA_USER_SEM_ENG)

/* SDMA0 runs a user IB doing one of the above, then a kernel fence. */
static AemuTestHost *sdma_user_ib(unsigned what)
{
    AemuTestHost *h = vega10_capturing();
    SdmaRing r = sdma_ring(h, 0), ib = sdma_ib_image(h, IB_VRAM);
    const uint32_t ib_dw = 8;

    user_map(h, &mmhub, USER_SDMA_VMID, USER_VA, IB_VRAM);
    switch (what) {
    case SDMA_USER_SRBM_WRITE:
        sdma_wreg(&ib, SDMA_USER_PRIV_REG, BAD_VALUE);
        break;
    case SDMA_USER_POLL_WRITE:
        sdma_wait(&ib, true, mmSCRATCH_REG0, mmSCRATCH_REG0, MAGIC0,
                  UINT32_MAX, SDMA_FUNC_ALWAYS);
        break;
    default:
        sdma_wait(&ib, false, SDMA_USER_SEM, 0,
                  VM_INVALIDATE_ENG0_SEM__SEMAPHORE_MASK,
                  VM_INVALIDATE_ENG0_SEM__SEMAPHORE_MASK, SDMA_FUNC_EQUAL);
        break;
    }
    while (ib.wptr < ib_dw) {
        sdma_emit(&ib, SDMA_NOP);
    }
    sdma_ib(&r, USER_VA, ib_dw, USER_SDMA_VMID);
    sdma_fence(&r, fb(WB_SLOT(4)), MAGIC1);
    sdma_commit(&r);
    run(h);
    return h;
}

/*
 * SDMA 4.0 user IBs (VMID 5 on the MMHUB) writing registers: an
 * SRBM_WRITE and the write-wait-write POLL_REGMEM (test-hostile's Hawaii
 * case). Both hang the queue inside the IB with IV 247 (the MMHUB VMID
 * in it) and leave the register alone; the kernel fence after the IB is
 * not written.
 */
static void test_sdma_user_ib_register_writes(void)
{
    for (unsigned what = SDMA_USER_SRBM_WRITE; what <= SDMA_USER_POLL_WRITE;
         what++) {
        AemuTestHost *h = sdma_user_ib(what);

        g_assert_cmphex(aemu_test_rreg(h, SDMA_USER_PRIV_REG), ==, 0);
        g_assert_cmphex(aemu_test_rreg(h, mmSCRATCH_REG0), ==, 0);
        g_assert_false(sdma_idle(h, 0));
        g_assert_true(sdma_inside_ib(h, 0));
        g_assert_cmpuint(aemu_test_rreg(h, mmSDMA0_GFX_IB_RPTR), ==, 0);
        g_assert_cmpuint(iv_count(CLIENT_SDMA0, SRC_SDMA_SRBM_WRITE), ==, 1);
        g_assert_cmpuint(g_array_index(ivs, AemuIvEntry, 0).vmid, ==,
                         USER_SDMA_VMID);
        g_assert_true(g_array_index(ivs, AemuIvEntry, 0).vmid_src);
        g_assert_cmphex(vram_r32(h, WB_SLOT(4)), ==, 0);
        done(h);
    }
}

/*
 * A user IB's POLL_REGMEM on a register is a read, and reading a
 * VM_INVALIDATE_ENG semaphore takes it: a process's SDMA IB polling the
 * MMHUB's engine semaphore must not be able to take the semaphore the
 * kernel's TLB flush waits for (gmc_v9_0_flush_gpu_tlb, and the rings'
 * flush in test_invalidate_semaphore_never_released). The CP refuses a
 * user IB's read of that register (test_user_ib_privileged_registers).
 */
static void test_sdma_user_ib_poll_semaphore(void)
{
    AemuTestHost *h = sdma_user_ib(SDMA_USER_POLL_SEM);

    /* Still the kernel's to take: this read takes it. */
    g_assert_cmphex(aemu_test_rreg(h, SDMA_USER_SEM), ==,
                    VM_INVALIDATE_ENG0_SEM__SEMAPHORE_MASK);
    done(h);
}

/* ==== GMC 9.0 ========================================================== */

/*
 * Page tables that loop: the root's entry naming the root, and a two-table
 * cycle. The walk reads one entry per level and stops after the fourth;
 * the last one read is a directory entry taken as a PTE, which is not
 * readable: a permission fault, latched for the driver.
 */
static void test_pde_loops_terminate(void)
{
    for (unsigned k = 0; k < 2; k++) {
        AemuTestHost *h = vega10_capturing();
        uint64_t root = pt_alloc(h), other = pt_alloc(h), bytes;
        const unsigned vmid = 1;
        const uint64_t va = 0;
        AemuMemStatus st;
        uint32_t status;

        vm_context_enable(h, &gfxhub, vmid, root, 0);
        if (k == 0) {
            aemu_test_put64(h->vram + root, root | AMDGPU_PTE_VALID);
        } else {
            aemu_test_put64(h->vram + root, other | AMDGPU_PTE_VALID);
            aemu_test_put64(h->vram + other, root | AMDGPU_PTE_VALID);
        }
        bytes = h->dev->sched.bytes.n[AEMU_PATH_VRAM_READ];
        aemu_gpu_read32(h->dev, vmid, va, &cpf, &st);
        g_assert_cmpint(st, ==, AEMU_MEM_FAULT);
        g_assert_cmpuint(h->dev->sched.bytes.n[AEMU_PATH_VRAM_READ] - bytes,
                         ==,
                         VM_LEVELS * PDE_BYTES);
        g_assert_cmpint(aemu_gpu_write32(h->dev, vmid, va, BAD_VALUE, &cpf),
                        ==, AEMU_MEM_FAULT);
        g_assert_cmphex(aemu_test_get64(h->vram + root), ==,
                        (k ? other : root) | AMDGPU_PTE_VALID);
        status = fault_status(h, &gfxhub);
        g_assert_cmpuint(AEMU_REG_GET(status, VM_L2_PROTECTION_FAULT_STATUS,
                                      PERMISSION_FAULTS), !=, 0);
        g_assert_cmpuint(AEMU_REG_GET(status, VM_L2_PROTECTION_FAULT_STATUS,
                                      VMID), ==, vmid);
        g_assert_cmphex(aemu_test_rreg(h, gfxhub.addr_lo), ==, va >> 12);
        done(h);
    }
}

/*
 * A PDE chain whose entry at one level points outside VRAM (or, with the
 * SYSTEM bit, outside bus memory): PAGE_TABLE_BASE itself, the PDB2,
 * PDB1 and PDB0 entries. The walk's read is refused by the bus: a walker
 * error, latched, and no access. A PTE pointing outside VRAM translates,
 * and the access is a bus error that touches nothing.
 */
static void test_pde_chain_outside_vram(void)
{
    static const struct {
        int bad_level;          /* 3: the base register, 0: the PTB */
        bool system;
    } cases[] = {
        { 3, false }, { 2, false }, { 1, false }, { 0, false },
        { 2, true }, { 0, true },
    };
    const uint64_t va = USER_VA + 0x123000;

    for (size_t c = 0; c < G_N_ELEMENTS(cases); c++) {
        AemuTestHost *h = vega10_capturing();
        const unsigned vmid = 2;
        uint64_t bad = cases[c].system ? BEYOND_RAM_BUS : BEYOND_VRAM_PA;
        uint64_t flags = AMDGPU_PTE_VALID |
                         (cases[c].system ? AMDGPU_PTE_SYSTEM : 0);
        uint64_t table = pt_alloc(h);
        AemuMemStatus st;
        uint32_t status;

        if (cases[c].bad_level == 3) {
            vm_context_enable(h, &gfxhub, vmid, bad, 0);
        } else {
            vm_context_enable(h, &gfxhub, vmid, table, 0);
        }
        /* Level L's entry names the table of level L - 1. */
        for (int level = VM_LEVELS - 1; level >= 1; level--) {
            uint64_t next = pt_alloc(h);

            if (level - 1 == cases[c].bad_level) {
                aemu_test_put64(h->vram + entry_of(table, va, level),
                                bad | flags);
                break;
            }
            aemu_test_put64(h->vram + entry_of(table, va, level),
                            next | AMDGPU_PTE_VALID);
            table = next;
        }
        aemu_gpu_read32(h->dev, vmid, va, &cpf, &st);
        g_assert_cmpint(st, ==, AEMU_MEM_FAULT);
        g_assert_cmpint(aemu_gpu_write32(h->dev, vmid, va, BAD_VALUE, &cpf),
                        ==, AEMU_MEM_FAULT);
        status = fault_status(h, &gfxhub);
        g_assert_cmpuint(AEMU_REG_GET(status, VM_L2_PROTECTION_FAULT_STATUS,
                                      WALKER_ERROR), !=, 0);
        g_assert_cmpuint(AEMU_REG_GET(status, VM_L2_PROTECTION_FAULT_STATUS,
                                      VMID), ==, vmid);
        g_assert_cmphex(aemu_test_rreg(h, gfxhub.addr_lo), ==,
                        (uint32_t)(va >> 12));
        done(h);
    }

    /* The leaf: a PTE onto VRAM beyond its end, then a huge page across it. */
    {
        AemuTestHost *h = vega10_capturing();
        uint64_t root = pt_alloc(h), end = h->vram_size;
        uint8_t buf[8];
        AemuXlateCache cache = { 0 };
        AemuMemStatus st;

        vm_context_enable(h, &gfxhub, 2, root, 0);
        map_page(h, root, va, BEYOND_VRAM_PA | PTE_RW, 0);
        aemu_gpu_read32(h->dev, 2, va, &cpf, &st);
        g_assert_cmpint(st, ==, AEMU_MEM_BUS_ERROR);
        g_assert_cmpint(aemu_gpu_write32(h->dev, 2, va, BAD_VALUE, &cpf), ==,
                        AEMU_MEM_BUS_ERROR);
        g_assert_cmpint(aemu_gpu_read_cached(h->dev, &cache, 2, va, buf,
                                             sizeof(buf), &cpf), ==,
                        AEMU_MEM_BUS_ERROR);
        g_assert_true(has_error(h, "bus error"));
        /* Not a VM fault: nothing latched. */
        g_assert_cmphex(fault_status(h, &gfxhub), ==, 0);

        /* A 2 MiB leaf whose first page is VRAM's last. */
        map_page(h, root, 2 * HUGE_PAGE, (end - PAGE) | PTE_RW |
                 AMDGPU_PDE_PTE, 1);
        aemu_test_put32(h->vram + end - 4, CANARY32);
        g_assert_cmpint(aemu_gpu_write(h->dev, 2, 2 * HUGE_PAGE + PAGE - 4,
                                       "\x01\x02\x03\x04\x05\x06\x07\x08", 8,
                                       &cpf), ==, AEMU_MEM_BUS_ERROR);
        g_assert_cmphex(aemu_test_get32(h->vram + end - 4), ==, CANARY32);
        g_assert_cmphex(aemu_gpu_read32(h->dev, 2, 2 * HUGE_PAGE + PAGE - 4,
                                        &cpf, &st), ==, CANARY32);
        g_assert_cmpint(st, ==, AEMU_MEM_OK);
        aemu_gpu_read32(h->dev, 2, 2 * HUGE_PAGE + PAGE, &cpf, &st);
        g_assert_cmpint(st, ==, AEMU_MEM_BUS_ERROR);
        memset(&cache, 0, sizeof(cache));
        g_assert_cmpint(aemu_gpu_read_cached(h->dev, &cache, 2,
                                             2 * HUGE_PAGE + PAGE - 4, buf,
                                             sizeof(buf), &cpf), ==,
                        AEMU_MEM_BUS_ERROR);
        done(h);
    }
}

/*
 * Faults sent to a default (dummy) page the guest placed outside memory
 * (VM_L2_PROTECTION_FAULT_DEFAULT_ADDR, both the context's and the L2's
 * VALID default enables set, as amdgpu does): the fault is latched as
 * ever, and the redirected access is a bus error, not a host access.
 * Inside VRAM the redirection stays within the page.
 */
static void test_default_page_outside_vram(void)
{
    AemuTestHost *h = vega10_capturing();
    uint64_t root = pt_alloc(h), end = h->vram_size;
    const unsigned vmid = 4;
    const uint64_t va = USER_VA;
    AemuMemStatus st;

    vm_context_enable(h, &gfxhub, vmid, root,
                      VM_CONTEXT1_CNTL__VALID_PROTECTION_FAULT_ENABLE_DEFAULT_MASK);
    map_page(h, root, va, 0, 0);        /* an invalid PTE */
    aemu_test_wreg(h, gfxhub.fault_cntl,
                   VM_L2_PROTECTION_FAULT_CNTL__VALID_PROTECTION_FAULT_ENABLE_DEFAULT_MASK);
    aemu_test_wreg(h, GC_mmVM_L2_PROTECTION_FAULT_DEFAULT_ADDR_LO32,
                   (uint32_t)(BEYOND_VRAM_PA >> 12));
    aemu_test_wreg(h, GC_mmVM_L2_PROTECTION_FAULT_DEFAULT_ADDR_HI32,
                   (uint32_t)(BEYOND_VRAM_PA >> 44));
    aemu_gpu_read32(h->dev, vmid, va + 0x10, &cpf, &st);
    g_assert_cmpint(st, ==, AEMU_MEM_BUS_ERROR);
    g_assert_cmpint(aemu_gpu_write32(h->dev, vmid, va, BAD_VALUE, &cpf), ==,
                    AEMU_MEM_BUS_ERROR);
    g_assert_cmpuint(AEMU_REG_GET(fault_status(h, &gfxhub),
                                  VM_L2_PROTECTION_FAULT_STATUS,
                                  PERMISSION_FAULTS), !=, 0);
    g_assert_true(has_error(h, "bus error"));
    /*
     * VRAM's last page as the default page (out of reset the default page
     * is in system memory: VRAM once ENABLE_DEFAULT_PAGE_OUT_TO_SYSTEM_MEMORY
     * is cleared): a write across two unmapped pages lands at the end of
     * the default page, then at its start.
     */
    aemu_test_wreg(h, GC_mmVM_L2_CNTL, 0);
    aemu_test_wreg(h, GC_mmVM_L2_PROTECTION_FAULT_DEFAULT_ADDR_LO32,
                   (uint32_t)((end - PAGE) >> 12));
    aemu_test_wreg(h, GC_mmVM_L2_PROTECTION_FAULT_DEFAULT_ADDR_HI32, 0);
    aemu_test_put32(h->vram + end - 4, CANARY32);
    g_assert_cmphex(aemu_gpu_read32(h->dev, vmid, va + PAGE - 4, &cpf, &st),
                    ==, CANARY32);
    g_assert_cmpint(st, ==, AEMU_MEM_OK);
    g_assert_cmpint(aemu_gpu_write(h->dev, vmid, va + PAGE - 4,
                                   "\x01\x02\x03\x04\x05\x06\x07\x08", 8,
                                   &cpf), ==, AEMU_MEM_OK);
    g_assert_cmphex(aemu_test_get32(h->vram + end - 4), ==, 0x04030201);
    g_assert_cmphex(aemu_test_get32(h->vram + end - PAGE), ==, 0x08070605);
    done(h);
}

/*
 * The FB aperture widened past the real VRAM (MC_VM_FB_LOCATION_TOP at
 * its field's maximum on both hubs): MC addresses beyond VRAM's end now
 * translate, and every access there is a bus error that touches nothing.
 * An SDMA ring running off VRAM's end hangs on the fetch; a fill and a
 * CP WRITE_DATA across the end write none of their bytes.
 */
static void test_fb_aperture_past_vram(void)
{
    AemuTestHost *h = vega10();
    const uint64_t end = h->vram_size;
    SdmaRing r;
    Stream s = { h, GFX_RING_VRAM, 0 };

    aemu_test_wreg(h, GC_mmMC_VM_FB_LOCATION_TOP,
                   MC_VM_FB_LOCATION_TOP__FB_TOP_MASK);
    aemu_test_wreg(h, MMHUB_mmMC_VM_FB_LOCATION_TOP,
                   MC_VM_FB_LOCATION_TOP__FB_TOP_MASK);
    aemu_test_put32(h->vram + end - 4, CANARY32);
    aemu_test_put32(h->vram + end - 8, CANARY32);

    /* A fill of 16 bytes from 8 before the end, then a fence. */
    r = sdma_ring(h, 0);
    sdma_emit(&r, SDMA_PKT_HEADER_OP(SDMA_OP_CONST_FILL) |
                  SDMA_PKT_CONSTANT_FILL_HEADER_FILLSIZE(2));
    sdma_emit(&r, (uint32_t)fb(end - 8));
    sdma_emit(&r, (uint32_t)(fb(end - 8) >> 32));
    sdma_emit(&r, FILL_PATTERN);
    sdma_emit(&r, 16 - 1);
    sdma_fence(&r, fb(WB_SLOT(4)), MAGIC0);
    sdma_commit(&r);
    run(h);
    g_assert_false(sdma_idle(h, 0));
    g_assert_cmphex(vram_r32(h, WB_SLOT(4)), ==, 0);
    g_assert_cmphex(aemu_test_get32(h->vram + end - 8), ==, CANARY32);
    g_assert_cmphex(aemu_test_get32(h->vram + end - 4), ==, CANARY32);
    g_assert_true(has_error(h, "bus error"));
    g_assert_cmphex(fault_status(h, &mmhub), ==, 0);

    /* SDMA1's ring: its last page in VRAM, the next one past it. */
    memset(h->vram + end - PAGE, 0, PAGE);          /* NOPs */
    sdma_start(h, 1, SDMA_RING_ORDER, fb(end - PAGE), false);
    aemu_test_wreg(h, SREG(1, mmSDMA0_GFX_RB_WPTR), 2 * PAGE - 4);
    run(h);
    g_assert_false(sdma_idle(h, 1));
    g_assert_cmpuint(aemu_test_rreg(h, SREG(1, mmSDMA0_GFX_RB_RPTR)), ==, PAGE);
    g_assert_true(has_error(h, "packet fetch"));

    /* The CP: two dwords across the end. */
    aemu_test_put32(h->vram + end - 4, CANARY32);
    gfx_ring_fill_nops(h, GFX_RING_VRAM);
    put(&s, PACKET3(PACKET3_WRITE_DATA, 4));
    put(&s, WRITE_DATA_DST_SEL(PM4_DST_SEL_MEMORY_SYNC));
    put(&s, (uint32_t)fb(end - 4));
    put(&s, (uint32_t)(fb(end - 4) >> 32));
    put(&s, BAD_VALUE);
    put(&s, BAD_VALUE);
    put_set_uconfig(&s, mmSCRATCH_REG0, MAGIC1);
    gfx_ring_start(h, 0, fb(GFX_RING_VRAM), GFX_RING_ORDER);
    aemu_test_wreg(h, mmCP_RB0_WPTR, s.at);
    run(h);
    g_assert_cmphex(aemu_test_get32(h->vram + end - 4), ==, CANARY32);
    g_assert_cmphex(aemu_test_rreg(h, mmSCRATCH_REG0), ==, 0);
    g_assert_true(gfx_busy(h));
    g_assert_cmphex(fault_status(h, &gfxhub), ==, 0);
    done(h);
}

/*
 * A VM_INVALIDATE_ENG semaphore taken and never given back (the CPU read
 * it and the guest went away). The engine itself still acknowledges
 * requests; a ring whose VM flush waits for the semaphore
 * (gmc_v9_0_emit_flush_gpu_tlb on an MMHUB ring) waits at one poll per
 * slice instead of spinning, the other SDMA engine runs on, and once the
 * CPU releases it the flush completes and gives it back.
 */
static void test_invalidate_semaphore_never_released(void)
{
    AemuTestHost *h = vega10_capturing();
    const unsigned eng = 5, vmid = 3;
    const uint32_t sem = mmhub.eng0_sem + eng, req = mmhub.eng0_req + eng;
    const uint32_t ack = mmhub.eng0_ack + eng;
    SdmaRing r = sdma_ring(h, 0), r1 = sdma_ring(h, 1);
    uint64_t polls;

    g_assert_cmphex(aemu_test_rreg(h, sem), ==,
                    VM_INVALIDATE_ENG0_SEM__SEMAPHORE_MASK);
    g_assert_cmphex(aemu_test_rreg(h, sem), ==, 0);
    /* The engine still works without the semaphore. */
    aemu_test_wreg(h, req, AEMU_REG_SET(0, VM_INVALIDATE_ENG0_REQ,
                                        PER_VMID_INVALIDATE_REQ, 1u << vmid));
    g_assert_cmphex(aemu_test_rreg(h, ack), ==, 1u << vmid);

    sdma_wait(&r, false, sem, 0, VM_INVALIDATE_ENG0_SEM__SEMAPHORE_MASK,
              VM_INVALIDATE_ENG0_SEM__SEMAPHORE_MASK, SDMA_FUNC_EQUAL);
    sdma_wreg(&r, req, AEMU_REG_SET(0, VM_INVALIDATE_ENG0_REQ,
                                    PER_VMID_INVALIDATE_REQ, 1u << vmid));
    sdma_wait(&r, false, ack, 0, 1u << vmid, 1u << vmid, SDMA_FUNC_EQUAL);
    sdma_wreg(&r, sem, 0);
    sdma_fence(&r, fb(WB_SLOT(4)), MAGIC0);
    sdma_commit(&r);
    run(h);
    polls = engine_packets(h, "sdma0");
    run(h);
    g_assert_cmpuint(engine_packets(h, "sdma0") - polls, <=,
                     RUN_NS / AEMU_SLICE_NS + 1);
    g_assert_cmphex(vram_r32(h, WB_SLOT(4)), ==, 0);
    g_assert_false(sdma_idle(h, 0));
    /* The other engine is not held up. */
    sdma_fence(&r1, fb(WB_SLOT(5)), MAGIC1);
    sdma_commit(&r1);
    run(h);
    g_assert_cmphex(vram_r32(h, WB_SLOT(5)), ==, MAGIC1);
    /* Released: the ring takes it, flushes, gives it back. */
    aemu_test_wreg(h, sem, 0);
    run(h);
    g_assert_cmphex(vram_r32(h, WB_SLOT(4)), ==, MAGIC0);
    g_assert_true(sdma_idle(h, 0));
    g_assert_cmphex(aemu_test_rreg(h, sem), ==,
                    VM_INVALIDATE_ENG0_SEM__SEMAPHORE_MASK);
    g_assert_cmpuint(h->guest_errors->len, ==, 0);
    done(h);
}

/* ==== The IH =========================================================== */

static const AemuIvEntry eop_iv = { .client_id = CLIENT_GRBM_CP,
                                    .src_id = SRC_CP_EOP };

/*
 * test-hostile's shrunk IH ring on OSS 4.0: RB_SIZE shrinks from 4 KiB to
 * 64 bytes while the write pointer is past the new end; the next entry
 * lands inside the 64 bytes the driver now has, nothing beyond.
 */
static void test_ih_ring_shrunk_under_wptr(void)
{
    AemuTestHost *h = vega10();
    const unsigned posts = 100;     /* the wptr ends at 0xC80 */
    const uint32_t small = 4u << IH_ORDER_64B;
    uint32_t cntl;
    bool landed = false;

    ih_enable(h, IH_MC_SPACE_GPA, IH_RING_BUS, IH_WB_BUS, IH_ORDER_4K);
    for (unsigned i = 0; i < posts; i++) {
        aemu_irq_post(h->dev, &eop_iv);
        aemu_test_wreg(h, mmIH_RB_RPTR, ((i + 1) * IV_SIZE) & (PAGE - 1));
    }
    g_assert_cmpuint(aemu_test_rreg(h, mmIH_RB_WPTR), ==,
                     (posts * IV_SIZE) & (PAGE - 1));
    memset(h->ram + IH_RING_BUS, 0, 2 * PAGE);
    cntl = aemu_test_rreg(h, mmIH_RB_CNTL);
    aemu_test_wreg(h, mmIH_RB_CNTL,
                   AEMU_REG_SET(cntl, IH_RB_CNTL, RB_SIZE, IH_ORDER_64B));
    aemu_test_wreg(h, mmIH_RB_RPTR, 0);
    aemu_irq_post(h->dev, &eop_iv);
    for (uint32_t i = small; i < 2 * PAGE; i++) {
        g_assert_cmphex(h->ram[IH_RING_BUS + i], ==, 0);
    }
    for (uint32_t i = 0; i < small; i++) {
        landed |= h->ram[IH_RING_BUS + i] != 0;
    }
    g_assert_true(landed);
    g_assert_cmpuint(aemu_test_rreg(h, mmIH_RB_WPTR) &
                     IH_RB_WPTR__OFFSET_MASK, <, small);
    done(h);
}

/*
 * A ring smaller than one 32-byte entry (RB_SIZE 0 to 3) can never take
 * one: each post overflows, and nothing is written around the ring.
 */
static void test_ih_ring_smaller_than_an_entry(void)
{
    for (unsigned order = 0; order < 4; order++) {
        AemuTestHost *h = vega10();

        ih_enable(h, IH_MC_SPACE_GPA, IH_RING_BUS, IH_WB_BUS, order);
        memset(h->ram + IH_RING_BUS, CANARY_BYTE, PAGE);
        aemu_irq_post(h->dev, &eop_iv);
        aemu_irq_post(h->dev, &eop_iv);
        for (uint32_t i = 0; i < PAGE; i++) {
            g_assert_cmphex(h->ram[IH_RING_BUS + i], ==, CANARY_BYTE);
        }
        g_assert_true(aemu_test_rreg(h, mmIH_RB_WPTR) &
                      IH_RB_WPTR__RB_OVERFLOW_MASK);
        g_assert_cmpuint(aemu_test_rreg(h, mmIH_RB_WPTR) &
                         IH_RB_WPTR__OFFSET_MASK, ==, 0);
        done(h);
    }
}

/*
 * test-hostile's IH ring at a faulting address on the real GMC: the ring
 * and its write-back in MC space (MMHUB, VMID 0) where nothing is mapped,
 * with range-fault interrupts on in both hubs' context 0. A gfx ring
 * fetched from an unmapped address faults on the GFXHUB; its IV's ring
 * write faults on the MMHUB, whose IV would recurse: it is dropped.
 * Both faults are latched; nothing is delivered.
 */
static void test_ih_ring_at_faulting_address(void)
{
    AemuTestHost *h = vega10();
    const uint32_t range_irq =
        VM_CONTEXT1_CNTL__RANGE_PROTECTION_FAULT_ENABLE_INTERRUPT_MASK;

    aemu_test_wreg(h, gfxhub.ctx0_cntl, range_irq);
    aemu_test_wreg(h, mmhub.ctx0_cntl, range_irq);
    ih_enable(h, IH_MC_SPACE_MC, UNMAPPED_MC, UNMAPPED_MC + PAGE,
              IH_ORDER_4K);
    gfx_ring_start(h, 0, UNMAPPED_MC, GFX_RING_ORDER);
    aemu_test_wreg(h, mmCP_RB0_WPTR, 16);
    run(h);
    g_assert_cmphex(fault_status(h, &gfxhub), !=, 0);
    g_assert_cmphex(aemu_test_rreg(h, gfxhub.addr_lo), ==, UNMAPPED_MC >> 12);
    g_assert_cmphex(fault_status(h, &mmhub), !=, 0);
    g_assert_cmpuint(AEMU_REG_GET(fault_status(h, &mmhub),
                                  VM_L2_PROTECTION_FAULT_STATUS, CID), ==,
                     VEGA10_MMHUB_WR_CID_OSS);
    g_assert_cmpuint(h->irq_edges, ==, 0);
    g_assert_cmpuint(aemu_test_rreg(h, mmIH_RB_WPTR), ==, 0);
    g_assert_true(has_error(h, "the IH's own ring access faulted"));
    g_assert_true(gfx_busy(h));
    done(h);
}

/* ==== NBIO 6.1 ========================================================= */

/*
 * test-hostile's sparse spaces on Vega10: the SMN space behind
 * PCIE_INDEX2/PCIE_DATA2. A guest walking it keeps at most
 * AEMU_SPARSE_MAX_ENTRIES addresses (less the few the device's blocks
 * keep there, aemu_smn_write): the first ones stay, the ones past the cap
 * read 0, and writing 0 frees an entry for a new address.
 */
static void test_smn_space_bounded(void)
{
    AemuTestHost *h = vega10();
    const uint32_t n = AEMU_SPARSE_MAX_ENTRIES + 4000, base = 0x01000000;
    uint32_t kept = 0;

    for (uint32_t i = 0; i < n; i++) {
        aemu_test_wreg(h, mmPCIE_INDEX2, base + 4 * i);
        aemu_test_wreg(h, mmPCIE_DATA2, i + 1);
    }
    for (uint32_t i = 0; i < n; i++) {
        aemu_test_wreg(h, mmPCIE_INDEX2, base + 4 * i);
        kept += aemu_test_rreg(h, mmPCIE_DATA2) == i + 1;
    }
    /* The cap holds whatever the blocks keep there themselves. */
    g_assert_cmpuint(kept, <=, AEMU_SPARSE_MAX_ENTRIES);
    g_assert_cmpuint(kept, >=, AEMU_SPARSE_MAX_ENTRIES - SMN_DEVICE_ENTRIES);
    aemu_test_wreg(h, mmPCIE_INDEX2, base);
    g_assert_cmphex(aemu_test_rreg(h, mmPCIE_DATA2), ==, 1);
    aemu_test_wreg(h, mmPCIE_INDEX2, base + 4 * (n - 1));
    g_assert_cmphex(aemu_test_rreg(h, mmPCIE_DATA2), ==, 0);
    g_assert_true(has_error(h, "SMN addresses in use"));
    /* Writing 0 frees an entry: a new address fits again. */
    aemu_test_wreg(h, mmPCIE_INDEX2, base);
    aemu_test_wreg(h, mmPCIE_DATA2, 0);
    aemu_test_wreg(h, mmPCIE_INDEX2, base + 4 * (n - 1));
    aemu_test_wreg(h, mmPCIE_DATA2, MAGIC0);
    g_assert_cmphex(aemu_test_rreg(h, mmPCIE_DATA2), ==, MAGIC0);
    done(h);
}

/*
 * Register accesses at the end of the 512 KiB BAR and beyond it: the last
 * dword is an ordinary register; past the end reads are 0 and writes go
 * nowhere (not wrapped onto register 0, not truncated to 32 bits);
 * misaligned and odd-sized accesses at the end are refused. The indirect
 * paths that name a register (MM_INDEX/MM_DATA, a kernel WRITE_DATA, an
 * SDMA SRBM_WRITE and POLL_REGMEM) refuse registers past the aperture the
 * same way.
 */
static void test_mmio_bar_end_and_beyond(void)
{
    AemuTestHost *h = vega10_capturing();
    const uint64_t size = h->dev->pci.mmio_size;
    const uint32_t last_dw = (uint32_t)(size / 4 - 1);
    static const uint64_t beyond[] = {
        0, 4, 0x100000, 0x400000000ull - 0x80000ull, UINT64_MAX - 3,
    };
    SdmaRing r;
    Stream s = { h, GFX_RING_VRAM, 0 };

    g_assert_cmpuint(size, ==, 512 * KiB);
    aemu_test_wreg(h, mmSCRATCH_REG0, MAGIC0);
    aemu_mmio_write(h->dev, size - 4, CANARY32, 4);
    g_assert_cmphex(aemu_mmio_read(h->dev, size - 4, 4), ==, CANARY32);
    g_assert_cmphex(aemu_mmio_read(h->dev, size - 1, 1), ==, CANARY_BYTE);
    g_assert_cmphex(aemu_mmio_read(h->dev, size - 2, 2), ==,
                    CANARY32 & 0xffff);
    for (size_t i = 0; i < G_N_ELEMENTS(beyond); i++) {
        uint64_t at = size + beyond[i];

        if (i == G_N_ELEMENTS(beyond) - 1) {
            at = beyond[i];
        }
        aemu_mmio_write(h->dev, at, BAD_VALUE, 4);
        aemu_mmio_write(h->dev, at, 0xbb, 1);
        g_assert_cmphex(aemu_mmio_read(h->dev, at, 4), ==, 0);
        g_assert_cmphex(aemu_mmio_read(h->dev, at, 2), ==, 0);
    }
    /* Misaligned or odd-sized across the end: refused. */
    aemu_mmio_write(h->dev, size - 2, BAD_VALUE, 4);
    aemu_mmio_write(h->dev, size - 4, BAD_VALUE, 8);
    aemu_mmio_write(h->dev, size - 1, BAD_VALUE, 2);
    g_assert_cmphex(aemu_mmio_read(h->dev, size - 4, 8), ==, 0);
    g_assert_cmphex(aemu_test_rreg(h, last_dw), ==, CANARY32);
    g_assert_cmphex(aemu_test_rreg(h, mmMM_INDEX), ==, 0);
    g_assert_cmphex(aemu_test_rreg(h, mmSCRATCH_REG0), ==, MAGIC0);
    g_assert_true(has_error(h, "refused"));
    g_assert_true(has_error(h, "ignored"));

    /* MM_INDEX naming a register byte offset past the aperture. */
    aemu_test_wreg(h, mmMM_INDEX, (uint32_t)size);
    g_assert_cmphex(aemu_test_rreg(h, mmMM_DATA), ==, 0);
    aemu_test_wreg(h, mmMM_DATA, BAD_VALUE);
    aemu_test_wreg(h, mmMM_INDEX, 0x7ffffffc);
    aemu_test_wreg(h, mmMM_DATA, BAD_VALUE);
    g_assert_cmphex(aemu_test_rreg(h, mmMM_DATA), ==, 0);
    g_assert_true(has_error(h, "beyond the aperture"));
    /* ...and VRAM far past its end through MM_INDEX_HI. */
    aemu_test_wreg(h, mmMM_INDEX_HI, UINT32_MAX);
    aemu_test_wreg(h, mmMM_INDEX, 0xfffffffc);
    aemu_test_wreg(h, mmMM_DATA, BAD_VALUE);
    g_assert_cmphex(aemu_test_rreg(h, mmMM_DATA), ==, 0);
    g_assert_true(has_error(h, "past VRAM"));
    aemu_test_wreg(h, mmMM_INDEX_HI, 0);
    aemu_test_wreg(h, mmMM_INDEX, 0);
    g_assert_cmphex(aemu_test_rreg(h, last_dw), ==, CANARY32);

    /* SDMA: SRBM_WRITE and a register poll past the aperture, then a fence. */
    r = sdma_ring(h, 0);
    sdma_wreg(&r, last_dw + 1, BAD_VALUE);
    sdma_wreg(&r, SDMA_PKT_SRBM_WRITE_ADDR_addr_mask, BAD_VALUE);
    sdma_wait(&r, false, 0x3fffffff, 0, 0, UINT32_MAX, SDMA_FUNC_EQUAL);
    sdma_fence(&r, fb(WB_SLOT(4)), MAGIC1);
    sdma_commit(&r);
    run(h);
    g_assert_cmphex(vram_r32(h, WB_SLOT(4)), ==, MAGIC1);
    g_assert_true(sdma_idle(h, 0));
    g_assert_cmphex(aemu_test_rreg(h, last_dw), ==, CANARY32);
    g_assert_cmphex(aemu_test_rreg(h, mmMM_INDEX), ==, 0);

    /* The CP: a kernel WRITE_DATA past the aperture stops the ring. */
    gfx_ring_fill_nops(h, GFX_RING_VRAM);
    put_write_data_reg(&s, last_dw + 1, BAD_VALUE);
    put_set_uconfig(&s, mmSCRATCH_REG1, MAGIC2);
    gfx_ring_start(h, 0, fb(GFX_RING_VRAM), GFX_RING_ORDER);
    aemu_test_wreg(h, mmCP_RB0_WPTR, s.at);
    run(h);
    g_assert_true(aemu_test_rreg(h, mmCP_INT_STATUS_RING0) &
                  CP_INT_STATUS_RING0__PRIV_REG_INT_STAT_MASK);
    g_assert_cmphex(aemu_test_rreg(h, mmSCRATCH_REG1), ==, 0);
    g_assert_true(gfx_busy(h));
    g_assert_cmphex(aemu_test_rreg(h, mmMM_INDEX), ==, 0);

    /* The I/O BAR: its last dword and past it. */
    g_assert_cmphex(aemu_io_read(h->dev, h->dev->pci.io_size, 4), ==, 0);
    aemu_io_write(h->dev, h->dev->pci.io_size, BAD_VALUE, 4);
    aemu_io_write(h->dev, UINT64_MAX - 3, BAD_VALUE, 4);
    g_assert_cmphex(aemu_test_rreg(h, mmMM_INDEX), ==, 0);
    done(h);
}

/* ==== Doorbells ======================================================== */

/*
 * Doorbell writes no block claims, at the last bytes of the 2 MiB BAR and
 * past it: dropped, with every engine's pointers as they were and nothing
 * kicked. A claim at the BAR's last qword works to its last byte; one
 * past the BAR is unreachable.
 */
static void test_doorbells_unclaimed_and_bar_end(void)
{
    AemuTestHost *h = vega10_capturing();
    const uint64_t size = h->dev->pci.doorbell_size;
    const struct {
        uint64_t at;
        unsigned size;
    } writes[] = {
        { 4ull * DOORBELL_KIQ, 8 }, { 0x1000, 8 }, { 1 * MiB, 4 },
        { size - 8, 8 }, { size - 4, 4 }, { size - 4, 8 }, { size - 1, 1 },
        { size, 8 }, { size + 0x1000, 4 }, { UINT64_MAX - 7, 8 },
        /* Claimed, but sizes the owners do not take. */
        { 4ull * DOORBELL_GFX, 2 }, { 4ull * DOORBELL_SDMA(0) + 2, 2 },
    };
    const uint32_t gfx_db = DOORBELL_GFX << 2;

    g_assert_cmpuint(size, ==, 2 * MiB);
    gfx_ring_fill_nops(h, GFX_RING_VRAM);
    gfx_ring_start(h, 0, fb(GFX_RING_VRAM), GFX_RING_ORDER);
    aemu_test_wreg(h, mmCP_RB_DOORBELL_CONTROL,
                   gfx_db | CP_RB_DOORBELL_CONTROL__DOORBELL_EN_MASK);
    sdma_start(h, 0, SDMA_RING_ORDER, fb(SDMA_RING_VRAM(0)), true);
    ih_enable(h, IH_MC_SPACE_GPA, IH_RING_BUS, IH_WB_BUS, IH_ORDER_4K);
    aemu_test_wreg(h, mmIH_DOORBELL_RPTR,
                   AEMU_REG_SET(AEMU_REG_SET(0, IH_DOORBELL_RPTR, OFFSET,
                                             DOORBELL_IH),
                                IH_DOORBELL_RPTR, ENABLE, 1));
    h->dev->ih_submit = capture_iv;
    run(h);
    h->timer_deadline = UINT64_MAX;

    for (size_t i = 0; i < G_N_ELEMENTS(writes); i++) {
        aemu_doorbell_write(h->dev, writes[i].at, UINT64_MAX, writes[i].size);
    }
    g_assert_cmpuint(aemu_test_rreg(h, mmCP_RB0_WPTR), ==, 0);
    g_assert_cmpuint(aemu_test_rreg(h, mmCP_RB0_WPTR_HI), ==, 0);
    g_assert_cmpuint(aemu_test_rreg(h, mmSDMA0_GFX_RB_WPTR), ==, 0);
    g_assert_cmpuint(aemu_test_rreg(h, mmSDMA0_GFX_RB_WPTR_HI), ==, 0);
    g_assert_cmpuint(aemu_test_rreg(h, mmIH_RB_RPTR), ==, 0);
    g_assert_cmpuint(h->timer_deadline, ==, UINT64_MAX);
    g_assert_cmpuint(ivs->len, ==, 0);
    g_assert_cmpuint(h->irq_edges, ==, 0);

    /* SDMA0's doorbell at the BAR's last qword, then past the BAR. */
    aemu_test_wreg(h, mmSDMA0_GFX_DOORBELL_OFFSET,
                   reg_field((uint32_t)(size / 4 - 2),
                             SDMA0_GFX_DOORBELL_OFFSET__OFFSET_MASK,
                             SDMA0_GFX_DOORBELL_OFFSET__OFFSET__SHIFT));
    aemu_test_wreg(h, mmSDMA0_GFX_DOORBELL, SDMA0_GFX_DOORBELL__ENABLE_MASK);
    aemu_doorbell_write(h->dev, size - 8, 0, 8);
    g_assert_cmpuint(aemu_test_rreg(h, mmSDMA0_GFX_RB_WPTR), ==, 0);
    aemu_test_wreg(h, mmSDMA0_GFX_DOORBELL_OFFSET,
                   reg_field((uint32_t)(size / 4 + 2),
                             SDMA0_GFX_DOORBELL_OFFSET__OFFSET_MASK,
                             SDMA0_GFX_DOORBELL_OFFSET__OFFSET__SHIFT));
    aemu_test_wreg(h, mmSDMA0_GFX_DOORBELL, SDMA0_GFX_DOORBELL__ENABLE_MASK);
    aemu_doorbell_write(h->dev, size + 8, 4 * SDMA_RING_DW / 2, 8);
    aemu_doorbell_write(h->dev, size - 8, 4 * SDMA_RING_DW / 2, 8);
    g_assert_cmpuint(aemu_test_rreg(h, mmSDMA0_GFX_RB_WPTR), ==, 0);
    /* Back at the last qword: the claim reaches the BAR's last byte. */
    aemu_test_wreg(h, mmSDMA0_GFX_DOORBELL_OFFSET,
                   reg_field((uint32_t)(size / 4 - 2),
                             SDMA0_GFX_DOORBELL_OFFSET__OFFSET_MASK,
                             SDMA0_GFX_DOORBELL_OFFSET__OFFSET__SHIFT));
    aemu_test_wreg(h, mmSDMA0_GFX_DOORBELL, SDMA0_GFX_DOORBELL__ENABLE_MASK);
    aemu_doorbell_write(h->dev, size - 4, 0, 4);    /* RB_WPTR_HI = 0 */
    aemu_doorbell_write(h->dev, size - 8, 4 * 8, 8);
    g_assert_cmpuint(aemu_test_rreg(h, mmSDMA0_GFX_RB_WPTR), ==, 4 * 8);
    run(h);
    g_assert_true(sdma_idle(h, 0));
    g_assert_cmpuint(ivs->len, ==, 0);
    done(h);
}

/* ==== The KIQ ========================================================== */

/*
 * KIQ packets with fields out of range: MAP_QUEUES of an ME this chip
 * does not have (the packet's ME 2 and 3 are MEC3 and MEC4; its PIPE and
 * QUEUE fields cannot name more than the 4 pipes and 8 queues there
 * are), of the KIQ's own slot, of several queues; UNMAP_QUEUES with 0 or
 * more than 4 doorbells; all after a SET_RESOURCES naming every queue and
 * VMID. The KIQ stops on the packet with its pipe's opcode-error status
 * and header dump, the fence after it is not written, and no queue was
 * mapped.
 */
static void test_kiq_bad_queue_packets(void)
{
    static const struct {
        unsigned kind;      /* 0 MAP_QUEUES, 1 UNMAP_QUEUES */
        uint32_t control;   /* MAP_QUEUES: ME [3:0], pipe [7:4] */
        unsigned num;
        bool unimp;
        const char *what;
    } bad[] = {
        { 0, 2, 1, false, "does not exist" },
        { 0, 3, 1, false, "does not exist" },
        /* The packet's ME 1 pipe 1 queue 0 is the KIQ itself. */
        { 0, 1 | 1u << 4, 1, false, "is the KIQ" },
        { 0, 0, 2, true, "only one compute queue" },
        { 1, 0, 0, false, "with NUM_QUEUES 0" },
        { 1, 0, 7, false, "with NUM_QUEUES 7" },
    };

    for (size_t k = 0; k < G_N_ELEMENTS(bad); k++) {
        AemuTestHost *h = vega10();
        CpRing kiq = kiq_start(h);
        HqdInit q = kcq0();
        uint32_t header;

        mqd_init(h, &q);
        emit_set_resources(&kiq, UINT16_MAX, UINT64_MAX);
        if (bad[k].kind == 0) {
            header = PACKET3(PACKET3_MAP_QUEUES, 5);
            emit_map_queues(&kiq, map_control(bad[k].control & 0xf,
                                              bad[k].control >> 4, 0,
                                              bad[k].num),
                            q.doorbell, fb(q.mqd), fb(q.wptr_wb));
        } else {
            header = PACKET3(PACKET3_UNMAP_QUEUES, 4);
            emit_unmap_queues(&kiq, bad[k].num, q.doorbell);
        }
        emit_fence_kiq(&kiq, WB_SLOT(4), MAGIC0);
        cp_commit(&kiq);
        run(h);
        g_assert_true(bad[k].unimp ? has_unimp(h, bad[k].what)
                                   : has_error(h, bad[k].what));
        g_assert_cmphex(vram_r32(h, WB_SLOT(4)), ==, 0);
        g_assert_true(aemu_test_rreg(h, mmCP_ME2_PIPE1_INT_STATUS) &
                      CP_ME1_PIPE0_INT_STATUS__OPCODE_ERROR_INT_STATUS_MASK);
        g_assert_cmphex(aemu_test_rreg(h, mmCP_MEC_ME2_HEADER_DUMP), ==,
                        header);
        g_assert_true(aemu_test_rreg(h, mmCP_CPC_STATUS) &
                      CP_CPC_STATUS__MEC2_BUSY_MASK);
        g_assert_cmpuint(mec1_active_queues(h), ==, 0);
        done(h);
    }
}

/*
 * MAP_QUEUES with a doorbell offset far beyond the 2 MiB doorbell BAR
 * (the field reaches 256 MiB), the MEC's doorbell range claimed to the
 * field's end too. The queue maps; no doorbell in the BAR reaches it (at
 * its last bytes included) and one at its offset is outside the BAR and
 * dropped; its write pointer register still runs it.
 */
static void test_kiq_doorbell_beyond_bar(void)
{
    AemuTestHost *h = vega10();
    CpRing kiq = kiq_start(h);
    HqdInit q = kcq0();
    const uint32_t db_dw = PM4_DOORBELL_OFFSET_MASK >> 2;
    const uint64_t size = h->dev->pci.doorbell_size;
    Stream s = { h, KCQ_RING_VRAM, 0 };

    aemu_test_wreg(h, mmCP_MEC_DOORBELL_RANGE_UPPER,
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
    grbm_select(h, 1, 0, 0);
    g_assert_cmphex(aemu_test_rreg(h, mmCP_HQD_PQ_DOORBELL_CONTROL) &
                    CP_HQD_PQ_DOORBELL_CONTROL__DOORBELL_OFFSET_MASK, ==,
                    PM4_DOORBELL_OFFSET_MASK);
    grbm_select(h, 0, 0, 0);

    for (uint32_t i = 0; i < CP_RING_DW; i++) {
        vram_w32(h, KCQ_RING_VRAM + 4ull * i, NOP_PAD);
    }
    put_set_uconfig(&s, mmSCRATCH_REG0, MAGIC1);
    aemu_doorbell_write(h->dev, size - 8, s.at, 8);
    aemu_doorbell_write(h->dev, size - 4, s.at, 4);
    aemu_doorbell_write(h->dev, PM4_DOORBELL_OFFSET_MASK, s.at, 8);
    run(h);
    g_assert_cmphex(aemu_test_rreg(h, mmSCRATCH_REG0), ==, 0);
    grbm_select(h, 1, 0, 0);
    g_assert_cmpuint(aemu_test_rreg(h, mmCP_HQD_PQ_WPTR_LO), ==, 0);
    aemu_test_wreg(h, mmCP_HQD_PQ_WPTR_LO, s.at);
    grbm_select(h, 0, 0, 0);
    run(h);
    g_assert_cmphex(aemu_test_rreg(h, mmSCRATCH_REG0), ==, MAGIC1);
    g_assert_cmpuint(h->guest_errors->len, ==, 0);
    done(h);
}

/*
 * An MQD at an address nothing maps: MAP_QUEUES' read of it faults (the
 * GFXHUB latches the CPC's read in VMID 0), the KIQ stops, the queue is
 * not mapped. And a mapped queue whose image names an unmapped MQD: its
 * UNMAP_QUEUES stops it, the save faults (a write), the KIQ stops there.
 */
static void test_kiq_mqd_at_faulting_address(void)
{
    AemuTestHost *h = vega10();
    CpRing kiq = kiq_start(h);
    HqdInit q = kcq0();
    uint32_t status;

    emit_set_resources(&kiq, 0, 1);
    emit_map_queues(&kiq, map_control(0, 0, 0, 1), q.doorbell, UNMAPPED_MC,
                    fb(q.wptr_wb));
    emit_fence_kiq(&kiq, WB_SLOT(4), MAGIC0);
    cp_commit(&kiq);
    run(h);
    g_assert_true(has_error(h, "of the MQD at"));
    g_assert_cmphex(vram_r32(h, WB_SLOT(4)), ==, 0);
    g_assert_false(hqd_active(h, 1, 0, 0));
    g_assert_true(aemu_test_rreg(h, mmCP_CPC_STATUS) &
                  CP_CPC_STATUS__MEC2_BUSY_MASK);
    status = fault_status(h, &gfxhub);
    g_assert_cmpuint(AEMU_REG_GET(status, VM_L2_PROTECTION_FAULT_STATUS,
                                  MAPPING_ERROR), ==, 1);
    g_assert_cmpuint(AEMU_REG_GET(status, VM_L2_PROTECTION_FAULT_STATUS,
                                  VMID), ==, 0);
    g_assert_cmpuint(AEMU_REG_GET(status, VM_L2_PROTECTION_FAULT_STATUS,
                                  CID), ==, VEGA10_GFXHUB_CID_CPC);
    g_assert_cmpuint(AEMU_REG_GET(status, VM_L2_PROTECTION_FAULT_STATUS,
                                  RW), ==, 0);
    g_assert_cmphex(aemu_test_rreg(h, gfxhub.addr_lo), ==, UNMAPPED_MC >> 12);
    done(h);

    h = vega10();
    kiq = kiq_start(h);
    mqd_init(h, &q);
    mqd_put(h, &q, mmCP_MQD_BASE_ADDR, (uint32_t)UNMAPPED_MC);
    mqd_put(h, &q, mmCP_MQD_BASE_ADDR_HI, 0);
    emit_set_resources(&kiq, 0, 1);
    emit_map_queues(&kiq, map_control(0, 0, 0, 1), q.doorbell, fb(q.mqd),
                    fb(q.wptr_wb));
    emit_fence_kiq(&kiq, WB_SLOT(4), MAGIC0);
    cp_commit(&kiq);
    run(h);
    g_assert_cmphex(vram_r32(h, WB_SLOT(4)), ==, MAGIC0);
    g_assert_true(hqd_active(h, 1, 0, 0));
    emit_unmap_queues(&kiq, 1, q.doorbell);
    emit_fence_kiq(&kiq, WB_SLOT(5), MAGIC1);
    cp_commit(&kiq);
    run(h);
    g_assert_false(hqd_active(h, 1, 0, 0));
    g_assert_cmphex(vram_r32(h, WB_SLOT(5)), ==, 0);
    g_assert_true(has_error(h, "of the MQD at"));
    status = fault_status(h, &gfxhub);
    g_assert_cmpuint(AEMU_REG_GET(status, VM_L2_PROTECTION_FAULT_STATUS,
                                  RW), ==, 1);
    g_assert_cmphex(aemu_test_rreg(h, gfxhub.addr_lo), ==, UNMAPPED_MC >> 12);
    done(h);
}

/* ==== SDMA 4.0 ========================================================= */

/*
 * SDMA packets of the largest counts: 4 MiB CONST_FILLs (80 MiB of them),
 * a 4 MiB COPY_LINEAR and a 512K-entry GEN_PTEPDE, more than a slice's
 * budget of SDMA_CHUNK_BYTES chunks. One slice moves at most a budget of
 * chunks (with the timing model on, less: its timeline stops it) and asks
 * for the next a slice gap later; the work finishes over many slices
 * within exactly its buffers (canaries around them intact).
 */
static void test_sdma_huge_counts_bounded_per_slice(void)
{
    static const AemuTimingMode modes[] = { AEMU_TIMING_ON, AEMU_TIMING_OFF };
    const unsigned fills = 20;

    g_assert_cmpuint(SDMA_HUGE_BYTES, ==, 4 * MiB);
    g_assert_cmpuint((uint64_t)fills * SDMA_HUGE_BYTES, >,
                     (uint64_t)AEMU_SLICE_BUDGET * SDMA_CHUNK_BYTES);
    for (size_t m = 0; m < G_N_ELEMENTS(modes); m++) {
        AemuConfig cfg = { .asic = "vega10", .timing = modes[m] };
        AemuTestHost *h = aemu_test_host_new_config(&cfg, RAM_SIZE);
        SdmaRing r = sdma_ring(h, 0);
        uint64_t t0, bytes;
        unsigned n;

        vram_w32(h, DATA_VRAM - 4, CANARY32);
        vram_w32(h, SDMA_HUGE_END, CANARY32);
        sdma_emit_huge_counts(&r, fills);
        sdma_commit(&r);

        /* One slice by hand. */
        t0 = h->now_ns;
        bytes = h->dev->sched.bytes.n[AEMU_PATH_VRAM_WRITE];
        h->timer_deadline = UINT64_MAX;
        aemu_timer_expired(h->dev);
        g_assert_cmpuint(engine_packets(h, "sdma0"), <=, AEMU_SLICE_BUDGET);
        /* The copy's writes: a chunk per unit of the slice's budget. */
        g_assert_cmpuint(h->dev->sched.bytes.n[AEMU_PATH_VRAM_WRITE] - bytes,
                         <=,
                         (uint64_t)AEMU_SLICE_BUDGET * SDMA_CHUNK_BYTES +
                         PAGE);
        g_assert_cmpuint(h->timer_deadline, >, t0);
        g_assert_cmpuint(h->timer_deadline, !=, UINT64_MAX);
        g_assert_false(sdma_idle(h, 0));
        g_assert_cmphex(vram_r32(h, WB_SLOT(4)), ==, 0);
        for (n = 0; n < 100 && !sdma_idle(h, 0); n++) {
            run(h);
        }
        g_assert_true(sdma_idle(h, 0));
        g_assert_cmphex(vram_r32(h, WB_SLOT(4)), ==, MAGIC0);
        /* A unit per chunk at least. */
        g_assert_cmpuint(engine_packets(h, "sdma0"), >=,
                         (uint64_t)(fills + 2) * SDMA_HUGE_BYTES /
                         SDMA_CHUNK_BYTES);
        g_assert_cmphex(vram_r32(h, DATA_VRAM - 4), ==, CANARY32);
        g_assert_cmphex(vram_r32(h, SDMA_HUGE_END), ==, CANARY32);
        g_assert_cmphex(vram_r32(h, DATA_VRAM + SDMA_HUGE_BYTES - 4), ==,
                        FILL_PATTERN);
        g_assert_cmphex(vram_r32(h, DATA_VRAM + 2 * SDMA_HUGE_BYTES - 4), ==,
                        FILL_PATTERN + 1);
        g_assert_cmphex(vram_r32(h, SDMA_HUGE_COPY_DST +
                                     SDMA_HUGE_BYTES - 4), ==, FILL_PATTERN);
        g_assert_cmphex(aemu_test_get64(h->vram + SDMA_HUGE_END - 8), ==,
                        (uint64_t)(SDMA_HUGE_PTES - 1) * PAGE | PTE_RW);
        g_assert_cmpuint(h->guest_errors->len, ==, 0);
        aemu_test_host_free(h);
    }
}

/*
 * Packets longer than their stream can hold: a burst NOP of 16K dwords in
 * an 8 KiB ring, a WRITE of 1M dwords in an 8-dword IB. The queue hangs
 * with the illegal-instruction IV instead of reading past its stream; a
 * halt clears it.
 */
static void test_sdma_huge_lengths_refused(void)
{
    for (unsigned k = 0; k < 2; k++) {
        AemuTestHost *h = vega10_capturing();
        SdmaRing r = sdma_ring(h, 0);

        if (k == 0) {
            sdma_emit(&r, SDMA_NOP | SDMA_PKT_NOP_HEADER_COUNT(
                              SDMA_PKT_NOP_HEADER_count_mask));
        } else {
            vram_w32(h, IB_VRAM,
                     SDMA_PKT_HEADER_OP(SDMA_OP_WRITE) |
                     SDMA_PKT_HEADER_SUB_OP(SDMA_SUBOP_WRITE_LINEAR));
            vram_w32(h, IB_VRAM + 4, (uint32_t)fb(DATA_VRAM));
            vram_w32(h, IB_VRAM + 8, (uint32_t)(fb(DATA_VRAM) >> 32));
            vram_w32(h, IB_VRAM + 12, SDMA_PKT_WRITE_UNTILED_DW_3_count_mask);
            sdma_ib(&r, fb(IB_VRAM), 8, 0);
        }
        sdma_fence(&r, fb(WB_SLOT(4)), MAGIC0);
        sdma_commit(&r);
        run(h);
        g_assert_false(sdma_idle(h, 0));
        g_assert_cmpuint(iv_count(CLIENT_SDMA0, SRC_SDMA_ILLEGAL), ==, 1);
        g_assert_true(has_error(h, k ? "past the end of the IB"
                                     : "longer than the 8192-byte ring"));
        g_assert_cmphex(vram_r32(h, WB_SLOT(4)), ==, 0);
        g_assert_cmphex(vram_r32(h, DATA_VRAM), ==, 0);
        /* sdma_v4_0_enable(false) and a resume: the engine runs again. */
        aemu_test_wreg(h, mmSDMA0_F32_CNTL, SDMA0_F32_CNTL__HALT_MASK);
        r = sdma_ring(h, 0);
        sdma_fence(&r, fb(WB_SLOT(5)), MAGIC2);
        sdma_commit(&r);
        run(h);
        g_assert_cmphex(vram_r32(h, WB_SLOT(5)), ==, MAGIC2);
        g_assert_true(sdma_idle(h, 0));
        done(h);
    }
}

/*
 * An IB of the largest size (1M dwords, all NOPs: zeroed VRAM) costs a
 * budget unit per packet: one slice runs at most a budget of it, time
 * runs a bounded number of slices, and halting the F32 drops it.
 */
static void test_sdma_huge_ib_bounded(void)
{
    AemuTestHost *h = vega10();
    SdmaRing r = sdma_ring(h, 0);
    const uint32_t ib_dw = SDMA_PKT_INDIRECT_IB_SIZE_ib_size_mask;
    uint32_t pos;

    sdma_ib(&r, fb(DATA_VRAM), ib_dw, 0);
    sdma_fence(&r, fb(WB_SLOT(4)), MAGIC0);
    sdma_commit(&r);
    h->timer_deadline = UINT64_MAX;
    aemu_timer_expired(h->dev);
    g_assert_cmpuint(engine_packets(h, "sdma0"), <=, AEMU_SLICE_BUDGET);
    g_assert_true(sdma_inside_ib(h, 0));
    run(h);
    g_assert_cmpuint(engine_packets(h, "sdma0"), <=,
                     (RUN_NS / AEMU_SLICE_NS + 2) *
                     (uint64_t)AEMU_SLICE_BUDGET);
    g_assert_true(sdma_inside_ib(h, 0));
    pos = aemu_test_rreg(h, mmSDMA0_GFX_IB_RPTR);
    g_assert_cmpuint(pos, >, 0);
    g_assert_cmpuint(pos, <, 4 * ib_dw);
    g_assert_cmphex(vram_r32(h, WB_SLOT(4)), ==, 0);
    aemu_test_wreg(h, mmSDMA0_F32_CNTL, SDMA0_F32_CNTL__HALT_MASK);
    g_assert_false(sdma_inside_ib(h, 0));
    g_assert_cmpuint(h->guest_errors->len, ==, 0);
    done(h);
}

/*
 * INDIRECT inside an IB (SDMA has one IB level), here an IB calling
 * itself, from the kernel and from a user VMID: the queue hangs on it,
 * inside the outer IB, instead of nesting or looping; the packet after
 * the INDIRECT in the IB never runs.
 */
static void test_sdma_indirect_inside_ib(void)
{
    for (unsigned k = 0; k < 2; k++) {
        AemuTestHost *h = vega10_capturing();
        SdmaRing r = sdma_ring(h, 0);
        const unsigned vmid = k ? USER_SDMA_VMID : 0;
        const uint64_t ib_addr = k ? USER_VA : fb(IB_VRAM);
        const uint64_t slot = k ? USER_VA + 0x800 : fb(WB_SLOT(6));
        const uint32_t ib_dw = 16;

        if (k) {
            user_map(h, &mmhub, vmid, USER_VA, IB_VRAM);
        }
        vram_w32(h, IB_VRAM + 0, SDMA_PKT_HEADER_OP(SDMA_OP_INDIRECT) |
                                 SDMA_PKT_INDIRECT_HEADER_VMID(vmid));
        vram_w32(h, IB_VRAM + 4, (uint32_t)ib_addr);
        vram_w32(h, IB_VRAM + 8, (uint32_t)(ib_addr >> 32));
        vram_w32(h, IB_VRAM + 12, ib_dw);
        vram_w32(h, IB_VRAM + 16, 0);
        vram_w32(h, IB_VRAM + 20, 0);
        vram_w32(h, IB_VRAM + 24, SDMA_PKT_HEADER_OP(SDMA_OP_FENCE));
        vram_w32(h, IB_VRAM + 28, (uint32_t)slot);
        vram_w32(h, IB_VRAM + 32, (uint32_t)(slot >> 32));
        vram_w32(h, IB_VRAM + 36, MAGIC1);
        sdma_ib(&r, ib_addr, ib_dw, vmid);
        sdma_fence(&r, fb(WB_SLOT(4)), MAGIC0);
        sdma_commit(&r);
        run(h);
        g_assert_false(sdma_idle(h, 0));
        g_assert_true(sdma_inside_ib(h, 0));
        g_assert_cmphex(aemu_test_rreg(h, mmSDMA0_GFX_IB_BASE_LO), ==,
                        (uint32_t)ib_addr);
        g_assert_cmpuint(aemu_test_rreg(h, mmSDMA0_GFX_IB_RPTR), ==, 0);
        g_assert_true(has_error(h, "inside an IB"));
        g_assert_cmpuint(iv_count(CLIENT_SDMA0, SRC_SDMA_ILLEGAL), ==, 1);
        g_assert_cmphex(vram_r32(h, IB_VRAM + 0x800), ==, 0);
        g_assert_cmphex(vram_r32(h, WB_SLOT(6)), ==, 0);
        g_assert_cmphex(vram_r32(h, WB_SLOT(4)), ==, 0);
        done(h);
    }
}

/* ==== 64-bit pointers and ring geometry ================================ */

/*
 * 64-bit write pointers far beyond the ring (amdgpu's pointers only grow;
 * a guest can start them anywhere): the gfx ring by CP_RB0_WPTR/_HI and
 * by its doorbell, the KIQ by its doorbell, SDMA by RB_WPTR/_HI. Each
 * engine runs exactly the packets between its read pointer and the
 * pointer modulo its ring, nothing past the ring's end (an illegal packet
 * sits there), and SDMA's 64-bit read pointer reports catch up with the
 * write pointer.
 */
static void test_wptr_64bit_beyond_ring(void)
{
    AemuTestHost *h = vega10();
    Stream s = { h, GFX_RING_VRAM, 0 };
    const uint32_t chunk = 16;              /* dwords per submission */
    const uint64_t huge = 0xFFFFFFFFFFFFF800ull;    /* a ring multiple */
    SdmaRing r;
    CpRing kiq;
    uint64_t sdma_wptr;

    g_assert_cmpuint(huge % GFX_RING_DW, ==, 0);
    gfx_ring_fill_nops(h, GFX_RING_VRAM);
    vram_w32(h, GFX_RING_VRAM + 4ull * GFX_RING_DW, GFX9_UNKNOWN_HEADER);
    put_set_uconfig(&s, mmSCRATCH_REG0, MAGIC0);
    s.at = chunk;
    put_set_uconfig(&s, mmSCRATCH_REG1, MAGIC1);
    gfx_ring_start(h, 0, fb(GFX_RING_VRAM), GFX_RING_ORDER);
    aemu_test_wreg(h, mmCP_RB0_WPTR_HI, (uint32_t)(huge >> 32));
    aemu_test_wreg(h, mmCP_RB0_WPTR, (uint32_t)huge + chunk);
    run(h);
    g_assert_cmphex(aemu_test_rreg(h, mmSCRATCH_REG0), ==, MAGIC0);
    g_assert_cmpuint(aemu_test_rreg(h, mmCP_RB0_RPTR), ==, chunk);
    aemu_test_wreg(h, mmCP_RB_DOORBELL_CONTROL,
                   DOORBELL_GFX << 2 |
                   CP_RB_DOORBELL_CONTROL__DOORBELL_EN_MASK);
    aemu_doorbell_write(h->dev, 4ull * DOORBELL_GFX, huge + 2 * chunk, 8);
    run(h);
    g_assert_cmphex(aemu_test_rreg(h, mmSCRATCH_REG1), ==, MAGIC1);
    g_assert_cmpuint(aemu_test_rreg(h, mmCP_RB0_RPTR), ==, 2 * chunk);
    g_assert_cmphex(aemu_test_rreg(h, mmCP_RB0_WPTR_HI), ==,
                    (uint32_t)(huge >> 32));
    g_assert_false(gfx_busy(h));

    /* The KIQ, an HQD with a 64-bit pointer, by its doorbell. */
    kiq = kiq_start(h);
    for (uint32_t i = 0; i < CP_RING_DW; i++) {
        vram_w32(h, KIQ_RING_VRAM + 4ull * i, NOP_PAD);
    }
    vram_w32(h, KIQ_RING_VRAM + 4ull * CP_RING_DW, GFX9_UNKNOWN_HEADER);
    s = (Stream) { h, KIQ_RING_VRAM, 0 };
    put_set_uconfig(&s, mmSCRATCH_REG2, MAGIC2);
    aemu_doorbell_write(h->dev, 4ull * kiq.doorbell, huge + chunk, 8);
    run(h);
    g_assert_cmphex(aemu_test_rreg(h, mmSCRATCH_REG2), ==, MAGIC2);
    grbm_select(h, KIQ_ME, KIQ_PIPE, KIQ_QUEUE);
    g_assert_cmpuint(aemu_test_rreg(h, mmCP_HQD_PQ_RPTR), ==, chunk);
    g_assert_cmphex(aemu_test_rreg(h, mmCP_HQD_PQ_WPTR_HI), ==,
                    (uint32_t)(huge >> 32));
    grbm_select(h, 0, 0, 0);

    /* SDMA: bytes, 64 bits, the rptr write-back 64 bits too. */
    r = sdma_ring(h, 0);
    vram_w32(h, SDMA_RING_VRAM(0) + 4ull * SDMA_RING_DW, SDMA_ILLEGAL_HEADER);
    sdma_fence(&r, fb(WB_SLOT(4)), MAGIC0);
    sdma_wptr = 4 * huge + 4 * r.wptr;
    aemu_test_wreg(h, mmSDMA0_GFX_RB_WPTR_HI, (uint32_t)(sdma_wptr >> 32));
    aemu_test_wreg(h, mmSDMA0_GFX_RB_WPTR, (uint32_t)sdma_wptr);
    run(h);
    g_assert_cmphex(vram_r32(h, WB_SLOT(4)), ==, MAGIC0);
    g_assert_true(sdma_idle(h, 0));
    g_assert_cmphex(aemu_test_rreg(h, mmSDMA0_GFX_RB_RPTR), ==,
                    (uint32_t)sdma_wptr);
    g_assert_cmphex(aemu_test_rreg(h, mmSDMA0_GFX_RB_RPTR_HI), ==,
                    (uint32_t)(sdma_wptr >> 32));
    g_assert_cmphex(aemu_test_get64(h->vram + WB_SLOT(8)), ==, sdma_wptr);
    g_assert_cmpuint(h->guest_errors->len, ==, 0);
    done(h);
}

/*
 * Rings of the largest sizes the registers allow (the CP's RB_BUFSZ and
 * SDMA's RB_SIZE fields at their maximum) placed at the last page of
 * VRAM: the fetch runs to VRAM's end, then faults in the GMC (VMID 0,
 * past the FB aperture) and the queue stops there, not past it.
 */
static void test_ring_past_vram_end(void)
{
    AemuTestHost *h = vega10();
    const uint64_t last = h->vram_size - PAGE;
    const uint32_t page_dw = PAGE / 4;
    uint32_t status;

    for (uint32_t i = 0; i < page_dw; i++) {
        vram_w32(h, last + 4ull * i, NOP_PAD);
    }
    gfx_ring_start(h, 0, fb(last), CP_RB0_CNTL__RB_BUFSZ_MASK);
    aemu_test_wreg(h, mmCP_RB0_WPTR, 2 * page_dw);
    run(h);
    g_assert_cmpuint(aemu_test_rreg(h, mmCP_RB0_RPTR), ==, page_dw);
    g_assert_true(gfx_busy(h));
    status = fault_status(h, &gfxhub);
    g_assert_cmpuint(AEMU_REG_GET(status, VM_L2_PROTECTION_FAULT_STATUS,
                                  MAPPING_ERROR), ==, 1);
    g_assert_cmphex(aemu_test_rreg(h, gfxhub.addr_lo), ==,
                    (uint32_t)(fb(h->vram_size) >> 12));
    g_assert_true(has_error(h, "fetch from ring"));
    done(h);

    h = vega10();
    memset(h->vram + last, 0, PAGE);        /* SDMA NOPs */
    sdma_start(h, 0, SDMA0_GFX_RB_CNTL__RB_SIZE_MASK >>
                     SDMA0_GFX_RB_CNTL__RB_SIZE__SHIFT, fb(last), false);
    aemu_test_wreg(h, mmSDMA0_GFX_RB_WPTR, 2 * PAGE);
    run(h);
    g_assert_false(sdma_idle(h, 0));
    g_assert_cmpuint(aemu_test_rreg(h, mmSDMA0_GFX_RB_RPTR), ==, PAGE);
    status = fault_status(h, &mmhub);
    g_assert_cmpuint(AEMU_REG_GET(status, VM_L2_PROTECTION_FAULT_STATUS,
                                  MAPPING_ERROR), ==, 1);
    g_assert_cmphex(aemu_test_rreg(h, mmhub.addr_lo), ==,
                    (uint32_t)(fb(h->vram_size) >> 12));
    g_assert_true(has_error(h, "packet fetch"));
    done(h);
}

int main(int argc, char **argv)
{
    g_test_init(&argc, &argv, NULL);
    g_test_add_func("/hostile-vega10/self-kicking-gfx-ring-keeps-slice-gap",
                    test_self_kicking_gfx_ring_keeps_slice_gap);
    g_test_add_func("/hostile-vega10/self-kicking-sdma-ring-keeps-slice-gap",
                    test_self_kicking_sdma_ring_keeps_slice_gap);
    g_test_add_func("/hostile-vega10/type0-costs-by-size",
                    test_type0_costs_by_size);
    g_test_add_func("/hostile-vega10/dma-data-registers-cost-by-dword",
                    test_dma_data_registers_cost_by_dword);
    g_test_add_func("/hostile-vega10/user-vmid-ring-unprivileged",
                    test_user_vmid_ring_unprivileged);
    g_test_add_func("/hostile-vega10/user-ib-privileged-registers",
                    test_user_ib_privileged_registers);
    g_test_add_func("/hostile-vega10/nested-ib-keeps-user-vmid",
                    test_nested_ib_keeps_user_vmid);
    g_test_add_func("/hostile-vega10/sdma-user-ib-register-writes",
                    test_sdma_user_ib_register_writes);
    g_test_add_func("/hostile-vega10/pde-loops-terminate",
                    test_pde_loops_terminate);
    g_test_add_func("/hostile-vega10/pde-chain-outside-vram",
                    test_pde_chain_outside_vram);
    g_test_add_func("/hostile-vega10/default-page-outside-vram",
                    test_default_page_outside_vram);
    g_test_add_func("/hostile-vega10/fb-aperture-past-vram",
                    test_fb_aperture_past_vram);
    g_test_add_func("/hostile-vega10/invalidate-semaphore-never-released",
                    test_invalidate_semaphore_never_released);
    g_test_add_func("/hostile-vega10/ih-ring-shrunk-under-wptr",
                    test_ih_ring_shrunk_under_wptr);
    g_test_add_func("/hostile-vega10/ih-ring-smaller-than-an-entry",
                    test_ih_ring_smaller_than_an_entry);
    g_test_add_func("/hostile-vega10/ih-ring-at-faulting-address",
                    test_ih_ring_at_faulting_address);
    g_test_add_func("/hostile-vega10/smn-space-bounded",
                    test_smn_space_bounded);
    g_test_add_func("/hostile-vega10/mmio-bar-end-and-beyond",
                    test_mmio_bar_end_and_beyond);
    g_test_add_func("/hostile-vega10/doorbells-unclaimed-and-bar-end",
                    test_doorbells_unclaimed_and_bar_end);
    g_test_add_func("/hostile-vega10/kiq-bad-queue-packets",
                    test_kiq_bad_queue_packets);
    g_test_add_func("/hostile-vega10/kiq-doorbell-beyond-bar",
                    test_kiq_doorbell_beyond_bar);
    g_test_add_func("/hostile-vega10/kiq-mqd-at-faulting-address",
                    test_kiq_mqd_at_faulting_address);
    g_test_add_func("/hostile-vega10/sdma-huge-counts-bounded-per-slice",
                    test_sdma_huge_counts_bounded_per_slice);
    g_test_add_func("/hostile-vega10/sdma-huge-lengths-refused",
                    test_sdma_huge_lengths_refused);
    g_test_add_func("/hostile-vega10/sdma-huge-ib-bounded",
                    test_sdma_huge_ib_bounded);
    g_test_add_func("/hostile-vega10/sdma-indirect-inside-ib",
                    test_sdma_indirect_inside_ib);
    g_test_add_func("/hostile-vega10/wptr-64bit-beyond-ring",
                    test_wptr_64bit_beyond_ring);
    g_test_add_func("/hostile-vega10/ring-past-vram-end",
                    test_ring_past_vram_end);
    g_test_add_func("/hostile-vega10/sdma-user-ib-poll-semaphore",
                    test_sdma_user_ib_poll_semaphore);
    return g_test_run();
}
