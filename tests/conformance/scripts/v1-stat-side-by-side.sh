#!/bin/bash
# Written for memcgsim's conformance suite (session 15, docs/fidelity.md item 38):
# cgroup v1 memory.stat of a job and its parent printed whole, side by side (an awk
# join on the key: every local line, hierarchical_memory_limit and memsw, every
# total_ line), after page cache read twice, dirty then synced writes, tmpfs, a
# sleeping subshell's string, sleepers and a pipe holding data in a sibling, a
# grandchild filled and removed, and the job re-reading a file under a limit below
# its size; what usage holds beyond cache + rss.
M=/sys/fs/cgroup/memory
KB=1024
echo 1 > $M/memory.use_hierarchy 2>/dev/null
mkdir $M/ops
echo 1 > $M/ops/memory.use_hierarchy 2>/dev/null
echo 64M > $M/ops/memory.limit_in_bytes
echo 96M > $M/ops/memory.memsw.limit_in_bytes
mkdir $M/ops/a $M/ops/b
side() {
  echo "== $1: key a ops"
  awk 'NR == FNR { v[$1] = $2; next } { print $1, ($1 in v ? v[$1] : "-"), $2 }' \
    $M/ops/a/memory.stat $M/ops/memory.stat
  for g in ops/a ops; do
    u=$(cat $M/$g/memory.usage_in_bytes)
    c=$(awk '$1 == "total_cache" {print $2}' $M/$g/memory.stat)
    r=$(awk '$1 == "total_rss" {print $2}' $M/$g/memory.stat)
    echo "$g: usage_in_bytes $u beyond cache+rss bytes $(( u - c - r )) failcnt $(cat $M/$g/memory.failcnt)"
  done
}
dd if=/dev/zero of=file5m bs=$((64 * KB)) count=80 2>/dev/null
dd if=/dev/zero of=file9m bs=$((64 * KB)) count=144 2>/dev/null
sync; echo 1 > /proc/sys/vm/drop_caches
side start
echo $$ > $M/ops/a/cgroup.procs
cat file5m > /dev/null
cat file5m > /dev/null
dd if=/dev/zero of=dirty1m bs=$((64 * KB)) count=16 2>/dev/null
head -c $((1536 * KB)) /dev/zero > /tmp/a.shm
(s=$(head -c 1000000 /dev/zero | tr '\0' x); exec sleep 1000) &
echo $$ > $M/ops/b/cgroup.procs
for n in 1 2 3 4; do sleep 1000 & done
{ head -c 20000 /dev/zero; exec sleep 1000; } | sleep 1000 &
n=0; while [ $n -lt 30 ]; do /bin/true; n=$((n + 1)); done
echo $$ > $M/cgroup.procs
sleep 1
side work
sync
sleep 1
side synced
mkdir $M/ops/a/tmp
(echo $BASHPID > $M/ops/a/tmp/cgroup.procs; head -c $((1024 * KB)) /dev/zero > /tmp/tmp.shm; cat file9m > /dev/null)
rmdir $M/ops/a/tmp
echo 6M > $M/ops/a/memory.limit_in_bytes
(echo $BASHPID > $M/ops/a/cgroup.procs; cat file9m file9m > /dev/null; cat file5m > /dev/null)
sleep 1
side limited
kill $(jobs -p) 2>/dev/null
wait
rm /tmp/a.shm /tmp/tmp.shm
sleep 1
side killed
rmdir $M/ops/a $M/ops/b
echo "== ops alone"
cat $M/ops/memory.stat
rmdir $M/ops
