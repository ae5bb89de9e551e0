#!/bin/bash
# memcgsim calibration (session 33, branch heap33, docs/fidelity.md item 182): the order
# of a 128 KiB command substitution's pipe traffic (`v=$(head -c 131072 /dev/zero | tr
# '\0' x)`, novel-runtime-cycle's) against its processes' exits, three times: every
# read(2) and write(2) return (syscalls:sys_exit_read/sys_exit_write) of the script's
# bash and its descendants (set_event_pid with options/event-fork), sched_process_fork,
# sched_process_exit and sched_process_free, with the CPU of each event. The
# substitution's subshell (a bash) forks head and tr; the script's bash reads the
# pipe 4096 bytes a read (bash 5.2 subst.c read_comsub, buf[COMSUB_PIPEBUF]).
# Guest: memcgsim oracle calibration/comsub-pipe-order.sh --kernel K --cgroup v2 --cpus N
T=/sys/kernel/tracing
[ -d $T/events ] || mount -t tracefs nodev $T
echo $$ > $T/set_event_pid
echo 1 > $T/options/event-fork
for e in syscalls/sys_exit_read syscalls/sys_exit_write sched/sched_process_fork \
         sched/sched_process_exit sched/sched_process_free; do
  echo 1 > $T/events/$e/enable
done
echo 1 > $T/tracing_on
for i in 0 1 2; do
  echo "take $i" > $T/trace_marker
  v=$(head -c 131072 /dev/zero | tr '\0' x)
  unset v
done
echo 0 > $T/tracing_on
echo "trace begin"
grep -v '^#' $T/trace | sed 's/^ *//' | awk '{$3 = ""; print}'
echo "trace end"
