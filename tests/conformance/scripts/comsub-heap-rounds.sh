#!/bin/bash
# Written for memcgsim's conformance suite (session 33, heap33; cgroup v2): the script's
# own bash moves into ctr$i and stores a 128 KiB command substitution's output there,
# three rounds. While the bash reads the substitution's pipe its subshell still maps
# the bash's heap, so the heap pages written then are copied into the new ctr and the
# old ones freed with the subshell (docs/fidelity.md item 182): after each round
# every ctr's anon, in bytes.
C=/sys/fs/cgroup
echo +memory > $C/cgroup.subtree_control
st() { awk -v k="$2" '$1 == k {print $2}' $1; }
show() { local j; for j in 0 1 2; do [ -d $C/ctr$j ] && echo "$1: ctr$j anon $(st $C/ctr$j/memory.stat anon)"; done; }
for i in 0 1 2; do
  mkdir $C/ctr$i
  echo $$ > $C/ctr$i/cgroup.procs
  v=$(head -c 131072 /dev/zero | tr '\0' x)
  echo "round $i: ${#v} chars, anon $(st $C/ctr$i/memory.stat anon)"
  echo $$ > $C/cgroup.procs
  unset v
  show "after round $i"
done
