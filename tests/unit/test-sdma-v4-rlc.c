/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Unit tests of the SDMA 4.0 RLC queues of Vega10 (sdma_v4_0.c), KFD's
 * SDMA user queues, on the standalone host:
 *  - the NO_HWS path (sched_policy=2): an RLC queue loaded through MMIO as
 *    kgd_hqd_sdma_load does, fed as ROCr feeds it (packets in a user ring,
 *    the 64-bit write pointer in bytes to its slot and the doorbell), runs
 *    a COPY_LINEAR, a FENCE and a TRAP in the process's VMID through the
 *    MMHUB, writes its read pointer back there, posts the trap IV KFD
 *    takes (client, source, ring_id, VMID, context), and is destroyed as
 *    kgd_hqd_sdma_destroy does;
 *  - the queues of an engine side by side: the gfx queue and an RLC queue
 *    run independently, a hang stays on its queue, the engine's status
 *    reflects both;
 *  - the scheduler's interface (aemu_sdma_v4_rlc_map/unmap): an MQD image
 *    mapped runs from its doorbell; an unmap saves the read pointer at the
 *    packet to resume (a poll, a long copy cut short, an IB), and a remap
 *    resumes there;
 *  - hostile MQDs (another engine's, a queue the engine lacks, a huge
 *    ring, a busy queue, unmapped rings): guest errors, no crash;
 *  - end to end: KFD's HIQ runs a runlist with an SDMA queue (MAP_PROCESS
 *    + MAP_QUEUES ENGINE_SEL SDMA0), the queue runs in the process's VMID,
 *    UNMAP_QUEUES saves it into its MQD, a second runlist resumes it.
 *
 * The tests replace the chip's GMC and IH with a flat translation that
 * tells VMIDs apart (VMID 0 sees VRAM and bus memory at GTT_START, as
 * through the GART; any other VMID sees only bus memory at USER_VA, a
 * process's view) and capture the IVs the engines post.
 */
#include <string.h>
#include "aemu-host.h"
#include "aemu-internal.h"
#include "sdma_v4_0.h"
#include "pm4_soc15.h"
#include "gfx_v9_hws.h"
#include "amdgpu-emu/regs/vega10_regs.h"
#include "amdgpu-emu/regs/vega10_fields.h"

#define MiB (1024ull * 1024ull)
#define RAM_SIZE (32 * MiB)
/* VMID 0's view of bus memory (GART), and a process's. */
#define GTT_START 0xff00000000ull
#define USER_VA 0x7f0000000000ull

/* A user queue's memory (bus addresses): ring, rptr/wptr, signals. */
#define URING(i) (0x100000ull + (i) * 0x10000ull)
#define URING_BYTES 4096u
#define URING_ORDER 10u                         /* log2(dwords) */
#define USLOTS(i) (0x180000ull + (i) * 0x100ull)
#define URPTR(i) (USLOTS(i) + 0x00)             /* 64-bit, written back */
#define UWPTR(i) (USLOTS(i) + 0x08)             /* 64-bit, ROCr's */
#define USIGNAL(i) (USLOTS(i) + 0x10)
#define UPOLL(i) (USLOTS(i) + 0x18)
#define UIB(i) (0x200000ull + (i) * 0x1000ull)
#define MQD_RAM(i) (0x300000ull + (i) * 0x1000ull)
#define SRC_RAM (4 * MiB)
#define DST_RAM (12 * MiB)
/* amdgpu's gfx queue of SDMA0 (test-sdma-v4.c's setup). */
#define GFX_RING 0x380000ull
#define GFX_SLOT 0x390000ull

/*
 * KFD's SDMA doorbells (allocate_doorbell): in a process's doorbell page
 * (here the second 4 KiB page after amdgpu's), at its engine's index, odd
 * queues in the mirror half. Dword indexes.
 */
#define KFD_DOORBELL_PAGE 0x1000u
#define SDMA_DOORBELL(e, q) \
    (KFD_DOORBELL_PAGE + 0x1E0u + 4u * (e) + 0x200u * ((q) & 1u))

/* soc15_ih_clientid.h, irqsrcs_sdma0_4_0.h; 241: see sdma_v4_0.h. */
#define CLIENT_SDMA0 0x08
#define IV_SRC_TRAP 224
#define IV_SRC_ILLEGAL 241
/* Ring ids the engine gives its queues: gfx, RLC0, RLC1. */
#define RING_ID_GFX 0
#define RING_ID_RLC(q) (1u + (q))

#define SDMA_STRIDE (mmSDMA1_UCODE_ADDR - mmSDMA0_UCODE_ADDR)
#define RLC_STRIDE (mmSDMA0_RLC1_RB_CNTL - mmSDMA0_RLC0_RB_CNTL)
/* Engine e's RLCq copy of an mmSDMA0_RLC0_* register. */
#define RLC_REG(e, q, reg) ((reg) + (e) * SDMA_STRIDE + (q) * RLC_STRIDE)
#define RUN_NS 1000000ull

/* struct v9_sdma_mqd: the four register runs, then engine and queue. */
#define MQD_RUN1(reg) (mmSDMA0_RLC0_##reg - mmSDMA0_RLC0_RB_CNTL)
#define MQD_RUN2(reg) (MQD_RUN1(DOORBELL) + 1 + \
                       mmSDMA0_RLC0_##reg - mmSDMA0_RLC0_STATUS)
#define MQD_RB_CNTL MQD_RUN1(RB_CNTL)
#define MQD_RB_BASE MQD_RUN1(RB_BASE)
#define MQD_RB_BASE_HI MQD_RUN1(RB_BASE_HI)
#define MQD_RB_RPTR MQD_RUN1(RB_RPTR)
#define MQD_RB_RPTR_HI MQD_RUN1(RB_RPTR_HI)
#define MQD_RB_RPTR_ADDR_HI MQD_RUN1(RB_RPTR_ADDR_HI)
#define MQD_RB_RPTR_ADDR_LO MQD_RUN1(RB_RPTR_ADDR_LO)
#define MQD_IB_CNTL MQD_RUN1(IB_CNTL)
#define MQD_DOORBELL MQD_RUN1(DOORBELL)
#define MQD_DOORBELL_OFFSET MQD_RUN2(DOORBELL_OFFSET)
/* update_mqd_sdma: RPTR_WRITEBACK_TIMER 6, sdmax_rlcx_dummy_reg. */
#define KFD_RPTR_WB_TIMER 6u
#define KFD_DUMMY_REG_DEFAULT 0xf
#define MQD_DUMMY_REG (MQD_RUN2(CSA_ADDR_HI) + 1 + \
                       mmSDMA0_RLC0_DUMMY_REG - mmSDMA0_RLC0_IB_SUB_REMAIN)

/* The IVs posted, captured in place of the IH. */
#define MAX_IVS 64
static AemuIvEntry ivs[MAX_IVS];
static unsigned num_ivs;
/* The VMIDs the SDMA engines used, and whether all went through the MMHUB. */
static uint32_t sdma_vmids;
static bool sdma_off_mmhub;

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

static bool is_sdma_client(const AemuMemClient *client)
{
    return !strncmp(client->name, "SDM", 3);
}

/*
 * A user page not mapped yet in a context that retries (gmc_v9.c's
 * retry_fault, without its IV); 0: none.
 */
static uint64_t retry_page;
static unsigned retry_answers;

