/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Unit tests of the Vega10 IH (ih_vega10.c, OSS 4.0) on the standalone
 * host: ring 0 programmed as vega10_ih_irq_init does, in both spaces
 * IH_RB_CNTL.MC_SPACE names (a bus address, as amdgpu always uses, and an
 * MC address); the 32-byte IV as amdgpu_ih_decode_iv_helper reads it; the
 * wptr write-back; interrupt edges; the rptr ack by MMIO and by doorbell,
 * with and without RPTR_REARM; overflow and its clear; disabled rings; a
 * ring write that faults.
 *
 * Vega10's memory controller (gmc_v9.c) is not in this branch yet, so the
 * tests of the MC space install their own d->translate: a flat aperture of
 * MC addresses onto VRAM, which faults outside it and then posts a VM
 * fault IV the way a GMC would, to check the IH's recursion guard.
 */
#include <string.h>
#include "aemu-host.h"
#include "aemu-internal.h"
#include "amdgpu-emu/regs/vega10_regs.h"
#include "amdgpu-emu/regs/vega10_fields.h"

#define MiB (1024ull * 1024ull)
#define RAM_SIZE (4 * MiB)
#define IV_SIZE 32u
/* vega10_ih_sw_init: IH_RING_SIZE, 256 KiB; the tests use smaller rings. */
#define RING_ORDER_4K 10u           /* log2(4 KiB / 4) */
#define RING_ORDER_1K 8u            /* 32 entries */
/* Ring and write-back slot in system RAM (bus addresses), as use_bus_addr. */
#define RING_BUS (1 * MiB)
#define WB_BUS (2 * MiB)
/* The flat MC aperture of the test's translation, and where it lands. */
#define MC_BASE 0x0000008000000000ull
#define MC_SIZE (8 * MiB)
#define MC_VRAM (16 * MiB)
#define MC_RING MC_BASE
#define MC_WB (MC_BASE + 1 * MiB)
/* IH_RB_CNTL.MC_SPACE values vega10_ih_rb_cntl writes. */
#define MC_SPACE_GPA 1u
#define MC_SPACE_MC 4u
/*
 * Doorbells (vega10_reg_init.c, vega10_ih_sw_init): doorbell_index.ih =
 * AMDGPU_DOORBELL64_IH 0xF4, in 64-bit slots; the rings use it << 1 (a
 * dword index), ring 1 and 2 the next slots.
 */
#define DOORBELL64_IH 0xf4u
#define IH_DOORBELL_DW (DOORBELL64_IH << 1)
#define IH1_DOORBELL_DW ((DOORBELL64_IH + 1) << 1)
/* Sources (soc15_ih_clientid.h, bring-up map 8.4). */
#define CLIENTID_GRBM_CP 0x14u
#define CLIENTID_VMC 0x12u
#define SRC_CP_EOP 181u
/* Vega10's reference clock, 27 MHz (asic_vega10.c vbios.ref_clk_10khz). */
#define REF_CLK_HZ 27000000ull

/* amdgpu_iv_entry, as far as the IV carries it. */
typedef struct DecodedIv {
    unsigned client_id, src_id, ring_id, vmid, vmid_src;
    uint64_t timestamp;
    unsigned timestamp_src, pasid, node_id;
    uint32_t src_data[4];
} DecodedIv;

/* amdgpu_ih_decode_iv_helper, line for line (its own literal masks). */
static DecodedIv decode_iv(const uint8_t *p)
{
    uint32_t dw[8];
    DecodedIv e;

    for (unsigned i = 0; i < 8; i++) {
        dw[i] = aemu_test_get32(p + 4 * i);
    }
    e.client_id = dw[0] & 0xff;
    e.src_id = (dw[0] >> 8) & 0xff;
    e.ring_id = (dw[0] >> 16) & 0xff;
    e.vmid = (dw[0] >> 24) & 0xf;
    e.vmid_src = (dw[0] >> 31);
    e.timestamp = dw[1] | ((uint64_t)(dw[2] & 0xffff) << 32);
    e.timestamp_src = dw[2] >> 31;
    e.pasid = dw[3] & 0xffff;
    e.node_id = (dw[3] >> 16) & 0xff;
    e.src_data[0] = dw[4];
    e.src_data[1] = dw[5];
    e.src_data[2] = dw[6];
    e.src_data[3] = dw[7];
    return e;
}

