#!/bin/bash
# Written for memcgsim's conformance suite (session 34, novel34; cgroup v2): what 100
# empty cgroups cost the host in Percpu and Slab (/proc/meminfo deltas, bytes) with the
# root's subtree_control set three ways: memory alone, memory and pids (written as
# "+pids" then "+memory"), and io (which enables memory too: io depends on it); each
# round made, then removed and read again 2 s later (the dying cgroups freed).
C=/sys/fs/cgroup
mi() { awk -v k="$1:" '$1 == k {print $2 * 1024}' /proc/meminfo; }
snap() { P=$(mi Percpu); S=$(mi Slab); U=$(mi SUnreclaim); }
delta() { echo "$1: meminfo bytes Percpu $(( $(mi Percpu) - P )) Slab $(( $(mi Slab) - S )) SUnreclaim $(( $(mi SUnreclaim) - U )); memory cgroups $(awk '$1 == "memory" {print $3}' /proc/cgroups) pids $(awk '$1 == "pids" {print $3}' /proc/cgroups)"; }
round() {  # round NAME: 100 cgroups made, read, removed, read 2 s later
  local i
  echo "$1: subtree_control [$(cat $C/cgroup.subtree_control)]"
  sleep 1; snap
  for i in $(seq 1 100); do mkdir $C/m$i; done
  delta "$1 made"
  echo "$1: m1's controllers [$(cat $C/m1/cgroup.controllers)] memory.current $( [ -e $C/m1/memory.current ] && echo yes || echo no)"
  for i in $(seq 1 100); do rmdir $C/m$i; done
  sleep 2
  delta "$1 removed"
}
echo +memory > $C/cgroup.subtree_control
round memory
echo -memory > $C/cgroup.subtree_control
echo +pids > $C/cgroup.subtree_control
echo +memory > $C/cgroup.subtree_control
round memory+pids
echo "-memory -pids" > $C/cgroup.subtree_control
echo +io > $C/cgroup.subtree_control; echo "+io: $?"
round io
echo "-io" > $C/cgroup.subtree_control; echo "-io: $?, subtree_control [$(cat $C/cgroup.subtree_control)]"
echo "-memory" > $C/cgroup.subtree_control; echo "-memory: $?, subtree_control [$(cat $C/cgroup.subtree_control)]"
