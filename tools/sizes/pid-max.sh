#!/bin/bash
# pid_max (kernel/pid.c alloc_pid: idr_alloc_cyclic in [pid_min, pid_max), pid_min
# RESERVED_PIDS (300) once the cursor passed it; -ENOSPC -> -EAGAIN) and its sysctl
# (kernel/sysctl.c proc_dointvec_minmax in pid_max_min..pid_max_max, else -EINVAL).
#   python -m memcgsim oracle tools/sizes/pid-max.sh --kernel 5.10|6.1
# Recordings: tools/sizes/recordings/pid-max--5.10.txt, --6.1.txt (2 CPUs, 1 GiB)
f=/proc/sys/kernel/pid_max
echo "pid_max $(cat $f) shell $$"
for v in 300 301 4194304 4194305 0 -5 abc " 1000" 32768; do
  { echo "$v" > $f; } 2>&1
  echo "write '$v' rc=$? now $(cat $f)"
done
sleep 30 & h=$!
echo "holder $h"
echo 330 > $f
out=
for i in $(seq 1 260); do : & out="$out $!"; wait $!; done
echo "churn$out"
sleep 5 & echo "sleeper $! $(cat /proc/$!/comm)"
echo 301 > $f
sleep 2 & echo "last $!"
: & echo "after $!"
wait
echo 32768 > $f
: & echo "reset $!"; wait
echo "pid_max $(cat $f)"
