# SPDX-License-Identifier: GPL-2.0-or-later
# One suspend/resume cycle under radeon, checked, for the suspend plans of
# radeon's chips (busybox sh). Source it after tap.sh and suspend.sh:
#   . /tests/lib/radeon-suspend.sh
# radeon_cycle NAME KIND SEED COMMAND...
#       KIND s3 or a pm_test level; COMMAND does the suspend (suspend_s3 or
#       suspend_pm_test). Runs $RADEON_KEEP SEED COMMAND (the chip's
#       program that keeps a VRAM buffer across COMMAND and checks it), then
#       checks that the machine slept (or stopped at the level), that the
#       resume's ring and IB tests succeeded on every ring of $RADEON_RINGS,
#       and that the cycle's kernel log has no warning, oops, driver error,
#       lockup or ring/IB failure; adds the resume time to $TIMES.
# radeon_poll_warnings_todo
#       the connector polling WARNINGs counted apart over all cycles: ok
#       when there were none, else an expected failure (a kernel bug).
# SUSPEND_BAD: what fails a cycle's kernel log.

SUSPEND_BAD='\*ERROR\*|BUG:|Oops|WARNING:|general protection fault|INFO: task .* blocked|Call Trace|ring .* test failed|ring [0-9]+ stalled|(IB|ib) test .*failed|lockup|GPU softreset|GPU reset|(^|[^.])timeout|timed out|VM fault|GPU fault detected|failed to (suspend|resume)|PM: .*returns -|dpm resume failed|nobody cared'

# radeon on a board without connectors (the model's Hawaii is headless,
# docs/radeon.md, as a FirePro S9150 is): radeon_modeset_init returns
# before drm_kms_helper_poll_init when the VBIOS lists no connector, and
# radeon_suspend_kms / radeon_resume_kms still call
# drm_kms_helper_poll_disable / _enable, which WARN that polling was never
# initialized. A kernel bug, counted apart as an expected failure; only a
# poll WARNING whose call trace runs through radeon_suspend_kms or
# radeon_resume_kms is taken out, any other fails the cycle.
POLL_WARNS=0
drop_poll_warnings() {
    awk '
        /WARNING: .*drm_kms_helper_poll_(disable|enable)/ {blk = $0 "\n"; inb = 1; next}
        inb {
            blk = blk $0 "\n"
            if ($0 ~ /---\[ end trace/) {
                if (blk ~ /radeon_(suspend|resume)_kms/) n++; else printf "%s", blk
                inb = 0
            }
            next
        }
        {print}
        END {if (inb) printf "%s", blk; print n + 0 >"/tmp/poll-warns"}'
}

TIMES=""
radeon_cycle() {
    _c=$1 _kind=$2 _seed=$3
    shift 3
    suspend_mark "$_c"
    tap_run $RADEON_KEEP "$_seed" "$@"
    suspend_check_entered "$_c" "$_kind"
    _ms=$(suspend_resume_ms "$_c" radeon)
    tap_diag "$_c: resume took $_ms"
    TIMES="$TIMES
$_c: $_ms"

    # radeon_resume_kms: the chip's resume (cik_resume -> cik_startup,
    # r600_resume -> r600_startup) runs every ring test, then
    # radeon_ib_ring_tests.
    _log=$(suspend_since "$_c")
    _missing=""
    for _r in $RADEON_RINGS; do
        echo "$_log" | grep -q "ring test on $_r succeeded" || _missing="$_missing ring$_r"
        echo "$_log" | grep -q "ib test on ring $_r succeeded" || _missing="$_missing ib$_r"
    done
    if [ -z "$_missing" ]; then
        tap_ok "$_c: ring and IB tests succeeded on rings $RADEON_RINGS after the resume"
    else
        tap_not_ok "$_c: ring and IB tests succeeded on rings $RADEON_RINGS after the resume (missing:$_missing)"
    fi
    _bad=$(echo "$_log" | drop_poll_warnings | grep -E -e "$SUSPEND_BAD" | head -n 5)
    POLL_WARNS=$((POLL_WARNS + $(cat /tmp/poll-warns)))
    if [ -z "$_bad" ]; then
        tap_ok "$_c: no warning (but the connector polling ones, counted apart), oops, driver error, lockup or ring/IB failure in the cycle's kernel log"
    else
        tap_not_ok "$_c: no warning (but the connector polling ones, counted apart), oops, driver error, lockup or ring/IB failure in the cycle's kernel log"
        tap_diag "$_bad"
    fi
}

radeon_poll_warnings_todo() {
    if [ "$POLL_WARNS" = 0 ]; then
        tap_ok "radeon suspends and resumes without the connector polling WARNINGs"
    else
        tap_todo "radeon suspends and resumes without the connector polling WARNINGs" \
            "$POLL_WARNS WARNINGs: on a board without connectors radeon never initializes connector polling, and its suspend/resume disables/enables it anyway (Linux 6.12.95 kernel bug, docs/lifecycle.md)"
    fi
}
