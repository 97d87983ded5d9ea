#!/usr/bin/env bash
# org.omt.Table1.Diagnostics over a private dbus-daemon with the project's
# bus policy, against the simulated table: every call answers root and a
# member of omt-service, and refuses a member of omt-operator only; bad
# arguments are refused and change nothing; register writes need service
# mode (locked, at rest); the event log records lock, e-stop and motion and
# survives a restart of omtd; a trace's height setpoints are the ones the
# simulated drive received, cycle by cycle.
set -u
# shellcheck source=tests/integration/bus_stack.bash
. "$(dirname "$0")/bus_stack.bash"

made_groups=()
made_users=()
seed=
cleanup() {
	local u g
	stack_stop
	for u in "${made_users[@]}"; do userdel "$u" 2>/dev/null; done
	for g in "${made_groups[@]}"; do groupdel "$g" 2>/dev/null; done
	[ -n "$seed" ] && rm -rf "$seed"
}
trap cleanup EXIT

# The policy and omtd resolve the groups when they start: make them (and
# a user in each) first, when this machine has none.
for g in omt-operator omt-service; do
	if ! getent group "$g" >/dev/null; then
		groupadd --system "$g" && made_groups+=("$g")
	fi
done
operator=omtdiagop$$
service=omtdiagsv$$
useradd --system --no-create-home --shell /usr/sbin/nologin -G omt-operator "$operator" &&
	made_users+=("$operator")
useradd --system --no-create-home --shell /usr/sbin/nologin -G omt-service "$service" &&
	made_users+=("$service")
as_user() { # USER COMMAND...
	local u=$1
	shift
	setpriv --reuid="$u" --regid="$(id -g "$u")" --init-groups "$@"
}

if ! stack_start; then
	echo "not ok - the simulated stack starts"
	exit 1
fi
echo "ok - the simulated stack starts and omtd takes its name"

DIAG=org.omt.Table1.Diagnostics
diag_call() { # METHOD [busctl signature args...]: the reply, or the error
	busctl --system call org.omt.Table1 /org/omt/Table1 $DIAG "$@" 2>&1
}
# dbus-send as USER: "ok" or the D-Bus error name
diag_as() { # USER METHOD [dbus-send args...]
	local u=$1 m=$2 out
	shift 2
	if out=$(as_user "$u" dbus-send --system --print-reply --reply-timeout=5000 \
		--dest=org.omt.Table1 /org/omt/Table1 "$DIAG.$m" "$@" 2>&1); then
		echo ok
	else
		sed -nE 's/^Error ([^:]+):.*/\1/p' <<<"$out" | head -n 1
	fi
}

every_call_answers_root() {
	diag_call GetLoopStatistics | grep -qE '^tttbb [0-9]+ ' &&
		diag_call GetInputs | grep -q '"estop-a"' &&
		diag_call GetAxes | grep -q '"height"' &&
		diag_call GetTravelLimits | grep -qE '^a\(sdd\) 6 "height" [0-9.]+ [0-9.]+ "tilt" -?[0-9.]+ -?[0-9.]+ "cervical" ' &&
		diag_call GetInterlock | grep -qE '^sbb "(absent|enabled|dropped)" (true|false) (true|false)$' &&
		diag_call GetLoopTiming | grep -qE '^a\{sv\} 11 "period_ns" t 10000000 "cycles" t [1-9][0-9]* "overruns" t [0-9]+ "late_wakeups" t [0-9]+ "lateness_p50_ns" t [0-9]+ "lateness_p99_ns" t [0-9]+ "lateness_max_ns" t [0-9]+ "realtime" b (true|false) "rt_error" i -?[0-9]+ "events_dropped" t 0 "lateness_histogram" a\(tt\) [1-9]' &&
		diag_call GetLinkStatistics | grep -qE '^a\{sa\{sv\}\} 7 "height" 10 "requests" t [1-9][0-9]* "ok" t [1-9]' &&
		diag_call ReadRegisters sqq height 32 1 | grep -qx 'aq 1 1' &&
		diag_call ReadRegisters sqq tilt 32 1 | grep -qx 'aq 1 2' &&
		diag_call GetEventLog | grep -q '"start" "omtd started"' &&
		diag_call Trace u 1 | grep -qE '^a\(tbdddbddd\) 100 0 true '
}
check "every Diagnostics call answers root, with its shape (AXIS_KIND 1 height, 2 tilt; 100 cycles a second)" every_call_answers_root

