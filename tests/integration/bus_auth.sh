#!/usr/bin/env bash
# omtd's own credential check, with no bus policy in the way: on a private
# bus that lets everyone call everything, an unprivileged caller still
# reads properties only, and is told by the daemon itself that it may not
# act; root may use Diagnostics.
set -u
# shellcheck source=tests/integration/bus_stack.bash
. "$(dirname "$0")/bus_stack.bash"
trap 'stack_stop' EXIT

export OMT_STACK_OPEN_BUS=1
if ! stack_start; then
	echo "not ok - the simulated stack starts with an open bus"
	exit 1
fi
echo "ok - the simulated stack starts with an open bus"

as_nobody() {
	setpriv --reuid=65534 --regid=65534 --clear-groups "$@"
}

daemon_denies() {
	local before m out
	before=$(fingerprint)
	as_nobody busctl --system get-property org.omt.Table1 /org/omt/Table1 \
		org.omt.Table1 Height | grep -q '^d ' || return 1
	for m in "Lock" "Unlock" "ClearFaults" \
		"MoveTo dict:string:double:height,700" \
		"SavePreset string:x" "RecallPreset string:x" "DeletePreset string:x" \
		"ArmDrop string:lumbar" "DisarmDrop string:lumbar" \
		"SetDropTension string:lumbar uint32:3"; do
		# shellcheck disable=SC2086
		out=$(as_nobody dbus-send --system --print-reply --dest=org.omt.Table1 \
			/org/omt/Table1 org.omt.Table1.$m 2>&1)
		# The daemon's refusal names the group needed; the bus's would not.
		grep -q 'org.freedesktop.DBus.Error.AccessDenied: Not allowed: this needs membership of group omt-operator' <<<"$out" ||
			{ echo "$m: $out"; return 1; }
	done
	[ "$(fingerprint)" = "$before" ]
}
check "omtd itself denies an unprivileged caller every Table1 method but the stops" daemon_denies

daemon_takes_stops() {
	as_nobody dbus-send --system --print-reply --dest=org.omt.Table1 \
		/org/omt/Table1 org.omt.Table1.EmergencyStop >/dev/null || return 1
	wait_prop State '"estop"' || return 1
	as_nobody dbus-send --system --print-reply --dest=org.omt.Table1 \
		/org/omt/Table1 org.omt.Table1.Stop >/dev/null || return 1
	[ "$(table_call ClearFaults)" = ok ]
}
check "omtd itself takes Stop and EmergencyStop from an unprivileged caller" daemon_takes_stops

diagnostics() {
	local out
	diag() {
		busctl --system call org.omt.Table1 /org/omt/Table1 \
			org.omt.Table1.Diagnostics "$1" >"$STACK_DIR/diag" 2>&1
		grep -qE "$2" "$STACK_DIR/diag" || { echo "$1: $(cat "$STACK_DIR/diag")"; return 1; }
	}
	diag GetLoopStatistics '^tttbb [0-9]+ [0-9]+ [0-9]+ (true|false) (true|false)$' &&
		diag GetInputs '^a\{sb\} 14 "pedal-height-up" (true|false) ' &&
		diag GetAxes '^a\(sbddddqq\) [0-9]+ "height" (true|false) ' || return 1
	out=$(as_nobody dbus-send --system --print-reply --dest=org.omt.Table1 \
		/org/omt/Table1 org.omt.Table1.Diagnostics.GetLoopStatistics 2>&1)
	grep -q 'AccessDenied: Not allowed: this needs membership of group omt-service' <<<"$out" ||
		{ echo "$out"; return 1; }
}
check "Diagnostics answer root and refuse an unprivileged caller" diagnostics

omtctl_diag() {
	"$OMTCTL" diag loop | grep -q '^Cycles:' &&
		"$OMTCTL" --json diag axes | grep -q '"axis":"height"' &&
		"$OMTCTL" diag inputs | grep -qE '^estop-a +(on|off)$'
	as_nobody "$OMTCTL" diag loop >/dev/null 2>&1
	[ $? -eq 3 ]
}
check "omtctl diag loop|inputs|axes, exit 3 when not authorized" omtctl_diag
