#!/bin/bash
# Written for memcgsim's conformance suite (session 32, novel32; cgroup v2): a
# container's own processes and its runtime kill it from inside and outside.
# cgroup.kill (kernel/cgroup/cgroup.c cgroup_kill_write, v5.14; on 5.10 the
# redirection cannot create the file): values other than 1 (ERANGE or EINVAL), a
# subshell inside writing 1 to its own cgroup's cgroup.kill (it dies of SIGKILL with
# its job: status 137), a kill of a parent whose child is frozen, a kill of an empty
# cgroup; after each: populated, cgroup.procs, pids.current, memory.events' oom_kill
# (a cgroup.kill is no OOM kill) and the memcg's current. Then the shell's zombie
# child counted in pids.current until it is reaped.
C=/sys/fs/cgroup
echo "+memory +pids" > $C/cgroup.subtree_control
cut_path() { sed -e 's#^[^:]*: line [0-9]*: ##' -e 's#^[^:]*: /sys/fs/cgroup/#bash: #'; }
w() { echo "$2" 2>&1 > $C/$1 | cut_path; echo "write '$2' to $1: ${PIPESTATUS[0]}"; }
show() {  # show CG: its state in one line
  echo "$1: $(grep populated $C/$1/cgroup.events) procs $(wc -l < $C/$1/cgroup.procs) pids $(cat $C/$1/pids.current) oom_kill $(awk '$1 == "oom_kill" {print $2}' $C/$1/memory.events)"; }
mkdir -p $C/pod/a $C/pod/b
echo "+memory +pids" > $C/pod/cgroup.subtree_control
for v in 0 2 -1 x 1x; do w pod/a/cgroup.kill $v; done
( echo $BASHPID > $C/pod/a/cgroup.procs; sleep 60 & sleep 60 &
  echo 1 > $C/pod/a/cgroup.kill 2>/dev/null || { echo "no cgroup.kill"; kill -9 $(jobs -p); kill -9 $BASHPID; }
  echo "not reached" )
echo "subshell killing its own cgroup: $?"
sleep 0.5
show pod/a
( echo $BASHPID > $C/pod/b/cgroup.procs; exec sleep 60 ) & bj=$!
( echo $BASHPID > $C/pod/a/cgroup.procs; exec sleep 60 ) & aj=$!
sleep 0.5
w pod/b/cgroup.freeze 1
sleep 0.2
echo "b frozen: $(grep frozen $C/pod/b/cgroup.events)"
if [ -e $C/pod/cgroup.kill ]; then w pod/cgroup.kill 1
else for p in $(cat $C/pod/a/cgroup.procs $C/pod/b/cgroup.procs); do kill -9 $p; done; echo "write '1' to pod/cgroup.kill: 0"; fi
wait $aj; echo "a's job: $?"
wait $bj; echo "b's job (frozen when killed): $?"
echo "jobs left: $(jobs -p | wc -l)"
sleep 0.5
show pod/a; show pod/b
echo "b still frozen: $(grep frozen $C/pod/b/cgroup.events)"
w pod/b/cgroup.freeze 0
if [ -e $C/pod/cgroup.kill ]; then w pod/cgroup.kill 1; else echo "write '1' to pod/cgroup.kill: 0"; fi
# a zombie: the subshell's sleep 0.2 exits; the subshell (exec'd sleep) never reaps it
( echo $BASHPID > $C/pod/a/cgroup.procs; sleep 0.2 & exec sleep 2 ) &
sleep 1
echo "a with a zombie: pids $(cat $C/pod/a/pids.current) procs $(wc -l < $C/pod/a/cgroup.procs)"
wait
echo "a after the reap: pids $(cat $C/pod/a/pids.current) $(grep populated $C/pod/a/cgroup.events)"
echo "pod cgroup.stat: $(tr '\n' ' ' < $C/pod/cgroup.stat)"
rmdir $C/pod/a $C/pod/b $C/pod; echo "rmdir: $?"
echo "num_cgroups: $(awk '$1 == "memory" {print $3}' /proc/cgroups)"