/* What the test translation saw, and how many faults it reported. */
static unsigned xlate_faults;
static AemuHub xlate_last_hub;
static unsigned xlate_last_vmid;

static AemuMemStatus flat_translate(AemuDevice *d, unsigned vmid,
                                    uint64_t addr, bool write,
                                    const AemuMemClient *client,
                                    AemuXlate *out)
{
    xlate_last_hub = client->hub;
    xlate_last_vmid = vmid;
    if (addr >= MC_BASE && addr - MC_BASE < MC_SIZE) {
        *out = (AemuXlate) {
            .vram = true, .addr = MC_VRAM + (addr - MC_BASE),
            .len = MC_SIZE - (addr - MC_BASE),
        };
        return AEMU_MEM_OK;
    }
    /* A GMC reports the fault through the IH (gmc_v9_0_process_interrupt). */
    xlate_faults++;
    aemu_irq_post(d, &(AemuIvEntry) { .client_id = CLIENTID_VMC,
                                      .vmid_src = true });
    return AEMU_MEM_FAULT;
}

static AemuTestHost *vega10(void)
{
    AemuTestHost *h = aemu_test_host_new_asic(&aemu_asic_vega10, 0,
                                              RAM_SIZE);

    xlate_faults = 0;
    h->dev->translate = flat_translate;
    return h;
}

typedef struct RingSetup {
    unsigned mc_space;
    uint64_t ring, wb;
    unsigned order;
    bool rearm;
    bool doorbell;
} RingSetup;

/*
 * vega10_ih_irq_init for ring 0: disable, vega10_ih_enable_ring
 * (vega10_ih_rb_cntl, write-back address, pointers, doorbell), then
 * vega10_ih_toggle_ring_interrupts(true).
 */
static void ih_enable(AemuTestHost *h, const RingSetup *s)
{
    uint32_t cntl = 0;

    aemu_test_wreg(h, mmIH_RB_CNTL, 0);
    aemu_test_wreg(h, mmIH_RB_BASE, (uint32_t)(s->ring >> 8));
    aemu_test_wreg(h, mmIH_RB_BASE_HI, (s->ring >> 40) & 0xff);
    cntl = AEMU_REG_SET(cntl, IH_RB_CNTL, MC_SPACE, s->mc_space);
    cntl = AEMU_REG_SET(cntl, IH_RB_CNTL, WPTR_OVERFLOW_CLEAR, 1);
    cntl = AEMU_REG_SET(cntl, IH_RB_CNTL, WPTR_OVERFLOW_ENABLE, 1);
    cntl = AEMU_REG_SET(cntl, IH_RB_CNTL, RB_SIZE, s->order);
    cntl = AEMU_REG_SET(cntl, IH_RB_CNTL, WPTR_WRITEBACK_ENABLE, 1);
    cntl = AEMU_REG_SET(cntl, IH_RB_CNTL, MC_SNOOP, 1);
    cntl = AEMU_REG_SET(cntl, IH_RB_CNTL, RPTR_REARM, s->rearm);
    aemu_test_wreg(h, mmIH_RB_CNTL, cntl);
    aemu_test_wreg(h, mmIH_RB_WPTR_ADDR_LO, (uint32_t)s->wb);
    aemu_test_wreg(h, mmIH_RB_WPTR_ADDR_HI, (s->wb >> 32) & 0xffff);
    aemu_test_wreg(h, mmIH_RB_WPTR, 0);
    aemu_test_wreg(h, mmIH_RB_RPTR, 0);
    aemu_test_wreg(h, mmIH_DOORBELL_RPTR,
                   s->doorbell ?
                   AEMU_REG_SET(AEMU_REG_SET(0, IH_DOORBELL_RPTR, OFFSET,
                                             IH_DOORBELL_DW),
                                IH_DOORBELL_RPTR, ENABLE, 1) : 0);
    cntl = aemu_test_rreg(h, mmIH_RB_CNTL);
    cntl = AEMU_REG_SET(cntl, IH_RB_CNTL, RB_ENABLE, 1);
    cntl = AEMU_REG_SET(cntl, IH_RB_CNTL, RB_GPU_TS_ENABLE, 1);
    cntl = AEMU_REG_SET(cntl, IH_RB_CNTL, ENABLE_INTR, 1);
    aemu_test_wreg(h, mmIH_RB_CNTL, cntl);
}

