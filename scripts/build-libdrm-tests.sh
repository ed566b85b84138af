#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-or-later
# Build libdrm's own GPU tests, amdgpu_test and radeon_ttm, from Debian's
# libdrm source package (Debian's libdrm-tests ships neither: it is built
# without CUnit), and its KMS tool modetest (built here, statically, for the
# same reason as the others: exactly this libdrm), and put them where scripts/build-guest.sh packs guest
# programs: build/guest-tests/, with the amdgpu.ids table of the same source.
#
#   scripts/build-libdrm-tests.sh
#
# The source comes from `apt-get source libdrm/$SUITE` (default bookworm,
# libdrm 2.4.114, which matches the guest's userspace); the download, the
# unpacked tree and the build directory live in the cache
# ($AEMU_CACHE/libdrm/), so a second run only checks. libdrm itself is built
# as static libraries, so each test program carries exactly the
# libdrm/libdrm_amdgpu it was built against: no other libdrm in the guest or
# on the host can be picked up instead at run time.
#
# Environment:
#   AMDGPU_EMU_LIBDRM_SUITE   apt suite of the libdrm source (bookworm)
set -euo pipefail
. "$(dirname "$0")/lib/common.sh"

# Bump when the options or the layout change in a way an existing build
# directory would not pick up by itself.
RECIPE=1
SUITE=${AMDGPU_EMU_LIBDRM_SUITE:-bookworm}
LIBDRM_CACHE="$AEMU_CACHE/libdrm"
OUT="$AEMU_BUILD/guest-tests"
PROGRAMS=(tests/amdgpu/amdgpu_test tests/radeon/radeon_ttm tests/modetest/modetest)

# Only what the two programs need. Static libraries: see above. prefix=/usr
# puts the compiled-in path of amdgpu.ids at /usr/share/libdrm/amdgpu.ids,
# where scripts/build-guest.sh installs it in the guest.
MESON_ARGS=(
    --buildtype=debugoptimized
    --prefix=/usr
    -Ddefault_library=static
    -Damdgpu=enabled -Dradeon=enabled
    -Dintel=disabled -Dnouveau=disabled -Dvmwgfx=disabled -Domap=disabled
    -Dexynos=disabled -Dfreedreno=disabled -Dtegra=disabled -Dvc4=disabled
    -Detnaviv=disabled -Dcairo-tests=disabled -Dman-pages=disabled
    -Dvalgrind=disabled -Dudev=false
    -Dtests=true -Dinstall-test-programs=false
)

case ${1:-} in
    -h|--help) sed -n '3,19p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    "") ;;
    *) echo "unknown argument: $1" >&2; exit 2 ;;
esac

start=$SECONDS
"$AEMU_ROOT/scripts/bootstrap.sh"
for tool in apt-get dpkg-source meson ninja pkg-config; do
    command -v "$tool" >/dev/null || aemu_die "$tool not found: run scripts/bootstrap.sh"
done
pkg-config --exists cunit ||
    aemu_die "CUnit (libcunit1-dev) is not installed: run scripts/bootstrap.sh"

mkdir -p "$LIBDRM_CACHE/download" "$OUT"
exec 9>"$LIBDRM_CACHE/.lock"
flock -n 9 || { aemu_log "another build-libdrm-tests is running; waiting"; flock 9; }

# --- 1. Which source apt would fetch ---

# Asked from an empty directory: apt leaves out files it finds already there.
uris=$(empty=$(mktemp -d) && cd "$empty" &&
       { apt-get source --print-uris "libdrm/$SUITE" 2>&1; rc=$?; rmdir "$empty"; exit $rc; }) ||
    aemu_die "apt cannot resolve libdrm's source in $SUITE (deb-src entries missing? run scripts/bootstrap.sh, then apt-get update):
