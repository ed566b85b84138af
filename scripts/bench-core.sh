#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-or-later
# Benchmark of the core model on the host (no QEMU, no guest): packets/s and
# copy bandwidth next to memcpy, measured in one run. Prints, never fails.
set -euo pipefail
. "$(dirname "$0")/lib/common.sh"
"$AEMU_ROOT/scripts/build.sh"
exec "$AEMU_BUILD/tests/bench/bench-core"
