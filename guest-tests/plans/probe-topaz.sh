#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# Topaz (1002:6900, VI / gfx8) in one boot: the probe plan (probe.sh: the
# driver binds, every ring and IB test passes with interrupt-driven fences,
# a clean kernel log), then libdrm's amdgpu_test (libdrm.sh), then the
# userspace data checks (userspace.sh; its fault test comes last because
# libdrm.sh wants a log without VM faults). The driver is loaded once, by
# the first, with the parameters of /tests/lib/amdgpu.sh for Topaz; the
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
# non-zero before its first message, and the SMC model reads 0 there until
# a message was answered (smc_iceland.c, with the DPM bring-up: topaz.md).
if tap_dmesg | grep -q 'last message was failed'; then
    tap_todo "no SMC message found the previous one failed" \
        "SMC_RESP_0 reads 0 before the first message (smc_iceland.c)"
else
    tap_ok "no SMC message found the previous one failed"
fi

. /tests/plans/libdrm.sh
TAP_CHAIN=
. /tests/plans/userspace.sh