/* What amdgpu does on a dGPU: ring and shadow at bus addresses. */
static void ih_enable_gpa(AemuTestHost *h, unsigned order, bool rearm)
{
    ih_enable(h, &(RingSetup) { .mc_space = MC_SPACE_GPA, .ring = RING_BUS,
                                .wb = WB_BUS, .order = order,
                                .rearm = rearm, .doorbell = true });
}

static uint32_t wb_gpa(AemuTestHost *h)
{
    return aemu_test_get32(h->ram + WB_BUS);
}

/* vega10_ih_set_rptr: WDOORBELL32(ih->doorbell_index, ih->rptr). */
static void ring_doorbell(AemuTestHost *h, uint32_t dw, uint32_t rptr)
{
    aemu_doorbell_write(h->dev, dw * 4ull, rptr, 4);
}

static const AemuIvEntry eop = {
    .client_id = CLIENTID_GRBM_CP, .src_id = SRC_CP_EOP,
};

static const AemuTestEvent *event(AemuTestHost *h, guint i)
{
    g_assert_cmpuint(i, <, h->events->len);
    return g_ptr_array_index(h->events, i);
}

/* The block is the chip's IH, OSS 4.0, and takes the IH's services. */
static void test_block(void)
{
    AemuTestHost *h = vega10();
    const AemuBlock *b = h->dev->block_of[AEMU_BLOCK_IH];

    g_assert_nonnull(b);
    g_assert_cmpstr(b->funcs->name, ==, "vega10_ih");
    g_assert_cmpuint(b->funcs->major, ==, 4);
    g_assert_cmpuint(b->funcs->minor, ==, 0);
    g_assert_nonnull(h->dev->ih_submit);
    g_assert_cmpstr(h->dev->handlers[mmIH_RB_RPTR]->block, ==, "ih");
    aemu_test_host_free(h);
}

/*
 * Every field of an IV, through the MC space (the MMHUB at MC_VMID 0), as
 * amdgpu_ih_decode_iv_helper reads it back: the PASID from the LUT of the
 * VMID's hub when the source gives none, the timestamp from the GPU clock
 * when the source gives none.
 */
