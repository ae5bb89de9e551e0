#!/bin/sh
# The oracle guest's file system layout as its busybox init leaves it
# (memcgsim.oracle.image.INIT; the model's `--init busybox`, fs/__init__.py): the mount
# table, the boot-sized rootfs and devtmpfs (their size= is half of totalram_pages when
# they were mounted, before free_initmem and free_initrd_mem: MemTotal less that), the
# /sys and /proc directories, the init namespaces' inode numbers, and what cannot be
# made where. Run at --mem 1G and 2G, cgroup v1 and v2 (calibration/recordings/).
cat /proc/mounts
cat /proc/self/mountinfo
grep MemTotal /proc/meminfo
ls /sys /sys/fs | tr '\n' ' '; echo
ls -l /proc/self/ns | sed 's/.*[0-9] //' | tr '\n' ' '; echo
df /dev /tmp; df -i /dev /tmp
ls -A /dev | wc -l; find /dev | wc -l
ls -ld / /dev /tmp /sys /proc /sys/fs /sys/fs/cgroup | cut -c1-10
stat -f -c '%T' / /dev /tmp /sys /proc
ls /dev/shm; echo "rc=$?"
touch /sys/foo; echo "rc=$?"
echo x > /sys/fs/x; echo "rc=$?"
mkdir /sys/fs/y; echo "rc=$?"
rmdir /sys/fs/cgroup; echo "rc=$?"
