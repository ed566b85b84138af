/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Unit tests of the VCE 2.0 model (hw/amdgpu-emu/core/vce_v2_0.c) on the
 * standalone host: the firmware-loaded handshake and stop sequence as
 * vce_v2_0_start/stop run them, the ring test on both rings, fence and
 * trap (IV 167 naming the ring), the IB test's create and destroy
 * sessions, an encode task refused, and hostile streams (write pointer
 * past the ring, unknown commands, malformed and giant IBs, bad sizes).
 */
#include "cik-video-env.h"

/* VRAM layout (MC address = VRAM offset). */
#define RING(i) (0x200000ull + (i) * 0x1000ull)
#define RING_DW 1024u                       /* 4 KiB, as both drivers */
#define IB 0x210000ull
#define IB2 0x211000ull
#define FENCE 0x230000ull
#define IB_DW 1024u                         /* amdgpu's ib_size_dw */

#define IV_SRC_VCE 167
#define CMD_END 1u
#define CMD_IB 2u
#define CMD_FENCE 3u
#define CMD_TRAP 4u
#define CMD_SEMAPHORE 6u
#define REC_SESSION 0x00000001u
#define REC_TASK_INFO 0x00000002u
#define REC_CREATE 0x01000001u
#define REC_DESTROY 0x02000001u
#define REC_ENCODE 0x03000001u
#define REC_FEEDBACK 0x05000005u

typedef struct Vce {
    AemuTestHost *h;
    uint32_t wptr[2];
} Vce;

static const uint32_t rptr_reg[2] = { mmVCE_RB_RPTR, mmVCE_RB_RPTR2 };
static const uint32_t wptr_reg[2] = { mmVCE_RB_WPTR, mmVCE_RB_WPTR2 };

/*
 * vce_v2_0_start: both rings, clock, the ECPU reset pulse, the poll. Ring
 * 0 starts at at0 (the driver's ring->wptr: 0 on a fresh load, where the
 * ring stood on a restart after a GPU reset), written before RB_SIZE.
 */
static void vce_start_at(AemuTestHost *h, uint32_t at0)
{
    aemu_test_wreg(h, mmVCE_STATUS, aemu_test_rreg(h, mmVCE_STATUS) | 1);
    aemu_test_wreg(h, mmVCE_RB_RPTR, at0);
    aemu_test_wreg(h, mmVCE_RB_WPTR, at0);
    aemu_test_wreg(h, mmVCE_RB_BASE_LO, (uint32_t)RING(0));
    aemu_test_wreg(h, mmVCE_RB_BASE_HI, 0);
    aemu_test_wreg(h, mmVCE_RB_SIZE, RING_DW);
    aemu_test_wreg(h, mmVCE_RB_RPTR2, 0);
    aemu_test_wreg(h, mmVCE_RB_WPTR2, 0);
    aemu_test_wreg(h, mmVCE_RB_BASE_LO2, (uint32_t)RING(1));
    aemu_test_wreg(h, mmVCE_RB_BASE_HI2, 0);
    aemu_test_wreg(h, mmVCE_RB_SIZE2, RING_DW);
    aemu_test_wreg(h, mmVCE_VCPU_CNTL, aemu_test_rreg(h, mmVCE_VCPU_CNTL) |
                   VCE_VCPU_CNTL__CLK_EN_MASK);
    aemu_test_wreg(h, mmVCE_SOFT_RESET, aemu_test_rreg(h, mmVCE_SOFT_RESET) |
                   VCE_SOFT_RESET__ECPU_SOFT_RESET_MASK);
    aemu_test_wreg(h, mmVCE_SOFT_RESET, aemu_test_rreg(h, mmVCE_SOFT_RESET) &
                   ~VCE_SOFT_RESET__ECPU_SOFT_RESET_MASK);
    g_assert_cmphex(aemu_test_rreg(h, mmVCE_STATUS) & 2, ==, 2);
    aemu_test_wreg(h, mmVCE_STATUS, aemu_test_rreg(h, mmVCE_STATUS) & ~1u);
    aemu_test_wreg(h, mmVCE_SYS_INT_EN,
                   VCE_SYS_INT_EN__VCE_SYS_INT_TRAP_INTERRUPT_EN_MASK);
}

