#!/bin/bash
# Written for memcgsim's conformance suite (session 38, novel38; cgroup v2): a
# runtime stopping a container whose task keeps forking (a loop of short sleeps).
# It freezes the cgroup first (a child forked while the freeze is set is frozen as
# it starts: cgroup_post_fork), checks the set of tasks holds still, then kills
# them: with cgroup.kill where the kernel has it (v5.14+), else SIGKILL to each
# task listed (a frozen task dies of SIGKILL), waits for cgroup.events' populated 0
# and removes the cgroup, which stays frozen meanwhile.
C=/sys/fs/cgroup
mkdir $C/box
( echo $BASHPID > $C/box/cgroup.procs; while :; do sleep 0.05; done ) &
loop=$!
sleep 0.5
echo 1 > $C/box/cgroup.freeze
for i in $(seq 50); do grep -q 'frozen 1' $C/box/cgroup.events && break; sleep 0.1; done
echo "events: $(tr '\n' ' ' < $C/box/cgroup.events)"
a=$(sort $C/box/cgroup.procs | tr '\n' ' '); sleep 0.5; b=$(sort $C/box/cgroup.procs | tr '\n' ' ')
echo "tasks held still: $([ "$a" = "$b" ] && echo yes || echo no), loop listed: $(grep -cx $loop $C/box/cgroup.procs)"
echo "loop state: $(awk '{print $3}' /proc/$loop/stat)"
if echo 1 > $C/box/cgroup.kill 2>/dev/null; then
  echo "killed with cgroup.kill"
else
  echo "no cgroup.kill: $([ -e $C/box/cgroup.kill ] && echo present || echo absent)"
  for p in $(cat $C/box/cgroup.procs); do kill -9 $p; done
fi
wait $loop; echo "loop: $?"
for i in $(seq 50); do grep -q 'populated 0' $C/box/cgroup.events && break; sleep 0.1; done
echo "events: $(tr '\n' ' ' < $C/box/cgroup.events)"
echo "tasks: $(wc -l < $C/box/cgroup.procs)"
rmdir $C/box; echo "rmdir: $?"
