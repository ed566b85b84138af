/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * amdgpu-emu core: gfx9's vector ALU modifiers DPP (data parallel
 * primitives: SRC0 read from another lane) and SDWA (sub-dword
 * addressing: bytes and words of the sources and of the destination),
 * the extra dword a VOP1, VOP2 or VOPC carries when its SRC0 is 250 or
 * 249 (Vega ISA "DPP" and "SDWA"; aco_assembler.cpp; the fields are
 * gc_9_0_sh_mask.h SQ_VOP_DPP / SQ_VOP_SDWA, the values
 * gfx_8_0_enum.h SQ_DPP_* / SQ_SDWA_*).
 *
 * Both are handled around the op, not inside it: the decoder points the
 * op's sources (and SDWA's destination) at staging rows of the wave
 * (SH_VGPR_STAGE_*), and the wrappers here fill those rows, narrow EXEC
 * to the lanes DPP writes, run the op's own handler and place SDWA's
 * result. So every op runs the same code with or without a modifier, and
 * an unmodified instruction pays nothing for them.
 *
 * DPP lanes: a lane whose source lane is out of its row (or wave) or
 * disabled in EXEC has an invalid source; with BOUND_CTRL it reads 0 and
 * is written, without it the lane is not written. ROW_MASK and BANK_MASK
 * (rows of 16 lanes, banks of 4 within each row) disable the writes of
 * whole rows and banks; those lanes keep their old value, as do the
 * lanes EXEC disables.
 */
#include "shader_interp.h"

/* DPP_CTRL values (gfx_8_0_enum.h SQ_DPP_*). */
#define SH_DPP_QUAD_PERM_LAST   0x0ffu
#define SH_DPP_ROW_SL0          0x100u  /* row_shl:n is 0x100 + n */
#define SH_DPP_ROW_SR0          0x110u
#define SH_DPP_ROW_RR0          0x120u
#define SH_DPP_SHIFT_MASK       0x00fu
#define SH_DPP_WF_SL1           0x130u
#define SH_DPP_WF_RL1           0x134u
#define SH_DPP_WF_SR1           0x138u
#define SH_DPP_WF_RR1           0x13cu
#define SH_DPP_ROW_MIRROR       0x140u
#define SH_DPP_ROW_HALF_MIRROR  0x141u
#define SH_DPP_ROW_BCAST15      0x142u
#define SH_DPP_ROW_BCAST31      0x143u
#define SH_DPP_CTRL_COUNT       0x144u

#define SH_DPP_ROW_LANES        16u
#define SH_DPP_HALF_ROW_LANES   8u
#define SH_DPP_QUAD_LANES       4u
#define SH_DPP_QUAD_SEL_BITS    2u
/* The lane row_bcast:31 broadcasts, and the first row it reaches. */
#define SH_DPP_BCAST31_LANE     31u
#define SH_DPP_BCAST31_ROW      2u
/* No source lane: out of range. */
#define SH_DPP_INVALID          (-1)

#define SH_BYTE_BITS            8u
#define SH_WORD_BITS            16u
#define SH_DWORD_BITS           32u
#define SH_SDWA_SEL_MAX         SH_SDWA_DWORD
#define SH_SDWA_UNUSED_MAX      SH_SDWA_UNUSED_PRESERVE

/* ---- DPP ---- */

/*
 * The source lane of lane l under DPP_CTRL ctrl, or SH_DPP_INVALID;
 * false if ctrl is a reserved value.
 */
