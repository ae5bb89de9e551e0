#!/bin/bash
# Written for memcgsim's conformance suite (session 35, branch place35: docs/fidelity.md
# item 237). Who is first after `cmd &`: the child's execve or its parent's move of it into a
# cgroup? Ten children moved each after a pause (6.1: the write's rcu_sync idle, a
# grace period's wait), ten moved back to back. A child that exec'd before the move
# charged its exec's pages to the root: its cgroup reads 0 after the move.
if [ -e /sys/fs/cgroup/cgroup.controllers ]; then
  R=/sys/fs/cgroup; F=memory.current
  echo +memory > $R/cgroup.subtree_control
  mkdir $R/p $R/q; echo +memory > $R/p/cgroup.subtree_control; echo +memory > $R/q/cgroup.subtree_control
else
  R=/sys/fs/cgroup/memory; F=memory.usage_in_bytes
  mkdir $R/p $R/q
fi
P=
for i in 0 1 2 3 4 5 6 7 8 9; do
  mkdir $R/p/c$i
  sleep 0.2
  sleep 3600 & echo $! > $R/p/c$i/cgroup.procs
  P="$P $!"
done
for i in 0 1 2 3 4 5 6 7 8 9; do mkdir $R/q/c$i; done
for i in 0 1 2 3 4 5 6 7 8 9; do
  sleep 3600 & echo $! > $R/q/c$i/cgroup.procs
  P="$P $!"
done
for d in p q; do
  n=0; for i in 0 1 2 3 4 5 6 7 8 9; do [ "$(cat $R/$d/c$i/$F)" = 0 ] && n=$((n+1)); done
  echo "$d: $n of 10 exec'd before the move"
done
kill $P; wait 2>/dev/null
echo done
