/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Unit tests of DCE 8's monitor side (core/dce_v8_i2c.c) on the standalone
 * host: the hardware I2C engine driven the way DC's dce_i2c_hw.c drives it
 * (an EDID read: a write of the word offset, then a read, in one request),
 * what answers and what does not (NACKs), the buffer's bounds under
 * hostile counts, and hot-plug detect (sense, polarity, ack, the IV).
 */
#include <string.h>
#include "aemu-host.h"
#include "aemu-internal.h"
#include "amdgpu-emu/regs/cik_regs.h"
#include "amdgpu-emu/regs/cik_fields.h"

#define MiB (1024ull * 1024ull)

#define EDID_ADDR       0x50
#define SEGMENT_ADDR    0x30
#define EDID_BLOCK      128
#define SRCID_HPD       42

static GArray *ivs;

static void capture_iv(AemuDevice *d, const AemuIvEntry *iv)
{
    (void)d;
    g_array_append_val(ivs, *iv);
}

static AemuTestHost *setup(void)
{
    AemuTestHost *h = aemu_test_host_new("hawaii", 64 * MiB, 16 * MiB);

    ivs = g_array_new(false, false, sizeof(AemuIvEntry));
    h->dev->ih_submit = capture_iv;
    return h;
}

static void teardown(AemuTestHost *h)
{
    g_array_free(ivs, true);
    aemu_test_host_free(h);
}

/* A 256-byte EDID whose byte i is i ^ 0xa5 (any pattern no offset repeats). */
static void fill_edid(uint8_t *e, size_t len)
{
    for (size_t i = 0; i < len; i++) {
        e[i] = (uint8_t)(i ^ 0xa5);
    }
}

static void attach(AemuTestHost *h, size_t len)
{
    uint8_t e[AEMU_EDID_MAX];

    fill_edid(e, sizeof(e));
    g_assert_true(aemu_display_set_monitor(h->dev, true, e, len));
}

static void data_write(AemuTestHost *h, uint32_t v)
{
    aemu_test_wreg(h, mmDC_I2C_DATA, v);
}

static uint32_t transaction(bool rd, uint32_t count, bool stop)
{
    return (rd ? DC_I2C_TRANSACTION0__DC_I2C_RW0_MASK : 0) |
           DC_I2C_TRANSACTION0__DC_I2C_STOP_ON_NACK0_MASK |
           DC_I2C_TRANSACTION0__DC_I2C_START0_MASK |
           (stop ? DC_I2C_TRANSACTION0__DC_I2C_STOP0_MASK : 0) |
           count << DC_I2C_TRANSACTION0__DC_I2C_COUNT0__SHIFT;
}

static void go(AemuTestHost *h, uint32_t ntrans, uint32_t line)
{
    aemu_test_wreg(h, mmDC_I2C_CONTROL,
                   DC_I2C_CONTROL__DC_I2C_SW_STATUS_RESET_MASK);
    aemu_test_wreg(h, mmDC_I2C_CONTROL,
                   (ntrans - 1) << DC_I2C_CONTROL__DC_I2C_TRANSACTION_COUNT__SHIFT |
                   line << DC_I2C_CONTROL__DC_I2C_DDC_SELECT__SHIFT);
    aemu_test_wreg(h, mmDC_I2C_CONTROL,
                   aemu_test_rreg(h, mmDC_I2C_CONTROL) |
                   DC_I2C_CONTROL__DC_I2C_GO_MASK);
}

/*
 * DC's request for len bytes at offset from addr on line: transaction 0
 * writes the offset (no stop), transaction 1 reads; the buffer holds the
 * address byte, the offset, the read address byte, then the data. Returns
 * DC_I2C_SW_STATUS.
 */
static uint32_t read_at(AemuTestHost *h, uint32_t line, uint8_t addr,
                        uint8_t offset, uint8_t *out, uint32_t len)
{
    uint32_t st;

    aemu_test_wreg(h, mmDC_I2C_TRANSACTION0, transaction(false, 1, false));
    aemu_test_wreg(h, mmDC_I2C_TRANSACTION1, transaction(true, len, true));
    data_write(h, DC_I2C_DATA__DC_I2C_INDEX_WRITE_MASK |
                  (uint32_t)(addr << 1) << DC_I2C_DATA__DC_I2C_DATA__SHIFT);
    data_write(h, (uint32_t)offset << DC_I2C_DATA__DC_I2C_DATA__SHIFT);
    data_write(h, (uint32_t)(addr << 1 | 1) << DC_I2C_DATA__DC_I2C_DATA__SHIFT);
    go(h, 2, 0 + line);
    st = aemu_test_rreg(h, mmDC_I2C_SW_STATUS);
    /* process_channel_reply: the index after the three bytes written. */
    data_write(h, DC_I2C_DATA__DC_I2C_DATA_RW_MASK |
                  DC_I2C_DATA__DC_I2C_INDEX_WRITE_MASK |
                  3 << DC_I2C_DATA__DC_I2C_INDEX__SHIFT);
    for (uint32_t i = 0; i < len; i++) {
        out[i] = AEMU_REG_GET(aemu_test_rreg(h, mmDC_I2C_DATA), DC_I2C_DATA,
                              DC_I2C_DATA);
    }
    return st;
}

