#!/bin/bash
# Written for memcgsim's conformance suite (session 33, branch freezer33): stop and
# continue signals to a frozen task, under cgroup2's cgroup.freeze or the v1 freezer
# (mounted by the script): when the stop takes effect, what a SIGCONT does to a
# stop still pending, a stopped task frozen and continued while frozen.
if [ -e /sys/fs/cgroup/cgroup.controllers ]; then
  F=/sys/fs/cgroup/f; mkdir $F
  freeze() { echo $1 > $F/cgroup.freeze; }
else
  mkdir /sys/fs/cgroup/freezer
  mount -t cgroup -o freezer freezer /sys/fs/cgroup/freezer
  F=/sys/fs/cgroup/freezer/f; mkdir $F
  freeze() { if [ $1 = 1 ]; then echo FROZEN; else echo THAWED; fi > $F/freezer.state; }
fi
st() { echo "$1: $(grep State /proc/$p/status | cut -f2) $(grep ShdPnd /proc/$p/status | cut -f2)"; }
sleep 30 & p=$!; sleep 0.2
echo $p > $F/cgroup.procs
freeze 1; sleep 0.3; st frozen
kill -STOP $p; sleep 0.3; st "STOP while frozen"
freeze 0; sleep 0.3; st thawed
jobs -l | sed "s/$p/P/"
kill -CONT $p; sleep 0.3; st continued
freeze 1; sleep 0.3
kill -STOP $p; kill -CONT $p; sleep 0.3; st "STOP then CONT while frozen"
freeze 0; sleep 0.3; st thawed
kill -TSTP $p; sleep 0.3; st "TSTP (orphaned group)"
kill -STOP $p; sleep 0.3; st stopped
freeze 1; sleep 0.3; st "stopped, frozen"
kill -CONT $p; sleep 0.3; st "CONT while frozen"
freeze 0; sleep 0.3; st thawed
kill -TERM $p; wait $p; echo "wait $?"
rmdir $F; echo "rmdir $?"
