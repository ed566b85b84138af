/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Unit tests of the CIK SDMA RLC queues (sdma_cik.c), KFD's SDMA user
 * queues on Hawaii, on the standalone host with the chip's own GMC and IH:
 *  - KFD's load sequence (kgd_hqd_sdma_load of amdgpu_amdkfd_gfx_v7.c:
 *    RB_CNTL without RB_ENABLE, CONTEXT_STATUS.IDLE, DOORBELL with ENABLE,
 *    RB_RPTR, the user's RB_WPTR, VIRTUAL_ADDR, RB_BASE, RPTR_ADDR,
 *    RB_CNTL with RB_ENABLE), then ROCr's stream (BlitSdmaV2V3 on gfx7):
 *    copies between host memory and VRAM, a FENCE, the mailbox FENCE and
 *    the two-dword TRAP with the event id, rung through the 32-bit
 *    doorbell, all in the process's VMID; the IV cik_event_interrupt
 *    takes (source, context, VMID, PASID) and the ring_id naming the
 *    engine and queue; the read pointer written back;
 *  - KFD's destroy (kgd_hqd_sdma_destroy: RB_CNTL without RB_ENABLE,
 *    CONTEXT_STATUS.IDLE, DOORBELL 0, RB_ENABLE again, RB_RPTR read into
 *    the MQD) and a reload from the saved read pointer;
 *  - the TRAP's two lengths: one dword on the gfx queue (amdgpu's fence,
 *    the next FENCE right behind it), two on the RLC queues (an event id
 *    that reads as a packet header is not run);
 *  - both RLC queues of an engine and its gfx queue side by side; a
 *    malformed packet hangs only its queue;
 *  - hostile register values and doorbells: guest errors, no crash, no
 *    hang of the host.
 *
 * Memory layout: VRAM at MC address 0. VMID 0 (the GART) maps GTT page i
 * to system page i at GART_START; the KFD VMIDs share a flat table at
 * USER_VA that maps the same system pages, then a window of VRAM: a user
 * address is meaningless in VMID 0 and a GTT address in a user VMID, so
 * a queue that ran in the wrong VMID faults.
 */
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
/* A KFD process's GPUVM addresses, and the VRAM window it sees. */
#define USER_VA 0x1000000000ull
#define USER_VRAM_VA (USER_VA + RAM_SIZE)
#define USER_VRAM (64 * MiB)
#define USER_VRAM_BYTES (4 * MiB)
#define USER_PAGES ((RAM_SIZE + USER_VRAM_BYTES) / PAGE)
#define USER_TABLE_VRAM (20 * MiB)
/* PTE bits (amdgpu_vm.h AMDGPU_PTE_*). */
#define PTE_VALID (1ull << 0)
#define PTE_SYSTEM (1ull << 1)
#define PTE_SNOOPED (1ull << 2)
#define PTE_READABLE (1ull << 5)
#define PTE_WRITEABLE (1ull << 6)
#define PTE_VRAM (PTE_VALID | PTE_READABLE | PTE_WRITEABLE)
#define PTE_GTT (PTE_VRAM | PTE_SYSTEM | PTE_SNOOPED)

/* amdgpu's gfx queues (test-sdma.c's setup): rings, write-back slots. */
#define GFX_RING(i) (0x10000ull + (i) * 0x10000ull)
#define GFX_RING_ORDER 11u
#define GFX_WB(i) (0x60000ull + 0x10 * (i))
#define GFX_SLOT(i) (0x60100ull + 4 * (i))
#define IH_RING_RAM 0x70000ull
#define IH_RING_ORDER 12u                       /* 16 KiB, 1024 IVs */
#define IH_WB_RAM 0x90000ull

/* A user queue's memory (bus addresses): ring, rptr/wptr, signals. */
#define URING(i) (0x100000ull + (i) * 0x10000ull)
#define URING_BYTES 4096u
#define URING_ORDER 10u                         /* log2(dwords) */
#define USLOTS(i) (0x1C0000ull + (i) * 0x100ull)
#define URPTR(i) (USLOTS(i) + 0x00)             /* written back */
#define UWPTR(i) (USLOTS(i) + 0x08)             /* ROCr's */
#define USIGNAL(i) (USLOTS(i) + 0x10)           /* the signal's value */
#define UMAILBOX(i) (USLOTS(i) + 0x18)          /* the event's mailbox */
#define UIB(i) (0x200000ull + (i) * 0x1000ull)
#define SRC_RAM (4 * MiB)
#define DST_RAM (12 * MiB)

/* IH sources (ivsrcid_vislands30.h; 241 as cik_sdma registers it). */
#define IV_SRC_SDMA_TRAP 224
#define IV_SRC_SDMA_ILLEGAL 241
/* The IV's ring_id names the SDMA instance [1:0] and queue [3:2]. */
#define RING_ID(inst, queue) ((inst) | (queue) << 2)
#define QUEUE_GFX 0u
#define QUEUE_RLC(n) (1u + (n))

/* KFD's VMIDs on Hawaii start at 8; the processes' PASIDs. */
#define KFD_VMID 8u
#define KFD_VMID2 9u
#define KFD_PASID 0x42u
#define KFD_PASID2 0x43u
/* KFD's doorbells (dword indexes): a process page past amdgpu's. */
#define KFD_DOORBELL(n) (0x400u + (n))
/* update_mqd_sdma's RPTR_WRITEBACK_TIMER. */
#define KFD_RPTR_WB_TIMER 6u
/*
 * init_sdma_vm: SHARED_BASE is SH_MEM_BASES' aperture nybble (0x2 for
 * the 0x20002000 the kfd-hawaii plan sees).
 */
#define KFD_SHARED_BASE 2u
/* Event ids a process's signals get (KFD keeps id 0 unused). */
#define EVENT_ID 0x17u

