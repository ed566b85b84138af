/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Retry faults (XNACK) in the shader interpreter on the Vega10 chip, with
 * its real memory controller (gmc_v9.c): a VM context that retries (as
 * amdgpu programs it with amdgpu.noretry=0), the shaders' memory client
 * replaying. A wave whose access gets a retry fault waits at the
 * instruction, having changed no register, and replays it on its next
 * turn; the test, standing in for the driver, then maps the page (what
 * SVM's svm_range_restore_pages does) and the access completes with the
 * page's data, or writes the no-retry marker (what amdgpu_vm_handle_fault
 * does without SVM) and the access faults as without XNACK and the wave
 * goes on. Loads, atomics (all lanes or none), scalar loads, the
 * instruction fetch; a client with SH_MEM_CONFIG.RETRY_DISABLE; and a
 * dispatch, whose stalled wave costs a replay a slice while the group's
 * other wave and another queue's dispatch finish.
 */
#include "shader-test.h"
#include "shader_regs.h"
#include "vega10_utcl2_cid.h"
#include "amdgpu-emu/regs/vega10_regs.h"
#include "amdgpu-emu/regs/vega10_fields.h"

#define PAGE            4096ull
/* The VMID KFD's first process gets, and its gfx hub context. */
#define VMID            8u
/*
 * Virtual addresses: [ST_CODE, FAULT_VA) map VRAM at the same offsets (the
 * code and data of shader-test.h); FAULT_VA and the pages after it are
 * cleared PTEs until a test maps them; FIXED is VRAM for them.
 */
#define MAP_END         0x500000ull
#define FAULT_VA        MAP_END
#define CODE_VA         0x600000ull     /* code first unmapped */
#define FIXED           0x800000ull
#define DEFAULT_PAGE    0x900000ull     /* the context's default page */
#define TABLES          0x1000000ull    /* page tables, bump-allocated */

/* amdgpu_vm.h */
#define AMDGPU_PTE_VALID        (1ull << 0)
#define AMDGPU_PTE_SYSTEM       (1ull << 1)
#define AMDGPU_PTE_EXECUTABLE   (1ull << 4)
#define AMDGPU_PTE_READABLE     (1ull << 5)
#define AMDGPU_PTE_WRITEABLE    (1ull << 6)
#define AMDGPU_PTE_PRT          (1ull << 51)
#define PTE_RW (AMDGPU_PTE_VALID | AMDGPU_PTE_READABLE | AMDGPU_PTE_WRITEABLE)
/* amdgpu_vm_pt_clear's PTB entries: invalid, EXECUTABLE for GMC9. */
#define PTE_CLEARED             AMDGPU_PTE_EXECUTABLE
/* amdgpu_vm_handle_fault's no-retry marker in a gfx9 PTB. */
#define PTE_NORETRY (AMDGPU_PTE_VALID | AMDGPU_PTE_SYSTEM | AMDGPU_PTE_PRT)
#define PTE_ADDR_MASK           0x0000fffffffff000ull
/* The 4-level walk of a 48-bit VM: 9 bits a level above the page. */
#define LEVEL_BITS              9u
#define LEVELS                  4u
/* gmc_v9_0_process_interrupt's retry bit in src_data[1]. */
#define IV_RETRY                0x80u

/* The shaders' memory client, replaying (SH_MEM_CONFIG.RETRY_DISABLE 0). */
static const AemuMemClient tcp = {
    .name = "TCP", .hub = AEMU_HUB_GFX,
    .utcl2_cid = { VEGA10_GFXHUB_CID_TCP, VEGA10_GFXHUB_CID_TCP },
    .retry = true,
};

/* The GMC's translation: shader-test.h's st_init puts a flat one there. */
static AemuMemStatus (*gmc_translate)(AemuDevice *d, unsigned vmid,
                                      uint64_t addr, bool write,
                                      const AemuMemClient *client,
                                      AemuXlate *out);

#define MAX_IVS 256u
static AemuIvEntry ivs[MAX_IVS];
static unsigned n_ivs;

