# SPDX-License-Identifier: GPL-2.0-or-later
"""The device side of a guest plan's driver teardowns, from QEMU's log.

    device-log-check.py QEMU_LOG TAP_TXT

scripts/run-guest.sh runs a plan whose header says "# aemu-device-log: on"
with -d guest_errors,unimp and the glue's trace events of the guest's
MSI-enable and bus-master switches (hw/amdgpu-emu/trace-events), all of
which QEMU writes to its log in order. This reads that log and appends
its verdicts to the plan's TAP (numbered after the plan's own tests, its
plan line moved to the end and counting them):

  - how many times the guest tore a driver down: MSI turned off, then bus
    mastering (amdgpu_irq_fini_hw, then pci_disable_device); a plan that
    prints "# device-log: expect N teardowns" gets N checked;
  - no interrupt raised after a teardown (the glue logs each one);
  - no guest-error or unimplemented-feature line from the device between
    a teardown and the next driver's probe (bus mastering on again);
  - none in the whole boot either, except the guest errors the plan
    provokes on purpose: a plan that prints "# device-log: allow REGEX"
    (a Python regular expression) has the device lines matching one of
    them counted apart, and each such pattern must match at least one
    line (the device reported what the plan did); "# device-log: may
    REGEX" allows lines without requiring one (a report that depends on
    timing).
"""
import re
import sys

DEVICE_LINE = re.compile(r'^amdgpu-emu: ')
MSI = re.compile(r'amdgpu_emu_msi_enable MSI enable ([01])')
MASTER = re.compile(r'amdgpu_emu_bus_master bus master enable ([01])')
IRQ_AFTER = 'raised after the guest turned MSI off for its teardown'
EXPECT = re.compile(r'^# device-log: expect (\d+) teardowns')
ALLOW = re.compile(r'^# device-log: (allow|may) (.+)$')
TAP_RESULT = re.compile(r'^(not )?ok\b')
TAP_PLAN = re.compile(r'^1\.\.\d+')


def scan(lines):
    """(teardowns, device lines after teardowns, all device lines,
    interrupts after teardowns)."""
    msi_on = master_on = False
    torn_down = False
    teardowns = 0
    after, every, irqs = [], [], []
    for line in lines:
        m = MSI.search(line)
        if m:
            msi_on = m.group(1) == '1'
            if msi_on:
                torn_down = False
            continue
        m = MASTER.search(line)
        if m:
            master_on = m.group(1) == '1'
            if master_on:
                torn_down = False
            elif not msi_on:
                teardowns += 1
                torn_down = True
            continue
        if DEVICE_LINE.match(line):
            every.append(line)
            if IRQ_AFTER in line:
                irqs.append(line)
            if torn_down:
                after.append(f'after teardown {teardowns}: {line}')
    return teardowns, after, every, irqs


def main():
    qemu_log, tap_txt = sys.argv[1], sys.argv[2]
    with open(qemu_log, errors='replace') as f:
        log = f.read().splitlines()
    with open(tap_txt, errors='replace') as f:
        tap = f.read().splitlines()
    expect = None
    allow = []
    for line in tap:
        m = EXPECT.match(line)
        if m:
            expect = int(m.group(1))
        m = ALLOW.match(line)
        if m:
            allow.append((re.compile(m.group(2)), m.group(1) == 'allow'))
    n = sum(1 for line in tap if TAP_RESULT.match(line))
    # The plan line (at the start or the end) moves to the end.
    had_plan = any(TAP_PLAN.match(line) for line in tap)
    tap = [line for line in tap if not TAP_PLAN.match(line)]

    teardowns, after, every, irqs = scan(log)
    out = []

    def check(ok, desc, detail=()):
        done = sum(1 for line in out if TAP_RESULT.match(line))
        out.append(f'{"ok" if ok else "not ok"} {n + done + 1} - '
                   f'device log: {desc}')
        out.extend(f'# {d}' for d in list(detail)[:10])

    if expect is None:
        check(True, f'the guest tore a driver down {teardowns} time(s) '
              '(MSI off, then bus mastering)')
    else:
        check(teardowns == expect,
              f'the guest tore a driver down {teardowns} time(s) (MSI off, '
              f'then bus mastering), the plan expects {expect}')
    check(not irqs, 'no interrupt raised after a teardown', irqs)
    check(not after, 'no guest error or unimplemented feature from the '
          'device after a teardown, up to the next probe', after)
    provoked = [l for l in every if any(a.search(l) for a, _ in allow)]
    unexpected = [l for l in every if l not in provoked]
    if allow:
        check(not unexpected, 'no guest error or unimplemented feature from '
              f'the device in the whole boot but the {len(provoked)} the '
              f'plan provoked ({len(unexpected)} other line(s))', unexpected)
        for a, required in allow:
            if not required:
                continue
            hits = [l for l in provoked if a.search(l)]
            check(bool(hits), f'the device reported what the plan provoked '
                  f'({len(hits)} line(s) like /{a.pattern}/)', hits[:1])
    else:
        check(not every, 'no guest error or unimplemented feature from the '
              f'device in the whole boot ({len(every)} line(s))', every)
    if had_plan:
        out.append(f'1..{n + sum(1 for l in out if TAP_RESULT.match(l))}')
    with open(tap_txt, 'w') as f:
        f.write('\n'.join(tap + out) + '\n')
    for line in out:
        print(line)


if __name__ == '__main__':
    main()
