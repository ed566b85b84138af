#!/usr/bin/python3
# SPDX-License-Identifier: GPL-2.0-or-later
"""Generate amdgpu-emu's CIK (Hawaii) register database from Linux headers.

Reads the AMD register headers that the Linux amdgpu driver uses for CIK
(drivers/gpu/drm/amd/include/asic_reg/...) from a Linux source tree given on
the command line and writes, relative to the repository root:

  include/amdgpu-emu/regs/cik_regs.h    mmNAME / ixNAME constants (GCA, GMC,
                                        OSS, BIF, SMU)
  include/amdgpu-emu/regs/cik_fields.h  NAME__FIELD_MASK / NAME__FIELD__SHIFT
                                        for the registers in
                                        scripts/regdb-fields.txt
  hw/amdgpu-emu/core/regdb_cik.c        name tables for trace decoding (all
                                        IPs, DCE/UVD/VCE included), used by
                                        hw/amdgpu-emu/core/regdb.c

Python 3 standard library only. The output depends only on the header
contents, the field list and the kernel version string, so it is
reproducible. See docs/registers.md.
"""

import argparse
import hashlib
import os
import re
import sys
import textwrap

ASIC_REG = "drivers/gpu/drm/amd/include/asic_reg"

# IP blocks, in owner-priority order: when names from two IPs share a dword
# offset, the earlier IP's name is listed first. DCE, UVD and VCE feed only
# the decoding tables, not the C constants.
#   (enum suffix, register header, field header, constants in cik_regs.h)
IPS = [
    ("GCA", "gca/gfx_7_2_d.h", "gca/gfx_7_2_sh_mask.h", True),
    ("GMC", "gmc/gmc_7_1_d.h", "gmc/gmc_7_1_sh_mask.h", True),
    ("OSS", "oss/oss_2_0_d.h", "oss/oss_2_0_sh_mask.h", True),
    ("BIF", "bif/bif_4_1_d.h", "bif/bif_4_1_sh_mask.h", True),
    ("SMU", "smu/smu_7_0_1_d.h", "smu/smu_7_0_1_sh_mask.h", True),
    ("DCE", "dce/dce_8_0_d.h", None, False),
    ("UVD", "uvd/uvd_4_2_d.h", None, False),
    ("VCE", "vce/vce_2_0_d.h", None, False),
]

EMIT_IPS = {i[0] for i in IPS if i[3]}

IP_DESC = {
    "GCA": "graphics core (GRBM, CP, RLC, SQ, ...)",
    "GMC": "memory controller and GPUVM",
    "OSS": "SRBM, IH, SDMA0/1, semaphores",
    "BIF": "bus interface, HDP flush, BIOS scratch",
    "SMU": "SMC mailboxes and SMC indirect space",
    "DCE": "display engine 8.0",
    "UVD": "video decoder 4.2",
    "VCE": "video encoder 2.0",
}

# Register address spaces. Some `mm` names in the headers number registers
# of another space, not BAR5 MMIO; they are tagged so that MMIO decoding never
# returns them. Each block is an inclusive range of `mm` names in header
# order (the generator fails if a marker disappears).
SPACES = ["MMIO", "PCI_CONFIG", "AZALIA", "CSPRIV", "SMC", "PCIE"]
SPACE_DESC = {
    "MMIO": "register BAR (dword index)",
    "PCI_CONFIG": "PCI configuration space (dword index), not MMIO",
    "AZALIA": "HD-audio controller registers (dword index), not MMIO",
    "CSPRIV": "CP private space (dword index), not MMIO",
    "SMC": "SMC indirect space (SMC_IND_INDEX_n / SMC_IND_DATA_n)",
    "PCIE": "PCIE indirect space (PCIE_INDEX / PCIE_DATA)",
}
OTHER_SPACE_BLOCKS = [
    ("BIF", "PCI_CONFIG", "VENDOR_ID", "PCIE_LTR_CAP"),
    ("DCE", "AZALIA", "AZROOT_IMMEDIATE_COMMAND_OUTPUT_INTERFACE_INDEX",
     "AZROOT_IMMEDIATE_COMMAND_OUTPUT_INTERFACE_DATA"),
    ("DCE", "AZALIA", "GLOBAL_CAPABILITIES",
     "AZENDPOINT_IMMEDIATE_COMMAND_OUTPUT_INTERFACE_DATA"),
    ("GCA", "CSPRIV", "CSPRIV_CONNECT", "CSPRIV_THREAD_TRACE_EVENT"),
]

