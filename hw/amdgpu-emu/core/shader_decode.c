/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * amdgpu-emu core: the shader decoder, one for gfx7 and gfx9, and the
 * per-dispatch decode cache.
 *
 * Everything generation-specific comes from the generated tables
 * (shader_isa_tables.c): which format a dword is (the encoding prefixes,
 * longest first), where each field sits (the generation's layout, checked
 * against the Linux sh_mask headers) and which semantic op an opcode is.
 * The decoder resolves operands once: inline constants and literals to
 * their value in the op's operand type, register tuples to numbers, and
 * the implicit operands of the short forms (VCC of VOPC and of the carry
 * ops, the accumulator of v_mac, the K of v_madmk) to the explicit ones of
 * VOP3, so that one handler serves every encoding of an op.
 *
 * An encoding the tables do not know decodes to an instruction whose
 * handler halts the wave naming the format and opcode; it is never
 * skipped. Instruction fetch goes through the GPU VM of the dispatch's
 * VMID; a fault there is the caller's to report (the wave halts).
 *
 * The cache maps a PC to its decoded instruction, a 4 KiB page of slots at
 * a time. It lives for one dispatch (shader.h), so code the guest rewrites
 * between dispatches is always decoded afresh; within a dispatch it is
 * trusted, and bounded so that a shader jumping everywhere cannot grow it
 * without limit (it is emptied and refilled). The dispatch's memory
 * translation cache (AemuShTlb, shader_vmem.c) lives in it too.
 */
#include "shader_interp.h"
#include "shader_fp.h"

/* Dwords an instruction has at most: a 64-bit base and a literal. */
#define SH_INST_MAX_DWORDS      3u
#define SH_DWORD_BYTES          4u
/* Pages the cache keeps before it starts again. */
#define SH_CACHE_MAX_PAGES      64u

/* The float inline constants 240..247 (shader-execution.md 3.2). */
static const float sh_float_consts[] = {
    0.5f, -0.5f, 1.0f, -1.0f, 2.0f, -2.0f, 4.0f, -4.0f,
};
/* 248 on gfx9: 1/(2*pi), as binary16, binary32 and binary64 bits. */
#define SH_INV_2PI_F16          0x3118u
#define SH_INV_2PI_F32          0x3e22f983u
#define SH_INV_2PI_F64          0x3fc45f306dc9c882ull

/* The names of VOP3P's packed 16-bit ops. */
#define SH_PACKED_PREFIX        "v_pk_"

/* What a decode needs besides the instruction. */
typedef struct ShDecoder {
    AemuDevice *d;
    const AemuShContext *ctx;
    const AemuShLayout *L;
    AemuShInst *in;
    AemuShOpnd opnd;
    bool literal;           /* a source asked for the literal dword */
    bool fault;
} ShDecoder;

const char *aemu_sh_fmt_name(unsigned fmt)
{
    return fmt < AEMU_SH_FMT_COUNT ? aemu_sh_fmt_names[fmt] : "unknown";
}

static uint32_t field(const ShDecoder *x, AemuShField f)
{
    return aemu_sh_field(x->in->dw, f);
}

/*
 * Fetch dword i of the instruction (it becomes part of it). A retry fault
 * says so in the instruction (SH_BAD_FETCH_RETRY): the wave replays it.
 */
static bool fetch(ShDecoder *x, unsigned i)
{
    AemuMemStatus st;
    uint32_t v;

    st = aemu_gpu_read(x->d, x->ctx->vmid, x->in->pc + i * SH_DWORD_BYTES,
                       &v, sizeof(v), &x->ctx->client);
    if (st != AEMU_MEM_OK) {
        x->fault = true;
        if (st == AEMU_MEM_RETRY) {
            x->in->bad = SH_BAD_FETCH_RETRY;
        }
        return false;
    }
    x->in->dw[i] = GUINT32_FROM_LE(v);
    return true;
}

static void bad(ShDecoder *x, AemuShBad why)
{
    if (!x->in->bad) {
        x->in->bad = why;
    }
}

/* An integer inline constant in the op's operand type. */
static uint64_t int_const(const ShDecoder *x, int64_t v)
{
    switch (x->opnd) {
    case AEMU_SH_OPND_F64:
    case AEMU_SH_OPND_B64:
    case AEMU_SH_OPND_I64:
        return (uint64_t)v;
    default:
        return (uint32_t)v;
    }
}

/* A float inline constant in the op's operand type. */
static uint64_t float_const(const ShDecoder *x, float f)
{
    switch (x->opnd) {
    case AEMU_SH_OPND_F16:
        return sh_f32_to_f16(sh_bits32(f), false);
    case AEMU_SH_OPND_F64:
    case AEMU_SH_OPND_B64:
    case AEMU_SH_OPND_I64:
        return sh_bits64((double)f);
    default:
        return sh_bits32(f);
    }
}

/* The 32-bit literal as a source of the op's operand type. */
static uint64_t literal_value(const ShDecoder *x, uint32_t lit)
{
    switch (x->opnd) {
    case AEMU_SH_OPND_F64:
        return (uint64_t)lit << 32;
    case AEMU_SH_OPND_I64:
        return (uint64_t)(int64_t)(int32_t)lit;
    default:
        return lit;
    }
}

/*
 * gfx9's aperture registers as operands: the 64-bit aperture base (or
 * last address) for 64-bit operands, its high half for 32-bit ones, where
 * the useful bits are (LLVM reads them as 64-bit and takes the high half).
 */