#define SDMA_STRIDE (mmSDMA1_UCODE_ADDR - mmSDMA0_UCODE_ADDR)
#define SREG(inst, r) ((r) + (inst) * SDMA_STRIDE)
/* KFD_CIK_SDMA_QUEUE_OFFSET: RLC1's registers from RLC0's. */
#define RLC_STRIDE (mmSDMA0_RLC1_RB_CNTL - mmSDMA0_RLC0_RB_CNTL)
/* Enough virtual time for many scheduler slices. */
#define RUN_NS 1000000ull

static uint64_t gtt(uint64_t bus)
{
    return GART_START + bus;
}

static uint64_t uva(uint64_t bus)
{
    return USER_VA + bus;
}

static void run(AemuTestHost *h)
{
    aemu_test_host_advance(h, RUN_NS);
}

static bool has_error(AemuTestHost *h, const char *what)
{
    for (guint i = 0; i < h->guest_errors->len; i++) {
        if (strstr(g_ptr_array_index(h->guest_errors, i), what)) {
            return true;
        }
    }
    return false;
}

/* gmc_v7_0_gart_enable: VM context 0, one flat table. */
static void gart_enable(AemuTestHost *h)
{
    for (uint64_t i = 0; i < GART_PAGES; i++) {
        aemu_test_put64(h->vram + GART_TABLE_VRAM + i * 8, i * PAGE | PTE_GTT);
    }
    aemu_test_gart_enable(h, GART_START, GART_PAGES, GART_TABLE_VRAM,
        VM_CONTEXT0_CNTL__RANGE_PROTECTION_FAULT_ENABLE_INTERRUPT_MASK);
}

/*
 * The KFD processes' VMs (set_vm_context_page_table_base): VMIDs 8 and 9
 * over one flat table at USER_VA, system memory then a VRAM window.
 */
static void user_vm_enable(AemuTestHost *h)
{
    for (uint64_t i = 0; i < USER_PAGES; i++) {
        uint64_t pte = i < GART_PAGES ? i * PAGE | PTE_GTT
                       : (USER_VRAM + (i - GART_PAGES) * PAGE) | PTE_VRAM;

        aemu_test_put64(h->vram + USER_TABLE_VRAM + i * 8, pte);
    }
    aemu_test_wreg(h, mmVM_CONTEXT1_PAGE_TABLE_START_ADDR, USER_VA / PAGE);
    aemu_test_wreg(h, mmVM_CONTEXT1_PAGE_TABLE_END_ADDR,
                   USER_VA / PAGE + USER_PAGES - 1);
    aemu_test_wreg(h, mmVM_CONTEXT8_PAGE_TABLE_BASE_ADDR + KFD_VMID - 8,
                   USER_TABLE_VRAM / PAGE);
    aemu_test_wreg(h, mmVM_CONTEXT8_PAGE_TABLE_BASE_ADDR + KFD_VMID2 - 8,
                   USER_TABLE_VRAM / PAGE);
    aemu_test_wreg(h, mmVM_CONTEXT1_CNTL,
                   VM_CONTEXT1_CNTL__ENABLE_CONTEXT_MASK |
                   VM_CONTEXT1_CNTL__RANGE_PROTECTION_FAULT_ENABLE_INTERRUPT_MASK);
    /* kgd_set_pasid_vmid_mapping: the IH's half. */
    aemu_test_wreg(h, mmIH_VMID_0_LUT + KFD_VMID, KFD_PASID);
    aemu_test_wreg(h, mmIH_VMID_0_LUT + KFD_VMID2, KFD_PASID2);
}

/* cik_ih_irq_init. */
static void ih_enable(AemuTestHost *h)
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

/* An IV as cik_ih_decode_iv and cik_event_interrupt read it. */
typedef struct Iv {
    unsigned src, ring_id, vmid, pasid;
    uint32_t data;
} Iv;

static unsigned iv_count(AemuTestHost *h)
{
    return (aemu_test_get32(h->ram + IH_WB_RAM) & IH_RB_WPTR__OFFSET_MASK) /
           16;
}

static Iv iv_get(AemuTestHost *h, unsigned i)
{
    const uint8_t *e = h->ram + IH_RING_RAM + 16 * i;
    uint32_t ring_id = aemu_test_get32(e + 8);

    g_assert_cmpuint(i, <, iv_count(h));
    return (Iv) {
        .src = aemu_test_get32(e) & 0xff,
        .data = aemu_test_get32(e + 4) & 0xfffffff,
        .ring_id = ring_id & 0xff,
        .vmid = (ring_id >> 8) & 0xff,
        .pasid = ring_id >> 16,
    };
}

/* The IVs of a source (and ring_id) seen since the IH ring's start. */
static unsigned iv_find(AemuTestHost *h, unsigned src, unsigned ring_id,
                        Iv *out)
{
    unsigned n = 0;

    for (unsigned i = 0; i < iv_count(h); i++) {
        Iv iv = iv_get(h, i);

        if (iv.src == src && iv.ring_id == ring_id) {
            if (out) {
                *out = iv;
            }
            n++;
        }
    }
    return n;
}

