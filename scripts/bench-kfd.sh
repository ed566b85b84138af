#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-or-later
# KFD on the emulated Vega10, as a table (issue 11's figures): boots the
# guest plan "bench-kfd" (guest-tests/plans/bench-kfd.sh, program
# aemu-hsa-bench) once per scheduling policy, on kfd-multi-vega10's
# machine (two Vega10s behind a PCIe switch and QEMU's Intel IOMMU), and
# prints AQL queue create + destroy pairs per second, signal round trips
# per second (barrier-AND and one-work-item dispatch packets; ROCr's
# blocked and active waits, and a wait asleep on the KFD event), SDMA
# copies host <-> VRAM and the two-GPU copies through a shared system
# buffer, next to the host it ran on. It prints figures and never fails on
# them: under TCG the guest waits on the host, so they are the emulator's
# speed (no faster than the timing model prices the work).
#
#   scripts/bench-kfd.sh [--policy hws|nohws|both] [--one-gpu] [--time SEC]
#                        [--sizes LIST] [--peer-sizes LIST] [--out DIR]
#                        [--no-build] [-- QEMU ARGS...]
#
#   --policy P        hws: the hardware scheduler (amdgpu.sched_policy=0,
#                     the driver's default: KFD sends runlists to the HIQ);
#                     nohws: sched_policy=2 (KFD loads HQDs by registers);
#                     both (default): one boot each, side by side
#   --one-gpu         one Vega10 and no IOMMU instead (no peer-copy): what
#                     the IOMMU and the second GPU cost the other figures
#   --time SEC        least time of each rate figure (default 2)
#   --sizes LIST      SDMA copy sizes (default 1M,16M,64M)
#   --peer-sizes LIST two-GPU copy sizes (default 16M,64M)
#   --out DIR         guest results, a directory per policy (default
#                     build/guest-results/bench-kfd/)
#   --no-build        do not run the bootstrap and build steps first
#
# Exit status: 0 when every boot measured its figures, 1 when one did not
# (the table shows what there is), 2 usage error.
set -euo pipefail
. "$(dirname "$0")/lib/common.sh"

usage() {
    sed -n '3,33p' "$0" | sed 's/^# \{0,1\}//'
    exit "${1:-0}"
}

policy=both one_gpu=0 time="" sizes="" peer_sizes="" out="" build=1
extra=()
while [ $# -gt 0 ]; do
    case $1 in
        --policy)     policy=${2:?--policy needs hws, nohws or both}; shift 2 ;;
        --one-gpu)    one_gpu=1; shift ;;
        --time)       time=${2:?--time needs seconds}; shift 2 ;;
        --sizes)      sizes=${2:?--sizes needs a list}; shift 2 ;;
        --peer-sizes) peer_sizes=${2:?--peer-sizes needs a list}; shift 2 ;;
        --out)        out=${2:?--out needs a directory}; shift 2 ;;
        --no-build)   build=0; shift ;;
        -h|--help)    usage 0 ;;
        --)           shift; extra=("$@"); break ;;
        *)            echo "unknown argument: $1" >&2; usage 2 ;;
    esac
done
case $policy in
    hws) policies=(hws) ;;
    nohws) policies=(nohws) ;;
    both) policies=(hws nohws) ;;
    *) echo "unknown --policy $policy (hws, nohws, both)" >&2; usage 2 ;;
esac
[ -z "$time" ] || [[ $time =~ ^[0-9]+(\.[0-9]+)?$ ]] ||
    { echo "--time takes seconds, not $time" >&2; usage 2; }
size_list='^[0-9]+[KMG]?(,[0-9]+[KMG]?)*$'
[ -z "$sizes" ] || [[ $sizes =~ $size_list ]] ||
    { echo "--sizes takes a list like 1M,16M, not $sizes" >&2; usage 2; }
[ -z "$peer_sizes" ] || [[ $peer_sizes =~ $size_list ]] ||
    { echo "--peer-sizes takes a list like 16M,64M, not $peer_sizes" >&2; usage 2; }
out=${out:-$AEMU_BUILD/guest-results/bench-kfd}

if [ "$build" = 1 ]; then
    "$AEMU_ROOT/scripts/bootstrap.sh"
    "$AEMU_ROOT/scripts/build-qemu.sh"
    "$AEMU_ROOT/scripts/build.sh"
    "$AEMU_ROOT/scripts/build-guest.sh"
fi

# KFD's scheduling policy is amdgpu's module parameter: one boot each.
declare -A sched_policy=([hws]=0 [nohws]=2)
machine=(--gpus 2 --iommu intel)
[ "$one_gpu" = 0 ] || machine=(--gpus 1 --iommu none)
append_common=""
[ -z "$time" ] || append_common+=" aemu.hsa_bench_time=$time"
[ -z "$sizes" ] || append_common+=" aemu.hsa_bench_sizes=$sizes"
[ -z "$peer_sizes" ] || append_common+=" aemu.hsa_bench_peer_sizes=$peer_sizes"

status=0 figures="" loads=""
for p in "${policies[@]}"; do
    loads+=" $p $(cut -d' ' -f1-3 /proc/loadavg);"
    rs=0
    "$AEMU_ROOT/scripts/run-guest.sh" --plan bench-kfd --out "$out/$p" --timeout 900 \
        "${machine[@]}" --append "amdgpu.sched_policy=${sched_policy[$p]}$append_common" \
        -- -global amdgpu-emu.asic=vega10 "${extra[@]}" >/dev/null || rs=$?
    got=$(sed -n "s/^# BENCH /$p BENCH /p" "$out/$p/tap.txt" 2>/dev/null || true)
    if ! grep -q ' BENCH queue-create-destroy [0-9]' <<<"$got"; then
        aemu_log "$p: the guest run measured nothing (run-guest status $rs); see ${out#"$AEMU_ROOT"/}/$p/"
        status=1
    elif [ "$rs" != 0 ]; then
        aemu_log "$p: warning: the guest run reported a failure (status $rs); figures may be partial; see ${out#"$AEMU_ROOT"/}/$p/tap.txt"
    fi
    figures+=$got$'\n'
