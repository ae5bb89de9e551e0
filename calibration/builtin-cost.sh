#!/bin/bash
# CPU time of bash's simple builtin commands on the guest, for shell/jobs.py's
# COMMAND_COST_NS: loops of N iterations timed with $EPOCHREALTIME, three runs.
N=20000
us() { local a=${1/./} b=${2/./}; echo $(( (10#$b - 10#$a) )); }
for run in 1 2 3; do
  t0=$EPOCHREALTIME; for ((i = 0; i < N; i++)); do :; done; t1=$EPOCHREALTIME
  echo "colon-loop run=$run n=$N us=$(us $t0 $t1)"
  t0=$EPOCHREALTIME; i=0; while [ $i -lt $N ]; do i=$((i + 1)); done; t1=$EPOCHREALTIME
  echo "while-test-assign run=$run n=$N us=$(us $t0 $t1)"
  t0=$EPOCHREALTIME; for ((i = 0; i < N; i++)); do echo x > /dev/null; done; t1=$EPOCHREALTIME
  echo "echo-devnull run=$run n=$N us=$(us $t0 $t1)"
done