static void capture_iv(AemuDevice *d, const AemuIvEntry *iv)
{
    if (n_ivs < MAX_IVS) {
        ivs[n_ivs] = *iv;
    }
    n_ivs++;
}

typedef struct Xn {
    ShTest t;
    uint64_t root, next_table;
} Xn;

static uint64_t alloc_table(Xn *x)
{
    uint64_t off = x->next_table;

    x->next_table += PAGE;
    memset(x->t.h->vram + off, 0, PAGE);
    return off;
}

/* The PTE of va, allocating the directories down to it. */
static uint64_t pte_of(Xn *x, uint64_t va)
{
    uint64_t table = x->root;

    for (unsigned level = LEVELS - 1; level > 0; level--) {
        unsigned shift = 12 + LEVEL_BITS * level;
        uint64_t entry = table + ((va >> shift) & ((1u << LEVEL_BITS) - 1)) * 8;
        uint64_t e = aemu_test_get64(x->t.h->vram + entry);

        if (!(e & AMDGPU_PTE_VALID)) {
            e = alloc_table(x) | AMDGPU_PTE_VALID;
            aemu_test_put64(x->t.h->vram + entry, e);
        }
        table = e & PTE_ADDR_MASK;
    }
    return table + ((va >> 12) & ((1u << LEVEL_BITS) - 1)) * 8;
}

static void set_pte(Xn *x, uint64_t va, uint64_t pte)
{
    aemu_test_put64(x->t.h->vram + pte_of(x, va), pte);
}

/*
 * A gfx9 wave in VMID 8 of the gfx hub, as gfxhub_v1_0_setup_vmid_config
 * leaves it with amdgpu.noretry=0 (retry, the fault interrupts, the
 * default page), the identity map below MAP_END.
 */
static void xn_init(Xn *x)
{
    uint32_t cntl = AEMU_REG_SET(0, VM_CONTEXT1_CNTL, ENABLE_CONTEXT, 1);
    AemuTestHost *h;

    st_init(&x->t, AEMU_SH_GFX9);
    h = x->t.h;
    h->dev->translate = gmc_translate;
    h->dev->ih_submit = capture_iv;
    n_ivs = 0;
    x->t.ctx.vmid = VMID;
    x->t.ctx.client = tcp;
    x->next_table = TABLES;
    x->root = alloc_table(x);
    for (uint64_t va = ST_CODE; va < MAP_END; va += PAGE) {
        set_pte(x, va, va | PTE_RW);
    }
    for (uint64_t va = MAP_END; va < FIXED; va += PAGE) {
        set_pte(x, va, PTE_CLEARED);
    }
    cntl = AEMU_REG_SET(cntl, VM_CONTEXT1_CNTL, PAGE_TABLE_DEPTH, LEVELS - 1);
    cntl |= VM_CONTEXT1_CNTL__RETRY_PERMISSION_OR_INVALID_PAGE_FAULT_MASK |
            VM_CONTEXT1_CNTL__VALID_PROTECTION_FAULT_ENABLE_INTERRUPT_MASK |
            VM_CONTEXT1_CNTL__READ_PROTECTION_FAULT_ENABLE_INTERRUPT_MASK |
            VM_CONTEXT1_CNTL__WRITE_PROTECTION_FAULT_ENABLE_INTERRUPT_MASK |
            VM_CONTEXT1_CNTL__VALID_PROTECTION_FAULT_ENABLE_DEFAULT_MASK |
            VM_CONTEXT1_CNTL__READ_PROTECTION_FAULT_ENABLE_DEFAULT_MASK |
            VM_CONTEXT1_CNTL__WRITE_PROTECTION_FAULT_ENABLE_DEFAULT_MASK;
    aemu_test_wreg(h, GC_mmVM_CONTEXT0_PAGE_TABLE_START_ADDR_LO32 + 2 * VMID,
                   0);
    aemu_test_wreg(h, GC_mmVM_CONTEXT0_PAGE_TABLE_END_ADDR_LO32 + 2 * VMID,
                   UINT32_MAX);
    aemu_test_wreg(h, GC_mmVM_CONTEXT0_PAGE_TABLE_END_ADDR_HI32 + 2 * VMID,
                   0xf);
    aemu_test_wreg(h, GC_mmVM_CONTEXT0_PAGE_TABLE_BASE_ADDR_LO32 + 2 * VMID,
                   (uint32_t)(x->root | AMDGPU_PTE_VALID));
    aemu_test_wreg(h, GC_mmVM_CONTEXT0_PAGE_TABLE_BASE_ADDR_HI32 + 2 * VMID,
                   (uint32_t)(x->root >> 32));
    aemu_test_wreg(h, GC_mmVM_CONTEXT0_CNTL + VMID, cntl);
    aemu_test_wreg(h, GC_mmVM_L2_PROTECTION_FAULT_CNTL,
                   VM_L2_PROTECTION_FAULT_CNTL__VALID_PROTECTION_FAULT_ENABLE_DEFAULT_MASK |
                   VM_L2_PROTECTION_FAULT_CNTL__READ_PROTECTION_FAULT_ENABLE_DEFAULT_MASK |
                   VM_L2_PROTECTION_FAULT_CNTL__WRITE_PROTECTION_FAULT_ENABLE_DEFAULT_MASK);
    aemu_test_wreg(h, GC_mmVM_L2_PROTECTION_FAULT_DEFAULT_ADDR_LO32,
                   (uint32_t)(DEFAULT_PAGE >> 12));
    aemu_test_wreg(h, GC_mmVM_L2_PROTECTION_FAULT_DEFAULT_ADDR_HI32, 0);
    /* The default page in VRAM (out of reset it is in system memory). */
    aemu_test_wreg(h, GC_mmVM_L2_CNTL, 0);
}

