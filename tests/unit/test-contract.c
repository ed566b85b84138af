/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Unit tests of the core's chip-neutral contracts, on the standalone host:
 * the ASIC list, the IP-block contract (kind, version, core-allocated
 * private state), the engines a chip registers, the doorbell router and
 * the shared status registers' ownership.
 */
#include "aemu-host.h"
#include "aemu-internal.h"
#include "amdgpu-emu/regs/cik_regs.h"
#include "amdgpu-emu/regs/cik_fields.h"

#define MiB (1024ull * 1024ull)

/* The names come from the ASIC list itself, the default first. */
static void test_asic_names(void)
{
    const char *const *names = aemu_asic_names();
    AemuTestHost *h = aemu_test_host_new(NULL, 0, MiB);

    g_assert_nonnull(names[0]);
    g_assert_cmpstr(names[0], ==, aemu_device_asic_name(h->dev));
    for (size_t i = 0; names[i]; i++) {
        AemuConfig cfg = { .asic = names[i] };
        char *err = NULL;

        g_assert_true(aemu_config_check(&cfg, &err));
    }
    aemu_test_host_free(h);
}

/*
 * Every block names its kind and version, kinds are unique, and a block
 * that asked for private state finds it through its kind.
 */
static void test_block_contract(void)
{
    AemuTestHost *h = aemu_test_host_new("hawaii", 0, MiB);
    AemuDevice *d = h->dev;
    bool seen[AEMU_BLOCK_COUNT] = { false };

    g_assert_cmpuint(d->num_blocks, >, 0);
    for (size_t i = 0; i < d->num_blocks; i++) {
        const AemuIpBlockFuncs *f = d->blocks[i].funcs;

        g_assert_nonnull(f->name);
        g_assert_cmpuint(f->type, <, AEMU_BLOCK_COUNT);
        g_assert_false(seen[f->type]);
        seen[f->type] = true;
        g_assert_cmpuint(f->major, >, 0);
        g_assert_true(aemu_block_priv(d, f->type) == d->blocks[i].priv);
        g_assert_true((f->priv_size != 0) == (d->blocks[i].priv != NULL));
    }
    /* Hawaii has no PSP. */
    g_assert_null(aemu_block_priv(d, AEMU_BLOCK_PSP));
    aemu_test_host_free(h);
}

/*
 * One gfx ring, 1 MEC x 4 pipes x 8 queues, two SDMA engines of three
 * queues each (gfx, RLC0, RLC1), the shader processor that runs their
 * dispatches, fault injection's engine that posts a delayed IV, the UVD
 * ring, the two VCE rings and the display engine's vblank events.
 */
static void test_engines(void)
{
    AemuTestHost *h = aemu_test_host_new("hawaii", 0, MiB);

    g_assert_cmpuint(aemu_engine_count(h->dev), ==,
                     1 + 32 + 2 * 3 + 1 + 1 + 1 + 2 + 1);
    g_assert_nonnull(aemu_engine_find(h->dev, "spi"));
    g_assert_nonnull(aemu_engine_find(h->dev, "dce"));
    g_assert_nonnull(aemu_engine_find(h->dev, "inject-delay"));
    g_assert_nonnull(aemu_engine_find(h->dev, "gfx"));
    g_assert_nonnull(aemu_engine_find(h->dev, "comp_1.3.7"));
    g_assert_nonnull(aemu_engine_find(h->dev, "sdma1"));
    g_assert_nonnull(aemu_engine_find(h->dev, "sdma1_rlc1"));
    g_assert_null(aemu_engine_find(h->dev, "sdma2"));
    g_assert_nonnull(aemu_engine_find(h->dev, "uvd"));
    g_assert_nonnull(aemu_engine_find(h->dev, "vce1"));
    aemu_test_host_free(h);
}

typedef struct Bell {
    unsigned calls;
    uint64_t offset, value;
} Bell;

static void bell(AemuDevice *d, void *opaque, uint64_t offset,
                 uint64_t value, unsigned size)
{
    Bell *b = opaque;

    b->calls++;
    b->offset = offset;
    b->value = value;
}

