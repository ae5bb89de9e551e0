#!/bin/bash
# Written for memcgsim's conformance suite (session 32, novel32; cgroup v1 or v2, 1-8
# CPUs): what the host holds, step by step, as an SRE watching /proc/meminfo and
# /proc/cgroups on a node where a runtime starts and stops a pod: a pod cgroup with
# eight containers, a sleep in each, the sleeps killed, the containers and the pod
# removed, two seconds of settling, then the same pod once more. After each step
# the deltas from the start of Slab, SUnreclaim and Percpu (bytes) and the memory
# controller's num_cgroups (and pids' on cgroup2).
if [ -e /sys/fs/cgroup/cgroup.controllers ]; then
  C=/sys/fs/cgroup; V=2; echo "+memory +pids" > $C/cgroup.subtree_control
else C=/sys/fs/cgroup/memory; V=1; fi
mi() { awk -v k="$1:" '$1 == k {print $2 * 1024}' /proc/meminfo; }
s0=$(mi Slab); u0=$(mi SUnreclaim); p0=$(mi Percpu)
step() {
  local n=$(awk '$1 == "memory" {print $3}' /proc/cgroups)
  [ $V = 2 ] && n="$n pids $(awk '$1 == "pids" {print $3}' /proc/cgroups)"
  echo "$1: meminfo bytes slab $(( $(mi Slab) - s0 )) sunreclaim $(( $(mi SUnreclaim) - u0 )) percpu $(( $(mi Percpu) - p0 ))"
  echo "$1: cgroups memory $n"; }
pod() {  # pod ROUND: the whole pod's life, a step line after each stage
  mkdir $C/pod
  [ $V = 2 ] && echo "+memory +pids" > $C/pod/cgroup.subtree_control
  for i in 1 2 3 4 5 6 7 8; do mkdir $C/pod/c$i; done
  step "$1 made"
  for i in 1 2 3 4 5 6 7 8; do
    ( echo $BASHPID > $C/pod/c$i/cgroup.procs; exec sleep 300 ) &
  done
  sleep 1
  step "$1 running"
  kill $(jobs -p); wait 2>/dev/null
  sleep 0.5
  step "$1 killed"
  for i in 1 2 3 4 5 6 7 8; do rmdir $C/pod/c$i; done
  rmdir $C/pod
  step "$1 removed"
  sleep 2
  step "$1 settled"
}
pod round1
pod round2
