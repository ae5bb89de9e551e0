#!/bin/bash
# Written for memcgsim's conformance suite (session 12, cgroup v1 or v2): what
# /proc/PID/cgroup (kernel/cgroup/cgroup.c proc_cgroup_show) reads for the tasks of
# a nested tree, as container runtimes and monitoring agents parse it: one line per
# mounted hierarchy, "ID:controllers:path" on v1 and "0::path" on v2; paths relative
# to the hierarchy's root, a name with a space as is; a kernel thread and init; a task
# moved between cgroups; the lines of /proc/cgroups (hierarchy column 0 on v2).
if grep -q cgroup2 /proc/mounts && [ -f /sys/fs/cgroup/cgroup.controllers ]; then
  R=/sys/fs/cgroup; V=2
  grep -qw memory $R/cgroup.subtree_control || echo +memory > $R/cgroup.subtree_control
else
  R=/sys/fs/cgroup/memory; V=1
fi
show() { echo "$1:"; sed 's/^/  /' /proc/$2/cgroup; }
echo "lines in /proc/self/cgroup: $(grep -c . /proc/self/cgroup)"
show self self
show init 1
show kthreadd 2
mkdir -p "$R/a/b/c" "$R/with space"
( echo $BASHPID > $R/a/b/c/cgroup.procs; exec sleep 30 ) & s=$!
( echo $BASHPID > "$R/with space/cgroup.procs"; exec sleep 30 ) & t=$!
sleep 1
show "sleeper in a/b/c" $s
show "sleeper in 'with space'" $t
( echo $BASHPID > $R/a/cgroup.procs; show "subshell in a, self" self; show "subshell in a, its parent" $$ )
echo $s > $R/a/b/cgroup.procs
show "moved to a/b" $s
echo $s > $R/cgroup.procs
show "moved to the root" $s
echo "/proc/cgroups header: $(head -1 /proc/cgroups)"
grep -w memory /proc/cgroups | awk -v v=$V '{print "memory: hierarchy is 0:", ($2 == 0), "num_cgroups", $3, "enabled", $4}'
kill $s $t; wait 2>/dev/null
rmdir $R/a/b/c $R/a/b $R/a "$R/with space"
# freed after grace periods and the css work items (kill_css, css_free_rwork_fn): a
# read at once races with them on the guests, so after a second
sleep 1
grep -w memory /proc/cgroups | awk '{print "1 s after rmdir: num_cgroups", $3}'
