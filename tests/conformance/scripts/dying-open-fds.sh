#!/bin/bash
# Written for memcgsim's conformance suite (session 14, cgroup v1 or v2): a monitor
# keeps cgroupfs files of a job open (a limit for writing, memory.stat and
# cgroup.procs for reading) while the manager removes the job. kernfs_remove
# deactivates the files: a read or write through an fd opened before goes through
# kernfs_get_active, which fails once the node is removed (ENODEV); a new open by
# path fails with ENOENT. A shell whose cwd was the removed directory finds it dead
# (S_DEAD, IS_DEADDIR: ENOENT for lookups and mkdir). An open file does not pin the
# cgroup: the parent's cgroup.stat no longer counts it once it is freed (v2).
if [ -d /sys/fs/cgroup/memory ]; then
  C=/sys/fs/cgroup/memory; V=v1; LIM=memory.limit_in_bytes
else
  C=/sys/fs/cgroup; V=v2; LIM=memory.max
  grep -qw memory $C/cgroup.subtree_control || echo +memory > $C/cgroup.subtree_control
fi
cd $C
msg() { sed -e 's/^[^ ]*: line [0-9]*: //' -e 's/^\(rmdir\|mkdir\|cat\|ls\): .*: /\1: /'; }
mkdir mon
[ $V = v2 ] && echo +memory > mon/cgroup.subtree_control
mkdir mon/job mon/job/sub
exec 3> mon/job/$LIM 4< mon/job/memory.stat 5> mon/job/cgroup.procs 6< mon/job/cgroup.procs
echo 32M >&3; echo "$V write 32M through fd 3: $? -> $(cat mon/job/$LIM)"
read -r first <&4; echo "$V first line of memory.stat: ${first%% *}"
# a subshell sits in the directory that will go
rm -f /tmp/removed
( cd mon/job/sub && while [ ! -e /tmp/removed ]; do sleep 0.1; done && echo "$V in the removed sub:"
  mkdir x 2>&1 | msg; echo "  mkdir x: ${PIPESTATUS[0]}"
  cat $LIM 2>&1 | msg; echo "  cat $LIM: ${PIPESTATUS[0]}"
  { : > newfile; } 2>&1 | msg; echo "  create: ${PIPESTATUS[0]}"
  cd .. 2>&1 | msg; echo "  cd ..: ${PIPESTATUS[0]}"
  echo "  pwd (bash): $PWD" ) &
sleep 1
rmdir mon/job 2>&1 | msg; echo "$V rmdir job with sub: ${PIPESTATUS[0]}"
rmdir mon/job/sub mon/job 2>&1 | msg; echo "$V rmdir sub and job: ${PIPESTATUS[0]}"
: > /tmp/removed
wait
echo 16M 2>&1 >&3 | msg; echo "$V write through fd 3 after rmdir: ${PIPESTATUS[0]}"
read -r l <&4 2>&1 | msg; echo "$V read fd 4 after rmdir: ${PIPESTATUS[0]}"
echo $$ 2>&1 >&5 | msg; echo "$V write own pid through fd 5: ${PIPESTATUS[0]}"
echo "$V shell's cgroup: $(grep -c /mon /proc/$$/cgroup) lines with /mon"
n=0; while read -r p; do n=$((n + 1)); done <&6 2>/dev/null; echo "$V read fd 6: $n pids, rc=$?"
cat mon/job/$LIM 2>&1 | msg; echo "$V cat by path: ${PIPESTATUS[0]}"
echo 8M 2>&1 > mon/job/$LIM | msg; echo "$V write by path: ${PIPESTATUS[0]}"
ls mon | grep -c job | sed "s/^/$V job entries in mon: /"
if [ $V = v2 ]; then
  sleep 1
  echo "$V mon cgroup.stat with fds open: $(tr '\n' ' ' < mon/cgroup.stat)"
fi
exec 3>&- 4<&- 5>&- 6<&-
mkdir mon/job 2>&1 | msg; echo "$V mkdir job again: ${PIPESTATUS[0]} -> limit $(cat mon/job/$LIM)"
exec 3> mon/job/$LIM
rmdir mon/job
echo 4M 2>&1 >&3 | msg; echo "$V the new job's fd after rmdir: ${PIPESTATUS[0]}"
exec 3>&-
rmdir mon
rm -f /tmp/removed
echo "$V done"
