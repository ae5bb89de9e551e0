#!/bin/bash
# Written for memcgsim's conformance suite (session 31, novel31; cgroup v2): a pod-like
# tree frozen, grown, fed and killed. pod/{app,side} each run a job (a subshell that
# writes 64 KiB to tmpfs, then sleeps); pod is frozen; cgroup.events frozen is read at
# each level, a new child made under the frozen pod (it starts frozen), a sleep moved
# into it (it freezes: its state in /proc/PID/stat); memory.events.local and
# memory.current are read while frozen; pod thawed, then the tree's tasks killed (6.1:
# cgroup.kill; 5.10 has none: its write cannot create the file, and kill(1) goes over
# cgroup.procs), the leaves removed, then pod; /proc/cgroups after each (and once more a
# second after the leaves went).
C=/sys/fs/cgroup
echo "+memory +pids" > $C/cgroup.subtree_control
cut_path() { sed -e 's#^[^:]*: line [0-9]*: ##' -e "s#^\(mkdir\|rmdir\): .*': #\1: #"; }
fz() { echo "$1 frozen $(awk '$1 == "frozen" {print $2}' $C/$1/cgroup.events) populated $(awk '$1 == "populated" {print $2}' $C/$1/cgroup.events)"; }
ncg() { echo "$1: num_cgroups $(awk '$1 == "memory" {print $3}' /proc/cgroups)"; }
state() { awk '{print $3}' /proc/$1/stat; }
mkdir -p $C/pod/app $C/pod/side
echo "+memory +pids" > $C/pod/cgroup.subtree_control
ncg "pod made"
for g in app side; do
  ( echo $BASHPID > $C/pod/$g/cgroup.procs; head -c 65536 /dev/zero > /tmp/ft-$g; exec sleep 60 ) &
done
sleep 1
echo 1 > $C/pod/cgroup.freeze
sleep 0.5
for g in pod pod/app pod/side; do fz $g; done
echo "app's cgroup.freeze $(cat $C/pod/app/cgroup.freeze)"
mkdir $C/pod/late
fz pod/late
sleep 60 & s=$!
# the jobs leave the job table: which of their deaths by SIGKILL bash reports, and
# when, is a race of its SIGCHLD handling with the wait below
disown -a
echo $s > $C/pod/late/cgroup.procs
sleep 0.5
echo "moved sleep state: $(state $s)"
fz pod/late
ncg "late made"
for g in app side late; do echo "$g memory.events.local: $(tr '\n' ' ' < $C/pod/$g/memory.events.local)"; done
echo "pod current >= 128K: $(( $(cat $C/pod/memory.current) >= 131072 )) pids.current $(cat $C/pod/pids.current)"
echo 0 > $C/pod/cgroup.freeze
sleep 0.5
for g in pod pod/app pod/late; do fz $g; done
echo "moved sleep state after thaw: $(state $s)"
if [ -e $C/pod/cgroup.kill ]; then
  echo 1 > $C/pod/cgroup.kill; echo "cgroup.kill: $?"
else
  echo 1 2>&1 > $C/pod/cgroup.kill | cut_path; echo "cgroup.kill: ${PIPESTATUS[0]}"
  kill -9 $(cat $C/pod/*/cgroup.procs)
fi
while [ "$(cat $C/pod/pids.current)" != 0 ]; do sleep 0.1; done
sleep 0.5
for g in pod pod/app; do fz $g; done
echo "pod pids.current $(cat $C/pod/pids.current)"
for g in app side late; do rmdir $C/pod/$g 2>&1 | cut_path; echo "rmdir $g: ${PIPESTATUS[0]}"; done
echo "pod cgroup.stat: $(tr '\n' ' ' < $C/pod/cgroup.stat)"
ncg "leaves removed"
sleep 1
ncg "leaves removed, 1 s later"
rmdir $C/pod; echo "rmdir pod: $?"
rm /tmp/ft-app /tmp/ft-side
sleep 1
ncg "files removed"
