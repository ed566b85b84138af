/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * amdgpu-emu core: the device state serializer's visitor (state.c).
 *
 * One function per piece of state lists its fields once and serves both
 * directions: saving appends them to a byte array, loading reads them back
 * from a bounded window of the blob. A block's private state has such a
 * function (AemuIpBlockFuncs.state) next to the state it describes, so a
 * field added to a block is one line away from being saved. Loading never
 * reads past its window: a short or corrupt blob sets an error, later
 * reads yield zeroes, and the caller resets the device (docs/snapshots.md).
 *
 * Pointers are never serialized: what a pointer names is saved as an index
 * (an engine's registration index, an HQD's place) and derived state
 * (translation caches, doorbell claims) is rebuilt after loading.
 */
#ifndef AMDGPU_EMU_STATE_H
#define AMDGPU_EMU_STATE_H

#include "aemu-internal.h"

struct AemuStateIo {
    bool load;
    GByteArray *out;            /* saving: appended to */
    const uint8_t *in;          /* loading: the section's bytes */
    size_t len, pos;
    char *err;                  /* the first error (g_strdup_printf) */
};

static inline bool aemu_state_loading(const AemuStateIo *s)
{
    return s->load;
}

static inline bool aemu_state_failed(const AemuStateIo *s)
{
    return s->err != NULL;
}

/* Record the first error; later ones are dropped. Returns false. */
bool aemu_state_fail(AemuStateIo *s, const char *fmt, ...)
    G_GNUC_PRINTF(2, 3);

/* Raw bytes of a plain-data field, in host byte order (the header says). */
void aemu_state_bytes(AemuStateIo *s, void *p, size_t n);
/* A bool, loaded only as 0 or 1 (anything else is corruption). */
void aemu_state_bool(AemuStateIo *s, bool *b);
/* An unsigned value that must stay below limit once loaded. */
void aemu_state_index(AemuStateIo *s, unsigned *v, unsigned limit,
                      const char *what);
/* A GHashTable of uint32_t -> uint32_t in GUINT_TO_POINTER form. */
void aemu_state_sparse(AemuStateIo *s, GHashTable *t, const char *what);
/* An engine pointer (NULL allowed) as its registration index. */
void aemu_state_engine_ref(AemuStateIo *s, AemuDevice *d, AemuEngine **e);

/* An interrupt vector (held back by an injected delay, queued in an IH). */
void aemu_iv_state(AemuStateIo *s, AemuIvEntry *iv);

/* A plain-data field (integers, arrays of them, structs without pointers). */
#define AEMU_STATE(s, field) aemu_state_bytes((s), &(field), sizeof(field))
#define AEMU_STATE_BOOL(s, field) aemu_state_bool((s), &(field))

/*
 * Shared pieces the blocks' state functions use: a ring's stream state
 * (ring.c's fields; the engine's are the scheduler's, saved by state.c)
 * and a PM4 queue's (cp_pm4.c).
 */
struct AemuRing;
struct AemuCpQueue;
void aemu_ring_state(AemuStateIo *s, struct AemuRing *r);
void aemu_cp_queue_state(AemuStateIo *s, struct AemuCpQueue *q);

#endif
