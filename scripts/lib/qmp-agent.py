#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0-or-later
"""Host agent of a guest run: carries out what the guest plan asks of the host.

scripts/run-guest.sh starts it next to QEMU with the run's QMP socket and
serial log. It follows the serial log; on a line the plan prints such as

    AEMU-HOST: qom-set inject-hang gfx
    AEMU-HOST: qom-set inject-drop-irqs 3

it sets that property of the amdgpu-emu device (id gpu0, or the id given
as "qom-set @gpu1 PROP VALUE") over QMP, and logs the request and QEMU's
answer to the log file. The guest cannot see the answer: a plan waits a
moment after asking (guest-tests/lib/host.sh). Served: qom-set, on the
device's own properties, and

    AEMU-HOST: system_wakeup

which a plan prints just before it suspends the machine (S3): the agent
waits until QEMU reports the run state "suspended" and then sends
system_wakeup (guest-tests/lib/suspend.sh).

    qmp-agent.py SOCKET SERIAL LOG
"""
import json
import os
import socket
import sys
import time

PREFIX = "AEMU-HOST: "
DEFAULT_DEVICE = "gpu0"
PERIPHERAL = "/machine/peripheral/"
POLL_S = 0.1
CONNECT_TRIES = 300
# How long a system_wakeup request waits for the guest to reach S3.
SUSPEND_WAIT_S = 300


class Qmp:
    def __init__(self, path):
        for _ in range(CONNECT_TRIES):
            try:
                self.sock = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
                self.sock.connect(path)
                break
            except OSError:
                self.sock.close()
                time.sleep(POLL_S)
        else:
            raise OSError("no QMP socket at " + path)
        self.f = self.sock.makefile("rw")
        self.read()                         # the greeting
        self.command("qmp_capabilities")

    def read(self):
        while True:
            line = self.f.readline()
            if not line:
                raise EOFError("QMP closed")
            msg = json.loads(line)
            if "event" not in msg:          # events are not answers
                return msg

    def command(self, name, **args):
        self.f.write(json.dumps({"execute": name, "arguments": args}) + "\n")
        self.f.flush()
        return self.read()


def value_of(prop, text):
    """QMP wants the property's own type: integers for the u32 knobs."""
    try:
        return int(text, 0)
    except ValueError:
        return text


def wakeup(qmp, log):
    """Wake the machine once the guest has suspended it."""
    deadline = time.monotonic() + SUSPEND_WAIT_S
    while True:
        status = qmp.command("query-status").get("return", {}).get("status")
        if status == "suspended":
            break
        if time.monotonic() > deadline:
            log.write("system_wakeup: not suspended after %d s (status %s)\n"
                      % (SUSPEND_WAIT_S, status))
            return
        time.sleep(POLL_S)
    answer = qmp.command("system_wakeup")
    log.write("system_wakeup -> %s\n" % json.dumps(answer))


def serve(qmp, line, log):
    words = line.split(" ", 3) if line else []
    if words == ["system_wakeup"]:
        wakeup(qmp, log)
        return
    if not words or words[0] != "qom-set":
        log.write("refused (only qom-set and system_wakeup are served): %s\n"
                  % line)
        return
    words = words[1:]
    device = DEFAULT_DEVICE
    if words and words[0].startswith("@"):
        device = words.pop(0)[1:]
    if len(words) < 1:
        log.write("refused (qom-set PROP [VALUE]): %s\n" % line)
        return
    prop = words[0]
    text = " ".join(words[1:])
    answer = qmp.command("qom-set", path=PERIPHERAL + device, property=prop,
                         value=value_of(prop, text))
    log.write("qom-set %s %s %r -> %s\n" % (device, prop, text,
                                           json.dumps(answer)))


def main():
    sock, serial, logpath = sys.argv[1:4]
    with open(logpath, "a", buffering=1) as log:
        try:
            qmp = Qmp(sock)
        except (OSError, EOFError) as e:
            log.write("agent: %s\n" % e)
            return 1
        log.write("agent: connected to %s, following %s\n" % (sock, serial))
        pos = 0
        pending = b""
        while True:
            try:
                with open(serial, "rb") as f:
                    f.seek(pos)
                    data = f.read()
            except OSError:
                data = b""
            pos += len(data)
            pending += data
            *lines, pending = pending.split(b"\n")
            try:
                for raw in lines:
                    text = raw.decode("utf-8", "replace").rstrip("\r")
                    if text.startswith(PREFIX):
                        serve(qmp, text[len(PREFIX):].strip(), log)
            except (OSError, EOFError) as e:
                log.write("agent: QEMU went away: %s\n" % e)
                return 0
            if not data:
                time.sleep(POLL_S)


if __name__ == "__main__":
    sys.exit(main())
