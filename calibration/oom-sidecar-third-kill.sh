#!/bin/bash
# calibration/oom-sidecar-third-kill.sh (session 39, novel39): novel-v2-oom-sidecar-first's
# run with the kernel's OOM lines after it: who charged when each OOM kill came
# ("... invoked oom-killer"), each victim, the reaper's lines. Run on the 6.1 guest at
# 1 CPU, where it killed a third process (docs/fidelity.md item 312):
#   memcgsim oracle calibration/oom-sidecar-third-kill.sh --kernel 6.1 --cgroup v2 --cpus 1
C=/sys/fs/cgroup
P=$C/pod
echo +memory > $C/cgroup.subtree_control
mkdir $P; echo 12M > $P/memory.max; echo 0 > $P/memory.swap.max 2>/dev/null
ev() { awk -v k=$1 '$1 == k {print $2}' $P/memory.events; }
mkfifo go
( echo $BASHPID > $P/cgroup.procs; echo 500 > /proc/self/oom_score_adj
  { head -c 4M /dev/zero; : > held; read < go; } | tail > /dev/null; echo "sidecar: ${PIPESTATUS[*]}" ) &
sc=$!
until [ -e held ]; do sleep 0.1; done; sleep 0.5; rm held
echo "sidecar holds >= 4M: $(( $(cat $P/memory.current) >= 4 << 20 )), oom_kill $(ev oom_kill)"
( echo $BASHPID > $P/cgroup.procs; head -c 16M /dev/zero | tail > /dev/null; echo "main: ${PIPESTATUS[*]}" )
echo "oom_kill $(ev oom_kill), oom >= oom_kill: $(( $(ev oom) >= $(ev oom_kill) ))"
echo "procs $(wc -l < $P/cgroup.procs)"
echo > go; wait $sc; echo "sidecar shell: $?"
echo "procs left $(wc -l < $P/cgroup.procs), current < 1M $(( $(cat $P/memory.current) < 1 << 20 ))"
rm go; rmdir $P; echo "rmdir: $?"
dmesg | grep -E "invoked oom-killer|Killed process|oom_reaper|oom-kill:" | sed "s/^\[[ 0-9.]*\] //"
