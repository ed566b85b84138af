/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * amdgpu-emu core: the device as a whole.
 *
 * Creation from an ASIC description and a validated configuration, reset,
 * and the one dispatch point every guest access passes (MMIO, the I/O
 * window, doorbells), which is where access recording hooks in.
 */
#include <stdio.h>
#include "aemu-internal.h"

static const AemuAsic *const asics[] = {
    &aemu_asic_hawaii,
    NULL,
};

static const char *const asic_names[] = {
    "hawaii",
    NULL,
};

const char *const *aemu_asic_names(void)
{
    return asic_names;
}

static const AemuAsic *find_asic(const char *name)
{
    if (!name) {
        return asics[0];
    }
    for (size_t i = 0; asics[i]; i++) {
        if (g_str_equal(asics[i]->name, name)) {
            return asics[i];
        }
    }
    return NULL;
}

void aemu_free_string(char *s)
{
    g_free(s);
}

uint64_t aemu_config_vram_size(const AemuConfig *cfg)
{
    const AemuAsic *a = find_asic(cfg->asic);

    if (cfg->vram_size) {
        return cfg->vram_size;
    }
    return a ? a->vram_default : 0;
}

bool aemu_config_check(const AemuConfig *cfg, char **errmsg)
{
    const AemuAsic *a = find_asic(cfg->asic);
    uint64_t vram;

    if (!a) {
        char *valid = g_strjoinv(", ", (char **)asic_names);
        *errmsg = g_strdup_printf("unknown asic '%s' (valid: %s)",
                                  cfg->asic, valid);
        g_free(valid);
        return false;
    }
    vram = aemu_config_vram_size(cfg);
    /*
     * BAR0 must cover all of VRAM (amdgpu then skips the BAR resize path)
     * and a PCI BAR is a power of two; CONFIG_MEMSIZE counts MiB.
     */
    if (vram < a->vram_min || vram > a->vram_max ||
        (vram & (vram - 1)) != 0) {
        *errmsg = g_strdup_printf(
            "vram-size 0x%" G_GINT64_MODIFIER "x is not valid for %s: it must "
            "be a power of two from %" G_GUINT64_FORMAT " MiB to %"
            G_GUINT64_FORMAT " MiB", vram, a->name, a->vram_min >> 20,
            a->vram_max >> 20);
        return false;
    }
    return true;
}

AemuDevice *aemu_device_new(const AemuConfig *cfg, const AemuHostOps *ops,
                            void *host_opaque, uint8_t *vram, char **errmsg)
{
    AemuDevice *d;
    const AemuAsic *a;
    AemuVbiosParams vb;

    if (!aemu_config_check(cfg, errmsg)) {
        return NULL;
    }
    a = find_asic(cfg->asic);
    d = g_new0(AemuDevice, 1);
    d->asic = a;
    d->host = *ops;
    d->host_opaque = host_opaque;
    /* Every event off until the host hands over its flags. */
    aemu_trace_set_state(d, NULL);
    d->vram = vram;
    d->vram_size = aemu_config_vram_size(cfg);
    d->banked = g_hash_table_new_full(g_int64_hash, g_int64_equal, g_free,
                                      NULL);
    d->sched.deadline = UINT64_MAX;
    d->sched.timing = cfg->timing != AEMU_TIMING_OFF;

    vb = a->vbios;
    vb.vram_mib = (uint32_t)(d->vram_size >> 20);
    d->rom = g_malloc0(AEMU_VBIOS_MAX_SIZE);
    d->rom_size = aemu_vbios_build(&vb, d->rom, AEMU_VBIOS_MAX_SIZE);
    g_assert(d->rom_size > 0);

    d->pci = (AemuPciInfo) {
        .vendor_id = a->vendor_id,
        .device_id = a->device_id,
        .subsystem_vendor_id = a->subsystem_vendor_id,
        .subsystem_id = a->subsystem_id,
        .revision = a->revision,
        .class_code = a->class_code,
        .vram_size = d->vram_size,
        .doorbell_size = a->doorbell_size,
        .io_size = a->io_size,
        .mmio_size = a->mmio_size,
        .rom = d->rom,
        .rom_size = d->rom_size,
    };

    for (size_t i = 0; a->blocks[i]; i++) {
        if (a->blocks[i]->init) {
            a->blocks[i]->init(d);
        }
    }
    aemu_device_reset(d, AEMU_RESET_COLD);
    return d;
}

void aemu_device_free(AemuDevice *d)
{
    if (!d) {
        return;
    }
    aemu_record_close(d);
    for (size_t i = 0; d->asic->blocks[i]; i++) {
        if (d->asic->blocks[i]->fini) {
            d->asic->blocks[i]->fini(d);
        }
    }
    aemu_regfile_fini(d);
    g_free(d->rom);
    g_free(d);
}