/* DC's EDID read: both 128-byte blocks through the engine. */
static void test_edid_read(void)
{
    AemuTestHost *h = setup();
    uint8_t want[AEMU_EDID_MAX], got[EDID_BLOCK];
    uint32_t st;

    fill_edid(want, sizeof(want));
    attach(h, sizeof(want));
    for (unsigned blk = 0; blk < 2; blk++) {
        memset(got, 0, sizeof(got));
        st = read_at(h, 0, EDID_ADDR, blk * EDID_BLOCK, got, EDID_BLOCK);
        /* get_channel_status: not busy, not NACKed, done. */
        g_assert_cmpuint(AEMU_REG_GET(st, DC_I2C_SW_STATUS, DC_I2C_SW_STATUS),
                         ==, 0);
        g_assert_cmphex(st & DC_I2C_SW_STATUS__DC_I2C_SW_STOPPED_ON_NACK_MASK,
                        ==, 0);
        g_assert_cmphex(st & DC_I2C_SW_STATUS__DC_I2C_SW_DONE_MASK, !=, 0);
        g_assert_cmpmem(got, EDID_BLOCK, want + blk * EDID_BLOCK, EDID_BLOCK);
    }
    /* GO is a strobe: a later read-modify-write does not run it again. */
    g_assert_cmphex(aemu_test_rreg(h, mmDC_I2C_CONTROL) &
                    DC_I2C_CONTROL__DC_I2C_GO_MASK, ==, 0);
    /* The status reset clears DONE (DC's reset_hw_engine). */
    aemu_test_wreg(h, mmDC_I2C_CONTROL,
                   DC_I2C_CONTROL__DC_I2C_SW_STATUS_RESET_MASK);
    g_assert_cmphex(aemu_test_rreg(h, mmDC_I2C_SW_STATUS), ==, 0);
    teardown(h);
}

/* A 128-byte EDID wraps like its EEPROM; offsets wrap at 256. */
static void test_edid_wrap(void)
{
    AemuTestHost *h = setup();
    uint8_t want[AEMU_EDID_MAX], got[16];

    fill_edid(want, sizeof(want));
    attach(h, EDID_BLOCK);
    read_at(h, 0, EDID_ADDR, EDID_BLOCK - 8, got, sizeof(got));
    g_assert_cmpmem(got, 8, want + EDID_BLOCK - 8, 8);
    g_assert_cmpmem(got + 8, 8, want, 8);
    teardown(h);
}

/* Nothing but the EEPROM on DDC 1 answers; nothing at all unplugged. */
static void test_nack(void)
{
    AemuTestHost *h = setup();
    uint8_t got[8];
    uint32_t st;

    /* Unplugged: the EEPROM address is NACKed in transaction 0. */
    st = read_at(h, 0, EDID_ADDR, 0, got, sizeof(got));
    g_assert_cmphex(st & DC_I2C_SW_STATUS__DC_I2C_SW_STOPPED_ON_NACK_MASK,
                    !=, 0);
    g_assert_cmphex(st & DC_I2C_SW_STATUS__DC_I2C_SW_NACK0_MASK, !=, 0);

    attach(h, AEMU_EDID_MAX);
    /* The E-DDC segment pointer and a DP dual-mode adaptor: absent. */
    st = read_at(h, 0, SEGMENT_ADDR, 0, got, 1);
    g_assert_cmphex(st & DC_I2C_SW_STATUS__DC_I2C_SW_STOPPED_ON_NACK_MASK,
                    !=, 0);
    st = read_at(h, 0, 0x40, 0, got, 1);
    g_assert_cmphex(st & DC_I2C_SW_STATUS__DC_I2C_SW_STOPPED_ON_NACK_MASK,
                    !=, 0);
    /* Another DDC line has no monitor. */
    st = read_at(h, 1, EDID_ADDR, 0, got, 1);
    g_assert_cmphex(st & DC_I2C_SW_STATUS__DC_I2C_SW_STOPPED_ON_NACK_MASK,
                    !=, 0);
    /* The EEPROM still answers on DDC 1. */
    st = read_at(h, 0, EDID_ADDR, 0, got, 1);
    g_assert_cmphex(st & DC_I2C_SW_STATUS__DC_I2C_SW_STOPPED_ON_NACK_MASK,
                    ==, 0);
    teardown(h);
}

