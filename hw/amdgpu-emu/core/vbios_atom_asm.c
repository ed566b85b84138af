/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * amdgpu-emu core: the ATOM command-table assembler (vbios_atom_asm.h has
 * the encoding). Every emit checks the room left; a failure sticks and
 * makes atom_asm_finish return 0, so a table that does not fit is never
 * half written into the image's checksum or a neighbour.
 */
#include "vbios_atom_asm.h"

/* Command-table header (atom.h ATOM_CT_*). */
#define CT_WS_OFF       4
#define CT_PS_OFF       5
#define CT_CODE_OFF     6

#define ATOM_CASE_MAGIC 0x63
#define ATOM_CASE_END   0x5a5a

/*
 * atom.c's atom_dst_to_src: the destination alignment an attribute's
 * [7:6] selects, per source alignment row (dword sources write dwords).
 */
static const uint8_t dst_to_src[8][4] = {
    { 0, 0, 0, 0 },
    { 1, 2, 3, 0 }, { 1, 2, 3, 0 }, { 1, 2, 3, 0 },
    { 4, 5, 6, 7 }, { 4, 5, 6, 7 }, { 4, 5, 6, 7 }, { 4, 5, 6, 7 },
};

AtomOperand atom_ps(unsigned byte_off, unsigned size)
{
    AtomOperand o = { ATOM_ARG_PS, ATOM_SRC_DWORD, byte_off / 4 };
    unsigned sub = byte_off % 4;

    if (size == 1) {
        o.align = ATOM_SRC_BYTE0 + sub;
    } else if (size == 2) {
        /* WORD0, WORD8, WORD16 start at bytes 0, 1, 2. */
        o.align = sub < 3 ? ATOM_SRC_WORD0 + sub : 0xff;
    } else if (sub) {
        o.align = 0xff;             /* unencodable: fails the table */
    }
    return o;
}

AtomOperand atom_ws(unsigned index)
{
    return (AtomOperand){ ATOM_ARG_WS, ATOM_SRC_DWORD, index };
}

AtomOperand atom_reg(uint16_t reg)
{
    return (AtomOperand){ ATOM_ARG_REG, ATOM_SRC_DWORD, reg };
}

AtomOperand atom_imm(uint32_t value, unsigned size)
{
    AtomOperand o = { ATOM_ARG_IMM, ATOM_SRC_DWORD, value };

    if (size == 2) {
        o.align = ATOM_SRC_WORD0;
    } else if (size == 1) {
        o.align = ATOM_SRC_BYTE0;
    }
    return o;
}

AtomOperand atom_low_word(AtomOperand o)
{
    o.align = ATOM_SRC_WORD0;
    return o;
}

AtomOperand atom_high_word(AtomOperand o)
{
    o.align = ATOM_SRC_WORD16;
    return o;
}

void atom_asm_init(AtomAsm *a, uint8_t *table, size_t cap)
{
    a->t = table;
    a->cap = cap;
    a->pos = CT_CODE_OFF;
    a->failed = cap < CT_CODE_OFF;
}

static void put8(AtomAsm *a, uint8_t v)
{
    if (a->failed || a->pos >= a->cap) {
        a->failed = true;
        return;
    }
    a->t[a->pos++] = v;
}

static void put16(AtomAsm *a, uint16_t v)
{
    put8(a, v & 0xff);
    put8(a, v >> 8);
}

static void put_operand(AtomAsm *a, AtomOperand o)
{
    switch (o.kind) {
    case ATOM_ARG_REG:
        put16(a, o.value);
        break;
    case ATOM_ARG_PS:
    case ATOM_ARG_WS:
        put8(a, o.value);
        break;
    case ATOM_ARG_IMM:
        if (o.align == ATOM_SRC_DWORD) {
            put16(a, o.value & 0xffff);
            put16(a, o.value >> 16);
        } else if (o.align <= ATOM_SRC_WORD16) {
            put16(a, o.value);
        } else {
            put8(a, o.value);
        }
        break;
    default:
        a->failed = true;
    }
}

