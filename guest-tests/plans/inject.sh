#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# Fault injection on the emulated Hawaii (docs/fault-injection.md): the
# host arms a fault through QMP qom-set (guest-tests/lib/host.sh, served by
# scripts/lib/qmp-agent.py) and the unmodified amdgpu takes its error path.
# One boot, amdgpu with the parameters of /tests/lib/amdgpu.sh except a
# 2-second job timeout (lockup_timeout=2000) so timeouts come quickly;
# gpu_recovery stays 0, so a timeout is detected and reported but no GPU
# reset follows (the hung jobs stay hung).
#   drop-irqs      the next interrupts are lost while their fences land:
#                  amdgpu's 500 ms fallback timer finds the fences ("Fence
#                  fallback timer expired") and a gfx submission completes
#                  with its data checked;
#   corrupt-fence  the gfx ring's next fence is written one behind: the job
#                  never signals and the scheduler's timeout fires ("ring
#                  gfx timeout", signaled seq one behind emitted); two
#                  fences in a row, as the VM flush's fence comes first;
#   hang           sdma0 stops at its next packet, busy, with no interrupt:
#                  the job timeout fires on sdma0 ("ring sdma0 timeout").
# Run: scripts/run-guest.sh --plan inject
. /tests/lib/tap.sh
. /tests/lib/amdgpu.sh
. /tests/lib/host.sh

# The job timeout of this plan (ms), and how long to wait for its report.
LOCKUP_MS=2000
TIMEOUT_WAIT_S=30
# Interrupts dropped: a submission's own, and those of the page-table
# updates before it.
DROP_IRQS=4
# One small write on an engine, checked byte by byte (aemu-gpu-data
# --engines ENGINE $ONE_WRITE matrix).
ONE_WRITE="--ops write --src gtt --dst gtt --classes 4@4"

amdgpu_find_device || tap_bail "no 1002:67b0 PCI device (run without --no-device?)"
[ "$AMDGPU_CHIP" = hawaii ] || tap_bail "the device is $AMDGPU_CHIP, this plan wants hawaii"
AMDGPU_PARAMS=$(echo $AMDGPU_PARAMS | sed "s/lockup_timeout=[0-9]*/lockup_timeout=$LOCKUP_MS/")
amdgpu_load
amdgpu_check_bound
[ -c /dev/dri/renderD128 ] || tap_bail "no /dev/dri/renderD128"

# --- drop-irqs ---
tap_dmesg_unlike "Fence fallback timer expired" "no fence fallback before the injection"
host_qom_set inject-drop-irqs "$DROP_IRQS"
tap_run aemu-gpu-data --engines gfx $ONE_WRITE matrix
tap_dmesg_like "Fence fallback timer expired" \
    "dropped interrupts: amdgpu's fence fallback timer found the fences"
tap_dmesg_unlike "ring [a-z0-9_.]+ timeout" "dropped interrupts: no job timeout"

# --- corrupt-fence on gfx ---
# Two in a row: a new process's first job on gfx comes after a VM flush,
# whose own fence (amdgpu_vm_flush) would otherwise be the corrupted one,
# and the job's fence after it would pass it.
host_qom_set inject-corrupt-fence gfx:2
aemu-gpu-data --first 1000 --engines gfx $ONE_WRITE matrix >/tmp/corrupt.out 2>&1 &
corrupt_pid=$!
if tap_wait_dmesg "ring gfx timeout" "$TIMEOUT_WAIT_S"; then
    tap_ok "corrupted gfx fence: the job timed out"
    tap_diag "$(tap_dmesg | grep -E -m 1 'ring gfx timeout')"
else
    tap_not_ok "corrupted gfx fence: the job timed out"
    tap_diag "$(cat /tmp/corrupt.out)"
    tap_diag "$(grep -A3 'gfx' /sys/kernel/debug/dri/*/amdgpu_fence_info 2>&1 | head -n 8)"
    tap_diag "$(tap_dmesg | tail -n 8)"
fi
# gpu_recovery=0: the job waits on; nothing later on gfx passes it.
tap_diag "the gfx submission stays pending (gpu_recovery=0: no reset)"

# --- hang on sdma0 ---
host_qom_set inject-hang sdma0
aemu-gpu-data --first 2000 --engines sdma $ONE_WRITE matrix >/tmp/hang.out 2>&1 &
hang_pid=$!
if tap_wait_dmesg "ring sdma0 timeout" "$TIMEOUT_WAIT_S"; then
    tap_ok "hung sdma0: the job timed out"
    tap_diag "$(tap_dmesg | grep -E -m 1 'ring sdma0 timeout')"
else
    tap_not_ok "hung sdma0: the job timed out"
    tap_diag "$(tap_dmesg | grep -E 'timeout|amdgpu' | tail -n 5)"
fi
tap_skip "recovery after the hang" "gpu_recovery=0 on this plan: amdgpu reports the timeout and resets nothing"

tap_dmesg_unlike "BUG:|Oops|WARNING:" "no kernel BUG, Oops or WARNING"
kill "$corrupt_pid" "$hang_pid" 2>/dev/null
tap_done
