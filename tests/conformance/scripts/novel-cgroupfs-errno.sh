#!/bin/bash
# Written for memcgsim's conformance suite (session 31, novel31; cgroup v2): what a
# runtime author gets back from cgroupfs for bad values and bad states, in one pass.
# Values: memory.max/high/low/swap.max in junk, negative, hex, suffixed, unaligned and
# padded forms (read back after each accepted one), pids.max, memory.oom.group,
# cgroup.freeze, cgroup.max.depth/descendants, memory.reclaim (6.1 only: on 5.10 the
# redirection cannot create it), +unknown in subtree_control. States: a process into a
# cgroup with controllers enabled for its children, +memory in a populated cgroup's
# subtree_control, -memory under a child that uses it, mkdir past cgroup.max.depth and
# cgroup.max.descendants, rmdir of a populated and a parent cgroup, and a write through
# a file descriptor opened before its cgroup was removed. Each line: the shell's message
# (its path cut) and the status.
C=/sys/fs/cgroup
echo "+memory +pids" > $C/cgroup.subtree_control
cut_path() { sed -e 's#^[^:]*: line [0-9]*: ##' -e 's#^[^:]*: /sys/fs/cgroup/#bash: #' -e "s#^\(mkdir\|rmdir\): .*': #\1: #"; }
w() {  # w FILE VALUE [LABEL]: write VALUE, print the message, the status and what FILE reads back
  echo "$2" 2>&1 > $C/$1 | cut_path; local s=${PIPESTATUS[0]}
  case $1 in
    *.procs|*.reclaim) echo "write '${3:-$2}' to $1: $s";;
    *) echo "write '${3:-$2}' to $1: $s, reads $(head -n 1 $C/$1)";;
  esac; }
mkdir $C/a
for v in abc -1 0x100000 12345 1g " 8192" "4096 " 1.5M max 64k; do w a/memory.max "$v"; done
for v in 0 -4096 max 1K; do w a/memory.high "$v"; done
for v in 1M junk max; do w a/memory.low "$v"; done
for v in -1 0 2M max; do w a/memory.swap.max "$v"; done
for v in 0 -5 abc 4194305 10 max; do w a/pids.max "$v"; done
for v in 2 -1 1 0; do w a/memory.oom.group "$v"; done
for v in 2 -1 x 1 0; do w a/cgroup.freeze "$v"; done
for v in -1 abc 1; do w a/cgroup.max.depth "$v"; done
w a/cgroup.max.descendants 2
mkdir $C/a/b 2>&1 | cut_path; echo "mkdir a/b: ${PIPESTATUS[0]}"
mkdir $C/a/b/c 2>&1 | cut_path; echo "mkdir a/b/c past max.depth 1: ${PIPESTATUS[0]}"
w a/cgroup.max.depth max
mkdir $C/a/b/c 2>&1 | cut_path; echo "mkdir a/b/c: ${PIPESTATUS[0]}"
mkdir $C/a/b2 2>&1 | cut_path; echo "mkdir a/b2 past max.descendants 2: ${PIPESTATUS[0]}"
w a/cgroup.max.descendants max
w a/cgroup.subtree_control +nosuch
w a/cgroup.subtree_control "+memory +pids"
w a/b/cgroup.subtree_control +memory
w a/cgroup.subtree_control -memory
echo "a's subtree_control: $(cat $C/a/cgroup.subtree_control)"
sleep 30 & s=$!
w a/cgroup.procs $s sleep
w a/b/cgroup.procs $s sleep
w a/b/c/cgroup.procs $s sleep
echo "c holds the sleep: $(grep -cx $s $C/a/b/c/cgroup.procs)"
w a/b/c/cgroup.subtree_control +memory
echo "c populated: $(grep populated $C/a/b/c/cgroup.events)"
rmdir $C/a/b/c 2>&1 | cut_path; echo "rmdir populated c: ${PIPESTATUS[0]}"
rmdir $C/a/b 2>&1 | cut_path; echo "rmdir b with a child: ${PIPESTATUS[0]}"
if [ -e $C/a/memory.reclaim ]; then
  for v in abc 0 1M; do w a/memory.reclaim "$v"; done
else
  w a/memory.reclaim 1M
fi
kill $s; wait $s 2>/dev/null
exec 3> $C/a/b/c/memory.max
rmdir $C/a/b/c; echo "rmdir c with fd 3 open on its memory.max: $?"
echo 1M 2>&1 >&3 | cut_path; echo "write through fd 3 after rmdir: ${PIPESTATUS[0]}"
exec 3>&-
echo "a's cgroup.stat: $(tr '\n' ' ' < $C/a/cgroup.stat)"
rmdir $C/a/b $C/a; echo "rmdir b a: $?"
echo "num_cgroups: $(awk '$1 == "memory" {print $3}' /proc/cgroups)"
