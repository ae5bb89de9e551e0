#!/bin/bash
# Written for memcgsim's conformance suite (session 40, novel40; cgroup v2): a job left
# 12 MiB of files on a pod's tmpfs and its cgroup was removed; the shmem pages stay
# charged to the dying memcg (counted in the pod's memory.current and memory.stat
# shmem). The SRE then squeezes the pod with swap on: memory_max_write reclaims the
# dying child's shmem to the swap file (shmem_writepage → add_to_swap_cache; the swap
# charge goes to mem_cgroup_id_get_online's memcg: the dying child's ID is no longer
# held, so the pod's). swapoff reads the pages back (shmem_unuse → swapin): the
# entries record the pod, online, so the swap-in charges it (v5.10 mem_cgroup_charge,
# v6.1 mem_cgroup_swapin_charge_folio) and the pod's memory.current is back, while the
# child stays dying, held by its pages that were not swapped. Removing the files frees
# the rest.
C=/sys/fs/cgroup
P=$C/pod
T=/tmp/podtmp
mkdir -p $T && mount -t tmpfs -o size=32m podtmp $T || echo "mount failed"
echo +memory > $C/cgroup.subtree_control
mkdir $P; echo +memory > $P/cgroup.subtree_control; mkdir $P/job
dying() { awk '$1 == "nr_dying_descendants" {print $2}' $P/cgroup.stat; }
st() { awk -v k="$2" '$1 == k {print int($2 / 65536)}' $C/$1/memory.stat; }
show() { echo "$1: current/64K $(( $(cat $P/memory.current) >> 16 )) shmem/64K $(st pod shmem) swap/64K $(( $(cat $P/memory.swap.current) >> 16 )) dying $(dying)"; }
( echo $BASHPID > $P/job/cgroup.procs; head -c 8M /dev/zero > $T/a; head -c 4M /dev/zero > $T/b; echo "job: $?" )
echo "job shmem/64K $(st pod/job shmem)"
rmdir $P/job; echo "rmdir job: $?"
show "after rmdir"
dd if=/dev/zero of=swapfile bs=1M count=32 2>/dev/null
chmod 600 swapfile; mkswap swapfile > /dev/null; swapon swapfile; echo "swapon: $?"
echo 6M > $P/memory.max; echo "max 6M: $?"
show "after max 6M"
echo "pod events: $(grep -E '^(max|oom|oom_kill) ' $P/memory.events | tr '\n' ' ')"
echo "swapped pages >= 1024: $(( $(awk '$1 == "pswpout" {print $2}' /proc/vmstat) >= 1024 ))"
echo max > $P/memory.max
swapoff swapfile; echo "swapoff: $?"
show "after swapoff"
echo "files KiB: $(du -k $T | awk '{print $1}')"
rm $T/a; show "after rm a"
rm $T/b; sleep 1; show "after rm b"
umount $T; rmdir $P; echo "rmdir pod: $?"
rm -f swapfile
