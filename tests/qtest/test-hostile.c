/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The hostile-guest catalogue (docs/hostile-inputs.md) on Hawaii, in the
 * real QEMU: one QEMU, and for each entry a bad input the test performs as
 * a guest would (rings and IBs written into VRAM through BAR0 and fetched
 * through VM context 0's framebuffer aperture; a GART for what must point
 * at bus addresses), then what the guest sees checked (a ring left busy
 * with its rptr stopped, an IV or none, a fault latched, a refused DMA in
 * the guest-error log, a register's value). hostile-run.c repeats every
 * input, checks the monitor answers within a second each time and QEMU's
 * memory does not grow. Every input starts from the PCI config reset
 * amdgpu uses (0x7C), so each entry also runs a small reset storm.
 */
#include <string.h>
#include "hostile-run.h"
#include "amdgpu-emu/aemu.h"
#include "aemu-internal.h"
#include "amdgpu-emu/regs/cik_regs.h"
#include "amdgpu-emu/regs/cik_fields.h"
#include "pm4_cik.h"
#include "sdma_cik_pkt.h"

#define MiB (1024ull * 1024ull)
#define PAGE 4096ull
#define BAR_VRAM 0
#define BAR_DOORBELL 2
#define BAR_IO 4
#define BAR_MMIO 5
#define VRAM_MIB 256u

/* VRAM layout; VRAM is at MC address 0 (VM context 0's FB aperture). */
#define GFX_RING_VRAM   0x10000ull
#define GFX_RING_ORDER  10u             /* RB_BUFSZ: 2^(10 + 1) dwords */
#define GFX_RING_DW     2048u
#define SDMA_RING_VRAM  0x20000ull
#define SDMA_RING_ORDER 11u             /* RB_SIZE: log2 of 2048 dwords */
#define SDMA_RING_DW    2048u
#define IB_VRAM         0x30000ull
#define WB_VRAM         0x40000ull      /* fences and write-back slots */
#define IH_VRAM         0x50000ull
#define IH_ORDER        10u             /* RB_SIZE: log2 of 1024 dwords */
#define IH_BYTES        4096u
#define IH_WB_VRAM      0x60000ull
#define IV_BYTES        16u
#define COPY_VRAM       (8 * MiB)       /* bulk copies' source and target */
#define HUGE_IB_VRAM    (64 * MiB)
#define GART_TABLE_VRAM (16 * MiB)
#define GART_START      0xff00000000ull
#define GART_PAGES      64u
/* GART PTE of a snooped system page: valid, system, snooped, R, W. */
#define PTE_SYS_RW ((1ull << 0) | (1ull << 1) | (1ull << 2) | (1ull << 5) | \
                    (1ull << 6))
/* An MC address no aperture maps (past VRAM, below the GART, AGP empty). */
#define UNMAPPED_MC     0x8000000000ull
#define AGP_EMPTY_BOT   0x3ffffffu

/* IV sources (cik_ih.c, sdma/gfx irq ids). */
#define IV_SRC_CP_EOP   181u
#define IV_SRC_SDMA_TRAP 224u
#define IV_SRC_D1_VINT0 19u     /* VISLANDS30 D1_VERTICAL_INTERRUPT0 */
/* The display engine's fastest raster (dce_v8.c DCE_MAX_REFRESH_HZ). */
#define DCE_MAX_FRAMES_PER_SEC 1000u

#define FENCE           0x5eedu
/* A value no stream writes: what a never-satisfied wait waits for. */
#define NEVER_WRITTEN   0x12345678u
/* IB_SIZE's largest value (20 bits of dwords). */
#define IB_SIZE_MAX     0xfffffu
/* SDMA COPY_LINEAR's largest byte count (22 bits) and NOP's count. */
#define SDMA_COPY_MAX   ((1u << 22) - 1)
#define SDMA_NOP_COUNT_MAX 0x3fffu
/* POLL_REG_MEM dword 5: retry count 0xfff, interval 0x10 (amdgpu's). */
#define SDMA_POLL_RETRY_INTERVAL 0xfff0010u
/* A GART table page number 1 TiB into MC space, far past VRAM. */
#define TABLE_BEYOND_VRAM 0x0fffffffu
/* A free place in the harness's 32-bit BAR window to move BAR5 to. */
#define BAR5_MOVED      0xe0000000ull
#define MSI_DATA        0x4321u
#define TYPE2_BYTE      0x80u
#define NOP_PAD         PACKET3(PACKET3_NOP, PM4_COUNT_MAX)
#define SDMA_NOP        SDMA_PACKET(SDMA_OPCODE_NOP, 0, 0)
/* Virtual time one input gets to run. */
#define RUN_NS          (2 * 1000 * 1000ll)

typedef struct Rig {
    AemuQTest *qt;
    uint16_t bdf;
    AqtBar bars[6];
    unsigned gart_next;
} Rig;

static Rig rig;

static uint32_t rreg(Rig *r, uint32_t dw)
{
    return aqt_readl(r->qt, r->bars[BAR_MMIO].addr + dw * 4ull);
}

static void wreg(Rig *r, uint32_t dw, uint32_t v)
{
    aqt_writel(r->qt, r->bars[BAR_MMIO].addr + dw * 4ull, v);
}

static uint32_t vram_r32(Rig *r, uint64_t off)
{
    return aqt_readl(r->qt, r->bars[BAR_VRAM].addr + off);
}

static void vram_w32(Rig *r, uint64_t off, uint32_t v)
{
    aqt_writel(r->qt, r->bars[BAR_VRAM].addr + off, v);
}

static void vram_put(Rig *r, uint64_t off, const uint32_t *dw, unsigned n)
{
    g_autofree uint32_t *le = g_new(uint32_t, n);

    for (unsigned i = 0; i < n; i++) {
        le[i] = GUINT32_TO_LE(dw[i]);
    }
    aqt_memwrite(r->qt, r->bars[BAR_VRAM].addr + off, le, n * 4ull);
}

/* Map one GART page onto a bus address; its GPU address. */
static uint64_t gart_map_bus(Rig *r, uint64_t bus)
{
    uint64_t gpu = GART_START + r->gart_next * PAGE;

    g_assert_cmpuint(r->gart_next, <, GART_PAGES);
    aqt_writeq(r->qt, r->bars[BAR_VRAM].addr + GART_TABLE_VRAM +
               r->gart_next * 8ull, (bus & ~(PAGE - 1)) | PTE_SYS_RW);
    r->gart_next++;
    return gpu + (bus & (PAGE - 1));
}

/*
 * amdgpu's ASIC reset (the 0x7C magic), then what the driver sets up
 * again: the GART (gmc_v7_0_gart_enable) and the IH (cik_ih_irq_init),
 * its ring and write-back slot in VRAM.
 */
static void rig_reset(Rig *r)
{
    aqt_pci_cfg_write32(r->qt, r->bdf, AEMU_PCI_CONFIG_RESET_OFFSET,
                        AEMU_PCI_CONFIG_RESET_DATA);
    r->gart_next = 0;
    wreg(r, mmMC_VM_AGP_BOT, AGP_EMPTY_BOT);
    wreg(r, mmMC_VM_AGP_TOP, 0);
    wreg(r, mmVM_CONTEXT0_PAGE_TABLE_START_ADDR, GART_START >> 12);
    wreg(r, mmVM_CONTEXT0_PAGE_TABLE_END_ADDR,
         (GART_START >> 12) + GART_PAGES - 1);
    wreg(r, mmVM_CONTEXT0_PAGE_TABLE_BASE_ADDR, GART_TABLE_VRAM >> 12);
    wreg(r, mmVM_CONTEXT0_CNTL, VM_CONTEXT0_CNTL__ENABLE_CONTEXT_MASK |
         VM_CONTEXT0_CNTL__RANGE_PROTECTION_FAULT_ENABLE_DEFAULT_MASK);
    aqt_memset(r->qt, r->bars[BAR_VRAM].addr + IH_VRAM, 0, IH_BYTES);
    vram_w32(r, IH_WB_VRAM, 0);
    wreg(r, mmIH_RB_BASE, (uint32_t)(IH_VRAM >> 8));
    wreg(r, mmIH_RB_WPTR_ADDR_LO, (uint32_t)IH_WB_VRAM);
    wreg(r, mmIH_RB_WPTR_ADDR_HI, 0);
    wreg(r, mmIH_RB_CNTL, IH_RB_CNTL__WPTR_OVERFLOW_ENABLE_MASK |
         IH_RB_CNTL__WPTR_OVERFLOW_CLEAR_MASK |
         (IH_ORDER << IH_RB_CNTL__RB_SIZE__SHIFT) |
         IH_RB_CNTL__WPTR_WRITEBACK_ENABLE_MASK | IH_RB_CNTL__RB_ENABLE_MASK);
    wreg(r, mmIH_RB_RPTR, 0);
    wreg(r, mmIH_RB_WPTR, 0);
    wreg(r, mmIH_CNTL, IH_CNTL__ENABLE_INTR_MASK);
    for (unsigned i = 0; i < 8; i++) {
        vram_w32(r, WB_VRAM + 4 * i, 0);
    }
}

