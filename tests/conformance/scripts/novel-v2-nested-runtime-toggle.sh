#!/bin/bash
# Written for memcgsim's conformance suite (session 39, novel39; cgroup v2): nested
# runtimes. The host's manager enables memory and pids for a pod; the pod's own
# runtime enables them for its containers, sets their limits and starts a sleeper in
# each. The host cannot take memory back while the pod's subtree_control still names
# it (cgroup_subtree_control_write: a child enabling it, EBUSY); the pod's runtime
# can, though its containers have tasks: their memory files go and their memory css
# is killed. Enabled again, each container gets a new memcg: memory.max is max again
# (the 16M is lost), the sleeper's pages stay with the old one. The runtime cannot
# join the pod itself (no internal processes: EBUSY), only a leaf of it (the
# command substitution's subshell tries, the script's shell stays in the root).
C=/sys/fs/cgroup
P=$C/pod
w() { local m; m=$( { echo "$1" > "$2"; } 2>&1 ); [ -n "$m" ] && echo "${m##*: }" || echo ok; }
echo "+memory +pids" > $C/cgroup.subtree_control
mkdir -p $P/rt $P/c1 $P/c2
echo "pod +memory +pids: $(w '+memory +pids' $P/cgroup.subtree_control)"
echo "pod: $(cat $P/cgroup.controllers) | $(cat $P/cgroup.subtree_control)"
echo 16M > $P/c1/memory.max; echo 20 > $P/c2/pids.max
( echo $BASHPID > $P/c1/cgroup.procs; exec sleep 20 ) &
( echo $BASHPID > $P/c2/cgroup.procs; exec sleep 20 ) &
sleep 0.5
echo "c1 max $(cat $P/c1/memory.max), current > 0 $(( $(cat $P/c1/memory.current) > 0 )); c2 pids $(cat $P/c2/pids.current)/$(cat $P/c2/pids.max)"
echo "host -memory: $(w -memory $C/cgroup.subtree_control)"
echo "runtime joins pod: $(w $BASHPID $P/cgroup.procs)"
echo "runtime joins rt: $(w $BASHPID $P/rt/cgroup.procs)"
echo "pod -memory: $(w -memory $P/cgroup.subtree_control)"
echo "c1 after: controllers '$(cat $P/c1/cgroup.controllers)', memory.max: $(cat $P/c1/memory.max 2>&1 | sed 's/.*: //')"
echo "pod +memory again: $(w +memory $P/cgroup.subtree_control)"
echo "c1 max $(cat $P/c1/memory.max), current < 64K $(( $(cat $P/c1/memory.current) < 65536 ))"
echo "c1 procs $(wc -l < $P/c1/cgroup.procs), c2 pids $(cat $P/c2/pids.current)"
echo "pod -pids with c2 limited: $(w -pids $P/cgroup.subtree_control)"
echo "c2 pids.max: $(cat $P/c2/pids.max 2>&1 | sed 's/.*: //')"
wait
rmdir $P/c1 $P/c2 $P/rt; echo "rmdir containers: $?"
echo "host -memory now: $(w -memory $C/cgroup.subtree_control)"
echo "pod -memory: $(w -memory $P/cgroup.subtree_control), host -memory: $(w -memory $C/cgroup.subtree_control)"
echo "pod: $(cat $P/cgroup.controllers) | $(cat $P/cgroup.subtree_control)"
rmdir $P; echo "rmdir pod: $?"
