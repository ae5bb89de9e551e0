#!/bin/bash
# Calibration (session 34, novel34): the race of a background subshell's first steps
# against its parent's next builtin. Twenty times: `( echo $BASHPID > fo/cgroup.procs;
# exec sleep 30 ) &`, then the parent's builtin `read` of fo/cgroup.procs. Each line:
# µs after the `&` line started (EPOCHREALTIME) of the parent's fork return (after
# `& p=$!`) and of its read's end, of the child's start and of its move's end, and
# whether the read saw the child. On the guests (tests/conformance novel-fork-order)
# the read sees it 1 to 3 times in 5; the model never (its children start 0.75 ms or
# more after the fork: kernel/sched.py CHILD_EXEC_NS).
if [ -d /sys/fs/cgroup/memory ]; then C=/sys/fs/cgroup/memory
else C=/sys/fs/cgroup; echo +memory > $C/cgroup.subtree_control; fi
mkdir $C/fo
us() { local x=${1/./}; echo $((10#$x)); }
for i in $(seq 1 20); do
  t0=$EPOCHREALTIME
  ( a=$EPOCHREALTIME; echo $BASHPID > $C/fo/cgroup.procs; b=$EPOCHREALTIME; echo "$a $b" > /tmp/fr.$i; exec sleep 30 ) & p=$!
  t1=$EPOCHREALTIME
  read -r x < $C/fo/cgroup.procs; s=$?
  t2=$EPOCHREALTIME
  sleep 0.1; kill $p; wait $p 2>/dev/null
  read a b < /tmp/fr.$i
  z=$(us $t0)
  echo "$i: parent fork $(( $(us $t1) - z )) read $(( $(us $t2) - z )) child start $(( $(us $a) - z )) moved $(( $(us $b) - z )) seen $([ $s = 0 ] && echo 1 || echo 0)"
done
rm -f /tmp/fr.*
rmdir $C/fo
