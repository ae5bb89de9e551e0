#!/bin/bash
# Written for memcgsim's conformance suite (session 44, novel44; cgroup v2): an SRE
# pauses a container's big process with SIGSTOP to look at it (as a debugger or
# `kill -STOP` does) and, meanwhile, another job in the same container grows to its
# memory.max. The memcg OOM killer (mem_cgroup_out_of_memory → select_bad_process)
# takes the task of the highest oom_badness, the stopped one: a stopped task is
# killable (SIGKILL wakes it out of TASK_STOPPED: signal_wake_up_state with
# TASK_WAKEKILL), it exits and its pages are uncharged, and the growing job then
# finishes under the limit. The paused job's bash reports its killed pipeline (a
# non-interactive shell's notice of a job a signal ended). Printed: the paused task's state, the container's
# events, who died and who finished. Sizes in MiB.
C=/sys/fs/cgroup
MB=$((1 << 20))
echo +memory > $C/cgroup.subtree_control
mkdir $C/ctr; echo 8M > $C/ctr/memory.max
ev() { awk -v k=$1 '$1 == k {print $2}' $C/ctr/memory.events; }
mkfifo go; exec 4<> go     # held open here: the write below never blocks
( echo $BASHPID > $C/ctr/cgroup.procs
  { head -c 5M /dev/zero; read x < go; } | tail > /dev/null
  echo "big: ${PIPESTATUS[*]}" ) 2> notice &
w=$!
n=0; while [ $(cat $C/ctr/memory.current) -lt $((5 * MB)) ] && [ $n -lt 120 ]; do sleep 0.5; n=$((n + 1)); done
big=
for p in $(cat $C/ctr/cgroup.procs); do
    [ "$(cat /proc/$p/comm 2>/dev/null)" = tail ] && big=$p
done
kill -STOP $big
sleep 0.2
echo "paused: $(awk '{print $3}' /proc/$big/stat) current >= 5M: $(( $(cat $C/ctr/memory.current) >= 5 * MB ))"
( echo $BASHPID > $C/ctr/cgroup.procs
  head -c 6M /dev/zero | tail > /dev/null
  echo "grower: ${PIPESTATUS[*]}" )
echo "events: oom_kill $(ev oom_kill) oom > 0: $(( $(ev oom) > 0 )) max > 0: $(( $(ev max) > 0 ))"
echo "big gone: $([ -d /proc/$big ] && echo no || echo yes)"
echo >&4
wait $w; echo "wait: $?"
echo "notice: $(grep -c Killed notice) $(grep -o 'line [0-9]*' notice | head -n 1)"
echo "after: current < 1M: $(( $(cat $C/ctr/memory.current) < MB )) procs $(wc -l < $C/ctr/cgroup.procs)"
rmdir $C/ctr; echo "rmdir: $?"
exec 4>&-; rm -f go notice
