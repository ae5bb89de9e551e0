#!/bin/bash
# Written for memcgsim's conformance suite (session 37, novel37; cgroup v2): a pod
# whose one container (hog: memory.max 16M, memory.swap.max 0, no swap to go to)
# buffers 48 MiB in `tail` and is OOM-killed inside its own limit while its two
# sibling containers churn: each makes a job cgroup below itself, writes 64 KiB
# there, moves back and removes it, 15 times. The OOM is the child's alone: the
# pod's memory.events counts the kill hierarchically (oom_kill), its
# memory.events.local does not; the siblings see none; the removed job cgroups stay
# dying while their page cache is charged.
C=/sys/fs/cgroup
P=$C/pod
echo +memory > $C/cgroup.subtree_control
mkdir -p $P/hog $P/s1/base $P/s2/base
echo +memory > $P/cgroup.subtree_control
echo +memory > $P/s1/cgroup.subtree_control
echo +memory > $P/s2/cgroup.subtree_control
echo 16M > $P/hog/memory.max
echo 0 > $P/hog/memory.swap.max 2>/dev/null
echo "pod max $(cat $P/memory.max), hog max $(cat $P/hog/memory.max) swap.max $(cat $P/hog/memory.swap.max 2>/dev/null || echo none)"
ev() { grep -E "^($2) " $P/$1 | tr '\n' ' '; }
churn() {  # churn S: 15 job cgroups below S, each with a file of 64 KiB, removed
  local i
  echo $BASHPID > $P/$1/base/cgroup.procs
  for i in $(seq 15); do
    mkdir $P/$1/job$i
    echo $BASHPID > $P/$1/job$i/cgroup.procs
    head -c 64k /dev/zero > $1.$i
    echo $BASHPID > $P/$1/base/cgroup.procs
    rmdir $P/$1/job$i || echo "$1: rmdir job$i failed"
  done
}
churn s1 & c1=$!
churn s2 & c2=$!
( echo $BASHPID > $P/hog/cgroup.procs; head -c 48M /dev/zero | tail > /dev/null
  echo "hog's pipeline: ${PIPESTATUS[*]}" )
echo "hog subshell: $?"
wait $c1; echo "churn s1: $?"
wait $c2; echo "churn s2: $?"
echo "hog events: $(ev hog/memory.events 'oom|oom_kill')"
echo "pod events: $(ev memory.events 'oom|oom_kill')"
echo "pod events.local: $(ev memory.events.local 'oom|oom_kill')"
for s in s1 s2; do echo "$s events: $(ev $s/memory.events 'max|oom|oom_kill')"; done
echo "hog current after: $(( $(cat $P/hog/memory.current) / 1024 / 1024 )) MiB"
echo "pod: $(tr '\n' ' ' < $P/cgroup.stat)"
for s in s1 s2; do echo "$s file KiB: $(awk '$1 == "file" {print $2 / 1024}' $P/$s/memory.stat)"; done
rm -f s1.* s2.*; sleep 1
echo "after rm: $(tr '\n' ' ' < $P/cgroup.stat)"
rmdir $P/s1/base $P/s1 $P/s2/base $P/s2 $P/hog $P; echo "rmdir: $?"
