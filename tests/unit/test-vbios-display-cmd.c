/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Unit tests of the VBIOS's display command tables (core/vbios_display_cmd.c)
 * executed against the display engine model: a small interpreter of the
 * ATOM opcodes they use, written from the drivers' interpreter
 * (drivers/gpu/drm/amd/amdgpu/atom.c: operand kinds, the alignment
 * masks and shifts, the destination-alignment table, SWITCH, jumps
 * relative to the table, the register block), runs SetCRTC_Timing and
 * EnableCRTC with the parameters DC's command_table.c builds, and the
 * test checks the CRTC registers and that the raster runs. Any opcode the
 * interpreter does not know fails the test: the tables use only these.
 */
#include <string.h>
#include "aemu-host.h"
#include "aemu-internal.h"
#include "vbios_atom.h"
#include "amdgpu-emu/regs/cik_regs.h"
#include "amdgpu-emu/regs/cik_fields.h"

#define MiB (1024ull * 1024ull)

/* atom.h / atombios.h, reader side. */
#define ROM_ATOM_HEADER_PTR     0x48
#define ROM_CMD_MASTER_PTR      0x1e
#define CT_WS                   4
#define CT_CODE                 6
#define SLOT_SET_PIXEL_CLOCK    12
#define SLOT_ADJUST_DISPLAY_PLL 17
#define SLOT_ENABLE_CRTC        35
#define SLOT_SET_CRTC_TIMING    39
#define SLOT_SET_CRTC_DTD       49
#define SLOT_TRANSMITTER        76
#define SLOT_ENABLE_SCALER      33
#define SLOT_BLANK_CRTC         34
#define SLOT_SET_CRTC_OVERSCAN  40
#define SLOT_SELECT_CRTC_SOURCE 42
#define SLOT_UPDATE_DOUBLE_BUFFER 44
#define SLOT_DIG_ENCODER        4
#define ARG_REG 0
#define ARG_PS 1
#define ARG_WS 2
#define ARG_IMM 5

static const uint32_t arg_mask[8] = {
    0xffffffff, 0xffff, 0xffff00, 0xffff0000, 0xff, 0xff00, 0xff0000,
    0xff000000,
};
static const int arg_shift[8] = { 0, 0, 8, 16, 0, 8, 16, 24 };
static const int dst_to_src[8][4] = {
    { 0, 0, 0, 0 }, { 1, 2, 3, 0 }, { 1, 2, 3, 0 }, { 1, 2, 3, 0 },
    { 4, 5, 6, 7 }, { 4, 5, 6, 7 }, { 4, 5, 6, 7 }, { 4, 5, 6, 7 },
};

typedef struct Interp {
    AemuTestHost *h;
    const uint8_t *rom;
    size_t start;               /* the table's first byte */
    uint32_t *ps;
    uint32_t ws[64];
    uint32_t reg_block;
    bool eq, above;
    unsigned reg_writes;
} Interp;

static uint16_t rd16(const uint8_t *b, size_t off)
{
    return (uint16_t)(b[off] | b[off + 1] << 8);
}

static uint32_t rd32(const uint8_t *b, size_t off)
{
    return rd16(b, off) | (uint32_t)rd16(b, off + 2) << 16;
}

/* Read an operand of kind at *p (full value, before alignment). */
static uint32_t get_raw(Interp *in, int kind, int align, size_t *p)
{
    uint32_t v = 0;

    switch (kind) {
    case ARG_REG:
        v = aemu_test_rreg(in->h, rd16(in->rom, *p) + in->reg_block);
        *p += 2;
        break;
    case ARG_PS:
        v = in->ps[in->rom[(*p)++]];
        break;
    case ARG_WS:
        g_assert_cmpuint(in->rom[*p], <, G_N_ELEMENTS(in->ws));
        v = in->ws[in->rom[(*p)++]];
        break;
    case ARG_IMM:
        if (align == 0) {
            v = rd32(in->rom, *p);
            *p += 4;
        } else if (align <= 3) {
            v = rd16(in->rom, *p);
            *p += 2;
        } else {
            v = in->rom[(*p)++];
        }
        return v;               /* atom.c returns immediates unaligned */
    default:
        g_assert_not_reached();
    }
    return v;
}

