#!/bin/bash
# Written for memcgsim (session 13, docs/fidelity.md item 32): the script of
# tests/conformance/scripts/v1-runtime-loop-sleeps.sh (the container-runtime loop of
# session 10) with one more pipeline (`true | cat`) run in the root after the rounds,
# before the rm: the shell's heap writes between its two forks, while the first child
# still maps the heap, copy (COW) the pages they touch and charge the copies to the
# root, which may free the page of the shell's heap that pins the last job.
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
true | cat > /dev/null
rm -f /tmp/job*
sleep 1
echo "tmpfs files removed: $(n)"
rm -f $W/input
sleep 1
echo "input removed: $(n)"
