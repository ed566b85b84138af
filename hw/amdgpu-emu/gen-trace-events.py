#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0-or-later
"""Derive the QEMU side of the core's trace events from core/aemu-events.def.

The core lists its events once, as AEMU_EVENT(name, format, (type, arg), ...)
rows (an X-macro table the core's C code includes). QEMU needs them twice
more, and both are generated here so that nothing is listed by hand twice:

  --trace-events OUT   the device's trace-events file for tracetool: the
                       glue's own events (--glue-events) followed by one
                       line per core event, named amdgpu_emu_<name>;
  --dispatch OUT       a header for the glue (amdgpu-emu.c): the table of
                       pointers to QEMU's per-event dstate flags the core
                       tests before emitting, and the switch that turns an
                       (id, uint64_t args[]) event back into the typed
                       trace_amdgpu_emu_<name>() call.

Run by hw/amdgpu-emu/meson.build inside QEMU's tree (it lives next to that
file because only hw/amdgpu-emu and include/amdgpu-emu are linked into
QEMU's tree), and by the project's own meson as a check of the table.
"""

import argparse
import re
import sys

PREFIX = "amdgpu_emu_"
MAX_ARGS = 8    # AEMU_TRACE_MAX_ARGS (include/amdgpu-emu/aemu.h)

# tracetool's ALLOWED_TYPES (scripts/tracetool/__init__.py), the words a type
# may be made of besides "const" and "*".
ALLOWED_WORDS = {
    "int", "long", "short", "char", "bool", "unsigned", "signed",
    "int8_t", "uint8_t", "int16_t", "uint16_t", "int32_t", "uint32_t",
    "int64_t", "uint64_t", "void", "size_t", "ssize_t", "uintptr_t",
    "ptrdiff_t",
}


class DefError(Exception):
    pass


class Event:
    def __init__(self, name, fmt, args, line):
        self.name = name
        self.fmt = fmt          # C tokens: "..." literals and PRI* macros
        self.args = args        # [(type, name)]
        self.line = line


def strip_comments(text):
    """Blank out C comments, keeping line numbers (no strings hold them)."""
    def blank(m):
        return re.sub(r"[^\n]", " ", m.group(0))
    text = re.sub(r"/\*.*?\*/", blank, text, flags=re.S)
    return re.sub(r"//[^\n]*", blank, text)


def split_top(text):
    """Split on commas outside parentheses and string literals."""
    parts, depth, cur, i = [], 0, [], 0
    while i < len(text):
        c = text[i]
        if c == '"':
            j = i + 1
            while text[j] != '"':
                j += 2 if text[j] == "\\" else 1
            cur.append(text[i:j + 1])
            i = j + 1
            continue
        if c == "(":
            depth += 1
        elif c == ")":
            depth -= 1
        elif c == "," and depth == 0:
            parts.append("".join(cur).strip())
            cur = []
            i += 1
            continue
        cur.append(c)
        i += 1
    parts.append("".join(cur).strip())
    return parts


def check_type(t, where):
    words = t.replace("*", " ").split()
    bad = [w for w in words if w != "const" and w not in ALLOWED_WORDS]
    if bad or not words:
        raise DefError("%s: type '%s' is not one tracetool accepts" % (where, t))
    if "*" in t and t.replace(" ", "") != "constchar*":
        raise DefError("%s: the only pointer type is 'const char *'" % where)


# Conversions in a format: %% aside, what printf consumes an argument for.
CONV = re.compile(r'%%|%[-+ #0]*\d*(?:\.\d+)?(?:hh|h|ll|l|z|j|t)?[diouxXcsp]'
                  r'|%[-+ #0]*\d*"\s*PRI[diouxX](?:8|16|32|64|PTR)')


