/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * amdgpu-emu core: the RS780 VBIOS's engine-clock command tables, with
 * real bytecode (assembled by vbios_atom_asm.c) on the engine PLL the
 * chip has (CG_SPLL_FUNC_CNTL; clk_rs780.h has its fields and the divider
 * choice). radeon's profile power management, its default on RS780, runs
 * them through radeon_atom_set_engine_clock / radeon_atom_get_engine_clock
 * (rs780_asic's pm.set_engine_clock / get_engine_clock), and debugfs
 * radeon_pm_info prints the clock GetEngineClock returns:
 *  - SetEngineClock v1.1 (SET_ENGINE_CLOCK_PS_ALLOCATION: ulTargetEngineClock
 *    in 10 kHz): 0 changes nothing; the target clamped to the PLL's range,
 *    the largest post divider keeping the feedback divider within its 8
 *    bits, the feedback divider rounded; the divider fields written, the
 *    register's other bits kept;
 *  - GetEngineClock v1.1 (GET_ENGINE_CLOCK_PARAMETERS: ulReturnEngineClock):
 *    ref * FB_DIV / ((REF_DIV + 1) * (HILEN + 1 + LOLEN + 1)), rounded, from
 *    whatever the register holds (the divisor is at least 2);
 *  - ASIC_Init v1.1 (ASIC_INIT_PARAMETERS: ulDefaultEngineClock first):
 *    copies the engine clock into the SetEngineClock parameters reserved
 *    behind its own and calls SetEngineClock, as a POST does, so the
 *    re-post radeon runs on resume (atom_asic_init with the FirmwareInfo
 *    clocks) puts the PLL back at the default clock, which
 *    radeon_pm_resume_old assumes ("asic init will reset the default power
 *    state").
 * No voltage table: radeon reads no voltage from an IGP's PPLib clock info
 * (radeon_atombios_parse_pplib_clock_info), so r600_pm_misc never calls
 * SetVoltage on RS780. No memory clock tables: radeon_atom_set_memory_clock
 * returns early on IGPs and rs780_asic has no get_memory_clock.
 */
#include "vbios_atom.h"
#include "vbios_atom_asm.h"
#include "vbios_put.h"
#include "clk_rs780.h"
#include "amdgpu-emu/regs/r600_regs.h"

/* Master command table slots (ATOM_MASTER_LIST_OF_COMMAND_TABLES). */
#define CMD_SLOT_ASIC_INIT              0
#define CMD_SLOT_SET_ENGINE_CLOCK       10
#define CMD_SLOT_GET_ENGINE_CLOCK       48

/*
 * Each table's own parameters, its header's PS byte (atombios.h):
 * SET_ENGINE_CLOCK_PARAMETERS, GET_ENGINE_CLOCK_PARAMETERS,
 * ASIC_INIT_PARAMETERS (two clocks). The interpreter gives a table that
 * CALL_TABLE runs the parameter space after its caller's own (atom.c's
 * ps_shift, this byte / 4): that is the reserved SET_ENGINE_CLOCK_PS_ALLOCATION
 * at the end of ASIC_INIT_PS_ALLOCATION, which ASIC_Init fills first.
 */
#define SET_ENGINE_CLOCK_PS_SIZE        4
#define GET_ENGINE_CLOCK_PS_SIZE        4
#define ASIC_INIT_PS_SIZE               8
#define PS_CLOCK                        0       /* each table's first dword */

/* Where the tables go (this file's room, from AEMU_VBIOS_CLOCK_CMD_OFF). */
#define TBL_SET_ENGINE_CLOCK            0x000
#define TBL_GET_ENGINE_CLOCK            0x140
#define TBL_AREA_END                    AEMU_VBIOS_CLOCK_CMD_SIZE

/* Workspace dwords. */
enum { WS_CLK, WS_POST, WS_FB, WS_HILEN, WS_LOLEN, WS_CNTL, WS_DWORDS };

static AtomOperand quotient(void)
{
    return atom_ws(ATOM_WS_QUOTIENT);
}

/* ws = min(max(ws, lo), hi); no lower bound for lo 0 (unsigned). */
static void clamp(AtomAsm *a, unsigned ws, uint32_t lo, uint32_t hi)
{
    size_t skip;

    atom_asm_alu(a, ATOM_OP_COMPARE, atom_ws(ws), atom_imm(hi, 4));
    skip = atom_asm_jump(a, ATOM_COND_BELOWOREQUAL);
    atom_asm_alu(a, ATOM_OP_MOVE, atom_ws(ws), atom_imm(hi, 4));
    atom_asm_patch(a, skip, atom_asm_here(a));
    if (!lo) {
        return;
    }
    atom_asm_alu(a, ATOM_OP_COMPARE, atom_ws(ws), atom_imm(lo, 4));
    skip = atom_asm_jump(a, ATOM_COND_ABOVEOREQUAL);
    atom_asm_alu(a, ATOM_OP_MOVE, atom_ws(ws), atom_imm(lo, 4));
    atom_asm_patch(a, skip, atom_asm_here(a));
}

/* ws = ws op imm, for MUL or DIV (whose result lands in the quotient). */
static void muldiv(AtomAsm *a, uint8_t op, unsigned ws, AtomOperand by)
{
    atom_asm_alu(a, op, atom_ws(ws), by);
    atom_asm_alu(a, ATOM_OP_MOVE, atom_ws(ws), quotient());
}

/* ws = (cntl & mask) >> shift, by a division (ATOM's shifts take bytes). */
static void field(AtomAsm *a, unsigned ws, uint32_t mask, unsigned shift)
{
    atom_asm_alu(a, ATOM_OP_MOVE, atom_ws(ws), atom_ws(WS_CNTL));
    atom_asm_alu(a, ATOM_OP_AND, atom_ws(ws), atom_imm(mask, 4));
    muldiv(a, ATOM_OP_DIV, ws, atom_imm(1u << shift, 4));
}

static size_t build_set_engine_clock(uint8_t *t, size_t cap, uint32_t ref)
{
    AtomAsm a;
    size_t done;

    atom_asm_init(&a, t, cap);
    atom_asm_alu(&a, ATOM_OP_MOVE, atom_ws(WS_CLK), atom_ps(PS_CLOCK, 4));
    atom_asm_alu(&a, ATOM_OP_COMPARE, atom_ws(WS_CLK), atom_imm(0, 4));
    done = atom_asm_jump(&a, ATOM_COND_EQUAL);
    clamp(&a, WS_CLK, RS780_SCLK_MIN_10KHZ, RS780_SCLK_MAX_10KHZ);

    /* post = FB_DIV_MAX * ref / clk, within what HILEN + LOLEN can hold. */
    atom_asm_alu(&a, ATOM_OP_MOVE, atom_ws(WS_POST),
                 atom_imm(RS780_SPLL_FB_DIV_MAX * ref, 4));
    muldiv(&a, ATOM_OP_DIV, WS_POST, atom_ws(WS_CLK));
    clamp(&a, WS_POST, RS780_SPLL_POST_DIV_MIN, RS780_SPLL_POST_DIV_MAX);

    /* fb = (clk * post + ref / 2) / ref, at most 8 bits. */
    atom_asm_alu(&a, ATOM_OP_MOVE, atom_ws(WS_FB), atom_ws(WS_CLK));
    muldiv(&a, ATOM_OP_MUL, WS_FB, atom_ws(WS_POST));
    atom_asm_alu(&a, ATOM_OP_ADD, atom_ws(WS_FB), atom_imm(ref / 2, 4));
    muldiv(&a, ATOM_OP_DIV, WS_FB, atom_imm(ref, 4));
    clamp(&a, WS_FB, 0, RS780_SPLL_FB_DIV_MAX);

    /* hilen = post / 2 - 1, lolen = post - post / 2 - 1. */
    atom_asm_alu(&a, ATOM_OP_MOVE, atom_ws(WS_HILEN), atom_ws(WS_POST));
    muldiv(&a, ATOM_OP_DIV, WS_HILEN, atom_imm(2, 4));
    atom_asm_alu(&a, ATOM_OP_MOVE, atom_ws(WS_LOLEN), atom_ws(WS_POST));
    atom_asm_alu(&a, ATOM_OP_SUB, atom_ws(WS_LOLEN), atom_ws(WS_HILEN));
    atom_asm_alu(&a, ATOM_OP_SUB, atom_ws(WS_HILEN), atom_imm(1, 4));
    atom_asm_alu(&a, ATOM_OP_SUB, atom_ws(WS_LOLEN), atom_imm(1, 4));

    /* Into their fields (REF_DIV 0), the register's other bits kept. */
    muldiv(&a, ATOM_OP_MUL, WS_FB, atom_imm(1u << RS780_SPLL_FB_DIV_SHIFT, 4));
    muldiv(&a, ATOM_OP_MUL, WS_HILEN,
           atom_imm(1u << RS780_SPLL_SW_HILEN_SHIFT, 4));
    muldiv(&a, ATOM_OP_MUL, WS_LOLEN,
           atom_imm(1u << RS780_SPLL_SW_LOLEN_SHIFT, 4));
    atom_asm_alu(&a, ATOM_OP_MOVE, atom_ws(WS_CNTL),
                 atom_reg(mmCG_SPLL_FUNC_CNTL));
    atom_asm_alu(&a, ATOM_OP_AND, atom_ws(WS_CNTL),
                 atom_imm(~RS780_SPLL_DIVIDER_MASK, 4));
    atom_asm_alu(&a, ATOM_OP_OR, atom_ws(WS_CNTL), atom_ws(WS_FB));
    atom_asm_alu(&a, ATOM_OP_OR, atom_ws(WS_CNTL), atom_ws(WS_HILEN));
    atom_asm_alu(&a, ATOM_OP_OR, atom_ws(WS_CNTL), atom_ws(WS_LOLEN));
    atom_asm_alu(&a, ATOM_OP_MOVE, atom_reg(mmCG_SPLL_FUNC_CNTL),
                 atom_ws(WS_CNTL));
    atom_asm_patch(&a, done, atom_asm_here(&a));
    return atom_asm_finish(&a, 1, 1, WS_DWORDS, SET_ENGINE_CLOCK_PS_SIZE);
}

static size_t build_get_engine_clock(uint8_t *t, size_t cap, uint32_t ref)
{
    AtomAsm a;

    atom_asm_init(&a, t, cap);
    atom_asm_alu(&a, ATOM_OP_MOVE, atom_ws(WS_CNTL),
                 atom_reg(mmCG_SPLL_FUNC_CNTL));
    /* fb * ref */
    field(&a, WS_FB, RS780_SPLL_FB_DIV_MASK, RS780_SPLL_FB_DIV_SHIFT);
    muldiv(&a, ATOM_OP_MUL, WS_FB, atom_imm(ref, 4));
    /* post = (HILEN + 1) + (LOLEN + 1) */
    field(&a, WS_POST, RS780_SPLL_SW_HILEN_MASK, RS780_SPLL_SW_HILEN_SHIFT);
    field(&a, WS_LOLEN, RS780_SPLL_SW_LOLEN_MASK, RS780_SPLL_SW_LOLEN_SHIFT);
    atom_asm_alu(&a, ATOM_OP_ADD, atom_ws(WS_POST), atom_ws(WS_LOLEN));
    atom_asm_alu(&a, ATOM_OP_ADD, atom_ws(WS_POST), atom_imm(2, 4));
    /* divisor = (REF_DIV + 1) * post */
    field(&a, WS_HILEN, RS780_SPLL_REF_DIV_MASK, RS780_SPLL_REF_DIV_SHIFT);
    atom_asm_alu(&a, ATOM_OP_ADD, atom_ws(WS_HILEN), atom_imm(1, 4));
    muldiv(&a, ATOM_OP_MUL, WS_POST, atom_ws(WS_HILEN));
    /* (fb * ref + divisor / 2) / divisor */
    atom_asm_alu(&a, ATOM_OP_MOVE, atom_ws(WS_CLK), atom_ws(WS_POST));
    muldiv(&a, ATOM_OP_DIV, WS_CLK, atom_imm(2, 4));
    atom_asm_alu(&a, ATOM_OP_ADD, atom_ws(WS_FB), atom_ws(WS_CLK));
    atom_asm_alu(&a, ATOM_OP_DIV, atom_ws(WS_FB), atom_ws(WS_POST));
    atom_asm_alu(&a, ATOM_OP_MOVE, atom_ps(PS_CLOCK, 4), quotient());
    return atom_asm_finish(&a, 1, 1, WS_DWORDS, GET_ENGINE_CLOCK_PS_SIZE);
}

static size_t build_asic_init(uint8_t *t, size_t cap)
{
    AtomAsm a;

    atom_asm_init(&a, t, cap);
    /* sReserved.ulTargetEngineClock = sASICInitClocks.ulDefaultEngineClock */
    atom_asm_alu(&a, ATOM_OP_MOVE, atom_ps(ASIC_INIT_PS_SIZE + PS_CLOCK, 4),
                 atom_ps(PS_CLOCK, 4));
    atom_asm_call_table(&a, CMD_SLOT_SET_ENGINE_CLOCK);
    return atom_asm_finish(&a, 1, 1, 0, ASIC_INIT_PS_SIZE);
}

bool aemu_vbios_build_rs780_clock_cmds(uint8_t *rom, size_t cmd_master,
                                       size_t asic_init, size_t asic_init_cap,
                                       uint32_t ref_clk_10khz)
{
    uint8_t *area = rom + AEMU_VBIOS_CLOCK_CMD_OFF;
    size_t set = AEMU_VBIOS_CLOCK_CMD_OFF + TBL_SET_ENGINE_CLOCK;
    size_t get = AEMU_VBIOS_CLOCK_CMD_OFF + TBL_GET_ENGINE_CLOCK;

    if (!build_set_engine_clock(area + TBL_SET_ENGINE_CLOCK,
                                TBL_GET_ENGINE_CLOCK - TBL_SET_ENGINE_CLOCK,
                                ref_clk_10khz) ||
        !build_get_engine_clock(area + TBL_GET_ENGINE_CLOCK,
                                TBL_AREA_END - TBL_GET_ENGINE_CLOCK,
                                ref_clk_10khz) ||
        !build_asic_init(rom + asic_init, asic_init_cap)) {
        return false;
    }
    put16(rom, cmd_master + ATOM_HDR_SIZE + 2 * CMD_SLOT_SET_ENGINE_CLOCK, set);
    put16(rom, cmd_master + ATOM_HDR_SIZE + 2 * CMD_SLOT_GET_ENGINE_CLOCK, get);
    return true;
}
