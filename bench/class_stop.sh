#!/usr/bin/env bash
# How each drive class stops, on Modbus TCP and on RTU: the real control
# loop against omt-sim playing the class (bench/class_stop_probe.c), the
# axis driven by its pedal and released over and over.  Per class and
# transport:
#
#   CLASS_TRANSPORT_stop_command_p50/p99/max
#       pedal release to the drive's stop command at the simulator (LINAK
#       STOP, CiA 402 halt or quick stop, the cyclic drive's first braking
#       setpoint), against the control period;
#   CLASS_TRANSPORT_stop_distance_p50/max
#       stopping distance against the axis's bound v^2/(2 stop_decel) +
#       v period at the speed of the release (target: max <= 1, but for
#       the LINAK class, whose fixed-time stop exceeds it below
#       stop_decel x its soft stop);
#   CLASS_TRANSPORT_stop_distance_top_max
#       the same against the bound at the axis's top speed, what the
#       start check holds a drive's own stop to (target: <= 1).
#
# Classes: cyclic (the height on omt-generic-1), linak (the height on the
# LINAK-class actuator of etc/tables/mixed.conf), cia402 (its tilt on the
# CiA 402 drive).  TCP at a 10 ms period; RTU on the simulator's pty paced
# at 115200 baud, a 20 ms period (as bench/rtu_loop.sh).
#
#   bench/class_stop.sh BUILD_DIR
#
# Environment: BENCH_SECONDS (default 60) is each of the six runs'
# length; BENCH_CLASSES ("cyclic linak cia402") and BENCH_TRANSPORTS
# ("tcp rtu") choose the runs.
set -u

build=${1:-build}
top=$(cd "$(dirname "$0")/.." && pwd)
case "$build" in /*) ;; *) build=$top/$build ;; esac
seconds=${BENCH_SECONDS:-60}
classes=${BENCH_CLASSES:-cyclic linak cia402}
transports=${BENCH_TRANSPORTS:-tcp rtu}

work=$(mktemp -d /tmp/omt-bench-class.XXXXXX)
trap 'rm -rf "$work"' EXIT
die() { echo "class_stop: $*" >&2; exit 1; }

# Built here against this build's libraries, as bench/control_loop.sh's
# probe.
probe=$work/class_stop_probe
pkgs="libmodbus libgpiod libsystemd inih"
# shellcheck disable=SC2046
cc -std=gnu11 -O2 -g -D_GNU_SOURCE -Wall -Wextra -Werror -Wno-unused-parameter \
	-I"$top/include" -I"$top/common" $(for l in core link config store rt bus; do printf -- "-I%s/daemon/%s " "$top" "$l"; done) -I"$top/daemon" -I"$top/sim" \
	-I"$top/tests/lib" -I"$top/bench" $(pkg-config --cflags $pkgs) \
	-o "$probe" "$top/bench/class_stop_probe.c" \
	"$top/tests/lib/control_harness.c" "$top/tests/lib/sim_harness.c" \
	"$build"/daemon/libomt-{bus,rt,store,config,link,core,base}.a "$build/libomtsim.a" "$build/libomtcommon.a" \
	$(pkg-config --libs $pkgs) -lm -lpthread ||
	die "cannot build the probe"

ratio() { awk -v a="$1" -v b="$2" 'BEGIN { if (b + 0 == 0) b = 1; printf "%.2f", a / b }'; }
result() { printf 'RESULT name=%s value=%s unit=%s baseline=%s baseline_name=%s ratio=%s target=%s\n' "$@"; }

rc=0
for transport in $transports; do
	for class in $classes; do
		baud=
		[ "$transport" = rtu ] && baud=115200
		echo "== $class on $transport: ${seconds} s, load average $(cut -d' ' -f1-3 /proc/loadavg)"
		OMT_BUILD=$build OMT_PROBE_RTU_BAUD=$baud "$probe" "$class" "$seconds" \
			>"$work/out" 2>"$work/err"
		probe_rc=$?
		sed 's/^/  /' "$work/err"
		value() { awk -v k="$1" '$1 == k { print $2 }' "$work/out"; }
		if [ "$probe_rc" -ne 0 ] || [ -z "$(value latency_p99_us)" ]; then
			echo "  no figures (probe exit $probe_rc)"
			rc=1
			continue
		fi
		period=$(value period_us)
		printf '  stops %s, mean speed at release %s/s, stop_decel %s/s^2, faults at the end %s, cleared to go on %s\n' \
			"$(value stops)" "$(value speed_mean)" "$(value stop_decel)" "$(value faults)" "$(value fault_incidents)"
		n=${class}_${transport}
		for p in p50 p99 max; do
			v=$(value "latency_${p}_us")
			printf '  stop command %-4s %9s us = %5s periods\n' "$p" "$v" "$(ratio "$v" "$period")"
			result "${n}_stop_command_$p" "$v" us "$period" period "$(ratio "$v" "$period")" none
		done
		for p in p50 max; do
			r=$(value "ratio_$p")
			target=none
			# A LINAK-class stop is a fixed time: from a speed
			# below stop_decel x that time (a slow zone) it stops
			# past the speed's own bound, within the top speed's
			# (the next figure; docs/safety.md R16).
			[ "$p" = max ] && [ "$class" != linak ] && target='<=1'
			printf '  stopping distance %-4s %5s x the bound at the speed of the release\n' "$p" "$r"
			result "${n}_stop_distance_$p" "$r" ratio 1 bound "$r" "$target"
		done
		r=$(value ratio_top_max)
		printf '  stopping distance max  %5s x the bound at the axis'"'"'s top speed\n' "$r"
		result "${n}_stop_distance_top_max" "$r" ratio 1 top_speed_bound "$r" '<=1'
	done
done
exit $rc
