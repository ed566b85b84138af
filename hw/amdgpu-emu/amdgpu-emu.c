/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * amdgpu-emu: QEMU glue for the emulated AMD GPU.
 *
 * PCI identity, BARs, expansion ROM, MSI and PCIe capabilities, QOM
 * properties, reset and trace events, and the host interface the core model
 * (core/, no QEMU headers) runs on: bus-master DMA (copies and mappings of
 * guest RAM, refused where it would reach the device's own MMIO BARs), the
 * interrupt line and virtual time. Nothing about packets or registers lives
 * here.
 *
 * BAR0  VRAM, 64-bit prefetchable, RAM-backed (guest CPU access never exits)
 * BAR2  doorbells, 64-bit prefetchable (CIK on); registers before CIK
 * BAR4  I/O window onto the first registers
 * BAR5  registers, 32-bit non-prefetchable (CIK on)
 * ROM   the synthetic ATOM VBIOS the core builds (or the user's romfile)
 */
#include "qemu/osdep.h"
#include "qemu/log.h"
#include "qemu/error-report.h"
#include "qemu/rcu.h"
#include "qemu/units.h"
#include "qemu/cutils.h"
#include "exec/memory.h"
#include "qapi/error.h"
#include "qapi/visitor.h"
#include "hw/pci/pci_device.h"
#include "hw/pci/msi.h"
#include "hw/pci/pcie.h"
#include "hw/qdev-properties.h"
#include "migration/vmstate.h"
#include "qemu/timer.h"
#include "system/system.h"
#include "qom/object.h"
#include "amdgpu-emu/aemu.h"
#include "amdgpu-emu-display.h"
#include "core/aemu-trace.h"
#include "trace.h"
/* Generated from core/aemu-events.def (gen-trace-events.py). */
#include "hw/amdgpu-emu/aemu-trace-dispatch.h"

/* The EDID's refresh rate (mHz) when the user gives none. */
#define AMDGPU_EMU_EDID_REFRESH_MHZ 60000

/* QEMU's pci_ids.h has no ATI entry (hw/display/ati_int.h keeps its own). */
#ifndef PCI_VENDOR_ID_ATI
#define PCI_VENDOR_ID_ATI 0x1002
#endif

#define TYPE_AMDGPU_EMU "amdgpu-emu"
OBJECT_DECLARE_SIMPLE_TYPE(AmdgpuEmuState, AMDGPU_EMU)

/* Capability placement as on real boards: nothing writable at 0x7C. */
#define AMDGPU_EMU_PM_CAP_OFFSET    0x50
#define AMDGPU_EMU_PCIE_CAP_OFFSET  0x58
#define AMDGPU_EMU_MSI_CAP_OFFSET   0xa0

#define AMDGPU_EMU_BAR_VRAM     0
#define AMDGPU_EMU_BAR_DOORBELL 2
#define AMDGPU_EMU_BAR_IO       4
/* The register BAR is the ASIC's (AemuPciInfo.mmio_bar): 5, or 2 on R600. */

struct AmdgpuEmuState {
    PCIDevice parent_obj;

    /* Properties */
    char *asic;
    uint64_t vram_size;
    char *record;           /* trace file for aemu-replay */
    char *timeline;         /* engine timeline, Chrome JSON trace */
    bool timing;            /* engines follow the chip's cost table */

    AemuDevice *core;
    uint8_t mmio_bar;       /* AemuPciInfo.mmio_bar */
    bool has_doorbell;      /* a doorbell BAR (CIK on) */
    /*
     * QEMU exits without unrealizing devices: this completes the timeline's
     * JSON at exit (added only while a timeline is open).
     */
    Notifier timeline_exit;
    MemoryRegion vram;
    MemoryRegion mmio;
    MemoryRegion doorbell;
    MemoryRegion io;
    MemoryRegion rom;
    QEMUTimer *timer;
    AmdgpuEmuDisplay *display;  /* the graphic console (amdgpu-emu-display.c) */
    bool display_connected;     /* a monitor on the connector */
    qemu_edid_info edid_info;   /* its EDID's modes (xres, yres, ...) */

    /*
     * Driver teardown check (docs/lifecycle.md, "Unload and reload"). A
     * driver's teardown disables every interrupt source, then turns MSI
     * off (amdgpu_irq_fini_hw -> pci_free_irq_vectors) and bus mastering
     * (pci_disable_device): an interrupt raised after that has no handler
     * in the guest. The PCI core also turns MSI off and on again while the
     * driver lives (pci_restore_state, e.g. at the end of
     * amdgpu_device_init): interrupts raised while MSI is off are held
     * until bus mastering goes off too (a teardown: they are reported) or
     * MSI comes back (a restore: they are dropped from the count).
     */
    bool msi_off;               /* turned off by the guest, not on again */
    bool torn_down;             /* and bus mastering off after it */
    uint64_t irqs_msi_off;      /* raised while msi_off, not yet judged */
    uint64_t irqs_after_teardown;

    /*
     * Migration: the core's state blob (core/state.c), made in pre_save
     * and loaded in post_load, held only in between.
     */
    uint8_t *core_state;
    uint32_t core_state_len;
};

/* Host interface for the core model. */

/* Whether [addr, addr + len) overlaps BAR bar, backed by mr, where mapped. */
static bool amdgpu_emu_range_hits_bar(AmdgpuEmuState *s, int bar,
                                      MemoryRegion *mr, uint64_t addr,
                                      size_t len)
{
    pcibus_t base = pci_get_bar_addr(PCI_DEVICE(s), bar);
    uint64_t size = memory_region_size(mr);

    if (base == PCI_BAR_UNMAPPED || len == 0) {
        return false;
    }
    /* Written so that neither end can overflow. */
    return addr >= base ? addr - base < size : base - addr < len;
}

/*
 * Bus-master DMA must not reach the device's own MMIO BARs. The core runs
 * its engines from the device timer (core/sched.c), outside any guest
 * access, so QEMU's re-entrancy guard, engaged only while one of our MMIO
 * handlers runs, would not stop a packet aimed at BAR5 (registers) or BAR2
 * (doorbells): it would re-enter aemu_mmio_write / aemu_doorbell_write from
 * inside a scheduler slice. The core survives that (the CP's queue
 * generation and SDMA's epoch drop stale packets, sched.running keeps a
 * kick from re-arming the timer), but the rule, as in hw/nvme
 * (nvme_addr_is_iomem), is to refuse: a guest error, and false, which the
 * core takes as a bus error that hangs the engine where its status shows.
 *
 * Allowed: BAR0 (VRAM) and the ROM are RAM-backed, so DMA into them reaches
 * memory with no handler and cannot re-enter the device; refusing it would
 * only break a harmless peer-to-peer access. BAR4 is port I/O, which memory
 * DMA cannot address. The check compares DMA addresses with BAR addresses,
 * as nvme's does: exact without a vIOMMU; behind one, DMA addresses are
 * IOVAs and the check is only approximate.
 */
static bool amdgpu_emu_dma_allowed(AmdgpuEmuState *s, bool write,
                                   uint64_t addr, size_t len)
{
    int bar;

    if (amdgpu_emu_range_hits_bar(s, s->mmio_bar, &s->mmio, addr, len)) {
        bar = s->mmio_bar;
    } else if (s->has_doorbell &&
               amdgpu_emu_range_hits_bar(s, AMDGPU_EMU_BAR_DOORBELL,
                                         &s->doorbell, addr, len)) {
        bar = AMDGPU_EMU_BAR_DOORBELL;
    } else {
        return true;
    }
    trace_amdgpu_emu_dma_own_bar(write ? "write" : "read", addr, len, bar);
    qemu_log_mask(LOG_GUEST_ERROR, "amdgpu-emu: DMA %s of %zu bytes at 0x%"
                  PRIx64 " refused: it overlaps the device's own BAR%d\n",
                  write ? "write" : "read", len, addr, bar);
    return false;
}

static bool amdgpu_emu_dma_read(void *opaque, uint64_t addr, void *buf,
                                size_t len)
{
    AmdgpuEmuState *s = opaque;

    if (!amdgpu_emu_dma_allowed(s, false, addr, len)) {
        return false;
    }
    return pci_dma_read(PCI_DEVICE(s), addr, buf, len) == MEMTX_OK;
}

static bool amdgpu_emu_dma_write(void *opaque, uint64_t addr, const void *buf,
                                 size_t len)
{
    AmdgpuEmuState *s = opaque;

    if (!amdgpu_emu_dma_allowed(s, true, addr, len)) {
        return false;
    }
    return pci_dma_write(PCI_DEVICE(s), addr, buf, len) == MEMTX_OK;
}

/*
 * An MSI message is a bus-master write of its data to its address, and the
 * guest chooses the address: aimed at our own MMIO or doorbell BAR it would
 * re-enter the device from inside the interrupt's delivery (an IV posted in
 * a scheduler slice writing IH_RB_CNTL, SDMA0_F32_CNTL, ...), the re-entry
 * amdgpu_emu_dma_allowed refuses for every other DMA. Refused the same way;
 * the message is lost, as a bus error would lose it.
 */
static bool amdgpu_emu_msi_allowed(AmdgpuEmuState *s)
{
    MSIMessage msg = msi_get_message(PCI_DEVICE(s), 0);

    return amdgpu_emu_dma_allowed(s, true, msg.address, sizeof(uint32_t));
}

static DMADirection dma_dir(bool write)
{
    return write ? DMA_DIRECTION_FROM_DEVICE : DMA_DIRECTION_TO_DEVICE;
}

/*
 * Direct access for the core's fetches and copies, to plain guest RAM
 * only. Anything else (MMIO, ROM for a write, nothing mapped, bus
 * mastering off) is refused before mapping: address_space_map would take
 * its bounce-buffer path, which reads MMIO at map time. The core then
 * uses pci_dma_read/pci_dma_write, as before. The length is cut to the
 * first directly accessible section.
 */
static void *amdgpu_emu_dma_map(void *opaque, uint64_t addr, uint64_t *len,
                                bool write)
{
    PCIDevice *pdev = PCI_DEVICE(opaque);
    AddressSpace *as = pci_get_address_space(pdev);
    MemoryRegion *mr;
    hwaddr xlat, l = *len;
    dma_addr_t plen;
    void *p;

    RCU_READ_LOCK_GUARD();
    mr = address_space_translate(as, addr, &xlat, &l, write,
                                 MEMTXATTRS_UNSPECIFIED);
    if (!memory_access_is_direct(mr, write, MEMTXATTRS_UNSPECIFIED)) {
        return NULL;
    }
    plen = l;
    p = pci_dma_map(pdev, addr, &plen, dma_dir(write));
    if (p) {
        *len = plen;
    }
    return p;
}

/* Release a mapping; what was written is marked dirty (migration, TBs). */
static void amdgpu_emu_dma_unmap(void *opaque, void *ptr, uint64_t len,
                                 bool write, uint64_t written)
{
    pci_dma_unmap(PCI_DEVICE(opaque), ptr, len, dma_dir(write), written);
}

/*
 * n interrupts raised after the guest's teardown: counted, traced and
 * logged as a guest error (the driver left a source enabled, or the model
 * raised one the driver had disabled).
 */
static void amdgpu_emu_irq_after_teardown(AmdgpuEmuState *s, uint64_t n)
{
    s->irqs_after_teardown += n;
    trace_amdgpu_emu_irq_after_teardown(n, s->irqs_after_teardown);
    qemu_log_mask(LOG_GUEST_ERROR, "amdgpu-emu: %" PRIu64 " interrupt(s) "
                  "raised after the guest turned MSI off for its teardown "
                  "(%" PRIu64 " in all): an interrupt source was left "
                  "enabled\n", n, s->irqs_after_teardown);
}

static void amdgpu_emu_irq(void *opaque, bool asserted)
{
    AmdgpuEmuState *s = opaque;
    PCIDevice *pdev = PCI_DEVICE(opaque);

    trace_amdgpu_emu_irq(asserted, msi_enabled(pdev));
    if (asserted && s->torn_down) {
        amdgpu_emu_irq_after_teardown(s, 1);
    } else if (asserted && s->msi_off) {
        s->irqs_msi_off++;
    }
    if (msi_enabled(pdev)) {
        if (asserted && amdgpu_emu_msi_allowed(s)) {
            msi_notify(pdev, 0);
        }
    } else {
        pci_set_irq(pdev, asserted);
    }
}

static uint64_t amdgpu_emu_clock_ns(void *opaque)
{
    return qemu_clock_get_ns(QEMU_CLOCK_VIRTUAL);
}

static void amdgpu_emu_timer_arm(void *opaque, uint64_t deadline_ns)
{
    AmdgpuEmuState *s = opaque;

    if (deadline_ns == UINT64_MAX) {
        timer_del(s->timer);
    } else {
        timer_mod(s->timer, deadline_ns);
    }
}

static void amdgpu_emu_guest_error(void *opaque, const char *msg)
{
    trace_amdgpu_emu_guest_error(msg);
    qemu_log_mask(LOG_GUEST_ERROR, "amdgpu-emu: %s\n", msg);
}

static void amdgpu_emu_unimp(void *opaque, const char *msg)
{
    trace_amdgpu_emu_unimp(msg);
    qemu_log_mask(LOG_UNIMP, "amdgpu-emu: %s\n", msg);
}

/*
 * A core trace event: the core called this only because the event's dstate
 * (amdgpu_emu_trace_dstate, given at realize) is set.
 */
static void amdgpu_emu_event(void *opaque, unsigned id, const uint64_t *args)
{
    amdgpu_emu_trace_dispatch(id, args);
}

/*
 * The core wrote VRAM behind QEMU's back (a host pointer): mark it dirty,
 * so live migration sends it again (and display or TB users see it).
 */
static void amdgpu_emu_vram_dirty(void *opaque, uint64_t offset, uint64_t len)
{
    AmdgpuEmuState *s = opaque;

    memory_region_set_dirty(&s->vram, offset, len);
}

static const AemuHostOps amdgpu_emu_host_ops = {
    .dma_read = amdgpu_emu_dma_read,
    .dma_write = amdgpu_emu_dma_write,
    .irq = amdgpu_emu_irq,
    .clock_ns = amdgpu_emu_clock_ns,
    .timer_arm = amdgpu_emu_timer_arm,
    .guest_error = amdgpu_emu_guest_error,
    .dma_map = amdgpu_emu_dma_map,
    .dma_unmap = amdgpu_emu_dma_unmap,
    .unimp = amdgpu_emu_unimp,
    .event = amdgpu_emu_event,
    .vram_dirty = amdgpu_emu_vram_dirty,
};

static void amdgpu_emu_timer_cb(void *opaque)
{
    AmdgpuEmuState *s = opaque;

    aemu_timer_expired(s->core);
}

/* Guest-visible regions. */

/* Names come from the device's chip, through the core. */
static const char *reg_name(AmdgpuEmuState *s, hwaddr offset)
{
    const char *name = aemu_device_reg_name(s->core, offset >> 2);

    return name ? name : "?";
}

/* The IP block owning a register, so traces can be counted per block. */
static const char *reg_ip(AmdgpuEmuState *s, hwaddr offset)
{
    const char *ip = aemu_device_reg_ip(s->core, offset >> 2);

    return ip ? ip : "?";
}

static uint64_t amdgpu_emu_mmio_read(void *opaque, hwaddr addr, unsigned size)
{
    AmdgpuEmuState *s = opaque;
    uint64_t v = aemu_mmio_read(s->core, addr, size);

    /* Naming the register costs two lookups: only when the event is on. */
    if (trace_event_get_state_backends(TRACE_AMDGPU_EMU_MMIO_READ)) {
        trace_amdgpu_emu_mmio_read(addr, reg_ip(s, addr), reg_name(s, addr), v);
    }
    return v;
}

static void amdgpu_emu_mmio_write(void *opaque, hwaddr addr, uint64_t val,
                                  unsigned size)
{
    AmdgpuEmuState *s = opaque;

    /* Naming the register costs two lookups: only when the event is on. */
    if (trace_event_get_state_backends(TRACE_AMDGPU_EMU_MMIO_WRITE)) {
        trace_amdgpu_emu_mmio_write(addr, reg_ip(s, addr), reg_name(s, addr), val);
    }
    aemu_mmio_write(s->core, addr, val, size);
}

/*
 * Registers are dwords with byte enables. QEMU passes byte and word
 * accesses on with their own size and offset (impl min 1; widened, they
 * arrived as a zero-extended dword at the byte's offset), and the core
 * merges them into the register (core/device.c). A qword becomes two
 * dwords, low first (impl max 4). With .valid.unaligned false, QEMU splits
 * a misaligned access into aligned pieces (or refuses it): the core sees
 * only naturally aligned ones.
 */
static const MemoryRegionOps amdgpu_emu_mmio_ops = {
    .read = amdgpu_emu_mmio_read,
    .write = amdgpu_emu_mmio_write,
    .endianness = DEVICE_LITTLE_ENDIAN,
    .valid = { .min_access_size = 1, .max_access_size = 8 },
    .impl = { .min_access_size = 1, .max_access_size = 4 },
};

static uint64_t amdgpu_emu_io_read(void *opaque, hwaddr addr, unsigned size)
{
    AmdgpuEmuState *s = opaque;
    uint64_t v = aemu_io_read(s->core, addr, size);

    /* Naming the register costs two lookups: only when the event is on. */
    if (trace_event_get_state_backends(TRACE_AMDGPU_EMU_IO_READ)) {
        trace_amdgpu_emu_io_read(addr, reg_ip(s, addr), reg_name(s, addr), v);
    }
    return v;
}

static void amdgpu_emu_io_write(void *opaque, hwaddr addr, uint64_t val,
                                unsigned size)
{
    AmdgpuEmuState *s = opaque;

    /* Naming the register costs two lookups: only when the event is on. */
    if (trace_event_get_state_backends(TRACE_AMDGPU_EMU_IO_WRITE)) {
        trace_amdgpu_emu_io_write(addr, reg_ip(s, addr), reg_name(s, addr), val);
    }
    aemu_io_write(s->core, addr, val, size);
}

/* Port I/O is at most a dword; narrower accesses as on BAR5. */
static const MemoryRegionOps amdgpu_emu_io_ops = {
    .read = amdgpu_emu_io_read,
    .write = amdgpu_emu_io_write,
    .endianness = DEVICE_LITTLE_ENDIAN,
    .valid = { .min_access_size = 1, .max_access_size = 4 },
    .impl = { .min_access_size = 1, .max_access_size = 4 },
};

static uint64_t amdgpu_emu_doorbell_read(void *opaque, hwaddr addr,
                                         unsigned size)
{
    AmdgpuEmuState *s = opaque;

    return aemu_doorbell_read(s->core, addr, size);
}

static void amdgpu_emu_doorbell_write(void *opaque, hwaddr addr, uint64_t val,
                                      unsigned size)
{
    AmdgpuEmuState *s = opaque;

    trace_amdgpu_emu_doorbell_write(addr, val);
    aemu_doorbell_write(s->core, addr, val, size);
}

/* A doorbell is a dword (CIK) or a qword (gfx9+); keep the guest's width. */
static const MemoryRegionOps amdgpu_emu_doorbell_ops = {
    .read = amdgpu_emu_doorbell_read,
    .write = amdgpu_emu_doorbell_write,
    .endianness = DEVICE_LITTLE_ENDIAN,
    .valid = { .min_access_size = 4, .max_access_size = 8 },
    .impl = { .min_access_size = 4, .max_access_size = 8 },
};

static bool amdgpu_emu_bus_master(PCIDevice *pdev)
{
    return pci_get_word(pdev->config + PCI_COMMAND) & PCI_COMMAND_MASTER;
}

/*
 * The guest's MSI enable and bus-master switches, traced (a driver's probe
 * turns them on, its teardown off: the marks by which a device log is cut
 * into driver instances), and the teardown check's state.
 */
static void amdgpu_emu_config_switches(AmdgpuEmuState *s, bool msi_was,
                                       bool master_was)
{
    PCIDevice *pdev = PCI_DEVICE(s);
    bool msi = msi_enabled(pdev), master = amdgpu_emu_bus_master(pdev);

    if (msi != msi_was) {
        trace_amdgpu_emu_msi_enable(msi);
        s->msi_off = !msi;
        s->irqs_msi_off = 0;
        if (msi) {
            s->torn_down = false;
        }
    }
    if (master != master_was) {
        trace_amdgpu_emu_bus_master(master);
        if (master) {
            s->torn_down = false;
        } else if (s->msi_off) {
            s->torn_down = true;
            if (s->irqs_msi_off) {
                amdgpu_emu_irq_after_teardown(s, s->irqs_msi_off);
                s->irqs_msi_off = 0;
            }
        }
    }
}

/* Config space: the drivers' reset magic at 0x7C resets the ASIC. */
static void amdgpu_emu_write_config(PCIDevice *pdev, uint32_t addr,
                                    uint32_t val, int len)
{
    AmdgpuEmuState *s = AMDGPU_EMU(pdev);
    AemuAccess a = {
        .space = AEMU_SPACE_CONFIG, .write = true, .size = len,
        .offset = addr, .value = val,
    };
    bool msi_was = msi_enabled(pdev), master_was = amdgpu_emu_bus_master(pdev);

    pci_default_write_config(pdev, addr, val, len);
    amdgpu_emu_config_switches(s, msi_was, master_was);
    aemu_record_access(s->core, &a);
    if (addr == AEMU_PCI_CONFIG_RESET_OFFSET && len == 4 &&
        val == AEMU_PCI_CONFIG_RESET_DATA) {
        trace_amdgpu_emu_config_reset();
        timer_del(s->timer);
        aemu_device_reset(s->core, AEMU_RESET_PCI_CONFIG);
    }
}

/*
 * The link the chip's PCIe capability reports (LNKCAP, LNKCAP2, LNKSTA,
 * LNKCTL2's target speed): the drivers compare it with the port above to
 * decide whether to retrain (cik_pcie_gen3_enable), and read the same
 * state from the chip's own link-control registers (bif_v4.c), which
 * report what this says. QEMU's default for an endpoint is 2.5 GT/s x1.
 */
static void amdgpu_emu_init_link(PCIDevice *pdev, const AemuPciInfo *info)
{
    if (info->pcie_gen == 0 || info->pcie_lanes == 0) {
        return;
    }
    pcie_cap_fill_link_ep_usp(pdev, (PCIExpLinkWidth)info->pcie_lanes,
                              (PCIExpLinkSpeed)(QEMU_PCI_EXP_LNK_2_5GT +
                                                info->pcie_gen - 1));
}

static bool amdgpu_emu_init_caps(AmdgpuEmuState *s, Error **errp)
{
    PCIDevice *pdev = PCI_DEVICE(s);

    if (pci_pm_init(pdev, AMDGPU_EMU_PM_CAP_OFFSET, errp) < 0) {
        return false;
    }
    /* A conventional bus (i440fx) gets a conventional device. */
    if (pci_bus_is_express(pci_get_bus(pdev))) {
        if (pcie_endpoint_cap_init(pdev, AMDGPU_EMU_PCIE_CAP_OFFSET) < 0) {
            error_setg(errp, "amdgpu-emu: cannot add the PCIe capability");
            return false;
        }
        amdgpu_emu_init_link(pdev, aemu_device_pci_info(s->core));
    }
    if (msi_init(pdev, AMDGPU_EMU_MSI_CAP_OFFSET, 1, true, false, errp) < 0) {
        return false;
    }
    return true;
}

/* QEMU is exiting: write the timeline's end (aemu_timeline_close). */
static void amdgpu_emu_timeline_exit(Notifier *n, void *data)
{
    AmdgpuEmuState *s = container_of(n, AmdgpuEmuState, timeline_exit);

    if (s->core) {
        aemu_timeline_close(s->core);
    }
}

static void amdgpu_emu_realize(PCIDevice *pdev, Error **errp)
{
    AmdgpuEmuState *s = AMDGPU_EMU(pdev);
    AemuConfig cfg = {
        .asic = s->asic, .vram_size = s->vram_size,
        .timing = s->timing ? AEMU_TIMING_ON : AEMU_TIMING_OFF,
    };
    const AemuPciInfo *info;
    char *msg = NULL;
    uint64_t vram_size;

    if (!aemu_config_check(&cfg, &msg)) {
        error_setg(errp, "amdgpu-emu: %s", msg);
        aemu_free_string(msg);
        return;
    }
    vram_size = aemu_config_vram_size(&cfg);
    if (!memory_region_init_ram(&s->vram, OBJECT(s), "amdgpu-emu.vram",
                                vram_size, errp)) {
        return;
    }
    s->core = aemu_device_new(&cfg, &amdgpu_emu_host_ops, s,
                              memory_region_get_ram_ptr(&s->vram), &msg);
    if (!s->core) {
        error_setg(errp, "amdgpu-emu: %s", msg);
        aemu_free_string(msg);
        return;
    }
    /* The core tests QEMU's own flags: -trace and the monitor switch them. */
    aemu_trace_set_state(s->core, amdgpu_emu_trace_dstate);
    if (s->record && !aemu_record_open(s->core, s->record, &msg)) {
        error_setg(errp, "amdgpu-emu: record: %s", msg);
        aemu_free_string(msg);
        aemu_device_free(s->core);
        s->core = NULL;
        return;
    }
    /* Closed (and its JSON completed) by aemu_device_free at unrealize. */
    if (s->timeline && !aemu_timeline_open(s->core, s->timeline, &msg)) {
        error_setg(errp, "amdgpu-emu: timeline: %s", msg);
        aemu_free_string(msg);
        aemu_device_free(s->core);
        s->core = NULL;
        return;
    }
    if (s->timeline) {
        s->timeline_exit.notify = amdgpu_emu_timeline_exit;
        qemu_add_exit_notifier(&s->timeline_exit);
    }
    info = aemu_device_pci_info(s->core);
    trace_amdgpu_emu_realize(aemu_device_asic_name(s->core), vram_size);

    pci_set_word(pdev->config + PCI_VENDOR_ID, info->vendor_id);
    pci_set_word(pdev->config + PCI_DEVICE_ID, info->device_id);
    pci_set_word(pdev->config + PCI_SUBSYSTEM_VENDOR_ID,
                 info->subsystem_vendor_id);
    pci_set_word(pdev->config + PCI_SUBSYSTEM_ID, info->subsystem_id);
    pci_set_byte(pdev->config + PCI_REVISION_ID, info->revision);
    pci_config_set_class(pdev->config, info->class_code >> 8);
    pci_set_byte(pdev->config + PCI_CLASS_PROG, info->class_code & 0xff);
    pci_set_byte(pdev->config + PCI_INTERRUPT_PIN, 1);

    pci_register_bar(pdev, AMDGPU_EMU_BAR_VRAM,
                     PCI_BASE_ADDRESS_SPACE_MEMORY |
                     PCI_BASE_ADDRESS_MEM_TYPE_64 |
                     PCI_BASE_ADDRESS_MEM_PREFETCH, &s->vram);

    /* Parts before CIK have no doorbells; BAR2 is then their registers. */
    s->has_doorbell = info->doorbell_size != 0;
    if (s->has_doorbell) {
        memory_region_init_io(&s->doorbell, OBJECT(s),
                              &amdgpu_emu_doorbell_ops, s,
                              "amdgpu-emu.doorbell", info->doorbell_size);
        pci_register_bar(pdev, AMDGPU_EMU_BAR_DOORBELL,
                         PCI_BASE_ADDRESS_SPACE_MEMORY |
                         PCI_BASE_ADDRESS_MEM_TYPE_64 |
                         PCI_BASE_ADDRESS_MEM_PREFETCH, &s->doorbell);
    }

    memory_region_init_io(&s->io, OBJECT(s), &amdgpu_emu_io_ops, s,
                          "amdgpu-emu.io", info->io_size);
    pci_register_bar(pdev, AMDGPU_EMU_BAR_IO, PCI_BASE_ADDRESS_SPACE_IO,
                     &s->io);

    memory_region_init_io(&s->mmio, OBJECT(s), &amdgpu_emu_mmio_ops, s,
                          "amdgpu-emu.mmio", info->mmio_size);
    s->mmio_bar = info->mmio_bar;
    pci_register_bar(pdev, s->mmio_bar, PCI_BASE_ADDRESS_SPACE_MEMORY,
                     &s->mmio);

    /* A user's romfile (e.g. a real VBIOS dump) replaces the synthetic one. */
    if (!pdev->romfile) {
        if (!memory_region_init_rom(&s->rom, OBJECT(s), "amdgpu-emu.rom",
                                    pow2ceil(info->rom_size), errp)) {
            goto fail;
        }
        memcpy(memory_region_get_ram_ptr(&s->rom), info->rom, info->rom_size);
        pci_register_bar(pdev, PCI_ROM_SLOT, 0, &s->rom);
    }

    if (!amdgpu_emu_init_caps(s, errp)) {
        goto fail;
    }
    s->timer = timer_new_ns(QEMU_CLOCK_VIRTUAL, amdgpu_emu_timer_cb, s);
    /*
     * The EDID's modes run at the display engine's nominal 60 Hz (its
     * raster has no pixel clock yet, docs/display.md) unless the user
     * asked for another rate; QEMU's generator would say 75 Hz.
     */
    if (!s->edid_info.refresh_rate) {
        s->edid_info.refresh_rate = AMDGPU_EMU_EDID_REFRESH_MHZ;
    }
    s->display = amdgpu_emu_display_new(DEVICE(s), s->core,
                                        memory_region_get_ram_ptr(&s->vram),
                                        s->display_connected, &s->edid_info);
    return;

fail:
    /*
     * QEMU does not call exit() after a failed realize: the core and the
     * record file it may hold open are ours to release.
     */
    if (s->timeline_exit.notify) {
        qemu_remove_exit_notifier(&s->timeline_exit);
        s->timeline_exit.notify = NULL;
    }
    aemu_device_free(s->core);
    s->core = NULL;
}

static void amdgpu_emu_exit(PCIDevice *pdev)
{
    AmdgpuEmuState *s = AMDGPU_EMU(pdev);

    if (s->timeline_exit.notify) {
        qemu_remove_exit_notifier(&s->timeline_exit);
        s->timeline_exit.notify = NULL;
    }

    if (s->timer) {
        timer_free(s->timer);
        s->timer = NULL;
    }
    amdgpu_emu_display_free(s->display);
    s->display = NULL;
    msi_uninit(pdev);
    if (pdev->exp.exp_cap) {
        pcie_cap_exit(pdev);
    }
    aemu_device_free(s->core);
    s->core = NULL;
    g_free(s->core_state);
    s->core_state = NULL;
}

/*
 * The machine's reset (cold), or its wake-up from S3 (pc_machine_wakeup
 * resets every device with RESET_TYPE_WAKEUP): the slot lost power while
 * the machine slept and no VBIOS runs on the way back, so the core comes
 * back unposted (AEMU_RESET_WAKE). Other types are cold, as QEMU's reset
 * documentation asks of types a device does not know.
 */
static void amdgpu_emu_reset_hold(Object *obj, ResetType type)
{
    AmdgpuEmuState *s = AMDGPU_EMU(obj);
    AemuResetKind kind = type == RESET_TYPE_WAKEUP ? AEMU_RESET_WAKE
                                                   : AEMU_RESET_COLD;

    trace_amdgpu_emu_reset(aemu_reset_kind_name(kind));
    if (s->core) {
        timer_del(s->timer);
        aemu_device_reset(s->core, kind);
    }
    /* A PCI reset turns both off; the check starts again from there. */
    s->msi_off = false;
    s->torn_down = false;
    s->irqs_msi_off = 0;
}

/*
 * Fault injection (docs/fault-injection.md): properties a test sets at run
 * time with QMP qom-set, e.g. "qom-set /machine/peripheral/gpu inject-hang
 * gfx". Each arms one fault in the core (aemu_inject) and reads back what
 * is still armed. Dynamic properties, because static ones refuse writes
 * after realize.
 */
typedef struct AmdgpuEmuInjectProp {
    const char *name;
    AemuInjectKind kind;
    const char *desc;
} AmdgpuEmuInjectProp;

static const AmdgpuEmuInjectProp amdgpu_emu_inject_str_props[] = {
    { "inject-hang", AEMU_INJECT_HANG,
      "Queue (gfx, comp_<me>.<pipe>.<queue>, sdma0, ...) that hangs at its "
      "next packet; \"\" disarms" },
    { "inject-corrupt-fence", AEMU_INJECT_CORRUPT_FENCE,
      "Queue whose next fence writes a stale value, QUEUE:COUNT for COUNT "
      "fences in a row; \"\" disarms" },
};

static const AmdgpuEmuInjectProp amdgpu_emu_inject_u32_props[] = {
    { "inject-drop-irqs", AEMU_INJECT_DROP_IRQS,
      "Drop the next N interrupts (their fences still land)" },
    { "inject-vram-lost", AEMU_INJECT_VRAM_LOST,
      "Non-zero: VRAM is lost at the next reset" },
    { "inject-reset-fail", AEMU_INJECT_RESET_FAIL,
      "Non-zero: the next reset never completes (registers read all-ones "
      "until the reset after it)" },
    { "inject-delay-irq-us", AEMU_INJECT_DELAY_IRQ,
      "Deliver the next interrupt this many microseconds of virtual time "
      "late (its fence lands at once)" },
};

static bool amdgpu_emu_inject(AmdgpuEmuState *s, const AemuInjection *inj,
                              Error **errp)
{
    char *msg = NULL;

    if (!s->core) {
        error_setg(errp, "amdgpu-emu: %s: the device is not realized yet",
                   aemu_inject_kind_name(inj->kind));
        return false;
    }
    if (!aemu_inject(s->core, inj, &msg)) {
        error_setg(errp, "amdgpu-emu: %s: %s",
                   aemu_inject_kind_name(inj->kind), msg);
        aemu_free_string(msg);
        return false;
    }
    return true;
}

/* "QUEUE", or "QUEUE:N" while N (more than one) fences are still armed. */
static char *amdgpu_emu_inject_get_str(Object *obj, Error **errp,
                                       AemuInjectKind kind)
{
    AmdgpuEmuState *s = AMDGPU_EMU(obj);
    AemuInjection inj;

    if (!s->core) {
        return g_strdup("");
    }
    inj = aemu_inject_armed(s->core, kind);
    return inj.count > 1 ? g_strdup_printf("%s:%u", inj.engine, inj.count)
                         : g_strdup(inj.engine);
}

/* "QUEUE" or "QUEUE:N" (N: the count; queue names have no colon). */
static void amdgpu_emu_inject_set_str(Object *obj, const char *value,
                                      Error **errp, AemuInjectKind kind)
{
    g_autofree char *name = g_strdup(value);
    char *colon = strchr(name, ':');
    AemuInjection inj = { .kind = kind, .engine = name };

    if (colon) {
        *colon = '\0';
        if (qemu_strtoui(colon + 1, NULL, 0, &inj.count) < 0) {
            error_setg(errp, "amdgpu-emu: %s: '%s' is not QUEUE[:COUNT]",
                       aemu_inject_kind_name(kind), value);
            return;
        }
    }
    amdgpu_emu_inject(AMDGPU_EMU(obj), &inj, errp);
}

static char *amdgpu_emu_get_inject_hang(Object *obj, Error **errp)
{
    return amdgpu_emu_inject_get_str(obj, errp, AEMU_INJECT_HANG);
}

static void amdgpu_emu_set_inject_hang(Object *obj, const char *value,
                                       Error **errp)
{
    amdgpu_emu_inject_set_str(obj, value, errp, AEMU_INJECT_HANG);
}

static char *amdgpu_emu_get_inject_fence(Object *obj, Error **errp)
{
    return amdgpu_emu_inject_get_str(obj, errp, AEMU_INJECT_CORRUPT_FENCE);
}

static void amdgpu_emu_set_inject_fence(Object *obj, const char *value,
                                        Error **errp)
{
    amdgpu_emu_inject_set_str(obj, value, errp, AEMU_INJECT_CORRUPT_FENCE);
}

/* The u32 knobs share one getter and setter; opaque is their row. */
static void amdgpu_emu_inject_get_u32(Object *obj, Visitor *v,
                                      const char *name, void *opaque,
                                      Error **errp)
{
    AmdgpuEmuState *s = AMDGPU_EMU(obj);
    const AmdgpuEmuInjectProp *p = opaque;
    uint32_t value = s->core ? aemu_inject_armed(s->core, p->kind).count : 0;

    visit_type_uint32(v, name, &value, errp);
}

static void amdgpu_emu_inject_set_u32(Object *obj, Visitor *v,
                                      const char *name, void *opaque,
                                      Error **errp)
{
    const AmdgpuEmuInjectProp *p = opaque;
    AemuInjection inj = { .kind = p->kind };

    if (visit_type_uint32(v, name, &inj.count, errp)) {
        amdgpu_emu_inject(AMDGPU_EMU(obj), &inj, errp);
    }
}

static void amdgpu_emu_add_inject_props(Object *obj)
{
    const AmdgpuEmuInjectProp *p;

    object_property_add_str(obj, amdgpu_emu_inject_str_props[0].name,
                            amdgpu_emu_get_inject_hang,
                            amdgpu_emu_set_inject_hang);
    object_property_add_str(obj, amdgpu_emu_inject_str_props[1].name,
                            amdgpu_emu_get_inject_fence,
                            amdgpu_emu_set_inject_fence);
    for (size_t i = 0; i < ARRAY_SIZE(amdgpu_emu_inject_str_props); i++) {
        p = &amdgpu_emu_inject_str_props[i];
        object_property_set_description(obj, p->name, p->desc);
    }
    for (size_t i = 0; i < ARRAY_SIZE(amdgpu_emu_inject_u32_props); i++) {
        p = &amdgpu_emu_inject_u32_props[i];
        object_property_add(obj, p->name, "uint32",
                            amdgpu_emu_inject_get_u32,
                            amdgpu_emu_inject_set_u32, NULL, (void *)p);
        object_property_set_description(obj, p->name, p->desc);
    }
}

/*
 * The device is hybrid (PCIe on q35, conventional on i440fx); QEMU leaves
 * the PCIe flag of hybrid devices to them, and it must be set before the
 * config space is sized.
 */
static void amdgpu_emu_instance_init(Object *obj)
{
    PCI_DEVICE(obj)->cap_present |= QEMU_PCI_CAP_EXPRESS;
    amdgpu_emu_add_inject_props(obj);
}

static const Property amdgpu_emu_props[] = {
    DEFINE_PROP_STRING("asic", AmdgpuEmuState, asic),
    DEFINE_PROP_SIZE("vram-size", AmdgpuEmuState, vram_size, 0),
    DEFINE_PROP_STRING("record", AmdgpuEmuState, record),
    DEFINE_PROP_STRING("timeline", AmdgpuEmuState, timeline),
    DEFINE_PROP_BOOL("timing", AmdgpuEmuState, timing, true),
    /* The display connector's monitor (docs/display.md). */
    DEFINE_PROP_BOOL("display-connected", AmdgpuEmuState, display_connected,
                     true),
    DEFINE_EDID_PROPERTIES(AmdgpuEmuState, edid_info),
};

/*
 * Migration and snapshots (docs/snapshots.md). VRAM is a RAM region and
 * migrates as RAM, before this section; the PCI state carries the config
 * space with the MSI capability; the core's whole state goes as one
 * versioned blob (core/state.c checks its own format and version). The
 * device timer is not sent: loading the core re-arms it from the core's
 * deadline on the migrated virtual clock.
 */
static int amdgpu_emu_pre_save(void *opaque)
{
    AmdgpuEmuState *s = opaque;
    char *msg = NULL;
    size_t len;

    g_free(s->core_state);
    s->core_state = NULL;
    if (!aemu_state_save(s->core, &s->core_state, &len, &msg)) {
        error_report("%s", msg);
        aemu_free_string(msg);
        return -EBUSY;
    }
    s->core_state_len = len;
    trace_amdgpu_emu_state_save(len);
    return 0;
}

static int amdgpu_emu_post_save(void *opaque)
{
    AmdgpuEmuState *s = opaque;

    g_free(s->core_state);
    s->core_state = NULL;
    s->core_state_len = 0;
    return 0;
}

static int amdgpu_emu_post_load(void *opaque, int version_id)
{
    AmdgpuEmuState *s = opaque;
    char *msg = NULL;
    bool ok;

    ok = aemu_state_load(s->core, s->core_state, s->core_state_len, &msg);
    trace_amdgpu_emu_state_load(s->core_state_len, ok);
    g_free(s->core_state);
    s->core_state = NULL;
    s->core_state_len = 0;
    if (!ok) {
        error_report("%s", msg);
        aemu_free_string(msg);
        return -EINVAL;
    }
    return 0;
}

static const VMStateDescription amdgpu_emu_vmstate = {
    .name = TYPE_AMDGPU_EMU,
    .version_id = 1,
    .minimum_version_id = 1,
    .pre_save = amdgpu_emu_pre_save,
    .post_save = amdgpu_emu_post_save,
    .post_load = amdgpu_emu_post_load,
    .fields = (const VMStateField[]) {
        VMSTATE_PCI_DEVICE(parent_obj, AmdgpuEmuState),
        VMSTATE_BOOL(msi_off, AmdgpuEmuState),
        VMSTATE_BOOL(torn_down, AmdgpuEmuState),
        VMSTATE_UINT64(irqs_msi_off, AmdgpuEmuState),
        VMSTATE_UINT64(irqs_after_teardown, AmdgpuEmuState),
        VMSTATE_UINT32(core_state_len, AmdgpuEmuState),
        VMSTATE_VBUFFER_ALLOC_UINT32(core_state, AmdgpuEmuState, 0, NULL,
                                     core_state_len),
        VMSTATE_END_OF_LIST()
    },
};

static void amdgpu_emu_class_init(ObjectClass *klass, void *data)
{
    DeviceClass *dc = DEVICE_CLASS(klass);
    PCIDeviceClass *k = PCI_DEVICE_CLASS(klass);
    ResettableClass *rc = RESETTABLE_CLASS(klass);

    k->realize = amdgpu_emu_realize;
    k->exit = amdgpu_emu_exit;
    k->config_write = amdgpu_emu_write_config;
    /* Identity comes from the ASIC description at realize time. */
    k->vendor_id = PCI_VENDOR_ID_ATI;
    k->class_id = PCI_CLASS_DISPLAY_OTHER;
    rc->phases.hold = amdgpu_emu_reset_hold;
    dc->vmsd = &amdgpu_emu_vmstate;
    dc->desc = "AMD GPU emulator (amdgpu/radeon drivers)";
    device_class_set_props(dc, amdgpu_emu_props);
    object_class_property_set_description(klass, "asic",
        "Emulated chip: hawaii (the default)");
    object_class_property_set_description(klass, "vram-size",
        "VRAM size, a power of two (default: the chip's, 256M for hawaii)");
    object_class_property_set_description(klass, "timing",
        "Engines take the chip's modelled time (off: as fast as the host)");
    object_class_property_set_description(klass, "record",
        "Record every access and device input to this file, for aemu-replay");
    object_class_property_set_description(klass, "timeline",
        "Write the engines' packets, fences, interrupts and bytes moved in "
        "virtual time to this file (Chrome JSON trace: Perfetto, "
        "chrome://tracing)");
    set_bit(DEVICE_CATEGORY_DISPLAY, dc->categories);
}

static const TypeInfo amdgpu_emu_info = {
    .name = TYPE_AMDGPU_EMU,
    .parent = TYPE_PCI_DEVICE,
    .instance_size = sizeof(AmdgpuEmuState),
    .instance_init = amdgpu_emu_instance_init,
    .class_init = amdgpu_emu_class_init,
    .interfaces = (InterfaceInfo[]) {
        { INTERFACE_PCIE_DEVICE },
        { INTERFACE_CONVENTIONAL_PCI_DEVICE },
        { }
    },
};

static void amdgpu_emu_register_types(void)
{
    type_register_static(&amdgpu_emu_info);
}

type_init(amdgpu_emu_register_types)
