#!/bin/bash
# In the guest, with omt_table loaded on the e-stop chip: the daemon on
# the kernel interlock, with its pedal inputs on a second gpio-sim chip
# read through libgpiod.  omtd holds enable up.  Unlocked as a clinician
# would (omtctl unlock), the height-up pedal raises the simulated table
# only while it is held; an e-stop pressed while the pedal is held drops
# enable, omtd reports it and the table stops.  Positions are the
# simulator's own (its control socket), so the checks are about what the
# table did; times are printed, never asserted.  Once the e-stop is
# released and the faults cleared, enable is up again; with the kernel's
# lower limit switch closed the down pedal moves nothing and the up pedal
# raises the table; kill -9 of omtd
# drops it by the time the process is gone (the time is printed); a
# restarted omtd takes the device again; an e-stop drops enable and omtd
# reports it.
#
# Last, the interlock's device goes away under the running omtd (its
# gpio-sim chip removed, so the module unbinds) and the module is
# unloaded and loaded again: omtd latches its interlock fault, lets go of
# the dead device (else the module could not be unloaded), opens the new
# one by itself, and keeps enable off until the fault is cleared.
#
#   guest-omtd.sh BUILD_DIR ESTOP_CHIP_SYSFS_DIR TEST_PROGRAM [MODULE SIM_CONFIGFS_DIR [PARAM...]]
#
# Without MODULE the device-loss part is left out.
#
# Prints "ok - NAME" / "not ok - NAME" lines; skips (as ok with # SKIP)
# when omtd or omt-sim has not been built.
set -u
build=$1 lines=$2 prog=$3 mod=${4:-} simcfg=${5:-}
shift 3
[ $# -ge 2 ] && shift 2
# (the rest: the module's parameters)
top=$(cd "$(dirname "$0")/../.." && pwd)

# shellcheck source=tests/lib/check.bash
. "$top/tests/lib/check.bash"

if [ ! -x "$build/omtd" ] || [ ! -x "$build/omt-sim" ]; then
	ok omtd-in-guest "SKIP omtd or omt-sim not built in $build"
	exit 0
fi

dir=/tmp/omtd-stack
mkdir -p "$dir/state"
bus_pid= sim_pid= omtd_pid=
cleanup() {
	# The stack's logs go beside the results for a post-mortem, with
	# what omtd says of its faults, its loop and its link.  The logs
	# first: on a starved host the guest is so slow that the run's time
	# limit can end it during the six omtctl calls below (a run failed
	# with omtd in a fault and no log of which).
	[ -d /tmp/results ] && cp "$dir"/*.log "$dir"/omtd.conf /tmp/results/ 2>/dev/null
	if [ -n "$omtd_pid" ] && [ -d /tmp/results ]; then
		for what in status "diag loop" "diag timing" "diag axes" "diag link" "diag log"; do
			echo "== omtctl $what"
			# shellcheck disable=SC2086
			timeout 30 "$build/omtctl" $what
		done >"$dir/omtctl-diag.log" 2>&1
	fi
	[ -d /tmp/results ] && cp "$dir"/*.log "$dir"/omtd.conf /tmp/results/ 2>/dev/null
	[ -n "$omtd_pid" ] && kill -TERM "$omtd_pid" 2>/dev/null && wait "$omtd_pid" 2>/dev/null
	[ -n "$sim_pid" ] && kill -TERM "$sim_pid" 2>/dev/null && wait "$sim_pid" 2>/dev/null
	[ -n "$bus_pid" ] && kill -TERM "$bus_pid" 2>/dev/null
	return 0
}
trap cleanup EXIT

# Bounded wait for a condition (a broken stack fails, never hangs).
wait_for() { # tries command...
	local tries=$1
	shift
	while [ "$tries" -gt 0 ]; do
		"$@" && return 0
		sleep 0.05
		tries=$((tries - 1))
	done
	return 1
}
enable_is() { grep -qx "$1" "$lines/sim_gpio2/value"; }
pull() { echo "pull-$2" >"$1"; }

ip link set lo up

# Pedals: 0 height-up, 1 height-down, 2 tilt-up, 3 tilt-down, 4/5 the two
# enable contacts, 6 arm-drops, 7 preset.
psim=/sys/kernel/config/gpio-sim/pedals
mkdir "$psim" "$psim/bank0"
echo omt-pedals >"$psim/bank0/label"
echo 8 >"$psim/bank0/num_lines"
echo 1 >"$psim/live"
pedals=/sys/devices/platform/$(cat "$psim/dev_name")/$(cat "$psim/bank0/chip_name")

"$top/tools/private-bus-conf.sh" "$dir/bus.sock" open >"$dir/bus.conf"
dbus-daemon --config-file="$dir/bus.conf" --nofork --nopidfile \
	>"$dir/dbus.log" 2>&1 &
bus_pid=$!
bus_address=unix:path=$dir/bus.sock
listening() { [ -S "$dir/bus.sock" ]; }
if ! wait_for 600 listening; then
	not_ok omtd-stack-starts "dbus-daemon did not start: $(tail -n 3 "$dir/dbus.log")"
	exit 1
fi
export DBUS_SYSTEM_BUS_ADDRESS=$bus_address

mkfifo "$dir/sim.ready"
# omtd and the simulator (the drives' own electronics) run ahead of this
# script's probes: each probe forks socat, sed and awk, which in the
# emulated guest on a loaded host took the CPU from omtd's control thread
# for most of a second (its kernel heartbeats 967 ms apart, and the
# interlock's 1 s watchdog cut drive power).  On a table omtd runs
# real-time; here a nice value does it without starving the bus daemon.
nice -n -10 "$build/omt-sim" --tcp 127.0.0.1:0 --control "$dir/sim.ctl" --ready-fd 3 3>"$dir/sim.ready" >"$dir/sim.log" 2>&1 &
sim_pid=$!
read -r -t 60 ready <"$dir/sim.ready" || ready=
port=$(sed -nE 's/.*tcp=[^ ]*:([0-9]+).*/\1/p' <<<"$ready")
if [ -z "$port" ]; then
	not_ok omtd-stack-starts "omt-sim did not start: $(tail -n 3 "$dir/sim.log")"
	exit 1
fi

cat >"$dir/omtd.conf" <<CONF
[link]
transport = tcp
host = 127.0.0.1
port = $port
response_timeout_ms = 80
byte_timeout_ms = 40

[control]
state_dir = $dir/state
interlock_device = /dev/omt_table
# Emulation runs many times slower than a controller: a slow cycle, long
# Modbus timeouts, and no real-time class, which in an emulated guest
# would starve the bus daemon (a nice value instead, above).  On a loaded
# host the emulated CPUs themselves stop for seconds at a time: the
# simulator's replies then stopped for over 2 s and every drive was
# declared lost (modbus-timeout) with the table at rest.  So the window
# before a unit is lost is the longest the daemon accepts, with the
# drives' own watchdog at the half of it that rule asks.
period_ms = 100
rt_priority = 0
comms_lost_ms = 10000
hold_timeout_ms = 1000
drive_watchdog_ms = 5000

# The height axis at a fifth of its shipped top speed, as the period is
# five times the shipped one: each cycle moves the setpoint as far as it
# would on a table (0.6 mm), so the following-error limit allows as many
# late or missed cycles as there.  At full speed a stall of the guest of
# two cycles put the setpoint 6 mm ahead of the drive, and the height
# axis latched following-error mid-move.
[axis.height]
max_speed = 6
# The script lets a pedal go only once a probe has seen the table move,
# and a probe is slow here: on a loaded host the up and down pedals held
# the height's motor for 16.6 s and 8.7 s, the shipped duty budget of 25 s
# in any 400 s.  The down motion stopped for it before the e-stop, and
# after the clear the up pedal, rightly, moved nothing: the checks of the
# kernel's lower limit switch failed on the duty cycle, not on the
# switch.  The script's pedal motions are bounded (a wait of 30 s each, a
# few of them), so this budget is never what stops them; the duty rule
# itself is tested on the core (test_duty_pedals, test_fault_monitors).
duty_on_s = 300

[io]
source = gpio
gpio_chip = omt-pedals
line.pedal-height-up = 0
line.pedal-height-down = 1
line.pedal-tilt-up = 2
line.pedal-tilt-down = 3
line.pedal-enable-a = 4
line.pedal-enable-b = 5
line.pedal-arm-drops = 6
line.pedal-preset = 7
CONF
prop() { busctl --system --timeout=2 get-property org.omt.Table1 /org/omt/Table1 org.omt.Table1 "$1" 2>/dev/null; }
owned() { prop State >/dev/null; }
start_omtd() { # test name
	nice -n -10 "$build/omtd" -c "$dir/omtd.conf" >>"$dir/omtd.log" 2>&1 &
	omtd_pid=$!
	alive_unowned() { kill -0 "$omtd_pid" 2>/dev/null || return 0; owned; }
	if wait_for 1200 alive_unowned && owned && wait_for 400 enable_is 1; then
		ok "$1"
	else
		not_ok "$1" "state '$(prop State)', log: $(tail -n 3 "$dir/omtd.log" | tr '\n' ' ')"
		exit 1
	fi
}

start_omtd omtd-holds-enable

# The simulator's view of the table: where the height drive really is.
sim_cmd() { printf '%s\n' "$1" | socat -t 5 - "UNIX-CONNECT:$dir/sim.ctl" 2>/dev/null; }
height() { sim_cmd "get height" | sed -nE 's/^ok position=(-?[0-9.]+) .*/\1/p'; }
# awk does the arithmetic on the decimal positions.
calc() { awk "BEGIN { $1 }"; }
now() { date +%s.%N; }
# Bounded wait in seconds, for checks that each spawn a process.
wait_secs() { # seconds command...
	local end=$((SECONDS + $1))
	shift
	until "$@"; do
		[ "$SECONDS" -ge "$end" ] && return 1
		sleep 0.1
	done
}
# Up by at least MARGIN mm from FROM.
risen() { # from margin
	local h
	h=$(height) && [ -n "$h" ] && calc "exit !($h >= $1 + $2)"
}
# At rest: the position does not change over half a second.  Sets $rest.
at_rest() {
	local a b
	a=$(height) && [ -n "$a" ] || return 1
	sleep 0.5
	b=$(height) && [ -n "$b" ] || return 1
	rest=$b
	calc "d = $a - $b; exit !(d < 0.01 && d > -0.01)"
}
# Still at rest a second later (no creeping, no restart).
stays_at() { # position
	local h
	sleep 1
	h=$(height) && [ -n "$h" ] && calc "d = $h - $1; exit !(d < 0.01 && d > -0.01)"
}
# Down by at least MARGIN mm from FROM.
fallen() { # from margin
	local h
	h=$(height) && [ -n "$h" ] && calc "exit !($h <= $1 - $2)"
}
up_pedal=$pedals/sim_gpio0/pull
down_pedal=$pedals/sim_gpio1/pull
# The configured soft limits of the height axis (omtd.conf above keeps
# the defaults): a table at rest well inside them was stopped by the
# release or the e-stop, not by running into a limit.
height_min=460 height_max=940
state() { prop State | sed -nE 's/^s "(.*)"$/\1/p'; }
# What is left of the motion axes' duty budgets (a used-up budget moves
# no pedal and latches no fault).
duty() { "$build/omtctl" status 2>/dev/null | sed -nE 's/^Duty: *//p'; }
# The state, and omtd's last words when it is not a usual one.
state_why() {
	local st
	st=$(state)
	case "$st" in
	fault|estop|"") echo "$st, log: $(tail -n 3 "$dir/omtd.log" | tr '\n' ' ')" ;;
	*) echo "$st" ;;
	esac
}