# Indirect (`ix`) names that get a decoding table, by the IP whose header
# defines them: IP -> space. (The other headers' ix names belong to smaller
# index/data pairs of their own and appear in cik_regs.h only.)
IX_SPACES = {"SMU": "SMC", "BIF": "PCIE"}

# Names listed first at their offset (within their IP and space) instead of
# in header order: the spelling the CIK driver uses where the header lists
# aliases before it (smu_7_0_1_d.h puts GCK_SMC_IND_INDEX etc. first).
PREFERRED = {f"SMC_IND_{k}_{n}" for k in ("INDEX", "DATA") for n in range(4)}

# A name defined by two headers with different values needs a decision:
# name -> owning IP. Empty with the current inputs (no name is defined twice).
NAME_OWNER = {}

OUT_REGS = "include/amdgpu-emu/regs/cik_regs.h"
OUT_FIELDS = "include/amdgpu-emu/regs/cik_fields.h"
OUT_TABLE = "hw/amdgpu-emu/core/regdb_cik.c"
FIELD_LIST = "scripts/regdb-fields.txt"

REGEN = "/usr/bin/python3 scripts/gen-regdb.py [--kernel-version X.Y.Z] <linux-src>"

DEFINE_RE = re.compile(r"^#define\s+(\w+)(?:\s+(\S+))?\s*$")
NUM_RE = re.compile(r"^(0[xX][0-9a-fA-F]+|[0-9]+)[uUlL]*$")


class GenError(Exception):
    pass


def parse_defines(path, rel):
    """Yield (line, name, value) for every `#define NAME number` in a header.

    Include guards (no value) are skipped; anything else is an error, so a
    header whose format changed is noticed instead of silently misread."""
    with open(path, encoding="utf-8") as f:
        for lineno, line in enumerate(f, 1):
            if not line.startswith("#define"):
                continue
            m = DEFINE_RE.match(line.rstrip("\n"))
            if not m:
                raise GenError(f"{rel}:{lineno}: cannot parse: {line.strip()}")
            name, value = m.group(1), m.group(2)
            if value is None:
                continue
            if not NUM_RE.match(value):
                raise GenError(f"{rel}:{lineno}: not a number: {line.strip()}")
            yield lineno, name, int(value.rstrip("uUlL"), 0)


class Reg:
    __slots__ = ("name", "kind", "value", "ip", "line", "space", "also")

    def __init__(self, name, kind, value, ip, line):
        self.name = name        # without the mm / ix prefix
        self.kind = kind        # "mm" or "ix"
        self.value = value
        self.ip = ip
        self.line = line
        self.space = "MMIO" if kind == "mm" else IX_SPACES.get(ip)
        self.also = []          # other headers that define the same name


def sha(path):
    with open(path, "rb") as f:
        return hashlib.sha256(f.read()).hexdigest()


def kernel_version(src, override):
    if override:
        return override
    mk = os.path.join(src, "Makefile")
    if not os.path.exists(mk):
        raise GenError(f"{src} has no top-level Makefile to read the kernel "
                       "version from; pass --kernel-version X.Y.Z")
    v = {}
    with open(mk, encoding="utf-8") as f:
        for line in f:
            m = re.match(r"^(VERSION|PATCHLEVEL|SUBLEVEL)\s*=\s*(\S*)", line)
            if m:
                v.setdefault(m.group(1), m.group(2))
    if "VERSION" not in v or "PATCHLEVEL" not in v:
        raise GenError(f"{mk}: no VERSION/PATCHLEVEL; pass --kernel-version")
    ver = f"{v['VERSION']}.{v['PATCHLEVEL']}"
    if v.get("SUBLEVEL"):
        ver += f".{v['SUBLEVEL']}"
    return ver


