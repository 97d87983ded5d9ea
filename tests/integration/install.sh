#!/usr/bin/env bash
# make install: the installed tree is complete, its sysusers and tmpfiles
# entries work on a fresh root, its unit passes systemd-analyze verify and
# scores 1.5 or better in systemd-analyze security, and the bus policy is
# accepted by a real dbus-daemon.
set -u
top=$(cd "$(dirname "$0")/../.." && pwd)
build=${OMT_BUILD:-$top/build}
case "$build" in /*) ;; *) build=$top/$build ;; esac
tmp=$(mktemp -d /tmp/omt-install-test.XXXXXX)
trap 'rm -rf "$tmp"' EXIT
root=$tmp/root

# shellcheck source=tests/lib/check.bash
. "$top/tests/lib/check.bash"

check "install.sh installs into DESTDIR" \
	"$top/tools/install.sh" "$build" "$root" /usr /etc

expected=(
	usr/sbin/omtd usr/bin/omtctl usr/bin/omt-sim
	usr/lib/systemd/system/omtd.service
	usr/lib/sysusers.d/omt.conf usr/lib/tmpfiles.d/omt.conf
	usr/share/dbus-1/system.d/org.omt.Table1.conf
	usr/share/dbus-1/interfaces/org.omt.Table1.xml
	usr/lib/udev/rules.d/60-omt-table.rules
	usr/share/man/man1/omtctl.1 usr/share/man/man8/omtd.8
	usr/share/bash-completion/completions/omtctl
)
all_there() {
	local f rc=0
	for f in "${expected[@]}"; do
		[ -s "$root/$f" ] || { echo "missing: $f"; rc=1; }
	done
	for f in usr/sbin/omtd usr/bin/omtctl usr/bin/omt-sim; do
		[ -x "$root/$f" ] || { echo "not executable: $f"; rc=1; }
	done
	return $rc
}
check "every installed file is in place" all_there

identical() { cmp "$top/$1" "$root/$2"; }
check "the shipped introspection XML is installed unchanged" \
	identical docs/org.omt.Table1.xml usr/share/dbus-1/interfaces/org.omt.Table1.xml

dkms_tree() {
	[ -d "$top/kernel" ] || return 0
	local src
	src=$(ls -d "$root"/usr/src/omt_table-* 2>/dev/null | head -n 1)
	[ -n "$src" ] || { echo "no /usr/src/omt_table-*"; return 1; }
	[ -f "$src/dkms.conf" ] && [ -f "$src/Kbuild" ] &&
		grep -q 'BUILT_MODULE_NAME\[0\]="omt_table"' "$src/dkms.conf" &&
		{ [ ! -d "$top/include/uapi" ] || [ -f "$src/include/uapi/omt_table.h" ]; } || return 1
	# `dkms install NAME/VERSION` looks in /usr/src/NAME-VERSION exactly.
	local name version
	name=$(sed -n 's/^PACKAGE_NAME="\(.*\)"$/\1/p' "$src/dkms.conf")
	version=$(sed -n 's/^PACKAGE_VERSION="\(.*\)"$/\1/p' "$src/dkms.conf")
	[ "$(basename "$src")" = "$name-$version" ] ||
		{ echo "$(basename "$src") is not $name-$version"; return 1; }
}
check "kernel module sources are installed for DKMS" dkms_tree

sysusers() {
	mkdir -p "$root/etc"
	systemd-sysusers --root="$root" "$root/usr/lib/sysusers.d/omt.conf" &&
		grep -q '^omtd:' "$root/etc/passwd" &&
		grep -q '^omt-operator:' "$root/etc/group" &&
		grep -q '^omt-service:' "$root/etc/group" &&
		grep -qE '^omt-hw:[^:]*:[0-9]+:(.*,)?omtd(,|$)' "$root/etc/group"
}
check "sysusers creates omtd, omt-operator, omt-service, omt-hw" sysusers

tmpfiles() {
	systemd-tmpfiles --root="$root" --create \
		"$root/usr/lib/tmpfiles.d/omt.conf" &&
		[ -d "$root/var/lib/omt" ] &&
		[ "$(stat -c %u "$root/var/lib/omt")" = \
		  "$(grep '^omtd:' "$root/etc/passwd" | cut -d: -f3)" ]
}
check "tmpfiles creates /var/lib/omt owned by omtd" tmpfiles

# verify needs ExecStart= to exist: point it at the DESTDIR copy.  It also
# checks Documentation=man: pages, which are in DESTDIR too.
verify() {
	mkdir -p "$tmp/unit"
	sed "s|/usr/sbin/omtd|$root/usr/sbin/omtd|g" \
		"$root/usr/lib/systemd/system/omtd.service" >"$tmp/unit/omtd.service"
	MANPATH=$root/usr/share/man systemd-analyze verify "$tmp/unit/omtd.service" 2>&1 |
		tee "$tmp/verify"
	! grep -q . "$tmp/verify"
}
check "systemd-analyze verify accepts omtd.service" verify

security() {
	local line score
	line=$(systemd-analyze security --offline=true \
		"$root/usr/lib/systemd/system/omtd.service" 2>&1 | grep 'Overall exposure')
	echo "$line"
	score=$(sed -E 's/.*: ([0-9]+\.[0-9]+).*/\1/' <<<"$line")
	awk -v s="$score" 'BEGIN { exit !(s != "" && s <= 1.5) }'
}
check "systemd-analyze security scores 1.5 or better" security

