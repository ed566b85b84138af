/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * amdgpu-emu core: one wave of the shader interpreter: its register file,
 * the scalar register numbering of each generation, the fetch-execute loop
 * over the decode cache, halts, and the cycles its instructions cost.
 *
 * A wave64 runs its instructions in order, each to completion, memory
 * included (so s_waitcnt has nothing to wait for). The loop takes the
 * decoded instruction at PC from the dispatch's cache, advances PC past it
 * and calls the op's handler, which may move PC again (branches) or stop
 * the wave (s_endpgm, s_barrier, a halt). The budget bounds the work of a
 * call, so an endless loop costs the host nothing more than its budget.
 * A retry fault (XNACK) of an access or of the fetch leaves the wave at
 * the instruction, waiting (AEMU_WAVE_XNACK), and its next turn replays
 * it: the handlers check for one only on their memory path, and the loop
 * learns of it through the yield it already checks.
 *
 * Cycles (the timing model) are charged per instruction by class, from
 * the chip's table (AemuTiming.shader_class_cycles, in the asic_*.c files,
 * built on shader_costs_gcn.h). Latencies are not charged: the dispatch
 * spreads the cycles over the SIMDs.
 */
#include <stdarg.h>
#include <stddef.h>
#include "shader_interp.h"

const uint32_t aemu_sh_zero_row[AEMU_WAVE_LANES];

#define SH_LANE_BIT(l)      (1u << ((l) % 32u))
#define SH_LANE_BITS8(l) \
    SH_LANE_BIT(l), SH_LANE_BIT(l + 1), SH_LANE_BIT(l + 2), \
    SH_LANE_BIT(l + 3), SH_LANE_BIT(l + 4), SH_LANE_BIT(l + 5), \
    SH_LANE_BIT(l + 6), SH_LANE_BIT(l + 7)
const uint32_t aemu_sh_lane_bit[AEMU_WAVE_LANES] = {
    SH_LANE_BITS8(0), SH_LANE_BITS8(8), SH_LANE_BITS8(16), SH_LANE_BITS8(24),
    SH_LANE_BITS8(32), SH_LANE_BITS8(40), SH_LANE_BITS8(48),
    SH_LANE_BITS8(56),
};

#ifdef SH_CLONES
/* -1: not asked yet. */
static int host_avx2 = -1, host_fma = -1;

bool aemu_sh_host_avx2(void)
{
    if (host_avx2 < 0) {
        host_avx2 = __builtin_cpu_supports("avx2") ? 1 : 0;
    }
    return host_avx2;
}

bool aemu_sh_host_fma(void)
{
    if (host_fma < 0) {
        host_fma = aemu_sh_host_avx2() && __builtin_cpu_supports("fma") ? 1
                                                                         : 0;
    }
    return host_fma;
}
#else
bool aemu_sh_host_avx2(void)
{
    return false;
}

bool aemu_sh_host_fma(void)
{
    return false;
}
#endif

/* Bytes from one instruction to the next: the size counts dwords. */
#define SH_DWORD_BYTES                  4u
#define SH_PC_ALIGN_MASK                3u

void aemu_wave_init(AemuWave *w, const AemuShContext *ctx)
{
    void *vgpr = NULL;
    size_t bytes = sizeof(*w->vgpr) * SH_VGPR_ROWS;

    memset(w, 0, sizeof(*w));
    w->ctx = ctx;
    if (posix_memalign(&vgpr, SH_VGPR_ALIGN, bytes)) {
        g_error("amdgpu-emu: no memory for a wave's VGPRs");
    }
    memset(vgpr, 0, bytes);
    w->vgpr = vgpr;
    w->num_vgprs = AEMU_WAVE_MAX_VGPRS;
    w->num_sgprs = AEMU_WAVE_MAX_SGPRS;
}

