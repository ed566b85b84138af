/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * amdgpu-emu core: the scalar ALU of the shader interpreter: SOP2, SOPK,
 * SOP1 and SOPC semantics, once for gfx7 and gfx9 (the ISA's "Scalar ALU
 * Operations" chapter; the SCC rules per op as the Sea Islands and Vega
 * manuals give them, with Mesa's erratum that s_bfe_* write SCC,
 * README-ISA.md). EXEC changes (the saveexec family) invalidate nothing
 * here: the lane loops read EXEC afresh.
 */
#include "shader_interp.h"

/* Shift counts and bit indices use the low 5 or 6 bits of the operand. */
#define SH_SHIFT32_MASK     31u
#define SH_SHIFT64_MASK     63u
/* s_bfe: S1 holds the offset in [5:0] (or [4:0]) and the width in [22:16]. */
#define SH_BFE_WIDTH_SHIFT  16
#define SH_BFE_WIDTH_MASK   0x7fu
/* s_getreg/s_setreg SIMM16: ID[5:0] OFFSET[10:6] SIZE-1[15:11]. */
#define SH_HWREG_ID_MASK    0x3fu
#define SH_HWREG_OFF_SHIFT  6
#define SH_HWREG_OFF_MASK   0x1fu
#define SH_HWREG_SIZE_SHIFT 11
#define SH_HWREG_SIZE_MASK  0x1fu
/* gfx9's SH_MEM_BASES hwreg (LLVM SIDefines.h ID_MEM_BASES). */
#define SH_HW_REG_MEM_BASES_GFX9    15u
#define SH_MEM_BASES_SHARED_SHIFT   16
/* GPR_ALLOC and LDS_ALLOC granules (shader-execution.md 4.2, 5.6). */
#define SH_VGPR_GRANULE             4u
#define SH_SGPR_GRANULE_GFX7        8u
#define SH_SGPR_GRANULE_GFX9        16u
#define SH_LDS_GRANULE_BYTES        512u
/* s_wqm and s_quadmask work on quads of lanes. */
#define SH_QUAD_BITS                4u
#define SH_QUAD_MASK                0xfu

#define SH_SOP(fn) \
    static void fn(AemuDevice *d, AemuWave *w, const AemuShInst *in)

static inline uint32_t s0_32(const AemuWave *w, const AemuShInst *in)
{
    return sh_ssrc32(w, &in->src[0]);
}

static inline uint32_t s1_32(const AemuWave *w, const AemuShInst *in)
{
    return sh_ssrc32(w, &in->src[1]);
}

static inline uint64_t s0_64(const AemuWave *w, const AemuShInst *in)
{
    return sh_ssrc64(w, &in->src[0]);
}

static inline uint64_t s1_64(const AemuWave *w, const AemuShInst *in)
{
    return sh_ssrc64(w, &in->src[1]);
}

static inline void d32(AemuWave *w, const AemuShInst *in, uint32_t v)
{
    aemu_sh_swrite(w, in->dst, v);
}

static inline void d64(AemuWave *w, const AemuShInst *in, uint64_t v)
{
    sh_swrite64(w, in->dst, v);
}

/* ---- SOP2 ---- */

/* A 32- or 64-bit op of S0 and S1 whose SCC says "result != 0". */
#define SOP2_NZ32(fn, expr) \
    SH_SOP(fn) \
    { \
        uint32_t a = s0_32(w, in), b = s1_32(w, in), r = (expr); \
        d32(w, in, r); \
        w->scc = r != 0; \
    }
#define SOP2_NZ64(fn, expr) \
    SH_SOP(fn) \
    { \
        uint64_t a = s0_64(w, in), b = s1_64(w, in), r = (expr); \
        d64(w, in, r); \
        w->scc = r != 0; \
    }

SOP2_NZ32(s_and_b32, a & b)
SOP2_NZ32(s_or_b32, a | b)
SOP2_NZ32(s_xor_b32, a ^ b)
SOP2_NZ32(s_andn2_b32, a & ~b)
SOP2_NZ32(s_orn2_b32, a | ~b)
SOP2_NZ32(s_nand_b32, ~(a & b))
SOP2_NZ32(s_nor_b32, ~(a | b))
SOP2_NZ32(s_xnor_b32, ~(a ^ b))
SOP2_NZ32(s_lshl_b32, a << (b & SH_SHIFT32_MASK))
SOP2_NZ32(s_lshr_b32, a >> (b & SH_SHIFT32_MASK))
SOP2_NZ32(s_ashr_i32, (uint32_t)((int32_t)a >> (b & SH_SHIFT32_MASK)))
SOP2_NZ32(s_absdiff_i32, (int32_t)a > (int32_t)b ? a - b : b - a)
SOP2_NZ64(s_and_b64, a & b)
SOP2_NZ64(s_or_b64, a | b)
SOP2_NZ64(s_xor_b64, a ^ b)
SOP2_NZ64(s_andn2_b64, a & ~b)
SOP2_NZ64(s_orn2_b64, a | ~b)
SOP2_NZ64(s_nand_b64, ~(a & b))
SOP2_NZ64(s_nor_b64, ~(a | b))
SOP2_NZ64(s_xnor_b64, ~(a ^ b))
/* 64-bit shifts: the count is S1's low 6 bits, a 32-bit operand. */
SOP2_NZ64(s_lshl_b64, a << (b & SH_SHIFT64_MASK))
SOP2_NZ64(s_lshr_b64, a >> (b & SH_SHIFT64_MASK))
SOP2_NZ64(s_ashr_i64, (uint64_t)((int64_t)a >> (b & SH_SHIFT64_MASK)))

