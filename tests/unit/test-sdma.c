/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Unit tests of the CIK SDMA engines on the standalone host: the rings set
 * up as cik_sdma_gfx_resume does, the drivers' ring and IB tests, every
 * packet the drivers emit, both instances side by side, and malformed or
 * hostile streams (unknown opcodes, packets longer than the ring, IBs
 * outside every aperture, huge copies, polls that never succeed).
 *
 * Memory layout: VRAM at MC address 0; the GART (VM context 0, one flat
 * table in VRAM) maps GTT page i to system RAM page i, so a GTT address is
 * GART_START + bus address. Rings, write-back slots, IBs and the IH ring
 * live in system RAM, as amdgpu places them.
 */
#include "cik-sdma-rig.h"

#define IB_RAM(i) (0x40000ull + (i) * 0x1000ull)
#define DATA_RAM (4 * MiB)                              /* copy/fill area */
#define DATA_VRAM (32 * MiB)

/* More IH sources (ivsrcid_vislands30.h; 241 as cik_sdma registers it). */
#define IV_SRC_SDMA_ILLEGAL 241
#define IV_SRC_SDMA_SRBM_WRITE 247
#define IV_SRC_PAGE_INV 146

static void emit_write(Ring *r, uint64_t addr, uint32_t v)
{
    emit(r, SDMA_PACKET(SDMA_OPCODE_WRITE, SDMA_WRITE_SUB_OPCODE_LINEAR, 0));
    emit(r, (uint32_t)addr);
    emit(r, addr >> 32);
    emit(r, 1);
    emit(r, v);
}

static void emit_copy(Ring *r, uint64_t src, uint64_t dst, uint32_t bytes)
{
    emit(r, SDMA_PACKET(SDMA_OPCODE_COPY, SDMA_COPY_SUB_OPCODE_LINEAR, 0));
    emit(r, bytes);
    emit(r, 0);
    emit(r, (uint32_t)src);
    emit(r, src >> 32);
    emit(r, (uint32_t)dst);
    emit(r, dst >> 32);
}

/* cik_sdma_ring_emit_hdp_flush. */
static void emit_hdp_flush(Ring *r)
{
    uint32_t ref = r->inst ? GPU_HDP_FLUSH_DONE__SDMA1_MASK
                           : GPU_HDP_FLUSH_DONE__SDMA0_MASK;

    emit(r, SDMA_PACKET(SDMA_OPCODE_POLL_REG_MEM, 0,
                        SDMA_POLL_REG_MEM_EXTRA_OP(1) |
                        SDMA_POLL_REG_MEM_EXTRA_FUNC(3)));
    emit(r, mmGPU_HDP_FLUSH_DONE << 2);
    emit(r, mmGPU_HDP_FLUSH_REQ << 2);
    emit(r, ref);
    emit(r, ref);
    emit(r, (0xfff << 16) | 10);
}

/* cik_sdma_ring_insert_nop with burst NOP. */
static void emit_nops(Ring *r, unsigned count)
{
    for (unsigned i = 0; i < count; i++) {
        emit(r, SDMA_PACKET(SDMA_OPCODE_NOP, 0, 0) |
                (i == 0 ? SDMA_NOP_COUNT(count - 1) : 0));
    }
}

static bool sdma_idle(AemuTestHost *h, unsigned inst)
{
    return (aemu_test_rreg(h, SREG(inst, mmSDMA0_STATUS_REG)) &
            SDMA0_STATUS_REG__IDLE_MASK) && !sdma_busy(h, inst);
}

/* Registers as the drivers leave them and read them back. */
static void test_registers(void)
{
    AemuTestHost *h = aemu_test_host_new(NULL, 0, RAM_SIZE);

    for (unsigned i = 0; i < 2; i++) {
        /* Halted until the microcode is loaded; idle. */
        g_assert_true(aemu_test_rreg(h, SREG(i, mmSDMA0_F32_CNTL)) &
                      SDMA0_F32_CNTL__HALT_MASK);
        g_assert_true(sdma_idle(h, i));
        /* Microcode DATA auto-increments ADDR; ADDR keeps what is written. */
        aemu_test_wreg(h, SREG(i, mmSDMA0_UCODE_ADDR), 0);
        for (unsigned j = 0; j < 5; j++) {
            aemu_test_wreg(h, SREG(i, mmSDMA0_UCODE_DATA), j);
        }
        g_assert_cmpuint(aemu_test_rreg(h, SREG(i, mmSDMA0_UCODE_ADDR)), ==,
                         5);
        aemu_test_wreg(h, SREG(i, mmSDMA0_UCODE_ADDR), 0x2f);
        g_assert_cmphex(aemu_test_rreg(h, SREG(i, mmSDMA0_UCODE_ADDR)), ==,
                        0x2f);
        /* STATUS_REG ignores writes. */
        aemu_test_wreg(h, SREG(i, mmSDMA0_STATUS_REG), 0);
        g_assert_true(sdma_idle(h, i));
    }
    /* GFX_VIRTUAL_ADDR / APE1_CNTL are per VMID (SRBM_GFX_CNTL). */
    for (unsigned vmid = 0; vmid < 16; vmid++) {
        aemu_test_wreg(h, mmSRBM_GFX_CNTL,
                       vmid << SRBM_GFX_CNTL__VMID__SHIFT);
        aemu_test_wreg(h, SREG(1, mmSDMA0_GFX_APE1_CNTL), 0x100 + vmid);
    }
    aemu_test_wreg(h, mmSRBM_GFX_CNTL, 7u << SRBM_GFX_CNTL__VMID__SHIFT);
    g_assert_cmphex(aemu_test_rreg(h, SREG(1, mmSDMA0_GFX_APE1_CNTL)), ==,
                    0x107);
    /* A disabled RLC queue keeps its write pointer (test-sdma-cik-rlc.c). */
    aemu_test_wreg(h, mmSDMA0_RLC0_RB_WPTR, 0x40);
    g_assert_cmphex(aemu_test_rreg(h, mmSDMA0_RLC0_RB_WPTR), ==, 0x40);
    g_assert_cmpuint(h->guest_errors->len, ==, 0);
    aemu_test_host_free(h);
}

/* cik_sdma_ring_test_ring, on both instances. */
static void test_ring_test(void)
{
    AemuTestHost *h = setup();

    for (unsigned i = 0; i < 2; i++) {
        Ring r = ring_of(h, i);

        aemu_test_put32(h->ram + WB_SLOT(i), 0xCAFEDEAD);
        emit_write(&r, gtt(WB_SLOT(i)), 0xDEADBEEF);
        commit(&r);
        /* The write kicks the engine; it runs from the scheduler. */
        g_assert_cmphex(aemu_test_get32(h->ram + WB_SLOT(i)), ==, 0xCAFEDEAD);
        g_assert_true(sdma_busy(h, i));
        g_assert_false(aemu_test_rreg(h, SREG(i, mmSDMA0_STATUS_REG)) &
                       SDMA0_STATUS_REG__IDLE_MASK);
        aemu_test_host_advance(h, 0);
        g_assert_cmphex(aemu_test_get32(h->ram + WB_SLOT(i)), ==, 0xDEADBEEF);
        /* rptr in bytes, in the register and written back. */
        g_assert_cmpuint(aemu_test_rreg(h, SREG(i, mmSDMA0_GFX_RB_RPTR)), ==,
                         20);
        g_assert_cmpuint(aemu_test_get32(h->ram + WB_RPTR(i)), ==, 20);
        g_assert_cmpuint(aemu_test_rreg(h, SREG(i, mmSDMA0_GFX_RB_WPTR)), ==,
                         20);
        g_assert_true(sdma_idle(h, i));
    }
    g_assert_cmpuint(h->guest_errors->len, ==, 0);
    aemu_test_host_free(h);
}