/*
 * Hostile programming: four transactions of 255 bytes each, run from an
 * index near the buffer's end, stay inside the 256-byte buffer (the run
 * wraps in it); byte-wide writes and reads of DC_I2C_DATA too.
 */
static void test_bounds(void)
{
    AemuTestHost *h = setup();
    uint32_t st;

    attach(h, AEMU_EDID_MAX);
    for (int t = 0; t < 4; t++) {
        aemu_test_wreg(h, mmDC_I2C_TRANSACTION0 + t,
                       transaction(t & 1, 255, t == 3));
    }
    data_write(h, DC_I2C_DATA__DC_I2C_INDEX_WRITE_MASK |
                  255u << DC_I2C_DATA__DC_I2C_INDEX__SHIFT |
                  (uint32_t)(EDID_ADDR << 1) << DC_I2C_DATA__DC_I2C_DATA__SHIFT);
    aemu_test_wreg(h, mmDC_I2C_CONTROL,
                   DC_I2C_CONTROL__DC_I2C_GO_MASK |
                   DC_I2C_CONTROL__DC_I2C_TRANSACTION_COUNT_MASK |
                   DC_I2C_CONTROL__DC_I2C_DDC_SELECT_MASK);
    st = aemu_test_rreg(h, mmDC_I2C_SW_STATUS);
    g_assert_cmphex(st & DC_I2C_SW_STATUS__DC_I2C_SW_DONE_MASK, !=, 0);
    for (int i = 0; i < 600; i++) {
        (void)aemu_test_rreg(h, mmDC_I2C_DATA);
    }
    data_write(h, DC_I2C_DATA__DC_I2C_DATA_RW_MASK);
    for (int i = 0; i < 600; i++) {
        (void)aemu_test_rreg(h, mmDC_I2C_DATA);
    }
    /* An EDID larger than the model serves, or none, is refused. */
    g_assert_false(aemu_display_set_monitor(h->dev, true, NULL, 0));
    {
        uint8_t big[AEMU_EDID_MAX + 1] = { 0 };

        g_assert_false(aemu_display_set_monitor(h->dev, true, big,
                                                sizeof(big)));
    }
    teardown(h);
}

static uint32_t hpd_status(AemuTestHost *h)
{
    return aemu_test_rreg(h, mmDC_HPD1_INT_STATUS);
}

/*
 * HPD 1: sense follows the monitor; the interrupt status is sense ==
 * polarity until acked; a host change with the interrupt enabled sends
 * IV src 42 / src_data 0 once.
 */
