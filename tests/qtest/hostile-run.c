/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The hostile-guest qtests' driver: liveness of QEMU's main loop (the QMP
 * monitor and the virtual-time steps answer within a second) and bounded
 * memory (QEMU's RSS across repetitions of an input). See hostile-run.h.
 */
#include <string.h>
#include "hostile-run.h"

static int64_t worst_step_us, worst_answer_us;

int64_t hostile_worst_step_us(void)
{
    return worst_step_us;
}

int64_t hostile_worst_answer_us(void)
{
    return worst_answer_us;
}

void hostile_assert_responsive(AemuQTest *qt)
{
    int64_t t0 = g_get_monotonic_time(), us;
    g_autofree char *ans = aqt_qmp(qt, "{\"execute\": \"query-status\"}",
                                   HOSTILE_ANSWER_MS);

    us = g_get_monotonic_time() - t0;
    worst_answer_us = MAX(worst_answer_us, us);
    if (!ans) {
        g_error("QEMU's monitor did not answer query-status within %u ms",
                HOSTILE_ANSWER_MS);
    }
    g_assert_nonnull(strstr(ans, "\"return\""));
    g_assert_cmpint(us, <=, HOSTILE_ANSWER_MS * 1000ll);
}

void hostile_step(AemuQTest *qt, int64_t ns)
{
    while (ns > 0) {
        int64_t step = MIN(ns, HOSTILE_STEP_NS);
        int64_t t0 = g_get_monotonic_time(), us;

        aqt_clock_step(qt, step);
        us = g_get_monotonic_time() - t0;
        worst_step_us = MAX(worst_step_us, us);
        g_assert_cmpint(us, <=, HOSTILE_ANSWER_MS * 1000ll);
        ns -= step;
    }
}

void hostile_repeat(AemuQTest *qt, const char *name,
                    void (*input)(void *opaque), void *opaque)
{
    uint64_t rss0, rss1;
    int64_t t0 = g_get_monotonic_time();

    const char *env = g_getenv("AEMU_HOSTILE_REPEAT");
    unsigned repeat = env ? (unsigned)g_ascii_strtoull(env, NULL, 10)
                          : HOSTILE_REPEAT;

    input(opaque);
    hostile_assert_responsive(qt);
    rss0 = aqt_rss_kib(qt);
    for (unsigned batch = 0; batch < 2; batch++) {
        for (unsigned i = 0; i < repeat; i++) {
            input(opaque);
            hostile_assert_responsive(qt);
        }
        rss1 = aqt_rss_kib(qt);
        g_test_message("%s: %u runs in %" G_GINT64_FORMAT " ms, QEMU RSS %"
                       G_GUINT64_FORMAT " -> %" G_GUINT64_FORMAT " KiB",
                       name, repeat + (batch ? 0 : 1),
                       (g_get_monotonic_time() - t0) / 1000, rss0, rss1);
        if (rss1 <= rss0 + HOSTILE_RSS_SLACK_KIB) {
            return;
        }
        /* Grown once: a second batch must stay flat. */
        rss0 = rss1;
        t0 = g_get_monotonic_time();
    }
    g_assert_cmpuint(rss1, <=, rss0 + HOSTILE_RSS_SLACK_KIB);
}
