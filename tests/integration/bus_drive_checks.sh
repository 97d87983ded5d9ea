#!/usr/bin/env bash
# Each drive is checked before omtd enables it (identity, axis kind,
# travel, WATCHDOG_MS written and read back), and whoever looks sees why a
# drive is not: the Drives property, omtctl status and omtctl diag axes.
# Here the height and tilt drives' slave addresses are swapped in
# omtd.conf, as a miswired table would have them.
set -u
# shellcheck source=tests/integration/bus_stack.bash
. "$(dirname "$0")/bus_stack.bash"
trap 'stack_stop' EXIT

OMT_STACK_CONTROL_EXTRA='comms_lost_ms = 500
drive_watchdog_ms = 1000
[drive.height]
slave = 2
[drive.tilt]
slave = 1'
if ! stack_start; then
	echo "not ok - the simulated stack starts with height and tilt swapped"
	exit 1
fi
echo "ok - the simulated stack starts with height and tilt swapped"

drives_property() {
	wait_prop Drives '"height" "wrong-kind \(reports axis kind 2\)"' &&
		prop Drives | grep -q '"tilt" "wrong-kind (reports axis kind 1)"' &&
		prop Drives | grep -q '"lumbar" "verified"' &&
		wait_prop ActiveFaults '"drive-identity:height"'
}
check "Drives names the swapped drives as wrong-kind, the others verified; drive-identity latched" drives_property

omtctl_shows_why() {
	"$OMTCTL" status | grep -qE '^Drives: +height wrong-kind \(reports axis kind 2\), tilt wrong-kind \(reports axis kind 1\)$' &&
		"$OMTCTL" --json status | grep -q '"drives":{"height":"wrong-kind (reports axis kind 2)"' &&
		"$OMTCTL" diag axes | grep -qE '^height .* wrong-kind \(reports axis kind 2\)$' &&
		"$OMTCTL" diag axes | grep -qE '^lumbar .* verified$' &&
		"$OMTCTL" --json diag axes | grep -q '"axis":"tilt".*"check":"wrong-kind'
}
check "omtctl status and omtctl diag axes say which drive is not verified and why" omtctl_shows_why

nothing_moves() {
	local h t
	h=$(sim_cmd "get height" | sed -nE 's/.*position=([-0-9.]+).*/\1/p')
	t=$(sim_cmd "get tilt" | sed -nE 's/.*position=([-0-9.]+).*/\1/p')
	table_call ClearFaults >/dev/null
	table_call Unlock >/dev/null
	# Refused: the fault's cause (the wrong drive) lasts.
	[ "$(table_call MoveTo dict:string:double:height,800)" = org.omt.Table1.Error.Faulted ] || return 1
	sleep 0.3
	[ "$(sim_cmd "get height" | sed -nE 's/.*position=([-0-9.]+).*/\1/p')" = "$h" ] &&
		[ "$(sim_cmd "get tilt" | sed -nE 's/.*position=([-0-9.]+).*/\1/p')" = "$t" ] &&
		sim_cmd "get height" | grep -q ' control=0x0000 ' &&
		sim_cmd "get tilt" | grep -q ' control=0x0000 '
}
check "a move is refused and neither swapped drive is ever enabled" nothing_moves

named_by_serial() {
	# The drive at the height address is the tilt drive: its serial says so.
	wait_for <(busctl --system get-property org.omt.Table1 /org/omt/Table1 \
		org.omt.Table1.Diagnostics DriveIdentities) '"height" 2 "serial" s "OMTSIM-0002"' &&
		"$OMTCTL" diag axes | grep -qE '^height .* OMTSIM-0002 +1\.0\.0-sim .* wrong-kind \(reports axis kind 2\)$'
}
check "a drive found wrong is still named by its serial number (read before its kind)" named_by_serial
