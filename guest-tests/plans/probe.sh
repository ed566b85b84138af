#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# The unmodified amdgpu driver on the emulated GPU (Hawaii 1002:67b0,
# Vega10 1002:687f with plan probe-vega10, Topaz 1002:6900 with probe-topaz),
# in one boot:
# loads amdgpu with the parameters of docs/module-parameters.md (radeon kept
# off CIK), times the load, then checks that amdgpu is bound to the device,
# that the VBIOS was parsed and the firmware loaded, how far the probe got
# (issue 2), and that every ring and IB test passed with fences signalled by
# interrupts, not by the driver's fallback timer, and that the render node
# opens (issue 3). The expectations are the lists below: edit them as the
# device model grows.
# Run: scripts/run-guest.sh --plan probe
. /tests/lib/tap.sh
. /tests/lib/amdgpu.sh
. /tests/lib/host.sh
. /tests/lib/display.sh
. /tests/lib/fences.sh

# ---- Expectations (extended regular expressions, one per line) ----

amdgpu_find_device || tap_bail "no emulated AMD GPU on the PCI bus (run without --no-device?)"
# A plan for one chip says which (probe-vega10.sh sets PROBE_CHIP).
PROBE_CHIP=${PROBE_CHIP:-hawaii}
[ "$AMDGPU_CHIP" = "$PROBE_CHIP" ] ||
    tap_bail "the GPU is a $AMDGPU_CHIP, this plan expects a $PROBE_CHIP"

case "$PROBE_CHIP" in
hawaii)
    CHIP_MODESET='HAWAII 0x1002:0x67B0'
    CHIP_TOPOLOGY='SE 4, SH per SE 1, CU per SH 11, active_cu_number 44'
    # Every firmware file the driver asks for must be there.
    CHIP_FW_MISSING='Failed to load|failed to load'
    # UVD 4.2 and VCE 2.0 start (docs/uvd-vce.md): their hw_init ring
    # tests are fatal, their IB tests run with amdgpu_test_ib below.
    CHIP_APPEAR='Found UVD firmware Version
UVD initialized successfully
Found VCE firmware Version
VCE initialized successfully
Display Core v[0-9.]+ initialized on DCE 8\.0'
    CHIP_RINGS='uvd vce0 vce1'
    # Display Core drives the VBIOS's DVI-D connector with QEMU's monitor
    # on it (docs/display.md): its fbdev sets the EDID's preferred mode.
    CHIP_DISPLAY='fbdev|amdgpudrmfb frame buffer device'
    # QEMU's EDID: 1280x800 unless the device's xres/yres say otherwise.
    CHIP_MODE='1280 800'
    # Powerplay's DPM runs (docs/power.md): it only logs most failures.
    CHIP_NOT_APPEAR='failed to send message|Failed to|powerplay hw init failed|smc_addr invalid|beyond the SMC RAM|did not find boot|Display Core failed|failed to blank crtc'
    ;;
vega10)
    CHIP_MODESET='VEGA10 0x1002:0x687F'
    CHIP_TOPOLOGY='SE 4, SH per SE 1, CU per SH 16, active_cu_number 64'
    # amdgpu_discovery_init asks for the optional vega10_ip_discovery.bin
    # (and falls back to its built-in IP list); everything else it loads
    # must be there.
    CHIP_FW_MISSING='Failed to load|failed to load amdgpu/vega10_(pfp|me|ce|mec|mec2|rlc|sdma|sdma1|gpu_info|smc|sos|asd)\.bin'
    # Firmware goes through the PSP (the driver's default load type): the
    # TMR is set up and every LOAD_IP_FW answered; powerplay starts the SMU.
    CHIP_APPEAR='for PSP TMR'
    CHIP_NOT_APPEAR='failed to load ucode|psp gfx command|PSP .*failed|No response from smu|Failed to send message|SMC IF Version|fw load failed'
    # The driver reloads after a MODE1 reset through the PSP
    # (soc15_need_reset_on_init: the sOS still runs).
    PROBE_RELOAD=1
    RELOAD_RESET='GPU psp mode1 reset'
    RELOAD_RESET_DONE='psp mode1 reset succeed'
    # The virtual display's frame buffer.
    CHIP_DISPLAY='fbdev|amdgpudrmfb frame buffer device'
    ;;
