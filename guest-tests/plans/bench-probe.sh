#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# aemu-timeout: 900
# amdgpu's probe time with the plans' parameters against the bring-up set
# the plans used before the driver's defaults were restored (issue 13):
# in one boot, BENCH_ROUNDS rounds of (modprobe with the bring-up set,
# rmmod, modprobe with the current set, rmmod), each modprobe timed (the
# probe runs inside it; the delayed IB tests after it are not counted).
# Alternating in one boot puts both sets under the same host load; the
# figures are "# BENCH probe ..." diagnostics and the ratio of the medians.
# The tests only say that every load and unload worked, never how fast.
# Run: scripts/run-guest.sh --plan bench-probe
. /tests/lib/tap.sh
. /tests/lib/amdgpu.sh

BENCH_ROUNDS=3
for arg in $(cat /proc/cmdline); do
    case $arg in
        aemu.bench_rounds=*) BENCH_ROUNDS=${arg#*=} ;;
    esac
done

amdgpu_find_device || tap_bail "no 1002:67b0 PCI device (run without --no-device?)"
[ "$AMDGPU_CHIP" = hawaii ] || tap_bail "the device is $AMDGPU_CHIP, this plan wants hawaii"
CURRENT=$AMDGPU_PARAMS
# What the Hawaii plans passed until issue 13 (docs/module-parameters.md).
BRINGUP="cik_support=1 virtual_display=all,1 dpm=0 ip_block_mask=0x7f aspm=0
 pcie_gen2=0 runpm=0 cg_mask=0 pg_mask=0 gpu_recovery=0 lockup_timeout=60000"
AMDGPU_SETTLE=1


# load NAME PARAMS: one timed load and unload; appends the seconds to
# /tmp/bench-NAME.
load() {
    AMDGPU_PARAMS=$2
    amdgpu_load
    amdgpu_check_bound
    awk -v a="$_amdgpu_t0" -v b="$_amdgpu_t1" 'BEGIN {printf "%.2f\n", b - a}' \
        >>"/tmp/bench-$1"
    amdgpu_release_fbcon
    tap_check "$1: rmmod amdgpu" rmmod amdgpu
}

median() {
    sort -n "$1" | awk '{v[NR] = $1} END {print (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2}'
}

round=1
while [ "$round" -le "$BENCH_ROUNDS" ]; do
    load bringup "$BRINGUP"
    load current "$CURRENT"
    round=$((round + 1))
done
tap_diag "BENCH probe bring-up parameters: $(echo $BRINGUP)"
tap_diag "BENCH probe current parameters: $(echo $CURRENT)"
tap_diag "BENCH probe bring-up seconds: $(tr '\n' ' ' </tmp/bench-bringup)median $(median /tmp/bench-bringup)"
tap_diag "BENCH probe current seconds: $(tr '\n' ' ' </tmp/bench-current)median $(median /tmp/bench-current)"
tap_diag "BENCH probe current/bring-up: $(awk -v a="$(median /tmp/bench-bringup)" -v b="$(median /tmp/bench-current)" 'BEGIN {printf "%.2f", b / a}')"
tap_done
