#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-or-later
# Make a fresh Debian 12 machine ready to build amdgpu-emu: add the
# bookworm-backports and deb-src apt entries (archive URI derived from the
# machine's own sources), then install the build and guest-image packages.
# Idempotent: a second run only checks.
set -euo pipefail
. "$(dirname "$0")/lib/common.sh"

SOURCES=/etc/apt/sources.list.d/amdgpu-emu.sources
STAMP="$AEMU_CACHE/stamps/bootstrap-v1"

# The first "main" archive URI the machine already uses (deb822 or one-line).
archive_uri() {
    local f uri=""
    for f in /etc/apt/sources.list.d/*.sources; do
        [ -f "$f" ] && [ "$f" != "$SOURCES" ] || continue
        uri=$(awk '/^URIs:/ {print $2}' "$f" | grep -v -- '-security' | head -n 1)
        [ -n "$uri" ] && break
    done
    if [ -z "$uri" ] && [ -f /etc/apt/sources.list ]; then
        uri=$(awk '$1 == "deb" && $0 !~ /security/ {for (i = 2; i <= NF; i++) if ($i ~ /:\/\//) {print $i; exit}}' /etc/apt/sources.list)
    fi
    [ -n "$uri" ] || aemu_die "no Debian archive URI found in the apt sources"
    printf '%s\n' "$uri"
}

PACKAGES=(
    # QEMU build
    build-essential pkgconf ninja-build python3-venv libglib2.0-dev
    libpixman-1-dev zlib1g-dev libfdt-dev
    # guest firmware for a non-installed QEMU binary
    seabios
    # guest image
    busybox-static kmod xz-utils cpio zstd
    # libdrm test programs (built in the guest image)
    libdrm-dev libcunit1-dev libpciaccess-dev
    # the Vulkan guest program: loader headers, and glslc to compile its
    # GLSL compute shaders to SPIR-V at build time (RADV itself is not
    # installed here: scripts/build-guest.sh downloads it for the guest)
    libvulkan-dev glslc
    # the OpenCL guest program: the ICD loader's link library and the
    # OpenCL headers (clover, which compiles its kernels at run time, is
    # not installed here either: build-guest.sh downloads it for the guest)
    ocl-icd-opencl-dev opencl-c-headers
    # the KFD guest programs: ROCm's HSA runtime and thunk headers and link
    # libraries (ROCm 5.2.3; the guest gets the libraries from
    # build-guest.sh's rocm archive), and LLVM's assembler and linker for
    # their gfx900 kernels (a code object v4)
    libhsa-runtime-dev libhsakmt-dev llvm-15 lld-15
    # the HIP guest program: hipcc (clang for gfx900 with ROCm's device
    # libraries) and the HIP runtime's headers and link library (the guest
    # gets libamdhip64 and comgr from build-guest.sh's hip archive)
    hipcc libamdhip64-dev rocm-device-libs
    # scripts/run-guest.sh: the backtrace of a QEMU that crashed
    gdb
    # source packages
    dpkg-dev
    # scripts/bench-core.sh: instructions per packet (callgrind)
    valgrind
    # scripts/timeline-summary.py: the timeline's PNG for CI logs
    python3-matplotlib
)
BACKPORTS_PACKAGES=(meson python3-pycotap qemu-system-data)

# Redo the installs when a listed package is missing (one this list gained
# since the stamp was written: dpkg-query prints nothing for a package it
# has never seen, so count the installed ones) or meson is gone.
if [ -f "$STAMP" ]; then
    installed=$(dpkg-query -W -f='${Status}\n' "${PACKAGES[@]}" "${BACKPORTS_PACKAGES[@]}" 2>/dev/null |
                grep -c '^install ok installed$' || true)
    if ! command -v meson >/dev/null ||
       [ "$installed" != $(( ${#PACKAGES[@]} + ${#BACKPORTS_PACKAGES[@]} )) ]; then
        rm -f "$STAMP"
    fi
fi
if [ -f "$STAMP" ] && [ -f "$SOURCES" ]; then
    aemu_log "bootstrap: already done"
    exit 0
fi

uri=$(archive_uri)
keyring=/usr/share/keyrings/debian-archive-keyring.gpg
tmp=$(mktemp)
cat >"$tmp" <<SRC
# Added by amdgpu-emu scripts/bootstrap.sh
Types: deb deb-src
URIs: $uri
Suites: bookworm-backports
Components: main
Signed-By: $keyring

Types: deb-src
URIs: $uri
Suites: bookworm bookworm-updates
Components: main
Signed-By: $keyring
SRC
if ! cmp -s "$tmp" "$SOURCES" 2>/dev/null; then
    aemu_sudo install -m 0644 "$tmp" "$SOURCES"
    rm -f "$AEMU_CACHE/stamps/apt-update"
fi
rm -f "$tmp"

mkdir -p "$AEMU_CACHE/stamps"
if [ ! -f "$AEMU_CACHE/stamps/apt-update" ]; then
    aemu_step "apt-get update" aemu_sudo apt-get update
    touch "$AEMU_CACHE/stamps/apt-update"
fi
export DEBIAN_FRONTEND=noninteractive
aemu_step "install build packages" aemu_sudo apt-get install -y --no-install-recommends "${PACKAGES[@]}"
aemu_step "install backports packages" aemu_sudo apt-get install -y --no-install-recommends -t bookworm-backports "${BACKPORTS_PACKAGES[@]}"
touch "$STAMP"
aemu_log "bootstrap: done"
