/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * amdgpu-emu core: DCE 8.0's state, shared by the display engine's
 * registers and raster (dce_v8.c), its scanout (dce_v8_scanout.c) and
 * the connector's HPD and DDC (dce_v8_i2c.c, dce_v8_ddc_gpio.c).
 */
#ifndef AEMU_DCE_V8_H
#define AEMU_DCE_V8_H

#include "aemu-internal.h"

#define DCE_NUM_PIPES           6

/* Per-pipe register offsets from pipe 0 (dce80_tg_offsets, cikd.h). */
extern const uint32_t aemu_dce_v8_crtc_off[DCE_NUM_PIPES];
extern const uint32_t aemu_dce_v8_dcp_off[DCE_NUM_PIPES];

/* The display PLLs (dce_v8_pll.c): DCCG_PLL0..2, their offsets from 0. */
#define DCE_NUM_PLLS            3
extern const uint32_t aemu_dce_v8_pll_off[DCE_NUM_PLLS];
extern const uint32_t aemu_dce_v8_pixel_rate_cntl[DCE_NUM_PIPES];

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
    uint64_t lb_armed_ns;       /* the same for the LB vblank interrupt */
    /* Derived from the timing registers (rebuilt on load). */
    uint32_t lines, pixels;
    uint64_t line_ns, frame_ns;
} DceCrtc;

/* The DDC 1 I2C engine's buffer and the EDID EEPROM's offset. */
#define DCE_I2C_BUF_SIZE        256     /* DC_I2C_INDEX is 8 bits */
typedef struct DceI2c {
    uint8_t buf[DCE_I2C_BUF_SIZE];
    uint8_t index;              /* wraps in buf */
    uint8_t edid_offset;
    bool reading;               /* the last DC_I2C_DATA write had DATA_RW */
} DceI2c;

/* The slave on DDC 1's GPIO pads (dce_v8_ddc_gpio.c). */
typedef struct DceDdcGpio {
    uint8_t phase;              /* DDC_IDLE .. DDC_TX_ACK */
    uint8_t bits;               /* bits of the current byte so far, 0..8 */
    uint8_t shift;              /* the byte coming in or going out */
    bool scl, sda;              /* the line levels last seen */
    bool drive_low;             /* the slave pulls SDA low */
    bool addr_next;             /* the next byte in is the address byte */
    bool reading;               /* the address byte's read bit */
    bool first_data;            /* the next byte written is the word offset */
    bool master_ack;            /* the master's ACK of the byte sent */
} DceDdcGpio;

/* What the host attached to the connector (not guest state). */
typedef struct DceMonitor {
    bool connected;
    uint8_t edid[AEMU_EDID_MAX];
    size_t edid_len;            /* 0 when not connected */
} DceMonitor;

/* The cursor registers a CUR_UPDATE lock holds back (dce_v8_cursor.c). */
#define DCE_CURSOR_HELD         6
typedef struct DceCursor {
    bool locked;
    uint32_t held[DCE_CURSOR_HELD];     /* shown while locked */
} DceCursor;

typedef struct DceState {
    AemuEngine engine;          /* vblank and vertical-interrupt events */
    uint64_t last_run_ns;       /* the engine's last turn (+1) */
    DceCrtc crtc[DCE_NUM_PIPES];
    /* The last scanout a host was given, for its generation. */
    AemuScanout shown;
    bool shown_valid;
    uint64_t generation;
    int refused_pipe;           /* the pipe a refusal was last logged for */
    DceMonitor monitor;
    DceI2c i2c;
    bool hpd_acked;             /* DC_HPD1_INT_ACK since the last change */
    DceCursor cursor[DCE_NUM_PIPES];
    int cursor_refused;         /* the pipe a refusal was last logged for */
    DceDdcGpio ddc_gpio;
} DceState;

static inline DceState *dce_v8_state(AemuDevice *d)
{
    return aemu_block_priv(d, AEMU_BLOCK_DCE);
}

static inline uint32_t crtc_reg(AemuDevice *d, int pipe, uint32_t base)
{
    return d->regs[base + aemu_dce_v8_crtc_off[pipe]];
}

static inline uint32_t grph_reg(AemuDevice *d, int pipe, uint32_t base)
{
    return d->regs[base + aemu_dce_v8_dcp_off[pipe]];
}

/* Re-arm the engine after a change of what it waits for (dce_v8.c). */
void dce_v8_schedule(AemuDevice *d);

/* The line-buffer vblank interrupt (dce_v8_lb_irq.c). */
void dce_v8_lb_init(AemuDevice *d);
bool dce_v8_lb_vblank_enabled(AemuDevice *d, int pipe);
/* The raster of pipe reached vblank start with the interrupt enabled. */
void dce_v8_lb_vblank(AemuDevice *d, int pipe);

/* The connector's HPD and DDC (dce_v8_i2c.c). */
void dce_v8_monitor_init(AemuDevice *d);
void dce_v8_monitor_reset(DceState *s);
void dce_v8_monitor_state(DceState *s, AemuStateIo *io);
/*
 * A display engine's MC address as an offset into VRAM (false: outside
 * MC_VM_FB_LOCATION's aperture), and whether bytes from offset lie whole
 * inside VRAM (dce_v8_scanout.c).
 */
bool dce_v8_vram_offset(AemuDevice *d, uint64_t mc, uint64_t *offset);
bool dce_v8_in_vram(AemuDevice *d, uint64_t offset, uint64_t bytes);
/* The pipe's pixel clock from its PLL, in Hz; 0: none programmed. */
uint64_t dce_v8_pixel_clock_hz(AemuDevice *d, int pipe);
void dce_v8_pll_init(AemuDevice *d);
/* A PLL or a CRTC's clock source changed: re-time the rasters (dce_v8.c). */
void dce_v8_clock_changed(AemuDevice *d);
void dce_v8_cursor_init(AemuDevice *d);
void dce_v8_cursor_reset(DceState *s);
void dce_v8_cursor_state(DceState *s, AemuStateIo *io);
/* The pipe's cursor as the screen shows it (not enabled: none drawn). */
void dce_v8_cursor_scanout(AemuDevice *d, int pipe, AemuCursor *out);
/* DC_HPD1_INT_STATUS's interrupt bit (also DISP_INTERRUPT_STATUS's). */
bool dce_v8_hpd1_int_pending(AemuDevice *d, DceState *s);
/* The EDID EEPROM on the DDC lines, for the engine and the pads. */
bool dce_v8_ddc_ack(DceState *s, uint32_t line, uint8_t addr);
void dce_v8_ddc_write(DceState *s, bool first, uint8_t byte);
uint8_t dce_v8_ddc_read(DceState *s);
/* DDC 1's GPIO pads, bit-banged (dce_v8_ddc_gpio.c). */
void dce_v8_ddc_gpio_init(AemuDevice *d);
void dce_v8_ddc_gpio_reset(DceState *s);
void dce_v8_ddc_gpio_state(DceState *s, AemuStateIo *io);

#endif
