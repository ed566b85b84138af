/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Unit tests of the DCE 8 display engine (core/dce_v8.c) on the standalone
 * host: the init-time answers DC waits for, the raster in virtual time
 * (position, vblank, frame counter), the vertical interrupt and the page
 * flip with their IVs, and the scanout a host is given, bounds-checked
 * against VRAM.
 */
#include <string.h>
#include "aemu-host.h"
#include "aemu-internal.h"
#include "amdgpu-emu/regs/cik_regs.h"
#include "amdgpu-emu/regs/cik_fields.h"

#define MiB (1024ull * 1024ull)
#define VRAM_SIZE (64 * MiB)

/* A 1080p CEA mode's totals (as DC would have the VBIOS program them). */
#define H_TOTAL 2200u
#define V_TOTAL 1125u
#define V_BLANK_START 1084u     /* 1080 active + 4 front porch */
#define V_BLANK_END 41u         /* 5 sync + 36 back porch */
#define VINT_LINE 1084u
/* The model's nominal frame while the pixel clock is not modelled. */
#define FRAME_NS (1000000000ull / 60 / V_TOTAL * V_TOTAL)
#define LINE_NS (FRAME_NS / V_TOTAL)

#define SRCID_D1_GRPH_PFLIP 8
#define SRCID_D1_VINT0 19
#define SRCID_D1_VBLANK_VLINE 1     /* radeon's LB vblank (cik_irq_process) */

/* CRTC1 and DCP1 sit at these offsets from pipe 0 (cikd.h). */
#define PIPE1_CRTC (mmCRTC1_CRTC_CONTROL - mmCRTC_CONTROL)
#define PIPE1_DCP (mmDCP1_GRPH_ENABLE - mmGRPH_ENABLE)

static GArray *ivs;

static void capture_iv(AemuDevice *d, const AemuIvEntry *iv)
{
    (void)d;
    g_array_append_val(ivs, iv->src_id);
}

static unsigned count_iv(uint8_t src)
{
    unsigned n = 0;

    for (guint i = 0; i < ivs->len; i++) {
        n += g_array_index(ivs, uint8_t, i) == src;
    }
    return n;
}

static AemuTestHost *setup(void)
{
    AemuTestHost *h = aemu_test_host_new("hawaii", VRAM_SIZE, 16 * MiB);

    ivs = g_array_new(false, false, 1);
    h->dev->ih_submit = capture_iv;
    return h;
}

static void teardown(AemuTestHost *h)
{
    g_array_free(ivs, true);
    aemu_test_host_free(h);
}

/* Program pipe (offset c) with the 1080p totals and start it. */
static void crtc_start(AemuTestHost *h, uint32_t c)
{
    aemu_test_wreg(h, mmCRTC_H_TOTAL + c, H_TOTAL - 1);
    aemu_test_wreg(h, mmCRTC_V_TOTAL + c, V_TOTAL - 1);
    aemu_test_wreg(h, mmCRTC_V_BLANK_START_END + c,
                   V_BLANK_START | V_BLANK_END << 16);
    aemu_test_wreg(h, mmCRTC_CONTROL + c, CRTC_CONTROL__CRTC_MASTER_EN_MASK);
}

static uint32_t vert_count(AemuTestHost *h, uint32_t c)
{
    return AEMU_REG_GET(aemu_test_rreg(h, mmCRTC_STATUS_POSITION + c),
                        CRTC_STATUS_POSITION, CRTC_VERT_COUNT);
}

