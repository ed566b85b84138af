/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * How the hostile-guest tests drive a Vega10 the way amdgpu does: the VRAM
 * layout they share, GMC 9.0 contexts and 4-level tables, the gfx ring,
 * SDMA 4.0 rings, the KIQ with its MQDs and queue packets, and the IH.
 * One copy for both layers: tests/unit/test-hostile-vega10.c runs it on the
 * core directly, tests/qtest/test-hostile-vega10.c through QEMU's BARs.
 *
 * Textually included: the includer first defines the type Host and its
 * accessors, rreg, wreg (register dwords), vram_w32, vram_r32, vram_w64,
 * vram_zero, vram_fill (VRAM byte offsets) and doorbell_write (a doorbell
 * BAR byte offset and an access size), and the headers this uses
 * (pm4_soc15.h, sdma_v4_0_pkt.h and the Vega10 register tables).
 */
#ifndef HOSTILE_VEGA10_DRIVER_H
#define HOSTILE_VEGA10_DRIVER_H

#define KiB 1024ull
#define MiB (1024ull * 1024ull)
#define RAM_SIZE (4 * MiB)
#define PAGE 4096ull

/* VRAM's MC address at reset (MC_VM_FB_LOCATION_BASE 0x8000 << 24). */
#define FB_MC_BASE 0x8000000000ull
/*
 * An MC address nothing maps in VMID 0: below the FB aperture, the AGP
 * and system apertures empty, VM context 0 (the GART) not enabled.
 */
#define UNMAPPED_MC 0x1000ull
/* A VRAM "physical" address far beyond the chip's 256 MiB. */
#define BEYOND_VRAM_PA 0x10000000000ull
/* A bus address beyond the host's RAM (RAM_SIZE). */
#define BEYOND_RAM_BUS 0x4000000000ull

/* VRAM layout (offsets from VRAM byte 0). */
#define GFX_RING_VRAM       0x10000ull
#define GFX_RING_ORDER      10u         /* RB_BUFSZ: 2^(10 + 1) dwords */
#define GFX_RING_DW         2048u
#define SDMA_RING_VRAM(i)   (0x20000ull + 0x4000ull * (i))
#define SDMA_RING_ORDER     11u         /* RB_SIZE: log2 of 2048 dwords */
#define SDMA_RING_DW        2048u
#define KIQ_RING_VRAM       0x30000ull
#define KCQ_RING_VRAM       0x38000ull
#define CP_RING_DW          2048u       /* the KIQ's and KCQs' rings */
#define CP_RING_ORDER       10u         /* QUEUE_SIZE: 2^(10 + 1) dwords */
#define GPU_PAGE_ORDER      9u          /* log2(4 KiB / 8) */
#define MQD_VRAM            0x40000ull  /* the KCQ's; the KIQ's + 0x8000 */
#define EOP_VRAM            0x50000ull  /* the KCQ's; the KIQ's + 0x8000 */
#define WB_VRAM             0x60000ull  /* write-back and fence slots */
#define WB_SLOT(i)          (WB_VRAM + 0x10ull * (i))
#define IB_VRAM             0x70000ull
#define IB2_VRAM            0x71000ull
/* Page tables, bump-allocated a page at a time. */
#define PT_VRAM             (16 * MiB)
/* Bulk data of the SDMA tests. */
#define DATA_VRAM           (32 * MiB)

/* Where the tests map user streams: a VA above 1 GiB, per hub. */
#define USER_VA             0x40000000ull
#define USER_GFX_VMID       3u
#define USER_SDMA_VMID      5u

/* amdgpu_vm.h */
#define AMDGPU_PTE_VALID        (1ull << 0)
#define AMDGPU_PTE_SYSTEM       (1ull << 1)
#define AMDGPU_PTE_READABLE     (1ull << 5)
#define AMDGPU_PTE_WRITEABLE    (1ull << 6)
#define AMDGPU_PDE_PTE          (1ull << 54)
#define PTE_RW (AMDGPU_PTE_VALID | AMDGPU_PTE_READABLE | AMDGPU_PTE_WRITEABLE)
#define TABLE_ADDR_MASK         0x0000fffffffff000ull
/* Four levels (PDB2, PDB1, PDB0, PTB) of 512 entries of 8 bytes. */
#define VM_LEVELS               4u
#define PDE_BYTES               8u
#define PD_ENTRIES              512u
/* A 2 MiB PDE-as-PTE leaf in a PDB0. */
#define HUGE_PAGE               (2 * MiB)

/* Doorbells (dword indexes of BAR2, vega10_reg_init.c's slot << 1). */
#define DOORBELL_KIQ        0x000u
#define DOORBELL_MEC_RING0  0x006u
#define DOORBELL_GFX        0x116u
#define DOORBELL_USER_END   0x114u
#define DOORBELL_SDMA(i)    (0x1E0u + 4u * (i))
#define DOORBELL_IH         0x1E8u

