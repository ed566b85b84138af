# SPDX-License-Identifier: GPL-2.0-or-later
# Loading the unmodified amdgpu driver on the emulated GPU, shared by the
# guest test plans (busybox sh). Source it after /tests/lib/tap.sh:
#   . /tests/lib/amdgpu.sh
# amdgpu_find_device       set AMDGPU_DEV to the PCI address of the emulated
#                          GPU, AMDGPU_CHIP to its chip (hawaii: 1002:67b0,
#                          vega10: 1002:687f, topaz: 1002:6900) and
#                          AMDGPU_PARAMS to that
#                          chip's parameters (returns 1 if there is none);
#                          AMDGPU_FW_LOAD=direct picks Vega10's direct
#                          firmware loading instead of the PSP
# amdgpu_load              write modprobe.d options for amdgpu and radeon
#                          (AMDGPU_PARAMS, RADEON_PARAMS), modprobe amdgpu,
#                          report it and the parameters it took, and wait
#                          until the driver has initialized and its delayed
#                          IB tests have run (AMDGPU_SETTLE seconds); with
#                          AMDGPU_KEEP_BOUND=1 (a plan made of several,
#                          probe-topaz.sh) a driver already bound is kept
# amdgpu_check_bound       ok if amdgpu is bound to $AMDGPU_DEV
# amdgpu_param NAME VALUE  set amdgpu's parameter NAME to VALUE in
#                          AMDGPU_PARAMS (replaced if there, else added)
# amdgpu_release_fbcon     take fbcon off the driver's framebuffer (before
#                          an rmmod; amdgpu_load does it after loading)
# The parameters are those of docs/module-parameters.md; a plan may change
# the variables before amdgpu_load, and more can come from the kernel
# command line (amdgpu.foo=bar; modprobe reads it).

# Bring-up parameters per chip (docs/module-parameters.md); virtual_display
# "all,1" is accepted by amdgpu_device_enable_virtual_display. Hawaii runs
# powerplay's DPM (the driver's default) against the SMC model
# (docs/power.md), UVD and VCE (docs/uvd-vce.md) and Display Core
# (headless: no connector in the VBIOS; docs/display.md); aspm, pcie_gen2,
# runpm, cg_mask, pg_mask, gpu_recovery and lockup_timeout keep the
# driver's defaults (docs/module-parameters.md). Vega10 runs the virtual
# display.
AMDGPU_PARAMS_HAWAII="cik_support=1"
# Vega10: the driver's default firmware loading (through the PSP), without
# UVD and VCE (ip_block_mask 0xff keeps blocks 0-7 of the PSP order:
# common, gmc, ih, psp, powerplay, vkms, gfx, sdma; vega10-bringup.md 2.3).
_amdgpu_vega10_common="virtual_display=all,1 dpm=0 cg_mask=0 pg_mask=0 aspm=0
 runpm=0 ras_enable=0 gpu_recovery=0 lockup_timeout=60000"
AMDGPU_PARAMS_VEGA10="ip_block_mask=0xff $_amdgpu_vega10_common"
AMDGPU_MASK_VEGA10=255
# A plan that sets AMDGPU_FW_LOAD=direct before amdgpu_find_device gets
# direct loading: no psp block, so powerplay moves behind SDMA and the same
# blocks are 0-6 (ip_block_mask 0x7f).
AMDGPU_PARAMS_VEGA10_DIRECT="fw_load_type=0 ip_block_mask=0x7f $_amdgpu_vega10_common"
AMDGPU_MASK_VEGA10_DIRECT=127
# Topaz: none at all, the driver's defaults (DPM on, every block;
# docs/topaz.md, docs/power.md "Topaz").
AMDGPU_PARAMS_TOPAZ=""
AMDGPU_PARAMS=$AMDGPU_PARAMS_HAWAII
RADEON_PARAMS="cik_support=0"

# Seconds to wait after the driver initialized for late messages (the IB
# tests run from delayed work 2 s after init,
# amdgpu_device_delayed_init_work_handler).
AMDGPU_SETTLE=4

AMDGPU_DEV=""
AMDGPU_CHIP=""

# fbcon off the driver's framebuffer: no cursor blink, no virtual terminal
# bound to it (a reload's rmmod would fail while fbcon holds it).
amdgpu_release_fbcon() {
    . /tests/lib/display.sh
    display_release_fbcon
}

amdgpu_param() {
    AMDGPU_PARAMS="$(echo $AMDGPU_PARAMS | sed -e "s/\(^\| \)$1=[^ ]*//g") $1=$2"
}

amdgpu_find_device() {
    for _amdgpu_d in /sys/bus/pci/devices/*; do
        [ "$(cat "$_amdgpu_d/vendor")" = 0x1002 ] || continue
        case "$(cat "$_amdgpu_d/device")" in
        0x67b0) AMDGPU_CHIP=hawaii AMDGPU_PARAMS=$AMDGPU_PARAMS_HAWAII ;;
        0x6900) AMDGPU_CHIP=topaz AMDGPU_PARAMS=$AMDGPU_PARAMS_TOPAZ ;;
        0x687f)
            AMDGPU_CHIP=vega10 AMDGPU_PARAMS=$AMDGPU_PARAMS_VEGA10
            if [ "${AMDGPU_FW_LOAD:-}" = direct ]; then
                AMDGPU_PARAMS=$AMDGPU_PARAMS_VEGA10_DIRECT
                AMDGPU_MASK_VEGA10=$AMDGPU_MASK_VEGA10_DIRECT
            fi
            ;;
        *) continue ;;
        esac
        AMDGPU_DEV=${_amdgpu_d##*/}
        return 0
    done
    return 1
}