/* IH entries written since the reset (the write-back slot, in bytes). */
static unsigned ih_entries(Rig *r)
{
    return vram_r32(r, IH_WB_VRAM) / IV_BYTES;
}

static unsigned iv_src(Rig *r, unsigned slot)
{
    return vram_r32(r, IH_VRAM + slot * IV_BYTES) & 0xff;
}

/* The gfx ring in VRAM, NOP-filled, at rptr = wptr = 0, ME running. */
static void gfx_ring_start(Rig *r)
{
    uint32_t nops[GFX_RING_DW];

    for (unsigned i = 0; i < GFX_RING_DW; i++) {
        nops[i] = NOP_PAD;
    }
    vram_put(r, GFX_RING_VRAM, nops, GFX_RING_DW);
    wreg(r, mmCP_ME_CNTL, 0);
    wreg(r, mmCP_RB_VMID, 0);
    wreg(r, mmCP_RB0_CNTL, GFX_RING_ORDER | CP_RB0_CNTL__RB_NO_UPDATE_MASK);
    wreg(r, mmCP_RB0_WPTR, 0);
    wreg(r, mmCP_RB0_BASE, (uint32_t)(GFX_RING_VRAM >> 8));
    wreg(r, mmCP_RB0_BASE_HI, 0);
    wreg(r, mmCP_INT_CNTL_RING0, CP_INT_CNTL_RING0__TIME_STAMP_INT_ENABLE_MASK);
}

/* Packets at the gfx ring's start, submitted. */
static void gfx_submit(Rig *r, const uint32_t *p, unsigned n)
{
    vram_put(r, GFX_RING_VRAM, p, n);
    wreg(r, mmCP_RB0_WPTR, n);
}

static bool gfx_busy(Rig *r)
{
    return rreg(r, mmGRBM_STATUS) & GRBM_STATUS__GUI_ACTIVE_MASK;
}

/* SDMA0's gfx ring in VRAM, NOP-filled, enabled, at rptr = wptr = 0. */
static void sdma_ring_start(Rig *r)
{
    uint32_t nops[SDMA_RING_DW];
    uint32_t rb = SDMA_RING_ORDER << SDMA0_GFX_RB_CNTL__RB_SIZE__SHIFT;

    for (unsigned i = 0; i < SDMA_RING_DW; i++) {
        nops[i] = SDMA_NOP;
    }
    vram_put(r, SDMA_RING_VRAM, nops, SDMA_RING_DW);
    wreg(r, mmSDMA0_F32_CNTL, SDMA0_F32_CNTL__HALT_MASK);
    wreg(r, mmSDMA0_GFX_RB_CNTL, rb);
    wreg(r, mmSDMA0_GFX_RB_RPTR, 0);
    wreg(r, mmSDMA0_GFX_RB_WPTR, 0);
    wreg(r, mmSDMA0_GFX_RB_BASE, (uint32_t)(SDMA_RING_VRAM >> 8));
    wreg(r, mmSDMA0_GFX_RB_BASE_HI, 0);
    wreg(r, mmSDMA0_GFX_RB_CNTL, rb | SDMA0_GFX_RB_CNTL__RB_ENABLE_MASK);
    wreg(r, mmSDMA0_GFX_IB_CNTL, SDMA0_GFX_IB_CNTL__IB_ENABLE_MASK);
    wreg(r, mmSDMA0_F32_CNTL, 0);
    wreg(r, mmSDMA0_CNTL, SDMA0_CNTL__TRAP_ENABLE_MASK);
}

/* Packets at SDMA0's ring start, submitted (the wptr counts bytes). */
static void sdma_submit(Rig *r, const uint32_t *p, unsigned n)
{
    vram_put(r, SDMA_RING_VRAM, p, n);
    wreg(r, mmSDMA0_GFX_RB_WPTR, n * 4);
}

static bool sdma_busy(Rig *r)
{
    return (rreg(r, mmSDMA0_STATUS_REG) & SDMA0_STATUS_REG__IDLE_MASK) == 0;
}

/* An SDMA fence of FENCE into write-back slot i. */
#define SDMA_FENCE(i) \
    SDMA_PACKET(SDMA_OPCODE_FENCE, 0, 0), (uint32_t)(WB_VRAM + 4 * (i)), 0, \
    FENCE

static char *qemu_log(Rig *r)
{
    return aqt_stderr(r->qt);
}

/* The number of times needle occurs in QEMU's guest-error log. */
static unsigned log_count(Rig *r, const char *needle)
{
    g_autofree char *log = qemu_log(r);
    unsigned n = 0;

    for (const char *p = log; (p = strstr(p, needle)); p++) {
        n++;
    }
    return n;
}

/* ---- Self-looping IBs ------------------------------------------------ */

/* An IB whose only packet calls the IB itself: nesting past the levels. */
static void ib_chains_to_itself(void *opaque)
{
    Rig *r = opaque;
    uint32_t ib[] = {
        PACKET3(PACKET3_INDIRECT_BUFFER, 2), (uint32_t)IB_VRAM, 0, 4,
    };
    uint32_t p[] = {
        PACKET3(PACKET3_INDIRECT_BUFFER, 2), (uint32_t)IB_VRAM, 0, 4,
        PACKET3(PACKET3_WRITE_DATA, 3), WRITE_DATA_DST_SEL(PM4_DST_SEL_MEMORY_SYNC),
        (uint32_t)WB_VRAM, 0, FENCE,
    };

    rig_reset(r);
    gfx_ring_start(r);
    vram_put(r, IB_VRAM, ib, G_N_ELEMENTS(ib));
    gfx_submit(r, p, G_N_ELEMENTS(p));
    hostile_step(r->qt, RUN_NS);
    /* The CP hangs at the call too deep: busy, the fence after never lands. */
    g_assert_true(gfx_busy(r));
    g_assert_cmphex(vram_r32(r, WB_VRAM), ==, 0);
    g_assert_cmpuint(rreg(r, mmCP_RB0_RPTR), <, G_N_ELEMENTS(p));
}

/* The ring calls an IB that is the ring itself, IB packet included. */
static void ring_ib_points_into_ring(void *opaque)
{
    Rig *r = opaque;
    uint32_t p[] = {
        PACKET3(PACKET3_INDIRECT_BUFFER, 2), (uint32_t)GFX_RING_VRAM, 0,
        GFX_RING_DW,
        PACKET3(PACKET3_WRITE_DATA, 3), WRITE_DATA_DST_SEL(PM4_DST_SEL_MEMORY_SYNC),
        (uint32_t)WB_VRAM, 0, FENCE,
    };

    rig_reset(r);
    gfx_ring_start(r);
    gfx_submit(r, p, G_N_ELEMENTS(p));
    hostile_step(r->qt, RUN_NS);
    g_assert_true(gfx_busy(r));
    g_assert_cmphex(vram_r32(r, WB_VRAM), ==, 0);
}

/* SDMA: an IB that calls itself (SDMA IBs do not nest). */
static void sdma_ib_chains_to_itself(void *opaque)
{
    Rig *r = opaque;
    uint32_t ib[] = {
        SDMA_PACKET(SDMA_OPCODE_INDIRECT_BUFFER, 0, 0), (uint32_t)IB_VRAM, 0,
        4, 0, 0,
    };
    uint32_t p[] = {
        SDMA_PACKET(SDMA_OPCODE_INDIRECT_BUFFER, 0, 0), (uint32_t)IB_VRAM, 0,
        4, 0, 0, SDMA_FENCE(0),
    };

    rig_reset(r);
    sdma_ring_start(r);
    vram_put(r, IB_VRAM, ib, G_N_ELEMENTS(ib));
    sdma_submit(r, p, G_N_ELEMENTS(p));
    hostile_step(r->qt, RUN_NS);
    g_assert_true(sdma_busy(r));
    g_assert_true(rreg(r, mmSDMA0_STATUS_REG) &
                  SDMA0_STATUS_REG__INSIDE_IB_MASK);
    g_assert_cmphex(vram_r32(r, WB_VRAM), ==, 0);
}

/* ---- Write pointers -------------------------------------------------- */

