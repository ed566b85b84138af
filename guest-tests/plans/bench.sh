#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# Throughput of the emulated GPU seen from a guest process (issue 4): loads
# amdgpu (the parameters of /tests/lib/amdgpu.sh) and runs aemu-gpu-bench:
# SDMA, CP DMA and copy-shader copies VRAM->VRAM and GTT->VRAM, SDMA and
# shader fills, round trips of the smallest IB, and the guest CPU's memcpy.
# The figures are TAP diagnostics ("# BENCH ..."); the tests only say that
# each part ran, never how fast.
# scripts/bench-guest.sh boots this plan with a larger VRAM and prints the
# figures as a table next to the host's memcpy.
# Run: scripts/bench-guest.sh  (or scripts/run-guest.sh --plan bench)
. /tests/lib/tap.sh
. /tests/lib/amdgpu.sh

# Copy sizes; override from the kernel command line with aemu.bench_sizes=.
SIZES=1M,4M,16M,64M,256M
for arg in $(cat /proc/cmdline); do
    case $arg in
        aemu.bench_sizes=*) SIZES=${arg#*=} ;;
    esac
done

amdgpu_find_device || tap_bail "no 1002:67b0 PCI device (run without --no-device?)"
amdgpu_load
amdgpu_check_bound
[ -c /dev/dri/renderD128 ] || tap_bail "no /dev/dri/renderD128"

aemu-gpu-bench --sizes "$SIZES" >/tmp/bench.out 2>&1
status=$?
sed 's/^# //; s/^/# /' /tmp/bench.out
if [ "$status" = 0 ]; then
    tap_ok "aemu-gpu-bench ran"
else
    tap_not_ok "aemu-gpu-bench ran (status $status)"
fi
for kind in copy fill roundtrip memcpy; do
    if grep -q "^BENCH $kind .* [0-9.]*\$" /tmp/bench.out; then
        tap_ok "aemu-gpu-bench measured $kind"
    else
        tap_not_ok "aemu-gpu-bench measured $kind"
    fi
done
tap_dmesg_unlike 'ring .* timeout|\*ERROR\*|BUG:|Oops|GPU fault detected' \
    "no job timeout, driver error or GPU fault during the benchmark"
tap_done
