#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# The probe plan (probe.sh) on the emulated Vega10 (1002:687f): the same
# checks with Vega10's expectations and parameters.
# Run: scripts/run-guest.sh --plan probe-vega10 --no-device -- -device amdgpu-emu,asic=vega10
PROBE_CHIP=vega10
. /tests/plans/probe.sh