/* cik_sdma_load_microcode (reduced), then cik_sdma_gfx_resume. */
static void sdma_resume(AemuTestHost *h, unsigned i)
{
    uint32_t rb_cntl = GFX_RING_ORDER << SDMA0_GFX_RB_CNTL__RB_SIZE__SHIFT;

    aemu_test_wreg(h, SREG(i, mmSDMA0_F32_CNTL), SDMA0_F32_CNTL__HALT_MASK);
    aemu_test_wreg(h, SREG(i, mmSDMA0_GFX_RB_CNTL), rb_cntl);
    aemu_test_wreg(h, SREG(i, mmSDMA0_GFX_RB_RPTR), 0);
    aemu_test_wreg(h, SREG(i, mmSDMA0_GFX_RB_WPTR), 0);
    aemu_test_wreg(h, SREG(i, mmSDMA0_GFX_RB_RPTR_ADDR_HI),
                   gtt(GFX_WB(i)) >> 32);
    aemu_test_wreg(h, SREG(i, mmSDMA0_GFX_RB_RPTR_ADDR_LO),
                   (uint32_t)gtt(GFX_WB(i)));
    rb_cntl |= SDMA0_GFX_RB_CNTL__RPTR_WRITEBACK_ENABLE_MASK;
    aemu_test_wreg(h, SREG(i, mmSDMA0_GFX_RB_BASE),
                   (uint32_t)(gtt(GFX_RING(i)) >> 8));
    aemu_test_wreg(h, SREG(i, mmSDMA0_GFX_RB_BASE_HI),
                   (uint32_t)(gtt(GFX_RING(i)) >> 40));
    aemu_test_wreg(h, SREG(i, mmSDMA0_GFX_RB_CNTL),
                   rb_cntl | SDMA0_GFX_RB_CNTL__RB_ENABLE_MASK);
    aemu_test_wreg(h, SREG(i, mmSDMA0_GFX_IB_CNTL),
                   SDMA0_GFX_IB_CNTL__IB_ENABLE_MASK);
    aemu_test_wreg(h, SREG(i, mmSDMA0_F32_CNTL), 0);
    aemu_test_wreg(h, SREG(i, mmSDMA0_CNTL), SDMA0_CNTL__TRAP_ENABLE_MASK);
}

static AemuTestHost *setup(void)
{
    AemuTestHost *h = aemu_test_host_new(NULL, 0, RAM_SIZE);

    gart_enable(h);
    user_vm_enable(h);
    ih_enable(h);
    for (unsigned i = 0; i < 2; i++) {
        sdma_resume(h, i);
    }
    return h;
}

/*
 * A command stream being written in bus memory: a user queue's ring as
 * KFD sets it up and ROCr feeds it (USER_QUEUE), or amdgpu's gfx ring.
 * ROCr's gfx7 pointers are 32-bit byte offsets that wrap in the ring.
 */
typedef struct Stream {
    AemuTestHost *h;
    uint64_t bus;           /* the stream, wrapping at size_dw */
    uint32_t size_dw;
    uint32_t wptr;          /* dwords, < size_dw */
    /* A user queue: */
    unsigned slot;          /* its memory: URING(slot), USLOTS(slot) */
    unsigned engine, queue; /* sdma_engine_id, sdma_queue_id */
    unsigned vmid;          /* qpd->vmid */
} Stream;

#define USER_QUEUE(h_, slot_, engine_, queue_, vmid_) \
    { .h = (h_), .bus = URING(slot_), .size_dw = URING_BYTES / 4, \
      .slot = (slot_), .engine = (engine_), .queue = (queue_), \
      .vmid = (vmid_) }
#define GFX_QUEUE(h_, inst_) \
    { .h = (h_), .bus = GFX_RING(inst_), \
      .size_dw = 1u << GFX_RING_ORDER, .engine = (inst_) }

static void emit(Stream *s, uint32_t v)
{
    aemu_test_put32(s->h->ram + s->bus + 4 * s->wptr, v);
    s->wptr = (s->wptr + 1) % s->size_dw;
}

/* ROCr: the write pointer (bytes) to its slot, then the 32-bit doorbell. */
static void submit(Stream *s)
{
    aemu_test_put32(s->h->ram + UWPTR(s->slot), s->wptr * 4);
    aemu_doorbell_write(s->h->dev, 4ull * KFD_DOORBELL(s->slot),
                        s->wptr * 4, 4);
}

/* cik_sdma_ring_set_wptr. */
static void commit(Stream *s)
{
    aemu_test_wreg(s->h, SREG(s->engine, mmSDMA0_GFX_RB_WPTR), s->wptr * 4);
}

/* COPY linear, CIK's exact byte count (ROCr's SizeToCountOffset 0). */
static void emit_copy(Stream *s, uint64_t src, uint64_t dst, uint32_t bytes)
{
    emit(s, SDMA_PACKET(SDMA_OPCODE_COPY, SDMA_COPY_SUB_OPCODE_LINEAR, 0));
    emit(s, bytes);
    emit(s, 0);
    emit(s, (uint32_t)src);
    emit(s, (uint32_t)(src >> 32));
    emit(s, (uint32_t)dst);
    emit(s, (uint32_t)(dst >> 32));
}

static void emit_fence(Stream *s, uint64_t addr, uint32_t seq)
{
    emit(s, SDMA_PACKET(SDMA_OPCODE_FENCE, 0, 0));
    emit(s, (uint32_t)addr);
    emit(s, (uint32_t)(addr >> 32));
    emit(s, seq);
}

/* The drivers' TRAP (cik_sdma_ring_emit_fence): the header alone. */
static void emit_trap1(Stream *s)
{
    emit(s, SDMA_PACKET(SDMA_OPCODE_TRAP, 0, 0));
}

/* ROCr's and kfdtest's: the header, then INT_CONTEXT, the event id. */
static void emit_trap2(Stream *s, uint32_t event_id)
{
    emit(s, SDMA_PACKET(SDMA_OPCODE_TRAP, 0, 0));
    emit(s, event_id);
}

/*
 * ROCr's completion of an interrupt signal on gfx7 (no platform atomics):
 * the signal's new value by FENCE, the event id into its mailbox by
 * FENCE, then the TRAP with the event id.
 */
static void emit_signal(Stream *s, uint32_t value, uint32_t event_id)
{
    emit_fence(s, uva(USIGNAL(s->slot)), value);
    emit_fence(s, uva(UMAILBOX(s->slot)), event_id);
    emit_trap2(s, event_id);
}

/* struct cik_sdma_rlc_registers: what update_mqd_sdma fills. */
typedef struct KfdMqd {
    uint32_t rb_cntl, rb_base, rb_base_hi, rb_rptr;
    uint32_t rptr_addr_lo, rptr_addr_hi, doorbell, virtual_addr;
    unsigned engine, queue;
} KfdMqd;

