#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# GPU reset and recovery under amdgpu with the driver's default
# gpu_recovery (issue 12, item 1; docs/lifecycle.md). One boot, two loads
# of amdgpu:
#  1. The plans' parameters without gpu_recovery (so the driver's default,
#     -1: recovery on for this chip) and a 2 s job timeout on every engine:
#     - debugfs recoveries (amdgpu_gpu_recover), RECOVERIES times;
#     - hangs from user IBs on the gfx ring, a compute ring and sdma0
#       (aemu-gpu-hang): a wait that is never satisfied, a privileged
#       register written, an unknown packet. Each must be ended by the
#       driver (its job timeout, or the engine's fault interrupt) and
#       recovered: the hung job ends with an error, its context is guilty
#       and refuses work, an innocent context sees the reset, VRAM filled
#       before is byte-exact, a new context's writes on every engine land.
#     After each reset: every ring's last emitted fence signalled
#     (amdgpu_fence_info), the IB tests pass (amdgpu_test_ib), and a data
#     check on every engine (aemu-gpu-data).
#  2. Reloaded with libdrm's Deadlock suite's own settings
#     (lockup_timeout=50, vm_fault_stop=2): every test of the suite that
#     amdgpu_test has on this chip, forced (-f), the forced "GPU reset
#     Test", and VM faults that stop each engine (aemu-gpu-hang vm-fault).
#     With vm_fault_stop=2 the kernel's gmc_v7_0/gmc_v8_0 put an interrupt
#     reference they never took at every reset (a WARNING in
#     amdgpu_irq_put from gmc_v*_0_hw_fini): counted as an expected failure
#     (TODO), and any other WARNING fails.
# Run: scripts/run-guest.sh --plan recovery [-- -global amdgpu-emu.asic=vega10]
# aemu-device-log: on
# aemu-timeout: 600
. /tests/lib/tap.sh
. /tests/lib/amdgpu.sh

LOCKUP_MS=2000
# libdrm's deadlock tests ask for 50 ms. On Vega10 the suite's dispatch
# tests allocate 64 MiB buffers whose clears (SDMA) and CPU copies take
# longer than that under TCG: legitimate jobs would time out and reset.
DEADLOCK_LOCKUP_MS_HAWAII=50
DEADLOCK_LOCKUP_MS_VEGA10=1000
RECOVERIES=5
# Seconds to wait for a reset to be reported.
RESET_WAIT_S=60
# Seconds one amdgpu_test run may take.
TEST_TIMEOUT=120
HANGS="gfx:wait gfx:priv-reg gfx:bad-op compute:wait compute:priv-reg
 compute:bad-op sdma:wait sdma:priv-reg sdma:bad-op"
VM_FAULT_HANGS="gfx:vm-fault compute:vm-fault sdma:vm-fault"
# One small check per engine after each reset.
SMALL_CHECK="--ops fill,copy --src gtt --dst vram,gtt --classes 4100@8"

RESETS=0
FULL_RESETS=0

