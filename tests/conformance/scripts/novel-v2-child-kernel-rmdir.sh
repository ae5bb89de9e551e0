#!/bin/bash
# Written for memcgsim's conformance suite (session 38, novel38; cgroup v2): a
# kernel developer watching a parent's memory.stat kernel fields while a child
# cgroup runs three sleepers and is removed. A task's kernel stack is charged to
# its memcg (account_kernel_stack) and uncharged at its exit; a child memcg's own
# per-CPU statistics are charged to the parent when it is made
# (mem_cgroup_alloc under set_active_memcg(parent)) and stay until the memcg is
# freed, after its removal; its slab objects move to the parent at offline
# (memcg_reparent_objcgs, v5.9+ objcg). sock stays 0 (no sockets).
C=/sys/fs/cgroup
echo +memory > $C/cgroup.subtree_control
mkdir -p $C/p/c
echo +memory > $C/p/cgroup.subtree_control
st() { awk -v k="$2" '$1 ~ "^(" k ")$" {printf "%s %d ", $1, $2} END {print ""}' $C/$1/memory.stat; }
echo "p made: $(st p 'kernel_stack|percpu|sock')"
( echo $BASHPID > $C/p/c/cgroup.procs; sleep 60 & sleep 60 & sleep 60 & wait ) &
sub=$!
for i in $(seq 50); do [ $(wc -l < $C/p/c/cgroup.procs) -ge 4 ] && break; sleep 0.1; done
echo "tasks in c: $(wc -l < $C/p/c/cgroup.procs)"
echo "c running: $(st p/c 'kernel_stack|sock')"
echo "p running: $(st p 'kernel_stack|percpu|sock')"
pkill_c() { for t in $(cat $C/p/c/cgroup.procs); do kill -9 $t; done; }
pkill_c; wait $sub; echo "subshell: $?"
for i in $(seq 50); do [ $(wc -l < $C/p/c/cgroup.procs) -eq 0 ] && break; sleep 0.1; done
echo "c after the kill: $(st p/c 'kernel_stack')"
echo "p after the kill: $(st p 'kernel_stack|percpu')"
rmdir $C/p/c; echo "rmdir c: $?"
echo "p after rmdir: $(st p 'kernel_stack|percpu|sock') $(tr '\n' ' ' < $C/p/cgroup.stat)"
sleep 2
echo "p later: $(st p 'percpu') $(tr '\n' ' ' < $C/p/cgroup.stat)"
rmdir $C/p; echo "rmdir p: $?"
