# SPDX-License-Identifier: GPL-2.0-or-later
# Asking the host to act on the device, for guest test plans (busybox sh).
# Source it with
#   . /tests/lib/host.sh
# host_qom_set PROP VALUE   set a property of the amdgpu-emu device (id
#                           gpu0) through QMP, e.g. a fault injection
#                           (docs/fault-injection.md), then wait HOST_SETTLE
#                           seconds for the host to have done it
# host_screendump_check W H RRGGBB...
#                           ask the host to take a screendump of the device's
#                           console and check it is W x H with line y in
#                           colour number y modulo the count (the verdict is
#                           the host's: run-guest.sh adds it to the TAP)
# The request is a console line "AEMU-HOST: qom-set PROP VALUE", which
# scripts/lib/qmp-agent.py (started by scripts/run-guest.sh) follows and
# carries out; its answer goes to qmp-agent.log in the run's results. The
# plan's stdout is the TAP stream (prefixed by init), so the request goes to
# the console directly. There is no way back: the settle time covers the
# agent's polling (0.1 s) and a slow host.

HOST_SETTLE=2

host_qom_set() {
    echo "AEMU-HOST: qom-set $1 $2" >/dev/console
    sleep "$HOST_SETTLE"
}

host_screendump_check() {
    echo "AEMU-HOST: screendump-check $*" >/dev/console
    sleep "$HOST_SETTLE"
}
