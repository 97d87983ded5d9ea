#!/usr/bin/env bash
# org.omt.Table1 methods that move the simulated table, over a private
# dbus-daemon: MoveTo with Hold, MoveTo without it, the caller leaving the
# bus, presets saved and recalled, drop sections, Stop, EmergencyStop and
# ClearFaults, with their signals.  Moves are kept short (tens of mm).
set -u
# shellcheck source=tests/integration/bus_stack.bash
. "$(dirname "$0")/bus_stack.bash"
trap 'stack_stop; [ -n "${monitor_pid:-}" ] && kill "$monitor_pid" 2>/dev/null' EXIT

if ! stack_start; then
	echo "not ok - the simulated stack starts"
	exit 1
fi
echo "ok - the simulated stack starts and omtd takes its name"

"$OMTCTL" --json monitor >"$STACK_DIR/monitor" 2>&1 &
monitor_pid=$!
check "a monitor subscribes" wait_for "$STACK_DIR/monitor" '"state"'

move_with_hold() {
	ready_to_move || return 1
	"$OMTCTL" move height=712 tilt=1 >"$STACK_DIR/move.out" 2>&1 || {
		cat "$STACK_DIR/move.out"; return 1; }
	grep -q 'Reached' "$STACK_DIR/move.out" &&
		wait_for "$STACK_DIR/monitor" '"outcome":"reached"' &&
		prop Height | awk '{ exit !($2 > 711 && $2 < 713) }' &&
		prop Tilt | awk '{ exit !($2 > 0.9 && $2 < 1.1) }'
}
check "MoveTo with Hold every 100 ms reaches its target (omtctl move)" move_with_hold

move_unheld_is_released() {
	local id
	ready_to_move || return 1
	# busctl stays connected only for the call: no Hold ever follows.
	id=$(busctl --system call org.omt.Table1 /org/omt/Table1 \
		org.omt.Table1 MoveTo 'a{sd}' 1 height 730 | awk '/^u / { print $2 }')
	[ -n "$id" ] && wait_for "$STACK_DIR/monitor" "\"motion_id\":$id,\"outcome\":\"released\""
}
check "MoveTo without Hold ends 'released'" move_unheld_is_released

# With the two-channel enable pedal held, a motion needs no Hold: only the
# caller leaving the bus can end it before it arrives.
owner_gone_stops() {
	local id
	ready_to_move || return 1
	sim_cmd "input pedal-enable-a 1" >/dev/null && sim_cmd "input pedal-enable-b 1" >/dev/null || return 1
	id=$(busctl --system call org.omt.Table1 /org/omt/Table1 \
		org.omt.Table1 MoveTo 'a{sd}' 1 height 800 | awk '/^u / { print $2 }')
	local rc=1
	[ -n "$id" ] && wait_for "$STACK_DIR/monitor" "\"motion_id\":$id,\"outcome\":\"released\"" && rc=0
	sim_cmd "input pedal-enable-a 0" >/dev/null
	sim_cmd "input pedal-enable-b 0" >/dev/null
	[ $rc -eq 0 ] && ! prop Height | awk '{ exit !($2 > 799) }'
}
check "a caller that leaves the bus stops its motion at once" owner_gone_stops

presets_cycle() {
	ready_to_move || return 1
	"$OMTCTL" -q move height=712 tilt=1 >/dev/null &&
		[ "$(table_call SavePreset string:treat_1)" = ok ] &&
		prop Presets | grep -q '"treat_1"' &&
		wait_for "$STACK_DIR/monitor" '"presets":\["treat_1"\]' &&
		grep -q '^preset treat_1 ' "$STACK_STATE/presets" &&
		"$OMTCTL" -q move height=700 >/dev/null &&
		"$OMTCTL" -q preset recall treat_1 >/dev/null &&
		prop Height | awk '{ exit !($2 > 711 && $2 < 713) }' &&
		[ "$(table_call DeletePreset string:treat_1)" = ok ] &&
		prop Presets | grep -qx 'as 0' &&
		! grep -q treat_1 "$STACK_STATE/presets"
}
check "SavePreset, RecallPreset (hold-to-run), DeletePreset, persisted" presets_cycle

drops_cycle() {
	local got
	ready_to_move || return 1
	got=$(table_call SetDropTension string:lumbar uint32:4)
	[ "$got" = ok ] || { echo "SetDropTension: $got"; return 1; }
	got=$(table_call ArmDrop string:lumbar)
	[ "$got" = ok ] || { echo "ArmDrop: $got"; return 1; }
	wait_prop Drops '"lumbar" "(arming|armed)"' || return 1
	# An armed (or arming) section is an interlock against table motion.
	got=$(table_call MoveTo dict:string:double:height,700)
	[ "$got" = org.omt.Table1.Error.Interlock ] || { echo "MoveTo while armed: $got"; return 1; }
	got=$(table_call DisarmDrop string:lumbar)
	[ "$got" = ok ] || { echo "DisarmDrop: $got"; return 1; }
	wait_prop Drops '"lumbar" "down"'
}
check "SetDropTension, ArmDrop (motion then interlocked), DisarmDrop" drops_cycle

stop_works() {
	ready_to_move || return 1
	"$OMTCTL" -q move height=730 >"$STACK_DIR/stop.out" 2>&1 &
	local mover=$!
	wait_prop State '"moving"' || { kill $mover; return 1; }
	[ "$(table_call Stop)" = ok ] || { kill $mover; return 1; }
	wait $mover
	local rc=$?
	[ $rc -eq 5 ] && wait_for "$STACK_DIR/monitor" '"outcome":"stopped"'
}
check "Stop ends a running motion 'stopped' (omtctl move exits 5)" stop_works

ctrl_c_stops() {
	local mover i rc moving=0
	ready_to_move || return 1
	"$OMTCTL" -q move height=800 >"$STACK_DIR/ctrlc.out" 2>&1 &
	mover=$!
	for i in $(seq 200); do
		prop State | grep -q '"moving"' && { moving=1; break; }
		kill -0 "$mover" 2>/dev/null || break
		sleep 0.05
	done
	if [ "$moving" -ne 1 ]; then
		wait "$mover"
		echo "never moving: $(cat "$STACK_DIR/ctrlc.out")"
		return 1
	fi
	kill -INT "$mover"
	wait "$mover"
	rc=$?
	[ $rc -eq 5 ] || { echo "omtctl exit $rc: $(cat "$STACK_DIR/ctrlc.out")"; return 1; }
	grep -q 'interrupted; the table stops' "$STACK_DIR/ctrlc.out" &&
		wait_for "$STACK_DIR/monitor" '"outcome":"released"' &&
		wait_prop State '"idle"' &&
		! prop Height | awk '{ exit !($2 > 799) }'
}
check "Ctrl-C on omtctl move stops the table (exit 5, 'released')" ctrl_c_stops

estop_and_recover() {
	ready_to_move || return 1
	[ "$(table_call EmergencyStop)" = ok ] && prop State | grep -qx 's "estop"' &&
		[ "$(table_call MoveTo dict:string:double:height,700)" = org.omt.Table1.Error.Interlock ] &&
		wait_for "$STACK_DIR/monitor" '"state":"estop"' &&
		[ "$(table_call ClearFaults)" = ok ] &&
		wait_prop State '"(idle|locked)"'
}
check "EmergencyStop latches (motion refused: Interlock) until ClearFaults" estop_and_recover

kill "$monitor_pid" 2>/dev/null
wait "$monitor_pid" 2>/dev/null
monitor_pid=
