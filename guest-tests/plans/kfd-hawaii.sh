#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# aemu-needs: rocm
# KFD (amdkfd, built into Debian's amdgpu) on the emulated Hawaii
# (1002:67b0, gfx701), issue 11: as far as Linux 6.12 lets it go.
#  - amdgpu with exp_hw_support=1 (KFD's gate for Hawaii, kgd2kfd_probe):
#    amdkfd adds the GPU with its software scheduler (6.12 has no hardware
#    scheduler on Hawaii: device_queue_manager_init), /dev/kfd exists, the
#    GPU's topology node carries the device's values, and Debian's rocminfo
#    (ROCm 5.2.3) lists a gfx701 agent;
#  - 6.12's limit: KFD refuses every compute user queue on a GPU without
#    CWSR when the kernel lacks CONFIG_HSA_AMD_SVM, as Debian's does
#    (kfd_queue_acquire_buffers); the plan checks that it still does, with
#    the thunk's PM4 queue and ROCr's AQL queue;
#  - past it, with the preload shim /usr/lib/aemu/libaemu-kfd-nocwsr.so
#    (guest-tests/kfd-nocwsr.c: the ring is given as a CWSR area of size 0,
#    which the check accepts): aemu-kfd-queue (a PM4 queue, WRITE_DATA and
#    a RELEASE_MEM that signals a KFD event) and aemu-hsa-compute (ROCr's
#    AQL queues with the project's gfx701 kernels,
#    /usr/lib/aemu/aemu-kernels-gfx701.hsaco: dispatches, barriers, ring
#    wrap, async copies through blit kernels), every result checked;
#  - SDMA user queues: with HSA_ENABLE_SDMA=1 ROCr copies host -> VRAM ->
#    host on an SDMA queue KFD loads on an RLC queue of the CIK SDMA
#    (kgd_hqd_sdma_load), every byte checked, and KFD lists the queue;
# then KFD's and amdgpu's errors in the kernel log. docs/kfd.md, "Hawaii
# (gfx701)", says what works and why the rest does not.
#
# Each program test has HSA_TIMEOUT seconds (at most 20); one still waiting
# then is "not ok", naming the call it was in, and its process is killed.
# Run: scripts/run-guest.sh --plan kfd-hawaii
# (-- -d guest_errors,unimp names what the device lacks)
. /tests/lib/tap.sh
. /tests/lib/amdgpu.sh

HSA_TIMEOUT=${HSA_TIMEOUT:-15}
NOCWSR=/usr/lib/aemu/libaemu-kfd-nocwsr.so
HSA_CODE_OBJECT=/usr/lib/aemu/aemu-kernels-gfx701.hsaco
# aemu-hsa-compute's tests on AQL queues and blit kernels; copy-sdma runs
# on its own below.
HSA_TESTS=init,queue,code-object,code-object-freeze,vadd,reduce,barrier-and,barrier-or,ring-wrap,spin,copy-blit

amdgpu_find_device || tap_bail "no emulated AMD GPU on the PCI bus (run without --no-device?)"
[ "$AMDGPU_CHIP" = hawaii ] || tap_bail "the GPU is a $AMDGPU_CHIP, this plan expects a hawaii"
# Without it kgd2kfd_probe only says "KFD support on Hawaii is experimental".
AMDGPU_PARAMS="$AMDGPU_PARAMS exp_hw_support=1"
amdgpu_load
amdgpu_check_bound

# ---- KFD took the device ----
tap_dmesg_like 'kfd kfd: amdgpu: added device 1002:67b0' "amdkfd added the GPU"
# KFD's own failure messages (kfd_device.c, kfd_kernel_queue.c,
# kfd_device_queue_manager.c, amdgpu_amdkfd_gfx_v7.c): "SDMA RLC not
# idle" is kgd_hqd_sdma_load's or _destroy's 2 s timeout on
# RLCn_CONTEXT_STATUS, "DQM create queue" the queue manager's report of
# a queue it failed to load.
KFD_ERRORS="$AMDGPU_KFD_ERRORS|dequeue request time out|SDMA RLC not idle|DQM create queue|Failed to flush TC"
tap_dmesg_unlike "$KFD_ERRORS" "no KFD error in the kernel log"
tap_check "/dev/kfd is a character device" test -c /dev/kfd
# The module parameter stays 0 (HWS); Hawaii's queue manager overrides it.
tap_dmesg_like 'SW scheduler is used' "KFD runs its software scheduler (no HWS on Hawaii in 6.12)"

