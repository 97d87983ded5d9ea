#!/usr/bin/env bash
# The RTU bus budget a master sees from omt-sim at 115200 baud: the median
# function-23 cycle per drive against the wire-time lower bound of its
# frames (ratio; target <= 1.25), and the same cycle on an unpaced line as
# the same-run baseline of what the simulator, the pty and libmodbus add.
#
#   bench/rtu_cycle.sh [BUILD_DIR]
set -u
build=${1:-${OMT_BUILD:-build}}
cd "$(dirname "$0")/.." || exit 1
export OMT_BUILD=$build
. tests/integration/sim_lib.sh
client=$build/bench/rtu_cycle
cycles=${RTU_CYCLES:-200}
[ -x "$client" ] || { echo "rtu_cycle: build $client first (make)" >&2; exit 1; }
trap sim_stop EXIT

sim_start --baud 115200 || exit 1
"$client" "$SIM_RTU" 115200 "$cycles" || exit 1
sim_stop

sim_start || exit 1
"$client" "$SIM_RTU" 115200 "$cycles" | sed 's/^rtu_f23_cycle:/rtu_f23_cycle_unpaced:/; s/, ratio.*//
	s/^RESULT name=rtu_f23_cycle_\([^ ]*\)\(.*\) target=.*/RESULT name=rtu_f23_cycle_unpaced_\1\2 target=none/'
