#!/bin/bash
# Written for memcgsim's conformance suite (session 14, cgroup v1 or v2): the way a
# container runtime starts a workload: a child shell writes its own pid to the new
# cgroup's cgroup.procs and execs the command (`sh -c 'echo $$ > .../cgroup.procs;
# exec CMD'`). What the shell did before its exec stays charged to the container;
# exec frees the shell's address space (the old mm's pages are uncharged) and the
# command charges its own. Then the containers are stopped and removed.
if grep -q cgroup2 /proc/mounts && [ -f /sys/fs/cgroup/cgroup.controllers ]; then
  R=/sys/fs/cgroup; V=2
  grep -qw memory $R/cgroup.subtree_control || echo +memory > $R/cgroup.subtree_control
  CUR=memory.current
else
  R=/sys/fs/cgroup/memory; V=1
  CUR=memory.usage_in_bytes
fi
ncg() { awk '$1 == "memory" { print $3 }' /proc/cgroups; }
anon() { if [ $V = 2 ]; then awk '$1 == "anon" { print $2 }' $R/$1/memory.stat; else awk '$1 == "rss" { print $2 }' $R/$1/memory.stat; fi; }
base=$(ncg)
mkdir $R/rt
[ $V = 2 ] && echo +memory > $R/rt/cgroup.subtree_control
start() {   # start NAME CMD...: a container running CMD in the background
  local n=$1; shift
  mkdir $R/rt/$n
  sh -c 'echo $$ > '$R/rt/$n'/cgroup.procs; exec "$@"' sh "$@" &
  eval "pid_$n=$!"
}
start c1 sleep 60
start c2 sleep 60
start c3 sh -c 'x=$(head -c 65536 /dev/zero | tr "\0" a); echo ${#x} > /tmp/c3.len; exec sleep 60'
sleep 1
for c in c1 c2 c3; do
  p=$(cat $R/rt/$c/cgroup.procs)
  eval "want=\$pid_$c"
  echo "$c: procs $(wc -l < $R/rt/$c/cgroup.procs), same pid $([ "$p" = "$want" ] && echo yes || echo no), comm $(cat /proc/$p/comm)"
  echo "$c: $CUR $(cat $R/rt/$c/$CUR) anon $(anon rt/$c)"
done
echo "c3 read $(cat /tmp/c3.len) bytes"
echo "rt: $CUR $(cat $R/rt/$CUR)"
echo "num_cgroups with 3 containers: $(( $(ncg) - base ))"
# a foreground container: its shell writes a file before exec'ing a short command
mkdir $R/rt/c4
sh -c 'echo $$ > '$R/rt/c4'/cgroup.procs; head -c 262144 /dev/zero > data.bin; exec true'
echo "c4 exited: $?; procs $(wc -l < $R/rt/c4/cgroup.procs)"
if [ $V = 2 ]; then echo "c4: file $(awk '$1 == "file" { print $2 }' $R/rt/c4/memory.stat)"; else echo "c4: cache $(awk '$1 == "cache" { print $2 }' $R/rt/c4/memory.stat)"; fi
kill $pid_c1 $pid_c2 $pid_c3
wait 2>/dev/null
sleep 0.5
for c in c1 c2 c3 c4; do
  rmdir $R/rt/$c && echo "rmdir $c: ok" || echo "rmdir $c: failed"
done
sleep 1
echo "num_cgroups after rmdir: $(( $(ncg) - base ))"
rm -f data.bin /tmp/c3.len
sleep 1
echo "num_cgroups after rm: $(( $(ncg) - base ))"
rmdir $R/rt && echo "rmdir rt: ok"
sleep 1
echo "num_cgroups at the end: $(( $(ncg) - base ))"
