/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * amdgpu-emu core: the display engine of DCE 8.0 (Hawaii): its six timing
 * generators (CRTC), the graphics planes (GRPH) they scan out, page flips,
 * and the init-time answers amdgpu's Display Core waits for.
 *
 * What the drivers see (docs/display.md; the map's section 3.5):
 *  - a timing generator runs while CRTC_CONTROL.CRTC_MASTER_EN is set: a
 *    raster position in virtual time over (CRTC_H_TOTAL + 1) pixels by
 *    (CRTC_V_TOTAL + 1) lines, read back from CRTC_STATUS (V_BLANK),
 *    CRTC_STATUS_POSITION and CRTC_STATUS_FRAME_COUNT (one count per
 *    frame, at the line CRTC_V_BLANK_START_END says vblank starts);
 *  - CRTC_VERTICAL_INTERRUPT0 fires when the raster reaches its line: IV
 *    src 19..24 (VISLANDS30 D1..D6_VERTICAL_INTERRUPT0), DC's vblank;
 *    radeon's line-buffer vblank interrupt (src 1..6) fires at vblank
 *    start (dce_v8_lb_irq.c);
 *  - a write of GRPH_PRIMARY_SURFACE_ADDRESS is a flip: pending
 *    (GRPH_UPDATE.GRPH_SURFACE_UPDATE_PENDING) until vblank starts, or at
 *    once with GRPH_FLIP_CONTROL's immediate (h-retrace) mode or a stopped
 *    timing generator, never while GRPH_UPDATE_LOCK holds it; when it is
 *    taken, GRPH_SURFACE_ADDRESS(_HIGH)_INUSE follow and the flip
 *    interrupt fires: IV src 8, 10, ..., 18 (D1..D6_GRPH_PFLIP);
 *  - CRTC_BLANK_CONTROL.CRTC_CURRENT_BLANK_STATE follows CRTC_BLANK_DATA_EN
 *    at once (DC's init_hw waits for it on all six pipes);
 *  - PIPEn_DMIF_BUFFER_CONTROL reports every allocation completed;
 *  - DMCU_STATUS.UC_IN_RESET: the display microcontroller is held in reset
 *    (there is no DMCU firmware), so DC skips ABM/PSR and its IRAM load.
 *
 * The refresh rate: a frame is (H_TOTAL x V_TOTAL) pixels at the pixel
 * clock of the display PLL the CRTC runs from, which the VBIOS's
 * SetPixelClock programmed (dce_v8_pll.c); a CRTC whose PLL runs no clock
 * (none programmed yet) runs at DCE_NOMINAL_REFRESH_HZ. Everything else
 * of a mode (totals, blank and interrupt lines) is the driver's too.
 *
 * The pixel clock is dce_v8_pll.c's. What the planes scan out, for a
 * host's console, is dce_v8_scanout.c's,
 * the cursor drawn over them dce_v8_cursor.c's;
 * the connector's hot-plug detect and DDC (the EDID) are dce_v8_i2c.c's.
 */
#include "aemu-internal.h"
#include "state.h"
#include "amdgpu-emu/regs/cik_regs.h"
#include "amdgpu-emu/regs/cik_fields.h"
#include "dce_v8.h"

/*
 * The frame rate of a CRTC with no pixel clock: the refresh of the common
 * CEA/VESA modes.
 */
#define DCE_NOMINAL_REFRESH_HZ  60u
/*
 * The fastest frame the model runs: no display mode refreshes above a few
 * hundred Hz; a guest's tiny totals at a fast clock would otherwise make
 * the event engine fire every few nanoseconds and eat the host's CPU.
 */
#define DCE_MAX_REFRESH_HZ      1000u
#define NS_PER_SEC              1000000000ull

/* ivsrcid_vislands30.h: D1's source ids; D2..D6 follow with these steps. */
#define VISLANDS30_IV_SRCID_D1_GRPH_PFLIP           8
#define VISLANDS30_IV_SRCID_D1_VERTICAL_INTERRUPT0  19
#define PFLIP_SRCID_STEP        2
#define VINT_SRCID_STEP         1

/* Per-pipe register offsets from pipe 0 (dce80_tg_offsets, cikd.h). */
const uint32_t aemu_dce_v8_crtc_off[DCE_NUM_PIPES] = {
    mmCRTC0_CRTC_CONTROL - mmCRTC_CONTROL,
    mmCRTC1_CRTC_CONTROL - mmCRTC_CONTROL,
    mmCRTC2_CRTC_CONTROL - mmCRTC_CONTROL,
    mmCRTC3_CRTC_CONTROL - mmCRTC_CONTROL,
    mmCRTC4_CRTC_CONTROL - mmCRTC_CONTROL,
    mmCRTC5_CRTC_CONTROL - mmCRTC_CONTROL,
};
const uint32_t aemu_dce_v8_dcp_off[DCE_NUM_PIPES] = {
    mmDCP0_GRPH_ENABLE - mmGRPH_ENABLE,
    mmDCP1_GRPH_ENABLE - mmGRPH_ENABLE,
    mmDCP2_GRPH_ENABLE - mmGRPH_ENABLE,
    mmDCP3_GRPH_ENABLE - mmGRPH_ENABLE,
    mmDCP4_GRPH_ENABLE - mmGRPH_ENABLE,
    mmDCP5_GRPH_ENABLE - mmGRPH_ENABLE,
};
static const uint32_t dmif_reg[DCE_NUM_PIPES] = {
    mmPIPE0_DMIF_BUFFER_CONTROL, mmPIPE1_DMIF_BUFFER_CONTROL,
    mmPIPE2_DMIF_BUFFER_CONTROL, mmPIPE3_DMIF_BUFFER_CONTROL,
    mmPIPE4_DMIF_BUFFER_CONTROL, mmPIPE5_DMIF_BUFFER_CONTROL,
};


/* Which pipe a per-pipe register belongs to, from its pipe-0 name. */
static int pipe_of(uint32_t dw, uint32_t base, const uint32_t *off)
{
    for (int i = 0; i < DCE_NUM_PIPES; i++) {
        if (dw == base + off[i]) {
            return i;
        }
    }
    return -1;
}

/* ---- raster ------------------------------------------------------------ */

static void crtc_timing(AemuDevice *d, int pipe, DceCrtc *c)
{
    uint32_t h = AEMU_REG_GET(crtc_reg(d, pipe, mmCRTC_H_TOTAL),
                              CRTC_H_TOTAL, CRTC_H_TOTAL);
    uint32_t v = AEMU_REG_GET(crtc_reg(d, pipe, mmCRTC_V_TOTAL),
                              CRTC_V_TOTAL, CRTC_V_TOTAL);

    uint64_t hz = dce_v8_pixel_clock_hz(d, pipe);
    uint64_t line_ns;

    /* The registers hold total - 1 (dce110_timing_generator.c). */
    c->pixels = h + 1;
    c->lines = v + 1;
    line_ns = hz ? c->pixels * NS_PER_SEC / hz
                 : NS_PER_SEC / DCE_NOMINAL_REFRESH_HZ / c->lines;
    line_ns = MAX(line_ns, NS_PER_SEC / DCE_MAX_REFRESH_HZ / c->lines);
    c->line_ns = MAX(line_ns, 1);
    c->frame_ns = c->line_ns * c->lines;
}

static uint32_t clamp_line(const DceCrtc *c, uint32_t line)
{
    return MIN(line, c->lines - 1);
}

static uint32_t vblank_start(AemuDevice *d, int pipe, const DceCrtc *c)
{
    return clamp_line(c, AEMU_REG_GET(crtc_reg(d, pipe,
                                               mmCRTC_V_BLANK_START_END),
                                      CRTC_V_BLANK_START_END,
                                      CRTC_V_BLANK_START));
}

static uint32_t vblank_end(AemuDevice *d, int pipe, const DceCrtc *c)
{
    return clamp_line(c, AEMU_REG_GET(crtc_reg(d, pipe,
                                               mmCRTC_V_BLANK_START_END),
                                      CRTC_V_BLANK_START_END,
                                      CRTC_V_BLANK_END));
}

static uint32_t vint_line(AemuDevice *d, int pipe, const DceCrtc *c)
{
    return clamp_line(c, AEMU_REG_GET(
        crtc_reg(d, pipe, mmCRTC_VERTICAL_INTERRUPT0_POSITION),
        CRTC_VERTICAL_INTERRUPT0_POSITION,
        CRTC_VERTICAL_INTERRUPT0_LINE_START));
}

/* Virtual time elapsed in the raster (0 when stopped). */
static uint64_t elapsed(AemuDevice *d, const DceCrtc *c)
{
    uint64_t now = aemu_clock_ns(d);

    return c->running && now > c->start_ns ? now - c->start_ns : 0;
}

/*
 * The first time after now at which the raster is at the start of line
 * (strictly after: the engine's turn at an event's time has handled it).
 */
static uint64_t next_line_time(AemuDevice *d, const DceCrtc *c,
                               uint32_t line)
{
    uint64_t el = elapsed(d, c);
    uint64_t at = (uint64_t)line * c->line_ns;
    uint64_t k = el < at ? 0 : (el - at) / c->frame_ns + 1;

    return c->start_ns + at + k * c->frame_ns;
}

static uint32_t frame_count(AemuDevice *d, int pipe, const DceCrtc *c)
{
    uint64_t el = elapsed(d, c);
    uint64_t at = (uint64_t)vblank_start(d, pipe, c) * c->line_ns;
    uint64_t n = el < at || !c->running ? 0 : (el - at) / c->frame_ns + 1;

    return (uint32_t)(c->frame_base + n) &
           CRTC_STATUS_FRAME_COUNT__CRTC_FRAME_COUNT_MASK;
}

static void raster_pos(AemuDevice *d, const DceCrtc *c, uint32_t *line,
                       uint32_t *pixel)
{
    uint64_t t = elapsed(d, c) % c->frame_ns;
    uint64_t in_line;

    *line = clamp_line(c, (uint32_t)(t / c->line_ns));
    in_line = t - (uint64_t)*line * c->line_ns;
    *pixel = MIN((uint32_t)(in_line * c->pixels / c->line_ns),
                 c->pixels - 1);
}

static bool in_vblank(AemuDevice *d, int pipe, const DceCrtc *c,
                      uint32_t line)
{
    uint32_t start = vblank_start(d, pipe, c);
    uint32_t end = vblank_end(d, pipe, c);

    /* Vblank runs from its start line through the wrap to its end line. */
    return start > end ? line >= start || line < end
                       : line >= start && line < end;
}

/* Restart the raster at line 0 of the current frame count (a new mode). */
static void crtc_restart(AemuDevice *d, int pipe, DceCrtc *c)
{
    c->frame_base = frame_count(d, pipe, c);
    c->start_ns = aemu_clock_ns(d);
    crtc_timing(d, pipe, c);
}

/* ---- flips and events -------------------------------------------------- */

static void post_iv(AemuDevice *d, uint8_t src_id)
{
    AemuIvEntry iv = { .src_id = src_id };

    aemu_irq_post(d, &iv);
}

static void flip_take(AemuDevice *d, int pipe, DceCrtc *c)
{
    uint32_t g = aemu_dce_v8_dcp_off[pipe];

    c->flip_pending = false;
    d->regs[mmGRPH_SURFACE_ADDRESS_INUSE + g] =
        d->regs[mmGRPH_PRIMARY_SURFACE_ADDRESS + g] &
        GRPH_SURFACE_ADDRESS_INUSE__GRPH_SURFACE_ADDRESS_INUSE_MASK;
    d->regs[mmGRPH_SURFACE_ADDRESS_HIGH_INUSE + g] =
        d->regs[mmGRPH_PRIMARY_SURFACE_ADDRESS_HIGH + g] &
        GRPH_SURFACE_ADDRESS_HIGH_INUSE__GRPH_SURFACE_ADDRESS_HIGH_INUSE_MASK;
    d->regs[mmGRPH_INTERRUPT_STATUS + g] |=
        GRPH_INTERRUPT_STATUS__GRPH_PFLIP_INT_OCCURRED_MASK;
    if (d->regs[mmGRPH_INTERRUPT_CONTROL + g] &
        GRPH_INTERRUPT_CONTROL__GRPH_PFLIP_INT_MASK_MASK) {
        post_iv(d, VISLANDS30_IV_SRCID_D1_GRPH_PFLIP + PFLIP_SRCID_STEP * pipe);
    }
}

static bool flip_locked(AemuDevice *d, int pipe)
{
    return grph_reg(d, pipe, mmGRPH_UPDATE) &
           GRPH_UPDATE__GRPH_UPDATE_LOCK_MASK;
}

/* A pending flip is taken now if nothing waits for the next vblank. */
static void flip_try_now(AemuDevice *d, int pipe, DceCrtc *c)
{
    bool immediate = grph_reg(d, pipe, mmGRPH_FLIP_CONTROL) &
        GRPH_FLIP_CONTROL__GRPH_SURFACE_UPDATE_H_RETRACE_EN_MASK;

    if (c->flip_pending && !flip_locked(d, pipe) &&
        (immediate || !c->running)) {
        flip_take(d, pipe, c);
    }
}

static bool vint_enabled(AemuDevice *d, int pipe)
{
    return crtc_reg(d, pipe, mmCRTC_VERTICAL_INTERRUPT0_CONTROL) &
        CRTC_VERTICAL_INTERRUPT0_CONTROL__CRTC_VERTICAL_INTERRUPT0_INT_ENABLE_MASK;
}

/*
 * Arm the engine for the earliest event anyone waits for: a vertical
 * interrupt that is enabled, or a vblank with a flip pending. A raster no
 * one listens to costs no timer.
 */
static void schedule(AemuDevice *d, DceState *s)
{
    uint64_t next = UINT64_MAX;

    for (int i = 0; i < DCE_NUM_PIPES; i++) {
        DceCrtc *c = &s->crtc[i];

        if (!c->running) {
            continue;
        }
        if (vint_enabled(d, i)) {
            next = MIN(next, next_line_time(d, c, vint_line(d, i, c)));
        }
        if (c->flip_pending || dce_v8_lb_vblank_enabled(d, i)) {
            next = MIN(next, next_line_time(d, c, vblank_start(d, i, c)));
        }
    }
    if (next != UINT64_MAX) {
        aemu_engine_wake_at(d, &s->engine, next);
    }
}

void dce_v8_schedule(AemuDevice *d)
{
    schedule(d, dce_v8_state(d));
}

/* Did the raster pass the start of line since the last turn (now - span)? */
static bool passed(AemuDevice *d, const DceCrtc *c, uint32_t line,
                   uint64_t since)
{
    uint64_t el = elapsed(d, c);
    uint64_t at = (uint64_t)line * c->line_ns;
    uint64_t in_frame = el % c->frame_ns;
    uint64_t frame_start = el - in_frame;

    if (!c->running || el < at) {
        return false;
    }
    /* The last time the line started, as elapsed raster time. */
    at = in_frame >= at ? frame_start + at : frame_start - c->frame_ns + at;
    return c->start_ns + at >= since;
}

static bool dce_run(AemuDevice *d, AemuEngine *e, unsigned *budget)
{
    DceState *s = e->opaque;
    uint64_t now = aemu_clock_ns(d);
    /* Events since the previous turn; a late timer raises each once. */
    uint64_t since = s->last_run_ns;

    (void)budget;
    for (int i = 0; i < DCE_NUM_PIPES; i++) {
        DceCrtc *c = &s->crtc[i];
        uint32_t vint = aemu_dce_v8_crtc_off[i] + mmCRTC_VERTICAL_INTERRUPT0_CONTROL;

        if (!c->running) {
            continue;
        }
        if (c->flip_pending && !flip_locked(d, i) &&
            passed(d, c, vblank_start(d, i, c), MAX(since, c->armed_ns))) {
            flip_take(d, i, c);
        }
        if (vint_enabled(d, i) &&
            passed(d, c, vint_line(d, i, c), MAX(since, c->armed_ns))) {
            d->regs[vint] |=
                CRTC_VERTICAL_INTERRUPT0_CONTROL__CRTC_VERTICAL_INTERRUPT0_STATUS_MASK |
                CRTC_VERTICAL_INTERRUPT0_CONTROL__CRTC_VERTICAL_INTERRUPT0_INT_STATUS_MASK;
            post_iv(d, VISLANDS30_IV_SRCID_D1_VERTICAL_INTERRUPT0 +
                       VINT_SRCID_STEP * i);
        }
        if (dce_v8_lb_vblank_enabled(d, i) &&
            passed(d, c, vblank_start(d, i, c), MAX(since, c->lb_armed_ns))) {
            dce_v8_lb_vblank(d, i);
        }
    }
    /* The next turn counts events from just after this one. */
    s->last_run_ns = now + 1;
    schedule(d, s);
    return false;
}

/* ---- registers ---------------------------------------------------------- */

static void crtc_control_write(AemuDevice *d, uint32_t dw, uint32_t value)
{
    DceState *s = dce_v8_state(d);
    int pipe = pipe_of(dw, mmCRTC_CONTROL, aemu_dce_v8_crtc_off);
    DceCrtc *c = &s->crtc[pipe];
    bool on = value & CRTC_CONTROL__CRTC_MASTER_EN_MASK;

    if (on && !c->running) {
        crtc_timing(d, pipe, c);
        c->start_ns = aemu_clock_ns(d);
        c->running = true;
    } else if (!on && c->running) {
        c->frame_base = frame_count(d, pipe, c);
        c->running = false;
    }
    value &= ~CRTC_CONTROL__CRTC_CURRENT_MASTER_EN_STATE_MASK;
    if (on) {
        value |= CRTC_CONTROL__CRTC_CURRENT_MASTER_EN_STATE_MASK;
    }
    d->regs[dw] = value;
    flip_try_now(d, pipe, c);
    schedule(d, s);
}

/* A timing register changed: a running raster restarts in the new mode. */
static void crtc_timing_write(AemuDevice *d, uint32_t dw, uint32_t value)
{
    DceState *s = dce_v8_state(d);

    d->regs[dw] = value;
    for (int i = 0; i < DCE_NUM_PIPES; i++) {
        if (dw >= mmCRTC_H_TOTAL + aemu_dce_v8_crtc_off[i] &&
            dw <= mmCRTC_VERTICAL_INTERRUPT0_POSITION + aemu_dce_v8_crtc_off[i]) {
            if (s->crtc[i].running) {
                crtc_restart(d, i, &s->crtc[i]);
            } else {
                crtc_timing(d, i, &s->crtc[i]);
            }
        }
    }
    schedule(d, s);
}

void dce_v8_clock_changed(AemuDevice *d)
{
    DceState *s = dce_v8_state(d);

    for (int i = 0; i < DCE_NUM_PIPES; i++) {
        DceCrtc *c = &s->crtc[i], now = *c;

        crtc_timing(d, i, &now);
        if (now.line_ns == c->line_ns && now.frame_ns == c->frame_ns) {
            continue;
        }
        /* A running raster restarts in its new timing, as on a new mode. */
        if (c->running) {
            crtc_restart(d, i, c);
        } else {
            *c = now;
        }
    }
    schedule(d, s);
}

static void crtc_blank_write(AemuDevice *d, uint32_t dw, uint32_t value)
{
    /* The blank takes effect at once (hardware: at the next vblank). */
    value &= ~CRTC_BLANK_CONTROL__CRTC_CURRENT_BLANK_STATE_MASK;
    if (value & CRTC_BLANK_CONTROL__CRTC_BLANK_DATA_EN_MASK) {
        value |= CRTC_BLANK_CONTROL__CRTC_CURRENT_BLANK_STATE_MASK;
    }
    d->regs[dw] = value;
}

static uint32_t crtc_status_read(AemuDevice *d, uint32_t dw)
{
    int pipe = pipe_of(dw, mmCRTC_STATUS, aemu_dce_v8_crtc_off);
    DceCrtc *c = &dce_v8_state(d)->crtc[pipe];
    uint32_t line, pixel;

    if (!c->running) {
        return 0;
    }
    raster_pos(d, c, &line, &pixel);
    return in_vblank(d, pipe, c, line) ? CRTC_STATUS__CRTC_V_BLANK_MASK
                                       : CRTC_STATUS__CRTC_V_ACTIVE_DISP_MASK;
}

static uint32_t crtc_position_read(AemuDevice *d, uint32_t dw)
{
    int pipe = pipe_of(dw, mmCRTC_STATUS_POSITION, aemu_dce_v8_crtc_off);
    DceCrtc *c = &dce_v8_state(d)->crtc[pipe];
    uint32_t line, pixel;

    raster_pos(d, c, &line, &pixel);
    return AEMU_REG_SET(0, CRTC_STATUS_POSITION, CRTC_VERT_COUNT, line) |
           AEMU_REG_SET(0, CRTC_STATUS_POSITION, CRTC_HORZ_COUNT, pixel);
}

static uint32_t crtc_frame_count_read(AemuDevice *d, uint32_t dw)
{
    int pipe = pipe_of(dw, mmCRTC_STATUS_FRAME_COUNT, aemu_dce_v8_crtc_off);

    return frame_count(d, pipe, &dce_v8_state(d)->crtc[pipe]);
}

static void vint_control_write(AemuDevice *d, uint32_t dw, uint32_t value)
{
    const uint32_t status =
        CRTC_VERTICAL_INTERRUPT0_CONTROL__CRTC_VERTICAL_INTERRUPT0_STATUS_MASK |
        CRTC_VERTICAL_INTERRUPT0_CONTROL__CRTC_VERTICAL_INTERRUPT0_INT_STATUS_MASK;
    const uint32_t clear =
        CRTC_VERTICAL_INTERRUPT0_CONTROL__CRTC_VERTICAL_INTERRUPT0_CLEAR_MASK;
    uint32_t keep = d->regs[dw] & status;
    int pipe = pipe_of(dw, mmCRTC_VERTICAL_INTERRUPT0_CONTROL, aemu_dce_v8_crtc_off);

    if (!vint_enabled(d, pipe) &&
        (value &
         CRTC_VERTICAL_INTERRUPT0_CONTROL__CRTC_VERTICAL_INTERRUPT0_INT_ENABLE_MASK)) {
        dce_v8_state(d)->crtc[pipe].armed_ns = aemu_clock_ns(d);
    }
    if (value & clear) {
        keep = 0;
    }
    /* The status bits are the hardware's; CLEAR is a strobe. */
    d->regs[dw] = (value & ~(status | clear)) | keep;
    schedule(d, dce_v8_state(d));
}

static void grph_address_write(AemuDevice *d, uint32_t dw, uint32_t value)
{
    int pipe = pipe_of(dw, mmGRPH_PRIMARY_SURFACE_ADDRESS, aemu_dce_v8_dcp_off);
    DceCrtc *c = &dce_v8_state(d)->crtc[pipe];

    /* The low half is written last by both DC and dce_v8_0: the flip. */
    d->regs[dw] = value;
    if (!c->flip_pending) {
        c->armed_ns = aemu_clock_ns(d);
    }
    c->flip_pending = true;
    flip_try_now(d, pipe, c);
    schedule(d, dce_v8_state(d));
}

static uint32_t grph_update_read(AemuDevice *d, uint32_t dw)
{
    int pipe = pipe_of(dw, mmGRPH_UPDATE, aemu_dce_v8_dcp_off);
    uint32_t v = d->regs[dw] & ~GRPH_UPDATE__GRPH_SURFACE_UPDATE_PENDING_MASK;

    if (dce_v8_state(d)->crtc[pipe].flip_pending) {
        v |= GRPH_UPDATE__GRPH_SURFACE_UPDATE_PENDING_MASK;
    }
    return v;
}

static void grph_update_write(AemuDevice *d, uint32_t dw, uint32_t value)
{
    int pipe = pipe_of(dw, mmGRPH_UPDATE, aemu_dce_v8_dcp_off);

    d->regs[dw] = value & ~GRPH_UPDATE__GRPH_SURFACE_UPDATE_PENDING_MASK;
    flip_try_now(d, pipe, &dce_v8_state(d)->crtc[pipe]);
    schedule(d, dce_v8_state(d));
}

static void grph_int_status_write(AemuDevice *d, uint32_t dw, uint32_t value)
{
    if (value & GRPH_INTERRUPT_STATUS__GRPH_PFLIP_INT_CLEAR_MASK) {
        d->regs[dw] &= ~GRPH_INTERRUPT_STATUS__GRPH_PFLIP_INT_OCCURRED_MASK;
    }
}

static void dmif_write(AemuDevice *d, uint32_t dw, uint32_t value)
{
    /* The DMIF allocates what it is asked at once (dce_mi_allocate_dmif). */
    d->regs[dw] = value |
        PIPE0_DMIF_BUFFER_CONTROL__DMIF_BUFFERS_ALLOCATION_COMPLETED_MASK;
}

static const AemuRegHandler h_crtc_control = {
    .block = "dce", .write = crtc_control_write,
};
static const AemuRegHandler h_crtc_timing = {
    .block = "dce", .write = crtc_timing_write,
};
static const AemuRegHandler h_crtc_blank = {
    .block = "dce", .write = crtc_blank_write,
};
static const AemuRegHandler h_crtc_status = {
    .block = "dce", .read = crtc_status_read, .write = aemu_reg_ignore_write,
};
static const AemuRegHandler h_crtc_position = {
    .block = "dce", .read = crtc_position_read,
    .write = aemu_reg_ignore_write,
};
static const AemuRegHandler h_crtc_frame_count = {
    .block = "dce", .read = crtc_frame_count_read,
    .write = aemu_reg_ignore_write,
};
static const AemuRegHandler h_vint_control = {
    .block = "dce", .write = vint_control_write,
};
static const AemuRegHandler h_grph_address = {
    .block = "dce", .write = grph_address_write,
};
static const AemuRegHandler h_grph_update = {
    .block = "dce", .read = grph_update_read, .write = grph_update_write,
};
static const AemuRegHandler h_read_only = {
    .block = "dce", .write = aemu_reg_ignore_write,
};
static const AemuRegHandler h_grph_int_status = {
    .block = "dce", .write = grph_int_status_write,
};
static const AemuRegHandler h_dmif = {
    .block = "dce", .write = dmif_write,
};

/* Registers whose writes move the raster's timing. */
static const uint32_t timing_regs[] = {
    mmCRTC_H_TOTAL, mmCRTC_V_TOTAL, mmCRTC_V_BLANK_START_END,
    mmCRTC_VERTICAL_INTERRUPT0_POSITION,
};

static void dce_init(AemuDevice *d, void *priv)
{
    DceState *s = priv;

    for (int i = 0; i < DCE_NUM_PIPES; i++) {
        uint32_t c = aemu_dce_v8_crtc_off[i], g = aemu_dce_v8_dcp_off[i];

        aemu_reg_claim(d, mmCRTC_CONTROL + c, &h_crtc_control);
        for (size_t r = 0; r < G_N_ELEMENTS(timing_regs); r++) {
            aemu_reg_claim(d, timing_regs[r] + c, &h_crtc_timing);
        }
        aemu_reg_claim(d, mmCRTC_BLANK_CONTROL + c, &h_crtc_blank);
        aemu_reg_claim(d, mmCRTC_STATUS + c, &h_crtc_status);
        aemu_reg_claim(d, mmCRTC_STATUS_POSITION + c, &h_crtc_position);
        aemu_reg_claim(d, mmCRTC_STATUS_FRAME_COUNT + c, &h_crtc_frame_count);
        aemu_reg_claim(d, mmCRTC_VERTICAL_INTERRUPT0_CONTROL + c,
                       &h_vint_control);
        aemu_reg_claim(d, mmGRPH_PRIMARY_SURFACE_ADDRESS + g,
                       &h_grph_address);
        aemu_reg_claim(d, mmGRPH_UPDATE + g, &h_grph_update);
        aemu_reg_claim(d, mmGRPH_SURFACE_ADDRESS_INUSE + g, &h_read_only);
        aemu_reg_claim(d, mmGRPH_SURFACE_ADDRESS_HIGH_INUSE + g, &h_read_only);
        aemu_reg_claim(d, mmGRPH_INTERRUPT_STATUS + g, &h_grph_int_status);
        aemu_reg_claim(d, dmif_reg[i], &h_dmif);
    }
    aemu_reg_claim(d, mmDMCU_STATUS, &h_read_only);
    dce_v8_monitor_init(d);
    dce_v8_pll_init(d);
    dce_v8_cursor_init(d);
    dce_v8_lb_init(d);

    s->engine.name = "dce";
    s->engine.run = dce_run;
    s->engine.opaque = s;
    /* Its events cost no modelled time: they happen at their time. */
    s->engine.self_timed = true;
    aemu_engine_register(d, &s->engine);
}

static void dce_reset(AemuDevice *d, void *priv, AemuResetKind kind)
{
    DceState *s = priv;

    (void)kind;
    memset(s->crtc, 0, sizeof(s->crtc));
    for (int i = 0; i < DCE_NUM_PIPES; i++) {
        crtc_timing(d, i, &s->crtc[i]);
    }
    s->last_run_ns = 0;
    s->shown_valid = false;
    s->refused_pipe = -1;
    d->regs[mmDMCU_STATUS] = DMCU_STATUS__UC_IN_RESET_MASK;
    dce_v8_monitor_reset(s);
    dce_v8_cursor_reset(s);
}

static void dce_state(AemuDevice *d, void *priv, AemuStateIo *io)
{
    DceState *s = priv;

    for (int i = 0; i < DCE_NUM_PIPES; i++) {
        AEMU_STATE_BOOL(io, s->crtc[i].running);
        AEMU_STATE(io, s->crtc[i].start_ns);
        AEMU_STATE(io, s->crtc[i].frame_base);
        AEMU_STATE_BOOL(io, s->crtc[i].flip_pending);
        AEMU_STATE(io, s->crtc[i].armed_ns);
        AEMU_STATE(io, s->crtc[i].lb_armed_ns);
        if (aemu_state_loading(io)) {
            crtc_timing(d, i, &s->crtc[i]);
        }
    }
    AEMU_STATE(io, s->last_run_ns);
    dce_v8_monitor_state(s, io);
    dce_v8_cursor_state(s, io);
    if (aemu_state_loading(io)) {
        /* The host takes a new surface from the restored registers. */
        s->shown_valid = false;
        s->generation++;
        s->refused_pipe = -1;
        schedule(d, s);
    }
}

const AemuIpBlockFuncs aemu_dce_v8_funcs = {
    .name = "dce_v8_0",
    .type = AEMU_BLOCK_DCE,
    .major = 8, .minor = 5,
    .priv_size = sizeof(DceState),
    .init = dce_init,
    .reset = dce_reset,
    .state = dce_state,
    /*
     * 2: the I2C engine and HPD ack; 3: the DDC pads, the LB interrupt,
     * the cursor's lock
     */
    .state_version = 3,
};
