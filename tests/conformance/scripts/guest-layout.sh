#!/bin/sh
# The oracle guest's file systems as its init leaves them (docs/fidelity.md item 127):
# the mount table in mount order, the boot-sized rootfs and devtmpfs, /sys a sysfs
# mount whose directories take no new names, no /dev/shm, the init namespaces.
cat /proc/mounts
cat /proc/self/mountinfo
grep MemTotal /proc/meminfo
ls /sys /sys/fs | tr '\n' ' '; echo
ls -l /proc/self/ns | sed 's/.*[0-9] //' | tr '\n' ' '; echo
readlink /proc/self/ns/cgroup
stat -L -c '%i %F' /proc/self/ns/net
cat /proc/self/ns/uts; echo "rc=$?"
df /dev /tmp; df -i /dev /tmp
ls -ld / /dev /tmp /sys /proc /sys/fs /sys/fs/cgroup | cut -c1-10
stat -f -c '%T' / /dev /tmp /sys /proc
ls /dev/shm; echo "rc=$?"
echo x > /dev/shm/f; echo "rc=$?"
mkdir /dev/shm && echo x > /dev/shm/f && cat /dev/shm/f
touch /sys/foo; echo "rc=$?"
echo x > /sys/fs/x; echo "rc=$?"
mkdir /sys/fs/y; echo "rc=$?"
rmdir /sys/fs/cgroup; echo "rc=$?"
mount -t tmpfs -o size=1m scratch /mnt/disk/work
grep -n scratch /proc/mounts
umount /mnt/disk/work
