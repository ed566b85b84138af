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
# and a third archive that is not in initramfs.img:
#   mesa     RADV (Mesa's Vulkan driver), the Vulkan loader and vulkaninfo
#            with their shared libraries, from Debian packages; cached;
#            scripts/run-guest.sh appends it for the plans that need it.
# Output: $AEMU_GUEST_OUT/{vmlinuz,initramfs.img,guest.env}; guest.env names
# the mesa archive in the cache.
#
# Environment:
#   AMDGPU_EMU_FIRMWARE       firmware tree to use instead of $AEMU_FIRMWARE
#                             (must contain lib/firmware/)
#   AMDGPU_EMU_GUEST_MODULES  extra kernel modules to carry (space-separated)
#   AMDGPU_EMU_KERNEL_SUITE   apt suite of linux-image-amd64 (bookworm-backports)
#   AMDGPU_EMU_MESA_SUITE     apt suite of the mesa archive's packages (default:
#                             apt's candidates, i.e. bookworm with its updates)
set -euo pipefail
. "$(dirname "$0")/lib/common.sh"
. "$AEMU_ROOT/scripts/lib/guest.sh"

# Bump when the layout of the base archive changes.
BASE_FORMAT=1
SUITE=${AMDGPU_EMU_KERNEL_SUITE:-bookworm-backports}
FIRMWARE_TREE=${AMDGPU_EMU_FIRMWARE:-$AEMU_FIRMWARE}
ZSTD_BASE_LEVEL=9
ZSTD_PROJECT_LEVEL=3
# Bump when the layout of the mesa archive changes.
MESA_FORMAT=2
MESA_SUITE=${AMDGPU_EMU_MESA_SUITE:-}
ZSTD_MESA_LEVEL=3

usage() {
    sed -n '3,24p' "$0" | sed 's/^# \{0,1\}//'
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

mkdir -p "$AEMU_GUEST_CACHE"/{debs,kernel,base,mesa/debs,tmp} "$AEMU_GUEST_OUT"
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

# --- 3. Mesa archive: RADV, the Vulkan loader, vulkaninfo (cached) ---
#
# Not in initramfs.img: run-guest.sh appends it only for the plans that say
# "# aemu-needs: mesa" (the vulkan plans). Debian's RADV links libLLVM-15
# (117 MB) even when ACO compiles, and through it libz3, libxml2 and ICU:
# the closure is 183 MB of libraries, 62 MB as zstd -3. Unpacking that in
# every boot cost each plan 1.5-3 s under TCG (init reached at 6.6-7.9 s
# instead of 5.2 s), and a disk image would need virtio-blk, ext4 and a
# mount in the guest for a saving of about a second on the Vulkan boots
# only. Packages are downloaded, never installed on the host: the library
# closure of the roots' Depends (library packages only; the guest already
# carries the host's C library, which the guest programs use), extracted,
# and only the files ldd says the roots load go into the archive.
MESA_ROOTS="mesa-vulkan-drivers libvulkan1 vulkan-tools"
# What the archive carries besides the ELF closure of these files.
MESA_ELF_ROOTS="usr/lib/x86_64-linux-gnu/libvulkan_radeon.so
    usr/lib/x86_64-linux-gnu/libvulkan.so.1 usr/bin/vulkaninfo"
MESA_DATA="usr/share/vulkan/icd.d/radeon_icd.x86_64.json usr/share/drirc.d"

# mesa_resolve: "package=version" lines of the roots and their library
# dependencies, the versions apt would install (bookworm's Mesa 22.3.6 with
# LLVM 15: bookworm-backports is never a candidate unless pinned so), or
# those of $MESA_SUITE. Prints nothing if apt cannot resolve them.
mesa_resolve() {
    local todo="$MESA_ROOTS" seen=" " out="" next p
    while [ -n "$todo" ]; do
        next=""
        for p in $todo; do
            case $seen in *" $p "*) continue ;; esac
            seen="$seen$p "
        done
        # One apt-cache call per level: "pkg version dep dep ...".
        out=$(apt-cache show --no-all-versions $(for p in $todo; do echo "$p${MESA_SUITE:+/$MESA_SUITE}"; done) \
                  2>/dev/null | awk '
            /^Package: / { pkg = $2 }
            /^Version: / { ver = $2 }
            /^(Pre-)?Depends: / {
                sub(/^[^:]*: /, ""); n = split($0, d, ",")
                for (i = 1; i <= n; i++) {
                    x = d[i]; sub(/\|.*/, "", x); gsub(/^ +| +$/, "", x)
                    sub(/[ :(].*/, "", x); deps = deps " " x
                }
            }
            /^$/ { if (pkg != "") print pkg, ver deps; pkg = ""; deps = "" }
            END { if (pkg != "") print pkg, ver deps }') || return 0
        [ "$(printf '%s\n' "$out" | grep -c .)" -ge "$(echo $todo | wc -w)" ] || return 0
        printf '%s\n' "$out" | awk '{print $1 "=" $2}'
        for p in $(printf '%s\n' "$out" | cut -d' ' -f3-); do
            case $p in
                libc6) ;;
                lib*|zlib1g) case $seen in *" $p "*) ;; *) next="$next $p" ;; esac ;;
            esac
        done
        todo=$(echo $next | tr ' ' '\n' | sort -u | tr '\n' ' ')
        todo=${todo% }
    done
}

