#!/bin/bash
# Written for memcgsim's conformance suite (session 21, docs/fidelity.md item 65): a
# small guest's global reclaim (kswapd) takes the page cache of removed cgroups. On a
# 256 MiB guest four cgroups under p each read a 32 MiB sparse file into the page cache
# and are removed (dying: their pages pin them); then a live cgroup reads a 128 MiB one,
# more than is free: kswapd wakes at the low watermark and reclaims every memcg of the
# node, the dying ones included, until the high one. Before and after: p's
# nr_dying_descendants, MemFree in MiB and the global reclaim counters of /proc/vmstat
# (in MiB: pages / 256); then what was reclaimed in all, and the page cache left to
# p (its dying children's and r's) and to r.
W=$PWD
C=/sys/fs/cgroup
echo +memory > $C/cgroup.subtree_control
mkdir $C/p
echo +memory > $C/p/cgroup.subtree_control
vm() { awk '$1 ~ /^(pgscan|pgsteal)_(kswapd|direct)$|^allocstall_movable$/ {printf " %s %d", $1, $2 / 256}' /proc/vmstat; }
show() { echo "$1: $(grep dying $C/p/cgroup.stat) free_mb $(( $(awk '/^MemFree/ {print $2}' /proc/meminfo) / 1024 ))$(vm)"; }
show start
for i in 1 2 3 4
do
mkdir $C/p/c$i
echo $$ > $C/p/c$i/cgroup.procs
truncate -s 32M $W/f$i
cat $W/f$i > /dev/null
echo $$ > $C/cgroup.procs
rmdir $C/p/c$i
done
sleep 1
show removed
mkdir $C/p/r
echo $$ > $C/p/r/cgroup.procs
truncate -s 128M $W/g
cat $W/g > /dev/null
sleep 1
show read
awk '$1 ~ /^pgsteal_(kswapd|direct)$/ {n += $2} END {printf "reclaimed_mb %d\n", n / 256}' /proc/vmstat
file() { echo $(( $(awk '$1 == "file" {print $2}' $1/memory.stat) >> 20 )); }
echo "file_mb p $(file $C/p) r $(file $C/p/r)"
echo $$ > $C/cgroup.procs
rm $W/f? $W/g
