#!/bin/bash
# Written for memcgsim's conformance suite (session 13, cgroup v2): squeezing a paused
# (frozen) job's memory, as a runtime does before checkpointing or evicting it. The
# frozen tasks do not run, but the kernel works on their memory from the writer's
# context: memory.reclaim (v5.19: 6.1 only; 5.10's write fails with EACCES) takes the
# frozen cgroup's page cache; memory.max lowered below its anon memory reclaims what it
# can, then calls the OOM killer (memory_max_write, mm/memcontrol.c), whose SIGKILL
# reaches a frozen task (fatal signals leave the freezer's trap: kernel/cgroup/freezer.c,
# kernel/signal.c get_signal) and the oom reaper frees its memory; the cgroup stays
# frozen with the rest of its tasks. Thawed, the survivor runs again.
C=/sys/fs/cgroup
MB=$((1 << 20))
err() { sed "s|^.*: line [0-9]*: ||"; }
ev() { awk -v k=$2 '$1 == k {print $2}' $C/fz/$1; }
st() { awk -v k=$1 '$1 == k {print int($2 / 1048576)}' $C/fz/memory.stat; }
state() { awk '{print $3}' /proc/$1/stat 2>/dev/null || echo gone; }
echo +memory > $C/cgroup.subtree_control
dd if=/dev/zero of=fz.dat bs=64k count=160 2>/dev/null   # 10 MiB on the scratch disk
sync; echo 3 > /proc/sys/vm/drop_caches
mkdir $C/fz
# the job (16 MB of anon) and a small helper, started by subshells that exit at once:
# the script's bash has no job to report "Killed" for
( (echo $BASHPID > $C/fz/cgroup.procs; cat fz.dat > /dev/null; printf -v x '%*s' 16000000 ''
   : > /tmp/fz.ready; while :; do sleep 0.1; done) > /dev/null 2>&1 & echo $! > /tmp/fz.job )
( (echo $BASHPID > $C/fz/cgroup.procs; exec sleep 3600) > /dev/null 2>&1 & echo $! > /tmp/fz.helper )
wait_for() { local i; for i in {1..100}; do eval "$1" && return; sleep 0.1; done; echo "timed out: $1"; }
wait_for '[ -e /tmp/fz.ready ]'; rm /tmp/fz.ready; sleep 0.5
job=$(cat /tmp/fz.job); helper=$(cat /tmp/fz.helper)
echo "running: procs $(wc -l < $C/fz/cgroup.procs) anon $(st anon)M file $(st file)M"
echo 1 > $C/fz/cgroup.freeze
wait_for '[ "$(ev cgroup.events frozen)" = 1 ]'
echo "frozen: job $(state $job) helper $(state $helper)"
echo 4M 2>&1 > $C/fz/memory.reclaim | err; echo "memory.reclaim 4M: ${PIPESTATUS[0]}"
echo "file <= 6M $(( $(st file) <= 6 )) anon $(st anon)M"
echo 8M 2>&1 > $C/fz/memory.max | err; echo "memory.max 8M: ${PIPESTATUS[0]} -> $(cat $C/fz/memory.max)"
sleep 1
echo "after: job $(state $job) helper $(state $helper) procs $(wc -l < $C/fz/cgroup.procs)"
echo "current <= 8M $(( $(cat $C/fz/memory.current) <= 8 * MB )) anon < 2M $(( $(st anon) < 2 )) file <= 6M $(( $(st file) <= 6 ))"
echo "events: oom > 0 $(( $(ev memory.events oom) > 0 )) oom_kill $(ev memory.events oom_kill) max > 0 $(( $(ev memory.events max) > 0 ))"
echo "cgroup.events: $(tr '\n' ' ' < $C/fz/cgroup.events)"
dmesg | grep -o 'Memory cgroup out of memory: Killed process [0-9]* ([a-z]*)' | sed 's/process [0-9]*/process/'
echo 0 > $C/fz/cgroup.freeze
wait_for '[ "$(ev cgroup.events frozen)" = 0 ]'
echo "thawed: helper $(state $helper)"
kill $helper
wait_for '[ "$(ev cgroup.events populated)" = 0 ]'
rmdir $C/fz; echo "rmdir: $?"
rm -f fz.dat /tmp/fz.job /tmp/fz.helper