SH_SOP(s_add_u32)
{
    uint32_t a = s0_32(w, in), r = a + s1_32(w, in);

    d32(w, in, r);
    w->scc = r < a;                             /* carry out */
}

SH_SOP(s_sub_u32)
{
    uint32_t a = s0_32(w, in), b = s1_32(w, in);

    d32(w, in, a - b);
    w->scc = b > a;                             /* borrow */
}

SH_SOP(s_add_i32)
{
    uint32_t a = s0_32(w, in), b = s1_32(w, in), r = a + b;

    d32(w, in, r);
    w->scc = ((a ^ r) & (b ^ r)) >> 31;         /* signed overflow */
}

SH_SOP(s_sub_i32)
{
    uint32_t a = s0_32(w, in), b = s1_32(w, in), r = a - b;

    d32(w, in, r);
    w->scc = ((a ^ b) & (a ^ r)) >> 31;
}

SH_SOP(s_addc_u32)
{
    uint64_t r = (uint64_t)s0_32(w, in) + s1_32(w, in) + w->scc;

    d32(w, in, (uint32_t)r);
    w->scc = r >> 32;
}

SH_SOP(s_subb_u32)
{
    uint32_t a = s0_32(w, in), b = s1_32(w, in);
    uint64_t sub = (uint64_t)b + w->scc;

    d32(w, in, a - (uint32_t)sub);
    w->scc = sub > a;
}

SH_SOP(s_min_i32)
{
    int32_t a = s0_32(w, in), b = s1_32(w, in);

    w->scc = a < b;
    d32(w, in, a < b ? a : b);
}

SH_SOP(s_min_u32)
{
    uint32_t a = s0_32(w, in), b = s1_32(w, in);

    w->scc = a < b;
    d32(w, in, a < b ? a : b);
}

SH_SOP(s_max_i32)
{
    int32_t a = s0_32(w, in), b = s1_32(w, in);

    w->scc = a > b;
    d32(w, in, a > b ? a : b);
}

SH_SOP(s_max_u32)
{
    uint32_t a = s0_32(w, in), b = s1_32(w, in);

    w->scc = a > b;
    d32(w, in, a > b ? a : b);
}

SH_SOP(s_cselect_b32)
{
    d32(w, in, w->scc ? s0_32(w, in) : s1_32(w, in));
}

SH_SOP(s_cselect_b64)
{
    d64(w, in, w->scc ? s0_64(w, in) : s1_64(w, in));
}

SH_SOP(s_bfm_b32)
{
    uint32_t width = s0_32(w, in) & SH_SHIFT32_MASK;

    d32(w, in, ((1u << width) - 1) << (s1_32(w, in) & SH_SHIFT32_MASK));
}

SH_SOP(s_bfm_b64)
{
    uint32_t width = s0_32(w, in) & SH_SHIFT64_MASK;

    d64(w, in, ((1ull << width) - 1) << (s1_32(w, in) & SH_SHIFT64_MASK));
}

SH_SOP(s_mul_i32)
{
    d32(w, in, s0_32(w, in) * s1_32(w, in));
}

SH_SOP(s_mul_hi_u32)
{
    d32(w, in, (uint32_t)(((uint64_t)s0_32(w, in) * s1_32(w, in)) >> 32));
}

SH_SOP(s_mul_hi_i32)
{
    int64_t p = (int64_t)(int32_t)s0_32(w, in) * (int32_t)s1_32(w, in);

    d32(w, in, (uint32_t)((uint64_t)p >> 32));
}

/* Bit-field extract: width 0 gives 0, a field past the top is cut there. */
static uint64_t bfe(uint64_t v, uint32_t ctl, unsigned bits, bool sign)
{
    unsigned off = ctl & (bits - 1);
    unsigned width = (ctl >> SH_BFE_WIDTH_SHIFT) & SH_BFE_WIDTH_MASK;
    uint64_t r;

    if (!width) {
        return 0;
    }
    if (width > bits - off) {
        width = bits - off;
    }
    r = v >> off;
    if (width < 64) {
        r &= (1ull << width) - 1;
        if (sign && (r >> (width - 1)) & 1) {
            r |= ~0ull << width;
        }
    }
    return bits == 32 ? (uint32_t)r : r;
}

SH_SOP(s_bfe_u32)
{
    uint32_t r = bfe(s0_32(w, in), s1_32(w, in), 32, false);

    d32(w, in, r);
    w->scc = r != 0;
}

SH_SOP(s_bfe_i32)
{
    uint32_t r = bfe(s0_32(w, in), s1_32(w, in), 32, true);

    d32(w, in, r);
    w->scc = r != 0;
}

SH_SOP(s_bfe_u64)
{
    uint64_t r = bfe(s0_64(w, in), s1_32(w, in), 64, false);

    d64(w, in, r);
    w->scc = r != 0;
}

