/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Unit tests of the device state serializer (core/state.c) on the
 * standalone host: a Hawaii with work in flight on the gfx ring (a
 * WAIT_REG_MEM poll mid-packet, then a fence with its interrupt) and on
 * both SDMA engines (multi-MiB copies that take many slices, fences held
 * for their modelled time, traps) is saved at every step of its run and
 * the state loaded into a second device; both go on and must agree on
 * every byte of memory, every register and every interrupt. Blobs that
 * are truncated, corrupted, of another version or of another chip are
 * refused without harm.
 */
#include <string.h>
#include "aemu-host.h"
#include "aemu-internal.h"
#include "sdma_common.h"
#include "pm4_cik.h"
#include "sdma_cik_pkt.h"
#include "amdgpu-emu/regs/cik_regs.h"
#include "amdgpu-emu/regs/cik_fields.h"

#define MiB (1024ull * 1024ull)
#define RAM_SIZE (16 * MiB)
#define VRAM_SIZE (64 * MiB)

/* GART: the MC range above VRAM mapping host RAM 1:1, table in VRAM. */
#define GART_MC         0x100000000ull
#define GPU_PAGE        4096ull
#define GART_PAGES      (RAM_SIZE / GPU_PAGE)
#define GART_TABLE      0x100000ull
/* amdgpu_vm.h AMDGPU_PTE_VALID, _SYSTEM, _READABLE, _WRITEABLE. */
#define PTE_FLAGS       ((1ull << 0) | (1ull << 1) | (1ull << 5) | (1ull << 6))

/* Host RAM (bus addresses). */
#define GFX_RING        0x10000ull
#define GFX_RING_DW     2048u
#define GFX_RING_ORDER  10u             /* log2(8 KiB / 8) */
#define GPU_PAGE_ORDER  9u
#define SDMA_RING(i)    (0x20000ull + (i) * 0x2000ull)
#define SDMA_RING_DW    2048u
#define SDMA_RING_ORDER 11u             /* log2(dwords) */
#define WB              0x30000ull
#define WB_GFX_RPTR     (WB + 0x00)
#define WB_FENCE        (WB + 0x10)
#define WB_WAIT         (WB + 0x20)
#define WB_IH_WPTR      (WB + 0x40)
#define WB_SDMA_RPTR(i) (WB + 0x80 + 0x10 * (i))
#define WB_SDMA_FENCE(i) (WB + 0xc0 + 0x10 * (i))
#define IH_RING         0x40000ull
#define IH_RING_ORDER   14u             /* log2(64 KiB / 4) */
#define SRC_DATA        (1 * MiB)       /* GTT source of SDMA1's copy */

/*
 * VRAM: SDMA0 copies 16 MiB within VRAM in packets of 2 MiB (as large as
 * COPY_LINEAR's count goes), each taking several steps of the scheduler,
 * so the run is cut mid-packet; SDMA1 copies 2 MiB from RAM in one packet.
 */
#define COPY0_SRC       (4 * MiB)
#define COPY0_DST       (20 * MiB)
#define COPY0_BYTES     (16u * 1024u * 1024u)
#define COPY0_PACKET    (2u * 1024u * 1024u)
#define COPY1_DST       (40 * MiB)
#define COPY1_BYTES     (2u * 1024u * 1024u)

#define SDMA_STRIDE (mmSDMA1_UCODE_ADDR - mmSDMA0_UCODE_ADDR)
#define SREG(inst, r) ((r) + (inst) * SDMA_STRIDE)

/* Steps of virtual time the run is cut into, and how many at most. */
#define STEP_NS 5000u
#define MAX_STEPS 4000u
#define WAIT_VALUE 5u

static uint64_t gart(uint64_t bus)
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

typedef struct Ring {
    AemuTestHost *h;
    uint64_t bus;
    uint32_t size_dw, wptr;
} Ring;

