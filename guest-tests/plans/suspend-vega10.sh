#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# The suspend and resume plan (suspend.sh) on the emulated Vega10
# (1002:687f), with Vega10's module parameters (firmware through the PSP).
# Run: scripts/run-guest.sh --plan suspend-vega10 -- -global amdgpu-emu.asic=vega10
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
SUSPEND_CHIP=vega10
. /tests/plans/suspend.sh
