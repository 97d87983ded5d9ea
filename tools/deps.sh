#!/usr/bin/env bash
# Install the Debian packages a target needs, and nothing when they are
# already present.  Usage: tools/deps.sh build|check|bench|demo|fuzz
set -eu

build_pkgs="gcc make pkg-config libmodbus-dev libgpiod-dev gpiod libsystemd-dev
libinih-dev check"
# Running the stack: a private bus, busctl and systemd-analyze; socat
# talks to the simulator's control socket in the demo.
run_pkgs="dbus systemd socat"
# Tests: a Modbus master written by others, a pty bridge, the kernel
# module's headers and the pieces of a qemu test kernel.
test_pkgs="mbpoll socat libglib2.0-bin python3-dbus python3-gi linux-headers-amd64 linux-source-6.1 qemu-system-x86
flex bison bc libelf-dev libssl-dev xz-utils cpio kmod"
# The arm64 guest with a device tree (tests/vm/arm64/): a cross compiler
# and static libc, qemu's arm machines and user emulation, dtc; and
# busybox for arm64 (below).
arm64_pkgs="gcc-aarch64-linux-gnu libc6-dev-arm64-cross qemu-system-arm
qemu-user-static device-tree-compiler"
bench_pkgs="rt-tests stress-ng gnuplot-nox"
# make fuzz: libFuzzer comes with Debian's clang and its runtime.
fuzz_pkgs="clang libclang-rt-14-dev"

case "${1:-build}" in
build) want="$build_pkgs" ;;
demo)  want="$build_pkgs $run_pkgs" ;;
check) want="$build_pkgs $run_pkgs $test_pkgs $arm64_pkgs" ;;
bench) want="$build_pkgs $run_pkgs $test_pkgs $arm64_pkgs $bench_pkgs" ;;
fuzz)  want="$build_pkgs $fuzz_pkgs" ;;
*) echo "deps.sh: unknown set '$1' (build, demo, check, bench, fuzz)" >&2; exit 2 ;;
esac

# The arm64 guest's userland: busybox-static for arm64, unpacked (not
# installed: it would replace the host's busybox) beside the test kernels.
busybox_dir=${OMT_KERNEL_CACHE:-/var/cache/omt-test-kernel}/busybox-arm64
need_busybox=0
case "${1:-build}" in
check|bench) [ -x "$busybox_dir/bin/busybox" ] || need_busybox=1 ;;
esac

missing=""
for p in $want; do
	status=$(dpkg-query -W -f='${Status}' "$p" 2>/dev/null || true)
	case "$status" in
	*" installed") ;;
	*) missing="$missing $p" ;;
	esac
done
[ -z "$missing" ] && [ "$need_busybox" -eq 0 ] && exit 0

if [ "$(id -u)" -ne 0 ]; then
	[ -z "$missing" ] || {
		echo "Missing Debian packages:$missing" >&2
		echo "Install them as root:  apt-get install$missing" >&2
	}
	[ "$need_busybox" -eq 0 ] || {
		echo "Missing the arm64 busybox in $busybox_dir" >&2
		echo "As root: dpkg --add-architecture arm64; apt-get update;" \
			"apt-get download busybox-static:arm64; dpkg-deb -x busybox-static_*_arm64.deb $busybox_dir" >&2
	}
	exit 1
fi
export DEBIAN_FRONTEND=noninteractive
if [ -n "$missing" ]; then
	echo "Installing Debian packages:$missing"
	# A fresh machine has no package lists yet; refresh once.
	apt-get update -q >/dev/null
	# shellcheck disable=SC2086
	apt-get install -y -q --no-install-recommends $missing >/dev/null
fi
if [ "$need_busybox" -eq 0 ]; then
	exit 0
fi
echo "Fetching busybox-static for arm64 into $busybox_dir"
# apt lists arm64 packages only once the architecture is known to dpkg.
if ! dpkg --print-foreign-architectures | grep -qx arm64; then
	dpkg --add-architecture arm64
	apt-get update -q >/dev/null
fi
fetch=$(mktemp -d)
trap 'rm -rf "$fetch"' EXIT
# apt's download user must be able to write there.
chmod 755 "$fetch"
(cd "$fetch" && apt-get download -q busybox-static:arm64 >/dev/null 2>&1) || {
	apt-get update -q >/dev/null
	(cd "$fetch" && apt-get download -q busybox-static:arm64 >/dev/null)
}
dpkg-deb -x "$fetch"/busybox-static_*_arm64.deb "$fetch/root"
# Into place in one step, so that a half-unpacked tree is never used.
mkdir -p "$(dirname "$busybox_dir")"
rm -rf "$busybox_dir.new"
mv "$fetch/root" "$busybox_dir.new"
rm -rf "$busybox_dir"
mv "$busybox_dir.new" "$busybox_dir"
