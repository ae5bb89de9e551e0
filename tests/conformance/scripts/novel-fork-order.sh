#!/bin/bash
# Written for memcgsim's conformance suite (session 34, novel34; v1 or v2): who runs
# first after a fork, as a script sees it through cgroupfs. Each probe is tried five
# times and the script prints how often the foreground saw the child's step done:
# a background subshell that moves itself into a cgroup, read by the next command
# (cat, a fork and an exec; the builtin read, no fork); a background job's comm read
# at once (bash before its execve, the program after); a background write of
# memory.max/limit against a foreground read; a pipeline whose first stage moves itself
# and whose last stage reads cgroup.procs; and, as controls, the same after `wait` or
# a sleep (always done). Each job is killed by its pid, moved or not.
if [ -d /sys/fs/cgroup/memory ]; then C=/sys/fs/cgroup/memory; L=memory.limit_in_bytes
else C=/sys/fs/cgroup; L=memory.max; echo +memory > $C/cgroup.subtree_control; fi
mkdir $C/fo
n() { wc -l < $C/fo/cgroup.procs; }
stop() { kill $1; wait $1 2>/dev/null; }   # the job, moved or not, exec'd or not
t=0; for i in 1 2 3 4 5; do
  ( echo $BASHPID > $C/fo/cgroup.procs; exec sleep 30 ) & p=$!
  [ "$(cat $C/fo/cgroup.procs)" ] && t=$((t + 1)); stop $p
done; echo "bg self-move seen by cat: $t of 5"
t=0; for i in 1 2 3 4 5; do
  ( echo $BASHPID > $C/fo/cgroup.procs; exec sleep 30 ) & p=$!
  read -r x < $C/fo/cgroup.procs && t=$((t + 1)); stop $p
done; echo "bg self-move seen by read: $t of 5"
t=0; for i in 1 2 3 4 5; do
  ( echo $BASHPID > $C/fo/cgroup.procs; exec sleep 30 ) & p=$!
  sleep 0.2
  [ "$(cat $C/fo/cgroup.procs)" ] && t=$((t + 1)); stop $p
done; echo "bg self-move seen after 0.2 s: $t of 5"
t=0; u=0; for i in 1 2 3 4 5; do
  sleep 30 & p=$!
  read -r c < /proc/$p/comm; [ "$c" = sleep ] && t=$((t + 1))
  c=$(cat /proc/$p/comm); [ "$c" = sleep ] && u=$((u + 1))
  kill $p; wait $p 2>/dev/null
done; echo "bg job's comm is sleep: read at once $t of 5, cat after $u of 5"
t=0; for i in $(seq 1 5); do
  echo 1M > $C/fo/$L
  echo $((i + 1))M > $C/fo/$L &
  [ "$(cat $C/fo/$L)" = $(( (i + 1) * 1048576 )) ] && t=$((t + 1)); wait $!
done; echo "bg limit write seen by cat: $t of 5"
t=0; for i in 1 2 3 4 5; do
  v=$( { echo $BASHPID > $C/fo/cgroup.procs; exec sleep 0.3; } | n )
  [ "$v" -gt 0 ] && t=$((t + 1))
done; echo "pipeline's first stage seen by its last: $t of 5"
sleep 30 & p=$!; echo $p > $C/fo/cgroup.procs
echo "control: moved job in fo: $(grep -c "^$p\$" $C/fo/cgroup.procs), populated $( [ -e $C/fo/cgroup.events ] && awk '$1 == "populated" {print $2}' $C/fo/cgroup.events || echo -)"
stop $p
sleep 0.5
rmdir $C/fo; echo "rmdir fo: $?"
