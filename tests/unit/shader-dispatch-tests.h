/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The compute-dispatch tests both generations run (test-shader-dispatch-
 * gfx7.c, -gfx9.c): each chip file supplies its gfx ring start, its kernels
 * (assembled with llvm-mc for that generation) and its register names, and
 * includes this file, which drives DISPATCH_DIRECT / DISPATCH_INDIRECT on
 * the gfx ring as a driver's IB does: SET_SH_REG of the COMPUTE_* state,
 * the dispatch, then a WRITE_DATA "fence" that must not land before the
 * dispatch is done (the queue waits at the packet).
 *
 * Memory: a flat translation in every VMID (MC [0, VRAM) is VRAM, GART_MC
 * + bus address is host RAM), so the tests look at the dispatch, not the
 * GMC, which has its own tests.
 */
#ifndef SHADER_DISPATCH_TESTS_H
#define SHADER_DISPATCH_TESTS_H

#include <string.h>
#include <unistd.h>
#include <glib/gstdio.h>
#include "aemu-host.h"
#include "aemu-internal.h"
#include "shader.h"
#include "shader_regs.h"

#define MiB (1024ull * 1024ull)
#define RAM_SIZE (16 * MiB)
#define GART_MC         0x100000000ull
/* Host RAM layout (bus addresses). */
#define GFX_RING        0x10000ull
#define RING_DW         2048u
#define CODE            0x20000ull      /* kernels, 256-byte aligned */
#define ARGS            0x30000ull      /* DISPATCH_INDIRECT arguments */
#define FENCE           0x38000ull
#define OUT             0x100000ull     /* what kernels write */
#define OUT_BYTES       (1 * MiB)
#define SCRATCH_RING    0x200000ull     /* the scratch ring kernels use */
#define SCRATCH_BYTES   (256 * 1024u)
#define CANARY          0xdeadbeefu
#define FENCE_DONE      0x600df00du
#define RUN_NS          1000000u
/* The fill kernel's group size and the value it stores (fill.s). */
#define FILL_GROUP      64u
#define FILL_XOR        0xa5a50000u
/* SET_BASE index 1: the gfx ring's indirect-dispatch base. */
#define BASE_INDEX_DISPATCH 1u
#define PM4_WRITE_DATA_MEM  (5u << 8)

/* What a chip file provides (its register header comes first). */
typedef struct DispatchChip {
    const AemuAsic *asic;
    const uint32_t *fill, *state, *loop, *forever, *trap, *fresh, *msg;
    const uint32_t *wave_offset, *scratch;
    size_t fill_dw, state_dw, loop_dw, forever_dw, trap_dw, fresh_dw, msg_dw;
    size_t wave_offset_dw, scratch_dw;
    /* Scratch goes through FLAT_SCRATCH and its slot's bounds (gfx9). */
    bool scratch_bounded;
    /* msg.s's SQ interrupt: M0 0xabcdef in the chip's IV data words. */
    uint32_t sq_int_data[2];
} DispatchChip;

static const DispatchChip *chip;

typedef struct T {
    AemuTestHost *h;
    uint32_t wptr;
} T;

#include "flat-xlate.h"

/* The IVs the tests posted (the last few). */
#define MAX_IVS 8u
static AemuIvEntry ivs[MAX_IVS];
static unsigned n_ivs;

static void capture_iv(AemuDevice *d, const AemuIvEntry *iv)
{
    if (n_ivs < MAX_IVS) {
        ivs[n_ivs] = *iv;
    }
    n_ivs++;
}

static uint64_t mc(uint64_t bus)
{
    return GART_MC + bus;
}

static uint32_t r32(T *t, uint64_t bus)
{
    return aemu_test_get32(t->h->ram + bus);
}

static void w32(T *t, uint64_t bus, uint32_t v)
{
    aemu_test_put32(t->h->ram + bus, v);
}

/*
 * The gfx ring, started with the register names gfx7 and gfx9 share (the
 * including file's generated headers): log2 of the ring's 8 KiB in 8-byte
 * units, and of a 4 KiB page.
 */
#define RING_ORDER      10u
#define GPU_PAGE_ORDER  9u
#define WB_GFX_RPTR     0x3f000ull

