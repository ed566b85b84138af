#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# Power management on the emulated Hawaii (docs/power.md), in one boot:
#  - amdgpu's probe time with amdgpu.dpm=0, then (rmmod, modprobe) with
#    DPM on, the driver's default: powerplay (smu7_hwmgr, ci_smumgr)
#    against the SMC model and the VBIOS PowerPlay table; the kernel
#    timestamps from "initializing kernel modesetting" to "Initialized
#    amdgpu" of each load are printed;
#  - the DPM load's kernel log: no failed SMC message, no "Failed to", no
#    WARNING or BUG;
#  - power_dpm_force_performance_level: auto, low, high, manual and
#    profile_standard read back as written, and the current SCLK/MCLK level
#    in pp_dpm_sclk / pp_dpm_mclk follows (SCLK low: the lowest, high: the
#    top, auto on an idle GPU: the lowest; MCLK high: the top); in manual, a
#    level written to pp_dpm_sclk / pp_dpm_mclk becomes the current one;
#  - hwmon: temp1_input and power1_average read plausible values, power
#    is higher at the top level than at the lowest; no fan files (the
#    board has no fan); gpu_busy_percent reads;
#  - libdrm's amdgpu_test "Stable pstate Test" (when amdgpu_test is in the
#    guest), which asks for the PEAK stable pstate through the context
#    ioctl and reads it back;
#  - which sysfs power files read and which do not (a diagnostic table).
# Run: scripts/run-guest.sh --plan pm
# aemu-timeout: 900
. /tests/lib/tap.sh
. /tests/lib/pm.sh
. /tests/lib/amdgpu.sh
# For its kernel-log marks (suspend_mark, suspend_since) only.
. /tests/lib/suspend.sh

amdgpu_find_device || tap_bail "no emulated AMD GPU on the PCI bus (run without --no-device?)"
[ "$AMDGPU_CHIP" = hawaii ] || tap_bail "the GPU is a $AMDGPU_CHIP, this plan expects a hawaii"

# What the DPM load's kernel log may not hold.
PM_BAD='failed to send message|Failed to|powerplay hw init failed|WARNING:|BUG:|Oops|\*ERROR\*|probe with driver amdgpu failed|Fatal error during GPU init'

# log_clean WHAT: ok if the log since the DPM load has no PM_BAD line.
log_clean() {
    _bad=$(suspend_since "load dpm on" | grep -E -e "$PM_BAD" | head -n 5)
    if [ -z "$_bad" ]; then
        tap_ok "$1: no failed SMC message, no 'Failed to', no WARNING/BUG in the kernel log"
    else
        tap_not_ok "$1: no failed SMC message, no 'Failed to', no WARNING/BUG in the kernel log"
        tap_diag "$_bad"
    fi
}

# Seconds between the driver's first and last probe lines after a mark.
probe_seconds() {
    suspend_since "$1" | awk '
        function ts(l) { sub(/^\[ */, "", l); sub(/\].*/, "", l); return l + 0 }
        /initializing kernel modesetting/ && !a { a = ts($0) }
        /Initialized amdgpu/ { b = ts($0) }
        END { if (a && b) printf "%.2f", b - a; else print "n/a" }'
}

# ---- Probe time: dpm=0, then DPM on, same boot ----

dpm_params=$AMDGPU_PARAMS
suspend_mark "load dpm=0"
AMDGPU_PARAMS="$dpm_params dpm=0"
amdgpu_load
amdgpu_check_bound
t_off=$(probe_seconds "load dpm=0")
tap_check "rmmod amdgpu (after the dpm=0 load)" rmmod amdgpu

suspend_mark "load dpm on"
AMDGPU_PARAMS=$dpm_params
amdgpu_load
amdgpu_check_bound
t_on=$(probe_seconds "load dpm on")
tap_diag "amdgpu probe time: dpm=0 ${t_off}s, DPM on ${t_on}s (kernel timestamps, same boot)"
tap_check "amdgpu took dpm=-1 (the default: DPM on)" grep -qx -- -1 /sys/module/amdgpu/parameters/dpm
tap_diag "powerplay's lines: $(suspend_since "load dpm on" | grep -i -E 'powerplay|smu|dpm' | head -n 8)"
log_clean "DPM load"

dev=/sys/bus/pci/devices/$AMDGPU_DEV
level=$dev/power_dpm_force_performance_level
[ -w "$level" ] || tap_bail "no writable $level: powerplay has no DPM"

# The level files and forced levels. The lowest MCLK level is only
# reported: powerplay keeps MCLK at the top when it thinks a display cannot
# switch it (smu7_apply_state_adjust_rules), which trims the lower MCLK
# levels.
PM_DEV=$dev
pm_levels
top_s=$PM_TOP_S top_m=$PM_TOP_M