# Unlock as a clinician would: omtctl over the (private) system bus.
if "$build/omtctl" unlock >"$dir/omtctl.txt" 2>&1 &&
	wait_for 100 sh -c "busctl --system --timeout=2 get-property org.omt.Table1 /org/omt/Table1 org.omt.Table1 Locked | grep -qx 'b false'"; then
	ok omtd-unlock
else
	not_ok omtd-unlock "omtctl: $(tr '\n' ' ' <"$dir/omtctl.txt"), Locked $(prop Locked)"
	exit 1
fi

# Hold-to-run: the height-up pedal raises the table while it is held, and
# once it is released the table comes to rest and stays there.
start=$(height)
if [ -z "$start" ]; then
	not_ok omtd-pedal-moves-table "no height from the simulator: $(sim_cmd 'get height')"
	exit 1
fi
# The guest is emulated and every probe is slow, so the pedal is let go
# as soon as the rise is seen, and everything else is read afterwards.
t0=$(now)
pull "$up_pedal" up
if wait_secs 30 risen "$start" 10; then
	pull "$up_pedal" down
	t1=$(now)
	released_at=$(height)
	echo "# pedal held: height $start -> $released_at mm in $(calc "printf \"%.2f\", $t1 - $t0") s"
	ok omtd-pedal-moves-table