static void emit(Ring *r, uint32_t v)
{
    ram_w32(r->h, r->bus + 4ull * r->wptr, v);
    r->wptr = (r->wptr + 1) & (r->size_dw - 1);
}

static AemuTestHost *new_host(void)
{
    return aemu_test_host_new(NULL, VRAM_SIZE, RAM_SIZE);
}

/* gmc_v7_0_gart_enable and cik_ih_irq_init, as test-cp.c does them. */
static void gart_ih_init(AemuTestHost *h)
{
    for (uint64_t i = 0; i < GART_PAGES; i++) {
        aemu_test_put64(h->vram + GART_TABLE + 8 * i,
                        i * GPU_PAGE | PTE_FLAGS);
    }
    aemu_test_gart_enable(h, GART_MC, GART_PAGES, GART_TABLE,
        VM_CONTEXT0_CNTL__RANGE_PROTECTION_FAULT_ENABLE_INTERRUPT_MASK);
    aemu_test_wreg(h, mmIH_RB_BASE, gart(IH_RING) >> 8);
    aemu_test_wreg(h, mmIH_RB_WPTR_ADDR_LO, (uint32_t)gart(WB_IH_WPTR));
    aemu_test_wreg(h, mmIH_RB_WPTR_ADDR_HI, gart(WB_IH_WPTR) >> 32);
    aemu_test_wreg(h, mmIH_RB_CNTL,
                   IH_RB_CNTL__RB_ENABLE_MASK |
                   IH_RING_ORDER << IH_RB_CNTL__RB_SIZE__SHIFT |
                   IH_RB_CNTL__WPTR_WRITEBACK_ENABLE_MASK);
    aemu_test_wreg(h, mmIH_CNTL, IH_CNTL__ENABLE_INTR_MASK);
}

/* gfx_v7_0_cp_gfx_resume + gfx_v7_0_cp_gfx_start's un-halt. */
static Ring gfx_start(AemuTestHost *h)
{
    uint32_t cntl = GFX_RING_ORDER |
                    GPU_PAGE_ORDER << CP_RB0_CNTL__RB_BLKSZ__SHIFT;

    aemu_test_wreg(h, mmCP_RB_VMID, 0);
    aemu_test_wreg(h, mmCP_RB0_CNTL, cntl | CP_RB0_CNTL__RB_RPTR_WR_ENA_MASK);
    aemu_test_wreg(h, mmCP_RB0_WPTR, 0);
    aemu_test_wreg(h, mmCP_RB0_RPTR_ADDR, (uint32_t)gart(WB_GFX_RPTR));
    aemu_test_wreg(h, mmCP_RB0_RPTR_ADDR_HI, (gart(WB_GFX_RPTR) >> 32) & 0xff);
    aemu_test_wreg(h, mmCP_RB0_CNTL, cntl);
    aemu_test_wreg(h, mmCP_RB0_BASE, gart(GFX_RING) >> 8);
    aemu_test_wreg(h, mmCP_RB0_BASE_HI, gart(GFX_RING) >> 40);
    aemu_test_wreg(h, mmCP_ME_CNTL, 0);
    return (Ring) { .h = h, .bus = GFX_RING, .size_dw = GFX_RING_DW };
}

