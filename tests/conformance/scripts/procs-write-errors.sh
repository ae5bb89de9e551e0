#!/bin/bash
# Written for memcgsim's conformance suite (session 11, cgroup v1 and v2): what a
# runtime gets back when it moves the wrong thing, or removes too early. Writes to
# cgroup.procs (and v1's tasks) of: a pid that has exited (ESRCH), 0 (the writer
# itself), -1 and junk (EINVAL), a kernel thread (kthreadd, PF_NO_SETAFFINITY:
# EINVAL), a zombie whose parent has not reaped it, two pids in one write; rmdir of a
# populated cgroup and of one with a child (EBUSY), mkdir of an existing one (EEXIST);
# on v2, a process into a cgroup whose subtree_control is set (EBUSY: no internal
# processes), and +memory in the subtree_control of a populated cgroup.
if grep -q cgroup2 /proc/mounts && [ -f /sys/fs/cgroup/cgroup.controllers ]; then
  R=/sys/fs/cgroup; V=2
  grep -qw memory $R/cgroup.subtree_control || echo +memory > $R/cgroup.subtree_control
else
  R=/sys/fs/cgroup/memory; V=1
fi
err() { sed -e 's#^.*: line [0-9]*: ##' -e "s#^mkdir: .*': #mkdir: #" -e "s#^rmdir: .*': #rmdir: #"; }  # bash's messages without the line, mkdir's and rmdir's without the path
w() {  # w FILE VALUE [LABEL]: write VALUE to FILE, print bash's message and the status
  echo "$2" 2>&1 > $R/$1 | err; echo "write ${3:-'$2'} to $1: ${PIPESTATUS[0]}"; }
has() { awk -v r="$1" '$0 == r' $R/$2/cgroup.procs | wc -l; }
mkdir $R/g $R/g/sub
sleep 0.1 & dead=$!; wait $dead
w g/cgroup.procs $dead "an exited pid"
[ $V = 1 ] && w g/tasks $dead "an exited pid"
w g/cgroup.procs abc
w g/cgroup.procs -1
w g/cgroup.procs " 12x"
w g/cgroup.procs 2 kthreadd
[ $V = 1 ] && w g/tasks 2 kthreadd
# a zombie: the subshell's child exits, the subshell (exec'd sleep) never reaps it
( sleep 0.1 & echo $! > zpid; exec sleep 30 ) &
holder=$!
sleep 1
z=$(cat zpid)
echo "zombie state: $(awk '{print $3}' /proc/$z/stat)"
w g/sub/cgroup.procs $z "the zombie"
echo "zombie listed in sub: $(has $z g/sub)"
w g/sub/cgroup.procs $holder "its parent"
echo "holder in sub: $(has $holder g/sub)"
sleep 30 & s1=$!; sleep 30 & s2=$!
echo "$s1 $s2" 2>&1 > $R/g/sub/cgroup.procs | err; echo "two pids in one write: ${PIPESTATUS[0]}; s1 in sub $(has $s1 g/sub) s2 in sub $(has $s2 g/sub)"
echo $s2 > $R/g/sub/cgroup.procs
rmdir $R/g/sub 2>&1 | err; echo "rmdir populated sub: ${PIPESTATUS[0]}"
rmdir $R/g 2>&1 | err; echo "rmdir g with a child: ${PIPESTATUS[0]}"
mkdir $R/g/sub 2>&1 | err; echo "mkdir existing sub: ${PIPESTATUS[0]}"
if [ $V = 2 ]; then
  echo +memory 2>&1 > $R/g/sub/cgroup.subtree_control | err; echo "+memory in populated sub: ${PIPESTATUS[0]}"
  echo +memory > $R/g/cgroup.subtree_control; echo "+memory in g (its child populated): $?"
  w g/cgroup.procs $s1 "a sleeper"
  echo "g populated $(grep populated $R/g/cgroup.events) sub $(grep populated $R/g/sub/cgroup.events)"
fi
w g/cgroup.procs 0
echo "shell in g: $(has $$ g)"
w cgroup.procs $$ "the shell"
kill $s1 $s2 $holder; wait 2>/dev/null
sleep 0.2
echo "sub procs after the kill: $(wc -l < $R/g/sub/cgroup.procs)"
rmdir $R/g/sub $R/g; echo "rmdir after the kill: $?"
rm -f zpid
