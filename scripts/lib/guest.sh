# SPDX-License-Identifier: GPL-2.0-or-later
# Helpers shared by scripts/build-guest.sh and scripts/run-guest.sh for
# building guest initramfs pieces: kernel-module closures from modules.dep,
# module decompression, and newc cpio archives (including device nodes, which
# GNU cpio cannot add without root). Sourced after lib/common.sh, never
# executed.

# Modules the guest image always carries, with their dependency closure.
# amdgpu and radeon pull in drm (which provides /dev/dri); debugfs is built
# into the Debian kernel. AMDGPU_EMU_GUEST_MODULES adds more (space-separated).
AEMU_GUEST_MODULE_ROOTS="amdgpu radeon ${AMDGPU_EMU_GUEST_MODULES:-}"

# aemu_module_name PATH: module name of a .ko[.xz|.zst|.gz] path, with '-'
# folded to '_' as the kernel does.
aemu_module_name() {
    local n=${1##*/}
    n=${n%.xz}; n=${n%.zst}; n=${n%.gz}; n=${n%.ko}
    printf '%s\n' "${n//-/_}"
}

# aemu_module_closure MODDIR NAME...: print the modules.dep paths (relative to
# MODDIR = <root>/lib/modules/<release>) of NAME... and everything they need,
# hard and soft dependencies, one per line, sorted. Names that are built into
# the kernel are skipped; unknown names are an error.
aemu_module_closure() {
    local moddir=$1; shift
    local want="$*" prev="" paths
    [ -f "$moddir/modules.dep" ] || aemu_die "$moddir/modules.dep missing (depmod not run?)"
    while [ "$want" != "$prev" ]; do
        prev=$want
        paths=$(awk -v want="$want" -v builtin="$moddir/modules.builtin" '
            function modname(p,   n) {
                n = p; sub(/.*\//, "", n); sub(/\.ko(\.(xz|zst|gz))?$/, "", n)
                gsub(/-/, "_", n); return n
            }
            BEGIN {
                n = split(want, w, " ")
                for (i = 1; i <= n; i++) { x = w[i]; gsub(/-/, "_", x); W[x] = 1 }
                while ((getline line < builtin) > 0) B[modname(line)] = 1
            }
            {
                p = $1; sub(/:$/, "", p); m = modname(p)
                if (m in W) { F[m] = 1; print p; for (i = 2; i <= NF; i++) print $i }
            }
            END {
                for (m in W) if (!(m in F) && !(m in B)) {
                    print "module not found: " m > "/dev/stderr"; bad = 1
                }
                exit bad
            }' "$moddir/modules.dep" | sort -u) ||
            aemu_die "module closure failed in $moddir"
        # Soft dependencies ("softdep X pre: a b post: c") of every member.
        local names soft
        names=$(for p in $paths; do aemu_module_name "$p"; done | sort -u)
        soft=""
        if [ -f "$moddir/modules.softdep" ]; then
            soft=$(awk -v names="$(echo $names)" '
                BEGIN { n = split(names, a, " "); for (i = 1; i <= n; i++) N[a[i]] = 1 }
                $1 == "softdep" { m = $2; gsub(/-/, "_", m)
                    if (m in N) for (i = 3; i <= NF; i++) if ($i !~ /:$/) print $i }
                ' "$moddir/modules.softdep")
        fi
        # Keep only soft dependencies that exist (they are optional).
        local s extra=""
        for s in $soft; do
            grep -q -E "/${s//[-_]/[-_]}\\.ko(\\.(xz|zst|gz))?:" "$moddir/modules.dep" &&
                extra="$extra $s"
        done
        want=$( (echo $names; echo $extra) | tr ' ' '\n' | sed '/^$/d' |
                tr '-' '_' | sort -u | tr '\n' ' ')
        want=${want% }
    done
    printf '%s\n' $paths
}

# aemu_install_module SRC DST: copy a module, decompressing .xz/.zst/.gz
# (busybox modprobe loads plain .ko files only). DST is the .ko path.
aemu_install_module() {
    local src=$1 dst=$2
    mkdir -p "$(dirname "$dst")"
    case $src in
        *.xz)  xz -dc "$src" >"$dst" ;;
        *.zst) zstd -q -dc "$src" >"$dst" ;;
        *.gz)  gzip -dc "$src" >"$dst" ;;
        *)     cp "$src" "$dst" ;;
    esac
}

# aemu_stage_modules SRCROOT KVER DSTROOT NAME...: install the closure of
# NAME... from SRCROOT/lib/modules/KVER into DSTROOT/lib/modules/KVER,
# decompressed, with the kernel's modules.order/builtin files, and run depmod
# there so modules.dep names the .ko files. Prints the closure (module names).
aemu_stage_modules() {
    local srcroot=$1 kver=$2 dstroot=$3; shift 3
    local src="$srcroot/lib/modules/$kver" dst="$dstroot/lib/modules/$kver" p f
    local closure
    closure=$(aemu_module_closure "$src" "$@")
    mkdir -p "$dst"
    for p in $closure; do
        f=${p%.xz}; f=${f%.zst}; f=${f%.gz}
        aemu_install_module "$src/$p" "$dst/$f"
    done
    for f in modules.order modules.builtin modules.builtin.modinfo; do
        [ -f "$src/$f" ] && cp "$src/$f" "$dst/$f"
    done
    depmod -b "$dstroot" "$kver"
    for p in $closure; do aemu_module_name "$p"; done
}

# aemu_newc_entry NAME MODE RDEVMAJOR RDEVMINOR: one data-less newc cpio
# entry (directory or device node) on stdout, owned by root.
aemu_newc_entry() {
    local name=$1 mode=$2 rmaj=$3 rmin=$4 namesize pad
    namesize=$(( ${#name} + 1 ))
    printf '070701%08X%08X%08X%08X%08X%08X%08X%08X%08X%08X%08X%08X%08X' \
        0 "$mode" 0 0 1 0 0 0 0 "$rmaj" "$rmin" "$namesize" 0
    printf '%s\0' "$name"
    pad=$(( (4 - (110 + namesize) % 4) % 4 ))
    [ "$pad" -eq 0 ] || head -c "$pad" /dev/zero
}

# aemu_devnodes_cpio: a newc archive with /dev and /dev/console, so the
# kernel can open the initial console before /init mounts devtmpfs.
aemu_devnodes_cpio() {
    aemu_newc_entry dev $((8#040755)) 0 0
    aemu_newc_entry dev/console $((8#020600)) 5 1
    aemu_newc_entry 'TRAILER!!!' 0 0 0
}

# aemu_cpio_dir DIR: newc archive of DIR's contents on stdout, root-owned,
# in a stable order.
aemu_cpio_dir() {
    (cd "$1" && find . -mindepth 1 | LC_ALL=C sort |
        cpio --quiet -o -H newc -R 0:0 --reproducible)
}

# aemu_elf_libs FILE...: the shared-library closure (ldd) of the given ELF
# files, one absolute path per line, including the dynamic loader.
aemu_elf_libs() {
    local f out
    for f in "$@"; do
        out=$(ldd "$f" 2>&1) || true
        case $out in
            *"not a dynamic executable"*|*"statically linked"*) continue ;;
        esac
        printf '%s\n' "$out" | awk -v f="$f" '
            /not found/ { print "missing library for " f ": " $1 > "/dev/stderr"; bad = 1; next }
            $2 == "=>" && $3 ~ /^\// { print $3; next }
            $1 ~ /^\// { print $1 }
            END { exit bad }' || return 1
    done | sort -u
}
