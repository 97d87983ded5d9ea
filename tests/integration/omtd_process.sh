#!/usr/bin/env bash
# omtd as a process, against omt-sim over Modbus TCP: its command line and
# exit codes, refusal to start on a bad or miswired configuration (with a
# clear message, nothing moved), a pedal moving the table, an injected
# fault logged with its code and journal fields, systemd notifications
# (READY=1, WATCHDOG=1 while the loop lives), and a controlled stop on
# SIGTERM that leaves every drive disabled.
set -u
here=$(cd "$(dirname "$0")" && pwd)
# shellcheck source=tests/integration/sim_lib.sh
. "$here/sim_lib.sh"
OMTD=${OMT_BUILD:-build}/omtd

work=$(mktemp -d /tmp/omtd-process.XXXXXX)
omtd_pid= notify_pid=
cleanup() {
	[ -n "$omtd_pid" ] && kill -KILL "$omtd_pid" 2>/dev/null && wait "$omtd_pid" 2>/dev/null
	[ -n "$notify_pid" ] && kill -TERM "$notify_pid" 2>/dev/null && wait "$notify_pid" 2>/dev/null
	sim_stop
	rm -rf "$work"
}
trap cleanup EXIT

# shellcheck source=tests/lib/check.bash
. "$here/../lib/check.bash"

write_config() { # file [extra lines]
	cat >"$1" <<CONF
[link]
transport = tcp
host = 127.0.0.1
port = $SIM_TCP_PORT
response_timeout_ms = 8

[control]
period_ms = 10
rt_priority = 10
state_dir = $work
interlock_device = $work/no-interlock
${2:-}
CONF
}

# Wait (bounded) until the log has a line matching the pattern, or omtd
# has exited.  A readiness signal, not a sleep.
wait_log() { # pattern
	for _ in $(seq 1000); do
		grep -qE "$1" "$work/omtd.log" && return 0
		kill -0 "$omtd_pid" 2>/dev/null || return 1
		sleep 0.01
	done
	return 1
}

help_exits_zero() {
	"$OMTD" --help >"$work/help" 2>&1 && grep -q -- "--config PATH" "$work/help"
}
check "omtd --help prints usage and exits 0" help_exits_zero

bad_usage_exits_two() {
	local a err
	for a in --frobnicate stray-word --config; do
		err=$("$OMTD" "$a" 2>&1 >/dev/null)
		[ $? -eq 2 ] && [ "$(wc -l <<<"$err")" -eq 1 ] &&
			[[ $err == "omtd: "*"$a"*"; see 'omtd --help'" ]] ||
			{ echo "$a: $err"; return 1; }
	done
}
check "an unknown option, a stray word or a missing value exits 2 with one line" bad_usage_exits_two

version_printed() {
	"$OMTD" --version | grep -qE '^omtd [0-9]+\.[0-9]+\.[0-9]+ \(.+\)$'
}
check "omtd --version prints its version and commit" version_printed

sim_start || { echo "not ok - omt-sim starts"; exit 1; }
# The simulator stands in for the drives' electronics, which a busy test
# machine would not slow down: real-time, below omtd's loop (best effort).
chrt -f -p 9 "$SIM_PID" >/dev/null 2>&1

bad_config_refused() {
	printf '[control]\nperiod_ms = fast\n' >"$work/bad.conf"
	"$OMTD" --no-bus -c "$work/bad.conf" >"$work/bad.out" 2>&1
	local rc=$?
	[ $rc -eq 1 ] || return 1
	# One message naming file, line and key; nothing started.
	grep -qE "bad\.conf:2: .*period_ms" "$work/bad.out" &&
		! grep -q "control loop running" "$work/bad.out"
}
check "a malformed config is refused with file:line:key, exit 1, nothing started" bad_config_refused

missing_config_refused() {
	"$OMTD" --no-bus -c "$work/none.conf" >"$work/none.out" 2>&1
	[ $? -eq 1 ] && grep -q "none.conf" "$work/none.out"
}
check "a missing config file is refused, exit 1" missing_config_refused

check_config_ok() {
	write_config "$work/good.conf"
	"$OMTD" --check-config -c "$work/good.conf" >"$work/check.out" 2>&1 &&
		grep -q "good.conf: ok" "$work/check.out"
}
check "--check-config validates a good config and exits 0" check_config_ok

miswired_never_enabled() {
	# Height and tilt swapped: the height axis talks to a rotary drive.
	# omtd runs (the bus may come right later), checks each drive, latches
	# drive-identity on both and never enables either.
	local pid rc=1
	write_config "$work/miswired.conf" $'[drive.height]\nslave = 2\n[drive.tilt]\nslave = 1'
	"$OMTD" --no-bus -c "$work/miswired.conf" >"$work/miswired.out" 2>&1 &
	pid=$!
	for _ in $(seq 1000); do
		grep -q "drive-identity:tilt" "$work/miswired.out" && rc=0 && break
		kill -0 "$pid" 2>/dev/null || break
		sleep 0.01
	done
	grep -q "height drive (slave 2) failed its check: wrong-kind" "$work/miswired.out" &&
		grep -q "drive-identity:height" "$work/miswired.out" || rc=1
	sim_cmd "get height" | grep -q ' control=0x0000 ' || rc=1
	sim_cmd "get tilt" | grep -q ' control=0x0000 ' || rc=1
	kill -TERM "$pid" 2>/dev/null
	wait "$pid" 2>/dev/null
	return $rc
}
check "drives of the wrong kind latch drive-identity and are never enabled" miswired_never_enabled

