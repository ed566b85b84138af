#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# aemu-timeout: 900
# Snapshots of a busy Hawaii (docs/snapshots.md). Three times: two
# processes submit SDMA copies through libdrm (aemu-gpu-data procs, every
# destination byte checked), and while they run the plan asks the host
# (scripts/lib/qmp-agent.py) to "snapshot-restore": savevm of the whole
# machine, the guest runs WINDOW_S seconds more, then loadvm of that
# snapshot. The guest goes on from the snapshot point, its work in flight
# (the device's rings, fences and copies half done, the driver's jobs)
# restored with it, and must finish every copy byte-exact, with no job
# timeout and no VM fault. What the guest did in the window is lost, as it
# should be. The guest cannot see the restore (a faithful one is
# invisible); the agent logs every savevm and loadvm with its time in
# qmp-agent.log, and a failed one hangs sdma0, so the copies fail here.
# Run: scripts/run-guest.sh --plan snapshot [-- -global amdgpu-emu.asic=vega10]
. /tests/lib/tap.sh
. /tests/lib/amdgpu.sh
. /tests/lib/host.sh

SNAPSHOTS=3
# Seconds the work runs before the request, and the host's window between
# savevm and loadvm; the work (ROUNDS submissions per process) lasts well
# beyond both under TCG.
LEAD_S=4
WINDOW_S=3
PROCS=2
ROUNDS=3000
# What the processes submit: SDMA copies only, GTT and VRAM both ways.
WORK="--engines sdma --ops copy --src vram,gtt --dst vram,gtt"

amdgpu_find_device || tap_bail "no amdgpu-emu PCI device (run without --no-device?)"
tap_diag "chip: $AMDGPU_CHIP"
amdgpu_load
amdgpu_check_bound
[ -c /dev/dri/renderD128 ] || tap_bail "no /dev/dri/renderD128"
command -v aemu-gpu-data >/dev/null || tap_bail "no aemu-gpu-data in the guest"

i=1
while [ "$i" -le "$SNAPSHOTS" ]; do
    out=/tmp/snapshot$i.out
    t0=$(tap_now)
    aemu-gpu-data --first 1 --procs "$PROCS" --rounds "$ROUNDS" --seed "$i" \
        $WORK procs >"$out" 2>&1 &
    pid=$!
    sleep "$LEAD_S"
    if kill -0 "$pid" 2>/dev/null; then
        tap_ok "snapshot $i: the copies are still running when the host is asked"
    else
        tap_not_ok "snapshot $i: the copies are still running when the host is asked"
    fi
    host_request snapshot-restore snap$i $WINDOW_S
    wait "$pid"
    status=$?
    t1=$(tap_now)
    oks=$(grep -c '^ok ' "$out")
    fails=$(grep -c '^not ok ' "$out")
    if [ "$status" = 0 ] && [ "$fails" = 0 ] && [ "$oks" -gt 0 ]; then
        tap_ok "snapshot $i: savevm/loadvm during SDMA copies, every copy byte-exact ($oks checks)"
    else
        tap_not_ok "snapshot $i: savevm/loadvm during SDMA copies, every copy byte-exact"
        tap_diag "status $status, $oks ok, $fails not ok"
        tap_diag "$(grep -E '^not ok|^#' "$out" | tail -n 15)"
    fi
    tap_diag "round $i: the work took $t0 -> $t1 s of guest uptime"
    tap_diag "$(grep -E '^# procs' "$out" | head -n 2)"
    i=$((i + 1))
done
tap_dmesg_unlike "ring [a-z0-9_.]+ timeout" "no job timed out across the restores"
tap_dmesg_unlike "GPU fault detected" "no VM fault across the restores"
tap_done
