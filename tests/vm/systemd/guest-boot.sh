#!/bin/bash
# The systemd guest's second stage: PID 1 on the overlay root, before
# systemd (tests/vm/systemd/initramfs-init.c runs it).
#
# Everything written here lands in the guest's tmpfs layer, never on the
# host.  It gives the guest what a freshly installed controller has and
# the host's root lacks: an empty fstab (the host's names disks the guest
# does not have), its own machine id, the kernel's modules; it puts the
# check in as a systemd service that ends the boot (a reboot, which qemu
# turns into an exit), and then becomes systemd.  The kernel passes the
# unknown key=value boot parameters as environment variables:
#   OMT_KDIR           the Debian kernel's directory (its modules)
#   OMT_CHECK          the check script, run as a service once booted
#   OMT_GUEST_ARGS     its arguments, colon-separated
#   OMT_GUEST_TIMEOUT  seconds the check may take
export PATH=/usr/sbin:/usr/bin:/sbin:/bin
echo "omt-guest: second stage"

mount -t proc proc /proc
mount -t sysfs sysfs /sys
mkdir -p /omt-results
mount -t 9p -o trans=virtio,version=9p2000.L,access=any results /omt-results

version=$(cat "$OMT_KDIR/version")
mkdir -p "/lib/modules/$version"
mount --bind "$OMT_KDIR/lib/modules/$version" "/lib/modules/$version"

: >/etc/fstab
echo omt-guest >/etc/hostname
tr -d '-' </proc/sys/kernel/random/uuid >/etc/machine-id
# Timers (apt, man-db, ...) and time synchronisation are no part of the
# check and would only compete with it for the emulated CPU.
for unit in timers.target systemd-timesyncd.service; do
	ln -sf /dev/null "/etc/systemd/system/$unit"
done

# The checkout may live under /tmp (a CI clone does): the boot's
# tmpfiles run must not empty /tmp, which Debian's tmp.conf ('D') would
# do on the overlay, hiding the host's files from the check.
mkdir -p /etc/tmpfiles.d
echo 'd /tmp 1777 root root -' >/etc/tmpfiles.d/tmp.conf

IFS=: read -r -a args <<<"${OMT_GUEST_ARGS:-}"
# Paths without spaces (they travel on the kernel command line).
command="$OMT_CHECK ${args[*]}"
cat >/etc/systemd/system/omt-check.service <<UNIT
[Unit]
Description=omt: the installed omtd.service, exercised
After=basic.target
# However the check ends, the guest ends: reboot is qemu's exit.
SuccessAction=reboot-force
FailureAction=reboot-force

[Service]
Type=oneshot
TimeoutStartSec=${OMT_GUEST_TIMEOUT:-600}
ExecStart=/bin/bash -c '$command >/omt-results/output.txt 2>&1; echo \$\$? >/omt-results/status'
ExecStopPost=/bin/sh -c 'journalctl -b --no-pager >/omt-results/journal.txt 2>&1; sync'
UNIT
cat >/etc/systemd/system/omt-check.target <<UNIT
[Unit]
Description=omt: boot just far enough to check the installed unit
Requires=basic.target omt-check.service
After=basic.target
AllowIsolate=yes
UNIT

exec /lib/systemd/systemd --unit=omt-check.target
