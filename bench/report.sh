#!/usr/bin/env bash
# Write BUILD_DIR/bench/report.md from what bench/run-all.sh left in
# BUILD_DIR/bench: the figures (results.txt), which benchmarks ran
# (status.txt), the machine (machine.txt), and the plots drawn here with
# gnuplot from the data files the benchmarks kept.
#
#   bench/report.sh [BUILD_DIR]
set -u

build=${1:-build}
top=$(cd "$(dirname "$0")/.." && pwd)
case "$build" in /*) ;; *) build=$top/$build ;; esac
out=$build/bench
[ -d "$out" ] || { echo "report: no $out (run bench/run-all.sh)" >&2; exit 1; }

fact() { awk -v k="$1" '$1 == k { $1 = ""; sub(/^ /, ""); print; exit }' "$out/machine.txt" 2>/dev/null; }

# Plots without data (a benchmark not run, or failed early) are named in
# the report; only gnuplot failing on data is an error.
plot_failed="" not_plotted=""

# (a) Lateness: both histograms as a density per microsecond (their bins
# differ: cyclictest counts per microsecond, the loop in quarter octaves)
# and as the fraction of wake-ups at least x late, which compares the
# tails.  Columns: from_us to_us count density at_least_from later_than_to
lateness_plot() {
	local loop=$out/control_loop.hist ct=$out/cyclictest.hist
	[ -s "$loop" ] && [ -s "$ct" ] || { not_plotted="$not_plotted lateness"; return 0; }
	awk '{ total += $3; from[NR] = $1; to[NR] = $2; n[NR] = $3 }
	END {
		left = total
		for (i = 1; i <= NR; i++) {
			width = to[i] - from[i]; if (width <= 0) width = 1
			printf "%g %g %d %g %g", from[i], to[i], n[i],
				n[i] / total / width, left / total
			left -= n[i]
			printf " %g\n", left / total
		}
	}' "$loop" >"$out/lateness_loop.dat"
	# Wake-ups later than the histogram's range are counted as overflows:
	# they belong in the total and the tail.
	awk '/^[0-9]/ { n[$1 + 0] = $2 + 0; total += $2; if ($1 + 0 > top) top = $1 + 0 }
	/^# Histogram Overflows:/ { over += $4; total += $4 }
	END {
		left = total
		for (us = 0; us <= top; us++) {
			if (n[us] > 0 || left > n[us])
				printf "%d %d %d %g %g %g\n", us, us + 1, n[us],
					n[us] / total, left / total, (left - n[us]) / total
			left -= n[us]
			if (left == 0 && n[us] > 0) break
		}
	}' "$ct" >"$out/lateness_cyclictest.dat"
	overflows=$(awk '/^# Histogram Overflows:/ { n += $4 } END { print n + 0 }' "$ct")
	gnuplot -e "data='$out'; png='$out/lateness.png'; ct_overflows=$overflows" \
		"$top/bench/report_lateness.gp" \
		2>"$out/lateness.gnuplot.log"
}

# (b) A move's setpoint against the drive's actual position.
move_plot() {
	[ -s "$out/move_trace.csv" ] || { not_plotted="$not_plotted move_trace"; return 0; }
	gnuplot -e "csv='$out/move_trace.csv'; png='$out/move_trace.png'" \
		"$top/bench/report_move.gp" 2>"$out/move_trace.gnuplot.log"
}

command -v gnuplot >/dev/null || plot_failed="gnuplot is missing (tools/deps.sh bench)"
if [ -z "$plot_failed" ]; then
	rm -f "$out/lateness.png" "$out/move_trace.png"
	lateness_plot || plot_failed="$plot_failed lateness"
	move_plot || plot_failed="$plot_failed move_trace"
fi

{
	echo "# Benchmark report"
	echo
	echo "$(fact date), commit \`$(fact commit)\`, \`make bench\` with BENCH_SECONDS=$(fact bench_seconds)."
	echo
	echo "Every figure is compared with a baseline measured in the same run on"
	echo "the same machine; the ratio is what compares between machines and runs."
	echo "What each figure means: docs/benchmarks.md."
	echo
	echo "## Machine"
	echo
	echo "| | |"
	echo "| --- | --- |"
	echo "| CPUs (nproc) | $(fact cpus) |"
	echo "| CPU | $(fact cpu) |"
	echo "| kernel | $(fact kernel) |"
	echo "| load average before / after | $(fact load_before) / $(fact load_after) |"
	echo "| host | $(fact host) |"
	echo
	echo "## Figures"
	echo
	echo "| benchmark | figure | value | baseline | ratio | target | verdict |"
	echo "| --- | --- | --- | --- | --- | --- | --- |"
	"$top/bench/report_verdicts.sh" "$out/results.txt" |
	while IFS=$'\t' read -r bench name value unit baseline bname ratio target verdict; do
		case "$verdict" in
		pass) v="pass" ;;
		FAIL) v="**FAIL**" ;;
		*) v="" ;;
		esac
		if [ "$target" = none ]; then target=""; else target="\`$target\`"; fi
		if [ "$bname" = none ]; then
			base="-"
		else
			base="$baseline $unit ($bname)"
		fi
		printf '| %s | %s | %s %s | %s | %s | %s | %s |\n' "$bench" "$name" \
			"$value" "$unit" "$base" "$ratio" "$target" "$v"
	done
	echo
	echo "A target on the ratio reads \"ratio <= X\"; \"value==0\" bounds the"
	echo "value itself."
	echo
	echo "## Benchmarks run"
	echo
	echo "| benchmark | outcome | seconds | log |"
	echo "| --- | --- | --- | --- |"
	while read -r name outcome took why; do
		[ "$outcome" = ok ] || outcome="**failed** ($why)"
		printf '| %s | %s | %s | `%s.log` |\n' "$name" "$outcome" "$took" "$name"
	done <"$out/status.txt"
	echo
	# Each control-loop run's conditions (period, load, bus) and the
	# faults it ended with: what a "faults" figure above counts.
	runs=$(awk '
		/^control loop bench / { sub(/^control loop bench /, ""); printf "- %s\n", $0 }
		/control_loop_probe: fault .* at the end/ {
			sub(/.*control_loop_probe: fault /, ""); sub(/ at the end$/, "")
			printf "  - fault at the end: `%s`\n", $0
		}' "$out"/*.log 2>/dev/null)
	if [ -n "$runs" ]; then
		echo "### Control-loop runs"
		echo
		echo "$runs"
		echo
	fi
	# How each drive class stopped: each run's conditions and counts.
	if [ -s "$out/class_stop.log" ]; then
		echo "### Drive-class stop runs"
		echo
		awk '/^== / { sub(/^== /, ""); printf "- %s\n", $0 }
			/^  stops |^  no figures/ { sub(/^  /, ""); printf "  - %s\n", $0 }' \
			"$out/class_stop.log"
		echo
		echo "Stop command: pedal release to the drive's stop command at the"
		echo "simulator, in control periods; stopping distance: from the"
		echo "release to rest, as a fraction of v^2/(2 stop_decel) + v period."
		echo
	fi
	echo "## Plots"
	echo
	if [ -s "$out/lateness.png" ]; then
		echo "Control-loop wake-up lateness beside cyclictest at the same period"
		echo "and priority, under the same load, in the same run:"
		echo
		echo "![wake-up lateness](lateness.png)"
		echo
	fi
	if [ -s "$out/move_trace.png" ]; then
		echo "A move over D-Bus on the simulated table: the setpoint omtd streams"
		echo "each cycle and the drive's actual position, both as the simulator"
		echo "saw them:"
		echo
		echo "![setpoint and position of a move](move_trace.png)"
		echo
		why=$(grep -m1 'move_trace: the move to .* failed' "$out/move_trace.log" 2>/dev/null)
		[ -n "$why" ] && { echo "The move did not complete: \`${why#move_trace: }\`"; echo; }
	fi
	[ -n "$not_plotted" ] && echo "Not plotted, no data from this run:$not_plotted."
	[ -n "$plot_failed" ] && echo "Not plotted, gnuplot failed (see *.gnuplot.log):$plot_failed."
} >"$out/report.md"

[ -z "$plot_failed" ] || { echo "report: gnuplot failed:$plot_failed" >&2; exit 1; }
