#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-or-later
# Benchmark of the core model on the host (no QEMU, no guest): packets/s
# with the host instructions per packet next to it, and copy bandwidth next
# to memcpy, measured in one run. Prints, never fails.
#
# Instructions per packet: the bench's gfx packet rounds alone, run under
# callgrind with collection toggled on inside gfx_packet_rounds() only, so
# setup and the copies are not counted (needs valgrind; without it the
# figure is left out).
set -euo pipefail
. "$(dirname "$0")/lib/common.sh"
"$AEMU_ROOT/scripts/build.sh"
BENCH="$AEMU_BUILD/tests/bench/bench-core"

ir_args=()
if command -v valgrind >/dev/null; then
    out=$(mktemp)
    trap 'rm -f "$out"' EXIT
    packets=$(valgrind --tool=callgrind --collect-atstart=no \
                  --toggle-collect='gfx_packet_rounds*' \
                  --callgrind-out-file="$out" "$BENCH" --callgrind 2>/dev/null |
              awk '$1 == "packets" {print $2}')
    ir=$(awk '$1 == "summary:" {print $2}' "$out")
    if [ -n "$packets" ] && [ -n "$ir" ] && [ "$packets" -gt 0 ]; then
        ir_args=(--ir-per-packet "$(awk -v ir="$ir" -v p="$packets" \
                                        'BEGIN {printf "%.0f", ir / p}')")
    else
        aemu_log "callgrind gave no instruction count; Ir per packet left out"
    fi
else
    aemu_log "valgrind not installed: Ir per packet left out"
fi
"$BENCH" "${ir_args[@]}"