static AemuMemStatus vmid_translate(AemuDevice *d, unsigned vmid,
                                    uint64_t addr, bool write,
                                    const AemuMemClient *client,
                                    AemuXlate *out)
{
    if (is_sdma_client(client)) {
        sdma_vmids |= 1u << vmid;
        sdma_off_mmhub |= client->hub != AEMU_HUB_MM;
    }
    if (retry_page && vmid && client->retry &&
        (addr & ~0xfffull) == retry_page) {
        retry_answers++;
        d->mem_retry = client;
        return AEMU_MEM_RETRY;
    }
    if (vmid) {
        if (addr >= USER_VA && addr - USER_VA < RAM_SIZE) {
            *out = (AemuXlate) { .addr = addr - USER_VA,
                                 .len = RAM_SIZE - (addr - USER_VA) };
            /* A translation ends at the page that retries. */
            if (retry_page > addr && retry_page - addr < out->len) {
                out->len = retry_page - addr;
            }
            return AEMU_MEM_OK;
        }
        return AEMU_MEM_FAULT;
    }
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

static uint64_t gtt(uint64_t bus)
{
    return GTT_START + bus;
}

static uint64_t uva(uint64_t bus)
{
    return USER_VA + bus;
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

static void run(AemuTestHost *h)
{
    aemu_test_host_advance(h, RUN_NS);
}

/* amdgpu has the engines up: microcode running, trap interrupts on. */
static void sdma_start(AemuTestHost *h)
{
    for (unsigned e = 0; e < 2; e++) {
        aemu_test_wreg(h, mmSDMA0_F32_CNTL + e * SDMA_STRIDE, 0);
        aemu_test_wreg(h, mmSDMA0_CNTL + e * SDMA_STRIDE,
                       SDMA0_CNTL__UTC_L1_ENABLE_MASK |
                       SDMA0_CNTL__TRAP_ENABLE_MASK);
    }
}

static AemuTestHost *setup(void)
{
    AemuTestHost *h = aemu_test_host_new_asic(&aemu_asic_vega10, 0, RAM_SIZE);

    h->dev->translate = vmid_translate;
    h->dev->ih_submit = capture_iv;
    num_ivs = 0;
    sdma_vmids = 0;
    sdma_off_mmhub = false;
    retry_page = 0;
    retry_answers = 0;
    sdma_start(h);
    return h;
}

/*
 * A command stream being written in bus memory: a user queue's ring as
 * KFD sets it up and ROCr feeds it (USER_QUEUE), or an IB, or amdgpu's
 * gfx ring (only the stream part).
 */
typedef struct UserQ {
    AemuTestHost *h;
    uint64_t bus;           /* the stream, wrapping at size_dw */
    uint32_t size_dw;
    uint64_t wptr;          /* dwords, 64-bit and growing */
    unsigned slot;          /* a queue's memory: URING(slot), USLOTS(slot) */
    unsigned engine, queue; /* sdma_engine_id, sdma_queue_id */
    unsigned vmid;          /* in the MQD: KFD's qpd->vmid (0 under HWS) */
} UserQ;

#define USER_QUEUE(h_, slot_, engine_, queue_, vmid_) \
    { .h = (h_), .bus = URING(slot_), .size_dw = URING_BYTES / 4, \
      .slot = (slot_), .engine = (engine_), .queue = (queue_), \
      .vmid = (vmid_) }
/* An IB's stream (a page of dwords) or amdgpu's gfx ring's. */
#define IB_MAX_DW 1024u
#define STREAM(h_, bus_, size_dw_) \
    { .h = (h_), .bus = (bus_), .size_dw = (size_dw_) }

static void emit(UserQ *u, uint32_t v)
{
    aemu_test_put32(u->h->ram + u->bus + 4 * (u->wptr % u->size_dw), v);
    u->wptr++;
}

/* ROCr: the write pointer (bytes) to its slot, then the 64-bit doorbell. */
static void submit(UserQ *u)
{
    uint64_t bytes = u->wptr * 4;

    aemu_test_put64(u->h->ram + UWPTR(u->slot), bytes);
    aemu_doorbell_write(u->h->dev, 4ull * SDMA_DOORBELL(u->engine, u->queue),
                        bytes, 8);
}

static void emit_copy(UserQ *u, uint64_t src, uint64_t dst, uint32_t bytes)
{
    emit(u, SDMA_PKT_HEADER_OP(SDMA_OP_COPY) |
            SDMA_PKT_HEADER_SUB_OP(SDMA_SUBOP_COPY_LINEAR));
    emit(u, bytes - 1);
    emit(u, 0);
    emit(u, (uint32_t)src);
    emit(u, (uint32_t)(src >> 32));
    emit(u, (uint32_t)dst);
    emit(u, (uint32_t)(dst >> 32));
}

static void emit_fence(UserQ *u, uint64_t addr, uint32_t seq)
{
    emit(u, SDMA_PKT_HEADER_OP(SDMA_OP_FENCE));
    emit(u, (uint32_t)addr);
    emit(u, (uint32_t)(addr >> 32));
    emit(u, seq);
}

static void emit_trap(UserQ *u, uint32_t context)
{
    emit(u, SDMA_PKT_HEADER_OP(SDMA_OP_TRAP));
    emit(u, SDMA_PKT_TRAP_INT_CONTEXT_INT_CONTEXT(context));
}

/* A memory poll for *addr == ref (function 3: equal). */
static void emit_poll(UserQ *u, uint64_t addr, uint32_t ref)
{
    emit(u, SDMA_PKT_HEADER_OP(SDMA_OP_POLL_REGMEM) |
            SDMA_PKT_POLL_REGMEM_HEADER_MEM_POLL(1) |
            SDMA_PKT_POLL_REGMEM_HEADER_FUNC(3));
    emit(u, (uint32_t)addr);
    emit(u, (uint32_t)(addr >> 32));
    emit(u, ref);
    emit(u, UINT32_MAX);
    emit(u, SDMA_PKT_POLL_REGMEM_DW5_RETRY_COUNT(0xfff) |
            SDMA_PKT_POLL_REGMEM_DW5_INTERVAL(10));
}

/* update_mqd_sdma's image (init_mqd_sdma zeroes the rest). */
static void mqd_build(const UserQ *u, uint32_t *m)
{
    memset(m, 0, 4 * AEMU_SDMA_V4_MQD_DW);
    m[MQD_RB_CNTL] = URING_ORDER << SDMA0_RLC0_RB_CNTL__RB_SIZE__SHIFT |
                     u->vmid << SDMA0_RLC0_RB_CNTL__RB_VMID__SHIFT |
                     SDMA0_RLC0_RB_CNTL__RPTR_WRITEBACK_ENABLE_MASK |
                     KFD_RPTR_WB_TIMER <<
                         SDMA0_RLC0_RB_CNTL__RPTR_WRITEBACK_TIMER__SHIFT;
    m[MQD_RB_BASE] = (uint32_t)(uva(u->bus) >> 8);
    m[MQD_RB_BASE_HI] = (uint32_t)(uva(u->bus) >> 40);
    m[MQD_RB_RPTR_ADDR_LO] = (uint32_t)uva(URPTR(u->slot));
    m[MQD_RB_RPTR_ADDR_HI] = (uint32_t)(uva(URPTR(u->slot)) >> 32);
    m[MQD_DOORBELL_OFFSET] = SDMA_DOORBELL(u->engine, u->queue)
                             << SDMA0_RLC0_DOORBELL_OFFSET__OFFSET__SHIFT;
    m[MQD_DUMMY_REG] = KFD_DUMMY_REG_DEFAULT;
    m[AEMU_SDMA_V4_MQD_ENGINE_ID] = u->engine;
    m[AEMU_SDMA_V4_MQD_QUEUE_ID] = u->queue;
}

static void mqd_store(AemuTestHost *h, uint64_t bus, const uint32_t *m)
{
    for (unsigned i = 0; i < AEMU_SDMA_V4_MQD_DW; i++) {
        aemu_test_put32(h->ram + bus + 4 * i, m[i]);
    }
}

static uint32_t rlc_rreg(const UserQ *u, uint32_t reg)
{
    return aemu_test_rreg(u->h, RLC_REG(u->engine, u->queue, reg));
}

static void rlc_wreg(const UserQ *u, uint32_t reg, uint32_t v)
{
    aemu_test_wreg(u->h, RLC_REG(u->engine, u->queue, reg), v);
}

static bool rlc_idle(const UserQ *u)
{
    return rlc_rreg(u, mmSDMA0_RLC0_CONTEXT_STATUS) &
           SDMA0_RLC0_CONTEXT_STATUS__IDLE_MASK;
}

static bool engine_idle(AemuTestHost *h, unsigned e)
{
    return aemu_test_rreg(h, mmSDMA0_STATUS_REG + e * SDMA_STRIDE) &
           SDMA0_STATUS_REG__IDLE_MASK;
}

static uint64_t rlc_rptr(const UserQ *u)
{
    return (uint64_t)rlc_rreg(u, mmSDMA0_RLC0_RB_RPTR_HI) << 32 |
           rlc_rreg(u, mmSDMA0_RLC0_RB_RPTR);
}

/* kgd_hqd_sdma_load (NO_HWS): the MQD through MMIO, the user's wptr. */
static void kgd_load(const UserQ *u, const uint32_t *m, uint64_t user_wptr)
{
    rlc_wreg(u, mmSDMA0_RLC0_RB_CNTL,
             m[MQD_RB_CNTL] & ~SDMA0_RLC0_RB_CNTL__RB_ENABLE_MASK);
    g_assert_true(rlc_idle(u));
    rlc_wreg(u, mmSDMA0_RLC0_DOORBELL_OFFSET, m[MQD_DOORBELL_OFFSET]);
    rlc_wreg(u, mmSDMA0_RLC0_DOORBELL,
             m[MQD_DOORBELL] | SDMA0_RLC0_DOORBELL__ENABLE_MASK);
    rlc_wreg(u, mmSDMA0_RLC0_RB_RPTR, m[MQD_RB_RPTR]);
    rlc_wreg(u, mmSDMA0_RLC0_RB_RPTR_HI, m[MQD_RB_RPTR_HI]);
    rlc_wreg(u, mmSDMA0_RLC0_MINOR_PTR_UPDATE, 1);
    rlc_wreg(u, mmSDMA0_RLC0_RB_WPTR, (uint32_t)user_wptr);
    rlc_wreg(u, mmSDMA0_RLC0_RB_WPTR_HI, (uint32_t)(user_wptr >> 32));
    rlc_wreg(u, mmSDMA0_RLC0_MINOR_PTR_UPDATE, 0);
    rlc_wreg(u, mmSDMA0_RLC0_RB_BASE, m[MQD_RB_BASE]);
    rlc_wreg(u, mmSDMA0_RLC0_RB_BASE_HI, m[MQD_RB_BASE_HI]);
    rlc_wreg(u, mmSDMA0_RLC0_RB_RPTR_ADDR_LO, m[MQD_RB_RPTR_ADDR_LO]);
    rlc_wreg(u, mmSDMA0_RLC0_RB_RPTR_ADDR_HI, m[MQD_RB_RPTR_ADDR_HI]);
    rlc_wreg(u, mmSDMA0_RLC0_RB_CNTL,
             m[MQD_RB_CNTL] | SDMA0_RLC0_RB_CNTL__RB_ENABLE_MASK);
}

/* kgd_hqd_sdma_destroy: disable, wait idle, doorbell off, read rptr. */
static uint64_t kgd_destroy(const UserQ *u)
{
    rlc_wreg(u, mmSDMA0_RLC0_RB_CNTL, rlc_rreg(u, mmSDMA0_RLC0_RB_CNTL) &
                                      ~SDMA0_RLC0_RB_CNTL__RB_ENABLE_MASK);
    g_assert_true(rlc_idle(u));
    rlc_wreg(u, mmSDMA0_RLC0_DOORBELL, 0);
    rlc_wreg(u, mmSDMA0_RLC0_RB_CNTL, rlc_rreg(u, mmSDMA0_RLC0_RB_CNTL) |
                                      SDMA0_RLC0_RB_CNTL__RB_ENABLE_MASK);
    return rlc_rptr(u);
}

static void fill_src(AemuTestHost *h, uint32_t bytes)
{
    for (uint32_t i = 0; i < bytes; i++) {
        h->ram[SRC_RAM + i] = (uint8_t)(i * 13 + (i >> 10));
    }
}

/*
 * NO_HWS: KFD loads SDMA1's RLC1 in VMID 9 through MMIO; ROCr's copy,
 * fence and trap run there, in the process's VMID through the MMHUB; the
 * trap IV is the one KFD's interrupt handler takes. Then the write
 * pointer through MMIO, and kgd_hqd_sdma_destroy.
 */
static void test_mmio_load_copy_trap(void)
{
    AemuTestHost *h = setup();
    UserQ u = USER_QUEUE(h, 0, 1, 1, 9);
    uint32_t m[AEMU_SDMA_V4_MQD_DW];
    const uint32_t bytes = 64 * 1024 + 12;

    mqd_build(&u, m);
    kgd_load(&u, m, 0);
    g_assert_true(rlc_rreg(&u, mmSDMA0_RLC0_RB_CNTL) &
                  SDMA0_RLC0_RB_CNTL__RB_ENABLE_MASK);
    g_assert_true(rlc_idle(&u));
    g_assert_true(engine_idle(h, 1));

    fill_src(h, bytes);
    emit_copy(&u, uva(SRC_RAM), uva(DST_RAM), bytes);
    emit_fence(&u, uva(USIGNAL(0)), 0x5EED);
    emit_trap(&u, 0x123456);
    submit(&u);
    /* Rung: the queue has work, the engine is busy, SDMA0 is not. */
    g_assert_false(rlc_idle(&u));
    g_assert_false(engine_idle(h, 1));
    g_assert_true(engine_idle(h, 0));
    run(h);
    g_assert_cmpmem(h->ram + DST_RAM, bytes, h->ram + SRC_RAM, bytes);
    g_assert_cmphex(aemu_test_get32(h->ram + USIGNAL(0)), ==, 0x5EED);
    g_assert_cmpuint(aemu_test_get64(h->ram + URPTR(0)), ==, u.wptr * 4);
    g_assert_cmpuint(rlc_rptr(&u), ==, u.wptr * 4);
    g_assert_true(rlc_idle(&u));
    g_assert_true(engine_idle(h, 1));
    /* Only the process's VMID, only the MMHUB. */
    g_assert_cmphex(sdma_vmids, ==, 1u << 9);
    g_assert_false(sdma_off_mmhub);
    /* event_interrupt_isr_v9: SDMA client, SDMA_TRAP, a KFD VMID, ctx. */
    g_assert_cmpuint(num_ivs, ==, 1);
    g_assert_cmpuint(ivs[0].client_id, ==, CLIENT_SDMA0 + 1);
    g_assert_cmpuint(ivs[0].src_id, ==, IV_SRC_TRAP);
    g_assert_cmpuint(ivs[0].ring_id, ==, RING_ID_RLC(1));
    g_assert_cmpuint(ivs[0].vmid, ==, 9);
    g_assert_true(ivs[0].vmid_src);
    g_assert_cmphex(ivs[0].src_data[0], ==, 0x123456);

    /* The write pointer through MMIO works as well. */
    emit_fence(&u, uva(USIGNAL(0)), 0x5EED + 1);
    rlc_wreg(&u, mmSDMA0_RLC0_RB_WPTR, (uint32_t)(u.wptr * 4));
    run(h);
    g_assert_cmphex(aemu_test_get32(h->ram + USIGNAL(0)), ==, 0x5EED + 1);

    /* Destroy: the read pointer KFD saves; the doorbell no longer runs it. */
    g_assert_cmpuint(kgd_destroy(&u), ==, u.wptr * 4);
    emit_fence(&u, uva(USIGNAL(0)), 0xDEAD);
    submit(&u);
    run(h);
    g_assert_cmphex(aemu_test_get32(h->ram + USIGNAL(0)), ==, 0x5EED + 1);
    g_assert_cmpuint(h->guest_errors->len, ==, 0);
    g_assert_cmpuint(h->unimps->len, ==, 0);
    aemu_test_host_free(h);
}


/*
 * Retry faults (amdgpu.noretry=0) on a user SDMA queue: a copy whose
 * source page retries is replayed, not failed: the queue waits, busy and
 * not hung, for as long as the page stays unmapped; mapped, the copy and
 * the fence after it complete, every byte right.
 */
static void test_retry_replay(void)
{
    AemuTestHost *h = setup();
    UserQ u = USER_QUEUE(h, 0, 1, 1, 9);
    uint32_t m[AEMU_SDMA_V4_MQD_DW];
    const uint32_t bytes = 3 * 4096 + 12;
    unsigned answers;

    mqd_build(&u, m);
    kgd_load(&u, m, 0);
    fill_src(h, bytes);
    retry_page = uva(SRC_RAM + 4096) & ~0xfffull;
    emit_copy(&u, uva(SRC_RAM), uva(DST_RAM), bytes);
    emit_fence(&u, uva(USIGNAL(0)), 0x5EED);
    submit(&u);
    run(h);
    answers = retry_answers;
    g_assert_cmpuint(answers, >, 0);
    run(h);
    g_assert_cmpuint(retry_answers, >, answers);
    g_assert_cmphex(aemu_test_get32(h->ram + USIGNAL(0)), ==, 0);
    g_assert_false(rlc_idle(&u));
    g_assert_false(engine_idle(h, 1));
    g_assert_cmpuint(h->guest_errors->len, ==, 0);

    retry_page = 0;
    run(h);
    g_assert_cmpmem(h->ram + DST_RAM, bytes, h->ram + SRC_RAM, bytes);
    g_assert_cmphex(aemu_test_get32(h->ram + USIGNAL(0)), ==, 0x5EED);
    g_assert_true(rlc_idle(&u));
    g_assert_cmpuint(h->guest_errors->len, ==, 0);
    aemu_test_host_free(h);
}

/* sdma_v4_0_gfx_resume, reduced: SDMA0's gfx queue, MMIO write pointer. */
static void gfx_resume(AemuTestHost *h)
{
    uint32_t rb_cntl = URING_ORDER << SDMA0_GFX_RB_CNTL__RB_SIZE__SHIFT;

    aemu_test_wreg(h, mmSDMA0_GFX_RB_CNTL, rb_cntl);
    aemu_test_wreg(h, mmSDMA0_GFX_RB_RPTR, 0);
    aemu_test_wreg(h, mmSDMA0_GFX_RB_WPTR, 0);
    aemu_test_wreg(h, mmSDMA0_GFX_RB_BASE, (uint32_t)(gtt(GFX_RING) >> 8));
    aemu_test_wreg(h, mmSDMA0_GFX_RB_BASE_HI,
                   (uint32_t)(gtt(GFX_RING) >> 40));
    aemu_test_wreg(h, mmSDMA0_GFX_RB_CNTL,
                   rb_cntl | SDMA0_GFX_RB_CNTL__RB_ENABLE_MASK);
}

/*
 * SDMA0's gfx queue (amdgpu's, VMID 0) and its RLC0 (a process's, VMID 8)
 * run side by side: each its own ring, VMID and ring_id. A malformed
 * packet hangs the RLC queue only (an illegal-instruction IV in its
 * VMID), keeps the engine busy, and its CONTEXT_STATUS not idle while it
 * is enabled; KFD's destroy still gets an idle queue, and a reload from
 * a new read pointer runs it again.
 */
static void test_queues_side_by_side(void)
{
    AemuTestHost *h = setup();
    UserQ u = USER_QUEUE(h, 1, 0, 0, 8);
    UserQ gfx = STREAM(h, GFX_RING, URING_BYTES / 4);
    uint32_t m[AEMU_SDMA_V4_MQD_DW];

    gfx_resume(h);
    mqd_build(&u, m);
    kgd_load(&u, m, 0);
    /* amdgpu's fence with a trap, and the process's. */
    emit_fence(&gfx, gtt(GFX_SLOT), 0x6F);
    emit_trap(&gfx, 0);
    aemu_test_wreg(h, mmSDMA0_GFX_RB_WPTR, (uint32_t)(gfx.wptr * 4));
    emit_fence(&u, uva(USIGNAL(1)), 0x8);
    emit_trap(&u, 8);
    submit(&u);
    run(h);
    g_assert_cmphex(aemu_test_get32(h->ram + GFX_SLOT), ==, 0x6F);
    g_assert_cmphex(aemu_test_get32(h->ram + USIGNAL(1)), ==, 0x8);
    g_assert_cmphex(sdma_vmids, ==, 1u << 0 | 1u << 8);
    g_assert_cmpuint(iv_count(CLIENT_SDMA0, IV_SRC_TRAP), ==, 2);
    for (unsigned i = 0; i < num_ivs; i++) {
        bool user = ivs[i].vmid != 0;

        g_assert_cmpuint(ivs[i].ring_id, ==,
                         user ? RING_ID_RLC(0) : RING_ID_GFX);
        g_assert_cmpuint(ivs[i].vmid, ==, user ? 8 : 0);
        g_assert_cmphex(ivs[i].src_data[0], ==, user ? 8 : 0);
    }
    g_assert_true(engine_idle(h, 0));

    /* A bad opcode on the RLC queue: it hangs, alone. */
    num_ivs = 0;
    emit(&u, 0x000000ffu);
    submit(&u);
    run(h);
    g_assert_cmpuint(iv_count(CLIENT_SDMA0, IV_SRC_ILLEGAL), ==, 1);
    g_assert_cmpuint(ivs[0].vmid, ==, 8);
    g_assert_cmpuint(ivs[0].ring_id, ==, RING_ID_RLC(0));
    g_assert_true(has_error(h, "sdma0_rlc0"));
    g_assert_false(engine_idle(h, 0));
    g_assert_false(rlc_idle(&u));
    emit_fence(&gfx, gtt(GFX_SLOT), 0x70);
    aemu_test_wreg(h, mmSDMA0_GFX_RB_WPTR, (uint32_t)(gfx.wptr * 4));
    run(h);
    g_assert_cmphex(aemu_test_get32(h->ram + GFX_SLOT), ==, 0x70);
    g_assert_cmpuint(aemu_test_rreg(h, mmSDMA0_GFX_RB_RPTR), ==,
                     gfx.wptr * 4);

    /* Destroyed, then reloaded past the bad packet: it runs again. */
    kgd_destroy(&u);
    m[MQD_RB_RPTR] = (uint32_t)(u.wptr * 4);
    emit_fence(&u, uva(USIGNAL(1)), 0x9);
    kgd_load(&u, m, u.wptr * 4);
    run(h);
    g_assert_cmphex(aemu_test_get32(h->ram + USIGNAL(1)), ==, 0x9);
    g_assert_true(rlc_idle(&u));
    g_assert_true(engine_idle(h, 0));
    aemu_test_host_free(h);
}

/*
 * The scheduler's interface: an MQD image mapped with a VMID, a doorbell
 * and the user's write pointer (work queued before the map runs at once),
 * then from its doorbell. Unmap while it waits on a poll saves the read
 * pointer at the poll; the queue is stopped; a remap from the saved image
 * resumes there.
 */
static void test_map_unmap_resume(void)
{
    AemuTestHost *h = setup();
    UserQ u = USER_QUEUE(h, 2, 0, 1, 0);
    uint32_t m[AEMU_SDMA_V4_MQD_DW], saved[AEMU_SDMA_V4_MQD_DW];
    uint64_t wptr, poll_at;

    mqd_build(&u, m);
    emit_fence(&u, uva(USIGNAL(2)), 1);
    wptr = u.wptr * 4;
    g_assert_cmpint(aemu_sdma_v4_rlc_map(h->dev, 0, m, 10,
                                         4 * SDMA_DOORBELL(0, 1), &wptr),
                    ==, 1);
    g_assert_cmpuint(AEMU_REG_GET(rlc_rreg(&u, mmSDMA0_RLC0_RB_CNTL),
                                  SDMA0_RLC0_RB_CNTL, RB_VMID), ==, 10);
    g_assert_true(rlc_rreg(&u, mmSDMA0_RLC0_DOORBELL) &
                  SDMA0_RLC0_DOORBELL__ENABLE_MASK);
    run(h);
    g_assert_cmpuint(aemu_test_get32(h->ram + USIGNAL(2)), ==, 1);
    g_assert_cmphex(sdma_vmids, ==, 1u << 10);

    /* From the doorbell: a fence, then a poll that waits. */
    emit_fence(&u, uva(USIGNAL(2)), 2);
    poll_at = u.wptr * 4;
    emit_poll(&u, uva(UPOLL(2)), 7);
    emit_fence(&u, uva(USIGNAL(2)), 3);
    emit_trap(&u, 3);
    submit(&u);
    run(h);
    run(h);
    g_assert_cmpuint(aemu_test_get32(h->ram + USIGNAL(2)), ==, 2);
    g_assert_false(rlc_idle(&u));
    g_assert_false(engine_idle(h, 0));

    /* Preempted: stopped and idle, the read pointer at the poll. */
    memcpy(saved, m, sizeof(saved));
    g_assert_true(aemu_sdma_v4_rlc_unmap(h->dev, 0, 1, saved));
    g_assert_cmpuint((uint64_t)saved[MQD_RB_RPTR_HI] << 32 |
                     saved[MQD_RB_RPTR], ==, poll_at);
    g_assert_false(saved[MQD_RB_CNTL] & SDMA0_RLC0_RB_CNTL__RB_ENABLE_MASK);
    g_assert_false(saved[MQD_DOORBELL] & SDMA0_RLC0_DOORBELL__ENABLE_MASK);
    g_assert_cmpuint(AEMU_REG_GET(saved[MQD_RB_CNTL], SDMA0_RLC0_RB_CNTL,
                                  RB_VMID), ==, 10);
    g_assert_cmphex(saved[MQD_RB_BASE], ==, m[MQD_RB_BASE]);
    g_assert_cmphex(saved[MQD_DUMMY_REG], ==, KFD_DUMMY_REG_DEFAULT);
    g_assert_cmpuint(saved[AEMU_SDMA_V4_MQD_QUEUE_ID], ==, 1);
    g_assert_true(rlc_idle(&u));
    g_assert_true(engine_idle(h, 0));
    aemu_test_put32(h->ram + UPOLL(2), 7);
    submit(&u);
    run(h);
    g_assert_cmpuint(aemu_test_get32(h->ram + USIGNAL(2)), ==, 2);

    /* Remapped (another VMID this time): the poll passes, the rest runs. */
    num_ivs = 0;
    wptr = u.wptr * 4;
    g_assert_cmpint(aemu_sdma_v4_rlc_map(h->dev, 0, saved, 11,
                                         4 * SDMA_DOORBELL(0, 1), &wptr),
                    ==, 1);
    run(h);
    g_assert_cmpuint(aemu_test_get32(h->ram + USIGNAL(2)), ==, 3);
    g_assert_cmpuint(aemu_test_get64(h->ram + URPTR(2)), ==, u.wptr * 4);
    g_assert_cmpuint(num_ivs, ==, 1);
    g_assert_cmpuint(ivs[0].vmid, ==, 11);
    g_assert_cmpuint(h->guest_errors->len, ==, 0);
    aemu_test_host_free(h);
}

/*
 * Preempted in the middle of a long copy, and inside an IB: the saved
 * read pointer restarts the copy, and the IB at the INDIRECT that called
 * it. The IB runs in the queue's VMID whatever its packet says.
 */
static void test_unmap_mid_packet(void)
{
    AemuTestHost *h = setup();
    UserQ u = USER_QUEUE(h, 3, 1, 0, 0);
    uint32_t m[AEMU_SDMA_V4_MQD_DW];
    const uint32_t bytes = 3 * MiB;
    uint64_t wptr, copy_at, ib_at;
    UserQ ib = STREAM(h, UIB(3), IB_MAX_DW);

    mqd_build(&u, m);
    m[MQD_IB_CNTL] = SDMA0_RLC0_IB_CNTL__IB_ENABLE_MASK;
    wptr = 0;
    g_assert_cmpint(aemu_sdma_v4_rlc_map(h->dev, 1, m, 12,
                                         4 * SDMA_DOORBELL(1, 0), &wptr),
                    ==, 0);
    fill_src(h, bytes);
    copy_at = u.wptr * 4;
    emit_copy(&u, uva(SRC_RAM), uva(DST_RAM), bytes);
    emit_fence(&u, uva(USIGNAL(3)), 1);
    submit(&u);
    /* One slice: the copy is under way, not done. */
    aemu_test_host_advance(h, 0);
    g_assert_cmpuint(aemu_test_get32(h->ram + USIGNAL(3)), ==, 0);
    g_assert_true(aemu_sdma_v4_rlc_unmap(h->dev, 1, 0, m));
    g_assert_cmpuint(m[MQD_RB_RPTR], ==, copy_at);
    memset(h->ram + DST_RAM, 0, bytes);
    wptr = u.wptr * 4;
    g_assert_cmpint(aemu_sdma_v4_rlc_map(h->dev, 1, m, 12,
                                         4 * SDMA_DOORBELL(1, 0), &wptr),
                    ==, 0);
    for (unsigned n = 0; n < 100 && !rlc_idle(&u); n++) {
        run(h);
    }
    g_assert_cmpuint(aemu_test_get32(h->ram + USIGNAL(3)), ==, 1);
    g_assert_cmpmem(h->ram + DST_RAM, bytes, h->ram + SRC_RAM, bytes);

    /* An IB (its packet says VMID 0) that waits on a poll. */
    emit_fence(&ib, uva(USIGNAL(3)), 2);
    emit_poll(&ib, uva(UPOLL(3)), 5);
    emit_fence(&ib, uva(USIGNAL(3) + 4), 3);
    ib_at = u.wptr * 4;
    emit(&u, SDMA_PKT_HEADER_OP(SDMA_OP_INDIRECT) |
             SDMA_PKT_INDIRECT_HEADER_VMID(0));
    emit(&u, (uint32_t)uva(UIB(3)));
    emit(&u, (uint32_t)(uva(UIB(3)) >> 32));
    emit(&u, (uint32_t)ib.wptr);
    emit(&u, 0);
    emit(&u, 0);
    submit(&u);
    run(h);
    run(h);
    g_assert_cmpuint(aemu_test_get32(h->ram + USIGNAL(3)), ==, 2);
    g_assert_true(aemu_test_rreg(h, mmSDMA1_STATUS_REG) &
                  SDMA0_STATUS_REG__INSIDE_IB_MASK);
    g_assert_true(aemu_sdma_v4_rlc_unmap(h->dev, 1, 0, m));
    g_assert_cmpuint(m[MQD_RB_RPTR], ==, ib_at);
    g_assert_false(aemu_test_rreg(h, mmSDMA1_STATUS_REG) &
                   SDMA0_STATUS_REG__INSIDE_IB_MASK);
    aemu_test_put32(h->ram + UPOLL(3), 5);
    aemu_test_put32(h->ram + USIGNAL(3), 0);
    wptr = u.wptr * 4;
    g_assert_cmpint(aemu_sdma_v4_rlc_map(h->dev, 1, m, 12,
                                         4 * SDMA_DOORBELL(1, 0), &wptr),
                    ==, 0);
    run(h);
    /* The IB ran again from its start: both fences. */
    g_assert_cmpuint(aemu_test_get32(h->ram + USIGNAL(3)), ==, 2);
    g_assert_cmpuint(aemu_test_get32(h->ram + USIGNAL(3) + 4), ==, 3);
    g_assert_true(rlc_idle(&u));
    g_assert_cmphex(sdma_vmids, ==, 1u << 12);
    g_assert_cmpuint(h->guest_errors->len, ==, 0);
    aemu_test_host_free(h);
}

/*
 * Hostile MQDs through the interface: another engine's, a queue the
 * engine lacks, a ring larger than the engine takes, a queue already
 * running: each a guest error, nothing mapped. A ring or write-back at
 * unmapped addresses maps, and hangs the queue visibly when it runs. A
 * huge ring and a doorbell outside the BAR through MMIO do not crash
 * either.
 */
static void test_hostile_mqd(void)
{
    AemuTestHost *h = setup();
    UserQ u = USER_QUEUE(h, 4, 0, 1, 0);
    uint32_t m[AEMU_SDMA_V4_MQD_DW];
    uint64_t wptr = 0;
    unsigned errors = 0;

    mqd_build(&u, m);
    m[AEMU_SDMA_V4_MQD_ENGINE_ID] = 1;
    g_assert_cmpint(aemu_sdma_v4_rlc_map(h->dev, 0, m, 8, 0, &wptr), ==, -1);
    g_assert_cmpuint(h->guest_errors->len, ==, ++errors);
    g_assert_true(has_error(h, "the MQD is for engine 1"));
    g_assert_cmpint(aemu_sdma_v4_rlc_map(h->dev, 2, m, 8, 0, &wptr), ==, -1);
    g_assert_cmpuint(h->guest_errors->len, ==, ++errors);

    mqd_build(&u, m);
    m[AEMU_SDMA_V4_MQD_QUEUE_ID] = 0xFFFFFFFFu;
    g_assert_cmpint(aemu_sdma_v4_rlc_map(h->dev, 0, m, 8, 0, &wptr), ==, -1);
    g_assert_cmpuint(h->guest_errors->len, ==, ++errors);
    g_assert_true(has_error(h, "names queue 4294967295"));

    mqd_build(&u, m);
    m[MQD_RB_CNTL] |= SDMA0_RLC0_RB_CNTL__RB_SIZE_MASK;
    g_assert_cmpint(aemu_sdma_v4_rlc_map(h->dev, 0, m, 8, 0, &wptr), ==, -1);
    g_assert_cmpuint(h->guest_errors->len, ==, ++errors);
    g_assert_true(has_error(h, "larger than the engine takes"));
    g_assert_false(rlc_rreg(&u, mmSDMA0_RLC0_RB_CNTL) &
                   SDMA0_RLC0_RB_CNTL__RB_ENABLE_MASK);

    /* Unmapped ring: mapped; rung, it hangs with a report. */
    mqd_build(&u, m);
    m[MQD_RB_BASE] = 0x1000;
    m[MQD_RB_BASE_HI] = 0;
    m[MQD_RB_RPTR_ADDR_LO] = 0x40;
    m[MQD_RB_RPTR_ADDR_HI] = 0;
    wptr = 64;
    g_assert_cmpint(aemu_sdma_v4_rlc_map(h->dev, 0, m, 8,
                                         4 * SDMA_DOORBELL(0, 1), &wptr),
                    ==, 1);
    /* The same RLC queue again while it runs. */
    g_assert_cmpint(aemu_sdma_v4_rlc_map(h->dev, 0, m, 9,
                                         4 * SDMA_DOORBELL(0, 1), &wptr),
                    ==, -1);
    g_assert_cmpuint(h->guest_errors->len, ==, ++errors);
    g_assert_true(has_error(h, "while it runs another queue"));
    run(h);
    g_assert_cmpuint(h->guest_errors->len, ==, ++errors);
    g_assert_true(has_error(h, "packet fetch"));
    g_assert_false(engine_idle(h, 0));
    /* Unmapping a hung queue frees it; bad queue numbers are refused. */
    g_assert_true(aemu_sdma_v4_rlc_unmap(h->dev, 0, 1, m));
    g_assert_true(engine_idle(h, 0));
    g_assert_false(aemu_sdma_v4_rlc_unmap(h->dev, 0, 2, m));
    g_assert_false(aemu_sdma_v4_rlc_unmap(h->dev, 5, 0, m));

    /* MMIO: the largest RB_SIZE, a doorbell past the BAR, then work. */
    u.queue = 0;
    u.vmid = 8;
    mqd_build(&u, m);
    m[MQD_RB_CNTL] |= SDMA0_RLC0_RB_CNTL__RB_SIZE_MASK;
    m[MQD_DOORBELL_OFFSET] = SDMA0_RLC0_DOORBELL_OFFSET__OFFSET_MASK;
    kgd_load(&u, m, 0);
    emit_fence(&u, uva(USIGNAL(4)), 4);
    rlc_wreg(&u, mmSDMA0_RLC0_RB_WPTR, (uint32_t)(u.wptr * 4));
    run(h);
    g_assert_cmpuint(aemu_test_get32(h->ram + USIGNAL(4)), ==, 4);
    g_assert_cmpuint(h->guest_errors->len, ==, errors);
    aemu_test_host_free(h);
}

/* ---- End to end: KFD's HIQ maps an SDMA queue in a runlist ----------- */

/* The CP's rings and MQDs (bus addresses), as test-gfx-v9-cp.c has them. */
#define CP_RING_DW      2048u
#define CP_RING_ORDER   10u             /* log2(8 KiB / 8) */
#define CP_PAGE_ORDER   9u              /* log2(4 KiB / 8) */
#define KIQ_RING        0x10000ull
#define KIQ_MQD         0x18000ull
#define KIQ_EOP         0x19000ull
#define HIQ_RING        0x20000ull
#define HIQ_MQD         0x28000ull
#define HIQ_EOP         0x29000ull
#define CP_WB           0x30000ull
#define WB_KIQ_RPTR     (CP_WB + 0x00)
#define WB_KIQ_WPTR     (CP_WB + 0x08)
#define WB_HIQ_RPTR     (CP_WB + 0x10)
#define WB_HIQ_WPTR     (CP_WB + 0x18)
#define WB_DQM_FENCE    (CP_WB + 0x20)
#define RUNLIST_IB      0x40000ull
#define DOORBELL_KIQ    0x000u
#define DOORBELL_USER_END 0x114u
#define DOORBELL_HIQ    0x800u
#define MQD_HQD_DW      128
#define MQD_DW(reg)     (MQD_HQD_DW + (reg) - mmCP_MQD_BASE_ADDR)
#define NOP_PAD PACKET3(PACKET3_NOP, PM4_COUNT_MAX)
/* KFD's values (kfd_packet_manager_v9.c, kfd_device_queue_manager.c). */
#define KFD_VMID_MASK   0xFF00u
#define KFD_PASID       0x8001u
#define KFD_FENCE_COMPLETED 100u

typedef struct CpRing {
    AemuTestHost *h;
    uint64_t bus;
    uint64_t wptr;          /* dwords */
    unsigned doorbell;
    uint64_t wptr_wb;
} CpRing;

static void cp_emit(CpRing *r, uint32_t v)
{
    aemu_test_put32(r->h->ram + r->bus + 4ull * (r->wptr % CP_RING_DW), v);
    r->wptr++;
}

/* The wptr to its slot, then the 64-bit doorbell (pad: amdgpu's KIQ). */
static void cp_submit(CpRing *r, bool pad)
{
    while (pad && (r->wptr & 0xff)) {
        cp_emit(r, NOP_PAD);
    }
    aemu_test_put64(r->h->ram + r->wptr_wb, r->wptr);
    aemu_doorbell_write(r->h->dev, 4ull * r->doorbell, r->wptr, 8);
}

static void grbm_select(AemuTestHost *h, unsigned me, unsigned pipe,
                        unsigned queue)
{
    aemu_test_wreg(h, mmGRBM_GFX_CNTL,
                   me << GRBM_GFX_CNTL__MEID__SHIFT |
                   pipe << GRBM_GFX_CNTL__PIPEID__SHIFT |
                   queue << GRBM_GFX_CNTL__QUEUEID__SHIFT);
}

static uint32_t pq_control(void)
{
    return CP_RING_ORDER << CP_HQD_PQ_CONTROL__QUEUE_SIZE__SHIFT |
           CP_PAGE_ORDER << CP_HQD_PQ_CONTROL__RPTR_BLOCK_SIZE__SHIFT |
           CP_HQD_PQ_CONTROL__PRIV_STATE_MASK |
           CP_HQD_PQ_CONTROL__KMD_QUEUE_MASK;
}

/* gfx_v9_0_mqd_init's HQD image (no doorbell enable: KFD's HIQ). */
static void hqd_mqd_init(AemuTestHost *h, uint64_t mqd, uint64_t eop,
                         uint64_t ring, uint64_t rptr_wb, uint64_t wptr_wb,
                         unsigned doorbell, bool active)
{
    uint8_t *m = h->ram + mqd;

#define MQD_PUT(reg, v) aemu_test_put32(m + 4 * MQD_DW(reg), (v))
    memset(m, 0, 4096);
    MQD_PUT(mmCP_HQD_EOP_BASE_ADDR, (uint32_t)(gtt(eop) >> 8));
    MQD_PUT(mmCP_HQD_EOP_BASE_ADDR_HI, (uint32_t)(gtt(eop) >> 40));
    MQD_PUT(mmCP_HQD_EOP_CONTROL, 9 << CP_HQD_EOP_CONTROL__EOP_SIZE__SHIFT);
    MQD_PUT(mmCP_HQD_PQ_DOORBELL_CONTROL,
            doorbell << CP_HQD_PQ_DOORBELL_CONTROL__DOORBELL_OFFSET__SHIFT);
    MQD_PUT(mmCP_MQD_BASE_ADDR, (uint32_t)gtt(mqd));
    MQD_PUT(mmCP_MQD_BASE_ADDR_HI, (uint32_t)(gtt(mqd) >> 32));
    MQD_PUT(mmCP_HQD_PQ_BASE, (uint32_t)(gtt(ring) >> 8));
    MQD_PUT(mmCP_HQD_PQ_BASE_HI, (uint32_t)(gtt(ring) >> 40));
    MQD_PUT(mmCP_HQD_PQ_CONTROL, pq_control());
    MQD_PUT(mmCP_HQD_PQ_RPTR_REPORT_ADDR, (uint32_t)gtt(rptr_wb));
    MQD_PUT(mmCP_HQD_PQ_RPTR_REPORT_ADDR_HI, (uint32_t)(gtt(rptr_wb) >> 32));
    MQD_PUT(mmCP_HQD_PQ_WPTR_POLL_ADDR, (uint32_t)gtt(wptr_wb));
    MQD_PUT(mmCP_HQD_PQ_WPTR_POLL_ADDR_HI, (uint32_t)(gtt(wptr_wb) >> 32));
    MQD_PUT(mmCP_HQD_ACTIVE, active);
#undef MQD_PUT
}

/*
 * gfx_v9_0_kiq_init_register (the KIQ, MEC2 pipe 1 queue 0, from
 * registers), then KFD's HIQ mapped through it (kgd_gfx_v9_hiq_mqd_load:
 * MAP_QUEUES with ENGINE_SEL HIQ, MEC2 pipe 0 queue 0), then
 * SET_RESOURCES on the HIQ (pm_set_resources_v9).
 */
static CpRing hws_start(AemuTestHost *h)
{
    CpRing kiq = { .h = h, .bus = KIQ_RING, .doorbell = DOORBELL_KIQ,
                   .wptr_wb = WB_KIQ_WPTR };
    CpRing hiq = { .h = h, .bus = HIQ_RING, .doorbell = DOORBELL_HIQ,
                   .wptr_wb = WB_HIQ_WPTR };
    uint64_t qm = 0;

    aemu_test_wreg(h, mmRLC_CP_SCHEDULERS, 0x48);
    aemu_test_wreg(h, mmRLC_CP_SCHEDULERS, 0x48 | 0x80);
    grbm_select(h, 2, 1, 0);
    aemu_test_wreg(h, mmCP_HQD_EOP_BASE_ADDR, (uint32_t)(gtt(KIQ_EOP) >> 8));
    aemu_test_wreg(h, mmCP_HQD_EOP_BASE_ADDR_HI,
                   (uint32_t)(gtt(KIQ_EOP) >> 40));
    aemu_test_wreg(h, mmCP_HQD_EOP_CONTROL,
                   9 << CP_HQD_EOP_CONTROL__EOP_SIZE__SHIFT);
    aemu_test_wreg(h, mmCP_MQD_BASE_ADDR, (uint32_t)gtt(KIQ_MQD));
    aemu_test_wreg(h, mmCP_MQD_BASE_ADDR_HI, (uint32_t)(gtt(KIQ_MQD) >> 32));
    aemu_test_wreg(h, mmCP_HQD_PQ_BASE, (uint32_t)(gtt(KIQ_RING) >> 8));
    aemu_test_wreg(h, mmCP_HQD_PQ_BASE_HI, (uint32_t)(gtt(KIQ_RING) >> 40));
    aemu_test_wreg(h, mmCP_HQD_PQ_CONTROL, pq_control());
    aemu_test_wreg(h, mmCP_HQD_PQ_RPTR_REPORT_ADDR,
                   (uint32_t)gtt(WB_KIQ_RPTR));
    aemu_test_wreg(h, mmCP_HQD_PQ_RPTR_REPORT_ADDR_HI,
                   (uint32_t)(gtt(WB_KIQ_RPTR) >> 32));
    aemu_test_wreg(h, mmCP_HQD_PQ_WPTR_POLL_ADDR, (uint32_t)gtt(WB_KIQ_WPTR));
    aemu_test_wreg(h, mmCP_HQD_PQ_WPTR_POLL_ADDR_HI,
                   (uint32_t)(gtt(WB_KIQ_WPTR) >> 32));
    aemu_test_wreg(h, mmCP_MEC_DOORBELL_RANGE_LOWER, DOORBELL_KIQ << 2);
    aemu_test_wreg(h, mmCP_MEC_DOORBELL_RANGE_UPPER, DOORBELL_USER_END << 2);
    aemu_test_wreg(h, mmCP_HQD_PQ_DOORBELL_CONTROL,
                   AEMU_REG_SET(CP_HQD_PQ_DOORBELL_CONTROL__DOORBELL_EN_MASK,
                                CP_HQD_PQ_DOORBELL_CONTROL, DOORBELL_OFFSET,
                                DOORBELL_KIQ));
    aemu_test_wreg(h, mmCP_HQD_PQ_WPTR_LO, 0);
    aemu_test_wreg(h, mmCP_HQD_PQ_WPTR_HI, 0);
    aemu_test_wreg(h, mmCP_HQD_VMID, 0);
    aemu_test_wreg(h, mmCP_HQD_ACTIVE, 1);
    grbm_select(h, 0, 0, 0);
    aemu_test_wreg(h, mmCP_MEC_CNTL, 0);

    hqd_mqd_init(h, HIQ_MQD, HIQ_EOP, HIQ_RING, WB_HIQ_RPTR, WB_HIQ_WPTR,
                 DOORBELL_HIQ, false);
    cp_emit(&kiq, PACKET3(PACKET3_MAP_QUEUES, 5));
    cp_emit(&kiq, PACKET3_MAP_QUEUES_QUEUE_SEL(0) | PACKET3_MAP_QUEUES_VMID(0) |
                  PACKET3_MAP_QUEUES_QUEUE(0) | PACKET3_MAP_QUEUES_PIPE(0) |
                  PACKET3_MAP_QUEUES_ME(1) |
                  PACKET3_MAP_QUEUES_ENGINE_SEL(PM4_MAP_QUEUES_ENGINE_HIQ) |
                  PACKET3_MAP_QUEUES_NUM_QUEUES(1));
    cp_emit(&kiq, PACKET3_MAP_QUEUES_DOORBELL_OFFSET(DOORBELL_HIQ));
    cp_emit(&kiq, (uint32_t)gtt(HIQ_MQD));
    cp_emit(&kiq, (uint32_t)(gtt(HIQ_MQD) >> 32));
    cp_emit(&kiq, (uint32_t)gtt(WB_HIQ_WPTR));
    cp_emit(&kiq, (uint32_t)(gtt(WB_HIQ_WPTR) >> 32));
    cp_submit(&kiq, true);
    run(h);

    /* KFD's MEC1 queues on Vega10: queues 2-7 of each pipe. */
    for (unsigned pipe = 0; pipe < 4; pipe++) {
        qm |= 0xFCull << (pipe * 8);
    }
    cp_emit(&hiq, PACKET3(PACKET3_SET_RESOURCES, 6));
    cp_emit(&hiq, PACKET3_SET_RESOURCES_VMID_MASK(KFD_VMID_MASK) |
                  PACKET3_SET_RESOURCES_QUEUE_TYPE(
                      PM4_SET_RESOURCES_QUEUE_TYPE_HIQ));
    cp_emit(&hiq, (uint32_t)qm);
    cp_emit(&hiq, (uint32_t)(qm >> 32));
    for (unsigned i = 0; i < 4; i++) {
        cp_emit(&hiq, 0);
    }
    cp_submit(&hiq, false);
    run(h);
    g_assert_true(aemu_gfx_v9_hws(h->dev)->resources_set);
    return hiq;
}

/* pm_map_process_v9 + a pm_map_queues_v9 for one SDMA queue. */
static uint32_t put_sdma_runlist(AemuTestHost *h, const UserQ *u,
                                 uint64_t mqd)
{
    uint64_t ib = RUNLIST_IB;

#define IB_PUT(v) (aemu_test_put32(h->ram + ib, (v)), ib += 4)
    IB_PUT(PACKET3(PACKET3_MAP_PROCESS, PM4_MAP_PROCESS_BODY - 1));
    IB_PUT(KFD_PASID);
    for (unsigned i = 2; i <= PM4_MAP_PROCESS_BODY; i++) {
        IB_PUT(0);
    }
    IB_PUT(PACKET3(PACKET3_MAP_QUEUES, PM4_MAP_QUEUES_BODY - 1));
    IB_PUT(PACKET3_MAP_QUEUES_QUEUE_SEL(PM4_MAP_QUEUES_SEL_HWS_DETERMINED) |
           PACKET3_MAP_QUEUES_ENGINE_SEL(PM4_MAP_QUEUES_ENGINE_SDMA0 +
                                         u->engine) |
           PACKET3_MAP_QUEUES_NUM_QUEUES(1));
    IB_PUT(PACKET3_MAP_QUEUES_DOORBELL_OFFSET(SDMA_DOORBELL(u->engine,
                                                           u->queue)));
    IB_PUT((uint32_t)gtt(mqd));
    IB_PUT((uint32_t)(gtt(mqd) >> 32));
    IB_PUT((uint32_t)uva(UWPTR(u->slot)));
    IB_PUT((uint32_t)(uva(UWPTR(u->slot)) >> 32));
#undef IB_PUT
    return (uint32_t)(ib - RUNLIST_IB) / 4;
}

/*
 * pm_runlist_v9, then pm_query_status_v9's fence KFD waits for: whether
 * the fence came.
 */
static bool hws_run_list(CpRing *hiq, uint32_t dw)
{
    AemuTestHost *h = hiq->h;

    aemu_test_put64(h->ram + WB_DQM_FENCE, 10);
    cp_emit(hiq, PACKET3(PACKET3_RUN_LIST, 2));
    cp_emit(hiq, (uint32_t)gtt(RUNLIST_IB) & PM4_RUN_LIST_IB_BASE_LO_MASK);
    cp_emit(hiq, (uint32_t)(gtt(RUNLIST_IB) >> 32));
    cp_emit(hiq, dw | 1u << 23 /* VALID */ | 1u << 24 /* one process */);
    cp_emit(hiq, PACKET3(PACKET3_QUERY_STATUS, 5));
    cp_emit(hiq, PACKET3_QUERY_STATUS_INTERRUPT_SEL(
                     PM4_QUERY_STATUS_SEL_COMPLETION) |
                 PACKET3_QUERY_STATUS_COMMAND(
                     PM4_QUERY_STATUS_CMD_FENCE_AFTER_ACK));
    cp_emit(hiq, 0);
    cp_emit(hiq, (uint32_t)gtt(WB_DQM_FENCE));
    cp_emit(hiq, (uint32_t)(gtt(WB_DQM_FENCE) >> 32));
    cp_emit(hiq, KFD_FENCE_COMPLETED);
    cp_emit(hiq, 0);
    cp_submit(hiq, false);
    run(h);
    return aemu_test_get64(h->ram + WB_DQM_FENCE) == KFD_FENCE_COMPLETED;
}

/* pm_unmap_queues_v9 by PASID (ENGINE_SEL compute: KFD's for all). */
static void hws_unmap_pasid(CpRing *hiq)
{
    cp_emit(hiq, PACKET3(PACKET3_UNMAP_QUEUES, 4));
    cp_emit(hiq, PACKET3_UNMAP_QUEUES_ACTION(PM4_UNMAP_PREEMPT_QUEUES) |
                 PACKET3_UNMAP_QUEUES_QUEUE_SEL(PM4_UNMAP_QUEUE_SEL_PASID) |
                 PACKET3_UNMAP_QUEUES_ENGINE_SEL(0));
    cp_emit(hiq, KFD_PASID);
    for (unsigned i = 0; i < 3; i++) {
        cp_emit(hiq, 0);
    }
    cp_submit(hiq, false);
    run(hiq->h);
}

/*
 * KFD under HWS: a runlist with one process and its SDMA queue on SDMA0
 * (queue 1 of the engine); work ROCr queued before the map runs, more
 * through the doorbell, in the process's VMID (the scheduler's first, 8,
 * the IH's LUT holding the PASID). UNMAP_QUEUES by PASID saves the queue
 * into its MQD (the read pointer, the rest of the image kept) and stops
 * it; a second runlist resumes it with what was queued meanwhile. A third
 * with a bad MQD is a guest error the HIQ survives; an MQD at an
 * unmapped address stops the HIQ, as a compute queue's does.
 */
static void test_hws_runlist_sdma(void)
{
    AemuTestHost *h = setup();
    CpRing hiq = hws_start(h);
    const AemuHws *hws = aemu_gfx_v9_hws(h->dev);
    UserQ u = USER_QUEUE(h, 5, 0, 1, 0);
    uint32_t m[AEMU_SDMA_V4_MQD_DW];
    const uint32_t bytes = 4096 + 8;
    uint32_t dw;

    mqd_build(&u, m);
    mqd_store(h, MQD_RAM(0), m);
    emit_fence(&u, uva(USIGNAL(5)), 1);
    aemu_test_put64(h->ram + UWPTR(5), u.wptr * 4);
    dw = put_sdma_runlist(h, &u, MQD_RAM(0));
    g_assert_true(hws_run_list(&hiq, dw));
    g_assert_cmpuint(h->guest_errors->len, ==, 0);
    g_assert_cmpuint(h->unimps->len, ==, 0);
    g_assert_cmpuint(hws->num_queues, ==, 1);
    g_assert_cmpuint(hws->queues[0].engine, ==, PM4_MAP_QUEUES_ENGINE_SDMA0);
    g_assert_true(hws->queues[0].sdma_mapped);
    g_assert_cmpuint(hws->queues[0].sdma_rlc, ==, 1);
    g_assert_cmpuint(hws->processes[0].vmid, ==, 8);
    g_assert_cmphex(aemu_test_rreg(h, mmIH_VMID_0_LUT_MM + 8), ==, KFD_PASID);
    g_assert_cmpuint(AEMU_REG_GET(rlc_rreg(&u, mmSDMA0_RLC0_RB_CNTL),
                                  SDMA0_RLC0_RB_CNTL, RB_VMID), ==, 8);
    run(h);
    g_assert_cmpuint(aemu_test_get32(h->ram + USIGNAL(5)), ==, 1);

    fill_src(h, bytes);
    emit_copy(&u, uva(SRC_RAM), uva(DST_RAM), bytes);
    emit_fence(&u, uva(USIGNAL(5)), 2);
    emit_trap(&u, 0x55);
    submit(&u);
    run(h);
    g_assert_cmpmem(h->ram + DST_RAM, bytes, h->ram + SRC_RAM, bytes);
    g_assert_cmpuint(aemu_test_get32(h->ram + USIGNAL(5)), ==, 2);
    g_assert_cmpuint(aemu_test_get64(h->ram + URPTR(5)), ==, u.wptr * 4);
    g_assert_cmpuint(iv_count(CLIENT_SDMA0, IV_SRC_TRAP), ==, 1);
    g_assert_cmpuint(ivs[num_ivs - 1].vmid, ==, 8);
    g_assert_cmpuint(ivs[num_ivs - 1].ring_id, ==, RING_ID_RLC(1));
    g_assert_cmphex(ivs[num_ivs - 1].src_data[0], ==, 0x55);
    g_assert_cmphex(sdma_vmids, ==, 1u << 8);

    /* destroy_queues_cpsch / evict: preempted into the MQD. */
    hws_unmap_pasid(&hiq);
    g_assert_false(hws->runlist_active);
    g_assert_false(rlc_rreg(&u, mmSDMA0_RLC0_RB_CNTL) &
                   SDMA0_RLC0_RB_CNTL__RB_ENABLE_MASK);
    g_assert_cmpuint(aemu_test_get32(h->ram + MQD_RAM(0) + 4 * MQD_RB_RPTR),
                     ==, u.wptr * 4);
    g_assert_false(aemu_test_get32(h->ram + MQD_RAM(0) + 4 * MQD_RB_CNTL) &
                   SDMA0_RLC0_RB_CNTL__RB_ENABLE_MASK);
    g_assert_cmphex(aemu_test_get32(h->ram + MQD_RAM(0) + 4 * MQD_DUMMY_REG),
                    ==, KFD_DUMMY_REG_DEFAULT);
    g_assert_cmpuint(aemu_test_get32(h->ram + MQD_RAM(0) +
                                     4 * AEMU_SDMA_V4_MQD_QUEUE_ID), ==, 1);
    emit_fence(&u, uva(USIGNAL(5)), 3);
    submit(&u);
    run(h);
    g_assert_cmpuint(aemu_test_get32(h->ram + USIGNAL(5)), ==, 2);

    /* restore: the same runlist again resumes it. */
    g_assert_true(hws_run_list(&hiq, dw));
    run(h);
    g_assert_cmpuint(aemu_test_get32(h->ram + USIGNAL(5)), ==, 3);
    g_assert_cmpuint(aemu_test_get64(h->ram + URPTR(5)), ==, u.wptr * 4);
    hws_unmap_pasid(&hiq);
    g_assert_cmpuint(h->guest_errors->len, ==, 0);

    /* An MQD naming a queue the engine lacks: reported, the HIQ goes on. */
    aemu_test_put32(h->ram + MQD_RAM(0) + 4 * AEMU_SDMA_V4_MQD_QUEUE_ID, 5);
    g_assert_true(hws_run_list(&hiq, dw));
    g_assert_true(has_error(h, "names queue 5"));
    g_assert_false(hws->queues[0].sdma_mapped);
    hws_unmap_pasid(&hiq);
    g_assert_cmpuint(h->unimps->len, ==, 0);

    /* An MQD at an unmapped address: the HIQ stops with a report. */
    g_assert_false(hws_run_list(&hiq, put_sdma_runlist(h, &u, RAM_SIZE)));
    g_assert_true(has_error(h, "read of the SDMA MQD"));
    aemu_test_host_free(h);
}

int main(int argc, char **argv)
{
    g_test_init(&argc, &argv, NULL);
    g_test_add_func("/sdma-v4-rlc/mmio-load-copy-trap",
                    test_mmio_load_copy_trap);
    g_test_add_func("/sdma-v4-rlc/queues-side-by-side",
                    test_queues_side_by_side);
    g_test_add_func("/sdma-v4-rlc/map-unmap-resume", test_map_unmap_resume);
    g_test_add_func("/sdma-v4-rlc/unmap-mid-packet", test_unmap_mid_packet);
    g_test_add_func("/sdma-v4-rlc/hostile-mqd", test_hostile_mqd);
    g_test_add_func("/sdma-v4-rlc/hws-runlist", test_hws_runlist_sdma);
    g_test_add_func("/sdma-v4-rlc/retry-replay", test_retry_replay);
    return g_test_run();
}
