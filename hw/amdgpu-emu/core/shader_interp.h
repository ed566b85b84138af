/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * amdgpu-emu core: the shader interpreter's insides, shared by its files
 * and by nothing else: the decoded instruction, the operand numbering of
 * the ISA (shader-execution.md 3.2), register and lane access, and the
 * per-file lookups of the semantic handlers.
 *
 * A handler implements one semantic op (shader_isa.h AemuShOp) for both
 * generations: the decoder has already turned every encoding of it (VOP2,
 * VOP3, VOP3b, gfx7's or gfx9's numbers) into the same operand shape, so
 * the handler never asks which format or generation it came from, except
 * where the ISA really differs (the SGPR numbering, FLAT apertures).
 */
#ifndef AMDGPU_EMU_SHADER_INTERP_H
#define AMDGPU_EMU_SHADER_INTERP_H

#include <string.h>
#include "shader.h"
#include "shader_isa.h"

/* ---- operand numbering (9-bit source fields, 7/8-bit scalar fields) ---- */

/* Scalar register codes 0..127 (gfx_7_2_enum.h SQ_*; gem5's Vega list). */
#define SH_SGPR_COUNT_GFX7          104u    /* s0..s103 */
#define SH_SGPR_COUNT_GFX9          102u    /* s0..s101 */
#define SH_FLAT_SCRATCH_LO_GFX7     104u    /* SQ_FLAT_SCRATCH_LO */
#define SH_FLAT_SCRATCH_LO_GFX9     102u
#define SH_XNACK_MASK_LO_GFX9       104u
#define SH_VCC_LO                   106u    /* SQ_VCC_LO */
#define SH_VCC_HI                   107u
#define SH_TBA_LO                   108u
#define SH_TMA_HI                   111u
#define SH_TTMP0                    112u
#define SH_M0                       124u    /* SQ_M0 */
#define SH_EXEC_LO                  126u    /* SQ_EXEC_LO */
#define SH_EXEC_HI                  127u
#define SH_SREG_CODES               128u
/* Constants and specials (SQ_SRC_*). */
#define SH_SRC_INT_ZERO             128u    /* 128..192: 0..64 */
#define SH_SRC_INT_POS_MAX          192u
#define SH_SRC_INT_NEG_MAX          208u    /* 193..208: -1..-16 */
#define SH_SRC_SHARED_BASE_GFX9     235u    /* ..238: aperture registers */
#define SH_SRC_SHARED_LIMIT_GFX9    236u
#define SH_SRC_PRIVATE_BASE_GFX9    237u
#define SH_SRC_PRIVATE_LIMIT_GFX9   238u
#define SH_SRC_FLOAT_FIRST          240u    /* 0.5 -0.5 1 -1 2 -2 4 -4 */
#define SH_SRC_FLOAT_LAST           247u
#define SH_SRC_INV_2PI_GFX9         248u
#define SH_SRC_SDWA_GFX9            249u
#define SH_SRC_DPP_GFX9             250u
#define SH_SRC_VCCZ                 251u
#define SH_SRC_EXECZ                252u
#define SH_SRC_SCC                  253u
#define SH_SRC_LDS_DIRECT           254u
#define SH_SRC_LITERAL              255u
#define SH_SRC_VGPR0                256u    /* SQ_SRC_VGPR_BIT */
/* GLOBAL/SCRATCH SADDR: no scalar address (gfx9). */
#define SH_SADDR_OFF_GFX9           0x7fu

/* The apertures a FLAT address can hit are 4 GiB each (kfd_flat_memory.c). */
#define SH_APERTURE_SHIFT           48
#define SH_APERTURE_BYTES           (1ull << 32)

/*
 * VGPR rows beyond the 256 a shader can name, so that a register tuple
 * starting near v255 (a 64-bit pair, a dwordx4 load plus TFE) stays in
 * host memory; the interpreter never shows them to the shader.
 */
#define SH_VGPR_SLACK               8u
/*
 * Rows past the slack where gfx9's DPP and SDWA stage operands and
 * results (shader_vext.c): the decoder points the op's sources (and
 * SDWA's destination) at them, so the op's own handler runs unchanged.
 */
#define SH_VGPR_STAGE_SRC0          (AEMU_WAVE_MAX_VGPRS + SH_VGPR_SLACK)
#define SH_VGPR_STAGE_SRC1          (SH_VGPR_STAGE_SRC0 + 1)
#define SH_VGPR_STAGE_DST           (SH_VGPR_STAGE_SRC0 + 2)
#define SH_VGPR_STAGE_ROWS          3u
/* Every row the wave allocates. */
#define SH_VGPR_ROWS                (SH_VGPR_STAGE_SRC0 + SH_VGPR_STAGE_ROWS)
/* Alignment of the VGPR file: a cache line, for the lane loops. */
#define SH_VGPR_ALIGN               64u

/* ---- SQ_WAVE_MODE (shader-execution.md 4.9; AMDGPUUsage) ---- */