done

cpu=$(sed -n 's/^model name[[:space:]]*: *//p' /proc/cpuinfo | head -n 1)
qemu_version=$("$AEMU_QEMU" --version 2>/dev/null | head -n 1 || echo "QEMU ?")
commit=$(git -C "$AEMU_ROOT" describe --always --dirty 2>/dev/null || echo unknown)
machine_desc="2 x vega10 behind intel-iommu"
[ "$one_gpu" = 0 ] || machine_desc="1 x vega10, no IOMMU"
echo "$figures" | awk -v policies="${policies[*]}" -v cores="$(nproc)" -v cpu="$cpu" \
    -v qemu="$qemu_version" -v commit="$commit" -v machine="$machine_desc" -v loads="$loads" '
function label(bytes) {
    if (bytes % 1048576 == 0) return (bytes / 1048576) " MiB"
    return bytes " B"
}
# A row per figure, in the order the program printed them.
function row(key, text) {
    if (!(key in seen)) { seen[key] = 1; order[++nrows] = key; rowtext[key] = text }
}
$2 == "BENCH" {
    delete kv
    for (i = 6; i <= NF; i++) if (split($i, f, "=") == 2) kv[f[1]] = f[2]
    name = $3
    # The figure again from the median iteration: per second, or MiB/s.
    med = "-"
    if (kv["median-us"] > 0)
        med = sprintf("%.1f", kv["bytes"] ? kv["bytes"] / 1048576 / (kv["median-us"] / 1e6) \
                                          : 1e6 / kv["median-us"])
    if (name == "queue-create-destroy") {
        row("q", "AQL queue create + destroy (64 packets), pairs/s")
        row("q-rescued", "  pairs rescued from ROCr'"'"'s lost wakeup (not timed)")
        val["q", $1] = $4; mval["q", $1] = med; val["q-rescued", $1] = kv["rescued"]
        k = ""
    } else if (name == "signal-roundtrip") {
        w = kv["wait"] == "blocked" ? "ROCr blocked wait" : \
            kv["wait"] == "active" ? "ROCr active wait" : "asleep on the KFD event"
        p = kv["packet"] == "dispatch" ? "1-work-item dispatch" : "barrier-AND"
        k = "rt " kv["packet"] " " kv["wait"]
        row(k, sprintf("  %-20s %s", p, w))
    } else if (name == "copy-sdma") {
        k = "copy " kv["path"] " " kv["bytes"]
        path = kv["path"] == "host->vram" ? "host -> VRAM" : "VRAM -> host"
        row(k, sprintf("  %-20s %8s", path, label(kv["bytes"])))
    } else if (name == "peer-copy") {
        k = "peer " kv["path"] " " kv["bytes"]
        path = kv["path"] == "vram-a->shared" ? "VRAM A -> shared" : "shared -> VRAM B"
        row(k, sprintf("  %-20s %8s", path, label(kv["bytes"])))
    }
    if (k != "") { val[k, $1] = $4; mval[k, $1] = med }
}
END {
    np = split(policies, pol, " ")
    head["hws"] = "HWS"; head["nohws"] = "no HWS"
    printf "amdgpu-emu KFD benchmark: %s, ROCm 5.2.3, QEMU TCG (-smp 2)\n", machine
    printf "host: %s cores, %s; %s; commit %s\n", cores, cpu, qemu, commit
    printf "load average before each boot (1, 5, 15 min):%s\n", loads
    printf "NOTE: under TCG the guest waits on the host: these are the emulator'"'"'s speeds,\n"
    printf "never faster than the timing model prices the work. On a shared, busy host\n"
    printf "they move by tens of percent from run to run: compare ratios within a run.\n\n"
    printf "Each figure twice: the iterations over the time (mean), and again from the\n"
    printf "median iteration (median), which a descheduled vCPU moves less.\n\n"
    printf "%-52s", ""
    for (j = 1; j <= np; j++) printf " %19s", head[pol[j]]
    printf "\n%-52s", ""
    for (j = 1; j <= np; j++) printf " %9s %9s", "mean", "median"
    printf "\n"
    section["rt"] = "Signal round trips host -> GPU -> host, per second:"
    section["copy"] = "SDMA copies (hsa_amd_memory_async_copy), MiB/s:"
    section["peer"] = "Two GPUs through a system buffer both map, MiB/s:"
    for (r = 1; r <= nrows; r++) {
        key = order[r]
        split(key, kp, " ")
        if ((kp[1] in section) && !(kp[1] in said)) { said[kp[1]] = 1; printf "%s\n", section[kp[1]] }
        printf "%-52s", rowtext[key]
        for (j = 1; j <= np; j++)
            printf " %9s %9s", ((key, pol[j]) in val) ? val[key, pol[j]] : "-", \
                ((key, pol[j]) in mval) ? mval[key, pol[j]] : ""
        printf "\n"
    }
    if (!nrows) printf "(no figures)\n"
}'
echo
for p in "${policies[@]}"; do
    echo "Guest results ($p): ${out#"$AEMU_ROOT"/}/$p/ (tap.txt has every figure)"
done
exit "$status"
