/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Unit tests of fault injection (core/inject.c) on the standalone host:
 * each knob through aemu_inject, the entry QEMU's qom-set properties, the
 * fuzzer and aemu-replay share, on the CIK SDMA rings set up as
 * cik_sdma_gfx_resume does (the harness is test-sdma.c's): a hang that
 * stops a queue busy with no IV until a soft reset, interrupts dropped
 * while their fences land, a fence written one sequence number behind,
 * VRAM lost at the next reset, a reset that never completes, and unknown
 * queue names refused.
 *
 * Memory layout: VRAM at MC address 0; the GART (VM context 0, one flat
 * table in VRAM) maps GTT page i to system RAM page i, so a GTT address is
 * GART_START + bus address. Rings, write-back slots and the IH ring live
 * in system RAM, as amdgpu places them.
 */
#include "cik-sdma-rig.h"


/* cik_sdma_ring_emit_fence: FENCE, then TRAP for the interrupt. */
static void emit_fence_trap(Ring *r, uint64_t addr, uint32_t seq)
{
    emit_fence(r, addr, seq);
    emit(r, SDMA_PACKET(SDMA_OPCODE_TRAP, 0, 0));
}

static void inject(AemuTestHost *h, AemuInjectKind kind, const char *engine,
                   uint32_t count)
{
    AemuInjection inj = { .kind = kind, .engine = engine, .count = count };
    char *err = NULL;

    g_assert_true(aemu_inject(h->dev, &inj, &err));
    g_assert_null(err);
}

#define FENCE_SEQ 0x100u
#define FENCES 3u

/* The next N IVs are lost; every fence still lands (amdgpu's fallback). */
static void test_drop_irqs(void)
{
    AemuTestHost *h = setup();
    Ring r = ring_of(h, 0);

    inject(h, AEMU_INJECT_DROP_IRQS, NULL, 2);
    g_assert_cmpuint(aemu_inject_armed(h->dev, AEMU_INJECT_DROP_IRQS).count,
                     ==, 2);
    for (unsigned i = 0; i < FENCES; i++) {
        emit_fence_trap(&r, gtt(WB_SLOT(i)), FENCE_SEQ + i);
    }
    commit(&r);
    run(h);
    for (unsigned i = 0; i < FENCES; i++) {
        g_assert_cmphex(aemu_test_get32(h->ram + WB_SLOT(i)), ==,
                        FENCE_SEQ + i);
    }
    /* Two of the three traps' IVs were dropped, the third arrived. */
    g_assert_cmpuint(ih_count(h, IV_SRC_SDMA_TRAP, -1), ==, FENCES - 2);
    g_assert_cmpuint(aemu_inject_armed(h->dev, AEMU_INJECT_DROP_IRQS).count,
                     ==, 0);
    aemu_test_host_free(h);
}

/*
 * The next IV arrives the armed delay late, its fence at once; the IVs
 * after it are not held back; a reset drops one still held.
 */
#define DELAY_US 500u

static void test_delay_irq(void)
{
    AemuTestHost *h = setup();
    Ring r = ring_of(h, 0);

    inject(h, AEMU_INJECT_DELAY_IRQ, NULL, DELAY_US);
    g_assert_cmpuint(aemu_inject_armed(h->dev, AEMU_INJECT_DELAY_IRQ).count,
                     ==, DELAY_US);
    emit_fence_trap(&r, gtt(WB_SLOT(0)), FENCE_SEQ);
    commit(&r);
    /* Well before the delay: the fence is there, its IV is not. */
    aemu_test_host_advance(h, DELAY_US * 1000 / 4);
    g_assert_cmphex(aemu_test_get32(h->ram + WB_SLOT(0)), ==, FENCE_SEQ);
    g_assert_cmpuint(ih_count(h, IV_SRC_SDMA_TRAP, -1), ==, 0);
    g_assert_cmpuint(aemu_inject_armed(h->dev, AEMU_INJECT_DELAY_IRQ).count,
                     ==, 0);
    /* A second trap meanwhile is not held back. */
    emit_fence_trap(&r, gtt(WB_SLOT(1)), FENCE_SEQ + 1);
    commit(&r);
    aemu_test_host_advance(h, DELAY_US * 1000 / 4);
    g_assert_cmpuint(ih_count(h, IV_SRC_SDMA_TRAP, -1), ==, 1);
    /* Past the delay: the held one has arrived too. */
    aemu_test_host_advance(h, DELAY_US * 1000);
    g_assert_cmpuint(ih_count(h, IV_SRC_SDMA_TRAP, -1), ==, 2);
    aemu_test_host_free(h);
}

/* The next fence of the named queue is written one behind, then no more. */
static void test_corrupt_fence(void)
{
    AemuTestHost *h = setup();
    Ring r0 = ring_of(h, 0), r1 = ring_of(h, 1);

    inject(h, AEMU_INJECT_CORRUPT_FENCE, "sdma1", 0);
    g_assert_cmpstr(aemu_inject_armed(h->dev,
                    AEMU_INJECT_CORRUPT_FENCE).engine, ==, "sdma1");
    /* Another queue's fence is untouched. */
    emit_fence_trap(&r0, gtt(WB_SLOT(0)), FENCE_SEQ);
    commit(&r0);
    run(h);
    g_assert_cmphex(aemu_test_get32(h->ram + WB_SLOT(0)), ==, FENCE_SEQ);
    emit_fence_trap(&r1, gtt(WB_SLOT(1)), FENCE_SEQ);
    emit_fence_trap(&r1, gtt(WB_SLOT(2)), FENCE_SEQ + 1);
    commit(&r1);
    run(h);
    g_assert_cmphex(aemu_test_get32(h->ram + WB_SLOT(1)), ==, FENCE_SEQ - 1);
    g_assert_cmphex(aemu_test_get32(h->ram + WB_SLOT(2)), ==, FENCE_SEQ + 1);
    /* The IVs still arrive: the driver finds a stale value. */
    g_assert_cmpuint(ih_count(h, IV_SRC_SDMA_TRAP, 1), ==, 2);
    g_assert_cmpstr(aemu_inject_armed(h->dev,
                    AEMU_INJECT_CORRUPT_FENCE).engine, ==, "");
    aemu_test_host_free(h);
}

/* A count corrupts that many fences in a row, then no more. */
static void test_corrupt_fences(void)
{
    AemuTestHost *h = setup();
    Ring r = ring_of(h, 0);
    AemuInjection inj = { .kind = AEMU_INJECT_CORRUPT_FENCE,
                          .engine = "sdma0", .count = 2 };
    char *err = NULL;

    g_assert_true(aemu_inject(h->dev, &inj, &err));
    g_assert_cmpuint(aemu_inject_armed(h->dev,
                     AEMU_INJECT_CORRUPT_FENCE).count, ==, 2);
    for (unsigned i = 0; i < FENCES; i++) {
        emit_fence_trap(&r, gtt(WB_SLOT(i)), FENCE_SEQ + i);
    }
    commit(&r);
    run(h);
    g_assert_cmphex(aemu_test_get32(h->ram + WB_SLOT(0)), ==, FENCE_SEQ - 1);
    g_assert_cmphex(aemu_test_get32(h->ram + WB_SLOT(1)), ==, FENCE_SEQ);
    g_assert_cmphex(aemu_test_get32(h->ram + WB_SLOT(2)), ==, FENCE_SEQ + 2);
    g_assert_cmpstr(aemu_inject_armed(h->dev,
                    AEMU_INJECT_CORRUPT_FENCE).engine, ==, "");
    aemu_test_host_free(h);
}

/*
 * The named queue stops before its next packet: busy in SRBM_STATUS2 and
 * SDMA0_STATUS_REG, no IV, nothing executed, the other engine runs on;
 * a soft reset clears it as it clears any hang and the queue works again.
 */
static void test_hang(void)
{
    AemuTestHost *h = setup();
    Ring r0 = ring_of(h, 0), r1 = ring_of(h, 1);

    inject(h, AEMU_INJECT_HANG, "sdma0", 0);
    g_assert_cmpstr(aemu_inject_armed(h->dev, AEMU_INJECT_HANG).engine, ==,
                    "sdma0");
    emit_fence_trap(&r0, gtt(WB_SLOT(0)), FENCE_SEQ);
    commit(&r0);
    emit_fence_trap(&r1, gtt(WB_SLOT(1)), FENCE_SEQ);
    commit(&r1);
    run(h);
    run(h);
    g_assert_cmphex(aemu_test_get32(h->ram + WB_SLOT(0)), ==, 0);
    g_assert_cmphex(aemu_test_get32(h->ram + WB_SLOT(1)), ==, FENCE_SEQ);
    g_assert_true(sdma_busy(h, 0));
    g_assert_false(aemu_test_rreg(h, SREG(0, mmSDMA0_STATUS_REG)) &
                   SDMA0_STATUS_REG__IDLE_MASK);
    g_assert_false(sdma_busy(h, 1));
    g_assert_cmpuint(ih_count(h, IV_SRC_SDMA_TRAP, 0), ==, 0);
    g_assert_cmpuint(ih_count(h, IV_SRC_SDMA_TRAP, 1), ==, 1);
    g_assert_cmpstr(aemu_inject_armed(h->dev, AEMU_INJECT_HANG).engine, ==,
                    "");
    /* cik_sdma_soft_reset, then the rings come back: no new hang. */
    aemu_test_wreg(h, mmSRBM_SOFT_RESET,
                   SRBM_SOFT_RESET__SOFT_RESET_SDMA_MASK);
    aemu_test_wreg(h, mmSRBM_SOFT_RESET, 0);
    sdma_resume(h, 0);
    g_assert_false(sdma_busy(h, 0));
    r0 = ring_of(h, 0);
    emit_fence_trap(&r0, gtt(WB_SLOT(2)), FENCE_SEQ + 1);
    commit(&r0);
    run(h);
    g_assert_cmphex(aemu_test_get32(h->ram + WB_SLOT(2)), ==, FENCE_SEQ + 1);
    g_assert_false(sdma_busy(h, 0));
    g_assert_cmpuint(ih_count(h, IV_SRC_SDMA_TRAP, 0), ==, 1);
    aemu_test_host_free(h);
}

/* A hang on an idle queue waits for its next packet. */
static void test_hang_waits_for_packet(void)
{
    AemuTestHost *h = setup();
    Ring r0 = ring_of(h, 0);

    inject(h, AEMU_INJECT_HANG, "sdma0", 0);
    run(h);
    g_assert_false(sdma_busy(h, 0));
    g_assert_cmpstr(aemu_inject_armed(h->dev, AEMU_INJECT_HANG).engine, ==,
                    "sdma0");
    emit_fence_trap(&r0, gtt(WB_SLOT(0)), FENCE_SEQ);
    commit(&r0);
    run(h);
    g_assert_true(sdma_busy(h, 0));
    /* Disarming a fired (or any) injection is harmless. */
    inject(h, AEMU_INJECT_HANG, "", 0);
    aemu_test_host_free(h);
}

/* Unknown names are refused with the list; "" disarms; names round-trip. */
static void test_names(void)
{
    AemuTestHost *h = setup();
    AemuInjection inj = { .kind = AEMU_INJECT_HANG, .engine = "sdma9" };
    AemuInjectKind k;
    char *err = NULL;

    g_assert_false(aemu_inject(h->dev, &inj, &err));
    g_assert_nonnull(strstr(err, "sdma0"));
    g_assert_nonnull(strstr(err, "gfx"));
    g_assert_nonnull(strstr(err, "comp_1.0.0"));
    aemu_free_string(err);
    inject(h, AEMU_INJECT_HANG, "gfx", 0);
    inject(h, AEMU_INJECT_HANG, "comp_1.0.0", 0);
    g_assert_cmpstr(aemu_inject_armed(h->dev, AEMU_INJECT_HANG).engine, ==,
                    "comp_1.0.0");
    inject(h, AEMU_INJECT_HANG, NULL, 0);
    g_assert_cmpstr(aemu_inject_armed(h->dev, AEMU_INJECT_HANG).engine, ==,
                    "");
    for (unsigned i = 0; i < AEMU_INJECT_KIND_COUNT; i++) {
        g_assert_true(aemu_inject_kind_parse(aemu_inject_kind_name(i), &k));
        g_assert_cmpuint(k, ==, i);
    }
    g_assert_false(aemu_inject_kind_parse("melt", &k));
    aemu_test_host_free(h);
}

/* VRAM is lost at the next reset only; a cold reset disarms the rest. */
static void test_vram_lost(void)
{
    AemuTestHost *h = setup();
    const uint32_t magic = 0x5a5a1234;

    aemu_test_put32(h->vram, magic);
    aemu_device_reset(h->dev, AEMU_RESET_PCI_CONFIG);
    g_assert_cmphex(aemu_test_get32(h->vram), ==, magic);
    inject(h, AEMU_INJECT_VRAM_LOST, NULL, 1);
    inject(h, AEMU_INJECT_DROP_IRQS, NULL, 5);
    aemu_device_reset(h->dev, AEMU_RESET_PCI_CONFIG);
    g_assert_cmphex(aemu_test_get32(h->vram), !=, magic);
    g_assert_cmpuint(aemu_inject_armed(h->dev, AEMU_INJECT_VRAM_LOST).count,
                     ==, 0);
    /* A PCI config reset keeps other armed faults; a cold one does not. */
    g_assert_cmpuint(aemu_inject_armed(h->dev, AEMU_INJECT_DROP_IRQS).count,
                     ==, 5);
    aemu_device_reset(h->dev, AEMU_RESET_COLD);
    g_assert_cmpuint(aemu_inject_armed(h->dev, AEMU_INJECT_DROP_IRQS).count,
                     ==, 0);
    aemu_test_host_free(h);
}

/*
 * A failed reset: after it the registers read all-ones (what amdgpu's
 * CONFIG_MEMSIZE poll waits out) and writes are lost; the next reset
 * brings the device back.
 */
static void test_reset_fail(void)
{
    AemuTestHost *h = setup();
    uint32_t memsize = aemu_test_rreg(h, mmCONFIG_MEMSIZE);
    const uint32_t scratch = 0x1234;

    g_assert_cmphex(memsize, !=, UINT32_MAX);
    inject(h, AEMU_INJECT_RESET_FAIL, NULL, 1);
    g_assert_cmpuint(aemu_inject_armed(h->dev, AEMU_INJECT_RESET_FAIL).count,
                     ==, 1);
    aemu_device_reset(h->dev, AEMU_RESET_PCI_CONFIG);
    g_assert_cmphex(aemu_test_rreg(h, mmCONFIG_MEMSIZE), ==, UINT32_MAX);
    g_assert_cmphex(aemu_mmio_read(h->dev, 4 * mmCONFIG_MEMSIZE, 1), ==,
                    UINT8_MAX);
    g_assert_cmphex(aemu_io_read(h->dev, 0, 4), ==, UINT32_MAX);
    aemu_test_wreg(h, mmSCRATCH_REG0, scratch);
    aemu_device_reset(h->dev, AEMU_RESET_PCI_CONFIG);
    g_assert_cmphex(aemu_test_rreg(h, mmCONFIG_MEMSIZE), ==, memsize);
    g_assert_cmphex(aemu_test_rreg(h, mmSCRATCH_REG0), !=, scratch);
    aemu_test_wreg(h, mmSCRATCH_REG0, scratch);
    g_assert_cmphex(aemu_test_rreg(h, mmSCRATCH_REG0), ==, scratch);
    aemu_test_host_free(h);
}

int main(int argc, char **argv)
{
    g_test_init(&argc, &argv, NULL);
    g_test_add_func("/inject/drop-irqs", test_drop_irqs);
    g_test_add_func("/inject/delay-irq", test_delay_irq);
    g_test_add_func("/inject/corrupt-fence", test_corrupt_fence);
    g_test_add_func("/inject/corrupt-fences", test_corrupt_fences);
    g_test_add_func("/inject/hang", test_hang);
    g_test_add_func("/inject/hang-waits-for-packet",
                    test_hang_waits_for_packet);
    g_test_add_func("/inject/names", test_names);
    g_test_add_func("/inject/vram-lost", test_vram_lost);
    g_test_add_func("/inject/reset-fail", test_reset_fail);
    return g_test_run();
}
