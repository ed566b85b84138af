/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Tests of the qtest client (aemu-qtest.c) against the plain q35 machine:
 * its host bridge, the ICH9 functions at 00:1f (LPC, AHCI, SMBus), the RTC
 * for I/O ports and interrupts, guest RAM, and a pcie-root-port as a source
 * of MSI-X and INTx.  The amdgpu-emu case (64-bit BAR placement, MSI
 * programming) skips when QEMU was built without the device.
 *
 * Needs AEMU_QEMU (see aemu-qtest.h).
 */
#include "aemu-qtest.h"

#include <signal.h>
#include <string.h>

#define Q35_HOST_VENDOR 0x8086
#define Q35_HOST_DEVICE 0x29c0
#define ICH9_LPC_DEVICE 0x2918
#define ICH9_AHCI_DEVICE 0x2922
#define ICH9_SMBUS_DEVICE 0x2930
#define PCI_CAP_ID_SATA 0x12
#define AMDGPU_EMU_VENDOR 0x1002
#define AMDGPU_EMU_DEVICE 0x67b0
#define REDHAT_VENDOR 0x1b36
#define QEMU_ROOT_PORT_DEVICE 0x000c

#define RTC_INDEX 0x70
#define RTC_DATA 0x71

static bool qemu_has_device(const char *name)
{
    AemuQTest *qt;
    char *err = NULL;
    bool ok;

    /* Cheaper than parsing `-device help`: just try to create it. */
    qt = aqt_try_start(&err, "-device %s", name);
    ok = qt != NULL;
    aqt_quit(qt);
    g_free(err);
    return ok;
}

static void test_host_bridge(void)
{
    AemuQTest *qt = aqt_start(NULL);
    uint16_t bdf = 0xffff;

    g_assert_true(aqt_pci_find(qt, Q35_HOST_VENDOR, Q35_HOST_DEVICE, &bdf));
    g_assert_cmphex(bdf, ==, AQT_BDF(0, 0, 0));
    g_assert_cmphex(aqt_pci_cfg_read32(qt, bdf, 0), ==, 0x29c08086);
    g_assert_cmphex(aqt_pci_cfg_read16(qt, bdf, AQT_PCI_VENDOR_ID), ==,
                    Q35_HOST_VENDOR);
    g_assert_cmphex(aqt_pci_cfg_read16(qt, bdf, AQT_PCI_DEVICE_ID), ==,
                    Q35_HOST_DEVICE);
    g_assert_cmphex(aqt_pci_cfg_read8(qt, bdf, 1), ==, 0x80);
    g_assert_cmphex(aqt_pci_cfg_read8(qt, bdf, 3), ==, 0x29);
    /* Class: host bridge 06/00, header type 0. */
    g_assert_cmphex(aqt_pci_cfg_read16(qt, bdf, AQT_PCI_CLASS_DEVICE), ==,
                    0x0600);
    g_assert_cmphex(aqt_pci_cfg_read8(qt, bdf, AQT_PCI_HEADER_TYPE) & 0x7f,
                    ==, 0);
    /* An empty slot reads as all ones. */
    g_assert_cmphex(aqt_pci_cfg_read32(qt, AQT_BDF(0, 0x17, 0), 0), ==,
                    0xffffffff);
    g_assert_false(aqt_pci_find(qt, 0x1234, 0x5678, NULL));
    aqt_quit(qt);
}