static void test_iv_decode(void)
{
    AemuTestHost *h = vega10();
    const uint8_t *ring = h->vram + MC_VRAM;
    const AemuIvEntry full = {
        .client_id = CLIENTID_GRBM_CP, .src_id = SRC_CP_EOP,
        .src_data = { 0xdeadbeef, 0x01234567, 0x89abcdef, 0xfeedf00d },
        .ring_id = 0x5a, .vmid = 9, .vmid_src = true,
    };
    AemuIvEntry own = full;
    /* 200 s in: the 27 MHz count is past 32 bits. */
    const uint64_t ns = 200000000000ull + 1000;
    const uint64_t ticks = ns / 1000000000ull * REF_CLK_HZ +
                           ns % 1000000000ull * REF_CLK_HZ / 1000000000ull;
    DecodedIv e;

    ih_enable(h, &(RingSetup) { .mc_space = MC_SPACE_MC, .ring = MC_RING,
                                .wb = MC_WB, .order = RING_ORDER_4K });
    aemu_test_host_trace(h, "amdgpu_emu_ih_*");
    /* gmc_v9_0_emit_pasid_mapping: the hub's LUT for the VMID. */
    aemu_test_wreg(h, mmIH_VMID_0_LUT_MM + 9, 0x8123);
    aemu_test_wreg(h, mmIH_VMID_0_LUT + 9, 0x8456);
    h->now_ns = ns;
    aemu_irq_post(h->dev, &full);
    g_assert_cmpuint(xlate_last_hub, ==, AEMU_HUB_MM);
    g_assert_cmpuint(xlate_last_vmid, ==, 0);
    e = decode_iv(ring);
    g_assert_cmphex(e.client_id, ==, CLIENTID_GRBM_CP);
    g_assert_cmpuint(e.src_id, ==, SRC_CP_EOP);
    g_assert_cmphex(e.ring_id, ==, 0x5a);
    g_assert_cmpuint(e.vmid, ==, 9);
    g_assert_cmpuint(e.vmid_src, ==, 1);
    g_assert_cmpuint(e.timestamp, ==, ticks);
    g_assert_cmpuint(e.timestamp, >, UINT32_MAX);
    g_assert_cmpuint(e.timestamp_src, ==, 0);
    g_assert_cmphex(e.pasid, ==, 0x8123);
    g_assert_cmpuint(e.node_id, ==, 0);
    g_assert_cmphex(e.src_data[0], ==, 0xdeadbeef);
    g_assert_cmphex(e.src_data[1], ==, 0x01234567);
    g_assert_cmphex(e.src_data[2], ==, 0x89abcdef);
    g_assert_cmphex(e.src_data[3], ==, 0xfeedf00d);
    /* The write-back shadow and the register both say 32. */
    g_assert_cmpuint(aemu_test_get32(h->vram + MC_VRAM + 1 * MiB), ==, 32);
    g_assert_cmpuint(aemu_test_rreg(h, mmIH_RB_WPTR), ==, 32);
    g_assert_cmpuint(h->irq_edges, ==, 1);

    /* GFXHUB VMID: IH_VMID_n_LUT. */
    own.vmid_src = false;
    aemu_irq_post(h->dev, &own);
    g_assert_cmphex(decode_iv(ring + IV_SIZE).pasid, ==, 0x8456);
    g_assert_cmpuint(decode_iv(ring + IV_SIZE).vmid_src, ==, 0);

    /* The source's own PASID and timestamp win (48 bits of it). */
    own.pasid = 0x1234;
    own.timestamp = 0xabcd123456789aull;
    aemu_irq_post(h->dev, &own);
    e = decode_iv(ring + 2 * IV_SIZE);
    g_assert_cmphex(e.pasid, ==, 0x1234);
    g_assert_cmphex(e.timestamp, ==, 0xcd123456789aull);
    g_assert_cmpuint(aemu_test_get32(h->vram + MC_VRAM + 1 * MiB), ==,
                     3 * IV_SIZE);
    g_assert_cmpuint(h->irq_edges, ==, 3);

    /* One ih_iv per entry, at the wptr it landed at. */
    g_assert_cmpuint(h->events->len, ==, 3);
    g_assert_cmpuint(event(h, 0)->id, ==, AEMU_TRACE_EV_ih_iv);
    g_assert_cmpuint(event(h, 0)->args[0], ==, SRC_CP_EOP);
    g_assert_cmphex(event(h, 0)->args[1], ==, 0xdeadbeef);
    g_assert_cmpuint(event(h, 2)->args[4], ==, 2 * IV_SIZE);
    g_assert_cmpuint(h->guest_errors->len, ==, 0);
    aemu_test_host_free(h);
}

/*
 * amdgpu's own setup: MC_SPACE 1, the ring and its shadow at bus
 * addresses (no translation), acks by doorbell at doorbell_index.ih << 1.
 * With RPTR_REARM a partial ack re-signals; catching up drops the line.
 */
