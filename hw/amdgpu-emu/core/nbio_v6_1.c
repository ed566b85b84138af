/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * amdgpu-emu core: NBIO 6.1 (the bus interface of Vega10).
 *
 * What nbio_v6_1.c, soc15.c and amdgpu_device.c reach through it:
 *  - the MM_INDEX / MM_INDEX_HI / MM_DATA window (mm_window.c);
 *  - PCIE_INDEX2 / PCIE_DATA2, the indirect path to the SMN space
 *    (soc15_pcie_rreg/wreg: PCIE port and MP1 registers, and register
 *    offsets beyond BAR5 such as the UMC channels), kept as a bounded
 *    sparse store that other blocks set too (aemu_smn_write: the SMU's
 *    firmware flags);
 *  - RCC_CONFIG_MEMSIZE, the VRAM size in MiB the GMC takes (and the
 *    "ASIC alive" poll after a reset), and the revision strap
 *    (nbio_v6_1_get_rev_id);
 *  - the BIOS scratch registers: scratch 7 says the VBIOS has posted the
 *    ASIC after a cold reset, not after the driver's config-space reset
 *    (amdgpu_device_need_post);
 *  - the HDP flush handshake (GPU_HDP_FLUSH_REQ -> _DONE, the ref_and_mask
 *    bits of every CP and SDMA) and the CPU's flush through the remap hole
 *    at the end of BAR5, which has no effect on a model without an HDP
 *    cache;
 *  - the doorbell ranges of SDMA and the IH (BIF_*_DOORBELL_RANGE), which
 *    are storage here: the blocks that own those doorbells read them when
 *    they claim their range from the router.
 */
#include "aemu-internal.h"
#include "state.h"
#include "vbios_atomfirmware.h"
#include "amdgpu-emu/regs/vega10_regs.h"
#include "amdgpu-emu/regs/vega10_fields.h"

/*
 * The HDP flush "remap hole": nbio_v6_1_remap_hdp_registers points
 * REMAP_HDP_MEM/REG_FLUSH_CNTL at these byte offsets (MMIO_REG_HOLE_OFFSET
 * in amdgpu.h, the last page of a 512 KiB register BAR); the CPU writes 0
 * there to flush the HDP, and rings write the register offset.
 */
#define NBIO_REG_HOLE_OFFSET        0x7f000u
#define NBIO_HDP_MEM_FLUSH_DW       (NBIO_REG_HOLE_OFFSET / 4u)
#define NBIO_HDP_REG_FLUSH_DW       (NBIO_HDP_MEM_FLUSH_DW + 1u)

typedef struct NbioState {
    GHashTable *smn;            /* PCIE_INDEX2 space: address -> value */
} NbioState;

static NbioState *nbio(AemuDevice *d)
{
    return aemu_block_priv(d, AEMU_BLOCK_BIF);
}

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
    .block = "nbio", .read = mm_data_read, .write = mm_data_write,
    .latch = mm_data_latch,
};

/* PCIE_DATA2 reaches the SMN address PCIE_INDEX2 holds (a latch). */
static uint32_t pcie_data2_read(AemuDevice *d, uint32_t dw)
{
    return aemu_sparse_get(nbio(d)->smn, d->regs[mmPCIE_INDEX2]);
}

static void pcie_data2_write(AemuDevice *d, uint32_t dw, uint32_t value)
{
    uint32_t addr = d->regs[mmPCIE_INDEX2];

    if (!aemu_sparse_set(nbio(d)->smn, addr, value)) {
        aemu_guest_error(d, "PCIE_DATA2 write to SMN 0x%08x dropped: more "
                         "than %u SMN addresses in use", addr,
                         AEMU_SPARSE_MAX_ENTRIES);
    }
}

void aemu_smn_write(AemuDevice *d, uint32_t addr, uint32_t value)
{
    if (!aemu_sparse_set(nbio(d)->smn, addr, value)) {
        aemu_guest_error(d, "SMN 0x%08x not set: more than %u SMN "
                         "addresses in use", addr, AEMU_SPARSE_MAX_ENTRIES);
    }
}

/* Reading an SMN register has no side effect: it is its own latch. */
static const AemuRegHandler pcie_data2 = {
    .block = "nbio", .read = pcie_data2_read, .write = pcie_data2_write,
    .latch = pcie_data2_read,
};

