#!/usr/bin/env bash
# The client examples docs/dbus-api.md walks through, run as shipped
# against the simulated stack: examples/table_client.py (python3-dbus) and
# examples/table_client.c (sd-bus, built as BUILD/examples/table-client).
# Each unlocks, meets each refusal by its error name, holds a move to
# its end while printing progress from PropertiesChanged, and recalls a
# preset the same way.
set -u
# shellcheck source=tests/integration/bus_stack.bash
. "$(dirname "$0")/bus_stack.bash"
trap 'stack_stop' EXIT

# The examples are Python and C processes of ordinary priority: on a
# machine loaded with other builds one may wait past the default 300 ms
# keep-alive before the scheduler runs it (the table then stops, as it
# must).  The examples' own code is what is under test here, so the stack
# allows 1 s, as bus_stack.bash allows late Modbus replies.
OMT_STACK_CONTROL_EXTRA='comms_lost_ms = 500
drive_watchdog_ms = 1000
hold_timeout_ms = 1000'
if ! stack_start; then
	echo "not ok - the stack starts"
	exit 1
fi

runs_as_documented() { # TARGET_MM PROGRAM...
	local target=$1 out
	shift
	out=$("$@" "$target" 2>&1) || { echo "$out"; return 1; }
	echo "$out"
	for e in Locked NotFound OutOfRange InvalidArgs Interlock Exists; do
		grep -qE "^  [^:]+: $e: " <<<"$out" || { echo "no $e"; return 1; }
	done
	# Progress came from PropertiesChanged during each held motion.
	[ "$(grep -cE '^  motion [0-9]+ finished: reached$' <<<"$out")" -eq 2 ] &&
		[ "$(grep -cE '^  height [0-9.]+ mm$' <<<"$out")" -ge 4 ] &&
		grep -qx "now at 700.0 mm" <<<"$out" &&
		grep -qx "  drive height: serial OMTSIM-0001, firmware 1.0.0-sim" <<<"$out" &&
		grep -qx "  drive pelvic: serial OMTSIM-0006, firmware 1.0.0-sim" <<<"$out" &&
		[ "$(tail -n 1 <<<"$out")" = done ] &&
		# It left the table as it found it: no preset behind.
		prop Presets | grep -qx 'as 0'
}
check "examples/table_client.py: unlock, each refusal by name, a held move with progress, a preset recall" \
	runs_as_documented 730 /usr/bin/python3 "$top/examples/table_client.py"
check "examples/table_client.c (sd-bus): the same" \
	runs_as_documented 680 "$build/examples/table-client"

leaves_when_its_motion_is_cut() {
	# A client that dies mid-motion stops the table: hold-to-run is
	# the caller's, which the example keeps alive only while it runs.
	"$build/examples/table-client" 900 >"$STACK_DIR/cut.out" 2>&1 &
	local pid=$!
	wait_for "$STACK_DIR/cut.out" '^move to' || return 1
	wait_prop State '"moving"' || return 1
	kill -KILL "$pid"
	wait "$pid" 2>/dev/null
	wait_prop State '"(idle|stopping)"' || return 1
	wait_prop State '"idle"' &&
		awk '{ exit !($2 < 890) }' <<<"$(prop Height)"
}
check "a killed example's motion stops short of its target (hold-to-run)" leaves_when_its_motion_is_cut
