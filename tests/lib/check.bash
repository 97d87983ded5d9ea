# Shell tests' one helper: run a command as a named test and print
# "ok - NAME" or "not ok - NAME" (the lines tests/run-all.sh counts); on
# failure the command's output follows as "#" lines, and CHECK_ON_FAIL
# (a function name, if set) adds what else explains it.
#
#   . "$(dirname "$0")/../lib/check.bash"
#   check "the daemon starts" start_daemon
check_failures=0

check() { # NAME COMMAND...
	local name=$1 out
	shift
	if out=$("$@" 2>&1); then
		echo "ok - $name"
		return 0
	fi
	echo "not ok - $name"
	[ -n "$out" ] && sed 's/^/#   /' <<<"$out" | head -n 20
	if [ -n "${CHECK_ON_FAIL:-}" ]; then
		"$CHECK_ON_FAIL" 2>&1 | sed 's/^/#   /'
	fi
	check_failures=$((check_failures + 1))
	return 1
}