/* CP_RB0_WPTR far past the ring: the CP uses it modulo the ring size. */
static void gfx_wptr_past_ring(void *opaque)
{
    Rig *r = opaque;
    uint32_t p[] = {
        PACKET3(PACKET3_WRITE_DATA, 3), WRITE_DATA_DST_SEL(PM4_DST_SEL_MEMORY_SYNC),
        (uint32_t)WB_VRAM, 0, FENCE,
    };

    rig_reset(r);
    gfx_ring_start(r);
    vram_put(r, GFX_RING_VRAM, p, G_N_ELEMENTS(p));
    /* 5 in the ring's 11 bits, with every bit above set. */
    wreg(r, mmCP_RB0_WPTR, ~(GFX_RING_DW - 1) | G_N_ELEMENTS(p));
    hostile_step(r->qt, RUN_NS);
    g_assert_cmphex(vram_r32(r, WB_VRAM), ==, FENCE);
    g_assert_cmpuint(rreg(r, mmCP_RB0_RPTR), ==, G_N_ELEMENTS(p));
    g_assert_false(gfx_busy(r));
}

/* SDMA wptr past the ring and not dword aligned. */
static void sdma_wptr_past_ring_misaligned(void *opaque)
{
    Rig *r = opaque;
    uint32_t p[] = { SDMA_FENCE(0) };

    rig_reset(r);
    sdma_ring_start(r);
    vram_put(r, SDMA_RING_VRAM, p, G_N_ELEMENTS(p));
    /* Past the 8 KiB ring, low bits set: the ring offset is 16 bytes. */
    wreg(r, mmSDMA0_GFX_RB_WPTR, 0xfffc0000u | (G_N_ELEMENTS(p) * 4) | 3);
    hostile_step(r->qt, RUN_NS);
    g_assert_cmphex(vram_r32(r, WB_VRAM), ==, FENCE);
    g_assert_cmpuint(rreg(r, mmSDMA0_GFX_RB_RPTR), ==, G_N_ELEMENTS(p) * 4);
    g_assert_false(sdma_busy(r));
}

/* ---- Waits that are never satisfied ---------------------------------- */

/* WAIT_REG_MEM on memory that never matches; GRBM_SOFT_RESET recovers. */
static void gfx_wait_reg_mem_forever(void *opaque)
{
    Rig *r = opaque;
    uint32_t p[] = {
        PACKET3(PACKET3_WAIT_REG_MEM, 5),
        WAIT_REG_MEM_FUNCTION(PM4_FUNC_EQUAL) | WAIT_REG_MEM_MEM_SPACE(1),
        (uint32_t)WB_VRAM + 16, 0, NEVER_WRITTEN, ~0u, 4,
    };

    rig_reset(r);
    gfx_ring_start(r);
    gfx_submit(r, p, G_N_ELEMENTS(p));
    hostile_step(r->qt, RUN_NS);
    g_assert_true(gfx_busy(r));
    g_assert_cmpuint(rreg(r, mmCP_RB0_RPTR), ==, 0);
    /* The driver's recovery: a CP soft reset leaves it idle. */
    wreg(r, mmGRBM_SOFT_RESET, GRBM_SOFT_RESET__SOFT_RESET_CP_MASK);
    wreg(r, mmGRBM_SOFT_RESET, 0);
    hostile_step(r->qt, HOSTILE_STEP_NS);
    g_assert_false(gfx_busy(r));
}

/* SDMA POLL_REG_MEM on a register that never matches. */
static void sdma_poll_regmem_forever(void *opaque)
{
    Rig *r = opaque;
    uint32_t p[] = {
        SDMA_PACKET(SDMA_OPCODE_POLL_REG_MEM, 0,
                    SDMA_POLL_REG_MEM_EXTRA_FUNC(SDMA_POLL_FUNC_EQUAL)),
        mmSCRATCH_REG0 << 2, 0, NEVER_WRITTEN, ~0u, SDMA_POLL_RETRY_INTERVAL,
        SDMA_FENCE(0),
    };

    rig_reset(r);
    sdma_ring_start(r);
    sdma_submit(r, p, G_N_ELEMENTS(p));
    hostile_step(r->qt, RUN_NS);
    g_assert_true(sdma_busy(r));
    g_assert_cmpuint(rreg(r, mmSDMA0_GFX_RB_RPTR), ==, 0);
    g_assert_cmphex(vram_r32(r, WB_VRAM), ==, 0);
    /* Satisfied at last, it goes on. */
    wreg(r, mmSCRATCH_REG0, NEVER_WRITTEN);
    hostile_step(r->qt, RUN_NS);
    g_assert_cmphex(vram_r32(r, WB_VRAM), ==, FENCE);
}

/* ---- Giant counts and sizes ------------------------------------------ */

/*
 * A NOP whose count reaches past what was submitted and past the ring
 * (count 0x3FFF itself is the one-dword NOP amdgpu pads with).
 */
static void gfx_packet_longer_than_ring(void *opaque)
{
    Rig *r = opaque;
    uint32_t p[] = { PACKET3(PACKET3_NOP, PM4_COUNT_MAX - 1) };

    rig_reset(r);
    gfx_ring_start(r);
    gfx_submit(r, p, G_N_ELEMENTS(p));
    hostile_step(r->qt, RUN_NS);
    /* 16K dwords never fit in a 2K-dword ring: the CP stops at it. */
    g_assert_true(gfx_busy(r));
    g_assert_cmpuint(rreg(r, mmCP_RB0_RPTR), ==, 0);
}

/* A type-0 packet writing 16K registers from register 0 (MM_INDEX). */
static void gfx_type0_giant_count(void *opaque)
{
    Rig *r = opaque;
    uint32_t p[] = { PACKET0(mmSCRATCH_REG0, 7) };
    uint32_t vals[8];

    rig_reset(r);
    gfx_ring_start(r);
    /* The ring's NOP padding follows as data; only 8 dwords are asked. */
    for (unsigned i = 0; i < 8; i++) {
        vals[i] = 0x1000 + i;
    }
    vram_put(r, GFX_RING_VRAM, p, 1);
    vram_put(r, GFX_RING_VRAM + 4, vals, 8);
    vram_w32(r, GFX_RING_VRAM + 36, PACKET0(0, PM4_COUNT_MAX - 1));
    wreg(r, mmCP_RB0_WPTR, GFX_RING_DW - 1);
    hostile_step(r->qt, RUN_NS);
    g_assert_cmphex(rreg(r, mmSCRATCH_REG0), ==, 0x1000);
    g_assert_cmphex(rreg(r, mmSCRATCH_REG7), ==, 0x1007);
    /* The 16K-register one is longer than the ring: the CP stops at it. */
    g_assert_true(gfx_busy(r));
    g_assert_cmpuint(rreg(r, mmCP_RB0_RPTR), ==, 9);
}

/* An IB of the largest size (IB_SIZE 20 bits: 4 MiB) of type-2 fillers. */
static void gfx_huge_ib(void *opaque)
{
    Rig *r = opaque;
    uint32_t p[] = {
        PACKET3(PACKET3_INDIRECT_BUFFER, 2), (uint32_t)HUGE_IB_VRAM, 0,
        IB_SIZE_MAX,
        PACKET3(PACKET3_WRITE_DATA, 3), WRITE_DATA_DST_SEL(PM4_DST_SEL_MEMORY_SYNC),
        (uint32_t)WB_VRAM, 0, FENCE,
    };

    rig_reset(r);
    gfx_ring_start(r);
    /*
     * Bytes 0x80: every dword a type-2 packet, the one-dword filler. VRAM
     * keeps it across resets; written once, since qtest's memset buffer
     * would stay in QEMU's heap and blur the RSS check.
     */
    if (vram_r32(r, HUGE_IB_VRAM) != TYPE2_BYTE * 0x01010101u) {
        aqt_memset(r->qt, r->bars[BAR_VRAM].addr + HUGE_IB_VRAM, TYPE2_BYTE,
                   4ull * IB_SIZE_MAX);
    }
    gfx_submit(r, p, G_N_ELEMENTS(p));
    hostile_step(r->qt, RUN_NS);
    /* 1M packets take many slices; every step returned in time. */
    for (int i = 0; i < 400 && vram_r32(r, WB_VRAM) != FENCE; i++) {
        hostile_step(r->qt, 10 * HOSTILE_STEP_NS);
    }
    g_assert_cmphex(vram_r32(r, WB_VRAM), ==, FENCE);
}