/* cik_sdma_gfx_resume for one instance, with its fence interrupt on. */
static Ring sdma_start(AemuTestHost *h, unsigned i)
{
    uint32_t rb_cntl = SDMA_RING_ORDER << SDMA0_GFX_RB_CNTL__RB_SIZE__SHIFT |
                       SDMA0_GFX_RB_CNTL__RPTR_WRITEBACK_ENABLE_MASK;

    aemu_test_wreg(h, SREG(i, mmSDMA0_GFX_RB_CNTL), rb_cntl);
    aemu_test_wreg(h, SREG(i, mmSDMA0_GFX_RB_RPTR), 0);
    aemu_test_wreg(h, SREG(i, mmSDMA0_GFX_RB_WPTR), 0);
    aemu_test_wreg(h, SREG(i, mmSDMA0_GFX_RB_RPTR_ADDR_HI),
                   gart(WB_SDMA_RPTR(i)) >> 32);
    aemu_test_wreg(h, SREG(i, mmSDMA0_GFX_RB_RPTR_ADDR_LO),
                   (uint32_t)gart(WB_SDMA_RPTR(i)));
    aemu_test_wreg(h, SREG(i, mmSDMA0_GFX_RB_BASE),
                   (uint32_t)(gart(SDMA_RING(i)) >> 8));
    aemu_test_wreg(h, SREG(i, mmSDMA0_GFX_RB_BASE_HI),
                   (uint32_t)(gart(SDMA_RING(i)) >> 40));
    aemu_test_wreg(h, SREG(i, mmSDMA0_GFX_RB_CNTL),
                   rb_cntl | SDMA0_GFX_RB_CNTL__RB_ENABLE_MASK);
    aemu_test_wreg(h, SREG(i, mmSDMA0_GFX_IB_CNTL),
                   SDMA0_GFX_IB_CNTL__IB_ENABLE_MASK);
    aemu_test_wreg(h, SREG(i, mmSDMA0_F32_CNTL),
                   aemu_test_rreg(h, SREG(i, mmSDMA0_F32_CNTL)) &
                   ~SDMA0_F32_CNTL__HALT_MASK);
    aemu_test_wreg(h, SREG(i, mmSDMA0_CNTL), SDMA0_CNTL__TRAP_ENABLE_MASK);
    return (Ring) { .h = h, .bus = SDMA_RING(i), .size_dw = SDMA_RING_DW };
}

static void sdma_copy(Ring *r, uint64_t src, uint64_t dst, uint32_t bytes)
{
    emit(r, SDMA_PACKET(SDMA_OPCODE_COPY, SDMA_COPY_SUB_OPCODE_LINEAR, 0));
    emit(r, bytes);
    emit(r, 0);
    emit(r, (uint32_t)src);
    emit(r, src >> 32);
    emit(r, (uint32_t)dst);
    emit(r, dst >> 32);
}

static void sdma_fence_trap(Ring *r, uint64_t addr, uint32_t seq)
{
    emit(r, SDMA_PACKET(SDMA_OPCODE_FENCE, 0, 0));
    emit(r, (uint32_t)addr);
    emit(r, addr >> 32);
    emit(r, seq);
    emit(r, SDMA_PACKET(SDMA_OPCODE_TRAP, 0, 0));
}

static void sdma_commit(Ring *r, unsigned i)
{
    aemu_test_wreg(r->h, SREG(i, mmSDMA0_GFX_RB_WPTR), r->wptr << 2);
}

/* The gfx ring: a poll on WB_WAIT, a register write, a fence with IRQ. */
static void gfx_work(AemuTestHost *h)
{
    Ring r = gfx_start(h);

    emit(&r, PACKET3(PACKET3_WAIT_REG_MEM, 5));
    emit(&r, WAIT_REG_MEM_MEM_SPACE(1) | WAIT_REG_MEM_FUNCTION(3) |
             WAIT_REG_MEM_ENGINE(1));
    emit(&r, (uint32_t)gart(WB_WAIT));
    emit(&r, gart(WB_WAIT) >> 32);
    emit(&r, WAIT_VALUE);
    emit(&r, 0xffffffff);
    emit(&r, 4);
    emit(&r, PACKET3(PACKET3_SET_UCONFIG_REG, 1));
    emit(&r, mmSCRATCH_REG1 - PACKET3_SET_UCONFIG_REG_START);
    emit(&r, 1);
    emit(&r, PACKET3(PACKET3_EVENT_WRITE_EOP, 4));
    emit(&r, EOP_TCL1_ACTION_EN | EOP_TC_ACTION_EN |
             EVENT_TYPE(CACHE_FLUSH_AND_INV_TS_EVENT) | EVENT_INDEX(5));
    emit(&r, (uint32_t)gart(WB_FENCE));
    emit(&r, ((gart(WB_FENCE) >> 32) & 0xffff) | DATA_SEL(1) | INT_SEL(2));
    emit(&r, 0x1234);
    emit(&r, 0);
    while (r.wptr & 0xff) {
        emit(&r, PACKET3(PACKET3_NOP, 0x3fff));
    }
    aemu_test_wreg(h, mmCP_RB0_WPTR, r.wptr);
}

