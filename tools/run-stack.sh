#!/usr/bin/env bash
# The whole simulated table in the foreground: a private dbus-daemon,
# omt-sim, and omtd talking to the simulator over Modbus TCP.
#
#   tools/run-stack.sh BUILD_DIR        (make run)
#   tools/run-stack.sh BUILD_DIR mixed  (make run TABLE=mixed)
#
# The second argument names the table: generic (the default: six
# omt-generic-1 drives) or a file of etc/tables/ (mixed: height on a
# LINAK-class actuator, tilt on a CiA 402 drive, drops on omt-generic-1),
# whose drive sections go into omtd.conf and whose "# omt-sim:" line says
# which drive classes omt-sim plays.
#
# Prints exactly one line on stdout, once omtd owns org.omt.Table1:
#   DBUS_SYSTEM_BUS_ADDRESS=<address>
# Export it and omtctl, busctl or any D-Bus client drives the simulated
# table.  SIGINT or SIGTERM stops everything (omtd first, so the table
# stops before its drives go away) and removes the temporary files.
#
# The private bus enforces the project's own policy file
# (systemd/org.omt.Table1.conf) on top of a system-bus-like default, so the
# simulated stack refuses what a real installation refuses.  omtd checks
# credentials itself too: run as root, or as a member of omt-operator.
#
# Environment:
#   OMT_STACK_DIR            put the stack's files there (kept at exit):
#                            bus.sock, sim.ctl (the simulator's control
#                            socket), omtd.conf, state/, omtd.log, sim.log,
#                            dbus.log
#   OMT_STACK_OPEN_BUS=1     leave the project's bus policy out and let
#                            everyone call everything, so tests can show
#                            that omtd's own credential check holds alone
#   OMT_STACK_CONTROL_EXTRA  extra lines for omtd.conf's [control] section
#   OMT_STACK_OMTD_USER      run omtd as this user (from root), in its own
#                            mount namespace whose /proc hides other users'
#                            processes, as omtd.service's User= and
#                            ProtectProc=invisible do
set -u

build=${1:-build}
table=${2:-generic}
top=$(cd "$(dirname "$0")/.." && pwd)
case "$build" in /*) ;; *) build=$top/$build ;; esac

# The table, checked before anything starts.
sim_classes=()
if [ "$table" != generic ]; then
	table_file=
	case "$table" in
	*[!a-z0-9_-]* | "") ;;
	*) [ -f "$top/etc/tables/$table.conf" ] && table_file=$top/etc/tables/$table.conf ;;
	esac
	if [ -z "$table_file" ]; then
		known=generic
		for f in "$top"/etc/tables/*.conf; do
			[ -f "$f" ] && known="$known, $(basename "$f" .conf)"
		done
		echo "run-stack: no table '$table' (TABLE is one of: $known)" >&2
		exit 2
	fi
	read -r -a classes < <(sed -n 's/^# omt-sim:[[:space:]]*//p' "$table_file")
	for class in "${classes[@]}"; do
		sim_classes+=(--drive-class "$class")
	done
fi

if [ -n "${OMT_STACK_DIR:-}" ]; then
	dir=$OMT_STACK_DIR
	keep_dir=1
	mkdir -p "$dir"
else
	dir=$(mktemp -d /tmp/omt-stack.XXXXXX)
	# The bus socket inside is for every local user, as a system bus is.
	chmod 0755 "$dir"
	keep_dir=0
fi

bus_pid= sim_pid= omtd_pid=

say() { echo "run-stack: $*" >&2; }

stop_pid() { # pid: TERM, wait, its exit status; the caller started it
	local pid=$1
	[ -n "$pid" ] || return 0
	kill -TERM "$pid" 2>/dev/null
	wait "$pid" 2>/dev/null
}

clean_exit=1
shut_down() {
	trap - INT TERM EXIT
	# A daemon that does not stop cleanly (or a sanitizer's report at
	# exit) is a failure of the stack, not a detail.
	if ! stop_pid "$omtd_pid"; then
		say "omtd did not exit cleanly: $(tail -n 30 "$dir/omtd.log")"
		clean_exit=0
	fi
	omtd_pid=
	# Ctrl-C reaches the simulator too; ending on that signal is clean.
	stop_pid "$sim_pid"
	case $? in
	0 | 130 | 143) ;;
	*)
		say "omt-sim did not exit cleanly: $(tail -n 10 "$dir/sim.log")"
		clean_exit=0
		;;
	esac
	sim_pid=
	if [ -n "$bus_pid" ]; then
		kill -TERM "$bus_pid" 2>/dev/null
		# Forked away by dbus-daemon: wait for it to go.
		for _ in $(seq 200); do
			kill -0 "$bus_pid" 2>/dev/null || break
			sleep 0.01
		done
	fi
	[ "$keep_dir" -eq 1 ] || rm -rf "$dir"
}

