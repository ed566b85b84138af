/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * A small interpreter of ATOM command tables for unit tests, written from
 * the drivers' interpreter (drivers/gpu/drm/radeon/atom.c): operand kinds,
 * the alignment masks and shifts, the destination-alignment table, MUL and
 * DIV into the workspace's QUOTIENT/REMAINDER slots, compare and jumps
 * relative to the table, SWITCH, SET_REG_BLOCK, CALL_TABLE (the callee's
 * parameters start after the caller's own: atom.c's ps_shift, the
 * caller's header PS byte / 4). Registers are the test host's (dword indices). Any opcode it
 * does not know fails the test: a table under test uses only these.
 * Include it once per test program.
 */
#ifndef AEMU_TEST_ATOM_INTERP_H
#define AEMU_TEST_ATOM_INTERP_H

#include <string.h>
#include "aemu-host.h"

/* atom.h / atombios.h, reader side. */
#define AI_ROM_ATOM_HEADER_PTR  0x48
#define AI_ROM_CMD_MASTER_PTR   0x1e
#define AI_CT_WS                4
#define AI_CT_PS                5
#define AI_CT_PS_MASK           0x7f
#define AI_CT_CODE              6
#define AI_ARG_REG 0
#define AI_ARG_PS 1
#define AI_ARG_WS 2
#define AI_ARG_IMM 5
#define AI_WS_QUOTIENT 0x40
#define AI_WS_REMAINDER 0x41
#define AI_WS_SLOTS 64
#define AI_MAX_DEPTH 4

static const uint32_t ai_arg_mask[8] = {
    0xffffffff, 0xffff, 0xffff00, 0xffff0000, 0xff, 0xff00, 0xff0000,
    0xff000000,
};
static const int ai_arg_shift[8] = { 0, 0, 8, 16, 0, 8, 16, 24 };
static const int ai_dst_to_src[8][4] = {
    { 0, 0, 0, 0 }, { 1, 2, 3, 0 }, { 1, 2, 3, 0 }, { 1, 2, 3, 0 },
    { 4, 5, 6, 7 }, { 4, 5, 6, 7 }, { 4, 5, 6, 7 }, { 4, 5, 6, 7 },
};

typedef struct AtomInterp {
    AemuTestHost *h;
    const uint8_t *rom;
    uint32_t divmul[2];         /* shared by every table, as in atom.c */
    bool eq, above;
    unsigned reg_writes;
    unsigned depth;
} AtomInterp;

/* One running table: its first byte, parameters, workspace, block. */
typedef struct AtomFrame {
    size_t start;
    uint32_t *ps;
    size_t ps_dwords;
    uint32_t ws[AI_WS_SLOTS];
    uint32_t reg_block;
} AtomFrame;

static uint16_t ai_rd16(const uint8_t *b, size_t off)
{
    return (uint16_t)(b[off] | b[off + 1] << 8);
}

static uint32_t ai_rd32(const uint8_t *b, size_t off)
{
    return ai_rd16(b, off) | (uint32_t)ai_rd16(b, off + 2) << 16;
}

static uint32_t *ai_ws(AtomInterp *in, AtomFrame *f, uint8_t idx)
{
    if (idx == AI_WS_QUOTIENT || idx == AI_WS_REMAINDER) {
        return &in->divmul[idx - AI_WS_QUOTIENT];
    }
    g_assert_cmpuint(idx, <, in->rom[f->start + AI_CT_WS]);
    return &f->ws[idx];
}

static uint32_t *ai_ps(AtomFrame *f, uint8_t idx)
{
    g_assert_cmpuint(idx, <, f->ps_dwords);
    return &f->ps[idx];
}

/* An operand of kind at *p (full value, before alignment). */
static uint32_t ai_get_raw(AtomInterp *in, AtomFrame *f, int kind, int align,
                           size_t *p)
{
    uint32_t v = 0;

    switch (kind) {
    case AI_ARG_REG:
        v = aemu_test_rreg(in->h, ai_rd16(in->rom, *p) + f->reg_block);
        *p += 2;
        break;
    case AI_ARG_PS:
        v = *ai_ps(f, in->rom[(*p)++]);
        break;
    case AI_ARG_WS:
        v = *ai_ws(in, f, in->rom[(*p)++]);
        break;
    case AI_ARG_IMM:
        if (align == 0) {
            v = ai_rd32(in->rom, *p);
            *p += 4;
        } else if (align <= 3) {
            v = ai_rd16(in->rom, *p);
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

static uint32_t ai_get_src(AtomInterp *in, AtomFrame *f, uint8_t attr,
                           size_t *p)
{
    int align = (attr >> 3) & 7, kind = attr & 7;
    uint32_t v = ai_get_raw(in, f, kind, align, p);

    if (kind == AI_ARG_IMM) {
        return v;
    }
    return (v & ai_arg_mask[align]) >> ai_arg_shift[align];
}

static void ai_put_dst(AtomInterp *in, AtomFrame *f, int kind, uint8_t attr,
                       size_t p, uint32_t val, uint32_t saved)
{
    int align = ai_dst_to_src[(attr >> 3) & 7][(attr >> 6) & 3];

    val = (val << ai_arg_shift[align]) & ai_arg_mask[align];
    val |= saved & ~ai_arg_mask[align];
    switch (kind) {
    case AI_ARG_REG:
        aemu_test_wreg(in->h, ai_rd16(in->rom, p) + f->reg_block, val);
        in->reg_writes++;
        break;
    case AI_ARG_PS:
        *ai_ps(f, in->rom[p]) = val;
        break;
    case AI_ARG_WS:
        *ai_ws(in, f, in->rom[p]) = val;
        break;
    default:
        g_assert_not_reached();
    }
}

/* The destination's aligned value, its whole value in *saved. */
static uint32_t ai_get_dst(AtomInterp *in, AtomFrame *f, int kind,
                           uint8_t attr, size_t *p, uint32_t *saved)
{
    int align = ai_dst_to_src[(attr >> 3) & 7][(attr >> 6) & 3];
    uint32_t v = ai_get_raw(in, f, kind, 0, p);

    *saved = v;
    return (v & ai_arg_mask[align]) >> ai_arg_shift[align];
}

static bool atom_interp_run(AtomInterp *in, unsigned slot, uint32_t *params,
                            size_t ps_dwords);

/* An ALU opcode: MOVE 1, AND 7, OR 13, MUL 31, DIV 37, ADD 43, SUB 49, COMPARE 60. */
static void ai_alu(AtomInterp *in, AtomFrame *f, uint8_t op, size_t *p)
{
    static const uint8_t bases[] = { 1, 7, 13, 31, 37, 43, 49, 60 };
    int base = -1, kind;
    uint8_t attr;
    uint32_t dst, src, saved;
    size_t dp;

    for (size_t i = 0; i < sizeof(bases); i++) {
        if (op >= bases[i] && op < bases[i] + 6) {
            base = bases[i];
        }
    }
    g_assert_cmpint(base, >=, 0);
    kind = op - base;
    attr = in->rom[(*p)++];
    dp = *p;
    if (base == 1 && ((attr >> 3) & 7) == 0) {
        /* A dword MOVE skips reading its destination. */
        *p += kind == AI_ARG_REG ? 2 : 1;
        dst = 0;
        saved = 0;
    } else {
        dst = ai_get_dst(in, f, kind, attr, p, &saved);
    }
    src = ai_get_src(in, f, attr, p);
    switch (base) {
    case 1: dst = src; break;
    case 7: dst &= src; break;
    case 13: dst |= src; break;
    case 31:
        in->divmul[0] = dst * src;
        return;
    case 37:
        in->divmul[0] = src ? dst / src : 0;
        in->divmul[1] = src ? dst % src : 0;
        return;
    case 43: dst += src; break;
    case 49: dst -= src; break;
    case 60:
        in->eq = dst == src;
        in->above = dst > src;
        return;
    }
    ai_put_dst(in, f, kind, attr, dp, dst, saved);
}

/* Runs the command table in slot with params; false if the slot is empty. */
static bool atom_interp_run(AtomInterp *in, unsigned slot, uint32_t *params,
                            size_t ps_dwords)
{
    size_t hdr = ai_rd16(in->rom, AI_ROM_ATOM_HEADER_PTR);
    size_t master = ai_rd16(in->rom, hdr + AI_ROM_CMD_MASTER_PTR);
    AtomFrame f = { .ps = params, .ps_dwords = ps_dwords };
    size_t p, end;
    unsigned steps = 0;

    f.start = ai_rd16(in->rom, master + 4 + 2 * slot);
    if (!f.start) {
        return false;
    }
    g_assert_cmpuint(in->rom[f.start + AI_CT_WS], <=, AI_WS_SLOTS);
    end = f.start + ai_rd16(in->rom, f.start);
    p = f.start + AI_CT_CODE;
    for (;;) {
        uint8_t op;

        g_assert_cmpuint(++steps, <, 10000);
        g_assert_cmpuint(p, <, end);
        op = in->rom[p++];
        if (op == 91) {                         /* END_OF_TABLE */
            return true;
        }
        if (op == 58) {                         /* SET_REG_BLOCK */
            f.reg_block = ai_rd16(in->rom, p);
            p += 2;
            continue;
        }
        if (op == 82) {                         /* CALL_TABLE */
            size_t shift = (in->rom[f.start + AI_CT_PS] & AI_CT_PS_MASK) / 4;

            g_assert_cmpuint(shift, <, f.ps_dwords);
            g_assert_cmpuint(++in->depth, <=, AI_MAX_DEPTH);
            atom_interp_run(in, in->rom[p++], f.ps + shift,
                            f.ps_dwords - shift);
            in->depth--;
            continue;
        }
        if (op >= 67 && op <= 73) {             /* JUMP, JUMP_<cond> */
            bool take[] = { true, in->eq, !(in->above || in->eq), in->above,
                            !in->above, in->above || in->eq, !in->eq };

            p = take[op - 67] ? f.start + ai_rd16(in->rom, p) : p + 2;
            continue;
        }
        if (op == 66) {                         /* SWITCH */
            uint8_t attr = in->rom[p++];
            uint32_t src = ai_get_src(in, &f, attr, &p);
            bool taken = false;

            while (!taken && ai_rd16(in->rom, p) != 0x5a5a) {
                g_assert_cmphex(in->rom[p], ==, 0x63);
                p++;
                if (ai_get_src(in, &f, (attr & 0x38) | AI_ARG_IMM, &p) == src) {
                    p = f.start + ai_rd16(in->rom, p);
                    taken = true;
                } else {
                    p += 2;
                }
            }
            if (!taken) {
                p += 2;
            }
            continue;
        }
        ai_alu(in, &f, op, &p);
    }
}

#endif