class Db:
    def __init__(self, src):
        self.src = src
        self.inputs = []            # (relative path, sha256, ip, kind)
        self.regs = {}              # full name (mmX / ixX) -> Reg
        self.fields = {}            # ip -> {reg name: [(field, mask, shift)]}
        self.field_orphans = {}     # ip -> {reg name: [text]}
        self.notes = []             # remarks that end up in the outputs
        self.warnings = []

    def rel(self, header):
        return f"{ASIC_REG}/{header}"

    def path(self, header):
        p = os.path.join(self.src, ASIC_REG, header)
        if not os.path.exists(p):
            raise GenError(f"missing input {self.rel(header)} under {self.src}")
        return p

    def load(self):
        for ip, dh, sh, _ in IPS:
            self.load_regs(ip, dh)
            if sh:
                self.load_fields(ip, sh)
        self.tag_spaces()
        for name in sorted(PREFERRED):
            if "mm" + name not in self.regs:
                raise GenError(f"PREFERRED name {name} not found")

    def load_regs(self, ip, header):
        path = self.path(header)
        self.inputs.append((self.rel(header), sha(path), ip, "d"))
        for line, full, value in parse_defines(path, self.rel(header)):
            kind = full[:2]
            if kind not in ("mm", "ix"):
                raise GenError(f"{self.rel(header)}:{line}: unexpected {full}")
            reg = Reg(full[2:], kind, value, ip, line)
            old = self.regs.get(full)
            if old is None:
                self.regs[full] = reg
            elif old.value == value:
                old.also.append(ip)
                self.notes.append(f"{full} is defined by both {old.ip} and "
                                  f"{ip} headers (same value)")
            else:
                owner = NAME_OWNER.get(full)
                if owner not in (old.ip, ip):
                    raise GenError(
                        f"{full} = {old.value:#x} ({old.ip}) but {value:#x} "
                        f"({ip}); add it to NAME_OWNER in gen-regdb.py")
                keep, drop = (old, reg) if owner == old.ip else (reg, old)
                keep.also.append(drop.ip)
                self.regs[full] = keep
                self.notes.append(
                    f"{full}: {keep.ip} header says {keep.value:#x} (kept), "
                    f"{drop.ip} header says {drop.value:#x}")

    def load_fields(self, ip, header):
        path = self.path(header)
        self.inputs.append((self.rel(header), sha(path), ip, "sh"))
        masks, shifts, order = {}, {}, []
        for line, name, value in parse_defines(path, self.rel(header)):
            reg, sep, rest = name.partition("__")
            if not sep:
                raise GenError(f"{self.rel(header)}:{line}: unexpected {name}")
            if rest.endswith("__SHIFT"):
                shifts[(reg, rest[:-7])] = value
            elif rest.endswith("_MASK"):
                masks[(reg, rest[:-5])] = value
                order.append((reg, rest[:-5]))
            else:
                raise GenError(f"{self.rel(header)}:{line}: unexpected {name}")
        # A field missing its mask or its shift is left out (the headers
        # have a few such orphans); it only matters if the field list asks
        # for that register, so the note is kept per register.
        per_reg, orphans = {}, {}
        for key in order:
            if key in shifts:
                per_reg.setdefault(key[0], []).append(
                    (key[1], masks[key], shifts[key]))
            else:
                orphans.setdefault(key[0], []).append(f"{key[1]} (no shift)")
        for key in shifts:
            if key not in masks:
                orphans.setdefault(key[0], []).append(f"{key[1]} (no mask)")
        self.fields[ip] = per_reg
        self.field_orphans[ip] = orphans

    def tag_spaces(self):
        by_ip = {}
        for r in self.regs.values():
            if r.kind == "mm":
                by_ip.setdefault(r.ip, []).append(r)
        for lst in by_ip.values():
            lst.sort(key=lambda r: r.line)
        for ip, space, first, last in OTHER_SPACE_BLOCKS:
            lst = by_ip.get(ip, [])
            names = [r.name for r in lst]
            if first not in names or last not in names:
                raise GenError(f"address-space marker {first}..{last} not "
                               f"found in the {ip} header")
            a, b = names.index(first), names.index(last)
            if a > b:
                raise GenError(f"address-space block {first}..{last} is "
                               "reversed")
            for r in lst[a:b + 1]:
                r.space = space

    # -- views -------------------------------------------------------------

    def ip_rank(self, ip):
        return [i[0] for i in IPS].index(ip)

    def mm_sorted(self):
        """All `mm` names by (offset, space, owning IP, header line)."""
        regs = [r for r in self.regs.values() if r.kind == "mm"]
        regs.sort(key=lambda r: (r.value, SPACES.index(r.space),
                                 self.ip_rank(r.ip), r.name not in PREFERRED,
                                 r.line))
        return regs

    def ix_sorted(self, ip):
        regs = [r for r in self.regs.values() if r.kind == "ix" and r.ip == ip]
        regs.sort(key=lambda r: (r.value, r.line))
        return regs

    def mmio_cross_ip(self):
        """Offsets where MMIO names of more than one IP meet."""
        at = {}
        for r in self.regs.values():
            if r.kind == "mm" and r.space == "MMIO":
                at.setdefault(r.value, set()).add(r.ip)
        return sorted(o for o, ips in at.items() if len(ips) > 1)