else
	pull "$up_pedal" down
	not_ok omtd-pedal-moves-table "height $start -> $(height) mm, state $(state), log: $(tail -n 3 "$dir/omtd.log" | tr '\n' ' ')"
	exit 1
fi
if wait_secs 20 at_rest && stays_at "$rest" &&
	calc "exit !($rest < $height_max - 5)"; then
	echo "# pedal released, at rest at $rest mm ($(calc "printf \"%.2f\", $rest - $released_at") mm past the first reading after the release) within $(calc "printf \"%.2f\", $(now) - $t1") s, state $(state_why)"
	ok omtd-pedal-release-stops-table
else
	not_ok omtd-pedal-release-stops-table "first reading after the release $released_at mm, now $(height) mm (limit $height_max), state $(state_why)"
	exit 1
fi

# E-stop while a pedal is held and the table moving (down this time, away
# from where the first press left it): the kernel drops enable, the
# daemon (seeing it through the interlock's status) goes to its e-stop
# state, and the table stops although the pedal is still down.
start=$rest
pull "$down_pedal" up
if wait_secs 30 fallen "$start" 10; then
	# The enable line as the press comes: high, or the drop below
	# proves nothing (a table already stopped by something else).
	enable_before=$(cat "$lines/sim_gpio2/value")
	pull "$lines/sim_gpio0/pull" up
	pull "$lines/sim_gpio1/pull" up
	t0=$(now)
	pressed_at=$(height)
	ok omtd-pedal-down-moves-table
