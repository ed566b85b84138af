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
 * The refresh rate: the pixel clock comes from the display PLLs the
 * VBIOS's SetPixelClock programs, which the model's VBIOS does not do yet
 * (its command tables are END-only); until it does, every mode runs at
 * DCE_NOMINAL_REFRESH_HZ. Everything else of a mode (totals, blank and
 * interrupt lines) is the driver's.
 *
 * aemu_display_scanout gives a host the surface to show; it bounds-checks
 * every guest value: a surface that does not lie whole inside VRAM is not
 * shown.
 */
#include "aemu-internal.h"
#include "state.h"
#include "amdgpu-emu/regs/cik_regs.h"
#include "amdgpu-emu/regs/cik_fields.h"

#define DCE_NUM_PIPES           6

/*
 * Until the pixel clock is modelled (see above), the frame period. 60 Hz
 * is what the EDID QEMU generates advertises for its preferred mode.
 */
#define DCE_NOMINAL_REFRESH_HZ  60u
#define NS_PER_SEC              1000000000ull

/* ivsrcid_vislands30.h: D1's source ids; D2..D6 follow with these steps. */
#define VISLANDS30_IV_SRCID_D1_GRPH_PFLIP           8
#define VISLANDS30_IV_SRCID_D1_VERTICAL_INTERRUPT0  19
#define PFLIP_SRCID_STEP        2
#define VINT_SRCID_STEP         1

/* GRPH_CONTROL.GRPH_DEPTH / GRPH_FORMAT (dce_mem_input.c). */
#define GRPH_DEPTH_16BPP        1
#define GRPH_DEPTH_32BPP        2
#define GRPH_FORMAT_ARGB1555    0       /* depth 16 */
#define GRPH_FORMAT_RGB565      1
#define GRPH_FORMAT_ARGB8888    0       /* depth 32 */
#define GRPH_FORMAT_ARGB2101010 1
/* GRPH_CONTROL.GRPH_ARRAY_MODE: ARRAY_LINEAR_GENERAL, ARRAY_LINEAR_ALIGNED. */
#define GRPH_ARRAY_LINEAR_ALIGNED 1
/* GRPH_SWAP_CNTL crossbar value that swaps red and blue (ABGR formats). */
#define GRPH_CROSSBAR_SWAP_RB   2
/* The largest surface a DCE 8 plane scans (GRPH_X_END is 14 bits). */
#define GRPH_MAX_EXTENT         16384u

/* FB_BASE/FB_TOP of MC_VM_FB_LOCATION are in 16 MiB units (gmc_v7.c). */
#define FB_LOCATION_SHIFT       24

/* Per-pipe register offsets from pipe 0 (dce80_tg_offsets, cikd.h). */
static const uint32_t crtc_off[DCE_NUM_PIPES] = {
    mmCRTC0_CRTC_CONTROL - mmCRTC_CONTROL,
    mmCRTC1_CRTC_CONTROL - mmCRTC_CONTROL,
    mmCRTC2_CRTC_CONTROL - mmCRTC_CONTROL,
    mmCRTC3_CRTC_CONTROL - mmCRTC_CONTROL,
    mmCRTC4_CRTC_CONTROL - mmCRTC_CONTROL,
    mmCRTC5_CRTC_CONTROL - mmCRTC_CONTROL,
};
static const uint32_t dcp_off[DCE_NUM_PIPES] = {
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

typedef struct DceCrtc {
    bool running;               /* CRTC_MASTER_EN */
    uint64_t start_ns;          /* virtual time of line 0 of the raster */
    uint32_t frame_base;        /* frame count at start_ns */
    bool flip_pending;
    /*
     * Events before this time do not count: when the vertical interrupt
     * was enabled or a flip became pending (no stale event fires).
     */
    uint64_t armed_ns;
    /* Derived from the timing registers (rebuilt on load). */
    uint32_t lines, pixels;
    uint64_t line_ns, frame_ns;
} DceCrtc;

typedef struct DceState {
    AemuEngine engine;          /* vblank and vertical-interrupt events */
    uint64_t last_run_ns;       /* the engine's last turn (+1) */
    DceCrtc crtc[DCE_NUM_PIPES];
    /* The last scanout a host was given, for its generation. */
    AemuScanout shown;
    bool shown_valid;
    uint64_t generation;
    int refused_pipe;           /* the pipe a refusal was last logged for */
} DceState;

static DceState *dce(AemuDevice *d)
{
    return aemu_block_priv(d, AEMU_BLOCK_DCE);
}

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

static uint32_t crtc_reg(AemuDevice *d, int pipe, uint32_t base)
{
    return d->regs[base + crtc_off[pipe]];
}

static uint32_t grph_reg(AemuDevice *d, int pipe, uint32_t base)
{
    return d->regs[base + dcp_off[pipe]];
}

/* ---- raster ------------------------------------------------------------ */

static void crtc_timing(AemuDevice *d, int pipe, DceCrtc *c)
{
    uint32_t h = AEMU_REG_GET(crtc_reg(d, pipe, mmCRTC_H_TOTAL),
                              CRTC_H_TOTAL, CRTC_H_TOTAL);
    uint32_t v = AEMU_REG_GET(crtc_reg(d, pipe, mmCRTC_V_TOTAL),
                              CRTC_V_TOTAL, CRTC_V_TOTAL);

    /* The registers hold total - 1 (dce110_timing_generator.c). */
    c->pixels = h + 1;
    c->lines = v + 1;
    c->line_ns = MAX(NS_PER_SEC / DCE_NOMINAL_REFRESH_HZ / c->lines, 1);
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
    uint32_t g = dcp_off[pipe];

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
        if (c->flip_pending) {
            next = MIN(next, next_line_time(d, c, vblank_start(d, i, c)));
        }
    }
    if (next != UINT64_MAX) {
        aemu_engine_wake_at(d, &s->engine, next);
    }
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
        uint32_t vint = crtc_off[i] + mmCRTC_VERTICAL_INTERRUPT0_CONTROL;

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
    }
    /* The next turn counts events from just after this one. */
    s->last_run_ns = now + 1;
    schedule(d, s);
    return false;
}

