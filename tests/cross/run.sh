#!/usr/bin/env bash
# The control core on the board's architecture: the same scenarios, the
# same decisions, on x86-64 and on arm64.
#
#   tests/cross/run.sh [BUILD_DIR]
#
# Builds tests/cross/core_replay.c with the core's sources
# (daemon/core/*.c, common/omt_table_types.c and omt_name_table.c) twice
# with the project's flags: natively, and with aarch64-linux-gnu-gcc -static, which
# qemu-aarch64-static runs here (user emulation: no arm64 libraries
# needed).  Prints one "ok - core-arm64: SCENARIO" line per scenario whose
# trace digest is the same on both, "not ok" (with the first differing
# trace line) for one that differs.  Build output goes to BUILD_DIR/cross/.
set -u
top=$(cd "$(dirname "$0")/../.." && pwd)
build=${1:-build}
case "$build" in /*) ;; *) build=$top/$build ;; esac
out=$build/cross
mkdir -p "$out"
cd "$top" || exit 1

# shellcheck source=tests/lib/check.bash
. "$top/tests/lib/check.bash"
finish() {
	echo "$check_passes passed, $check_failures failed"
	[ "$check_failures" -eq 0 ] && [ "$check_passes" -gt 0 ]
	exit $?
}

# The flags of the top-level Makefile, without the libraries' (the core
# includes none).
flags=(-std=gnu11 -O2 -g -Wall -Wextra -Werror -Wshadow -Wstrict-prototypes
	-Wmissing-prototypes -Wformat=2 -Wvla -Wno-unused-parameter -D_GNU_SOURCE
	-fno-strict-aliasing -Iinclude -Icommon -Idaemon/core)
sources=(tests/cross/core_replay.c daemon/core/*.c common/omt_table_types.c common/omt_name_table.c)
if ! gcc "${flags[@]}" -o "$out/core_replay" "${sources[@]}" -lm >"$out/native-build.log" 2>&1; then
	not_ok core-native-build "see $out/native-build.log"
	finish
fi
if ! aarch64-linux-gnu-gcc -static "${flags[@]}" -o "$out/core_replay-arm64" "${sources[@]}" -lm \
	>"$out/arm64-build.log" 2>&1; then
	not_ok core-arm64-build "see $out/arm64-build.log (tools/deps.sh check installs the cross compiler)"
	finish
fi
arm64=(qemu-aarch64-static "$out/core_replay-arm64")

if ! "$out/core_replay" >"$out/native.txt" 2>"$out/native.err" || [ ! -s "$out/native.txt" ]; then
	not_ok core-native-run "see $out/native.err"
	finish
fi
if ! "${arm64[@]}" >"$out/arm64.txt" 2>"$out/arm64.err"; then
	not_ok core-arm64-run "see $out/arm64.err"
	finish
fi

# Scenario by scenario; a scenario missing on one side differs too.
while read -r name rest; do
	other=$(grep -m1 "^$name " "$out/arm64.txt")
	if [ "$name $rest" = "$other" ]; then
		ok "core-arm64: $name"
		continue
	fi
	"$out/core_replay" "$name" >"$out/$name.native.trace" 2>&1
	"${arm64[@]}" "$name" >"$out/$name.arm64.trace" 2>&1
	first=$(diff "$out/$name.native.trace" "$out/$name.arm64.trace" | grep -m1 '^[<>]')
	not_ok "core-arm64: $name" "differs from x86-64 (native: $rest; arm64: ${other#"$name "}); first: $first"
done <"$out/native.txt"
# A scenario only arm64 ran differs as well.
if [ "$(wc -l <"$out/native.txt")" != "$(wc -l <"$out/arm64.txt")" ]; then
	not_ok core-arm64-scenario-count "native $(wc -l <"$out/native.txt"), arm64 $(wc -l <"$out/arm64.txt")"
fi
finish
