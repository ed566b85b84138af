#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# aemu-needs: rocm
# KFD (amdkfd, built into Debian's amdgpu) on the emulated Vega10
# (1002:687f), issue 11's first milestone: amdkfd adds the GPU with the
# default scheduling policy (the hardware scheduler behind the HIQ),
# /dev/kfd exists, the GPU's topology node carries the device's values,
# and Debian's rocminfo (ROCm 5.2.3) initializes the HSA runtime and lists
# the agent as gfx900 with the device's marketing name. Expected values
# are read in the guest (kernel log, PCI and amdgpu sysfs, debugfs) where
# the device or the driver says them; the rest are amdgpu's constants for
# gfx9, cited where they are set.
# Run: scripts/run-guest.sh --plan kfd-vega10 -- -global amdgpu-emu.asic=vega10
. /tests/lib/tap.sh
. /tests/lib/amdgpu.sh

amdgpu_find_device || tap_bail "no emulated AMD GPU on the PCI bus (run without --no-device?)"
[ "$AMDGPU_CHIP" = vega10 ] || tap_bail "the GPU is a $AMDGPU_CHIP, this plan expects a vega10"
amdgpu_load
amdgpu_check_bound

# ---- KFD took the device ----
tap_dmesg_like 'kfd kfd: amdgpu: added device 1002:687f' "amdkfd added the GPU"
# KFD's own failure messages (kfd_device.c, kfd_kernel_queue.c,
# kfd_device_queue_manager.c).
KFD_ERRORS=$AMDGPU_KFD_ERRORS
tap_dmesg_unlike "$KFD_ERRORS" "no KFD error in the kernel log"
tap_check "/dev/kfd is a character device" test -c /dev/kfd
tap_check "amdgpu runs the hardware scheduler (sched_policy 0)" \
    grep -qx 0 /sys/module/amdgpu/parameters/sched_policy

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

