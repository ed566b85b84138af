/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * What the radeon programs' "--keep-vram" modes share (aemu-radeon-cs on
 * CIK, aemu-radeon-cs-r600 on the RS780): the pattern they write into a
 * VRAM buffer before a suspend and look for after it, a hash of the seed
 * and the dword's index, so a page moved, lost or left stale shows as a
 * wrong word; and the command (the suspend) they run in between, which
 * aemu-vram-keep (amdgpu's) runs the same way.
 */
#ifndef VRAM_KEEP_PATTERN_H
#define VRAM_KEEP_PATTERN_H

#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <sys/wait.h>
#include <unistd.h>

static inline uint32_t keep_word(uint32_t seed, uint32_t i)
{
    uint32_t x = seed * 0x9e3779b9u ^ (i + 1) * 0x85ebca6bu;

    x ^= x >> 16;
    x *= 0x7feb352du;
    x ^= x >> 15;
    return x;
}

/* The first dword of p[0..dwords) that is not the pattern, or dwords. */
static inline uint32_t keep_mismatch(const uint32_t *p, uint32_t dwords,
                                     uint32_t seed)
{
    for (uint32_t i = 0; i < dwords; i++) {
        if (p[i] != keep_word(seed, i)) {
            return i;
        }
    }
    return dwords;
}

/* Run cmd (argv style) and wait: its exit status, or -1. */
static inline int keep_run(char **cmd)
{
    int status;
    pid_t pid;

    fflush(stdout);
    pid = fork();
    if (pid < 0) {
        return -1;
    }
    if (pid == 0) {
        execvp(cmd[0], cmd);
        _exit(127);
    }
    while (waitpid(pid, &status, 0) < 0) {
        if (errno != EINTR) {
            return -1;
        }
    }
    return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

#endif
