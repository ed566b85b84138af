#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# The unmodified radeon driver on the emulated Hawaii (1002:67b0), with no
# module parameters at all, as Debian loads it by default (issue 5):
#  - `modprobe radeon` with nothing on the kernel command line or in
#    modprobe.d; radeon then runs its defaults: DPM (ci_dpm, which needs
#    the VBIOS PowerPlay table and the SMC model), UVD and VCE on,
#    MSI, write-back, the VM; UVD and VCE start from the project's stub
#    radeon/bonaire_uvd.bin and radeon/BONAIRE_vce.bin (docs/uvd-vce.md);
#  - radeon bound, DPM initialized, every ring and IB test passed (gfx, the
#    two compute rings, both DMA rings, UVD, both VCE rings), no error,
#    warning, lockup or timeout in the kernel log, /dev/dri/card0 present;
#  - the display (docs/display.md): the DVI-D connector connected with
#    QEMU's EDID, fbdev (radeondrmfb) at its preferred mode, a pattern in
#    /dev/fb0 matching a host screendump, vblanks at 60 Hz and page flips
#    completing (display_checks); the hardware cursor and a modetest mode
#    set with its SMPTE bars in host screendumps;
#  - libdrm's radeon_ttm, and aemu-radeon-cs (guest-tests/radeon-cs.c):
#    command streams through DRM_RADEON_CS on every ring, data and fences
#    checked, fences delivered by interrupt (the device's interrupt count
#    grows);
#  - the probe time from the kernel log;
#  - last, rmmod radeon (lifecycle acceptance check 12,
#    docs/lifecycle.md): Linux 6.12.95's radeon has no pci_driver .remove,
#    so nothing is torn down (an expected failure, TODO), the kernel's own
#    warnings and Oops that follow are shown to be the kernel's, and the
#    device side is checked on the host (no teardown reached the device,
#    no guest error from it: the header line below).
# Run: scripts/run-guest.sh --plan radeon
# aemu-device-log: on
. /tests/lib/tap.sh
. /tests/lib/radeon.sh
. /tests/lib/host.sh
. /tests/lib/display.sh

# ---- Expectations (extended regular expressions, one per line) ----

