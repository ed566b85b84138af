#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# Suspend and resume under the unmodified radeon driver on the emulated
# Hawaii (issue 12, item 4; docs/lifecycle.md), loaded as plan radeon loads
# it (no module parameters: DPM, MSI, write-back, the VM), in one boot:
#   - SUSPEND_S3_CYCLES real S3 cycles ("deep") woken by the RTC alarm,
#     and with SUSPEND_QMP_WAKE=1 (the default) one more woken by QMP's
#     system_wakeup: QEMU resets every device on the wake-up
#     (RESET_TYPE_WAKEUP); radeon_resume_kms re-posts the card with ATOM
#     ASIC_Init and restarts every ring and the SMC;
#   - with SUSPEND_VRAM_LOST=1 (the default) one more S3 cycle in which
#     the device loses all of VRAM at the wake-up (inject-vram-lost, armed
#     over QMP), as a real board does: the drivers must not need it;
#   - one pm_test cycle per level of SUSPEND_PM_TESTS (the machine does
#     not sleep; the device is not reset).
# Every cycle:
#   - aemu-radeon-cs --keep-vram: a 4 MiB VRAM buffer filled by DMA0 before
#     the suspend is byte-exact after it, read by the CPU and copied out by
#     DMA0 and the gfx ring;
#   - the machine slept in S3 (or stopped at the pm_test level);
#   - the resume's ring and IB tests succeeded on all five rings (gfx, the
#     two compute rings, both DMA rings) and DPM came back
#     (radeon_pm_late_init);
#   - no WARNING, BUG, Oops, driver error, lockup, ring or IB test failure
#     in the cycle's kernel log.
# After the cycles, aemu-radeon-cs runs its command streams on every ring.
# Prints each cycle's resume time (the kernel's "resume of devices complete
# after N msecs").
# Run: scripts/run-guest.sh --plan suspend-radeon
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
. /tests/lib/suspend.sh
. /tests/lib/host.sh

SUSPEND_S3_CYCLES=${SUSPEND_S3_CYCLES:-5}
SUSPEND_QMP_WAKE=${SUSPEND_QMP_WAKE:-1}
# One more S3 cycle (woken by the RTC) in which VRAM is lost at the wake-up,
# as a real board's is: the host arms the device's inject-vram-lost, which
# fills all of VRAM at the next reset (docs/fault-injection.md).
SUSPEND_VRAM_LOST=${SUSPEND_VRAM_LOST:-1}
SUSPEND_PM_TESTS=${SUSPEND_PM_TESTS:-"devices platform processors core core"}
RADEON_RINGS="0 1 2 3 4"

SUSPEND_BAD='\*ERROR\*|BUG:|Oops|WARNING:|general protection fault|INFO: task .* blocked|Call Trace|ring .* test failed|ring [0-9]+ stalled|(IB|ib) test .*failed|lockup|GPU softreset|GPU reset|(^|[^.])timeout|timed out|VM fault|GPU fault detected|failed to (suspend|resume)|PM: .*returns -|dpm resume failed|nobody cared'

DEV=""
for d in /sys/bus/pci/devices/*; do
    if [ "$(cat "$d/vendor")" = 0x1002 ] && [ "$(cat "$d/device")" = 0x67b0 ]; then
        DEV=${d##*/}
    fi
done
[ -n "$DEV" ] || tap_bail "no 1002:67b0 PCI device (run without --no-device?)"
# As plan radeon: the stock driver, nothing on the command line or in
# modprobe.d.
rm -f /etc/modprobe.d/amdgpu-emu.conf

suspend_setup

suspend_mark "load"
tap_check "modprobe radeon (no options)" modprobe radeon
tap_wait_dmesg 'Initialized radeon|probe with driver radeon failed' 60 || true
tap_check "radeon is bound to $DEV" test -e "/sys/bus/pci/drivers/radeon/$DEV"
sleep 2
bad=$(suspend_since "load" | grep -E -e "$SUSPEND_BAD" | head -n 5)
if [ -z "$bad" ]; then
    tap_ok "load: the kernel log is clean"
else
    tap_not_ok "load: the kernel log is clean"
    tap_diag "$bad"
fi

