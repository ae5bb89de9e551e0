#!/bin/bash
# When cgroup.kill's victims die against the killer's own work (docs/fidelity.md, branch
# release28; kernel/signal.py): 4 rounds of 3 sleepers in a cgroup2 group, their CPUs and
# the shell's (/proc/PID/stat field 39), then the kill and a loop of builtins counting
# cgroup.procs, each change with its time (us) after the write returned.
#   memcgsim oracle tools/sizes/kill-timing.sh --kernel 6.1 --cgroup v2 --cpus 2
C=/sys/fs/cgroup
echo +memory > $C/cgroup.subtree_control
mkdir -p $C/f/a
for r in 1 2 3 4; do
for i in 1 2 3; do ( echo $BASHPID > $C/f/a/cgroup.procs; exec sleep 100 ) & done
sleep 0.5
cpus=""; for p in $(cat $C/f/a/cgroup.procs); do read -r -a st < /proc/$p/stat; cpus="$cpus $p:${st[38]}"; done
read -r -a st < /proc/$$/stat; cpus="$cpus shell:${st[38]}"
cnt() { local l; N=0; while read -r l; do N=$((N+1)); done < $C/f/a/cgroup.procs; }
t0=${EPOCHREALTIME/./}; :; t1=${EPOCHREALTIME/./}; cnt; t2=${EPOCHREALTIME/./}
echo "round $r: cpus$cpus; builtin : $((t1-t0)) us, a count $((t2-t1)) us"
t0=${EPOCHREALTIME/./}; echo 1 > $C/f/a/cgroup.kill; t1=${EPOCHREALTIME/./}
out="kill write $((t1-t0)) us;"; last=3
for ((i=1;i<=5000;i++)); do cnt; if [ $N != $last ]; then t=${EPOCHREALTIME/./}; out="$out $N@$((t-t1))"; last=$N; fi; [ $N = 0 ] && break; done
echo "$out (polls $i)"
wait 2>/dev/null
done
