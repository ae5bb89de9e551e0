#!/bin/bash
# Written for memcgsim's conformance suite (session 36, novel36; cgroup v2): a batch
# scheduler pauses a job (cgroup.freeze 1), signals its processes while they are
# frozen, then thaws it. A frozen task sits in the freezer's trap (kernel/signal.c
# do_freezer_trap); a fatal signal (SIGKILL, or a default-action SIGTERM, which
# complete_signal makes SIGKILL for the group) wakes it to exit (signal_wake_up), so
# the job's cgroup.procs shrinks while it stays frozen; a caught or ignored signal and
# SIGSTOP stay pending until the thaw. Printed: who is left in the job, cgroup.events
# (populated, frozen) at each step, and the statuses `wait` reports after the thaw.
C=/sys/fs/cgroup
echo "+memory +pids" > $C/cgroup.subtree_control
mkdir $C/batch
start() { ( echo $BASHPID > $C/batch/cgroup.procs; exec "$@" ) & }
start sleep 60; a=$!
start sleep 60; b=$!
start bash -c 'trap "echo c got TERM; exit 3" TERM; while :; do sleep 0.2; done'; c=$!
start bash -c 'trap "" TERM; sleep 60'; d=$!
start sleep 60; e=$!
sleep 1
ev() { echo "$1: procs $(wc -l < $C/batch/cgroup.procs), $(tr '\n' ' ' < $C/batch/cgroup.events)"; }
ev started
echo 1 > $C/batch/cgroup.freeze
sleep 0.5
ev frozen
kill -KILL $a; kill -TERM $b; kill -TERM $c; kill -TERM $d; kill -STOP $e
sleep 0.5
ev "signalled while frozen"
for p in $a $b $c $d $e; do [ -d /proc/$p ] && echo "$p $(awk '/^State/ {print $2}' /proc/$p/status)" || echo "$p gone"; done | sed "s/^$a /a /;s/^$b /b /;s/^$c /c /;s/^$d /d /;s/^$e /e /;s/^$a$/a/"
echo 0 > $C/batch/cgroup.freeze
sleep 1
ev thawed
kill -CONT $e; kill -KILL $d $e
for p in a b c d e; do wait ${!p}; echo "wait $p: $?"; done
sleep 0.3
ev end
rmdir $C/batch; echo "rmdir: $?"
