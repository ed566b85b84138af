/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Device tests of -device amdgpu-emu over QEMU's qtest protocol (no guest):
 * PCI identity, BAR sizes and types, the expansion ROM as the drivers read
 * it, register reset values through BAR5 and the I/O window, byte and word
 * accesses through both, the SMC ROM port, MSI and PCIe capabilities, the
 * config-space reset magic, VRAM seen alike through BAR0 and MM_INDEX, and
 * bad property values refused.
 */
#include <string.h>
#include "aemu-qtest.h"
#include "amdgpu-emu/regs/cik_regs.h"
#include "amdgpu-emu/regs/cik_fields.h"

#define MiB (1024ull * 1024ull)
#define ATI_VENDOR 0x1002
#define HAWAII_XT 0x67b0
#define ASIC_INIT_COMPLETE 0x200u       /* atombios.h, BIOS_SCRATCH_7 */
#define RESET_MAGIC_OFFSET 0x7c
#define RESET_MAGIC 0x39d5e86bu         /* AMDGPU_ASIC_RESET_DATA */

typedef struct Dev {
    AemuQTest *qt;
    uint16_t bdf;
    AqtBar bars[6];
} Dev;

static void dev_start(Dev *d, const char *props)
{
    d->qt = aqt_start("-m 512M -device amdgpu-emu%s", props ? props : "");
    g_assert_true(aqt_pci_find(d->qt, ATI_VENDOR, HAWAII_XT, &d->bdf));
    aqt_pci_map_bars(d->qt, d->bdf, d->bars);
}

static uint32_t rreg(Dev *d, uint32_t dw)
{
    return aqt_readl(d->qt, d->bars[5].addr + dw * 4ull);
}

static void wreg(Dev *d, uint32_t dw, uint32_t v)
{
    aqt_writel(d->qt, d->bars[5].addr + dw * 4ull, v);
}

static void test_identity(void)
{
    Dev d;

    dev_start(&d, NULL);
    g_assert_cmphex(aqt_pci_cfg_read16(d.qt, d.bdf, AQT_PCI_VENDOR_ID), ==,
                    ATI_VENDOR);
    g_assert_cmphex(aqt_pci_cfg_read16(d.qt, d.bdf, AQT_PCI_DEVICE_ID), ==,
                    HAWAII_XT);
    /* Display controller, other: amdgpu and radeon accept it, no VGA. */
    g_assert_cmphex(aqt_pci_cfg_read16(d.qt, d.bdf, AQT_PCI_CLASS_DEVICE), ==,
                    0x0380);
    g_assert_cmphex(aqt_pci_cfg_read8(d.qt, d.bdf, AQT_PCI_REVISION_ID), ==,
                    0);
    g_assert_cmphex(aqt_pci_cfg_read16(d.qt, d.bdf,
                                       AQT_PCI_SUBSYSTEM_VENDOR_ID), ==,
                    ATI_VENDOR);
    g_assert_cmphex(aqt_pci_cfg_read8(d.qt, d.bdf, AQT_PCI_INTERRUPT_PIN),
                    ==, 1);
    aqt_quit(d.qt);
}

static void test_bars(void)
{
    Dev d;

    dev_start(&d, NULL);
    /* BAR0: all of VRAM, 64-bit prefetchable. */
    g_assert_cmpuint(d.bars[0].size, ==, 256 * MiB);
    g_assert_true(d.bars[0].is_64 && d.bars[0].prefetch && !d.bars[0].is_io);
    /* BAR2: doorbells, 64-bit prefetchable, >= 8 KiB. */
    g_assert_cmpuint(d.bars[2].size, ==, 8 * MiB);
    g_assert_true(d.bars[2].is_64 && d.bars[2].prefetch);
    /* BAR4: I/O window. */
    g_assert_true(d.bars[4].is_io);
    g_assert_cmpuint(d.bars[4].size, ==, 256);
    /* BAR5: registers, 256 KiB, 32-bit non-prefetchable. */
    g_assert_cmpuint(d.bars[5].size, ==, 256 * 1024);
    g_assert_false(d.bars[5].is_64 || d.bars[5].prefetch || d.bars[5].is_io);
    aqt_quit(d.qt);
}

