#!/usr/bin/python3
# SPDX-License-Identifier: GPL-2.0-or-later
"""Generate amdgpu-emu's register databases from Linux headers.

--chip cik (default): CIK (Hawaii). --chip topaz: Topaz (Iceland, VI), from
the same kind of flat headers (use_topaz). --chip vega10: Vega10 (SOC15), with
absolute offsets, see the "Vega10 (SOC15)" part below and the Vega10
section of docs/registers.md. --chip r600: the R600 family (RS780), from
radeon's own headers, see the "R600 / RS780" part below. The rest of this note is about CIK.

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
# offset, the earlier IP's name is listed first. Every one feeds the
# decoding tables and the C constants.
#   (enum suffix, register header, field header, constants in cik_regs.h)
IPS = [
    ("GCA", "gca/gfx_7_2_d.h", "gca/gfx_7_2_sh_mask.h", True),
    ("GMC", "gmc/gmc_7_1_d.h", "gmc/gmc_7_1_sh_mask.h", True),
    ("OSS", "oss/oss_2_0_d.h", "oss/oss_2_0_sh_mask.h", True),
    ("BIF", "bif/bif_4_1_d.h", "bif/bif_4_1_sh_mask.h", True),
    ("SMU", "smu/smu_7_0_1_d.h", "smu/smu_7_0_1_sh_mask.h", True),
    ("DCE", "dce/dce_8_0_d.h", "dce/dce_8_0_sh_mask.h", True),
    ("UVD", "uvd/uvd_4_2_d.h", "uvd/uvd_4_2_sh_mask.h", True),
    ("VCE", "vce/vce_2_0_d.h", "vce/vce_2_0_sh_mask.h", True),
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

# The family the CIK-style (flat `_d.h` header) generator writes: the CIK
# constants above, or Topaz's (use_topaz).
FAM = {"p": "cik", "P": "CIK", "title": "CIK (Hawaii)",
       "ip_list": "GCA, GMC, OSS, BIF, SMU, DCE, UVD and VCE"}


def use_topaz():
    """Switch the flat-header generator to Topaz (Iceland, VI / gfx8).

    The headers vi.c's Topaz blocks include: gfx_v8_0 (gca/gfx_8_0),
    gmc_v7_0 (gmc/gmc_7_1, as on CIK), iceland_ih and sdma_v2_4
    (oss/oss_2_4), vi.c (bif/bif_5_0) and iceland_smumgr (smu/smu_7_1_1).
    Topaz has no display, UVD or VCE, so none of their headers is read."""
    global IPS, EMIT_IPS, OTHER_SPACE_BLOCKS, OUT_REGS, OUT_FIELDS
    global OUT_TABLE, FIELD_LIST, REGEN
    IPS = [
        ("GCA", "gca/gfx_8_0_d.h", "gca/gfx_8_0_sh_mask.h", True),
        ("GMC", "gmc/gmc_7_1_d.h", "gmc/gmc_7_1_sh_mask.h", True),
        ("OSS", "oss/oss_2_4_d.h", "oss/oss_2_4_sh_mask.h", True),
        ("BIF", "bif/bif_5_0_d.h", "bif/bif_5_0_sh_mask.h", True),
        ("SMU", "smu/smu_7_1_1_d.h", "smu/smu_7_1_1_sh_mask.h", True),
    ]
    EMIT_IPS = {i[0] for i in IPS}
    OTHER_SPACE_BLOCKS = [b for b in OTHER_SPACE_BLOCKS if b[0] != "DCE"]
    OUT_REGS = "include/amdgpu-emu/regs/topaz_regs.h"
    OUT_FIELDS = "include/amdgpu-emu/regs/topaz_fields.h"
    OUT_TABLE = "hw/amdgpu-emu/core/regdb_topaz.c"
    FIELD_LIST = "scripts/regdb-fields-topaz.txt"
    REGEN = ("/usr/bin/python3 scripts/gen-regdb.py --chip topaz "
             "[--kernel-version X.Y.Z] <linux-src>")
    FAM.update(p="topaz", P="TOPAZ", title="Topaz (Iceland, VI)",
               ip_list="GCA, GMC, OSS, BIF and SMU")


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
                 f"{FAM['title']} register offsets: mmNAME = dword index in the "
                 "register BAR (or in the space named in the section), "
                 "ixNAME = index in an indirect space.",
                 lambda ip, kind: kind == "d" and ip in EMIT_IPS)
    out += ["", f"#ifndef AMDGPU_EMU_REGS_{FAM['P']}_REGS_H",
            f"#define AMDGPU_EMU_REGS_{FAM['P']}_REGS_H"]
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
    out += ["", f"#endif /* AMDGPU_EMU_REGS_{FAM['P']}_REGS_H */", ""]
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
                 f"{FAM['title']} register fields: NAME__FIELD_MASK and "
                 "NAME__FIELD__SHIFT, for the registers listed in "
                 f"{FIELD_LIST} only.",
                 lambda ip, kind: ip in EMIT_IPS, extra_inputs=[FIELD_LIST])
    out += ["", f"#ifndef AMDGPU_EMU_REGS_{FAM['P']}_FIELDS_H",
            f"#define AMDGPU_EMU_REGS_{FAM['P']}_FIELDS_H"]
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
    out += ["", f"#endif /* AMDGPU_EMU_REGS_{FAM['P']}_FIELDS_H */", ""]
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
                 f"{FAM['title']} register name tables for decoding traces: "
                 f"every register of {FAM['ip_list']}, by dword offset. "
                 "Lookup code: regdb.c.",
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
    p = FAM["p"]
    c_table(out, f"{p}_mm", mm, 4)
    out.append("")
    c_by_name(out, f"{p}_mm_by_name", mm)
    tables = [("mm", f"{p}_mm", f"{p}_mm_by_name")]
    for ip, space in IX_SPACES.items():
        tname = space.lower()
        regs = db.ix_sorted(ip)
        out += ["", f"/* {SPACE_DESC[space]}: the {ip} header's ix names */"]
        c_table(out, f"{p}_{tname}", regs, 8)
        out.append("")
        c_by_name(out, f"{p}_{tname}_by_name", regs)
        tables.append((tname, f"{p}_{tname}", f"{p}_{tname}_by_name"))
    for tname, arr, idx in tables:
        out += ["", f"_Static_assert(sizeof({idx}) / sizeof({idx}[0]) ==",
                f"               sizeof({arr}) / sizeof({arr}[0]),",
                f"               \"{idx} covers {arr}\");"]
        out += [f"const AemuRegTable aemu_{p}_{tname}_regs = {{",
                f"    .regs = {arr},", f"    .by_name = {idx},",
                f"    .count = sizeof({arr}) / sizeof({arr}[0]),", "};"]
    out += ["", "/* The chip family's database, as AemuAsic.regdb names it. */",
            f"const AemuRegDb aemu_regdb_{p} = {{",
            f"    .name = \"{p}\",",
            f"    .mm = &aemu_{p}_mm_regs,",
            f"    .smc = &aemu_{p}_smc_regs,",
            f"    .pcie = &aemu_{p}_pcie_regs,",
            "};"]
    out.append("")
    return "\n".join(out)


# -- Vega10 (SOC15) -----------------------------------------------------------
#
# SOC15 headers (<ip>_<ver>_offset.h) give `mmNAME` relative to a segment of
# the IP's register aperture and `mmNAME_BASE_IDX` naming the segment. The
# driver adds adev->reg_offset[IP][inst][BASE_IDX], which vega10_reg_init.c
# fills from include/vega10_ip_offset.h (struct IP_BASE). The outputs carry
# the sum, the absolute dword index in the register BAR, so the model can
# claim a register by its constant directly. Only instance 0 is used: every
# Vega10 IP here has one instance (SDMA1 is a separate IP with its own
# header).

AMD_INCLUDE = "drivers/gpu/drm/amd/include"
V10_IP_OFFSET = "vega10_ip_offset.h"

# (AemuIp suffix, *_BASE in vega10_ip_offset.h, offset header, sh_mask
# header, constants in vega10_regs.h). Order is owner priority at a shared
# offset. The IP list is the one amdgpu_discovery.c hard-codes for
# CHIP_VEGA10 (no discovery table): GC 9.0, MMHUB/ATHUB 9.0 (mmhub_v1_0 and
# athub_v1_0 code, mmhub_1_0/athub_1_0 headers), OSSSYS 4.0, HDP 4.0,
# SDMA0/1 4.0, DF 2.1 (df_v1_7 code and df_1_7 header), NBIO 6.1, MP0/MP1/
# THM/SMUIO 9.0, UVD 7.0, VCE 4.0, DCE 12.0.
V10_IPS = [
    ("GC", "GC", "gc/gc_9_0_offset.h", "gc/gc_9_0_sh_mask.h", True),
    ("MMHUB", "MMHUB", "mmhub/mmhub_1_0_offset.h",
     "mmhub/mmhub_1_0_sh_mask.h", True),
    ("ATHUB", "ATHUB", "athub/athub_1_0_offset.h",
     "athub/athub_1_0_sh_mask.h", True),
    ("OSSSYS", "OSSSYS", "oss/osssys_4_0_offset.h",
     "oss/osssys_4_0_sh_mask.h", True),
    ("SDMA0", "SDMA0", "sdma0/sdma0_4_0_offset.h",
     "sdma0/sdma0_4_0_sh_mask.h", True),
    ("SDMA1", "SDMA1", "sdma1/sdma1_4_0_offset.h",
     "sdma1/sdma1_4_0_sh_mask.h", True),
    ("NBIO", "NBIO", "nbio/nbio_6_1_offset.h", "nbio/nbio_6_1_sh_mask.h",
     True),
    ("HDP", "HDP", "hdp/hdp_4_0_offset.h", "hdp/hdp_4_0_sh_mask.h", True),
    # mp_9_0 holds MP0 (PSP) and MP1 (SMU) registers; the name prefix says
    # which (V10_SPLIT). Both bases are 0x16000 on Vega10.
    ("MP0", "MP0", "mp/mp_9_0_offset.h", "mp/mp_9_0_sh_mask.h", True),
    ("SMUIO", "SMUIO", "smuio/smuio_9_0_offset.h",
     "smuio/smuio_9_0_sh_mask.h", True),
    ("THM", "THM", "thm/thm_9_0_offset.h", "thm/thm_9_0_sh_mask.h", True),
    ("DF", "DF", "df/df_1_7_offset.h", "df/df_1_7_sh_mask.h", True),
    ("UVD", "UVD", "uvd/uvd_7_0_offset.h", "uvd/uvd_7_0_sh_mask.h", True),
    ("VCE", "VCE", "vce/vce_4_0_offset.h", "vce/vce_4_0_sh_mask.h", True),
    ("DCE", "DCE", "dce/dce_12_0_offset.h", None, False),
]
# A header shared by two IPs: names with this prefix belong to the other IP
# (and use its *_BASE), as the driver's SOC15_REG_OFFSET(MP1, ...) does.
V10_SPLIT = {"MP0": [("MP1_", "MP1")]}
V10_IP_ORDER = ["GC", "MMHUB", "ATHUB", "OSSSYS", "SDMA0", "SDMA1", "NBIO",
                "HDP", "MP0", "MP1", "SMUIO", "THM", "DF", "UVD", "VCE",
                "DCE"]
V10_IP_DESC = {
    "GC": "graphics core 9.0 (GRBM, CP, RLC, GFXHUB, ...)",
    "MMHUB": "multimedia hub 1.0 (MC_VM, VM_L2, VM_CONTEXT, ...)",
    "ATHUB": "address translation hub 1.0",
    "OSSSYS": "OSS 4.0: IH, SEM",
    "SDMA0": "SDMA engine 0, 4.0",
    "SDMA1": "SDMA engine 1, 4.0",
    "NBIO": "NBIO 6.1: BIF, doorbells, RCC, PCIE index/data",
    "HDP": "host data path 4.0",
    "MP0": "MP0 9.0 (PSP mailboxes)",
    "MP1": "MP1 9.0 (SMU mailboxes)",
    "SMUIO": "SMU I/O 9.0 (ROM index/data, GPIO, ...)",
    "THM": "thermal 9.0",
    "DF": "data fabric (DF 2.1, df_1_7 header)",
    "UVD": "video decoder 7.0",
    "VCE": "video encoder 4.0",
    "DCE": "display engine 12.0 (decoding only)",
}
# PCIE indirect names (PCIE_INDEX2/DATA2 carry SMN addresses on SOC15):
# nbio_6_1_smn.h, used as RREG32_PCIE(smnPCIE_...) by nbio_v6_1.c.
V10_SMN = ("NBIO", "nbio/nbio_6_1_smn.h")
# mm names the header gives no _BASE_IDX: no absolute offset can be formed,
# so they are left out (listed in the outputs). Known so a new one fails.
V10_NO_BASE = {"GC": {"CP_CPF_DEBUG"}}
# Names that two IP headers define with different offsets (the GFXHUB
# registers of gc_9_0 and the MMHUB registers of mmhub_1_0 share spelling;
# the driver tells them apart by SOC15_REG_OFFSET(GC|MMHUB, ...)). Each gets
# an IP-qualified constant <IP>_mmNAME and table name <IP>.NAME; the bare
# name is not defined, so code has to say which hub it means.
V10_QUAL_SEP = "."
# `mm` names that number another address space, not the register BAR, by the
# header's "// addressBlock:" comment above them: (IP, space, block regex).
# dce_12_0's azdec blocks are the HD-audio controller's registers (as on
# CIK); at DCE_BASE segment 0 (0x12) they would otherwise land on NBIO's
# BIOS_SCRATCH_n at 0x48-0x5B.
V10_OTHER_SPACE_BLOCKS = [("DCE", "AZALIA", re.compile(r"_azdec$"))]

V10_OUT_REGS = "include/amdgpu-emu/regs/vega10_regs.h"
V10_OUT_FIELDS = "include/amdgpu-emu/regs/vega10_fields.h"
V10_OUT_TABLE = "hw/amdgpu-emu/core/regdb_vega10.c"
V10_FIELD_LIST = "scripts/regdb-fields-vega10.txt"
V10_REGEN = ("/usr/bin/python3 scripts/gen-regdb.py --chip vega10 "
             "[--kernel-version X.Y.Z] <linux-src>")

IP_BASE_RE = re.compile(
    r"static const struct IP_BASE\s+(?:__maybe_unused\s+)?(\w+)_BASE\s*=\s*"
    r"\{\s*\{(.*?)\}\s*\}\s*;", re.S)


def parse_ip_bases(path):
    """{IP: [[seg0..seg4] per instance]} from vega10_ip_offset.h."""
    with open(path, encoding="utf-8") as f:
        text = f.read()
    bases = {}
    for m in IP_BASE_RE.finditer(text):
        insts = re.findall(r"\{\s*\{([^{}]*)\}\s*\}", m.group(2))
        segs = []
        for inst in insts:
            vals = [v.strip() for v in inst.split(",")]
            if not all(NUM_RE.match(v) for v in vals):
                raise GenError(f"{V10_IP_OFFSET}: cannot parse {m.group(1)}")
            segs.append([int(v.rstrip("uUlL"), 0) for v in vals])
        if not segs:
            raise GenError(f"{V10_IP_OFFSET}: no instances for {m.group(1)}")
        bases[m.group(1)] = segs
    return bases


def address_blocks(path):
    """{line: name of the `// addressBlock:` the line is under}."""
    out, block = {}, ""
    with open(path, encoding="utf-8") as f:
        for lineno, line in enumerate(f, 1):
            m = re.match(r"^//\s*addressBlock:\s*(\S+)", line)
            if m:
                block = m.group(1)
            out[lineno] = block
    return out


class V10Reg:
    __slots__ = ("name", "kind", "rel", "seg", "value", "ip", "line",
                 "space", "qual")

    def __init__(self, name, kind, rel, seg, value, ip, line, space):
        self.name = name        # driver's name without mm/ix/cfg/smn
        self.kind = kind        # "mm", "ix", "cfg" or "smn"
        self.rel = rel          # header value (segment-relative for mm)
        self.seg = seg          # BASE_IDX (mm only)
        self.value = value      # absolute dword index (mm), else = rel
        self.ip = ip
        self.line = line
        self.space = space      # table space, or None (constants only)
        self.qual = False       # name shared with another IP's header

    def cname(self):
        return (f"{self.ip}_" if self.qual else "") + self.kind + self.name

    def tname(self):
        return (f"{self.ip}{V10_QUAL_SEP}" if self.qual else "") + self.name


class V10Db:
    def __init__(self, src):
        self.src = src
        self.inputs = []        # (path relative to AMD_INCLUDE, sha256, use)
        self.regs = []          # every V10Reg
        self.fields = {}        # header IP -> {reg: [(field, mask, shift)]}
        self.field_orphans = {}
        self.notes = []
        self.warnings = []
        self.no_base = []

    def path(self, rel):
        p = os.path.join(self.src, AMD_INCLUDE, rel)
        if not os.path.exists(p):
            raise GenError(f"missing input {AMD_INCLUDE}/{rel} under "
                           f"{self.src}")
        return p

    def add_input(self, rel, use):
        p = self.path(rel)
        self.inputs.append((rel, sha(p), use))
        return p

    def load(self):
        self.bases = parse_ip_bases(self.add_input(V10_IP_OFFSET, "base"))
        for ip, base, dh, sh, _ in V10_IPS:
            self.load_regs(ip, base, dh)
            if sh:
                self.load_fields(ip, sh)
        ip, rel = V10_SMN
        p = self.add_input(f"asic_reg/{rel}", "smn")
        for line, full, value in parse_defines(p, rel):
            if not full.startswith("smn"):
                raise GenError(f"{rel}:{line}: unexpected {full}")
            self.regs.append(V10Reg(full[3:], "smn", value, None, value, ip,
                                    line, "PCIE"))
        self.qualify()

    def ip_of(self, header_ip, name):
        for prefix, other in V10_SPLIT.get(header_ip, []):
            if name.startswith(prefix):
                return other
        return header_ip

    def load_regs(self, hip, base, header):
        rel = f"asic_reg/{header}"
        p = self.add_input(rel, "d")
        blocks = address_blocks(p)
        other = [(sp, rx) for i, sp, rx in V10_OTHER_SPACE_BLOCKS if i == hip]
        defs, order = {}, []
        for line, full, value in parse_defines(p, rel):
            defs[full] = (line, value)
            order.append(full)
        expect_no_base = V10_NO_BASE.get(hip, set())
        for full in order:
            line, value = defs[full]
            if full.endswith("_BASE_IDX"):
                if full[:-9] not in defs:
                    raise GenError(f"{rel}:{line}: {full} without register")
                continue
            for kind in ("mm", "ix", "cfg"):
                if full.startswith(kind):
                    break
            else:
                raise GenError(f"{rel}:{line}: unexpected {full}")
            name = full[len(kind):]
            ip = self.ip_of(hip, name)
            if kind != "mm":
                if full + "_BASE_IDX" in defs:
                    raise GenError(f"{rel}:{line}: {full} has a BASE_IDX")
                self.regs.append(V10Reg(name, kind, value, None, value, ip,
                                        line, None))
                continue
            if full + "_BASE_IDX" not in defs:
                if name not in expect_no_base:
                    raise GenError(f"{rel}:{line}: {full} has no BASE_IDX; "
                                   "add it to V10_NO_BASE if that is right")
                self.no_base.append(f"{full} ({header}:{line})")
                continue
            seg = defs[full + "_BASE_IDX"][1]
            try:
                segbase = self.bases[ip][0][seg]
            except (KeyError, IndexError):
                raise GenError(f"{rel}:{line}: no {ip}_BASE segment {seg}")
            if segbase == 0 and seg > 0:
                raise GenError(f"{rel}:{line}: {ip}_BASE segment {seg} is 0")
            space = "MMIO"
            for sp, rx in other:
                if rx.search(blocks.get(line, "")):
                    space = sp
            self.regs.append(V10Reg(name, kind, value, seg, segbase + value,
                                    ip, line, space))

    def load_fields(self, ip, header):
        rel = f"asic_reg/{header}"
        p = self.add_input(rel, "sh")
        masks, shifts, order = {}, {}, []
        for line, name, value in parse_defines(p, rel):
            reg, sep, rest = name.partition("__")
            if not sep:
                raise GenError(f"{rel}:{line}: unexpected {name}")
            if rest.endswith("__SHIFT"):
                shifts[(reg, rest[:-7])] = value
            elif rest.endswith("_MASK"):
                masks[(reg, rest[:-5])] = value
                order.append((reg, rest[:-5]))
            else:
                raise GenError(f"{rel}:{line}: unexpected {name}")
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

    def qualify(self):
        """Mark names that more than one IP defines (per kind)."""
        by = {}
        for r in self.regs:
            by.setdefault((r.kind, r.name), []).append(r)
        self.collisions = {}
        for (kind, name), lst in by.items():
            ips = [r.ip for r in lst]
            if len(set(ips)) != len(ips):
                raise GenError(f"{kind}{name} defined twice by the {ips[0]} "
                               "header")
            if len(lst) > 1:
                for r in lst:
                    r.qual = True
                self.collisions[(kind, name)] = lst
        names = {r.cname() for r in self.regs}
        if len(names) != len(self.regs):
            raise GenError("qualified names clash with driver names")

    def ip_rank(self, ip):
        return V10_IP_ORDER.index(ip)

    def table(self, space):
        regs = [r for r in self.regs if r.space == space]
        regs.sort(key=lambda r: (r.value, self.ip_rank(r.ip), r.line))
        return regs

    def mm_table(self):
        """`mm` names of every space, MMIO first at an offset."""
        regs = [r for r in self.regs if r.kind == "mm"]
        regs.sort(key=lambda r: (r.value, SPACES.index(r.space),
                                 self.ip_rank(r.ip), r.line))
        return regs

    def mmio_cross_ip(self):
        at = {}
        for r in self.regs:
            if r.space == "MMIO":
                at.setdefault(r.value, set()).add(r.ip)
        return sorted(o for o, ips in at.items() if len(ips) > 1)


def v10_banner(db, version, what, uses, extra_inputs=()):
    lines = ["/* SPDX-License-Identifier: GPL-2.0-or-later */", "/*"]
    lines += [" * " + t for t in textwrap.wrap(what, 74)]
    lines += [
        " *",
        " * GENERATED FILE, do not edit. Generator: scripts/gen-regdb.py",
        f" * Inputs (Linux {version}, {AMD_INCLUDE}/):",
    ]
    inputs = [i for i in db.inputs if i[2] in uses]
    width = max(len(i[0]) for i in inputs)
    for p, h, _ in inputs:
        lines.append(f" *   {p:<{width}}  sha256 {h[:16]}")
    for p in extra_inputs:
        lines.append(f" *   {p} (this repository)")
    lines += [
        f" * Regenerate: {V10_REGEN}",
        " *   (--kernel-version only when <linux-src> has no top-level Makefile)",
        " * Register names, offsets and field masks are facts taken from the AMD",
        " * register headers distributed with Linux (MIT licence, (C) Advanced",
        " * Micro Devices, Inc.). See docs/registers.md.",
        " */",
    ]
    return lines


def v10_regs_h(db, version):
    out = v10_banner(
        db, version,
        "Vega10 (SOC15) register offsets: mmNAME = ABSOLUTE dword index in "
        "the register BAR (the header's segment-relative mmNAME plus "
        "<IP>_BASE segment mmNAME_BASE_IDX of vega10_ip_offset.h, instance "
        "0); ixNAME = index in the IP's own indirect space; cfgNAME = byte "
        "offset in a PCI configuration space (as the header gives it); "
        "smnNAME = SMN address (PCIE_INDEX2/PCIE_DATA2).",
        {"base", "d", "smn"})
    out += ["", "#ifndef AMDGPU_EMU_REGS_VEGA10_REGS_H",
            "#define AMDGPU_EMU_REGS_VEGA10_REGS_H", "", "/*",
            f" * Names two IP headers define at different offsets "
            f"({len(db.collisions)}, all",
            " * GC/MMHUB hub registers) are emitted qualified only, as",
            " * <IP>_mmNAME (e.g. GC_mmVM_INVALIDATE_ENG17_REQ and",
            " * MMHUB_mmVM_INVALIDATE_ENG17_REQ), the way the driver writes",
            " * SOC15_REG_OFFSET(GC|MMHUB, 0, mmNAME). The bare name is not",
            " * defined.",
            " * Left out, the header gives them no _BASE_IDX:"]
    out += [f" *   {n}" for n in db.no_base] + [" */"]
    for ip in V10_IP_ORDER:
        emit = [i for i in V10_IPS if ip in (i[0],) or
                any(o == ip for _, o in V10_SPLIT.get(i[0], []))]
        if not emit or not emit[0][4]:
            continue
        hdr = emit[0][2]
        regs = [r for r in db.regs if r.ip == ip]
        bases = db.bases[ip][0]
        n = max((i + 1 for i, b in enumerate(bases) if b), default=1)
        segs = ", ".join(f"0x{b:X}" for b in bases[:n])
        mm = sorted((r for r in regs if r.kind == "mm"),
                    key=lambda r: (r.value, r.line))
        out += [""] + [f"/* {t} */" for t in textwrap.wrap(
            f"{ip}, {V10_IP_DESC[ip]} ({hdr}): MMIO, absolute; "
            f"{ip}_BASE segments {segs}", 74)]
        for r in mm:
            out.append(define(r.cname(), r.value, 5))
        for kind, what in (("ix", "indirect spaces, ix names"),
                           ("cfg", "PCI configuration spaces, byte offsets"),
                           ("smn", "PCIE indirect (SMN address), smn names")):
            sel = sorted((r for r in regs if r.kind == kind),
                         key=lambda r: (r.value, r.line))
            if sel:
                src = V10_SMN[1] if kind == "smn" else hdr
                out += ["", f"/* {ip} ({src}): {what} */"]
                for r in sel:
                    out.append(define(r.cname(), r.value,
                                      4 if kind == "cfg" else 8))
    out += ["", "#endif /* AMDGPU_EMU_REGS_VEGA10_REGS_H */", ""]
    return "\n".join(out)


def v10_fields_h(db, version, field_list):
    out = v10_banner(
        db, version,
        "Vega10 (SOC15) register fields: NAME__FIELD_MASK and "
        "NAME__FIELD__SHIFT, for the registers listed in "
        f"{V10_FIELD_LIST} only.",
        {"sh"}, extra_inputs=[V10_FIELD_LIST])
    out += ["", "#ifndef AMDGPU_EMU_REGS_VEGA10_FIELDS_H",
            "#define AMDGPU_EMU_REGS_VEGA10_FIELDS_H"]
    by_name = {}
    for r in db.regs:
        if r.kind in ("mm", "ix"):
            by_name.setdefault(r.name, []).append(r)
    field_ip = {i[0]: i[0] for i in V10_IPS}
    for hip, splits in V10_SPLIT.items():
        for _, other in splits:
            field_ip[other] = hip
    for name in read_field_list(field_list):
        regs = by_name.get(name)
        if not regs:
            raise GenError(f"{V10_FIELD_LIST}: {name} is not a register of "
                           "any input header")
        sets = []
        for r in regs:
            f = db.fields.get(field_ip[r.ip], {}).get(name)
            if f is None:
                raise GenError(f"{V10_FIELD_LIST}: no field definitions for "
                               f"{name} in the {r.ip} header")
            sets.append(f)
            for o in db.field_orphans[field_ip[r.ip]].get(name, []):
                db.warnings.append(f"{name}: field {o} left out")
        # Two IPs' definitions are merged: a field both give must agree;
        # a field only one header gives is kept and named in the comment
        # (gc_9_0 has VM_L2_PROTECTION_FAULT_STATUS UCE/FED, mmhub_1_0 not).
        merged, seen, only = [], {}, []
        for r, fset in zip(regs, sets):
            for field, mask, shift in fset:
                if field in seen:
                    if seen[field] != (mask, shift):
                        raise GenError(f"{name}__{field}: the "
                                       f"{'/'.join(x.ip for x in regs)} "
                                       "headers disagree")
                    continue
                seen[field] = (mask, shift)
                merged.append((field, mask, shift))
        for r, fset in zip(regs, sets):
            if len(regs) > 1:
                for field in seen:
                    if field not in {f[0] for f in fset}:
                        only.append((field, r.ip))
        where = ", ".join(
            f"{r.cname()} 0x{r.value:0{5 if r.kind == 'mm' else 8}X} ({r.ip})"
            for r in regs)
        out += [""] + [f"/* {t} */" for t in textwrap.wrap(
            f"{name}: {where}", 74)]
        lacks = {}
        for f, ip in only:
            lacks.setdefault(ip, []).append(f)
        for ip, fl in lacks.items():
            out += [f"/* {t} */" for t in textwrap.wrap(
                f"the {ip} header lacks {', '.join(fl)}", 74)]
        for field, mask, shift in merged:
            check_field(db, name, field, mask, shift)
            out.append(f"#define {name}__{field}_MASK 0x{mask:08X}")
            out.append(f"#define {name}__{field}__SHIFT {shift}")
    out += ["", "#endif /* AMDGPU_EMU_REGS_VEGA10_FIELDS_H */", ""]
    return "\n".join(out)


def v10_c_table(out, cname, regs, width):
    out.append(f"static const AemuRegName {cname}[] = {{")
    for r in regs:
        out.append(f"    {{ 0x{r.value:0{width}X}, \"{r.tname()}\", "
                   f"AEMU_IP_{r.ip}, AEMU_REG_SPACE_{r.space} }},")
    out.append("};")


def v10_by_name(out, cname, regs):
    if len(regs) > 0xFFFF:
        raise GenError(f"{cname}: {len(regs)} entries do not fit uint16_t")
    order = sorted(range(len(regs)), key=lambda i: regs[i].tname().encode())
    names = [regs[i].tname() for i in order]
    if len(set(names)) != len(names):
        raise GenError(f"{cname}: duplicate names")
    out.append(f"static const uint16_t {cname}[] = {{")
    for i in range(0, len(order), 12):
        out.append("    " + " ".join(f"{n}," for n in order[i:i + 12]))
    out.append("};")


def v10_table_c(db, version):
    out = v10_banner(
        db, version,
        "Vega10 (SOC15) register name tables for decoding traces: every "
        "`mm` register of the IPs Vega10 uses (DCE 12.0 included) by "
        "ABSOLUTE dword offset, and the NBIO SMN names of the PCIE indirect "
        "space. Lookup code: regdb.c.",
        {"base", "d", "smn"})
    mm = db.mm_table()
    cross = db.mmio_cross_ip()
    out += [
        "",
        "/*",
        " * Sorted by offset; at one offset MMIO names first, then other",
        " * spaces (DCE azdec blocks: HD-audio controller); then owning IP",
        f" * ({', '.join(V10_IP_ORDER)} in this order), then header order.",
        f" * Names two IPs define at different offsets ({len(db.collisions)},"
        " the GC and",
        f" * MMHUB hub registers) are qualified: \"GC{V10_QUAL_SEP}NAME\", "
        f"\"MMHUB{V10_QUAL_SEP}NAME\".",
        f" * Offsets where MMIO names of two IPs meet: {len(cross)}"
        + ("." if not cross else
           ": " + ", ".join(f"0x{o:05X}" for o in cross) + "."),
        " * SOC15 has no SMC_IND space (the SMU is reached through MP1",
        " * mailboxes), so .smc is NULL.",
        " */",
        "",
        "#include \"regdb.h\"",
        "",
    ]
    v10_c_table(out, "vega10_mm", mm, 5)
    out.append("")
    v10_by_name(out, "vega10_mm_by_name", mm)
    pcie = db.table("PCIE")
    out += ["", "/* PCIE indirect space (SMN addresses): nbio_6_1_smn.h */"]
    v10_c_table(out, "vega10_pcie", pcie, 8)
    out.append("")
    v10_by_name(out, "vega10_pcie_by_name", pcie)
    for tname, arr, idx in (("mm", "vega10_mm", "vega10_mm_by_name"),
                            ("pcie", "vega10_pcie", "vega10_pcie_by_name")):
        out += ["", f"_Static_assert(sizeof({idx}) / sizeof({idx}[0]) ==",
                f"               sizeof({arr}) / sizeof({arr}[0]),",
                f"               \"{idx} covers {arr}\");"]
        out += [f"const AemuRegTable aemu_vega10_{tname}_regs = {{",
                f"    .regs = {arr},", f"    .by_name = {idx},",
                f"    .count = sizeof({arr}) / sizeof({arr}[0]),", "};"]
    out += ["", "/* The chip family's database, as AemuAsic.regdb names it. */",
            "const AemuRegDb aemu_regdb_vega10 = {",
            "    .name = \"vega10\",",
            "    .mm = &aemu_vega10_mm_regs,",
            "    .smc = NULL,",
            "    .pcie = &aemu_vega10_pcie_regs,",
            "};", ""]
    return "\n".join(out)


def v10_outputs(src, version, root):
    db = V10Db(src)
    db.load()
    outputs = {
        V10_OUT_REGS: v10_regs_h(db, version),
        V10_OUT_FIELDS: v10_fields_h(db, version,
                                     os.path.join(root, V10_FIELD_LIST)),
        V10_OUT_TABLE: v10_table_c(db, version),
    }
    per_ip = {}
    for r in db.regs:
        if r.kind == "mm":
            per_ip[r.ip] = per_ip.get(r.ip, 0) + 1
    summary = (f"{sum(per_ip.values())} mm names ("
               + ", ".join(f"{ip} {per_ip[ip]}" for ip in V10_IP_ORDER
                           if ip in per_ip)
               + f"), {sum(r.kind != 'mm' for r in db.regs)} ix/cfg/smn "
               f"names, {len(db.collisions)} names in two IPs, "
               f"{len(db.mmio_cross_ip())} MMIO offsets shared by two IPs, "
               f"{len(db.no_base)} left out (no BASE_IDX)")
    return db, outputs, summary


# -- R600 / RS780 (radeon's own headers) ------------------------------------
#
# amdgpu has no register headers for R6xx; radeon keeps them by hand in
# drivers/gpu/drm/radeon as `#define NAME 0xOFFSET` (BYTE offsets) mixed with
# field macros and packet constants. A register is a `#define` whose whole
# value is one hex literal with a dword-aligned value inside the register
# space; field helpers (function-like macros, shifted values) and packet
# constants (PACKET3_*, values outside the space) are not. Names below
# R600_MC_IND_MAX that radeon spells R_0000xx_* are the RS780 MC's indirect
# registers (R_0028F8_MC_INDEX / R_0028FC_MC_DATA), emitted as ixNAME.

R600_DIR = "drivers/gpu/drm/radeon"
R600_HEADERS = ["r600d.h", "r600_reg.h", "rs780d.h"]
R600_OUT_REGS = "include/amdgpu-emu/regs/r600_regs.h"
R600_OUT_TABLE = "hw/amdgpu-emu/core/regdb_r600.c"
R600_REGEN = ("/usr/bin/python3 scripts/gen-regdb.py --chip r600 "
              "[--kernel-version X.Y.Z] <linux-src>")
R600_DEFINE_RE = re.compile(
    r"^#define\s+([A-Za-z_][A-Za-z0-9_]*)\s+(0[xX][0-9a-fA-F]+)\s*"
    r"(?:/\*.*\*/\s*)?$")
R600_MC_IND_RE = re.compile(r"^R_0000[0-9A-F]{2}_")
# Register space: byte offsets below 256 KiB (context registers end there).
R600_REG_SPACE = 0x40000
R600_MC_IND_MAX = 0x200
# Names that look like registers and are not (packet bases, PTE bits).
R600_NOT_REGS = re.compile(r"^(PACKET3_|R600_PTE_|RADEON_|R600_.*_MASK$)")
# Which IP owns a byte offset, for the decoding tables (r600d.h's grouping).
R600_IP_RANGES = [
    (0x2000, 0x3000, "GMC"),     # MC, VM, HDP registers in the MC range
    (0x3E00, 0x3F00, "OSS"),     # IH
    (0x5400, 0x5600, "BIF"),     # HDP flush, interrupt control, bus
    (0x6000, 0x8000, "DCE"),     # AVIVO display
    (0xD000, 0xD100, "OSS"),     # DMA ring
]


def r600_ip(value):
    for lo, hi, ip in R600_IP_RANGES:
        if lo <= value < hi:
            return ip
    return "GCA"


class R600Db:
    def __init__(self, src):
        self.src = src
        self.inputs = []            # (relative path, sha256)
        self.regs = {}              # "mm"/"ix" + name -> Reg (dword value)
        self.warnings = []

    def load(self):
        for h in R600_HEADERS:
            rel = f"{R600_DIR}/{h}"
            path = os.path.join(self.src, rel)
            if not os.path.exists(path):
                raise GenError(f"missing input {rel} under {self.src}")
            self.inputs.append((rel, sha(path)))
            with open(path, encoding="utf-8") as f:
                for lineno, line in enumerate(f, 1):
                    m = R600_DEFINE_RE.match(line.strip())
                    if not m or R600_NOT_REGS.match(m.group(1)):
                        continue
                    self.add(m.group(1), int(m.group(2), 16), rel, lineno)

    def add(self, name, value, rel, lineno):
        if R600_MC_IND_RE.match(name) and value < R600_MC_IND_MAX:
            kind, off = "ix", value
        elif value % 4 == 0 and 0 < value < R600_REG_SPACE:
            kind, off = "mm", value // 4
        else:
            return
        key = kind + name
        old = self.regs.get(key)
        if old:
            if old.value != off:
                self.warnings.append(
                    f"{rel}:{lineno}: {name} redefined (0x{old.value:X} kept)")
            return
        ip = "GMC" if kind == "ix" else r600_ip(value)
        self.regs[key] = Reg(name, kind, off, ip, lineno)

    def sorted(self, kind):
        return sorted((r for r in self.regs.values() if r.kind == kind),
                      key=lambda r: (r.value, r.name))


def r600_banner(db, version, what):
    lines = ["/* SPDX-License-Identifier: GPL-2.0-or-later */", "/*"]
    lines += [" * " + t for t in textwrap.wrap(what, 74)]
    lines += [" *", " * GENERATED FILE, do not edit. Generator: "
              "scripts/gen-regdb.py",
              f" * Inputs (Linux {version}, {R600_DIR}/):"]
    for rel, h in db.inputs:
        lines.append(f" *   {rel[len(R600_DIR) + 1:]:<12}  sha256 {h[:16]}")
    lines += [f" * Regenerate: {R600_REGEN}",
              " * Register names and offsets are facts taken from the radeon",
              " * driver's headers (MIT licence). See docs/registers.md.",
              " */"]
    return lines


def r600_regs_h(db, version):
    out = r600_banner(
        db, version,
        "R600 family (RS780) register offsets: mmNAME = dword index in the "
        "register BAR (radeon's byte offset / 4), ixNAME = index in the "
        "RS780 MC's indirect space (MC_INDEX / MC_DATA).")
    out += ["", "#ifndef AMDGPU_EMU_REGS_R600_REGS_H",
            "#define AMDGPU_EMU_REGS_R600_REGS_H", ""]
    for r in db.sorted("mm"):
        out.append(define("mm" + r.name, r.value, 5))
    out.append("")
    for r in db.sorted("ix"):
        out.append(define("ix" + r.name, r.value, 3))
    out += ["", "#endif", ""]
    return "\n".join(out)


def r600_table_c(db, version):
    out = r600_banner(
        db, version,
        "R600 family (RS780) register name tables for decoding traces, by "
        "dword offset. Lookup code: regdb.c.")
    mm = db.sorted("mm")
    for r in mm:
        r.space = "MMIO"
    out += ["", "#include \"regdb.h\"", ""]
    c_table(out, "r600_mm", mm, 5)
    out.append("")
    c_by_name(out, "r600_mm_by_name", mm)
    out += ["", "_Static_assert(sizeof(r600_mm_by_name) / "
            "sizeof(r600_mm_by_name[0]) ==",
            "               sizeof(r600_mm) / sizeof(r600_mm[0]),",
            "               \"r600_mm_by_name covers r600_mm\");",
            "static const AemuRegTable aemu_r600_mm_regs = {",
            "    .regs = r600_mm,", "    .by_name = r600_mm_by_name,",
            "    .count = sizeof(r600_mm) / sizeof(r600_mm[0]),", "};",
            "", "/* The chip family's database, as AemuAsic.regdb names it. */",
            "const AemuRegDb aemu_regdb_r600 = {",
            "    .name = \"r600\",", "    .mm = &aemu_r600_mm_regs,",
            "    .smc = NULL,", "    .pcie = NULL,", "};", ""]
    return "\n".join(out)


def r600_outputs(src, version):
    db = R600Db(src)
    db.load()
    outputs = {R600_OUT_REGS: r600_regs_h(db, version),
               R600_OUT_TABLE: r600_table_c(db, version)}
    summary = (f"{len(db.sorted('mm'))} mm names, "
               f"{len(db.sorted('ix'))} MC indirect names")
    return db, outputs, summary


# -- main --------------------------------------------------------------------

def main():
    ap = argparse.ArgumentParser(
        description="Generate a chip family's register database from a "
                    "Linux tree.")
    ap.add_argument("linux_src", help="Linux source tree (top directory)")
    ap.add_argument("--chip", choices=("cik", "topaz", "vega10", "r600"), default="cik",
                    help="chip family (default: cik)")
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
        if args.chip == "vega10":
            db, outputs, summary = v10_outputs(args.linux_src, version, root)
        elif args.chip == "r600":
            db, outputs, summary = r600_outputs(args.linux_src, version)
        else:
            if args.chip == "topaz":
                use_topaz()
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
    if args.chip in ("vega10", "r600"):
        print(f"gen-regdb: Linux {version}: {summary}")
        return 0
    mm = [r for r in db.regs.values() if r.kind == "mm"]
    print(f"gen-regdb: Linux {version}: {len(mm)} mm names "
          f"({sum(r.space == 'MMIO' for r in mm)} MMIO), "
          f"{len(db.regs) - len(mm)} ix names, "
          f"{len(db.notes)} names in two headers, "
          f"{len(db.mmio_cross_ip())} MMIO offsets shared by two IPs")
    return 0


if __name__ == "__main__":
    sys.exit(main())
