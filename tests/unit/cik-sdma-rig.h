/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * What the CIK SDMA unit tests share (test-sdma.c, test-inject.c): a Hawaii
 * on the standalone host with its two SDMA engines brought up as amdgpu
 * does (gmc_v7_0_gart_enable, cik_ih_irq_init, cik_sdma_gfx_resume), and
 * the ring helpers to feed them.
 *
 * Memory layout: VRAM at MC address 0; the GART (VM context 0, one flat
 * table in VRAM) maps GTT page i to system RAM page i, so a GTT address is
 * GART_START + bus address. Rings, write-back slots and the IH ring live
 * in system RAM, as amdgpu places them.
 */
#ifndef CIK_SDMA_RIG_H
#define CIK_SDMA_RIG_H

#include <stdbool.h>
#include <string.h>
#include "aemu-host.h"
#include "sdma_cik_pkt.h"
#include "amdgpu-emu/regs/cik_regs.h"
#include "amdgpu-emu/regs/cik_fields.h"

#define MiB (1024ull * 1024ull)
#define PAGE 4096ull
#define RAM_SIZE (32 * MiB)
/* amdgpu's GART placement with 256 MiB VRAM at 0 (bring-up map 6.1). */
#define GART_START 0xff00000000ull
#define GART_PAGES (RAM_SIZE / PAGE)
#define GART_TABLE_VRAM (16 * MiB)
/* PTE bits (amdgpu_vm.h AMDGPU_PTE_*). */
#define PTE_VALID (1ull << 0)
#define PTE_SYSTEM (1ull << 1)
#define PTE_SNOOPED (1ull << 2)
#define PTE_READABLE (1ull << 5)
#define PTE_WRITEABLE (1ull << 6)
#define PTE_GTT (PTE_VALID | PTE_SYSTEM | PTE_SNOOPED | PTE_READABLE | \
                 PTE_WRITEABLE)

/* System RAM (bus addresses). */
#define RING_RAM(i) (0x10000ull + (i) * 0x10000ull)    /* 8 KiB rings */
#define RING_BYTES 8192u
#define RING_ORDER 11u                                  /* log2(dwords) */
#define WB_RAM 0x60000ull                               /* write-back page */
#define WB_RPTR(i) (WB_RAM + 0x10 * (i))
#define WB_SLOT(i) (WB_RAM + 0x100 + 4 * (i))
#define IH_RING_RAM 0x70000ull
#define IH_RING_ORDER 10u                               /* 4 KiB */
#define IH_WB_RAM 0x80000ull

/* IH sources (ivsrcid_vislands30.h). */
#define IV_SRC_SDMA_TRAP 224

#define SDMA_STRIDE (mmSDMA1_UCODE_ADDR - mmSDMA0_UCODE_ADDR)
#define SREG(inst, r) ((r) + (inst) * SDMA_STRIDE)

/* Enough virtual time for many scheduler slices. */
#define RUN_NS 1000000ull

typedef struct Ring {
    AemuTestHost *h;
    unsigned inst;
    uint32_t wptr;          /* dwords */
} Ring;

static inline uint64_t gtt(uint64_t bus)
{
    return GART_START + bus;
}

/* As gmc_v7_0_gart_enable: GTT page i -> system page i. */
static inline void gart_enable(AemuTestHost *h)
{
    for (uint64_t i = 0; i < GART_PAGES; i++) {
        aemu_test_put64(h->vram + GART_TABLE_VRAM + i * 8, i * PAGE | PTE_GTT);
    }
    aemu_test_gart_enable(h, GART_START, GART_PAGES, GART_TABLE_VRAM,
        VM_CONTEXT0_CNTL__RANGE_PROTECTION_FAULT_ENABLE_INTERRUPT_MASK |
        VM_CONTEXT0_CNTL__RANGE_PROTECTION_FAULT_ENABLE_DEFAULT_MASK);
    /* amdgpu leaves the AGP aperture empty: bottom above top. */
    aemu_test_wreg(h, mmMC_VM_AGP_BOT, 1);
    aemu_test_wreg(h, mmMC_VM_AGP_TOP, 0);
}

/* As cik_ih_irq_init. */
static inline void ih_enable(AemuTestHost *h)
{
    aemu_test_wreg(h, mmIH_RB_BASE, (uint32_t)(gtt(IH_RING_RAM) >> 8));
    aemu_test_wreg(h, mmIH_RB_WPTR_ADDR_LO, (uint32_t)gtt(IH_WB_RAM));
    aemu_test_wreg(h, mmIH_RB_WPTR_ADDR_HI, (uint32_t)(gtt(IH_WB_RAM) >> 32));
    aemu_test_wreg(h, mmIH_RB_CNTL,
                   (IH_RING_ORDER << IH_RB_CNTL__RB_SIZE__SHIFT) |
                   IH_RB_CNTL__WPTR_WRITEBACK_ENABLE_MASK |
                   IH_RB_CNTL__RB_ENABLE_MASK);
    aemu_test_wreg(h, mmIH_RB_RPTR, 0);
    aemu_test_wreg(h, mmIH_RB_WPTR, 0);
    aemu_test_wreg(h, mmIH_CNTL, IH_CNTL__ENABLE_INTR_MASK);
}

