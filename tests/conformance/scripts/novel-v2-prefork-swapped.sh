#!/bin/bash
# Written for memcgsim's conformance suite (session 44, novel44; cgroup v2): a
# pre-forking service (a master that loads its data, then forks its workers) in a
# container whose memory.max made the master swap part of its data first. fork copies
# the master's swap ptes into each worker (copy_nonpresent_pte → swap_duplicate: one
# entry, one more reference, MM_SWAPENTS of the child), so each worker's VmSwap shows
# the master's while memory.swap.current counts each entry once (the swap charge is
# the entry's, not the ptes'). An SRE summing VmSwap over the container's tasks counts
# it three times. Killing the master frees no entry (the workers hold them); the
# workers' end frees them all. Sizes in MiB.
C=/sys/fs/cgroup
MB=$((1 << 20))
dd if=/dev/zero of=swapfile bs=1M count=32 2>/dev/null
chmod 600 swapfile; mkswap swapfile > /dev/null; swapon swapfile; echo "swapon: $?"
echo +memory > $C/cgroup.subtree_control
mkdir $C/ctr; echo 4M > $C/ctr/memory.max
mib() { echo $(( ($(cat $C/ctr/memory.$1) + MB / 2) / MB )); }
vmswap() { awk '$1 == "VmSwap:" {print $2}' /proc/$1/status; }
mkfifo go; exec 4<> go     # held open here: the writes below never block
( echo $BASHPID > $C/ctr/cgroup.procs
  printf -v data '%*s' 6000000 ''
  ( read y < go ) & ( read y < go ) &
  : > ready
  read y < go ) &
master=$!
n=0; until [ -e ready ] || [ $n -ge 120 ]; do sleep 0.5; n=$((n + 1)); done
sleep 0.5
workers=$(cat $C/ctr/cgroup.procs | grep -v -x $master)
sum=$(vmswap $master); w=
for p in $workers; do s=$(vmswap $p); sum=$((sum + s)); w="$w $(( (s + 512) / 1024 ))"; done
echo "forked: master VmSwap $(( ($(vmswap $master) + 512) / 1024 )) workers$w swap.current $(mib swap.current)"
echo "tasks' VmSwap / swap.current: $(( sum * 1024 * 10 / $(cat $C/ctr/memory.swap.current) ))/10"
kill -9 $master; wait $master
sleep 0.2
echo "master killed: procs $(wc -l < $C/ctr/cgroup.procs) swap.current $(mib swap.current)"
echo >&4; echo >&4
n=0; while [ -n "$(cat $C/ctr/cgroup.procs)" ] && [ $n -lt 50 ]; do sleep 0.1; n=$((n + 1)); done
echo "workers ended: swap.current $(cat $C/ctr/memory.swap.current) current < 1M: $(( $(cat $C/ctr/memory.current) < MB ))"
rmdir $C/ctr; echo "rmdir: $?"
swapoff swapfile; echo "swapoff: $?"
exec 4>&-; rm -f swapfile go ready
