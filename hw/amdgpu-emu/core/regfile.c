/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * amdgpu-emu core: the register file.
 *
 * Every dword of the register aperture is a latch with a reset value from
 * the ASIC description; an IP block claims the registers whose access has an
 * effect. Banked registers keep one copy per bank, selected by
 * GRBM_GFX_INDEX (per shader engine / array) or SRBM_GFX_CNTL (per
 * ME/pipe/queue, or per VMID), as the driver's gfx_v7_0_select_se_sh and
 * cik_srbm_select expect.
 */
#include <stdio.h>
#include "aemu-internal.h"
#include "amdgpu-emu/regs/cik_regs.h"
#include "amdgpu-emu/regs/cik_fields.h"

#define BANK_BROADCAST UINT32_MAX

void aemu_reg_claim(AemuDevice *d, uint32_t dw, const AemuRegHandler *h)
{
    g_assert(dw < AEMU_MMIO_DWORDS);
    /* Two blocks owning one register is a bug in the ASIC description. */
    g_assert(d->handlers[dw] == NULL || d->handlers[dw] == h);
    d->handlers[dw] = h;
}

void aemu_reg_claim_range(AemuDevice *d, uint32_t first, uint32_t last,
                          const AemuRegHandler *h)
{
    for (uint32_t dw = first; dw <= last; dw++) {
        aemu_reg_claim(d, dw, h);
    }
}

void aemu_reg_bank(AemuDevice *d, uint32_t first, uint32_t last,
                   AemuBankKind kind)
{
    g_assert(last < AEMU_MMIO_DWORDS);
    for (uint32_t dw = first; dw <= last; dw++) {
        d->bank_kind[dw] = kind;
    }
}

static uint32_t field(uint32_t v, uint32_t mask, unsigned shift)
{
    return (v & mask) >> shift;
}

uint32_t aemu_reg_queue_bank(unsigned me, unsigned pipe, unsigned queue)
{
    return me << 8 | pipe << 4 | queue;
}

/* The bank a read addresses (broadcast reads see the selected indices). */
static uint32_t bank_index(AemuDevice *d, AemuBankKind kind)
{
    uint32_t sel;

    switch (kind) {
    case AEMU_BANK_SE_SH:
        sel = d->regs[mmGRBM_GFX_INDEX];
        return field(sel, GRBM_GFX_INDEX__SE_INDEX_MASK,
                     GRBM_GFX_INDEX__SE_INDEX__SHIFT) * 256 +
               field(sel, GRBM_GFX_INDEX__SH_INDEX_MASK,
                     GRBM_GFX_INDEX__SH_INDEX__SHIFT);
    case AEMU_BANK_QUEUE:
        sel = d->regs[mmSRBM_GFX_CNTL];
        return aemu_reg_queue_bank(
            field(sel, SRBM_GFX_CNTL__MEID_MASK, SRBM_GFX_CNTL__MEID__SHIFT),
            field(sel, SRBM_GFX_CNTL__PIPEID_MASK,
                  SRBM_GFX_CNTL__PIPEID__SHIFT),
            field(sel, SRBM_GFX_CNTL__QUEUEID_MASK,
                  SRBM_GFX_CNTL__QUEUEID__SHIFT));
    case AEMU_BANK_VMID:
        sel = d->regs[mmSRBM_GFX_CNTL];
        return field(sel, SRBM_GFX_CNTL__VMID_MASK,
                     SRBM_GFX_CNTL__VMID__SHIFT);
    default:
        return 0;
    }
}

static guint64 *bank_key(uint32_t dw, uint32_t bank)
{
    guint64 *k = g_new(guint64, 1);
    *k = (guint64)dw << 32 | bank;
    return k;
}

static uint32_t banked_get(AemuDevice *d, uint32_t dw, uint32_t bank)
{
    guint64 k = (guint64)dw << 32 | bank;
    gpointer v;

    if (g_hash_table_lookup_extended(d->banked, &k, NULL, &v)) {
        return GPOINTER_TO_UINT(v);
    }
    /* A bank never written reads the register's reset value. */
    return d->regs[dw];
}

static void banked_put(AemuDevice *d, uint32_t dw, uint32_t bank,
                       uint32_t value)
{
    g_hash_table_insert(d->banked, bank_key(dw, bank),
                        GUINT_TO_POINTER(value));
}

uint32_t aemu_reg_get(AemuDevice *d, uint32_t dw)
{
    if (dw >= AEMU_MMIO_DWORDS) {
        return 0;
    }
    if (d->bank_kind[dw] != AEMU_BANK_NONE) {
        return banked_get(d, dw, bank_index(d, d->bank_kind[dw]));
    }
    return d->regs[dw];
}