# radeon on a board without connectors (the model's Hawaii is headless,
# docs/radeon.md, as a FirePro S9150 is): radeon_modeset_init returns
# before drm_kms_helper_poll_init when the VBIOS lists no connector, and
# radeon_suspend_kms / radeon_resume_kms still call
# drm_kms_helper_poll_disable / _enable, which WARN that polling was never
# initialized. A kernel bug, counted apart as an expected failure; only a
# poll WARNING whose call trace runs through radeon_suspend_kms or
# radeon_resume_kms is taken out, any other fails the cycle.
POLL_WARNS=0
drop_poll_warnings() {
    awk '
        /WARNING: .*drm_kms_helper_poll_(disable|enable)/ {blk = $0 "\n"; inb = 1; next}
        inb {
            blk = blk $0 "\n"
            if ($0 ~ /---\[ end trace/) {
                if (blk ~ /radeon_(suspend|resume)_kms/) n++; else printf "%s", blk
                inb = 0
            }
            next
        }
        {print}
        END {if (inb) printf "%s", blk; print n + 0 >"/tmp/poll-warns"}'
}

TIMES=""
cycle() {
    _c=$1 _kind=$2 _seed=$3
    shift 3
    suspend_mark "$_c"
    tap_run aemu-radeon-cs --keep-vram "$_seed" "$@"
    suspend_check_entered "$_c" "$_kind"
    _ms=$(suspend_resume_ms "$_c" radeon)
    tap_diag "$_c: resume took $_ms"
    TIMES="$TIMES
$_c: $_ms"

    # radeon_resume_kms: cik_resume -> cik_startup runs every ring test,
    # then radeon_ib_ring_tests, then DPM's late init.
    _log=$(suspend_since "$_c")
    _missing=""
    for _r in $RADEON_RINGS; do
        echo "$_log" | grep -q "ring test on $_r succeeded" || _missing="$_missing ring$_r"
        echo "$_log" | grep -q "ib test on ring $_r succeeded" || _missing="$_missing ib$_r"
    done
    if [ -z "$_missing" ]; then
        tap_ok "$_c: ring and IB tests succeeded on rings $RADEON_RINGS after the resume"
    else
        tap_not_ok "$_c: ring and IB tests succeeded on rings $RADEON_RINGS after the resume (missing:$_missing)"
    fi
    _bad=$(echo "$_log" | drop_poll_warnings | grep -E -e "$SUSPEND_BAD" | head -n 5)
    POLL_WARNS=$((POLL_WARNS + $(cat /tmp/poll-warns)))
    if [ -z "$_bad" ]; then
        tap_ok "$_c: no warning (but the connector polling ones, counted apart), oops, driver error, lockup or ring/IB failure in the cycle's kernel log"
    else
        tap_not_ok "$_c: no warning (but the connector polling ones, counted apart), oops, driver error, lockup or ring/IB failure in the cycle's kernel log"
        tap_diag "$_bad"
    fi
}

S3_ALL=$SUSPEND_S3_CYCLES
[ "$SUSPEND_QMP_WAKE" = 1 ] && S3_ALL=$((S3_ALL + 1))
n=1
while [ "$n" -le "$S3_ALL" ]; do
    if [ "$n" -gt "$SUSPEND_S3_CYCLES" ]; then
        export SUSPEND_WAKE=qmp
        name="S3 $n, QMP wake"
    else
        export SUSPEND_WAKE=rtc
        name="S3 $n/$SUSPEND_S3_CYCLES"
    fi
    cycle "$name" s3 "$n" sh -c '. /tests/lib/suspend.sh && suspend_s3'
    n=$((n + 1))
done
if [ "$SUSPEND_VRAM_LOST" = 1 ]; then
    export SUSPEND_WAKE=rtc
    host_qom_set inject-vram-lost 1
    cycle "S3 $n, VRAM lost" s3 "$n" sh -c '. /tests/lib/suspend.sh && suspend_s3'
fi
S3_TIMES=$TIMES

TIMES=""
n=1
for level in $SUSPEND_PM_TESTS; do
    grep -qw "$level" /sys/power/pm_test ||
        { tap_not_ok "pm_test level $level is offered"; continue; }
    cycle "pm_test $n, $level" "$level" $((100 + n)) \
        sh -c ". /tests/lib/suspend.sh && suspend_pm_test $level"
    n=$((n + 1))
done

# Every ring still runs command streams, fences by interrupt.
aemu-radeon-cs /dev/dri/card0 >/tmp/radeon-cs.tap 2>&1
rc=$?
fails=$(grep -c '^not ok' /tmp/radeon-cs.tap)
passes=$(grep -c '^ok' /tmp/radeon-cs.tap)
if [ "$rc" -eq 0 ] && [ "$passes" -gt 0 ] && [ "$fails" -eq 0 ]; then
    tap_ok "after every cycle: aemu-radeon-cs: $passes checks passed on every ring"
else
    tap_not_ok "after every cycle: aemu-radeon-cs: $fails of $((passes + fails)) checks failed (exit $rc)"
    tap_diag "$(grep '^not ok' /tmp/radeon-cs.tap | head -n 5)"
fi

if [ "$POLL_WARNS" = 0 ]; then
    tap_ok "radeon suspends and resumes without the connector polling WARNINGs"
else
    tap_todo "radeon suspends and resumes without the connector polling WARNINGs" \
        "$POLL_WARNS WARNINGs: on a board without connectors radeon never initializes connector polling, and its suspend/resume disables/enables it anyway (Linux 6.12.95 kernel bug, docs/lifecycle.md)"
fi

tap_diag "resume times (the driver's resume callbacks; the machine's, wake-up to suspend exit):$S3_TIMES$TIMES"
tap_done
