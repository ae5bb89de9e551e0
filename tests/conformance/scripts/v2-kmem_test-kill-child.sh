#!/bin/bash
# Written for memcgsim's conformance suite (issue 12). v2-kmem_test-kill.sh's loop
# and kill phase run by a child bash: the removed cgroups its own pages pin stay
# dying while it lives and are freed once it exits.
cd /sys/fs/cgroup
echo +memory > cgroup.subtree_control
bash -c '
P=
for i in {1..500}
do
mkdir kmem_test
echo $$ > kmem_test/cgroup.procs
sleep 3600 &
P="$P $!"
echo $$ > cgroup.procs
echo `cat kmem_test/cgroup.procs` > cgroup.procs
rmdir kmem_test
done
echo "child, after the loop:"
grep nr_dying_descendants cgroup.stat
kill $P
wait 2>/dev/null
sleep 5
echo "child, after kill + sleep 5:"
grep nr_dying_descendants cgroup.stat
'
echo "the child bash exited:"
grep nr_dying_descendants cgroup.stat
sleep 5
echo "5 s later:"
grep memory /proc/cgroups
grep nr_dying_descendants cgroup.stat
