#!/bin/bash
# The pids controller (kernel/cgroup/pids.c): its files, pids.max's parser, fork
# refused with EAGAIN past a limit anywhere above (bash retries with a backoff of
# 1+2+4+8 s, then gives up), pids.events of the forking cgroup, the kernel's
# message once per cgroup, moves above the limit, and a cgroup with processes
# and a threaded controller (pids) enabled below it made a thread root.
C=/sys/fs/cgroup
echo "+memory +pids" > $C/cgroup.subtree_control; echo "enable: $?"
mkdir $C/p $C/p/q
echo +pids > $C/p/cgroup.subtree_control
echo "== root"; ls $C | grep '^pids\.'
echo "== child"; ls $C/p | grep '^pids\.'
cat $C/p/cgroup.controllers
for f in max current events peak; do read -r v < $C/p/pids.$f; echo "$f: $v"; done
for v in 5 " 7 " 0x10 010 -1 foo 4194304 4194305 "" "max " 1k max; do
  echo "$v" > $C/p/pids.max; rc=$?; read -r now < $C/p/pids.max; echo "write '$v': $rc -> $now"
done
echo 0 > $C/pids.max; echo "root: $?"
echo 2 > $C/p/pids.max
# a shell in p: it and one child fit, the next fork is refused
bash -c 'echo $$ > /sys/fs/cgroup/p/cgroup.procs; sleep 30 & read -r c < /sys/fs/cgroup/p/pids.current; echo "in p: $c"; sleep 31 & echo "not reached"' 2>&1
echo "status $?"
read -r c < $C/p/pids.current; echo "p current after: $c"
cat $C/p/pids.events
read -r s < $C/p/cgroup.procs
# p has a process and a threaded controller below: a thread root, q no valid domain
sleep 5 & a=$!
echo $a > $C/p/q/cgroup.procs; echo "move into q: $?"
kill -9 $s; sleep 1
read -r c < $C/p/pids.current; echo "p current after kill: $c"
echo $a > $C/p/q/cgroup.procs; echo "move into q: $?"
read -r c < $C/p/pids.current; echo "p current: $c"
# a limit above: q has no limit of its own, p's (1) refuses the fork in q
echo 1 > $C/p/pids.max
bash -c 'echo $$ > /sys/fs/cgroup/p/q/cgroup.procs; /bin/true; echo "true: $?"' 2>&1
echo "status $?"
echo "q: $(cat $C/p/q/pids.events) p: $(cat $C/p/pids.events)"
echo max > $C/p/pids.max
# organisational moves are not refused: current above max
echo 1 > $C/p/q/pids.max
sleep 30 & b=$!; sleep 30 & d=$!
echo $b > $C/p/q/cgroup.procs; echo "move b: $?"; echo $d > $C/p/q/cgroup.procs; echo "move d: $?"
echo "q current $(cat $C/p/q/pids.current) max $(cat $C/p/q/pids.max)"
for f in q/pids.peak pids.peak; do read -r v < $C/p/$f; echo "$f: $v"; done
kill $b $d; wait
echo "q current after exit $(cat $C/p/q/pids.current) p $(cat $C/p/pids.current)"
dmesg | grep -o 'cgroup: fork rejected.*'
rmdir $C/p/q $C/p; echo "rmdir: $?"
