#!/bin/bash
# In the guest, with omt_table loaded on the e-stop chip: the daemon on
# the kernel interlock, with its pedal inputs on a second gpio-sim chip
# read through libgpiod.  omtd holds enable up; kill -9 of omtd drops it
# by the time the process is gone (the time is printed); a restarted omtd
# takes the device again; an e-stop drops enable and omtd reports it.
#
#   guest-omtd.sh BUILD_DIR ESTOP_CHIP_SYSFS_DIR TEST_PROGRAM
#
# Prints "ok - NAME" / "not ok - NAME" lines; skips (as ok with # SKIP)
# when omtd or omt-sim has not been built.
set -u
build=$1 lines=$2 prog=$3

ok() { echo "ok - $1${2:+ # $2}"; }
not_ok() { echo "not ok - $1${2:+ # $2}"; }

if [ ! -x "$build/omtd" ] || [ ! -x "$build/omt-sim" ]; then
	ok omtd-in-guest "SKIP omtd or omt-sim not built in $build"
	exit 0
fi

dir=/tmp/omtd-stack
mkdir -p "$dir/state"
bus_pid= sim_pid= omtd_pid=
cleanup() {
	# The stack's logs go beside the results for a post-mortem.
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

cat >"$dir/bus.conf" <<CONF
<!DOCTYPE busconfig PUBLIC "-//freedesktop//DTD D-BUS Bus Configuration 1.0//EN"
 "http://www.freedesktop.org/standards/dbus/1.0/busconfig.dtd">
<busconfig>
  <type>system</type>
  <listen>unix:path=$dir/bus.sock</listen>
  <auth>EXTERNAL</auth>
  <policy context="default">
    <allow user="*"/>
    <allow own="*"/>
    <allow send_type="method_call"/>
    <allow send_type="signal"/>
    <allow send_requested_reply="true" send_type="method_return"/>
    <allow send_requested_reply="true" send_type="error"/>
    <allow receive_type="method_call"/>
    <allow receive_type="method_return"/>
    <allow receive_type="error"/>
    <allow receive_type="signal"/>
  </policy>
</busconfig>
CONF
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
"$build/omt-sim" --tcp 127.0.0.1:0 --ready-fd 3 3>"$dir/sim.ready" >"$dir/sim.log" 2>&1 &
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
# would starve the bus daemon.
period_ms = 100
rt_priority = 0
comms_failure_limit = 20
hold_timeout_ms = 1000
drive_watchdog_ms = 1000

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
	"$build/omtd" -c "$dir/omtd.conf" >>"$dir/omtd.log" 2>&1 &
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

# E-stop: the kernel drops enable and the daemon, seeing it through the
# interlock's status, goes to its e-stop state.
pull "$lines/sim_gpio0/pull" up
pull "$lines/sim_gpio1/pull" up
if wait_for 400 enable_is 0; then ok omtd-estop-drops-enable; else
	not_ok omtd-estop-drops-enable; fi
stopped() { prop State | grep -qE '"(estop|fault)"'; }
if wait_for 100 stopped; then ok omtd-reports-estop; else
	not_ok omtd-reports-estop "state $(prop State)"; fi
pull "$lines/sim_gpio0/pull" down
pull "$lines/sim_gpio1/pull" down
