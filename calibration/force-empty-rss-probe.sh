#!/bin/bash
# calibration/force-empty-rss-probe.sh (session 40, novel40; docs/fidelity.md item 327):
# novel-v1-force-empty-mixed with each container task's RssAnon/RssShmem/VmPTE and the
# memcg's rss before force_empty, to place the guests' extra anon (32-48 pages).
#   memcgsim oracle --kernel 6.1 --cgroup v1 calibration/force-empty-rss-probe.sh
# Its output: calibration/recordings/force-empty-rss-probe--6.1-v1.txt
# Written for memcgsim's conformance suite (session 40, novel40; cgroup v1): an old
# runtime's "echo 0 > memory.force_empty" on a container that still holds what
# reclaim cannot take: a running task's anon (no swap) and a tmpfs file, besides 8
# MiB of page cache on disk. mem_cgroup_force_empty (v5.10, v6.1) reclaims while
# usage is not 0, giving up after MAX_RECLAIM_RETRIES passes without progress, and
# the write succeeds all the same: the cache goes, rss and shmem stay, usage stays
# above 0. With the task still in it, rmdir fails (EBUSY); once the task has ended
# and the tmpfs file is gone, force_empty empties it (usage 0) and rmdir succeeds.
# The worker holds its buffer until the script writes to a FIFO (the slow guests'
# pace does not matter).
M=/sys/fs/cgroup/memory
K=$M/ctr
T=/tmp/fe
mkdir -p $T && mount -t tmpfs -o size=8m fe $T || echo "mount failed"
mkdir $K
st() { awk -v k="$1" '$1 == k {print int($2 / 65536)}' $K/memory.stat; }
show() { echo "$1: usage/64K $(( $(cat $K/memory.usage_in_bytes) >> 16 )) cache/64K $(st cache) rss/64K $(st rss) shmem/64K $(st shmem) mapped/64K $(st mapped_file)"; }
head -c 8M /dev/zero > data; sync; echo 3 > /proc/sys/vm/drop_caches
mkfifo go
( echo $BASHPID > $K/cgroup.procs; { head -c 3M /dev/zero; read x < go; } | tail > /dev/null; echo "worker: ${PIPESTATUS[*]}" > worker.st ) &
( echo $BASHPID > $K/cgroup.procs; cat data > /dev/null; head -c 2M /dev/zero > $T/f; echo "reader: $?" )
# until the worker's tail holds its 3 MiB (the slow guests take seconds)
for ((i = 0; i < 100; i++)); do [ "$(st rss)" -ge 48 ] && break; sleep 0.2; done
show "before"
for p in $(cat $K/cgroup.procs); do echo "$(cat /proc/$p/comm) $(grep -E '^(RssAnon|VmPTE|RssShmem|RssFile)' /proc/$p/status | tr -s ' \t' ' ' | tr '\n' ' ')"; done
grep -E '^(rss|cache|mapped_file|shmem|inactive_anon|active_anon) ' $K/memory.stat | tr '\n' ' '; echo
echo 0 > $K/memory.force_empty; echo "force_empty: $?"
show "after force_empty"
echo "failcnt: $(cat $K/memory.failcnt)"
rmdir $K 2>/dev/null; echo "rmdir with task: $?"
echo > go; wait; cat worker.st
rm $T/f
show "after the task and file"
echo 0 > $K/memory.force_empty; echo "force_empty: $?"
show "emptied"
rmdir $K; echo "rmdir: $?"
umount $T; rm -f data worker.st go