static void test_vram_size_property(void)
{
    Dev d;

    dev_start(&d, ",vram-size=512M");
    g_assert_cmpuint(d.bars[0].size, ==, 512 * MiB);
    g_assert_cmpuint(rreg(&d, mmCONFIG_MEMSIZE), ==, 512);
    g_assert_cmphex(rreg(&d, mmMC_VM_FB_LOCATION) >>
                    MC_VM_FB_LOCATION__FB_TOP__SHIFT, ==, (512 * MiB - 1) >> 24);
    aqt_quit(d.qt);
}

static uint16_t rd16(const uint8_t *p)
{
    return p[0] | p[1] << 8;
}

/* The checks drivers/pci/rom.c and amdgpu/radeon's check_atom_bios make. */
static void check_rom_image(const uint8_t *rom, size_t len)
{
    const uint8_t *pcir;
    unsigned sum = 0;
    uint16_t hdr;

    g_assert_cmpuint(len, >=, 0x200);
    g_assert_cmphex(rom[0], ==, 0x55);
    g_assert_cmphex(rom[1], ==, 0xaa);
    g_assert_cmpuint(rd16(rom + 0x18) + 0x18u, <, len);
    pcir = rom + rd16(rom + 0x18);
    g_assert_cmpmem(pcir, 4, "PCIR", 4);
    g_assert_cmphex(rd16(pcir + 4), ==, ATI_VENDOR);
    g_assert_cmphex(rd16(pcir + 6), ==, HAWAII_XT);
    g_assert_cmphex(pcir[0x14], ==, 0);             /* x86 code type */
    g_assert_true(pcir[0x15] & 0x80);               /* last image */
    g_assert_cmpuint(rd16(pcir + 0x10) * 512u, <=, len);
    for (size_t i = 0; i < rom[2] * 512u; i++) {
        sum += rom[i];
    }
    g_assert_cmpuint(sum & 0xff, ==, 0);
    g_assert_cmpmem(rom + 0x30, 10, " 761295520", 10);
    hdr = rd16(rom + 0x48);
    g_assert_cmpuint(hdr, !=, 0);
    g_assert_cmpmem(rom + hdr + 4, 4, "ATOM", 4);
}

static void test_rom_bar(void)
{
    Dev d;
    uint64_t rom_addr, rom_size;
    g_autofree uint8_t *rom = NULL;

    dev_start(&d, NULL);
    rom_size = aqt_pci_map_rom(d.qt, d.bdf, &rom_addr);
    g_assert_cmpuint(rom_size, >=, 4096);
    rom = g_malloc(rom_size);
    aqt_memread(d.qt, rom_addr, rom, rom_size);
    check_rom_image(rom, rom_size);
    aqt_quit(d.qt);
}

/* cik_read_bios_from_rom: the same image through SMC_IND_INDEX/DATA. */
static void test_smc_rom_port(void)
{
    Dev d;
    uint64_t rom_addr, rom_size;
    g_autofree uint8_t *rom = NULL, *port = NULL;

    dev_start(&d, NULL);
    rom_size = aqt_pci_map_rom(d.qt, d.bdf, &rom_addr);
    rom = g_malloc(rom_size);
    port = g_malloc(rom_size);
    aqt_memread(d.qt, rom_addr, rom, rom_size);
    wreg(&d, mmSMC_IND_INDEX_0, ixROM_INDEX);
    wreg(&d, mmSMC_IND_DATA_0, 0);
    wreg(&d, mmSMC_IND_INDEX_0, ixROM_DATA);
    /* The image proper: byte 2 counts 512-byte blocks. */
    for (size_t i = 0; i < rom[2] * 512u; i += 4) {
        uint32_t v = GUINT32_TO_LE(rreg(&d, mmSMC_IND_DATA_0));
        memcpy(port + i, &v, 4);
    }
    g_assert_cmpmem(port, rom[2] * 512u, rom, rom[2] * 512u);
    aqt_quit(d.qt);
}

