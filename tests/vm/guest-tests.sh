#!/bin/bash
# In the guest: build the simulated board, load omt_table, run the C
# tests, unload, and check the kernel log.  Prints "ok - NAME" /
# "not ok - NAME" lines.
#
#   guest-tests.sh MODULE.ko TEST_PROGRAM [BUILD_DIR]
#
# With BUILD_DIR (holding omtd and omt-sim), the daemon runs on the
# interlock too (guest-omtd.sh).
set -u
mod=$1 prog=$2 build=${3:-}
here=$(cd "$(dirname "$0")" && pwd)

# shellcheck source=tests/lib/check.bash
. "$here/../lib/check.bash"

# One gpio-sim chip: 0 e-stop A, 1 e-stop B, 2 enable, 3 limit low,
# 4 limit high, 5 obstruction.  Lines read 0 (released) until pulled up.
sim=/sys/kernel/config/gpio-sim/omt
make_chip() {
	mkdir "$sim" "$sim/bank0" &&
	echo omt-sim >"$sim/bank0/label" &&
	echo 8 >"$sim/bank0/num_lines" &&
	echo 1 >"$sim/live"
}
check gpio-sim-chip make_chip
lines=/sys/devices/platform/$(cat "$sim/dev_name")/$(cat "$sim/bank0/chip_name")

params="agree_window_ms=200 chip=omt-sim estop_a=0 estop_b=1 enable=2 limit_low=3 limit_high=4 obstruction=5"

# Bad parameters are refused and leave nothing behind.
rejects_bad_parameters() {
	local bad
	for bad in "chip=omt-sim estop_a=0" "chip=omt-sim enable=2" \
		"chip=omt-sim estop_a=0 enable=0" "chip=omt-sim estop_a=0 enable=2 active_low=64" \
		"chip=omt-sim estop_a=0 enable=2 limit_high=4" "chip=omt-sim estop_a=-2 enable=2" \
		"chip= estop_a=0 enable=2" "agree_window_ms=0 chip=omt-sim estop_a=0 enable=2" \
		"agree_window_ms=1001 chip=omt-sim estop_a=0 enable=2"; do
		# shellcheck disable=SC2086
		if insmod "$mod" $bad 2>/dev/null; then
			echo "# accepted: $bad"
			rmmod omt_table
			return 1
		fi
	done
	[ ! -e /dev/omt_table ] && ! grep -q '^omt_table ' /proc/modules
}
check module-rejects-bad-parameters rejects_bad_parameters

# A chip label that does not exist: the module loads, the device waits
# for its lines (probe deferred), and no device node appears.
missing_chip() {
	insmod "$mod" chip=no-such-chip estop_a=0 enable=2 || return 1
	local rc=0
	[ ! -e /dev/omt_table ] || rc=1
	rmmod omt_table || rc=1
	return $rc
}
check module-missing-chip-no-device missing_chip

# shellcheck disable=SC2086
check module-load insmod "$mod" $params
check device-node test -c /dev/omt_table

"$prog" "$lines" /sys/bus/platform/devices/omt_table
rc=$?
# 0 all passed, 1 some failed (already reported); anything else is a crash
# or a setup error that may have hidden tests.
[ "$rc" -le 1 ] || not_ok test-program-completed "exit status $rc"

if [ -n "$build" ]; then
	"$here/guest-omtd.sh" "$build" "$lines" "$prog"
fi

check module-unload rmmod omt_table
check enable-low-after-unload grep -qx 0 "$lines/sim_gpio2/value"

# Anything the debugging options caught fails the run.
reports='BUG:|WARNING:|KASAN:|possible recursive locking|possible circular locking|inconsistent lock state|lockdep is turned off|sleeping function called from invalid context|Call Trace'
if dmesg | grep -E "$reports" >/tmp/kernel-reports; then
	not_ok kernel-log-clean "$(head -n 1 /tmp/kernel-reports)"
	sed 's/^/# /' /tmp/kernel-reports | head -n 40
else
	ok kernel-log-clean
fi
