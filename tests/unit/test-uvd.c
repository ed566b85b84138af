/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Unit tests of the UVD 4.2 model (hw/amdgpu-emu/core/uvd_v4_2.c) on the
 * standalone host: the VCPU boot handshake and stop sequence as
 * uvd_v4_2_start/stop run them, the ring test, fences and the trap as
 * amdgpu and radeon emit them, the IB test's create and destroy messages,
 * a decode message refused, and hostile streams (write pointer past the
 * ring, a PACKET0 longer than the ring, a giant IB, an IB inside an IB,
 * writes outside UVD).
 */
#include "cik-video-env.h"

/* VRAM layout (MC address = VRAM offset). */
#define RING 0x200000ull
#define RING_ORDER 12u                      /* 4 KiB, as amdgpu */
#define RING_DW ((1u << RING_ORDER) / 4)
#define IB 0x210000ull
#define IB2 0x211000ull
#define MSG 0x220000ull
#define FENCE 0x230000ull
#define TARGET 0x240000ull

#define IV_SRC_UVD 124
#define PKT0(reg) ((uint32_t)(reg))
#define PKT0_N(reg, n) ((uint32_t)(reg) | (uint32_t)((n) - 1) << 16)
#define CMD_FENCE 0u
#define CMD_TRAP 2u                         /* command 1, shifted */
#define MSG_CREATE 0u
#define MSG_DECODE 1u
#define MSG_DESTROY 2u

typedef struct Uvd {
    AemuTestHost *h;
    uint32_t wptr;
} Uvd;

/* uvd_v4_2_start, the part the model gives a meaning. */
static void uvd_start(AemuTestHost *h)
{
    aemu_test_wreg(h, mmUVD_STATUS, aemu_test_rreg(h, mmUVD_STATUS) | 4);
    aemu_test_wreg(h, mmUVD_VCPU_CNTL, UVD_VCPU_CNTL__CLK_EN_MASK);
    aemu_test_wreg(h, mmUVD_SOFT_RESET, aemu_test_rreg(h, mmUVD_SOFT_RESET) &
                   ~UVD_SOFT_RESET__LMI_SOFT_RESET_MASK);
    aemu_test_wreg(h, mmUVD_SOFT_RESET, aemu_test_rreg(h, mmUVD_SOFT_RESET) &
                   ~UVD_SOFT_RESET__LMI_UMC_SOFT_RESET_MASK);
    aemu_test_wreg(h, mmUVD_SOFT_RESET, aemu_test_rreg(h, mmUVD_SOFT_RESET) &
                   ~UVD_SOFT_RESET__VCPU_SOFT_RESET_MASK);
    g_assert_cmphex(aemu_test_rreg(h, mmUVD_STATUS) & 2, ==, 2);
    aemu_test_wreg(h, mmUVD_MASTINT_EN, UVD_MASTINT_EN__VCPU_EN_MASK |
                   UVD_MASTINT_EN__SYS_EN_MASK);
    aemu_test_wreg(h, mmUVD_STATUS, aemu_test_rreg(h, mmUVD_STATUS) & ~4u);
    aemu_test_wreg(h, mmUVD_RBC_RB_CNTL, 0x11010101);
    aemu_test_wreg(h, mmUVD_RBC_RB_WPTR_CNTL, 0);
    aemu_test_wreg(h, mmUVD_LMI_EXT40_ADDR, (0x7 << 16) | (1u << 31));
    aemu_test_wreg(h, mmUVD_RBC_RB_RPTR, 0);
    aemu_test_wreg(h, mmUVD_RBC_RB_WPTR, aemu_test_rreg(h, mmUVD_RBC_RB_RPTR));
    aemu_test_wreg(h, mmUVD_RBC_RB_BASE, (uint32_t)RING);
    aemu_test_wreg(h, mmUVD_RBC_RB_CNTL,
                   (aemu_test_rreg(h, mmUVD_RBC_RB_CNTL) & ~0x11f1fu) |
                   (1u << 8) | RING_ORDER);
}

static Uvd setup(void)
{
    Uvd u = { .h = video_host() };

    uvd_start(u.h);
    return u;
}

static void emit(Uvd *u, uint32_t v)
{
    aemu_test_put32(u->h->vram + RING + 4 * u->wptr, v);
    u->wptr = (u->wptr + 1) % RING_DW;
}

