# SPDX-License-Identifier: GPL-2.0-or-later
# radeon with no module parameters: the checks every radeon plan shares
# (radeon.sh on Hawaii, radeon-rs780.sh on the RS780). Source after tap.sh.
#
# radeon_find_dev ID         sets DEV to the 1002:ID function, or bails
# radeon_stock               no radeon./amdgpu. option anywhere (2 tests)
# radeon_load CHIP           modprobe radeon, bound to $DEV, the probe time
#                            (CHIP: the name radeon logs, e.g. HAWAII)
# radeon_expect LINES NOT    every ERE of LINES in the log, none of NOT
# radeon_only_failures ALLOWED DESC
#                            no radeon/drm failure line but ALLOWED's
#                            (an extended regex; empty: none allowed)
# radeon_card0               /dev/dri/card0 there and answering as radeon
# radeon_debugfs             sets RADEON_DRI to radeon's debugfs directory
# radeon_unsignalled         the rings whose last emitted fence is pending

radeon_find_dev() {
    DEV=""
    for d in /sys/bus/pci/devices/*; do
        if [ "$(cat "$d/vendor")" = 0x1002 ] && [ "$(cat "$d/device")" = "0x$1" ]; then
            DEV=${d##*/}
        fi
    done
    [ -n "$DEV" ] || tap_bail "no 1002:$1 PCI device"
    tap_ok "1002:$1 is at $DEV"
}

radeon_stock() {
    _params=$(tr ' ' '\n' </proc/cmdline | grep -E '^(radeon|amdgpu)\.' || true)
    if [ -z "$_params" ]; then
        tap_ok "no radeon./amdgpu. parameters on the kernel command line"
    else
        tap_not_ok "no radeon./amdgpu. parameters on the kernel command line"
        tap_diag "$_params"
    fi
    rm -f /etc/modprobe.d/amdgpu-emu.conf
    _opts=$(cat /etc/modprobe.d/*.conf 2>/dev/null | grep -E '^options +(radeon|amdgpu)' || true)
    if [ -z "$_opts" ]; then
        tap_ok "no options for radeon/amdgpu in /etc/modprobe.d"
    else
        tap_not_ok "no options for radeon/amdgpu in /etc/modprobe.d"
        tap_diag "$_opts"
    fi
}

radeon_load() {
    _t0=$(tap_now)
    tap_check "modprobe radeon (no options)" modprobe radeon
    tap_wait_dmesg 'Initialized radeon|probe with driver radeon failed' 60 || true
    _t1=$(tap_now)
    tap_diag "modprobe radeon returned after $(awk -v a="$_t0" -v b="$_t1" 'BEGIN {printf "%.2f", b - a}')s"
    sleep 2
    _p=/sys/module/radeon/parameters
    tap_diag "radeon parameters as loaded: dpm=$(cat $_p/dpm) uvd=$(cat $_p/uvd) vce=$(cat $_p/vce) msi=$(cat $_p/msi) cik_support=$(cat $_p/cik_support) aspm=$(cat $_p/aspm) pcie_gen2=$(cat $_p/pcie_gen2) runpm=$(cat $_p/runpm)"
    tap_check "radeon is bound to $DEV" test -e "/sys/bus/pci/drivers/radeon/$DEV"
    # Probe time: from the driver's first line to "Initialized radeon".
    _probe=$(tap_dmesg | awk -F'[][]' -v chip="$1" '
        index($0, "initializing kernel modesetting (" chip) && !s {s = $2}
        /Initialized radeon/ && !e {e = $2}
        END {if (s != "" && e != "") printf "%.3f", e - s}')
    tap_diag "radeon probe: ${_probe:-?} s (kernel log, initializing kernel modesetting -> Initialized radeon)"
}

radeon_expect() {
    echo "$1" | while IFS= read -r re; do
        [ -n "$re" ] && echo "$re"
    done >/tmp/must-appear
    while IFS= read -r re; do tap_dmesg_like "$re"; done </tmp/must-appear
    echo "$2" | while IFS= read -r re; do
        [ -n "$re" ] && echo "$re"
    done >/tmp/must-not-appear
    while IFS= read -r re; do tap_dmesg_unlike "$re"; done </tmp/must-not-appear
}

radeon_only_failures() {
    # An empty ALLOWED allows none ("^$" matches no line grep passes on).
    _other=$(tap_dmesg | grep -E 'radeon|drm' | grep -E -i 'fail|error|invalid' |
             grep -v -E "${1:-^\$}" | head -n 8)
    _desc="no radeon/drm failure or error line${2:+ besides $2}"
    if [ -z "$_other" ]; then
        tap_ok "$_desc"
    else
        tap_not_ok "$_desc"
        tap_diag "$_other"
    fi
}

radeon_card0() {
    [ -e /dev/dri/card0 ] && tap_ok "/dev/dri/card0 present" || tap_not_ok "/dev/dri/card0 present"
    tap_check "/dev/dri/card0 opens and answers as radeon" \
        sh -c 'aemu-drm-info /dev/dri/card0 | tee /dev/stderr | grep -q "driver radeon"'
}

# radeon creates its debugfs files before drm_dev_register makes the
# minor's directory (primary->debugfs_root is still NULL in
# radeon_device_init), so they land at the top of debugfs.
radeon_debugfs() {
    RADEON_DRI=""
    for d in /sys/kernel/debug/dri/* /sys/kernel/debug; do
        [ -r "$d/radeon_fence_info" ] && RADEON_DRI=$d && break
    done
}

radeon_unsignalled() {
    awk '/^--- ring/ {ring = $3}
         /^Last signaled fence/ {sig = $NF}
         /^Last emitted/ {if ($NF != sig) print ring}' "$RADEON_DRI/radeon_fence_info"
}
