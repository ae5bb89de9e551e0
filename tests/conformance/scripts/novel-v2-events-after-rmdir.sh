#!/bin/bash
# Written for memcgsim's conformance suite (session 38, novel38; cgroup v2): a
# supervisor reading a service's OOM history after the runtime removed the failed
# container's cgroup. The container (memory.max 4M, no swap) is OOM-killed; its
# memory.events counts the kill, and so does every ancestor's memory.events
# (memcg_memory_event walks up, v5.x: the hierarchical file), not their
# memory.events.local. After rmdir the parent keeps the counts; a new container of
# the same name starts from zero (a new memcg); the removed one is dying or gone.
C=/sys/fs/cgroup
S=$C/svc
echo +memory > $C/cgroup.subtree_control
mkdir -p $S/ctr
echo +memory > $S/cgroup.subtree_control
echo 4M > $S/ctr/memory.max
echo 0 > $S/ctr/memory.swap.max 2>/dev/null
ev() { grep -E "^(oom|oom_kill) " $1 | tr '\n' ' '; }
( echo $BASHPID > $S/ctr/cgroup.procs; head -c 16M /dev/zero | tail > /dev/null
  echo "pipeline: ${PIPESTATUS[*]}" )
echo "ctr: $(ev $S/ctr/memory.events)"
echo "svc: $(ev $S/memory.events)| local: $(ev $S/memory.events.local)"
rmdir $S/ctr; echo "rmdir ctr: $?"
echo "svc after rmdir: $(ev $S/memory.events)| local: $(ev $S/memory.events.local)"
mkdir $S/ctr; echo 4M > $S/ctr/memory.max
echo "new ctr: $(ev $S/ctr/memory.events)max $(awk '$1 == "max" {print $2}' $S/ctr/memory.events)"
( echo $BASHPID > $S/ctr/cgroup.procs; head -c 2M /dev/zero | tail > /dev/null; echo "small: $?" )
echo "new ctr after: $(ev $S/ctr/memory.events)"
echo "svc: $(ev $S/memory.events)"
rmdir $S/ctr $S; echo "rmdir: $?"
