#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-or-later
# Boot the test guest (scripts/build-guest.sh) under TCG with -device amdgpu-emu,
# run one guest test plan, and collect its results.
#
#   scripts/run-guest.sh [--plan NAME | --script FILE] [--append "KERNEL ARGS"]
#                        [--kernel BZIMAGE] [--modules DIR] [--with ARCHIVE]
#                        [--timeout SEC] [--out DIR] [--no-device] [--verbose]
#                        [-- QEMU ARGS...]
#
#   --plan NAME     run guest-tests/plans/NAME.sh (default: probe, or smoke
#                   with --no-device)
#   --script FILE   run your own guest script instead (busybox sh; it may
#                   source /tests/lib/tap.sh and should print TAP)
#   --append ARGS   extra kernel command line, e.g. "amdgpu.num_kcq=1" (module
#                   parameters reach modprobe through /proc/cmdline)
#   --kernel FILE   boot your own bzImage; its modules must come with
#                   --modules (the guest's own modules are for the Debian kernel)
#   --modules DIR   your own module build, overlaid on the guest's modules and
#                   depmod re-run: either an install tree
#                   (make modules_install INSTALL_MOD_PATH=DIR, so
#                   DIR/lib/modules/<release>/) or a directory of .ko files
#                   (any compression) replacing the Debian modules of the same
#                   name; the closure of amdgpu + radeon (+ the loose .ko files)
#                   is carried
#   --with ARCHIVE  also carry an archive of build-guest.sh: mesa (RADV, the
#                   Vulkan loader, vulkaninfo: 61 MB more to unpack) or
#                   opencl (clover, libclc, the OpenCL loader, clinfo; it
#                   brings mesa along, which carries the libraries both
#                   use) or rocm (rocminfo, ROCr and libhsakmt for KFD);
#                   a plan asks with a line "# aemu-needs: mesa",
#                   "# aemu-needs: opencl", "# aemu-needs: rocm" or
#                   "# aemu-needs: mesa,rocm,hip"
#   --timeout SEC   kill the guest after SEC seconds (default 300, or what
#                   the plan asks with "# aemu-timeout: SEC"); the guest
#                   gets a slightly shorter watchdog of its own, which dumps
#                   its kernel log before powering off
#   --out DIR       results (default build/guest-results/<plan>/)
#   --no-device     plain q35 machine, without -device amdgpu-emu
#   --gpus N        N devices (default 1; a plan asks with "# aemu-gpus: 2");
#                   several sit behind one PCIe switch (a root port, an
#                   x3130 upstream port, a downstream port each), as in
#                   multi-GPU servers
#   --iommu KIND    put the devices behind QEMU's IOMMU: intel (intel-iommu,
#                   DMA remapping only, the guest booted with intel_iommu=on)
#                   or none (default; a plan asks with "# aemu-iommu: intel")
#   --verbose       print the whole console live, not only the TAP lines
#   A plan whose header says "# aemu-device-log: on" runs with QEMU's
#   guest-error and unimplemented-feature log and the device's MSI and
#   bus-master trace events, and gets the device side of its driver
#   teardowns checked from that log after the boot
#   (scripts/lib/device-log-check.py): its TAP lines follow the plan's
#   A plan's "# aemu-append: ARGS" line adds ARGS to the kernel command line
#   -- ARGS         passed to QEMU (e.g. -- -trace 'amdgpu_*' -smp 1)
#
# --script and --modules go into a small extra cpio appended to the initramfs,
# so no image rebuild is needed; so do the mesa and opencl archives.
#
# Results in --out: serial.log (the whole console), host-requests.log (the
# plan's requests to the host), tap-port.log (its TAP stream as it came),
# tap.txt (the plan's TAP),
# dmesg.txt (the guest kernel log), qemu.log (QEMU's own output), cmdline.txt,
# qmp-agent.log (what the plan asked of the host).
#
# The host side of a plan: QEMU gets a QMP socket in the run's work
# directory, and the devices ids gpu0, gpu1, ...; scripts/lib/qmp-agent.py
# follows the guest's second serial port (host-requests.log in --out) and
# carries out the lines a plan sends there as
# "AEMU-HOST: qom-set PROP VALUE" (fault injection, docs/fault-injection.md),
# "AEMU-HOST: screendump-check ..." (the display, docs/display.md).
# TAP lines are printed live on stdout.
# Exit status: 0 all tests passed; 1 a test failed or the plan failed;
# 2 usage error or missing pieces; 3 QEMU or the guest kernel died before the
# plan finished; 124 timeout.
set -euo pipefail
. "$(dirname "$0")/lib/common.sh"
. "$AEMU_ROOT/scripts/lib/guest.sh"

