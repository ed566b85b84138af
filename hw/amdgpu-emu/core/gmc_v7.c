/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * amdgpu-emu core: GMC 7.x memory controller (Hawaii).
 *
 * What the probe path reads of the memory controller: the framebuffer
 * location and size it derives VRAM from (MC_VM_FB_LOCATION, read by
 * gmc_v7_0_vram_gtt_location; radeon writes it), the sequencer RUN bit that
 * says the MC firmware is already running (no upload), the RAM configuration
 * the driver derives tiling and bus width from, and TLB invalidation
 * acknowledgements. Address translation through these registers is its own
 * service (added with the engines that use it).
 */
#include "aemu-internal.h"
#include "amdgpu-emu/regs/cik_regs.h"
#include "amdgpu-emu/regs/cik_fields.h"

/* MC_SEQ_MISC0 [31:28] memory type as gmc_v7_0_sw_init decodes it. */
#define MC_SEQ_MISC0__MT_GDDR5 0x5u
#define MC_SEQ_MISC0__MT__SHIFT 28

/* VRAM sits at MC address 0; FB_BASE/FB_TOP are in 16 MiB units. */
static uint32_t fb_location(uint64_t vram_size)
{
    uint32_t top = (uint32_t)((vram_size - 1) >> 24);

    return (top << MC_VM_FB_LOCATION__FB_TOP__SHIFT) &
           MC_VM_FB_LOCATION__FB_TOP_MASK;
}

/* Invalidations complete at once: the response mirrors the request. */
static void vm_invalidate_request_write(AemuDevice *d, uint32_t dw,
                                        uint32_t value)
{
    d->regs[mmVM_INVALIDATE_REQUEST] = value;
    d->regs[mmVM_INVALIDATE_RESPONSE] = value;
}

static const AemuRegHandler vm_invalidate_request = {
    .block = "gmc", .write = vm_invalidate_request_write,
};

static void mc_seq_sup_cntl_write(AemuDevice *d, uint32_t dw, uint32_t value)
{
    /*
     * The driver only uploads MC microcode when RUN reads 0; if it does so
     * anyway, training "completes" immediately so its polls succeed.
     */
    d->regs[dw] = value;
    if (value & MC_SEQ_SUP_CNTL__RUN_MASK) {
        d->regs[mmMC_SEQ_TRAIN_WAKEUP_CNTL] |=
            MC_SEQ_TRAIN_WAKEUP_CNTL__TRAIN_DONE_D0_MASK |
            MC_SEQ_TRAIN_WAKEUP_CNTL__TRAIN_DONE_D1_MASK;
    }
}

static const AemuRegHandler mc_seq_sup_cntl = {
    .block = "gmc", .write = mc_seq_sup_cntl_write,
};

static void gmc_init(AemuDevice *d)
{
    aemu_reg_claim(d, mmVM_INVALIDATE_REQUEST, &vm_invalidate_request);
    aemu_reg_claim(d, mmMC_SEQ_SUP_CNTL, &mc_seq_sup_cntl);
}

static void gmc_reset(AemuDevice *d, AemuResetKind kind)
{
    d->regs[mmMC_VM_FB_LOCATION] = fb_location(d->vram_size);
    d->regs[mmMC_SEQ_SUP_CNTL] = MC_SEQ_SUP_CNTL__RUN_MASK;
    d->regs[mmMC_SEQ_MISC0] = MC_SEQ_MISC0__MT_GDDR5 <<
                              MC_SEQ_MISC0__MT__SHIFT;
}

const AemuIpBlockFuncs aemu_gmc_v7_funcs = {
    .name = "gmc_v7_0",
    .init = gmc_init,
    .reset = gmc_reset,
};
