#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-or-later
# Build the guest that scripts/run-guest.sh boots: the Debian bookworm-backports
# kernel (vmlinuz) and an initramfs made of two concatenated compressed cpio
# archives:
#   base     kernel modules (closure of amdgpu + radeon, decompressed), busybox
#            and /dev/console; cached, rebuilt only when the kernel, busybox
#            or the module list change;
#   project  stub firmware, guest-tests/ scripts, guest programs built by meson
#            and their shared libraries, and the GPU code objects meson
#            assembled (/usr/lib/aemu/*.hsaco); rebuilt on every run (a second
#            or so).
# and two more archives that are not in initramfs.img:
#   mesa     RADV (Mesa's Vulkan driver), the Vulkan loader and vulkaninfo
#            with their shared libraries, from Debian packages; cached;
#            scripts/run-guest.sh appends it for the plans that need it;
#   opencl   clover (Mesa's OpenCL on radeonsi), libclc, the OpenCL ICD
#            loader and clinfo: what they need beyond the mesa archive,
#            which a plan needing opencl also carries; cached;
#   rocm     ROCm's user space for KFD: rocminfo, the HSA runtime (ROCr)
#            and the thunk (libhsakmt) with their shared libraries and
#            libdrm's marketing-name table; cached, standalone.
# Output: $AEMU_GUEST_OUT/{vmlinuz,initramfs.img,guest.env}; guest.env names
# the mesa, opencl and rocm archives in the cache.
#
# Environment:
#   AMDGPU_EMU_FIRMWARE       firmware tree to use instead of $AEMU_FIRMWARE
#                             (must contain lib/firmware/)
#   AMDGPU_EMU_GUEST_MODULES  extra kernel modules to carry (space-separated)
#   AMDGPU_EMU_KERNEL_SUITE   apt suite of linux-image-amd64 (bookworm-backports)
#   AMDGPU_EMU_MESA_SUITE     apt suite of the mesa, opencl and rocm archives'
#                             packages (default: apt's candidates, i.e.
#                             bookworm with its updates)
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
    sed -n '3,28p' "$0" | sed 's/^# \{0,1\}//'
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

# --- 3. Archives of Debian user space: mesa and opencl (cached) ---
#
# Not in initramfs.img: run-guest.sh appends them only for the plans that
# ask ("# aemu-needs: mesa" for the vulkan plans, "mesa opencl" for the
# OpenCL one). Debian's RADV links libLLVM-15 (117 MB) even when ACO
# compiles, and through it libz3, libxml2 and ICU: the closure is 183 MB of
# libraries, 62 MB as zstd -3. Unpacking that in every boot cost each plan
# 1.5-3 s under TCG (init reached at 6.6-7.9 s instead of 5.2 s), and a disk
# image would need virtio-blk, ext4 and a mount in the guest for a saving of
# about a second on the Vulkan boots only. Packages are downloaded, never
# installed on the host: the library closure of the roots' Depends (library
# packages only; the guest already carries the host's C library, which the
# guest programs use), extracted, and only the files ldd says the roots load
# go into an archive, with the data files listed.
#
# mesa: RADV, the Vulkan loader and vulkaninfo.
MESA_ROOTS="mesa-vulkan-drivers libvulkan1 vulkan-tools"
MESA_ELF_ROOTS="usr/lib/x86_64-linux-gnu/libvulkan_radeon.so
    usr/lib/x86_64-linux-gnu/libvulkan.so.1 usr/bin/vulkaninfo"
MESA_DATA="usr/share/vulkan/icd.d/radeon_icd.x86_64.json usr/share/drirc.d"
# opencl: clover (Mesa's OpenCL state tracker on radeonsi, which compiles
# OpenCL C with libclang-cpp and LLVM at run time), the ICD loader and
# clinfo. It only carries what the mesa archive does not (libLLVM-15 and
# its closure are most of both): a plan that needs it also needs mesa.
# Clover links radeonsi's code in with libclc's amdgcn bitcode: the gfx7
# and gfx9 names (hawaii-, gfx900-) are symbolic links to the tahiti one,
# and libclc's headers (clc/clc.h, which clover includes in every
# program). Only mesa.icd is carried, not rusticl.icd, so the loader sees
# one platform.
OPENCL_FORMAT=1
OPENCL_ROOTS="mesa-opencl-icd ocl-icd-libopencl1 clinfo"
OPENCL_ELF_ROOTS="usr/lib/x86_64-linux-gnu/libMesaOpenCL.so.1
    usr/lib/x86_64-linux-gnu/gallium-pipe/pipe_radeonsi.so
    usr/lib/x86_64-linux-gnu/libOpenCL.so.1 usr/bin/clinfo"
