#!/usr/bin/env bash
# Run every libFuzzer target for a bounded time (make fuzz).
#
#   tools/fuzz.sh FUZZ_BUILD_DIR SECONDS
#
# Each target starts from its corpus in fuzz/corpus/NAME/ (read, never
# written: new inputs go to a scratch directory, printed at the end, to be
# merged by hand when worth keeping) and runs for SECONDS.  One line per
# target: executions, executions per second, coverage, and whether it
# found a crash (the reproducer is kept in the scratch directory).
set -u
build=$(cd "${1:?fuzz build dir}" && pwd)
seconds=${2:-60}
top=$(cd "$(dirname "$0")/.." && pwd)
scratch=$(mktemp -d /tmp/omt-fuzz.XXXXXX)
status=0

for target in "$build"/fuzz/fuzz-*; do
	[ -x "$target" ] || continue
	name=${target##*/fuzz-}
	mkdir -p "$scratch/$name"
	log=$scratch/$name.log
	# A harness may leave out what is known and tracked elsewhere
	# (fuzz/NAME.ignore: the core's invariants still broken).
	if [ -f "$top/fuzz/$name.ignore" ]; then
		OMT_EXPLORE_IGNORE=$(grep -v '^#' "$top/fuzz/$name.ignore" | tr '\n' ' ')
		export OMT_EXPLORE_IGNORE
	else
		unset OMT_EXPLORE_IGNORE
	fi
	(cd "$scratch/$name" && "$target" -max_total_time="$seconds" \
		-print_final_stats=1 -timeout=10 -rss_limit_mb=1024 \
		"$scratch/$name" "$top/fuzz/corpus/$name") >"$log" 2>&1
	rc=$?
	execs=$(sed -nE 's/^stat::number_of_executed_units: *([0-9]+).*/\1/p' "$log" | tail -n 1)
	rate=$(sed -nE 's/^stat::average_exec_per_sec: *([0-9]+).*/\1/p' "$log" | tail -n 1)
	cov=$(grep -oE 'cov: [0-9]+' "$log" | tail -n 1)
	if [ "$rc" -eq 0 ]; then
		printf '%-20s %12s executions  %8s/s  %s\n' "$name" "${execs:-?}" "${rate:-?}" "${cov:-}"
	else
		printf '%-20s FAILED (exit %d): see %s\n' "$name" "$rc" "$log"
		grep -m 3 -E 'ERROR|SUMMARY|abort' "$log" | sed 's/^/    /'
		status=1
	fi
done
echo "scratch corpora and logs: $scratch"
exit $status
