#!/bin/bash
# Written for memcgsim's conformance suite (session 31, novel31; cgroup v1 and v2):
# fork/exec chains and background jobs that outlive their cgroup. A job starts in cgroup
# A (a subshell that writes 128 KiB to tmpfs, then forks a chain bash -c -> exec bash
# -c -> sleep), the runtime moves the job's subshell to B but leaves the chain in A,
# tries to remove A (busy), waits for the chain to exit, removes A while the job, now
# in B, still runs: its kernel stack was charged to A. The job then prints the cgroup it
# sees, forks once more and exits after B is tried (busy); a zombie left in C (its
# parent not waiting) does not stop C's rmdir. /proc/cgroups' memory count after every
# step, and once all have exited and the tmpfs file is gone.
if [ -e /sys/fs/cgroup/cgroup.controllers ]; then
  R=/sys/fs/cgroup; V=2
  grep -qw memory $R/cgroup.subtree_control || echo +memory > $R/cgroup.subtree_control
else
  R=/sys/fs/cgroup/memory; V=1
fi
cut_path() { sed -e 's#^[^:]*: line [0-9]*: ##' -e "s#^\(mkdir\|rmdir\): .*': #\1: #"; }
ncg() { echo "$1: num_cgroups $(awk '$1 == "memory" {print $3}' /proc/cgroups)"; }
rd() { rmdir $R/$1 2>&1 | cut_path; echo "rmdir $1: ${PIPESTATUS[0]}"; }
n() { grep -c . $R/$1/cgroup.procs; }
echo "cgroup v$V, $(getconf _NPROCESSORS_ONLN) CPUs"
mkdir $R/A $R/B $R/C
ncg "mkdir A B C"
mkdir -p /tmp/bg
(
  echo $BASHPID > $R/A/cgroup.procs
  head -c 131072 /dev/zero > /tmp/bg/job
  bash -c 'exec bash -c "exec sleep 2"' &
  chain=$!
  echo $chain > /tmp/bg/chain
  wait $chain
  echo "job: chain done, job in $(awk -F: '$2 == "" || $2 ~ /memory/ {print $3}' /proc/self/cgroup)" > /tmp/bg/msg.tmp
  mv /tmp/bg/msg.tmp /tmp/bg/msg
  sleep 2
  sh -c 'echo "job: last child in $(awk -F: "\$2 == \"\" || \$2 ~ /memory/ {print \$3}" /proc/$$/cgroup)"'
) &
job=$!
while [ ! -s /tmp/bg/chain ]; do sleep 0.1; done
sleep 0.5
echo "A holds $(n A) tasks; chain comm: $(cat /proc/$(cat /tmp/bg/chain)/comm)"
echo $job > $R/B/cgroup.procs
echo "after moving the job: A $(n A) B $(n B)"
rd A
ncg "A busy"
while [ $(n A) != 0 ]; do sleep 0.1; done
rd A
# what the job said once its chain was done (written to a file: whether it said it
# before or after the rmdir above is a race of the wakeups)
while [ ! -e /tmp/bg/msg ]; do sleep 0.1; done
cat /tmp/bg/msg
ncg "A removed, job alive in B"
rd B
# a zombie in C: its parent (a sleep in the root) never waits for it
( echo $BASHPID > $R/C/cgroup.procs; exec sh -c 'sleep 0.2 & exec sleep 5' ) &
zp=$!
sleep 1
echo $zp > $R/cgroup.procs
echo "C holds $(n C) tasks"
rd C
ncg "C removed with a zombie"
wait $job
ncg "job exited"
rd B
ncg "B removed"
kill $zp; wait $zp 2>/dev/null
rm -r /tmp/bg
sleep 1
ncg "all gone"
