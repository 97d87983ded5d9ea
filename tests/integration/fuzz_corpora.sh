#!/usr/bin/env bash
# Replay every fuzz target's corpus (fuzz/corpus/NAME/) through its
# harness, built without libFuzzer by the project's compiler: what once
# found a bug, or covers a path, keeps being checked by make check (and
# under ASan+UBSan in the sanitizer pass).
set -u -o pipefail
top=$(cd "$(dirname "$0")/../.." && pwd)
build=${OMT_BUILD:-$top/build}
case "$build" in /*) ;; *) build=$top/$build ;; esac

for src in "$top"/fuzz/*.c; do
	name=$(basename "$src" .c)
	replay=$build/fuzz/replay-$name
	if [ ! -x "$replay" ]; then
		echo "not ok - $name: $replay is not built"
		continue
	fi
	if [ ! -d "$top/fuzz/corpus/$name" ]; then
		echo "not ok - $name: no corpus in fuzz/corpus/$name"
		continue
	fi
	# What a harness leaves out (fuzz/NAME.ignore, comments dropped).
	if [ -f "$top/fuzz/$name.ignore" ]; then
		OMT_EXPLORE_IGNORE=$(grep -v '^#' "$top/fuzz/$name.ignore" | tr '\n' ' ')
		export OMT_EXPLORE_IGNORE
	else
		unset OMT_EXPLORE_IGNORE
	fi
	"$replay" "$top/fuzz/corpus/$name" 2>&1 | sed "s|$top/||" ||
		echo "not ok - $name: the replay failed"
done
