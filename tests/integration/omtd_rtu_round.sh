#!/usr/bin/env bash
# omtd on RS-485 with drives of the newer classes (the mixed table: a
# LINAK-class actuator, a CiA 402 drive, four omt-generic-1): a control
# period too short for the CiA 402 drive's longest exchange is refused at
# start, naming the drive, the period and the period it needs, before
# anything is sent; the period the message asks for starts, and the table
# runs on omt-sim's pty paced at 115200 baud.
set -u
here=$(cd "$(dirname "$0")" && pwd)
# shellcheck source=tests/integration/sim_lib.sh
. "$here/sim_lib.sh"
OMTD=${OMT_BUILD:-build}/omtd
MIXED=$here/../../etc/tables/mixed.conf

work=$(mktemp -d /tmp/omtd-rtu-round.XXXXXX)
omtd_pid=
cleanup() {
	[ -n "$omtd_pid" ] && kill -KILL "$omtd_pid" 2>/dev/null && wait "$omtd_pid" 2>/dev/null
	sim_stop
	rm -rf "$work"
}
trap cleanup EXIT

# shellcheck source=tests/lib/check.bash
. "$here/../lib/check.bash"

sim_start --baud 115200 --drive-class height=linak \
	--drive-class tilt=cia402:index || { echo "not ok - omt-sim starts"; exit 1; }

write_config() { # file period_ms
	{
		cat <<CONF
[link]
transport = rtu
device = $SIM_RTU
baud = 115200

[control]
period_ms = $2
rt_priority = 10
drive_watchdog_ms = $(($2 * 5))
comms_lost_ms = $(($2 * 5))
hold_timeout_ms = $(($2 * 4))
state_dir = $work
interlock_device = $work/no-interlock

CONF
		cat "$MIXED"
	} >"$1"
}

# The tilt drive's CONTROLWORD (0x6040) as omt-sim holds it.
tilt_controlword() {
	sim_cmd "get tilt" | sed -nE 's/.* controlword=(0x[0-9a-f]+).*/\1/p'
}

too_short_refused() {
	local before rc
	write_config "$work/short.conf" 60
	before=$(sim_cmd "get tilt")
	"$OMTD" --no-bus -c "$work/short.conf" >"$work/short.out" 2>&1
	rc=$?
	cat "$work/short.out" | sed 's/^/# /'
	[ $rc -eq 1 ] &&
		grep -qE "short\.conf:[0-9]+: \[control\] period_ms: 60 ms is too short for the tilt drive \(cia402-pp\) at 115200 baud: .*10 requests.*needs 70 ms" "$work/short.out" &&
		! grep -q "control loop running" "$work/short.out" &&
		[ "$(sim_cmd "get tilt")" = "$before" ]
}
check "an RTU period too short for the CiA 402 drive is refused, naming drive, period and need" too_short_refused

needed_period_starts() {
	write_config "$work/ok.conf" 70
	"$OMTD" --check-config -c "$work/ok.conf" >"$work/check.out" 2>&1 || {
		sed 's/^/# /' "$work/check.out"; return 1; }
	"$OMTD" --no-bus -c "$work/ok.conf" >"$work/omtd.log" 2>&1 &
	omtd_pid=$!
	for _ in $(seq 1000); do
		grep -q "^.*ready" "$work/omtd.log" && break
		kill -0 "$omtd_pid" 2>/dev/null || break
		sleep 0.01
	done
	grep -q "control loop running: period 70 ms" "$work/omtd.log" &&
		grep -q "ready" "$work/omtd.log" || {
		sed 's/^/# /' "$work/omtd.log"; return 1; }
	# The CiA 402 drive's start-up reaches it: the walk writes its
	# controlword (shutdown, 0x0006, from switch-on-disabled).
	for _ in $(seq 1000); do
		[ "$(tilt_controlword)" != "" ] && [ "$(tilt_controlword)" != "0x0000" ] && break
		kill -0 "$omtd_pid" 2>/dev/null || break
		sleep 0.01
	done
	kill -0 "$omtd_pid" 2>/dev/null && [ "$(tilt_controlword)" != "0x0000" ] || {
		sim_cmd "get tilt" | sed 's/^/# /'; sed 's/^/# /' "$work/omtd.log"; return 1; }
	kill -TERM "$omtd_pid"
	wait "$omtd_pid"
	local rc=$?
	omtd_pid=
	[ $rc -eq 0 ]
}
check "the period the message asks for starts and reaches the CiA 402 drive" needed_period_starts

[ "$check_failures" -eq 0 ]
