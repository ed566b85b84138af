/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * amdgpu-emu core: gfx8/gfx9 VGPR indexing mode of the shader interpreter
 * (Vega ISA "s_set_gpr_idx_on"; LLVM's VGPR index mode for dynamically
 * indexed small arrays kept in VGPRs).
 *
 * s_set_gpr_idx_on puts an index in M0[7:0] and four enables in
 * M0[15:12] (SRC0, SRC1, SRC2, DST); until s_set_gpr_idx_off, the VALU
 * instructions' VGPR operands whose enable is set are offset by the
 * index. Compilers keep the indexed region to a few VALU instructions
 * between the on and the off, so the model runs the whole region in the
 * s_set_gpr_idx_on handler: the interpreter's loop never looks at the
 * mode, and nothing else pays for it. An instruction in the region other
 * than a VALU op, s_nop or the other s_set_gpr_idx_* halts visibly, as
 * does an offset register outside the wave's VGPRs (as v_movrel*).
 * s_set_gpr_idx_idx and s_set_gpr_idx_mode outside a region just set M0.
 */
#include "shader_interp.h"

#define SH_GPR_IDX_MASK         0xffu
#define SH_GPR_IDX_MODE_SHIFT   12
#define SH_GPR_IDX_MODE_MASK    0xfu
#define SH_GPR_IDX_SRC0         (1u << 0)
#define SH_GPR_IDX_DST          (1u << 3)
#define SH_DWORD_BYTES          4u
/* Instructions a region may hold before the model calls it runaway. */
#define SH_GPR_IDX_MAX_REGION   64u

#define SH_SOP(fn) \
    static void fn(AemuDevice *d, AemuWave *w, const AemuShInst *in)

static void set_idx(AemuWave *w, uint32_t idx)
{
    w->m0 = (w->m0 & ~SH_GPR_IDX_MASK) | (idx & SH_GPR_IDX_MASK);
}

static void set_mode(AemuWave *w, uint32_t mode)
{
    w->m0 = (w->m0 & ~(SH_GPR_IDX_MODE_MASK << SH_GPR_IDX_MODE_SHIFT)) |
            (mode & SH_GPR_IDX_MODE_MASK) << SH_GPR_IDX_MODE_SHIFT;
}

SH_SOP(s_set_gpr_idx_idx) { set_idx(w, sh_ssrc32(w, &in->src[0])); }
SH_SOP(s_set_gpr_idx_mode) { set_mode(w, (uint32_t)in->simm); }

static bool is_valu(const AemuShInst *in)
{
    switch (in->cls) {
    case AEMU_SH_CLASS_VALU32: case AEMU_SH_CLASS_VALU_CONVERT32:
    case AEMU_SH_CLASS_VALU64: case AEMU_SH_CLASS_VALU_QUARTER_RATE32:
    case AEMU_SH_CLASS_VALU_FMA: case AEMU_SH_CLASS_VALU_TRANSCENDENTAL32:
    case AEMU_SH_CLASS_VALU_DOUBLE: case AEMU_SH_CLASS_VALU_DOUBLE_ADD:
    case AEMU_SH_CLASS_VALU_DOUBLE_CONVERT:
    case AEMU_SH_CLASS_VALU_DOUBLE_TRANSCENDENTAL:
        return true;
    default:
        return false;
    }
}

/* Does the op's VDST name a VGPR (not VOPC's or a lane read's SGPR)? */
static bool dst_is_vgpr(const AemuShInst *in)
{
    return sh_info(in)->fmt != AEMU_SH_FMT_VOPC &&
           in->op != SH_OP_V_READLANE_B32 &&
           in->op != SH_OP_V_READFIRSTLANE_B32;
}

/* reg + idx into *reg, or halt: the offset VGPR must be the wave's. */
static bool offset_vgpr(AemuDevice *d, AemuWave *w, const AemuShInst *in,
                        uint16_t *reg, unsigned idx)
{
    unsigned r = *reg + idx;

    if (r >= AEMU_WAVE_MAX_VGPRS) {
        aemu_sh_halt(d, w, in, "%s: v%u + gpr_idx (%u) is outside the "
                     "VGPRs at pc 0x%" PRIx64, sh_info(in)->name, *reg, idx,
                     in->pc);
        return false;
    }
    *reg = (uint16_t)r;
    return true;
}

