#!/bin/bash
# Written for memcgsim's conformance suite (session 31, novel31; cgroup v1 and v2): what
# an SRE compares when a host's memory moves, /proc/meminfo against the cgroup's
# memory.stat, step by step. In a fresh cgroup: a 2 MiB tmpfs file, a 1 MiB ext4 file
# (dirty, then synced), a bash that builds a 1 MiB string and execs a sleep (the string
# goes with the exec), drop_caches, the tmpfs file removed, the sleep killed, the cgroup
# removed. After each step: the change of
# /proc/meminfo's Cached, Shmem, Dirty, AnonPages and Unevictable since the start (in
# bytes) and the cgroup's shmem / file (cache) / file_dirty (dirty) / anon (rss).
if [ -e /sys/fs/cgroup/cgroup.controllers ]; then
  R=/sys/fs/cgroup; V=2; K="shmem file file_dirty anon"
  grep -qw memory $R/cgroup.subtree_control || echo +memory > $R/cgroup.subtree_control
else
  R=/sys/fs/cgroup/memory; V=1; K="shmem cache dirty rss"
fi
G=$R/sre
mi() { awk '$1 ~ /^(Cached|Shmem|Dirty|AnonPages|Unevictable):$/ {print $1, $2}' /proc/meminfo; }
step() {
  printf '%s\n==\n%s\n' "$m0" "$(mi)" | awk -v s="$1" '
    $0 == "==" {after = 1; next}
    !after {v[$1] = $2; next}
    {d = d sprintf(" %s%d", $1, ($2 - v[$1]) * 1024)}
    END {printf "%s: meminfo bytes%s\n", s, d}'
  if [ -d $G ]; then
    local k out=
    for k in $K; do out="$out $k $(awk -v k=$k '$1 == k {print $2}' $G/memory.stat)"; done
    echo "$1: stat$out"
  fi; }
echo "cgroup v$V, $(getconf _NPROCESSORS_ONLN) CPUs"
mkdir $G
echo $$ > $G/cgroup.procs
sync; sleep 1
m0=$(mi)
head -c 2097152 /dev/zero > /tmp/sre.shm
step "tmpfs 2M"
head -c 1048576 /dev/zero > sre.data
step "ext4 1M"
sync
step "sync"
bash -c 'x=$(head -c 1048576 /dev/zero | tr "\0" x); : > /tmp/sre.ready; exec sleep 30' &
h=$!
while [ ! -e /tmp/sre.ready ]; do sleep 0.1; done
sleep 0.5
step "holder"
echo 1 > /proc/sys/vm/drop_caches
step "drop_caches"
rm /tmp/sre.shm /tmp/sre.ready
step "tmpfs removed"
kill $h; wait $h 2>/dev/null
step "holder killed"
echo $$ > $R/cgroup.procs
rm sre.data
rmdir $G; echo "rmdir: $?"
sleep 1
step "rmdir"
echo "num_cgroups $(awk '$1 == "memory" {print $3}' /proc/cgroups)"