static uint64_t aperture_const(const ShDecoder *x, unsigned code)
{
    bool shared = code == SH_SRC_SHARED_BASE_GFX9 ||
                  code == SH_SRC_SHARED_LIMIT_GFX9;
    bool limit = code == SH_SRC_SHARED_LIMIT_GFX9 ||
                 code == SH_SRC_PRIVATE_LIMIT_GFX9;
    uint64_t base = (uint64_t)(shared ? x->ctx->shared_base
                                      : x->ctx->private_base)
                    << SH_APERTURE_SHIFT;
    uint64_t v = limit ? base + SH_APERTURE_BYTES - 1 : base;

    switch (x->opnd) {
    case AEMU_SH_OPND_F64:
    case AEMU_SH_OPND_B64:
    case AEMU_SH_OPND_I64:
        return v;
    default:
        return v >> 32;
    }
}

/*
 * Decode source operand code (0..511; scalar fields pass 0..255) into s.
 * The literal's value is filled in once it has been fetched.
 */
static void decode_src(ShDecoder *x, unsigned code, AemuShSrc *s)
{
    bool gfx9 = x->ctx->gen == AEMU_SH_GFX9;

    memset(s, 0, sizeof(*s));
    if (code >= SH_SRC_VGPR0) {
        s->kind = SH_KIND_VGPR;
        s->reg = code - SH_SRC_VGPR0;
    } else if (code < SH_SREG_CODES) {
        s->kind = SH_KIND_SGPR;
        s->reg = code;
    } else if (code <= SH_SRC_INT_POS_MAX) {
        s->kind = SH_KIND_CONST;
        s->imm = int_const(x, (int64_t)(code - SH_SRC_INT_ZERO));
    } else if (code <= SH_SRC_INT_NEG_MAX) {
        s->kind = SH_KIND_CONST;
        s->imm = int_const(x, -(int64_t)(code - SH_SRC_INT_POS_MAX));
    } else if (code >= SH_SRC_FLOAT_FIRST && code <= SH_SRC_FLOAT_LAST) {
        s->kind = SH_KIND_CONST;
        s->imm = float_const(x, sh_float_consts[code - SH_SRC_FLOAT_FIRST]);
    } else if (gfx9 && code >= SH_SRC_SHARED_BASE_GFX9 &&
               code <= SH_SRC_PRIVATE_LIMIT_GFX9) {
        s->kind = SH_KIND_CONST;
        s->imm = aperture_const(x, code);
    } else if (gfx9 && code == SH_SRC_INV_2PI_GFX9) {
        s->kind = SH_KIND_CONST;
        s->imm = x->opnd == AEMU_SH_OPND_F16 ? SH_INV_2PI_F16 :
                 x->opnd == AEMU_SH_OPND_F32 || x->opnd == AEMU_SH_OPND_B32
                     ? SH_INV_2PI_F32 : SH_INV_2PI_F64;
    } else if (code == SH_SRC_VCCZ) {
        s->kind = SH_KIND_VCCZ;
    } else if (code == SH_SRC_EXECZ) {
        s->kind = SH_KIND_EXECZ;
    } else if (code == SH_SRC_SCC) {
        s->kind = SH_KIND_SCC;
    } else if (code == SH_SRC_LDS_DIRECT) {
        s->kind = SH_KIND_LDS_DIRECT;
    } else if (code == SH_SRC_LITERAL) {
        s->kind = SH_KIND_CONST;
        s->reg = SH_SRC_LITERAL;    /* marks the source to fill */
        x->literal = true;
    } else {
        bad(x, SH_BAD_OPERAND);
    }
}

static void sgpr_src(AemuShSrc *s, unsigned code)
{
    memset(s, 0, sizeof(*s));
    s->kind = SH_KIND_SGPR;
    s->reg = code;
}

static void vgpr_src(AemuShSrc *s, unsigned v)
{
    memset(s, 0, sizeof(*s));
    s->kind = SH_KIND_VGPR;
    s->reg = v;
}

static void const_src(AemuShSrc *s, uint64_t v)
{
    memset(s, 0, sizeof(*s));
    s->kind = SH_KIND_CONST;
    s->imm = v;
}

/* The op an opcode of fmt is in this generation (SH_OP_INVALID: none). */
static AemuShOp lookup(ShDecoder *x, unsigned fmt, uint32_t opcode)
{
    const AemuShOpTable *t = &aemu_sh_optab[x->ctx->gen][fmt];
    AemuShOp op = opcode < t->size ? t->op[opcode] : SH_OP_INVALID;

    x->in->opcode = opcode;
    x->in->op = op;
    x->opnd = aemu_sh_op_info[op].opnd;
    if (op == SH_OP_INVALID) {
        bad(x, SH_BAD_OPCODE);
    }
    return op;
}

static bool is_op(const AemuShInst *in, AemuShOp a, AemuShOp b)
{
    return in->op == a || in->op == b;
}

/* ---- scalar formats ---- */

static void decode_sop2(ShDecoder *x)
{
    const AemuShLayout *L = x->L;
    AemuShInst *in = x->in;

    lookup(x, AEMU_SH_FMT_SOP2, field(x, L->sop2_op));
    in->dst = field(x, L->sop2_sdst);
    decode_src(x, field(x, L->sop2_ssrc0), &in->src[0]);
    decode_src(x, field(x, L->sop2_ssrc1), &in->src[1]);
    in->nsrc = 2;
}