usage() {
    sed -n '3,64p' "$0" | sed 's/^# \{0,1\}//'
    exit "${1:-0}"
}
die2() { printf '[amdgpu-emu] error: %s\n' "$*" >&2; exit 2; }

plan="" script="" append="" kernel="" modules="" timeout="" out=""
device=1 verbose=0 needs="" gpus="" iommu="" devlog=""
extra=()
while [ $# -gt 0 ]; do
    case $1 in
        --plan)     plan=${2:?--plan needs a name}; shift 2 ;;
        --script)   script=${2:?--script needs a file}; shift 2 ;;
        --append)   append=${2?--append needs an argument}; shift 2 ;;
        --kernel)   kernel=${2:?--kernel needs a file}; shift 2 ;;
        --modules)  modules=${2:?--modules needs a directory}; shift 2 ;;
        --with)     needs="$needs ${2:?--with needs an archive name}"; shift 2 ;;
        --timeout)  timeout=${2:?--timeout needs seconds}; shift 2 ;;
        --out)      out=${2:?--out needs a directory}; shift 2 ;;
        --no-device) device=0; shift ;;
        --gpus)     gpus=${2:?--gpus needs a number}; shift 2 ;;
        --iommu)    iommu=${2:?--iommu needs intel or none}; shift 2 ;;
        -v|--verbose) verbose=1; shift ;;
        -h|--help)  usage 0 ;;
        --)         shift; extra=("$@"); break ;;
        *)          echo "unknown argument: $1" >&2; usage 2 ;;
    esac
done
[ -z "$plan" ] || [ -z "$script" ] || die2 "--plan and --script exclude each other"
if [ -n "$script" ]; then
    [ -f "$script" ] || die2 "no script $script"
    name=$(basename "$script"); name=${name%.sh}
    plan=user
else
    if [ -z "$plan" ]; then
        if [ "$device" = 1 ]; then plan=probe; else plan=smoke; fi
    fi
    [ -f "$AEMU_ROOT/guest-tests/plans/$plan.sh" ] ||
        die2 "no plan $plan; plans: $(cd "$AEMU_ROOT/guest-tests/plans" && ls | sed 's/\.sh$//' | tr '\n' ' ')"
    name=$plan
    # Archives the plan needs besides the initramfs: "# aemu-needs: mesa".
    needs="$needs $(sed -n 's/^# aemu-needs: *//p' "$AEMU_ROOT/guest-tests/plans/$plan.sh" | tr ',' ' ')"
    # The machine it needs: "# aemu-gpus: 2", "# aemu-iommu: intel".
    pg=$(sed -n 's/^# aemu-gpus: *//p' "$AEMU_ROOT/guest-tests/plans/$plan.sh")
    pi=$(sed -n 's/^# aemu-iommu: *//p' "$AEMU_ROOT/guest-tests/plans/$plan.sh")
    gpus=${gpus:-${pg:-1}}
    iommu=${iommu:-${pi:-none}}
    # The device side of its teardowns checked: "# aemu-device-log: on".
    devlog=$(sed -n 's/^# aemu-device-log: *//p' "$AEMU_ROOT/guest-tests/plans/$plan.sh")
    # Kernel command line the plan needs: "# aemu-append: tsc=reliable".
    pa=$(sed -n 's/^# aemu-append: *//p' "$AEMU_ROOT/guest-tests/plans/$plan.sh")
    [ -z "$pa" ] || append="${append:+$append }$pa"
    # A plan longer than the default: "# aemu-timeout: 600".
    pt=$(sed -n 's/^# aemu-timeout: *//p' "$AEMU_ROOT/guest-tests/plans/$plan.sh")
    timeout=${timeout:-$pt}
