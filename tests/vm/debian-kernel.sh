#!/usr/bin/env bash
# Fetch (once) Debian's own kernel for the systemd guest and print its
# directory.
#
#   tests/vm/debian-kernel.sh     -> e.g. /var/cache/omt-test-kernel/debian-6.1.0-57-amd64
#
# The systemd guest (tests/vm/systemd/) boots the kernel a Debian table
# controller would run, not the debug test kernel: it has what systemd's
# hardening options rely on (cgroup BPF for IPAddressDeny= and
# SocketBindDeny=, user namespaces, overlayfs) and, without KASAN, it
# boots in seconds under emulation.  The version is the one the installed
# linux-headers-amd64 names.  The package is unpacked (not installed: the
# host's boot set-up is not ours to change) and its module index built,
# into a temporary directory renamed into place only when complete.
set -eu

cache_root=${OMT_KERNEL_CACHE:-/var/cache/omt-test-kernel}
headers=$(ls -d /usr/src/linux-headers-*-amd64 2>/dev/null | sort -V | tail -n 1)
if [ -z "$headers" ]; then
	echo "debian-kernel.sh: no /usr/src/linux-headers-*-amd64 (install linux-headers-amd64)" >&2
	exit 1
fi
version=${headers#/usr/src/linux-headers-}
final=$cache_root/debian-$version
if [ -f "$final/vmlinuz" ]; then
	echo "$final"
	exit 0
fi

mkdir -p "$cache_root"
exec 9>"$cache_root/.lock-debian"
flock 9
if [ -f "$final/vmlinuz" ]; then
	echo "$final"
	exit 0
fi
work=$(mktemp -d "$cache_root/.debian-$version.XXXXXX")
trap 'rm -rf "$work"' EXIT
# apt's download user must be able to write there.
chmod 755 "$work"
if ! (cd "$work" && apt-get download -q "linux-image-$version" >download.log 2>&1); then
	echo "debian-kernel.sh: could not fetch linux-image-$version: $(tail -n 1 "$work/download.log")" >&2
	exit 1
fi
dpkg-deb -x "$work"/linux-image-"$version"_*.deb "$work/root"
depmod -b "$work/root" "$version"
cp "$work/root/boot/vmlinuz-$version" "$work/root/vmlinuz"
echo "$version" >"$work/root/version"
mv "$work/root" "$final"
echo "$final"
