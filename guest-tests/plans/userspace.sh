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
# and checks the kernel log for job timeouts and driver errors.
# Run: scripts/run-guest.sh --plan userspace  (about a minute of guest time)
. /tests/lib/tap.sh
. /tests/lib/amdgpu.sh

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
        tee /tmp/run_tap.out
    _ok=$(grep -c '^ok ' /tmp/run_tap.out)
    _fail=$(grep -c '^not ok ' /tmp/run_tap.out)
    TAP_N=$((TAP_N + _ok + _fail))
    TAP_FAILED=$((TAP_FAILED + _fail))
    _status=$(cat /tmp/run_tap.status)
    if [ "$_status" != 0 ] && [ "$_fail" = 0 ]; then
        tap_not_ok "$_prog $* exited with status $_status"
    fi
}

amdgpu_find_device || tap_bail "no 1002:67b0 PCI device (run without --no-device?)"
if [ "$AMDGPU_CHIP" != "${USERSPACE_CHIP:-hawaii}" ]; then
    tap_bail "the device is $AMDGPU_CHIP, this plan wants ${USERSPACE_CHIP:-hawaii}"
fi
amdgpu_load
amdgpu_check_bound
[ -c /dev/dri/renderD128 ] || tap_bail "no /dev/dri/renderD128"

t0=$(tap_now)
run_tap aemu-gpu-data --classes "$CLASSES" matrix
t1=$(tap_now)
run_tap aemu-gpu-data --procs "$PROCS" --rounds "$PROC_ROUNDS" procs
t2=$(tap_now)
run_tap aemu-gpu-data --procs "$FAULT_WORKERS" fault
t3=$(tap_now)
# Last, so that a dispatch that hangs its ring cannot stall the data checks.
run_tap aemu-gpu-dispatch
t4=$(tap_now)
tap_diag "$(awk -v a="$t0" -v b="$t1" -v c="$t2" -v d="$t3" -v e="$t4" \
    'BEGIN {printf "matrix %.1f s, procs %.1f s, fault %.1f s, dispatch %.1f s",
            b - a, c - b, d - c, e - d}')"

# The VM faults above are expected; nothing else may go wrong.
tap_dmesg_unlike 'ring .* timeout|Fence fallback timer expired|IB test failed' \
    "no job timed out and every fence came by interrupt"
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