# -- output helpers ----------------------------------------------------------

def banner(db, version, what, inputs, extra_inputs=()):
    lines = ["/* SPDX-License-Identifier: GPL-2.0-or-later */", "/*"]
    lines += [" * " + t for t in textwrap.wrap(what, 74)]
    lines += [
        " *",
        " * GENERATED FILE, do not edit. Generator: scripts/gen-regdb.py",
        f" * Inputs (Linux {version}, {ASIC_REG}/):",
    ]
    inputs = [i for i in db.inputs if inputs(i[2], i[3])]
    width = max(len(i[0]) for i in inputs) - len(ASIC_REG) - 1
    for p, h, _, _ in inputs:
        lines.append(f" *   {p[len(ASIC_REG) + 1:]:<{width}}  sha256 {h[:16]}")
    for p in extra_inputs:
        lines.append(f" *   {p} (this repository)")
    lines += [
        f" * Regenerate: {REGEN}",
        " *   (--kernel-version only when <linux-src> has no top-level Makefile)",
        " * Register names, offsets and field masks are facts taken from the AMD",
        " * register headers distributed with Linux (MIT licence, (C) Advanced",
        " * Micro Devices, Inc.). See docs/registers.md.",
        " */",
    ]
    return lines


def define(name, value, width):
    return f"#define {name:<52} 0x{value:0{width}X}"


def guarded(lines, name, text):
    lines.append(f"#ifndef {name}")
    lines.append(text)
    lines.append("#endif")


# -- cik_regs.h --------------------------------------------------------------

def gen_regs_h(db, version):
    out = banner(db, version,
                 "CIK (Hawaii) register offsets: mmNAME = dword index in the "
                 "register BAR (or in the space named in the section), "
                 "ixNAME = index in an indirect space.",
                 lambda ip, kind: kind == "d" and ip in EMIT_IPS)
    out += ["", "#ifndef AMDGPU_EMU_REGS_CIK_REGS_H",
            "#define AMDGPU_EMU_REGS_CIK_REGS_H"]
    if db.notes:
        out += ["", "/*", " * Names defined by more than one header:"]
        out += [f" *   {n}" for n in db.notes]
        out += [" */"]
    for ip, dh, _, emit in IPS:
        if not emit:
            continue
        regs = [r for r in db.regs.values() if r.ip == ip]
        for space in SPACES:
            sel = sorted((r for r in regs if r.kind == "mm" and
                          r.space == space), key=lambda r: (r.value, r.line))
            if not sel:
                continue
            out += ["", f"/* {ip}, {IP_DESC[ip]} ({dh}): {SPACE_DESC[space]} */"]
            for r in sel:
                emit_def(out, r, 4)
        sel = sorted((r for r in regs if r.kind == "ix"),
                     key=lambda r: (r.value, r.line))
        if sel:
            space = IX_SPACES.get(ip)
            what = SPACE_DESC[space] if space else "indirect spaces"
            out += ["", f"/* {ip}, {IP_DESC[ip]} ({dh}): {what}, ix names */"]
            for r in sel:
                emit_def(out, r, 8)
    out += ["", "#endif /* AMDGPU_EMU_REGS_CIK_REGS_H */", ""]
    return "\n".join(out)


def emit_def(out, r, width):
    full = r.kind + r.name
    text = define(full, r.value, width)
    if r.also:
        out.append(f"/* also defined by the {', '.join(r.also)} header */")
        guarded(out, full, text)
    else:
        out.append(text)


# -- cik_fields.h ------------------------------------------------------------

def read_field_list(path):
    names = []
    with open(path, encoding="utf-8") as f:
        for lineno, line in enumerate(f, 1):
            line = line.split("#", 1)[0].strip()
            if not line:
                continue
            if not re.fullmatch(r"[A-Z][A-Za-z0-9_]*", line):
                raise GenError(f"{FIELD_LIST}:{lineno}: bad register name "
                               f"{line!r}")
            if line in names:
                raise GenError(f"{FIELD_LIST}:{lineno}: {line} listed twice")
            names.append(line)
    return names


