/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * amdgpu-emu core: the session handles a video engine's firmware keeps
 * (UVD decode sessions, VCE encode sessions), shared by uvd_v4_2.c and
 * vce_v2_0.c.
 *
 * The drivers open and close sessions with messages naming a 32-bit
 * handle (amdgpu_uvd_get_create_msg / _destroy_msg, amdgpu_vce_get_create_msg
 * / _destroy_msg); the firmware has room for a fixed number of them
 * (AMDGPU_MAX_UVD_HANDLES, AMDGPU_MAX_VCE_HANDLES). The model keeps the
 * open handles so that a second create of a handle, a destroy of one that
 * is not open, or one create too many is refused the way a full firmware
 * table would (inferred), and counts what it refused. The engines have no
 * codec: every job inside a session is refused as well (see the engines'
 * header comments and docs/uvd-vce.md), and counted here. Also the one
 * way both engines' rings hang on malformed input.
 */
#ifndef AMDGPU_EMU_CODEC_SESSIONS_H
#define AMDGPU_EMU_CODEC_SESSIONS_H

#include <stdbool.h>
#include <stdint.h>
#include "ring.h"

/* The most sessions any of the engines keeps (UVD 4.2 with new firmware). */
#define AEMU_CODEC_SESSIONS_MAX 40u

typedef struct AemuCodecSessions {
    uint32_t handle[AEMU_CODEC_SESSIONS_MAX];   /* 0: free slot */
    unsigned limit;             /* slots in use, <= AEMU_CODEC_SESSIONS_MAX */
    uint64_t created, destroyed;
    uint64_t refused;           /* messages or jobs refused */
} AemuCodecSessions;

/* Empty, with room for limit sessions (clamped to the maximum). */
void aemu_codec_sessions_reset(AemuCodecSessions *s, unsigned limit);
/* Open handle: false (counted as refused) if 0, already open, or full. */
bool aemu_codec_session_create(AemuCodecSessions *s, uint32_t handle);
/* Close handle: false (counted as refused) if it is not open. */
bool aemu_codec_session_destroy(AemuCodecSessions *s, uint32_t handle);
/* Whether handle is open. */
bool aemu_codec_session_open(const AemuCodecSessions *s, uint32_t handle);
/* How many sessions are open. */
unsigned aemu_codec_sessions_count(const AemuCodecSessions *s);
/* A job was refused (no codec). */
static inline void aemu_codec_refuse(AemuCodecSessions *s)
{
    s->refused++;
}

/*
 * A video engine's ring meets input the firmware would not take: report
 * it (guest_errors, naming the ring) and hang the ring until the driver
 * restarts it. Returns AEMU_STEP_STOP for the step to return.
 */
AemuStep aemu_codec_ring_hang(AemuDevice *d, AemuRing *r, const char *fmt,
                              ...) G_GNUC_PRINTF(3, 4);

#endif
