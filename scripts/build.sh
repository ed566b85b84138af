#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-or-later
# Configure (once) and build the project's own meson tree: the core library,
# the firmware-stub tree, guest programs and the tests. The QEMU binary the
# qtest tests use comes from scripts/build-qemu.sh.
set -euo pipefail
. "$(dirname "$0")/lib/common.sh"

if [ ! -f "$AEMU_BUILD/build.ninja" ]; then
    meson setup "$AEMU_BUILD" "$AEMU_ROOT" -Dqemu="$AEMU_QEMU" >/dev/null ||
        aemu_die "meson setup failed"
elif [ "$(meson introspect "$AEMU_BUILD" --buildoptions 2>/dev/null |
          "$AEMU_PYTHON" -c 'import json,sys; print(next(o["value"] for o in json.load(sys.stdin) if o["name"] == "qemu"))')" != "$AEMU_QEMU" ]; then
    meson configure "$AEMU_BUILD" -Dqemu="$AEMU_QEMU" >/dev/null
fi
meson compile -C "$AEMU_BUILD" >"$AEMU_BUILD/compile.log" 2>&1 || {
    tail -n 40 "$AEMU_BUILD/compile.log" >&2
    aemu_die "build failed (log: build/compile.log)"
}
# Optional pieces meson leaves out (a missing tool or header, e.g. the
# guest programs' packages) only warn when it configures, into a log
# nobody reads: repeat those warnings on every build until they are gone.
grep -h 'WARNING: ' "$AEMU_BUILD/meson-logs/meson-log.txt" 2>/dev/null |
    sed 's/^/[amdgpu-emu] meson: /' >&2 || true
aemu_log "built the project tree in ${AEMU_BUILD#"$AEMU_ROOT"/}"
