#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-or-later
# Build qemu-system-x86_64 with the amdgpu-emu device wired in.
#
# Fetches QEMU's source tarball from bookworm-backports (version resolved
# from apt), unpacks it into the cache, applies the fix-ups the Debian "+ds"
# tarball needs, links this checkout's hw/amdgpu-emu and include/amdgpu-emu
# into the QEMU tree (no copies: edits here are what QEMU builds), configures
# a minimal x86_64-softmmu build and runs ninja. Idempotent: a second run is a
# no-op, a changed device file only recompiles the device, and a checkout at
# another path only re-points the links. A new QEMU version, or a change of
# this recipe (RECIPE below, configure flags), re-unpacks / reconfigures.
set -euo pipefail
. "$(dirname "$0")/lib/common.sh"

# Bump when the fix-ups or the wiring change in a way an existing tree or
# build directory would not pick up by itself.
RECIPE=1

DEVICE_SET=amdgpu-emu        # configs/devices/x86_64-softmmu/<name>.mak
DEVICE_SET_SRC="$AEMU_ROOT/scripts/qemu/$DEVICE_SET.mak"
FIRMWARE_PATHS=(-L /usr/share/seabios -L /usr/share/qemu)

CONFIGURE_ARGS=(
    --python="$AEMU_PYTHON"
    --target-list=x86_64-softmmu
    --without-default-features
    --without-default-devices
    --with-devices-x86_64="$DEVICE_SET"
    --enable-kvm --enable-tcg
    --enable-pixman
    --enable-trace-backends=log
    --disable-docs --disable-tools --disable-guest-agent
    --disable-install-blobs --disable-download
)

# ---------------------------------------------------------------------------
# 0. Build packages and apt sources; one build at a time per cache.

"$AEMU_ROOT/scripts/bootstrap.sh"

mkdir -p "$AEMU_CACHE" "$AEMU_SRC_CACHE"
exec 9>"$AEMU_CACHE/qemu-build.lock"
if ! flock -n 9; then
    aemu_log "waiting for another build-qemu.sh using $AEMU_CACHE ..."
    flock 9
fi

# ---------------------------------------------------------------------------
# 1. Which QEMU source apt would fetch: orig tarball name and SHA-256.

# Asked from an empty directory: apt leaves out files it finds already there.
apt_qemu_source_uris() {
    local empty rc=0
    empty=$(mktemp -d)
    (cd "$empty" && apt-get source --print-uris --tar-only -t bookworm-backports qemu 2>&1) || rc=$?
    rmdir "$empty"
    return "$rc"
}
uris=$(apt_qemu_source_uris) ||
    aemu_die "apt cannot resolve QEMU's source in bookworm-backports (deb-src entries missing? see scripts/bootstrap.sh):
