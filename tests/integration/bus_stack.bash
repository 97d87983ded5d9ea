# shellcheck shell=bash
# Helpers for the bus tests: source this file, then
#   stack_start                 the simulated stack via tools/run-stack.sh
#                               (the table STACK_TABLE names, generic by default);
#                               sets STACK_DIR, STACK_PID, STACK_STATE, SIM_CONTROL
#                               and exports DBUS_SYSTEM_BUS_ADDRESS; with
#                               STACK_SEED_PRESETS set, omtd starts with that
#                               text as its preset file; with
#                               STACK_SEED_STATE set, a directory whose
#                               files omtd finds in its state directory
#   stack_stop                  SIGTERM by pid, wait, clean up
#   table_call METHOD ARGS...   dbus-send a Table1 method; prints "ok" or
#                               the D-Bus error name
#   prop NAME                   busctl get-property of a Table1 property
#   fingerprint                 the state a refused call must not change
#   sim_cmd "input ... 1"       a command on the simulator's control socket
#   wait_for FILE REGEX         until a line matches (a readiness wait with
#                               a generous deadline, not a timing check)
#   ready_to_move               until the table is idle: unlocked, and a
#                               fault a loaded machine's late Modbus
#                               replies left is cleared
#   check NAME COMMAND...       run a check, print "ok - NAME" / "not ok - NAME"
# Not executable, so tests/run-all.sh does not take it for a test.

top=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
build=${OMT_BUILD:-$top/build}
case "$build" in /*) ;; *) build=$top/$build ;; esac
OMTCTL=$build/omtctl

stack_start() {
	STACK_DIR=$(mktemp -d /tmp/omt-bus-test.XXXXXX) || return 1
	# Other users (nobody) must reach the bus socket inside.
	chmod 0755 "$STACK_DIR"
	mkfifo "$STACK_DIR/address"
	# A preset file for omtd to find at start, when a test gives one.
	if [ -n "${STACK_SEED_PRESETS+set}" ]; then
		mkdir -p "$STACK_DIR/stack/state"
		printf '%s' "$STACK_SEED_PRESETS" >"$STACK_DIR/stack/state/presets"
	fi
	if [ -n "${STACK_SEED_STATE:-}" ]; then
		mkdir -p "$STACK_DIR/stack/state"
		cp -p "$STACK_SEED_STATE"/. "$STACK_DIR/stack/state/" -R
	fi
	# Tests share two cores with other tests: tolerate a loaded machine's
	# late Modbus replies for a second before calling the link lost.
	OMT_STACK_CONTROL_EXTRA=${OMT_STACK_CONTROL_EXTRA:-comms_lost_ms = 500
drive_watchdog_ms = 1000} \
	OMT_STACK_DIR=$STACK_DIR/stack "$top/tools/run-stack.sh" "$build" \
		"${STACK_TABLE:-generic}" \
		>"$STACK_DIR/address" 2>"$STACK_DIR/run-stack.log" &
	STACK_PID=$!
	local line=""
	# The address line is printed once omtd owns its name; a stack that
	# fails ends the read with nothing.
	read -r -t 60 line <"$STACK_DIR/address"
	case "$line" in
	DBUS_SYSTEM_BUS_ADDRESS=*) ;;
	*)
		echo "# the stack did not start: $(cat "$STACK_DIR/run-stack.log")"
		return 1
		;;
	esac
	export DBUS_SYSTEM_BUS_ADDRESS=${line#DBUS_SYSTEM_BUS_ADDRESS=}
	STACK_STATE=$STACK_DIR/stack/state
	SIM_CONTROL=$STACK_DIR/stack/sim.ctl
}

stack_stop() {
	if [ -n "${STACK_PID:-}" ]; then
		kill -TERM "$STACK_PID" 2>/dev/null
		if wait "$STACK_PID" 2>/dev/null; then
			echo "ok - the stack shuts down cleanly"
		else
			echo "not ok - the stack shuts down cleanly"
			sed 's/^/#   /' "$STACK_DIR/run-stack.log" | tail -n 30
		fi
		STACK_PID=
	fi
	[ -n "${STACK_DIR:-}" ] && rm -rf "$STACK_DIR"
	STACK_DIR=
}

table_call() { # METHOD [dbus-send args...]
	local method=$1 out
	shift
	if out=$(dbus-send --system --print-reply --reply-timeout=5000 \
		--dest=org.omt.Table1 /org/omt/Table1 "org.omt.Table1.$method" \
		"$@" 2>&1); then
		echo ok
	else
		sed -nE 's/^Error ([^:]+):.*/\1/p' <<<"$out" | head -n 1
	fi
}

prop() {
	busctl --system get-property org.omt.Table1 /org/omt/Table1 \
		org.omt.Table1 "$1"
}

# State and ActiveFaults are left out: a loaded machine's late Modbus
# replies may raise and clear link faults at any moment.  A refused call
# must not start motion, lock, unlock, arm, or touch the presets.
fingerprint() {
	local p
	for p in Locked Presets Drops; do
		prop "$p"
	done
	prop State | grep -qE '"(moving|stopping)"' && echo "in motion"
	cat "$STACK_STATE/presets" 2>/dev/null
}

sim_cmd() {
	printf '%s\n' "$1" | socat -t 5 - "UNIX-CONNECT:$SIM_CONTROL"
}

wait_for() { # FILE REGEX
	local i
	for i in $(seq 200); do
		grep -qE "$2" "$1" 2>/dev/null && return 0
		sleep 0.05
	done
	echo "# never saw /$2/ in $1:"
	tail -n 5 "$1" | sed 's/^/#   /'
	return 1
}

# Until a property reads as wanted (the same readiness wait as wait_for).
wait_prop() { # NAME VALUE-REGEX
	local i
	for i in $(seq 200); do
		prop "$1" 2>/dev/null | grep -qE "$2" && return 0
		sleep 0.05
	done
	echo "# $1 is $(prop "$1"), never /$2/"
	return 1
}

# Each motion starts from a table that is idle and unlocked; a link fault
# left by a loaded machine's late Modbus replies is cleared first.
ready_to_move() {
	local i
	for i in $(seq 200); do
		case "$(prop State)" in
		*'"idle"'*) return 0 ;;
		*'"locked"'*) table_call Unlock >/dev/null ;;
		*'"fault"'* | *'"estop"'*) table_call ClearFaults >/dev/null ;;
		esac
		sleep 0.05
	done
	echo "# not ready to move: $(prop State) $(prop ActiveFaults)"
	return 1
}

# shellcheck source=tests/lib/check.bash
. "$(dirname "${BASH_SOURCE[0]}")/../lib/check.bash"
# Each check in a subshell: what one sets never leaks into the next.
CHECK_SUBSHELL=1
# What the table said about a failed check.
stack_said() {
	if [ -n "${STACK_DIR:-}" ] && [ -f "$STACK_DIR/stack/omtd.log" ]; then
		echo "table: $(prop State 2>&1) $(prop ActiveFaults 2>&1)"
		tail -n 8 "$STACK_DIR/stack/omtd.log" | sed 's/^/omtd: /'
	fi
}
CHECK_ON_FAIL=stack_said
