/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Unit tests of the SDMA 4.0 engines of Vega10 (sdma_v4_0.c) on the
 * standalone host: the rings set up as sdma_v4_0_gfx_resume does, the
 * driver's ring and IB tests, fences and trap IVs, the write pointer
 * through MMIO and through the 64-bit doorbell, the 64-bit read-pointer
 * write-back, copies and fills of a few MiB between system memory and
 * VRAM, register and memory polls (HDP flush, the VM flush's wait), and
 * malformed streams that hang the queue visibly until the F32 is halted.
 *
 * The tests replace the chip's GMC and IH with a flat translation
 * (d->translate: MC [0, VRAM) is VRAM, GTT_START + bus address is bus
 * memory, in every VMID) and capture the IVs the engine posts through
 * d->ih_submit, with all their SOC15 fields; the GMC and IH have their
 * own tests (test-gmc-v9.c, test-ih-vega10.c).
 */
#include <string.h>
#include "aemu-host.h"
#include "aemu-internal.h"
#include "sdma_v4_0_pkt.h"
#include "amdgpu-emu/regs/vega10_regs.h"
#include "amdgpu-emu/regs/vega10_fields.h"

#define MiB (1024ull * 1024ull)
#define RAM_SIZE (32 * MiB)
/* Where the flat test translation puts system memory. */
#define GTT_START 0xff00000000ull

/* System RAM (bus addresses). */
#define RING_RAM(i) (0x10000ull + (i) * 0x10000ull)    /* 8 KiB rings */
#define RING_BYTES 8192u
#define RING_ORDER 11u                                  /* log2(dwords) */
#define IB_RAM(i) (0x40000ull + (i) * 0x1000ull)
#define WB_RAM 0x60000ull
#define WB_RPTR(i) (WB_RAM + 0x10 * (i))                /* 64-bit */
#define WB_WPTR(i) (WB_RAM + 0x40 + 0x10 * (i))         /* 64-bit */
#define WB_SLOT(i) (WB_RAM + 0x100 + 4 * (i))
#define DATA_RAM (4 * MiB)
#define DATA_RAM2 (12 * MiB)
#define DATA_VRAM (32 * MiB)

/* soc15_ih_clientid.h, irqsrcs_sdma0_4_0.h; 241: see sdma_v4_0.h. */
#define CLIENT_SDMA0 0x08
#define CLIENT_SDMA1 0x09
#define IV_SRC_TRAP 224
#define IV_SRC_ILLEGAL 241
#define IV_SRC_SRBM_WRITE 247

/* amdgpu_doorbell.h (vega10): sDMA_ENGINE0/1 << 1, dword indexes. */
#define DOORBELL_SDMA(i) (0x1E0u + 4u * (i))

#define SDMA_STRIDE (mmSDMA1_UCODE_ADDR - mmSDMA0_UCODE_ADDR)
#define SREG(inst, r) ((r) + (inst) * SDMA_STRIDE)
#define RUN_NS 1000000ull

/* The IVs posted, captured in place of the IH. */
#define MAX_IVS 64
static AemuIvEntry ivs[MAX_IVS];
static unsigned num_ivs;
/* The hub of the last translated access, and every VMID used. */
static AemuHub last_hub;
static uint32_t vmids_seen;

static void capture_iv(AemuDevice *d, const AemuIvEntry *iv)
{
    g_assert_cmpuint(num_ivs, <, MAX_IVS);
    ivs[num_ivs++] = *iv;
}

static unsigned iv_count(unsigned client, unsigned src)
{
    unsigned n = 0;

    for (unsigned i = 0; i < num_ivs; i++) {
        n += ivs[i].client_id == client && ivs[i].src_id == src;
    }
    return n;
}

static AemuMemStatus flat_translate(AemuDevice *d, unsigned vmid,
                                    uint64_t addr, bool write,
                                    const AemuMemClient *client,
                                    AemuXlate *out)
{
    last_hub = client->hub;
    vmids_seen |= 1u << vmid;
    if (addr < d->vram_size) {
        *out = (AemuXlate) { .vram = true, .addr = addr,
                             .len = d->vram_size - addr };
        return AEMU_MEM_OK;
    }
    if (addr >= GTT_START && addr - GTT_START < RAM_SIZE) {
        *out = (AemuXlate) { .addr = addr - GTT_START,
                             .len = RAM_SIZE - (addr - GTT_START) };
        return AEMU_MEM_OK;
    }
    return AEMU_MEM_FAULT;
}

typedef struct Ring {
    AemuTestHost *h;
    unsigned inst;
    uint64_t wptr;          /* dwords, 64-bit as amdgpu's */
    bool doorbell;
} Ring;

static uint64_t gtt(uint64_t bus)
{
    return GTT_START + bus;
}

static uint32_t reg_field(uint32_t v, uint32_t mask, unsigned shift)
{
    return (v << shift) & mask;
}

/* sdma_v4_0_ring_set_wptr. */
static void commit(Ring *r)
{
    uint64_t wptr = r->wptr << 2;

    if (r->doorbell) {
        aemu_test_put64(r->h->ram + WB_WPTR(r->inst), wptr);
        aemu_doorbell_write(r->h->dev, 4ull * DOORBELL_SDMA(r->inst), wptr, 8);
    } else {
        aemu_test_wreg(r->h, SREG(r->inst, mmSDMA0_GFX_RB_WPTR),
                       (uint32_t)wptr);
        aemu_test_wreg(r->h, SREG(r->inst, mmSDMA0_GFX_RB_WPTR_HI),
                       (uint32_t)(wptr >> 32));
    }
}

/* sdma_v4_0_load_microcode (direct), _enable, then _gfx_resume. */
static void sdma_resume(AemuTestHost *h, unsigned i, bool doorbell)
{
    uint32_t rb_cntl = reg_field(RING_ORDER, SDMA0_GFX_RB_CNTL__RB_SIZE_MASK,
                                 SDMA0_GFX_RB_CNTL__RB_SIZE__SHIFT);
    Ring r = { .h = h, .inst = i, .doorbell = doorbell };

    aemu_test_wreg(h, SREG(i, mmSDMA0_F32_CNTL), SDMA0_F32_CNTL__HALT_MASK);
    aemu_test_wreg(h, SREG(i, mmSDMA0_UCODE_ADDR), 0);
    for (unsigned j = 0; j < 16; j++) {
        aemu_test_wreg(h, SREG(i, mmSDMA0_UCODE_DATA), 0x1000 + j);
    }
    aemu_test_wreg(h, SREG(i, mmSDMA0_UCODE_ADDR), 0x1b0);
    aemu_test_wreg(h, SREG(i, mmSDMA0_F32_CNTL), 0);
    aemu_test_wreg(h, SREG(i, mmSDMA0_GFX_RB_CNTL), rb_cntl);
    aemu_test_wreg(h, SREG(i, mmSDMA0_GFX_RB_RPTR), 0);
    aemu_test_wreg(h, SREG(i, mmSDMA0_GFX_RB_RPTR_HI), 0);
    aemu_test_wreg(h, SREG(i, mmSDMA0_GFX_RB_WPTR), 0);
    aemu_test_wreg(h, SREG(i, mmSDMA0_GFX_RB_WPTR_HI), 0);
    aemu_test_wreg(h, SREG(i, mmSDMA0_GFX_RB_RPTR_ADDR_HI),
                   gtt(WB_RPTR(i)) >> 32);
    aemu_test_wreg(h, SREG(i, mmSDMA0_GFX_RB_RPTR_ADDR_LO),
                   (uint32_t)gtt(WB_RPTR(i)) & 0xFFFFFFFC);
    rb_cntl |= SDMA0_GFX_RB_CNTL__RPTR_WRITEBACK_ENABLE_MASK;
    aemu_test_wreg(h, SREG(i, mmSDMA0_GFX_RB_BASE),
                   (uint32_t)(gtt(RING_RAM(i)) >> 8));
    aemu_test_wreg(h, SREG(i, mmSDMA0_GFX_RB_BASE_HI),
                   (uint32_t)(gtt(RING_RAM(i)) >> 40));
    aemu_test_wreg(h, SREG(i, mmSDMA0_GFX_MINOR_PTR_UPDATE), 1);
    aemu_test_wreg(h, SREG(i, mmSDMA0_GFX_DOORBELL),
                   doorbell ? SDMA0_GFX_DOORBELL__ENABLE_MASK : 0);
    aemu_test_wreg(h, SREG(i, mmSDMA0_GFX_DOORBELL_OFFSET),
                   reg_field(DOORBELL_SDMA(i),
                             SDMA0_GFX_DOORBELL_OFFSET__OFFSET_MASK,
                             SDMA0_GFX_DOORBELL_OFFSET__OFFSET__SHIFT));
    commit(&r);
    aemu_test_wreg(h, SREG(i, mmSDMA0_GFX_MINOR_PTR_UPDATE), 0);
    aemu_test_wreg(h, SREG(i, mmSDMA0_GFX_RB_WPTR_POLL_ADDR_LO),
                   (uint32_t)gtt(WB_WPTR(i)));
    aemu_test_wreg(h, SREG(i, mmSDMA0_GFX_RB_WPTR_POLL_ADDR_HI),
                   gtt(WB_WPTR(i)) >> 32);
    aemu_test_wreg(h, SREG(i, mmSDMA0_GFX_RB_CNTL),
                   rb_cntl | SDMA0_GFX_RB_CNTL__RB_ENABLE_MASK);
    aemu_test_wreg(h, SREG(i, mmSDMA0_GFX_IB_CNTL),
                   SDMA0_GFX_IB_CNTL__IB_ENABLE_MASK);
    /* sdma_v4_0_start; then the trap IRQ state (set_trap_irq_state). */
    aemu_test_wreg(h, SREG(i, mmSDMA0_CNTL),
                   SDMA0_CNTL__UTC_L1_ENABLE_MASK |
                   SDMA0_CNTL__TRAP_ENABLE_MASK);
}

static AemuTestHost *setup_with(bool doorbell)
{
    AemuTestHost *h = aemu_test_host_new_asic(&aemu_asic_vega10, 0, RAM_SIZE);

    h->dev->translate = flat_translate;
    h->dev->ih_submit = capture_iv;
    num_ivs = 0;
    vmids_seen = 0;
    for (unsigned i = 0; i < 2; i++) {
        sdma_resume(h, i, doorbell);
    }
    return h;
}

static AemuTestHost *setup(void)
{
    return setup_with(false);
}

static void emit(Ring *r, uint32_t v)
{
    aemu_test_put32(r->h->ram + RING_RAM(r->inst) +
                    4 * (r->wptr % (RING_BYTES / 4)), v);
    r->wptr++;
}

/* sdma_v4_0_ring_test_ring. */
static void emit_write(Ring *r, uint64_t addr, uint32_t v)
{
    emit(r, SDMA_PKT_HEADER_OP(SDMA_OP_WRITE) |
            SDMA_PKT_HEADER_SUB_OP(SDMA_SUBOP_WRITE_LINEAR));
    emit(r, (uint32_t)addr);
    emit(r, addr >> 32);
    emit(r, 0);             /* count: dwords - 1 */
    emit(r, v);
}

static void emit_fence(Ring *r, uint64_t addr, uint32_t seq)
{
    emit(r, SDMA_PKT_HEADER_OP(SDMA_OP_FENCE));
    emit(r, (uint32_t)addr);
    emit(r, addr >> 32);
    emit(r, seq);
}

static void emit_trap(Ring *r, uint32_t context)
{
    emit(r, SDMA_PKT_HEADER_OP(SDMA_OP_TRAP));
    emit(r, SDMA_PKT_TRAP_INT_CONTEXT_INT_CONTEXT(context));
}

/* sdma_v4_0_ring_insert_nop with burst NOP. */
static void emit_nops(Ring *r, unsigned count)
{
    for (unsigned i = 0; i < count; i++) {
        emit(r, SDMA_PKT_HEADER_OP(SDMA_OP_NOP) |
                (i == 0 ? SDMA_PKT_NOP_HEADER_COUNT(count - 1) : 0));
    }
}

/* sdma_v4_0_ring_emit_ib: padded so the packet ends on 8 dwords. */
static void emit_ib(Ring *r, uint64_t addr, uint32_t ndw, unsigned vmid)
{
    emit_nops(r, (2 - (uint32_t)r->wptr) & 7);
    emit(r, SDMA_PKT_HEADER_OP(SDMA_OP_INDIRECT) |
            SDMA_PKT_INDIRECT_HEADER_VMID(vmid & 0xf));
    emit(r, (uint32_t)addr & 0xffffffe0);
    emit(r, addr >> 32);
    emit(r, ndw);
    emit(r, 0);
    emit(r, 0);
}

/* sdma_v4_0_wait_reg_mem. */
static void emit_wait(Ring *r, bool mem, bool hdp, uint64_t addr0,
                      uint32_t addr1, uint32_t ref, uint32_t mask)
{
    emit(r, SDMA_PKT_HEADER_OP(SDMA_OP_POLL_REGMEM) |
            SDMA_PKT_POLL_REGMEM_HEADER_HDP_FLUSH(hdp) |
            SDMA_PKT_POLL_REGMEM_HEADER_MEM_POLL(mem) |
            SDMA_PKT_POLL_REGMEM_HEADER_FUNC(3));
    if (mem) {
        emit(r, (uint32_t)addr0);
        emit(r, addr0 >> 32);
    } else {
        emit(r, (uint32_t)addr0 << 2);
        emit(r, addr1 << 2);
    }
    emit(r, ref);
    emit(r, mask);
    emit(r, SDMA_PKT_POLL_REGMEM_DW5_RETRY_COUNT(0xfff) |
            SDMA_PKT_POLL_REGMEM_DW5_INTERVAL(10));
}

/* sdma_v4_0_ring_emit_wreg. */
static void emit_wreg(Ring *r, uint32_t reg, uint32_t v)
{
    emit(r, SDMA_PKT_HEADER_OP(SDMA_OP_SRBM_WRITE) |
            SDMA_PKT_SRBM_WRITE_HEADER_BYTE_EN(0xf));
    emit(r, reg);
    emit(r, v);
}

/* sdma_v4_0_emit_copy_buffer. */
static void emit_copy(Ring *r, uint64_t src, uint64_t dst, uint32_t bytes)
{
    emit(r, SDMA_PKT_HEADER_OP(SDMA_OP_COPY) |
            SDMA_PKT_HEADER_SUB_OP(SDMA_SUBOP_COPY_LINEAR));
    emit(r, bytes - 1);
    emit(r, 0);
    emit(r, (uint32_t)src);
    emit(r, src >> 32);
    emit(r, (uint32_t)dst);
    emit(r, dst >> 32);
}

/* sdma_v4_0_emit_fill_buffer (libdrm adds FILLSIZE 2). */
static void emit_fill(Ring *r, uint64_t dst, uint32_t data, uint32_t bytes,
                      unsigned fillsize)
{
    emit(r, SDMA_PKT_HEADER_OP(SDMA_OP_CONST_FILL) |
            SDMA_PKT_CONSTANT_FILL_HEADER_FILLSIZE(fillsize));
    emit(r, (uint32_t)dst);
    emit(r, dst >> 32);
    emit(r, data);
    emit(r, bytes - 1);
}

static void run(AemuTestHost *h)
{
    aemu_test_host_advance(h, RUN_NS);
}

static bool sdma_idle(AemuTestHost *h, unsigned inst)
{
    return aemu_test_rreg(h, SREG(inst, mmSDMA0_STATUS_REG)) &
           SDMA0_STATUS_REG__IDLE_MASK;
}

static uint64_t rptr_reg(AemuTestHost *h, unsigned inst)
{
    uint64_t hi = aemu_test_rreg(h, SREG(inst, mmSDMA0_GFX_RB_RPTR_HI));

    return hi << 32 | aemu_test_rreg(h, SREG(inst, mmSDMA0_GFX_RB_RPTR));
}

/* Reset state: the block is there, halted, idle; the microcode ports. */
static void test_registers(void)
{
    AemuTestHost *h = aemu_test_host_new_asic(&aemu_asic_vega10, 0, RAM_SIZE);

    g_assert_nonnull(aemu_block_priv(h->dev, AEMU_BLOCK_SDMA));
    for (unsigned i = 0; i < 2; i++) {
        g_assert_true(aemu_test_rreg(h, SREG(i, mmSDMA0_F32_CNTL)) &
                      SDMA0_F32_CNTL__HALT_MASK);
        g_assert_true(sdma_idle(h, i));
        aemu_test_wreg(h, SREG(i, mmSDMA0_UCODE_ADDR), 0);
        for (unsigned j = 0; j < 5; j++) {
            aemu_test_wreg(h, SREG(i, mmSDMA0_UCODE_DATA), j);
        }
        g_assert_cmpuint(aemu_test_rreg(h, SREG(i, mmSDMA0_UCODE_ADDR)), ==,
                         5);
        aemu_test_wreg(h, SREG(i, mmSDMA0_STATUS_REG), 0);
        g_assert_true(sdma_idle(h, i));
        /* Configuration the model stores: UTCL1, MINOR_PTR_UPDATE. */
        aemu_test_wreg(h, SREG(i, mmSDMA0_UTCL1_TIMEOUT), 0x00800080);
        g_assert_cmphex(aemu_test_rreg(h, SREG(i, mmSDMA0_UTCL1_TIMEOUT)), ==,
                        0x00800080);
    }
    g_assert_cmpstr(aemu_device_reg_name(h->dev, mmSDMA1_GFX_RB_CNTL), ==,
                    "SDMA1_GFX_RB_CNTL");
    g_assert_cmpuint(h->guest_errors->len, ==, 0);
    aemu_test_host_free(h);
}

/* sdma_v4_0_ring_test_ring on both instances, wptr through MMIO. */
static void test_ring_test(void)
{
    AemuTestHost *h = setup();

    for (unsigned i = 0; i < 2; i++) {
        Ring r = { .h = h, .inst = i };

        aemu_test_put32(h->ram + WB_SLOT(i), 0xCAFEDEAD);
        emit_write(&r, gtt(WB_SLOT(i)), 0xDEADBEEF);
        commit(&r);
        /* The write kicks the engine; it runs from the scheduler. */
        g_assert_cmphex(aemu_test_get32(h->ram + WB_SLOT(i)), ==, 0xCAFEDEAD);
        g_assert_false(sdma_idle(h, i));
        aemu_test_host_advance(h, 0);
        g_assert_cmphex(aemu_test_get32(h->ram + WB_SLOT(i)), ==, 0xDEADBEEF);
        /* 64-bit rptr in bytes: registers and write-back. */
        g_assert_cmpuint(rptr_reg(h, i), ==, 20);
        g_assert_cmpuint(aemu_test_get64(h->ram + WB_RPTR(i)), ==, 20);
        g_assert_true(sdma_idle(h, i));
        /* Memory went through the MMHUB in VMID 0. */
        g_assert_cmpuint(last_hub, ==, AEMU_HUB_MM);
        g_assert_cmphex(vmids_seen, ==, 1u << 0);
    }
    g_assert_cmpuint(h->guest_errors->len, ==, 0);
    aemu_test_host_free(h);
}

/* The wptr as amdgpu submits it with use_doorbell: WDOORBELL64. */
static void test_doorbell(void)
{
    AemuTestHost *h = setup_with(true);

    for (unsigned i = 0; i < 2; i++) {
        Ring r = { .h = h, .inst = i, .doorbell = true };

        emit_write(&r, gtt(WB_SLOT(i)), 0x600D0000 + i);
        commit(&r);
        run(h);
        g_assert_cmphex(aemu_test_get32(h->ram + WB_SLOT(i)), ==,
                        0x600D0000 + i);
        /* The doorbell value lands in RB_WPTR/_HI. */
        g_assert_cmpuint(aemu_test_rreg(h, SREG(i, mmSDMA0_GFX_RB_WPTR)), ==,
                         20);
        g_assert_cmpuint(aemu_test_get64(h->ram + WB_RPTR(i)), ==, 20);
    }
    /* Doorbell disabled: the claim is gone, a write is dropped. */
    {
        Ring r = { .h = h, .inst = 0, .wptr = 5, .doorbell = true };

        aemu_test_wreg(h, mmSDMA0_GFX_DOORBELL, 0);
        emit_write(&r, gtt(WB_SLOT(0)), 0xBAD);
        commit(&r);
        run(h);
        g_assert_cmphex(aemu_test_get32(h->ram + WB_SLOT(0)), ==, 0x600D0000);
        /* Re-enabled: the same doorbell submits again. */
        aemu_test_wreg(h, mmSDMA0_GFX_DOORBELL,
                       SDMA0_GFX_DOORBELL__ENABLE_MASK);
        commit(&r);
        run(h);
        g_assert_cmphex(aemu_test_get32(h->ram + WB_SLOT(0)), ==, 0xBAD);
    }
    g_assert_cmpuint(h->guest_errors->len, ==, 0);
    aemu_test_host_free(h);
}

/* The 64-bit pointers keep growing past the ring's end (wrap in memory). */
static void test_ring_wrap_64bit(void)
{
    AemuTestHost *h = setup_with(true);
    Ring r = { .h = h, .inst = 1, .doorbell = true };

    for (unsigned n = 0; n < 1000; n++) {
        emit_write(&r, gtt(WB_SLOT(1)), n);
        if (n % 50 == 49) {
            commit(&r);
            run(h);
        }
    }
    commit(&r);
    run(h);
    g_assert_cmpuint(r.wptr * 4, >, 2 * RING_BYTES);
    g_assert_cmpuint(aemu_test_get32(h->ram + WB_SLOT(1)), ==, 999);
    g_assert_cmpuint(aemu_test_get64(h->ram + WB_RPTR(1)), ==, r.wptr * 4);
    g_assert_cmpuint(rptr_reg(h, 1), ==, r.wptr * 4);
    g_assert_cmpuint(h->guest_errors->len, ==, 0);
    aemu_test_host_free(h);
}

/* sdma_v4_0_ring_test_ib: an 8-dword IB, then fence + trap. */
static void test_ib_test(void)
{
    AemuTestHost *h = setup();

    for (unsigned i = 0; i < 2; i++) {
        Ring r = { .h = h, .inst = i };
        uint8_t *ib = h->ram + IB_RAM(i);
        uint64_t fence = gtt(WB_SLOT(2 + i));

        aemu_test_put32(ib + 0, SDMA_PKT_HEADER_OP(SDMA_OP_WRITE) |
                        SDMA_PKT_HEADER_SUB_OP(SDMA_SUBOP_WRITE_LINEAR));
        aemu_test_put32(ib + 4, (uint32_t)gtt(WB_SLOT(i)));
        aemu_test_put32(ib + 8, gtt(WB_SLOT(i)) >> 32);
        aemu_test_put32(ib + 12, 0);
        aemu_test_put32(ib + 16, 0xDEADBEEF);
        for (unsigned j = 5; j < 8; j++) {
            aemu_test_put32(ib + 4 * j, SDMA_PKT_HEADER_OP(SDMA_OP_NOP));
        }
        emit_ib(&r, gtt(IB_RAM(i)), 8, 0);
        g_assert_cmpuint(r.wptr % 8, ==, 0);
        emit_fence(&r, fence, 0x1234 + i);
        emit_trap(&r, 0);
        commit(&r);
        run(h);
        g_assert_cmphex(aemu_test_get32(h->ram + WB_SLOT(i)), ==, 0xDEADBEEF);
        g_assert_cmphex(aemu_test_get32(h->ram + WB_SLOT(2 + i)), ==,
                        0x1234 + i);
        g_assert_true(sdma_idle(h, i));
    }
    /* One trap IV per instance: client, source, ring_id 0, MMHUB vmid. */
    g_assert_cmpuint(num_ivs, ==, 2);
    for (unsigned i = 0; i < 2; i++) {
        g_assert_cmpuint(ivs[i].client_id, ==, CLIENT_SDMA0 + i);
        g_assert_cmpuint(ivs[i].src_id, ==, IV_SRC_TRAP);
        g_assert_cmpuint(ivs[i].ring_id, ==, 0);
        g_assert_cmpuint(ivs[i].vmid, ==, 0);
        g_assert_true(ivs[i].vmid_src);
        g_assert_cmpuint(ivs[i].src_data[0], ==, 0);
    }
    g_assert_cmpuint(h->guest_errors->len, ==, 0);
    aemu_test_host_free(h);
}

/* 64-bit fences are two FENCEs; TRAP_ENABLE gates the IV. */
static void test_fence_trap(void)
{
    AemuTestHost *h = setup();
    Ring r = { .h = h, .inst = 1 };
    uint64_t seq = 0x0000000500000007ull;

    aemu_test_host_trace(h, "amdgpu_emu_sdma_fence,amdgpu_emu_sdma_trap");
    emit_fence(&r, gtt(WB_SLOT(4)), (uint32_t)seq);
    emit_fence(&r, gtt(WB_SLOT(5)), seq >> 32);
    emit_trap(&r, 0x123);
    commit(&r);
    run(h);
    g_assert_cmphex(aemu_test_get64(h->ram + WB_SLOT(4)), ==, seq);
    g_assert_cmpuint(iv_count(CLIENT_SDMA1, IV_SRC_TRAP), ==, 1);
    g_assert_cmphex(ivs[0].src_data[0], ==, 0x123);
    g_assert_cmpuint(h->events->len, ==, 3);
    /* Trap interrupts off (set_trap_irq_state): no IV. */
    aemu_test_wreg(h, SREG(1, mmSDMA0_CNTL), SDMA0_CNTL__UTC_L1_ENABLE_MASK);
    emit_trap(&r, 0);
    commit(&r);
    run(h);
    g_assert_cmpuint(num_ivs, ==, 1);
    g_assert_true(sdma_idle(h, 1));
    aemu_test_host_free(h);
}

/* TTM moves: a few MiB system -> VRAM -> system, and fills. */
static void test_copy_fill(void)
{
    AemuTestHost *h = setup();
    Ring r = { .h = h, .inst = 0 };
    const uint32_t bytes = 3 * MiB + 12;

    for (uint32_t i = 0; i < bytes; i++) {
        h->ram[DATA_RAM + i] = (uint8_t)(i * 7 + (i >> 12));
    }
    emit_copy(&r, gtt(DATA_RAM), DATA_VRAM, bytes);
    emit_copy(&r, DATA_VRAM, gtt(DATA_RAM2), bytes);
    /* amdgpu's clear: byte fill of 0; libdrm's dword fill. */
    emit_fill(&r, DATA_VRAM + 8 * MiB, 0, 2 * MiB, 0);
    emit_fill(&r, DATA_VRAM + 12 * MiB, 0xA5A5F00D, 1 * MiB, 2);
    emit_fence(&r, gtt(WB_SLOT(0)), 77);
    memset(h->vram + DATA_VRAM + 8 * MiB, 0xff, 2 * MiB + 4);
    commit(&r);
    /* Chunked: it takes more than one slice, and the queue is busy. */
    aemu_test_host_advance(h, 0);
    g_assert_cmpuint(aemu_test_get32(h->ram + WB_SLOT(0)), !=, 77);
    g_assert_false(sdma_idle(h, 0));
    for (unsigned n = 0; n < 100 && !sdma_idle(h, 0); n++) {
        run(h);
    }
    g_assert_true(sdma_idle(h, 0));
    g_assert_cmpuint(aemu_test_get32(h->ram + WB_SLOT(0)), ==, 77);
    g_assert_cmpmem(h->vram + DATA_VRAM, bytes, h->ram + DATA_RAM, bytes);
    g_assert_cmpmem(h->ram + DATA_RAM2, bytes, h->ram + DATA_RAM, bytes);
    /* count - 1: exactly 2 MiB cleared, the byte after untouched. */
    g_assert_cmphex(aemu_test_get32(h->vram + DATA_VRAM + 8 * MiB), ==, 0);
    g_assert_cmphex(aemu_test_get32(h->vram + DATA_VRAM + 10 * MiB - 4), ==,
                    0);
    g_assert_cmphex(aemu_test_get32(h->vram + DATA_VRAM + 10 * MiB), ==,
                    0xffffffff);
    g_assert_cmphex(aemu_test_get32(h->vram + DATA_VRAM + 13 * MiB - 4), ==,
                    0xA5A5F00D);
    g_assert_cmpuint(h->guest_errors->len, ==, 0);
    aemu_test_host_free(h);
}

/* sdma_v4_0_vm_set_pte_pde and vm_write_pte (count - 1 forms). */
static void test_pte_updates(void)
{
    AemuTestHost *h = setup();
    Ring r = { .h = h, .inst = 0 };
    uint64_t pe = DATA_VRAM, flags = 0x73, addr = 0x123456000ull;

    emit(&r, SDMA_PKT_HEADER_OP(SDMA_OP_PTEPDE));
    emit(&r, (uint32_t)pe);
    emit(&r, pe >> 32);
    emit(&r, (uint32_t)flags);
    emit(&r, flags >> 32);
    emit(&r, (uint32_t)addr);
    emit(&r, addr >> 32);
    emit(&r, 4096);
    emit(&r, 0);
    emit(&r, 3 - 1);
    /* vm_write_pte: two 64-bit entries = 4 dwords, count 3. */
    emit(&r, SDMA_PKT_HEADER_OP(SDMA_OP_WRITE) |
             SDMA_PKT_HEADER_SUB_OP(SDMA_SUBOP_WRITE_LINEAR));
    emit(&r, (uint32_t)(pe + 64));
    emit(&r, (pe + 64) >> 32);
    emit(&r, 4 - 1);
    emit(&r, 0x1001);
    emit(&r, 0);
    emit(&r, 0x2001);
    emit(&r, 0);
    commit(&r);
    run(h);
    for (unsigned i = 0; i < 3; i++) {
        g_assert_cmphex(aemu_test_get64(h->vram + pe + 8 * i), ==,
                        (addr + 4096 * i) | flags);
    }
    g_assert_cmphex(aemu_test_get64(h->vram + pe + 24), ==, 0);
    g_assert_cmphex(aemu_test_get64(h->vram + pe + 64), ==, 0x1001);
    g_assert_cmphex(aemu_test_get64(h->vram + pe + 72), ==, 0x2001);
    g_assert_true(sdma_idle(h, 0));
    aemu_test_host_free(h);
}

/* POLL_REGMEM on memory (pipeline sync) waits and yields, then goes on. */
static void test_poll_mem(void)
{
    AemuTestHost *h = setup();
    Ring r = { .h = h, .inst = 0 };

    aemu_test_put32(h->ram + WB_SLOT(6), 1);
    emit_wait(&r, true, false, gtt(WB_SLOT(6)), 0, 5, 0xffffffff);
    emit_fence(&r, gtt(WB_SLOT(7)), 99);
    commit(&r);
    run(h);
    run(h);
    /* Still waiting, not spinning: idle is clear, the fence not written. */
    g_assert_false(sdma_idle(h, 0));
    g_assert_cmpuint(aemu_test_get32(h->ram + WB_SLOT(7)), ==, 0);
    /* The other instance is not held up by it. */
    {
        Ring r1 = { .h = h, .inst = 1 };

        emit_write(&r1, gtt(WB_SLOT(1)), 0x51);
        commit(&r1);
        run(h);
        g_assert_cmphex(aemu_test_get32(h->ram + WB_SLOT(1)), ==, 0x51);
    }
    aemu_test_put32(h->ram + WB_SLOT(6), 5);
    run(h);
    g_assert_cmpuint(aemu_test_get32(h->ram + WB_SLOT(7)), ==, 99);
    g_assert_true(sdma_idle(h, 0));
    g_assert_cmpuint(h->guest_errors->len, ==, 0);
    aemu_test_host_free(h);
}

/*
 * Register polls: the HDP flush (write REQ, wait DONE, NBIO 6.1 answers),
 * the VM flush's SRBM_WRITE and ACK wait on MMHUB registers, whose byte
 * addresses are beyond CIK's 18-bit field (GMC 9.0 acknowledges at once),
 * then a wait no block answers, which holds the queue until the test
 * writes the register.
 */
static void test_poll_reg(void)
{
    AemuTestHost *h = setup();
    Ring r = { .h = h, .inst = 1 };
    uint32_t ref = BIF_BX_PF0_GPU_HDP_FLUSH_DONE__SDMA1_MASK;
    const unsigned vmid = 3;
    const uint32_t ready = 0x1234;

    emit_wait(&r, false, true, mmBIF_BX_PF0_GPU_HDP_FLUSH_DONE,
              mmBIF_BX_PF0_GPU_HDP_FLUSH_REQ, ref, ref);
    emit_wreg(&r, MMHUB_mmVM_INVALIDATE_ENG4_REQ, 1u << vmid);
    emit_wait(&r, false, false, MMHUB_mmVM_INVALIDATE_ENG4_ACK, 0,
              1u << vmid, 1u << vmid);
    emit_fence(&r, gtt(WB_SLOT(9)), 41);
    emit_wait(&r, false, false, mmSCRATCH_REG0, 0, ready, UINT32_MAX);
    emit_fence(&r, gtt(WB_SLOT(8)), 42);
    commit(&r);
    run(h);
    run(h);
    g_assert_cmphex(aemu_test_rreg(h, mmBIF_BX_PF0_GPU_HDP_FLUSH_DONE) & ref,
                    ==, ref);
    g_assert_cmphex(aemu_test_rreg(h, MMHUB_mmVM_INVALIDATE_ENG4_ACK) &
                    (1u << vmid), ==, 1u << vmid);
    g_assert_cmpuint(aemu_test_get32(h->ram + WB_SLOT(9)), ==, 41);
    g_assert_cmpuint(aemu_test_get32(h->ram + WB_SLOT(8)), ==, 0);
    g_assert_false(sdma_idle(h, 1));
    aemu_test_wreg(h, mmSCRATCH_REG0, ready);
    run(h);
    g_assert_cmpuint(aemu_test_get32(h->ram + WB_SLOT(8)), ==, 42);
    g_assert_true(sdma_idle(h, 1));
    g_assert_cmpuint(h->guest_errors->len, ==, 0);
    aemu_test_host_free(h);
}

/* An IB runs in its VMID; an SRBM_WRITE from a user VMID is refused. */
static void test_ib_vmid_srbm(void)
{
    AemuTestHost *h = setup();
    Ring r = { .h = h, .inst = 0 };
    uint8_t *ib = h->ram + IB_RAM(0);

    aemu_test_put32(ib + 0, SDMA_PKT_HEADER_OP(SDMA_OP_SRBM_WRITE) |
                    SDMA_PKT_SRBM_WRITE_HEADER_BYTE_EN(0xf));
    aemu_test_put32(ib + 4, mmSCRATCH_REG0);
    aemu_test_put32(ib + 8, 0x77);
    emit_ib(&r, gtt(IB_RAM(0)), 3, 5);
    commit(&r);
    run(h);
    /* The IB was fetched in VMID 5, the ring and write-back in 0. */
    g_assert_cmphex(vmids_seen, ==, 1u << 0 | 1u << 5);
    g_assert_cmphex(aemu_test_rreg(h, mmSCRATCH_REG0), ==, 0);
    g_assert_cmpuint(iv_count(CLIENT_SDMA0, IV_SRC_SRBM_WRITE), ==, 1);
    g_assert_cmpuint(ivs[0].vmid, ==, 5);
    g_assert_false(sdma_idle(h, 0));
    /* Inside the IB: STATUS_REG says so, IB_BASE shows it. */
    g_assert_true(aemu_test_rreg(h, mmSDMA0_STATUS_REG) &
                  SDMA0_STATUS_REG__INSIDE_IB_MASK);
    g_assert_cmphex(aemu_test_rreg(h, mmSDMA0_GFX_IB_BASE_LO), ==,
                    (uint32_t)gtt(IB_RAM(0)));
    g_assert_cmpuint(h->guest_errors->len, ==, 1);
    aemu_test_host_free(h);
}

/*
 * TIMESTAMP_GET_GLOBAL and TIMESTAMP_GET write the GPU clock counter (what
 * RLC_GPU_CLOCK_COUNT reads) as 64 bits: later packets, later times.
 */
static void test_timestamps(void)
{
    AemuTestHost *h = setup();
    Ring r = { .h = h, .inst = 0 };
    uint64_t t0, t1;

    aemu_test_put64(h->ram + WB_SLOT(2), ~0ull);
    aemu_test_put64(h->ram + WB_SLOT(4), ~0ull);
    for (unsigned i = 0; i < 2; i++) {
        emit(&r, SDMA_PKT_HEADER_OP(SDMA_OP_TIMESTAMP) |
                 SDMA_PKT_HEADER_SUB_OP(i ? SDMA_SUBOP_TIMESTAMP_GET
                                          : SDMA_SUBOP_TIMESTAMP_GET_GLOBAL));
        emit(&r, (uint32_t)gtt(WB_SLOT(2 + 2 * i)));
        emit(&r, gtt(WB_SLOT(2 + 2 * i)) >> 32);
        commit(&r);
        run(h);
    }
    t0 = aemu_test_get64(h->ram + WB_SLOT(2));
    t1 = aemu_test_get64(h->ram + WB_SLOT(4));
    g_assert_cmpuint(t0, !=, ~0ull);
    g_assert_cmpuint(t1, >, t0);
    g_assert_cmpuint(t1, !=, ~0ull);
    g_assert_true(sdma_idle(h, 0));
    g_assert_cmpuint(h->guest_errors->len + h->unimps->len, ==, 0);
    aemu_test_host_free(h);
}

/*
 * Malformed streams hang the queue visibly (STATUS_REG not idle, an IV,
 * a report) without taking the host down; halting the F32 clears the
 * hang and the driver's resume runs the ring again.
 */
static void test_malformed_then_halt(void)
{
    static const struct {
        uint32_t dw[4];
        unsigned ndw;
        bool unimp;
        const char *what;
    } bad[] = {
        { { 0x000000ffu }, 1, false, "unknown opcode" },
        { { SDMA_PKT_HEADER_OP(SDMA_OP_TIMESTAMP) |
            SDMA_PKT_HEADER_SUB_OP(SDMA_SUBOP_TIMESTAMP_SET), 0, 0 },
          3, true, "TIMESTAMP_SET" },
        /* A WRITE of 0xFFFFF+1 dwords: longer than the 8 KiB ring. */
        { { SDMA_PKT_HEADER_OP(SDMA_OP_WRITE), 0, 0, 0xFFFFF }, 4, false,
          "longer than" },
    };

    for (size_t k = 0; k < G_N_ELEMENTS(bad); k++) {
        AemuTestHost *h = setup();
        Ring r = { .h = h, .inst = 1 };

        for (unsigned j = 0; j < bad[k].ndw; j++) {
            emit(&r, bad[k].dw[j]);
        }
        commit(&r);
        run(h);
        run(h);
        g_assert_false(sdma_idle(h, 1));
        g_assert_true(sdma_idle(h, 0));
        g_assert_cmpuint(iv_count(CLIENT_SDMA1, IV_SRC_ILLEGAL), ==, 1);
        if (bad[k].unimp) {
            g_assert_cmpuint(h->unimps->len, ==, 1);
            g_assert_nonnull(strstr(g_ptr_array_index(h->unimps, 0),
                                    bad[k].what));
        } else {
            g_assert_cmpuint(h->guest_errors->len, ==, 1);
            g_assert_nonnull(strstr(g_ptr_array_index(h->guest_errors, 0),
                                    bad[k].what));
        }
        /* More work does not unstick it. */
        emit_write(&r, gtt(WB_SLOT(1)), 1);
        commit(&r);
        run(h);
        g_assert_false(sdma_idle(h, 1));
        /* sdma_v4_0_enable(false) then a full resume: running again. */
        aemu_test_wreg(h, SREG(1, mmSDMA0_F32_CNTL),
                       SDMA0_F32_CNTL__HALT_MASK);
        sdma_resume(h, 1, false);
        r.wptr = 0;
        emit_write(&r, gtt(WB_SLOT(1)), 0xA11);
        commit(&r);
        run(h);
        g_assert_cmphex(aemu_test_get32(h->ram + WB_SLOT(1)), ==, 0xA11);
        g_assert_true(sdma_idle(h, 1));
        aemu_test_host_free(h);
    }
}

/* A packet running past the end of its IB hangs; IB in IB is refused. */
static void test_ib_malformed(void)
{
    AemuTestHost *h = setup();
    Ring r = { .h = h, .inst = 0 };
    uint8_t *ib = h->ram + IB_RAM(0);

    /* A 4-dword FENCE in a 2-dword IB. */
    aemu_test_put32(ib + 0, SDMA_PKT_HEADER_OP(SDMA_OP_FENCE));
    emit_ib(&r, gtt(IB_RAM(0)), 2, 0);
    commit(&r);
    run(h);
    g_assert_false(sdma_idle(h, 0));
    g_assert_cmpuint(iv_count(CLIENT_SDMA0, IV_SRC_ILLEGAL), ==, 1);
    g_assert_nonnull(strstr(g_ptr_array_index(h->guest_errors, 0),
                            "past the end of the IB"));
    aemu_test_host_free(h);

    h = setup();
    r = (Ring) { .h = h, .inst = 0 };
    ib = h->ram + IB_RAM(0);
    aemu_test_put32(ib + 0, SDMA_PKT_HEADER_OP(SDMA_OP_INDIRECT));
    aemu_test_put32(ib + 4, (uint32_t)gtt(IB_RAM(1)));
    aemu_test_put32(ib + 8, gtt(IB_RAM(1)) >> 32);
    aemu_test_put32(ib + 12, 8);
    aemu_test_put32(ib + 16, 0);
    aemu_test_put32(ib + 20, 0);
    emit_ib(&r, gtt(IB_RAM(0)), 6, 0);
    commit(&r);
    run(h);
    g_assert_false(sdma_idle(h, 0));
    g_assert_nonnull(strstr(g_ptr_array_index(h->guest_errors, 0),
                            "inside an IB"));
    aemu_test_host_free(h);
}

int main(int argc, char **argv)
{
    g_test_init(&argc, &argv, NULL);
    g_test_add_func("/sdma-v4/registers", test_registers);
    g_test_add_func("/sdma-v4/ring-test", test_ring_test);
    g_test_add_func("/sdma-v4/doorbell", test_doorbell);
    g_test_add_func("/sdma-v4/ring-wrap-64bit", test_ring_wrap_64bit);
    g_test_add_func("/sdma-v4/ib-test", test_ib_test);
    g_test_add_func("/sdma-v4/fence-trap", test_fence_trap);
    g_test_add_func("/sdma-v4/copy-fill", test_copy_fill);
    g_test_add_func("/sdma-v4/pte-updates", test_pte_updates);
    g_test_add_func("/sdma-v4/poll-mem", test_poll_mem);
    g_test_add_func("/sdma-v4/poll-reg", test_poll_reg);
    g_test_add_func("/sdma-v4/ib-vmid-srbm", test_ib_vmid_srbm);
    g_test_add_func("/sdma-v4/timestamps", test_timestamps);
    g_test_add_func("/sdma-v4/malformed-then-halt", test_malformed_then_halt);
    g_test_add_func("/sdma-v4/ib-malformed", test_ib_malformed);
    return g_test_run();
}