/* IV clients and sources (soc15_ih_clientid.h, irqsrcs_*.h). */
#define CLIENT_SDMA0            0x08u
#define CLIENT_GRBM_CP          0x14u
#define SRC_CP_EOP              181u
#define SRC_CP_PRIV_REG         184u
#define SRC_CP_PRIV_INSTR       185u
#define SRC_SDMA_ILLEGAL        241u
#define SRC_SDMA_SRBM_WRITE     247u

/* IH (test-ih-vega10.c): 32-byte entries; MC_SPACE as amdgpu writes it. */
#define IV_SIZE             32u
#define IH_MC_SPACE_GPA     1u
#define IH_MC_SPACE_MC      4u
#define IH_ORDER_4K         10u         /* RB_SIZE: log2 of 1024 dwords */
#define IH_ORDER_64B        4u          /* 16 dwords: two entries */
#define IH_RING_BUS         (1 * MiB)
#define IH_WB_BUS           (2 * MiB)

/* At most this many SMN addresses the blocks keep for themselves. */
#define SMN_DEVICE_ENTRIES  64u

/* Values the streams write, so a test can tell its write from none. */
#define MAGIC0              0xC0FFEE01u
#define MAGIC1              0xC0FFEE02u
#define MAGIC2              0xC0FFEE03u
#define BAD_VALUE           0xBAD0BAD0u
#define CANARY_BYTE         0xA5u
#define CANARY32            0xA5A5A5A5u
#define FILL_PATTERN        0x5EED5EEDu

#define NOP_PAD PACKET3(PACKET3_NOP, PM4_COUNT_MAX)
/* EVENT_WRITE_EOP is not a gfx9 opcode: the CP stops on it. */
#define GFX9_UNKNOWN_HEADER PACKET3(PACKET3_EVENT_WRITE_EOP, 0)
/* An opcode SDMA 4.0 does not have. */
#define SDMA_ILLEGAL_HEADER 0x000000ffu

#define SDMA_STRIDE (mmSDMA1_UCODE_ADDR - mmSDMA0_UCODE_ADDR)
#define SREG(inst, r) ((r) + (inst) * SDMA_STRIDE)
#define SDMA_NOP SDMA_PKT_HEADER_OP(SDMA_OP_NOP)
/* POLL_REGMEM FUNC 3: equal (sdma_v4_0_wait_reg_mem). */
#define SDMA_FUNC_EQUAL     3u
#define SDMA_FUNC_ALWAYS    0u

static inline uint64_t fb(uint64_t vram)
{
    return FB_MC_BASE + vram;
}

/* The page-table bump allocator: the includer resets it to PT_VRAM. */
static uint64_t next_pt;

static inline bool gfx_busy(Host *h)
{
    return rreg(h, mmGRBM_STATUS) & GRBM_STATUS__GUI_ACTIVE_MASK;
}

/* ---- GMC 9.0: hubs and 4-level tables (test-gmc-v9.c) ----------------- */

typedef struct Hub {
    uint32_t ctx0_cntl, ctx0_base_lo, ctx0_start_lo, ctx0_end_lo;
    uint32_t status, addr_lo, fault_cntl;
    uint32_t eng0_sem, eng0_req, eng0_ack;
} Hub;

#define HUB(P) { \
    .ctx0_cntl = P##mmVM_CONTEXT0_CNTL, \
    .ctx0_base_lo = P##mmVM_CONTEXT0_PAGE_TABLE_BASE_ADDR_LO32, \
    .ctx0_start_lo = P##mmVM_CONTEXT0_PAGE_TABLE_START_ADDR_LO32, \
    .ctx0_end_lo = P##mmVM_CONTEXT0_PAGE_TABLE_END_ADDR_LO32, \
    .status = P##mmVM_L2_PROTECTION_FAULT_STATUS, \
    .addr_lo = P##mmVM_L2_PROTECTION_FAULT_ADDR_LO32, \
    .fault_cntl = P##mmVM_L2_PROTECTION_FAULT_CNTL, \
    .eng0_sem = P##mmVM_INVALIDATE_ENG0_SEM, \
    .eng0_req = P##mmVM_INVALIDATE_ENG0_REQ, \
    .eng0_ack = P##mmVM_INVALIDATE_ENG0_ACK, \
}

static const Hub gfxhub = HUB(GC_);
static const Hub mmhub = HUB(MMHUB_);

static inline uint64_t pt_alloc(Host *h)
{
    uint64_t off = next_pt;

    next_pt += PAGE;
    vram_zero(h, off, PAGE);
    return off;
}

static inline void wreg64(Host *h, uint32_t lo, uint64_t v)
{
    wreg(h, lo, (uint32_t)v);
    wreg(h, lo + 1, (uint32_t)(v >> 32));
}

