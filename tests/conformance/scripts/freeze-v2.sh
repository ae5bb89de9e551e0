#!/bin/bash
# Freeze and thaw a v2 group with sleepers, then kill it (novel, lead session 27).
C=/sys/fs/cgroup
echo +memory > $C/cgroup.subtree_control
mkdir -p $C/f/a
echo +memory > $C/f/cgroup.subtree_control
for i in 1 2 3; do ( echo $BASHPID > $C/f/a/cgroup.procs; exec sleep 100 ) & done
sleep 0.5
echo "procs $(wc -l < $C/f/a/cgroup.procs) events: $(tr '\n' ' ' < $C/f/a/cgroup.events)"
echo 1 > $C/f/cgroup.freeze; echo "freeze: $?"
sleep 0.5
echo "f: $(tr '\n' ' ' < $C/f/cgroup.events) a: $(tr '\n' ' ' < $C/f/a/cgroup.events) a.freeze $(cat $C/f/a/cgroup.freeze)"
for p in $(cat $C/f/a/cgroup.procs); do awk '{print $3}' /proc/$p/stat; done | sort | uniq -c
mkdir $C/f/b; echo "b: $(tr '\n' ' ' < $C/f/b/cgroup.events)"
echo 0 > $C/f/cgroup.freeze
sleep 0.5
echo "thawed: $(tr '\n' ' ' < $C/f/a/cgroup.events)"
for p in $(cat $C/f/a/cgroup.procs); do awk '{print $3}' /proc/$p/stat; done | sort | uniq -c
echo 1 > $C/f/a/cgroup.kill 2>/dev/null || kill $(cat $C/f/a/cgroup.procs)
wait 2>/dev/null
echo "after kill: procs $(wc -l < $C/f/a/cgroup.procs) $(tr '\n' ' ' < $C/f/a/cgroup.events)"
rmdir $C/f/a $C/f/b $C/f; echo "rmdir $?"
grep -E 'nr_(dying_)?descendants' $C/cgroup.stat
