#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# Userspace work on the emulated Hawaii (or USERSPACE_CHIP, set by
# userspace-vega10.sh) through libdrm_amdgpu, with the data checked byte by
# byte (issue 4), in one boot: loads amdgpu (the parameters
# of /tests/lib/amdgpu.sh), then runs aemu-gpu-data
#   matrix  fill / write / copy on SDMA, the gfx ring and a compute ring
#           between VRAM, GTT and userptr buffers, 4 bytes to 256 MiB at
#           unaligned offsets, guard bytes checked (one test per engine x
#           source x destination x size class; VRAM pairs that do not fit
#           the default 256 MiB of VRAM are skipped);
#   procs   PROCS processes with two contexts each, submitting at once;
#   fault   one process writes to an unmapped GPU address on each engine
#           while others work: the driver logs the fault with its address,
#           vmid and pasid, reports it to that process only, and the others
#           finish with correct data;
# then aemu-gpu-dispatch: compute shaders (the chip's own hand-assembled
# gfx7 or gfx9 kernels: fills, a copy, LDS reductions with barriers, a
# partial wave, FLAT) dispatched with DISPATCH_DIRECT on the gfx ring and a
# compute ring, every byte of their results checked;
# on Hawaii, vblanks at its monitor's mode's refresh (aemu-drm-vblank);
# and checks the kernel log for job timeouts and driver errors.
# Run: scripts/run-guest.sh --plan userspace  (about a minute of guest time)
. /tests/lib/tap.sh
. /tests/lib/amdgpu.sh
. /tests/lib/display.sh
. /tests/lib/fences.sh

# Size classes SIZE@OFFSET of the matrix (aemu-gpu-data --classes).
CLASSES="4@1,4@4,333@3,4100@8,4101@2,1M+13@5,1M@4096,16M+3@1,64M@4,256M@1"
PROCS=4
PROC_ROUNDS=200
FAULT_WORKERS=3

# run_tap PROGRAM ARGS...: run a program that prints TAP lines numbered from
# --first, live, and continue this plan's numbering after them.
run_tap() {
    _prog=$1
    shift
    { "$_prog" --first $((TAP_N + 1)) "$@" 2>&1; echo $? >/tmp/run_tap.status; } |
        awk -v re="${USERSPACE_TODO_RE:-}" -v why="${USERSPACE_TODO_WHY:-}" '
            re != "" && /^not ok / && $0 ~ re {$0 = $0 " # TODO " why}
            {print; fflush()}' |
        tee /tmp/run_tap.out
    _ok=$(grep -c '^ok ' /tmp/run_tap.out)
    _fail=$(grep '^not ok ' /tmp/run_tap.out | grep -vc ' # TODO ')
    _todo=$(grep -c '^not ok .* # TODO ' /tmp/run_tap.out)
    _ok=$((_ok + _todo))
    TAP_N=$((TAP_N + _ok + _fail))
    TAP_FAILED=$((TAP_FAILED + _fail))
    _status=$(cat /tmp/run_tap.status)
    # A program that failed only expected failures exits non-zero too.
    if [ "$_status" != 0 ] && [ "$_fail" = 0 ] && [ "$_todo" = 0 ]; then
        tap_not_ok "$_prog $* exited with status $_status"
    fi
}

amdgpu_find_device || tap_bail "no 1002:67b0 PCI device (run without --no-device?)"
if [ "$AMDGPU_CHIP" != "${USERSPACE_CHIP:-hawaii}" ]; then
    tap_bail "the device is $AMDGPU_CHIP, this plan wants ${USERSPACE_CHIP:-hawaii}"
fi

# Expected failures on this chip (TAP's "# TODO"): failed tests whose
# description matches the ERE USERSPACE_TODO_RE, for USERSPACE_TODO_WHY.
# Topaz: amdgpu's gmc_v7_0 writes the VMID-to-PASID map at OSS 2.0's
# IH_VMID_0_LUT (0xF50, gmc_v7_0_emit_pasid_mapping), which Topaz's OSS 2.4
# IH does not have (its LUT is at 0xE00): the fault IVs carry PASID 0, so
# the driver attributes no fault to the process that made it.
if [ "$AMDGPU_CHIP" = topaz ]; then
    USERSPACE_TODO_RE='fault [a-z]+: (AMDGPU_INFO_GPUVM_FAULT of the faulting process|the kernel logs the fault)'
    USERSPACE_TODO_WHY='amdgpu maps VMIDs to PASIDs at OSS 2.0 offsets on OSS 2.4 Topaz: the IVs carry PASID 0'
fi
amdgpu_load
amdgpu_check_bound
[ -c /dev/dri/renderD128 ] || tap_bail "no /dev/dri/renderD128"
fence_trace_start

# Hawaii's monitor: scripts/test.sh gives it a 100 Hz preferred mode
# (refresh_rate=100000), so vblanks at the mode's refresh show the pixel
# clock SetPixelClock programmed, not the raster's nominal 60 Hz.
if [ "$AMDGPU_CHIP" = hawaii ]; then
    display_vblank_check
fi

t0=$(tap_now)
run_tap aemu-gpu-data --classes "$CLASSES" matrix
t1=$(tap_now)
run_tap aemu-gpu-data --procs "$PROCS" --rounds "$PROC_ROUNDS" procs
t2=$(tap_now)
run_tap aemu-gpu-data --procs "$FAULT_WORKERS" fault
t3=$(tap_now)
# Last, so that a dispatch that hangs its ring cannot stall the data checks.
if [ "$AMDGPU_CHIP" = topaz ]; then
    tap_skip "aemu-gpu-dispatch" "its kernels are gfx7's and gfx9's; none is written for gfx8 (Topaz)"
else
    run_tap aemu-gpu-dispatch
fi
t4=$(tap_now)
tap_diag "$(awk -v a="$t0" -v b="$t1" -v c="$t2" -v d="$t3" -v e="$t4" \
    'BEGIN {printf "matrix %.1f s, procs %.1f s, fault %.1f s, dispatch %.1f s",
            b - a, c - b, d - c, e - d}')"

# The VM faults above are expected; nothing else may go wrong.
tap_dmesg_unlike 'ring .* timeout|IB test failed' "no job timed out"
fence_fallback_check "every fence came by interrupt"
tap_dmesg_unlike '\*ERROR\*|BUG:|Oops|WARNING:|general protection fault' \
    "no driver error, warning or oops in the kernel log"
# Exactly the faults of the fault test: one per engine.
# gmc_v7_0_process_interrupt's line, or gmc_v9_0_process_interrupt's.
FAULT_LINE='GPU fault detected|page fault \(src_id:'
nfaults=$(tap_dmesg | grep -cE "$FAULT_LINE")
if [ "$nfaults" = 3 ]; then
    tap_ok "the kernel logged 3 GPU faults (those of the fault test)"
else
    tap_not_ok "the kernel logged 3 GPU faults (those of the fault test), not $nfaults"
    tap_diag "$(tap_dmesg | grep -A3 -E "$FAULT_LINE" | head -n 24)"
fi

tap_done