/* What DC's init_hw and dce_mi_allocate_dmif wait for, and the DMCU. */
static void test_init_answers(void)
{
    AemuTestHost *h = setup();

    g_assert_cmphex(aemu_test_rreg(h, mmDMCU_STATUS) &
                    DMCU_STATUS__UC_IN_RESET_MASK, ==,
                    DMCU_STATUS__UC_IN_RESET_MASK);
    for (uint32_t c = 0; c <= PIPE1_CRTC; c += PIPE1_CRTC) {
        aemu_test_wreg(h, mmCRTC_BLANK_CONTROL + c,
                       CRTC_BLANK_CONTROL__CRTC_BLANK_DATA_EN_MASK);
        g_assert_cmphex(aemu_test_rreg(h, mmCRTC_BLANK_CONTROL + c), ==,
                        CRTC_BLANK_CONTROL__CRTC_BLANK_DATA_EN_MASK |
                        CRTC_BLANK_CONTROL__CRTC_CURRENT_BLANK_STATE_MASK);
        aemu_test_wreg(h, mmCRTC_BLANK_CONTROL + c, 0);
        g_assert_cmphex(aemu_test_rreg(h, mmCRTC_BLANK_CONTROL + c), ==, 0);
    }
    aemu_test_wreg(h, mmPIPE3_DMIF_BUFFER_CONTROL, 2);
    g_assert_cmphex(aemu_test_rreg(h, mmPIPE3_DMIF_BUFFER_CONTROL), ==,
                    2 | PIPE0_DMIF_BUFFER_CONTROL__DMIF_BUFFERS_ALLOCATION_COMPLETED_MASK);
    /* A stopped timing generator neither moves nor fires. */
    aemu_test_host_advance(h, FRAME_NS * 3);
    g_assert_cmpuint(aemu_test_rreg(h, mmCRTC_STATUS_POSITION), ==, 0);
    g_assert_cmpuint(aemu_test_rreg(h, mmCRTC_STATUS_FRAME_COUNT), ==, 0);
    g_assert_cmpuint(h->timer_deadline, ==, UINT64_MAX);
    teardown(h);
}

/* Position, vblank and frame count follow virtual time and the totals. */
static void test_raster(void)
{
    AemuTestHost *h = setup();
    uint32_t pos1, pos2;

    crtc_start(h, 0);
    g_assert_cmphex(aemu_test_rreg(h, mmCRTC_CONTROL) &
                    CRTC_CONTROL__CRTC_CURRENT_MASTER_EN_STATE_MASK, !=, 0);
    g_assert_cmpuint(vert_count(h, 0), ==, 0);
    /* Line 0 is inside vblank (it ends at line 41). */
    g_assert_cmphex(aemu_test_rreg(h, mmCRTC_STATUS) &
                    CRTC_STATUS__CRTC_V_BLANK_MASK, !=, 0);
    aemu_test_host_advance(h, LINE_NS * 500 + LINE_NS / 2);
    g_assert_cmpuint(vert_count(h, 0), ==, 500);
    g_assert_cmphex(aemu_test_rreg(h, mmCRTC_STATUS) &
                    CRTC_STATUS__CRTC_V_BLANK_MASK, ==, 0);
    /* Half a line: the horizontal count is near the middle. */
    g_assert_cmpuint(AEMU_REG_GET(aemu_test_rreg(h, mmCRTC_STATUS_POSITION),
                                  CRTC_STATUS_POSITION, CRTC_HORZ_COUNT),
                     ==, H_TOTAL / 2);
    /* DC's "counter moving": two reads a microsecond apart differ. */
    pos1 = aemu_test_rreg(h, mmCRTC_STATUS_POSITION);
    aemu_test_host_advance(h, 1000);
    pos2 = aemu_test_rreg(h, mmCRTC_STATUS_POSITION);
    g_assert_cmphex(pos1, !=, pos2);
    g_assert_cmpuint(aemu_test_rreg(h, mmCRTC_STATUS_FRAME_COUNT), ==, 0);
    /* The count moves at the vblank start line, once per frame. */
    aemu_test_host_advance(h, LINE_NS * (V_BLANK_START - 500));
    g_assert_cmpuint(vert_count(h, 0), ==, V_BLANK_START);
    g_assert_cmpuint(aemu_test_rreg(h, mmCRTC_STATUS_FRAME_COUNT), ==, 1);
    g_assert_cmphex(aemu_test_rreg(h, mmCRTC_STATUS) &
                    CRTC_STATUS__CRTC_V_BLANK_MASK, !=, 0);
    aemu_test_host_advance(h, FRAME_NS * 10);
    g_assert_cmpuint(aemu_test_rreg(h, mmCRTC_STATUS_FRAME_COUNT), ==, 11);
    /* Stopped, it keeps its count; restarted, it counts on from there. */
    aemu_test_wreg(h, mmCRTC_CONTROL, 0);
    g_assert_cmphex(aemu_test_rreg(h, mmCRTC_CONTROL) &
                    CRTC_CONTROL__CRTC_CURRENT_MASTER_EN_STATE_MASK, ==, 0);
    aemu_test_host_advance(h, FRAME_NS * 5);
    g_assert_cmpuint(aemu_test_rreg(h, mmCRTC_STATUS_FRAME_COUNT), ==, 11);
    aemu_test_wreg(h, mmCRTC_CONTROL, CRTC_CONTROL__CRTC_MASTER_EN_MASK);
    aemu_test_host_advance(h, FRAME_NS * 2);
    g_assert_cmpuint(aemu_test_rreg(h, mmCRTC_STATUS_FRAME_COUNT), ==, 13);
    teardown(h);
}

