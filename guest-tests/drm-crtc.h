/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The CRTC that drives the display, for the guest's KMS test programs
 * (aemu-drm-vblank, aemu-drm-cursor): the first connected connector's
 * encoder names it.
 */
#ifndef DRM_CRTC_H
#define DRM_CRTC_H

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>
#include <xf86drm.h>
#include <xf86drmMode.h>

/* The CRTC (and its index) that drives the first connected connector. */
static inline drmModeCrtcPtr find_crtc(int fd, int *index)
{
    drmModeResPtr res = drmModeGetResources(fd);
    drmModeCrtcPtr crtc = NULL;

    if (!res) {
        return NULL;
    }
    for (int i = 0; i < res->count_connectors && !crtc; i++) {
        drmModeConnectorPtr c = drmModeGetConnector(fd, res->connectors[i]);
        drmModeEncoderPtr e;

        if (!c) {
            continue;
        }
        if (c->connection == DRM_MODE_CONNECTED && c->encoder_id &&
            (e = drmModeGetEncoder(fd, c->encoder_id))) {
            for (int k = 0; k < res->count_crtcs; k++) {
                if (res->crtcs[k] == e->crtc_id) {
                    crtc = drmModeGetCrtc(fd, e->crtc_id);
                    *index = k;
                }
            }
            drmModeFreeEncoder(e);
        }
        drmModeFreeConnector(c);
    }
    drmModeFreeResources(res);
    return crtc;
}

/*
 * Open the card at path and find the CRTC with a mode that drives its
 * connected connector: the CRTC (fd and index set), or NULL after saying
 * why on stdout.
 */
static inline drmModeCrtcPtr open_display(const char *path, int *fd,
                                          int *index)
{
    drmModeCrtcPtr crtc;

    *fd = open(path, O_RDWR | O_CLOEXEC);
    if (*fd < 0) {
        printf("%s: %s\n", path, strerror(errno));
        return NULL;
    }
    crtc = find_crtc(*fd, index);
    if (!crtc || !crtc->mode_valid) {
        printf("%s: no CRTC drives a connected connector\n", path);
        return NULL;
    }
    return crtc;
}

#endif
