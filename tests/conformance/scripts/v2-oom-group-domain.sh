#!/bin/bash
# Written for memcgsim's conformance suite (session 12, cgroup v2), after the kernel
# selftests test_memcg_oom_group_parent_events and test_memcg_oom_group_score_events
# (tools/testing/selftests/cgroup/test_memcontrol.c): which tasks a memory.oom.group
# kill takes. mem_cgroup_get_oom_group (mm/memcontrol.c) walks from the victim's memcg
# up to the OOM domain (the memcg whose limit failed) and takes the highest one with
# oom.group set: a parent's oom.group counts only when the parent's own limit is hit.
# Every task of that group goes (mem_cgroup_scan_tasks -> oom_kill_memcg_member), but
# not one whose oom_score_adj is -1000 (OOM_SCORE_ADJ_MIN).
R=/sys/fs/cgroup
grep -qw memory $R/cgroup.subtree_control || echo +memory > $R/cgroup.subtree_control
p=$R/og; c=$p/c; d=$p/d
sleeper() { ( echo $BASHPID > $1/cgroup.procs; exec sleep 1000 ) & }
alloc() { ( echo $BASHPID > $1/cgroup.procs; head -c 100M /dev/zero | tail > /dev/null ); echo "allocating subshell status: $?"; }
events() { for g; do echo "${g#$R/} events: $(grep -E '^(oom|oom_kill|oom_group_kill|max) ' $g/memory.events | tr '\n' ' ')"; done; }
procs() { local g out=; for g; do out+="${g#$R/} $(wc -l < $g/cgroup.procs) "; done; echo "procs: $out"; }
mkdir $p $c
echo 80M > $p/memory.max; echo 0 > $p/memory.swap.max; echo 1 > $p/memory.oom.group
echo "== 1: the parent's limit, the parent's oom.group (no memory controller in c)"
(echo $BASHPID > $p/cgroup.procs; printf -v x '%*s' 20000000 ''; : > /tmp/og.ready; sleep 1000; :) &
until [ -e /tmp/og.ready ]; do sleep 0.1; done; rm /tmp/og.ready
sleeper $c; sleeper $c
( echo $BASHPID > $c/cgroup.procs; echo -1000 > /proc/$BASHPID/oom_score_adj; exec sleep 1000 ) & safe=$!
sleep 1
procs $p $c
echo "c has memory.max: $([ -e $c/memory.max ] && echo yes || echo no)"
alloc $c
sleep 1
procs $p $c
kill -0 $safe 2>/dev/null && echo "the oom_score_adj -1000 sleeper lives: $(cat /proc/$safe/oom_score_adj)"
events $p
kill $safe; wait 2>/dev/null
echo "== 2: the child's limit, oom.group in the parent only"
echo +memory > $p/cgroup.subtree_control
mkdir $d
echo 30M > $c/memory.max; echo 0 > $c/memory.swap.max
echo max > $p/memory.max
echo "oom.group: og $(cat $p/memory.oom.group) c $(cat $c/memory.oom.group)"
sleeper $c; sleeper $c; sleeper $d
sleep 1
procs $c $d
alloc $c
sleep 1
procs $c $d
events $c $d $p
echo "== 3: the parent's limit again, the allocation in c"
echo max > $c/memory.max
echo 30M > $p/memory.max
alloc $c
sleep 1
procs $c $d
events $c $d $p
dmesg | grep -E 'memory.oom.group|Killed process' | sed 's/^\[[ 0-9.]*\] //; s/Killed process [0-9]* (\([^)]*\)).*/Killed process (\1)/' | uniq -c
wait 2>/dev/null
rmdir $c $d $p
