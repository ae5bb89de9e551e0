#!/bin/bash
# Written for memcgsim's conformance suite (session 32, novel32; cgroup v2): a
# runtime-like shell that enters each container itself to set it up (as runc's
# "nsexec" parent or a shell-based init would), leaves, and goes on forking helpers
# from the root. Per container: mkdir, memory.max and pids.max, the script's own
# shell moved in, a 64 KiB tmpfs config file written by the shell (printf, no fork),
# a 256 KiB file by dd, a long sleep started from inside, the shell moved back out.
# After each step the containers' memory.current, anon, shmem, kernel_stack and
# pids.current; then the shell forks ten helpers from the root (their COW copies of
# pages the shell faulted inside stay charged where they were faulted), the sleeps
# are killed, the files removed, the containers removed; /proc/cgroups after each.
C=/sys/fs/cgroup
echo "+memory +pids" > $C/cgroup.subtree_control
st() { awk -v k=$2 '$1 == k {print $2}' $C/$1/memory.stat; }
show() { local c; for c in "$@"; do
  echo "$c: current $(cat $C/$c/memory.current) anon $(st $c anon) shmem $(st $c shmem) kernel_stack $(st $c kernel_stack) pids $(cat $C/$c/pids.current)"; done; }
ncg() { echo "num_cgroups $(awk '$1 == "memory" {print $3}' /proc/cgroups)"; }
mkdir -p /tmp/rt
cfg=$(printf '%01024d' 0)
pids=
for c in c1 c2 c3; do
  mkdir $C/$c
  echo 32M > $C/$c/memory.max
  echo 16 > $C/$c/pids.max
  echo $$ > $C/$c/cgroup.procs
  for i in $(seq 64); do printf '%s' "$cfg"; done > /tmp/rt/$c.cfg
  dd if=/dev/zero of=/tmp/rt/$c.img bs=64k count=4 2>/dev/null
  sleep 300 & pids="$pids $!"
  echo $$ > $C/cgroup.procs
  echo "after $c: $(ncg)"
  show $c
done
for i in $(seq 10); do /bin/true; done
echo "after ten helpers from the root:"
show c1 c2 c3
kill $pids; wait $pids 2>/dev/null
sleep 0.5
echo "sleeps killed:"
show c1 c2 c3
rm -r /tmp/rt
echo "files removed:"
show c1 c2 c3
rmdir $C/c1 $C/c2 $C/c3; echo "rmdir: $? $(ncg)"
sleep 2
echo "2 s later: $(ncg) dying $(awk '$1 == "nr_dying_descendants" {print $2}' $C/cgroup.stat)"