#define SH_MODE_ROUND_F32_MASK      0x3u
#define SH_MODE_ROUND_F64_MASK      0xcu
#define SH_MODE_ROUND_F64_SHIFT     2
/* FP_ROUND's values per type (LLVM SIDefines.h FP_ROUND_ROUND_TO_*). */
#define SH_ROUND_NEAREST_EVEN       0u
#define SH_ROUND_PLUS_INF           1u
#define SH_ROUND_MINUS_INF          2u
#define SH_ROUND_ZERO               3u
#define SH_MODE_DENORM_F32_SHIFT    4
#define SH_MODE_DENORM_F64_SHIFT    6
/* Per type, bit 0 of the 2-bit field keeps input denormals, bit 1 outputs. */
#define SH_DENORM_KEEP_IN           0x1u
#define SH_DENORM_KEEP_OUT          0x2u
#define SH_MODE_DX10_CLAMP          (1u << 8)
#define SH_MODE_IEEE                (1u << 9)

/* ---- the decoded instruction ---- */

typedef enum AemuShSrcKind {
    SH_KIND_NONE = 0,       /* reads as 0 */
    SH_KIND_SGPR,           /* reg: scalar register code 0..127 */
    SH_KIND_VGPR,           /* reg: VGPR index */
    SH_KIND_CONST,          /* imm: inline constant or literal */
    SH_KIND_VCCZ,
    SH_KIND_EXECZ,
    SH_KIND_SCC,
    SH_KIND_LDS_DIRECT,     /* not modelled: the op halts */
} AemuShSrcKind;

typedef struct AemuShSrc {
    uint8_t kind;           /* AemuShSrcKind */
    uint16_t reg;
    uint64_t imm;           /* the constant as the op reads it (64-bit form) */
} AemuShSrc;

typedef struct AemuShInst AemuShInst;
typedef void AemuShExecFn(AemuDevice *d, AemuWave *w, const AemuShInst *in);

/* Why an instruction does not decode (AemuShInst.bad). */
typedef enum AemuShBad {
    SH_BAD_NONE = 0,
    SH_BAD_ENCODING,        /* no format has this prefix */
    SH_BAD_OPCODE,          /* the format has no such opcode */
    SH_BAD_OPERAND,         /* a reserved operand code, a literal in VOP3 */
    SH_BAD_SEGMENT,         /* FLAT SEG 3 */
    /* Not a decoding fault: the fetch got a retry fault, to be replayed. */
    SH_BAD_FETCH_RETRY,
} AemuShBad;

/* Vector instruction extensions gfx9 selects through SRC0 (249, 250). */
#define SH_EXT_SDWA                 1u
#define SH_EXT_DPP                  2u

/* SDWA operand selects (gfx_8_0_enum.h SQ_SDWA_*) and DST_UNUSED. */
#define SH_SDWA_BYTE_0              0u
#define SH_SDWA_WORD_0              4u
#define SH_SDWA_WORD_1              5u
#define SH_SDWA_DWORD               6u
#define SH_SDWA_UNUSED_PAD          0u
#define SH_SDWA_UNUSED_SEXT         1u
#define SH_SDWA_UNUSED_PRESERVE     2u
/* What the SDWA wrapper stages (AemuShInst.sdwa_stage). */
#define SH_SDWA_STAGE_SRC0          1u
#define SH_SDWA_STAGE_SRC1          2u
#define SH_SDWA_STAGE_DST           4u

/* The DPP word's controls, resolved by the decoder (shader_vext.c). */
typedef struct AemuShDpp {
    uint64_t lanes;         /* ROW_MASK and BANK_MASK as a lane mask */
    uint16_t ctrl;          /* DPP_CTRL */
    bool bound_ctrl;        /* an invalid source lane reads 0 */
} AemuShDpp;

/* The SDWA word's controls. */
typedef struct AemuShSdwa {
    uint8_t sel[2];         /* SRC0_SEL, SRC1_SEL: SH_SDWA_* */
    bool sext[2];
    uint8_t dst_sel, dst_unused;
    uint8_t stage;          /* SH_SDWA_STAGE_*: what the wrapper does */
} AemuShSdwa;

