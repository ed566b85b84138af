/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * amdgpu-emu core: the display command tables of the synthetic VBIOS, the
 * ones a mode set on DCE 8 executes: amdgpu's Display Core
 * (dc/bios/command_table.c picks each table's function by its content
 * revision; an absent table fails the call), radeon (atombios_crtc.c,
 * atombios_encoders.c) and legacy amdgpu (atombios_crtc.c there), which
 * skip an absent table silently and so would leave the mode unset.
 *
 * Four carry the mode into the display engine (dce_v8.c) with real
 * bytecode (assembled by vbios_atom_asm.c), as a board's VBIOS does:
 *  - SetCRTC_Timing v1.1 (SET_CRTC_TIMING_PARAMETERS, DC's): the CRTC's
 *    totals, blank and sync windows, computed from the parameters the way
 *    DC's own register path computes them
 *    (dce110_timing_generator_program_blanking): the count starts at the
 *    sync, so blank end = total - sync start - left border and blank
 *    start = blank end + active + both borders;
 *  - SetCRTC_UsingDTDTiming v1.1 (radeon's and legacy amdgpu's, an EDID
 *    detailed timing): the same registers; total = size + blanking, sync
 *    start = size + border + sync offset. DC takes the DTD table only from
 *    revision 3, so it keeps SetCRTC_Timing;
 *  - EnableCRTC v1.1 (ENABLE_CRTC_PARAMETERS): sets or clears
 *    CRTC_CONTROL.CRTC_MASTER_EN, which starts or stops the raster;
 *  - BlankCRTC v1.1 (BLANK_CRTC_PARAMETERS): sets or clears
 *    CRTC_BLANK_CONTROL.CRTC_BLANK_DATA_EN; a blanked pipe is not scanned
 *    out (radeon blanks at DPMS off, unblanks at DPMS on).
 * Each picks the CRTC's register block from ucCRTC with a SWITCH (the
 * pipes' offsets are not a stride) and does nothing for an unknown CRTC.
 * Not programmed: sync polarities, interlace, double scan, the blank
 * colour (the model has no use for them).
 *
 * SetPixelClock v1.6 programs the display PLL and routes it to the CRTC
 * (vbios_pixel_clock.c), which sets the raster's refresh.
 *
 * The others only need to return, and their bodies are END_OF_TABLE, with
 * the reason for each (on a board they program analog or PHY state that
 * nothing in the model reads back):
 *  - AdjustDisplayPll v1.2: the pixel clock is in-out, so "no adjustment"
 *    is its answer (not v1.3, whose output overlays the input);
 *  - DIGxEncoderControl v1.4, UNIPHYTransmitterControl v1.5: there is no
 *    DIG encoder or PHY to set up; the scanout is read from the planes;
 *  - SelectCRTC_Source v1.2: the CRTC -> DIG routing; the scanout is the
 *    pipe's, whatever encoder it would feed;
 *  - UpdateCRTC_DoubleBufferRegisters v1.1: the lock radeon takes around
 *    a mode set; the model's CRTC registers take effect at once;
 *  - SetCRTC_OverScan, EnableScaler v1.1: the overscan colour and the
 *    scaler; the model shows the plane 1:1 and radeon passes no borders
 *    on a DVI monitor at its native mode;
 *  - EnableCRTCMemReq, EnableDispPowerGating, SetDCEClock v1.1: no memory
 *    request gating, power gating or display clock in the model.
 */
#include "vbios_atom.h"
#include "vbios_atom_asm.h"
#include "vbios_put.h"
#include "dce_v8.h"
#include "amdgpu-emu/regs/cik_regs.h"
#include "amdgpu-emu/regs/cik_fields.h"

/* Master command table slots (ATOM_MASTER_LIST_OF_COMMAND_TABLES). */
#define CMD_SLOT_DIGX_ENCODER_CONTROL   4
#define CMD_SLOT_ENABLE_CRTC_MEM_REQ    6
#define CMD_SLOT_SET_PIXEL_CLOCK        12
#define CMD_SLOT_ENABLE_DISP_POWER_GATING 13
#define CMD_SLOT_ADJUST_DISPLAY_PLL     17
#define CMD_SLOT_ENABLE_SCALER          33
#define CMD_SLOT_BLANK_CRTC             34
#define CMD_SLOT_ENABLE_CRTC            35
#define CMD_SLOT_SET_CRTC_TIMING        39
#define CMD_SLOT_SET_CRTC_OVERSCAN      40
#define CMD_SLOT_SELECT_CRTC_SOURCE     42
#define CMD_SLOT_UPDATE_CRTC_DOUBLE_BUFFER 44
#define CMD_SLOT_SET_DCE_CLOCK          46
#define CMD_SLOT_SET_CRTC_USING_DTD_TIMING 49
#define CMD_SLOT_UNIPHY_TRANSMITTER_CONTROL 76

/*
 * The tables follow each other from AEMU_VBIOS_DISPLAY_CMD_OFF up to the
 * checksum byte (the image's last); one that does not fit fails the build.
 */
#define TBL_AREA_END            (AEMU_VBIOS_IMAGE_SIZE - 1)

/* SET_CRTC_TIMING_PARAMETERS (atombios.h), byte offsets. */
#define SCT_H_TOTAL             0
#define SCT_H_DISP              2
#define SCT_H_SYNC_START        4
#define SCT_H_SYNC_WIDTH        6
#define SCT_V_TOTAL             8
#define SCT_V_DISP              10
#define SCT_V_SYNC_START        12
#define SCT_V_SYNC_WIDTH        14
#define SCT_CRTC                18
#define SCT_OVERSCAN_RIGHT      19
#define SCT_OVERSCAN_LEFT       20
#define SCT_OVERSCAN_BOTTOM     21
#define SCT_OVERSCAN_TOP        22
#define SCT_SIZE                24

/* SET_CRTC_USING_DTD_TIMING_PARAMETERS, byte offsets. */
#define DTD_H_SIZE              0
#define DTD_H_BLANKING          2
#define DTD_V_SIZE              4
#define DTD_V_BLANKING          6
#define DTD_H_SYNC_OFFSET       8
#define DTD_H_SYNC_WIDTH        10
#define DTD_V_SYNC_OFFSET       12
#define DTD_V_SYNC_WIDTH        14
#define DTD_H_BORDER            18
#define DTD_V_BORDER            19
#define DTD_CRTC                20
#define DTD_SIZE                24

/* ENABLE_CRTC_PARAMETERS; BLANK_CRTC_PARAMETERS starts the same way. */
#define EC_CRTC                 0
#define EC_ENABLE               1
#define EC_SIZE                 4
#define BLANK_CRTC_SIZE         8       /* then the black colour, unused */
#define ATOM_DISABLE            0

/* The parameter sizes of the END-only tables (their PS byte). */
#define ADJUST_PLL_V2_SIZE      8
#define DIG_ENCODER_V4_SIZE     8
#define TRANSMITTER_V5_SIZE     8
#define ENABLE_MEM_REQ_SIZE     4
#define POWER_GATING_SIZE       4
#define DCE_CLOCK_SIZE          12
#define ENABLE_SCALER_SIZE      4
#define OVERSCAN_SIZE           12
#define SELECT_CRTC_SOURCE_V2_SIZE 4
#define DOUBLE_BUFFER_SIZE      4       /* ENABLE_CRTC_PARAMETERS */

/*
 * ATOM_CRTC1..ATOM_CRTC6 (0..5) -> the pipe's CRTC register block, the
 * display engine's own per-pipe offsets (dce_v8.c).
 */
#define NUM_CRTCS               DCE_NUM_PIPES
static const uint32_t crtc_ids[NUM_CRTCS] = { 0, 1, 2, 3, 4, 5 };

/* SetCRTC_Timing's workspace: the parameters, then two results. */
enum {
    WS_H_TOTAL, WS_H_DISP, WS_H_SYNC_START, WS_H_SYNC_WIDTH,
    WS_V_TOTAL, WS_V_DISP, WS_V_SYNC_START, WS_V_SYNC_WIDTH,
    WS_BORDER_RIGHT, WS_BORDER_LEFT, WS_BORDER_BOTTOM, WS_BORDER_TOP,
    WS_BLANK_END, WS_BLANK_START,
    WS_DWORDS
};

_Static_assert(AEMU_VBIOS_DISPLAY_CMD_OFF < TBL_AREA_END,
               "no room for the command tables");

static void put_cmd_slot(uint8_t *rom, size_t cmd_master, unsigned slot,
                         size_t table)
{
    put16(rom, cmd_master + ATOM_HDR_SIZE + 2 * slot, table);
}

/*
 * SWITCH on the CRTC id to SET_REG_BLOCK of its pipe; an unknown id ends
 * the table. Execution continues at the caller's next instruction.
 */
static void select_crtc(AtomAsm *a, AtomOperand crtc)
{
    atom_asm_select_block(a, crtc, crtc_ids, aemu_dce_v8_crtc_off, NUM_CRTCS,
                          NULL);
}

static void load_word(AtomAsm *a, unsigned ws, unsigned ps_off, unsigned size)
{
    AtomOperand src = atom_ps(ps_off, size);
    AtomOperand dst = atom_ws(ws);

    /* The workspace starts zeroed: a narrow load leaves a clean dword. */
    dst.align = size == 1 ? ATOM_SRC_BYTE0 : ATOM_SRC_WORD0;
    atom_asm_alu(a, ATOM_OP_MOVE, dst, src);
}

/*
 * One direction's blank window into reg: end = total - sync start -
 * leading border; start = end + active + both borders; written as
 * start [15:0] (the register's 13-bit start field) and end [31:16].
 */
static void put_blank(AtomAsm *a, uint16_t reg, unsigned total,
                      unsigned sync_start, unsigned active, unsigned lead,
                      unsigned trail)
{
    atom_asm_alu(a, ATOM_OP_MOVE, atom_ws(WS_BLANK_END), atom_ws(total));
    atom_asm_alu(a, ATOM_OP_SUB, atom_ws(WS_BLANK_END), atom_ws(sync_start));
    atom_asm_alu(a, ATOM_OP_SUB, atom_ws(WS_BLANK_END), atom_ws(lead));
    atom_asm_alu(a, ATOM_OP_MOVE, atom_ws(WS_BLANK_START),
                 atom_ws(WS_BLANK_END));
    atom_asm_alu(a, ATOM_OP_ADD, atom_ws(WS_BLANK_START), atom_ws(active));
    atom_asm_alu(a, ATOM_OP_ADD, atom_ws(WS_BLANK_START), atom_ws(lead));
    atom_asm_alu(a, ATOM_OP_ADD, atom_ws(WS_BLANK_START), atom_ws(trail));
    atom_asm_alu(a, ATOM_OP_MOVE, atom_reg(reg), atom_ws(WS_BLANK_START));
    atom_asm_alu(a, ATOM_OP_MOVE, atom_high_word(atom_reg(reg)),
                 atom_low_word(atom_ws(WS_BLANK_END)));
}

/* total - 1 into reg (the registers hold the last count). */
static void put_total(AtomAsm *a, uint16_t reg, unsigned total)
{
    atom_asm_alu(a, ATOM_OP_MOVE, atom_ws(WS_BLANK_END), atom_ws(total));
    atom_asm_alu(a, ATOM_OP_SUB, atom_ws(WS_BLANK_END), atom_imm(1, 4));
    atom_asm_alu(a, ATOM_OP_MOVE, atom_reg(reg), atom_ws(WS_BLANK_END));
}

/* The sync pulse: from count 0 to the width, start [15:0], end [31:16]. */
static void put_sync(AtomAsm *a, uint16_t reg, unsigned width)
{
    atom_asm_alu(a, ATOM_OP_MOVE, atom_reg(reg), atom_imm(0, 4));
    atom_asm_alu(a, ATOM_OP_MOVE, atom_high_word(atom_reg(reg)),
                 atom_low_word(atom_ws(width)));
}

/* The registers of a mode from the workspace's totals, syncs, borders. */
static void put_timing(AtomAsm *a)
{
    put_total(a, mmCRTC_H_TOTAL, WS_H_TOTAL);
    put_total(a, mmCRTC_V_TOTAL, WS_V_TOTAL);
    put_blank(a, mmCRTC_H_BLANK_START_END, WS_H_TOTAL, WS_H_SYNC_START,
              WS_H_DISP, WS_BORDER_LEFT, WS_BORDER_RIGHT);
    put_blank(a, mmCRTC_V_BLANK_START_END, WS_V_TOTAL, WS_V_SYNC_START,
              WS_V_DISP, WS_BORDER_TOP, WS_BORDER_BOTTOM);
    put_sync(a, mmCRTC_H_SYNC_A, WS_H_SYNC_WIDTH);
    put_sync(a, mmCRTC_V_SYNC_A, WS_V_SYNC_WIDTH);
}

typedef struct PsLoad {
    unsigned ws, off, size;
} PsLoad;

static void load_params(AtomAsm *a, const PsLoad *p, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        load_word(a, p[i].ws, p[i].off, p[i].size);
    }
}