# The CU layout the driver read from the device (gfx_v9_0_get_cu_info
# prints it): "SE 4, SH per SE 1, CU per SH 16, active_cu_number 64".
layout=$(tap_dmesg | sed -n 's/.*SE \([0-9]*\), SH per SE \([0-9]*\), CU per SH \([0-9]*\), active_cu_number \([0-9]*\).*/\1 \2 \3 \4/p' | tail -n 1)
set -- $layout
if [ $# -eq 4 ]; then
    se=$1 sh=$2 cu_per_sh=$3 cus=$4
    # gfx9 has 4 SIMDs per CU (gfx_v9_0_get_cu_info: simd_per_cu).
    check_prop simd_count $((cus * 4)) "$cus active CUs x 4 SIMDs"
    check_prop array_count $((se * sh)) "$se SEs x $sh SH"
    check_prop simd_arrays_per_engine "$sh" "SH per SE"
    check_prop cu_per_simd_array "$cu_per_sh" "CU per SH"
else
    tap_not_ok "the kernel log gives the CU layout"
fi
check_prop gfx_target_version 90000 "gfx900: GC 9.0.1 in kgd2kfd_probe"
check_prop simd_per_cu 4 "gfx_v9_0_get_cu_info"
check_prop max_waves_per_simd 10 "gfx_v9_0_get_cu_info"
check_prop lds_size_in_kb 64 "gfx_v9_0_get_cu_info"
check_prop wave_front_size 64 "gfx_v9_0_get_cu_info"
check_prop vendor_id $(($(cat /sys/bus/pci/devices/$AMDGPU_DEV/vendor))) "PCI vendor"
check_prop device_id $(($(cat /sys/bus/pci/devices/$AMDGPU_DEV/device))) "PCI device"
# location_id is the PCI bus/devfn: bus << 8 | device << 3 | function.
bdf=${AMDGPU_DEV#*:}
bus=$((0x${bdf%%:*})) dev=${bdf#*:} fn=$((${dev#*.})) dev=$((0x${dev%.*}))
check_prop location_id $((bus << 8 | dev << 3 | fn)) "PCI $AMDGPU_DEV"
render=$(ls /sys/bus/pci/devices/$AMDGPU_DEV/drm | sed -n 's/^renderD//p' | head -n 1)
check_prop drm_render_minor "$render" "renderD$render of the device"
# KFD gets the MEC1 queues amdgpu's kernel compute rings leave: MEC1 has
# 4 pipes x 8 queues (gfx_v9_0_sw_init), the KCQs are the comp_1.p.q rings.
kcqs=$(tap_dmesg | grep -c 'ring comp_1\.[0-9]\.[0-9] uses VM inv eng')
check_prop num_cp_queues $((4 * 8 - kcqs)) "32 MEC1 queues - $kcqs KCQs"
check_prop num_sdma_engines 2 "sdma_v4_0: two instances"
check_prop num_sdma_queues_per_engine 2 "kfd_device_info_init for SDMA 4.0"
# The firmware versions the driver read from the MEC and SDMA images.
fwinfo=""
[ -d /sys/kernel/debug/dri ] || mount -t debugfs none /sys/kernel/debug 2>/dev/null
for f in /sys/kernel/debug/dri/*/amdgpu_firmware_info; do
    [ -f "$f" ] && fwinfo=$f && break
done
if [ -n "$fwinfo" ]; then
    mec=$(sed -n 's/^MEC feature version: [0-9]*, firmware version: \(0x[0-9a-f]*\).*/\1/p' "$fwinfo" | head -n 1)
    sdma=$(sed -n 's/^SDMA0 feature version: [0-9]*, firmware version: \(0x[0-9a-f]*\).*/\1/p' "$fwinfo" | head -n 1)
    check_prop fw_version $((mec)) "MEC firmware $mec (amdgpu_firmware_info)"
    check_prop sdma_fw_version $((sdma)) "SDMA0 firmware $sdma (amdgpu_firmware_info)"
else
    tap_skip "fw_version" "no amdgpu_firmware_info in debugfs"
    tap_skip "sdma_fw_version" "no amdgpu_firmware_info in debugfs"
fi
# Local memory: the whole VRAM as one bank (kfd_crat.c: FB_PUBLIC when all
# of it is CPU-visible, FB_PRIVATE otherwise).
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
# revision in amdgpu.ids (what libhsakmt asks it for); libdrm names a part
# it does not list "AMD Radeon Graphics" (the model's revision 0 is not
# listed: asic_vega10.c).
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
if grep -q '^ *Name: *gfx900 *$' "$out"; then
    tap_ok "rocminfo lists a gfx900 agent"
else
    tap_not_ok "rocminfo lists a gfx900 agent"
    tap_diag "$(tail -n 40 "$out")"
fi
# The first "Marketing Name:" after the agent's "Name: gfx900" (a Uuid
# line comes between them).
agent_market=$(awk '/^ *Name: *gfx900 *$/ { a = 1 }
    a && sub(/^ *Marketing Name: */, "") { sub(/ *$/, ""); print; exit }' "$out")
if [ "$agent_market" = "$market" ]; then
    tap_ok "the gfx900 agent's marketing name is '$market'"
else
    tap_not_ok "the gfx900 agent's marketing name is '$market'"
    tap_diag "rocminfo says '$agent_market'"
fi
tap_check "rocminfo's agent has the $cus CUs of the device" \
    grep -q "Compute Unit: *$cus *\$" "$out"
# The optional IP discovery binary is the one expected "failed to load".
errs=$(tap_dmesg | grep -E -e "$KFD_ERRORS|amdgpu.*(error|failed)|BUG|WARNING|Call Trace" |
       grep -v 'vega10_ip_discovery.bin' | head -n 5)
if [ -z "$errs" ]; then
    tap_ok "no errors in the kernel log after rocminfo"
else
    tap_not_ok "no errors in the kernel log after rocminfo"
    tap_diag "$errs"
fi
tap_done
