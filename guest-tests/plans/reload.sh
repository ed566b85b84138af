#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# Unload and reload (lifecycle acceptance check 11, docs/lifecycle.md):
# RELOAD_CYCLES x (data check, rmmod amdgpu, modprobe amdgpu) in one boot
# on the emulated Hawaii (or RELOAD_CHIP, set by reload-vega10.sh), the
# module parameters of /tests/lib/amdgpu.sh. Every cycle:
#   - aemu-gpu-data fills, writes and copies on SDMA, the gfx ring and a
#     compute ring, every byte checked, before the unload;
#   - rmmod amdgpu returns 0 and the driver logs "amdgpu: finishing
#     device." (amdgpu_device_fini_hw);
#   - modprobe amdgpu initializes the device again ("Initialized amdgpu"),
#     no ring test failed, the same rings exist as after the first load,
#     the IB tests pass on every ring (debugfs amdgpu_test_ib) and every
#     ring signalled its last fence;
#   - no WARNING, BUG, Oops or driver error in that cycle's kernel log.
# The device side is checked on the host from QEMU's log (the header line
# "aemu-device-log: on" makes run-guest.sh run QEMU with -d
# guest_errors,unimp and the device's MSI and bus-master trace events, and
# add scripts/lib/device-log-check.py's verdicts to this plan's TAP): one
# driver teardown per unload, no interrupt raised after the guest turned
# MSI off for it, no guest error or unimplemented-feature line from the
# device after it (nor anywhere in the boot).
# Prints the time of each unload and reload (docs/lifecycle.md has them).
# Run: scripts/run-guest.sh --plan reload
#      scripts/run-guest.sh --plan reload-vega10 -- -global amdgpu-emu.asic=vega10
# aemu-device-log: on
# aemu-timeout: 600
. /tests/lib/tap.sh
. /tests/lib/amdgpu.sh
. /tests/lib/amdgpu-rings.sh

RELOAD_CHIP=${RELOAD_CHIP:-hawaii}
RELOAD_CYCLES=${RELOAD_CYCLES:-10}
# The data check of every cycle (aemu-gpu-data --classes): small, unaligned
# and a 1 MiB class, VRAM and GTT, every engine and operation.
RELOAD_CLASSES="333@3,4101@2,1M+13@5"
RELOAD_MEMS="vram,gtt"

amdgpu_find_device || tap_bail "no emulated AMD GPU on the PCI bus (run without --no-device?)"
[ "$AMDGPU_CHIP" = "$RELOAD_CHIP" ] ||
    tap_bail "the GPU is a $AMDGPU_CHIP, this plan expects a $RELOAD_CHIP"

# What no cycle's kernel log may hold. The optional IP discovery binary is
# the one firmware file Vega10 asks for and may miss (probe.sh).
RELOAD_BAD='\*ERROR\*|BUG:|Oops|WARNING:|general protection fault|INFO: task .* blocked|Call Trace|ring .* test failed|IB test failed|ib ring test failed|Fence fallback timer expired|ring .* timeout|timed out|GPU fault detected|VM fault|probe with driver amdgpu failed|Fatal error during GPU init|Direct firmware load for amdgpu/(hawaii|vega10)_[a-z0-9]*\.bin failed|nobody cared'
RELOAD_BAD_EXCEPT='vega10_ip_discovery\.bin'

# A mark in the kernel log; a cycle's log is everything after its mark
# (robust to the ring buffer wrapping over ten probes).
mark() {
    echo "aemu-reload: $*" >/dev/kmsg
}
since_mark() {
    tap_dmesg | awk -v m="aemu-reload: $1\$" '$0 ~ m {buf = ""; on = 1; next} on {buf = buf $0 "\n"} END {printf "%s", buf}'
}

elapsed() {
    awk -v a="$1" -v b="$2" 'BEGIN {printf "%.2f", b - a}'
}

# ---- First load ----

mark "load 0"
amdgpu_load
amdgpu_check_bound
amdgpu_find_dri || tap_bail "no amdgpu debugfs directory after the first load"
amdgpu_ring_names >/tmp/rings.first
tap_diag "rings: $(tr '\n' ' ' </tmp/rings.first)"
[ -s /tmp/rings.first ] || tap_bail "amdgpu_fence_info lists no ring"
bad=$(since_mark "load 0" | grep -E -e "$RELOAD_BAD" | grep -v -E -e "$RELOAD_BAD_EXCEPT" | head -n 5)
if [ -z "$bad" ]; then
    tap_ok "first load: the kernel log is clean"
