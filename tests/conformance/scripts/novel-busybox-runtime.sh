#!/bin/bash
# Written for memcgsim's conformance suite (session 34, novel34; cgroup v2): a container
# runtime written for busybox sh (ash), not bash. The runtime moves itself into its own
# cgroup (mgr), starts four containers (`sh -c 'echo $$ > .../cgroup.procs; exec sleep'`
# in the background), enters two of them itself for a moment (a `sh -c :` fork inside,
# then back to mgr), and reads each cgroup's procs, anon, kernel_stack and pagetables:
# what the ash process leaves charged where it ran (its copy-on-write faults after
# each fork, its stack and page tables), then stops them and removes the cgroups.
C=/sys/fs/cgroup
echo "+memory +pids" > $C/cgroup.subtree_control
cat > /tmp/rt.sh <<'RT'
C=$1
st() { echo "$1: procs $(wc -l < $C/$1/cgroup.procs) pids $(cat $C/$1/pids.current) $(grep -E '^(anon|kernel_stack|pagetables) ' $C/$1/memory.stat | tr '\n' ' ')"; }
mkdir $C/rt-mgr
echo $$ > $C/rt-mgr/cgroup.procs
st rt-mgr
pids=
for i in 1 2 3 4; do
  mkdir $C/rt-c$i
  sh -c "echo \$\$ > $C/rt-c$i/cgroup.procs; exec sleep 30" &
  pids="$pids $!"
done
sleep 1
st rt-mgr
for i in 1 2; do
  echo $$ > $C/rt-c$i/cgroup.procs
  sh -c : ; x=$(echo in c$i)
  echo $$ > $C/rt-mgr/cgroup.procs
  echo "$x: back in $(cut -d: -f3 /proc/$$/cgroup)"
done
for i in 1 2 3 4; do st rt-c$i; done
st rt-mgr
kill $pids
wait
sleep 0.5
for i in 1 2 3 4; do st rt-c$i; done
for i in 1 2 3 4; do rmdir $C/rt-c$i || echo "rmdir rt-c$i failed"; done
echo "runtime's comm: $(cat /proc/$$/comm)"
RT
busybox sh /tmp/rt.sh $C
echo "runtime: $?"
rmdir $C/rt-mgr; echo "rmdir rt-mgr: $?"
sleep 1
echo "cgroup.stat: $(tr '\n' ' ' < $C/cgroup.stat)"
rm /tmp/rt.sh
