#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# probe.sh alone on the emulated Topaz (1002:6900): the session
# scripts/record-trace.sh --asic topaz records as Topaz's golden trace
# (probe-topaz's data checks would put hundreds of MiB of DMA into it).
# Run: scripts/run-guest.sh --plan probe-topaz-only --no-device -- \
#          -device amdgpu-emu,asic=topaz
PROBE_CHIP=topaz
. /tests/plans/probe.sh
