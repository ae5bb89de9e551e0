# ext4's statfs (fs/ext4/super.c ext4_statfs) on the scratch disk: its blocks less
# the overhead (s_overhead_clusters), the free ones less those written and not yet
# allocated (dirty clusters), available less the reserved and s_resv_clusters;
# busybox df and stat -f read it, a tmpfs's too
df /mnt/disk /tmp
dd if=/dev/zero of=f bs=1M count=10 2>/dev/null
df /mnt/disk
sync
df /mnt/disk
fallocate -l 8M g
df -h /mnt/disk
rm f g
sync
df -P /mnt/disk
stat -f -c '%b %f %a %c %d' .
mkdir d1 d2
touch d1/a d1/b
stat -f -c '%c %d' .
df -k /
echo "df: $?"
