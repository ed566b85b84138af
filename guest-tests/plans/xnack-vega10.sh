#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# aemu-needs: rocm
# Retry faults (XNACK) on the emulated Vega10 (issue 11, item 6). amdgpu
# loads with amdgpu.noretry=0: VM contexts 1-15 retry invalid-page and
# permission faults, and the SQ replays (SH_MEM_CONFIG.RETRY_DISABLE 0).
# Then
#   aemu-hsa-xnack   (guest-tests/hsa-xnack.c) runs a kernel that reads a
#                    page of its process that ROCr never mapped on the GPU;
#                    Debian's kernel has no CONFIG_HSA_AMD_SVM, so
#                    amdgpu_vm_handle_fault answers the retry fault with its
#                    no-retry marker, the replayed access faults without
#                    retry, and KFD evicts the process's queues and signals
#                    its memory event, which ROCr hands to the program's
#                    handler (the address checked);
#   aemu-kfd-queue   (guest-tests/kfd-queue.c) --fault: a PM4 user queue
#                    writes a page the GPU never mapped; the CP replays
#                    the packet until amdgpu's no-retry marker makes the
#                    replay fault without retry (default page), then goes
#                    on: its event fires;
#   aemu-hsa-compute (guest-tests/hsa-compute.c) init, code-object,
#                    code-object-freeze, vadd, in new processes: the GPU
#                    still runs another process's kernels;
# and the kernel log must show the path: amdgpu's "retry page fault" from
# the UTCL2 for the program's VMID and PASID (printed from the software IH
# ring after amdgpu_vm_handle_fault, once gmc_v9_0_process_interrupt has
# filtered it and delegated it there from ring 0), the "no-retry page
# fault" at the same page (the replay's; its report from ring 0 may come
# first in the log, overtaking the software ring's), and KFD's interrupt
# handler and eviction for that PASID (their pr_debug lines, turned on
# through dynamic debug).
# Run: scripts/run-guest.sh --plan xnack-vega10 -- -global amdgpu-emu.asic=vega10
. /tests/lib/tap.sh
. /tests/lib/amdgpu.sh

HSA_TIMEOUT=${HSA_TIMEOUT:-20}
HSA_CODE_OBJECT=/usr/lib/aemu/aemu-kernels-gfx900.hsaco

amdgpu_find_device || tap_bail "no emulated AMD GPU on the PCI bus (run without --no-device?)"
[ "$AMDGPU_CHIP" = vega10 ] || tap_bail "the GPU is a $AMDGPU_CHIP, this plan expects a vega10"
AMDGPU_PARAMS="$AMDGPU_PARAMS noretry=0"
amdgpu_load
amdgpu_check_bound
tap_check "amdgpu took noretry=0" grep -qx 0 /sys/module/amdgpu/parameters/noretry
tap_dmesg_like 'kfd kfd: amdgpu: added device 1002:687f' "amdkfd added the GPU"

# gmc_v9_0_process_interrupt reports a fault only while printk_ratelimit()
# allows (10 in 5 s): a wave's lanes can fault more often than that
# (gmc_v9.c reports a no-retry fault per access), and the retry fault's
# report, which comes last from the software ring, must not be dropped.
tap_check "printk's rate limit off" sh -c 'echo 0 >/proc/sys/kernel/printk_ratelimit'
# KFD's interrupt handler and its eviction say what they do at debug level.
[ -d /sys/kernel/debug/dynamic_debug ] || mount -t debugfs none /sys/kernel/debug 2>/dev/null
dyn=/sys/kernel/debug/dynamic_debug/control
for f in event_interrupt_isr_v9 evict_process_queues_cpsch; do
    tap_check "dynamic debug on for KFD's $f" sh -c "echo 'func $f +p' >$dyn"
done

# ---- A kernel on an unmapped page ----

tap_check "the kernels' code object is installed ($HSA_CODE_OBJECT)" test -s "$HSA_CODE_OBJECT"
t0=$(tap_now)
tap_run aemu-hsa-xnack --label "vega10 xnack" --timeout "$HSA_TIMEOUT" --expect fault \
    --code-object "$HSA_CODE_OBJECT"
tap_diag "aemu-hsa-xnack: $(awk -v a="$t0" -v b="$(tap_now)" 'BEGIN {printf "%.1f", b - a}') s"
# The page the program's a points at (its diagnostic "a = 0x...").
page=$(sed -n 's/.*a = 0x\([0-9a-f]*\) .*/\1/p' /tmp/tap_run.out | head -n 1)
page=$(printf '%016x' $(( 0x${page:-0} & ~0xfff )))

# ---- The kernel log: the retry-fault path ----

# gmc_v9_0_process_interrupt: "[gfxhub0] retry page fault (src_id:0 ring:R
# vmid:V pasid:P)", then "in page starting at address 0x... from IH client
# 0x1b (UTCL2)".
retry=$(tap_dmesg | grep -E -m 1 'gfxhub0\] retry page fault \(src_id:0 ring:[0-9]+ vmid:[0-9]+ pasid:[0-9]+\)')
if [ -n "$retry" ]; then
    tap_ok "amdgpu handled a retry fault from the UTCL2 (amdgpu_vm_handle_fault, then reported)"
    tap_diag "$retry"
