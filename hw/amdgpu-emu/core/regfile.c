/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * amdgpu-emu core: the register file.
 *
 * Every dword of the register aperture (as large as the ASIC's register
 * BAR) is a latch with a reset value from the ASIC description; an IP block
 * claims the registers whose access has an effect. Banked registers keep
 * one copy per bank, selected per shader engine / array, per
 * ME/pipe/queue or per VMID by the selector registers the ASIC names
 * (AemuBankSelect: GRBM_GFX_INDEX and SRBM_GFX_CNTL on CIK, as
 * gfx_v7_0_select_se_sh and cik_srbm_select program them; GRBM_GFX_INDEX
 * and GRBM_GFX_CNTL on gfx9, soc15_grbm_select).
 */
#include <stdio.h>
#include "aemu-internal.h"

#define BANK_BROADCAST UINT32_MAX

void aemu_regfile_init(AemuDevice *d)
{
    d->mmio_dwords = d->asic->mmio_size / 4;
    d->regs = g_new0(uint32_t, d->mmio_dwords);
    d->handlers = g_new0(const AemuRegHandler *, d->mmio_dwords);
    d->bank_kind = g_new0(uint8_t, d->mmio_dwords);
    d->banked = g_hash_table_new_full(g_int64_hash, g_int64_equal, g_free,
                                      NULL);
}

void aemu_reg_ignore_write(AemuDevice *d, uint32_t dw, uint32_t value)
{
}

void aemu_reg_claim(AemuDevice *d, uint32_t dw, const AemuRegHandler *h)
{
    g_assert(dw < d->mmio_dwords);
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
    g_assert(last < d->mmio_dwords);
    for (uint32_t dw = first; dw <= last; dw++) {
        d->bank_kind[dw] = kind;
    }
}

uint32_t aemu_reg_queue_bank(unsigned me, unsigned pipe, unsigned queue)
{
    return me << 8 | pipe << 4 | queue;
}

void aemu_reg_selected_queue(AemuDevice *d, unsigned *me, unsigned *pipe,
                             unsigned *queue)
{
    const AemuBankSelect *b = &d->asic->banks;
    uint32_t sel = d->regs[b->queue_reg];

    *me = aemu_field_get(sel, b->me);
    *pipe = aemu_field_get(sel, b->pipe);
    *queue = aemu_field_get(sel, b->queue);
}

/* The bank a read addresses (broadcast reads see the selected indices). */
static uint32_t bank_index(AemuDevice *d, AemuBankKind kind)
{
    const AemuBankSelect *b = &d->asic->banks;
    unsigned me, pipe, queue;
    uint32_t sel;

    switch (kind) {
    case AEMU_BANK_SE_SH:
        sel = d->regs[b->se_sh_reg];
        return aemu_field_get(sel, b->se_index) * 256 +
               aemu_field_get(sel, b->sh_index);
    case AEMU_BANK_QUEUE:
        aemu_reg_selected_queue(d, &me, &pipe, &queue);
        return aemu_reg_queue_bank(me, pipe, queue);
    case AEMU_BANK_VMID:
        return aemu_field_get(d->regs[b->vmid_reg], b->vmid);
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
    if (dw >= d->mmio_dwords) {
        return 0;
    }
    if (d->bank_kind[dw] != AEMU_BANK_NONE) {
        return banked_get(d, dw, bank_index(d, d->bank_kind[dw]));
    }
    return d->regs[dw];
}

uint32_t aemu_reg_latch(AemuDevice *d, uint32_t dw)
{
    const AemuRegHandler *h;

    if (dw >= d->mmio_dwords) {
        return 0;
    }
    h = d->handlers[dw];
    if (h && h->latch) {
        return h->latch(d, dw);
    }
    return aemu_reg_get(d, dw);
}

uint32_t aemu_reg_get_bank(AemuDevice *d, uint32_t dw, uint32_t bank)
{
    if (dw >= d->mmio_dwords) {
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
    if (dw >= d->mmio_dwords) {
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
    const AemuBankSelect *b = &d->asic->banks;
    uint32_t sel;

    if (dw >= d->mmio_dwords) {
        return;
    }
    switch (d->bank_kind[dw]) {
    case AEMU_BANK_NONE:
        d->regs[dw] = value;
        return;
    case AEMU_BANK_SE_SH:
        sel = d->regs[b->se_sh_reg];
        /* Broadcast writes reach every shader engine and/or array. */
        for (unsigned se = 0; se < d->asic->num_se; se++) {
            if (!(sel & b->se_broadcast_mask) &&
                se != aemu_field_get(sel, b->se_index)) {
                continue;
            }
            for (unsigned sh = 0; sh < d->asic->num_sh_per_se; sh++) {
                if (!(sel & b->sh_broadcast_mask) &&
                    sh != aemu_field_get(sel, b->sh_index)) {
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

    if (dw >= d->mmio_dwords) {
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

    if (dw >= d->mmio_dwords) {
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

    memset(d->regs, 0, d->mmio_dwords * sizeof(d->regs[0]));
    g_hash_table_remove_all(d->banked);
    for (size_t i = 0; i < a->num_reset_values; i++) {
        g_assert(a->reset_values[i].dw < d->mmio_dwords);
        d->regs[a->reset_values[i].dw] = a->reset_values[i].value;
    }
}

void aemu_regfile_fini(AemuDevice *d)
{
    g_hash_table_destroy(d->banked);
    g_free(d->bank_kind);
    g_free(d->handlers);
    g_free(d->regs);
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
