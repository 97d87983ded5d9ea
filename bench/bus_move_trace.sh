#!/usr/bin/env bash
# A move over D-Bus on the simulated stack (tools/run-stack.sh), recorded
# at the drive one row per cycle: the setpoint omtd streams and the actual
# position (bus_move_trace).  Keeps move_trace.csv for the report's plot
# and prints the largest following error during the move as a ratio to
# the largest setpoint step of one cycle (how many cycles of travel the
# drive lags; informational, no target).
#
#   bench/bus_move_trace.sh [BUILD_DIR]
#
# Environment: BENCH_DATA_DIR (BUILD_DIR/bench), MOVE_FROM_MM (700),
# MOVE_TO_MM (760), MOVE_RECORD_SECONDS (5).
set -u
export OMT_BUILD=${1:-${OMT_BUILD:-build}}
# shellcheck source=tests/integration/bus_stack.bash
. "$(dirname "$0")/../tests/integration/bus_stack.bash"
# (bus_stack.bash sets build, OMTCTL, STACK_DIR, SIM_CONTROL.)
recorder=$build/bench/bus_move_trace
[ -x "$recorder" ] || { echo "move_trace: build $recorder first (make)" >&2; exit 1; }
data=${BENCH_DATA_DIR:-$build/bench}
mkdir -p "$data"
csv=$data/move_trace.csv
from=${MOVE_FROM_MM:-700} to=${MOVE_TO_MM:-760}
rec_pid=

# shellcheck disable=SC2317  # called by the trap
finish() {
	[ -n "$rec_pid" ] && kill -TERM "$rec_pid" 2>/dev/null
	stack_stop
}
trap finish EXIT
stack_start || exit 1
"$OMTCTL" unlock || { echo "move_trace: cannot unlock the table" >&2; exit 1; }
# Start from a known height, outside the recording.
"$OMTCTL" --quiet move height="$from" || { echo "move_trace: the move to $from mm failed" >&2; exit 1; }

mkfifo "$STACK_DIR/trace.ready"
"$recorder" "$SIM_CONTROL" height "${MOVE_RECORD_SECONDS:-5}" "$csv" >"$STACK_DIR/trace.ready" &
rec_pid=$!
read -r -t 10 ready <"$STACK_DIR/trace.ready" || ready=
[ "$ready" = ready ] || { echo "move_trace: the recorder did not start" >&2; exit 1; }
# Half a second at rest first, so the plot shows the start.
sleep 0.5
echo "move_trace: omtctl move height=$to (from $from mm)"
# A move that fails is still recorded and plotted: the trace shows how.
"$OMTCTL" --quiet move height="$to"
move_rc=$?
[ "$move_rc" -eq 0 ] || echo "move_trace: the move to $to mm failed (exit $move_rc): $("$OMTCTL" faults 2>&1 | tr '\n' ' ')" >&2
wait "$rec_pid" || { rec_pid=; echo "move_trace: the recorder failed" >&2; exit 1; }
rec_pid=

# While the setpoint moves: the largest |setpoint - position|, and the
# largest setpoint step between two writes.
awk -F, 'NR > 2 {
	step = $2 - prev; if (step < 0) step = -step
	if (step > 0.0005) {
		err = $2 - $3; if (err < 0) err = -err
		if (err > max_err) max_err = err
		if (step > max_step) max_step = step
		moving++
	}
}
NR > 1 { prev = $2 }
END {
	if (!moving) { print "move_trace: the setpoint never moved" > "/dev/stderr"; exit 1 }
	printf "move_trace: %d cycles with a moving setpoint, largest following error %.3f mm, largest step %.3f mm per cycle\n", moving, max_err, max_step
	printf "RESULT name=move_following_error_max value=%.3f unit=mm baseline=%.3f baseline_name=setpoint_step_max ratio=%.2f target=none\n", max_err, max_step, max_err / max_step
}' "$csv" || exit 1
exit "$move_rc"
