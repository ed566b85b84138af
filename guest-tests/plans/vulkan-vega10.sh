#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# aemu-needs: mesa
# The vulkan plan (vulkan.sh) on the emulated Vega10 (1002:687f): RADV on
# gfx9, its ACO and LLVM shaders on the gfx9 interpreter.
# Run: scripts/run-guest.sh --plan vulkan-vega10 -- -global amdgpu-emu.asic=vega10
VULKAN_CHIP=vega10
. /tests/plans/vulkan.sh
