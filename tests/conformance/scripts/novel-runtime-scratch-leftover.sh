#!/bin/bash
# Written for memcgsim's conformance suite (session 45, novel45; cgroup v1 and v2): a
# shell-based job runner that moves its own shell into the job's cgroup to start it
# (so that everything it forks is charged there), gives the job a scratch tmpfs, and
# forks three workers that each fault anon memory (a 1 MiB string in a subshell), write
# 512 KiB to a file on disk (page cache) and 256 KiB to the scratch tmpfs (shmem).
# Meanwhile the runner itself builds a 2 MiB status string while inside. It moves
# itself back to the root and removes the job's cgroup: the workers' anon went with
# their exits, but the page cache, the tmpfs pages and the runner's own string stay
# charged to the removed (dying) cgroup until they are freed: the string unset, the
# tmpfs unmounted, the file removed. After each step: the dying count
# (/proc/cgroups' memory num_cgroups, and v2's nr_dying_descendants) and meminfo's
# Shmem. Each reading waits 2 s (vmstat's per-CPU differentials folded every second).
if [ -d /sys/fs/cgroup/memory ]; then C=/sys/fs/cgroup/memory; V=1
else C=/sys/fs/cgroup; V=2; echo +memory > $C/cgroup.subtree_control; fi
KB=1024
st() {
  sleep 2
  local d=-
  [ $V = 2 ] && d=$(awk '$1 == "nr_dying_descendants" {print $2}' $C/cgroup.stat)
  echo "$1: num_cgroups $(awk '$1 == "memory" {print $3}' /proc/cgroups) dying $d" \
       "Shmem $(awk '$1 == "Shmem:" {print $2}' /proc/meminfo)"
}
usage() { if [ $V = 1 ]; then cat $C/job/memory.usage_in_bytes; else cat $C/job/memory.current; fi; }
stat1() { awk -v k=$1 '$1 == k {print $2}' $C/job/memory.stat; }
st boot
mkdir $C/job /tmp/scratch
mount -t tmpfs -o size=4M scratch /tmp/scratch
echo $$ > $C/job/cgroup.procs
for w in 1 2 3; do
  ( s=$(head -c 1048576 /dev/zero | tr '\0' w)
    dd if=/dev/zero of=out.$w bs=64k count=8 2>/dev/null
    head -c 262144 /dev/zero > /tmp/scratch/w$w
    echo "worker $w: ${#s}" ) &
done
wait
status=$(head -c 2097152 /dev/zero | tr '\0' s)
echo "runner string: ${#status}"
echo "job: usage >= 3.5 MiB $(( $(usage) >= 3584 * KB )) shmem KiB $(( $(stat1 shmem) / KB ))" \
     "file KiB $(( $( { stat1 cache; stat1 file; } | head -1) / KB )) rss/anon >= 2 MiB $(( $( { stat1 rss; stat1 anon; } | head -1) >= 2048 * KB ))"
echo $$ > $C/cgroup.procs
rmdir $C/job; echo "rmdir: $?"
st removed
unset status
st unset
umount /tmp/scratch; echo "umount: $?"
st unmounted
rm -f out.1 out.2 out.3
st removed-files
rmdir /tmp/scratch