/*
 * Zeroing by plain stores. GCC makes a memset of a few hundred bytes or
 * more, and a loop that zeroes (loop distribution), a string store (rep
 * stos): tens of cycles to start, and the next writes to those lines wait
 * for it. A wave's start-up zeroes its state and its VGPR rows and writes
 * them at once, once per wave (perf: most of a copy dispatch's wave
 * start-up), so it stores words itself, in a loop GCC is told to keep.
 */
#if defined(__GNUC__)
/* 16 bytes (one SSE2 store), at any 8-byte boundary. */
typedef uint64_t ShZeroVec
    __attribute__((vector_size(16), may_alias, aligned(8)));
typedef uint64_t ShZeroWord __attribute__((may_alias));
#if !defined(__clang__)
#define SH_KEEP_LOOPS __attribute__((optimize("no-tree-loop-distribute-patterns")))
/* 128 bytes an iteration: the loop's own work is a quarter of a store's. */
#define SH_ZERO_UNROLL _Pragma("GCC unroll 8")
#else
#define SH_KEEP_LOOPS
#define SH_ZERO_UNROLL
#endif

/* n bytes from p, both multiples of 8. */
static inline SH_KEEP_LOOPS void sh_zero_run(void *p, size_t n)
{
    ShZeroVec *v = p;
    size_t i;

    SH_ZERO_UNROLL
    for (i = 0; i < n / sizeof(*v); i++) {
        v[i] = (ShZeroVec) { 0 };
    }
    if (n % sizeof(*v)) {
        *(ShZeroWord *)(v + i) = 0;
    }
}

static SH_KEEP_LOOPS void sh_zero_base(void *p, size_t n)
{
    sh_zero_run(p, n);
}

#ifdef SH_CLONES
/* The same stores as AVX2 makes them: 32 bytes each, half as many. */
typedef uint64_t ShZeroVec32
    __attribute__((vector_size(32), may_alias, aligned(8)));

static SH_KEEP_LOOPS SH_CLONE_AVX2 void sh_zero_avx2(void *p, size_t n)
{
    ShZeroVec32 *v = p;
    size_t i;

    SH_ZERO_UNROLL
    for (i = 0; i < n / sizeof(*v); i++) {
        v[i] = (ShZeroVec32) { 0 };
    }
    sh_zero_run(v + i, n % sizeof(*v));
}
#endif

static void sh_zero(void *p, size_t n)
{
#ifdef SH_CLONES
    if (aemu_sh_host_avx2()) {
        sh_zero_avx2(p, n);
        return;
    }
#endif
    sh_zero_base(p, n);
}
#else
static void sh_zero(void *p, size_t n)
{
    memset(p, 0, n);
}
#endif

void aemu_wave_reinit(AemuWave *w, const AemuShContext *ctx,
                      unsigned zero_rows)
{
    uint32_t (*vgpr)[AEMU_WAVE_LANES] = w->vgpr;
    unsigned rows;

    /*
     * The state a wave starts with; the EXEC-lanes cache and the halt
     * text after it stay (shader.h), which spares a wave a third of its
     * start-up stores.
     */
    G_STATIC_ASSERT(offsetof(AemuWave, lanes_exec) % sizeof(uint64_t) == 0);
    sh_zero(w, offsetof(AemuWave, lanes_exec));
    w->ctx = ctx;
    /*
     * And the rows a register tuple at the allocation's end reaches.
     */
    rows = MIN(zero_rows + SH_VGPR_SLACK, AEMU_WAVE_MAX_VGPRS + SH_VGPR_SLACK);
    sh_zero(vgpr, sizeof(*vgpr) * rows);
    w->vgpr = vgpr;
    w->num_vgprs = AEMU_WAVE_MAX_VGPRS;
    w->num_sgprs = AEMU_WAVE_MAX_SGPRS;
}

void aemu_wave_fini(AemuWave *w)
{
    free(w->vgpr);
    w->vgpr = NULL;
}

/* ---- scalar registers by operand code ---- */

