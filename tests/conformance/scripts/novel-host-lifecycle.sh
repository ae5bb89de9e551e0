#!/bin/bash
# Written for memcgsim's conformance suite (session 33, novel33; cgroup v1 or v2, 1-8
# CPUs): what the host holds after each step of a runtime's container lifecycle, as an
# SRE reads /proc/meminfo and /proc/cgroups: four containers made, a helper entering
# each (a bash subshell waiting on a FIFO), the helpers exec'ing the containers'
# process, the processes moved back to the root (leave), killed, the containers
# removed, two seconds of settling. After each step the deltas from the start of Slab,
# SUnreclaim, Percpu, KernelStack and PageTables (bytes) and the memory controller's
# num_cgroups.
if [ -e /sys/fs/cgroup/cgroup.controllers ]; then
  C=/sys/fs/cgroup; echo +memory > $C/cgroup.subtree_control
else C=/sys/fs/cgroup/memory; fi
mi() { awk -v k="$1:" '$1 == k {print $2 * 1024}' /proc/meminfo; }
keys="Slab SUnreclaim Percpu KernelStack PageTables"
for k in $keys; do eval "b_$k=\$(mi $k)"; done
step() {
  local k out=
  for k in $keys; do eval "out+=\" $k \$(( \$(mi $k) - b_$k ))\""; done
  echo "$1: meminfo bytes$out"
  echo "$1: memory cgroups $(awk '$1 == "memory" {print $3}' /proc/cgroups)"
}
step start
for i in 1 2 3 4; do mkdir $C/ctr$i; done
step mkdir
for i in 1 2 3 4; do
  mkfifo /tmp/ctr$i.go
  ( echo $BASHPID > $C/ctr$i/cgroup.procs; read -r x < /tmp/ctr$i.go; exec sleep 300 ) &
done
sleep 1
step enter
for i in 1 2 3 4; do echo go > /tmp/ctr$i.go; done
sleep 1
step exec
for i in 1 2 3 4; do echo $(cat $C/ctr$i/cgroup.procs) > $C/cgroup.procs; done
step leave
kill $(jobs -p); wait 2>/dev/null
sleep 0.5
step kill
for i in 1 2 3 4; do rmdir $C/ctr$i; rm /tmp/ctr$i.go; done
step rmdir
sleep 2
step settled
