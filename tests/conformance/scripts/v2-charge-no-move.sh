#!/bin/bash
# Written for memcgsim's conformance suite (session 10): on cgroup v2 a task's charges
# do not follow it to another cgroup (no memory.move_charge_at_immigrate: the page
# stays charged to the memcg that first touched it, Documentation/admin-guide/
# cgroup-v2.rst "Memory Ownership"). A shell writes 4 MiB to tmpfs in A, moves to B,
# appends 2 MiB and re-reads everything: B gets only the new pages. Then the
# whole file is removed: both drop.
ROOT=/sys/fs/cgroup
grep -qw memory $ROOT/cgroup.subtree_control || echo +memory > $ROOT/cgroup.subtree_control
mkdir $ROOT/A $ROOT/B
mib() { echo $(( $(awk -v k=$2 '$1 == k {print $2}' $ROOT/$1/memory.stat) / 1048576 )); }
show() { echo "$1: A shmem $(mib A shmem)M current>=4M $(( $(cat $ROOT/A/memory.current) >= 4194304 )); B shmem $(mib B shmem)M"; }
echo $$ > $ROOT/A/cgroup.procs
dd if=/dev/zero of=/tmp/owned bs=1M count=4 2>/dev/null
echo $$ > $ROOT/B/cgroup.procs
show "written in A, moved to B"
dd if=/dev/zero of=/tmp/owned bs=1M count=2 seek=4 conv=notrunc 2>/dev/null
cat /tmp/owned > /dev/null
show "appended and read in B"
echo "size $(( $(stat -c %s /tmp/owned) / 1048576 ))M"
truncate -s 1M /tmp/owned
show "truncated to 1M"
echo $$ > $ROOT/cgroup.procs
rm /tmp/owned
show "removed"
echo "populated: A $(grep populated $ROOT/A/cgroup.events) B $(grep populated $ROOT/B/cgroup.events)"
rmdir $ROOT/A $ROOT/B
