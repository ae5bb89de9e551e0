#!/bin/bash
# Written for memcgsim's conformance suite (session 14, cgroup v1): a v1 manager
# re-applies a unit's settings to a group that already has children and tasks, and
# logs each write's status and errno in a table (mm/memcontrol.c mem_cgroup_write,
# mem_cgroup_hierarchy_write, mem_cgroup_move_charge_write, mem_cgroup_swappiness_write,
# mem_cgroup_oom_control_write, mem_cgroup_force_empty_write, mem_cgroup_reset;
# kernel/cgroup/cgroup-v1.c cgroup_clone_children_write, cgroup_write_notify_on_release).
M=/sys/fs/cgroup/memory
cd $M
n=0
set_() {   # set_ FILE VALUE: one numbered row, the errno text, what reads back
  local m rc
  m=$( { echo "$2" > "$1"; } 2>&1 ); rc=$?
  n=$((n + 1))
  echo "$n $1 <- '$2': $rc ${m##*: } => $(head -n 1 "$1" 2>&1 | sed 's/.*: //')"
}
mkdir unit unit/a unit/b
sleep 300 & s1=$!
sleep 300 & s2=$!
echo $s1 > unit/a/cgroup.procs
echo $s2 > unit/cgroup.procs
for f in memory.use_hierarchy memory.move_charge_at_immigrate memory.swappiness memory.oom_control; do
  for v in 1 0 2; do set_ unit/$f $v; done
done
set_ unit/memory.swappiness 60
set_ unit/memory.move_charge_at_immigrate 3
set_ unit/memory.move_charge_at_immigrate 4
set_ unit/memory.soft_limit_in_bytes 32M
set_ unit/memory.soft_limit_in_bytes -1
set_ unit/memory.limit_in_bytes 256M
set_ unit/a/memory.limit_in_bytes 512M
echo "a hierarchical_memory_limit $(awk '$1 == "hierarchical_memory_limit" {print $2}' unit/a/memory.stat)"
set_ unit/memory.memsw.limit_in_bytes 128M
set_ unit/memory.memsw.limit_in_bytes 512M
set_ unit/memory.limit_in_bytes 1G
set_ unit/memory.max_usage_in_bytes 5 | sed 's/=> .*/=> (the usage)/'
set_ unit/memory.failcnt 7
set_ unit/memory.failcnt abc
set_ unit/memory.force_empty 1
set_ unit/memory.force_empty 0
set_ unit/cgroup.clone_children 2
set_ unit/cgroup.clone_children 1
set_ unit/notify_on_release 1
set_ unit/notify_on_release 5
set_ unit/memory.kmem.tcp.limit_in_bytes 1M
set_ unit/memory.kmem.tcp.limit_in_bytes -1
set_ unit/b/memory.kmem.limit_in_bytes 1M
set_ unit/b/memory.kmem.limit_in_bytes -1
set_ unit/cgroup.event_control "1 2 3"
set_ unit/cgroup.event_control junk
set_ memory.use_hierarchy 0
set_ memory.force_empty 1
set_ memory.soft_limit_in_bytes 1M
set_ memory.oom_control 1
set_ memory.move_charge_at_immigrate 1
set_ memory.memsw.limit_in_bytes 1G
echo "a: swappiness $(cat unit/a/memory.swappiness) move $(cat unit/a/memory.move_charge_at_immigrate) oom_kill_disable $(awk '$1 == "oom_kill_disable" {print $2}' unit/a/memory.oom_control)"
mkdir unit/c
echo "new c: swappiness $(cat unit/c/memory.swappiness) move $(cat unit/c/memory.move_charge_at_immigrate) oom_kill_disable $(awk '$1 == "oom_kill_disable" {print $2}' unit/c/memory.oom_control) clone_children $(cat unit/c/cgroup.clone_children) notify $(cat unit/c/notify_on_release)"
kill $s1 $s2; wait
sleep 0.5
rmdir unit/a unit/b unit/c unit; echo "rmdir: $?"
