#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-or-later
# Guest-side throughput of the emulated GPU, as a table: one boot of the
# guest plan "bench" (guest-tests/plans/bench.sh, program aemu-gpu-bench)
# measures SDMA and CP DMA copies VRAM->VRAM, GTT->VRAM and VRAM->GTT from 1 MiB to
# 256 MiB, the submit + wait round trips of the smallest IB per second, and
# the guest CPU's memcpy; the same program measures the host's memcpy in the
# same run. It prints figures and never fails on them: under TCG the guest
# waits on the host, so the copy figures are the emulator's speed (no
# faster than the timing model prices the work).
#
#   scripts/bench-guest.sh [--asic hawaii|vega10] [--vram SIZE] [--sizes LIST]
#                          [--out DIR] [--no-build] [-- QEMU ARGS...]
#
#   --asic NAME   the emulated chip (default hawaii)
#   --vram SIZE   VRAM of the device (default 1G, so that a 256 MiB
#                 VRAM->VRAM copy fits; the device default is 256M)
#   --sizes LIST  copy sizes (default 1M,4M,16M,64M,256M)
#   --out DIR     guest results (default build/guest-results/bench/)
#   --no-build    do not run the bootstrap and build steps first
#
# Exit status: 0 when the figures were measured, 1 when the guest run did
# not produce them, 2 usage error.
set -euo pipefail
. "$(dirname "$0")/lib/common.sh"

usage() {
    sed -n '3,23p' "$0" | sed 's/^# \{0,1\}//'
    exit "${1:-0}"
}

asic=hawaii vram=1G sizes=1M,4M,16M,64M,256M out="" build=1
extra=()
while [ $# -gt 0 ]; do
    case $1 in
        --asic)     asic=${2:?--asic needs a chip}; shift 2 ;;
        --vram)     vram=${2:?--vram needs a size}; shift 2 ;;
        --sizes)    sizes=${2:?--sizes needs a list}; shift 2 ;;
        --out)      out=${2:?--out needs a directory}; shift 2 ;;
        --no-build) build=0; shift ;;
        -h|--help)  usage 0 ;;
        --)         shift; extra=("$@"); break ;;
        *)          echo "unknown argument: $1" >&2; usage 2 ;;
    esac
done
case "$asic" in
    hawaii|vega10) ;;
    *) echo "unknown --asic $asic (hawaii, vega10)" >&2; usage 2 ;;
esac
out=${out:-$AEMU_BUILD/guest-results/bench-$asic}

if [ "$build" = 1 ]; then
    "$AEMU_ROOT/scripts/bootstrap.sh"
    "$AEMU_ROOT/scripts/build-qemu.sh"
    "$AEMU_ROOT/scripts/build.sh"
    "$AEMU_ROOT/scripts/build-guest.sh"
fi
bench="$AEMU_BUILD/guest-tests/aemu-gpu-bench"
[ -x "$bench" ] || aemu_die "no $bench: run scripts/build.sh"

# The host's memcpy, right before the guest's run.
host=$("$bench" --memcpy-only) || aemu_die "aemu-gpu-bench --memcpy-only failed on the host"

status=0
"$AEMU_ROOT/scripts/run-guest.sh" --plan bench --out "$out" --timeout 900 \
    --append "aemu.bench_sizes=$sizes" \
    -- -global "amdgpu-emu.asic=$asic" -global "amdgpu-emu.vram-size=$vram" \
    "${extra[@]}" >/dev/null || status=$?

figures=$(sed -n 's/^# BENCH /BENCH /p' "$out/tap.txt" 2>/dev/null || true)
if ! grep -q '^BENCH copy' <<<"$figures"; then
    aemu_log "the guest run measured nothing (run-guest status $status); see ${out#"$AEMU_ROOT"/}/"
    exit 1
fi
[ "$status" = 0 ] ||
    aemu_log "warning: the guest run reported a failure (status $status); figures may be partial"

