#!/bin/bash
# Written for memcgsim's conformance suite (session 40, novel40; cgroup v2): a
# container runtime sets memory.oom.group on a container whose init ("pause") is
# protected with oom_score_adj -1000, as runtimes do for their shim. A worker spikes
# past memory.max: the OOM killer picks the worker's tail (oom_badness: the pause's
# LONG_MIN never chosen), then kills the whole memcg (mem_cgroup_get_oom_group →
# mem_cgroup_scan_tasks(oom_kill_memcg_member)) except tasks at OOM_SCORE_ADJ_MIN:
# the pause survives, the container stays populated, each killed task counts an
# oom_kill. The runtime then ends the pause itself. The shell's job reports (their pids)
# go to /dev/null: the statuses are echoed.
C=/sys/fs/cgroup
K=$C/ctr
exec 2>/dev/null
echo +memory > $C/cgroup.subtree_control
mkdir $K; echo 8M > $K/memory.max; echo 0 > $K/memory.swap.max 2>/dev/null
echo 1 > $K/memory.oom.group; echo "oom.group: $(cat $K/memory.oom.group)"
( echo $BASHPID > $K/cgroup.procs; echo -1000 > /proc/$BASHPID/oom_score_adj; exec sleep 30 ) &
pause=$!
( echo $BASHPID > $K/cgroup.procs; exec sleep 30 ) &
helper=$!
sleep 1
echo "pause adj: $(cat /proc/$pause/oom_score_adj) score: $(cat /proc/$pause/oom_score)"
echo "tasks before: $(wc -l < $K/cgroup.procs)"
( echo $BASHPID > $K/cgroup.procs; head -c 32M /dev/zero | tail > /dev/null; echo "worker: ${PIPESTATUS[*]}" )
echo "worker subshell: $?"
sleep 1
left=$(cat $K/cgroup.procs)
echo "left: $(echo $left | wc -w) pause left: $([ "$left" = "$pause" ] && echo 1 || echo 0)"
kill -0 $helper 2>/dev/null; echo "helper alive: $(( $? == 0 ))"
echo "events: $(grep -E '^(oom_kill|oom_group_kill) ' $K/memory.events | tr '\n' ' ')"
echo "populated: $(grep populated $K/cgroup.events)"
echo "current under 1M: $(( $(cat $K/memory.current) < 1 << 20 ))"
kill $pause; wait $pause; echo "pause: $?"
wait $helper; echo "helper: $?"
sleep 0.5
echo "after: $(grep populated $K/cgroup.events)"
rmdir $K; echo "rmdir: $?"
