#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-or-later
# Build the guest that scripts/run-guest.sh boots: the Debian bookworm-backports
# kernel (vmlinuz) and an initramfs made of two concatenated compressed cpio
# archives:
#   base     kernel modules (closure of amdgpu + radeon, decompressed), busybox
#            and /dev/console; cached, rebuilt only when the kernel, busybox
#            or the module list change;
#   project  stub firmware, guest-tests/ scripts, guest programs built by meson
#            and their shared libraries; rebuilt on every run (a second or so).
# Output: $AEMU_GUEST_OUT/{vmlinuz,initramfs.img,guest.env}.
#
# Environment:
#   AMDGPU_EMU_FIRMWARE       firmware tree to use instead of $AEMU_FIRMWARE
#                             (must contain lib/firmware/)
#   AMDGPU_EMU_GUEST_MODULES  extra kernel modules to carry (space-separated)
#   AMDGPU_EMU_KERNEL_SUITE   apt suite of linux-image-amd64 (bookworm-backports)
set -euo pipefail
. "$(dirname "$0")/lib/common.sh"
. "$AEMU_ROOT/scripts/lib/guest.sh"

# Bump when the layout of the base archive changes.
BASE_FORMAT=1
SUITE=${AMDGPU_EMU_KERNEL_SUITE:-bookworm-backports}
FIRMWARE_TREE=${AMDGPU_EMU_FIRMWARE:-$AEMU_FIRMWARE}
ZSTD_BASE_LEVEL=9
ZSTD_PROJECT_LEVEL=3

usage() {
    sed -n '3,18p' "$0" | sed 's/^# \{0,1\}//'
    exit "${1:-0}"
}
case ${1:-} in
    -h|--help) usage 0 ;;
    "") ;;
    *) echo "unknown argument: $1" >&2; usage 2 ;;
esac

start=$SECONDS
for tool in apt-get apt-cache dpkg-deb dpkg-query depmod cpio xz zstd ldd flock; do
    command -v "$tool" >/dev/null ||
        aemu_die "$tool not found: run scripts/bootstrap.sh first"
done
BUSYBOX=/bin/busybox
[ -x "$BUSYBOX" ] && dpkg-query -W -f='${Status}' busybox-static 2>/dev/null |
    grep -q 'install ok installed' ||
    aemu_die "busybox-static is not installed: run scripts/bootstrap.sh first"

# Fail early, before any download, if the project's pieces are missing.
[ -d "$FIRMWARE_TREE/lib/firmware" ] ||
    aemu_die "stub firmware tree $FIRMWARE_TREE/lib/firmware not found: run meson first (meson setup build && meson compile -C build)"
[ -f "$AEMU_ROOT/guest-tests/init" ] || aemu_die "guest-tests/init missing from the checkout"

mkdir -p "$AEMU_GUEST_CACHE"/{debs,kernel,base,tmp} "$AEMU_GUEST_OUT"
exec 9>"$AEMU_GUEST_CACHE/.lock"
flock -n 9 || { aemu_log "another build-guest is running; waiting"; flock 9; }

# --- 1. Kernel package: resolve the metapackage, download, extract, depmod ---

# The concrete linux-image-<release> package and version the metapackage of
# $SUITE depends on ("linux-image-6.12.95+deb12-amd64 6.12.95-1~bpo12+1").
resolve_kernel() {
    apt-cache show "linux-image-amd64/$SUITE" 2>/dev/null |
        awk -F': ' '$1 == "Depends" {print $2; exit}' | tr ',' '\n' |
        sed -n 's/^ *\(linux-image-[^ ]*\) *(= *\([^)]*\)).*/\1 \2/p' | head -n 1
}