tap_check "power_dpm_force_performance_level starts at auto" grep -qx auto "$level"
pm_force low 0 ""
pm_force high "$top_s" "$top_m"
pm_force auto 0 ""
pm_force profile_standard "" ""
pm_force manual "" ""
echo 1 >"$dev/pp_dpm_sclk"
tap_check "manual: writing 1 to pp_dpm_sclk makes level 1 current" test "$(pm_current "$dev/pp_dpm_sclk")" = 1
echo "$top_m" >"$dev/pp_dpm_mclk"
tap_check "manual: writing $top_m to pp_dpm_mclk makes level $top_m current" test "$(pm_current "$dev/pp_dpm_mclk")" = "$top_m"
echo 0 >"$dev/pp_dpm_sclk"
tap_check "manual: writing 0 to pp_dpm_sclk makes level 0 current" test "$(pm_current "$dev/pp_dpm_sclk")" = 0

# ---- Sensors ----

hw=$(ls -d "$dev"/hwmon/hwmon* 2>/dev/null | head -n 1)
if [ -n "$hw" ]; then
    tap_diag "hwmon files: $(ls "$hw" | tr '\n' ' ')"
    temp=$(cat "$hw/temp1_input" 2>/dev/null)
    tap_check "hwmon temp1_input is a die temperature (${temp:-none} m°C)" \
        sh -c "[ '${temp:-0}' -gt 20000 ] && [ '${temp:-0}' -lt 110000 ]"
    pm_force low 0 ""
    p_low=$(cat "$hw/power1_average" 2>/dev/null)
    pm_force high "$top_s" "$top_m"
    p_high=$(cat "$hw/power1_average" 2>/dev/null)
    tap_check "hwmon power1_average reads (low ${p_low:-none} uW, high ${p_high:-none} uW)" \
        sh -c "[ '${p_low:-0}' -gt 0 ] && [ '${p_high:-0}' -gt 0 ]"
    tap_check "power at the top level is above power at the lowest" \
        test "${p_high:-0}" -gt "${p_low:-0}"
    tap_check "no fan: hwmon has no pwm1 or fan1_input" \
        sh -c "! [ -e '$hw/pwm1' ] && ! [ -e '$hw/fan1_input' ]"
    pm_force auto 0 ""
else
    tap_not_ok "amdgpu registered a hwmon device"
fi
busy=$(cat "$dev/gpu_busy_percent" 2>/dev/null)
tap_check "gpu_busy_percent reads a percentage (${busy:-none})" \
    sh -c "[ -n '$busy' ] && [ '$busy' -ge 0 ] && [ '$busy' -le 100 ]"

# ---- libdrm's Stable pstate test ----

if command -v amdgpu_test >/dev/null && amdgpu_test -l >/tmp/pm-list 2>/dev/null; then
    ids=$(awk '/^Suite: / {sid = $2 + 0; basic = ($0 ~ /Basic Tests/)}
               /^ Test: / && basic && /Stable pstate/ {print sid, $2 + 0; exit}' /tmp/pm-list)
    if [ -n "$ids" ]; then
        set -- $ids
        amdgpu_test -s "$1" -t "$2" >/tmp/pm-pstate 2>&1
        row=$(awk '$1 == "asserts" {print $2, $3, $4, $5; exit}' /tmp/pm-pstate)
        tap_diag "amdgpu_test Stable pstate: asserts (total ran passed failed) $row"
        tap_check "libdrm amdgpu_test Stable pstate Test passes" \
            sh -c "echo '$row' | awk '\$2 > 0 && \$4 == 0 {ok = 1} END {exit !ok}'"
        tap_check "the level is back to auto after the test" grep -qx auto "$level"
    else
        tap_skip "libdrm amdgpu_test Stable pstate Test" "amdgpu_test does not list it"
    fi
else
    tap_skip "libdrm amdgpu_test Stable pstate Test" "no amdgpu_test in the guest (scripts/build-libdrm-tests.sh)"
fi

# ---- Which sysfs power files read ----

works="" fails=""
for f in power_dpm_state power_dpm_force_performance_level pp_num_states \
         pp_cur_state pp_force_state pp_table pp_dpm_sclk pp_dpm_mclk \
         pp_dpm_pcie pp_sclk_od pp_mclk_od pp_power_profile_mode \
         pp_od_clk_voltage gpu_busy_percent mem_busy_percent pp_features \
         gpu_metrics unique_id; do
    if [ -e "$dev/$f" ] && cat "$dev/$f" >/dev/null 2>&1; then
        works="$works $f"
    else
        fails="$fails $f$([ -e "$dev/$f" ] || echo '(absent)')"
    fi
done
if [ -n "$hw" ]; then
    for f in "$hw"/*_input "$hw"/*_average "$hw"/*_cap "$hw"/*_label "$hw"/*_crit; do
        [ -e "$f" ] || continue
        if cat "$f" >/dev/null 2>&1; then
            works="$works hwmon/${f##*/}"
        else
            fails="$fails hwmon/${f##*/}"
        fi
    done
fi
tap_diag "sysfs power files that read:$works"
tap_diag "sysfs power files that do not:${fails:- none}"

log_clean "after the level changes and sensor reads"
tap_done
