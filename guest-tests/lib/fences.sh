# SPDX-License-Identifier: GPL-2.0-or-later
# Did every fence come by interrupt? For guest test plans (busybox sh),
# after tap.sh:
#   . /tests/lib/fences.sh
# fence_trace_start          record every interrupt source amdgpu handles
#                            (its amdgpu_iv tracepoint) from now on
# fence_fallback_check DESC  a test: each "Fence fallback timer expired on
#                            ring R" in the kernel log must be followed
#                            within FENCE_LATE_S by amdgpu handling an
#                            interrupt of R's source
#
# amdgpu's fallback timer (500 ms) finds a fence the GPU wrote whose
# interrupt the driver has not handled yet. Either the device lost or
# mistimed the interrupt (a model bug: no interrupt of that source follows,
# or it came before the fence was written), or the vCPU the interrupt
# targets did not run for half a second while another vCPU ran the timer:
# TCG on a loaded host, the interrupt pending and handled just after the
# timer. Only the trace tells them apart; the log line alone made plan
# userspace-vega10 fail in CI and once in six local runs (docs/lifecycle.md).

FENCE_TRACE=
FENCE_LATE_S=0.05
FENCE_TRACE_KB=16384

fence_trace_start() {
    local t
    for t in /sys/kernel/tracing /sys/kernel/debug/tracing; do
        [ -d "$t/events" ] || mount -t tracefs nodev "$t" 2>/dev/null || true
        if [ -w "$t/events/amdgpu/amdgpu_iv/enable" ]; then
            FENCE_TRACE=$t
            break
        fi
    done
    if [ -z "$FENCE_TRACE" ]; then
        tap_diag "fences: no amdgpu_iv tracepoint (tracefs); fallbacks cannot be told apart"
        return
    fi
    echo "$FENCE_TRACE_KB" >"$FENCE_TRACE/buffer_size_kb"
    : >"$FENCE_TRACE/trace"
    echo 1 >"$FENCE_TRACE/events/amdgpu/amdgpu_iv/enable"
}

# The interrupt source of a ring's fence (ivsrcid headers: the same ids on
# CIK, VI and SOC15): SDMA trap 224, CP end-of-pipe 181, UVD 124, VCE 167.
fence_ring_src() {
    case "$1" in
    sdma*) echo 224 ;;
    gfx*|comp*|kiq*) echo 181 ;;
    uvd*) echo 124 ;;
    vce*) echo 167 ;;
    *) echo any ;;
    esac
}

# Lines "TIME SRC" of the interrupts amdgpu handled, from the trace.
fence_ivs() {
    awk '{
        for (i = 1; i < NF; i++) {
            if ($(i + 1) == "amdgpu_iv:") {
                t = $i; sub(/:$/, "", t)
            }
            if ($i ~ /^src_id:/) {
                s = $i; sub(/^src_id:/, "", s)
                print t, s
                break
            }
        }
    }' "$1"
}

fence_fallback_check() {
    local desc=$1 fb late lost=0 n=0 t ring src
    fb=$(tap_dmesg | sed -n 's/^\[ *\([0-9.]*\)\] .*Fence fallback timer expired on ring \([^ ]*\).*/\1 \2/p')
    if [ -n "$FENCE_TRACE" ]; then
        echo 0 >"$FENCE_TRACE/events/amdgpu/amdgpu_iv/enable"
        fence_ivs "$FENCE_TRACE/trace" >/tmp/fence-ivs
        tap_diag "fences: $(wc -l </tmp/fence-ivs) interrupts traced"
    fi
    if [ -z "$fb" ]; then
        tap_ok "$desc"
        return
    fi
    if [ -z "$FENCE_TRACE" ]; then
        tap_not_ok "$desc"
        tap_diag "$fb"
        return
    fi
    while read -r t ring; do
        n=$((n + 1))
        src=$(fence_ring_src "$ring")
        late=$(awk -v t="$t" -v src="$src" -v w="$FENCE_LATE_S" '
            $1 >= t && $1 <= t + w && (src == "any" || $2 == src) {
                printf "%.6f", $1 - t; exit
            }' /tmp/fence-ivs)
        if [ -n "$late" ]; then
            tap_diag "fallback on $ring at $t s: its interrupt (src $src) was handled $late s later (a stalled vCPU, not a lost interrupt)"
        else
            tap_diag "fallback on $ring at $t s: no interrupt of src $src handled within ${FENCE_LATE_S} s after it"
            lost=$((lost + 1))
        fi
    done <<EOF
$fb
EOF
    if [ "$lost" = 0 ]; then
        tap_ok "$desc ($n fallback(s), each followed by its interrupt)"
    else
        tap_not_ok "$desc ($lost of $n fallback(s) without the interrupt after them)"
    fi
}
