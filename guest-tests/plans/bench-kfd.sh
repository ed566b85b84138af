#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# aemu-needs: rocm
# aemu-gpus: 2
# aemu-iommu: intel
# The figures issue 11 asks of KFD on the emulated Vega10, in one boot of
# kfd-multi-vega10's machine (two Vega10s behind one PCIe switch and
# QEMU's Intel IOMMU, the header lines above): loads amdgpu and runs
# aemu-hsa-bench (guest-tests/hsa-bench.c, Debian's ROCr 5.2.3): AQL
# queue create + destroy pairs per second, signal round trips per second
# (a barrier-AND packet and a one-work-item dispatch; ROCr's blocked and
# active waits and a wait asleep on the KFD event), SDMA copies host <->
# VRAM of the first GPU, and the two-GPU path (GPU A's VRAM -> a system
# buffer shared by both GPUs -> GPU B's VRAM). The figures are TAP diagnostics ("# BENCH ..."); the tests only
# say that each was measured and that the kernel log stayed clean, never
# how fast. Not in scripts/test.sh: timings belong in benchmarks.
#
# The scheduling policy is the kernel command line's
# amdgpu.sched_policy= (none: the driver's default, 0, the hardware
# scheduler); the plan reports the one KFD runs and checks that it is the
# one asked for. scripts/bench-kfd.sh boots it once per policy and prints
# the figures as a table. From the command line, optional:
#   aemu.hsa_bench_time=SEC         least time of a rate figure
#   aemu.hsa_bench_sizes=LIST       copy-sdma sizes (1M,16M,64M)
#   aemu.hsa_bench_peer_sizes=LIST  peer-copy sizes (16M,64M)
# The kernel log's two complaints of Debian's 6.12 with two GPUs (no
# CONFIG_HSA_AMD_P2P: refused MMIO-remap peer mappings and a ttm_bo_unpin
# warning at process exit; see kfd-multi-vega10.sh) are counted apart.
# scripts/run-guest.sh --gpus 1 --iommu none (bench-kfd.sh --one-gpu)
# boots it on one Vega10 without the IOMMU: peer-copy is then skipped.
# Run: scripts/bench-kfd.sh  (or scripts/run-guest.sh --plan bench-kfd
#      --append amdgpu.sched_policy=2 -- -global amdgpu-emu.asic=vega10)
. /tests/lib/tap.sh
. /tests/lib/amdgpu.sh

# Each step of the program must make progress within this many seconds.
HSA_BENCH_TIMEOUT=60
bench_args=""
policy_asked=""
for arg in $(cat /proc/cmdline); do
    case $arg in
        aemu.hsa_bench_time=*) bench_args="$bench_args --time ${arg#*=}" ;;
        aemu.hsa_bench_sizes=*) bench_args="$bench_args --sizes ${arg#*=}" ;;
        aemu.hsa_bench_peer_sizes=*) bench_args="$bench_args --peer-sizes ${arg#*=}" ;;
        amdgpu.sched_policy=*) policy_asked=${arg#*=} ;;
    esac
done

amdgpu_find_device || tap_bail "no emulated AMD GPU on the PCI bus (run without --no-device?)"
[ "$AMDGPU_CHIP" = vega10 ] || tap_bail "the GPU is a $AMDGPU_CHIP, this plan expects a vega10"
gpus=""
for d in /sys/bus/pci/devices/*; do
    [ "$(cat "$d/vendor")" = 0x1002 ] && [ "$(cat "$d/device")" = 0x687f ] &&
        gpus="$gpus ${d##*/}"
done
ngpus=$(echo $gpus | wc -w)
tap_diag "Vega10s on the PCI bus:$gpus"

# sched_policy comes from the command line (modprobe reads it there).
amdgpu_load
policy=$(cat /sys/module/amdgpu/parameters/sched_policy 2>/dev/null)
case $policy in
    2) tap_diag "KFD scheduling: sched_policy 2, no HWS (HQDs loaded by registers)" ;;
    *) tap_diag "KFD scheduling: sched_policy $policy, HWS (runlists on the HIQ)" ;;
esac
if [ -n "$policy_asked" ]; then
    tap_check "amdgpu took sched_policy=$policy_asked from the kernel command line" \
        test "$policy" = "$policy_asked"
fi
for g in $gpus; do
    drv=$(readlink "/sys/bus/pci/devices/$g/driver" 2>/dev/null)
    tap_check "$g is bound to amdgpu" test "${drv##*/}" = amdgpu
done
added=$(tap_dmesg | grep -c 'kfd kfd: amdgpu: added device 1002:687f')
tap_check "amdkfd added every GPU ($added of $ngpus)" test "$added" -eq "$ngpus"

# ---- The figures ----

t0=$(tap_now)
# Live, every line a diagnostic (the program's own "# " kept single).
{ aemu-hsa-bench --timeout "$HSA_BENCH_TIMEOUT" $bench_args 2>&1
  echo $? >/tmp/hsa-bench.status; } |
    awk '{ sub(/^# /, ""); print "# " $0; fflush() }' | tee /tmp/hsa-bench.out
status=$(cat /tmp/hsa-bench.status)
tap_diag "aemu-hsa-bench: $(awk -v a="$t0" -v b="$(tap_now)" 'BEGIN {printf "%.1f", b - a}') s"
if [ "$status" = 0 ]; then
    tap_ok "aemu-hsa-bench ran$bench_args"
else
    tap_not_ok "aemu-hsa-bench ran$bench_args (status $status)"
fi
# Six round-trip figures: barrier-AND and dispatch, each with ROCr's
# blocked and active waits and a wait in KFD on the signal's event.
for want in queue-create-destroy:1 signal-roundtrip:6 copy-sdma:2 peer-copy:2; do
    name=${want%:*} least=${want#*:}
    if [ "$name" = peer-copy ] && [ "$ngpus" -lt 2 ]; then
        tap_skip "aemu-hsa-bench measured $name" "one GPU"
        continue
    fi
    n=$(grep -c "^# BENCH $name [0-9]" /tmp/hsa-bench.out)
    if [ "$n" -ge "$least" ]; then
        tap_ok "aemu-hsa-bench measured $name ($n figures)"
    else
        tap_not_ok "aemu-hsa-bench measured $name ($n figures, want $least or more)"
    fi
done

# ---- The kernel log ----

amdgpu_kfd_multi_log_checks
tap_done
