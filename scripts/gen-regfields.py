#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0-or-later
"""Turn the generated field headers (include/amdgpu-emu/regs/*_fields.h)
into run-time tables, so the decode tools can print a register value field
by field. The headers stay the single source: this runs at build time and
its output is not committed, so the tables cannot drift from the macros
the model compiles against.

Usage: gen-regfields.py OUT.c DB=HEADER [DB=HEADER ...]
  DB is the register database's name ("cik", "vega10": AemuRegDb.name).
"""
import re
import sys

# "/* NAME: mmNAME 0x1234 (IP) */" or "/* NAME: ixNAME 0x... (IP, space) */";
# long lines wrap, so the mm/ix spelling may be on the next comment line.
REG_RE = re.compile(r'^/\* (\w+):(.*)$')
CONT_RE = re.compile(r'^/\* (.*)$')
MASK_RE = re.compile(r'^#define (\w+)_MASK (0x[0-9A-Fa-f]+)')
SHIFT_RE = re.compile(r'^#define (\w+)__SHIFT (\w+)')


def space_of(name, text):
    """'ix' or 'mm' as the comment spells the name, None if it does not."""
    if 'ix' + name in text:
        return 'ix'
    if 'mm' + name in text:
        return 'mm'
    return None


def parse(path):
    """Fields per (space, register) in header order."""
    regs = {}
    cur = None
    shifts = {}
    for line in open(path, encoding='utf-8'):
        m = REG_RE.match(line)
        if m:
            cur = [space_of(m.group(1), m.group(2)), m.group(1)]
            continue
        m = CONT_RE.match(line)
        if m and cur and not cur[0]:
            cur[0] = space_of(cur[1], m.group(1))
            continue
        m = SHIFT_RE.match(line)
        if m:
            shifts[m.group(1)] = int(m.group(2), 0)
            continue
        m = MASK_RE.match(line)
        if m and cur:
            key = (cur[0] or 'mm', cur[1])
            regs.setdefault(key, [])
            prefix = cur[1] + '__'
            if not m.group(1).startswith(prefix):
                sys.exit('%s: %s is not a field of %s' % (path, m.group(1),
                                                         cur[1]))
            regs[key].append((m.group(1)[len(prefix):], int(m.group(2), 0),
                              m.group(1)))
    out = []
    for (space, reg), fields in regs.items():
        for field, mask, macro in fields:
            if macro not in shifts:
                sys.exit('%s: %s has no __SHIFT' % (path, macro))
            out.append((space, reg, field, mask, shifts[macro]))
    # Sorted by (space, register) for bsearch; fields keep header order.
    out.sort(key=lambda f: (f[0] == 'ix', f[1]))
    return out


def main():
    if len(sys.argv) < 3:
        sys.exit(__doc__)
    dbs = [a.split('=', 1) for a in sys.argv[2:]]
    with open(sys.argv[1], 'w', encoding='utf-8') as f:
        f.write('/* SPDX-License-Identifier: GPL-2.0-or-later */\n'
                '/* GENERATED at build time by scripts/gen-regfields.py '
                'from the *_fields.h headers. */\n'
                '#include "aemu-decode.h"\n\n')
        for db, hdr in dbs:
            fields = parse(hdr)
            f.write('static const AemuRegField %s_fields[] = {\n' % db)
            for space, reg, field, mask, shift in fields:
                f.write('    { %d, "%s", "%s", 0x%08xu, %d },\n' %
                        (space == 'ix', reg, field, mask, shift))
            f.write('};\n\n')
        f.write('const AemuRegFieldTable aemu_reg_field_tables[] = {\n')
        for db, _ in dbs:
            f.write('    { "%s", %s_fields, sizeof(%s_fields) / '
                    'sizeof(%s_fields[0]) },\n' % (db, db, db, db))
        f.write('    { 0 }\n};\n')


main()
