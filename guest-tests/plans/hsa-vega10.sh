#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# aemu-needs: mesa,rocm,hip
# KFD user queues on the emulated Vega10 (1002:687f) through ROCm 5.2.3's
# user space (issue 11): after amdgpu (with amdkfd) binds, runs
#   aemu-hsa-compute  (guest-tests/hsa-compute.c) on Debian's HSA runtime:
#                     init, agent and pools; an AQL queue; the project's
#                     gfx900 code object loaded; kernel dispatches (vector
#                     add with a partial last workgroup, an LDS reduction
#                     with barriers, dispatches behind barrier-AND/OR
#                     packets, 200 dispatches around a 64-packet ring, a
#                     long loop); async copies host <-> VRAM through ROCr's
#                     blit kernels and through SDMA, every byte checked;
#                     then, over-subscribed, 30 more queues in one process
#                     and 10 processes at once, each with a vector add;
#                     and a VRAM buffer evicted by a DRM client's VRAM
#                     buffers and restored, read back by a kernel and SDMA;
#   aemu-kfd-queue    (guest-tests/kfd-queue.c) on the thunk (libhsakmt):
#                     a PM4 compute queue, WRITE_DATA packets and a
#                     RELEASE_MEM that signals a KFD event by interrupt;
#   aemu-hip-compute  (guest-tests/hip-compute.hip, compiled for gfx900 by
#                     Debian's hipcc) on the HIP runtime: vector add, an
#                     LDS reduction, hipMemcpy both ways, a long kernel and
#                     200 kernels on one stream, every result checked;
# then checks the kernel log for KFD's and amdgpu's errors as kfd-vega10
# does. The runtime, the thunk and their libraries come from the rocm
# archive, the HIP runtime and comgr from the hip archive, LLVM (which
# comgr loads) from the mesa archive (the line above makes
# scripts/run-guest.sh carry them); the
# kernels' code object is /usr/lib/aemu/aemu-kernels-gfx900.hsaco (from
# the project archive: meson assembles it with llvm-mc and ld.lld).
#
# Each test of either program has HSA_TIMEOUT seconds (at most 20); a
# test still waiting then is "not ok", naming the call it was in, and its
# process is killed, so the plan ends in bounded time whatever the device
# does with the queues. The host names what the device lacks:
#   scripts/run-guest.sh --plan hsa-vega10 -- -global amdgpu-emu.asic=vega10 -d guest_errors,unimp
# Run: scripts/run-guest.sh --plan hsa-vega10 -- -global amdgpu-emu.asic=vega10
. /tests/lib/tap.sh
. /tests/lib/amdgpu.sh

HSA_TIMEOUT=${HSA_TIMEOUT:-15}
# A HIP test starts the HIP runtime (comgr and LLVM load) in a process of
# its own: more time each than HSA's.
HIP_TIMEOUT=${HIP_TIMEOUT:-60}
# Ten processes start the HSA runtime at once for the over-subscription
# test: the most a test may have (aemu-hsa-compute's TIMEOUT_MAX).
OVERSUB_TIMEOUT=${OVERSUB_TIMEOUT:-20}
HSA_CODE_OBJECT=/usr/lib/aemu/aemu-kernels-gfx900.hsaco

amdgpu_find_device || tap_bail "no emulated AMD GPU on the PCI bus (run without --no-device?)"
[ "$AMDGPU_CHIP" = vega10 ] || tap_bail "the GPU is a $AMDGPU_CHIP, this plan expects a vega10"
amdgpu_load
amdgpu_check_bound
# Hold the DRM device open for the whole plan. Every ROCr process opens
# and closes its render node; the last close of the device restores the
# fbdev console with an atomic commit that waits for a vblank of amdgpu's
# virtual display, an hrtimer in the guest. With ten processes closing at
# once on a busy host the starved vCPUs ran it late and the commit warned
# ("vblank wait timed out"), which says nothing about the device and is
# not what this plan tests; with a holder no close is the last one.
drm_node=$(ls /dev/dri/renderD* 2>/dev/null | head -n 1)
[ -n "$drm_node" ] && exec 9<"$drm_node"

