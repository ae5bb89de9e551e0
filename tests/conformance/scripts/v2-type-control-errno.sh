#!/bin/bash
# Written for memcgsim's conformance suite (session 14, cgroup v2): the errno of each
# refused cgroup.type, cgroup.subtree_control, cgroup.threads, cgroup.procs and
# cgroup.kill write, as a table a delegation tool's test would print
# (kernel/cgroup/cgroup.c cgroup_type_write, cgroup_enable_threaded,
# cgroup_subtree_control_write, cgroup_vet_subtree_control_enable,
# cgroup_attach_permissions, cgroup_kill_write; cgroup.kill is v5.14: 6.1 only).
R=/sys/fs/cgroup
cd $R
grep -qw memory cgroup.subtree_control || echo +memory > cgroup.subtree_control
# try FILE VALUE: one row "file <- value: status strerror"
try() {
  local m
  m=$( { printf '%s\n' "$2" > "$1"; } 2>&1 )
  local rc=$?
  printf '%-32s <- %-10s %s %s\n' "$1" "'$2'" "$rc" "${m##*: }"
}
types() { local d; for d; do printf '%s=%s ' "$d" "$(cat $d/cgroup.type 2>&1)"; done; echo; }
mkdir -p d d/a d/b d/a/x e e/m f
echo +memory > e/cgroup.subtree_control
sleep 300 & s=$!
echo $s > f/cgroup.procs
try d/a/cgroup.type domain
try d/a/cgroup.type "domain threaded"
try d/a/cgroup.type Threaded
try d/a/cgroup.type ""
try f/cgroup.type threaded
try e/m/cgroup.type threaded
try e/cgroup.type threaded
types d d/a d/b d/a/x e e/m f
try d/a/cgroup.type threaded
types d d/a d/b d/a/x
try d/a/x/cgroup.type threaded
try d/a/cgroup.type threaded
try d/a/cgroup.type domain
types d d/a d/b d/a/x
try d/b/cgroup.subtree_control +memory
try d/cgroup.subtree_control +memory
try d/a/cgroup.subtree_control +memory
try d/a/cgroup.subtree_control +pids
try d/b/cgroup.procs $s
try d/a/cgroup.procs $s
echo "a procs: $(cat d/a/cgroup.procs 2>&1 | sed 's/.*: //') threads: $(wc -l < d/a/cgroup.threads) d procs: $(wc -l < d/cgroup.procs)"
try d/a/x/cgroup.threads $s
try f/cgroup.threads $s
try f/cgroup.procs $s
try e/cgroup.procs $s
try e/m/cgroup.procs $s
try cgroup.subtree_control -memory
try e/cgroup.subtree_control -memory
try e/m/cgroup.procs 0
try f/cgroup.procs $s
if [ -f f/cgroup.kill ]; then
  for v in 0 2 -1 abc "" 1; do try f/cgroup.kill "$v"; done
  try d/a/cgroup.kill 1
  wait $s; echo "sleeper status $?"
  echo "cgroup.kill on the root: $(ls cgroup.kill 2>&1 | sed 's/.*: //')"
else
  echo "no cgroup.kill"; kill $s; wait $s
fi
# printf's lines are written one by one: a refused first line, the second applies
printf 'bogus\n2\n' 2>&1 > d/cgroup.max.depth | sed 's/^.*line [0-9]*: //'
echo "d max.depth $(cat d/cgroup.max.depth) status ${PIPESTATUS[0]}"
rmdir e/m e d/a/x d/a d/b d f
echo "rmdir: $?"
