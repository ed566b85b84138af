#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# Suspend and resume under amdgpu (issue 12, item 4; docs/lifecycle.md) on
# the emulated Hawaii (or SUSPEND_CHIP, set by suspend-vega10.sh), the
# module parameters of /tests/lib/amdgpu.sh, in one boot:
#   - SUSPEND_S3_CYCLES real S3 cycles ("deep"), each woken by the RTC
#     alarm: QEMU suspends the machine and, on the wake-up, resets every
#     device (RESET_TYPE_WAKEUP), so amdgpu resumes a device that came out
#     of a reset it did not ask for;
#   - with SUSPEND_QMP_WAKE=1 (the default) one more S3 cycle woken by QMP's
#     system_wakeup, which the host's agent sends once QEMU is suspended;
#   - with SUSPEND_VRAM_LOST=1 (the default) one more S3 cycle in which
#     the device loses all of VRAM at the wake-up (inject-vram-lost, armed
#     over QMP), as a real board does: the drivers must not need it;
#   - one pm_test cycle per level of SUSPEND_PM_TESTS: the kernel runs the
#     suspend up to that level (with amdgpu's noirq ASIC reset from
#     "platform" on), waits 5 s and resumes without the machine sleeping.
# Every cycle:
#   - aemu-vram-keep: a 16 MiB VRAM buffer written by SDMA before the
#     suspend is byte-exact after it, through its CPU mapping and copied
#     out by SDMA and the gfx ring (the driver evicted it and restores it);
#   - the machine slept in S3 (or stopped at the pm_test level);
#   - after the resume: the IB tests pass on every ring (debugfs
#     amdgpu_test_ib), every ring signalled its last emitted fence, the same
#     rings exist as after the load;
#   - no WARNING, BUG, Oops, driver error, ring or IB test failure in the
#     cycle's kernel log;
# and at the end, that every fence came by interrupt: a "Fence fallback
# timer expired" must be followed by its ring's interrupt (lib/fences.sh).
# Prints each cycle's resume time (the kernel's "resume of devices
# complete after N msecs").
# Run: scripts/run-guest.sh --plan suspend
#      scripts/run-guest.sh --plan suspend-vega10 -- -global amdgpu-emu.asic=vega10
# aemu-timeout: 900
# After QEMU's wake-up reset the ICH9 PM timer's I/O ports stay unmapped
# (the PMBASE register is reset and SeaBIOS's resume path does not set it
# again), so the acpi_pm clocksource, which the guest picks under TCG after
# it found the TSC unstable, stops and every sleep in the resume hangs. The
# TSC keeps counting: tsc=reliable keeps it as the clocksource.
# no_console_suspend: the console goes on printing through the suspend, so
# a machine that hangs in its last steps or first steps after the wake-up
# shows where.
# aemu-append: tsc=reliable no_console_suspend
. /tests/lib/tap.sh
. /tests/lib/amdgpu.sh
. /tests/lib/amdgpu-rings.sh
. /tests/lib/suspend.sh
. /tests/lib/host.sh
. /tests/lib/fences.sh

SUSPEND_CHIP=${SUSPEND_CHIP:-hawaii}
SUSPEND_S3_CYCLES=${SUSPEND_S3_CYCLES:-5}
SUSPEND_QMP_WAKE=${SUSPEND_QMP_WAKE:-1}
# One more S3 cycle (woken by the RTC) in which VRAM is lost at the wake-up,
# as a real board's is: the host arms the device's inject-vram-lost, which
# fills all of VRAM at the next reset (docs/fault-injection.md).
SUSPEND_VRAM_LOST=${SUSPEND_VRAM_LOST:-1}
# Five pm_test cycles, the deepest level twice.
SUSPEND_PM_TESTS=${SUSPEND_PM_TESTS:-"devices platform processors core core"}
SUSPEND_SIZE=16M

amdgpu_find_device || tap_bail "no emulated AMD GPU on the PCI bus (run without --no-device?)"
[ "$AMDGPU_CHIP" = "$SUSPEND_CHIP" ] ||
    tap_bail "the GPU is a $AMDGPU_CHIP, this plan expects a $SUSPEND_CHIP"

# What no cycle's kernel log may hold. The optional IP discovery binary is
# the one firmware file Vega10 asks for and may miss (probe.sh).
SUSPEND_BAD='\*ERROR\*|BUG:|Oops|WARNING:|general protection fault|INFO: task .* blocked|Call Trace|ring .* test failed|IB test failed|ib ring test failed|ring .* timeout|timed out|GPU fault detected|VM fault|Fatal error|failed to (suspend|resume)|PM: .*returns -|nobody cared|Direct firmware load for amdgpu/(hawaii|vega10)_[a-z0-9]*\.bin failed'
SUSPEND_BAD_EXCEPT='vega10_ip_discovery\.bin'

suspend_setup

suspend_mark "load"
amdgpu_load
fence_trace_start
amdgpu_check_bound
amdgpu_find_dri || tap_bail "no amdgpu debugfs directory after the load"
amdgpu_ring_names >/tmp/rings.first
tap_diag "rings: $(tr '\n' ' ' </tmp/rings.first)"
[ -s /tmp/rings.first ] || tap_bail "amdgpu_fence_info lists no ring"
bad=$(suspend_since "load" | grep -E -e "$SUSPEND_BAD" | grep -v -E -e "$SUSPEND_BAD_EXCEPT" | head -n 5)
if [ -z "$bad" ]; then
    tap_ok "load: the kernel log is clean"
else
    tap_not_ok "load: the kernel log is clean"
    tap_diag "$bad"
fi

# cycle NAME KIND SEED COMMAND...: one suspend and resume with its checks
# (NAME is also a regular expression: suspend_since matches its mark).
TIMES=""
cycle() {
    _c=$1 _kind=$2 _seed=$3
    shift 3
    suspend_mark "$_c"
    tap_run aemu-vram-keep --size "$SUSPEND_SIZE" --seed "$_seed" -- "$@"
    suspend_check_entered "$_c" "$_kind"
    _ms=$(suspend_resume_ms "$_c" amdgpu)
    tap_diag "$_c: resume took $_ms"
    TIMES="$TIMES
$_c: $_ms"

    # amdgpu_device_resume queued the delayed IB tests (2 s on): the
    # debugfs IB test must not run alongside them (see reload.sh).
    suspend_settle "$_c" "$AMDGPU_SETTLE"
    amdgpu_rings_check "$_c" /tmp/rings.first

    _bad=$(suspend_since "$_c" | grep -E -e "$SUSPEND_BAD" | grep -v -E -e "$SUSPEND_BAD_EXCEPT" | head -n 5)
    if [ -z "$_bad" ]; then
        tap_ok "$_c: no warning, oops, driver error or ring/IB failure in the cycle's kernel log"
    else
        tap_not_ok "$_c: no warning, oops, driver error or ring/IB failure in the cycle's kernel log"
        tap_diag "$_bad"
    fi
}

suspend_all_cycles cycle

# The driver still moves data after all the cycles.
tap_summary "after every cycle: aemu-gpu-data's data checks" \
    aemu-gpu-data --classes "333@3,1M+13@5" --src vram,gtt --dst vram,gtt matrix

# Fence fallbacks, judged with the interrupts traced through all cycles.
fence_fallback_check "every fence in every cycle came by interrupt"

tap_diag "resume times (the driver's resume callbacks; the machine's, wake-up to suspend exit):$S3_TIMES$TIMES"
tap_done