/* One vblank IV per frame at the programmed line, on the pipe's src id. */
static void test_vblank_interrupt(void)
{
    AemuTestHost *h = setup();
    const uint32_t en =
        CRTC_VERTICAL_INTERRUPT0_CONTROL__CRTC_VERTICAL_INTERRUPT0_INT_ENABLE_MASK;
    uint64_t t0;

    crtc_start(h, PIPE1_CRTC);
    t0 = h->now_ns;
    aemu_test_wreg(h, mmCRTC_VERTICAL_INTERRUPT0_POSITION + PIPE1_CRTC,
                   VINT_LINE);
    aemu_test_wreg(h, mmCRTC_VERTICAL_INTERRUPT0_CONTROL + PIPE1_CRTC, en);
    /* The timer is armed for the line, not polled. */
    g_assert_cmpuint(h->timer_deadline, ==, t0 + LINE_NS * VINT_LINE);
    aemu_test_host_advance(h, LINE_NS * VINT_LINE - 1);
    g_assert_cmpuint(ivs->len, ==, 0);
    aemu_test_host_advance(h, 1);
    g_assert_cmpuint(count_iv(SRCID_D1_VINT0 + 1), ==, 1);
    g_assert_cmphex(aemu_test_rreg(h, mmCRTC_VERTICAL_INTERRUPT0_CONTROL +
                                      PIPE1_CRTC) &
        CRTC_VERTICAL_INTERRUPT0_CONTROL__CRTC_VERTICAL_INTERRUPT0_INT_STATUS_MASK,
        !=, 0);
    /* The ack (DC's ack_reg/ack_value) clears the status. */
    aemu_test_wreg(h, mmCRTC_VERTICAL_INTERRUPT0_CONTROL + PIPE1_CRTC, en |
        CRTC_VERTICAL_INTERRUPT0_CONTROL__CRTC_VERTICAL_INTERRUPT0_CLEAR_MASK);
    g_assert_cmphex(aemu_test_rreg(h, mmCRTC_VERTICAL_INTERRUPT0_CONTROL +
                                      PIPE1_CRTC), ==, en);
    /* 60 frames: 60 more, at 60 Hz of virtual time. */
    aemu_test_host_advance(h, FRAME_NS * 60);
    g_assert_cmpuint(count_iv(SRCID_D1_VINT0 + 1), ==, 61);
    g_assert_cmpuint(count_iv(SRCID_D1_VINT0), ==, 0);
    /* Disabled: no more IVs, and no timer left running for nothing. */
    aemu_test_wreg(h, mmCRTC_VERTICAL_INTERRUPT0_CONTROL + PIPE1_CRTC, 0);
    aemu_test_host_advance(h, FRAME_NS * 2);
    g_assert_cmpuint(count_iv(SRCID_D1_VINT0 + 1), ==, 61);
    g_assert_cmpuint(h->timer_deadline, ==, UINT64_MAX);
    teardown(h);
}