/*
 * cik_sdma_ring_test_ib through amdgpu_ib_schedule's frame: HDP flush,
 * NOPs so the IB packet ends on 8 dwords, INDIRECT_BUFFER, HDP invalidate
 * (SRBM_WRITE HDP_DEBUG0), FENCE, TRAP, padding.
 */
static void submit_ib_test(AemuTestHost *h, Ring *r, uint32_t seq)
{
    unsigned i = r->inst;
    uint64_t ib = IB_RAM(i);
    uint32_t ib_dw[8] = {
        SDMA_PACKET(SDMA_OPCODE_WRITE, SDMA_WRITE_SUB_OPCODE_LINEAR, 0),
        (uint32_t)gtt(WB_SLOT(i)), gtt(WB_SLOT(i)) >> 32, 1, 0xDEADBEEF,
        /* cik_sdma_ring_pad_ib with burst NOP: 3 pad dwords. */
        SDMA_PACKET(SDMA_OPCODE_NOP, 0, 0) | SDMA_NOP_COUNT(2),
        SDMA_PACKET(SDMA_OPCODE_NOP, 0, 0),
        SDMA_PACKET(SDMA_OPCODE_NOP, 0, 0),
    };

    for (unsigned j = 0; j < 8; j++) {
        aemu_test_put32(h->ram + ib + 4 * j, ib_dw[j]);
    }
    aemu_test_put32(h->ram + WB_SLOT(i), 0xCAFEDEAD);
    emit_hdp_flush(r);
    emit_nops(r, (4 - r->wptr) & 7);
    emit(r, SDMA_PACKET(SDMA_OPCODE_INDIRECT_BUFFER, 0, 0));
    emit(r, (uint32_t)gtt(ib) & 0xffffffe0);
    emit(r, gtt(ib) >> 32);
    emit(r, 8);
    emit(r, SDMA_PACKET(SDMA_OPCODE_SRBM_WRITE, 0, 0xf000));
    emit(r, mmHDP_DEBUG0);
    emit(r, 1);
    emit_fence(r, gtt(WB_SLOT(8 + i)), seq);
    emit(r, SDMA_PACKET(SDMA_OPCODE_TRAP, 0, 0));
    emit_nops(r, (16 - (r->wptr & 15)) & 15);
    commit(r);
}

static void test_ib_test(void)
{
    AemuTestHost *h = setup();
    Ring r0 = ring_of(h, 0), r1 = ring_of(h, 1);
    unsigned edges = h->irq_edges;

    submit_ib_test(h, &r0, 0x101);
    submit_ib_test(h, &r1, 0x202);
    run(h);
    g_assert_cmphex(aemu_test_get32(h->ram + WB_SLOT(0)), ==, 0xDEADBEEF);
    g_assert_cmphex(aemu_test_get32(h->ram + WB_SLOT(1)), ==, 0xDEADBEEF);
    g_assert_cmphex(aemu_test_get32(h->ram + WB_SLOT(8)), ==, 0x101);
    g_assert_cmphex(aemu_test_get32(h->ram + WB_SLOT(9)), ==, 0x202);
    /* The HDP flush handshake and the HDP invalidate reached the BIF. */
    g_assert_true(aemu_test_rreg(h, mmGPU_HDP_FLUSH_DONE) &
                  GPU_HDP_FLUSH_DONE__SDMA0_MASK);
    g_assert_true(aemu_test_rreg(h, mmGPU_HDP_FLUSH_DONE) &
                  GPU_HDP_FLUSH_DONE__SDMA1_MASK);
    g_assert_cmphex(aemu_test_rreg(h, mmHDP_DEBUG0), ==, 1);
    /* One trap each: src 224, ring_id = instance | gfx queue 0 << 2. */
    g_assert_cmpuint(ih_count(h, IV_SRC_SDMA_TRAP, 0), ==, 1);
    g_assert_cmpuint(ih_count(h, IV_SRC_SDMA_TRAP, 1), ==, 1);
    g_assert_cmpuint(h->irq_edges, >, edges);
    for (unsigned i = 0; i < 2; i++) {
        g_assert_cmpuint(aemu_test_get32(h->ram + WB_RPTR(i)), ==,
                         (i ? r1.wptr : r0.wptr) * 4);
        g_assert_true(sdma_idle(h, i));
        g_assert_cmpuint(aemu_test_rreg(h, SREG(i, mmSDMA0_GFX_IB_SIZE)), ==,
                         8);
    }
    g_assert_cmpuint(h->guest_errors->len, ==, 0);
    aemu_test_host_free(h);
}

/* TRAP honours SDMA0_CNTL.TRAP_ENABLE (the fence irq enable). */
static void test_trap_enable(void)
{
    AemuTestHost *h = setup();
    Ring r = ring_of(h, 1);

    aemu_test_wreg(h, SREG(1, mmSDMA0_CNTL), 0);
    emit(&r, SDMA_PACKET(SDMA_OPCODE_TRAP, 0, 0));
    commit(&r);
    run(h);
    g_assert_cmpuint(ih_count(h, IV_SRC_SDMA_TRAP, -1), ==, 0);
    aemu_test_wreg(h, SREG(1, mmSDMA0_CNTL), SDMA0_CNTL__TRAP_ENABLE_MASK);
    emit(&r, SDMA_PACKET(SDMA_OPCODE_TRAP, 0, 0));
    commit(&r);
    run(h);
    g_assert_cmpuint(ih_count(h, IV_SRC_SDMA_TRAP, 1), ==, 1);
    aemu_test_host_free(h);
}

/*
 * The drivers' fence, FENCE then TRAP, with the timing model on: at no
 * point of virtual time may the fence be in memory without its IV in the
 * IH ring, or amdgpu's fallback timer can find it there first ("Fence
 * fallback timer expired"). Stepped in 100 ns over 2 ms, after a copy that
 * puts the fence's modelled time ahead of the clock.
 */
#define FENCE_STEP_NS 100u
#define FENCE_STEPS 20000u

static void test_fence_trap_together(void)
{
    AemuTestHost *h = setup();
    Ring r = ring_of(h, 0);
    bool seen = false;

    emit_copy(&r, gtt(DATA_RAM), DATA_VRAM, 1024 * 1024);
    emit_fence(&r, gtt(WB_SLOT(0)), 0x1234);
    emit(&r, SDMA_PACKET(SDMA_OPCODE_TRAP, 0, 0));
    commit(&r);
    for (unsigned i = 0; i < FENCE_STEPS && !seen; i++) {
        aemu_test_host_advance(h, FENCE_STEP_NS);
        seen = aemu_test_get32(h->ram + WB_SLOT(0)) == 0x1234;
        if (seen) {
            g_assert_cmpuint(ih_count(h, IV_SRC_SDMA_TRAP, 0), ==, 1);
        }
    }
    g_assert_true(seen);
    aemu_test_host_free(h);
}