/* SDMA COPY of the largest count (4 MiB - 1) VRAM to VRAM, then a fence. */
static void sdma_giant_copy(void *opaque)
{
    Rig *r = opaque;
    const uint32_t bytes = SDMA_COPY_MAX;
    uint32_t p[] = {
        SDMA_PACKET(SDMA_OPCODE_COPY, SDMA_COPY_SUB_OPCODE_LINEAR, 0),
        bytes, 0, (uint32_t)COPY_VRAM, 0, (uint32_t)(COPY_VRAM + 4 * MiB), 0,
        SDMA_FENCE(0),
    };

    rig_reset(r);
    sdma_ring_start(r);
    vram_w32(r, COPY_VRAM + 4 * MiB - 8, 0xc0ffee);
    sdma_submit(r, p, G_N_ELEMENTS(p));
    for (int i = 0; i < 100 && vram_r32(r, WB_VRAM) != FENCE; i++) {
        hostile_step(r->qt, 10 * HOSTILE_STEP_NS);
    }
    g_assert_cmphex(vram_r32(r, WB_VRAM), ==, FENCE);
    g_assert_cmphex(vram_r32(r, COPY_VRAM + 8 * MiB - 8), ==, 0xc0ffee);
}

/* SDMA COPY of the largest count to an address nothing maps. */
static void sdma_copy_to_unmapped(void *opaque)
{
    Rig *r = opaque;
    uint32_t p[] = {
        SDMA_PACKET(SDMA_OPCODE_COPY, SDMA_COPY_SUB_OPCODE_LINEAR, 0),
        SDMA_COPY_MAX, 0, (uint32_t)COPY_VRAM, 0, (uint32_t)UNMAPPED_MC,
        (uint32_t)(UNMAPPED_MC >> 32), SDMA_FENCE(0),
    };

    rig_reset(r);
    sdma_ring_start(r);
    sdma_submit(r, p, G_N_ELEMENTS(p));
    hostile_step(r->qt, RUN_NS);
    /* A VM fault stops SDMA at the copy; the fence never lands. */
    g_assert_true(sdma_busy(r));
    g_assert_cmphex(vram_r32(r, WB_VRAM), ==, 0);
    g_assert_cmpuint(rreg(r, mmSDMA0_GFX_RB_RPTR), ==, 0);
}

/* SDMA NOP with the largest count: longer than the ring. */
static void sdma_nop_giant_count(void *opaque)
{
    Rig *r = opaque;
    uint32_t p[] = { SDMA_PACKET(SDMA_OPCODE_NOP, 0, 0) | SDMA_NOP_COUNT(SDMA_NOP_COUNT_MAX),
                     SDMA_FENCE(0) };

    rig_reset(r);
    sdma_ring_start(r);
    sdma_submit(r, p, G_N_ELEMENTS(p));
    hostile_step(r->qt, RUN_NS);
    g_assert_cmphex(vram_r32(r, WB_VRAM), ==, 0);
    g_assert_true(sdma_busy(r));
}

/* Garbage opcodes on the gfx ring: the CP hangs where GRBM_STATUS shows. */
static void gfx_unknown_opcodes(void *opaque)
{
    Rig *r = opaque;
    uint32_t junk[64];

    rig_reset(r);
    gfx_ring_start(r);
    for (unsigned i = 0; i < G_N_ELEMENTS(junk); i++) {
        junk[i] = PACKET3(0xfe, 0) ^ (i * 0x9e3779b9u & 0x3fff00ffu);
    }
    gfx_submit(r, junk, G_N_ELEMENTS(junk));
    hostile_step(r->qt, RUN_NS);
    g_assert_true(gfx_busy(r));
    g_assert_cmpuint(rreg(r, mmCP_RB0_RPTR), <, G_N_ELEMENTS(junk));
}

/*
 * Rings of the largest sizes their registers allow (RB_BUFSZ, RB_SIZE at
 * their field maximum) at the last page of VRAM, submitted two pages
 * deep: the fetch runs to VRAM's end, then leaves the FB aperture and
 * faults, and the queue stops there instead of reading past it.
 */
static void rings_at_max_size_past_vram_end(void *opaque)
{
    Rig *r = opaque;
    const uint64_t last = VRAM_MIB * MiB - PAGE;
    const uint32_t page_dw = PAGE / 4;
    uint32_t nops[PAGE / 4];

    rig_reset(r);
    for (unsigned i = 0; i < page_dw; i++) {
        nops[i] = NOP_PAD;
    }
    vram_put(r, last, nops, page_dw);
    wreg(r, mmCP_ME_CNTL, 0);
    wreg(r, mmCP_RB0_CNTL, CP_RB0_CNTL__RB_BUFSZ_MASK |
         CP_RB0_CNTL__RB_NO_UPDATE_MASK);
    wreg(r, mmCP_RB0_WPTR, 0);
    wreg(r, mmCP_RB0_BASE, (uint32_t)(last >> 8));
    wreg(r, mmCP_RB0_BASE_HI, 0);
    wreg(r, mmCP_RB0_WPTR, 2 * page_dw);
    hostile_step(r->qt, RUN_NS);
    g_assert_cmpuint(rreg(r, mmCP_RB0_RPTR), ==, page_dw);
    g_assert_true(gfx_busy(r));

    /* SDMA NOPs are zeros. */
    aqt_memset(r->qt, r->bars[BAR_VRAM].addr + last, 0, PAGE);
    wreg(r, mmSDMA0_GFX_RB_BASE, (uint32_t)(last >> 8));
    wreg(r, mmSDMA0_GFX_RB_BASE_HI, 0);
    wreg(r, mmSDMA0_GFX_RB_CNTL, SDMA0_GFX_RB_CNTL__RB_SIZE_MASK |
         SDMA0_GFX_RB_CNTL__RB_ENABLE_MASK);
    wreg(r, mmSDMA0_F32_CNTL, 0);
    wreg(r, mmSDMA0_GFX_RB_WPTR, 2 * PAGE);
    hostile_step(r->qt, RUN_NS);
    g_assert_true(sdma_busy(r));
    g_assert_cmpuint(rreg(r, mmSDMA0_GFX_RB_RPTR), <=, PAGE);
}

/* The IH ring at the largest RB_SIZE, at the last page of VRAM. */
static void ih_ring_max_size_past_vram_end(void *opaque)
{
    Rig *r = opaque;
    const uint64_t last = VRAM_MIB * MiB - PAGE;
    enum { TRAPS = 300 };
    uint32_t p[2 * TRAPS + 4];

    rig_reset(r);
    aqt_memset(r->qt, r->bars[BAR_VRAM].addr + last, 0, PAGE);
    wreg(r, mmIH_RB_BASE, (uint32_t)(last >> 8));
    wreg(r, mmIH_RB_CNTL, IH_RB_CNTL__RB_SIZE_MASK |
         IH_RB_CNTL__WPTR_WRITEBACK_ENABLE_MASK | IH_RB_CNTL__RB_ENABLE_MASK);
    sdma_ring_start(r);
    for (unsigned i = 0; i < TRAPS; i++) {
        p[2 * i] = SDMA_PACKET(SDMA_OPCODE_TRAP, 0, 0);
        p[2 * i + 1] = 0;
    }
    {
        uint32_t f[] = { SDMA_FENCE(0) };

        memcpy(&p[2 * TRAPS], f, sizeof(f));
    }
    sdma_submit(r, p, G_N_ELEMENTS(p));
    for (int i = 0; i < 20 && vram_r32(r, WB_VRAM) != FENCE; i++) {
        hostile_step(r->qt, RUN_NS);
    }
    /* The page took 256 entries; the rest faulted and were dropped. */
    g_assert_cmphex(vram_r32(r, WB_VRAM), ==, FENCE);
    g_assert_cmpuint(vram_r32(r, last) & 0xff, ==, IV_SRC_SDMA_TRAP);
    g_assert_cmpuint(vram_r32(r, last + PAGE - IV_BYTES) & 0xff, ==,
                     IV_SRC_SDMA_TRAP);
    g_assert_cmpuint(rreg(r, mmIH_RB_WPTR) & ~IH_RB_WPTR__RB_OVERFLOW_MASK,
                     <=, PAGE);
}

/*
 * A compute queue (MEC1 pipe 0 queue 0, programmed as gfx_v7_0's
 * compute resume does) whose PQ lies where nothing is mapped, at the
 * largest QUEUE_SIZE, kicked by its doorbell: the fetch faults, the queue
 * stops with its rptr at 0, the MEC shows busy; the HQD stays active for
 * the driver to dequeue.
 */
#define HQD_DOORBELL 0x10u

static void srbm_select(Rig *r, unsigned me, unsigned pipe, unsigned queue)
{
    wreg(r, mmSRBM_GFX_CNTL, me << SRBM_GFX_CNTL__MEID__SHIFT |
         pipe << SRBM_GFX_CNTL__PIPEID__SHIFT |
         queue << SRBM_GFX_CNTL__QUEUEID__SHIFT);
}

