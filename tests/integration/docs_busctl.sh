#!/usr/bin/env bash
# The busctl lines of docs/dbus-api.md, run as written against the
# simulated stack: what the document tells an integrator to type works.
# (The one thing busctl cannot do, a held motion, the document says so and
# the examples do instead: tests/integration/examples.sh.)
set -u
# shellcheck source=tests/integration/bus_stack.bash
. "$(dirname "$0")/bus_stack.bash"
trap 'stack_stop' EXIT

if ! stack_start; then
	echo "not ok - the simulated stack starts"
	exit 1
fi

# Each "busctl ..." command of the "## busctl" section, continuation
# lines joined.
doc_commands() {
	awk '/^## busctl/ { on = 1; next } /^## / { on = 0 }
		on && /^```/ { block = !block; next }
		on && block {
			line = line $0
			if (line ~ /\\$/) { sub(/\\$/, "", line); next }
			if (line ~ /^busctl /) print line
			line = ""
		}' "$top/docs/dbus-api.md"
}

every_line_runs() {
	local cmd n=0 out
	while IFS= read -r cmd; do
		n=$((n + 1))
		echo "\$ $cmd"
		# The document's own quoting, as a shell reads it.
		out=$(eval "$cmd" 2>&1) || { echo "$out"; return 1; }
		echo "$out"
	done < <(doc_commands)
	[ "$n" -ge 6 ] || { echo "only $n busctl lines found"; return 1; }
	# What they did shows: unlocked, a preset saved for dr-lee.
	prop Locked | grep -qx 'b false' &&
		prop PresetDetails | grep -q '"prone" 4 "name" s "prone" "height" d 700 "tilt" d 0 "owner" s "dr-lee"'
}
check "every busctl line of docs/dbus-api.md runs as written" every_line_runs
