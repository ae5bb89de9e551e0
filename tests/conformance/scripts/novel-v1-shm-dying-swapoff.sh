#!/bin/bash
# Written for memcgsim's conformance suite (session 40, novel40; cgroup v1): the v1 twin
# of novel-v2-shm-dying-swapoff. A job left 12 MiB of files on a pod's tmpfs and its
# memory cgroup was removed (its shmem pages stay charged to the dead memcg, counted
# in the pod's hierarchical usage). The SRE lowers the pod's memory.limit_in_bytes
# with swap on: mem_cgroup_resize_max reclaims the pages to the swap file
# (shmem_writepage; mem_cgroup_swapout moves each page's memsw charge to the nearest
# online memcg, the pod), so usage falls and memsw.usage keeps the swap; swapoff
# reads them back charged to the pod (the entries record it); removing the files
# frees the rest and lets the dead memcg go (num_cgroups).
M=/sys/fs/cgroup/memory
P=$M/pod
T=/tmp/podtmp
mkdir -p $T && mount -t tmpfs -o size=32m podtmp $T || echo "mount failed"
mkdir $P; echo 1 > $P/memory.use_hierarchy 2>/dev/null; mkdir $P/job
ncg() { awk '$1 == "memory" {print $3}' /proc/cgroups; }
st() { awk -v k="$1" '$1 == k {print int($2 / 65536)}' $P/memory.stat; }
show() { echo "$1: usage/64K $(( $(cat $P/memory.usage_in_bytes) >> 16 )) memsw/64K $(( $(cat $P/memory.memsw.usage_in_bytes) >> 16 )) total_shmem/64K $(st total_shmem) total_swap/64K $(st total_swap) cgroups $(ncg)"; }
( echo $BASHPID > $P/job/cgroup.procs; head -c 8M /dev/zero > $T/a; head -c 4M /dev/zero > $T/b; echo "job: $?" )
rmdir $P/job; echo "rmdir job: $?"
show "after rmdir"
dd if=/dev/zero of=swapfile bs=1M count=32 2>/dev/null
chmod 600 swapfile; mkswap swapfile > /dev/null; swapon swapfile; echo "swapon: $?"
echo 6M > $P/memory.limit_in_bytes; echo "limit 6M: $?"
show "after limit 6M"
echo "failcnt > 0: $(( $(cat $P/memory.failcnt) > 0 ))"
echo -1 > $P/memory.limit_in_bytes
swapoff swapfile; echo "swapoff: $?"
show "after swapoff"
rm $T/a; show "after rm a"
rm $T/b; sleep 1; show "after rm b"
umount $T; rmdir $P; echo "rmdir pod: $?"
rm -f swapfile
