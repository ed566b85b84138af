#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-or-later
# The timing model held against real hardware (issue 14, item 2): boots the
# guest plan bench-timing under QEMU's -icount (guest time is the virtual
# clock the model's engines run on), once with the model's costs and once
# with timing=off, for each chip, and prints the published figures of real
# boards (scripts/timing-published.tsv; sources in docs/timing.md) next to
# the modelled ones, and each latency without the model's costs (mostly
# the guest CPU's share, at one instruction a nanosecond). A benchmark: it
# prints figures and never fails on them.
#
#   scripts/bench-timing.sh [--asic hawaii|vega10|all] [--shift N]
#                           [--out DIR] [--no-build] [-- QEMU ARGS...]
#
#   --asic NAME   the chip (default all: both)
#   --shift N     -icount shift (default 0: a nanosecond per instruction,
#                 the fastest guest CPU -icount gives)
#   --out DIR     results (default build/test-results/bench-timing/)
#   --no-build    do not run the bootstrap and build steps first
#
# Exit status: 0 figures printed, 1 a run produced no figures, 2 usage.
set -euo pipefail
. "$(dirname "$0")/lib/common.sh"

usage() {
    sed -n '3,21p' "$0" | sed 's/^# \{0,1\}//'
    exit "${1:-0}"
}

asics="hawaii vega10" shift_n=0 out="" build=1
extra=()
while [ $# -gt 0 ]; do
    case $1 in
        --asic)     asics=${2:?--asic needs a chip}; shift 2 ;;
        --shift)    shift_n=${2:?--shift needs a number}; shift 2 ;;
        --out)      out=${2:?--out needs a directory}; shift 2 ;;
        --no-build) build=0; shift ;;
        -h|--help)  usage 0 ;;
        --)         shift; extra=("$@"); break ;;
        *)          echo "unknown argument: $1" >&2; usage 2 ;;
    esac
done
[ "$asics" = all ] && asics="hawaii vega10"
for a in $asics; do
    case $a in
        hawaii|vega10) ;;
        *) echo "unknown --asic $a (hawaii, vega10, all)" >&2; usage 2 ;;
    esac
done
[[ $shift_n =~ ^[0-9]+$ ]] && [ "$shift_n" -le 10 ] ||
    { echo "--shift must be 0 to 10" >&2; exit 2; }
out=${out:-$AEMU_BUILD/test-results/bench-timing}
rm -rf "$out"
mkdir -p "$out"

if [ "$build" = 1 ]; then
    "$AEMU_ROOT/scripts/bootstrap.sh"
    "$AEMU_ROOT/scripts/build-qemu.sh"
    "$AEMU_ROOT/scripts/build.sh"
    "$AEMU_ROOT/scripts/build-guest.sh"
fi

# sleep=off: an idle guest's virtual clock jumps to the next timer, as the
# instruction count says, not as the host's clock does; the RTC runs from
# the virtual clock too (scripts/determinism.sh does the same).
status=0
for asic in $asics; do
    for timing in on off; do
        # Without costs only the latencies say something (the device's
        # share); large copies then take host time for nothing.
        append=""
        [ "$timing" = off ] &&
            append="aemu.timing_sizes=64K aemu.timing_hsa_sizes=1K"
        aemu_log "$asic, timing=$timing: booting under -icount shift=$shift_n"
        "$AEMU_ROOT/scripts/run-guest.sh" --plan bench-timing \
            --out "$out/$asic-$timing" --timeout 1800 --append "$append" -- \
            -global "amdgpu-emu.asic=$asic" \
            -global "amdgpu-emu.timing=$timing" \
            -icount "shift=$shift_n,sleep=off" \
            -rtc clock=vm,base=2026-01-01T00:00:00 \
            "${extra[@]}" >/dev/null ||
            aemu_log "warning: $asic timing=$timing reported a failure; see ${out#"$AEMU_ROOT"/}/$asic-$timing/"
    done
    echo
    python3 "$AEMU_ROOT/scripts/lib/timing-table.py" \
        --published "$AEMU_ROOT/scripts/timing-published.tsv" --chip "$asic" \
        --on "$out/$asic-on/tap.txt" --off "$out/$asic-off/tap.txt" ||
        status=1
done
exit "$status"
