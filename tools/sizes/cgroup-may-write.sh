#!/bin/bash
# Written for memcgsim (session 25, branch kernfs25): cgroup.procs writes on cgroup2
# and the inodes they allocate (kernfs_get_inode of
# the common ancestor's cgroup.procs: cgroup_may_write; the inode, unused once
# iput, evicted at once: kernfs_sops .drop_inode = generic_delete_inode). 10 sleeps
# moved from the root into x, whose own dentries are cached first.
#   memcgsim oracle tools/sizes/cgroup-may-write.sh --kernel 5.10|6.1 --cgroup v2
T=/sys/kernel/tracing; [ -d $T/events ] || mount -t tracefs nodev $T
R=/sys/fs/cgroup
mkdir $R/x
for i in 1 2 3 4 5 6 7 8 9 10; do sleep 60 & pids="$pids $!"; done
cat $R/x/cgroup.procs > /dev/null      # x's dentry and its cgroup.procs' cached
kp() { echo "$1" >> $T/kprobe_events 2>/dev/null || echo "no probe: $1"; }
kp "p:kgi kernfs_get_inode"
kp "p:ai alloc_inode"
kp "p:evi kernfs_evict_inode"
kp "p:dsi destroy_inode"
echo 1 > $T/events/kprobes/enable
echo 1 > $T/tracing_on
echo mark writes > $T/trace_marker
for p in $pids; do echo $p > $R/x/cgroup.procs; done
echo mark done > $T/trace_marker
sleep 1
echo 0 > $T/tracing_on
grep -v '^#' $T/trace | awk '{for (i = 1; i <= NF; i++) if ($i ~ /^[0-9]+\.[0-9]+:$/) {print $(i+1); break}}' | sort | uniq -c
grep -v '^#' $T/trace | head -12
kill $pids
