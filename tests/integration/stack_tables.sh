#!/usr/bin/env bash
# The table switch of the simulated stack (make run TABLE=...): a table
# that does not exist is refused with the names of those that do, before
# anything starts; the default and "generic" give today's configuration;
# "mixed" adds etc/tables/mixed.conf's drive sections to omtd.conf, and
# its "# omt-sim:" line gives drive classes that omt-sim plays.
set -u
cd "$(dirname "$0")/../.." || exit 1
build=${OMT_BUILD:-build}
# shellcheck source=tests/lib/check.bash
. tests/lib/check.bash
# shellcheck source=tests/integration/sim_lib.sh
. tests/integration/sim_lib.sh

dir=$(mktemp -d /tmp/omt-stack-tables.XXXXXX)
trap 'sim_stop; rm -rf "$dir"' EXIT

refused() { # name table: exit 2, names the tables, starts nothing
	local err rc
	err=$(OMT_STACK_DIR=$dir/stack tools/run-stack.sh "$build" "$2" 2>&1 >"$dir/out"); rc=$?
	check "$1: exit 2" test "$rc" -eq 2
	check "$1: says which tables there are" grep -qF "no table '$2' (TABLE is one of: generic, mixed" <<<"$err"
	check "$1: prints no address" test ! -s "$dir/out"
	check "$1: creates nothing" test ! -e "$dir/stack"
}
refused "unknown table" bogus
refused "a path, not a name" ../etc/omtd
refused "a capital" Mixed

err=$(tools/sim-omtd-conf.sh --table nope 1502 "$dir" 2>&1 >/dev/null); rc=$?
check "sim-omtd-conf.sh refuses an unknown table" test "$rc" -eq 2
check "sim-omtd-conf.sh names the tables" grep -qF "no table 'nope' (tables: generic, mixed" <<<"$err"

tools/sim-omtd-conf.sh 1502 "$dir" "comms_lost_ms = 500" >"$dir/default.conf"
tools/sim-omtd-conf.sh --table generic 1502 "$dir" "comms_lost_ms = 500" >"$dir/generic.conf"
check "generic is the default" cmp -s "$dir/default.conf" "$dir/generic.conf"
check "the default names no drive" \
	eval '! grep -q "^\[drive\." "$dir/default.conf"'

tools/sim-omtd-conf.sh --table mixed 1502 "$dir" "comms_lost_ms = 500" >"$dir/mixed.conf"
profile_of() { # drive: the profile its section names
	awk -v s="[drive.$1]" '$0 == s { f = 1; next } /^\[/ { f = 0 }
		f && $1 == "profile" { print $3 }' "$dir/mixed.conf"
}
check "mixed: [control] lines stay in [control]" \
	eval 'awk "/^\\[/ { s = \$0 } /^comms_lost_ms/ { print s }" "$dir/mixed.conf" | grep -qx "\[control\]"'
check "mixed: height on a target-position profile" \
	eval 'p=$(profile_of height); grep -A1 -x "\[profile.$p\]" "$dir/mixed.conf" | grep -qx "class = target-position"'
check "mixed: tilt on cia402-pp" test "$(profile_of tilt)" = cia402-pp
for d in cervical thoracic lumbar pelvic; do
	check "mixed: $d on omt-generic-1" test "$(profile_of "$d")" = omt-generic-1
done

# The classes the table file gives omt-sim are ones it plays.
read -r -a classes <<<"$(sed -n 's/^# omt-sim:[[:space:]]*//p' etc/tables/mixed.conf)"
args=()
for c in "${classes[@]}"; do args+=(--drive-class "$c"); done
check "mixed: the table file names drive classes" test "${#classes[@]}" -eq 2
check "mixed: omt-sim starts with them" sim_start "${args[@]}"
check "mixed: height is a LINAK-class actuator" \
	eval 'sim_cmd "get height" | grep -q "^ok class=linak "'
check "mixed: tilt is a CiA 402 drive" \
	eval 'sim_cmd "get tilt" | grep -q "^ok class=cia402 map=index "'
check "mixed: drops are omt-generic-1" \
	eval '! sim_cmd "get lumbar" | grep -q "class="'
sim_stop

[ "$check_failures" -eq 0 ]
