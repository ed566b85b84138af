#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# The reset and recovery plan (recovery.sh) on the emulated Vega10
# (1002:687f): full resets are MODE1 through the PSP (amdgpu then declares
# VRAM lost), compute hangs end in a reset of the queue alone, shader hangs
# in a soft recovery, and libdrm's Deadlock suite runs its gfx9 dispatch
# tests too (docs/lifecycle.md).
# Run: scripts/run-guest.sh --plan recovery-vega10 -- -global amdgpu-emu.asic=vega10
# aemu-device-log: on
# aemu-timeout: 600
. /tests/plans/recovery.sh
