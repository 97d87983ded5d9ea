#!/bin/bash
# In the systemd guest (tests/vm/systemd/run.sh), as a service of the
# booted system: the package installed as an administrator would install
# it, and omtd.service run by systemd with everything the unit asks for.
#
#   guest-unit.sh TOP BUILD_DIR
#
# make install DESTDIR= into the guest's root; systemd-sysusers and
# systemd-tmpfiles with the installed entries; systemctl daemon-reload
# (the generator writes the network drop-in from the installed
# /etc/omt/omtd.conf: Modbus TCP to 127.0.0.1:1502); dbus reloaded with
# the installed policy; omt-sim serving the drives there; omtd.service
# started.  Then, through the installed unit and bus policy: a user in
# omt-operator unlocks and moves the table, a user in omt-service reads
# diagnostics, a user in neither is refused Unlock (AccessDenied, exit 3)
# but may Stop and EmergencyStop.  The unit's IP firewall and bind ban are
# tried from inside its cgroup.  Prints "ok - NAME" / "not ok - NAME".
set -u
top=$1 build=$2
export PATH=/usr/sbin:/usr/bin:/sbin:/bin
# shellcheck source=tests/lib/check.bash
. "$top/tests/lib/check.bash"

echo "# the guest's systemd reached this check $(cut -d' ' -f1 /proc/uptime) s after boot"
sim_port=1502

wait_for() { # tries command...: bounded, a broken stack fails, never hangs
	local tries=$1
	shift
	while [ "$tries" -gt 0 ]; do
		"$@" && return 0
		sleep 0.1
		tries=$((tries - 1))
	done
	return 1
}

install_into_root() {
	make -C "$top" --no-print-directory O="$build" install DESTDIR= &&
		[ -x /usr/sbin/omtd ] && [ -x /usr/bin/omtctl ] &&
		[ -f /usr/lib/systemd/system/omtd.service ] &&
		[ -f /usr/share/dbus-1/system.d/org.omt.Table1.conf ] &&
		[ -f /etc/omt/omtd.conf ]
}
check "make install DESTDIR= installs into the guest's /usr and /etc" install_into_root || exit 1