static KfdMqd mqd_build(const Stream *s)
{
    return (KfdMqd) {
        .rb_cntl = URING_ORDER << SDMA0_RLC0_RB_CNTL__RB_SIZE__SHIFT |
                   s->vmid << SDMA0_RLC0_RB_CNTL__RB_VMID__SHIFT |
                   SDMA0_RLC0_RB_CNTL__RPTR_WRITEBACK_ENABLE_MASK |
                   KFD_RPTR_WB_TIMER <<
                       SDMA0_RLC0_RB_CNTL__RPTR_WRITEBACK_TIMER__SHIFT,
        .rb_base = (uint32_t)(uva(s->bus) >> 8),
        .rb_base_hi = (uint32_t)(uva(s->bus) >> 40),
        .rptr_addr_lo = (uint32_t)uva(URPTR(s->slot)),
        .rptr_addr_hi = (uint32_t)(uva(URPTR(s->slot)) >> 32),
        .doorbell = KFD_DOORBELL(s->slot) << SDMA0_RLC0_DOORBELL__OFFSET__SHIFT,
        .virtual_addr = KFD_SHARED_BASE <<
                        SDMA0_RLC0_VIRTUAL_ADDR__SHARED_BASE__SHIFT,
        .engine = s->engine,
        .queue = s->queue,
    };
}

/* get_sdma_rlc_reg_offset: the queue's copy of an mmSDMA0_RLC0_* register. */
static uint32_t rlc_reg(const KfdMqd *m, uint32_t reg)
{
    return reg + m->engine * SDMA_STRIDE + m->queue * RLC_STRIDE;
}

static uint32_t rlc_rreg(AemuTestHost *h, const KfdMqd *m, uint32_t reg)
{
    return aemu_test_rreg(h, rlc_reg(m, reg));
}

static void rlc_wreg(AemuTestHost *h, const KfdMqd *m, uint32_t reg,
                     uint32_t v)
{
    aemu_test_wreg(h, rlc_reg(m, reg), v);
}

static bool rlc_idle(AemuTestHost *h, const KfdMqd *m)
{
    return rlc_rreg(h, m, mmSDMA0_RLC0_CONTEXT_STATUS) &
           SDMA0_RLC0_CONTEXT_STATUS__IDLE_MASK;
}

static bool engine_idle(AemuTestHost *h, unsigned e)
{
    uint32_t bit = e ? SRBM_STATUS2__SDMA1_BUSY_MASK
                     : SRBM_STATUS2__SDMA_BUSY_MASK;

    return (aemu_test_rreg(h, SREG(e, mmSDMA0_STATUS_REG)) &
            SDMA0_STATUS_REG__IDLE_MASK) &&
           !(aemu_test_rreg(h, mmSRBM_STATUS2) & bit);
}

/* kgd_hqd_sdma_load, register for register. */
static void kgd_load(AemuTestHost *h, const KfdMqd *m, uint32_t user_wptr)
{
    rlc_wreg(h, m, mmSDMA0_RLC0_RB_CNTL,
             m->rb_cntl & ~SDMA0_RLC0_RB_CNTL__RB_ENABLE_MASK);
    g_assert_true(rlc_idle(h, m));
    rlc_wreg(h, m, mmSDMA0_RLC0_DOORBELL,
             m->doorbell | SDMA0_RLC0_DOORBELL__ENABLE_MASK);
    rlc_wreg(h, m, mmSDMA0_RLC0_RB_RPTR, m->rb_rptr);
    rlc_wreg(h, m, mmSDMA0_RLC0_RB_WPTR, user_wptr);
    rlc_wreg(h, m, mmSDMA0_RLC0_VIRTUAL_ADDR, m->virtual_addr);
    rlc_wreg(h, m, mmSDMA0_RLC0_RB_BASE, m->rb_base);
    rlc_wreg(h, m, mmSDMA0_RLC0_RB_BASE_HI, m->rb_base_hi);
    rlc_wreg(h, m, mmSDMA0_RLC0_RB_RPTR_ADDR_LO, m->rptr_addr_lo);
    rlc_wreg(h, m, mmSDMA0_RLC0_RB_RPTR_ADDR_HI, m->rptr_addr_hi);
    rlc_wreg(h, m, mmSDMA0_RLC0_RB_CNTL,
             m->rb_cntl | SDMA0_RLC0_RB_CNTL__RB_ENABLE_MASK);
}

/*
 * kgd_hqd_sdma_destroy: disable, wait for idle, doorbell off, enable
 * again (as KFD does), the read pointer into the MQD.
 */
static void kgd_destroy(AemuTestHost *h, KfdMqd *m)
{
    rlc_wreg(h, m, mmSDMA0_RLC0_RB_CNTL,
             rlc_rreg(h, m, mmSDMA0_RLC0_RB_CNTL) &
             ~SDMA0_RLC0_RB_CNTL__RB_ENABLE_MASK);
    g_assert_true(rlc_idle(h, m));
    rlc_wreg(h, m, mmSDMA0_RLC0_DOORBELL, 0);
    rlc_wreg(h, m, mmSDMA0_RLC0_RB_CNTL,
             rlc_rreg(h, m, mmSDMA0_RLC0_RB_CNTL) |
             SDMA0_RLC0_RB_CNTL__RB_ENABLE_MASK);
    m->rb_rptr = rlc_rreg(h, m, mmSDMA0_RLC0_RB_RPTR);
}

/* kgd_hqd_sdma_is_occupied. */
static bool kgd_is_occupied(AemuTestHost *h, const KfdMqd *m)
{
    return rlc_rreg(h, m, mmSDMA0_RLC0_RB_CNTL) &
           SDMA0_RLC0_RB_CNTL__RB_ENABLE_MASK;
}

static void fill(uint8_t *p, uint32_t bytes, unsigned seed)
{
    for (uint32_t i = 0; i < bytes; i++) {
        p[i] = (uint8_t)(i * 13 + (i >> 10) + seed);
    }
}