static void test_multifunction_and_caps(void)
{
    AemuQTest *qt = aqt_start(NULL);
    uint16_t lpc, ahci, smbus;
    uint8_t msi, sata;

    /* 00:1f is multi-function; the scan must look past function 0. */
    g_assert_true(aqt_pci_find(qt, 0x8086, ICH9_LPC_DEVICE, &lpc));
    g_assert_cmphex(lpc, ==, AQT_BDF(0, 0x1f, 0));
    g_assert_true(aqt_pci_find(qt, 0x8086, ICH9_AHCI_DEVICE, &ahci));
    g_assert_cmphex(ahci, ==, AQT_BDF(0, 0x1f, 2));
    g_assert_true(aqt_pci_find(qt, 0x8086, ICH9_SMBUS_DEVICE, &smbus));
    g_assert_cmphex(smbus, ==, AQT_BDF(0, 0x1f, 3));

    /* ICH9 AHCI: MSI (64-bit) and the SATA capability. */
    msi = aqt_pci_find_cap(qt, ahci, AQT_PCI_CAP_ID_MSI);
    sata = aqt_pci_find_cap(qt, ahci, PCI_CAP_ID_SATA);
    g_assert_cmphex(msi, >=, 0x40);
    g_assert_cmphex(sata, >=, 0x40);
    g_assert_cmphex(aqt_pci_cfg_read8(qt, ahci, msi), ==, AQT_PCI_CAP_ID_MSI);
    g_assert_true(aqt_pci_cfg_read16(qt, ahci, msi + 2) & 0x80);
    g_assert_cmphex(aqt_pci_find_cap(qt, ahci, AQT_PCI_CAP_ID_MSIX), ==, 0);
    g_assert_cmphex(aqt_pci_find_next_cap(qt, ahci, msi, AQT_PCI_CAP_ID_MSI),
                    ==, 0);

    /* MMCONFIG: the same config space at 0xb0000000 + (bdf << 12). */
    {
        uint64_t base = aqt_pci_mmcfg_enable(qt);

        g_assert_cmphex(aqt_readl(qt, base), ==, 0x29c08086);
        g_assert_cmphex(aqt_readl(qt, base + ((uint64_t)ahci << 12)), ==,
                        0x29228086);
        /* A conventional function has no extended space: it reads ~0. */
        g_assert_cmphex(aqt_pci_cfg_read32(qt, ahci, 0x100), ==, 0xffffffff);
        g_assert_cmphex(aqt_pci_find_ext_cap(qt, ahci, 1), ==, 0);
    }
    aqt_quit(qt);
}

static void test_bars(void)
{
    AemuQTest *qt = aqt_start(NULL);
    AqtBar bars[6], probe;
    uint16_t ahci;
    unsigned n;

    g_assert_true(aqt_pci_find(qt, 0x8086, ICH9_AHCI_DEVICE, &ahci));
    /* BAR4: index/data I/O pair (32 bytes); BAR5: ABAR, 32-bit memory. */
    g_assert_cmpuint(aqt_pci_bar_probe(qt, ahci, 4, &probe), ==, 32);
    g_assert_true(probe.is_io);
    g_assert_cmpuint(aqt_pci_bar_probe(qt, ahci, 5, &probe), >=, 0x1000);
    g_assert_false(probe.is_io);
    g_assert_false(probe.is_64);
    g_assert_cmpuint(aqt_pci_bar_probe(qt, ahci, 0, &probe), ==, 0);

    n = aqt_pci_map_bars(qt, ahci, bars);
    g_assert_cmpuint(n, ==, 2);
    g_assert_cmphex(bars[5].addr, >=, 0xc0000000);
    g_assert_cmphex(bars[5].addr % bars[5].size, ==, 0);
    g_assert_cmphex(bars[4].addr, >=, 0xc000);
    g_assert_cmphex(aqt_pci_cfg_read32(qt, ahci, AQT_PCI_BAR0 + 20), ==,
                    bars[5].addr);
    g_assert_cmphex(aqt_pci_cfg_read16(qt, ahci, AQT_PCI_COMMAND) & 7, ==, 7);
    /* AHCI version register (ABAR + 0x10): 1.0 or later. */
    g_assert_cmphex(aqt_readl(qt, bars[5].addr + 0x10), >=, 0x00010000);
    /* A second device's BARs never overlap the first's. */
    {
        uint16_t smbus;
        AqtBar sb[6];

        g_assert_true(aqt_pci_find(qt, 0x8086, ICH9_SMBUS_DEVICE, &smbus));
        aqt_pci_map_bars(qt, smbus, sb);
        for (unsigned i = 0; i < 6; i++) {
            if (sb[i].size && sb[i].is_io == bars[4].is_io) {
                g_assert_true(sb[i].addr >= bars[4].addr + bars[4].size ||
                              sb[i].addr + sb[i].size <= bars[4].addr);
            }
        }
    }
    /* No expansion ROM on AHCI. */
    {
        uint64_t rom = 1;

        g_assert_cmpuint(aqt_pci_map_rom(qt, ahci, &rom), ==, 0);
        g_assert_cmpuint(rom, ==, 0);
    }
    aqt_quit(qt);
}

