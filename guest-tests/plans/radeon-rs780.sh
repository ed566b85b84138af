#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# The unmodified radeon driver on the emulated RS780 (1002:9610, the
# Radeon HD 3200 IGP, asic=rs780), with no module parameters at all:
#  - `modprobe radeon` with nothing on the kernel command line or in
#    modprobe.d; radeon then runs its R600 defaults: the profile power
#    method (DPM is opt-in below RV770 IGPs' radeon.dpm=1), UVD on (the
#    missing radeon/RS780_uvd.bin makes radeon turn it off), write-back
#    with EVENT_WRITE_EOP fences, legacy INTx (radeon keeps MSI off on
#    pre-APU IGPs), the PCIE GART; R6xx's DMA ring is off in radeon;
#  - radeon bound, the VBIOS's IntegratedSystemInfo read (no "safe
#    default" error), the gfx ring and IB tests passed, no error, warning,
#    lockup or timeout in the kernel log, /dev/dri/card0 present;
#  - the gfx ring signalled its last emitted fence (radeon_fence_info);
#  - aemu-radeon-cs-r600 (guest-tests/radeon-cs-r600.c): R600 command
#    streams through DRM_RADEON_CS with relocations, CP_DMA copies
#    GTT -> VRAM -> GTT checked dword by dword, EOP markers, and a fence
#    behind a wait on memory delivered by interrupt (INTx: the device's
#    line in /proc/interrupts counts them);
#  - the probe time from the kernel log;
#  - one real S3 cycle woken by the RTC alarm (QEMU resets the device on
#    the wake-up; radeon_resume_kms re-posts the IGP with ATOM ASIC_Init
#    and r600_resume restarts the CP) and one pm_test "core" cycle, each
#    with a 1 MiB VRAM buffer (the UMA carve-out) filled by CP_DMA before
#    and checked after through the CPU and by CP_DMA, the resume's ring and
#    IB tests, a clean kernel log (the connector polling WARNINGs of a
#    board without connectors counted apart, as plan suspend-radeon does);
#  - GPU resets: two requested through debugfs (radeon_gpu_reset, run at
#    the next fence wait while a job waits on memory) and one induced hang
#    (a wait nobody releases) that radeon's own lockup check finds; each
#    reset (r600_asic_reset: a soft reset of what r600_gpu_check_soft_reset
#    finds busy) succeeds, the job in flight is dropped, every fence
#    signals; then the command streams again;
#  - power management (after everything above, so the earlier checks keep
#    their numbers): radeon built its profile states from the VBIOS's
#    PowerPlayInfo, radeon_pm_info's default engine clock is the table's
#    boot clock and its current one what the VBIOS's GetEngineClock reads
#    from the engine PLL, also after the plan moves the PLL's dividers;
#    a pm_test cycle's re-post (ASIC_Init -> SetEngineClock) puts the PLL
#    back at the default clock; nothing logged since.
# Display stays headless (no connectors in the VBIOS).
# Run: scripts/run-guest.sh --plan radeon-rs780 --no-device -- -device amdgpu-emu,asic=rs780
# tsc=reliable and no_console_suspend: as plan suspend-radeon (after QEMU's
# wake-up reset the acpi_pm clocksource stops; the console shows a hang).
# aemu-append: tsc=reliable no_console_suspend
. /tests/lib/tap.sh
. /tests/lib/radeon.sh
. /tests/lib/suspend.sh
. /tests/lib/radeon-suspend.sh

