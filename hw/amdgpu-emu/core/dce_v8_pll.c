/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * amdgpu-emu core: the pixel clock of DCE 8.0 (Hawaii): the display PLLs'
 * dividers and which PLL each CRTC runs from.
 *
 * The VBIOS's SetPixelClock (vbios_pixel_clock.c) writes a PLL's
 * reference, feedback (integer and tenths) and post dividers into its
 * DCCG_PLLn block and its index into the CRTC's
 * CRTCn_PIXEL_RATE_CNTL.CRTCn_PIXEL_RATE_SOURCE. The PLL then runs at
 *   crystal x (FB_DIV + FB_DIV_FRACTION / 10) / (REF_DIV x POST_DIV_PIXCLK),
 * the crystal being FirmwareInfo's usReferenceClock, the frequency both
 * drivers computed the dividers from; the CRTC's raster (dce_v8.c) takes
 * (H_TOTAL x V_TOTAL) pixels a frame at that rate. A PLL with a divider of
 * 0 runs no clock: its CRTCs fall back to the nominal refresh (dce_v8.c),
 * which is also what a raster started before any SetPixelClock gets.
 * Any write of these registers re-times the rasters.
 */
#include "dce_v8.h"
#include "amdgpu-emu/regs/cik_regs.h"
#include "amdgpu-emu/regs/cik_fields.h"

#define HZ_PER_10KHZ            10000u
/* PLL_FB_DIV_FRACTION counts tenths of the feedback divider. */
#define FB_FRACTION_PER_UNIT    10u

const uint32_t aemu_dce_v8_pll_off[DCE_NUM_PLLS] = {
    mmDCCG_PLL0_PLL_REF_DIV - mmPLL_REF_DIV,
    mmDCCG_PLL1_PLL_REF_DIV - mmPLL_REF_DIV,
    mmDCCG_PLL2_PLL_REF_DIV - mmPLL_REF_DIV,
};
const uint32_t aemu_dce_v8_pixel_rate_cntl[DCE_NUM_PIPES] = {
    mmCRTC0_PIXEL_RATE_CNTL, mmCRTC1_PIXEL_RATE_CNTL, mmCRTC2_PIXEL_RATE_CNTL,
    mmCRTC3_PIXEL_RATE_CNTL, mmCRTC4_PIXEL_RATE_CNTL, mmCRTC5_PIXEL_RATE_CNTL,
};

uint64_t dce_v8_pixel_clock_hz(AemuDevice *d, int pipe)
{
    uint32_t src = AEMU_REG_GET(d->regs[aemu_dce_v8_pixel_rate_cntl[pipe]],
                                CRTC0_PIXEL_RATE_CNTL,
                                CRTC0_PIXEL_RATE_SOURCE);
    uint32_t off, ref, fb, frac, post;
    uint64_t xtal = (uint64_t)d->asic->vbios.ref_clk_10khz * HZ_PER_10KHZ;

    if (src >= DCE_NUM_PLLS) {
        return 0;
    }
    off = aemu_dce_v8_pll_off[src];
    ref = AEMU_REG_GET(d->regs[mmPLL_REF_DIV + off], PLL_REF_DIV,
                       PLL_REF_DIV);
    fb = AEMU_REG_GET(d->regs[mmPLL_FB_DIV + off], PLL_FB_DIV, PLL_FB_DIV);
    frac = AEMU_REG_GET(d->regs[mmPLL_FB_DIV + off], PLL_FB_DIV,
                        PLL_FB_DIV_FRACTION);
    post = AEMU_REG_GET(d->regs[mmPLL_POST_DIV + off], PLL_POST_DIV,
                        PLL_POST_DIV_PIXCLK);
    if (!ref || !fb || !post) {
        return 0;
    }
    /* 64 bits: 2^27 (crystal) x 2^16 (feedback x 10) stays far below. */
    return xtal * (fb * FB_FRACTION_PER_UNIT + frac) /
           ((uint64_t)FB_FRACTION_PER_UNIT * ref * post);
}

static void clock_write(AemuDevice *d, uint32_t dw, uint32_t value)
{
    d->regs[dw] = value;
    dce_v8_clock_changed(d);
}

static const AemuRegHandler h_clock = {
    .block = "dce", .write = clock_write,
};

void dce_v8_pll_init(AemuDevice *d)
{
    for (int i = 0; i < DCE_NUM_PLLS; i++) {
        uint32_t off = aemu_dce_v8_pll_off[i];

        aemu_reg_claim(d, mmPLL_REF_DIV + off, &h_clock);
        aemu_reg_claim(d, mmPLL_FB_DIV + off, &h_clock);
        aemu_reg_claim(d, mmPLL_POST_DIV + off, &h_clock);
    }
    for (int i = 0; i < DCE_NUM_PIPES; i++) {
        aemu_reg_claim(d, aemu_dce_v8_pixel_rate_cntl[i], &h_clock);
    }
}
