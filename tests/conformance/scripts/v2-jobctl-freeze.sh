#!/bin/bash
# Written for memcgsim's conformance suite (session 33, branch freezer33): a
# job-control shell (`set -m`: bash's set_job_control, each job in its own process
# group) whose job is frozen by cgroup.freeze, stopped while frozen, thawed,
# continued and stopped again: what `jobs -l`, `wait`, `bg`, `fg` and `kill %1`
# report, and the task's state. (Sleeps of 30 s bound what a lost stop would wait.)
cd /sys/fs/cgroup
echo +memory > cgroup.subtree_control
mkdir f
set -m
echo "flags $-"
sleep 30 & p=$!
g() { cut -d' ' -f5 /proc/$1/stat; }
[ "$(g $p)" = "$p" ] && echo "job in its own group"
[ "$(g $$)" = "$$" ] && echo "shell leads its group"
echo $p > f/cgroup.procs
echo 1 > f/cgroup.freeze; sleep 0.3
jobs -l | sed "s/$p/P/"
grep State /proc/$p/status
kill -STOP $p; sleep 0.3
jobs -l | sed "s/$p/P/"
grep State /proc/$p/status
echo 0 > f/cgroup.freeze; sleep 0.3
grep State /proc/$p/status
jobs -l | sed "s/$p/P/"
wait $p; echo "wait $?"
jobs
bg %1; echo "bg $?"; sleep 0.3
jobs -l | sed "s/$p/P/"
grep State /proc/$p/status
kill -TSTP %1; sleep 0.3
jobs; wait %1; echo "wait %1 $?"
kill -9 %1; echo "kill $?"; sleep 0.3
jobs; echo "jobs after kill"
sleep 0.5 & q=$!
echo $q > f/cgroup.procs; echo 1 > f/cgroup.freeze
(sleep 1; echo 0 > f/cgroup.freeze) &
fg %sleep; echo "fg $?: $(cat f/cgroup.freeze)"
wait; echo "wait $?"
rmdir f; echo "rmdir $?"
