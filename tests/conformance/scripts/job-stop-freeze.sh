#!/bin/bash
# Written for memcgsim's conformance suite: stop signals on the script's own shell
# (continued by its job), on a task of a cgroup frozen meanwhile (cgroup.freeze),
# repeated, and on a pipeline's stage with its foreground child (cgroup v2). (lead,
# session 32: kernel/signal.c)
cd /sys/fs/cgroup
echo +memory > cgroup.subtree_control
mkdir f
(sleep 1; echo "job: shell $(grep State /proc/$$/status | cut -f2)"; kill -CONT $$) &
kill -STOP $$; echo "resumed $?"
wait
sh -c 'echo $$ > /sys/fs/cgroup/f/cgroup.procs; exec sleep 100' &
p=$!
sleep 1
kill -STOP $p
sleep 0.5
cat f/cgroup.events
echo 1 > f/cgroup.freeze
sleep 0.5
cat f/cgroup.events
grep State /proc/$p/status
kill -CONT $p
sleep 0.5
grep State /proc/$p/status
cat f/cgroup.events
echo 0 > f/cgroup.freeze
sleep 0.5
grep State /proc/$p/status
kill -STOP $p; kill -STOP $p; kill -CONT $p; kill -CONT $p
sleep 0.5
grep State /proc/$p/status
kill $p; wait $p; echo "wait $?"
sh -c 'echo $$ > /sys/fs/cgroup/f/cgroup.procs; sleep 2; echo a; sleep 1' | cat &
sleep 0.5
kill -STOP $(cat f/cgroup.procs)
sleep 3
echo "procs $(cat f/cgroup.procs | wc -l)"
kill -CONT $(cat f/cgroup.procs)
wait; echo "wait $?"
rmdir f; echo "rmdir $?"
