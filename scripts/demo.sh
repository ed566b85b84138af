#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-or-later
# The main job: boot a guest VM with -device amdgpu-emu under TCG, load the
# unmodified amdgpu driver from the Debian kernel, and show what it does with
# the emulated GPU (the driver's own kernel log lines, and the guest's view
# of the device). Installs and builds whatever is missing first.
#
#   scripts/demo.sh [--asic hawaii|vega10] [--plan NAME] [extra run-guest.sh arguments]
set -euo pipefail
. "$(dirname "$0")/lib/common.sh"

plan=""
asic=hawaii
while [ $# -gt 0 ]; do
    case "$1" in
    --plan) plan=$2; shift 2 ;;
    --asic) asic=$2; shift 2 ;;
    *) break ;;
    esac
done
# Each chip's probe plan (guest-tests/plans/probe*.sh).
case "$asic" in
hawaii) plan=${plan:-probe} ;;
vega10) plan=${plan:-probe-vega10} ;;
*) aemu_die "unknown --asic $asic (hawaii, vega10)" ;;
esac

"$AEMU_ROOT/scripts/bootstrap.sh"
"$AEMU_ROOT/scripts/build-qemu.sh"
"$AEMU_ROOT/scripts/build.sh"
"$AEMU_ROOT/scripts/build-guest.sh"

out="$AEMU_BUILD/demo"
status=0
# The device goes with the QEMU arguments, after the caller's if any.
qemu_sep=(--)
for a in "$@"; do [ "$a" = -- ] && qemu_sep=(); done
"$AEMU_ROOT/scripts/run-guest.sh" --plan "$plan" --out "$out" --no-device \
    "$@" "${qemu_sep[@]}" -device "amdgpu-emu,asic=$asic" || status=$?

echo
echo "== What the guest kernel said about the GPU (full log: ${out#"$AEMU_ROOT"/}/dmesg.txt) =="
grep -E 'amdgpu|radeon|\[drm\]|ATOM BIOS|1002:67b0|1002:687f' "$out/dmesg.txt" 2>/dev/null |
    grep -v 'Linux agpgart' | head -n 80 || true
echo
echo "== Guest checks (TAP: ${out#"$AEMU_ROOT"/}/tap.txt) =="
cat "$out/tap.txt" 2>/dev/null || true
exit "$status"