static uint8_t pattern0(uint64_t i)
{
    return (uint8_t)(i * 13 + (i >> 11));
}

static uint8_t pattern1(uint64_t i)
{
    return (uint8_t)(i * 7 + 3 + (i >> 13));
}

/* Both copies landed byte-exact (checked against the patterns). */
static bool copies_exact(AemuTestHost *h)
{
    for (uint64_t i = 0; i < COPY0_BYTES; i++) {
        if (h->vram[COPY0_DST + i] != pattern0(i)) {
            return false;
        }
    }
    for (uint64_t i = 0; i < COPY1_BYTES; i++) {
        if (h->vram[COPY1_DST + i] != pattern1(i)) {
            return false;
        }
    }
    /* The last copy read the first's destination after it was written. */
    for (uint64_t i = 0; i < 4096; i++) {
        if (h->vram[COPY0_DST + COPY0_BYTES + i] != pattern0(i + 1)) {
            return false;
        }
    }
    return true;
}

static AemuTestHost *busy_hawaii(void)
{
    AemuTestHost *h = new_host();
    Ring s0, s1;

    for (uint64_t i = 0; i < COPY0_BYTES; i++) {
        h->vram[COPY0_SRC + i] = pattern0(i);
    }
    for (uint64_t i = 0; i < COPY1_BYTES; i++) {
        h->ram[SRC_DATA + i] = pattern1(i);
    }
    gart_ih_init(h);
    s0 = sdma_start(h, 0);
    s1 = sdma_start(h, 1);
    for (uint32_t off = 0; off < COPY0_BYTES; off += COPY0_PACKET) {
        sdma_copy(&s0, COPY0_SRC + off, COPY0_DST + off, COPY0_PACKET);
    }
    sdma_fence_trap(&s0, gart(WB_SDMA_FENCE(0)), 0xa0);
    sdma_copy(&s0, COPY0_DST + 1, COPY0_DST + COPY0_BYTES, 4096);
    sdma_fence_trap(&s0, gart(WB_SDMA_FENCE(0)), 0xa1);
    sdma_copy(&s1, gart(SRC_DATA), COPY1_DST, COPY1_BYTES);
    sdma_fence_trap(&s1, gart(WB_SDMA_FENCE(1)), 0xb0);
    sdma_commit(&s0, 0);
    sdma_commit(&s1, 1);
    gfx_work(h);
    return h;
}

static void save(AemuTestHost *h, uint8_t **buf, size_t *len)
{
    char *err = NULL;

    if (!aemu_state_save(h->dev, buf, len, &err)) {
        g_error("save: %s", err);
    }
}

/* dst takes src's state, memory and clock, as a migration would. */
static void transfer(AemuTestHost *src, AemuTestHost *dst)
{
    uint8_t *buf;
    size_t len;
    char *err = NULL;

    save(src, &buf, &len);
    memcpy(dst->ram, src->ram, RAM_SIZE);
    memcpy(dst->vram, src->vram, VRAM_SIZE);
    dst->now_ns = src->now_ns;
    if (!aemu_state_load(dst->dev, buf, len, &err)) {
        g_error("load: %s", err);
    }
    aemu_state_free(buf);
}