fi
timeout=${timeout:-300}
[[ $timeout =~ ^[0-9]+$ ]] && [ "$timeout" -ge 10 ] || die2 "--timeout must be a number of seconds >= 10"
gpus=${gpus:-1}
iommu=${iommu:-none}
case $gpus in [1-8]) ;; *) die2 "--gpus takes 1 to 8, not $gpus" ;; esac
case $iommu in intel|none) ;; *) die2 "--iommu takes intel or none, not $iommu" ;; esac
# The opencl and hip archives leave out what the mesa archive carries; hip
# runs on the rocm archive's runtime.
case " $needs " in *" opencl "*) needs="$needs mesa" ;; esac
case " $needs " in *" hip "*) needs="$needs mesa rocm" ;; esac
# Appended in name order: mesa before opencl, which unpacks over it; hip
# and rocm share only identical files (the same packages' libraries).
needs=$(printf '%s\n' $needs | sort -u)
for n in $needs; do
    case $n in
    mesa|opencl|rocm|hip) ;;
    *) die2 "unknown archive $n (known: mesa, opencl, rocm, hip)" ;;
    esac
done
out=${out:-$AEMU_BUILD/guest-results/$name}

# --- Pieces ---

vmlinuz="$AEMU_GUEST_OUT/vmlinuz"
initramfs="$AEMU_GUEST_OUT/initramfs.img"
[ -f "$vmlinuz" ] && [ -f "$initramfs" ] && [ -f "$AEMU_GUEST_OUT/guest.env" ] ||
    die2 "no guest image in $AEMU_GUEST_OUT: run scripts/build-guest.sh"
. "$AEMU_GUEST_OUT/guest.env"
stale=$(find "$AEMU_ROOT/guest-tests" "$AEMU_BUILD/guest-tests" "$AEMU_FIRMWARE/lib/firmware" \
             -newer "$initramfs" -type f ! -name '*.o' ! -name '*.[ch]' 2>/dev/null | head -n 1)
[ -z "$stale" ] ||
    aemu_log "warning: ${stale#"$AEMU_ROOT"/} is newer than the guest image: run scripts/build-guest.sh"
extra_archives=()
for n in $needs; do
    case $n in
    mesa) a=${AEMU_GUEST_MESA:-} ;;
    opencl) a=${AEMU_GUEST_OPENCL:-} ;;
    rocm) a=${AEMU_GUEST_ROCM:-} ;;
    hip) a=${AEMU_GUEST_HIP:-} ;;
    esac
    [ -n "$a" ] && [ -f "$a" ] ||
        die2 "no $n archive (${a:-not in guest.env}): run scripts/build-guest.sh"
    extra_archives+=("$a")
done
[ -x "$AEMU_QEMU" ] || die2 "no QEMU at $AEMU_QEMU: run scripts/build-qemu.sh"
if [ -x "$AEMU_ROOT/scripts/qemu.sh" ]; then
    qemu=("$AEMU_ROOT/scripts/qemu.sh")
else
    qemu=("$AEMU_QEMU" -L /usr/share/seabios -L /usr/share/qemu)
fi

# kernel_release BZIMAGE: the release string in an x86 boot image header.
kernel_release() {
    local off
    [ "$(dd if="$1" bs=1 skip=514 count=4 2>/dev/null)" = HdrS ] || return 1
    off=$(od -An -tu2 -j 526 -N 2 "$1" | tr -d ' ')
    [ -n "$off" ] && [ "$off" -gt 0 ] || return 1
    dd if="$1" bs=1 skip=$((off + 512)) count=256 2>/dev/null | tr '\0' '\n' |
        head -n 1 | cut -d' ' -f1
}
krelease=$AEMU_GUEST_KRELEASE
if [ -n "$kernel" ]; then
    [ -f "$kernel" ] || die2 "no kernel $kernel"
    krelease=$(kernel_release "$kernel") || die2 "$kernel is not an x86 bzImage"
    vmlinuz=$kernel
    if [ "$krelease" != "$AEMU_GUEST_KRELEASE" ] && [ -z "$modules" ]; then
        aemu_log "warning: $kernel is $krelease but the guest's modules are for $AEMU_GUEST_KRELEASE: pass --modules"
    fi
fi

mkdir -p "$out"
out=$(cd "$out" && pwd)
rm -f "$out"/{serial.log,host-requests.log,tap-port.log,tap.txt,dmesg.txt,qemu.log,cmdline.txt,initrd.img}
work=$(mktemp -d "$out/.work.XXXXXX")

