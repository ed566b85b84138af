/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * amdgpu-emu core: the hardware cursor of a DCE 8.0 pipe (the DCP's CUR_*
 * registers), as the host's console shows it.
 *
 * What the drivers program (DC's dce_ipp_cursor_set_attributes/_position,
 * radeon's and dce_v8_0's cursor code): CUR_CONTROL (enable, mode, 2x
 * magnify), CUR_SIZE (width - 1, height - 1, up to 128), the image's MC
 * address in CUR_SURFACE_ADDRESS(_HIGH), CUR_POSITION on the pipe's active
 * area and CUR_HOT_SPOT, the pixel of the image that position names: the
 * image's top-left lands at position - hot spot, which is how a cursor
 * hangs off the left or top edge. The image is packed ARGB8888, one dword
 * a pixel, a line of width pixels after the other (the DCE cursor has no
 * pitch register).
 *
 * CUR_UPDATE.CURSOR_UPDATE_LOCK: the drivers lock, program several
 * registers and unlock, so that the screen never shows half of an update.
 * The model shows the values of the moment the lock was taken until it is
 * released, then the new ones at once (a board takes them at the next
 * frame; the difference is less than a frame and nothing reads it back);
 * CURSOR_UPDATE_PENDING reads 1 while locked values wait.
 *
 * Modes: 2 (premultiplied alpha: what DC and radeon program for DRM's
 * ARGB8888 cursors) and 3 (straight alpha) are drawn; the monochrome and
 * 1-bit-AND modes are reported as unimplemented and not drawn.
 */
#include "dce_v8.h"
#include "state.h"
#include "amdgpu-emu/regs/cik_regs.h"
#include "amdgpu-emu/regs/cik_fields.h"

/* CUR_CONTROL.CURSOR_MODE (dce_ipp.c). */
#define CURSOR_MODE_MONO                0
#define CURSOR_MODE_COLOR_1BIT_AND      1
#define CURSOR_MODE_PRE_MULTIPLIED      2
#define CURSOR_MODE_UN_PRE_MULTIPLIED   3
#define CURSOR_BYTES_PER_PIXEL          4
#define ALPHA_MAX                       255u

/* The registers a lock holds back, in DceCursor.held's order. */
static const uint32_t cursor_regs[DCE_CURSOR_HELD] = {
    mmCUR_CONTROL, mmCUR_SIZE, mmCUR_SURFACE_ADDRESS,
    mmCUR_SURFACE_ADDRESS_HIGH, mmCUR_POSITION, mmCUR_HOT_SPOT,
};
enum { HELD_CONTROL, HELD_SIZE, HELD_ADDR, HELD_ADDR_HIGH, HELD_POS, HELD_HOT };

static int cursor_pipe(uint32_t dw)
{
    for (int i = 0; i < DCE_NUM_PIPES; i++) {
        if (dw == mmCUR_UPDATE + aemu_dce_v8_dcp_off[i]) {
            return i;
        }
    }
    return -1;
}

static bool held_differ(AemuDevice *d, int pipe, const DceCursor *c)
{
    for (int r = 0; r < DCE_CURSOR_HELD; r++) {
        if (c->held[r] != grph_reg(d, pipe, cursor_regs[r])) {
            return true;
        }
    }
    return false;
}

static void cur_update_write(AemuDevice *d, uint32_t dw, uint32_t value)
{
    int pipe = cursor_pipe(dw);
    DceCursor *c = &dce_v8_state(d)->cursor[pipe];
    bool lock = value & CUR_UPDATE__CURSOR_UPDATE_LOCK_MASK;

    if (lock && !c->locked) {
        /* What the screen shows until the lock is released. */
        for (int r = 0; r < DCE_CURSOR_HELD; r++) {
            c->held[r] = grph_reg(d, pipe, cursor_regs[r]);
        }
    }
    c->locked = lock;
    /* PENDING and TAKEN are the hardware's to set. */
    d->regs[dw] = value & ~(CUR_UPDATE__CURSOR_UPDATE_PENDING_MASK |
                            CUR_UPDATE__CURSOR_UPDATE_TAKEN_MASK);
}