/* Count IV entries with this source (and ring_id, unless negative). */
static inline unsigned ih_count(AemuTestHost *h, unsigned src, int ring_id)
{
    uint32_t wptr = aemu_test_get32(h->ram + IH_WB_RAM) & IH_RB_WPTR__OFFSET_MASK;
    unsigned n = 0;

    for (uint32_t off = 0; off < wptr; off += 16) {
        const uint8_t *e = h->ram + IH_RING_RAM + off;

        if ((aemu_test_get32(e) & 0xff) == src &&
            (ring_id < 0 || (aemu_test_get32(e + 8) & 0xff) == (uint32_t)ring_id)) {
            n++;
        }
    }
    return n;
}

/* cik_sdma_load_microcode, then cik_sdma_gfx_resume for one instance. */
static inline void sdma_resume(AemuTestHost *h, unsigned i)
{
    uint32_t rb_cntl = RING_ORDER << SDMA0_GFX_RB_CNTL__RB_SIZE__SHIFT;

    aemu_test_wreg(h, SREG(i, mmSDMA0_F32_CNTL),
                   aemu_test_rreg(h, SREG(i, mmSDMA0_F32_CNTL)) |
                   SDMA0_F32_CNTL__HALT_MASK);
    aemu_test_wreg(h, SREG(i, mmSDMA0_UCODE_ADDR), 0);
    for (unsigned j = 0; j < 16; j++) {
        aemu_test_wreg(h, SREG(i, mmSDMA0_UCODE_DATA), 0x1000 + j);
    }
    aemu_test_wreg(h, SREG(i, mmSDMA0_UCODE_ADDR), 0x2f);
    aemu_test_wreg(h, SREG(i, mmSDMA0_GFX_RB_CNTL), rb_cntl);
    aemu_test_wreg(h, SREG(i, mmSDMA0_GFX_RB_RPTR), 0);
    aemu_test_wreg(h, SREG(i, mmSDMA0_GFX_RB_WPTR), 0);
    aemu_test_wreg(h, SREG(i, mmSDMA0_GFX_IB_RPTR), 0);
    aemu_test_wreg(h, SREG(i, mmSDMA0_GFX_IB_OFFSET), 0);
    aemu_test_wreg(h, SREG(i, mmSDMA0_GFX_RB_RPTR_ADDR_HI),
                   gtt(WB_RPTR(i)) >> 32);
    aemu_test_wreg(h, SREG(i, mmSDMA0_GFX_RB_RPTR_ADDR_LO),
                   (uint32_t)gtt(WB_RPTR(i)));
    rb_cntl |= SDMA0_GFX_RB_CNTL__RPTR_WRITEBACK_ENABLE_MASK;
    aemu_test_wreg(h, SREG(i, mmSDMA0_GFX_RB_BASE),
                   (uint32_t)(gtt(RING_RAM(i)) >> 8));
    aemu_test_wreg(h, SREG(i, mmSDMA0_GFX_RB_BASE_HI),
                   (uint32_t)(gtt(RING_RAM(i)) >> 40));
    aemu_test_wreg(h, SREG(i, mmSDMA0_GFX_RB_WPTR), 0);
    aemu_test_wreg(h, SREG(i, mmSDMA0_GFX_RB_CNTL),
                   rb_cntl | SDMA0_GFX_RB_CNTL__RB_ENABLE_MASK);
    aemu_test_wreg(h, SREG(i, mmSDMA0_GFX_IB_CNTL),
                   SDMA0_GFX_IB_CNTL__IB_ENABLE_MASK);
    /* cik_sdma_enable(true), then the fence interrupt enable. */
    aemu_test_wreg(h, SREG(i, mmSDMA0_F32_CNTL),
                   aemu_test_rreg(h, SREG(i, mmSDMA0_F32_CNTL)) &
                   ~SDMA0_F32_CNTL__HALT_MASK);
    aemu_test_wreg(h, SREG(i, mmSDMA0_CNTL),
                   aemu_test_rreg(h, SREG(i, mmSDMA0_CNTL)) |
                   SDMA0_CNTL__TRAP_ENABLE_MASK);
}

static inline AemuTestHost *setup(void)
{
    AemuTestHost *h = aemu_test_host_new(NULL, 0, RAM_SIZE);

    gart_enable(h);
    ih_enable(h);
    for (unsigned i = 0; i < 2; i++) {
        sdma_resume(h, i);
    }
    return h;
}

static inline Ring ring_of(AemuTestHost *h, unsigned inst)
{
    return (Ring) { .h = h, .inst = inst, .wptr = 0 };
}

static inline void emit(Ring *r, uint32_t v)
{
    aemu_test_put32(r->h->ram + RING_RAM(r->inst) + 4 * r->wptr, v);
    r->wptr = (r->wptr + 1) % (RING_BYTES / 4);
}

/* cik_sdma_ring_set_wptr: bytes, masked as the driver does. */
static inline void commit(Ring *r)
{
    aemu_test_wreg(r->h, SREG(r->inst, mmSDMA0_GFX_RB_WPTR),
                   (r->wptr << 2) & 0x3fffc);
}

static inline void emit_fence(Ring *r, uint64_t addr, uint32_t seq)
{
    emit(r, SDMA_PACKET(SDMA_OPCODE_FENCE, 0, 0));
    emit(r, (uint32_t)addr);
    emit(r, addr >> 32);
    emit(r, seq);
}

static inline void run(AemuTestHost *h)
{
    aemu_test_host_advance(h, RUN_NS);
}

static inline bool sdma_busy(AemuTestHost *h, unsigned inst)
{
    uint32_t bit = inst ? SRBM_STATUS2__SDMA1_BUSY_MASK
                        : SRBM_STATUS2__SDMA_BUSY_MASK;

    return aemu_test_rreg(h, mmSRBM_STATUS2) & bit;
}

#endif