/* The ring as the driver's cp_gfx_resume leaves it, wptr by MMIO. */
static void gfx_start(AemuTestHost *h)
{
    uint32_t cntl = RING_ORDER | GPU_PAGE_ORDER << CP_RB0_CNTL__RB_BLKSZ__SHIFT;

    aemu_test_wreg(h, mmCP_RB_VMID, 0);
    aemu_test_wreg(h, mmCP_RB0_CNTL, cntl | CP_RB0_CNTL__RB_RPTR_WR_ENA_MASK);
    aemu_test_wreg(h, mmCP_RB0_WPTR, 0);
    aemu_test_wreg(h, mmCP_RB0_RPTR_ADDR, (uint32_t)mc(WB_GFX_RPTR));
    aemu_test_wreg(h, mmCP_RB0_RPTR_ADDR_HI, (uint32_t)(mc(WB_GFX_RPTR) >> 32));
    aemu_test_wreg(h, mmCP_RB0_CNTL, cntl);
    aemu_test_wreg(h, mmCP_RB0_BASE, (uint32_t)(mc(GFX_RING) >> 8));
    aemu_test_wreg(h, mmCP_RB0_BASE_HI, (uint32_t)(mc(GFX_RING) >> 40));
    aemu_test_wreg(h, mmCP_ME_CNTL, 0);
}

static void kick(AemuTestHost *h, uint32_t wptr)
{
    aemu_test_wreg(h, mmCP_RB0_WPTR, wptr);
}

static void setup(T *t, gconstpointer data)
{
    t->h = aemu_test_host_new_asic(chip->asic, 0, RAM_SIZE);
    t->h->dev->translate = flat_translate;
    t->h->dev->ih_submit = capture_iv;
    n_ivs = 0;
    gfx_start(t->h);
    t->wptr = 0;
    for (uint64_t i = 0; i < OUT_BYTES; i += 4) {
        w32(t, OUT + i, CANARY);
    }
}

static void teardown(T *t, gconstpointer data)
{
    aemu_test_host_free(t->h);
}

static void emit(T *t, uint32_t v)
{
    w32(t, GFX_RING + 4ull * (t->wptr % RING_DW), v);
    t->wptr++;
}

static void commit(T *t)
{
    kick(t->h, t->wptr % RING_DW);
}

static void run(T *t)
{
    aemu_test_host_advance(t->h, RUN_NS);
}

static void emit_sh(T *t, uint32_t sh_offset, uint32_t v)
{
    emit(t, PACKET3(PACKET3_SET_SH_REG, 1));
    emit(t, sh_offset);
    emit(t, v);
}

static void load_kernel(T *t, const uint32_t *code, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        w32(t, CODE + 4 * i, code[i]);
    }
}

/*
 * The compute state of a kernel at CODE: user SGPRs s[0:1] = OUT's MC
 * address, then user_extra more dwords, then what rsrc2_extra enables.
 */
static void emit_state(T *t, unsigned threads, unsigned user_extra,
                       const uint32_t *extra, uint32_t rsrc2_extra)
{
    uint64_t pgm = mc(CODE), out = mc(OUT);
    unsigned user = 2 + user_extra;

    emit_sh(t, AEMU_SH_COMPUTE_PGM_LO, (uint32_t)(pgm >> AEMU_SH_PGM_LO_SHIFT));
    emit_sh(t, AEMU_SH_COMPUTE_PGM_HI, (uint32_t)(pgm >> AEMU_SH_PGM_HI_SHIFT));
    /* 16 VGPRs, 16 SGPRs. */
    emit_sh(t, AEMU_SH_COMPUTE_PGM_RSRC1,
            3u << AEMU_SH_RSRC1_VGPRS.shift | 1u << AEMU_SH_RSRC1_SGPRS.shift);
    emit_sh(t, AEMU_SH_COMPUTE_PGM_RSRC2,
            user << AEMU_SH_RSRC2_USER_SGPR.shift | rsrc2_extra);
    emit_sh(t, AEMU_SH_COMPUTE_NUM_THREAD_X, threads);
    emit_sh(t, AEMU_SH_COMPUTE_NUM_THREAD_X + 1, 1);
    emit_sh(t, AEMU_SH_COMPUTE_NUM_THREAD_X + 2, 1);
    emit_sh(t, AEMU_SH_COMPUTE_USER_DATA_0, (uint32_t)out);
    emit_sh(t, AEMU_SH_COMPUTE_USER_DATA_0 + 1, (uint32_t)(out >> 32));
    for (unsigned i = 0; i < user_extra; i++) {
        emit_sh(t, AEMU_SH_COMPUTE_USER_DATA_0 + 2 + i, extra[i]);
    }
}

