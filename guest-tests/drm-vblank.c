/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * aemu-drm-vblank: runs inside the guest. On the first CRTC that drives a
 * connected connector of a DRM card, waits for N vblanks (drmWaitVBlank)
 * and measures their rate against the mode's refresh, then page-flips the
 * CRTC's own frame buffer N times and counts the flip-done events, so a
 * plan can check the display engine's vblank interrupt and its page-flip
 * interrupt from userspace.
 *
 *   aemu-drm-vblank [CARD]     (default /dev/dri/card0)
 *
 * Prints one line per measurement; exit 0 if the vblank rate is within
 * RATE_TOLERANCE of the mode's refresh and every flip completed.
 */
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <stdio.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <xf86drm.h>
#include <xf86drmMode.h>
#include "drm-crtc.h"

#define WAITS           60
#define FLIPS           10
#define FLIP_TIMEOUT_MS 1000
#define RATE_TOLERANCE  0.25    /* the guest clock on a loaded TCG host */

static double now(void)
{
    struct timespec ts;

    clock_gettime(CLOCK_MONOTONIC, &ts);
    return ts.tv_sec + ts.tv_nsec / 1e9;
}

static void flip_done(int fd, unsigned int seq, unsigned int sec,
                      unsigned int usec, void *data)
{
    (void)fd; (void)seq; (void)sec; (void)usec;
    (*(int *)data)++;
}

static int measure_vblank(int fd, int index, double refresh)
{
    drmVBlank vbl;
    unsigned int first = 0;
    double t0 = 0, dt, rate;

    for (int i = 0; i <= WAITS; i++) {
        memset(&vbl, 0, sizeof(vbl));
        vbl.request.type = DRM_VBLANK_RELATIVE |
            ((index << DRM_VBLANK_HIGH_CRTC_SHIFT) & DRM_VBLANK_HIGH_CRTC_MASK);
        vbl.request.sequence = 1;
        if (drmWaitVBlank(fd, &vbl)) {
            printf("vblank: wait %d failed: %s\n", i, strerror(errno));
            return 1;
        }
        if (i == 0) {
            first = vbl.reply.sequence;
            t0 = now();
        }
    }
    dt = now() - t0;
    /*
     * The rate is the vblank count's: a wait the guest picks up late
     * (a loaded TCG host) lets the next relative wait start a frame later,
     * so the count can move more than WAITS.
     */
    rate = (vbl.reply.sequence - first) / dt;
    printf("vblank: %d waits in %.3f s (sequence %u -> %u): %.1f Hz, "
           "mode %.1f Hz\n", WAITS, dt, first, vbl.reply.sequence, rate,
           refresh);
    return rate < refresh * (1 - RATE_TOLERANCE) ||
           rate > refresh * (1 + RATE_TOLERANCE) ||
           vbl.reply.sequence - first < WAITS;
}

static int measure_flips(int fd, drmModeCrtcPtr crtc)
{
    drmEventContext ev = {
        .version = 2,
        .page_flip_handler = flip_done,
    };
    int done = 0;

    for (int i = 0; i < FLIPS; i++) {
        struct pollfd p = { .fd = fd, .events = POLLIN };
        int before = done;

        if (drmModePageFlip(fd, crtc->crtc_id, crtc->buffer_id,
                            DRM_MODE_PAGE_FLIP_EVENT, &done)) {
            printf("flip %d: drmModePageFlip failed: %s\n", i,
                   strerror(errno));
            return 1;
        }
        while (done == before && poll(&p, 1, FLIP_TIMEOUT_MS) > 0) {
            drmHandleEvent(fd, &ev);
        }
        if (done == before) {
            printf("flip %d: no flip-done event in %d ms\n", i,
                   FLIP_TIMEOUT_MS);
            return 1;
        }
    }
    printf("flip: %d page flips, %d flip-done events\n", FLIPS, done);
    return done != FLIPS;
}

int main(int argc, char **argv)
{
    const char *path = argc > 1 ? argv[1] : "/dev/dri/card0";
    int fd, index = 0, rc;
    drmModeCrtcPtr crtc;
    double refresh;

    crtc = open_display(path, &fd, &index);
    if (!crtc) {
        return 1;
    }
    refresh = (double)crtc->mode.clock * 1000 /
              ((double)crtc->mode.htotal * crtc->mode.vtotal);
    printf("crtc %u (index %d): %s, fb %u\n", crtc->crtc_id, index,
           crtc->mode.name, crtc->buffer_id);
    rc = measure_vblank(fd, index, refresh);
    rc |= measure_flips(fd, crtc);
    drmModeFreeCrtc(crtc);
    close(fd);
    return rc;
}