struct AemuShInst {
    AemuShExecFn *exec;     /* the op's handler (or one that halts) */
    uint64_t pc;
    uint32_t dw[3];         /* as fetched: the base instruction, a literal */
    uint16_t op;            /* AemuShOp */
    uint16_t opcode;        /* the number in its format, for reports */
    uint8_t fmt;            /* AemuShFmt */
    uint8_t size;           /* dwords, literal included */
    uint8_t cls;            /* AemuShClass */
    bool decoded;           /* a decode cache slot in use */
    uint8_t bad;            /* SH_BAD_*: why the decoder refused it */
    bool vop3;              /* encoded as VOP3 (modifiers, SGPR dst) */
    uint8_t ext;            /* SH_EXT_*: DPP or SDWA (gfx9 VOP1/2/C) */
    uint8_t nsrc;           /* sources the encoding gave */
    uint8_t abs, neg;       /* per source, bit i (VOP3P: neg is NEG_LO) */
    bool clamp;
    uint8_t omod;
    uint8_t opsel;          /* VOP3: OP_SEL; VOP3P: OP_SEL (low halves) */
    uint8_t opsel_hi;       /* VOP3P: OP_SEL_HI, per source bit i */
    uint8_t neg_hi;         /* VOP3P: NEG_HI, per source bit i */
    AemuShSrc src[3];
    uint16_t dst;           /* VGPR index or scalar register code */
    uint16_t sdst;          /* scalar destination: VOPC, VOP3b, SMEM */
    int32_t simm;           /* SOPK/SOPP SIMM16, sign-extended */
    union {
        /* Memory instructions. */
        struct {
            uint32_t offset;        /* immediate offset (bytes), DS offset0 */
            int32_t soffset_imm;    /* GLOBAL/SCRATCH: the signed offset */
            uint8_t offset1;        /* DS */
            uint16_t vaddr, vdata, data1;
            uint16_t srsrc;         /* scalar code of a V# (4 SGPRs) */
            uint16_t sbase;         /* scalar code of an address pair, V# */
            AemuShSrc soffset;      /* MUBUF SOFFSET, SMEM SGPR offset */
            uint16_t saddr;         /* GLOBAL: scalar address pair, or none */
            bool offen, idxen, addr64, glc, slc, lds, tfe, gds, imm,
                 soffset_en;
            uint8_t seg;            /* FLAT: 0 flat, 1 scratch, 2 global */
            uint8_t dfmt, nfmt;     /* MTBUF */
        };
        /*
         * DPP and SDWA (ext): the op's own handler, which the modifier's
         * wrapper (exec) calls after staging the operands; the operands
         * as the encoding named them (src[] and dst point at the staging
         * rows where the wrapper puts what the op reads and writes).
         */
        struct {
            AemuShExecFn *ext_exec;
            AemuShSrc ext_src[2];
            uint16_t ext_dst;
            union {
                AemuShDpp dpp;
                AemuShSdwa sdwa;
            };
        };
    };
};

/* The op's flags and names (generated tables). */
static inline const AemuShOpInfo *sh_info(const AemuShInst *in)
{
    return &aemu_sh_op_info[in->op];
}

/* ---- decoder and cache (shader_decode.c) ---- */

/*
 * Decode the instruction at pc of ctx's address space into *out. False if
 * its first dwords could not be fetched (a fault); any other problem, an
 * illegal encoding included, gives an instruction whose handler halts.
 */
bool aemu_sh_decode(AemuDevice *d, const AemuShContext *ctx, uint64_t pc,
                    AemuShInst *out);
/*
 * The decode cache (per dispatch): 4 KiB pages of code, a slot per dword.
 * A page stays valid until the next aemu_sh_cache_page call that needs a
 * page the cache does not have (which may empty it to make room).
 */
#define SH_CACHE_PAGE_SHIFT         12
#define SH_CACHE_PAGE_BYTES         (1u << SH_CACHE_PAGE_SHIFT)
#define SH_CACHE_PAGE_MASK          (SH_CACHE_PAGE_BYTES - 1)
#define SH_CACHE_PAGE_SLOTS         (SH_CACHE_PAGE_BYTES / 4)

typedef struct AemuShCachePage {
    uint64_t base;
    AemuShInst slot[SH_CACHE_PAGE_SLOTS];
} AemuShCachePage;

AemuShCachePage *aemu_sh_cache_page(const AemuShContext *ctx, uint64_t pc);
/* Decode the instruction at pc into its slot; false: a fetch fault. */
bool aemu_sh_cache_fill(AemuDevice *d, const AemuShContext *ctx,
                        AemuShInst *slot, uint64_t pc);

static inline AemuShInst *aemu_sh_cache_slot(AemuShCachePage *p, uint64_t pc)
{
    return &p->slot[(pc & SH_CACHE_PAGE_MASK) / 4];
}

/* The decoded instruction at pc, decoding it on first use; NULL: fault. */
const AemuShInst *aemu_sh_cache_lookup(AemuDevice *d, const AemuShContext *ctx,
                                       uint64_t pc);
/* Name of a format ("VOP3"). */
const char *aemu_sh_fmt_name(unsigned fmt);

/* ---- the wave (shader_wave.c) ---- */

/* Stop w for good; reason is printf-style into w->halt_text. */
void aemu_sh_halt(AemuDevice *d, AemuWave *w, const AemuShInst *in,
                  const char *fmt, ...) G_GNUC_PRINTF(4, 5);
/* The common halt: "unimplemented <name> at pc 0x..". */
void aemu_sh_unimplemented(AemuDevice *d, AemuWave *w, const AemuShInst *in);
/* Also a handler: halts as aemu_sh_unimplemented. */
AemuShExecFn aemu_sh_exec_unimplemented;

static inline AemuShGen sh_gen(const AemuWave *w)
{
    return w->ctx->gen;
}