$uris"
# "'URI' NAME SIZE SHA256:HEX" per file of the source package.
files=$(printf '%s\n' "$uris" | awk '$1 ~ /^'\''/ {sub(/^SHA256:/, "", $4); print $2, $4}')
dsc=$(printf '%s\n' "$files" | awk '$1 ~ /\.dsc$/ {print $1; exit}')
[ -n "$dsc" ] || aemu_die "no libdrm .dsc in apt's answer:
$uris"
VERSION=${dsc#libdrm_}; VERSION=${VERSION%.dsc}    # e.g. 2.4.114-1
UPSTREAM=${VERSION%-*}                              # e.g. 2.4.114
SRC="$LIBDRM_CACHE/src-$VERSION"
BUILD="$LIBDRM_CACHE/build-$VERSION"

# --- 2. Download (only the files that are missing or do not match) ---

dl="$LIBDRM_CACHE/download"
need=0
while read -r name sha; do
    if [ ! -f "$dl/$name" ] || ! echo "$sha  $dl/$name" | sha256sum --status -c -; then
        rm -f "$dl/$name"
        need=1
    fi
done <<<"$files"
if [ "$need" = 1 ]; then
    fetch_libdrm() { cd "$dl" && apt-get source --download-only "libdrm/$SUITE"; }
    aemu_step "fetch libdrm $VERSION source" fetch_libdrm
    while read -r name sha; do
        echo "$sha  $dl/$name" | sha256sum --status -c - ||
            aemu_die "$dl/$name: SHA-256 mismatch after download"
    done <<<"$files"
fi

# --- 3. Unpack with Debian's patches ---

if [ ! -f "$SRC/.amdgpu-emu-unpacked" ]; then
    unpack_libdrm() {
        rm -rf "$SRC" "$SRC.tmp"
        dpkg-source --no-check -x "$dl/$dsc" "$SRC.tmp"
        touch "$SRC.tmp/.amdgpu-emu-unpacked"
        mv "$SRC.tmp" "$SRC"
        # dpkg-source leaves a copy of the tarball next to the tree.
        rm -f "$LIBDRM_CACHE"/libdrm_*
    }
    aemu_step "unpack libdrm $VERSION" unpack_libdrm
    # Trees of other versions are no longer needed.
    find "$LIBDRM_CACHE" -maxdepth 1 \( -name 'src-*' -o -name 'build-*' \) \
        ! -name "src-$VERSION" ! -name "build-$VERSION" -exec rm -rf {} +
    find "$dl" -type f ! -name "libdrm_$UPSTREAM[.-]*" -delete
fi

# --- 4. Configure (when the inputs changed) and build ---

config_id=$(printf '%s\n' "recipe-$RECIPE" "$VERSION" "$SRC" \
                "meson $(meson --version)" "${MESON_ARGS[@]}" | sha256sum | cut -d' ' -f1)
stamp="$BUILD/.amdgpu-emu-configured"
if [ "$(cat "$stamp" 2>/dev/null)" != "$config_id" ] || [ ! -f "$BUILD/build.ninja" ]; then
    rm -rf "$BUILD"
    aemu_step "configure libdrm $VERSION" meson setup "$BUILD" "$SRC" "${MESON_ARGS[@]}"
    printf '%s\n' "$config_id" >"$stamp"
fi
aemu_step "build libdrm $VERSION tests" ninja -C "$BUILD" "${PROGRAMS[@]}"

# --- 5. Into the guest's program directory ---

for p in "${PROGRAMS[@]}"; do
    [ -x "$BUILD/$p" ] || aemu_die "$BUILD/$p was not built"
    # Refuse a build that would pick up a shared libdrm at run time.
    if ldd "$BUILD/$p" | grep -q 'libdrm'; then
        aemu_die "$p links a shared libdrm; expected the static one of this build"
    fi
    cmp -s "$BUILD/$p" "$OUT/${p##*/}" || install -m 0755 "$BUILD/$p" "$OUT/${p##*/}"
done
# The marketing-name table libdrm_amdgpu reads at run time (build-guest.sh
# installs it as /usr/share/libdrm/amdgpu.ids); not executable, so it is not
# taken for a program.
cmp -s "$SRC/data/amdgpu.ids" "$OUT/amdgpu.ids" || install -m 0644 "$SRC/data/amdgpu.ids" "$OUT/amdgpu.ids"
printf '%s\n' "$VERSION" >"$OUT/libdrm-tests.version"

aemu_log "libdrm $VERSION tests ready in $((SECONDS - start))s:" \
    "${OUT#"$AEMU_ROOT"/}/{amdgpu_test,radeon_ttm,modetest,amdgpu.ids}; run scripts/build-guest.sh to pack them"
