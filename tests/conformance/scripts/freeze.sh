#!/bin/bash
# cgroup.freeze (cgroup v2): a looping job in a frozen cgroup stops, goes on once
# thawed; a frozen task still dies of SIGKILL; cgroup.events tells.
R=/sys/fs/cgroup
f=$R/frz
mkdir $f
ticker() { while :; do echo tick >> ticks; sleep 0.1; done; }
( echo $BASHPID > $f/cgroup.procs; ticker ) &
sleep 0.35
echo 1 > $f/cgroup.freeze
sleep 0.1
echo "freeze: $(cat $f/cgroup.freeze)"
cat $f/cgroup.events
n=$(wc -l < ticks); sleep 1; m=$(wc -l < ticks)
echo "ticks while frozen: $((m - n))"
echo 0 > $f/cgroup.freeze
sleep 0.35
echo "ticks after thaw: $(( $(wc -l < ticks) - m ))"
cat $f/cgroup.events
echo 1 > $f/cgroup.freeze
sleep 0.1
for p in $(cat $f/cgroup.procs); do kill -9 $p; done
wait
sleep 0.1
echo "procs after SIGKILL: $(wc -l < $f/cgroup.procs)"
echo 2 > $f/cgroup.freeze; echo "freeze 2: $?"
rmdir $f && echo removed
rm -f ticks
