#!/usr/bin/env bash
# make demo: the narrated session runs to its end, every step doing what
# it says (tools/demo.sh checks each), and exits 0 with nothing left
# running and no files left behind; and again on the mixed table
# (make demo TABLE=mixed).
set -u
top=$(cd "$(dirname "$0")/../.." && pwd)
build=${OMT_BUILD:-$top/build}
out=$(mktemp /tmp/omt-demo-test.XXXXXX)
trap 'rm -f "$out"' EXIT

# As in the bus tests: tolerate a loaded machine's late Modbus replies.
export OMT_STACK_CONTROL_EXTRA="comms_lost_ms = 500
drive_watchdog_ms = 1000"
before=$(ls -d /tmp/omt-demo.* 2>/dev/null | sort)
OMT_DEMO_PAUSE=0 "$top/tools/demo.sh" "$build" >"$out" 2>&1
rc=$?
if [ $rc -eq 0 ]; then
	echo "ok - make demo runs the session and exits 0"
else
	echo "not ok - make demo runs the session and exits 0 (exit $rc)"
	tail -n 25 "$out" | sed 's/^/#   /'
fi

narrated() {
	local line
	for line in '^\$ omtctl unlock' '^\$ omtctl preset recall prone' \
		'^\$ omtctl drop arm lumbar' 'lumbar fired' '^\$ omtctl estop' \
		'^\$ omtctl faults clear' '^DBUS_SYSTEM_BUS_ADDRESS=unix:'; do
		grep -qE "$line" "$out" || { echo "# missing: $line"; return 1; }
	done
}
if narrated; then
	echo "ok - the session shows unlock, recall, arming, the drop, e-stop, recovery"
else
	echo "not ok - the session shows unlock, recall, arming, the drop, e-stop, recovery"
fi

after=$(ls -d /tmp/omt-demo.* 2>/dev/null | sort)
if [ "$before" = "$after" ]; then
	echo "ok - the demo leaves no files behind"
else
	echo "not ok - the demo leaves no files behind"
fi

# make demo TABLE=mixed: the same session on the mixed table (height on a
# LINAK-class actuator, tilt on a CiA 402 drive, etc/tables/mixed.conf).
OMT_DEMO_PAUSE=0 "$top/tools/demo.sh" "$build" mixed >"$out" 2>&1
rc=$?
if [ $rc -eq 0 ] && narrated; then
	echo "ok - make demo TABLE=mixed runs the session on the mixed table"
else
	echo "not ok - make demo TABLE=mixed runs the session on the mixed table (exit $rc)"
	tail -n 25 "$out" | sed 's/^/#   /'
fi
