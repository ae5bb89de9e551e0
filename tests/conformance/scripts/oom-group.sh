#!/bin/bash
# memory.oom.group (cgroup v2), after the kernel selftest test_memcg_oom_group_leaf_events
# (tools/testing/selftests/cgroup/test_memcontrol.c): a child with memory.max 50M,
# swap.max 0 and oom.group 1 holds two sleepers and an allocation of 100 MiB; the OOM
# killer kills the victim, then every task of the group. A sleeper in a sibling lives.
ROOT=/sys/fs/cgroup
grep -qw memory "$ROOT/cgroup.subtree_control" || echo +memory > "$ROOT/cgroup.subtree_control"
p=$ROOT/oomg; c=$p/child; o=$p/other
mkdir "$p" "$c" "$o"
echo +memory > "$p/cgroup.subtree_control"
echo 50M > "$c/memory.max"
echo 0 > "$c/memory.swap.max"
echo 1 > "$c/memory.oom.group"
echo "oom.group: $(cat "$c/memory.oom.group") parent: $(cat "$p/memory.oom.group")"
( echo "$BASHPID" > "$o/cgroup.procs"; exec sleep 1000 ) & keeper=$!
( echo "$BASHPID" > "$c/cgroup.procs"; exec sleep 1000 ) &
( echo "$BASHPID" > "$c/cgroup.procs"; exec sleep 1000 ) &
sleep 0.5
echo "child procs before: $(wc -l < "$c/cgroup.procs")"
( echo "$BASHPID" > "$c/cgroup.procs"; head -c 100M /dev/zero | tail > /dev/null )
echo "allocating subshell status: $?"
sleep 1
echo "child procs after: $(wc -l < "$c/cgroup.procs")"
kill -0 "$keeper" && echo "the sibling's sleeper lives"
for cg in "$c" "$o" "$p"; do
  echo "${cg#$ROOT/} events: $(grep -E '^(oom|oom_kill|oom_group_kill) ' "$cg/memory.events" | tr '\n' ' ')"
done
dmesg | grep -E 'memory.oom.group|Killed process' | sed 's/^\[[ 0-9.]*\] //; s/Killed process [0-9]* (\([^)]*\)).*/Killed process (\1)/' | sort | uniq -c
kill "$keeper"; wait 2>/dev/null
rmdir "$c" "$o" "$p"
