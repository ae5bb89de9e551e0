#!/bin/bash
# Written for memcgsim's conformance suite (session 35, heap35; cgroup v2): the script
# bash's own [heap] (its /proc/PID/maps extent, in pages) as glibc grows it for a
# 128 KiB command substitution and trims it at each unset, three rounds, each in a
# cgroup of its own; the $(...) in double quotes between are parsed twice by bash
# before they fork (docs/fidelity.md item 221). Then each ctr's anon.
C=/sys/fs/cgroup
echo +memory > $C/cgroup.subtree_control
hp() { local h; h=$(grep '\[heap\]' /proc/$$/maps); h=${h%% *}; echo "heap $1: $(( (0x${h#*-} - 0x${h%-*}) / 4096 )) pages"; }
st() { awk -v k="$2" '$1 == k {print $2}' $1; }
hp start
for i in 0 1 2; do
  mkdir $C/ctr$i
  echo $$ > $C/ctr$i/cgroup.procs
  echo "round $i: max $(cat $C/ctr$i/memory.max) oom $(st $C/ctr$i/memory.events oom)"
  hp "round $i before v"
  v=$(head -c 131072 /dev/zero | tr '\0' x)
  hp "round $i after v"
  echo $$ > $C/cgroup.procs
  unset v
  hp "round $i after unset"
done
for i in 0 1 2; do echo "ctr$i anon $(st $C/ctr$i/memory.stat anon)"; rmdir $C/ctr$i; done
