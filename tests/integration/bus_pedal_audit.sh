#!/usr/bin/env bash
# The audit trail of pedal motions.  A pedal names nobody: anyone at the
# table may press it.  What the event log records is the pedal (which
# one; a preset pedal's motion id and targets) and the session: who
# unlocked the table, without which no pedal moves it (a uid and bus name,
# or the pedal gesture).  Through the whole stack: omt-sim's pedal inputs,
# omtd, its event log read with omtctl diag log.
set -u
# shellcheck source=tests/integration/bus_stack.bash
. "$(dirname "$0")/bus_stack.bash"
trap 'stack_stop' EXIT

# A preset pedal, whose preset is in the state directory at start.
STACK_SEED_PRESETS=$'omt-presets 1\npreset treatment 760 0\nend 1\n'
OMT_STACK_CONTROL_EXTRA='comms_lost_ms = 500
drive_watchdog_ms = 1000
[io]
function.pedal-preset = preset:treatment
[axis.tilt]
duty_on_s = 1'
if ! stack_start; then
	echo "not ok - the simulated stack starts with a preset pedal"
	exit 1
fi

# Both channels in one connection: two would be apart by a process start
# each, on a loaded machine more than the channels' mismatch window.
enable_pedal() { # 0|1
	printf 'input pedal-enable-a %s\ninput pedal-enable-b %s\n' "$1" "$1" |
		socat -t 5 - "UNIX-CONNECT:$SIM_CONTROL" | grep -c '^ok$' | grep -qx 2
}

height() { prop Height | cut -d' ' -f2; }

# Holds the enable pedal and PEDAL until the table has risen 2 mm.
pedal_raise() { # PEDAL
	local before i
	before=$(height)
	enable_pedal 1 && sim_cmd "input $1 1" >/dev/null || return 1
	for i in $(seq 300); do
		awk -v a="$(height)" -v b="$before" 'BEGIN { exit !(a > b + 2) }' && break
		sleep 0.01
	done
	sim_cmd "input $1 0" >/dev/null
	enable_pedal 0
	wait_prop State '"(idle|locked)"'
}

log_says() { # REGEX
	wait_for <("$OMTCTL" diag log) "$1"
}

unlocked_over_the_bus() {
	local unique
	"$OMTCTL" unlock >/dev/null || return 1
	pedal_raise pedal-height-up || return 1
	"$OMTCTL" diag log | tail -n 6
	log_says 'command +unlock by uid 0 \(:1\.[0-9]+\)' &&
		log_says 'motion +motion started by pedal: height up; the table was unlocked by uid 0 \(:1\.[0-9]+\)$' &&
		log_says 'motion +motion by pedal ended$' || return 1
	# The bus name is the unlocking connection's, not a later caller's.
	unique=$("$OMTCTL" diag log | sed -nE 's/.*command +unlock by uid 0 \((:1\.[0-9]+)\)$/\1/p' | tail -n 1)
	"$OMTCTL" diag log | grep -qF "the table was unlocked by uid 0 ($unique)"
}
check "a pedal motion names the pedal and who unlocked the table (uid, bus name)" unlocked_over_the_bus

unlocked_at_the_table() {
	"$OMTCTL" lock >/dev/null || return 1
	# The unlock gesture: the enable pedal pressed twice.
	enable_pedal 1; sleep 0.1; enable_pedal 0; sleep 0.1
	enable_pedal 1; sleep 0.1; enable_pedal 0
	wait_prop Locked false || return 1
	pedal_raise pedal-height-up || return 1
	log_says 'unlock +table unlocked by pedal gesture' &&
		log_says 'motion +motion started by pedal: height up; the table was unlocked by the pedal gesture$'
}
check "after the pedal unlock gesture, the record says so" unlocked_at_the_table

preset_pedal_recorded() {
	local id
	"$OMTCTL" unlock >/dev/null || return 1
	# Held, as every local motion, until the preset is reached.
	enable_pedal 1 && sim_cmd "input pedal-preset 1" >/dev/null || return 1
	wait_prop Height '^d 7(59\.[5-9]|60(\.[0-4].*)?)$'
	sim_cmd "input pedal-preset 0" >/dev/null
	enable_pedal 0
	wait_prop State '"idle"' || return 1
	"$OMTCTL" diag log | tail -n 5
	log_says 'motion +motion [0-9]+ started by pedal: preset, height 760\.0 mm tilt 0\.0 deg; the table was unlocked by uid 0 \(:1\.[0-9]+\)$' || return 1
	id=$("$OMTCTL" diag log | sed -nE 's/.*motion ([0-9]+) started by pedal: preset.*/\1/p' | tail -n 1)
	# Its end names the same motion: no record without its start.
	log_says "motion +motion $id finished: "
}
check "a preset pedal's motion is recorded with its id, targets and session" preset_pedal_recorded

# The tilt's duty budget is 1 s (above): its pedal held, the motion stops
# with the pedal still down, and the record says it was the duty cycle
# (no fault is latched, so nothing else would), with when the pedal moves
# the tilt again.
tilt_out_of_duty_says_why() {
	"$OMTCTL" unlock >/dev/null || return 1
	enable_pedal 1 && sim_cmd "input pedal-tilt-up 1" >/dev/null || return 1
	local said=1 i
	for i in $(seq 100); do
		"$OMTCTL" diag log | grep -qE 'motion +tilt: duty cycle used up \(1 s of motor time in any 400 s\); release the pedal and press it again in [0-9]+ s$' &&
			said=0 && break
		sleep 0.1
	done
	wait_prop State '"idle"'
	local idle=$?
	sim_cmd "input pedal-tilt-up 0" >/dev/null
	enable_pedal 0
	"$OMTCTL" diag log | tail -n 3
	[ "$said" -eq 0 ] && [ "$idle" -eq 0 ]
}
check "a pedal motion stopped by the duty cycle says so in the event log" tilt_out_of_duty_says_why
