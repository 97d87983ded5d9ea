#!/usr/bin/env bash
# The daemon's layer rules, checked on the sources and on the core library.
#
#   tools/check-layers.sh includes [TOP]
#       Every #include "..." in daemon/ must stay inside its own layer or
#       name the one seam header of a layer below it; the core includes no
#       header beyond the C library's pure ones.  Layers, their order and
#       seams are read from daemon/build.mk.
#   tools/check-layers.sh core-symbols CORE_LIB COMMON_LIB
#       The core library may call only itself, common/'s pure helpers and
#       the allow-list below: no clock, no allocation, no I/O.
#   tools/check-layers.sh calls BUILD_DIR [TOP]
#       No layer's library calls a function defined in a layer above it
#       (BUILD_DIR/daemon/libomt-LAYER.a), whatever it includes.
#
# Each violation is one line naming the file (or symbol) and the rule; the
# exit status is 1 when there is any.
set -u

# C library functions the core may call.  Anything else (malloc, free,
# clock_gettime, printf, fopen, read, pthread_*, libmodbus, sd_*) is
# refused.  snprintf/vsnprintf only format into the caller's fixed buffers.
CORE_SYMBOLS_OK="memcpy memmove memset memcmp strcmp strncmp strlen strnlen
	snprintf vsnprintf
	sqrt fabs fmin fmax floor ceil round lround trunc fmod pow cbrt exp log
	sin cos atan2 hypot copysign isnan isinf isfinite"
# Headers the core may include from outside the project.
CORE_HEADERS_OK="float.h inttypes.h limits.h math.h stdarg.h stdbool.h
	stddef.h stdint.h stdio.h string.h"

fail=0
violation() { echo "$*"; fail=1; }

in_list() { # word list...
	local w=$1; shift
	for x in $*; do [ "$x" = "$w" ] && return 0; done
	return 1
}

check_includes() {
	local top=$1 mk=$1/daemon/build.mk
	local layers seams=() l i
	layers=$(sed -n 's/^DAEMON_LAYERS *:= *//p' "$mk")
	[ -n "$layers" ] || { violation "$mk: no DAEMON_LAYERS"; return; }
	local -a order=($layers main)
	declare -A rank seam
	i=0
	for l in "${order[@]}"; do
		rank[$l]=$i
		i=$((i + 1))
		seam[$l]=$(sed -n "s/^DAEMON_SEAM_$l *:= *//p" "$mk")
	done

	local f layer inc owner where
	while IFS= read -r f; do
		case "$f" in
		daemon/*/*) layer=${f#daemon/}; layer=${layer%%/*} ;;
		daemon/main.c) layer=main ;;
		*) layer=base ;;      # logging, beside main.c
		esac
		[ -n "${rank[$layer]+x}" ] || [ "$layer" = base ] ||
			{ violation "$f: daemon/$layer/ is not a layer in daemon/build.mk (DAEMON_LAYERS)"; continue; }
		while IFS= read -r inc; do
			if [ -e "$top/daemon/$layer/$inc" ] && [ "$layer" != main ]; then
				continue                       # its own layer
			fi
			owner=
			for l in "${order[@]}"; do
				[ "$l" = main ] && continue
				[ -e "$top/daemon/$l/$inc" ] && owner=$l && break
			done
			if [ -z "$owner" ]; then
				if [ -e "$top/daemon/$inc" ]; then
					[ "$layer" = core ] &&
						violation "$f: includes $inc: the core logs nothing and sees nothing of daemon/ (rule: core is pure)"
					continue
				fi
				[ -e "$top/common/$inc" ] || [ -e "$top/include/$inc" ] ||
					violation "$f: includes $inc, found in no layer, common/ or include/"
				continue
			fi
			if [ "$layer" = base ]; then
				violation "$f: includes $owner/$inc: logging lies below every layer but the core (rule: no include goes up)"
			elif [ "${rank[$owner]}" -gt "${rank[$layer]}" ]; then
				violation "$f: includes $owner/$inc: $owner lies above $layer (rule: no include goes up)"
			elif [ "$inc" != "${seam[$owner]}" ]; then
				violation "$f: includes $owner/$inc: only $owner's seam ${seam[$owner]} may be included from $layer (rule: no include goes sideways into a layer)"
			fi
		done < <(sed -n 's/^[[:space:]]*#[[:space:]]*include[[:space:]]*"\([^"]*\)".*/\1/p' "$top/$f")
		if [ "$layer" = core ]; then
			while IFS= read -r inc; do
				in_list "$inc" "$CORE_HEADERS_OK" ||
					violation "$f: includes <$inc>: the core includes only the C library's pure headers ($(echo $CORE_HEADERS_OK)) (rule: no library, clock or I/O in the core)"
			done < <(sed -n 's/^[[:space:]]*#[[:space:]]*include[[:space:]]*<\([^>]*\)>.*/\1/p' "$top/$f")
		fi
	done < <(cd "$top" && find daemon -name '*.[ch]' | sort)
}