static uint32_t vram32(Xn *x, uint64_t off)
{
    return aemu_test_get32(x->t.h->vram + off);
}

static void fill(Xn *x, uint64_t off, unsigned n, uint32_t base)
{
    for (unsigned i = 0; i < n; i++) {
        aemu_test_put32(x->t.h->vram + off + 4 * i, base + i);
    }
}

/* The wave's next turn, as the dispatch gives it. */
static AemuWaveState turn(Xn *x)
{
    unsigned budget = ST_BUDGET;

    return aemu_wave_run(x->t.d, &x->t.w, &budget);
}

/* IV i carries the retry bit. */
static bool iv_retry(unsigned i)
{
    g_assert_cmpuint(i, <, MIN(n_ivs, MAX_IVS));
    return ivs[i].src_data[1] & IV_RETRY;
}

/*
 * global_load_dword v2, v[2:3]: the destination is the address, so a
 * load that wrote anything before its replay would read elsewhere.
 */
static void load_kernel(Xn *x)
{
    ShTest *t = &x->t;

    ST_SET_LANES(t, 2, (uint32_t)FAULT_VA + 4 * l);
    ST_SET_LANES(t, 3, 0);
    ST_SET_LANES(t, 4, (uint32_t)ST_DATA2 + 4 * l);
    ST_SET_LANES(t, 5, 0);
    flat(t, AEMU_SH_FMT_GLOBAL, SH_OP_GLOBAL_LOAD_DWORD, 2, 2, 0,
         SH_SADDR_OFF_GFX9, 0, false);
    flat(t, AEMU_SH_FMT_GLOBAL, SH_OP_GLOBAL_STORE_DWORD, 0, 4, 2,
         SH_SADDR_OFF_GFX9, 0, false);
    endpgm(t);
}

/*
 * The load stalls: PC at it, v2 still the address, one retry IV however
 * often it replays; the driver maps the page (no flush: the replay walks
 * the tables again) and the load returns the page's data.
 */
