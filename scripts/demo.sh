#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-or-later
# The main job: boot a guest VM with -device amdgpu-emu under TCG, load the
# unmodified amdgpu driver from the Debian kernel, and show what it does with
# the emulated Hawaii (the driver's own kernel log lines, and the guest's
# view of the device). Installs and builds whatever is missing first.
#
#   scripts/demo.sh [--plan NAME] [extra run-guest.sh arguments]
set -euo pipefail
. "$(dirname "$0")/lib/common.sh"

plan=probe
if [ "${1:-}" = --plan ]; then
    plan=$2
    shift 2
fi

"$AEMU_ROOT/scripts/bootstrap.sh"
"$AEMU_ROOT/scripts/build-qemu.sh"
"$AEMU_ROOT/scripts/build.sh"
"$AEMU_ROOT/scripts/build-guest.sh"

out="$AEMU_BUILD/demo"
status=0
"$AEMU_ROOT/scripts/run-guest.sh" --plan "$plan" --out "$out" "$@" || status=$?

echo
echo "== What the guest kernel said about the GPU (full log: ${out#"$AEMU_ROOT"/}/dmesg.txt) =="
grep -E 'amdgpu|radeon|\[drm\]|ATOM BIOS|1002:67b0' "$out/dmesg.txt" 2>/dev/null |
    grep -v 'Linux agpgart' | head -n 80 || true
echo
echo "== Guest checks (TAP: ${out#"$AEMU_ROOT"/}/tap.txt) =="
cat "$out/tap.txt" 2>/dev/null || true
exit "$status"