static size_t build_set_crtc_timing(uint8_t *t, size_t cap)
{
    static const PsLoad params[] = {
        { WS_H_TOTAL, SCT_H_TOTAL, 2 }, { WS_H_DISP, SCT_H_DISP, 2 },
        { WS_H_SYNC_START, SCT_H_SYNC_START, 2 },
        { WS_H_SYNC_WIDTH, SCT_H_SYNC_WIDTH, 2 },
        { WS_V_TOTAL, SCT_V_TOTAL, 2 }, { WS_V_DISP, SCT_V_DISP, 2 },
        { WS_V_SYNC_START, SCT_V_SYNC_START, 2 },
        { WS_V_SYNC_WIDTH, SCT_V_SYNC_WIDTH, 2 },
        { WS_BORDER_RIGHT, SCT_OVERSCAN_RIGHT, 1 },
        { WS_BORDER_LEFT, SCT_OVERSCAN_LEFT, 1 },
        { WS_BORDER_BOTTOM, SCT_OVERSCAN_BOTTOM, 1 },
        { WS_BORDER_TOP, SCT_OVERSCAN_TOP, 1 },
    };
    AtomAsm a;

    atom_asm_init(&a, t, cap);
    select_crtc(&a, atom_ps(SCT_CRTC, 1));
    load_params(&a, params, sizeof(params) / sizeof(params[0]));
    put_timing(&a);
    return atom_asm_finish(&a, 1, 1, WS_DWORDS, SCT_SIZE);
}

