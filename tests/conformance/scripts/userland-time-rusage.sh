#!/bin/bash
# Written for memcgsim's conformance suite (session 40, branch lead40): what
# busybox's `time` applet reports of a child from wait4's rusage (ru_minflt,
# ru_majflt, ru_maxrss: the child's and its reaped children's faults and peak
# RSS, kernel/exit.c wait_task_zombie, fs/exec.c exec_mmap), and how it ends.
# Its %M is ru_maxrss taken for pages (miscutils/time.c ptok): 4x the kB.
t() { label=$1; shift
  busybox time -o t.out -f "$label: %R %F %M %x" "$@" > /dev/null 2> err.out; st=$?
  echo "$(cat t.out) status $st $(head -c 60 err.out | tr '\n' '|')"; }
t true true
t sleep sleep 0.1
t cat cat /proc/self/status
t dd dd if=/dev/zero of=/dev/null bs=1M count=4
t bash-c bash -c 'x=$(seq 1 5000); exit 3'
t sh-c sh -c 'x=$(seq 1 5000)'
t killed sh -c 'kill -9 $$'
t missing no-such-program
busybox time -f '%C|%x|%Z|%%|a\tb' true a b 2>&1