/*
 * A PCIe root port signals a "command completed" slot event whenever its
 * Slot Control register is written with HPIE and CCIE set: an interrupt any
 * test can fire.  The generic root port has MSI-X (table in BAR0) and INTx.
 */
#define RP_SLTCTL 0x18
#define RP_SLTSTA 0x1a
#define RP_SLTCTL_CCIE 0x0010
#define RP_SLTCTL_HPIE 0x0020
#define RP_SLTSTA_CC 0x0010

static AemuQTest *root_port_start(uint16_t *bdf, uint8_t *exp)
{
    AemuQTest *qt = aqt_start("-device pcie-root-port,id=rp0,bus=pcie.0,"
                              "addr=0x10,chassis=1,slot=1");

    g_assert_true(aqt_pci_find(qt, REDHAT_VENDOR, QEMU_ROOT_PORT_DEVICE, bdf));
    g_assert_cmphex(*bdf, ==, AQT_BDF(0, 0x10, 0));
    g_assert_cmphex(aqt_pci_cfg_read8(qt, *bdf, AQT_PCI_HEADER_TYPE) & 0x7f,
                    ==, 1);
    *exp = aqt_pci_find_cap(qt, *bdf, AQT_PCI_CAP_ID_EXP);
    g_assert_cmphex(*exp, !=, 0);
    return qt;
}

/* MSI-X aimed at guest RAM lands in RAM: q35 has no special MSI path. */
static void test_msix_to_ram(void)
{
    uint16_t rp;
    uint8_t exp;
    AemuQTest *qt;
    AqtBar bars[6];
    uint64_t cell;
    uint32_t bus_numbers;
    uint16_t cmd;

    if (!qemu_has_device("pcie-root-port")) {
        g_test_skip("QEMU has no pcie-root-port");
        return;
    }
    qt = root_port_start(&rp, &exp);
    cell = aqt_alloc(qt, 64, 64);

    /* Type 1 header: only BAR0/BAR1 are BARs; 0x18 (bus numbers) is kept. */
    bus_numbers = aqt_pci_cfg_read32(qt, rp, 0x18);
    g_assert_cmpuint(aqt_pci_map_bars(qt, rp, bars), ==, 1);
    g_assert_cmphex(aqt_pci_cfg_read32(qt, rp, 0x18), ==, bus_numbers);
    g_assert_cmpuint(bars[0].size, >=, 0x1000);
    g_assert_cmpuint(bars[2].size, ==, 0);

    aqt_writel(qt, cell, 0);
    aqt_writel(qt, cell + 4, 0x55555555);
    g_assert_true(aqt_pci_msix_enable(qt, rp, bars, 0, cell, 0xabcd1234));
    /* The table entry reads back through the BAR. */
    g_assert_cmphex(aqt_readl(qt, bars[0].addr + 0), ==, (uint32_t)cell);
    g_assert_cmphex(aqt_readl(qt, bars[0].addr + 8), ==, 0xabcd1234);
    g_assert_cmphex(aqt_readl(qt, cell), ==, 0);

    /* Without Bus Master Enable the message is dropped. */
    cmd = aqt_pci_cfg_read16(qt, rp, AQT_PCI_COMMAND);
    g_assert_true(cmd & AQT_PCI_COMMAND_MASTER);
    aqt_pci_cfg_write16(qt, rp, AQT_PCI_COMMAND,
                        cmd & ~AQT_PCI_COMMAND_MASTER);
    aqt_pci_cfg_write16(qt, rp, exp + RP_SLTCTL,
                        aqt_pci_cfg_read16(qt, rp, exp + RP_SLTCTL) |
                        RP_SLTCTL_HPIE | RP_SLTCTL_CCIE);
    g_assert_true(aqt_pci_cfg_read16(qt, rp, exp + RP_SLTSTA) & RP_SLTSTA_CC);
    g_assert_cmphex(aqt_readl(qt, cell), ==, 0);

    /* Acknowledge, re-enable bus mastering, fire again. */
    aqt_pci_cfg_write16(qt, rp, exp + RP_SLTSTA, RP_SLTSTA_CC);
    aqt_pci_cfg_write16(qt, rp, AQT_PCI_COMMAND, cmd);
    aqt_pci_cfg_write16(qt, rp, exp + RP_SLTCTL,
                        aqt_pci_cfg_read16(qt, rp, exp + RP_SLTCTL));
    /* One 32-bit little-endian write of the data, nothing around it. */
    g_assert_cmphex(aqt_readl(qt, cell), ==, 0xabcd1234);
    g_assert_cmphex(aqt_readl(qt, cell + 4), ==, 0x55555555);
    aqt_quit(qt);
}

