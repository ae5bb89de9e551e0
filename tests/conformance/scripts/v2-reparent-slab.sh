#!/bin/bash
# Written for memcgsim's conformance suite (session 11, cgroup v2): what the parent's
# memory.stat shows once its children are gone. Each of 4 children of "svc" runs a
# job that creates 200 empty files in its own directory on the scratch disk
# (dentries and ext4 inodes: slab_reclaimable charged through the child's obj_cgroup)
# and 100 in a tmpfs directory (shmem inodes: slab_unreclaimable... and dentries),
# writes 256 KiB of tmpfs data, and exits; the children are removed. Their slab
# objects are reparented with the obj_cgroup (memcg_reparent_objcgs), their pages
# stay charged to the dying memcgs but counted in svc's hierarchical stats. svc's
# memory.stat (KiB) before and after the rmdirs, after the files go, and
# cgroup.stat / memory.events.
C=/sys/fs/cgroup
W=/mnt/disk/work
echo +memory > $C/cgroup.subtree_control
mkdir $C/svc
echo +memory > $C/svc/cgroup.subtree_control
mkdir -p /tmp/rp
echo "$(getconf _NPROCESSORS_ONLN) CPUs"
keys="anon file shmem kernel_stack slab_reclaimable slab_unreclaimable slab"
show() { awk -v keys="$keys" -v tag="$1" 'BEGIN {n = split(keys, k); for (i = 1; i <= n; i++) want[k[i]] = i}
  $1 in want {v[want[$1]] = $2}
  END {printf "%s:", tag; for (i = 1; i <= n; i++) printf " %s %d", k[i], v[i] / 1024; print ""}' $C/svc/memory.stat; }
for i in 1 2 3 4; do
  mkdir $C/svc/c$i $W/d$i /tmp/rp/d$i
  ( echo $BASHPID > $C/svc/c$i/cgroup.procs
    for ((j = 0; j < 200; j++)); do : > $W/d$i/f$j; done
    for ((j = 0; j < 100; j++)); do : > /tmp/rp/d$i/f$j; done
    head -c 262144 /dev/zero > /tmp/rp/d$i/data )
done
sleep 1
show "with children"
echo "svc current KiB >= slab + shmem: $(( $(cat $C/svc/memory.current) / 1024 >= $(awk '$1 == "slab" || $1 == "shmem" {s += $2} END {print int(s / 1024)}' $C/svc/memory.stat) ))"
for i in 1 2 3 4; do rmdir $C/svc/c$i; done
sleep 2
show "children removed"
grep nr_ $C/svc/cgroup.stat
rm -rf $W/d1 $W/d2 /tmp/rp/d1 /tmp/rp/d2
sleep 2
show "half the files removed"
grep nr_dying $C/svc/cgroup.stat
rm -rf $W/d3 $W/d4 /tmp/rp
sync; echo 2 > /proc/sys/vm/drop_caches
sleep 2
show "all removed and dropped"
grep nr_dying $C/svc/cgroup.stat
rmdir $C/svc; echo "rmdir svc: $?"
