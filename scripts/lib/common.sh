# SPDX-License-Identifier: GPL-2.0-or-later
# Shared helpers for amdgpu-emu's shell glue: where things live, logging, and
# progress for long steps. Sourced, never executed.

# Repository root, wherever the checkout is.
AEMU_ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)

# Cache outside the checkout, so a fresh clone (CI) reuses the QEMU tree and
# build, the guest kernel and the downloaded packages. Override with
# AMDGPU_EMU_CACHE; remove it for a cold run.
AEMU_CACHE=${AMDGPU_EMU_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/amdgpu-emu}

# Build output of the project's own meson tree (tools, stub firmware, tests).
AEMU_BUILD=${AMDGPU_EMU_BUILD:-$AEMU_ROOT/build}

# System python: the one on PATH may be a pyenv shim without Debian's modules.
AEMU_PYTHON=/usr/bin/python3

aemu_log()  { printf '[amdgpu-emu] %s\n' "$*" >&2; }
aemu_die()  { printf '[amdgpu-emu] error: %s\n' "$*" >&2; exit 1; }

# aemu_step NAME CMD...: run a long step, show its name, elapsed time and the
# last line of its output every few seconds; keep the full log in the cache.
aemu_step() {
    local name=$1; shift
    local log="$AEMU_CACHE/logs/${name// /_}.log"
    mkdir -p "$AEMU_CACHE/logs"
    local start=$SECONDS
    aemu_log "$name ..."
    "$@" >"$log" 2>&1 &
    local pid=$!
    # Check every second (short steps return at once), report every 5 s.
    local ticks=0
    while kill -0 "$pid" 2>/dev/null; do
        sleep 1
        ticks=$((ticks + 1))
        kill -0 "$pid" 2>/dev/null || break
        [ $((ticks % 5)) = 0 ] || continue
        local last
        last=$(tail -n 1 "$log" 2>/dev/null | cut -c1-100)
        printf '[amdgpu-emu]   %s: %ds  %s\n' "$name" $((SECONDS - start)) "$last" >&2
    done
    if wait "$pid"; then
        aemu_log "$name done in $((SECONDS - start))s"
    else
        tail -n 40 "$log" >&2
        aemu_die "$name failed (full log: $log)"
    fi
}

# Run as root or through sudo when available.
aemu_sudo() {
    if [ "$(id -u)" = 0 ]; then "$@"; else sudo "$@"; fi
}

# Where the pieces end up (README "Where things end up" documents these).
AEMU_SRC_CACHE="$AEMU_CACHE/src"              # downloaded source tarballs
AEMU_QEMU_SRC="$AEMU_CACHE/qemu-src"          # unpacked QEMU tree, device wired in
AEMU_QEMU_BUILD="$AEMU_CACHE/qemu-build"      # QEMU build directory
AEMU_QEMU="$AEMU_QEMU_BUILD/qemu-system-x86_64"
AEMU_GUEST_CACHE="$AEMU_CACHE/guest"          # guest kernel, modules, busybox
AEMU_FIRMWARE="$AEMU_BUILD/firmware"          # stub firmware tree: lib/firmware/{amdgpu,radeon}
AEMU_GUEST_OUT="$AEMU_BUILD/guest"            # vmlinuz + initramfs the runner boots
