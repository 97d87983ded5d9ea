#!/usr/bin/env bash
# The kernel tests in a qemu guest.
#
#   tests/vm/run.sh [BUILD_DIR]
#
# Builds (once, cached outside the checkout) the test kernel, builds
# omt_table.ko against it and the in-guest test program on the host, boots
# the guest with the host root shared read-only, and reports the guest's
# "ok - NAME" / "not ok - NAME" lines followed by "N passed, N failed".
# Exits 0 only when every test passed.  Build output goes to log files in
# BUILD_DIR/vm/.
set -u
# Run from make (make check, make bench), make's command-line variables
# would reach the kernel's make through the environment; O= there means
# the kernel's output directory.
unset MAKEFLAGS MFLAGS MAKELEVEL MAKEOVERRIDES
top=$(cd "$(dirname "$0")/../.." && pwd)
build=${1:-build}
case "$build" in /*) ;; *) build=$top/$build ;; esac
out=$build/vm
mkdir -p "$out"

# shellcheck source=tests/lib/check.bash
. "$top/tests/lib/check.bash"
finish() {
	echo "$check_passes passed, $check_failures failed"
	[ "$check_failures" -eq 0 ] && [ "$check_passes" -gt 0 ]
	exit $?
}

if ! kdir=$("$top/tests/vm/build-kernel.sh" 2>"$out/kernel-build.err"); then
	not_ok vm-test-kernel "$(tail -n 1 "$out/kernel-build.err")"
	finish
fi

# The module, built from a copy so the checkout stays clean and parallel
# runs do not share objects.
mod=$out/module
rm -rf "$mod"
mkdir -p "$mod/include/uapi"
cp "$top"/kernel/Kbuild "$top"/kernel/*.c "$top"/kernel/*.h "$mod/"
cp "$top/include/uapi/omt_table.h" "$mod/include/uapi/"
if ! make -C "$kdir/src" M="$mod" modules >"$out/module-build.log" 2>&1; then
	not_ok vm-module-build "see $out/module-build.log"
	finish
fi

if ! gcc -std=gnu11 -O2 -Wall -Wextra -Werror -I"$top/include" \
	-o "$out/omt_table_test" "$top/tests/vm/omt_table_test.c" \
	>"$out/test-build.log" 2>&1; then
	not_ok vm-test-program-build "see $out/test-build.log"
	finish
fi

results=$out/results
"$top/tests/vm/boot.sh" "$kdir" "$results" "$top/tests/vm/guest-tests.sh" \
	"$mod/omt_table.ko" "$out/omt_table_test" "$build"
touch "$results/output.txt"
while IFS= read -r line; do
	case "$line" in
	"ok - "*) ok "${line#ok - }" ;;
	"not ok - "*) not_ok "${line#not ok - }" ;;
	"#"*) echo "$line" ;;
	esac
done <"$results/output.txt"
if [ ! -f "$results/status" ]; then
	not_ok vm-guest-ran "the guest did not finish; see $results/console.log"
	tail -n 20 "$results/console.log" | sed 's/^/# /'
	finish
fi
# A guest script that stopped early has failed even without a not-ok line.
status=$(cat "$results/status")
if [ "$status" != 0 ] && [ "$check_failures" -eq 0 ]; then
	not_ok vm-guest-script "exit status $status; see $results/output.txt"
fi
finish
