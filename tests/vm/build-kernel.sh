#!/usr/bin/env bash
# Build (once) the qemu test kernel and print its cache directory.
#
#   tests/vm/build-kernel.sh        -> prints e.g. /var/cache/omt-test-kernel/<key>
#
# The kernel comes from Debian's linux-source-6.1 tarball: x86_64 defconfig
# plus tests/vm/kernel.config.  The cache key is the sha256 of the fragment,
# this script and the tarball's name, so editing either rebuilds.  The
# result directory holds bzImage and the built source tree, which external
# modules are compiled against (make -C <dir>/src M=...).  Building happens
# in a temporary directory renamed into place only when complete, so an
# interrupted build never leaves a cache entry that looks valid.  The build
# output goes to a log file; only the path (or an error) is printed.
set -eu

here=$(cd "$(dirname "$0")" && pwd)
tarball=${OMT_KERNEL_SOURCE:-$(ls /usr/src/linux-source-6.1.tar.xz 2>/dev/null || true)}
cache_root=${OMT_KERNEL_CACHE:-/var/cache/omt-test-kernel}

if [ -z "$tarball" ] || [ ! -r "$tarball" ]; then
	echo "build-kernel.sh: no kernel source tarball (install linux-source-6.1)" >&2
	exit 1
fi

key=$( (cat "$here/kernel.config" "$here/build-kernel.sh"; basename "$tarball") |
	sha256sum | cut -c1-16)
final="$cache_root/$key"
if [ -f "$final/bzImage" ]; then
	echo "$final"
	exit 0
fi

mkdir -p "$cache_root"
# One builder at a time; a second caller waits and then finds the result.
exec 9>"$cache_root/.lock"
flock 9
if [ -f "$final/bzImage" ]; then
	echo "$final"
	exit 0
fi

# Holding the lock, any leftover build directory is from a builder that
# died; it is never reused.
rm -rf "$cache_root"/.build-*
work="$cache_root/.build-$key-$$"
log="$cache_root/build-$key.log"
mkdir -p "$work"
trap 'rm -rf "$work"' EXIT
trap 'exit 130' INT TERM
echo "build-kernel.sh: building the test kernel (log: $log)" >&2

# The steps run in a subshell outside any condition, so that set -e
# stops at the first failing one.
set +e
(
	set -e
	tar -C "$work" -xf "$tarball"
	mv "$work"/linux-source-* "$work/src"
	cd "$work/src"
	make ARCH=x86_64 defconfig
	KCONFIG_CONFIG=.config scripts/kconfig/merge_config.sh -m .config \
		"$here/kernel.config"
	make ARCH=x86_64 olddefconfig
	# Every option of the fragment must have taken effect: a Kconfig
	# dependency miss would otherwise give, say, a kernel without gpio-sim.
	grep -E '^CONFIG_[A-Z0-9_]+=' "$here/kernel.config" | while read -r line; do
		grep -qxF "$line" .config ||
			{ echo "option not in the built config: $line"; exit 1; }
	done
	make ARCH=x86_64 -j"$(nproc)" bzImage modules
	# Only bzImage and what external module builds need are used, but the
	# tree is kept whole: Kbuild finds its scripts and headers in it.
	cp arch/x86/boot/bzImage "$work/bzImage"
) >"$log" 2>&1
rc=$?
set -e
if [ "$rc" -ne 0 ]; then
	echo "build-kernel.sh: kernel build failed; see $log" >&2
	exit 1
fi

mv "$work" "$final"
trap - EXIT
echo "$final"