fail() {
	say "$*"
	shut_down
	exit 1
}

trap 'shut_down; [ "$clean_exit" = 1 ]; exit $?' INT TERM
trap 'shut_down' EXIT

for program in omtd omt-sim; do
	[ -x "$build/$program" ] || fail "$build/$program is not built"
done
command -v dbus-daemon >/dev/null || fail "dbus-daemon is missing (apt-get install dbus)"

# 1. The private bus.
bus_mode=policy
[ "${OMT_STACK_OPEN_BUS:-0}" = 1 ] && bus_mode=open
"$top/tools/private-bus-conf.sh" "$dir/bus.sock" "$bus_mode" >"$dir/bus.conf"
rm -f "$dir/bus.sock"
{ read -r bus_address && read -r bus_pid; } < <(
	dbus-daemon --config-file="$dir/bus.conf" --fork --print-address=1 \
		--print-pid=1 2>"$dir/dbus.log")
[ -n "${bus_address:-}" ] && [ -n "${bus_pid:-}" ] ||
	fail "dbus-daemon did not start: $(cat "$dir/dbus.log")"

# 2. The simulator; its READY line comes through a pipe once it serves.
rm -f "$dir/sim.ctl" "$dir/sim.ready"
mkfifo "$dir/sim.ready"
# The simulated drives answer in real time, one step below omtd's control
# thread (rt_priority 80): a busy machine then delays neither, and omtd's
# loop still preempts the drives it polls.  Without the privilege to do
# so the simulator runs as an ordinary process.
sim_rt=()
chrt -f 70 true 2>/dev/null && sim_rt=(chrt -f 70)
"${sim_rt[@]}" "$build/omt-sim" --tcp 127.0.0.1:0 --control "$dir/sim.ctl" \
	"${sim_classes[@]}" --ready-fd 3 3>"$dir/sim.ready" >"$dir/sim.log" 2>&1 &
sim_pid=$!
read -r -t 20 ready <"$dir/sim.ready" || ready=
rm -f "$dir/sim.ready"
sim_port=$(sed -nE 's/.*tcp=[^ ]*:([0-9]+).*/\1/p' <<<"$ready")
[ -n "$sim_port" ] || fail "omt-sim did not start: $(cat "$dir/sim.log")"

# 3. omtd, configured for the simulator.
mkdir -p "$dir/state"
"$top/tools/sim-omtd-conf.sh" --table "$table" "$sim_port" "$dir" \
	"${OMT_STACK_CONTROL_EXTRA:-}" \
	>"$dir/omtd.conf"
omtd_as=()
if [ -n "${OMT_STACK_OMTD_USER:-}" ]; then
	chown "$OMT_STACK_OMTD_USER" "$dir/state"
	omtd_as=(unshare --mount --propagation private "$top/tools/hidden-proc-as.sh"
		"$OMT_STACK_OMTD_USER")
fi
DBUS_SYSTEM_BUS_ADDRESS=$bus_address "${omtd_as[@]}" "$build/omtd" \
	-c "$dir/omtd.conf" >"$dir/omtd.log" 2>&1 &
omtd_pid=$!

# omtd requests its name last, after everything else is up: once the bus
# knows an owner, the table answers.
for _ in $(seq 1000); do
	kill -0 "$omtd_pid" 2>/dev/null ||
		fail "omtd exited: $(tail -n 20 "$dir/omtd.log")"
	if DBUS_SYSTEM_BUS_ADDRESS=$bus_address busctl --system call \
		org.freedesktop.DBus /org/freedesktop/DBus org.freedesktop.DBus \
		NameHasOwner s org.omt.Table1 2>/dev/null | grep -q true; then
		echo "DBUS_SYSTEM_BUS_ADDRESS=$bus_address"
		break
	fi
	sleep 0.02
done
kill -0 "$omtd_pid" 2>/dev/null || fail "omtd exited: $(tail -n 20 "$dir/omtd.log")"

# Foreground until a signal, or until omtd or the simulator stops.
wait -n "$omtd_pid" "$sim_pid"
say "a part of the stack exited; see $dir/omtd.log and $dir/sim.log"
shut_down
exit 1