else
	pull "$down_pedal" down
	not_ok omtd-pedal-down-moves-table "height $start -> $(height) mm, state $(state_why)"
	exit 1
fi
if [ "$enable_before" = 1 ] && wait_for 400 enable_is 0 &&
	grep -qx 0 /sys/bus/platform/devices/omt_table/enabled; then
	ok omtd-estop-while-moving-drops-enable
else
	not_ok omtd-estop-while-moving-drops-enable "enable line $enable_before at the press, $(cat "$lines/sim_gpio2/value") now, sysfs enabled $(cat /sys/bus/platform/devices/omt_table/enabled)"
fi
in_estop() { [ "$(state)" = estop ]; }
if wait_for 100 in_estop; then ok omtd-estop-while-moving-reports-estop; else
	not_ok omtd-estop-while-moving-reports-estop "state $(state)"; fi
if wait_secs 20 at_rest && stays_at "$rest" &&
	calc "exit !($rest > $height_min + 5)"; then
	echo "# e-stop pressed, at rest at $rest mm ($(calc "printf \"%.2f\", $pressed_at - $rest") mm past the first reading after the press) within $(calc "printf \"%.2f\", $(now) - $t0") s, pedal still held, state $(state)"
	ok omtd-estop-stops-table
else
	not_ok omtd-estop-stops-table "first reading after the e-stop $pressed_at mm, now $(height) mm (limit $height_min), state $(state), drive: $(sim_cmd 'get height')"
fi
pull "$down_pedal" down
pull "$lines/sim_gpio0/pull" down
pull "$lines/sim_gpio1/pull" down

# Released e-stop, faults cleared: omtd clears the kernel's latched fault
# and asks for enable again, so the kill -9 below starts from enable high.
clear_out=
cleared() { clear_out=$("$build/omtctl" faults clear 2>&1); }
if wait_for 40 cleared && wait_for 400 enable_is 1; then
	ok omtd-clear-after-estop-restores-enable
else
	not_ok omtd-clear-after-estop-restores-enable "omtctl: $clear_out, state $(state), enable line $(cat "$lines/sim_gpio2/value")"
	exit 1
fi

# The kernel's lower limit switch (line 3 of the e-stop chip): the module
# only reports it, omtd stops the height going down and lets it go up.
# The table is at rest at $rest since the e-stop; every probe is slow in
# the emulated guest, so there are few.
low_limit=$lines/sim_gpio3/pull
"$build/omtctl" unlock >/dev/null 2>&1
pull "$low_limit" up
# The position to hold is the one at rest now, with the switch pressed;
# any drift since the e-stop's rest is shown, not hidden.
estop_rest=$rest
wait_secs 20 at_rest
start=$rest
echo "# after the clear and unlock: at rest at $start mm (e-stop rest $estop_rest mm)"
pull "$down_pedal" up
if stays_at "$start"; then
	ok omtd-kernel-low-limit-stops-lowering
else
	not_ok omtd-kernel-low-limit-stops-lowering "height $start -> $(height) mm, state $(state_why), duty: $(duty)"
fi
pull "$down_pedal" down
pull "$up_pedal" up
if wait_secs 30 risen "$start" 2; then
	ok omtd-kernel-low-limit-allows-raising
else
	not_ok omtd-kernel-low-limit-allows-raising "height $start -> $(height) mm, state $(state), duty: $(duty), log: $(tail -n 3 "$dir/omtd.log" | tr '\n' ' ')"
fi
pull "$up_pedal" down
pull "$low_limit" down