/* A packet that wraps around the end of the ring; rptr wraps too. */
static void test_ring_wrap(void)
{
    AemuTestHost *h = setup();
    Ring r = ring_of(h, 0);
    uint32_t start = RING_BYTES - 8;

    aemu_test_wreg(h, mmSDMA0_GFX_RB_RPTR, start);
    r.wptr = start / 4;
    commit(&r);
    emit_write(&r, gtt(WB_SLOT(3)), 0x600d);
    commit(&r);
    run(h);
    g_assert_cmphex(aemu_test_get32(h->ram + WB_SLOT(3)), ==, 0x600d);
    g_assert_cmpuint(aemu_test_rreg(h, mmSDMA0_GFX_RB_RPTR), ==, 12);
    g_assert_cmpuint(aemu_test_get32(h->ram + WB_RPTR(0)), ==, 12);
    aemu_test_host_free(h);
}

static void fill_pattern(uint8_t *p, size_t n, uint32_t seed)
{
    for (size_t i = 0; i < n; i++) {
        p[i] = (uint8_t)(i * 7 + seed + (i >> 9));
    }
}

/* COPY linear between VRAM and GTT, odd sizes and a 2 MiB move. */
static void test_copy_linear(void)
{
    AemuTestHost *h = setup();
    Ring r = ring_of(h, 0);
    static const uint32_t sizes[] = { 1, 3, 4, 5, 4097, 65537 };
    const uint32_t big = 2 * MiB;
    uint64_t vsrc = DATA_VRAM, gdst = DATA_RAM;

    fill_pattern(h->vram + vsrc, 3 * MiB, 1);
    memset(h->ram + gdst, 0xee, 3 * MiB);
    for (size_t k = 0; k < G_N_ELEMENTS(sizes); k++) {
        uint64_t off = 0x20000 * k + k + 16;    /* unaligned as well */

        emit_copy(&r, vsrc + off, gtt(gdst + off), sizes[k]);
    }
    commit(&r);
    run(h);
    for (size_t k = 0; k < G_N_ELEMENTS(sizes); k++) {
        uint64_t off = 0x20000 * k + k + 16;

        g_assert_cmpmem(h->ram + gdst + off, sizes[k], h->vram + vsrc + off,
                        sizes[k]);
        g_assert_cmphex(h->ram[gdst + off + sizes[k]], ==, 0xee);
        g_assert_cmphex(h->ram[gdst + off - 1], ==, 0xee);
    }
    /* A 2 MiB TTM move, GTT -> VRAM, at the driver's maximum and beyond. */
    fill_pattern(h->ram + gdst, big, 9);
    memset(h->vram + DATA_VRAM + 8 * MiB, 0, big + 16);
    emit_copy(&r, gtt(gdst), DATA_VRAM + 8 * MiB, 0x1fffff);
    emit_copy(&r, gtt(gdst + 0x1fffff), DATA_VRAM + 8 * MiB + 0x1fffff, 1);
    commit(&r);
    run(h);
    g_assert_cmpmem(h->vram + DATA_VRAM + 8 * MiB, big, h->ram + gdst, big);
    g_assert_cmphex(h->vram[DATA_VRAM + 8 * MiB + big], ==, 0);
    g_assert_cmpuint(h->guest_errors->len, ==, 0);
    aemu_test_host_free(h);
}

/* Overlapping copies: backward overlap is a memmove; forward stays bounded. */
static void test_copy_overlap(void)
{
    AemuTestHost *h = setup();
    Ring r = ring_of(h, 0);
    g_autofree uint8_t *ref = g_malloc(256 * 1024);

    fill_pattern(h->vram + DATA_VRAM, 256 * 1024, 3);
    memcpy(ref, h->vram + DATA_VRAM, 256 * 1024);
    memmove(ref, ref + 1000, 100000);
    emit_copy(&r, DATA_VRAM + 1000, DATA_VRAM, 100000);
    commit(&r);
    run(h);
    g_assert_cmpmem(h->vram + DATA_VRAM, 256 * 1024, ref, 256 * 1024);
    /* dst ahead of src: defined by the engine's chunking, never past. */
    h->vram[DATA_VRAM + 1000 + 100000] = 0x5a;
    emit_copy(&r, DATA_VRAM, DATA_VRAM + 1000, 100000);
    commit(&r);
    run(h);
    g_assert_cmphex(h->vram[DATA_VRAM + 1000 + 100000], ==, 0x5a);
    g_assert_true(sdma_idle(h, 0));
    aemu_test_host_free(h);
}

static void emit_fill(Ring *r, uint64_t dst, uint32_t v, uint32_t bytes,
                      unsigned size)
{
    emit(r, SDMA_PACKET(SDMA_OPCODE_CONSTANT_FILL, 0,
                        SDMA_CONSTANT_FILL_EXTRA_SIZE(size)));
    emit(r, (uint32_t)dst);
    emit(r, dst >> 32);
    emit(r, v);
    emit(r, bytes);
}

static void test_constant_fill(void)
{
    AemuTestHost *h = setup();
    Ring r = ring_of(h, 1);
    uint8_t *v = h->vram + DATA_VRAM;

    memset(v, 0xcc, 2 * MiB);
    /* cik_sdma_emit_fill_buffer: byte size, exact byte count. */
    emit_fill(&r, DATA_VRAM, 0, 1 * MiB + 12, SDMA_CONSTANT_FILL_SIZE_BYTE);
    emit_fill(&r, DATA_VRAM + 1536 * 1024 + 1, 0x44332211, 6,
              SDMA_CONSTANT_FILL_SIZE_BYTE);
    emit_fill(&r, gtt(DATA_RAM), 0xa5a5a5a5, 64, SDMA_CONSTANT_FILL_SIZE_DWORD);
    commit(&r);
    run(h);
    for (size_t i = 0; i < 1 * MiB + 12; i++) {
        if (v[i]) {
            g_assert_cmphex(v[i], ==, 0);
        }
    }
    g_assert_cmphex(v[1 * MiB + 12], ==, 0xcc);
    {
        static const uint8_t want[] = { 0xcc, 0x11, 0x22, 0x33, 0x44, 0x11,
                                        0x22, 0xcc };

        g_assert_cmpmem(v + 1536 * 1024, 8, want, 8);
    }
    g_assert_cmphex(aemu_test_get32(h->ram + DATA_RAM + 60), ==, 0xa5a5a5a5);
    g_assert_cmphex(aemu_test_get32(h->ram + DATA_RAM + 64), ==, 0);
    g_assert_cmpuint(h->guest_errors->len, ==, 0);
    aemu_test_host_free(h);
}