static void emit_reg(Uvd *u, uint32_t reg, uint32_t v)
{
    emit(u, PKT0(reg));
    emit(u, v);
}

static void commit(Uvd *u)
{
    aemu_test_wreg(u->h, mmUVD_RBC_RB_WPTR, u->wptr);
}

/* uvd_v4_2_ring_emit_fence. */
static void emit_fence_amdgpu(Uvd *u, uint64_t addr, uint32_t seq)
{
    emit_reg(u, mmUVD_CONTEXT_ID, seq);
    emit_reg(u, mmUVD_GPCOM_VCPU_DATA0, (uint32_t)addr);
    emit_reg(u, mmUVD_GPCOM_VCPU_DATA1, (uint32_t)(addr >> 32) & 0xff);
    emit_reg(u, mmUVD_GPCOM_VCPU_CMD, CMD_FENCE);
    emit_reg(u, mmUVD_GPCOM_VCPU_DATA0, 0);
    emit_reg(u, mmUVD_GPCOM_VCPU_DATA1, 0);
    emit_reg(u, mmUVD_GPCOM_VCPU_CMD, CMD_TRAP);
}

/* radeon's uvd_v1_0_fence_emit. */
static void emit_fence_radeon(Uvd *u, uint64_t addr, uint32_t seq)
{
    emit_reg(u, mmUVD_GPCOM_VCPU_DATA0, (uint32_t)addr);
    emit_reg(u, mmUVD_GPCOM_VCPU_DATA1, seq);
    emit_reg(u, mmUVD_GPCOM_VCPU_CMD, CMD_FENCE);
    emit_reg(u, mmUVD_GPCOM_VCPU_DATA0, 0);
    emit_reg(u, mmUVD_GPCOM_VCPU_DATA1, 0);
    emit_reg(u, mmUVD_GPCOM_VCPU_CMD, CMD_TRAP);
}

/* A message as amdgpu_uvd_get_create_msg / _destroy_msg write it. */
static void put_msg(AemuTestHost *h, uint64_t at, uint32_t type,
                    uint32_t handle)
{
    memset(h->vram + at, 0, 4096);
    aemu_test_put32(h->vram + at, 0xde4);
    aemu_test_put32(h->vram + at + 4, type);
    aemu_test_put32(h->vram + at + 8, handle);
    aemu_test_put32(h->vram + at + 28, 0x780);
    aemu_test_put32(h->vram + at + 32, 0x440);
}

/* amdgpu_uvd_send_msg's 16-dword IB at ib, then the ring's IB packet. */
static void send_msg(Uvd *u, uint64_t ib, uint64_t msg)
{
    uint8_t *p = u->h->vram + ib;

    aemu_test_put32(p + 0, PKT0(mmUVD_GPCOM_VCPU_DATA0));
    aemu_test_put32(p + 4, (uint32_t)msg);
    aemu_test_put32(p + 8, PKT0(mmUVD_GPCOM_VCPU_DATA1));
    aemu_test_put32(p + 12, (uint32_t)(msg >> 32));
    aemu_test_put32(p + 16, PKT0(mmUVD_GPCOM_VCPU_CMD));
    aemu_test_put32(p + 20, CMD_FENCE);
    for (unsigned i = 6; i < 16; i += 2) {
        aemu_test_put32(p + 4 * i, PKT0(mmUVD_NO_OP));
        aemu_test_put32(p + 4 * i + 4, 0);
    }
    emit_reg(u, mmUVD_RBC_IB_BASE, (uint32_t)ib);
    emit_reg(u, mmUVD_RBC_IB_SIZE, 16);
}

static void counts(Uvd *u, unsigned *open, uint64_t *msgs, uint64_t *refused)
{
    aemu_uvd_v4_2_counts(u->h->dev, open, msgs, refused);
}