/* Run one VALU instruction of the region with its operands offset. */
static bool run_indexed(AemuDevice *d, AemuWave *w, const AemuShInst *in)
{
    unsigned idx = w->m0 & SH_GPR_IDX_MASK;
    unsigned mode = (w->m0 >> SH_GPR_IDX_MODE_SHIFT) & SH_GPR_IDX_MODE_MASK;
    AemuShInst copy = *in;

    if (in->ext) {
        aemu_sh_halt(d, w, in, "unimplemented DPP/SDWA %s under "
                     "s_set_gpr_idx_on at pc 0x%" PRIx64, sh_info(in)->name,
                     in->pc);
        return false;
    }
    for (unsigned i = 0; i < G_N_ELEMENTS(copy.src); i++) {
        if ((mode & (SH_GPR_IDX_SRC0 << i)) &&
            copy.src[i].kind == SH_KIND_VGPR &&
            !offset_vgpr(d, w, in, &copy.src[i].reg, idx)) {
            return false;
        }
    }
    if ((mode & SH_GPR_IDX_DST) && dst_is_vgpr(in) &&
        !offset_vgpr(d, w, in, &copy.dst, idx)) {
        return false;
    }
    copy.exec(d, w, &copy);
    return w->state != AEMU_WAVE_HALTED;
}

SH_SOP(s_set_gpr_idx_on)
{
    const AemuShField f = aemu_sh_layout[sh_gen(w)].sopc_ssrc1;
    const uint64_t on_pc = in->pc;
    uint64_t pc = in->pc + (uint64_t)in->size * SH_DWORD_BYTES;

    /* SSRC1 is not an operand here: its 4 low bits are the enables. */
    set_idx(w, sh_ssrc32(w, &in->src[0]));
    set_mode(w, (in->dw[f.dw] & f.mask) >> f.shift);
    /*
     * Looking the region up may empty the decode cache (a shader spread
     * over many pages), freeing `in` and the page aemu_wave_run holds:
     * from here on only on_pc is used, and the wave yields its turn so
     * that the run loop looks PC up afresh.
     */
    w->yield = true;
    for (unsigned n = 0; n < SH_GPR_IDX_MAX_REGION; n++) {
        const AemuShInst *next = aemu_sh_cache_lookup(d, w->ctx, pc);

        if (!next) {
            aemu_sh_halt(d, w, NULL, "instruction fetch fault at pc 0x%"
                         PRIx64, pc);
            return;
        }
        pc += (uint64_t)next->size * SH_DWORD_BYTES;
        switch (next->op) {
        case SH_OP_S_SET_GPR_IDX_OFF:
            w->pc = pc;
            return;
        case SH_OP_S_SET_GPR_IDX_IDX:
        case SH_OP_S_SET_GPR_IDX_MODE:
        case SH_OP_S_NOP:
            next->exec(d, w, next);
            break;
        default:
            if (next->bad || !is_valu(next)) {
                aemu_sh_halt(d, w, next, "unimplemented %s under "
                             "s_set_gpr_idx_on at pc 0x%" PRIx64,
                             sh_info(next)->name, next->pc);
                return;
            }
            if (!run_indexed(d, w, next)) {
                return;
            }
            break;
        }
        if (w->state == AEMU_WAVE_HALTED) {
            return;
        }
    }
    aemu_sh_halt(d, w, NULL, "s_set_gpr_idx_on at pc 0x%" PRIx64 ": no "
                 "s_set_gpr_idx_off within %u instructions", on_pc,
                 SH_GPR_IDX_MAX_REGION);
}

/* Off outside a region (the on's handler consumes the region's own). */
SH_SOP(s_set_gpr_idx_off) { }

AemuShExecFn *aemu_sh_gpridx_handler(AemuShOp op)
{
    switch (op) {
    case SH_OP_S_SET_GPR_IDX_ON: return s_set_gpr_idx_on;
    case SH_OP_S_SET_GPR_IDX_OFF: return s_set_gpr_idx_off;
    case SH_OP_S_SET_GPR_IDX_IDX: return s_set_gpr_idx_idx;
    case SH_OP_S_SET_GPR_IDX_MODE: return s_set_gpr_idx_mode;
    default: return NULL;
    }
}
