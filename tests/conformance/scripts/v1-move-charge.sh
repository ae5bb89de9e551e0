#!/bin/bash
# Written for memcgsim's conformance suite (session 9): cgroup v1
# memory.move_charge_at_immigrate, as set by container managers on v1 hosts. A
# subshell holds 8 MB of anon memory (a bash string) and waits for its sleep in group
# src; the subshell alone is moved to dst with dst's move_charge_at_immigrate 0, 1 (anon), 2 (file) and 3. With
# bit 0 set the task's anon pages charged to src go with it (mm/memcontrol.c
# mem_cgroup_can_attach / mem_cgroup_move_charge); a tmpfs file written in src and not
# mapped stays charged to src whatever the bits (only mapped pages move).
cd /sys/fs/cgroup/memory
mb() { echo $(( $(cat $1/memory.usage_in_bytes) >> 20 )); }
rss() { awk '$1 == "rss" {print int($2 / 1048576)}' $1/memory.stat; }
for mode in 0 1 2 3; do
  mkdir src dst
  echo $mode > dst/memory.move_charge_at_immigrate
  (echo $BASHPID > src/cgroup.procs; dd if=/dev/zero of=/tmp/mc.tmp bs=64k count=32 2>/dev/null)
  (echo $BASHPID > src/cgroup.procs; printf -v x '%*s' 8000000 ''; : > /tmp/mc.ready
   sleep 3600; :) &
  until [ -e /tmp/mc.ready ]; do sleep 0.1; done
  rm /tmp/mc.ready; sleep 0.5
  echo "mode $mode before: src $(mb src)M rss $(rss src)M, dst $(mb dst)M rss $(rss dst)M"
  echo $! > dst/cgroup.procs
  echo "mode $mode after: src $(mb src)M rss $(rss src)M, dst $(mb dst)M rss $(rss dst)M"
  echo "tasks: src $(wc -l < src/cgroup.procs) dst $(wc -l < dst/cgroup.procs)"
  # the subshell first (it dies waiting), then its sleep: killed the other way round,
  # whether the subshell reports the sleep's SIGTERM first is a race of the wakeups
  kill $! $(cat src/cgroup.procs); wait $! 2>/dev/null
  rm /tmp/mc.tmp
  sleep 1
  rmdir src dst
done
# a forked worker: the subshell holding the string forks a child subshell, which shares
# the string's pages copy-on-write; the child is moved first (the shared pages mapped
# by it and charged to src move with it: mapcount is not looked at since v3.4), then
# the parent (nothing of src left to move)
mkdir src dst
echo 1 > dst/memory.move_charge_at_immigrate
(echo $BASHPID > src/cgroup.procs; printf -v x '%*s' 8000000 ''
 (sleep 3600; :) & echo $! > /tmp/mc.child; wait) &
until [ -s /tmp/mc.child ]; do sleep 0.1; done
sleep 0.5
echo "shared before: src $(mb src)M rss $(rss src)M, dst $(mb dst)M rss $(rss dst)M"
echo $(cat /tmp/mc.child) > dst/cgroup.procs
echo "child moved: src $(mb src)M rss $(rss src)M, dst $(mb dst)M rss $(rss dst)M"
echo $! > dst/cgroup.procs
echo "parent moved: src $(mb src)M rss $(rss src)M, dst $(mb dst)M rss $(rss dst)M"
kill $(cat dst/cgroup.procs src/cgroup.procs); wait $! 2>/dev/null
rm /tmp/mc.child
sleep 1
rmdir src dst
