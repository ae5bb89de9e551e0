#!/bin/bash
# memcgsim calibration (session 32, branch heap32, docs/fidelity.md item 153): how much
# of a 128 KiB command substitution's output (`v=$(head -c 131072 /dev/zero | tr
# '\0' x)`, novel-runtime-cycle's) the script's bash reads after the substitution's
# subshell has exited: its read(2) returns (syscalls:sys_exit_read, filtered to the
# script's bash) against sched:sched_process_exit (every task), three times.
# Guest: memcgsim oracle calibration/comsub-pipe-reads.sh --kernel 6.1 --cgroup v2
T=/sys/kernel/tracing
[ -d $T/events ] || mount -t tracefs nodev $T
echo "common_pid == $$" > $T/events/syscalls/sys_exit_read/filter
echo 1 > $T/events/syscalls/sys_exit_read/enable
echo 1 > $T/events/sched/sched_process_exit/enable
echo 1 > $T/tracing_on
for i in 0 1 2; do
  echo "take $i" > $T/trace_marker
  v=$(head -c 131072 /dev/zero | tr '\0' x)
  unset v
done
echo 0 > $T/tracing_on
echo "trace begin"
grep -v '^#' $T/trace | sed 's/^ *//' | awk '{$2 = ""; $3 = ""; print}'
echo "trace end"
