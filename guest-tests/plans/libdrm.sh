#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# libdrm's own amdgpu_test (built by scripts/build-libdrm-tests.sh from
# Debian's libdrm source) on the emulated GPU with the unmodified amdgpu
# driver (issue 4). Loads amdgpu as the probe plan does, asks amdgpu_test
# which suites and tests it enables on this chip (-l), then runs every test
# of the suites below on its own (-s SUITE -t TEST), under a time limit,
# and prints one TAP line per CUnit test:
#   ok       the test ran its checks and CUnit counted no failure
#   not ok   CUnit counted a failure, the suite's init failed, the program
#            died, or the test did not finish in time
#   # SKIP   amdgpu_test disables the test on this chip, the driver cannot
#            pass it with a module parameter the plans use (NEEDS_PARAM),
#            or the test returned before making any check (it decided it
#            cannot run here); the reason is printed (docs/libdrm-tests.md
#            lists them)
# with per-suite counts as diagnostics, then checks that the kernel log
# has no VM fault and no ring timeout.
# Run: scripts/build-libdrm-tests.sh && scripts/build-guest.sh &&
#      scripts/run-guest.sh --plan libdrm
. /tests/lib/tap.sh
. /tests/lib/amdgpu.sh
. /tests/lib/fences.sh

# ---- What to run ----

# Suites, by the name amdgpu_test gives them (one per line).
SUITES='
Basic Tests
BO Tests
VM Tests
SYNCOBJ TIMELINE Tests
'

# Seconds one test may take (TCG is slow: the SDMA and CP fills move
# 1 MiB per ring and buffer kind).
TEST_TIMEOUT=${LIBDRM_TEST_TIMEOUT:-180}

# Why amdgpu_test disables a test on CIK: "suite|test|reason", from
# amdgpu_test.c amdgpu_disable_suites and basic_tests.c (libdrm 2.4.114).
DISABLED_WHY='
Basic Tests|bo eviction Test|amdgpu_test disables it on every ASIC (amdgpu_disable_suites)
Basic Tests|Sync dependency Test|amdgpu_test runs it on GFX8 and GFX9 only (family VI..RV); Hawaii is CI
Basic Tests|Dispatch Test (Compute)|amdgpu_test runs it on GFX9 only (family AI..RV): gfx9 shaders and registers
Basic Tests|Dispatch Test (GFX)|amdgpu_test runs it on GFX9 only (family AI..RV): gfx9 shaders and registers
Basic Tests|Draw Test|amdgpu_test runs it on GFX9 only (family AI..RV): gfx9 shaders and registers
Basic Tests|GPU reset Test|amdgpu_test disables it on every ASIC (amdgpu_disable_suites)
'

# Tests the driver cannot pass with a module parameter of
# docs/module-parameters.md: "suite|test|parameter=value|reason"; skipped
# (not run) while the parameter has that value.
NEEDS_PARAM='
Basic Tests|Stable pstate Test|dpm=0|sets a stable power state through the context ioctl; with amdgpu.dpm=0 powerplay has power management off and refuses every forced level with -EINVAL (pp_dpm_force_performance_level)
'

# Tests that need what the model does not have yet: "suite|test|reason";
# skipped (not run) with the reason, on the chips where amdgpu_test runs
# them. They join when the model gains it. Compute dispatches run (issue
# 10); graphics shaders and the rasterizer do not.
NEEDS_MODEL='
Basic Tests|Draw Test|needs graphics: the test draws with gfx9 vertex and pixel shaders and checks the render target; the model runs compute shaders only (no vertex/pixel stages, no rasterizer)
'

# Tests that return without a check when they cannot run here.
NO_CHECK_WHY='
VM Tests|unaligned map|allocates a 4 GiB VRAM buffer and returns without a check when that fails; the device has less VRAM (vram-size)
'

# ---- Helpers ----

# lookup TABLE SUITE TEST: the reason column of a "suite|test|reason" table.
lookup() {
    echo "$1" | awk -F'|' -v s="$2" -v t="$3" '$1 == s && $2 == t {print $3; exit}'
}

