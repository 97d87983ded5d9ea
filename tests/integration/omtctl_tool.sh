#!/usr/bin/env bash
# omtctl as a systemd-style tool: one-line usage errors, getopt_long's
# --opt=value, units named, --json that is JSON on stdout and nothing else
# (compact or pretty), --version with omtd's version; and make run, whose
# stdout is its address line alone.
set -u
# shellcheck source=tests/integration/bus_stack.bash
. "$(dirname "$0")/bus_stack.bash"
trap 'stack_stop' EXIT
PY=/usr/bin/python3    # Debian's, whatever python3 a PATH offers first

usage_errors_one_line() {
	local args err out rc
	for args in "frobnicate" "move height=70cm" "move height=0x2ee" \
		"--seconds" "preset save a/b" "drop tension lumbar 11"; do
		# shellcheck disable=SC2086
		out=$("$OMTCTL" $args 2>"$STACK_DIR/err")
		rc=$?
		err=$(cat "$STACK_DIR/err")
		[ $rc -eq 2 ] && [ -z "$out" ] && [ "$(wc -l <<<"$err")" -eq 1 ] &&
			[[ $err == "omtctl: "*"; see 'omtctl --help'" ]] ||
			{ echo "$args: rc $rc, stderr: $err"; return 1; }
	done
	"$OMTCTL" move height=70cm 2>&1 | grep -q "millimetres" &&
		"$OMTCTL" move tilt=3deg 2>&1 | grep -q "degrees"
}

if ! stack_start; then
	echo "not ok - the stack starts"
	exit 1
fi
check "a usage error is one line naming the fault (units included) and pointing at --help; exit 2" usage_errors_one_line

long_options() {
	local f=$STACK_DIR/t.csv
	"$OMTCTL" diag trace --seconds=1 --out="$f" >/dev/null || return 1
	[ "$(head -c 6 "$f")" = time_s ] || { head -n 2 "$f"; return 1; }
	"$OMTCTL" --json=off status | grep -q '^State: ' &&
		"$OMTCTL" --json=short status | grep -q '^{"state":'
}
check "getopt_long: --seconds=1 --out=FILE, --json=off|short" long_options

no_verb_is_status() {
	local plain
	plain=$("$OMTCTL" status) || return 1
	# --no-pager is taken (omtctl never pages), --no-legend drops headers.
	[ "$("$OMTCTL")" = "$plain" ] && [ "$("$OMTCTL" --no-pager)" = "$plain" ] &&
		[ "$("$OMTCTL" --json)" = "$("$OMTCTL" --json status)" ] &&
		"$OMTCTL" diag axes | head -n 1 | grep -q '^AXIS ' &&
		! "$OMTCTL" --no-legend --no-pager diag axes | grep -q '^AXIS '
}
check "no verb shows status; --no-pager is accepted, --no-legend drops the header" no_verb_is_status

json_only() {
	local args out
	"$OMTCTL" unlock >/dev/null && "$OMTCTL" preset save prone >/dev/null || return 1
	for args in "status" "faults" "preset list" "preset show prone" \
		"diag loop" "diag timing" "diag inputs" "diag axes" "diag link" \
		"diag log" "diag selftest --no-pedals" "--version" \
		"drop tension lumbar 4" "move height=705"; do
		# shellcheck disable=SC2086
		out=$("$OMTCTL" --json $args 2>/dev/null)
		"$PY" -c 'import json, sys; json.loads(sys.stdin.read())' <<<"$out" ||
			{ echo "--json $args printed: $out"; return 1; }
		# shellcheck disable=SC2086
		out=$("$OMTCTL" --json=pretty $args 2>/dev/null)
		"$PY" -c 'import json, sys; json.loads(sys.stdin.read())' <<<"$out" &&
			{ [ "$(wc -l <<<"$out")" -gt 2 ] || [ "$out" = "[]" ]; } ||
			{ echo "--json=pretty $args printed: $out"; return 1; }
	done
}
check "--json and --json=pretty print one JSON document on stdout and nothing else (self-test included)" json_only

# Field names are snake_case everywhere; names of things (input lines,
# drop sections, units) are data and sit in maps of their own.
one_key_spelling() {
	local args
	for args in "status" "diag loop" "diag timing" "diag inputs" "diag axes" \
		"diag link" "diag log" "preset list"; do
		# shellcheck disable=SC2086
		"$OMTCTL" --json $args | "$PY" -c '
import json, re, sys
maps = {"inputs", "drops", "drop_tensions", "duty_cycle"}
def walk(v, parent, root_is_map):
    if isinstance(v, dict):
        for k, x in v.items():
            if not (parent in maps or root_is_map):
                assert re.fullmatch(r"[a-z][a-z0-9_]*", k), k
            walk(x, k, False)
    elif isinstance(v, list):
        for x in v:
            walk(x, parent, False)
walk(json.load(sys.stdin), None, sys.argv[1] == "diag link")' "$args" ||
			{ echo "in --json $args"; return 1; }
	done
}
check "one spelling of keys in every JSON output (snake_case)" one_key_spelling

axes_in_words() {
	local out
	out=$("$OMTCTL" diag axes) || return 1
	echo "$out"
	grep -qE '^height +mm +yes +[0-9.]+ +[0-9.]+ +-?[0-9.]+ +[0-9]+  OMTSIM-0001 +1\.0\.0-sim +0x[0-9a-f]{4} ([a-z-]+,)*ready(,[a-z-]+)* / 0 none  verified$' <<<"$out" &&
		grep -qE '^tilt +deg ' <<<"$out" &&
		"$OMTCTL" --json diag axes | "$PY" -c '
import json, sys
axes = {a["axis"]: a for a in json.load(sys.stdin)}
assert axes["tilt"]["unit"] == "deg" and axes["height"]["unit"] == "mm"
assert "ready" in axes["height"]["status_bits"]
assert axes["height"]["drive_fault_name"] == "none"
assert axes["height"]["check"] == "verified"'
}
check "diag axes states units, the drive's serial and firmware, and decodes the status bits and fault code" axes_in_words