MUST_APPEAR='
initializing kernel modesetting \(RS780 0x1002:0x9610
ATOM BIOS: AMDGPU_EMU_RS780
Loading RS780 Microcode
PCIE GART of [0-9]+M enabled
ring test on 0 succeeded
ib test on ring 0 succeeded
Initialized radeon
'

MUST_NOT_APPEAR='
\*ERROR\*
BUG:|Oops|WARNING:|general protection fault|INFO: task .* blocked|Call Trace
ring .* test failed|ring [0-9]+ stalled
(IB|ib) test .*failed
lockup|GPU softreset|GPU reset|(^|[^.])timeout|timed out
disabling GPU acceleration
No integrated system info
probe with driver radeon failed|Fatal error
Bogus length|Failed to load firmware
Wait for MC idle timedout
flush TLB failed
'

# The only failures allowed: UVD off for want of radeon/RS780_uvd.bin
# (no UVD engine in the model; r600_uvd_init then clears has_uvd).
UVD_LINES='firmware: failed to load radeon/RS780_uvd\.bin|Direct firmware load for radeon/RS780_uvd\.bin failed|radeon_uvd: Can.t load firmware "radeon/RS780_uvd\.bin"|failed UVD \(-2\) init\.'

radeon_find_dev 9610
radeon_stock

# ---- Load ----

radeon_load RS780
tap_diag "$(tap_dmesg | grep -E 'radeon.*(VRAM|GTT|ring test|ib test|irq|MSI|WB)' | head -n 12)"
radeon_expect "$MUST_APPEAR" "$MUST_NOT_APPEAR"
tap_dmesg_like 'failed UVD \(-2\) init' "UVD disabled: no radeon/RS780_uvd.bin"
radeon_only_failures "$UVD_LINES" "the UVD firmware ones"
radeon_card0

radeon_debugfs

# ---- Userspace command streams (R600 CS: relocations, no VM) ----

aemu-radeon-cs-r600 /dev/dri/card0 >/tmp/radeon-cs.tap 2>&1
rc=$?
sed 's/^/# aemu-radeon-cs-r600: /' /tmp/radeon-cs.tap
fails=$(grep -c '^not ok' /tmp/radeon-cs.tap)
passes=$(grep -c '^ok' /tmp/radeon-cs.tap)
if [ "$rc" -eq 0 ] && [ "$passes" -gt 0 ] && [ "$fails" -eq 0 ]; then
    tap_ok "aemu-radeon-cs-r600: $passes checks passed (CP_DMA copies, EOP markers, fences by interrupt)"
else
    tap_not_ok "aemu-radeon-cs-r600: $fails of $((passes + fails)) checks failed (exit $rc)"
fi

# Fences by interrupt: each gated round above was woken by one; the line's
# count must show them. (The probe's own ring and IB tests finish before
# radeon waits, "succeeded in 0 usecs", so they need none.)
irqs=$(awk '/radeon/ {n = 0; for (i = 2; i <= NF && $i ~ /^[0-9]+$/; i++) n += $i; print n; exit}' /proc/interrupts)
tap_diag "$(grep radeon /proc/interrupts)"
if [ -n "$irqs" ] && [ "$irqs" -gt 0 ]; then
    tap_ok "the device's interrupt line counted the fence interrupts ($irqs)"
else
    tap_not_ok "the device's interrupt line counted the fence interrupts (${irqs:-no line})"
fi

if [ -n "$RADEON_DRI" ]; then
    tap_diag "radeon_fence_info:
$(cat "$RADEON_DRI/radeon_fence_info")"
    left=$(radeon_unsignalled)
    tap_check "every ring signalled its last emitted fence${left:+ (not: $left)}" \
        test -z "$left"
else
    tap_not_ok "radeon_fence_info readable in debugfs"
fi

tap_dmesg_unlike '\*ERROR\*|WARNING:|BUG:|lockup|(^|[^.])timeout' \
    "no error, warning, lockup or timeout before the suspend"

# ---- Suspend and resume: one S3 cycle, one pm_test cycle ----
RADEON_RINGS="0"
RADEON_KEEP="aemu-radeon-cs-r600 --keep-vram"
suspend_setup
export SUSPEND_WAKE=rtc
radeon_cycle "S3 1" s3 1 sh -c '. /tests/lib/suspend.sh && suspend_s3'
radeon_cycle "pm_test 1, core" core 2 \
    sh -c ". /tests/lib/suspend.sh && suspend_pm_test core"

# ---- GPU resets: through debugfs, and an induced hang ----
echo "aemu-radeon: resets" >/dev/kmsg
resets() { tap_dmesg | grep -c "GPU reset succeeded, trying to resume"; }
stuck() {
    _what=$1 _mode=$2
    _n0=$(resets)
    [ "$_mode" = --hang ] || cat "$RADEON_DRI/radeon_gpu_reset" >/dev/null 2>&1
    aemu-radeon-cs-r600 /dev/dri/card0 "$_mode" >/tmp/radeon-stuck.tap 2>&1
    _rc=$?
    _n1=$(resets)
    sed "s/^/# aemu-radeon-cs-r600 $_mode: /" /tmp/radeon-stuck.tap
    tap_check "$_what: the reset ran and succeeded, the job in flight dropped ($_n0 -> $_n1 resets)" \
        sh -c "test $_n1 = $((_n0 + 1)) && test $_rc = 0"
    _left=$(radeon_unsignalled)
    tap_check "$_what: every ring signalled its last emitted fence${_left:+ (not: $_left)}" \
        test -z "$_left"
}
if [ -n "$RADEON_DRI" ] && [ -r "$RADEON_DRI/radeon_gpu_reset" ]; then
    stuck "debugfs reset 1/2" --reset-wait
    stuck "debugfs reset 2/2" --reset-wait
    stuck "induced hang on gfx, found by radeon's lockup check" --hang
else
    tap_not_ok "radeon_gpu_reset in debugfs"
fi
bad=$(tap_dmesg | sed -n '/aemu-radeon: resets$/,$p' |
      grep -E 'ring [0-9]+ test failed|ib test failed|GPU reset failed|\*ERROR\*|WARNING:|BUG:' |
      head -n 8)
tap_check "no failed ring or IB test, error or warning after the resets${bad:+: $bad}" \
    test -z "$bad"

# Copies, EOP markers, fences by interrupt.
tap_summary "after the cycles and resets: aemu-radeon-cs-r600" \
    aemu-radeon-cs-r600 /dev/dri/card0 2
# ---- Power management: the VBIOS's PowerPlayInfo and engine PLL ----
# radeon's profile method (its default here) builds its states from the
# VBIOS's PowerPlayInfo (boot 500 MHz, battery 200, performance 300) and
# reads the engine clock through the VBIOS's GetEngineClock, which decodes
# the engine PLL's dividers (CG_SPLL_FUNC_CNTL): the PLL's achieved clock,
# within half its step (at most 1.04 MHz with the 27 MHz reference) of the
# one set. radeon creates power_profile and power_method in sysfs only in
# radeon_pm_late_init, which radeon_modeset_init never reaches on a board
# without connectors (radeon_setup_enc_conn finds none): so here the
# profile cannot be switched, and the table's clocks are checked in unit
# tests (test-rs780-pm). What runs under radeon's own ATOM interpreter is
# checked here: GetEngineClock on the boot dividers and on dividers the
# plan writes (200 MHz, through the register BAR), and SetEngineClock
# through the re-post (ASIC_Init) of a resume, which puts the PLL back at
# the FirmwareInfo clock.
echo "aemu-radeon: power management" >/dev/kmsg
PLL_HALF_STEP_KHZ=1040
DEFAULT_KHZ=500000
BATTERY_KHZ=200000
CG_SPLL_FUNC_CNTL=0x600
# rs780d.h: SPLL_REF_DIV [4:2], SPLL_FB_DIV [12:5], SW_HILEN [19:16], SW_LOLEN [23:20]
SPLL_DIVIDERS=0x00ff1ffc
pm_khz() {
    sed -n "s/^$1 engine clock: \([0-9]*\) kHz$/\1/p" "$RADEON_DRI/radeon_pm_info"
}
pm_near() {
    [ -n "$1" ] && [ $(($1 > $2 ? $1 - $2 : $2 - $1)) -le $PLL_HALF_STEP_KHZ ]
}
bar2=$(awk 'NR == 3 {print $1}' "/sys/bus/pci/devices/$DEV/resource")
spll=$((bar2 + CG_SPLL_FUNC_CNTL))

if [ -n "$RADEON_DRI" ] && [ -r "$RADEON_DRI/radeon_pm_info" ]; then
    tap_diag "radeon_pm_info:
$(cat "$RADEON_DRI/radeon_pm_info")"
    tap_dmesg_like 'radeon: power management initialized' \
        "radeon built more than one power state from the VBIOS's PowerPlayInfo"
    tap_check "radeon_pm_info: default engine clock $(pm_khz default) kHz, the table's boot clock" \
        test "$(pm_khz default)" = "$DEFAULT_KHZ"
    tap_check "radeon_pm_info: current engine clock $(pm_khz current) kHz (GetEngineClock on the boot dividers), the default within the PLL's step" \
        pm_near "$(pm_khz current)" "$DEFAULT_KHZ"

    # The battery state's dividers (FB 237, HILEN = LOLEN = 15: post 32).
    old=$(devmem "$spll" 32)
    new=$(((old & ~SPLL_DIVIDERS) | 237 << 5 | 15 << 16 | 15 << 20))
    devmem "$spll" 32 "$new"
    tap_diag "CG_SPLL_FUNC_CNTL $old -> $(devmem "$spll" 32)"
    tap_check "GetEngineClock on the dividers written: $(pm_khz current) kHz, 200 MHz within the PLL's step" \
        pm_near "$(pm_khz current)" "$BATTERY_KHZ"
    radeon_cycle "pm_test 2, core, PLL moved" core 3 \
        sh -c ". /tests/lib/suspend.sh && suspend_pm_test core"
    tap_check "after the resume's re-post (ASIC_Init -> SetEngineClock): current engine clock $(pm_khz current) kHz, the default again (CG_SPLL_FUNC_CNTL $(devmem "$spll" 32))" \
        pm_near "$(pm_khz current)" "$DEFAULT_KHZ"
else
    tap_not_ok "radeon_pm_info in debugfs"
fi
tap_diag "power_profile / power_method in sysfs: $(ls /sys/bus/pci/devices/$DEV/ | grep -E '^power_(profile|method)$' || echo absent)"
bad=$(tap_dmesg | sed -n '/aemu-radeon: power management$/,$p' | drop_poll_warnings |
      grep -E '\*ERROR\*|WARNING:|BUG:|lockup|ring [0-9]+ test failed|ib test failed|(^|[^.])timeout' |
      head -n 8)
tap_check "no error, warning, lockup or failed test since${bad:+: $bad}" \
    test -z "$bad"

radeon_poll_warnings_todo
tap_diag "resume times (the driver's resume callbacks; the machine's, wake-up to suspend exit):$TIMES"
tap_done
