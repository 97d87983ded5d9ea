# shellcheck shell=bash
# Shell helpers for tests that drive omt-sim: source this file, then
#   sim_start [extra omt-sim args...]   sets SIM_PID, SIM_TCP_PORT, SIM_RTU,
#                                       SIM_CONTROL, SIM_DIR
#   sim_cmd "get height"                prints the control answer
#   sim_field "$answer" position        prints one key=value field
#   sim_stop                            SIGTERM by pid, wait, clean up
# Not executable, so tests/run-all.sh does not take it for a test.

SIM_BIN=${OMT_BUILD:-build}/omt-sim

sim_start() {
	SIM_DIR=$(mktemp -d /tmp/omt-sim.XXXXXX) || return 1
	SIM_CONTROL=$SIM_DIR/control
	coproc SIM_PROC { exec "$SIM_BIN" --tcp 127.0.0.1:0 --rtu-pty "$SIM_DIR/tty" \
		--control "$SIM_CONTROL" "$@"; }
	SIM_PID=$SIM_PROC_PID
	local line=""
	# The READY line is the readiness signal; a dead simulator ends the read.
	if ! read -r -t 10 line <&"${SIM_PROC[0]}" || [[ $line != READY* ]]; then
		echo "# omt-sim did not become ready: '$line'" >&2
		return 1
	fi
	SIM_TCP_PORT=$(sed -E 's/.* tcp=[^ ]*:([0-9]+).*/\1/' <<<"$line")
	SIM_RTU=$SIM_DIR/tty
}

sim_cmd() {
	printf '%s\n' "$1" | socat -t 5 - "UNIX-CONNECT:$SIM_CONTROL"
}

sim_field() {
	sed -nE "s/.*[ ]$2=([^ ]+).*/\1/p" <<<"$1"
}

sim_stop() {
	if [ -n "${SIM_PID:-}" ]; then
		kill -TERM "$SIM_PID" 2>/dev/null
		wait "$SIM_PID" 2>/dev/null
		SIM_STATUS=$?
		SIM_PID=""
	fi
	[ -n "${SIM_DIR:-}" ] && rm -rf "$SIM_DIR"
}