MUST_APPEAR='
initializing kernel modesetting \(HAWAII 0x1002:0x67B0
ATOM BIOS: AMDGPU_EMU_HAWAII
Loading hawaii Microcode
radeon: dpm initialized
PCIE GART of [0-9]+M enabled
radeon: using MSI
ring test on 0 succeeded
ring test on 1 succeeded
ring test on 2 succeeded
ring test on 3 succeeded
ring test on 4 succeeded
Found UVD firmware Version
UVD initialized successfully
ring test on 5 succeeded
Found VCE firmware/feedback version 50\.1\.2
VCE initialized successfully
ring test on 6 succeeded
ring test on 7 succeeded
ib test on ring 0 succeeded
ib test on ring 1 succeeded
ib test on ring 2 succeeded
ib test on ring 3 succeeded
ib test on ring 4 succeeded
ib test on ring 5 succeeded
ib test on ring 6 succeeded
ib test on ring 7 succeeded
Initialized radeon
'

MUST_NOT_APPEAR='
\*ERROR\*
BUG:|Oops|WARNING:|general protection fault|INFO: task .* blocked|Call Trace
ring .* test failed|ring [0-9]+ stalled
(IB|ib) test .*failed
lockup|GPU softreset|GPU reset|(^|[^.])timeout|timed out
VM fault|GPU fault detected
disabling GPU acceleration
dpm initialization failed|radeon_pm_late_init failed
probe with driver radeon failed|Fatal error
mixing new and old firmware|validation failed
'

radeon_find_dev 67b0

# ---- Stock command line: no radeon/amdgpu parameters anywhere ----

radeon_stock
tap_check "/lib/firmware/radeon exists (Debian radeon patch)" test -d /lib/firmware/radeon

# ---- Load ----

radeon_load HAWAII
radeon_expect "$MUST_APPEAR" "$MUST_NOT_APPEAR"

# UVD and VCE run (ring and IB tests above), and nothing else failed.
radeon_only_failures "" ""
radeon_card0

# ---- The display: the VBIOS's DVI-D connector with QEMU's monitor ----
# radeon reads the object table (revision 1.2), bit-bangs the EDID over
# the DDC 1 pads, sets the EDID's preferred mode through the VBIOS's
# command tables and scans out its fbdev; vblanks come from the line
# buffer's interrupt, flips from GRPH's (docs/display.md).
display_checks 1280 800 radeondrmfb
# radeon's hardware cursor (the same CUR_* registers) and modetest -M radeon.
display_cursor_checks 1280 800
display_modetest_checks 1280 800 radeon

# radeon creates its debugfs files before drm_dev_register makes the
# minor's directory (primary->debugfs_root is still NULL in
# radeon_device_init), so they land at the top of debugfs.
dri=""
for d in /sys/kernel/debug/dri/* /sys/kernel/debug; do
    [ -r "$d/radeon_pm_info" ] && dri=$d && break
done
[ -n "$dri" ] && tap_diag "$dri/radeon_pm_info: $(cat "$dri/radeon_pm_info" 2>&1)"

# ---- Userspace ----

irq_count() {
    awk '/radeon/ {n = 0; for (i = 2; i <= NF && $i ~ /^[0-9]+$/; i++) n += $i; print n; exit}' /proc/interrupts
}

if [ -x /tests/bin/radeon_ttm ]; then
    # ttm_starve_kernel_private_memory creates 4 KiB buffers until one fails.
    # Its own bookkeeping (a calloc per buffer) runs out first under this
    # address-space limit, so it stops after some 10^4 buffers instead of
    # pushing the guest kernel into the OOM killer, which under TCG takes
    # minutes.
    t0=$(tap_now)
    out=$(sh -c 'ulimit -v 16384; exec radeon_ttm' 2>&1)
    rc=$?
    t1=$(tap_now)
    tap_diag "radeon_ttm: $(echo "$out" | grep -v '^ *\(size\|alignment\)' | tr '\n' ' ' | cut -c1-300)"
    tap_diag "radeon_ttm took $(awk -v a="$t0" -v b="$t1" 'BEGIN {printf "%.1f", b - a}')s"
    n=$(echo "$out" | sed -n 's/.*failing after \([0-9]*\) bo.*/\1/p' | head -n 1)
    if [ "$rc" -eq 0 ] && [ "${n:-0}" -ge 1000 ]; then
        tap_ok "libdrm radeon_ttm ran: ${n} buffers created and freed"
    else
        tap_not_ok "libdrm radeon_ttm ran (exit $rc, ${n:-no} buffers)"
    fi
else
    tap_not_ok "libdrm radeon_ttm in /tests/bin (scripts/build-libdrm-tests.sh)"
fi

# radeon_cs DESC DIAG: aemu-radeon-cs's command streams on every ring, one
# test line for all its checks; DIAG "all" shows every line of its output,
# "failed" only the failures.
radeon_cs() {
    aemu-radeon-cs /dev/dri/card0 >/tmp/radeon-cs.tap 2>&1
    _rc=$?
    if [ "$2" = all ]; then
        sed 's/^/# aemu-radeon-cs: /' /tmp/radeon-cs.tap
    fi
    _fails=$(grep -c '^not ok' /tmp/radeon-cs.tap)
    _passes=$(grep -c '^ok' /tmp/radeon-cs.tap)
    if [ "$_rc" -eq 0 ] && [ "$_passes" -gt 0 ] && [ "$_fails" -eq 0 ]; then
        tap_ok "$1: $_passes checks passed (CS on gfx, compute and DMA rings)"
    else
        tap_not_ok "$1: $_fails of $((_passes + _fails)) checks failed (exit $_rc)"
        [ "$2" = all ] || sed 's/^/# aemu-radeon-cs: /' /tmp/radeon-cs.tap | grep -v '^# aemu-radeon-cs: ok' | head -n 20
    fi
}

before=$(irq_count)
radeon_cs "aemu-radeon-cs" all
after=$(irq_count)
tap_diag "radeon interrupts: ${before:-none} before the command streams, ${after:-none} after"
if [ -n "$before" ] && [ -n "$after" ] && [ "$after" -gt "$before" ]; then
    tap_ok "the device's interrupt count grows with the command streams"
else
    tap_not_ok "the device's interrupt count grows with the command streams"
fi

# Every ring signalled what it emitted (radeon_fence_info).
if [ -n "$dri" ] && [ -r "$dri/radeon_fence_info" ]; then
    fences=$(cat "$dri/radeon_fence_info")
    tap_diag "radeon_fence_info:
$fences"
    unsignalled=$(echo "$fences" | awk '
        /^--- ring/ {ring = $3}
        /^Last signaled fence/ {sig = $NF}
        /^Last emitted/ {if ($NF != sig) print ring}')
    if [ -z "$unsignalled" ]; then
        tap_ok "every ring signalled its last emitted fence"
    else
        tap_not_ok "every ring signalled its last emitted fence (not: $unsignalled)"
    fi
fi

# Late messages from the work above.
tap_dmesg_unlike '\*ERROR\*|WARNING:|BUG:|lockup|VM fault|(^|[^.])timeout' \
    "no error, warning, lockup, fault or timeout after the command streams"

# ---- GPU resets through debugfs (radeon_gpu_reset), then work again ----
# radeon's default recovery path (issue 12): radeon_gpu_reset suspends
# the rings, resets the ASIC (cik_asic_reset: a soft reset of what
# cik_gpu_check_soft_reset finds busy), resumes every block, restores the
# rings after the IB in flight (dropped) and runs the ring and IB tests;
# then the command streams run again.
RADEON_RESETS=5
fence_check() {
    awk '/^--- ring/ {ring = $3}
         /^Last signaled fence/ {sig = $NF}
         /^Last emitted/ {if ($NF != sig) print ring}' "$dri/radeon_fence_info"
}
if [ -n "$dri" ] && [ -r "$dri/radeon_gpu_reset" ]; then
    for i in $(seq 1 "$RADEON_RESETS"); do
        n0=$(tap_dmesg | grep -c "GPU reset succeeded, trying to resume")
        # The read only requests the reset (rdev->needs_reset): it runs
        # at the next fence wait, which aemu-radeon-cs --reset-wait makes.
        cat "$dri/radeon_gpu_reset" >/tmp/radeon-reset.out 2>&1
        aemu-radeon-cs /dev/dri/card0 --reset-wait >/tmp/radeon-rw.tap 2>&1
        rc=$?
        n1=$(tap_dmesg | grep -c "GPU reset succeeded, trying to resume")
        sed 's/^/# aemu-radeon-cs --reset-wait: /' /tmp/radeon-rw.tap
        tap_check "debugfs reset $i/$RADEON_RESETS: the requested reset ran at the next fence wait and succeeded ($n0 -> $n1 resets)" \
            sh -c "test $n1 = $((n0 + 1)) && test $rc = 0"
        radeon_cs "debugfs reset $i/$RADEON_RESETS: aemu-radeon-cs after the reset" failed
        left=$(fence_check)
        tap_check "debugfs reset $i/$RADEON_RESETS: every ring signalled its last emitted fence${left:+ (not: $left)}" \
            test -z "$left"
    done
    tap_dmesg_unlike 'ring [0-9]+ test failed|ib test failed|GPU reset failed|\*ERROR\*|WARNING:|BUG:' \
        "no failed ring or IB test, error or warning after $RADEON_RESETS resets"

    # ---- Induced hangs, found by radeon's own lockup check ----
    # A stream on each ring type waits on memory nobody releases: radeon's
    # lockup check (radeon.lockup_timeout, 10 s) finds the ring busy with
    # no progress and asks for a reset, which the next fence wait runs;
    # the job is dropped, then every ring works again.
    echo "aemu-radeon: induced hangs" >/dev/kmsg
    for ring in gfx cp1 dma0; do
        n0=$(tap_dmesg | grep -c "GPU reset succeeded, trying to resume")
        aemu-radeon-cs /dev/dri/card0 --hang "$ring" >/tmp/radeon-hang.tap 2>&1
        rc=$?
        n1=$(tap_dmesg | grep -c "GPU reset succeeded, trying to resume")
        sed 's/^/# aemu-radeon-cs --hang: /' /tmp/radeon-hang.tap
        tap_check "hang on $ring: radeon found the lockup and its reset succeeded ($n0 -> $n1 resets)" \
            sh -c "test $n1 = $((n0 + 1)) && test $rc = 0"
        radeon_cs "hang on $ring: aemu-radeon-cs after the reset" failed
        left=$(fence_check)
        tap_check "hang on $ring: every ring signalled its last emitted fence${left:+ (not: $left)}" \
            test -z "$left"
    done
    # A privileged register from a user IB: CIK checks it in hardware (the
    # CP faults and stops the queue); radeon asks for a reset (its
    # interrupt handler on gfx, its lockup check on compute, whose fault
    # interrupt it leaves disabled) and the next fence wait runs it.
    for ring in gfx cp1; do
        n0=$(tap_dmesg | grep -c "GPU reset succeeded, trying to resume")
        aemu-radeon-cs /dev/dri/card0 --bad-reg "$ring" >/tmp/radeon-bad.tap 2>&1
        rc=$?
        n1=$(tap_dmesg | grep -c "GPU reset succeeded, trying to resume")
        sed 's/^/# aemu-radeon-cs --bad-reg: /' /tmp/radeon-bad.tap
        tap_check "privileged register on $ring: the CP faulted, radeon reset and dropped the job ($n0 -> $n1 resets)" \
            sh -c "test $n1 = $((n0 + 1)) && test $rc = 0"
        left=$(fence_check)
        tap_check "privileged register on $ring: every ring signalled its last emitted fence${left:+ (not: $left)}" \
            test -z "$left"
    done
    radeon_cs "after the induced hangs: aemu-radeon-cs" failed
    # The fault's own report is expected.
    bad=$(tap_dmesg | sed -n '/aemu-radeon: induced hangs$/,$p' |
          grep -E 'ring [0-9]+ test failed|ib test failed|GPU reset failed|\*ERROR\*|WARNING:|BUG:' |
          grep -v -E 'Illegal register access in command stream' | head -n 8)
    tap_check "no failed ring or IB test, error or warning after the induced hangs (besides the privileged-register faults)${bad:+: $bad}" \
        test -z "$bad"
else
    tap_not_ok "radeon_gpu_reset in debugfs"
fi

# ---- Unload (last: the guest kernel is not sound after it) ----

# Linux 6.12.95's radeon pci_driver has no .remove ("drm/radeon: Remove
# calls to drm_put_dev()", backported as the fix for CVE-2025-68181):
# radeon_driver_unload_kms, and so radeon_device_fini, never runs. rmmod
# unbinds the device, the PCI core's devres cleanup frees the MSI vectors
# under radeon's still registered handler (two WARNINGs), and the
# handler's name, in the freed module, Oopses the first reader of
# /proc/interrupts.
echo "aemu-radeon: rmmod radeon" >/dev/kmsg
tap_check "rmmod radeon returns 0" rmmod radeon
sleep 2
unload_log() {
    tap_dmesg | sed -n '/aemu-radeon: rmmod radeon$/,$p'
}
if unload_log | grep -q 'radeon: finishing device'; then
    tap_ok "rmmod radeon tears the device down (radeon: finishing device.)"
else
    tap_todo "rmmod radeon tears the device down (radeon: finishing device.)" \
        "Linux 6.12.95 radeon has no pci_driver .remove: nothing is torn down (docs/lifecycle.md)"
fi
# The warnings: the PCI core's devres release from radeon's module exit
# (pci_unregister_driver), with no radeon teardown function in between.
trace=$(unload_log | sed -n '/WARNING:/,/end trace/p')
tap_diag "$(echo "$trace" | grep -E 'WARNING:|radeon|devres|msi' | head -n 12)"
if echo "$trace" | grep -q -E 'WARNING: .* (irq_domain_remove|msi_device_data_release)' &&
   echo "$trace" | grep -q 'devres_release_all' &&
   echo "$trace" | grep -q 'radeon_module_exit' &&
   ! unload_log | grep -q -E 'radeon_(driver_unload_kms|device_fini|fini|irq_kms_fini)'; then
    tap_ok "the unload's warnings are the kernel's: devres frees the MSI vectors radeon still holds, from radeon_module_exit, no radeon teardown ran"
else
    tap_not_ok "the unload's warnings are the kernel's: devres frees the MSI vectors radeon still holds, from radeon_module_exit, no radeon teardown ran"
fi
# proc_mkdir copied the handler's name: listing it reads no module memory.
tap_check "radeon's interrupt handler is still registered with the module gone" \
    sh -c 'ls -d /proc/irq/*/radeon'
# The Oops: show_interrupts prints the handler's name, which lay in the
# unloaded module. The reader dies in the kernel (left in the background).
cat /proc/interrupts >/dev/null 2>&1 &
sleep 3
oops=$(unload_log | sed -n '/BUG: unable to handle page fault/,/end trace/p')
tap_diag "$(echo "$oops" | grep -E 'BUG:|Oops|show_interrupts|last unloaded' | head -n 6)"
if echo "$oops" | grep -q 'show_interrupts' &&
   echo "$oops" | grep -q 'last unloaded: radeon'; then
    tap_ok "the Oops is the kernel's: /proc/interrupts reads the freed module's handler name"
else
    tap_not_ok "the Oops is the kernel's: /proc/interrupts reads the freed module's handler name"
fi
# For device-log-check.py: no teardown ever reached the device (MSI and
# bus mastering stay on).
tap_diag "device-log: expect 0 teardowns"
# The privileged-register writes of the induced faults (--bad-reg).
tap_diag "device-log: allow CP (gfx|comp_[0-9.]+): WRITE_DATA .* writes privileged register 0x2008 from a user IB"

tap_done