/* cik_sdma_vm_set_pte_pde. */
static void test_generate_pte_pde(void)
{
    AemuTestHost *h = setup();
    Ring r = ring_of(h, 0);
    uint64_t pe = DATA_VRAM + 0x1000, addr = 0x123456000ull;
    uint64_t flags = PTE_VALID | PTE_READABLE | PTE_WRITEABLE | (1ull << 52);
    const unsigned count = 3000;   /* more than one chunk */

    emit(&r, SDMA_PACKET(SDMA_OPCODE_GENERATE_PTE_PDE, 0, 0));
    emit(&r, (uint32_t)pe);
    emit(&r, pe >> 32);
    emit(&r, (uint32_t)flags);
    emit(&r, flags >> 32);
    emit(&r, (uint32_t)addr);
    emit(&r, addr >> 32);
    emit(&r, 0x1000);
    emit(&r, 0);
    emit(&r, count);
    commit(&r);
    run(h);
    for (unsigned i = 0; i < count; i++) {
        g_assert_cmphex(aemu_test_get64(h->vram + pe + 8 * i), ==,
                        (addr + i * 0x1000ull) | flags);
    }
    g_assert_cmphex(aemu_test_get64(h->vram + pe + 8 * count), ==, 0);
    g_assert_cmphex(aemu_test_get64(h->vram + pe - 8), ==, 0);
    aemu_test_host_free(h);
}

/* SRBM_WRITE with all and with some byte enables. */
static void test_srbm_write(void)
{
    AemuTestHost *h = setup();
    Ring r = ring_of(h, 0);

    aemu_test_wreg(h, mmBIOS_SCRATCH_3, 0x11223344);
    emit(&r, SDMA_PACKET(SDMA_OPCODE_SRBM_WRITE, 0,
                         SDMA_SRBM_WRITE_EXTRA_BYTE_ENABLE(0xf)));
    emit(&r, mmHDP_DEBUG0);
    emit(&r, 0xcafe0001);
    emit(&r, SDMA_PACKET(SDMA_OPCODE_SRBM_WRITE, 0,
                         SDMA_SRBM_WRITE_EXTRA_BYTE_ENABLE(0x5)));
    emit(&r, mmBIOS_SCRATCH_3);
    emit(&r, 0xaabbccdd);
    /* A write through the register dispatch: the VM TLB flush handshake. */
    emit(&r, SDMA_PACKET(SDMA_OPCODE_SRBM_WRITE, 0, 0xf000));
    emit(&r, mmVM_INVALIDATE_REQUEST);
    emit(&r, 1u << 3);
    commit(&r);
    run(h);
    g_assert_cmphex(aemu_test_rreg(h, mmHDP_DEBUG0), ==, 0xcafe0001);
    g_assert_cmphex(aemu_test_rreg(h, mmBIOS_SCRATCH_3), ==, 0x11bb33dd);
    g_assert_cmphex(aemu_test_rreg(h, mmVM_INVALIDATE_RESPONSE), ==, 1u << 3);
    aemu_test_host_free(h);
}

/* F32 halt: nothing is fetched until the microengine runs again. */
static void test_f32_halt(void)
{
    AemuTestHost *h = setup();
    Ring r = ring_of(h, 1);

    aemu_test_wreg(h, SREG(1, mmSDMA0_F32_CNTL), SDMA0_F32_CNTL__HALT_MASK);
    emit_write(&r, gtt(WB_SLOT(5)), 0x1234);
    commit(&r);
    run(h);
    g_assert_cmphex(aemu_test_get32(h->ram + WB_SLOT(5)), ==, 0);
    g_assert_cmpuint(aemu_test_rreg(h, SREG(1, mmSDMA0_GFX_RB_RPTR)), ==, 0);
    g_assert_true(sdma_busy(h, 1));
    aemu_test_wreg(h, SREG(1, mmSDMA0_F32_CNTL), 0);
    run(h);
    g_assert_cmphex(aemu_test_get32(h->ram + WB_SLOT(5)), ==, 0x1234);
    g_assert_true(sdma_idle(h, 1));
    /* Disabling the ring stops fetching as well. */
    aemu_test_wreg(h, SREG(1, mmSDMA0_GFX_RB_CNTL),
                   aemu_test_rreg(h, SREG(1, mmSDMA0_GFX_RB_CNTL)) &
                   ~SDMA0_GFX_RB_CNTL__RB_ENABLE_MASK);
    emit_write(&r, gtt(WB_SLOT(5)), 0x5678);
    commit(&r);
    run(h);
    g_assert_cmphex(aemu_test_get32(h->ram + WB_SLOT(5)), ==, 0x1234);
    aemu_test_wreg(h, SREG(1, mmSDMA0_GFX_RB_CNTL),
                   aemu_test_rreg(h, SREG(1, mmSDMA0_GFX_RB_CNTL)) |
                   SDMA0_GFX_RB_CNTL__RB_ENABLE_MASK);
    run(h);
    g_assert_cmphex(aemu_test_get32(h->ram + WB_SLOT(5)), ==, 0x5678);
    aemu_test_host_free(h);
}

static void emit_poll_mem(Ring *r, uint64_t addr, uint32_t ref, unsigned func)
{
    emit(r, SDMA_PACKET(SDMA_OPCODE_POLL_REG_MEM, 0,
                        SDMA_POLL_REG_MEM_EXTRA_OP(0) |
                        SDMA_POLL_REG_MEM_EXTRA_FUNC(func) |
                        SDMA_POLL_REG_MEM_EXTRA_M));
    emit(r, (uint32_t)addr & 0xfffffffc);
    emit(r, addr >> 32);
    emit(r, ref);
    emit(r, 0xffffffff);
    emit(r, (0xfff << 16) | 4);
}

/* Pipeline sync: wait in memory; the engine yields, the other one runs. */
static void test_poll_mem(void)
{
    AemuTestHost *h = setup();
    Ring r0 = ring_of(h, 0), r1 = ring_of(h, 1);

    emit_poll_mem(&r0, gtt(WB_SLOT(10)), 5, SDMA_POLL_FUNC_EQUAL);
    emit_write(&r0, gtt(WB_SLOT(11)), 0x77);
    commit(&r0);
    run(h);
    g_assert_cmphex(aemu_test_get32(h->ram + WB_SLOT(11)), ==, 0);
    g_assert_true(sdma_busy(h, 0));
    g_assert_cmpuint(h->timer_deadline, !=, UINT64_MAX);
    emit_write(&r1, gtt(WB_SLOT(12)), 0x88);
    commit(&r1);
    run(h);
    g_assert_cmphex(aemu_test_get32(h->ram + WB_SLOT(12)), ==, 0x88);
    g_assert_cmphex(aemu_test_get32(h->ram + WB_SLOT(11)), ==, 0);
    aemu_test_put32(h->ram + WB_SLOT(10), 5);
    run(h);
    g_assert_cmphex(aemu_test_get32(h->ram + WB_SLOT(11)), ==, 0x77);
    g_assert_true(sdma_idle(h, 0));
    /* Other compare functions. */
    emit_poll_mem(&r0, gtt(WB_SLOT(10)), 9, SDMA_POLL_FUNC_LESS);
    emit_poll_mem(&r0, gtt(WB_SLOT(10)), 5, SDMA_POLL_FUNC_GREATER_EQUAL);
    emit_poll_mem(&r0, gtt(WB_SLOT(10)), 4, SDMA_POLL_FUNC_NOT_EQUAL);
    emit_write(&r0, gtt(WB_SLOT(11)), 0x99);
    commit(&r0);
    run(h);
    g_assert_cmphex(aemu_test_get32(h->ram + WB_SLOT(11)), ==, 0x99);
    /* The timer is idle again once nothing waits. */
    g_assert_cmpuint(h->timer_deadline, ==, UINT64_MAX);
    g_assert_cmpuint(h->guest_errors->len, ==, 0);
    aemu_test_host_free(h);
}

