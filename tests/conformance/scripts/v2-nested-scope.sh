#!/bin/bash
# Written for memcgsim's conformance suite (issue 12). A systemd-like loop, 200
# times: a nested scope a/b/c with the memory controller enabled down to c, the
# shell joins c and forks `sleep 3600 &`, the sleep is moved to a live sibling
# (as systemd moves a unit's process), the shell goes back to the root and the
# scope is removed (rmdir c b a). Who is first after fork: the parent's move of
# the child or the child's exec (whose pages pin c if they are charged there)?
cd /sys/fs/cgroup
echo +memory > cgroup.subtree_control
mkdir live
P=
for i in {1..200}
do
mkdir -p a/b/c
echo +memory > a/cgroup.subtree_control
echo +memory > a/b/cgroup.subtree_control
echo $$ > a/b/c/cgroup.procs
sleep 3600 &
echo $! > live/cgroup.procs
P="$P $!"
echo $$ > cgroup.procs
rmdir a/b/c a/b a
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
