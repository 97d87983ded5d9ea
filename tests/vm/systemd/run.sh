#!/usr/bin/env bash
# The installed omtd.service, run by systemd as PID 1 in a qemu guest.
#
#   tests/vm/systemd/run.sh [BUILD_DIR]
#
# The guest boots Debian's kernel (tests/vm/debian-kernel.sh) with the
# host's root read-only over 9p under a tmpfs layer (overlayfs), so that
# `make install DESTDIR=` really installs into /usr and /etc there without
# touching the host.  Its systemd runs guest-unit.sh as a service, which
# installs, creates users and state as the package would, starts
# omtd.service against omt-sim, and drives the table as users of each
# group (see guest-unit.sh).  Prints the guest's "ok - NAME" /
# "not ok - NAME" lines, then "N passed, N failed"; exits 0 only when every
# check passed.  Logs in BUILD_DIR/vm-systemd/ (console.log, journal.txt).
#
# Under heavy host load an emulated guest can stall in early boot before
# its kernel reaches the initramfs.  The boot is therefore watched: a guest
# that has not reached its second stage within OMT_VM_BOOT_DEADLINE
# seconds (180) is stopped and booted once more (nothing of the project has
# run yet); a second such stall fails with the host's load in the message.
# The whole guest is bounded by OMT_VM_SYSTEMD_TIMEOUT seconds (900).
set -u
unset MAKEFLAGS MFLAGS MAKELEVEL MAKEOVERRIDES
top=$(cd "$(dirname "$0")/../../.." && pwd)
build=${1:-build}
case "$build" in /*) ;; *) build=$top/$build ;; esac
out=$build/vm-systemd
mkdir -p "$out"

# shellcheck source=tests/lib/check.bash
. "$top/tests/lib/check.bash"
finish() {
	echo "$check_passes passed, $check_failures failed"
	[ "$check_failures" -eq 0 ] && [ "$check_passes" -gt 0 ]
	exit $?
}

for program in omtd omtctl omt-sim; do
	if [ ! -x "$build/$program" ]; then
		not_ok vm-systemd-build "$build/$program is not built"
		finish
	fi
done

if ! kdir=$("$top/tests/vm/debian-kernel.sh" 2>"$out/kernel.err"); then
	not_ok vm-systemd-kernel "$(tail -n 1 "$out/kernel.err")"
	finish
fi
version=$(cat "$kdir/version")

# The initramfs: the static first stage and the modules it loads, in the
# order their dependencies need.
initramfs=$out/initramfs
rm -rf "$initramfs"
mkdir -p "$initramfs/modules"
if ! gcc -std=gnu11 -static -O2 -Wall -Wextra -Werror -o "$initramfs/init" \
	"$top/tests/vm/systemd/initramfs-init.c" >"$out/init-build.log" 2>&1; then
	not_ok vm-systemd-initramfs "see $out/init-build.log"
	finish
fi
for module in virtio_pci 9pnet_virtio 9p overlay; do
	modprobe -d "$kdir" -S "$version" --show-depends "$module" || echo "missing $module"
done >"$out/modules.dep" 2>&1
if grep -qv '^insmod ' "$out/modules.dep"; then
	not_ok vm-systemd-initramfs "modules: $(grep -v '^insmod ' "$out/modules.dep" | head -n 1)"
	finish
fi
awk '!seen[$2]++ { print $2 }' "$out/modules.dep" | while read -r ko; do
	cp "$ko" "$initramfs/modules/"
	echo "/modules/$(basename "$ko")"
done >"$initramfs/modules.list"
(cd "$initramfs" && find . | cpio -o -H newc --quiet | gzip -1) >"$out/initramfs.cpio.gz"

results=$out/results
# The host's TSC rate, given to the guest rather than measured against
# the emulated PIT, which a loaded host can upset (tests/vm/boot.sh).
gcc -std=gnu11 -O2 -Wall -Wextra -Werror -o "$out/tsc_khz" "$top/tests/vm/tsc_khz.c"
tsc_khz=$("$out/tsc_khz")
vm_timeout=${OMT_VM_SYSTEMD_TIMEOUT:-900}
boot_deadline=${OMT_VM_BOOT_DEADLINE:-180}
# The check stops itself a minute before qemu is killed, so that a hang
# still leaves its output and the journal behind.
guest_timeout=$((vm_timeout > 120 ? vm_timeout - 60 : vm_timeout / 2))

boot() { # -> 0 ran to the end, 1 timed out, 2 stalled before the second stage
	local qemu_pid start waited=0
	mkdir -p "$results"
	rm -f "$results"/*
	start=$(date +%s)
	timeout --kill-after=10 "$vm_timeout" \
		qemu-system-x86_64 -accel tcg -cpu max,la57=off -m 1024 -smp 2 \
		-nographic -no-reboot \
		-kernel "$kdir/vmlinuz" -initrd "$out/initramfs.cpio.gz" \
		-fsdev local,id=root,path=/,readonly=on,security_model=none,multidevs=remap \
		-device virtio-9p-pci,fsdev=root,mount_tag=root \
		-fsdev local,id=results,path="$results",security_model=none,multidevs=remap \
		-device virtio-9p-pci,fsdev=results,mount_tag=results \
		-append "console=ttyS0 acpi=off tsc=reliable tsc_early_khz=$tsc_khz clocksource=tsc random.trust_cpu=on panic=-1 rdinit=/init OMT_STAGE2=$top/tests/vm/systemd/guest-boot.sh OMT_KDIR=$kdir OMT_CHECK=$top/tests/vm/systemd/guest-unit.sh OMT_GUEST_ARGS=$top:$build OMT_GUEST_TIMEOUT=$guest_timeout" \
		</dev/null >"$out/console.log" 2>&1 &
	qemu_pid=$!
	while kill -0 "$qemu_pid" 2>/dev/null; do
		if [ "$waited" -ge 0 ] && grep -q 'omt-guest: second stage' "$out/console.log"; then
			waited=-1
		elif [ "$waited" -ge "$boot_deadline" ]; then
			kill -TERM "$qemu_pid" 2>/dev/null
			wait "$qemu_pid" 2>/dev/null
			return 2
		fi
		sleep 1
		[ "$waited" -ge 0 ] && waited=$((waited + 1))
	done
	wait "$qemu_pid"
	echo "# guest: $(($(date +%s) - start)) s from boot to power-off"
	[ -f "$results/status" ] || return 1
	return 0
}

boot
rc=$?
if [ "$rc" -eq 2 ]; then
	echo "# the guest stalled before its second stage (load $(cut -d' ' -f1-3 /proc/loadavg)); booting once more"
	cp "$out/console.log" "$out/console-stalled.log"
	boot
	rc=$?
fi
if [ "$rc" -eq 2 ]; then
	not_ok vm-systemd-boot "the guest's kernel did not reach its second stage within ${boot_deadline} s, twice (host load $(cut -d' ' -f1-3 /proc/loadavg); emulated guests stall under heavy load); see $out/console.log"
	tail -n 5 "$out/console.log" | sed 's/^/# /'
	finish
fi

touch "$results/output.txt"
cp "$results/journal.txt" "$out/journal.txt" 2>/dev/null
while IFS= read -r line; do
	case "$line" in
	"ok - "*) ok "${line#ok - }" ;;
	"not ok - "*) not_ok "${line#not ok - }" ;;
	"#"*) echo "$line" ;;
	esac
done <"$results/output.txt"
if [ "$rc" -ne 0 ]; then
	not_ok vm-systemd-guest-ran "the guest did not finish within ${vm_timeout} s; see $out/console.log"
	tail -n 20 "$out/console.log" | sed 's/^/# /'
	finish
fi
status=$(cat "$results/status")
if [ "$status" != 0 ] && [ "$check_failures" -eq 0 ]; then
	not_ok vm-systemd-guest-script "exit status $status; see $results/output.txt and $out/journal.txt"
fi
finish
