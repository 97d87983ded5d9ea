#!/usr/bin/env bash
# Why control cycles overran: the control-loop bench run with the kernel's
# scheduler, workqueue, interrupt, lock-contention and system-call events
# traced into a private ftrace instance; after each overrun (up to 8) the
# probe copies the trace, which then ends with the late cycle, to
# OUT.1, OUT.2, ... (control_loop_probe's OMT_PROBE_TRACE_DIR), and
# bench/overrun_cycle.py says where each late cycle's time went.  Root
# only (tracefs); a diagnosis tool, not part of `make bench`.
#
#   bench/trace_overrun.sh BUILD_DIR [OUT]     (OUT: /tmp/omt-overrun-trace)
#
# The bench's environment applies (BENCH_SECONDS, BENCH_PERIOD_MS,
# OMT_PROBE_RTU_BAUD, OMT_PROBE_IDLE, BENCH_LOAD_NICE, ...).
set -u
build=${1:-build}
out=${2:-/tmp/omt-overrun-trace}
top=$(cd "$(dirname "$0")/.." && pwd)
tracefs=/sys/kernel/tracing
[ -w "$tracefs/instances" ] || { echo "trace_overrun: $tracefs not writable (root?)" >&2; exit 1; }
inst=$tracefs/instances/omt-overrun-$$
mkdir "$inst" || exit 1
cleanup() { echo 0 >"$inst/tracing_on" 2>/dev/null; rmdir "$inst" 2>/dev/null; }
trap cleanup EXIT
trap 'exit 130' INT TERM

# CLOCK_MONOTONIC, as the loop's own times.
echo mono >"$inst/trace_clock"
echo "${TRACE_BUFFER_KB:-16384}" >"$inst/buffer_size_kb"
for e in sched/sched_switch sched/sched_wakeup sched/sched_migrate_task \
	workqueue/workqueue_execute_start workqueue/workqueue_execute_end \
	irq/irq_handler_entry irq/irq_handler_exit irq/softirq_entry \
	irq/softirq_exit; do
	echo 1 >"$inst/events/$e/enable"
done
# The control thread's and the simulator's system calls, lock waits and
# page faults (none are expected after mlockall()).
for e in raw_syscalls/sys_enter raw_syscalls/sys_exit lock/contention_begin \
	lock/contention_end exceptions/page_fault_user exceptions/page_fault_kernel; do
	echo 'comm == "omtd-control" || comm == "omt-sim"' >"$inst/events/$e/filter"
	echo 1 >"$inst/events/$e/enable"
done
rm -f "$out".[0-9]*
echo 1 >"$inst/tracing_on"
OMT_PROBE_TRACE_DIR=$inst OMT_PROBE_TRACE_OUT=$out "$top/bench/control_loop.sh" "$build"
echo 0 >"$inst/tracing_on"
for f in "$out".[0-9]*; do
	[ -e "$f" ] || continue
	echo "== $f"
	python3 "$top/bench/overrun_cycle.py" "$f"
done
