/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * amdgpu-emu register database: binary-search lookups over the generated
 * tables of a chip family (AemuRegDb, e.g. regdb_cik.c). Plain C11.
 */
#include "regdb.h"

#include <string.h>

static const char *const ip_names[AEMU_IP_COUNT] = {
    [AEMU_IP_GCA] = "GCA",
    [AEMU_IP_GMC] = "GMC",
    [AEMU_IP_OSS] = "OSS",
    [AEMU_IP_BIF] = "BIF",
    [AEMU_IP_SMU] = "SMU",
    [AEMU_IP_DCE] = "DCE",
    [AEMU_IP_UVD] = "UVD",
    [AEMU_IP_VCE] = "VCE",
    [AEMU_IP_GC] = "GC",
    [AEMU_IP_MMHUB] = "MMHUB",
    [AEMU_IP_ATHUB] = "ATHUB",
    [AEMU_IP_OSSSYS] = "OSSSYS",
    [AEMU_IP_SDMA0] = "SDMA0",
    [AEMU_IP_SDMA1] = "SDMA1",
    [AEMU_IP_NBIO] = "NBIO",
    [AEMU_IP_HDP] = "HDP",
    [AEMU_IP_MP0] = "MP0",
    [AEMU_IP_MP1] = "MP1",
    [AEMU_IP_SMUIO] = "SMUIO",
    [AEMU_IP_THM] = "THM",
    [AEMU_IP_DF] = "DF",
};

static const char *const space_names[AEMU_REG_SPACE_COUNT] = {
    [AEMU_REG_SPACE_MMIO] = "mmio",
    [AEMU_REG_SPACE_PCI_CONFIG] = "pci-config",
    [AEMU_REG_SPACE_AZALIA] = "azalia",
    [AEMU_REG_SPACE_CSPRIV] = "cspriv",
    [AEMU_REG_SPACE_SMC] = "smc",
    [AEMU_REG_SPACE_PCIE] = "pcie",
};

const char *aemu_ip_name(AemuIp ip)
{
    return (unsigned)ip < AEMU_IP_COUNT ? ip_names[ip] : "?";
}

const char *aemu_reg_space_name(AemuRegSpace space)
{
    return (unsigned)space < AEMU_REG_SPACE_COUNT ? space_names[space] : "?";
}

const AemuRegName *aemu_regtab_first_at(const AemuRegTable *t,
                                        uint32_t offset, size_t *count)
{
    size_t lo = 0, hi = t->count, n = 0;

    /* Lower bound: first entry with regs[i].offset >= offset. */
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (t->regs[mid].offset < offset) {
            lo = mid + 1;
        } else {
            hi = mid;
        }
    }
    while (lo + n < t->count && t->regs[lo + n].offset == offset) {
        n++;
    }
    if (count) {
        *count = n;
    }
    return n ? &t->regs[lo] : NULL;
}

const AemuRegName *aemu_regtab_by_name(const AemuRegTable *t,
                                       const char *name)
{
    size_t lo = 0, hi = t->count;

    if (!name) {
        return NULL;
    }
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        const AemuRegName *r = &t->regs[t->by_name[mid]];
        int c = strcmp(name, r->name);
        if (c == 0) {
            return r;
        }
        if (c < 0) {
            hi = mid;
        } else {
            lo = mid + 1;
        }
    }
    return NULL;
}

/* Table names carry no prefix; accept the driver's "mm"/"ix" spelling. */
static const AemuRegName *by_name_prefixed(const AemuRegTable *t,
                                           const char *name,
                                           const char *prefix)
{
    const AemuRegName *r = aemu_regtab_by_name(t, name);

    if (!r && name && strncmp(name, prefix, 2) == 0) {
        r = aemu_regtab_by_name(t, name + 2);
    }
    return r;
}

/* A table lookup that tolerates a family without that space. */
static const AemuRegName *first_at(const AemuRegTable *t, uint32_t offset,
                                   size_t *count)
{
    if (!t) {
        if (count) {
            *count = 0;
        }
        return NULL;
    }
    return aemu_regtab_first_at(t, offset, count);
}

size_t aemu_reg_all_at(const AemuRegDb *db, uint32_t dw,
                       const AemuRegName **first)
{
    size_t n;
    const AemuRegName *r = first_at(db->mm, dw, &n);

    if (first) {
        *first = r;
    }
    return n;
}

const char *aemu_reg_name_in(const AemuRegDb *db, AemuRegSpace space,
                             uint32_t offset)
{
    const AemuRegTable *t;
    const AemuRegName *r;
    size_t n;

    switch (space) {
    case AEMU_REG_SPACE_SMC:
        t = db->smc;
        break;
    case AEMU_REG_SPACE_PCIE:
        t = db->pcie;
        break;
    default:
        t = db->mm;
        break;
    }
    r = first_at(t, offset, &n);
    for (size_t i = 0; i < n; i++) {
        if (r[i].space == space) {
            return r[i].name;
        }
    }
    return NULL;
}

/* The primary MMIO entry at @dw: MMIO names sort first at an offset. */
static const AemuRegName *mmio_at(const AemuRegDb *db, uint32_t dw)
{
    const AemuRegName *r = first_at(db->mm, dw, NULL);

    return r && r->space == AEMU_REG_SPACE_MMIO ? r : NULL;
}

const char *aemu_reg_name(const AemuRegDb *db, uint32_t dw)
{
    const AemuRegName *r = mmio_at(db, dw);

    return r ? r->name : NULL;
}

int aemu_reg_ip(const AemuRegDb *db, uint32_t dw)
{
    const AemuRegName *r = mmio_at(db, dw);

    return r ? r->ip : -1;
}

static const AemuRegName *by_name_in(const AemuRegTable *t, const char *name,
                                     const char *prefix)
{
    return t ? by_name_prefixed(t, name, prefix) : NULL;
}

const AemuRegName *aemu_reg_by_name(const AemuRegDb *db, const char *name)
{
    return by_name_in(db->mm, name, "mm");
}

bool aemu_reg_lookup(const AemuRegDb *db, const char *name, uint32_t *dw)
{
    const AemuRegName *r = aemu_reg_by_name(db, name);

    if (!r || r->space != AEMU_REG_SPACE_MMIO) {
        return false;
    }
    if (dw) {
        *dw = r->offset;
    }
    return true;
}

static bool ix_lookup(const AemuRegTable *t, const char *name, uint32_t *ix)
{
    const AemuRegName *r = by_name_in(t, name, "ix");

    if (!r) {
        return false;
    }
    if (ix) {
        *ix = r->offset;
    }
    return true;
}

const char *aemu_smc_reg_name(const AemuRegDb *db, uint32_t ix)
{
    const AemuRegName *r = first_at(db->smc, ix, NULL);

    return r ? r->name : NULL;
}

bool aemu_smc_reg_lookup(const AemuRegDb *db, const char *name, uint32_t *ix)
{
    return ix_lookup(db->smc, name, ix);
}

const char *aemu_pcie_reg_name(const AemuRegDb *db, uint32_t ix)
{
    const AemuRegName *r = first_at(db->pcie, ix, NULL);

    return r ? r->name : NULL;
}

bool aemu_pcie_reg_lookup(const AemuRegDb *db, const char *name,
                          uint32_t *ix)
{
    return ix_lookup(db->pcie, name, ix);
}
