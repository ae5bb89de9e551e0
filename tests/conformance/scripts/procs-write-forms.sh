#!/bin/bash
# Written for memcgsim's conformance suite (session 28, branch probe28): the forms of a
# cgroup.procs write container runtimes and SREs use: "0" (the writer itself, from a
# subshell), two pids in one write or on two lines, a pid with spaces, a sign, in hex,
# without a newline, an empty write, a missing pid, kthreadd, init; each followed by
# where the task is; v1 or v2.
C=/sys/fs/cgroup
if [ -e $C/cgroup.controllers ]; then echo +memory > $C/cgroup.subtree_control; else C=$C/memory; fi
mkdir $C/a $C/b
where() { grep -E '^(0|[0-9]+:memory):' /proc/$1/cgroup | cut -d: -f3; }
( echo 0 > $C/a/cgroup.procs; echo "0 -> $?: $(where $BASHPID)" )
sleep 100 & s1=$!; sleep 100 & s2=$!
echo "$s1 $s2" > $C/a/cgroup.procs; echo "two in one write: $? s1 $(where $s1) s2 $(where $s2)"
printf '%s\n%s\n' $s1 $s2 > $C/b/cgroup.procs; echo "two lines: $? s1 $(where $s1) s2 $(where $s2)"
echo " $s1" > $C/a/cgroup.procs; echo "leading space: $? $(where $s1)"
echo "$s1 " > $C/b/cgroup.procs; echo "trailing space: $? $(where $s1)"
echo "+$s1" > $C/a/cgroup.procs; echo "plus: $? $(where $s1)"
echo "-$s1" > $C/a/cgroup.procs; echo "minus: $? $(where $s1)"
echo "0x$(printf %x $s1)" > $C/a/cgroup.procs; echo "hex: $? $(where $s1)"
printf '%s' $s2 > $C/a/cgroup.procs; echo "no newline: $? $(where $s2)"
echo "" > $C/a/cgroup.procs; echo "empty: $?"
echo 99999 > $C/a/cgroup.procs; echo "no such pid: $?"
echo 2 > $C/a/cgroup.procs; echo "kthreadd: $?"
echo 1 > $C/a/cgroup.procs; echo "init: $? $(where 1)"
echo 1 > $C/cgroup.procs
cat $C/a/cgroup.procs | wc -l; cat $C/b/cgroup.procs | wc -l
kill $s1 $s2; wait
rmdir $C/a $C/b; echo "rmdir: $?"
