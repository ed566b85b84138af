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
#include "inject.h"

/* Every chip the model knows; the first is the default. */
static const AemuAsic *const asics[] = {
    &aemu_asic_hawaii,
    &aemu_asic_vega10,
    &aemu_asic_rs780,
    &aemu_asic_topaz,
    NULL,
};

/* The names, derived once from asics[] (never a second list to keep). */
const char *const *aemu_asic_names(void)
{
    static const char *names[G_N_ELEMENTS(asics)];

    if (!names[0]) {
        for (size_t i = 0; asics[i]; i++) {
            names[i] = asics[i]->name;
        }
    }
    return names;
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

static uint64_t vram_size_for(const AemuAsic *a, const AemuConfig *cfg)
{
    if (cfg->vram_size) {
        return cfg->vram_size;
    }
    return a ? a->vram_default : 0;
}

uint64_t aemu_config_vram_size(const AemuConfig *cfg)
{
    return vram_size_for(find_asic(cfg->asic), cfg);
}

/* The checks of a configuration for a given chip (cfg->asic unused). */
static bool config_check_asic(const AemuAsic *a, const AemuConfig *cfg,
                              char **errmsg)
{
    uint64_t vram = vram_size_for(a, cfg);

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

bool aemu_config_check(const AemuConfig *cfg, char **errmsg)
{
    const AemuAsic *a = find_asic(cfg->asic);

    if (!a) {
        char *valid = g_strjoinv(", ", (char **)aemu_asic_names());
        *errmsg = g_strdup_printf("unknown asic '%s' (valid: %s)",
                                  cfg->asic, valid);
        g_free(valid);
        return false;
    }
    return config_check_asic(a, cfg, errmsg);
}

/* Allocate each block's private state and index the blocks by kind. */
static void blocks_create(AemuDevice *d)
{
    const AemuAsic *a = d->asic;

    while (a->blocks[d->num_blocks]) {
        d->num_blocks++;
    }
    d->blocks = g_new0(AemuBlock, d->num_blocks);
    for (size_t i = 0; i < d->num_blocks; i++) {
        const AemuIpBlockFuncs *f = a->blocks[i];

        /* One block of a kind per chip: the description is wrong else. */
        g_assert(f->type < AEMU_BLOCK_COUNT && !d->block_of[f->type]);
        d->blocks[i].funcs = f;
        d->blocks[i].priv = f->priv_size ? g_malloc0(f->priv_size) : NULL;
        d->block_of[f->type] = &d->blocks[i];
    }
}

void *aemu_block_priv(AemuDevice *d, AemuBlockType type)
{
    AemuBlock *b = type < AEMU_BLOCK_COUNT ? d->block_of[type] : NULL;

    return b ? b->priv : NULL;
}

AemuDevice *aemu_device_new(const AemuConfig *cfg, const AemuHostOps *ops,
                            void *host_opaque, uint8_t *vram, char **errmsg)
{
    if (!aemu_config_check(cfg, errmsg)) {
        return NULL;
    }
    return aemu_device_new_asic(find_asic(cfg->asic), cfg, ops, host_opaque,
                                vram, errmsg);
}

AemuDevice *aemu_device_new_asic(const AemuAsic *a, const AemuConfig *cfg,
                                 const AemuHostOps *ops, void *host_opaque,
                                 uint8_t *vram, char **errmsg)
{
    AemuDevice *d;
    AemuVbiosParams vb;

    if (!config_check_asic(a, cfg, errmsg)) {
        return NULL;
    }
    d = g_new0(AemuDevice, 1);
    d->asic = a;
    d->host = *ops;
    d->host_opaque = host_opaque;
    /* Every event off until the host hands over its flags. */
    aemu_trace_set_state(d, NULL);
    d->vram = vram;
    d->vram_size = vram_size_for(a, cfg);
    aemu_regfile_init(d);
    aemu_sched_init(d);
    aemu_inject_init(d);
    d->sched.timing = cfg->timing != AEMU_TIMING_OFF;
    /* Empty translation caches hold generation 0: never current. */
    d->xlate_gen = 1;
    d->vm_gen = 1;

    vb = a->vbios;
    vb.vram_mib = (uint32_t)(d->vram_size >> 20);
    d->rom = g_malloc0(AEMU_VBIOS_MAX_SIZE);
    d->rom_size = a->build_rom(&vb, d->rom, AEMU_VBIOS_MAX_SIZE);
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
        .mmio_bar = a->mmio_bar ? a->mmio_bar : AEMU_PCI_MMIO_BAR_DEFAULT,
        .pcie_gen = a->pcie_gen,
        .pcie_lanes = a->pcie_lanes,
        .rom = d->rom,
        .rom_size = d->rom_size,
    };

    blocks_create(d);
    aemu_status_init(d);
    for (size_t i = 0; i < d->num_blocks; i++) {
        if (d->blocks[i].funcs->init) {
            d->blocks[i].funcs->init(d, d->blocks[i].priv);
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
    aemu_xlate_release(d);
    aemu_record_close(d);
    aemu_timeline_close(d);
    for (size_t i = d->num_blocks; i-- > 0;) {
        if (d->blocks[i].funcs->fini) {
            d->blocks[i].funcs->fini(d, d->blocks[i].priv);
        }
        g_free(d->blocks[i].priv);
    }
    g_free(d->blocks);
    aemu_sched_fini(d);
    aemu_regfile_fini(d);
    g_free(d->rom);
    g_free(d);
}

static void reset_blocks(AemuDevice *d, AemuResetKind kind)
{
    /* An injected VRAM loss happens with this reset (inject.c). */
    aemu_inject_reset(d, kind);
    /* Whatever the blocks reset, no cached translation survives it. */
    aemu_xlate_release(d);
    aemu_xlate_invalidate(d);
    aemu_sched_reset(d);
    aemu_regfile_reset(d);
    d->units_held = 0;
    d->reset_pending = false;
    for (size_t i = 0; i < d->num_blocks; i++) {
        if (d->blocks[i].funcs->reset) {
            d->blocks[i].funcs->reset(d, d->blocks[i].priv, kind);
        }
    }
}

const char *aemu_reset_kind_name(AemuResetKind kind)
{
    static const char *const names[] = {
        [AEMU_RESET_COLD] = "cold",
        [AEMU_RESET_PCI_CONFIG] = "pci",
        [AEMU_RESET_MODE1] = "mode1",
        [AEMU_RESET_WAKE] = "wake",
    };

    return (unsigned)kind < G_N_ELEMENTS(names) ? names[kind] : "?";
}

/*
 * A reset the host asks for is an input of a recording ("Z"); one the
 * device performs itself follows from a recorded access and is not.
 */
void aemu_device_reset(AemuDevice *d, AemuResetKind kind)
{
    g_assert(kind != AEMU_RESET_MODE1);
    reset_blocks(d, kind);
    aemu_rec_event(d, "Z %s", aemu_reset_kind_name(kind));
}

void aemu_device_reset_internal(AemuDevice *d, AemuResetKind kind)
{
    if (d->sched.running) {
        d->reset_pending = true;
        d->reset_pending_kind = kind;
        return;
    }
    reset_blocks(d, kind);
}

void aemu_device_reset_pending(AemuDevice *d)
{
    if (d->reset_pending) {
        reset_blocks(d, d->reset_pending_kind);
    }
}

const AemuPciInfo *aemu_device_pci_info(const AemuDevice *d)
{
    return &d->pci;
}

const char *aemu_device_asic_name(const AemuDevice *d)
{
    return d->asic->name;
}

const char *aemu_device_reg_name(const AemuDevice *d, uint32_t dw)
{
    return d->asic->regdb ? aemu_reg_name(d->asic->regdb, dw) : NULL;
}

const char *aemu_device_reg_ip(const AemuDevice *d, uint32_t dw)
{
    int ip = d->asic->regdb ? aemu_reg_ip(d->asic->regdb, dw) : -1;

    return ip < 0 ? NULL : aemu_ip_name((AemuIp)ip);
}

const char *aemu_device_regdb_name(const AemuDevice *d)
{
    return d->asic->regdb ? d->asic->regdb->name : NULL;
}

bool aemu_device_reg_claimed(const AemuDevice *d, uint32_t dw)
{
    return dw < d->mmio_dwords && d->handlers[dw] != NULL;
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
 * Registers are dwords, and the bus honours byte enables: a naturally
 * aligned 1-, 2- or 4-byte access reaches the bytes it addresses of the
 * containing register. The glue has QEMU deliver the guest's own size and
 * offset (its impl.min_access_size is 1); a guest's qword access arrives as
 * two dwords, low first (impl.max_access_size 4), so the core never sees 8.
 * Anything else is refused as a guest error: a misaligned access (QEMU's
 * .valid.unaligned is false, so it splits or refuses those before us) or
 * an odd size, which only another host could pass. A refused read returns 0
 * without dispatching, so no read handler's side effect runs.
 */
#define REG_BYTES 4u
#define BITS_PER_BYTE 8u

static bool reg_access_valid(uint64_t offset, unsigned size)
{
    return (size == 1 || size == 2 || size == REG_BYTES) &&
           !(offset & (size - 1));
}

/* The bits of the containing dword that an access of size bytes covers. */
static uint32_t reg_access_mask(uint64_t offset, unsigned size)
{
    uint32_t mask = size == REG_BYTES ? UINT32_MAX
                                      : (1u << (size * BITS_PER_BYTE)) - 1;

    return mask << ((offset & (REG_BYTES - 1)) * BITS_PER_BYTE);
}

static uint32_t reg_access_read(AemuDevice *d, uint64_t offset, unsigned size)
{
    unsigned shift = (offset & (REG_BYTES - 1)) * BITS_PER_BYTE;

    if (!reg_access_valid(offset, size)) {
        aemu_guest_error(d, "MMIO read of %u bytes at 0x%" G_GINT64_MODIFIER
                         "x refused: not a naturally aligned byte, word or "
                         "dword", size, offset);
        return 0;
    }
    /* The whole register is read, with its side effects, as on the bus. */
    return (aemu_reg_read(d, (uint32_t)(offset / REG_BYTES)) &
            reg_access_mask(offset, size)) >> shift;
}

/*
 * A narrow write is a read-modify-write here: the addressed bytes are
 * merged into the register's latch (aemu_reg_latch: aemu_reg_get, or what
 * an indirect data port points at) and the merged dword is dispatched like
 * any write. The merge source is the latch, not a dispatched read, because
 * reads have side effects a write must not cause (SMC_IND_DATA and the ROM
 * port auto-increment their index, MM_DATA reads through its index) and a
 * status register's read reports engine state rather than what the
 * register holds; the latch is what the unaddressed bytes hold.
 */
static void reg_access_write(AemuDevice *d, uint64_t offset, uint64_t value,
                             unsigned size)
{
    uint32_t dw = (uint32_t)(offset / REG_BYTES);
    unsigned shift = (offset & (REG_BYTES - 1)) * BITS_PER_BYTE;
    uint32_t mask, merged;

    if (!reg_access_valid(offset, size)) {
        aemu_guest_error(d, "MMIO write of %u bytes at 0x%" G_GINT64_MODIFIER
                         "x ignored: not a naturally aligned byte, word or "
                         "dword", size, offset);
        return;
    }
    if (size == REG_BYTES) {
        aemu_reg_write(d, dw, (uint32_t)value);
        return;
    }
    mask = reg_access_mask(offset, size);
    merged = (aemu_reg_latch(d, dw) & ~mask) |
             (((uint32_t)value << shift) & mask);
    aemu_reg_write(d, dw, merged);
}

/* What a read of a device that does not answer returns: all-ones. */
static uint64_t all_ones(unsigned size)
{
    return size >= sizeof(uint64_t) ? UINT64_MAX
                                    : (1ull << (size * BITS_PER_BYTE)) - 1;
}

uint64_t aemu_mmio_read(AemuDevice *d, uint64_t offset, unsigned size)
{
    uint64_t v = aemu_inject_dead(d) ? all_ones(size) :
                 offset < d->pci.mmio_size ?
                 reg_access_read(d, offset, size) : 0;

    record(d, AEMU_SPACE_MMIO, false, offset, size, v);
    return v;
}

void aemu_mmio_write(AemuDevice *d, uint64_t offset, uint64_t value,
                     unsigned size)
{
    if (offset < d->pci.mmio_size && !aemu_inject_dead(d)) {
        reg_access_write(d, offset, value, size);
    }
    record(d, AEMU_SPACE_MMIO, true, offset, size, value);
}

/* The I/O BAR is a window onto the first registers (MM_INDEX/MM_DATA...). */
uint64_t aemu_io_read(AemuDevice *d, uint64_t offset, unsigned size)
{
    uint64_t v = aemu_inject_dead(d) ? all_ones(size) :
                 offset < d->pci.io_size ? reg_access_read(d, offset, size)
                                         : 0;

    record(d, AEMU_SPACE_IO, false, offset, size, v);
    return v;
}

void aemu_io_write(AemuDevice *d, uint64_t offset, uint64_t value,
                   unsigned size)
{
    if (offset < d->pci.io_size && !aemu_inject_dead(d)) {
        reg_access_write(d, offset, value, size);
    }
    record(d, AEMU_SPACE_IO, true, offset, size, value);
}

uint64_t aemu_doorbell_read(AemuDevice *d, uint64_t offset, unsigned size)
{
    /* Doorbells are write-only; reads return 0. */
    record(d, AEMU_SPACE_DOORBELL, false, offset, size, 0);
    return 0;
}

void aemu_doorbell_write(AemuDevice *d, uint64_t offset, uint64_t value,
                         unsigned size)
{
    if (offset < d->pci.doorbell_size) {
        aemu_doorbell_route(d, offset, value, size);
    }
    record(d, AEMU_SPACE_DOORBELL, true, offset, size, value);
}

void aemu_timer_expired(AemuDevice *d)
{
    aemu_sched_run(d);
    aemu_rec_event(d, "T");
}
