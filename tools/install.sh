#!/usr/bin/env bash
# Install the table controller into DESTDIR/PREFIX (called by `make install`).
#
#   tools/install.sh BUILD_DIR DESTDIR PREFIX SYSCONFDIR
#
# Binaries, the default configuration, the systemd unit, sysusers and
# tmpfiles entries, the D-Bus policy and introspection XML, udev rules, the
# man page, bash completion, and the kernel module's sources for DKMS.
# Nothing outside DESTDIR is touched, and an existing omtd.conf is kept.
set -eu

build=${1:?usage: install.sh BUILD_DIR DESTDIR PREFIX SYSCONFDIR}
destdir=${2:-}
prefix=${3:-/usr}
sysconfdir=${4:-/etc}
top=$(cd "$(dirname "$0")/.." && pwd)
cd "$top"

# Units, rules and policies are found by systemd, udev and dbus under
# /usr/lib and /usr/share whatever PREFIX says, unless PREFIX is /usr/local
# (for which systemd also looks in /usr/local/lib/systemd).
libdir=$prefix/lib
datadir=$prefix/share

die() { echo "install.sh: $*" >&2; exit 1; }
put() { # mode source target
	install -D -m "$1" "$2" "$destdir$3"
}

for program in omtd omtctl omt-sim; do
	[ -x "$build/$program" ] || die "$build/$program is not built (run make first)"
done

put 0755 "$build/omtd" "$prefix/sbin/omtd"
put 0755 "$build/omtctl" "$prefix/bin/omtctl"
put 0755 "$build/omt-sim" "$prefix/bin/omt-sim"

# The unit names the daemon by its installed path.
unit_tmp=$(mktemp)
trap 'rm -f "$unit_tmp"' EXIT
sed -e "s|/usr/sbin/omtd|$prefix/sbin/omtd|g" systemd/omtd.service >"$unit_tmp"
put 0644 "$unit_tmp" "$libdir/systemd/system/omtd.service"
gen_tmp=$(mktemp)
trap 'rm -f "$unit_tmp" "$gen_tmp"' EXIT
sed -e "s|/usr/sbin/omtd|$prefix/sbin/omtd|g" systemd/omt-generator >"$gen_tmp"
put 0755 "$gen_tmp" "$libdir/systemd/system-generators/omt-generator"
put 0644 systemd/omt.sysusers "$libdir/sysusers.d/omt.conf"
put 0644 systemd/omt.tmpfiles "$libdir/tmpfiles.d/omt.conf"
put 0644 systemd/org.omt.Table1.conf "$datadir/dbus-1/system.d/org.omt.Table1.conf"
put 0644 docs/org.omt.Table1.xml "$datadir/dbus-1/interfaces/org.omt.Table1.xml"
put 0644 udev/60-omt-table.rules "$libdir/udev/rules.d/60-omt-table.rules"
put 0644 udev/59-omt-site.rules.example "$datadir/doc/omt/59-omt-site.rules.example"
put 0644 cli/omtctl.1 "$datadir/man/man1/omtctl.1"
put 0644 daemon/omtd.8 "$datadir/man/man8/omtd.8"
put 0644 cli/omtctl.bash-completion "$datadir/bash-completion/completions/omtctl"
for doc in docs/*.md; do
	[ -e "$doc" ] && put 0644 "$doc" "$datadir/doc/omt/$(basename "$doc")"
done

# A site's configuration is theirs: install the example beside it.
if [ -f etc/omtd.conf ]; then
	if [ -e "$destdir$sysconfdir/omt/omtd.conf" ]; then
		put 0644 etc/omtd.conf "$sysconfdir/omt/omtd.conf.dist"
	else
		put 0644 etc/omtd.conf "$sysconfdir/omt/omtd.conf"
	fi
fi

# Kernel module sources for DKMS, laid out as kernel/dkms.conf names them
# (DKMS always looks under /usr/src, whatever the prefix).
if [ -x kernel/dkms-source.sh ]; then
	kernel/dkms-source.sh "$destdir" >/dev/null
fi

echo "Installed into ${destdir:-/} (prefix $prefix)."
if [ -z "$destdir" ]; then
	echo "Next: systemd-sysusers; systemd-tmpfiles --create; udevadm control --reload;"
	echo "      systemctl reload dbus; edit /etc/omt/omtd.conf; omtd --check-config;"
	echo "      systemctl daemon-reload (the unit's network policy follows omtd.conf);"
	echo "      systemctl enable --now omtd"
fi