static void assert_same(AemuTestHost *a, AemuTestHost *b)
{
    uint8_t *ba, *bb;
    size_t la, lb;

    g_assert_true(memcmp(a->ram, b->ram, RAM_SIZE) == 0);
    g_assert_true(memcmp(a->vram, b->vram, VRAM_SIZE) == 0);
    g_assert_cmpuint(a->timer_deadline, ==, b->timer_deadline);
    save(a, &ba, &la);
    save(b, &bb, &lb);
    for (size_t i = 0; i < MIN(la, lb); i++) {
        if (ba[i] != bb[i]) {
            g_test_message("blobs differ first at byte %zu of %zu", i, la);
            break;
        }
    }
    g_assert_cmpmem(ba, la, bb, lb);
    aemu_state_free(ba);
    aemu_state_free(bb);
}

/* What the run went through, so the test knows it saved it. */
typedef struct Seen {
    bool copy_half_done, fence_held, poll_waiting;
} Seen;

static void look(AemuTestHost *h, Seen *seen)
{
    for (unsigned i = 0; i < aemu_engine_count(h->dev); i++) {
        AemuEngine *e = aemu_engine_at(h->dev, i);
        AemuRing *r = aemu_ring_of_engine(e);

        seen->fence_held |= e->held;
        if (r && g_str_has_prefix(r->name, "sdma") &&
            sdma_queue(r)->progress) {
            seen->copy_half_done = true;
        }
        if (r && g_str_equal(r->name, "gfx") && r->waiting) {
            seen->poll_waiting = true;
        }
    }
}

static bool done(AemuTestHost *h)
{
    return ram_r32(h, WB_SDMA_FENCE(0)) == 0xa1 &&
           ram_r32(h, WB_SDMA_FENCE(1)) == 0xb0 &&
           ram_r32(h, WB_FENCE) == 0x1234;
}

/*
 * At every step, the state (and memory) of the running device is loaded
 * into a second one, into which a state was loaded the step before: both
 * advance and must stay identical, blob for blob. The first device never
 * loads anything: it is the reference.
 */
static void test_every_step(void)
{
    AemuTestHost *a = busy_hawaii(), *b = new_host();
    Seen seen = { 0 };
    unsigned steps = 0, edges_a = 0, edges_b = 0;

    for (; steps < MAX_STEPS && !done(a); steps++) {
        unsigned ea = a->irq_edges, eb = b->irq_edges;

        transfer(a, b);
        assert_same(a, b);
        look(a, &seen);
        if (steps == 20) {
            ram_w32(a, WB_WAIT, WAIT_VALUE);
            ram_w32(b, WB_WAIT, WAIT_VALUE);
        }
        aemu_test_host_advance(a, STEP_NS);
        aemu_test_host_advance(b, STEP_NS);
        edges_a += a->irq_edges - ea;
        edges_b += b->irq_edges - eb;
        assert_same(a, b);
    }
    g_test_message("%u steps of %u ns; %u interrupt edges", steps, STEP_NS,
                   edges_a);
    g_assert_true(done(a));
    g_assert_true(seen.copy_half_done);
    g_assert_true(seen.fence_held);
    g_assert_true(seen.poll_waiting);
    g_assert_cmpuint(edges_a, ==, edges_b);
    g_assert_true(copies_exact(a));
    g_assert_cmpuint(a->guest_errors->len, ==, 0);
    aemu_test_host_free(a);
    aemu_test_host_free(b);
}

/* The blob's size and what saving and loading it take, for the record. */
static void measure(AemuTestHost *a, AemuTestHost *b)
{
    uint8_t *buf;
    size_t len;
    char *err = NULL;
    int64_t t0 = g_get_monotonic_time(), t1, t2;

    save(a, &buf, &len);
    t1 = g_get_monotonic_time();
    g_assert_true(aemu_state_load(b->dev, buf, len, &err));
    t2 = g_get_monotonic_time();
    g_test_message("%s: a %zu-byte state, saved in %" PRId64 " us, loaded "
                   "in %" PRId64 " us", aemu_device_asic_name(a->dev), len,
                   t1 - t0, t2 - t1);
    aemu_state_free(buf);
}