#define INITIATOR_GO \
    (AEMU_SH_INIT_COMPUTE_SHADER_EN.mask | AEMU_SH_INIT_FORCE_START_AT_000.mask)

static void emit_dispatch(T *t, uint32_t x, uint32_t y, uint32_t z)
{
    emit(t, PACKET3(PACKET3_DISPATCH_DIRECT, 3));
    emit(t, x);
    emit(t, y);
    emit(t, z);
    emit(t, INITIATOR_GO);
}

/* A WRITE_DATA of FENCE_DONE: it runs only once the dispatch is done. */
static void emit_fence(T *t)
{
    emit(t, PACKET3(PACKET3_WRITE_DATA, 3));
    emit(t, PM4_WRITE_DATA_MEM);
    emit(t, (uint32_t)mc(FENCE));
    emit(t, (uint32_t)(mc(FENCE) >> 32));
    emit(t, FENCE_DONE);
}

static void check_fill(T *t, unsigned groups)
{
    for (unsigned i = 0; i < groups * FILL_GROUP; i++) {
        g_assert_cmphex(r32(t, OUT + 4 * i), ==, FILL_XOR ^ i);
    }
    g_assert_cmphex(r32(t, OUT + 4 * groups * FILL_GROUP), ==, CANARY);
}

/* One group of 64, then 37 groups (group id in the TGID_X SGPR). */
static void test_fill(T *t, gconstpointer data)
{
    load_kernel(t, chip->fill, chip->fill_dw);
    emit_state(t, FILL_GROUP, 0, NULL, AEMU_SH_RSRC2_TGID_X_EN.mask);
    emit_dispatch(t, 1, 1, 1);
    emit_fence(t);
    commit(t);
    run(t);
    g_assert_cmphex(r32(t, FENCE), ==, FENCE_DONE);
    check_fill(t, 1);

    w32(t, FENCE, 0);
    emit_dispatch(t, 37, 1, 1);
    emit_fence(t);
    commit(t);
    run(t);
    g_assert_cmphex(r32(t, FENCE), ==, FENCE_DONE);
    check_fill(t, 37);
    g_assert_cmpuint(t->h->guest_errors->len, ==, 0);
}

/*
 * Waves reuse their slot's VGPR file within a dispatch: each of 37 groups'
 * waves dirties v5 after reading it, and each must still find it zero.
 */
static void test_fresh_vgprs(T *t, gconstpointer data)
{
    const unsigned groups = 37;

    load_kernel(t, chip->fresh, chip->fresh_dw);
    emit_state(t, FILL_GROUP, 0, NULL, AEMU_SH_RSRC2_TGID_X_EN.mask);
    emit_dispatch(t, groups, 1, 1);
    emit_fence(t);
    commit(t);
    run(t);
    g_assert_cmphex(r32(t, FENCE), ==, FENCE_DONE);
    for (unsigned i = 0; i < groups * FILL_GROUP; i++) {
        g_assert_cmphex(r32(t, OUT + 4 * i), ==, i);
    }
    g_assert_cmphex(r32(t, OUT + 4 * groups * FILL_GROUP), ==, CANARY);
}

/* The "ts" of the first timeline record that contains what. */
static double json_ts(const char *json, const char *what)
{
    const char *rec = strstr(json, what), *ts;

    g_assert_nonnull(rec);
    ts = strstr(rec, "\"ts\":");
    g_assert_nonnull(ts);
    return g_ascii_strtod(ts + strlen("\"ts\":"), NULL);
}

/*
 * The engine timeline of a dispatch: the DISPATCH_DIRECT slice on the gfx
 * track, the dispatch's start and end as instants there (its group, wave
 * and instruction counts), the waves' time as the "spi" engine's work, and
 * the fence behind the dispatch no earlier than the dispatch's end.
 */