/* gfxhub_v1_0_setup_vmid_config for one context: 4 levels, 2^36 pages. */
static inline void vm_context_enable(Host *h, const Hub *hub, unsigned vmid,
                              uint64_t root, uint32_t cntl_extra)
{
    uint32_t cntl = AEMU_REG_SET(0, VM_CONTEXT1_CNTL, ENABLE_CONTEXT, 1);

    cntl = AEMU_REG_SET(cntl, VM_CONTEXT1_CNTL, PAGE_TABLE_DEPTH,
                        VM_LEVELS - 1);
    cntl = AEMU_REG_SET(cntl, VM_CONTEXT1_CNTL, PAGE_TABLE_BLOCK_SIZE, 0);
    wreg(h, hub->ctx0_cntl + vmid, cntl | cntl_extra);
    wreg64(h, hub->ctx0_start_lo + 2 * vmid, 0);
    wreg64(h, hub->ctx0_end_lo + 2 * vmid, (1ull << 36) - 1);
    wreg64(h, hub->ctx0_base_lo + 2 * vmid, root | AMDGPU_PTE_VALID);
}

static inline uint32_t fault_status(Host *h, const Hub *hub)
{
    return rreg(h, hub->status);
}

/* ---- The gfx ring (gfx_v9_0_cp_gfx_resume, in VRAM) -------------------- */

/* The gfx ring at ring_mc in vmid, filled with one-dword NOPs, ME running. */
static inline void gfx_ring_start(Host *h, unsigned vmid, uint64_t ring_mc,
                           uint32_t order)
{
    wreg(h, mmCP_RB_WPTR_DELAY, 0);
    wreg(h, mmCP_RB_VMID, vmid);
    wreg(h, mmCP_RB0_CNTL, order | CP_RB0_CNTL__RB_NO_UPDATE_MASK);
    wreg(h, mmCP_RB0_WPTR, 0);
    wreg(h, mmCP_RB0_WPTR_HI, 0);
    wreg(h, mmCP_RB0_BASE, (uint32_t)(ring_mc >> 8));
    wreg(h, mmCP_RB0_BASE_HI, (uint32_t)(ring_mc >> 40));
    wreg(h, mmCP_ME_CNTL, 0);
}

static inline void gfx_ring_fill_nops(Host *h, uint64_t vram)
{
    vram_fill(h, vram, NOP_PAD, GFX_RING_DW);
}

/* Writes packets at dword index *at of a ring image in VRAM. */
typedef struct Stream {
    Host *h;
    uint64_t vram;
    uint32_t at;
} Stream;

static inline void put(Stream *s, uint32_t v)
{
    vram_w32(s->h, s->vram + 4ull * s->at++, v);
}

static inline void put_set_uconfig(Stream *s, uint32_t reg, uint32_t v)
{
    put(s, PACKET3(PACKET3_SET_UCONFIG_REG, 1));
    put(s, reg - PACKET3_SET_UCONFIG_REG_START);
    put(s, v);
}

/* gfx_v9_0_ring_emit_ib_gfx. */
static inline void put_ib(Stream *s, uint64_t addr, uint32_t ndw, unsigned vmid)
{
    put(s, PACKET3(PACKET3_INDIRECT_BUFFER, 2));
    put(s, (uint32_t)addr);
    put(s, (uint32_t)(addr >> 32));
    put(s, INDIRECT_BUFFER_VALID | ndw | vmid << PM4_IB_VMID_SHIFT);
}

/* ---- SDMA 4.0 (sdma_v4_0_gfx_resume, ring in VRAM) --------------------- */

/* An SDMA ring (or an IB image) being written in VRAM. */
typedef struct SdmaRing {
    Host *h;
    unsigned inst;
    uint64_t vram;          /* where the ring or IB is */
    uint32_t size_dw;
    uint64_t wptr;          /* dwords, 64-bit as amdgpu's */
} SdmaRing;

static inline uint32_t reg_field(uint32_t v, uint32_t mask, unsigned shift)
{
    return (v << shift) & mask;
}

static inline void sdma_start(Host *h, unsigned i, uint32_t order,
                       uint64_t ring_mc, bool doorbell)
{
    uint32_t rb_cntl = reg_field(order, SDMA0_GFX_RB_CNTL__RB_SIZE_MASK,
                                 SDMA0_GFX_RB_CNTL__RB_SIZE__SHIFT);

    wreg(h, SREG(i, mmSDMA0_F32_CNTL), SDMA0_F32_CNTL__HALT_MASK);
    wreg(h, SREG(i, mmSDMA0_GFX_RB_CNTL), rb_cntl);
    wreg(h, SREG(i, mmSDMA0_GFX_RB_RPTR), 0);
    wreg(h, SREG(i, mmSDMA0_GFX_RB_RPTR_HI), 0);
    wreg(h, SREG(i, mmSDMA0_GFX_RB_WPTR), 0);
    wreg(h, SREG(i, mmSDMA0_GFX_RB_WPTR_HI), 0);
    wreg(h, SREG(i, mmSDMA0_GFX_RB_RPTR_ADDR_HI),
                   (uint32_t)(fb(WB_SLOT(8 + 2 * i)) >> 32));
    wreg(h, SREG(i, mmSDMA0_GFX_RB_RPTR_ADDR_LO),
                   (uint32_t)fb(WB_SLOT(8 + 2 * i)) & 0xFFFFFFFC);
    rb_cntl |= SDMA0_GFX_RB_CNTL__RPTR_WRITEBACK_ENABLE_MASK;
    wreg(h, SREG(i, mmSDMA0_GFX_RB_BASE), (uint32_t)(ring_mc >> 8));
    wreg(h, SREG(i, mmSDMA0_GFX_RB_BASE_HI),
                   (uint32_t)(ring_mc >> 40));
    wreg(h, SREG(i, mmSDMA0_GFX_DOORBELL),
                   doorbell ? SDMA0_GFX_DOORBELL__ENABLE_MASK : 0);
    wreg(h, SREG(i, mmSDMA0_GFX_DOORBELL_OFFSET),
                   reg_field(DOORBELL_SDMA(i),
                             SDMA0_GFX_DOORBELL_OFFSET__OFFSET_MASK,
                             SDMA0_GFX_DOORBELL_OFFSET__OFFSET__SHIFT));
    wreg(h, SREG(i, mmSDMA0_GFX_RB_CNTL),
                   rb_cntl | SDMA0_GFX_RB_CNTL__RB_ENABLE_MASK);
    wreg(h, SREG(i, mmSDMA0_GFX_IB_CNTL),
                   SDMA0_GFX_IB_CNTL__IB_ENABLE_MASK);
    wreg(h, SREG(i, mmSDMA0_F32_CNTL), 0);
    wreg(h, SREG(i, mmSDMA0_CNTL),
                   SDMA0_CNTL__UTC_L1_ENABLE_MASK |
                   SDMA0_CNTL__TRAP_ENABLE_MASK);
}