/*
 * radeon's line-buffer vblank interrupt (cik_irq_set / cik_irq_ack): IV
 * src 1 + pipe at each vblank start while LB_INTERRUPT_MASK enables it,
 * VBLANK_INTERRUPT in LB_VBLANK_STATUS and the pipe's
 * DISP_INTERRUPT_STATUS* bit until VBLANK_ACK, nothing once masked.
 */
static void test_lb_vblank_interrupt(void)
{
    AemuTestHost *h = setup();
    const uint32_t lb1 = mmLB1_LB_INTERRUPT_MASK - mmLB_INTERRUPT_MASK;
    const uint32_t st = LB_VBLANK_STATUS__VBLANK_OCCURRED_MASK |
                        LB_VBLANK_STATUS__VBLANK_INTERRUPT_MASK;
    uint64_t t0;

    crtc_start(h, PIPE1_CRTC);
    t0 = h->now_ns;
    /* Half a frame later the mask is set: no vblank before counts. */
    aemu_test_host_advance(h, FRAME_NS / 2);
    g_assert_cmpuint(h->timer_deadline, ==, UINT64_MAX);
    aemu_test_wreg(h, mmLB_INTERRUPT_MASK + lb1,
                   LB_INTERRUPT_MASK__VBLANK_INTERRUPT_MASK_MASK);
    g_assert_cmpuint(h->timer_deadline, ==, t0 + LINE_NS * V_BLANK_START);
    aemu_test_host_advance(h, t0 + LINE_NS * V_BLANK_START - 1 - h->now_ns);
    g_assert_cmpuint(ivs->len, ==, 0);
    g_assert_cmphex(aemu_test_rreg(h, mmDISP_INTERRUPT_STATUS_CONTINUE), ==, 0);
    aemu_test_host_advance(h, 1);
    g_assert_cmpuint(count_iv(SRCID_D1_VBLANK_VLINE + 1), ==, 1);
    g_assert_cmphex(aemu_test_rreg(h, mmLB_VBLANK_STATUS + lb1) & st, ==, st);
    /* cik_irq_ack: D2's bit in DISP_INTERRUPT_STATUS_CONTINUE only. */
    g_assert_cmphex(aemu_test_rreg(h, mmDISP_INTERRUPT_STATUS_CONTINUE), ==,
                    DISP_INTERRUPT_STATUS_CONTINUE__LB_D2_VBLANK_INTERRUPT_MASK);
    g_assert_cmphex(aemu_test_rreg(h, mmDISP_INTERRUPT_STATUS) &
                    DISP_INTERRUPT_STATUS__LB_D1_VBLANK_INTERRUPT_MASK, ==, 0);
    aemu_test_wreg(h, mmLB_VBLANK_STATUS + lb1,
                   LB_VBLANK_STATUS__VBLANK_ACK_MASK);
    g_assert_cmphex(aemu_test_rreg(h, mmLB_VBLANK_STATUS + lb1), ==, 0);
    g_assert_cmphex(aemu_test_rreg(h, mmDISP_INTERRUPT_STATUS_CONTINUE), ==, 0);
    /* A guest cannot set the status bits itself. */
    aemu_test_wreg(h, mmLB_VBLANK_STATUS + lb1, st);
    g_assert_cmphex(aemu_test_rreg(h, mmLB_VBLANK_STATUS + lb1) & st, ==, 0);
    /* 60 frames: 60 more, at 60 Hz of virtual time; none on pipe 0. */
    aemu_test_host_advance(h, FRAME_NS * 60);
    g_assert_cmpuint(count_iv(SRCID_D1_VBLANK_VLINE + 1), ==, 61);
    g_assert_cmpuint(count_iv(SRCID_D1_VBLANK_VLINE), ==, 0);
    /* Masked: no more IVs and no timer. */
    aemu_test_wreg(h, mmLB_INTERRUPT_MASK + lb1, 0);
    aemu_test_host_advance(h, FRAME_NS * 2);
    g_assert_cmpuint(count_iv(SRCID_D1_VBLANK_VLINE + 1), ==, 61);
    g_assert_cmpuint(h->timer_deadline, ==, UINT64_MAX);
    teardown(h);
}

