#!/usr/bin/env bash
# Every benchmark in turn (make bench), then the report.
#
#   bench/run-all.sh [BUILD_DIR]
#
# Each benchmark's whole output goes to BUILD_DIR/bench/NAME.log.  Its
# figures are the lines it prints in the form
#
#   RESULT name=N value=V unit=U baseline=B baseline_name=BN ratio=R target=T
#
# (docs/benchmarks.md), collected into BUILD_DIR/bench/results.txt and
# printed here as ratios to their same-run baselines.  A benchmark that
# fails or prints no figure is reported as failed and the others still run.
# bench/report.sh then writes BUILD_DIR/bench/report.md with the plots.
#
# Exit status: 0 when every benchmark ran and every figure meets its
# target, 1 otherwise.
#
# Environment: BENCH_ONLY="name ..." runs only those benchmarks;
# BENCH_SECONDS (default 60) is the control loop's measuring time (and
# each of class_stop's six runs'); the
# benchmarks' own variables pass through.
set -u

build=${1:-build}
top=$(cd "$(dirname "$0")/.." && pwd)
case "$build" in /*) ;; *) build=$top/$build ;; esac
out=$build/bench
seconds=${BENCH_SECONDS:-60}
export BENCH_SECONDS=$seconds
# The benchmarks keep their plots' data beside the logs.
export BENCH_DATA_DIR=$out
# Under `make bench`, make's variables (O=...) would reach the kernel
# module's build inside a benchmark and mean something else there.
unset MAKEFLAGS MFLAGS MAKELEVEL MAKEOVERRIDES

# name, time limit in seconds, script (given BUILD_DIR).  The kernel
# benchmark comes last: on a fresh machine it first builds the test kernel
# (several minutes).
benches=(
	"rtu_cycle|300|rtu_cycle.sh"
	"control_loop|$((seconds + 180))|control_loop.sh"
	"rtu_loop|$((3 * seconds + 400))|rtu_loop.sh"
	"tcp_fast_loop|$((seconds + 180))|tcp_fast_loop.sh"
	"class_stop|$((6 * seconds + 300))|class_stop.sh"
	"bus_roundtrip|300|bus_roundtrip.sh"
	"bus_flood|300|bus_flood.sh"
	"move_trace|300|bus_move_trace.sh"
	"kernel_latency|2400|kernel_latency.sh"
)

mkdir -p "$out"
# Nothing from an earlier run may pass for this one's (the bench programs
# built into the same directory stay).
rm -f "$out"/*.log "$out"/*.hist "$out"/*.csv "$out"/*.dat "$out"/*.png \
	"$out/report.md"
: >"$out/results.txt"
: >"$out/status.txt"
{
	echo "date $(date -u '+%Y-%m-%d %H:%M:%S UTC')"
	echo "host $(uname -n)"
	echo "kernel $(uname -r)"
	echo "cpus $(nproc)"
	echo "cpu $(awk -F': ' '/^model name/ { print $2; exit }' /proc/cpuinfo)"
	echo "load_before $(cut -d' ' -f1-3 /proc/loadavg)"
	echo "commit $(git -C "$top" describe --always --dirty 2>/dev/null || echo unknown)"
	echo "bench_seconds $seconds"
} >"$out/machine.txt"

wanted() { # name: whether BENCH_ONLY (if set) names it
	[ -z "${BENCH_ONLY:-}" ] && return 0
	case " $BENCH_ONLY " in *" $1 "*) return 0 ;; esac
	return 1
}

# One line per figure: value, baseline, ratio and the verdict.
show_results() { # log file
	"$top/bench/report_verdicts.sh" "$1" |
	while IFS=$'\t' read -r _ name value unit baseline bname ratio target verdict; do
		line=$(printf '  %-28s %9s %-5s vs %-15s %9s  ratio %6s' "$name" \
			"$value" "$unit" "$bname" "$baseline" "$ratio")
		[ "$verdict" = info ] || line="$line  (target $target: $verdict)"
		echo "$line"
	done
}

failed=""
for entry in "${benches[@]}"; do
	IFS='|' read -r name limit script <<<"$entry"
	wanted "$name" || continue
	echo "== $name"
	start=$(date +%s)
	timeout -k 20 "$limit" "$top/bench/$script" "$build" >"$out/$name.log" 2>&1 </dev/null
	rc=$?
	took=$(($(date +%s) - start))
	n=$(grep -c '^RESULT ' "$out/$name.log")
	if [ "$rc" -ne 0 ] || [ "$n" -eq 0 ]; then
		why="exit $rc"
		[ "$rc" -eq 124 ] && why="timed out after $limit s"
		[ "$rc" -eq 0 ] && why="no RESULT line"
		echo "  FAILED ($why, ${took} s); last lines of $out/$name.log:"
		tail -n 8 "$out/$name.log" | sed 's/^/    /'
		failed="$failed $name"
		echo "$name failed $took $why" >>"$out/status.txt"
	else
		echo "$name ok $took" >>"$out/status.txt"
	fi
	show_results "$out/$name.log"
	sed -n "s/^RESULT /RESULT bench=$name /p" "$out/$name.log" >>"$out/results.txt"
done
echo "load_after $(cut -d' ' -f1-3 /proc/loadavg)" >>"$out/machine.txt"

"$top/bench/report.sh" "$build" || failed="$failed report"

missed=$("$top/bench/report_verdicts.sh" "$out/results.txt" |
	awk -F'\t' '$9 == "FAIL" { printf " %s", $2 }')
echo
echo "report: $out/report.md"
[ -n "$failed" ] && echo "failed to run:$failed"
[ -n "$missed" ] && echo "missed targets:$missed"
[ -z "$failed" ] && [ -z "$missed" ] && echo "every benchmark ran and met its targets"
[ -z "$failed" ] && [ -z "$missed" ]