static void test_gpa_doorbell_rearm(void)
{
    AemuTestHost *h = vega10();

    ih_enable_gpa(h, RING_ORDER_4K, true);
    aemu_irq_post(h->dev, &eop);
    aemu_irq_post(h->dev, &eop);
    g_assert_cmpuint(xlate_faults, ==, 0);
    g_assert_cmpuint(decode_iv(h->ram + RING_BUS + IV_SIZE).src_id, ==,
                     SRC_CP_EOP);
    g_assert_cmpuint(wb_gpa(h), ==, 2 * IV_SIZE);
    g_assert_cmpuint(h->irq_edges, ==, 2);
    g_assert_true(h->irq_level);
    /* One entry consumed of two: re-signalled. */
    ring_doorbell(h, IH_DOORBELL_DW, IV_SIZE);
    g_assert_cmpuint(aemu_test_rreg(h, mmIH_RB_RPTR), ==, IV_SIZE);
    g_assert_cmpuint(h->irq_edges, ==, 3);
    g_assert_true(h->irq_level);
    ring_doorbell(h, IH_DOORBELL_DW, 2 * IV_SIZE);
    g_assert_cmpuint(aemu_test_rreg(h, mmIH_RB_RPTR), ==, 2 * IV_SIZE);
    g_assert_cmpuint(h->irq_edges, ==, 3);
    g_assert_false(h->irq_level);
    /* Ring 1's doorbell is ring 1's: ring 0 is untouched. */
    aemu_test_wreg(h, mmIH_DOORBELL_RPTR_RING1,
                   AEMU_REG_SET(AEMU_REG_SET(0, IH_DOORBELL_RPTR_RING1,
                                             OFFSET, IH1_DOORBELL_DW),
                                IH_DOORBELL_RPTR_RING1, ENABLE, 1));
    ring_doorbell(h, IH1_DOORBELL_DW, 0x40);
    g_assert_cmphex(aemu_test_rreg(h, mmIH_RB_RPTR_RING1), ==, 0x40);
    g_assert_cmpuint(aemu_test_rreg(h, mmIH_RB_RPTR), ==, 2 * IV_SIZE);
    g_assert_cmpuint(h->guest_errors->len, ==, 0);
    aemu_test_host_free(h);
}

/* Without doorbells (use_doorbell false) the ack is IH_RB_RPTR by MMIO. */
static void test_mmio_rptr(void)
{
    AemuTestHost *h = vega10();

    ih_enable(h, &(RingSetup) { .mc_space = MC_SPACE_GPA, .ring = RING_BUS,
                                .wb = WB_BUS, .order = RING_ORDER_4K });
    aemu_irq_post(h->dev, &eop);
    aemu_irq_post(h->dev, &eop);
    /* No RPTR_REARM: a partial ack neither re-signals nor drops. */
    aemu_test_wreg(h, mmIH_RB_RPTR, IV_SIZE);
    g_assert_cmpuint(h->irq_edges, ==, 2);
    g_assert_true(h->irq_level);
    aemu_test_wreg(h, mmIH_RB_RPTR, 2 * IV_SIZE);
    g_assert_false(h->irq_level);
    /* The doorbell is not enabled: a write there acks nothing. */
    aemu_irq_post(h->dev, &eop);
    ring_doorbell(h, IH_DOORBELL_DW, 3 * IV_SIZE);
    g_assert_cmpuint(aemu_test_rreg(h, mmIH_RB_RPTR), ==, 2 * IV_SIZE);
    g_assert_true(h->irq_level);
    aemu_test_host_free(h);
}

/*
 * A full ring drops the entry and flags the overflow in the shadow and
 * IH_RB_WPTR; vega10_ih_get_wptr's recovery pulses WPTR_OVERFLOW_CLEAR,
 * which clears the flag and does not stay set.
 */
