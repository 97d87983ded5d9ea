#!/usr/bin/env bash
# The daemon's layers hold (docs/architecture.md): every #include stays in
# its layer or names the seam of a layer below, no layer's library calls
# one above it, and the core library calls no clock, no allocation and no
# I/O.  Each rule is also shown to refuse a
# deliberate breach, on a scratch copy of the tree.
set -u
top=$(cd "$(dirname "$0")/../.." && pwd)
build=${OMT_BUILD:-build}
case "$build" in /*) ;; *) build=$top/$build ;; esac
# shellcheck source=tests/lib/check.bash
. "$top/tests/lib/check.bash"
layers=$top/tools/check-layers.sh
tmp=$(mktemp -d /tmp/omt-layers.XXXXXX)
trap 'rm -rf "$tmp"' EXIT

# A scratch copy of the sources with one line added to FILE.
breach() { # FILE LINE
	rm -rf "$tmp/tree" && mkdir "$tmp/tree" &&
		cp -r "$top/daemon" "$top/common" "$top/include" "$tmp/tree/" &&
		printf '%s\n' "$2" >>"$tmp/tree/$1"
}

# Succeeds when the check fails and says RULE.
refuses() { # RULE CHECK-ARGS...
	local rule=$1 out
	shift
	if out=$("$layers" "$@" 2>&1); then
		echo "accepted: $*"
		return 1
	fi
	echo "$out"
	grep -qF "rule: $rule" <<<"$out"
}

check "every #include in daemon/ follows the layer order and seams" \
	"$layers" includes "$top"

check "a core file including <modbus.h> is refused (no library in the core)" \
	eval 'breach daemon/core/drops.c "#include <modbus.h>" &&
		refuses "no library, clock or I/O in the core" includes "$tmp/tree"'
check "a core file including <systemd/sd-bus.h> is refused" \
	eval 'breach daemon/core/rules.c "#include <systemd/sd-bus.h>" &&
		refuses "no library, clock or I/O in the core" includes "$tmp/tree"'
check "the core including the runtime's seam is refused (goes up)" \
	eval 'breach daemon/core/pedals.c "#include \"control_port.h\"" &&
		refuses "no include goes up" includes "$tmp/tree"'
check "the link including the config is refused (goes up)" \
	eval 'breach daemon/link/link.h "#include \"config.h\"" &&
		refuses "no include goes up" includes "$tmp/tree"'
check "the bus including a runtime internal is refused (sideways past the seam)" \
	eval 'breach daemon/bus/bus_diag.c "#include \"cycle_timing.h\"" &&
		refuses "no include goes sideways into a layer" includes "$tmp/tree"'
check "the core logging is refused (the core is pure)" \
	eval 'breach daemon/core/drops.c "#include \"log.h\"" &&
		refuses "core is pure" includes "$tmp/tree"'

core_lib=$build/daemon/libomt-core.a
common_lib=$build/libomtcommon.a
check "the core library calls no clock, no allocation, no I/O" \
	"$layers" core-symbols "$core_lib" "$common_lib"

# The core library with one more object that calls PROBE.
core_calling() { # FUNCTION CALL
	printf '#include <stdlib.h>\n#include <stdio.h>\n#include <time.h>\nvoid core_probe(void);\nvoid core_probe(void) { %s; }\n' "$2" >"$tmp/probe.c" &&
		${CC:-cc} -c -o "$tmp/probe.o" "$tmp/probe.c" &&
		cp "$core_lib" "$tmp/core.a" && ar r "$tmp/core.a" "$tmp/probe.o" 2>/dev/null &&
		refuses "no clock, no allocation, no I/O in the core" core-symbols "$tmp/core.a" "$common_lib" >"$tmp/out" &&
		grep -q "calls $1:" "$tmp/out"
}
check "a core object calling malloc is refused, naming malloc" \
	core_calling malloc 'free(malloc(8))'
check "a core object reading a clock is refused, naming clock_gettime" \
	core_calling clock_gettime 'struct timespec t; clock_gettime(CLOCK_MONOTONIC, &t)'
check "a core object writing to a file is refused, naming fopen" \
	core_calling fopen 'fclose(fopen("x", "w"))'
check "a core object using common's clock is refused, naming monotonic_ns" \
	core_calling monotonic_ns 'extern unsigned long monotonic_ns(void); (void)monotonic_ns()'

check "no layer's library calls a function of a layer above it" \
	"$layers" calls "$build" "$top"

# The layers' libraries, the link's with one more object that calls up.
link_calling_up() {
	mkdir -p "$tmp/build/daemon" &&
		cp "$build"/daemon/libomt-*.a "$tmp/build/daemon/" &&
		printf 'struct omt_control;\nstruct omt_command;\n_Bool omt_control_submit(struct omt_control *, const struct omt_command *);\nvoid link_probe(void);\nvoid link_probe(void) { omt_control_submit(0, 0); }\n' >"$tmp/up.c" &&
		${CC:-cc} -c -o "$tmp/up.o" "$tmp/up.c" &&
		ar r "$tmp/build/daemon/libomt-link.a" "$tmp/up.o" 2>/dev/null &&
		refuses "no call goes up" calls "$tmp/build" "$top" >"$tmp/out" &&
		grep -q "calls omt_control_submit of rt" "$tmp/out"
}
check "a link object calling the runtime's port is refused, naming the call" \
	link_calling_up

[ "$check_failures" -eq 0 ]
