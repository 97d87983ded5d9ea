#!/usr/bin/env bash
# Print the configuration of a private, system-like dbus-daemon for the
# simulated stack, the tests and the bench.
#
#   tools/private-bus-conf.sh SOCKET [policy|open]
#
# policy (the default): a system bus's closed default, then the project's
#   own bus policy (systemd/org.omt.Table1.conf), so the private bus
#   refuses what an installed table refuses.  Run by someone other than
#   root, that user may also own org.omt.Table1 (omtd runs as the
#   developer here, not as user omtd).
# open: anyone may own any name and call anything, for tests that show
#   omtd's own credential check holding alone, and for the qemu guest.
set -eu
socket=$1
mode=${2:-policy}
top=$(cd "$(dirname "$0")/.." && pwd)

case "$mode" in
policy|open) ;;
*) echo "private-bus-conf.sh: mode '$mode' is not policy or open" >&2; exit 2 ;;
esac

cat <<CONF
<!DOCTYPE busconfig PUBLIC "-//freedesktop//DTD D-BUS Bus Configuration 1.0//EN"
 "http://www.freedesktop.org/standards/dbus/1.0/busconfig.dtd">
<busconfig>
  <type>system</type>
  <listen>unix:path=$socket</listen>
  <auth>EXTERNAL</auth>
  <policy context="default">
    <allow user="*"/>
    <deny own="*"/>
    <deny send_type="method_call"/>
    <allow send_type="signal"/>
    <allow send_requested_reply="true" send_type="method_return"/>
    <allow send_requested_reply="true" send_type="error"/>
    <allow receive_type="method_call"/>
    <allow receive_type="method_return"/>
    <allow receive_type="error"/>
    <allow receive_type="signal"/>
    <allow send_destination="org.freedesktop.DBus"
           send_interface="org.freedesktop.DBus"/>
    <allow send_destination="org.freedesktop.DBus"
           send_interface="org.freedesktop.DBus.Introspectable"/>
    <allow send_destination="org.freedesktop.DBus"
           send_interface="org.freedesktop.DBus.Properties"/>
  </policy>
CONF
if [ "$mode" = open ]; then
	echo '  <policy context="default"><allow own="*"/><allow send_type="method_call"/></policy>'
else
	echo "  <include>$top/systemd/org.omt.Table1.conf</include>"
	if [ "$(id -u)" -ne 0 ]; then
		printf '  <policy user="%s"><allow own="org.omt.Table1"/></policy>\n' "$(id -un)"
	fi
fi
echo '</busconfig>'
