#!/bin/bash
# Written for memcgsim's conformance suite (session 37, novel37): a runtime that
# cannot kill a paused container's tasks yet (SIGSTOP'd, as `docker pause` did
# before the freezer) moves them into a trash cgroup to remove the container's
# cgroup, then continues and ends them there. A stopped task moves like any other
# (cgroup_attach_task does not wait for it); its charges stay with the removed
# cgroup on v2 (the memcg is dying until they go), and on v1 move with it when
# trash's memory.move_charge_at_immigrate has bit 0 (anonymous pages). Printed: the
# state in /proc/PID/stat, each cgroup's tasks and usage, the removed cgroup's
# counts, what a continued task charges and where. The tasks wait with `read -t`
# on a FIFO (no sleep children). Works on cgroup v1 and v2.
if [ -d /sys/fs/cgroup/memory ]; then
  C=/sys/fs/cgroup/memory; CUR=memory.usage_in_bytes; ANON=total_rss
  echo 1 > $C/memory.use_hierarchy 2>/dev/null
else
  C=/sys/fs/cgroup; CUR=memory.current; ANON=anon
  echo +memory > $C/cgroup.subtree_control
fi
R=$C/rt
mkdir -p $R/ctr $R/trash
[ -e $R/cgroup.subtree_control ] && echo +memory > $R/cgroup.subtree_control
[ -e $R/trash/memory.move_charge_at_immigrate ] && echo 1 > $R/trash/memory.move_charge_at_immigrate
kib() { echo $(( $(cat $R/$1/$CUR) / 1024 )); }
anon() { awk -v k=$ANON '$1 == k {print int($2 / 1048576)}' $R/$1/memory.stat; }
state() { awk '{print $3}' /proc/$1/stat; }
mkfifo tick; exec 3<>tick   # read -t on it: a timed wait without a child
for i in 1 2; do
  ( echo $BASHPID > $R/ctr/cgroup.procs
    x=$(head -c 3M /dev/zero | tr '\0' x); : > ready.$BASHPID
    while :; do read -t 0.2 -u 3; [ -e more.$BASHPID ] && { y=$x$x; rm more.$BASHPID; }; done ) &
  p[$i]=$!
done
until [ -e ready.${p[1]} ] && [ -e ready.${p[2]} ]; do sleep 0.1; done
echo "ctr: tasks $(grep -c . $R/ctr/cgroup.procs), anon MiB $(anon ctr)"
kill -STOP ${p[1]} ${p[2]}; sleep 0.5
echo "states: $(state ${p[1]}) $(state ${p[2]})"
rmdir $R/ctr 2>&1 | sed 's/^rmdir: .*: /rmdir: /'
for t in $(cat $R/ctr/cgroup.procs); do echo $t > $R/trash/cgroup.procs; done
echo "moved: ctr tasks $(grep -c . $R/ctr/cgroup.procs), trash tasks $(grep -c . $R/trash/cgroup.procs)"
echo "states after the move: $(state ${p[1]}) $(state ${p[2]})"
echo "anon MiB: ctr $(anon ctr), trash $(anon trash)"
rmdir $R/ctr; echo "rmdir ctr: $?"
[ -e $R/cgroup.stat ] && grep dying $R/cgroup.stat
echo "rt anon MiB $(anon .), trash anon MiB $(anon trash)"
echo "cgroup of a stopped task: $(grep -c /rt/trash /proc/${p[1]}/cgroup)"
touch more.${p[1]}
kill -CONT ${p[1]}
while [ -e more.${p[1]} ]; do sleep 0.1; done; sleep 0.3
echo "continued: $(state ${p[1]}), still stopped: $(state ${p[2]})"
echo "after the continued task's 6 MiB: rt anon MiB $(anon .), trash anon MiB $(anon trash)"
kill -KILL ${p[1]} ${p[2]}
wait ${p[1]}; echo "task 1: $?"
wait ${p[2]}; echo "task 2: $?"
rm -f ready.* more.* tick
echo "trash tasks $(grep -c . $R/trash/cgroup.procs)"
rmdir $R/trash; echo "rmdir trash: $?"
sleep 1
[ -e $R/cgroup.stat ] && grep dying $R/cgroup.stat
echo "rt anon KiB: $(awk -v k=$ANON '$1 == k {print $2 / 1024}' $R/memory.stat)"
rmdir $R; echo "rmdir rt: $?"
