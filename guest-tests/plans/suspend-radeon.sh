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
. /tests/lib/radeon-suspend.sh

SUSPEND_S3_CYCLES=${SUSPEND_S3_CYCLES:-5}
SUSPEND_QMP_WAKE=${SUSPEND_QMP_WAKE:-1}
# One more S3 cycle (woken by the RTC) in which VRAM is lost at the wake-up,
# as a real board's is: the host arms the device's inject-vram-lost, which
# fills all of VRAM at the next reset (docs/fault-injection.md).
SUSPEND_VRAM_LOST=${SUSPEND_VRAM_LOST:-1}
SUSPEND_PM_TESTS=${SUSPEND_PM_TESTS:-"devices platform processors core core"}
RADEON_RINGS="0 1 2 3 4"
RADEON_KEEP="aemu-radeon-cs --keep-vram"

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

suspend_all_cycles radeon_cycle

# Every ring still runs command streams, fences by interrupt.
tap_summary "after every cycle: aemu-radeon-cs on every ring" \
    aemu-radeon-cs /dev/dri/card0

radeon_poll_warnings_todo

tap_diag "resume times (the driver's resume callbacks; the machine's, wake-up to suspend exit):$S3_TIMES$TIMES"
tap_done