static void hqd_pq_at_faulting_address(void *opaque)
{
    Rig *r = opaque;
    unsigned before = log_count(r, "faulted");

    rig_reset(r);
    wreg(r, mmCP_MEC_CNTL, 0);
    srbm_select(r, 1, 0, 0);
    wreg(r, mmCP_HQD_VMID, 0);
    wreg(r, mmCP_HQD_PQ_BASE, (uint32_t)(UNMAPPED_MC >> 8));
    wreg(r, mmCP_HQD_PQ_BASE_HI, (uint32_t)(UNMAPPED_MC >> 40));
    wreg(r, mmCP_HQD_PQ_RPTR, 0);
    wreg(r, mmCP_HQD_PQ_WPTR, 0);
    wreg(r, mmCP_HQD_PQ_DOORBELL_CONTROL,
         HQD_DOORBELL << CP_HQD_PQ_DOORBELL_CONTROL__DOORBELL_OFFSET__SHIFT |
         CP_HQD_PQ_DOORBELL_CONTROL__DOORBELL_EN_MASK);
    wreg(r, mmCP_HQD_PQ_CONTROL, CP_HQD_PQ_CONTROL__QUEUE_SIZE_MASK |
         CP_HQD_PQ_CONTROL__PRIV_STATE_MASK |
         CP_HQD_PQ_CONTROL__KMD_QUEUE_MASK);
    wreg(r, mmCP_HQD_ACTIVE, 1);
    srbm_select(r, 0, 0, 0);
    aqt_writel(r->qt, r->bars[BAR_DOORBELL].addr + 4ull * HQD_DOORBELL, 256);
    hostile_step(r->qt, RUN_NS);
    srbm_select(r, 1, 0, 0);
    g_assert_cmpuint(rreg(r, mmCP_HQD_PQ_RPTR), ==, 0);
    g_assert_true(rreg(r, mmCP_HQD_ACTIVE) & CP_HQD_ACTIVE__ACTIVE_MASK);
    srbm_select(r, 0, 0, 0);
    g_assert_true(rreg(r, mmCP_CPC_STATUS) & CP_CPC_STATUS__MEC1_BUSY_MASK);
    g_assert_cmpuint(log_count(r, "faulted"), >, before);
}

/* ---- DMA into the device's own BARs, page tables pointing anywhere --- */

/* An SDMA write through a GART page onto bus address bus, and a fence. */
static void sdma_write_bus(Rig *r, uint64_t bus, uint32_t value)
{
    uint64_t gpu = gart_map_bus(r, bus);
    uint32_t p[] = {
        SDMA_PACKET(SDMA_OPCODE_WRITE, SDMA_WRITE_SUB_OPCODE_LINEAR, 0),
        (uint32_t)gpu, (uint32_t)(gpu >> 32), 1, value, SDMA_FENCE(0),
    };

    sdma_ring_start(r);
    sdma_submit(r, p, G_N_ELEMENTS(p));
    hostile_step(r->qt, RUN_NS);
}

/* The write would re-enter the device: refused, the queue stops there. */
static void dma_refused(Rig *r, unsigned bar, unsigned before)
{
    g_autofree char *refusal = g_strdup_printf(
        "refused: it overlaps the device's own BAR%u", bar);

    g_assert_cmphex(vram_r32(r, WB_VRAM), ==, 0);
    g_assert_true(sdma_busy(r));
    g_assert_cmpuint(log_count(r, refusal), ==, before + 1);
}

static void dma_into_own_mmio(void *opaque)
{
    Rig *r = opaque;
    unsigned before = log_count(r, "own BAR5");

    rig_reset(r);
    wreg(r, mmSCRATCH_REG0, 0xcafe);
    sdma_write_bus(r, r->bars[BAR_MMIO].addr + mmSCRATCH_REG0 * 4ull, 1);
    dma_refused(r, BAR_MMIO, before);
    g_assert_cmphex(rreg(r, mmSCRATCH_REG0), ==, 0xcafe);
}

static void dma_into_own_doorbells(void *opaque)
{
    Rig *r = opaque;
    unsigned before = log_count(r, "own BAR2");

    rig_reset(r);
    sdma_write_bus(r, r->bars[BAR_DOORBELL].addr, 1);
    dma_refused(r, BAR_DOORBELL, before);
}

/* BAR0 is VRAM, memory: the write lands, as a peer write would. */
static void dma_into_own_vram_bar(void *opaque)
{
    Rig *r = opaque;

    rig_reset(r);
    vram_w32(r, COPY_VRAM, 0);
    sdma_write_bus(r, r->bars[BAR_VRAM].addr + COPY_VRAM, 0xbeef);
    g_assert_cmphex(vram_r32(r, WB_VRAM), ==, FENCE);
    g_assert_cmphex(vram_r32(r, COPY_VRAM), ==, 0xbeef);
}

/*
 * A GART page pointing at the GART table itself (through the VRAM BAR):
 * an SDMA write through it rewrites a PTE, as it would on the hardware.
 */
static void gart_maps_its_own_table(void *opaque)
{
    Rig *r = opaque;
    const unsigned victim = GART_PAGES - 1;
    uint64_t pte = GART_TABLE_VRAM + victim * 8ull;

    rig_reset(r);
    sdma_write_bus(r, r->bars[BAR_VRAM].addr + pte, 0);
    g_assert_cmphex(vram_r32(r, WB_VRAM), ==, FENCE);
    g_assert_cmphex(vram_r32(r, pte), ==, 0);
}

/* The GART's table base past the end of VRAM: every walk faults. */
static void gart_table_beyond_vram(void *opaque)
{
    Rig *r = opaque;
    uint32_t p[] = {
        SDMA_PACKET(SDMA_OPCODE_WRITE, SDMA_WRITE_SUB_OPCODE_LINEAR, 0),
        (uint32_t)GART_START, (uint32_t)(GART_START >> 32), 1, 1,
        SDMA_FENCE(0),
    };

    rig_reset(r);
    wreg(r, mmVM_CONTEXT0_PAGE_TABLE_BASE_ADDR, TABLE_BEYOND_VRAM);
    wreg(r, mmVM_INVALIDATE_REQUEST, 1);
    sdma_ring_start(r);
    sdma_submit(r, p, G_N_ELEMENTS(p));
    hostile_step(r->qt, RUN_NS);
    g_assert_cmphex(vram_r32(r, WB_VRAM), ==, 0);
    g_assert_true(sdma_busy(r));
}

/*
 * Bus mastering switched off under a copy from system memory: the engine's
 * reads get bus errors (QEMU's bus-master address space is off), so the
 * queue stops at the copy, the fence after it is not written and nothing
 * is copied. Hardware: with Bus Master Enable clear the function may not
 * issue requests (PCI spec); the engine stalls (inferred).
 */
static void bus_master_off_mid_copy(void *opaque)
{
    Rig *r = opaque;
    uint16_t cmd = aqt_pci_cfg_read16(r->qt, r->bdf, AQT_PCI_COMMAND);
    uint64_t src_ram = aqt_alloc(r->qt, PAGE, PAGE);
    uint64_t src;
    uint32_t p[] = {
        SDMA_PACKET(SDMA_OPCODE_COPY, SDMA_COPY_SUB_OPCODE_LINEAR, 0),
        PAGE, 0, 0, 0, (uint32_t)COPY_VRAM, 0, SDMA_FENCE(0),
    };

    rig_reset(r);
    src = gart_map_bus(r, src_ram);
    p[3] = (uint32_t)src;
    p[4] = (uint32_t)(src >> 32);
    aqt_writel(r->qt, src_ram, 0xfeedface);
    vram_w32(r, COPY_VRAM, 0);
    sdma_ring_start(r);
    aqt_pci_cfg_write16(r->qt, r->bdf, AQT_PCI_COMMAND,
                        cmd & ~AQT_PCI_COMMAND_MASTER);
    sdma_submit(r, p, G_N_ELEMENTS(p));
    hostile_step(r->qt, RUN_NS);
    aqt_pci_cfg_write16(r->qt, r->bdf, AQT_PCI_COMMAND, cmd);
    g_assert_cmphex(vram_r32(r, COPY_VRAM), ==, 0);
    g_assert_cmphex(vram_r32(r, WB_VRAM), ==, 0);
    g_assert_true(sdma_busy(r));
    g_assert_cmpuint(rreg(r, mmSDMA0_GFX_RB_RPTR), ==, 0);
}

/*
 * The register BAR moved while an engine runs, and a DMA aimed at its new
 * address: still refused (the check follows the BAR), the register keeps
 * its value; the device answers at the new address.
 */
