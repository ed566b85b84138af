#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# The guest side of scripts/soak.sh (issue 12, item 7; not a CI test):
# mixed submissions from several processes on every engine, each checked
# byte by byte (aemu-gpu-data procs: its own device file, VM and two
# contexts per process, random fills, writes and copies on SDMA, gfx and
# compute), round after round for aemu.soak_s seconds, with a debugfs GPU
# recovery every aemu.soak_reset_s seconds and, when the host agent offers
# them, snapshots (AEMU-HOST: snapshot-restore) between rounds. amdgpu runs with its
# default gpu_recovery. It reports, as "# soak:" lines the host script
# collects:
#   rounds, submissions, data mismatches (failed checks: must be 0),
#   recoveries, lost fences (rings whose last emitted fence never
#   signalled, jobs that timed out, fences found by the fallback timer
#   instead of their interrupt: must be 0), one progress line a round.
# Run: scripts/soak.sh --minutes N (it boots this plan)
# aemu-timeout: 86400
. /tests/lib/tap.sh
. /tests/lib/amdgpu.sh
. /tests/lib/host.sh

arg() {
    tr ' ' '\n' </proc/cmdline | sed -n "s/^aemu\\.$1=//p" | tail -n 1
}
SOAK_S=$(arg soak_s)
SOAK_S=${SOAK_S:-600}
RESET_EVERY_S=$(arg soak_reset_s)
RESET_EVERY_S=${RESET_EVERY_S:-60}
PROCS=$(arg soak_procs)
PROCS=${PROCS:-4}
ROUNDS=$(arg soak_rounds)
ROUNDS=${ROUNDS:-40}
# Seconds between snapshots (0: none).
SNAPSHOT_EVERY_S=$(arg soak_snapshot_s)
# Seconds the host lets the guest run between its savevm and loadvm.
SNAPSHOT_WINDOW_S=1

amdgpu_find_device || tap_bail "no emulated AMD GPU on the PCI bus"
[ -d /sys/kernel/debug/dri ] || mount -t debugfs none /sys/kernel/debug 2>/dev/null
AMDGPU_PARAMS=$(echo $AMDGPU_PARAMS | sed -e "s/gpu_recovery=[-0-9]*//")
amdgpu_load
amdgpu_check_bound
DRI=""
for d in /sys/kernel/debug/dri/*; do
    [ -r "$d/amdgpu_fence_info" ] && DRI=$d && break
done
[ -n "$DRI" ] || tap_bail "no amdgpu debugfs directory"

unsignalled_rings() {
    awk '/^--- ring/ { name = $4; gsub(/[()]/, "", name) }
         /^Last signaled fence/ { sig = $4; want = 1 }
         /^Last emitted/ && want { if ($3 != sig) print name; want = 0 }' \
        "$DRI/amdgpu_fence_info"
}

start=$(cut -d. -f1 /proc/uptime)
last_reset=$start last_snapshot=$start
rounds=0 submissions=0 mismatches=0 recoveries=0 snapshots=0
while [ $(( $(cut -d. -f1 /proc/uptime) - start )) -lt "$SOAK_S" ]; do
    aemu-gpu-data --procs "$PROCS" --rounds "$ROUNDS" --seed "$((rounds + 1))" \
        --first 1 procs >/tmp/soak-round.tap 2>&1
    bad=$(grep -c '^not ok' /tmp/soak-round.tap)
    rounds=$((rounds + 1))
    submissions=$((submissions + PROCS * ROUNDS))
    mismatches=$((mismatches + bad))
    [ "$bad" = 0 ] || grep '^not ok' /tmp/soak-round.tap | head -n 5 | sed 's/^/# soak: failed: /'
    now=$(cut -d. -f1 /proc/uptime)
    if [ $((now - last_reset)) -ge "$RESET_EVERY_S" ]; then
        n0=$(dmesg | grep -c "GPU reset([0-9]*) succeeded")
        cat "$DRI/amdgpu_gpu_recover" >/dev/null 2>&1
        n1=$(dmesg | grep -c "GPU reset([0-9]*) succeeded")
        [ "$n1" -gt "$n0" ] && recoveries=$((recoveries + 1))
        last_reset=$now
    fi
    if [ "${SNAPSHOT_EVERY_S:-0}" -gt 0 ] &&
       [ $((now - last_snapshot)) -ge "$SNAPSHOT_EVERY_S" ]; then
        # A snapshot of the machine between rounds, restored a second
        # later (scripts/lib/qmp-agent.py's snapshot-restore: savevm, then
        # loadvm): the guest goes on from inside this sleep, never
        # knowing, and the next round checks what the restored device does.
        # The save happens while nothing runs (a dispatch in flight is
        # refused, docs/snapshots.md).
        # One name: each savevm replaces the last, so the disk stays small.
        host_request snapshot-restore soak $SNAPSHOT_WINDOW_S
        sleep "$HOST_SETTLE"
        snapshots=$((snapshots + 1))
        last_snapshot=$(cut -d. -f1 /proc/uptime)
    fi
    echo "# soak: t=$((now - start)) rounds=$rounds submissions=$submissions mismatches=$mismatches recoveries=$recoveries snapshots=$snapshots"
done

sleep 2
lost_rings=$(unsignalled_rings | tr '\n' ' ')
timeouts=$(dmesg | grep -c -E "amdgpu: ring [a-z0-9_.]+ timeout")
fallback=$(dmesg | grep -c "Fence fallback timer expired")
echo "# soak: result rounds=$rounds submissions=$submissions mismatches=$mismatches recoveries=$recoveries snapshots=$snapshots unsignalled_rings=$(echo $lost_rings | wc -w) timeouts=$timeouts fallback_fences=$fallback"
tap_check "soak: no data mismatch in $submissions checked submissions ($mismatches)" test "$mismatches" = 0
tap_check "soak: no lost fence (unsignalled rings: ${lost_rings:-none}, job timeouts: $timeouts, fallback-timer fences: $fallback)" \
    test -z "$lost_rings" -a "$timeouts" = 0 -a "$fallback" = 0
tap_dmesg_unlike "BUG:|Oops|WARNING:" "soak: no kernel BUG, Oops or WARNING"
tap_done