static void test_timeline(T *t, gconstpointer data)
{
    char *path, *json, *err = NULL;
    GError *gerr = NULL;
    int fd = g_file_open_tmp("aemu-dispatch-XXXXXX.json", &path, &gerr);

    g_assert_no_error(gerr);
    close(fd);
    g_assert_true(aemu_timeline_open(t->h->dev, path, &err));
    load_kernel(t, chip->fill, chip->fill_dw);
    emit_state(t, FILL_GROUP, 0, NULL, AEMU_SH_RSRC2_TGID_X_EN.mask);
    emit_dispatch(t, 37, 1, 1);
    emit_fence(t);
    commit(t);
    run(t);
    g_assert_cmphex(r32(t, FENCE), ==, FENCE_DONE);
    aemu_timeline_close(t->h->dev);

    g_assert_true(g_file_get_contents(path, &json, NULL, NULL));
    g_assert_true(g_str_has_suffix(json, "\n]\n"));
    /* The queue waits at the packet while the waves run. */
    g_assert_nonnull(strstr(json, "\"name\":\"wait: DISPATCH_DIRECT\""));
    g_assert_nonnull(strstr(json, "\"ph\":\"i\",\"name\":\"dispatch\""));
    g_assert_nonnull(strstr(json, "\"dim\":\"37x1x1\""));
    g_assert_nonnull(strstr(json, "\"ph\":\"i\",\"name\":\"dispatch done\""));
    g_assert_nonnull(strstr(json, "\"groups\":37,\"waves\":37"));
    g_assert_nonnull(strstr(json, "\"args\":{\"name\":\"spi\"}"));
    /* The fence after the dispatch lands no earlier than its last wave. */
    g_assert_cmpfloat(json_ts(json, "\"name\":\"WRITE_DATA\""), >=,
                      json_ts(json, "\"name\":\"dispatch done\""));
    g_free(json);
    g_unlink(path);
    g_free(path);
}

/* DISPATCH_INDIRECT's gfx-ring form: SET_BASE 1 plus an offset. */
static void test_indirect(T *t, gconstpointer data)
{
    const uint32_t offset = 0x40, groups = 5;

    w32(t, ARGS + offset, groups);
    w32(t, ARGS + offset + 4, 1);
    w32(t, ARGS + offset + 8, 1);
    load_kernel(t, chip->fill, chip->fill_dw);
    emit_state(t, FILL_GROUP, 0, NULL, AEMU_SH_RSRC2_TGID_X_EN.mask);
    emit(t, PACKET3(PACKET3_SET_BASE, 2));
    emit(t, BASE_INDEX_DISPATCH);
    emit(t, (uint32_t)mc(ARGS));
    emit(t, (uint32_t)(mc(ARGS) >> 32));
    emit(t, PACKET3(PACKET3_DISPATCH_INDIRECT, 1));
    emit(t, offset);
    emit(t, INITIATOR_GO);
    emit_fence(t);
    commit(t);
    run(t);
    g_assert_cmphex(r32(t, FENCE), ==, FENCE_DONE);
    check_fill(t, groups);
}

/*
 * The initial SGPRs: user data, then workgroup id X, Y, Z and the
 * workgroup info, in that order (state.s stores s2..s7).
 */
static void test_initial_state(T *t, gconstpointer data)
{
    static const uint32_t extra[2] = { 0x11111111u, 0x22222222u };

    load_kernel(t, chip->state, chip->state_dw);
    emit_state(t, 2 * AEMU_WAVE_LANES, 2, extra,
               AEMU_SH_RSRC2_TGID_X_EN.mask | AEMU_SH_RSRC2_TGID_Y_EN.mask |
               AEMU_SH_RSRC2_TGID_Z_EN.mask | AEMU_SH_RSRC2_TG_SIZE_EN.mask);
    /* One group at (2, 3, 4): START + FORCE_START_AT_000 off. */
    emit_sh(t, AEMU_SH_COMPUTE_START_X, 2);
    emit_sh(t, AEMU_SH_COMPUTE_START_X + 1, 3);
    emit_sh(t, AEMU_SH_COMPUTE_START_X + 2, 4);
    emit(t, PACKET3(PACKET3_DISPATCH_DIRECT, 3));
    emit(t, 3);
    emit(t, 4);
    emit(t, 5);
    emit(t, AEMU_SH_INIT_COMPUTE_SHADER_EN.mask);
    emit_fence(t);
    commit(t);
    run(t);
    g_assert_cmphex(r32(t, FENCE), ==, FENCE_DONE);
    g_assert_cmphex(r32(t, OUT + 0), ==, extra[0]);
    g_assert_cmphex(r32(t, OUT + 4), ==, extra[1]);
    g_assert_cmphex(r32(t, OUT + 8), ==, 2);
    g_assert_cmphex(r32(t, OUT + 12), ==, 3);
    g_assert_cmphex(r32(t, OUT + 16), ==, 4);
    /*
     * Two waves; both store, the last one's value wins: wave 1 of 2 (its
     * index in bits 11:6, no first-wave flag).
     */
    g_assert_cmphex(r32(t, OUT + 20), ==, 1u << 6 | 2);
}

