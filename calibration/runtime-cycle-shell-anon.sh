#!/bin/bash
# memcgsim calibration (session 31, novel31; cgroup v2): where the script's own bash leaves
# anon pages when it moves into a fresh cgroup round after round (docs/fidelity.md item
# 150, tests/conformance/scripts/novel-runtime-cycle.sh without the rmdirs): after each
# round, and after all three, each ctr's memory.stat anon, file and memory.current.
# Guest: memcgsim oracle calibration/runtime-cycle-shell-anon.sh --kernel 6.1 --cgroup v2
C=/sys/fs/cgroup
echo "+memory +pids" > $C/cgroup.subtree_control
st() { awk -v k="$2" '$1 == k {print $2 / 4096}' $1; }
show() { local j; for j in 0 1 2; do [ -d $C/ctr$j ] && echo "$1: ctr$j anon $(st $C/ctr$j/memory.stat anon) file $(st $C/ctr$j/memory.stat file) current $(( $(cat $C/ctr$j/memory.current) / 4096 ))"; done; }
sleep 1
for i in 0 1 2; do
  d=$C/ctr$i
  mkdir $d
  echo $$ > $d/cgroup.procs
  head -c 262144 /dev/zero > /tmp/ctr$i.shm
  head -c 524288 /dev/zero > ctr$i.data
  dd if=/dev/zero of=/dev/null bs=1M count=1 2>/dev/null
  v=$(head -c 131072 /dev/zero | tr '\0' x)
  sleep 30 &
  sl=$!
  echo "round $i in: anon $(st $d/memory.stat anon)"
  echo $$ > $C/cgroup.procs
  unset v
  kill $sl; wait $sl 2>/dev/null
  show "after round $i"
done
rm -f /tmp/ctr?.shm ctr?.data
sleep 2
show "files removed"
