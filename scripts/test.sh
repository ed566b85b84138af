#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-or-later
# Run every amdgpu-emu test on a fresh Debian 12 machine: installs and builds
# what is missing (bootstrap, QEMU with the device, the project's meson tree,
# the guest image), then runs the unit tests, the qtest device tests and the
# guest tests, and ends with "N passed, N failed".
#
#   scripts/test.sh            everything
#   scripts/test.sh --no-guest unit + qtest only (no guest boot)
set -euo pipefail
. "$(dirname "$0")/lib/common.sh"

guest=1
# Guest plans besides the probe, one boot each, as PLAN or PLAN:OPTIONS where
# OPTIONS are -global settings for the device, comma-separated (the chip,
# the VRAM a plan's largest buffers need). amdgpu_test's "unaligned map" wants 4 GiB of VRAM; its clear is a
# multi-second SDMA job under TCG, long enough for amdgpu's 500 ms fence
# fallback timer to race the interrupt, so CI runs libdrm with the default
# VRAM and that test is a documented skip (docs/libdrm-tests.md).
# vulkan (RADV, ACO and LLVM, on Hawaii) takes about two minutes; a
# kernel that meets an instruction the interpreter lacks fails within its
# own timeout. vulkan-vega10 is the same plan on gfx9 (RADV's DPP, SDWA
# and packed math on the interpreter), about two minutes too.
# opencl (clover on radeonsi, Hawaii) takes about two minutes too; it has
# 1 GiB of VRAM because radeonsi offers a quarter of it as the largest
# allocation and clover calls a device with less than 128 MiB "OpenCL 0.0".
# opencl-vega10 is the same on gfx9 (LLVM's DPP wave reductions for the
# atomics, the high VA range).
# hsa-vega10 (KFD user queues through ROCr, libhsakmt and HIP) bounds each
# of its tests (15 s, HIP's 60 s); it takes about 45-65 s, with the mesa
# (LLVM, for HIP's comgr), rocm and hip archives to unpack.
# kfd-multi-vega10 (two GPUs behind a PCIe switch and the Intel IOMMU: the
# plan's header asks run-guest.sh for them) takes about 30 s.
# kfd-hawaii (KFD, the thunk's and ROCr's queues on gfx701) takes about
# 25 s in all. It has a boot of its own: KFD binds only with
# exp_hw_support=1 at amdgpu's load, which would put KFD's HIQ, GART pool
# and pipe interrupt enables under another Hawaii plan's tests, and it
# needs the rocm archive, which no other Hawaii plan carries.
# xnack-vega10 (retry faults with amdgpu.noretry=0, ROCr only) is one more
# boot of about 25-40 s, its program bounded to 20 s.
# reload and reload-vega10 (ten rmmod/modprobe amdgpu cycles, a data check
# in each; the device side checked from QEMU's log, docs/lifecycle.md)
# take about 3-4 minutes each: a reload is mostly the guest loading the
# 29 MB module again.
# inject (fault injection over QMP: dropped interrupts, a corrupted gfx
# fence, a hung sdma0 and VRAM lost, each recovered by amdgpu's GPU reset;
# docs/fault-injection.md) is one boot of about 40 s with a 2 s job
# timeout and gpu_recovery=1 of its own.
# recovery (GPU reset and recovery with amdgpu's default gpu_recovery:
# debugfs recoveries, hangs from user IBs on every ring type, libdrm's
# Deadlock suite and GPU reset test; docs/lifecycle.md) is one boot of
# about 90 s on Hawaii; recovery-vega10, the same on Vega10, about 100 s.
# snapshot (three savevm/loadvm of the whole machine while libdrm SDMA
# copies run, every copy checked; docs/snapshots.md) is one boot of about
# 100 s: each savevm writes the guest's RAM to a qcow2 node (1-11 s).
# suspend, suspend-vega10 and suspend-radeon (docs/lifecycle.md, "Suspend
# and resume"): one boot per driver of seven real S3 cycles (RTC alarm,
# QMP system_wakeup, VRAM lost at the wake-up) and five pm_test cycles,
# each with a VRAM buffer checked byte-exact across it; about 2.5-3 minutes
# each.
# probe-topaz (Topaz, VI / gfx8: the probe, libdrm's amdgpu_test and the
# userspace data checks in one boot; docs/topaz.md) takes about two
# minutes (112 s). pm-topaz (powerplay's DPM on Topaz: levels, forced
# levels, power sensor, unload; docs/power.md) is one short boot.
# pm (powerplay's DPM on Hawaii: probe time with dpm=0 and with DPM on,
# forced levels read back, hwmon sensors, libdrm's Stable pstate test;
# docs/power.md) is one boot with two driver loads.
# The determinism checks (scripts/determinism.sh) are four boots under
# -icount: libdrm twice (about 90 s each), the probe recorded and replayed
# (about 45 s each).
GUEST_PLANS="radeon radeon-rs780:amdgpu-emu.asic=rs780 pm
    reload reload-vega10:amdgpu-emu.asic=vega10
    suspend suspend-radeon
    suspend-vega10:amdgpu-emu.asic=vega10
    recovery-vega10:amdgpu-emu.asic=vega10 recovery snapshot
    vulkan vulkan-vega10:amdgpu-emu.asic=vega10
    opencl:amdgpu-emu.vram-size=1G
    opencl-vega10:amdgpu-emu.asic=vega10,amdgpu-emu.vram-size=1G
    userspace:amdgpu-emu.vram-size=1G,amdgpu-emu.refresh_rate=100000
    userspace-vega10:amdgpu-emu.asic=vega10,amdgpu-emu.vram-size=1G
    hsa-vega10:amdgpu-emu.asic=vega10
    inject libdrm libdrm-vega10:amdgpu-emu.asic=vega10
    kfd-vega10:amdgpu-emu.asic=vega10
    kfd-multi-vega10:amdgpu-emu.asic=vega10
    kfd-hawaii
    xnack-vega10:amdgpu-emu.asic=vega10
    probe-topaz:amdgpu-emu.asic=topaz pm-topaz:amdgpu-emu.asic=topaz"
