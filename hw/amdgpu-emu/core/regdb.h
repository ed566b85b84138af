/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * amdgpu-emu register database: register names by offset and offsets by
 * name, for decoding traces and logs. Plain C11, no QEMU or GLib headers.
 *
 * The tables are generated from the Linux amdgpu register headers by
 * scripts/gen-regdb.py (regdb_cik.c, regdb_vega10.c); the lookups are in
 * regdb.c. The C constants for code (mmNAME, ixNAME, NAME__FIELD_MASK) are
 * generated alongside, in include/amdgpu-emu/regs/. See docs/registers.md.
 */
#ifndef AMDGPU_EMU_REGDB_H
#define AMDGPU_EMU_REGDB_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* The IP block whose register header defines a name. */
typedef enum AemuIp {
    AEMU_IP_GCA,        /* graphics core: GRBM, CP, RLC, SQ, ... */
    AEMU_IP_GMC,        /* memory controller, GPUVM */
    AEMU_IP_OSS,        /* SRBM, IH, SDMA0/1 */
    AEMU_IP_BIF,        /* bus interface, HDP flush, BIOS scratch */
    AEMU_IP_SMU,        /* SMC mailboxes and SMC indirect space */
    AEMU_IP_DCE,        /* display engine (decoding only) */
    AEMU_IP_UVD,        /* video decoder (decoding only) */
    AEMU_IP_VCE,        /* video encoder (decoding only on CIK) */
    /*
     * SOC15 (Vega10) IPs, named as the driver's *_HWIP and vega10_ip_offset.h
     * *_BASE. DCE, UVD and VCE above serve SOC15 too. Appended so that the
     * CIK values above never change.
     */
    AEMU_IP_GC,         /* graphics core 9.x: GRBM, CP, RLC, GFXHUB, ... */
    AEMU_IP_MMHUB,      /* multimedia hub: MC_VM, VM_L2, VM_CONTEXTn, ... */
    AEMU_IP_ATHUB,      /* address translation hub */
    AEMU_IP_OSSSYS,     /* IH, semaphores */
    AEMU_IP_SDMA0,      /* SDMA engine 0 */
    AEMU_IP_SDMA1,      /* SDMA engine 1 */
    AEMU_IP_NBIO,       /* bus interface: BIF, doorbell ranges, RCC */
    AEMU_IP_HDP,        /* host data path */
    AEMU_IP_MP0,        /* PSP mailboxes (MP0_SMN_C2PMSG_n) */
    AEMU_IP_MP1,        /* SMU mailboxes (MP1_SMN_C2PMSG_n) */
    AEMU_IP_SMUIO,      /* SMU I/O: ROM index/data, GPIO */
    AEMU_IP_THM,        /* thermal */
    AEMU_IP_DF,         /* data fabric */
    AEMU_IP_COUNT
} AemuIp;

/*
 * The address space a name numbers. Some `mm` names in the headers are not
 * MMIO registers but dword indices into another space; they share the `mm`
 * table and sort after the MMIO names at the same offset.
 */
typedef enum AemuRegSpace {
    AEMU_REG_SPACE_MMIO,        /* register BAR, dword index */
    AEMU_REG_SPACE_PCI_CONFIG,  /* PCI configuration space, dword index */
    AEMU_REG_SPACE_AZALIA,      /* HD-audio controller, dword index */
    AEMU_REG_SPACE_CSPRIV,      /* CP private space, dword index */
    AEMU_REG_SPACE_SMC,         /* SMC indirect (SMC_IND_INDEX_n/DATA_n) */
    AEMU_REG_SPACE_PCIE,        /* PCIE indirect (PCIE_INDEX/DATA) */
    AEMU_REG_SPACE_COUNT
} AemuRegSpace;

typedef struct AemuRegName {
    uint32_t offset;            /* dword index (mm) or index (ix) */
    const char *name;           /* the driver's name without mm/ix */
    uint8_t ip;                 /* AemuIp */
    uint8_t space;              /* AemuRegSpace */
} AemuRegName;

/*
 * A generated table: regs sorted by offset (at equal offsets: MMIO first,
 * then by owning IP, then header order), by_name indexes regs in strcmp()
 * order of the names. Names are unique within a table.
 */
