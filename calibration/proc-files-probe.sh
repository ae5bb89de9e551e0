#!/bin/bash
# memcgsim calibration (session 27, branch procfs27): the /proc and /sys files
# reproducers read, raw, on the guest (fs/procmaps.py, fs/procsys.py and their
# constants): a busybox tail holding 4 MiB of anon in a fresh cgroup, the script's
# bash, then the global files; then the errors (writes to read-only files, a dead
# pid's files, a file held open across the task's exit).
#   memcgsim oracle calibration/proc-files-probe.sh --kernel K --cgroup v2
#     --record calibration/recordings/proc-files-probe--K-v2.txt
cd /sys/fs/cgroup
[ -e cgroup.subtree_control ] && { echo +memory > cgroup.subtree_control; G=.; } || G=memory
mkdir $G/pf
( echo $BASHPID > $G/pf/cgroup.procs; { head -c 4M /dev/zero; sleep 30; } | tail > /dev/null ) &
sleep 4
for p in $(cat $G/pf/cgroup.procs); do [ "$(cat /proc/$p/comm)" = tail ] && T=$p; done
echo "tail pid $T"
for f in maps smaps smaps_rollup numa_maps status statm io limits oom_score oom_score_adj mountinfo; do
  echo "=== /proc/tail/$f"; cat /proc/$T/$f
done
echo "=== /proc/tail/environ"; tr '\0' '\n' < /proc/$T/environ
echo "=== memory.stat"; grep -E '^(anon|file|shmem|file_mapped|anon_thp) ' $G/pf/memory.stat 2>/dev/null || grep -E '^(rss|cache|mapped_file|shmem|rss_huge) ' $G/pf/memory.stat
for f in maps smaps_rollup status; do echo "=== /proc/bash/$f"; cat /proc/$$/$f; done
echo "=== /proc/self/maps (cat)"; cat /proc/self/maps
echo "=== /proc/self/smaps_rollup (cat)"; cat /proc/self/smaps_rollup
for f in zoneinfo buddyinfo pagetypeinfo vmallocinfo pressure/memory pressure/cpu pressure/io version filesystems interrupts iomem sys/vm/overcommit_memory sys/vm/overcommit_ratio sys/kernel/osrelease sys/kernel/ostype sys/fs/file-nr sys/fs/inode-nr sys/fs/file-max meminfo; do
  echo "=== /proc/$f"; cat /proc/$f; echo "rc $?"
done
for f in devices/system/cpu/online devices/system/cpu/possible devices/system/cpu/present devices/system/cpu/offline devices/system/node/online devices/system/node/possible devices/system/node/node0/meminfo devices/system/node/node0/cpulist kernel/mm/transparent_hugepage/enabled kernel/mm/transparent_hugepage/defrag kernel/mm/transparent_hugepage/use_zero_page kernel/mm/transparent_hugepage/hpage_pmd_size kernel/mm/transparent_hugepage/shmem_enabled; do
  echo "=== /sys/$f"; cat /sys/$f; echo "rc $?"
done
echo "=== ls"
ls -l /proc/self/ | awk '{print $1, $NF}' | head -80
ls -l /proc/pressure /sys/devices/system/cpu/online /sys/kernel/mm/transparent_hugepage/ /sys/devices/system/node/node0/meminfo /proc/zoneinfo /proc/pagetypeinfo /proc/vmallocinfo /proc/iomem /proc/sys/vm/overcommit_memory /proc/sys/fs/file-nr /proc/version
echo "=== errors"
for f in /proc/self/maps /proc/self/smaps /proc/self/smaps_rollup /proc/self/numa_maps /proc/self/environ /proc/self/io /proc/self/limits /proc/self/oom_score /proc/self/mountinfo /proc/zoneinfo /proc/buddyinfo /proc/version /proc/pressure/memory /proc/sys/fs/file-nr /proc/sys/kernel/osrelease /sys/devices/system/cpu/online /sys/devices/system/node/node0/meminfo; do
  ( echo x > $f ) 2>&1; echo "write $f rc $?"
done
( echo bogus > /sys/kernel/mm/transparent_hugepage/enabled ) 2>&1; echo "thp enabled bogus rc $?"
( echo 5 > /proc/sys/vm/overcommit_memory ) 2>&1; echo "overcommit 5 rc $?"
( echo some 150000 1000000 > /proc/pressure/memory ) 2>&1; echo "psi trigger rc $?"
sleep 60 & D=$!
exec 5< /proc/$D/status 6< /proc/$D/smaps 7< /proc/$D/maps 8< /proc/$D/smaps_rollup 9< /proc/$D/io
kill $D; wait $D 2>/dev/null
for fd in 5 6 7 8 9; do cat <&$fd > /dev/null; echo "held fd $fd after exit rc $?"; done
exec 5<&- 6<&- 7<&- 8<&- 9<&-
for f in maps smaps smaps_rollup status io environ limits; do cat /proc/$D/$f 2>&1; echo "dead $f rc $?"; done
sh -c 'sleep 1 & echo $! > /tmp/zp; exec sleep 5' &
sleep 3; Z=$(cat /tmp/zp)
echo "zombie state $(awk '{print $3}' /proc/$Z/stat)"
for f in maps smaps smaps_rollup status io environ statm; do echo "zombie $f: $(cat /proc/$Z/$f 2>&1 | wc -c) bytes rc $?"; done
kill $T
wait
rmdir $G/pf
