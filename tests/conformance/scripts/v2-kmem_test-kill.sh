#!/bin/bash
# Written for memcgsim's conformance suite (issue 12). The cover letter's loop on
# cgroup v2: 500 times, mkdir kmem_test, the shell joins it, forks `sleep 3600 &`,
# moves itself and then the sleep back to the root, rmdir. On v2 nothing moves the
# charges, so while the sleepers live their pages pin every kmem_test; then every
# sleeper is killed and, 5 s later, what stays dying is pinned by pages of the
# looping shell itself (heap growth and copy-on-write copies it faulted while it
# was in a kmem_test).
cd /sys/fs/cgroup
echo +memory > cgroup.subtree_control
grep memory /proc/cgroups
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
echo "after the loop:"
grep memory /proc/cgroups
grep nr_dying_descendants cgroup.stat
kill $P
wait 2>/dev/null
sleep 5
echo "after kill + sleep 5:"
grep memory /proc/cgroups
grep nr_dying_descendants cgroup.stat