static void test_register_reset_values(void)
{
    Dev d;

    dev_start(&d, NULL);
    g_assert_cmphex(rreg(&d, mmBIOS_SCRATCH_7) & ASIC_INIT_COMPLETE, ==,
                    ASIC_INIT_COMPLETE);
    g_assert_cmphex(rreg(&d, mmBASE_ADDR_4), ==, 0);
    g_assert_cmpuint(rreg(&d, mmCONFIG_MEMSIZE), ==, 256);
    g_assert_true(rreg(&d, mmMC_SEQ_SUP_CNTL) & MC_SEQ_SUP_CNTL__RUN_MASK);
    g_assert_cmphex(rreg(&d, mmSRBM_STATUS), ==, 0);
    g_assert_cmphex(rreg(&d, mmRLC_GPM_STAT) & RLC_GPM_STAT__RLC_BUSY_MASK,
                    ==, 0);
    wreg(&d, mmSMC_IND_INDEX_0, ixSMC_SYSCON_CLOCK_CNTL_0);
    g_assert_true(rreg(&d, mmSMC_IND_DATA_0) &
                  SMC_SYSCON_CLOCK_CNTL_0__ck_disable_MASK);
    /* Plain latches read back. */
    wreg(&d, mmSCRATCH_REG0, 0xcafedead);
    g_assert_cmphex(rreg(&d, mmSCRATCH_REG0), ==, 0xcafedead);
    /* The HDP flush handshake the engines wait on. */
    wreg(&d, mmGPU_HDP_FLUSH_REQ, GPU_HDP_FLUSH_DONE__CP0_MASK);
    g_assert_true(rreg(&d, mmGPU_HDP_FLUSH_DONE) &
                  GPU_HDP_FLUSH_DONE__CP0_MASK);
    aqt_quit(d.qt);
}

/* BAR4 mirrors the first registers: MM_INDEX/MM_DATA reach any register. */
static void test_io_window(void)
{
    Dev d;
    uint16_t io;

    dev_start(&d, NULL);
    io = d.bars[4].addr;
    aqt_outl(d.qt, io + mmMM_INDEX * 4, mmCONFIG_MEMSIZE * 4);
    g_assert_cmpuint(aqt_inl(d.qt, io + mmMM_DATA * 4), ==, 256);
    aqt_quit(d.qt);
}

#define SCRATCH0_OFFSET (mmSCRATCH_REG0 * 4ull)

static uint32_t byte_of(uint32_t v, unsigned i)
{
    return (v >> (8 * i)) & 0xff;
}

/*
 * Byte and word accesses through BAR5 reach only the bytes they address.
 * A qword is two dwords, low first; a misaligned dword QEMU splits into
 * aligned pieces, each reaching its own bytes.
 */
static void test_sub_dword_mmio(void)
{
    Dev d;
    uint64_t scratch;

    dev_start(&d, NULL);
    scratch = d.bars[5].addr + SCRATCH0_OFFSET;
    wreg(&d, mmSCRATCH_REG0, 0x11223344);
    aqt_writeb(d.qt, scratch, 0xaa);
    g_assert_cmphex(rreg(&d, mmSCRATCH_REG0), ==, 0x112233aa);
    aqt_writeb(d.qt, scratch + 2, 0xbb);
    g_assert_cmphex(rreg(&d, mmSCRATCH_REG0), ==, 0x11bb33aa);
    aqt_writew(d.qt, scratch + 2, 0xccdd);
    g_assert_cmphex(rreg(&d, mmSCRATCH_REG0), ==, 0xccdd33aa);
    aqt_writew(d.qt, scratch, 0xeeff);
    g_assert_cmphex(rreg(&d, mmSCRATCH_REG0), ==, 0xccddeeff);
    for (unsigned i = 0; i < 4; i++) {
        g_assert_cmphex(aqt_readb(d.qt, scratch + i), ==,
                        byte_of(0xccddeeff, i));
    }
    g_assert_cmphex(aqt_readw(d.qt, scratch), ==, 0xeeff);
    g_assert_cmphex(aqt_readw(d.qt, scratch + 2), ==, 0xccdd);

    aqt_writeq(d.qt, scratch, 0x5566778899aabbccull);
    g_assert_cmphex(rreg(&d, mmSCRATCH_REG0), ==, 0x99aabbcc);
    g_assert_cmphex(rreg(&d, mmSCRATCH_REG1), ==, 0x55667788);
    g_assert_cmphex(aqt_readq(d.qt, scratch), ==, 0x5566778899aabbccull);

    wreg(&d, mmSCRATCH_REG0, 0x11223344);
    wreg(&d, mmSCRATCH_REG1, 0x55667788);
    aqt_writel(d.qt, scratch + 1, 0xddccbbaa);
    g_assert_cmphex(rreg(&d, mmSCRATCH_REG0), ==, 0xccbbaa44);
    g_assert_cmphex(rreg(&d, mmSCRATCH_REG1), ==, 0x556677dd);
    aqt_quit(d.qt);
}

