#!/bin/bash
# Written for memcgsim's conformance suite (session 16, cgroup v1 or v2): stat of the
# directory a shell sits in after it was removed (a dentry the task holds: its inode
# lives on). tmpfs: no links left (shmem_rmdir's drop_nlinks), the size of an empty
# directory (2 * BOGO_DIRENT_SIZE); ext4: no links (clear_nlink), size 0
# (ext4_rmdir), its block until the inode goes; a cgroup's (kernfs): subdirs + 2
# links (kernfs_iop_getattr -> kernfs_refresh_inode).
if [ -d /sys/fs/cgroup/memory ]; then C=/sys/fs/cgroup/memory; else C=/sys/fs/cgroup; fi
W=$PWD
for D in $C/st /tmp/st $W/st; do
  mkdir $D; cd $D; rmdir $D
  r=$?; s=$(stat -c "%h %s %b %F" .); echo "${D%/st}: rmdir $r, stat $?: $s"
  cd $W
done