/* radeon's semaphores: wait blocks until the other ring signals. */
static void test_semaphore(void)
{
    AemuTestHost *h = setup();
    Ring r0 = ring_of(h, 0), r1 = ring_of(h, 1);
    uint64_t sem = gtt(WB_SLOT(16));

    emit(&r0, SDMA_PACKET(SDMA_OPCODE_SEMAPHORE, 0, 0));
    emit(&r0, (uint32_t)sem);
    emit(&r0, sem >> 32);
    emit_write(&r0, gtt(WB_SLOT(18)), 0xabc);
    commit(&r0);
    run(h);
    g_assert_cmphex(aemu_test_get32(h->ram + WB_SLOT(18)), ==, 0);
    emit(&r1, SDMA_PACKET(SDMA_OPCODE_SEMAPHORE, 0, SDMA_SEMAPHORE_EXTRA_S));
    emit(&r1, (uint32_t)sem);
    emit(&r1, sem >> 32);
    commit(&r1);
    run(h);
    g_assert_cmphex(aemu_test_get32(h->ram + WB_SLOT(18)), ==, 0xabc);
    g_assert_cmphex(aemu_test_get64(h->ram + WB_SLOT(16)), ==, 0);
    aemu_test_host_free(h);
}

/*
 * An IB of VMID 3 through a two-level VM (contexts 1..15): its packets
 * reach memory through that VMID, and an SRBM_WRITE from it is refused.
 */
static void test_ib_vmid(void)
{
    AemuTestHost *h = setup();
    Ring r = ring_of(h, 0);
    const uint64_t pd = 20 * MiB, pt = 20 * MiB + PAGE;
    const uint64_t va_ib = 0x100000, va_dst = 0x101000;
    uint32_t ib[] = {
        SDMA_PACKET(SDMA_OPCODE_WRITE, SDMA_WRITE_SUB_OPCODE_LINEAR, 0),
        (uint32_t)va_dst, 0, 1, 0x5eed,
        SDMA_PACKET(SDMA_OPCODE_SRBM_WRITE, 0, 0xf000), mmHDP_DEBUG0, 7,
    };

    /* PD entry 0 -> PT in VRAM; VA page 0x100 -> IB page, 0x101 -> data. */
    aemu_test_put64(h->vram + pd, pt | PTE_VALID);
    aemu_test_put64(h->vram + pt + 0x100 * 8, IB_RAM(4) | PTE_GTT);
    aemu_test_put64(h->vram + pt + 0x101 * 8, DATA_RAM | PTE_GTT);
    aemu_test_wreg(h, mmVM_CONTEXT1_PAGE_TABLE_START_ADDR, 0);
    aemu_test_wreg(h, mmVM_CONTEXT1_PAGE_TABLE_END_ADDR, 0xfffff);
    aemu_test_wreg(h, mmVM_CONTEXT0_PAGE_TABLE_BASE_ADDR + 3, pd >> 12);
    aemu_test_wreg(h, mmVM_CONTEXT1_CNTL,
                   VM_CONTEXT1_CNTL__ENABLE_CONTEXT_MASK |
                   (1u << VM_CONTEXT1_CNTL__PAGE_TABLE_DEPTH__SHIFT));
    for (unsigned i = 0; i < G_N_ELEMENTS(ib); i++) {
        aemu_test_put32(h->ram + IB_RAM(4) + 4 * i, ib[i]);
    }
    emit(&r, SDMA_PACKET(SDMA_OPCODE_INDIRECT_BUFFER, 0, 3));
    emit(&r, (uint32_t)va_ib);
    emit(&r, 0);
    emit(&r, G_N_ELEMENTS(ib));
    emit_fence(&r, gtt(WB_SLOT(20)), 1);
    commit(&r);
    run(h);
    g_assert_cmphex(aemu_test_get32(h->ram + DATA_RAM), ==, 0x5eed);
    g_assert_cmphex(aemu_test_rreg(h, mmHDP_DEBUG0), ==, 0);
    g_assert_cmpuint(ih_count(h, IV_SRC_SDMA_SRBM_WRITE, 0), ==, 1);
    g_assert_cmphex(aemu_test_get32(h->ram + WB_SLOT(20)), ==, 0);
    g_assert_true(sdma_busy(h, 0));
    g_assert_true(aemu_test_rreg(h, mmSDMA0_STATUS_REG) &
                  SDMA0_STATUS_REG__INSIDE_IB_MASK);
    g_assert_cmpuint(aemu_test_rreg(h, mmSDMA0_GFX_IB_RPTR), ==, 20);
    g_assert_cmpuint(h->guest_errors->len, ==, 1);
    aemu_test_host_free(h);
}

/*
 * The hung state: visible in STATUS_REG and SRBM_STATUS2, nothing after the
 * bad packet runs, and cik_sdma_soft_reset + resume bring the ring back.
 */
static void check_hung_then_recover(AemuTestHost *h, unsigned inst)
{
    Ring r;

    g_assert_true(sdma_busy(h, inst));
    g_assert_false(aemu_test_rreg(h, SREG(inst, mmSDMA0_STATUS_REG)) &
                   SDMA0_STATUS_REG__IDLE_MASK);
    /* More work does not run. */
    r = ring_of(h, inst);
    r.wptr = aemu_test_rreg(h, SREG(inst, mmSDMA0_GFX_RB_WPTR)) / 4;
    emit_write(&r, gtt(WB_SLOT(30)), 0x1);
    commit(&r);
    run(h);
    g_assert_cmphex(aemu_test_get32(h->ram + WB_SLOT(30)), ==, 0);
    /* cik_sdma_soft_reset, then cik_sdma_start. */
    aemu_test_wreg(h, SREG(inst, mmSDMA0_F32_CNTL),
                   SDMA0_F32_CNTL__HALT_MASK);
    aemu_test_wreg(h, mmSRBM_SOFT_RESET,
                   SRBM_SOFT_RESET__SOFT_RESET_SDMA_MASK |
                   SRBM_SOFT_RESET__SOFT_RESET_SDMA1_MASK);
    aemu_test_wreg(h, mmSRBM_SOFT_RESET, 0);
    sdma_resume(h, 0);
    sdma_resume(h, 1);
    g_assert_true(sdma_idle(h, inst));
    r = ring_of(h, inst);
    emit_write(&r, gtt(WB_SLOT(31)), 0xDEADBEEF);
    commit(&r);
    run(h);
    g_assert_cmphex(aemu_test_get32(h->ram + WB_SLOT(31)), ==, 0xDEADBEEF);
}

/*
 * SRBM_SOFT_RESET holds an instance while its bit stays set (status.c):
 * work submitted meanwhile waits, SRBM_STATUS2 shows it pending, and it
 * runs once the bit is cleared and the ring is resumed; the other
 * instance is not held.
 */