operator_denied_service_allowed() {
	local m got
	for m in GetLoopStatistics GetInputs GetAxes GetInterlock GetLoopTiming GetTravelLimits \
		GetLinkStatistics GetEventLog; do
		got=$(diag_as "$operator" $m)
		[ "$got" = org.freedesktop.DBus.Error.AccessDenied ] ||
			{ echo "operator $m: $got"; return 1; }
		got=$(diag_as "$service" $m)
		[ "$got" = ok ] || { echo "service $m: $got"; return 1; }
	done
	for m in "ReadRegisters string:height uint16:0 uint16:1" \
		"WriteRegister string:height uint16:19 uint16:300" "Trace uint32:1"; do
		# shellcheck disable=SC2086
		got=$(diag_as "$operator" $m)
		[ "$got" = org.freedesktop.DBus.Error.AccessDenied ] ||
			{ echo "operator $m: $got"; return 1; }
	done
	got=$(diag_as "$service" ReadRegisters string:height uint16:0 uint16:1)
	[ "$got" = ok ] || { echo "service ReadRegisters: $got"; return 1; }
	# The operator is not denied everything: Table1 is theirs.
	[ "$(as_user "$operator" dbus-send --system --print-reply --dest=org.omt.Table1 \
		/org/omt/Table1 org.omt.Table1.Lock >/dev/null 2>&1 && echo ok)" = ok ] &&
		as_user "$operator" "$OMTCTL" diag loop >/dev/null 2>&1
	[ $? -eq 3 ] || { echo "omtctl diag as operator did not exit 3"; return 1; }
	as_user "$service" "$OMTCTL" diag link | grep -q '^height '
}
check "omt-operator is denied every Diagnostics call, omt-service allowed" operator_denied_service_allowed

# A refusal leaves the register as it was.
velocity_limit() { diag_call ReadRegisters sqq height 19 1 | awk '{print $3}'; }

bad_arguments_refused() {
	local inval=org.freedesktop.DBus.Error.InvalidArgs before got a
	before=$(velocity_limit)
	for a in "ReadRegisters string:nowhere uint16:0 uint16:1" \
		"ReadRegisters string:height uint16:0 uint16:0" \
		"ReadRegisters string:height uint16:0 uint16:17" \
		"ReadRegisters string:height uint16:65535 uint16:2" \
		"WriteRegister string:nowhere uint16:19 uint16:1" \
		"Trace uint32:0" "Trace uint32:601" \
		"ReadRegisters string:height uint16:0"; do
		# shellcheck disable=SC2086
		got=$(diag_as root $a)
		[ "$got" = $inval ] || { echo "$a: $got"; return 1; }
	done
	[ "$(velocity_limit)" = "$before" ] || return 1
	"$OMTCTL" diag read height 0 17 >/dev/null 2>&1
	[ $? -eq 2 ] || return 1
	"$OMTCTL" diag read drawer 0 1 >/dev/null 2>&1
	[ $? -eq 2 ] || return 1
	"$OMTCTL" diag trace --seconds 601 --out "$STACK_DIR/x.csv" >/dev/null 2>&1
	[ $? -eq 2 ] && [ ! -e "$STACK_DIR/x.csv" ]
}
check "bad Diagnostics arguments: InvalidArgs (omtctl: exit 2), nothing changed" bad_arguments_refused

write_needs_service_mode() {
	local before a
	[ "$(table_call Unlock)" = ok ] || return 1
	before=$(velocity_limit)
	[ "$(diag_as root WriteRegister string:height uint16:19 uint16:123)" = org.omt.Table1.Error.Locked ] ||
		{ echo "unlocked write was not refused with Error.Locked"; return 1; }
	[ "$(velocity_limit)" = "$before" ] || { echo "refused write changed the register"; return 1; }
	[ "$(table_call Lock)" = ok ] || return 1
	# CONTROL (enable), SETPOINT and WATCHDOG_MS stay omtd's, even locked.
	for a in 16 17 18 20; do
		[ "$(diag_as root WriteRegister string:height uint16:$a uint16:1)" = org.omt.Table1.Error.Interlock ] ||
			{ echo "a write to register $a was not refused with Error.Interlock"; return 1; }
	done
	"$OMTCTL" diag write height 0x13 123 | grep -q 'Wrote 123' || return 1
	# The speed cap is omtd's: a raw write to it does not last, omtd
	# writes its own again within a few cycles.
	local i
	for i in $(seq 100); do
		[ "$(velocity_limit)" = "$before" ] && return 0
		sleep 0.02
	done
	echo "VELOCITY_LIMIT stayed at $(velocity_limit), omtd's cap is $before"
	return 1
}
check "WriteRegister only while locked (Error.Locked otherwise), never CONTROL, SETPOINT or WATCHDOG_MS (Error.Interlock); a raw VELOCITY_LIMIT write does not last" write_needs_service_mode

