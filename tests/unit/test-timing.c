/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The timing model's tables and cost function (timing.h): every chip's
 * table is complete, the memory paths overlap as the cost function says,
 * and a device looks a packet's cost up from its chip's table.
 */
#include "aemu-host.h"
#include "aemu-internal.h"
#include "pm4_cik.h"

#define MiB (1024ull * 1024ull)

static const AemuTiming *const tables[] = {
    &aemu_timing_hawaii,
    &aemu_timing_vega10,
};

static void test_tables_valid(void)
{
    for (size_t i = 0; i < G_N_ELEMENTS(tables); i++) {
        const char *why = NULL;

        if (!aemu_timing_valid(tables[i], &why)) {
            g_error("table %zu: %s", i, why);
        }
    }
}

/* ns of bytes at MB/s (bytes per microsecond). */
static double at(uint64_t bytes, uint32_t mb_s)
{
    return (double)bytes * 1000 / mb_s;
}

/*
 * A copy's step takes as long as its busiest path: VRAM's reads and writes
 * share one bus; a PCIe read and a VRAM write stream at once; so do the
 * two PCIe directions. The packets' cycles come on top.
 */
static void test_paths_overlap(void)
{
    const AemuTiming *t = &aemu_timing_hawaii;
    AemuEngineClass sdma = AEMU_ENGINE_CLASS_SDMA;
    AemuBytes vram_copy = { .n = { [AEMU_PATH_VRAM_READ] = MiB,
                                   [AEMU_PATH_VRAM_WRITE] = MiB } };
    AemuBytes upload = { .n = { [AEMU_PATH_SYS_READ] = MiB,
                                [AEMU_PATH_VRAM_WRITE] = MiB } };
    AemuBytes both = { .n = { [AEMU_PATH_SYS_READ] = MiB,
                              [AEMU_PATH_SYS_WRITE] = MiB } };
    AemuBytes none = { { 0 } };
    double unit = (double)t->engine[sdma].packet_cycles * 1000 /
                  t->engine_mhz;

    g_assert_cmpfloat_with_epsilon(aemu_timing_work_ns(t, sdma, 0, &vram_copy),
                                   at(2 * MiB, t->vram_mb_s), 1e-6);
    g_assert_cmpfloat_with_epsilon(aemu_timing_work_ns(t, sdma, 0, &upload),
                                   at(MiB, t->sys_read_mb_s), 1e-6);
    g_assert_cmpfloat_with_epsilon(aemu_timing_work_ns(t, sdma, 0, &both),
                                   MAX(at(MiB, t->sys_read_mb_s),
                                       at(MiB, t->sys_write_mb_s)), 1e-6);
    g_assert_cmpfloat_with_epsilon(aemu_timing_work_ns(t, sdma, 3, &none),
                                   3 * unit, 1e-6);
    g_assert_cmpfloat_with_epsilon(aemu_timing_work_ns(t, sdma, 3, &upload),
                                   3 * unit + at(MiB, t->sys_read_mb_s), 1e-6);
}

/* An engine slower than its paths is the limit (a table that says so). */
static void test_engine_copy_rate(void)
{
    AemuTiming t = aemu_timing_vega10;
    AemuBytes vram_copy = { .n = { [AEMU_PATH_VRAM_READ] = MiB,
                                   [AEMU_PATH_VRAM_WRITE] = MiB } };

    t.engine[AEMU_ENGINE_CLASS_SDMA].copy_mb_s = 1000;
    g_assert_cmpfloat_with_epsilon(
        aemu_timing_work_ns(&t, AEMU_ENGINE_CLASS_SDMA, 0, &vram_copy),
        at(MiB, 1000), 1e-6);
    /* Other classes keep the paths' time. */
    g_assert_cmpfloat_with_epsilon(
        aemu_timing_work_ns(&t, AEMU_ENGINE_CLASS_GFX, 0, &vram_copy),
        at(2 * MiB, t.vram_mb_s), 1e-6);
}

/* The device's per-opcode table is its chip's, by engine class. */
static void test_op_cycles_lookup(void)
{
    static const char *const chips[] = { "hawaii", "vega10" };

    for (size_t i = 0; i < G_N_ELEMENTS(chips); i++) {
        AemuTestHost *h = aemu_test_host_new(chips[i], 0, MiB);
        const AemuTiming *t = h->dev->asic->timing;

        g_assert_true(t == tables[i]);
        for (unsigned c = 0; c < AEMU_ENGINE_CLASS_COUNT; c++) {
            for (unsigned k = 0; k < t->engine[c].num_ops; k++) {
                const AemuOpCycles *op = &t->engine[c].ops[k];

                g_assert_cmpuint(h->dev->sched.op_cycles[c][op->opcode], ==,
                                 op->cycles);
            }
        }
        /* A cache flush costs more than a register write (inferred). */
        g_assert_cmpuint(h->dev->sched.op_cycles[AEMU_ENGINE_CLASS_GFX]
                                                [PACKET3_ACQUIRE_MEM], >,
                         t->engine[AEMU_ENGINE_CLASS_GFX].packet_cycles);
        g_assert_cmpuint(h->dev->sched.op_cycles[AEMU_ENGINE_CLASS_GFX]
                                                [PACKET3_SET_SH_REG], ==, 0);
        aemu_test_host_free(h);
    }
}

int main(int argc, char **argv)
{
    g_test_init(&argc, &argv, NULL);
    g_test_add_func("/timing/tables-valid", test_tables_valid);
    g_test_add_func("/timing/paths-overlap", test_paths_overlap);
    g_test_add_func("/timing/engine-copy-rate", test_engine_copy_rate);
    g_test_add_func("/timing/op-cycles-lookup", test_op_cycles_lookup);
    return g_test_run();
}