/*
 * SetCRTC_UsingDTDTiming v1.1 (radeon's and legacy amdgpu's mode set): the
 * same registers from an EDID detailed timing: active size, blanking
 * (which includes both borders), sync offset from the end of the active
 * area plus one border. In SetCRTC_Timing's terms: total = size +
 * blanking, sync start = size + border + sync offset, borders equal on
 * both sides. Sync polarities, interlace and double scan
 * (susModeMiscInfo) have no use in the model.
 */
static void dtd_direction(AtomAsm *a, unsigned total, unsigned disp,
                          unsigned sync_start, unsigned border)
{
    atom_asm_alu(a, ATOM_OP_ADD, atom_ws(total), atom_ws(disp));
    atom_asm_alu(a, ATOM_OP_ADD, atom_ws(sync_start), atom_ws(disp));
    atom_asm_alu(a, ATOM_OP_ADD, atom_ws(sync_start), atom_ws(border));
}

static size_t build_set_crtc_dtd_timing(uint8_t *t, size_t cap)
{
    static const PsLoad params[] = {
        { WS_H_DISP, DTD_H_SIZE, 2 }, { WS_H_TOTAL, DTD_H_BLANKING, 2 },
        { WS_V_DISP, DTD_V_SIZE, 2 }, { WS_V_TOTAL, DTD_V_BLANKING, 2 },
        { WS_H_SYNC_START, DTD_H_SYNC_OFFSET, 2 },
        { WS_H_SYNC_WIDTH, DTD_H_SYNC_WIDTH, 2 },
        { WS_V_SYNC_START, DTD_V_SYNC_OFFSET, 2 },
        { WS_V_SYNC_WIDTH, DTD_V_SYNC_WIDTH, 2 },
        { WS_BORDER_LEFT, DTD_H_BORDER, 1 },
        { WS_BORDER_RIGHT, DTD_H_BORDER, 1 },
        { WS_BORDER_TOP, DTD_V_BORDER, 1 },
        { WS_BORDER_BOTTOM, DTD_V_BORDER, 1 },
    };
    AtomAsm a;

    atom_asm_init(&a, t, cap);
    select_crtc(&a, atom_ps(DTD_CRTC, 1));
    load_params(&a, params, sizeof(params) / sizeof(params[0]));
    dtd_direction(&a, WS_H_TOTAL, WS_H_DISP, WS_H_SYNC_START, WS_BORDER_LEFT);
    dtd_direction(&a, WS_V_TOTAL, WS_V_DISP, WS_V_SYNC_START, WS_BORDER_TOP);
    put_timing(&a);
    return atom_asm_finish(&a, 1, 1, WS_DWORDS, DTD_SIZE);
}

