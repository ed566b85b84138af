/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * aemu-drm-info: runs inside the guest. Opens every DRM node (/dev/dri/card*
 * and renderD*) and prints, one line per node, the kernel driver's name and
 * version as DRM_IOCTL_VERSION reports them, so guest test plans can assert
 * which driver owns the emulated GPU and that its nodes open.
 *
 *   aemu-drm-info [NODE...]     exit 0 if every node opened and answered
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <xf86drm.h>

static int report(const char *path)
{
    drmVersionPtr v;
    int fd = open(path, O_RDWR | O_CLOEXEC);

    if (fd < 0) {
        printf("%s: open failed: %s\n", path, strerror(errno));
        return 1;
    }
    v = drmGetVersion(fd);
    if (!v) {
        printf("%s: DRM_IOCTL_VERSION failed: %s\n", path, strerror(errno));
        close(fd);
        return 1;
    }
    printf("%s: driver %s %d.%d.%d (%s)\n", path, v->name, v->version_major,
           v->version_minor, v->version_patchlevel, v->desc);
    drmFreeVersion(v);
    close(fd);
    return 0;
}

int main(int argc, char **argv)
{
    struct dirent *e;
    DIR *dir;
    int failed = 0, seen = 0;
    char path[300];

    if (argc > 1) {
        for (int i = 1; i < argc; i++) {
            failed |= report(argv[i]);
        }
        return failed;
    }
    dir = opendir("/dev/dri");
    if (!dir) {
        printf("/dev/dri: %s\n", strerror(errno));
        return 1;
    }
    while ((e = readdir(dir))) {
        if (strncmp(e->d_name, "card", 4) && strncmp(e->d_name, "renderD", 7)) {
            continue;
        }
        snprintf(path, sizeof(path), "/dev/dri/%s", e->d_name);
        failed |= report(path);
        seen++;
    }
    closedir(dir);
    if (!seen) {
        printf("/dev/dri: no DRM nodes\n");
        return 1;
    }
    return failed;
}