cores=$(nproc)
{
    echo "$host" | sed 's/^BENCH memcpy cpu/HOST memcpy cpu/'
    echo "$figures"
} | awk -v sizes="$sizes" -v vram="$vram" -v cores="$cores" -v asic="$asic" '
function label(bytes) {
    if (bytes % 1048576 == 0) return (bytes / 1048576) " MiB"
    return bytes " B"
}
$1 == "BENCH" && $2 == "copy" { copy[$3 " " $4 " " $5] = $6; seen[$3 " " $4] = 1; size[$5] = 1 }
$1 == "BENCH" && $2 == "fill" { fill[$3 " " $5] = $6; fseen[$3] = 1; size[$5] = 1 }
$1 == "BENCH" && $2 == "vk" { vk[$3 " " $4] = $6; vksize = $5 }
$1 == "BENCH" && $2 == "roundtrip" { rt[$3] = $6 }
$1 == "BENCH" && $2 == "memcpy" { gmem = $6; gmem_size = $5 }
$1 == "HOST" && $2 == "memcpy" { hmem = $6 }
END {
    n = split("sdma cpdma-gfx cpdma-compute shader", eng, " ")
    names["sdma"] = "SDMA"; names["cpdma-gfx"] = "CP DMA (gfx)"
    names["cpdma-compute"] = "CP DMA (compute)"; names["shader"] = "copy shader"
    np = split("vram->vram gtt->vram vram->gtt", path, " ")
    pnames["vram->vram"] = "VRAM->VRAM"; pnames["gtt->vram"] = "GTT->VRAM"
    pnames["vram->gtt"] = "VRAM->GTT"
    ns = 0
    for (s in size) sorted[++ns] = s + 0
    for (i = 1; i <= ns; i++)
        for (j = i + 1; j <= ns; j++)
            if (sorted[j] < sorted[i]) { t = sorted[i]; sorted[i] = sorted[j]; sorted[j] = t }
    printf "amdgpu-emu guest benchmark: %s, QEMU TCG, %s host cores, device VRAM %s\n", asic, cores, vram
    printf "NOTE: under TCG the guest waits on the host: copy throughput is how fast\n"
    printf "the emulator moves data, never faster than the timing model prices it.\n\n"
    printf "Copy throughput, MiB/s (one submission per copy, submit to fence):\n"
    printf "%-18s %-11s", "engine", "path"
    for (i = 1; i <= ns; i++) printf " %9s", label(sorted[i])
    printf "\n"
    for (e = 1; e <= n; e++)
        for (p = 1; p <= np; p++) {
            if (!((eng[e] " " path[p]) in seen)) continue
            printf "%-18s %-11s", names[eng[e]], pnames[path[p]]
            for (i = 1; i <= ns; i++) {
                k = eng[e] " " path[p] " " sorted[i]
                printf " %9s", (k in copy) ? copy[k] : "-"
            }
            printf "\n"
        }
    printf "\nFill throughput into VRAM, MiB/s:\n"
    printf "%-18s %-11s", "engine", ""
    for (i = 1; i <= ns; i++) printf " %9s", label(sorted[i])
    printf "\n"
    nf = split("sdma shader", feng, " ")
    fnames["sdma"] = "SDMA fill"; fnames["shader"] = "fill shader"
    for (e = 1; e <= nf; e++) {
        if (!(feng[e] in fseen)) continue
        printf "%-18s %-11s", fnames[feng[e]], ""
        for (i = 1; i <= ns; i++) {
            k = feng[e] " " sorted[i]
            printf " %9s", (k in fill) ? fill[k] : "-"
        }
        printf "\n"
    }
    if (vksize != "") {
        printf "\nVulkan (RADV) at %s, GTT->GTT, MiB/s (submit to fence), next to SDMA at the same size:\n", label(vksize)
        printf "%-34s %9s %9s\n", "", "ACO", "LLVM"
        nv = split("fill copy fill-api copy-api", vt, " ")
        vnames["fill"] = "fill shader (dword a lane)"
        vnames["copy"] = "copy shader (16 bytes a lane)"
        vnames["fill-api"] = "vkCmdFillBuffer (RADV shader)"
        vnames["copy-api"] = "vkCmdCopyBuffer (RADV shader)"
        for (v = 1; v <= nv; v++)
            printf "%-34s %9s %9s\n", vnames[vt[v]], \
                (("aco " vt[v]) in vk) ? vk["aco " vt[v]] : "-", \
                (("llvm " vt[v]) in vk) ? vk["llvm " vt[v]] : "-"
        k = "sdma gtt->vram " vksize
        printf "%-34s %9s\n", "SDMA copy GTT->VRAM", (k in copy) ? copy[k] : "(size not run)"
        k = "sdma " vksize
        printf "%-34s %9s\n", "SDMA fill VRAM", (k in fill) ? fill[k] : "(size not run)"
    }
    printf "\nSubmit + wait round trips of a one-packet IB, per second:\n"
    printf "  SDMA %s   gfx %s   compute %s\n", rt["sdma"], rt["gfx"], rt["compute"]
    printf "\nCPU memcpy between two %s buffers, MiB/s:\n", label(gmem_size)
    printf "  guest (TCG) %s   host %s\n", gmem, hmem
    printf "\n(n/a: the size does not fit in VRAM; pass a larger --vram)\n"
}'
echo
echo "Guest results: ${out#"$AEMU_ROOT"/}/ (tap.txt has every figure)"
