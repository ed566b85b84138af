#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# aemu-needs: opencl
# The opencl plan (opencl.sh) on the emulated Vega10 (1002:687f): clover
# and radeonsi on gfx9, LLVM's gfx9 code on the gfx9 interpreter.
# Run: scripts/run-guest.sh --plan opencl-vega10 -- -global amdgpu-emu.asic=vega10 -global amdgpu-emu.vram-size=1G
OPENCL_CHIP=vega10
. /tests/plans/opencl.sh