# The trace's height setpoints, on cycles where the drive was written, are
# the setpoints the simulator recorded, in the same order.
trace_matches_simulator() {
	local csv=$STACK_DIR/trace.csv trace_pid here target
	ready_to_move || return 1
	here=$(prop Height | awk '{printf "%d", $2}')
	target=$((here > 700 ? here - 20 : here + 20))
	"$OMTCTL" diag trace --seconds 3 --out "$csv" >"$STACK_DIR/trace.out" 2>&1 &
	trace_pid=$!
	sleep 0.3
	"$OMTCTL" move height=$target >"$STACK_DIR/move.out" 2>&1 ||
		{ cat "$STACK_DIR/move.out"; kill $trace_pid; return 1; }
	wait $trace_pid || { cat "$STACK_DIR/trace.out"; return 1; }
	head -n 1 "$csv" | grep -q '^time_s,height_exchanged,height_setpoint_mm,' || return 1
	[ "$(($(wc -l <"$csv") - 1))" -eq 300 ] || { echo "$(wc -l <"$csv") lines"; return 1; }
	sim_cmd "history height 1024" | tail -n +2 | awk '{print $2}' >"$STACK_DIR/sim.sp"
	awk -F, 'NR > 1 && $2 == 1 {print $3}' "$csv" >"$STACK_DIR/trace.sp"
	# Align at the first setpoint of the move, then compare every row.
	awk -v tol=0.0101 '
		function near(a, b) { return a - b <= tol && b - a <= tol }
		NR == FNR { sim[++ns] = $1; next }
		{ tr[++nt] = $1 }
		END {
			for (i = 2; i <= nt && near(tr[i], tr[1]); i++) ;
			if (i > nt) { print "no motion in the trace"; exit 1 }
			for (k = 2; k <= ns; k++) if (near(sim[k], tr[i]) && near(sim[k-1], tr[i-1]) && !near(sim[k], sim[k-1])) break
			if (k > ns) { print "the move setpoint " tr[i] " never reached the drive"; exit 1 }
			n = 0
			for (j = i; j <= nt && k <= ns; j++) {
				d = tr[j] - sim[k++]; if (d < 0) d = -d
				if (d > tol) { print "row " j ": trace " tr[j] ", drive got " sim[k-1]; exit 1 }
				n++
			}
			if (n < 50) { print "only " n " rows compared"; exit 1 }
			print "compared " n " rows"
		}' "$STACK_DIR/sim.sp" "$STACK_DIR/trace.sp"
}
check "a trace's height setpoints during a move match the simulator's log row by row (0.01 mm)" trace_matches_simulator

# The self-test, with the simulator's inputs standing in for a technician's
# feet: each pedal is pressed when asked for and released when told.
selftest_passes() {
	local out=$STACK_DIR/selftest.out st_pid p i soft
	ready_to_move || return 1
	"$OMTCTL" diag selftest >"$out" 2>&1 &
	st_pid=$!
	for p in height-up height-down tilt-up tilt-down enable-a enable-b; do
		wait_for "$out" "^press pedal-$p now" || { kill $st_pid; return 1; }
		sim_cmd "input pedal-$p 1" >/dev/null
		wait_for "$out" "^release pedal-$p" || { kill $st_pid; return 1; }
		sim_cmd "input pedal-$p 0" >/dev/null
	done
	wait $st_pid || { cat "$out"; return 1; }
	cat "$out"
	for i in height tilt cervical thoracic lumbar pelvic; do
		grep -qE "^PASS +identity $i " "$out" || return 1
	done
	soft=$(diag_call GetTravelLimits | awk '{printf "%.2f..%.2f", $4, $5}')
	grep -qE "^PASS +identity height +linear \\(1\\), travel [0-9.]+\\.\\.[0-9.]+, soft limits $soft\$" "$out" &&
		grep -qE '^PASS +motion height ' "$out" &&
		grep -qE '^PASS +motion tilt ' "$out" &&
		[ "$(grep -cE '^PASS +pedal ' "$out")" -eq 6 ] &&
		grep -qx 'Passed: 0 steps failed.' "$out"
}
check "diag selftest: identities, a move per axis and back, six pedals on and off" selftest_passes

# A drive answering every request with an exception fails its identity
# step and the whole self-test; a locked table skips the motion steps.
selftest_fails_a_mute_drive() {
	local out=$STACK_DIR/selftest2.out rc
	[ "$(table_call Lock)" = ok ] || return 1
	sim_cmd "fault lumbar exception 2" >/dev/null
	"$OMTCTL" diag selftest --no-pedals >"$out" 2>&1
	rc=$?
	# Raw access names the exception the drive answered with.
	"$OMTCTL" diag read lumbar 0x13 1 2>&1 |
		grep -q 'Modbus exception 2 (illegal data address)' || { echo "diag read"; return 1; }
	"$OMTCTL" diag write lumbar 0x13 100 2>&1 |
		grep -q 'Modbus exception 2 (illegal data address)' || { echo "diag write"; return 1; }
	sim_cmd "fault lumbar clear" >/dev/null
	table_call ClearFaults >/dev/null
	cat "$out"
	[ $rc -eq 1 ] && grep -qE '^FAIL +identity lumbar ' "$out" &&
		grep -qE '^PASS +identity height ' "$out" &&
		grep -qE '^SKIP +motion ' "$out" && grep -qE '^SKIP +pedals ' "$out"
}
check "diag selftest fails a drive that answers with exceptions (exit 1), skips motion when locked; diag read and write name the exception code" selftest_fails_a_mute_drive

