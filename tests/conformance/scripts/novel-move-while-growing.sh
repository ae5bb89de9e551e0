#!/bin/bash
# Written for memcgsim's conformance suite (session 33, novel33; cgroup v1 or v2): a
# runtime moves a running process between sibling containers while it keeps faulting
# new anonymous memory. The worker (a bash subshell) adds a 1 MiB string to an array
# each time it is told to through a FIFO. On cgroup2 a page stays charged to the memcg
# it was faulted in (no move at attach); on v1 the same with move_charge_at_immigrate 0,
# while c2's move_charge_at_immigrate 1 takes the worker's anonymous pages along when it
# enters c2 (mm/memcontrol.c mem_cgroup_can_attach, mem_cgroup_move_charge), and they
# stay in c2 when the worker goes back to c1 (c1's is 0).
if [ -e /sys/fs/cgroup/cgroup.controllers ]; then
  C=/sys/fs/cgroup; V=2; echo +memory > $C/cgroup.subtree_control; A=anon
else C=/sys/fs/cgroup/memory; V=1; A=rss; fi
mkdir $C/c1 $C/c2
[ $V = 1 ] && echo 1 > $C/c2/memory.move_charge_at_immigrate
mkfifo /tmp/go /tmp/done
( declare -a a; n=0
  while read -r cmd < /tmp/go; do
    [ "$cmd" = quit ] && break
    for ((i = 0; i < cmd; i++)); do printf -v s '%*s' 1048576 ''; a+=("$s"); done
    n=$((n + cmd)); echo "$n" > /tmp/done
  done ) &
w=$!
grow() { echo $1 > /tmp/go; read -r held < /tmp/done; }
kib() { awk -v k="$2" '$1 == k {print int($2 / 1024)}' $C/$1/memory.stat; }
show() { echo "$1: held $held MiB; $A KiB c1 $(kib c1 $A) c2 $(kib c2 $A); worker in $(grep -c . $C/c1/cgroup.procs) $(grep -c . $C/c2/cgroup.procs)"; }
into() { echo $w > $C/$1/cgroup.procs; }
into c1; grow 4; show "c1 grew 4"
into c2; show "moved to c2"
grow 4; show "c2 grew 4"
into c1; show "back in c1"
grow 2; show "c1 grew 2"
into c2; grow 2; into c1; grow 2; show "flip-flop"
echo quit > /tmp/go; wait $w; echo "worker status $?"
show "worker gone"
rm /tmp/go /tmp/done
rmdir $C/c1 $C/c2; echo "rmdir $?"
