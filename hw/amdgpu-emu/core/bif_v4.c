/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * amdgpu-emu core: BIF 4.1 (bus interface) as on CIK.
 *
 * The indexed spaces the drivers reach through the bus interface:
 * MM_INDEX/MM_INDEX_HI/MM_DATA (registers or VRAM, amdgpu_device_mm_access),
 * PCIE_INDEX/PCIE_DATA (PCIe port registers, cik_pcie_rreg, with the link
 * control registers reporting the link the PCI glue advertises); the BIOS scratch
 * registers that say whether the VBIOS has posted the ASIC; CONFIG_MEMSIZE;
 * and the HDP flush handshake every engine waits on (GPU_HDP_FLUSH_REQ ->
 * GPU_HDP_FLUSH_DONE).
 */
#include "aemu-internal.h"
#include "state.h"
#include "amdgpu-emu/regs/cik_regs.h"
#include "amdgpu-emu/regs/cik_fields.h"

/* atombios.h: BIOS_SCRATCH_7 bit the VBIOS sets once ASIC_Init has run. */
#define ATOM_S7_ASIC_INIT_COMPLETE_MASK 0x00000200u

typedef struct BifState {
    uint32_t pcie_index;
    GHashTable *pcie_regs;      /* PCIE_INDEX space: ix -> value */
} BifState;

static BifState *bif(AemuDevice *d)
{
    return aemu_block_priv(d, AEMU_BLOCK_BIF);
}

/*
 * The link's lanes as the link controller encodes them
 * (LC_LINK_WIDTH_RD, LC_OPERATING/DETECTED_LINK_WIDTH: x1 = 1 ... x16 = 6;
 * smu7_hwmgr's and ci_dpm's decode tables).
 */
static const uint8_t lc_width_lanes[] = { 0, 1, 2, 4, 8, 12, 16 };

static uint32_t lc_width_code(unsigned lanes)
{
    for (uint32_t i = 0; i < G_N_ELEMENTS(lc_width_lanes); i++) {
        if (lc_width_lanes[i] == lanes) {
            return i;
        }
    }
    return 0;
}

/*
 * The link as trained at power-on: the fastest rate and every lane both
 * ends support. QEMU's port above takes any rate, so that is the chip's
 * own maximum, which the PCI glue also puts in the PCIe capability: the
 * two views agree. LC_CURRENT_DATA_RATE counts from 0 (2.5 GT/s).
 */
static void lc_reset(AemuDevice *d, BifState *s)
{
    const AemuPciInfo *pci = aemu_device_pci_info(d);
    uint32_t rate = pci->pcie_gen ? pci->pcie_gen - 1u : 0u;
    uint32_t width = lc_width_code(pci->pcie_lanes ? pci->pcie_lanes : 1u);
    uint32_t v;

    v = AEMU_REG_SET(0, PCIE_LC_SPEED_CNTL, LC_CURRENT_DATA_RATE, rate);
    v = AEMU_REG_SET(v, PCIE_LC_SPEED_CNTL, LC_OTHER_SIDE_SUPPORTS_GEN2,
                     pci->pcie_gen >= 2);
    v = AEMU_REG_SET(v, PCIE_LC_SPEED_CNTL, LC_OTHER_SIDE_SUPPORTS_GEN3,
                     pci->pcie_gen >= 3);
    aemu_sparse_set(s->pcie_regs, ixPCIE_LC_SPEED_CNTL, v);
    v = AEMU_REG_SET(0, PCIE_LC_STATUS1, LC_OPERATING_LINK_WIDTH, width);
    v = AEMU_REG_SET(v, PCIE_LC_STATUS1, LC_DETECTED_LINK_WIDTH, width);
    aemu_sparse_set(s->pcie_regs, ixPCIE_LC_STATUS1, v);
    v = AEMU_REG_SET(0, PCIE_LC_LINK_WIDTH_CNTL, LC_LINK_WIDTH_RD, width);
    aemu_sparse_set(s->pcie_regs, ixPCIE_LC_LINK_WIDTH_CNTL, v);
}

/*
 * A write to a link-control register. Status fields are read-only. A
 * speed change or width reconfiguration the driver starts finishes at
 * once and leaves the link as it is: it already runs at the fastest rate
 * and widest width both ends allow (cik_pcie_gen3_enable polls for
 * LC_INITIATE_LINK_SPEED_CHANGE to clear). Other indices are storage.
 */
static uint32_t lc_write_value(uint32_t ix, uint32_t old, uint32_t value)
{
    uint32_t ro;

    switch (ix) {
    case ixPCIE_LC_SPEED_CNTL:
        ro = PCIE_LC_SPEED_CNTL__LC_CURRENT_DATA_RATE_MASK |
             PCIE_LC_SPEED_CNTL__LC_OTHER_SIDE_SUPPORTS_GEN2_MASK |
             PCIE_LC_SPEED_CNTL__LC_OTHER_SIDE_SUPPORTS_GEN3_MASK;
        value &= ~PCIE_LC_SPEED_CNTL__LC_INITIATE_LINK_SPEED_CHANGE_MASK;
        return (old & ro) | (value & ~ro);
    case ixPCIE_LC_STATUS1:
        return old;
    case ixPCIE_LC_LINK_WIDTH_CNTL:
        ro = PCIE_LC_LINK_WIDTH_CNTL__LC_LINK_WIDTH_RD_MASK;
        value &= ~PCIE_LC_LINK_WIDTH_CNTL__LC_RECONFIG_NOW_MASK;
        return (old & ro) | (value & ~ro);
    default:
        return value;
    }
}

