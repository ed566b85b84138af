/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * amdgpu-emu standalone host: flat memory, simulated clock, recorded
 * interrupts, reports and trace events (see aemu-host.h).
 */
#include <string.h>
#include <sys/mman.h>
#include "aemu-host.h"
#include "aemu-internal.h"
#include "amdgpu-emu/regs/cik_regs.h"
#include "amdgpu-emu/regs/cik_fields.h"

/*
 * Guest RAM and VRAM as anonymous mappings, as QEMU backs RAM: zero, and
 * paged in only where touched. Through malloc, a test run with
 * MALLOC_PERTURB_ (meson sets it) would fill and wipe hundreds of MiB per
 * host, which made the unit suites 20 times slower.
 */
static uint8_t *memory_new(uint64_t size)
{
    void *p = mmap(NULL, size, PROT_READ | PROT_WRITE,
                   MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);

    if (p == MAP_FAILED) {
        g_error("aemu_test_host: cannot map %" G_GUINT64_FORMAT " bytes",
                size);
    }
    return p;
}

static void memory_free(uint8_t *p, uint64_t size)
{
    if (p) {
        munmap(p, size);
    }
}

static bool host_dma_read(void *opaque, uint64_t addr, void *buf, size_t len)
{
    AemuTestHost *h = opaque;

    if (addr > h->ram_size || len > h->ram_size - addr) {
        return false;
    }
    memcpy(buf, h->ram + addr, len);
    return true;
}

static bool host_dma_write(void *opaque, uint64_t addr, const void *buf,
                           size_t len)
{
    AemuTestHost *h = opaque;

    if (addr > h->ram_size || len > h->ram_size - addr) {
        return false;
    }
    memcpy(h->ram + addr, buf, len);
    return true;
}

/* Guest RAM is one flat buffer: mapped for good, no unmap. */
static void *host_dma_map(void *opaque, uint64_t addr, uint64_t *len,
                          bool write)
{
    AemuTestHost *h = opaque;

    if (addr >= h->ram_size) {
        return NULL;
    }
    *len = MIN(*len, h->ram_size - addr);
    return h->ram + addr;
}

static void host_irq(void *opaque, bool asserted)
{
    AemuTestHost *h = opaque;

    if (asserted) {
        h->irq_edges++;
    }
    h->irq_level = asserted;
}

static uint64_t host_clock_ns(void *opaque)
{
    AemuTestHost *h = opaque;

    return h->now_ns;
}

static void host_timer_arm(void *opaque, uint64_t deadline_ns)
{
    AemuTestHost *h = opaque;

    h->timer_deadline = deadline_ns;
}

static void host_guest_error(void *opaque, const char *msg)
{
    AemuTestHost *h = opaque;

    g_ptr_array_add(h->guest_errors, g_strdup(msg));
    if (aemu_trace_print_selects(&h->print, "amdgpu_emu_guest_error")) {
        aemu_trace_print_msg(h->now_ns, "amdgpu_emu_guest_error", msg);
    }
}

static void host_unimp(void *opaque, const char *msg)
{
    AemuTestHost *h = opaque;

    g_ptr_array_add(h->unimps, g_strdup(msg));
    if (aemu_trace_print_selects(&h->print, "amdgpu_emu_unimp")) {
        aemu_trace_print_msg(h->now_ns, "amdgpu_emu_unimp", msg);
    }
}

static void test_event_free(gpointer p)
{
    AemuTestEvent *e = p;

    for (unsigned i = 0; i < AEMU_TRACE_MAX_ARGS; i++) {
        g_free(e->str[i]);
    }
    aemu_free_string(e->text);
    g_free(e);
}

static void host_event(void *opaque, unsigned id, const uint64_t *args)
{
    AemuTestHost *h = opaque;

    h->event_calls++;
    if (h->trace_print[id]) {
        aemu_trace_print_event(h->now_ns, id, args);
    }
    if (h->trace_keep[id]) {
        AemuTestEvent *e = g_new0(AemuTestEvent, 1);

        e->id = id;
        e->name = aemu_trace_event_name(id);
        memcpy(e->args, args, sizeof(e->args));
        /* String arguments live for the call only: keep copies. */
        for (unsigned i = 0; i < aemu_trace_event_nargs(id); i++) {
            if (aemu_trace_event_arg_is_string(id, i)) {
                e->str[i] = g_strdup((const char *)(uintptr_t)args[i]);
            }
        }
        e->text = aemu_trace_event_format(id, args);
        g_ptr_array_add(h->events, e);
    }
}

static const AemuHostOps test_host_ops = {
    .dma_read = host_dma_read,
    .dma_write = host_dma_write,
    .irq = host_irq,
    .clock_ns = host_clock_ns,
    .timer_arm = host_timer_arm,
    .guest_error = host_guest_error,
    .dma_map = host_dma_map,
    .unimp = host_unimp,
    .event = host_event,
};

static void trace_update(AemuTestHost *h)
{
    for (unsigned i = 0; i < aemu_trace_num_events(); i++) {
        h->trace_on[i] = h->trace_keep[i] || h->trace_print[i];
    }
}