static void decode_sopk(ShDecoder *x)
{
    const AemuShLayout *L = x->L;
    AemuShInst *in = x->in;

    lookup(x, AEMU_SH_FMT_SOPK, field(x, L->sopk_op));
    in->dst = field(x, L->sopk_sdst);
    in->simm = (int16_t)field(x, L->sopk_simm16);
    /* The SGPR SOPK reads and writes (s_addk, s_cmpk_*, s_cmovk). */
    sgpr_src(&in->src[0], in->dst);
    if (sh_info(in)->flags & AEMU_SH_F_LITERAL_K) {
        /* s_setreg_imm32_b32: the value is the literal. */
        in->src[0].kind = SH_KIND_CONST;
        in->src[0].reg = SH_SRC_LITERAL;
        x->literal = true;
    }
    in->nsrc = 1;
}

static void decode_sop1(ShDecoder *x)
{
    const AemuShLayout *L = x->L;
    AemuShInst *in = x->in;

    lookup(x, AEMU_SH_FMT_SOP1, field(x, L->sop1_op));
    in->dst = field(x, L->sop1_sdst);
    decode_src(x, field(x, L->sop1_ssrc0), &in->src[0]);
    in->nsrc = 1;
}

static void decode_sopc(ShDecoder *x)
{
    const AemuShLayout *L = x->L;
    AemuShInst *in = x->in;

    lookup(x, AEMU_SH_FMT_SOPC, field(x, L->sopc_op));
    decode_src(x, field(x, L->sopc_ssrc0), &in->src[0]);
    decode_src(x, field(x, L->sopc_ssrc1), &in->src[1]);
    in->nsrc = 2;
}

static void decode_sopp(ShDecoder *x)
{
    lookup(x, AEMU_SH_FMT_SOPP, field(x, x->L->sopp_op));
    x->in->simm = (int16_t)field(x, x->L->sopp_simm16);
}

/*
 * Scalar memory. Both forms become: sbase (a pair, or a V# quad), src[0]
 * the offset (a byte constant or an SGPR holding bytes), src[1] gfx9's
 * second SGPR offset (SOFFSET_EN), sdst the first data register.
 */
static void decode_smrd(ShDecoder *x)
{
    const AemuShLayout *L = x->L;
    AemuShInst *in = x->in;
    uint32_t off = field(x, L->smrd_offset);

    lookup(x, AEMU_SH_FMT_SMRD, field(x, L->smrd_op));
    in->sdst = field(x, L->smrd_sdst);
    in->sbase = field(x, L->smrd_sbase) * 2;
    if (field(x, L->smrd_imm)) {
        /* The 8-bit immediate counts dwords. */
        const_src(&in->src[0], off * SH_DWORD_BYTES);
    } else if (off == SH_SRC_LITERAL) {
        /*
         * gfx7 only: a 32-bit literal offset, in dwords (LLVM
         * SMRD_Real_Load_IMM_ci).
         */
        in->src[0].kind = SH_KIND_CONST;
        in->src[0].reg = SH_SRC_LITERAL;
        x->literal = true;
    } else {
        /* An SGPR holding a byte offset. */
        decode_src(x, off, &in->src[0]);
    }
}

static void decode_smem(ShDecoder *x)
{
    const AemuShLayout *L = x->L;
    AemuShInst *in = x->in;
    uint32_t off = field(x, L->smem_offset);

    lookup(x, AEMU_SH_FMT_SMEM, field(x, L->smem_op));
    in->sdst = field(x, L->smem_sdata);
    in->sbase = field(x, L->smem_sbase) * 2;
    in->glc = field(x, L->smem_glc);
    in->imm = field(x, L->smem_imm);
    if (in->imm) {
        const_src(&in->src[0], off);
    } else {
        decode_src(x, off & (SH_SREG_CODES - 1), &in->src[0]);
    }
    if (field(x, L->smem_soffset_en)) {
        decode_src(x, field(x, L->smem_soffset), &in->src[1]);
    }
}

/* ---- vector ALU formats ---- */

/*
 * A VOP1/VOP2/VOPC SRC0: gfx9's SDWA and DPP words replace it; the real
 * operands come from that word once the format is decoded (decode_ext).
 */
static void decode_vsrc0(ShDecoder *x, unsigned code)
{
    AemuShInst *in = x->in;

    if (x->ctx->gen == AEMU_SH_GFX9 &&
        (code == SH_SRC_SDWA_GFX9 || code == SH_SRC_DPP_GFX9)) {
        in->ext = code == SH_SRC_SDWA_GFX9 ? SH_EXT_SDWA : SH_EXT_DPP;
        in->size++;
        fetch(x, in->size - 1);
        return;
    }
    decode_src(x, code, &in->src[0]);
}

/*
 * The implicit operands of the short forms become the explicit ones of
 * VOP3, so a handler reads src[2] and writes sdst whatever the encoding.
 */
