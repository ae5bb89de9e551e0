#!/bin/bash
# Written for memcgsim's conformance suite (session 33, novel33; cgroup v2): a pod whose
# pipeline has its stages in two containers is killed with cgroup.kill (v5.14: 6.1; on
# 5.10 the file does not exist and the shell's redirection fails, then the runtime falls
# back to kill -9 of what cgroup.procs lists), while a sibling pod lives on; then the
# pod's cgroup.max.descendants and cgroup.max.depth under churn (kernel/cgroup/cgroup.c
# cgroup_check_hierarchy_limits counts live descendants only), and a threaded subtree
# beside a domain child (cgroup.type "domain invalid", EOPNOTSUPP).
R=/sys/fs/cgroup
echo "+memory +pids" > $R/cgroup.subtree_control
mkdir $R/pod $R/pod2; echo "+memory +pids" > $R/pod/cgroup.subtree_control
mkdir $R/pod/c1 $R/pod/c2
state() { local g; for g; do printf '%s procs %s pids %s %s; ' $g $(grep -c . $R/$g/cgroup.procs) $(cat $R/$g/pids.current) "$(grep populated $R/$g/cgroup.events)"; done; echo; }
( echo $BASHPID > $R/pod/c1/cgroup.procs; exec sleep 300 ) | ( echo $BASHPID > $R/pod/c2/cgroup.procs; while read -r l; do :; done ) | ( echo $BASHPID > $R/pod/c2/cgroup.procs; exec cat ) &
p=$!
( echo $BASHPID > $R/pod2/cgroup.procs; exec sleep 300 ) & s=$!
sleep 1
state pod pod/c1 pod/c2 pod2
m=$( { echo 1 > $R/pod/cgroup.kill; } 2>&1 ); echo "cgroup.kill: $? ${m##*: }"
sleep 0.5
left=$(cat $R/pod/c1/cgroup.procs $R/pod/c2/cgroup.procs | wc -l)
echo "left after cgroup.kill: $left"
[ $left -gt 0 ] && kill -9 $(cat $R/pod/c1/cgroup.procs $R/pod/c2/cgroup.procs)
wait $p; echo "pipeline status $?"
state pod pod/c1 pod/c2 pod2
echo "pod events: $(grep -E '^(max|oom_kill) ' $R/pod/memory.events | tr '\n' ' ')"
rmdir $R/pod/c1 $R/pod/c2
echo 3 > $R/pod/cgroup.max.descendants; echo 2 > $R/pod/cgroup.max.depth
for i in 1 2 3 4 5 6; do
  mkdir $R/pod/j$i 2>/dev/null; mk=$?
  [ $mk = 0 ] && ( echo $BASHPID > $R/pod/j$i/cgroup.procs; exec true )
  [ $((i % 2)) = 0 ] && rmdir $R/pod/j$((i - 1)) $R/pod/j$i 2>/dev/null
  echo "j$i: mkdir $mk $(tr '\n' ' ' < $R/pod/cgroup.stat)"
done
mkdir -p $R/pod/j7/a 2>/tmp/err; echo "depth 2: $? $(sed 's/.*: //' /tmp/err)"
mkdir $R/pod/j7/a/b 2>/tmp/err; echo "depth 3: $? $(sed 's/.*: //' /tmp/err)"
echo 1 > $R/pod/cgroup.max.descendants; echo "lowered: $(cat $R/pod/cgroup.max.descendants) $(tr '\n' ' ' < $R/pod/cgroup.stat)"
mkdir $R/pod/j8 2>/tmp/err; echo "mkdir j8: $? $(sed 's/.*: //' /tmp/err)"
rmdir $R/pod/j7/a $R/pod/j7 $R/pod/j* 2>/dev/null
mkdir $R/pod2/t $R/pod2/d
echo threaded > $R/pod2/t/cgroup.type 2>/tmp/err; echo "t threaded: $? $(sed 's/.*: //' /tmp/err)"
echo "types: pod2 $(cat $R/pod2/cgroup.type) t $(cat $R/pod2/t/cgroup.type) d $(cat $R/pod2/d/cgroup.type)"
echo $s > $R/pod2/d/cgroup.procs 2>/tmp/err; echo "into d: $? $(sed 's/.*: //' /tmp/err)"
echo $s > $R/pod2/t/cgroup.procs 2>/tmp/err; echo "procs into t: $? $(sed 's/.*: //' /tmp/err)"
echo $s > $R/pod2/t/cgroup.threads 2>/tmp/err; echo "threads into t: $? $(sed 's/.*: //' /tmp/err)"
echo "pod2 procs $(grep -c . $R/pod2/cgroup.procs) t threads $(grep -c . $R/pod2/t/cgroup.threads) memory.current in t: $([ -e $R/pod2/t/memory.current ] && echo yes || echo no)"
kill $s; wait $s; echo "sleeper status $?"
rmdir $R/pod2/d $R/pod2/t $R/pod2 $R/pod; echo "rmdir $?"