static void test_hpd(void)
{
    AemuTestHost *h = setup();
    const uint32_t sense = DC_HPD1_INT_STATUS__DC_HPD1_SENSE_MASK |
                           DC_HPD1_INT_STATUS__DC_HPD1_SENSE_DELAYED_MASK;
    AemuIvEntry iv;

    g_assert_cmphex(hpd_status(h) & sense, ==, 0);
    g_assert_cmphex(aemu_test_rreg(h, mmDC_GPIO_HPD_Y) &
                    DC_GPIO_HPD_Y__DC_GPIO_HPD1_Y_MASK, ==, 0);

    /* The driver waits for a connect: polarity 1, interrupt enabled. */
    aemu_test_wreg(h, mmDC_HPD1_INT_CONTROL,
                   DC_HPD1_INT_CONTROL__DC_HPD1_INT_POLARITY_MASK |
                   DC_HPD1_INT_CONTROL__DC_HPD1_INT_EN_MASK);
    g_assert_cmphex(hpd_status(h) & DC_HPD1_INT_STATUS__DC_HPD1_INT_STATUS_MASK,
                    ==, 0);
    attach(h, EDID_BLOCK);
    g_assert_cmphex(hpd_status(h) & sense, ==, sense);
    g_assert_cmphex(aemu_test_rreg(h, mmDC_GPIO_HPD_Y) &
                    DC_GPIO_HPD_Y__DC_GPIO_HPD1_Y_MASK, !=, 0);
    g_assert_cmphex(hpd_status(h) & DC_HPD1_INT_STATUS__DC_HPD1_INT_STATUS_MASK,
                    !=, 0);
    /* radeon's cik_irq_ack sees it in the summary register too. */
    g_assert_cmphex(aemu_test_rreg(h, mmDISP_INTERRUPT_STATUS), ==,
                    DISP_INTERRUPT_STATUS__DC_HPD1_INTERRUPT_MASK);
    g_assert_cmpuint(ivs->len, ==, 1);
    iv = g_array_index(ivs, AemuIvEntry, 0);
    g_assert_cmpuint(iv.src_id, ==, SRCID_HPD);
    g_assert_cmpuint(iv.src_data[0], ==, 0);
    /* The same state again: no change, no IV. */
    attach(h, EDID_BLOCK);
    g_assert_cmpuint(ivs->len, ==, 1);

    /* Ack, then the driver flips the polarity to wait for a disconnect. */
    aemu_test_wreg(h, mmDC_HPD1_INT_CONTROL,
                   DC_HPD1_INT_CONTROL__DC_HPD1_INT_POLARITY_MASK |
                   DC_HPD1_INT_CONTROL__DC_HPD1_INT_EN_MASK |
                   DC_HPD1_INT_CONTROL__DC_HPD1_INT_ACK_MASK);
    g_assert_cmphex(hpd_status(h) & DC_HPD1_INT_STATUS__DC_HPD1_INT_STATUS_MASK,
                    ==, 0);
    g_assert_cmphex(aemu_test_rreg(h, mmDISP_INTERRUPT_STATUS), ==, 0);
    g_assert_cmphex(aemu_test_rreg(h, mmDC_HPD1_INT_CONTROL) &
                    DC_HPD1_INT_CONTROL__DC_HPD1_INT_ACK_MASK, ==, 0);
    aemu_test_wreg(h, mmDC_HPD1_INT_CONTROL,
                   DC_HPD1_INT_CONTROL__DC_HPD1_INT_EN_MASK);
    g_assert_cmphex(hpd_status(h) & DC_HPD1_INT_STATUS__DC_HPD1_INT_STATUS_MASK,
                    ==, 0);
    g_assert_true(aemu_display_set_monitor(h->dev, false, NULL, 0));
    g_assert_cmphex(hpd_status(h) & sense, ==, 0);
    g_assert_cmpuint(ivs->len, ==, 2);

    /* With the interrupt disabled a change sends nothing. */
    aemu_test_wreg(h, mmDC_HPD1_INT_CONTROL,
                   DC_HPD1_INT_CONTROL__DC_HPD1_INT_POLARITY_MASK);
    attach(h, EDID_BLOCK);
    g_assert_cmpuint(ivs->len, ==, 2);
    teardown(h);
}

/*
 * A snapshot taken in the middle of DC's reply read keeps the buffer, its
 * index and the EEPROM's offset; a cold reset clears them.
 */
static void test_state(void)
{
    AemuTestHost *h = setup();
    uint8_t want[AEMU_EDID_MAX], got[EDID_BLOCK];
    uint8_t *blob;
    size_t len;
    char *err = NULL;

    fill_edid(want, sizeof(want));
    attach(h, sizeof(want));
    read_at(h, 0, EDID_ADDR, 0, got, 8);
    /* DC half way through its reply loop: four bytes read. */
    data_write(h, DC_I2C_DATA__DC_I2C_DATA_RW_MASK |
                  DC_I2C_DATA__DC_I2C_INDEX_WRITE_MASK |
                  (3 + 4) << DC_I2C_DATA__DC_I2C_INDEX__SHIFT);
    g_assert_true(aemu_state_save(h->dev, &blob, &len, &err));
    aemu_device_reset(h->dev, AEMU_RESET_COLD);
    g_assert_cmpuint(AEMU_REG_GET(aemu_test_rreg(h, mmDC_I2C_DATA),
                                  DC_I2C_DATA, DC_I2C_DATA), ==, 0);
    g_assert_true(aemu_state_load(h->dev, blob, len, &err));
    aemu_state_free(blob);
    /* The reply's next byte: DC's loop goes on where it was. */
    g_assert_cmphex(AEMU_REG_GET(aemu_test_rreg(h, mmDC_I2C_DATA),
                                 DC_I2C_DATA, DC_I2C_DATA), ==, want[4]);
    teardown(h);
}

int main(int argc, char **argv)
{
    g_test_init(&argc, &argv, NULL);
    g_test_add_func("/dce-v8-i2c/edid-read", test_edid_read);
    g_test_add_func("/dce-v8-i2c/edid-wrap", test_edid_wrap);
    g_test_add_func("/dce-v8-i2c/nack", test_nack);
    g_test_add_func("/dce-v8-i2c/bounds", test_bounds);
    g_test_add_func("/dce-v8-i2c/hpd", test_hpd);
    g_test_add_func("/dce-v8-i2c/state", test_state);
    return g_test_run();
}
