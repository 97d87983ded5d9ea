#!/usr/bin/env bash
# omt_table.ko builds against Debian's linux-headers-amd64 with W=1 and
# no warning, its vermagic names those headers, and checkpatch.pl (taken
# from Debian's linux-source tarball, cached) has nothing to say about the
# module or its uapi header.  Prints "ok - NAME" / "not ok - NAME".
set -u
# Run from make (make check, make bench), make's command-line variables
# would reach the kernel's make through the environment; O= there means
# the kernel's output directory.
unset MAKEFLAGS MFLAGS MAKELEVEL MAKEOVERRIDES
top=$(cd "$(dirname "$0")/../.." && pwd)
cache_root=${OMT_KERNEL_CACHE:-/var/cache/omt-test-kernel}
tarball=${OMT_KERNEL_SOURCE:-/usr/src/linux-source-6.1.tar.xz}
# shellcheck source=tests/lib/check.bash
. "$top/tests/lib/check.bash"

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

headers=$(ls -d /usr/src/linux-headers-*-amd64 2>/dev/null | sort -V | tail -n 1)
if [ -z "$headers" ]; then
	not_ok kernel-build-w1 "no /usr/src/linux-headers-*-amd64 (install linux-headers-amd64)"
	not_ok kernel-module-vermagic "no headers"
else
	mkdir -p "$tmp/module/include/uapi"
	cp "$top"/kernel/Kbuild "$top"/kernel/*.c "$top"/kernel/*.h "$tmp/module/"
	cp "$top/include/uapi/omt_table.h" "$tmp/module/include/uapi/"
	if make -C "$headers" M="$tmp/module" W=1 modules >"$tmp/build.log" 2>&1; then
		if grep -E 'warning:|error:' "$tmp/build.log" >"$tmp/warnings"; then
			not_ok kernel-build-w1 "$(head -n 1 "$tmp/warnings")"
			sed 's/^/# /' "$tmp/warnings" | head -n 20
		else
			ok kernel-build-w1
		fi
	else
		not_ok kernel-build-w1 "build failed"
		grep -E 'error|warning' "$tmp/build.log" | head -n 20 | sed 's/^/# /'
	fi
	release=$(sed -n 's/^#define UTS_RELEASE "\(.*\)"$/\1/p' \
		"$headers/include/generated/utsrelease.h" 2>/dev/null)
	vermagic=$(/sbin/modinfo -F vermagic "$tmp/module/omt_table.ko" 2>/dev/null)
	if [ -n "$release" ] && [ "${vermagic%% *}" = "$release" ]; then
		ok kernel-module-vermagic
	else
		not_ok kernel-module-vermagic "vermagic '$vermagic', headers '$release'"
	fi
fi

# checkpatch.pl and the data files it reads, extracted once per tarball.
checkpatch_dir() {
	local key dir part
	key=$(basename "$tarball" | sha256sum | cut -c1-12)
	dir=$cache_root/checkpatch-$key
	if [ ! -x "$dir/scripts/checkpatch.pl" ]; then
		mkdir -p "$cache_root" || return 1
		part=$(mktemp -d "$cache_root/.checkpatch-XXXXXX") || return 1
		tar -C "$part" -xf "$tarball" --strip-components=1 --wildcards \
			'*/scripts/checkpatch.pl' '*/scripts/spelling.txt' \
			'*/scripts/const_structs.checkpatch' || { rm -rf "$part"; return 1; }
		# Another run may have finished first; either copy is complete.
		mv -T "$part" "$dir" 2>/dev/null || rm -rf "$part"
	fi
	echo "$dir"
}

if [ ! -r "$tarball" ]; then
	not_ok kernel-checkpatch "no $tarball (install linux-source-6.1)"
elif ! cp_dir=$(checkpatch_dir); then
	not_ok kernel-checkpatch "cannot extract checkpatch.pl from $tarball"
# Relative paths: checkpatch applies the uapi rules by path.
elif (cd "$top" && perl "$cp_dir/scripts/checkpatch.pl" --no-tree --strict \
	--quiet --show-types -f kernel/*.c kernel/*.h include/uapi/omt_table.h) \
	>"$tmp/checkpatch.log" 2>&1 &&
	[ ! -s "$tmp/checkpatch.log" ]; then
	ok kernel-checkpatch
else
	not_ok kernel-checkpatch "$(grep -m 1 -E '^(WARNING|ERROR|CHECK)' "$tmp/checkpatch.log")"
	sed 's/^/# /' "$tmp/checkpatch.log" | head -n 30
fi
[ "$check_failures" -eq 0 ]
