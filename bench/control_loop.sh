#!/usr/bin/env bash
# Control-loop bench: wake-up lateness beside cyclictest, pedal-release
# stop latency, and heap allocations on the control thread, all under
# background CPU load, each printed as a ratio to its baseline.
#
#   bench/control_loop.sh BUILD_DIR
#
# Environment: BENCH_SECONDS (default 60), BENCH_PERIOD_MS (10),
# BENCH_PRIORITY (80), BENCH_LOAD_CPUS (2; 0 = no load), BENCH_LOAD_NICE
# (the load's nice value, default 0; 19 = the controller's own background
# work, which yields to every other normal-priority thread), BENCH_DATA_DIR
# (if set, both lateness histograms are kept there for the report's plot);
# BENCH_PREFIX (names the figures of a variant run, e.g. rtu_idle_; its
# histograms are not kept), and for the probe OMT_PROBE_RTU_BAUD,
# OMT_PROBE_IDLE, OMT_PROBE_DIAG_FLOOD (bench/control_loop_probe.c).
# A variant run also reports its overruns (target 0: periods the cycle's
# own work ran past) and its wake-ups a period or more late beside
# cyclictest's (the scheduler's, already in the lateness figures).
#
# Baselines, measured in the same run:
#   lateness   cyclictest at the same period and priority, running at the
#              same time as the loop under the same load (target: the
#              loop's max at most 2x cyclictest's max);
#   stop       the control period (target: p99 at most 2 periods);
#   allocs     zero (target: 0 after start-up).
set -u