SH_SOP(s_bfe_i64)
{
    uint64_t r = bfe(s0_64(w, in), s1_32(w, in), 64, true);

    d64(w, in, r);
    w->scc = r != 0;
}

/* gfx9 s_lshlN_add_u32: (S0 << N) + S1, SCC the unsigned overflow. */
static void lshl_add(AemuWave *w, const AemuShInst *in, unsigned n)
{
    uint64_t r = ((uint64_t)s0_32(w, in) << n) + s1_32(w, in);

    d32(w, in, (uint32_t)r);
    w->scc = (r >> 32) != 0;
}

SH_SOP(s_lshl1_add_u32) { lshl_add(w, in, 1); }
SH_SOP(s_lshl2_add_u32) { lshl_add(w, in, 2); }
SH_SOP(s_lshl3_add_u32) { lshl_add(w, in, 3); }
SH_SOP(s_lshl4_add_u32) { lshl_add(w, in, 4); }

#define SH_LO16 0x0000ffffu
#define SH_HI16 0xffff0000u

SH_SOP(s_pack_ll_b32_b16)
{
    d32(w, in, (s0_32(w, in) & SH_LO16) | s1_32(w, in) << 16);
}

SH_SOP(s_pack_lh_b32_b16)
{
    d32(w, in, (s0_32(w, in) & SH_LO16) | (s1_32(w, in) & SH_HI16));
}

SH_SOP(s_pack_hh_b32_b16)
{
    d32(w, in, s0_32(w, in) >> 16 | (s1_32(w, in) & SH_HI16));
}

/* ---- SOPK ---- */

static inline uint32_t sdst32(const AemuWave *w, const AemuShInst *in)
{
    return aemu_sh_sread(w, in->dst);
}

SH_SOP(s_movk_i32)
{
    d32(w, in, (uint32_t)in->simm);
}

SH_SOP(s_cmovk_i32)
{
    if (w->scc) {
        d32(w, in, (uint32_t)in->simm);
    }
}

/* SIMM16 compares: sign-extended for _i32, zero-extended for _u32. */
#define SOPK_CMPI(fn, op) \
    SH_SOP(fn) \
    { \
        w->scc = (int32_t)sdst32(w, in) op (int32_t)in->simm; \
    }
#define SOPK_CMPU(fn, op) \
    SH_SOP(fn) \
    { \
        w->scc = sdst32(w, in) op (uint32_t)(uint16_t)in->simm; \
    }
SOPK_CMPI(s_cmpk_eq_i32, ==)
SOPK_CMPI(s_cmpk_lg_i32, !=)
SOPK_CMPI(s_cmpk_gt_i32, >)
SOPK_CMPI(s_cmpk_ge_i32, >=)
SOPK_CMPI(s_cmpk_lt_i32, <)
SOPK_CMPI(s_cmpk_le_i32, <=)
SOPK_CMPU(s_cmpk_eq_u32, ==)
SOPK_CMPU(s_cmpk_lg_u32, !=)
SOPK_CMPU(s_cmpk_gt_u32, >)
SOPK_CMPU(s_cmpk_ge_u32, >=)
SOPK_CMPU(s_cmpk_lt_u32, <)
SOPK_CMPU(s_cmpk_le_u32, <=)

SH_SOP(s_addk_i32)
{
    uint32_t a = sdst32(w, in), b = (uint32_t)in->simm, r = a + b;

    d32(w, in, r);
    w->scc = ((a ^ r) & (b ^ r)) >> 31;
}

SH_SOP(s_mulk_i32)
{
    d32(w, in, sdst32(w, in) * (uint32_t)in->simm);
}

/* The hardware registers s_getreg_b32 reads. */
static uint32_t hwreg_read(const AemuWave *w, unsigned id)
{
    bool gfx9 = sh_gen(w) == AEMU_SH_GFX9;
    unsigned sgran = gfx9 ? SH_SGPR_GRANULE_GFX9 : SH_SGPR_GRANULE_GFX7;

    switch (id) {
    case AEMU_SH_HW_REG_MODE:
        return w->mode;
    case AEMU_SH_HW_REG_STATUS:
        return (w->status & ~(AEMU_SH_WAVE_STATUS_SCC_MASK |
                              AEMU_SH_WAVE_STATUS_EXECZ_MASK |
                              AEMU_SH_WAVE_STATUS_VCCZ_MASK)) |
               (uint32_t)w->scc << AEMU_SH_WAVE_STATUS_SCC_SHIFT |
               (uint32_t)(w->exec == 0) << AEMU_SH_WAVE_STATUS_EXECZ_SHIFT |
               (uint32_t)(w->vcc == 0) << AEMU_SH_WAVE_STATUS_VCCZ_SHIFT;
    case AEMU_SH_HW_REG_TRAPSTS:
        return w->trapsts;
    case AEMU_SH_HW_REG_HW_ID:
        return w->hw_id;
    case AEMU_SH_HW_REG_GPR_ALLOC:
        return ((MAX(w->num_vgprs, SH_VGPR_GRANULE) / SH_VGPR_GRANULE - 1)
                << AEMU_SH_WAVE_GPR_ALLOC_VGPR_SIZE_SHIFT &
                AEMU_SH_WAVE_GPR_ALLOC_VGPR_SIZE_MASK) |
               ((MAX(w->num_sgprs, sgran) / sgran - 1)
                << AEMU_SH_WAVE_GPR_ALLOC_SGPR_SIZE_SHIFT &
                AEMU_SH_WAVE_GPR_ALLOC_SGPR_SIZE_MASK);
    case AEMU_SH_HW_REG_LDS_ALLOC:
        return (w->lds_size / SH_LDS_GRANULE_BYTES)
               << AEMU_SH_WAVE_LDS_ALLOC_LDS_SIZE_SHIFT &
               AEMU_SH_WAVE_LDS_ALLOC_LDS_SIZE_MASK;
    case SH_HW_REG_MEM_BASES_GFX9:
        if (gfx9) {
            return (uint32_t)w->ctx->shared_base << SH_MEM_BASES_SHARED_SHIFT |
                   w->ctx->private_base;
        }
        return 0;
    default:
        return 0;
    }
}