static void vop2_implicit(ShDecoder *x)
{
    AemuShInst *in = x->in;

    switch (in->op) {
    case SH_OP_V_CNDMASK_B32:
        sgpr_src(&in->src[2], SH_VCC_LO);
        break;
    case SH_OP_V_ADDC_CO_U32:
    case SH_OP_V_SUBB_CO_U32:
    case SH_OP_V_SUBBREV_CO_U32:
        sgpr_src(&in->src[2], SH_VCC_LO);
        in->sdst = SH_VCC_LO;
        break;
    case SH_OP_V_ADD_CO_U32:
    case SH_OP_V_SUB_CO_U32:
    case SH_OP_V_SUBREV_CO_U32:
        in->sdst = SH_VCC_LO;
        break;
    case SH_OP_V_MAC_F32:
    case SH_OP_V_MAC_LEGACY_F32:
    case SH_OP_V_MAC_F16:
        vgpr_src(&in->src[2], in->dst);
        break;
    default:
        break;
    }
}

static void decode_vop2(ShDecoder *x)
{
    const AemuShLayout *L = x->L;
    AemuShInst *in = x->in;
    AemuShOp op = lookup(x, AEMU_SH_FMT_VOP2, field(x, L->vop2_op));
    unsigned vsrc1 = field(x, L->vop2_vsrc1);

    in->dst = field(x, L->vop2_vdst);
    decode_vsrc0(x, field(x, L->vop2_src0));
    in->nsrc = 2;
    if (is_op(in, SH_OP_V_READLANE_B32, SH_OP_V_WRITELANE_B32)) {
        /* gfx7's VOP2 lane ops: VSRC1 holds a scalar source code. */
        decode_src(x, vsrc1, &in->src[1]);
    } else {
        vgpr_src(&in->src[1], vsrc1);
    }
    if (aemu_sh_op_info[op].flags & AEMU_SH_F_LITERAL_K) {
        /* v_madmk: S0 * K + S1; v_madak: S0 * S1 + K. As v_mad: srcs 0..2. */
        AemuShSrc k = { .kind = SH_KIND_CONST, .reg = SH_SRC_LITERAL };

        x->literal = true;
        if (is_op(in, SH_OP_V_MADMK_F32, SH_OP_V_MADMK_F16)) {
            in->src[2] = in->src[1];
            in->src[1] = k;
        } else {
            in->src[2] = k;
        }
        in->nsrc = 3;
    }
    vop2_implicit(x);
}

static void decode_vop1(ShDecoder *x)
{
    const AemuShLayout *L = x->L;
    AemuShInst *in = x->in;

    lookup(x, AEMU_SH_FMT_VOP1, field(x, L->vop1_op));
    in->dst = field(x, L->vop1_vdst);
    decode_vsrc0(x, field(x, L->vop1_src0));
    in->nsrc = 1;
}

static void decode_vopc(ShDecoder *x)
{
    const AemuShLayout *L = x->L;
    AemuShInst *in = x->in;

    lookup(x, AEMU_SH_FMT_VOPC, field(x, L->vopc_op));
    decode_vsrc0(x, field(x, L->vopc_src0));
    vgpr_src(&in->src[1], field(x, L->vopc_vsrc1));
    in->sdst = SH_VCC_LO;
    in->nsrc = 2;
}

static void decode_vop3(ShDecoder *x)
{
    const AemuShLayout *L = x->L;
    AemuShInst *in = x->in;
    AemuShOp op = lookup(x, AEMU_SH_FMT_VOP3, field(x, L->vop3_op));
    const AemuShOpInfo *info = &aemu_sh_op_info[op];
    AemuShField srcs[3] = { L->vop3_src0, L->vop3_src1, L->vop3_src2 };

    in->vop3 = true;
    in->dst = field(x, L->vop3_vdst);
    in->neg = field(x, L->vop3_neg);
    in->omod = field(x, L->vop3_omod);
    if (info->flags & AEMU_SH_F_VOP3B) {
        /* VOP3b's SDST has the bits of VOP3a's ABS and OP_SEL. */
        in->sdst = field(x, L->vop3b_sdst);
        in->clamp = field(x, L->vop3b_clamp);
    } else {
        in->opsel = field(x, L->vop3_opsel);
        in->abs = field(x, L->vop3_abs);
        in->clamp = field(x, L->vop3_clamp);
    }
    switch (info->fmt) {
    case AEMU_SH_FMT_VOP1:
        in->nsrc = 1;
        break;
    case AEMU_SH_FMT_VOP2:
        in->nsrc = 2;
        break;
    case AEMU_SH_FMT_VOPC:
        /* A compare's VOP3 form writes the SGPR pair VDST names. */
        in->sdst = in->dst;
        in->nsrc = 2;
        break;
    default:
        in->nsrc = 3;
        break;
    }
    if (is_op(in, SH_OP_V_CNDMASK_B32, SH_OP_V_ADDC_CO_U32) ||
        is_op(in, SH_OP_V_SUBB_CO_U32, SH_OP_V_SUBBREV_CO_U32)) {
        in->nsrc = 3;       /* the carry or select pair in SRC2 */
    }
    for (unsigned i = 0; i < in->nsrc; i++) {
        decode_src(x, field(x, srcs[i]), &in->src[i]);
    }
    if (x->literal) {
        /* VOP3 takes no literal before gfx10 (shader-execution.md 3.2). */
        x->literal = false;
        bad(x, SH_BAD_OPERAND);
    }
    if (is_op(in, SH_OP_V_MAC_F32, SH_OP_V_MAC_LEGACY_F32) ||
        in->op == SH_OP_V_MAC_F16) {
        vgpr_src(&in->src[2], in->dst);
        in->nsrc = 3;
    }
    if (in->opsel && !aemu_sh_vop3_opsel_ok(op)) {
        /* gfx9 gives OP_SEL to a few 16-bit ops only; the rest ignore none. */
        bad(x, SH_BAD_OPERAND);
    }
}

