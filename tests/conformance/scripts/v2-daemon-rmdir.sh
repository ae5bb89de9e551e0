#!/bin/bash
# Written for memcgsim's conformance suite (session 31, cgroup v2): a runtime starts a
# daemon in a cgroup, leaves it, tries rmdir while it runs (-EBUSY), reads what the
# daemon holds, kills it and removes the cgroup: the runtime's own pages keep it dying.
cd /sys/fs/cgroup
echo +memory +pids > cgroup.subtree_control
mkdir svc
echo 20 > svc/pids.max
echo $$ > svc/cgroup.procs
sleep 30 &
d=$!
a=$(cat svc/memory.current)
echo $$ > cgroup.procs
sleep 0.5
echo "pids $(cat svc/pids.current) procs $(wc -l < svc/cgroup.procs)"
b=$(cat svc/memory.current)
[ "$a" -gt 0 ] && [ "$b" -gt 0 ] && echo charged
rmdir svc 2>&1 || echo "rmdir busy: $?"
grep -E '^(anon|kernel_stack|pagetables|sock|shmem|file) ' svc/memory.stat
grep -E 'nr_descendants|nr_dying' cgroup.stat
kill $d; wait $d 2>/dev/null; echo "daemon $?"
sleep 0.2
echo "pids $(cat svc/pids.current) events $(grep -c . svc/cgroup.events)"
grep populated svc/cgroup.events
rmdir svc && echo removed
grep -E 'nr_descendants|nr_dying' cgroup.stat
sleep 1
grep -E 'nr_descendants|nr_dying' cgroup.stat
grep memory /proc/cgroups | cut -f3
