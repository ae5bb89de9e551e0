#!/bin/bash
# Written for memcgsim's conformance suite (session 33, novel33; cgroup v2): memory.high
# at a pod and one of its containers as an SRE reads memory.events and
# memory.events.local (memcg_memory_event counts MEMCG_HIGH in every ancestor below the
# root, the local file only where reclaim_high ran), memory.swap.* on a host without
# swap (the files, their parsers, swap.events), memory.high lowered below usage
# (memory_high_write reclaims, no event), and memory.reclaim (v5.19: 6.1 only) on page
# cache and on tmpfs that cannot go anywhere.
C=/sys/fs/cgroup
echo +memory > $C/cgroup.subtree_control
mkdir $C/pod; echo +memory > $C/pod/cgroup.subtree_control; mkdir $C/pod/c1 $C/pod/c2
grep -E '^Swap(Total|Free)' /proc/meminfo | tr -s ' ' | tr '\n' ' '; echo
echo "swap files: $(ls $C/pod/c1 | grep '^memory\.swap' | tr '\n' ' ')"
try() { local m; m=$( { printf '%s\n' "$2" > $C/pod/c1/$1; } 2>&1 ); echo "$1 <- '$2': $? ${m##*: } -> $(cat $C/pod/c1/$1)"; }
for v in 0 1M 4097 -1 max 1.5M; do try memory.swap.max "$v"; done
for v in 2M max; do try memory.swap.high "$v"; done
for f in memory.swap.current memory.swap.events; do echo "$f: $(cat $C/pod/c1/$f | tr '\n' ' ')"; done
ev() { echo "$1 events: $(grep -E '^(low|high|max|oom) ' $C/$1/memory.events | tr '\n' ' ')| local: $(grep -E '^(high|max) ' $C/$1/memory.events.local | tr '\n' ' ')"; }
cur() { echo "$1: current MiB $(( $(cat $C/$1/memory.current) >> 20 )) file MiB $(awk '$1 == "file" {print int($2 / 1048576)}' $C/$1/memory.stat)"; }
head -c 32M /dev/zero > f32; sync; echo 3 > /proc/sys/vm/drop_caches
echo 16M > $C/pod/memory.high; echo 8M > $C/pod/c1/memory.high
( echo $BASHPID > $C/pod/c1/cgroup.procs; cat f32 > /dev/null )
cur pod/c1; ev pod/c1; ev pod
echo 3 > /proc/sys/vm/drop_caches
( echo $BASHPID > $C/pod/c2/cgroup.procs; cat f32 > /dev/null )
cur pod/c2; ev pod/c2; ev pod
( echo $BASHPID > $C/pod/c2/cgroup.procs; head -c 4M /dev/zero > /tmp/t4 )
cur pod/c2
echo 1M > $C/pod/c1/memory.high
cur pod/c1; ev pod/c1
for t in pod/c2 pod/c2 pod/c1; do
  echo 3M > $C/$t/memory.reclaim 2>/tmp/err; rc=$?
  echo "reclaim 3M on $t: rc $rc $(sed 's/.*: //' /tmp/err)"; cur $t
done
echo max > $C/pod/memory.high; echo max > $C/pod/c1/memory.high
ev pod
rm f32 /tmp/t4
rmdir $C/pod/c1 $C/pod/c2 $C/pod; echo "rmdir $?"
