/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Unit tests of DDC 1's GPIO pads (core/dce_v8_ddc_gpio.c) on the
 * standalone host: a master written after radeon_i2c.c's pad callbacks
 * (pre_xfer, set/get clock and data) and i2c-algo-bit's bit sequences
 * (start, repeated start, stop, byte out with ACK, byte in with ACK/NACK)
 * reads the whole EDID; addresses nobody owns get no ACK; a STOP in the
 * middle of a byte drops it; pads not masked for software are the
 * hardware's; a guest toggling the pads at random neither crashes nor
 * wedges the bus; a snapshot in the middle of a read goes on where it was.
 */
#include <string.h>
#include "aemu-host.h"
#include "aemu-internal.h"
#include "amdgpu-emu/regs/cik_regs.h"
#include "amdgpu-emu/regs/cik_fields.h"

#define MiB (1024ull * 1024ull)

#define EDID_ADDR       0x50
#define SEGMENT_ADDR    0x30
#define DUAL_MODE_ADDR  0x40
#define EDID_BLOCK      128
#define I2C_RD          1

/* The pad bits of GPIO_I2C_Info's entry for DDC 1 (clock 0, data 8). */
#define SCL_BIT         DC_GPIO_DDC1_EN__DC_GPIO_DDC1CLK_EN_MASK
#define SDA_BIT         DC_GPIO_DDC1_EN__DC_GPIO_DDC1DATA_EN_MASK

static AemuTestHost *h;

static void fill_edid(uint8_t *e, size_t len)
{
    for (size_t i = 0; i < len; i++) {
        e[i] = (uint8_t)(i * 7 ^ 0x5a);
    }
}

static void setup(size_t edid_len)
{
    uint8_t e[AEMU_EDID_MAX];

    h = aemu_test_host_new("hawaii", 64 * MiB, 16 * MiB);
    fill_edid(e, sizeof(e));
    if (edid_len) {
        g_assert_true(aemu_display_set_monitor(h->dev, true, e, edid_len));
    }
}

static void teardown(void)
{
    aemu_test_host_free(h);
}

static void rmw(uint32_t reg, uint32_t clear, uint32_t set)
{
    aemu_test_wreg(h, reg, (aemu_test_rreg(h, reg) & ~clear) | set);
}

/* ---- radeon_i2c.c's pad callbacks ---------------------------------------- */

static void pre_xfer(void)
{
    rmw(mmDC_GPIO_DDC1_A, SCL_BIT | SDA_BIT, 0);
    rmw(mmDC_GPIO_DDC1_EN, SCL_BIT | SDA_BIT, 0);
    rmw(mmDC_GPIO_DDC1_MASK, 0, SCL_BIT | SDA_BIT);
}

static void post_xfer(void)
{
    rmw(mmDC_GPIO_DDC1_MASK, SCL_BIT | SDA_BIT, 0);
}

/* Driving 0 is EN set (A is 0); releasing is EN clear. */
static void setscl(int v)
{
    rmw(mmDC_GPIO_DDC1_EN, SCL_BIT, v ? 0 : SCL_BIT);
}

static void setsda(int v)
{
    rmw(mmDC_GPIO_DDC1_EN, SDA_BIT, v ? 0 : SDA_BIT);
}

static int getscl(void)
{
    return !!(aemu_test_rreg(h, mmDC_GPIO_DDC1_Y) &
              DC_GPIO_DDC1_Y__DC_GPIO_DDC1CLK_Y_MASK);
}

static int getsda(void)
{
    return !!(aemu_test_rreg(h, mmDC_GPIO_DDC1_Y) &
              DC_GPIO_DDC1_Y__DC_GPIO_DDC1DATA_Y_MASK);
}

/* ---- i2c-algo-bit's sequences -------------------------------------------- */

/* sclhi: release the clock and wait for it (the slave never stretches). */
static void sclhi(void)
{
    setscl(1);
    g_assert_cmpint(getscl(), ==, 1);
}

static void i2c_start(void)
{
    setsda(0);
    setscl(0);
}

