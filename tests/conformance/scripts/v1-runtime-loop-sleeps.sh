#!/bin/bash
# Written for memcgsim's conformance suite (session 10): the container-runtime pattern
# of the LKML "dying memcgs" threads on a cgroup v1 host: for each job, mkdir, the
# shell enters, the job reads a file on disk, writes a small file to tmpfs and runs a
# short command, the shell moves out, rmdir. Rounds of 10 jobs with a sleep between;
# /proc/cgroups' num_cgroups for memory after each round, then after the tmpfs files
# are removed.
cd /sys/fs/cgroup/memory
W=/mnt/disk/work
head -c 262144 /dev/zero > $W/input
sync; echo 3 > /proc/sys/vm/drop_caches
n() { awk '$1 == "memory" {print $3}' /proc/cgroups; }
echo "start: $(n)"
for r in 1 2 3; do
  for j in 1 2 3 4 5 6 7 8 9 10; do
    mkdir job$r$j
    echo $$ > job$r$j/cgroup.procs
    cat $W/input > /dev/null
    head -c 8192 /dev/zero > /tmp/job$r$j
    true | cat > /dev/null
    echo $$ > cgroup.procs
    rmdir job$r$j
  done
  sleep 1
  echo "round $r: $(n)"
done
rm -f /tmp/job*
sleep 1
echo "tmpfs files removed: $(n)"
rm -f $W/input
sleep 1
echo "input removed: $(n)"