/*
 * The same through the I/O window: SCRATCH_REG0 lies beyond its 256 bytes,
 * so MM_INDEX/MM_DATA reach it, and MM_DATA's narrow writes keep the other
 * bytes of the register it points at. MM_INDEX itself is in the window.
 */
static void test_sub_dword_io(void)
{
    Dev d;
    uint16_t io, data;

    dev_start(&d, NULL);
    io = d.bars[4].addr;
    data = io + mmMM_DATA * 4;
    g_assert_cmpuint(SCRATCH0_OFFSET, >=, d.bars[4].size);
    wreg(&d, mmSCRATCH_REG0, 0x11223344);
    aqt_outl(d.qt, io + mmMM_INDEX * 4, SCRATCH0_OFFSET);
    aqt_outb(d.qt, data + 1, 0xaa);
    g_assert_cmphex(rreg(&d, mmSCRATCH_REG0), ==, 0x1122aa44);
    aqt_outw(d.qt, data + 2, 0xbbcc);
    g_assert_cmphex(rreg(&d, mmSCRATCH_REG0), ==, 0xbbccaa44);
    aqt_outb(d.qt, data, 0xdd);
    g_assert_cmphex(rreg(&d, mmSCRATCH_REG0), ==, 0xbbccaadd);
    for (unsigned i = 0; i < 4; i++) {
        g_assert_cmphex(aqt_inb(d.qt, data + i), ==, byte_of(0xbbccaadd, i));
    }
    g_assert_cmphex(aqt_inw(d.qt, data), ==, 0xaadd);
    g_assert_cmphex(aqt_inw(d.qt, data + 2), ==, 0xbbcc);

    /* MM_INDEX's high byte alone: the rest of the index stays. */
    aqt_outb(d.qt, io + mmMM_INDEX * 4 + 3, 0);
    g_assert_cmphex(aqt_inl(d.qt, io + mmMM_INDEX * 4), ==, SCRATCH0_OFFSET);
    aqt_quit(d.qt);
}

/* VRAM written through BAR0 is what the GPU sees (MM_INDEX aperture). */
static void test_vram_coherent(void)
{
    Dev d;

    dev_start(&d, NULL);
    aqt_writel(d.qt, d.bars[0].addr + 0x100000, 0x12345678);
    wreg(&d, mmMM_INDEX, 0x100000 | 0x80000000u);
    wreg(&d, mmMM_INDEX_HI, 0);
    g_assert_cmphex(rreg(&d, mmMM_DATA), ==, 0x12345678);
    wreg(&d, mmMM_DATA, 0x9abcdef0);
    g_assert_cmphex(aqt_readl(d.qt, d.bars[0].addr + 0x100000), ==,
                    0x9abcdef0);
    /* The top of VRAM is reachable, one dword past it is not. */
    aqt_writel(d.qt, d.bars[0].addr + 256 * MiB - 4, 0x55aa55aa);
    wreg(&d, mmMM_INDEX, (uint32_t)(256 * MiB - 4) | 0x80000000u);
    g_assert_cmphex(rreg(&d, mmMM_DATA), ==, 0x55aa55aa);
    aqt_quit(d.qt);
}