# The site's configuration, as installed (Modbus TCP to 127.0.0.1:1502),
# with the timings an emulated CPU needs, many times slower than a
# controller's (as in tests/vm/guest-omtd.sh): a 100 ms cycle, long Modbus
# timeouts, and the height axis at a third of its speed, so that a cycle
# late by the emulation does not put the drive beyond following_error_max
# of its setpoint.  The control thread stays SCHED_FIFO: that is under test.
set_key() { # file section key value: the key must be there, once
	awk -v sec="[$2]" -v key="$3" -v value="$4" '
		/^\[/ { in_sec = ($0 == sec) }
		in_sec && $1 == key && $2 == "=" { $0 = key " = " value; n++ }
		{ print }
		END { exit n != 1 }' "$1" >"$1.new" &&
		mv "$1.new" "$1" || { rm -f "$1.new"; echo "no $3 in [$2] of $1"; return 1; }
}
emulation_timings() {
	local conf=/etc/omt/omtd.conf
	set_key "$conf" control period_ms 100 &&
		set_key "$conf" link response_timeout_ms 80 &&
		set_key "$conf" link byte_timeout_ms 40 &&
		set_key "$conf" control comms_lost_ms 2000 &&
		set_key "$conf" control hold_timeout_ms 1000 &&
		set_key "$conf" control drive_watchdog_ms 1000 &&
		set_key "$conf" axis.height max_speed 10 &&
		grep -qx 'host = 127.0.0.1' "$conf" && grep -qx "port = $sim_port" "$conf"
}
check "the installed omtd.conf names the simulator's address; emulation timings set" emulation_timings

sysusers() {
	systemd-sysusers &&
		getent passwd omtd && getent group omt-operator &&
		getent group omt-service && id -nG omtd | grep -qw omt-hw
}
check "systemd-sysusers creates omtd, omt-operator, omt-service, omt-hw" sysusers

tmpfiles() {
	systemd-tmpfiles --create &&
		[ "$(stat -c %U /var/lib/omt)" = omtd ]
}
check "systemd-tmpfiles --create makes /var/lib/omt, owned by omtd" tmpfiles

generator() {
	local dropin=/run/systemd/generator/omtd.service.d/50-omt-network.conf
	systemctl daemon-reload &&
		grep -qx 'IPAddressAllow=127.0.0.1' "$dropin" &&
		systemctl show -p IPAddressAllow omtd.service | grep -q '127.0.0.1' &&
		systemctl show -p IPAddressDeny omtd.service | grep -q '0.0.0.0/0'
}
check "daemon-reload runs the generator: the unit allows the configured gateway only" generator

bus_policy() {
	systemctl start dbus.service && systemctl reload dbus.service
}
check "dbus-daemon reloads with the installed policy" bus_policy

sim_serves() { bash -c "exec 3<>/dev/tcp/127.0.0.1/$sim_port" 2>/dev/null; }
start_sim() {
	# Real-time one step below omtd's control thread, as tools/run-stack.sh
	# runs it: on the emulated CPU the drives would otherwise lag behind
	# their setpoints.
	systemd-run --unit=omt-sim --description="the table's simulated drives" \
		-p CPUSchedulingPolicy=fifo -p CPUSchedulingPriority=70 \
		/usr/bin/omt-sim --tcp "127.0.0.1:$sim_port" &&
		wait_for 100 sim_serves
}
check "omt-sim serves the drives on 127.0.0.1:$sim_port" start_sim

omtd_pid=
start_omtd() {
	systemctl start omtd.service &&
		[ "$(systemctl show -p ActiveState --value omtd.service)" = active ] &&
		busctl --system call org.freedesktop.DBus /org/freedesktop/DBus \
			org.freedesktop.DBus NameHasOwner s org.omt.Table1 | grep -q true &&
		omtd_pid=$(systemctl show -p MainPID --value omtd.service) &&
		[ "$omtd_pid" -gt 0 ]
}
CHECK_ON_FAIL=omtd_journal
omtd_journal() { journalctl -b -u omtd.service --no-pager | tail -n 30; }
check "systemctl start omtd: the installed unit runs and takes org.omt.Table1" start_omtd || {
	echo "$check_passes passed, $check_failures failed"
	exit 1
}

# What the unit grants: its user, no capabilities, and yet a real-time
# control thread (LimitRTPRIO=) with its memory locked (LimitMEMLOCK=).
# In its own user namespace (PrivateUsers=) the device group omt-hw shows
# as nobody's, but the kernel still checks it: it must be among the
# process's groups as the host sees them.
in_groups() { # gid status-file
	awk -v g="$1" '/^Groups:/ { for (i = 2; i <= NF; i++) if ($i == g) f = 1 }
		END { exit !f }' "$2"
}
runs_as_unit_says() {
	local status=/proc/$omtd_pid/status
	echo "# $(grep -E '^(Uid|Groups|CapEff|VmLck)' "$status" | tr -s '\t ' ' ' | paste -sd ';')"
	[ "$(stat -c %U "/proc/$omtd_pid")" = omtd ] &&
		in_groups "$(getent group omt-hw | cut -d: -f3)" "$status" &&
		grep -qE '^CapEff:\s+0+$' "$status" &&
		! grep -qE '^VmLck:\s+0 kB' "$status" &&
		ps -L -o cls= -p "$omtd_pid" | grep -qw FF &&
		journalctl -b -u omtd.service --no-pager | grep -q 'control loop running: .*SCHED_FIFO'
}
check "omtd runs as omtd in group omt-hw, without capabilities, memory locked, its control thread SCHED_FIFO" runs_as_unit_says

useradd -M -N -G omt-operator alice
useradd -M -N -G omt-service bob
useradd -M -N eve
as() { local user=$1; shift; runuser -u "$user" -- "$@"; }
expect_rc() { # rc command...
	local want=$1 rc
	shift
	"$@"
	rc=$?
	[ "$rc" -eq "$want" ] || { echo "exit $rc, wanted $want"; return 1; }
}
height_is() { as eve omtctl status | grep -qE "^Height: +$1 mm"; }

operator_moves() {
	as alice omtctl unlock &&
		as alice omtctl -q move height=600 &&
		height_is 600.0
}
check "a user in omt-operator unlocks and moves the table (Unlock, MoveTo, Hold)" operator_moves

service_diagnoses() {
	as bob omtctl diag loop | grep -q '^Cycles:' &&
		as bob omtctl diag link &&
		expect_rc 3 as alice omtctl diag loop
}
check "a user in omt-service reads diagnostics; an operator may not (exit 3)" service_diagnoses

others_refused() {
	local err
	as eve omtctl status >/dev/null &&
		err=$(as eve omtctl unlock 2>&1 >/dev/null; echo "rc=$?") &&
		echo "$err" &&
		grep -q 'rc=3' <<<"$err" && grep -q 'Not authorized' <<<"$err" &&
		expect_rc 3 as eve omtctl move height=700 &&
		height_is 600.0
}
check "a user in neither group reads the status and is refused Unlock and MoveTo (exit 3)" others_refused

others_stop() {
	as eve omtctl stop &&
		as eve omtctl estop &&
		as eve omtctl status | grep -qE '^State: +estop'
}
check "a user in neither group may Stop and EmergencyStop" others_stop

# The firewall and the bind ban are attached to omtd's cgroup: a shell
# moved into it is held to them (omtd itself never tries).
cgroup=/sys/fs/cgroup$(systemctl show -p ControlGroup --value omtd.service)
in_omtd_cgroup() { bash -c 'echo $$ >"$0/cgroup.procs" && exec "$@"' "$cgroup" "$@"; }
connects() { timeout 5 bash -c "exec 3<>/dev/tcp/$1/$2" 2>/dev/null; }
firewall() {
	local listener
	socat TCP-LISTEN:1600,bind=127.0.0.2,fork,reuseaddr /dev/null &
	listener=$!
	wait_for 50 connects 127.0.0.2 1600 || { kill "$listener"; echo "no listener"; return 1; }
	in_omtd_cgroup bash -c "exec 3<>/dev/tcp/127.0.0.1/$sim_port" ||
		{ kill "$listener"; echo "the gateway is unreachable from the unit"; return 1; }
	if in_omtd_cgroup timeout 5 bash -c 'exec 3<>/dev/tcp/127.0.0.2/1600'; then
		kill "$listener"
		echo "127.0.0.2 reachable from inside the unit"
		return 1
	fi
	kill "$listener"
}
check "the unit reaches its gateway (127.0.0.1) and no other address (127.0.0.2)" firewall

listens() { # [in_omtd_cgroup]: exit 124 when socat was listening until killed
	"$@" timeout 2 socat TCP-LISTEN:1601,bind=127.0.0.1,reuseaddr /dev/null
}
no_bind() {
	local out rc
	out=$(listens in_omtd_cgroup 2>&1)
	rc=$?
	echo "$out"
	[ "$rc" -ne 124 ] && grep -q 'Operation not permitted' <<<"$out" || return 1
	listens
	[ $? -eq 124 ] || { echo "socat cannot listen outside the unit either"; return 1; }
}
# SocketBindDeny= needs a systemd built with its BPF framework; Debian 12's
# is not (systemctl --version: -BPF_FRAMEWORK) and ignores the setting.
if systemctl --version | grep -q '+BPF_FRAMEWORK'; then
	check "the unit cannot bind a socket (SocketBindDeny=any); outside it, the same bind works" no_bind
else
	ok "the unit cannot bind a socket (SocketBindDeny=any)" "SKIP this systemd is built without BPF_FRAMEWORK"
fi

exposure() {
	local line
	line=$(systemd-analyze security omtd.service 2>&1 | grep 'Overall exposure')
	echo "# with the TCP drop-in, on the running system: $line"
	awk -v s="$(sed -E 's/.*: ([0-9]+\.[0-9]+).*/\1/' <<<"$line")" \
		'BEGIN { exit !(s != "" && s <= 1.5) }'
}
check "systemd-analyze security omtd.service (drop-in loaded): exposure <= 1.5" exposure

stops_cleanly() {
	systemctl stop omtd.service &&
		[ "$(systemctl show -p Result --value omtd.service)" = success ] &&
		[ "$(systemctl show -p ActiveState --value omtd.service)" = inactive ]
}
no_restart() {
	local restarts
	restarts=$(systemctl show -p NRestarts --value omtd.service)
	echo "# omtd.service restarts: $restarts"
	[ "$restarts" = 0 ]
}
check "omtd ran throughout without a restart (the watchdog was fed)" no_restart

check "systemctl stop omtd: a clean stop" stops_cleanly
systemctl stop omt-sim.service

echo "$check_passes passed, $check_failures failed"
[ "$check_failures" -eq 0 ]