static inline SdmaRing sdma_ring(Host *h, unsigned inst)
{
    sdma_start(h, inst, SDMA_RING_ORDER, fb(SDMA_RING_VRAM(inst)), false);
    return (SdmaRing) { .h = h, .inst = inst, .vram = SDMA_RING_VRAM(inst),
                        .size_dw = SDMA_RING_DW };
}

static inline void sdma_emit(SdmaRing *r, uint32_t v)
{
    vram_w32(r->h, r->vram + 4 * (r->wptr % r->size_dw), v);
    r->wptr++;
}

/* sdma_v4_0_ring_set_wptr without doorbells: bytes in RB_WPTR/_HI. */
static inline void sdma_commit(SdmaRing *r)
{
    uint64_t wptr = r->wptr << 2;

    wreg(r->h, SREG(r->inst, mmSDMA0_GFX_RB_WPTR), (uint32_t)wptr);
    wreg(r->h, SREG(r->inst, mmSDMA0_GFX_RB_WPTR_HI),
                   (uint32_t)(wptr >> 32));
}

static inline void sdma_fence(SdmaRing *r, uint64_t addr, uint32_t seq)
{
    sdma_emit(r, SDMA_PKT_HEADER_OP(SDMA_OP_FENCE));
    sdma_emit(r, (uint32_t)addr);
    sdma_emit(r, (uint32_t)(addr >> 32));
    sdma_emit(r, seq);
}

/* sdma_v4_0_wait_reg_mem on a register (byte addresses) or memory. */
static inline void sdma_wait(SdmaRing *r, bool hdp, uint32_t reg0, uint32_t reg1,
                      uint32_t ref, uint32_t mask, unsigned func)
{
    sdma_emit(r, SDMA_PKT_HEADER_OP(SDMA_OP_POLL_REGMEM) |
                 SDMA_PKT_POLL_REGMEM_HEADER_HDP_FLUSH(hdp) |
                 SDMA_PKT_POLL_REGMEM_HEADER_MEM_POLL(0) |
                 SDMA_PKT_POLL_REGMEM_HEADER_FUNC(func));
    sdma_emit(r, reg0 << 2);
    sdma_emit(r, reg1 << 2);
    sdma_emit(r, ref);
    sdma_emit(r, mask);
    sdma_emit(r, SDMA_PKT_POLL_REGMEM_DW5_RETRY_COUNT(0xfff) |
                 SDMA_PKT_POLL_REGMEM_DW5_INTERVAL(10));
}

/* sdma_v4_0_ring_emit_wreg. */
static inline void sdma_wreg(SdmaRing *r, uint32_t reg, uint32_t v)
{
    sdma_emit(r, SDMA_PKT_HEADER_OP(SDMA_OP_SRBM_WRITE) |
                 SDMA_PKT_SRBM_WRITE_HEADER_BYTE_EN(0xf));
    sdma_emit(r, reg);
    sdma_emit(r, v);
}

/* sdma_v4_0_ring_emit_ib: padded so the packet ends on 8 dwords. */
static inline void sdma_ib(SdmaRing *r, uint64_t addr, uint32_t ndw, unsigned vmid)
{
    uint32_t pad = (2 - (uint32_t)r->wptr) & 7;

    for (uint32_t i = 0; i < pad; i++) {
        sdma_emit(r, SDMA_NOP);
    }
    sdma_emit(r, SDMA_PKT_HEADER_OP(SDMA_OP_INDIRECT) |
                 SDMA_PKT_INDIRECT_HEADER_VMID(vmid & 0xf));
    sdma_emit(r, (uint32_t)addr & 0xffffffe0);
    sdma_emit(r, (uint32_t)(addr >> 32));
    sdma_emit(r, ndw);
    sdma_emit(r, 0);
    sdma_emit(r, 0);
}

