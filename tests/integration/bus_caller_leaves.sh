#!/usr/bin/env bash
# A caller's own input and presence, over the private bus against the
# simulated table: a Trace whose caller leaves the bus is cancelled at once
# (the next Trace is not refused as busy for the rest of its length), and
# an error message quotes an over-long argument only in part.
set -u
# shellcheck source=tests/integration/bus_stack.bash
. "$(dirname "$0")/bus_stack.bash"
trap 'stack_stop' EXIT

if ! stack_start; then
	echo "not ok - the simulated stack starts"
	exit 1
fi
echo "ok - the simulated stack starts"

DIAG=org.omt.Table1.Diagnostics

trace_ends_with_its_caller() {
	local pid=0 out attempt i
	# The long trace must be the daemon's before the probe: when the probe
	# gets there first (a slow machine), it runs its second and the long
	# one is refused as busy; then try again.
	for attempt in $(seq 20); do
		busctl --system --timeout=700 call org.omt.Table1 /org/omt/Table1 \
			$DIAG Trace u 600 >/dev/null 2>&1 &
		pid=$!
		sleep 0.5
		out=$(busctl --system call org.omt.Table1 /org/omt/Table1 \
			$DIAG Trace u 1 2>&1)
		grep -q 'already running' <<<"$out" && break
		kill $pid 2>/dev/null
		wait $pid 2>/dev/null
	done
	grep -q 'already running' <<<"$out" || { echo "the long trace never ran: $out"; return 1; }
	kill -TERM $pid
	wait $pid 2>/dev/null
	# Leaving is noticed when the bus says so: wait for that, not a time.
	for i in $(seq 200); do
		out=$(busctl --system call org.omt.Table1 /org/omt/Table1 \
			$DIAG Trace u 1 2>&1) && break
		grep -q 'already running' <<<"$out" || { echo "$out"; return 1; }
		sleep 0.05
	done
	grep -qE '^a\(tbdddbddd\) 100 ' <<<"$out" || { echo "second trace: ${out:0:200}"; return 1; }
}
check "a Trace whose caller leaves the bus is cancelled; the next one runs" trace_ends_with_its_caller

long_argument_is_cut() {
	local long out
	long=$(head -c 5000 /dev/zero | tr '\0' 'x')
	out=$(busctl --system call org.omt.Table1 /org/omt/Table1 org.omt.Table1 \
		MoveTo 'a{sd}' 1 "$long" 700 2>&1)
	grep -q "Unknown target 'xxxx" <<<"$out" || { echo "$out"; return 1; }
	[ "${#out}" -lt 300 ] || { echo "${#out} characters"; return 1; }
	out=$(busctl --system call org.omt.Table1 /org/omt/Table1 $DIAG \
		ReadRegisters sqq "$long" 0 1 2>&1)
	grep -q "No unit 'xxxx" <<<"$out" || { echo "$out"; return 1; }
	[ "${#out}" -lt 300 ] || { echo "${#out} characters"; return 1; }
}
check "error messages quote at most 40 characters of an over-long argument" long_argument_is_cut
