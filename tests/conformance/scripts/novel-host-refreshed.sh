#!/bin/bash
# Written for memcgsim's conformance suite (session 34, slab34; cgroup v1 or v2, 1-8
# CPUs): a runtime's container lifecycle as a host reads it once every CPU's vmstat
# differential is folded (`echo 1 > /proc/sys/vm/stat_refresh` before each read of
# /proc/meminfo: mm/vmstat.c vmstat_refresh), so the Slab and SUnreclaim deltas are
# the slabs the steps made, not what the CPUs' vm_node_stat_diff held back (up to
# stat_threshold pages a CPU; docs/fidelity.md item 199). Three containers: a
# helper subshell enters each and waits on a FIFO, then execs a sleep; the sleeps
# are killed, the containers removed, two seconds of settling. After each step the
# deltas from the start (bytes) and the memory controller's num_cgroups.
if [ -e /sys/fs/cgroup/cgroup.controllers ]; then
  C=/sys/fs/cgroup; echo +memory > $C/cgroup.subtree_control
else C=/sys/fs/cgroup/memory; fi
snap() {  # NAME: Slab and SUnreclaim in bytes, folded first, into NAME_s, NAME_u
  echo 1 > /proc/sys/vm/stat_refresh
  local k v _
  while read -r k v _; do
    case $k in Slab:) eval "$1_s=\$((v * 1024))";; SUnreclaim:) eval "$1_u=\$((v * 1024))";; esac
  done < /proc/meminfo
}
snap base
at() {
  snap now
  echo "$1: refreshed bytes Slab $((now_s - base_s)) SUnreclaim $((now_u - base_u))"
  echo "$1: memory cgroups $(awk '$1 == "memory" {print $3}' /proc/cgroups)"
}
at start
for c in a b c; do mkdir $C/ctr-$c; mkfifo /tmp/$c.go; done
at made
for c in a b c; do
  ( echo $BASHPID > $C/ctr-$c/cgroup.procs; read -r _ < /tmp/$c.go; exec sleep 300 ) &
done
sleep 1
at entered
for c in a b c; do echo go > /tmp/$c.go; done
sleep 1
at running
kill $(jobs -p); wait 2>/dev/null
sleep 0.5
at killed
for c in a b c; do rmdir $C/ctr-$c; rm /tmp/$c.go; done
at removed
sleep 2
at settled