mesa_dir="$AEMU_GUEST_CACHE/mesa"
mesa_current="$mesa_dir/current"
mesa_pkgs=$(mesa_resolve | sort -u)
mesa=""
if [ -n "$mesa_pkgs" ]; then
    mesa_key=$(printf '%s\n' "$MESA_FORMAT" "$ZSTD_MESA_LEVEL" "$mesa_pkgs" | sha256sum | cut -c1-16)
    mesa="$mesa_dir/mesa-$mesa_key.cpio.zst"
fi
if [ -n "$mesa" ] && [ ! -f "$mesa" ]; then
    # Download what is not in the cache yet.
    missing=()
    for pv in $mesa_pkgs; do
        p=${pv%%=*} v=${pv#*=}
        compgen -G "$mesa_dir/debs/${p}_${v//:/%3a}_*.deb" >/dev/null || missing+=("$pv")
    done
    if [ ${#missing[@]} -gt 0 ]; then
        rm -f "$AEMU_GUEST_CACHE"/tmp/*.deb
        mesa_download() { cd "$AEMU_GUEST_CACHE/tmp" && apt-get download "${missing[@]}"; }
        if (aemu_step "download ${#missing[@]} Mesa and Vulkan packages" mesa_download); then
            mv "$AEMU_GUEST_CACHE"/tmp/*.deb "$mesa_dir/debs/"
        else
            mesa=""
        fi
    fi
fi
if [ -n "$mesa" ] && [ ! -f "$mesa" ]; then
    mroot="$AEMU_GUEST_CACHE/tmp/mesa-root" mstage="$AEMU_GUEST_CACHE/tmp/mesa"
    rm -rf "$mroot" "$mstage"
    mkdir -p "$mroot" "$mstage"
    aemu_log "extract $(echo $mesa_pkgs | wc -w) Mesa and Vulkan packages"
    for pv in $mesa_pkgs; do
        p=${pv%%=*} v=${pv#*=}
        dpkg-deb -x "$(compgen -G "$mesa_dir/debs/${p}_${v//:/%3a}_*.deb" | head -n 1)" "$mroot"
    done
    # ldd finds the extracted libraries first, the host's C library after.
    libs=$(cd "$mroot" && LD_LIBRARY_PATH="$mroot/usr/lib/x86_64-linux-gnu:$mroot/lib/x86_64-linux-gnu" \
               aemu_elf_libs $MESA_ELF_ROOTS) ||
        aemu_die "the Mesa packages miss libraries (above): a dependency the closure of $MESA_ROOTS did not bring"
    for f in $MESA_ELF_ROOTS $MESA_DATA; do
        [ -e "$mroot/$f" ] || aemu_die "$f is not in the Mesa packages"
        mkdir -p "$mstage/$(dirname "$f")"
        cp -RL "$mroot/$f" "$mstage/$f"
    done
    for lib in $libs; do
        dest=${lib#"$mroot"}
        mkdir -p "$mstage$(dirname "$dest")"
        cp -L "$lib" "$mstage$dest"
    done
    aemu_log "compress the mesa archive ($(du -sh "$mstage" | cut -f1) raw)"
    aemu_cpio_dir "$mstage" | zstd -q -T0 -"$ZSTD_MESA_LEVEL" -o "$mesa.tmp" -f
    mv "$mesa.tmp" "$mesa"
    printf '%s\n' $mesa_pkgs >"${mesa%.cpio.zst}.packages"
    rm -rf "$mroot" "$mstage"
    # Keep only the archive in use and its packages.
    find "$mesa_dir" -maxdepth 1 -name 'mesa-*' ! -name "mesa-$mesa_key.*" -delete
    for deb in "$mesa_dir"/debs/*.deb; do
        printf '%s\n' $mesa_pkgs | awk -F= -v b="${deb##*/}" '
            { v = $2; gsub(/:/, "%3a", v); if (index(b, $1 "_" v "_") == 1) f = 1 }
            END { exit !f }' || rm -f "$deb"
    done
fi
if [ -n "$mesa" ] && [ -f "$mesa" ]; then
    echo "${mesa##*/}" >"$mesa_current"
elif [ -f "$mesa_current" ] && [ -f "$mesa_dir/$(cat "$mesa_current")" ]; then
    mesa="$mesa_dir/$(cat "$mesa_current")"
    aemu_log "warning: cannot resolve or download $MESA_ROOTS; using the cached ${mesa##*/}"
else
    aemu_die "cannot resolve or download $MESA_ROOTS${MESA_SUITE:+ from $MESA_SUITE}: run 'apt-get update' and retry"
fi
aemu_log "mesa archive: ${mesa##*/} ($(du -h "$mesa" | cut -f1)):" \
    "$(grep -E '^(mesa-vulkan-drivers|libllvm15)=' "${mesa%.cpio.zst}.packages" | tr '\n' ' ')"

# --- 4. Project archive: firmware, guest-tests, guest programs (every run) ---

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

# --- 5. Output ---

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
AEMU_GUEST_MESA='$mesa'
ENV

aemu_log "guest ready in $((SECONDS - start))s: $AEMU_GUEST_OUT/vmlinuz ($krelease)," \
    "initramfs.img $(du -h "$AEMU_GUEST_OUT/initramfs.img" | cut -f1)" \
    "(base $(du -h "$base" | cut -f1), ${#programs[@]} guest programs)"