/* uvd_v4_2_start's poll, a VCPU reset pulse, and uvd_v4_2_stop's polls. */
static void test_boot_handshake(void)
{
    AemuTestHost *h = video_host();

    /* Power-on: the VCPU is in reset and reports nothing. */
    g_assert_cmphex(aemu_test_rreg(h, mmUVD_STATUS), ==, 0);
    /* Out of reset but unclocked: still nothing. */
    aemu_test_wreg(h, mmUVD_SOFT_RESET, 0);
    g_assert_cmphex(aemu_test_rreg(h, mmUVD_STATUS) & 2, ==, 0);
    aemu_test_wreg(h, mmUVD_SOFT_RESET, UVD_SOFT_RESET__VCPU_SOFT_RESET_MASK);
    uvd_start(h);
    /* The busy bit the driver cleared stays clear; the report stays. */
    g_assert_cmphex(aemu_test_rreg(h, mmUVD_STATUS), ==, 2);
    /* "UVD not responding, trying to reset the VCPU": the pulse. */
    aemu_test_wreg(h, mmUVD_SOFT_RESET, UVD_SOFT_RESET__VCPU_SOFT_RESET_MASK);
    g_assert_cmphex(aemu_test_rreg(h, mmUVD_STATUS) & 2, ==, 0);
    aemu_test_wreg(h, mmUVD_SOFT_RESET, 0);
    g_assert_cmphex(aemu_test_rreg(h, mmUVD_STATUS) & 2, ==, 2);
    /* uvd_v4_2_stop. */
    aemu_test_wreg(h, mmUVD_RBC_RB_CNTL, 0x11010101);
    g_assert_cmphex(aemu_test_rreg(h, mmUVD_LMI_STATUS) & 0xf, !=, 0);
    aemu_test_wreg(h, mmUVD_LMI_CTRL2, 1 << 8);
    g_assert_cmphex(aemu_test_rreg(h, mmUVD_LMI_STATUS) & 0x240, ==, 0x240);
    aemu_test_wreg(h, mmUVD_VCPU_CNTL, 0);
    aemu_test_wreg(h, mmUVD_SOFT_RESET, UVD_SOFT_RESET__LMI_SOFT_RESET_MASK |
                   UVD_SOFT_RESET__VCPU_SOFT_RESET_MASK |
                   UVD_SOFT_RESET__LMI_UMC_SOFT_RESET_MASK);
    aemu_test_wreg(h, mmUVD_STATUS, 0);
    /* uvd_v4_2_hw_fini stops only when this is non-zero. */
    g_assert_cmphex(aemu_test_rreg(h, mmUVD_STATUS), ==, 0);
    /* The indirect context space keeps what is written. */
    aemu_test_wreg(h, mmUVD_CTX_INDEX, ixUVD_LMI_CACHE_CTRL);
    aemu_test_wreg(h, mmUVD_CTX_DATA, 0x1234);
    aemu_test_wreg(h, mmUVD_CTX_INDEX, ixUVD_CGC_MEM_CTRL);
    aemu_test_wreg(h, mmUVD_CTX_DATA, 0x5678);
    aemu_test_wreg(h, mmUVD_CTX_INDEX, ixUVD_LMI_CACHE_CTRL);
    g_assert_cmphex(aemu_test_rreg(h, mmUVD_CTX_DATA), ==, 0x1234);
    g_assert_cmpuint(h->guest_errors->len, ==, 0);
    aemu_test_host_free(h);
}

/* uvd_v4_2_ring_test_ring (and radeon's uvd_v1_0_ring_test). */
static void test_ring_test(void)
{
    Uvd u = setup();

    aemu_test_wreg(u.h, mmUVD_CONTEXT_ID, 0xcafedead);
    emit_reg(&u, mmUVD_CONTEXT_ID, 0xdeadbeef);
    while (u.wptr % 16) {
        emit_reg(&u, mmUVD_NO_OP, 0);
    }
    commit(&u);
    video_run(u.h);
    g_assert_cmphex(aemu_test_rreg(u.h, mmUVD_CONTEXT_ID), ==, 0xdeadbeef);
    g_assert_cmpuint(aemu_test_rreg(u.h, mmUVD_RBC_RB_RPTR), ==, u.wptr);
    g_assert_cmpuint(u.h->guest_errors->len, ==, 0);
    aemu_test_host_free(u.h);
}