/* A flip is pending until vblank starts, then taken with its IV. */
static void test_flip(void)
{
    AemuTestHost *h = setup();
    const uint32_t pending = GRPH_UPDATE__GRPH_SURFACE_UPDATE_PENDING_MASK;

    aemu_test_wreg(h, mmGRPH_INTERRUPT_CONTROL,
                   GRPH_INTERRUPT_CONTROL__GRPH_PFLIP_INT_MASK_MASK);
    /* Stopped: the address is taken at once. */
    aemu_test_wreg(h, mmGRPH_PRIMARY_SURFACE_ADDRESS_HIGH, 0);
    aemu_test_wreg(h, mmGRPH_PRIMARY_SURFACE_ADDRESS, 0x100000);
    g_assert_cmphex(aemu_test_rreg(h, mmGRPH_SURFACE_ADDRESS_INUSE), ==,
                    0x100000);
    g_assert_cmpuint(count_iv(SRCID_D1_GRPH_PFLIP), ==, 1);
    aemu_test_wreg(h, mmGRPH_INTERRUPT_STATUS,
                   GRPH_INTERRUPT_STATUS__GRPH_PFLIP_INT_CLEAR_MASK);
    g_assert_cmphex(aemu_test_rreg(h, mmGRPH_INTERRUPT_STATUS), ==, 0);

    crtc_start(h, 0);
    aemu_test_host_advance(h, LINE_NS * 100);
    aemu_test_wreg(h, mmGRPH_PRIMARY_SURFACE_ADDRESS, 0x200000);
    g_assert_cmphex(aemu_test_rreg(h, mmGRPH_UPDATE) & pending, ==, pending);
    g_assert_cmphex(aemu_test_rreg(h, mmGRPH_SURFACE_ADDRESS_INUSE), ==,
                    0x100000);
    aemu_test_host_advance(h, LINE_NS * (V_BLANK_START - 100) - 1);
    g_assert_cmphex(aemu_test_rreg(h, mmGRPH_UPDATE) & pending, ==, pending);
    aemu_test_host_advance(h, 1);
    g_assert_cmphex(aemu_test_rreg(h, mmGRPH_UPDATE) & pending, ==, 0);
    g_assert_cmphex(aemu_test_rreg(h, mmGRPH_SURFACE_ADDRESS_INUSE), ==,
                    0x200000);
    g_assert_cmpuint(count_iv(SRCID_D1_GRPH_PFLIP), ==, 2);

    /* GRPH_UPDATE_LOCK holds it across vblanks; the unlock lets it go. */
    aemu_test_wreg(h, mmGRPH_UPDATE, GRPH_UPDATE__GRPH_UPDATE_LOCK_MASK);
    aemu_test_wreg(h, mmGRPH_PRIMARY_SURFACE_ADDRESS, 0x300000);
    aemu_test_host_advance(h, FRAME_NS * 3);
    g_assert_cmphex(aemu_test_rreg(h, mmGRPH_SURFACE_ADDRESS_INUSE), ==,
                    0x200000);
    aemu_test_wreg(h, mmGRPH_UPDATE, 0);
    aemu_test_host_advance(h, FRAME_NS);
    g_assert_cmphex(aemu_test_rreg(h, mmGRPH_SURFACE_ADDRESS_INUSE), ==,
                    0x300000);
    g_assert_cmpuint(count_iv(SRCID_D1_GRPH_PFLIP), ==, 3);

    /* Immediate mode (h-retrace): taken at once, even while running. */
    aemu_test_wreg(h, mmGRPH_FLIP_CONTROL,
                   GRPH_FLIP_CONTROL__GRPH_SURFACE_UPDATE_H_RETRACE_EN_MASK);
    aemu_test_wreg(h, mmGRPH_PRIMARY_SURFACE_ADDRESS, 0x400000);
    g_assert_cmphex(aemu_test_rreg(h, mmGRPH_SURFACE_ADDRESS_INUSE), ==,
                    0x400000);
    /* Masked: taken without an IV. */
    aemu_test_wreg(h, mmGRPH_INTERRUPT_CONTROL, 0);
    aemu_test_wreg(h, mmGRPH_PRIMARY_SURFACE_ADDRESS, 0x500000);
    g_assert_cmpuint(count_iv(SRCID_D1_GRPH_PFLIP), ==, 4);
    teardown(h);
}

