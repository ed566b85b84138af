/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * amdgpu-emu standalone hosts: the core's trace events on stderr.
 *
 * What QEMU's log backend does for -trace, for the hosts without QEMU (the
 * unit tests' host, aemu-replay): the AEMU_TRACE environment variable holds
 * comma-separated glob patterns over the events' full names, as -trace
 * takes them ('amdgpu_emu_cp_*,amdgpu_emu_ih_iv'; a leading '-' turns
 * matching events off again). The selected events are printed one per
 * line, "<ns> amdgpu_emu_<name> <formatted arguments>". Guest errors and
 * unimplemented features print the same way under the names QEMU gives
 * them (amdgpu_emu_guest_error, amdgpu_emu_unimp).
 */
#ifndef AMDGPU_EMU_STANDALONE_TRACE_PRINT_H
#define AMDGPU_EMU_STANDALONE_TRACE_PRINT_H

#include <stdbool.h>
#include <stdint.h>
#include "amdgpu-emu/aemu.h"

#define AEMU_TRACE_ENV "AEMU_TRACE"

typedef struct AemuTracePrint {
    char **patterns;            /* from AEMU_TRACE; NULL: nothing selected */
} AemuTracePrint;

/* Read AEMU_TRACE (or the given patterns, when not NULL). */
void aemu_trace_print_init(AemuTracePrint *p, const char *patterns);
void aemu_trace_print_fini(AemuTracePrint *p);
/* Whether the patterns select this full event name (amdgpu_emu_...). */
bool aemu_trace_print_selects(const AemuTracePrint *p, const char *full_name);
/* Whether they select core event id. */
bool aemu_trace_print_selects_event(const AemuTracePrint *p, unsigned id);
/* Print a core event / a named message line to stderr. */
void aemu_trace_print_event(uint64_t ns, unsigned id, const uint64_t *args);
void aemu_trace_print_msg(uint64_t ns, const char *full_name,
                          const char *msg);

#endif
