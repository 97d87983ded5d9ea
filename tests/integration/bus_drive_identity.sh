#!/usr/bin/env bash
# The drives' serial numbers and firmware versions, for technicians: omtd
# reads them at each drive's verification, on every connection, and shows
# them in the Diagnostics DriveIdentities property (readable by anyone),
# omtctl diag axes, omtctl --version and the diag report.  A drive that
# lacks the registers (exception 2) or sends what is not printable text
# is shown as unknown and still works.
set -u
# shellcheck source=tests/integration/bus_stack.bash
. "$(dirname "$0")/bus_stack.bash"
trap 'stack_stop' EXIT

if ! stack_start; then
	echo "not ok - the simulated stack starts"
	exit 1
fi

identities() {
	busctl --system get-property org.omt.Table1 /org/omt/Table1 \
		org.omt.Table1.Diagnostics DriveIdentities
}

# Until every drive is verified on its present connection.
all_verified() {
	local i
	for i in $(seq 200); do
		[ "$(prop Drives | grep -o '"verified"' | wc -l)" -eq 6 ] && return 0
		sleep 0.05
	done
	echo "# Drives: $(prop Drives)"
	return 1
}

each_drive_named() {
	local out
	all_verified || return 1
	out=$(identities)
	echo "$out"
	grep -qF '"height" 2 "serial" s "OMTSIM-0001" "firmware" s "1.0.0-sim"' <<<"$out" &&
		grep -qF '"pelvic" 2 "serial" s "OMTSIM-0006" "firmware" s "1.0.0-sim"' <<<"$out" &&
		# Anyone may read it, as every property.
		setpriv --reuid=65534 --regid=65534 --clear-groups busctl --system \
			get-property org.omt.Table1 /org/omt/Table1 \
			org.omt.Table1.Diagnostics DriveIdentities |
		grep -qF '"tilt" 2 "serial" s "OMTSIM-0002"'
}
check "DriveIdentities gives each drive's serial number and firmware, to anyone" each_drive_named

omtctl_shows_them() {
	local out
	out=$("$OMTCTL" diag axes) || return 1
	echo "$out"
	grep -qE '^AXIS .* SERIAL +FIRMWARE +STATUS / FAULT +CHECK$' <<<"$out" &&
		grep -qE '^height .* OMTSIM-0001 +1\.0\.0-sim +0x[0-9a-f]{4} .* verified$' <<<"$out" &&
		"$OMTCTL" --json diag axes | /usr/bin/python3 -c '
import json, sys
rows = {r["axis"]: r for r in json.load(sys.stdin)}
assert rows["lumbar"]["serial"] == "OMTSIM-0005", rows["lumbar"]
assert rows["lumbar"]["firmware"] == "1.0.0-sim"' || return 1
	out=$("$OMTCTL" --version) || return 1
	echo "$out"
	grep -qx 'drive height: serial OMTSIM-0001, firmware 1.0.0-sim' <<<"$out" &&
		grep -qx 'drive pelvic: serial OMTSIM-0006, firmware 1.0.0-sim' <<<"$out" &&
		"$OMTCTL" --json --version | /usr/bin/python3 -c '
import json, sys
v = json.load(sys.stdin)
assert v["drives"]["tilt"] == {"serial": "OMTSIM-0002", "firmware": "1.0.0-sim"}, v'
}
check "omtctl diag axes (text and JSON) and omtctl --version show them" omtctl_shows_them

in_the_report() {
	local f=$STACK_DIR/report.tar.gz x=$STACK_DIR/x
	"$OMTCTL" diag report --out="$f" >/dev/null || return 1
	mkdir -p "$x" && tar -xzf "$f" -C "$x" || return 1
	grep -qx 'drive thoracic: serial OMTSIM-0004, firmware 1.0.0-sim' "$x/omt-report/version.txt" &&
		grep -qE '^thoracic .* OMTSIM-0004 +1\.0\.0-sim ' "$x/omt-report/axes.txt" &&
		grep -q '"serial":"OMTSIM-0004"' "$x/omt-report/axes.json"
}
check "diag report holds them (version.txt, axes.txt, axes.json)" in_the_report

