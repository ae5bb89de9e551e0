#!/bin/bash
# Written for memcgsim's conformance suite (session 15, conform15c: per-CPU costs).
# A parent with one child per CPU; each child made by a mkdir pinned to the next CPU
# (taskset: the child's per-CPU statistics are charged to the parent from there), then
# in it a dd pinned to the child's CPU writes a 64-page tmpfs file and exits. The
# file's pages stay charged to the child; what else the usages hold is the charge
# batches the CPUs' stocks keep (memcg_stock_pcp: one memcg per CPU, replaced by the
# next memcg charging there). The children are then removed one by one
# (css_offline drains the stocks that hold the removed memcg, drain_all_stock) and
# the parent's usage read after each, then the files deleted. Usage and shmem are
# printed in pages.
ncpu=$(nproc)
if [ -f /sys/fs/cgroup/cgroup.controllers ]; then
  R=/sys/fs/cgroup; V=2
  grep -qw memory $R/cgroup.subtree_control || echo +memory > $R/cgroup.subtree_control
else
  R=/sys/fs/cgroup/memory; V=1
fi
P=$R/stockp
mkdir $P
[ $V = 2 ] && echo +memory > $P/cgroup.subtree_control
mkdir -p /dev/shm/stockp
usage() {
  if [ $V = 2 ]; then echo $(( $(cat $1/memory.current) / 4096 ))
  else echo $(( $(cat $1/memory.usage_in_bytes) / 4096 )); fi
}
shmem() {
  local k=shmem
  [ $V = 1 ] && k=total_shmem
  echo $(( $(awk -v k=$k '$1 == k {print $2}' $1/memory.stat) / 4096 ))
}
echo "cgroup v$V, $ncpu CPUs"
for ((c = 0; c < ncpu; c++)); do
  taskset -c $(( (c + 1) % ncpu )) mkdir $P/cpu$c
  taskset -c $c sh -c "echo \$\$ > $P/cpu$c/cgroup.procs; exec dd if=/dev/zero of=/dev/shm/stockp/f$c bs=4096 count=64 2>/dev/null"
  echo "cpu$c wrote: child usage $(usage $P/cpu$c) pages, parent usage $(usage $P) pages"
done
sleep 1
echo "parent after the writes: usage $(usage $P) pages, shmem $(shmem $P) pages"
for ((c = 0; c < ncpu; c++)); do
  rmdir $P/cpu$c
  echo "cpu$c removed: parent usage $(usage $P) pages, shmem $(shmem $P) pages"
done
rm -f /dev/shm/stockp/f*
sleep 2
echo "files deleted: parent usage $(usage $P) pages, shmem $(shmem $P) pages"
rmdir /dev/shm/stockp
rmdir $P && echo "parent removed"