static void bar_moved_while_running(void *opaque)
{
    Rig *r = opaque;
    const uint64_t old = r->bars[BAR_MMIO].addr, moved = BAR5_MOVED;
    unsigned before = log_count(r, "own BAR5");

    for (unsigned b = 0; b < 6; b++) {
        g_assert_true(r->bars[b].size == 0 || r->bars[b].is_io ||
                      r->bars[b].addr + r->bars[b].size <= moved ||
                      r->bars[b].addr >= moved + r->bars[BAR_MMIO].size);
    }
    rig_reset(r);
    wreg(r, mmSCRATCH_REG0, 0xcafe);
    aqt_pci_cfg_write32(r->qt, r->bdf, AQT_PCI_BAR0 + 4 * BAR_MMIO,
                        (uint32_t)moved);
    r->bars[BAR_MMIO].addr = moved;
    g_assert_cmphex(rreg(r, mmSCRATCH_REG0), ==, 0xcafe);
    sdma_write_bus(r, moved + mmSCRATCH_REG0 * 4ull, 1);
    g_assert_cmphex(rreg(r, mmSCRATCH_REG0), ==, 0xcafe);
    g_assert_cmphex(vram_r32(r, WB_VRAM), ==, 0);
    g_assert_cmpuint(log_count(r, "own BAR5"), ==, before + 1);
    aqt_pci_cfg_write32(r->qt, r->bdf, AQT_PCI_BAR0 + 4 * BAR_MMIO,
                        (uint32_t)old);
    r->bars[BAR_MMIO].addr = old;
    g_assert_cmphex(rreg(r, mmSCRATCH_REG0), ==, 0xcafe);
}

/* ---- Interrupts ------------------------------------------------------- */

/* The IH ring where the IH's own write faults; a trap then posts nothing. */
static void ih_ring_at_faulting_address(void *opaque)
{
    Rig *r = opaque;
    uint32_t p[] = { SDMA_PACKET(SDMA_OPCODE_TRAP, 0, 0), 0, SDMA_FENCE(0) };

    rig_reset(r);
    wreg(r, mmIH_RB_BASE, (uint32_t)(UNMAPPED_MC >> 8));
    sdma_ring_start(r);
    sdma_submit(r, p, G_N_ELEMENTS(p));
    hostile_step(r->qt, RUN_NS);
    /* The trap went nowhere; the queue went on. */
    g_assert_cmphex(vram_r32(r, WB_VRAM), ==, FENCE);
    g_assert_cmpuint(vram_r32(r, IH_WB_VRAM), ==, 0);
}

/*
 * An interrupt storm: a ring of 600 traps and the driver never acks. The
 * 4 KiB IH ring holds 255 entries; then the IH sets RB_OVERFLOW and drops
 * the rest, as cik_ih_get_wptr expects to find it.
 */
static void interrupt_storm_overflows_ih(void *opaque)
{
    Rig *r = opaque;
    enum { TRAPS = 600 };
    uint32_t p[2 * TRAPS + 4];

    rig_reset(r);
    sdma_ring_start(r);
    for (unsigned i = 0; i < TRAPS; i++) {
        p[2 * i] = SDMA_PACKET(SDMA_OPCODE_TRAP, 0, 0);
        p[2 * i + 1] = 0;
    }
    {
        uint32_t f[] = { SDMA_FENCE(0) };

        memcpy(&p[2 * TRAPS], f, sizeof(f));
    }
    sdma_submit(r, p, G_N_ELEMENTS(p));
    for (int i = 0; i < 50 && vram_r32(r, WB_VRAM) != FENCE; i++) {
        hostile_step(r->qt, RUN_NS);
    }
    g_assert_cmphex(vram_r32(r, WB_VRAM), ==, FENCE);
    g_assert_true(rreg(r, mmIH_RB_WPTR) & IH_RB_WPTR__RB_OVERFLOW_MASK);
    g_assert_cmpuint(ih_entries(r), ==, IH_BYTES / IV_BYTES - 1);
    g_assert_cmpuint(iv_src(r, 0), ==, IV_SRC_SDMA_TRAP);
}

/* A gfx ring of EOP fences, every one interrupting, acked as it goes. */
static void fence_interrupt_storm(void *opaque)
{
    Rig *r = opaque;
    enum { FENCES = 200, LEN = 6 };
    uint32_t p[FENCES * LEN];

    rig_reset(r);
    gfx_ring_start(r);
    for (unsigned i = 0; i < FENCES; i++) {
        uint32_t f[LEN] = {
            PACKET3(PACKET3_EVENT_WRITE_EOP, 4),
            EVENT_TYPE(CACHE_FLUSH_AND_INV_TS_EVENT) | EVENT_INDEX(5),
            (uint32_t)WB_VRAM, DATA_SEL(1) | INT_SEL(2), i + 1, 0,
        };
        memcpy(&p[i * LEN], f, sizeof(f));
    }
    gfx_submit(r, p, G_N_ELEMENTS(p));
    for (int i = 0; i < 50 && vram_r32(r, WB_VRAM) != FENCES; i++) {
        hostile_step(r->qt, RUN_NS);
        /* The driver keeps up: it acks what it has seen. */
        wreg(r, mmIH_RB_RPTR, rreg(r, mmIH_RB_WPTR) &
             ~IH_RB_WPTR__RB_OVERFLOW_MASK);
    }
    g_assert_cmpuint(vram_r32(r, WB_VRAM), ==, FENCES);
    g_assert_cmpuint(iv_src(r, 0), ==, IV_SRC_CP_EOP);
    g_assert_false(rreg(r, mmIH_RB_WPTR) & IH_RB_WPTR__RB_OVERFLOW_MASK);
}

/*
 * MSI aimed at the device's own registers: the message is a bus-master
 * write of its data to its address, and the guest chooses the address.
 * Written from inside the interrupt's own delivery, these registers
 * re-entered the device: the IH's (it disabled itself mid-post), SDMA's
 * (halting or moving the engine inside its own step), the CP's, the
 * resets. Now refused like any DMA into BAR5: the register keeps its
 * value, the IH goes on taking entries, the engine finishes its work.
 */
static void msi_aimed_at_own_registers(void *opaque)
{
    Rig *r = opaque;
    static const uint32_t targets[] = {
        mmSCRATCH_REG0, mmIH_RB_RPTR, mmIH_RB_CNTL, mmIH_CNTL, mmIH_RB_BASE,
        mmSRBM_SOFT_RESET, mmGRBM_SOFT_RESET, mmCP_RB0_WPTR,
        mmSDMA0_F32_CNTL, mmSDMA0_GFX_RB_CNTL, mmSDMA0_GFX_RB_BASE,
        mmSDMA0_GFX_RB_WPTR, mmSDMA0_GFX_RB_RPTR, mmSDMA0_GFX_IB_CNTL,
        mmVM_CONTEXT0_CNTL, mmMC_VM_FB_LOCATION,
    };
    enum { TRAPS = 20 };
    uint32_t p[2 * TRAPS + 4];
    uint32_t f[] = { SDMA_FENCE(0) };

    for (unsigned i = 0; i < TRAPS; i++) {
        p[2 * i] = SDMA_PACKET(SDMA_OPCODE_TRAP, 0, 0);
        p[2 * i + 1] = 0;
    }
    memcpy(&p[2 * TRAPS], f, sizeof(f));
    for (unsigned t = 0; t < G_N_ELEMENTS(targets); t++) {
        unsigned before = log_count(r, "own BAR5");

        rig_reset(r);
        g_assert_true(aqt_pci_msi_enable(r->qt, r->bdf,
                                         r->bars[BAR_MMIO].addr +
                                         targets[t] * 4ull, MSI_DATA));
        sdma_ring_start(r);
        sdma_submit(r, p, G_N_ELEMENTS(p));
        hostile_step(r->qt, RUN_NS);
        aqt_pci_msi_disable(r->qt, r->bdf);
        g_assert_cmphex(rreg(r, targets[t]), !=, MSI_DATA);
        g_assert_cmphex(vram_r32(r, WB_VRAM), ==, FENCE);
        g_assert_cmpuint(ih_entries(r), ==, TRAPS);
        g_assert_cmpuint(log_count(r, "own BAR5"), >, before);
    }
}

/* ---- Resets ------------------------------------------------------------ */

