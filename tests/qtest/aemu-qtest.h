/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * aemu-qtest: a small client for QEMU's qtest protocol, for device tests of
 * amdgpu-emu that run the real QEMU binary with no guest.
 *
 * The test process spawns QEMU (`-machine q35 -accel qtest -display none
 * -nodefaults`) and talks to it over a private unix socket, one line per
 * request and one per answer.  QEMU may slip asynchronous "IRQ raise N" /
 * "IRQ lower N" lines in before an answer; they are recorded (see the IRQ
 * section).  Every answer is waited for with a timeout, so a hung QEMU fails
 * the test instead of hanging it.
 *
 * Errors: a protocol error, a timeout or QEMU dying mid-test is fatal: the
 * client kills the QEMU it started, prints what it knows (the command, QEMU's
 * exit status) and aborts the test program, like a failed g_assert().  The
 * QEMU children are also killed on SIGABRT and, on Linux, when the test
 * process dies (PR_SET_PDEATHSIG).
 *
 * Environment:
 *   AEMU_QEMU                  path of qemu-system-x86_64 (required)
 *   AEMU_QEMU_FIRMWARE_ARGS    firmware search arguments, default
 *                              "-L /usr/share/seabios -L /usr/share/qemu"
 *   AEMU_QTEST_TIMEOUT         seconds to wait for one answer (default 60)
 *   AEMU_QTEST_LOG             if set, QEMU's qtest log goes to this file
 *                              ("stderr" for the test's stderr)
 * The QEMU command line is reported with g_test_message().
 */
#ifndef AEMU_QTEST_H
#define AEMU_QTEST_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <glib.h>

typedef struct AemuQTest AemuQTest;

/* ------------------------------------------------------------------------ */
/* Process life                                                             */

/*
 * Start QEMU with the standard arguments plus the caller's (printf format,
 * then split like a shell would, quotes allowed).  Fails the test with a
 * clear message if AEMU_QEMU is not set, or if QEMU does not start (its
 * stderr has then already been printed: it goes to the test's stderr).
 */
AemuQTest *aqt_start(const char *extra_args_fmt, ...) G_GNUC_PRINTF(1, 2);

/*
 * Like aqt_start(), but QEMU's stderr is captured (to an unlinked temporary
 * file, so QEMU never blocks on it) instead of shown.
 * Returns NULL if QEMU exits (or fails to answer) during start-up; then
 * *stderr_out (if not NULL) receives what QEMU printed (g_free it).  On
 * success *stderr_out is set to NULL; aqt_stderr() reads the capture later.
 */
AemuQTest *aqt_try_start(char **stderr_out, const char *extra_args_fmt, ...)
    G_GNUC_PRINTF(2, 3);

/*
 * Run QEMU with `args` (not a format) and expect it to refuse them: returns
 * true if QEMU exited with a non-zero status (not a crash by signal) before it
 * answered its first qtest command.  *stderr_out (if not NULL) receives QEMU's
 * stderr either way (g_free it).  If QEMU starts fine, it is killed and false
 * is returned.
 */
bool aqt_run_expect_fail(const char *args, char **stderr_out);

/*
 * Stop QEMU (SIGTERM, then SIGKILL after a grace period), reap it and free
 * the handle.  Fatal if QEMU had crashed (died of a signal it was not sent)
 * or exited non-zero: that is a device bug the test should see.
 * Returns QEMU's wait status.  NULL is accepted and ignored.
 */
int aqt_quit(AemuQTest *qt);

/* Text QEMU wrote to stderr so far (only for aqt_try_start()); g_free it. */
char *aqt_stderr(AemuQTest *qt);

/* PID of the QEMU child. */
int aqt_pid(AemuQTest *qt);

/*
 * Send a QMP command (one JSON object, e.g. {"execute": "query-status"})
 * on QEMU's monitor socket, which every QEMU the client starts has; the
 * first call negotiates capabilities.  Returns the answer line ("return" or
 * "error"; events before it are skipped; g_free it), or NULL if none came
 * within timeout_ms (0: the per-command timeout).  The monitor runs in
 * QEMU's main loop, so a timely answer shows the loop is not stuck.  After
 * NULL the late answer may still come and would be taken for the next
 * command's: treat NULL as the end of the test.
 */
char *aqt_qmp(AemuQTest *qt, const char *cmd, unsigned timeout_ms);

/* QEMU's resident set size (VmRSS of /proc/PID/status) in KiB. */
uint64_t aqt_rss_kib(AemuQTest *qt);

/* Per-command timeout in milliseconds (default AEMU_QTEST_TIMEOUT or 60 s). */
void aqt_set_timeout_ms(AemuQTest *qt, unsigned ms);

/* The QEMU binary from AEMU_QEMU, or NULL if unset. */
const char *aqt_qemu_path(void);

/* ------------------------------------------------------------------------ */
/* Raw protocol                                                             */

/*
 * Send one command (printf format, no trailing newline) and return QEMU's
 * answer line without the newline ("OK ...", "FAIL ...", "ERR ..."); g_free
 * it.  Does not judge the answer.
 */
char *aqt_cmd(AemuQTest *qt, const char *fmt, ...) G_GNUC_PRINTF(2, 3);

/* A no-op round trip: everything QEMU sent before it has been read. */
void aqt_sync(AemuQTest *qt);

/* ------------------------------------------------------------------------ */
/* I/O ports, memory, clock (all fatal on a protocol error)                 */

void aqt_outb(AemuQTest *qt, uint16_t port, uint8_t v);
void aqt_outw(AemuQTest *qt, uint16_t port, uint16_t v);
void aqt_outl(AemuQTest *qt, uint16_t port, uint32_t v);
uint8_t aqt_inb(AemuQTest *qt, uint16_t port);
uint16_t aqt_inw(AemuQTest *qt, uint16_t port);
uint32_t aqt_inl(AemuQTest *qt, uint16_t port);

/* Guest-physical accesses through the CPU's address space (RAM or MMIO). */
uint8_t aqt_readb(AemuQTest *qt, uint64_t addr);
uint16_t aqt_readw(AemuQTest *qt, uint64_t addr);
uint32_t aqt_readl(AemuQTest *qt, uint64_t addr);
uint64_t aqt_readq(AemuQTest *qt, uint64_t addr);
void aqt_writeb(AemuQTest *qt, uint64_t addr, uint8_t v);
void aqt_writew(AemuQTest *qt, uint64_t addr, uint16_t v);
void aqt_writel(AemuQTest *qt, uint64_t addr, uint32_t v);
void aqt_writeq(AemuQTest *qt, uint64_t addr, uint64_t v);

/* Bulk transfers (hex on the wire, split into chunks); len 0 is a no-op. */
void aqt_memread(AemuQTest *qt, uint64_t addr, void *buf, size_t len);
void aqt_memwrite(AemuQTest *qt, uint64_t addr, const void *buf, size_t len);
void aqt_memset(AemuQTest *qt, uint64_t addr, uint8_t pattern, size_t len);

/*
 * Advance QEMU_CLOCK_VIRTUAL by ns (> 0), running the timers that fall due;
 * returns the new clock in ns.
 */
int64_t aqt_clock_step(AemuQTest *qt, int64_t ns);
/* Advance to the next timer deadline; returns -1 if no timer is pending. */
int64_t aqt_clock_step_next(AemuQTest *qt);
/* Advance to the absolute time ns (no-op if already past); returns the clock. */
int64_t aqt_clock_set(AemuQTest *qt, int64_t ns);
/* The current virtual clock in ns, without advancing it. */
int64_t aqt_clock_get(AemuQTest *qt);

/* ------------------------------------------------------------------------ */
/* Interrupt lines                                                          */

#define AQT_MAX_IRQ 256

/*
 * Intercept the GPIO inputs (resp. outputs) of the device at a QOM path.
 * QEMU allows one intercepted device per run.  For INTx on q35 intercept the
 * IO-APIC's inputs ("ioapic", = /machine/q35/ioapic): a PCI INTx pin arrives
 * as GSI 16..23 (PIRQA..H, chosen by the ICH9 routing of the device's slot).
 * The interception passes the level on to the real IO-APIC.
 */
void aqt_irq_intercept_in(AemuQTest *qt, const char *qom_path);
void aqt_irq_intercept_out(AemuQTest *qt, const char *qom_path);

/* Current level of intercepted line n (does a sync round trip first). */
bool aqt_irq_level(AemuQTest *qt, unsigned n);
/* Number of "IRQ raise n" seen since start or the last aqt_irq_clear_counts(). */
unsigned aqt_irq_raise_count(AemuQTest *qt, unsigned n);
/* Number of IRQ events (raise and lower, any line) recorded so far. */
unsigned aqt_irq_event_count(AemuQTest *qt);
void aqt_irq_clear_counts(AemuQTest *qt);

/* ------------------------------------------------------------------------ */
/* PCI                                                                      */

/* A PCI function: bus << 8 | dev << 3 | fn, as in Linux's PCI_DEVID. */
#define AQT_BDF(bus, dev, fn) \
    ((uint16_t)(((bus) & 0xff) << 8 | ((dev) & 0x1f) << 3 | ((fn) & 7)))
#define AQT_BDF_BUS(bdf) (((bdf) >> 8) & 0xff)
#define AQT_BDF_DEV(bdf) (((bdf) >> 3) & 0x1f)
#define AQT_BDF_FN(bdf) ((bdf) & 7)

/* Standard configuration-space offsets and bits used by the helpers. */
#define AQT_PCI_VENDOR_ID       0x00
#define AQT_PCI_DEVICE_ID       0x02
#define AQT_PCI_COMMAND         0x04
#define AQT_PCI_COMMAND_IO      0x0001
#define AQT_PCI_COMMAND_MEMORY  0x0002
#define AQT_PCI_COMMAND_MASTER  0x0004
#define AQT_PCI_COMMAND_INTX_DISABLE 0x0400
#define AQT_PCI_STATUS          0x06
#define AQT_PCI_STATUS_CAP_LIST 0x0010
#define AQT_PCI_REVISION_ID     0x08
#define AQT_PCI_CLASS_PROG      0x09
#define AQT_PCI_CLASS_DEVICE    0x0a
#define AQT_PCI_HEADER_TYPE     0x0e
#define AQT_PCI_BAR0            0x10
#define AQT_PCI_SUBSYSTEM_VENDOR_ID 0x2c
#define AQT_PCI_SUBSYSTEM_ID    0x2e
#define AQT_PCI_ROM_ADDRESS     0x30
#define AQT_PCI_CAPABILITY_LIST 0x34
#define AQT_PCI_INTERRUPT_LINE  0x3c
#define AQT_PCI_INTERRUPT_PIN   0x3d

#define AQT_PCI_CAP_ID_PM       0x01
#define AQT_PCI_CAP_ID_MSI      0x05
#define AQT_PCI_CAP_ID_VNDR     0x09
#define AQT_PCI_CAP_ID_EXP      0x10
#define AQT_PCI_CAP_ID_MSIX     0x11

/*
 * Configuration space.  Offsets below 0x100 go through the legacy ports
 * 0xcf8/0xcfc.  Offsets 0x100..0xfff (PCIe extended space) go through q35's
 * MMCONFIG window, which the client enables on first use (see
 * aqt_pci_mmcfg_enable()).
 */
uint8_t aqt_pci_cfg_read8(AemuQTest *qt, uint16_t bdf, unsigned off);
uint16_t aqt_pci_cfg_read16(AemuQTest *qt, uint16_t bdf, unsigned off);
uint32_t aqt_pci_cfg_read32(AemuQTest *qt, uint16_t bdf, unsigned off);
void aqt_pci_cfg_write8(AemuQTest *qt, uint16_t bdf, unsigned off, uint8_t v);
void aqt_pci_cfg_write16(AemuQTest *qt, uint16_t bdf, unsigned off, uint16_t v);
void aqt_pci_cfg_write32(AemuQTest *qt, uint16_t bdf, unsigned off, uint32_t v);

/*
 * Program q35's PCIEXBAR (host bridge 00:00.0, offset 0x60) for a 256 MiB
 * ECAM window at 0xb0000000 (the address SeaBIOS uses), if not done yet.
 * Returns the window's base.
 */
uint64_t aqt_pci_mmcfg_enable(AemuQTest *qt);

/* Find the first function on bus 0 with this vendor/device id. */
bool aqt_pci_find(AemuQTest *qt, uint16_t vendor, uint16_t device,
                  uint16_t *bdf);

typedef struct AqtBar {
    uint64_t size;      /* 0: BAR not implemented (or upper half of a 64-bit one) */
    uint64_t addr;      /* assigned address (after aqt_pci_map_bars) */
    bool is_io;         /* I/O space BAR */
    bool is_64;         /* 64-bit memory BAR (occupies this slot and the next) */
    bool prefetch;      /* prefetchable memory */
    bool upper_half;    /* this slot is the high dword of the previous BAR */
} AqtBar;

/*
 * Size BAR n (0..5): decoding is switched off in COMMAND while all ones are
 * written and read back, then the BAR and COMMAND are restored.  Fills *bar
 * (addr = the BAR's current address).  Returns bar->size.
 */
uint64_t aqt_pci_bar_probe(AemuQTest *qt, uint16_t bdf, unsigned n,
                           AqtBar *bar);

/*
 * Where aqt_pci_map_bars() places BARs.  Each window is a bump allocator
 * shared by all devices of this QEMU, so repeated calls never overlap.
 *   mem32: [mem32_base, mem32_limit), default [0xc0000000, 0xfec00000):
 *          above q35's MMCONFIG (0xb0000000, 256 MiB) and below the IO-APIC;
 *          q35's low RAM never reaches 0xb0000000.
 *   mem64: from mem64_base, default 64 GiB (above any RAM a test would use,
 *          below the 40-bit physical address width TCG CPUs have);
 *          mem64_base == 0 puts 64-bit BARs into the mem32 window instead.
 *   io:    [io_base, io_limit), default [0xc000, 0x10000).
 */
void aqt_pci_set_windows(AemuQTest *qt, uint64_t mem32_base,
                         uint64_t mem32_limit, uint64_t mem64_base);

/*
 * Probe all six BARs, give every implemented one a naturally aligned,
 * non-overlapping address (memory BARs at least 4 KiB aligned, largest
 * first), then enable memory space (and I/O space if there is an I/O BAR)
 * and bus mastering in COMMAND.  bars[6] receives the result.  Returns the
 * number of BARs assigned.
 */
unsigned aqt_pci_map_bars(AemuQTest *qt, uint16_t bdf, AqtBar bars[6]);

/*
 * Size the expansion ROM BAR (offset 0x30), give it an address in the mem32
 * window, set its enable bit and memory space in COMMAND.  Returns the ROM
 * size (0 if the device has none); *addr receives its address.
 */
uint64_t aqt_pci_map_rom(AemuQTest *qt, uint16_t bdf, uint64_t *addr);

/*
 * Walk the capability list (the chain at 0x34); returns the offset of the
 * first capability with this id, 0 if none.  aqt_pci_find_next_cap()
 * continues after the capability at offset `from`.
 */
uint8_t aqt_pci_find_cap(AemuQTest *qt, uint16_t bdf, uint8_t cap_id);
uint8_t aqt_pci_find_next_cap(AemuQTest *qt, uint16_t bdf, uint8_t from,
                              uint8_t cap_id);
/* PCIe extended capability (list at 0x100, via MMCONFIG); 0 if none. */
uint16_t aqt_pci_find_ext_cap(AemuQTest *qt, uint16_t bdf, uint16_t cap_id);

/*
 * Program the MSI capability for one vector: message address `addr`, data
 * `data`, Multiple Message Enable = 1 vector, MSI enable set, per-vector
 * mask (if any) cleared.  On q35 the message is an ordinary memory write in
 * the device's bus-master address space, so an address in guest RAM makes
 * the MSI readable with aqt_readl() (see the note in aemu-qtest.c).  Returns
 * false if the device has no MSI capability, or addr needs 64 bits and the
 * capability has only 32.
 */
bool aqt_pci_msi_enable(AemuQTest *qt, uint16_t bdf, uint64_t addr,
                        uint16_t data);
void aqt_pci_msi_disable(AemuQTest *qt, uint16_t bdf);

/*
 * Program MSI-X table entry `vector` (unmasked) and enable MSI-X with the
 * function mask clear.  `bars` must hold the device's mapped BARs (from
 * aqt_pci_map_bars()).  Returns false if there is no MSI-X capability, the
 * vector is out of range or the table's BAR is not mapped.
 */
bool aqt_pci_msix_enable(AemuQTest *qt, uint16_t bdf, const AqtBar bars[6],
                         unsigned vector, uint64_t addr, uint32_t data);

/* ------------------------------------------------------------------------ */
/* Guest RAM                                                                */

/*
 * Bump allocator in guest RAM for rings, buffers and MSI targets: starts at
 * 16 MiB, ends at the top of RAM below 4 GiB (taken from a `-m` argument, or
 * QEMU's default 128 MiB).  align must be a power of two (0 means 8).  The
 * memory is not cleared.  Fatal when RAM runs out.
 */
uint64_t aqt_alloc(AemuQTest *qt, uint64_t size, uint64_t align);

#endif /* AEMU_QTEST_H */
