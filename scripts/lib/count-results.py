# SPDX-License-Identifier: GPL-2.0-or-later
"""Count test results for scripts/test.sh.

Reads meson's testlog.json files (each test executable speaks TAP, so
every g_test case counts once; a test without TAP counts once by its exit
status), each under an optional label, and the guest runs' tap.txt files
under a results directory, prints a line per suite, and ends with "N passed, N failed".
A test executable that crashed or printed no TAP counts as one failure; a
guest plan that did not finish (no tap.txt, or fewer results than planned)
counts its missing tests as failures.
"""
import json
import os
import re
import sys

TAP_OK = re.compile(r'^\s*ok\s+\d+')
TAP_NOT_OK = re.compile(r'^\s*not ok\s+\d+')
TAP_PLAN = re.compile(r'^\s*1\.\.(\d+)')
TAP_SKIP = re.compile(r'#\s*SKIP', re.I)


def count_tap(text):
    passed = failed = 0
    planned = None
    for line in text.splitlines():
        m = TAP_PLAN.match(line)
        if m:
            planned = int(m.group(1))
        elif TAP_NOT_OK.match(line):
            failed += 1
        elif TAP_OK.match(line):
            # A skipped test did not run: it is not a pass.
            if TAP_SKIP.search(line):
                failed += 1
            else:
                passed += 1
    if planned is not None and passed + failed < planned:
        failed += planned - passed - failed
    return passed, failed


def count_meson(testlog, label, suites):
    if not os.path.exists(testlog):
        suites[label or 'meson'] = [0, 1]
        print(f'missing {testlog}: the meson tests did not run')
        return
    with open(testlog) as f:
        for line in f:
            line = line.strip()
            if not line:
                continue
            entry = json.loads(line)
            # "project:suite / test"
            suite = entry.get('name', '?').split(' / ')[0].split(':')[-1]
            if label:
                suite = label + '-' + suite
            p, fl = count_tap(entry.get('stdout') or '')
            ok = entry.get('result') in ('OK', 'EXPECTEDFAIL')
            if not ok and fl == 0:
                fl = 1
            if p + fl == 0:
                # A test that speaks no TAP counts once, by its status.
                p = 1
            s = suites.setdefault(suite, [0, 0])
            s[0] += p
            s[1] += fl


def count_guest(results, suites):
    if not os.path.isdir(results):
        return
    for name in sorted(os.listdir(results)):
        if not name.startswith('guest-'):
            continue
        tap = os.path.join(results, name, 'tap.txt')
        if os.path.exists(tap):
            with open(tap, errors='replace') as f:
                p, fl = count_tap(f.read())
            if p + fl == 0:
                fl = 1
        else:
            p, fl = 0, 1
        suites[name] = [p, fl]


def main():
    # count-results.py RESULTS_DIR [LABEL=]TESTLOG...
    results = sys.argv[1]
    suites = {}
    for arg in sys.argv[2:]:
        label, _, testlog = arg.rpartition('=')
        count_meson(testlog, label, suites)
    count_guest(results, suites)
    total_p = total_f = 0
    for suite, (p, fl) in sorted(suites.items()):
        print(f'  {suite}: {p} passed, {fl} failed')
        total_p += p
        total_f += fl
    print(f'{total_p} passed, {total_f} failed')
    return 1 if total_f else 0


if __name__ == '__main__':
    sys.exit(main())