static void vce_start(AemuTestHost *h)
{
    vce_start_at(h, 0);
}

static Vce setup(void)
{
    Vce v = { .h = video_host() };

    vce_start(v.h);
    return v;
}

static void emit(Vce *v, unsigned r, uint32_t x)
{
    aemu_test_put32(v->h->vram + RING(r) + 4 * v->wptr[r], x);
    v->wptr[r] = (v->wptr[r] + 1) % RING_DW;
}

static void commit(Vce *v, unsigned r)
{
    aemu_test_wreg(v->h, wptr_reg[r], v->wptr[r]);
}

/* amdgpu_vce_ring_emit_fence. */
static void emit_fence(Vce *v, unsigned r, uint64_t addr, uint32_t seq)
{
    emit(v, r, CMD_FENCE);
    emit(v, r, (uint32_t)addr);
    emit(v, r, (uint32_t)(addr >> 32));
    emit(v, r, seq);
    emit(v, r, CMD_TRAP);
    emit(v, r, CMD_END);
}

static void emit_ib(Vce *v, unsigned r, uint64_t addr, uint32_t ndw)
{
    emit(v, r, CMD_IB);
    emit(v, r, (uint32_t)addr);
    emit(v, r, (uint32_t)(addr >> 32));
    emit(v, r, ndw);
}

/* Records into an IB of IB_DW dwords, zero-padded as amdgpu does. */
typedef struct Rec {
    uint8_t *p;
    unsigned n;
} Rec;

static Rec rec_begin(AemuTestHost *h, uint64_t at)
{
    memset(h->vram + at, 0, IB_DW * 4);
    return (Rec) { .p = h->vram + at };
}

static void rec(Rec *b, uint32_t id, const uint32_t *payload, unsigned n)
{
    aemu_test_put32(b->p + 4 * b->n++, 8 + 4 * n);
    aemu_test_put32(b->p + 4 * b->n++, id);
    for (unsigned i = 0; i < n; i++) {
        aemu_test_put32(b->p + 4 * b->n++, payload[i]);
    }
}

/* amdgpu_vce_get_create_msg (fw_version >= 52 layout). */
static void create_ib(AemuTestHost *h, uint64_t at, uint32_t handle)
{
    Rec b = rec_begin(h, at);
    const uint32_t create[14] = { 0, 0x42, 0xa, 1, 0x80, 0x60, 0x100, 0x100,
                                  0xc, 0 };
    const uint32_t feedback[3] = { 0, (uint32_t)FENCE + 0x100, 1 };

    rec(&b, REC_SESSION, &handle, 1);
    rec(&b, REC_CREATE, create, 14);
    rec(&b, REC_FEEDBACK, feedback, 3);
}

/* amdgpu_vce_get_destroy_msg. */
static void destroy_ib(AemuTestHost *h, uint64_t at, uint32_t handle)
{
    Rec b = rec_begin(h, at);
    const uint32_t task[6] = { 0xffffffff, 1, 0, 0, 0xffffffff, 0 };

    rec(&b, REC_SESSION, &handle, 1);
    rec(&b, REC_TASK_INFO, task, 6);
    rec(&b, REC_DESTROY, NULL, 0);
}

static void counts(Vce *v, unsigned *open, uint64_t *ibs, uint64_t *refused)
{
    aemu_vce_v2_0_counts(v->h->dev, open, ibs, refused);
}