tap_dmesg_like 'kfd kfd: amdgpu: added device 1002:687f' "amdkfd added the GPU"
tap_check "/dev/kfd is a character device" test -c /dev/kfd
# KFD's runlist (kfd/rls) for this plan's diagnostics.
[ -d /sys/kernel/debug/kfd ] || mount -t debugfs none /sys/kernel/debug 2>/dev/null

# ---- The HSA runtime ----

tap_check "the kernels' code object is installed ($HSA_CODE_OBJECT)" test -s "$HSA_CODE_OBJECT"
t0=$(tap_now)
tap_run aemu-hsa-compute --label "vega10 hsa" --timeout "$HSA_TIMEOUT" \
    --code-object "$HSA_CODE_OBJECT"
tap_diag "aemu-hsa-compute: $(awk -v a="$t0" -v b="$(tap_now)" 'BEGIN {printf "%.1f", b - a}') s"

# ---- Over-subscription: the hardware scheduler switches ----
# More compute queues than KFD's 24 HQDs in one process, then more
# processes than its 8 VMIDs: KFD chains the runlist to itself ("Runlist
# is getting oversubscribed") and leaves the switching to the scheduler.
t0=$(tap_now)
tap_run aemu-hsa-compute --label "vega10 over-subscribed" --timeout "$OVERSUB_TIMEOUT" \
    --code-object "$HSA_CODE_OBJECT" --tests many-queues,many-processes
tap_diag "over-subscription: $(awk -v a="$t0" -v b="$(tap_now)" 'BEGIN {printf "%.1f", b - a}') s"
tap_dmesg_like 'Runlist is getting oversubscribed' "KFD over-subscribed the scheduler"

# ---- Eviction by memory pressure ----
# A DRM client fills VRAM: TTM evicts a KFD buffer, KFD evicts and
# restores the process's queues around the move.
tap_run aemu-hsa-compute --label "vega10 vram pressure" --timeout "$HSA_TIMEOUT" \
    --code-object "$HSA_CODE_OBJECT" --tests vram-pressure

# ---- The thunk: a PM4 user queue ----

t0=$(tap_now)
tap_run aemu-kfd-queue --label "vega10 kfd" --timeout "$HSA_TIMEOUT"
tap_diag "aemu-kfd-queue: $(awk -v a="$t0" -v b="$(tap_now)" 'BEGIN {printf "%.1f", b - a}') s"

# ---- HIP ----

t0=$(tap_now)
tap_run aemu-hip-compute --label "vega10 hip" --timeout "$HIP_TIMEOUT"
tap_diag "aemu-hip-compute: $(awk -v a="$t0" -v b="$(tap_now)" 'BEGIN {printf "%.1f", b - a}') s"

# ---- The kernel log ----

# KFD's own failure messages, as kfd-vega10 checks them (kfd_device.c,
# kfd_kernel_queue.c, kfd_device_queue_manager.c).
KFD_ERRORS=$AMDGPU_KFD_ERRORS
tap_dmesg_unlike "$KFD_ERRORS" "no KFD error in the kernel log"
# The optional IP discovery binary is the one expected "failed to load".
errs=$(tap_dmesg | grep -E -e "$KFD_ERRORS|amdgpu.*(error|failed)|BUG|WARNING|Call Trace" |
       grep -v 'vega10_ip_discovery.bin' | head -n 5)
if [ -z "$errs" ]; then
    tap_ok "no errors in the kernel log after the programs"
else
    tap_not_ok "no errors in the kernel log after the programs"
    tap_diag "$errs"
fi
# What KFD said about queues, runlists and events, for the record.
tap_diag "$(tap_dmesg | grep -iE 'kfd|amdgpu.*(queue|runlist|fault|hang|timeout)' | tail -n 20)"
if [ -r /sys/kernel/debug/kfd/rls ]; then
    tap_diag "kfd/rls after the programs: $(head -c 2000 /sys/kernel/debug/kfd/rls)"
fi
tap_done