# omtctl monitor shows what the log keeps: faults and drops as they happen.
"$OMTCTL" monitor >"$STACK_DIR/monitor" 2>&1 &
monitor_pid=$!
trap 'kill "$monitor_pid" 2>/dev/null; cleanup' EXIT
check "a monitor subscribes, its lines stamped with the time" \
	wait_for "$STACK_DIR/monitor" '^[0-2][0-9]:[0-5][0-9]:[0-5][0-9]\.[0-9]{3} [a-z]+  height '

monitor_shows_inputs() {
	[ "$(table_call Lock)" = ok ] || return 1
	sim_cmd "input pedal-tilt-up 1" >/dev/null
	wait_for "$STACK_DIR/monitor" ' input pedal-tilt-up on$' || return 1
	sim_cmd "input pedal-tilt-up 0" >/dev/null
	wait_for "$STACK_DIR/monitor" ' input pedal-tilt-up off$'
}
check "omtctl monitor shows an input line going on and off (locked table)" monitor_shows_inputs

drop_fires() {
	ready_to_move || return 1
	[ "$(table_call ArmDrop string:lumbar)" = ok ] || return 1
	wait_prop Drops '"lumbar" "armed"' || return 1
	sim_cmd "thrust lumbar 500" >/dev/null
	wait_for "$STACK_DIR/monitor" ' drop section lumbar fired$'
}
check "a fired drop section shows in omtctl monitor" drop_fires

events_logged() {
	[ "$(table_call Lock)" = ok ] && [ "$(table_call Unlock)" = ok ] &&
		[ "$(table_call EmergencyStop)" = ok ] || return 1
	wait_prop State '"estop"' || return 1
	table_call ClearFaults >/dev/null
	"$OMTCTL" diag log >"$STACK_DIR/log.txt" || return 1
	cat "$STACK_DIR/log.txt"
	grep -qE '^[0-9]{4}-[0-9]{2}-[0-9]{2} [0-9:.]+ +lock +table locked$' "$STACK_DIR/log.txt" &&
		grep -qE ' unlock +table unlocked$' "$STACK_DIR/log.txt" &&
		grep -qE ' estop +emergency stop$' "$STACK_DIR/log.txt" &&
		grep -qE ' motion +motion [0-9]+ finished: reached$' "$STACK_DIR/log.txt" &&
		grep -qE ' drop +drop section lumbar fired$' "$STACK_DIR/log.txt" &&
		grep -qE ' fault +estop: ' "$STACK_DIR/log.txt" &&
		grep -qE ' fault-cleared +estop cleared$' "$STACK_DIR/log.txt" &&
		grep -q 'FAULT estop' "$STACK_DIR/monitor" &&
		"$OMTCTL" --json diag log | grep -q '"kind":"estop","text":"emergency stop"'
}
check "the event log records lock, unlock, e-stop, faults raised and cleared, a drop fired and a finished motion (omtctl diag log); the monitor shows the fault" events_logged

# Restart: a new omtd on the same state directory still has the records.
# The stack is stopped here rather than by stack_stop, so the state is
# taken after omtd has ended (and logged that it did).
records_before=$("$OMTCTL" --json diag log | grep -o '"kind"' | wc -l)
kill -TERM "$STACK_PID"
if wait "$STACK_PID"; then
	echo "ok - the stack shuts down cleanly"
else
	echo "not ok - the stack shuts down cleanly"
fi
STACK_PID=
seed=$(mktemp -d /tmp/omt-diag-seed.XXXXXX)
cp "$STACK_STATE/events" "$seed/" || echo "# no event log to carry over"
stack_stop
STACK_SEED_STATE=$seed
if ! stack_start; then
	echo "not ok - the stack starts again on the same state"
	exit 1
fi
log_survives_restart() {
	"$OMTCTL" diag log >"$STACK_DIR/log2.txt" || return 1
	grep -qE ' estop +emergency stop$' "$STACK_DIR/log2.txt" &&
		grep -qE ' stop +omtd stopped$' "$STACK_DIR/log2.txt" &&
		[ "$(grep -c 'omtd started' "$STACK_DIR/log2.txt")" -eq 2 ] &&
		[ "$(wc -l <"$STACK_DIR/log2.txt")" -gt "$records_before" ]
}
check "the event log survives a restart of omtd, and the restart is in it" log_survives_restart
