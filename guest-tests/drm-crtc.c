/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * aemu-drm-crtc: runs inside the guest. Prints what the CRTC that drives
 * the connected connector scans out, without becoming DRM master:
 *
 *   aemu-drm-crtc [CARD]      "crtc ID fb FB_ID mode NAME"
 *
 * so a plan can see another client's mode set take effect (the frame
 * buffer changes) while that client still holds it. Exit 1 if no CRTC
 * drives a connected connector.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>
#include "drm-crtc.h"

int main(int argc, char **argv)
{
    const char *path = argc > 1 ? argv[1] : "/dev/dri/card0";
    int fd = open(path, O_RDWR | O_CLOEXEC), index = 0;
    drmModeCrtcPtr crtc;

    if (fd < 0) {
        printf("%s: %s\n", path, strerror(errno));
        return 1;
    }
    crtc = find_crtc(fd, &index);
    if (!crtc) {
        printf("%s: no CRTC drives a connected connector\n", path);
        return 1;
    }
    printf("crtc %u fb %u mode %s\n", crtc->crtc_id, crtc->buffer_id,
           crtc->mode_valid ? crtc->mode.name : "none");
    drmModeFreeCrtc(crtc);
    close(fd);
    return 0;
}
