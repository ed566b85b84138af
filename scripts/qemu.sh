#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-or-later
# Run the qemu-system-x86_64 that scripts/build-qemu.sh built (with the
# amdgpu-emu device), adding the firmware search paths a non-installed binary
# needs (Debian's seabios and qemu-system-data). All arguments pass through:
#   scripts/qemu.sh -machine q35 -accel tcg -nographic -device amdgpu-emu ...
set -euo pipefail
. "$(dirname "$0")/lib/common.sh"

[ -x "$AEMU_QEMU" ] || aemu_die "no QEMU at $AEMU_QEMU: run scripts/build-qemu.sh first"
for dir in /usr/share/seabios /usr/share/qemu; do
    [ -d "$dir" ] || aemu_die "$dir is missing: run scripts/bootstrap.sh"
done
exec "$AEMU_QEMU" -L /usr/share/seabios -L /usr/share/qemu "$@"