# amdgpu's debugfs directory.
dri_dir() {
    for _d in /sys/kernel/debug/dri/*; do
        [ -r "$_d/amdgpu_fence_info" ] && echo "$_d" && return 0
    done
    return 1
}

# Rings whose last emitted fence has not signalled ("name emitted
# signalled" lines), from amdgpu_fence_info.
unsignalled_rings() {
    # The gfx ring's block has a second pair, the trailing fence's.
    awk '/^--- ring/ { name = $4; gsub(/[()]/, "", name) }
         /^Last signaled fence/ { sig = $4; want = 1 }
         /^Last emitted/ && want { if ($3 != sig) print name, $3, sig; want = 0 }' \
        "$DRI/amdgpu_fence_info"
}

# last_recovery: how amdgpu answered the newest job timeout
# (amdgpu_job_timedout): "soft" (the ring's waves killed and its fence
# signalled), "ring" (gfx9 resets a compute queue alone) or "full" (a GPU
# reset, "GPU reset begin!" after the timeout line).
last_recovery() {
    tap_dmesg | grep -E "amdgpu: ring [a-z0-9_.]+ timeout|GPU reset begin!" |
        tail -n 1 | awk '/soft recovered/ { print "soft"; next }
                         /GPU reset begin/ { print "full"; next }
                         { print "ring" }'
}

# after_reset DESC [KIND]: the state amdgpu must be in after the
# recovery that made its reset counter RESETS (a full reset, KIND "full",
# the default, logs "GPU reset(RESETS) succeeded"; a soft recovery or a
# ring reset counts too but logs no such line): fences signalled, IB
# tests pass (aemu-gpu-hang checks new work on every engine itself; a
# debugfs recovery adds a data check).
after_reset() {
    case "${2:-full}" in
    full)
        FULL_RESETS=$((FULL_RESETS + 1))
        if tap_wait_dmesg "GPU reset\\($RESETS\\) succeeded" "$RESET_WAIT_S"; then
            tap_ok "$1: GPU reset($RESETS) succeeded"
        else
            tap_not_ok "$1: GPU reset($RESETS) succeeded"
            tap_diag "$(tap_dmesg | grep -E 'amdgpu|drm' | tail -n 15)"
        fi
        ;;
    soft) tap_ok "$1: amdgpu's soft recovery killed the ring's waves, no GPU reset" ;;
    *) tap_ok "$1: amdgpu reset the ring alone, no GPU reset" ;;
    esac
    # The scheduler's threads restart after the reset: let them catch up.
    _n=0
    while [ -n "$(unsignalled_rings)" ] && [ "$_n" -lt 50 ]; do
        sleep 0.2
        _n=$((_n + 1))
    done
    _left=$(unsignalled_rings)
    if [ -z "$_left" ]; then
        tap_ok "$1: every ring's last fence signalled"
    else
        tap_not_ok "$1: every ring's last fence signalled"
        tap_diag "ring emitted signalled: $_left"
    fi
    _ib=$(cat "$DRI/amdgpu_test_ib" 2>&1)
    case "$_ib" in
    *"ib ring tests passed"*) tap_ok "$1: IB tests on every ring pass" ;;
    *) tap_not_ok "$1: IB tests on every ring pass"; tap_diag "$_ib" ;;
    esac
}

# coredump DESC: the devcoredump amdgpu wrote at a job's timeout names
# the ring the kernel log says timed out; then free it (each dump holds a
# reference on the module until it is read and freed, or for 5 minutes).
coredump() {
    _ring=$(tap_dmesg | sed -n 's/.*amdgpu: ring \([a-z0-9_.]*\) timeout.*/\1/p' | tail -n 1)
    _cd=""
    for _c in /sys/class/devcoredump/devcd*; do
        [ -e "$_c/data" ] && _cd=$_c
    done
    if [ -n "$_cd" ] && grep -q "^IP Type: [0-9]* Ring Name: $_ring\$" "$_cd/data"; then
        tap_ok "$1: amdgpu's devcoredump names the timed-out ring ($_ring)"
    else
        tap_not_ok "$1: amdgpu's devcoredump names the timed-out ring ($_ring)"
        [ -n "$_cd" ] && tap_diag "$(grep -A 1 'Ring timed out' "$_cd/data")"
    fi
    for _c in /sys/class/devcoredump/devcd*; do
        [ -e "$_c/data" ] && echo 1 >"$_c/data"
    done
}

