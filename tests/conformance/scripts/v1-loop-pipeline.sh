#!/bin/bash
# Written for memcgsim's conformance suite (session 9): the cover letter's kmem_test loop
# (seed-kmem_test.sh) with a pipeline as the body, as a job runner would start a job
# in a fresh v1 group: each iteration's group holds `sleep 3600 | cat`, both moved out
# one pid per write, then the group removed; 100 iterations. Then how many memory
# cgroups /proc/cgroups counts (the dying ones held by the sleepers' kernel memory on
# 5.10), again 2 s later, and after killing the pipelines.
grep memory /proc/cgroups
cd /sys/fs/cgroup/memory
echo 1 > memory.move_charge_at_immigrate
for i in $(seq 100); do
  mkdir kt
  echo $$ > kt/cgroup.procs
  sleep 3600 | cat &
  echo $$ > cgroup.procs
  for p in $(cat kt/cgroup.procs); do echo $p > cgroup.procs; done
  rmdir kt
done
grep memory /proc/cgroups
sleep 2
grep memory /proc/cgroups
kill $(jobs -p)
sleep 2
grep memory /proc/cgroups