static inline bool sdma_idle(Host *h, unsigned inst)
{
    return rreg(h, SREG(inst, mmSDMA0_STATUS_REG)) &
           SDMA0_STATUS_REG__IDLE_MASK;
}

/*
 * SDMA 4.0 packets of the largest counts, then a fence (MAGIC0 at
 * WB_SLOT(4)): fills CONST_FILLs of SDMA_HUGE_BYTES alternating over two
 * buffers at DATA_VRAM, one COPY_LINEAR of as many bytes from the first to
 * SDMA_HUGE_COPY_DST, one PTEPDE of SDMA_HUGE_PTES entries at
 * SDMA_HUGE_PTE_DST. The writes end at SDMA_HUGE_END.
 */
#define SDMA_HUGE_BYTES     (SDMA_PKT_CONSTANT_FILL_COUNT_count_mask + 1u)
#define SDMA_HUGE_PTES      (SDMA_PKT_PTEPDE_COPY_COUNT_count_mask + 1u)
#define SDMA_HUGE_COPY_DST  (DATA_VRAM + 2ull * SDMA_HUGE_BYTES)
#define SDMA_HUGE_PTE_DST   (DATA_VRAM + 3ull * SDMA_HUGE_BYTES)
#define SDMA_HUGE_END       (SDMA_HUGE_PTE_DST + 8ull * SDMA_HUGE_PTES)

static inline void sdma_emit_huge_counts(SdmaRing *r, unsigned fills)
{
    for (unsigned i = 0; i < fills; i++) {
        uint64_t dst = DATA_VRAM + (i & 1) * SDMA_HUGE_BYTES;

        sdma_emit(r, SDMA_PKT_HEADER_OP(SDMA_OP_CONST_FILL) |
                     SDMA_PKT_CONSTANT_FILL_HEADER_FILLSIZE(2));
        sdma_emit(r, (uint32_t)fb(dst));
        sdma_emit(r, (uint32_t)(fb(dst) >> 32));
        sdma_emit(r, FILL_PATTERN + (i & 1));
        sdma_emit(r, SDMA_HUGE_BYTES - 1);
    }
    sdma_emit(r, SDMA_PKT_HEADER_OP(SDMA_OP_COPY) |
                 SDMA_PKT_HEADER_SUB_OP(SDMA_SUBOP_COPY_LINEAR));
    sdma_emit(r, SDMA_HUGE_BYTES - 1);
    sdma_emit(r, 0);
    sdma_emit(r, (uint32_t)fb(DATA_VRAM));
    sdma_emit(r, (uint32_t)(fb(DATA_VRAM) >> 32));
    sdma_emit(r, (uint32_t)fb(SDMA_HUGE_COPY_DST));
    sdma_emit(r, (uint32_t)(fb(SDMA_HUGE_COPY_DST) >> 32));
    sdma_emit(r, SDMA_PKT_HEADER_OP(SDMA_OP_PTEPDE));
    sdma_emit(r, (uint32_t)fb(SDMA_HUGE_PTE_DST));
    sdma_emit(r, (uint32_t)(fb(SDMA_HUGE_PTE_DST) >> 32));
    sdma_emit(r, (uint32_t)PTE_RW);
    sdma_emit(r, 0);
    sdma_emit(r, 0);
    sdma_emit(r, 0);
    sdma_emit(r, (uint32_t)PAGE);
    sdma_emit(r, 0);
    sdma_emit(r, SDMA_HUGE_PTES - 1);
    sdma_fence(r, fb(WB_SLOT(4)), MAGIC0);
}

/* ---- The KIQ and a KCQ (test-gfx-v9-cp.c, in VRAM) --------------------- */

/* struct v9_mqd: the HQD image from dword 128 in register order. */
#define MQD_HQD_DW      128
#define MQD_DW(reg)     (MQD_HQD_DW + (reg) - mmCP_MQD_BASE_ADDR)
#define KIQ_ME          2u
#define KIQ_PIPE        1u
#define KIQ_QUEUE       0u
#define KIQ_OFFSET      0x8000ull   /* the KIQ's MQD and EOP after the KCQ's */

typedef struct CpRing {
    Host *h;
    uint64_t vram;          /* the ring */
    uint64_t wptr;          /* dwords, 64-bit */
    unsigned doorbell;
    uint64_t wptr_wb;       /* VRAM offset of the wptr poll slot */
} CpRing;

static inline void cp_emit(CpRing *r, uint32_t v)
{
    vram_w32(r->h, r->vram + 4ull * (r->wptr % CP_RING_DW), v);
    r->wptr++;
}

/* amdgpu_ring_commit + gfx_v9_0_ring_set_wptr_compute (WDOORBELL64). */
static inline void cp_commit(CpRing *r)
{
    while (r->wptr & 0xff) {
        cp_emit(r, NOP_PAD);
    }
    vram_w64(r->h, r->wptr_wb, r->wptr);
    doorbell_write(r->h, 4ull * r->doorbell, r->wptr, 8);
}

