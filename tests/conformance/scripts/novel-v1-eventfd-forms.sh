#!/bin/bash
# Written for memcgsim's conformance suite (session 32, novel32; cgroup v1): what a v1
# monitoring agent and a runtime get back from the knobs that take file descriptors or
# states rather than sizes. cgroup.event_control ("<event_fd> <control_fd> [args]",
# mm/memcontrol.c memcg_write_event_control): a separator missing (EINVAL), an event fd
# not open (EBADF), open but no eventfd (EINVAL), written to the root and to a child;
# memory.oom_control on the root and on a child with children; use_hierarchy 0 and 1
# on a parent with children and on a leaf; soft_limit_in_bytes and kmem.limit_in_bytes
# on the root; limit_in_bytes below a sleeping task's usage (EBUSY, the limit stays),
# memsw below the limit, force_empty of a group with a task (EBUSY: nothing to reclaim
# without swap) and of one without; the usage after each. Each line: the shell's
# message (its path cut) and the status.
M=/sys/fs/cgroup/memory
cut_path() { sed -e 's#^[^:]*: line [0-9]*: ##' -e 's#^[^:]*: /sys/fs/cgroup/memory/#bash: #'; }
w() {  # w FILE VALUE: write VALUE, print the message, the status and the first line read back
  echo "$2" 2>&1 > $M/$1 | cut_path; local s=${PIPESTATUS[0]}
  case $1 in
    *event_control|*force_empty|*.procs) echo "write '$2' to $1: $s";;
    *) echo "write '$2' to $1: $s, reads $(head -n 1 $M/$1)";;
  esac; }
mkdir $M/agent $M/agent/c1 $M/agent/c2
exec 5< $M/agent/memory.usage_in_bytes
for f in agent/cgroup.event_control cgroup.event_control; do
  for v in "" 5 "5x 5" "9 5" "5 9" "5 5" "5 5 1M" "0 5 1M" "-1 5"; do w $f "$v"; done
done
exec 5<&-
for v in 1 0; do w memory.oom_control $v; done
for v in 1 2 0; do w agent/memory.oom_control $v; done
echo "c1 oom_control: $(tr '\n' ' ' < $M/agent/c1/memory.oom_control)"
for v in 0 1; do w agent/memory.use_hierarchy $v; done
for v in 0 1; do w agent/c1/memory.use_hierarchy $v; done
for v in 16M -1; do w memory.soft_limit_in_bytes $v; done
for v in 8M -1; do w memory.kmem.limit_in_bytes $v; done
( echo $BASHPID > $M/agent/c1/cgroup.procs; exec sleep 60 ) & s=$!
sleep 0.5
u=$(cat $M/agent/c1/memory.usage_in_bytes)
echo "c1 usage > 0: $(( u > 0 ))"
w agent/c1/memory.limit_in_bytes 4096
w agent/c1/memory.limit_in_bytes 64M
w agent/c1/memory.memsw.limit_in_bytes 32M
w agent/c1/memory.memsw.limit_in_bytes 128M
w agent/c1/memory.limit_in_bytes 256M
w agent/c1/memory.force_empty 0
echo "c1 usage kept: $(( $(cat $M/agent/c1/memory.usage_in_bytes) >= u ))"
w agent/c2/memory.force_empty 0
echo "c2 usage after force_empty: $(cat $M/agent/c2/memory.usage_in_bytes)"
w agent/c2/cgroup.procs 0
echo "shell in c2 after its pipeline's write: $(grep -c memory:/agent/c2 /proc/$$/cgroup)"
echo 0 > $M/agent/c2/tasks; echo "shell in c2 after its own write: $(grep -c memory:/agent/c2 /proc/$$/cgroup)"
echo $$ > $M/cgroup.procs
kill $s; wait $s 2>/dev/null
rmdir $M/agent/c1 $M/agent/c2 $M/agent; echo "rmdir: $?"
echo "num_cgroups: $(awk '$1 == "memory" {print $3}' /proc/cgroups)"
