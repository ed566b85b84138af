# SPDX-License-Identifier: GPL-2.0-or-later
# System suspend and resume for the suspend plans (busybox sh). Source it
# after /tests/lib/tap.sh:
#   . /tests/lib/suspend.sh
# suspend_setup            check that the kernel offers "mem" with "deep"
#                          (S3) and pm_test, select deep; report them
# suspend_mark TEXT        a mark in the kernel log; suspend_since TEXT
#                          prints the log after the latest such mark
# suspend_s3               (a command, run by aemu-vram-keep or
#                          aemu-radeon-cs --keep-vram) a real S3 cycle
#                          woken by the RTC alarm SUSPEND_ALARM seconds on,
#                          or by QMP's system_wakeup with SUSPEND_WAKE=qmp
# suspend_all_cycles CYCLE the suspend plans' sequence of cycles (below)
# suspend_settle CYCLE SEC  wait until SEC seconds have passed since the
#                          cycle's resume ended ("PM: suspend exit")
# suspend_pm_test LEVEL    (a command) a pm_test cycle at LEVEL: the kernel
#                          suspends up to that level, waits, and resumes
#                          without the machine sleeping
# suspend_check_entered CYCLE KIND   ok if the cycle's log shows the
#                          machine in S3 (real) or the pm_test wait
# suspend_resume_ms CYCLE DRIVER   the cycle's resume times: the driver's
#                          device resume callbacks, and the machine's resume
# The programs run the two commands between filling their VRAM buffer and
# checking it, as
#   sh -c '. /tests/lib/suspend.sh && suspend_s3'
# (SUSPEND_WAKE and SUSPEND_ALARM exported).

. /tests/lib/host.sh

# Seconds from arming the RTC alarm to the wake-up: the freeze and the
# device suspend take a few seconds under TCG, and an alarm due before the
# machine sleeps would be missed (it never wakes).
SUSPEND_ALARM=${SUSPEND_ALARM:-10}
SUSPEND_RTC=/sys/class/rtc/rtc0
# The pm_test levels a cycle may use, deepest last (kernel/power/main.c):
# devices stops after the drivers' suspend callbacks; platform and
# processors after the noirq phase too (amdgpu's ASIC reset); core after
# syscore suspend with interrupts off.
SUSPEND_PM_LEVELS="devices platform processors core"

suspend_setup() {
    tap_diag "/sys/power/state: $(cat /sys/power/state)"
    tap_diag "/sys/power/mem_sleep: $(cat /sys/power/mem_sleep)"
    tap_diag "/sys/power/pm_test: $(cat /sys/power/pm_test 2>&1)"
    tap_check "the kernel offers 'mem' in /sys/power/state" \
        grep -qw mem /sys/power/state
    echo deep >/sys/power/mem_sleep 2>/dev/null
    tap_check "'deep' (S3) is selected in /sys/power/mem_sleep" \
        grep -q '\[deep\]' /sys/power/mem_sleep
    tap_check "/sys/power/pm_test exists (CONFIG_PM_DEBUG)" \
        test -w /sys/power/pm_test
    tap_check "the RTC can wake the machine ($SUSPEND_RTC/wakealarm)" \
        test -w "$SUSPEND_RTC/wakealarm"
    # The kernel's per-phase times ("PM: resume of devices complete after
    # N msecs") and the time each driver's callbacks took.
    echo 1 >/sys/power/pm_print_times 2>/dev/null || true
}

suspend_mark() {
    echo "aemu-suspend: $*" >/dev/kmsg
}

suspend_since() {
    tap_dmesg | awk -v m="aemu-suspend: $1\$" '$0 ~ m {buf = ""; on = 1; next} on {buf = buf $0 "\n"} END {printf "%s", buf}'
}