static inline void grbm_select(Host *h, unsigned me, unsigned pipe,
                        unsigned queue)
{
    wreg(h, mmGRBM_GFX_CNTL,
                   me << GRBM_GFX_CNTL__MEID__SHIFT |
                   pipe << GRBM_GFX_CNTL__PIPEID__SHIFT |
                   queue << GRBM_GFX_CNTL__QUEUEID__SHIFT);
}

typedef struct HqdInit {
    uint64_t mqd, eop, ring, rptr_wb, wptr_wb;      /* VRAM offsets */
    unsigned doorbell;
    bool kiq;
} HqdInit;

static inline uint32_t pq_control(void)
{
    return CP_RING_ORDER << CP_HQD_PQ_CONTROL__QUEUE_SIZE__SHIFT |
           GPU_PAGE_ORDER << CP_HQD_PQ_CONTROL__RPTR_BLOCK_SIZE__SHIFT |
           CP_HQD_PQ_CONTROL__PRIV_STATE_MASK |
           CP_HQD_PQ_CONTROL__KMD_QUEUE_MASK;
}

static inline uint32_t doorbell_control(unsigned index)
{
    return index << CP_HQD_PQ_DOORBELL_CONTROL__DOORBELL_OFFSET__SHIFT |
           CP_HQD_PQ_DOORBELL_CONTROL__DOORBELL_EN_MASK;
}

static inline void mqd_put(Host *h, const HqdInit *q, uint32_t reg,
                    uint32_t v)
{
    vram_w32(h, q->mqd + 4ull * MQD_DW(reg), v);
}

/* gfx_v9_0_mqd_init. */
static inline void mqd_init(Host *h, const HqdInit *q)
{
    vram_zero(h, q->mqd, PAGE);
    vram_w32(h, q->mqd, 0xC0310800);
    mqd_put(h, q, mmCP_HQD_EOP_BASE_ADDR, (uint32_t)(fb(q->eop) >> 8));
    mqd_put(h, q, mmCP_HQD_EOP_BASE_ADDR_HI, (uint32_t)(fb(q->eop) >> 40));
    mqd_put(h, q, mmCP_HQD_EOP_CONTROL,
            9 << CP_HQD_EOP_CONTROL__EOP_SIZE__SHIFT);
    mqd_put(h, q, mmCP_HQD_PQ_DOORBELL_CONTROL, doorbell_control(q->doorbell));
    mqd_put(h, q, mmCP_MQD_BASE_ADDR, (uint32_t)fb(q->mqd) & 0xfffffffc);
    mqd_put(h, q, mmCP_MQD_BASE_ADDR_HI, (uint32_t)(fb(q->mqd) >> 32));
    mqd_put(h, q, mmCP_HQD_PQ_BASE, (uint32_t)(fb(q->ring) >> 8));
    mqd_put(h, q, mmCP_HQD_PQ_BASE_HI, (uint32_t)(fb(q->ring) >> 40));
    mqd_put(h, q, mmCP_HQD_PQ_CONTROL, pq_control());
    mqd_put(h, q, mmCP_HQD_PQ_RPTR_REPORT_ADDR,
            (uint32_t)fb(q->rptr_wb) & 0xfffffffc);
    mqd_put(h, q, mmCP_HQD_PQ_RPTR_REPORT_ADDR_HI,
            (uint32_t)(fb(q->rptr_wb) >> 32) & 0xffff);
    mqd_put(h, q, mmCP_HQD_PQ_WPTR_POLL_ADDR,
            (uint32_t)fb(q->wptr_wb) & 0xfffffffc);
    mqd_put(h, q, mmCP_HQD_PQ_WPTR_POLL_ADDR_HI,
            (uint32_t)(fb(q->wptr_wb) >> 32) & 0xffff);
    mqd_put(h, q, mmCP_HQD_PERSISTENT_STATE,
            0x53 << CP_HQD_PERSISTENT_STATE__PRELOAD_SIZE__SHIFT);
    mqd_put(h, q, mmCP_HQD_IB_CONTROL,
            3 << CP_HQD_IB_CONTROL__MIN_IB_AVAIL_SIZE__SHIFT);
    mqd_put(h, q, mmCP_HQD_ACTIVE, q->kiq ? 1 : 0);
}