static void test_soft_reset_holds(void)
{
    AemuTestHost *h = setup();
    Ring r0, r1;

    aemu_test_wreg(h, mmSRBM_SOFT_RESET,
                   SRBM_SOFT_RESET__SOFT_RESET_SDMA_MASK);
    sdma_resume(h, 0);
    r0 = ring_of(h, 0);
    emit_write(&r0, gtt(WB_SLOT(20)), 0x1234);
    commit(&r0);
    r1 = ring_of(h, 1);
    emit_write(&r1, gtt(WB_SLOT(21)), 0x5678);
    commit(&r1);
    run(h);
    g_assert_cmphex(aemu_test_get32(h->ram + WB_SLOT(20)), ==, 0);
    g_assert_cmphex(aemu_test_get32(h->ram + WB_SLOT(21)), ==, 0x5678);
    g_assert_true(aemu_test_rreg(h, mmSRBM_STATUS2) &
                  SRBM_STATUS2__SDMA_BUSY_MASK);
    g_assert_false(aemu_test_rreg(h, mmSRBM_STATUS2) &
                   SRBM_STATUS2__SDMA1_BUSY_MASK);
    aemu_test_wreg(h, mmSRBM_SOFT_RESET, 0);
    sdma_resume(h, 0);
    r0 = ring_of(h, 0);
    emit_write(&r0, gtt(WB_SLOT(20)), 0x4321);
    commit(&r0);
    run(h);
    g_assert_cmphex(aemu_test_get32(h->ram + WB_SLOT(20)), ==, 0x4321);
    g_assert_true(sdma_idle(h, 0));
    aemu_test_host_free(h);
}

/*
 * radeon's GPU reset stops the rings (RB_ENABLE off, the write-back bit
 * kept), turns the GART off and soft-resets SDMA before it programs the
 * rings again: a disabled ring writes no read pointer back meanwhile (it
 * would fault through the disabled VM context); enabled again, it does.
 */
static void test_disabled_ring_no_writeback(void)
{
    AemuTestHost *h = setup();
    Ring r0 = ring_of(h, 0);
    const uint32_t poison = 0xdeadbeefu;
    uint32_t rb_cntl;

    emit_write(&r0, gtt(WB_SLOT(22)), 0x1234);
    commit(&r0);
    run(h);
    g_assert_cmphex(aemu_test_get32(h->ram + WB_RPTR(0)), ==, r0.wptr * 4);
    /* A job hung at a poll nobody satisfies, as radeon's lockup finds. */
    emit_poll_mem(&r0, gtt(WB_SLOT(23)), 1, SDMA_POLL_FUNC_EQUAL);
    emit_write(&r0, gtt(WB_SLOT(22)), 0x4321);
    commit(&r0);
    aemu_test_host_advance(h, 10 * RUN_NS);

    /* cik_sdma_gfx_stop (with its SDMA soft reset), then the halt. */
    aemu_test_put32(h->ram + WB_RPTR(0), poison);
    rb_cntl = aemu_test_rreg(h, SREG(0, mmSDMA0_GFX_RB_CNTL));
    aemu_test_wreg(h, SREG(0, mmSDMA0_GFX_RB_CNTL),
                   rb_cntl & ~SDMA0_GFX_RB_CNTL__RB_ENABLE_MASK);
    aemu_test_wreg(h, SREG(0, mmSDMA0_GFX_IB_CNTL), 0);
    aemu_test_wreg(h, mmSRBM_SOFT_RESET, SRBM_SOFT_RESET__SOFT_RESET_SDMA_MASK |
                   SRBM_SOFT_RESET__SOFT_RESET_SDMA1_MASK);
    run(h);
    aemu_test_wreg(h, mmSRBM_SOFT_RESET, 0);
    run(h);
    aemu_test_wreg(h, SREG(0, mmSDMA0_F32_CNTL),
                   aemu_test_rreg(h, SREG(0, mmSDMA0_F32_CNTL)) |
                   SDMA0_F32_CNTL__HALT_MASK);
    aemu_test_wreg(h, SREG(0, mmSDMA0_GFX_RB_RPTR), 0);
    run(h);
    g_assert_cmphex(aemu_test_get32(h->ram + WB_RPTR(0)), ==, poison);
    g_assert_cmphex(aemu_test_get32(h->ram + WB_SLOT(22)), ==, 0x1234);

    /* Enabled again, the ring writes its read pointer back as it goes. */
    sdma_resume(h, 0);
    r0 = ring_of(h, 0);
    emit_write(&r0, gtt(WB_SLOT(22)), 0x5678);
    commit(&r0);
    run(h);
    g_assert_cmphex(aemu_test_get32(h->ram + WB_SLOT(22)), ==, 0x5678);
    g_assert_cmphex(aemu_test_get32(h->ram + WB_RPTR(0)), ==, r0.wptr * 4);
    aemu_test_host_free(h);
}

static void test_bad_opcode(void)
{
    AemuTestHost *h = setup();
    Ring r = ring_of(h, 1);

    emit(&r, SDMA_PACKET(SDMA_OPCODE_COND_EXEC, 0, 0));     /* not on CIK */
    emit_write(&r, gtt(WB_SLOT(2)), 0xbad);
    commit(&r);
    run(h);
    g_assert_cmphex(aemu_test_get32(h->ram + WB_SLOT(2)), ==, 0);
    g_assert_cmpuint(h->guest_errors->len, ==, 1);
    g_assert_nonnull(strstr(g_ptr_array_index(h->guest_errors, 0),
                            "unknown opcode"));
    g_assert_cmpuint(ih_count(h, IV_SRC_SDMA_ILLEGAL, 1), ==, 1);
    /* The other instance is not affected. */
    {
        Ring r0 = ring_of(h, 0);

        emit_write(&r0, gtt(WB_SLOT(2)), 0x900d);
        commit(&r0);
        run(h);
        g_assert_cmphex(aemu_test_get32(h->ram + WB_SLOT(2)), ==, 0x900d);
    }
    check_hung_then_recover(h, 1);
    /* A sub-op the drivers never use is as illegal (tiled copy). */
    r = ring_of(h, 1);
    r.wptr = aemu_test_rreg(h, SREG(1, mmSDMA0_GFX_RB_WPTR)) / 4;
    emit(&r, SDMA_PACKET(SDMA_OPCODE_COPY, SDMA_COPY_SUB_OPCODE_TILED, 0));
    commit(&r);
    run(h);
    g_assert_cmpuint(ih_count(h, IV_SRC_SDMA_ILLEGAL, 1), ==, 2);
    g_assert_true(sdma_busy(h, 1));
    /*
     * Halting the microengine also clears the hang; the driver then skips
     * the bad packet by moving rptr and lets it run again.
     */
    aemu_test_wreg(h, SREG(1, mmSDMA0_F32_CNTL), SDMA0_F32_CNTL__HALT_MASK);
    aemu_test_wreg(h, SREG(1, mmSDMA0_GFX_RB_RPTR), r.wptr * 4);
    aemu_test_wreg(h, SREG(1, mmSDMA0_F32_CNTL), 0);
    g_assert_true(sdma_idle(h, 1));
    emit_write(&r, gtt(WB_SLOT(2)), 0x600d);
    commit(&r);
    run(h);
    g_assert_cmphex(aemu_test_get32(h->ram + WB_SLOT(2)), ==, 0x600d);
    aemu_test_host_free(h);
}

