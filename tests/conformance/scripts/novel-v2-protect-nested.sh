#!/bin/bash
# Written for memcgsim's conformance suite (session 33, novel33; cgroup v2): memory.min
# and memory.low two levels below the limit that reclaims, as a runtime author checking
# that a pod's protection reaches its containers. g (memory.max 40M) holds a pod p with
# A (memory.min 10M) and B (memory.low 10M), each reading 12 MiB of page cache, and a
# noisy neighbour q reading 48 MiB beside p. Below a reclaim root the children's
# protection is capped by their parent's effective protection
# (mm/memcontrol.c effective_protection, mem_cgroup_calculate_protection): with p's own
# min and low at 0 neither child is protected; p's min covers A only, p's low B. Then
# memory.reclaim on g (v5.19: 6.1 only) and on p, which makes p the reclaim root.
C=/sys/fs/cgroup
echo +memory > $C/cgroup.subtree_control
mib() { awk -v k="$2" '$1 == k {v = $2} END {printf "%d", v / 1048576}' $C/$1/memory.stat; }
ev() { awk -v k="$2" '$1 == k {print $2}' $C/$1/memory.events; }
head -c 12M /dev/zero > fa; head -c 12M /dev/zero > fb; head -c 48M /dev/zero > fq
sync
mkdir $C/g; echo +memory > $C/g/cgroup.subtree_control
mkdir $C/g/p $C/g/q; echo +memory > $C/g/p/cgroup.subtree_control
mkdir $C/g/p/A $C/g/p/B
echo 40M > $C/g/memory.max
echo 10M > $C/g/p/A/memory.min; echo 10M > $C/g/p/B/memory.low
show() {
  echo "$1: file MiB A $(mib g/p/A file) B $(mib g/p/B file) q $(mib g/q file) p $(mib g/p file)"
  echo "$1: events low A $(ev g/p/A low) B $(ev g/p/B low) p $(ev g/p low); max g $(( $(ev g max) > 0 ))"
}
round() {  # LABEL P_MIN P_LOW: fill A and B, then q reads past g's limit
  echo $2 > $C/g/p/memory.min; echo $3 > $C/g/p/memory.low
  echo 3 > /proc/sys/vm/drop_caches
  ( echo $BASHPID > $C/g/p/A/cgroup.procs; cat fa > /dev/null )
  ( echo $BASHPID > $C/g/p/B/cgroup.procs; cat fb > /dev/null )
  ( echo $BASHPID > $C/g/q/cgroup.procs; cat fq > /dev/null )
  show "$1"
}
round "p unprotected" 0 0
round "p min 20M" 20M 0
round "p min 20M low 20M" 20M 20M
round "p low 8M" 0 8M
for k in memory.min memory.low; do echo "p $k $(cat $C/g/p/$k) A $(cat $C/g/p/A/$k) B $(cat $C/g/p/B/$k)"; done
echo 20M > $C/g/p/memory.min; echo 20M > $C/g/p/memory.low
for t in g g/p; do
  echo 16M > $C/$t/memory.reclaim 2>/tmp/err; rc=$?
  echo "reclaim 16M on $t: rc $rc $(sed 's/.*: //' /tmp/err)"
  show "after reclaim on $t"
done
rm fa fb fq
rmdir $C/g/p/A $C/g/p/B $C/g/p $C/g/q $C/g; echo "rmdir $?"