/* The ASIC reset written in a loop while both engines work. */
static void config_reset_storm(void *opaque)
{
    Rig *r = opaque;
    uint32_t copy[] = {
        SDMA_PACKET(SDMA_OPCODE_COPY, SDMA_COPY_SUB_OPCODE_LINEAR, 0),
        SDMA_COPY_MAX, 0, (uint32_t)COPY_VRAM, 0,
        (uint32_t)(COPY_VRAM + 4 * MiB), 0, SDMA_FENCE(0),
    };
    uint32_t wait[] = {
        PACKET3(PACKET3_WAIT_REG_MEM, 5),
        WAIT_REG_MEM_FUNCTION(PM4_FUNC_EQUAL) | WAIT_REG_MEM_MEM_SPACE(1),
        (uint32_t)WB_VRAM + 16, 0, NEVER_WRITTEN, ~0u, 4,
    };

    for (unsigned i = 0; i < 50; i++) {
        rig_reset(r);
        wreg(r, mmSCRATCH_REG0, i + 1);
        sdma_ring_start(r);
        sdma_submit(r, copy, G_N_ELEMENTS(copy));
        gfx_ring_start(r);
        gfx_submit(r, wait, G_N_ELEMENTS(wait));
        hostile_step(r->qt, HOSTILE_STEP_NS / 10);
    }
    aqt_pci_cfg_write32(r->qt, r->bdf, AEMU_PCI_CONFIG_RESET_OFFSET,
                        AEMU_PCI_CONFIG_RESET_DATA);
    hostile_step(r->qt, RUN_NS);
    /* Every register at its reset value, every engine idle. */
    g_assert_cmphex(rreg(r, mmSCRATCH_REG0), ==, 0);
    g_assert_false(gfx_busy(r));
    g_assert_cmpuint(rreg(r, mmCONFIG_MEMSIZE), ==, VRAM_MIB);
}

/* GRBM and SRBM soft resets toggled while the engines run. */
static void soft_reset_storm(void *opaque)
{
    Rig *r = opaque;
    uint32_t wait[] = {
        PACKET3(PACKET3_WAIT_REG_MEM, 5),
        WAIT_REG_MEM_FUNCTION(PM4_FUNC_EQUAL) | WAIT_REG_MEM_MEM_SPACE(1),
        (uint32_t)WB_VRAM + 16, 0, NEVER_WRITTEN, ~0u, 4,
    };
    uint32_t copy[] = {
        SDMA_PACKET(SDMA_OPCODE_COPY, SDMA_COPY_SUB_OPCODE_LINEAR, 0),
        SDMA_COPY_MAX, 0, (uint32_t)COPY_VRAM, 0,
        (uint32_t)(COPY_VRAM + 4 * MiB), 0, SDMA_FENCE(0),
    };

    rig_reset(r);
    gfx_ring_start(r);
    gfx_submit(r, wait, G_N_ELEMENTS(wait));
    sdma_ring_start(r);
    sdma_submit(r, copy, G_N_ELEMENTS(copy));
    for (unsigned i = 0; i < 100; i++) {
        wreg(r, mmGRBM_SOFT_RESET, i & 1 ? 0 : ~0u);
        wreg(r, mmSRBM_SOFT_RESET, i & 1 ? 0 : SRBM_SOFT_RESET__SOFT_RESET_SDMA_MASK);
        hostile_step(r->qt, HOSTILE_STEP_NS / 100);
    }
    wreg(r, mmGRBM_SOFT_RESET, 0);
    wreg(r, mmSRBM_SOFT_RESET, 0);
    hostile_step(r->qt, RUN_NS);
    /* Reset engines are idle and hold no work. */
    g_assert_false(gfx_busy(r));
    g_assert_false(rreg(r, mmSRBM_STATUS2) & SRBM_STATUS2__SDMA_BUSY_MASK);
    g_assert_cmphex(vram_r32(r, WB_VRAM), ==, 0);
}

/* ---- Doorbells, MMIO, index/data windows ------------------------------ */

/* Doorbell writes at unclaimed offsets, sub-dword, and at the BAR's end. */
static void bad_doorbells(void *opaque)
{
    Rig *r = opaque;
    uint64_t db = r->bars[BAR_DOORBELL].addr, size = r->bars[BAR_DOORBELL].size;

    rig_reset(r);
    wreg(r, mmSCRATCH_REG0, 0x5a5a);
    for (uint64_t off = 0; off < size; off += size / 64) {
        aqt_writel(r->qt, db + off, 0xffffffff);
        aqt_writeb(r->qt, db + off + 1, 0xff);
        aqt_writew(r->qt, db + off + 2, 0xffff);
        aqt_writeq(r->qt, db + off + 8, ~0ull);
    }
    aqt_writel(r->qt, db + size - 4, 0xffffffff);
    hostile_step(r->qt, RUN_NS);
    /* No engine was woken into work, no interrupt, the registers as they were. */
    g_assert_false(gfx_busy(r));
    g_assert_false(sdma_busy(r));
    g_assert_cmpuint(vram_r32(r, IH_WB_VRAM), ==, 0);
    g_assert_cmphex(rreg(r, mmSCRATCH_REG0), ==, 0x5a5a);
    /* A doorbell reads as zero. */
    g_assert_cmphex(aqt_readl(r->qt, db), ==, 0);
}

/* Byte, word and unaligned register accesses merge into the dword. */
static void mmio_sub_dword_unaligned(void *opaque)
{
    Rig *r = opaque;
    uint64_t s0 = r->bars[BAR_MMIO].addr + mmSCRATCH_REG0 * 4ull;

    rig_reset(r);
    wreg(r, mmSCRATCH_REG0, 0x11223344);
    wreg(r, mmSCRATCH_REG1, 0x55667788);
    aqt_writeb(r->qt, s0 + 3, 0xaa);
    aqt_writew(r->qt, s0 + 1, 0xbbcc);
    g_assert_cmphex(rreg(r, mmSCRATCH_REG0), ==, 0xaabbcc44);
    aqt_writel(r->qt, s0 + 2, 0xddeeff00);
    g_assert_cmphex(rreg(r, mmSCRATCH_REG0), ==, 0xff00cc44);
    g_assert_cmphex(rreg(r, mmSCRATCH_REG1), ==, 0x5566ddee);
    g_assert_cmphex(aqt_readw(r->qt, s0 + 3), ==, 0xeeff);
}

/* The last register of BAR5, read and written at every width. */
static void mmio_bar_end(void *opaque)
{
    Rig *r = opaque;
    uint64_t end = r->bars[BAR_MMIO].addr + r->bars[BAR_MMIO].size;

    rig_reset(r);
    aqt_writel(r->qt, end - 4, 0xffffffff);
    aqt_writeq(r->qt, end - 8, ~0ull);
    aqt_writew(r->qt, end - 2, 0xffff);
    (void)aqt_readq(r->qt, end - 8);
    (void)aqt_readb(r->qt, end - 1);
    hostile_step(r->qt, HOSTILE_STEP_NS);
    g_assert_cmpuint(rreg(r, mmCONFIG_MEMSIZE), ==, VRAM_MIB);
    g_assert_false(gfx_busy(r));
}

/*
 * MM_INDEX/MM_INDEX_HI past the register file and past VRAM: reads give
 * 0, writes go nowhere; within VRAM the window works.
 */
static void mm_index_beyond_space(void *opaque)
{
    Rig *r = opaque;
    const uint32_t vram_bit = 0x80000000u;

    rig_reset(r);
    wreg(r, mmMM_INDEX, 0x7ffffffc);
    wreg(r, mmMM_DATA, 0xdeadbeef);
    g_assert_cmphex(rreg(r, mmMM_DATA), ==, 0);
    wreg(r, mmMM_INDEX_HI, 0xffffffff);
    wreg(r, mmMM_INDEX, vram_bit | 0x7ffffffc);
    wreg(r, mmMM_DATA, 0xdeadbeef);
    g_assert_cmphex(rreg(r, mmMM_DATA), ==, 0);
    wreg(r, mmMM_INDEX_HI, 0);
    wreg(r, mmMM_INDEX, vram_bit | (uint32_t)COPY_VRAM);
    wreg(r, mmMM_DATA, 0x600d);
    g_assert_cmphex(vram_r32(r, COPY_VRAM), ==, 0x600d);
    /* The register window through MM_INDEX reaches SCRATCH_REG0. */
    wreg(r, mmMM_INDEX, mmSCRATCH_REG0 * 4);
    wreg(r, mmMM_DATA, 0x77);
    g_assert_cmphex(rreg(r, mmSCRATCH_REG0), ==, 0x77);
}

/*
 * PCIE_INDEX and SMC_IND_INDEX walked over a thousand new indices per
 * input (the first input fills the spaces to their cap first): the sparse
 * spaces are capped, so QEMU does not grow (the RSS check); the first
 * indices keep their values, the new ones read 0.
 */
static uint32_t walk_next;

