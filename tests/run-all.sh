#!/usr/bin/env bash
# Run every test and print one closing line: "N passed, N failed".
#
#   tests/run-all.sh [--quick] BUILD_DIR
#
# Unit tests are Check programs (their "Checks: N, Failures: F, Errors: E"
# line is counted).  Integration tests are Check programs too, or scripts
# printing "ok - NAME" / "not ok - NAME" lines.  First the layout checks
# (tests/layout/: include direction, the core's symbols).  The set runs twice:
# once as built, once built with ASan and UBSan (BUILD_DIR/san).  Then the
# kernel and GPIO tests run in a qemu guest (tests/vm/run.sh); the
# installed package runs under systemd in another (tests/vm/systemd/); the
# control core is compared on x86-64 and arm64 (tests/cross/run.sh); and
# the kernel tests run again in an arm64 guest whose device tree describes
# the board (tests/vm/arm64/run.sh).  --quick skips the sanitizer pass,
# the arm64 comparison and the guests.
set -u
quick=0
if [ "${1:-}" = "--quick" ]; then quick=1; shift; fi
build=${1:-build}
top=$(cd "$(dirname "$0")/.." && pwd)
cd "$top" || exit 1
log_dir="$build/test-logs"
mkdir -p "$log_dir"
# A log left from an earlier run must not count as a test that ran now.
rm -f "$log_dir"/*.log "$log_dir"/*.tap

passed=0
failed=0
failed_names=()

count_output() { # name logfile rc
	local name=$1 log=$2 rc=$3 p=0 f=0 line
	line=$(grep -E '^[0-9]+%: Checks: [0-9]+' "$log" | tail -n 1)
	if [ -n "$line" ]; then
		local checks fails errs
		checks=$(sed -E 's/.*Checks: ([0-9]+).*/\1/' <<<"$line")
		fails=$(sed -E 's/.*Failures: ([0-9]+).*/\1/' <<<"$line")
		errs=$(sed -E 's/.*Errors: ([0-9]+).*/\1/' <<<"$line")
		f=$((fails + errs))
		p=$((checks - f))
	else
		p=$(grep -cE '^ok( |$)' "$log")
		f=$(grep -cE '^not ok( |$)' "$log")
	fi
	# A program that died or exited non-zero without reporting a failure
	# still failed.
	if [ "$rc" -ne 0 ] && [ "$f" -eq 0 ]; then f=1; fi
	if [ $((p + f)) -eq 0 ]; then f=1; fi
	passed=$((passed + p))
	failed=$((failed + f))
	if [ "$f" -ne 0 ]; then
		failed_names+=("$name")
		printf '  FAIL %-40s %d passed, %d failed (log: %s)\n' "$name" "$p" "$f" "$log"
		# Each failure with the first of its notes: on a CI machine's
		# summary, the why of a failure that does not come again.
		awk '/^not ok|:[EF]:/ { print; notes = 12; next }
		     notes > 0 && /^#/ { print; notes--; next }
		     { notes = 0 }' "$log" | head -n 40 | sed 's/^/       /'
	else
		printf '  ok   %-40s %d passed\n' "$name" "$p"
	fi
}

run_one() { # label program [args...]
	local label=$1; shift
	local log="$log_dir/${label//\//_}.log"
	# Check programs also write a TAP log naming every test, which the
	# hazard analysis's check reads.
	CK_TAP_LOG_FILE_NAME="${log%.log}.tap" \
	OMT_BUILD="$build_in_use" timeout --kill-after=10 "${OMT_TEST_TIMEOUT:-600}" "$@" >"$log" 2>&1
	count_output "$label" "$log" $?
}

run_set() { # build dir, label prefix
	build_in_use=$1
	local prefix=$2 t
	echo "== tests ($prefix) =="
	for t in "$build_in_use"/tests/unit/test_*; do
		[ -x "$t" ] || continue
		run_one "$prefix/unit/$(basename "$t")" "$t"
	done
	for t in "$build_in_use"/tests/integration/itest_*; do
		[ -x "$t" ] || continue
		case "$t" in *.o|*.d) continue ;; esac
		run_one "$prefix/integration/$(basename "$t")" "$t"
	done
	for t in tests/integration/*.sh; do
		[ -x "$t" ] || continue
		run_one "$prefix/integration/$(basename "$t" .sh)" "$t"
	done
}

export ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=1:abort_on_error=1}
export UBSAN_OPTIONS=${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1}

# The layers' rules hold on the sources and the plain build's core library.
echo "== layout =="
build_in_use=$build
for t in tests/layout/*.sh; do
	[ -x "$t" ] || continue
	run_one "layout/$(basename "$t" .sh)" "$t"
done

run_set "$build" plain
if [ "$quick" -eq 0 ]; then
	run_set "$build/san" sanitized
	if [ -x tests/vm/run.sh ]; then
		echo "== kernel and GPIO tests in a qemu guest =="
		build_in_use=$build
		# Longer than a test's usual limit: should the test kernel not be
		# cached yet, the guest run builds it first.
		OMT_TEST_TIMEOUT=${OMT_VM_TIMEOUT:-3000} run_one "vm" tests/vm/run.sh "$build"
	fi
	if [ -x tests/vm/systemd/run.sh ]; then
		echo "== the installed omtd.service under systemd, in a qemu guest =="
		build_in_use=$build
		OMT_TEST_TIMEOUT=${OMT_VM_TIMEOUT:-1500} run_one "vm-systemd" tests/vm/systemd/run.sh "$build"
	fi
	if [ -x tests/cross/run.sh ]; then
		echo "== the control core on arm64 (user emulation) =="
		build_in_use=$build
		run_one "core-arm64" tests/cross/run.sh "$build"
	fi
	if [ -x tests/vm/arm64/run.sh ]; then
		echo "== the same on arm64: a qemu guest with a device tree =="
		build_in_use=$build
		OMT_TEST_TIMEOUT=${OMT_VM_TIMEOUT:-3000} run_one "vm-arm64" tests/vm/arm64/run.sh "$build"
	fi
fi

# Last: every row of the hazard analysis names tests that ran above.
echo "== hazard analysis (docs/hazards.tsv) =="
if [ "$quick" -eq 1 ]; then
	run_one hazards tools/check-hazards.sh --quick "$log_dir"
else
	run_one hazards tools/check-hazards.sh "$log_dir"
fi

echo
if [ "${#failed_names[@]}" -ne 0 ]; then
	echo "failed: ${failed_names[*]}"
fi
echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