/*
 * INTx through the IO-APIC: the root port's INTA arrives on one of GSI
 * 16..23.  QEMU's root port drives the same pin from its AER root logic in
 * the same config write (pcie_aer_root_write_config sets it to the AER
 * state, 0), so the one write yields "IRQ raise N" and "IRQ lower N" before
 * its "OK": the case checks the recorded events, not the final level.
 */
static void test_intx(void)
{
    uint16_t rp;
    uint8_t exp;
    AemuQTest *qt;
    AqtBar bars[6];
    unsigned raised = 0, line = 0;

    if (!qemu_has_device("pcie-root-port")) {
        g_test_skip("QEMU has no pcie-root-port");
        return;
    }
    qt = root_port_start(&rp, &exp);

    aqt_pci_map_bars(qt, rp, bars);
    aqt_irq_intercept_in(qt, "ioapic");
    g_assert_cmphex(aqt_pci_cfg_read8(qt, rp, AQT_PCI_INTERRUPT_PIN), ==, 1);
    g_assert_cmpuint(aqt_irq_event_count(qt), ==, 0);
    aqt_pci_cfg_write16(qt, rp, exp + RP_SLTCTL,
                        aqt_pci_cfg_read16(qt, rp, exp + RP_SLTCTL) |
                        RP_SLTCTL_HPIE | RP_SLTCTL_CCIE);
    for (unsigned gsi = 0; gsi < 24; gsi++) {
        if (aqt_irq_raise_count(qt, gsi)) {
            raised++;
            line = gsi;
        }
    }
    g_assert_cmpuint(raised, ==, 1);
    g_assert_cmpuint(line, >=, 16);
    g_assert_cmpuint(aqt_irq_raise_count(qt, line), ==, 1);
    g_assert_cmpuint(aqt_irq_event_count(qt), ==, 2);
    g_assert_false(aqt_irq_level(qt, line));
    g_test_message("00:10.0 INTA -> IO-APIC input %u", line);
    aqt_quit(qt);
}

static void test_memory(void)
{
    AemuQTest *qt = aqt_start("-m 256M");
    uint64_t a = aqt_alloc(qt, 100000, 4096);
    uint64_t b = aqt_alloc(qt, 16, 0);
    uint8_t *buf = g_malloc(100000), *back = g_malloc0(100000);

    g_assert_cmphex(a, >=, 16u << 20);
    g_assert_cmphex(a % 4096, ==, 0);
    g_assert_cmphex(b, >=, a + 100000);
    /* Bulk round trip across several requests. */
    for (unsigned i = 0; i < 100000; i++) {
        buf[i] = (uint8_t)(i * 7 + (i >> 8));
    }
    aqt_memwrite(qt, a, buf, 100000);
    aqt_memread(qt, a, back, 100000);
    g_assert_cmpmem(buf, 100000, back, 100000);
    aqt_memread(qt, a + 3, back, 1);
    g_assert_cmphex(back[0], ==, buf[3]);

    /* Sized accesses are little-endian views of the same bytes. */
    aqt_writeq(qt, b, 0x1122334455667788ull);
    g_assert_cmphex(aqt_readq(qt, b), ==, 0x1122334455667788ull);
    g_assert_cmphex(aqt_readl(qt, b), ==, 0x55667788);
    g_assert_cmphex(aqt_readl(qt, b + 4), ==, 0x11223344);
    g_assert_cmphex(aqt_readw(qt, b + 2), ==, 0x5566);
    g_assert_cmphex(aqt_readb(qt, b + 7), ==, 0x11);
    aqt_writeb(qt, b, 0xaa);
    aqt_writew(qt, b + 2, 0xbbcc);
    aqt_writel(qt, b + 4, 0xdeadbeef);
    g_assert_cmphex(aqt_readq(qt, b), ==, 0xdeadbeefbbcc77aaull);
    aqt_memset(qt, b, 0x5a, 8);
    g_assert_cmphex(aqt_readq(qt, b), ==, 0x5a5a5a5a5a5a5a5aull);

    /* -m 256M moves the end of the allocator. */
    g_assert_cmphex(aqt_alloc(qt, 200u << 20, 1u << 20), <, 256u << 20);
    g_free(buf);
    g_free(back);
    aqt_quit(qt);
}