static uint32_t get_src(Interp *in, uint8_t attr, size_t *p)
{
    int align = (attr >> 3) & 7, kind = attr & 7;
    uint32_t v = get_raw(in, kind, align, p);

    if (kind == ARG_IMM) {
        return v;
    }
    return (v & arg_mask[align]) >> arg_shift[align];
}

static void put_dst(Interp *in, int kind, uint8_t attr, size_t p,
                    uint32_t val, uint32_t saved)
{
    int align = dst_to_src[(attr >> 3) & 7][(attr >> 6) & 3];

    val = (val << arg_shift[align]) & arg_mask[align];
    val |= saved & ~arg_mask[align];
    switch (kind) {
    case ARG_REG:
        aemu_test_wreg(in->h, rd16(in->rom, p) + in->reg_block, val);
        in->reg_writes++;
        break;
    case ARG_PS:
        in->ps[in->rom[p]] = val;
        break;
    case ARG_WS:
        in->ws[in->rom[p]] = val;
        break;
    default:
        g_assert_not_reached();
    }
}

/* The destination's aligned value, its whole value in *saved. */
static uint32_t get_dst(Interp *in, int kind, uint8_t attr, size_t *p,
                        uint32_t *saved)
{
    int align = dst_to_src[(attr >> 3) & 7][(attr >> 6) & 3];
    uint32_t v = get_raw(in, kind, 0, p);

    *saved = v;
    return (v & arg_mask[align]) >> arg_shift[align];
}

/* Runs the command table in slot with params; false if the slot is empty. */
static bool execute(Interp *in, unsigned slot, uint32_t *params)
{
    size_t hdr = rd16(in->rom, ROM_ATOM_HEADER_PTR);
    size_t master = rd16(in->rom, hdr + ROM_CMD_MASTER_PTR);
    size_t p;
    unsigned steps = 0;

    in->start = rd16(in->rom, master + 4 + 2 * slot);
    if (!in->start) {
        return false;
    }
    g_assert_cmpuint(in->rom[in->start + CT_WS], <=, G_N_ELEMENTS(in->ws));
    memset(in->ws, 0, sizeof(in->ws));
    in->ps = params;
    in->reg_block = 0;
    p = in->start + CT_CODE;
    for (;;) {
        uint8_t op;
        uint8_t attr;
        uint32_t dst, src, saved;
        size_t dp;
        int kind;

        g_assert_cmpuint(++steps, <, 10000);
        g_assert_cmpuint(p, <, in->start + rd16(in->rom, in->start));
        op = in->rom[p++];
        if (op == 91) {                         /* END_OF_TABLE */
            return true;
        }
        if (op == 58) {                         /* SET_REG_BLOCK */
            in->reg_block = rd16(in->rom, p);
            p += 2;
            continue;
        }
        if (op >= 67 && op <= 73) {             /* JUMP, JUMP_<cond> */
            bool take[] = { true, in->eq, !(in->above || in->eq), in->above,
                            !in->above, in->above || in->eq, !in->eq };

            p = take[op - 67] ? in->start + rd16(in->rom, p) : p + 2;
            continue;
        }
        if (op == 66) {                         /* SWITCH */
            attr = in->rom[p++];
            src = get_src(in, attr, &p);
            while (rd16(in->rom, p) != 0x5a5a) {
                g_assert_cmphex(in->rom[p], ==, 0x63);
                p++;
                if (get_src(in, (attr & 0x38) | ARG_IMM, &p) == src) {
                    p = in->start + rd16(in->rom, p);
                    goto next;
                }
                p += 2;
            }
            p += 2;
            continue;
        }
        /* ALU ops: MOVE 1, AND 7, OR 13, ADD 43, SUB 49, COMPARE 60. */
        {
            static const uint8_t bases[] = { 1, 7, 13, 43, 49, 60 };
            int base = -1;

            for (size_t i = 0; i < sizeof(bases); i++) {
                if (op >= bases[i] && op < bases[i] + 6) {
                    base = bases[i];
                }
            }
            g_assert_cmpint(base, >=, 0);
            kind = op - base;
            attr = in->rom[p++];
            dp = p;
            if (base == 1 && ((attr >> 3) & 7) == 0) {
                /* A dword MOVE skips reading its destination. */
                p += kind == ARG_REG ? 2 : 1;
                dst = 0;
                saved = 0;
            } else {
                dst = get_dst(in, kind, attr, &p, &saved);
            }
            src = get_src(in, attr, &p);
            switch (base) {
            case 1: dst = src; break;
            case 7: dst &= src; break;
            case 13: dst |= src; break;
            case 43: dst += src; break;
            case 49: dst -= src; break;
            case 60:
                in->eq = dst == src;
                in->above = dst > src;
                continue;
            }
            put_dst(in, kind, attr, dp, dst, saved);
        }
next:
        ;
    }
}

