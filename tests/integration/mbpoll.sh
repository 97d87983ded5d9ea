#!/usr/bin/env bash
# A Modbus master written by others (Debian's mbpoll) against omt-sim:
# reads STATUS and POSITION over TCP and over RTU on the pseudo-terminal,
# writes WATCHDOG_MS, SETPOINT and CONTROL, and the simulated actuator
# follows the setpoint (checked through the control socket).
set -u
cd "$(dirname "$0")/../.." || exit 1
. tests/integration/sim_lib.sh

# shellcheck source=tests/lib/check.bash
. tests/lib/check.bash

command -v mbpoll >/dev/null || { echo "not ok - mbpoll installed"; exit 1; }
trap sim_stop EXIT
sim_start || { echo "not ok - omt-sim starts"; exit 1; }

tcp() { mbpoll -m tcp -p "$SIM_TCP_PORT" -0 -1 -o 1 "$@" 127.0.0.1 2>&1; }
rtu() { mbpoll -m rtu -b 115200 -P none -0 -1 -o 1 "$@" "$SIM_RTU" 2>&1; }
# SLAVE REF VALUES...: write holding registers (one value: function 6).
tcp_write() { local a=$1 r=$2; shift 2
	mbpoll -m tcp -p "$SIM_TCP_PORT" -0 -1 -o 1 -a "$a" -r "$r" -t 4 127.0.0.1 "$@" 2>&1; }
rtu_write() { local a=$1 r=$2; shift 2
	mbpoll -m rtu -b 115200 -P none -0 -1 -o 1 -a "$a" -r "$r" -t 4 "$SIM_RTU" "$@" 2>&1; }
# The value mbpoll printed for register N: "[N]: 	VALUE".
value_at() { sed -nE "s/^\[$1\]:[[:space:]]+(-?[0-9]+).*/\1/p"; }

# 700.00 mm at start: POSITION 70000 = 0x0001 0x1170, high word first.
out=$(tcp -a 1 -r 0 -c 6 -t 4)
status=$(value_at 0 <<<"$out")
check "tcp: STATUS reads ready, homed, in-position" \
	test "$(( ${status:-0} & 0x89 ))" -eq $((0x89))
check "tcp: POSITION reads 700.00 mm" \
	test "$(value_at 2 <<<"$out"):$(value_at 3 <<<"$out")" = "1:4464"

out=$(rtu -a 2 -r 0 -c 6 -t 4)
status=$(value_at 0 <<<"$out")
check "rtu: tilt STATUS reads ready and homed" \
	test "$(( ${status:-0} & 0x81 ))" -eq $((0x81))
check "rtu: tilt POSITION reads 0.00 deg" \
	test "$(value_at 2 <<<"$out"):$(value_at 3 <<<"$out")" = "0:0"
out=$(rtu -a 2 -r 32 -c 1 -t 4)
check "rtu: tilt AXIS_KIND is rotary" test "$(value_at 32 <<<"$out")" = 2

# Height over TCP: watchdog off, setpoint 710.00 mm (0x0001 0x1558), enable.
tcp_write 1 20 0 >/dev/null
tcp_write 1 17 1 5464 >/dev/null
out=$(tcp_write 1 16 1)
check "tcp: writes accepted" grep -q "Written 1 references" <<<"$out"
answer=$(sim_cmd "get height")
check "tcp: the drive took the setpoint" test "$(sim_field "$answer" setpoint)" = 710.00
# Wait (bounded) for the drive to move; 10 mm at 40 mm/s takes < 1 s.
for _ in $(seq 100); do
	pos=$(sim_field "$(sim_cmd "get height")" position)
	[ "$pos" = 710.00 ] && break
	sleep 0.05
done
check "tcp: height followed the setpoint to 710.00" test "$pos" = 710.00

# Tilt over RTU: 2.00 degrees (0x0000 0x00c8).
rtu_write 2 20 0 >/dev/null
rtu_write 2 17 0 200 >/dev/null
rtu_write 2 16 1 >/dev/null
for _ in $(seq 100); do
	pos=$(sim_field "$(sim_cmd "get tilt")" position)
	[ "$pos" = 2.00 ] && break
	sleep 0.05
done
check "rtu: tilt followed the setpoint to 2.00" test "$pos" = 2.00
out=$(rtu -a 2 -r 2 -c 2 -t 4)
check "rtu: POSITION reads back 2.00 deg" \
	test "$(value_at 2 <<<"$out"):$(value_at 3 <<<"$out")" = "0:200"

# Refusals reach mbpoll as Modbus exceptions.
out=$(tcp -a 1 -r 6 -t 4)
check "tcp: unmapped address is an illegal data address" \
	grep -qi "illegal data address" <<<"$out"
out=$(tcp_write 1 0 5)
check "tcp: writing STATUS is an illegal data value" \
	grep -qi "illegal data value" <<<"$out"
out=$(rtu_write 1 17 0 100)
check "rtu: a setpoint below the travel is an illegal data value" \
	grep -qi "illegal data value" <<<"$out"
check "rtu: the refused setpoint changed nothing" \
	test "$(sim_field "$(sim_cmd "get height")" setpoint)" = 710.00

# The I/O module: discrete inputs follow the control socket.
sim_cmd "input pedal-height-up 1" >/dev/null
out=$(rtu -a 10 -r 0 -c 14 -t 1)
check "rtu: pedal input reads as discrete input 0" test "$(value_at 0 <<<"$out")" = 1
check "rtu: other inputs read 0" test "$(value_at 1 <<<"$out")" = 0

sim_stop
check "SIGTERM: clean exit" test "${SIM_STATUS:-1}" -eq 0
[ "$check_failures" -eq 0 ]
