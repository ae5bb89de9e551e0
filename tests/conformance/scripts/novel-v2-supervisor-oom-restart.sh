#!/bin/bash
# Written for memcgsim's conformance suite (session 35, novel35; cgroup v2): a
# supervisor (systemd's Restart=on-failure, in a shell) runs a service in svc/ with
# memory.max 8M and memory.oom.group 1. Each start runs a helper (sleep) and the main
# process, which leaks: tail buffering an endless line from /dev/zero. The OOM killer
# kills the whole group (mm/oom_kill.c mem_cgroup_get_oom_group, v4.19): the
# supervisor's wait gets 137, it restarts the service up to 3 times, then gives up.
# After each round: the status, the group's memory.events (oom_kill counts each task
# killed, oom_group_kill, v5.17: 6.1 only, each group kill), what is left in svc and
# its memory.current; at the end the cgroup is removed.
C=/sys/fs/cgroup
echo +memory > $C/cgroup.subtree_control
mkdir $C/svc
echo 8M > $C/svc/memory.max
echo 1 > $C/svc/memory.oom.group
ev() { awk '$1 == "oom_kill" || $1 == "oom_group_kill" {printf " %s %s", $1, $2}' $C/svc/memory.events; }
for round in 1 2 3 4; do
  [ $round = 4 ] && { echo "giving up after 3 restarts"; break; }
  ( echo $BASHPID > $C/svc/cgroup.procs
    sleep 100 &
    exec tail /dev/zero ) 2>/dev/null &
  wait $!
  st=$?
  sleep 0.5
  echo "round $round: status $st,$(ev), procs $(wc -l < $C/svc/cgroup.procs), $(grep populated $C/svc/cgroup.events)"
  echo "round $round: memory.current $(cat $C/svc/memory.current)"
  [ $st = 0 ] && break
done
rmdir $C/svc; echo "rmdir: $?"
