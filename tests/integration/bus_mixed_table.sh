#!/usr/bin/env bash
# The mixed table end to end (make run TABLE=mixed): height on a
# LINAK-class actuator, tilt on a CiA 402 drive, drops on omt-generic-1,
# over a private dbus-daemon with omt-sim playing each class.  Pedals and
# D-Bus behave as on the generic table: MoveTo with Hold reaches its
# target on both class drives, MoveTo without Hold ends 'released', a
# released pedal stops its drive with the class's own stop command (LINAK
# STOP, CiA 402 halt) as the simulator receives it, a drop section arms
# and interlocks motion, EmergencyStop latches until ClearFaults.  The
# height is in table millimetres as on the generic table: the profile's
# target.origin (etc/tables/mixed.conf) places the actuator's stroke.
set -u
# shellcheck source=tests/integration/bus_stack.bash
. "$(dirname "$0")/bus_stack.bash"
trap 'stack_stop; [ -n "${monitor_pid:-}" ] && kill "$monitor_pid" 2>/dev/null' EXIT

STACK_TABLE=mixed
if ! stack_start; then
	echo "not ok - the simulated mixed table starts"
	exit 1
fi
echo "ok - the simulated mixed table starts and omtd takes its name"

"$OMTCTL" --json monitor >"$STACK_DIR/monitor" 2>&1 &
monitor_pid=$!
check "a monitor subscribes" wait_for "$STACK_DIR/monitor" '"state"'

check "omt-sim plays the height as a LINAK-class actuator" \
	eval 'sim_cmd "get height" | grep -q "^ok class=linak "'
check "omt-sim plays the tilt as a CiA 402 drive" \
	eval 'sim_cmd "get tilt" | grep -q "^ok class=cia402 map=index "'

# The simulated actuator starts at 250 mm of its stroke, 700 mm of table.
height_is_table_height() {
	local _
	for _ in $(seq 200); do
		prop Height | awk '{ exit !($2 > 699 && $2 < 701) }' && return 0
		sleep 0.05
	done
	echo "# Height: $(prop Height)"
	return 1
}
check "Height reads the table height (the actuator's stroke + origin)" height_is_table_height

# The simulator's own reading of a drive.
sim_value() { # DRIVE FIELD
	sim_cmd "get $1" | sed -nE "s/.*[ ]$2=([^ ]+).*/\1/p"
}

# The last K writes of a drive's stop-relevant word, as the simulator
# logged them: "T_NS SETPOINT CONTROL" lines.
sim_history() { # DRIVE K
	sim_cmd "history $1 $2" | tail -n +2
}

move_with_hold() {
	ready_to_move || return 1
	"$OMTCTL" move height=712 tilt=1 >"$STACK_DIR/move.out" 2>&1 || {
		cat "$STACK_DIR/move.out"; return 1; }
	grep -q 'Reached' "$STACK_DIR/move.out" &&
		wait_for "$STACK_DIR/monitor" '"outcome":"reached"' &&
		prop Height | awk '{ exit !($2 > 710.5 && $2 < 713.5) }' &&
		prop Tilt | awk '{ exit !($2 > 0.9 && $2 < 1.1) }' &&
		# (the simulator counts the stroke: 712 - 450)
		awk -v p="$(sim_value height real_position)" 'BEGIN { exit !(p > 260.5 && p < 263.5) }' &&
		awk -v p="$(sim_value tilt position)" 'BEGIN { exit !(p > 0.9 && p < 1.1) }'
}
check "MoveTo with Hold reaches its target on the LINAK and CiA 402 drives" move_with_hold

move_unheld_is_released() {
	local id
	ready_to_move || return 1
	id=$(busctl --system call org.omt.Table1 /org/omt/Table1 \
		org.omt.Table1 MoveTo 'a{sd}' 1 height 740 | awk '/^u / { print $2 }')
	[ -n "$id" ] && wait_for "$STACK_DIR/monitor" "\"motion_id\":$id,\"outcome\":\"released\"" &&
		wait_prop State '"idle"' &&
		[ "$(sim_value height running)" = 0 ]
}
check "MoveTo without Hold ends 'released' and the actuator stands" move_unheld_is_released

