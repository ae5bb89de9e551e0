#!/bin/bash
# Written for memcgsim's conformance suite (session 9, cgroup v2): a container
# runtime's parent/child layout (cf. test_memcontrol.c test_memcg_current and
# test_memcg_max, test_kmem.c's deletion test). The shell enters svc/app and makes a
# 2 MiB tmpfs file, reads 4 MiB of page cache (a file written from the root cgroup
# and dropped from the cache) and writes 1 MiB to the scratch disk; memory.stat of
# app and svc, /proc/meminfo's Dirty. Then memory.max on app (4 MiB) and on svc
# (8 MiB) while app reads more
# page cache: the "max" events go to the level that hit its limit, hierarchically
# in memory.events, only there in memory.events.local. Then app is removed: its pages
# stay charged to the dying memcg, and svc's hierarchical memory.stat and
# memory.current still count them, until the files go.
C=/sys/fs/cgroup
MB=$((1 << 20))
st() { awk -v k="$2" '$1 == k {v = $2} END {print v + 0}' $C/$1/memory.stat; }  # 0 if absent (5.10 has no pagetables)
ev() { awk -v k="$3" '$1 == k {print $2}' $C/$1/$2; }
echo +memory > $C/cgroup.subtree_control
mkdir $C/svc
echo +memory > $C/svc/cgroup.subtree_control
mkdir $C/svc/app
head -c 4M /dev/zero > read4m
head -c 8M /dev/zero > read8m
sync
echo 3 > /proc/sys/vm/drop_caches
echo $$ > $C/svc/app/cgroup.procs
head -c 2M /dev/zero > /tmp/shm2m
cat read4m > /dev/null
dirty() { awk '$1 == "Dirty:" {print $2}' /proc/meminfo; }
d0=$(dirty)
head -c 1M /dev/zero > write1m
echo "meminfo Dirty delta MiB: $(( ($(dirty) - d0 + 512) / 1024 ))"
for g in svc/app svc; do
  echo "$g: shmem $(st $g shmem) file_dirty $(st $g file_dirty) file_writeback $(st $g file_writeback)"
  echo "$g: file in MiB $(( $(st $g file) / MB )) file_mapped $(( $(st $g file_mapped) > 0 ))"
  echo "$g: anon > 0 $(( $(st $g anon) > 0 )) kernel_stack > 0 $(( $(st $g kernel_stack) > 0 )) pagetables > 0 $(( $(st $g pagetables) > 0 ))"
  echo "$g: file - shmem - active_file - inactive_file in bytes $(( $(st $g file) - $(st $g shmem) - $(st $g active_file) - $(st $g inactive_file) ))"
  echo "$g: current >= file + anon $(( $(cat $C/$g/memory.current) >= $(st $g file) + $(st $g anon) ))"
done
sync
echo "after sync: file_dirty $(st svc/app file_dirty) file_writeback $(st svc/app file_writeback) meminfo Dirty back $(( $(dirty) <= d0 ))"
echo 4M > $C/svc/app/memory.max
cat read8m > /dev/null
echo max > $C/svc/app/memory.max
echo 8M > $C/svc/memory.max
cat read8m > /dev/null
cat read4m > /dev/null
for g in svc/app svc; do
  for f in memory.events memory.events.local; do
    echo "$g $f: low $(ev $g $f low) high $(ev $g $f high) max > 0 $(( $(ev $g $f max) > 0 )) oom $(ev $g $f oom)"
  done
done
echo "app max events == svc hierarchical - svc local: $(( $(ev svc/app memory.events max) == $(ev svc memory.events max) - $(ev svc memory.events.local max) ))"
echo "svc current <= 8M: $(( $(cat $C/svc/memory.current) <= 8 * MB ))"
echo max > $C/svc/memory.max
echo $$ > $C/cgroup.procs
rmdir $C/svc/app
sleep 1
grep nr_ $C/svc/cgroup.stat
echo "svc after rmdir: shmem $(st svc shmem) current >= shmem $(( $(cat $C/svc/memory.current) >= $(st svc shmem) ))"
rm /tmp/shm2m
echo "svc after rm: shmem $(st svc shmem)"
