#!/bin/bash
# Written for memcgsim's conformance suite (session 15, docs/fidelity.md item 38):
# memory.stat, memory.events and memory.events.local read whole, every line, as an
# SRE reads them, for a job and its parent after a day's mix of work (cgroup v2):
# page cache read twice, files left dirty then synced, tmpfs files (one deleted
# while open), a bash string and array, sleepers' kernel stacks, a pipe holding
# data, fork/exit churn; then a child of the parent made, filled and removed (its
# stats stay with the parent), and a sibling under memory.max re-reading a file
# bigger than its limit (reclaim: pgscan, pgsteal, workingset_*); then the
# parent alone after the rmdirs.
C=/sys/fs/cgroup
MB=$((1024 * 1024))
echo +memory > $C/cgroup.subtree_control
mkdir $C/sre
echo +memory > $C/sre/cgroup.subtree_control
mkdir $C/sre/job
dump() {
  local g f k v n
  for g in sre/job sre; do
    n=0
    echo "== $1: $g"
    while read -r k v; do
      echo "$k $v"
      n=$((n + 1))
    done < $C/$g/memory.stat
    echo "($n lines)"
    for f in events events.local; do
      while read -r k v; do echo "$f $k $v"; done < $C/$g/memory.$f
    done
  done
}
head -c $((6 * MB)) /dev/zero > cache6m
head -c $((12 * MB)) /dev/zero > big12m
head -c $((10 * MB)) /dev/zero > press10m
sync
echo 3 > /proc/sys/vm/drop_caches
echo $$ > $C/sre/job/cgroup.procs
cat cache6m > /dev/null
dd if=cache6m of=/dev/null bs=65536 2>/dev/null
head -c $((2 * MB)) /dev/zero > dirty2m
dd if=/dev/zero of=/tmp/shm3m bs=1M count=3 2>/dev/null
exec 3<> /tmp/opened
head -c $((1 * MB)) /dev/zero >&3
rm /tmp/opened
printf -v str '%*s' $((3 * MB)) ''
arr=()
for ((i = 0; i < 2000; i++)); do arr+=("item-$i"); done
for i in 1 2 3 4 5 6; do sleep 1000 & done
{ head -c 40000 /dev/zero; exec sleep 1000; } | sleep 1000 &
for ((i = 0; i < 40; i++)); do /bin/true; done
sleep 1
dump work
sync
exec 3>&-
unset str
sleep 1
dump synced
mkdir $C/sre/tmpkid
(echo $BASHPID > $C/sre/tmpkid/cgroup.procs; head -c $((2 * MB)) /dev/zero > /tmp/kid2m
 cat big12m > /dev/null)
rmdir $C/sre/tmpkid
mkdir $C/sre/press
echo $((5 * MB)) > $C/sre/press/memory.max
(echo $BASHPID > $C/sre/press/cgroup.procs
 for r in 1 2 3; do cat press10m > /dev/null; done)
sleep 1
dump pressure
for g in press; do
  echo "== press"
  cat $C/sre/press/memory.stat
  cat $C/sre/press/memory.events
done
kill $(jobs -p) 2>/dev/null
wait
rm /tmp/kid2m /tmp/shm3m
echo $$ > $C/cgroup.procs
rmdir $C/sre/press $C/sre/job
sleep 1
echo "== sre after rmdir"
cat $C/sre/memory.stat
cat $C/sre/memory.events
rmdir $C/sre