static void test_capabilities(void)
{
    Dev d;
    uint8_t msi, exp;
    uint16_t flags;

    dev_start(&d, NULL);
    msi = aqt_pci_find_cap(d.qt, d.bdf, AQT_PCI_CAP_ID_MSI);
    g_assert_cmpuint(msi, !=, 0);
    flags = aqt_pci_cfg_read16(d.qt, d.bdf, msi + 2);
    g_assert_true(flags & 0x0080);                  /* 64-bit address */
    g_assert_cmphex((flags >> 1) & 7, ==, 0);       /* one vector */
    exp = aqt_pci_find_cap(d.qt, d.bdf, AQT_PCI_CAP_ID_EXP);
    g_assert_cmpuint(exp, !=, 0);
    g_assert_cmpuint(aqt_pci_find_cap(d.qt, d.bdf, AQT_PCI_CAP_ID_PM), !=, 0);
    /* amdgpu's reset magic lands on 0x7C: nothing there may be writable. */
    g_assert_true(exp + 0x24 == RESET_MAGIC_OFFSET ||
                  exp > RESET_MAGIC_OFFSET || exp + 0x3c <= RESET_MAGIC_OFFSET);
    aqt_quit(d.qt);
}

/* amdgpu_device_pci_config_reset: the magic at 0x7C resets the ASIC. */
static void test_config_reset(void)
{
    Dev d;
    uint32_t before;

    dev_start(&d, NULL);
    before = aqt_pci_cfg_read32(d.qt, d.bdf, RESET_MAGIC_OFFSET);
    wreg(&d, mmSCRATCH_REG0, 0x1234);
    /* Another value is no reset, and 0x7C is read-only. */
    aqt_pci_cfg_write32(d.qt, d.bdf, RESET_MAGIC_OFFSET, 0x11111111);
    g_assert_cmphex(rreg(&d, mmSCRATCH_REG0), ==, 0x1234);
    g_assert_cmphex(aqt_pci_cfg_read32(d.qt, d.bdf, RESET_MAGIC_OFFSET), ==,
                    before);
    aqt_pci_cfg_write32(d.qt, d.bdf, RESET_MAGIC_OFFSET, RESET_MAGIC);
    g_assert_cmphex(rreg(&d, mmSCRATCH_REG0), ==, 0);
    /* Not posted any more: the driver runs ATOM ASIC_Init next. */
    g_assert_cmphex(rreg(&d, mmBIOS_SCRATCH_7) & ASIC_INIT_COMPLETE, ==, 0);
    g_assert_cmpuint(rreg(&d, mmCONFIG_MEMSIZE), ==, 256);
    aqt_quit(d.qt);
}

/*
 * q35's ICH9 LPC bridge (00:1f.0) and the ACPI registers a guest sleeps
 * with (ICH9 datasheet; QEMU's hw/isa/lpc_ich9.c, hw/acpi/core.c).
 */
#define LPC_BDF ((0x1f << 3) | 0)
#define LPC_PMBASE 0x40
#define LPC_ACPI_CNTL 0x44
#define LPC_ACPI_EN 0x80
#define PM_IO_BASE 0x600
#define PM1_CNT (PM_IO_BASE + 4)
#define PM1_CNT_SLP_TYP_S3 (1u << 10)
#define PM1_CNT_SLP_EN (1u << 13)

static bool run_state_is(AemuQTest *qt, const char *state)
{
    g_autofree char *answer = aqt_qmp(qt, "{\"execute\": \"query-status\"}", 0);
    g_autofree char *want = g_strdup_printf("\"status\": \"%s\"", state);

    g_assert_nonnull(answer);
    return strstr(answer, want) != NULL;
}

/*
 * An S3 wake-up (pc_machine_wakeup resets every device with
 * RESET_TYPE_WAKEUP): the glue resets the core as AEMU_RESET_WAKE, so the
 * registers are back to their reset values but the ASIC is not posted,
 * unlike after a machine reset. The machine sleeps through PM1_CNT and is
 * woken by QMP's system_wakeup (the RTC alarm, which the suspend plans
 * also use, needs the RTC on the host clock: the virtual clock the qtest
 * steps does not run timers while the machine sleeps).
 */
