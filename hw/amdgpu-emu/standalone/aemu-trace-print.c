/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * amdgpu-emu standalone hosts: the core's trace events on stderr (see
 * aemu-trace-print.h).
 */
#include <stdio.h>
#include <stdlib.h>
#include <glib.h>
#include "aemu-trace-print.h"

/* QEMU names the core's events with this prefix (gen-trace-events.py). */
#define EVENT_PREFIX "amdgpu_emu_"

void aemu_trace_print_init(AemuTracePrint *p, const char *patterns)
{
    const char *env = patterns ? patterns : getenv(AEMU_TRACE_ENV);

    p->patterns = env && *env ? g_strsplit(env, ",", -1) : NULL;
    for (char **pat = p->patterns; pat && *pat; pat++) {
        g_strstrip(*pat);
    }
}

void aemu_trace_print_fini(AemuTracePrint *p)
{
    g_strfreev(p->patterns);
    p->patterns = NULL;
}

/* The last pattern that matches decides, as in a -trace events file. */
bool aemu_trace_print_selects(const AemuTracePrint *p, const char *full_name)
{
    bool on = false;

    for (char **pat = p->patterns; pat && *pat; pat++) {
        const char *glob = *pat;
        bool negate = glob[0] == '-';

        if (g_pattern_match_simple(negate ? glob + 1 : glob, full_name)) {
            on = !negate;
        }
    }
    return on;
}

bool aemu_trace_print_selects_event(const AemuTracePrint *p, unsigned id)
{
    char *full = g_strconcat(EVENT_PREFIX, aemu_trace_event_name(id), NULL);
    bool on = aemu_trace_print_selects(p, full);

    g_free(full);
    return on;
}

void aemu_trace_print_msg(uint64_t ns, const char *full_name, const char *msg)
{
    fprintf(stderr, "%" G_GUINT64_FORMAT " %s %s\n", ns, full_name, msg);
}

void aemu_trace_print_event(uint64_t ns, unsigned id, const uint64_t *args)
{
    char *text = aemu_trace_event_format(id, args);

    fprintf(stderr, "%" G_GUINT64_FORMAT " " EVENT_PREFIX "%s %s\n", ns,
            aemu_trace_event_name(id), text);
    aemu_free_string(text);
}
