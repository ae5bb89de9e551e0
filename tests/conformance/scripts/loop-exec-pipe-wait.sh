#!/bin/bash
# Written for memcgsim's conformance suite (session 17, conform17): the seed's
# mkdir / run / rmdir loop in the shapes people write it, 30 cgroups each: a subshell
# that joins and `exec`s the tool; a subshell that runs a pipeline; a background job
# the loop `wait`s for; the shell itself joining and leaving around a command
# substitution (the seed's own shape). After each batch: how many memory cgroups
# /proc/cgroups counts (the dying ones the batch left), then after removing the files
# the jobs wrote and after drop_caches. Works on cgroup v1 and v2.
if [ -e /sys/fs/cgroup/cgroup.controllers ]; then
  R=/sys/fs/cgroup; echo +memory > $R/cgroup.subtree_control
else
  R=/sys/fs/cgroup/memory
fi
ncg() { echo "$1: num_cgroups $(awk '$1 == "memory" {print $3}' /proc/cgroups)"; }
mkdir -p /tmp/lp
ncg start
for i in $(seq 30); do
  mkdir $R/e$i
  ( echo $BASHPID > $R/e$i/cgroup.procs; exec cat /proc/self/cgroup > /tmp/lp/e$i )
  rmdir $R/e$i
done
ncg "exec batch"
for i in $(seq 30); do
  mkdir $R/p$i
  ( echo $BASHPID > $R/p$i/cgroup.procs; seq 200 | grep 7 | wc -l > /tmp/lp/p$i )
  rmdir $R/p$i
done
ncg "pipeline batch"
for i in $(seq 30); do
  mkdir $R/w$i
  ( echo $BASHPID > $R/w$i/cgroup.procs; exec sleep 0.1 ) &
  wait $!
  rmdir $R/w$i
done
ncg "wait batch"
for i in $(seq 30); do
  mkdir $R/s$i
  echo $$ > $R/s$i/cgroup.procs
  n=$(wc -l < /tmp/lp/e1)
  echo $$ > $R/cgroup.procs
  rmdir $R/s$i
done
ncg "shell batch"
echo "lines $(cat /tmp/lp/e* | wc -l) sevens $(cat /tmp/lp/p1)"
rm -r /tmp/lp
sleep 2
ncg "files removed"
sync; echo 3 > /proc/sys/vm/drop_caches
sleep 2
ncg "drop_caches"
