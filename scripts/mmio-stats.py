#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0-or-later
"""Count amdgpu-emu register accesses per IP block from a trace log.

Usage: scripts/mmio-stats.py TRACE_LOG [--top N]

The log is QEMU's output with -trace 'amdgpu_emu_mmio_*' (and _io_*),
e.g. scripts/run-guest.sh --plan probe -- -trace 'amdgpu_emu_mmio_*' -D FILE.
Each event names the register and the asic_reg IP that owns it; OSS is
split the way the driver's IP blocks are (cik_ih, cik_sdma, SRBM), so the
table reads like the driver's block list.
"""
import collections
import re
import sys

EVENT = re.compile(r'amdgpu_emu_(mmio|io)_(read|write) (0x[0-9a-f]+) (\S+) (\S+) (->|<-)')


def block(ip, name):
    ip = ip.lower()
    if ip == '?':
        # No asic_reg header names it (e.g. the HDP surface registers
        # gmc_v7_0_mc_program writes by raw offset from dw 0xB05).
        return 'unnamed'
    if ip == 'oss':
        if name.startswith('SDMA'):
            return 'sdma'
        if name.startswith('IH_'):
            return 'ih'
        if name.startswith('SRBM'):
            return 'srbm'
    return ip


def main():
    if len(sys.argv) < 2:
        sys.exit(__doc__)
    top = 10
    if '--top' in sys.argv:
        top = int(sys.argv[sys.argv.index('--top') + 1])
    per_block = collections.Counter()
    per_rw = collections.Counter()
    per_reg = collections.Counter()
    with open(sys.argv[1], errors='replace') as f:
        for line in f:
            m = EVENT.search(line)
            if not m:
                continue
            _, rw, _, ip, name, _ = m.groups()
            b = block(ip, name)
            per_block[b] += 1
            per_rw[(b, rw)] += 1
            per_reg[name] += 1
    total = sum(per_block.values())
    print(f'{"block":8} {"reads":>8} {"writes":>8} {"total":>8}')
    for b, n in per_block.most_common():
        print(f'{b:8} {per_rw[(b, "read")]:8} {per_rw[(b, "write")]:8} {n:8}')
    print(f'{"all":8} {sum(v for (b, rw), v in per_rw.items() if rw == "read"):8} '
          f'{sum(v for (b, rw), v in per_rw.items() if rw == "write"):8} {total:8}')
    print(f'\nmost accessed registers:')
    for name, n in per_reg.most_common(top):
        print(f'  {name:40} {n}')


if __name__ == '__main__':
    main()
