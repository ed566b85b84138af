#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-or-later
# Run one libFuzzer entry point of the hostile-guest fuzz target (one chip:
# fuzz-hawaii or fuzz-vega10, tests/fuzz) for a while at the lowest CPU
# priority, and report the CPU time it really used, the executions and the
# findings (docs/hostile-inputs.md records such runs).
#
#   scripts/fuzz-hours.sh ENTRY WALL_SECONDS CORPUS_DIR [CPU_SECONDS]
#
# With CPU_SECONDS the run ends once the fuzzer has used that much CPU time
# (user + system, polled every few seconds; libFuzzer stops on SIGINT and
# prints its final stats), or at WALL_SECONDS, whichever comes first: on a
# shared machine wall time says little about how much was fuzzed.
# ENTRY is hawaii or vega10. The corpus directory (keep it outside the
# checkout) is created if missing and grows across runs; crash, leak and
# timeout reproducers land in CORPUS_DIR.artifacts/. The build is a clang
# tree with ASan, UBSan and libFuzzer in build-fuzz/ (AMDGPU_EMU_FUZZ_BUILD
# overrides), set up here when missing. The last lines printed are
#   entry ENTRY: cpu_seconds S cpu_hours H execs N findings F slow_units U
set -euo pipefail
. "$(dirname "$0")/lib/common.sh"

[ $# = 3 ] || [ $# = 4 ] ||
    aemu_die "usage: $0 hawaii|vega10 WALL_SECONDS CORPUS_DIR [CPU_SECONDS]"
entry=$1 wall=$2 corpus=$3 cpu_target=${4:-0}
# How often the CPU target is checked, in seconds.
CPU_POLL_S=5
case $entry in
hawaii|vega10) ;;
*) aemu_die "unknown entry point '$entry' (hawaii or vega10)" ;;
esac

build=${AMDGPU_EMU_FUZZ_BUILD:-$AEMU_ROOT/build-fuzz}
if [ ! -f "$build/build.ninja" ]; then
    CC=clang meson setup "$build" "$AEMU_ROOT" -Dfuzzing=true \
        -Db_sanitize=address,undefined -Db_lundef=false >/dev/null ||
        aemu_die "meson setup of the fuzz build failed"
fi
ninja -C "$build" -j 2 "tests/fuzz/fuzz-$entry" >/dev/null ||
    aemu_die "fuzz build failed"

artifacts="$corpus.artifacts"
mkdir -p "$corpus" "$artifacts"
log="$artifacts/run-$(date -u +%Y%m%dT%H%M%SZ).log"
# Findings are crash-, leak-, timeout- and oom- reproducers; libFuzzer's
# slow-unit- reports (an input over 10 s of wall time, which a loaded
# machine produces) are counted apart: re-run one alone to judge it.
findings() {
    find "$artifacts" -type f ! -name '*.log' ! -name '*.time' ! -name 'slow-unit-*' | wc -l
}
slow_units() {
    find "$artifacts" -type f -name 'slow-unit-*' | wc -l
}
found_before=$(findings) slow_before=$(slow_units)

# UBSan findings must stop the run like ASan's do, or they only scroll by.
# -timeout: an input that runs 30 s means an engine or the scheduler did not
# bound its work, a finding. -rss_limit_mb: unbounded growth is one too.
status=0
UBSAN_OPTIONS=halt_on_error=1:abort_on_error=1:print_stacktrace=1 \
ASAN_OPTIONS=abort_on_error=1:detect_leaks=1 \
nice -n 19 /usr/bin/time -v -o "$log.time" \
    "$build/tests/fuzz/fuzz-$entry" -max_total_time="$wall" -max_len=8192 \
    -timeout=30 -rss_limit_mb=2048 -print_final_stats=1 \
    -artifact_prefix="$artifacts/" "$corpus" >"$log" 2>&1 &
timer=$!
interrupted=0
if [ "$cpu_target" -gt 0 ]; then
    # The fuzzer is time's only child; its CPU seconds from ps (cumulative).
    while kill -0 "$timer" 2>/dev/null; do
        sleep "$CPU_POLL_S"
        fuzzer=$(pgrep -P "$timer" | head -n 1) || continue
        used=$(ps -o times= -p "$fuzzer" | tr -d ' ') || continue
        if [ -n "$used" ] && [ "$used" -ge "$cpu_target" ]; then
            kill -INT "$fuzzer"
            interrupted=1
            break
        fi
    done
fi
wait "$timer" || status=$?
# libFuzzer's exit status when interrupted (its -interrupted_exitcode).
LIBFUZZER_INTERRUPTED=72
if [ "$interrupted" = 1 ] && [ "$status" = "$LIBFUZZER_INTERRUPTED" ]; then
    status=0
fi

# CPU time from the kernel's account of the process (user + system).
cpu=$(awk -F': ' '/User time/ {u=$2} /System time/ {s=$2} END {printf "%.0f", u + s}' "$log.time")
execs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" | tail -n 1)
found_after=$(findings) slow_after=$(slow_units)
tail -n 12 "$log"
aemu_log "log: $log (exit status $status)"
printf 'entry %s: cpu_seconds %s cpu_hours %s execs %s findings %s slow_units %s\n' \
    "$entry" "$cpu" "$(awk -v c="$cpu" 'BEGIN {printf "%.2f", c / 3600}')" \
    "${execs:-unknown}" $((found_after - found_before)) $((slow_after - slow_before))
[ "$status" = 0 ]
