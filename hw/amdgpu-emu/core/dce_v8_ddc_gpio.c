/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * amdgpu-emu core: DDC 1 as a pair of open-drain GPIO pads, the way a
 * driver bit-bangs I2C over them (radeon's radeon_i2c.c with
 * i2c-algo-bit, its default; DC's software fallback), with the monitor's
 * EDID EEPROM as the slave on the wire.
 *
 * The pads are the ones the VBIOS's GPIO_I2C_Info names for the connector
 * (vbios_display.c: DC_GPIO_DDC1_MASK/A/EN/Y, clock bit 0, data bit 8):
 *  - a pad is the driver's while its DC_GPIO_DDC1_MASK bit is set
 *    (radeon's pre_xfer sets it, post_xfer clears it); otherwise the
 *    hardware I2C engine owns it, and since the model's engine
 *    (dce_v8_i2c.c) finishes a request at once, it is idle (released);
 *  - the driver pulls a line low with its DC_GPIO_DDC1_EN bit and a 0 in
 *    DC_GPIO_DDC1_A (radeon clears A once and toggles EN), and releases
 *    it otherwise; the level is the wired AND of the driver and the
 *    slave (both open drain, pulled up on the monitor side);
 *  - DC_GPIO_DDC1_Y reads the two levels.
 *
 * The slave is a plain I2C state machine, moved by the edges the register
 * writes make: SDA falling while SCL is high is a START (also a repeated
 * one), SDA rising while SCL is high a STOP; a bit is sampled on SCL's
 * rising edge and the slave changes SDA only while SCL is low (after a
 * falling edge). Behind it the EDID EEPROM of dce_v8_i2c.c answers at 0x50
 * (shared word offset, read-only); every other address, the E-DDC segment
 * pointer 0x30 included (the EDID fits 256 bytes), gets no ACK. A byte cut
 * short by a STOP or a START is dropped. The slave never stretches the
 * clock. When one write changes both lines, the data line is taken to
 * change while the clock is low (before a rising clock, after a falling
 * one), so such a write never makes a START or STOP by itself.
 */
#include <string.h>
#include "aemu-internal.h"
#include "state.h"
#include "amdgpu-emu/regs/cik_regs.h"
#include "amdgpu-emu/regs/cik_fields.h"
#include "dce_v8.h"

#define I2C_ADDR_SHIFT          1       /* the address byte: addr << 1 | rd */
#define I2C_READ_BIT            0x01
#define I2C_BYTE_BITS           8
#define I2C_MSB                 0x80

/* The DDC line of dce_v8_i2c.c's EEPROM that these pads are. */
#define DDC_LINE_DDC1           0

#define SCL_MASK    DC_GPIO_DDC1_MASK__DC_GPIO_DDC1CLK_MASK_MASK
#define SDA_MASK    DC_GPIO_DDC1_MASK__DC_GPIO_DDC1DATA_MASK_MASK
#define SCL_A       DC_GPIO_DDC1_A__DC_GPIO_DDC1CLK_A_MASK
#define SDA_A       DC_GPIO_DDC1_A__DC_GPIO_DDC1DATA_A_MASK
#define SCL_EN      DC_GPIO_DDC1_EN__DC_GPIO_DDC1CLK_EN_MASK
#define SDA_EN      DC_GPIO_DDC1_EN__DC_GPIO_DDC1DATA_EN_MASK
#define SCL_Y       DC_GPIO_DDC1_Y__DC_GPIO_DDC1CLK_Y_MASK
#define SDA_Y       DC_GPIO_DDC1_Y__DC_GPIO_DDC1DATA_Y_MASK

/* Where the slave is in a transfer (DceDdcGpio.phase). */
enum {
    DDC_IDLE,       /* waiting for a START (also after a NACK) */
    DDC_RX,         /* taking a byte from the master */
    DDC_RX_ACK,     /* the ninth clock of a received byte: the slave ACKs */
    DDC_TX,         /* sending a byte to the master */
    DDC_TX_ACK,     /* the ninth clock of a sent byte: the master's ACK */
};

/* Whether the driver pulls the line whose pad bits are given low. */
static bool master_low(AemuDevice *d, uint32_t mask, uint32_t a, uint32_t en)
{
    return (d->regs[mmDC_GPIO_DDC1_MASK] & mask) &&
           (d->regs[mmDC_GPIO_DDC1_EN] & en) &&
           !(d->regs[mmDC_GPIO_DDC1_A] & a);
}

static bool bus_scl(AemuDevice *d)
{
    return !master_low(d, SCL_MASK, SCL_A, SCL_EN);
}

static bool bus_sda(AemuDevice *d, DceState *s)
{
    /* A monitor unplugged mid-transfer lets go of the line. */
    bool slave_low = s->ddc_gpio.drive_low && s->monitor.connected;

    return !master_low(d, SDA_MASK, SDA_A, SDA_EN) && !slave_low;
}

/* The slave puts the current bit of the byte it sends on SDA. */
static void tx_bit(DceDdcGpio *g)
{
    g->drive_low = !((g->shift << g->bits) & I2C_MSB);
}

static void tx_load(DceState *s, DceDdcGpio *g)
{
    g->shift = dce_v8_ddc_read(s);
    g->bits = 0;
    g->phase = DDC_TX;
    tx_bit(g);
}

static void start(DceDdcGpio *g)
{
    g->phase = DDC_RX;
    g->bits = 0;
    g->shift = 0;
    g->addr_next = true;
    g->drive_low = false;
}

/* A whole byte came in (SCL fell after its eighth bit): ACK or not. */
static void rx_byte(DceState *s, DceDdcGpio *g)
{
    bool ack;

    if (g->addr_next) {
        uint8_t addr = g->shift >> I2C_ADDR_SHIFT;

        g->addr_next = false;
        g->reading = g->shift & I2C_READ_BIT;
        g->first_data = true;
        ack = dce_v8_ddc_ack(s, DDC_LINE_DDC1, addr);
    } else {
        dce_v8_ddc_write(s, g->first_data, g->shift);
        g->first_data = false;
        ack = true;
    }
    g->phase = ack ? DDC_RX_ACK : DDC_IDLE;
    g->drive_low = ack;
}

static void scl_rose(AemuDevice *d, DceState *s, DceDdcGpio *g)
{
    bool sda = bus_sda(d, s);

    if (g->phase == DDC_RX && g->bits < I2C_BYTE_BITS) {
        g->shift = (uint8_t)(g->shift << 1 | sda);
        g->bits++;
    } else if (g->phase == DDC_TX_ACK) {
        g->master_ack = !sda;
    }
}

static void scl_fell(DceState *s, DceDdcGpio *g)
{
    switch (g->phase) {
    case DDC_RX:
        if (g->bits == I2C_BYTE_BITS) {
            rx_byte(s, g);
        }
        break;
    case DDC_RX_ACK:
        g->drive_low = false;
        if (g->reading) {
            tx_load(s, g);
        } else {
            g->phase = DDC_RX;
            g->bits = 0;
            g->shift = 0;
        }
        break;
    case DDC_TX:
        if (++g->bits == I2C_BYTE_BITS) {
            g->drive_low = false;       /* the master's ACK bit */
            g->phase = DDC_TX_ACK;
        } else {
            tx_bit(g);
        }
        break;
    case DDC_TX_ACK:
        if (g->master_ack) {
            tx_load(s, g);
        } else {
            /* NACK: the master ends the read; wait for its STOP/START. */
            g->phase = DDC_IDLE;
            g->drive_low = false;
        }
        break;
    default:
        break;
    }
}

static void sda_changed(DceDdcGpio *g, bool scl, bool sda)
{
    if (!scl) {
        return;                         /* data moves while the clock is low */
    }
    if (sda) {
        g->phase = DDC_IDLE;            /* STOP */
        g->drive_low = false;
    } else {
        start(g);                       /* START or repeated START */
    }
}

/*
 * A pad register changed: find the new levels and feed the slave the
 * edges, the data line first before a rising clock and after a falling
 * one.
 */
static void bus_update(AemuDevice *d, DceState *s)
{
    DceDdcGpio *g = &s->ddc_gpio;
    bool scl = bus_scl(d);
    bool sda;

    if (scl && !g->scl) {
        /* Data settles while the clock is still low. */
        g->sda = bus_sda(d, s);
        g->scl = true;
        scl_rose(d, s, g);
    } else if (!scl && g->scl) {
        g->scl = false;
        scl_fell(s, g);
    }
    sda = bus_sda(d, s);
    if (sda != g->sda) {
        g->sda = sda;
        sda_changed(g, scl, sda);
        /* A STOP releases the slave's line: the level follows. */
        g->sda = bus_sda(d, s);
    }
}

static void pad_write(AemuDevice *d, uint32_t dw, uint32_t value)
{
    d->regs[dw] = value;
    bus_update(d, dce_v8_state(d));
}

static uint32_t pad_y_read(AemuDevice *d, uint32_t dw)
{
    DceState *s = dce_v8_state(d);
    uint32_t v = d->regs[dw] & ~(SCL_Y | SDA_Y);

    return v | (bus_scl(d) ? SCL_Y : 0) | (bus_sda(d, s) ? SDA_Y : 0);
}

static const AemuRegHandler h_pad = {
    .block = "dce", .write = pad_write,
};
static const AemuRegHandler h_pad_y = {
    .block = "dce", .read = pad_y_read, .write = aemu_reg_ignore_write,
};

void dce_v8_ddc_gpio_init(AemuDevice *d)
{
    aemu_reg_claim(d, mmDC_GPIO_DDC1_MASK, &h_pad);
    aemu_reg_claim(d, mmDC_GPIO_DDC1_A, &h_pad);
    aemu_reg_claim(d, mmDC_GPIO_DDC1_EN, &h_pad);
    aemu_reg_claim(d, mmDC_GPIO_DDC1_Y, &h_pad_y);
}

void dce_v8_ddc_gpio_reset(DceState *s)
{
    memset(&s->ddc_gpio, 0, sizeof(s->ddc_gpio));
    /* The pads come out of reset released: both lines high. */
    s->ddc_gpio.scl = true;
    s->ddc_gpio.sda = true;
}

void dce_v8_ddc_gpio_state(DceState *s, AemuStateIo *io)
{
    DceDdcGpio *g = &s->ddc_gpio;

    AEMU_STATE(io, g->phase);
    AEMU_STATE(io, g->bits);
    AEMU_STATE(io, g->shift);
    AEMU_STATE_BOOL(io, g->scl);
    AEMU_STATE_BOOL(io, g->sda);
    AEMU_STATE_BOOL(io, g->drive_low);
    AEMU_STATE_BOOL(io, g->addr_next);
    AEMU_STATE_BOOL(io, g->reading);
    AEMU_STATE_BOOL(io, g->first_data);
    AEMU_STATE_BOOL(io, g->master_ack);
    if (aemu_state_loading(io) &&
        (g->phase > DDC_TX_ACK || g->bits > I2C_BYTE_BITS)) {
        /* A damaged snapshot: start over at the next START. */
        dce_v8_ddc_gpio_reset(s);
    }
}