static void i2c_repstart(void)
{
    setsda(1);
    sclhi();
    setsda(0);
    setscl(0);
}

static void i2c_stop(void)
{
    setsda(0);
    sclhi();
    setsda(1);
}

/* Returns whether the slave ACKed. */
static bool i2c_outb(uint8_t c)
{
    bool ack;

    for (int i = 7; i >= 0; i--) {
        setsda(c >> i & 1);
        sclhi();
        setscl(0);
    }
    setsda(1);
    sclhi();
    ack = !getsda();
    setscl(0);
    return ack;
}

static uint8_t i2c_inb(bool ack)
{
    uint8_t in = 0;

    setsda(1);
    for (int i = 0; i < 8; i++) {
        sclhi();
        in = (uint8_t)(in << 1 | getsda());
        setscl(0);
    }
    /* acknak */
    if (ack) {
        setsda(0);
    }
    sclhi();
    setscl(0);
    return in;
}

/*
 * drm_do_probe_ddc_edid's transfer: write the offset, repeated START,
 * read len bytes (the last NACKed), STOP. Returns false on a NACK.
 */
static bool edid_read(uint8_t addr, uint8_t offset, uint8_t *out, size_t len)
{
    bool ok;

    pre_xfer();
    i2c_start();
    ok = i2c_outb((uint8_t)(addr << 1)) && i2c_outb(offset);
    if (ok) {
        i2c_repstart();
        ok = i2c_outb((uint8_t)(addr << 1 | I2C_RD));
    }
    for (size_t i = 0; ok && i < len; i++) {
        out[i] = i2c_inb(i + 1 < len);
    }
    i2c_stop();
    post_xfer();
    return ok;
}

/* The start of a read at offset, left open: the EEPROM ACKed each byte. */
static void begin_read(uint8_t offset)
{
    pre_xfer();
    i2c_start();
    g_assert_true(i2c_outb(EDID_ADDR << 1));
    g_assert_true(i2c_outb(offset));
    i2c_repstart();
    g_assert_true(i2c_outb(EDID_ADDR << 1 | I2C_RD));
}

/* ---- tests --------------------------------------------------------------- */

/* The whole 256-byte EDID, read the way drm_get_edid reads each block. */
static void test_edid_read(void)
{
    uint8_t want[AEMU_EDID_MAX], got[AEMU_EDID_MAX];

    setup(AEMU_EDID_MAX);
    fill_edid(want, sizeof(want));
    /* The bus idles high with the pads released. */
    g_assert_cmpint(getscl(), ==, 1);
    g_assert_cmpint(getsda(), ==, 1);
    g_assert_true(edid_read(EDID_ADDR, 0, got, EDID_BLOCK));
    g_assert_cmpmem(got, EDID_BLOCK, want, EDID_BLOCK);
    g_assert_true(edid_read(EDID_ADDR, EDID_BLOCK, got, EDID_BLOCK));
    g_assert_cmpmem(got, EDID_BLOCK, want + EDID_BLOCK, EDID_BLOCK);
    /* One read of all of it, and one wrapping past the end. */
    g_assert_true(edid_read(EDID_ADDR, 0, got, AEMU_EDID_MAX));
    g_assert_cmpmem(got, AEMU_EDID_MAX, want, AEMU_EDID_MAX);
    g_assert_true(edid_read(EDID_ADDR, AEMU_EDID_MAX - 2, got, 4));
    g_assert_cmphex(got[1], ==, want[AEMU_EDID_MAX - 1]);
    g_assert_cmphex(got[2], ==, want[0]);
    g_assert_cmpint(getscl(), ==, 1);
    g_assert_cmpint(getsda(), ==, 1);
    teardown();
}