report_bundle() {
	local f=$STACK_DIR/report.tar.gz x=$STACK_DIR/x before
	before=$(prop Height; prop Tilt; prop Locked)
	"$OMTCTL" diag report --out="$f" || return 1
	mkdir -p "$x" && tar -xzf "$f" -C "$x" || return 1
	ls "$x/omt-report"
	for p in MANIFEST version.txt status.txt status.json presets.json \
		timing.json link.json axes.json inputs.txt log.json \
		selftest.json trace.csv; do
		[ -s "$x/omt-report/$p" ] || { echo "no $p"; return 1; }
	done
	! grep -E 'exit [1-9]' "$x/omt-report/MANIFEST" &&
		"$PY" -c 'import json, sys
for p in sys.argv[1:]:
    json.load(open(p))' "$x"/omt-report/*.json &&
		[ "$(wc -l <"$x/omt-report/trace.csv")" -gt 100 ] &&
		grep -q '"step":"motion","result":"SKIP"' "$x/omt-report/selftest.json" &&
		[ "$(prop Height; prop Tilt; prop Locked)" = "$before" ]
}
check "diag report --out FILE.tar.gz: status, versions, presets, timing, link, axes, inputs, log, self-test (no motion), a trace" report_bundle

# On a terminal (script(1) gives one) a fault is red; NO_COLOR, TERM=dumb
# or a pipe turn colour off.
colour_on_a_terminal_only() {
	local esc=$'\033['
	"$OMTCTL" estop >/dev/null || return 1
	TERM=xterm script -qec "$OMTCTL status" /dev/null | grep -qF "${esc}1;31mestop" ||
		{ echo "no colour on a terminal"; return 1; }
	NO_COLOR=1 TERM=xterm script -qec "$OMTCTL status" /dev/null | grep -qF "$esc" &&
		{ echo "colour despite NO_COLOR"; return 1; }
	TERM=dumb script -qec "$OMTCTL status" /dev/null | grep -qF "$esc" &&
		{ echo "colour on a dumb terminal"; return 1; }
	"$OMTCTL" status | grep -qF "$esc" && { echo "colour into a pipe"; return 1; }
	"$OMTCTL" faults clear >/dev/null
}
check "colour for states and faults on a terminal only, honouring NO_COLOR and TERM=dumb" colour_on_a_terminal_only

# Where the machine allows real-time scheduling, the simulated drives run
# SCHED_FIFO one step below omtd's control thread: a busy machine delays
# neither, and the control loop still preempts the drives it polls.
sim_below_omtd() {
	local sim omtd
	chrt -f 70 true 2>/dev/null || { echo "# no SCHED_FIFO here: skipped"; return 0; }
	# The simulator's own line, by its program: this awk's command line
	# names the socket too, and comes first when PIDs have wrapped.
	sim=$(ps -e -L -o cls=,rtprio=,args= | awk -v c="$SIM_CONTROL" \
		'index($0, c) && $3 ~ /\/omt-sim$/ { print $1, $2; exit }')
	omtd=$(ps -e -L -o cls=,rtprio=,args= | awk -v d="$STACK_DIR" \
		'index($0, d) && /omtd -c/ && $1 == "FF" { print $1, $2; exit }')
	echo "omt-sim: $sim; omtd's control thread: $omtd"
	[ "$sim" = "FF 70" ] && [ "$omtd" = "FF 80" ]
}
check "the simulated drives run SCHED_FIFO 70, below omtd's control thread (80)" sim_below_omtd

versions() {
	local out v
	out=$("$OMTCTL" --version) || return 1
	echo "$out"
	v=$(prop Version | sed -E 's/^s "(.*)"$/\1/')
	[ -n "$v" ] && [ "$(sed -n 1p <<<"$out")" = "omtctl $v" ] &&
		[ "$(sed -n 2p <<<"$out")" = "omtd   $v" ] &&
		[[ $v =~ ^[0-9]+\.[0-9]+\.[0-9]+\ \(.+\)$ ]]
}
check "omtctl --version shows its own and omtd's version (the Version property)" versions
stack_stop

# make run, from the top of the tree, as a person would start it.
make_run_one_line() {
	local dir fifo line rest pgid err san=
	dir=$(mktemp -d /tmp/omt-make-run.XXXXXX) || return 1
	fifo=$dir/out
	mkfifo "$fifo"
	case $build in */san) san=SAN=1 ;; esac
	# As a person types it: not as a sub-make of make test (which would
	# announce its directory).
	(cd "$top" && exec env -u MAKELEVEL -u MAKEFLAGS -u MFLAGS \
		setsid make run O="$build" $san >"$fifo" 2>"$dir/err") &
	pgid=$!
	exec 9<"$fifo"
	read -r -t 120 line <&9
	# Nothing more may follow while the stack runs, nor when it stops.
	kill -TERM -- "-$pgid" 2>/dev/null
	wait "$pgid" 2>/dev/null
	rest=$(cat <&9)
	exec 9<&-
	err=$(tail -n 5 "$dir/err")
	rm -rf "$dir"
	[[ $line == DBUS_SYSTEM_BUS_ADDRESS=unix:* ]] && [ -z "$rest" ] ||
		{ echo "first line: $line; then: $rest; stderr ends: $err"; return 1; }
}
check "make run prints exactly its DBUS_SYSTEM_BUS_ADDRESS= line on stdout" make_run_one_line
