#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0-or-later
"""The table of scripts/bench-timing.sh: published figures of real boards
(scripts/timing-published.tsv) next to what the guest measured on the model
under -icount, with the timing model on and off.

  timing-table.py --published TSV --chip NAME --on TAP --off TAP

With the model on, the guest's figure is the modelled one (guest time is
QEMU's virtual clock under -icount); with it off the device's work costs
nothing, so a latency there is mostly the guest CPU's share (at -icount
shift=0, one instruction a nanosecond), though not only: without costs an
engine another engine starts still waits for the next slice. A figure is
"within" when the modelled one is within the tolerance of the published
one.
Prints the table; exit status 0 (it is a benchmark: it never fails on
figures), 1 when a figure the table needs is missing from a run.
"""
import argparse
import re
import statistics
import sys

MIB = 1024 * 1024
GB = 1e9
TOLERANCE = 0.20


def gpu_bench(lines):
    """aemu-gpu-bench's figures: copies in MiB/s, round trips per second."""
    copies, trips = {}, {}
    for line in lines:
        f = line.split()
        if len(f) < 7 or f[:2] != ["#", "BENCH"]:
            continue
        try:
            value = float(f[6])
        except ValueError:
            continue
        if f[2] == "copy":
            copies[(f[3], f[4], int(f[5]))] = value
        elif f[2] == "roundtrip":
            trips[f[3]] = value
    return copies, trips


def hsa_bench(lines):
    """aemu-hsa-bench's figures: name -> list of (value, {key: value})."""
    out = {}
    for line in lines:
        m = re.match(r"# BENCH (\S+) ([0-9.]+) (\S+) (.*)", line)
        if not m:
            continue
        args = dict(a.split("=", 1) for a in m.group(4).split() if "=" in a)
        out.setdefault(m.group(1), []).append((float(m.group(2)), args))
    return out


def hsa_copy(h, nbytes, key):
    for value, a in h.get("copy-sdma", []):
        if a.get("path") == "host->vram" and int(a.get("bytes", -1)) == nbytes:
            return value if key == "mib_s" else float(a["median-us"])
    return None


def measure(chip, figure, lines):
    """The guest's figure for a published one (None: not in the run)."""
    copies, trips = gpu_bench(lines)
    h = hsa_bench(lines)

    def largest(path):
        sizes = [s for (e, p, s) in copies if e == "sdma" and p == path]
        return copies[("sdma", path, max(sizes))] * MIB / GB if sizes else None

    if figure == "h2d-bandwidth":
        return largest("gtt->vram")
    if figure == "d2h-bandwidth":
        return largest("vram->gtt")
    if figure == "small-submission":
        return 1e6 / trips["compute"] if trips.get("compute") else None
    sizes = {"h2d-1k": 1024, "h2d-512k": 512 * 1024, "h2d-1m": MIB}
    if figure in sizes:
        return hsa_copy(h, sizes[figure], "median")
    if figure == "h2d-bandwidth-512k":
        v = hsa_copy(h, 512 * 1024, "mib_s")
        return v * MIB / GB if v is not None else None
    if figure == "dispatch-roundtrip":
        for value, a in h.get("signal-roundtrip", []):
            if a.get("packet") == "dispatch" and a.get("wait") == "active":
                return float(a["median-us"])
        return None
    raise SystemExit(f"timing-table.py: no rule for figure {figure}")


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--published", required=True)
    ap.add_argument("--chip", required=True)
    ap.add_argument("--on", required=True)
    ap.add_argument("--off", required=True)
    o = ap.parse_args()
    rows = []
    with open(o.published) as f:
        for line in f:
            if line.startswith("#") or not line.strip():
                continue
            chip, figure, value, unit, board, source = \
                line.rstrip("\n").split("\t")
            if chip == o.chip:
                rows.append((figure, float(value), unit, board, source))
    on = open(o.on).read().splitlines()
    off = open(o.off).read().splitlines()
    missing = 0
    ratios = []
    print(f"{o.chip}: published figure, the model under -icount "
          f"(timing on), the same without costs (timing off), ratio")
    print(f"{'figure':<20} {'published':>12} {'modelled':>10} "
          f"{'no costs':>10} {'ratio':>6}  verdict")
    for figure, pub, unit, board, source in rows:
        m_on, m_off = measure(o.chip, figure, on), measure(o.chip, figure, off)
        if m_on is None:
            print(f"{figure:<20} {pub:>9.2f} {unit:<3} {'missing':>10}")
            missing += 1
            continue
        # Without costs a bandwidth is the host's speed: not shown.
        bare = m_off if unit == "us" else None
        ratio = m_on / pub
        ratios.append(ratio)
        verdict = ("within" if abs(ratio - 1) <= TOLERANCE
                   else "over" if ratio > 1 else "under")
        print(f"{figure:<20} {pub:>8.2f} {unit:<3} {m_on:>10.2f} "
              f"{(f'{bare:.2f}' if bare is not None else '-'):>10} "
              f"{ratio:>6.2f}  {verdict} ±{TOLERANCE:.0%}")
    print()
    for figure, pub, unit, board, source in rows:
        print(f"  {figure}: {board}; {source}")
    if ratios:
        inside = sum(abs(r - 1) <= TOLERANCE for r in ratios)
        print(f"\n{inside} of {len(ratios)} figures within ±{TOLERANCE:.0%}; "
              f"geometric mean ratio "
              f"{statistics.geometric_mean(ratios):.2f}")
    return 1 if missing else 0


if __name__ == "__main__":
    sys.exit(main())
