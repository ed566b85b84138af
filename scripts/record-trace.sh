#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-or-later
# Record a guest session with -device amdgpu-emu,record=FILE and check that
# it replays: scripts/record-trace.sh [--asic hawaii|vega10|topaz] [--plan NAME] [--update]
#
# With --update the trace replaces the golden one the unit tests replay
# (tests/traces/<asic>-amdgpu-probe.trace.xz for the chip's probe plan,
# <asic>-amdgpu-<plan> for another). Do that when a change to the model
# legitimately changes what the driver reads, and say so in the commit.
set -euo pipefail
. "$(dirname "$0")/lib/common.sh"

plan=""
asic=hawaii
update=0
while [ $# -gt 0 ]; do
    case "$1" in
    --plan) plan=$2; shift 2 ;;
    --asic) asic=$2; shift 2 ;;
    --update) update=1; shift ;;
    *) aemu_die "usage: $0 [--asic hawaii|vega10|topaz] [--plan NAME] [--update]" ;;
    esac
done
# Each chip's probe plan (guest-tests/plans/probe*.sh).
case "$asic" in
hawaii) probe_plan=probe ;;
vega10) probe_plan=probe-vega10 ;;
topaz) probe_plan=probe-topaz-only ;;
*) aemu_die "unknown --asic $asic (hawaii, vega10, topaz)" ;;
esac
plan=${plan:-$probe_plan}
name="$asic-amdgpu-probe"
[ "$plan" = "$probe_plan" ] || name="$asic-amdgpu-$plan"

out="$AEMU_BUILD/traces"
mkdir -p "$out"
trace="$out/$name.trace"
"$AEMU_ROOT/scripts/run-guest.sh" --plan "$plan" --no-device \
    --out "$out/$plan" -- -device "amdgpu-emu,asic=$asic,record=$trace"
"$AEMU_BUILD/hw/amdgpu-emu/standalone/aemu-replay" "$trace"
if [ "$update" = 1 ]; then
    xz -9 -c "$trace" >"$AEMU_ROOT/tests/traces/$name.trace.xz"
    aemu_log "updated tests/traces/$name.trace.xz"
fi