else
    tap_not_ok "amdgpu handled a retry fault from the UTCL2 (amdgpu_vm_handle_fault, then reported)"
fi
vmid=$(echo "$retry" | sed -n 's/.*vmid:\([0-9]*\).*/\1/p')
pasid=$(echo "$retry" | sed -n 's/.*pasid:\([0-9]*\).*/\1/p')
# (Both reports name it; they may interleave, the ring-0 one interrupting
# the software ring's.)
addrs=$(tap_dmesg | grep -c "in page starting at address 0x$page from IH client 0x1b")
tap_check "both faults (retry and no-retry) are at 0x$page ($addrs)" test "$addrs" -ge 2
tap_dmesg_like "gfxhub0\] no-retry page fault \(src_id:0 ring:[0-9]+ vmid:$vmid pasid:$pasid\)" \
    "the replay after amdgpu's no-retry marker faulted without retry (same VMID and PASID)"
tap_dmesg_like 'Faulty UTCL2 client ID: TCP \(0x8\)' "the faulting client is the shaders' (TCP)"
# KFD: its interrupt handler took the UTCL2 IV (client 0x1b) of the PASID,
# and evicted that process's queues.
hexpasid=$(printf '0x%x' "${pasid:-0}")
tap_dmesg_like "client id 0x1b, source id 0, vmid $vmid, pasid $hexpasid" \
    "KFD's interrupt handler took the fault for PASID $hexpasid"
# On the fault: before the program, still alive, logged that it had its
# fault event (KFD evicts a process's queues at other times too).
evict=$(tap_dmesg | grep -n -m 1 "Evicting PASID $hexpasid queues" | cut -d: -f1)
mark=$(tap_dmesg | grep -n -m 1 'aemu-hsa-xnack: fault event received' | cut -d: -f1)
tap_check "KFD evicted the faulting process's queues on the fault (log lines ${evict:-none} < ${mark:-none})" \
    test "${evict:-0}" -gt 0 -a "${mark:-0}" -gt "${evict:-0}"

# ---- The GPU afterwards ----

t0=$(tap_now)
tap_run aemu-hsa-compute --label "vega10 after the fault" --timeout "$HSA_TIMEOUT" \
    --code-object "$HSA_CODE_OBJECT" --tests init,code-object,code-object-freeze,vadd
tap_diag "aemu-hsa-compute: $(awk -v a="$t0" -v b="$(tap_now)" 'BEGIN {printf "%.1f", b - a}') s"

# ---- The CP: a user queue's write to an unmapped page ----
# aemu-kfd-queue --fault: a PM4 queue's WRITE_DATA to a page never mapped
# on the GPU. The CP's write gets a retry fault and the CP replays the
# packet until amdgpu has answered (its no-retry marker); the replay
# faults without retry, writes the default page, and the queue goes on to
# its RELEASE_MEM: the event fires, the other writes are right.
tap_run aemu-kfd-queue --label "vega10 cp fault" --timeout "$HSA_TIMEOUT" --fault
cppage=$(sed -n 's/.*fault page 0x\([0-9a-f]*\).*/\1/p' /tmp/tap_run.out | head -n 1)
cppage=$(printf '%016x' $(( 0x${cppage:-0} & ~0xfff )))
cpretry=$(tap_dmesg | grep -A3 -E 'gfxhub0\] retry page fault' | grep -c "address 0x$cppage from IH client 0x1b")
tap_check "amdgpu handled the CP's retry fault at 0x$cppage ($cpretry)" test "$cpretry" -ge 1
cpnoretry=$(tap_dmesg | grep -A3 -E 'gfxhub0\] no-retry page fault' | grep -c "address 0x$cppage from IH client 0x1b")
tap_check "the CP's replay after the marker faulted without retry at 0x$cppage ($cpnoretry)" \
    test "$cpnoretry" -ge 1
tap_dmesg_like 'Faulty UTCL2 client ID: CPC \(0x5\)' "the faulting client is the compute CP's (CPC)"

# ---- No other error ----

tap_dmesg_unlike "$AMDGPU_KFD_ERRORS" "no KFD error in the kernel log"
# The faults' own report is amdgpu's dev_err; anything else is not expected.
errs=$(tap_dmesg | grep -E -e "amdgpu.*(error|failed)|BUG|WARNING|Call Trace" |
       grep -v -e 'vega10_ip_discovery.bin' | head -n 5)
if [ -z "$errs" ]; then
    tap_ok "no other amdgpu error, oops or warning in the kernel log"
else
    tap_not_ok "no other amdgpu error, oops or warning in the kernel log"
    tap_diag "$errs"
fi
tap_diag "$(tap_dmesg | grep -E 'page fault|UTCL2|VM_L2_PROTECTION|Faulty|MORE_FAULTS|WALKER|PERMISSION|MAPPING|RW:|client id|Evicting|aemu-hsa-xnack' | head -n 40)"
tap_done
