#!/bin/bash
# Written for memcgsim's conformance suite (session 12, cgroup v1 or v2): a zombie left
# in a cgroup, as a container runtime meets it when a container's init exits without
# reaping its children. cgroup_exit (kernel/cgroup/cgroup.c, called from do_exit)
# takes the task off its css_set's task list at exit, not at reap: a zombie no longer
# populates its cgroup (cgroup.events, v2), cgroup.procs and tasks no longer list it
# (css_task_iter skips dying leaders), and the cgroup can be removed while the zombie
# is there. /proc/PID/cgroup (proc_cgroup_show) of an exiting task reads its path on
# v2, with " (deleted)" once the cgroup is removed, and "/" on v1 (PF_EXITING).
if grep -q cgroup2 /proc/mounts && [ -f /sys/fs/cgroup/cgroup.controllers ]; then
  R=/sys/fs/cgroup; V=2
  grep -qw memory $R/cgroup.subtree_control || echo +memory > $R/cgroup.subtree_control
else
  R=/sys/fs/cgroup/memory; V=1
fi
# the memory line of /proc/PID/cgroup, the v1 hierarchy id as N
mcg() { grep -E '^0::|:memory:' /proc/$1/cgroup | sed 's/^[1-9][0-9]*:/N:/'; }
pop() { if [ $V = 2 ]; then grep populated $R/$1/cgroup.events; else echo "tasks $(wc -l < $R/$1/tasks)"; fi; }
mkdir $R/z $R/z/in
# the subshell forks a short sleep in z/in, then becomes a long sleep that never reaps it
( echo $BASHPID > $R/z/in/cgroup.procs; sleep 1 & echo $! > /tmp/zpid; exec sleep 8 ) &
holder=$!
sleep 2
z=$(cat /tmp/zpid)
echo "zombie state: $(awk '{print $3}' /proc/$z/stat)"
echo "zombie: $(mcg $z)"
echo "holder: $(mcg $holder)"
echo "in: $(pop z/in), procs $(wc -l < $R/z/in/cgroup.procs)"
echo $holder > $R/cgroup.procs
echo "holder moved out: $(mcg $holder)"
echo "in: $(pop z/in), procs $(wc -l < $R/z/in/cgroup.procs); z: $(pop z)"
[ $V = 2 ] && echo "z cgroup.stat: $(tr '\n' ' ' < $R/z/cgroup.stat)"
rmdir $R/z/in; echo "rmdir z/in with the zombie: $?"
echo "zombie after rmdir: $(mcg $z)"
grep -w memory /proc/cgroups | awk '{print "memory cgroups:", $3}'
rmdir $R/z; echo "rmdir z: $?"
echo "zombie after rmdir z: $(mcg $z)"
echo "zombie still there: $(awk '{print $3}' /proc/$z/stat)"
kill $holder; wait $holder 2>/dev/null
sleep 1
[ -e /proc/$z ] && echo "zombie not reaped" || echo "zombie reaped"
grep -w memory /proc/cgroups | awk '{print "memory cgroups:", $3}'
# an exited task's own view: a subshell that reads its /proc/self/cgroup as it exits
mkdir $R/e
( echo $BASHPID > $R/e/cgroup.procs; mcg self )
rmdir $R/e; echo "rmdir e: $?"
rm -f /tmp/zpid
