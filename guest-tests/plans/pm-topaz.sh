#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# Power management on the emulated Topaz (docs/power.md, "Topaz"), one boot:
#  - amdgpu with DPM on (its default, amdgpu.dpm=-1): powerplay's
#    smu7_hwmgr with iceland_smumgr against the SMC model (SMU71 tables)
#    and the Topaz VBIOS (PowerPlay table v0, VoltageObjectInfo with VDDC
#    on SVI2); its probe time from the kernel timestamps;
#  - powerplay's kernel log: no failed SMC message, no "Failed to", no
#    *ERROR*, WARNING or BUG;
#  - pp_dpm_sclk / pp_dpm_mclk list several levels;
#    power_dpm_force_performance_level low / high / auto read back and move
#    the current level (low: the lowest SCLK, high: the top SCLK and MCLK);
#    in manual, a level written to pp_dpm_sclk / pp_dpm_mclk is current;
#  - rmmod amdgpu stops DPM cleanly (smu7_disable_dpm_tasks);
#  - hwmon: power1_input (what smu7_read_sensor offers on Topaz: the
#    firmware's PPSMC_MSG_GetCurrPkgPwr; Hawaii has power1_average instead)
#    is higher at the top level than at the lowest.
#
# amdgpu loads with no parameter at all: every block of vi_set_ip_blocks'
# Topaz list (vi_common, gmc_v7_4, iceland_ih, gfx_v8_0, sdma_v2_4,
# powerplay), dpm at its default.
# Run: scripts/run-guest.sh --plan pm-topaz --no-device -- -device amdgpu-emu,asic=topaz
# aemu-timeout: 900
. /tests/lib/tap.sh
. /tests/lib/pm.sh

TOPAZ_DEVICE=0x6900
# ip_block_mask's default as sysfs shows it (a uint): every block.
TOPAZ_MASK=4294967295
SETTLE=3

# What powerplay's log may not hold.
PM_BAD='failed to send message|Failed to|powerplay hw init failed|WARNING:|BUG:|Oops|\*ERROR\*|probe with driver amdgpu failed|Fatal error during GPU init'

dev=""
for d in /sys/bus/pci/devices/*; do
    [ "$(cat "$d/vendor")" = 0x1002 ] && [ "$(cat "$d/device")" = "$TOPAZ_DEVICE" ] && dev=$d
done
[ -n "$dev" ] || tap_bail "no emulated Topaz (1002:6900) on the PCI bus (run with -device amdgpu-emu,asic=topaz)"

rm -f /etc/modprobe.d/amdgpu-emu.conf
t0=$(tap_now)
tap_check "modprobe amdgpu" modprobe amdgpu
t1=$(tap_now)
tap_diag "modprobe amdgpu took $(awk -v a="$t0" -v b="$t1" 'BEGIN {printf "%.2f", b - a}')s"
tap_wait_dmesg 'Initialized amdgpu|probe with driver amdgpu failed|Fatal error during GPU init' 60 || true
sleep "$SETTLE"
p=/sys/module/amdgpu/parameters
tap_check "amdgpu runs every block (ip_block_mask at its default)" grep -qx "$TOPAZ_MASK" "$p/ip_block_mask"
tap_check "amdgpu took dpm=-1 (the default: DPM on)" grep -qx -- -1 "$p/dpm"
tap_check "amdgpu is bound to ${dev##*/}" test -e "/sys/bus/pci/drivers/amdgpu/${dev##*/}"
probe=$(tap_dmesg | awk '
    function ts(l) { sub(/^\[ */, "", l); sub(/\].*/, "", l); return l + 0 }
    /initializing kernel modesetting/ && !a { a = ts($0) }
    /Initialized amdgpu/ { b = ts($0) }
    END { if (a && b) printf "%.2f", b - a; else print "n/a" }')
tap_diag "amdgpu probe time with DPM on: ${probe}s (kernel timestamps)"
tap_diag "powerplay's lines: $(tap_dmesg | grep -i -E 'powerplay|smu|dpm' | head -n 8)"
tap_dmesg_unlike "$PM_BAD" "no failed SMC message, no 'Failed to', no *ERROR*/WARNING/BUG in the kernel log"

level=$dev/power_dpm_force_performance_level
[ -w "$level" ] || tap_bail "no writable $level: powerplay has no DPM"

# The level files and forced levels (pm.sh says why the lowest MCLK
# level is only reported, never checked).
PM_DEV=$dev
pm_levels
top_s=$PM_TOP_S top_m=$PM_TOP_M

tap_check "power_dpm_force_performance_level starts at auto" grep -qx auto "$level"
pm_force low 0 ""
pm_force high "$top_s" "$top_m"
pm_force auto 0 ""
pm_force manual "" ""
echo 1 >"$dev/pp_dpm_sclk"
tap_check "manual: writing 1 to pp_dpm_sclk makes level 1 current" test "$(pm_current "$dev/pp_dpm_sclk")" = 1
echo "$top_m" >"$dev/pp_dpm_mclk"
tap_check "manual: writing $top_m to pp_dpm_mclk makes level $top_m current" test "$(pm_current "$dev/pp_dpm_mclk")" = "$top_m"

hw=$(ls -d "$dev"/hwmon/hwmon* 2>/dev/null | head -n 1)
if [ -n "$hw" ]; then
    pm_force low 0 ""
    p_low=$(cat "$hw/power1_input" 2>/dev/null)
    pm_force high "$top_s" "$top_m"
    p_high=$(cat "$hw/power1_input" 2>/dev/null)
    tap_diag "power1_input: low ${p_low:-none} uW, high ${p_high:-none} uW; temp1_input $(cat "$hw/temp1_input" 2>/dev/null) m°C"
    tap_diag "hwmon files: $(ls "$hw" | tr '\n' ' ')"
    tap_check "power at the top level is above power at the lowest" \
        test "${p_high:-0}" -gt "${p_low:-0}"
    pm_force auto 0 ""
else
    tap_not_ok "amdgpu registered a hwmon device"
fi

tap_dmesg_unlike "$PM_BAD" "after the level changes: still no failed SMC message, *ERROR*, WARNING or BUG"

# Unload: smu7_disable_dpm_tasks stops DPM (iceland_is_dpm_running must say
# it runs, the MC arbiter goes back to F0) before the SMC is left.
tap_check "rmmod amdgpu" rmmod amdgpu
tap_dmesg_unlike "$PM_BAD|DPM is disabled|dpm has been disabled|Failed to disable" \
    "after rmmod: DPM stopped cleanly (no failed message, *ERROR*, WARNING or BUG)"
tap_done