static bool dpp_source(unsigned ctrl, unsigned l, int *src)
{
    unsigned row = l & ~(SH_DPP_ROW_LANES - 1);
    unsigned in_row = l % SH_DPP_ROW_LANES;
    unsigned n = ctrl & SH_DPP_SHIFT_MASK;

    if (ctrl <= SH_DPP_QUAD_PERM_LAST) {
        unsigned q = l % SH_DPP_QUAD_LANES;
        unsigned sel = (ctrl >> (q * SH_DPP_QUAD_SEL_BITS)) &
                       (SH_DPP_QUAD_LANES - 1);

        *src = (int)(l - q + sel);
        return true;
    }
    if (n && (ctrl & ~SH_DPP_SHIFT_MASK) == SH_DPP_ROW_SL0) {
        /* row_shl:n: lane l reads lane l + n of its row. */
        *src = in_row + n < SH_DPP_ROW_LANES ? (int)(l + n) : SH_DPP_INVALID;
        return true;
    }
    if (n && (ctrl & ~SH_DPP_SHIFT_MASK) == SH_DPP_ROW_SR0) {
        /* row_shr:n: lane l reads lane l - n of its row. */
        *src = in_row >= n ? (int)(l - n) : SH_DPP_INVALID;
        return true;
    }
    if (n && (ctrl & ~SH_DPP_SHIFT_MASK) == SH_DPP_ROW_RR0) {
        /* row_ror:n: the row rotated right by n lanes. */
        *src = (int)(row + (in_row + SH_DPP_ROW_LANES - n) % SH_DPP_ROW_LANES);
        return true;
    }
    switch (ctrl) {
    case SH_DPP_WF_SL1:
        *src = l + 1 < AEMU_WAVE_LANES ? (int)(l + 1) : SH_DPP_INVALID;
        return true;
    case SH_DPP_WF_RL1:
        *src = (int)((l + 1) % AEMU_WAVE_LANES);
        return true;
    case SH_DPP_WF_SR1:
        *src = l > 0 ? (int)(l - 1) : SH_DPP_INVALID;
        return true;
    case SH_DPP_WF_RR1:
        *src = (int)((l + AEMU_WAVE_LANES - 1) % AEMU_WAVE_LANES);
        return true;
    case SH_DPP_ROW_MIRROR:
        *src = (int)(row + SH_DPP_ROW_LANES - 1 - in_row);
        return true;
    case SH_DPP_ROW_HALF_MIRROR:
        *src = (int)((l & ~(SH_DPP_HALF_ROW_LANES - 1)) +
                     SH_DPP_HALF_ROW_LANES - 1 -
                     l % SH_DPP_HALF_ROW_LANES);
        return true;
    case SH_DPP_ROW_BCAST15:
        /* The last lane of each row to the next row; row 0 has none. */
        *src = row ? (int)row - 1 : SH_DPP_INVALID;
        return true;
    case SH_DPP_ROW_BCAST31:
        /* Lane 31 to rows 2 and 3. */
        *src = row >= SH_DPP_BCAST31_ROW * SH_DPP_ROW_LANES
               ? (int)SH_DPP_BCAST31_LANE : SH_DPP_INVALID;
        return true;
    default:
        return false;
    }
}

/*
 * Every control's source lanes, computed once: a DPP instruction then
 * costs a table walk, not a decision per lane.
 */
typedef struct ShDppMap {
    int8_t src[AEMU_WAVE_LANES];
    bool valid;             /* not a reserved DPP_CTRL */
} ShDppMap;

static ShDppMap sh_dpp_maps[SH_DPP_CTRL_COUNT];
static bool sh_dpp_maps_ready;

static const ShDppMap *dpp_map(unsigned ctrl)
{
    if (G_UNLIKELY(!sh_dpp_maps_ready)) {
        for (unsigned c = 0; c < SH_DPP_CTRL_COUNT; c++) {
            ShDppMap *m = &sh_dpp_maps[c];

            m->valid = true;
            for (unsigned l = 0; l < AEMU_WAVE_LANES && m->valid; l++) {
                int s = SH_DPP_INVALID;

                m->valid = dpp_source(c, l, &s);
                m->src[l] = (int8_t)s;
            }
        }
        sh_dpp_maps_ready = true;
    }
    return ctrl < SH_DPP_CTRL_COUNT ? &sh_dpp_maps[ctrl] : NULL;
}

