#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# libdrm's amdgpu_test (libdrm.sh) on the emulated Vega10 (1002:687f), with
# Vega10's module parameters: gfx9 runs suites and tests CIK does not
# (Sync dependency, Dispatch, Draw); those that need shader execution are
# skipped with the reason until the model runs shaders.
# The driver loads the firmware directly here (fw_load_type=0), so the
# suite covers both load types: the probe and userspace plans go through
# the PSP.
# Run: scripts/run-guest.sh --plan libdrm-vega10 -- -global amdgpu-emu.asic=vega10
AMDGPU_FW_LOAD=direct
. /tests/plans/libdrm.sh