OPENCL_DATA="etc/OpenCL/vendors/mesa.icd usr/lib/clc/tahiti-amdgcn-mesa-mesa3d.bc
    usr/lib/clc/hawaii-amdgcn-mesa-mesa3d.bc usr/lib/clc/gfx900-amdgcn-mesa-mesa3d.bc
    usr/include/clc"
# rocm: rocminfo 5.2.3 and what it loads (libhsa-runtime64, libhsakmt,
# libdrm_amdgpu, libnuma, libelf, the C++ runtime). Standalone: it shares
# no big library with mesa. libdrm-common is a root for its data file only:
# libhsakmt asks libdrm_amdgpu for the agent's marketing name, which reads
# amdgpu.ids at run time.
ROCM_FORMAT=1
ROCM_ROOTS="rocminfo libhsa-runtime64-1 libhsakmt1 libdrm-common"
ROCM_ELF_ROOTS="usr/bin/rocminfo usr/lib/x86_64-linux-gnu/libhsa-runtime64.so.1
    usr/lib/x86_64-linux-gnu/libhsakmt.so.1 usr/lib/x86_64-linux-gnu/libdrm_amdgpu.so.1"
ROCM_DATA="usr/share/libdrm/amdgpu.ids"
# hip: the HIP runtime (libamdhip64 5.2.3, ROCclr on ROCr) and the code
# object manager it loads at run time (libamd_comgr, on libLLVM-15). It
# carries what the mesa and rocm archives do not (LLVM and its closure are
# the mesa archive's): a plan that needs it also needs mesa and rocm.
HIP_FORMAT=1
HIP_ROOTS="libamdhip64-5 libamd-comgr2"
HIP_ELF_ROOTS="usr/lib/x86_64-linux-gnu/libamdhip64.so.5
    usr/lib/x86_64-linux-gnu/libamd_comgr.so.2"
HIP_DATA=""
# The archives' packages share one download cache.
debs_dir="$AEMU_GUEST_CACHE/mesa/debs"
mkdir -p "$AEMU_GUEST_CACHE/opencl" "$AEMU_GUEST_CACHE/rocm" "$AEMU_GUEST_CACHE/hip"

