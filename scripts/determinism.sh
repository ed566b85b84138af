#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-or-later
# Determinism of the device's clocks (issue 14): the same guest workload,
# run twice under QEMU's -icount, must give the same engine timeline
# (docs/timeline.md), every packet, fence (GPU timestamps included) and
# interrupt at the same virtual nanosecond. The GPU clock and the engines'
# timelines run from QEMU's virtual clock; under -icount that clock counts
# guest instructions, and with the RTC on it too (-rtc clock=vm, a fixed
# base) nothing of the host's time reaches the guest.
#
#   scripts/determinism.sh [--plan NAME] [--shift N] [--rr] [--out DIR]
#                          [-- QEMU ARGS...]
#
#   --plan NAME   the guest plan both runs boot (default libdrm: amdgpu's
#                 probe, its ring and IB tests, then libdrm's amdgpu tests)
#   --shift N     -icount shift (default 0: a nanosecond per instruction;
#                 a larger shift makes the guest's module signature checks
#                 take minutes of guest time)
#   --rr          the second run replays the first's QEMU record/replay
#                 log (-icount rr=record, then rr=replay; one vCPU, which
#                 record/replay requires) instead of running again
#   --out DIR     results (default build/test-results/determinism-PLAN):
#                 the runs' results, both timelines, tap.txt
#
# The plan must pass in both runs. Prints TAP and writes it to DIR/tap.txt.
# Exit status: 0 identical, 1 not (or a run failed), 2 usage error.
set -euo pipefail
. "$(dirname "$0")/lib/common.sh"

usage() {
    sed -n '3,27p' "$0" | sed 's/^# \{0,1\}//'
    exit "${1:-0}"
}

plan=libdrm shift=0 rr=0 out=""
extra=()
while [ $# -gt 0 ]; do
    case $1 in
        --plan)  plan=${2:?--plan needs a name}; shift 2 ;;
        --shift) shift=${2:?--shift needs a number}; shift 2 ;;
        --rr)    rr=1; shift ;;
        --out)   out=${2:?--out needs a directory}; shift 2 ;;
        -h|--help) usage 0 ;;
        --)      shift; extra=("$@"); break ;;
        *)       echo "unknown argument: $1" >&2; usage 2 ;;
    esac
done
[[ $shift =~ ^[0-9]+$ ]] && [ "$shift" -le 10 ] || { echo "--shift must be 0 to 10" >&2; exit 2; }
out=${out:-$AEMU_BUILD/test-results/determinism-$plan$([ "$rr" = 1 ] && echo -rr)}
rm -rf "$out"
mkdir -p "$out"

# Nothing of the host's time: the RTC runs from the virtual clock from a
# fixed date; sleep=off lets the virtual clock jump over idle time by
# itself, as the instruction count says, not as the host's clock does.
RTC=(-rtc clock=vm,base=2026-01-01T00:00:00)
run() {
    local n=$1 icount=$2
    shift 2
    "$AEMU_ROOT/scripts/run-guest.sh" --plan "$plan" --out "$out/run$n" -- \
        "$@" -icount "$icount" "${RTC[@]}" \
        -global "amdgpu-emu.timeline=$out/timeline$n.json" "${extra[@]}" \
        >"$out/run$n.log" 2>&1
}

tap=() n_tests=0
ok() { n_tests=$((n_tests + 1)); tap+=("ok $n_tests - $*"); }
not_ok() { n_tests=$((n_tests + 1)); tap+=("not ok $n_tests - $*"); }
status=0
if [ "$rr" = 1 ]; then
    what="a run under -icount shift=$shift,rr=record and its replay"
    run 1 "shift=$shift,sleep=off,rr=record,rrfile=$out/replay.bin" -smp 1 || status=$?
    [ "$status" = 0 ] && ok "the recorded run passes plan $plan" ||
        not_ok "the recorded run passes plan $plan (run-guest status $status; see ${out#"$AEMU_ROOT"/}/run1)"
    s2=0
    run 2 "shift=$shift,sleep=off,rr=replay,rrfile=$out/replay.bin" -smp 1 || s2=$?
    [ "$s2" = 0 ] && ok "its replay passes plan $plan" ||
        not_ok "its replay passes plan $plan (run-guest status $s2; see ${out#"$AEMU_ROOT"/}/run2)"
else
    what="two runs under -icount shift=$shift"
    for n in 1 2; do
        s=0
        run "$n" "shift=$shift,sleep=off" || s=$?
        [ "$s" = 0 ] && ok "run $n passes plan $plan" ||
            not_ok "run $n passes plan $plan (run-guest status $s; see ${out#"$AEMU_ROOT"/}/run$n)"
    done
fi
if cmp=$("$AEMU_PYTHON" "$AEMU_ROOT/scripts/lib/compare-timelines.py" \
        "$out/timeline1.json" "$out/timeline2.json" 2>&1); then
    ok "$what give the same engine timeline ($(echo "$cmp" | head -n 1))"
else
    not_ok "$what give the same engine timeline"
    tap+=("$(echo "$cmp" | sed 's/^/# /')")
fi
{
    echo "1..$n_tests"
    printf '%s\n' "${tap[@]}"
} | tee "$out/tap.txt"
grep -q '^not ok' "$out/tap.txt" && exit 1
exit 0
