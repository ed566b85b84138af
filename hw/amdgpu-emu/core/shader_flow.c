/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * amdgpu-emu core: program flow of the shader interpreter, the SOPP
 * instructions (ISA "Program Flow Control"; shader-execution.md 4.5-4.8).
 *
 * Branches add their signed SIMM16 dwords to the next instruction's
 * address. s_endpgm ends the wave; s_barrier parks it until the dispatch
 * releases its group (a wave alone in its group passes, as the hardware
 * needs nobody else to arrive). Memory completes in order at issue, so
 * s_waitcnt is a no-op, and there are no caches to invalidate; s_setprio
 * has no arbiter to tell, s_sleep yields the wave's turn. There is no
 * debugger: the CDBG branches are never taken.
 *
 * Traps: a trap is taken only when the wave has a trap handler
 * (STATUS.TRAP_EN, from RSRC2.TRAP_PRESENT); without one "traps are not
 * taken" (the ISA manuals' STATUS.TRAP_EN), so s_trap goes on to the next
 * instruction, as LLVM's graphics lowering expects (it emits s_endpgm,
 * not s_trap, where no handler is installed: AMDGPUUsage "Trap Handler
 * ABI"); the model traces it and reports it once per dispatch. Trap
 * handlers themselves (TBA/TMA, TTMPs, PRIV) are not modelled: a trap
 * that would enter one halts the wave, visibly.
 *
 * Messages (s_sendmsg SIMM16: MSG[3:0], gfx_7_2_enum.h SQ_MSG_* and, for
 * gfx9's additions, LLVM's SIDefines.h SendMsg ids): MSG_INTERRUPT posts
 * the SQ interrupt with M0 (the chip's IV, shader.h aemu_sh_sq_interrupt);
 * the geometry messages (GS, GS_DONE, GS_ALLOC_REQ, EARLY_PRIM_DEALLOC,
 * ORDERED_PS_DONE) mean nothing to a compute wave, and the trap handler's
 * (SAVEWAVE, STALL_WAVE_GEN, HALT_WAVES, GET_DOORBELL, SYSMSG) have no
 * handler or debugger to serve: those are traced and dropped. A message
 * id the generation does not have halts the wave. s_sendmsghalt sends,
 * then halts the wave (a halted wave waits for a debugger the model does
 * not have), as does s_sethalt 1.
 */
#include "shader_interp.h"

/* s_sendmsg SIMM16: MSG[3:0] (gfx_7_2_enum.h SQ_SENDMSG_MSG_*). */
#define SH_SENDMSG_MSG_MASK     0xfu
/* Message ids (gfx_7_2_enum.h SQ_MSG_*; gfx9's: LLVM SIDefines.h). */
#define SH_MSG_INTERRUPT        1u
#define SH_MSG_GS               2u
#define SH_MSG_GS_DONE          3u
#define SH_MSG_SAVEWAVE         4u      /* gfx8+ */
#define SH_MSG_STALL_WAVE_GEN   5u      /* gfx9+ */
#define SH_MSG_HALT_WAVES       6u
#define SH_MSG_ORDERED_PS_DONE  7u
#define SH_MSG_EARLY_PRIM_DEALLOC 8u
#define SH_MSG_GS_ALLOC_REQ     9u
#define SH_MSG_GET_DOORBELL     10u
#define SH_MSG_SYSMSG           15u
/* s_trap SIMM16: the trap id in [7:0]. */
#define SH_TRAP_ID_MASK         0xffu
/* s_sethalt SIMM16 bit 0: halt (1) or resume (0). */
#define SH_SETHALT_HALT         1u
#define SH_DWORD_BYTES          4

#define SH_SOPP(fn) \
    static void fn(AemuDevice *d, AemuWave *w, const AemuShInst *in)

SH_SOPP(s_nop) { }

SH_SOPP(s_endpgm)
{
    w->state = AEMU_WAVE_ENDED;
}

static void branch(AemuWave *w, const AemuShInst *in, bool taken)
{
    if (taken) {
        w->pc += (int64_t)in->simm * SH_DWORD_BYTES;
    }
}

SH_SOPP(s_branch) { branch(w, in, true); }
SH_SOPP(s_cbranch_scc0) { branch(w, in, !w->scc); }
SH_SOPP(s_cbranch_scc1) { branch(w, in, w->scc); }
SH_SOPP(s_cbranch_vccz) { branch(w, in, w->vcc == 0); }
SH_SOPP(s_cbranch_vccnz) { branch(w, in, w->vcc != 0); }
SH_SOPP(s_cbranch_execz) { branch(w, in, w->exec == 0); }
SH_SOPP(s_cbranch_execnz) { branch(w, in, w->exec != 0); }

SH_SOPP(s_barrier)
{
    if (w->waves_in_group > 1) {
        w->state = AEMU_WAVE_BARRIER;
    }
}

SH_SOPP(s_sleep)
{
    /* Give the other waves their turn (a spin-wait's usual hint). */
    w->yield = true;
}

SH_SOPP(s_sethalt)
{
    if ((uint32_t)in->simm & SH_SETHALT_HALT) {
        aemu_sh_halt(d, w, in, "s_sethalt at pc 0x%" PRIx64, in->pc);
    }
}

/* Is msg a message id of the wave's generation? */
static bool msg_known(const AemuWave *w, unsigned msg)
{
    switch (msg) {
    case SH_MSG_INTERRUPT:
    case SH_MSG_GS:
    case SH_MSG_GS_DONE:
    case SH_MSG_SYSMSG:
        return true;
    case SH_MSG_SAVEWAVE:
    case SH_MSG_STALL_WAVE_GEN:
    case SH_MSG_HALT_WAVES:
    case SH_MSG_ORDERED_PS_DONE:
    case SH_MSG_EARLY_PRIM_DEALLOC:
    case SH_MSG_GS_ALLOC_REQ:
    case SH_MSG_GET_DOORBELL:
        return sh_gen(w) == AEMU_SH_GFX9;
    default:
        return false;
    }
}

/* Deliver a message; false (the wave halted) for an id it has not. */
static bool sendmsg(AemuDevice *d, AemuWave *w, const AemuShInst *in)
{
    unsigned msg = (uint32_t)in->simm & SH_SENDMSG_MSG_MASK;

    if (!msg_known(w, msg)) {
        aemu_sh_halt(d, w, in, "%s of an unknown message %u at pc 0x%"
                     PRIx64, sh_info(in)->name, msg, in->pc);
        return false;
    }
    AEMU_TRACE(d, sh_sendmsg, in->pc, (uint32_t)in->simm, w->m0,
               msg == SH_MSG_INTERRUPT);
    if (msg == SH_MSG_INTERRUPT) {
        aemu_sh_sq_interrupt(d, w, w->m0);
    }
    return true;
}

SH_SOPP(s_sendmsg)
{
    sendmsg(d, w, in);
}

SH_SOPP(s_sendmsghalt)
{
    if (sendmsg(d, w, in)) {
        aemu_sh_halt(d, w, in, "s_sendmsghalt at pc 0x%" PRIx64, in->pc);
    }
}

SH_SOPP(s_trap)
{
    unsigned id = (uint32_t)in->simm & SH_TRAP_ID_MASK;
    const AemuShContext *ctx = w->ctx;

    AEMU_TRACE(d, sh_trap, in->pc, id,
               (w->status & AEMU_SH_WAVE_STATUS_TRAP_EN_MASK) != 0);
    if (w->status & AEMU_SH_WAVE_STATUS_TRAP_EN_MASK) {
        aemu_sh_halt(d, w, in, "s_trap %u into a trap handler (not "
                     "modelled) at pc 0x%" PRIx64, id, in->pc);
        return;
    }
    /* Not taken: the wave goes on. Said once, a loop of them is cheap. */
    if (!ctx->reported || !(*ctx->reported & AEMU_SH_ONCE_TRAP)) {
        if (ctx->reported) {
            *ctx->reported |= AEMU_SH_ONCE_TRAP;
        }
        aemu_guest_error(d, "s_trap %u at pc 0x%" PRIx64 " without a trap "
                         "handler (RSRC2.TRAP_PRESENT 0): not taken", id,
                         in->pc);
    }
}

AemuShExecFn *aemu_sh_flow_handler(AemuShOp op)
{
    switch (op) {
    case SH_OP_S_NOP:
    case SH_OP_S_WAITCNT:
    case SH_OP_S_SETPRIO:
    case SH_OP_S_ICACHE_INV:
    case SH_OP_S_INCPERFLEVEL:
    case SH_OP_S_DECPERFLEVEL:
    case SH_OP_S_TTRACEDATA:
    case SH_OP_S_WAKEUP:
    case SH_OP_S_SETKILL:
        return s_nop;
    case SH_OP_S_CBRANCH_CDBGSYS:
    case SH_OP_S_CBRANCH_CDBGUSER:
    case SH_OP_S_CBRANCH_CDBGSYS_OR_USER:
    case SH_OP_S_CBRANCH_CDBGSYS_AND_USER:
        /* No debugger: the conditions are false. */
        return s_nop;
    case SH_OP_S_ENDPGM:
    case SH_OP_S_ENDPGM_SAVED:
        return s_endpgm;
    case SH_OP_S_BRANCH: return s_branch;
    case SH_OP_S_CBRANCH_SCC0: return s_cbranch_scc0;
    case SH_OP_S_CBRANCH_SCC1: return s_cbranch_scc1;
    case SH_OP_S_CBRANCH_VCCZ: return s_cbranch_vccz;
    case SH_OP_S_CBRANCH_VCCNZ: return s_cbranch_vccnz;
    case SH_OP_S_CBRANCH_EXECZ: return s_cbranch_execz;
    case SH_OP_S_CBRANCH_EXECNZ: return s_cbranch_execnz;
    case SH_OP_S_BARRIER: return s_barrier;
    case SH_OP_S_SLEEP: return s_sleep;
    case SH_OP_S_SETHALT: return s_sethalt;
    case SH_OP_S_SENDMSG: return s_sendmsg;
    case SH_OP_S_SENDMSGHALT: return s_sendmsghalt;
    case SH_OP_S_TRAP: return s_trap;
    default:
        return NULL;
    }
}
