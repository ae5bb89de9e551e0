#!/bin/bash
# Written for memcgsim's conformance suite (session 10), after the kernel selftest
# test_memcg_oom_events and memory.events.local (1e577f970f66, "mm, memcg: introduce
# memory.events.local", v5.2): a parent with a child whose memory.max a pipe-buffering
# tail exceeds. The child's memory.events count max/oom/oom_kill; the parent's
# memory.events counts its subtree's (hierarchical), its memory.events.local none.
ROOT=/sys/fs/cgroup
grep -qw memory $ROOT/cgroup.subtree_control || echo +memory > $ROOT/cgroup.subtree_control
p=$ROOT/evp; c=$p/evc; s=$p/sib
mkdir $p $c $s
echo +memory > $p/cgroup.subtree_control
echo 16M > $c/memory.max
echo 0 > $c/memory.swap.max 2>/dev/null
show() {
  for cg in $c $s $p; do
    for f in memory.events memory.events.local; do
      echo "${cg#$ROOT/} $f: $(grep -E '^(low|high|max|oom|oom_kill) ' $cg/$f | awk '{printf "%s=%s ", $1, ($2 > 0 ? "+" : "0")}')"
    done
  done
}
show
( echo $BASHPID > $c/cgroup.procs; head -c 64M /dev/zero | tail > /dev/null )
echo "status: $?"
show
echo "oom_kill child $(awk '$1 == "oom_kill" {print $2}' $c/memory.events) parent $(awk '$1 == "oom_kill" {print $2}' $p/memory.events) parent local $(awk '$1 == "oom_kill" {print $2}' $p/memory.events.local)"
# a second OOM in the sibling, limited from the parent's memory.max this time
echo 16M > $p/memory.max
( echo $BASHPID > $s/cgroup.procs; head -c 64M /dev/zero | tail > /dev/null )
echo "status: $?"
show
echo "oom_kill child $(awk '$1 == "oom_kill" {print $2}' $c/memory.events) sib $(awk '$1 == "oom_kill" {print $2}' $s/memory.events) parent $(awk '$1 == "oom_kill" {print $2}' $p/memory.events) parent local $(awk '$1 == "oom_kill" {print $2}' $p/memory.events.local)"
rmdir $c $s $p
