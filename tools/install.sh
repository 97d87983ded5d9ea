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
version=0.1.$(git -C "$top" rev-list --count HEAD 2>/dev/null || echo 0)
version=${version//[^A-Za-z0-9.]/.}

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
put 0644 systemd/omt.sysusers "$libdir/sysusers.d/omt.conf"
put 0644 systemd/omt.tmpfiles "$libdir/tmpfiles.d/omt.conf"
put 0644 systemd/org.omt.Table1.conf "$datadir/dbus-1/system.d/org.omt.Table1.conf"
put 0644 docs/org.omt.Table1.xml "$datadir/dbus-1/interfaces/org.omt.Table1.xml"
put 0644 udev/60-omt-table.rules "$libdir/udev/rules.d/60-omt-table.rules"
put 0644 cli/omtctl.1 "$datadir/man/man1/omtctl.1"
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

# Kernel module sources for DKMS, with the uapi header they share.
if [ -d kernel ] && ls kernel/*.c >/dev/null 2>&1; then
	src=$prefix/src/omt-table-$version
	for f in kernel/*.c kernel/*.h kernel/Kbuild kernel/Makefile kernel/dkms.conf; do
		[ -f "$f" ] && put 0644 "$f" "$src/$(basename "$f")"
	done
	if [ -d include/uapi ]; then
		for f in include/uapi/*.h; do
			[ -f "$f" ] && put 0644 "$f" "$src/include/uapi/$(basename "$f")"
		done
	fi
	if [ ! -f kernel/dkms.conf ]; then
		cat >"$destdir$src/dkms.conf" <<DKMS
PACKAGE_NAME="omt-table"
PACKAGE_VERSION="$version"
BUILT_MODULE_NAME[0]="omt_table"
DEST_MODULE_LOCATION[0]="/updates/dkms"
MAKE[0]="make -C \${kernel_source_dir} M=\${dkms_tree}/\${PACKAGE_NAME}/\${PACKAGE_VERSION}/build modules"
CLEAN="make -C \${kernel_source_dir} M=\${dkms_tree}/\${PACKAGE_NAME}/\${PACKAGE_VERSION}/build clean"
AUTOINSTALL="yes"
DKMS
		chmod 0644 "$destdir$src/dkms.conf"
	fi
fi

echo "Installed into ${destdir:-/} (prefix $prefix)."
if [ -z "$destdir" ]; then
	echo "Next: systemd-sysusers; systemd-tmpfiles --create; udevadm control --reload;"
	echo "      systemctl daemon-reload; systemctl reload dbus; systemctl enable --now omtd"
fi
