/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * amdgpu-emu core: DCE 8's line-buffer vblank interrupt and the display
 * interrupt summary registers, the ones radeon (cik_irq_set, cik_irq_ack,
 * cik_irq_process) and legacy amdgpu (dce_v8_0.c) use; DC takes
 * CRTC_VERTICAL_INTERRUPT0 and DC_HPDn_INT_STATUS instead (dce_v8.c,
 * dce_v8_i2c.c).
 *
 * Per pipe (the LB blocks sit at the CRTCs' offsets):
 *  - while LB_INTERRUPT_MASK.VBLANK_INTERRUPT_MASK is set, when the raster
 *    reaches the first line of vblank (the line CRTC_V_BLANK_START_END
 *    starts it at, where the frame count moves), LB_VBLANK_STATUS's
 *    VBLANK_OCCURRED and VBLANK_INTERRUPT are set and the IV src_id
 *    1 + pipe (D1..D6 vblank/vline) with src_data 0 (vblank) goes out
 *    (with the mask clear the engine does not wake for vblanks, so
 *    VBLANK_OCCURRED is not kept then);
 *  - a write with LB_VBLANK_STATUS.VBLANK_ACK clears both (ACK is a
 *    strobe; the status bits are the hardware's);
 *  - DISP_INTERRUPT_STATUS (D1), _CONTINUE (D2) .. _CONTINUE5 (D6):
 *    LB_Dn_VBLANK_INTERRUPT reads pipe n's VBLANK_INTERRUPT, and
 *    DISP_INTERRUPT_STATUS.DC_HPD1_INTERRUPT reads DC_HPD1_INT_STATUS's
 *    interrupt bit (dce_v8_i2c.c: radeon's cik_irq_ack acks HPD 1 only
 *    when it sees it); their other bits (HPD 2..6, vline, DAC
 *    autodetect) stay what they were: nothing raises them.
 * Not modelled: VBLANK_STAT (in vblank now), the vline interrupts
 * (LB_VLINE_STATUS), VBLANK_INTERRUPT_TYPE (always a level).
 */
#include "aemu-internal.h"
#include "state.h"
#include "amdgpu-emu/regs/cik_regs.h"
#include "amdgpu-emu/regs/cik_fields.h"
#include "dce_v8.h"

/* ivsrcid for D1 vblank/vline (cik_irq_process); D2..D6 follow by one. */
#define CIK_IV_SRCID_D1_VBLANK_VLINE    1
#define CIK_IV_SRC_DATA_VBLANK          0

/* Per-pipe offsets of the LB blocks from LB 0. */
static const uint32_t lb_off[DCE_NUM_PIPES] = {
    mmLB0_LB_INTERRUPT_MASK - mmLB_INTERRUPT_MASK,
    mmLB1_LB_INTERRUPT_MASK - mmLB_INTERRUPT_MASK,
    mmLB2_LB_INTERRUPT_MASK - mmLB_INTERRUPT_MASK,
    mmLB3_LB_INTERRUPT_MASK - mmLB_INTERRUPT_MASK,
    mmLB4_LB_INTERRUPT_MASK - mmLB_INTERRUPT_MASK,
    mmLB5_LB_INTERRUPT_MASK - mmLB_INTERRUPT_MASK,
};

/* Pipe n's summary register and bit. */
static const struct {
    uint32_t reg, bit;
} disp_status[DCE_NUM_PIPES] = {
    { mmDISP_INTERRUPT_STATUS,
      DISP_INTERRUPT_STATUS__LB_D1_VBLANK_INTERRUPT_MASK },
    { mmDISP_INTERRUPT_STATUS_CONTINUE,
      DISP_INTERRUPT_STATUS_CONTINUE__LB_D2_VBLANK_INTERRUPT_MASK },
    { mmDISP_INTERRUPT_STATUS_CONTINUE2,
      DISP_INTERRUPT_STATUS_CONTINUE2__LB_D3_VBLANK_INTERRUPT_MASK },
    { mmDISP_INTERRUPT_STATUS_CONTINUE3,
      DISP_INTERRUPT_STATUS_CONTINUE3__LB_D4_VBLANK_INTERRUPT_MASK },
    { mmDISP_INTERRUPT_STATUS_CONTINUE4,
      DISP_INTERRUPT_STATUS_CONTINUE4__LB_D5_VBLANK_INTERRUPT_MASK },
    { mmDISP_INTERRUPT_STATUS_CONTINUE5,
      DISP_INTERRUPT_STATUS_CONTINUE5__LB_D6_VBLANK_INTERRUPT_MASK },
};

static int lb_pipe(uint32_t dw, uint32_t base)
{
    for (int i = 0; i < DCE_NUM_PIPES; i++) {
        if (dw == base + lb_off[i]) {
            return i;
        }
    }
    return -1;
}

bool dce_v8_lb_vblank_enabled(AemuDevice *d, int pipe)
{
    return d->regs[mmLB_INTERRUPT_MASK + lb_off[pipe]] &
           LB_INTERRUPT_MASK__VBLANK_INTERRUPT_MASK_MASK;
}

void dce_v8_lb_vblank(AemuDevice *d, int pipe)
{
    uint32_t *st = &d->regs[mmLB_VBLANK_STATUS + lb_off[pipe]];

    AemuIvEntry iv = {
        .src_id = CIK_IV_SRCID_D1_VBLANK_VLINE + pipe,
        .src_data = { CIK_IV_SRC_DATA_VBLANK },
    };

    *st |= LB_VBLANK_STATUS__VBLANK_OCCURRED_MASK |
           LB_VBLANK_STATUS__VBLANK_INTERRUPT_MASK;
    aemu_irq_post(d, &iv);
}

static void lb_mask_write(AemuDevice *d, uint32_t dw, uint32_t value)
{
    int pipe = lb_pipe(dw, mmLB_INTERRUPT_MASK);

    /* Enabling counts vblanks from now on (no stale event fires). */
    if (pipe >= 0 && !dce_v8_lb_vblank_enabled(d, pipe) &&
        (value & LB_INTERRUPT_MASK__VBLANK_INTERRUPT_MASK_MASK)) {
        dce_v8_state(d)->crtc[pipe].lb_armed_ns = aemu_clock_ns(d);
    }
    d->regs[dw] = value;
    dce_v8_schedule(d);
}

static void lb_vblank_status_write(AemuDevice *d, uint32_t dw, uint32_t value)
{
    const uint32_t hw = LB_VBLANK_STATUS__VBLANK_OCCURRED_MASK |
                        LB_VBLANK_STATUS__VBLANK_STAT_MASK |
                        LB_VBLANK_STATUS__VBLANK_INTERRUPT_MASK;
    uint32_t keep = d->regs[dw] & hw;

    if (value & LB_VBLANK_STATUS__VBLANK_ACK_MASK) {
        keep &= ~(LB_VBLANK_STATUS__VBLANK_OCCURRED_MASK |
                  LB_VBLANK_STATUS__VBLANK_INTERRUPT_MASK);
    }
    d->regs[dw] = (value & ~(hw | LB_VBLANK_STATUS__VBLANK_ACK_MASK)) | keep;
}

static uint32_t disp_status_read(AemuDevice *d, uint32_t dw)
{
    uint32_t v = d->regs[dw];

    if (dw == mmDISP_INTERRUPT_STATUS) {
        v &= ~DISP_INTERRUPT_STATUS__DC_HPD1_INTERRUPT_MASK;
        if (dce_v8_hpd1_int_pending(d, dce_v8_state(d))) {
            v |= DISP_INTERRUPT_STATUS__DC_HPD1_INTERRUPT_MASK;
        }
    }
    for (int i = 0; i < DCE_NUM_PIPES; i++) {
        if (disp_status[i].reg != dw) {
            continue;
        }
        v &= ~disp_status[i].bit;
        if (d->regs[mmLB_VBLANK_STATUS + lb_off[i]] &
            LB_VBLANK_STATUS__VBLANK_INTERRUPT_MASK) {
            v |= disp_status[i].bit;
        }
    }
    return v;
}

static const AemuRegHandler h_lb_mask = {
    .block = "dce", .write = lb_mask_write,
};
static const AemuRegHandler h_lb_vblank_status = {
    .block = "dce", .write = lb_vblank_status_write,
};
static const AemuRegHandler h_disp_status = {
    .block = "dce", .read = disp_status_read, .write = aemu_reg_ignore_write,
};

void dce_v8_lb_init(AemuDevice *d)
{
    for (int i = 0; i < DCE_NUM_PIPES; i++) {
        aemu_reg_claim(d, mmLB_INTERRUPT_MASK + lb_off[i], &h_lb_mask);
        aemu_reg_claim(d, mmLB_VBLANK_STATUS + lb_off[i],
                       &h_lb_vblank_status);
        aemu_reg_claim(d, disp_status[i].reg, &h_disp_status);
    }
}
