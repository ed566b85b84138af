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
TAP_TODO = re.compile(r'#\s*TODO', re.I)


def count_tap(text):
    """(passed, failed, skipped, expected failures) of a TAP stream.

    A test marked SKIP did not run: it is counted as skipped, never as a
    pass. The plans skip only what the test suite itself disables on this
    chip or configuration, each with its reason (docs/libdrm-tests.md).
    A failed test marked TODO is an expected failure: a guest kernel bug
    the plan documents with its reason (docs/lifecycle.md).
    """
    passed = failed = skipped = xfail = 0
    planned = None
    for line in text.splitlines():
        m = TAP_PLAN.match(line)
        if m:
            planned = int(m.group(1))
        elif TAP_NOT_OK.match(line):
            if TAP_TODO.search(line):
                xfail += 1
            else:
                failed += 1
        elif TAP_OK.match(line):
            if TAP_SKIP.search(line):
                skipped += 1
            else:
                passed += 1
    if planned is not None and passed + failed + skipped + xfail < planned:
        failed += planned - passed - failed - skipped - xfail
    return passed, failed, skipped, xfail


def count_meson(testlog, label, suites):
    if not os.path.exists(testlog):
        suites[label or 'meson'] = [0, 1, 0, 0]
        print(f'missing {testlog}: the meson tests did not run')
        return
    with open(testlog, errors='replace') as f:
        text = f.read()
    decoder = json.JSONDecoder()
    pos = 0
    while True:
        # One object per line normally; tolerate concatenated or broken
        # entries (a second meson run writing the same log) without crashing.
        while pos < len(text) and text[pos].isspace():
            pos += 1
        if pos >= len(text):
            break
        try:
            entry, pos = decoder.raw_decode(text, pos)
        except json.JSONDecodeError:
            s = suites.setdefault(label or 'meson', [0, 0, 0, 0])
            s[1] += 1
            print(f'{testlog}: unreadable entry at offset {pos}')
            nl = text.find('\n', pos)
            if nl < 0:
                break
            pos = nl + 1
            continue
        # "project:suite / test"
        suite = entry.get('name', '?').split(' / ')[0].split(':')[-1]
        if label:
            suite = label + '-' + suite
        p, fl, sk, xf = count_tap(entry.get('stdout') or '')
        ok = entry.get('result') in ('OK', 'EXPECTEDFAIL')
        if not ok and fl == 0:
            fl = 1
        if p + fl + sk == 0:
            # A test that speaks no TAP counts once, by its status.
            p = 1
        s = suites.setdefault(suite, [0, 0, 0, 0])
        s[0] += p
        s[1] += fl
        s[2] += sk
        s[3] += xf


def count_guest(results, suites):
    if not os.path.isdir(results):
        return
    for name in sorted(os.listdir(results)):
        if not name.startswith('guest-'):
            continue
        tap = os.path.join(results, name, 'tap.txt')
        if os.path.exists(tap):
            with open(tap, errors='replace') as f:
                p, fl, sk, xf = count_tap(f.read())
            if p + fl + sk + xf == 0:
                fl = 1
        else:
            p, fl, sk, xf = 0, 1, 0, 0
        suites[name] = [p, fl, sk, xf]


# At most this many lines of detail per failed guest suite, so that the
# tail of a CI log (often all a CI report keeps) still shows every suite.
DETAIL_LINES = 12


def failure_details(results):
    """The failed tests of each guest suite with the diagnostics after them."""
    out = []
    if not os.path.isdir(results):
        return out
    for name in sorted(os.listdir(results)):
        tap = os.path.join(results, name, 'tap.txt')
        if not name.startswith('guest-') or not os.path.exists(tap):
            continue
        with open(tap, errors='replace') as f:
            lines = f.read().splitlines()
        detail = []
        for i, line in enumerate(lines):
            if not line.startswith('not ok') or '# TODO' in line:
                continue
            detail.append(line)
            for diag in lines[i + 1:]:
                if not diag.startswith('#'):
                    break
                detail.append(diag)
        if detail:
            out.append(f'failed in {name}:')
            out += ['  ' + d[:300] for d in detail[:DETAIL_LINES]]
    return out


def main():
    # count-results.py RESULTS_DIR [LABEL=]TESTLOG...
    results = sys.argv[1]
    suites = {}
    for arg in sys.argv[2:]:
        label, _, testlog = arg.rpartition('=')
        count_meson(testlog, label, suites)
    count_guest(results, suites)
    for line in failure_details(results):
        print(line)
    total_p = total_f = total_s = total_x = 0
    for suite, (p, fl, sk, xf) in sorted(suites.items()):
        print(f'  {suite}: {p} passed, {fl} failed' +
              (f', {sk} skipped' if sk else '') +
              (f', {xf} expected failure(s)' if xf else ''))
        total_p += p
        total_f += fl
        total_s += sk
        total_x += xf
    print(f'{total_p} passed, {total_f} failed' +
          (f', {total_s} skipped' if total_s else '') +
          (f', {total_x} expected failure(s)' if total_x else ''))
    return 1 if total_f else 0


if __name__ == '__main__':
    sys.exit(main())
