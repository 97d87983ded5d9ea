#!/bin/bash
# In the guest: build the simulated board, load omt_table, run the C
# tests, unload, and check the kernel log.  Prints "ok - NAME" /
# "not ok - NAME" lines.
#
#   guest-tests.sh MODULE.ko TEST_PROGRAM [BUILD_DIR]
#
# With BUILD_DIR (holding omtd and omt-sim), the daemon runs on the
# interlock too (guest-omtd.sh).
#
# Both guests run it: the x86 one under bash, the arm64 one
# (tests/vm/arm64/) under busybox sh, so it keeps to POSIX sh plus
# "local".  There the board is the device tree's: OMT_DT_LINES names the
# sysfs directory of the tree's gpio-sim bank, wired as the chip below,
# and the module binds to the tree's node when loaded, without
# parameters.
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
# With 5-level paging, KASAN on this kernel can report a wild access in
# an interrupt that lands inside identify_cpu() early at boot (the CPU
# feature bits are briefly cleared there, and KASAN's shadow-address
# check depends on the LA57 bit).  boot.sh disables LA57 in the emulated
# CPU; this check keeps it that way (x86 only: the arm64 guest has no la57).
if [ "$(uname -m)" = x86_64 ]; then
	no_la57() { ! grep -qw la57 /proc/cpuinfo; }
	check guest-cpu-without-la57 no_la57
fi

if [ -n "${OMT_DT_LINES:-}" ]; then
	lines=$OMT_DT_LINES
	params=
else
	check gpio-sim-chip make_chip
	lines=/sys/devices/platform/$(cat "$sim/dev_name")/$(cat "$sim/bank0/chip_name")
	params="agree_window_ms=200 chip=omt-sim estop_a=0 estop_b=1 enable=2 limit_low=3 limit_high=4 obstruction=5"
fi