/*
 * KFD loads SDMA1's RLC1 in VMID 8; ROCr copies host memory to VRAM and
 * back (hsa_amd_memory_async_copy), then completes its interrupt signal.
 * Everything runs in the process's VMID, every byte arrives, the read
 * pointer is written back, and the trap IV is the one KFD takes.
 */
static void test_load_copy_trap(void)
{
    AemuTestHost *h = setup();
    Stream s = USER_QUEUE(h, 0, 1, 1, KFD_VMID);
    KfdMqd m = mqd_build(&s);
    const uint32_t bytes = 64 * 1024 + 12;
    const uint64_t vram_off = 12345;
    const AemuTestEvent *ev;
    Iv iv;

    kgd_load(h, &m, 0);
    g_assert_true(kgd_is_occupied(h, &m));
    g_assert_true(rlc_idle(h, &m));
    g_assert_true(engine_idle(h, 1));
    g_assert_cmphex(rlc_rreg(h, &m, mmSDMA0_RLC0_VIRTUAL_ADDR), ==,
                    m.virtual_addr);

    fill(h->ram + SRC_RAM, bytes, 1);
    emit_copy(&s, uva(SRC_RAM), USER_VRAM_VA + vram_off, bytes);
    emit_copy(&s, USER_VRAM_VA + vram_off, uva(DST_RAM), bytes);
    emit_signal(&s, 0, EVENT_ID);
    aemu_test_host_trace(h, "amdgpu_emu_doorbell");
    submit(&s);
    /* The doorbell's trace names the queue it rang. */
    g_assert_cmpuint(h->events->len, ==, 1);
    ev = g_ptr_array_index(h->events, 0);
    g_assert_cmphex(ev->args[0], ==, 4ull * KFD_DOORBELL(0));
    g_assert_cmphex(ev->args[1], ==, s.wptr * 4);
    g_assert_cmpstr(ev->str[2], ==, "sdma1_rlc1");
    aemu_test_host_trace(h, NULL);
    /* Rung: the queue has work, its engine is busy, SDMA0 is not. */
    g_assert_false(rlc_idle(h, &m));
    g_assert_false(engine_idle(h, 1));
    g_assert_true(engine_idle(h, 0));
    run(h);
    g_assert_cmpmem(h->vram + USER_VRAM + vram_off, bytes,
                    h->ram + SRC_RAM, bytes);
    g_assert_cmpmem(h->ram + DST_RAM, bytes, h->ram + SRC_RAM, bytes);
    g_assert_cmphex(aemu_test_get32(h->ram + UMAILBOX(0)), ==, EVENT_ID);
    g_assert_cmpuint(aemu_test_get32(h->ram + URPTR(0)), ==, s.wptr * 4);
    g_assert_cmpuint(rlc_rreg(h, &m, mmSDMA0_RLC0_RB_RPTR), ==, s.wptr * 4);
    g_assert_true(rlc_idle(h, &m));
    g_assert_true(engine_idle(h, 1));
    /* cik_event_interrupt: SDMA_TRAP, the event id, a KFD VMID, its PASID. */
    g_assert_cmpuint(iv_count(h), ==, 1);
    iv = iv_get(h, 0);
    g_assert_cmpuint(iv.src, ==, IV_SRC_SDMA_TRAP);
    g_assert_cmpuint(iv.ring_id, ==, RING_ID(1, QUEUE_RLC(1)));
    g_assert_cmpuint(iv.vmid, ==, KFD_VMID);
    g_assert_cmpuint(iv.pasid, ==, KFD_PASID);
    g_assert_cmphex(iv.data, ==, EVENT_ID);

    /* The write pointer through MMIO works as well. */
    emit_fence(&s, uva(USIGNAL(0)), 2);
    rlc_wreg(h, &m, mmSDMA0_RLC0_RB_WPTR, s.wptr * 4);
    run(h);
    g_assert_cmphex(aemu_test_get32(h->ram + USIGNAL(0)), ==, 2);

    /*
     * Destroyed: idle, the read pointer saved, RB_ENABLE left set as KFD
     * leaves it; the doorbell no longer reaches the queue.
     */
    kgd_destroy(h, &m);
    g_assert_cmpuint(m.rb_rptr, ==, s.wptr * 4);
    g_assert_true(kgd_is_occupied(h, &m));
    emit_fence(&s, uva(USIGNAL(0)), 3);
    submit(&s);
    run(h);
    g_assert_cmphex(aemu_test_get32(h->ram + USIGNAL(0)), ==, 2);
    /* Loaded again (a restore): what was queued meanwhile runs. */
    kgd_load(h, &m, aemu_test_get32(h->ram + UWPTR(0)));
    run(h);
    g_assert_cmphex(aemu_test_get32(h->ram + USIGNAL(0)), ==, 3);
    g_assert_cmpuint(aemu_test_get32(h->ram + URPTR(0)), ==, s.wptr * 4);
    g_assert_cmpuint(h->guest_errors->len, ==, 0);
    g_assert_cmpuint(h->unimps->len, ==, 0);
    aemu_test_host_free(h);
}

/*
 * ROCr's pointers wrap in the ring (gfx7's are not monotonic): the
 * doorbell value and the written-back read pointer are offsets in the
 * ring, the signals keep coming across the wrap.
 */
static void test_ring_wrap(void)
{
    AemuTestHost *h = setup();
    Stream s = USER_QUEUE(h, 1, 0, 0, KFD_VMID);
    KfdMqd m = mqd_build(&s);

    kgd_load(h, &m, 0);
    /* 10 dwords a signal: 250 go round a 1024-dword ring twice. */
    for (uint32_t i = 1; i <= 250; i++) {
        emit_signal(&s, i, EVENT_ID);
        submit(&s);
        run(h);
        g_assert_cmpuint(aemu_test_get32(h->ram + USIGNAL(1)), ==, i);
        g_assert_cmpuint(aemu_test_get32(h->ram + URPTR(1)), ==, s.wptr * 4);
    }
    g_assert_cmpuint(iv_find(h, IV_SRC_SDMA_TRAP, RING_ID(0, QUEUE_RLC(0)),
                             NULL), ==, 250);
    g_assert_cmpuint(h->guest_errors->len, ==, 0);
    aemu_test_host_free(h);
}

