#!/bin/bash
# Written for memcgsim's conformance suite (issue 4). The seed loop (cgroup v1,
# move_charge_at_immigrate=1) with 100 iterations, then every `sleep 3600` it left
# is killed and, after `sleep 2` of settling, /proc/cgroups is read again: do the
# dying memory cgroups go away once the tasks whose kernel stacks pinned them exit?
cat /proc/cgroups | grep memory
cd /sys/fs/cgroup/memory
echo 1 > memory.move_charge_at_immigrate
P=
for i in {1..100}
do
mkdir kmem_test
echo $$ > kmem_test/cgroup.procs
sleep 3600 &
P="$P $!"
echo $$ > cgroup.procs
echo `cat kmem_test/cgroup.procs` > cgroup.procs
rmdir kmem_test
done
cat /proc/cgroups | grep memory
kill $P
wait 2>/dev/null
sleep 2
echo "after kill + sleep 2:"; cat /proc/cgroups | grep memory