static uint8_t *hawaii_rom(AemuTestHost *h)
{
    g_assert_nonnull(h->dev->rom);
    return h->dev->rom;
}

/* DC's set_crtc_timing_v1 for 1080p60 CEA (h 1920/2200 sync 2008+44). */
static void timing_params(uint32_t *ps, uint8_t crtc)
{
    uint8_t b[24] = { 0 };

    b[0] = 2200 & 0xff; b[1] = 2200 >> 8;       /* usH_Total */
    b[2] = 1920 & 0xff; b[3] = 1920 >> 8;       /* usH_Disp */
    b[4] = 2008 & 0xff; b[5] = 2008 >> 8;       /* usH_SyncStart */
    b[6] = 44;                                  /* usH_SyncWidth */
    b[8] = 1125 & 0xff; b[9] = 1125 >> 8;       /* usV_Total */
    b[10] = 1080 & 0xff; b[11] = 1080 >> 8;     /* usV_Disp */
    b[12] = 1084 & 0xff; b[13] = 1084 >> 8;     /* usV_SyncStart */
    b[14] = 5;                                  /* usV_SyncWidth */
    b[18] = crtc;
    memcpy(ps, b, sizeof(b));
}

/* 1080p60 CEA's registers on the pipe at offset c, and none on pipe 0. */
static void assert_1080p(AemuTestHost *h, uint32_t c)
{
    g_assert_cmpuint(aemu_test_rreg(h, mmCRTC_H_TOTAL + c), ==, 2199);
    g_assert_cmpuint(aemu_test_rreg(h, mmCRTC_V_TOTAL + c), ==, 1124);
    /* Blank: end = 2200 - 2008 = 192, start = 192 + 1920 = 2112. */
    g_assert_cmphex(aemu_test_rreg(h, mmCRTC_H_BLANK_START_END + c), ==,
                    2112 | 192u << 16);
    /* Vertical: end = 1125 - 1084 = 41, start = 41 + 1080 = 1121. */
    g_assert_cmphex(aemu_test_rreg(h, mmCRTC_V_BLANK_START_END + c), ==,
                    1121 | 41u << 16);
    g_assert_cmphex(aemu_test_rreg(h, mmCRTC_H_SYNC_A + c), ==, 44u << 16);
    g_assert_cmphex(aemu_test_rreg(h, mmCRTC_V_SYNC_A + c), ==, 5u << 16);
    g_assert_cmpuint(aemu_test_rreg(h, mmCRTC_H_TOTAL), ==, 0);
}

/*
 * SetCRTC_Timing on CRTC 2 (block 0x2600) writes that pipe's timing as
 * DC's direct path would; EnableCRTC starts and stops it.
 */
static void test_mode_set(void)
{
    AemuTestHost *h = aemu_test_host_new("hawaii", 64 * MiB, 16 * MiB);
    Interp in = { .h = h, .rom = hawaii_rom(h) };
    const uint32_t c = mmCRTC2_CRTC_CONTROL - mmCRTC_CONTROL;
    uint32_t ps[8] = { 0 };

    timing_params(ps, 2);
    g_assert_true(execute(&in, SLOT_SET_CRTC_TIMING, ps));
    assert_1080p(h, c);

    /* EnableCRTC(CRTC 2, enable): the raster runs and moves. */
    ps[0] = 2 | 1 << 8;
    g_assert_true(execute(&in, SLOT_ENABLE_CRTC, ps));
    g_assert_cmphex(aemu_test_rreg(h, mmCRTC_CONTROL + c) &
                    CRTC_CONTROL__CRTC_CURRENT_MASTER_EN_STATE_MASK, !=, 0);
    aemu_test_host_advance(h, 1000000000ull / 60 / 2);
    g_assert_cmpuint(AEMU_REG_GET(aemu_test_rreg(h, mmCRTC_STATUS_POSITION + c),
                                  CRTC_STATUS_POSITION, CRTC_VERT_COUNT),
                     >, 500);
    g_assert_cmphex(aemu_test_rreg(h, mmCRTC_CONTROL) &
                    CRTC_CONTROL__CRTC_MASTER_EN_MASK, ==, 0);
    /* EnableCRTC(CRTC 2, disable) stops it; other bits stay. */
    ps[0] = 2;
    g_assert_true(execute(&in, SLOT_ENABLE_CRTC, ps));
    g_assert_cmphex(aemu_test_rreg(h, mmCRTC_CONTROL + c) &
                    (CRTC_CONTROL__CRTC_MASTER_EN_MASK |
                     CRTC_CONTROL__CRTC_CURRENT_MASTER_EN_STATE_MASK), ==, 0);
    aemu_test_host_free(h);
}

