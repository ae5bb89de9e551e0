#!/bin/bash
# Written for memcgsim's conformance suite (session 37, docs/fidelity.md item 261):
# busybox sh, the guests' /bin/sh, releases a background job's zombie only in its
# dowait (ash.c: after each command, in a foreground wait, in wait and jobs), so
# the zombie keeps its pid, counted in pids.current, while the shell sits in a
# builtin (read); after read and after `wait $!` it is gone.
C=/sys/fs/cgroup
echo +pids > $C/cgroup.subtree_control
mkdir $C/z
(sleep 2; echo go) | sh -c "echo \$\$ > $C/z/cgroup.procs; sleep 0.2 & read x; echo \"read rc=\$? x=\$x\"; echo \"after read: \$(cat $C/z/pids.current)\"; sleep 0.2 & wait \$!; echo \"after wait: \$(cat $C/z/pids.current)\"" > /tmp/inner.log &
sleep 1
echo "at 1s: pids.current $(cat $C/z/pids.current)"
wait
cat /tmp/inner.log
echo "end: pids.current $(cat $C/z/pids.current)"
rmdir $C/z