topaz)
    CHIP_MODESET='TOPAZ 0x1002:0x6900'
    CHIP_TOPOLOGY='SE 1, SH per SE 1, CU per SH 6, active_cu_number 6'
    CHIP_FW_MISSING='Failed to load|failed to load'
    # The SMU loads the gfx and SDMA microcode (smu7_request_smu_load_fw).
    CHIP_NOT_APPEAR='fw load failed|SMU load firmware failed|failed to send message|Failed to|powerplay hw init failed'
    # No display engine, and no virtual display: the last stage is init.
    ;;
esac

# Each must match a line of the kernel log.
MUST_APPEAR="
initializing kernel modesetting \\($CHIP_MODESET
ATOM BIOS:
$CHIP_TOPOLOGY
Initialized amdgpu
${CHIP_APPEAR:-}
"

# None may match any line of the kernel log.
MUST_NOT_APPEAR="
$CHIP_FW_MISSING
${CHIP_NOT_APPEAR:-}"'
Direct firmware load for .* failed
Unable to locate a BIOS ROM
\*ERROR\*
BUG:|Oops|WARNING:|general protection fault|INFO: task .* blocked
ring .* test failed
IB test failed
Fence fallback timer expired
ring .* timeout|timed out
GPU fault detected|VM fault
'

# Probe milestones in order: "name|regex". The plan reports the last one
# reached and asserts that at least EXPECT_STAGE was.
STAGES="
driver|initializing kernel modesetting \\(${CHIP_MODESET%% *}"'
mmio|register mmio base:
vbios|Fetched VBIOS from
atombios|ATOM BIOS:
vram|amdgpu: VRAM: [0-9]+M
gart|amdgpu: GART: [0-9]+M
ttm|amdgpu: [0-9]+M of VRAM memory ready
gart_enabled|PCIE GART of [0-9]+M enabled
initialized|Initialized amdgpu
'"$CHIP_DISPLAY"'
'
EXPECT_STAGE=${CHIP_DISPLAY:+${CHIP_DISPLAY%%|*}}
EXPECT_STAGE=${EXPECT_STAGE:-initialized}

# The module parameters (AMDGPU_PARAMS, RADEON_PARAMS) and the settle time
# after the load are those of /tests/lib/amdgpu.sh.

# ---- Test ----

dev=$AMDGPU_DEV
tap_ok "the $AMDGPU_CHIP is at $dev"
tap_diag "class $(cat /sys/bus/pci/devices/$dev/class), resources:"
tap_diag "$(awk '$1 != "0x0000000000000000" {print}' /sys/bus/pci/devices/$dev/resource)"

tap_check "/lib/firmware/radeon exists (Debian radeon patch)" test -d /lib/firmware/radeon
tap_diag "firmware: $(cd /lib/firmware && find amdgpu radeon -type f 2>/dev/null | tr '\n' ' ')"

amdgpu_load
fence_trace_start
amdgpu_check_bound
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

# ---- Rings, IB tests, fences and interrupts (issue 3) ----

dri=""
for d in /sys/kernel/debug/dri/*; do
    [ -r "$d/amdgpu_test_ib" ] && dri=$d && break
done
# The device's line in /proc/interrupts, summed over CPUs.
irq_count() {
    awk '/amdgpu/ {n = 0; for (i = 2; i <= NF && $i ~ /^[0-9]+$/; i++) n += $i; print n; exit}' /proc/interrupts
}
if [ -n "$dri" ]; then
    before=$(irq_count)
    result=$(cat "$dri/amdgpu_test_ib" 2>&1)
    tap_diag "$dri/amdgpu_test_ib: $result"
    case "$result" in
    *"ib ring tests passed."*) tap_ok "amdgpu_test_ib: IB tests passed on every ring" ;;
    *) tap_not_ok "amdgpu_test_ib: IB tests passed on every ring" ;;
    esac
    after=$(irq_count)
    tap_diag "amdgpu interrupts: ${before:-none} before the IB tests, ${after:-none} after"
    if [ -n "$before" ] && [ -n "$after" ] && [ "$after" -gt "$before" ]; then
        tap_ok "the device's interrupt count grows with the IB tests"
    else
        tap_not_ok "the device's interrupt count grows with the IB tests"
    fi
    # Every ring's fences were all signalled (signalled == emitted).
    fences=$(cat "$dri/amdgpu_fence_info" 2>/dev/null)
    unsignalled=$(echo "$fences" | awk '
        /^--- ring/ {ring = $0}
        /^Last signaled fence/ {sig = $NF}
        /^Last emitted/ && sig != "" {if ($NF != sig) print ring; sig = ""}')
    tap_diag "fences (last signalled / last emitted):
$(echo "$fences" | awk '
        /^--- ring/ {ring = $3 " " $4}
        /^Last signaled fence/ {sig = $NF}
        /^Last emitted/ && sig != "" {print "  ring " ring ": " sig " / " $NF; sig = ""}')"
    if [ -n "$fences" ] && [ -z "$unsignalled" ]; then
        tap_ok "every ring signalled its last emitted fence"
    else
        tap_not_ok "every ring signalled its last emitted fence${unsignalled:+: $unsignalled}"
    fi
    # The chip's video rings are among them (amdgpu_ring_<name> files).
    for r in ${CHIP_RINGS:-}; do
        tap_check "ring $r in debugfs" test -r "$dri/amdgpu_ring_$r"
    done
else
    tap_not_ok "amdgpu_test_ib in debugfs (no dri debugfs directory)"
fi
# The IB tests above may have logged late failures.
tap_dmesg_unlike 'IB test failed'
fence_fallback_check "every fence came by interrupt"

tap_check "/dev/dri/renderD128 opens and answers as amdgpu" \
    sh -c 'aemu-drm-info /dev/dri/renderD128 | tee /dev/stderr | grep -q "driver amdgpu"'
tap_check "/dev/dri/card0 opens and answers as amdgpu" \
    sh -c 'aemu-drm-info /dev/dri/card0 | grep -q "driver amdgpu"'

# ---- The display: connector, EDID, mode, scanout ----

if [ -n "${CHIP_MODE:-}" ]; then
    display_checks $CHIP_MODE
    display_cursor_checks $CHIP_MODE
    display_modetest_checks $CHIP_MODE
fi

# ---- Unload and reload (chips whose driver resets the GPU on reload) ----

if [ "${PROBE_RELOAD:-0}" = 1 ]; then
    # fbcon holds the driver's framebuffer: let go of it first.
    for v in /sys/class/vtconsole/vtcon*/bind; do
        echo 0 >"$v" 2>/dev/null || true
    done
    inits=$(tap_dmesg | grep -c 'Initialized amdgpu')
    tap_check "rmmod amdgpu" rmmod amdgpu
    tap_check "modprobe amdgpu again" modprobe amdgpu
    tap_wait_dmesg "$RELOAD_RESET_DONE|probe with driver amdgpu failed" 30 || true
    tap_dmesg_like "$RELOAD_RESET"
    tap_dmesg_like "$RELOAD_RESET_DONE"
    tap_wait_dmesg 'Initialized amdgpu.*' 10 || true
    again=$(tap_dmesg | grep -c 'Initialized amdgpu')
    if [ "$again" -eq $((inits + 1)) ]; then
        tap_ok "amdgpu initialized again after the reload"
    else
        tap_not_ok "amdgpu initialized again after the reload ($inits before, $again after)"
    fi
    sleep "$AMDGPU_SETTLE"
    dri=""
    for d in /sys/kernel/debug/dri/*; do
        [ -r "$d/amdgpu_test_ib" ] && dri=$d && break
    done
    result=$(cat "$dri/amdgpu_test_ib" 2>&1)
    case "$result" in
    *"ib ring tests passed."*) tap_ok "IB tests pass on every ring after the reload" ;;
    *) tap_not_ok "IB tests pass on every ring after the reload: $result" ;;
    esac
    # The whole log, reload included, is still clean.
    while IFS= read -r re; do tap_dmesg_unlike "$re"; done </tmp/must-not-appear
fi

# Driver-side views worth keeping with the result.
[ -d /dev/dri ] && tap_diag "/dev/dri: $(ls /dev/dri | tr '\n' ' ')"
for f in /sys/kernel/debug/dri/*/amdgpu_firmware_info; do
    [ -r "$f" ] && tap_diag "$(cat "$f")"
done

tap_done