void aemu_device_reset(AemuDevice *d, AemuResetKind kind)
{
    aemu_sched_reset(d);
    aemu_regfile_reset(d);
    for (size_t i = 0; d->asic->blocks[i]; i++) {
        if (d->asic->blocks[i]->reset) {
            d->asic->blocks[i]->reset(d, kind);
        }
    }
    aemu_rec_event(d, "Z %s", kind == AEMU_RESET_COLD ? "cold" : "pci");
}

const AemuPciInfo *aemu_device_pci_info(const AemuDevice *d)
{
    return &d->pci;
}

const char *aemu_device_asic_name(const AemuDevice *d)
{
    return d->asic->name;
}

void aemu_set_access_hook(AemuDevice *d, AemuAccessHook hook, void *opaque)
{
    d->hook = hook;
    d->hook_opaque = opaque;
}

void aemu_record_access(AemuDevice *d, const AemuAccess *a)
{
    aemu_rec_access(d, a);
    if (d->hook) {
        d->hook(d->hook_opaque, a);
    }
}

static void record(AemuDevice *d, AemuSpace space, bool write,
                   uint64_t offset, unsigned size, uint64_t value)
{
    if (d->hook || d->rec) {
        AemuAccess a = {
            .space = space, .write = write, .size = size,
            .offset = offset, .value = value,
        };
        aemu_record_access(d, &a);
    }
}

/*
 * Registers are dwords. The glue declares 4-byte accesses to QEMU's memory
 * API, so narrower guest accesses arrive here already widened; anything
 * else that reaches us is a misaligned access, which reads the containing
 * dword and writes nothing, as a guest error.
 */
static uint32_t reg_access_read(AemuDevice *d, uint64_t offset, unsigned size)
{
    if (size != 4 || (offset & 3)) {
        aemu_guest_error(d, "MMIO read of %u bytes at 0x%" G_GINT64_MODIFIER
                         "x: registers are dwords", size, offset);
    }
    return aemu_reg_read(d, (uint32_t)(offset >> 2));
}

static void reg_access_write(AemuDevice *d, uint64_t offset, uint64_t value,
                             unsigned size)
{
    if (size != 4 || (offset & 3)) {
        aemu_guest_error(d, "MMIO write of %u bytes at 0x%" G_GINT64_MODIFIER
                         "x ignored: registers are dwords", size, offset);
        return;
    }
    aemu_reg_write(d, (uint32_t)(offset >> 2), (uint32_t)value);
}

uint64_t aemu_mmio_read(AemuDevice *d, uint64_t offset, unsigned size)
{
    uint64_t v = offset < d->pci.mmio_size ?
                 reg_access_read(d, offset, size) : 0;

    record(d, AEMU_SPACE_MMIO, false, offset, size, v);
    return v;
}

void aemu_mmio_write(AemuDevice *d, uint64_t offset, uint64_t value,
                     unsigned size)
{
    if (offset < d->pci.mmio_size) {
        reg_access_write(d, offset, value, size);
    }
    record(d, AEMU_SPACE_MMIO, true, offset, size, value);
}

/* The I/O BAR is a window onto the first registers (MM_INDEX/MM_DATA...). */
uint64_t aemu_io_read(AemuDevice *d, uint64_t offset, unsigned size)
{
    uint64_t v = offset < d->pci.io_size ? reg_access_read(d, offset, size)
                                         : 0;

    record(d, AEMU_SPACE_IO, false, offset, size, v);
    return v;
}

void aemu_io_write(AemuDevice *d, uint64_t offset, uint64_t value,
                   unsigned size)
{
    if (offset < d->pci.io_size) {
        reg_access_write(d, offset, value, size);
    }
    record(d, AEMU_SPACE_IO, true, offset, size, value);
}

uint64_t aemu_doorbell_read(AemuDevice *d, uint64_t offset, unsigned size)
{
    /* Doorbells are write-only on CIK; reads return 0. */
    record(d, AEMU_SPACE_DOORBELL, false, offset, size, 0);
    return 0;
}

void aemu_doorbell_write(AemuDevice *d, uint64_t offset, uint64_t value,
                         unsigned size)
{
    if (d->doorbell && offset < d->pci.doorbell_size) {
        d->doorbell(d, offset, value, size);
    }
    record(d, AEMU_SPACE_DOORBELL, true, offset, size, value);
}

void aemu_timer_expired(AemuDevice *d)
{
    aemu_sched_run(d);
    aemu_rec_event(d, "T");
}