uint32_t aemu_reg_get_bank(AemuDevice *d, uint32_t dw, uint32_t bank)
{
    if (dw >= AEMU_MMIO_DWORDS) {
        return 0;
    }
    if (d->bank_kind[dw] == AEMU_BANK_NONE) {
        return d->regs[dw];
    }
    return banked_get(d, dw, bank);
}

void aemu_reg_set_bank(AemuDevice *d, uint32_t dw, uint32_t bank,
                       uint32_t value)
{
    if (dw >= AEMU_MMIO_DWORDS) {
        return;
    }
    if (d->bank_kind[dw] == AEMU_BANK_NONE) {
        d->regs[dw] = value;
        return;
    }
    banked_put(d, dw, bank, value);
}

void aemu_reg_set(AemuDevice *d, uint32_t dw, uint32_t value)
{
    uint32_t sel;

    if (dw >= AEMU_MMIO_DWORDS) {
        return;
    }
    switch (d->bank_kind[dw]) {
    case AEMU_BANK_NONE:
        d->regs[dw] = value;
        return;
    case AEMU_BANK_SE_SH:
        sel = d->regs[mmGRBM_GFX_INDEX];
        /* Broadcast writes reach every shader engine and/or array. */
        for (unsigned se = 0; se < d->asic->num_se; se++) {
            if (!(sel & GRBM_GFX_INDEX__SE_BROADCAST_WRITES_MASK) &&
                se != field(sel, GRBM_GFX_INDEX__SE_INDEX_MASK,
                            GRBM_GFX_INDEX__SE_INDEX__SHIFT)) {
                continue;
            }
            for (unsigned sh = 0; sh < d->asic->num_sh_per_se; sh++) {
                if (!(sel & GRBM_GFX_INDEX__SH_BROADCAST_WRITES_MASK) &&
                    sh != field(sel, GRBM_GFX_INDEX__SH_INDEX_MASK,
                                GRBM_GFX_INDEX__SH_INDEX__SHIFT)) {
                    continue;
                }
                banked_put(d, dw, se * 256 + sh, value);
            }
        }
        return;
    default:
        banked_put(d, dw, bank_index(d, d->bank_kind[dw]), value);
        return;
    }
}

uint32_t aemu_reg_read(AemuDevice *d, uint32_t dw)
{
    const AemuRegHandler *h;

    if (dw >= AEMU_MMIO_DWORDS) {
        aemu_guest_error(d, "register read beyond the aperture: dw 0x%x", dw);
        return 0;
    }
    h = d->handlers[dw];
    if (h && h->read) {
        return h->read(d, dw);
    }
    return aemu_reg_get(d, dw);
}

void aemu_reg_write(AemuDevice *d, uint32_t dw, uint32_t value)
{
    const AemuRegHandler *h;

    if (dw >= AEMU_MMIO_DWORDS) {
        aemu_guest_error(d, "register write beyond the aperture: dw 0x%x",
                         dw);
        return;
    }
    h = d->handlers[dw];
    if (h && h->write) {
        h->write(d, dw, value);
        return;
    }
    aemu_reg_set(d, dw, value);
}

void aemu_regfile_reset(AemuDevice *d)
{
    const AemuAsic *a = d->asic;

    memset(d->regs, 0, sizeof(d->regs));
    g_hash_table_remove_all(d->banked);
    for (size_t i = 0; i < a->num_reset_values; i++) {
        g_assert(a->reset_values[i].dw < AEMU_MMIO_DWORDS);
        d->regs[a->reset_values[i].dw] = a->reset_values[i].value;
    }
}

void aemu_regfile_fini(AemuDevice *d)
{
    g_hash_table_destroy(d->banked);
}

uint32_t aemu_sparse_get(GHashTable *t, uint32_t ix)
{
    return GPOINTER_TO_UINT(g_hash_table_lookup(t, GUINT_TO_POINTER(ix)));
}

bool aemu_sparse_set(GHashTable *t, uint32_t ix, uint32_t value)
{
    /* An absent index reads 0: storing 0 needs no entry. */
    if (!value) {
        g_hash_table_remove(t, GUINT_TO_POINTER(ix));
        return true;
    }
    /* Bounded: each new index a guest writes would cost host memory. */
    if (g_hash_table_size(t) >= AEMU_SPARSE_MAX_ENTRIES &&
        !g_hash_table_contains(t, GUINT_TO_POINTER(ix))) {
        return false;
    }
    g_hash_table_insert(t, GUINT_TO_POINTER(ix), GUINT_TO_POINTER(value));
    return true;
}
