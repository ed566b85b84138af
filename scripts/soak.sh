#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-or-later
# Soak (issue 12, item 7): a benchmark-style run, not a CI test. Boots the
# guest plan soak (guest-tests/plans/soak.sh) for the given time: mixed
# submissions from several processes on every engine, each checked, round
# after round, with a debugfs GPU recovery every --reset-every seconds and
# optionally a snapshot between rounds. Meanwhile it samples QEMU's
# resident memory every --sample seconds. It prints the guest's figures
# (submissions, data mismatches, recoveries, lost fences) and QEMU's memory
# over time; exit status 1 if a mismatch or a lost fence was seen.
#
#   scripts/soak.sh [--minutes N] [--asic hawaii|vega10] [--procs N]
#                   [--reset-every SEC] [--snapshot-every SEC] [--sample SEC]
#                   [--out DIR] [--no-build]
#
#   --minutes N       how long the guest submits (default 10)
#   --asic NAME       the chip (default hawaii)
#   --procs N         processes per round (default 4)
#   --reset-every S   a debugfs recovery every S seconds (default 60)
#   --snapshot-every S  between rounds every S seconds, a savevm restored a
#                     second later (loadvm); default 0, none
#   --sample S        QEMU memory sample period (default 10)
#   --out DIR         results (default build/test-results/soak/)
#   --no-build        do not run the bootstrap and build steps first
set -euo pipefail
. "$(dirname "$0")/lib/common.sh"

usage() {
    sed -n '3,24p' "$0" | sed 's/^# \{0,1\}//'
    exit "${1:-0}"
}

minutes=10 asic=hawaii procs=4 reset_every=60 snapshot_every=0 sample=10 out="" build=1
while [ $# -gt 0 ]; do
    case $1 in
        --minutes)     minutes=${2:?}; shift 2 ;;
        --asic)        asic=${2:?}; shift 2 ;;
        --procs)       procs=${2:?}; shift 2 ;;
        --reset-every) reset_every=${2:?}; shift 2 ;;
        --snapshot-every) snapshot_every=${2:?}; shift 2 ;;
        --sample)      sample=${2:?}; shift 2 ;;
        --out)         out=${2:?}; shift 2 ;;
        --no-build)    build=0; shift ;;
        -h|--help)     usage 0 ;;
        *)             echo "unknown argument: $1" >&2; usage 2 ;;
    esac
done
[[ $snapshot_every =~ ^[0-9]+$ ]] || { echo "--snapshot-every: not a number: $snapshot_every" >&2; exit 2; }
for v in "$minutes" "$procs" "$reset_every" "$sample"; do
    [[ $v =~ ^[1-9][0-9]*$ ]] || { echo "numbers must be positive integers: $v" >&2; exit 2; }
done
case $asic in hawaii|vega10) ;; *) echo "unknown --asic $asic" >&2; exit 2 ;; esac
out=${out:-$AEMU_BUILD/test-results/soak}
rm -rf "$out"
mkdir -p "$out"

if [ "$build" = 1 ]; then
    "$AEMU_ROOT/scripts/bootstrap.sh"
    "$AEMU_ROOT/scripts/build-qemu.sh"
    "$AEMU_ROOT/scripts/build.sh"
    "$AEMU_ROOT/scripts/build-guest.sh"
fi

soak_s=$((minutes * 60))
# A token on the kernel command line finds this run's QEMU among others.
token="aemu.soak_id=$$"
append="aemu.soak_s=$soak_s aemu.soak_reset_s=$reset_every aemu.soak_procs=$procs aemu.soak_snapshot_s=$snapshot_every $token"
aemu_log "soak: $minutes min on $asic, $procs processes a round, a recovery every ${reset_every}s$([ "$snapshot_every" -gt 0 ] && echo ", a snapshot every ${snapshot_every}s")"
"$AEMU_ROOT/scripts/run-guest.sh" --plan soak --append "$append" \
    --timeout $((soak_s + 600)) --out "$out/guest" \
    -- -global "amdgpu-emu.asic=$asic" >"$out/run-guest.log" 2>&1 &
rpid=$!

# QEMU's resident memory (kB) over time, from /proc.
echo "seconds rss_kb" >"$out/rss.txt"
t0=$SECONDS qpid=""
while kill -0 "$rpid" 2>/dev/null; do
    if [ -z "$qpid" ]; then
        qpid=$(pgrep -f -- "qemu-system.*$token" | head -n 1 || true)
    fi
    if [ -n "$qpid" ] && [ -r "/proc/$qpid/status" ]; then
        rss=$(awk '/^VmRSS:/ { print $2 }' "/proc/$qpid/status" 2>/dev/null || true)
        [ -z "$rss" ] || echo "$((SECONDS - t0)) $rss" >>"$out/rss.txt"
    fi
    sleep "$sample"
done
wait "$rpid" || true

tap="$out/guest/tap.txt"
result=$(sed -n 's/^# soak: result //p' "$tap" 2>/dev/null | tail -n 1)
echo "soak: $minutes min on $asic ($procs processes a round, recovery every ${reset_every}s)"
echo "guest: ${result:-no result line (see $out/guest/)}"
"$AEMU_PYTHON" - "$out/rss.txt" <<'PY'
import sys
rows = [tuple(map(int, l.split())) for l in open(sys.argv[1]).read().splitlines()[1:] if l.strip()]
if not rows:
    print("QEMU memory: no samples")
    sys.exit(0)
# After the first fifth (the guest boots and the driver loads), memory
# should stay flat: growth from there to the end, and its rate.
warm = rows[len(rows) // 5]
last = rows[-1]
peak = max(r[1] for r in rows)
span = max(last[0] - warm[0], 1)
print(f"QEMU memory: {len(rows)} samples, {rows[0][1] // 1024} MiB at "
      f"{rows[0][0]} s, {warm[1] // 1024} MiB at {warm[0]} s, "
      f"{last[1] // 1024} MiB at {last[0]} s, peak {peak // 1024} MiB; "
      f"growth after warm-up {(last[1] - warm[1]) / 1024:.1f} MiB "
      f"({(last[1] - warm[1]) / 1024 / span * 3600:.1f} MiB/hour)")
PY
agent="$out/guest/qmp-agent.log"
if [ "$snapshot_every" -gt 0 ]; then
    echo "host: snapshots restored $(grep -c '^snapshot-restore .*: done' "$agent" 2>/dev/null),"\
         "failed $(grep -c '^snapshot-restore .*: FAILED' "$agent" 2>/dev/null)" \
         "(savevm/loadvm seconds: $(sed -n 's/^\(savevm\|loadvm\) .*(\([0-9.]*\) s)$/\1 \2/p' "$agent" 2>/dev/null | tr '\n' ' '))"
fi
grep -E '^(not ok|ok) .*soak:' "$tap" 2>/dev/null || true
if grep -q '^not ok .*soak:' "$tap" 2>/dev/null || [ -z "$result" ] ||
   grep -q '^snapshot-restore .*: FAILED' "$agent" 2>/dev/null; then
    exit 1
fi