/* Borders move the blank window; an unknown CRTC writes nothing. */
static void test_borders_and_bad_crtc(void)
{
    AemuTestHost *h = aemu_test_host_new("hawaii", 64 * MiB, 16 * MiB);
    Interp in = { .h = h, .rom = hawaii_rom(h) };
    uint32_t ps[8] = { 0 };

    timing_params(ps, 0);
    ((uint8_t *)ps)[19] = 8;    /* right */
    ((uint8_t *)ps)[20] = 16;   /* left */
    ((uint8_t *)ps)[21] = 2;    /* bottom */
    ((uint8_t *)ps)[22] = 4;    /* top */
    g_assert_true(execute(&in, SLOT_SET_CRTC_TIMING, ps));
    /* end = 2200 - 2008 - 16 = 176; start = 176 + 1920 + 16 + 8. */
    g_assert_cmphex(aemu_test_rreg(h, mmCRTC_H_BLANK_START_END), ==,
                    2120 | 176u << 16);
    g_assert_cmphex(aemu_test_rreg(h, mmCRTC_V_BLANK_START_END), ==,
                    (41 - 4 + 1080 + 4 + 2) | (41u - 4) << 16);

    in.reg_writes = 0;
    timing_params(ps, 6);
    g_assert_true(execute(&in, SLOT_SET_CRTC_TIMING, ps));
    ps[0] = 0xff | 1 << 8;
    g_assert_true(execute(&in, SLOT_ENABLE_CRTC, ps));
    g_assert_cmpuint(in.reg_writes, ==, 0);
    aemu_test_host_free(h);
}

/* The tables that only return run, and change nothing. */
static void test_end_only_tables(void)
{
    AemuTestHost *h = aemu_test_host_new("hawaii", 64 * MiB, 16 * MiB);
    Interp in = { .h = h, .rom = hawaii_rom(h) };
    uint32_t ps[8] = { 0x1234, 0x5678 };
    static const unsigned slots[] = {
        SLOT_SET_PIXEL_CLOCK, SLOT_ADJUST_DISPLAY_PLL, SLOT_TRANSMITTER,
        SLOT_DIG_ENCODER, SLOT_ENABLE_SCALER, SLOT_SET_CRTC_OVERSCAN,
        SLOT_SELECT_CRTC_SOURCE, SLOT_UPDATE_DOUBLE_BUFFER,
    };

    for (size_t i = 0; i < G_N_ELEMENTS(slots); i++) {
        g_assert_true(execute(&in, slots[i], ps));
        g_assert_cmphex(ps[0], ==, 0x1234);     /* in-out left as passed */
    }
    g_assert_cmpuint(in.reg_writes, ==, 0);
    aemu_test_host_free(h);
}

/* A table's content revision, from the command master table. */
static uint8_t table_crev(const uint8_t *rom, unsigned slot)
{
    size_t atom = rd16(rom, ROM_ATOM_HEADER_PTR);
    size_t master = rd16(rom, atom + ROM_CMD_MASTER_PTR);
    size_t t = rd16(rom, master + 4 + 2 * slot);

    g_assert_cmpuint(t, !=, 0);
    return rom[t + 3];
}

/*
 * radeon's atombios_set_crtc_dtd_timing for 1080p60 on CRTC 2 (the EDID
 * detailed timing: blanking 280/45, sync offset 88/4): the same registers
 * as SetCRTC_Timing's; with borders, the blank window moves as in
 * SetCRTC_Timing with the same borders on both sides. Its revision is
 * 1.1: DC takes DTD only from 3 and keeps SetCRTC_Timing.
 */