/* A ring that does not fetch: VCPU unclocked, or RB_NO_FETCH set. */
static void test_no_fetch(void)
{
    Uvd u = setup();

    aemu_test_wreg(u.h, mmUVD_RBC_RB_CNTL,
                   aemu_test_rreg(u.h, mmUVD_RBC_RB_CNTL) |
                   UVD_RBC_RB_CNTL__RB_NO_FETCH_MASK);
    emit_reg(&u, mmUVD_CONTEXT_ID, 1);
    commit(&u);
    video_run(u.h);
    g_assert_cmpuint(aemu_test_rreg(u.h, mmUVD_RBC_RB_RPTR), ==, 0);
    /* Clearing RB_NO_FETCH is the start edge. */
    aemu_test_wreg(u.h, mmUVD_RBC_RB_CNTL,
                   aemu_test_rreg(u.h, mmUVD_RBC_RB_CNTL) &
                   ~UVD_RBC_RB_CNTL__RB_NO_FETCH_MASK);
    video_run(u.h);
    g_assert_cmpuint(aemu_test_rreg(u.h, mmUVD_RBC_RB_RPTR), ==, u.wptr);
    g_assert_cmphex(aemu_test_rreg(u.h, mmUVD_CONTEXT_ID), ==, 1);
    aemu_test_host_free(u.h);
}

/* amdgpu's fence and trap: the value, the address, IV 124. */
static void test_fence_amdgpu(void)
{
    Uvd u = setup();

    aemu_test_put32(u.h->vram + FENCE, 0);
    emit_fence_amdgpu(&u, FENCE, 0x1234);
    commit(&u);
    video_run(u.h);
    g_assert_cmphex(aemu_test_get32(u.h->vram + FENCE), ==, 0x1234);
    g_assert_cmpuint(video_iv_count(u.h, IV_SRC_UVD, -1), ==, 1);
    /* Interrupts masked: the fence lands, no IV. */
    aemu_test_wreg(u.h, mmUVD_MASTINT_EN, 0);
    emit_fence_amdgpu(&u, FENCE, 0x1235);
    commit(&u);
    video_run(u.h);
    g_assert_cmphex(aemu_test_get32(u.h->vram + FENCE), ==, 0x1235);
    g_assert_cmpuint(video_iv_count(u.h, IV_SRC_UVD, -1), ==, 1);
    g_assert_cmpuint(u.h->guest_errors->len, ==, 0);
    aemu_test_host_free(u.h);
}

/* radeon's fence: the sequence number in DATA1, no UVD_CONTEXT_ID. */
static void test_fence_radeon(void)
{
    Uvd u = setup();

    /*
     * radeon's ring test wrote UVD_CONTEXT_ID from the ring just before,
     * padded with NO_OPs: that value is not the fence's.
     */
    emit_reg(&u, mmUVD_CONTEXT_ID, 0xdeadbeef);
    while (u.wptr % 16) {
        emit_reg(&u, mmUVD_NO_OP, 0);
    }
    emit_fence_radeon(&u, FENCE + 8, 77);
    commit(&u);
    video_run(u.h);
    g_assert_cmphex(aemu_test_get32(u.h->vram + FENCE + 8), ==, 77);
    g_assert_cmpuint(video_iv_count(u.h, IV_SRC_UVD, -1), ==, 1);
    aemu_test_host_free(u.h);
}

/* amdgpu_uvd_ring_test_ib: create then destroy handle 1, fenced each. */
static void test_ib_test(void)
{
    Uvd u = setup();
    unsigned open;
    uint64_t msgs, refused;

    put_msg(u.h, MSG, MSG_CREATE, 1);
    send_msg(&u, IB, MSG);
    emit_fence_amdgpu(&u, FENCE, 1);
    commit(&u);
    video_run(u.h);
    g_assert_cmphex(aemu_test_get32(u.h->vram + FENCE), ==, 1);
    counts(&u, &open, &msgs, &refused);
    g_assert_cmpuint(open, ==, 1);
    g_assert_cmpuint(msgs, ==, 1);

    put_msg(u.h, MSG + 0x1000, MSG_DESTROY, 1);
    send_msg(&u, IB2, MSG + 0x1000);
    emit_fence_amdgpu(&u, FENCE, 2);
    commit(&u);
    video_run(u.h);
    g_assert_cmphex(aemu_test_get32(u.h->vram + FENCE), ==, 2);
    counts(&u, &open, &msgs, &refused);
    g_assert_cmpuint(open, ==, 0);
    g_assert_cmpuint(msgs, ==, 2);
    g_assert_cmpuint(refused, ==, 0);
    g_assert_cmpuint(video_iv_count(u.h, IV_SRC_UVD, -1), ==, 2);
    g_assert_cmpuint(aemu_test_rreg(u.h, mmUVD_RBC_RB_RPTR), ==, u.wptr);
    g_assert_cmpuint(u.h->guest_errors->len, ==, 0);
    aemu_test_host_free(u.h);
}

