#!/bin/bash
# Written for memcgsim's conformance suite (session 10), after the LKML reports of
# dying memcgs pinned by page cache (Roman Gushchin's "memcg: dying cgroups" threads;
# Muchun Song's LRU reparenting RFC cover letter): a job runner puts each job in its
# own cgroup, the job leaves a file on tmpfs (shmem pages stay charged to the job's
# memcg) or on disk (page cache), the runner moves out and rmdirs. The dying memcgs
# stay until their pages are gone: removing the files frees them.
ROOT=/sys/fs/cgroup
grep -qw memory $ROOT/cgroup.subtree_control || echo +memory > $ROOT/cgroup.subtree_control
mkdir $ROOT/jobs
echo +memory > $ROOT/jobs/cgroup.subtree_control
W=/mnt/disk/work
count() { echo "$1: nr_dying $(awk '$1 == "nr_dying_descendants" {print $2}' $ROOT/jobs/cgroup.stat) memory $(awk '$1 == "memory" {print $3}' /proc/cgroups) jobs.current>=1M $(( $(cat $ROOT/jobs/memory.current) >= 1048576 ))"; }
for i in $(seq 1 20); do
  mkdir $ROOT/jobs/j$i
  echo $$ > $ROOT/jobs/j$i/cgroup.procs
  if (( i % 2 )); then
    dd if=/dev/zero of=/tmp/out$i bs=4k count=16 2>/dev/null
  else
    head -c 65536 /dev/zero > $W/out$i
  fi
  echo $$ > $ROOT/cgroup.procs
  rmdir $ROOT/jobs/j$i
done
sleep 1
count "after 20 jobs"
grep -E '^(file|shmem|file_dirty|file_writeback) ' $ROOT/jobs/memory.stat
rm -f /tmp/out*
sleep 1
count "after rm of the tmpfs files"
grep -E '^(file|shmem) ' $ROOT/jobs/memory.stat
sync
rm -f $W/out*
sleep 1
count "after rm of the disk files"
grep -E '^(file|shmem) ' $ROOT/jobs/memory.stat
rmdir $ROOT/jobs
