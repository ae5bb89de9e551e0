#!/bin/bash
# Written for memcgsim's conformance suite (session 34, novel34; cgroup v1): the v1
# knobs an old runtime still writes. memory.limit_in_bytes below the usage: clean ext4
# page cache is reclaimed and the write succeeds, tmpfs pages (no swap) are not and it
# fails with EBUSY after mem_cgroup_resize_max's reclaim; -1, max and suffixes;
# memory.soft_limit_in_bytes; memsw below memory (EINVAL, when swap accounting is on);
# memory.use_hierarchy writes at the root, with and without children, and in a child
# (5.10 still has the non-hierarchical mode: a child made under a use_hierarchy 0
# parent is charged alone; 6.1 refuses 0 with EINVAL); cgroup.clone_children and
# notify_on_release, inherited by a new child; swappiness and oom_control values.
M=/sys/fs/cgroup/memory
msg() { sed -e 's#^[^:]*: line [0-9]*: ##' -e 's#^[^:]*: /sys/fs/cgroup/memory/#bash: #' -e "s#^\(mkdir\|rmdir\): .*': #\1: #"; }
w() {  # w FILE VALUE: write, print the message, the status and the value read back
  echo "$2" 2>&1 > $M/$1 | msg; echo "write '$2' to $1: ${PIPESTATUS[0]}, reads $(head -n 1 $M/$1)"; }
b() { cat $M/$1/memory.$2; }
mount -t tmpfs -o size=16m lim /tmp/lim 2>/dev/null || { mkdir -p /tmp/lim; mount -t tmpfs -o size=16m lim /tmp/lim; }
w memory.use_hierarchy 0
mkdir -p $M/n/k
echo "n: use_hierarchy $(cat $M/n/memory.use_hierarchy), n/k: $(cat $M/n/k/memory.use_hierarchy)"
w n/memory.limit_in_bytes 1M
( echo $BASHPID > $M/n/k/cgroup.procs; exec head -c 2097152 /dev/zero > /tmp/lim/k ) 2>/dev/null
echo "k's write: $? ($(stat -c %s /tmp/lim/k) bytes written)"
echo "n usage_in_bytes $(b n usage_in_bytes), n/k usage_in_bytes $(b n/k usage_in_bytes), n/k hierarchical_memory_limit $(awk '$1 == "hierarchical_memory_limit" {print $2}' $M/n/k/memory.stat)"
echo "n total_cache $(awk '$1 == "total_cache" {print $2}' $M/n/memory.stat)"
rm -f /tmp/lim/k
rmdir $M/n/k $M/n; echo "rmdir n/k n: $?"
w memory.use_hierarchy 1
mkdir $M/a
for v in 8M -1 max 1.5M " 4096" 12345 0x1000 2g 64k; do w a/memory.limit_in_bytes "$v"; done
for v in 2M -1 max junk 1k; do w a/memory.soft_limit_in_bytes "$v"; done
w a/memory.limit_in_bytes 64M
( echo $BASHPID > $M/a/cgroup.procs; head -c 4194304 /dev/zero > /tmp/lim/shm; head -c 4194304 /dev/zero > disk.f; sync )
echo "a after 4M tmpfs + 4M ext4: usage_in_bytes $(b a usage_in_bytes), cache $(awk '$1 == "cache" {print $2}' $M/a/memory.stat)"
w a/memory.limit_in_bytes 6M
echo "a after limit 6M: usage_in_bytes $(b a usage_in_bytes), failcnt $(cat $M/a/memory.failcnt)"
w a/memory.limit_in_bytes 2M
echo "a after limit 2M: usage_in_bytes $(b a usage_in_bytes), limit $(b a limit_in_bytes)"
rm -f /tmp/lim/shm
w a/memory.limit_in_bytes 2M
echo "a after rm and limit 2M: usage_in_bytes $(b a usage_in_bytes)"
w a/memory.max_usage_in_bytes 5
echo "max_usage_in_bytes after reset: $(b a max_usage_in_bytes)"
w a/memory.failcnt 7
if [ -e $M/a/memory.memsw.limit_in_bytes ]; then
  w a/memory.memsw.limit_in_bytes 1M
  w a/memory.memsw.limit_in_bytes 4M
  w a/memory.limit_in_bytes 8M
  w a/memory.memsw.limit_in_bytes -1
else
  echo "no memsw files"
fi
for v in 101 -1 60 0; do w a/memory.swappiness "$v"; done
for v in 2 1 0; do w a/memory.oom_control "$v"; done
w memory.oom_control 1
for v in 2 -1 1; do w a/cgroup.clone_children "$v"; done
for v in 3 x 1; do w a/notify_on_release "$v"; done
mkdir $M/a/c
echo "a/c inherits: clone_children $(cat $M/a/c/cgroup.clone_children) notify_on_release $(cat $M/a/c/notify_on_release) use_hierarchy $(cat $M/a/c/memory.use_hierarchy) soft_limit $(cat $M/a/c/memory.soft_limit_in_bytes) swappiness $(cat $M/a/c/memory.swappiness)"
w a/c/memory.use_hierarchy 0
w a/memory.use_hierarchy 0
w memory.use_hierarchy 0
w memory.use_hierarchy 1
w a/memory.use_hierarchy 2
rmdir $M/a/c $M/a; echo "rmdir a/c a: $?"
rm -f disk.f
umount /tmp/lim
echo "memory cgroups: $(awk '$1 == "memory" {print $3, $4}' /proc/cgroups)"