/*
 * VOP3P: per source i, bit i of OP_SEL picks the half the low result
 * half reads, of OP_SEL_HI (OP_SEL_HI_2 is source 2's, in the first
 * dword) the half the high result half reads; NEG and NEG_HI negate
 * what each result half reads (the mix ops read NEG_HI as abs).
 */
static void decode_vop3p(ShDecoder *x)
{
    const AemuShLayout *L = x->L;
    AemuShInst *in = x->in;
    AemuShField srcs[3] = { L->vop3p_src0, L->vop3p_src1, L->vop3p_src2 };

    lookup(x, AEMU_SH_FMT_VOP3P, field(x, L->vop3p_op));
    in->vop3 = true;
    in->dst = field(x, L->vop3p_vdst);
    in->clamp = field(x, L->vop3p_clamp);
    in->opsel = field(x, L->vop3p_opsel);
    in->opsel_hi = field(x, L->vop3p_opsel_hi) |
                   field(x, L->vop3p_opsel_hi2) << 2;
    in->neg = field(x, L->vop3p_neg);
    in->neg_hi = field(x, L->vop3p_neg_hi);
    if (!strncmp(sh_info(in)->name, SH_PACKED_PREFIX,
                 sizeof(SH_PACKED_PREFIX) - 1)) {
        /*
         * The packed ops read a float inline constant as binary16 in the
         * low half, whatever their type (ACO's constantValue16); integer
         * constants are sign-extended to 32 bits, as everywhere.
         */
        x->opnd = AEMU_SH_OPND_F16;
    }
    in->nsrc = 3;
    for (unsigned i = 0; i < in->nsrc; i++) {
        decode_src(x, field(x, srcs[i]), &in->src[i]);
    }
    if (x->literal) {
        x->literal = false;
        bad(x, SH_BAD_OPERAND);
    }
}

/* ---- memory formats ---- */

static void decode_ds(ShDecoder *x)
{
    const AemuShLayout *L = x->L;
    AemuShInst *in = x->in;

    lookup(x, AEMU_SH_FMT_DS, field(x, L->ds_op));
    in->gds = field(x, L->ds_gds);
    in->offset = field(x, L->ds_offset0);
    in->offset1 = field(x, L->ds_offset1);
    in->vaddr = field(x, L->ds_addr);
    in->vdata = field(x, L->ds_data0);
    in->data1 = field(x, L->ds_data1);
    in->dst = field(x, L->ds_vdst);
}

static void decode_mubuf(ShDecoder *x)
{
    const AemuShLayout *L = x->L;
    AemuShInst *in = x->in;

    lookup(x, AEMU_SH_FMT_MUBUF, field(x, L->mubuf_op));
    in->offset = field(x, L->mubuf_offset);
    in->offen = field(x, L->mubuf_offen);
    in->idxen = field(x, L->mubuf_idxen);
    in->glc = field(x, L->mubuf_glc);
    in->addr64 = field(x, L->mubuf_addr64);
    in->lds = field(x, L->mubuf_lds);
    in->slc = field(x, L->mubuf_slc);
    in->vaddr = field(x, L->mubuf_vaddr);
    in->vdata = field(x, L->mubuf_vdata);
    in->srsrc = field(x, L->mubuf_srsrc) * 4;
    in->tfe = field(x, L->mubuf_tfe);
    decode_src(x, field(x, L->mubuf_soffset), &in->soffset);
    if (x->literal) {
        x->literal = false;
        bad(x, SH_BAD_OPERAND);
    }
}

static void decode_mtbuf(ShDecoder *x)
{
    const AemuShLayout *L = x->L;
    AemuShInst *in = x->in;

    lookup(x, AEMU_SH_FMT_MTBUF, field(x, L->mtbuf_op));
    in->offset = field(x, L->mtbuf_offset);
    in->offen = field(x, L->mtbuf_offen);
    in->idxen = field(x, L->mtbuf_idxen);
    in->glc = field(x, L->mtbuf_glc);
    in->addr64 = field(x, L->mtbuf_addr64);
    in->dfmt = field(x, L->mtbuf_dfmt);
    in->nfmt = field(x, L->mtbuf_nfmt);
    in->slc = field(x, L->mtbuf_slc);
    in->vaddr = field(x, L->mtbuf_vaddr);
    in->vdata = field(x, L->mtbuf_vdata);
    in->srsrc = field(x, L->mtbuf_srsrc) * 4;
    in->tfe = field(x, L->mtbuf_tfe);
    decode_src(x, field(x, L->mtbuf_soffset), &in->soffset);
    if (x->literal) {
        x->literal = false;
        bad(x, SH_BAD_OPERAND);
    }
}

