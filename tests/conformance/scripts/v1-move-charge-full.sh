#!/bin/bash
# Written for memcgsim's conformance suite (session 13, cgroup v1): moving a job with
# memory.move_charge_at_immigrate into a group too small for its anon memory, as a v1
# manager does when it moves a job into a smaller slice. mem_cgroup_can_attach
# (mm/memcontrol.c) precharges the destination for the anon pages charged to the
# source (mem_cgroup_precharge_mc -> mem_cgroup_do_precharge: the lot at once without
# direct reclaim, then page by page with __GFP_NORETRY: reclaim, no OOM killer); a
# charge that fails fails the attach: the write to cgroup.procs returns ENOMEM and the
# task stays where it was. The destination's page cache is reclaimed to make room.
# Without bit 0 the move goes through. Only pages charged to the source group move
# (get_mctgt_type): the job brought back to src (whose bit 0 is clear) leaves its pages
# charged to dst, so its move on into src/kid, however small, precharges nothing.
cd /sys/fs/cgroup/memory
err() { sed "s|^.*: line [0-9]*: ||"; }
st() { awk -v k=$2 '$1 == k {print int($2 / 1048576)}' $1/memory.stat; }
bytes() { awk -v k=$2 '$1 == k {print $2}' $1/memory.stat; }
show() { echo "$1: src usage $(cat src/memory.usage_in_bytes) rss $(bytes src rss); dst usage $(cat dst/memory.usage_in_bytes) rss $(bytes dst rss) cache $(bytes dst cache); dst failed $(( $(cat dst/memory.failcnt) > 0 ))"; }
where() { local g; for g in src dst src/kid; do grep -qx $1 $g/cgroup.procs && echo $g; done; }
dd if=/dev/zero of=/mnt/disk/work/mf.dat bs=64k count=96 2>/dev/null   # 6 MiB
sync; echo 3 > /proc/sys/vm/drop_caches
mkdir src dst
echo 1 > src/memory.use_hierarchy   # 5.10's root has 0: src/kid charges src too
mkdir src/kid
echo 4M > dst/memory.limit_in_bytes
echo 1 > dst/memory.move_charge_at_immigrate
(echo $BASHPID > src/cgroup.procs; printf -v x '%*s' 8000000 ''; : > /tmp/mf.ready; sleep 3600; :) &
job=$!
until [ -e /tmp/mf.ready ]; do sleep 0.1; done; rm /tmp/mf.ready; sleep 0.5
show "start"
echo $job 2>&1 > dst/cgroup.procs | err; echo "move into 4M: ${PIPESTATUS[0]}, job in $(where $job)"
show "refused"
echo 0 > dst/memory.move_charge_at_immigrate
echo $job > dst/cgroup.procs; echo "move without bit 0: $?, job in $(where $job)"
show "moved alone"
echo $job > src/cgroup.procs; echo "back to src: $?"
echo 1 > dst/memory.move_charge_at_immigrate
echo 12M > dst/memory.limit_in_bytes
(echo $BASHPID > dst/cgroup.procs; cat /mnt/disk/work/mf.dat > /dev/null)
show "dst with cache"
echo $job > dst/cgroup.procs; echo "move into 12M with 6M of cache: $?, job in $(where $job)"
echo "after: src rss $(st src rss)M, dst rss $(st dst rss)M, dst cache <= 4M $(( $(st dst cache) <= 4 )), dst usage <= 12M $(( $(cat dst/memory.usage_in_bytes) <= 12 << 20 ))"
echo $job > src/cgroup.procs; echo "back to src with bit 0 unset there: $?"
show "back"
echo 1 > src/kid/memory.move_charge_at_immigrate
echo 2M > src/kid/memory.limit_in_bytes
echo $job 2>&1 > src/kid/cgroup.procs | err; echo "move into src/kid (2M): ${PIPESTATUS[0]}, job in $(where $job)"
echo 64M > src/kid/memory.limit_in_bytes
echo $job > src/kid/cgroup.procs; echo "move into src/kid (64M): $?, job in $(where $job)"
echo "kid rss $(st src/kid rss)M, src total_rss $(st src total_rss)M rss $(st src rss)M"
kill $(cat src/cgroup.procs src/kid/cgroup.procs dst/cgroup.procs) 2>/dev/null; wait 2>/dev/null
sleep 0.5
rmdir src/kid src dst; echo "rmdir: $?"
rm /mnt/disk/work/mf.dat