static uint32_t cur_update_read(AemuDevice *d, uint32_t dw)
{
    int pipe = cursor_pipe(dw);
    const DceCursor *c = &dce_v8_state(d)->cursor[pipe];
    uint32_t v = d->regs[dw];

    if (c->locked && held_differ(d, pipe, c)) {
        v |= CUR_UPDATE__CURSOR_UPDATE_PENDING_MASK;
    }
    return v;
}

static const AemuRegHandler h_cur_update = {
    .block = "dce", .read = cur_update_read, .write = cur_update_write,
};

void dce_v8_cursor_init(AemuDevice *d)
{
    for (int i = 0; i < DCE_NUM_PIPES; i++) {
        aemu_reg_claim(d, mmCUR_UPDATE + aemu_dce_v8_dcp_off[i],
                       &h_cur_update);
    }
}

void dce_v8_cursor_reset(DceState *s)
{
    memset(s->cursor, 0, sizeof(s->cursor));
    s->cursor_refused = -1;
}

void dce_v8_cursor_state(DceState *s, AemuStateIo *io)
{
    for (int i = 0; i < DCE_NUM_PIPES; i++) {
        AEMU_STATE_BOOL(io, s->cursor[i].locked);
        AEMU_STATE(io, s->cursor[i].held);
    }
    if (aemu_state_loading(io)) {
        s->cursor_refused = -1;
    }
}

/* The register as the screen sees it: held back by a lock, or current. */
static uint32_t shown(AemuDevice *d, int pipe, int held)
{
    const DceCursor *c = &dce_v8_state(d)->cursor[pipe];

    return c->locked ? c->held[held] : grph_reg(d, pipe, cursor_regs[held]);
}

/* The pipe's cursor, checked; why not drawn in *why (NULL: simply off). */
static bool pipe_cursor(AemuDevice *d, int pipe, AemuCursor *o,
                        const char **why, bool *guest_fault)
{
    uint32_t control = shown(d, pipe, HELD_CONTROL);
    uint32_t size = shown(d, pipe, HELD_SIZE);
    uint32_t pos = shown(d, pipe, HELD_POS);
    uint32_t hot = shown(d, pipe, HELD_HOT);
    uint32_t mode = AEMU_REG_GET(control, CUR_CONTROL, CURSOR_MODE);
    uint64_t mc = (uint64_t)AEMU_REG_GET(shown(d, pipe, HELD_ADDR_HIGH),
                                         CUR_SURFACE_ADDRESS_HIGH,
                                         CURSOR_SURFACE_ADDRESS_HIGH) << 32 |
                  shown(d, pipe, HELD_ADDR);
    uint64_t bytes;

    *why = NULL;
    *guest_fault = false;
    if (!(control & CUR_CONTROL__CURSOR_EN_MASK)) {
        return false;
    }
    if (mode != CURSOR_MODE_PRE_MULTIPLIED &&
        mode != CURSOR_MODE_UN_PRE_MULTIPLIED) {
        *why = mode == CURSOR_MODE_MONO ? "monochrome cursor not modelled"
                                        : "1-bit AND cursor not modelled";
        return false;
    }
    o->premultiplied = mode == CURSOR_MODE_PRE_MULTIPLIED;
    o->width = AEMU_REG_GET(size, CUR_SIZE, CURSOR_WIDTH) + 1;
    o->height = AEMU_REG_GET(size, CUR_SIZE, CURSOR_HEIGHT) + 1;
    o->scale = control & CUR_CONTROL__CURSOR_2X_MAGNIFY_MASK ? 2 : 1;
    o->x = (int32_t)AEMU_REG_GET(pos, CUR_POSITION, CURSOR_X_POSITION) -
           (int32_t)AEMU_REG_GET(hot, CUR_HOT_SPOT, CURSOR_HOT_SPOT_X);
    o->y = (int32_t)AEMU_REG_GET(pos, CUR_POSITION, CURSOR_Y_POSITION) -
           (int32_t)AEMU_REG_GET(hot, CUR_HOT_SPOT, CURSOR_HOT_SPOT_Y);
    *guest_fault = true;
    bytes = (uint64_t)o->width * o->height * CURSOR_BYTES_PER_PIXEL;
    if (!dce_v8_vram_offset(d, mc, &o->vram_offset)) {
        *why = "cursor address outside the VRAM aperture";
        return false;
    }
    if (!dce_v8_in_vram(d, o->vram_offset, bytes)) {
        *why = "cursor image runs past the end of VRAM";
        return false;
    }
    return true;
}