/*
 * A kernel that loops (s2 counts down from a user SGPR) keeps the queue at
 * the dispatch across slices: the fence lands only after the last wave.
 */
static void test_fence_waits(T *t, gconstpointer data)
{
    const uint32_t iterations = 20000;

    load_kernel(t, chip->loop, chip->loop_dw);
    emit_state(t, AEMU_WAVE_LANES, 1, &iterations, 0);
    emit_dispatch(t, 1, 1, 1);
    emit_fence(t);
    commit(t);
    aemu_test_host_advance(t->h, 0);
    g_assert_cmphex(r32(t, FENCE), ==, 0);
    run(t);
    run(t);
    g_assert_cmphex(r32(t, FENCE), ==, FENCE_DONE);
}

/* A kernel that never ends: bounded per slice, the queue stays busy. */
static void test_forever_is_bounded(T *t, gconstpointer data)
{
    AemuEngine *spi = aemu_engine_find(t->h->dev, "spi");

    g_assert_nonnull(spi);
    load_kernel(t, chip->forever, chip->forever_dw);
    emit_state(t, AEMU_WAVE_LANES, 0, NULL, 0);
    emit_dispatch(t, 1, 1, 1);
    emit_fence(t);
    commit(t);
    aemu_test_host_advance(t->h, 0);
    g_assert_cmpuint(spi->packets, <=, AEMU_SLICE_BUDGET);
    g_assert_cmphex(t->h->timer_deadline, >, t->h->now_ns);
    run(t);
    run(t);
    g_assert_cmphex(r32(t, FENCE), ==, 0);
    g_assert_true(spi->runnable);
    /* A device reset drops the dispatch (and ASan sees nothing leak). */
    aemu_device_reset(t->h->dev, AEMU_RESET_PCI_CONFIG);
    g_assert_false(spi->runnable);
}

/*
 * s_trap with a trap handler (RSRC2.TRAP_PRESENT) would enter it: the
 * handler is not modelled, the wave halts, the dispatch never completes.
 */
static void test_halt(T *t, gconstpointer data)
{
    load_kernel(t, chip->trap, chip->trap_dw);
    emit_state(t, AEMU_WAVE_LANES, 0, NULL, AEMU_SH_RSRC2_TRAP_PRESENT.mask);
    emit_dispatch(t, 1, 1, 1);
    emit_fence(t);
    commit(t);
    run(t);
    run(t);
    g_assert_cmphex(r32(t, FENCE), ==, 0);
    g_assert_cmpuint(t->h->guest_errors->len, >=, 1);
    g_assert_nonnull(strstr(g_ptr_array_index(t->h->guest_errors, 0),
                            "halted"));
}

/* SQ_CMD's KILL broadcast, as amdgpu's soft recovery writes it. */
static void sq_kill(T *t, bool check_vmid, unsigned vmid)
{
    uint32_t v = 0;

    v = AEMU_REG_SET(v, SQ_CMD, CMD, SQ_IND_CMD_CMD_KILL);
    v = AEMU_REG_SET(v, SQ_CMD, MODE, SQ_IND_CMD_MODE_BROADCAST);
    v = AEMU_REG_SET(v, SQ_CMD, CHECK_VMID, check_vmid);
    v = AEMU_REG_SET(v, SQ_CMD, VM_ID, vmid);
    aemu_test_wreg(t->h, mmSQ_CMD, v);
}

/*
 * A kernel that never ends, killed: a kill of another VMID's waves leaves
 * it running; a kill of its VMID's (the kernel ring's, 0) ends the wave,
 * the dispatch is done and the fence behind it lands (soft recovery).
 */
static void test_kill_forever(T *t, gconstpointer data)
{
    AemuEngine *spi = aemu_engine_find(t->h->dev, "spi");

    load_kernel(t, chip->forever, chip->forever_dw);
    emit_state(t, AEMU_WAVE_LANES, 0, NULL, 0);
    emit_dispatch(t, 1, 1, 1);
    emit_fence(t);
    commit(t);
    run(t);
    g_assert_cmphex(r32(t, FENCE), ==, 0);
    sq_kill(t, true, 5);
    run(t);
    g_assert_cmphex(r32(t, FENCE), ==, 0);
    g_assert_true(spi->runnable);
    sq_kill(t, true, 0);
    run(t);
    g_assert_cmphex(r32(t, FENCE), ==, FENCE_DONE);
    g_assert_false(spi->runnable);
}

