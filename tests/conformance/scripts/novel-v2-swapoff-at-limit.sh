#!/bin/bash
# Written for memcgsim's conformance suite (session 42, novel42; cgroup v2): an SRE
# turning swap off on a node (kubelet's precondition) while a container sits at its
# memory.max with part of its memory swapped. The container (memory.max 6M) runs a
# tool buffering 10 MiB (tail of a stream without newlines): about 4 MiB goes to a
# swap file. swapoff (try_to_unuse) reads every entry back in, charging each page to
# the memcg its entry records (the container, online), not to swapoff's own: the
# charges meet memory.max, reclaim has no swap left (the area is no longer
# SWP_WRITEOK) and nothing else to take, so the container's OOM killer takes the tail
# (its pages and swap counted by oom_badness). But swapoff holds the tail's mm while
# it unuses it (mmget_not_zero): the tail's exit frees nothing, the next charges kill
# the container's shells, then find nobody, and swapoff fails with ENOMEM, the area
# back on, until a second swapoff, the container empty, succeeds; unless the OOM
# reaper has reaped the tail's mm meanwhile (its pages and entries freed): then the
# first swapoff succeeds (a race on the guests). Sizes in MiB.
C=/sys/fs/cgroup
MB=$((1 << 20))
dd if=/dev/zero of=swapfile bs=1M count=32 2>/dev/null
chmod 600 swapfile; mkswap swapfile > /dev/null; swapon swapfile; echo "swapon: $?"
echo +memory > $C/cgroup.subtree_control
mkdir $C/ctr; echo 6M > $C/ctr/memory.max
mib() { echo $(( $(cat $C/ctr/memory.$1) / MB )); }
ev() { awk -v k=$2 '$1 == k {print $2}' $C/ctr/memory.$1; }
mkfifo go; exec 4<> go     # held open here: the signal below never blocks
( echo $BASHPID > $C/ctr/cgroup.procs
  { head -c 10M /dev/zero; read x < go; } | tail > /dev/null
  echo "pipeline: ${PIPESTATUS[*]}" ) &
w=$!
held() { echo $(( $(awk '$1 == "anon" {print $2}' $C/ctr/memory.stat) + $(cat $C/ctr/memory.swap.current) )); }
n=0; while [ $(held) -lt $((10 * MB)) ] && [ $n -lt 120 ]; do sleep 0.5; n=$((n + 1)); done
sleep 1
echo "filled: current $(mib current) swap $(mib swap.current) oom_kill $(ev events oom_kill)"
swapoff swapfile 2>/dev/null; echo "swapoff: $?"
echo "after swapoff: oom_kill $(ev events oom_kill) swap $(cat $C/ctr/memory.swap.current) swaps $(( $(wc -l < /proc/swaps) - 1 ))"
echo >&4
wait $w
echo "after: current < 1M: $(( $(cat $C/ctr/memory.current) < MB )) procs $(wc -l < $C/ctr/cgroup.procs) oom > 0: $(( $(ev events oom) > 0 ))"
rmdir $C/ctr; echo "rmdir: $?"
swapoff swapfile 2>/dev/null; echo "swapoff again: $?"
exec 4>&-; rm -f swapfile go