# deb_resolve ROOTS...: "package=version" lines of the roots and their
# library dependencies, the versions apt would install (bookworm's Mesa
# 22.3.6 with LLVM 15: bookworm-backports is never a candidate unless
# pinned so), or those of $MESA_SUITE. Prints nothing if apt cannot
# resolve them.
deb_resolve() {
    local todo="$*" seen=" " out="" next p
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

# deb_file PKG=VERSION: the cached .deb of that version, if any.
deb_file() {
    local p=${1%%=*} v=${1#*=}
    compgen -G "$debs_dir/${p}_${v//:/%3a}_*.deb" | head -n 1
}

# build_archive NAME KEY PKGS ELF_ROOTS DATA [BESIDE]: make sure
# $AEMU_GUEST_CACHE/NAME/NAME-KEY.cpio.zst exists (download the missing
# packages, extract, stage the ELF roots with their ldd closure and the
# data paths, compress) and set $archive to it, or to "" if a download
# failed. BESIDE is an archive always appended before this one: files it
# carries are left out. ELF roots are copied dereferenced, data as they
# are (symbolic links stay links).
build_archive() {
    local name=$1 key=$2 pkgs=$3 elf_roots=$4 data=$5 beside=${6:-}
    local dir="$AEMU_GUEST_CACHE/$name" pv missing=() root stage libs lib dest f skip
    archive="$dir/$name-$key.cpio.zst"
    [ -f "$archive" ] && return 0
    for pv in $pkgs; do
        [ -n "$(deb_file "$pv")" ] || missing+=("$pv")
    done
    if [ ${#missing[@]} -gt 0 ]; then
        rm -f "$AEMU_GUEST_CACHE"/tmp/*.deb
        deb_download() { cd "$AEMU_GUEST_CACHE/tmp" && apt-get download "${missing[@]}"; }
        if (aemu_step "download ${#missing[@]} packages for the $name archive" deb_download); then
            mv "$AEMU_GUEST_CACHE"/tmp/*.deb "$debs_dir/"
        else
            archive=""
            return 0
        fi
    fi
    root="$AEMU_GUEST_CACHE/tmp/$name-root" stage="$AEMU_GUEST_CACHE/tmp/$name"
    rm -rf "$root" "$stage"
    mkdir -p "$root" "$stage"
    aemu_log "extract $(echo $pkgs | wc -w) packages for the $name archive"
    for pv in $pkgs; do
        dpkg-deb -x "$(deb_file "$pv")" "$root"
    done
    # ldd finds the extracted libraries first, the host's C library after.
    libs=$(cd "$root" && LD_LIBRARY_PATH="$root/usr/lib/x86_64-linux-gnu:$root/lib/x86_64-linux-gnu" \
               aemu_elf_libs $elf_roots) ||
        aemu_die "the packages of the $name archive miss libraries (above): a dependency the closure did not bring"
    skip=" "
    if [ -n "$beside" ]; then
        # The other archive's paths ("usr/lib/..."), made absolute.
        skip=" $(zstd -dc "$beside" | cpio -it --quiet 2>/dev/null | sed 's,^\./,,; s,^,/,' | tr '\n' ' ')"
    fi
    for f in $elf_roots $data; do
        [ -e "$root/$f" ] || aemu_die "$f is not in the packages of the $name archive"
        mkdir -p "$stage/$(dirname "$f")"
    done
    for f in $elf_roots; do cp -RL "$root/$f" "$stage/$f"; done
    for f in $data; do cp -RP "$root/$f" "$stage/$f"; done
    for lib in $libs; do
        dest=${lib#"$root"}
        case $skip in *" $dest "*) continue ;; esac
        mkdir -p "$stage$(dirname "$dest")"
        cp -L "$lib" "$stage$dest"
    done
    aemu_log "compress the $name archive ($(du -sh "$stage" | cut -f1) raw)"
    aemu_cpio_dir "$stage" | zstd -q -T0 -"$ZSTD_MESA_LEVEL" -o "$archive.tmp" -f
    mv "$archive.tmp" "$archive"
    printf '%s\n' $pkgs >"${archive%.cpio.zst}.packages"
    rm -rf "$root" "$stage"
    # Keep only the archive in use.
    find "$dir" -maxdepth 1 -name "$name-*" ! -name "$name-$key.*" -delete
}

# use_archive NAME ROOTS: after build_archive, record the archive in use in
# NAME/current, or fall back to the one recorded there when apt could not
# resolve or download; sets $archive.
use_archive() {
    local name=$1 roots=$2 dir="$AEMU_GUEST_CACHE/$1"
    if [ -n "$archive" ] && [ -f "$archive" ]; then
        echo "${archive##*/}" >"$dir/current"
    elif [ -f "$dir/current" ] && [ -f "$dir/$(cat "$dir/current")" ]; then
        archive="$dir/$(cat "$dir/current")"
        aemu_log "warning: cannot resolve or download $roots; using the cached ${archive##*/}"
    else
        aemu_die "cannot resolve or download $roots${MESA_SUITE:+ from $MESA_SUITE}: run 'apt-get update' and retry"
    fi
}

# The mesa archive's key is what it was before the opencl archive came, so
# an existing cache stays valid.
mesa_pkgs=$(deb_resolve $MESA_ROOTS | sort -u)
archive=""
if [ -n "$mesa_pkgs" ]; then
    build_archive mesa \
        "$(printf '%s\n' "$MESA_FORMAT" "$ZSTD_MESA_LEVEL" "$mesa_pkgs" | sha256sum | cut -c1-16)" \
        "$mesa_pkgs" "$MESA_ELF_ROOTS" "$MESA_DATA"
fi
use_archive mesa "$MESA_ROOTS"
mesa=$archive
aemu_log "mesa archive: ${mesa##*/} ($(du -h "$mesa" | cut -f1)):" \
    "$(grep -E '^(mesa-vulkan-drivers|libllvm15)=' "${mesa%.cpio.zst}.packages" | tr '\n' ' ')"

opencl_pkgs=$(deb_resolve $OPENCL_ROOTS | sort -u)
archive=""
if [ -n "$opencl_pkgs" ]; then
    build_archive opencl \
        "$(printf '%s\n' "$OPENCL_FORMAT" "$ZSTD_MESA_LEVEL" "${mesa##*/}" "$opencl_pkgs" | sha256sum | cut -c1-16)" \
        "$opencl_pkgs" "$OPENCL_ELF_ROOTS" "$OPENCL_DATA" "$mesa"
fi
use_archive opencl "$OPENCL_ROOTS"
opencl=$archive
aemu_log "opencl archive: ${opencl##*/} ($(du -h "$opencl" | cut -f1)):" \
    "$(grep -E '^(mesa-opencl-icd|libclc-15)=' "${opencl%.cpio.zst}.packages" | tr '\n' ' ')"

# The rocm archive is keyed on its packages' versions, like the others.
rocm_pkgs=$(deb_resolve $ROCM_ROOTS | sort -u)
archive=""
if [ -n "$rocm_pkgs" ]; then
    build_archive rocm \
        "$(printf '%s\n' "$ROCM_FORMAT" "$ZSTD_MESA_LEVEL" "$rocm_pkgs" | sha256sum | cut -c1-16)" \
        "$rocm_pkgs" "$ROCM_ELF_ROOTS" "$ROCM_DATA"
fi
use_archive rocm "$ROCM_ROOTS"
rocm=$archive
aemu_log "rocm archive: ${rocm##*/} ($(du -h "$rocm" | cut -f1)):" \
    "$(grep -E '^(rocminfo|libhsa-runtime64-1|libhsakmt1)=' "${rocm%.cpio.zst}.packages" | tr '\n' ' ')"

hip_pkgs=$(deb_resolve $HIP_ROOTS | sort -u)
archive=""
if [ -n "$hip_pkgs" ]; then
    build_archive hip \
        "$(printf '%s\n' "$HIP_FORMAT" "$ZSTD_MESA_LEVEL" "${mesa##*/}" "$hip_pkgs" | sha256sum | cut -c1-16)" \
        "$hip_pkgs" "$HIP_ELF_ROOTS" "$HIP_DATA" "$mesa"
fi
use_archive hip "$HIP_ROOTS"
hip=$archive
aemu_log "hip archive: ${hip##*/} ($(du -h "$hip" | cut -f1)):" \
    "$(grep -E '^(libamdhip64-5|libamd-comgr2)=' "${hip%.cpio.zst}.packages" | tr '\n' ' ')"

# Keep only the packages of the archives in use.
for deb in "$debs_dir"/*.deb; do
    [ -e "$deb" ] || continue
    cat "${mesa%.cpio.zst}.packages" "${opencl%.cpio.zst}.packages" \
        "${rocm%.cpio.zst}.packages" "${hip%.cpio.zst}.packages" | awk -F= -v b="${deb##*/}" '
        { v = $2; gsub(/:/, "%3a", v); if (index(b, $1 "_" v "_") == 1) f = 1 }
        END { exit !f }' || rm -f "$deb"
done

# --- 4. Project archive: firmware, guest-tests, guest programs (every run) ---

stage="$AEMU_GUEST_CACHE/tmp/project"
rm -rf "$stage"
mkdir -p "$stage/lib/firmware" "$stage/tests/bin"

cp -a "$FIRMWARE_TREE/lib/firmware/." "$stage/lib/firmware/"
# Debian's radeon patch refuses R600+ parts unless this directory exists.
mkdir -p "$stage/lib/firmware/radeon" "$stage/lib/firmware/amdgpu"

# Guest-side scripts: everything in guest-tests/ except sources and build files.
(cd "$AEMU_ROOT/guest-tests" &&
    find . -type f ! -name '*.[chs]' ! -name '*.hip' ! -name 'meson.build' ! -name 'meson_options.txt' \
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
                 -type f -perm -u+x ! -name '*.hsaco' ! -name '*.so' -print0 | sort -z)
    # GPU code objects (ld.lld marks them executable; they are not host
    # programs): where aemu-hsa-compute looks for its kernels. Preload
    # libraries (kfd-nocwsr.c) go there too.
    while IFS= read -r -d '' co; do
        install -D -m 0644 "$co" "$stage/usr/lib/aemu/${co##*/}"
    done < <(find "$AEMU_BUILD/guest-tests" -maxdepth 1 \( -name '*.hsaco' -o -name '*.so' \) \
                 -type f -print0)
fi
if [ ${#programs[@]} -gt 0 ]; then
    libs=$(aemu_elf_libs "${programs[@]}") || aemu_die "a guest program has unresolved libraries"
    for lib in $libs; do
        # The HIP runtime (14 MB) comes with the hip archive, which every
        # plan that runs aemu-hip-compute needs: not in every boot's image.
        case ${lib##*/} in libamdhip64.so*) continue ;; esac
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
AEMU_GUEST_OPENCL='$opencl'
AEMU_GUEST_ROCM='$rocm'
AEMU_GUEST_HIP='$hip'
ENV

aemu_log "guest ready in $((SECONDS - start))s: $AEMU_GUEST_OUT/vmlinuz ($krelease)," \
    "initramfs.img $(du -h "$AEMU_GUEST_OUT/initramfs.img" | cut -f1)" \
    "(base $(du -h "$base" | cut -f1), ${#programs[@]} guest programs)"