# run_test SUITE_ID TEST_ID OUT ERR: amdgpu_test on one test, at most
# TEST_TIMEOUT seconds. Returns its exit status, 124 if it had to be
# killed, 125 if it could not even be killed (stuck in the kernel).
run_test() {
    amdgpu_test -s "$1" -t "$2" >"$3" 2>"$4" &
    _pid=$!
    _end=$(( $(cut -d. -f1 /proc/uptime) + TEST_TIMEOUT ))
    while kill -0 "$_pid" 2>/dev/null; do
        if [ "$(cut -d. -f1 /proc/uptime)" -ge "$_end" ]; then
            kill -9 "$_pid" 2>/dev/null
            _i=0
            while kill -0 "$_pid" 2>/dev/null && [ "$_i" -lt 20 ]; do
                sleep 0.5
                _i=$((_i + 1))
            done
            kill -0 "$_pid" 2>/dev/null && return 125
            wait "$_pid" 2>/dev/null
            return 124
        fi
        sleep 0.2
    done
    wait "$_pid"
}

# cunit_row OUT KIND: "total ran passed failed inactive" of CUnit's Run
# Summary row KIND (suites, tests, asserts); n/a reads as 0.
cunit_row() {
    awk -v k="$2" '$1 == k && NF >= 6 {
        for (i = 2; i <= 6; i++) if ($i == "n/a") $i = 0
        print $2, $3, $4, $5, $6; exit }' "$1"
}

# ---- Load the driver ----

amdgpu_find_device || tap_bail "no emulated AMD GPU on the PCI bus (run without --no-device?)"
amdgpu_load
fence_trace_start
amdgpu_check_bound
[ -e "/sys/bus/pci/drivers/amdgpu/$AMDGPU_DEV" ] || tap_bail "amdgpu did not bind"
tap_diag "$(tap_dmesg | grep -m 1 -o 'amdgpu: VRAM: .*')"
command -v amdgpu_test >/dev/null ||
    tap_bail "no amdgpu_test in the guest: run scripts/build-libdrm-tests.sh, then scripts/build-guest.sh"

# ---- What amdgpu_test enables on this chip ----

if ! amdgpu_test -l >/tmp/libdrm-list 2>/tmp/libdrm-list.err; then
    tap_diag "$(cat /tmp/libdrm-list /tmp/libdrm-list.err)"
    tap_bail "amdgpu_test -l failed"
fi
tap_diag "amdgpu_test -l: $(grep -c '^Suite:' /tmp/libdrm-list) suites; its notes:"
tap_diag "$(cat /tmp/libdrm-list /tmp/libdrm-list.err | grep -v -E '^ *(What|Suite|Test):' | sed '/^ *$/d')"
# "suite_id|suite status|suite name|test_id|test status|test name" per test
# ("Suite: %2d: %8s: %s" and " Test: %2d: %8s: %s" in amdgpu_test.c).
awk '
    /^Suite: / { sid = $2 + 0; sst = $3; sub(/:$/, "", sst)
                 sname = $0; sub(/^Suite: *[0-9]+: *[A-Z]+: /, "", sname)
                 if (sst == "DISABLED") print sid "|" sst "|" sname "|0||"
                 next }
    /^ Test: / { tid = $2 + 0; tst = $3; sub(/:$/, "", tst)
                 tname = $0; sub(/^ Test: *[0-9]+: *[A-Z]+: /, "", tname)
                 print sid "|" sst "|" sname "|" tid "|" tst "|" tname }
' /tmp/libdrm-list >/tmp/libdrm-tests

# ---- Run the suites ----

