#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# What the power-management plans (pm.sh on Hawaii, pm-topaz.sh) share:
# reading powerplay's DPM level files and forcing performance levels.
# Set PM_DEV to the GPU's sysfs directory first.
# pm_current FILE        the index of the starred (current) level
# pm_count FILE          how many levels FILE lists
# pm_levels              print pp_dpm_sclk/mclk/pcie, check both clocks
#                        have several levels, set PM_TOP_S / PM_TOP_M to
#                        the top SCLK / MCLK index
# pm_force LEVEL S M     write LEVEL to power_dpm_force_performance_level,
#                        check it reads back and that SCLK level S and
#                        MCLK level M are current (an empty index: only
#                        report it)

pm_current() { awk '/\*/ {sub(/:$/, "", $1); print $1; exit}' "$1"; }
pm_count() { grep -c 'Mhz' "$1"; }

pm_levels() {
    _pm_ns=$(pm_count "$PM_DEV/pp_dpm_sclk")
    _pm_nm=$(pm_count "$PM_DEV/pp_dpm_mclk")
    tap_diag "pp_dpm_sclk:
$(cat "$PM_DEV/pp_dpm_sclk")
pp_dpm_mclk:
$(cat "$PM_DEV/pp_dpm_mclk")
pp_dpm_pcie:
$(cat "$PM_DEV/pp_dpm_pcie" 2>&1)"
    tap_check "pp_dpm_sclk has more than one level ($_pm_ns)" test "$_pm_ns" -ge 2
    tap_check "pp_dpm_mclk has more than one level ($_pm_nm)" test "$_pm_nm" -ge 2
    PM_TOP_S=$((_pm_ns - 1)) PM_TOP_M=$((_pm_nm - 1))
}

pm_force() {
    echo "$1" >"$PM_DEV/power_dpm_force_performance_level" 2>/tmp/pm-err
    _pm_got=$(cat "$PM_DEV/power_dpm_force_performance_level")
    tap_check "power_dpm_force_performance_level $1 reads back ($_pm_got)" test "$_pm_got" = "$1"
    _pm_s=$(pm_current "$PM_DEV/pp_dpm_sclk") _pm_m=$(pm_current "$PM_DEV/pp_dpm_mclk")
    tap_diag "$1: current sclk level $_pm_s, mclk level $_pm_m; $(grep -E 'SCLK|MCLK' /sys/kernel/debug/dri/*/amdgpu_pm_info 2>/dev/null | tr -s ' \n' ' ')"
    [ -z "$2" ] || tap_check "$1: pp_dpm_sclk shows level $2 current ($_pm_s)" test "$_pm_s" = "$2"
    [ -z "$3" ] || tap_check "$1: pp_dpm_mclk shows level $3 current ($_pm_m)" test "$_pm_m" = "$3"
}
