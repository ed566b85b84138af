# SPDX-License-Identifier: GPL-2.0-or-later
# amdgpu's rings as its debugfs shows them, for the plans that take the
# driver through a state change (reload, suspend) and check it came back
# whole (busybox sh). Source it after /tests/lib/tap.sh:
#   . /tests/lib/amdgpu-rings.sh
# amdgpu_find_dri          set dri to the device's debugfs directory (a
#                          reload may number the DRM minor anew); 1 if none
# amdgpu_ring_names        the rings amdgpu_fence_info lists, one per line
# amdgpu_unsignalled       the rings whose last emitted fence has not
#                          signalled
# amdgpu_rings_check WHAT REFERENCE
#                          three tests: the same rings as the list in file
#                          REFERENCE (amdgpu_ring_names taken before the
#                          change), IB tests passed on every ring
#                          (amdgpu_test_ib, which holds the scheduler while
#                          it runs), every ring's last fence signalled

amdgpu_find_dri() {
    dri=""
    for _d in /sys/kernel/debug/dri/*; do
        [ -r "$_d/amdgpu_test_ib" ] && dri=$_d && return 0
    done
    return 1
}

amdgpu_ring_names() {
    awk '/^--- ring/ {print $4}' "$dri/amdgpu_fence_info" 2>/dev/null | tr -d '()'
}

amdgpu_unsignalled() {
    awk '/^--- ring/ {ring = $4}
         /^Last signaled fence/ {sig = $NF}
         /^Last emitted/ && sig != "" {if ($NF != sig) print ring; sig = ""}' \
        "$dri/amdgpu_fence_info"
}

amdgpu_rings_check() {
    _what=$1 _ref=$2
    if ! amdgpu_find_dri; then
        tap_not_ok "$_what: amdgpu debugfs directory"
        return
    fi
    amdgpu_ring_names >/tmp/rings.now
    if cmp -s "$_ref" /tmp/rings.now; then
        tap_ok "$_what: the same $(wc -l </tmp/rings.now) rings as before"
    else
        tap_not_ok "$_what: the same rings as before"
        tap_diag "now: $(tr '\n' ' ' </tmp/rings.now)"
    fi
    _r=$(cat "$dri/amdgpu_test_ib" 2>&1)
    case "$_r" in
    *"ib ring tests passed."*) tap_ok "$_what: IB tests passed on every ring" ;;
    *) tap_not_ok "$_what: IB tests passed on every ring"; tap_diag "$_r" ;;
    esac
    _u=$(amdgpu_unsignalled)
    if [ -z "$_u" ]; then
        tap_ok "$_what: every ring signalled its last emitted fence"
    else
        tap_not_ok "$_what: every ring signalled its last emitted fence (not: $(echo $_u))"
    fi
}