static uint32_t hwreg_field_mask(int32_t simm, unsigned *id, unsigned *off)
{
    unsigned size = (((uint32_t)simm >> SH_HWREG_SIZE_SHIFT) &
                     SH_HWREG_SIZE_MASK) + 1;

    *id = simm & SH_HWREG_ID_MASK;
    *off = ((uint32_t)simm >> SH_HWREG_OFF_SHIFT) & SH_HWREG_OFF_MASK;
    return (size >= 32 ? UINT32_MAX : (1u << size) - 1) << *off;
}

SH_SOP(s_getreg_b32)
{
    unsigned id, off;
    uint32_t mask = hwreg_field_mask(in->simm, &id, &off);

    d32(w, in, (hwreg_read(w, id) & mask) >> off);
}

/* Only MODE and TRAPSTS take writes; the rest are the hardware's. */
static void hwreg_write(AemuWave *w, const AemuShInst *in, uint32_t v)
{
    unsigned id, off;
    uint32_t mask = hwreg_field_mask(in->simm, &id, &off);

    v = (v << off) & mask;
    if (id == AEMU_SH_HW_REG_MODE) {
        w->mode = (w->mode & ~mask) | v;
    } else if (id == AEMU_SH_HW_REG_TRAPSTS) {
        w->trapsts = (w->trapsts & ~mask) | v;
    }
}

SH_SOP(s_setreg_b32)
{
    hwreg_write(w, in, sdst32(w, in));
}

SH_SOP(s_setreg_imm32_b32)
{
    hwreg_write(w, in, s0_32(w, in));
}

SH_SOP(s_call_b64)
{
    /* PC already points past the instruction: the return address. */
    d64(w, in, w->pc);
    w->pc += (int64_t)in->simm * 4;
}

/* ---- SOP1 ---- */

SH_SOP(s_mov_b32) { d32(w, in, s0_32(w, in)); }
SH_SOP(s_mov_b64) { d64(w, in, s0_64(w, in)); }

SH_SOP(s_cmov_b32)
{
    if (w->scc) {
        d32(w, in, s0_32(w, in));
    }
}

SH_SOP(s_cmov_b64)
{
    if (w->scc) {
        d64(w, in, s0_64(w, in));
    }
}

#define SOP1_NZ32(fn, expr) \
    SH_SOP(fn) \
    { \
        uint32_t a = s0_32(w, in), r = (expr); \
        d32(w, in, r); \
        w->scc = r != 0; \
    }
#define SOP1_NZ64(fn, expr) \
    SH_SOP(fn) \
    { \
        uint64_t a = s0_64(w, in), r = (expr); \
        d64(w, in, r); \
        w->scc = r != 0; \
    }

/* Every quad of lanes with a lane on becomes all on. */
static uint64_t wqm(uint64_t a)
{
    uint64_t r = 0;

    for (unsigned q = 0; q < 64; q += SH_QUAD_BITS) {
        if ((a >> q) & SH_QUAD_MASK) {
            r |= (uint64_t)SH_QUAD_MASK << q;
        }
    }
    return r;
}

/* One bit per quad of lanes: whether any lane of it is on. */
static uint64_t quadmask(uint64_t a, unsigned bits)
{
    uint64_t r = 0;

    for (unsigned q = 0; q < bits / SH_QUAD_BITS; q++) {
        r |= (uint64_t)(((a >> (q * SH_QUAD_BITS)) & SH_QUAD_MASK) != 0) << q;
    }
    return r;
}

static uint64_t brev64(uint64_t a)
{
    uint64_t r = 0;

    for (unsigned i = 0; i < 64; i++) {
        r |= ((a >> i) & 1) << (63 - i);
    }
    return r;
}

SOP1_NZ32(s_not_b32, ~a)
SOP1_NZ64(s_not_b64, ~a)
SOP1_NZ32(s_wqm_b32, (uint32_t)wqm(a))
SOP1_NZ64(s_wqm_b64, wqm(a))
SOP1_NZ32(s_bcnt0_i32_b32, 32 - __builtin_popcount(a))
SOP1_NZ32(s_bcnt1_i32_b32, __builtin_popcount(a))
SOP1_NZ32(s_quadmask_b32, (uint32_t)quadmask(a, 32))
SOP1_NZ64(s_quadmask_b64, quadmask(a, 64))
SOP1_NZ32(s_abs_i32, (int32_t)a < 0 ? -a : a)

