/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * amdgpu-emu core model: what the IP blocks share.
 *
 * The device is a register file (a latch per dword of the MMIO aperture, with
 * per-ASIC reset values) plus IP blocks that claim the registers whose
 * access has an effect. Register banking (GRBM_GFX_INDEX, SRBM_GFX_CNTL) is
 * modelled once, here, for every block.
 */
#ifndef AMDGPU_EMU_INTERNAL_H
#define AMDGPU_EMU_INTERNAL_H

#include <glib.h>
#include "amdgpu-emu/aemu.h"
#include "vbios_atom.h"

/* Room for the expansion ROM image (a power of two, as the ROM BAR). */
#define AEMU_VBIOS_MAX_SIZE (64u * 1024u)

/* The register aperture covers dword indices [0, AEMU_MMIO_DWORDS). */
#define AEMU_MMIO_DWORDS  (256u * 1024u / 4u)

typedef struct AemuRegHandler {
    const char *block;          /* owning IP block, for traces */
    /* NULL read: the latch value; NULL write: the write is latched. */
    uint32_t (*read)(AemuDevice *d, uint32_t dw);
    void (*write)(AemuDevice *d, uint32_t dw, uint32_t value);
} AemuRegHandler;

/* How a banked register picks its copy. */
typedef enum AemuBankKind {
    AEMU_BANK_NONE = 0,
    AEMU_BANK_SE_SH,        /* GRBM_GFX_INDEX: shader engine / array */
    AEMU_BANK_QUEUE,        /* SRBM_GFX_CNTL: ME / pipe / queue */
    AEMU_BANK_VMID,         /* SRBM_GFX_CNTL: VMID */
} AemuBankKind;

typedef struct AemuRegInit {
    uint32_t dw;
    uint32_t value;
} AemuRegInit;

typedef struct AemuIpBlockFuncs {
    const char *name;
    void (*init)(AemuDevice *d);                    /* claim registers */
    void (*reset)(AemuDevice *d, AemuResetKind kind);
    void (*fini)(AemuDevice *d);
} AemuIpBlockFuncs;

/* One chip: which blocks, versions, ids, sizes and reset values. */
typedef struct AemuAsic {
    const char *name;
    uint16_t vendor_id, device_id, subsystem_vendor_id, subsystem_id;
    uint8_t revision;
    uint32_t class_code;
    uint64_t vram_default, vram_min, vram_max;
    uint64_t doorbell_size;
    uint32_t io_size;
    uint32_t mmio_size;
    /* Shader topology, read back through banked registers. */
    unsigned num_se, num_sh_per_se, num_rb_per_se, num_cu_per_sh;
    unsigned num_sdma;
    unsigned num_mec, num_pipes_per_mec, num_queues_per_pipe;
    const AemuRegInit *reset_values;
    size_t num_reset_values;
    const AemuIpBlockFuncs *const *blocks;          /* NULL-terminated */
    AemuVbiosParams vbios;  /* vram_mib filled in from the config */
} AemuAsic;

typedef struct AemuBifState {
    uint32_t pcie_index;
    GHashTable *pcie_regs;      /* PCIE_INDEX space: ix -> value */
} AemuBifState;

typedef struct AemuSmcState {
    GHashTable *regs;           /* SMC indirect space: ix -> value */
    uint32_t rom_index;         /* byte offset of the next ROM_DATA read */
} AemuSmcState;

struct AemuDevice {
    const AemuAsic *asic;
    AemuHostOps host;
    void *host_opaque;
    uint8_t *vram;
    uint64_t vram_size;
    AemuPciInfo pci;
    uint8_t *rom;
    size_t rom_size;

    uint32_t regs[AEMU_MMIO_DWORDS];
    const AemuRegHandler *handlers[AEMU_MMIO_DWORDS];
    uint8_t bank_kind[AEMU_MMIO_DWORDS];
    GHashTable *banked;         /* (dw << 32 | bank) -> value */

    AemuBifState bif;
    AemuSmcState smc;

    AemuAccessHook hook;
    void *hook_opaque;
};

/* Registry of ASICs (asic_*.c). */
extern const AemuAsic aemu_asic_hawaii;

/* Register file (regfile.c). */
void aemu_reg_claim(AemuDevice *d, uint32_t dw, const AemuRegHandler *h);
void aemu_reg_claim_range(AemuDevice *d, uint32_t first, uint32_t last,
                          const AemuRegHandler *h);
void aemu_reg_bank(AemuDevice *d, uint32_t first, uint32_t last,
                   AemuBankKind kind);
/* Full dispatch, as a guest or an engine (SET_*_REG, SRBM_WRITE) sees it. */
uint32_t aemu_reg_read(AemuDevice *d, uint32_t dw);
void aemu_reg_write(AemuDevice *d, uint32_t dw, uint32_t value);
/* The latch behind a register in the currently selected bank. */
uint32_t aemu_reg_get(AemuDevice *d, uint32_t dw);
void aemu_reg_set(AemuDevice *d, uint32_t dw, uint32_t value);
void aemu_regfile_reset(AemuDevice *d);
void aemu_regfile_fini(AemuDevice *d);

/* Indirect spaces kept as sparse maps. */
uint32_t aemu_sparse_get(GHashTable *t, uint32_t ix);
void aemu_sparse_set(GHashTable *t, uint32_t ix, uint32_t value);

/* Report a guest error through the host (printf-style). */
void aemu_guest_error(AemuDevice *d, const char *fmt, ...)
    G_GNUC_PRINTF(2, 3);

/* IP blocks. */
extern const AemuIpBlockFuncs aemu_bif_v4_funcs;
extern const AemuIpBlockFuncs aemu_smc_ci_funcs;
extern const AemuIpBlockFuncs aemu_gmc_v7_funcs;
extern const AemuIpBlockFuncs aemu_gfx_v7_funcs;

#endif
