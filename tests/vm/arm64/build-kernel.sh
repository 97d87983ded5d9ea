#!/usr/bin/env bash
# Build (once) the arm64 qemu test kernel and print its cache directory.
#
#   tests/vm/arm64/build-kernel.sh   -> e.g. /var/cache/omt-test-kernel/arm64-<key>
#
# The arm64 counterpart of tests/vm/build-kernel.sh, with the same scheme:
# Debian's linux-source-6.1 tarball, here arm64 tinyconfig plus
# tests/vm/arm64/kernel.config, cross-built with aarch64-linux-gnu-gcc.
# The cache key is the sha256 of the fragment, this script and the
# tarball's name; the cache root and its lock are shared with the x86
# kernel, so the two never build at once on a machine's few cores.  The
# result directory holds Image and the built source tree (for
# make -C <dir>/src ARCH=arm64 CROSS_COMPILE=aarch64-linux-gnu- M=...).
# The build runs in a temporary directory renamed into place only when
# complete; its output goes to a log file beside it.
set -eu

here=$(cd "$(dirname "$0")" && pwd)
tarball=${OMT_KERNEL_SOURCE:-$(ls /usr/src/linux-source-6.1.tar.xz 2>/dev/null || true)}
cache_root=${OMT_KERNEL_CACHE:-/var/cache/omt-test-kernel}
cross=aarch64-linux-gnu-

if [ -z "$tarball" ] || [ ! -r "$tarball" ]; then
	echo "arm64/build-kernel.sh: no kernel source tarball (install linux-source-6.1)" >&2
	exit 1
fi
if ! command -v "${cross}gcc" >/dev/null; then
	echo "arm64/build-kernel.sh: no ${cross}gcc (install gcc-aarch64-linux-gnu)" >&2
	exit 1
fi

key=$( (cat "$here/kernel.config" "$here/build-kernel.sh"; basename "$tarball") |
	sha256sum | cut -c1-16)
final="$cache_root/arm64-$key"
if [ -f "$final/Image" ]; then
	echo "$final"
	exit 0
fi

mkdir -p "$cache_root"
# One builder at a time, whatever the architecture; a second caller
# waits and then finds the result.
exec 9>"$cache_root/.lock"
flock 9
if [ -f "$final/Image" ]; then
	echo "$final"
	exit 0
fi

# Holding the lock, any leftover build directory is from a builder that
# died; it is never reused.
rm -rf "$cache_root"/.build-*
work="$cache_root/.build-arm64-$key-$$"
log="$cache_root/build-arm64-$key.log"
mkdir -p "$work"
trap 'rm -rf "$work"' EXIT
trap 'exit 130' INT TERM
echo "arm64/build-kernel.sh: building the arm64 test kernel (log: $log)" >&2

kmake() { make ARCH=arm64 CROSS_COMPILE="$cross" "$@"; }
# The steps run in a subshell outside any condition, so that set -e
# stops at the first failing one.
set +e
(
	set -e
	tar -C "$work" -xf "$tarball"
	mv "$work"/linux-source-* "$work/src"
	cd "$work/src"
	kmake tinyconfig
	KCONFIG_CONFIG=.config scripts/kconfig/merge_config.sh -m .config \
		"$here/kernel.config"
	kmake olddefconfig
	# Every option of the fragment must have taken effect: a Kconfig
	# dependency miss would otherwise give, say, a kernel without gpio-sim.
	grep -E '^CONFIG_[A-Z0-9_]+=' "$here/kernel.config" | while read -r line; do
		grep -qxF "$line" .config ||
			{ echo "option not in the built config: $line"; exit 1; }
	done
	kmake -j"$(nproc)" Image modules
	cp arch/arm64/boot/Image "$work/Image"
) >"$log" 2>&1
rc=$?
set -e
if [ "$rc" -ne 0 ]; then
	echo "arm64/build-kernel.sh: kernel build failed; see $log" >&2
	exit 1
fi

mv "$work" "$final"
trap - EXIT
echo "$final"
