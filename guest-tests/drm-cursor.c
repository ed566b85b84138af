/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * aemu-drm-cursor: runs inside the guest. Puts a hardware cursor on the
 * CRTC that drives the connected connector (DRM's legacy cursor ioctls,
 * which the drivers turn into their cursor plane) and moves it where it is
 * told, so that a plan can have the host take a screendump and check the
 * cursor's pixels (docs/display.md).
 *
 *   aemu-drm-cursor [CARD]     (default /dev/dri/card0)
 *
 * The cursor: CURSOR_SIZE x CURSOR_SIZE ARGB8888, its left half opaque
 * CURSOR_RGB, its right half fully transparent (so the picture must show
 * through). Commands come one per line on stdin:
 *   move X Y     move it (X, Y may be negative: off the left or top edge)
 *   hide         take it off
 * each answered on stdout ("moved X Y", "hidden") once the ioctl returned;
 * end of input: hide it and exit. Exit 1 on any failed ioctl.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>
#include <xf86drm.h>
#include <xf86drmMode.h>
#include "drm-crtc.h"

#define CURSOR_SIZE     64u
#define CURSOR_BPP      32u
#define CURSOR_RGB      0xff00ffu       /* magenta */
#define ALPHA_OPAQUE    0xff000000u

/* A dumb buffer with the cursor's image; its handle, or 0. */
static uint32_t cursor_bo(int fd)
{
    struct drm_mode_create_dumb create = {
        .width = CURSOR_SIZE, .height = CURSOR_SIZE, .bpp = CURSOR_BPP,
    };
    struct drm_mode_map_dumb map = { 0 };
    uint32_t *px;

    if (drmIoctl(fd, DRM_IOCTL_MODE_CREATE_DUMB, &create)) {
        printf("CREATE_DUMB: %s\n", strerror(errno));
        return 0;
    }
    map.handle = create.handle;
    if (drmIoctl(fd, DRM_IOCTL_MODE_MAP_DUMB, &map)) {
        printf("MAP_DUMB: %s\n", strerror(errno));
        return 0;
    }
    px = mmap(NULL, create.size, PROT_READ | PROT_WRITE, MAP_SHARED, fd,
              map.offset);
    if (px == MAP_FAILED) {
        printf("mmap: %s\n", strerror(errno));
        return 0;
    }
    for (uint32_t y = 0; y < CURSOR_SIZE; y++) {
        uint32_t *line = (uint32_t *)((uint8_t *)px + y * create.pitch);

        for (uint32_t x = 0; x < CURSOR_SIZE; x++) {
            /* Premultiplied: a clear pixel is all zero. */
            line[x] = x < CURSOR_SIZE / 2 ? ALPHA_OPAQUE | CURSOR_RGB : 0;
        }
    }
    munmap(px, create.size);
    return create.handle;
}

int main(int argc, char **argv)
{
    const char *path = argc > 1 ? argv[1] : "/dev/dri/card0";
    int fd, index = 0, x, y, rc = 0;
    drmModeCrtcPtr crtc;
    uint32_t bo;
    char line[128];

    setvbuf(stdout, NULL, _IOLBF, 0);
    crtc = open_display(path, &fd, &index);
    if (!crtc) {
        return 1;
    }
    bo = cursor_bo(fd);
    if (!bo) {
        return 1;
    }
    if (drmModeSetCursor(fd, crtc->crtc_id, bo, CURSOR_SIZE, CURSOR_SIZE)) {
        printf("drmModeSetCursor: %s\n", strerror(errno));
        return 1;
    }
    printf("cursor %ux%u on crtc %u (%s)\n", CURSOR_SIZE, CURSOR_SIZE,
           crtc->crtc_id, crtc->mode.name);
    while (fgets(line, sizeof(line), stdin)) {
        if (sscanf(line, "move %d %d", &x, &y) == 2) {
            if (drmModeMoveCursor(fd, crtc->crtc_id, x, y)) {
                printf("drmModeMoveCursor %d %d: %s\n", x, y,
                       strerror(errno));
                rc = 1;
                break;
            }
            printf("moved %d %d\n", x, y);
        } else if (strncmp(line, "hide", 4) == 0) {
            break;
        } else {
            printf("unknown command: %s", line);
            rc = 1;
            break;
        }
    }
    if (drmModeSetCursor(fd, crtc->crtc_id, 0, 0, 0)) {
        printf("drmModeSetCursor (off): %s\n", strerror(errno));
        rc = 1;
    } else {
        printf("hidden\n");
    }
    drmModeFreeCrtc(crtc);
    close(fd);
    return rc;
}
