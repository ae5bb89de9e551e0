#!/bin/bash
# Written for memcgsim's conformance suite (session 33, branch freezer33): the v1
# freezer controller (kernel/cgroup/legacy_freezer.c) mounted beside the memory
# hierarchy, as `docker pause` hosts have it: the files, freezer.state's writes and
# reads (FROZEN, THAWED, what else is refused), self/parent freezing through a tree,
# tasks moved into and out of a frozen cgroup, signals to a frozen task, the shell
# waiting on a frozen child, rmdir of a frozen cgroup.
cd /sys/fs/cgroup
mkdir freezer
mount -t cgroup -o freezer freezer /sys/fs/cgroup/freezer; echo "mount $?"
grep -E '^(memory|freezer)' /proc/cgroups
grep -E 'freezer|memory' /proc/self/cgroup
cd freezer
echo "root: $(ls | tr '\n' ' ')"
cat freezer.state
mkdir a a/b
echo "child: $(ls a | tr '\n' ' ')"
show() { for c in a a/b; do echo "$c $(cat $c/freezer.state) $(cat $c/freezer.self_freezing) $(cat $c/freezer.parent_freezing)"; done; }
show
for v in FROZEN THAWED FREEZING frozen '' ' FROZEN ' 'THAWED x' 1 'THAWED'; do
  printf '%s' "$v" > a/freezer.state; echo "write [$v] $? $(cat a/freezer.state)"
done
echo 1 > a/freezer.self_freezing; echo "self_freezing write $?"
echo FROZEN > a/b/freezer.state; echo FROZEN > a/freezer.state; show
echo THAWED > a/freezer.state; show
echo THAWED > a/b/freezer.state; show
# a sleeper frozen where it is (asleep: 5.10's freeze_task skips a freezable
# nanosleep, 6.1 freezes it in place); a TERM sent meanwhile
sleep 100 & s=$!; sleep 0.2
echo $s > a/b/cgroup.procs
echo FROZEN > a/freezer.state
sleep 0.5
show
grep State /proc/$s/status
kill -TERM $s; sleep 0.5
grep -E 'State|ShdPnd' /proc/$s/status
echo THAWED > a/freezer.state
wait $s; echo "wait $?"
# moved into a frozen cgroup, then out of it
sleep 100 & s=$!; sleep 0.2
echo FROZEN > a/freezer.state
echo $s > a/cgroup.procs; sleep 0.3
cat a/freezer.state; grep State /proc/$s/status
echo $s > cgroup.procs; sleep 0.3
cat a/freezer.state; grep State /proc/$s/status
echo $s > a/b/cgroup.procs; sleep 0.3
show
# SIGKILL to a frozen task
kill -KILL $s; sleep 0.5
echo "after KILL: procs $(wc -l < a/b/cgroup.procs) $(grep State /proc/$s/status 2>&1)"
echo THAWED > a/freezer.state; sleep 0.3
wait $s; echo "wait $?"
echo "after thaw: procs $(wc -l < a/b/cgroup.procs)"
# the shell waits on a frozen child until another job thaws it
echo FROZEN > a/freezer.state
sleep 0.2 & s=$!; echo $s > a/cgroup.procs
(sleep 1; echo THAWED > a/freezer.state) &
wait $s; echo "wait $?: $(cat a/freezer.state)"
wait
# a new child of a frozen cgroup, rmdir of frozen cgroups (a read of a/freezer.state
# right after the rmdirs races their offline: a removed child still online, never
# read since the freeze, keeps its parent FREEZING; so the read waits)
echo FROZEN > a/freezer.state
mkdir a/c; echo "a/c $(cat a/c/freezer.state) $(cat a/c/freezer.self_freezing) $(cat a/c/freezer.parent_freezing)"
rmdir a/c; echo "rmdir a/c $?"
rmdir a/b; echo "rmdir a/b $?"
sleep 0.5
cat a/freezer.state
rmdir a; echo "rmdir a $?"
sleep 0.5
grep freezer /proc/cgroups