static void dtd_params(uint32_t *ps, uint8_t crtc, uint8_t hb, uint8_t vb)
{
    uint8_t b[24] = { 0 };
    const uint16_t w[8] = {
        1920 - 2 * hb, 280 + 2 * hb, 1080 - 2 * vb, 45 + 2 * vb,
        88 + hb, 44, 4 + vb, 5,
    };

    for (int i = 0; i < 8; i++) {
        b[2 * i] = w[i] & 0xff;
        b[2 * i + 1] = w[i] >> 8;
    }
    b[18] = hb;
    b[19] = vb;
    b[20] = crtc;
    memcpy(ps, b, sizeof(b));
}

static void test_dtd_timing(void)
{
    AemuTestHost *h = aemu_test_host_new("hawaii", 64 * MiB, 16 * MiB);
    Interp in = { .h = h, .rom = hawaii_rom(h) };
    const uint32_t c = mmCRTC2_CRTC_CONTROL - mmCRTC_CONTROL;
    uint32_t ps[8] = { 0 };

    g_assert_cmpuint(table_crev(in.rom, SLOT_SET_CRTC_DTD), ==, 1);
    dtd_params(ps, 2, 0, 0);
    g_assert_true(execute(&in, SLOT_SET_CRTC_DTD, ps));
    assert_1080p(h, c);

    /* Borders 8 and 2: end = 2200 - 2008 - 8, start = end + 1904 + 16. */
    dtd_params(ps, 0, 8, 2);
    g_assert_true(execute(&in, SLOT_SET_CRTC_DTD, ps));
    g_assert_cmpuint(aemu_test_rreg(h, mmCRTC_H_TOTAL), ==, 2199);
    g_assert_cmphex(aemu_test_rreg(h, mmCRTC_H_BLANK_START_END), ==,
                    (184 + 1904 + 16) | 184u << 16);
    g_assert_cmphex(aemu_test_rreg(h, mmCRTC_V_BLANK_START_END), ==,
                    (39 + 1076 + 4) | 39u << 16);

    /* An unknown CRTC writes nothing. */
    in.reg_writes = 0;
    dtd_params(ps, 6, 0, 0);
    g_assert_true(execute(&in, SLOT_SET_CRTC_DTD, ps));
    g_assert_cmpuint(in.reg_writes, ==, 0);
    aemu_test_host_free(h);
}

/* BlankCRTC sets and clears CRTC_BLANK_DATA_EN of its CRTC only. */
static void test_blank_crtc(void)
{
    AemuTestHost *h = aemu_test_host_new("hawaii", 64 * MiB, 16 * MiB);
    Interp in = { .h = h, .rom = hawaii_rom(h) };
    const uint32_t c = mmCRTC1_CRTC_CONTROL - mmCRTC_CONTROL;
    const uint32_t blank = CRTC_BLANK_CONTROL__CRTC_BLANK_DATA_EN_MASK |
                           CRTC_BLANK_CONTROL__CRTC_CURRENT_BLANK_STATE_MASK;
    uint32_t ps[2] = { 0 };

    ps[0] = 1 | 1 << 8;         /* ucCRTC 1, ucBlanking */
    g_assert_true(execute(&in, SLOT_BLANK_CRTC, ps));
    g_assert_cmphex(aemu_test_rreg(h, mmCRTC_BLANK_CONTROL + c) & blank, ==,
                    blank);
    g_assert_cmphex(aemu_test_rreg(h, mmCRTC_BLANK_CONTROL) & blank, ==, 0);
    ps[0] = 1;
    g_assert_true(execute(&in, SLOT_BLANK_CRTC, ps));
    g_assert_cmphex(aemu_test_rreg(h, mmCRTC_BLANK_CONTROL + c) & blank, ==,
                    0);
    aemu_test_host_free(h);
}

int main(int argc, char **argv)
{
    g_test_init(&argc, &argv, NULL);
    g_test_add_func("/vbios-display-cmd/mode-set", test_mode_set);
    g_test_add_func("/vbios-display-cmd/borders-bad-crtc",
                    test_borders_and_bad_crtc);
    g_test_add_func("/vbios-display-cmd/end-only", test_end_only_tables);
    g_test_add_func("/vbios-display-cmd/dtd-timing", test_dtd_timing);
    g_test_add_func("/vbios-display-cmd/blank-crtc", test_blank_crtc);
    return g_test_run();
}
