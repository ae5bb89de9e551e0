#!/bin/bash
# memcgsim calibration (session 25, branch progs25): the programs' anon pages as
# /proc/PID/status RssAnon shows them (MM_ANONPAGES as get_mm_counter reads it:
# SPLIT_RSS_COUNTING until v6.2, the task's own faults cached in task->rss_stat and
# synced every TASK_RSS_EVENTS_THRESH faults, at exec and at exit) against
# smaps_rollup's Anonymous (a page-table walk: what the process holds and its memcg
# is charged for), with min_flt (/proc/PID/stat field 10); then busybox's
# spawn_and_wait (find -exec, xargs) of a non-applet (vfork + execve), of a NOFORK
# and of a NOEXEC applet: the memcg's pgfault per command, from a bash sitting
# alone in a fresh cgroup, read with builtins only; then busybox readlink's operands.
# Guest only (it writes under /sys/fs/cgroup):
#   memcgsim oracle calibration/program-anon.sh --kernel K --cgroup v2
st() { awk '/^RssAnon:/ {a=$2} /^RssFile:/ {f=$2} /^RssShmem:/ {s=$2} END {printf "RssAnon %s RssFile %s RssShmem %s", a, f, s}' /proc/$1/status; }
an() { awk '/^Anonymous:/ {print $2}' /proc/$1/smaps_rollup; }
mf() { local l; read -r l < /proc/$1/stat; set -- $l; echo ${10}; }
show() { echo "$1: $(st $2) smaps_anon $(an $2) minflt $(mf $2)"; }
cd /tmp
mkfifo fa fb fc fd fe ff
sleep 100 & p1=$!
cat fa > /dev/null & p2=$!
tail -f /dev/null & p3=$!
( read x < fb ) & p4=$!
bash -c 'read x < fc' & p5=$!
sh -c 'read x < fd' & p6=$!
BIG=$(printf '%012000d' 0) cat fe > /dev/null & p7=$!
cat ff $(printf '%020000d' 0) > /dev/null 2>&1 & p8=$!
sleep 3
show sleep $p1; show cat $p2; show tail-f $p3; show subshell $p4; show bash-c $p5
show sh-c $p6; show cat-env12k $p7; show cat-arg20k $p8; show shell $$
kill $p1 $p3
for f in fa fb fc fd fe ff; do echo > $f; done
wait
rm -f fa fb fc fd fe ff
# spawn_and_wait: 40 files, each command run once per file
mkdir /tmp/vfd
for i in $(seq 40); do : > /tmp/vfd/$i; done
cd /sys/fs/cgroup
echo +memory > cgroup.subtree_control
mkdir vf
declare -A S
rd() { local k v; while read -r k v; do S[$k]=$v; done < /sys/fs/cgroup/vf/memory.stat; }
step() {
  local name=$1 p0; shift
  sleep 3; rd; p0=${S[pgfault]}
  "$@"
  sleep 3; rd
  echo "$name: pgfault $(( ${S[pgfault]} - p0 )) anon ${S[anon]} pagetables ${S[pagetables]}"
}
(
  echo $BASHPID > vf/cgroup.procs
  step none true
  step find-nofork find /tmp/vfd -type f -exec true {} ';'
  step find-vfork find /tmp/vfd -type f -exec /bin/true {} ';'
  step find-noexec find /tmp/vfd -type f -exec cat {} ';'
  step xargs-vfork sh -c 'ls /tmp/vfd | xargs -n 1 /bin/true'
  step xargs-nofork sh -c 'ls /tmp/vfd | xargs -n 1 true'
  step bash-forks bash -c 'for i in $(seq 40); do /bin/true; done'
)
rmdir vf
rm -r /tmp/vfd
cd /tmp
readlink /proc/self /proc/self; echo "readlink 2: $?"
readlink -f /nothere/x; echo "readlink -f missing dir: $?"
readlink -v /tmp; echo "readlink -v dir: $?"