/* Operands of 64 bits have no DPP or SDWA form. */
static bool op_32bit(const AemuShInst *in)
{
    switch (sh_info(in)->opnd) {
    case AEMU_SH_OPND_F64:
    case AEMU_SH_OPND_B64:
    case AEMU_SH_OPND_I64:
        return false;
    default:
        return true;
    }
}

/* abs/neg only where the op takes input modifiers (the float ops). */
static bool mods_ok(const AemuShInst *in)
{
    return !(in->abs | in->neg) || (sh_info(in)->flags & AEMU_SH_F_IN_MOD);
}

bool aemu_sh_dpp_supported(const AemuShInst *in, const char **why)
{
    const ShDppMap *m = dpp_map(in->dpp.ctrl);

    if (!m || !m->valid) {
        *why = "reserved DPP_CTRL";
        return false;
    }
    if (!op_32bit(in)) {
        *why = "64-bit operands";
        return false;
    }
    if (!mods_ok(in)) {
        *why = "neg/abs of an integer op";
        return false;
    }
    if (sh_info(in)->flags & AEMU_SH_F_CMPX) {
        /* Which lanes stay in EXEC when DPP does not write them? */
        *why = "v_cmpx";
        return false;
    }
    return true;
}

void aemu_sh_exec_dpp(AemuDevice *d, AemuWave *w, const AemuShInst *in)
{
    const ShDppMap *m = &sh_dpp_maps[in->dpp.ctrl];
    const uint32_t *row = w->vgpr[in->ext_src[0].reg];
    uint32_t *stage = w->vgpr[SH_VGPR_STAGE_SRC0];
    uint64_t exec = w->exec, write = 0;
    uint64_t invalid_writes = in->dpp.bound_ctrl ? SH_ALL_LANES : 0;

    for (unsigned l = 0; l < AEMU_WAVE_LANES; l++) {
        int s = m->src[l];

        if (s != SH_DPP_INVALID && (exec >> s & 1)) {
            stage[l] = row[s];
            write |= 1ull << l;
        } else {
            /* BOUND_CTRL: the invalid source reads 0 and the lane runs. */
            stage[l] = 0;
            write |= invalid_writes & (1ull << l);
        }
    }
    w->exec = exec & write & in->dpp.lanes;
    in->ext_exec(d, w, in);
    w->exec = exec;
}

/* ---- SDWA ---- */

/* Where a select's bits are: the lowest bit and the width. */
static inline void sdwa_field(unsigned sel, unsigned *shift, unsigned *width)
{
    if (sel < SH_SDWA_WORD_0) {
        *shift = sel * SH_BYTE_BITS;
        *width = SH_BYTE_BITS;
    } else if (sel < SH_SDWA_DWORD) {
        *shift = (sel - SH_SDWA_WORD_0) * SH_WORD_BITS;
        *width = SH_WORD_BITS;
    } else {
        *shift = 0;
        *width = SH_DWORD_BITS;
    }
}

bool aemu_sh_sdwa_supported(const AemuShInst *in, const char **why)
{
    const AemuShSdwa *sd = &in->sdwa;

    if (sd->sel[0] > SH_SDWA_SEL_MAX || sd->sel[1] > SH_SDWA_SEL_MAX ||
        sd->dst_sel > SH_SDWA_SEL_MAX) {
        *why = "reserved select";
        return false;
    }
    if (sd->dst_unused > SH_SDWA_UNUSED_MAX) {
        *why = "reserved DST_UNUSED";
        return false;
    }
    if (!op_32bit(in)) {
        *why = "64-bit operands";
        return false;
    }
    if (!mods_ok(in)) {
        *why = "neg/abs of an integer op";
        return false;
    }
    if (in->op == SH_OP_V_MAC_F32 || in->op == SH_OP_V_MAC_F16 ||
        in->op == SH_OP_V_MAC_LEGACY_F32) {
        /* Which bits of VDST would the accumulator be? gfx9 has none. */
        *why = "v_mac";
        return false;
    }
    return true;
}

