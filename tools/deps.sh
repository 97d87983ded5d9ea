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
bench_pkgs="rt-tests stress-ng gnuplot-nox"
# make fuzz: clang with libFuzzer and its sanitizer runtimes.
fuzz_pkgs="clang libclang-rt-14-dev"

case "${1:-build}" in
build) want="$build_pkgs" ;;
demo)  want="$build_pkgs $run_pkgs" ;;
check) want="$build_pkgs $run_pkgs $test_pkgs" ;;
bench) want="$build_pkgs $run_pkgs $test_pkgs $bench_pkgs" ;;
fuzz)  want="$build_pkgs $fuzz_pkgs" ;;
*) echo "deps.sh: unknown set '$1' (build, demo, check, bench, fuzz)" >&2; exit 2 ;;
esac

missing=""
for p in $want; do
	status=$(dpkg-query -W -f='${Status}' "$p" 2>/dev/null || true)
	case "$status" in
	*" installed") ;;
	*) missing="$missing $p" ;;
	esac
done
[ -z "$missing" ] && exit 0

if [ "$(id -u)" -ne 0 ]; then
	echo "Missing Debian packages:$missing" >&2
	echo "Install them as root:  apt-get install$missing" >&2
	exit 1
fi
echo "Installing Debian packages:$missing"
export DEBIAN_FRONTEND=noninteractive
# A fresh machine has no package lists yet; refresh once.
apt-get update -q >/dev/null
# shellcheck disable=SC2086
apt-get install -y -q --no-install-recommends $missing >/dev/null
