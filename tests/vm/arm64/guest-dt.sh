#!/bin/sh
# In the arm64 guest (busybox sh): the interlock on a device-tree board.
# Prints "ok - NAME" / "not ok - NAME" lines.
#
#   guest-dt.sh TREE DIR
#
# DIR holds omt_table.ko and the test programs; TREE says which tree the
# guest booted (tests/vm/arm64/run.sh builds both):
#   board       board.dtsi + refusals.dtsi: the module probes from the
#               node; the malformed nodes are refused, each by name and
#               reason; then every test the x86 guest runs
#               (tests/vm/guest-tests.sh), on the tree's lines.
#   active-low  board.dtsi + active-low.dtsi: active-low e-stop and
#               enable flags, the tree's watchdog timeout, and what a
#               released enable line does (it returns to its pull).
set -u
tree=$1 dir=$2
here=$(cd "$(dirname "$0")" && pwd)
mod=$dir/omt_table.ko
dev=/sys/bus/platform/devices/omt_table

# shellcheck source=tests/lib/check.bash
. "$here/../../lib/check.bash"

# The gpio-sim bank of board.dtsi: its sysfs directory, the bank's only
# gpiochip under the simulator's platform device.
lines=$(echo /sys/devices/platform/omt-sim/gpiochip*)
check dt-gpio-sim-bank test -e "$lines/sim_gpio2/value"

value() { cat "$lines/sim_gpio$1/value"; }
pull() { echo "pull-$2" >"$lines/sim_gpio$1/pull"; }

probed_from_node() {
	[ -c /dev/omt_table ] && [ -e "$dev/driver" ] &&
		[ "$(tr -d '\0' <"$dev/of_node/compatible")" = omt,table-interlock ]
}

# NODE MESSAGE: the node has a device, no driver bound it, and the
# kernel log names the node with the reason.
refused() {
	[ -e "/sys/bus/platform/devices/$1" ] &&
		[ ! -e "/sys/bus/platform/devices/$1/driver" ] &&
		dmesg | grep -F "$1:" | grep -qF "$2"
}

params_refused_beside_node() {
	if insmod "$mod" chip=omt-board estop_a=0 enable=2; then
		rmmod omt_table
		return 1
	fi
	[ ! -e /dev/omt_table ] && ! grep -q '^omt_table ' /proc/modules &&
		dmesg | grep -q 'chip= given, but the device tree describes the interlock'
}

# Without a pull resistor (gpio-sim's default is pull-down) a released
# active-low enable line falls to the level that enables the drive; with
# one to the safe level (pull-up) it stays off.  The line is driven (off)
# while the module holds it, whatever the pull.
released_enable_follows_pull_down() {
	pull 2 down
	[ "$(value 2)" = 1 ] && rmmod omt_table && [ "$(value 2)" = 0 ]
}
released_enable_follows_pull_up() {
	insmod "$mod" && pull 2 up && [ "$(value 2)" = 1 ] &&
		pull 2 down && [ "$(value 2)" = 1 ] &&
		pull 2 up && rmmod omt_table && [ "$(value 2)" = 1 ]
}

kernel_log_clean() { # the same reports as tests/vm/guest-tests.sh
	reports='BUG:|WARNING:|KASAN:|possible recursive locking|possible circular locking|inconsistent lock state|lockdep is turned off|sleeping function called from invalid context|Call Trace'
	if dmesg | grep -E "$reports" >/tmp/kernel-reports; then
		not_ok kernel-log-clean "$(head -n 1 /tmp/kernel-reports)"
		sed 's/^/# /' /tmp/kernel-reports | head -n 40
	else
		ok kernel-log-clean
	fi
}

case "$tree" in
board)
	check dt-module-load insmod "$mod"
	check dt-probe-from-node probed_from_node
	check dt-watchdog-timeout-default grep -qx 100 "$dev/watchdog_timeout_ms"
	check dt-refuses-missing-enable-gpios \
		refused interlock-no-enable "required property enable-gpios missing"
	check dt-refuses-missing-estop-gpios \
		refused interlock-no-estop "required property estop-gpios missing"
	check dt-refuses-three-estop-gpios \
		refused interlock-three-estops "estop-gpios names 3 lines, at most 2"
	check dt-refuses-agree-window-0 \
		refused interlock-window-0 "omt,estop-agree-window-ms 0 outside [1, 1000]"
	check dt-refuses-agree-window-1001 \
		refused interlock-window-1001 "omt,estop-agree-window-ms 1001 outside [1, 1000]"
	check dt-refuses-watchdog-timeout-9 \
		refused interlock-timeout-9 "omt,watchdog-timeout-ms 9 outside [10, 1000]"
	check dt-refuses-watchdog-timeout-1001 \
		refused interlock-timeout-1001 "omt,watchdog-timeout-ms 1001 outside [10, 1000]"
	check dt-module-unload rmmod omt_table
	check dt-params-refused-beside-node params_refused_beside_node
	# Everything the x86 guest runs, on the tree's node and lines; its
	# closing kernel-log check covers the cases above too.
	OMT_DT_LINES=$lines sh "$here/../guest-tests.sh" "$mod" "$dir/omt_table_test"
	;;
active-low)
	check dt-module-load insmod "$mod"
	check dt-probe-from-node probed_from_node
	check dt-watchdog-timeout-from-tree grep -qx 250 "$dev/watchdog_timeout_ms"
	"$dir/omt_table_dt_test" "$lines" "$dev"
	rc=$?
	[ "$rc" -le 1 ] || not_ok dt-test-program-completed "exit status $rc"
	check dt-released-enable-follows-pull-down-to-on released_enable_follows_pull_down
	check dt-released-enable-follows-pull-up-to-off released_enable_follows_pull_up
	kernel_log_clean
	;;
*)
	not_ok dt-tree-known "no cases for tree '$tree'"
	;;
esac
