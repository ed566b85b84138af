/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * aemu-isa-coverage: how much of each generation's instruction set the
 * shader interpreter executes, per encoding format. For every opcode the
 * generated tables give a format (shader_isa_tables.c), it asks the
 * interpreter for the op's handler (aemu_sh_handler): an op without one
 * halts the wave that meets it, naming it.
 *
 *   aemu-isa-coverage            one line per generation and format:
 *                                opcodes, implemented, missing
 *   aemu-isa-coverage --missing  also the names of the missing ones
 *
 * An opcode counts in every format that can encode it (VOP3 also encodes
 * the VOP1, VOP2 and VOPC ops), so the formats' sums overlap. The DPP and
 * SDWA extensions are operand modifiers of VOP1/VOP2/VOPC, not formats.
 */
#include <stdio.h>
#include <string.h>
#include "shader_interp.h"

static const char *const gen_names[AEMU_SH_NUM_GENS] = {
    [AEMU_SH_GFX7] = "gfx7", [AEMU_SH_GFX9] = "gfx9",
};

static void coverage(AemuShGen gen, AemuShFmt fmt, bool list)
{
    const AemuShOpTable *t = &aemu_sh_optab[gen][fmt];
    unsigned total = 0, done = 0;

    for (uint32_t i = 0; i < t->size; i++) {
        AemuShOp op = t->op[i];

        if (op == SH_OP_INVALID) {
            continue;
        }
        total++;
        done += aemu_sh_handler(op) != aemu_sh_exec_unimplemented;
    }
    if (!total) {
        return;
    }
    printf("%-5s %-8s %5u %12u %8u\n", gen_names[gen],
           aemu_sh_fmt_names[fmt], total, done, total - done);
    if (!list || done == total) {
        return;
    }
    printf("      missing:");
    for (uint32_t i = 0; i < t->size; i++) {
        AemuShOp op = t->op[i];

        if (op != SH_OP_INVALID &&
            aemu_sh_handler(op) == aemu_sh_exec_unimplemented) {
            printf(" %s", aemu_sh_op_info[op].name);
        }
    }
    printf("\n");
}

int main(int argc, char **argv)
{
    bool list = argc == 2 && strcmp(argv[1], "--missing") == 0;

    if (argc > 2 || (argc == 2 && !list)) {
        fprintf(stderr, "usage: %s [--missing]\n", argv[0]);
        return 2;
    }
    printf("%-5s %-8s %5s %12s %8s\n", "gen", "format", "ops",
           "implemented", "missing");
    for (unsigned gen = 0; gen < AEMU_SH_NUM_GENS; gen++) {
        for (unsigned fmt = 0; fmt < AEMU_SH_FMT_COUNT; fmt++) {
            coverage(gen, fmt, list);
        }
    }
    return 0;
}