/*
 * Scalar registers by code (0..127), specials included: the SGPRs both
 * generations have inline, the rest (gfx7's s102/s103, FLAT_SCRATCH,
 * VCC, M0, EXEC, TTMPs) out of line.
 */
uint32_t aemu_sh_sread_special(const AemuWave *w, unsigned code);
void aemu_sh_swrite_special(AemuWave *w, unsigned code, uint32_t v);

static inline uint32_t aemu_sh_sread(const AemuWave *w, unsigned code)
{
    if (G_LIKELY(code < SH_SGPR_COUNT_GFX9)) {
        return w->sgpr[code];
    }
    return aemu_sh_sread_special(w, code);
}

static inline void aemu_sh_swrite(AemuWave *w, unsigned code, uint32_t v)
{
    if (G_LIKELY(code < SH_SGPR_COUNT_GFX9)) {
        w->sgpr[code] = v;
        return;
    }
    aemu_sh_swrite_special(w, code, v);
}

static inline uint64_t sh_sread64(const AemuWave *w, unsigned code)
{
    return aemu_sh_sread(w, code) |
           (uint64_t)aemu_sh_sread(w, code + 1) << 32;
}

static inline void sh_swrite64(AemuWave *w, unsigned code, uint64_t v)
{
    aemu_sh_swrite(w, code, (uint32_t)v);
    aemu_sh_swrite(w, code + 1, (uint32_t)(v >> 32));
}

/* A uniform (non-VGPR) source: 32 bits, or the 64-bit form. */
static inline uint32_t sh_ssrc32(const AemuWave *w, const AemuShSrc *s)
{
    switch (s->kind) {
    case SH_KIND_SGPR:
        return aemu_sh_sread(w, s->reg);
    case SH_KIND_CONST:
        return (uint32_t)s->imm;
    case SH_KIND_VCCZ:
        return w->vcc == 0;
    case SH_KIND_EXECZ:
        return w->exec == 0;
    case SH_KIND_SCC:
        return w->scc;
    default:
        return 0;
    }
}

static inline uint64_t sh_ssrc64(const AemuWave *w, const AemuShSrc *s)
{
    switch (s->kind) {
    case SH_KIND_SGPR:
        return sh_sread64(w, s->reg);
    case SH_KIND_CONST:
        return s->imm;
    default:
        return sh_ssrc32(w, s);
    }
}

/* ---- lanes ---- */

typedef uint32_t AemuShRow[AEMU_WAVE_LANES];

#define SH_ALL_LANES                (~0ull)
#define SH_LANE_BYTES               (AEMU_WAVE_LANES * sizeof(uint32_t))
#define SH_HALF_WAVE                32u

/*
 * The lane loops: lane l of a result depends on lane l of its sources
 * only, and a source row is either the destination row itself or
 * disjoint from it (register rows, buffers on the stack), so iterations
 * carry no dependence and the compiler may vectorise without the alias
 * checks GCC's -O2 cost model refuses: GCC's ivdep says exactly that.
 * (Clang vectorises with its own run-time checks, and would warn about
 * the loops it cannot vectorise if told to.)
 */
#if defined(__GNUC__) && !defined(__clang__)
#define SH_IVDEP _Pragma("GCC ivdep")
/* ... and unrolled: a 64-lane loop is only 16 SSE iterations. */
#define SH_IVDEP_UNROLL SH_IVDEP _Pragma("GCC unroll 4")
#else
#define SH_IVDEP
#define SH_IVDEP_UNROLL
#endif

/* A lane function the handler's loops must have inline. */
#if defined(__GNUC__)
#define SH_ALWAYS_INLINE __attribute__((always_inline))
#else
#define SH_ALWAYS_INLINE
#endif

/*
 * Lane loops twice as wide: on x86-64 with GCC, the handlers whose lanes
 * vectorise are compiled a second time for AVX2 (SH_CLONE_AVX2), and the
 * decoder's handler lookup takes that copy when the host has AVX2
 * (aemu_sh_host_avx2). Only the instruction set differs, not the
 * arithmetic: integer ops are integer ops; IEEE operations round the same
 * in SSE and AVX; no clone may contract a multiply and an add (AVX2 has
 * no FMA; the FMA clones, SH_CLONE_AVX2_FMA, are only of the ops that are
 * fmaf, which the FMA instruction computes exactly). Other compilers and
 * hosts build the baseline handlers only.
 */
#if defined(__GNUC__) && !defined(__clang__) && defined(__x86_64__)
#define SH_CLONES 1
#define SH_CLONE_AVX2 __attribute__((target("avx2")))
#define SH_CLONE_AVX2_FMA __attribute__((target("avx2,fma")))
#endif

/* The host runs AVX2 (and FMA) code (shader_wave.c; false without clones). */
bool aemu_sh_host_avx2(void);
bool aemu_sh_host_fma(void);

/*
 * A handler with an AVX2 clone: SH_VOP_CLONED(fn) { body } defines fn,
 * fn_avx2 (or fn_avx2 with FMA: SH_VOP_CLONED_FMA) and the body they
 * share; SH_PICK(fn) (SH_PICK_FMA) is the one for this host.
 */