amdgpu_load() {
    if [ -n "${AMDGPU_KEEP_BOUND:-}" ] && [ -e "/sys/bus/pci/drivers/amdgpu/$AMDGPU_DEV" ]; then
        tap_diag "amdgpu is already bound to $AMDGPU_DEV (an earlier plan of this boot loaded it)"
        return 0
    fi
    # Options for both drivers, also for radeon in case something loads it.
    echo "options amdgpu" $AMDGPU_PARAMS >/etc/modprobe.d/amdgpu-emu.conf
    echo "options radeon $RADEON_PARAMS" >>/etc/modprobe.d/amdgpu-emu.conf

    _amdgpu_t0=$(tap_now)
    tap_check "modprobe amdgpu" modprobe amdgpu
    _amdgpu_t1=$(tap_now)
    tap_diag "modprobe amdgpu took $(awk -v a="$_amdgpu_t0" -v b="$_amdgpu_t1" 'BEGIN {printf "%.2f", b - a}')s"
    tap_diag "parameters: $(echo $AMDGPU_PARAMS)"
    _amdgpu_p=/sys/module/amdgpu/parameters
    if [ "$AMDGPU_CHIP" = hawaii ]; then
        tap_check "amdgpu took cik_support=1 (from modprobe.d)" grep -qx 1 "$_amdgpu_p/cik_support"
    elif [ "$AMDGPU_CHIP" = topaz ]; then
        # VI needs no gate (no cik_support, no ip_block_mask): the
        # defaults, DPM on (-1) and every block.
        tap_check "amdgpu runs its defaults: dpm=-1, ip_block_mask=0xffffffff" \
            sh -c "grep -qx -- -1 $_amdgpu_p/dpm && grep -qx 4294967295 $_amdgpu_p/ip_block_mask"
    else
        # A uint parameter: sysfs shows it in decimal.
        tap_check "amdgpu took ip_block_mask=$AMDGPU_MASK_VEGA10 (from modprobe.d)" grep -qx "$AMDGPU_MASK_VEGA10" "$_amdgpu_p/ip_block_mask"
    fi
    tap_diag "virtual_display=$(cat "$_amdgpu_p/virtual_display" 2>/dev/null) ip_block_mask=$(cat "$_amdgpu_p/ip_block_mask" 2>/dev/null) dpm=$(cat "$_amdgpu_p/dpm" 2>/dev/null)"
    tap_wait_dmesg 'Initialized amdgpu|probe with driver amdgpu failed|Fatal error during GPU init' 10 || true
    # The virtual display's vblank is a guest hrtimer: under heavy load on
    # TCG it runs late, and every frame fbcon commits (its cursor blink
    # every 200 ms, any kernel message it draws) waits for a vblank that
    # then times out with a WARNING. No plan tests display output: stop
    # the blink and take fbcon off the virtual terminals altogether.
    amdgpu_release_fbcon
    sleep "$AMDGPU_SETTLE"
}

amdgpu_check_bound() {
    tap_check "amdgpu is bound to $AMDGPU_DEV" test -e "/sys/bus/pci/drivers/amdgpu/$AMDGPU_DEV"
}

# What KFD logs when something went wrong (amdkfd's dev_err/pr_err lines
# the plans must not see): for tap_dmesg_unlike.
AMDGPU_KFD_ERRORS='NOT added|kfd.*(error|fail)|Failed to allocate buffer on kernel queue|cp queue preemption|unrecoverable state|failed to execute runlist'

# The kernel-log checks of a KFD plan on two GPUs behind the Intel IOMMU
# (kfd-multi-vega10, bench-kfd): no IOMMU fault; 6.12's complaints without
# CONFIG_HSA_AMD_P2P (refused MMIO-remap peer mappings, and the
# ttm_bo_unpin WARNING KFD's teardown of their BOs gives) counted apart and
# checked to come from there; no KFD error; no other amdgpu error, oops or
# warning.
amdgpu_kfd_multi_log_checks() {
    local peer unpin unpin_kfd errs
    tap_dmesg_unlike 'DMAR: \[DMA (Read|Write)|DMAR: DRHD: handling fault' "no IOMMU fault"
    peer=$(tap_dmesg | grep -c 'Failed to map peer:.* mem_domain:2$')
    unpin=$(tap_dmesg | grep -c 'WARNING: .* ttm_bo_unpin')
    unpin_kfd=$(tap_dmesg | grep -c 'kfd_process_free_outstanding_kfd_bos')
    tap_diag "6.12 without CONFIG_HSA_AMD_P2P: $peer refused MMIO-remap peer mappings, $unpin ttm_bo_unpin warning(s) at process teardown"
    tap_check "every ttm_bo_unpin warning is KFD freeing a process's leftover BO ($unpin_kfd of $unpin)" \
        test "$unpin" -le "$unpin_kfd"
    tap_dmesg_unlike "$AMDGPU_KFD_ERRORS" "no KFD error in the kernel log"
    # The optional IP discovery binary is the one expected "failed to load".
    errs=$(tap_dmesg | grep -E -e "amdgpu.*(error|failed)|BUG|WARNING|ring .* timeout" |
           grep -v -e 'vega10_ip_discovery.bin' -e 'Failed to map peer:.* mem_domain:2$' \
                   -e 'WARNING: .* ttm_bo_unpin' | head -n 5)
    if [ -z "$errs" ]; then
        tap_ok "no amdgpu error, oops or warning in the kernel log"
    else
        tap_not_ok "no amdgpu error, oops or warning in the kernel log"
        tap_diag "$errs"
    fi
}