static void test_load_replay(void)
{
    Xn x;

    xn_init(&x);
    load_kernel(&x);
    g_assert_cmpuint(st_run(&x.t), ==, AEMU_WAVE_XNACK);
    g_assert_cmphex(x.t.w.pc, ==, ST_CODE);
    for (unsigned l = 0; l < AEMU_WAVE_LANES; l++) {
        g_assert_cmphex(x.t.w.vgpr[2][l], ==, (uint32_t)FAULT_VA + 4 * l);
    }
    g_assert_cmpuint(n_ivs, ==, 1);
    g_assert_true(iv_retry(0));
    g_assert_cmpuint(ivs[0].vmid, ==, VMID);
    g_assert_cmphex((uint64_t)ivs[0].src_data[0] << 12, ==, FAULT_VA);
    for (unsigned i = 0; i < 10; i++) {
        g_assert_cmpuint(turn(&x), ==, AEMU_WAVE_XNACK);
    }
    g_assert_cmpuint(n_ivs, ==, 1);
    g_assert_cmphex(vram32(&x, ST_DATA2), ==, 0);

    fill(&x, FIXED, AEMU_WAVE_LANES, 0xc0de0000);
    set_pte(&x, FAULT_VA, FIXED | PTE_RW);
    g_assert_cmpuint(turn(&x), ==, AEMU_WAVE_ENDED);
    for (unsigned l = 0; l < AEMU_WAVE_LANES; l++) {
        g_assert_cmphex(vram32(&x, ST_DATA2 + 4 * l), ==, 0xc0de0000 + l);
    }
    g_assert_cmpuint(n_ivs, ==, 1);
    g_assert_cmpuint(x.t.h->guest_errors->len, ==, 0);
    st_fini(&x.t);
}

/*
 * Without SVM amdgpu_vm_handle_fault writes the no-retry marker: the
 * replay faults without retry (its IV has no retry bit), reads the
 * context's default page, and the wave goes on.
 */
static void test_noretry_marker(void)
{
    Xn x;

    xn_init(&x);
    fill(&x, DEFAULT_PAGE, AEMU_WAVE_LANES, 0xd0000000);
    load_kernel(&x);
    g_assert_cmpuint(st_run(&x.t), ==, AEMU_WAVE_XNACK);
    set_pte(&x, FAULT_VA, PTE_NORETRY);
    g_assert_cmpuint(turn(&x), ==, AEMU_WAVE_ENDED);
    for (unsigned l = 0; l < AEMU_WAVE_LANES; l++) {
        g_assert_cmphex(vram32(&x, ST_DATA2 + 4 * l), ==, 0xd0000000 + l);
    }
    g_assert_cmpuint(n_ivs, ==, 2);
    g_assert_true(iv_retry(0));
    g_assert_false(iv_retry(1));
    g_assert_cmphex((uint64_t)ivs[1].src_data[0] << 12, ==, FAULT_VA);
    g_assert_cmpuint(x.t.h->guest_errors->len, ==, 1);
    st_fini(&x.t);
}

/*
 * An atomic with half its lanes on the unmapped page applies no lane
 * before the replay, and every lane exactly once after it.
 */
static void test_atomic_all_or_nothing(void)
{
    ShTest *t;
    Xn x;

    xn_init(&x);
    t = &x.t;
    fill(&x, ST_DATA, 32, 100);
    ST_SET_LANES(t, 2, l < 32 ? (uint32_t)ST_DATA + 4 * l
                               : (uint32_t)FAULT_VA + 4 * (l - 32));
    ST_SET_LANES(t, 3, 0);
    ST_SET_LANES(t, 1, 1);
    ST_SET_LANES(t, 5, 0x77);
    flat(t, AEMU_SH_FMT_GLOBAL, SH_OP_GLOBAL_ATOMIC_ADD, 5, 2, 1,
         SH_SADDR_OFF_GFX9, 0, true);
    endpgm(t);
    g_assert_cmpuint(st_run(t), ==, AEMU_WAVE_XNACK);
    for (unsigned l = 0; l < 32; l++) {
        g_assert_cmphex(vram32(&x, ST_DATA + 4 * l), ==, 100 + l);
    }
    for (unsigned l = 0; l < AEMU_WAVE_LANES; l++) {
        g_assert_cmphex(t->w.vgpr[5][l], ==, 0x77);
    }
    g_assert_cmpuint(turn(&x), ==, AEMU_WAVE_XNACK);

    fill(&x, FIXED, 32, 200);
    set_pte(&x, FAULT_VA, FIXED | PTE_RW);
    g_assert_cmpuint(turn(&x), ==, AEMU_WAVE_ENDED);
    for (unsigned l = 0; l < 32; l++) {
        g_assert_cmphex(vram32(&x, ST_DATA + 4 * l), ==, 101 + l);
        g_assert_cmphex(vram32(&x, FIXED + 4 * l), ==, 201 + l);
        g_assert_cmphex(t->w.vgpr[5][l], ==, 100 + l);
        g_assert_cmphex(t->w.vgpr[5][32 + l], ==, 200 + l);
    }
    g_assert_cmpuint(n_ivs, ==, 1);
    st_fini(t);
}