uint32_t aemu_sh_sread_special(const AemuWave *w, unsigned code)
{
    bool gfx9 = sh_gen(w) == AEMU_SH_GFX9;
    unsigned nsgpr = gfx9 ? SH_SGPR_COUNT_GFX9 : SH_SGPR_COUNT_GFX7;
    unsigned fs = gfx9 ? SH_FLAT_SCRATCH_LO_GFX9 : SH_FLAT_SCRATCH_LO_GFX7;

    if (G_LIKELY(code < nsgpr)) {
        return w->sgpr[code];
    }
    if (code == fs || code == fs + 1) {
        return (uint32_t)(w->flat_scratch >> (code == fs ? 0 : 32));
    }
    switch (code) {
    case SH_VCC_LO:
        return (uint32_t)w->vcc;
    case SH_VCC_HI:
        return (uint32_t)(w->vcc >> 32);
    case SH_M0:
        return w->m0;
    case SH_EXEC_LO:
        return (uint32_t)w->exec;
    case SH_EXEC_HI:
        return (uint32_t)(w->exec >> 32);
    default:
        break;
    }
    if (code >= SH_TTMP0 && code < SH_TTMP0 + G_N_ELEMENTS(w->ttmp)) {
        return w->ttmp[code - SH_TTMP0];
    }
    /* XNACK_MASK, TBA/TMA (no trap handler), reserved codes: zero. */
    return 0;
}

void aemu_sh_swrite_special(AemuWave *w, unsigned code, uint32_t v)
{
    bool gfx9 = sh_gen(w) == AEMU_SH_GFX9;
    unsigned nsgpr = gfx9 ? SH_SGPR_COUNT_GFX9 : SH_SGPR_COUNT_GFX7;
    unsigned fs = gfx9 ? SH_FLAT_SCRATCH_LO_GFX9 : SH_FLAT_SCRATCH_LO_GFX7;

    if (G_LIKELY(code < nsgpr)) {
        w->sgpr[code] = v;
        return;
    }
    if (code == fs) {
        w->flat_scratch = (w->flat_scratch & ~(uint64_t)UINT32_MAX) | v;
        return;
    }
    if (code == fs + 1) {
        w->flat_scratch = (w->flat_scratch & UINT32_MAX) | (uint64_t)v << 32;
        return;
    }
    switch (code) {
    case SH_VCC_LO:
        w->vcc = (w->vcc & ~(uint64_t)UINT32_MAX) | v;
        return;
    case SH_VCC_HI:
        w->vcc = (w->vcc & UINT32_MAX) | (uint64_t)v << 32;
        return;
    case SH_M0:
        w->m0 = v;
        return;
    case SH_EXEC_LO:
        w->exec = (w->exec & ~(uint64_t)UINT32_MAX) | v;
        return;
    case SH_EXEC_HI:
        w->exec = (w->exec & UINT32_MAX) | (uint64_t)v << 32;
        return;
    default:
        break;
    }
    if (code >= SH_TTMP0 && code < SH_TTMP0 + G_N_ELEMENTS(w->ttmp)) {
        w->ttmp[code - SH_TTMP0] = v;
    }
    /* Writes to the rest go nowhere. */
}

/* ---- halts ---- */

void aemu_sh_halt(AemuDevice *d, AemuWave *w, const AemuShInst *in,
                  const char *fmt, ...)
{
    va_list ap;

    va_start(ap, fmt);
    g_vsnprintf(w->halt_text, sizeof(w->halt_text), fmt, ap);
    va_end(ap);
    w->halt_reason = w->halt_text;
    w->state = AEMU_WAVE_HALTED;
    if (in) {
        /* The PC of a halted wave is the instruction's, as on a trap. */
        w->pc = in->pc;
    }
    AEMU_TRACE(d, sh_wave_halt, w->halt_text, w->pc, in ? in->dw[0] : 0);
}

void aemu_sh_unimplemented(AemuDevice *d, AemuWave *w, const AemuShInst *in)
{
    aemu_sh_halt(d, w, in, "unimplemented %s at pc 0x%" PRIx64,
                 sh_info(in)->name, in->pc);
}

