#!/bin/bash
# Written for memcgsim's conformance suite (session 29, lead): a tmpfs with size= and
# nr_inodes= (a container's /dev/shm is one: size=64m): writes past the size fail
# with ENOSPC after the pages that fit, names past nr_inodes too; df, /proc/mounts,
# remount, a mount over a mount; what the refused writes leave charged in the cgroup.
if grep -q cgroup2 /proc/mounts && [ -f /sys/fs/cgroup/cgroup.controllers ]; then
  R=/sys/fs/cgroup; echo +memory > $R/cgroup.subtree_control; U=memory.current
else
  R=/sys/fs/cgroup/memory; U=memory.usage_in_bytes
fi
mkdir $R/shm /mnt/m
mnt() { grep " /mnt/m " /proc/mounts | cut -d' ' -f3-4; }
for o in size=1x foo=1 size= nr_inodes=-1 mode=999 size=10%; do
  mount -t tmpfs -o $o none /mnt/m 2>&1; echo "mount -o $o: $?"
  grep -q " /mnt/m " /proc/mounts && { mnt; umount /mnt/m; }
done
mount -t tmpfs -o size=1M,nr_inodes=5,mode=700 shm /mnt/m; echo "mount: $?"
mnt; df /mnt/m | tail -1; ls -ld /mnt/m | cut -c1-10
(
  echo 0 > $R/shm/cgroup.procs
  dd if=/dev/zero of=/mnt/m/a bs=3000 count=400 2>&1 | tail -2
  ls -l /mnt/m/a | awk '{print "a", $5}'
  head -c 5000 /dev/zero > /mnt/m/b; echo "b: $?"
  echo x >> /mnt/m/a; echo "append: $?"
  dd if=/dev/zero of=/mnt/m/a bs=100 count=1 conv=notrunc 2>&1 | tail -1
  fallocate -l 8192 /mnt/m/c 2>&1; echo "fallocate: $?"
)
echo "usage $(( $(cat $R/shm/$U) / 4096 ))"
touch /mnt/m/d; echo "touch d: $?"
mkdir /mnt/m/e 2>&1; echo "mkdir e: $?"
ln -s a /mnt/m/l 2>&1; echo "symlink: $?"
ls /mnt/m | tr '\n' ' '; echo
df /mnt/m | tail -1; df -i /mnt/m | tail -1
mount -o remount,size=512k /mnt/m 2>&1; echo "remount 512k: $?"
mount -o remount,size=2M,nr_inodes=10 /mnt/m; echo "remount 2M: $?"; mnt
head -c 500000 /dev/zero > /mnt/m/b; echo "b now: $?"; df /mnt/m | tail -1
mount -t tmpfs -o size=8k top /mnt/m; echo "over: $?"; mnt | tail -1; ls /mnt/m | wc -l
umount /mnt/m; echo "umount top: $?"; ls /mnt/m | tr '\n' ' '; echo; mnt
rm /mnt/m/*; echo "usage after rm $(( $(cat $R/shm/$U) / 4096 ))"
umount /mnt/m; echo "umount: $?"
rmdir $R/shm