/* s_load_dwordx2 s[4:5], s[4:5]: the base survives until the replay. */
static void test_smem_replay(void)
{
    ShTest *t;
    Xn x;

    xn_init(&x);
    t = &x.t;
    t->w.sgpr[4] = (uint32_t)FAULT_VA;
    t->w.sgpr[5] = 0;
    smem(t, SH_OP_S_LOAD_DWORDX2, 4, 4, 8);
    sopp(t, SH_OP_S_WAITCNT, 0);
    endpgm(t);
    g_assert_cmpuint(st_run(t), ==, AEMU_WAVE_XNACK);
    g_assert_cmphex(t->w.sgpr[4], ==, (uint32_t)FAULT_VA);
    g_assert_cmphex(t->w.pc, ==, ST_CODE);
    fill(&x, FIXED, 4, 0x5100);
    set_pte(&x, FAULT_VA, FIXED | PTE_RW);
    g_assert_cmpuint(turn(&x), ==, AEMU_WAVE_ENDED);
    g_assert_cmphex(t->w.sgpr[4], ==, 0x5102);
    g_assert_cmphex(t->w.sgpr[5], ==, 0x5103);
    st_fini(t);
}

/* The instruction fetch replays too: code on a page mapped late. */
static void test_fetch_replay(void)
{
    ShTest *t;
    Xn x;

    xn_init(&x);
    t = &x.t;
    set_pte(&x, CODE_VA, PTE_CLEARED);
    vop1(t, SH_OP_V_MOV_B32, 7, INT(9));
    endpgm(t);
    t->w.pc = CODE_VA;
    g_assert_cmpuint(st_run(t), ==, AEMU_WAVE_XNACK);
    g_assert_cmphex(t->w.pc, ==, CODE_VA);
    g_assert_cmpuint(n_ivs, ==, 1);
    g_assert_true(iv_retry(0));
    /* The driver maps it; the TLB flush it would do changes nothing. */
    set_pte(&x, CODE_VA, ST_CODE | PTE_RW);
    g_assert_cmpuint(turn(&x), ==, AEMU_WAVE_ENDED);
    g_assert_cmphex(t->w.vgpr[7][0], ==, 9);
    st_fini(t);
}

/*
 * SH_MEM_CONFIG.RETRY_DISABLE (amdgpu.noretry=1's SQ setting) in a
 * context that retries: the shaders do not replay, the fault is reported
 * as no-retry (and as not modelled), the load reads the default page.
 */
static void test_retry_disabled(void)
{
    Xn x;

    xn_init(&x);
    x.t.ctx.client.retry = false;
    fill(&x, DEFAULT_PAGE, AEMU_WAVE_LANES, 0xd0000000);
    load_kernel(&x);
    g_assert_cmpuint(st_run(&x.t), ==, AEMU_WAVE_ENDED);
    g_assert_cmphex(vram32(&x, ST_DATA2 + 4), ==, 0xd0000001);
    g_assert_cmpuint(n_ivs, >=, 1);
    for (unsigned i = 0; i < MIN(n_ivs, MAX_IVS); i++) {
        g_assert_false(iv_retry(i));
    }
    g_assert_cmpuint(x.t.h->unimps->len, >=, 1);
    st_fini(&x.t);
}

/* ---- a dispatch ---- */

/*
 * dst[tid] = src[tid] for 128 threads (two waves), src and dst in the
 * user SGPRs s[0:1] and s[2:3], the work-item id in v0.
 */