static void test_overflow(void)
{
    AemuTestHost *h = vega10();
    unsigned slots = (4u << RING_ORDER_1K) / IV_SIZE;
    uint32_t cntl;

    ih_enable_gpa(h, RING_ORDER_1K, false);
    aemu_test_host_trace(h, "amdgpu_emu_ih_drop");
    for (unsigned i = 0; i < slots; i++) {
        aemu_irq_post(h->dev, &eop);
    }
    g_assert_cmpuint(wb_gpa(h) & ~IH_RB_WPTR__RB_OVERFLOW_MASK, ==,
                     (slots - 1) * IV_SIZE);
    g_assert_true(wb_gpa(h) & IH_RB_WPTR__RB_OVERFLOW_MASK);
    g_assert_true(aemu_test_rreg(h, mmIH_RB_WPTR) &
                  IH_RB_WPTR__RB_OVERFLOW_MASK);
    g_assert_cmpuint(h->events->len, ==, 1);
    g_assert_cmpstr(event(h, 0)->str[1], ==, "ring full (overflow)");
    cntl = aemu_test_rreg(h, mmIH_RB_CNTL);
    aemu_test_wreg(h, mmIH_RB_CNTL,
                   cntl | IH_RB_CNTL__WPTR_OVERFLOW_CLEAR_MASK);
    aemu_test_wreg(h, mmIH_RB_CNTL, cntl);
    g_assert_false(aemu_test_rreg(h, mmIH_RB_WPTR) &
                   IH_RB_WPTR__RB_OVERFLOW_MASK);
    g_assert_false(aemu_test_rreg(h, mmIH_RB_CNTL) &
                   IH_RB_CNTL__WPTR_OVERFLOW_CLEAR_MASK);
    /* Without WPTR_OVERFLOW_ENABLE a full ring drops silently. */
    aemu_test_wreg(h, mmIH_RB_CNTL,
                   cntl & ~IH_RB_CNTL__WPTR_OVERFLOW_ENABLE_MASK);
    aemu_irq_post(h->dev, &eop);
    g_assert_false(aemu_test_rreg(h, mmIH_RB_WPTR) &
                   IH_RB_WPTR__RB_OVERFLOW_MASK);
    /* Draining makes room again. */
    aemu_test_wreg(h, mmIH_RB_CNTL, cntl);
    ring_doorbell(h, IH_DOORBELL_DW, (slots - 1) * IV_SIZE);
    aemu_irq_post(h->dev, &eop);
    g_assert_cmpuint(wb_gpa(h), ==, 0);
    aemu_test_host_free(h);
}

/* A disabled ring, or its interrupt off, takes nothing (ih_drop). */
static void test_disabled_drops(void)
{
    AemuTestHost *h = vega10();
    uint32_t cntl;

    aemu_test_host_trace(h, "amdgpu_emu_ih_drop");
    aemu_irq_post(h->dev, &eop);
    ih_enable_gpa(h, RING_ORDER_4K, true);
    cntl = aemu_test_rreg(h, mmIH_RB_CNTL);
    aemu_test_wreg(h, mmIH_RB_CNTL, cntl & ~IH_RB_CNTL__ENABLE_INTR_MASK);
    aemu_irq_post(h->dev, &eop);
    aemu_test_wreg(h, mmIH_RB_CNTL, cntl & ~IH_RB_CNTL__RB_ENABLE_MASK);
    aemu_irq_post(h->dev, &eop);
    g_assert_cmpuint(h->irq_edges, ==, 0);
    g_assert_cmpuint(wb_gpa(h), ==, 0);
    g_assert_cmpuint(aemu_test_rreg(h, mmIH_RB_WPTR), ==, 0);
    g_assert_cmpuint(aemu_test_get32(h->ram + RING_BUS), ==, 0);
    g_assert_cmpuint(h->events->len, ==, 3);
    g_assert_cmpstr(event(h, 2)->str[1], ==,
                    "IH ring or interrupts disabled");
    aemu_test_host_free(h);
}

/*
 * A ring outside every mapping: the write faults, the GMC posts the fault
 * through the IH, which drops it instead of recursing; nothing is
 * delivered and the wptr does not move.
 */