# kill -9: enable is low once the process is gone (its files are closed
# before its parent can reap it); the kernel's record gives the time.
if "$prog" kill "$omtd_pid" >"$dir/kill.txt"; then
	wait "$omtd_pid" 2>/dev/null
	omtd_pid=
	if enable_is 0; then ok omtd-kill9-drops-enable; else
		not_ok omtd-kill9-drops-enable "enable still high"; fi
	cat "$dir/kill.txt"
else
	not_ok omtd-kill9-drops-enable "no close record after the kill"
	exit 1
fi
# The bus name goes with the process; wait for that before restarting.
gone() { ! owned; }
wait_for 400 gone
start_omtd omtd-restart-holds-enable

# A drive enabled when omtd died trips its watchdog and stays latched;
# the restarted omtd reports that, and a technician's clear (its
# fault-reset) must end it, or the table could never move again.  Drives
# parked disabled at rest (the bus schedule does that) trip nothing: then
# there is nothing to clear, and the table must simply settle.
faults_latched() { prop ActiveFaults | grep -q '"'; }
settled() { prop State | grep -qE '"(locked|idle)"'; }
recovered() { if faults_latched; then cleared || return 1; fi; settled; }
clear_out=
sleep 1
if wait_for 100 recovered; then
	ok omtd-restart-faults-clear
else
	not_ok omtd-restart-faults-clear "omtctl: $clear_out, state $(prop State), faults $(prop ActiveFaults)"
fi

# E-stop: the kernel drops enable and the daemon, seeing it through the
# interlock's status, goes to its e-stop state.
pull "$lines/sim_gpio0/pull" up
pull "$lines/sim_gpio1/pull" up
if wait_for 400 enable_is 0; then ok omtd-estop-drops-enable; else
	not_ok omtd-estop-drops-enable; fi
stopped() { prop State | grep -q '"estop"'; }
if wait_for 100 stopped; then ok omtd-reports-estop; else
	not_ok omtd-reports-estop "state $(prop State)"; fi
pull "$lines/sim_gpio0/pull" down
pull "$lines/sim_gpio1/pull" down

[ -n "$mod" ] || exit 0

# The device goes away under a running omtd, and comes back with the
# module reloaded.  First, enable up again after the e-stop above.
clear_out=
if wait_for 40 cleared && wait_for 400 enable_is 1; then
	ok omtd-enabled-before-device-loss
else
	not_ok omtd-enabled-before-device-loss "omtctl: $clear_out, state $(state), faults $(prop ActiveFaults)"
	exit 1
fi
interlock_fault() { prop ActiveFaults | grep -q '"interlock"'; }
echo 0 >"$simcfg/live"
if wait_for 200 interlock_fault; then
	ok omtd-device-loss-latches-interlock-fault
else
	not_ok omtd-device-loss-latches-interlock-fault "state $(state), faults $(prop ActiveFaults), log: $(tail -n 3 "$dir/omtd.log" | tr '\n' ' ')"
fi
# The module can go only once omtd has closed the dead device.
unloaded() { rmmod omt_table 2>/dev/null; }
if wait_for 200 unloaded; then
	ok omtd-releases-lost-device
else
	not_ok omtd-releases-lost-device "rmmod: $(rmmod omt_table 2>&1)"
	exit 1
fi
echo 1 >"$simcfg/live"
lines=/sys/devices/platform/$(cat "$simcfg/dev_name")/$(cat "$simcfg/bank0/chip_name")
if ! insmod "$mod" "$@"; then
	not_ok omtd-reopens-reloaded-device "insmod $mod $* failed"
	exit 1
fi
reopened() { grep -q "kernel interlock device open again" "$dir/omtd.log"; }
if wait_for 200 reopened; then
	ok omtd-reopens-reloaded-device
else
	not_ok omtd-reopens-reloaded-device "log: $(tail -n 3 "$dir/omtd.log" | tr '\n' ' ')"
fi
# A table never restarts on its own: the fault stays latched and enable
# off until someone clears it; then omtd asks the new device for enable.
sleep 1
if enable_is 0 && interlock_fault; then
	ok omtd-reloaded-device-stays-off-until-cleared
else
	not_ok omtd-reloaded-device-stays-off-until-cleared "enable line $(cat "$lines/sim_gpio2/value"), faults $(prop ActiveFaults)"
fi
clear_out=
if wait_for 40 cleared && wait_for 400 enable_is 1; then
	ok omtd-clear-after-reload-restores-enable
else
	not_ok omtd-clear-after-reload-restores-enable "omtctl: $clear_out, state $(state), faults $(prop ActiveFaults), enable line $(cat "$lines/sim_gpio2/value")"
fi
grep -E "kernel interlock (lost|device open again)" "$dir/omtd.log" | sed 's/^/# omtd: /'
