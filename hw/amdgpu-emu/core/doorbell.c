/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * amdgpu-emu core: the doorbell router.
 *
 * The doorbell BAR is shared by every block that takes submissions through
 * it: on CIK only the CP's compute queues (their doorbell offsets are
 * programmable anywhere in the BAR), on SOC15 also the gfx ring, the SDMA
 * queues and the IH (vega10_ih_set_rptr rings the IH's read pointer), each
 * within the range NBIO assigns it. A block claims a byte range with a
 * listener; a write goes to the latest claim that covers it (so a narrow
 * owner can be carved out of a catch-all), at an offset relative to the
 * range. A write no range covers is dropped, as hardware drops a doorbell
 * no engine listens to. On SOC15 the BIF sends the CP every doorbell
 * outside the ranges NBIO gives SDMA, the IH and the multimedia engines
 * (KFD's non_cp_doorbells are exactly those): the CP's claim is a
 * fallback under all the others.
 */
#include "aemu-internal.h"

static int find_owner(AemuDevice *d, AemuDoorbellFn *fn, void *opaque)
{
    for (unsigned i = 0; i < d->num_doorbells; i++) {
        if (d->doorbells[i].fn == fn && d->doorbells[i].opaque == opaque) {
            return (int)i;
        }
    }
    return -1;
}

void aemu_doorbell_release(AemuDevice *d, AemuDoorbellFn *fn, void *opaque)
{
    int i = find_owner(d, fn, opaque);

    if (i >= 0) {
        /* Keep the order: it says which claim is the latest. */
        memmove(&d->doorbells[i], &d->doorbells[i + 1],
                (d->num_doorbells - i - 1) * sizeof(d->doorbells[0]));
        d->num_doorbells--;
    }
}

/* A re-claim moves the owner's range and makes it the latest claim. */
void aemu_doorbell_claim(AemuDevice *d, uint64_t first, uint64_t len,
                         AemuDoorbellFn *fn, void *opaque, const char *owner)
{
    aemu_doorbell_release(d, fn, opaque);
    /* The blocks' claims are fixed by the ASIC description. */
    g_assert(d->num_doorbells < AEMU_DOORBELL_MAX_RANGES);
    d->doorbells[d->num_doorbells++] = (AemuDoorbellRange) {
        .first = first, .len = len, .fn = fn, .opaque = opaque,
        .owner = owner,
    };
}

void aemu_doorbell_claim_fallback(AemuDevice *d, AemuDoorbellFn *fn,
                                  void *opaque, const char *owner)
{
    aemu_doorbell_release(d, fn, opaque);
    g_assert(d->num_doorbells < AEMU_DOORBELL_MAX_RANGES);
    memmove(&d->doorbells[1], &d->doorbells[0],
            d->num_doorbells * sizeof(d->doorbells[0]));
    d->num_doorbells++;
    d->doorbells[0] = (AemuDoorbellRange) {
        .first = 0, .len = d->pci.doorbell_size, .fn = fn, .opaque = opaque,
        .owner = owner,
    };
}

void aemu_doorbell_route(AemuDevice *d, uint64_t offset, uint64_t value,
                         unsigned size)
{
    for (unsigned i = d->num_doorbells; i-- > 0;) {
        const AemuDoorbellRange *r = &d->doorbells[i];

        if (offset >= r->first && offset - r->first < r->len) {
            r->fn(d, r->opaque, offset - r->first, value, size);
            return;
        }
    }
}