/*
 * The router sends a write to the latest claim that covers it, at an
 * offset relative to the claim; a re-claim by the same owner moves its
 * range; a release hands the bytes back to whoever claimed them before
 * (on CIK the CP, which owns the whole BAR).
 */
static void test_doorbell_router(void)
{
    AemuTestHost *h = aemu_test_host_new("hawaii", 0, MiB);
    Bell b = { 0 };

    aemu_doorbell_claim(h->dev, 0x1000, 0x10, bell, &b, "test");
    aemu_doorbell_write(h->dev, 0x1008, 0x42, 4);
    g_assert_cmpuint(b.calls, ==, 1);
    g_assert_cmphex(b.offset, ==, 0x8);
    g_assert_cmphex(b.value, ==, 0x42);
    aemu_doorbell_write(h->dev, 0x1010, 0x43, 4);
    g_assert_cmpuint(b.calls, ==, 1);

    aemu_doorbell_claim(h->dev, 0x2000, 0x8, bell, &b, "test");
    aemu_doorbell_write(h->dev, 0x1008, 0x44, 4);
    g_assert_cmpuint(b.calls, ==, 1);
    aemu_doorbell_write(h->dev, 0x2004, 0x45, 4);
    g_assert_cmpuint(b.calls, ==, 2);
    g_assert_cmphex(b.offset, ==, 0x4);

    aemu_doorbell_release(h->dev, bell, &b);
    aemu_doorbell_write(h->dev, 0x2004, 0x46, 4);
    g_assert_cmpuint(b.calls, ==, 2);
    /* Past the BAR: nobody is asked. */
    aemu_doorbell_write(h->dev, h->dev->pci.doorbell_size, 0x47, 4);
    g_assert_cmpuint(h->guest_errors->len, ==, 0);
    aemu_test_host_free(h);
}

/*
 * The shared reset and status registers belong to status.c, whatever
 * block's units they show: idle reads 0 in the busy bits, and writes to
 * a status register are ignored.
 */
static void test_status_owner(void)
{
    AemuTestHost *h = aemu_test_host_new("hawaii", 0, MiB);
    AemuDevice *d = h->dev;

    g_assert_cmpstr(d->handlers[mmGRBM_STATUS]->block, ==, "status");
    g_assert_cmpstr(d->handlers[mmSRBM_STATUS2]->block, ==, "status");
    g_assert_cmpstr(d->handlers[mmGRBM_SOFT_RESET]->block, ==, "status");
    g_assert_cmpstr(d->handlers[mmSRBM_SOFT_RESET]->block, ==, "status");
    g_assert_cmphex(aemu_units_busy(d), ==, 0);
    aemu_test_wreg(h, mmGRBM_STATUS, 0xffffffff);
    g_assert_cmphex(aemu_test_rreg(h, mmGRBM_STATUS), ==, 0);
    aemu_test_wreg(h, mmSRBM_SOFT_RESET,
                   SRBM_SOFT_RESET__SOFT_RESET_SDMA1_MASK);
    g_assert_true(aemu_units_held(d, AEMU_UNIT_MASK(AEMU_UNIT_SDMA0 + 1)));
    g_assert_false(aemu_units_held(d, AEMU_UNIT_MASK(AEMU_UNIT_SDMA0)));
    aemu_test_wreg(h, mmSRBM_SOFT_RESET, 0);
    g_assert_false(aemu_units_held(d, AEMU_UNIT_MASK(AEMU_UNIT_SDMA0 + 1)));
    aemu_test_host_free(h);
}

int main(int argc, char **argv)
{
    g_test_init(&argc, &argv, NULL);
    g_test_add_func("/contract/asic-names", test_asic_names);
    g_test_add_func("/contract/blocks", test_block_contract);
    g_test_add_func("/contract/engines", test_engines);
    g_test_add_func("/contract/doorbell-router", test_doorbell_router);
    g_test_add_func("/contract/status-owner", test_status_owner);
    return g_test_run();
}
