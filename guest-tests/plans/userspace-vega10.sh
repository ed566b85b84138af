#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# The userspace plan (userspace.sh) on the emulated Vega10 (1002:687f), with
# Vega10's module parameters: the same data checks through SDMA 4.0 and the
# gfx9 CP, and the compute dispatches with aemu-gpu-dispatch's gfx9
# kernels, on Vega10's 4-level GPU page tables (2 MiB PDE-as-PTE leaves).
# Run: scripts/run-guest.sh --plan userspace-vega10 -- \
#          -global amdgpu-emu.asic=vega10 -global amdgpu-emu.vram-size=1G
USERSPACE_CHIP=vega10
. /tests/plans/userspace.sh
