#!/bin/bash
# Written for memcgsim's conformance suite (session 34, novel34; cgroup v2): the
# no-internal-process rule as a runtime meets it, controller by controller. A populated
# cgroup p takes +pids (a threaded controller: cgroup_vet_subtree_control_enable lets it
# in while p can be a thread root) but not +memory (EBUSY); a task moves into p while
# only pids is enabled below it, not once memory is (cgroup_migrate_vet_dst: EBUSY);
# a threaded child turns p "domain threaded" (cgroup.type), refuses +memory (EOPNOTSUPP)
# and takes +pids; a domain child cannot be made under a thread root's threaded child;
# then the whole tree is taken apart in the wrong order first (rmdir of a populated and
# of a parent cgroup) and the errno of each step printed.
C=/sys/fs/cgroup
echo "+memory +pids" > $C/cgroup.subtree_control
msg() { sed -e 's#^[^:]*: line [0-9]*: ##' -e 's#^[^:]*: /sys/fs/cgroup/#bash: #' -e "s#^\(mkdir\|rmdir\): .*': #\1: #"; }
w() {  # w FILE VALUE [LABEL]: write, print the message and status
  echo "$2" 2>&1 > $C/$1 | msg; echo "write '${3:-$2}' to $1: ${PIPESTATUS[0]}"; }
show() { echo "$1: type $(cat $C/$1/cgroup.type) controllers [$(cat $C/$1/cgroup.controllers)] subtree [$(cat $C/$1/cgroup.subtree_control)] procs $(wc -l < $C/$1/cgroup.procs 2>&1 | msg) threads $(wc -l < $C/$1/cgroup.threads)"; }
mkdir $C/p
sleep 60 & s1=$!
w p/cgroup.procs $s1 s1
show p
w p/cgroup.subtree_control +memory
w p/cgroup.subtree_control +pids
show p
sleep 60 & s2=$!
w p/cgroup.procs $s2 s2
mkdir $C/p/d; echo "mkdir p/d: $?"
show p/d
w p/d/cgroup.procs $s2 s2
w p/cgroup.procs $s2 s2
w p/cgroup.subtree_control "-pids"
w p/d/cgroup.procs $s1 s1
w p/d/cgroup.procs $s2 s2
show p
w p/cgroup.subtree_control +memory
show p
w p/cgroup.procs $s2 s2
mkdir $C/q; echo "mkdir q: $?"
w q/cgroup.procs $s2 s2
w q/cgroup.subtree_control +pids
mkdir $C/q/t $C/q/u; echo "mkdir q/t q/u: $?"
w q/t/cgroup.type threaded
show q; show q/t; show q/u
w q/u/cgroup.type domain
w q/cgroup.subtree_control +memory
w q/t/cgroup.subtree_control +memory
w q/t/cgroup.subtree_control +pids
mkdir $C/q/t/x; echo "mkdir q/t/x: $?"
show q/t/x
w q/t/x/cgroup.type domain
w q/u/cgroup.type threaded
show q/u
w q/t/cgroup.procs $s2 s2
show q; show q/t
echo "memory.current readable in q/t: $(test -e $C/q/t/memory.current && echo yes || echo no)"
echo "pids.current q: $(cat $C/q/pids.current) q/t: $(cat $C/q/t/pids.current)"
rmdir $C/q/t 2>&1 | msg; echo "rmdir populated q/t: ${PIPESTATUS[0]}"
rmdir $C/q 2>&1 | msg; echo "rmdir q with children: ${PIPESTATUS[0]}"
kill $s1 $s2; wait 2>/dev/null
sleep 0.5
show q/t
rmdir $C/q/t 2>&1 | msg; echo "rmdir q/t with a child: ${PIPESTATUS[0]}"
rmdir $C/q/t/x $C/q/t $C/q/u $C/q; echo "rmdir q's tree: $?"
rmdir $C/p 2>&1 | msg; echo "rmdir p with a child: ${PIPESTATUS[0]}"
rmdir $C/p/d $C/p; echo "rmdir p/d p: $?"
echo "removed: $(tr '\n' ' ' < $C/cgroup.stat)"
sleep 2
echo "2 s later: $(tr '\n' ' ' < $C/cgroup.stat)"
