#!/bin/bash
# Written for memcgsim's conformance suite (session 33, novel33; cgroup v1 or v2): a
# process moved between sibling containers while it keeps faulting anonymous memory.
# busybox tail reads a FIFO the runtime feeds a few MiB at a time (with no newline it
# keeps all of it: a buffer grown by realloc, i.e. mremap, which moves pages without
# faulting them again). On cgroup2 each page stays charged where it was faulted; on
# v1 too with move_charge_at_immigrate 0, while c2's move_charge_at_immigrate 1 takes
# tail's anonymous pages along when it enters c2 (mm/memcontrol.c
# mem_cgroup_can_attach, mem_cgroup_move_charge), and they stay in c2 when it goes
# back to c1 (c1's is 0).
if [ -e /sys/fs/cgroup/cgroup.controllers ]; then
  C=/sys/fs/cgroup; V=2; echo +memory > $C/cgroup.subtree_control; A=anon
else C=/sys/fs/cgroup/memory; V=1; A=rss; fi
mkdir $C/c1 $C/c2
[ $V = 1 ] && echo 1 > $C/c2/memory.move_charge_at_immigrate
mkfifo /tmp/feed
tail < /tmp/feed > /dev/null &
w=$!
exec 4> /tmp/feed
kib() { awk -v k="$2" '$1 == k {print int($2 / 1024)}' $C/$1/memory.stat; }
show() { echo "$1: $A KiB c1 $(kib c1 $A) c2 $(kib c2 $A)"; }
into() { echo $w > $C/$1/cgroup.procs; }
feed() { head -c $1 /dev/zero >&4; sleep 1; }
into c1; show "tail in c1"
feed 4M; show "c1 fed 4M"
into c2; show "moved to c2"
feed 4M; show "c2 fed 4M"
into c1; show "back in c1"
feed 2M; show "c1 fed 2M"
into c2; feed 1M; into c1; feed 1M; show "flip-flop"
exec 4>&-
wait $w; echo "tail status $?"
show "tail gone"
rm /tmp/feed
rmdir $C/c1 $C/c2; echo "rmdir $?"
