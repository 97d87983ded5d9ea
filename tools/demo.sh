#!/usr/bin/env bash
# A narrated clinician's session on the simulated table (make demo):
# unlock, recall a preset with progress, arm a drop section, a thrust on
# it, an emergency stop and the recovery.  Starts the simulated stack
# (tools/run-stack.sh), drives it with omtctl as a clinician would, shuts
# everything down and exits 0; any step that does not do what it should
# ends the demo with status 1.
#
#   tools/demo.sh BUILD_DIR [TABLE]     (make demo [TABLE=mixed])
#
# TABLE is tools/run-stack.sh's (generic by default).  The heights are
# taken from where the table stands at the start (700 mm on the generic
# table, where the session moves to 712, 695, 700 and 720), so a table
# whose height axis counts otherwise (a LINAK actuator's stroke) plays the
# same session.
set -u

build=${1:-build}
table=${2:-generic}
top=$(cd "$(dirname "$0")/.." && pwd)
case "$build" in /*) ;; *) build=$top/$build ;; esac
omtctl=$build/omtctl
work=$(mktemp -d /tmp/omt-demo.XXXXXX)
chmod 0755 "$work"
stack_pid=

finish() {
	local rc=$1
	trap - EXIT INT TERM
	if [ -n "$stack_pid" ]; then
		kill -TERM "$stack_pid" 2>/dev/null
		wait "$stack_pid" 2>/dev/null || rc=1
	fi
	rm -rf "$work"
	exit "$rc"
}
trap 'finish 1' EXIT INT TERM

say() { printf '\n==> %s\n' "$*"; }
pause() { sleep "${OMT_DEMO_PAUSE:-0.5}"; }   # for the reader, not for sync
fail() { printf '\ndemo: %s\n' "$*" >&2; finish 1; }

# omtctl, shown as the clinician would type it.
omtctl_shown() {
	local rc
	printf '$ omtctl %s\n' "$*"
	"$omtctl" "$@" 2>"$work/stderr"
	rc=$?
	cat "$work/stderr" >&2
	return $rc
}

run() { # the clinician's command, shown and run; must succeed
	omtctl_shown "$@" || fail "'omtctl $*' failed (exit $?)"
}

# A move on a busy machine may be cut short by a fault (late Modbus replies
# look like a following error): the demo shows it, clears it, and retries
# once, as the clinician would.
motion() { # omtctl words for a move or a recall
	local attempt rc
	for attempt in 1 2 3; do
		omtctl_shown "$@" && return 0
		rc=$?
		# Ended early (5), or refused because of a latched fault.
		[ "$rc" -eq 5 ] || { [ "$rc" -eq 1 ] && grep -qi fault "$work/stderr"; } ||
			fail "'omtctl $*' failed (exit $rc)"
		echo "(the table reports a fault:)"
		"$omtctl" faults
		run faults clear
		wait_until State '"(idle|locked)"'
		unlock_if_locked
	done
	fail "'omtctl $*' kept failing"
}

unlock_if_locked() {
	if busctl --system get-property org.omt.Table1 /org/omt/Table1 \
		org.omt.Table1 Locked | grep -q true; then
		run unlock
	fi
}

expect_refused() { # a command the table must refuse (exit 1)
	printf '$ omtctl %s\n' "$*"
	"$omtctl" "$@"
	local rc=$?
	[ "$rc" -eq 1 ] || fail "'omtctl $*' should have been refused, exit $rc"
}

sim() { # the simulator's control socket: the patient and the world
	printf '%s\n' "$1" | socat -t 5 - "UNIX-CONNECT:$work/stack/sim.ctl"
}

wait_until() { # PROPERTY REGEX: readiness, bounded
	local i
	for i in $(seq 200); do
		busctl --system get-property org.omt.Table1 /org/omt/Table1 \
			org.omt.Table1 "$1" 2>/dev/null | grep -qE "$2" && return 0
		sleep 0.05
	done
	fail "$1 never became /$2/"
}

command -v socat >/dev/null || fail "socat is missing (tools/deps.sh demo installs it)"

say "Starting the simulated table: a private D-Bus, the drive simulator, omtd"
mkfifo "$work/address"
OMT_STACK_DIR=$work/stack "$top/tools/run-stack.sh" "$build" "$table" \
	>"$work/address" 2>"$work/run-stack.log" &
stack_pid=$!
read -r -t 60 line <"$work/address" || line=
case "$line" in
DBUS_SYSTEM_BUS_ADDRESS=*) export "${line?}" ;;
*) fail "the stack did not start: $(cat "$work/run-stack.log")" ;;
esac
echo "$line"

say "Morning. The table comes up locked: nothing moves until it is unlocked."
run status
pause
run unlock

# Where the table stands once its drives have answered: the session's
# heights are relative to it.
for _ in $(seq 200); do
	start=$(busctl --system get-property org.omt.Table1 /org/omt/Table1 \
		org.omt.Table1 Height 2>/dev/null | awk '$1 == "d" { printf "%.0f", $2 }')
	[ -n "$start" ] && [ "$start" != 0 ] && break
	sleep 0.05
done
[ -n "$start" ] && [ "$start" != 0 ] || fail "the table never reported its height"
at() { echo $((start + $1)); }  # the session's height, start + offset

say "Setting up for a prone patient and saving it as a preset."
motion move height="$(at 12)" tilt=0
run preset save prone
run preset list
pause

say "Between patients the table goes down a little for an easy transfer..."
motion move height="$(at -5)"
say "...and the next patient's position is one recall away. Hold-to-run: omtctl keeps the motion alive; Ctrl-C would stop the table at once."
motion preset recall prone
run status
pause

say "Lumbar drop: tension 5 of 10, then cocking the section."
run drop tension lumbar 5
run drop arm lumbar
wait_until Drops '"lumbar" "armed"'
run status
say "With a section armed the table refuses to move (interlock)."
expect_refused move height="$(at 0)"
pause

say "The clinician delivers a thrust: 300 N on the lumbar section."
sim "thrust lumbar 300" >/dev/null || fail "the simulator did not take the thrust"
wait_until Drops '"lumbar" "fired"'
run status
run drop disarm lumbar
wait_until Drops '"lumbar" "down"'
pause

say "Something is wrong: EMERGENCY STOP."
run estop
run status
say "While the stop is latched, nothing moves."
expect_refused move height="$(at 20)"
pause

say "The cause is checked and gone: clearing the stop."
run faults clear
wait_until State '"(idle|locked)"'
unlock_if_locked
motion move height="$(at 0)"

say "End of session: locking the table and shutting the simulation down."
run lock
run status
finish 0
