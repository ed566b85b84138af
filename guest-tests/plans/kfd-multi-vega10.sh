#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# aemu-needs: rocm
# aemu-gpus: 2
# aemu-iommu: intel
# Two emulated Vega10s behind one PCIe switch and QEMU's Intel IOMMU
# (issue 11, item 5): the guest boots with DMA remapping on
# (intel_iommu=on, no passthrough), so every DMA the devices make goes
# through the IOMMU's page tables; they share a switch, as in multi-GPU
# servers. KFD runs without the hardware scheduler here
# (amdgpu.sched_policy=2: it loads HQDs and SDMA RLC queues by registers
# and stops them with dequeue requests), so the guest covers both policies
# (hsa-vega10 runs the default, HWS). Checks: the switch;
# both GPUs bound to amdgpu, each in an IOMMU group; KFD adds both and its
# topology has two GPU nodes; rocminfo lists two gfx900 agents; ROCr's
# SDMA copies, kernel dispatches (vector add, a barrier-AND, 200 dispatches
# around the ring) and a PM4 queue with a KFD event on the first GPU; and
# a system buffer (GTT) opened to both
# GPUs that GPU A's SDMA writes and GPU B's SDMA reads (KFD maps it on B
# through a DMA-buf attachment: aemu-hsa-compute's peer test), every byte
# checked; then no IOMMU fault and no KFD or amdgpu error in the kernel
# log but one known to come from Debian's 6.12 kernel itself:
#   libhsakmt maps each GPU's MMIO remap page (its HDP flush register,
#   KFD_IOC_ALLOC_MEM_FLAGS_MMIO_REMAP) on every GPU; on a peer that needs
#   amdgpu_device_is_peer_accessible, false without CONFIG_HSA_AMD_P2P,
#   which Debian's kernel lacks (no CONFIG_PCI_P2PDMA), so kfd_mem_attach
#   refuses it: "Failed to map peer:... mem_domain:2" for each process; the
#   process then exits with the page still allocated, and freeing it
#   unpins a BO whose pin count is already 0 (a WARNING in ttm_bo_unpin
#   from kfd_process_free_outstanding_kfd_bos). The plan counts both and
#   fails on anything else.
# Run: scripts/run-guest.sh --plan kfd-multi-vega10 -- -global amdgpu-emu.asic=vega10
# (the plan's header lines above give run-guest.sh the two devices and the
# IOMMU; by hand: --gpus 2 --iommu intel).
. /tests/lib/tap.sh
. /tests/lib/amdgpu.sh

HSA_TIMEOUT=${HSA_TIMEOUT:-20}

amdgpu_find_device || tap_bail "no emulated AMD GPU on the PCI bus (run without --no-device?)"
[ "$AMDGPU_CHIP" = vega10 ] || tap_bail "the GPU is a $AMDGPU_CHIP, this plan expects a vega10"
gpus=""
for d in /sys/bus/pci/devices/*; do
    [ "$(cat "$d/vendor")" = 0x1002 ] && [ "$(cat "$d/device")" = 0x687f ] &&
        gpus="$gpus ${d##*/}"
done
set -- $gpus
tap_check "two Vega10s on the PCI bus ($gpus)" test $# -eq 2
# Both below the same upstream port: their parents' parent is one bridge.
up=""
for g in $gpus; do
    p=$(readlink -f "/sys/bus/pci/devices/$g/..")
    up="$up ${p%/*}"
done
set -- $up
tap_check "both GPUs are behind one PCIe switch (${1##*/})" test $# -eq 2 -a "$1" = "$2"

# ---- The IOMMU ----
tap_dmesg_like 'DMAR: Intel\(R\) Virtualization Technology for Directed I/O' \
    "the guest's Intel IOMMU driver took QEMU's IOMMU"
for g in $gpus; do
    grp=$(readlink "/sys/bus/pci/devices/$g/iommu_group" 2>/dev/null)
    tap_check "$g is in IOMMU group ${grp##*/}" test -n "$grp"
    dom=$(cat "/sys/bus/pci/devices/$g/iommu_group/type" 2>/dev/null)
    # DMA: translated through the IOMMU's tables (identity would bypass them).
    case $dom in
        DMA|DMA-FQ) tap_ok "$g's IOMMU domain translates ($dom)" ;;
        *) tap_not_ok "$g's IOMMU domain translates"; tap_diag "domain type '${dom:-none}'" ;;
    esac
done

# No hardware scheduler: KFD programs the queues itself.
AMDGPU_PARAMS="$AMDGPU_PARAMS sched_policy=2"
amdgpu_load
tap_check "amdgpu runs without the hardware scheduler (sched_policy 2)" \
    grep -qx 2 /sys/module/amdgpu/parameters/sched_policy
for g in $gpus; do
    drv=$(readlink "/sys/bus/pci/devices/$g/driver" 2>/dev/null)
    tap_check "$g is bound to amdgpu" test "${drv##*/}" = amdgpu
done

# ---- KFD: both GPUs ----
added=$(tap_dmesg | grep -c 'kfd kfd: amdgpu: added device 1002:687f')
tap_check "amdkfd added both GPUs ($added)" test "$added" -eq 2
topo=/sys/class/kfd/kfd/topology/nodes
n=0
for node in "$topo"/*; do
    v=$(awk '$1 == "gfx_target_version" { print $2 }' "$node/properties" 2>/dev/null)
    [ "$v" = 90000 ] && n=$((n + 1))
done
tap_check "KFD's topology has two gfx900 nodes ($n)" test "$n" -eq 2
out=/tmp/rocminfo.txt
rocminfo >"$out" 2>&1
agents=$(grep -c '^ *Name: *gfx900 *$' "$out")
tap_check "rocminfo lists two gfx900 agents ($agents)" test "$agents" -eq 2

# ---- Copies through the IOMMU ----
[ -d /sys/kernel/debug/kfd ] || mount -t debugfs none /sys/kernel/debug 2>/dev/null
tap_run aemu-hsa-compute --label "2 x vega10 hsa" --timeout "$HSA_TIMEOUT" \
    --tests init,code-object-freeze,vadd,barrier-and,ring-wrap,copy-sdma,peer
tap_run aemu-kfd-queue --label "2 x vega10 kfd" --timeout "$HSA_TIMEOUT"

# ---- The kernel log ----
amdgpu_kfd_multi_log_checks
tap_done