/* FLAT, and on gfx9 its GLOBAL and SCRATCH segments. */
static void decode_flat(ShDecoder *x)
{
    const AemuShLayout *L = x->L;
    AemuShInst *in = x->in;
    static const uint8_t seg_fmt[] = {
        AEMU_SH_FMT_FLAT, AEMU_SH_FMT_SCRATCH, AEMU_SH_FMT_GLOBAL,
    };
    unsigned seg = field(x, L->flat_seg);

    if (seg >= G_N_ELEMENTS(seg_fmt)) {
        bad(x, SH_BAD_SEGMENT);
        seg = 0;
    }
    in->seg = seg;
    in->fmt = seg_fmt[seg];
    lookup(x, in->fmt, field(x, L->flat_op));
    in->glc = field(x, L->flat_glc);
    in->slc = field(x, L->flat_slc);
    in->lds = field(x, L->flat_lds);
    in->vaddr = field(x, L->flat_addr);
    in->vdata = field(x, L->flat_data);
    in->dst = field(x, L->flat_vdst);
    in->tfe = field(x, L->flat_tfe);
    in->saddr = field(x, L->flat_saddr);
    switch (in->fmt) {
    case AEMU_SH_FMT_FLAT:
        /* gfx9: a 12-bit unsigned offset; gfx7 has none. */
        in->soffset_imm = (int32_t)field(x, L->flat_offset);
        in->saddr = SH_SADDR_OFF_GFX9;
        break;
    case AEMU_SH_FMT_GLOBAL:
        /* 13-bit signed (SQ_GLBL_0__OFFSET_MASK). */
        in->soffset_imm = (int32_t)(field(x, L->global_offset) << 19) >> 19;
        break;
    default:
        in->soffset_imm = (int32_t)(field(x, L->scratch_offset) << 19) >> 19;
        break;
    }
}

/* ---- gfx9's DPP and SDWA words ---- */

/* The lanes ROW_MASK and BANK_MASK let DPP write (4 banks of 4 lanes). */
#define SH_DPP_ROW_SHIFT        4u
#define SH_DPP_BANK_SHIFT       2u
#define SH_DPP_BANK_COUNT       4u

static uint64_t dpp_write_lanes(uint32_t row_mask, uint32_t bank_mask)
{
    uint64_t lanes = 0;

    for (unsigned l = 0; l < AEMU_WAVE_LANES; l++) {
        unsigned row = l >> SH_DPP_ROW_SHIFT;
        unsigned bank = (l >> SH_DPP_BANK_SHIFT) % SH_DPP_BANK_COUNT;

        if ((row_mask >> row & 1) && (bank_mask >> bank & 1)) {
            lanes |= 1ull << l;
        }
    }
    return lanes;
}

/*
 * DPP: SRC0 is a VGPR the wrapper permutes across lanes into the staging
 * row the op reads; the word's neg/abs join VOP3's per-source bits.
 */
static void decode_dpp(ShDecoder *x)
{
    const AemuShLayout *L = x->L;
    AemuShInst *in = x->in;

    vgpr_src(&in->ext_src[0], field(x, L->dpp_src0));
    in->ext_src[1] = in->src[1];
    in->ext_dst = in->dst;
    in->abs = field(x, L->dpp_src0_abs) | field(x, L->dpp_src1_abs) << 1;
    in->neg = field(x, L->dpp_src0_neg) | field(x, L->dpp_src1_neg) << 1;
    in->dpp.ctrl = field(x, L->dpp_ctrl);
    in->dpp.bound_ctrl = field(x, L->dpp_bound_ctrl);
    in->dpp.lanes = dpp_write_lanes(field(x, L->dpp_row_mask),
                                    field(x, L->dpp_bank_mask));
    vgpr_src(&in->src[0], SH_VGPR_STAGE_SRC0);
}

/* An SDWA source: a VGPR, or with S0/S1 an SGPR or inline constant. */
static void sdwa_src(ShDecoder *x, unsigned code, bool scalar, AemuShSrc *s)
{
    if (!scalar) {
        vgpr_src(s, code);
        return;
    }
    decode_src(x, code, s);
    if (x->literal) {
        /* No literal follows an SDWA word. */
        x->literal = false;
        bad(x, SH_BAD_OPERAND);
    }
}

/*
 * SDWA: each source is a byte, word or dword of its operand, zero- or
 * sign-extended; the result goes into a byte, word or dword of VDST
 * (VOP1/VOP2), or a compare writes the SGPR pair SDST names (VOPC with
 * SD, else VCC). What is not the whole dword goes through staging rows.
 */
static void decode_sdwa(ShDecoder *x)
{
    const AemuShLayout *L = x->L;
    AemuShInst *in = x->in;
    AemuShSdwa *sd = &in->sdwa;
    bool vopc = in->fmt == AEMU_SH_FMT_VOPC;
    AemuShSrc src1 = in->src[1];

    sdwa_src(x, field(x, L->sdwa_src0), field(x, L->sdwa_s0),
             &in->ext_src[0]);
    in->abs = field(x, L->sdwa_src0_abs);
    in->neg = field(x, L->sdwa_src0_neg);
    sd->sel[0] = field(x, L->sdwa_src0_sel);
    sd->sext[0] = field(x, L->sdwa_src0_sext);
    in->src[0] = in->ext_src[0];
    if (in->nsrc >= 2) {
        /* VSRC1 holds a scalar operand code when S1 says so. */
        sdwa_src(x, src1.reg, field(x, L->sdwa_s1), &in->ext_src[1]);
        in->abs |= field(x, L->sdwa_src1_abs) << 1;
        in->neg |= field(x, L->sdwa_src1_neg) << 1;
        sd->sel[1] = field(x, L->sdwa_src1_sel);
        sd->sext[1] = field(x, L->sdwa_src1_sext);
        in->src[1] = in->ext_src[1];
    } else {
        sd->sel[1] = SH_SDWA_DWORD;
    }
    in->ext_dst = in->dst;
    if (vopc) {
        if (field(x, L->sdwa_sd)) {
            in->sdst = field(x, L->sdwa_sdst);
        }
        sd->dst_sel = SH_SDWA_DWORD;
    } else {
        sd->dst_sel = field(x, L->sdwa_dst_sel);
        sd->dst_unused = field(x, L->sdwa_dst_unused);
        in->clamp = field(x, L->sdwa_clamp);
        in->omod = field(x, L->sdwa_omod);
    }
    /* Whole dwords need no staging: the op reads and writes them itself. */
    if (sd->sel[0] != SH_SDWA_DWORD) {
        sd->stage |= SH_SDWA_STAGE_SRC0;
        vgpr_src(&in->src[0], SH_VGPR_STAGE_SRC0);
    }
    if (sd->sel[1] != SH_SDWA_DWORD) {
        sd->stage |= SH_SDWA_STAGE_SRC1;
        vgpr_src(&in->src[1], SH_VGPR_STAGE_SRC1);
    }
    if (sd->dst_sel != SH_SDWA_DWORD) {
        sd->stage |= SH_SDWA_STAGE_DST;
        in->dst = SH_VGPR_STAGE_DST;
    }
}

