#!/bin/bash
# Written for memcgsim's conformance suite (session 10): cgroup.max.descendants and
# cgroup.max.depth (1a926e0bbab8, v4.14), as a container runtime caps a tenant's tree.
# mkdir beyond either limit fails with EAGAIN; a removed (dying) cgroup no longer
# counts against max.descendants (cgroup_check_hierarchy_limits reads nr_descendants);
# cgroup.stat shows nr_descendants and nr_dying_descendants.
ROOT=/sys/fs/cgroup
cd $ROOT
mkdir t
echo "defaults: descendants $(cat t/cgroup.max.descendants) depth $(cat t/cgroup.max.depth)"
echo 3 > t/cgroup.max.descendants
echo 2 > t/cgroup.max.depth
echo "set: descendants $(cat t/cgroup.max.descendants) depth $(cat t/cgroup.max.depth)"
mkdir t/a && echo "mkdir t/a: ok"
mkdir t/a/b && echo "mkdir t/a/b: ok"
mkdir t/a/b/c 2>&1 | sed 's/^.*: //'
mkdir t/d && echo "mkdir t/d: ok"
mkdir t/e 2>&1 | sed 's/^.*: //'
mkdir t/a/f 2>&1 | sed 's/^.*: //'
cat t/cgroup.stat
rmdir t/d && echo "rmdir t/d: ok"
mkdir t/e && echo "mkdir t/e: ok"
cat t/cgroup.stat
echo -1 2>/dev/null > t/cgroup.max.depth || echo "max.depth -1: refused"
echo abc 2>/dev/null > t/cgroup.max.descendants || echo "max.descendants abc: refused"
echo max > t/cgroup.max.depth
echo 1 > t/cgroup.max.descendants
echo "lowered below the count: $(cat t/cgroup.max.descendants), mkdir:"
mkdir t/a/b/c 2>&1 | sed 's/^.*: //'
echo max > t/cgroup.max.descendants
mkdir t/a/b/c && echo "mkdir t/a/b/c: ok"
echo "root: $(grep -c . cgroup.stat) lines, nr_descendants $(awk '$1 == "nr_descendants" {print $2}' cgroup.stat)"
# ten short-lived children with a process each: dying ones still show in cgroup.stat
for i in 1 2 3 4 5 6 7 8 9 10; do
  mkdir t/e/j$i
  (echo $BASHPID > t/e/j$i/cgroup.procs; cat /proc/self/status > /dev/null)
  rmdir t/e/j$i
done
echo "after 10 jobs: $(tr '\n' ' ' < t/e/cgroup.stat)"
sleep 2
echo "2 s later: $(tr '\n' ' ' < t/e/cgroup.stat)"
rmdir t/a/b/c t/a/b t/a t/e t
echo "root after: nr_descendants $(awk '$1 == "nr_descendants" {print $2}' cgroup.stat)"
