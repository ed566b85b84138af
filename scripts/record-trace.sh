#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-or-later
# Record a guest session with -device amdgpu-emu,record=FILE and check that
# it replays: scripts/record-trace.sh [--plan NAME] [--update]
#
# With --update the trace replaces the golden one the unit tests replay
# (tests/traces/hawaii-amdgpu-<plan>.trace.xz). Do that when a change to the
# model legitimately changes what the driver reads, and say so in the commit.
set -euo pipefail
. "$(dirname "$0")/lib/common.sh"

plan=probe
update=0
while [ $# -gt 0 ]; do
    case "$1" in
    --plan) plan=$2; shift 2 ;;
    --update) update=1; shift ;;
    *) aemu_die "usage: $0 [--plan NAME] [--update]" ;;
    esac
done

out="$AEMU_BUILD/traces"
mkdir -p "$out"
trace="$out/hawaii-amdgpu-$plan.trace"
"$AEMU_ROOT/scripts/run-guest.sh" --plan "$plan" --no-device \
    --out "$out/$plan" -- -device "amdgpu-emu,record=$trace"
"$AEMU_BUILD/hw/amdgpu-emu/standalone/aemu-replay" "$trace"
if [ "$update" = 1 ]; then
    xz -9 -c "$trace" >"$AEMU_ROOT/tests/traces/hawaii-amdgpu-$plan.trace.xz"
    aemu_log "updated tests/traces/hawaii-amdgpu-$plan.trace.xz"
fi
