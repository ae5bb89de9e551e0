#!/bin/bash
# cgroup2 core files every cgroup has whatever its controllers (kernel/cgroup/cgroup.c
# cgroup_base_files): cpu.stat and the PSI files at the root and in a child, and
# which pressure triggers each kernel takes (docs/fidelity.md item 48).
C=/sys/fs/cgroup
mkdir $C/x
for d in $C $C/x; do for f in cpu.stat cpu.pressure io.pressure memory.pressure; do echo "== $d/$f"; cat $d/$f; done; done
echo +memory > $C/cgroup.subtree_control
echo "== x/cpu.stat after +memory"; cat $C/x/cpu.stat
echo "some 150000 1000000" > $C/x/cpu.pressure; echo "cpu trigger $?"
echo "some 150000 1000000" > $C/x/io.pressure; echo "io trigger $?"
echo "full 150000 1000000" > $C/x/cpu.pressure; echo "cpu full trigger $?"
echo 1 > $C/x/cpu.stat; echo "write cpu.stat $?"
ls -l $C/x/cpu.stat $C/x/cpu.pressure $C/x/io.pressure $C/cpu.stat | awk '{print $1, $NF}'