# prepare_kernel PKG VERSION: download and extract into $AEMU_GUEST_CACHE/kernel
# unless already there; sets download_failed=1 if the download fails.
download_failed=0
prepare_kernel() {
    local pkg=$1 ver=$2 release=${1#linux-image-} tree deb old
    tree="$AEMU_GUEST_CACHE/kernel/$release-$ver"
    [ -f "$tree/.done" ] && return 0
    deb="$AEMU_GUEST_CACHE/debs/${pkg}_${ver//:/%3a}_amd64.deb"
    if [ ! -f "$deb" ]; then
        rm -f "$AEMU_GUEST_CACHE"/tmp/*.deb
        download() { cd "$AEMU_GUEST_CACHE/tmp" && apt-get download "$pkg=$ver"; }
        (aemu_step "download $pkg" download) || { download_failed=1; return 0; }
        mv "$AEMU_GUEST_CACHE/tmp/${deb##*/}" "$deb"
        # Keep only the package in use.
        find "$AEMU_GUEST_CACHE/debs" -name 'linux-image-*.deb' ! -path "$deb" -delete
    fi
    rm -rf "$tree.tmp"
    mkdir -p "$tree.tmp"
    # Short steps (about 3 s and 6 s): no progress needed.
    aemu_log "extract $pkg"
    dpkg-deb -x "$deb" "$tree.tmp"
    # The package ships no modules.dep.
    aemu_log "depmod $release"
    depmod -b "$tree.tmp" "$release"
    [ -f "$tree.tmp/boot/vmlinuz-$release" ] || aemu_die "no boot/vmlinuz-$release in $deb"
    touch "$tree.tmp/.done"
    rm -rf "$tree"
    mv "$tree.tmp" "$tree"
    # Older extracted kernels are no longer needed.
    for old in "$AEMU_GUEST_CACHE"/kernel/*/; do
        old=${old%/}
        [ "$old" = "$tree" ] || rm -rf "$old"
    done
}

current="$AEMU_GUEST_CACHE/kernel/current"
resolved=$(resolve_kernel)
[ -z "$resolved" ] || prepare_kernel $resolved
if [ -n "$resolved" ] && [ "$download_failed" = 0 ]; then
    read -r kpkg kver_pkg <<<"$resolved"
elif [ -f "$current" ] && read -r kpkg kver_pkg _ <"$current" &&
     [ -f "$AEMU_GUEST_CACHE/kernel/${kpkg#linux-image-}-$kver_pkg/.done" ]; then
    aemu_log "warning: ${resolved:-linux-image-amd64/$SUITE} not available; using the cached $kpkg $kver_pkg"
elif [ -z "$resolved" ]; then
    aemu_die "cannot resolve linux-image-amd64 in $SUITE: is the suite in the apt sources (scripts/bootstrap.sh) and 'apt-get update' done?"
else
    aemu_die "apt-get download $resolved failed: run 'apt-get update' and retry"
fi
krelease=${kpkg#linux-image-}           # uname -r, e.g. 6.12.95+deb12-amd64
ktree="$AEMU_GUEST_CACHE/kernel/$krelease-$kver_pkg"
echo "$kpkg $kver_pkg $krelease" >"$current"
aemu_log "guest kernel: $kpkg $kver_pkg"

# --- 2. Base archive: modules + busybox + /dev/console (cached) ---

busybox_ver=$(dpkg-query -W -f='${Version}' busybox-static)
base_key=$(printf '%s\n' "$BASE_FORMAT" "$kpkg" "$kver_pkg" "$busybox_ver" \
               "$(echo $AEMU_GUEST_MODULE_ROOTS)" "$ZSTD_BASE_LEVEL" |
           sha256sum | cut -c1-16)
base="$AEMU_GUEST_CACHE/base/base-$base_key.cpio.zst"

base_modules="$AEMU_GUEST_CACHE/base/base-$base_key.modules"
if [ ! -f "$base" ]; then
    bstage="$AEMU_GUEST_CACHE/tmp/base"
    rm -rf "$bstage"
    mkdir -p "$bstage"/{bin,sbin,usr/bin,usr/sbin,lib/firmware,lib64,proc,sys,tmp,run,etc/modprobe.d,root,mnt}
    aemu_log "module closure of: $(echo $AEMU_GUEST_MODULE_ROOTS)"
    aemu_stage_modules "$ktree" "$krelease" "$bstage" $AEMU_GUEST_MODULE_ROOTS \
        >"$base_modules.tmp"
    aemu_log "modules: $(wc -l <"$base_modules.tmp") ($(du -sh "$bstage/lib/modules" | cut -f1) raw):" \
        "$(tr '\n' ' ' <"$base_modules.tmp")"
    cp "$BUSYBOX" "$bstage/bin/busybox"
    for applet in $("$BUSYBOX" --list-full); do
        [ -e "$bstage/$applet" ] || ln -s /bin/busybox "$bstage/$applet"
    done
    # About a second at level 9 (level 19 saves 1 MB for 20 s more).
    aemu_log "compress base initramfs"
    { aemu_devnodes_cpio; aemu_cpio_dir "$bstage"; } |
        zstd -q -T0 -"$ZSTD_BASE_LEVEL" -o "$base.tmp" -f
    mv "$base.tmp" "$base"
    mv "$base_modules.tmp" "$base_modules"
    rm -rf "$bstage"
    find "$AEMU_GUEST_CACHE/base" -name 'base-*' ! -name "base-$base_key.*" -delete
fi

# --- 3. Project archive: firmware, guest-tests, guest programs (every run) ---

stage="$AEMU_GUEST_CACHE/tmp/project"
rm -rf "$stage"
mkdir -p "$stage/lib/firmware" "$stage/tests/bin"

cp -a "$FIRMWARE_TREE/lib/firmware/." "$stage/lib/firmware/"
# Debian's radeon patch refuses R600+ parts unless this directory exists.
mkdir -p "$stage/lib/firmware/radeon" "$stage/lib/firmware/amdgpu"

# Guest-side scripts: everything in guest-tests/ except sources and build files.
(cd "$AEMU_ROOT/guest-tests" &&
    find . -type f ! -name '*.[ch]' ! -name 'meson.build' ! -name 'meson_options.txt' \
        ! -name '*.md' ! -name '.*' -print0 |
    cpio --quiet -0 -pdm "$stage/tests")
install -m 0755 "$AEMU_ROOT/guest-tests/init" "$stage/init"

# Guest programs built by meson, and their shared-library closure.
programs=()
if [ -d "$AEMU_BUILD/guest-tests" ]; then
    while IFS= read -r -d '' prog; do
        cp "$prog" "$stage/tests/bin/"
        programs+=("$prog")
    done < <(find "$AEMU_BUILD/guest-tests" \( -name '*.p' -o -name 'meson-*' \) -prune -o \
                 -type f -perm -u+x -print0 | sort -z)
fi
if [ ${#programs[@]} -gt 0 ]; then
    libs=$(aemu_elf_libs "${programs[@]}") || aemu_die "a guest program has unresolved libraries"
    for lib in $libs; do
        mkdir -p "$stage$(dirname "$lib")"
        cp -L "$lib" "$stage$lib"
    done
    # libdrm_amdgpu reads the marketing-name table at run time: the one of
    # the libdrm that scripts/build-libdrm-tests.sh linked into its programs,
    # else the system's for programs using the shared library.
    ids=""
    if [ -f "$AEMU_BUILD/guest-tests/amdgpu.ids" ]; then
        ids="$AEMU_BUILD/guest-tests/amdgpu.ids"
    elif grep -q libdrm_amdgpu <<<"$libs" && [ -f /usr/share/libdrm/amdgpu.ids ]; then
        ids=/usr/share/libdrm/amdgpu.ids
    fi
    if [ -n "$ids" ]; then
        mkdir -p "$stage/usr/share/libdrm"
        cp "$ids" "$stage/usr/share/libdrm/amdgpu.ids"
    fi
fi

project="$AEMU_GUEST_CACHE/tmp/project.cpio.zst"
aemu_cpio_dir "$stage" | zstd -q -T0 -"$ZSTD_PROJECT_LEVEL" -o "$project" -f
rm -rf "$stage"

# --- 4. Output ---

if ! cmp -s "$ktree/boot/vmlinuz-$krelease" "$AEMU_GUEST_OUT/vmlinuz"; then
    cp "$ktree/boot/vmlinuz-$krelease" "$AEMU_GUEST_OUT/vmlinuz.tmp"
    mv "$AEMU_GUEST_OUT/vmlinuz.tmp" "$AEMU_GUEST_OUT/vmlinuz"
fi
cp "$ktree/boot/config-$krelease" "$AEMU_GUEST_OUT/config"
cat "$base" "$project" >"$AEMU_GUEST_OUT/initramfs.img.tmp"
mv "$AEMU_GUEST_OUT/initramfs.img.tmp" "$AEMU_GUEST_OUT/initramfs.img"
rm -f "$project"

# Facts run-guest.sh needs (--modules overlays are built against this tree).
cat >"$AEMU_GUEST_OUT/guest.env" <<ENV
# Written by scripts/build-guest.sh; read by scripts/run-guest.sh.
AEMU_GUEST_KPKG='$kpkg'
AEMU_GUEST_KPKG_VERSION='$kver_pkg'
AEMU_GUEST_KRELEASE='$krelease'
AEMU_GUEST_KTREE='$ktree'
AEMU_GUEST_MODULE_ROOTS='$(echo $AEMU_GUEST_MODULE_ROOTS)'
ENV

aemu_log "guest ready in $((SECONDS - start))s: $AEMU_GUEST_OUT/vmlinuz ($krelease)," \
    "initramfs.img $(du -h "$AEMU_GUEST_OUT/initramfs.img" | cut -f1)" \
    "(base $(du -h "$base" | cut -f1), ${#programs[@]} guest programs)"
