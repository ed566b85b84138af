# SPDX-License-Identifier: GPL-2.0-or-later
# The emulated display for guest test plans (busybox sh): the VBIOS's one
# DVI-D connector with QEMU's monitor on it (docs/display.md). Source it
# after tap.sh and host.sh:
#   . /tests/lib/display.sh
# display_release_fbcon     take fbcon off the driver's framebuffer (no
#                           cursor blink, no virtual terminal drawing into
#                           it; a reload's rmmod would fail while it holds it)
# display_checks W H [FB]   the connector is there and connected, its EDID
#                           is read (DC: over the display engine's I2C
#                           engine; radeon: bit-banged over its pads), the
#                           driver's fbdev (FB, the fb name: amdgpudrmfb by
#                           default, radeondrmfb) set a W x H mode on it; then
#                           a pattern of lines written into /dev/fb0 is
#                           compared with a host screendump (the verdict
#                           is the host's, see host.sh); vblanks at the
#                           mode's refresh and page flips completing
#                           (aemu-drm-vblank)
# display_vblank_check      vblanks at the CRTC's mode's refresh and page
#                           flips completing (aemu-drm-vblank)
# display_cursor_checks W H the hardware cursor over that pattern, checked
#                           in host screendumps (aemu-drm-cursor)
# display_modetest_checks W H
#                           libdrm's modetest sets a mode with its SMPTE
#                           bars; a host screendump must show them

# The colours of the pattern, line y in colour y modulo their count.
DISPLAY_COLOURS="ff0000 00ff00 0000ff 336699 ffffff 000000 c0ffee 808080"

# The first connector of the given type in sysfs (empty if none).
display_connector() {
    for c in /sys/class/drm/card*-"$1"-*; do
        [ -d "$c" ] && echo "$c" && return
    done
}