total_pass=0 total_fail=0 total_skip=0
echo "$SUITES" | sed '/^$/d' >/tmp/libdrm-suites
while IFS= read -r suite; do
    if ! grep -q -F "|$suite|" /tmp/libdrm-tests; then
        tap_not_ok "$suite: amdgpu_test has no such suite"
        total_fail=$((total_fail + 1))
        continue
    fi
    pass=0 fail=0 skip=0
    grep -F "|$suite|" /tmp/libdrm-tests >/tmp/libdrm-suite
    while IFS='|' read -r sid sst sname tid tst tname; do
        if [ "$sst" = DISABLED ]; then
            tap_skip "$suite" "amdgpu_test disables the whole suite on this chip"
            skip=$((skip + 1))
            continue
        fi
        desc="$suite: $tname"
        if [ "$tst" = DISABLED ]; then
            why=$(lookup "$DISABLED_WHY" "$suite" "$tname")
            tap_skip "$desc" "${why:-amdgpu_test disables it on this chip}"
            skip=$((skip + 1))
            continue
        fi
        why=$(lookup "$NEEDS_MODEL" "$suite" "$tname")
        if [ -n "$why" ]; then
            tap_skip "$desc" "$why"
            skip=$((skip + 1))
            continue
        fi
        why=$(echo "$NEEDS_PARAM" | awk -F'|' -v s="$suite" -v t="$tname" '
                  $1 == s && $2 == t {print $3 "|" $4; exit}')
        if [ -n "$why" ]; then
            param=${why%%|*}
            if [ "$(cat "/sys/module/amdgpu/parameters/${param%%=*}" 2>/dev/null)" = "${param#*=}" ]; then
                tap_skip "$desc" "not run with amdgpu.$param: ${why#*|}"
                skip=$((skip + 1))
                continue
            fi
        fi
        t0=$(tap_now)
        status=0
        run_test "$sid" "$tid" /tmp/libdrm-out /tmp/libdrm-err </dev/null || status=$?
        t=$(awk -v a="$t0" -v b="$(tap_now)" 'BEGIN {printf "%.1f", b - a}')
        tests=$(cunit_row /tmp/libdrm-out tests)
        asserts=$(cunit_row /tmp/libdrm-out asserts)
        suites=$(cunit_row /tmp/libdrm-out suites)
        set -- $tests
        ran=${2:-0} tfailed=${4:-0} inactive=${5:-0}
        set -- $asserts
        checks=${2:-0} afailed=${4:-0}
        set -- $suites
        sfailed=${4:-0}
        if [ "$status" = 124 ] || [ "$status" = 125 ]; then
            tap_not_ok "$desc (no result after ${TEST_TIMEOUT}s: the GPU hung)"
            fail=$((fail + 1))
            tap_diag "$(cat /tmp/libdrm-out /tmp/libdrm-err | tail -n 20)"
            tap_diag "kernel log (last lines):"
            tap_diag "$(tap_dmesg | tail -n 20)"
            if [ "$status" = 125 ]; then
                tap_diag "$suite: $pass passed, $fail failed, $skip skipped (stopped)"
                tap_bail "amdgpu_test is stuck in the kernel (GPU hang): later tests cannot run"
            fi
        elif [ -z "$tests" ]; then
            tap_not_ok "$desc (amdgpu_test exited with status $status and no CUnit summary)"
            fail=$((fail + 1))
            tap_diag "$(cat /tmp/libdrm-out /tmp/libdrm-err | tail -n 30)"
        elif [ "$sfailed" != 0 ] || [ "$tfailed" != 0 ] || [ "$afailed" != 0 ] || [ "$ran" = 0 ]; then
            tap_not_ok "$desc"
            fail=$((fail + 1))
            # CUnit's own account: the suite/test lines and its failures.
            tap_diag "$(grep -E 'Suite|Test:|FAILED|^ +[0-9]+\. |init|clean' /tmp/libdrm-out | head -n 30)"
            [ -s /tmp/libdrm-err ] && tap_diag "stderr: $(head -n 10 /tmp/libdrm-err)"
        elif [ "$checks" = 0 ]; then
            why=$(lookup "$NO_CHECK_WHY" "$suite" "$tname")
            tap_skip "$desc" "the test returned without making a check${why:+: $why}"
            skip=$((skip + 1))
        else
            tap_ok "$desc (${t}s, $checks checks)"
            pass=$((pass + 1))
        fi
        [ "$inactive" = 0 ] || tap_diag "CUnit counted $inactive inactive tests"
    done </tmp/libdrm-suite
    tap_diag "$suite: $pass passed, $fail failed, $skip skipped"
    total_pass=$((total_pass + pass)) total_fail=$((total_fail + fail))
    total_skip=$((total_skip + skip))
done </tmp/libdrm-suites
tap_diag "amdgpu_test total: $total_pass passed, $total_fail failed, $total_skip skipped"

# ---- What the kernel saw ----

tap_dmesg_unlike 'GPU fault detected|VM fault|VM_CONTEXT1_PROTECTION_FAULT' \
    "no GPU VM fault in the kernel log"
tap_dmesg_unlike 'ring .* timeout|timed out|\*ERROR\*' \
    "no ring timeout or driver error in the kernel log"
fence_fallback_check "every fence came by interrupt"
tap_dmesg_unlike 'BUG:|Oops|WARNING:|general protection fault' \
    "no kernel bug or warning"

tap_done