void dce_v8_cursor_scanout(AemuDevice *d, int pipe, AemuCursor *out)
{
    DceState *s = dce_v8_state(d);
    const char *why;
    bool fault;

    memset(out, 0, sizeof(*out));
    out->enabled = pipe_cursor(d, pipe, out, &why, &fault);
    if (out->enabled || !why) {
        s->cursor_refused = -1;
    } else if (s->cursor_refused != pipe) {
        /* Once per refusal, not once per screen refresh. */
        s->cursor_refused = pipe;
        if (fault) {
            aemu_guest_error(d, "dce: pipe %d cursor not shown: %s", pipe,
                             why);
        } else {
            aemu_unimp(d, "dce: pipe %d cursor not shown: %s", pipe, why);
        }
    }
    if (!out->enabled) {
        memset(out, 0, sizeof(*out));
    }
}

static uint32_t blend_channel(uint32_t src, uint32_t dst, uint32_t a,
                              bool premultiplied)
{
    uint32_t v;

    if (premultiplied) {
        /* The colour already carries its alpha; a bad one saturates. */
        v = src + (dst * (ALPHA_MAX - a) + ALPHA_MAX / 2) / ALPHA_MAX;
    } else {
        v = (src * a + dst * (ALPHA_MAX - a) + ALPHA_MAX / 2) / ALPHA_MAX;
    }
    return v > ALPHA_MAX ? ALPHA_MAX : v;
}

static uint32_t blend(uint32_t argb, uint32_t xrgb, bool premultiplied)
{
    uint32_t a = argb >> 24, out = 0;

    for (unsigned shift = 0; shift < 24; shift += 8) {
        out |= blend_channel(argb >> shift & 0xff, xrgb >> shift & 0xff, a,
                             premultiplied) << shift;
    }
    return out;
}

void aemu_display_draw_cursor(AemuDevice *d, const AemuScanout *so,
                              uint32_t *xrgb, size_t stride)
{
    const AemuCursor *c = &so->cursor;
    int64_t w, h;

    if (!c->enabled || c->scale == 0) {
        return;
    }
    w = (int64_t)c->width * c->scale;
    h = (int64_t)c->height * c->scale;
    for (int64_t cy = 0; cy < h; cy++) {
        int64_t y = c->y + cy;
        uint32_t *line;

        if (y < 0 || y >= so->height) {
            continue;
        }
        line = (uint32_t *)((uint8_t *)xrgb + (size_t)y * stride);
        for (int64_t cx = 0; cx < w; cx++) {
            int64_t x = c->x + cx;
            uint64_t at = c->vram_offset + ((uint64_t)(cy / c->scale) *
                          c->width + cx / c->scale) * CURSOR_BYTES_PER_PIXEL;
            uint32_t argb;

            if (x < 0 || x >= so->width) {
                continue;
            }
            memcpy(&argb, d->vram + at, sizeof(argb));
            line[x] = blend(GUINT32_FROM_LE(argb), line[x], c->premultiplied);
        }
    }
}
