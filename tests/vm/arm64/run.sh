#!/usr/bin/env bash
# The kernel tests in an arm64 qemu guest with a device tree.
#
#   tests/vm/arm64/run.sh [BUILD_DIR]
#
# A table's controller is usually an ARM board whose device tree wires
# the interlock; this run takes that path.  It builds (once, cached like
# the x86 one) the arm64 test kernel, cross-builds omt_table.ko against it
# and the in-guest test programs (static), packs them with busybox and
# the guest scripts into an initramfs, and boots qemu-system-aarch64
# ("virt", cortex-a53, TCG) twice, each time with qemu's own tree plus
# the table board: once as board.dtsi + refusals.dtsi, once with
# active-low.dtsi on top (tests/vm/arm64/guest-dt.sh lists the cases).
# Reports the guests' "ok - TREE: NAME" / "not ok - TREE: NAME" lines and
# "N passed, N failed"; exits 0 only when every test passed.  Build
# output goes to log files in BUILD_DIR/vm-arm64/.
set -u
# Run from make, make's command-line variables would reach the kernel's
# make through the environment (O= there means its output directory).
unset MAKEFLAGS MFLAGS MAKELEVEL MAKEOVERRIDES
here=$(cd "$(dirname "$0")" && pwd)
top=$(cd "$here/../../.." && pwd)
build=${1:-build}
case "$build" in /*) ;; *) build=$top/$build ;; esac
out=$build/vm-arm64
mkdir -p "$out"
cross=aarch64-linux-gnu-
cache_root=${OMT_KERNEL_CACHE:-/var/cache/omt-test-kernel}
busybox=${OMT_ARM64_BUSYBOX:-$cache_root/busybox-arm64/bin/busybox}

# shellcheck source=tests/lib/check.bash
. "$top/tests/lib/check.bash"
finish() {
	echo "$check_passes passed, $check_failures failed"
	[ "$check_failures" -eq 0 ] && [ "$check_passes" -gt 0 ]
	exit $?
}

if ! kdir=$("$here/build-kernel.sh" 2>"$out/kernel-build.err"); then
	not_ok vm-arm64-test-kernel "$(tail -n 1 "$out/kernel-build.err")"
	finish
fi
if [ ! -x "$busybox" ]; then
	not_ok vm-arm64-busybox "no arm64 busybox at $busybox (tools/deps.sh check fetches it)"
	finish
fi

# The module, built from a copy so the checkout stays clean.
mod=$out/module
rm -rf "$mod"
mkdir -p "$mod/include/uapi"
cp "$top"/kernel/Kbuild "$top"/kernel/*.c "$top"/kernel/*.h "$mod/"
cp "$top/include/uapi/omt_table.h" "$mod/include/uapi/"
if ! make -C "$kdir/src" ARCH=arm64 CROSS_COMPILE="$cross" M="$mod" modules \
	>"$out/module-build.log" 2>&1; then
	not_ok vm-arm64-module-build "see $out/module-build.log"
	finish
fi

# The guest's programs: static, so the initramfs needs no arm64 libc.
guest=$out/guest
rm -rf "$guest"
mkdir -p "$guest"
for prog in "$top/tests/vm/omt_table_test.c" "$here/omt_table_dt_test.c"; do
	name=$(basename "$prog" .c)
	if ! "${cross}gcc" -static -std=gnu11 -O2 -Wall -Wextra -Werror \
		-I"$top/include" -o "$guest/$name" "$prog" >"$out/$name-build.log" 2>&1; then
		not_ok "vm-arm64-$name-build" "see $out/$name-build.log"
		finish
	fi
done
cp "$mod/omt_table.ko" "$guest/"

# The initramfs, listed for the kernel tree's gen_init_cpio, so that no
# root rights are needed for /dev/console.  /omt holds the programs and
# the module; the scripts keep their places in the checkout under
# /omt/tests, since they find each other by relative path.
scripts="tests/lib/check.bash tests/vm/guest-tests.sh tests/vm/arm64/guest-dt.sh"
{
	for d in /bin /dev /proc /sys /tmp /results /omt /omt/tests /omt/tests/lib \
		/omt/tests/vm /omt/tests/vm/arm64; do
		echo "dir $d 755 0 0"
	done
	echo "nod /dev/console 600 0 0 c 5 1"
	echo "file /bin/busybox $busybox 755 0 0"
	echo "file /init $here/init 755 0 0"
	for f in "$guest"/*; do
		echo "file /omt/$(basename "$f") $f 755 0 0"
	done
	for f in $scripts; do
		echo "file /omt/$f $top/$f 755 0 0"
	done
} >"$out/initramfs.list"
if ! "$kdir/src/usr/gen_init_cpio" "$out/initramfs.list" >"$out/initramfs.cpio" \
	2>"$out/initramfs.log"; then
	not_ok vm-arm64-initramfs "see $out/initramfs.log"
	finish
fi

# qemu's virt tree depends on qemu's version and the machine options, so
# it is dumped with the same options the guest boots with.
machine=(-M virt -cpu cortex-a53 -accel tcg -m 1024 -smp 2)
if ! qemu-system-aarch64 "${machine[@]}" -machine dumpdtb="$out/virt.dtb" -nographic \
	>"$out/dtb.log" 2>&1 ||
	! dtc -q -I dtb -O dts -o "$out/virt.dts" "$out/virt.dtb" 2>>"$out/dtb.log"; then
	not_ok vm-arm64-virt-tree "see $out/dtb.log"
	finish
fi
make_tree() { # name dtsi...
	local name=$1 dtsi
	shift
	{
		cat "$out/virt.dts"
		for dtsi in "$@"; do echo "/include/ \"$dtsi\""; done
	} >"$out/$name.dts"
	dtc -q -i "$here" -I dts -O dtb -o "$out/$name.dtb" "$out/$name.dts" 2>>"$out/dtb.log"
}
if ! make_tree board board.dtsi refusals.dtsi ||
	! make_tree active-low board.dtsi active-low.dtsi; then
	not_ok vm-arm64-board-trees "see $out/dtb.log"
	finish
fi

vm_timeout=${OMT_VM_TIMEOUT:-600}
# The guest stops its script a minute before qemu is killed, so that a
# hang still leaves output, kernel log and status behind.
guest_timeout=$((vm_timeout > 120 ? vm_timeout - 60 : vm_timeout / 2))
for tree in board active-low; do
	results=$out/results-$tree
	rm -rf "$results"
	mkdir -p "$results"
	started=$(date +%s)
	timeout --kill-after=10 "$vm_timeout" \
		qemu-system-aarch64 "${machine[@]}" -nographic -no-reboot \
		-kernel "$kdir/Image" -initrd "$out/initramfs.cpio" -dtb "$out/$tree.dtb" \
		-fsdev local,id=results,path="$results",security_model=none \
		-device virtio-9p-device,fsdev=results,mount_tag=results \
		-append "console=ttyAMA0 rdinit=/init panic=-1 OMT_GUEST_TREE=$tree OMT_GUEST_TIMEOUT=$guest_timeout" \
		</dev/null >"$results/console.log" 2>&1
	echo "# $tree: guest ran $(($(date +%s) - started)) s"
	touch "$results/output.txt"
	while IFS= read -r line; do
		case "$line" in
		"ok - "*) ok "$tree: ${line#ok - }" ;;
		"not ok - "*) not_ok "$tree: ${line#not ok - }" ;;
		"#"*) echo "$line" ;;
		esac
	done <"$results/output.txt"
	if [ ! -f "$results/status" ]; then
		not_ok "$tree: vm-guest-ran" "the guest did not finish; see $results/console.log"
		tail -n 20 "$results/console.log" | sed 's/^/# /'
		continue
	fi
	# A guest script that stopped early has failed even without a
	# not-ok line.
	status=$(cat "$results/status")
	if [ "$status" != 0 ] && [ "$check_failures" -eq 0 ]; then
		not_ok "$tree: vm-guest-script" "exit status $status; see $results/output.txt"
	fi
done
finish