/* A decode job: refused, fenced, nothing written to its target. */
static void test_decode_refused(void)
{
    Uvd u = setup();
    unsigned open;
    uint64_t msgs, refused;

    put_msg(u.h, MSG, MSG_CREATE, 7);
    send_msg(&u, IB, MSG);
    memset(u.h->vram + TARGET, 0x5a, 4096);
    put_msg(u.h, MSG + 0x1000, MSG_DECODE, 7);
    send_msg(&u, IB2, MSG + 0x1000);
    emit_fence_amdgpu(&u, FENCE, 9);
    commit(&u);
    video_run(u.h);
    counts(&u, &open, &msgs, &refused);
    g_assert_cmpuint(open, ==, 1);
    g_assert_cmpuint(msgs, ==, 2);
    g_assert_cmpuint(refused, ==, 1);
    g_assert_cmphex(aemu_test_get32(u.h->vram + FENCE), ==, 9);
    g_assert_cmpuint(video_iv_count(u.h, IV_SRC_UVD, -1), ==, 1);
    for (unsigned i = 0; i < 4096; i++) {
        g_assert_cmphex(u.h->vram[TARGET + i], ==, 0x5a);
    }
    /*
     * A second create of an open handle (reported) and a stray destroy
     * (counted only: radeon sends one after a GPU reset): refused.
     */
    put_msg(u.h, MSG, MSG_CREATE, 7);
    put_msg(u.h, MSG + 0x1000, MSG_DESTROY, 8);
    send_msg(&u, IB, MSG);
    send_msg(&u, IB2, MSG + 0x1000);
    commit(&u);
    video_run(u.h);
    counts(&u, &open, &msgs, &refused);
    g_assert_cmpuint(open, ==, 1);
    g_assert_cmpuint(refused, ==, 3);
    g_assert_cmpuint(u.h->guest_errors->len, ==, 1);
    aemu_test_host_free(u.h);
}

/* The session table is bounded: the 41st create is refused. */
static void test_sessions_bounded(void)
{
    Uvd u = setup();
    unsigned open;
    uint64_t msgs, refused;

    for (unsigned i = 1; i <= 41; i++) {
        put_msg(u.h, MSG, MSG_CREATE, i);
        send_msg(&u, IB, MSG);
        emit_fence_amdgpu(&u, FENCE, i);
        commit(&u);
        video_run(u.h);
    }
    counts(&u, &open, &msgs, &refused);
    g_assert_cmpuint(open, ==, 40);
    g_assert_cmpuint(refused, ==, 1);
    g_assert_cmphex(aemu_test_get32(u.h->vram + FENCE), ==, 41);
    aemu_test_host_free(u.h);
}

/* A write pointer past the ring wraps; the garbage it runs hangs the ring. */
static void test_wptr_past_ring(void)
{
    Uvd u = setup();

    memset(u.h->vram + RING, 0, 1u << RING_ORDER);
    aemu_test_wreg(u.h, mmUVD_RBC_RB_WPTR, 0xffffffff);
    video_run(u.h);
    /* Zeros are PACKET0 writes to register 0, outside UVD: a hang. */
    g_assert_cmpuint(u.h->guest_errors->len, >=, 1);
    g_assert_cmpuint(aemu_test_rreg(u.h, mmUVD_RBC_RB_RPTR), <, RING_DW);
    /* The driver's restart recovers the ring. */
    uvd_start(u.h);
    u.wptr = 0;
    aemu_test_wreg(u.h, mmUVD_CONTEXT_ID, 0);
    emit_reg(&u, mmUVD_CONTEXT_ID, 0xdeadbeef);
    commit(&u);
    video_run(u.h);
    g_assert_cmphex(aemu_test_rreg(u.h, mmUVD_CONTEXT_ID), ==, 0xdeadbeef);
    aemu_test_host_free(u.h);
}

/* A PACKET0 longer than the ring can ever hold hangs, never waits. */
static void test_packet_too_long(void)
{
    Uvd u = setup();

    emit(&u, PKT0_N(mmUVD_NO_OP, 0x4000));
    commit(&u);
    video_run(u.h);
    g_assert_cmpuint(u.h->guest_errors->len, ==, 1);
    g_assert_cmpuint(aemu_test_rreg(u.h, mmUVD_RBC_RB_RPTR), ==, 0);
    aemu_test_host_free(u.h);
}