/*
 * SWITCH to the CRTC, then set mask in reg when the parameter byte at
 * flag is not ATOM_DISABLE, else clear it. EnableCRTC and BlankCRTC.
 */
static size_t build_crtc_bit(uint8_t *t, size_t cap, uint16_t reg,
                             uint32_t mask, unsigned flag, uint8_t ps)
{
    AtomAsm a;
    size_t to_clear;

    atom_asm_init(&a, t, cap);
    select_crtc(&a, atom_ps(EC_CRTC, 1));
    atom_asm_alu(&a, ATOM_OP_COMPARE, atom_ps(flag, 1),
                 atom_imm(ATOM_DISABLE, 1));
    to_clear = atom_asm_jump(&a, ATOM_COND_EQUAL);
    atom_asm_alu(&a, ATOM_OP_OR, atom_reg(reg), atom_imm(mask, 4));
    atom_asm_eot(&a);
    atom_asm_patch(&a, to_clear, atom_asm_here(&a));
    atom_asm_alu(&a, ATOM_OP_AND, atom_reg(reg), atom_imm(~mask, 4));
    return atom_asm_finish(&a, 1, 1, 0, ps);
}

/* EnableCRTC v1.1: CRTC_CONTROL.CRTC_MASTER_EN by ucEnable. */
static size_t build_enable_crtc(uint8_t *t, size_t cap)
{
    return build_crtc_bit(t, cap, mmCRTC_CONTROL,
                          CRTC_CONTROL__CRTC_MASTER_EN_MASK, EC_ENABLE,
                          EC_SIZE);
}

