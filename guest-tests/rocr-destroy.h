/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * hsa_queue_destroy past a lost wakeup in ROCr 5.2.3, for the guest's HSA
 * programs (hsa-compute.c, hsa-bench.c).
 *
 * The destructor (AqlQueue::~AqlQueue) stores 0x8000000000000000 into the
 * queue's inactive signal for ROCr's async-events thread, whose handler
 * answers by storing -1, and waits for that answer with a blocked wait.
 * The inactive signals of all queues share one auto-reset KFD event, and
 * a store sets it only while someone is counted as waiting: if the
 * handler's store comes between the destructor's last look at the value
 * and its sleep in KFD, the event is left set, the async-events thread
 * (asleep on the same event for the other queues) consumes it, and the
 * destructor sleeps for good, both threads in AMDKFD_IOC_WAIT_EVENTS
 * without a timeout. No GPU work is involved: under TCG a vCPU is often
 * descheduled in that window on a busy host, so a destroy now and then
 * never returns. When the destroying thread has slept in
 * AMDKFD_IOC_WAIT_EVENTS for ROCR_RESCUE_AFTER seconds, the event is set
 * again (hsaKmtSetEvent on the signal's event id): every waiter looks at
 * its value again and the destructor goes on. A destroy slow in KFD's
 * DESTROY_QUEUE (the scheduler's preemption) is not in that ioctl and is
 * left alone, so a device that fails to preempt still shows.
 */
#ifndef AEMU_ROCR_DESTROY_H
#define AEMU_ROCR_DESTROY_H

#include <pthread.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>
#include <sys/syscall.h>
#include <unistd.h>
#include <linux/ioctl.h>

#include <hsa/amd_hsa_queue.h>
#include <hsa/amd_hsa_signal.h>
#include <hsa/hsa.h>
#include <hsakmt.h>

#include "guest-clock.h"

/* AMDKFD_IOC_WAIT_EVENTS (linux/kfd_ioctl.h): ioctl type 'K', number 0x0C. */
#define KFD_IOCTL_TYPE              'K'
#define KFD_IOC_NR_WAIT_EVENTS      0x0C
/* How long the destroying thread sleeps in KFD before the rescue (s). */
#define ROCR_RESCUE_AFTER           0.5
/* How often the rescuer looks (s). */
#define ROCR_RESCUE_TICK            0.05

/*
 * Is thread tid asleep in AMDKFD_IOC_WAIT_EVENTS (/proc/self/task/TID/
 * syscall: the number, then the arguments in hex)?
 */
static inline bool rocr_in_kfd_wait(pid_t tid)
{
    char path[64];
    unsigned long nr = 0, fd = 0, cmd = 0;
    FILE *f;
    int n;

    snprintf(path, sizeof(path), "/proc/self/task/%d/syscall", (int)tid);
    if (!(f = fopen(path, "r"))) {
        return false;
    }
    n = fscanf(f, "%lu %lx %lx", &nr, &fd, &cmd);
    fclose(f);
    return n == 3 && nr == SYS_ioctl && _IOC_TYPE(cmd) == KFD_IOCTL_TYPE &&
           _IOC_NR(cmd) == KFD_IOC_NR_WAIT_EVENTS;
}

/* The KFD event of queue q's inactive signal (EventId 0: none). */
static inline HsaEvent rocr_inactive_event(hsa_queue_t *q)
{
    const amd_queue_t *aq = (const amd_queue_t *)q;
    const amd_signal_t *inactive = (const amd_signal_t *)aq->queue_inactive_signal.handle;
    HsaEvent ev;

    memset(&ev, 0, sizeof(ev));
    ev.EventId = inactive ? inactive->event_id : 0;
    ev.EventData.EventType = HSA_EVENTTYPE_SIGNAL;
    return ev;
}

typedef struct RocrRescue {
    HsaEvent event;
    pid_t tid;
    double since;
    volatile bool done;
    unsigned kicks;
} RocrRescue;

static inline void *rocr_rescuer(void *arg)
{
    RocrRescue *r = arg;
    double last_kick = 0;

    while (!r->done) {
        double now = gt_now();

        if (now - r->since > ROCR_RESCUE_AFTER && now - last_kick > ROCR_RESCUE_AFTER &&
            rocr_in_kfd_wait(r->tid)) {
            /* Wakes every thread asleep on the event: ROCr's, and the destroying one. */
            hsaKmtSetEvent(&r->event);
            r->kicks++;
            last_kick = now;
        }
        gt_sleep(ROCR_RESCUE_TICK);
    }
    return NULL;
}

/*
 * hsa_queue_destroy(q) with a rescuer thread beside it; *kicks (if not
 * NULL) counts the rescues it needed.
 */
static inline hsa_status_t rocr_queue_destroy(hsa_queue_t *q, unsigned *kicks)
{
    RocrRescue r = { .event = rocr_inactive_event(q), .since = gt_now() };
    pthread_t t;
    bool watched;
    hsa_status_t st;

    r.tid = (pid_t)syscall(SYS_gettid);
    /* A signal without an event (interrupts off) cannot lose a wakeup. */
    watched = r.event.EventId && !pthread_create(&t, NULL, rocr_rescuer, &r);
    st = hsa_queue_destroy(q);
    r.done = true;
    if (watched) {
        pthread_join(t, NULL);
    }
    if (kicks) {
        *kicks = r.kicks;
    }
    return st;
}

#endif