# ---- The GPU's topology node ----
topo=/sys/class/kfd/kfd/topology/nodes
gpu=""
for n in "$topo"/*; do
    s=$(awk '$1 == "simd_count" { print $2 }' "$n/properties" 2>/dev/null)
    [ -n "$s" ] && [ "$s" -gt 0 ] && gpu=$n && break
done
[ -n "$gpu" ] || tap_bail "no GPU node under $topo"
tap_diag "GPU node ${gpu##*/}: $(cat "$gpu/name")"
prop() { awk -v k="$1" '$1 == k { print $2 }' "$gpu/properties"; }
# check_prop NAME EXPECTED WHERE-FROM
check_prop() {
    _v=$(prop "$1")
    if [ "$_v" = "$2" ]; then
        tap_ok "$1 = $2 ($3)"
    else
        tap_not_ok "$1 = $2 ($3)"
        tap_diag "the node says ${_v:-nothing}"
    fi
}

# The CU layout the driver read from the device (gfx_v7_0_get_cu_info
# through amdgpu_device_init's log line).
layout=$(tap_dmesg | sed -n 's/.*SE \([0-9]*\), SH per SE \([0-9]*\), CU per SH \([0-9]*\), active_cu_number \([0-9]*\).*/\1 \2 \3 \4/p' | tail -n 1)
set -- $layout
if [ $# -eq 4 ]; then
    se=$1 sh=$2 cu_per_sh=$3 cus=$4
    # gfx7 has 4 SIMDs per CU (gfx_v7_0_get_cu_info: simd_per_cu).
    check_prop simd_count $((cus * 4)) "$cus active CUs x 4 SIMDs"
    check_prop array_count $((se * sh)) "$se SEs x $sh SH"
    check_prop simd_arrays_per_engine "$sh" "SH per SE"
    check_prop cu_per_simd_array "$cu_per_sh" "CU per SH"
else
    tap_not_ok "the kernel log gives the CU layout"
fi
check_prop gfx_target_version 70001 "gfx701: CHIP_HAWAII in kgd2kfd_probe"
check_prop simd_per_cu 4 "gfx_v7_0_get_cu_info"
check_prop max_waves_per_simd 10 "gfx_v7_0_get_cu_info"
check_prop lds_size_in_kb 64 "gfx_v7_0_get_cu_info"
check_prop wave_front_size 64 "gfx_v7_0_get_cu_info"
check_prop vendor_id $(($(cat /sys/bus/pci/devices/$AMDGPU_DEV/vendor))) "PCI vendor"
check_prop device_id $(($(cat /sys/bus/pci/devices/$AMDGPU_DEV/device))) "PCI device"
# location_id is the PCI bus/devfn: bus << 8 | device << 3 | function.
bdf=${AMDGPU_DEV#*:}
bus=$((0x${bdf%%:*})) dev=${bdf#*:} fn=$((${dev#*.})) dev=$((0x${dev%.*}))
check_prop location_id $((bus << 8 | dev << 3 | fn)) "PCI $AMDGPU_DEV"
render=$(ls /sys/bus/pci/devices/$AMDGPU_DEV/drm | sed -n 's/^renderD//p' | head -n 1)
check_prop drm_render_minor "$render" "renderD$render of the device"
# KFD gets the MEC1 queues amdgpu's kernel compute rings leave: MEC1 has 4
# pipes x 8 queues (gfx_v7_0_sw_init: Hawaii's two MECs, of which amdgpu
# shares only the first), the KCQs are the comp_1.p.q rings.
# The device's debugfs directory: the one with amdgpu's firmware list (the
# render minor's is another name for it).
[ -d /sys/kernel/debug/dri ] || mount -t debugfs none /sys/kernel/debug 2>/dev/null
dri=""
for d in /sys/kernel/debug/dri/*; do
    [ -f "$d/amdgpu_firmware_info" ] && dri=$d && break
done
kcqs=$(ls "$dri" 2>/dev/null | grep -c '^amdgpu_ring_comp_1\.')
check_prop num_cp_queues $((4 * 8 - kcqs)) "32 MEC1 queues - $kcqs KCQs"
check_prop num_sdma_engines 2 "cik_sdma: two instances"
check_prop num_sdma_queues_per_engine 2 "kfd_device_info_init for CIK"
# No CWSR on Hawaii (kfd_device_info_init): no save area to size.
check_prop cwsr_size 0 "no CWSR on Hawaii"
# Doorbell type pre-1.0 (capability bits 13:12 = 0, kfd_topology.c for
# CHIP_HAWAII): ROCr rings AQL queues with a dword offset in the ring,
# what the model's CIK AQL queues take (docs/kfd.md).
cap=$(prop capability)
if [ -n "$cap" ] && [ $(((cap >> 12) & 3)) = 0 ]; then
    tap_ok "doorbell type pre-1.0 (capability 0x$(printf %x "$cap"))"
else
    tap_not_ok "doorbell type pre-1.0 (capability ${cap:-missing})"
fi
fwinfo=$dri/amdgpu_firmware_info
if [ -f "$fwinfo" ]; then
    tap_diag "$(grep -E '^(MEC|SDMA)' "$fwinfo")"
    mec=$(sed -n 's/^MEC feature version: [0-9]*, firmware version: \(0x[0-9a-f]*\).*/\1/p' "$fwinfo" | head -n 1)
    sdma=$(sed -n 's/^SDMA0 feature version: [0-9]*, firmware version: \(0x[0-9a-f]*\).*/\1/p' "$fwinfo" | head -n 1)
    # KFD keeps 16 bits of each (kfd_priv.h: uint16_t mec_fw_version,
    # sdma_fw_version); Hawaii's stub firmware's versions are wider.
    check_prop fw_version $((mec & 0xffff)) "MEC firmware $mec (amdgpu_firmware_info), low 16 bits"
    check_prop sdma_fw_version $((sdma & 0xffff)) "SDMA0 firmware $sdma (amdgpu_firmware_info), low 16 bits"
else
    tap_not_ok "fw_version and sdma_fw_version: no amdgpu_firmware_info in debugfs"
fi
vram=$(cat /sys/bus/pci/devices/$AMDGPU_DEV/mem_info_vram_total)
bank=$(awk '$1 == "size_in_bytes" { print $2 }' "$gpu/mem_banks/0/properties")
if [ -n "$vram" ] && [ "$bank" = "$vram" ]; then
    tap_ok "local memory bank = VRAM ($vram bytes, mem_info_vram_total)"
else
    tap_not_ok "local memory bank = VRAM"
    tap_diag "bank ${bank:-none}, mem_info_vram_total ${vram:-none}"
fi
tap_diag "$(cat "$gpu/properties")"

# ---- rocminfo (ROCm 5.2.3): hsa_init on KFD ----
# The agent's marketing name as libdrm_amdgpu finds it for the device and
# revision in amdgpu.ids (what libhsakmt asks it for).
did=$(sed 's/^0x//' /sys/bus/pci/devices/$AMDGPU_DEV/device | tr a-f A-F)
rev=$(sed 's/^0x//' /sys/bus/pci/devices/$AMDGPU_DEV/revision | tr a-f A-F)
market=$(awk -F'\t' -v d="$did," -v r="$rev," '$1 == d && $2 == r { print $3; exit }' /usr/share/libdrm/amdgpu.ids)
tap_diag "amdgpu.ids: $did rev $rev is '${market:-not listed}'"
market=${market:-AMD Radeon Graphics}
out=/tmp/rocminfo.txt
if rocminfo >"$out" 2>&1; then
    tap_ok "rocminfo exits 0"
else
    tap_not_ok "rocminfo exits 0"
    tap_diag "exit status $?"
fi
tap_diag "$(grep -E 'ROCk|Runtime Version|Agent [0-9]|^ *Name:|Marketing Name|Device Type|Compute Unit|SIMDs per CU|Chip ID|ISA [0-9]' "$out")"
tap_check "rocminfo lists a gfx701 agent" grep -q '^ *Name: *gfx701 *$' "$out"
agent_market=$(awk '/^ *Name: *gfx701 *$/ { a = 1 }
    a && sub(/^ *Marketing Name: */, "") { sub(/ *$/, ""); print; exit }' "$out")
if [ "$agent_market" = "$market" ]; then
    tap_ok "the gfx701 agent's marketing name is '$market'"
else
    tap_not_ok "the gfx701 agent's marketing name is '$market'"
    tap_diag "rocminfo says '$agent_market'"
fi
tap_check "rocminfo's agent has the $cus CUs of the device" \
    grep -q "Compute Unit: *$cus *\$" "$out"
tap_check "the gfx701 agent's ISA is amdgcn-amd-amdhsa--gfx701" \
    grep -q 'Name: *amdgcn-amd-amdhsa--gfx701 *$' "$out"


# ---- 6.12's limit: no compute queue without a CWSR mapping ----
# Without the shim the thunk's queue and ROCr's must fail at
# AMDKFD_IOC_CREATE_QUEUE (EINVAL from kfd_queue_acquire_buffers); should
# they ever be created, the limit docs/kfd.md describes is gone and these
# tests say so.
aemu-kfd-queue --timeout "$HSA_TIMEOUT" --label "no shim" >/tmp/noshim.txt 2>&1
if grep -q '^not ok [0-9]* - no shim: queue: .*doorbell at (nil) (status 1)' /tmp/noshim.txt &&
   grep -q '^ok [0-9]* - no shim: event:' /tmp/noshim.txt; then
    tap_ok "6.12 refuses the thunk's PM4 queue (no CWSR area: kfd_queue_acquire_buffers)"
else
    tap_not_ok "6.12 refuses the thunk's PM4 queue (no CWSR area: kfd_queue_acquire_buffers)"
    tap_diag "$(cat /tmp/noshim.txt)"
fi
aemu-hsa-compute --tests init,queue --timeout "$HSA_TIMEOUT" --label "no shim" \
    >/tmp/noshim.txt 2>&1
if grep -q '^ok [0-9]* - no shim: init' /tmp/noshim.txt &&
   grep -q '^not ok [0-9]* - no shim: queue.*hsa_queue_create' /tmp/noshim.txt; then
    tap_ok "6.12 refuses ROCr's AQL queue (hsa_queue_create fails after hsa_init)"
else
    tap_not_ok "6.12 refuses ROCr's AQL queue (hsa_queue_create fails after hsa_init)"
    tap_diag "$(cat /tmp/noshim.txt)"
fi
tap_diag "$(tap_dmesg | grep -iE 'kfd|queue' | tail -n 5)"

# ---- Past it: the shim ----
tap_check "the KFD preload shim is installed ($NOCWSR)" test -s "$NOCWSR"
tap_check "the kernels' code object is installed ($HSA_CODE_OBJECT)" test -s "$HSA_CODE_OBJECT"
export LD_PRELOAD=$NOCWSR
t0=$(tap_now)
tap_run aemu-kfd-queue --label "hawaii kfd" --timeout "$HSA_TIMEOUT"
tap_diag "aemu-kfd-queue: $(awk -v a="$t0" -v b="$(tap_now)" 'BEGIN {printf "%.1f", b - a}') s"
t0=$(tap_now)
tap_run aemu-hsa-compute --label "hawaii hsa" --timeout "$HSA_TIMEOUT" \
    --code-object "$HSA_CODE_OBJECT" --tests "$HSA_TESTS"
tap_diag "aemu-hsa-compute: $(awk -v a="$t0" -v b="$(tap_now)" 'BEGIN {printf "%.1f", b - a}') s"

# ---- SDMA user queues ----
# ROCr asked for SDMA (HSA_ENABLE_SDMA=1) on gfx7 copies with
# BlitSdmaV2V3 on a KFD SDMA queue, which KFD loads by registers on an
# RLC queue of the CIK SDMA (kgd_hqd_sdma_load). copy-sdma copies 4 MiB
# host -> VRAM -> host and checks every byte; it fails when KFD lists no
# SDMA queue of the process (ROCr then falls back to blit kernels without
# a word). Its diagnostics say how many KFD lists: one, the host-to-device
# copy's, when it looks.
aemu-hsa-compute --tests copy-sdma --label "sdma" --timeout "$HSA_TIMEOUT" \
    --code-object "$HSA_CODE_OBJECT" >/tmp/sdma.txt 2>&1
sed -n '/^#/p' /tmp/sdma.txt
if grep -q '^ok [0-9]* - sdma: copy-sdma' /tmp/sdma.txt; then
    tap_ok "ROCr copies host <-> VRAM on an SDMA user queue, byte by byte (copy-sdma)"
else
    tap_not_ok "ROCr copies host <-> VRAM on an SDMA user queue, byte by byte (copy-sdma)"
    tap_diag "$(cat /tmp/sdma.txt)"
fi
if grep -q '^# KFD lists [0-9]* compute and 1 SDMA queues of this process' /tmp/sdma.txt; then
    tap_ok "KFD lists ROCr's SDMA queue (1 SDMA queue of the process)"
else
    tap_not_ok "KFD lists ROCr's SDMA queue (1 SDMA queue of the process)"
    tap_diag "$(grep 'KFD lists' /tmp/sdma.txt)"
fi
tap_dmesg_unlike 'SDMA RLC not idle|DQM create queue' \
    "KFD loaded and destroyed the SDMA queue (no \"SDMA RLC not idle\", no \"DQM create queue\" error)"
unset LD_PRELOAD

# ---- The kernel log ----
errs=$(tap_dmesg | grep -E -e "$KFD_ERRORS" | head -n 5)
if [ -z "$errs" ]; then
    tap_ok "no KFD error in the kernel log after the programs"
else
    tap_not_ok "no KFD error in the kernel log after the programs"
    tap_diag "$errs"
fi
errs=$(tap_dmesg | grep -E -e "$KFD_ERRORS|amdgpu.*(error|failed)|BUG|WARNING|Call Trace" |
       head -n 5)
if [ -z "$errs" ]; then
    tap_ok "no errors in the kernel log after the programs"
else
    tap_not_ok "no errors in the kernel log after the programs"
    tap_diag "$errs"
fi
tap_diag "$(tap_dmesg | grep -iE 'kfd|amdgpu.*(queue|fault|hang|timeout)' | tail -n 20)"
tap_done