# hang ENGINE:KIND: one induced hang, recovered.
hang() {
    _eng=${1%%:*}
    _kind=${1#*:}
    RESETS=$((RESETS + 1))
    tap_run aemu-gpu-hang "$_eng" "$_kind"
    _rec=$(last_recovery)
    after_reset "$_eng $_kind" "$_rec"
    # A soft recovery returns before the devcoredump's timeout path.
    [ "$_rec" = soft ] || coredump "$_eng $_kind"
}

# vram_lost_rule: amdgpu_device_check_vram_lost declares VRAM lost after
# every BACO or MODE1 reset whatever the GPU kept (Vega10's), and after
# another kind (Hawaii's PCI config reset) only if its magic in the GART
# table changed: the model keeps VRAM, so only the former may say so.
vram_lost_rule() {
    # MODE1/BACO resets inside a recovery (not the one a load may do).
    _lossy=$(tap_dmesg | awk '/GPU reset begin!/ { r = 1 }
        /GPU reset\([0-9]+\) (succeeded|failed)/ { r = 0 }
        r && /amdgpu: (MODE1|BACO) reset$/ { n++ } END { print n + 0 }')
    _lost=$(tap_dmesg | grep -c "VRAM is lost due to GPU reset")
    tap_check "VRAM lost only at the resets amdgpu counts as losing it ($_lost lost, $_lossy MODE1/BACO resets)" \
        test "$_lost" = "$_lossy"
}

# reset_count: resets the kernel log reports so far.
reset_count() {
    tap_dmesg | grep -c -E "GPU reset\\([0-9]+\\) succeeded"
}

# What the device reports of the hangs this plan provokes (QEMU's log,
# scripts/lib/device-log-check.py): each must be reported, nothing else.
tap_diag "device-log: allow CP (gfx|comp_[0-9.]+): WRITE_DATA .* writes privileged register 0x54f from a user IB"
tap_diag "device-log: allow CP (gfx|comp_[0-9.]+): unknown opcode 0xff "
tap_diag "device-log: allow sdma[01]: SRBM_WRITE of register 0x54f from VMID"
tap_diag "device-log: allow sdma[01]: unknown opcode 61 sub-op 205 \(header 0x23decd3d\)"
tap_diag "device-log: allow VM fault( \\([a-z]+hub\\))?: vmid [0-9]+ write 0x(7fff00000000|deadbee0) "
tap_diag "device-log: allow CP (gfx|comp_[0-9.]+): WRITE_DATA .* write of 4 bytes at 0x(7fff00000000|deadbee0) .* faulted; queue stopped"
tap_diag "device-log: allow sdma[01]: WRITE_LINEAR: memory access at 0x7fff00000000 failed"
# libdrm's slow SDMA copy IB is longer than the 20 bits of dwords the
# SDMA's IB size holds: its end cuts a packet, if the job gets that far
# before its 50 ms timeout.
tap_diag "device-log: may sdma[01]: COPY_LINEAR of 7 dwords runs past the end of the IB"
# libdrm's bad dispatch shaders (gfx9): 0xffffffff words, and a "slow"
# shader its loader assembles at byte offsets (void * arithmetic), so it
# is no valid code either.
tap_diag "device-log: may shader of (gfx|comp_[0-9.]+) halted at pc 0x[0-9a-f]+: illegal "

amdgpu_find_device || tap_bail "no emulated AMD GPU on the PCI bus (run without --no-device?)"
[ -d /sys/kernel/debug/dri ] || mount -t debugfs none /sys/kernel/debug 2>/dev/null
# The driver's default gpu_recovery, a short job timeout on every engine
# (gfx, compute, sdma, video).
BASE_PARAMS=$(echo $AMDGPU_PARAMS | sed -e "s/gpu_recovery=[-0-9]*//" \
    -e "s/lockup_timeout=[0-9,]*//")
AMDGPU_PARAMS="$BASE_PARAMS lockup_timeout=$LOCKUP_MS,$LOCKUP_MS,$LOCKUP_MS,$LOCKUP_MS"
amdgpu_load
amdgpu_check_bound
DRI=$(dri_dir) || tap_bail "no amdgpu debugfs directory"
tap_check "gpu_recovery is the driver's default (-1: on for $AMDGPU_CHIP)" \
    grep -qx -- -1 /sys/module/amdgpu/parameters/gpu_recovery

# ---- 1. debugfs recoveries ----
for i in $(seq 1 "$RECOVERIES"); do
    RESETS=$((RESETS + 1))
    cat "$DRI/amdgpu_gpu_recover" >/dev/null 2>&1
    after_reset "debugfs recovery $i/$RECOVERIES"
    tap_run aemu-gpu-data $SMALL_CHECK matrix
done

# ---- 2. hangs from user IBs ----
for h in $HANGS; do
    hang "$h"
done
tap_check "one full GPU reset per recovery and per hang that needed one ($FULL_RESETS of $RESETS)" \
    test "$(reset_count)" = "$FULL_RESETS"
tap_dmesg_unlike "BUG:|Oops|WARNING:" \
    "no kernel BUG, Oops or WARNING (gpu_recovery default)"
vram_lost_rule

# ---- 3. libdrm's Deadlock suite and GPU reset test, with their settings ----
# The reload starts the kernel's reset count again: so does the log.
tap_check "rmmod amdgpu (every devcoredump freed)" rmmod amdgpu
dmesg -c >/dev/null
RESETS=0
if [ "$AMDGPU_CHIP" = vega10 ]; then
    DEADLOCK_LOCKUP_MS=$DEADLOCK_LOCKUP_MS_VEGA10
else
    DEADLOCK_LOCKUP_MS=$DEADLOCK_LOCKUP_MS_HAWAII
fi
AMDGPU_PARAMS="$BASE_PARAMS lockup_timeout=$DEADLOCK_LOCKUP_MS,$DEADLOCK_LOCKUP_MS,$DEADLOCK_LOCKUP_MS,$DEADLOCK_LOCKUP_MS vm_fault_stop=2"
amdgpu_load
amdgpu_check_bound
DRI=$(dri_dir) || tap_bail "no amdgpu debugfs directory after the reload"

amdgpu_test -l >/tmp/libdrm-list 2>&1 || tap_bail "amdgpu_test -l failed"
# "suite_id test_id name" of the suite's tests ("Suite: %2d: ..." and
# " Test: %2d: %8s: %s" in amdgpu_test.c).
suite_tests() {
    awk -v want="$1" '
        /^Suite: / { sid = $2 + 0; s = $0; sub(/^Suite: *[0-9]+: *[A-Z]+: /, "", s) }
        /^ Test: / && s == want { t = $0; sub(/^ Test: *[0-9]+: *[A-Z]+: /, "", t)
                                  print sid, $2 + 0, t }' /tmp/libdrm-list
}

# run_cunit DESC SUITE_ID TEST_ID: amdgpu_test -f on one test; ok when
# CUnit ran its checks with none failed; skip when it made no check but
# its "SKIP" (libdrm has no shaders for this chip's gfx version). A test
# that skips a part after its own checks (the GPU reset test's dispatches)
# is judged by those checks, the skipped part noted.
run_cunit() {
    _desc=$1
    _r0=$(reset_count)
    _s0=$(soft_count)
    timeout "$TEST_TIMEOUT" amdgpu_test -f -s "$2" -t "$3" >/tmp/cunit.out 2>&1
    _st=$?
    _row=$(awk '$1 == "asserts" && NF >= 6 { print $3, $5 }' /tmp/cunit.out)
    _ran=${_row%% *}
    _bad=${_row#* }
    _skip=$(grep -o -E 'SKIP.*' /tmp/cunit.out | head -n 1)
    if [ -n "$_skip" ] && [ "${_ran:-0}" -le 1 ] && [ "$_bad" = 0 ]; then
        tap_skip "$_desc" "amdgpu_test: $_skip"
    elif [ "$_st" = 0 ] && [ -n "$_row" ] && [ "$_bad" = 0 ] && [ "$_ran" -gt 0 ]; then
        tap_ok "$_desc ($_ran asserts, $(( $(reset_count) - _r0 )) resets)"
        [ -z "$_skip" ] || tap_diag "part of it skipped: $_skip"
    elif [ "$(soft_count)" -gt "$_s0" ] &&
         ! grep -E '^ +[0-9]+\. .* - ' /tmp/cunit.out | grep -q -v "CU_ASSERT_EQUAL(hang_state,AMDGPU_CTX_UNKNOWN_RESET)"; then
        # amdgpu_ring_soft_recovery counts the reset (gpu_reset_counter)
        # only after it sees the fence signalled; the process waiting on
        # that fence may run first and query its context: NO_RESET.
        tap_todo "$_desc ($(( _ran - _bad )) of $_ran asserts)" \
            "the context query raced amdgpu's soft recovery: the fence signalled before amdgpu_ring_soft_recovery counted the reset; docs/lifecycle.md"
    else
        tap_not_ok "$_desc (status $_st)"
        tap_diag "$(tail -n 15 /tmp/cunit.out)"
    fi
}

# soft_count: soft recoveries the kernel log reports so far.
soft_count() {
    tap_dmesg | grep -c "timeout, but soft recovered"
}

# Tests that need what the model does not have (docs/libdrm-tests.md).
NEEDS_GRAPHICS="gfx ring bad draw test|gfx ring slow bad draw test"
suite_tests "Deadlock Tests" >/tmp/deadlock-tests
[ -s /tmp/deadlock-tests ] || tap_not_ok "amdgpu_test has a Deadlock suite"
while read -r sid tid name; do
    if echo "$name" | grep -q -E "^($NEEDS_GRAPHICS) "; then
        tap_skip "Deadlock Tests: $name" "needs graphics: it draws with a hanging pixel shader; the model runs compute shaders only (no vertex/pixel stages, no rasterizer)"
        continue
    fi
    run_cunit "Deadlock Tests: $name (forced)" "$sid" "$tid" </dev/null
done </tmp/deadlock-tests
# The GPU reset test: a debugfs recovery, then the context's reset state.
suite_tests "Basic Tests" | grep " GPU reset Test" >/tmp/reset-test
read -r sid tid name </tmp/reset-test &&
    run_cunit "Basic Tests: $name (forced)" "$sid" "$tid" </dev/null
# The kernel's reset counter counts soft recoveries and ring resets too:
# the last full reset's number is where it stands.
RESETS=$(tap_dmesg | sed -n 's/.*GPU reset(\([0-9]*\)) succeeded.*/\1/p' | tail -n 1)
RESETS=${RESETS:-0}
RESETS=$((RESETS + $(tap_dmesg | awk '/GPU reset\([0-9]+\) succeeded/ { n = 0; next }
    /amdgpu: ring [a-z0-9_.]+ timeout/ { n++ } END { print n + 0 }')))

for h in $VM_FAULT_HANGS; do
    hang "$h"
done
tap_check "every GPU reset succeeded ($(reset_count) of them)" \
    test "$(tap_dmesg | grep -c -E 'GPU reset\([0-9]+\) (succeeded|failed)')" = "$(reset_count)"
tap_dmesg_unlike "BUG:|Oops" "no kernel BUG or Oops (vm_fault_stop=2)"
vram_lost_rule

# With vm_fault_stop=2, gmc_v7_0_late_init (gmc_v8_0 too) does not take
# its VM-fault interrupt reference, but gmc_v*_0_hw_fini puts it at every
# reset: amdgpu_irq_put's WARN_ON. The kernel's, not the device's.
tap_dmesg | awk '/WARNING:/ { w = $0; n++ } /gmc_v[78]_0_hw_fini/ && w != "" { k++; w = "" }
    END { print n + 0, k + 0 }' >/tmp/warns
read -r nwarn nkernel </tmp/warns
if [ "$nwarn" = 0 ]; then
    tap_ok "no WARNING with vm_fault_stop=2"
elif [ "$nwarn" = "$nkernel" ] && tap_dmesg | grep -q "amdgpu_irq.c:[0-9]* amdgpu_irq_put"; then
    tap_todo "no WARNING with vm_fault_stop=2 ($nwarn WARNINGs)" \
        "the kernel's gmc_v7_0/gmc_v8_0 put a VM-fault interrupt reference they never took with vm_fault_stop=2 (amdgpu_irq_put from gmc_v*_0_hw_fini at each reset); docs/lifecycle.md"
else
    tap_not_ok "every WARNING with vm_fault_stop=2 is the kernel's gmc_v*_0_hw_fini one ($nkernel of $nwarn)"
    tap_diag "$(tap_dmesg | grep -A 3 'WARNING:' | head -n 30)"
fi
tap_done