/* vce_v2_0_firmware_loaded's poll and vce_v2_0_stop's. */
static void test_boot_handshake(void)
{
    AemuTestHost *h = video_host();

    g_assert_cmphex(aemu_test_rreg(h, mmVCE_STATUS) & 2, ==, 0);
    /* Clocked, but the ECPU held in reset: no firmware yet. */
    aemu_test_wreg(h, mmVCE_VCPU_CNTL, VCE_VCPU_CNTL__CLK_EN_MASK);
    g_assert_cmphex(aemu_test_rreg(h, mmVCE_STATUS) & 2, ==, 0);
    vce_start(h);
    g_assert_cmphex(aemu_test_rreg(h, mmVCE_STATUS), ==, 2);
    /* vce_v2_0_stop. */
    g_assert_cmphex(aemu_test_rreg(h, mmVCE_LMI_STATUS) & 0x337f, ==, 0x337f);
    g_assert_cmphex(aemu_test_rreg(h, mmSRBM_STATUS2) &
                    SRBM_STATUS2__VCE_BUSY_MASK, ==, 0);
    aemu_test_wreg(h, mmVCE_LMI_CTRL2, 1 << 8);
    g_assert_cmphex(aemu_test_rreg(h, mmVCE_LMI_STATUS) & 0x240, ==, 0x240);
    aemu_test_wreg(h, mmVCE_VCPU_CNTL, aemu_test_rreg(h, mmVCE_VCPU_CNTL) &
                   ~0x80001u);
    aemu_test_wreg(h, mmVCE_SOFT_RESET, aemu_test_rreg(h, mmVCE_SOFT_RESET) |
                   1);
    aemu_test_wreg(h, mmVCE_STATUS, 0);
    g_assert_cmphex(aemu_test_rreg(h, mmVCE_STATUS), ==, 0);
    g_assert_cmpuint(h->guest_errors->len, ==, 0);
    aemu_test_host_free(h);
}

/* amdgpu_vce_ring_test_ring on both rings: the read pointer moves. */
static void test_ring_test(void)
{
    Vce v = setup();

    for (unsigned r = 0; r < 2; r++) {
        uint32_t before = aemu_test_rreg(v.h, rptr_reg[r]);

        emit(&v, r, CMD_END);
        commit(&v, r);
        video_run(v.h);
        g_assert_cmpuint(aemu_test_rreg(v.h, rptr_reg[r]), !=, before);
        g_assert_cmpuint(aemu_test_rreg(v.h, rptr_reg[r]), ==, v.wptr[r]);
    }
    g_assert_cmpuint(v.h->guest_errors->len, ==, 0);
    aemu_test_host_free(v.h);
}

/*
 * A restart after a full reset (registers back to 0) at the old write
 * pointer: the ring continues there and does not replay what came before
 * (it used to take 0, re-running old IB commands on IBs long freed).
 */
static void test_restart_after_reset(void)
{
    Vce v = setup();

    /* Past the smallest ring size, which a reset leaves the model with. */
    for (uint32_t seq = 1; seq <= 100; seq++) {
        emit_fence(&v, 0, FENCE, seq);
    }
    commit(&v, 0);
    video_run(v.h);
    g_assert_cmphex(aemu_test_get32(v.h->vram + FENCE), ==, 100);
    aemu_test_put32(v.h->vram + FENCE, 0);
    aemu_device_reset(v.h->dev, AEMU_RESET_PCI_CONFIG);
    vce_start_at(v.h, v.wptr[0]);
    video_run(v.h);
    g_assert_cmphex(aemu_test_get32(v.h->vram + FENCE), ==, 0);
    g_assert_cmpuint(aemu_test_rreg(v.h, mmVCE_RB_RPTR), ==, v.wptr[0]);
    emit_fence(&v, 0, FENCE, 200);
    commit(&v, 0);
    video_run(v.h);
    g_assert_cmphex(aemu_test_get32(v.h->vram + FENCE), ==, 200);
    g_assert_cmpuint(v.h->guest_errors->len, ==, 0);
    aemu_test_host_free(v.h);
}

/* Not fetching before the firmware runs. */
static void test_no_fetch_in_reset(void)
{
    Vce v = { .h = video_host() };

    emit(&v, 0, CMD_END);
    commit(&v, 0);
    video_run(v.h);
    g_assert_cmpuint(aemu_test_rreg(v.h, mmVCE_RB_RPTR), ==, 0);
    aemu_test_host_free(v.h);
}

