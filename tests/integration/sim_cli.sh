#!/usr/bin/env bash
# omt-sim's command line: --help documents the interface; bad arguments
# get a clear message, exit status 2, and create nothing.
set -u
cd "$(dirname "$0")/../.." || exit 1
sim=${OMT_BUILD:-build}/omt-sim
# shellcheck source=tests/lib/check.bash
. tests/lib/check.bash

help=$("$sim" --help); rc=$?
check "--help exits 0" test "$rc" -eq 0
for word in --tcp --rtu-pty --baud --control --ready-fd READY "fault SLAVE crc" \
	"thrust SECTION" "history DRIVE" TENSION --drive-class "power-cycle DRIVE"; do
	check "--help mentions $word" grep -qF -- "$word" <<<"$help"
done

dir=$(mktemp -d /tmp/omt-sim-cli.XXXXXX)
trap 'rm -rf "$dir"' EXIT
refuse() { # name args...: exit 2, a message naming omt-sim, no files left
	local name=$1 err rc; shift
	err=$("$sim" "$@" --control "$dir/ctl" 2>&1 >/dev/null); rc=$?
	check "$name: exit 2" test "$rc" -eq 2
	check "$name: says why" grep -q "^omt-sim: " <<<"$err"
	check "$name: creates nothing" test ! -e "$dir/ctl" -a ! -e "$dir/tty"
}
refuse "no transport"
refuse "port out of range" --tcp 127.0.0.1:70000
refuse "port missing" --tcp 127.0.0.1
refuse "port not a number" --tcp 127.0.0.1:http
refuse "negative baud" --rtu-pty "$dir/tty" --baud -9600
refuse "baud too low" --rtu-pty "$dir/tty" --baud 50
refuse "baud without RTU" --tcp 127.0.0.1:0 --baud 9600
refuse "ready-fd on stdio" --tcp 127.0.0.1:0 --ready-fd 1
refuse "unknown option" --tcp 127.0.0.1:0 --frobnicate
refuse "option without value" --tcp
refuse "drive class without value" --tcp 127.0.0.1:0 --drive-class
refuse "drive class for the I/O module" --tcp 127.0.0.1:0 --drive-class io=linak
refuse "unknown drive class" --tcp 127.0.0.1:0 --drive-class height=servo
refuse "unknown CiA 402 map" --tcp 127.0.0.1:0 --drive-class tilt=cia402:acme
refuse "drive class twice" --tcp 127.0.0.1:0 --drive-class 1=linak \
	--drive-class height=cia402

# Paths that are not what an earlier run left behind are never replaced.
echo "precious" >"$dir/file"
"$sim" --tcp 127.0.0.1:0 --control "$dir/file" >/dev/null 2>&1
check "control path on a regular file: refused" test $? -ne 0
check "control path on a regular file: file kept" grep -q precious "$dir/file"
"$sim" --rtu-pty "$dir/file" >/dev/null 2>&1
check "pty link on a regular file: refused" test $? -ne 0
check "pty link on a regular file: file kept" grep -q precious "$dir/file"
ln -s /nonexistent "$dir/oldlink"
coproc RELINK { exec "$sim" --rtu-pty "$dir/oldlink"; }
read -r -t 10 line <&"${RELINK[0]}"
check "stale pty link: replaced by the new pty" \
	test "$(readlink "$dir/oldlink")" = "$(sed -E 's/.* rtu=([^ ]+).*/\1/' <<<"$line")"
kill -TERM "$RELINK_PID"; wait "$RELINK_PID"
check "stale pty link: removed at exit" test ! -e "$dir/oldlink" -a ! -L "$dir/oldlink"

# A port already taken is an error at start-up, not a silent retry.
coproc HOLDER { exec "$sim" --tcp 127.0.0.1:0; }
read -r -t 10 line <&"${HOLDER[0]}"
port=$(sed -E 's/.*tcp=[^ ]*:([0-9]+).*/\1/' <<<"$line")
"$sim" --tcp "127.0.0.1:$port" --control "$dir/ctl" >/dev/null 2>&1
rc=$?
check "port in use: fails" test "$rc" -ne 0
check "port in use: no control socket left" test ! -e "$dir/ctl"
kill -TERM "$HOLDER_PID"; wait "$HOLDER_PID"
check "holder exits cleanly on SIGTERM" test $? -eq 0
# An IPv6 literal is announced in brackets, so the port stays unambiguous.
if [ -e /proc/net/if_inet6 ]; then
	coproc V6 { exec "$sim" --tcp "[::1]:0"; }
	read -r -t 10 line <&"${V6[0]}"
	check "IPv6: READY line brackets the address" \
		grep -qE '^READY tcp=\[::1\]:[0-9]+$' <<<"$line"
	kill -TERM "$V6_PID"; wait "$V6_PID"
else
	echo "ok - IPv6: READY line brackets the address # SKIP no IPv6 here"
fi
[ "$check_failures" -eq 0 ]
