#!/usr/bin/env python3
# Where a late control cycle's time went, from a kernel trace taken by
# bench/trace_overrun.sh (events as text, CLOCK_MONOTONIC seconds).
#
#   bench/overrun_cycle.py TRACE [TID]
#
# The control thread is the real-time omtd-control thread (highest
# priority); a cycle runs from its wake-up out of the absolute
# clock_nanosleep to its next entry into it.  The longest cycle in the
# trace is taken apart: its longest stretches (system calls, time between
# them), and for each whether the thread slept, waited its turn for the
# CPU (and who ran), or was blocked in the kernel; a stretch in which its
# CPU logged nothing at all, not even the timer interrupt due in it, is
# a CPU the hypervisor did not run.
import re
import sys

LINE = re.compile(r'^\s*(.+?)-(\d+)\s+\[(\d+)\]\s+\S+\s+([\d.]+): (\w+): (.*)$')
NR_ABS_SLEEP = '230'    # clock_nanosleep; flags 1 = TIMER_ABSTIME


def load(path):
    rows = []
    for line in open(path, errors='replace'):
        m = LINE.match(line)
        if m:
            comm, pid, cpu, t, ev, rest = m.groups()
            rows.append((float(t), int(cpu), pid, ev, rest))
    return rows


def control_pid(rows):
    """The highest-priority omtd-control thread that ran most often."""
    seen = {}
    for t, cpu, pid, ev, rest in rows:
        if ev == 'sched_switch' and 'next_comm=omtd-control ' in rest:
            m = re.search(r'next_pid=(\d+) next_prio=(\d+)', rest)
            if m:
                key = (int(m.group(2)), m.group(1))
                seen[key] = seen.get(key, 0) + 1
    if not seen:
        return None
    prio = min(k[0] for k in seen)
    return max((n, k[1]) for k, n in seen.items() if k[0] == prio)[1]


def main():
    rows = load(sys.argv[1])
    pid = sys.argv[2] if len(sys.argv) > 2 else control_pid(rows)
    if pid is None:
        print('no omtd-control thread in the trace')
        return 1
    cycles, start, calls, inside = [], None, [], None
    for i, (t, cpu, p, ev, rest) in enumerate(rows):
        if p != pid or ev not in ('sys_enter', 'sys_exit'):
            continue
        absolute = rest.startswith('NR 230 (1, 1,')
        if ev == 'sys_enter':
            inside = (rest.split()[1], t, absolute, i)
            if absolute and start is not None:
                cycles.append((start, t, calls))
                start, calls = None, []
        elif inside:
            nr, t0, was_abs, i0 = inside
            if was_abs:
                start, calls = t, []
            elif start is not None:
                calls.append((nr, t0, t, i0, i))
            inside = None
    if not cycles:
        print('no whole cycle of thread %s in the trace' % pid)
        return 1
    # (Longer than a second: the thread's start-up, not a cycle.)
    cycles = [c for c in cycles if c[1] - c[0] < 1.0]
    if not cycles:
        print('no whole cycle of thread %s in the trace' % pid)
        return 1
    s, e, calls = max(cycles, key=lambda c: c[1] - c[0])
    print('control thread %s: longest cycle woke %.6f, its work took %.3f ms '
          '(%d system calls)' % (pid, s, (e - s) * 1e3, len(calls)))
    faults = sum(1 for t, c, p, ev, rest in rows
                 if p == pid and s <= t <= e and ev.startswith('page_fault'))
    print('  page faults of the thread in it: %d' % faults)
    spans, prev = [], s
    for nr, t0, t1, i0, i1 in calls:
        spans.append((t0 - prev, prev, t0, 'user space'))
        spans.append((t1 - t0, t0, t1, 'system call %s' % nr))
        prev = t1
    spans.append((e - prev, prev, e, 'user space'))
    for d, t0, t1, what in sorted(spans, reverse=True)[:4]:
        print('  %7.3f ms  %.6f..%.6f  %s' % (d * 1e3, t0, t1, what))
        explain(rows, pid, t0, t1)
    return 0


def explain(rows, pid, t0, t1):
    """What the thread and its CPU did in [t0, t1]."""
    cpu, out_at, state, woken = None, None, None, None
    for t, c, p, ev, rest in rows:
        if t < t0 or t > t1:
            continue
        if p == pid and cpu is None:
            cpu = c
        if ev == 'sched_wakeup' and 'pid=%s ' % pid in rest:
            woken = (t, c, rest)
        if ev == 'sched_switch' and 'prev_pid=%s ' % pid in rest:
            cpu, out_at = c, t
            state = re.search(r'prev_state=(\S+)', rest).group(1)
        elif ev == 'sched_switch' and 'next_pid=%s ' % pid in rest and out_at:
            print('      off the CPU %.3f ms (state %s)' % ((t - out_at) * 1e3, state))
            if woken:
                prev = re.search(r'prev_comm=(.+?) prev_pid', rest).group(1)
                print('      woken %.3f ms before it ran: the CPU kept running '
                      '%s until then' % ((t - woken[0]) * 1e3, prev))
            out_at, woken = None, None
        if p == pid and ev.startswith('contention'):
            print('      %s %s' % (ev, rest))
    if cpu is None:
        return
    quiet, last = 0.0, t0
    others = {}
    for t, c, p, ev, rest in rows:
        if c != cpu or t < t0 or t > t1:
            continue
        quiet = max(quiet, t - last)
        last = t
        if ev == 'sched_switch':
            m = re.search(r'next_comm=(.+?) next_pid', rest)
            others[m.group(1)] = others.get(m.group(1), 0) + 1
    quiet = max(quiet, t1 - last)
    print('      CPU %d: longest stretch with no event at all %.3f ms; '
          'switched to: %s' % (cpu, quiet * 1e3,
                               ', '.join('%s x%d' % kv for kv in
                                         sorted(others.items(),
                                                key=lambda kv: -kv[1])[:6])))


if __name__ == '__main__':
    sys.exit(main())