/* A WRITE whose count is more than the whole ring can hold. */
static void test_count_past_ring(void)
{
    AemuTestHost *h = setup();
    Ring r = ring_of(h, 0);

    emit(&r, SDMA_PACKET(SDMA_OPCODE_WRITE, SDMA_WRITE_SUB_OPCODE_LINEAR, 0));
    emit(&r, (uint32_t)gtt(WB_SLOT(4)));
    emit(&r, gtt(WB_SLOT(4)) >> 32);
    emit(&r, 0x3fffff);
    emit(&r, 0x1);
    commit(&r);
    run(h);
    g_assert_cmphex(aemu_test_get32(h->ram + WB_SLOT(4)), ==, 0);
    g_assert_cmpuint(h->guest_errors->len, ==, 1);
    g_assert_nonnull(strstr(g_ptr_array_index(h->guest_errors, 0),
                            "longer than"));
    g_assert_cmpuint(ih_count(h, IV_SRC_SDMA_ILLEGAL, 0), ==, 1);
    check_hung_then_recover(h, 0);
    aemu_test_host_free(h);
}

/* A short WRITE not yet all written waits for wptr, then completes. */
static void test_partial_packet_waits(void)
{
    AemuTestHost *h = setup();
    Ring r = ring_of(h, 0);

    emit_write(&r, gtt(WB_SLOT(6)), 0x4321);
    aemu_test_wreg(h, mmSDMA0_GFX_RB_WPTR, 12);  /* 3 of 5 dwords */
    run(h);
    g_assert_cmphex(aemu_test_get32(h->ram + WB_SLOT(6)), ==, 0);
    g_assert_cmpuint(aemu_test_rreg(h, mmSDMA0_GFX_RB_RPTR), ==, 0);
    g_assert_cmpuint(h->timer_deadline, ==, UINT64_MAX);    /* no spinning */
    commit(&r);
    run(h);
    g_assert_cmphex(aemu_test_get32(h->ram + WB_SLOT(6)), ==, 0x4321);
    g_assert_cmpuint(h->guest_errors->len, ==, 0);
    aemu_test_host_free(h);
}

/* A packet running past the end of its IB. */
static void test_packet_past_ib(void)
{
    AemuTestHost *h = setup();
    Ring r = ring_of(h, 0);

    aemu_test_put32(h->ram + IB_RAM(2), SDMA_PACKET(SDMA_OPCODE_FENCE, 0, 0));
    aemu_test_put32(h->ram + IB_RAM(2) + 4, (uint32_t)gtt(WB_SLOT(7)));
    emit(&r, SDMA_PACKET(SDMA_OPCODE_INDIRECT_BUFFER, 0, 0));
    emit(&r, (uint32_t)gtt(IB_RAM(2)));
    emit(&r, gtt(IB_RAM(2)) >> 32);
    emit(&r, 2);
    commit(&r);
    run(h);
    g_assert_cmphex(aemu_test_get32(h->ram + WB_SLOT(7)), ==, 0);
    g_assert_cmpuint(ih_count(h, IV_SRC_SDMA_ILLEGAL, 0), ==, 1);
    g_assert_nonnull(strstr(g_ptr_array_index(h->guest_errors, 0),
                            "past the end of the IB"));
    check_hung_then_recover(h, 0);
    aemu_test_host_free(h);
}

/* An IB outside every aperture: a VM fault, no memory touched. */
static void test_ib_outside_apertures(void)
{
    AemuTestHost *h = setup();
    Ring r = ring_of(h, 0);
    g_autofree uint8_t *ram = NULL;
    g_autofree uint8_t *vram = NULL;
    uint64_t bad = GART_START + RAM_SIZE + 0x100000;

    /* Snapshot after setup: only the IH ring and its wptr may change. */
    emit(&r, SDMA_PACKET(SDMA_OPCODE_INDIRECT_BUFFER, 0, 0));
    emit(&r, (uint32_t)bad);
    emit(&r, bad >> 32);
    emit(&r, 64);
    emit_fence(&r, gtt(WB_SLOT(1)), 1);
    ram = g_memdup2(h->ram, RAM_SIZE);
    vram = g_memdup2(h->vram, h->vram_size);
    commit(&r);
    run(h);
    g_assert_cmpuint(ih_count(h, IV_SRC_PAGE_INV, -1), ==, 1);
    g_assert_cmphex(aemu_test_rreg(h, mmVM_CONTEXT1_PROTECTION_FAULT_ADDR),
                    ==, (uint32_t)(bad >> 12));
    memcpy(ram + IH_RING_RAM, h->ram + IH_RING_RAM, 4u << IH_RING_ORDER);
    memcpy(ram + IH_WB_RAM, h->ram + IH_WB_RAM, 4);
    /* The rptr write-back moved past the IB packet: the ring consumed it. */
    memcpy(ram + WB_RPTR(0), h->ram + WB_RPTR(0), 4);
    g_assert_cmpuint(aemu_test_get32(ram + WB_RPTR(0)), ==, 16);
    g_assert_true(memcmp(ram, h->ram, RAM_SIZE) == 0);
    g_assert_true(memcmp(vram, h->vram, h->vram_size) == 0);
    g_assert_cmpuint(h->guest_errors->len, >=, 1);
    check_hung_then_recover(h, 0);
    aemu_test_host_free(h);
}

/*
 * A copy with a huge byte count: the count field is 22 bits wide, so at
 * most 4 MiB - 1 moves; many of them spread over several slices.
 */
static void test_huge_copy_bounded(void)
{
    AemuTestHost *h = setup();
    Ring r = ring_of(h, 0);
    const uint64_t src = 64 * MiB, dst = 128 * MiB;
    const unsigned n = 24;

    fill_pattern(h->vram + src, 4 * MiB, 5);
    memset(h->vram + dst, 0, 4 * MiB + 16);
    emit_copy(&r, src, dst, 0xffffffff);
    for (unsigned i = 1; i < n; i++) {
        emit_copy(&r, src, dst, SDMA_COPY_LINEAR_COUNT_MASK);
    }
    emit_fence(&r, gtt(WB_SLOT(21)), 0xf00d);
    commit(&r);
    /* One slice is bounded: it cannot move 24 x 4 MiB. */
    aemu_test_host_advance(h, 0);
    g_assert_cmphex(aemu_test_get32(h->ram + WB_SLOT(21)), ==, 0);
    g_assert_true(sdma_busy(h, 0));
    run(h);
    g_assert_cmphex(aemu_test_get32(h->ram + WB_SLOT(21)), ==, 0xf00d);
    g_assert_cmpmem(h->vram + dst, SDMA_COPY_LINEAR_COUNT_MASK,
                    h->vram + src, SDMA_COPY_LINEAR_COUNT_MASK);
    g_assert_cmphex(h->vram[dst + SDMA_COPY_LINEAR_COUNT_MASK], ==, 0);
    g_assert_cmpuint(h->guest_errors->len, ==, 0);
    aemu_test_host_free(h);
}

/* A copy into a hole faults: the queue stops at the bad chunk. */
static void test_copy_fault(void)
{
    AemuTestHost *h = setup();
    Ring r = ring_of(h, 1);

    emit_copy(&r, DATA_VRAM, GART_START + RAM_SIZE - 0x1000, 0x3000);
    emit_fence(&r, gtt(WB_SLOT(22)), 1);
    commit(&r);
    run(h);
    g_assert_cmphex(aemu_test_get32(h->ram + WB_SLOT(22)), ==, 0);
    g_assert_cmpuint(ih_count(h, IV_SRC_PAGE_INV, -1), ==, 1);
    check_hung_then_recover(h, 1);
    aemu_test_host_free(h);
}

