#!/usr/bin/env bash
# kill -9 of omtd at random moments while clients keep calling SavePreset
# (at least 200 calls over the run): after every kill the preset file
# parses completely, and a restarted omtd serves exactly the presets whose
# SavePreset had returned before the kill, plus perhaps the one in flight.
set -u
top=$(cd "$(dirname "$0")/../.." && pwd)
build=${OMT_BUILD:-$top/build}
case "$build" in /*) ;; *) build=$top/$build ;; esac
export OMT_BUILD=$build
# shellcheck source=tests/integration/sim_lib.sh
. "$top/tests/integration/sim_lib.sh"

dir=$(mktemp -d /tmp/omt-preset-crash.XXXXXX)
bus_pid= omtd_pid= saver_pid=
cleanup() {
	[ -n "$saver_pid" ] && kill "$saver_pid" 2>/dev/null
	[ -n "$omtd_pid" ] && kill -KILL "$omtd_pid" 2>/dev/null
	[ -n "$bus_pid" ] && kill "$bus_pid" 2>/dev/null
	sim_stop
	rm -rf "$dir"
}
trap cleanup EXIT

cat >"$dir/bus.conf" <<CONF
<busconfig>
  <listen>unix:path=$dir/bus.sock</listen>
  <auth>EXTERNAL</auth>
  <policy context="default">
    <allow user="*"/><allow own="*"/>
    <allow send_destination="*"/><allow receive_sender="*"/>
  </policy>
</busconfig>
CONF
{ read -r address && read -r bus_pid; } < <(dbus-daemon \
	--config-file="$dir/bus.conf" --fork --print-address=1 --print-pid=1)
export DBUS_SYSTEM_BUS_ADDRESS=$address
sim_start >/dev/null || { echo "not ok - omt-sim starts"; exit 1; }
mkdir -p "$dir/state"
"$top/tools/sim-omtd-conf.sh" "$SIM_TCP_PORT" "$dir" \
	"comms_lost_ms = 500" "drive_watchdog_ms = 1000" >"$dir/omtd.conf"

start_omtd() {
	"$build/omtd" -c "$dir/omtd.conf" >>"$dir/omtd.log" 2>&1 &
	omtd_pid=$!
	local i
	for i in $(seq 400); do
		busctl --system call org.freedesktop.DBus /org/freedesktop/DBus \
			org.freedesktop.DBus NameHasOwner s org.omt.Table1 2>/dev/null |
			grep -q true && return 0
		kill -0 "$omtd_pid" 2>/dev/null || break
		sleep 0.02
	done
	echo "# omtd did not start: $(tail -n 5 "$dir/omtd.log")"
	return 1
}

# Each successful save appends its name to done.log; the saver runs until
# killed or until omtd vanishes under it.
saver() {
	local n=$1
	while :; do
		busctl --system call org.omt.Table1 /org/omt/Table1 org.omt.Table1 \
			SavePreset s "p$((n % 60))" >/dev/null 2>&1 || exit 0
		echo "p$((n % 60))" >>"$dir/done.log"
		n=$((n + 1))
	done
}

file_whole() { # the file's own structure: magic, presets, matching end
	local f=$dir/state/presets count
	[ -f "$f" ] || return 0
	[ "$(head -n 1 "$f")" = "omt-presets 2" ] || return 1
	count=$(grep -c '^preset ' "$f")
	[ "$(tail -n 1 "$f")" = "end $count" ] || return 1
	[ $(($(wc -l <"$f") - 2)) -eq "$count" ]
}

kills=0 calls=0 bad=0 n=0
: >"$dir/done.log"
while [ "$calls" -lt 200 ] || [ "$kills" -lt 20 ]; do
	start_omtd || { bad=1; break; }
	# What the restarted daemon serves must include every save that
	# returned before the last kill.
	if ! file_whole; then
		echo "# after kill $kills the file is not whole:"; sed 's/^/#   /' "$dir/state/presets"
		bad=1; break
	fi
	served=$(busctl --system get-property org.omt.Table1 /org/omt/Table1 org.omt.Table1 Presets)
	for name in $(sort -u "$dir/done.log"); do
		grep -q "\"$name\"" <<<"$served" ||
			{ echo "# $name was saved but is gone after kill $kills"; bad=1; }
	done
	[ "$bad" -eq 0 ] || break
	before=$(wc -l <"$dir/done.log")
	saver "$n" &
	saver_pid=$!
	# A random moment: some saves in, or in the middle of one.
	sleep "0.$(printf '%03d' $((RANDOM % 400 + 50)))"
	kill -KILL "$omtd_pid"
	wait "$omtd_pid" 2>/dev/null
	omtd_pid=
	wait "$saver_pid" 2>/dev/null
	saver_pid=
	after=$(wc -l <"$dir/done.log")
	calls=$((calls + after - before + 1))
	n=$((n + after - before + 1))
	kills=$((kills + 1))
done

if [ "$bad" -eq 0 ]; then
	echo "ok - $kills kills of omtd during $calls SavePreset calls: the preset file always whole"
else
	echo "not ok - kills of omtd during SavePreset calls leave the preset file whole"
fi
