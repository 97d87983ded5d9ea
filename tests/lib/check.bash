# The shell tests' one set of helpers: named results as the lines
# tests/run-all.sh counts ("ok - NAME", "not ok - NAME"), counted here.
#
#   . "$(dirname "$0")/../lib/check.bash"
#   check "the daemon starts" start_daemon     # runs in this shell
#   ok "a name" / not_ok "a name" "why"        # a result decided elsewhere
#   [ "$check_failures" -eq 0 ]                # the script's exit status
#
# check runs the command in the current shell (so what it sets stays set),
# or in a subshell when CHECK_SUBSHELL=1, with its output kept aside; on
# failure that output follows the "not ok" line as "#" lines, and so does
# what CHECK_ON_FAIL (a function name, if set) prints; on success only the
# command's own "#" lines (notes) are shown.
check_passes=0
check_failures=0

ok() { # NAME [NOTE]
	echo "ok - $1${2:+ # $2}"
	check_passes=$((check_passes + 1))
}

not_ok() { # NAME [WHY]
	echo "not ok - $1${2:+ # $2}"
	check_failures=$((check_failures + 1))
}

check() { # NAME COMMAND...
	local name=$1 out rc
	shift
	out=$(mktemp "${TMPDIR:-/tmp}/omt-check.XXXXXX") || {
		not_ok "$name" "no temporary file"
		return 1
	}
	if [ "${CHECK_SUBSHELL:-0}" = 1 ]; then
		("$@") >"$out" 2>&1
	else
		"$@" >"$out" 2>&1
	fi
	rc=$?
	if [ "$rc" -eq 0 ]; then
		ok "$name"
		grep '^#' "$out"            # the command's own notes
	else
		not_ok "$name"
		head -n 20 "$out" | sed 's/^/#   /'
		if [ -n "${CHECK_ON_FAIL:-}" ]; then
			"$CHECK_ON_FAIL" 2>&1 | sed 's/^/#   /'
		fi
	fi
	rm -f "$out"
	return "$rc"
}
