/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * What the KFD guest programs (hsa-compute.c, hsa-xnack.c, kfd-queue.c)
 * share for their TAP output and their deadlines: a diagnostic line,
 * flushed at once (their tests run in child processes whose output must
 * not sit in a buffer when the parent kills them), and the monotonic
 * clock in seconds.
 */
#ifndef AEMU_GUEST_CLOCK_H
#define AEMU_GUEST_CLOCK_H

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <time.h>

/* Seconds on the monotonic clock. */
static inline double gt_now(void)
{
    struct timespec ts;

    clock_gettime(CLOCK_MONOTONIC, &ts);
    return ts.tv_sec + ts.tv_nsec * 1e-9;
}

/* Sleep s seconds (interrupted sleeps go on). */
static inline void gt_sleep(double s)
{
    struct timespec ts = { .tv_sec = (time_t)s,
                           .tv_nsec = (long)((s - (time_t)s) * 1e9) };

    while (nanosleep(&ts, &ts) < 0 && errno == EINTR) {
    }
}

/* "# TEXT" on stdout, flushed. */
static inline void gt_diag(const char *fmt, ...)
    __attribute__((format(printf, 1, 2)));

static inline void gt_diag(const char *fmt, ...)
{
    va_list ap;

    fputs("# ", stdout);
    va_start(ap, fmt);
    vprintf(fmt, ap);
    va_end(ap);
    putchar('\n');
    fflush(stdout);
}

#endif