void atom_asm_alu(AtomAsm *a, uint8_t op, AtomOperand dst, AtomOperand src)
{
    int sel = -1;

    if (src.align > 7 || dst.align > 7 || dst.kind > ATOM_ARG_WS) {
        a->failed = true;
        return;
    }
    for (int i = 0; i < 4; i++) {
        if (dst_to_src[src.align][i] == dst.align) {
            sel = i;
            break;
        }
    }
    if (sel < 0) {
        a->failed = true;
        return;
    }
    put8(a, op + dst.kind);
    put8(a, (uint8_t)(sel << 6 | src.align << 3 | src.kind));
    put_operand(a, dst);
    put_operand(a, src);
}

void atom_asm_set_reg_block(AtomAsm *a, uint16_t block)
{
    put8(a, ATOM_OP_SETREGBLOCK);
    put16(a, block);
}

void atom_asm_call_table(AtomAsm *a, uint8_t idx)
{
    put8(a, ATOM_OP_CALLTABLE);
    put8(a, idx);
}

void atom_asm_eot(AtomAsm *a)
{
    put8(a, ATOM_OP_EOT);
}

size_t atom_asm_jump(AtomAsm *a, uint8_t cond)
{
    size_t patch;

    put8(a, ATOM_OP_JUMP + cond);
    patch = a->pos;
    put16(a, 0);
    return patch;
}

void atom_asm_switch(AtomAsm *a, AtomOperand src, const uint32_t *values,
                     size_t n, size_t *patches)
{
    AtomOperand c = { ATOM_ARG_IMM, src.align, 0 };

    put8(a, ATOM_OP_SWITCH);
    put8(a, (uint8_t)(src.align << 3 | src.kind));
    put_operand(a, src);
    for (size_t i = 0; i < n; i++) {
        put8(a, ATOM_CASE_MAGIC);
        c.value = values[i];
        put_operand(a, c);
        patches[i] = a->pos;
        put16(a, 0);
    }
    put16(a, ATOM_CASE_END);
}

void atom_asm_select_block(AtomAsm *a, AtomOperand sel, const uint32_t *ids,
                           const uint32_t *blocks, size_t n,
                           const AtomOperand *note)
{
    size_t cases[ATOM_ASM_MAX_CASES], to_body[ATOM_ASM_MAX_CASES];

    if (n > ATOM_ASM_MAX_CASES) {
        a->failed = true;
        return;
    }
    atom_asm_switch(a, sel, ids, n, cases);
    atom_asm_eot(a);
    for (size_t i = 0; i < n; i++) {
        atom_asm_patch(a, cases[i], atom_asm_here(a));
        atom_asm_set_reg_block(a, (uint16_t)blocks[i]);
        if (note) {
            atom_asm_alu(a, ATOM_OP_MOVE, *note, atom_imm((uint32_t)i, 4));
        }
        to_body[i] = atom_asm_jump(a, ATOM_COND_ALWAYS);
    }
    for (size_t i = 0; i < n; i++) {
        atom_asm_patch(a, to_body[i], atom_asm_here(a));
    }
}

size_t atom_asm_here(const AtomAsm *a)
{
    return a->pos;
}

void atom_asm_patch(AtomAsm *a, size_t patch, size_t target)
{
    if (a->failed || patch + 2 > a->pos || target > a->pos) {
        a->failed = true;
        return;
    }
    a->t[patch] = target & 0xff;
    a->t[patch + 1] = target >> 8;
}

size_t atom_asm_finish(AtomAsm *a, uint8_t frev, uint8_t crev,
                       uint8_t ws_dwords, uint8_t ps_bytes)
{
    atom_asm_eot(a);
    if (a->failed) {
        return 0;
    }
    a->t[0] = a->pos & 0xff;
    a->t[1] = a->pos >> 8;
    a->t[2] = frev;
    a->t[3] = crev;
    a->t[CT_WS_OFF] = ws_dwords;
    a->t[CT_PS_OFF] = ps_bytes;
    return a->pos;
}
