#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# Harness self-test, needs no GPU: the guest booted, the pseudo filesystems
# are mounted, modprobe resolves dependencies and loads modules, the stub
# firmware tree is in place, and the guest programs find their libraries.
# Run: scripts/run-guest.sh --plan smoke --no-device
. /tests/lib/tap.sh

tap_diag "kernel $(uname -r), $(nproc) CPUs, $(awk '/MemTotal/ {print $2 " kB"}' /proc/meminfo)"

tap_check "/proc is mounted" test -r /proc/self/stat
tap_check "/sys is mounted" test -d /sys/bus/pci/devices
tap_check "devtmpfs is on /dev" grep -q ' /dev devtmpfs ' /proc/mounts
tap_check "debugfs is mounted" grep -q ' /sys/kernel/debug debugfs ' /proc/mounts
tap_check "modules.dep for $(uname -r)" test -s "/lib/modules/$(uname -r)/modules.dep"

# drm needs no device and pulls in no GPU driver.
t0=$(tap_now)
tap_check "modprobe drm" modprobe drm
tap_diag "modprobe drm took $(awk -v a="$t0" -v b="$(tap_now)" 'BEGIN {printf "%.2f", b - a}')s"
tap_check "drm is loaded" test -d /sys/module/drm
tap_check "modprobe knows amdgpu's dependencies" sh -c 'modprobe -D amdgpu | grep -q drm_kms_helper'

tap_check "/lib/firmware/radeon exists (Debian radeon patch)" test -d /lib/firmware/radeon
nfw=$(find /lib/firmware -type f | wc -l)
tap_diag "$nfw firmware files under /lib/firmware"

# Every guest program must find its shared libraries.
for prog in /tests/bin/*; do
    [ -f "$prog" ] || continue
    if head -c 4 "$prog" | grep -q ELF &&
       [ -e /lib64/ld-linux-x86-64.so.2 ] &&
       /lib64/ld-linux-x86-64.so.2 --verify "$prog" >/dev/null 2>&1; then
        tap_check "$(basename "$prog") resolves its libraries" \
            sh -c "! /lib64/ld-linux-x86-64.so.2 --list '$prog' | grep 'not found'"
    fi
done

tap_dmesg_like 'Linux version' "kernel log is readable"
tap_dmesg_unlike 'Kernel panic|BUG:|Oops|WARNING:' "no kernel BUG, oops or warning"

tap_done