# Swap the drives' identities behind omtd's back, then cut them off the
# bus until omtd forgets their check: what it reads on the new connection
# is what it shows.
# One at a time: a silent drive costs the bus a reply timeout each try.
reconnect() { # DRIVE...
	local d
	for d in "$@"; do
		sim_cmd "fault $d absent" >/dev/null &&
			wait_prop Drives "\"$d\" \"(pending|no-answer)" &&
			sim_cmd "fault $d clear" >/dev/null || return 1
	done
	all_verified
}

read_on_every_connection() {
	local out
	sim_cmd "identity height none" | grep -qx 'ok none' || return 1
	# Text after a NUL, and a control character: not text.
	sim_cmd "identity tilt serial-hex 4142004344" >/dev/null || return 1
	sim_cmd "identity cervical firmware-hex 312e301b5b326a" >/dev/null || return 1
	sim_cmd "identity lumbar firmware 2.1.0-sim" >/dev/null || return 1
	sim_cmd "identity lumbar serial SN-L-77" >/dev/null || return 1
	# Not read again while the connection lasts.
	identities | grep -qF '"lumbar" 2 "serial" s "OMTSIM-0005"' || return 1
	gdbus monitor --system --dest org.omt.Table1 --object-path /org/omt/Table1 \
		>"$STACK_DIR/signals" 2>&1 &
	local monitor=$!
	wait_for "$STACK_DIR/signals" 'Monitoring' || { kill "$monitor"; return 1; }
	reconnect height tilt cervical lumbar || { kill "$monitor"; return 1; }
	# Announced on the Diagnostics interface when it changed.
	wait_for "$STACK_DIR/signals" \
		"PropertiesChanged \('org\.omt\.Table1\.Diagnostics', \{'DriveIdentities': .*'SN-L-77'"
	local announced=$?
	kill "$monitor"
	wait "$monitor" 2>/dev/null
	[ $announced -eq 0 ] || return 1
	out=$(identities)
	echo "$out"
	grep -qF '"height" 0 ' <<<"$out" &&
		grep -qF '"tilt" 1 "firmware" s "1.0.0-sim"' <<<"$out" &&
		grep -qF '"cervical" 1 "serial" s "OMTSIM-0003"' <<<"$out" &&
		grep -qF '"lumbar" 2 "serial" s "SN-L-77" "firmware" s "2.1.0-sim"' <<<"$out" &&
		grep -qF 'height drive (slave 1): serial unknown (exception 2), firmware unknown (exception 2)' \
			"$STACK_DIR/stack/omtd.log" &&
		grep -qF 'tilt drive (slave 2): serial unknown (not text), firmware 1.0.0-sim' \
			"$STACK_DIR/stack/omtd.log"
}
check "read again on every connection (announced with PropertiesChanged); lacking (exception 2) or not text: unknown" read_on_every_connection

unknown_still_works() {
	local out
	out=$("$OMTCTL" diag axes) || return 1
	echo "$out"
	grep -qE '^height .* unknown +unknown +0x[0-9a-f]{4} .* verified$' <<<"$out" &&
		grep -qE '^tilt .* unknown +1\.0\.0-sim ' <<<"$out" || return 1
	"$OMTCTL" --version | grep -qx 'drive height: serial unknown, firmware unknown' || return 1
	"$OMTCTL" --json diag axes | /usr/bin/python3 -c '
import json, sys
rows = {r["axis"]: r for r in json.load(sys.stdin)}
assert rows["height"]["serial"] is None and rows["height"]["firmware"] is None' || return 1
	# The cut-off latched comms faults; cleared, the drive moves.
	"$OMTCTL" faults clear >/dev/null
	"$OMTCTL" unlock >/dev/null &&
		"$OMTCTL" -q move height=720 >/dev/null &&
		awk -v h="$(prop Height | cut -d' ' -f2)" 'BEGIN { exit !(h > 719.5 && h < 720.5) }'
}
check "a drive without identity registers shows unknown and still moves" unknown_still_works

silent_drive_not_held_up() {
	# Some drives ignore a request for an address they lack: no reply.
	sim_cmd "identity thoracic silent" | grep -qx 'ok silent' || return 1
	reconnect thoracic || return 1
	identities | grep -qF '"thoracic" 0 ' &&
		grep -qF 'thoracic drive (slave 4): serial unknown (no answer), firmware unknown (no answer)' \
			"$STACK_DIR/stack/omtd.log" &&
		prop Drives | grep -qF '"thoracic" "verified"'
}
check "a drive that does not answer the identity reads is verified after a few tries, identity unknown" silent_drive_not_held_up