/*
 * Saved once, mid-copy with the poll pending, and loaded into a fresh
 * device: each then runs to the end on its own, with the same results
 * (the copies byte-exact, the same IVs in the IH ring, the registers).
 */
static void test_independent_runs(void)
{
    AemuTestHost *a = busy_hawaii(), *b = new_host();
    Seen seen = { 0 };

    while (!seen.copy_half_done) {
        aemu_test_host_advance(a, STEP_NS);
        look(a, &seen);
    }
    measure(a, b);
    transfer(a, b);
    ram_w32(a, WB_WAIT, WAIT_VALUE);
    ram_w32(b, WB_WAIT, WAIT_VALUE);
    for (unsigned i = 0; i < MAX_STEPS && !(done(a) && done(b)); i++) {
        aemu_test_host_advance(a, STEP_NS);
        aemu_test_host_advance(b, STEP_NS);
    }
    g_assert_true(done(a) && done(b));
    assert_same(a, b);
    g_assert_cmpuint(ram_r32(b, WB_IH_WPTR), >, 0);
    g_assert_cmphex(aemu_test_rreg(b, mmSCRATCH_REG1), ==, 1);
    g_assert_true(copies_exact(b));
    aemu_test_host_free(a);
    aemu_test_host_free(b);
}

/* A blob refused before loading leaves the device exactly as it was. */
static void assert_refused_unchanged(AemuTestHost *h, const uint8_t *buf,
                                     size_t len)
{
    uint8_t *before, *after;
    size_t lb, la;
    char *err = NULL;

    save(h, &before, &lb);
    g_assert_false(aemu_state_load(h->dev, buf, len, &err));
    g_assert_nonnull(err);
    aemu_free_string(err);
    save(h, &after, &la);
    g_assert_cmpmem(before, lb, after, la);
    aemu_state_free(before);
    aemu_state_free(after);
}

/* Every truncation is refused as such, with the device untouched. */
static void test_truncated(void)
{
    AemuTestHost *a = busy_hawaii(), *b = new_host();
    uint8_t *buf, *before, *after;
    size_t len, blen, alen;

    aemu_test_host_advance(a, 50 * STEP_NS);
    aemu_test_host_advance(b, 3 * STEP_NS);
    save(a, &buf, &len);
    save(b, &before, &blen);
    for (size_t cut = 0; cut < len; cut += cut < 256 ? 1 : 97) {
        char *err = NULL;

        g_assert_false(aemu_state_load(b->dev, buf, cut, &err));
        g_assert_nonnull(strstr(err, "truncated") ? err : NULL);
        aemu_free_string(err);
    }
    save(b, &after, &alen);
    g_assert_cmpmem(before, blen, after, alen);
    aemu_state_free(before);
    aemu_state_free(after);
    aemu_state_free(buf);
    aemu_test_host_free(a);
    aemu_test_host_free(b);
}

/* The header's fields, and a trailer, are each refused by name. */
static void test_header_checks(void)
{
    AemuTestHost *a = busy_hawaii(), *b = new_host();
    AemuTestHost *v = aemu_test_host_new("vega10", VRAM_SIZE, RAM_SIZE);
    AemuTestHost *big = aemu_test_host_new(NULL, VRAM_SIZE * 2, RAM_SIZE);
    uint8_t *buf, *copy, *vbuf;
    size_t len, vlen;
    char *err = NULL;
    /* magic, version, byte order: the first 16 bytes. */
    static const size_t fields[] = { 0, 7, 8, 12 };

    save(a, &buf, &len);
    for (size_t i = 0; i < G_N_ELEMENTS(fields); i++) {
        copy = g_memdup2(buf, len);
        copy[fields[i]] ^= 0x40;
        assert_refused_unchanged(b, copy, len);
        g_free(copy);
    }
    /* The version's message says which. */
    copy = g_memdup2(buf, len);
    copy[8]++;
    g_assert_false(aemu_state_load(b->dev, copy, len, &err));
    g_assert_nonnull(strstr(err, "version"));
    aemu_free_string(err);
    g_free(copy);
    /* Bytes after the end mark. */
    copy = g_malloc0(len + 4);
    memcpy(copy, buf, len);
    assert_refused_unchanged(b, copy, len + 4);
    g_free(copy);
    /* Another chip, another VRAM size: refused both ways. */
    assert_refused_unchanged(v, buf, len);
    assert_refused_unchanged(big, buf, len);
    save(v, &vbuf, &vlen);
    assert_refused_unchanged(b, vbuf, vlen);
    aemu_state_free(vbuf);
    aemu_state_free(buf);
    aemu_test_host_free(a);
    aemu_test_host_free(b);
    aemu_test_host_free(v);
    aemu_test_host_free(big);
}

