#!/bin/bash
# Written for memcgsim's conformance suite (session 45, novel45; cgroup v2, 8 CPUs): a
# runtime's "kill the pod" path. The pod holds three containers: app (a sleep and a
# pipeline buffering 3 MiB, and a 1 MiB log written to disk), sidecar (a sleep, frozen
# with cgroup.freeze as a checkpoint would leave it) and init (empty: its job ended).
# The runtime kills the pod with cgroup.kill where the kernel has it (v5.14: 6.1), else
# as runc did before it: every pid of every cgroup.procs below the pod gets SIGKILL
# (a frozen task is woken by a fatal signal). It waits for the pod's cgroup.events
# populated 0, then removes the containers bottom up and the pod, reading the pod's
# and the root's nr_dying_descendants after each (the log's page cache keeps app's
# memcg dying until the log is removed).
C=/sys/fs/cgroup
echo "+memory +pids" > $C/cgroup.subtree_control
mkdir $C/pod; echo "+memory +pids" > $C/pod/cgroup.subtree_control
mkdir $C/pod/app $C/pod/sidecar $C/pod/init
dying() { echo "dying pod $(awk '$1 == "nr_dying_descendants" {print $2}' $C/pod/cgroup.stat 2>/dev/null || echo -)" \
               "root $(awk '$1 == "nr_dying_descendants" {print $2}' $C/cgroup.stat)"; }
pop() { awk '$1 == "populated" {print $2}' $C/pod/cgroup.events; }
( echo $BASHPID > $C/pod/init/cgroup.procs; echo "init ran" )
( echo $BASHPID > $C/pod/app/cgroup.procs
  dd if=/dev/zero of=app.log bs=64k count=16 2>/dev/null
  sleep 600 & { head -c 3M /dev/zero; sleep 600; } | tail > /dev/null ) & app=$!
( echo $BASHPID > $C/pod/sidecar/cgroup.procs; exec sleep 600 ) & side=$!
sleep 2
echo 1 > $C/pod/sidecar/cgroup.freeze
n=0; until grep -q 'frozen 1' $C/pod/sidecar/cgroup.events || [ $n -ge 50 ]; do sleep 0.1; n=$((n + 1)); done
echo "sidecar frozen: $(awk '$1 == "frozen" {print $2}' $C/pod/sidecar/cgroup.events)"
echo "before: populated $(pop) pids $(cat $C/pod/pids.current) app MiB $(( $(cat $C/pod/app/memory.current) >> 20 ))"
if [ -e $C/pod/cgroup.kill ]; then
  echo 1 > $C/pod/cgroup.kill; echo "cgroup.kill: $?"
else
  echo "no cgroup.kill: killing each pid"
  for f in $C/pod/*/cgroup.procs; do for p in $(cat $f); do kill -9 $p; done; done
fi
n=0; until [ "$(pop)" = 0 ] || [ $n -ge 100 ]; do sleep 0.1; n=$((n + 1)); done
echo "after: populated $(pop) pids $(cat $C/pod/pids.current) within 10 s $(( n < 100 ))"
wait $app; echo "app: $?"
wait $side; echo "sidecar: $?"
echo "app after: file KiB $(awk '$1 == "file" {print int($2 / 1024)}' $C/pod/app/memory.stat)" \
     "anon < 256 KiB $(( $(awk '$1 == "anon" {print $2}' $C/pod/app/memory.stat) < 262144 ))"
for c in init sidecar app; do
  rmdir $C/pod/$c; echo "rmdir $c: $?"; sleep 1; dying
done
rmdir $C/pod; echo "rmdir pod: $?"; sleep 1; dying
rm -f app.log; sleep 1; dying