/*
 * BlankCRTC v1.1: CRTC_BLANK_CONTROL.CRTC_BLANK_DATA_EN by ucBlanking
 * (the same byte as EnableCRTC's ucEnable); the black colour is not
 * modelled (a blanked pipe is not scanned out at all).
 */
static size_t build_blank_crtc(uint8_t *t, size_t cap)
{
    return build_crtc_bit(t, cap, mmCRTC_BLANK_CONTROL,
                          CRTC_BLANK_CONTROL__CRTC_BLANK_DATA_EN_MASK,
                          EC_ENABLE, BLANK_CRTC_SIZE);
}

typedef struct EndOnly {
    unsigned slot;
    uint8_t frev, crev, ps;
} EndOnly;

/* The tables whose bodies are END_OF_TABLE; the reasons are above. */
static const EndOnly end_only[] = {
    { CMD_SLOT_ADJUST_DISPLAY_PLL, 1, 2, ADJUST_PLL_V2_SIZE },
    { CMD_SLOT_DIGX_ENCODER_CONTROL, 1, 4, DIG_ENCODER_V4_SIZE },
    { CMD_SLOT_UNIPHY_TRANSMITTER_CONTROL, 1, 5, TRANSMITTER_V5_SIZE },
    { CMD_SLOT_ENABLE_CRTC_MEM_REQ, 1, 1, ENABLE_MEM_REQ_SIZE },
    { CMD_SLOT_ENABLE_DISP_POWER_GATING, 1, 1, POWER_GATING_SIZE },
    { CMD_SLOT_SET_DCE_CLOCK, 1, 1, DCE_CLOCK_SIZE },
    { CMD_SLOT_SELECT_CRTC_SOURCE, 1, 2, SELECT_CRTC_SOURCE_V2_SIZE },
    { CMD_SLOT_UPDATE_CRTC_DOUBLE_BUFFER, 1, 1, DOUBLE_BUFFER_SIZE },
    { CMD_SLOT_SET_CRTC_OVERSCAN, 1, 1, OVERSCAN_SIZE },
    { CMD_SLOT_ENABLE_SCALER, 1, 1, ENABLE_SCALER_SIZE },
};

static const struct {
    unsigned slot;
    size_t (*build)(uint8_t *t, size_t cap);
} coded[] = {
    { CMD_SLOT_SET_CRTC_TIMING, build_set_crtc_timing },
    { CMD_SLOT_SET_CRTC_USING_DTD_TIMING, build_set_crtc_dtd_timing },
    { CMD_SLOT_ENABLE_CRTC, build_enable_crtc },
    { CMD_SLOT_BLANK_CRTC, build_blank_crtc },
    { CMD_SLOT_SET_PIXEL_CLOCK, aemu_vbios_build_set_pixel_clock },
};

bool aemu_vbios_build_display_cmds(uint8_t *rom, size_t cmd_master)
{
    size_t off = AEMU_VBIOS_DISPLAY_CMD_OFF;

    for (size_t i = 0; i < sizeof(coded) / sizeof(coded[0]); i++) {
        size_t n = coded[i].build(rom + off, TBL_AREA_END - off);

        if (!n) {
            return false;
        }
        put_cmd_slot(rom, cmd_master, coded[i].slot, off);
        off += n;
    }
    for (size_t i = 0; i < sizeof(end_only) / sizeof(end_only[0]); i++) {
        AtomAsm a;
        size_t n;

        atom_asm_init(&a, rom + off, TBL_AREA_END - off);
        n = atom_asm_finish(&a, end_only[i].frev, end_only[i].crev, 0,
                            end_only[i].ps);
        if (!n) {
            return false;
        }
        put_cmd_slot(rom, cmd_master, end_only[i].slot, off);
        off += n;
    }
    return true;
}
