#!/bin/bash
# Written for memcgsim's conformance suite (session 14, cgroup v1 or v2): children a
# shell forked in a cgroup stay there when the shell leaves; a child that moves itself
# to another cgroup and then writes to memory it shares with its parent copies it
# there (copy-on-write: the copy is charged to the writer's memcg); rmdir fails while
# a child is left; what stays dying once they are gone.
if grep -q cgroup2 /proc/mounts && [ -f /sys/fs/cgroup/cgroup.controllers ]; then
  R=/sys/fs/cgroup; V=2
  grep -qw memory $R/cgroup.subtree_control || echo +memory > $R/cgroup.subtree_control
else
  R=/sys/fs/cgroup/memory; V=1
fi
ncg() { awk '$1 == "memory" { print $3 }' /proc/cgroups; }
show() {   # show CGROUP...: one line of bytes per cgroup, then the counts
  local c
  for c; do
    if [ $V = 2 ]; then
      echo "  $c memory.current $(cat $R/$c/memory.current) anon $(awk '$1 == "anon" { print $2 }' $R/$c/memory.stat) kernel_stack $(awk '$1 == "kernel_stack" { print $2 }' $R/$c/memory.stat)"
    else
      echo "  $c usage_in_bytes $(cat $R/$c/memory.usage_in_bytes) rss $(awk '$1 == "rss" { print $2 }' $R/$c/memory.stat)"
    fi
  done
  echo "  procs: $(for c; do printf '%s=%s ' $c $(wc -l < $R/$c/cgroup.procs); done)num_cgroups $(( $(ncg) - base ))"
}
base=$(ncg)
mkdir $R/a $R/b
echo $$ > $R/a/cgroup.procs
big=$(head -c 300000 /dev/zero | tr '\0' z)
echo "in a, a variable of ${#big}"
show a b
# a child that moves to b, then changes the variable it shares with the shell
( echo $BASHPID > $R/b/cgroup.procs; big=${big/z/y}; echo ok > /tmp/cow.flag; sleep 2 ) &
child=$!
while [ ! -s /tmp/cow.flag ]; do sleep 0.1; done
echo "child in b rewrote the variable"
show a b
sleep 30 &
left=$!
echo $$ > $R/cgroup.procs
echo "shell moved out, a sleeper left in a"
show a b
rmdir $R/a 2>/dev/null && echo "rmdir a: ok" || echo "rmdir a: busy"
wait $child
echo "child exited"
show a b
rmdir $R/b && echo "rmdir b: ok"
kill $left; wait $left 2>/dev/null
sleep 0.5
rmdir $R/a && echo "rmdir a: ok"
sleep 1
echo "dying: $(( $(ncg) - base ))"
big=
sleep 1
echo "dying after the shell freed the variable: $(( $(ncg) - base ))"
rm -f /tmp/cow.flag