/*
 * A kill reaches the groups the chip would have in flight, one per CU:
 * a dispatch of CUs + 2 endless groups needs two kills.
 */
static void test_kill_in_flight(T *t, gconstpointer data)
{
    const AemuAsic *a = t->h->dev->asic;
    unsigned cus = a->num_se * a->num_sh_per_se * a->num_cu_per_sh;
    AemuEngine *spi = aemu_engine_find(t->h->dev, "spi");

    load_kernel(t, chip->forever, chip->forever_dw);
    emit_state(t, AEMU_WAVE_LANES, 0, NULL, 0);
    emit_dispatch(t, cus + 2, 1, 1);
    emit_fence(t);
    commit(t);
    run(t);
    g_assert_cmpuint(aemu_sh_kill_waves(t->h->dev, true, 0), ==, 1 + cus - 1);
    run(t);
    g_assert_cmphex(r32(t, FENCE), ==, 0);
    g_assert_true(spi->runnable);
    g_assert_cmpuint(aemu_sh_kill_waves(t->h->dev, true, 0), ==, 1 + 1);
    run(t);
    g_assert_cmphex(r32(t, FENCE), ==, FENCE_DONE);
}

/*
 * A halted wave waits, costing nothing (the processor is not runnable),
 * until a kill ends it: then its dispatch is done and the fence lands.
 */
static void test_kill_halted(T *t, gconstpointer data)
{
    AemuEngine *spi = aemu_engine_find(t->h->dev, "spi");

    load_kernel(t, chip->trap, chip->trap_dw);
    emit_state(t, AEMU_WAVE_LANES, 0, NULL, AEMU_SH_RSRC2_TRAP_PRESENT.mask);
    emit_dispatch(t, 1, 1, 1);
    emit_fence(t);
    commit(t);
    run(t);
    run(t);
    g_assert_cmphex(r32(t, FENCE), ==, 0);
    g_assert_false(spi->runnable);
    sq_kill(t, false, 0);
    run(t);
    g_assert_cmphex(r32(t, FENCE), ==, FENCE_DONE);
}

/*
 * Without a trap handler a trap is not taken: 37 groups of s_trap run on
 * to s_endpgm, the fence lands, and the trap is reported once.
 */
static void test_trap_not_taken(T *t, gconstpointer data)
{
    load_kernel(t, chip->trap, chip->trap_dw);
    emit_state(t, AEMU_WAVE_LANES, 0, NULL, 0);
    emit_dispatch(t, 37, 1, 1);
    emit_fence(t);
    commit(t);
    run(t);
    g_assert_cmphex(r32(t, FENCE), ==, FENCE_DONE);
    g_assert_cmpuint(t->h->guest_errors->len, ==, 1);
    g_assert_nonnull(strstr(g_ptr_array_index(t->h->guest_errors, 0),
                            "not taken"));
}

/* s_sendmsg(MSG_INTERRUPT): the SQ's IV (source 239) carries M0. */
static void test_sq_interrupt(T *t, gconstpointer data)
{
    const unsigned sq_interrupt_id = 239;

    load_kernel(t, chip->msg, chip->msg_dw);
    emit_state(t, AEMU_WAVE_LANES, 0, NULL, 0);
    emit_dispatch(t, 1, 1, 1);
    emit_fence(t);
    commit(t);
    run(t);
    g_assert_cmphex(r32(t, FENCE), ==, FENCE_DONE);
    g_assert_cmpuint(n_ivs, ==, 1);
    g_assert_cmpuint(ivs[0].src_id, ==, sq_interrupt_id);
    g_assert_cmphex(ivs[0].src_data[0], ==, chip->sq_int_data[0]);
    g_assert_cmphex(ivs[0].src_data[1], ==, chip->sq_int_data[1]);
    g_assert_cmpuint(ivs[0].vmid, ==, 0);
}

static void emit_tmpring(T *t, uint32_t waves, uint32_t kib)
{
    emit_sh(t, AEMU_SH_COMPUTE_TMPRING_SIZE,
            waves << AEMU_SH_TMPRING_WAVES.shift |
            kib << AEMU_SH_TMPRING_WAVESIZE.shift);
}

