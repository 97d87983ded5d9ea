#!/usr/bin/env bash
# A flood of D-Bus property reads against omtd's bus service while its
# control loop runs: the loop's p99 wake-up lateness flooded against quiet
# windows of the same run (target: ratio <= 1.1).  The bus is a private
# dbus-daemon with the project's policy, as the simulated stack runs it.
#
#   bench/bus_flood.sh [BUILD_DIR]
#
# Environment: BUS_FLOOD_SECONDS (10: the flood's length, and the quiet
# windows' together), BUS_FLOOD_CLIENTS (4), BENCH_PERIOD_MS (10),
# BENCH_PRIORITY (80).
set -u
build=${1:-build}
top=$(cd "$(dirname "$0")/.." && pwd)
case "$build" in /*) ;; *) build=$top/$build ;; esac
probe=$build/bench/bus_flood
[ -x "$probe" ] && [ -x "$build/bench/bus_flood_client" ] ||
	{ echo "bus_flood: build $probe first (make)" >&2; exit 1; }
command -v dbus-daemon >/dev/null || { echo "bus_flood: dbus-daemon is missing" >&2; exit 1; }

dir=$(mktemp -d /tmp/omt-bench-flood.XXXXXX)
bus_pid=
cleanup() {
	[ -n "$bus_pid" ] && kill -TERM "$bus_pid" 2>/dev/null
	rm -rf "$dir"
}
trap cleanup EXIT

"$top/tools/private-bus-conf.sh" "$dir/bus.sock" >"$dir/bus.conf"
{ read -r address && read -r bus_pid; } < <(
	dbus-daemon --config-file="$dir/bus.conf" --fork --print-address=1 \
		--print-pid=1 2>"$dir/dbus.log")
[ -n "${address:-}" ] && [ -n "${bus_pid:-}" ] ||
	{ echo "bus_flood: dbus-daemon did not start: $(cat "$dir/dbus.log")" >&2; exit 1; }

OMT_BUILD=$build DBUS_SYSTEM_BUS_ADDRESS=$address "$probe" "${BUS_FLOOD_SECONDS:-10}" \
	"${BUS_FLOOD_CLIENTS:-4}" "${BENCH_PERIOD_MS:-10}" "${BENCH_PRIORITY:-80}"
