#!/bin/bash
# Written for memcgsim's conformance suite (session 34, novel34; cgroup v2):
# memory.oom.group as a pod runtime toggles it. A pod P (memory.max 8M) holds two
# containers a and b, two sleeps in each; a pipeline in a buffers 16 MiB (busybox
# tail -c) and meets P's limit. Four rounds with oom.group off/on in P and in a:
# mem_cgroup_get_oom_group takes the highest memcg with oom.group set between the
# victim's and the OOM domain (P), and kills every task below it. Each round prints
# what is left in a and b, the pipeline's status and the events counted at each level.
C=/sys/fs/cgroup
echo "+memory +pids" > $C/cgroup.subtree_control
msg() { sed -e 's#^[^:]*: line [0-9]*: ##' -e 's#^[^:]*: /sys/fs/cgroup/#bash: #'; }
w() { echo "$2" 2>&1 > $C/$1 | msg; echo "write '$2' to $1: ${PIPESTATUS[0]}, reads $(cat $C/$1)"; }
ev() { echo "$1 $2: $(grep -E '^(oom|oom_kill|oom_group_kill) ' $C/$1/$2 | tr '\n' ' ')"; }
mkdir -p $C/P/a $C/P/b
echo "+memory +pids" > $C/P/cgroup.subtree_control
echo 8M > $C/P/memory.max
echo 0 > $C/P/memory.swap.max
for v in 2 -1 x " 1" "1 " 01 0; do w P/memory.oom.group "$v"; done
round() {  # round NAME P-OOM-GROUP A-OOM-GROUP
  local g p
  echo "== $1: P oom.group $2, a oom.group $3"
  echo $2 > $C/P/memory.oom.group; echo $3 > $C/P/a/memory.oom.group
  for g in a a b b; do ( echo $BASHPID > $C/P/$g/cgroup.procs; exec sleep 60 ) & done
  sleep 0.5
  ( echo $BASHPID > $C/P/a/cgroup.procs; head -c 33554432 /dev/zero | tail -c 16777216 > /dev/null ) 2>/dev/null
  echo "pipeline: $?"
  sleep 0.5
  echo "left: a $(wc -l < $C/P/a/cgroup.procs) b $(wc -l < $C/P/b/cgroup.procs)"
  ev P memory.events; ev P memory.events.local; ev P/a memory.events; ev P/b memory.events
  for g in a b; do for p in $(cat $C/P/$g/cgroup.procs); do kill $p; done; done
  wait 2>/dev/null
}
round none 0 0
round leaf 0 1
round pod 1 0
round both 1 1
echo 0 > $C/P/memory.oom.group; echo 0 > $C/P/a/memory.oom.group
sleep 0.5
rmdir $C/P/a $C/P/b $C/P; echo "rmdir: $?"
