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
/* Alignment of the VGPR file: a cache line, for the lane loops. */
#define SH_VGPR_ALIGN               64u

/* ---- SQ_WAVE_MODE (shader-execution.md 4.9; AMDGPUUsage) ---- */

#define SH_MODE_ROUND_F32_MASK      0x3u
#define SH_MODE_ROUND_F64_MASK      0xcu
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
} AemuShBad;

/* Vector instruction extensions gfx9 selects through SRC0 (249, 250). */
#define SH_EXT_SDWA                 1u
#define SH_EXT_DPP                  2u

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
    uint8_t ext;            /* SH_EXT_*: not modelled, the op halts */
    uint8_t nsrc;           /* sources the encoding gave */
    uint8_t abs, neg;       /* per source, bit i */
    bool clamp;
    uint8_t omod;
    uint8_t opsel;
    AemuShSrc src[3];
    uint16_t dst;           /* VGPR index or scalar register code */
    uint16_t sdst;          /* scalar destination: VOPC, VOP3b, SMEM */
    int32_t simm;           /* SOPK/SOPP SIMM16, sign-extended */
    /* Memory instructions. */
    uint32_t offset;        /* immediate offset (bytes), offset0 for DS */
    int32_t soffset_imm;    /* GLOBAL/SCRATCH: the signed offset */
    uint8_t offset1;        /* DS */
    uint16_t vaddr, vdata, data1;
    uint16_t srsrc;         /* scalar code of a V# (4 SGPRs) */
    uint16_t sbase;         /* scalar code of an address pair or V# */
    AemuShSrc soffset;      /* MUBUF SOFFSET, SMEM SGPR offset */
    uint16_t saddr;         /* GLOBAL: scalar address pair, or none */
    bool offen, idxen, addr64, glc, slc, lds, tfe, gds, imm, soffset_en;
    uint8_t seg;            /* FLAT: 0 flat, 1 scratch, 2 global */
    uint8_t dfmt, nfmt;     /* MTBUF */
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

/* Scalar registers by code (0..127), specials included. */
uint32_t aemu_sh_sread(const AemuWave *w, unsigned code);
void aemu_sh_swrite(AemuWave *w, unsigned code, uint32_t v);

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

/* EXEC as one all-ones or zero word per lane (cached in the wave). */
static inline const uint32_t *sh_exec_lanes(AemuWave *w)
{
    if (w->lanes_exec != w->exec || !w->lanes_valid) {
        for (unsigned l = 0; l < AEMU_WAVE_LANES; l++) {
            w->lanes[l] = (w->exec >> l) & 1 ? UINT32_MAX : 0;
        }
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

    if (s->kind == SH_KIND_VGPR) {
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

/* Write r to VGPR reg in the lanes EXEC enables. */
static inline void sh_vwrite32(AemuWave *w, unsigned reg, const uint32_t *r)
{
    uint32_t *row = w->vgpr[reg];

    if (w->exec == SH_ALL_LANES) {
        memcpy(row, r, SH_LANE_BYTES);
    } else {
        const uint32_t *m = sh_exec_lanes(w);

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

/* One bit per lane from 0/1 words, limited to the lanes EXEC enables. */
static inline uint64_t sh_lane_bits(const AemuWave *w, const uint32_t *c)
{
    uint64_t bits = 0;

    for (unsigned l = 0; l < AEMU_WAVE_LANES; l++) {
        bits |= (uint64_t)(c[l] & 1) << l;
    }
    return bits & w->exec;
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
 * Load `size` bytes per lane into data (lane l at l * size): the bytes in
 * range from memory (zeros where the access faults), zeros past them.
 * Store writes the bytes in range. Lanes whose addresses follow each other
 * move as one access.
 */
void aemu_sh_vmem_load(AemuDevice *d, const AemuWave *w,
                       const AemuShLaneMem *m, unsigned size, uint8_t *data);
void aemu_sh_vmem_store(AemuDevice *d, const AemuWave *w,
                        const AemuShLaneMem *m, unsigned size,
                        const uint8_t *data);
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
 * source (and compare) operands per lane, ret the old values back.
 */
void aemu_sh_vmem_atomic(AemuDevice *d, const AemuWave *w,
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

/* The handler of op: the first file that has one, else one that halts. */
AemuShExecFn *aemu_sh_handler(AemuShOp op);

#endif