else
    tap_not_ok "first load: the kernel log is clean"
    tap_diag "$bad"
fi

# ---- Cycles ----

times=""
cycle=1
while [ "$cycle" -le "$RELOAD_CYCLES" ]; do
    c="cycle $cycle/$RELOAD_CYCLES"

    # Data through every engine on the driver instance about to go.
    aemu-gpu-data --classes "$RELOAD_CLASSES" --src "$RELOAD_MEMS" --dst "$RELOAD_MEMS" \
        matrix >/tmp/data.out 2>&1
    rc=$?
    ok=$(grep -c '^ok ' /tmp/data.out)
    fail=$(grep -c '^not ok ' /tmp/data.out)
    if [ "$rc" = 0 ] && [ "$ok" -gt 0 ] && [ "$fail" = 0 ]; then
        tap_ok "$c: aemu-gpu-data: $ok data checks passed before the unload"
    else
        tap_not_ok "$c: aemu-gpu-data: $fail of $((ok + fail)) data checks failed (exit $rc)"
        tap_diag "$(grep -E '^not ok|^#' /tmp/data.out | head -n 10)"
    fi

    # Unload.
    amdgpu_release_fbcon
    mark "unload $cycle"
    t0=$(tap_now)
    tap_check "$c: rmmod amdgpu" rmmod amdgpu
    t1=$(tap_now)
    log=$(since_mark "unload $cycle")
    if echo "$log" | grep -q 'amdgpu: finishing device\.'; then
        tap_ok "$c: amdgpu: finishing device. (unload took $(elapsed "$t0" "$t1") s)"
    else
        tap_not_ok "$c: amdgpu: finishing device. in the unload's log"
    fi

    # Reload.
    mark "load $cycle"
    t2=$(tap_now)
    tap_check "$c: modprobe amdgpu" modprobe amdgpu
    tap_wait_dmesg 'Initialized amdgpu|probe with driver amdgpu failed|Fatal error during GPU init' 30 || true
    t3=$(tap_now)
    amdgpu_release_fbcon
    # As amdgpu_load: let the delayed IB tests run first. The debugfs IB
    # test below does not wait for them, and both write the VCE ring
    # unlocked: read too early it raced them ("writing more dwords to the
    # ring than expected!", seen once after a 26 s reload).
    sleep "$AMDGPU_SETTLE"
    if since_mark "load $cycle" | grep -q 'Initialized amdgpu'; then
        tap_ok "$c: Initialized amdgpu (reload took $(elapsed "$t2" "$t3") s)"
    else
        tap_not_ok "$c: Initialized amdgpu after the reload"
    fi
    times="$times $(elapsed "$t0" "$t1")/$(elapsed "$t2" "$t3")"

    amdgpu_rings_check "$c" /tmp/rings.first

    bad=$(since_mark "unload $cycle" | grep -E -e "$RELOAD_BAD" | grep -v -E -e "$RELOAD_BAD_EXCEPT" | head -n 5)
    if [ -z "$bad" ]; then
        tap_ok "$c: no warning, oops, driver error or ring/IB failure in the cycle's kernel log"
    else
        tap_not_ok "$c: no warning, oops, driver error or ring/IB failure in the cycle's kernel log"
        tap_diag "$bad"
    fi
    cycle=$((cycle + 1))
done

# The last instance still moves data.
aemu-gpu-data --classes "$RELOAD_CLASSES" --src "$RELOAD_MEMS" --dst "$RELOAD_MEMS" \
    matrix >/tmp/data.out 2>&1
rc=$?
ok=$(grep -c '^ok ' /tmp/data.out)
fail=$(grep -c '^not ok ' /tmp/data.out)
if [ "$rc" = 0 ] && [ "$ok" -gt 0 ] && [ "$fail" = 0 ]; then
    tap_ok "after $RELOAD_CYCLES reloads: aemu-gpu-data: $ok data checks passed"
else
    tap_not_ok "after $RELOAD_CYCLES reloads: aemu-gpu-data: $fail of $((ok + fail)) data checks failed (exit $rc)"
fi

tap_diag "unload/reload seconds per cycle:$times"
# For device-log-check.py: one teardown per unload.
tap_diag "device-log: expect $RELOAD_CYCLES teardowns"
n=$(tap_dmesg | grep -c 'amdgpu: finishing device\.')
tap_diag "the kernel logged 'amdgpu: finishing device.' $n times, 'Initialized amdgpu' $(tap_dmesg | grep -c 'Initialized amdgpu') times (as far as its ring buffer holds)"

tap_done
