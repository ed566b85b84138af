/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * amdgpu-emu standalone tools: register accesses by name and field (see
 * aemu-decode.h).
 */
#include <string.h>
#include "aemu-decode.h"

/* Bits per byte of a register access. */
#define BITS_PER_BYTE 8
/* A register is a dword: the byte lane of a narrow access is offset & 3. */
#define REG_BYTES 4

static int field_cmp(const void *key, const void *elem)
{
    const AemuRegField *k = key, *e = elem;

    if (k->indirect != e->indirect) {
        return k->indirect < e->indirect ? -1 : 1;
    }
    return strcmp(k->reg, e->reg);
}

const AemuRegField *aemu_decode_fields(const char *db, const char *reg,
                                       size_t *count)
{
    const char *dot = strchr(reg, '.');
    AemuRegField key = { .indirect = 0 };

    *count = 0;
    /* Vega10's hub registers carry their IP ("GC.VM_L2_CNTL"); fields not. */
    key.reg = dot ? dot + 1 : reg;
    for (const AemuRegFieldTable *t = aemu_reg_field_tables; t->db; t++) {
        const AemuRegField *hit, *first, *end = t->fields + t->count;

        if (strcmp(t->db, db)) {
            continue;
        }
        hit = bsearch(&key, t->fields, t->count, sizeof(*hit), field_cmp);
        if (!hit) {
            return NULL;
        }
        /* bsearch lands on any of the register's rows: find the first. */
        for (first = hit; first > t->fields && !field_cmp(&key, first - 1);
             first--) {
        }
        for (hit = first; hit < end && !field_cmp(&key, hit); hit++) {
            (*count)++;
        }
        return first;
    }
    return NULL;
}

bool aemu_decode_fields_append(GString *out, const char *db, const char *reg,
                               unsigned byte, unsigned size, uint64_t value)
{
    size_t n;
    const AemuRegField *f = aemu_decode_fields(db, reg, &n);
    uint32_t lanes, v;
    bool first = true;

    if (!f || byte >= REG_BYTES) {
        return false;
    }
    if (byte + size > REG_BYTES) {
        size = REG_BYTES - byte;
    }
    lanes = (uint32_t)((((uint64_t)1 << (size * BITS_PER_BYTE)) - 1)
                       << (byte * BITS_PER_BYTE));
    v = (uint32_t)(value << (byte * BITS_PER_BYTE)) & lanes;
    for (size_t i = 0; i < n; i++) {
        if (!(f[i].mask & lanes)) {
            continue;
        }
        g_string_append_printf(out, "%s%s=0x%x", first ? "" : " ",
                               f[i].field, (v & f[i].mask) >> f[i].shift);
        first = false;
    }
    return !first;
}

bool aemu_decode_fields_diff(GString *out, const char *db, const char *reg,
                             uint32_t a, uint32_t b)
{
    size_t n;
    const AemuRegField *f = aemu_decode_fields(db, reg, &n);

    for (size_t i = 0; f && i < n; i++) {
        if ((a ^ b) & f[i].mask) {
            g_string_append_printf(out, " %s 0x%x->0x%x", f[i].field,
                                   (a & f[i].mask) >> f[i].shift,
                                   (b & f[i].mask) >> f[i].shift);
        }
    }
    return f != NULL;
}

void aemu_decode_access(GString *out, AemuDevice *d, bool write,
                        const char *space, uint64_t offset, unsigned size,
                        uint64_t value)
{
    bool named = !strcmp(space, "mmio") || !strcmp(space, "io");
    uint32_t dw = (uint32_t)(offset / REG_BYTES);
    const char *name = named ? aemu_device_reg_name(d, dw) : NULL;
    const char *ip = named ? aemu_device_reg_ip(d, dw) : NULL;
    unsigned digits = size * 2;

    g_string_append_printf(out, "%c ", write ? 'W' : 'R');
    if (name) {
        g_string_append_printf(out, "%s %s", ip ? ip : "?", name);
        if (offset % REG_BYTES) {
            g_string_append_printf(out, "+%u", (unsigned)(offset % REG_BYTES));
        }
    } else {
        g_string_append_printf(out, "%s 0x%" G_GINT64_MODIFIER "x",
                               named ? "? unnamed" : space, offset);
    }
    g_string_append_printf(out, " = 0x%0*" G_GINT64_MODIFIER "x",
                           (int)digits, value);
    if (name) {
        size_t at = out->len;

        g_string_append(out, " (");
        if (aemu_decode_fields_append(out, aemu_device_regdb_name(d), name,
                                      (unsigned)(offset % REG_BYTES), size,
                                      value)) {
            g_string_append_c(out, ')');
        } else {
            g_string_truncate(out, at);
        }
    }
}