/* ---- registers ---------------------------------------------------------- */

static void crtc_control_write(AemuDevice *d, uint32_t dw, uint32_t value)
{
    DceState *s = dce(d);
    int pipe = pipe_of(dw, mmCRTC_CONTROL, crtc_off);
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
    DceState *s = dce(d);

    d->regs[dw] = value;
    for (int i = 0; i < DCE_NUM_PIPES; i++) {
        if (dw >= mmCRTC_H_TOTAL + crtc_off[i] &&
            dw <= mmCRTC_VERTICAL_INTERRUPT0_POSITION + crtc_off[i]) {
            if (s->crtc[i].running) {
                crtc_restart(d, i, &s->crtc[i]);
            } else {
                crtc_timing(d, i, &s->crtc[i]);
            }
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
    int pipe = pipe_of(dw, mmCRTC_STATUS, crtc_off);
    DceCrtc *c = &dce(d)->crtc[pipe];
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
    int pipe = pipe_of(dw, mmCRTC_STATUS_POSITION, crtc_off);
    DceCrtc *c = &dce(d)->crtc[pipe];
    uint32_t line, pixel;

    raster_pos(d, c, &line, &pixel);
    return AEMU_REG_SET(0, CRTC_STATUS_POSITION, CRTC_VERT_COUNT, line) |
           AEMU_REG_SET(0, CRTC_STATUS_POSITION, CRTC_HORZ_COUNT, pixel);
}

static uint32_t crtc_frame_count_read(AemuDevice *d, uint32_t dw)
{
    int pipe = pipe_of(dw, mmCRTC_STATUS_FRAME_COUNT, crtc_off);

    return frame_count(d, pipe, &dce(d)->crtc[pipe]);
}

static void vint_control_write(AemuDevice *d, uint32_t dw, uint32_t value)
{
    const uint32_t status =
        CRTC_VERTICAL_INTERRUPT0_CONTROL__CRTC_VERTICAL_INTERRUPT0_STATUS_MASK |
        CRTC_VERTICAL_INTERRUPT0_CONTROL__CRTC_VERTICAL_INTERRUPT0_INT_STATUS_MASK;
    const uint32_t clear =
        CRTC_VERTICAL_INTERRUPT0_CONTROL__CRTC_VERTICAL_INTERRUPT0_CLEAR_MASK;
    uint32_t keep = d->regs[dw] & status;
    int pipe = pipe_of(dw, mmCRTC_VERTICAL_INTERRUPT0_CONTROL, crtc_off);

    if (!vint_enabled(d, pipe) &&
        (value &
         CRTC_VERTICAL_INTERRUPT0_CONTROL__CRTC_VERTICAL_INTERRUPT0_INT_ENABLE_MASK)) {
        dce(d)->crtc[pipe].armed_ns = aemu_clock_ns(d);
    }
    if (value & clear) {
        keep = 0;
    }
    /* The status bits are the hardware's; CLEAR is a strobe. */
    d->regs[dw] = (value & ~(status | clear)) | keep;
    schedule(d, dce(d));
}

static void grph_address_write(AemuDevice *d, uint32_t dw, uint32_t value)
{
    int pipe = pipe_of(dw, mmGRPH_PRIMARY_SURFACE_ADDRESS, dcp_off);
    DceCrtc *c = &dce(d)->crtc[pipe];

    /* The low half is written last by both DC and dce_v8_0: the flip. */
    d->regs[dw] = value;
    if (!c->flip_pending) {
        c->armed_ns = aemu_clock_ns(d);
    }
    c->flip_pending = true;
    flip_try_now(d, pipe, c);
    schedule(d, dce(d));
}

static uint32_t grph_update_read(AemuDevice *d, uint32_t dw)
{
    int pipe = pipe_of(dw, mmGRPH_UPDATE, dcp_off);
    uint32_t v = d->regs[dw] & ~GRPH_UPDATE__GRPH_SURFACE_UPDATE_PENDING_MASK;

    if (dce(d)->crtc[pipe].flip_pending) {
        v |= GRPH_UPDATE__GRPH_SURFACE_UPDATE_PENDING_MASK;
    }
    return v;
}

static void grph_update_write(AemuDevice *d, uint32_t dw, uint32_t value)
{
    int pipe = pipe_of(dw, mmGRPH_UPDATE, dcp_off);

    d->regs[dw] = value & ~GRPH_UPDATE__GRPH_SURFACE_UPDATE_PENDING_MASK;
    flip_try_now(d, pipe, &dce(d)->crtc[pipe]);
    schedule(d, dce(d));
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
        uint32_t c = crtc_off[i], g = dcp_off[i];

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
        if (aemu_state_loading(io)) {
            crtc_timing(d, i, &s->crtc[i]);
        }
    }
    AEMU_STATE(io, s->last_run_ns);
    if (aemu_state_loading(io)) {
        /* The host takes a new surface from the restored registers. */
        s->shown_valid = false;
        s->generation++;
        s->refused_pipe = -1;
        schedule(d, s);
    }
}

/* ---- scanout ------------------------------------------------------------ */

unsigned aemu_pixel_format_bpp(AemuPixelFormat f)
{
    switch (f) {
    case AEMU_PIXEL_RGB565:
    case AEMU_PIXEL_XRGB1555:
        return 2;
    default:
        return 4;
    }
}

static bool grph_format(uint32_t control, uint32_t swap, AemuPixelFormat *f)
{
    uint32_t depth = AEMU_REG_GET(control, GRPH_CONTROL, GRPH_DEPTH);
    uint32_t format = AEMU_REG_GET(control, GRPH_CONTROL, GRPH_FORMAT);
    bool rb_swapped =
        AEMU_REG_GET(swap, GRPH_SWAP_CNTL, GRPH_RED_CROSSBAR) ==
            GRPH_CROSSBAR_SWAP_RB &&
        AEMU_REG_GET(swap, GRPH_SWAP_CNTL, GRPH_BLUE_CROSSBAR) ==
            GRPH_CROSSBAR_SWAP_RB;

    if (depth == GRPH_DEPTH_32BPP && format == GRPH_FORMAT_ARGB8888) {
        *f = rb_swapped ? AEMU_PIXEL_XBGR8888 : AEMU_PIXEL_XRGB8888;
    } else if (depth == GRPH_DEPTH_32BPP &&
               format == GRPH_FORMAT_ARGB2101010 && !rb_swapped) {
        *f = AEMU_PIXEL_XRGB2101010;
    } else if (depth == GRPH_DEPTH_16BPP && format == GRPH_FORMAT_RGB565) {
        *f = AEMU_PIXEL_RGB565;
    } else if (depth == GRPH_DEPTH_16BPP &&
               format == GRPH_FORMAT_ARGB1555) {
        *f = AEMU_PIXEL_XRGB1555;
    } else {
        return false;
    }
    return true;
}

/* The pipe's plane as a host surface; why not in *why. */
static bool pipe_scanout(AemuDevice *d, int pipe, AemuScanout *o,
                         const char **why, bool *guest_fault)
{
    uint32_t control = grph_reg(d, pipe, mmGRPH_CONTROL);
    uint32_t x0 = AEMU_REG_GET(grph_reg(d, pipe, mmGRPH_X_START),
                               GRPH_X_START, GRPH_X_START);
    uint32_t y0 = AEMU_REG_GET(grph_reg(d, pipe, mmGRPH_Y_START),
                               GRPH_Y_START, GRPH_Y_START);
    uint32_t x1 = AEMU_REG_GET(grph_reg(d, pipe, mmGRPH_X_END),
                               GRPH_X_END, GRPH_X_END);
    uint32_t y1 = AEMU_REG_GET(grph_reg(d, pipe, mmGRPH_Y_END),
                               GRPH_Y_END, GRPH_Y_END);
    uint32_t pitch_px = AEMU_REG_GET(grph_reg(d, pipe, mmGRPH_PITCH),
                                     GRPH_PITCH, GRPH_PITCH);
    uint64_t mc = (uint64_t)grph_reg(d, pipe,
                                     mmGRPH_SURFACE_ADDRESS_HIGH_INUSE) << 32 |
                  grph_reg(d, pipe, mmGRPH_SURFACE_ADDRESS_INUSE);
    uint32_t fb = d->regs[mmMC_VM_FB_LOCATION];
    uint64_t fb_base = (uint64_t)AEMU_REG_GET(fb, MC_VM_FB_LOCATION, FB_BASE)
                       << FB_LOCATION_SHIFT;
    uint64_t fb_end = ((uint64_t)AEMU_REG_GET(fb, MC_VM_FB_LOCATION, FB_TOP)
                       + 1) << FB_LOCATION_SHIFT;
    unsigned bpp;
    uint64_t first, span;

    *guest_fault = false;
    if (AEMU_REG_GET(control, GRPH_CONTROL, GRPH_ARRAY_MODE) >
        GRPH_ARRAY_LINEAR_ALIGNED) {
        *why = "tiled surface (only linear scanout is modelled)";
        return false;
    }
    if (!grph_format(control, grph_reg(d, pipe, mmGRPH_SWAP_CNTL),
                     &o->format)) {
        *why = "pixel format not modelled";
        return false;
    }
    *guest_fault = true;
    bpp = aemu_pixel_format_bpp(o->format);
    if (x1 <= x0 || y1 <= y0 || x1 > GRPH_MAX_EXTENT ||
        y1 > GRPH_MAX_EXTENT) {
        *why = "empty or oversized GRPH_X/Y_START..END";
        return false;
    }
    o->width = x1 - x0;
    o->height = y1 - y0;
    o->pitch = pitch_px * bpp;
    if (pitch_px < x1) {
        *why = "GRPH_PITCH narrower than the surface";
        return false;
    }
    if (mc < fb_base || mc >= fb_end) {
        *why = "surface address outside the VRAM aperture";
        return false;
    }
    first = mc - fb_base + (uint64_t)y0 * o->pitch + (uint64_t)x0 * bpp;
    span = (uint64_t)o->pitch * (o->height - 1) + (uint64_t)o->width * bpp;
    if (first >= d->vram_size || span > d->vram_size - first) {
        *why = "surface runs past the end of VRAM";
        return false;
    }
    o->vram_offset = first;
    return true;
}

static bool same_scanout(const AemuScanout *a, const AemuScanout *b)
{
    return a->vram_offset == b->vram_offset && a->width == b->width &&
           a->height == b->height && a->pitch == b->pitch &&
           a->format == b->format;
}

bool aemu_display_scanout(AemuDevice *d, AemuScanout *out)
{
    DceState *s = dce(d);
    AemuScanout o = { 0 };
    bool found = false;

    if (!s) {
        return false;
    }
    for (int i = 0; i < DCE_NUM_PIPES && !found; i++) {
        const char *why = NULL;
        bool fault;

        if (!s->crtc[i].running ||
            (crtc_reg(d, i, mmCRTC_BLANK_CONTROL) &
             CRTC_BLANK_CONTROL__CRTC_CURRENT_BLANK_STATE_MASK) ||
            !(grph_reg(d, i, mmGRPH_ENABLE) & GRPH_ENABLE__GRPH_ENABLE_MASK)) {
            continue;
        }
        found = pipe_scanout(d, i, &o, &why, &fault);
        if (!found && s->refused_pipe != i) {
            /* Once per refusal, not once per screen refresh. */
            s->refused_pipe = i;
            if (fault) {
                aemu_guest_error(d, "dce: pipe %d not shown: %s", i, why);
            } else {
                aemu_unimp(d, "dce: pipe %d not shown: %s", i, why);
            }
        }
        if (found) {
            s->refused_pipe = -1;
        }
    }
    if (!found) {
        s->shown_valid = false;
        return false;
    }
    if (!s->shown_valid || !same_scanout(&o, &s->shown)) {
        s->generation++;
        s->shown = o;
        s->shown_valid = true;
    }
    o.generation = s->generation;
    *out = o;
    return true;
}

const AemuIpBlockFuncs aemu_dce_v8_funcs = {
    .name = "dce_v8_0",
    .type = AEMU_BLOCK_DCE,
    .major = 8, .minor = 5,
    .priv_size = sizeof(DceState),
    .init = dce_init,
    .reset = dce_reset,
    .state = dce_state,
    .state_version = 1,
};