static void test_s3_wakeup(void)
{
    Dev d;

    d.qt = aqt_start("-m 512M -device amdgpu-emu");
    g_assert_true(aqt_pci_find(d.qt, ATI_VENDOR, HAWAII_XT, &d.bdf));
    aqt_pci_map_bars(d.qt, d.bdf, d.bars);
    g_assert_cmphex(rreg(&d, mmBIOS_SCRATCH_7) & ASIC_INIT_COMPLETE, ==,
                    ASIC_INIT_COMPLETE);
    wreg(&d, mmSCRATCH_REG0, 0x1234);

    aqt_pci_cfg_write32(d.qt, LPC_BDF, LPC_PMBASE, PM_IO_BASE | 1);
    aqt_pci_cfg_write8(d.qt, LPC_BDF, LPC_ACPI_CNTL, LPC_ACPI_EN);
    aqt_outw(d.qt, PM1_CNT, PM1_CNT_SLP_TYP_S3 | PM1_CNT_SLP_EN);
    g_assert_true(run_state_is(d.qt, "suspended"));
    /* Still posted while asleep: nothing was reset yet. */
    g_assert_cmphex(rreg(&d, mmSCRATCH_REG0), ==, 0x1234);
    g_free(aqt_qmp(d.qt, "{\"execute\": \"system_wakeup\"}", 0));
    aqt_sync(d.qt);
    g_assert_true(run_state_is(d.qt, "running"));

    /* The wake-up reset the bus too: map the BARs again. */
    aqt_pci_map_bars(d.qt, d.bdf, d.bars);
    g_assert_cmphex(rreg(&d, mmSCRATCH_REG0), ==, 0);
    g_assert_cmphex(rreg(&d, mmBIOS_SCRATCH_7) & ASIC_INIT_COMPLETE, ==, 0);
    g_assert_cmpuint(rreg(&d, mmCONFIG_MEMSIZE), ==, 256);
    aqt_quit(d.qt);
}

static void expect_refused(const char *props, const char *must_say)
{
    g_autofree char *args = g_strdup_printf("-device amdgpu-emu%s", props);
    g_autofree char *err = NULL;

    g_assert_true(aqt_run_expect_fail(args, &err));
    g_test_message("%s: %s", props, err);
    g_assert_nonnull(strstr(err, must_say));
}

static void test_bad_properties(void)
{
    expect_refused(",asic=bogus", "valid: hawaii");
    expect_refused(",vram-size=300M", "power of two");
    expect_refused(",vram-size=16M", "power of two");
    expect_refused(",vram-size=64G", "power of two");
    expect_refused(",vram-size=lots", "vram-size");
    expect_refused(",timing=maybe", "timing");
}

int main(int argc, char **argv)
{
    g_test_init(&argc, &argv, NULL);
    g_test_add_func("/amdgpu-emu/identity", test_identity);
    g_test_add_func("/amdgpu-emu/bars", test_bars);
    g_test_add_func("/amdgpu-emu/vram-size-property", test_vram_size_property);
    g_test_add_func("/amdgpu-emu/rom-bar", test_rom_bar);
    g_test_add_func("/amdgpu-emu/smc-rom-port", test_smc_rom_port);
    g_test_add_func("/amdgpu-emu/register-reset-values",
                    test_register_reset_values);
    g_test_add_func("/amdgpu-emu/io-window", test_io_window);
    g_test_add_func("/amdgpu-emu/sub-dword/mmio", test_sub_dword_mmio);
    g_test_add_func("/amdgpu-emu/sub-dword/io", test_sub_dword_io);
    g_test_add_func("/amdgpu-emu/vram-coherent", test_vram_coherent);
    g_test_add_func("/amdgpu-emu/capabilities", test_capabilities);
    g_test_add_func("/amdgpu-emu/config-reset", test_config_reset);
    g_test_add_func("/amdgpu-emu/s3-wakeup", test_s3_wakeup);
    g_test_add_func("/amdgpu-emu/bad-properties", test_bad_properties);
    return g_test_run();
}