#define SH_VOP_ARGS AemuDevice *d, AemuWave *w, const AemuShInst *in
#ifdef SH_CLONES
#define SH_VOP_CLONE(fn, target) \
    static void target fn##_avx2(SH_VOP_ARGS) { fn##_run(d, w, in); }
#define SH_PICK(fn) (aemu_sh_host_avx2() ? fn##_avx2 : fn)
#define SH_PICK_FMA(fn) (aemu_sh_host_fma() ? fn##_avx2 : fn)
#else
#define SH_VOP_CLONE(fn, target)
#define SH_PICK(fn) (fn)
#define SH_PICK_FMA(fn) (fn)
#endif
#define SH_VOP_CLONED_TARGET(fn, target) \
    static inline SH_ALWAYS_INLINE void fn##_run(SH_VOP_ARGS); \
    static void fn(SH_VOP_ARGS) { fn##_run(d, w, in); } \
    SH_VOP_CLONE(fn, target) \
    static inline SH_ALWAYS_INLINE void fn##_run(SH_VOP_ARGS)
#define SH_VOP_CLONED(fn) SH_VOP_CLONED_TARGET(fn, SH_CLONE_AVX2)
#define SH_VOP_CLONED_FMA(fn) SH_VOP_CLONED_TARGET(fn, SH_CLONE_AVX2_FMA)
/* The same shape without a clone (handler lookup: plain fn). */
#define SH_VOP_UNCLONED(fn) \
    static inline SH_ALWAYS_INLINE void fn##_run(SH_VOP_ARGS); \
    static void fn(SH_VOP_ARGS) { fn##_run(d, w, in); } \
    static inline SH_ALWAYS_INLINE void fn##_run(SH_VOP_ARGS)

/* Bit l % 32 of each lane's word, to pack and unpack lane masks. */
extern const uint32_t aemu_sh_lane_bit[AEMU_WAVE_LANES];

/* A lane mask as one all-ones or zero word per lane. */
static inline void sh_bits_to_lanes(uint64_t bits, uint32_t *m)
{
    uint32_t lo = (uint32_t)bits, hi = (uint32_t)(bits >> 32);

    for (unsigned l = 0; l < SH_HALF_WAVE; l++) {
        m[l] = lo & aemu_sh_lane_bit[l] ? UINT32_MAX : 0;
    }
    for (unsigned l = SH_HALF_WAVE; l < AEMU_WAVE_LANES; l++) {
        m[l] = hi & aemu_sh_lane_bit[l] ? UINT32_MAX : 0;
    }
}

/* EXEC as one all-ones or zero word per lane (cached in the wave). */
static inline const uint32_t *sh_exec_lanes(AemuWave *w)
{
    if (w->lanes_exec != w->exec || !w->lanes_valid) {
        sh_bits_to_lanes(w->exec, w->lanes);
        w->lanes_exec = w->exec;
        w->lanes_valid = true;
    }
    return w->lanes;
}

/* A row of zeros: the lanes of an operand the instruction does not have. */
extern const uint32_t aemu_sh_zero_row[AEMU_WAVE_LANES];

/* Source i's 32 bits per lane: the VGPR row itself, or buf filled. */
static inline const uint32_t *sh_vsrc32(const AemuWave *w,
                                        const AemuShInst *in, unsigned i,
                                        uint32_t *buf)
{
    const AemuShSrc *s = &in->src[i];
    uint32_t v;

    if (G_LIKELY(s->kind == SH_KIND_VGPR)) {
        return w->vgpr[s->reg];
    }
    if (s->kind == SH_KIND_NONE) {
        return aemu_sh_zero_row;
    }
    v = sh_ssrc32(w, s);
    for (unsigned l = 0; l < AEMU_WAVE_LANES; l++) {
        buf[l] = v;
    }
    return buf;
}

/* Source i's 64 bits per lane (a VGPR pair, an SGPR pair, a constant). */
static inline void sh_vsrc64(const AemuWave *w, const AemuShInst *in,
                             unsigned i, uint64_t *out)
{
    const AemuShSrc *s = &in->src[i];

    if (s->kind == SH_KIND_VGPR) {
        const uint32_t *lo = w->vgpr[s->reg], *hi = w->vgpr[s->reg + 1];

        for (unsigned l = 0; l < AEMU_WAVE_LANES; l++) {
            out[l] = lo[l] | (uint64_t)hi[l] << 32;
        }
    } else {
        uint64_t v = sh_ssrc64(w, s);

        for (unsigned l = 0; l < AEMU_WAVE_LANES; l++) {
            out[l] = v;
        }
    }
}

/*
 * Row dst gets expr (a function of lane l) in the lanes EXEC enables; the
 * others keep their value. One pass, no temporary row: expr may read the
 * destination row's own lane l (SH_IVDEP above).
 */
#define SH_LANES_WRITE(w, dst, expr) \
    do { \
        uint32_t *sh_dst_ = (dst); \
        if (G_LIKELY((w)->exec == SH_ALL_LANES)) { \
            SH_IVDEP_UNROLL \
            for (unsigned l = 0; l < AEMU_WAVE_LANES; l++) { \
                sh_dst_[l] = (expr); \
            } \
        } else { \
            const uint32_t *sh_m_ = sh_exec_lanes(w); \
            SH_IVDEP \
            for (unsigned l = 0; l < AEMU_WAVE_LANES; l++) { \
                uint32_t sh_v_ = (expr); \
                sh_dst_[l] = (sh_dst_[l] & ~sh_m_[l]) | (sh_v_ & sh_m_[l]); \
            } \
        } \
    } while (0)

/* Write r to VGPR reg in the lanes EXEC enables. */
static inline void sh_vwrite32(AemuWave *w, unsigned reg, const uint32_t *r)
{
    uint32_t *row = w->vgpr[reg];

    if (w->exec == SH_ALL_LANES) {
        if (row != r) {
            memcpy(row, r, SH_LANE_BYTES);
        }
    } else {
        const uint32_t *m = sh_exec_lanes(w);

        SH_IVDEP
        for (unsigned l = 0; l < AEMU_WAVE_LANES; l++) {
            row[l] = (row[l] & ~m[l]) | (r[l] & m[l]);
        }
    }
}

static inline void sh_vwrite64(AemuWave *w, unsigned reg, const uint64_t *r)
{
    uint32_t lo[AEMU_WAVE_LANES], hi[AEMU_WAVE_LANES];

    for (unsigned l = 0; l < AEMU_WAVE_LANES; l++) {
        lo[l] = (uint32_t)r[l];
        hi[l] = (uint32_t)(r[l] >> 32);
    }
    sh_vwrite32(w, reg, lo);
    sh_vwrite32(w, reg + 1, hi);
}

/* One bit per lane from bit 0 of the lanes' words (no EXEC applied). */
static inline uint64_t sh_lane_bits_raw(const uint32_t *c)
{
    uint32_t lo = 0, hi = 0;

    for (unsigned l = 0; l < SH_HALF_WAVE; l++) {
        lo |= (0u - (c[l] & 1)) & aemu_sh_lane_bit[l];
    }
    for (unsigned l = SH_HALF_WAVE; l < AEMU_WAVE_LANES; l++) {
        hi |= (0u - (c[l] & 1)) & aemu_sh_lane_bit[l];
    }
    return lo | (uint64_t)hi << 32;
}

/* One bit per lane from 0/1 words, limited to the lanes EXEC enables. */
static inline uint64_t sh_lane_bits(const AemuWave *w, const uint32_t *c)
{
    return sh_lane_bits_raw(c) & w->exec;
}

/* ---- vector memory (shader_vmem.c) ---- */

/*
 * One vector memory access: per lane, the GPU address and how many of the
 * access's bytes are in range (0: none; a disabled lane has 0 too).
 */
typedef struct AemuShLaneMem {
    uint64_t addr[AEMU_WAVE_LANES];
    uint8_t len[AEMU_WAVE_LANES];
} AemuShLaneMem;

/* Most bytes one lane moves (a dwordx4, or a 64-bit compare-swap pair). */
#define SH_VMEM_MAX_BYTES           16u

/*
 * The dispatch's translation cache: what its waves have translated, for
 * reads and for writes apart (a page can be readable and not writable).
 * As the ring engines' AemuXlateCache (aemu-internal.h): an entry is good
 * while d->xlate_gen has not moved, holds only translations that reported
 * nothing (never an uncacheable one), has a host pointer when the memory
 * is VRAM, and is never used in exact mode (recording, replay), where
 * every access takes aemu_gpu_read/write. It lives in the decode cache
 * (aemu_sh_tlb), so it goes with the dispatch.
 */
#define SH_TLB_WAYS                 8u

typedef struct AemuShTlbEntry {
    uint64_t gen;           /* d->xlate_gen when filled; 0: empty */
    uint64_t gpu;           /* GPU address the entry starts at */
    uint64_t len;           /* bytes from gpu that translate contiguously */
    uint64_t host_len;      /* bytes from gpu host reaches; 0: no host */
    uint8_t *host;          /* host address of gpu (VRAM) */
    AemuXlate x;            /* where gpu lands */
    unsigned vmid;
} AemuShTlbEntry;

typedef struct AemuShTlbSet {
    AemuShTlbEntry e[SH_TLB_WAYS];
    unsigned last;          /* the entry of the last hit or fill */
    unsigned next;          /* the entry the next fill replaces */
} AemuShTlbSet;

typedef struct AemuShTlb {
    AemuShTlbSet set[2];    /* [0] reads, [1] writes */
} AemuShTlb;

/* The translation cache of ctx's dispatch (shader_decode.c). */
AemuShTlb *aemu_sh_tlb(const AemuShContext *ctx);

/*
 * As aemu_gpu_read/write in the wave's VMID and memory client, with the
 * same faults (reported by the same translations), bus errors, bytes
 * counted for the timing model and data, through the dispatch's
 * translation cache. A retry fault (AEMU_MEM_RETRY) also puts the wave in
 * XNACK (sh_stall): the instruction must then change no register, and is
 * replayed whole. The functions below that access memory do the same.
 */
AemuMemStatus aemu_sh_mem_read(AemuDevice *d, AemuWave *w,
                               uint64_t addr, void *buf, size_t len);
AemuMemStatus aemu_sh_mem_write(AemuDevice *d, AemuWave *w,
                                uint64_t addr, const void *buf, size_t len);

/* The wave waits on a retry fault: it leaves the loop at this instruction. */
static inline void sh_stall(AemuWave *w)
{
    w->state = AEMU_WAVE_XNACK;
    w->yield = true;
}

/*
 * Did an access of the current instruction get a retry fault? Then the
 * handler writes no register (the replay must find its operands as they
 * were) and does nothing it could not repeat.
 */
static inline bool sh_stalled(const AemuWave *w)
{
    return G_UNLIKELY(w->state == AEMU_WAVE_XNACK);
}

/*
 * Load `size` bytes per lane (lane l at l * size): the bytes in range
 * from memory (zeros where the access faults), zeros past them. Returns
 * where they are: data, filled, or, when every lane moves all its bytes
 * back to back and the cache maps them, a pointer into memory (read it
 * before anything writes memory). Lanes whose addresses follow each other
 * move as one access. _run: all 64 lanes in range, lane l at addr + l *
 * size (the caller has checked).
 */
const uint8_t *aemu_sh_vmem_load(AemuDevice *d, AemuWave *w,
                                 const AemuShLaneMem *m, unsigned size,
                                 uint8_t *data);
const uint8_t *aemu_sh_vmem_load_run(AemuDevice *d, AemuWave *w,
                                     uint64_t addr, unsigned size,
                                     uint8_t *data);
/*
 * Store: write the bytes in range. _ptr first: when every lane moves all
 * its bytes back to back and the cache maps them for writing, a pointer
 * into memory where the caller puts the lanes' bytes (lane l at l * size)
 * and is done (they are counted); else NULL, and the caller gathers them
 * into a buffer for aemu_sh_vmem_store.
 */
uint8_t *aemu_sh_vmem_store_ptr(AemuDevice *d, const AemuWave *w,
                                const AemuShLaneMem *m, unsigned size);
void aemu_sh_vmem_store(AemuDevice *d, AemuWave *w,
                        const AemuShLaneMem *m, unsigned size,
                        const uint8_t *data);
uint8_t *aemu_sh_vmem_store_run_ptr(AemuDevice *d, const AemuWave *w,
                                    uint64_t addr, unsigned size);
void aemu_sh_vmem_store_run(AemuDevice *d, AemuWave *w, uint64_t addr,
                            unsigned size, const uint8_t *data);
/*
 * Is lane l's 32-bit value first + l * step for every lane, without
 * wrapping? (The common coalesced address pattern.)
 */
bool aemu_sh_lanes_linear(const uint32_t *v, uint32_t step);
/* Lane-major bytes <-> VGPR rows: n dwords per lane from VGPR reg on. */
void aemu_sh_data_to_vgprs(AemuWave *w, const uint8_t *data, unsigned size,
                           unsigned reg, unsigned n);
void aemu_sh_vgprs_to_data(const AemuWave *w, unsigned reg, unsigned n,
                           unsigned size, uint8_t *data);

/* n little-endian bytes (memory, LDS) to a value and back. */
static inline uint64_t sh_le_load(const uint8_t *p, unsigned n)
{
    uint64_t v = 0;

    for (unsigned i = 0; i < n; i++) {
        v |= (uint64_t)p[i] << (i * 8);
    }
    return v;
}

static inline void sh_le_store(uint8_t *p, uint64_t v, unsigned n)
{
    for (unsigned i = 0; i < n; i++) {
        p[i] = (uint8_t)(v >> (i * 8));
    }
}

/* Atomic read-modify-write operations (buffer, flat, global, LDS). */
typedef enum AemuShAtomic {
    SH_ATOMIC_NONE = 0,
    SH_ATOMIC_SWAP, SH_ATOMIC_CMPSWAP, SH_ATOMIC_ADD, SH_ATOMIC_SUB,
    SH_ATOMIC_RSUB, SH_ATOMIC_SMIN, SH_ATOMIC_UMIN, SH_ATOMIC_SMAX,
    SH_ATOMIC_UMAX, SH_ATOMIC_AND, SH_ATOMIC_OR, SH_ATOMIC_XOR,
    SH_ATOMIC_INC, SH_ATOMIC_DEC,
    /* On f32 or f64 data (by the width). */
    SH_ATOMIC_FCMPSWAP, SH_ATOMIC_FMIN, SH_ATOMIC_FMAX, SH_ATOMIC_FADD,
} AemuShAtomic;

/* The operation a name's verb ("add", "cmpswap", ...) means. */
AemuShAtomic aemu_sh_atomic_kind(const char *verb);
/* The new memory value of an atomic on `bits`-bit data. */
uint64_t aemu_sh_atomic_apply(AemuShAtomic k, uint64_t old, uint64_t src,
                              uint64_t cmp, unsigned bits);

/*
 * What a load/store/atomic name means (buffer_, flat_, global_ ops):
 * parsed once from the op names of the generated table.
 */
typedef enum AemuShVmemKind {
    SH_VMEM_NONE = 0,
    SH_VMEM_LOAD, SH_VMEM_STORE, SH_VMEM_LOAD_FORMAT, SH_VMEM_STORE_FORMAT,
    SH_VMEM_ATOMIC, SH_VMEM_NOP,
} AemuShVmemKind;

typedef struct AemuShVmemDesc {
    uint8_t kind;           /* AemuShVmemKind */
    uint8_t bytes;          /* per element: 1, 2, 4 (8 for _x2 atomics) */
    uint8_t count;          /* dwords (loads/stores), components (format) */
    bool sign;              /* sbyte/sshort */
    bool d16, hi;           /* 16-bit loads/stores into or from a half */
    uint8_t atomic;         /* AemuShAtomic */
} AemuShVmemDesc;

/* The description of op (kind SH_VMEM_NONE: not a vector memory op). */
const AemuShVmemDesc *aemu_sh_vmem_desc(AemuShOp op);

/*
 * A load's per-lane bytes into VGPRs (EXEC-masked): 32-bit elements as
 * dwords, narrow ones extended, d16 ones into a half of the VGPR.
 */
void aemu_sh_vmem_writeback(AemuWave *w, const AemuShVmemDesc *m,
                            const uint8_t *data, unsigned reg);
/* A store's per-lane bytes from VGPRs. */
void aemu_sh_vmem_gather(const AemuWave *w, const AemuShVmemDesc *m,
                         unsigned reg, uint8_t *data);

/* The bytes one lane of a load/store moves. */
static inline unsigned sh_vmem_bytes(const AemuShVmemDesc *m)
{
    return (unsigned)m->bytes * m->count;
}

/*
 * An atomic on each lane with len[l] != 0, in lane order: data holds the
 * source (and compare) operands per lane, ret the old values back. A
 * wave that can take retry faults translates every lane first, so a
 * retry fault anywhere leaves every lane's memory as it was (the replay
 * must not apply an atomic twice).
 */
void aemu_sh_vmem_atomic(AemuDevice *d, AemuWave *w,
                         const AemuShLaneMem *m, const AemuShVmemDesc *a,
                         const uint8_t *data, uint8_t *ret);

/* LDS access of a lane (shader_lds.c): in range of the group's LDS? */
bool aemu_sh_lds_in_range(const AemuWave *w, uint32_t addr, unsigned bytes);

/* ---- handler lookups, one per semantic file ---- */

AemuShExecFn *aemu_sh_salu_handler(AemuShOp op);    /* shader_salu.c */
AemuShExecFn *aemu_sh_flow_handler(AemuShOp op);    /* shader_flow.c */
AemuShExecFn *aemu_sh_valu_handler(AemuShOp op);    /* shader_valu.c */
AemuShExecFn *aemu_sh_vfloat_handler(AemuShOp op);  /* shader_vfloat.c */
AemuShExecFn *aemu_sh_vcmp_handler(AemuShOp op);    /* shader_vcmp.c */
AemuShExecFn *aemu_sh_smem_handler(AemuShOp op);    /* shader_smem.c */
AemuShExecFn *aemu_sh_mubuf_handler(AemuShOp op);   /* shader_mem.c */
AemuShExecFn *aemu_sh_flat_handler(AemuShOp op);    /* shader_flat.c */
AemuShExecFn *aemu_sh_lds_handler(AemuShOp op);     /* shader_lds.c */
AemuShExecFn *aemu_sh_vop3p_handler(AemuShOp op);   /* shader_vop3p.c */
AemuShExecFn *aemu_sh_v16_handler(AemuShOp op);     /* shader_v16.c */
AemuShExecFn *aemu_sh_gpridx_handler(AemuShOp op);  /* shader_gpridx.c */

/*
 * gfx9 VOP3 OP_SEL: does op read source halves and place its result by it
 * (shader_v16.c)? The decoder refuses OP_SEL on the others.
 */
bool aemu_sh_vop3_opsel_ok(AemuShOp op);

/*
 * gfx9's DPP and SDWA (shader_vext.c): the wrappers that stage an op's
 * operands for its handler, and the decoder's check of the controls
 * (false, with *why set, for a value the model does not execute).
 */
AemuShExecFn aemu_sh_exec_dpp;
AemuShExecFn aemu_sh_exec_sdwa;
bool aemu_sh_dpp_supported(const AemuShInst *in, const char **why);
bool aemu_sh_sdwa_supported(const AemuShInst *in, const char **why);

/* The handler of op: the first file that has one, else one that halts. */
AemuShExecFn *aemu_sh_handler(AemuShOp op);

#endif
