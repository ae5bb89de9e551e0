#!/bin/bash
# Written for memcgsim's conformance suite (session 28, branch probe28): v1 memory knobs
# SREs poke: soft_limit_in_bytes, kmem.tcp.*, event_control, notify_on_release,
# swappiness, oom_control writes, their parsers and errnos.
M=/sys/fs/cgroup/memory
mkdir $M/a $M/a/b
for f in memory.soft_limit_in_bytes memory.kmem.tcp.limit_in_bytes memory.kmem.tcp.usage_in_bytes memory.kmem.tcp.max_usage_in_bytes memory.kmem.tcp.failcnt memory.swappiness memory.oom_control notify_on_release cgroup.clone_children; do
  echo "$f: $(cat $M/a/$f | tr '\n' ' ')"
done
for v in 1M 4096 -1 0 1k 12345 max; do
  echo "$v" > $M/a/memory.soft_limit_in_bytes; rc=$?; echo "soft '$v': $rc $(cat $M/a/memory.soft_limit_in_bytes)"
done
for v in 8M -1 0; do
  echo "$v" > $M/a/memory.kmem.tcp.limit_in_bytes; rc=$?; echo "tcp '$v': $rc $(cat $M/a/memory.kmem.tcp.limit_in_bytes)"
done
echo 0 > $M/a/memory.kmem.tcp.max_usage_in_bytes; echo "tcp max_usage 0: $?"
echo 5 > $M/a/memory.kmem.tcp.max_usage_in_bytes; echo "tcp max_usage 5: $?"
echo 0 > $M/a/memory.kmem.tcp.failcnt; echo "tcp failcnt 0: $?"
for v in 0 100 101 -1 60; do
  echo "$v" > $M/a/memory.swappiness; rc=$?; echo "swappiness '$v': $rc $(cat $M/a/memory.swappiness)"
done
for v in 1 0 2 x; do
  echo "$v" > $M/a/memory.oom_control; rc=$?; echo "oom_control '$v': $rc $(head -1 $M/a/memory.oom_control)"
done
for v in 1 0 2; do
  echo "$v" > $M/a/notify_on_release; rc=$?; echo "notify '$v': $rc $(cat $M/a/notify_on_release)"
done
echo "1 2 3" > $M/a/cgroup.event_control; echo "event_control bad fds: $?"
echo "x" > $M/a/cgroup.event_control; echo "event_control junk: $?"
cat $M/a/cgroup.event_control; echo "read event_control: $?"
ls -l $M/a/cgroup.event_control | cut -c1-10
echo 1 > $M/a/memory.force_empty; echo "force_empty: $?"
cat $M/a/memory.force_empty; echo "read force_empty: $?"
echo 0 > $M/a/memory.max_usage_in_bytes; echo "max_usage 0: $?"
echo 7 > $M/a/memory.max_usage_in_bytes; echo "max_usage 7: $?"
echo 0 > $M/a/memory.failcnt; echo "failcnt 0: $?"
cat $M/a/b/memory.soft_limit_in_bytes $M/a/b/memory.swappiness
rmdir $M/a/b $M/a; echo "rmdir: $?"