static void copy_kernel(ShTest *t)
{
    vop2(t, SH_OP_V_LSHLREV_B32, 1, INT(2), V(0));
    flat(t, AEMU_SH_FMT_GLOBAL, SH_OP_GLOBAL_LOAD_DWORD, 2, 1, 0, 0, 0,
         false);
    flat(t, AEMU_SH_FMT_GLOBAL, SH_OP_GLOBAL_STORE_DWORD, 0, 1, 2, 2, 0,
         false);
    endpgm(t);
}

#define COPY_THREADS    128u
#define SLICES          50u
#define SLICE_NS        20000u

static AemuShDispatch *copy_dispatch(Xn *x, const char *queue, uint64_t src,
                                     uint64_t dst)
{
    AemuShComputeState cs = { 0 };
    AemuShDispatchArgs a = {
        .queue = queue, .compute = &cs, .dim = { 1, 1, 1 },
        .initiator = AEMU_SH_INIT_COMPUTE_SHADER_EN.mask |
                     AEMU_SH_INIT_FORCE_START_AT_000.mask,
        .vmid = VMID, .client = tcp,
        .sh_mem_bases_dw = mmSH_MEM_BASES,
        .sh_mem_config_dw = mmSH_MEM_CONFIG,
        .sh_mem_retry_disable = SH_MEM_CONFIG__RETRY_DISABLE_MASK,
    };

#define R(off) cs.reg[(off) - AEMU_SH_COMPUTE_FIRST]
    R(AEMU_SH_COMPUTE_PGM_LO) = (uint32_t)(ST_CODE >> AEMU_SH_PGM_LO_SHIFT);
    /* 8 VGPRs, 16 SGPRs, 4 user SGPRs. */
    R(AEMU_SH_COMPUTE_PGM_RSRC1) = 1u << AEMU_SH_RSRC1_VGPRS.shift |
                                   1u << AEMU_SH_RSRC1_SGPRS.shift;
    R(AEMU_SH_COMPUTE_PGM_RSRC2) = 4u << AEMU_SH_RSRC2_USER_SGPR.shift;
    R(AEMU_SH_COMPUTE_NUM_THREAD_X) = COPY_THREADS;
    R(AEMU_SH_COMPUTE_NUM_THREAD_X + 1) = 1;
    R(AEMU_SH_COMPUTE_NUM_THREAD_X + 2) = 1;
    R(AEMU_SH_COMPUTE_USER_DATA_0) = (uint32_t)src;
    R(AEMU_SH_COMPUTE_USER_DATA_0 + 1) = (uint32_t)(src >> 32);
    R(AEMU_SH_COMPUTE_USER_DATA_0 + 2) = (uint32_t)dst;
    R(AEMU_SH_COMPUTE_USER_DATA_0 + 3) = (uint32_t)(dst >> 32);
#undef R
    return aemu_sh_dispatch_start(x->t.d, &a);
}

/*
 * Wave 0 copies from the last mapped page, wave 1 from the first
 * unmapped one: wave 0 finishes, wave 1 waits and costs a replay a slice
 * (no host spin), the dispatch is not done, another queue's dispatch
 * behind it runs to its end; the driver maps the page and it completes.
 */