/* CIK's MM_INDEX / MM_INDEX_HI / MM_DATA (mm_window.c). */
static const AemuMmWindow mm_window = {
    .index_dw = mmMM_INDEX,
    .index_hi_dw = mmMM_INDEX_HI,
    .data_dw = mmMM_DATA,
};

static uint32_t mm_data_read(AemuDevice *d, uint32_t dw)
{
    return aemu_mm_window_read(d, &mm_window);
}

static void mm_data_write(AemuDevice *d, uint32_t dw, uint32_t value)
{
    aemu_mm_window_write(d, &mm_window, value);
}

static uint32_t mm_data_latch(AemuDevice *d, uint32_t dw)
{
    return aemu_mm_window_latch(d, &mm_window);
}

static const AemuRegHandler mm_data = {
    .block = "bif", .read = mm_data_read, .write = mm_data_write,
    .latch = mm_data_latch,
};

static void pcie_index_write(AemuDevice *d, uint32_t dw, uint32_t value)
{
    bif(d)->pcie_index = value;
    d->regs[dw] = value;
}

static uint32_t pcie_data_read(AemuDevice *d, uint32_t dw)
{
    return aemu_sparse_get(bif(d)->pcie_regs, bif(d)->pcie_index);
}

static void pcie_data_write(AemuDevice *d, uint32_t dw, uint32_t value)
{
    uint32_t ix = bif(d)->pcie_index;

    value = lc_write_value(ix, aemu_sparse_get(bif(d)->pcie_regs, ix), value);
    if (!aemu_sparse_set(bif(d)->pcie_regs, ix, value)) {
        aemu_guest_error(d, "PCIE_DATA write to index 0x%x dropped: more "
                         "than %u PCIE indices in use", bif(d)->pcie_index,
                         AEMU_SPARSE_MAX_ENTRIES);
    }
}

static const AemuRegHandler pcie_index = {
    .block = "bif", .write = pcie_index_write,
};
/* Reading a PCIE port register has no side effect: it is its own latch. */
static const AemuRegHandler pcie_data = {
    .block = "bif", .read = pcie_data_read, .write = pcie_data_write,
    .latch = pcie_data_read,
};

/*
 * The model has no HDP cache: a flush is complete as soon as it is asked
 * for, so every requesting client's DONE bit is set at once (the CP and SDMA
 * poll it with WAIT_REG_MEM / POLL_REG_MEM in every frame).
 */
static void hdp_flush_req_write(AemuDevice *d, uint32_t dw, uint32_t value)
{
    d->regs[mmGPU_HDP_FLUSH_REQ] = value;
    d->regs[mmGPU_HDP_FLUSH_DONE] |= value;
}

static const AemuRegHandler hdp_flush_req = {
    .block = "bif", .write = hdp_flush_req_write,
};

/* Read-only registers: writes are dropped. */
static const AemuRegHandler read_only = {
    .block = "bif", .write = aemu_reg_ignore_write,
};

static void bif_init(AemuDevice *d, void *priv)
{
    BifState *s = priv;

    s->pcie_regs = g_hash_table_new(g_direct_hash, g_direct_equal);
    aemu_reg_claim(d, mmMM_DATA, &mm_data);
    aemu_reg_claim(d, mmPCIE_INDEX, &pcie_index);
    aemu_reg_claim(d, mmPCIE_DATA, &pcie_data);
    aemu_reg_claim(d, mmGPU_HDP_FLUSH_REQ, &hdp_flush_req);
    aemu_reg_claim(d, mmGPU_HDP_FLUSH_DONE, &read_only);
    aemu_reg_claim(d, mmCONFIG_MEMSIZE, &read_only);
    aemu_reg_claim(d, mmCC_DRM_ID_STRAPS, &read_only);
}

static void bif_reset(AemuDevice *d, void *priv, AemuResetKind kind)
{
    BifState *s = priv;

    g_hash_table_remove_all(s->pcie_regs);
    s->pcie_index = 0;
    lc_reset(d, s);
    d->regs[mmCONFIG_MEMSIZE] = (uint32_t)(d->vram_size >> 20);
    /*
     * At power-on the system firmware has run the VBIOS, which leaves the
     * ASIC posted; after the driver's config-space reset it is not, and the
     * driver must run ATOM ASIC_Init (amdgpu_device_need_post). Nor is it
     * after an S3 wake-up: the firmware's resume path runs no option ROM.
     */
    if (kind == AEMU_RESET_COLD) {
        d->regs[mmBIOS_SCRATCH_7] |= ATOM_S7_ASIC_INIT_COMPLETE_MASK;
    } else {
        d->regs[mmBIOS_SCRATCH_7] &= ~ATOM_S7_ASIC_INIT_COMPLETE_MASK;
    }
}

static void bif_fini(AemuDevice *d, void *priv)
{
    BifState *s = priv;

    g_hash_table_destroy(s->pcie_regs);
}

/* Snapshots (state.h): the PCIE_INDEX latch and the indirect space. */
static void bif_state(AemuDevice *d, void *priv, AemuStateIo *io)
{
    BifState *s = priv;

    AEMU_STATE(io, s->pcie_index);
    aemu_state_sparse(io, s->pcie_regs, "PCIE space");
}

const AemuIpBlockFuncs aemu_bif_v4_funcs = {
    .name = "bif_v4_1",
    .type = AEMU_BLOCK_BIF,
    .major = 4, .minor = 1,
    .priv_size = sizeof(BifState),
    .init = bif_init,
    .reset = bif_reset,
    .fini = bif_fini,
    .state = bif_state,
    .state_version = 1,
};