void aemu_test_host_trace(AemuTestHost *h, const char *patterns)
{
    AemuTracePrint sel = { 0 };

    if (patterns) {
        aemu_trace_print_init(&sel, patterns);
    }
    for (unsigned i = 0; i < aemu_trace_num_events(); i++) {
        h->trace_keep[i] = aemu_trace_print_selects_event(&sel, i);
    }
    aemu_trace_print_fini(&sel);
    trace_update(h);
}

/* The core reads our flags from now on; AEMU_TRACE selects what prints. */
static void trace_init(AemuTestHost *h)
{
    unsigned n = aemu_trace_num_events();
    const uint16_t **state = g_new(const uint16_t *, n);

    h->trace_on = g_new0(uint16_t, n);
    h->trace_keep = g_new0(bool, n);
    h->trace_print = g_new0(bool, n);
    h->events = g_ptr_array_new_with_free_func(test_event_free);
    aemu_trace_print_init(&h->print, NULL);
    for (unsigned i = 0; i < n; i++) {
        h->trace_print[i] = aemu_trace_print_selects_event(&h->print, i);
        state[i] = &h->trace_on[i];
    }
    trace_update(h);
    aemu_trace_set_state(h->dev, state);
    g_free(state);
}

AemuTestHost *aemu_test_host_new(const char *asic, uint64_t vram_size,
                                 uint64_t ram_size)
{
    AemuConfig cfg = { .asic = asic, .vram_size = vram_size };

    return aemu_test_host_new_config(&cfg, ram_size);
}

/* asic NULL: the one cfg names, through the user-visible list. */
static AemuTestHost *host_new(const AemuAsic *asic, const AemuConfig *config,
                              uint64_t ram_size)
{
    AemuTestHost *h = g_new0(AemuTestHost, 1);
    AemuConfig cfg = *config;
    char *err = NULL;

    if (!asic && !aemu_config_check(&cfg, &err)) {
        g_error("aemu_test_host_new: %s", err);
    }
    h->vram_size = cfg.vram_size ? cfg.vram_size
                 : asic ? asic->vram_default : aemu_config_vram_size(&cfg);
    h->vram = memory_new(h->vram_size);
    h->ram_size = ram_size;
    h->ram = memory_new(ram_size);
    h->timer_deadline = UINT64_MAX;
    h->guest_errors = g_ptr_array_new_with_free_func(g_free);
    h->unimps = g_ptr_array_new_with_free_func(g_free);
    h->dev = asic ? aemu_device_new_asic(asic, &cfg, &test_host_ops, h,
                                         h->vram, &err)
                  : aemu_device_new(&cfg, &test_host_ops, h, h->vram, &err);
    if (!h->dev) {
        g_error("aemu_device_new: %s", err);
    }
    trace_init(h);
    return h;
}

AemuTestHost *aemu_test_host_new_config(const AemuConfig *config,
                                        uint64_t ram_size)
{
    return host_new(NULL, config, ram_size);
}

AemuTestHost *aemu_test_host_new_asic(const AemuAsic *asic,
                                      uint64_t vram_size, uint64_t ram_size)
{
    AemuConfig cfg = { .asic = asic->name, .vram_size = vram_size };

    return host_new(asic, &cfg, ram_size);
}

void aemu_test_host_free(AemuTestHost *h)
{
    if (!h) {
        return;
    }
    aemu_device_free(h->dev);
    g_ptr_array_free(h->guest_errors, TRUE);
    g_ptr_array_free(h->unimps, TRUE);
    g_ptr_array_free(h->events, TRUE);
    g_free(h->trace_on);
    g_free(h->trace_keep);
    g_free(h->trace_print);
    aemu_trace_print_fini(&h->print);
    memory_free(h->ram, h->ram_size);
    memory_free(h->vram, h->vram_size);
    g_free(h);
}

void aemu_test_host_advance(AemuTestHost *h, uint64_t ns)
{
    uint64_t end = h->now_ns + ns;

    /* Fire every deadline that falls inside the step, in order. */
    while (h->timer_deadline != UINT64_MAX && h->timer_deadline <= end) {
        h->now_ns = MAX(h->now_ns, h->timer_deadline);
        h->timer_deadline = UINT64_MAX;
        aemu_timer_expired(h->dev);
    }
    h->now_ns = end;
}

uint32_t aemu_test_rreg(AemuTestHost *h, uint32_t dw)
{
    return (uint32_t)aemu_mmio_read(h->dev, (uint64_t)dw * 4, 4);
}

void aemu_test_wreg(AemuTestHost *h, uint32_t dw, uint32_t v)
{
    aemu_mmio_write(h->dev, (uint64_t)dw * 4, v, 4);
}

void aemu_test_gart_enable(AemuTestHost *h, uint64_t start, uint64_t pages,
                           uint64_t table_vram, uint32_t cntl_extra)
{
    aemu_test_wreg(h, mmVM_CONTEXT0_PAGE_TABLE_START_ADDR,
                   (uint32_t)(start >> 12));
    aemu_test_wreg(h, mmVM_CONTEXT0_PAGE_TABLE_END_ADDR,
                   (uint32_t)((start >> 12) + pages - 1));
    aemu_test_wreg(h, mmVM_CONTEXT0_PAGE_TABLE_BASE_ADDR,
                   (uint32_t)(table_vram >> 12));
    aemu_test_wreg(h, mmVM_CONTEXT0_CNTL,
                   VM_CONTEXT0_CNTL__ENABLE_CONTEXT_MASK | cntl_extra);
}
