#!/usr/bin/env bash
# E-stop reaction time of omt_table, measured in the qemu test guest.
#
#   bench/kernel_latency.sh [BUILD_DIR] [PRESSES]
#
# Boots the test kernel (tests/vm/build-kernel.sh builds it if absent),
# presses a gpio-sim e-stop PRESSES times (default 1000) and prints the
# module's own edge-to-enable-low figure as p50/p99, with its ratio to a
# baseline from the same guest and run: a plain libgpiod request's
# edge-to-user-space latency on the same chip.  Then the time from
# SIGKILL of the device's owner to enable-low.  The guest is emulated
# (TCG) and runs lockdep and KASAN: absolute figures are far above real
# hardware; the ratios are what compare between runs.
set -eu
# Run from make (make check, make bench), make's command-line variables
# would reach the kernel's make through the environment; O= there means
# the kernel's output directory.
unset MAKEFLAGS MFLAGS MAKELEVEL MAKEOVERRIDES
top=$(cd "$(dirname "$0")/.." && pwd)
build=${1:-build}
presses=${2:-1000}
case "$build" in /*) ;; *) build=$top/$build ;; esac
out=$build/bench-vm
mkdir -p "$out"

kdir=$("$top/tests/vm/build-kernel.sh")
mod=$out/module
rm -rf "$mod"
mkdir -p "$mod/include/uapi"
cp "$top"/kernel/Kbuild "$top"/kernel/*.c "$top"/kernel/*.h "$mod/"
cp "$top/include/uapi/omt_table.h" "$mod/include/uapi/"
make -C "$kdir/src" M="$mod" modules >"$out/module-build.log" 2>&1
gcc -std=gnu11 -O2 -Wall -Wextra -Werror -I"$top/include" \
	-o "$out/kernel_latency_probe" "$top/bench/kernel_latency_probe.c" -lgpiod

OMT_VM_TIMEOUT=${OMT_VM_TIMEOUT:-900} "$top/tests/vm/boot.sh" "$kdir" "$out/results" \
	"$top/bench/kernel_latency_guest.sh" "$mod/omt_table.ko" \
	"$out/kernel_latency_probe" "$presses"
if [ "$(cat "$out/results/status" 2>/dev/null)" != 0 ]; then
	echo "kernel_latency: the guest run failed; see $out/results/" >&2
	cat "$out/results/output.txt" >&2 2>/dev/null || true
	exit 1
fi

awk '
function us(ns) { return sprintf("%.1f us", ns / 1000) }
$1 == "module" || $1 == "baseline" || $1 == "owner" { p50[$1] = $2; p99[$1] = $3; n[$1] = $4 }
$1 == "module_repeated" { repeated = $2 }
END {
	printf "kernel_latency: e-stop edge -> enable low (module)      p50 %s  p99 %s  (n=%d, %d presses repeated after a stall)\n", us(p50["module"]), us(p99["module"]), n["module"], repeated
	printf "kernel_latency: baseline edge -> user space (gpiod)     p50 %s  p99 %s  (n=%d)\n", us(p50["baseline"]), us(p99["baseline"]), n["baseline"]
	printf "kernel_latency: ratio module/baseline                   p50 %.2f  p99 %.2f\n", p50["module"] / p50["baseline"], p99["module"] / p99["baseline"]
	printf "kernel_latency: owner SIGKILL -> enable low             p50 %s  p99 %s  (n=%d)\n", us(p50["owner"]), us(p99["owner"]), n["owner"]
	printf "kernel_latency: ratio owner-death/baseline              p50 %.2f  p99 %.2f\n", p50["owner"] / p50["baseline"], p99["owner"] / p99["baseline"]
	# The same figures for bench/run-all.sh (docs/benchmarks.md).
	r = "RESULT name=%s value=%.1f unit=us baseline=%.1f baseline_name=%s ratio=%.2f target=none\n"
	printf r, "estop_enable_low_p50", p50["module"] / 1000, p50["baseline"] / 1000, "gpiod_edge_p50", p50["module"] / p50["baseline"]
	printf r, "estop_enable_low_p99", p99["module"] / 1000, p99["baseline"] / 1000, "gpiod_edge_p99", p99["module"] / p99["baseline"]
	printf r, "owner_death_enable_low_p50", p50["owner"] / 1000, p50["baseline"] / 1000, "gpiod_edge_p50", p50["owner"] / p50["baseline"]
	printf r, "owner_death_enable_low_p99", p99["owner"] / 1000, p99["baseline"] / 1000, "gpiod_edge_p99", p99["owner"] / p99["baseline"]
}' "$out/results/output.txt"
