/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * amdgpu-emu core: a small assembler for ATOM command-table bytecode, the
 * language both drivers' interpreters (amdgpu/atom.c, radeon/atom.c)
 * execute. Enough of it for the display tables (vbios_display_cmd.c) and
 * the RS780's clock tables (vbios_clock_rs780.c): moves and integer
 * arithmetic between registers, the parameter space (PS) and the
 * workspace (WS), MUL and DIV (whose results the interpreter keeps in the
 * workspace's QUOTIENT/REMAINDER slots), compare and jumps, SWITCH,
 * SET_REG_BLOCK, CALL_TABLE.
 *
 * Encoding (atom.c): an ALU opcode is its operation's first opcode plus
 * the destination's kind (REG 0, PS 1, WS 2); then an attribute byte:
 * [2:0] the source's kind, [5:3] the source's alignment (which dword,
 * word or byte of it), [7:6] the destination's alignment as an index into
 * the interpreter's translation table from the source alignment; then the
 * destination operand, then the source operand (REG: u16 register index
 * added to the register block, PS/WS: u8 dword index, IMM: 4, 2 or 1
 * bytes by alignment). Jump and case targets are offsets from the table's
 * first byte (its header).
 */
#ifndef AEMU_VBIOS_ATOM_ASM_H
#define AEMU_VBIOS_ATOM_ASM_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* Operand kinds (atom.h ATOM_ARG_*). */
#define ATOM_ARG_REG    0
#define ATOM_ARG_PS     1
#define ATOM_ARG_WS     2
#define ATOM_ARG_IMM    5

/* Workspace indices of MUL/DIV's results (atom.h ATOM_WS_*). */
#define ATOM_WS_QUOTIENT  0x40
#define ATOM_WS_REMAINDER 0x41

/* Alignments (atom.h ATOM_SRC_*). */
#define ATOM_SRC_DWORD  0
#define ATOM_SRC_WORD0  1
#define ATOM_SRC_WORD8  2
#define ATOM_SRC_WORD16 3
#define ATOM_SRC_BYTE0  4

/* Jump conditions, as offsets from ATOM_OP_JUMP (atom.c's table order). */
#define ATOM_COND_ALWAYS 0
#define ATOM_COND_EQUAL  1
#define ATOM_COND_BELOW  2
#define ATOM_COND_ABOVE  3
#define ATOM_COND_BELOWOREQUAL 4
#define ATOM_COND_ABOVEOREQUAL 5
#define ATOM_COND_NOTEQUAL 6

/* First opcode of each operation (atom.c opcode_table; REG variant). */
#define ATOM_OP_MOVE    1
#define ATOM_OP_AND     7
#define ATOM_OP_OR      13
#define ATOM_OP_MUL     31      /* WS[QUOTIENT] = dst * src */
#define ATOM_OP_DIV     37      /* WS[QUOTIENT], WS[REMAINDER] = dst / src */
#define ATOM_OP_ADD     43
#define ATOM_OP_SUB     49
#define ATOM_OP_SETREGBLOCK 58
#define ATOM_OP_COMPARE 60
#define ATOM_OP_SWITCH  66
#define ATOM_OP_JUMP    67
#define ATOM_OP_CALLTABLE 82
#define ATOM_OP_EOT     91

typedef struct AtomOperand {
    uint8_t kind;               /* ATOM_ARG_* */
    uint8_t align;              /* ATOM_SRC_* */
    uint32_t value;             /* register, dword index or immediate */
} AtomOperand;

/* A parameter-space field by its byte offset and size (1, 2 or 4). */
AtomOperand atom_ps(unsigned byte_off, unsigned size);
/* A whole workspace dword; a register; an immediate of size bytes. */
AtomOperand atom_ws(unsigned index);
AtomOperand atom_reg(uint16_t reg);
AtomOperand atom_imm(uint32_t value, unsigned size);
/* The same operand narrowed to its low word, or its high word as a dst. */
AtomOperand atom_low_word(AtomOperand o);
AtomOperand atom_high_word(AtomOperand o);

typedef struct AtomAsm {
    uint8_t *t;                 /* the table's header */
    size_t cap;                 /* bytes the table may use */
    size_t pos;                 /* next byte, from t */
    bool failed;                /* out of room or an unencodable operand */
} AtomAsm;

/* Code starts after the 6-byte header (size, revs, WS dwords, PS bytes). */
void atom_asm_init(AtomAsm *a, uint8_t *table, size_t cap);
/*
 * dst op= src for op one of ATOM_OP_MOVE/AND/OR/ADD/SUB/COMPARE, or
 * MUL/DIV (dst is then only read; the result is in WS[QUOTIENT]).
 */
void atom_asm_alu(AtomAsm *a, uint8_t op, AtomOperand dst, AtomOperand src);
void atom_asm_set_reg_block(AtomAsm *a, uint16_t block);
/* Runs the command table of master slot idx on this table's parameters. */
void atom_asm_call_table(AtomAsm *a, uint8_t idx);
void atom_asm_eot(AtomAsm *a);
/* A jump whose target atom_asm_patch fills in; returns its patch place. */
size_t atom_asm_jump(AtomAsm *a, uint8_t cond);
/* SWITCH on src over values[0..n): each case's patch place into patches. */
void atom_asm_switch(AtomAsm *a, AtomOperand src, const uint32_t *values,
                     size_t n, size_t *patches);
/*
 * SWITCH on sel over ids[0..n): the matching case sets the register block
 * blocks[i] (and, with note, moves i into it), then execution goes on
 * after the cases; no match ends the table. At most ATOM_ASM_MAX_CASES.
 */
#define ATOM_ASM_MAX_CASES 8
void atom_asm_select_block(AtomAsm *a, AtomOperand sel, const uint32_t *ids,
                           const uint32_t *blocks, size_t n,
                           const AtomOperand *note);
/* The current position, as a jump target. */
size_t atom_asm_here(const AtomAsm *a);
void atom_asm_patch(AtomAsm *a, size_t patch, size_t target);
/*
 * Ends the table with END_OF_TABLE and writes its header; returns its
 * size, or 0 if anything failed to assemble.
 */
size_t atom_asm_finish(AtomAsm *a, uint8_t frev, uint8_t crev,
                       uint8_t ws_dwords, uint8_t ps_bytes);

#endif