/*
 * No HDP cache in the model: a flush is complete as soon as it is asked
 * for, so DONE shows every requester's bit at once (the CP and SDMA wait
 * for it with WAIT_REG_MEM / POLL_REGMEM after each write).
 */
static void hdp_flush_req_write(AemuDevice *d, uint32_t dw, uint32_t value)
{
    d->regs[mmBIF_BX_PF0_GPU_HDP_FLUSH_REQ] = value;
    d->regs[mmBIF_BX_PF0_GPU_HDP_FLUSH_DONE] |= value;
}

static const AemuRegHandler hdp_flush_req = {
    .block = "nbio", .write = hdp_flush_req_write,
};

/* Read-only registers, and the remap hole's flushes: writes are dropped. */
static const AemuRegHandler read_only = {
    .block = "nbio", .write = aemu_reg_ignore_write,
};

static void nbio_init(AemuDevice *d, void *priv)
{
    NbioState *s = priv;

    s->smn = g_hash_table_new(g_direct_hash, g_direct_equal);
    aemu_reg_claim(d, mmMM_DATA, &mm_data);
    aemu_reg_claim(d, mmPCIE_DATA2, &pcie_data2);
    aemu_reg_claim(d, mmBIF_BX_PF0_GPU_HDP_FLUSH_REQ, &hdp_flush_req);
    aemu_reg_claim(d, mmBIF_BX_PF0_GPU_HDP_FLUSH_DONE, &read_only);
    aemu_reg_claim(d, mmRCC_PF_0_0_RCC_CONFIG_MEMSIZE, &read_only);
    aemu_reg_claim(d, mmRCC_DEV0_EPF0_STRAP0, &read_only);
    /* 0: not a virtual function (amdgpu_detect_virtualization). */
    aemu_reg_claim(d, mmRCC_PF_0_0_RCC_IOV_FUNC_IDENTIFIER, &read_only);
    aemu_reg_claim(d, NBIO_HDP_MEM_FLUSH_DW, &read_only);
    aemu_reg_claim(d, NBIO_HDP_REG_FLUSH_DW, &read_only);
}

static void nbio_reset(AemuDevice *d, void *priv, AemuResetKind kind)
{
    NbioState *s = priv;

    g_hash_table_remove_all(s->smn);
    d->regs[mmRCC_PF_0_0_RCC_CONFIG_MEMSIZE] =
        (uint32_t)(d->vram_size >> 20);
    d->regs[mmRCC_DEV0_EPF0_STRAP0] =
        AEMU_REG_SET(0, RCC_DEV0_EPF0_STRAP0, STRAP_ATI_REV_ID_DEV0_F0,
                     d->asic->revision);
    /*
     * At power-on the system firmware has run the VBIOS, which leaves the
     * ASIC posted; after the driver's config-space reset it is not, and
     * the driver must run ATOM ASIC_Init (amdgpu_device_need_post). Nor
     * is it after an S3 wake-up: the firmware's resume path runs no option
     * ROM.
     */
    if (kind == AEMU_RESET_COLD) {
        d->regs[mmBIOS_SCRATCH_7] |= AEMU_VBIOS_AF_POSTED_SCRATCH_7;
    } else {
        d->regs[mmBIOS_SCRATCH_7] &= ~AEMU_VBIOS_AF_POSTED_SCRATCH_7;
    }
}

static void nbio_fini(AemuDevice *d, void *priv)
{
    NbioState *s = priv;

    g_hash_table_destroy(s->smn);
}

/* Snapshots (state.h): the SMN space. */
static void nbio_state(AemuDevice *d, void *priv, AemuStateIo *s)
{
    NbioState *n = priv;

    aemu_state_sparse(s, n->smn, "SMN space");
}

const AemuIpBlockFuncs aemu_nbio_v6_1_funcs = {
    .name = "nbio_v6_1",
    .type = AEMU_BLOCK_BIF,
    .major = 6, .minor = 1,
    .priv_size = sizeof(NbioState),
    .init = nbio_init,
    .reset = nbio_reset,
    .fini = nbio_fini,
    .state = nbio_state,
    .state_version = 1,
};