/* gfx_v9_0_kiq_init_queue / _init_register, then the MEC un-halted. */
static inline CpRing kiq_start(Host *h)
{
    HqdInit q = { .mqd = MQD_VRAM + KIQ_OFFSET, .eop = EOP_VRAM + KIQ_OFFSET,
                  .ring = KIQ_RING_VRAM, .rptr_wb = WB_SLOT(0),
                  .wptr_wb = WB_SLOT(1), .doorbell = DOORBELL_KIQ,
                  .kiq = true };

    wreg(h, mmRLC_CP_SCHEDULERS, 0x48);
    wreg(h, mmRLC_CP_SCHEDULERS, 0x48 | 0x80);
    grbm_select(h, KIQ_ME, KIQ_PIPE, KIQ_QUEUE);
    mqd_init(h, &q);
    wreg(h, mmCP_PQ_WPTR_POLL_CNTL, 0);
    wreg(h, mmCP_HQD_EOP_BASE_ADDR, (uint32_t)(fb(q.eop) >> 8));
    wreg(h, mmCP_HQD_EOP_BASE_ADDR_HI, (uint32_t)(fb(q.eop) >> 40));
    wreg(h, mmCP_HQD_EOP_CONTROL,
                   9 << CP_HQD_EOP_CONTROL__EOP_SIZE__SHIFT);
    wreg(h, mmCP_HQD_PQ_DOORBELL_CONTROL,
                   doorbell_control(q.doorbell));
    wreg(h, mmCP_MQD_BASE_ADDR, (uint32_t)fb(q.mqd));
    wreg(h, mmCP_MQD_BASE_ADDR_HI, (uint32_t)(fb(q.mqd) >> 32));
    wreg(h, mmCP_MQD_CONTROL, 0);
    wreg(h, mmCP_HQD_PQ_BASE, (uint32_t)(fb(q.ring) >> 8));
    wreg(h, mmCP_HQD_PQ_BASE_HI, (uint32_t)(fb(q.ring) >> 40));
    wreg(h, mmCP_HQD_PQ_CONTROL, pq_control());
    wreg(h, mmCP_HQD_PQ_RPTR_REPORT_ADDR, (uint32_t)fb(q.rptr_wb));
    wreg(h, mmCP_HQD_PQ_RPTR_REPORT_ADDR_HI,
                   (uint32_t)(fb(q.rptr_wb) >> 32));
    wreg(h, mmCP_HQD_PQ_WPTR_POLL_ADDR, (uint32_t)fb(q.wptr_wb));
    wreg(h, mmCP_HQD_PQ_WPTR_POLL_ADDR_HI,
                   (uint32_t)(fb(q.wptr_wb) >> 32));
    wreg(h, mmCP_MEC_DOORBELL_RANGE_LOWER, DOORBELL_KIQ << 2);
    wreg(h, mmCP_MEC_DOORBELL_RANGE_UPPER, DOORBELL_USER_END << 2);
    wreg(h, mmCP_HQD_PQ_DOORBELL_CONTROL,
                   doorbell_control(q.doorbell));
    wreg(h, mmCP_HQD_PQ_WPTR_LO, 0);
    wreg(h, mmCP_HQD_PQ_WPTR_HI, 0);
    wreg(h, mmCP_HQD_VMID, 0);
    wreg(h, mmCP_HQD_PERSISTENT_STATE,
                   0x53 << CP_HQD_PERSISTENT_STATE__PRELOAD_SIZE__SHIFT);
    wreg(h, mmCP_HQD_ACTIVE, 1);
    wreg(h, mmCP_PQ_STATUS, CP_PQ_STATUS__DOORBELL_ENABLE_MASK);
    grbm_select(h, 0, 0, 0);
    wreg(h, mmCP_MEC_CNTL, 0);
    return (CpRing) { .h = h, .vram = KIQ_RING_VRAM, .doorbell = DOORBELL_KIQ,
                      .wptr_wb = WB_SLOT(1) };
}

/* The one KCQ these tests map: comp_1.0.0 (MEC1 pipe 0 queue 0). */
static inline HqdInit kcq0(void)
{
    return (HqdInit) { .mqd = MQD_VRAM, .eop = EOP_VRAM,
                       .ring = KCQ_RING_VRAM, .rptr_wb = WB_SLOT(2),
                       .wptr_wb = WB_SLOT(3),
                       .doorbell = DOORBELL_MEC_RING0 };
}

static inline void emit_set_resources(CpRing *kiq, uint32_t vmid_mask,
                               uint64_t queue_mask)
{
    cp_emit(kiq, PACKET3(PACKET3_SET_RESOURCES, 6));
    cp_emit(kiq, PACKET3_SET_RESOURCES_VMID_MASK(vmid_mask) |
                 PACKET3_SET_RESOURCES_QUEUE_TYPE(0));
    cp_emit(kiq, (uint32_t)queue_mask);
    cp_emit(kiq, (uint32_t)(queue_mask >> 32));
    for (unsigned i = 0; i < 4; i++) {
        cp_emit(kiq, 0);
    }
}

/* gfx_v9_0_kiq_map_queues with the fields a test picks. */
static inline void emit_map_queues(CpRing *kiq, uint32_t control, uint32_t db_dw,
                            uint64_t mqd_mc, uint64_t wptr_mc)
{
    cp_emit(kiq, PACKET3(PACKET3_MAP_QUEUES, 5));
    cp_emit(kiq, control);
    cp_emit(kiq, PACKET3_MAP_QUEUES_DOORBELL_OFFSET(db_dw));
    cp_emit(kiq, (uint32_t)mqd_mc);
    cp_emit(kiq, (uint32_t)(mqd_mc >> 32));
    cp_emit(kiq, (uint32_t)wptr_mc);
    cp_emit(kiq, (uint32_t)(wptr_mc >> 32));
}