static void index_spaces_walk(void *opaque)
{
    Rig *r = opaque;
    const uint32_t base = 0x01000000;
    uint32_t n = walk_next ? 1000 : AEMU_SPARSE_MAX_ENTRIES + 1000;
    uint32_t first = base + walk_next;

    walk_next += n;
    for (uint32_t i = 0; i < n; i++) {
        wreg(r, mmPCIE_INDEX, first + i);
        wreg(r, mmPCIE_DATA, first + i);
        wreg(r, mmSMC_IND_INDEX_0, first + i);
        wreg(r, mmSMC_IND_DATA_0, first + i);
    }
    wreg(r, mmPCIE_INDEX, base);
    g_assert_cmphex(rreg(r, mmPCIE_DATA), ==, base);
    wreg(r, mmSMC_IND_INDEX_0, base);
    g_assert_cmphex(rreg(r, mmSMC_IND_DATA_0), ==, base);
    wreg(r, mmPCIE_INDEX, first + n - 1);
    g_assert_cmphex(rreg(r, mmPCIE_DATA), ==, 0);
    wreg(r, mmSMC_IND_INDEX_0, first + n - 1);
    g_assert_cmphex(rreg(r, mmSMC_IND_DATA_0), ==, 0);
}

/* The I/O BAR's index/data window with wild indices and widths. */
static void io_window_wild_index(void *opaque)
{
    Rig *r = opaque;
    uint16_t io = r->bars[BAR_IO].addr;

    rig_reset(r);
    wreg(r, mmSCRATCH_REG0, 0x1234);
    aqt_outl(r->qt, io + mmMM_INDEX * 4, 0xfffffffc);
    aqt_outl(r->qt, io + mmMM_DATA * 4, 0xdeadbeef);
    g_assert_cmphex(aqt_inl(r->qt, io + mmMM_DATA * 4), ==, 0);
    aqt_outl(r->qt, io + mmMM_INDEX * 4, 0x7fffffff);
    aqt_outb(r->qt, io + mmMM_DATA * 4 + 3, 0xee);
    (void)aqt_inw(r->qt, io + mmMM_DATA * 4 + 1);
    for (unsigned port = 0; port < r->bars[BAR_IO].size; port += 4) {
        (void)aqt_inl(r->qt, io + port);
    }
    aqt_outl(r->qt, io + mmMM_INDEX * 4, mmSCRATCH_REG0 * 4);
    g_assert_cmphex(aqt_inl(r->qt, io + mmMM_DATA * 4), ==, 0x1234);
}

/*
 * The fastest display PLL (feedback 4095.9, dividers 1: some 110 GHz) on a
 * 1 x 1 raster with its vertical interrupt on: the raster runs no faster
 * than the model's 1 kHz, the IH gets one IV a frame, the monitor answers.
 */
static void vblank_storm_fastest_clock(void *opaque)
{
    Rig *r = opaque;
    enum { STEPS = 50 };
    uint32_t f0, frames;

    rig_reset(r);
    wreg(r, mmPLL_REF_DIV, 1);
    wreg(r, mmPLL_FB_DIV, PLL_FB_DIV__PLL_FB_DIV_MASK |
         PLL_FB_DIV__PLL_FB_DIV_FRACTION_MASK);
    wreg(r, mmPLL_POST_DIV, 1);
    wreg(r, mmCRTC0_PIXEL_RATE_CNTL, 0);
    wreg(r, mmCRTC_H_TOTAL, 0);
    wreg(r, mmCRTC_V_TOTAL, 0);
    wreg(r, mmCRTC_VERTICAL_INTERRUPT0_POSITION, 0);
    wreg(r, mmCRTC_VERTICAL_INTERRUPT0_CONTROL,
         CRTC_VERTICAL_INTERRUPT0_CONTROL__CRTC_VERTICAL_INTERRUPT0_INT_ENABLE_MASK);
    f0 = rreg(r, mmCRTC_STATUS_FRAME_COUNT);
    wreg(r, mmCRTC_CONTROL, CRTC_CONTROL__CRTC_MASTER_EN_MASK);
    for (int i = 0; i < STEPS; i++) {
        hostile_step(r->qt, RUN_NS);
    }
    frames = rreg(r, mmCRTC_STATUS_FRAME_COUNT) - f0;
    g_assert_cmpuint(frames, <=,
                     DCE_MAX_FRAMES_PER_SEC * STEPS * RUN_NS / 1000000000ll + 1);
    g_assert_cmpuint(ih_entries(r), >, 0);
    g_assert_cmpuint(iv_src(r, 0), ==, IV_SRC_D1_VINT0);
    wreg(r, mmCRTC_VERTICAL_INTERRUPT0_CONTROL, 0);
    wreg(r, mmCRTC_CONTROL, 0);
}

/* ---- Driver --------------------------------------------------------------- */

typedef struct Entry {
    const char *name;
    void (*input)(void *opaque);
} Entry;

static const Entry entries[] = {
    { "gfx-ib-chains-to-itself", ib_chains_to_itself },
    { "gfx-ring-ib-points-into-ring", ring_ib_points_into_ring },
    { "sdma-ib-chains-to-itself", sdma_ib_chains_to_itself },
    { "gfx-wptr-past-ring", gfx_wptr_past_ring },
    { "sdma-wptr-past-ring-misaligned", sdma_wptr_past_ring_misaligned },
    { "gfx-wait-reg-mem-forever", gfx_wait_reg_mem_forever },
    { "sdma-poll-regmem-forever", sdma_poll_regmem_forever },
    { "gfx-packet-longer-than-ring", gfx_packet_longer_than_ring },
    { "gfx-type0-giant-count", gfx_type0_giant_count },
    { "gfx-huge-ib", gfx_huge_ib },
    { "gfx-unknown-opcodes", gfx_unknown_opcodes },
    { "sdma-giant-copy", sdma_giant_copy },
    { "sdma-copy-to-unmapped", sdma_copy_to_unmapped },
    { "sdma-nop-giant-count", sdma_nop_giant_count },
    { "rings-at-max-size-past-vram-end", rings_at_max_size_past_vram_end },
    { "ih-ring-max-size-past-vram-end", ih_ring_max_size_past_vram_end },
    { "hqd-pq-at-faulting-address", hqd_pq_at_faulting_address },
    { "dma-into-own-mmio", dma_into_own_mmio },
    { "dma-into-own-doorbells", dma_into_own_doorbells },
    { "dma-into-own-vram-bar", dma_into_own_vram_bar },
    { "gart-maps-its-own-table", gart_maps_its_own_table },
    { "gart-table-beyond-vram", gart_table_beyond_vram },
    { "bus-master-off-mid-copy", bus_master_off_mid_copy },
    { "bar-moved-while-running", bar_moved_while_running },
    { "ih-ring-at-faulting-address", ih_ring_at_faulting_address },
    { "interrupt-storm-overflows-ih", interrupt_storm_overflows_ih },
    { "fence-interrupt-storm", fence_interrupt_storm },
    { "msi-aimed-at-own-registers", msi_aimed_at_own_registers },
    { "config-reset-storm", config_reset_storm },
    { "soft-reset-storm", soft_reset_storm },
    { "bad-doorbells", bad_doorbells },
    { "mmio-sub-dword-unaligned", mmio_sub_dword_unaligned },
    { "mmio-bar-end", mmio_bar_end },
    { "mm-index-beyond-space", mm_index_beyond_space },
    { "index-spaces-walk", index_spaces_walk },
    { "io-window-wild-index", io_window_wild_index },
    { "vblank-storm-fastest-clock", vblank_storm_fastest_clock },
};

static void run_entry(const void *data)
{
    const Entry *e = data;

    hostile_repeat(rig.qt, e->name, e->input, &rig);
}

int main(int argc, char **argv)
{
    int ret;

    g_test_init(&argc, &argv, NULL);
    for (unsigned i = 0; i < G_N_ELEMENTS(entries); i++) {
        g_autofree char *path = g_strdup_printf("/hostile/hawaii/%s",
                                                entries[i].name);

        g_test_add_data_func(path, &entries[i], run_entry);
    }
    rig.qt = aqt_try_start(NULL, "-m 512M -device amdgpu-emu -d guest_errors");
    g_assert_nonnull(rig.qt);
    g_assert_true(aqt_pci_find(rig.qt, 0x1002, 0x67b0, &rig.bdf));
    aqt_pci_map_bars(rig.qt, rig.bdf, rig.bars);
    ret = g_test_run();
    g_test_message("worst virtual-time step %" G_GINT64_FORMAT
                   " us, worst monitor answer %" G_GINT64_FORMAT " us",
                   hostile_worst_step_us(), hostile_worst_answer_us());
    aqt_quit(rig.qt);
    return ret;
}
