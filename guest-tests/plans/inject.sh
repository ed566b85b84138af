#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# Fault injection on the emulated Hawaii (docs/fault-injection.md): the
# host arms a fault through QMP qom-set (guest-tests/lib/host.sh, served by
# scripts/lib/qmp-agent.py) and the unmodified amdgpu takes its error path.
# One boot, amdgpu with the parameters of /tests/lib/amdgpu.sh except a
# 2-second job timeout (lockup_timeout=2000) and gpu_recovery=1, so a
# timeout is followed by amdgpu's recovery (a full reset: 0x7C on Hawaii).
#   drop-irqs      the next interrupts are lost while their fences land:
#                  amdgpu's 500 ms fallback timer finds the fences ("Fence
#                  fallback timer expired") and a gfx submission completes
#                  with its data checked;
#   delay-irq      the next interrupt (the first page-table update's SDMA
#                  trap) arrives 1.5 s late: the same ring's later
#                  interrupts cover its fence, the gfx submission completes
#                  with its data checked, no job times out, and the late
#                  interrupt shows up in /proc/interrupts after the work
#                  is over (none comes while the GPU is idle otherwise);
#   corrupt-fence  the gfx ring's next fences are written one behind (two
#                  in a row, as the VM flush's fence comes first): the job
#                  never signals, the scheduler's timeout fires ("ring gfx
#                  timeout", signaled seq one behind emitted), amdgpu
#                  resets the GPU and a new gfx submission completes;
#   hang           sdma0 stops at its next packet, busy, with no interrupt,
#   + vram-lost    and VRAM is lost at the next reset: the job timeout
#                  fires on sdma0, the reset finds VRAM lost ("VRAM is lost
#                  due to GPU reset!") and a new SDMA submission completes.
# Run: scripts/run-guest.sh --plan inject
. /tests/lib/tap.sh
. /tests/lib/amdgpu.sh
. /tests/lib/host.sh

# The job timeout of this plan (ms), and how long to wait for its report
# and for the reset after it.
LOCKUP_MS=2000
TIMEOUT_WAIT_S=30
# Interrupts dropped: a submission's own, and those of the page-table
# updates before it.
DROP_IRQS=4
# An interrupt's delay (virtual us): longer than the submission after it,
# short of this plan's job timeout.
DELAY_IRQ_US=1500000
# One small write on an engine, checked byte by byte (aemu-gpu-data
# --engines ENGINE $ONE_WRITE matrix).
ONE_WRITE="--ops write --src gtt --dst gtt --classes 4@4"

# wait_reset N DESC: GPU reset number N completed.
wait_reset() {
    if tap_wait_dmesg "GPU reset\\($1\\) succeeded" "$TIMEOUT_WAIT_S"; then
        tap_ok "$2"
    else
        tap_not_ok "$2"
        tap_diag "$(tap_dmesg | grep -E 'amdgpu|drm' | tail -n 10)"
    fi
}

amdgpu_find_device || tap_bail "no 1002:67b0 PCI device (run without --no-device?)"
[ "$AMDGPU_CHIP" = hawaii ] || tap_bail "the device is $AMDGPU_CHIP, this plan wants hawaii"
amdgpu_param lockup_timeout $LOCKUP_MS
amdgpu_param gpu_recovery 1
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

# --- delay-irq ---
# amdgpu's interrupts so far (every CPU's count of its MSI line).
amdgpu_irqs() {
    awk '/amdgpu/ { n = 0; for (i = 2; i <= NF && $i ~ /^[0-9]+$/; i++) n += $i; print n }' \
        /proc/interrupts
}
idle0=$(amdgpu_irqs)
sleep 2
idle1=$(amdgpu_irqs)
tap_check "no amdgpu interrupt while the GPU is idle ($idle0 -> $idle1)" \
    test "$idle0" = "$idle1"
host_qom_set inject-delay-irq-us "$DELAY_IRQ_US"
tap_run aemu-gpu-data --engines gfx $ONE_WRITE matrix
done_irqs=$(amdgpu_irqs)
sleep 3
late_irqs=$(amdgpu_irqs)
tap_check "a late interrupt arrived after the work was over ($done_irqs -> $late_irqs)" \
    test "$late_irqs" -gt "$done_irqs"
tap_dmesg_unlike "ring [a-z0-9_.]+ timeout" "a late interrupt: no job timeout"

# --- corrupt-fence on gfx, then recovery ---
# Two in a row: a new process's first job on gfx comes after a VM flush,
# whose own fence (amdgpu_vm_flush) would otherwise be the corrupted one,
# and the job's fence after it would pass it.
host_qom_set inject-corrupt-fence gfx:2
# Its job is the guilty one of the reset: it ends with an error, not data.
aemu-gpu-data --first 1000 --engines gfx $ONE_WRITE matrix >/tmp/corrupt.out 2>&1 &
corrupt_pid=$!
if tap_wait_dmesg "ring gfx timeout" "$TIMEOUT_WAIT_S"; then
    tap_ok "corrupted gfx fence: the job timed out"
    tap_diag "$(tap_dmesg | grep -E -m 1 'ring gfx timeout')"
else
    tap_not_ok "corrupted gfx fence: the job timed out"
    tap_diag "$(cat /tmp/corrupt.out)"
fi
wait_reset 1 "corrupted gfx fence: amdgpu reset the GPU"
wait "$corrupt_pid"
tap_diag "the guilty process ended with status $?"
tap_run aemu-gpu-data --engines gfx $ONE_WRITE matrix

# --- hang on sdma0, VRAM lost at its reset ---
host_qom_set inject-vram-lost 1
host_qom_set inject-hang sdma0
aemu-gpu-data --first 2000 --engines sdma $ONE_WRITE matrix >/tmp/hang.out 2>&1 &
hang_pid=$!
if tap_wait_dmesg "ring sdma0 timeout" "$TIMEOUT_WAIT_S"; then
    tap_ok "hung sdma0: the job timed out"
    tap_diag "$(tap_dmesg | grep -E -m 1 'ring sdma0 timeout')"
else
    tap_not_ok "hung sdma0: the job timed out"
    tap_diag "$(cat /tmp/hang.out)"
fi
wait_reset 2 "hung sdma0: amdgpu reset the GPU"
tap_dmesg_like "VRAM is lost due to GPU reset" "VRAM lost at the reset: amdgpu found out"
wait "$hang_pid"
tap_diag "the guilty process ended with status $?"
tap_run aemu-gpu-data --engines sdma,gfx $ONE_WRITE matrix

tap_dmesg_unlike "BUG:|Oops|WARNING:" "no kernel BUG, Oops or WARNING"
tap_done