static uint8_t rtc_read(AemuQTest *qt, uint8_t reg)
{
    aqt_outb(qt, RTC_INDEX, reg);
    return aqt_inb(qt, RTC_DATA);
}

static void rtc_write(AemuQTest *qt, uint8_t reg, uint8_t v)
{
    aqt_outb(qt, RTC_INDEX, reg);
    aqt_outb(qt, RTC_DATA, v);
}

static void test_io_clock_irq(void)
{
    /* The RTC runs on the host clock unless told otherwise. */
    AemuQTest *qt = aqt_start("-rtc clock=vm");
    int64_t t0, t1;

    /* CMOS RAM byte through the RTC's index/data ports. */
    rtc_write(qt, 0x30, 0xa5);
    g_assert_cmphex(rtc_read(qt, 0x30), ==, 0xa5);
    /* The PCI config address register reads back what was written. */
    aqt_outl(qt, 0xcf8, 0x80000804u);
    g_assert_cmphex(aqt_inl(qt, 0xcf8), ==, 0x80000804u);
    g_assert_cmphex(aqt_inw(qt, 0xcf8), ==, 0x0804);

    t0 = aqt_clock_get(qt);
    t1 = aqt_clock_step(qt, 1000000);
    g_assert_cmpint(t1, ==, t0 + 1000000);
    g_assert_cmpint(aqt_clock_get(qt), ==, t1);
    g_assert_cmpint(aqt_clock_set(qt, t1 + 500), ==, t1 + 500);
    g_assert_cmpint(aqt_clock_set(qt, 0), ==, t1 + 500);  /* no going back */

    /* RTC periodic interrupt on IO-APIC input 8: IRQ lines interleave. */
    aqt_irq_intercept_in(qt, "ioapic");
    rtc_read(qt, 0x0c);                   /* clear pending flags */
    rtc_write(qt, 0x0a, 0x26);            /* 32 kHz base, 1024 Hz rate */
    rtc_write(qt, 0x0b, 0x42);            /* periodic interrupt enable, 24h */
    g_assert_false(aqt_irq_level(qt, 8));
    g_assert_cmpint(aqt_clock_step_next(qt), >, t1);
    aqt_clock_step(qt, 2000000);          /* two periods */
    g_assert_true(aqt_irq_level(qt, 8));
    g_assert_cmpuint(aqt_irq_raise_count(qt, 8), ==, 1);
    g_assert_true(rtc_read(qt, 0x0c) & 0xc0);   /* IRQF | PF, clears */
    g_assert_false(aqt_irq_level(qt, 8));
    g_assert_cmpuint(aqt_irq_event_count(qt), ==, 2);
    aqt_clock_step(qt, 1000000);
    g_assert_cmpuint(aqt_irq_raise_count(qt, 8), ==, 2);
    aqt_irq_clear_counts(qt);
    g_assert_cmpuint(aqt_irq_raise_count(qt, 8), ==, 0);
    aqt_quit(qt);
}

static void test_expect_fail(void)
{
    char *err = NULL;
    AemuQTest *qt;

    g_assert_true(aqt_run_expect_fail("-device no-such-device-xyz", &err));
    g_assert_nonnull(strstr(err, "no-such-device-xyz"));
    g_free(err);

    g_assert_true(aqt_run_expect_fail("-m 1Q", &err));
    g_assert_cmpuint(strlen(err), >, 0);
    g_free(err);

    /* Valid arguments: QEMU starts, so it is not a refusal. */
    g_assert_false(aqt_run_expect_fail("-m 64M", &err));
    g_free(err);

    g_assert_null(aqt_try_start(&err, "-device no-such-device-xyz"));
    g_assert_nonnull(strstr(err, "no-such-device-xyz"));
    g_free(err);

    qt = aqt_try_start(&err, "-m 128M");
    g_assert_nonnull(qt);
    g_assert_null(err);
    err = aqt_stderr(qt);
    g_assert_cmpstr(err, ==, "");
    g_free(err);
    aqt_quit(qt);
}

/*
 * amdgpu-emu's VRAM BAR is 64-bit and RAM-backed: a write through it reads
 * back only if the BAR really decodes where it was placed.  Placed above
 * 4 GiB by default and in the 32-bit window when asked to.
 */
