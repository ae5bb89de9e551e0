#!/bin/bash
# Written for memcgsim's conformance suite (session 41, novel41; cgroup v2): a runtime
# enables io, pids and memory for a pod's containers (cgroup.subtree_control "+io
# +pids +memory") and removes one that wrote 4 MiB to the scratch disk and another
# that only slept, then reads /proc/cgroups as an SRE counting leaked cgroups. Its
# num_cgroups is the hierarchy's (proc_cgroupstats_show: ss->root->nr_cgrps), the
# same for every controller bound to cgroup2 (io under its legacy name, blkio): a
# removed cgroup is counted, for each controller, until its last css is freed, here
# the memory css its page cache pins (a dying descendant in the pod's
# cgroup.stat). Removing the file frees the data pages; what the write brought into
# the disk's metadata cache stays charged to the dying memcg, and so does the memcg,
# through a drop_caches.
C=/sys/fs/cgroup
echo "+io +pids +memory" > $C/cgroup.subtree_control; echo "root +io +pids +memory: $?"
P=$C/pod
mkdir $P; echo "+io +pids +memory" > $P/cgroup.subtree_control; echo "pod: $? $(cat $P/cgroup.subtree_control)"
counts() { echo "$1: $(awk '$1 == "memory" || $1 == "pids" || $1 == "blkio" {printf "%s %s ", $1, $3}' /proc/cgroups)dying $(awk '$1 == "nr_dying_descendants" {print $2}' $P/cgroup.stat) pod file KiB $(awk '$1 == "file" {print $2 / 1024}' $P/memory.stat)"; }
counts "made pod"
mkdir $P/c1 $P/c2
echo "c1 controllers: $(cat $P/c1/cgroup.controllers)"
counts "made c1 c2"
( echo $BASHPID > $P/c1/cgroup.procs; head -c 4M /dev/zero > c1.out; sync )
( echo $BASHPID > $P/c2/cgroup.procs; exec sleep 60 ) & s=$!
sleep 1
echo "c1 pids $(cat $P/c1/pids.current) file KiB $(awk '$1 == "file" {print $2 / 1024}' $P/c1/memory.stat) c2 pids $(cat $P/c2/pids.current)"
counts "running"
kill $s; wait $s 2>/dev/null
rmdir $P/c1 $P/c2; echo "rmdir c1 c2: $?"
sleep 1
counts "removed"
rm -f c1.out; sync
sleep 1
counts "file removed"
echo 3 > /proc/sys/vm/drop_caches; sleep 1
counts "caches dropped"
rmdir $P; echo "rmdir pod: $?"
echo "-io -pids" > $C/cgroup.subtree_control; echo "root -io -pids: $? $(cat $C/cgroup.subtree_control)"