SH_SOP(s_bcnt0_i32_b64)
{
    uint32_t r = 64 - __builtin_popcountll(s0_64(w, in));

    d32(w, in, r);
    w->scc = r != 0;
}

SH_SOP(s_bcnt1_i32_b64)
{
    uint32_t r = __builtin_popcountll(s0_64(w, in));

    d32(w, in, r);
    w->scc = r != 0;
}

SH_SOP(s_brev_b32) { d32(w, in, (uint32_t)(brev64(s0_32(w, in)) >> 32)); }
SH_SOP(s_brev_b64) { d64(w, in, brev64(s0_64(w, in))); }

/* Find-first: a bit index, or -1 when there is none. */
SH_SOP(s_ff0_i32_b32)
{
    uint32_t a = ~s0_32(w, in);

    d32(w, in, a ? (uint32_t)__builtin_ctz(a) : UINT32_MAX);
}

SH_SOP(s_ff0_i32_b64)
{
    uint64_t a = ~s0_64(w, in);

    d32(w, in, a ? (uint32_t)__builtin_ctzll(a) : UINT32_MAX);
}

SH_SOP(s_ff1_i32_b32)
{
    uint32_t a = s0_32(w, in);

    d32(w, in, a ? (uint32_t)__builtin_ctz(a) : UINT32_MAX);
}

SH_SOP(s_ff1_i32_b64)
{
    uint64_t a = s0_64(w, in);

    d32(w, in, a ? (uint32_t)__builtin_ctzll(a) : UINT32_MAX);
}

/* Find-last from the MSB: leading zeros, or -1 for 0. */
SH_SOP(s_flbit_i32_b32)
{
    uint32_t a = s0_32(w, in);

    d32(w, in, a ? (uint32_t)__builtin_clz(a) : UINT32_MAX);
}

SH_SOP(s_flbit_i32_b64)
{
    uint64_t a = s0_64(w, in);

    d32(w, in, a ? (uint32_t)__builtin_clzll(a) : UINT32_MAX);
}

/* Signed: the first bit that differs from the sign, -1 for 0 and -1. */
SH_SOP(s_flbit_i32)
{
    uint32_t a = s0_32(w, in), x = (int32_t)a < 0 ? ~a : a;

    d32(w, in, x ? (uint32_t)__builtin_clz(x) : UINT32_MAX);
}

SH_SOP(s_flbit_i32_i64)
{
    uint64_t a = s0_64(w, in), x = (int64_t)a < 0 ? ~a : a;

    d32(w, in, x ? (uint32_t)__builtin_clzll(x) : UINT32_MAX);
}

SH_SOP(s_sext_i32_i8) { d32(w, in, (uint32_t)(int8_t)s0_32(w, in)); }
SH_SOP(s_sext_i32_i16) { d32(w, in, (uint32_t)(int16_t)s0_32(w, in)); }

SH_SOP(s_bitset0_b32)
{
    d32(w, in, sdst32(w, in) & ~(1u << (s0_32(w, in) & SH_SHIFT32_MASK)));
}

SH_SOP(s_bitset1_b32)
{
    d32(w, in, sdst32(w, in) | 1u << (s0_32(w, in) & SH_SHIFT32_MASK));
}

SH_SOP(s_bitset0_b64)
{
    uint64_t v = sh_sread64(w, in->dst);

    d64(w, in, v & ~(1ull << (s0_32(w, in) & SH_SHIFT64_MASK)));
}

SH_SOP(s_bitset1_b64)
{
    uint64_t v = sh_sread64(w, in->dst);

    d64(w, in, v | 1ull << (s0_32(w, in) & SH_SHIFT64_MASK));
}

SH_SOP(s_bitreplicate_b64_b32)
{
    uint32_t a = s0_32(w, in);
    uint64_t r = 0;

    for (unsigned i = 0; i < 32; i++) {
        r |= (uint64_t)((a >> i) & 1) * 3 << (2 * i);
    }
    d64(w, in, r);
}

SH_SOP(s_getpc_b64)
{
    d64(w, in, w->pc);          /* the next instruction's address */
}

SH_SOP(s_setpc_b64)
{
    w->pc = s0_64(w, in);
}

SH_SOP(s_swappc_b64)
{
    uint64_t target = s0_64(w, in);

    d64(w, in, w->pc);
    w->pc = target;
}

/*
 * The saveexec family: D = EXEC, then EXEC = f(S0, EXEC), SCC = EXEC != 0;
 * gfx9's wrexec forms write the new EXEC to D instead.
 */
typedef enum ShExecOp {
    SH_X_AND, SH_X_OR, SH_X_XOR, SH_X_ANDN2, SH_X_ORN2, SH_X_NAND, SH_X_NOR,
    SH_X_XNOR, SH_X_ANDN1, SH_X_ORN1,
} ShExecOp;

static uint64_t exec_op(ShExecOp op, uint64_t s, uint64_t e)
{
    switch (op) {
    case SH_X_AND: return s & e;
    case SH_X_OR: return s | e;
    case SH_X_XOR: return s ^ e;
    case SH_X_ANDN2: return s & ~e;
    case SH_X_ORN2: return s | ~e;
    case SH_X_NAND: return ~(s & e);
    case SH_X_NOR: return ~(s | e);
    case SH_X_XNOR: return ~(s ^ e);
    case SH_X_ANDN1: return ~s & e;
    default: return ~s | e;
    }
}