/*
 * The TRAP's two lengths. On the gfx queue amdgpu puts the next packet
 * right behind the one-dword TRAP (the user fence's, then the job's
 * FENCE): both fences land. On an RLC queue the dword after the TRAP is
 * its context even when it reads as a packet header: event id 1 would be
 * a COPY, 5 a FENCE; neither runs, each reaches the IV.
 */
static void test_trap_lengths(void)
{
    AemuTestHost *h = setup();
    Stream g = GFX_QUEUE(h, 0);
    Stream s = USER_QUEUE(h, 2, 0, 1, KFD_VMID);
    KfdMqd m = mqd_build(&s);
    Iv iv;

    emit_fence(&g, gtt(GFX_SLOT(0)), 0x11);
    emit_trap1(&g);
    emit_fence(&g, gtt(GFX_SLOT(1)), 0x22);
    emit_trap1(&g);
    commit(&g);
    run(h);
    g_assert_cmphex(aemu_test_get32(h->ram + GFX_SLOT(0)), ==, 0x11);
    g_assert_cmphex(aemu_test_get32(h->ram + GFX_SLOT(1)), ==, 0x22);
    g_assert_cmpuint(iv_find(h, IV_SRC_SDMA_TRAP, RING_ID(0, QUEUE_GFX), &iv),
                     ==, 2);
    g_assert_cmpuint(iv.vmid, ==, 0);
    g_assert_cmphex(iv.data, ==, 0);

    kgd_load(h, &m, 0);
    emit_trap2(&s, SDMA_OPCODE_COPY);
    emit_fence(&s, uva(USIGNAL(2)), 0x33);
    emit_trap2(&s, SDMA_OPCODE_FENCE);
    submit(&s);
    run(h);
    g_assert_cmphex(aemu_test_get32(h->ram + USIGNAL(2)), ==, 0x33);
    g_assert_cmpuint(iv_find(h, IV_SRC_SDMA_TRAP, RING_ID(0, QUEUE_RLC(1)),
                             &iv), ==, 2);
    g_assert_cmphex(iv.data, ==, SDMA_OPCODE_FENCE);
    g_assert_cmpuint(iv.vmid, ==, KFD_VMID);
    /* The context is 28 bits, as the IV's src_data. */
    emit_trap2(&s, 0xF0000000u | EVENT_ID);
    submit(&s);
    run(h);
    g_assert_cmpuint(iv_find(h, IV_SRC_SDMA_TRAP, RING_ID(0, QUEUE_RLC(1)),
                             &iv), ==, 3);
    g_assert_cmphex(iv.data, ==, EVENT_ID);
    g_assert_true(rlc_idle(h, &m));
    g_assert_cmpuint(h->guest_errors->len, ==, 0);
    aemu_test_host_free(h);
}

/*
 * SDMA0's gfx queue (amdgpu's, VMID 0), its RLC0 (a process in VMID 8)
 * and RLC1 (another in VMID 9) run side by side: each its own ring, VMID
 * and ring_id. A malformed packet hangs RLC1 only (an illegal-instruction
 * IV in its VMID), keeps the engine busy and RLC1's CONTEXT_STATUS not
 * idle while it is enabled; KFD's destroy still gets an idle queue, and a
 * reload past the bad packet runs it again.
 */
