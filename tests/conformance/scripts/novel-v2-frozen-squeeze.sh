#!/bin/bash
# Written for memcgsim's conformance suite (session 43, novel43; cgroup v2): a runtime
# "hibernating" an idle container (pod hibernation, suspend to swap): cgroup.freeze 1,
# then memory.max lowered from 16M to 3M so that the container's memory goes to swap
# while its tasks are frozen. memory_max_write's loop reclaims without the tasks'
# help (try_to_unmap of the frozen tail's ptes, shrink_page_list writing each page
# to the swap file); the swap has room, so nobody is OOM-killed and memory.events
# counts nothing (the write counts no max event). The limit is then put back and the
# container thawed: its memory stays in swap (nothing touches it). Finally its tasks
# are killed while frozen again (a fatal signal wakes a frozen task to exit): the
# entries are freed (but what the per-CPU swap slot caches hold) and the cgroup is
# removed. Sizes in MiB.
C=/sys/fs/cgroup
MB=$((1 << 20))
dd if=/dev/zero of=swapfile bs=1M count=32 2>/dev/null
chmod 600 swapfile; mkswap swapfile > /dev/null; swapon swapfile; echo "swapon: $?"
echo +memory > $C/cgroup.subtree_control
mkdir $C/ctr; echo 16M > $C/ctr/memory.max
mib() { echo $(( $(cat $C/ctr/memory.$1) / MB )); }
ev() { awk -v k=$2 '$1 == k {print $2}' $C/ctr/memory.$1; }
st() { awk -v k=$1 '$1 == k {print int($2 / 1048576)}' $C/ctr/memory.stat; }
frozen() { awk '$1 == "frozen" {print $2}' $C/ctr/cgroup.events; }
( echo $BASHPID > $C/ctr/cgroup.procs
  { head -c 8M /dev/zero; sleep 1000; } | tail > /dev/null ) &
held() { echo $(( $(awk '$1 == "anon" {print $2}' $C/ctr/memory.stat) + $(cat $C/ctr/memory.swap.current) )); }
n=0; while [ $(held) -lt $((8 * MB)) ] && [ $n -lt 120 ]; do sleep 0.5; n=$((n + 1)); done
sleep 1
echo "filled: current $(mib current) anon $(st anon) swap $(mib swap.current)"
echo 1 > $C/ctr/cgroup.freeze
n=0; while [ $(frozen) -eq 0 ] && [ $n -lt 20 ]; do sleep 0.2; n=$((n + 1)); done
echo "frozen: $(frozen)"
echo 3M > $C/ctr/memory.max; echo "max 3M: $?"
echo "squeezed: current $(mib current) anon $(st anon) swap $(mib swap.current) oom $(ev events oom) max $(ev events max)"
echo 16M > $C/ctr/memory.max
echo 0 > $C/ctr/cgroup.freeze
sleep 0.5
echo "thawed: frozen $(frozen) current $(mib current) swap $(mib swap.current) procs $(wc -l < $C/ctr/cgroup.procs)"
echo 1 > $C/ctr/cgroup.freeze
{ kill -9 $(cat $C/ctr/cgroup.procs); wait
  echo "killed: procs $(wc -l < $C/ctr/cgroup.procs) current < 1M $(( $(cat $C/ctr/memory.current) < MB )) swap < 1M $(( $(cat $C/ctr/memory.swap.current) < MB ))"; } 2>/dev/null
rmdir $C/ctr; echo "rmdir: $?"
swapoff swapfile; echo "swapoff: $?"
rm -f swapfile