static void saveexec(AemuWave *w, const AemuShInst *in, ShExecOp op,
                     bool wrexec)
{
    uint64_t s = s0_64(w, in), old = w->exec, now = exec_op(op, s, old);

    d64(w, in, wrexec ? now : old);
    w->exec = now;
    w->scc = now != 0;
}

#define SAVEEXEC(fn, op, wr) SH_SOP(fn) { saveexec(w, in, op, wr); }
SAVEEXEC(s_and_saveexec_b64, SH_X_AND, false)
SAVEEXEC(s_or_saveexec_b64, SH_X_OR, false)
SAVEEXEC(s_xor_saveexec_b64, SH_X_XOR, false)
SAVEEXEC(s_andn2_saveexec_b64, SH_X_ANDN2, false)
SAVEEXEC(s_orn2_saveexec_b64, SH_X_ORN2, false)
SAVEEXEC(s_nand_saveexec_b64, SH_X_NAND, false)
SAVEEXEC(s_nor_saveexec_b64, SH_X_NOR, false)
SAVEEXEC(s_xnor_saveexec_b64, SH_X_XNOR, false)
SAVEEXEC(s_andn1_saveexec_b64, SH_X_ANDN1, false)
SAVEEXEC(s_orn1_saveexec_b64, SH_X_ORN1, false)
/* s_andn1_wrexec: EXEC = ~S0 & EXEC; s_andn2_wrexec: EXEC = S0 & ~EXEC. */
SAVEEXEC(s_andn1_wrexec_b64, SH_X_ANDN1, true)
SAVEEXEC(s_andn2_wrexec_b64, SH_X_ANDN2, true)

/* M0-relative SGPRs: the source or destination code plus M0. */
static bool movrel_code(AemuDevice *d, AemuWave *w, const AemuShInst *in,
                        unsigned base, unsigned n, unsigned *code)
{
    uint64_t c = (uint64_t)base + w->m0;

    if (c + n > SH_SREG_CODES) {
        aemu_sh_halt(d, w, in, "%s: s%u + m0 (%u) is outside the SGPRs at "
                     "pc 0x%" PRIx64, sh_info(in)->name, base, w->m0, in->pc);
        return false;
    }
    *code = (unsigned)c;
    return true;
}

static void movrels(AemuDevice *d, AemuWave *w, const AemuShInst *in,
                    unsigned n)
{
    unsigned c;

    if (in->src[0].kind != SH_KIND_SGPR) {
        aemu_sh_unimplemented(d, w, in);
    } else if (movrel_code(d, w, in, in->src[0].reg, n, &c)) {
        for (unsigned i = 0; i < n; i++) {
            aemu_sh_swrite(w, in->dst + i, aemu_sh_sread(w, c + i));
        }
    }
}

static void movreld(AemuDevice *d, AemuWave *w, const AemuShInst *in,
                    unsigned n)
{
    uint64_t v = n == 1 ? s0_32(w, in) : s0_64(w, in);
    unsigned c;

    if (movrel_code(d, w, in, in->dst, n, &c)) {
        for (unsigned i = 0; i < n; i++) {
            aemu_sh_swrite(w, c + i, (uint32_t)(v >> (32 * i)));
        }
    }
}

SH_SOP(s_movrels_b32) { movrels(d, w, in, 1); }
SH_SOP(s_movrels_b64) { movrels(d, w, in, 2); }
SH_SOP(s_movreld_b32) { movreld(d, w, in, 1); }
SH_SOP(s_movreld_b64) { movreld(d, w, in, 2); }

/* ---- SOPC ---- */

#define SOPC_CMP(fn, type, op) \
    SH_SOP(fn) \
    { \
        w->scc = (type)s0_32(w, in) op (type)s1_32(w, in); \
    }
SOPC_CMP(s_cmp_eq_i32, int32_t, ==)
SOPC_CMP(s_cmp_lg_i32, int32_t, !=)
SOPC_CMP(s_cmp_gt_i32, int32_t, >)
SOPC_CMP(s_cmp_ge_i32, int32_t, >=)
SOPC_CMP(s_cmp_lt_i32, int32_t, <)
SOPC_CMP(s_cmp_le_i32, int32_t, <=)
SOPC_CMP(s_cmp_eq_u32, uint32_t, ==)
SOPC_CMP(s_cmp_lg_u32, uint32_t, !=)
SOPC_CMP(s_cmp_gt_u32, uint32_t, >)
SOPC_CMP(s_cmp_ge_u32, uint32_t, >=)
SOPC_CMP(s_cmp_lt_u32, uint32_t, <)
SOPC_CMP(s_cmp_le_u32, uint32_t, <=)

SH_SOP(s_cmp_eq_u64) { w->scc = s0_64(w, in) == s1_64(w, in); }
SH_SOP(s_cmp_lg_u64) { w->scc = s0_64(w, in) != s1_64(w, in); }

SH_SOP(s_bitcmp0_b32)
{
    w->scc = !((s0_32(w, in) >> (s1_32(w, in) & SH_SHIFT32_MASK)) & 1);
}