/*
 * The private segment wave offset SGPR follows the workgroup info: wave w
 * of a group gets its slot (w modulo TMPRING_SIZE.WAVES) times WAVESIZE
 * KiB; a group of more waves than slots is reported (they share).
 */
static void test_wave_offset(T *t, gconstpointer data)
{
    const unsigned waves = 4, kib = 3;

    load_kernel(t, chip->wave_offset, chip->wave_offset_dw);
    emit_state(t, waves * AEMU_WAVE_LANES, 0, NULL,
               AEMU_SH_RSRC2_TG_SIZE_EN.mask | AEMU_SH_RSRC2_SCRATCH_EN.mask);
    emit_tmpring(t, 16, kib);
    emit_dispatch(t, 2, 1, 1);
    emit_fence(t);
    commit(t);
    run(t);
    g_assert_cmphex(r32(t, FENCE), ==, FENCE_DONE);
    for (unsigned w = 0; w < waves; w++) {
        g_assert_cmphex(r32(t, OUT + 4 * w), ==, w * kib * 1024);
    }
    g_assert_cmpuint(t->h->guest_errors->len, ==, 0);

    w32(t, FENCE, 0);
    emit_tmpring(t, 2, kib);
    emit_dispatch(t, 1, 1, 1);
    emit_fence(t);
    commit(t);
    run(t);
    g_assert_cmphex(r32(t, FENCE), ==, FENCE_DONE);
    for (unsigned w = 0; w < waves; w++) {
        g_assert_cmphex(r32(t, OUT + 4 * w), ==, w % 2 * kib * 1024);
    }
    g_assert_cmpuint(t->h->guest_errors->len, ==, 1);
    g_assert_nonnull(strstr(g_ptr_array_index(t->h->guest_errors, 0),
                            "share slots"));
}

/*
 * A spill and reload through scratch as the compilers do it (gfx7: MUBUF
 * with the swizzled scratch V# from user SGPRs 2-3 and the wave offset as
 * SOFFSET; gfx9: FLAT_SCRATCH = ring + wave offset, SCRATCH_*): four
 * waves, each in its own slot, lanes' dwords interleaved.
 */
static void scratch_dispatch(T *t, uint32_t tmpring_waves, uint32_t kib)
{
    uint64_t ring = mc(SCRATCH_RING);
    const uint32_t extra[2] = {
        (uint32_t)ring, (uint32_t)(ring >> 32) | 1u << 31, /* SWIZZLE_EN */
    };

    for (uint64_t i = 0; i < SCRATCH_BYTES; i += 4) {
        w32(t, SCRATCH_RING + i, CANARY);
    }
    load_kernel(t, chip->scratch, chip->scratch_dw);
    emit_state(t, 4 * AEMU_WAVE_LANES, 2, extra,
               AEMU_SH_RSRC2_SCRATCH_EN.mask);
    emit_tmpring(t, tmpring_waves, kib);
    emit_dispatch(t, 1, 1, 1);
    emit_fence(t);
    commit(t);
    run(t);
    g_assert_cmphex(r32(t, FENCE), ==, FENCE_DONE);
}

static void test_scratch_spill(T *t, gconstpointer data)
{
    const unsigned kib = 2, private_off = 16;

    scratch_dispatch(t, 4, kib);
    for (unsigned tid = 0; tid < 4 * AEMU_WAVE_LANES; tid++) {
        unsigned w = tid / AEMU_WAVE_LANES, l = tid % AEMU_WAVE_LANES;
        uint32_t off = private_off + 4 * (l & 3);

        g_assert_cmphex(r32(t, OUT + 4 * tid), ==, 0x1000 + tid);
        g_assert_cmphex(r32(t, SCRATCH_RING + w * kib * 1024 +
                               off / 4 * 4 * AEMU_WAVE_LANES + 4 * l), ==,
                        0x1000 + tid);
    }
    g_assert_cmpuint(t->h->guest_errors->len, ==, 0);
}

/*
 * SCRATCH_EN with no scratch ring (TMPRING_SIZE 0): reported, and the
 * dispatch completes. gfx9's SCRATCH accesses read 0 and write nothing;
 * gfx7's MUBUF goes where its V# says (every wave at offset 0, so the
 * waves race for one slot, as they would on the hardware).
 */
