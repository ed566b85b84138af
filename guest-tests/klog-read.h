/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The guest kernel's log, read by the test programs that wait for the
 * driver to say something (a lockup found, a fault reported): klogctl
 * reads the whole ring buffer without consuming it.
 */
#ifndef KLOG_READ_H
#define KLOG_READ_H

#include <stdlib.h>
#include <string.h>
#include <sys/klog.h>

/* klogctl actions (syslog(2)). */
#define SYSLOG_ACTION_READ_ALL 3
#define SYSLOG_ACTION_SIZE_BUFFER 10

/* The whole log, NUL-terminated and malloc'ed, or NULL. */
static inline char *klog_read(void)
{
    int len = klogctl(SYSLOG_ACTION_SIZE_BUFFER, NULL, 0);
    char *buf;

    if (len <= 0 || !(buf = malloc((size_t)len + 1))) {
        return NULL;
    }
    len = klogctl(SYSLOG_ACTION_READ_ALL, buf, len);
    if (len < 0) {
        free(buf);
        return NULL;
    }
    buf[len] = 0;
    return buf;
}

/* How many times the log says what, or -1 if it cannot be read. */
static inline int klog_count(const char *what)
{
    char *buf = klog_read();
    int n = 0;

    if (!buf) {
        return -1;
    }
    for (char *p = buf; (p = strstr(p, what)); p++) {
        n++;
    }
    free(buf);
    return n;
}

#endif