# One XRGB8888 pixel (little-endian B G R X) of colour RRGGBB, to stdout.
display_pixel() {
    local r g b
    r=${1%????} g=${1#??} g=${g%??} b=${1#????}
    printf "\\$(printf %03o "0x$b")\\$(printf %03o "0x$g")\\$(printf %03o "0x$r")\\000"
}

# display_draw W H STRIDE: the line pattern into /dev/fb0.
display_draw() {
    local w=$1 h=$2 stride=$3 c n
    : >/tmp/display-block
    for c in $DISPLAY_COLOURS; do
        display_pixel "$c" >/tmp/display-line
        n=1
        while [ "$n" -lt "$w" ]; do
            cat /tmp/display-line /tmp/display-line >/tmp/display-line2
            mv /tmp/display-line2 /tmp/display-line
            n=$((n * 2))
        done
        head -c $((w * 4)) /tmp/display-line >>/tmp/display-block
        head -c $((stride - w * 4)) /dev/zero >>/tmp/display-block
    done
    n=$(echo $DISPLAY_COLOURS | wc -w)
    while [ "$n" -lt "$h" ]; do
        cat /tmp/display-block /tmp/display-block >/tmp/display-block2
        mv /tmp/display-block2 /tmp/display-block
        n=$((n * 2))
    done
    # One write of the whole frame: Linux 6.12's fbdev damage tracking
    # (drm_fb_helper_memory_range_to_clip) turns a write that stays in one
    # line and ends at the line's end into an empty clip (x2 = 0), so the
    # shadow buffer's copy can skip that piece; head's 4 KiB writes hit it
    # with a 5120-byte stride (every fifth page) when the damage worker
    # runs between writes, as under legacy amdgpu (dc=0).
    dd if=/tmp/display-block of=/dev/fb0 bs=$((h * stride)) count=1 2>/dev/null
}

display_release_fbcon() {
    echo 0 >/sys/class/graphics/fbcon/cursor_blink 2>/dev/null || true
    for _display_vt in /sys/class/vtconsole/vtcon*; do
        if grep -q 'frame buffer' "$_display_vt/name" 2>/dev/null; then
            echo 0 >"$_display_vt/bind" 2>/dev/null || true
        fi
    done
}

display_checks() {
    local w=$1 h=$2 fb=${3:-amdgpudrmfb} c edid size stride out
    c=$(display_connector DVI-D)
    if [ -z "$c" ]; then
        tap_not_ok "a DVI-D connector in /sys/class/drm"
        return
    fi
    tap_ok "a DVI-D connector in /sys/class/drm (${c##*/})"
    tap_check "${c##*/} is connected" grep -qx connected "$c/status"
    size=$(wc -c <"$c/edid")
    edid=$(od -An -tx1 -N8 "$c/edid" | tr -d ' \n')
    tap_diag "${c##*/}: EDID $size bytes, header $edid; modes: $(tr '\n' ' ' <"$c/modes")"
    tap_check "the EDID (256 bytes, with its header) was read" \
        test "$size" = 256 -a "$edid" = 00ffffffffffff00
    tap_check "the preferred mode is ${w}x$h" \
        test "$(head -n 1 "$c/modes")" = "${w}x$h"
    tap_check "/dev/fb0 is the driver's ($fb)" \
        grep -q "$fb" /sys/class/graphics/fb0/name
    tap_check "fbdev runs at ${w}x$h" \
        grep -qx "$w,$h" /sys/class/graphics/fb0/virtual_size
    stride=$(cat /sys/class/graphics/fb0/stride 2>/dev/null)
    tap_diag "fb0: $(cat /sys/class/graphics/fb0/virtual_size) stride ${stride:-?}"
    if [ -n "$stride" ] && [ "$stride" -ge $((w * 4)) ]; then
        # Nothing else draws into the frame buffer meanwhile.
        display_release_fbcon
        tap_check "a line pattern written to /dev/fb0" display_draw "$w" "$h" "$stride"
        # fbdev's deferred I/O copies it into the scanout buffer.
        sleep 1
        host_screendump_check "$w" "$h" $DISPLAY_COLOURS
    else
        tap_not_ok "a line pattern written to /dev/fb0 (stride ${stride:-unknown})"
    fi
    display_vblank_check
}

# display_vblank_check: the display engine's vblank and flip interrupts,
# from userspace: vblanks at the refresh of the CRTC's mode (its pixel
# clock over its totals, as the VBIOS's SetPixelClock programmed the PLL)
# and page flips completing (aemu-drm-vblank).
display_vblank_check() {
    local out
    if out=$(aemu-drm-vblank 2>&1); then
        tap_ok "vblanks at the mode's refresh and page flips complete (aemu-drm-vblank)"
    else
        tap_not_ok "vblanks at the mode's refresh and page flips complete (aemu-drm-vblank)"
    fi
    tap_diag "aemu-drm-vblank: $(echo "$out" | tr '\n' ' ')"
}

# display_wait_output FILE REGEX: wait up to DISPLAY_WAIT_S for a line.
DISPLAY_WAIT_S=10
display_wait_output() {
    local n=0
    while ! grep -q -E "$2" "$1" 2>/dev/null; do
        [ "$n" -lt $((DISPLAY_WAIT_S * 10)) ] || return 1
        sleep 0.1
        n=$((n + 1))
    done
}

# display_cursor_checks W H: the hardware cursor over fbdev's line pattern
# (drawn by display_checks). aemu-drm-cursor puts a 64x64 cursor, its left
# half opaque magenta, its right half clear, where it is told; the host's
# screendump must show the pattern with the opaque half over it, wholly on
# the screen and hanging off the left edge, then the pattern alone.
DISPLAY_CURSOR_RGB=ff00ff
display_cursor_checks() {
    local w=$1 h=$2 pid status
    rm -f /tmp/cursor.in /tmp/cursor.out
    mkfifo /tmp/cursor.in
    aemu-drm-cursor </tmp/cursor.in >/tmp/cursor.out 2>&1 &
    pid=$!
    exec 3>/tmp/cursor.in
    # x y visible-rectangle: the opaque half, clipped at the left edge.
    for at in "100 200 100,200,32,64" "-16 300 0,300,16,64"; do
        set -- $at
        echo "move $1 $2" >&3
        if display_wait_output /tmp/cursor.out "^moved $1 $2\$"; then
            host_screendump_check "$w" "$h" $DISPLAY_COLOURS \
                "rect=$3,$DISPLAY_CURSOR_RGB"
        else
            tap_not_ok "aemu-drm-cursor moved the cursor to ($1, $2)"
        fi
    done
    echo hide >&3
    exec 3>&-
    wait "$pid"
    status=$?
    tap_diag "aemu-drm-cursor: $(tr '\n' ' ' </tmp/cursor.out)"
    if [ "$status" = 0 ]; then
        tap_ok "the cursor set, moved and taken off (aemu-drm-cursor)"
        host_screendump_check "$w" "$h" $DISPLAY_COLOURS
    else
        tap_not_ok "the cursor set, moved and taken off (aemu-drm-cursor, status $status)"
    fi
}

# display_modetest_checks W H [DRIVER]: libdrm's modetest (-M DRIVER,
# default amdgpu) sets a W x H mode on the connected connector with a frame
# buffer of its own filled with its SMPTE bars; the host's screendump must
# show exactly those bars. Then modetest exits and fbdev takes the display
# back. (modetest's output is block-buffered into a file: the mode set is
# seen as the CRTC's frame buffer changing, aemu-drm-crtc.)
display_modetest_checks() {
    local w=$1 h=$2 drv=${3:-amdgpu} id pid status before now n=0
    id=$(modetest -M "$drv" -c 2>/dev/null |
         awk '$3 == "connected" {print $1; exit}')
    if [ -z "$id" ]; then
        tap_not_ok "modetest -M $drv lists a connected connector"
        return
    fi
    before=$(aemu-drm-crtc)
    rm -f /tmp/modetest.in /tmp/modetest.out
    mkfifo /tmp/modetest.in
    # It keeps the mode until a line on its input.
    modetest -M "$drv" -s "$id:${w}x$h" \
        </tmp/modetest.in >/tmp/modetest.out 2>&1 &
    pid=$!
    exec 4>/tmp/modetest.in
    now=$before
    while [ "$now" = "$before" ] && [ "$n" -lt $((DISPLAY_WAIT_S * 10)) ]; do
        sleep 0.1
        n=$((n + 1))
        now=$(aemu-drm-crtc)
    done
    tap_diag "CRTC before modetest: $before; with it: $now"
    if [ "$now" != "$before" ]; then
        sleep 1
        host_screendump_check "$w" "$h" smpte
    else
        tap_not_ok "modetest's frame buffer on the CRTC within ${DISPLAY_WAIT_S}s"
    fi
    echo >&4
    exec 4>&-
    wait "$pid"
    status=$?
    tap_diag "modetest: $(grep -v '^$' /tmp/modetest.out | tr '\n' ' ' | cut -c1-400)"
    if [ "$status" = 0 ] && grep -q '^setting mode' /tmp/modetest.out; then
        tap_ok "modetest -M $drv set ${w}x$h on connector $id and exited"
    else
        tap_not_ok "modetest -M $drv set ${w}x$h on connector $id and exited (status $status)"
    fi
}
