#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# Issue 2: the unmodified amdgpu driver probes the emulated Hawaii (1002:67b0).
# Loads amdgpu with the bring-up parameters of docs hawaii-bringup.md section 2
# (radeon kept off CIK), times the load, then checks that amdgpu is bound to
# the device, that the VBIOS was parsed and the firmware loaded, and records
# how far the probe got. The expectations are the lists below: edit them as
# the device model grows.
# Run: scripts/run-guest.sh --plan probe
. /tests/lib/tap.sh

# ---- Expectations (extended regular expressions, one per line) ----

# Each must match a line of the kernel log.
MUST_APPEAR='
initializing kernel modesetting \(HAWAII 0x1002:0x67B0
ATOM BIOS:
'

# None may match any line of the kernel log.
MUST_NOT_APPEAR='
Failed to load|failed to load
Direct firmware load for .* failed
Unable to locate a BIOS ROM
\*ERROR\*
BUG:|Oops|WARNING:|general protection fault|INFO: task .* blocked
'

# Probe milestones in order: "name|regex". The plan reports the last one
# reached and asserts that at least EXPECT_STAGE was.
STAGES='
driver|initializing kernel modesetting \(HAWAII
mmio|register mmio base:
vbios|Fetched VBIOS from
atombios|ATOM BIOS:
vram|amdgpu: VRAM: [0-9]+M
gart|amdgpu: GART: [0-9]+M
ttm|amdgpu: [0-9]+M of VRAM memory ready
gart_enabled|PCIE GART of [0-9]+M enabled
initialized|Initialized amdgpu
fbdev|amdgpudrmfb frame buffer device
'
EXPECT_STAGE=atombios

# Bring-up parameters (hawaii-bringup.md section 2); virtual_display "all,1"
# is accepted by amdgpu_device_enable_virtual_display. Extra ones can come
# from the kernel command line (amdgpu.foo=bar; modprobe reads it).
AMDGPU_PARAMS="cik_support=1 virtual_display=all,1 dpm=0 ip_block_mask=0x7f
 aspm=0 pcie_gen2=0 runpm=0 cg_mask=0 pg_mask=0 gpu_recovery=0
 lockup_timeout=60000"
RADEON_PARAMS="cik_support=0"

# Seconds to wait after modprobe for late messages (the IB tests run from
# delayed work 2 s after init).
SETTLE=3

# ---- Test ----

dev=""
for d in /sys/bus/pci/devices/*; do
    if [ "$(cat "$d/vendor")" = 0x1002 ] && [ "$(cat "$d/device")" = 0x67b0 ]; then
        dev=${d##*/}
        break
    fi
done
[ -n "$dev" ] || tap_bail "no 1002:67b0 PCI device (run without --no-device?)"
tap_ok "1002:67b0 is at $dev"
tap_diag "class $(cat /sys/bus/pci/devices/$dev/class), resources:"
tap_diag "$(awk '$1 != "0x0000000000000000" {print}' /sys/bus/pci/devices/$dev/resource)"

tap_check "/lib/firmware/radeon exists (Debian radeon patch)" test -d /lib/firmware/radeon
tap_diag "firmware: $(cd /lib/firmware && find amdgpu radeon -type f 2>/dev/null | tr '\n' ' ')"

# Options for both drivers, also for radeon in case something loads it.
echo "options amdgpu" $AMDGPU_PARAMS >/etc/modprobe.d/amdgpu-emu.conf
echo "options radeon $RADEON_PARAMS" >>/etc/modprobe.d/amdgpu-emu.conf

t0=$(tap_now)
tap_check "modprobe amdgpu" modprobe amdgpu
t1=$(tap_now)
tap_diag "modprobe amdgpu took $(awk -v a="$t0" -v b="$t1" 'BEGIN {printf "%.2f", b - a}')s"
tap_diag "parameters: $(echo $AMDGPU_PARAMS)"
p=/sys/module/amdgpu/parameters
tap_check "amdgpu took cik_support=1 (from modprobe.d)" grep -qx 1 "$p/cik_support"
tap_diag "virtual_display=$(cat "$p/virtual_display" 2>/dev/null) ip_block_mask=$(cat "$p/ip_block_mask" 2>/dev/null) dpm=$(cat "$p/dpm" 2>/dev/null)"
tap_wait_dmesg 'Initialized amdgpu|probe with driver amdgpu failed|Fatal error during GPU init' 10 || true
sleep "$SETTLE"

tap_check "amdgpu is bound to $dev" test -e "/sys/bus/pci/drivers/amdgpu/$dev"
# The driver's own account of what went wrong, if anything.
errors=$(tap_dmesg | grep -E '\*ERROR\*|amdgpu.*(failed|error)' | head -n 12)
[ -z "$errors" ] || tap_diag "driver errors:
$errors"

echo "$MUST_APPEAR" | while IFS= read -r re; do
    [ -n "$re" ] && echo "$re"
done >/tmp/must-appear
while IFS= read -r re; do tap_dmesg_like "$re"; done </tmp/must-appear

echo "$MUST_NOT_APPEAR" | while IFS= read -r re; do
    [ -n "$re" ] && echo "$re"
done >/tmp/must-not-appear
while IFS= read -r re; do tap_dmesg_unlike "$re"; done </tmp/must-not-appear

# How far the probe got: the last milestone seen, in order.
reached=none
i=0 reached_i=0 expect_i=0
echo "$STAGES" | while IFS= read -r s; do [ -n "$s" ] && echo "$s"; done >/tmp/stages
while IFS='|' read -r name re; do
    i=$((i + 1))
    [ "$name" = "$EXPECT_STAGE" ] && expect_i=$i
    if tap_dmesg | grep -q -E -e "$re"; then
        reached=$name reached_i=$i
    fi
done </tmp/stages
tap_diag "probe stage reached: $reached (stages: $(cut -d'|' -f1 /tmp/stages | tr '\n' ' '))"
if [ "$expect_i" -gt 0 ] && [ "$reached_i" -ge "$expect_i" ]; then
    tap_ok "probe got at least to stage $EXPECT_STAGE (last: $reached)"
else
    tap_not_ok "probe got at least to stage $EXPECT_STAGE (last: $reached)"
fi

# Driver-side views worth keeping with the result.
[ -d /dev/dri ] && tap_diag "/dev/dri: $(ls /dev/dri | tr '\n' ' ')"
for f in /sys/kernel/debug/dri/*/amdgpu_firmware_info; do
    [ -r "$f" ] && tap_diag "$(cat "$f")"
done

tap_done
