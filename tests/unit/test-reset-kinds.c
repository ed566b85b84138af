/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * What each reset kind keeps and drops, on every chip (issue 12): VRAM
 * survives (the reset does not lose it unless fault injection says so,
 * test-inject.c), while the rings, queues, interrupt handler ring and VM
 * contexts the driver had programmed read as on a chip fresh from the same
 * kind of reset. The kinds: cold (QEMU's machine reset), the drivers' PCI
 * config reset (0x7C), the S3 wake-up (pc_machine_wakeup: as cold but not
 * posted) and, on Vega10, the PSP's MODE1. A snapshot load is not a reset
 * kind of the core: it replaces the whole state (test-state.c).
 */
#include <string.h>
#include "aemu-host.h"
#include "aemu-internal.h"
#include "regdb.h"

#define MiB (1024ull * 1024ull)
#define RAM_SIZE (4 * MiB)
/* VRAM the test fills: the first and last MiB and one in the middle. */
#define VRAM_SPAN MiB
#define VRAM_SEED 0x9e3779b9u

typedef struct ResetChip {
    const AemuAsic *asic;
    /* Registers the driver programs for its rings, queues, IH and VMs. */
    const char *const *regs;
    /* The resets the chip has besides cold and PCI config. */
    bool mode1;
} ResetChip;

static const char *const hawaii_regs[] = {
    "CP_RB0_BASE", "CP_RB0_BASE_HI", "CP_RB0_RPTR_ADDR",
    "SDMA0_GFX_RB_BASE", "SDMA0_GFX_RB_RPTR_ADDR_LO",
    "SDMA1_GFX_RB_BASE",
    "IH_RB_BASE", "IH_RB_WPTR_ADDR_LO",
    "VM_CONTEXT1_PAGE_TABLE_BASE_ADDR", "VM_CONTEXT0_PAGE_TABLE_START_ADDR",
    "SCRATCH_REG0", "CP_HQD_PQ_BASE",
    NULL,
};

static const char *const vega10_regs[] = {
    "CP_RB0_BASE", "CP_RB0_BASE_HI", "CP_RB0_RPTR_ADDR",
    "SDMA0_GFX_RB_BASE", "SDMA0_GFX_RB_RPTR_ADDR_LO",
    "SDMA1_GFX_RB_BASE",
    "IH_RB_BASE", "IH_RB_WPTR_ADDR_LO",
    "SCRATCH_REG0", "CP_HQD_PQ_BASE",
    NULL,
};

static const ResetChip chips[] = {
    { &aemu_asic_hawaii, hawaii_regs, false },
    { &aemu_asic_vega10, vega10_regs, true },
};

static uint32_t reg_dw(const AemuAsic *a, const char *name)
{
    uint32_t dw = 0;

    if (!aemu_reg_lookup(a->regdb, name, &dw)) {
        g_error("%s has no register %s", a->name, name);
    }
    return dw;
}

/* A value unlike any reset value: the register's name hashed, 4K-aligned
 * so address registers take it whole. */
static uint32_t dirty_value(const char *name)
{
    return (g_str_hash(name) | 0x10000000u) & ~0xFFFu;
}

static uint64_t vram_offsets(const AemuTestHost *h, unsigned i)
{
    uint64_t size = h->vram_size;
    const uint64_t at[] = { 0, size / 2, size - VRAM_SPAN };

    return at[i];
}

static void vram_fill(AemuTestHost *h)
{
    for (unsigned i = 0; i < 3; i++) {
        uint32_t *p = (uint32_t *)(h->vram + vram_offsets(h, i));

        for (uint64_t j = 0; j < VRAM_SPAN / 4; j++) {
            p[j] = VRAM_SEED * (uint32_t)(i * VRAM_SPAN / 4 + j + 1);
        }
    }
}

static void vram_check(AemuTestHost *h)
{
    for (unsigned i = 0; i < 3; i++) {
        const uint32_t *p = (const uint32_t *)(h->vram + vram_offsets(h, i));

        for (uint64_t j = 0; j < VRAM_SPAN / 4; j++) {
            if (p[j] != VRAM_SEED * (uint32_t)(i * VRAM_SPAN / 4 + j + 1)) {
                g_error("VRAM at 0x%" G_GINT64_MODIFIER "x changed",
                        vram_offsets(h, i) + j * 4);
            }
        }
    }
}

/* MODE1 is the device's own reset (the PSP asks): hosts cannot ask. */
static void reset(AemuTestHost *h, AemuResetKind kind)
{
    if (kind == AEMU_RESET_MODE1) {
        aemu_device_reset_internal(h->dev, kind);
    } else {
        aemu_device_reset(h->dev, kind);
    }
}

static void check_kind(const ResetChip *c, AemuResetKind kind)
{
    AemuTestHost *fresh = aemu_test_host_new_asic(c->asic, 0, RAM_SIZE);
    AemuTestHost *h = aemu_test_host_new_asic(c->asic, 0, RAM_SIZE);
    unsigned n = 0;

    /* What a chip fresh from this kind of reset shows. */
    reset(fresh, kind);
    while (c->regs[n]) {
        n++;
    }
    uint32_t want[n];

    for (unsigned i = 0; i < n; i++) {
        want[i] = aemu_test_rreg(fresh, reg_dw(c->asic, c->regs[i]));
    }

    /* A driver's state, and VRAM contents. */
    for (unsigned i = 0; i < n; i++) {
        uint32_t dw = reg_dw(c->asic, c->regs[i]);

        aemu_test_wreg(h, dw, dirty_value(c->regs[i]));
        if (aemu_test_rreg(h, dw) == want[i]) {
            g_error("%s: %s kept its reset value 0x%x after a write",
                    c->asic->name, c->regs[i], want[i]);
        }
    }
    vram_fill(h);

    reset(h, kind);
    for (unsigned i = 0; i < n; i++) {
        g_assert_cmphex(aemu_test_rreg(h, reg_dw(c->asic, c->regs[i])), ==,
                        want[i]);
    }
    vram_check(h);
    aemu_test_host_free(h);
    aemu_test_host_free(fresh);
}

static void test_kinds(gconstpointer data)
{
    const ResetChip *c = data;

    check_kind(c, AEMU_RESET_COLD);
    check_kind(c, AEMU_RESET_PCI_CONFIG);
    check_kind(c, AEMU_RESET_WAKE);
    if (c->mode1) {
        check_kind(c, AEMU_RESET_MODE1);
    }
}

int main(int argc, char **argv)
{
    g_test_init(&argc, &argv, NULL);
    for (unsigned i = 0; i < G_N_ELEMENTS(chips); i++) {
        char *path = g_strdup_printf("/reset-kinds/%s", chips[i].asic->name);

        g_test_add_data_func(path, &chips[i], test_kinds);
        g_free(path);
    }
    return g_test_run();
}