/*
 * Corrupted bytes anywhere: loading either works (the bytes were data),
 * or is refused and leaves the device cold-reset or untouched; in every
 * case the device then runs without crashing the host.
 */
static void test_corrupted(void)
{
    AemuTestHost *a = busy_hawaii(), *b = new_host();
    GRand *rand = g_rand_new_with_seed(12);
    uint8_t *buf;
    size_t len;
    unsigned loaded = 0, refused = 0;

    aemu_test_host_advance(a, 40 * STEP_NS);
    save(a, &buf, &len);
    for (unsigned i = 0; i < 200; i++) {
        uint8_t *copy = g_memdup2(buf, len);
        char *err = NULL;
        unsigned flips = g_rand_int_range(rand, 1, 8);

        for (unsigned k = 0; k < flips; k++) {
            /* Half the time in the first KiB: headers, names, lengths. */
            size_t at = g_rand_boolean(rand)
                        ? (size_t)g_rand_int_range(rand, 0, 1024)
                        : (size_t)g_rand_int_range(rand, 0, (gint32)len);

            copy[at] ^= (uint8_t)g_rand_int_range(rand, 1, 256);
        }
        memcpy(b->ram, a->ram, RAM_SIZE);
        if (aemu_state_load(b->dev, copy, len, &err)) {
            loaded++;
        } else {
            refused++;
            aemu_free_string(err);
        }
        aemu_test_host_advance(b, 20 * STEP_NS);
        g_free(copy);
    }
    g_test_message("corrupted blobs: %u loaded, %u refused", loaded,
                   refused);
    g_assert_cmpuint(refused, >, 0);
    g_rand_free(rand);
    aemu_state_free(buf);
    aemu_test_host_free(a);
    aemu_test_host_free(b);
}

/* Vega10: a fresh and a reset-and-used device round-trip blob for blob. */
static void test_vega10_round_trip(void)
{
    AemuTestHost *a = aemu_test_host_new("vega10", VRAM_SIZE, RAM_SIZE);
    AemuTestHost *b = aemu_test_host_new("vega10", VRAM_SIZE, RAM_SIZE);

    measure(a, b);
    transfer(a, b);
    assert_same(a, b);
    aemu_device_reset(a->dev, AEMU_RESET_PCI_CONFIG);
    aemu_test_host_advance(a, 10 * STEP_NS);
    transfer(a, b);
    assert_same(a, b);
    aemu_test_host_advance(a, 10 * STEP_NS);
    aemu_test_host_advance(b, 10 * STEP_NS);
    assert_same(a, b);
    aemu_test_host_free(a);
    aemu_test_host_free(b);
}

int main(int argc, char **argv)
{
    g_test_init(&argc, &argv, NULL);
    g_test_add_func("/state/every-step", test_every_step);
    g_test_add_func("/state/independent-runs", test_independent_runs);
    g_test_add_func("/state/truncated", test_truncated);
    g_test_add_func("/state/header-checks", test_header_checks);
    g_test_add_func("/state/corrupted", test_corrupted);
    g_test_add_func("/state/vega10-round-trip", test_vega10_round_trip);
    return g_test_run();
}
