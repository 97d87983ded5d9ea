#!/usr/bin/env bash
# Run every fuzz harness (fuzz/<name>.c, built as BUILD/fuzz/run_<name>)
# under libFuzzer for SECONDS each, growing its corpus in fuzz/corpus/<name>.
# Inputs that break something go to BUILD/fuzz-artifacts/<name>-crash-*,
# and the harness's report (for the core: a shrunk Check test) is printed.
#
#   tools/fuzz.sh BUILD SECONDS
set -u
build=${1:?usage: tools/fuzz.sh BUILD SECONDS}
seconds=${2:-60}
top=$(cd "$(dirname "$0")/.." && pwd)
cd "$top" || exit 1
artifacts="$build/fuzz-artifacts"
mkdir -p "$artifacts"
status=0
for src in fuzz/*.c; do
	name=$(basename "$src" .c)
	[ "$name" = replay_main ] && continue
	bin="$build/fuzz/run_$name"
	corpus="fuzz/corpus/$name"
	mkdir -p "$corpus"
	if [ -f "fuzz/$name.ignore" ]; then
		OMT_EXPLORE_IGNORE=$(grep -v '^#' "fuzz/$name.ignore" | tr '\n' ' ')
		export OMT_EXPLORE_IGNORE
	else
		unset OMT_EXPLORE_IGNORE
	fi
	echo "== $name: ${seconds}s, corpus $corpus ($(ls "$corpus" | wc -l) inputs)"
	if ! "$bin" -max_total_time="$seconds" -print_final_stats=1 \
		-artifact_prefix="$artifacts/$name-" "$corpus" \
		>"$artifacts/$name.log" 2>&1; then
		status=1
		echo "   FOUND: see $artifacts/$name.log"
		grep -A60 '^/\*$' "$artifacts/$name.log" | head -n 60
	fi
	grep -E 'stat::number_of_executed_units|stat::new_units_added' \
		"$artifacts/$name.log" | sed 's/^/   /'
	echo "   corpus now $(ls "$corpus" | wc -l) inputs"
done
exit $status