/* Fence and trap on each ring; IV 167 names the ring; masked: no IV. */
static void test_fence_trap(void)
{
    Vce v = setup();

    for (unsigned r = 0; r < 2; r++) {
        emit_fence(&v, r, FENCE + 8 * r, 100 + r);
        commit(&v, r);
    }
    video_run(v.h);
    g_assert_cmphex(aemu_test_get32(v.h->vram + FENCE), ==, 100);
    g_assert_cmphex(aemu_test_get32(v.h->vram + FENCE + 8), ==, 101);
    g_assert_cmpuint(video_iv_count(v.h, IV_SRC_VCE, 0), ==, 1);
    g_assert_cmpuint(video_iv_count(v.h, IV_SRC_VCE, 1), ==, 1);
    aemu_test_wreg(v.h, mmVCE_SYS_INT_EN, 0);
    emit_fence(&v, 0, FENCE, 102);
    commit(&v, 0);
    video_run(v.h);
    g_assert_cmphex(aemu_test_get32(v.h->vram + FENCE), ==, 102);
    g_assert_cmpuint(video_iv_count(v.h, IV_SRC_VCE, -1), ==, 2);
    g_assert_cmpuint(v.h->guest_errors->len, ==, 0);
    aemu_test_host_free(v.h);
}

/* amdgpu_vce_ring_test_ib: create (unfenced), then destroy, fenced. */
static void test_ib_test(void)
{
    Vce v = setup();
    unsigned open;
    uint64_t ibs, refused;

    create_ib(v.h, IB, 1);
    emit_ib(&v, 0, IB, IB_DW);
    commit(&v, 0);
    video_run(v.h);
    counts(&v, &open, &ibs, &refused);
    g_assert_cmpuint(open, ==, 1);
    destroy_ib(v.h, IB2, 1);
    emit_ib(&v, 0, IB2, IB_DW);
    emit_fence(&v, 0, FENCE, 7);
    commit(&v, 0);
    video_run(v.h);
    counts(&v, &open, &ibs, &refused);
    g_assert_cmpuint(open, ==, 0);
    g_assert_cmpuint(ibs, ==, 2);
    g_assert_cmpuint(refused, ==, 0);
    g_assert_cmphex(aemu_test_get32(v.h->vram + FENCE), ==, 7);
    g_assert_cmpuint(video_iv_count(v.h, IV_SRC_VCE, 0), ==, 1);
    g_assert_cmpuint(v.h->guest_errors->len, ==, 0);
    aemu_test_host_free(v.h);
}

/* An encode task: refused, its bitstream untouched, its fence signalled. */
static void test_encode_refused(void)
{
    Vce v = setup();
    unsigned open;
    uint64_t ibs, refused;
    uint32_t enc[8] = { 0 };
    Rec b;

    create_ib(v.h, IB, 3);
    emit_ib(&v, 0, IB, IB_DW);
    b = rec_begin(v.h, IB2);
    rec(&b, REC_SESSION, (const uint32_t[]) { 3 }, 1);
    rec(&b, REC_ENCODE, enc, 8);
    memset(v.h->vram + IB2 + IB_DW * 4, 0x5a, 4096);
    emit_ib(&v, 0, IB2, IB_DW);
    emit_fence(&v, 0, FENCE, 8);
    commit(&v, 0);
    video_run(v.h);
    counts(&v, &open, &ibs, &refused);
    g_assert_cmpuint(open, ==, 1);
    g_assert_cmpuint(refused, ==, 1);
    g_assert_cmphex(aemu_test_get32(v.h->vram + FENCE), ==, 8);
    for (unsigned i = 0; i < 4096; i++) {
        g_assert_cmphex(v.h->vram[IB2 + IB_DW * 4 + i], ==, 0x5a);
    }
    g_assert_cmpuint(v.h->guest_errors->len, ==, 0);
    aemu_test_host_free(v.h);
}

/* Malformed records are a firmware error: skipped, the ring goes on. */
static void test_malformed_ib(void)
{
    Vce v = setup();
    unsigned open;
    uint64_t ibs, refused;

    /* A record claiming more than the IB holds. */
    memset(v.h->vram + IB, 0, IB_DW * 4);
    aemu_test_put32(v.h->vram + IB, 0x7ffffff0);
    aemu_test_put32(v.h->vram + IB + 4, REC_CREATE);
    emit_ib(&v, 0, IB, IB_DW);
    /* An unaligned length. */
    memset(v.h->vram + IB2, 0, IB_DW * 4);
    aemu_test_put32(v.h->vram + IB2, 13);
    emit_ib(&v, 0, IB2, IB_DW);
    /* A giant IB of zeros ends at its first (empty) record. */
    emit_ib(&v, 0, IB2 + 8, 0xffffffff);
    emit_fence(&v, 0, FENCE, 11);
    commit(&v, 0);
    video_run(v.h);
    counts(&v, &open, &ibs, &refused);
    g_assert_cmpuint(open, ==, 0);
    g_assert_cmpuint(refused, ==, 2);
    g_assert_cmpuint(v.h->guest_errors->len, ==, 2);
    g_assert_cmphex(aemu_test_get32(v.h->vram + FENCE), ==, 11);
    aemu_test_host_free(v.h);
}