def parse(path):
    with open(path, encoding="utf-8") as f:
        text = strip_comments(f.read())
    events, seen = [], set()
    for m in re.finditer(r"^\s*AEMU_EVENT\s*\(", text, flags=re.M):
        start = m.end()
        depth, i = 1, start
        while depth:
            c = text[i]
            if c == '"':
                i += 1
                while text[i] != '"':
                    i += 2 if text[i] == "\\" else 1
            elif c == "(":
                depth += 1
            elif c == ")":
                depth -= 1
            i += 1
        line = text.count("\n", 0, m.start()) + 1
        where = "%s:%d" % (path, line)
        parts = split_top(text[start:i - 1])
        if len(parts) < 3:
            raise DefError("%s: want AEMU_EVENT(name, format, (type, arg)...)"
                           % where)
        name, fmt, rawargs = parts[0], " ".join(parts[1].split()), parts[2:]
        if not re.fullmatch(r"[a-z][a-z0-9_]*", name):
            raise DefError("%s: bad event name '%s'" % (where, name))
        if name in seen:
            raise DefError("%s: event '%s' listed twice" % (where, name))
        seen.add(name)
        if not re.fullmatch(r'"(?:[^"\\]|\\.)*"'
                            r'(?:\s*PRI\w+(?:\s*"(?:[^"\\]|\\.)*")?)*', fmt):
            raise DefError("%s: the format must be string literals and PRI* "
                           "macros" % where)
        if "\\n" in fmt:
            raise DefError("%s: no newline in a format" % where)
        args = []
        for a in rawargs:
            am = re.fullmatch(r"\(\s*([^,()]+?)\s*,\s*([A-Za-z_]\w*)\s*\)", a)
            if not am:
                raise DefError("%s: argument '%s' is not (type, name)"
                               % (where, a))
            check_type(am.group(1), where)
            args.append((" ".join(am.group(1).split()), am.group(2)))
        if len(args) > MAX_ARGS:
            raise DefError("%s: more than %d arguments" % (where, MAX_ARGS))
        convs = [c for c in CONV.findall(fmt) if c != "%%"]
        if len(convs) != len(args):
            raise DefError("%s: %d conversions in the format for %d arguments"
                           % (where, len(convs), len(args)))
        events.append(Event(name, fmt, args, line))
    if not events:
        raise DefError("%s: no AEMU_EVENT rows" % path)
    return events


def decl_type(t):
    """How tracetool wants a declared type: 'const char *name'."""
    return t.replace(" *", "*").replace("*", " *")


def trace_events(events, glue_path):
    with open(glue_path, encoding="utf-8") as f:
        out = f.read().rstrip("\n") + "\n"
    out += "\n# core/aemu-events.def (generated by gen-trace-events.py)\n"
    for e in events:
        args = ", ".join("%s%s%s" % (decl_type(t), "" if t.endswith("*") else " ", n)
                         for t, n in e.args)
        out += "%s%s(%s) %s\n" % (PREFIX, e.name, args, e.fmt)
    return out


def unpack(t, i):
    if t.endswith("*"):
        return "(%s)(uintptr_t)a[%d]" % (decl_type(t), i)
    if t == "bool":
        return "a[%d] != 0" % i
    return "(%s)a[%d]" % (t, i)


def dispatch(events):
    out = ["/* Generated by hw/amdgpu-emu/gen-trace-events.py from "
           "core/aemu-events.def: do not edit. */",
           "/*",
           " * For amdgpu-emu.c only: QEMU's dstate flag of each core event,",
           " * which the core tests before emitting (aemu_trace_set_state), and",
           " * the typed trace_amdgpu_emu_<name>() call behind each event id.",
           " * Include it after trace.h and core/aemu-trace.h.",
           " */",
           "#ifndef AMDGPU_EMU_TRACE_DISPATCH_H",
           "#define AMDGPU_EMU_TRACE_DISPATCH_H",
           "",
           "static const uint16_t *const "
           "amdgpu_emu_trace_dstate[AEMU_TRACE_NUM_EVENTS] = {"]
    for e in events:
        out.append("    [AEMU_TRACE_EV_%s] = &_TRACE_%s%s_DSTATE,"
                   % (e.name, PREFIX.upper(), e.name.upper()))
    out += ["};",
            "",
            "static void amdgpu_emu_trace_dispatch(unsigned id, const uint64_t *a)",
            "{",
            "    switch (id) {"]
    for e in events:
        call = ", ".join(unpack(t, i) for i, (t, _) in enumerate(e.args))
        out += ["    case AEMU_TRACE_EV_%s:" % e.name,
                "        trace_%s%s(%s);" % (PREFIX, e.name, call),
                "        break;"]
    out += ["    default:",
            "        break;",
            "    }",
            "}",
            "",
            "#endif",
            ""]
    return "\n".join(out)


def write(path, text):
    with open(path, "w", encoding="utf-8") as f:
        f.write(text)


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--def", dest="defs", required=True,
                    help="core/aemu-events.def")
    ap.add_argument("--glue-events", help="the glue's own trace-events")
    ap.add_argument("--trace-events", help="write the combined trace-events")
    ap.add_argument("--dispatch", help="write the glue's dispatch header")
    args = ap.parse_args()
    try:
        events = parse(args.defs)
    except DefError as err:
        sys.exit("gen-trace-events: %s" % err)
    if args.trace_events:
        if not args.glue_events:
            sys.exit("gen-trace-events: --trace-events needs --glue-events")
        write(args.trace_events, trace_events(events, args.glue_events))
    if args.dispatch:
        write(args.dispatch, dispatch(events))


if __name__ == "__main__":
    main()