void aemu_sh_exec_unimplemented(AemuDevice *d, AemuWave *w,
                                const AemuShInst *in)
{
    aemu_sh_unimplemented(d, w, in);
}

AemuShExecFn *aemu_sh_handler(AemuShOp op)
{
    AemuShExecFn *(*const files[])(AemuShOp) = {
        aemu_sh_salu_handler, aemu_sh_flow_handler, aemu_sh_valu_handler,
        aemu_sh_vfloat_handler, aemu_sh_vcmp_handler, aemu_sh_smem_handler,
        aemu_sh_mubuf_handler, aemu_sh_flat_handler, aemu_sh_lds_handler,
        aemu_sh_vop3p_handler, aemu_sh_v16_handler, aemu_sh_gpridx_handler,
    };

    for (unsigned i = 0; i < G_N_ELEMENTS(files); i++) {
        AemuShExecFn *fn = files[i](op);

        if (fn) {
            return fn;
        }
    }
    return aemu_sh_exec_unimplemented;
}

/* ---- the loop ---- */

/*
 * The budget and the cycles live in locals while the wave runs (no
 * handler reads them, nor the instruction count) and go back on the way
 * out. The next instruction's slot follows the current one's when the
 * handler left PC where the loop put it and it is on the same page;
 * anything else (a branch, a page crossing) looks PC up again, with the
 * alignment check.
 */
AemuWaveState aemu_wave_run(AemuDevice *d, AemuWave *w, unsigned *budget)
{
    AemuShCachePage *page = NULL;
    AemuShInst *in = NULL;
    const uint8_t *class_cycles = d->asic->timing->shader_class_cycles;
    unsigned left = *budget;
    uint64_t cycles = 0, pc = 0;

    w->yield = false;
    if (w->state == AEMU_WAVE_XNACK) {
        /* The replay of the instruction at PC (a retry fault). */
        w->state = AEMU_WAVE_READY;
    }
    while (left && G_LIKELY(w->state == AEMU_WAVE_READY)) {
        uint64_t next;

        if (!in) {
            pc = w->pc;
            if (G_UNLIKELY(pc & SH_PC_ALIGN_MASK)) {
                aemu_sh_halt(d, w, NULL, "unaligned pc 0x%" PRIx64, pc);
                break;
            }
            if (!page || (pc & ~(uint64_t)SH_CACHE_PAGE_MASK) != page->base) {
                page = aemu_sh_cache_page(w->ctx, pc);
            }
            in = aemu_sh_cache_slot(page, pc);
        }
        if (G_UNLIKELY(!in->decoded) &&
            !aemu_sh_cache_fill(d, w->ctx, in, pc)) {
            if (in->bad == SH_BAD_FETCH_RETRY) {
                /* The fetch is replayed too, on the wave's next turn. */
                w->pc = pc;
                w->state = AEMU_WAVE_XNACK;
                break;
            }
            aemu_sh_halt(d, w, NULL, "instruction fetch fault at pc 0x%"
                         PRIx64, pc);
            break;
        }
        left--;
        cycles += class_cycles[in->cls];
        next = pc + (uint64_t)in->size * SH_DWORD_BYTES;
        w->pc = next;
        in->exec(d, w, in);
        if (G_UNLIKELY(w->yield)) {
            if (w->state == AEMU_WAVE_XNACK) {
                /* A retry fault: the instruction runs again, whole. */
                w->pc = pc;
            }
            break;
        }
        if (G_LIKELY(w->pc == next &&
                     !((next ^ pc) & ~(uint64_t)SH_CACHE_PAGE_MASK))) {
            /* Slots are per dword: the next instruction's is size on. */
            in += in->size;
            pc = next;
        } else {
            in = NULL;
        }
    }
    w->insts += *budget - left;
    w->cycles += cycles;
    *budget = left;
    return w->state;
}
