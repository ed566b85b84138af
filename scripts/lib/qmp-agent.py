#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0-or-later
"""Host agent of a guest run: carries out what the guest plan asks of the host.

scripts/run-guest.sh starts it next to QEMU with the run's QMP socket and
the file behind the guest's second serial port, where plans send their
requests (guest-tests/lib/host.sh's host_request). It follows that file; on
a line such as

    AEMU-HOST: qom-set inject-hang gfx
    AEMU-HOST: qom-set inject-drop-irqs 3

it sets that property of the amdgpu-emu device (id gpu0, or the id given
as "qom-set @gpu1 PROP VALUE") over QMP, and logs the request and QEMU's
answer to the log file. The guest cannot see the answer: a plan waits a
moment after asking (guest-tests/lib/host.sh).

    AEMU-HOST: snapshot-restore NAME SECONDS

takes a snapshot NAME of the whole machine (HMP savevm), lets the guest
run SECONDS more, then restores it (loadvm): the guest goes on from the
snapshot, never knowing. Snapshots need a qcow2 disk: the first request
creates one in the run's work directory (QMP blockdev-create) and adds
it, unattached to any device, as node "snapdisk". A failed savevm or
loadvm hangs the device's sdma0 (inject-hang), so the guest's work
fails visibly instead of passing without a snapshot taken.

    AEMU-HOST: system_wakeup

which a plan prints just before it suspends the machine (S3): the agent
waits until QEMU reports the run state "suspended" and then sends
system_wakeup (guest-tests/lib/suspend.sh).

    AEMU-HOST: expect-wake SECONDS

which a plan prints before a suspend the RTC alarm is to end SECONDS
later: the agent waits until QEMU is suspended and then watches it. If
the machine still sleeps WAKE_GRACE_S after the alarm was due, the alarm
was lost: the agent logs "expect-wake: RTC alarm lost" and wakes the
machine itself, so the plan goes on instead of sleeping until its
timeout, and run-guest.sh reports the lost alarm as a failed test.

    AEMU-HOST: screendump-check WIDTH HEIGHT PATTERN [rect=X,Y,W,H,RRGGBB...]

takes a QMP screendump of the device's console (what its display engine
scans out, docs/display.md) into screendump-N.ppm next to the log, and
checks that it is WIDTH x HEIGHT and that every pixel is what the guest
drew. PATTERN is either colours RRGGBB [RRGGBB...]: every pixel of line y
has the colour number y modulo their count (lines the plan wrote into the
frame buffer), or the word smpte: the colour bars libdrm's modetest fills
its XRGB8888 frame buffers with (SMPTE_BARS below). Each rect= overrides
the colour of a rectangle (clipped to the screen), e.g. where the guest put
an opaque cursor. It logs "screendump-check: ok ..." or
"screendump-check: FAILED ..."; run-guest.sh turns each into a test.
Only these five requests are served.

    qmp-agent.py SOCKET REQUESTS LOG
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
SNAPSHOT_DISK = "snapshots.qcow2"
SNAPSHOT_NODE = "snapdisk"
SNAPSHOT_DISK_BYTES = 64 << 20
JOB_TIMEOUT_S = 60
# How long a system_wakeup request waits for the guest to reach S3.
SUSPEND_WAIT_S = 300
# How long past its alarm a machine may sleep before the alarm counts as
# lost (a loaded host delays the wake-up by seconds, never by a minute).
WAKE_GRACE_S = 60


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


def run_job(qmp, log, name, **args):
    """A block job to its end (blockdev-create): True if it succeeded."""
    answer = qmp.command(name, **args)
    if "error" in answer:
        log.write("%s -> %s\n" % (name, json.dumps(answer)))
        return False
    deadline = time.time() + JOB_TIMEOUT_S
    while time.time() < deadline:
        for job in qmp.command("query-jobs").get("return", []):
            if job["id"] == args["job-id"] and job["status"] == "concluded":
                qmp.command("job-dismiss", id=args["job-id"])
                if job.get("error"):
                    log.write("%s: %s\n" % (name, job["error"]))
                    return False
                return True
        time.sleep(POLL_S)
    log.write("%s: job %s did not end\n" % (name, args["job-id"]))
    return False


def snapshot_disk(qmp, log, workdir):
    """The qcow2 node savevm writes to, created on first use."""
    nodes = qmp.command("query-named-block-nodes").get("return", [])
    if any(n.get("node-name") == SNAPSHOT_NODE for n in nodes):
        return True
    path = os.path.join(workdir, SNAPSHOT_DISK)
    ok = (run_job(qmp, log, "blockdev-create", **{"job-id": "snapfile",
                  "options": {"driver": "file", "filename": path,
                              "size": 0}}) and
          "error" not in qmp.command("blockdev-add", driver="file",
                                     filename=path,
                                     **{"node-name": "snapfile"}) and
          run_job(qmp, log, "blockdev-create", **{"job-id": "snapfmt",
                  "options": {"driver": "qcow2", "file": "snapfile",
                              "size": SNAPSHOT_DISK_BYTES}}))
    if ok:
        answer = qmp.command("blockdev-add", driver="qcow2", file="snapfile",
                             **{"node-name": SNAPSHOT_NODE})
        ok = "error" not in answer
        log.write("snapshot disk %s -> %s\n" % (path, json.dumps(answer)))
    return ok


def hmp(qmp, log, command_line):
    """An HMP command; True if it printed no error (savevm/loadvm are
    silent on success)."""
    t0 = time.time()
    answer = qmp.command("human-monitor-command", **{"command-line":
                                                     command_line})
    text = answer.get("return", "") if "error" not in answer else \
        json.dumps(answer)
    log.write("%s -> %r (%.2f s)\n" % (command_line, text, time.time() - t0))
    return "error" not in answer and not text.strip()


def snapshot_restore(qmp, log, workdir, words):
    if len(words) != 2:
        log.write("refused (snapshot-restore NAME SECONDS): %s\n" % words)
        return
    name, seconds = words[0], float(words[1])
    ok = snapshot_disk(qmp, log, workdir) and hmp(qmp, log, "savevm " + name)
    if ok:
        time.sleep(seconds)
        ok = hmp(qmp, log, "loadvm " + name)
    log.write("snapshot-restore %s: %s\n" % (name, "done" if ok else
                                               "FAILED"))
    if not ok:
        # Make the failure the guest's: its SDMA work stops.
        answer = qmp.command("qom-set", path=PERIPHERAL + DEFAULT_DEVICE,
                             property="inject-hang", value="sdma0")
        log.write("inject-hang sdma0 -> %s\n" % json.dumps(answer))


def run_state(qmp):
    return qmp.command("query-status").get("return", {}).get("status")


def expect_wake(qmp, log, words):
    """Wake the machine if the RTC alarm it sleeps on never comes."""
    try:
        seconds = float(words[0]) if len(words) == 1 else -1
    except ValueError:
        seconds = -1
    if seconds < 0:
        log.write("refused (expect-wake SECONDS): %s\n" % words)
        return
    deadline = time.monotonic() + SUSPEND_WAIT_S
    while run_state(qmp) != "suspended":
        if time.monotonic() > deadline:
            log.write("expect-wake: not suspended after %d s\n"
                      % SUSPEND_WAIT_S)
            return
        time.sleep(POLL_S)
    t0 = time.monotonic()
    while run_state(qmp) == "suspended":
        if time.monotonic() - t0 > seconds + WAKE_GRACE_S:
            answer = qmp.command("system_wakeup")
            log.write("expect-wake: RTC alarm lost: still suspended %.0f s "
                      "after sleeping (alarm due after %g s); system_wakeup "
                      "-> %s\n" % (time.monotonic() - t0, seconds,
                                   json.dumps(answer)))
            return
        time.sleep(POLL_S)
    log.write("expect-wake: woke %.1f s after sleeping (alarm due after "
              "%g s)\n" % (time.monotonic() - t0, seconds))


def read_ppm(path):
    """(width, height, RGB bytes) of a binary PPM (P6, maxval 255)."""
    with open(path, "rb") as f:
        data = f.read()
    fields, pos = [], 0
    while len(fields) < 4:
        while data[pos:pos + 1].isspace():
            pos += 1
        if data[pos:pos + 1] == b"#":
            pos = data.index(b"\n", pos)
            continue
        end = pos
        while not data[end:end + 1].isspace():
            end += 1
        fields.append(data[pos:end])
        pos = end
    if fields[0] != b"P6" or fields[3] != b"255":
        raise ValueError("not a P6 PPM with maxval 255")
    width, height = int(fields[1]), int(fields[2])
    pixels = data[pos + 1:]
    if len(pixels) < width * height * 3:
        raise ValueError("short PPM")
    return width, height, pixels


# modetest's "smpte" pattern for an XRGB8888 frame buffer (libdrm's
# tests/util/pattern.c): the top two thirds of the lines are seven bars,
# the next ninth seven more, the rest eight blocks of near-black steps.
SMPTE_TOP = ["c0c0c0", "c0c000", "00c0c0", "00c000", "c000c0", "c00000",
             "0000c0"]
SMPTE_MIDDLE = ["0000c0", "131313", "c000c0", "131313", "00c0c0", "131313",
                "c0c0c0"]
SMPTE_BOTTOM = ["00214c", "ffffff", "32006a", "131313", "090909", "131313",
                "1d1d1d", "131313"]


def smpte_line(width, height, y):
    """One line of the SMPTE pattern as RGB bytes."""
    def bars(names):
        return b"".join(bytes.fromhex(names[x * 7 // width])
                        for x in range(width))
    if y < height * 6 // 9:
        return bars(SMPTE_TOP)
    if y < height * 7 // 9:
        return bars(SMPTE_MIDDLE)
    out, w57, w67, w7 = [], width * 5 // 7, width * 6 // 7, width // 7
    for x in range(width):
        if x < w57:
            i = x * 4 // w57
        elif x < w67:
            i = (x - w57) * 3 // w7 + 4
        else:
            i = 7
        out.append(bytes.fromhex(SMPTE_BOTTOM[i]))
    return b"".join(out)


def parse_screen(words):
    """(width, height, line(y) -> expected RGB bytes, description)."""
    width, height = int(words[0]), int(words[1])
    rects = [w[5:].split(",") for w in words[2:] if w.startswith("rect=")]
    rects = [(int(x), int(y), int(w), int(h), bytes.fromhex(c))
             for x, y, w, h, c in rects]
    pattern = [w for w in words[2:] if not w.startswith("rect=")]
    if width <= 0 or height <= 0 or any(len(r[4]) != 3 for r in rects):
        raise ValueError
    if pattern == ["smpte"]:
        cache = {}

        def base(y):
            band = (y < height * 6 // 9) + (y < height * 7 // 9)
            if band not in cache:
                cache[band] = smpte_line(width, height, y)
            return cache[band]
        what = "the SMPTE bars"
    else:
        colours = [bytes.fromhex(c) for c in pattern]
        if not colours or any(len(c) != 3 for c in colours):
            raise ValueError

        def base(y):
            return colours[y % len(colours)] * width
        what = "%d lines of %d colours" % (height, len(colours))

    def line(y):
        want = base(y)
        for rx, ry, rw, rh, c in rects:
            x0, x1 = max(rx, 0), min(rx + rw, width)
            if ry <= y < ry + rh and x0 < x1:
                want = want[:x0 * 3] + c * (x1 - x0) + want[x1 * 3:]
        return want
    if rects:
        what += " and %d rectangle(s)" % len(rects)
    return width, height, line, what


def screendump_check(qmp, log, outdir, words, counter=[0]):
    """Compare the console against the picture the guest drew."""
    try:
        width, height, expected, what = parse_screen(words)
    except (ValueError, IndexError):
        log.write("refused (screendump-check W H RRGGBB...|smpte "
                  "[rect=X,Y,W,H,RRGGBB...]): %s\n" % words)
        return
    counter[0] += 1
    path = os.path.join(outdir, "screendump-%d.ppm" % counter[0])
    answer = qmp.command("screendump", filename=path)
    if "error" in answer:
        log.write("screendump-check: FAILED: screendump -> %s\n"
                  % json.dumps(answer))
        return
    try:
        w, h, px = read_ppm(path)
    except (OSError, ValueError) as e:
        log.write("screendump-check: FAILED: %s: %s\n" % (path, e))
        return
    if (w, h) != (width, height):
        log.write("screendump-check: FAILED: %s is %dx%d, expected %dx%d\n"
                  % (os.path.basename(path), w, h, width, height))
        return
    line = width * 3
    for y in range(height):
        want = expected(y)
        got = px[y * line:(y + 1) * line]
        if got != want:
            x = next(i for i in range(width)
                     if got[i * 3:i * 3 + 3] != want[i * 3:i * 3 + 3])
            log.write("screendump-check: FAILED: %s pixel (%d,%d) is %s, "
                      "expected %s\n" % (os.path.basename(path), x, y,
                                         got[x * 3:x * 3 + 3].hex(),
                                         want[x * 3:x * 3 + 3].hex()))
            return
    log.write("screendump-check: ok %s %dx%d, %s\n"
              % (os.path.basename(path), w, h, what))


def serve(qmp, line, log, workdir, outdir):
    if line.startswith("screendump-check "):
        screendump_check(qmp, log, outdir, line.split()[1:])
        return
    words = line.split(" ", 3) if line else []
    if words and words[0] == "snapshot-restore":
        snapshot_restore(qmp, log, workdir, words[1:])
        return
    if words == ["system_wakeup"]:
        wakeup(qmp, log)
        return
    if words and words[0] == "expect-wake":
        expect_wake(qmp, log, words[1:])
        return
    if not words or words[0] != "qom-set":
        log.write("refused (only qom-set, snapshot-restore, system_wakeup, "
                  "expect-wake and screendump-check are served): %s\n"
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
    sock, requests, logpath = sys.argv[1:4]
    with open(logpath, "a", buffering=1) as log:
        try:
            qmp = Qmp(sock)
        except (OSError, EOFError) as e:
            log.write("agent: %s\n" % e)
            return 1
        log.write("agent: connected to %s, following %s\n" % (sock, requests))
        pos = 0
        pending = b""
        while True:
            try:
                with open(requests, "rb") as f:
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
                        serve(qmp, text[len(PREFIX):].strip(), log,
                              os.path.dirname(os.path.abspath(sock)),
                              os.path.dirname(os.path.abspath(logpath)))
            except (OSError, EOFError) as e:
                log.write("agent: QEMU went away: %s\n" % e)
                return 0
            if not data:
                time.sleep(POLL_S)


if __name__ == "__main__":
    sys.exit(main())