qpid=""
cleanup() {
    if [ -n "$qpid" ] && kill -0 "$qpid" 2>/dev/null; then
        kill "$qpid" 2>/dev/null || true
        sleep 1
        kill -9 "$qpid" 2>/dev/null || true
    fi
    [ -z "${apid:-}" ] || kill "$apid" 2>/dev/null || true
    rm -rf "$work"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# --- Overlay cpio: --script and --modules ---

# stage_user_modules DIR STAGE: the --modules overlay under STAGE/lib/modules.
stage_user_modules() {
    local dir=$1 stage=$2 mode rel merged names f n old dest
    dir=$(cd "$dir" && pwd)
    if [ -d "$dir/lib/modules" ]; then
        mode=tree
        rel=$(ls "$dir/lib/modules")
        [ "$(echo "$rel" | wc -l)" = 1 ] ||
            die2 "$dir/lib/modules holds several releases ($(echo $rel)); keep one"
    else
        mode=loose
        rel=$krelease
        [ "$rel" = "$AEMU_GUEST_KRELEASE" ] ||
            die2 "loose .ko files only work with the guest's kernel ($AEMU_GUEST_KRELEASE); for $rel pass an install tree (INSTALL_MOD_PATH)"
        [ -n "$(find "$dir" -name '*.ko' -o -name '*.ko.xz' -o -name '*.ko.zst' -o -name '*.ko.gz' | head -n 1)" ] ||
            die2 "no kernel modules (.ko) in $dir"
    fi
    [ "$rel" = "$krelease" ] ||
        aemu_log "warning: --modules are for $rel but the kernel is $krelease"
    merged="$work/merged"
    mkdir -p "$merged/lib/modules"
    if [ "$rel" = "$AEMU_GUEST_KRELEASE" ]; then
        cp -al "$AEMU_GUEST_KTREE/lib/modules/$rel" "$merged/lib/modules/" 2>/dev/null ||
            cp -a "$AEMU_GUEST_KTREE/lib/modules/$rel" "$merged/lib/modules/"
    fi
    mkdir -p "$merged/lib/modules/$rel"
    names="$AEMU_GUEST_MODULE_ROOTS"
    if [ "$mode" = tree ]; then
        # Drop the Debian copies of modules the user's tree provides.
        while IFS= read -r -d '' f; do
            n=$(aemu_module_name "$f")
            find "$merged/lib/modules/$rel" -regextype posix-extended \
                -regex ".*/${n//_/[-_]}\\.ko(\\.(xz|zst|gz))?" -delete
        done < <(cd "$dir/lib/modules/$rel" && find . -name '*.ko*' -print0)
        cp -a --remove-destination "$dir/lib/modules/$rel/." "$merged/lib/modules/$rel/"
    else
        while IFS= read -r -d '' f; do
            n=$(aemu_module_name "$f")
            old=$(find "$merged/lib/modules/$rel" -regextype posix-extended \
                      -regex ".*/${n//_/[-_]}\\.ko(\\.(xz|zst|gz))?" | head -n 1)
            if [ -n "$old" ]; then
                dest=$(dirname "$old")
                rm -f "$old"
            else
                dest="$merged/lib/modules/$rel/updates"
                mkdir -p "$dest"
            fi
            cp "$f" "$dest/"
            names="$names $n"
        done < <(find "$dir" \( -name '*.ko' -o -name '*.ko.xz' -o -name '*.ko.zst' -o -name '*.ko.gz' \) -print0)
    fi
    depmod -b "$merged" "$rel" ||
        die2 "depmod failed on the merged module tree"
    aemu_stage_modules "$merged" "$rel" "$stage" $names >"$work/modules.list" ||
        die2 "module closure failed for: $names"
    aemu_log "--modules ($mode, $rel): $(wc -l <"$work/modules.list") modules carried"
}

initrd=$initramfs
if [ -n "$script" ] || [ -n "$modules" ] || [ ${#extra_archives[@]} -gt 0 ]; then
    stage="$work/overlay"
    mkdir -p "$stage/tests"
    [ -z "$script" ] || install -m 0755 "$script" "$stage/tests/user.sh"
    [ -z "$modules" ] || {
        [ -d "$modules" ] || die2 "no directory $modules"
        stage_user_modules "$modules" "$stage"
    }
    initrd="$out/initrd.img"
    { cat "$initramfs" "${extra_archives[@]}"; aemu_cpio_dir "$stage" | zstd -q -T0 -3; } >"$initrd"
fi

# --- Boot ---

# The guest's own watchdog fires first, so a hung plan still reports its
# kernel log; the host timeout catches a guest that cannot.
guest_timeout=$((timeout - 20 - timeout / 10))
[ "$guest_timeout" -ge 5 ] || guest_timeout=5
cmdline="console=ttyS0,115200 panic=1 aemu.plan=$plan aemu.timeout=$guest_timeout"
[ -z "$append" ] || cmdline="$cmdline $append"
# The IOMMU translates every DMA (no passthrough domain for the devices).
[ "$iommu" = none ] || cmdline="$cmdline intel_iommu=on iommu.passthrough=0"

serial="$out/serial.log"
# The guest's requests to the host (guest-tests/lib/host.sh) come over a
# second serial port (ttyS1) of their own: on the console, kernel output
# could cut a request line in two.
requests="$out/host-requests.log"
# The plan's TAP stream comes over a third port (ttyS2, guest-tests/init)
# for the same reason; the console keeps a copy for the live view.
tapport="$out/tap-port.log"
# dump-guest-core=off: a crash's core file holds QEMU, not the guest's RAM.
args=(-machine q35,dump-guest-core=off -accel tcg -m 2048 -smp 2 -nodefaults -display none
      -no-reboot -monitor none -qmp "unix:${work//,/,,}/qmp.sock,server=on,wait=off"
      -chardev "file,id=console,path=${serial//,/,,}" -serial chardev:console
      -chardev "file,id=hostreq,path=${requests//,/,,}" -serial chardev:hostreq
      -chardev "file,id=tapport,path=${tapport//,/,,}" -serial chardev:tapport
      -kernel "$vmlinuz" -initrd "$initrd" -append "$cmdline")
# intel-iommu comes before the devices it translates for.
[ "$iommu" = none ] || args+=(-device intel-iommu,intremap=off)
if [ "$device" = 1 ] && [ "$gpus" = 1 ]; then
    args+=(-device amdgpu-emu,id=gpu0)
elif [ "$device" = 1 ]; then
    args+=(-device pcie-root-port,id=aemu_rp,chassis=1,slot=1
           -device x3130-upstream,id=aemu_sw,bus=aemu_rp)
    for ((g = 0; g < gpus; g++)); do
        args+=(-device "xio3130-downstream,id=aemu_dp$g,bus=aemu_sw,chassis=$((g + 2)),slot=0"
               -device "amdgpu-emu,id=gpu$g,bus=aemu_dp$g")
    done
fi
# The log device-log-check.py reads (the user's own -d, after, wins).
[ "$devlog" != on ] || [ "$device" != 1 ] ||
    args+=(-d guest_errors,unimp -trace amdgpu_emu_msi_enable
           -trace amdgpu_emu_bus_master -trace amdgpu_emu_irq_after_teardown)
args+=("${extra[@]}")
printf '%q ' "${qemu[@]}" "${args[@]}" >"$out/cmdline.txt"
echo >>"$out/cmdline.txt"

aemu_log "guest: plan $name, kernel $krelease, $([ "$device" = 1 ] && echo "$gpus x -device amdgpu-emu" || echo "no device")$([ "$iommu" = none ] || echo " behind $iommu-iommu"), timeout ${timeout}s"
: >"$serial"
: >"$requests"
: >"$tapport"
start=$SECONDS
# In the work directory with core dumps on: should QEMU crash, its
# backtrace goes to qemu-backtrace.txt (below).
(cd "$work" && ulimit -c unlimited 2>/dev/null; exec "${qemu[@]}" "${args[@]}") \
    </dev/null >"$out/qemu.log" 2>&1 &
qpid=$!
# What the plan asks of the host ("AEMU-HOST: " lines), over QMP.
apid=""
if [ "$device" = 1 ]; then
    : >"$out/qmp-agent.log"
    "$AEMU_PYTHON" "$AEMU_ROOT/scripts/lib/qmp-agent.py" "$work/qmp.sock" \
        "$requests" "$out/qmp-agent.log" </dev/null >/dev/null 2>&1 &
    apid=$!
fi

if [ "$verbose" = 1 ]; then
    filter=(sed -u -e 's/\r$//')
else
    filter=(sed -u -n -e 's/\r$//' -e 's/^AEMU-TAP: //p')
fi
tail -n +1 -F -s 0.5 --pid="$qpid" "$serial" 2>/dev/null | "${filter[@]}" &
tpid=$!

timed_out=0 exit_seen=""
while kill -0 "$qpid" 2>/dev/null; do
    if [ $((SECONDS - start)) -ge "$timeout" ]; then
        timed_out=1
        break
    fi
    # The guest said it was done but did not power off: give it a moment.
    if [ -z "$exit_seen" ] && grep -q -a '^AEMU-EXIT:' "$serial"; then
        exit_seen=$SECONDS
    elif [ -n "$exit_seen" ] && [ $((SECONDS - exit_seen)) -ge 15 ]; then
        aemu_log "warning: guest finished but did not power off; stopping QEMU"
        break
    fi
    sleep 0.5
done
if kill -0 "$qpid" 2>/dev/null; then
    kill "$qpid" 2>/dev/null || true
    for _ in 1 2 3 4 5 6; do kill -0 "$qpid" 2>/dev/null || break; sleep 0.5; done
    kill -9 "$qpid" 2>/dev/null || true
fi
qstatus=0
wait "$qpid" || qstatus=$?
# QEMU killed by a signal it did not ask for (a crash: 128 + SIGSEGV,
# SIGABRT, SIGBUS...): every thread's backtrace from its core, if gdb is
# there, for the report; the core itself is not kept.
core=$(ls "$work"/core* 2>/dev/null | head -n 1 || true)
if [ -n "$core" ]; then
    if command -v gdb >/dev/null; then
        gdb -batch -ex 'thread apply all bt' "$AEMU_QEMU" "$core" \
            >"$out/qemu-backtrace.txt" 2>&1 || true
        aemu_log "QEMU crashed (status $qstatus): backtrace in ${out##*/}/qemu-backtrace.txt"
    else
        aemu_log "QEMU crashed (status $qstatus): no gdb for a backtrace (scripts/bootstrap.sh installs it)"
    fi
    rm -f "$core"
fi
qpid=""
if [ -n "$apid" ]; then
    kill "$apid" 2>/dev/null || true
    wait "$apid" 2>/dev/null || true
    apid=""
fi
wait "$tpid" || true
elapsed=$((SECONDS - start))

# --- Results ---

tr -d '\r' <"$serial" >"$work/serial"
# A snapshot restored by the host (loadvm) runs the guest again from the
# snapshot: a result it printed meanwhile comes twice, word for word.
# Keep the first; a result that differs the second time stays.
# The TAP port's copy where the guest had one (an initramfs older than the
# port has not), else the console's.
if [ -s "$tapport" ]; then
    tr -d '\r' <"$tapport"
else
    sed -n 's/^AEMU-TAP: //p' "$work/serial"
fi | awk '!(/^(ok|not ok) [0-9]+ / && seen[$0]++)' >"$out/tap.txt"
if grep -q '^AEMU-DMESG-END' "$work/serial"; then
    sed -n '/^AEMU-DMESG-BEGIN/,/^AEMU-DMESG-END/p' "$work/serial" | sed '1d;$d' >"$out/dmesg.txt"
else
    # No dump (crash or host timeout): the kernel's own console lines.
    grep -a -E '^\[ *[0-9]+\.[0-9]+\]' "$work/serial" >"$out/dmesg.txt" || true
fi
status=$(sed -n 's/^AEMU-EXIT: *//p' "$work/serial" | tail -n 1)
if [ "$devlog" = on ] && [ "$device" = 1 ]; then
    "$AEMU_PYTHON" "$AEMU_ROOT/scripts/lib/device-log-check.py" \
        "$out/qemu.log" "$out/tap.txt" ||
        echo "not ok - run-guest: device-log-check.py failed" >>"$out/tap.txt"
fi
# host_test "ok|not ok" DESCRIPTION: a test the host side judged, appended
# to tap.txt; the plan line moves to the end and counts it too (what the
# plan did not run stays missing).
host_test() {
    local n had_plan
    n=$(( $(grep -c -E '^(ok|not ok)( |$)' "$out/tap.txt" || true) + 1 ))
    had_plan=$(sed -n -E 's/^1\.\.([0-9]+).*/\1/p' "$out/tap.txt" | tail -n 1)
    sed -i -E '/^1\.\.[0-9]+/d' "$out/tap.txt"
    echo "$1 $n - run-guest: $2" >>"$out/tap.txt"
    [ -z "$had_plan" ] || echo "1..$((had_plan + 1))" >>"$out/tap.txt"
}
# Suspends the RTC alarm was to end (guest-tests/lib/suspend.sh): the agent
# woke the machine itself where the alarm was lost.
if [ -s "$out/qmp-agent.log" ] && grep -q '^expect-wake: ' "$out/qmp-agent.log"; then
    lost=$(grep -c '^expect-wake: RTC alarm lost' "$out/qmp-agent.log" || true)
    woke=$(grep -c '^expect-wake: woke' "$out/qmp-agent.log" || true)
    if [ "$lost" = 0 ]; then
        host_test ok "the RTC alarm woke the machine from each of its $woke suspends"
    else
        host_test "not ok" "the RTC alarm was lost in $lost of $((lost + woke)) suspends (the host woke the machine; qmp-agent.log)"
    fi
fi
# Screendumps compared with what the plan drew (guest-tests/lib/host.sh).
if [ -s "$out/qmp-agent.log" ]; then
    # (none is no failure: the pipeline runs under pipefail.)
    { grep '^screendump-check: ' "$out/qmp-agent.log" || true; } | while IFS= read -r l; do
        case "$l" in
        "screendump-check: ok "*) host_test ok "screendump matches the pattern the guest drew (${l#screendump-check: ok })" ;;
        *) host_test "not ok" "screendump matches the pattern the guest drew: ${l#screendump-check: }" ;;
        esac
    done
fi

rel_out=${out#"$AEMU_ROOT"/}
n_ok=$(grep -c -E '^ok( |$)' "$out/tap.txt" || true)
# "not ok ... # TODO reason" is an expected failure (a guest kernel bug
# the plan documents), not a failure.
n_todo=$(grep -E '^not ok( |$)' "$out/tap.txt" | grep -c -E '# *TODO' || true)
n_fail=$(( $(grep -c -E '^not ok( |$)' "$out/tap.txt" || true) - n_todo ))
planned=$(sed -n 's/^1\.\.\([0-9]*\).*/\1/p' "$out/tap.txt" | tail -n 1)
bail=$(grep -m 1 '^Bail out!' "$out/tap.txt" || true)

# finish CODE MESSAGE: for a run that did not pass, add a failing test line
# to tap.txt so tools that count tap.txt cannot mistake it for a pass.
finish() {
    local code=$1; shift
    if [ "$code" != 0 ]; then
        echo "not ok $((n_ok + n_fail + n_todo + 1)) - run-guest: $*" >>"$out/tap.txt"
        aemu_log "FAIL ($name, ${elapsed}s): $*"
        aemu_log "results: $rel_out/ (serial.log, tap.txt, dmesg.txt)"
    else
        aemu_log "PASS ($name, ${elapsed}s): $*; results: $rel_out/"
    fi
    exit "$code"
}

if [ "$timed_out" = 1 ]; then
    finish 124 "timeout: QEMU killed after ${timeout}s$(grep -q '^AEMU-INIT' "$work/serial" || echo ', before the guest init ran')"
fi
if [ -z "$status" ]; then
    if ! grep -q '^AEMU-INIT' "$work/serial" && [ "$qstatus" != 0 ]; then
        tail -n 20 "$out/qemu.log" >&2
        finish 3 "QEMU exited with status $qstatus before the guest started (see qemu.log)"
    fi
    panic=$(grep -a -m 1 -E 'Kernel panic|BUG:|Oops' "$work/serial" || true)
    finish 3 "the guest stopped before the plan finished${panic:+: $panic}"
fi
if [ "$status" = timeout ]; then
    finish 124 "timeout: the guest watchdog stopped the plan after ${guest_timeout}s (kernel log in dmesg.txt)"
fi
[ -z "$bail" ] || finish 1 "plan bailed out: ${bail#Bail out! }"
[ $((n_ok + n_fail + n_todo)) -gt 0 ] || finish 1 "the plan printed no test results"
if [ -n "$planned" ] && [ "$planned" != $((n_ok + n_fail + n_todo)) ]; then
    finish 1 "planned $planned tests, ran $((n_ok + n_fail + n_todo))"
fi
if [ "$n_fail" -gt 0 ]; then
    grep '^not ok' "$out/tap.txt" | grep -v -E '# *TODO' | sed 's/^/[amdgpu-emu]   /' >&2
    finish 1 "$n_fail of $((n_ok + n_fail)) tests failed"
fi
[ "$status" = 0 ] || finish 1 "the plan exited with status $status"
finish 0 "$n_ok tests passed$([ "$n_todo" = 0 ] || echo ", $n_todo expected failure(s)")"