/* A giant IB size, an IB inside an IB, a ring write to a control. */
static void test_hostile_ibs(void)
{
    Uvd u = setup();
    uint8_t *ib = u.h->vram + IB;

    /* The IB's size field caps it; its zeros hang the ring at once. */
    memset(ib, 0, 4096);
    emit_reg(&u, mmUVD_RBC_IB_BASE, (uint32_t)IB);
    emit_reg(&u, mmUVD_RBC_IB_SIZE, 0xffffffff);
    commit(&u);
    video_run(u.h);
    g_assert_cmpuint(u.h->guest_errors->len, ==, 1);

    /* Restart; an IB that starts an IB hangs. */
    uvd_start(u.h);
    u.wptr = 0;
    aemu_test_put32(ib + 0, PKT0(mmUVD_RBC_IB_BASE));
    aemu_test_put32(ib + 4, (uint32_t)IB);
    aemu_test_put32(ib + 8, PKT0(mmUVD_RBC_IB_SIZE));
    aemu_test_put32(ib + 12, 4);
    emit_reg(&u, mmUVD_RBC_IB_BASE, (uint32_t)IB);
    emit_reg(&u, mmUVD_RBC_IB_SIZE, 16);
    commit(&u);
    video_run(u.h);
    g_assert_cmpuint(u.h->guest_errors->len, ==, 2);

    /* Restart; a ring write to its own controls is ignored, not obeyed. */
    uvd_start(u.h);
    u.wptr = 0;
    emit_reg(&u, mmUVD_RBC_RB_BASE, 0);
    emit_reg(&u, mmUVD_CONTEXT_ID, 0xdeadbeef);
    commit(&u);
    video_run(u.h);
    g_assert_cmpuint(u.h->guest_errors->len, ==, 3);
    g_assert_cmphex(aemu_test_rreg(u.h, mmUVD_RBC_RB_BASE), ==, RING);
    g_assert_cmphex(aemu_test_rreg(u.h, mmUVD_CONTEXT_ID), ==, 0xdeadbeef);

    /* A message address that faults is refused, the ring goes on. */
    send_msg(&u, IB2, 0xfe00000000ull);
    emit_fence_amdgpu(&u, FENCE, 5);
    commit(&u);
    video_run(u.h);
    g_assert_cmphex(aemu_test_get32(u.h->vram + FENCE), ==, 5);
    aemu_test_host_free(u.h);
}

/* RB_BUFSZ out of range: reported, and the ring does not fetch. */
static void test_bad_bufsz(void)
{
    Uvd u = setup();

    aemu_test_wreg(u.h, mmUVD_RBC_RB_CNTL, (1u << 8) | 31);
    emit_reg(&u, mmUVD_CONTEXT_ID, 1);
    commit(&u);
    video_run(u.h);
    g_assert_cmpuint(u.h->guest_errors->len, ==, 1);
    g_assert_cmpuint(aemu_test_rreg(u.h, mmUVD_RBC_RB_RPTR), ==, 0);
    aemu_test_host_free(u.h);
}

int main(int argc, char **argv)
{
    g_test_init(&argc, &argv, NULL);
    g_test_add_func("/uvd/boot-handshake", test_boot_handshake);
    g_test_add_func("/uvd/ring-test", test_ring_test);
    g_test_add_func("/uvd/no-fetch", test_no_fetch);
    g_test_add_func("/uvd/fence-amdgpu", test_fence_amdgpu);
    g_test_add_func("/uvd/fence-radeon", test_fence_radeon);
    g_test_add_func("/uvd/ib-test", test_ib_test);
    g_test_add_func("/uvd/decode-refused", test_decode_refused);
    g_test_add_func("/uvd/sessions-bounded", test_sessions_bounded);
    g_test_add_func("/uvd/hostile/wptr-past-ring", test_wptr_past_ring);
    g_test_add_func("/uvd/hostile/packet-too-long", test_packet_too_long);
    g_test_add_func("/uvd/hostile/ibs", test_hostile_ibs);
    g_test_add_func("/uvd/hostile/bad-bufsz", test_bad_bufsz);
    return g_test_run();
}