/* Source i's selected bits, extended to 32, into its staging row. */
static void sdwa_stage_src(const AemuWave *w, const AemuShInst *in,
                           unsigned i, uint32_t *stage)
{
    const AemuShSrc *s = &in->ext_src[i];
    unsigned shift, width, up;
    bool sext = in->sdwa.sext[i];

    sdwa_field(in->sdwa.sel[i], &shift, &width);
    /* The field to the top of the word, then back down, extending. */
    up = SH_DWORD_BITS - shift - width;
    if (s->kind == SH_KIND_VGPR) {
        const uint32_t *row = w->vgpr[s->reg];

        if (sext) {
            for (unsigned l = 0; l < AEMU_WAVE_LANES; l++) {
                stage[l] = (uint32_t)((int32_t)(row[l] << up) >>
                                      (SH_DWORD_BITS - width));
            }
        } else {
            for (unsigned l = 0; l < AEMU_WAVE_LANES; l++) {
                stage[l] = (row[l] << up) >> (SH_DWORD_BITS - width);
            }
        }
    } else {
        uint32_t v = sh_ssrc32(w, s) << up;

        v = sext ? (uint32_t)((int32_t)v >> (SH_DWORD_BITS - width))
                 : v >> (SH_DWORD_BITS - width);
        for (unsigned l = 0; l < AEMU_WAVE_LANES; l++) {
            stage[l] = v;
        }
    }
}

/*
 * The result's low bits into DST_SEL's field of VDST in the lanes EXEC
 * enables; the other bits zero (PAD), the field's sign above it and
 * zeros below (SEXT), or VDST's own (PRESERVE).
 */
static void sdwa_place(AemuWave *w, const AemuShInst *in)
{
    const uint32_t *r = w->vgpr[SH_VGPR_STAGE_DST];
    uint32_t *dst = w->vgpr[in->ext_dst];
    const uint32_t *m = sh_exec_lanes(w);
    unsigned shift, width;
    uint32_t fmask, keep;
    bool sext = in->sdwa.dst_unused == SH_SDWA_UNUSED_SEXT;

    sdwa_field(in->sdwa.dst_sel, &shift, &width);
    fmask = (UINT32_MAX >> (SH_DWORD_BITS - width)) << shift;
    keep = in->sdwa.dst_unused == SH_SDWA_UNUSED_PRESERVE ? ~fmask : 0;
    for (unsigned l = 0; l < AEMU_WAVE_LANES; l++) {
        uint32_t v = (r[l] << shift) & fmask;

        if (sext) {
            /* The field's top bit copied into every bit above it. */
            v |= (uint32_t)((int32_t)(v << (SH_DWORD_BITS - shift - width))
                            >> (SH_DWORD_BITS - shift - width)) & ~fmask &
                 ~((1u << shift) - 1);
        }
        v |= dst[l] & keep;
        dst[l] = (dst[l] & ~m[l]) | (v & m[l]);
    }
}

void aemu_sh_exec_sdwa(AemuDevice *d, AemuWave *w, const AemuShInst *in)
{
    uint8_t stage = in->sdwa.stage;

    if (stage & SH_SDWA_STAGE_SRC0) {
        sdwa_stage_src(w, in, 0, w->vgpr[SH_VGPR_STAGE_SRC0]);
    }
    if (stage & SH_SDWA_STAGE_SRC1) {
        sdwa_stage_src(w, in, 1, w->vgpr[SH_VGPR_STAGE_SRC1]);
    }
    in->ext_exec(d, w, in);
    if ((stage & SH_SDWA_STAGE_DST) && w->state != AEMU_WAVE_HALTED) {
        sdwa_place(w, in);
    }
}