/* A register poll that never succeeds: the engine yields, time moves on. */
static void test_poll_never(void)
{
    AemuTestHost *h = setup();
    Ring r0 = ring_of(h, 0), r1 = ring_of(h, 1);

    emit(&r0, SDMA_PACKET(SDMA_OPCODE_POLL_REG_MEM, 0,
                          SDMA_POLL_REG_MEM_EXTRA_FUNC(SDMA_POLL_FUNC_EQUAL)));
    emit(&r0, mmBIOS_SCRATCH_6 << 2);
    emit(&r0, 0);
    emit(&r0, 0x1);
    emit(&r0, 0x1);
    emit(&r0, (0xfff << 16) | 10);
    emit_write(&r0, gtt(WB_SLOT(23)), 0x1);
    commit(&r0);
    aemu_test_host_advance(h, 100 * RUN_NS);
    g_assert_cmphex(aemu_test_get32(h->ram + WB_SLOT(23)), ==, 0);
    g_assert_true(sdma_busy(h, 0));
    emit_write(&r1, gtt(WB_SLOT(24)), 0x2);
    commit(&r1);
    run(h);
    g_assert_cmphex(aemu_test_get32(h->ram + WB_SLOT(24)), ==, 0x2);
    g_assert_true(sdma_idle(h, 1));
    /* The register changes: the poll completes. */
    aemu_test_wreg(h, mmBIOS_SCRATCH_6, 1);
    run(h);
    g_assert_cmphex(aemu_test_get32(h->ram + WB_SLOT(23)), ==, 0x1);
    g_assert_cmpuint(h->guest_errors->len, ==, 0);
    aemu_test_host_free(h);
}

/* A dword a fuzzer would put in a packet: mostly plausible, some not. */
static uint32_t fuzz_dword(GRand *rand)
{
    static const uint32_t headers[] = {
        SDMA_PACKET(SDMA_OPCODE_NOP, 0, 0),
        SDMA_PACKET(SDMA_OPCODE_COPY, SDMA_COPY_SUB_OPCODE_LINEAR, 0),
        SDMA_PACKET(SDMA_OPCODE_WRITE, SDMA_WRITE_SUB_OPCODE_LINEAR, 0),
        SDMA_PACKET(SDMA_OPCODE_INDIRECT_BUFFER, 0, 0),
        SDMA_PACKET(SDMA_OPCODE_FENCE, 0, 0),
        SDMA_PACKET(SDMA_OPCODE_TRAP, 0, 0),
        SDMA_PACKET(SDMA_OPCODE_SEMAPHORE, 0, 0),
        SDMA_PACKET(SDMA_OPCODE_POLL_REG_MEM, 0, 0),
        SDMA_PACKET(SDMA_OPCODE_CONSTANT_FILL, 0, 0),
        SDMA_PACKET(SDMA_OPCODE_GENERATE_PTE_PDE, 0, 0),
        SDMA_PACKET(SDMA_OPCODE_SRBM_WRITE, 0, 0),
    };

    switch (g_rand_int_range(rand, 0, 6)) {
    case 0:     /* a header, sometimes with random extra bits */
        return headers[g_rand_int_range(rand, 0, G_N_ELEMENTS(headers))] |
               (g_rand_boolean(rand) ? g_rand_int(rand) & 0xffff0000u : 0);
    case 1:     /* a count */
        return g_rand_int_range(rand, 0, 64);
    case 2:     /* low half of a GTT address in the data area */
        return (uint32_t)gtt(DATA_RAM) + g_rand_int_range(rand, 0, 0x10000);
    case 3:     /* high half of a GTT address */
        return gtt(0) >> 32;
    case 4:     /* a VRAM address in the data area */
        return DATA_VRAM + g_rand_int_range(rand, 0, 0x10000);
    default:
        return g_rand_int(rand);
    }
}

/* Fuzzed rings: never a crash, an endless slice or an overrun. */
static void test_random_stream(void)
{
    AemuTestHost *h = setup();
    GRand *rand = g_rand_new_with_seed(0x5d3a);

    for (unsigned round = 0; round < 200; round++) {
        Ring r = ring_of(h, round & 1);

        sdma_resume(h, r.inst);
        for (unsigned i = 0; i < 96; i++) {
            emit(&r, fuzz_dword(rand));
        }
        commit(&r);
        aemu_test_host_advance(h, RUN_NS);
        /* Halting clears a hang or an endless poll for the next round. */
        aemu_test_wreg(h, SREG(r.inst, mmSDMA0_F32_CNTL),
                       SDMA0_F32_CNTL__HALT_MASK);
        /* Repair what a stray SRBM_WRITE may have changed. */
        gart_enable(h);
        ih_enable(h);
    }
    g_rand_free(rand);
    aemu_test_host_free(h);
}

int main(int argc, char **argv)
{
    g_test_init(&argc, &argv, NULL);
    g_test_add_func("/sdma/registers", test_registers);
    g_test_add_func("/sdma/ring-test", test_ring_test);
    g_test_add_func("/sdma/ib-test", test_ib_test);
    g_test_add_func("/sdma/trap-enable", test_trap_enable);
    g_test_add_func("/sdma/fence-trap-together", test_fence_trap_together);
    g_test_add_func("/sdma/ring-wrap", test_ring_wrap);
    g_test_add_func("/sdma/copy-linear", test_copy_linear);
    g_test_add_func("/sdma/copy-overlap", test_copy_overlap);
    g_test_add_func("/sdma/constant-fill", test_constant_fill);
    g_test_add_func("/sdma/generate-pte-pde", test_generate_pte_pde);
    g_test_add_func("/sdma/srbm-write", test_srbm_write);
    g_test_add_func("/sdma/f32-halt", test_f32_halt);
    g_test_add_func("/sdma/poll-mem", test_poll_mem);
    g_test_add_func("/sdma/semaphore", test_semaphore);
    g_test_add_func("/sdma/ib-vmid", test_ib_vmid);
    g_test_add_func("/sdma/soft-reset-holds", test_soft_reset_holds);
    g_test_add_func("/sdma/disabled-ring-no-writeback",
                    test_disabled_ring_no_writeback);
    g_test_add_func("/sdma/malformed/bad-opcode", test_bad_opcode);
    g_test_add_func("/sdma/malformed/count-past-ring", test_count_past_ring);
    g_test_add_func("/sdma/malformed/partial-packet-waits",
                    test_partial_packet_waits);
    g_test_add_func("/sdma/malformed/packet-past-ib", test_packet_past_ib);
    g_test_add_func("/sdma/malformed/ib-outside-apertures",
                    test_ib_outside_apertures);
    g_test_add_func("/sdma/malformed/huge-copy-bounded",
                    test_huge_copy_bounded);
    g_test_add_func("/sdma/malformed/copy-fault", test_copy_fault);
    g_test_add_func("/sdma/malformed/poll-never", test_poll_never);
    g_test_add_func("/sdma/malformed/random-stream", test_random_stream);
    return g_test_run();
}
