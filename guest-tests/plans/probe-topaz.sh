#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# Topaz (1002:6900, VI / gfx8) in one boot: the probe plan (probe.sh: the
# driver binds, every ring and IB test passes with interrupt-driven fences,
# a clean kernel log), then libdrm's amdgpu_test (libdrm.sh), then the
# userspace data checks (userspace.sh; its fault test comes last because
# libdrm.sh wants a log without VM faults). The driver is loaded once, by
# the first, with the parameters of /tests/lib/amdgpu.sh for Topaz (none); the
# others find it bound (AMDGPU_KEEP_BOUND, amdgpu.sh), and the numbering
# runs on from one to the next (TAP_CHAIN, tap.sh).
# Run: scripts/run-guest.sh --plan probe-topaz --no-device -- \
#          -device amdgpu-emu,asic=topaz
PROBE_CHIP=topaz
USERSPACE_CHIP=topaz
TAP_CHAIN=1
AMDGPU_KEEP_BOUND=1
. /tests/plans/probe.sh

# The SMC's first answer: smu7_send_msg_to_smc waits for SMC_RESP_0 to be
# non-zero before its first message (smc_iceland.c sets it once the
# firmware starts); powerplay runs DPM, the driver's default.
tap_dmesg_unlike 'last message was failed' "no SMC message found the previous one failed"
tap_check "powerplay runs DPM: power_dpm_force_performance_level is there" \
    test -w "/sys/bus/pci/devices/$AMDGPU_DEV/power_dpm_force_performance_level"

. /tests/plans/libdrm.sh
TAP_CHAIN=
. /tests/plans/userspace.sh