build=${1:-build}
top=$(cd "$(dirname "$0")/.." && pwd)
case "$build" in /*) ;; *) build=$top/$build ;; esac
seconds=${BENCH_SECONDS:-60}
period_ms=${BENCH_PERIOD_MS:-10}
priority=${BENCH_PRIORITY:-80}
load_cpus=${BENCH_LOAD_CPUS:-2}
load_nice=${BENCH_LOAD_NICE:-0}
prefix=${BENCH_PREFIX:-}

work=$(mktemp -d /tmp/omt-bench-loop.XXXXXX)
stress_pid= ct_pid=
cleanup() {
	[ -n "$stress_pid" ] && kill -TERM "$stress_pid" 2>/dev/null && wait "$stress_pid" 2>/dev/null
	[ -n "$ct_pid" ] && kill -TERM "$ct_pid" 2>/dev/null && wait "$ct_pid" 2>/dev/null
	rm -rf "$work"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

die() { echo "control_loop: $*" >&2; exit 1; }

for tool in cyclictest stress-ng; do
	command -v "$tool" >/dev/null || die "$tool is missing (tools/deps.sh bench)"
done

# The probe is a bench program, not part of `make all`: build it here
# against the libraries of this build.
probe=$work/control_loop_probe
pkgs="libmodbus libgpiod libsystemd inih"
# shellcheck disable=SC2046
cc -std=gnu11 -O2 -g -D_GNU_SOURCE -Wall -Wextra -Werror -Wno-unused-parameter \
	-I"$top/include" -I"$top/common" $(for l in core link config store rt bus; do printf -- "-I%s/daemon/%s " "$top" "$l"; done) -I"$top/daemon" -I"$top/sim" \
	-I"$top/tests/lib" -I"$top/bench" $(pkg-config --cflags $pkgs) \
	-o "$probe" "$top/bench/control_loop_probe.c" \
	"$top/tests/lib/control_harness.c" "$top/tests/lib/sim_harness.c" \
	"$build"/daemon/libomt-{bus,rt,store,config,link,core,base}.a "$build/libomtsim.a" "$build/libomtcommon.a" \
	$(pkg-config --libs $pkgs) -lm -lpthread ||
	die "cannot build the probe"

echo "control loop bench ${prefix:-tcp}: ${seconds} s, period ${period_ms} ms, SCHED_FIFO ${priority}, load: stress-ng --cpu ${load_cpus} at nice ${load_nice}, load average $(cut -d' ' -f1-3 /proc/loadavg)${OMT_PROBE_RTU_BAUD:+, RTU at $OMT_PROBE_RTU_BAUD baud}${OMT_PROBE_IDLE:+, idle}${OMT_PROBE_DIAG_FLOOD:+, diagnostics flood}"
if [ "$load_cpus" -gt 0 ]; then
	nice -n "$load_nice" stress-ng --cpu "$load_cpus" --timeout "$((seconds + 30))s" --quiet &
	stress_pid=$!
fi

cyclictest -m -q -p "$priority" -i "$((period_ms * 1000))" \
	-D "${seconds}s" -h 20000 --histfile="$work/cyclictest.hist" \
	>"$work/cyclictest.out" 2>&1 &
ct_pid=$!

# Time the hypervisor kept this machine's CPUs from running (a virtual
# machine's steal time, all CPUs): no thread, the loop's or cyclictest's,
# runs then, and every timer due meanwhile fires late at once.
steal_ms() { awk -v hz="$(getconf CLK_TCK)" '$1 == "cpu" { printf "%.0f", $9 * 1000 / hz }' /proc/stat; }
steal_before=$(steal_ms)
OMT_BUILD=$build "$probe" "$seconds" "$period_ms" "$priority" \
	>"$work/probe.out" 2>"$work/probe.err"
probe_rc=$?
wait "$ct_pid"; ct_pid=
[ -n "$stress_pid" ] && { kill -TERM "$stress_pid" 2>/dev/null; wait "$stress_pid" 2>/dev/null; stress_pid=; }

[ "$probe_rc" -eq 0 ] || { cat "$work/probe.err" >&2; die "the probe failed"; }
# A run that ended early says why.
[ -s "$work/probe.err" ] && sed 's/^/  /' "$work/probe.err"
[ -s "$work/cyclictest.hist" ] || { cat "$work/cyclictest.out" >&2; die "cyclictest gave no histogram"; }

value() { awk -v k="$1" '$1 == k { print $2 }' "$work/probe.out"; }

# cyclictest's histogram: "USEC COUNT" lines, then "# Max Latencies: N".
read -r ct_p50 ct_p99 ct_max < <(awk '
	/^[0-9]/ { n[$1 + 0] = $2 + 0; total += $2 }
	/^# Max Latencies:/ { max = $4 + 0 }
	END {
		p50 = -1; p99 = -1; seen = 0
		for (us = 0; us <= 20000; us++) {
			seen += n[us]
			if (p50 < 0 && seen * 100 >= total * 50) p50 = us
			if (p99 < 0 && seen * 100 >= total * 99) p99 = us
		}
		print p50, p99, max
	}' "$work/cyclictest.hist")
# cyclictest's wake-ups a period or more late (each lost that period, as
# the loop's late_wakeups count), the overflows past 20 ms included.
ct_late=$(awk -v p="$((period_ms * 1000))" '
	/^[0-9]/ { if ($1 + 0 >= p) n += $2 }
	/^# Histogram Overflows:/ { n += $4 }
	END { print n + 0 }' "$work/cyclictest.hist")

ratio() { awk -v a="$1" -v b="$2" 'BEGIN { if (b + 0 == 0) b = 1; printf "%.2f", a / b }'; }
verdict() { awk -v r="$1" -v t="$2" 'BEGIN { print (r + 0 <= t + 0) ? "meets" : "MISSES" }'; }

p50=$(value lateness_p50_us); p99=$(value lateness_p99_us); max=$(value lateness_max_us)
stop_p50=$(value stop_p50_us); stop_p99=$(value stop_p99_us); stop_max=$(value stop_max_us)
period_us=$(value period_us); allocs=$(value allocations)

echo
printf '%-34s %10s %12s %8s\n' "figure" "omtd" "baseline" "ratio"
printf '%-34s %10s %12s %8s\n' "wake-up lateness p50 (us)" "$p50" "ct $ct_p50" "$(ratio "$p50" "$ct_p50")"
printf '%-34s %10s %12s %8s\n' "wake-up lateness p99 (us)" "$p99" "ct $ct_p99" "$(ratio "$p99" "$ct_p99")"
r_max=$(ratio "$max" "$ct_max")
printf '%-34s %10s %12s %8s  (target <= 2: %s)\n' "wake-up lateness max (us)" "$max" "ct $ct_max" "$r_max" "$(verdict "$r_max" 2)"
printf '%-34s %10s %12s %8s\n' "stop latency p50 (us)" "$stop_p50" "period $period_us" "$(ratio "$stop_p50" "$period_us")"
r_stop=$(ratio "$stop_p99" "$period_us")
printf '%-34s %10s %12s %8s  (target <= 2: %s)\n' "stop latency p99 (us)" "$stop_p99" "period $period_us" "$r_stop" "$(verdict "$r_stop" 2)"
printf '%-34s %10s %12s %8s\n' "stop latency max (us)" "$stop_max" "period $period_us" "$(ratio "$stop_max" "$period_us")"
printf '%-34s %10s %12s %8s  (target 0: %s)\n' "heap allocations, control thread" "$allocs" "0" "-" "$([ "$allocs" = 0 ] && echo meets || echo MISSES)"
printf '%-34s %10s\n' "cycles" "$(value cycles)"
printf '%-34s %10s\n' "overruns (the cycle's own work)" "$(value overruns)"
printf '%-34s %10s %12s\n' "wake-ups a period late" "$(value late_wakeups)" "ct $ct_late"
# Each part of the cycle: its longest run and the overruns that passed the
# deadline in it (the wake-up's longest run is the lateness max).
awk '$1 == "phase" { printf "  %-32s %10s us  overruns %s\n", $2 " longest", $3, $4 }' "$work/probe.out"
printf '%-34s %10s\n' "stops measured" "$(value stops)"
printf '%-34s %10s\n' "SCHED_FIFO in force" "$(value realtime)"
printf '%-34s %10s\n' "exchanges skipped (no room)" "$(value exchanges_skipped)"
printf '%-34s %10s\n' "must-go drives deferred" "$(value must_go_deferred)"
printf '%-34s %10s\n' "diagnostics requests queued" "$(value diag_requests)"
printf '%-34s %10s\n' "faults at the end" "$(value faults)"
printf '%-34s %10s\n' "faults cleared to go on" "$(value fault_incidents)"
printf '%-34s %10s\n' "load average after" "$(cut -d' ' -f1-3 /proc/loadavg)"
printf '%-34s %10s\n' "CPU steal time during the run (ms)" "$(( $(steal_ms) - steal_before ))"
# bench/trace_overrun.sh: the kernel's traces taken after overruns.
[ -n "$(value trace_captures)" ] && printf '%-34s %10s\n' "kernel traces of overruns" "$(value trace_captures)"

# The same figures for bench/run-all.sh (format in docs/benchmarks.md).
result() { printf 'RESULT name=%s value=%s unit=%s baseline=%s baseline_name=%s ratio=%s target=%s\n' "$prefix$1" "${@:2}"; }
result loop_lateness_p50 "$p50" us "$ct_p50" cyclictest_p50 "$(ratio "$p50" "$ct_p50")" none
result loop_lateness_p99 "$p99" us "$ct_p99" cyclictest_p99 "$(ratio "$p99" "$ct_p99")" none
result loop_lateness_max "$max" us "$ct_max" cyclictest_max "$r_max" '<=2'
if [ -n "$stop_p99" ]; then
	result stop_latency_p50 "$stop_p50" us "$period_us" period "$(ratio "$stop_p50" "$period_us")" none
	result stop_latency_p99 "$stop_p99" us "$period_us" period "$r_stop" '<=2'
	result stop_latency_max "$stop_max" us "$period_us" period "$(ratio "$stop_max" "$period_us")" none
fi
result control_thread_allocations "$allocs" count 0 none - 'value==0'
if [ -n "$prefix" ]; then
	result overruns "$(value overruns)" count 0 none - 'value==0'
	result late_wakeups "$(value late_wakeups)" count "$ct_late" cyclictest_late - none
	result faults "$(value faults)" count 0 none - 'value==0'
	result fault_incidents "$(value fault_incidents)" count 0 none - 'value==0'
fi
if [ -n "${BENCH_DATA_DIR:-}" ] && [ -z "$prefix" ]; then
	mkdir -p "$BENCH_DATA_DIR"
	cp "$work/cyclictest.hist" "$BENCH_DATA_DIR/cyclictest.hist"
	awk '$1 == "lateness_bucket_us" { print $2, $3, $4 }' "$work/probe.out" \
		>"$BENCH_DATA_DIR/control_loop.hist"
fi
