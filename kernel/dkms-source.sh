#!/bin/sh
# Lay out the DKMS source tree of omt_table.
#
#   kernel/dkms-source.sh [DESTDIR]   -> DESTDIR/usr/src/omt_table-<version>/
#
# The module's files, dkms.conf, and the uapi header it shares with omtd
# under include/uapi/ (the Kbuild file looks there).
set -eu
top=$(cd "$(dirname "$0")/.." && pwd)
version=$(sed -n 's/^PACKAGE_VERSION="\(.*\)"$/\1/p' "$top/kernel/dkms.conf")
dest=${1:-}/usr/src/omt_table-$version
mkdir -p "$dest/include/uapi"
cp "$top"/kernel/Kbuild "$top"/kernel/Makefile "$top"/kernel/dkms.conf \
	"$top"/kernel/*.c "$top"/kernel/*.h "$dest/"
cp "$top/include/uapi/omt_table.h" "$dest/include/uapi/"
echo "$dest"