/* Formats the model only decodes far enough to name the instruction. */
static void decode_other(ShDecoder *x, unsigned fmt)
{
    const AemuShLayout *L = x->L;
    uint32_t opcode = 0;

    switch (fmt) {
    case AEMU_SH_FMT_VINTRP:
        opcode = field(x, L->vintrp_op);
        break;
    case AEMU_SH_FMT_MIMG:
        opcode = field(x, L->mimg_op);
        break;
    default:                /* EXP: one instruction */
        break;
    }
    lookup(x, fmt, opcode);
}

/* The literal every source marked for it reads. */
static void fill_literal(ShDecoder *x)
{
    AemuShInst *in = x->in;
    uint32_t lit = in->dw[in->size - 1];

    for (unsigned i = 0; i < G_N_ELEMENTS(in->src); i++) {
        AemuShSrc *s = &in->src[i];

        if (s->kind == SH_KIND_CONST && s->reg == SH_SRC_LITERAL) {
            s->imm = literal_value(x, lit);
            s->reg = 0;
            if (in->fmt == AEMU_SH_FMT_SMRD) {
                s->imm = (uint64_t)lit * SH_DWORD_BYTES;
            }
        }
    }
}

/* ---- halting handlers of what does not decode ---- */

static void exec_bad(AemuDevice *d, AemuWave *w, const AemuShInst *in)
{
    static const char *const why[] = {
        [SH_BAD_ENCODING] = "unknown encoding",
        [SH_BAD_OPCODE] = "no such opcode",
        [SH_BAD_OPERAND] = "reserved operand",
        [SH_BAD_SEGMENT] = "reserved FLAT segment",
    };

    if (in->bad == SH_BAD_ENCODING) {
        aemu_sh_halt(d, w, in, "illegal instruction 0x%08x (%s) at pc 0x%"
                     PRIx64, in->dw[0], why[in->bad], in->pc);
    } else {
        aemu_sh_halt(d, w, in, "illegal %s opcode 0x%x (%s) at pc 0x%"
                     PRIx64, aemu_sh_fmt_name(in->fmt), in->opcode,
                     why[in->bad], in->pc);
    }
}

static bool ext_supported(const AemuShInst *in, const char **why)
{
    return in->ext == SH_EXT_DPP ? aemu_sh_dpp_supported(in, why)
                                 : aemu_sh_sdwa_supported(in, why);
}

/* A DPP or SDWA form the model does not execute. */
static void exec_ext(AemuDevice *d, AemuWave *w, const AemuShInst *in)
{
    const char *why = "the op is not implemented";

    ext_supported(in, &why);
    aemu_sh_halt(d, w, in, "unimplemented %s form of %s (%s) at pc 0x%"
                 PRIx64, in->ext == SH_EXT_SDWA ? "SDWA" : "DPP",
                 sh_info(in)->name, why, in->pc);
}

static void exec_lds_direct(AemuDevice *d, AemuWave *w, const AemuShInst *in)
{
    aemu_sh_halt(d, w, in, "unimplemented LDS_DIRECT operand of %s at pc 0x%"
                 PRIx64, sh_info(in)->name, in->pc);
}

