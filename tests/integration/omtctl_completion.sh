#!/usr/bin/env bash
# omtctl's bash completion offers the contract's words at each position.
set -u
top=$(cd "$(dirname "$0")/../.." && pwd)
# shellcheck source=cli/omtctl.bash-completion
. "$top/cli/omtctl.bash-completion"

offers() { # "EXPECTED WORDS" WORD... (the last word is being completed)
	local want=$1
	shift
	COMP_WORDS=(omtctl "$@")
	COMP_CWORD=$#
	COMPREPLY=()
	_omtctl
	local got="${COMPREPLY[*]}"
	if [ "$got" = "$want" ]; then
		echo "ok - omtctl $* <TAB> offers: $want"
	else
		echo "not ok - omtctl $* <TAB> offers: $want"
		echo "#   got: $got"
	fi
}

offers "status stop" st
offers "preset" pr
offers "list show save recall rename delete" preset ""
offers "arm disarm tension" drop ""
offers "cervical thoracic lumbar pelvic" drop arm ""
offers "lumbar" drop tension lu
offers "1 10" drop tension lumbar 1
offers "clear" faults ""
offers "loop timing inputs axes link log read write trace selftest report" diag ""
offers "tilt thoracic" diag read t
offers "io" diag write i
offers "--seconds" diag trace --s
offers "--out" diag trace --seconds 5 --o
offers "--no-legend --no-pager --no-pedals" diag selftest --n
offers "--force --for" preset save prone --f
offers "" preset save prone --for ""
offers "" diag trace --seconds ""
offers "height= tilt=" move ""
offers "--json --json=pretty --json=off" --j
offers "move monitor" --json mo
offers "" status ""
