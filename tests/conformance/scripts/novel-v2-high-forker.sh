#!/bin/bash
# Written for memcgsim's conformance suite (session 39, novel39; cgroup v2): a build
# job (make -j3 style: three workers forking a writer per object, then a checksum)
# in a cgroup with memory.high 6M and no memory.max. The objects' page cache (12 MiB)
# goes over high: each charge over it counts a high event and the task reclaims the
# excess on its way back to user space (mem_cgroup_handle_over_high →
# reclaim_high), so the build never meets a max, no OOM, and the cgroup sits near
# high. The objects read back whole; the removed cgroup's cache stays (dying) until
# the objects are removed.
C=/sys/fs/cgroup
B=$C/build
MB=$((1 << 20))
echo +memory > $C/cgroup.subtree_control
mkdir $B; echo 6M > $B/memory.high
ev() { awk -v k=$1 '$1 == k {print $2}' $B/memory.events; }
file_mib() { awk '$1 == "file" {print int($2 / 1048576)}' $B/memory.stat; }
( echo $BASHPID > $B/cgroup.procs
  for w in 1 2 3; do
    ( for o in 1 2 3 4; do head -c 1M /dev/zero > obj$w.$o; done
      cat obj$w.* | md5sum > sum$w ) &
  done
  wait; echo "workers: $?" )
echo "events: high > 0 $(( $(ev high) > 0 )), max $(ev max), oom $(ev oom)"
echo "current <= high + 1M $(( $(cat $B/memory.current) <= 7 * MB )), file MiB <= 6 $(( $(file_mib) <= 6 ))"
cat sum1 sum2 sum3 | uniq -c | tr -s ' '
ls -l obj* | awk '{s += $5} END {print "objects MiB", s / 1048576}'
echo "procs left $(wc -l < $B/cgroup.procs)"
rmdir $B; echo "rmdir: $?"
grep dying $C/cgroup.stat
rm -f obj* sum*; sleep 1
grep dying $C/cgroup.stat