static void test_scratch_no_ring(T *t, gconstpointer data)
{
    scratch_dispatch(t, 0, 0);
    g_assert_cmpuint(t->h->guest_errors->len, >=, 1);
    g_assert_nonnull(strstr(g_ptr_array_index(t->h->guest_errors, 0),
                            "no scratch ring"));
    if (chip->scratch_bounded) {
        for (unsigned tid = 0; tid < 4 * AEMU_WAVE_LANES; tid++) {
            g_assert_cmphex(r32(t, OUT + 4 * tid), ==, 0);
        }
        for (uint64_t i = 0; i < SCRATCH_BYTES; i += 4) {
            g_assert_cmphex(r32(t, SCRATCH_RING + i), ==, CANARY);
        }
        g_assert_cmpuint(t->h->guest_errors->len, ==, 2);
    }
}

/*
 * 2^32 - 1 groups of an empty kernel: each slice does a bounded part, the
 * fence never lands, and a CP soft reset (the driver's ring recovery)
 * drops the dispatch: the ring restarted runs the next dispatch.
 */
static void test_gigantic_dispatch(T *t, gconstpointer data)
{
    AemuEngine *spi = aemu_engine_find(t->h->dev, "spi");
    static const uint32_t endpgm[] = { 0xbf810000u };   /* s_endpgm */

    load_kernel(t, endpgm, G_N_ELEMENTS(endpgm));
    emit_state(t, AEMU_WAVE_LANES, 0, NULL, 0);
    emit_dispatch(t, UINT32_MAX, 1, 1);
    emit_fence(t);
    commit(t);
    aemu_test_host_advance(t->h, 0);
    g_assert_cmpuint(spi->packets, <=, AEMU_SLICE_BUDGET);
    run(t);
    g_assert_cmphex(r32(t, FENCE), ==, 0);
    g_assert_true(spi->runnable);

    aemu_test_wreg(t->h, mmGRBM_SOFT_RESET,
                   GRBM_SOFT_RESET__SOFT_RESET_CP_MASK |
                   GRBM_SOFT_RESET__SOFT_RESET_GFX_MASK);
    aemu_test_wreg(t->h, mmGRBM_SOFT_RESET, 0);
    run(t);
    g_assert_false(spi->runnable);
    gfx_start(t->h);
    t->wptr = 0;
    load_kernel(t, chip->fill, chip->fill_dw);
    emit_state(t, FILL_GROUP, 0, NULL, AEMU_SH_RSRC2_TGID_X_EN.mask);
    emit_dispatch(t, 3, 1, 1);
    emit_fence(t);
    commit(t);
    run(t);
    g_assert_cmphex(r32(t, FENCE), ==, FENCE_DONE);
    check_fill(t, 3);
}

/* A group larger than 1024 threads is refused, and the queue goes on. */
static void test_oversized_group(T *t, gconstpointer data)
{
    load_kernel(t, chip->fill, chip->fill_dw);
    emit_state(t, 2048, 0, NULL, 0);
    emit_dispatch(t, 1, 1, 1);
    emit_fence(t);
    commit(t);
    run(t);
    g_assert_cmphex(r32(t, FENCE), ==, FENCE_DONE);
    g_assert_cmphex(r32(t, OUT), ==, CANARY);
    g_assert_cmpuint(t->h->guest_errors->len, ==, 1);
}

static void add_tests(const char *gen)
{
#define ADD(name, fn) do { \
        char *path = g_strdup_printf("/shader-dispatch-%s/%s", gen, name); \
        g_test_add(path, T, NULL, setup, fn, teardown); \
        g_free(path); \
    } while (0)
    ADD("fill", test_fill);
    ADD("fresh-vgprs", test_fresh_vgprs);
    ADD("timeline", test_timeline);
    ADD("indirect", test_indirect);
    ADD("initial-state", test_initial_state);
    ADD("fence-waits", test_fence_waits);
    ADD("forever-is-bounded", test_forever_is_bounded);
    ADD("halt", test_halt);
    ADD("kill-forever", test_kill_forever);
    ADD("kill-halted", test_kill_halted);
    ADD("kill-in-flight", test_kill_in_flight);
    ADD("trap-not-taken", test_trap_not_taken);
    ADD("sq-interrupt", test_sq_interrupt);
    ADD("wave-offset", test_wave_offset);
    ADD("scratch-spill", test_scratch_spill);
    ADD("scratch-no-ring", test_scratch_no_ring);
    ADD("gigantic-dispatch", test_gigantic_dispatch);
    ADD("oversized-group", test_oversized_group);
#undef ADD
}

#endif