static void test_side_by_side(void)
{
    AemuTestHost *h = setup();
    Stream g = GFX_QUEUE(h, 0);
    Stream a = USER_QUEUE(h, 3, 0, 0, KFD_VMID);
    Stream b = USER_QUEUE(h, 4, 0, 1, KFD_VMID2);
    KfdMqd ma = mqd_build(&a), mb = mqd_build(&b);
    const uint32_t bytes = 256 * 1024;
    Iv iv;

    kgd_load(h, &ma, 0);
    kgd_load(h, &mb, 0);
    fill(h->ram + SRC_RAM, bytes, 2);
    emit_copy(&g, gtt(SRC_RAM), gtt(DST_RAM), bytes);
    emit_fence(&g, gtt(GFX_SLOT(0)), 0x6F);
    emit_trap1(&g);
    commit(&g);
    emit_copy(&a, uva(SRC_RAM), uva(DST_RAM + bytes), bytes);
    emit_signal(&a, 8, EVENT_ID);
    submit(&a);
    emit_copy(&b, uva(SRC_RAM), uva(DST_RAM + 2 * bytes), bytes);
    emit_signal(&b, 9, EVENT_ID + 1);
    submit(&b);
    run(h);
    g_assert_cmphex(aemu_test_get32(h->ram + GFX_SLOT(0)), ==, 0x6F);
    g_assert_cmphex(aemu_test_get32(h->ram + USIGNAL(3)), ==, 8);
    g_assert_cmphex(aemu_test_get32(h->ram + USIGNAL(4)), ==, 9);
    for (unsigned i = 0; i < 3; i++) {
        g_assert_cmpmem(h->ram + DST_RAM + i * bytes, bytes,
                        h->ram + SRC_RAM, bytes);
    }
    g_assert_cmpuint(iv_find(h, IV_SRC_SDMA_TRAP, RING_ID(0, QUEUE_GFX), &iv),
                     ==, 1);
    g_assert_cmpuint(iv.vmid, ==, 0);
    g_assert_cmpuint(iv_find(h, IV_SRC_SDMA_TRAP, RING_ID(0, QUEUE_RLC(0)),
                             &iv), ==, 1);
    g_assert_cmpuint(iv.vmid, ==, KFD_VMID);
    g_assert_cmpuint(iv.pasid, ==, KFD_PASID);
    g_assert_cmphex(iv.data, ==, EVENT_ID);
    g_assert_cmpuint(iv_find(h, IV_SRC_SDMA_TRAP, RING_ID(0, QUEUE_RLC(1)),
                             &iv), ==, 1);
    g_assert_cmpuint(iv.vmid, ==, KFD_VMID2);
    g_assert_cmpuint(iv.pasid, ==, KFD_PASID2);
    g_assert_cmphex(iv.data, ==, EVENT_ID + 1);
    g_assert_true(engine_idle(h, 0));

    /* A bad opcode on RLC1: it hangs, alone. */
    emit(&b, SDMA_PACKET(SDMA_OPCODE_COND_EXEC, 0, 0));
    emit_signal(&b, 10, EVENT_ID + 1);
    submit(&b);
    run(h);
    g_assert_cmpuint(iv_find(h, IV_SRC_SDMA_ILLEGAL, RING_ID(0, QUEUE_RLC(1)),
                             &iv), ==, 1);
    g_assert_cmpuint(iv.vmid, ==, KFD_VMID2);
    g_assert_true(has_error(h, "sdma0_rlc1"));
    g_assert_cmphex(aemu_test_get32(h->ram + USIGNAL(4)), ==, 9);
    g_assert_false(rlc_idle(h, &mb));
    g_assert_true(rlc_idle(h, &ma));
    g_assert_false(engine_idle(h, 0));
    /* The gfx queue and RLC0 still run. */
    emit_fence(&g, gtt(GFX_SLOT(0)), 0x70);
    commit(&g);
    emit_signal(&a, 11, EVENT_ID);
    submit(&a);
    run(h);
    g_assert_cmphex(aemu_test_get32(h->ram + GFX_SLOT(0)), ==, 0x70);
    g_assert_cmphex(aemu_test_get32(h->ram + USIGNAL(3)), ==, 11);

    /* Destroyed, then reloaded past the bad packet: it runs again. */
    kgd_destroy(h, &mb);
    mb.rb_rptr = b.wptr * 4;
    emit_signal(&b, 12, EVENT_ID + 1);
    submit(&b);
    kgd_load(h, &mb, b.wptr * 4);
    run(h);
    g_assert_cmphex(aemu_test_get32(h->ram + USIGNAL(4)), ==, 12);
    g_assert_true(rlc_idle(h, &mb));
    g_assert_true(engine_idle(h, 0));
    aemu_test_host_free(h);
}

/*
 * The engine's controls reach its RLC queues: halting the F32 stops them
 * (and clears a hang), a soft reset of SDMA0 resets its queues and not
 * SDMA1's, a device reset lets the doorbells go.
 */
static void test_engine_controls(void)
{
    AemuTestHost *h = setup();
    Stream a = USER_QUEUE(h, 5, 0, 0, KFD_VMID);
    Stream b = USER_QUEUE(h, 6, 1, 0, KFD_VMID);
    KfdMqd ma = mqd_build(&a), mb = mqd_build(&b);

    kgd_load(h, &ma, 0);
    kgd_load(h, &mb, 0);
    aemu_test_wreg(h, mmSDMA0_F32_CNTL, SDMA0_F32_CNTL__HALT_MASK);
    emit_fence(&a, uva(USIGNAL(5)), 1);
    submit(&a);
    run(h);
    g_assert_cmphex(aemu_test_get32(h->ram + USIGNAL(5)), ==, 0);
    aemu_test_wreg(h, mmSDMA0_F32_CNTL, 0);
    run(h);
    g_assert_cmphex(aemu_test_get32(h->ram + USIGNAL(5)), ==, 1);

    /* SRBM soft reset of SDMA0: its queue restarts from 0, SDMA1's not. */
    emit_fence(&b, uva(USIGNAL(6)), 1);
    submit(&b);
    run(h);
    aemu_test_wreg(h, mmSRBM_SOFT_RESET, SRBM_SOFT_RESET__SOFT_RESET_SDMA_MASK);
    g_assert_cmpuint(rlc_rreg(h, &ma, mmSDMA0_RLC0_RB_RPTR), ==, 0);
    g_assert_cmpuint(rlc_rreg(h, &mb, mmSDMA0_RLC0_RB_RPTR), ==, b.wptr * 4);
    aemu_test_wreg(h, mmSRBM_SOFT_RESET, 0);

    /* A device reset: the doorbells go back to the CP, nothing runs. */
    aemu_device_reset(h->dev, AEMU_RESET_COLD);
    gart_enable(h);
    user_vm_enable(h);
    ih_enable(h);
    sdma_resume(h, 1);
    emit_fence(&b, uva(USIGNAL(6)), 2);
    submit(&b);
    run(h);
    g_assert_cmphex(aemu_test_get32(h->ram + USIGNAL(6)), ==, 1);
    g_assert_true(engine_idle(h, 1));
    g_assert_cmpuint(h->guest_errors->len, ==, 0);
    aemu_test_host_free(h);
}

/*
 * Hostile values: doorbell writes that are not a dword, a ring size past
 * the pointers' reach, a ring and a read pointer slot outside the VMID's
 * table, a VMID with no page table, an IB the queue has not enabled, two
 * queues on one doorbell, writes to CONTEXT_STATUS. Guest errors and
 * hung queues, never a crash; the other queues go on.
 */
