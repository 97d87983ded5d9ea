#!/usr/bin/env bash
# org.omt.Table1 over a private dbus-daemon with the project's bus policy,
# against the simulated table: introspection as shipped, properties,
# Lock/Unlock with their change signals, the error name of each bad input
# (each refused call changing nothing), an unprivileged caller, omtctl's
# exit codes.  Motion is in bus_motion.sh.  Clients written by others
# (dbus-send, busctl) make the calls.
set -u
# shellcheck source=tests/integration/bus_stack.bash
. "$(dirname "$0")/bus_stack.bash"
trap 'stack_stop; [ -n "${monitor_pid:-}" ] && kill "$monitor_pid" 2>/dev/null' EXIT

if ! stack_start; then
	echo "not ok - the simulated stack starts"
	exit 1
fi
echo "ok - the simulated stack starts and omtd takes its name"

served_xml_matches() {
	busctl --system introspect --xml-interface org.omt.Table1 \
		/org/omt/Table1 >"$STACK_DIR/served.xml" || return 1
	diff -u <(awk -f "$top/tests/integration/bus_xml_extract.awk" "$top/docs/org.omt.Table1.xml") \
		<(awk -f "$top/tests/integration/bus_xml_extract.awk" "$STACK_DIR/served.xml") &&
		grep -q '<interface name="org.omt.Table1">' "$STACK_DIR/served.xml"
}
check "the served interfaces are identical to docs/org.omt.Table1.xml" served_xml_matches

properties_readable() {
	prop State | grep -qE '^s "(locked|idle|moving|stopping|fault|estop)"$' &&
		prop Height | grep -qE '^d [0-9.]+$' &&
		prop Tilt | grep -qE '^d -?[0-9.]+$' &&
		prop Locked | grep -qE '^b (true|false)$' &&
		prop ActiveFaults | grep -qE '^as [0-9]+' &&
		prop Presets | grep -qE '^as 0$' &&
		prop Drops | grep -qE '^a\{ss\} 4 .*"lumbar" "down"' &&
		prop HoldTimeoutMs | grep -qx 'u 300'
}
check "every property reads with its contract type" properties_readable

# A live client of the signals: omtctl monitor prints the state once it
# has subscribed (its readiness), then a line per change and signal.
"$OMTCTL" --json monitor >"$STACK_DIR/monitor" 2>&1 &
monitor_pid=$!
check "a monitor subscribes, each JSON line stamped with the time" \
	wait_for "$STACK_DIR/monitor" '^\{"time":"20[0-9]{2}-[01][0-9]-[0-3][0-9]T[0-2][0-9]:[0-5][0-9]:[0-5][0-9]\.[0-9]{3}[+-][0-9]{4}","state"'

unlock_and_lock() {
	[ "$(table_call Unlock)" = ok ] && prop Locked | grep -qx 'b false' &&
		wait_for "$STACK_DIR/monitor" '"locked":false' &&
		[ "$(table_call Lock)" = ok ] && prop Locked | grep -qx 'b true' &&
		prop State | grep -qx 's "locked"' &&
		[ "$(table_call Unlock)" = ok ] && wait_prop State '"idle"'
}
check "Lock and Unlock change Locked and State, with PropertiesChanged" unlock_and_lock

locked_refuses() {
	local before
	[ "$(table_call Lock)" = ok ] || return 1
	before=$(fingerprint)
	[ "$(table_call MoveTo dict:string:double:height,700)" = org.omt.Table1.Error.Locked ] &&
		[ "$(fingerprint)" = "$before" ] &&
		[ "$(table_call Unlock)" = ok ]
}
check "MoveTo while locked fails with Error.Locked and changes nothing" locked_refuses