typedef struct AemuRegTable {
    const AemuRegName *regs;
    const uint16_t *by_name;
    size_t count;
} AemuRegTable;

/*
 * One chip family's database: its `mm` names (MMIO and the spaces that
 * share them) and its indirect spaces. The device reaches its chip's
 * through AemuAsic.regdb; nothing else names a family's tables.
 */
typedef struct AemuRegDb {
    const char *name;           /* "cik", "vega10" */
    const AemuRegTable *mm;
    const AemuRegTable *smc;    /* SMC indirect (ix names), or NULL */
    const AemuRegTable *pcie;   /* PCIE indirect (ix names), or NULL */
} AemuRegDb;

/* CIK (Hawaii) tables, regdb_cik.c. */
extern const AemuRegTable aemu_cik_mm_regs;     /* all `mm` names */
extern const AemuRegTable aemu_cik_smc_regs;    /* SMC `ix` names */
extern const AemuRegTable aemu_cik_pcie_regs;   /* PCIE `ix` names */
extern const AemuRegDb aemu_regdb_cik;

/*
 * Topaz (Iceland, VI) tables, regdb_topaz.c: the same flat layout as CIK,
 * from the gfx_8_0, gmc_7_1, oss_2_4, bif_5_0 and smu_7_1_1 headers.
 */
extern const AemuRegTable aemu_topaz_mm_regs;
extern const AemuRegTable aemu_topaz_smc_regs;
extern const AemuRegTable aemu_topaz_pcie_regs;
extern const AemuRegDb aemu_regdb_topaz;

/*
 * Vega10 (SOC15) tables, regdb_vega10.c: `mm` offsets are absolute dword
 * indices (segment base added). No SMC table (.smc is NULL); the PCIE table
 * holds the NBIO SMN names (smnPCIE_*).
 */
extern const AemuRegTable aemu_vega10_mm_regs;
extern const AemuRegTable aemu_vega10_pcie_regs;
extern const AemuRegDb aemu_regdb_vega10;
/* R600 family (RS780), regdb_r600.c. */
extern const AemuRegDb aemu_regdb_r600;

const char *aemu_ip_name(AemuIp ip);
const char *aemu_reg_space_name(AemuRegSpace space);

/* MMIO register at dword index @dw: its first (primary) name, or NULL. */
const char *aemu_reg_name(const AemuRegDb *db, uint32_t dw);
/* Owning AemuIp of the MMIO register at @dw, or -1 if unknown. */
int aemu_reg_ip(const AemuRegDb *db, uint32_t dw);
/*
 * Dword index of the MMIO register called @name ("SCRATCH_REG0" or
 * "mmSCRATCH_REG0"). False if unknown or not an MMIO name.
 */
bool aemu_reg_lookup(const AemuRegDb *db, const char *name, uint32_t *dw);

/* First name at @offset in @space, or NULL (any `mm` space, SMC, PCIE). */
const char *aemu_reg_name_in(const AemuRegDb *db, AemuRegSpace space,
                             uint32_t offset);
/*
 * Every `mm` name at @dw, all spaces, primary first: returns how many and
 * points *first at the first of them (NULL when none).
 */
size_t aemu_reg_all_at(const AemuRegDb *db, uint32_t dw,
                       const AemuRegName **first);
/* The `mm` entry called @name (optional "mm" prefix), any space, or NULL. */
const AemuRegName *aemu_reg_by_name(const AemuRegDb *db, const char *name);

/* SMC indirect space (ixNAME in the SMU header). */
const char *aemu_smc_reg_name(const AemuRegDb *db, uint32_t ix);
bool aemu_smc_reg_lookup(const AemuRegDb *db, const char *name, uint32_t *ix);

/* PCIE indirect space (ixNAME in the BIF header). */
const char *aemu_pcie_reg_name(const AemuRegDb *db, uint32_t ix);
bool aemu_pcie_reg_lookup(const AemuRegDb *db, const char *name,
                          uint32_t *ix);

/* Generic table lookups behind the functions above. */
const AemuRegName *aemu_regtab_first_at(const AemuRegTable *t,
                                        uint32_t offset, size_t *count);
const AemuRegName *aemu_regtab_by_name(const AemuRegTable *t,
                                       const char *name);

#endif /* AMDGPU_EMU_REGDB_H */
