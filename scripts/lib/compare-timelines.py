# SPDX-License-Identifier: GPL-2.0-or-later
"""Compare two engine timelines (docs/timeline.md) event by event.

  compare-timelines.py A.json B.json

Prints what the first holds (events, packets, fences, interrupts, the last
event's virtual time) and, if they differ, the first event that does, from
both files. Exit status: 0 identical, 1 different, 2 unreadable.

Used by scripts/determinism.sh: under -icount two runs of one guest
workload must give the same timeline, every packet, fence value (GPU
timestamps included) and interrupt at the same virtual nanosecond.
"""
import json
import sys


def load(path):
    # A timeline QEMU did not close lacks its final "]" (timeline.md).
    with open(path, encoding='utf-8') as f:
        text = f.read().rstrip()
    if not text.endswith(']'):
        text = text.rstrip(',\n') + ']'
    return json.loads(text)


def summary(events):
    packets = sum(1 for e in events if e.get('cat') == 'packet')
    fences = sum(1 for e in events if e.get('name') == 'fence')
    ivs = sum(1 for e in events if e.get('name') == 'iv')
    last = max((e.get('ts', 0) + e.get('dur', 0) for e in events), default=0)
    return ('%d events: %d packets, %d fences, %d interrupts, the last at %.3f ms '
            'of virtual time' % (len(events), packets, fences, ivs, last / 1000.0))


def main():
    if len(sys.argv) != 3:
        print(__doc__.strip().splitlines()[2].strip(), file=sys.stderr)
        return 2
    try:
        a, b = load(sys.argv[1]), load(sys.argv[2])
    except (OSError, ValueError) as err:
        print('compare-timelines: %s' % err, file=sys.stderr)
        return 2
    print(summary(a))
    for i, (ea, eb) in enumerate(zip(a, b)):
        if ea != eb:
            print('event %d differs:' % i)
            print('  %s' % json.dumps(ea, sort_keys=True))
            print('  %s' % json.dumps(eb, sort_keys=True))
            return 1
    if len(a) != len(b):
        print('the first has %d events, the second %d' % (len(a), len(b)))
        return 1
    return 0


if __name__ == '__main__':
    sys.exit(main())