# A pedal held, then released: the drive's stop command reaches the
# simulator after the release and the drive comes to rest.
pedal_stops() { # PEDAL DRIVE STOP-PREDICATE (of a logged CONTROL word)
	local pedal=$1 drive=$2 stop=$3 before
	ready_to_move || return 1
	sim_cmd "input pedal-enable-a 1" >/dev/null && sim_cmd "input pedal-enable-b 1" >/dev/null &&
		sim_cmd "input $pedal 1" >/dev/null || return 1
	wait_prop State '"moving"' || return 1
	sleep 0.5   # for the drive to run, not for synchronisation
	# The simulator's clock just before the release: its last write's.
	before=$(sim_history "$drive" 1 | awk '{ print $1 }')
	sim_cmd "input $pedal 0" >/dev/null
	sim_cmd "input pedal-enable-a 0" >/dev/null
	sim_cmd "input pedal-enable-b 0" >/dev/null
	wait_prop State '"idle"' || return 1
	# A stop command among the writes since then (the simulator's own
	# timestamps, compared with each other, not timed).
	sim_history "$drive" 256 | awk -v t="${before:-0}" '$1 > t { print $3 }' |
		while read -r word; do "$stop" "$word" && echo stop; done | grep -q . || {
		echo "# no stop command in:"; sim_history "$drive" 16 | sed 's/^/#   /'; return 1; }
	awk -v v="$(sim_value "$drive" velocity)" 'BEGIN { exit !(v == 0) }'
}
linak_stop() { [ $(($1)) -eq 64259 ]; }        # COMMAND = STOP
cia402_halt() { [ $(($1 & 0x100)) -ne 0 ]; }   # controlword bit 8
check "the height pedal released: LINAK STOP at the actuator, which stands" \
	pedal_stops pedal-height-up height linak_stop
check "the tilt pedal released: CiA 402 halt at the drive, which stands" \
	pedal_stops pedal-tilt-up tilt cia402_halt

drops_cycle() {
	local got
	ready_to_move || return 1
	got=$(table_call ArmDrop string:lumbar)
	[ "$got" = ok ] || { echo "ArmDrop: $got"; return 1; }
	wait_prop Drops '"lumbar" "(arming|armed)"' || return 1
	got=$(table_call MoveTo dict:string:double:height,700)
	[ "$got" = org.omt.Table1.Error.Interlock ] || { echo "MoveTo while armed: $got"; return 1; }
	got=$(table_call DisarmDrop string:lumbar)
	[ "$got" = ok ] || { echo "DisarmDrop: $got"; return 1; }
	wait_prop Drops '"lumbar" "down"'
}
check "a drop section on omt-generic-1 arms, interlocks motion, disarms" drops_cycle

estop_and_recover() {
	ready_to_move || return 1
	[ "$(table_call EmergencyStop)" = ok ] && prop State | grep -qx 's "estop"' &&
		[ "$(table_call MoveTo dict:string:double:height,700)" = org.omt.Table1.Error.Interlock ] &&
		[ "$(table_call ClearFaults)" = ok ] &&
		wait_prop State '"(idle|locked)"'
}
check "EmergencyStop latches until ClearFaults" estop_and_recover

# A fault a class drive names is shown to the technician, not only its
# canonical code: a power cycle loses the LINAK actuator's position
# (position-lost, FAULT_CODE encoder).  Last: only a recovery run outside
# omtd finds the position again.
diag_prop() {
	busctl --system get-property org.omt.Table1 /org/omt/Table1 \
		org.omt.Table1.Diagnostics "$1"
}

named_fault_shown() {
	local diag _
	diag_prop DriveFaults | grep -qx 'a{ss} 2 "height" "none" "tilt" "none"' || {
		echo "# before: $(diag_prop DriveFaults)"; return 1; }
	sim_cmd "power-cycle height" | grep -q '^ok' || return 1
	wait_prop ActiveFaults 'height' || return 1
	for _ in $(seq 200); do
		diag_prop DriveFaults | grep -q '"height" "position-lost"' && break
		sleep 0.05
	done
	diag_prop DriveFaults | grep -qx 'a{ss} 2 "height" "position-lost" "tilt" "none"' || {
		echo "# DriveFaults: $(diag_prop DriveFaults)"; return 1; }
	diag=$("$OMTCTL" diag axes)
	grep -qE '^height .* / [0-9]+ encoder \(position-lost\)  ' <<<"$diag" &&
		! grep -E '^tilt ' <<<"$diag" | grep -qE ' / [0-9]+ [a-z-]+ \(' || {
		echo "$diag" | sed 's/^/# /'; return 1; }
	diag=$("$OMTCTL" --json diag axes)
	grep -q '"axis":"height".*"drive_fault_name":"encoder","class_fault":"position-lost"' <<<"$diag" &&
		grep -q '"axis":"lumbar"[^}]*"class_fault":null' <<<"$diag" || {
		echo "# $diag"; return 1; }
}
check "a named class fault (position-lost) shows in DriveFaults and omtctl diag axes" named_fault_shown

kill "$monitor_pid" 2>/dev/null
wait "$monitor_pid" 2>/dev/null
monitor_pid=
stack_stop
[ "$check_failures" -eq 0 ]
