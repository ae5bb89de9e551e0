#!/bin/bash
# Written for memcgsim's conformance suite (session 35, novel35; cgroup v2): a container
# runtime's delete path, as runc/crun do it. Three containers under runtime/: ctr1 an
# init (sh) that wrote a file on the scratch disk (its page cache stays charged to
# ctr1) and waits for two workers; ctr2 a stopped process (SIGSTOP) and a nested
# cgroup ctr2/sub (no controllers of its own: ctr2 keeps its process) with a
# sleeper; ctr3 a shell that traps SIGTERM. Delete:
# cgroup.kill (kernel/cgroup/cgroup.c cgroup_kill_write, v5.14: 6.1 only; on 5.10
# the redirection cannot create the file and the runtime falls back to kill -9 of
# every pid in cgroup.procs, depth first), then rmdir retried until it stops failing
# (EBUSY while the killed tasks have not exited; a parent rmdir before its child is
# EBUSY too). After each: the job's status as bash's wait reports it, the tries, and
# runtime's cgroup.stat (the removed memcgs stay dying while the file's page cache is
# charged to ctr1: its removal lets them go).
C=/sys/fs/cgroup
R=$C/runtime
echo "+memory +pids" > $C/cgroup.subtree_control
cut_path() { sed -e 's#^[^:]*: line [0-9]*: ##' -e 's#^[^:]*: /sys/fs/cgroup/#bash: #' -e "s#^rmdir: .*': #rmdir: #"; }
mkdir -p $R/ctr1 $R/ctr2/sub $R/ctr3
echo "+memory +pids" > $R/cgroup.subtree_control
( echo $BASHPID > $R/ctr1/cgroup.procs
  exec sh -c 'dd if=/dev/zero of=ctr1.data bs=64k count=16 2>/dev/null; sleep 100 & sleep 100 & wait' ) & j1=$!
( echo $BASHPID > $R/ctr2/cgroup.procs; exec sleep 100 ) & j2=$!
( echo $BASHPID > $R/ctr2/sub/cgroup.procs; exec sleep 100 ) & j2s=$!
( echo $BASHPID > $R/ctr3/cgroup.procs; trap 'echo "ctr3: TERM ignored"' TERM
  while :; do sleep 1; done ) & j3=$!
until [ "$(cat $R/ctr1/pids.current)" = 3 ]; do sleep 0.1; done   # dd is done
sleep 0.5
kill -STOP $j2
echo "ctr2's sleep stopped: $(awk '{print $3}' /proc/$j2/stat)"
for c in ctr1 ctr2 ctr2/sub ctr3; do
  echo "$c: procs $(wc -l < $R/$c/cgroup.procs) pids $(cat $R/$c/pids.current 2>/dev/null || echo -) $(grep populated $R/$c/cgroup.events)"
done
echo "ctr1 file: $(awk '$1 == "file" {print $2}' $R/ctr1/memory.stat)"
kill -TERM $j3; sleep 1.5
echo "ctr3 after TERM: procs $(wc -l < $R/ctr3/cgroup.procs)"
kill_cg() {  # kill_cg CG: cgroup.kill, or kill -9 of its processes, children first
  local d
  { echo 1 > $R/$1/cgroup.kill; } 2>&1 | cut_path
  [ ${PIPESTATUS[0]} = 0 ] && { echo "$1: cgroup.kill"; return; }
  for d in $(find $R/$1 -depth -type d); do
    for p in $(cat $d/cgroup.procs); do kill -9 $p; done
  done
  echo "$1: kill -9 of each process"
}
remove() {  # remove CG...: rmdir each, retried while busy; print the tries
  local c n
  for c; do
    n=0
    until rmdir $R/$c 2>/dev/null; do
      n=$((n+1)); [ $n -ge 200 ] && { rmdir $R/$c 2>&1 | cut_path; break; }
      sleep 0.05
    done
    echo "rmdir $c: $n failed tries, exists: $([ -d $R/$c ] && echo yes || echo no)"
  done
}
kill_cg ctr1
remove ctr1
wait $j1; echo "ctr1's init: $?"
rmdir $R/ctr2 2>&1 | cut_path; echo "rmdir ctr2 before sub: ${PIPESTATUS[0]}"
kill_cg ctr2
remove ctr2/sub ctr2
wait $j2; echo "ctr2's stopped sleep: $?"
wait $j2s; echo "ctr2/sub's sleep: $?"
kill_cg ctr3
remove ctr3
wait $j3; echo "ctr3's shell: $?"
echo "jobs left: $(jobs -p | wc -l)"
echo "runtime cgroup.stat: $(tr '\n' ' ' < $R/cgroup.stat)"
echo "runtime file: $(awk '$1 == "file" {print $2}' $R/memory.stat)"
rm ctr1.data; sleep 1
echo "after rm: $(tr '\n' ' ' < $R/cgroup.stat)"
rmdir $R; echo "rmdir runtime: $?"
echo "num_cgroups: $(awk '$1 == "memory" {print $3}' /proc/cgroups)"