/* No ACK: the segment pointer, a dual-mode adaptor, others, no monitor. */
static void test_nack(void)
{
    static const uint8_t others[] = { SEGMENT_ADDR, DUAL_MODE_ADDR, 0x37, 0 };
    uint8_t got[4];

    setup(AEMU_EDID_MAX);
    for (size_t i = 0; i < G_N_ELEMENTS(others); i++) {
        g_assert_false(edid_read(others[i], 0, got, sizeof(got)));
        /* The slave does not hold the line after a NACK. */
        g_assert_cmpint(getsda(), ==, 1);
    }
    /* The EEPROM is still there after them. */
    g_assert_true(edid_read(EDID_ADDR, 0, got, sizeof(got)));
    teardown();

    setup(0);
    g_assert_false(edid_read(EDID_ADDR, 0, got, sizeof(got)));
    teardown();
}

/*
 * A repeated START in the middle of a read (after a byte's ACK) starts a
 * new transfer: a new offset, then a read from it.
 */
static void test_repeated_start(void)
{
    uint8_t want[AEMU_EDID_MAX];

    setup(AEMU_EDID_MAX);
    fill_edid(want, sizeof(want));
    begin_read(0x10);
    g_assert_cmphex(i2c_inb(true), ==, want[0x10]);
    /*
     * The last byte before a repeated START is NACKed (as algo-bit does):
     * after an ACK the slave would be driving the next byte's first bit
     * and a 0 there would hide the START, as on a real bus.
     */
    g_assert_cmphex(i2c_inb(false), ==, want[0x11]);
    i2c_repstart();
    g_assert_true(i2c_outb(EDID_ADDR << 1));
    g_assert_true(i2c_outb(0x80));
    i2c_repstart();
    g_assert_true(i2c_outb(EDID_ADDR << 1 | I2C_RD));
    g_assert_cmphex(i2c_inb(false), ==, want[0x80]);
    i2c_stop();
    post_xfer();
    teardown();
}

/* A STOP after three bits of the offset byte: the byte is dropped. */
static void test_stop_mid_byte(void)
{
    uint8_t want[AEMU_EDID_MAX], got[2];

    setup(AEMU_EDID_MAX);
    fill_edid(want, sizeof(want));
    g_assert_true(edid_read(EDID_ADDR, 0x40, got, 1));
    g_assert_cmphex(got[0], ==, want[0x40]);
    pre_xfer();
    i2c_start();
    g_assert_true(i2c_outb(EDID_ADDR << 1));
    for (int i = 0; i < 3; i++) {
        setsda(1);
        sclhi();
        setscl(0);
    }
    i2c_stop();
    /* A read with no offset goes on from where the EEPROM was. */
    i2c_start();
    g_assert_true(i2c_outb(EDID_ADDR << 1 | I2C_RD));
    got[0] = i2c_inb(false);
    i2c_stop();
    post_xfer();
    g_assert_cmphex(got[0], ==, want[0x41]);
    /* A STOP while the slave sends: it lets go at once. */
    pre_xfer();
    i2c_start();
    g_assert_true(i2c_outb(EDID_ADDR << 1 | I2C_RD));
    for (int i = 0; i < 3; i++) {
        sclhi();
        setscl(0);
    }
    i2c_stop();
    g_assert_cmpint(getsda(), ==, 1);
    post_xfer();
    g_assert_true(edid_read(EDID_ADDR, 0, got, 2));
    g_assert_cmpmem(got, 2, want, 2);
    teardown();
}

/* Pads not masked for software use are the engine's: EN does nothing. */
static void test_unmasked(void)
{
    uint8_t got[1];

    setup(AEMU_EDID_MAX);
    rmw(mmDC_GPIO_DDC1_EN, 0, SCL_BIT | SDA_BIT);
    g_assert_cmpint(getscl(), ==, 1);
    g_assert_cmpint(getsda(), ==, 1);
    rmw(mmDC_GPIO_DDC1_MASK, 0, SCL_BIT | SDA_BIT);
    g_assert_cmpint(getscl(), ==, 0);
    g_assert_cmpint(getsda(), ==, 0);
    /* A driving 1 with EN set is not a low. */
    rmw(mmDC_GPIO_DDC1_A, 0, SCL_BIT | SDA_BIT);
    g_assert_cmpint(getscl(), ==, 1);
    g_assert_cmpint(getsda(), ==, 1);
    /* Y is read-only. */
    aemu_test_wreg(h, mmDC_GPIO_DDC1_Y, 0);
    g_assert_cmpint(getscl(), ==, 1);
    g_assert_true(edid_read(EDID_ADDR, 0, got, 1));
    teardown();
}