static void test_hostile(void)
{
    AemuTestHost *h = setup();
    Stream a = USER_QUEUE(h, 7, 0, 0, KFD_VMID);
    Stream b = USER_QUEUE(h, 8, 0, 1, KFD_VMID);
    Stream g = GFX_QUEUE(h, 1);
    KfdMqd ma = mqd_build(&a), mb = mqd_build(&b);
    unsigned errors;

    kgd_load(h, &ma, 0);
    /* A doorbell that is not one dword at the queue's index. */
    emit_fence(&a, uva(USIGNAL(7)), 1);
    aemu_test_put32(h->ram + UWPTR(7), a.wptr * 4);
    aemu_doorbell_write(h->dev, 4ull * KFD_DOORBELL(7), a.wptr * 4, 8);
    aemu_doorbell_write(h->dev, 4ull * KFD_DOORBELL(7) + 2, a.wptr * 4, 2);
    run(h);
    g_assert_cmphex(aemu_test_get32(h->ram + USIGNAL(7)), ==, 0);
    g_assert_true(has_error(h, "doorbell write of 8 bytes"));
    g_assert_true(has_error(h, "doorbell write of 2 bytes"));
    submit(&a);
    run(h);
    g_assert_cmphex(aemu_test_get32(h->ram + USIGNAL(7)), ==, 1);

    /* CONTEXT_STATUS ignores writes. */
    rlc_wreg(h, &ma, mmSDMA0_RLC0_CONTEXT_STATUS, 0);
    g_assert_true(rlc_idle(h, &ma));

    /* Two queues on one doorbell: the latest load owns it. */
    mb.doorbell = ma.doorbell;
    kgd_load(h, &mb, 0);
    emit_fence(&b, uva(USIGNAL(8)), 1);
    aemu_test_put32(h->ram + UWPTR(8), b.wptr * 4);
    aemu_doorbell_write(h->dev, 4ull * KFD_DOORBELL(7), b.wptr * 4, 4);
    run(h);
    g_assert_cmphex(aemu_test_get32(h->ram + USIGNAL(8)), ==, 1);
    /* Destroyed, it gives the doorbell up: the first queue has it again. */
    kgd_destroy(h, &mb);
    emit_fence(&a, uva(USIGNAL(7)), 2);
    submit(&a);
    run(h);
    g_assert_cmphex(aemu_test_get32(h->ram + USIGNAL(7)), ==, 2);

    /* A ring of 2^31 dwords: refused as such, run as the largest. */
    errors = h->guest_errors->len;
    mb = mqd_build(&b);
    mb.rb_cntl |= SDMA0_RLC0_RB_CNTL__RB_SIZE_MASK;
    kgd_load(h, &mb, 0);
    g_assert_true(has_error(h, "larger than the 32-bit pointers reach"));
    g_assert_cmpuint(h->guest_errors->len, ==, errors + 1);

    /* A ring outside the VMID's table: the fetch faults, the queue hangs. */
    mb = mqd_build(&b);
    mb.rb_base = (uint32_t)(gtt(URING(8)) >> 8);
    mb.rb_base_hi = (uint32_t)(gtt(URING(8)) >> 40);
    kgd_load(h, &mb, 4);
    run(h);
    g_assert_false(rlc_idle(h, &mb));
    g_assert_true(has_error(h, "sdma0_rlc1: packet fetch"));
    kgd_destroy(h, &mb);

    /* A read pointer slot outside it: the GMC reports, the copy is done. */
    b.wptr = 0;
    mb = mqd_build(&b);
    mb.rptr_addr_lo = (uint32_t)gtt(URPTR(8));
    mb.rptr_addr_hi = (uint32_t)(gtt(URPTR(8)) >> 32);
    kgd_load(h, &mb, 0);
    emit_fence(&b, uva(USIGNAL(8)), 2);
    submit(&b);
    run(h);
    g_assert_cmphex(aemu_test_get32(h->ram + USIGNAL(8)), ==, 2);

    /* A VMID with no page table: every access faults, nothing else. */
    b.wptr = 0;
    b.vmid = 15;
    mb = mqd_build(&b);
    kgd_load(h, &mb, 0);
    emit_fence(&b, uva(USIGNAL(8)), 3);
    submit(&b);
    run(h);
    g_assert_cmphex(aemu_test_get32(h->ram + USIGNAL(8)), ==, 2);
    g_assert_false(rlc_idle(h, &mb));

    /* An IB on a queue whose IB_CNTL KFD never enables: illegal. */
    b.wptr = 0;
    b.vmid = KFD_VMID;
    mb = mqd_build(&b);
    kgd_load(h, &mb, 0);
    emit(&b, SDMA_PACKET(SDMA_OPCODE_INDIRECT_BUFFER, 0, 0));
    emit(&b, (uint32_t)uva(UIB(8)));
    emit(&b, (uint32_t)(uva(UIB(8)) >> 32));
    emit(&b, 4);
    submit(&b);
    run(h);
    g_assert_cmpuint(iv_find(h, IV_SRC_SDMA_ILLEGAL, RING_ID(0, QUEUE_RLC(1)),
                             NULL), >=, 1);
    g_assert_true(has_error(h, "IB_ENABLE is 0"));
    g_assert_false(rlc_idle(h, &mb));

    /* Through it all the other engine's gfx queue runs. */
    emit_fence(&g, gtt(GFX_SLOT(2)), 0x77);
    emit_trap1(&g);
    commit(&g);
    run(h);
    g_assert_cmphex(aemu_test_get32(h->ram + GFX_SLOT(2)), ==, 0x77);
    g_assert_true(engine_idle(h, 1));
    g_assert_cmpuint(h->unimps->len, ==, 0);
    aemu_test_host_free(h);
}

int main(int argc, char **argv)
{
    g_test_init(&argc, &argv, NULL);
    g_test_add_func("/sdma-cik-rlc/load-copy-trap", test_load_copy_trap);
    g_test_add_func("/sdma-cik-rlc/ring-wrap", test_ring_wrap);
    g_test_add_func("/sdma-cik-rlc/trap-lengths", test_trap_lengths);
    g_test_add_func("/sdma-cik-rlc/side-by-side", test_side_by_side);
    g_test_add_func("/sdma-cik-rlc/engine-controls", test_engine_controls);
    g_test_add_func("/sdma-cik-rlc/hostile", test_hostile);
    return g_test_run();
}
