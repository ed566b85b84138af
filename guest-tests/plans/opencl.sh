#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# aemu-needs: opencl
# Real OpenCL user space on the emulated Hawaii (or OPENCL_CHIP, set by
# opencl-vega10.sh), in one boot: Debian's Mesa clover (OpenCL 1.x on
# radeonsi, kernels compiled at run time by clang, libclc and LLVM), the
# ICD loader and clinfo come from the opencl archive (scripts/build-guest.sh;
# the line above makes scripts/run-guest.sh carry it, with the mesa archive
# whose libLLVM it shares). Loads amdgpu (the parameters of
# /tests/lib/amdgpu.sh), checks that clinfo lists the platform "Clover"
# with the GPU, then runs aemu-cl-compute (guest-tests/cl-compute.c: fill,
# copy, a local-memory prefix sum with barriers, 64-bit integers, float
# math within tolerances, global atomics, 2D and 3D NDRanges with offsets,
# and a kernel with many arguments and a struct by value, every result
# checked on the CPU).
#
# A kernel that halts on an instruction the model lacks (or a packet the
# CP refuses) leaves its compute ring busy for good (gpu_recovery=0):
# aemu-cl-compute reports that test "not ok" after CL_TIMEOUT seconds and
# runs the next one in a new process. The host names the instruction: run
#   scripts/run-guest.sh --plan opencl -- -d guest_errors,unimp -trace 'amdgpu_emu_sh_*'
# Run: scripts/run-guest.sh --plan opencl -- -global amdgpu-emu.vram-size=1G
# (with the default 256 MiB of VRAM clover calls the device OpenCL 0.0; the
# tests run all the same, see the version check below).
. /tests/lib/tap.sh
. /tests/lib/amdgpu.sh

# Seconds a kernel or a read-back may take before its test is "not ok".
CL_TIMEOUT=${CL_TIMEOUT:-10}

amdgpu_find_device || tap_bail "no emulated AMD GPU on the PCI bus (run without --no-device?)"
OPENCL_CHIP=${OPENCL_CHIP:-hawaii}
[ "$AMDGPU_CHIP" = "$OPENCL_CHIP" ] ||
    tap_bail "the GPU is a $AMDGPU_CHIP, this plan expects a $OPENCL_CHIP"

amdgpu_load
amdgpu_check_bound
[ -c /dev/dri/renderD128 ] || tap_bail "no /dev/dri/renderD128"

# Fresh compiles every time: no shader cache.
export MESA_SHADER_CACHE_DISABLE=true XDG_CACHE_HOME=/nonexistent

# ---- clinfo ----

t0=$(tap_now)
if clinfo >/tmp/clinfo.txt 2>&1; then
    tap_ok "clinfo ($(awk -v a="$t0" -v b="$(tap_now)" 'BEGIN {printf "%.1f", b - a}') s)"
else
    tap_not_ok "clinfo exited with status $?"
fi
clinfo -l >/tmp/clinfo-l.txt 2>&1 || true
tap_diag "$(cat /tmp/clinfo-l.txt)"
tap_diag "$(grep -E '^ *(Device Version|Driver Version|Max compute units|Max work group size|Global memory size|Local memory size) ' /tmp/clinfo.txt)"
platform=$(sed -n 's/^Platform #0: *//p' /tmp/clinfo-l.txt)
device=$(sed -n 's/^ *`-- Device #0: *//p' /tmp/clinfo-l.txt)
if [ "$platform" = Clover ]; then
    tap_ok "clinfo lists the platform Clover"
else
    tap_not_ok "clinfo lists the platform Clover (first platform: '${platform:-none}')"
fi
# radeonsi names the device for the marketing name and the chip:
# "AMD Radeon R9 200 Series (hawaii, LLVM 15.0.6, DRM 3.61, 6.12...)".
case $device in
*"($OPENCL_CHIP, LLVM "*) tap_ok "clinfo lists the $OPENCL_CHIP through radeonsi: $device" ;;
*) tap_not_ok "clinfo lists the $OPENCL_CHIP through radeonsi (device: '${device:-none}')" ;;
esac

# Clover derives the device's OpenCL version from its limits, and
# radeonsi offers a quarter of the VRAM as the largest allocation: OpenCL
# 1.0 asks for at least 128 MiB (and a quarter of the global memory), so
# under 512 MiB of VRAM the device says "OpenCL 0.0" (clover's
# get_highest_supported_version), which this check cannot hold against
# the model; with 512 MiB or more it is OpenCL 1.1, clover's ceiling with
# its default OpenCL C 1.1.
version=$(sed -n 's/^ *Device Version *//p' /tmp/clinfo.txt | head -n 1)
global_mib=$(sed -n 's/^ *Global memory size *\([0-9]*\).*/\1/p' /tmp/clinfo.txt | head -n 1)
global_mib=$(( ${global_mib:-0} / 1048576 ))
case $version in
"OpenCL 1.1 "*) tap_ok "the device offers $version" ;;
*)
    if [ "$global_mib" -lt 512 ]; then
        tap_skip "the device offers OpenCL 1.1" "$global_mib MiB of VRAM: radeonsi's largest allocation (a quarter) is under OpenCL's 128 MiB, so clover says '$version'; boot with -global amdgpu-emu.vram-size=1G"
    else
        tap_not_ok "the device offers OpenCL 1.1 ('$version' with $global_mib MiB)"
    fi
    ;;
esac

# ---- OpenCL compute ----

t0=$(tap_now)
tap_run aemu-cl-compute --label "$OPENCL_CHIP clover" --timeout "$CL_TIMEOUT"
tap_diag "aemu-cl-compute: $(awk -v a="$t0" -v b="$(tap_now)" 'BEGIN {printf "%.1f", b - a}') s"

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