SH_SOP(s_bitcmp1_b32)
{
    w->scc = (s0_32(w, in) >> (s1_32(w, in) & SH_SHIFT32_MASK)) & 1;
}

SH_SOP(s_bitcmp0_b64)
{
    w->scc = !((s0_64(w, in) >> (s1_32(w, in) & SH_SHIFT64_MASK)) & 1);
}

SH_SOP(s_bitcmp1_b64)
{
    w->scc = (s0_64(w, in) >> (s1_32(w, in) & SH_SHIFT64_MASK)) & 1;
}

AemuShExecFn *aemu_sh_salu_handler(AemuShOp op)
{
    switch (op) {
#define H(name) case SH_OP_##name: return name
#define HU(name, fn) case SH_OP_##name: return fn
    /* SOP2 */
    HU(S_ADD_U32, s_add_u32); HU(S_SUB_U32, s_sub_u32);
    HU(S_ADD_I32, s_add_i32); HU(S_SUB_I32, s_sub_i32);
    HU(S_ADDC_U32, s_addc_u32); HU(S_SUBB_U32, s_subb_u32);
    HU(S_MIN_I32, s_min_i32); HU(S_MIN_U32, s_min_u32);
    HU(S_MAX_I32, s_max_i32); HU(S_MAX_U32, s_max_u32);
    HU(S_CSELECT_B32, s_cselect_b32); HU(S_CSELECT_B64, s_cselect_b64);
    HU(S_AND_B32, s_and_b32); HU(S_AND_B64, s_and_b64);
    HU(S_OR_B32, s_or_b32); HU(S_OR_B64, s_or_b64);
    HU(S_XOR_B32, s_xor_b32); HU(S_XOR_B64, s_xor_b64);
    HU(S_ANDN2_B32, s_andn2_b32); HU(S_ANDN2_B64, s_andn2_b64);
    HU(S_ORN2_B32, s_orn2_b32); HU(S_ORN2_B64, s_orn2_b64);
    HU(S_NAND_B32, s_nand_b32); HU(S_NAND_B64, s_nand_b64);
    HU(S_NOR_B32, s_nor_b32); HU(S_NOR_B64, s_nor_b64);
    HU(S_XNOR_B32, s_xnor_b32); HU(S_XNOR_B64, s_xnor_b64);
    HU(S_LSHL_B32, s_lshl_b32); HU(S_LSHL_B64, s_lshl_b64);
    HU(S_LSHR_B32, s_lshr_b32); HU(S_LSHR_B64, s_lshr_b64);
    HU(S_ASHR_I32, s_ashr_i32); HU(S_ASHR_I64, s_ashr_i64);
    HU(S_BFM_B32, s_bfm_b32); HU(S_BFM_B64, s_bfm_b64);
    HU(S_MUL_I32, s_mul_i32);
    HU(S_MUL_HI_U32, s_mul_hi_u32); HU(S_MUL_HI_I32, s_mul_hi_i32);
    HU(S_BFE_U32, s_bfe_u32); HU(S_BFE_I32, s_bfe_i32);
    HU(S_BFE_U64, s_bfe_u64); HU(S_BFE_I64, s_bfe_i64);
    HU(S_ABSDIFF_I32, s_absdiff_i32);
    HU(S_LSHL1_ADD_U32, s_lshl1_add_u32); HU(S_LSHL2_ADD_U32, s_lshl2_add_u32);
    HU(S_LSHL3_ADD_U32, s_lshl3_add_u32); HU(S_LSHL4_ADD_U32, s_lshl4_add_u32);
    HU(S_PACK_LL_B32_B16, s_pack_ll_b32_b16);
    HU(S_PACK_LH_B32_B16, s_pack_lh_b32_b16);
    HU(S_PACK_HH_B32_B16, s_pack_hh_b32_b16);
    /* SOPK */
    HU(S_MOVK_I32, s_movk_i32); HU(S_CMOVK_I32, s_cmovk_i32);
    HU(S_CMPK_EQ_I32, s_cmpk_eq_i32); HU(S_CMPK_LG_I32, s_cmpk_lg_i32);
    HU(S_CMPK_GT_I32, s_cmpk_gt_i32); HU(S_CMPK_GE_I32, s_cmpk_ge_i32);
    HU(S_CMPK_LT_I32, s_cmpk_lt_i32); HU(S_CMPK_LE_I32, s_cmpk_le_i32);
    HU(S_CMPK_EQ_U32, s_cmpk_eq_u32); HU(S_CMPK_LG_U32, s_cmpk_lg_u32);
    HU(S_CMPK_GT_U32, s_cmpk_gt_u32); HU(S_CMPK_GE_U32, s_cmpk_ge_u32);
    HU(S_CMPK_LT_U32, s_cmpk_lt_u32); HU(S_CMPK_LE_U32, s_cmpk_le_u32);
    HU(S_ADDK_I32, s_addk_i32); HU(S_MULK_I32, s_mulk_i32);
    HU(S_GETREG_B32, s_getreg_b32); HU(S_GETREG_REGRD_B32, s_getreg_b32);
    HU(S_SETREG_B32, s_setreg_b32);
    HU(S_SETREG_IMM32_B32, s_setreg_imm32_b32);
    HU(S_CALL_B64, s_call_b64);
    /* SOP1 */
    HU(S_MOV_B32, s_mov_b32); HU(S_MOV_B64, s_mov_b64);
    HU(S_MOV_FED_B32, s_mov_b32); HU(S_MOV_REGRD_B32, s_mov_b32);
    HU(S_CMOV_B32, s_cmov_b32); HU(S_CMOV_B64, s_cmov_b64);
    HU(S_NOT_B32, s_not_b32); HU(S_NOT_B64, s_not_b64);
    HU(S_WQM_B32, s_wqm_b32); HU(S_WQM_B64, s_wqm_b64);
    HU(S_BREV_B32, s_brev_b32); HU(S_BREV_B64, s_brev_b64);
    HU(S_BCNT0_I32_B32, s_bcnt0_i32_b32); HU(S_BCNT0_I32_B64, s_bcnt0_i32_b64);
    HU(S_BCNT1_I32_B32, s_bcnt1_i32_b32); HU(S_BCNT1_I32_B64, s_bcnt1_i32_b64);
    HU(S_FF0_I32_B32, s_ff0_i32_b32); HU(S_FF0_I32_B64, s_ff0_i32_b64);
    HU(S_FF1_I32_B32, s_ff1_i32_b32); HU(S_FF1_I32_B64, s_ff1_i32_b64);
    HU(S_FLBIT_I32_B32, s_flbit_i32_b32); HU(S_FLBIT_I32_B64, s_flbit_i32_b64);
    HU(S_FLBIT_I32, s_flbit_i32); HU(S_FLBIT_I32_I64, s_flbit_i32_i64);
    HU(S_SEXT_I32_I8, s_sext_i32_i8); HU(S_SEXT_I32_I16, s_sext_i32_i16);
    HU(S_BITSET0_B32, s_bitset0_b32); HU(S_BITSET0_B64, s_bitset0_b64);
    HU(S_BITSET1_B32, s_bitset1_b32); HU(S_BITSET1_B64, s_bitset1_b64);
    HU(S_BITREPLICATE_B64_B32, s_bitreplicate_b64_b32);
    HU(S_GETPC_B64, s_getpc_b64); HU(S_SETPC_B64, s_setpc_b64);
    HU(S_SWAPPC_B64, s_swappc_b64);
    HU(S_AND_SAVEEXEC_B64, s_and_saveexec_b64);
    HU(S_OR_SAVEEXEC_B64, s_or_saveexec_b64);
    HU(S_XOR_SAVEEXEC_B64, s_xor_saveexec_b64);
    HU(S_ANDN2_SAVEEXEC_B64, s_andn2_saveexec_b64);
    HU(S_ORN2_SAVEEXEC_B64, s_orn2_saveexec_b64);
    HU(S_NAND_SAVEEXEC_B64, s_nand_saveexec_b64);
    HU(S_NOR_SAVEEXEC_B64, s_nor_saveexec_b64);
    HU(S_XNOR_SAVEEXEC_B64, s_xnor_saveexec_b64);
    HU(S_ANDN1_SAVEEXEC_B64, s_andn1_saveexec_b64);
    HU(S_ORN1_SAVEEXEC_B64, s_orn1_saveexec_b64);
    HU(S_ANDN1_WREXEC_B64, s_andn1_wrexec_b64);
    HU(S_ANDN2_WREXEC_B64, s_andn2_wrexec_b64);
    HU(S_QUADMASK_B32, s_quadmask_b32); HU(S_QUADMASK_B64, s_quadmask_b64);
    HU(S_MOVRELS_B32, s_movrels_b32); HU(S_MOVRELS_B64, s_movrels_b64);
    HU(S_MOVRELD_B32, s_movreld_b32); HU(S_MOVRELD_B64, s_movreld_b64);
    HU(S_ABS_I32, s_abs_i32);
    /* SOPC */
    HU(S_CMP_EQ_I32, s_cmp_eq_i32); HU(S_CMP_LG_I32, s_cmp_lg_i32);
    HU(S_CMP_GT_I32, s_cmp_gt_i32); HU(S_CMP_GE_I32, s_cmp_ge_i32);
    HU(S_CMP_LT_I32, s_cmp_lt_i32); HU(S_CMP_LE_I32, s_cmp_le_i32);
    HU(S_CMP_EQ_U32, s_cmp_eq_u32); HU(S_CMP_LG_U32, s_cmp_lg_u32);
    HU(S_CMP_GT_U32, s_cmp_gt_u32); HU(S_CMP_GE_U32, s_cmp_ge_u32);
    HU(S_CMP_LT_U32, s_cmp_lt_u32); HU(S_CMP_LE_U32, s_cmp_le_u32);
    HU(S_CMP_EQ_U64, s_cmp_eq_u64); HU(S_CMP_LG_U64, s_cmp_lg_u64);
    HU(S_BITCMP0_B32, s_bitcmp0_b32); HU(S_BITCMP1_B32, s_bitcmp1_b32);
    HU(S_BITCMP0_B64, s_bitcmp0_b64); HU(S_BITCMP1_B64, s_bitcmp1_b64);
#undef H
#undef HU
    default:
        return NULL;
    }
}
