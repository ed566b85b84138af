/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * amdgpu-emu core: the RS780's engine PLL (SPLL) as CG_SPLL_FUNC_CNTL
 * describes it, shared by the VBIOS's clock command tables (which program
 * and read it: vbios_clock_rs780.c) and the chip's clock block (which
 * gives it the boot clock at a device reset: clk_rs780.c).
 *
 * The engine clock is ref * FB_DIV / ((REF_DIV + 1) * post), the post
 * divider being (SW_HILEN + 1) + (SW_LOLEN + 1): the formula radeon's
 * rs780_dpm_get_current_sclk decodes (with the FB divider that FV
 * throttling, off in the model, would report in FVTHROT_STATUS_REG0).
 * Field positions are rs780d.h's SPLL_REF_DIV(x), SPLL_FB_DIV(x),
 * SPLL_SW_HILEN(x), SPLL_SW_LOLEN(x); rs780d.h's SPLL_FB_DIV_MASK reads
 * (0xff << 2), which contradicts its own SPLL_FB_DIV(x) (x << 5): the
 * model follows the latter, an 8-bit divider at bit 5.
 *
 * How the VBIOS picks dividers (the real tables' algorithm is not
 * public; this one is the model's): REF_DIV 0, the largest post divider
 * that keeps FB_DIV within 8 bits (the finest step), FB_DIV rounded to
 * the nearest. With a 27 MHz reference the achieved clock is within half
 * a step (27 MHz / post) of the target: 500 MHz reads back 500.54 MHz.
 *
 * Plain C11: the VBIOS builder (linked into the firmware-stub tool) uses
 * it too.
 */
#ifndef AEMU_CLK_RS780_H
#define AEMU_CLK_RS780_H

#include <stdint.h>

/* CG_SPLL_FUNC_CNTL fields (rs780d.h). */
#define RS780_SPLL_REF_DIV_SHIFT        2
#define RS780_SPLL_REF_DIV_MASK         (0x7u << RS780_SPLL_REF_DIV_SHIFT)
#define RS780_SPLL_FB_DIV_SHIFT         5
#define RS780_SPLL_FB_DIV_MASK          (0xffu << RS780_SPLL_FB_DIV_SHIFT)
#define RS780_SPLL_SW_HILEN_SHIFT       16
#define RS780_SPLL_SW_HILEN_MASK        (0xfu << RS780_SPLL_SW_HILEN_SHIFT)
#define RS780_SPLL_SW_LOLEN_SHIFT       20
#define RS780_SPLL_SW_LOLEN_MASK        (0xfu << RS780_SPLL_SW_LOLEN_SHIFT)
#define RS780_SPLL_DIVIDER_MASK         (RS780_SPLL_REF_DIV_MASK | \
                                         RS780_SPLL_FB_DIV_MASK | \
                                         RS780_SPLL_SW_HILEN_MASK | \
                                         RS780_SPLL_SW_LOLEN_MASK)

/* What the fields can hold. */
#define RS780_SPLL_FB_DIV_MAX           0xffu
#define RS780_SPLL_POST_DIV_MIN         2u      /* HILEN = LOLEN = 0 */
#define RS780_SPLL_POST_DIV_MAX         32u     /* HILEN = LOLEN = 15 */

/*
 * The engine clocks SetEngineClock accepts (10 kHz), a target outside
 * clamped to them (model limits, inferred: the HD 3200 runs at 500 MHz,
 * its PowerPlay states from 200 MHz). 0 leaves the PLL as it is.
 */
#define RS780_SCLK_MIN_10KHZ            2500u   /* 25 MHz */
#define RS780_SCLK_MAX_10KHZ            80000u  /* 800 MHz */

/* The dividers for sclk into the divider fields of cntl (C's version). */
static inline uint32_t aemu_rs780_spll_encode(uint32_t cntl, uint32_t sclk,
                                              uint32_t ref)
{
    uint32_t post, fb, hilen, lolen;

    if (!sclk || !ref) {
        return cntl;
    }
    sclk = sclk < RS780_SCLK_MIN_10KHZ ? RS780_SCLK_MIN_10KHZ : sclk;
    sclk = sclk > RS780_SCLK_MAX_10KHZ ? RS780_SCLK_MAX_10KHZ : sclk;
    post = RS780_SPLL_FB_DIV_MAX * ref / sclk;
    post = post > RS780_SPLL_POST_DIV_MAX ? RS780_SPLL_POST_DIV_MAX : post;
    post = post < RS780_SPLL_POST_DIV_MIN ? RS780_SPLL_POST_DIV_MIN : post;
    fb = (sclk * post + ref / 2) / ref;
    fb = fb > RS780_SPLL_FB_DIV_MAX ? RS780_SPLL_FB_DIV_MAX : fb;
    hilen = post / 2 - 1;
    lolen = post - post / 2 - 1;
    return (cntl & ~RS780_SPLL_DIVIDER_MASK) |
           fb << RS780_SPLL_FB_DIV_SHIFT |
           hilen << RS780_SPLL_SW_HILEN_SHIFT |
           lolen << RS780_SPLL_SW_LOLEN_SHIFT;
}

/* The engine clock (10 kHz, rounded) cntl's dividers make from ref. */
static inline uint32_t aemu_rs780_spll_decode(uint32_t cntl, uint32_t ref)
{
    uint32_t fb = (cntl & RS780_SPLL_FB_DIV_MASK) >> RS780_SPLL_FB_DIV_SHIFT;
    uint32_t rdiv = ((cntl & RS780_SPLL_REF_DIV_MASK) >>
                     RS780_SPLL_REF_DIV_SHIFT) + 1;
    uint32_t post = ((cntl & RS780_SPLL_SW_HILEN_MASK) >>
                     RS780_SPLL_SW_HILEN_SHIFT) + 1 +
                    ((cntl & RS780_SPLL_SW_LOLEN_MASK) >>
                     RS780_SPLL_SW_LOLEN_SHIFT) + 1;
    uint32_t div = rdiv * post;

    return (fb * ref + div / 2) / div;
}

#endif
