#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# aemu-needs: mesa
# Throughput of the emulated GPU seen from a guest process (issue 4): loads
# amdgpu (the parameters of /tests/lib/amdgpu.sh) and runs aemu-gpu-bench:
# SDMA, CP DMA and copy-shader copies VRAM->VRAM and GTT->VRAM, SDMA and
# shader fills, round trips of the smallest IB, and the guest CPU's memcpy;
# then the same moves through Vulkan (Debian's RADV, from the mesa archive
# the line above asks for): aemu-vk-compute's fill and copy shaders and
# vkCmdFillBuffer/vkCmdCopyBuffer at VK_SIZE, with ACO and with LLVM.
# The figures are TAP diagnostics ("# BENCH ..."); the tests only say that
# each part ran, never how fast.
# scripts/bench-guest.sh boots this plan with a larger VRAM and prints the
# figures as a table next to the host's memcpy.
# Run: scripts/bench-guest.sh  (or scripts/run-guest.sh --plan bench)
. /tests/lib/tap.sh
. /tests/lib/amdgpu.sh

# Copy sizes; override from the kernel command line with aemu.bench_sizes=.
SIZES=1M,4M,16M,64M,256M
# The Vulkan moves' size (aemu.vk_bench_size=; at most 32M).
VK_SIZE=16M
for arg in $(cat /proc/cmdline); do
    case $arg in
        aemu.bench_sizes=*) SIZES=${arg#*=} ;;
        aemu.vk_bench_size=*) VK_SIZE=${arg#*=} ;;
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

# Vulkan: each test checks its data; the figures are diagnostics.
export MESA_SHADER_CACHE_DISABLE=true XDG_CACHE_HOME=/nonexistent
for compiler in aco llvm; do
    if [ "$compiler" = llvm ]; then
        export RADV_DEBUG=llvm
    else
        unset RADV_DEBUG
    fi
    aemu-vk-compute --tests fill,copy,fill-api,copy-api --size "$VK_SIZE" \
        --compiler "$compiler" --timeout 120 >/tmp/vk-bench.out 2>&1
    status=$?
    sed 's/^# //; s/^/# /' /tmp/vk-bench.out
    n=$(grep -c "^# BENCH vk $compiler " /tmp/vk-bench.out)
    if [ "$status" = 0 ] && [ "$n" = 4 ]; then
        tap_ok "Vulkan fill and copy measured with $compiler ($VK_SIZE)"
    else
        tap_not_ok "Vulkan fill and copy measured with $compiler ($VK_SIZE; status $status, $n of 4 figures)"
    fi
done
unset RADV_DEBUG

tap_dmesg_unlike 'ring .* timeout|\*ERROR\*|BUG:|Oops|GPU fault detected' \
    "no job timeout, driver error or GPU fault during the benchmark"
tap_done