# The daemon proper, with a notification socket standing in for systemd,
# and a preset pedal whose preset is in the state directory.
write_config "$work/omtd.conf" $'[io]\nfunction.pedal-preset = preset:treatment'
printf 'omt-presets 1\npreset treatment 780 0\nend 1\n' >"$work/presets"
socat -u "UNIX-RECV:$work/notify" "OPEN:$work/notify.log,creat,append" &
notify_pid=$!
for _ in $(seq 500); do [ -S "$work/notify" ] && break; sleep 0.01; done
NOTIFY_SOCKET=$work/notify WATCHDOG_USEC=200000 \
	"$OMTD" --no-bus -c "$work/omtd.conf" >"$work/omtd.log" 2>&1 &
omtd_pid=$!

starts_and_says_so() {
	wait_log "ready" &&
		grep -q "no kernel interlock" "$work/omtd.log" &&
		grep -q "control loop running: period 10 ms" "$work/omtd.log"
}
check "omtd starts, warns it runs on the software interlock, says ready" starts_and_says_so

notifies_ready_and_watchdog() {
	for _ in $(seq 500); do
		grep -q "WATCHDOG=1" "$work/notify.log" 2>/dev/null && break
		sleep 0.01
	done
	grep -q "READY=1" "$work/notify.log" && grep -q "WATCHDOG=1" "$work/notify.log"
}
check "READY=1, then WATCHDOG=1 while the control loop runs" notifies_ready_and_watchdog

# Not one ping but a steady stream: a 200 ms watchdog is fed every 50 ms,
# and systemd kills a service whose pings stop (bounded wait for five).
watchdog_pings() { grep -o 'WATCHDOG=1' "$work/notify.log" 2>/dev/null | wc -l; }
keeps_feeding_watchdog() {
	for _ in $(seq 1000); do
		[ "$(watchdog_pings)" -ge 5 ] && return 0
		sleep 0.01
	done
	echo "WATCHDOG=1 sent $(watchdog_pings) times in 10 s"
	return 1
}
check "WATCHDOG=1 keeps coming while the control loop runs" keeps_feeding_watchdog

pedal() { # value
	sim_cmd "input pedal-enable-a $1" >/dev/null
	sim_cmd "input pedal-enable-b $1" >/dev/null
}

height() { sim_field "$(sim_cmd "get height")" position; }

pedal_moves_table() {
	local before after
	# Unlock gesture: enable pressed twice.
	pedal 1; sleep 0.1; pedal 0; sleep 0.1; pedal 1; sleep 0.1; pedal 0
	wait_log "unlocked by pedal gesture" || return 1
	before=$(height)
	pedal 1
	sim_cmd "input pedal-height-up 1" >/dev/null
	for _ in $(seq 300); do
		after=$(height)
		awk -v a="$after" -v b="$before" 'BEGIN { exit !(a > b + 2) }' && break
		sleep 0.01
	done
	sim_cmd "input pedal-height-up 0" >/dev/null
	pedal 0
	awk -v a="$after" -v b="$before" 'BEGIN { exit !(a > b + 2) }'
}
check "the unlock gesture, then a held pedal, raise the table" pedal_moves_table

# Until the height drive stands still (the last motion's braking is over).
wait_still() {
	local v
	for _ in $(seq 500); do
		v=$(sim_field "$(sim_cmd "get height")" velocity)
		awk -v v="$v" 'BEGIN { exit !(v == 0) }' && return 0
		sleep 0.01
	done
	return 1
}

preset_pedal_moves_table() {
	local before after
	wait_still || return 1
	before=$(height)
	sim_cmd "input pedal-preset 1" >/dev/null
	for _ in $(seq 300); do
		after=$(height)
		awk -v a="$after" -v b="$before" 'BEGIN { exit !(a > b + 2) }' && break
		sleep 0.01
	done
	sim_cmd "input pedal-preset 0" >/dev/null
	awk -v a="$after" -v b="$before" 'BEGIN { exit !(a > b + 2) }'
}
check "a held preset pedal moves the table towards its saved preset" preset_pedal_moves_table

fault_is_logged_with_its_code() {
	sim_cmd "fault height exception 4" >/dev/null
	wait_log "fault modbus-exception:height" &&
		grep -q "OMT_AXIS=height" "$work/omtd.log" &&
		grep -q "OMT_FAULT=modbus-exception:height" "$work/omtd.log"
}
check "an injected exception is logged as modbus-exception:height with journal fields" fault_is_logged_with_its_code
sim_cmd "fault height clear" >/dev/null
# The height drive answers again; counted lost, it is verified afresh
# before it is written anything, the disable at SIGTERM included: wait
# for that, as a technician would before stopping omtd.
wait_reverified() {
	for _ in $(seq 1000); do
		[ "$(grep -c "height drive (slave [0-9]*) verified" "$work/omtd.log")" -ge 2 ] &&
			return 0
		sleep 0.01
	done
	return 1
}
check "a drive lost to a fault is verified afresh once it answers" wait_reverified

sigterm_stops_cleanly() {
	local rc control enabled=0 a
	kill -TERM "$omtd_pid"
	wait "$omtd_pid"
	rc=$?
	omtd_pid=
	[ $rc -eq 0 ] || return 1
	grep -q "stopped" "$work/omtd.log" || return 1
	for a in height tilt cervical thoracic lumbar pelvic; do
		control=$(sim_field "$(sim_cmd "get $a")" control)
		[ $((control & 1)) -eq 0 ] || enabled=1
	done
	[ $enabled -eq 0 ] && grep -q "STOPPING=1" "$work/notify.log"
}
check "SIGTERM: STOPPING=1, every drive disabled, exit 0" sigterm_stops_cleanly
