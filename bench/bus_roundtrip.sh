#!/usr/bin/env bash
# Get(Height) round trip against Peer.Ping on the same omtd, over the
# simulated stack's private dbus-daemon (tools/run-stack.sh): ratio of the
# medians, target <= 1.3.
#
#   bench/bus_roundtrip.sh [BUILD_DIR]      (BUS_CALLS: calls of each, 5000)
set -u
export OMT_BUILD=${1:-${OMT_BUILD:-build}}
# shellcheck source=tests/integration/bus_stack.bash
. "$(dirname "$0")/../tests/integration/bus_stack.bash"
# (bus_stack.bash sets build, OMTCTL, STACK_DIR, SIM_CONTROL.)
client=$build/bench/bus_roundtrip
[ -x "$client" ] || { echo "bus_roundtrip: build $client first (make)" >&2; exit 1; }

trap stack_stop EXIT
stack_start || exit 1
"$client" "${BUS_CALLS:-5000}"