for arg in "$@"; do
    case "$arg" in
    --no-guest) guest=0 ;;
    -h|--help) sed -n '3,9p' "$0"; exit 0 ;;
    *) aemu_die "unknown argument: $arg" ;;
    esac
done

start=$SECONDS
"$AEMU_ROOT/scripts/bootstrap.sh"
"$AEMU_ROOT/scripts/build-qemu.sh"
"$AEMU_ROOT/scripts/build.sh"
if [ "$guest" = 1 ]; then
    "$AEMU_ROOT/scripts/build-libdrm-tests.sh"
    "$AEMU_ROOT/scripts/build-guest.sh"
fi

results="$AEMU_BUILD/test-results"
rm -rf "$results"
mkdir -p "$results"

aemu_log "unit and qtest tests"
# meson's own exit status is folded into the count below.
meson test -C "$AEMU_BUILD" --suite unit --suite qtest --num-processes 2 \
    --print-errorlogs || true

# The core's unit tests and the seeded fuzzer again, under ASan and UBSan.
asan="$AEMU_BUILD-asan"
aemu_log "unit tests under AddressSanitizer + UBSan (${asan#"$AEMU_ROOT"/})"
if [ ! -f "$asan/build.ninja" ]; then
    meson setup "$asan" "$AEMU_ROOT" -Db_sanitize=address,undefined \
        -Db_lundef=false >/dev/null || aemu_die "meson setup (sanitizers) failed"
fi
meson compile -C "$asan" >"$asan/compile.log" 2>&1 || {
    tail -n 30 "$asan/compile.log" >&2
    aemu_die "sanitizer build failed"
}
UBSAN_OPTIONS=halt_on_error=1:print_stacktrace=1 \
    meson test -C "$asan" --suite unit --num-processes 2 --print-errorlogs || true

if [ "$guest" = 1 ]; then
    # The probe boots are recorded, and each recording must replay without
    # a guest: record/replay stays honest against today's model, for every
    # chip.
    recorded_probe() {
        local plan=$1 device=$2 trace="$results/$1.trace"
        aemu_log "guest test plan: $plan (recorded)"
        "$AEMU_ROOT/scripts/run-guest.sh" --plan "$plan" --no-device \
            --out "$results/guest-$plan" -- -device "$device,record=$trace" || true
        mkdir -p "$results/guest-$plan-replay"
        if replay=$("$AEMU_BUILD/hw/amdgpu-emu/standalone/aemu-replay" "$trace" 2>&1); then
            printf '1..1\nok 1 - the recorded %s replays without a guest\n# %s\n' \
                "$plan" "$replay" >"$results/guest-$plan-replay/tap.txt"
        else
            printf '1..1\nnot ok 1 - the recorded %s replays without a guest\n%s\n' \
                "$plan" "$(echo "$replay" | sed 's/^/# /' | head -n 20)" \
                >"$results/guest-$plan-replay/tap.txt"
        fi
        cat "$results/guest-$plan-replay/tap.txt"
    }
    # The boots run AEMU_GUEST_JOBS at a time (default 2: a TCG guest keeps
    # about one host core busy, and CI's machines have two); each job's
    # output goes to a log printed whole when it ends, so parallel runs do
    # not interleave. The longest boots start first.
    jobs_max=${AEMU_GUEST_JOBS:-2}
    [[ $jobs_max =~ ^[1-9][0-9]*$ ]] || aemu_die "AEMU_GUEST_JOBS must be a positive integer"
    guest_job() {
        local name=$1 log="$results/job-$1.log"
        shift
        while [ "$(jobs -rp | wc -l)" -ge "$jobs_max" ]; do
            wait -n || true
        done
        aemu_log "guest job: $name"
        ( "$@" >"$log" 2>&1 || true; cat "$log" ) &
    }
    guest_plan() {
        local entry=$1 plan=${1%%:*}
        local extra=()
        if [ "$entry" != "$plan" ]; then
            extra=(--)
            IFS=, read -r -a globals <<<"${entry#*:}"
            for g in "${globals[@]}"; do
                extra+=(-global "$g")
            done
        fi
        aemu_log "guest test plan: $plan ${extra[*]}"
        "$AEMU_ROOT/scripts/run-guest.sh" --plan "$plan" \
            --out "$results/guest-$plan" "${extra[@]}"
    }
    # Deterministic clocks under -icount (issue 14): libdrm's plan (amdgpu's
    # probe, then its tests) twice, and the probe recorded and replayed
    # with QEMU's record/replay, must give identical engine timelines.
    guest_job determinism-libdrm "$AEMU_ROOT/scripts/determinism.sh" \
        --plan libdrm --out "$results/guest-determinism-libdrm"
    guest_job determinism-probe-rr "$AEMU_ROOT/scripts/determinism.sh" \
        --plan probe --rr --out "$results/guest-determinism-probe-rr"
    for entry in $GUEST_PLANS; do
        guest_job "${entry%%:*}" guest_plan "$entry"
    done
    guest_job probe recorded_probe probe amdgpu-emu
    guest_job probe-vega10 recorded_probe probe-vega10 amdgpu-emu,asic=vega10
    wait
fi

aemu_log "total time $((SECONDS - start))s"
exec "$AEMU_PYTHON" "$AEMU_ROOT/scripts/lib/count-results.py" "$results" \
    "$AEMU_BUILD/meson-logs/testlog.json" "asan=$asan/meson-logs/testlog.json"
