#!/usr/bin/env bash
# omtd decides rights from the credentials the bus daemon vouches for, not
# from /proc: (1) run as an unprivileged user with /proc hiding other
# users' processes (what omtd.service's User= and ProtectProc=invisible
# do), omtd still lets an omt-operator member act and an omt-service member
# read Diagnostics; (2) a caller whose groups changed after it connected
# (as the process at a reused PID has other groups) gets the rights it
# connected with, neither more nor less.  The bus is left open so that
# omtd's own check is all that decides.
set -u
# shellcheck source=tests/integration/bus_stack.bash
. "$(dirname "$0")/bus_stack.bash"
REGROUP=$build/tests/helpers/caller_regroups

made_groups=()
made_users=()
cleanup() {
	local u g
	stack_stop
	for u in "${made_users[@]}"; do userdel "$u" 2>/dev/null; done
	for g in "${made_groups[@]}"; do groupdel "$g" 2>/dev/null; done
}
trap cleanup EXIT

for g in omt-operator omt-service; do
	if ! getent group "$g" >/dev/null; then
		groupadd --system "$g" && made_groups+=("$g")
	fi
done
operator=omtauthop$$
service=omtauthsv$$
daemon_user=omtauthd$$
add_user() { # NAME [useradd options...]
	local u=$1
	shift
	useradd --system --no-create-home --shell /usr/sbin/nologin "$@" "$u" &&
		made_users+=("$u")
}
add_user "$operator" -G omt-operator
add_user "$service" -G omt-service
add_user "$daemon_user"
as_user() { # USER COMMAND...
	local u=$1
	shift
	setpriv --reuid="$u" --regid="$(id -g "$u")" --init-groups "$@"
}
call_as() { # USER INTERFACE.METHOD [dbus-send args...]: ok or the error name
	local u=$1 m=$2 out
	shift 2
	if out=$(as_user "$u" dbus-send --system --print-reply --reply-timeout=5000 \
		--dest=org.omt.Table1 /org/omt/Table1 "$m" "$@" 2>&1); then
		echo ok
	else
		sed -nE 's/^Error ([^:]+):.*/\1/p' <<<"$out" | head -n 1
	fi
}
DENIED=org.freedesktop.DBus.Error.AccessDenied

export OMT_STACK_OPEN_BUS=1

# --- 1. A reused PID: groups changed after connecting count for nothing.
if ! stack_start; then
	echo "not ok - the simulated stack starts with an open bus"
	exit 1
fi
echo "ok - the simulated stack starts with an open bus"

regrouped_operator_stays_operator() {
	local got
	got=$("$REGROUP" "$operator" omt-operator omt-service \
		org.omt.Table1.Diagnostics.GetLoopStatistics)
	[ "$got" = $DENIED ] || { echo "Diagnostics: $got"; return 1; }
	# Still an operator: Table1 is theirs.
	got=$("$REGROUP" "$operator" omt-operator omt-service org.omt.Table1.Lock)
	[ "$got" = ok ] || { echo "Lock: $got"; return 1; }
}
check "a caller that connected as omt-operator and now has omt-service in /proc is refused Diagnostics" \
	regrouped_operator_stays_operator

regrouped_technician_stays_technician() {
	local got
	got=$("$REGROUP" "$service" omt-service omt-operator \
		org.omt.Table1.Diagnostics.GetLoopStatistics)
	[ "$got" = ok ] || { echo "Diagnostics: $got"; return 1; }
}
check "a caller that connected as omt-service keeps Diagnostics though /proc now says omt-operator" \
	regrouped_technician_stays_technician
stack_stop

# --- 2. omtd as its own user, other users' /proc hidden from it.
export OMT_STACK_OMTD_USER=$daemon_user
if ! stack_start; then
	echo "not ok - the stack starts with omtd as $daemon_user and a hidden /proc"
	exit 1
fi
echo "ok - the stack starts with omtd as $daemon_user and a hidden /proc"

omtd_sees_no_callers() {
	local pid
	pid=$(pgrep -u "$daemon_user" -x omtd | head -n 1)
	[ -n "$pid" ] || { echo "omtd does not run as $daemon_user"; return 1; }
	# What omtd sees of a process of another user: nothing.
	nsenter -t "$pid" -m setpriv --reuid="$daemon_user" \
		--regid="$(id -g "$daemon_user")" --clear-groups \
		sh -c '[ ! -e /proc/1/status ]'
}
check "omtd runs as $daemon_user and cannot read other users' /proc" omtd_sees_no_callers

hidden_proc_still_authorizes() {
	local got m
	for m in Unlock Lock; do
		got=$(call_as "$operator" org.omt.Table1.$m)
		[ "$got" = ok ] || { echo "operator $m: $got"; return 1; }
	done
	got=$(call_as "$service" org.omt.Table1.Diagnostics.GetLoopStatistics)
	[ "$got" = ok ] || { echo "service GetLoopStatistics: $got"; return 1; }
	got=$(call_as "$operator" org.omt.Table1.Diagnostics.GetLoopStatistics)
	[ "$got" = $DENIED ] || { echo "operator GetLoopStatistics: $got"; return 1; }
	got=$(call_as "$daemon_user" org.omt.Table1.Unlock)
	[ "$got" = $DENIED ] || { echo "a stranger's Unlock: $got"; return 1; }
	as_user "$operator" "$OMTCTL" unlock >/dev/null 2>&1 ||
		{ echo "omtctl unlock as operator failed"; return 1; }
}
check "with /proc hidden, omt-operator may act, omt-service may diagnose, a stranger may not" \
	hidden_proc_still_authorizes