static void amdgpu_vram_roundtrip(AemuQTest *qt, const AqtBar *vram)
{
    static const char pattern[] = "aemu-qtest VRAM through BAR0";
    char back[sizeof(pattern)] = "";

    aqt_writel(qt, vram->addr + 0x1000, 0xcafef00d);
    g_assert_cmphex(aqt_readl(qt, vram->addr + 0x1000), ==, 0xcafef00d);
    aqt_memwrite(qt, vram->addr + vram->size - sizeof(pattern), pattern,
                 sizeof(pattern));
    aqt_memread(qt, vram->addr + vram->size - sizeof(pattern), back,
                sizeof(back));
    g_assert_cmpstr(back, ==, pattern);
}

static void test_amdgpu_bars_msi(void)
{
    AemuQTest *qt;
    AqtBar bars[6];
    uint16_t dev;
    uint8_t msi;
    uint64_t cell, rom_addr, rom_size;

    if (!qemu_has_device("amdgpu-emu")) {
        g_test_skip("QEMU has no amdgpu-emu device");
        return;
    }
    qt = aqt_start("-device amdgpu-emu");
    g_assert_true(aqt_pci_find(qt, AMDGPU_EMU_VENDOR, AMDGPU_EMU_DEVICE,
                               &dev));
    aqt_pci_map_bars(qt, dev, bars);
    for (unsigned i = 0; i < 6; i++) {
        g_test_message("amdgpu-emu BAR%u: size 0x%" G_GINT64_MODIFIER "x at "
                       "0x%" G_GINT64_MODIFIER "x%s%s%s%s", i, bars[i].size,
                       bars[i].addr, bars[i].is_io ? " io" : "",
                       bars[i].is_64 ? " 64-bit" : "",
                       bars[i].prefetch ? " prefetch" : "",
                       bars[i].upper_half ? " (upper half)" : "");
        if (bars[i].size) {
            g_assert_cmphex(bars[i].addr % bars[i].size, ==, 0);
        }
    }
    g_assert_true(bars[0].is_64);
    g_assert_cmphex(bars[0].addr, >=, 1ull << 32);
    g_assert_cmphex(aqt_pci_cfg_read32(qt, dev, AQT_PCI_BAR0 + 4), ==,
                    bars[0].addr >> 32);
    amdgpu_vram_roundtrip(qt, &bars[0]);

    rom_size = aqt_pci_map_rom(qt, dev, &rom_addr);
    if (rom_size) {
        g_assert_cmphex(aqt_readw(qt, rom_addr), ==, 0xaa55);
    }

    /* PCIe function on q35's root bus: extended space via MMCONFIG. */
    if (aqt_pci_find_cap(qt, dev, AQT_PCI_CAP_ID_EXP)) {
        g_assert_cmphex(aqt_pci_cfg_read32(qt, dev, 0x100), !=, 0xffffffff);
    }

    /* MSI programming: the fields read back as written. */
    msi = aqt_pci_find_cap(qt, dev, AQT_PCI_CAP_ID_MSI);
    cell = aqt_alloc(qt, 4, 4);
    if (msi) {
        uint16_t ctrl;

        g_assert_true(aqt_pci_msi_enable(qt, dev, cell, 0x4321));
        ctrl = aqt_pci_cfg_read16(qt, dev, msi + 2);
        g_assert_true(ctrl & 1);
        g_assert_cmphex(ctrl & 0x70, ==, 0);
        g_assert_cmphex(aqt_pci_cfg_read32(qt, dev, msi + 4), ==, cell);
        if (ctrl & 0x80) {
            g_assert_cmphex(aqt_pci_cfg_read32(qt, dev, msi + 8), ==, 0);
            g_assert_cmphex(aqt_pci_cfg_read16(qt, dev, msi + 12), ==, 0x4321);
        } else {
            g_assert_cmphex(aqt_pci_cfg_read16(qt, dev, msi + 8), ==, 0x4321);
        }
        aqt_pci_msi_disable(qt, dev);
        g_assert_false(aqt_pci_cfg_read16(qt, dev, msi + 2) & 1);
    }
    aqt_quit(qt);

    /* All BARs below 4 GiB on request. */
    qt = aqt_start("-device amdgpu-emu");
    g_assert_true(aqt_pci_find(qt, AMDGPU_EMU_VENDOR, AMDGPU_EMU_DEVICE,
                               &dev));
    aqt_pci_set_windows(qt, 0xc0000000, 0xfec00000, 0);
    aqt_pci_map_bars(qt, dev, bars);
    g_assert_cmphex(bars[0].addr, >=, 0xc0000000);
    g_assert_cmphex(bars[0].addr + bars[0].size, <=, 0xfec00000);
    g_assert_cmphex(aqt_pci_cfg_read32(qt, dev, AQT_PCI_BAR0 + 4), ==, 0);
    amdgpu_vram_roundtrip(qt, &bars[0]);
    aqt_quit(qt);
}