static void test_dispatch_stall(void)
{
    const uint64_t src = FAULT_VA - 4 * AEMU_WAVE_LANES;
    const uint64_t dst = ST_DATA2, dst2 = ST_DATA2 + 0x10000;
    AemuShDispatch *a, *b;
    AemuEngine *spi;
    uint64_t packets;
    Xn x;

    xn_init(&x);
    g_assert_nonnull(x.t.d->shader);
    copy_kernel(&x.t);
    st_load(&x.t);
    fill(&x, src, AEMU_WAVE_LANES, 0xa000);
    fill(&x, ST_DATA, COPY_THREADS, 0xb000);
    a = copy_dispatch(&x, "queue-a", src, dst);
    g_assert_nonnull(a);
    aemu_test_host_advance(x.t.h, SLICES * SLICE_NS);
    g_assert_false(aemu_sh_dispatch_done(a));
    for (unsigned i = 0; i < AEMU_WAVE_LANES; i++) {
        g_assert_cmphex(vram32(&x, dst + 4 * i), ==, 0xa000 + i);
        g_assert_cmphex(vram32(&x, dst + 4 * (AEMU_WAVE_LANES + i)), ==, 0);
    }
    g_assert_cmpuint(n_ivs, ==, 1);
    g_assert_true(iv_retry(0));

    /* Bounded: about a replay per slice, the engine polling. */
    spi = aemu_engine_find(x.t.d, "spi");
    g_assert_nonnull(spi);
    packets = spi->packets;
    aemu_test_host_advance(x.t.h, SLICES * SLICE_NS);
    g_test_message("replays in %u slices: %" PRIu64, SLICES,
                   spi->packets - packets);
    g_assert_cmpuint(spi->packets - packets, >, 0);
    g_assert_cmpuint(spi->packets - packets, <=, 2 * SLICES);
    g_assert_true(spi->runnable);

    /* Another queue's dispatch does not wait behind it. */
    b = copy_dispatch(&x, "queue-b", ST_DATA, dst2);
    aemu_test_host_advance(x.t.h, SLICES * SLICE_NS);
    g_assert_true(aemu_sh_dispatch_done(b));
    g_assert_false(aemu_sh_dispatch_done(a));
    for (unsigned i = 0; i < COPY_THREADS; i++) {
        g_assert_cmphex(vram32(&x, dst2 + 4 * i), ==, 0xb000 + i);
    }

    fill(&x, FIXED, AEMU_WAVE_LANES, 0xf000);
    set_pte(&x, FAULT_VA, FIXED | PTE_RW);
    aemu_test_host_advance(x.t.h, SLICES * SLICE_NS);
    g_assert_true(aemu_sh_dispatch_done(a));
    for (unsigned i = 0; i < AEMU_WAVE_LANES; i++) {
        g_assert_cmphex(vram32(&x, dst + 4 * (AEMU_WAVE_LANES + i)), ==,
                        0xf000 + i);
    }
    g_assert_cmpuint(n_ivs, ==, 1);
    aemu_sh_dispatch_unref(a, false);
    aemu_sh_dispatch_unref(b, false);
    st_fini(&x.t);
}

/* SH_MEM_CONFIG.RETRY_DISABLE in the VMID's bank: no replay, no stall. */
static void test_dispatch_retry_disabled(void)
{
    AemuShDispatch *a;
    Xn x;

    xn_init(&x);
    aemu_reg_set_bank(x.t.d, mmSH_MEM_CONFIG, VMID,
                      SH_MEM_CONFIG__RETRY_DISABLE_MASK);
    copy_kernel(&x.t);
    st_load(&x.t);
    a = copy_dispatch(&x, "queue-a", FAULT_VA, ST_DATA2);
    aemu_test_host_advance(x.t.h, SLICES * SLICE_NS);
    g_assert_true(aemu_sh_dispatch_done(a));
    for (unsigned i = 0; i < MIN(n_ivs, MAX_IVS); i++) {
        g_assert_false(iv_retry(i));
    }
    aemu_sh_dispatch_unref(a, false);
    st_fini(&x.t);
}

int main(int argc, char **argv)
{
    AemuTestHost *h = aemu_test_host_new_asic(&aemu_asic_vega10, 0,
                                              ST_RAM_SIZE);

    gmc_translate = h->dev->translate;
    aemu_test_host_free(h);
    g_test_init(&argc, &argv, NULL);
    g_test_add_func("/shader-xnack/load-replay", test_load_replay);
    g_test_add_func("/shader-xnack/noretry-marker", test_noretry_marker);
    g_test_add_func("/shader-xnack/atomic-all-or-nothing",
                    test_atomic_all_or_nothing);
    g_test_add_func("/shader-xnack/smem-replay", test_smem_replay);
    g_test_add_func("/shader-xnack/fetch-replay", test_fetch_replay);
    g_test_add_func("/shader-xnack/retry-disabled", test_retry_disabled);
    g_test_add_func("/shader-xnack/dispatch-stall", test_dispatch_stall);
    g_test_add_func("/shader-xnack/dispatch-retry-disabled",
                    test_dispatch_retry_disabled);
    return g_test_run();
}
