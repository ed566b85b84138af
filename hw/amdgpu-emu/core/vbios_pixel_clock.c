/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * amdgpu-emu core: SetPixelClock v1.6 of the synthetic DCE 8 VBIOS, in
 * real bytecode (vbios_atom_asm.c).
 *
 * Both drivers compute a display PLL's dividers themselves (DC's
 * dce110_program_pix_clk, radeon's atombios_crtc_program_pll) and hand
 * them to this table (PIXEL_CLOCK_PARAMETERS_V6): the PLL (ucPpll), the
 * CRTC it is to drive (the top byte of ulCrtcPclkFreq), the reference,
 * feedback and post dividers and the feedback divider's fraction in
 * millionths. As a board's table does, it writes them into that PLL's
 * registers and routes the PLL to the CRTC:
 *  - PLL_REF_DIV.PLL_REF_DIV = ucRefDiv;
 *  - PLL_FB_DIV.PLL_FB_DIV = usFbDiv, PLL_FB_DIV_FRACTION =
 *    ulFbDivDecFrac / 100000 (the register keeps tenths);
 *  - PLL_POST_DIV.PLL_POST_DIV_PIXCLK = ucPostDiv;
 *  - CRTCn_PIXEL_RATE_CNTL.CRTCn_PIXEL_RATE_SOURCE = the PLL's index.
 * A pixel clock of 0 powers the PLL down (post divider 0) and leaves the
 * routing alone. An unknown PLL or CRTC ends the table with nothing
 * written. The display engine (dce_v8_pll.c) times each CRTC's raster
 * from the PLL it is routed to.
 *
 * Which register block a PLL id names is the model's choice, in id order:
 * ATOM_PPLL1, ATOM_PPLL2, ATOM_PPLL0 (ids 0, 1, 2) -> DCCG_PLL0, 1, 2
 * (inferred: nothing either driver reads back tells a board's mapping).
 */
#include "vbios_atom.h"
#include "vbios_atom_asm.h"
#include "dce_v8.h"
#include "amdgpu-emu/regs/cik_regs.h"
#include "amdgpu-emu/regs/cik_fields.h"

/* PIXEL_CLOCK_PARAMETERS_V6 (atombios.h), byte offsets. */
#define SPC_PIXEL_CLOCK         0       /* ulPixelClock:24, 10 kHz units */
#define SPC_CRTC                3       /* ucCRTC, the dword's top byte */
#define SPC_FB_DIV              4
#define SPC_POST_DIV            6
#define SPC_REF_DIV             7
#define SPC_PPLL                8
#define SPC_FB_DIV_DEC_FRAC     12
#define SPC_SIZE                16
#define SPC_PIXEL_CLOCK_MASK    0xffffffu

/* ulFbDivDecFrac is in millionths; PLL_FB_DIV_FRACTION holds tenths. */
#define FRAC_MILLIONTHS_PER_TENTH 100000u

/* The table's workspace. */
enum { WS_SOURCE, WS_VALUE, WS_DWORDS };

static const uint32_t pll_ids[DCE_NUM_PLLS] = { 0, 1, 2 };
static const uint32_t crtc_ids[DCE_NUM_PIPES] = { 0, 1, 2, 3, 4, 5 };

/* reg.field = value (a workspace dword already shifted into place). */
static void put_field(AtomAsm *a, uint16_t reg, uint32_t mask, unsigned ws)
{
    atom_asm_alu(a, ATOM_OP_AND, atom_reg(reg), atom_imm(~mask, 4));
    atom_asm_alu(a, ATOM_OP_OR, atom_reg(reg), atom_ws(ws));
}

/* A byte or word of the parameters, zero-extended into WS_VALUE. */
static void load(AtomAsm *a, unsigned off, unsigned size)
{
    AtomOperand dst = atom_ws(WS_VALUE);

    atom_asm_alu(a, ATOM_OP_MOVE, dst, atom_imm(0, 4));
    dst.align = size == 1 ? ATOM_SRC_BYTE0 : ATOM_SRC_WORD0;
    atom_asm_alu(a, ATOM_OP_MOVE, dst, atom_ps(off, size));
}

size_t aemu_vbios_build_set_pixel_clock(uint8_t *t, size_t cap)
{
    uint32_t pll_blocks[DCE_NUM_PLLS], crtc_blocks[DCE_NUM_PIPES];
    AtomOperand source = atom_ws(WS_SOURCE);
    size_t to_power_down;
    AtomAsm a;

    for (int i = 0; i < DCE_NUM_PLLS; i++) {
        pll_blocks[i] = aemu_dce_v8_pll_off[i];
    }
    for (int i = 0; i < DCE_NUM_PIPES; i++) {
        crtc_blocks[i] = aemu_dce_v8_pixel_rate_cntl[i] -
                         aemu_dce_v8_pixel_rate_cntl[0];
    }
    atom_asm_init(&a, t, cap);
    atom_asm_select_block(&a, atom_ps(SPC_PPLL, 1), pll_ids, pll_blocks,
                          DCE_NUM_PLLS, &source);
    /* Pixel clock 0: the PLL stops (no post divider), routing kept. */
    atom_asm_alu(&a, ATOM_OP_MOVE, atom_ws(WS_VALUE),
                 atom_ps(SPC_PIXEL_CLOCK, 4));
    atom_asm_alu(&a, ATOM_OP_AND, atom_ws(WS_VALUE),
                 atom_imm(SPC_PIXEL_CLOCK_MASK, 4));
    atom_asm_alu(&a, ATOM_OP_COMPARE, atom_ws(WS_VALUE), atom_imm(0, 4));
    to_power_down = atom_asm_jump(&a, ATOM_COND_EQUAL);

    load(&a, SPC_REF_DIV, 1);
    put_field(&a, mmPLL_REF_DIV, PLL_REF_DIV__PLL_REF_DIV_MASK, WS_VALUE);
    load(&a, SPC_POST_DIV, 1);
    put_field(&a, mmPLL_POST_DIV, PLL_POST_DIV__PLL_POST_DIV_PIXCLK_MASK,
              WS_VALUE);
    /* Fraction (tenths) in the low bits, the integer part in [27:16]. */
    atom_asm_alu(&a, ATOM_OP_DIV, atom_ps(SPC_FB_DIV_DEC_FRAC, 4),
                 atom_imm(FRAC_MILLIONTHS_PER_TENTH, 4));
    atom_asm_alu(&a, ATOM_OP_MOVE, atom_ws(WS_VALUE),
                 atom_ws(ATOM_WS_QUOTIENT));
    atom_asm_alu(&a, ATOM_OP_AND, atom_ws(WS_VALUE),
                 atom_imm(PLL_FB_DIV__PLL_FB_DIV_FRACTION_MASK, 4));
    atom_asm_alu(&a, ATOM_OP_MOVE, atom_high_word(atom_ws(WS_VALUE)),
                 atom_ps(SPC_FB_DIV, 2));
    atom_asm_alu(&a, ATOM_OP_AND, atom_ws(WS_VALUE),
                 atom_imm(PLL_FB_DIV__PLL_FB_DIV_MASK |
                          PLL_FB_DIV__PLL_FB_DIV_FRACTION_MASK, 4));
    put_field(&a, mmPLL_FB_DIV, PLL_FB_DIV__PLL_FB_DIV_MASK |
              PLL_FB_DIV__PLL_FB_DIV_FRACTION_MASK, WS_VALUE);

    /* Route the PLL to the CRTC. */
    atom_asm_select_block(&a, atom_ps(SPC_CRTC, 1), crtc_ids, crtc_blocks,
                          DCE_NUM_PIPES, NULL);
    put_field(&a, mmCRTC0_PIXEL_RATE_CNTL,
              CRTC0_PIXEL_RATE_CNTL__CRTC0_PIXEL_RATE_SOURCE_MASK, WS_SOURCE);
    atom_asm_eot(&a);

    atom_asm_patch(&a, to_power_down, atom_asm_here(&a));
    atom_asm_alu(&a, ATOM_OP_AND, atom_reg(mmPLL_POST_DIV),
                 atom_imm(~PLL_POST_DIV__PLL_POST_DIV_PIXCLK_MASK, 4));
    return atom_asm_finish(&a, 1, 6, WS_DWORDS, SPC_SIZE);
}
