#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# aemu-needs: mesa
# Real Vulkan user space on the emulated Hawaii (or VULKAN_CHIP, set by
# vulkan-vega10.sh), in one boot: Debian's Mesa RADV, the Vulkan loader and
# vulkaninfo come from the mesa archive (scripts/build-guest.sh; the line
# above makes scripts/run-guest.sh carry it). Loads amdgpu (the parameters
# of /tests/lib/amdgpu.sh), checks that vulkaninfo --summary lists the GPU
# through RADV, then runs aemu-vk-compute (guest-tests/vk-compute.c: fill,
# copy, a shared-memory prefix sum with barriers, subgroup operations,
# 64-bit integers, float math within tolerances, buffer atomics, and
# RADV's own fill and copy shaders, every result checked on the CPU)
# twice: with RADV's default compiler, ACO, and with RADV_DEBUG=llvm, so
# the shader interpreter meets two independent instruction mixes.
#
# A shader that halts on an instruction the model lacks (or a packet the
# CP refuses) leaves its compute ring busy for good (gpu_recovery=0):
# aemu-vk-compute reports that test "not ok" after VK_TIMEOUT seconds and
# runs the next one in a new process, whose work the kernel puts on a ring
# still free; with none left, the remaining tests are "not ok" unrun. The
# host names the instruction: run with
#   scripts/run-guest.sh --plan vulkan -- -d guest_errors,unimp -trace 'amdgpu_emu_sh_*'
# Run: scripts/run-guest.sh --plan vulkan
. /tests/lib/tap.sh
. /tests/lib/amdgpu.sh

# Seconds a submission may take before its test is "not ok". The longest
# test takes under a tenth of a second of interpreter time.
VK_TIMEOUT=${VK_TIMEOUT:-5}

amdgpu_find_device || tap_bail "no emulated AMD GPU on the PCI bus (run without --no-device?)"
VULKAN_CHIP=${VULKAN_CHIP:-hawaii}
[ "$AMDGPU_CHIP" = "$VULKAN_CHIP" ] ||
    tap_bail "the GPU is a $AMDGPU_CHIP, this plan expects a $VULKAN_CHIP"
CHIP_NAME=$(echo "$VULKAN_CHIP" | tr a-z A-Z)

amdgpu_load
amdgpu_check_bound
[ -c /dev/dri/renderD128 ] || tap_bail "no /dev/dri/renderD128"

# Fresh compiles every time: no shader cache, no RADV meta-shader cache.
export MESA_SHADER_CACHE_DISABLE=true XDG_CACHE_HOME=/nonexistent

# ---- vulkaninfo ----

t0=$(tap_now)
if vulkaninfo --summary >/tmp/vulkaninfo.txt 2>&1; then
    tap_ok "vulkaninfo --summary ($(awk -v a="$t0" -v b="$(tap_now)" 'BEGIN {printf "%.1f", b - a}') s)"
else
    tap_not_ok "vulkaninfo --summary exited with status $?"
fi
# The device section, and the loader's and driver's complaints.
tap_diag "$(sed -n '/^Devices:/,$p' /tmp/vulkaninfo.txt)"
tap_diag "$(grep -iE 'error|warning' /tmp/vulkaninfo.txt)"
name=$(sed -n 's/^[[:space:]]*deviceName[[:space:]]*= *//p' /tmp/vulkaninfo.txt | head -n 1)
driver=$(sed -n 's/^[[:space:]]*driverName[[:space:]]*= *//p' /tmp/vulkaninfo.txt | head -n 1)
case $name in
*"RADV $CHIP_NAME"*|*"AMD RADV"*) tap_ok "vulkaninfo lists the GPU through RADV: $name" ;;
*) tap_not_ok "vulkaninfo lists the $CHIP_NAME through RADV (deviceName: '${name:-none}')" ;;
esac
if [ "$driver" = radv ] && grep -q 'vendorID *= *0x1002' /tmp/vulkaninfo.txt; then
    tap_ok "driverName radv, vendorID 0x1002"
else
    tap_not_ok "driverName radv, vendorID 0x1002 (driverName '${driver:-none}')"
fi

# ---- Vulkan compute, ACO then LLVM ----

# vulkaninfo showed RADV's warning that gfx7 is not conformant; once is enough.
export MESA_VK_IGNORE_CONFORMANCE_WARNING=true

for compiler in aco llvm; do
    t0=$(tap_now)
    if [ "$compiler" = llvm ]; then
        export RADV_DEBUG=llvm
    else
        unset RADV_DEBUG
    fi
    tap_run aemu-vk-compute --compiler "$compiler" --label "$VULKAN_CHIP $compiler" \
        --timeout "$VK_TIMEOUT"
    tap_diag "$compiler: $(awk -v a="$t0" -v b="$(tap_now)" 'BEGIN {printf "%.1f", b - a}') s"
done
unset RADV_DEBUG

# A job the driver timed out is a test above that already failed; anything
# else the driver complains about is not.
_other=$(tap_dmesg | grep -E '\*ERROR\*|BUG:|Oops|WARNING:|general protection fault' |
         grep -vE 'ring .* timeout|Starting .* ring reset|GPU recovery disabled' | head -n 5)
if [ -z "$_other" ]; then
    tap_ok "no driver error, warning or oops in the kernel log (besides job timeouts)"
else
    tap_not_ok "no driver error, warning or oops in the kernel log (besides job timeouts)"
    tap_diag "$_other"
fi
tap_diag "$(tap_dmesg | grep -E 'ring .* timeout|amdgpu.*(fault|VM_)' | head -n 10)"

tap_done