static void test_fault_no_recursion(void)
{
    AemuTestHost *h = vega10();

    ih_enable(h, &(RingSetup) { .mc_space = MC_SPACE_MC,
                                .ring = MC_BASE + MC_SIZE,
                                .wb = MC_WB, .order = RING_ORDER_4K });
    aemu_test_host_trace(h, "amdgpu_emu_ih_drop");
    aemu_irq_post(h->dev, &eop);
    g_assert_cmpuint(xlate_faults, ==, 1);
    g_assert_cmpuint(h->irq_edges, ==, 0);
    g_assert_cmpuint(aemu_test_rreg(h, mmIH_RB_WPTR), ==, 0);
    g_assert_cmpuint(h->guest_errors->len, ==, 1);
    g_assert_cmpuint(h->events->len, ==, 2);
    g_assert_cmpuint(event(h, 0)->args[0], ==, 0);     /* the VM fault's */
    g_assert_cmpstr(event(h, 0)->str[1], ==,
                    "the IH's own ring access faulted");
    g_assert_cmpuint(event(h, 1)->args[0], ==, SRC_CP_EOP);
    g_assert_cmpstr(event(h, 1)->str[1], ==, "ring write faulted");
    /* The guard is released: a good ring works again. */
    aemu_test_wreg(h, mmIH_RB_BASE, (uint32_t)(MC_RING >> 8));
    aemu_irq_post(h->dev, &eop);
    g_assert_cmpuint(h->irq_edges, ==, 1);
    g_assert_cmpuint(aemu_test_rreg(h, mmIH_RB_WPTR), ==, IV_SIZE);
    aemu_test_host_free(h);
}

/*
 * Rings 1 and 2 keep what vega10_ih_enable_ring writes and get no
 * entries; a reset disables every doorbell with its register.
 */
static void test_rings_1_2_and_reset(void)
{
    AemuTestHost *h = vega10();

    ih_enable_gpa(h, RING_ORDER_4K, true);
    aemu_test_wreg(h, mmIH_RB_BASE_RING1, 0x1234);
    aemu_test_wreg(h, mmIH_RB_CNTL_RING2,
                   AEMU_REG_SET(IH_RB_CNTL_RING2__RB_ENABLE_MASK |
                                IH_RB_CNTL_RING2__WPTR_OVERFLOW_CLEAR_MASK,
                                IH_RB_CNTL_RING2, RB_SIZE, RING_ORDER_4K));
    aemu_irq_post(h->dev, &eop);
    g_assert_cmphex(aemu_test_rreg(h, mmIH_RB_BASE_RING1), ==, 0x1234);
    g_assert_cmphex(aemu_test_rreg(h, mmIH_RB_CNTL_RING2), ==,
                    AEMU_REG_SET(IH_RB_CNTL_RING2__RB_ENABLE_MASK,
                                 IH_RB_CNTL_RING2, RB_SIZE, RING_ORDER_4K));
    g_assert_cmpuint(aemu_test_rreg(h, mmIH_RB_WPTR_RING1), ==, 0);
    g_assert_cmpuint(aemu_test_rreg(h, mmIH_RB_WPTR_RING2), ==, 0);
    g_assert_cmpuint(aemu_test_rreg(h, mmIH_RB_WPTR), ==, IV_SIZE);

    aemu_device_reset(h->dev, AEMU_RESET_PCI_CONFIG);
    g_assert_cmpuint(aemu_test_rreg(h, mmIH_RB_WPTR), ==, 0);
    ring_doorbell(h, IH_DOORBELL_DW, IV_SIZE);
    g_assert_cmpuint(aemu_test_rreg(h, mmIH_RB_RPTR), ==, 0);
    aemu_test_host_free(h);
}

int main(int argc, char **argv)
{
    g_test_init(&argc, &argv, NULL);
    g_test_add_func("/ih-vega10/block", test_block);
    g_test_add_func("/ih-vega10/iv-decode", test_iv_decode);
    g_test_add_func("/ih-vega10/gpa-doorbell-rearm", test_gpa_doorbell_rearm);
    g_test_add_func("/ih-vega10/mmio-rptr", test_mmio_rptr);
    g_test_add_func("/ih-vega10/overflow", test_overflow);
    g_test_add_func("/ih-vega10/disabled-drops", test_disabled_drops);
    g_test_add_func("/ih-vega10/fault-no-recursion", test_fault_no_recursion);
    g_test_add_func("/ih-vega10/rings-1-2-and-reset",
                    test_rings_1_2_and_reset);
    return g_test_run();
}