# Bad input: the error name, and nothing changed.
refused() { # EXPECTED-ERROR METHOD ARGS...
	local want=$1 before got
	shift
	before=$(fingerprint)
	got=$(table_call "$@")
	[ "$got" = "$want" ] || { echo "$* gave '$got', not $want"; return 1; }
	[ "$(fingerprint)" = "$before" ] ||
		{ echo "$* changed the table:"; diff <(echo "$before") <(fingerprint); return 1; }
}
inval=org.freedesktop.DBus.Error.InvalidArgs
range=org.omt.Table1.Error.OutOfRange
notfound=org.omt.Table1.Error.NotFound
long_name=abcdefghijabcdefghijabcdefghij_33
check "MoveTo height=NaN: InvalidArgs" refused $inval MoveTo dict:string:double:height,nan
check "MoveTo tilt=+inf: InvalidArgs" refused $inval MoveTo dict:string:double:tilt,inf
check "MoveTo height=-inf: InvalidArgs" refused $inval MoveTo dict:string:double:height,-inf
check "MoveTo unknown key: InvalidArgs" refused $inval MoveTo dict:string:double:depth,3
check "MoveTo no target: InvalidArgs" refused $inval MoveTo dict:string:double:
check "MoveTo wrong signature: InvalidArgs" refused $inval MoveTo string:height
check "MoveTo height out of range: OutOfRange" refused $range MoveTo dict:string:double:height,5000
check "MoveTo tilt out of range: OutOfRange" refused $range MoveTo dict:string:double:tilt,-90
check "RecallPreset unknown: NotFound" refused $notfound RecallPreset string:nosuch
check "DeletePreset unknown: NotFound" refused $notfound DeletePreset string:nosuch
check "SavePreset empty name: InvalidArgs" refused $inval SavePreset string:
check "SavePreset 33-character name: InvalidArgs" refused $inval SavePreset string:$long_name
check "SavePreset name with a slash: InvalidArgs" refused $inval SavePreset string:a/b
check "RecallPreset empty name: InvalidArgs" refused $inval RecallPreset string:
check "ArmDrop unknown section: InvalidArgs" refused $inval ArmDrop string:spine
check "DisarmDrop empty section: InvalidArgs" refused $inval DisarmDrop string:
check "SetDropTension level 0: OutOfRange" refused $range SetDropTension string:lumbar uint32:0
check "SetDropTension level 11: OutOfRange" refused $range SetDropTension string:lumbar uint32:11
check "Hold of a motion the caller does not own: NotFound" refused $notfound Hold uint32:12345

unprivileged() { # as nobody: properties yes, methods no (stops aside)
	local before m out
	before=$(fingerprint)
	setpriv --reuid=65534 --regid=65534 --clear-groups busctl --system \
		get-property org.omt.Table1 /org/omt/Table1 org.omt.Table1 State | grep -q '^s ' || return 1
	for m in "Lock" "Unlock" "ClearFaults" \
		"MoveTo dict:string:double:height,700" "Hold uint32:1" \
		"SavePreset string:x" "RecallPreset string:x" "DeletePreset string:x" \
		"ArmDrop string:lumbar" "DisarmDrop string:lumbar" \
		"SetDropTension string:lumbar uint32:3"; do
		# shellcheck disable=SC2086
		out=$(setpriv --reuid=65534 --regid=65534 --clear-groups \
			dbus-send --system --print-reply --dest=org.omt.Table1 \
			/org/omt/Table1 org.omt.Table1.$m 2>&1)
		grep -q 'org.freedesktop.DBus.Error.AccessDenied' <<<"$out" ||
			{ echo "$m: $out"; return 1; }
	done
	[ "$(fingerprint)" = "$before" ]
}
check "an unprivileged user reads properties and is denied every method but the stops" unprivileged

# Stopping is never refused for lack of rights, by the policy or omtd.
anyone_stops() {
	local nobody=(setpriv --reuid=65534 --regid=65534 --clear-groups)
	"${nobody[@]}" dbus-send --system --print-reply --dest=org.omt.Table1 \
		/org/omt/Table1 org.omt.Table1.Stop >/dev/null || return 1
	"${nobody[@]}" dbus-send --system --print-reply --dest=org.omt.Table1 \
		/org/omt/Table1 org.omt.Table1.EmergencyStop >/dev/null || return 1
	wait_prop State '"estop"' || return 1
	"${nobody[@]}" "$OMTCTL" stop >/dev/null || return 1
	[ "$(table_call ClearFaults)" = ok ] && wait_prop State '"(locked|idle)"'
}
check "an unprivileged user may Stop and EmergencyStop (omtctl stop too); the e-stop latches" anyone_stops

omtctl_exit_codes() {
	"$OMTCTL" preset recall nosuch >/dev/null 2>&1; [ $? -eq 1 ] || return 1
	"$OMTCTL" move height=5000 >/dev/null 2>&1; [ $? -eq 1 ] || return 1
	"$OMTCTL" move height=abc >/dev/null 2>&1; [ $? -eq 2 ] || return 1
	setpriv --reuid=65534 --regid=65534 --clear-groups "$OMTCTL" lock >/dev/null 2>&1
	[ $? -eq 3 ] || return 1
	DBUS_SYSTEM_BUS_ADDRESS=unix:path=$STACK_DIR/none "$OMTCTL" status >/dev/null 2>&1
	[ $? -eq 4 ] || return 1
	"$OMTCTL" --json status | grep -q '"hold_timeout_ms":300'
}
check "omtctl exit codes: refused 1, usage 2, denied 3, unreachable 4" omtctl_exit_codes

kill "$monitor_pid" 2>/dev/null
wait "$monitor_pid" 2>/dev/null
monitor_pid=
