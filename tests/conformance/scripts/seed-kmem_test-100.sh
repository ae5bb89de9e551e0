#!/bin/bash
# Written for memcgsim's conformance suite (issue 4). The seed loop of the cover
# letter (cgroup v1, move_charge_at_immigrate=1), shortened to 100 iterations, with
# /proc/cgroups' memory line before and after. Used by cases that vary the boot
# options (cgroup.memory=nokmem) or the CPU count (1 vCPU).
cat /proc/cgroups | grep memory
cd /sys/fs/cgroup/memory
echo 1 > memory.move_charge_at_immigrate
for i in {1..100}
do
mkdir kmem_test
echo $$ > kmem_test/cgroup.procs
sleep 3600 &
echo $$ > cgroup.procs
echo `cat kmem_test/cgroup.procs` > cgroup.procs
rmdir kmem_test
done
cat /proc/cgroups | grep memory