/* Unknown commands and a write pointer past the ring hang, visibly. */
static void test_hostile_ring(void)
{
    Vce v = setup();

    emit(&v, 0, 0x77);
    commit(&v, 0);
    video_run(v.h);
    g_assert_cmpuint(v.h->guest_errors->len, ==, 1);
    g_assert_cmpuint(aemu_test_rreg(v.h, mmVCE_RB_RPTR), ==, 0);
    /* Ring 1 is unaffected; a write pointer past it wraps into NOPs. */
    memset(v.h->vram + RING(1), 0, RING_DW * 4);
    aemu_test_wreg(v.h, mmVCE_RB_WPTR2, 0xfffffff3);
    video_run(v.h);
    g_assert_cmpuint(aemu_test_rreg(v.h, mmVCE_RB_RPTR2), ==,
                     0xfffffff3 & (RING_DW - 1));
    /* The driver's restart recovers ring 0. */
    vce_start(v.h);
    v.wptr[0] = 0;
    emit_fence(&v, 0, FENCE, 12);
    commit(&v, 0);
    video_run(v.h);
    g_assert_cmphex(aemu_test_get32(v.h->vram + FENCE), ==, 12);
    /* A ring size that is not a power of two: reported, not fetched. */
    aemu_test_wreg(v.h, mmVCE_RB_SIZE, 1000);
    emit(&v, 0, CMD_END);
    commit(&v, 0);
    video_run(v.h);
    g_assert_cmpuint(v.h->guest_errors->len, ==, 2);
    aemu_test_host_free(v.h);
}

/* radeon_vce_semaphore_emit: a signal, then a wait that it satisfies. */
static void test_semaphore(void)
{
    Vce v = setup();
    uint64_t sem = FENCE + 0x40;

    aemu_test_put64(v.h->vram + sem, 0);
    emit(&v, 1, CMD_SEMAPHORE);
    emit(&v, 1, (uint32_t)(sem >> 3) & 0xfffff);
    emit(&v, 1, (uint32_t)(sem >> 23) & 0xfffff);
    emit(&v, 1, 0x01003000 | 1);                /* wait */
    emit_fence(&v, 1, FENCE, 21);
    commit(&v, 1);
    video_run(v.h);
    g_assert_cmphex(aemu_test_get32(v.h->vram + FENCE), !=, 21);
    emit(&v, 0, CMD_SEMAPHORE);
    emit(&v, 0, (uint32_t)(sem >> 3) & 0xfffff);
    emit(&v, 0, (uint32_t)(sem >> 23) & 0xfffff);
    emit(&v, 0, 0x01003000);                    /* signal */
    commit(&v, 0);
    video_run(v.h);
    g_assert_cmphex(aemu_test_get32(v.h->vram + FENCE), ==, 21);
    g_assert_cmpuint(v.h->guest_errors->len, ==, 0);
    aemu_test_host_free(v.h);
}

int main(int argc, char **argv)
{
    g_test_init(&argc, &argv, NULL);
    g_test_add_func("/vce/boot-handshake", test_boot_handshake);
    g_test_add_func("/vce/ring-test", test_ring_test);
    g_test_add_func("/vce/no-fetch-in-reset", test_no_fetch_in_reset);
    g_test_add_func("/vce/restart-after-reset", test_restart_after_reset);
    g_test_add_func("/vce/fence-trap", test_fence_trap);
    g_test_add_func("/vce/ib-test", test_ib_test);
    g_test_add_func("/vce/encode-refused", test_encode_refused);
    g_test_add_func("/vce/hostile/malformed-ib", test_malformed_ib);
    g_test_add_func("/vce/hostile/ring", test_hostile_ring);
    g_test_add_func("/vce/semaphore", test_semaphore);
    return g_test_run();
}
