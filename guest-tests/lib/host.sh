# SPDX-License-Identifier: GPL-2.0-or-later
# Asking the host to act on the device, for guest test plans (busybox sh).
# Source it with
#   . /tests/lib/host.sh
# host_request WORDS...     send the line "AEMU-HOST: WORDS" to the host
# host_qom_set PROP VALUE   set a property of the amdgpu-emu device (id
#                           gpu0) through QMP, e.g. a fault injection
#                           (docs/fault-injection.md), then wait HOST_SETTLE
#                           seconds for the host to have done it
# host_screendump_check W H RRGGBB...|smpte [rect=X,Y,W,H,RRGGBB...]
#                           ask the host to take a screendump of the device's
#                           console and check it is W x H with line y in
#                           colour number y modulo the count, or modetest's
#                           SMPTE bars, with the rectangles in their colour
#                           (the verdict is the host's: run-guest.sh adds it
#                           to the TAP; scripts/lib/qmp-agent.py)
# A request goes to the second serial port (ttyS1), which scripts/run-guest.sh
# gives to scripts/lib/qmp-agent.py alone; the agent carries it out and logs
# its answer to qmp-agent.log in the run's results. Not the console: the
# kernel prints there straight from printk, past the tty's buffer, and once
# cut a request line in two in the middle of a suspend, so the agent refused
# the fragment and the machine slept until the run's timeout. A copy goes to
# the console for the person reading serial.log. There is no way back: the
# settle time covers the agent's polling (0.1 s) and a slow host (a busy
# wait for a screendump: see host_busy_wait).

HOST_SETTLE=2
HOST_PORT=/dev/ttyS1

host_request() {
    echo "aemu-host request: $*" >/dev/console
    echo "AEMU-HOST: $*" >"$HOST_PORT"
}

host_qom_set() {
    host_request qom-set "$1" "$2"
    sleep "$HOST_SETTLE"
}

# The guest must hold what it drew until the host took the screendump.
# Sleeping does not do that under -icount with record/replay (the
# determinism check): an idle guest's clock jumps ahead, so the settle
# passed in no real time and the guest moved the cursor on before the
# agent looked. Busy, the guest's clock runs no faster than the host's.
host_busy_wait() {
    _host_end=$(awk -v s="$1" '{printf "%d", ($1 + s) * 100}' /proc/uptime)
    while [ "$(awk '{printf "%d", $1 * 100}' /proc/uptime)" -lt "$_host_end" ]; do
        :
    done
}

host_screendump_check() {
    host_request screendump-check "$@"
    host_busy_wait "$HOST_SETTLE"
}