static inline uint32_t map_control(unsigned me, unsigned pipe, unsigned queue,
                            unsigned num)
{
    return PACKET3_MAP_QUEUES_QUEUE_SEL(0) | PACKET3_MAP_QUEUES_VMID(0) |
           PACKET3_MAP_QUEUES_QUEUE(queue) | PACKET3_MAP_QUEUES_PIPE(pipe) |
           PACKET3_MAP_QUEUES_ME(me) | PACKET3_MAP_QUEUES_QUEUE_TYPE(0) |
           PACKET3_MAP_QUEUES_ALLOC_FORMAT(0) |
           PACKET3_MAP_QUEUES_ENGINE_SEL(0) |
           PACKET3_MAP_QUEUES_NUM_QUEUES(num);
}

static inline void emit_unmap_queues(CpRing *kiq, unsigned num, uint32_t db_dw)
{
    cp_emit(kiq, PACKET3(PACKET3_UNMAP_QUEUES, 4));
    cp_emit(kiq, PACKET3_UNMAP_QUEUES_ACTION(PM4_UNMAP_RESET_QUEUES) |
                 PACKET3_UNMAP_QUEUES_QUEUE_SEL(PM4_UNMAP_QUEUE_SEL_DOORBELLS) |
                 PACKET3_UNMAP_QUEUES_ENGINE_SEL(0) |
                 PACKET3_UNMAP_QUEUES_NUM_QUEUES(num));
    cp_emit(kiq, PACKET3_UNMAP_QUEUES_DOORBELL_OFFSET0(db_dw));
    cp_emit(kiq, 0);
    cp_emit(kiq, 0);
    cp_emit(kiq, 0);
}

/* gfx_v9_0_ring_emit_fence_kiq: a polled WRITE_DATA. */
static inline void emit_fence_kiq(CpRing *r, uint64_t vram, uint32_t seq)
{
    cp_emit(r, PACKET3(PACKET3_WRITE_DATA, 3));
    cp_emit(r, WRITE_DATA_DST_SEL(5) | WR_CONFIRM);
    cp_emit(r, (uint32_t)fb(vram));
    cp_emit(r, (uint32_t)(fb(vram) >> 32));
    cp_emit(r, seq);
}

static inline bool hqd_active(Host *h, unsigned me, unsigned pipe,
                       unsigned queue)
{
    bool active;

    grbm_select(h, me, pipe, queue);
    active = rreg(h, mmCP_HQD_ACTIVE) & CP_HQD_ACTIVE__ACTIVE_MASK;
    grbm_select(h, 0, 0, 0);
    return active;
}

static inline unsigned mec1_active_queues(Host *h)
{
    unsigned n = 0;

    for (unsigned p = 0; p < 4; p++) {
        for (unsigned q = 0; q < 8; q++) {
            n += hqd_active(h, 1, p, q);
        }
    }
    return n;
}

/* vega10_ih_irq_init for ring 0 (test-ih-vega10.c's ih_enable). */
static inline void ih_enable(Host *h, unsigned mc_space, uint64_t ring,
                      uint64_t wb, unsigned order)
{
    uint32_t cntl = 0;

    wreg(h, mmIH_RB_CNTL, 0);
    wreg(h, mmIH_RB_BASE, (uint32_t)(ring >> 8));
    wreg(h, mmIH_RB_BASE_HI, (ring >> 40) & 0xff);
    cntl = AEMU_REG_SET(cntl, IH_RB_CNTL, MC_SPACE, mc_space);
    cntl = AEMU_REG_SET(cntl, IH_RB_CNTL, WPTR_OVERFLOW_CLEAR, 1);
    cntl = AEMU_REG_SET(cntl, IH_RB_CNTL, WPTR_OVERFLOW_ENABLE, 1);
    cntl = AEMU_REG_SET(cntl, IH_RB_CNTL, RB_SIZE, order);
    cntl = AEMU_REG_SET(cntl, IH_RB_CNTL, WPTR_WRITEBACK_ENABLE, 1);
    cntl = AEMU_REG_SET(cntl, IH_RB_CNTL, MC_SNOOP, 1);
    wreg(h, mmIH_RB_CNTL, cntl);
    wreg(h, mmIH_RB_WPTR_ADDR_LO, (uint32_t)wb);
    wreg(h, mmIH_RB_WPTR_ADDR_HI, (wb >> 32) & 0xffff);
    wreg(h, mmIH_RB_WPTR, 0);
    wreg(h, mmIH_RB_RPTR, 0);
    cntl = rreg(h, mmIH_RB_CNTL);
    cntl = AEMU_REG_SET(cntl, IH_RB_CNTL, RB_ENABLE, 1);
    cntl = AEMU_REG_SET(cntl, IH_RB_CNTL, RB_GPU_TS_ENABLE, 1);
    cntl = AEMU_REG_SET(cntl, IH_RB_CNTL, ENABLE_INTR, 1);
    wreg(h, mmIH_RB_CNTL, cntl);
}

#endif /* HOSTILE_VEGA10_DRIVER_H */
