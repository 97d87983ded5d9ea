#!/usr/bin/env bash
# The control loop over Modbus TCP at a 2 ms period (not only the default
# 10 ms): wake-up lateness max <= 2x cyclictest's at 2 ms, pedal release to
# braking setpoint p99 <= 2 periods, 0 overruns.
#
#   bench/tcp_fast_loop.sh BUILD_DIR
set -u
build=${1:-build}
here=$(cd "$(dirname "$0")" && pwd)
BENCH_PERIOD_MS=2 BENCH_PREFIX=tcp_2ms_ exec "$here/control_loop.sh" "$build"
