/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * amdgpu-emu core: program flow of the shader interpreter, the SOPP
 * instructions (ISA "Program Flow Control"; shader-execution.md 4.5-4.8).
 *
 * Branches add their signed SIMM16 dwords to the next instruction's
 * address. s_endpgm ends the wave; s_barrier parks it until the dispatch
 * releases its group (a wave alone in its group passes, as the hardware
 * needs nobody else to arrive). Memory completes in order at issue, so
 * s_waitcnt is a no-op, and there are no caches to invalidate. There is no
 * trap handler and no debugger: s_trap halts the wave, the CDBG branches
 * are never taken, and messages (s_sendmsg) the model does not deliver
 * halt it rather than be dropped.
 */
#include "shader_interp.h"

/* s_sendmsg SIMM16: MSG[3:0] (gfx_7_2_enum.h SQ_SENDMSG_MSG_*). */
#define SH_SENDMSG_MSG_MASK     0xfu
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

SH_SOPP(s_sendmsg)
{
    aemu_sh_halt(d, w, in, "unimplemented %s message %u at pc 0x%" PRIx64,
                 sh_info(in)->name, (uint32_t)in->simm & SH_SENDMSG_MSG_MASK,
                 in->pc);
}

SH_SOPP(s_trap)
{
    aemu_sh_halt(d, w, in, "s_trap %u without a trap handler at pc 0x%"
                 PRIx64, (uint32_t)in->simm & SH_TRAP_ID_MASK, in->pc);
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
    case SH_OP_S_SENDMSG:
    case SH_OP_S_SENDMSGHALT:
        return s_sendmsg;
    case SH_OP_S_TRAP: return s_trap;
    default:
        return NULL;
    }
}
