#!/bin/bash
# PID 1 of the qemu test guest (tests/vm/run.sh passes it as init=).
#
# The root is the host's, read-only over 9p; everything the guest writes
# goes to tmpfs or to the writable "results" share.  The kernel hands the
# unknown key=value boot parameters OMT_GUEST_SCRIPT and OMT_GUEST_ARGS
# to this script as environment variables: the script to run and its
# arguments (a colon-separated list, since the command line has no quoting).
# Its output lands in results/output.txt; then the guest reboots, which
# qemu's -no-reboot turns into an exit.
export PATH=/usr/sbin:/usr/bin:/sbin:/bin

mount -t proc proc /proc
mount -t sysfs sysfs /sys
mountpoint -q /dev || mount -t devtmpfs devtmpfs /dev
ln -s /proc/self/fd /dev/fd
mount -t tmpfs tmpfs /run
mount -t configfs configfs /sys/kernel/config

# The checkout and its build may live under the host's /tmp (a CI clone
# does), which the guest's tmpfs is about to cover: keep the host's /tmp
# reachable, and put back each top-level directory of it that the script
# or its arguments name (read-only, as the rest of the root).
IFS=: read -r -a args <<<"${OMT_GUEST_ARGS:-}"
mkdir -p /run/host-tmp
mount --bind /tmp /run/host-tmp
mount -t tmpfs tmpfs /tmp
for path in "${OMT_GUEST_SCRIPT:-}" "${args[@]}"; do
	case "$path" in /tmp/?*) ;; *) continue ;; esac
	top=${path#/tmp/}
	top=${top%%/*}
	[ -d "/run/host-tmp/$top" ] && ! mountpoint -q "/tmp/$top" || continue
	mkdir -p "/tmp/$top"
	mount --bind "/run/host-tmp/$top" "/tmp/$top"
done
mkdir -p /tmp/results
mount -t 9p -o trans=virtio,version=9p2000.L,access=any results /tmp/results

if [ -x "${OMT_GUEST_SCRIPT:-}" ]; then
	# A hung script still leaves its output, the log and an exit status.
	timeout -k 5 "${OMT_GUEST_TIMEOUT:-400}" "$OMT_GUEST_SCRIPT" "${args[@]}" \
		>/tmp/results/output.txt 2>&1
	echo "$?" >/tmp/results/status
else
	echo "guest-init: no guest script '${OMT_GUEST_SCRIPT:-}'" >/tmp/results/output.txt
	echo 127 >/tmp/results/status
fi
dmesg >/tmp/results/dmesg.txt
sync
umount /tmp/results
echo b >/proc/sysrq-trigger
sleep 10