/*
 * A guest writing random values to the four pad registers, and the host
 * unplugging the monitor in the middle of a read: nothing breaks, and the
 * next proper transfer (after a STOP) reads the EDID.
 */
static void test_hostile(void)
{
    static const uint32_t regs[] = {
        mmDC_GPIO_DDC1_MASK, mmDC_GPIO_DDC1_A, mmDC_GPIO_DDC1_EN,
        mmDC_GPIO_DDC1_Y,
    };
    uint8_t want[AEMU_EDID_MAX], got[EDID_BLOCK];
    GRand *r = g_rand_new_with_seed(0xddc1);

    setup(AEMU_EDID_MAX);
    fill_edid(want, sizeof(want));
    for (int round = 0; round < 8; round++) {
        for (int i = 0; i < 20000; i++) {
            uint32_t v = g_rand_int(r);

            /* Mostly the two pad bits, so the slave sees real edges. */
            if (g_rand_int_range(r, 0, 4)) {
                v &= SCL_BIT | SDA_BIT;
            }
            aemu_test_wreg(h, regs[g_rand_int_range(r, 0, G_N_ELEMENTS(regs))], v);
        }
        /* Whatever the slave was doing: a STOP (algo-bit's bus recovery). */
        aemu_test_wreg(h, mmDC_GPIO_DDC1_A, 0);
        aemu_test_wreg(h, mmDC_GPIO_DDC1_MASK, SCL_BIT | SDA_BIT);
        for (int i = 0; i < 9; i++) {
            setscl(0);
            setsda(1);
            sclhi();
        }
        i2c_stop();
        g_assert_true(edid_read(EDID_ADDR, 0, got, EDID_BLOCK));
        g_assert_cmpmem(got, EDID_BLOCK, want, EDID_BLOCK);
    }
    /* Unplugged in the middle of a read: the slave lets go of SDA. */
    pre_xfer();
    i2c_start();
    g_assert_true(i2c_outb(EDID_ADDR << 1 | I2C_RD));
    g_assert_true(aemu_display_set_monitor(h->dev, false, NULL, 0));
    g_assert_cmphex(i2c_inb(false), ==, 0xff);
    i2c_stop();
    post_xfer();
    g_rand_free(r);
    teardown();
}

/* A snapshot between two bytes of a read: the load goes on from there. */
static void test_state(void)
{
    uint8_t want[AEMU_EDID_MAX];
    uint8_t *blob;
    size_t len;
    char *err = NULL;

    setup(AEMU_EDID_MAX);
    fill_edid(want, sizeof(want));
    begin_read(0x20);
    g_assert_cmphex(i2c_inb(true), ==, want[0x20]);
    g_assert_true(aemu_state_save(h->dev, &blob, &len, &err));
    aemu_device_reset(h->dev, AEMU_RESET_COLD);
    g_assert_true(aemu_state_load(h->dev, blob, len, &err));
    aemu_state_free(blob);
    g_assert_cmphex(i2c_inb(true), ==, want[0x21]);
    g_assert_cmphex(i2c_inb(false), ==, want[0x22]);
    i2c_stop();
    post_xfer();
    teardown();
}

int main(int argc, char **argv)
{
    g_test_init(&argc, &argv, NULL);
    g_test_add_func("/dce-v8-ddc-gpio/edid-read", test_edid_read);
    g_test_add_func("/dce-v8-ddc-gpio/nack", test_nack);
    g_test_add_func("/dce-v8-ddc-gpio/repeated-start", test_repeated_start);
    g_test_add_func("/dce-v8-ddc-gpio/stop-mid-byte", test_stop_mid_byte);
    g_test_add_func("/dce-v8-ddc-gpio/unmasked", test_unmasked);
    g_test_add_func("/dce-v8-ddc-gpio/hostile", test_hostile);
    g_test_add_func("/dce-v8-ddc-gpio/state", test_state);
    return g_test_run();
}