# Symbols defined by the members of an archive whose own calls are all on
# the allow-list (or in the archive): common/'s pure helpers count, its
# clock (omt_time.o) does not.
pure_definitions() { # archive
	local lib=$1 dir member all
	dir=$(mktemp -d) || return
	lib=$(realpath "$lib") && (cd "$dir" && ar x "$lib")
	all=$(nm -g --defined-only "$dir"/*.o | awk 'NF >= 3 { print $3 }' | sort -u)
	for member in "$dir"/*.o; do
		local bad=0 sym
		while IFS= read -r sym; do
			[ -n "$sym" ] || continue
			grep -qxF "$sym" <<<"$all" && continue
			case "$sym" in __asan_*|__ubsan_*|__sanitizer_*) continue ;; esac
			in_list "$sym" "$CORE_SYMBOLS_OK" || { bad=1; break; }
		done < <(nm -u "$member" | awk 'NF == 2 && $1 == "U" { print $2 }')
		[ "$bad" -eq 0 ] && nm -g --defined-only "$member" | awk 'NF >= 3 { print $3 }'
	done | sort -u
	rm -rf "$dir"
}

check_core_symbols() {
	local core=$1 common=$2 sym own
	[ -f "$core" ] || { violation "$core: no such library (build first)"; return; }
	[ -f "$common" ] || { violation "$common: no such library (build first)"; return; }
	own=$( { nm -g --defined-only "$core" | awk 'NF >= 3 { print $3 }'; pure_definitions "$common"; } | sort -u)
	while IFS= read -r sym; do
		[ -n "$sym" ] || continue
		grep -qxF "$sym" <<<"$own" && continue
		in_list "$sym" "$CORE_SYMBOLS_OK" && continue
		# The sanitizers' instrumentation, not calls of the code's own.
		case "$sym" in __asan_*|__ubsan_*|__sanitizer_*) continue ;; esac
		violation "$core: calls $sym: the core may call only memory, string-formatting and math functions (rule: no clock, no allocation, no I/O in the core)"
	done < <(nm -u "$core" | awk 'NF == 2 && $1 == "U" { print $2 }' | sort -u)
}

check_calls() {
	local build=$1 top=$2 layers l lib sym owner
	layers=$(sed -n 's/^DAEMON_LAYERS *:= *//p' "$top/daemon/build.mk")
	local -a order=($layers)
	declare -A rank defined_by
	local i=0
	for l in "${order[@]}"; do
		rank[$l]=$i
		i=$((i + 1))
		lib=$build/daemon/libomt-$l.a
		[ -f "$lib" ] || { violation "$lib: no such library (build first)"; return; }
		while IFS= read -r sym; do
			defined_by[$sym]=$l
		done < <(nm -g --defined-only "$lib" | awk 'NF >= 3 { print $3 }')
	done
	for l in "${order[@]}"; do
		while IFS= read -r sym; do
			owner=${defined_by[$sym]:-}
			[ -n "$owner" ] && [ "${rank[$owner]}" -gt "${rank[$l]}" ] &&
				violation "libomt-$l.a: calls $sym of $owner, which lies above $l (rule: no call goes up)"
		done < <(nm -u "$build/daemon/libomt-$l.a" | awk 'NF == 2 && $1 == "U" { print $2 }' | sort -u)
	done
}

case "${1:-}" in
includes) check_includes "${2:-.}" ;;
calls)
	[ $# -ge 2 ] || { echo "usage: $0 calls BUILD_DIR [TOP]" >&2; exit 2; }
	check_calls "$2" "${3:-.}" ;;
core-symbols)
	[ $# -eq 3 ] || { echo "usage: $0 core-symbols CORE_LIB COMMON_LIB" >&2; exit 2; }
	check_core_symbols "$2" "$3" ;;
*) echo "usage: $0 includes [TOP] | core-symbols CORE_LIB COMMON_LIB | calls BUILD_DIR [TOP]" >&2; exit 2 ;;
esac
exit $fail