# The ICH9 LPC bridge (q35's ISA bridge at 00:1f.0) and its ACPI registers
# in config space: PMBASE (0x40, 4 bytes) and ACPI_CNTL (0x44, whose ACPI_EN
# bit maps the PM I/O ports at PMBASE). QEMU's wake-up reset puts both back
# to their defaults, which unmaps the PM1 event, control and timer
# registers, and SeaBIOS's S3 resume path does not program them again
# (firmware with an S3 boot script, as OVMF's, would). The guest then reads
# a stopped PM timer and its next suspend request (the SLP_EN write to
# PM1_CNT) goes nowhere: the kernel believes it slept and the machine never
# did. So after each wake-up the plan puts back what the firmware set at
# boot. Finding them reset is also the guest's proof that QEMU really
# suspended the machine and reset it on the wake-up.
SUSPEND_LPC=/sys/bus/pci/devices/0000:00:1f.0/config
SUSPEND_LPC_ACPI_OFF=64
SUSPEND_LPC_ACPI_LEN=5

suspend_lpc_acpi() {
    od -An -tx1 -j "$SUSPEND_LPC_ACPI_OFF" -N "$SUSPEND_LPC_ACPI_LEN" "$SUSPEND_LPC" | tr -d ' \n'
}

suspend_s3() {
    echo none >/sys/power/pm_test
    _lpc_before=$(suspend_lpc_acpi)
    [ -n "$_lpc_before" ] || return 1
    dd if="$SUSPEND_LPC" of=/tmp/suspend-lpc.bin bs=1 skip="$SUSPEND_LPC_ACPI_OFF" \
        count="$SUSPEND_LPC_ACPI_LEN" 2>/dev/null || return 1
    if [ "${SUSPEND_WAKE:-rtc}" = qmp ]; then
        # The host's agent waits for QEMU to be suspended and then wakes it
        # (scripts/lib/qmp-agent.py); no alarm is armed.
        echo 0 >"$SUSPEND_RTC/wakealarm"
        host_request system_wakeup
    else
        echo 0 >"$SUSPEND_RTC/wakealarm" &&
            echo "+$SUSPEND_ALARM" >"$SUSPEND_RTC/wakealarm" || return 1
        # The host wakes the machine if the alarm is lost (and says so).
        host_request expect-wake "$SUSPEND_ALARM"
    fi
    # Let the agent see the request before the suspend freezes the guest.
    sleep 1
    echo mem >/sys/power/state
    _rc=$?
    _lpc_after=$(suspend_lpc_acpi)
    echo "$_lpc_before $_lpc_after" >/tmp/suspend-lpc.txt
    if [ "$_lpc_after" != "$_lpc_before" ]; then
        echo "aemu-suspend: the wake-up reset the LPC bridge's ACPI registers ($_lpc_before -> $_lpc_after): restoring them" >/dev/kmsg
        dd if=/tmp/suspend-lpc.bin of="$SUSPEND_LPC" bs=1 seek="$SUSPEND_LPC_ACPI_OFF" \
            count="$SUSPEND_LPC_ACPI_LEN" conv=notrunc 2>/dev/null || return 1
    fi
    return $_rc
}

suspend_pm_test() {
    echo "$1" >/sys/power/pm_test || return 1
    echo mem >/sys/power/state
    _suspend_rc=$?
    echo none >/sys/power/pm_test
    return $_suspend_rc
}

suspend_check_entered() {
    if [ "$2" = s3 ]; then
        if suspend_since "$1" | grep -q 'ACPI: PM: Waking up from system sleep state S3' &&
           suspend_since "$1" | grep -q 'the wake-up reset the LPC bridge'; then
            tap_ok "$1: the machine slept in S3 and QEMU reset it on the wake-up (the LPC bridge's ACPI registers were reset: $(cat /tmp/suspend-lpc.txt))"
        else
            tap_not_ok "$1: the machine slept in S3 and QEMU reset it on the wake-up"
            tap_diag "LPC ACPI registers before and after: $(cat /tmp/suspend-lpc.txt 2>&1)"
            tap_diag "$(suspend_since "$1" | grep -E 'PM:|ACPI' | head -n 8)"
        fi
    else
        if suspend_since "$1" | grep -q 'suspend debug: Waiting for'; then
            tap_ok "$1: the kernel stopped at pm_test level $2 and resumed"
        else
            tap_not_ok "$1: the kernel stopped at pm_test level $2 and resumed"
            tap_diag "$(suspend_since "$1" | grep -E 'PM:|suspend' | head -n 8)"
        fi
    fi
}