/* Program pipe 0's plane (XRGB8888 at a VRAM offset) and let it flip. */
static void plane(AemuTestHost *h, uint64_t offset, uint32_t w, uint32_t hgt,
                  uint32_t pitch_px)
{
    aemu_test_wreg(h, mmGRPH_CONTROL,
                   2u << GRPH_CONTROL__GRPH_DEPTH__SHIFT);
    aemu_test_wreg(h, mmGRPH_PITCH, pitch_px);
    aemu_test_wreg(h, mmGRPH_X_START, 0);
    aemu_test_wreg(h, mmGRPH_Y_START, 0);
    aemu_test_wreg(h, mmGRPH_X_END, w);
    aemu_test_wreg(h, mmGRPH_Y_END, hgt);
    aemu_test_wreg(h, mmGRPH_PRIMARY_SURFACE_ADDRESS_HIGH,
                   (uint32_t)(offset >> 32));
    aemu_test_wreg(h, mmGRPH_PRIMARY_SURFACE_ADDRESS, (uint32_t)offset);
    aemu_test_wreg(h, mmGRPH_ENABLE, GRPH_ENABLE__GRPH_ENABLE_MASK);
    /* A running pipe takes the new address at its next vblank. */
    aemu_test_host_advance(h, FRAME_NS);
}

