/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * amdgpu-emu core: DCE 8.0's monitor side: the one connector's hot-plug
 * detect (HPD 1) and the hardware I2C engine on its DDC line (DDC 1), with
 * the monitor's EDID EEPROM behind it.
 *
 * The connector is the VBIOS's (vbios_display.c: DVI-D, DDC line 1, HPD
 * pin 1). The host says whether a monitor is attached and hands over its
 * EDID (aemu_display_set_monitor; QEMU's glue builds it with
 * qemu_edid_generate).
 *
 * HPD (what DC's hw_hpd.c and the DCE 8 IRQ service, and radeon's
 * cik_hpd_sense, read):
 *  - DC_HPD1_INT_STATUS.DC_HPD1_SENSE and _SENSE_DELAYED: the monitor is
 *    attached (the delay filter is not modelled: a change is seen at once);
 *    DC_GPIO_HPD_Y's HPD1 bit reads the same level for GPIO-mode readers;
 *  - DC_HPD1_INT_STATUS.DC_HPD1_INT_STATUS: the sense equals
 *    DC_HPD1_INT_CONTROL.DC_HPD1_INT_POLARITY (the drivers set the polarity
 *    to the opposite of the present state, so an interrupt means a
 *    change); when a host change makes it so and DC_HPD1_INT_EN is set,
 *    the IV src 42 with src_data 0 (VISLANDS30_IV_SRCID_HOTPLUG_DETECT_A,
 *    HPD 1) goes out; DC_HPD1_INT_ACK clears it until the next change.
 *
 * The I2C engine (DC's dce_i2c_hw.c; the map's section 3.4):
 *  - DC_I2C_DATA is a 256-byte buffer: a write with DC_I2C_INDEX_WRITE
 *    moves the index to DC_I2C_INDEX; a write with DC_I2C_DATA_RW = 0
 *    stores DC_I2C_DATA at the index and advances it; after a write with
 *    DC_I2C_DATA_RW = 1 each read returns the byte at the index in
 *    DC_I2C_DATA and advances it. The index wraps in the buffer.
 *  - DC_I2C_CONTROL.DC_I2C_GO runs DC_I2C_TRANSACTION_COUNT + 1
 *    transactions (DC_I2C_TRANSACTION0..3) on the line DC_I2C_DDC_SELECT
 *    picks, at once: each takes an address byte from the buffer, then sends
 *    DC_I2C_COUNTn bytes from it (write) or stores that many read bytes
 *    into it (DC_I2C_RWn = 1). An address nobody acknowledges ends the run
 *    with DC_I2C_SW_STOPPED_ON_NACK and DC_I2C_SW_NACKn (when
 *    DC_I2C_STOP_ON_NACKn asks for it); otherwise DC_I2C_SW_DONE.
 *    DC_I2C_SW_STATUS then reads idle: DC's wait loop ends at once.
 *    GO, DC_I2C_SOFT_RESET and DC_I2C_SW_STATUS_RESET are strobes; the
 *    last two clear the status bits.
 *  - on DDC 1, with a monitor attached, the EDID EEPROM answers at 0x50
 *    (the first byte written sets the word offset, reads auto-increment
 *    and wrap at the EDID's size). Nothing else answers: not the E-DDC
 *    segment pointer at 0x30 (an EDID of at most 256 bytes needs none),
 *    not a DP dual-mode adaptor at 0x40, no other line.
 *
 * Bit-banged DDC over DC_GPIO_DDC1_* (radeon's default, DC's fallback) is
 * dce_v8_ddc_gpio.c's; it reaches the same EEPROM (dce_v8_ddc_*).
 */
#include <string.h>
#include "aemu-internal.h"
#include "state.h"
#include "amdgpu-emu/regs/cik_regs.h"
#include "amdgpu-emu/regs/cik_fields.h"
#include "dce_v8.h"

/* ivsrcid_vislands30.h: HPD 1..6 share the source, src_data picks. */
#define VISLANDS30_IV_SRCID_HOTPLUG_DETECT_A    42
#define HPD1_SRC_DATA           0

/* The 7-bit addresses on a DDC bus (VESA E-DDC). */
#define DDC_ADDR_EDID           0x50
/* What a read of a bus nobody drives returns (the pull-ups). */
#define DDC_RELEASED_BYTE       0xff
#define I2C_ADDR_SHIFT          1       /* the address byte: addr << 1 | rd */

/* DC_I2C_SW_STATUS.DC_I2C_SW_STATUS values (dce_i2c_hw.h). */
#define DC_I2C_STATUS_IDLE      0

/* The DDC line DC_I2C_CONTROL.DC_I2C_DDC_SELECT picks for DDC 1. */
#define DDC_SELECT_DDC1         0
#define I2C_TRANSACTIONS        4       /* DC_I2C_TRANSACTION0..3 */

#define FIELD_GET(reg, field, v) \
    (((v) & reg##__##field##_MASK) >> reg##__##field##__SHIFT)
#define FIELD_PUT(reg, field, x) \
    (((uint32_t)(x) << reg##__##field##__SHIFT) & reg##__##field##_MASK)

static const uint32_t transaction_reg[I2C_TRANSACTIONS] = {
    mmDC_I2C_TRANSACTION0, mmDC_I2C_TRANSACTION1,
    mmDC_I2C_TRANSACTION2, mmDC_I2C_TRANSACTION3,
};
static const uint32_t nack_mask[I2C_TRANSACTIONS] = {
    DC_I2C_SW_STATUS__DC_I2C_SW_NACK0_MASK,
    DC_I2C_SW_STATUS__DC_I2C_SW_NACK1_MASK,
    DC_I2C_SW_STATUS__DC_I2C_SW_NACK2_MASK,
    DC_I2C_SW_STATUS__DC_I2C_SW_NACK3_MASK,
};

/* ---- the monitor on DDC 1 ---------------------------------------------- */

/*
 * The EEPROM is one device on the wire, whether the engine or the GPIO pads
 * (dce_v8_ddc_gpio.c) talk to it: one word offset. Whether a device
 * answers addr on the line.
 */
bool dce_v8_ddc_ack(DceState *s, uint32_t line, uint8_t addr)
{
    return line == DDC_SELECT_DDC1 && s->monitor.connected &&
           s->monitor.edid_len && addr == DDC_ADDR_EDID;
}

void dce_v8_ddc_write(DceState *s, bool first, uint8_t byte)
{
    /* The EEPROM is read-only: only its word offset can be written. */
    if (first) {
        s->i2c.edid_offset = byte;
    }
}

uint8_t dce_v8_ddc_read(DceState *s)
{
    uint8_t b;

    if (!s->monitor.edid_len) {
        return DDC_RELEASED_BYTE;      /* unplugged mid-transfer */
    }
    b = s->monitor.edid[s->i2c.edid_offset % s->monitor.edid_len];

    s->i2c.edid_offset++;
    return b;
}

/* ---- the I2C engine ---------------------------------------------------- */

static uint32_t run_transactions(AemuDevice *d, DceState *s, uint32_t ctl)
{
    uint32_t line = FIELD_GET(DC_I2C_CONTROL, DC_I2C_DDC_SELECT, ctl);
    uint32_t n = FIELD_GET(DC_I2C_CONTROL, DC_I2C_TRANSACTION_COUNT, ctl) + 1;
    uint8_t pos = 0;            /* wraps in the 256-byte buffer */

    for (uint32_t t = 0; t < n && t < I2C_TRANSACTIONS; t++) {
        uint32_t tr = d->regs[transaction_reg[t]];
        bool rd = tr & DC_I2C_TRANSACTION0__DC_I2C_RW0_MASK;
        uint32_t count = FIELD_GET(DC_I2C_TRANSACTION0, DC_I2C_COUNT0, tr);
        uint8_t addr = s->i2c.buf[pos++] >> I2C_ADDR_SHIFT;

        if (!dce_v8_ddc_ack(s, line, addr)) {
            uint32_t st = nack_mask[t];

            if (tr & DC_I2C_TRANSACTION0__DC_I2C_STOP_ON_NACK0_MASK) {
                st |= DC_I2C_SW_STATUS__DC_I2C_SW_STOPPED_ON_NACK_MASK;
            }
            return st | DC_I2C_SW_STATUS__DC_I2C_SW_DONE_MASK;
        }
        for (uint32_t i = 0; i < count; i++) {
            if (rd) {
                s->i2c.buf[pos++] = dce_v8_ddc_read(s);
            } else {
                dce_v8_ddc_write(s, i == 0, s->i2c.buf[pos++]);
            }
        }
    }
    return DC_I2C_SW_STATUS__DC_I2C_SW_DONE_MASK;
}

static void i2c_control_write(AemuDevice *d, uint32_t dw, uint32_t value)
{
    DceState *s = dce_v8_state(d);
    const uint32_t strobes = DC_I2C_CONTROL__DC_I2C_GO_MASK |
                             DC_I2C_CONTROL__DC_I2C_SOFT_RESET_MASK |
                             DC_I2C_CONTROL__DC_I2C_SW_STATUS_RESET_MASK |
                             DC_I2C_CONTROL__DC_I2C_SEND_RESET_MASK;

    d->regs[dw] = value & ~strobes;
    if (value & (DC_I2C_CONTROL__DC_I2C_SOFT_RESET_MASK |
                 DC_I2C_CONTROL__DC_I2C_SW_STATUS_RESET_MASK)) {
        d->regs[mmDC_I2C_SW_STATUS] = DC_I2C_STATUS_IDLE;
    }
    if (value & DC_I2C_CONTROL__DC_I2C_GO_MASK) {
        d->regs[mmDC_I2C_SW_STATUS] = run_transactions(d, s, value) |
            FIELD_PUT(DC_I2C_SW_STATUS, DC_I2C_SW_STATUS, DC_I2C_STATUS_IDLE);
    }
}

static void i2c_data_write(AemuDevice *d, uint32_t dw, uint32_t value)
{
    DceState *s = dce_v8_state(d);

    d->regs[dw] = value;
    if (value & DC_I2C_DATA__DC_I2C_INDEX_WRITE_MASK) {
        s->i2c.index = FIELD_GET(DC_I2C_DATA, DC_I2C_INDEX, value);
    }
    s->i2c.reading = value & DC_I2C_DATA__DC_I2C_DATA_RW_MASK;
    if (!s->i2c.reading) {
        s->i2c.buf[s->i2c.index++] =
            FIELD_GET(DC_I2C_DATA, DC_I2C_DATA, value);
    }
}

static uint32_t i2c_data_read(AemuDevice *d, uint32_t dw)
{
    DceState *s = dce_v8_state(d);
    uint32_t v = d->regs[dw] & ~DC_I2C_DATA__DC_I2C_DATA_MASK;

    if (!s->i2c.reading) {
        return d->regs[dw];
    }
    v |= FIELD_PUT(DC_I2C_DATA, DC_I2C_DATA, s->i2c.buf[s->i2c.index]);
    v = (v & ~DC_I2C_DATA__DC_I2C_INDEX_MASK) |
        FIELD_PUT(DC_I2C_DATA, DC_I2C_INDEX, s->i2c.index);
    s->i2c.index++;
    return v;
}

/* ---- hot-plug detect --------------------------------------------------- */

static bool hpd_sense(DceState *s)
{
    return s->monitor.connected;
}

bool dce_v8_hpd1_int_pending(AemuDevice *d, DceState *s)
{
    bool polarity = d->regs[mmDC_HPD1_INT_CONTROL] &
                    DC_HPD1_INT_CONTROL__DC_HPD1_INT_POLARITY_MASK;

    return !s->hpd_acked && hpd_sense(s) == polarity;
}

static uint32_t hpd_status_read(AemuDevice *d, uint32_t dw)
{
    DceState *s = dce_v8_state(d);
    uint32_t v = d->regs[dw] & ~(DC_HPD1_INT_STATUS__DC_HPD1_INT_STATUS_MASK |
                                 DC_HPD1_INT_STATUS__DC_HPD1_SENSE_MASK |
                                 DC_HPD1_INT_STATUS__DC_HPD1_SENSE_DELAYED_MASK);

    if (hpd_sense(s)) {
        v |= DC_HPD1_INT_STATUS__DC_HPD1_SENSE_MASK |
             DC_HPD1_INT_STATUS__DC_HPD1_SENSE_DELAYED_MASK;
    }
    if (dce_v8_hpd1_int_pending(d, s)) {
        v |= DC_HPD1_INT_STATUS__DC_HPD1_INT_STATUS_MASK;
    }
    return v;
}

static void hpd_control_write(AemuDevice *d, uint32_t dw, uint32_t value)
{
    DceState *s = dce_v8_state(d);
    uint32_t old = d->regs[dw];

    d->regs[dw] = value & ~DC_HPD1_INT_CONTROL__DC_HPD1_INT_ACK_MASK &
                  ~DC_HPD1_INT_CONTROL__DC_HPD1_RX_INT_ACK_MASK;
    if (value & DC_HPD1_INT_CONTROL__DC_HPD1_INT_ACK_MASK) {
        s->hpd_acked = true;
    }
    /* A new polarity is a new condition to wait for. */
    if ((old ^ value) & DC_HPD1_INT_CONTROL__DC_HPD1_INT_POLARITY_MASK) {
        s->hpd_acked = false;
    }
}

static uint32_t gpio_hpd_y_read(AemuDevice *d, uint32_t dw)
{
    DceState *s = dce_v8_state(d);
    uint32_t v = d->regs[dw] & ~DC_GPIO_HPD_Y__DC_GPIO_HPD1_Y_MASK;

    return v | (hpd_sense(s) ? DC_GPIO_HPD_Y__DC_GPIO_HPD1_Y_MASK : 0);
}

static const AemuRegHandler h_i2c_control = {
    .block = "dce", .write = i2c_control_write,
};
static const AemuRegHandler h_i2c_data = {
    .block = "dce", .read = i2c_data_read, .write = i2c_data_write,
};
static const AemuRegHandler h_i2c_status = {
    .block = "dce", .write = aemu_reg_ignore_write,
};
static const AemuRegHandler h_hpd_status = {
    .block = "dce", .read = hpd_status_read, .write = aemu_reg_ignore_write,
};
static const AemuRegHandler h_hpd_control = {
    .block = "dce", .write = hpd_control_write,
};
static const AemuRegHandler h_gpio_hpd_y = {
    .block = "dce", .read = gpio_hpd_y_read, .write = aemu_reg_ignore_write,
};

void dce_v8_monitor_init(AemuDevice *d)
{
    aemu_reg_claim(d, mmDC_I2C_CONTROL, &h_i2c_control);
    aemu_reg_claim(d, mmDC_I2C_DATA, &h_i2c_data);
    aemu_reg_claim(d, mmDC_I2C_SW_STATUS, &h_i2c_status);
    aemu_reg_claim(d, mmDC_HPD1_INT_STATUS, &h_hpd_status);
    aemu_reg_claim(d, mmDC_HPD1_INT_CONTROL, &h_hpd_control);
    aemu_reg_claim(d, mmDC_GPIO_HPD_Y, &h_gpio_hpd_y);
    dce_v8_ddc_gpio_init(d);
}

void dce_v8_monitor_reset(DceState *s)
{
    memset(&s->i2c, 0, sizeof(s->i2c));
    s->hpd_acked = false;
    dce_v8_ddc_gpio_reset(s);
}

void dce_v8_monitor_state(DceState *s, AemuStateIo *io)
{
    AEMU_STATE(io, s->i2c.buf);
    AEMU_STATE(io, s->i2c.index);
    AEMU_STATE(io, s->i2c.edid_offset);
    AEMU_STATE_BOOL(io, s->i2c.reading);
    AEMU_STATE_BOOL(io, s->hpd_acked);
    dce_v8_ddc_gpio_state(s, io);
}

bool aemu_display_set_monitor(AemuDevice *d, bool connected,
                              const uint8_t *edid, size_t len)
{
    DceState *s = aemu_block_priv(d, AEMU_BLOCK_DCE);
    bool was;

    if (!s || (connected && (!edid || !len || len > AEMU_EDID_MAX))) {
        return false;
    }
    was = s->monitor.connected;
    memset(s->monitor.edid, 0, sizeof(s->monitor.edid));
    s->monitor.edid_len = connected ? len : 0;
    if (connected) {
        memcpy(s->monitor.edid, edid, len);
    }
    s->monitor.connected = connected;
    aemu_rec_monitor(d, connected, s->monitor.edid, s->monitor.edid_len);
    if (was != connected) {
        s->hpd_acked = false;
        if (dce_v8_hpd1_int_pending(d, s) &&
            (d->regs[mmDC_HPD1_INT_CONTROL] &
             DC_HPD1_INT_CONTROL__DC_HPD1_INT_EN_MASK)) {
            AemuIvEntry iv = {
                .src_id = VISLANDS30_IV_SRCID_HOTPLUG_DETECT_A,
                .src_data = { HPD1_SRC_DATA },
            };

            aemu_irq_post(d, &iv);
        }
    }
    return true;
}

void aemu_display_record_monitor(AemuDevice *d)
{
    DceState *s = aemu_block_priv(d, AEMU_BLOCK_DCE);

    if (s) {
        aemu_rec_monitor(d, s->monitor.connected, s->monitor.edid,
                         s->monitor.edid_len);
    }
}
