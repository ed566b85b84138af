#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# The unload and reload plan (reload.sh) on the emulated Vega10
# (1002:687f), with Vega10's module parameters: every reload finds the PSP's
# sOS running and resets the GPU with MODE1 through the PSP first.
# Run: scripts/run-guest.sh --plan reload-vega10 -- -global amdgpu-emu.asic=vega10
# aemu-device-log: on
# aemu-timeout: 600
RELOAD_CHIP=vega10
. /tests/plans/reload.sh