# Bad parameters are refused and leave nothing behind.
rejects_bad_parameters() {
	local bad
	for bad in "chip=omt-sim estop_a=0" "chip=omt-sim enable=2" \
		"chip=omt-sim estop_a=0 enable=0" "chip=omt-sim estop_a=0 enable=2 active_low=64" \
		"chip=omt-sim estop_a=0 enable=2 limit_high=4" "chip=omt-sim estop_a=-2 enable=2" \
		"chip= estop_a=0 enable=2" "agree_window_ms=0 chip=omt-sim estop_a=0 enable=2" \
		"agree_window_ms=1001 chip=omt-sim estop_a=0 enable=2" \
		"chip=omt-sim estop_a=65535 enable=2" "chip=omt-sim estop_a=0 enable=65535" \
		"enable_chip=omt-sim estop_a=0 enable=2" "chip=omt-sim enable_chip= estop_a=0 enable=2"; do
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
# A board without a device tree only (one with one refuses chip=:
# tests/vm/arm64/guest-dt.sh).
[ -n "${OMT_DT_LINES:-}" ] || check module-missing-chip-no-device missing_chip

pull() { echo "pull-$2" >"$lines/sim_gpio$1/pull"; }
fault_has_estop() { [ $(($(cat /sys/bus/platform/devices/omt_table/fault) & 1)) -eq 1 ]; }

# An e-stop already pressed when the module binds latches ESTOP.
pressed_at_probe() {
	local rc=0
	pull 0 up
	# shellcheck disable=SC2086
	insmod "$mod" $params || return 1
	fault_has_estop || rc=1
	rmmod omt_table || rc=1
	pull 0 down
	return $rc
}
check estop-pressed-at-probe-latches pressed_at_probe

# A press while the module binds (at several moments of the probe) is
# never lost: afterwards ESTOP is latched.
press_during_probe() {
	local delay hits=0 tries=0
	for delay in 0 0.01 0.02 0.05 0.1 0.2; do
		# shellcheck disable=SC2086
		insmod "$mod" $params &
		sleep "$delay"
		pull 0 up
		wait $! || return 1
		tries=$((tries + 1))
		sleep 0.2
		fault_has_estop || hits=$((hits + 1))
		rmmod omt_table || return 1
		pull 0 down
	done
	echo "# press during probe lost: $hits of $tries attempts"
	[ "$hits" -eq 0 ]
}
check estop-pressed-during-probe-latches press_during_probe

# shellcheck disable=SC2086
check module-load insmod "$mod" $params
check device-node test -c /dev/omt_table

"$prog" "$lines" /sys/bus/platform/devices/omt_table
rc=$?
# 0 all passed, 1 some failed (already reported); anything else is a crash
# or a setup error that may have hidden tests.
[ "$rc" -le 1 ] || not_ok test-program-completed "exit status $rc"

if [ -n "$build" ]; then
	if [ -z "${OMT_DT_LINES:-}" ]; then
		# It removes the chip and reloads the module under omtd; the
		# chip's sysfs directory comes back under a new name.
		# shellcheck disable=SC2086
		"$here/guest-omtd.sh" "$build" "$lines" "$prog" "$mod" "$sim" $params
		lines=/sys/devices/platform/$(cat "$sim/dev_name")/$(cat "$sim/bank0/chip_name")
	else
		"$here/guest-omtd.sh" "$build" "$lines" "$prog"
	fi
fi

# A suspend (pm_test: freeze the tasks, then resume) while enabled.  The
# arm64 guest's small kernel has no suspend support: there it is said,
# not counted.
if [ -n "${OMT_DT_LINES:-}" ] && [ ! -e /sys/power/pm_test ]; then
	echo "# suspend-drops-enable-and-latches: not run (no suspend support in this guest kernel)"
elif [ -w /sys/power/pm_test ] && grep -qw freeze /sys/power/state; then
	echo 0 >/sys/module/suspend/parameters/pm_test_delay 2>/dev/null
	echo freezer >/sys/power/pm_test
	"$prog" suspend "$lines"
	echo none >/sys/power/pm_test
else
	not_ok suspend-drops-enable-and-latches "no pm_test or s2idle in this kernel"
fi

check module-unload rmmod omt_table
check enable-low-after-unload grep -qx 0 "$lines/sim_gpio2/value"

# On an I2C or USB expander the trip interrupts are nested: the irq core
# runs no hard handler, only the thread, in the expander's thread.  No
# GPIO provider these guests can carry gives a nested interrupt (gpio-sim
# and gpio-mockup deliver theirs from irq_work, in hard irq context), so
# the module is loaded with trip_thread_only=1, which requests the trip
# interrupts without their hard handler as the core does for a nested
# one, and the cases that depend on the handlers run again.
# shellcheck disable=SC2086
check thread-only-module-load insmod "$mod" $params trip_thread_only=1
"$prog" thread-only "$lines" /sys/bus/platform/devices/omt_table
rc=$?
[ "$rc" -le 1 ] || not_ok thread-only-test-program-completed "exit status $rc"
check thread-only-module-unload rmmod omt_table

# Two chips: the inputs on omt-sim, the enable line on omt-out (line 1).
# Then omt-sim goes away with the device open and enabled.
# The device-tree guest describes one board in its tree, which refuses
# the chip parameters: the two-chip board is the parameters' case.
if [ -z "${OMT_DT_LINES:-}" ]; then
	# (Not "out": the check helper keeps its output there.)
	out_sim=/sys/kernel/config/gpio-sim/out
	make_out_chip() {
		mkdir "$out_sim" "$out_sim/bank0" &&
		echo omt-out >"$out_sim/bank0/label" &&
		echo 2 >"$out_sim/bank0/num_lines" &&
		echo 1 >"$out_sim/live"
	}
	check gpio-sim-second-chip make_out_chip
	out_lines=/sys/devices/platform/$(cat "$out_sim/dev_name")/$(cat "$out_sim/bank0/chip_name")
	# shellcheck disable=SC2086
	check two-chip-module-load insmod "$mod" ${params/enable=2/enable=1} enable_chip=omt-out
	"$prog" removal "$lines" "$out_lines" 1 "$sim/live"
	check device-gone-after-input-chip-removal test ! -e /dev/omt_table
	check two-chip-module-unload rmmod omt_table
	check two-chip-enable-low-after-unload grep -qx 0 "$out_lines/sim_gpio1/value"
	echo 1 >"$sim/live"
fi

# Anything the debugging options caught fails the run.
reports='BUG:|WARNING:|KASAN:|possible recursive locking|possible circular locking|inconsistent lock state|lockdep is turned off|sleeping function called from invalid context|Call Trace'
if dmesg | grep -E "$reports" >/tmp/kernel-reports; then
	not_ok kernel-log-clean "$(head -n 1 /tmp/kernel-reports)"
	sed 's/^/# /' /tmp/kernel-reports | head -n 40
else
	ok kernel-log-clean
fi