static void test_scanout(void)
{
    AemuTestHost *h = setup();
    AemuScanout so;
    uint64_t gen;

    /* Nothing running: dark. */
    g_assert_false(aemu_display_scanout(h->dev, &so));
    plane(h, 0x10000, 640, 480, 1024);
    g_assert_false(aemu_display_scanout(h->dev, &so));
    crtc_start(h, 0);
    g_assert_true(aemu_display_scanout(h->dev, &so));
    g_assert_cmpuint(so.vram_offset, ==, 0x10000);
    g_assert_cmpuint(so.width, ==, 640);
    g_assert_cmpuint(so.height, ==, 480);
    g_assert_cmpuint(so.pitch, ==, 4096);
    g_assert_cmpuint(so.format, ==, AEMU_PIXEL_XRGB8888);
    gen = so.generation;
    g_assert_true(aemu_display_scanout(h->dev, &so));
    g_assert_cmpuint(so.generation, ==, gen);
    /* Blanked: dark; unblanked, the same surface. */
    aemu_test_wreg(h, mmCRTC_BLANK_CONTROL,
                   CRTC_BLANK_CONTROL__CRTC_BLANK_DATA_EN_MASK);
    g_assert_false(aemu_display_scanout(h->dev, &so));
    aemu_test_wreg(h, mmCRTC_BLANK_CONTROL, 0);
    g_assert_true(aemu_display_scanout(h->dev, &so));
    /* ABGR: both crossbars swap red and blue. */
    aemu_test_wreg(h, mmGRPH_SWAP_CNTL,
                   2u << GRPH_SWAP_CNTL__GRPH_RED_CROSSBAR__SHIFT |
                   2u << GRPH_SWAP_CNTL__GRPH_BLUE_CROSSBAR__SHIFT);
    g_assert_true(aemu_display_scanout(h->dev, &so));
    g_assert_cmpuint(so.format, ==, AEMU_PIXEL_XBGR8888);
    g_assert_cmpuint(so.generation, !=, gen);
    aemu_test_wreg(h, mmGRPH_SWAP_CNTL, 0);

    /* The last byte of VRAM is reachable; one more line is not. */
    plane(h, VRAM_SIZE - 4096ull * 480, 640, 480, 1024);
    g_assert_true(aemu_display_scanout(h->dev, &so));
    plane(h, VRAM_SIZE - 4096ull * 479, 640, 480, 1024);
    g_assert_false(aemu_display_scanout(h->dev, &so));
    g_assert_cmpuint(h->guest_errors->len, ==, 1);
    /* Past the aperture entirely, a pitch narrower than a line, huge. */
    plane(h, 0xff00000000ull, 640, 480, 1024);
    g_assert_false(aemu_display_scanout(h->dev, &so));
    plane(h, 0, 640, 480, 320);
    g_assert_false(aemu_display_scanout(h->dev, &so));
    plane(h, 0, 0x7fff, 0x7fff, 0x7fff);
    g_assert_false(aemu_display_scanout(h->dev, &so));
    /* A tiled surface is not shown and says so (once). */
    plane(h, 0x10000, 640, 480, 1024);
    g_assert_true(aemu_display_scanout(h->dev, &so));
    aemu_test_wreg(h, mmGRPH_CONTROL, 2u << GRPH_CONTROL__GRPH_DEPTH__SHIFT |
                   4u << GRPH_CONTROL__GRPH_ARRAY_MODE__SHIFT);
    g_assert_false(aemu_display_scanout(h->dev, &so));
    g_assert_false(aemu_display_scanout(h->dev, &so));
    g_assert_cmpuint(h->unimps->len, ==, 1);
    teardown(h);
}

/* A snapshot carries the raster and a pending flip. */
static void test_state(void)
{
    AemuTestHost *h = setup();
    uint8_t *blob;
    size_t len;
    char *err = NULL;

    crtc_start(h, 0);
    aemu_test_host_advance(h, FRAME_NS * 3 + LINE_NS * 10);
    aemu_test_wreg(h, mmGRPH_PRIMARY_SURFACE_ADDRESS, 0x200000);
    g_assert_true(aemu_state_save(h->dev, &blob, &len, &err));
    aemu_device_reset(h->dev, AEMU_RESET_COLD);
    g_assert_cmpuint(aemu_test_rreg(h, mmCRTC_STATUS_FRAME_COUNT), ==, 0);
    g_assert_true(aemu_state_load(h->dev, blob, len, &err));
    aemu_state_free(blob);
    g_assert_cmpuint(aemu_test_rreg(h, mmCRTC_STATUS_FRAME_COUNT), ==, 3);
    g_assert_cmpuint(vert_count(h, 0), ==, 10);
    g_assert_cmphex(aemu_test_rreg(h, mmGRPH_UPDATE) &
                    GRPH_UPDATE__GRPH_SURFACE_UPDATE_PENDING_MASK, !=, 0);
    aemu_test_host_advance(h, FRAME_NS);
    g_assert_cmphex(aemu_test_rreg(h, mmGRPH_SURFACE_ADDRESS_INUSE), ==,
                    0x200000);
    teardown(h);
}

int main(int argc, char **argv)
{
    g_test_init(&argc, &argv, NULL);
    g_test_add_func("/dce-v8/init-answers", test_init_answers);
    g_test_add_func("/dce-v8/raster", test_raster);
    g_test_add_func("/dce-v8/vblank-interrupt", test_vblank_interrupt);
    g_test_add_func("/dce-v8/lb-vblank-interrupt", test_lb_vblank_interrupt);
    g_test_add_func("/dce-v8/flip", test_flip);
    g_test_add_func("/dce-v8/scanout", test_scanout);
    g_test_add_func("/dce-v8/state", test_state);
    return g_test_run();
}
