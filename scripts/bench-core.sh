#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-or-later
# Benchmark of the core model on the host (no QEMU, no guest), on every chip
# (Hawaii and Vega10) side by side: packets/s with the host instructions per
# packet next to it, copy bandwidth next to memcpy, and a shader copy (the
# guest's copy-x4: a dispatch of 65536 one-wave groups) next to the SDMA copy,
# measured in one run.
# Then the shader interpreter's instruction rate on both generations
# (bench-shader: wave64 instructions per second for VALU and SALU loops and
# a coalesced buffer copy, next to host memcpy). Prints, never fails.
#
# Instructions per packet: each chip's gfx packet rounds alone, run under
# callgrind with collection toggled on inside gfx_packet_rounds() only, so
# setup and the copies are not counted (needs valgrind; without it the
# figures are left out).
set -euo pipefail
. "$(dirname "$0")/lib/common.sh"
"$AEMU_ROOT/scripts/build.sh"
BENCH="$AEMU_BUILD/tests/bench/bench-core"

ir_args=()
if command -v valgrind >/dev/null; then
    out=$(mktemp)
    trap 'rm -f "$out"' EXIT
    for chip in $("$BENCH" --chips); do
        : >"$out"   # no figure left over from the previous chip
        packets=$(valgrind --tool=callgrind --collect-atstart=no \
                      --toggle-collect='gfx_packet_rounds*' \
                      --callgrind-out-file="$out" \
                      "$BENCH" --callgrind "$chip" 2>/dev/null |
                  awk '$1 == "packets" {print $2}')
        ir=$(awk '$1 == "summary:" {print $2}' "$out")
        if [ -n "$packets" ] && [ -n "$ir" ] && [ "$packets" -gt 0 ]; then
            ir_args+=(--ir-per-packet "$chip=$(awk -v ir="$ir" -v p="$packets" \
                                             'BEGIN {printf "%.0f", ir / p}')")
        else
            aemu_log "callgrind gave no instruction count for $chip:" \
                     "its Ir per packet left out"
        fi
    done
else
    aemu_log "valgrind not installed: Ir per packet left out"
fi
"$BENCH" "${ir_args[@]}"
echo
"$AEMU_BUILD/tests/bench/bench-shader"