$uris"
read -r TARBALL TARBALL_SHA < <(printf '%s\n' "$uris" |
    awk '$1 ~ /^'\''/ && $2 ~ /^qemu_.*\.orig\.tar\./ {sub(/^SHA256:/, "", $4); print $2, $4; exit}') ||
    aemu_die "no QEMU orig tarball in apt's answer:
$uris"
[[ $TARBALL_SHA =~ ^[0-9a-f]{64}$ ]] || aemu_die "apt gave no SHA-256 for $TARBALL"
QEMU_VERSION=${TARBALL#qemu_}
QEMU_VERSION=${QEMU_VERSION%.orig.tar.*}
SRC_STAMP="$AEMU_QEMU_SRC/.amdgpu-emu-source"
SRC_ID="$TARBALL $TARBALL_SHA recipe-$RECIPE"

# ---------------------------------------------------------------------------
# 2. Fetch and unpack (only when the tree is not this tarball already).

unpack_qemu() {
    local tmp="$AEMU_QEMU_SRC.new"
    rm -rf "$tmp"
    mkdir -p "$tmp"
    tar -xf "$AEMU_SRC_CACHE/$TARBALL" -C "$tmp" --strip-components=1
    [ -x "$tmp/configure" ] || { echo "no configure script in $TARBALL" >&2; return 1; }
    printf '%s\n' "$SRC_ID" >"$tmp/.amdgpu-emu-source"
    # The build directory belongs to the old tree.
    rm -rf "$AEMU_QEMU_SRC" "$AEMU_QEMU_BUILD"
    mv "$tmp" "$AEMU_QEMU_SRC"
}

if [ "$(cat "$SRC_STAMP" 2>/dev/null)" != "$SRC_ID" ]; then
    tarball="$AEMU_SRC_CACHE/$TARBALL"
    if [ -f "$tarball" ] && ! echo "$TARBALL_SHA  $tarball" | sha256sum --status -c -; then
        aemu_log "$TARBALL does not match apt's SHA-256; fetching it again"
        rm -f "$tarball"
    fi
    if [ ! -f "$tarball" ]; then
        fetch_qemu() { cd "$AEMU_SRC_CACHE" && apt-get source --tar-only -t bookworm-backports qemu; }
        aemu_step "fetch QEMU $QEMU_VERSION source" fetch_qemu
        echo "$TARBALL_SHA  $tarball" | sha256sum --status -c - ||
            aemu_die "$tarball: SHA-256 mismatch after download"
    fi
    if [ -e "$AEMU_QEMU_SRC" ]; then
        aemu_log "QEMU tree is not $TARBALL (recipe $RECIPE): replacing it and its build"
    fi
    aemu_step "unpack QEMU $QEMU_VERSION" unpack_qemu
fi

# ---------------------------------------------------------------------------
# 3. Fix-ups and wiring. Idempotent: files are only touched when they change,
#    so an unchanged tree causes no rebuild.

# The +ds tarball lacks pc-bios/edk2-*.fd.bz2, but meson.build unpacks them
# whenever bzip2 is installed: only do so when they are there.
fixup_edk2() {
    local f="$AEMU_QEMU_SRC/meson.build"
    local orig='    unpack_edk2_blobs = bzip2.found()'
    local new="    unpack_edk2_blobs = bzip2.found() and fs.exists('pc-bios/edk2-x86_64-code.fd.bz2')"
    if grep -qxF "$new" "$f"; then
        return 0
    elif grep -qxF "$orig" "$f"; then
        sed -i "s|^$orig\$|$new|" "$f"
        grep -qxF "$new" "$f" || aemu_die "could not patch the edk2 line in QEMU's meson.build"
        aemu_log "fix-up: edk2 blobs only unpacked when present"
    else
        aemu_log "warning: the edk2 fix-up no longer matches QEMU $QEMU_VERSION's meson.build;" \
                 "if configure fails on edk2-*.fd.bz2, update fixup_edk2 in ${0##*/}"
    fi
}

# Append a line to a file of the QEMU tree unless it is already there.
append_once() {
    local line=$1 file="$AEMU_QEMU_SRC/$2"
    [ -f "$file" ] || aemu_die "QEMU $QEMU_VERSION has no $2"
    grep -qxF "$line" "$file" || printf '%s\n' "$line" >>"$file"
}

# Point a link of the QEMU tree at this checkout; leave it alone when it
# already does. Build inputs are reached through the link, so re-pointing it
# changes no command line and rebuilds nothing by itself (see below).
REPOINTED=0
link_into_tree() {
    local target=$1 link="$AEMU_QEMU_SRC/$2"
    [ "$(readlink "$link" 2>/dev/null)" = "$target" ] && return 0
    if [ -e "$link" ] && [ ! -L "$link" ]; then
        rm -rf "$link"
    fi
    ln -sfn "$target" "$link"
    REPOINTED=1
    aemu_log "linked QEMU's $2 -> $target"
}

# TCG's cached per-CPU dispatch pointer (CPUAddressSpace.memory_dispatch)
# is read outside the RCU section it was taken in: a vCPU that enters
# cpu_exec after another vCPU's memory transaction, before its own deferred
# tcg_commit_cpu ran, can walk a dispatch the RCU thread already freed. It
# crashed our guests (SIGSEGV in address_space_translate_for_iotlb ->
# memory_region_get_iommu while delivering an interrupt) about once in
# thirty boots, always during the kernel's PCI BAR sizing: QEMU issue 3040,
# fixed upstream after 10.0.2 by looking the dispatch up in the address
# space each time. Do the same here until Debian's QEMU carries the fix.
fixup_tcg_dispatch() {
    local f="$AEMU_QEMU_SRC/system/physmem.c" pair orig new n=0
    for pair in \
        'cpu->cpu_ases[asidx].memory_dispatch;|address_space_to_dispatch(cpu->cpu_ases[asidx].as);' \
        'cpuas->memory_dispatch;|address_space_to_dispatch(cpuas->as);'; do
        orig="    AddressSpaceDispatch *d = ${pair%%|*}"
        new="    AddressSpaceDispatch *d = ${pair#*|}"
        if grep -qxF "$orig" "$f"; then
            # Fixed strings: '*', '[' and '>' are not patterns here.
            ORIG="$orig" NEW="$new" "$AEMU_PYTHON" -c '
import os, sys
p = sys.argv[1]
s = open(p).read()
lines = s.split("\n")
lines = [os.environ["NEW"] if l == os.environ["ORIG"] else l for l in lines]
open(p, "w").write("\n".join(lines))' "$f"
            grep -qxF "$new" "$f" || aemu_die "could not patch the TCG dispatch lookup in $f"
            n=$((n + 1))
        elif ! grep -qxF "$new" "$f"; then
            aemu_log "warning: the TCG dispatch fix-up no longer matches QEMU $QEMU_VERSION's" \
                     "system/physmem.c; check that it carries the fix for QEMU issue 3040"
        fi
    done
    [ "$n" = 0 ] || aemu_log "fix-up: TCG looks its dispatch up under RCU (QEMU issue 3040)"
}

fixup_edk2
fixup_tcg_dispatch

# The device's generated register headers live in include/amdgpu-emu.
if [ ! -d "$AEMU_ROOT/include/amdgpu-emu" ]; then
    mkdir -p "$AEMU_ROOT/include/amdgpu-emu"
fi
if [ -z "$(ls -A "$AEMU_ROOT/include/amdgpu-emu")" ]; then
    : >"$AEMU_ROOT/include/amdgpu-emu/.gitkeep"
fi
[ -f "$AEMU_ROOT/hw/amdgpu-emu/meson.build" ] || aemu_die "no hw/amdgpu-emu/meson.build in $AEMU_ROOT"
[ -f "$DEVICE_SET_SRC" ] || aemu_die "missing ${DEVICE_SET_SRC#"$AEMU_ROOT"/}"

link_into_tree "$AEMU_ROOT/hw/amdgpu-emu" hw/amdgpu-emu
link_into_tree "$AEMU_ROOT/include/amdgpu-emu" include/amdgpu-emu
append_once "subdir('amdgpu-emu')" hw/meson.build
append_once "source amdgpu-emu/Kconfig" hw/Kconfig
# Another checkout's files may be older than the objects built from the
# previous one: make ninja re-run meson (the device's file list may differ)
# and recompile the device, and only the device.
if [ "$REPOINTED" = 1 ] && [ -f "$AEMU_QEMU_BUILD/build.ninja" ]; then
    touch "$AEMU_QEMU_SRC/hw/meson.build"
    rm -rf "$AEMU_QEMU_BUILD/hw/amdgpu-emu"
    find "$AEMU_QEMU_BUILD" -name '*amdgpu-emu*.o' -type f -delete
fi
# Copied, not linked, and only when it differs: a fresh checkout's newer
# mtime would otherwise make meson regenerate for nothing.
devset="$AEMU_QEMU_SRC/configs/devices/x86_64-softmmu/$DEVICE_SET.mak"
if [ -L "$devset" ] || ! cmp -s "$DEVICE_SET_SRC" "$devset"; then
    rm -f "$devset"
    cp "$DEVICE_SET_SRC" "$devset"
    aemu_log "installed device set $DEVICE_SET.mak"
fi

# ---------------------------------------------------------------------------
# 4. Configure (when the inputs changed) and build.

# (The build directory holds absolute paths: a moved cache reconfigures.)
config_id=$(printf '%s\n' "$SRC_ID" "meson $(meson --version 2>/dev/null || echo none)" \
                "$AEMU_QEMU_SRC" "$AEMU_QEMU_BUILD" "${CONFIGURE_ARGS[@]}" | sha256sum | cut -d' ' -f1)
CONFIG_STAMP="$AEMU_QEMU_BUILD/.amdgpu-emu-configured"

configure_qemu() {
    cd "$AEMU_QEMU_BUILD" && "$AEMU_QEMU_SRC/configure" "${CONFIGURE_ARGS[@]}"
}

if [ "$(cat "$CONFIG_STAMP" 2>/dev/null)" != "$config_id" ] ||
   [ ! -f "$AEMU_QEMU_BUILD/build.ninja" ]; then
    [ -e "$AEMU_QEMU_BUILD" ] && aemu_log "configure inputs changed: starting a fresh QEMU build directory"
    rm -rf "$AEMU_QEMU_BUILD"
    mkdir -p "$AEMU_QEMU_BUILD"
    aemu_step "configure QEMU $QEMU_VERSION" configure_qemu
    printf '%s\n' "$config_id" >"$CONFIG_STAMP"
fi

# ninja's own output, one line every 5 s at most, with the full log kept:
# unlike aemu_step this returns as soon as ninja does (a device-only rebuild
# takes a second or two).
build_qemu() {
    local log="$AEMU_CACHE/logs/build_qemu.log" start=$SECONDS
    mkdir -p "$AEMU_CACHE/logs"
    aemu_log "build qemu-system-x86_64 ..."
    if ! ninja -C "$AEMU_QEMU_BUILD" -j"$(nproc)" qemu-system-x86_64 2>&1 | tee "$log" |
        { local last=$SECONDS line
          while IFS= read -r line; do
              if (( SECONDS - last >= 5 )); then
                  last=$SECONDS
                  printf '[amdgpu-emu]   build: %ds  %s\n' $((SECONDS - start)) "${line:0:100}" >&2
              fi
          done; }; then
        grep -A20 '^FAILED:' "$log" | head -n 60 >&2 || tail -n 40 "$log" >&2
        aemu_die "building QEMU failed (full log: $log)"
    fi
    # (QEMU always regenerates qemu-version.h, so ninja is never idle.)
    if grep -q 'Linking target qemu-system-x86_64' "$log"; then
        aemu_log "build done in $((SECONDS - start))s"
    else
        aemu_log "qemu-system-x86_64 is up to date"
    fi
}
build_qemu

[ -x "$AEMU_QEMU" ] || aemu_die "ninja succeeded but $AEMU_QEMU is missing"
devices=$("$AEMU_QEMU" "${FIRMWARE_PATHS[@]}" -device help 2>&1) ||
    aemu_die "$AEMU_QEMU does not run: $devices"
grep -q '^name "amdgpu-emu"' <<<"$devices" ||
    aemu_die "$AEMU_QEMU was built without the amdgpu-emu device (check hw/amdgpu-emu/Kconfig and $DEVICE_SET.mak)"

# ---------------------------------------------------------------------------
# 5. Where it is and how to run it.

aemu_log "QEMU $QEMU_VERSION with amdgpu-emu: $AEMU_QEMU"
aemu_log "run it through scripts/qemu.sh, which adds the firmware paths a non-installed binary needs, e.g.:"
aemu_log "  scripts/qemu.sh -nodefaults -machine q35 -accel tcg -m 2G -display none -serial stdio \\"
aemu_log "      -kernel <bzImage> -append console=ttyS0 -device amdgpu-emu -trace 'amdgpu_emu_*'"
aemu_log "or directly: $AEMU_QEMU ${FIRMWARE_PATHS[*]} ..."
