#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0-or-later
"""A one-picture summary of an amdgpu-emu timeline, for CI logs.

usage: timeline-summary.py TIMELINE.json OUT.png [--window-s SECONDS]

From a timeline (-device amdgpu-emu,timeline=FILE or aemu-replay
--timeline; docs/timeline.md) it draws busy % per track over the whole
run (a track is busy while one of its slices runs) and a Gantt chart of
the busiest window (a second of virtual time by default: the window with
the most busy time summed over tracks), and prints the busy table as text
too, so that a log without images still carries the numbers.

The picture is a PNG drawn with matplotlib (Debian's python3-matplotlib,
installed by scripts/bootstrap.sh); where matplotlib is missing it writes
the same picture as an SVG built by hand next to OUT (OUT with .svg) and
says so, rather than failing a CI job over a picture.
"""
import argparse
import bisect
import collections
import json
import sys

US_PER_S = 1_000_000
# Tracks the Gantt chart shows at most (the busiest), to stay legible.
GANTT_MAX_TRACKS = 16
# Slice colours by category: packets, waits, engine-only work.
COLOURS = {"packet": "#4c78a8", "wait": "#e45756", "run": "#72b7b2"}


def load(path):
    with open(path) as f:
        events = json.load(f)
    names, slices = {}, collections.defaultdict(list)
    for e in events:
        if e.get("ph") == "M" and e.get("name") == "thread_name":
            names[e["tid"]] = e["args"]["name"]
        elif e.get("ph") == "X":
            cat = "run" if e["name"] == "run" else e.get("cat", "packet")
            slices[e["tid"]].append((e["ts"], e["dur"], cat))
    tracks = {names.get(t, str(t)): sorted(s) for t, s in slices.items()}
    return tracks


def busy_table(tracks):
    starts = [s[0] for xs in tracks.values() for s in xs]
    ends = [s[0] + s[1] for xs in tracks.values() for s in xs]
    if not starts:
        return 0, 0, {}
    t0, t1 = min(starts), max(ends)
    span = max(t1 - t0, 1e-9)
    busy = {n: 100.0 * sum(d for _, d, _ in xs) / span
            for n, xs in tracks.items()}
    return t0, t1, busy


def busiest_window(tracks, t0, t1, width):
    """Start of the width-long window with the most busy time. The best
    window starts at some slice's start; prefix sums over slices sorted by
    start give each candidate's total (a slice running past the window's
    end counts whole: close enough to pick a window)."""
    if t1 - t0 <= width:
        return t0
    allx = sorted(s[:2] for xs in tracks.values() for s in xs)
    starts = [s for s, _ in allx]
    prefix = [0.0]
    for _, d in allx:
        prefix.append(prefix[-1] + d)
    best, best_start = -1.0, t0
    for i, ts in enumerate(starts):
        j = bisect.bisect_left(starts, ts + width)
        if prefix[j] - prefix[i] > best:
            best, best_start = prefix[j] - prefix[i], ts
    return best_start


def draw_png(out, tracks, busy, window, width):
    import matplotlib
    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    order = sorted(busy, key=lambda n: -busy[n])
    shown = order[:GANTT_MAX_TRACKS]
    fig, (ax1, ax2) = plt.subplots(
        2, 1, figsize=(11, 3 + 0.45 * (len(order) + len(shown))),
        gridspec_kw={"height_ratios": [len(order) + 1, len(shown) + 1]})
    ax1.barh(order[::-1], [busy[n] for n in order[::-1]], color="#4c78a8")
    ax1.set_xlabel("busy % of the run (virtual time)")
    ax1.set_xlim(0, max(100, max(busy.values(), default=0)))
    for y, n in enumerate(order[::-1]):
        ax1.text(busy[n], y, f" {busy[n]:.3f}%", va="center", fontsize=8)
    for y, n in enumerate(shown[::-1]):
        for s, d, cat in tracks[n]:
            if s + d < window or s > window + width:
                continue
            ax2.broken_barh([(s - window, max(d, width / 2000))], (y - 0.4, 0.8),
                            color=COLOURS.get(cat, "#888888"))
    ax2.set_yticks(range(len(shown)))
    ax2.set_yticklabels(shown[::-1])
    ax2.set_xlim(0, width)
    ax2.set_xlabel(f"µs from {window / US_PER_S:.6f} s (virtual); "
                   "blue: packets, red: waits, teal: engine work")
    ax2.set_title("busiest window")
    fig.tight_layout()
    fig.savefig(out, dpi=100)


def draw_svg(out, tracks, busy, window, width):
    """The same two charts as SVG text (no dependencies)."""
    order = sorted(busy, key=lambda n: -busy[n])
    shown = order[:GANTT_MAX_TRACKS]
    row, left, plot = 18, 140, 700
    y2 = row * (len(order) + 2)
    h = y2 + row * (len(shown) + 3)
    out_lines = [f'<svg xmlns="http://www.w3.org/2000/svg" width="{left + plot + 80}" '
                 f'height="{h}" font-family="sans-serif" font-size="11">',
                 '<rect width="100%" height="100%" fill="white"/>',
                 f'<text x="4" y="12">busy % of the run (virtual time)</text>']
    for i, n in enumerate(order):
        y = row * (i + 1)
        w = plot * min(busy[n], 100) / 100
        out_lines.append(f'<text x="4" y="{y + 12}">{n}</text>'
                         f'<rect x="{left}" y="{y + 2}" width="{w:.1f}" '
                         f'height="{row - 4}" fill="#4c78a8"/>'
                         f'<text x="{left + w + 4:.1f}" y="{y + 12}">'
                         f'{busy[n]:.3f}%</text>')
    out_lines.append(f'<text x="4" y="{y2 + 12}">busiest window: '
                     f'{width:.0f} µs from {window / US_PER_S:.6f} s</text>')
    for i, n in enumerate(shown):
        y = y2 + row * (i + 1)
        out_lines.append(f'<text x="4" y="{y + 12}">{n}</text>')
        for s, d, cat in tracks[n]:
            if s + d < window or s > window + width:
                continue
            x = left + plot * max(s - window, 0) / width
            w = max(plot * min(d, width) / width, 0.5)
            out_lines.append(f'<rect x="{x:.1f}" y="{y + 2}" width="{w:.1f}" '
                             f'height="{row - 4}" '
                             f'fill="{COLOURS.get(cat, "#888888")}"/>')
    out_lines.append("</svg>")
    with open(out, "w") as f:
        f.write("\n".join(out_lines) + "\n")


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("timeline")
    ap.add_argument("out")
    ap.add_argument("--window-s", type=float, default=1.0,
                    help="Gantt window in seconds of virtual time")
    args = ap.parse_args()
    tracks = load(args.timeline)
    t0, t1, busy = busy_table(tracks)
    width = args.window_s * US_PER_S
    window = busiest_window(tracks, t0, t1, width)
    print(f"{args.timeline}: {(t1 - t0) / US_PER_S:.6f} s of virtual time")
    for n in sorted(busy, key=lambda n: -busy[n]):
        print(f"  {n:16} {busy[n]:8.4f}% busy, {len(tracks[n])} slices")
    try:
        draw_png(args.out, tracks, busy, window, width)
        print(f"wrote {args.out}")
    except ImportError:
        svg = args.out.rsplit(".", 1)[0] + ".svg"
        draw_svg(svg, tracks, busy, window, width)
        print(f"matplotlib missing: wrote {svg} instead")
    return 0


if __name__ == "__main__":
    sys.exit(main())
