#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# aemu-needs: rocm
# The guest side of scripts/bench-timing.sh (issue 14: the timing model
# held against published figures of real boards). Loads amdgpu and measures
# the operations docs/timing.md lists published figures for:
#  - aemu-gpu-bench (libdrm): SDMA copies GTT->VRAM and VRAM->GTT (the
#    PCIe paths) and VRAM->VRAM, and submit + wait round trips of the
#    smallest IB on each engine;
#  - on Vega10, aemu-hsa-bench (ROCr 5.2.3, the runtime HIP sits on): SDMA
#    copies host->VRAM of small and large sizes through ROCr's SDMA queue
#    and signal round trips of the smallest dispatch.
# scripts/bench-timing.sh boots it under -icount (guest time is QEMU's
# virtual clock, which the model's timelines run on), once with the timing
# model and once without, and prints the figures next to the published
# ones. The tests only say that each part ran, never how fast: not in
# scripts/test.sh. From the command line, optional:
#   aemu.timing_sizes=LIST      aemu-gpu-bench copy sizes (64K,16M,64M)
#   aemu.timing_hsa_sizes=LIST  aemu-hsa-bench copy sizes (1K,512K,1M)
#   aemu.timing_time=SEC        least (virtual) time of a figure (0.2)
. /tests/lib/tap.sh
. /tests/lib/amdgpu.sh

SIZES=64K,16M,64M
HSA_SIZES=1K,512K,1M
TIME=0.2
# Each step of aemu-hsa-bench must make progress within this many seconds.
HSA_BENCH_TIMEOUT=120
for arg in $(cat /proc/cmdline); do
    case $arg in
        aemu.timing_sizes=*) SIZES=${arg#*=} ;;
        aemu.timing_hsa_sizes=*) HSA_SIZES=${arg#*=} ;;
        aemu.timing_time=*) TIME=${arg#*=} ;;
    esac
done

amdgpu_find_device || tap_bail "no emulated AMD GPU on the PCI bus (run without --no-device?)"
amdgpu_load
amdgpu_check_bound
[ -c /dev/dri/renderD128 ] || tap_bail "no /dev/dri/renderD128"
tap_diag "chip $AMDGPU_CHIP; clock source $(cat /sys/devices/system/clocksource/clocksource0/current_clocksource)"

# Every figure line becomes a TAP diagnostic ("# BENCH ...").
aemu-gpu-bench --engines sdma,cpdma-gfx --no-fill --sizes "$SIZES" \
    --time "$TIME" >/tmp/gpu-bench.out 2>&1
status=$?
sed 's/^# //; s/^/# /' /tmp/gpu-bench.out
tap_check "aemu-gpu-bench ran (status $status)" test "$status" = 0
n=$(grep -c '^BENCH copy sdma [a-z>-]* [0-9]* [0-9]' /tmp/gpu-bench.out)
tap_check "aemu-gpu-bench timed SDMA copies ($n)" test "$n" -ge 3
n=$(grep -c '^BENCH roundtrip [a-z]* - - [0-9]' /tmp/gpu-bench.out)
tap_check "aemu-gpu-bench timed round trips ($n engines)" test "$n" -ge 3

if [ "$AMDGPU_CHIP" = vega10 ]; then
    { aemu-hsa-bench --timeout "$HSA_BENCH_TIMEOUT" \
          --figures copy-sdma,signal-roundtrip --time "$TIME" \
          --copy-time "$TIME" --sizes "$HSA_SIZES" 2>&1
      echo $? >/tmp/hsa-bench.status; } |
        awk '{ sub(/^# /, ""); print "# " $0; fflush() }' >/tmp/hsa-bench.out
    cat /tmp/hsa-bench.out
    status=$(cat /tmp/hsa-bench.status)
    tap_check "aemu-hsa-bench ran (status $status)" test "$status" = 0
    n=$(grep -c '^# BENCH copy-sdma [0-9]' /tmp/hsa-bench.out)
    tap_check "aemu-hsa-bench timed SDMA copies ($n)" test "$n" -ge 2
    n=$(grep -c '^# BENCH signal-roundtrip [0-9]' /tmp/hsa-bench.out)
    tap_check "aemu-hsa-bench timed signal round trips ($n)" test "$n" -ge 2
fi

tap_dmesg_unlike "$AMDGPU_KFD_ERRORS" "no KFD error in the kernel log"
tap_done