def check_field(db, reg, field, mask, shift):
    if mask == 0:
        db.warnings.append(f"{reg}__{field}: empty mask")
        return
    low = (mask & -mask).bit_length() - 1
    if low != shift:
        db.warnings.append(f"{reg}__{field}: mask {mask:#x} starts at bit "
                           f"{low}, shift says {shift}")
    if ((mask >> low) + 1) & (mask >> low):
        db.warnings.append(f"{reg}__{field}: mask {mask:#x} is not "
                           "contiguous")


def gen_fields_h(db, version, field_list):
    out = banner(db, version,
                 "CIK (Hawaii) register fields: NAME__FIELD_MASK and "
                 "NAME__FIELD__SHIFT, for the registers listed in "
                 f"{FIELD_LIST} only.",
                 lambda ip, kind: ip in EMIT_IPS, extra_inputs=[FIELD_LIST])
    out += ["", "#ifndef AMDGPU_EMU_REGS_CIK_FIELDS_H",
            "#define AMDGPU_EMU_REGS_CIK_FIELDS_H"]
    for name in read_field_list(field_list):
        reg = db.regs.get("mm" + name) or db.regs.get("ix" + name)
        if reg is None:
            raise GenError(f"{FIELD_LIST}: {name} is not a register of "
                           "any input header")
        fip = reg.ip
        if name not in db.fields.get(fip, {}):
            hits = [ip for ip, f in db.fields.items() if name in f]
            if len(hits) != 1:
                raise GenError(f"{FIELD_LIST}: no field definitions for "
                               f"{name}")
            fip = hits[0]
        fields = db.fields[fip][name]
        for o in db.field_orphans[fip].get(name, []):
            db.warnings.append(f"{name}: field {o} left out")
        width = 4 if reg.kind == "mm" else 8
        where = "" if reg.kind == "mm" else f", {reg.space or 'an'} indirect space"
        out += ["", f"/* {name}: {reg.kind}{name} 0x{reg.value:0{width}X} "
                    f"({reg.ip}{where}) */"]
        for field, mask, shift in fields:
            check_field(db, name, field, mask, shift)
            out.append(f"#define {name}__{field}_MASK 0x{mask:08X}")
            out.append(f"#define {name}__{field}__SHIFT {shift}")
    out += ["", "#endif /* AMDGPU_EMU_REGS_CIK_FIELDS_H */", ""]
    return "\n".join(out)


# -- regdb_cik.c -------------------------------------------------------------

def c_table(out, cname, regs, width):
    out.append(f"static const AemuRegName {cname}[] = {{")
    for r in regs:
        out.append(f"    {{ 0x{r.value:0{width}X}, \"{r.name}\", "
                   f"AEMU_IP_{r.ip}, AEMU_REG_SPACE_{r.space} }},")
    out.append("};")


def c_by_name(out, cname, regs):
    # Index into the table, sorted by name in strcmp() (byte) order.
    if len(regs) > 0xFFFF:
        raise GenError(f"{cname}: {len(regs)} entries do not fit uint16_t")
    order = sorted(range(len(regs)), key=lambda i: regs[i].name.encode())
    names = [regs[i].name for i in order]
    if len(set(names)) != len(names):
        raise GenError(f"{cname}: duplicate names")
    out.append(f"static const uint16_t {cname}[] = {{")
    for i in range(0, len(order), 12):
        out.append("    " + " ".join(f"{n}," for n in order[i:i + 12]))
    out.append("};")