/*
 * A hung QEMU fails the test instead of hanging it: stop QEMU with SIGSTOP
 * in a subprocess and expect a fatal timeout there.
 */
static void test_timeout(void)
{
    if (g_test_subprocess()) {
        AemuQTest *qt = aqt_start(NULL);

        aqt_set_timeout_ms(qt, 300);
        kill(aqt_pid(qt), SIGSTOP);
        aqt_inb(qt, RTC_DATA);
        return;     /* not reached */
    }
    g_test_trap_subprocess(NULL, 30 * G_USEC_PER_SEC, 0);
    g_test_trap_assert_failed();
    g_test_trap_assert_stderr("*no answer from QEMU within 300 ms*");
}

/*
 * The QMP monitor every QEMU gets (aqt_qmp): answers, errors, and no
 * answer from a QEMU that cannot run its main loop (stopped with SIGSTOP):
 * the hostile qtests' liveness check can fail. And QEMU's RSS is read.
 */
#define QMP_STOPPED_WAIT_MS 300u

static void test_qmp_and_rss(void)
{
    AemuQTest *qt = aqt_start(NULL);
    g_autofree char *status =
        aqt_qmp(qt, "{\"execute\": \"query-status\"}", 0);
    g_autofree char *bad =
        aqt_qmp(qt, "{\"execute\": \"no-such-command\"}", 0);
    g_autofree char *none = NULL;

    g_assert_nonnull(strstr(status, "\"return\""));
    g_assert_nonnull(strstr(status, "\"running\""));
    g_assert_nonnull(strstr(bad, "\"error\""));
    g_assert_cmpuint(aqt_rss_kib(qt), >, 0);
    kill(aqt_pid(qt), SIGSTOP);
    none = aqt_qmp(qt, "{\"execute\": \"query-status\"}",
                   QMP_STOPPED_WAIT_MS);
    g_assert_null(none);
    kill(aqt_pid(qt), SIGCONT);
    aqt_quit(qt);
}

/* QEMU dying mid-test is reported with its exit status. */
static void test_qemu_death(void)
{
    if (g_test_subprocess()) {
        AemuQTest *qt = aqt_start(NULL);

        kill(aqt_pid(qt), SIGKILL);
        aqt_inb(qt, RTC_DATA);
        return;     /* not reached */
    }
    g_test_trap_subprocess(NULL, 30 * G_USEC_PER_SEC, 0);
    g_test_trap_assert_failed();
    g_test_trap_assert_stderr("*QEMU closed the qtest connection*signal 9*");
}

int main(int argc, char **argv)
{
    g_test_init(&argc, &argv, NULL);
    g_test_add_func("/aemu-qtest/host-bridge", test_host_bridge);
    g_test_add_func("/aemu-qtest/multifunction-caps",
                    test_multifunction_and_caps);
    g_test_add_func("/aemu-qtest/bars", test_bars);
    g_test_add_func("/aemu-qtest/msix-to-ram", test_msix_to_ram);
    g_test_add_func("/aemu-qtest/intx", test_intx);
    g_test_add_func("/aemu-qtest/memory", test_memory);
    g_test_add_func("/aemu-qtest/io-clock-irq", test_io_clock_irq);
    g_test_add_func("/aemu-qtest/expect-fail", test_expect_fail);
    g_test_add_func("/aemu-qtest/amdgpu-bars-msi", test_amdgpu_bars_msi);
    g_test_add_func("/aemu-qtest/timeout", test_timeout);
    g_test_add_func("/aemu-qtest/qmp-and-rss", test_qmp_and_rss);
    g_test_add_func("/aemu-qtest/qemu-death", test_qemu_death);
    return g_test_run();
}