unit_hardening() {
	local unit=$root/usr/lib/systemd/system/omtd.service key
	for key in Type=notify WatchdogSec= Restart=on-failure StateDirectory=omt \
		ProtectSystem=strict ProtectHome=yes PrivateTmp=yes \
		NoNewPrivileges=yes DevicePolicy=closed "DeviceAllow=/dev/omt_table" \
		"DeviceAllow=char-gpiochip" "SystemCallFilter=@system-service" \
		"RestrictAddressFamilies=AF_UNIX AF_INET AF_INET6" User=omtd \
		PrivateUsers=yes LimitRTPRIO=99 LimitMEMLOCK=; do
		grep -qF "$key" "$unit" || { echo "no $key"; return 1; }
	done
	# No capability: real time and locked memory come from the limits.
	grep -qx 'CapabilityBoundingSet=' "$unit" &&
		! grep -q '^AmbientCapabilities=' "$unit" || { echo "capabilities granted"; return 1; }
}
check "omtd.service carries the required hardening" unit_hardening

policy_loads() {
	cat >"$tmp/bus.conf" <<CONF
<busconfig>
  <listen>unix:path=$tmp/bus.sock</listen>
  <auth>EXTERNAL</auth>
  <include>$root/usr/share/dbus-1/system.d/org.omt.Table1.conf</include>
</busconfig>
CONF
	local out pid
	out=$(dbus-daemon --config-file="$tmp/bus.conf" --fork --print-pid=1) ||
		return 1
	pid=$out
	kill "$pid"
}
check "dbus-daemon accepts the installed bus policy" policy_loads

udev_rules() {
	local rules=$root/usr/lib/udev/rules.d/60-omt-table.rules
	grep -q 'KERNEL=="omt_table"' "$rules" &&
		grep -q 'SYMLINK+="omt-rs485"' "$rules" &&
		grep -q 'latency_timer}="1"' "$rules" &&
		grep -q 'gpiochip' "$rules" &&
		# Every non-comment line is a key op value list (no stray text).
		! sed -e ':a' -e '/\\$/N; s/\\\n//; ta' "$rules" |
			grep -vE '^\s*(#|$)' |
			grep -vE '^[A-Z_]+(\{[a-z_]+\})?(==|!=|=|\+=)"' &&
		# Only what the site marked as the table's own is granted:
		# every rule that hands a tty or gpiochip to omt-hw needs it.
		! grep -E 'SUBSYSTEM=="(tty|gpio)".*GROUP=' "$rules" |
			grep -v 'ENV{OMT_TABLE}=="1"' &&
		[ -f "$root/usr/share/doc/omt/59-omt-site.rules.example" ]
}
check "udev rules cover the interlock, and grant only the site's own RS-485 adapter and GPIO chip" udev_rules

# The generator's drop-in, merged into the unit as systemd would, for a
# configuration of each kind; the scores are systemd's own.
exposure_with_dropin() { # omtd.conf text
	printf '%b' "$1" >"$tmp/site.conf"
	{
		sed '/^\[Install\]/,$d' "$root/usr/lib/systemd/system/omtd.service"
		"$root/usr/sbin/omtd" --unit-dropin -c "$tmp/site.conf" |
			grep -v '^\[Service\]'
	} >"$tmp/merged.service"
	systemd-analyze security --offline=true "$tmp/merged.service" 2>&1 |
		sed -nE 's/.*Overall exposure level.*: ([0-9]+\.[0-9]+).*/\1/p'
}

network_policy() {
	local gen=$root/usr/lib/systemd/system-generators/omt-generator rtu tcp
	[ -x "$gen" ] && grep -q "$root/usr/sbin/omtd\|/usr/sbin/omtd" "$gen" || { echo "no generator"; return 1; }
	grep -qx 'IPAddressDeny=any' "$root/usr/lib/systemd/system/omtd.service" || return 1
	rtu=$(exposure_with_dropin '[link]\ntransport = rtu\ndevice = /dev/omt-rs485\n')
	tcp=$(exposure_with_dropin '[link]\ntransport = tcp\nhost = 10.0.0.7\n')
	echo "# exposure: rtu $rtu, tcp $tcp"
	grep -qx 'IPAddressAllow=10.0.0.7' "$tmp/merged.service" &&
		grep -qx 'RestrictAddressFamilies=AF_UNIX AF_INET' "$tmp/merged.service" || return 1
	awk -v r="$rtu" -v t="$tcp" 'BEGIN { exit !(r != "" && r <= 1.0 && t != "" && t <= 1.5) }'
}
check "omtd.service: no network under RTU (exposure <= 1.0), the gateway only under TCP (<= 1.5)" network_policy

man_page() {
	local page=$root/usr/share/man/man1/omtctl.1
	LC_ALL=C.UTF-8 MANWIDTH=80 man --warnings -l "$page" 2>"$tmp/man.err" >"$tmp/man.txt" &&
		[ ! -s "$tmp/man.err" ] &&
		grep -q 'EXIT STATUS' "$tmp/man.txt" &&
		grep -q 'preset save' "$tmp/man.txt" || { cat "$tmp/man.err"; return 1; }
}
check "the man page renders without warnings" man_page