def gen_table_c(db, version):
    out = banner(db, version,
                 "CIK (Hawaii) register name tables for decoding traces: "
                 "every register of GCA, GMC, OSS, BIF, SMU, DCE, UVD and "
                 "VCE, by dword offset. Lookup code: regdb.c.",
                 lambda ip, kind: kind == "d")
    mm = db.mm_sorted()
    cross = db.mmio_cross_ip()
    out += [
        "",
        "/*",
        " * Tables are sorted by offset; at one offset the MMIO names come",
        " * first, then other address spaces; within a space the owning IP",
        f" * ({', '.join(i[0] for i in IPS)} in this order), then header order",
        " * (except a few preferred spellings, see PREFERRED in the generator).",
        f" * Offsets where MMIO names of two IPs meet: {len(cross)}"
        + ("." if not cross else
           ": " + ", ".join(f"0x{o:04X}" for o in cross) + "."),
        " */",
        "",
        "#include \"regdb.h\"",
        "",
    ]
    c_table(out, "cik_mm", mm, 4)
    out.append("")
    c_by_name(out, "cik_mm_by_name", mm)
    tables = [("mm", "cik_mm", "cik_mm_by_name")]
    for ip, space in IX_SPACES.items():
        tname = space.lower()
        regs = db.ix_sorted(ip)
        out += ["", f"/* {SPACE_DESC[space]}: the {ip} header's ix names */"]
        c_table(out, f"cik_{tname}", regs, 8)
        out.append("")
        c_by_name(out, f"cik_{tname}_by_name", regs)
        tables.append((tname, f"cik_{tname}", f"cik_{tname}_by_name"))
    for tname, arr, idx in tables:
        out += ["", f"_Static_assert(sizeof({idx}) / sizeof({idx}[0]) ==",
                f"               sizeof({arr}) / sizeof({arr}[0]),",
                f"               \"{idx} covers {arr}\");"]
        out += [f"const AemuRegTable aemu_cik_{tname}_regs = {{",
                f"    .regs = {arr},", f"    .by_name = {idx},",
                f"    .count = sizeof({arr}) / sizeof({arr}[0]),", "};"]
    out += ["", "/* The chip family's database, as AemuAsic.regdb names it. */",
            "const AemuRegDb aemu_regdb_cik = {",
            "    .name = \"cik\",",
            "    .mm = &aemu_cik_mm_regs,",
            "    .smc = &aemu_cik_smc_regs,",
            "    .pcie = &aemu_cik_pcie_regs,",
            "};"]
    out.append("")
    return "\n".join(out)


# -- main --------------------------------------------------------------------

def main():
    ap = argparse.ArgumentParser(
        description="Generate the CIK register database from a Linux tree.")
    ap.add_argument("linux_src", help="Linux source tree (top directory)")
    ap.add_argument("--kernel-version",
                    help="version string recorded in the outputs (default: "
                         "read from <linux-src>/Makefile)")
    ap.add_argument("--check", action="store_true",
                    help="do not write; exit 1 if a committed file differs")
    ap.add_argument("--out-dir",
                    help="write the outputs under this directory instead of "
                         "the repository (the field list is still read from "
                         "the repository)")
    args = ap.parse_args()

    root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
    out_root = args.out_dir or root
    try:
        version = kernel_version(args.linux_src, args.kernel_version)
        db = Db(args.linux_src)
        db.load()
        outputs = {
            OUT_REGS: gen_regs_h(db, version),
            OUT_FIELDS: gen_fields_h(db, version,
                                     os.path.join(root, FIELD_LIST)),
            OUT_TABLE: gen_table_c(db, version),
        }
    except (GenError, OSError) as e:
        print(f"gen-regdb: error: {e}", file=sys.stderr)
        return 2

    for w in db.warnings:
        print(f"gen-regdb: warning: {w}", file=sys.stderr)
    stale = []
    for rel, text in outputs.items():
        path = os.path.join(out_root, rel)
        try:
            with open(path, encoding="utf-8") as f:
                same = f.read() == text
        except FileNotFoundError:
            same = False
        if args.check:
            if not same:
                stale.append(rel)
            continue
        if not same:
            os.makedirs(os.path.dirname(path), exist_ok=True)
            with open(path, "w", encoding="utf-8") as f:
                f.write(text)
        print(f"gen-regdb: {rel}: {text.count(chr(10))} lines"
              + ("" if not same else " (unchanged)"))
    if stale:
        print("gen-regdb: out of date: " + ", ".join(stale), file=sys.stderr)
        return 1
    mm = [r for r in db.regs.values() if r.kind == "mm"]
    print(f"gen-regdb: Linux {version}: {len(mm)} mm names "
          f"({sum(r.space == 'MMIO' for r in mm)} MMIO), "
          f"{len(db.regs) - len(mm)} ix names, "
          f"{len(db.notes)} names in two headers, "
          f"{len(db.mmio_cross_ip())} MMIO offsets shared by two IPs")
    return 0


if __name__ == "__main__":
    sys.exit(main())
