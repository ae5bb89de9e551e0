#!/bin/bash
# Written for memcgsim's conformance suite (session 11): what symbolic links and FIFOs
# charge, seen through dying cgroups. Each job in its own cgroup makes one link (short
# or long target, on tmpfs or on the ext4 disk) or writes 8 KiB into a FIFO the runner
# holds open, then the runner moves out and rmdirs. A link's inode and dentry are slab
# objects (reparented: they pin nothing); a long target in a page (tmpfs's shmem page,
# ext4's data block) keeps the job's memcg dying until the link goes; the FIFO's pages
# are kmem pages (5.10: they pin the memcg; 6.1: obj_cgroup, reparented).
ROOT=/sys/fs/cgroup
grep -qw memory $ROOT/cgroup.subtree_control || echo +memory > $ROOT/cgroup.subtree_control
mkdir $ROOT/jobs
echo +memory > $ROOT/jobs/cgroup.subtree_control
W=/mnt/disk/work
count() { echo "$1: nr_dying $(awk '$1 == "nr_dying_descendants" {print $2}' $ROOT/jobs/cgroup.stat)"; }
L=$(printf 'x%.0s' $(seq 150))
job() {
  mkdir $ROOT/jobs/j$1
  echo $$ > $ROOT/jobs/j$1/cgroup.procs
  eval "$2"
  echo $$ > $ROOT/cgroup.procs
  rmdir $ROOT/jobs/j$1
}
for i in $(seq 1 5); do
  job s$i "ln -s short$i /tmp/s$i"
  job l$i "ln -s $L$i /tmp/l$i"
  job S$i "ln -s short$i $W/s$i"
  job L$i "ln -s $L$i $W/l$i"
done
sleep 1
count "after 20 links"
stat -c '%F %s %b' /tmp/s1 /tmp/l1 $W/s1 $W/l1
readlink /tmp/l1 | wc -c
rm -f /tmp/s* /tmp/l*
sleep 1
count "after rm of the tmpfs links"
sync
rm -f $W/s* $W/l*
sleep 1
count "after rm of the disk links"
mkfifo /tmp/f
exec 3<>/tmp/f
for i in $(seq 1 5); do
  job f$i "head -c 8192 /dev/zero >&3"
done
sleep 1
count "after 5 FIFO writers"
exec 3>&-
sleep 1
count "after the FIFO's close"
rm /tmp/f
rmdir $ROOT/jobs
echo done
