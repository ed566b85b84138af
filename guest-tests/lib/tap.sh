# SPDX-License-Identifier: GPL-2.0-or-later
# TAP helpers for the guest test plans (busybox sh). Source it with
#   . /tests/lib/tap.sh
# tap_plan N                 declare N tests up front (else tap_done prints
#                            the plan at the end, which TAP also allows)
# tap_ok DESC / tap_not_ok DESC
# tap_check DESC CMD [ARG]...  ok if CMD succeeds (its output becomes diagnostics)
# tap_skip DESC REASON       a test that did not run
# tap_todo DESC REASON       an expected failure: "not ok N - DESC # TODO
#                            REASON" (a guest kernel bug the plan
#                            documents), not counted as a failure
# tap_diag TEXT...           "# TEXT", one diagnostic per line of TEXT
# tap_dmesg                  the whole kernel log
# tap_dmesg_like REGEX [DESC]    ok if a kernel-log line matches the ERE
# tap_dmesg_unlike REGEX [DESC]  ok if no kernel-log line matches
# tap_wait_dmesg REGEX SEC   wait up to SEC s for a matching kernel-log line
#                            (returns 0/1, prints no test line)
# tap_now                    seconds since boot, e.g. 12.34 (for timings)
# tap_run PROG ARGS...       run a guest program that prints numbered TAP
#                            lines from --first N, live; count its tests into
#                            this plan's and make its other output diagnostics
#                            (a missing program or a non-zero exit without a
#                            failed test is a failed test, never a skip)
# tap_summary DESC PROG ARGS...
#                            run a program that prints TAP lines and make
#                            them one test: "DESC: N checks passed", or the
#                            failed count (exit status too) with the first
#                            failures as diagnostics
# tap_bail REASON            "Bail out!" and exit 1
# tap_done                   finish: plan line if needed, exit 0 if all passed
# A plan made of several plans in one boot (probe-topaz.sh) sources them in
# turn with TAP_CHAIN=1: the numbering carries on from one to the next (a
# second source of this file keeps the counters), and tap_done returns
# until the plan clears TAP_CHAIN for the last one.

if [ -z "${TAP_STARTED:-}" ]; then
    TAP_STARTED=1
    TAP_N=0
    TAP_FAILED=0
    TAP_PLANNED=""
fi

tap_plan() {
    TAP_PLANNED=$1
    echo "1..$1"
}

tap_ok() {
    TAP_N=$((TAP_N + 1))
    echo "ok $TAP_N - $*"
}

tap_not_ok() {
    TAP_N=$((TAP_N + 1))
    TAP_FAILED=$((TAP_FAILED + 1))
    echo "not ok $TAP_N - $*"
}

tap_todo() {
    TAP_N=$((TAP_N + 1))
    echo "not ok $TAP_N - $1 # TODO ${2:-}"
}

tap_diag() {
    printf '%s\n' "$*" | while IFS= read -r l; do printf '# %s\n' "$l"; done
}

tap_check() {
    _tap_desc=$1
    shift
    if _tap_out=$("$@" 2>&1); then
        tap_ok "$_tap_desc"
    else
        tap_not_ok "$_tap_desc"
        tap_diag "command: $*"
    fi
    [ -z "$_tap_out" ] || tap_diag "$_tap_out"
}

tap_skip() {
    TAP_N=$((TAP_N + 1))
    echo "ok $TAP_N - $1 # SKIP ${2:-}"
}

tap_dmesg() {
    dmesg -s 16777216
}

tap_dmesg_like() {
    _tap_m=$(tap_dmesg | grep -E -m 1 -e "$1")
    if [ -n "$_tap_m" ]; then
        tap_ok "${2:-kernel log matches /$1/}"
        tap_diag "$_tap_m"
    else
        tap_not_ok "${2:-kernel log matches /$1/}"
    fi
}

tap_dmesg_unlike() {
    _tap_m=$(tap_dmesg | grep -E -e "$1" | head -n 5)
    if [ -z "$_tap_m" ]; then
        tap_ok "${2:-kernel log has no /$1/}"
    else
        tap_not_ok "${2:-kernel log has no /$1/}"
        tap_diag "$_tap_m"
    fi
}

tap_wait_dmesg() {
    _tap_end=$(( $(cut -d. -f1 /proc/uptime) + $2 ))
    while ! tap_dmesg | grep -q -E -e "$1"; do
        [ "$(cut -d. -f1 /proc/uptime)" -lt "$_tap_end" ] || return 1
        sleep 0.2
    done
}

tap_now() {
    cut -d' ' -f1 /proc/uptime
}

tap_run() {
    _tap_prog=$1
    shift
    if ! command -v "$_tap_prog" >/dev/null; then
        tap_not_ok "$_tap_prog is in the guest (meson builds it when scripts/bootstrap.sh's packages are installed)"
        return
    fi
    { "$_tap_prog" --first $((TAP_N + 1)) "$@" 2>&1; echo $? >/tmp/tap_run.status; } |
        awk '/^(ok |not ok |#)/ { print; fflush(); next } { print "# " $0; fflush() }' |
        tee /tmp/tap_run.out
    _tap_ok=$(grep -c '^ok ' /tmp/tap_run.out)
    _tap_fail=$(grep -c '^not ok ' /tmp/tap_run.out)
    TAP_N=$((TAP_N + _tap_ok + _tap_fail))
    TAP_FAILED=$((TAP_FAILED + _tap_fail))
    _tap_status=$(cat /tmp/tap_run.status)
    if [ "$_tap_status" != 0 ] && [ "$_tap_fail" = 0 ]; then
        tap_not_ok "$_tap_prog $* exited with status $_tap_status"
    fi
}

tap_summary() {
    _tap_desc=$1
    shift
    "$@" >/tmp/tap_summary.out 2>&1
    _tap_status=$?
    _tap_ok=$(grep -c '^ok' /tmp/tap_summary.out)
    _tap_fail=$(grep -c '^not ok' /tmp/tap_summary.out)
    if [ "$_tap_status" = 0 ] && [ "$_tap_ok" -gt 0 ] && [ "$_tap_fail" = 0 ]; then
        tap_ok "$_tap_desc: $_tap_ok checks passed"
    else
        tap_not_ok "$_tap_desc: $_tap_fail of $((_tap_ok + _tap_fail)) checks failed (exit $_tap_status)"
        tap_diag "$(grep '^not ok' /tmp/tap_summary.out | head -n 5)"
    fi
}

tap_bail() {
    echo "Bail out! $*"
    exit 1
}

tap_done() {
    [ -z "${TAP_CHAIN:-}" ] || return 0
    if [ -z "$TAP_PLANNED" ]; then
        echo "1..$TAP_N"
    elif [ "$TAP_PLANNED" -ne "$TAP_N" ]; then
        tap_diag "planned $TAP_PLANNED tests but ran $TAP_N"
        exit 1
    fi
    [ "$TAP_FAILED" -eq 0 ] || tap_diag "failed $TAP_FAILED of $TAP_N"
    [ "$TAP_FAILED" -eq 0 ]
    exit $?
}
