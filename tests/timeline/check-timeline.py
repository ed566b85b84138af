#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0-or-later
"""Checks an amdgpu-emu timeline (docs/timeline.md) for what viewers need.

usage: check-timeline.py TIMELINE.json [--engines a,b,...] [--min-slices N]

Valid JSON in Chrome's array form; every event on the device's process;
each thread named once; slices ("X") with names, arguments and
non-negative durations that do not overlap within their track (viewers
would nest or drop them); instants ("i") for fences and IVs; byte counters
("C") that never decrease. --engines names tracks that must hold slices.
Exit 0 when it all holds, 1 with the reasons otherwise.
"""
import argparse
import collections
import json
import sys

# Rounding of the microsecond decimals the core writes (ns precision).
EPSILON_US = 0.0015


def check(events, engines, min_slices):
    errors = []
    if not isinstance(events, list):
        return ["not a JSON array of events"]
    names = {}
    slices = collections.defaultdict(list)
    instants = collections.Counter()
    counters = collections.defaultdict(list)
    for e in events:
        ph = e.get("ph")
        if e.get("pid") != 1 and ph != "M":
            errors.append(f"event off the device's process: {e}")
        if ph == "M":
            if e["name"] == "thread_name":
                if e["tid"] in names:
                    errors.append(f"thread {e['tid']} named twice")
                names[e["tid"]] = e["args"]["name"]
        elif ph == "X":
            if not e.get("name") or "args" not in e:
                errors.append(f"slice without name or args: {e}")
            if e["dur"] < 0 or e["ts"] < 0:
                errors.append(f"negative time: {e}")
            slices[e["tid"]].append(e)
        elif ph == "i":
            instants[e["name"]] += 1
        elif ph == "C":
            counters[e["name"]].append(e)
        else:
            errors.append(f"unknown phase {ph!r}")
    for tid, xs in slices.items():
        if tid not in names:
            errors.append(f"slices on unnamed thread {tid}")
        xs.sort(key=lambda e: e["ts"])
        for a, b in zip(xs, xs[1:]):
            if a["ts"] + a["dur"] > b["ts"] + EPSILON_US:
                errors.append(f"overlap on {names.get(tid)}: {a['name']} "
                              f"@{a['ts']}+{a['dur']} and {b['name']} "
                              f"@{b['ts']}")
                break
    for name, cs in counters.items():
        cs.sort(key=lambda e: e["ts"])
        for a, b in zip(cs, cs[1:]):
            if any(b["args"][k] < a["args"][k] for k in a["args"]):
                errors.append(f"counter {name} decreases at {b['ts']}")
                break
    total = sum(len(xs) for xs in slices.values())
    if total < min_slices:
        errors.append(f"{total} slices, fewer than {min_slices}")
    busy = {names.get(t) for t, xs in slices.items() if xs}
    for eng in engines:
        if eng not in busy:
            errors.append(f"no slices on track {eng}")
    for kind in ("fence", "iv"):
        if not instants[kind]:
            errors.append(f"no {kind} instants")
    if not counters:
        errors.append("no byte counters")
    print(f"{total} slices on {len(busy)} tracks, "
          f"{sum(instants.values())} instants {dict(instants)}, "
          f"{len(counters)} counters")
    return errors


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("timeline")
    ap.add_argument("--engines", default="")
    ap.add_argument("--min-slices", type=int, default=1)
    args = ap.parse_args()
    try:
        with open(args.timeline) as f:
            events = json.load(f)
    except (OSError, ValueError) as err:
        print(f"{args.timeline}: {err}")
        return 1
    errors = check(events, [e for e in args.engines.split(",") if e],
                   args.min_slices)
    for err in errors:
        print(f"{args.timeline}: {err}")
    return 1 if errors else 0


if __name__ == "__main__":
    sys.exit(main())
