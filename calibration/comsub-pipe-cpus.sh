#!/bin/bash
# Written for memcgsim (session 40, branch place40: docs/fidelity.md item 344): the
# shell's CPU after each command substitution and each pipeline, against a plain
# command's. Run traced (tools/sizes/wake_trace.py --sched-only, the echoes as trace
# marks) on both kernels at 2 CPUs; read with tools/sizes/shell_wakes.py --marks,
# and on the model with tools/sizes/model_shell_wakes.py --marks:
#   python3 tools/sizes/wake_trace.py --sched-only calibration/comsub-pipe-cpus.sh > /tmp/t.sh
#   memcgsim oracle /tmp/t.sh --kernel 5.10 --cgroup v2 --cpus 2
# Each mark names what follows it: t a plain command, c an external command's output
# read ($(cat)), b a subshell's builtin output ($(echo)), p a pipeline waited for,
# q a pipeline's output read.
for i in $(seq 40); do
  echo "t true"; /bin/true
  echo "c comsub"; x=$(cat /proc/self/stat)
  echo "b builtin comsub"; x=$(echo $i)
  echo "p pipeline"; cat /proc/self/stat | wc -c > /dev/null
  echo "q pipeline comsub"; x=$(cat /proc/self/stat | wc -c)
done
echo "e end"