suspend_resume_ms() {
    # DRIVER's three resume phases (noirq, early, resume) as pm_print_times
    # logs them, and after an S3 the machine's resume from the wake-up to
    # "PM: suspend exit", in ms.
    suspend_since "$1" | awk -v drv="$2" '
        $0 ~ "^\\[ *[0-9.]+\\] " drv " .*PM: pci_pm_resume(_noirq|_early)? returned 0 after" {
            for (i = 1; i <= NF; i++) if ($i ~ /^usecs/) dev += $(i - 1)
        }
        /ACPI: PM: Low-level resume complete/ {
            split($0, a, /[][]/); t0 = a[2] + 0
        }
        /PM: suspend exit/ { split($0, a, /[][]/); t1 = a[2] + 0 }
        END {
            printf "%s %.0f ms", drv, dev / 1000
            if (t0 && t1) printf ", machine %.0f ms", (t1 - t0) * 1000
        }'
}

# suspend_all_cycles CYCLE: the suspend plans' sequence, each cycle run by
# the plan's function CYCLE NAME KIND SEED COMMAND... (which adds its resume
# time to TIMES): SUSPEND_S3_CYCLES real S3 cycles woken by the RTC alarm,
# with SUSPEND_QMP_WAKE=1 one more woken by QMP's system_wakeup, with
# SUSPEND_VRAM_LOST=1 one more in which the device loses VRAM at the
# wake-up (armed over QMP: host.sh), then one pm_test cycle per level of
# SUSPEND_PM_TESTS. Leaves the S3 cycles' times in S3_TIMES, the pm_test
# ones in TIMES.
suspend_all_cycles() {
    _sac_cycle=$1
    S3_ALL=$SUSPEND_S3_CYCLES
    [ "$SUSPEND_QMP_WAKE" = 1 ] && S3_ALL=$((S3_ALL + 1))
    n=1
    while [ "$n" -le "$S3_ALL" ]; do
        if [ "$n" -gt "$SUSPEND_S3_CYCLES" ]; then
            export SUSPEND_WAKE=qmp
            name="S3 $n, QMP wake"
        else
            export SUSPEND_WAKE=rtc
            name="S3 $n/$SUSPEND_S3_CYCLES"
        fi
        "$_sac_cycle" "$name" s3 "$n" sh -c '. /tests/lib/suspend.sh && suspend_s3'
        n=$((n + 1))
    done
    if [ "$SUSPEND_VRAM_LOST" = 1 ]; then
        export SUSPEND_WAKE=rtc
        host_qom_set inject-vram-lost 1
        "$_sac_cycle" "S3 $n, VRAM lost" s3 "$n" sh -c '. /tests/lib/suspend.sh && suspend_s3'
    fi
    S3_TIMES=$TIMES

    TIMES=""
    n=1
    for level in $SUSPEND_PM_TESTS; do
        grep -qw "$level" /sys/power/pm_test ||
            { tap_not_ok "pm_test level $level is offered"; continue; }
        "$_sac_cycle" "pm_test $n, $level" "$level" $((100 + n)) \
            sh -c ". /tests/lib/suspend.sh && suspend_pm_test $level"
        n=$((n + 1))
    done
}

suspend_settle() {
    _exit=$(suspend_since "$1" | awk '/PM: suspend exit/ {split($0, a, /[][]/); t = a[2] + 0} END {print t + 0}')
    _wait=$(awk -v e="$_exit" -v s="$2" -v n="$(cut -d' ' -f1 /proc/uptime)" \
        'BEGIN {w = e + s - n; printf "%d", (w > 0 ? w + 1 : 0)}')
    [ "$_wait" = 0 ] || sleep "$_wait"
}