bool aemu_sh_decode(AemuDevice *d, const AemuShContext *ctx, uint64_t pc,
                    AemuShInst *out)
{
    ShDecoder x = {
        .d = d, .ctx = ctx, .L = &aemu_sh_layout[ctx->gen], .in = out,
    };
    const AemuShEncoding *e;

    memset(out, 0, sizeof(*out));
    out->pc = pc;
    out->decoded = true;
    if (!fetch(&x, 0)) {
        return false;
    }
    for (e = aemu_sh_encodings[ctx->gen]; e->fmt != AEMU_SH_FMT_INVALID;
         e++) {
        if ((out->dw[0] & e->mask) == e->bits) {
            break;
        }
    }
    out->size = 1;
    if (e->fmt == AEMU_SH_FMT_INVALID) {
        out->fmt = AEMU_SH_FMT_INVALID;
        out->bad = SH_BAD_ENCODING;
        out->exec = exec_bad;
        return true;
    }
    out->fmt = e->fmt;
    out->size = e->dwords;
    if (out->size > 1 && !fetch(&x, 1)) {
        return false;
    }
    switch (e->fmt) {
    case AEMU_SH_FMT_SOP2: decode_sop2(&x); break;
    case AEMU_SH_FMT_SOPK: decode_sopk(&x); break;
    case AEMU_SH_FMT_SOP1: decode_sop1(&x); break;
    case AEMU_SH_FMT_SOPC: decode_sopc(&x); break;
    case AEMU_SH_FMT_SOPP: decode_sopp(&x); break;
    case AEMU_SH_FMT_SMRD: decode_smrd(&x); break;
    case AEMU_SH_FMT_SMEM: decode_smem(&x); break;
    case AEMU_SH_FMT_VOP2: decode_vop2(&x); break;
    case AEMU_SH_FMT_VOP1: decode_vop1(&x); break;
    case AEMU_SH_FMT_VOPC: decode_vopc(&x); break;
    case AEMU_SH_FMT_VOP3: decode_vop3(&x); break;
    case AEMU_SH_FMT_VOP3P: decode_vop3p(&x); break;
    case AEMU_SH_FMT_DS: decode_ds(&x); break;
    case AEMU_SH_FMT_MUBUF: decode_mubuf(&x); break;
    case AEMU_SH_FMT_MTBUF: decode_mtbuf(&x); break;
    case AEMU_SH_FMT_FLAT: decode_flat(&x); break;
    default: decode_other(&x, e->fmt); break;
    }
    if (x.fault) {
        return false;
    }
    if (out->ext && x.literal) {
        /* v_madmk/v_madak have no DPP or SDWA form. */
        x.literal = false;
        bad(&x, SH_BAD_OPERAND);
    }
    if (out->ext == SH_EXT_DPP) {
        decode_dpp(&x);
    } else if (out->ext == SH_EXT_SDWA) {
        decode_sdwa(&x);
    }
    if (x.literal) {
        out->size++;
        if (!fetch(&x, out->size - 1)) {
            return false;
        }
        fill_literal(&x);
    }
    g_assert(out->size <= SH_INST_MAX_DWORDS);
    out->cls = aemu_sh_op_info[out->op].cls;
    if (out->bad) {
        out->exec = exec_bad;
    } else if (out->ext) {
        const char *why;
        AemuShExecFn *fn = aemu_sh_handler(out->op);

        /* The wrapper stages the operands, then runs the op's handler. */
        out->exec = exec_ext;
        if (fn != aemu_sh_exec_unimplemented && ext_supported(out, &why)) {
            out->ext_exec = fn;
            out->exec = out->ext == SH_EXT_DPP ? aemu_sh_exec_dpp
                                               : aemu_sh_exec_sdwa;
        }
    } else {
        out->exec = aemu_sh_handler(out->op);
        for (unsigned i = 0; i < G_N_ELEMENTS(out->src); i++) {
            if (out->src[i].kind == SH_KIND_LDS_DIRECT) {
                out->exec = exec_lds_direct;
            }
        }
    }
    return true;
}

/* ---- the decode cache ---- */

typedef struct ShDecodeCache {
    GHashTable *pages;      /* &page->base -> page */
    AemuShCachePage *last;  /* the page of the last lookup */
    /* The dispatch's memory translations (shader_vmem.c), zeroed: empty. */
    AemuShTlb tlb;
} ShDecodeCache;

AemuShTlb *aemu_sh_tlb(const AemuShContext *ctx)
{
    ShDecodeCache *c = ctx->decode_cache;

    return &c->tlb;
}

void *aemu_sh_decode_cache_new(void)
{
    ShDecodeCache *c = g_new0(ShDecodeCache, 1);

    c->pages = g_hash_table_new_full(g_int64_hash, g_int64_equal, NULL,
                                     g_free);
    return c;
}

void aemu_sh_decode_cache_free(void *cache)
{
    ShDecodeCache *c = cache;

    if (c) {
        g_hash_table_destroy(c->pages);
        g_free(c);
    }
}

AemuShCachePage *aemu_sh_cache_page(const AemuShContext *ctx, uint64_t pc)
{
    ShDecodeCache *c = ctx->decode_cache;
    uint64_t base = pc & ~(uint64_t)SH_CACHE_PAGE_MASK;
    AemuShCachePage *p = c->last;

    if (p && p->base == base) {
        return p;
    }
    p = g_hash_table_lookup(c->pages, &base);
    if (!p) {
        if (g_hash_table_size(c->pages) >= SH_CACHE_MAX_PAGES) {
            /* A shader spread over this much code: start again. */
            g_hash_table_remove_all(c->pages);
        }
        p = g_new0(AemuShCachePage, 1);
        p->base = base;
        g_hash_table_insert(c->pages, &p->base, p);
    }
    c->last = p;
    return p;
}

bool aemu_sh_cache_fill(AemuDevice *d, const AemuShContext *ctx,
                        AemuShInst *slot, uint64_t pc)
{
    if (!aemu_sh_decode(d, ctx, pc, slot)) {
        /* Not cached: a later fetch may succeed (the page mapped). */
        slot->decoded = false;
        return false;
    }
    return true;
}

const AemuShInst *aemu_sh_cache_lookup(AemuDevice *d, const AemuShContext *ctx,
                                       uint64_t pc)
{
    AemuShInst *in = aemu_sh_cache_slot(aemu_sh_cache_page(ctx, pc), pc);

    if (G_LIKELY(in->decoded) || aemu_sh_cache_fill(d, ctx, in, pc)) {
        return in;
    }
    return NULL;
}
