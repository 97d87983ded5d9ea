#!/bin/bash
# In the qemu guest: a gpio-sim chip, omt_table on it with a single e-stop
# channel, then the latency probe.  Run by bench/kernel_latency.sh.
#
#   kernel_latency_guest.sh MODULE.ko PROBE PRESSES
set -eu
mod=$1 probe=$2 presses=$3
sim=/sys/kernel/config/gpio-sim/omtbench
mkdir "$sim" "$sim/bank0"
echo omt-bench >"$sim/bank0/label"
echo 8 >"$sim/bank0/num_lines"
echo 1 >"$sim/live"
lines=/sys/devices/platform/$(cat "$sim/dev_name")/$(cat "$sim/bank0/chip_name")
insmod "$mod" chip=omt-bench estop_a=0 enable=2
"$probe" "$lines" omt-bench "$presses"
rmmod omt_table
