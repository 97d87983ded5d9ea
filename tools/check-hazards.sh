#!/usr/bin/env bash
# Every row of the hazard analysis (docs/hazards.tsv) must name tests that
# exist and ran in this test run.  Called by tests/run-all.sh last, with
# the run's log directory.
#
#   tools/check-hazards.sh [--quick] LOG_DIR
#
# A test is named LABEL:NAME: LABEL as tests/run-all.sh labels a program
# without its pass (unit/test_fault_monitors, integration/bus_motion, vm),
# NAME a Check test's function name or the text of a script's "ok - NAME"
# line.  It ran when the plain pass's log (or, for Check programs, the TAP
# log beside it) has its result, or, for vm, the guest's log.  With
# --quick (no guest run) vm tests count as skipped.  The pending column
# names tests of tests/pending/ (known defects, not yet run): each must
# exist there.  Also checks that docs/hazards.md is the table rendered
# (tools/hazards-doc.sh).  Prints "ok - ..." / "not ok - ..." per row.
set -u
quick=0
if [ "${1:-}" = "--quick" ]; then quick=1; shift; fi
logs=${1:?usage: tools/check-hazards.sh [--quick] LOG_DIR}
top=$(cd "$(dirname "$0")/.." && pwd)
cd "$top" || exit 1
table=docs/hazards.tsv
passed=0
failed=0

ran() { # label name -> 0 when it ran, 2 when skipped
	local label=$1 name=$2 log tap
	if [ "$label" = vm ]; then
		[ "$quick" -eq 1 ] && return 2
		log="$logs/vm.log"
		grep -qxF -e "ok - $name" -e "not ok - $name" "$log" 2>/dev/null && return 0
		return 1
	fi
	log="$logs/plain_${label//\//_}.log"
	tap="${log%.log}.tap"
	grep -qE "^(not )?ok - $(sed 's/[][\.*^$(){}+?|/]/\\&/g' <<<"$name")( #.*)?$" "$log" 2>/dev/null && return 0
	# (grep's own status 2, a missing file, must not read as skipped)
	grep -qF ":$name: " "$tap" 2>/dev/null && return 0
	return 1
}

while IFS=$'\t' read -r id input failure states hazard control tests pending; do
	case "$id" in ''|'#'*|id) continue ;; esac
	why=""
	skipped=0
	if [ -z "${tests// /}" ]; then
		why="names no test"
	else
		IFS='|' read -ra refs <<<"$tests"
		for ref in "${refs[@]}"; do
			ref=$(sed 's/^ *//; s/ *$//' <<<"$ref")
			label=${ref%%:*}
			name=${ref#*:}
			if [ "$label" = "$ref" ] || [ -z "$name" ]; then
				why="$why; '$ref' is not LABEL:NAME"
				continue
			fi
			ran "$label" "$name"
			case $? in
			0) ;;
			2) skipped=1 ;;
			*) why="$why; $ref did not run (or does not exist)" ;;
			esac
		done
	fi
	if [ -n "${pending// /}" ]; then
		IFS='|' read -ra refs <<<"$pending"
		for ref in "${refs[@]}"; do
			ref=$(sed 's/^ *//; s/ *$//' <<<"$ref")
			grep -q "^START_TEST(${ref#*:})" tests/pending/*.c 2>/dev/null ||
				why="$why; pending $ref not in tests/pending"
		done
	fi
	if [ -n "$why" ]; then
		echo "not ok - $id ($input, $failure): ${why#; }"
		failed=$((failed + 1))
	else
		echo "ok - $id ($input, $failure)${skipped:+}$([ $skipped -eq 1 ] && echo ' # guest tests not run')"
		passed=$((passed + 1))
	fi
done <"$table"

if ! tools/hazards-doc.sh | cmp -s - docs/hazards.md; then
	echo "not ok - docs/hazards.md is the table rendered (run tools/hazards-doc.sh > docs/hazards.md)"
	failed=$((failed + 1))
else
	echo "ok - docs/hazards.md is the table rendered"
	passed=$((passed + 1))
fi
echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
