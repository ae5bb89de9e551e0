#!/bin/bash
# Written for memcgsim's conformance suite (session 10): drop_caches and files kept
# open by a sleeping process, v1 or v2. In cgroup g, 4 files of 16 KiB on the
# scratch disk; a sleep started in the root keeps two open (one of them removed
# while open), the other two are closed. Then echo 1, echo 2 and echo 3, g's page
# cache and kernel memory after each; the sleep killed, echo 2 again.
W=$PWD
C=/sys/fs/cgroup
if [ -e $C/cgroup.controllers ]; then
  echo +memory > $C/cgroup.subtree_control
  G=$C/g
  stat_of() { grep -E '^(file|slab_reclaimable) ' $G/memory.stat; }
else
  G=$C/memory/g
  stat_of() { grep -E '^cache ' $G/memory.stat; echo "kmem $(cat $G/memory.kmem.usage_in_bytes)"; }
fi
show() { stat_of | sed "s/^/$1 bytes: /"; }
mkdir $G
mkdir $W/o
echo $$ > $G/cgroup.procs
for f in a b c d; do head -c 16384 /dev/zero > $W/o/$f; done
echo $$ > $(dirname $G)/cgroup.procs
sleep 1000 3< $W/o/a 4< $W/o/b &
S=$!
sleep 1
rm $W/o/b
sync
show written
echo 1 > /proc/sys/vm/drop_caches
show "drop 1"
cat $W/o/a $W/o/c > /dev/null
show "read a and c in the root"
echo 2 > /proc/sys/vm/drop_caches
show "drop 2"
echo 3 > /proc/sys/vm/drop_caches
show "drop 3"
kill $S
wait $S 2>/dev/null
sleep 1
show killed
echo 2 > /proc/sys/vm/drop_caches
show "drop 2 after kill"
rmdir $G
rm -r $W/o
