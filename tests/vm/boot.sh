#!/usr/bin/env bash
# Boot the test kernel once, run one script in the guest, collect results.
#
#   tests/vm/boot.sh KERNEL_DIR RESULTS_DIR GUEST_SCRIPT [ARG...]
#
# The host root is the guest root (read-only 9p), so the guest runs the
# host's programs and the module built on the host.  RESULTS_DIR is shared
# writable; the guest leaves output.txt, status and dmesg.txt there.  The
# console goes to RESULTS_DIR/console.log.  Arguments must not contain
# spaces or colons (they travel on the kernel command line).
#
# Emulation (TCG) with KASAN and lockdep is slow; three boot options keep
# it bearable: a larger 9p message size and page caching of the read-only
# root (every program the guest runs is read over 9p), and acpi=off,
# since interpreting the ACPI tables under emulation takes most of a
# minute and the guest needs none of them (the guest ends with a reboot,
# which -no-reboot turns into qemu's exit).  "-cpu max" gives the
# emulated CPU RDRAND, so the kernel's random pool is ready at boot and
# programs that ask for random bytes (dbus-daemon) do not block; its
# 5-level paging (la57) is turned off: with LA57, this KASAN kernel
# could report a wild access from an interrupt that arrived while
# identify_cpu() had cleared the CPU feature bits (the shadow-address
# check reads the LA57 bit), failing the run's kernel-log check.  With ACPI
# off there is no HPET or PM timer, and the kernel's watchdog distrusts the
# emulated TSC, leaving a jiffies clock: every timestamp (the module's
# e-stop latency among them) would be rounded to a millisecond.  The TSC
# is declared reliable instead, and its rate given (tsc_early_khz=, the
# host's: under TCG the guest reads the host's TSC): the kernel otherwise
# measures it against the emulated PIT, and on a loaded host that failed
# ("Fast TSC calibration failed", "Unable to calibrate against PIT"): the
# TSC was marked unstable, the clock fell back to jiffies, and the boot
# hung at "Running RCU-tasks wait API self tests" until the run's time
# limit.
set -eu
kdir=$1 results=$2 script=$3
shift 3
here=$(cd "$(dirname "$0")" && pwd)
args=$(IFS=:; echo "$*")
mkdir -p "$results"
rm -f "$results/output.txt" "$results/status" "$results/dmesg.txt"

gcc -std=gnu11 -O2 -Wall -Wextra -Werror -o "$results/tsc_khz" "$here/tsc_khz.c"
tsc_khz=$("$results/tsc_khz")

# The omtd part alone takes minutes under emulation, the race tests too.
vm_timeout=${OMT_VM_TIMEOUT:-1500}
# The guest stops its script a minute before qemu is killed, so that a
# hang still leaves output, kernel log and status behind.
guest_timeout=$((vm_timeout > 120 ? vm_timeout - 60 : vm_timeout / 2))

timeout --kill-after=10 "$vm_timeout" \
	qemu-system-x86_64 -accel tcg -cpu max,la57=off -m 1024 -smp 2 -nographic -no-reboot \
	-kernel "$kdir/bzImage" \
	-fsdev local,id=root,path=/,readonly=on,security_model=none,multidevs=remap \
	-device virtio-9p-pci,fsdev=root,mount_tag=root \
	-fsdev local,id=results,path="$results",security_model=none,multidevs=remap \
	-device virtio-9p-pci,fsdev=results,mount_tag=results \
	-append "root=/dev/root rootfstype=9p rootflags=trans=virtio,version=9p2000.L,msize=262144,cache=loose ro console=ttyS0 acpi=off tsc=reliable tsc_early_khz=$tsc_khz clocksource=tsc random.trust_cpu=on panic=-1 init=$here/guest-init.sh OMT_GUEST_TIMEOUT=$guest_timeout OMT_GUEST_SCRIPT=$script OMT_GUEST_ARGS=$args" \
	</dev/null >"$results/console.log" 2>&1
