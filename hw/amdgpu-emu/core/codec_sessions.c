/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * amdgpu-emu core: video engines' session handles (codec_sessions.h).
 */
#include <string.h>
#include "codec_sessions.h"

void aemu_codec_sessions_reset(AemuCodecSessions *s, unsigned limit)
{
    memset(s, 0, sizeof(*s));
    s->limit = limit < AEMU_CODEC_SESSIONS_MAX ? limit
                                               : AEMU_CODEC_SESSIONS_MAX;
}

static int find(const AemuCodecSessions *s, uint32_t handle)
{
    for (unsigned i = 0; i < s->limit && i < AEMU_CODEC_SESSIONS_MAX; i++) {
        if (s->handle[i] == handle) {
            return (int)i;
        }
    }
    return -1;
}

bool aemu_codec_session_open(const AemuCodecSessions *s, uint32_t handle)
{
    return handle && find(s, handle) >= 0;
}

bool aemu_codec_session_create(AemuCodecSessions *s, uint32_t handle)
{
    int slot;

    if (!handle || aemu_codec_session_open(s, handle) ||
        (slot = find(s, 0)) < 0) {
        s->refused++;
        return false;
    }
    s->handle[slot] = handle;
    s->created++;
    return true;
}

bool aemu_codec_session_destroy(AemuCodecSessions *s, uint32_t handle)
{
    int slot = handle ? find(s, handle) : -1;

    if (slot < 0) {
        s->refused++;
        return false;
    }
    s->handle[slot] = 0;
    s->destroyed++;
    return true;
}

unsigned aemu_codec_sessions_count(const AemuCodecSessions *s)
{
    unsigned n = 0;

    for (unsigned i = 0; i < s->limit && i < AEMU_CODEC_SESSIONS_MAX; i++) {
        n += s->handle[i] != 0;
    }
    return n;
}

AemuStep aemu_codec_ring_hang(AemuDevice *d, AemuRing *r, const char *fmt,
                              ...)
{
    va_list ap;
    g_autofree char *msg = NULL;

    va_start(ap, fmt);
    msg = g_strdup_vprintf(fmt, ap);
    va_end(ap);
    aemu_guest_error(d, "%s: ring hangs: %s", r->name, msg);
    r->hung = true;
    return AEMU_STEP_STOP;
}
